// The playground instance as a person sees it after issue 12 §2: compact configuration lines
// with log-scale sliders, the map and the lr chart side by side on a desktop, a short page on a
// phone, the figure layout, and the custom element in its shadow root.
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

async function ready(path, viewport, o = {}) {
  const opened = await openPage(session, path, viewport, o);
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return opened;
}

const box = (page, selector) => page.locator(selector).first().boundingBox();

test('desktop 1280×800: the map and the lr chart side by side, one line per configuration under the map', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    await page.goto(new URL('/', session.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await page.screenshot({ path: new URL(`component-1280-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
    await page.screenshot({ path: new URL(`component-1280-${colorScheme}-first-screen.png`, ARTIFACTS).pathname });
    const map = await box(page, '#map');
    const lr = await box(page, '#lr-chart');
    const configs = await box(page, '.pg-configs-panel');
    const paths = await box(page, '.pg-playground');
    const charts = await box(page, '.pg-charts');
    assert.ok(map.x + map.width <= lr.x, `the lr chart (x ${lr.x}) is right of the map (ends ${map.x + map.width})`);
    assert.ok(Math.abs(paths.y - charts.y) < 2, 'the two panels start on one row');
    assert.ok(map.width > 450 && lr.width > 450, `map ${map.width} px, lr chart ${lr.width} px wide`);
    // The configurations fill the map's column under it: no blank column beside them.
    assert.ok(Math.abs(configs.x - paths.x) < 2 && configs.y > paths.y + paths.height - 1, 'configurations under the map');
    assert.ok(configs.y < charts.y + charts.height, 'the configurations sit beside the lr panel, not below both');
    const lines = await page.locator('.config').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().height));
    assert.equal(lines.length, 4);
    for (const h of lines) assert.ok(h < 64, `a closed configuration is ${h} px tall`);
    assert.equal(await page.isVisible('.config .knobs'), false, 'sliders are inside the closed editor');
    for (const canvas of ['#map', '#lr-chart']) {
      const stats = await canvasStats(page, canvas);
      assert.ok(stats.colours > 20 && stats.nonBackground > 0.01, `${canvas} drawn`);
    }
    await page.close();
  }
});

test('375 px: no horizontal overflow, and the step-paths instance is at most half its former height', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await session.browser.newPage({ viewport: { width: 375, height: 812 }, colorScheme });
    await page.goto(new URL('/', session.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await page.screenshot({ path: new URL(`component-375-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overflows by ${overflow} px`);
    // Before issue 12 the instance (#app) was 8,748 px tall at 375 px and the page 9,896 px.
    const app = await page.evaluate(() => document.getElementById('app').getBoundingClientRect().height);
    assert.ok(app <= 8748 / 2, `#app is ${app} px tall at 375 px`);
    await page.close();
  }
});

test('a configuration opens to edit: log-scale sliders move with the arrow keys, 3 significant digits, exact value beside', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').first();
  const title = card.locator('.title');
  assert.equal(await title.getAttribute('aria-expanded'), 'false');
  await title.click();
  assert.equal(await title.getAttribute('aria-expanded'), 'true');
  await card.locator('.knobs').waitFor({ state: 'visible' });
  await page.screenshot({ path: new URL('component-card-open.png', ARTIFACTS).pathname, clip: await card.boundingBox() });
  const lrSlider = card.locator('input[type=range][data-knob="learning_rate"]');
  const lrNumber = card.locator('input[type=number][data-path="learning_rate"]');
  // Labelled, and the exact value stays in the number field until the slider moves.
  assert.equal(await lrSlider.getAttribute('aria-label'), 'learning_rate, log scale');
  assert.equal(await lrNumber.inputValue(), '0.003');
  const lrBefore = await canvasHash(page, '#lr-chart');
  await lrSlider.focus();
  await page.keyboard.press('ArrowRight');
  const up = Number(await lrNumber.inputValue());
  assert.ok(up > 0.003 && up < 0.004, `one step right: ${up}`);
  assert.equal(Number(up.toPrecision(3)), up, '3 significant digits');
  await page.waitForFunction((v) => document.querySelector('.config .title').textContent.includes(`learning_rate=${v}`), up);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const down = Number(await lrNumber.inputValue());
  assert.ok(down < 0.003 && down > 0.002, `two steps left: ${down}`);
  // A step is a constant factor (log scale): 20 steps are one decade.
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  const decade = Number(await lrNumber.inputValue());
  assert.ok(Math.abs(decade / down - 10) < 0.05, `20 steps: ${down} -> ${decade}`);
  assert.notEqual(await canvasHash(page, '#lr-chart'), lrBefore);
  // decay: Home is 0 (no decay), and the expression drops it.
  const decaySlider = card.locator('input[type=range][data-knob="decay"]');
  await decaySlider.focus();
  await page.keyboard.press('Home');
  assert.equal(await card.locator('input[type=number][data-path="decay"]').inputValue(), '0');
  await page.waitForFunction(() => !document.querySelector('.config .title').textContent.includes('decay='));
  await page.keyboard.press('ArrowRight');
  assert.equal(await card.locator('input[type=number][data-path="decay"]').inputValue(), '1e-7');
  // Typing the exact value moves the slider to its position.
  await card.locator('input[type=number][data-path="decay"]').fill('0.0002');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('decay=0.0002'));
  assert.equal(await decaySlider.getAttribute('aria-valuetext'), '0.0002');
  const pos = Number(await decaySlider.inputValue());
  assert.ok(pos > 60 && pos < 75, `decay 0.0002 at slider position ${pos}`);
  // Focus is visible on the slider (reached with the keyboard from the number field).
  await page.keyboard.press('Shift+Tab');
  assert.equal(await decaySlider.evaluate((e) => e === document.activeElement), true);
  const outline = await decaySlider.evaluate((e) => getComputedStyle(e).outlineStyle);
  assert.notEqual(outline, 'none');
  assert.deepEqual(problems, []);
  await page.close();
});

test('schedule knobs: InverseTimeDecay moves initial_learning_rate and decay_rate; other arguments behind "more arguments"', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').nth(1);
  await openCard(card, { more: false });
  assert.equal(await card.locator('input[type=range][data-knob="learning_rate.initial_learning_rate"]').count(), 1);
  assert.equal(await card.locator('input[type=range][data-knob="learning_rate.decay_rate"]').count(), 1);
  assert.equal(await card.locator('input[data-path="learning_rate.decay_steps"]').isVisible(), false, 'decay_steps is behind "more arguments"');
  await card.locator('details.more > summary').click();
  assert.equal(await card.locator('input[data-path="learning_rate.decay_steps"]').isVisible(), true);
  await card.locator('input[type=range][data-knob="learning_rate.decay_rate"]').focus();
  await page.keyboard.press('ArrowUp');
  const rate = Number(await card.locator('input[data-path="learning_rate.decay_rate"]').inputValue());
  assert.ok(rate > 0.0002 && rate < 0.0003, `decay_rate ${rate}`);
  await page.waitForFunction((r) => document.querySelectorAll('.config .title')[1].textContent.includes(`decay_rate=${r}`), rate);
  // A value the core refuses is shown at its field, and the last valid configuration keeps running.
  const title = await card.locator('.title').textContent();
  await card.locator('input[data-path="learning_rate.decay_rate"]').fill('-1');
  const error = card.locator('.knob:has(input[data-path="learning_rate.decay_rate"]) .field-error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await card.locator('.title').textContent(), title);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an error in a closed "more arguments" opens it, so the message is seen', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').first();
  await openCard(card);
  await card.locator('input[data-path="beta_1"]').fill('1');
  await card.locator('.field:has(input[data-path="beta_1"]) .field-error').waitFor({ state: 'visible' });
  await card.locator('details.more > summary').click();
  assert.equal(await card.locator('details.more').evaluate((d) => d.open), false);
  // Closing the card and loading a bad state through the API keeps the last valid one.
  await card.locator('.title').click();
  assert.equal(await card.locator('.config-body').isVisible(), false);
  assert.deepEqual(problems, []);
  await page.close();
});
