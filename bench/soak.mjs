#!/usr/bin/env node
// Soak benchmark (not a test): runs the pages for a long time in headless Chromium and records
// memory at intervals, to show whether anything grows after warm-up.
//
//  1. CNN page: trains `--epochs` epochs (default 20) on `--subset` training digits (default all
//     8,000) in the page's worker, exactly as a person pressing Start would; after every epoch it
//     records the worker's wasm memory (the session's `memoryBytes()`, which the page puts on
//     #build-badge), the main thread's wasm memory, and the page's JS heap (after a forced GC).
//  2. Paths page: `--redraws` redraws of the path view (default 10,000): one long drag of the
//     start point across the map with the real mouse (CDP input events, each awaited), so every
//     move is a drag frame that recomputes every configuration's path and redraws the map (the
//     page's own `drag-frame` measures count them). Every `--every` moves (default 1,000) it
//     records the page's wasm memory, JS heap after GC, DOM node count and performance entries.
//
// Usage: node bench/soak.mjs [--epochs 20] [--subset 8000] [--redraws 10000] [--every 1000]
//        [--build simd128|scalar]      (after `source scripts/lib.sh && build_wasm`)
// "Flat after warm-up" means: the last sample is within 5% (wasm: identical bytes) of the
// first sample after warm-up (epoch 2 / the first interval).
import { openPage, startSession } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = args[i + 1];
  return typeof fallback === 'number' ? Number(v) : v;
};
const EPOCHS = flag('epochs', 20);
const SUBSET = flag('subset', 8000);
const REDRAWS = flag('redraws', 10000);
const EVERY = flag('every', 1000);
const BUILD = flag('build', 'simd128');
for (const [name, v, max] of [['epochs', EPOCHS, 200], ['subset', SUBSET, 8000], ['redraws', REDRAWS, 1e7], ['every', EVERY, 1e7]]) {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`--${name}: must be a whole number in 1..=${max}, got ${v}`);
}
if (!['simd128', 'scalar'].includes(BUILD)) throw new Error(`--build: simd128 or scalar, got ${BUILD}`);

const MIB = 2 ** 20;
const mib = (b) => (b / MIB).toFixed(2);

/** The page's JS heap after a full GC (CDP), in bytes. */
async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** The CNN page's main-thread wasm memory: the module js/wasm.js shares with the page. */
const mainWasmBytes = (page, build) => page.evaluate(async (b) => {
  const { loadWasm } = await import('/js/wasm.js');
  const { memory } = await loadWasm(b, 'cnn');
  return memory.buffer.byteLength;
}, build);

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Compares the last sample with the first one after warm-up. */
function verdict(name, warm, last, { exact = false, tolerance = 0.05 } = {}) {
  const growth = (last - warm) / warm;
  const flat = exact ? last === warm : Math.abs(growth) <= tolerance;
  console.log(`${name}: ${mib(warm)} MiB after warm-up → ${mib(last)} MiB at the end (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%): ${flat ? 'flat' : 'NOT flat'}`);
  return flat;
}

