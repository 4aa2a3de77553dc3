#!/usr/bin/env node
// Benchmark: one keystroke in a configuration card's learning-rate field, on the default page
// (4 configurations × 2,000 steps). Drives headless Chromium and reports, per build:
//   - the calls the page makes into the `plane` wasm module per keystroke, by export (functions
//     by name, `new Class`, `Class.method`), counted through tests/e2e/harness.mjs
//     `countWasmCalls`, with the throttled link update included (each keystroke waits it out);
//   - keystroke to drawn frame: from the input event's time stamp to a task queued by the first
//     animation frame after it (so after the page's handlers, their redraw, and that frame's
//     rendering), as `keystroke-frame` Performance API measures; median / p95;
//   - the page's own handling: from the same time stamp to the end of the event's dispatch (a
//     listener on window after the card's own), as `keystroke-handler` measures.
// The keystrokes alternate typing "5" and Backspace at the end of the field (0.003 ⇄ 0.0035), so
// each one is a new valid configuration.
// Usage: node bench/page-keystroke.mjs [--root DIR] [--card N] [--keys 40]
//   --root serves another www/ (e.g. a checkout of an older version, for before/after runs).
import { parseArgs } from 'node:util';
import { startSession, openPage, countWasmCalls } from '../tests/e2e/harness.mjs';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    card: { type: 'string', default: '2' },
    keys: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
  },
});
const card = Number(args.card);
const keys = Number(args.keys);

/** Init script: measures each input event in a card to the frame drawn after it. */
function measureKeystrokes() {
  window.addEventListener('input', (e) => {
    if (!e.target.closest?.('.config')) return;
    const start = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => performance.measure('keystroke-frame', { start })));
  }, true);
  window.addEventListener('input', (e) => {
    if (e.target.closest?.('.config')) performance.measure('keystroke-handler', { start: e.timeStamp });
  });
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

const results = {};
const session = await startSession({ root: args.root });
try {
  for (const [path, label] of [['/', 'simd128'], ['/?build=scalar', 'scalar']]) {
    const { page, problems } = await openPage(session, path, { init: [countWasmCalls, measureKeystrokes] });
    await page.waitForSelector('body[data-ready="true"]');
    const configs = await page.locator('.config').count();
    const steps = await page.inputValue('#steps');
    const cardEl = page.locator('.config').nth(card - 1);
    // A compact card shows its sliders and fields once opened.
    if (await cardEl.locator('.title[aria-expanded="false"]').count()) await cardEl.locator('.title').click();
    const field = cardEl.locator('.knobs input[type="number"][data-path^="learning_rate"]').first();
    const path0 = await field.getAttribute('data-path');
    await field.click();
    await page.keyboard.press('End');
    // Let the boot's throttled link update pass before counting.
    await page.waitForTimeout(400);
    await page.evaluate(() => { window.__wasmCalls = {}; performance.clearMeasures('keystroke-frame'); performance.clearMeasures('keystroke-handler'); });
    for (let i = 0; i < keys; i++) {
      await page.keyboard.press(i % 2 ? 'Backspace' : '5');
      await page.waitForFunction((n) => performance.getEntriesByName('keystroke-frame').length >= n, i + 1);
      // Past the link's 250 ms throttle, so its calls count with this keystroke.
      await page.waitForTimeout(300);
    }
    const { calls, times, handler, value } = await page.evaluate(() => ({
      calls: window.__wasmCalls,
      times: performance.getEntriesByName('keystroke-frame').map((e) => e.duration),
      handler: performance.getEntriesByName('keystroke-handler').map((e) => e.duration),
      value: document.activeElement?.value,
    }));
    times.sort((a, b) => a - b);
    handler.sort((a, b) => a - b);
    const perKey = Object.fromEntries(Object.entries(calls).sort().map(([k, v]) => [k, v / keys]));
    const total = Object.values(perKey).reduce((a, b) => a + b, 0);
    results[label] = {
      perKey, total, median: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1), n: times.length,
      handlerMedian: quantile(handler, 0.5), handlerP95: quantile(handler, 0.95),
    };
    if (!args.json) {
      console.log(`${label.padEnd(8)} ${configs} configs × ${steps} steps, card ${card} ${path0} (now ${value}): ${times.length} keystrokes, ` +
        `keystroke→frame median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms; ` +
        `handler median ${quantile(handler, 0.5).toFixed(2)} ms, p95 ${quantile(handler, 0.95).toFixed(2)} ms`);
      console.log(`         wasm calls per keystroke: ${total} — ${Object.entries(perKey).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    if (problems.length) console.log('problems:', problems);
    await page.close();
  }
} finally {
  await session.close();
}
if (args.json) console.log(JSON.stringify(results));
