#!/usr/bin/env node
// A/B of the CNN between builds of this crate, side by side in one Node process: training
// examples/s (4 chunks of 25 batches of 32 after a 5-batch warm-up) and inference examples/s
// (the 2,000 test digits), best of 4 interleaved rounds, for each wasm-pack output directory
// given. Use it to measure a change against the commit before it:
//
//   cp -r www/pkg /tmp/pkg-before          # built from the old commit
//   source scripts/lib.sh && build_wasm    # the new one
//   node bench/cnn-ab.mjs /tmp/pkg-before www/pkg
//
// Default network, Adam(learning_rate=0.001), seed 1, www/data/mnist-10k.bin.
//
// With --kernels it times the kernel microbenchmarks instead (the exports benchKernel and
// benchPeak, src/cnn/bench.rs): conv1, conv2 and dense forward in GFLOP/s, and each as a share
// of the arithmetic peak (12 independent f32x4 mul+add chains) measured in the same run. Every
// (build, workload) pair gets 25 windows of 100 ms, interleaved across builds and workloads, and
// keeps its best window: the one least disturbed by other processes.
//
//   node bench/cnn-ab.mjs --kernels /tmp/pkg-simd-before www/pkg-simd
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const kernels = args.includes('--kernels');
const dirs = args.filter((a) => a !== '--kernels');
if (dirs.length === 0) {
  console.error('usage: node bench/cnn-ab.mjs [--kernels] <wasm-pack out dir> [<out dir> ...]');
  process.exit(2);
}
const bytes = new Uint8Array(await readFile(new URL('../www/data/mnist-10k.bin', import.meta.url)));

async function load(dir) {
  const base = pathToFileURL(`${resolve(dir)}/`);
  // The CNN page's module, or the single module of builds before the split.
  const name = existsSync(new URL('cnn.js', base)) ? 'cnn' : 'optimizer_playground';
  const wasm = await import(new URL(`${name}.js`, base).href);
  wasm.initSync({ module: await readFile(new URL(`${name}_bg.wasm`, base)) });
  return wasm;
}

/** One round: [training examples/s, inference examples/s]. */
function round(wasm) {
  const session = new wasm.CnnSession(bytes, { conv1_filters: 8, conv2_filters: 16, kernel_size: 5 }, { name: 'adam', learning_rate: 0.001 }, 32, 1, undefined);
  session.trainBatches(5);
  let examples = 0;
  const t0 = performance.now();
  for (let i = 0; i < 4; i++) examples += session.trainBatches(25).examples;
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  const test = session.evaluateTest(2000);
  const inferMs = performance.now() - t1;
  session.free();
  return [(examples / trainMs) * 1000, (test.examples ?? 2000) / inferMs * 1000];
}

const builds = [];
for (const dir of dirs) builds.push({ dir, wasm: await load(dir), train: 0, infer: 0 });

/** GFLOP/s of `run()` (which returns the flops it did) over one window of `ms` milliseconds. */
function window(run, ms) {
  let flops = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) flops += run();
  return flops / ((performance.now() - t0) * 1e6);
}

if (kernels) {
  const workloads = {
    peak: (w) => w.benchPeak(20_000),
    conv1: (w) => w.benchKernel('conv1', 4),
    conv2: (w) => w.benchKernel('conv2', 4),
    dense: (w) => w.benchKernel('dense', 40),
  };
  for (const b of builds) b.best = Object.fromEntries(Object.keys(workloads).map((k) => [k, 0]));
  for (let r = 0; r < 25; r++) {
    for (const [name, run] of Object.entries(workloads)) {
      for (const b of builds) b.best[name] = Math.max(b.best[name], window(() => run(b.wasm), 100));
    }
  }
  // One peak for every build (the same loop in each): the best any of them reached.
  const peak = Math.max(...builds.map((b) => b.best.peak));
  console.log(`peak (12 independent f32x4 mul+add chains, best of the builds): ${peak.toFixed(1)} GFLOP/s`);
  console.log(`| build | peak | ${Object.keys(workloads).slice(1).map((k) => `${k} GFLOP/s (% of peak)`).join(' | ')} |`);
  console.log(`|---|---:|${Object.keys(workloads).slice(1).map(() => '---:').join('|')}|`);
  for (const b of builds) {
    const cells = Object.keys(workloads).slice(1).map((k) => {
      const vs = b === builds[0] ? '' : ` ×${(b.best[k] / builds[0].best[k]).toFixed(2)}`;
      return `${b.best[k].toFixed(1)} (${((100 * b.best[k]) / peak).toFixed(0)}%)${vs}`;
    });
    console.log(`| ${b.dir} | ${b.best.peak.toFixed(1)} | ${cells.join(' | ')} |`);
  }
  process.exit(0);
}
for (let r = 0; r < 4; r++) {
  for (const b of builds) {
    const [train, infer] = round(b.wasm);
    b.train = Math.max(b.train, train);
    b.infer = Math.max(b.infer, infer);
  }
}
for (const b of builds) {
  const vs = b === builds[0] ? '' : `   train ×${(b.train / builds[0].train).toFixed(3)} vs ${builds[0].dir}`;
  console.log(`${b.dir.padEnd(28)} train ${b.train.toFixed(0).padStart(6)} examples/s   infer ${b.infer.toFixed(0).padStart(6)} examples/s${vs}`);
}
