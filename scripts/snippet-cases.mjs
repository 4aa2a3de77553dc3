// The configurations whose exported snippets scripts/tensorboard_reference.py EXECUTES (with
// tf_keras, Keras 3 and torch), and the model.fit runs of the EffectiveLearningRate callback.
// Run as a program it prints every case with the generator's own output (www/js/codegen.js),
// so the code that was run is byte for byte the code the page exports:
//
//     node scripts/snippet-cases.mjs > /tmp/snippets.json
//
// tests/snippets.test.mjs regenerates the same snippets and checks them against the hashes
// recorded in tests/data/snippet_runs.json.
import { createHash } from 'node:crypto';
import { generateCode } from '../www/js/codegen.js';
import { OPTIMIZERS, SCHEDULES, clean, optimizerConfig, presetById, scheduleConfig } from '../www/js/optimizers.js';

/** The scene of every executed 2D snippet (steps kept small: tf_keras runs eagerly). */
export const SCENE = { functionId: 'rosenbrock', start: [-1.5, 2], steps: 300 };
/** The seed configuration's long run, for the PyTorch-vs-Keras closeness figure. */
export const LONG_SCENE = { functionId: 'rosenbrock', start: [-1.5, 2], steps: 2000 };

/** [name, playground config, scene] of every executed snippet. */
export const SNIPPET_CASES = [
  ['seed', clean(presetById('seed').optimizer), LONG_SCENE],
  ...Object.keys(OPTIMIZERS).filter((n) => n !== 'adamw').map((name) => [`${name}-legacy-decay`, optimizerConfig(name, { learning_rate: 0.01, decay: 0.001 }), SCENE]),
  ...Object.keys(OPTIMIZERS).filter((n) => n !== 'adamw').map((name) => [`${name}-defaults`, optimizerConfig(name, { learning_rate: 0.003 }), SCENE]),
  ...Object.keys(SCHEDULES).map((s) => [`adam-keras3-${s}`, clean({ ...optimizerConfig('adam', { api: 'keras3', learning_rate: scheduleConfig(s) }), decay: undefined }), SCENE]),
  ['itd-staircase', clean({ ...presetById('per-epoch').optimizer }), SCENE],
  ['schedule-and-decay', optimizerConfig('adam', { learning_rate: scheduleConfig('inverse_time_decay', { initial_learning_rate: 0.003, decay_steps: 10, decay_rate: 0.5, staircase: true }), decay: 0.001 }), SCENE],
  ['sgd-nesterov', clean(presetById('sgd-nesterov').optimizer), SCENE],
  ['rmsprop-momentum-centered', optimizerConfig('rmsprop', { momentum: 0.9, centered: true, decay: 0.001 }), SCENE],
  ['epsilon-zero', optimizerConfig('adam', { learning_rate: 0.01, epsilon: 0 }), SCENE],
  ['adamw', clean(presetById('adamw').optimizer), SCENE],
].map(([name, config, scene]) => [name, JSON.parse(JSON.stringify(config)), scene]);

/** model.fit runs of the callback: [name, playground config, callback flavour]. */
export const FIT_CASES = [
  ['legacy-decay', { api: 'legacy', name: 'adam', learning_rate: 0.01, decay: 0.05 }],
  ['keras3-inverse-time', { api: 'keras3', name: 'adam', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.01, decay_steps: 1, decay_rate: 0.05 } }],
  ['keras3-staircase', { api: 'keras3', name: 'adam', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.01, decay_steps: 4, decay_rate: 0.5, staircase: true } }],
  ['legacy-staircase-and-decay', { api: 'legacy', name: 'sgd', learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.01, decay_steps: 4, decay_rate: 0.5, staircase: true }, decay: 0.05 }],
];
/** The tiny model.fit of every callback run: 50 examples, batch 16 → 4 steps per epoch. */
export const FIT = { examples: 50, batch_size: 16, epochs: 3, steps_per_epoch: 4 };

export const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** Every case with its generated snippets. */
export function generateAll() {
  return {
    fit: FIT,
    snippets: SNIPPET_CASES.map(([name, config, scene]) => ({ name, config, scene, ...generateCode(config, scene) })),
    fit_cases: FIT_CASES.map(([name, config]) => ({ name, config, ...generateCode(config, { steps: 3 }) })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(generateAll()));
