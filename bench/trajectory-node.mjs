#!/usr/bin/env node
// Benchmark: Adam steps per second through `runTrajectory` in wasm under Node, scalar and
// simd128 builds side by side, on the page's workload: 2,000-step trajectories from Rosenbrock's
// start (one drag frame recomputes 4 of them). Also reported: the fixed cost of one call (config
// parse, optimizer build, typed-array results) and a long 100,000-step run, which spends most of
// its steps near the minimum and runs about half as fast per step there (most likely subnormal
// intermediates from tiny gradients, which x86 handles slowly and wasm does not flush).
// A third figure is the transcendental workload: Ackley (`expf`, `cosf` and `sqrt` in every
// gradient) under an `ExponentialDecay` learning rate (a `powf` every step), 4 × 2,000 steps;
// those calls run the core's glibc-exact libm (src/libm/).
// Timings are the best of several rounds: the machines here are shared and noisy.
// Usage: node bench/trajectory-node.mjs (after the wasm builds exist in www/), or
// node bench/trajectory-node.mjs <label>=<wasm-pack out dir> ... to compare builds in one run
// (a dir holds plane.js, or the single optimizer_playground.js of builds before the split).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const root = new URL('../www/', import.meta.url);
const config = (steps, decay) => ({
  function: 'rosenbrock',
  start: [-1.5, 2.0],
  steps,
  optimizer: { name: 'adam', learning_rate: 0.003, decay },
});

/**
 * Runs `fn` for `ms` milliseconds first. V8 starts wasm in its baseline compiler and tiers hot
 * functions up in the background; without this the first build measured was sometimes timed
 * before tier-up, at about 60% of its speed, in every round.
 */
function warm(fn, ms = 1000) {
  const end = performance.now() + ms;
  while (performance.now() < end) fn();
}

/** Best of `rounds` timings of `fn` run `reps` times; milliseconds per run. */
function best(fn, reps, rounds = 5) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    min = Math.min(min, (performance.now() - t0) / reps);
  }
  return min;
}

const dirs = process.argv.length > 2
  ? process.argv.slice(2).map((a) => [pathToFileURL(`${a.split('=').slice(1).join('=')}/`), a.split('=')[0]])
  : [[new URL('pkg/', root), 'scalar'], [new URL('pkg-simd/', root), 'simd128']];
for (const [dir, label] of dirs) {
  const name = existsSync(new URL('plane.js', dir)) ? 'plane' : 'optimizer_playground';
  const wasm = await import(new URL(`${name}.js`, dir).href);
  wasm.initSync({ module: await readFile(new URL(`${name}_bg.wasm`, dir)) });
  const frame = [0.0002, 0, 0.05, 0.001].map((d) => config(2000, d));
  warm(() => frame.forEach((c) => wasm.runTrajectory(c)));
  const frameMs = best(() => frame.forEach((c) => wasm.runTrajectory(c)), 100);
  const oneStep = config(1, 0.0002);
  const callUs = best(() => wasm.runTrajectory(oneStep), 2000) * 1000;
  const long = config(100_000, 0.0002);
  const longMs = best(() => wasm.runTrajectory(long), 5, 3);
  const transcendental = [0, 1, 2, 3].map((i) => ({
    function: 'ackley',
    start: [-2.5 + i, 1.5],
    steps: 2000,
    optimizer: {
      name: 'adam',
      learning_rate: { schedule: 'exponential_decay', initial_learning_rate: 0.05, decay_steps: 100, decay_rate: 0.96, staircase: false },
    },
  }));
  warm(() => transcendental.forEach((c) => wasm.runTrajectory(c)), 500);
  const ackleyMs = best(() => transcendental.forEach((c) => wasm.runTrajectory(c)), 50);
  console.log(
    `${label.padEnd(8)} 4 × 2,000 steps (one drag frame): ${frameMs.toFixed(3)} ms = ` +
      `${(8000 / frameMs / 1e3).toFixed(1)} M Adam steps/s; fixed cost per call ${callUs.toFixed(1)} µs; ` +
      `100,000-step run: ${(1e5 / longMs / 1e3).toFixed(1)} M steps/s; ` +
      `Ackley with ExponentialDecay, 4 × 2,000 steps: ${ackleyMs.toFixed(3)} ms = ${(8000 / ackleyMs / 1e3).toFixed(1)} M steps/s`,
  );
}
