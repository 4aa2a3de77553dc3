// What a person can configure: Keras's optimizers with Keras's own argument names, defaults
// and sensible input ranges, the Keras 3 schedules, the presets, and the Keras code a
// configuration stands for. Validation itself happens in the Rust core (one source of truth);
// the ranges here only shape the inputs.

/** @typedef {{min?: number, max?: number, step?: number, kind?: 'number'|'bool'|'list'|'int', help?: string}} FieldSpec */

/** @type {Record<string, FieldSpec>} */
export const FIELDS = {
  learning_rate: { min: 0, max: 1e9, step: 0.0001, help: 'base learning rate (huge values are allowed, to see training diverge)' },
  decay: { min: 0, max: 1e9, step: 0.0001, help: 'legacy inverse-time decay per update: lr / (1 + decay · iterations); huge values are allowed, to see the lr collapse' },
  beta_1: { min: 0, max: 1, step: 0.01, help: 'decay rate of the first-moment average (not lr decay)' },
  beta_2: { min: 0, max: 1, step: 0.001, help: 'decay rate of the second-moment average (not lr decay)' },
  epsilon: { min: 0, max: 1, step: 1e-7, help: 'added to sqrt(v) outside the square root' },
  amsgrad: { kind: 'bool' },
  momentum: { min: 0, max: 1, step: 0.05 },
  nesterov: { kind: 'bool' },
  rho: { min: 0, max: 1, step: 0.01 },
  centered: { kind: 'bool' },
  initial_accumulator_value: { min: 0, max: 100, step: 0.1 },
  weight_decay: { min: 0, max: 1, step: 0.001, help: 'Keras 3 decoupled weight decay: p -= lr · weight_decay · p before each update (shrinks weights, not the lr); empty = None' },
};

/** Each optimizer's arguments and Keras defaults, per API. */
export const OPTIMIZERS = {
  adam: {
    label: 'Adam',
    defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, decay: 0 },
  },
  sgd: { label: 'SGD', defaults: { learning_rate: 0.01, momentum: 0, nesterov: false, decay: 0 } },
  rmsprop: {
    label: 'RMSprop',
    defaults: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, decay: 0 },
  },
  // Both APIs, with the same argument names and defaults; Keras 3's arithmetic differs (Adagrad:
  // epsilon inside the sqrt; Nadam: momentum schedule 0.96^t, no schedule_decay).
  adagrad: { label: 'Adagrad', defaults: { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7, decay: 0 } },
  adamax: { label: 'Adamax', defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, decay: 0 } },
  nadam: { label: 'Nadam', defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, decay: 0 } },
  adamw: {
    label: 'AdamW',
    keras3Only: true,
    defaults: { learning_rate: 0.001, weight_decay: 0.004, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
  },
};

/**
 * Keras 3 learning-rate schedules: `defaults` are the page's starting values for a new schedule,
 * `keras` Keras's own defaults for the optional arguments (what an omitted argument means).
 */
export const SCHEDULES = {
  inverse_time_decay: {
    label: 'InverseTimeDecay',
    defaults: { initial_learning_rate: 0.001, decay_steps: 1, decay_rate: 0.0002, staircase: false },
    keras: { staircase: false },
  },
  exponential_decay: {
    label: 'ExponentialDecay',
    defaults: { initial_learning_rate: 0.001, decay_steps: 100, decay_rate: 0.96, staircase: false },
    keras: { staircase: false },
  },
  piecewise_constant_decay: {
    label: 'PiecewiseConstantDecay',
    defaults: { boundaries: [500, 1000], values: [0.003, 0.001, 0.0003] },
    keras: {},
  },
  cosine_decay: {
    label: 'CosineDecay',
    defaults: { initial_learning_rate: 0.0, decay_steps: 1500, alpha: 0.0, warmup_target: 0.003, warmup_steps: 500 },
    keras: { alpha: 0.0, warmup_target: null, warmup_steps: 0 },
  },
  polynomial_decay: {
    label: 'PolynomialDecay',
    defaults: { initial_learning_rate: 0.003, decay_steps: 1500, end_learning_rate: 0.0001, power: 1.0, cycle: false },
    keras: { end_learning_rate: 0.0001, power: 1.0, cycle: false },
  },
  cosine_decay_restarts: {
    label: 'CosineDecayRestarts',
    defaults: { initial_learning_rate: 0.003, first_decay_steps: 200, t_mul: 2.0, m_mul: 1.0, alpha: 0.0 },
    keras: { t_mul: 2.0, m_mul: 1.0, alpha: 0.0 },
  },
};

