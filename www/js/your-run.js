// "Your run": the first screen's answer with the reader's own numbers. A strip of the five
// things that decide the lr (learning_rate, decay or the schedule's rate, training samples,
// batch_size, epochs), a paste box that fills it from the reader's own Keras code (parsed by the
// core's `parseKerasCode`), the lr-versus-update chart (the lr each update uses against the flat
// value `optimizer.lr` reports), three numbers, and the fix for Keras 3 and TensorBoard.
// Every number comes from the core (`runSummary`, `lrSchedule`, `lrAt`); nothing is re-derived.
import { parseField } from './configs-ui.js';
import { el } from './dom.js';
import { LineChart, formatNumber } from './chart.js';
import { OPTIMIZERS, SCHEDULES, kerasExpression } from './optimizers.js';
import { callbackUsage, effectiveLrCallback } from './codegen.js';
import { planSentence, renderPlan, staircaseConfig } from './plan.js';
import { misreadingNumbers, renderMisreadings } from './misreadings.js';
import { readingsChoice } from './code-readings.js';

/** The question's run: what the page shows before the reader changes anything. */
export const DEFAULT_RUN = Object.freeze({
  optimizer: Object.freeze({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }),
  samples: 60000,
  batch_size: 32,
  epochs: 50,
  validation_split: 0,
});

/** The once-per-epoch staircase's colour (the legend's `.key-plan` in style.css). */
const PLAN_COLOR = '#d9730d';

/** Above this many updates the chart samples the lr with `lrAt` instead of every update. */
const FULL_TABLE_MAX = 200000;
/** Points of a sampled chart. */
const SAMPLED_POINTS = 4000;
const PASTE_DEBOUNCE_MS = 250;

/** Input ranges of the fit fields (the core checks them again and has the last word). */
const FIT_FIELDS = {
  samples: { kind: 'int', min: 1, max: 1e12 },
  batch_size: { kind: 'int', min: 1, max: 1e12 },
  epochs: { kind: 'int', min: 1, max: 100000 },
  validation_split: { min: 0, max: 0.99 },
};

const RATE_FIELD = { min: 0, max: 1e9 };

/**
 * The strip's two optimizer knobs for a configuration: the base learning rate and what lowers
 * it (legacy `decay`, or the schedule's own rate). `get`/`set` read and write the configuration.
 * @returns {{lr: {label: string, get: Function, set: Function}, decay: {label: string, get: Function, set: Function} | {label: string, disabled: string}}}
 */
export function knobsFor(config) {
  const lr = config.learning_rate;
  if (lr !== null && typeof lr === 'object') {
    const rateKey = 'decay_rate' in (SCHEDULES[lr.schedule]?.defaults ?? {}) ? 'decay_rate' : null;
    return {
      lr: { label: 'initial_learning_rate', get: (c) => c.learning_rate.initial_learning_rate, set: (c, v) => { c.learning_rate.initial_learning_rate = v; } },
      decay: rateKey
        ? { label: rateKey, get: (c) => c.learning_rate[rateKey], set: (c, v) => { c.learning_rate[rateKey] = v; } }
        : { label: 'decay', disabled: `${SCHEDULES[lr.schedule]?.label ?? 'this schedule'} sets the lr itself` },
    };
  }
  const lrKnob = { label: 'learning_rate', get: (c) => c.learning_rate ?? OPTIMIZERS[c.name]?.defaults.learning_rate, set: (c, v) => { c.learning_rate = v; } };
  if (config.api === 'keras3') return { lr: lrKnob, decay: { label: 'decay', disabled: 'Keras 3 ignores decay' } };
  if (config.name === 'nadam') return { lr: lrKnob, decay: { label: 'decay', disabled: 'legacy Nadam ignores decay' } };
  return { lr: lrKnob, decay: { label: 'decay', get: (c) => c.decay ?? 0, set: (c, v) => { c.decay = v; } } };
}

/**
 * Keras 3's exact equivalent of a configuration, as an expression: legacy `decay` becomes
 * `InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)`, which gives every update the same
 * lr (the schedule sees `iterations` before the increment, as legacy decay does).
 * @returns {{code: string, changed: boolean}}
 */
