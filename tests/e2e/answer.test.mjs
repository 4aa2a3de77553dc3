// The first screen as a reader arriving with the question sees it: the answer, their own run
// (strip, lr chart, three numbers) inside the first viewport, on desktop, phone and in the dark
// scheme; and the paste box turning real snippets into the strip's numbers, checked against the
// core's `lrAt` for an optimizer written out by hand here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, browserSession, canvasHash, canvasStats } from './harness.mjs';

const files = browserSession();
const { ready } = files;

const strip = (page) => page.evaluate(() => {
  const q = (n) => document.querySelector(`[data-run="${n}"]`).textContent;
  return { spe: q('steps-per-epoch'), last: q('last-lr'), fraction: q('fraction'), expression: q('expression') };
});

/** The core's numbers for a hand-written optimizer and fit, formatted as the page formats them. */
const expected = (page, optimizer, spe, epochs) => page.evaluate(async ({ optimizer, spe, epochs }) => {
  const { loadWasm } = await import('/js/wasm.js');
  const { formatNumber } = await import('/js/chart.js');
  const { wasm } = await loadWasm(document.body.dataset.build);
  const updates = spe * epochs;
  const lr = wasm.lrAt(optimizer, [0, updates - 1]).effective_lr;
  return {
    spe: spe.toLocaleString('en-US'),
    last: formatNumber(lr[1]),
    fraction: `${formatNumber((100 * lr[1]) / lr[0])}%`,
  };
}, { optimizer, spe, epochs });

/** The elements that make the answer, and whether each lies inside the viewport. */
async function firstScreen(page, height) {
  return page.evaluate((height) => Object.fromEntries(
    ['#answer-title', '.answer-sentence', '[data-run="form"]', '[data-run="chart"]', '.run-numbers'].map((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return [sel, { top: Math.round(r.top), bottom: Math.round(r.bottom), inside: r.height > 0 && r.bottom <= height }];
    }),
  ), height);
}

