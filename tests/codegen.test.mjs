// The code export (www/js/codegen.js): every snippet is valid Python for a range of
// configurations, and the Keras 3 snippet's schedule, run by real Keras, reproduces the legacy
// effective-lr sequence recorded from real tf_keras (tests/data/keras_legacy.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCode, keras3Code, py } from '../www/js/codegen.js';
import { OPTIMIZERS, SCHEDULES, clean, optimizerConfig, presetById, scheduleConfig } from '../www/js/optimizers.js';

const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Compiles every snippet in one python3 process; fails naming each file that is not valid Python. */
function pyCompileAll(snippets) {
  const files = snippets.map(([name, source]) => {
    const file = join(dir, `${name}.py`);
    writeFileSync(file, source);
    return file;
  });
  const script = 'import py_compile, sys\nbad = 0\nfor f in sys.argv[1:]:\n    try:\n        py_compile.compile(f, doraise=True)\n    except py_compile.PyCompileError as e:\n        bad += 1\n        print(e.msg, file=sys.stderr)\nsys.exit(1 if bad else 0)\n';
  const r = spawnSync('python3', ['-S', '-c', script, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, `not valid Python:\n${r.stderr}`);
  return files.length;
}

const configs = [
  ...Object.keys(OPTIMIZERS).map((name) => [`${name}-defaults`, optimizerConfig(name, { learning_rate: 0.003 })]),
  ...Object.keys(OPTIMIZERS).filter((n) => n !== 'adamw').map((name) => [`${name}-legacy-decay`, optimizerConfig(name, { learning_rate: 0.01, decay: 0.001 })]),
  ...Object.keys(SCHEDULES).map((s) => [`adam-keras3-${s}`, clean({ ...optimizerConfig('adam', { api: 'keras3', learning_rate: scheduleConfig(s) }), decay: undefined })]),
  ...Object.keys(SCHEDULES).map((s) => [`adagrad-legacy-${s}`, clean({ ...optimizerConfig('adagrad', { learning_rate: scheduleConfig(s) }), decay: undefined })]),
  ['itd-staircase', clean({ ...presetById('per-epoch').optimizer })],
  ['cosine-no-warmup', clean({ ...optimizerConfig('sgd', { api: 'keras3', learning_rate: scheduleConfig('cosine_decay', { initial_learning_rate: 0.1, warmup_target: null }) }), decay: undefined })],
  ['exp-staircase', clean({ ...optimizerConfig('rmsprop', { api: 'keras3', learning_rate: scheduleConfig('exponential_decay', { staircase: true }) }), decay: undefined })],
  ['schedule-and-decay', optimizerConfig('adam', { learning_rate: scheduleConfig('inverse_time_decay', { initial_learning_rate: 0.003, decay_steps: 10, decay_rate: 0.5, staircase: true }), decay: 0.001 })],
  ['adamw', clean(presetById('adamw').optimizer)],
  ['epsilon-zero', optimizerConfig('adam', { learning_rate: 0.01, epsilon: 0 })],
  ['sgd-nesterov', clean(presetById('sgd-nesterov').optimizer)],
  ['rmsprop-momentum-centered', optimizerConfig('rmsprop', { momentum: 0.9, centered: true, decay: 0.001 })],
  ['keras3-with-ignored-decay', optimizerConfig('adam', { api: 'keras3', learning_rate: 0.003, decay: 0.01 })],
  ...['adagrad', 'adamax', 'nadam'].map((name) => [`${name}-keras3`, clean({ ...optimizerConfig(name, { api: 'keras3', learning_rate: 0.01 }), decay: undefined })]),
  ['polynomial-cycle-and-decay', optimizerConfig('adam', { learning_rate: scheduleConfig('polynomial_decay', { power: 2, cycle: true }), decay: 0.001 })],
];
const scenes = [
  { functionId: 'rosenbrock', start: [-1.5, 2], steps: 2000 },
  { functionId: 'ill_conditioned_quadratic', conditionNumber: 250, start: [3, 1], steps: 10 },
  { functionId: 'ackley', start: [1.25, -0.5], steps: 7 },
  { functionId: 'rastrigin', start: [2, 2], steps: 7 },
  { functionId: 'goldstein_price', start: [0, -0.5], steps: 7 },
];

test('python literals', () => {
  assert.equal(py(true), 'True');
  assert.equal(py(null), 'None');
  assert.equal(py([500, 1000]), '[500, 1000]');
  assert.equal(py(1e-7), '1e-7');
  assert.throws(() => py(NaN));
});

test('every snippet is valid Python (py_compile) for each optimizer, legacy decay, each schedule, AdamW', () => {
  const snippets = [];
  configs.forEach(([name, config], n) => {
    // Every configuration on Rosenbrock and on one of the other scenes.
    for (const i of [0, 1 + (n % (scenes.length - 1))]) {
      for (const [target, source] of Object.entries(generateCode(config, scenes[i]))) snippets.push([`${name}-${i}-${target}`, source]);
    }
  });
  assert.equal(pyCompileAll(snippets), configs.length * 2 * 3);
  // The check itself fails on broken code.
  assert.throws(() => pyCompileAll([['broken', 'def f(:\n']]), /not valid Python/);
});

test('snippets say what they must', () => {
  const seed = clean(presetById('seed').optimizer);
  const { keras2, keras3, pytorch } = generateCode(seed);
  assert.match(keras2, /tf\.keras\.optimizers\.legacy\.Adam\(\n {4}learning_rate=0\.003,[\s\S]*decay=0\.0002,/);
  assert.match(keras3, /InverseTimeDecay\(initial_learning_rate=0\.003, decay_steps=1, decay_rate=0\.0002\)/);
  assert.doesNotMatch(keras3, /^\s+decay=/m);
  assert.match(pytorch, /torch\.optim\.Adam\(/);
  assert.match(pytorch, /LambdaLR\(optimizer, lr_lambda\)/);
  assert.match(pytorch, /return 1\.0 \/ \(1\.0 \+ 0\.0002 \* step\)/);
  assert.match(pytorch, /eps outside the sqrt of the bias-corrected v-hat/);
  assert.match(pytorch, /once per batch/);
  // A Keras 3 configuration keeps its own schedule.
  const cos = generateCode(clean({ ...optimizerConfig('adam', { api: 'keras3', learning_rate: scheduleConfig('cosine_decay') }), decay: undefined }));
  // Float literals: with initial_learning_rate=0 (an int) Keras would compute in int32 and raise.
  assert.match(cos.keras3, /keras\.optimizers\.schedules\.CosineDecay\(initial_learning_rate=0\.0, decay_steps=1500, alpha=0\.0, warmup_target=0\.003, warmup_steps=500\)/);
  const poly = generateCode(clean({ ...optimizerConfig('adagrad', { api: 'keras3', learning_rate: scheduleConfig('polynomial_decay', { initial_learning_rate: 1, cycle: true }) }), decay: undefined }));
  assert.match(poly.keras3, /PolynomialDecay\(initial_learning_rate=1\.0, decay_steps=1500, end_learning_rate=0\.0001, power=1\.0, cycle=True\)/);
  assert.match(poly.keras3, /keras\.optimizers\.Adagrad\(/);
  assert.match(poly.keras2, /tf\.keras\.optimizers\.legacy\.Adagrad\(/);
  assert.match(poly.keras2, /epsilon outside the square root/);
  assert.match(poly.pytorch, /math\.ceil\(step \/ decay_steps\)/);
  const sgdr = generateCode(clean({ ...optimizerConfig('nadam', { api: 'keras3', learning_rate: scheduleConfig('cosine_decay_restarts') }), decay: undefined }));
  assert.match(sgdr.keras3, /CosineDecayRestarts\(initial_learning_rate=0\.003, first_decay_steps=200, t_mul=2\.0, m_mul=1\.0, alpha=0\.0\)/);
  assert.match(sgdr.keras3, /keras\.optimizers\.Nadam\(/);
  assert.doesNotMatch(sgdr.keras3, /schedule_decay|not checked/);
  assert.match(sgdr.keras2, /0\.96\^\(0\.004 t\)/);
  assert.match(sgdr.pytorch, /momentum_decay=1\.0/);
  // Legacy Nadam's port to Keras 3 says its momentum schedule changes.
  assert.match(generateCode(optimizerConfig('nadam')).keras3, /legacy's stays near beta_1 \/ 2/);
  // Legacy Nadam never decays.
  const nadam = generateCode(optimizerConfig('nadam', { decay: 0.05 }));
  assert.doesNotMatch(nadam.keras3, /InverseTimeDecay/);
  assert.doesNotMatch(nadam.pytorch, /LambdaLR/);
});

const hasKeras = spawnSync('python3', ['-c', 'import keras'], { encoding: 'utf8' }).status === 0;

test('the Keras 3 snippet\'s schedule, run by Keras, gives the legacy effective lr of the seed run bit for bit', { skip: hasKeras ? false : 'python3 cannot `import keras` (pip install keras tensorflow) — skipped' }, () => {
  const data = JSON.parse(readFileSync(new URL('./data/keras_legacy.json', import.meta.url), 'utf8'));
  const run = data.runs.find((r) => r.case === 'legacy_adam_seed' && r.function === 'rosenbrock');
  assert.deepEqual(run.config, { api: 'legacy', name: 'adam', learning_rate: 0.003, decay: 0.0002 });
  const seed = clean(presetById('seed').optimizer);
  const file = join(dir, 'keras3_seed.py');
  writeFileSync(file, keras3Code(seed, { steps: 3 }));
  // Import the snippet (module level builds `learning_rate` and `optimizer`), evaluate its
  // schedule at every iteration the reference run recorded, and run its own main() briefly.
  const driver = `
import importlib.util, sys
import numpy as np
spec = importlib.util.spec_from_file_location("snippet", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
n = int(sys.argv[2])
# One call over every iteration at once (the schedule is elementwise), as float32.
vals = np.asarray(m.learning_rate(np.arange(n, dtype=np.int64)), dtype=np.float32).reshape(-1)
print("".join("%08x" % int(v) for v in vals.view(np.uint32)))
m.main(steps=3)
`;
  const out = execFileSync('python3', ['-c', driver, file, String(run.steps)], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '' },
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [hex, ...rest] = out.trim().split('\n');
  assert.equal(hex.length, run.steps * 8);
  assert.equal(run.effective_lr.length, run.steps * 8);
  let mismatches = 0;
  for (let i = 0; i < run.steps; i++) if (hex.slice(i * 8, i * 8 + 8) !== run.effective_lr.slice(i * 8, i * 8 + 8)) mismatches++;
  assert.equal(mismatches, 0, `${mismatches} of ${run.steps} learning rates differ from legacy decay`);
  assert.match(rest.join('\n'), /after 3 updates: loss/);
});

test('the Keras 3 snippets build every schedule as Keras computes it (each schedule run of keras_keras3.json, bit for bit; every schedule\'s page defaults finite)', { skip: hasKeras ? false : 'python3 cannot `import keras` (pip install keras tensorflow) — skipped' }, () => {
  const data = JSON.parse(readFileSync(new URL('./data/keras_keras3.json', import.meta.url), 'utf8'));
  const seen = new Set();
  const jobs = [];
  for (const run of data.runs) {
    const lr = run.config.learning_rate;
    if (typeof lr !== 'object' || seen.has(run.case)) continue;
    seen.add(run.case);
    jobs.push({ name: run.case, config: run.config, steps: run.steps, want: run.effective_lr });
  }
  assert.deepEqual(new Set(jobs.map((j) => j.config.learning_rate.schedule)), new Set(Object.keys(SCHEDULES)));
  for (const schedule of Object.keys(SCHEDULES)) {
    jobs.push({ name: `defaults-${schedule}`, config: clean({ ...optimizerConfig('adam', { api: 'keras3', learning_rate: scheduleConfig(schedule) }), decay: undefined }), steps: 3000 });
  }
  const files = jobs.map((j) => {
    const file = join(dir, `k3_${j.name}.py`);
    writeFileSync(file, keras3Code(j.config, { steps: 1 }));
    return file;
  });
  // One Python process for all: import each snippet, evaluate its schedule over every step.
  const driver = `
import importlib.util, sys
import numpy as np
for i, (path, n) in enumerate(zip(sys.argv[1::2], sys.argv[2::2])):
    spec = importlib.util.spec_from_file_location(f"snippet{i}", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    vals = np.asarray([m.learning_rate(np.int64(k)) for k in range(int(n))], dtype=np.float32)
    print("".join("%08x" % int(v) for v in vals.view(np.uint32)), bool(np.all(np.isfinite(vals))), float(vals.min()))
`;
  const out = execFileSync('python3', ['-c', driver, ...jobs.flatMap((j, i) => [files[i], String(j.steps)])], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '' },
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = out.trim().split('\n');
  assert.equal(lines.length, jobs.length);
  jobs.forEach((j, i) => {
    const [hex, finite, min] = lines[i].split(' ');
    assert.equal(finite, 'True', `${j.name}: non-finite lr`);
    assert.ok(Number(min) >= 0, `${j.name}: negative lr ${min}`);
    if (j.want) assert.equal(hex, j.want, `${j.name}: the snippet's schedule is not Keras's recorded lr`);
  });
});

test('the exported Keras 3 optimizer keeps weight_decay for every class, and replays each weight_decay run of keras_keras3.json bit for bit', { skip: hasKeras ? false : 'python3 cannot `import keras` (pip install keras tensorflow) — skipped' }, () => {
  const data = JSON.parse(readFileSync(new URL('./data/keras_keras3.json', import.meta.url), 'utf8'));
  // One function per case is enough: the other functions only change the recorded gradients.
  const runs = data.runs.filter((r) => 'weight_decay' in r.config && r.function === 'rosenbrock');
  assert.ok(new Set(runs.map((r) => r.config.name)).size >= 5, 'weight_decay runs of at least five classes');
  const driver = `
import importlib.util, json, sys
import numpy as np
import tensorflow as tf

def f32s(h):
    return np.frombuffer(bytes.fromhex(h), dtype=">f4").astype(np.float32)

results = []
for path, run_json in zip(sys.argv[1::2], sys.argv[2::2]):
    run = json.loads(run_json)
    spec = importlib.util.spec_from_file_location("snippet", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    grads = f32s(run["grads"]).reshape(-1, 2)
    want = f32s(run["params"]).reshape(-1, 2)
    p = tf.Variable(f32s(run["x0"]))
    differ = 0
    for g, w in zip(grads, want):
        m.optimizer.apply_gradients([(tf.constant(g), p)])
        differ += p.numpy().tobytes() != w.tobytes()
    results.append([run["case"], float(m.optimizer.weight_decay), differ, len(grads)])
print(json.dumps(results))
`;
  const args = [];
  for (const run of runs) {
    const file = join(dir, `wd_${run.case}.py`);
    writeFileSync(file, keras3Code(run.config, { steps: 1 }));
    args.push(file, JSON.stringify({ case: run.case, x0: run.x0, grads: run.grads, params: run.params }));
  }
  const out = execFileSync('python3', ['-c', driver, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '' },
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const results = JSON.parse(out.trim().split('\n').at(-1));
  assert.equal(results.length, runs.length);
  results.forEach(([name, weightDecay, differ, steps], i) => {
    assert.ok(Math.abs(weightDecay - runs[i].config.weight_decay) < 1e-9, `${name}: weight_decay ${weightDecay}`);
    assert.equal(differ, 0, `${name}: ${differ} of ${steps} updates differ from Keras`);
  });
});

test('weight_decay of a Keras 3 class other than AdamW reaches all three snippets', () => {
  const config = { name: 'sgd', api: 'keras3', learning_rate: 0.01, momentum: 0.9, weight_decay: 0.01 };
  const { keras2, keras3, pytorch } = generateCode(config);
  assert.match(keras3, /keras\.optimizers\.SGD\([\s\S]*weight_decay=0\.01,/);
  // tf_keras's legacy SGD has no weight_decay: the new-style class has Keras 3's.
  assert.match(keras2, /tf\.keras\.optimizers\.SGD\([\s\S]*weight_decay=0\.01,/);
  assert.doesNotMatch(keras2, /optimizers\.legacy\./);
  // PyTorch's SGD weight_decay is L2 on the gradient; the snippet applies Keras's decoupled form.
  assert.match(pytorch, /WEIGHT_DECAY = 0\.01/);
  assert.match(pytorch, /p\.sub_\(p \* WEIGHT_DECAY \* optimizer\.param_groups\[0\]\["lr"\]\)\n\s+optimizer\.step\(\)/);
  assert.doesNotMatch(pytorch, /^\s+weight_decay=/m);
  // Without weight_decay nothing changes; null is Keras's None.
  for (const wd of [undefined, null]) {
    const plain = generateCode({ ...config, weight_decay: wd });
    assert.doesNotMatch(plain.keras3 + plain.pytorch, /weight_decay=|WEIGHT_DECAY/);
    assert.match(plain.keras2, /optimizers\.legacy\.SGD/);
  }
});