export function keras3Equivalent(config) {
  const c = structuredClone(config);
  const decay = c.api === 'legacy' && c.name !== 'nadam' ? c.decay ?? 0 : 0;
  delete c.decay;
  let changed = false;
  if (decay > 0 && (c.learning_rate === undefined || typeof c.learning_rate === 'number')) {
    c.learning_rate = {
      schedule: 'inverse_time_decay',
      initial_learning_rate: c.learning_rate ?? OPTIMIZERS[c.name].defaults.learning_rate,
      decay_steps: 1,
      decay_rate: decay,
    };
    changed = true;
  }
  c.api = 'keras3';
  const code = `keras.optimizers.${kerasExpression(c).replace(/\b(InverseTimeDecay|ExponentialDecay|PiecewiseConstantDecay|CosineDecayRestarts|CosineDecay|PolynomialDecay)\(/, 'keras.optimizers.schedules.$1(')}`;
  return { code, changed, decayOnSchedule: decay > 0 && !changed };
}

/** Epoch markers: every epoch up to 20, else every 2nd, 5th, 10th, 20th, 50th … epoch. */
export function epochMarkerStep(epochs) {
  for (let mag = 1; ; mag *= 10) {
    for (const m of [1, 2, 5]) if (epochs / (m * mag) <= 20) return m * mag;
  }
}

/** JSON with sorted keys, so equal runs compare equal whatever their key order. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Whether two runs are the same run. */
export const sameRun = (a, b) => canonical(a) === canonical(b);

/** `1875` → `1,875`. */
const grouped = (n) => Number(n).toLocaleString('en-US');

/**
 * The lr at every update (or at sampled updates for long runs), from the core: `{effective,
 * reported, x}` (`x` undefined when every update is there).
 */
export function lrSeries(wasm, optimizer, updates, stepsPerEpoch) {
  if (updates <= FULL_TABLE_MAX) {
    const t = wasm.lrSchedule(optimizer, updates, stepsPerEpoch);
    return { effective: t.effective_lr, reported: t.reported_lr, x: undefined };
  }
  const every = updates / SAMPLED_POINTS;
  const its = new Set([updates - 1]);
  for (let i = 0; i < SAMPLED_POINTS; i++) its.add(Math.floor(i * every));
  // Epoch starts and the update before them, so staircase schedules keep their corners.
  for (let e = 1; e * stepsPerEpoch < updates && its.size < 3 * SAMPLED_POINTS; e++) {
    its.add(e * stepsPerEpoch);
    its.add(e * stepsPerEpoch - 1);
  }
  const iterations = [...its].sort((a, b) => a - b);
  const t = wasm.lrAt(optimizer, iterations);
  return { effective: t.effective_lr, reported: t.reported_lr, x: Float64Array.from(iterations) };
}

/**
 * Mounts the strip inside `root` (which holds the static markup of index.html: the elements
 * with the `data-run` attributes below) and draws it.
 * `parse` is the core's Keras code parser (asynchronous: its wasm module loads on the first paste).
 * @param {HTMLElement} root
 * @param {{wasm: any, parse: (text: string) => Promise<object>, run?: object, onChange?: (run: object) => void}} o
 */
