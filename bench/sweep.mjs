#!/usr/bin/env node
// Benchmark of the four-lane kernels, scalar build against simd128 build side by side:
//  1. grid cells/s: FunctionGrid.evaluate (the contour grid kernel) in Node, per function;
//  2. sweep configurations/s: Sweep.lrDecay (lane-parallel Adam) in Node;
//  3. wall time of a 128 × 128 × 1000-step sweep in the page's worker, in headless Chromium
//     (Start clicked to "done", as a person would see it).
// Usage: node bench/sweep.mjs (after `source scripts/lib.sh && build_wasm`).
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const root = new URL('../www/', import.meta.url);
const BUILDS = [['pkg', 'scalar'], ['pkg-simd', 'simd128']];
const FUNCTIONS = ['rosenbrock', 'himmelblau', 'goldstein_price', 'six_hump_camel', 'rastrigin'];

/** Best time of `fn` in ms after warm-up calls (V8 tiers wasm up from Liftoff lazily). */
function timeIt(fn, minMs = 400) {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const sweepConfig = (n, steps, name = 'adam') => ({
  function: 'rosenbrock',
  start: [-1.5, 2.0],
  steps,
  optimizer: { name },
  learning_rate: { min: 1e-4, max: 1, count: n },
  decay: { min: 1e-6, max: 0.1, count: n },
});

const results = {};
for (const [dir, label] of BUILDS) {
  const wasm = await import(new URL(`${dir}/sweep.js`, root).href);
  wasm.initSync({ module: await readFile(new URL(`${dir}/sweep_bg.wasm`, root)) });
  const r = (results[label] = { grid: {}, sweep: {} });
  const grid = new wasm.FunctionGrid();
  for (const f of FUNCTIONS) {
    const ms = timeIt(() => grid.evaluate(f, undefined, -2, 2, -1, 3, 512, 512));
    r.grid[f] = (512 * 512) / (ms / 1e3);
  }
  for (const name of ['adam', 'sgd']) {
    const ms = timeIt(() => {
      const s = wasm.Sweep.lrDecay(sweepConfig(64, 1000, name));
      s.computeRows(64);
      s.free();
    }, 1500);
    r.sweep[name] = (64 * 64) / (ms / 1e3);
  }
}

const fmt = (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : `${(v / 1e3).toFixed(1)} k`);
console.log('grid cells/s (512 × 512 FunctionGrid.evaluate, Node):');
for (const f of FUNCTIONS) {
  const [s, v] = [results.scalar.grid[f], results.simd128.grid[f]];
  console.log(`  ${f.padEnd(16)} scalar ${fmt(s).padStart(9)}   simd128 ${fmt(v).padStart(9)}   ×${(v / s).toFixed(2)}`);
}
console.log('sweep configurations/s (64 × 64 cells × 1,000 steps, Rosenbrock, Node):');
for (const name of ['adam', 'sgd']) {
  const [s, v] = [results.scalar.sweep[name], results.simd128.sweep[name]];
  console.log(
    `  ${name.padEnd(16)} scalar ${fmt(s).padStart(9)}   simd128 ${fmt(v).padStart(9)}   ×${(v / s).toFixed(2)}` +
      `   (${((v * 1000) / 1e6).toFixed(0)} M updates/s with SIMD)`,
  );
}

// The page: 128 × 128 × 1000 in the worker, Start to done, best of 3 per build.
const server = await startServer({ port: 0, quiet: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
console.log('page: 128 × 128 × 1,000-step Adam sweep in the worker, headless Chromium (best of 3):');
const page = {};
try {
  for (const [path, label] of [['/?build=scalar', 'scalar'], ['/', 'simd128']]) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(new URL(path, server.url).href);
    await tab.click('#sweep-details > summary');
    await tab.waitForSelector('#sweep-start:not([disabled])', { timeout: 30000 });
    await tab.selectOption('#sweep-resolution', '128');
    await tab.fill('#sweep-steps', '1000');
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await tab.click('#sweep-start');
      await tab.waitForSelector('#sweep[data-state="done"]', { timeout: 120000 });
      const wall = Date.now() - t0;
      const worker = Number(await tab.getAttribute('#sweep', 'data-elapsed-ms'));
      times.push({ wall, worker });
      await tab.evaluate(() => { document.querySelector('#sweep').dataset.state = 'idle'; });
    }
    const best = times.reduce((a, b) => (b.wall < a.wall ? b : a));
    page[label] = best;
    console.log(`  ${label.padEnd(16)} click to drawn ${best.wall} ms (worker compute + colouring ${best.worker} ms)`);
    await tab.close();
  }
  console.log(
    `  simd128 vs scalar: worker compute ×${(page.scalar.worker / page.simd128.worker).toFixed(2)}, ` +
      `click to drawn ×${(page.scalar.wall / page.simd128.wall).toFixed(2)}; ` +
      `target < 1000 ms with SIMD: ${page.simd128.wall < 1000 ? 'met' : 'NOT met'}`,
  );
} finally {
  await browser.close();
  await server.close();
}
