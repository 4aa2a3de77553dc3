// One card per optimizer configuration: Keras arguments as labelled inputs, a preset picker,
// legacy `decay` or a Keras 3 schedule for the learning rate, inline errors at the field that is
// wrong, and a status line. A card only ever hands on a configuration the core accepted, so the
// last valid state keeps running while a field is being edited.
import {
  FIELDS, OPTIMIZERS, PRESETS, SCHEDULES, SCHEDULE_FIELDS, clean, kerasExpression, optimizerConfig, scheduleConfig,
} from './optimizers.js';
import { readableOn } from './chart.js';

let uid = 0;

/** Fields whose empty input means Keras's None. */
const NONE_WHEN_EMPTY = new Set(['learning_rate.warmup_target', 'weight_decay']);

/** Creates an element with attributes and children (text is always set as text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null) node.append(c);
  return node;
}

/**
 * Parses one input's text. Returns `{value}` or `{error}`.
 * @param {string} text @param {import('./optimizers.js').FieldSpec} spec
 */
export function parseField(text, spec = {}) {
  const t = text.trim();
  if (spec.kind === 'list') {
    if (!t) return { error: 'enter comma-separated numbers' };
    const parts = t.split(/[\s,]+/).filter(Boolean).map(Number);
    if (parts.some((v) => !Number.isFinite(v))) return { error: 'every entry must be a finite number' };
    return { value: parts };
  }
  if (t === '') return { error: 'enter a number' };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: `“${t}” is not a finite number` };
  if (spec.kind === 'int' && !Number.isInteger(v)) return { error: 'must be a whole number' };
  if (spec.min !== undefined && v < spec.min) return { error: `must be ≥ ${spec.min}` };
  if (spec.max !== undefined && v > spec.max) return { error: `must be ≤ ${spec.max}` };
  return { value: v };
}

/**
 * The core's verdict on an optimizer configuration, in the shape ConfigCard wants: null if the
 * wasm core accepts it, else the field it names and the message (`field: message` split).
 * @param {any} wasm the wasm-bindgen module
 * @returns {(optimizer: object) => {field: string, message: string} | null}
 */
export function coreValidator(wasm) {
  return (optimizer) => {
    try {
      wasm.validateOptimizer(optimizer);
      return null;
    } catch (e) {
      const text = String(e?.message ?? e);
      const i = text.indexOf(': ');
      return i > 0 ? { field: text.slice(0, i), message: text.slice(i + 2) } : { field: '', message: text };
    }
  };
}

export class ConfigCard {
  /**
   * @param {object} o
   * @param {string} o.color
   * @param {object} o.optimizer                      initial configuration (must be valid)
   * @param {(optimizer: object) => {field: string, message: string} | null} o.validate  the core's check
   * @param {(card: ConfigCard) => void} o.onChange   a new valid configuration (or visibility)
   * @param {(card: ConfigCard) => void} o.onRemove
   */
  constructor({ color, optimizer, validate, onChange, onRemove }) {
    this.id = ++uid;
    this.color = color;
    this.visible = true;
    this.validate = validate;
    this.onChange = onChange;
    this.onRemove = onRemove;
    this.config = clean(optimizer);
    this.draft = clean(optimizer);
    this.element = el('article', { class: 'config', 'data-config': this.id });
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    this.element.style.setProperty('--swatch', color);
    // The same colour as the light-scheme charts draw it (white would vanish on a white card).
    this.element.style.setProperty('--swatch-on-light', readableOn(color, '#ffffff'));
    this.render();
  }

  get label() {
    return kerasExpression(this.config);
  }

  /** Replaces the whole configuration (a preset, or restored state). */
  load(optimizer) {
    this.draft = clean(optimizer);
    this.#commit();
    this.render();
  }

