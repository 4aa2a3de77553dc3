// Shareable state, embeds and the JS API in headless Chromium: a copied link restores the same
// view, a malformed link shows a notice and the defaults, two instances on one page run
// independently, the iframe embed fits 400 px, and nothing leaves the page's origin or reaches
// the console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, canvasHash, canvasStats, openPage, startSession } from './harness.mjs';
import { openCard } from './cards.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

async function ready(path, viewport, selector = 'body[data-ready="true"]') {
  const opened = await openPage(session, path, viewport);
  await opened.page.waitForSelector(selector, { timeout: 30000 });
  return opened;
}

const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

/** Waits until the page's fragment stops changing (it is written, throttled, after each change). */
async function settledHash(page) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const h = await page.evaluate(() => location.hash);
    if (h === last && h.startsWith('#v1.')) return h;
    last = h;
  }
  throw new Error(`fragment never settled: ${last}`);
}

/** A screenshot of the page region the map canvas covers, scrolled into view. */
async function mapRegion(page, name) {
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await page.locator('#map').boundingBox();
  // Whole pixels: the map's fractional offset on the page would otherwise make two clips of the
  // same canvas differ by a row.
  const clip = { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
  return page.screenshot({ clip, path: new URL(name, ARTIFACTS).pathname });
}

test('a copied link restores the same state: configurations, view and the map pixels', async () => {
  const { page, problems } = await ready('/');
  // Change many kinds of state: a config field, a config's visibility, a preset, the view, the
  // start point, the scrubber, a chart option, epoch settings and a panel's open state.
  const first = page.locator('.config').first();
  await openCard(first, { more: false });
  await first.locator('input[data-path="decay"]').fill('0.01');
  await openCard(page.locator('.config').nth(2), { more: false });
  await page.locator('.config').nth(2).locator('select[aria-label="Load a preset"]').selectOption('sgd-nesterov');
  await page.locator('.config').nth(3).locator('input[aria-label="visible"]').uncheck();
  await page.click('#zoom-in');
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.mouse.move(0, 0);
  await page.fill('#steps', '1200');
  await page.locator('#scrubber').fill('700');
  await page.check('#lr-log');
  await page.fill('#batch-size', '64');
  await page.click('.pg-epoch-details summary');
  await settledHash(page);
  // The map is compared as a person sees it, without the focus ring the clicks left, and
  // before the copied link's text box changes the layout above it.
  await page.evaluate(() => document.activeElement?.blur());
  const mapShot = await mapRegion(page, 'link-original-map.png');
  await page.click('#copy-link');
  const link = await page.inputValue('.pg-share-output');
  assert.match(link, /\/index\.html#v1\.[A-Za-z0-9_-]+$/);
  const state = await page.evaluate(() => window.playground.getState());
  assert.equal(state.configs[0].optimizer.decay, 0.01);
  assert.equal(state.configs[3].visible, false);
  assert.equal(state.upto, 700);
  assert.ok(state.view, 'the zoomed view is part of the state');
  assert.deepEqual(problems, []);

  const restored = await ready(link);
  assert.deepEqual(await restored.page.evaluate(() => window.playground.getState()), state);
  assert.equal(await restored.page.isVisible('.pg-notice'), false);
  assert.equal(await restored.page.inputValue('#steps'), '1200');
  assert.equal(await restored.page.inputValue('#scrubber'), '700');
  assert.equal(await restored.page.isChecked('#lr-log'), true);
  assert.equal(await restored.page.locator('.config').nth(3).locator('input[aria-label="visible"]').isChecked(), false);
  assert.equal(await restored.page.evaluate(() => document.querySelector('.pg-epoch-details').open), false);
  assert.equal(await canvasHash(restored.page, '#map'), await canvasHash(page, '#map'));
  const restoredShot = await mapRegion(restored.page, 'link-restored-map.png');
  assert.ok(restoredShot.equals(mapShot), 'map screenshots differ (tests/artifacts/link-*-map.png)');
  assert.deepEqual(restored.problems, []);
  await restored.page.close();
  await page.close();
});

test('a malformed link shows a notice naming what was ignored and uses the defaults for it', async () => {
  const frag = `#v1.${b64({ f: 'beale', n: 'lots', e: 999, c: [[{ name: 'adam', beta_1: 1 }], [{ name: 'sgd', learning_rate: 0.001 }]], p: 'paths,lr,nope' })}`;
  const { page, problems } = await ready(`/${frag}`);
  const notice = page.locator('.pg-notice');
  await notice.waitFor({ state: 'visible' });
  const text = await notice.textContent();
  for (const field of ['steps', 'epochs', 'configuration 1', 'beta_1', 'panels']) assert.ok(text.includes(field), `notice lacks ${field}: ${text}`);
  // Good fields applied, bad ones at their defaults.
  assert.equal(await page.inputValue('#function'), 'beale');
  assert.equal(await page.inputValue('#steps'), '2000');
  assert.equal(await page.inputValue('#epochs'), '10');
  assert.equal(await page.locator('.config').count(), 1);
  assert.match(await page.locator('.config .title').textContent(), /^SGD\(learning_rate=0\.001/);
  assert.equal(await page.isVisible('#map'), true);
  assert.equal(await page.isVisible('#loss-chart'), false);
  const stats = await canvasStats(page, '#map');
  assert.ok(stats.colours > 20);
  assert.deepEqual(problems, []);
  await page.close();

  for (const junk of ['#garbage', '#v1.%%%', `#v7.${b64({ f: 'beale' })}`]) {
    const { page: p, problems: pr } = await ready(`/${junk}`);
    await p.locator('.pg-notice').waitFor({ state: 'visible' });
    assert.match(await p.locator('.pg-notice').textContent(), /showing the defaults/);
    assert.equal(await p.inputValue('#function'), 'rosenbrock');
    assert.equal(await p.locator('.config').count(), 4);
    assert.deepEqual(pr, [], junk);
    await p.close();
  }
});

test('the tutorial mounts its figures as instances that run independently and share one wasm module', async () => {
  const { page, problems } = await ready('/examples/tutorial.html');
  await page.screenshot({ path: new URL('tutorial-1280.png', ARTIFACTS).pathname, fullPage: true });
  const legacy = page.locator('#legacy');
  const keras3 = page.locator('#keras3');
  assert.equal(await legacy.locator('.config').count(), 1);
  assert.equal(await keras3.locator('.config').count(), 3);
  assert.match(await legacy.locator('.config .title').textContent(), /decay=0\.0002/);
  assert.match(await keras3.locator('.config .title').nth(1).textContent(), /InverseTimeDecay/);
  // The custom element renders into its shadow root; its parts are found there, not in the page.
  assert.equal(await page.evaluate(() => document.querySelectorAll('.op-root').length), 1, 'only the mount() instance is in the light DOM');
  assert.equal(await page.evaluate(() => document.getElementById('legacy').shadowRoot.querySelectorAll('.pg-lr-chart, .config').length), 2);
  // No duplicate ids anywhere on the page.
  const dupes = await page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1);
  });
  assert.deepEqual(dupes, []);
  // One wasm module fetched for all instances (the iframe is another document and loads its own).
  const wasmLoads = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
  assert.equal(wasmLoads, 1);

  const before = {
    keras3Map: await canvasHash(page, '#keras3 .pg-map'),
    keras3State: await page.evaluate(() => window.tutorial.keras3.getState()),
    legacyLr: await canvasHash(page, '#legacy .pg-lr-chart'),
  };
  // Change the legacy instance: its decay, and its iteration through the API.
  await openCard(legacy.locator('.config'), { more: false });
  await legacy.locator('input[data-path="decay"]').fill('0.05');
  await page.waitForFunction(() => document.getElementById('legacy').shadowRoot.querySelector('.config .title').textContent.includes('decay=0.05'));
  const steps = await page.evaluate(async () => {
    const seen = [];
    const off = window.tutorial.legacy.on('step', (e) => seen.push(e.iteration));
    await window.tutorial.legacy.step();
    await window.tutorial.legacy.step();
    off();
    return seen;
  });
  assert.deepEqual(steps, [0, 1]);
  assert.notEqual(await canvasHash(page, '#legacy .pg-lr-chart'), before.legacyLr);
  assert.equal(await canvasHash(page, '#keras3 .pg-map'), before.keras3Map);
  assert.deepEqual(await page.evaluate(() => window.tutorial.keras3.getState()), before.keras3State);
  assert.equal(await page.evaluate(() => window.tutorial.legacy.getState().upto), 1);
  // setConfig on one instance through the API leaves the other alone.
  await page.evaluate(() => window.tutorial.keras3.setConfig({ steps: 300, function: 'himmelblau' }));
  assert.equal(await keras3.locator('.pg-steps').inputValue(), '300');
  assert.equal(await legacy.locator('.pg-steps').inputValue(), '1500');
  assert.equal(await legacy.locator('.pg-function').inputValue(), 'rosenbrock');
  // Changing an attribute of the custom element updates that instance only.
  await page.evaluate(() => document.getElementById('legacy').setAttribute('steps', '800'));
  await page.waitForFunction(() => document.getElementById('legacy').shadowRoot.querySelector('.pg-steps').value === '800');
  assert.equal(await keras3.locator('.pg-steps').inputValue(), '300');
  // The iframe grew to its content's reported height; a forged message from the page itself is ignored.
  await page.waitForFunction(() => document.getElementById('embed').height !== '600', null, { timeout: 15000 });
  const h = Number(await page.getAttribute('#embed', 'height'));
  assert.ok(h > 300 && h < 20000, `iframe height ${h}`);
  await page.evaluate(() => window.postMessage({ type: 'optimizer-playground:height', height: 5 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(Number(await page.getAttribute('#embed', 'height')), h);
  // destroy() removes one instance and stops it; the other keeps working.
  await page.evaluate(() => window.tutorial.keras3.destroy());
  assert.equal(await keras3.locator('.op-root').count(), 0);
  const { upto, steps: total } = await page.evaluate(() => window.tutorial.legacy.getState());
  assert.equal(upto, 800, 'new steps put the scrubber at the end');
  await page.evaluate(() => window.tutorial.legacy.step());
  assert.equal(await page.evaluate(() => window.tutorial.legacy.getState().upto), upto >= total ? 0 : upto + 1);
  await page.evaluate(() => window.tutorial.legacy.step());
  assert.equal(await page.evaluate(() => window.tutorial.legacy.getState().upto), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the iframe embed fits 400 px with no horizontal overflow, and "Copy embed code" makes one', async () => {
  const { page, problems } = await ready('/');
  await page.selectOption('.pg-embed-controls', 'locked');
  await page.click('#copy-embed');
  const snippet = await page.inputValue('.pg-share-output');
  const src = /<iframe src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(src, snippet);
  assert.match(src, /\/embed\.html\?controls=locked#v1\./);
  assert.match(snippet, /width="100%" height="\d+"/);
  assert.deepEqual(problems, []);
  await page.close();

  const embed = await ready(src, { width: 400, height: 700 });
  await embed.page.screenshot({ path: new URL('embed-400.png', ARTIFACTS).pathname, fullPage: true });
  const overflow = await embed.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `embed overflows 400 px by ${overflow}px`);
  assert.equal(await embed.page.isVisible('header.site'), false);
  assert.equal(await embed.page.locator('.pg-lockable[disabled]').count() > 0, true);
  // Locked: a click on the map does not move the start point.
  const before = await canvasHash(embed.page, '.pg-map');
  const box = await embed.page.locator('.pg-map').boundingBox();
  await embed.page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
  await embed.page.mouse.move(0, 0);
  await embed.page.waitForTimeout(100);
  assert.equal(await canvasHash(embed.page, '.pg-map'), before);
  const stats = await canvasStats(embed.page, '.pg-lr-chart');
  assert.ok(stats.nonBackground > 0.01);
  assert.deepEqual(embed.problems, []);
  await embed.page.close();

  // Inside the tutorial at phone width: the iframe itself has no horizontal overflow either.
  const tut = await ready('/examples/tutorial.html', { width: 440, height: 900 });
  const frame = await (await tut.page.$('#embed')).contentFrame();
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const inner = await frame.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth]);
  assert.ok(inner[0] <= 402, `iframe is ${inner[0]} px wide`);
  assert.ok(inner[1] <= inner[0], `iframe content ${inner[1]} px in ${inner[0]} px`);
  const pageOverflow = await tut.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(pageOverflow <= 1, `tutorial overflows by ${pageOverflow}px`);
  await tut.page.screenshot({ path: new URL('tutorial-440.png', ARTIFACTS).pathname, fullPage: true });
  assert.deepEqual(tut.problems, []);
  await tut.page.close();
});

test('the code export panel shows the three snippets for the chosen configuration', async () => {
  const { page, problems } = await ready('/');
  const keras2 = await page.textContent('pre.code[data-target="keras2"]');
  const keras3 = await page.textContent('pre.code[data-target="keras3"]');
  const torch = await page.textContent('pre.code[data-target="pytorch"]');
  assert.match(keras2, /tf\.keras\.optimizers\.legacy\.Adam\(/);
  assert.match(keras3, /InverseTimeDecay\(initial_learning_rate=0\.003, decay_steps=1, decay_rate=0\.0002\)/);
  assert.match(torch, /LambdaLR/);
  await page.locator('.pg-code-config').selectOption({ index: 2 });
  // No decay argument (the EffectiveLearningRate callback's comment still mentions decay=).
  const noDecay = await page.textContent('pre.code[data-target="keras2"]');
  assert.doesNotMatch(noDecay, /^\s+decay=/m);
  assert.match(noDecay, /class EffectiveLearningRate\(tf\.keras\.callbacks\.Callback\)/);
  await page.click('button[data-copy="keras3"]');
  await page.locator('.code-block:has([data-copy="keras3"]) .share-status').filter({ hasText: /Cop|copy/ }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
