// Runnable Python for one configuration of the playground: Keras 2 (tf.keras legacy), Keras 3
// and PyTorch. Each script builds the optimizer (and its learning-rate schedule) at module level
// and, run as a program, minimises the page's function from the page's start point for the
// page's number of steps. Pure functions (no DOM, no wasm), tested with Node and python3.
import { OPTIMIZERS, SCHEDULES, kerasClass, kerasDefault } from './optimizers.js';
import { PYTHON_SOURCES } from './python-sources.js';

/** Every snippet's last lines: run as a program, it calls its `main()`. */
const RUN_AS_SCRIPT = ['', '', 'if __name__ == "__main__":', '    main()', ''];

/** A JS value as a Python literal. */
export function py(v) {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  throw new Error(`no Python literal for ${typeof v}`);
}

/** A float literal (`1.0`, not `1`), so tensors get a float dtype. */
function pyFloat(v) {
  const s = py(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * An optimizer argument: numbers as floats, because every numeric optimizer argument is one in
 * Keras, and Keras 3 checks some (`SGD(momentum=0)` raises "`momentum` must be a float").
 */
function pyArg(v) {
  return typeof v === 'number' ? pyFloat(v) : py(v);
}

/**
 * A test function in Python, over `x`, `y` with math from `m` (`tf.math` or `torch`): the core's
 * own text (www/js/python-sources.js, generated from its function table), so the exported code
 * differentiates the very expression whose TensorFlow gradients the page replays.
 */
function functionSource(id, conditionNumber, m) {
  const source = PYTHON_SOURCES[id];
  if (!source) throw new Error(`unknown function ${id}`);
  const k = pyFloat(conditionNumber ?? 100);
  const body = source.lines.map((line) => line.replaceAll('{math}', m).replaceAll('{k}', k)).join('\n    ');
  return `def f(p):\n    x, y = p[0], p[1]\n    ${body}\n`;
}

/** Whether the scene's function needs Python's math module (math.tau, math.e). */
function usesMath(s) {
  return PYTHON_SOURCES[s.functionId]?.needs_math ?? false;
}

/** `name=value` arguments of the optimizer itself (not learning_rate, api, name, decay). */
function optimizerArgs(config, { epsilonFix = false } = {}) {
  const defaults = OPTIMIZERS[config.name]?.defaults ?? {};
  const args = [];
  for (const key of Object.keys(defaults)) {
    if (key === 'learning_rate' || key === 'decay') continue;
    let v = config[key] ?? defaults[key];
    // Legacy Keras turns epsilon=0 into 1e-7 (`epsilon or backend.epsilon()`); Keras 3 keeps 0.
    if (key === 'epsilon' && epsilonFix && v === 0) v = kerasDefault(config.name, 'legacy', 'epsilon') ?? v;
    args.push([key, v]);
  }
  if (hasAddedWeightDecay(config)) args.push(['weight_decay', config.weight_decay]);
  return args;
}

/**
 * Keras 3's `weight_decay` given to a class whose default is None (every Keras 3 class but
 * AdamW takes it): it must reach the exported code, which writes only the class's own arguments.
 */
function hasAddedWeightDecay(config) {
  return config.api === 'keras3' && typeof config.weight_decay === 'number'
    && !('weight_decay' in (OPTIMIZERS[config.name]?.defaults ?? {}));
}

/**
 * Schedule arguments Keras must see as Python floats: a schedule takes its dtype from
 * `initial_learning_rate` (`ops.convert_to_tensor(0)` is int32) and casts the others to it, so
 * `CosineDecay(initial_learning_rate=0, warmup_target=0.003)` raises in Keras 3 and
 * `PolynomialDecay(initial_learning_rate=1, end_learning_rate=0.0001)` would decay to int 0.
 */
const FLOAT_SCHEDULE_ARGS = new Set(['initial_learning_rate', 'end_learning_rate', 'warmup_target', 'decay_rate', 'alpha', 'power', 't_mul', 'm_mul']);

/** The schedule's constructor call, e.g. `keras.optimizers.schedules.InverseTimeDecay(...)`. */
function scheduleCall(lr, module) {
  const spec = SCHEDULES[lr.schedule];
  if (!spec) throw new Error(`unknown schedule ${lr.schedule}`);
  // Only the arguments the configuration has: an omitted one means Keras's default, in Keras
  // as in the core (not the page's starting value for a new schedule).
  const args = Object.entries(lr)
    .filter(([k, v]) => k !== 'schedule' && v !== undefined)
    .map(([k, v]) => `${k}=${FLOAT_SCHEDULE_ARGS.has(k) && typeof v === 'number' ? pyFloat(v) : py(v)}`);
  return `${module}.${spec.label}(${args.join(', ')})`;
}

function call(fn, args, indent = '    ') {
  if (!args.length) return `${fn}()`;
  return `${fn}(\n${args.map(([k, v]) => `${indent}${k}=${v},`).join('\n')}\n)`;
}

const isSchedule = (lr) => lr !== null && typeof lr === 'object';

/** Legacy Nadam never decays its lr: its constructor replaces `decay` by `schedule_decay`. */
function effectiveDecay(config) {
  if (config.api !== 'legacy' || config.name === 'nadam') return 0;
  return config.decay ?? 0;
}

/** What changes between legacy and Keras 3 besides names, for a snippet in the other Keras. */
function portingNotes(name) {
  switch (name) {
    case 'adagrad':
      return [
        'Legacy Adagrad adds epsilon outside the square root (lr * g / (sqrt(acc) + epsilon)), Keras 3 Adagrad inside',
        '(lr * g / sqrt(acc + epsilon)): the same epsilon is not the same optimizer.',
      ];
    case 'nadam':
      return [
        'Legacy Nadam\'s momentum schedule is beta_1 * (1 - 0.5 * 0.96^(0.004 t)) (schedule_decay=0.004), Keras 3 Nadam\'s',
        'beta_1 * (1 - 0.5 * 0.96^t): Keras 3\'s reaches beta_1 within ~100 steps, legacy\'s stays near beta_1 / 2 for',
        'thousands, so the two paths differ.',
      ];
    default:
      return [];
  }
}

/**
 * The `EffectiveLearningRate` Keras callback of a snippet, as Python lines: it writes the lr the
 * NEXT update will use (`lr_effective`) beside the lr Keras reports (`lr`) with
 * `tf.summary.scalar` at step = `optimizer.iterations`, per batch or per epoch, and at each
 * epoch's end puts both into `logs` (History, CSVLogger, TensorBoard's `epoch_lr_effective`).
 * @param {'legacy'|'new'|'keras3'} kind  legacy tf_keras optimizer (`_decayed_lr`), tf_keras
 *   new-style optimizer, or Keras 3 (both: the schedule at `optimizer.iterations`)
 */
export function effectiveLrCallback(kind) {
  const base = kind === 'keras3' ? 'keras.callbacks.Callback' : 'tf.keras.callbacks.Callback';
  const why = kind === 'legacy'
    ? '    # Why `lr` stays flat: legacy decay= divides the lr inside each update and never writes it back to optimizer.lr.'
    : '    # Why a logged lr can look flat: History/TensorBoard record the lr once per epoch (or a constant); this logs every update\'s.';
  const lrs = kind === 'legacy'
    ? [
      '        opt = self.model.optimizer',
      '        reported = opt.lr  # the base lr (or schedule), what History/TensorBoard show',
      '        if callable(reported):',
      '            reported = reported(opt.iterations)',
      '        return opt._decayed_lr(tf.float32), tf.cast(reported, tf.float32)',
    ]
    : [
      '        opt = self.model.optimizer',
      ...(kind === 'keras3'
        ? ['        value = tf.cast(opt.learning_rate, tf.float32)  # Keras 3: the schedule at opt.iterations']
        : [
          '        lr = opt._learning_rate  # a float variable or a LearningRateSchedule',
          '        value = tf.cast(lr(opt.iterations) if callable(lr) else lr, tf.float32)',
        ]),
      '        return value, value',
    ];
  return [
    `class EffectiveLearningRate(${base}):`,
    '    """Logs `lr_effective`, the lr the next update uses, beside `lr`, what Keras reports.',
    '',
    '    every="batch": at step = optimizer.iterations at the start and after every batch;',
    '    every="epoch": at each epoch\'s end. Both go to TensorBoard (log_dir) and, at epoch end,',
    '    into logs (History, CSVLogger; put this callback before TensorBoard in callbacks=[...]).',
    '    """',
    '',
    why,
    '',
    '    def __init__(self, log_dir, every="batch"):',
    '        super().__init__()',
    '        if every not in ("batch", "epoch"):',
    '            raise ValueError(f\'every: must be "batch" or "epoch", got {every!r}\')',
    '        self.every = every',
    '        self.writer = tf.summary.create_file_writer(log_dir)',
    '',
    '    def learning_rates(self):',
    '        """(lr the next update uses, lr Keras reports), float32 tensors."""',
    ...lrs,
    '',
    '    def write(self):',
    '        effective, reported = self.learning_rates()',
    '        with self.writer.as_default(step=int(self.model.optimizer.iterations.numpy())):',
    '            tf.summary.scalar("lr_effective", effective)',
    '            tf.summary.scalar("lr", reported)',
    '        return float(effective), float(reported)',
    '',
    '    def on_train_begin(self, logs=None):',
    '        if self.every == "batch":',
    '            self.write()',
    '',
    '    def on_train_batch_end(self, batch, logs=None):',
    '        if self.every == "batch":',
    '            self.write()',
    '',
    '    def on_epoch_end(self, epoch, logs=None):',
    '        effective, reported = self.write() if self.every == "epoch" else map(float, self.learning_rates())',
    '        if logs is not None:',
    '            logs["lr_effective"] = effective',
    '            logs.setdefault("lr", reported)',
    '',
    '    def on_train_end(self, logs=None):',
    '        self.writer.flush()',
  ];
}

/** How to use the callback with model.fit, as comment lines. */
export function callbackUsage(tfKeras) {
  return [
    '# With model.fit, see the real lr next to the flat one in TensorBoard (tensorboard --logdir logs):',
    `#   model.fit(x, y, epochs=5, callbacks=[EffectiveLearningRate("logs/lr_effective"), ${tfKeras}.callbacks.TensorBoard("logs")])`,
  ];
}

const header = (title, lines) => [`# ${title}`, ...lines.map((l) => `# ${l}`)].join('\n');

/** The scene every snippet runs: which function, from where, for how long. */
function scene(o) {
  return {
    functionId: o.functionId ?? 'rosenbrock',
    conditionNumber: o.conditionNumber ?? 100,
    start: o.start ?? [-1.5, 2],
    steps: o.steps ?? 2000,
  };
}

/**
 * Keras 2 / tf.keras legacy (tf_keras): `tf.keras.optimizers.legacy.Adam(learning_rate=…, decay=…)`.
 * @param {object} config   a playground optimizer configuration
 * @param {object} [o]      {functionId, conditionNumber, start, steps}
 */
export function keras2Code(config, o = {}) {
  const s = scene(o);
  const spec = OPTIMIZERS[config.name];
  const lines = [];
  const notes = [];
  let lrExpr;
  if (isSchedule(config.learning_rate)) lrExpr = scheduleCall(config.learning_rate, 'tf.keras.optimizers.schedules');
  else lrExpr = py(config.learning_rate);
  const args = [['learning_rate', lrExpr], ...optimizerArgs(config).map(([k, v]) => [k, pyArg(v)])];
  let ctor;
  const newStyle = config.name === 'adamw' || hasAddedWeightDecay(config);
  if (config.name === 'adamw') {
    // tf_keras has no legacy AdamW; its new-style AdamW has the same update as Keras 3's.
    ctor = 'tf.keras.optimizers.AdamW';
    notes.push('tf_keras has no legacy AdamW; this is its new-style AdamW (TF >= 2.11), which has no decay= argument.');
  } else if (newStyle) {
    ctor = `tf.keras.optimizers.${spec.label}`;
    notes.push(`tf_keras's legacy ${spec.label} has no weight_decay; this is its new-style ${spec.label} (TF >= 2.11), whose weight_decay is Keras 3's decoupled p -= lr * weight_decay * p.`);
  } else {
    ctor = `tf.keras.optimizers.legacy.${spec.label}`;
    const decay = config.api === 'legacy' ? config.decay ?? 0 : 0;
    if (decay) args.push(['decay', py(decay)]);
    if (config.name === 'nadam' && decay) notes.push('Legacy Nadam ignores decay= for the lr: its constructor uses it as schedule_decay (momentum schedule).');
    else if (decay) notes.push('decay: every update (batch) uses lr / (1 + decay * iterations), iterations counted from 0; optimizer.lr keeps reporting the base lr.');
  }
  if (config.api === 'keras3' && config.decay) notes.push(`The Keras 3 configuration's decay=${config.decay} is ignored by Keras 3, so it is left out here.`);
  if (config.api === 'keras3') notes.push(...portingNotes(config.name));
  lines.push(
    header(`Keras 2 (tf.keras legacy optimizers): ${spec.label}`, ['pip install tensorflow tf-keras', ...notes]),
    ...(usesMath(s) ? ['import math'] : []),
    'import os',
    '',
    '# Make tf.keras the Keras 2 package (tf_keras), which still has the legacy optimizers.',
    'os.environ["TF_USE_LEGACY_KERAS"] = "1"',
    '',
    'import tensorflow as tf  # noqa: E402',
    '',
    `optimizer = ${call(ctor, args)}`,
    '',
    '',
    ...effectiveLrCallback(newStyle ? 'new' : 'legacy'),
    '',
    '',
    ...callbackUsage('tf.keras'),
    '',
    '',
    functionSource(s.functionId, s.conditionNumber, 'tf.math'),
    '',
    `def main(steps=${s.steps}):`,
    `    p = tf.Variable([${pyFloat(s.start[0])}, ${pyFloat(s.start[1])}], dtype=tf.float32)`,
    '    for _ in range(steps):',
    '        with tf.GradientTape() as tape:',
    '            loss = f(p)',
    '        optimizer.apply_gradients([(tape.gradient(loss, p), p)])',
    '    print("after", steps, "updates: loss", float(f(p)), "at", p.numpy())',
    newStyle
      ? '    print("lr of the next update:", float(optimizer.learning_rate))'
      : isSchedule(config.learning_rate)
        ? '    print("lr of the next update:", float(optimizer._decayed_lr(tf.float32)), "- the schedule alone says", float(optimizer.lr(optimizer.iterations)))'
        : '    print("lr of the next update:", float(optimizer._decayed_lr(tf.float32)), "- optimizer.lr still says", float(optimizer.lr))',
    ...RUN_AS_SCRIPT,
  );
  return lines.join('\n');
}

/**
 * Keras 3: legacy decay becomes `InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` (the
 * exact replacement); a configuration with a schedule keeps its own. Module-level names:
 * `learning_rate` (a schedule or a float) and `optimizer`.
 */
export function keras3Code(config, o = {}) {
  const s = scene(o);
  const spec = OPTIMIZERS[config.name];
  const notes = [];
  const pre = [];
  let lrExpr;
  const decay = effectiveDecay(config);
  const lr = config.learning_rate;
  if (isSchedule(lr) && decay) {
    // Legacy decay on top of a schedule: the legacy optimizer divides the schedule's value too.
    notes.push(`Legacy decay=${decay} on top of a schedule divides the schedule's value by (1 + decay * step), as the class below does.`);
    pre.push(
      'class LegacyDecay(keras.optimizers.schedules.LearningRateSchedule):',
      '    """schedule(step) / (1 + decay * step): what a legacy optimizer with decay= does to a schedule."""',
      '',
      '    def __init__(self, schedule, decay):',
      '        self.schedule = schedule',
      '        self.decay = decay',
      '',
      '    def __call__(self, step):',
      '        step = keras.ops.cast(step, "float32")',
      '        return self.schedule(step) / (1.0 + self.decay * step)',
      '',
      '    def get_config(self):',
      '        return {"schedule": self.schedule, "decay": self.decay}',
      '',
      '',
    );
    lrExpr = `LegacyDecay(${scheduleCall(lr, 'keras.optimizers.schedules')}, decay=${py(decay)})`;
  } else if (isSchedule(lr)) {
    lrExpr = scheduleCall(lr, 'keras.optimizers.schedules');
  } else if (decay) {
    notes.push(
      `Replaces legacy decay=${decay}: InverseTimeDecay with decay_steps=1 gives lr / (1 + decay * iterations) for every update,`,
      'bit for bit (the schedule sees iterations before the increment, 0 at the first update).',
      'Do NOT pass decay= to a Keras 3 optimizer: it warns and ignores it (constant lr).',
    );
    lrExpr = `keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=${py(lr)}, decay_steps=1, decay_rate=${py(decay)})`;
  } else lrExpr = py(lr);
  if (config.name === 'nadam' && config.api === 'legacy' && config.decay) notes.push('Legacy Nadam never decayed its lr (decay= became schedule_decay), so the lr stays constant here too.');
  if (config.api === 'legacy' && config.epsilon === 0) notes.push('Legacy Keras silently used epsilon=1e-7 for epsilon=0; Keras 3 would keep 0, so 1e-7 is written out.');
  if (config.api === 'keras3' && config.decay) notes.push(`decay=${config.decay} is left out: Keras 3 ignores it with a warning.`);
  if (config.api === 'legacy') notes.push(...portingNotes(config.name));
  const args = [['learning_rate', 'learning_rate'], ...optimizerArgs(config, { epsilonFix: config.api === 'legacy' }).map(([k, v]) => [k, pyArg(v)])];
  return [
    header(`Keras 3: ${spec.label}`, ['pip install keras tensorflow', ...notes]),
    ...(usesMath(s) ? ['import math'] : []),
    'import os',
    '',
    'os.environ.setdefault("KERAS_BACKEND", "tensorflow")',
    '',
    'import keras  # noqa: E402',
    'import tensorflow as tf  # noqa: E402',
    '',
    ...pre,
    `learning_rate = ${lrExpr}`,
    `optimizer = ${call(`keras.optimizers.${spec.label}`, args)}`,
    '',
    '',
    ...effectiveLrCallback('keras3'),
    '',
    '',
    ...callbackUsage('keras'),
    '',
    '',
    functionSource(s.functionId, s.conditionNumber, 'tf.math'),
    '',
    `def main(steps=${s.steps}):`,
    `    p = tf.Variable([${pyFloat(s.start[0])}, ${pyFloat(s.start[1])}], dtype=tf.float32)`,
    '    for _ in range(steps):',
    '        with tf.GradientTape() as tape:',
    '            loss = f(p)',
    '        optimizer.apply_gradients([(tape.gradient(loss, p), p)])',
    '    print("after", steps, "updates: loss", float(f(p)), "at", p.numpy())',
    '    print("lr of the next update:", float(optimizer.learning_rate))',
    ...RUN_AS_SCRIPT,
  ].join('\n');
}

/** The lr factor (or absolute lr, with base lr 1.0) per step, as a Python function body. */
function torchSchedule(config) {
  const lr = config.learning_rate;
  const decay = effectiveDecay(config);
  const legacy = decay ? ` / (1.0 + ${py(decay)} * step)` : '';
  if (!isSchedule(lr)) {
    return decay ? { base: lr, body: [`return 1.0 / (1.0 + ${py(decay)} * step)`] } : null;
  }
  const p = { ...SCHEDULES[lr.schedule]?.keras, ...lr };
  const t = (expr) => (p.staircase ? `math.floor(${expr})` : expr);
  switch (lr.schedule) {
    case 'inverse_time_decay':
      return { base: p.initial_learning_rate, body: [`return 1.0 / (1.0 + ${py(p.decay_rate)} * ${t(`step / ${py(p.decay_steps)}`)})${legacy}`] };
    case 'exponential_decay':
      return { base: p.initial_learning_rate, body: [`return ${py(p.decay_rate)} ** ${t(`(step / ${py(p.decay_steps)})`)}${legacy}`] };
    case 'piecewise_constant_decay':
      // Keras: values[i] for boundaries[i-1] < step <= boundaries[i]; base lr 1.0, so the
      // function returns the lr itself (values[0] may be 0, which a factor could not scale).
      return {
        base: 1.0,
        body: [
          `boundaries = ${py(p.boundaries)}`,
          `values = ${py(p.values)}`,
          `return values[bisect.bisect_left(boundaries, step)]${legacy}`,
        ],
        absolute: true,
      };
    case 'cosine_decay': {
      const warm = p.warmup_target !== null && p.warmup_target !== undefined && p.warmup_steps > 0;
      const body = [
        `initial, decay_steps, alpha = ${pyFloat(p.initial_learning_rate)}, ${py(p.decay_steps)}, ${py(p.alpha)}`,
      ];
      if (warm) {
        body.push(
          `target, warmup_steps = ${pyFloat(p.warmup_target)}, ${py(p.warmup_steps)}`,
          'if step < warmup_steps:',
          `    return (initial + (target - initial) * step / warmup_steps)${legacy}`,
          'initial, step = target, step - warmup_steps',
        );
      }
      body.push(
        'done = min(step, decay_steps) / decay_steps',
        `return initial * ((1.0 - alpha) * 0.5 * (1.0 + math.cos(math.pi * done)) + alpha)${legacy}`,
      );
      return { base: 1.0, body, absolute: true };
    }
    case 'polynomial_decay': {
      const body = [
        `initial, end, decay_steps, power = ${pyFloat(p.initial_learning_rate)}, ${pyFloat(p.end_learning_rate)}, ${py(p.decay_steps)}, ${pyFloat(p.power)}`,
      ];
      if (p.cycle) {
        // Keras: the period grows to the next multiple of decay_steps (one period at step 0).
        body.push('decay_steps = decay_steps * max(1, math.ceil(step / decay_steps))');
      } else body.push('step = min(step, decay_steps)');
      body.push(`return ((initial - end) * (1.0 - step / decay_steps) ** power + end)${legacy}`);
      return { base: 1.0, body, absolute: true };
    }
    case 'cosine_decay_restarts': {
      // Keras's own restart index (SGDR with periods first_decay_steps * t_mul^i).
      const body = [
        `initial, first, t_mul, m_mul, alpha = ${pyFloat(p.initial_learning_rate)}, ${py(p.first_decay_steps)}, ${pyFloat(p.t_mul)}, ${pyFloat(p.m_mul)}, ${pyFloat(p.alpha)}`,
        'done = step / first',
        'if t_mul == 1.0:',
        '    i = math.floor(done)',
        '    done -= i',
        'else:',
        '    i = math.floor(math.log(1.0 - done * (1.0 - t_mul)) / math.log(t_mul))',
        '    done = (done - (1.0 - t_mul**i) / (1.0 - t_mul)) / t_mul**i',
        `return initial * ((1.0 - alpha) * m_mul**i * 0.5 * (1.0 + math.cos(math.pi * done)) + alpha)${legacy}`,
      ];
      return { base: 1.0, body, absolute: true };
    }
    default:
      throw new Error(`unknown schedule ${lr.schedule}`);
  }
}

/**
 * The nearest torch.optim class of a configuration, its arguments (the lr as `LR`) and what
 * differs from Keras.
 * @returns {{ctor: string, args: [string, string][], notes: string[]}}
 */
function torchOptimizer(config) {
  const spec = OPTIMIZERS[config.name];
  const c = { ...spec.defaults, ...config };
  const notes = [];
  let ctor;
  let args;
  const eps = c.epsilon === 0 && config.api === 'legacy' ? kerasDefault(config.name, 'legacy', 'epsilon') : c.epsilon;
  const epsNote = [
    'Epsilon is not the same number: Keras adds epsilon to sqrt(v) before bias-correcting the step',
    '(lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t); p -= lr_t * m / (sqrt(v) + epsilon), "epsilon hat"),',
    'PyTorch adds eps outside the sqrt of the bias-corrected v-hat (p -= lr * m_hat / (sqrt(v_hat) + eps)).',
    'Keras epsilon equals PyTorch eps * sqrt(1 - beta_2^t): the same value is a differently scaled epsilon,',
    'largest in the first steps. The paths agree closely while sqrt(v_hat) >> eps.',
  ];
  switch (config.name) {
    case 'adam':
      ctor = 'torch.optim.Adam';
      args = [['lr', 'LR'], ['betas', `(${py(c.beta_1)}, ${py(c.beta_2)})`], ['eps', py(eps)], ['amsgrad', py(c.amsgrad)]];
      notes.push(
        ...epsNote,
        'Measured with this export (scripts/tensorboard_reference.py): Adam(learning_rate=0.003, decay=0.0002) on Rosenbrock',
        'from (-1.5, 2), 2000 updates, torch 2.15 vs tf_keras 2.21: the paths stay within 4.6e-6 of each other.',
      );
      break;
    case 'adamw':
      ctor = 'torch.optim.AdamW';
      args = [['lr', 'LR'], ['betas', `(${py(c.beta_1)}, ${py(c.beta_2)})`], ['eps', py(eps)], ['weight_decay', py(c.weight_decay)], ['amsgrad', py(c.amsgrad)]];
      notes.push(...epsNote, 'weight_decay: both shrink p by lr * weight_decay * p each step (decoupled).');
      break;
    case 'sgd':
      ctor = 'torch.optim.SGD';
      args = [['lr', 'LR'], ['momentum', py(c.momentum)], ['nesterov', py(c.nesterov)]];
      if (c.momentum) notes.push('Momentum: Keras accumulates lr * g (a = momentum * a - lr * g), PyTorch accumulates g and multiplies by lr; the same with a constant lr, slightly different while the lr changes.');
      break;
    case 'rmsprop':
      ctor = 'torch.optim.RMSprop';
      args = [['lr', 'LR'], ['alpha', py(c.rho)], ['eps', py(eps)], ['momentum', py(c.momentum)], ['centered', py(c.centered)]];
      if (c.momentum) notes.push('Legacy Keras RMSprop with momentum puts epsilon inside the sqrt (sqrt(ms + eps)); PyTorch adds it outside.');
      break;
    case 'adagrad':
      ctor = 'torch.optim.Adagrad';
      args = [['lr', 'LR'], ['initial_accumulator_value', py(c.initial_accumulator_value)], ['eps', py(eps)]];
      break;
    case 'adamax':
      ctor = 'torch.optim.Adamax';
      args = [['lr', 'LR'], ['betas', `(${py(c.beta_1)}, ${py(c.beta_2)})`], ['eps', py(eps)]];
      notes.push('PyTorch Adamax adds eps inside the max (max(beta_2 * u, |g| + eps)); Keras adds it to u afterwards.');
      break;
    case 'nadam':
      ctor = 'torch.optim.NAdam';
      args = [['lr', 'LR'], ['betas', `(${py(c.beta_1)}, ${py(c.beta_2)})`], ['eps', py(eps)], ['momentum_decay', '0.004']];
      if (config.api === 'keras3') {
        args[args.length - 1] = ['momentum_decay', '1.0'];
        notes.push('momentum_decay=1.0: PyTorch\'s mu_t = beta_1 * (1 - 0.5 * 0.96^(t * momentum_decay)) is then Keras 3\'s 0.96^t schedule.');
      } else notes.push('momentum_decay=0.004 matches legacy Nadam\'s schedule_decay; legacy Nadam never decays its lr, whatever decay= says.');
      break;
    default:
      throw new Error(`unknown optimizer ${config.name}`);
  }
  return { ctor, args, notes };
}

/** PyTorch: the nearest torch.optim optimizer, with LambdaLR stepped once per batch. */
export function pytorchCode(config, o = {}) {
  const s = scene(o);
  const spec = OPTIMIZERS[config.name];
  const { ctor, args, notes } = torchOptimizer(config);
  // PyTorch's weight_decay= outside AdamW is an L2 term added to the gradient, not Keras 3's
  // decoupled decay, so the loop applies Keras's form itself.
  const manualWeightDecay = hasAddedWeightDecay(config);
  if (manualWeightDecay) {
    notes.push('weight_decay: Keras 3 shrinks p by lr * weight_decay * p before each update (decoupled); PyTorch\'s weight_decay= here would add weight_decay * p to the gradient instead, so the loop does it by hand.');
  }
  const sched = torchSchedule(config);
  const lines = [
    header(`PyTorch equivalent of ${spec.label} (${config.api === 'legacy' ? 'tf.keras legacy' : 'Keras 3'})`, ['pip install torch', ...notes]),
    ...(sched?.body.some((l) => l.includes('bisect.')) ? ['import bisect'] : []),
    ...(usesMath(s) || sched?.body.some((l) => l.includes('math.')) ? ['import math'] : []),
    '',
    'import torch',
    '',
    `LR = ${pyFloat(sched ? sched.base : config.learning_rate)}`,
    ...(manualWeightDecay ? [`WEIGHT_DECAY = ${pyFloat(config.weight_decay)}`] : []),
  ];
  if (sched) {
    lines.push(
      '',
      '',
      'def lr_lambda(step):',
      sched.absolute
        ? '    """The lr itself (base lr is 1.0), step = number of updates so far, as Keras counts."""'
        : `    """Factor on LR: ${effectiveDecay(config) && !isSchedule(config.learning_rate) ? '1 / (1 + decay * step), Keras legacy decay' : 'the Keras schedule divided by its initial lr'}; step = updates so far."""`,
      ...sched.body.map((l) => `    ${l}`),
      '',
    );
  }
  lines.push(
    '',
    functionSource(s.functionId, s.conditionNumber, 'torch'),
    '',
    `def main(steps=${s.steps}):`,
    `    p = torch.tensor([${pyFloat(s.start[0])}, ${pyFloat(s.start[1])}], requires_grad=True)`,
    `    optimizer = ${call(ctor, [['params', '[p]'], ...args], '        ').replace(/\n\)$/, '\n    )')}`,
  );
  if (sched) {
    lines.push(
      '    # LambdaLR counts scheduler.step() calls: call it once per batch (after optimizer.step()),',
      '    # never once per epoch, or the lr decays per epoch instead of per update as in Keras.',
      '    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)',
    );
  }
  lines.push(
    '    for _ in range(steps):',
    '        optimizer.zero_grad()',
    '        loss = f(p)',
    '        loss.backward()',
  );
  if (manualWeightDecay) {
    lines.push(
      '        with torch.no_grad():  # Keras 3 weight_decay, with this update\'s lr',
      '            p.sub_(p * WEIGHT_DECAY * optimizer.param_groups[0]["lr"])',
    );
  }
  lines.push('        optimizer.step()');
  if (sched) lines.push('        scheduler.step()');
  lines.push(
    '    print("after", steps, "updates: loss", float(f(p.detach())), "at", p.tolist())',
    '    print("lr of the next update:", optimizer.param_groups[0]["lr"])',
    ...RUN_AS_SCRIPT,
  );
  return lines.join('\n');
}

/** All three snippets for a configuration and the page's scene. */
export function generateCode(config, o = {}) {
  return { keras2: keras2Code(config, o), keras3: keras3Code(config, o), pytorch: pytorchCode(config, o) };
}

/** Optimizer arguments that differ from Keras's defaults for `api` (not the lr, decay, api). */
function changedArgs(config, api) {
  return optimizerArgs(config, { epsilonFix: config.api === 'legacy' })
    .filter(([k, v]) => kerasDefault(config.name, api, k) !== v)
    .map(([k, v]) => `${k}=${pyArg(v)}`);
}

/** A one-line call: `fn(a, b=1)`. */
const inline = (fn, args) => `${fn}(${args.join(', ')})`;

/** `1875` → `1,875`, for comments. */
const grouped = (n) => Number(n).toLocaleString('en-US');

/**
 * "Lower the lr once per epoch", as code to paste: the per-epoch forms of the run's inverse-time
 * decay, each with the numbers the core's `epochPlan` chose (`decay_steps` = the run's updates
 * per epoch, `decay_rate`, `factor`), so that what runs is what the core computes:
 * - `inverse_time`, `exponential`: Keras 3 schedules with `staircase=True`;
 * - `callback_keras2`, `callback_keras3`: a `LearningRateScheduler` on a constant lr;
 * - `torch_lambda`, `torch_step`: `LambdaLR` / `StepLR` stepped once per epoch.
 * Each defines `optimizer` (and the callbacks `lr_callback`; PyTorch, its whole loop over
 * `model`, `train_loader` and `loss_fn`), and says in comments how `model.fit` takes it.
 * `exponential` and `torch_step` are null when the plan has no factor (one epoch).
 * @param {object} config  the run's optimizer configuration
 * @param {object} plan    the core's `epochPlan` for the run
 * @param {{batch_size: number, epochs: number}} fit
 */
export function epochPlanCode(config, plan, fit) {
  const lr = pyFloat(plan.learning_rate);
  const rate = pyFloat(plan.decay_rate);
  const spe = plan.decay_steps;
  const label = OPTIMIZERS[config.name].label;
  const k3Class = kerasClass(config.name, 'keras3') ? label : 'Adam';
  const k3Args = kerasClass(config.name, 'keras3') ? changedArgs({ ...config, api: 'keras3' }, 'keras3') : [];
  const fitLine = (extra = '') => `# model.fit(x_train, y_train, batch_size=${fit.batch_size}, epochs=${fit.epochs}${extra})`;
  const decayNote = `decay=${py(plan.decay)}`;
  const keras3Schedule = (cls, rateArg, why) => [
    'import keras',
    '',
    `# ${why}`,
    `lr_schedule = keras.optimizers.schedules.${cls}(`,
    `    initial_learning_rate=${lr}, decay_steps=${spe}, decay_rate=${rateArg}, staircase=True)`,
    `optimizer = keras.optimizers.${inline(k3Class, ['learning_rate=lr_schedule', ...k3Args])}`,
    '# model.compile(optimizer=optimizer, ...)',
    `${fitLine()}  # ${grouped(spe)} updates per epoch`,
    '',
  ].join('\n');
  const schedulerFunction = [
    'def lr_for_epoch(epoch, lr):',
    `    """The lr of epoch \`epoch\` (from 0): ${decayNote} at its first update."""`,
    `    return ${lr} / (1 + ${rate} * epoch)`,
  ];
  const legacyClass = config.name === 'adamw' ? null : label;
  const callback = (keras2) => [
    ...(keras2
      ? ['import os', '', 'os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.keras is Keras 2 (tf_keras)', '', 'import tensorflow as tf  # noqa: E402']
      : ['import keras']),
    '',
    '',
    ...schedulerFunction,
    '',
    '',
    keras2
      ? `optimizer = tf.keras.optimizers.legacy.${inline(legacyClass ?? 'Adam', [`learning_rate=${lr}`, ...changedArgs({ ...config, api: 'legacy' }, 'legacy')])}  # no decay=`
      : `optimizer = keras.optimizers.${inline(k3Class, [`learning_rate=${lr}`, ...k3Args])}`,
    `lr_callback = ${keras2 ? 'tf.keras' : 'keras'}.callbacks.LearningRateScheduler(lr_for_epoch)`,
    '# model.compile(optimizer=optimizer, ...)',
    fitLine(', callbacks=[lr_callback]'),
    '',
  ].join('\n');
  const torch = (schedulerLine, why) => {
    const { ctor, args } = torchOptimizer(config);
    const torchArgs = ['model.parameters()', ...args.map(([k, v]) => `${k}=${v === 'LR' ? lr : v}`)];
    return [
      'import torch',
      '',
      `optimizer = ${ctor}(`,
      `    ${torchArgs.join(', ')})`,
      `# ${why}`,
      `scheduler = torch.optim.lr_scheduler.${schedulerLine[0]}(`,
        `    optimizer, ${schedulerLine[1]})`,
      `for epoch in range(${fit.epochs}):`,
      `    for x, y in train_loader:  # ${grouped(spe)} batches of ${fit.batch_size}`,
      '        optimizer.zero_grad()',
      '        loss_fn(model(x), y).backward()',
      '        optimizer.step()',
      '    scheduler.step()  # once per epoch, after its updates',
      '',
    ].join('\n');
  };
  const factor = plan.factor === null ? null : py(plan.factor);
  return {
    inverse_time: keras3Schedule('InverseTimeDecay', rate, `Once per epoch: the lr ${decayNote} gives each epoch's first update.`),
    exponential: factor && keras3Schedule('ExponentialDecay', factor, `Once per epoch: the lr times ${factor} at each epoch start.`),
    callback_keras2: callback(true),
    callback_keras3: callback(false),
    torch_lambda: torch(
      ['LambdaLR', `lambda epoch: 1 / (1 + ${rate} * epoch)`],
      `Once per epoch: the lr ${decayNote} gives each epoch's first update.`,
    ),
    torch_step: factor && torch(
      ['StepLR', `step_size=1, gamma=${factor}`],
      `Once per epoch: the lr times ${factor} at each epoch start.`,
    ),
  };
}
