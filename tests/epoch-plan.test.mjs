// The once-per-epoch snippets the page shows were RUN (tests/data/epoch_plan_runs.json, written by
// scripts/epoch_plan_reference.py with real tf_keras, Keras 3 and torch): every recorded snippet
// is byte for byte what the page generates today from the wasm core's plan, and the lr every
// epoch used is what that core (the scalar and the simd128 build) computes, bit for bit.
// Runs after `build_wasm` (www/pkg, www/pkg-simd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PLAN_CASES, generatePlanCases, loadPlane, sha256 } from '../scripts/plan-cases.mjs';
import { f32s, f64s } from './hex.mjs';

const record = JSON.parse(readFileSync(new URL('./data/epoch_plan_runs.json', import.meta.url), 'utf8'));
const wasm = await loadPlane();
const now = new Map(generatePlanCases(wasm).map((c) => [c.name, c]));


test('every recorded run ran the snippet the page shows today (regenerate with scripts/epoch_plan_reference.py)', () => {
  assert.deepEqual(record.cases.map((c) => c.name), PLAN_CASES.map(([name]) => name));
  for (const c of record.cases) {
    const live = now.get(c.name);
    assert.deepEqual(c.optimizer, live.optimizer, c.name);
    assert.deepEqual(c.fit, live.fit, c.name);
    for (const [kind, run] of Object.entries(c.runs)) {
      if (kind === 'legacy') continue;
      assert.equal(run.sha256, sha256(live.snippets[kind]), `${c.name} ${kind}`);
    }
    for (const kind of Object.keys(live.snippets)) assert.ok(c.runs[kind], `${c.name}: ${kind} was run`);
  }
});

test('the lr of every epoch\'s first and last update is the wasm core\'s, in both builds', async () => {
  const simd = await import('../www/pkg-simd/plane.js');
  simd.initSync({ module: readFileSync(new URL('../www/pkg-simd/plane_bg.wasm', import.meta.url)) });
  for (const core of [wasm, simd]) {
    for (const c of record.cases) {
      const pe = core.epochPlan(c.optimizer, c.fit).per_epoch;
      const want = {
        inverse_time: pe.inverse_time, exponential: pe.exponential, callback_keras2: pe.scheduler_callback, callback_keras3: pe.scheduler_callback,
        legacy: pe.run_first,
      };
      for (const [kind, values] of Object.entries(want)) {
        assert.deepEqual(f32s(c.runs[kind].first), values, `${c.name} ${kind}: first updates`);
      }
      assert.deepEqual(f32s(c.runs.legacy.last), pe.run_last, `${c.name} legacy: last updates`);
      assert.deepEqual(f64s(c.runs.torch_lambda.first), pe.torch_lambda, `${c.name} LambdaLR`);
      assert.deepEqual(f64s(c.runs.torch_step.last), pe.torch_step, `${c.name} StepLR`);
    }
  }
});

test('the question\'s plan: decay_steps 1875, decay_rate 0.375, and the snippets say so', () => {
  const q = now.get('question');
  assert.equal(q.plan.decay_steps, 1875);
  assert.equal(q.plan.decay_rate, 0.375);
  assert.match(q.snippets.inverse_time, /InverseTimeDecay\(\n {4}initial_learning_rate=0\.003, decay_steps=1875, decay_rate=0\.375, staircase=True\)/);
  assert.match(q.snippets.callback_keras2, /return 0\.003 \/ \(1 \+ 0\.375 \* epoch\)/);
  assert.match(q.snippets.callback_keras2, /tf\.keras\.optimizers\.legacy\.Adam\(learning_rate=0\.003\)  # no decay=/);
  assert.match(q.snippets.torch_lambda, /LambdaLR\(\n {4}optimizer, lambda epoch: 1 \/ \(1 \+ 0\.375 \* epoch\)\)/);
  assert.match(q.snippets.torch_lambda, /    scheduler\.step\(\)  # once per epoch/);
  assert.match(q.snippets.torch_step, new RegExp(`StepLR\\(\\n {4}optimizer, step_size=1, gamma=${q.plan.factor}\\)`));
});
