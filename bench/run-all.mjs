#!/usr/bin/env node
// The whole benchmark suite in one Node run, side by side (README "Benchmarks"):
//   1. CNN training and inference examples/s of the default network (Conv 8×5×5 same, ReLU,
//      MaxPool 2, Conv 16×5×5 same, ReLU, MaxPool 3, Dense 10), batch 20, on the committed
//      www/data/mnist-10k.bin: this project's simd128 and scalar wasm builds (Node, initSync),
//      the native build of the same core (examples/bench_cnn_native.rs), TF.js 4.22 on its wasm
//      backend (SIMD, one thread) and on its CPU backend, and ConvNetJS 0.3.0;
//   2. the simd128/scalar pair in headless Chromium;
//   3. the 2D workloads (bench/trajectory-node.mjs, bench/sweep.mjs);
//   4. kernel GFLOP/s (conv and dense forward) against this machine's simd128 peak;
//   5. .wasm sizes, raw and gzipped.
// Usage: node bench/run-all.mjs   (after `source scripts/lib.sh && build_wasm` and `npm ci`)
// Set BENCH_SKIP=chromium,2d to leave sections out.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const ROOT = new URL('../', import.meta.url);
const WWW = new URL('www/', ROOT);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const BATCH = 20;
const LR = 0.001;
const ROUNDS = 2; // every implementation runs once per round; the table keeps each one's best
// Training batches per measurement (after 2 warm-up batches): 100 batches = 2,000 digits for
// the fast implementations, 20 = 400 digits for ConvNetJS, 5 = 100 digits for TF.js's CPU
// backend (about 4 s per batch here).
const BATCHES = { fast: 100, slow: 20, slowest: 5 };
const TEST = 2000; // inference: all 2,000 test digits

// ---------------------------------------------------------------------------------------------
// The MNIST asset (layout in src/cnn/mnist.rs): 28-byte header, train pixels, train labels, test
// pixels, test labels.
const ASSET = new Uint8Array(readFileSync(new URL('data/mnist-10k.bin', WWW)));
function parseAsset(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const nTrain = view.getUint32(16, true);
  const nTest = view.getUint32(20, true);
  let at = 28;
  const take = (n) => bytes.subarray(at, (at += n));
  return {
    trainX: take(nTrain * 784), trainY: take(nTrain), testX: take(nTest * 784), testY: take(nTest), nTrain, nTest,
  };
}
const DATA = parseAsset(ASSET);

const now = () => performance.now();

// ---------------------------------------------------------------------------------------------
// This project's wasm builds in Node: the CNN page's module.
async function loadBuild(dir) {
  const wasm = await import(new URL(`${dir}/cnn.js`, WWW).href);
  wasm.initSync({ module: readFileSync(new URL(`${dir}/cnn_bg.wasm`, WWW)) });
  return wasm;
}

function oursCnn(wasm, batches) {
  const session = new wasm.CnnSession(ASSET, undefined, { name: 'adam', learning_rate: LR }, BATCH, 1, undefined);
  session.trainBatches(2); // warm-up
  let examples = 0;
  let done = 0;
  const t0 = now();
  while (done < batches) {
    const chunk = session.trainBatches(batches - done); // stops early at an epoch's end
    done += chunk.batches;
    examples += chunk.examples;
  }
  const train = (examples / (now() - t0)) * 1e3;
  const t1 = now();
  const evaluation = session.evaluateTest(TEST);
  const infer = (evaluation.count / (now() - t1)) * 1e3;
  session.free();
  return { train, infer };
}

// ---------------------------------------------------------------------------------------------
// Native build of the same core: examples/bench_cnn_native.rs prints one JSON object.
function nativeRun(batches) {
  const r = spawnSync('cargo', ['run', '--release', '--quiet', '--example', 'bench_cnn_native', '--', String(batches)], {
    cwd: fileURLToPath(ROOT), encoding: 'utf8', env: { ...process.env, RUSTFLAGS: '' },
  });
  if (r.status !== 0) throw new Error(`bench_cnn_native failed: ${r.stderr}`);
  const json = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { train: json.train_examples_per_s, infer: json.infer_examples_per_s, json };
}

// ---------------------------------------------------------------------------------------------
// TF.js 4.22: the same network as a Keras-style Sequential, Adam(0.001), batch 20, trained with
// trainOnBatch on pre-built batch tensors; inference is model.predict on the 2,000 test digits.
const tf = require('@tensorflow/tfjs');
const tfWasm = require('@tensorflow/tfjs-backend-wasm');

