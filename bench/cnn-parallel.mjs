#!/usr/bin/env node
// Aggregate CNN training throughput of 1, 2 and 4 runs trained at once by the CNN page's
// comparison (each run in its own worker), in headless Chromium, beside the same training in
// Node, all in one run so that the ratios compare like with like on a shared machine.
//
// Workload: the default network, Adam(learning_rate=0.001), batch 32, seed 1, all 8,000 training
// digits (250 updates per epoch), simd128 build.
//   - Node: one session, 20 warm-up batches, then 240 batches timed.
//   - Chromium, the page: cnn.html?compare=[N × that configuration]&parallel=N&compare_epochs=
//     EPOCHS (3 unless set), Start pressed, the page's own training with its progress messages,
//     progress rows and chart drawing (not a loop evaluated in the page). Timed from the moment
//     every worker trains (the last of their `running` answers reaching the page, so that worker
//     start-up and a staggered start are not counted) to the moment the last one is done (its
//     `done`, after its last epoch's evaluation); only the examples trained inside that window
//     count (each progress message's examples pro rata over the time since its worker's previous
//     message). Nothing polls the page while it trains. Beside the rate, over the same window
//     (sampled when the page reports its edges through a binding): the page's main thread busy
//     time and CPU time per second (DevTools' Performance.getMetrics TaskDuration, ThreadTime),
//     layouts per second, the CPU time of Chromium's other threads (not the workers'; /proc) and
//     the workers' messages per second and their bytes. The main thread's and the other threads'
//     CPU are what the page takes from the workers on a machine with as many cores as runs; they
//     are CPU time, so they stay meaningful on a shared machine, where wall-clock ratios are low.
//   - BEFORE=<a www/ directory> (e.g. another checkout's, built) measures that page beside this
//     one in the same run, alternating, for a before/after.
//   - Chromium, the page's worker script alone (cnn-worker.js driven from the page without the
//     comparison): its wall-clock rate from its progress messages, the rate of its first WARM
//     updates (V8's baseline tier until the optimizing compiler catches up), and the rate inside
//     the wasm calls alone; where the page's one run stands against the wasm in the same browser.
//   - Node worker threads, 1, 2 and 4 at once: what the machine itself gives to parallel runs
//     while it is shared with other jobs (the ceiling of the page's ratios in the same run).
// Each measurement runs ROUNDS times, alternating; the first table keeps each one's best, the
// second the median of the ratios within each round.
// Usage: [ROUNDS=2] [EPOCHS=3] [BEFORE=../other/www] node bench/cnn-parallel.mjs
//   (after scripts/lib.sh build_wasm; the cnn module suffices)
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { startSession } from '../tests/e2e/harness.mjs';

const ROOT = new URL('../www/', import.meta.url);
const OPTIMIZER = { name: 'adam', learning_rate: 0.001 };
const BATCH = 32;
const WARM = 20;
const LAST = 240;
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const EPOCHS = Number(process.env.EPOCHS ?? 3);
/** /proc's clock ticks per second (Linux's USER_HZ). */
const TICKS = 100;

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

/** Every process's children, from /proc. */
function childProcesses() {
  const parents = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(p)]);
    } catch { /* the process ended meanwhile */ }
  }
  return parents;
}

/** CPU time (ms) of every thread of the process tree under `root`, by `pid/tid`, from /proc. */
function threadTimes(root) {
  const parents = childProcesses();
  const times = new Map();
  const visit = (pid) => {
    let tids = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { return; }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        times.set(`${pid}/${tid}`, { name, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS });
      } catch { /* the thread ended meanwhile */ }
    }
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  visit(root);
  return times;
}

/**
 * CPU ms of Chromium's threads between two `threadTimes`, without the workers' (whose threads
 * are gone once their run is over): what the browser spent beside the training.
 */
function besideWorkers(before, after) {
  let ms = 0;
  for (const [key, t] of after) {
    if (t.name.startsWith('DedicatedWorker')) continue;
    ms += t.ms - (before.get(key)?.ms ?? 0);
  }
  return ms;
}

/**
 * Wraps `Worker` in the page before its scripts run: every message a worker sends is recorded
 * with the time it reached the main thread, what it was and roughly how many bytes it carried;
 * when the `runs`-th worker answers `running`, and when the `runs`-th is `done`, the page tells
 * the bench (`__trainingEdge`), which samples the CPU counters there.
 */
