#!/usr/bin/env node
// Benchmark: Adam steps per second through `runTrajectory` in wasm under Node, for the scalar
// and the simd128 build side by side, plus the page's per-frame workload (4 configurations ×
// 2,000 steps). Usage: node bench/trajectory-node.mjs (after the wasm builds exist in www/).
import { readFile } from 'node:fs/promises';

const root = new URL('../www/', import.meta.url);
const config = (steps, decay) => ({
  function: 'rosenbrock',
  start: [-1.5, 2.0],
  steps,
  optimizer: { name: 'adam', learning_rate: 0.003, decay },
});

for (const [dir, label] of [['pkg', 'scalar'], ['pkg-simd', 'simd128']]) {
  const wasm = await import(new URL(`${dir}/optimizer_playground.js`, root).href);
  wasm.initSync({ module: await readFile(new URL(`${dir}/optimizer_playground_bg.wasm`, root)) });
  const long = config(100_000, 0.0002);
  for (let i = 0; i < 5; i++) wasm.runTrajectory(long);
  const reps = 20;
  let t0 = performance.now();
  for (let i = 0; i < reps; i++) wasm.runTrajectory(long);
  const perStep = (performance.now() - t0) / (reps * 100_000);
  const frame = [0.0002, 0, 0.05, 0.001].map((d) => config(2000, d));
  const frames = 200;
  t0 = performance.now();
  for (let i = 0; i < frames; i++) for (const c of frame) wasm.runTrajectory(c);
  const perFrame = (performance.now() - t0) / frames;
  console.log(
    `${label.padEnd(8)} Adam via runTrajectory: ${(1e3 / perStep / 1e6).toFixed(1)} M steps/s; ` +
      `4 × 2,000 steps (one drag frame's compute): ${perFrame.toFixed(3)} ms`,
  );
}