/**
 * The wasm backend of TF.js 4.22 has no Conv2DBackpropFilter kernel (tensorflow/tfjs#8474), so
 * the first Conv2D gradient throws. This registers one built from the backend's own Transpose
 * and Conv2D kernels: for stride 1 and no dilation,
 *   dW[kh, kw, ci, co] = Σ_{n, y, x} x_pad[n, y + kh, x + kw, ci] · dy[n, y, x, co],
 * which is a "valid" convolution of x transposed to [ci, H, W, n] (channels as the batch, the
 * batch as the channels) with dy transposed to [OH, OW, n, co] as the filter, padded by the
 * forward pass's padding; its [ci, kh, kw, co] result transposed to [kh, kw, ci, co] is dW.
 */
function registerWasmConv2DBackpropFilter() {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return 'built in';
  const transpose = tf.getKernel('Transpose', 'wasm').kernelFunc;
  const conv2d = tf.getKernel('Conv2D', 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, filterShape } = attrs;
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      if (sh !== 1 || sw !== 1 || (dataFormat ?? 'NHWC') !== 'NHWC') {
        throw new Error('Conv2DBackpropFilter (wasm): only stride 1, NHWC is registered');
      }
      const [, h, w] = x.shape;
      const [, oh, ow] = dy.shape;
      const [fh, fw] = filterShape;
      let top; let left; let bottom; let right;
      if (pad === 'valid') {
        top = left = bottom = right = 0;
      } else if (pad === 'same') {
        const padH = Math.max(oh - 1 + fh - h, 0);
        const padW = Math.max(ow - 1 + fw - w, 0);
        top = Math.floor(padH / 2); bottom = padH - top;
        left = Math.floor(padW / 2); right = padW - left;
      } else if (typeof pad === 'number') {
        top = left = bottom = right = pad;
      } else {
        throw new Error(`Conv2DBackpropFilter (wasm): pad ${JSON.stringify(pad)} not registered`);
      }
      const xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
      const dyT = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
      const out = conv2d({
        inputs: { x: xT, filter: dyT },
        backend,
        attrs: {
          strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1],
        },
      });
      const dW = transpose({ inputs: { x: out }, backend, attrs: { perm: [1, 2, 0, 3] } });
      for (const t of [xT, dyT, out]) backend.disposeData(t.dataId);
      return dW;
    },
  });
  return 'registered (Transpose + Conv2D)';
}

function tfModel() {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(LR), loss: 'categoricalCrossentropy' });
  return model;
}

function tfImages(pixels, n) {
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255;
  return tf.tensor4d(x, [n, 28, 28, 1]);
}

async function tfCnn(backend, batches) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = tfModel();
  const xs = [];
  const ys = [];
  for (let b = 0; b < batches + 2; b++) {
    const from = (b * BATCH) % DATA.nTrain;
    xs.push(tfImages(DATA.trainX.subarray(from * 784, (from + BATCH) * 784), BATCH));
    ys.push(tf.oneHot(tf.tensor1d(Array.from(DATA.trainY.subarray(from, from + BATCH)), 'int32'), 10));
  }
  for (let b = 0; b < 2; b++) await model.trainOnBatch(xs[b], ys[b]); // warm-up
  const t0 = now();
  for (let b = 2; b < batches + 2; b++) await model.trainOnBatch(xs[b], ys[b]);
  const train = ((batches * BATCH) / (now() - t0)) * 1e3;
  const testX = tfImages(DATA.testX, DATA.nTest);
  const t1 = now();
  const probs = model.predict(testX, { batchSize: 100 });
  await probs.data();
  const infer = (DATA.nTest / (now() - t1)) * 1e3;
  tf.dispose([xs, ys, testX, probs]);
  model.dispose();
  return { train, infer };
}

// ---------------------------------------------------------------------------------------------
// ConvNetJS 0.3.0: the same layers; it has no Adam (its `method: 'adam'` silently runs SGD with
// momentum), so it trains with `adadelta` as its MNIST demo does (batch 20, l2_decay 0.001).
const convnetjs = require('convnetjs');