export const SCHEDULE_FIELDS = {
  initial_learning_rate: { min: 0, max: 10, step: 0.0001 },
  decay_steps: { min: 1, max: 1e9, step: 1, kind: 'int' },
  decay_rate: { min: 0, max: 100, step: 0.0001 },
  staircase: { kind: 'bool' },
  boundaries: { kind: 'list', help: 'iterations, comma-separated, increasing' },
  values: { kind: 'list', help: 'one more value than boundaries' },
  alpha: { min: 0, max: 1, step: 0.01 },
  warmup_target: { min: 0, max: 10, step: 0.0001, help: 'empty: no warmup' },
  warmup_steps: { min: 0, max: 1e9, step: 1, kind: 'int' },
  end_learning_rate: { min: 0, max: 10, step: 0.0001, help: 'the lr from decay_steps on (without cycle)' },
  power: { min: 0, max: 100, step: 0.1, help: '1.0 is a straight line down to end_learning_rate' },
  cycle: { kind: 'bool', help: 'after decay_steps, decay again over the next multiple of decay_steps' },
  first_decay_steps: { min: 1, max: 1e9, step: 1, kind: 'int', help: 'length of the first cosine period' },
  t_mul: { min: 1, max: 1000, step: 0.1, help: 'each period is t_mul times longer than the one before' },
  m_mul: { min: 0, max: 1, step: 0.05, help: 'each restart peaks at m_mul times the previous peak' },
};

/**
 * The two knobs people move, as log-scale sliders: the base learning rate and the rate of its
 * decay (legacy `decay`, or a schedule's `decay_rate`). `lo`/`hi` are the slider's ends (the
 * number field beside it takes any value the core accepts); `zero` puts 0 at the far left.
 * @type {Record<string, {lo: number, hi: number, zero?: boolean}>}
 */
export const KNOBS = {
  learning_rate: { lo: 1e-5, hi: 10 },
  'learning_rate.initial_learning_rate': { lo: 1e-5, hi: 10 },
  decay: { lo: 1e-7, hi: 1, zero: true },
  'learning_rate.decay_rate': { lo: 1e-7, hi: 100, zero: true },
};

/** Slider positions per decade of a knob. */
export const KNOB_STEPS_PER_DECADE = 20;

/** The number of slider positions of a knob (0 … max). */
export function knobMax(knob) {
  return Math.round(Math.log10(knob.hi / knob.lo) * KNOB_STEPS_PER_DECADE) + (knob.zero ? 1 : 0);
}

/** A value rounded to 3 significant digits, as a dragged slider gives it. */
export function round3(v) {
  return Number(Number(v).toPrecision(3));
}

/** The slider position that shows `value` (clamped to the slider's ends). */
export function knobPosition(knob, value) {
  const offset = knob.zero ? 1 : 0;
  if (!(value > 0)) return 0;
  const pos = Math.round(Math.log10(value / knob.lo) * KNOB_STEPS_PER_DECADE) + offset;
  return Math.max(offset, Math.min(knobMax(knob), pos));
}

/** The value at a slider position, rounded to 3 significant digits. */
export function knobValue(knob, position) {
  const offset = knob.zero ? 1 : 0;
  if (knob.zero && position <= 0) return 0;
  return round3(knob.lo * 10 ** ((position - offset) / KNOB_STEPS_PER_DECADE));
}

/** The knob paths a configuration has, in order: its learning rate, then its decay. */
export function knobPaths(config) {
  const lr = config.learning_rate;
  const paths = [];
  if (typeof lr === 'number') paths.push('learning_rate');
  else if (lr && typeof lr === 'object') {
    if ('initial_learning_rate' in lr) paths.push('learning_rate.initial_learning_rate');
    if ('decay_rate' in lr) paths.push('learning_rate.decay_rate');
  }
  if ('decay' in config && typeof lr === 'number') paths.push('decay');
  return paths;
}

/** Colours for up to eight configurations: distinct on viridis and for colour-blind eyes. */
export const PALETTE = ['#ff4d6d', '#ffffff', '#ff9f1c', '#00e5ff', '#c77dff', '#b5e48c', '#f15bb5', '#8d99ae'];

/**
 * A configuration as the core takes it: `{name, api, ...Keras arguments}`, where
 * `learning_rate` is a number or a schedule object `{schedule, ...}`.
 * @param {string} name
 * @param {object} [overrides]
 */
export function optimizerConfig(name, overrides = {}) {
  const spec = OPTIMIZERS[name];
  return { name, api: spec.keras3Only ? 'keras3' : 'legacy', ...structuredClone(spec.defaults), ...overrides };
}

/**
 * A configuration that names only some arguments (as the core's Keras-code parser returns it)
 * with every other argument at Keras's default, in the shape the cards edit: the optimizer's
 * defaults for its API (Keras 3 classes have no `decay` unless the text gives one) and a
 * schedule's optional arguments at Keras's defaults.
 * @param {object} optimizer `{name, api, ...given arguments}`
 */