function recordWorkerMessages(runs) {
  const Original = window.Worker;
  window.__workerLog = [];
  const seen = { running: 0, done: 0 };
  const size = (v) => {
    if (ArrayBuffer.isView(v)) return v.byteLength;
    if (v && typeof v === 'object') return Object.values(v).reduce((n, x) => n + size(x), 0) + 8;
    return 8;
  };
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      const log = [];
      window.__workerLog.push(log);
      this.addEventListener('message', ({ data: m }) => {
        log.push({ t: performance.now(), type: m?.type, state: m?.state, examples: m?.chunk?.examples ?? 0, bytes: size(m) });
        const edge = m?.type === 'done' ? 'done' : (m?.type === 'state' && m.state === 'running' ? 'running' : null);
        if (edge && ++seen[edge] === runs) window.__trainingEdge(edge);
      });
    }
  };
}

/**
 * The page's comparison with `n` copies of the workload, `n` workers at once, served from `root`.
 * Aggregate examples/s from the moment every worker trains (the last of their `running` answers)
 * to the moment the last one is done (its `done`), counting only the examples trained inside
 * that window (a message's examples pro rata over the time since its worker's previous one).
 * Over the same window: the main thread's busy and CPU time per second (DevTools' TaskDuration
 * and ThreadTime), its layouts, the CPU of Chromium's other threads (not the workers'), and the
 * workers' messages per second and their bytes.
 */
