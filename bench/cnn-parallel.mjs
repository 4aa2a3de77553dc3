#!/usr/bin/env node
// Aggregate CNN training throughput of 1, 2 and 4 runs trained at once by the CNN page's
// comparison (each run in its own worker), in headless Chromium, beside the same training in
// Node, all in one run so that the ratios compare like with like on a shared machine.
//
// Workload: the default network, Adam(learning_rate=0.001), batch 32, seed 1, all 8,000 training
// digits (250 updates per epoch), simd128 build.
//   - Node: one session, 20 warm-up batches, then 240 batches timed.
//   - Chromium, the page: cnn.html?compare=[N × that configuration]&parallel=N; the progress
//     bars are sampled while every run is between update 20 and 240 of its first epoch (after
//     worker start-up and tier-up, before the evaluation at the epoch's end): aggregate
//     examples/s = updates × 32 / elapsed, summed over the runs. This is the page's own training,
//     with its progress messages and chart drawing, not a loop evaluated in the page.
//   - Chromium, the page's worker script alone (cnn-worker.js driven from the page without the
//     comparison): its wall-clock rate from its progress messages, the rate of its first WARM
//     updates (V8's baseline tier until the optimizing compiler catches up), and the rate inside
//     the wasm calls alone; where the page's one run stands against the wasm in the same browser.
//   - Node worker threads, 1, 2 and 4 at once: what the machine itself gives to parallel runs
//     while it is shared with other jobs (the ceiling of the page's ratios in the same run).
// Each measurement runs ROUNDS times, alternating; the table keeps each one's best.
// Usage: node bench/cnn-parallel.mjs   (after scripts/lib.sh build_wasm; the cnn module suffices)
import { readFile } from 'node:fs/promises';
import { startSession } from '../tests/e2e/harness.mjs';

const ROOT = new URL('../www/', import.meta.url);
const OPTIMIZER = { name: 'adam', learning_rate: 0.001 };
const BATCH = 32;
const WARM = 20;
const LAST = 240;
const ROUNDS = Number(process.env.ROUNDS ?? 2);

async function nodeRate() {
  const dir = new URL('pkg-simd/', ROOT);
  const wasm = await import(new URL('cnn.js', dir).href);
  wasm.initSync({ module: await readFile(new URL('cnn_bg.wasm', dir)) });
  const bytes = new Uint8Array(await readFile(new URL('data/mnist-10k.bin', ROOT)));
  const s = new wasm.CnnSession(bytes, undefined, OPTIMIZER, BATCH, 1, undefined);
  for (let done = 0; done < WARM;) done += s.trainBatches(WARM - done).batches;
  let examples = 0;
  const t0 = performance.now();
  for (let done = WARM; done < LAST;) {
    const c = s.trainBatches(Math.min(25, LAST - done));
    done += c.batches;
    examples += c.examples;
  }
  const rate = (examples / (performance.now() - t0)) * 1000;
  s.free();
  return rate;
}

