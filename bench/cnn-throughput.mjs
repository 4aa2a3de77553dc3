#!/usr/bin/env node
// Training throughput of the tiny CNN, scalar vs simd128 build, in Node and in headless
// Chromium, plus accuracy and wasm memory per epoch for the reference run:
// Adam(learning_rate=0.001), batch 32, seed 1, all 8,000 training digits, 2 epochs.
// Usage: node bench/cnn-throughput.mjs   (after scripts/lib.sh build_wasm)
import { readFile } from 'node:fs/promises';
import { startSession } from '../tests/e2e/harness.mjs';

const ROOT = new URL('../www/', import.meta.url);
const OPTIMIZER = { name: 'adam', learning_rate: 0.001 };
const NETWORK = { conv1_filters: 8, conv2_filters: 16, kernel_size: 5 };
const EPOCHS = 2;
const BATCH = 32;
const SEED = 1;
const MIB = 2 ** 20;

/**
 * Trains `cfg.epochs` epochs and reports the rate, per-epoch accuracy and memory. Self-contained
 * (only its arguments), so Playwright can ship it into the page as it is.
 */
function fit(wasm, bytes, cfg) {
  const session = new wasm.CnnSession(bytes, cfg.network, cfg.optimizer, cfg.batch, cfg.seed, undefined);
  const epochs = [];
  let examples = 0;
  let trainMs = 0;
  while (epochs.length < cfg.epochs) {
    const t0 = performance.now();
    const chunk = session.trainBatches(25);
    trainMs += performance.now() - t0;
    examples += chunk.examples;
    if (chunk.diverged) throw new Error(chunk.error);
    if (chunk.epoch_loss !== undefined) {
      const test = session.evaluateTest(100000);
      epochs.push({ epoch: chunk.epoch, train_accuracy: chunk.epoch_accuracy, test_accuracy: test.accuracy, memory_mib: session.memoryBytes() / 2 ** 20 });
    }
  }
  session.free();
  return { examples_per_s: (examples / trainMs) * 1000, epochs };
}

const CFG = { network: NETWORK, optimizer: OPTIMIZER, batch: BATCH, seed: SEED, epochs: EPOCHS };

async function nodeRun(build) {
  const dir = new URL(build === 'simd128' ? 'pkg-simd/' : 'pkg/', ROOT);
  const wasm = await import(new URL('cnn.js', dir).href);
  wasm.initSync({ module: await readFile(new URL('cnn_bg.wasm', dir)) });
  const bytes = new Uint8Array(await readFile(new URL('data/mnist-10k.bin', ROOT)));
  return fit(wasm, bytes, CFG);
}

async function chromiumRun(session, build) {
  const page = await session.browser.newPage();
  await page.goto(new URL('/cnn.html', session.url).href);
  // An expression evaluated through DevTools is not subject to the page's CSP (a `new Function`
  // inside the page would be), so `fit` travels as source text.
  const result = await page.evaluate(`(async () => {
    const { loadWasm } = await import('/js/wasm.js');
    const { wasm } = await loadWasm(${JSON.stringify(build)}, 'cnn');
    const bytes = new Uint8Array(await (await fetch('/data/mnist-10k.bin')).arrayBuffer());
    return (${fit.toString()})(wasm, bytes, ${JSON.stringify(CFG)});
  })()`);
  await page.close();
  return result;
}

function report(where, build, r) {
  const last = r.epochs.at(-1);
  const mem = r.epochs.map((e) => e.memory_mib.toFixed(1)).join(' → ');
  console.log(`${where.padEnd(9)} ${build.padEnd(8)} ${Math.round(r.examples_per_s).toString().padStart(6)} examples/s   `
    + `test accuracy after epoch ${last.epoch}: ${(last.test_accuracy * 100).toFixed(2)}%   wasm memory per epoch: ${mem} MiB`);
  return r;
}

const results = {};
for (const build of ['scalar', 'simd128']) results[`node-${build}`] = report('node', build, await nodeRun(build));
const session = await startSession();
try {
  for (const build of ['scalar', 'simd128']) results[`chromium-${build}`] = report('chromium', build, await chromiumRun(session, build));
} finally {
  await session.close();
}
const reference = results['node-simd128'];
const accuracy = reference.epochs.at(-1).test_accuracy;
const memory = reference.epochs.map((e) => e.memory_mib);
console.log(`\nAdam(learning_rate=0.001), batch ${BATCH}, seed ${SEED}, 8,000 digits, ${EPOCHS} epochs:`);
console.log(`  test accuracy ${(accuracy * 100).toFixed(2)}% (target >= 97%): ${accuracy >= 0.97 ? 'met' : 'NOT met'}`);
const flat = memory.every((m) => m === memory[0]);
console.log(`  wasm memory ${memory.map((m) => m.toFixed(1)).join(' → ')} MiB (target < 64 MiB and flat): ${Math.max(...memory) < 64 && flat ? 'met' : 'NOT met'}`);
