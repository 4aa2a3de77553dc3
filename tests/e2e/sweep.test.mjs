// The sweep panel in Debian's headless Chromium: a small learning_rate × decay sweep runs in
// the worker to completion and draws its heatmap, a click loads a cell into the first
// configuration card, cancel stops a long sweep, and the basin mode draws — without a console
// error, for the SIMD and the scalar build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, canvasStats, openPage, startSession } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

async function ready(path) {
  const opened = await openPage(session, path);
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  // The sweep is one click away, below the playground; opening it starts the worker, which has
  // loaded its wasm module once Start is enabled.
  await opened.page.click('#sweep-details > summary');
  await opened.page.waitForSelector('#sweep-start:not([disabled])', { timeout: 30000 });
  return opened;
}

/** Pixels of the heatmap's plot area (inside the axes), as [r, g, b, a] arrays. */
async function plotPixels(page) {
  return page.$eval('#sweep-canvas', (c) => {
    const ratio = c.width / c.getBoundingClientRect().width;
    const x0 = Math.ceil(62 * ratio) + 2;
    const y0 = Math.ceil(12 * ratio) + 2;
    const w = c.width - x0 - Math.ceil(96 * ratio) - 2;
    const h = c.height - y0 - Math.ceil(46 * ratio) - 2;
    const { data } = c.getContext('2d').getImageData(x0, y0, w, h);
    const out = [];
    for (let i = 0; i < data.length; i += 4 * 97) out.push([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    return out;
  });
}

for (const [path, build] of [['/', 'simd128'], ['/?build=scalar', 'scalar']]) {
  test(`${build}: a 32×32 sweep of 200 steps completes, draws, and a click loads its cell`, async () => {
    const { page, problems } = await ready(path);
    assert.equal(await page.getAttribute('#sweep', 'data-build'), build);
    const blank = await canvasStats(page, '#sweep-canvas');
    await page.selectOption('#sweep-resolution', '32');
    await page.fill('#sweep-steps', '200');
    await page.click('#sweep-start');
    await page.waitForSelector('#sweep[data-state="done"]', { timeout: 60000 });
    assert.equal(await page.$eval('#sweep-progress', (p) => p.value), 1);
    assert.match(await page.textContent('#sweep-status'), /32 × 32 configurations × 200 steps in [\d.]+ s/);

    const stats = await canvasStats(page, '#sweep-canvas');
    assert.ok(stats.colours > blank.colours + 20, `heatmap has ${stats.colours} colours (blank: ${blank.colours})`);
    const pixels = await plotPixels(page);
    assert.ok(pixels.every((p) => p[3] === 255), 'the plot area is fully painted');
    const distinct = new Set(pixels.map((p) => p.join(','))).size;
    assert.ok(distinct > 15, `the plot area has ${distinct} distinct sampled colours`);
    // Rosenbrock from (−1.5, 2) with lr up to 1: the largest learning rates diverge (red cells)
    // and the smallest barely move (high loss); neither is everything.
    const red = pixels.filter(([r, g, b]) => r === 214 && g === 39 && b === 40).length;
    assert.ok(red < pixels.length, 'not everything diverged');

    const card = page.locator('.config').first();
    const lrInput = card.locator('input[data-path="learning_rate"]');
    const before = await lrInput.inputValue();
    await page.locator('#sweep-canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#sweep-canvas').boundingBox();
    // A cell in the left third (lr ~ 1e-3) and the middle of the decay range.
    const plotW = box.width - 62 - 96;
    const plotH = box.height - 12 - 46;
    await page.mouse.click(box.x + 62 + plotW * 0.3, box.y + 12 + plotH * 0.5);
    await page.waitForFunction((b) => document.querySelector('.config input[data-path="learning_rate"]').value !== b, before);
    const lr = Number(await lrInput.inputValue());
    assert.ok(lr > 1e-3 && lr < 1e-2, `loaded learning_rate ${lr}`);
    const decay = Number(await card.locator('input[data-path="decay"]').inputValue());
    assert.ok(decay > 1e-4 && decay < 1e-3, `loaded decay ${decay}`);
    await page.waitForFunction(() => document.querySelector('.config .title').textContent.includes('decay='));
    assert.match(await page.textContent('#sweep-readout'), /Loaded learning_rate=/);
    await page.locator('#sweep').screenshot({ path: new URL(`sweep-${build}.png`, ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('cancel stops a long sweep, and a new one can start', async () => {
  const { page, problems } = await ready('/');
  await page.selectOption('#sweep-resolution', '256');
  await page.fill('#sweep-steps', '5000');
  await page.click('#sweep-start');
  await page.waitForFunction(() => document.querySelector('#sweep-progress').value > 0, null, { timeout: 30000 });
  await page.click('#sweep-cancel');
  await page.waitForSelector('#sweep[data-state="cancelled"]', { timeout: 10000 });
  const progress = await page.$eval('#sweep-progress', (p) => p.value);
  assert.ok(progress > 0 && progress < 1, `stopped part-way (${progress})`);
  assert.match(await page.textContent('#sweep-status'), /cancelled after \d+ rows/);
  await page.waitForTimeout(500);
  assert.equal(await page.$eval('#sweep-progress', (p) => p.value), progress, 'no progress after cancel');
  assert.equal(await page.isDisabled('#sweep-cancel'), true);
  await page.selectOption('#sweep-resolution', '32');
  await page.fill('#sweep-steps', '50');
  await page.click('#sweep-start');
  await page.waitForSelector('#sweep[data-state="done"]', { timeout: 30000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('basin mode colours the map view by the minimum reached', async () => {
  const { page, problems } = await ready('/');
  await page.selectOption('#function', 'himmelblau');
  await page.selectOption('#sweep-mode', 'basin');
  await page.selectOption('#sweep-resolution', '32');
  await page.fill('#sweep-steps', '300');
  await page.click('#sweep-start');
  await page.waitForSelector('#sweep[data-state="done"]', { timeout: 60000 });
  assert.match(await page.textContent('#sweep-status'), /32 × 32 start points × 300 steps/);
  const pixels = await plotPixels(page);
  // Okabe–Ito colours of Himmelblau's four minima.
  const palette = ['230,159,0', '86,180,233', '0,158,115', '204,121,167'];
  const seen = new Set(pixels.map((p) => p.slice(0, 3).join(',')).filter((c) => palette.includes(c)));
  assert.ok(seen.size >= 3, `basins of ${seen.size} minima drawn`);
  assert.deepEqual(problems, []);
  await page.close();
});