export function withKerasDefaults(optimizer) {
  const spec = OPTIMIZERS[optimizer.name];
  if (!spec) return clean(optimizer);
  const out = { ...optimizerConfig(optimizer.name), ...optimizer };
  if (out.api === 'keras3' && !('decay' in optimizer)) delete out.decay;
  const lr = optimizer.learning_rate;
  if (lr && typeof lr === 'object' && SCHEDULES[lr.schedule]) {
    const filled = { schedule: lr.schedule, ...lr };
    for (const [k, v] of Object.entries(SCHEDULES[lr.schedule].keras)) if (!(k in filled)) filled[k] = v;
    out.learning_rate = filled;
  }
  return clean(out);
}

/** @param {string} schedule @param {object} [overrides] */
export function scheduleConfig(schedule, overrides = {}) {
  return { schedule, ...structuredClone(SCHEDULES[schedule].defaults), ...overrides };
}

/** The presets, each a full optimizer configuration with a label. */
export const PRESETS = [
  {
    id: 'seed',
    label: 'Adam(learning_rate=0.003, decay=0.0002) — the question',
    optimizer: optimizerConfig('adam', { learning_rate: 0.003, decay: 0.0002 }),
  },
  { id: 'no-decay', label: 'Adam(learning_rate=0.003) — no decay', optimizer: optimizerConfig('adam', { learning_rate: 0.003 }) },
  {
    id: 'keras3-itd',
    label: 'Keras 3: Adam(InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))',
    optimizer: optimizerConfig('adam', {
      api: 'keras3',
      decay: undefined,
      learning_rate: scheduleConfig('inverse_time_decay', { initial_learning_rate: 0.003, decay_steps: 1, decay_rate: 0.0002 }),
    }),
  },
  { id: 'large-decay', label: 'Adam(learning_rate=0.003, decay=0.05) — large decay', optimizer: optimizerConfig('adam', { learning_rate: 0.003, decay: 0.05 }) },
  {
    id: 'sgd-nesterov',
    label: 'SGD(learning_rate=0.0005, momentum=0.9, nesterov=True)',
    optimizer: optimizerConfig('sgd', { learning_rate: 0.0005, momentum: 0.9, nesterov: true }),
  },
  { id: 'rmsprop', label: 'RMSprop(learning_rate=0.003)', optimizer: optimizerConfig('rmsprop', { learning_rate: 0.003 }) },
  {
    id: 'per-epoch',
    label: 'Keras 3: InverseTimeDecay per epoch (staircase, 1875 steps/epoch)',
    optimizer: optimizerConfig('adam', {
      api: 'keras3',
      decay: undefined,
      learning_rate: scheduleConfig('inverse_time_decay', { initial_learning_rate: 0.003, decay_steps: 1875, decay_rate: 0.375, staircase: true }),
    }),
  },
  { id: 'amsgrad', label: 'Adam(learning_rate=0.003, amsgrad=True)', optimizer: optimizerConfig('adam', { learning_rate: 0.003, amsgrad: true }) },
  { id: 'adamw', label: 'Keras 3: AdamW(learning_rate=0.003, weight_decay=0.004)', optimizer: optimizerConfig('adamw', { learning_rate: 0.003 }) },
];

/** The starting scene: the question, its Keras 3 twin, no decay, and a large decay. */
export const DEFAULT_SCENE = ['seed', 'keras3-itd', 'no-decay', 'large-decay'];

export function presetById(id) {
  return PRESETS.find((p) => p.id === id);
}

/** Drops undefined fields (a preset removes `decay` for Keras 3 that way). */
export function clean(config) {
  return JSON.parse(JSON.stringify(config));
}

function pyValue(v) {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  if (v === null || v === undefined) return 'None';
  return String(v);
}

/** The Keras expression a configuration stands for, e.g. `Adam(learning_rate=0.003, decay=0.0002)`. */
export function kerasExpression(config) {
  const spec = OPTIMIZERS[config.name];
  const args = [];
  const lr = config.learning_rate;
  if (lr && typeof lr === 'object') {
    const s = SCHEDULES[lr.schedule];
    const sargs = Object.entries(lr)
      .filter(([k, v]) => k !== 'schedule' && v !== undefined && v !== null && !(['staircase', 'cycle'].includes(k) && v === false))
      .map(([k, v]) => `${k}=${pyValue(v)}`);
    args.push(`learning_rate=${s?.label ?? lr.schedule}(${sargs.join(', ')})`);
  } else args.push(`learning_rate=${pyValue(lr)}`);
  // Keras's own argument order (the class's defaults list it), whatever the object's key order.
  const order = Object.keys(spec?.defaults ?? {});
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(config).sort(([a], [b]) => rank(a) - rank(b));
  for (const [k, v] of entries) {
    // null is Keras's None, the default of every argument that can be None (weight_decay).
    if (['name', 'api', 'learning_rate'].includes(k) || v === undefined || v === null) continue;
    if (spec && k in spec.defaults && spec.defaults[k] === v) continue;
    args.push(`${k}=${pyValue(v)}`);
  }
  return `${spec?.label ?? config.name}(${args.join(', ')})`;
}
