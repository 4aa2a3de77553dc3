// The exported snippets were RUN (tests/data/snippet_runs.json, written by
// scripts/tensorboard_reference.py with real tf_keras, Keras 3, TensorBoard and torch), and what
// ran is what the page exports today: every recorded snippet's sha256 is the generator's output.
// PyTorch: the exported LambdaLR gives exactly lr / (1 + decay * step) for every update in the
// snippet's call order, and the closeness to Keras the snippet states is the measured one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateAll, sha256 } from '../scripts/snippet-cases.mjs';
import { keras2Code, keras3Code } from '../www/js/codegen.js';
import { f32s, f64s } from './hex.mjs';

const runs = JSON.parse(readFileSync(new URL('./data/snippet_runs.json', import.meta.url), 'utf8'));
const now = generateAll();


test('every recorded run ran the snippet the generator exports today (regenerate with scripts/tensorboard_reference.py)', () => {
  const fit = new Map(now.fit_cases.map((c) => [c.name, c]));
  assert.equal(runs.fit_runs.length, now.fit_cases.length);
  for (const r of runs.fit_runs) assert.equal(r.sha256, sha256(fit.get(r.name)[r.snippet]), `fit ${r.name} (${r.snippet})`);
  const snippets = new Map(now.snippets.map((c) => [c.name, c]));
  assert.equal(runs.keras2_runs.length, now.snippets.length);
  assert.equal(runs.pytorch_runs.length, now.snippets.length);
  for (const r of runs.keras2_runs) assert.equal(r.sha256, sha256(snippets.get(r.name).keras2), `keras2 ${r.name}`);
  for (const r of runs.pytorch_runs) assert.equal(r.sha256, sha256(snippets.get(r.name).pytorch), `pytorch ${r.name}`);
  for (const k of ['tensorflow', 'tf_keras', 'keras', 'tensorboard', 'torch']) assert.ok(runs.versions[k], k);
});

test('the Keras 2 and Keras 3 snippets offer the EffectiveLearningRate callback and say why lr stays flat', () => {
  const legacy = keras2Code({ api: 'legacy', name: 'adam', learning_rate: 0.003, decay: 0.0002 });
  assert.match(legacy, /class EffectiveLearningRate\(tf\.keras\.callbacks\.Callback\):/);
  assert.match(legacy, /opt\._decayed_lr\(tf\.float32\)/);
  assert.match(legacy, /# Why `lr` stays flat: legacy decay= divides the lr inside each update/);
  assert.match(legacy, /tf\.summary\.scalar\("lr_effective", effective\)/);
  assert.match(legacy, /logs\["lr_effective"\] = effective/);
  const k3 = keras3Code({ api: 'legacy', name: 'adam', learning_rate: 0.003, decay: 0.0002 });
  assert.match(k3, /class EffectiveLearningRate\(keras\.callbacks\.Callback\):/);
  assert.match(k3, /the schedule at opt\.iterations/);
  assert.match(k3, /callbacks=\[EffectiveLearningRate\("logs\/lr_effective"\), keras\.callbacks\.TensorBoard\("logs"\)\]/);
});

/** Legacy decay as PyTorch's LambdaLR applies it: base lr × lr_lambda(step), in doubles. */
function legacyDecay(config) {
  if (config.api !== 'legacy' || config.name === 'nadam' || !config.decay || typeof config.learning_rate === 'object') return null;
  return (step) => config.learning_rate * (1.0 / (1.0 + config.decay * step));
}

test('PyTorch: the exported LambdaLR gives exactly lr / (1 + decay * step) for update `step`, in the snippet\'s call order', () => {
  let checked = 0;
  for (const r of runs.pytorch_runs) {
    const lrs = f64s(r.lr);
    assert.equal(lrs.length, r.steps, r.name);
    const want = legacyDecay(r.config);
    if (want) {
      lrs.forEach((lr, step) => assert.equal(lr, want(step), `${r.name}: update ${step}`));
      assert.deepEqual(f64s(r.get_last_lr), lrs, `${r.name}: get_last_lr()`);
      checked++;
    } else if (typeof r.config.learning_rate !== 'object' && !r.get_last_lr) {
      assert.ok(lrs.every((lr) => lr === lrs[0]), `${r.name}: constant lr`);
    } else {
      // A schedule: PyTorch's lr (double) is Keras's to within a few float32 roundings
      // of its scale (Keras evaluates the schedule's cos/pow/division in float32).
      const keras = f32s(runs.keras2_runs.find((k) => k.name === r.name).effective_lr);
      if (r.config.name === 'nadam') continue; // legacy Nadam's recorded _decayed_lr is a claim
      const scale = Math.max(...keras);
      lrs.forEach((lr, step) => assert.ok(Math.abs(lr - keras[step]) <= 1e-6 * scale, `${r.name}: update ${step}: ${lr} vs ${keras[step]}`));
    }
  }
  assert.ok(checked >= 6, `only ${checked} legacy-decay snippets checked`);
});

/** Largest distance between the PyTorch and the Keras 2 path of a snippet pair. */
export function maxDistance(name) {
  const t = f32s(runs.pytorch_runs.find((r) => r.name === name).params);
  const k = f32s(runs.keras2_runs.find((r) => r.name === name).params);
  let max = 0;
  for (let i = 0; i < t.length; i += 2) max = Math.max(max, Math.hypot(t[i] - k[i], t[i + 1] - k[i + 1]));
  return max;
}

test('the PyTorch Adam snippet states the measured distance between its path and tf_keras\'s', () => {
  const seed = now.snippets.find((c) => c.name === 'seed');
  const measured = maxDistance('seed');
  const m = seed.pytorch.match(/stay within ([0-9.e-]+) of each other/);
  assert.ok(m, 'the snippet states the figure');
  assert.equal(Number(m[1]), Number(measured.toPrecision(2)));
});
