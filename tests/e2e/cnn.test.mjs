// The CNN page in headless Chromium: it trains on a small subset in a worker while the page
// stays responsive, test accuracy climbs above chance, a drawn digit gets probabilities, and
// nothing goes wrong in the console or the network log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ARTIFACTS, browserSession, canvasStats } from './harness.mjs';
import { readEvents, scalarsByTag } from '../tfevents-reader.mjs';

const files = browserSession();
const { ready } = files;

test('trains on 1000 digits in a worker: progress moves, test accuracy rises, UI stays responsive, drawing is classified', async () => {
  const { page, problems } = await ready('/cnn.html?subset=1000&epochs=3');
  assert.equal(await page.inputValue('#subset'), '1000');
  assert.match(await page.textContent('#build-badge'), /simd128 build/);
  await page.click('#start');
  // The progress bar moves.
  await page.waitForFunction(() => document.querySelector('#epoch-progress').value > 0, null, { timeout: 20000 });
  assert.match(await page.textContent('#progress-text'), /examples\/s/);
  // While training runs, a click is handled at once: pause, then resume.
  const t0 = Date.now();
  await page.click('#pause');
  await page.waitForSelector('body[data-state="paused"]', { timeout: 2000 });
  const pauseMs = Date.now() - t0;
  const iterations = await page.getAttribute('body', 'data-iterations');
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute('body', 'data-iterations'), iterations, 'no training while paused');
  await page.click('#resume');
  await page.waitForSelector('body[data-state="running"], body[data-state="done"]', { timeout: 2000 });
  // The main thread keeps painting frames while the worker trains.
  const frameGap = await page.evaluate(() => new Promise((resolve) => {
    let last = performance.now();
    let worst = 0;
    let n = 0;
    const tick = (t) => {
      worst = Math.max(worst, t - last);
      last = t;
      if (++n < 30) requestAnimationFrame(tick);
      else resolve(worst);
    };
    requestAnimationFrame(tick);
  }));
  assert.ok(frameGap < 250, `longest frame gap while training: ${frameGap.toFixed(0)} ms`);
  await page.waitForFunction(() => Number(document.body.dataset.testAccuracy) > 0.3, null, { timeout: 60000 });
  const accuracy = Number(await page.getAttribute('body', 'data-test-accuracy'));
  assert.ok(accuracy > 0.3, `test accuracy ${accuracy}`);
  assert.match(await page.textContent('#acc-readout'), /test \d+(\.\d)?%/);
  for (const canvas of ['#loss-chart', '#lr-chart', '#acc-chart']) {
    const stats = await canvasStats(page, canvas);
    assert.ok(stats.colours > 10 && stats.nonBackground > 0.01, `${canvas} is drawn`);
  }
  assert.equal(await page.locator('#confusion td').count(), 100);
  assert.ok((await page.locator('#filters canvas').count()) === 8);
  assert.equal(await page.locator('#digit-grid li').count(), 48);
  // Draw a "1" with the mouse: the probabilities appear and sum to about 100%.
  await page.locator('#draw').scrollIntoViewIfNeeded();
  const box = await page.locator('#draw').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.06 * i));
  await page.mouse.up();
  await page.waitForSelector('body[data-predicted]', { timeout: 10000 });
  const values = await page.$$eval('#probabilities .value', (els) => els.map((e) => parseFloat(e.textContent)));
  assert.equal(values.length, 10);
  const sum = values.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 100) < 1, `probabilities sum to ${sum}%`);
  assert.match(await page.textContent('#draw-readout'), /The network says \d/);
  await page.screenshot({ path: new URL('cnn-1280x800.png', ARTIFACTS).pathname, fullPage: true });
  assert.ok(pauseMs < 2000);
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Download TensorBoard log" saves an event file whose CRCs, tags and values are the run\'s: flat lr, falling lr_effective', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=2');
  assert.equal(await page.isDisabled('#download-tensorboard'), true, 'nothing trained yet');
  await page.click('#start');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-tensorboard')]);
  assert.match(download.suggestedFilename(), /^events\.out\.tfevents\.\d{10}\.optimizer-playground$/);
  const bytes = new Uint8Array(await readFile(await download.path()));
  const events = readEvents(bytes); // throws on any CRC mismatch
  assert.equal(events[0].fileVersion, 'brain.Event:2');
  const tags = scalarsByTag(bytes);
  assert.deepEqual(Object.keys(tags).sort(), ['batch_accuracy', 'batch_loss', 'epoch_accuracy', 'epoch_loss', 'epoch_lr', 'epoch_lr_effective', 'lr', 'lr_effective']);
  // 256 digits in batches of 32: 8 updates per epoch, 2 epochs.
  assert.deepEqual(tags.batch_loss.map(([step]) => step), [...Array(16).keys()]);
  assert.deepEqual(tags.epoch_loss.map(([step]) => step), [0, 1]);
  // The page's optimizer is Adam(learning_rate=0.003, decay=0.0002): lr as Keras logs it is
  // flat, lr_effective is lr / (1 + decay * iterations) in float32, update by update.
  const f = Math.fround;
  assert.ok(tags.lr.every(([, v]) => v === f(0.003)));
  tags.lr_effective.forEach(([step, v]) => assert.equal(v, f(f(0.003) / f(1 + f(f(0.0002) * step))), `step ${step}`));
  assert.equal(tags.epoch_lr_effective[0][1], tags.lr_effective[8][1], 'epoch 0 ends with the lr of update 8');
  assert.ok(tags.epoch_lr.every(([, v]) => v === f(0.003)));
  for (const [, v] of [...tags.epoch_accuracy, ...tags.batch_accuracy]) assert.ok(v >= 0 && v <= 1);
  assert.ok(tags.epoch_loss.every(([, v]) => Number.isFinite(v) && v > 0));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a huge learning rate stops training with a visible message; the page stays usable', async () => {
  const { page, problems } = await ready('/cnn.html?subset=256&epochs=2');
  const card = page.locator('.config').first();
  await card.locator('select[data-path="name"]').selectOption('sgd');
  await card.locator('input[data-path="learning_rate"]').fill('1000000');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('learning_rate=1000000'));
  await page.click('#start');
  await page.waitForSelector('#train-error:not([hidden])', { timeout: 30000 });
  assert.match(await page.textContent('#train-error'), /diverged at iteration \d+/);
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  assert.equal(await page.isEnabled('#start'), true);
  // Bad settings are caught at the input, before anything is sent.
  await page.fill('#batch', '0');
  await page.click('#start');
  await page.waitForSelector('#settings-error:not([hidden])');
  assert.match(await page.textContent('#settings-error'), /batch_size: must be ≥ 1/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the CNN page fits 375 px and links back to the step paths', async () => {
  const { page, problems } = await ready('/cnn.html', { width: 375, height: 812 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page overflows 375px by ${overflow}px`);
  await page.screenshot({ path: new URL('cnn-375x812.png', ARTIFACTS).pathname, fullPage: true });
  assert.equal(await page.getAttribute('nav.pages a[href="index.html"]', 'href'), 'index.html');
  // Keyboard: Tab reaches Start, and Enter on "Use a test digit" gets a prediction.
  await page.focus('#sample-drawing');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-predicted]', { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();
});

/**
 * In the page: pixels of the canvas's top `cssRows` CSS px (the legend strip above the plot)
 * within a small distance of each `#rrggbb` colour.
 */
function stripPixels(canvas, { cssRows, colors }) {
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const rows = Math.round(cssRows * ratio);
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, rows);
  const targets = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
  const counts = targets.map(() => 0);
  for (let i = 0; i < data.length; i += 4) {
    targets.forEach((t, k) => {
      if (Math.abs(data[i] - t[0]) + Math.abs(data[i + 1] - t[1]) + Math.abs(data[i + 2] - t[2]) < 60) counts[k]++;
    });
  }
  return counts;
}

test('the accuracy chart has a legend (train vs test); the confusion matrix fits its panel at 1280 and 375 px', async () => {
  for (const { width, height } of [{ width: 1280, height: 800 }, { width: 375, height: 812 }]) {
    const { page, problems } = await ready('/cnn.html?subset=256&epochs=1', { width, height });
    // Nothing is plotted yet, so the series colours above the plot can only be the legend's
    // line samples; its labels are text in the page's foreground colour.
    const fg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--fg').trim());
    const [train, test, text] = await page.$eval('#acc-chart', stripPixels, { cssRows: 28, colors: ['#1c7ed6', '#2f9e44', fg] });
    assert.ok(train > 20 && test > 20, `legend samples: ${train} train-coloured, ${test} test-coloured pixels`);
    assert.ok(text > 40, `legend labels: ${text} text pixels`);
    await page.click('#start');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
    await page.locator('#confusion td').first().waitFor();
    const fit = () => page.$eval('#confusion', (table) => {
      const wrap = table.parentElement;
      const panel = table.closest('.panel');
      return { wrap: [wrap.scrollWidth, wrap.clientWidth], panel: [panel.scrollWidth, panel.clientWidth] };
    });
    const shown = await fit();
    assert.ok(shown.wrap[0] <= shown.wrap[1], `${width} px: the matrix is ${shown.wrap[0]} px wide in ${shown.wrap[1]} px`);
    assert.ok(shown.panel[0] <= shown.panel[1], `${width} px: the panel overflows: ${shown.panel}`);
    await page.locator('#confusion').scrollIntoViewIfNeeded();
    await page.locator('#confusion').locator('xpath=ancestor::section').screenshot({ path: new URL(`cnn-results-${width}.png`, ARTIFACTS).pathname });
    // The widest it can get: a network that puts all 2,000 test digits in one class.
    await page.$$eval('#confusion td', (cells) => cells.forEach((td) => { td.textContent = '2000'; }));
    const widest = await fit();
    assert.ok(widest.wrap[0] <= widest.wrap[1], `${width} px: four-digit counts make the matrix ${widest.wrap[0]} px wide in ${widest.wrap[1]} px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
