// The log-scale sliders of a configuration (www/js/optimizers.js KNOBS): positions and values
// map back and forth, a dragged value has 3 significant digits, 0 sits at the far left where
// the argument may be 0, and each configuration gets the knobs of its learning rate and decay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KNOBS, KNOB_STEPS_PER_DECADE, knobMax, knobPaths, knobPosition, knobValue, optimizerConfig, round3, scheduleConfig,
  withKerasDefaults,
} from '../www/js/optimizers.js';

test('every position maps to a 3-significant-digit value that maps back to the same position', () => {
  for (const [path, knob] of Object.entries(KNOBS)) {
    let last = -1;
    for (let p = 0; p <= knobMax(knob); p++) {
      const v = knobValue(knob, p);
      assert.equal(v, round3(v), `${path} @ ${p}`);
      assert.ok(v > last, `${path}: values increase (${last} then ${v} at ${p})`);
      assert.equal(knobPosition(knob, v), p, `${path}: ${v} maps back to ${p}`);
      last = v;
    }
    assert.ok(Math.abs(knobValue(knob, knobMax(knob)) / knob.hi - 1) < 1e-9, `${path} ends at hi`);
  }
});

test('one step is a constant factor: 10^(1/20) per step, a decade per 20 steps', () => {
  const knob = KNOBS.learning_rate;
  const a = knobValue(knob, 40);
  const b = knobValue(knob, 40 + KNOB_STEPS_PER_DECADE);
  assert.ok(Math.abs(b / a - 10) < 0.02, `${a} -> ${b}`);
});

test('0 is the far left of decay and decay_rate; outside values clamp to the ends', () => {
  assert.equal(knobValue(KNOBS.decay, 0), 0);
  assert.equal(knobPosition(KNOBS.decay, 0), 0);
  assert.equal(knobValue(KNOBS.decay, 1), 1e-7);
  assert.equal(knobPosition(KNOBS.decay, 1e6), knobMax(KNOBS.decay));
  assert.equal(knobPosition(KNOBS.learning_rate, 1e-9), 0);
  assert.equal(knobPosition(KNOBS['learning_rate.decay_rate'], 0), 0);
});

test('knobs per configuration: lr and decay, or the schedule\'s initial lr and rate', () => {
  assert.deepEqual(knobPaths(optimizerConfig('adam', { decay: 0.0002 })), ['learning_rate', 'decay']);
  assert.deepEqual(knobPaths(optimizerConfig('adamw')), ['learning_rate']);
  const itd = optimizerConfig('adam', { api: 'keras3', decay: undefined, learning_rate: scheduleConfig('inverse_time_decay') });
  assert.deepEqual(knobPaths(itd), ['learning_rate.initial_learning_rate', 'learning_rate.decay_rate']);
  assert.deepEqual(knobPaths(optimizerConfig('adam', { api: 'keras3', learning_rate: scheduleConfig('piecewise_constant_decay') })), []);
});

test('a parsed configuration gets Keras\'s defaults for what the text leaves out', () => {
  assert.deepEqual(withKerasDefaults({ name: 'sgd', api: 'legacy', learning_rate: 0.01, momentum: 0.9 }),
    { name: 'sgd', api: 'legacy', learning_rate: 0.01, momentum: 0.9, nesterov: false, decay: 0 });
  const k3 = withKerasDefaults({ name: 'adam', api: 'keras3', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.003, decay_steps: 1, decay_rate: 0.0002 } });
  assert.equal('decay' in k3, false, 'Keras 3 classes have no decay unless given');
  assert.equal(k3.learning_rate.staircase, false);
  assert.equal(k3.beta_2, 0.999);
});
