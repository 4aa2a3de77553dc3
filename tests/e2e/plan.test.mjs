// The asker's plan — "reduce the lr after each epoch" — and the misreadings of `decay`, as a
// reader sees them without a click: the plan block under the fix with the reader's own updates
// per epoch (its numbers equal the core's per-update lr at every epoch start, checked with
// `lrAt` for runs written out by hand here), the staircase in the lr chart with its legend and
// sentence, and the always-shown list of misreadings; on desktop and phone, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, browserSession } from './harness.mjs';

const { ready } = browserSession();

/** Pasted code, the optimizer and fit a reader means by it (written out here), and the plan's numbers. */
const RUNS = [
  [
    'optimizer = Adam(lr=0.003, decay=0.0002)\nmodel.fit(x_train, y_train, batch_size=32, epochs=50)',
    { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, { samples: 60000, batch_size: 32, epochs: 50, validation_split: 0 },
    { decay_steps: 1875, decay_rate: '0.375' },
  ],
  [
    '>>> print(x_train.shape)\n(50000, 32, 32, 3)\nopt = SGD(lr=0.01, momentum=0.9, decay=1e-4)\nmodel.fit(x_train, y_train, batch_size=128, epochs=30, validation_split=0.1)',
    { name: 'sgd', api: 'legacy', learning_rate: 0.01, momentum: 0.9, decay: 1e-4 }, { samples: 50000, batch_size: 128, epochs: 30, validation_split: 0.1 },
    { decay_steps: 352, decay_rate: '0.0352' },
  ],
  [
    '>>> print(x_train.shape)\n(1000, 8)\nmodel.compile(optimizer=RMSprop(learning_rate=0.001, decay=0.01), loss="mse")\nmodel.fit(x_train, y_train, batch_size=10, epochs=20)',
    { name: 'rmsprop', api: 'legacy', learning_rate: 0.001, decay: 0.01 }, { samples: 1000, batch_size: 10, epochs: 20, validation_split: 0 },
    { decay_steps: 100, decay_rate: '1.0' },
  ],
];

/** What the plan block shows: its numbers (read from the Keras 3 code) and its table. */
const shownPlan = (page) => page.evaluate(() => {
  const cards = Object.fromEntries([...document.querySelectorAll('.plan-card pre')].map((p) => [p.getAttribute('aria-label'), p.textContent]));
  const m = cards['Keras 3 InverseTimeDecay per epoch'].match(/initial_learning_rate=([0-9.e-]+), decay_steps=(\d+), decay_rate=([0-9.e-]+), staircase=True/);
  const rows = [...document.querySelectorAll('.plan-table tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent));
  return { lr: Number(m[1]), decay_steps: Number(m[2]), decay_rate: m[3], rows, cards, summary: document.querySelector('[data-plan="summary"]').textContent };
});

test('for three pasted runs the plan\'s staircase is the per-update lr at every epoch start', async () => {
  const { page, problems } = await ready('/');
  for (const [code, optimizer, fit, want] of RUNS) {
    // Each paste starts from the question's run (a paste changes only what it names).
    await page.evaluate(() => window.yourRun.set({
      optimizer: { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, samples: 60000, batch_size: 32, epochs: 50, validation_split: 0,
    }));
    await page.fill('[data-run="paste"]', code);
    await page.click('.paste button[type=submit]');
    await page.waitForFunction((spe) => document.querySelector('.plan-card pre code')?.textContent.includes(`decay_steps=${spe},`), want.decay_steps);
    const shown = await shownPlan(page);
    assert.equal(shown.decay_steps, want.decay_steps, code);
    assert.equal(shown.decay_rate, want.decay_rate, code);
    assert.equal(shown.rows.length, fit.epochs, code);
    // The staircase the shown numbers make, and the legacy run the reader pasted, both from the core.
    const check = await page.evaluate(async ({ optimizer, fit, shown }) => {
      const { loadWasm } = await import('/js/wasm.js');
      const { formatNumber } = await import('/js/chart.js');
      const { wasm } = await loadWasm(document.body.dataset.build);
      const spe = wasm.runSummary(optimizer, fit).steps_per_epoch;
      const starts = Array.from({ length: fit.epochs }, (_, e) => e * spe);
      const lasts = starts.map((it) => it + spe - 1);
      const staircase = { name: 'sgd', api: 'keras3', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: shown.lr, decay_steps: shown.decay_steps, decay_rate: Number(shown.decay_rate), staircase: true } };
      const plan = wasm.lrAt(staircase, starts).effective_lr;
      const planLast = wasm.lrAt(staircase, lasts).effective_lr;
      const legacy = wasm.lrAt(optimizer, starts).effective_lr;
      const legacyLast = wasm.lrAt(optimizer, lasts).effective_lr;
      return {
        spe,
        sameAtStarts: plan.every((v, e) => v === legacy[e]),
        flatWithin: plan.every((v, e) => v === planLast[e]),
        rows: starts.map((it, e) => [String(e + 1), it.toLocaleString('en-US'), `${formatNumber(legacy[e])} → ${formatNumber(legacyLast[e])}`, formatNumber(plan[e])]),
      };
    }, { optimizer, fit, shown });
    assert.equal(check.spe, want.decay_steps, code);
    assert.ok(check.sameAtStarts, `${code}: the staircase equals the legacy lr at every epoch start`);
    assert.ok(check.flatWithin, `${code}: one lr per epoch`);
    assert.deepEqual(shown.rows, check.rows, code);
    assert.match(shown.summary, /to the last bit/);
    // Every form is there, with its own copy of the numbers.
    assert.deepEqual(Object.keys(shown.cards), ['Keras 3 InverseTimeDecay per epoch', 'Keras 3 ExponentialDecay per epoch', 'Keras 2 LearningRateScheduler', 'PyTorch LambdaLR per epoch']);
    assert.match(shown.cards['Keras 2 LearningRateScheduler'], new RegExp(`return ${shown.lr} / \\(1 \\+ ${shown.decay_rate.replace('.', '\\.')} \\* epoch\\)`));
    assert.match(shown.cards['PyTorch LambdaLR per epoch'], /LambdaLR\(\n {4}optimizer, lambda epoch: 1 \/ \(1 \+ [0-9.]+ \* epoch\)\)/);
    assert.match(shown.cards['PyTorch LambdaLR per epoch'], /^ {4}scheduler\.step\(\)  # once per epoch/m);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run of 100,000 epochs lists its first and last epochs, with the gap said in words, and stays responsive', async () => {
  const { page, problems } = await ready('/');
  const started = Date.now();
  await page.evaluate(() => window.yourRun.set({
    optimizer: { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, samples: 60000, batch_size: 32, epochs: 100000, validation_split: 0,
  }));
  await page.waitForFunction(() => document.querySelector('.plan-table tbody tr:last-child td')?.textContent === '100000');
  const elapsed = Date.now() - started;
  const shown = await shownPlan(page);
  assert.equal(shown.rows.length, 40 + 1 + 10);
  assert.deepEqual(shown.rows.slice(0, 40).map((r) => r[0]), Array.from({ length: 40 }, (_, e) => String(e + 1)));
  assert.match(shown.rows[40][0], /^… epochs 41 to 99,990 not listed/);
  assert.deepEqual(shown.rows.slice(41).map((r) => r[0]), Array.from({ length: 10 }, (_, i) => String(99991 + i)));
  // The last epoch's row holds the core's numbers for that epoch, not the first rows' again.
  const last = await page.evaluate(async () => {
    const { loadWasm } = await import('/js/wasm.js');
    const { formatNumber } = await import('/js/chart.js');
    const { wasm } = await loadWasm(document.body.dataset.build);
    const it = 99999 * 1875;
    const lr = wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, [it, it + 1874]).effective_lr;
    return [it.toLocaleString('en-US'), `${formatNumber(lr[0])} → ${formatNumber(lr[1])}`];
  });
  assert.deepEqual(shown.rows.at(-1).slice(1, 3), last);
  // Far from a stall (a table of 100,000 rows took seconds to lay out); a loose bound on a busy machine.
  assert.ok(elapsed < 5000, `the plan for 100,000 epochs took ${elapsed} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the lr chart names the staircase and says in numbers where per update and once per epoch part', async () => {
  const { page, problems } = await ready('/');
  assert.equal(await page.isVisible('[data-run="plan-key"]'), true);
  assert.equal(
    await page.textContent('[data-run="plan-sentence"]'),
    'After epoch 1 your lr is 0.002182 either way, but during epoch 1 it falls from 0.003 to 0.002182 per update while once per epoch it stays at 0.003; the last update uses 1.52e-4 per update, 1.55e-4 once per epoch.',
  );
  // A run without decay has no staircase to draw, and says why in the plan block.
  await page.fill('[data-run="decay"]', '0');
  await page.waitForFunction(() => document.querySelector('[data-run="plan-key"]').hidden);
  assert.match(await page.textContent('[data-plan="summary"]'), /lr is constant/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Phrases of each misreading, with the question's numbers. */
const MISREADINGS = [
  /Not beta_1, not weight decay, not Nadam's schedule_decay\..*w −= lr · weight_decay · w.*ignores decay=/,
  /Per update, not per epoch\..*after epoch 1 \(1,875 updates\) the lr is 0\.003 \/ \(1 \+ 0\.0002 · 1,875\) = 0\.002182\. Read per epoch it would be 0\.002999, 1\.375× too high\./,
  /The first update uses the full lr.*t = iterations \+ 1.*first step size 9\.49e-4.*"Adam already decays the lr" is not so/,
  /"The lr is divided by decay after each epoch" is not what Keras does\. Taken literally, 0\.003 \/ 0\.0002 would make the lr 15 after one epoch/,
  /What TensorBoard logs, and when\..*no lr tag at all.*LearningRateScheduler and ReduceLROnPlateau put the base lr into the epoch's logs as lr \(0\.003 at every epoch, whatever decay does\): History has it, CSVLogger and TensorBoard's epoch_lr only when listed after them in callbacks=\..*epoch_learning_rate: the lr of the next update/,
  /Keras 3 ignores decay=; TF 2\.11–2\.15 raise; legacy keeps it\..*Argument `decay` is no longer supported and will be ignored\..*ValueError: decay is deprecated/,
  /ExponentialDecay is not the legacy decay\..*matched at epochs 1 and 50 \(factor 0\.941304\)/,
];

for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [375, 812, 'light'], [375, 812, 'dark']]) {
  test(`${width}×${height} ${scheme}: the plan and the misreadings are on the page without a click`, async () => {
    const { page, problems } = await ready('/', { width, height, colorScheme: scheme });
    const items = await page.$$eval('[data-misreadings] li', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, MISREADINGS.length);
    MISREADINGS.forEach((re, i) => assert.match(items[i], re));
    const layout = await page.evaluate(() => {
      const box = (sel) => document.querySelector(sel).getBoundingClientRect();
      const visible = (sel) => [...document.querySelectorAll(sel)].every((e) => e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden');
      return {
        plan: box('.plan').bottom + scrollY,
        list: box('.misreadings').bottom + scrollY,
        closed: [...document.querySelectorAll('.answer details:not([open])')].filter((d) => /plan|misread/i.test(d.textContent)).length,
        smallPrint: visible('.run-numbers dd span'),
        overflow: document.documentElement.scrollWidth - innerWidth,
        // Code and tables wider than their box scroll inside it (and the box is not wider than the page).
        boxes: [...document.querySelectorAll('.answer pre.code, .plan-table')].map((e) => ({ right: e.getBoundingClientRect().right, scroll: getComputedStyle(e).overflowX })),
      };
    });
    if (width === 1280) {
      assert.ok(layout.list <= 3 * height, `the misreadings end at ${layout.list}px, past the first three screens`);
      assert.ok(layout.plan <= 3 * height, `the plan ends at ${layout.plan}px`);
    }
    assert.equal(layout.closed, 0);
    assert.ok(layout.smallPrint, 'the small print under the three numbers is shown');
    assert.ok(layout.overflow <= 1, `page overflows by ${layout.overflow}px`);
    for (const b of layout.boxes) {
      assert.ok(b.right <= width, `a code box ends at ${b.right}px`);
      assert.ok(['auto', 'scroll'].includes(b.scroll), `a code box does not scroll: ${b.scroll}`);
    }
    const plan = await page.$('.plan');
    await plan.screenshot({ path: new URL(`plan-${width}x${height}-${scheme}.png`, ARTIFACTS).pathname });
    const list = await page.$('.misreadings');
    await list.screenshot({ path: new URL(`misreadings-${width}x${height}-${scheme}.png`, ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the playground\'s epoch table says in words what Keras logs, for several configurations', async () => {
  const { page, problems } = await ready('/');
  const cells = await page.$$eval('#epoch-table tr', (trs) => trs.map((tr) => tr.lastElementChild.textContent));
  assert.equal(cells[0], 'what History / TensorBoard log');
  assert.ok(cells.slice(1).every((c) => !/ \/ /.test(c)), `no bare slash: ${cells.join(' | ')}`);
  // The default scene's configurations log different values: each is named by number.
  assert.match(cells[2], /^#\d(, #\d)*: [0-9.e-]+( · #\d(, #\d)*: [0-9.e-]+)+$/);
  assert.match(await page.textContent('#charts .chart-caption'), /step size after bias correction, lr_t = lr · √\(1 − β₂ᵗ\) \/ \(1 − β₁ᵗ\) with t = iterations \+ 1: below the lr in the first updates/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('code that does not say which Keras runs it (Nadam) offers both readings, and the pick drives the strip', async () => {
  const { page, problems } = await ready('/');
  await page.fill('[data-run="paste"]', 'optimizer = tf.keras.optimizers.Nadam(learning_rate=0.002)');
  await page.click('.paste button[type=submit]');
  await page.waitForSelector('.code-readings input[type=radio]');
  const radios = await page.$$('.code-readings input[type=radio]');
  assert.equal(radios.length, 2);
  assert.equal(await page.evaluate(() => window.yourRun.get().optimizer.api), 'legacy');
  await radios[1].check();
  await page.waitForFunction(() => window.yourRun.get().optimizer.api === 'keras3');
  assert.match(await page.textContent('.code-readings'), /What differs:/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the plan links the run into the CNN page\'s comparison, which opens it', async () => {
  const { page, problems } = await ready('/');
  const href = await page.getAttribute('[data-plan="compare"] a', 'href');
  const entries = JSON.parse(decodeURIComponent(new URL(href, page.url()).searchParams.get('compare')));
  const pick = ({ name, api, learning_rate, decay }) => ({ name, api, learning_rate, decay });
  assert.deepEqual(entries.map((e) => (e.per_epoch ? { per_epoch: pick(e.per_epoch) } : pick(e))), [
    { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0 },
    { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 },
    { per_epoch: { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 } },
  ]);
  const cnn = await ready(new URL(href, page.url()).pathname + new URL(href, page.url()).search + '#compare');
  assert.deepEqual(cnn.problems, []);
  await cnn.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});
