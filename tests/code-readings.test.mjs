// The readings of pasted code that does not say which Keras runs it (www/js/code-readings.js),
// from the shape parseKerasCode returns (tests/keras_code/readings.rs checks that shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeReadings } from '../www/js/code-readings.js';

const NADAM = {
  optimizer: { name: 'nadam', api: 'legacy', learning_rate: 0.002 },
  fit: {},
  warnings: ['The code does not say which Keras runs it, and Nadam computes differently in each: …'],
  ignored: [],
  alternatives: [{
    optimizer: { name: 'nadam', api: 'keras3', learning_rate: 0.002 },
    label: 'Keras 3: keras.optimizers.Nadam (and tf.keras.optimizers.Nadam from TF 2.11, where it is the new optimizer)',
    differs: "legacy Nadam's momentum schedule …",
  }],
};

test('both readings, the parser\'s first', () => {
  const r = codeReadings(NADAM);
  assert.deepEqual(r.map((x) => x.optimizer.api), ['legacy', 'keras3']);
  assert.equal(r[0].label, 'Legacy: tf_keras.optimizers.legacy.Nadam (tf.keras.optimizers.Nadam up to TF 2.10)');
  assert.equal(r[0].differs, null);
  assert.equal(r[1].label, NADAM.alternatives[0].label);
  assert.equal(r[1].differs, NADAM.alternatives[0].differs);
  assert.ok(r.every((x) => x.expression === 'Nadam(learning_rate=0.002)'), JSON.stringify(r));
});

test('nothing to pick without alternatives or without an optimizer', () => {
  assert.deepEqual(codeReadings({ ...NADAM, alternatives: [] }), []);
  assert.deepEqual(codeReadings({ ...NADAM, optimizer: null }), []);
  // A result from before alternatives existed.
  const { alternatives, ...old } = NADAM;
  assert.deepEqual(codeReadings(old), []);
  assert.deepEqual(codeReadings(null), []);
});