function convnetCnn(batches) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 3, stride: 3 },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: 'adadelta', batch_size: BATCH, l2_decay: 0.001 });
  const vol = (pixels, i) => {
    const v = new convnetjs.Vol(28, 28, 1, 0.0);
    for (let p = 0; p < 784; p++) v.w[p] = pixels[i * 784 + p] / 255;
    return v;
  };
  const n = (batches + 2) * BATCH;
  const vols = Array.from({ length: n }, (_, i) => vol(DATA.trainX, i % DATA.nTrain));
  for (let i = 0; i < 2 * BATCH; i++) trainer.train(vols[i], DATA.trainY[i % DATA.nTrain]); // warm-up
  const t0 = now();
  for (let i = 2 * BATCH; i < n; i++) trainer.train(vols[i], DATA.trainY[i % DATA.nTrain]);
  const train = ((batches * BATCH) / (now() - t0)) * 1e3;
  const tests = Array.from({ length: 500 }, (_, i) => vol(DATA.testX, i));
  const t1 = now();
  for (const v of tests) net.forward(v, false);
  const infer = (tests.length / (now() - t1)) * 1e3;
  return { train, infer };
}

// ---------------------------------------------------------------------------------------------
// Kernel GFLOP/s through the wasm exports benchKernel / benchPeak (src/cnn/bench.rs): the best
// of 5 windows of 200 ms each (the best window is the one least disturbed by other processes).
function rate(f) {
  let best = 0;
  for (let window = 0; window < 5; window++) {
    let flops = 0;
    const t0 = now();
    while (now() - t0 < 200) flops += f();
    best = Math.max(best, flops / ((now() - t0) * 1e6));
  }
  return best;
}

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

// ---------------------------------------------------------------------------------------------
const builds = { simd128: await loadBuild('pkg-simd'), scalar: await loadBuild('pkg') };
if (!builds.simd128.buildInfo().simd128 || builds.scalar.buildInfo().simd128) {
  throw new Error('www/pkg-simd must be the simd128 build and www/pkg the scalar one');
}
tfWasm.setThreadsCount(1);
tfWasm.setWasmPaths(fileURLToPath(new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', ROOT)));
require('@tensorflow/tfjs-backend-cpu');
const registration = registerWasmConv2DBackpropFilter();
await tf.setBackend('wasm');
await tf.ready();
const tfWasmFlags = {
  simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
  threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  threadsCount: tfWasm.getThreadsCount(),
};

const IMPLS = [
  ['this project, simd128 wasm (Node)', () => oursCnn(builds.simd128, BATCHES.fast), BATCHES.fast],
  ['this project, scalar wasm (Node)', () => oursCnn(builds.scalar, BATCHES.fast), BATCHES.fast],
  ['this project, native (x86-64, release)', () => nativeRun(BATCHES.fast), BATCHES.fast],
  ['TF.js 4.22 wasm backend, SIMD, 1 thread', () => tfCnn('wasm', BATCHES.fast), BATCHES.fast],
  ['TF.js 4.22 CPU backend', () => tfCnn('cpu', BATCHES.slowest), BATCHES.slowest],
  ['ConvNetJS 0.3.0 (adadelta)', () => convnetCnn(BATCHES.slow), BATCHES.slow],
];
nativeRun(2); // builds the example before anything is timed
const best = new Map();
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, run] of IMPLS) {
    const r = await run();
    const b = best.get(name) ?? { train: 0, infer: 0 };
    best.set(name, { train: Math.max(b.train, r.train), infer: Math.max(b.infer, r.infer), native: r.json ?? b.native });
  }
}

console.log(`CNN, default network, batch ${BATCH}, Adam(learning_rate=${LR}) (ConvNetJS: adadelta), www/data/mnist-10k.bin,`);
console.log(`best of ${ROUNDS} interleaved rounds; inference on the ${TEST} test digits (ConvNetJS: 500)`);
console.log(`TF.js wasm: SIMD ${tfWasmFlags.simd}, multithread support ${tfWasmFlags.threads}, threads ${tfWasmFlags.threadsCount}; Conv2DBackpropFilter ${registration}`);
const ours = best.get(IMPLS[0][0]);
console.log(`| implementation | training batches | train examples/s | inference examples/s | ours simd128 ÷ it (train) |`);
console.log('|---|---:|---:|---:|---:|');
for (const [name, , batches] of IMPLS) {
  const r = best.get(name);
  console.log(`| ${name} | ${batches} | ${fmt(r.train)} | ${fmt(r.infer)} | ${ratio(ours.train, r.train)} |`);
}

