// Edge inputs, broken assets, dead workers, embed messages and the CSP check itself, in headless
// Chromium: each case must end in a specific message on the page, with the rest still working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, startSession } from './harness.mjs';
import { openCard } from './cards.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let session;
let corruptRoot;
before(async () => {
  // A test-only copy of www/ (symlinks) whose data/ also holds a truncated and a corrupted copy
  // of the digits: the production server and www/ stay as they are.
  corruptRoot = await mkdtemp(join(tmpdir(), 'op-hardening-'));
  for (const entry of await readdir(WWW)) {
    if (entry !== 'data') await symlink(join(WWW, entry), join(corruptRoot, entry));
  }
  await mkdir(join(corruptRoot, 'data'));
  const bytes = await readFile(join(WWW, 'data', 'mnist-10k.bin'));
  await symlink(join(WWW, 'data', 'mnist-10k.bin'), join(corruptRoot, 'data', 'mnist-10k.bin'));
  await writeFile(join(corruptRoot, 'data', 'test-truncated.bin'), bytes.subarray(0, Math.floor(bytes.length / 2)));
  const flipped = Buffer.from(bytes);
  flipped[Math.floor(flipped.length / 2)] ^= 0x5a;
  await writeFile(join(corruptRoot, 'data', 'test-corrupt.bin'), flipped);
  session = await startSession({ root: corruptRoot });
});
after(async () => {
  await session?.close();
  if (corruptRoot) await rm(corruptRoot, { recursive: true, force: true });
});

async function ready(path, viewport) {
  const opened = await openPage(session, path, viewport);
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return opened;
}

/** Sets a card's field the way a person does, and waits for the core to accept it. */
async function setField(page, cardIndex, path, value) {
  const card = page.locator('.config').nth(cardIndex);
  await openCard(card);
  await card.locator(`input[data-path="${path}"]`).fill(value);
}

const status = (page, i) => page.locator('.config .status').nth(i).textContent();

