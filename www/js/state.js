// The playground's whole visible state as a URL fragment, and back. Pure functions only (no DOM,
// no wasm): the optimizer check is handed in, so Node's test runner can drive every branch.
//
// Format: `#v1.<base64url of compact JSON>`. Keys are one letter; fields equal to their default
// are left out, so the seed scene's link stays short:
//   f function id          k condition number       s start [x, y]       v view [x0, x1, y0, y1]
//   c configurations: [[optimizer, 0 if hidden]…], each optimizer without its default arguments
//   n steps                u scrubber iteration     p shown panels       o epoch table open
//   d dataset size         b batch size             e epochs shown       l lr log scale
//   z Adam's step size     q (read only) the former calculator [lr, decay, epochs, samples,
//     batch size]: a link without `r` opens the strip at those values
//   r your run (the first screen's strip): {o optimizer, n samples, b batch_size, e epochs,
//     v validation_split}, each left out at its default
//   y layout: 'figure' (one map or chart with the configuration lines under it); absent: full
// Every field is optional, so a link made before a field existed still reads the same.
// Reading is field by field: a bad field falls back to its default and is reported, the rest
// of the link still applies. A link from another version is reported and shows the defaults.

import { DEFAULT_SCENE, OPTIMIZERS, SCHEDULES, clean, presetById } from './optimizers.js';

export const STATE_VERSION = 1;
export const PANELS = ['paths', 'lr', 'loss', 'explain', 'code'];
export const MAX_CONFIGS = 8;
export const MAX_STEPS = 20000;
/** How an instance lays itself out: everything, or one map or chart as a figure. */
export const LAYOUTS = ['full', 'figure'];

const SEED_CONFIGS = DEFAULT_SCENE.map((id) => clean(presetById(id).optimizer));

/** The state a page starts from when its link says nothing (start: the function's default). */
export function defaultState(functions = []) {
  const fn = functions.find((f) => f.id === 'rosenbrock') ?? functions[0];
  return {
    functionId: fn?.id ?? 'rosenbrock',
    conditionNumber: 100,
    start: fn ? [...fn.default_start] : [-1.5, 2],
    view: null,
    configs: SEED_CONFIGS.map((optimizer) => ({ optimizer: structuredClone(optimizer), visible: true })),
    steps: 2000,
    upto: 2000,
    panels: [...PANELS],
    tableOpen: true,
    datasetSize: 60000,
    batchSize: 32,
    epochs: 10,
    lrLog: false,
    showStepSize: true,
    run: defaultRun(),
    layout: 'full',
  };
}

/** The first screen's run: the question's optimizer on 60,000 samples, batch 32, 50 epochs. */
export function defaultRun() {
  return {
    optimizer: { name: 'adam', api: 'legacy', ...structuredClone(OPTIMIZERS.adam.defaults), learning_rate: 0.003, decay: 0.0002 },
    samples: 60000,
    batch_size: 32,
    epochs: 50,
    validation_split: 0,
  };
}

/** The run's keys in a link: `r: {o, n, b, e, v}`. */
const RUN_KEYS = [['n', 'samples'], ['b', 'batch_size'], ['e', 'epochs'], ['v', 'validation_split']];

/** Rounds to 7 significant digits: what a link stores for points and views (idempotent). */
export function roundSig(v, digits = 7) {
  return Number(Number(v).toPrecision(digits));
}

/** JSON with sorted keys: equal values give equal text whatever the key order. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const same = (a, b) => canonical(a) === canonical(b);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v) => typeof v === 'number' && Number.isFinite(v);
const intIn = (min, max) => (v) => Number.isInteger(v) && v >= min && v <= max;
const numIn = (min, max) => (v) => finite(v) && v >= min && v <= max;
const bool01 = (v) => v === 0 || v === 1 || v === true || v === false;

/** A schedule with its defaults filled back in (an unknown schedule is left to the core to reject). */
function expandSchedule(lr) {
  if (!isObject(lr) || !Object.hasOwn(SCHEDULES, lr.schedule)) return lr;
  return { schedule: lr.schedule, ...structuredClone(SCHEDULES[lr.schedule].defaults), ...structuredClone(lr) };
}

function compactSchedule(lr) {
  if (!isObject(lr) || !Object.hasOwn(SCHEDULES, lr.schedule)) return lr;
  const defaults = SCHEDULES[lr.schedule].defaults;
  const out = { schedule: lr.schedule };
  // Every argument is kept that differs from the default, and so is every argument the default
  // lacks; an argument explicitly absent (e.g. warmup_target null) stays null.
  for (const [k, v] of Object.entries(lr)) if (k !== 'schedule' && !(Object.hasOwn(defaults, k) && same(defaults[k], v))) out[k] = v;
  return out;
}