export function mountYourRun(root, { wasm, parse, run = DEFAULT_RUN, onChange = () => {} }) {
  const $ = (name) => root.querySelector(`[data-run="${name}"]`);
  const planRoot = root.querySelector('[data-plan="root"]');
  const misreadingsRoot = root.querySelector('[data-misreadings]');
  const inputs = {
    lr: $('lr'),
    decay: $('decay'),
    samples: $('samples'),
    batch_size: $('batch_size'),
    epochs: $('epochs'),
    validation_split: $('validation_split'),
  };
  const chart = new LineChart($('chart'), { xLabel: 'update (iterations)', readout: $('readout') });
  let current = structuredClone(run);
  let pasteTimer = 0;
  /** Counts pastes, so that a parse that finishes after a newer paste is dropped. */
  let pasteSeq = 0;

  const labelOf = (name) => root.querySelector(`[data-run-label="${name}"]`);

  /** Shows an error at a field (or clears it). */
  function fieldError(name, message) {
    const input = inputs[name];
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    const box = $(`${name}-error`);
    box.textContent = message ?? '';
    box.hidden = !message;
  }

  /** Writes the current run into the inputs (after a paste, or at start). */
  function fillInputs() {
    const knobs = knobsFor(current.optimizer);
    labelOf('lr').textContent = knobs.lr.label;
    inputs.lr.value = String(knobs.lr.get(current.optimizer));
    labelOf('decay').textContent = knobs.decay.label;
    inputs.decay.disabled = Boolean(knobs.decay.disabled);
    inputs.decay.value = knobs.decay.disabled ? '' : String(knobs.decay.get(current.optimizer));
    inputs.decay.placeholder = knobs.decay.disabled ?? '';
    inputs.decay.title = knobs.decay.disabled ?? '';
    for (const name of ['samples', 'batch_size', 'epochs', 'validation_split']) inputs[name].value = String(current[name]);
    for (const name of Object.keys(inputs)) fieldError(name, null);
  }

  /** Reads the inputs into a candidate run; null (with the errors shown) if one is bad. */
  function readInputs() {
    const next = structuredClone(current);
    const knobs = knobsFor(next.optimizer);
    let ok = true;
    const read = (name, spec, apply) => {
      const r = parseField(inputs[name].value, spec);
      if (r.error) {
        fieldError(name, `${labelOf(name)?.textContent ?? name}: ${r.error}`);
        ok = false;
      } else {
        fieldError(name, null);
        apply(r.value);
      }
    };
    read('lr', RATE_FIELD, (v) => knobs.lr.set(next.optimizer, v));
    if (!knobs.decay.disabled) read('decay', RATE_FIELD, (v) => knobs.decay.set(next.optimizer, v));
    for (const name of ['samples', 'batch_size', 'epochs', 'validation_split']) {
      read(name, FIT_FIELDS[name], (v) => { next[name] = v; });
    }
    return ok ? next : null;
  }

  /**
   * Draws everything for `candidate` if the core accepts it; returns the core's error otherwise:
   * the field it names and the whole message.
   * @returns {{field: string, text: string} | null}
   */
  function draw(candidate) {
    let summary;
    try {
      summary = wasm.runSummary(candidate.optimizer, {
        samples: candidate.samples,
        batch_size: candidate.batch_size,
        epochs: candidate.epochs,
        validation_split: candidate.validation_split,
      });
    } catch (e) {
      // The core's Error names its field; the whole message is what is shown.
      return { field: e?.field ?? '', text: String(e?.message ?? e) };
    }
    current = candidate;
    const { updates, steps_per_epoch: spe } = summary;
    const fit = { samples: candidate.samples, batch_size: candidate.batch_size, epochs: candidate.epochs, validation_split: candidate.validation_split };
    let plan;
    try {
      plan = wasm.epochPlan(candidate.optimizer, fit);
    } catch (e) {
      plan = { reason: `No per-epoch plan for this run: ${e?.message ?? e}` };
    }
    const s = lrSeries(wasm, candidate.optimizer, updates, spe);
    const markerEvery = epochMarkerStep(candidate.epochs);
    const markers = [];
    for (let e = markerEvery; e < candidate.epochs; e += markerEvery) markers.push({ x: e * spe });
    $('epoch-key').textContent = markerEvery === 1 ? 'epoch boundaries' : `epoch boundaries (every ${markerEvery} epochs)`;
    const lines = [
      { label: 'what optimizer.lr / History / TensorBoard show', color: '#8d99ae', y: s.reported, x: s.x, dash: [7, 5], width: 2 },
    ];
    if (!plan.reason) {
      const stairs = lrSeries(wasm, staircaseConfig(plan), updates, spe);
      lines.push({ label: 'once per epoch, as planned', color: PLAN_COLOR, y: stairs.effective, x: stairs.x, width: 2 });
    }
    lines.push({ label: 'lr this update uses', color: '#2f6fdf', y: s.effective, x: s.x, width: 2.4 });
    chart.setData(lines, { markers, xMax: updates });
    $('plan-key').hidden = Boolean(plan.reason);
    $('plan-sentence').textContent = plan.reason ? '' : planSentence(plan);
    renderPlan(planRoot, { plan, optimizer: candidate.optimizer, fit });
    renderMisreadings(misreadingsRoot, plan.reason ? null : misreadingNumbers(wasm, { lr: plan.learning_rate, decay: plan.decay, fit, plan }));

    $('expression').textContent = kerasExpression(candidate.optimizer);
    $('steps-per-epoch').textContent = grouped(spe);
    $('steps-detail').textContent = summary.train_samples === candidate.samples
      ? `⌈${grouped(candidate.samples)} / ${grouped(candidate.batch_size)}⌉ · ${grouped(updates)} in all`
      : `⌈${grouped(summary.train_samples)} training samples / ${grouped(candidate.batch_size)}⌉ · ${grouped(updates)} in all`;
    $('last-lr').textContent = formatNumber(summary.last_lr);
    $('last-detail').textContent = `update ${grouped(updates)} (iterations = ${grouped(summary.last_iteration)}); TensorBoard shows ${formatNumber(summary.last_reported_lr)}`;
    $('fraction').textContent = `${formatNumber(100 * summary.last_fraction)}%`;
    $('fraction-detail').textContent = summary.last_fraction > 0
      ? `of the first update's ${formatNumber(summary.first_lr)} (divided by ${formatNumber(1 / summary.last_fraction)})`
      : `of the first update's ${formatNumber(summary.first_lr)}`;
    $('chart').setAttribute('aria-label', `Learning rate per update over ${grouped(updates)} updates: from ${formatNumber(summary.first_lr)} to ${formatNumber(summary.last_lr)}, while optimizer.lr reports ${formatNumber(summary.reported_lr)}; epoch boundaries every ${grouped(spe)} updates.`);
    renderFix(candidate.optimizer, summary);
    return null;
  }

  /** The fix under the strip: the Keras 3 code, and how to see the real lr in TensorBoard. */
  function renderFix(optimizer, summary) {
    const eq = keras3Equivalent(optimizer);
    const code = $('keras3-code');
    code.textContent = eq.code;
    $('keras3-note').textContent = eq.changed
      ? 'Keras 3 (and tf.keras from TF 2.16) would ignore decay= with a warning and keep the lr constant; this schedule gives every update exactly the lr above.'
      : eq.decayOnSchedule
        ? 'decay= on top of a schedule has no Keras 3 argument: the code panel below writes a small schedule class that divides the schedule as legacy decay did.'
        : 'Nothing to port for the lr: Keras 3 computes the same learning rate from this.';
    $('tensorboard-note').textContent = summary.reported_lr === summary.last_reported_lr && summary.first_lr !== summary.last_lr
      ? `TensorBoard's lr stays at ${formatNumber(summary.reported_lr)} because it logs optimizer.lr. This callback logs the lr each update uses as lr_effective, beside lr.`
      : 'Keras logs a schedule\'s value once per epoch; this callback logs the lr of every update as lr_effective.';
    const keras3 = optimizer.api === 'keras3';
    $('callback').textContent = [
      ...(keras3 ? ['import keras', 'import tensorflow as tf'] : ['import tensorflow as tf  # TF_USE_LEGACY_KERAS=1: tf.keras is tf_keras']),
      '',
      '',
      ...effectiveLrCallback(keras3 ? 'keras3' : 'legacy'),
      '',
      '',
      ...callbackUsage(keras3 ? 'keras' : 'tf.keras'),
    ].join('\n');
  }

  /** Applies the inputs (on every edit). */
  function onInput() {
    const candidate = readInputs();
    if (!candidate) return;
    const error = draw(candidate);
    if (error) showCoreError(error);
    else onChange(get());
  }

  /** Puts the core's message at the input of the field it names. */
  function showCoreError({ field, text }) {
    const name = {
      'fit.samples': 'samples', 'fit.batch_size': 'batch_size', 'fit.epochs': 'epochs', 'fit.validation_split': 'validation_split',
    }[field] ?? (/decay|rate/.test(field) && !/learning_rate$/.test(field) ? 'decay' : 'lr');
    fieldError(name, text);
  }

  /** Reads pasted code with the core and loads what it understood. */
  async function onPaste() {
    const seq = ++pasteSeq;
    const text = $('paste').value;
    const out = $('paste-result');
    const errorBox = $('paste-error');
    errorBox.hidden = true;
    $('paste').setAttribute('aria-invalid', 'false');
    if (!text.trim()) {
      out.replaceChildren();
      return;
    }
    let parsed;
    try {
      parsed = await parse(text);
    } catch (e) {
      if (seq !== pasteSeq) return;
      errorBox.textContent = String(e?.message ?? e);
      errorBox.hidden = false;
      $('paste').setAttribute('aria-invalid', 'true');
      return;
    }
    if (seq !== pasteSeq) return;
    const next = structuredClone(current);
    const read = [];
    if (parsed.optimizer) {
      next.optimizer = parsed.optimizer;
      read.push(kerasExpression(parsed.optimizer));
    }
    const fit = parsed.fit ?? {};
    for (const key of ['samples', 'batch_size', 'epochs', 'validation_split']) {
      if (fit[key] !== undefined && fit[key] !== null) {
        next[key] = fit[key];
        read.push(`${key}=${fit[key]}`);
      }
    }
    const items = [];
    if (read.length) items.push(el('li', {}, 'Read: ', el('code', { text: read.join(', ') })));
    else items.push(el('li', { text: 'Found no optimizer and no fit arguments in this code.' }));
    if (fit.steps_per_epoch !== undefined && fit.steps_per_epoch !== null) {
      items.push(el('li', { text: `steps_per_epoch=${fit.steps_per_epoch} is not used here: the strip counts updates from samples and batch_size.` }));
    }
    // Code that does not say which Keras runs it, where the two compute different updates
    // (Nadam): the reader picks; the first reading is drawn until then.
    const choice = readingsChoice(parsed, (optimizer) => {
      const picked = structuredClone(current);
      picked.optimizer = optimizer;
      if (!draw(picked)) {
        fillInputs();
        onChange(get());
      }
    });
    if (choice) items.push(el('li', {}, choice));
    for (const w of parsed.warnings ?? []) items.push(el('li', { class: 'warning', text: w }));
    for (const i of parsed.ignored ?? []) items.push(el('li', { class: 'ignored' }, 'Ignored ', el('code', { text: i.text }), `: ${i.reason}`));
    out.replaceChildren(...items);
    const error = draw(next);
    if (error) {
      errorBox.textContent = error.text;
      errorBox.hidden = false;
      return;
    }
    fillInputs();
    onChange(get());
  }

  /** The current run (a copy). */
  function get() {
    return structuredClone(current);
  }

  /** Replaces the run (e.g. from a link) and redraws; returns the core's message, if any. */
  function set(next) {
    const error = draw(structuredClone(next));
    fillInputs();
    return error?.text ?? null;
  }

  for (const input of Object.values(inputs)) input.addEventListener('input', onInput);
  $('paste').addEventListener('input', () => {
    clearTimeout(pasteTimer);
    pasteTimer = setTimeout(onPaste, PASTE_DEBOUNCE_MS);
  });
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(pasteTimer);
    onPaste();
  });
  /** Copies a code element's text, saying in `status` whether it worked. */
  const copyButton = (button, codeName, statusName) => $(button).addEventListener('click', async () => {
    const status = $(statusName);
    try {
      await navigator.clipboard.writeText($(codeName).textContent);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Select the code and copy it (the clipboard is not available here).';
    }
  });
  copyButton('copy-keras3', 'keras3-code', 'copy-status');
  copyButton('copy-callback', 'callback', 'copy-callback-status');
  const resize = new ResizeObserver(() => chart.draw());
  resize.observe($('chart'));
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const redraw = () => chart.draw();
  scheme.addEventListener('change', redraw);

  const startError = draw(structuredClone(run));
  if (startError) draw(structuredClone(DEFAULT_RUN));
  fillInputs();

  return {
    get,
    set,
    chart,
    destroy() {
      resize.disconnect();
      scheme.removeEventListener('change', redraw);
    },
  };
}