async function soakCnn(session) {
  const { page, problems } = await openPage(session, `/cnn.html?build=${BUILD}&subset=${SUBSET}&epochs=${EPOCHS}&batch=32&seed=1`);
  const cdp = await page.context().newCDPSession(page);
  await page.waitForSelector('body[data-state="idle"][data-worker="running"]', { timeout: 60000 });
  const rows = [];
  const sample = async (epoch, t0) => {
    const worker = Number(await page.getAttribute('#build-badge', 'data-memory'));
    rows.push({
      epoch,
      seconds: (performance.now() - t0) / 1000,
      iterations: Number((await page.getAttribute('body', 'data-iterations')) ?? 0),
      testAccuracy: Number((await page.getAttribute('body', 'data-test-accuracy')) ?? NaN),
      workerWasm: worker,
      mainWasm: await mainWasmBytes(page, BUILD),
      heap: await heapAfterGc(cdp),
    });
  };
  const t0 = performance.now();
  await page.click('#start');
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    await page.waitForFunction((e) => document.querySelector('#acc-readout').textContent.startsWith(`epoch ${e}:`), epoch, { timeout: 600000, polling: 200 });
    await sample(epoch, t0);
  }
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\nCNN page (${BUILD}): ${EPOCHS} epochs on ${SUBSET.toLocaleString('en')} training digits, batch 32, Adam(lr=0.001), in ${seconds.toFixed(1)} s ` +
    `(${Math.round((EPOCHS * SUBSET) / seconds).toLocaleString('en')} examples/s including evaluation)\n`);
  table(['epoch', 's', 'iterations', 'test acc', 'worker wasm MiB', 'main wasm MiB', 'page JS heap MiB'],
    rows.map((r) => [r.epoch, r.seconds.toFixed(1), r.iterations, r.testAccuracy.toFixed(4), mib(r.workerWasm), mib(r.mainWasm), mib(r.heap)]));
  const warm = rows[Math.min(1, rows.length - 1)];
  const last = rows.at(-1);
  const flat = [
    verdict('worker wasm memory', warm.workerWasm, last.workerWasm, { exact: true }),
    verdict('main-thread wasm memory', warm.mainWasm, last.mainWasm, { exact: true }),
    // The page keeps every batch's loss and lr for its charts (3 Float32Arrays, 12 bytes per
    // iteration), so a little growth in the heap is data, not a leak.
    verdict('page JS heap', warm.heap, last.heap),
  ];
  if (problems.length) console.log(`problems on the page: ${problems.join('; ')}`);
  await page.close();
  return flat.every(Boolean) && !problems.length;
}

async function soakPaths(session) {
  const { page, problems } = await openPage(session, `/?build=${BUILD}`);
  const cdp = await page.context().newCDPSession(page);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  const configs = await page.locator('.config').count();
  const steps = await page.inputValue('#steps');
  const box = await page.locator('#map').boundingBox();
  // A Lissajous curve over the middle 80% of the map: every move is one drag frame.
  const at = (i) => {
    const t = i / 997;
    return [box.x + box.width * (0.5 + 0.4 * Math.sin(3 * t)), box.y + box.height * (0.5 + 0.4 * Math.sin(2 * t))];
  };
  const rows = [];
  const t0 = performance.now();
  // Count drag frames with an observer: the page keeps only its latest 1,000 measures.
  await page.evaluate(() => {
    window.soakFrames = 0;
    new PerformanceObserver((list) => { window.soakFrames += list.getEntriesByName('drag-frame').length; }).observe({ type: 'measure' });
  });
  await page.mouse.move(...at(0));
  await page.mouse.down();
  for (let done = 0; done <= REDRAWS; done += EVERY) {
    if (done > 0) for (let i = done - EVERY + 1; i <= done; i++) await page.mouse.move(...at(i));
    const s = await page.evaluate(async (b) => {
      const { loadWasm } = await import('/js/wasm.js');
      const { memory } = await loadWasm(b);
      return {
        wasm: memory.buffer.byteLength,
        nodes: document.getElementsByTagName('*').length,
        frames: window.soakFrames,
        entries: performance.getEntries().length,
      };
    }, BUILD);
    rows.push({ done, seconds: (performance.now() - t0) / 1000, ...s, heap: await heapAfterGc(cdp) });
  }
  await page.mouse.up();
  const seconds = (performance.now() - t0) / 1000;
  const frames = rows.at(-1).frames;
  console.log(`\nPaths page (${BUILD}): ${REDRAWS.toLocaleString('en')} drag moves on the map, ${frames.toLocaleString('en')} drag frames (each recomputes ${configs} configurations × ${steps} steps and redraws the map) in ${seconds.toFixed(1)} s ` +
    `(${((seconds * 1000) / Math.max(1, frames)).toFixed(2)} ms per redraw, CDP round trip included)\n`);
  table(['moves', 'drag frames', 's', 'wasm MiB', 'JS heap MiB', 'DOM nodes', 'perf entries'],
    rows.map((r) => [r.done, r.frames, r.seconds.toFixed(1), mib(r.wasm), mib(r.heap), r.nodes, r.entries]));
  const warm = rows[Math.min(1, rows.length - 1)];
  const last = rows.at(-1);
  const flat = [
    verdict('wasm memory', warm.wasm, last.wasm, { exact: true }),
    verdict('JS heap', warm.heap, last.heap),
  ];
  const nodesFlat = last.nodes === warm.nodes;
  console.log(`DOM nodes: ${warm.nodes} after warm-up → ${last.nodes} at the end: ${nodesFlat ? 'flat' : 'NOT flat'}`);
  if (problems.length) console.log(`problems on the page: ${problems.join('; ')}`);
  await page.close();
  return flat.every(Boolean) && nodesFlat && !problems.length;
}

const session = await startSession();
let ok = false;
try {
  const cnn = await soakCnn(session);
  const paths = await soakPaths(session);
  ok = cnn && paths;
  console.log(`\nmemory flat after warm-up: CNN page ${cnn ? 'yes' : 'NO'}, paths page ${paths ? 'yes' : 'NO'}`);
} finally {
  await session.close();
}
process.exitCode = ok ? 0 : 1;
