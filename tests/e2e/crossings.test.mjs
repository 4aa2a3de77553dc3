// What one edit costs in calls into the wasm core on the main page (4 configurations): a
// keystroke in one card's learning rate runs that card's path and lr table once and nothing
// else (the other cards keep theirs, steps per epoch and the explanation are not asked again),
// counted by export through the harness's `countWasmCalls`. The kept results live in wasm
// memory and are read through views, which must survive the memory growing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSession, canvasHash, countWasmCalls } from './harness.mjs';
import { openCard } from './cards.mjs';

const files = browserSession();

/** The most calls per export one keystroke in one card may make; any other export, none. */
const KEYSTROKE_BUDGET = {
  validateOptimizer: 1,
  'new TrajectoryRun': 1,
  'TrajectoryRun.columns': 1,
  'TrajectoryRun.free': 1,
  'new LrTable': 1,
  'LrTable.columns': 1,
  'LrTable.free': 1,
};

/** Opens the main page counting wasm calls, with card `n` (1-based) open and its lr field focused. */
async function pageWithCard(n) {
  const opened = await files.ready('/', { init: [countWasmCalls] });
  const card = opened.page.locator('.config').nth(n - 1);
  await openCard(card, { more: false });
  const field = card.locator('.knobs input[type="number"][data-path^="learning_rate"]').first();
  await field.click();
  await opened.page.keyboard.press('End');
  // The link's throttled update of the boot has passed: from here on, only the edit counts.
  await opened.page.waitForTimeout(400);
  await opened.page.evaluate(() => { window.__wasmCalls = {}; });
  return { ...opened, card };
}

/** The calls counted since the last reset, after the link's 250 ms throttle has passed. */
async function callsAfterThrottle(page) {
  await page.waitForTimeout(400);
  return page.evaluate(() => window.__wasmCalls);
}

const statuses = (page) => page.$$eval('.config .status', (ps) => ps.map((p) => p.textContent));

test('one keystroke in one card runs that card once and asks the core nothing else', async () => {
  const { page, problems } = await pageWithCard(2);
  const before = await statuses(page);
  await page.keyboard.press('5');
  const calls = await callsAfterThrottle(page);
  for (const [name, n] of Object.entries(calls)) {
    assert.ok(name in KEYSTROKE_BUDGET, `one keystroke called ${name} ${n}× (allowed: ${Object.keys(KEYSTROKE_BUDGET).join(', ')}): ${JSON.stringify(calls)}`);
    assert.ok(n <= KEYSTROKE_BUDGET[name], `one keystroke called ${name} ${n}×, at most ${KEYSTROKE_BUDGET[name]}: ${JSON.stringify(calls)}`);
  }
  // The edited card did run again (and only it): its status is new, the others' are the same.
  assert.equal(calls['new TrajectoryRun'], 1, JSON.stringify(calls));
  assert.equal(calls['new LrTable'], 1, JSON.stringify(calls));
  const after = await statuses(page);
  assert.notEqual(after[1], before[1]);
  assert.deepEqual([after[0], after[2], after[3]], [before[0], before[2], before[3]]);
  assert.match(after[1], /^after 2000 updates: loss /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('removing a card frees its kept run and lr table and runs no other card', async () => {
  const { page, problems } = await pageWithCard(3);
  await page.locator('.config').nth(2).locator('button.remove').click();
  const calls = await callsAfterThrottle(page);
  assert.equal(calls['TrajectoryRun.free'], 1, JSON.stringify(calls));
  assert.equal(calls['LrTable.free'], 1, JSON.stringify(calls));
  assert.equal(calls['new TrajectoryRun'] ?? 0, 0, JSON.stringify(calls));
  assert.equal(calls['new LrTable'] ?? 0, 0, JSON.stringify(calls));
  assert.equal(await page.locator('.config').count(), 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the paths, the loss and the lr charts draw the same after the wasm memory grows', async () => {
  const { page, problems } = await pageWithCard(2);
  await page.keyboard.press('5');
  await page.waitForTimeout(100);
  const canvases = ['#map', '#loss-chart', '#lr-chart'];
  const redraw = () => page.evaluate(() => {
    // Each redraws from what it holds, without asking the core again.
    const scrubber = document.getElementById('scrubber');
    scrubber.dispatchEvent(new Event('input'));
    for (const id of ['loss-chart', 'lr-chart']) document.getElementById(id).dispatchEvent(new PointerEvent('pointerleave'));
  });
  await redraw();
  const before = await Promise.all(canvases.map((c) => canvasHash(page, c)));
  const grown = await page.evaluate(async () => {
    const { loadWasm } = await import('/js/wasm.js');
    const { memory } = await loadWasm(document.body.dataset.build);
    const pages = memory.buffer.byteLength;
    memory.grow(16);
    return memory.buffer.byteLength > pages;
  });
  assert.ok(grown);
  await redraw();
  const after = await Promise.all(canvases.map((c) => canvasHash(page, c)));
  assert.deepEqual(after, before, 'a view made before the growth would draw nothing');
  assert.deepEqual(problems, []);
  await page.close();
});