for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [375, 812, 'light'], [375, 812, 'dark']]) {
  test(`${width}×${height} ${scheme}: the answer, the strip, the chart and the numbers are on the first screen`, async () => {
    const { page, problems } = await ready('/', { width, height, colorScheme: scheme });
    const where = await firstScreen(page, height);
    for (const [sel, r] of Object.entries(where)) assert.ok(r.inside, `${sel} ends at ${r.bottom}px, below the first ${height}px`);
    assert.deepEqual(await strip(page), {
      spe: '1,875', last: '1.52e-4', fraction: '5.063%', expression: 'Adam(learning_rate=0.003, decay=0.0002)',
    });
    const chart = await canvasStats(page, '[data-run="chart"]');
    assert.ok(chart.colours > 20 && chart.nonBackground > 0.02, `chart drawn: ${JSON.stringify(chart)}`);
    await page.screenshot({ path: new URL(`first-screen-${width}x${height}-${scheme}.png`, ARTIFACTS).pathname });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('editing the strip redraws the chart and the numbers from the core', async () => {
  const { page, problems } = await ready('/');
  const chartBefore = await canvasHash(page, '[data-run="chart"]');
  await page.fill('[data-run="batch_size"]', '128');
  await page.fill('[data-run="epochs"]', '10');
  await page.waitForFunction(() => document.querySelector('[data-run="steps-per-epoch"]').textContent === '469');
  const optimizer = { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 };
  assert.deepEqual(await strip(page), { ...(await expected(page, optimizer, 469, 10)), expression: 'Adam(learning_rate=0.003, decay=0.0002)' });
  assert.notEqual(await canvasHash(page, '[data-run="chart"]'), chartBefore);
  // A bad value is shown at its field and the last good run stays.
  await page.fill('[data-run="batch_size"]', '0');
  await page.waitForSelector('[data-run="batch_size-error"]:not([hidden])');
  assert.match(await page.textContent('[data-run="batch_size-error"]'), /batch_size: must be ≥ 1/);
  assert.equal(await page.getAttribute('[data-run="batch_size"]', 'aria-invalid'), 'true');
  assert.equal((await strip(page)).spe, '469');
  assert.deepEqual(problems, []);
  await page.close();
});

// Each snippet, what a reader of it means (written out by hand, not taken from the parser), and
// the fit it implies on top of the strip's defaults (60,000 samples, batch 32, 50 epochs).
const LEGACY_ADAM = { name: 'adam', api: 'legacy' };
const SNIPPETS = [
  ['Adam(lr=0.003, decay=0.0002)', { ...LEGACY_ADAM, learning_rate: 0.003, decay: 0.0002 }, 1875, 50, '1.52e-4'],
  ['optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3, decay=1e-4)', { ...LEGACY_ADAM, learning_rate: 1e-3, decay: 1e-4 }, 1875, 50],
  ['opt = keras.optimizers.legacy.SGD(0.01, momentum=0.9, nesterov=True, decay=1e-6)', { name: 'sgd', api: 'legacy', learning_rate: 0.01, momentum: 0.9, nesterov: true, decay: 1e-6 }, 1875, 50],
  [
    'optimizer = Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))',
    { name: 'adam', api: 'keras3', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.003, decay_steps: 1, decay_rate: 0.0002 } },
    1875, 50, '1.52e-4',
  ],
  ["model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])", { ...LEGACY_ADAM }, 1875, 50, '0.001'],
  [
    'model.compile(optimizer=Adam(lr=0.001, decay=1e-5), loss="mse")\nhistory = model.fit(x, y, batch_size=64, epochs=20, validation_split=0.1)',
    { ...LEGACY_ADAM, learning_rate: 0.001, decay: 1e-5 }, 844, 20,
  ],
  [
    "{'name': 'Adam', 'learning_rate': 0.001, 'decay': 0.0001, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}",
    { ...LEGACY_ADAM, learning_rate: 0.001, decay: 0.0001 }, 1875, 50,
  ],
  [
    '{"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.01, "decay": 0.001, "momentum": 0.0, "nesterov": false}}',
    { name: 'sgd', api: 'legacy', learning_rate: 0.01, decay: 0.001 }, 1875, 50,
  ],
  [
    '>>> print(x_train.shape)\n(50000, 32, 32, 3)\nmodel.fit(x_train, y_train, batch_size=128, epochs=20)\n# optimizer: RMSprop(learning_rate=0.0005, decay=1e-4)\noptimizer = RMSprop(learning_rate=0.0005, decay=1e-4)',
    { name: 'rmsprop', api: 'legacy', learning_rate: 0.0005, decay: 1e-4 }, 391, 20,
  ],
];

test(`pasting ${SNIPPETS.length} real-world snippets fills the strip with the core's numbers`, async () => {
  const { page, problems } = await ready('/');
  for (const [code, optimizer, spe, epochs, literal] of SNIPPETS) {
    await page.evaluate(() => window.yourRun.set({
      optimizer: { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, samples: 60000, batch_size: 32, epochs: 50, validation_split: 0,
    }));
    await page.fill('[data-run="paste"]', code);
    await page.click('.paste button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-run="paste-result"]').children.length > 0);
    assert.equal(await page.isVisible('[data-run="paste-error"]'), false, `${code}: ${await page.textContent('[data-run="paste-error"]')}`);
    const want = await expected(page, optimizer, spe, epochs);
    const got = await strip(page);
    assert.deepEqual({ spe: got.spe, last: got.last, fraction: got.fraction }, want, code);
    if (literal) assert.equal(got.last, literal, code);
  }
  await page.fill('[data-run="paste"]', 'Adam(lr=0.003, decay=)');
  await page.click('.paste button[type=submit]');
  await page.waitForSelector('[data-run="paste-error"]:not([hidden])');
  assert.match(await page.textContent('[data-run="paste-error"]'), /^code/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the fix shows the exact Keras 3 replacement for the strip', async () => {
  const { page, problems } = await ready('/');
  assert.equal(
    await page.textContent('[data-run="keras3-code"]'),
    'keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=0.003, decay_steps=1, decay_rate=0.0002))',
  );
  // The callback that logs the lr each update uses, for the legacy optimizer of the strip.
  const callback = await page.textContent('[data-run="callback"]');
  assert.match(callback, /class EffectiveLearningRate\(tf\.keras\.callbacks\.Callback\)/);
  assert.match(callback, /_decayed_lr\(tf\.float32\)/);
  await page.fill('[data-run="decay"]', '0');
  await page.waitForFunction(() => !document.querySelector('[data-run="keras3-code"]').textContent.includes('InverseTimeDecay'));
  assert.equal(await page.textContent('[data-run="keras3-code"]'), 'keras.optimizers.Adam(learning_rate=0.003)');
  // A Keras 3 run gets the Keras 3 callback (the schedule at optimizer.iterations).
  await page.fill('[data-run="paste"]', 'keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.01, 1000, 0.9))');
  await page.click('.paste button[type=submit]');
  // The parser is its own wasm module, loaded on this first paste: wait for what it read.
  await page.waitForFunction(() => /ExponentialDecay/.test(document.querySelector('[data-run="paste-result"]').textContent));
  const keras3Callback = await page.textContent('[data-run="callback"]');
  assert.match(keras3Callback, /^import keras$/m);
  assert.doesNotMatch(keras3Callback, /_decayed_lr/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the run is part of the link: a pasted run survives a reload, and an old link opens the question', async () => {
  const { page, problems } = await ready('/');
  await page.fill('[data-run="paste"]', 'opt = SGD(learning_rate=0.01, momentum=0.9, decay=1e-4)\nmodel.fit(x, y, batch_size=128, epochs=12)');
  await page.click('.paste button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-run="steps-per-epoch"]').textContent === '469');
  const shown = await strip(page);
  await page.waitForFunction(() => location.hash.length > 4);
  const link = await page.evaluate(() => location.href);
  const again = await ready(new URL(link).pathname + new URL(link).hash);
  assert.deepEqual(await strip(again.page), shown);
  assert.equal(await again.page.inputValue('[data-run="epochs"]'), '12');
  assert.deepEqual(again.problems, []);
  await again.page.close();
  // A link from before the strip (no `r`) opens the question's run.
  const old = await ready('/#v1.eyJmIjoiYmVhbGUiLCJuIjo3MDB9');
  assert.equal((await strip(old.page)).spe, '1,875');
  assert.deepEqual(old.problems, []);
  await old.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});