  render() {
    const d = this.draft;
    const titleId = `config-title-${this.id}`;
    const header = el(
      'header',
      {},
      el('label', { title: 'Show this configuration' },
        el('input', { type: 'checkbox', checked: this.visible, 'aria-label': 'visible', onchange: (e) => { this.visible = e.target.checked; this.onChange(this); } })),
      el('span', { class: 'title', id: titleId, text: kerasExpression(this.config) }),
      el('button', { type: 'button', 'aria-label': 'Remove this configuration', onclick: () => this.onRemove(this), text: '✕' }),
    );
    const presetSelect = el(
      'select',
      { 'aria-label': 'Load a preset', onchange: (e) => { const p = PRESETS.find((x) => x.id === e.target.value); if (p) this.load(p.optimizer); } },
      el('option', { value: '', text: 'Load a preset…' }),
      PRESETS.map((p) => el('option', { value: p.id, text: p.label })),
    );
    const nameSelect = el(
      'select',
      { 'data-path': 'name', onchange: (e) => this.load(optimizerConfig(e.target.value, { learning_rate: this.#baseLr() })) },
      Object.entries(OPTIMIZERS).map(([k, s]) => el('option', { value: k, selected: k === d.name, text: s.label })),
    );
    const apiSelect = el(
      'select',
      { 'data-path': 'api', disabled: OPTIMIZERS[d.name]?.keras3Only || OPTIMIZERS[d.name]?.legacyOnly, onchange: (e) => this.#setApi(e.target.value) },
      el('option', { value: 'legacy', selected: d.api === 'legacy', text: 'tf_keras legacy (Keras 2)' }),
      el('option', { value: 'keras3', selected: d.api === 'keras3', text: 'Keras 3' }),
    );
    const lrMode = typeof d.learning_rate === 'object' ? d.learning_rate.schedule : 'constant';
    const lrSelect = el(
      'select',
      { 'data-path': 'learning_rate.schedule', onchange: (e) => this.#setLrMode(e.target.value) },
      el('option', { value: 'constant', selected: lrMode === 'constant', text: 'a number' }),
      Object.entries(SCHEDULES).map(([k, s]) => el('option', { value: k, selected: k === lrMode, text: s.label })),
    );
    const fields = el('div', { class: 'fields' },
      this.#field('optimizer', nameSelect),
      this.#field('api', apiSelect),
      this.#field('learning_rate is', lrSelect),
    );
    const entries = Object.entries(d);
    // Every Keras 3 class takes weight_decay (None unless given), so its field is always there.
    if (d.api === 'keras3' && !('weight_decay' in d)) entries.push(['weight_decay', null]);
    for (const [key, value] of entries) {
      if (key === 'name' || key === 'api') continue;
      if (key === 'learning_rate' && typeof value === 'object') {
        for (const [sk, sv] of Object.entries(value)) {
          if (sk !== 'schedule') fields.append(this.#input(`learning_rate.${sk}`, sk, sv, SCHEDULE_FIELDS[sk] ?? {}));
        }
      } else fields.append(this.#input(key, key, value, FIELDS[key] ?? {}));
    }
    this.status = el('p', { class: 'status', role: 'status' });
    this.warning = el('p', { class: 'warning', hidden: true });
    this.element.setAttribute('aria-labelledby', titleId);
    this.element.replaceChildren(header, el('div', { class: 'toolbar' }, presetSelect), fields, this.warning, this.status);
  }

  #field(label, control) {
    return el('label', { class: 'field' }, el('span', { text: label }), control);
  }

  #input(path, label, value, spec) {
    const errorId = `err-${this.id}-${path.replace(/\W/g, '-')}`;
    const error = el('span', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
    let input;
    if (spec.kind === 'bool') {
      input = el('input', { type: 'checkbox', checked: !!value, 'data-path': path });
      input.addEventListener('change', () => this.#set(path, input.checked, error, input));
    } else {
      const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
      input = el('input', {
        type: spec.kind === 'list' ? 'text' : 'number',
        value: text,
        min: spec.min, max: spec.max, step: spec.step ?? 'any',
        'data-path': path,
        'aria-describedby': errorId,
        title: spec.help,
        inputmode: spec.kind === 'list' ? 'decimal' : undefined,
      });
      input.addEventListener('input', () => {
        // An empty warmup_target means "no warmup", an empty weight_decay no weight decay; Keras
        // spells both None.
        if (NONE_WHEN_EMPTY.has(path) && input.value.trim() === '') return this.#set(path, null, error, input);
        const parsed = parseField(input.value, spec);
        if (parsed.error) this.#showError(input, error, parsed.error);
        else this.#set(path, parsed.value, error, input);
      });
    }
    return el('label', { class: 'field' }, el('span', { text: label }), input, error);
  }

  #showError(input, error, message) {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = message;
    error.hidden = false;
  }

  #clearErrors() {
    for (const i of this.element.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    for (const e of this.element.querySelectorAll('.field-error')) e.hidden = true;
  }

  #set(path, value, error, input) {
    const parts = path.split('.');
    let target = this.draft;
    for (const p of parts.slice(0, -1)) target = target[p];
    target[parts.at(-1)] = value;
    input.removeAttribute('aria-invalid');
    error.hidden = true;
    this.#commit();
  }

  /** Hands the draft on if the core accepts it; else shows the core's message at its field. */
  #commit() {
    const problem = this.validate(clean(this.draft));
    if (problem) {
      const path = problem.field.replace(/^optimizer\./, '');
      const input = this.element.querySelector(`[data-path="${CSS.escape(path)}"]`);
      const error = input?.closest('.field')?.querySelector('.field-error');
      if (input && error) this.#showError(input, error, problem.message);
      else this.setWarning(`${problem.field}: ${problem.message}`);
      return false;
    }
    this.#clearErrors();
    this.config = clean(this.draft);
    const title = this.element.querySelector('.title');
    if (title) title.textContent = kerasExpression(this.config);
    this.onChange(this);
    return true;
  }

  #baseLr() {
    const lr = this.config.learning_rate;
    return typeof lr === 'object' ? lr.initial_learning_rate ?? lr.values?.[0] ?? 0.001 : lr;
  }

  #setApi(api) {
    const next = { ...this.draft, api };
    if (api === 'keras3') delete next.decay;
    else {
      if (next.decay === undefined && 'decay' in (OPTIMIZERS[next.name]?.defaults ?? {})) next.decay = 0;
      // Legacy optimizers have no weight_decay argument.
      delete next.weight_decay;
    }
    this.load(next);
  }

  #setLrMode(mode) {
    const lr = this.#baseLr();
    const next = { ...this.draft };
    if (mode === 'constant') next.learning_rate = lr;
    else {
      const overrides = 'initial_learning_rate' in SCHEDULES[mode].defaults && mode !== 'cosine_decay' ? { initial_learning_rate: lr } : {};
      next.learning_rate = scheduleConfig(mode, overrides);
      // Schedules are how Keras 3 decays; in legacy Keras `decay` would divide them further,
      // so it is dropped either way.
      if (!OPTIMIZERS[next.name]?.legacyOnly) next.api = 'keras3';
      delete next.decay;
    }
    this.load(next);
  }

  setStatus(text, diverged = false) {
    this.status.textContent = text;
    this.status.classList.toggle('diverged', diverged);
  }

  setWarning(text) {
    this.warning.textContent = text ?? '';
    this.warning.hidden = !text;
  }
}
