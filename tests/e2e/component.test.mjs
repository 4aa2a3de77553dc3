// The playground instance as a person sees it after issue 12 §2: compact configuration lines
// with log-scale sliders, the map and the lr chart side by side on a desktop, a short page on a
// phone, the figure layout, and the custom element in its shadow root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, browserSession, canvasHash, canvasStats, openPage } from './harness.mjs';
import { openCard } from './cards.mjs';

const files = browserSession();
const { ready } = files;

const box = (page, selector) => page.locator(selector).first().boundingBox();

test('desktop 1280×800: the map and the lr chart side by side, one line per configuration under the map', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await files.session.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    await page.goto(new URL('/', files.session.url).href);
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
    const page = await files.session.browser.newPage({ viewport: { width: 375, height: 812 }, colorScheme });
    await page.goto(new URL('/', files.session.url).href);
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

const FUNCTIONS = [{ id: 'rosenbrock', default_start: [-1.5, 2] }];
/** A link to a figure with the first `n` configurations of the seed scene and `panels`. */
async function figureLink(panels, n = 3) {
  const { defaultState, serializeState } = await import('../../www/js/state.js');
  const s = defaultState(FUNCTIONS);
  s.configs = s.configs.slice(0, n);
  s.panels = panels;
  s.layout = 'figure';
  return serializeState(s, FUNCTIONS);
}

test('figure layout (embed.html): one map with the configuration lines and sliders under it, at most 560 px tall at 640 px', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await files.session.browser.newPage({ viewport: { width: 640, height: 300 }, colorScheme });
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(new URL(`/embed.html#${await figureLink(['paths', 'lr'], 4)}`, files.session.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await page.screenshot({ path: new URL(`component-figure-paths-640-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height <= 560, `figure is ${height} px tall at 640 px`);
    assert.equal(await page.isVisible('.pg-map'), true);
    assert.equal(await page.isVisible('.pg-lr-chart'), false, 'a figure shows one map or one chart');
    const mapBox = await box(page, '.pg-map');
    assert.ok((await box(page, '.pg-configs-panel')).y >= mapBox.y + mapBox.height, 'the configuration lines are under the map');
    const stats = await canvasStats(page, '.pg-map');
    assert.ok(stats.colours > 20 && stats.nonBackground > 0.01);
    // The sliders are there without opening anything, and move with the keyboard.
    assert.equal(await page.locator('.config').count(), 4);
    assert.equal(await page.locator('input[type=range][data-knob="learning_rate"]').first().isVisible(), true);
    const before = await canvasHash(page, '.pg-map');
    await page.locator('input[type=range][data-knob="decay"]').first().focus();
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => !document.querySelector('.config .title').textContent.includes('decay=0.0002'));
    let after = before;
    for (let i = 0; i < 30 && after === before; i++) {
      await page.waitForTimeout(50);
      after = await canvasHash(page, '.pg-map');
    }
    assert.notEqual(after, before, 'the path moved');
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('figure layout with panels=lr: one lr chart; ?layout=figure turns an old link into a figure', async () => {
  const { page, problems } = await ready(`/embed.html#${await figureLink(['lr'], 2)}`, { width: 640, height: 300 });
  await page.screenshot({ path: new URL('component-figure-lr-640.png', ARTIFACTS).pathname, fullPage: true });
  assert.equal(await page.isVisible('.pg-lr-chart'), true);
  assert.equal(await page.isVisible('.pg-map'), false);
  const chartBox = await box(page, '.pg-lr-chart');
  const linesBox = await box(page, '.pg-configs-panel');
  assert.ok(linesBox.y >= chartBox.y + chartBox.height, 'the configuration lines are under the chart');
  const stats = await canvasStats(page, '.pg-lr-chart');
  assert.ok(stats.colours > 20 && stats.nonBackground > 0.01);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 560, `lr figure is ${height} px tall`);
  assert.deepEqual(problems, []);
  await page.close();
  // An old link (no layout field) with ?layout=figure.
  const old = await ready('/embed.html?layout=figure#v1.eyJmIjoiYmVhbGUiLCJwIjoibHIifQ', { width: 640, height: 300 });
  assert.equal(await old.page.getAttribute('.op-root', 'data-layout'), 'figure');
  assert.equal(await old.page.isVisible('.pg-lr-chart'), true);
  assert.equal(await old.page.isVisible('.pg-notice'), false);
  assert.deepEqual(old.problems, []);
  await old.page.close();
});

test('the tutorial: three figures, each at most 560 px tall at 640 px; no overflow at 375 px; both colour schemes', async () => {
  // 680 px window: the article's figures are 640 px wide.
  const { page, problems } = await ready('/examples/tutorial.html', { width: 680, height: 900 });
  await page.waitForFunction(() => document.getElementById('embed').height !== '600', null, { timeout: 15000 });
  const sizes = await page.evaluate(() => ['legacy', 'keras3', 'embed'].map((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return [id, Math.round(r.width), Math.round(r.height)];
  }));
  for (const [id, w, h] of sizes) {
    assert.ok(w >= 600 && w <= 642, `${id} is ${w} px wide`);
    assert.ok(h > 200 && h <= 560, `${id} is ${h} px tall`);
  }
  assert.deepEqual(problems, []);
  await page.close();
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      const p = await files.session.browser.newPage({ viewport: { width, height: 800 }, colorScheme });
      await p.goto(new URL('/examples/tutorial.html', files.session.url).href);
      await p.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
      await p.waitForTimeout(300);
      await p.screenshot({ path: new URL(`component-tutorial-${width}-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `tutorial overflows ${width} px by ${overflow} px`);
      // The shadow root's panels follow the colour scheme (dark panel in the dark scheme).
      const bg = await p.evaluate(() => getComputedStyle(document.getElementById('legacy').shadowRoot.querySelector('.panel')).backgroundColor);
      const [r] = bg.match(/\d+/g).map(Number);
      assert.ok(colorScheme === 'dark' ? r < 60 : r > 200, `${colorScheme}: panel background ${bg}`);
      await p.close();
    }
  }
});

test('a host page with only the script and the element: styled inside its shadow root, CSP-clean', async () => {
  const { page, problems } = await openPage(files.session, '/examples/minimal.html', { width: 640, height: 700 });
  await page.waitForFunction(() => document.getElementById('figure').shadowRoot?.querySelector('.op-root')?.dataset.ready === 'true');
  await page.screenshot({ path: new URL('component-minimal-host.png', ARTIFACTS).pathname, fullPage: true });
  assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet]').length), 0, 'the host page has no stylesheet');
  const inside = await page.evaluate(() => {
    const root = document.getElementById('figure').shadowRoot;
    const config = root.querySelector('.config');
    return {
      sheet: !!root.querySelector('link[rel=stylesheet]'),
      stripe: getComputedStyle(config).borderLeftWidth,
      chartHeight: root.querySelector('.pg-lr-chart').getBoundingClientRect().height,
      inLightDom: document.querySelectorAll('.config, .pg-lr-chart').length,
    };
  });
  assert.equal(inside.sheet, true);
  assert.equal(inside.stripe, '6px', 'the configuration line is styled by the shadow root\'s stylesheet');
  assert.ok(inside.chartHeight > 150, `chart ${inside.chartHeight} px tall`);
  assert.equal(inside.inLightDom, 0, 'the parts are inside the shadow root');
  const stats = await canvasStats(page, '#figure .pg-lr-chart');
  assert.ok(stats.colours > 20 && stats.nonBackground > 0.01);
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Copy embed code" with the figure layout makes a figure iframe', async () => {
  const { page, problems } = await ready('/');
  await page.selectOption('.pg-embed-layout', 'figure');
  await page.click('#copy-embed');
  const snippet = await page.inputValue('.pg-share-output');
  const src = /<iframe src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&');
  assert.match(src, /\/embed\.html\?layout=figure#v1\./);
  assert.match(snippet, /height="560"/);
  assert.deepEqual(problems, []);
  await page.close();
  const embed = await ready(src, { width: 640, height: 300 });
  assert.equal(await embed.page.getAttribute('.op-root', 'data-layout'), 'figure');
  assert.equal(await embed.page.locator('.pg-panel:not([hidden])').count(), 1);
  assert.deepEqual(embed.problems, []);
  await embed.page.close();
});

test('the one-line expression is editable as text, through the core\'s parseKerasCode; errors at the field', async () => {
  const { page, problems } = await ready('/');
  const card = page.locator('.config').first();
  await openCard(card, { more: false });
  const expr = card.locator('input.expression');
  assert.equal(await expr.inputValue(), await card.locator('.title').textContent());
  const title = () => page.evaluate(() => document.querySelector('.config .title').textContent);
  const apply = async (text) => {
    await expr.fill(text);
    await expr.press('Enter');
  };
  // Keras 2 spelling with positional arguments: the class's signature, defaults for the rest.
  await apply('keras.optimizers.legacy.SGD(0.01, momentum=0.9, nesterov=True, decay=1e-6)');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.startsWith('SGD('));
  assert.equal(await title(), 'SGD(learning_rate=0.01, momentum=0.9, nesterov=True, decay=0.000001)');
  assert.equal(await card.locator('input[type=number][data-path="decay"]').inputValue(), '0.000001');
  assert.equal(await card.locator('input[data-path="nesterov"]').isChecked(), true);
  // Keras's own warnings for this code are shown under the field.
  assert.match(await card.locator('.expression-notes').textContent(), /keras\.optimizers\.legacy\.SGD raises ImportError/);
  assert.equal(await card.locator('.expression-notes li').count(), 2);
  // lr= as Keras 2 took it.
  await apply('Adam(lr=0.003, decay=0.0002)');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent === 'Adam(learning_rate=0.003, decay=0.0002)');
  assert.match(await card.locator('.expression-notes').textContent(), /Argument\(s\) not recognized: \{'lr': 0\.003\}/);
  // A Keras 3 schedule: the card switches to Keras 3 and its knobs to the schedule's.
  const lrBefore = await canvasHash(page, '#lr-chart');
  await apply('Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1875, decay_rate=0.375, staircase=True))');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('staircase=True'));
  assert.equal(await card.locator('select[data-path="api"]').inputValue(), 'keras3');
  assert.equal(await card.locator('input[data-path="learning_rate.decay_rate"]').inputValue(), '0.375');
  assert.notEqual(await canvasHash(page, '#lr-chart'), lrBefore);
  // Text that cannot be read, text the core refuses, and text without an optimizer: the message
  // is at the field and the last valid configuration keeps running.
  const kept = await title();
  const error = card.locator('.expression-field > .field-error');
  for (const [bad, message] of [
    ['Adam(learning_rate=)', /^code: line 1, column \d+: /],
    ['Adam(beta_1=1.5)', /beta_1: must be in \[0, 1\), got 1\.5/],
    ['model.fit(x, y, batch_size=64)', /no optimizer/],
  ]) {
    await apply(bad);
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), message, bad);
    assert.equal(await expr.getAttribute('aria-invalid'), 'true');
    assert.equal(await title(), kept);
  }
  // A valid text clears the error.
  await apply('RMSprop(learning_rate=0.001)');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent === 'RMSprop(learning_rate=0.001)');
  assert.equal(await card.locator('.expression-field > .field-error').isVisible(), false);
  await page.screenshot({ path: new URL('component-expression.png', ARTIFACTS).pathname, clip: await card.boundingBox() });
  assert.deepEqual(problems, []);
  await page.close();
});