/** The full configuration a link's compact one stands for: defaults filled back in. */
export function expandOptimizer(compact) {
  if (!isObject(compact) || typeof compact.name !== 'string' || !Object.hasOwn(OPTIMIZERS, compact.name)) return null;
  const defaults = { ...OPTIMIZERS[compact.name].defaults };
  const api = compact.api ?? (compact.name === 'adamw' ? 'keras3' : 'legacy');
  // Keras 3 has no `decay`; a schedule replaces it.
  if (api === 'keras3' || isObject(compact.learning_rate)) delete defaults.decay;
  const out = { name: compact.name, api, ...structuredClone(defaults), ...structuredClone(compact) };
  out.learning_rate = expandSchedule(out.learning_rate);
  return out;
}

/** A configuration without the arguments equal to Keras's defaults (and without a default api). */
export function compactOptimizer(optimizer) {
  const defaults = OPTIMIZERS[optimizer.name]?.defaults ?? {};
  const out = { name: optimizer.name };
  const defaultApi = optimizer.name === 'adamw' ? 'keras3' : 'legacy';
  if (optimizer.api !== defaultApi) out.api = optimizer.api;
  for (const [k, v] of Object.entries(optimizer)) {
    if (k === 'name' || k === 'api' || v === undefined || v === null) continue;
    if (k === 'learning_rate' && isObject(v)) out[k] = compactSchedule(v);
    else if (!(k in defaults && defaults[k] === v)) out[k] = v;
  }
  return out;
}

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}


/**
 * The compact JSON object for a state (fields equal to their default left out).
 * @param {ReturnType<typeof defaultState>} state
 */
export function compactState(state, functions = []) {
  const d = defaultState(functions);
  const o = { f: state.functionId };
  const fn = functions.find((f) => f.id === state.functionId);
  if (state.functionId === 'ill_conditioned_quadratic' && state.conditionNumber !== d.conditionNumber) o.k = state.conditionNumber;
  const start = state.start.map((v) => roundSig(v));
  if (!fn || !same(start, fn.default_start.map((v) => roundSig(v)))) o.s = start;
  if (state.view) o.v = [state.view.x_min, state.view.x_max, state.view.y_min, state.view.y_max].map((v) => roundSig(v));
  const configs = state.configs.map((c) => (c.visible ? [compactOptimizer(c.optimizer)] : [compactOptimizer(c.optimizer), 0]));
  if (!same(configs, d.configs.map((c) => [compactOptimizer(c.optimizer)]))) o.c = configs;
  if (state.steps !== d.steps) o.n = state.steps;
  if (state.upto !== state.steps) o.u = state.upto;
  if (!same(state.panels, d.panels)) o.p = state.panels.join(',');
  if (state.tableOpen !== d.tableOpen) o.o = state.tableOpen ? 1 : 0;
  if (state.datasetSize !== d.datasetSize) o.d = state.datasetSize;
  if (state.batchSize !== d.batchSize) o.b = state.batchSize;
  if (state.epochs !== d.epochs) o.e = state.epochs;
  if (state.lrLog !== d.lrLog) o.l = state.lrLog ? 1 : 0;
  if (state.showStepSize !== d.showStepSize) o.z = state.showStepSize ? 1 : 0;
  if (state.run) {
    const r = {};
    const optimizer = compactOptimizer(state.run.optimizer);
    if (!same(optimizer, compactOptimizer(d.run.optimizer))) r.o = optimizer;
    for (const [key, field] of RUN_KEYS) if (state.run[field] !== d.run[field]) r[key] = state.run[field];
    if (Object.keys(r).length) o.r = r;
  }
  if (state.layout && state.layout !== d.layout) o.y = state.layout;
  return o;
}

/**
 * `v1.<base64url>`: the fragment (without `#`) for a state. With `functions` (wasm
 * `functions()`), a start at the function's default start is left out too.
 */
export function serializeState(state, functions = []) {
  return `v${STATE_VERSION}.${toBase64Url(JSON.stringify(compactState(state, functions)))}`;
}

/**
 * Reads a fragment (with or without `#`). Never throws: every field that is missing takes its
 * default; every field that is present but wrong takes its default and is listed in `ignored`.
 * @param {string} fragment
 * @param {object} [o]
 * @param {{id: string, default_start: number[], domain?: object}[]} [o.functions]  wasm `functions()`
 * @param {(optimizer: object) => string | null} [o.validateOptimizer]  the core's verdict: null if valid
 * @returns {{state: ReturnType<typeof defaultState>, ignored: {field: string, reason: string}[], empty: boolean}}
 */