test('paths page, huge lr: the diverged path is marked where it diverged and the other configurations keep running', async () => {
  const { page, problems } = await ready('/');
  const cards = await page.locator('.config').count();
  assert.ok(cards >= 2, `${cards} configurations`);
  const card = page.locator('.config').first();
  await openCard(card);
  await card.locator('select[data-path="name"]').selectOption('sgd');
  await setField(page, 0, 'learning_rate', '1000000');
  await page.waitForFunction(() => document.querySelector('.config .status').textContent.startsWith('Diverged'));
  const text = await status(page, 0);
  const at = Number(text.match(/^Diverged at iteration (\d+): the next value was not finite/)?.[1]);
  assert.ok(at >= 1 && at < 2000, text);
  assert.equal(await card.locator('.status').getAttribute('class'), 'status diverged');
  // The map marks it (the ✕ label is canvas text; the canvas describes the same marks).
  const described = await page.getAttribute('#map', 'data-diverged');
  assert.match(described, new RegExp(`SGD\\(learning_rate=1000000.*\\) at iteration ${at}\\.`));
  assert.equal(await page.getAttribute('#map', 'aria-description'), described);
  // Every other configuration still runs its 2000 updates to a finite loss…
  for (let i = 1; i < cards; i++) assert.match(await status(page, i), /^after 2000 updates: loss [-\d.e]+ at \(/);
  // …and keeps running as the scrubber plays.
  await page.click('#reset');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.querySelector('#iteration').value) > 50);
  await page.click('#play');
  assert.match(await status(page, 1), /^after 2000 updates/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('paths page, epsilon 1e-30: Adam runs and stays finite', async () => {
  const { page, problems } = await ready('/');
  await setField(page, 0, 'epsilon', '1e-30');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('epsilon=1e-30'));
  assert.match(await status(page, 0), /^after 2000 updates: loss [-\d.e]+ at \([-\d.e]+, [-\d.e]+\)$/);
  assert.equal(await page.locator('.config').first().locator('.field-error:not([hidden])').count(), 0);
  assert.equal(await page.getAttribute('#map', 'data-diverged'), '');
  assert.deepEqual(problems, []);
  await page.close();
});

test('paths page, decay 1e6: the lr collapses after the first update and everything stays finite', async () => {
  const { page, problems } = await ready('/');
  const startStatus = await status(page, 0);
  await setField(page, 0, 'decay', '1000000');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('decay=1000000'));
  const text = await status(page, 0);
  assert.notEqual(text, startStatus);
  assert.match(text, /^after 2000 updates: loss [-\d.e]+ at \(/);
  // The per-epoch table: the first epoch starts at the full lr, the second at lr / (1 + 1e6 · 1875).
  const rows = await page.$$eval('#epoch-table tr', (trs) => trs.slice(1, 3).map((tr) => tr.children[1].textContent));
  assert.equal(rows.length, 2);
  assert.equal(Number(rows[0]), 0.003);
  const second = parseFloat(rows[1]);
  assert.ok(second > 0 && second < 1e-11, `lr at epoch 2: ${rows[1]}`);
  // The lr chart and the map are still drawn from finite numbers: no divergence anywhere.
  assert.equal(await page.getAttribute('#map', 'data-diverged'), '');
  assert.deepEqual(problems, []);
  await page.close();
});

test('paths page, steps at the cap work; one more is refused at the field', async () => {
  const { page, problems } = await ready('/');
  const max = Number(await page.getAttribute('#steps', 'max'));
  assert.equal(max, 20000);
  await page.fill('#steps', String(max));
  await page.waitForFunction((n) => document.querySelector('.config .status').textContent.startsWith(`after ${n} updates`), max, { timeout: 20000 });
  assert.equal(await page.getAttribute('#scrubber', 'max'), String(max));
  assert.equal(await page.isHidden('#toolbar-error'), true);
  await page.fill('#steps', String(max + 1));
  await page.waitForSelector('#toolbar-error:not([hidden])');
  assert.equal(await page.textContent('#toolbar-error'), `Steps: must be ≤ ${max} (a whole number from 1 to ${max})`);
  assert.equal(await page.getAttribute('#steps', 'aria-invalid'), 'true');
  // The last valid run stays on show.
  assert.match(await status(page, 0), new RegExp(`^after ${max} updates`));
  await page.fill('#steps', '300');
  await page.waitForFunction(() => document.querySelector('.config .status').textContent.startsWith('after 300 updates'));
  assert.equal(await page.isHidden('#toolbar-error'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('CNN page, batch size 0: an inline message names the field and its range, nothing is sent', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=1');
  await page.waitForSelector('body[data-state="idle"]');
  await page.fill('#batch', '0');
  await page.click('#start');
  await page.waitForSelector('#settings-error:not([hidden])');
  assert.equal(await page.textContent('#settings-error'), 'batch_size: must be ≥ 1 (a whole number from 1 to 256)');
  assert.equal(await page.getAttribute('#batch', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#batch', 'aria-describedby'), 'settings-error');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'batch');
  assert.equal(await page.getAttribute('body', 'data-state'), 'idle');
  await page.fill('#batch', '257');
  await page.click('#start');
  assert.equal(await page.textContent('#settings-error'), 'batch_size: must be ≤ 256 (a whole number from 1 to 256)');
  // Fixed, it trains.
  await page.fill('#batch', '32');
  await page.click('#start');
  await page.waitForFunction(() => Number(document.body.dataset.iterations) > 0, null, { timeout: 20000 });
  assert.equal(await page.isHidden('#settings-error'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('CNN page, an empty drawing is not classified: "draw a digit first", also after Clear', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=1');
  await page.waitForSelector('body[data-state="idle"]');
  assert.equal(await page.textContent('#draw-readout'), 'Draw a digit first.');
  await page.locator('#draw').scrollIntoViewIfNeeded();
  const b = await page.locator('#draw').boundingBox();
  await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * (0.2 + 0.06 * i));
  await page.mouse.up();
  await page.waitForSelector('body[data-predicted]', { timeout: 10000 });
  await page.click('#clear-drawing');
  assert.equal(await page.textContent('#draw-readout'), 'Draw a digit first.');
  // A prediction that was still on its way belongs to the old drawing and must not come back.
  await page.waitForTimeout(400);
  assert.equal(await page.getAttribute('body', 'data-predicted'), null);
  assert.equal(await page.locator('#probabilities li.best').count(), 0);
  assert.deepEqual(await page.$$eval('#probabilities .value', (els) => els.map((e) => e.textContent)), Array(10).fill(''));
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [file, reason] of [
  ['data/test-truncated.bin', /wrong size: 8000 train \+ 2000 test images need \d+ bytes, got \d+/],
  ['data/test-corrupt.bin', /checksum mismatch: header says 0x[0-9a-f]{8}, data hashes to 0x[0-9a-f]{8}/],
]) {
  test(`CNN page, ${file}: the parser's reason is shown and the page stays usable`, async () => {
    const { page, problems } = await openPage(session, `/cnn.html?data=${file}&subset=256&epochs=1`);
    await page.waitForSelector('#data-notice:not([hidden])', { timeout: 30000 });
    const notice = await page.textContent('#data-notice');
    assert.ok(notice.startsWith(`The digits in ${file} could not be read: `), notice);
    assert.match(notice, reason);
    assert.equal(await page.getAttribute('body', 'data-state'), 'error');
    assert.equal(await page.textContent('#train-state'), 'no dataset');
    // Start is still there and answers with the same reason, not a hang or a crash.
    assert.equal(await page.isEnabled('#start'), true);
    await page.evaluate(() => { document.querySelector('#data-notice').hidden = true; });
    await page.click('#start');
    await page.waitForSelector('#data-notice:not([hidden])', { timeout: 10000 });
    assert.match(await page.textContent('#data-notice'), reason);
    // The rest of the page works: a bad setting is still caught at its field, drawing is cleared.
    await page.fill('#epochs', '0');
    await page.click('#start');
    assert.match(await page.textContent('#settings-error'), /^epochs: must be ≥ 1/);
    await page.click('#clear-drawing');
    assert.equal(await page.textContent('#draw-readout'), 'Draw a digit first.');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('CNN page, ?data= must be a file under data/: a URL or a path outside is refused with a notice', async () => {
  for (const bad of ['https://example.com/data/x.bin', '//example.com/data/x.bin', 'data/../index.html', '../data/mnist-10k.bin', 'data/sub/x.bin', 'data/x.json']) {
    const { page, problems } = await ready(`/cnn.html?subset=256&epochs=1&data=${encodeURIComponent(bad)}`);
    assert.equal(await page.isVisible('#data-notice'), true, bad);
    assert.match(await page.textContent('#data-notice'), /^data: must name a \.bin file under data\/ on this site, like data\/mnist-10k\.bin; got “.*”\. Using data\/mnist-10k\.bin\.$/);
    await page.waitForSelector('body[data-state="idle"]');
    assert.deepEqual(problems, [], bad);
    await page.close();
  }
});

test('CNN page, a crashed worker is reported and Restart brings training back', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=50&testhooks=1');
  await page.waitForSelector('body[data-state="idle"]');
  await page.click('#start');
  await page.waitForFunction(() => Number(document.body.dataset.iterations) > 0, null, { timeout: 20000 });
  await page.evaluate(() => window.cnnTestHooks.crashWorker());
  await page.waitForSelector('#worker-failure:not([hidden])', { timeout: 10000 });
  assert.match(await page.textContent('#worker-failure-text'), /^The training worker crashed: .*the worker crashed on purpose\.? Training stopped; Restart starts a new worker/);
  assert.equal(await page.getAttribute('body', 'data-state'), 'crashed');
  assert.equal(await page.isDisabled('#start'), true);
  assert.equal(await page.isDisabled('#pause'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'restart-worker');
  // Nothing arrives from the dead worker any more.
  const iterations = await page.getAttribute('body', 'data-iterations');
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute('body', 'data-iterations'), iterations);
  await page.click('#restart-worker');
  await page.waitForSelector('body[data-worker="running"][data-state="idle"]', { timeout: 30000 });
  assert.equal(await page.isHidden('#worker-failure'), true);
  assert.equal(await page.getAttribute('body', 'data-worker-restarts'), '1');
  assert.equal(await page.getAttribute('#epoch-progress', 'value'), '0');
  await page.click('#start');
  await page.waitForFunction(() => Number(document.body.dataset.iterations) > 5, null, { timeout: 20000 });
  await page.click('#pause');
  await page.waitForSelector('body[data-state="paused"]');
  assert.deepEqual(problems, []);
  await page.close();
});

test('CNN page, a worker that stops answering is caught by the watchdog and can be restarted', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=50&testhooks=1&watchdog=1500');
  await page.waitForSelector('body[data-state="idle"]');
  await page.click('#start');
  await page.waitForFunction(() => Number(document.body.dataset.iterations) > 0, null, { timeout: 20000 });
  await page.evaluate(() => window.cnnTestHooks.hangWorker());
  await page.waitForSelector('#worker-failure:not([hidden])', { timeout: 10000 });
  assert.match(await page.textContent('#worker-failure-text'), /^The training worker stopped responding \(no answer for 1\.5 s\)\./);
  // The page itself never stalled: it is the worker that hangs.
  const t0 = Date.now();
  await page.click('#restart-worker');
  assert.ok(Date.now() - t0 < 2000);
  await page.waitForSelector('body[data-worker="running"][data-state="idle"]', { timeout: 30000 });
  await page.click('#start');
  await page.waitForFunction(() => Number(document.body.dataset.iterations) > 5, null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('CNN page without ?testhooks=1 has no test hooks and no failure box', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=1');
  await page.waitForSelector('body[data-state="idle"][data-worker="running"]');
  assert.equal(await page.evaluate(() => typeof window.cnnTestHooks), 'undefined');
  assert.equal(await page.isHidden('#worker-failure'), true);
  // The watchdog's pings are answered while the page idles: no false alarm.
  await page.waitForTimeout(2500);
  assert.equal(await page.isHidden('#worker-failure'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed height messages: only the iframe\'s own window and origin, only the exact shape', async () => {
  const { page, problems } = await ready('/examples/tutorial.html', { width: 900, height: 900 });
  const verdicts = await page.evaluate(async () => {
    const { heightFromMessage, HEIGHT_MESSAGE } = await import('/playground.js');
    const iframe = document.querySelector('iframe');
    const origin = new URL(iframe.src, document.baseURI).origin;
    const source = iframe.contentWindow;
    const check = (event) => heightFromMessage(event, iframe);
    return {
      good: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: 640 } }),
      otherWindow: check({ source: window, origin, data: { type: HEIGHT_MESSAGE, height: 640 } }),
      otherOrigin: check({ source, origin: 'https://example.com', data: { type: HEIGHT_MESSAGE, height: 640 } }),
      nullOrigin: check({ source, origin: 'null', data: { type: HEIGHT_MESSAGE, height: 640 } }),
      extraKey: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: 640, url: 'x' } }),
      wrongType: check({ source, origin, data: { type: 'resize', height: 640 } }),
      stringHeight: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: '640' } }),
      nan: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: NaN } }),
      negative: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: -1 } }),
      huge: check({ source, origin, data: { type: HEIGHT_MESSAGE, height: 1e9 } }),
      array: check({ source, origin, data: [HEIGHT_MESSAGE, 640] }),
      string: check({ source, origin, data: `${HEIGHT_MESSAGE}:640` }),
      nullData: check({ source, origin, data: null }),
      noIframe: heightFromMessage({ source, origin, data: { type: HEIGHT_MESSAGE, height: 640 } }, null),
    };
  });
  const { good, ...bad } = verdicts;
  assert.equal(good, 640);
  for (const [name, v] of Object.entries(bad)) assert.equal(v, null, name);
  assert.deepEqual(problems, []);
  await page.close();
});

test('CSP: a violation on a shipped page is reported by the harness', async () => {
  const { page, problems } = await ready('/');
  assert.deepEqual(problems, []);
  // A style attribute set from script is blocked by style-src 'self' (the page uses CSSOM).
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForTimeout(200);
  assert.ok(problems.some((p) => /^CSP violation: style-src-attr blocked inline on \/$/.test(p)), problems.join('\n'));
  await page.close();
});

test('CSP: inline script and style in a fixture served with the production header are each reported', async () => {
  const fixtures = await startSession({ root: FIXTURES });
  try {
    const { page, problems } = await openPage(fixtures, '/csp-violation.html');
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    assert.notEqual(await page.title(), 'inline script ran');
    const violations = problems.filter((p) => p.startsWith('CSP violation: '));
    assert.ok(violations.some((p) => p.startsWith('CSP violation: script-src-elem blocked inline')), problems.join('\n'));
    assert.ok(violations.some((p) => p.startsWith('CSP violation: style-src-attr blocked inline')), problems.join('\n'));
    await page.close();
  } finally {
    await fixtures.close();
  }
});