async function pageRate(session, n) {
  const compare = encodeURIComponent(JSON.stringify(Array.from({ length: n }, () => OPTIMIZER)));
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const edges = {};
  let bothEdges;
  const finished = new Promise((resolve) => { bothEdges = resolve; });
  await page.exposeFunction('__trainingEdge', async (edge) => {
    const cpu = threadTimes(session.pid);
    edges[edge] = { cpu, metrics: await metrics() };
    if (edge === 'done') bothEdges();
  });
  await page.addInitScript(recordWorkerMessages, n);
  await page.goto(new URL(`/cnn.html?parallel=${n}&compare_epochs=${EPOCHS}&compare_batch=${BATCH}&compare_subset=8000&compare=${compare}`, session.url).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  // Nothing polls the page while it trains (a polling wait would keep its main thread busy).
  await page.click('#compare-start');
  await finished;
  // The page's own comparison: the workers after the single run's.
  const logs = (await page.evaluate(() => window.__workerLog)).slice(1);
  await page.close();
  const startedAt = logs.map((log) => log.find((m) => m.type === 'state' && m.state === 'running').t);
  const from = Math.max(...startedAt);
  const to = Math.max(...logs.map((log) => log.find((m) => m.type === 'done').t));
  let examples = 0;
  logs.forEach((log, i) => {
    let previous = startedAt[i];
    for (const m of log.filter((x) => x.type === 'progress')) {
      // Two messages handled in one task share a time stamp: the second one lies wholly after.
      if (m.t > from) examples += previous >= from ? m.examples : (m.examples * (m.t - from)) / (m.t - previous);
      previous = m.t;
    }
  });
  const seconds = (to - from) / 1000;
  const [m0, m1] = [edges.running.metrics, edges.done.metrics];
  const messages = logs.flat().filter((m) => m.t > from && m.t <= to);
  return {
    rate: examples / seconds,
    stagger: from - Math.min(...startedAt),
    mainBusy: ((m1.TaskDuration - m0.TaskDuration) * 1000) / seconds,
    mainCpu: ((m1.ThreadTime - m0.ThreadTime) * 1000) / seconds,
    layouts: (m1.LayoutCount - m0.LayoutCount) / seconds,
    beside: besideWorkers(edges.running.cpu, edges.done.cpu) / seconds,
    messages: messages.length / seconds,
    bytes: messages.reduce((b, m) => b + m.bytes, 0) / seconds,
  };
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

/** The page's code to measure: this checkout's www/, and with BEFORE=<a www/ directory> that one beside it. */
const VERSIONS = [...(process.env.BEFORE ? [{ name: 'before', root: process.env.BEFORE }] : []), { name: process.env.BEFORE ? 'after' : 'the page', root: undefined }];

/** A browser session with its Chromium's process id (the tree whose threads are timed). */
async function sessionWithPid(root) {
  const chromiumChildren = () => childProcesses().get(process.pid) ?? [];
  const known = new Set(chromiumChildren());
  const session = await startSession({ root });
  session.pid = Number(chromiumChildren().find((p) => !known.has(p)));
  return session;
}

const best = {};
/** Every round's rate per measurement, for the ratios within a round. */
const perRound = {};
const keep = (k, v) => {
  best[k] = Math.max(best[k] ?? 0, v);
  (perRound[k] ??= []).push(v);
};
/** The page's side measures of each round, averaged. */
const sides = {};
const sessions = [];
try {
  for (const v of VERSIONS) {
    v.session = await sessionWithPid(v.root);
    sessions.push(v.session);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    keep('node', await nodeRate());
    for (const n of [1, 2, 4]) {
      for (const v of VERSIONS) {
        const r = await pageRate(v.session, n);
        keep(`${v.name}-${n}`, r.rate);
        (sides[`${v.name}-${n}`] ??= []).push(r);
      }
      keep(`node-threads-${n}`, await nodeThreads(n));
    }
    const bare = await bareWorkerRates(VERSIONS.at(-1).session);
    keep('bare-wall', bare.wall);
    keep('bare-early', bare.early);
    keep('bare-wasm', bare.wasm);
  }
} finally {
  for (const s of sessions) await s.close();
}
const fmt = (v) => Math.round(v).toLocaleString('en');
const mean = (list, k) => list.reduce((a, r) => a + r[k], 0) / list.length;
const page = VERSIONS.at(-1).name;
const one = best[`${page}-1`];
const threads = best['node-threads-1'];
console.log(`CNN training, aggregate examples/s (best of ${ROUNDS}; Adam, batch ${BATCH}, 8,000 digits, ${EPOCHS} epoch${EPOCHS === 1 ? '' : 's'}, simd128, ${(await import('node:os')).cpus().length} cores):`);
console.log(`| runs at once | ${VERSIONS.map((v) => `the page${VERSIONS.length > 1 ? ` (${v.name})` : ''}, headless Chromium | ÷ one run`).join(' | ')} | Node worker threads (the machine) | ÷ one thread |`);
console.log(`|---|${VERSIONS.map(() => '---:|---:|').join('')}---:|---:|`);
for (const n of [1, 2, 4]) {
  const pages = VERSIONS.map((v) => `${fmt(best[`${v.name}-${n}`])} | ${(best[`${v.name}-${n}`] / best[`${v.name}-1`]).toFixed(2)}×`);
  console.log(`| ${n} | ${pages.join(' | ')} | ${fmt(best[`node-threads-${n}`])} | ${(best[`node-threads-${n}`] / threads).toFixed(2)}× |`);
}
// The host's load drifts between measurements minutes apart, so besides the best rates the
// ratio of n runs to one run is also taken within each round (measurements seconds apart) and
// the median of those per-round ratios given.
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const roundRatios = (prefix, n) => perRound[`${prefix}-${n}`].map((r, i) => r / perRound[`${prefix}-1`][i]);
console.log(`\nn runs ÷ one run within each round (median of ${ROUNDS}; every round's ratio in brackets):`);
console.log(`| runs at once | ${VERSIONS.map((v) => `the page${VERSIONS.length > 1 ? ` (${v.name})` : ''}`).join(' | ')} | Node worker threads |`);
console.log(`|---|${VERSIONS.map(() => '---:|').join('')}---:|`);
for (const n of [2, 4]) {
  const cell = (prefix) => {
    const rs = roundRatios(prefix, n);
    return `${median(rs).toFixed(2)}× (${rs.map((r) => r.toFixed(2)).join(', ')})`;
  };
  console.log(`| ${n} | ${VERSIONS.map((v) => cell(v.name)).join(' | ')} | ${cell('node-threads')} |`);
}
console.log(`\nBeside the training, per second of the timed window (mean of ${ROUNDS}):`);
console.log('| the page | runs | main thread busy, ms/s | main thread CPU, ms/s | other Chromium threads (not the workers) CPU, ms/s | layouts/s | messages/s | message KB/s | workers started apart, ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of [1, 2, 4]) {
  for (const v of VERSIONS) {
    const list = sides[`${v.name}-${n}`];
    const cells = ['mainBusy', 'mainCpu', 'beside', 'layouts', 'messages'].map((k) => mean(list, k).toFixed(k === 'messages' || k === 'layouts' ? 1 : 0));
    console.log(`| ${v.name} | ${n} | ${cells.join(' | ')} | ${(mean(list, 'bytes') / 1024).toFixed(1)} | ${mean(list, 'stagger').toFixed(0)} |`);
  }
}
console.log('\n| one run | examples/s | ÷ Node |');
console.log('|---|---:|---:|');
console.log(`| Node, initSync, main thread | ${fmt(best.node)} | 1 |`);
console.log(`| Chromium, the page (comparison of 1, charts and table drawn) | ${fmt(one)} | ${(one / best.node).toFixed(2)} |`);
console.log(`| Chromium, the page's worker script alone, wall clock | ${fmt(best['bare-wall'])} | ${(best['bare-wall'] / best.node).toFixed(2)} |`);
console.log(`| Chromium, the same worker, its first ${WARM} updates from Start (tier-up) | ${fmt(best['bare-early'])} | ${(best['bare-early'] / best.node).toFixed(2)} |`);
console.log(`| Chromium, the same worker, time inside wasm only | ${fmt(best['bare-wasm'])} | ${(best['bare-wasm'] / best.node).toFixed(2)} |`);