export function parseState(fragment, { functions = [], validateOptimizer = () => null } = {}) {
  const text = String(fragment ?? '').replace(/^#/, '').trim();
  const defaults = defaultState(functions);
  if (text === '') return { state: defaults, ignored: [], empty: true };
  const m = /^v(\d+)\.(.*)$/s.exec(text);
  if (!m) return { state: defaults, ignored: [{ field: 'link', reason: 'not a playground link; showing the defaults' }], empty: false };
  if (Number(m[1]) !== STATE_VERSION) {
    return { state: defaults, ignored: [{ field: 'link', reason: `made for version ${m[1]} of this page (this page reads version ${STATE_VERSION}); showing the defaults` }], empty: false };
  }
  let raw;
  try {
    raw = JSON.parse(fromBase64Url(m[2]));
  } catch {
    return { state: defaults, ignored: [{ field: 'link', reason: 'the link is damaged (cannot be decoded); showing the defaults' }], empty: false };
  }
  if (!isObject(raw)) return { state: defaults, ignored: [{ field: 'link', reason: 'the link holds no settings; showing the defaults' }], empty: false };
  return applyCompact(raw, { functions, validateOptimizer, base: defaults });
}

/**
 * Applies a compact object's fields over `base`, field by field (used by links and by the
 * custom element's attributes).
 */
export function applyCompact(raw, { functions = [], validateOptimizer = () => null, base = defaultState(functions) } = {}) {
  const state = structuredClone(base);
  const ignored = [];
  const reject = (field, reason) => ignored.push({ field, reason });
  const known = new Set(['f', 'k', 's', 'v', 'c', 'n', 'u', 'p', 'o', 'd', 'b', 'e', 'l', 'z', 'q', 'r', 'y']);
  for (const key of Object.keys(raw)) if (!known.has(key)) reject(key, 'unknown setting');

  const has = (k) => Object.hasOwn(raw, k);
  const ids = functions.map((f) => f.id);
  if (has('f')) {
    if (typeof raw.f === 'string' && (ids.length === 0 || ids.includes(raw.f))) {
      state.functionId = raw.f;
      const fn = functions.find((f) => f.id === raw.f);
      if (fn) state.start = [...fn.default_start];
    } else reject('function', `unknown function ${JSON.stringify(raw.f)}`);
  }
  if (has('k')) {
    if (numIn(1, 10000)(raw.k)) state.conditionNumber = raw.k;
    else reject('condition number', 'must be a number in [1, 10000]');
  }
  if (has('s')) {
    if (Array.isArray(raw.s) && raw.s.length === 2 && raw.s.every(numIn(-1e4, 1e4))) state.start = raw.s.map((v) => roundSig(v));
    else reject('start', 'must be two numbers in [-10000, 10000]');
  }
  if (has('v')) {
    const v = raw.v;
    if (Array.isArray(v) && v.length === 4 && v.every(numIn(-1e6, 1e6)) && v[1] - v[0] > 1e-9 && v[3] - v[2] > 1e-9) {
      state.view = { x_min: roundSig(v[0]), x_max: roundSig(v[1]), y_min: roundSig(v[2]), y_max: roundSig(v[3]) };
    } else reject('view', 'must be [x_min, x_max, y_min, y_max] with min < max');
  }
  if (has('c')) {
    if (!Array.isArray(raw.c) || raw.c.length === 0) reject('configurations', 'must be a non-empty list');
    else {
      const configs = [];
      raw.c.forEach((entry, i) => {
        const where = `configuration ${i + 1}`;
        if (configs.length >= MAX_CONFIGS) return reject(where, `at most ${MAX_CONFIGS} configurations`);
        const [compact, visible] = Array.isArray(entry) ? entry : [entry, 1];
        const optimizer = expandOptimizer(compact);
        if (!optimizer) return reject(where, 'not an optimizer configuration');
        if (visible !== undefined && !bool01(visible)) return reject(where, 'visibility must be 0 or 1');
        const problem = validateOptimizer(optimizer);
        if (problem) return reject(where, problem);
        configs.push({ optimizer, visible: visible === undefined ? true : !!visible });
      });
      if (configs.length) state.configs = configs;
    }
  }
  if (has('n')) {
    if (intIn(1, MAX_STEPS)(raw.n)) state.steps = raw.n;
    else reject('steps', `must be a whole number in [1, ${MAX_STEPS}]`);
  }
  // New steps start the scrubber at the end (as the steps input does), unless `u` says otherwise.
  if (has('n') || state.upto > state.steps) state.upto = state.steps;
  if (has('u')) {
    if (intIn(0, state.steps)(raw.u)) state.upto = raw.u;
    else reject('iteration', `must be a whole number in [0, ${state.steps}]`);
  }
  if (has('p')) {
    const names = typeof raw.p === 'string' ? raw.p.split(',').map((s) => s.trim()).filter(Boolean) : null;
    const good = names ? [...new Set(names.filter((n) => PANELS.includes(n)))] : [];
    const bad = names ? names.filter((n) => !PANELS.includes(n)) : [String(raw.p)];
    if (bad.length) reject('panels', `unknown panel ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
    if (good.length) state.panels = PANELS.filter((n) => good.includes(n));
  }
  const scalar = (key, field, ok, why, set) => {
    if (!has(key)) return;
    if (ok(raw[key])) set(raw[key]);
    else reject(field, why);
  };
  scalar('o', 'epoch table', bool01, 'must be 0 or 1', (v) => { state.tableOpen = !!v; });
  scalar('d', 'dataset size', intIn(1, 1e8), 'must be a whole number in [1, 100000000]', (v) => { state.datasetSize = v; });
  scalar('b', 'batch size', intIn(1, 1e6), 'must be a whole number in [1, 1000000]', (v) => { state.batchSize = v; });
  scalar('e', 'epochs', intIn(1, 200), 'must be a whole number in [1, 200]', (v) => { state.epochs = v; });
  scalar('l', 'lr log scale', bool01, 'must be 0 or 1', (v) => { state.lrLog = !!v; });
  scalar('z', 'step size', bool01, 'must be 0 or 1', (v) => { state.showStepSize = !!v; });
  scalar(
    'q', 'calculator',
    (q) => Array.isArray(q) && q.length === 5 && numIn(0, 1e9)(q[0]) && numIn(0, 1e9)(q[1]) && intIn(0, 100000)(q[2]) && intIn(1, 1e12)(q[3]) && intIn(1, 1e12)(q[4]),
    'must be [lr ≥ 0, decay ≥ 0, epochs, samples ≥ 1, batch size ≥ 1]',
    (q) => {
      // The calculator the strip replaced: its numbers are "your run" (unless `r` says more).
      if (has('r')) return;
      const [lr, decay, epochs, samples, batch] = q;
      state.run.optimizer = { ...state.run.optimizer, learning_rate: lr, decay };
      Object.assign(state.run, { samples, batch_size: batch, epochs: Math.max(1, epochs) });
    },
  );
  if (has('r')) applyRun(raw.r, state, reject, validateOptimizer);
  scalar('y', 'layout', (v) => LAYOUTS.includes(v), `must be one of ${LAYOUTS.join(', ')}`, (v) => { state.layout = v; });
  return { state, ignored, empty: false };
}

/** Reads a link's `r` into `state.run`, field by field. */
function applyRun(r, state, reject, validateOptimizer) {
  if (!isObject(r)) return reject('your run', 'must be an object');
  for (const key of Object.keys(r)) if (!['o', ...RUN_KEYS.map(([k]) => k)].includes(key)) reject(`your run: ${key}`, 'unknown setting');
  if (Object.hasOwn(r, 'o')) {
    const optimizer = expandOptimizer(r.o);
    const problem = optimizer ? validateOptimizer(optimizer) : 'not an optimizer configuration';
    if (problem) reject('your run: optimizer', problem);
    else state.run.optimizer = optimizer;
  }
  const checks = {
    samples: [intIn(1, 1e12), 'a whole number in [1, 1000000000000]'],
    batch_size: [intIn(1, 1e12), 'a whole number in [1, 1000000000000]'],
    epochs: [intIn(1, 100000), 'a whole number in [1, 100000]'],
    validation_split: [numIn(0, 0.99), 'a number in [0, 0.99]'],
  };
  for (const [key, field] of RUN_KEYS) {
    if (!Object.hasOwn(r, key)) continue;
    const [ok, what] = checks[field];
    if (ok(r[key])) state.run[field] = r[key];
    else reject(`your run: ${field}`, `must be ${what}`);
  }
}

/** One line for a notice: "Ignored from the link: start (must be …); steps (…)". */
export function describeIgnored(ignored) {
  if (!ignored.length) return '';
  return `Ignored from the link, defaults used instead: ${ignored.map((i) => `${i.field} (${i.reason})`).join('; ')}.`;
}
