// What a person can configure: Keras's optimizers with Keras's own argument names, defaults
// and sensible input ranges, the Keras 3 schedules, the presets, and the Keras code a
// configuration stands for. Keras's facts (each class's arguments, defaults and accepted
// ranges, per API) come from the Rust core's table, `kerasSpec()`, whose generated copy is
// ./keras-spec.js (a test checks the two are equal); validation itself happens in the core.
// What is written here is the page's: help texts, input steps, the number fields' ends where
// the core accepts anything up to float32's largest value, and the presets.
import { KERAS_SPEC } from './keras-spec.js';

/** @typedef {{min?: number, max?: number, step?: number, kind?: 'number'|'bool'|'list'|'int', help?: string}} FieldSpec */

/** The core's row of a class under an API (`undefined` if it does not exist there). */
export function kerasClass(name, api) {
  return KERAS_SPEC.optimizers.find((o) => o.id === name && o.api === api);
}

/** Keras's default of `arg` for a class under an API (`undefined` if the class does not take it). */
export function kerasDefault(name, api, arg) {
  return kerasClass(name, api)?.args.find((a) => a.name === arg)?.default;
}

/** The core's row of a schedule. */
export function kerasSchedule(id) {
  return KERAS_SPEC.schedules.find((s) => s.id === id);
}

/**
 * An input's shape from the core's argument (kind, lower end, upper end when finite in practice)
 * and the page's extras; `ui.max` narrows an upper end the core puts at float32's largest value.
 */
function fieldSpec(arg, ui = {}) {
  if (arg.kind === 'bool') return { kind: 'bool', ...ui };
  if (arg.kind === 'list') return { kind: 'list', ...ui };
  const { min, max } = arg.range;
  return { min: ui.min ?? min, max: ui.max ?? max, step: ui.step, ...(ui.kind && { kind: ui.kind }), ...(ui.help && { help: ui.help }) };
}

/** Every argument the core's table gives any class, by name (the first row that has it). */
function optimizerArg(name) {
  for (const o of KERAS_SPEC.optimizers) {
    const a = o.args.find((x) => x.name === name);
    if (a) return a;
  }
  throw new Error(`${name} is not an argument of any class in the core's table`);
}

/** The page's inputs for the optimizer arguments, in this order. */
const FIELD_UI = {
  learning_rate: { max: 1e9, step: 0.0001, help: 'base learning rate (huge values are allowed, to see training diverge)' },
  decay: { max: 1e9, step: 0.0001, help: 'legacy inverse-time decay per update: lr / (1 + decay · iterations); huge values are allowed, to see the lr collapse' },
  beta_1: { step: 0.01, help: 'decay rate of the first-moment average (not lr decay)' },
  beta_2: { step: 0.001, help: 'decay rate of the second-moment average (not lr decay)' },
  epsilon: { max: 1, step: 1e-7, help: 'added to sqrt(v) outside the square root' },
  amsgrad: {},
  momentum: { step: 0.05 },
  nesterov: {},
  rho: { step: 0.01 },
  centered: {},
  initial_accumulator_value: { max: 100, step: 0.1 },
  weight_decay: { max: 1, step: 0.001, help: 'Keras 3 decoupled weight decay: p -= lr · weight_decay · p before each update (shrinks weights, not the lr); empty = None' },
};

/** @type {Record<string, FieldSpec>} */
export const FIELDS = Object.fromEntries(Object.entries(FIELD_UI).map(([name, ui]) => [name, fieldSpec(optimizerArg(name), ui)]));

/**
 * Each optimizer's label and the arguments a card shows with their Keras defaults, under the
 * API a new card gets (legacy, or Keras 3 for a class only Keras 3 has): the core's arguments
 * that have an input here and a default that is not None, in Keras's order. Classes that exist
 * in legacy Keras come first, in the core's order.
 */
export const OPTIMIZERS = Object.fromEntries(
  [...new Set(KERAS_SPEC.optimizers.map((o) => o.id))]
    .map((id) => {
      const legacy = kerasClass(id, 'legacy');
      const row = legacy ?? kerasClass(id, 'keras3');
      const defaults = Object.fromEntries(row.args.filter((a) => a.name in FIELD_UI && a.default !== null).map((a) => [a.name, a.default]));
      return [id, { label: row.class, ...(!legacy && { keras3Only: true }), defaults }];
    })
    .sort(([, a], [, b]) => Number(!!a.keras3Only) - Number(!!b.keras3Only)),
);

/**
 * Keras 3 learning-rate schedules: `defaults` are the page's starting values for a new schedule,
 * `keras` Keras's own defaults for the optional arguments (what an omitted argument means, from
 * the core's table).
 */
const SCHEDULE_START = {
  inverse_time_decay: { initial_learning_rate: 0.001, decay_steps: 1, decay_rate: 0.0002, staircase: false },
  exponential_decay: { initial_learning_rate: 0.001, decay_steps: 100, decay_rate: 0.96, staircase: false },
  piecewise_constant_decay: { boundaries: [500, 1000], values: [0.003, 0.001, 0.0003] },
  cosine_decay: { initial_learning_rate: 0.0, decay_steps: 1500, alpha: 0.0, warmup_target: 0.003, warmup_steps: 500 },
  polynomial_decay: { initial_learning_rate: 0.003, decay_steps: 1500, end_learning_rate: 0.0001, power: 1.0, cycle: false },
  cosine_decay_restarts: { initial_learning_rate: 0.003, first_decay_steps: 200, t_mul: 2.0, m_mul: 1.0, alpha: 0.0 },
};

export const SCHEDULES = Object.fromEntries(KERAS_SPEC.schedules.map((s) => [s.id, {
  label: s.class,
  defaults: SCHEDULE_START[s.id],
  keras: Object.fromEntries(s.args.filter((a) => !a.required && a.name !== 'name').map((a) => [a.name, a.default])),
}]));

/** The page's inputs for schedule arguments (ends narrower than the core's, steps, help). */
const SCHEDULE_FIELD_UI = {
  initial_learning_rate: { max: 10, step: 0.0001 },
  decay_steps: { min: 1, max: 1e9, step: 1, kind: 'int' },
  decay_rate: { max: 100, step: 0.0001 },
  staircase: {},
  boundaries: { help: 'iterations, comma-separated, increasing' },
  values: { help: 'one more value than boundaries' },
  alpha: { step: 0.01 },
  warmup_target: { max: 10, step: 0.0001, help: 'empty: no warmup' },
  warmup_steps: { max: 1e9, step: 1, kind: 'int' },
  end_learning_rate: { max: 10, step: 0.0001, help: 'the lr from decay_steps on (without cycle)' },
  power: { max: 100, step: 0.1, help: '1.0 is a straight line down to end_learning_rate' },
  cycle: { help: 'after decay_steps, decay again over the next multiple of decay_steps' },
  first_decay_steps: { max: 1e9, step: 1, kind: 'int', help: 'length of the first cosine period' },
  t_mul: { step: 0.1, help: 'each period is t_mul times longer than the one before' },
  m_mul: { step: 0.05, help: 'each restart peaks at m_mul times the previous peak' },
};

function scheduleArg(name) {
  for (const s of KERAS_SPEC.schedules) {
    const a = s.args.find((x) => x.name === name);
    if (a) return a;
  }
  throw new Error(`${name} is not an argument of any schedule in the core's table`);
}

/** @type {Record<string, FieldSpec>} */
export const SCHEDULE_FIELDS = Object.fromEntries(Object.entries(SCHEDULE_FIELD_UI).map(([name, ui]) => [name, fieldSpec(scheduleArg(name), ui)]));

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
