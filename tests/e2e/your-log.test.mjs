// "Bring your own run" as a person uses it: dropping the logs real Keras wrote
// (tests/data/training_logs/, by scripts/training_log_reference.py) — a whole `logs/` folder, a
// CSVLogger file, a history dict, pasted console output — shows their epochs, updates per epoch
// and the lr Keras logged; with the strip's optimizer the page draws the lr each update used and
// says where it parts from the log; the corrected log downloads and parses; bad files are named;
// no request leaves the page while files are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, browserSession } from './harness.mjs';
import { scalarsByTag } from '../tfevents-reader.mjs';

const { ready } = browserSession();
const LOGS = new URL('../data/training_logs/', import.meta.url).pathname;

/** Uses the strip's paste box, as a reader does, to say which optimizer ran. */
async function setOptimizer(page, code) {
  await page.fill('[data-run="paste"]', code);
  await page.click('.paste button[type=submit]');
  await page.waitForFunction(() => /Read:/.test(document.querySelector('[data-run="paste-result"]').textContent));
}

const filesRead = (page) => page.$$eval('[data-log="files-read"] li', (lis) => lis.map((li) => li.textContent));

test('a dropped logs/ folder: its runs, epochs and updates per epoch, and the lr each update used', async () => {
  const requests = [];
  const { page, problems } = await ready('/', { onRequest: (r) => requests.push(r.url()) });
  await setOptimizer(page, 'optimizer = tf.keras.optimizers.legacy.Adam(learning_rate=0.003, decay=0.01)');
  const before = requests.length;
  await page.setInputFiles('[data-log="folder"]', join(LOGS, 'legacy-batch/logs'));
  await page.waitForSelector('[data-log="figure"]:not([hidden])');
  const items = await filesRead(page);
  assert.equal(items.length, 2);
  assert.ok(items.some((t) => /logs\/train\/events\.out\.tfevents\.fixture\.v2: TensorBoard event file, 4 series \(run train\), 4 epochs, 16 updates per epoch, no lr logged\./.test(t)), items.join('\n'));
  assert.ok(items.some((t) => /run validation/.test(t)));
  // The sentence's numbers are the core's lr for the optimizer the reader named.
  const want = await page.evaluate(async () => {
    const { loadWasm } = await import('/js/wasm.js');
    const { formatNumber } = await import('/js/chart.js');
    const { wasm } = await loadWasm(document.body.dataset.build);
    const lr = wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.01 }, [0, 15, 63]).effective_lr;
    return [...lr].map(formatNumber);
  });
  assert.equal(
    await page.textContent('[data-log="sentence"]'),
    `Your log shows no lr at all (a legacy optimizer with a float lr and only the TensorBoard callback logs none); optimizer.lr reports 0.003, but the updates used ${want[0]} at first, ${want[1]} by the end of epoch 1 and ${want[2]} at update 64 (${await page.evaluate(async () => {
      const { loadWasm } = await import('/js/wasm.js');
      const { formatNumber } = await import('/js/chart.js');
      const { wasm } = await loadWasm(document.body.dataset.build);
      const lr = wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.01 }, [0, 63]).effective_lr;
      return formatNumber((100 * lr[1]) / lr[0]);
    })}% of the first).`,
  );
  // Reading went to the page's own origin only: the worker and its wasm module, no upload.
  const origin = new URL(page.url()).origin;
  assert.deepEqual(requests.slice(before).filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.match(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), /default-src 'self'/);
  assert.doesNotMatch(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), /connect-src/);
  await (await page.$('.your-log')).screenshot({ path: new URL('your-log-1280x800-light.png', ARTIFACTS).pathname });

  // The corrected log: lr_effective per update and per epoch, for the same 64 updates.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-log="download"]')]);
  assert.match(download.suggestedFilename(), /^events\.out\.tfevents\.\d+\.lr_effective$/);
  const bytes = new Uint8Array(readFileSync(await download.path()));
  const tags = scalarsByTag(bytes);
  assert.equal(tags.batch_lr_effective.length, 64);
  assert.equal(tags.epoch_lr_effective.length, 4);
  const core = await page.evaluate(async () => {
    const { loadWasm } = await import('/js/wasm.js');
    const { wasm } = await loadWasm(document.body.dataset.build);
    return [...wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.01 }, Array.from({ length: 65 }, (_, i) => i)).effective_lr];
  });
  assert.deepEqual(tags.batch_lr_effective.map(([, v]) => v), core.slice(0, 64));
  assert.deepEqual(tags.batch_lr_effective.map(([step]) => step), Array.from({ length: 64 }, (_, i) => i));
  assert.deepEqual(tags.epoch_lr_effective, [[0, core[16]], [1, core[32]], [2, core[48]], [3, core[64]]]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('CSVLogger, history, Keras 3 event files and pasted console output each say what they hold', async () => {
  const { page, problems } = await ready('/');
  const cases = [
    [join(LOGS, 'legacy-batch/training.csv'), /training\.csv: CSVLogger file, 4 series, 4 epochs, no lr logged\./],
    [join(LOGS, 'legacy-epoch-scheduler/history.txt'), /history\.txt: history dict, 5 series, 4 epochs, Keras logged the lr as lr\./],
    [join(LOGS, 'keras3-schedule/logs/train/events.out.tfevents.fixture.v2'), /TensorBoard event file, 3 series, 4 epochs, Keras logged the lr as epoch_learning_rate\./],
  ];
  for (const [file, want] of cases) {
    await page.setInputFiles('[data-log="files"]', file);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-log="files-read"]').textContent), want.source);
    assert.match((await filesRead(page))[0], want);
  }
  // Keras 3's logged lr is drawn and named.
  assert.match(await page.textContent('[data-log="sentence"]'), /^Your log shows epoch_learning_rate = /);
  await page.fill('[data-log="paste"]', readFileSync(join(LOGS, 'legacy-batch/console.txt'), 'utf8'));
  await page.click('[data-log="read-paste"]');
  await page.waitForFunction(() => /console output/.test(document.querySelector('[data-log="files-read"]').textContent));
  assert.match((await filesRead(page))[0], /pasted text: console output, 4 series, 4 epochs, 16 updates per epoch, no lr logged\./);
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad files are named with what is wrong, and what came before a break is kept', async () => {
  const { page, problems } = await ready('/');
  const dir = mkdtempSync(join(tmpdir(), 'logs-'));
  const png = join(dir, 'events.out.tfevents.1.host');
  writeFileSync(png, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]));
  const event = readFileSync(join(LOGS, 'legacy-batch/logs/train/events.out.tfevents.fixture.v2'));
  const cut = join(dir, 'events.out.tfevents.2.host');
  writeFileSync(cut, event.subarray(0, event.length - 9));
  const empty = join(dir, 'training.csv');
  writeFileSync(empty, '');
  await page.setInputFiles('[data-log="files"]', [png, cut, empty]);
  await page.waitForFunction(() => document.querySelectorAll('[data-log="files-read"] li').length === 3);
  const items = await filesRead(page);
  assert.match(items[0], /this is a PNG image, not a training log/);
  assert.match(items[1], /TensorBoard event file, 4 series.*Stopped early at byte \d+: the file ends inside a record \(\d+ bytes of it\); what came before is shown\./);
  assert.match(items[2], /training\.csv: the file is empty/);
  // The readable part is still drawn.
  assert.equal(await page.isVisible('[data-log="figure"]'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [width, height, scheme] of [[375, 812, 'dark'], [1280, 800, 'dark']]) {
  test(`${width}×${height} ${scheme}: the block fits and draws`, async () => {
    const { page, problems } = await ready('/', { width, height, colorScheme: scheme });
    await page.setInputFiles('[data-log="folder"]', join(LOGS, 'keras3-schedule/logs'));
    await page.waitForSelector('[data-log="figure"]:not([hidden])');
    // Whatever sticks out of the page (not scrolled inside a box of its own).
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => {
      if (e.getBoundingClientRect().right <= innerWidth + 1) return false;
      for (let p = e.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false;
      return true;
    }).map((e) => `${e.tagName}.${e.className} ${e.textContent.slice(0, 40)} ${Math.round(e.getBoundingClientRect().right)}`));
    assert.deepEqual(wide, []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 1, `the page overflows by ${overflow}px`);
    await (await page.$('.your-log')).screenshot({ path: new URL(`your-log-${width}x${height}-${scheme}.png`, ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
    await page.close();
  });
}