if (!SKIP.has('chromium')) {
  const { startSession } = await import('../tests/e2e/harness.mjs');
  const session = await startSession();
  const rows = {};
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const build of ['simd128', 'scalar']) {
        const page = await session.browser.newPage();
        await page.goto(new URL('/cnn.html', session.url).href);
        // The page's own worker compiles the module, fetches the digits and builds its network
        // right after the load: measured before that ends, the loop below shared the cores with
        // it (about a third of the rate on this 2-core machine; bench/cnn-parallel.mjs).
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
        // Evaluated through DevTools (not subject to the page's CSP).
        const r = await page.evaluate(`(async () => {
          const { loadWasm } = await import('/js/wasm.js');
          const { wasm } = await loadWasm(${JSON.stringify(build)}, 'cnn');
          const bytes = new Uint8Array(await (await fetch('/data/mnist-10k.bin')).arrayBuffer());
          const s = new wasm.CnnSession(bytes, undefined, { name: 'adam', learning_rate: ${LR} }, ${BATCH}, 1, undefined);
          // Node times a module it has already run a round with (its best round is tiered up);
          // a new page compiles afresh and starts in V8's baseline tier, so it warms up as long.
          for (let w = 0; w < ${BATCHES.fast};) w += s.trainBatches(${BATCHES.fast} - w).batches;
          let examples = 0, done = 0;
          const t0 = performance.now();
          while (done < ${BATCHES.fast}) { const c = s.trainBatches(${BATCHES.fast} - done); done += c.batches; examples += c.examples; }
          const train = examples / (performance.now() - t0) * 1e3;
          const t1 = performance.now();
          const e = s.evaluateTest(${TEST});
          const infer = e.count / (performance.now() - t1) * 1e3;
          s.free();
          return { train, infer };
        })()`);
        await page.close();
        const b = rows[build] ?? { train: 0, infer: 0 };
        rows[build] = { train: Math.max(b.train, r.train), infer: Math.max(b.infer, r.infer) };
      }
    }
  } finally {
    await session.close();
  }
  console.log(`\nCNN in headless Chromium (same workload, best of ${ROUNDS}):`);
  console.log('| build | train examples/s | inference examples/s |');
  console.log('|---|---:|---:|');
  for (const build of ['simd128', 'scalar']) console.log(`| ${build} | ${fmt(rows[build].train)} | ${fmt(rows[build].infer)} |`);
  console.log(`| simd128 ÷ scalar | ${ratio(rows.simd128.train, rows.scalar.train)} | ${ratio(rows.simd128.infer, rows.scalar.infer)} |`);
}

if (!SKIP.has('2d')) {
  for (const script of ['trajectory-node.mjs', 'sweep.mjs']) {
    console.log(`\n2D: node bench/${script}`);
    const r = spawnSync(process.execPath, [fileURLToPath(new URL(`bench/${script}`, ROOT))], { encoding: 'utf8' });
    process.stdout.write(r.stdout);
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  }
}

console.log('\nKernel GFLOP/s (Node; conv1 = 28×28×1→8 5×5, conv2 = 14×14×8→16 5×5, dense = 20×256·256×10):');
const peak = rate(() => builds.simd128.benchPeak(200_000));
console.log(`simd128 peak (12 independent f32x4 mul+add chains): ${peak.toFixed(2)} GFLOP/s`);
console.log('| kernel | scalar GFLOP/s | simd128 GFLOP/s | simd128 ÷ scalar | simd128 % of peak | native GFLOP/s |');
console.log('|---|---:|---:|---:|---:|---:|');
const native = best.get(IMPLS[2][0]).native.kernel_gflops;
for (const k of ['conv1', 'conv2', 'dense']) {
  const s = rate(() => builds.scalar.benchKernel(k, 20));
  const v = rate(() => builds.simd128.benchKernel(k, 20));
  console.log(`| ${k} | ${s.toFixed(2)} | ${v.toFixed(2)} | ${ratio(v, s)} | ${((100 * v) / peak).toFixed(0)}% | ${native[k].toFixed(2)} |`);
}

console.log('\n.wasm sizes:');
console.log('| module | build | raw bytes | gzip -9 bytes |');
console.log('|---|---|---:|---:|');
for (const module of ['plane', 'sweep', 'cnn', 'keras_code']) {
  for (const [build, dir] of [['scalar', 'pkg'], ['simd128', 'pkg-simd']]) {
    const bytes = readFileSync(new URL(`${dir}/${module}_bg.wasm`, WWW));
    console.log(`| ${module} | ${build} | ${bytes.length.toLocaleString('en-US')} | ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en-US')} |`);
  }
}
