// The playground page as a person sees it, in Debian's headless Chromium: it loads without a
// console error or failed request, runs the expected wasm build, draws, and reacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ARTIFACTS, browserSession, canvasHash, canvasStats } from './harness.mjs';
import { readEvents, scalarsByTag } from '../tfevents-reader.mjs';
import { openCard } from './cards.mjs';

const files = browserSession();
const { ready } = files;

for (const [path, build, simd] of [
  ['/', 'simd128', 'true'],
  ['/?build=scalar', 'scalar', 'false'],
]) {
  test(`${path} loads the ${build} build and draws the map and the lr chart`, async () => {
    const { page, problems } = await ready(path);
    assert.equal(await page.getAttribute('body', 'data-build'), build);
    assert.equal(await page.getAttribute('body', 'data-simd128'), simd);
    assert.match(await page.textContent('#build-badge'), new RegExp(build));
    for (const canvas of ['#map', '#lr-chart', '#loss-chart', '#claim-chart']) {
      const stats = await canvasStats(page, canvas);
      assert.ok(stats.colours > 20, `${canvas} has ${stats.colours} colours`);
      assert.ok(stats.nonBackground > 0.01, `${canvas}: ${(stats.nonBackground * 100).toFixed(1)}% drawn`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('screenshots at 1280×800 and 375×812, no console errors', async () => {
  for (const [w, h] of [[1280, 800], [375, 812]]) {
    const { page, problems } = await ready('/', { width: w, height: h });
    await page.screenshot({ path: new URL(`page-${w}x${h}.png`, ARTIFACTS).pathname, fullPage: true });
    // Nothing wider than the viewport: the layout works down to phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page overflows ${w}px by ${overflow}px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('changing decay changes the lr chart and the path title', async () => {
  const { page, problems } = await ready('/');
  const before = await canvasHash(page, '#lr-chart');
  await openCard(page.locator('.config').first(), { more: false });
  const decay = page.locator('.config').first().locator('input[data-path="decay"]');
  await decay.fill('0.01');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('decay=0.01'));
  assert.notEqual(await canvasHash(page, '#lr-chart'), before);
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking the map moves the start point and the paths', async () => {
  const { page, problems } = await ready('/');
  const before = await canvasHash(page, '#map');
  const status = await page.locator('.config .status').first().textContent();
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.25);
  await page.waitForFunction((s) => document.querySelector('.config .status').textContent !== s, status);
  assert.notEqual(await canvasHash(page, '#map'), before);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a preset loads its values', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').nth(2);
  await openCard(card);
  await card.locator('select[aria-label="Load a preset"]').selectOption('sgd-nesterov');
  await page.waitForFunction(() => document.querySelectorAll('.config .title')[2].textContent.startsWith('SGD('));
  assert.equal(await card.locator('input[data-path="momentum"]').inputValue(), '0.9');
  assert.equal(await card.locator('input[data-path="nesterov"]').isChecked(), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('invalid input shows a message at the field and the last valid state keeps running', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').first();
  await openCard(card);
  const title = await card.locator('.title').textContent();
  for (const bad of ['', '-1', '1e999']) {
    await card.locator('input[data-path="learning_rate"]').fill(bad);
    const error = card.locator('.field:has(input[data-path="learning_rate"]) .field-error');
    await error.waitFor({ state: 'visible' });
    assert.ok((await error.textContent()).length > 5);
    assert.equal(await card.locator('.title').textContent(), title);
  }
  // beta_1 = 1 passes the input's range but the core rejects it, naming the allowed range.
  await card.locator('input[data-path="beta_1"]').fill('1');
  const betaError = card.locator('.field:has(input[data-path="beta_1"]) .field-error');
  await betaError.waitFor({ state: 'visible' });
  assert.match(await betaError.textContent(), /\[0, 1\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Keras 3 Nadam with CosineDecayRestarts: the card offers both, runs them, and names a bad t_mul', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').nth(1);
  await openCard(card);
  const before = await canvasHash(page, '#lr-chart');
  await card.locator('select[data-path="name"]').selectOption('nadam');
  await card.locator('select[data-path="api"]').selectOption('keras3');
  await card.locator('select[data-path="learning_rate.schedule"]').selectOption('cosine_decay_restarts');
  await page.waitForFunction(() => document.querySelectorAll('.config .title')[1].textContent.startsWith('Nadam(learning_rate=CosineDecayRestarts('));
  assert.equal(await card.locator('select[data-path="api"]').inputValue(), 'keras3');
  assert.equal(await card.locator('input[data-path="learning_rate.t_mul"]').inputValue(), '2');
  assert.notEqual(await canvasHash(page, '#lr-chart'), before);
  // t_mul below 1 is refused at the field (the input's range, which is the core's) and the last
  // valid configuration keeps running.
  await card.locator('input[data-path="learning_rate.t_mul"]').fill('0.5');
  const error = card.locator('.field:has(input[data-path="learning_rate.t_mul"]) .field-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /≥ 1|\[1, 1000\]/);
  assert.match(await card.locator('.title').textContent(), /t_mul=2/);
  // PolynomialDecay is offered too, with Keras's argument names.
  await card.locator('select[data-path="learning_rate.schedule"]').selectOption('polynomial_decay');
  for (const arg of ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle']) {
    assert.equal(await card.locator(`[data-path="learning_rate.${arg}"]`).count(), 1, arg);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('Keras 3 weight_decay: every Keras 3 card offers it, it changes the path, and switching to legacy drops it', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').nth(1);
  await openCard(card);
  await card.locator('select[data-path="name"]').selectOption('sgd');
  assert.equal(await card.locator('input[data-path="weight_decay"]').count(), 0, 'legacy SGD has no weight_decay');
  await card.locator('select[data-path="api"]').selectOption('keras3');
  const field = card.locator('input[data-path="weight_decay"]');
  assert.equal(await field.inputValue(), '', 'None until given');
  const before = await canvasHash(page, '#map');
  await field.fill('0.5');
  await page.waitForFunction(() => /weight_decay=0\.5/.test(document.querySelectorAll('.config .title')[1].textContent));
  // The map redraws on the next animation frame.
  let after = before;
  for (let i = 0; i < 50 && after === before; i++) {
    await page.waitForTimeout(100);
    after = await canvasHash(page, '#map');
  }
  assert.notEqual(after, before, 'weight decay moves the path');
  // Empty is Keras's None again.
  await field.fill('');
  await page.waitForFunction(() => !/weight_decay/.test(document.querySelectorAll('.config .title')[1].textContent));
  await field.fill('0.5');
  await page.waitForFunction(() => /weight_decay=0\.5/.test(document.querySelectorAll('.config .title')[1].textContent));
  await card.locator('select[data-path="api"]').selectOption('legacy');
  await page.waitForFunction(() => !/weight_decay/.test(document.querySelectorAll('.config .title')[1].textContent));
  assert.equal(await card.locator('input[data-path="weight_decay"]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Download TensorBoard log: one tag group per shown configuration, the flat lr beside lr_effective, read back from the bytes', async () => {
  const { page, problems } = await ready('/');
  await page.locator('#tensorboard-download').scrollIntoViewIfNeeded();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#tensorboard-download')]);
  assert.match(download.suggestedFilename(), /^events\.out\.tfevents\.\d{10}\.optimizer-playground$/);
  const bytes = new Uint8Array(await readFile(await download.path()));
  assert.equal(readEvents(bytes)[0].fileVersion, 'brain.Event:2'); // throws on any CRC mismatch
  const tags = scalarsByTag(bytes);
  const labels = await page.$$eval('.config button.title', (b) => b.map((x) => x.textContent.trim()));
  const groups = [...new Set(Object.keys(tags).map((t) => t.slice(0, t.lastIndexOf('/'))))];
  assert.deepEqual(groups, labels.map((l, i) => `${i + 1} ${l}`.replaceAll('/', '∕')));
  // The question's configuration: 2000 updates, 2001 points; lr flat at 0.003, lr_effective
  // lr / (1 + decay · iterations) in float32.
  const seed = groups[0];
  assert.equal(tags[`${seed}/loss`].length, 2001);
  const f = Math.fround;
  assert.ok(tags[`${seed}/lr`].every(([, v]) => v === f(0.003)));
  for (const [step, v] of tags[`${seed}/lr_effective`]) assert.equal(v, f(f(0.003) / f(1 + f(f(0.0002) * step))), `step ${step}`);
  assert.match(await page.textContent('#tensorboard-status'), /4 configurations, 2000 updates each/);
  assert.deepEqual(problems, []);
  await page.close();
});