/** The page's comparison with `n` copies of the workload, `n` workers at once. */
async function pageRate(session, n) {
  const compare = encodeURIComponent(JSON.stringify(Array.from({ length: n }, () => OPTIMIZER)));
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(new URL(`/cnn.html?parallel=${n}&compare_epochs=1&compare_batch=${BATCH}&compare_subset=8000&compare=${compare}`, session.url).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.click('#compare-start');
  const sample = () => page.evaluate(() => ({
    t: performance.now(),
    its: [...document.querySelectorAll('#compare-progress progress')].map((p) => p.value),
  }));
  let first = null;
  let last = null;
  for (;;) {
    const s = await sample();
    if (s.its.length === n && s.its.every((v) => v >= WARM)) {
      if (s.its.some((v) => v > LAST)) break;
      if (!first) first = s;
      last = s;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.waitForSelector('body[data-compare-state="done"]', { timeout: 600000 });
  await page.close();
  const updates = last.its.reduce((a, b) => a + b, 0) - first.its.reduce((a, b) => a + b, 0);
  return (updates * BATCH) / ((last.t - first.t) / 1000);
}

/**
 * The page's worker script alone, driven from the page without the comparison around it: its
 * progress messages give the wall-clock rate (as the page would see it, without chart work) and
 * the rate of the wasm calls alone (their summed `ms`).
 */
async function bareWorkerRates(session) {
  const page = await session.browser.newPage();
  await page.goto(new URL('/cnn.html', session.url).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  const chunks = await page.evaluate(({ optimizer, batch }) => new Promise((resolve, reject) => {
    const w = new Worker('/js/cnn-worker.js', { type: 'module' });
    const seen = [];
    w.onmessage = ({ data: m }) => {
      if (m.type === 'ready') {
        seen.push({ t: performance.now(), it: 0, examples: 0, ms: 0 });
        w.postMessage({
          type: 'start', network: { conv1_filters: 8, conv2_filters: 16, kernel_size: 5 }, optimizer, epochs: 1, batchSize: batch, seed: 1, subset: 8000,
        });
      } else if (m.type === 'progress') seen.push({ t: performance.now(), it: m.chunk.iterations, examples: m.chunk.examples, ms: m.ms });
      else if (m.type === 'done') {
        w.terminate();
        resolve(seen);
      } else if (m.type === 'error') reject(new Error(m.message));
    };
    w.postMessage({ type: 'init', build: 'simd128', data: 'data/mnist-10k.bin', testHooks: false, lean: true });
  }), { optimizer: OPTIMIZER, batch: BATCH });
  await page.close();
  const window = chunks.filter((c) => c.it > WARM && c.it <= LAST);
  const first = chunks[chunks.indexOf(window[0]) - 1];
  const last = window.at(-1);
  const examples = window.reduce((a, c) => a + c.examples, 0);
  const early = chunks.filter((c) => c.it > 0 && c.it <= WARM);
  return {
    // From Start to update WARM: the worker compiles nothing then, but V8 runs the module in its
    // baseline tier until the optimizing compiler has caught up.
    early: (early.reduce((a, c) => a + c.examples, 0) / (early.at(-1).t - chunks[0].t)) * 1000,
    wall: (examples / (last.t - first.t)) * 1000,
    wasm: (examples / window.reduce((a, c) => a + c.ms, 0)) * 1000,
  };
}

/** The machine's own scaling: the same loop in `n` Node worker threads at once. */
async function nodeThreads(n) {
  const { Worker } = await import('node:worker_threads');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    import(workerData.glue).then((wasm) => {
      wasm.initSync({ module: readFileSync(workerData.wasm) });
      const s = new wasm.CnnSession(new Uint8Array(readFileSync(workerData.data)), undefined, workerData.optimizer, workerData.batch, 1, undefined);
      for (let done = 0; done < workerData.warm;) done += s.trainBatches(workerData.warm - done).batches;
      let examples = 0;
      const t0 = performance.now();
      for (let done = workerData.warm; done < workerData.last;) { const c = s.trainBatches(Math.min(25, workerData.last - done)); done += c.batches; examples += c.examples; }
      parentPort.postMessage(examples / (performance.now() - t0) * 1000);
    });`;
  const workerData = {
    glue: new URL('pkg-simd/cnn.js', ROOT).href,
    wasm: new URL('pkg-simd/cnn_bg.wasm', ROOT).pathname,
    data: new URL('data/mnist-10k.bin', ROOT).pathname,
    optimizer: OPTIMIZER,
    batch: BATCH,
    warm: WARM,
    last: LAST,
  };
  const rates = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData });
    w.once('message', (v) => { resolve(v); w.terminate(); });
    w.once('error', reject);
  })));
  return rates.reduce((a, b) => a + b, 0);
}

const best = {};
const keep = (k, v) => { best[k] = Math.max(best[k] ?? 0, v); };
const session = await startSession();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    keep('node', await nodeRate());
    for (const n of [1, 2, 4]) {
      keep(`page-${n}`, await pageRate(session, n));
      keep(`node-threads-${n}`, await nodeThreads(n));
    }
    const bare = await bareWorkerRates(session);
    keep('bare-wall', bare.wall);
    keep('bare-early', bare.early);
    keep('bare-wasm', bare.wasm);
  }
} finally {
  await session.close();
}
const fmt = (v) => Math.round(v).toLocaleString('en');
const one = best['page-1'];
const threads = best['node-threads-1'];
console.log(`CNN training, aggregate examples/s (best of ${ROUNDS}; Adam, batch ${BATCH}, 8,000 digits, simd128, ${(await import('node:os')).cpus().length} cores):`);
console.log('| runs at once | the page, headless Chromium | ÷ one run | Node worker threads (the machine) | ÷ one thread |');
console.log('|---|---:|---:|---:|---:|');
for (const n of [1, 2, 4]) {
  console.log(`| ${n} | ${fmt(best[`page-${n}`])} | ${(best[`page-${n}`] / one).toFixed(2)}× | ${fmt(best[`node-threads-${n}`])} | ${(best[`node-threads-${n}`] / threads).toFixed(2)}× |`);
}
console.log('\n| one run | examples/s | ÷ Node |');
console.log('|---|---:|---:|');
console.log(`| Node, initSync, main thread | ${fmt(best.node)} | 1 |`);
console.log(`| Chromium, the page (comparison of 1, charts and table drawn) | ${fmt(one)} | ${(one / best.node).toFixed(2)} |`);
console.log(`| Chromium, the page's worker script alone, wall clock | ${fmt(best['bare-wall'])} | ${(best['bare-wall'] / best.node).toFixed(2)} |`);
console.log(`| Chromium, the same worker, its first ${WARM} updates from Start (tier-up) | ${fmt(best['bare-early'])} | ${(best['bare-early'] / best.node).toFixed(2)} |`);
console.log(`| Chromium, the same worker, time inside wasm only | ${fmt(best['bare-wasm'])} | ${(best['bare-wasm'] / best.node).toFixed(2)} |`);
