// One card per optimizer configuration. Compact (the playground): one line — the Keras
// expression, its colour, a show/hide toggle — that opens to edit. Open: the learning rate and
// its decay (legacy `decay` or the schedule's `decay_rate`) as log-scale sliders with the exact
// value beside them, the expression as editable text (when the core can parse Keras code), a
// preset picker, the optimizer / API / schedule, and every other Keras argument behind "more
// arguments". Errors show at the field that is wrong. A card only ever hands on a
// configuration the core accepted, so the last valid state keeps running while a field is
// being edited.
import {
  FIELDS, KNOBS, OPTIMIZERS, PRESETS, SCHEDULES, SCHEDULE_FIELDS, clean, kerasClass, kerasExpression, kerasSchedule, knobMax,
  knobPaths, knobPosition, knobValue, optimizerConfig, scheduleConfig, withKerasDefaults,
} from './optimizers.js';
import { KERAS_SPEC } from './keras-spec.js';
import { readableOn } from './chart.js';
import { el } from './dom.js';

let uid = 0;

/** Fields whose empty input means Keras's None: the numbers whose Keras default is None. */
const NONE_WHEN_EMPTY = new Set([
  ...KERAS_SPEC.optimizers.flatMap((o) => o.args).filter((a) => a.name in FIELDS && a.kind === 'number' && !a.required && a.default === null).map((a) => a.name),
  ...KERAS_SPEC.schedules.flatMap((s) => s.args).filter((a) => a.kind === 'number' && !a.required && a.default === null).map((a) => `learning_rate.${a.name}`),
]);

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
 * wasm core accepts it, else the field it names (the error's `field`) and the message without
 * its `field: ` lead.
 * @param {any} wasm the wasm-bindgen module
 * @returns {(optimizer: object) => {field: string, message: string} | null}
 */
export function coreValidator(wasm) {
  return (optimizer) => {
    try {
      wasm.validateOptimizer(optimizer);
      return null;
    } catch (e) {
      return coreProblem(e);
    }
  };
}

/**
 * A thrown core error as `{field, message}`: every error of the wasm core is an `Error` whose
 * `field` names the input and whose message reads `field: message`.
 * @param {unknown} e
 * @returns {{field: string, message: string}}
 */
export function coreProblem(e) {
  const err = /** @type {{field?: unknown, message?: unknown}} */ (Object(e));
  const text = String(err.message ?? e);
  const field = typeof err.field === 'string' ? err.field : '';
  const lead = `${field}: `;
  return { field, message: field && text.startsWith(lead) ? text.slice(lead.length) : text };
}

export class ConfigCard {
  /**
   * @param {object} o
   * @param {string} o.color
   * @param {object} o.optimizer                      initial configuration (must be valid)
   * @param {(optimizer: object) => {field: string, message: string} | null} o.validate  the core's check
   * @param {(card: ConfigCard) => void} o.onChange   a new valid configuration (or visibility)
   * @param {(card: ConfigCard) => void} o.onRemove
   * @param {boolean} [o.compact]   one line that opens to edit (else always open)
   * @param {() => {id: string, label: string, optimizer: object}[]} [o.presets]  the preset list,
   *   asked for whenever it is shown or used (a page whose presets depend on its settings)
   * @param {(text: string) => Promise<{optimizer: object, warnings?: string[], ignored?: object[]}>} [o.parse]
   *   the core's Keras-code parser (asynchronous: its module loads on the first use); with it, the
   *   expression is editable as text
   */
  constructor({ color, optimizer, validate, onChange, onRemove, compact = false, parse = null, presets = () => PRESETS }) {
    this.presets = presets;
    this.id = ++uid;
    this.color = color;
    this.visible = true;
    this.compact = compact;
    this.open = !compact;
    this.moreOpen = false;
    this.parse = parse;
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
    const bodyId = `config-body-${this.id}`;
    const expression = kerasExpression(this.config);
    const title = this.compact
      ? el('button', {
        type: 'button', class: 'title', id: titleId, 'aria-expanded': String(this.open), 'aria-controls': bodyId,
        title: 'Edit this configuration', text: expression, onclick: () => this.setOpen(!this.open),
      })
      : el('span', { class: 'title', id: titleId, text: expression });
    const header = el(
      'header',
      { class: 'config-line' },
      el('label', { class: 'visible-toggle', title: 'Show this configuration' },
        el('input', { type: 'checkbox', checked: this.visible, 'aria-label': 'visible', onchange: (e) => { this.visible = e.target.checked; this.onChange(this); } })),
      title,
      el('button', { type: 'button', class: 'remove', 'aria-label': 'Remove this configuration', onclick: () => this.onRemove(this), text: '✕' }),
    );
    const presetSelect = el(
      'select',
      { 'aria-label': 'Load a preset', onchange: (e) => { const p = this.presets().find((x) => x.id === e.target.value); if (p) this.load(p.optimizer); } },
      el('option', { value: '', text: 'Load a preset…' }),
      this.presets().map((p) => el('option', { value: p.id, text: p.label })),
    );
    const nameSelect = el(
      'select',
      { 'data-path': 'name', onchange: (e) => this.load(optimizerConfig(e.target.value, { learning_rate: this.#baseLr() })) },
      Object.entries(OPTIMIZERS).map(([k, s]) => el('option', { value: k, selected: k === d.name, text: s.label })),
    );
    const apiSelect = el(
      'select',
      { 'data-path': 'api', disabled: !kerasClass(d.name, 'legacy') || !kerasClass(d.name, 'keras3'), onchange: (e) => this.#setApi(e.target.value) },
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
    const knobs = knobPaths(d);
    const knobRow = el('div', { class: 'knobs' }, knobs.map((path) => this.#knob(path, this.#get(path))));
    const fields = el('div', { class: 'fields' },
      this.#field('optimizer', nameSelect),
      this.#field('api', apiSelect),
      this.#field('learning_rate is', lrSelect),
    );
    const more = el('div', { class: 'fields' });
    const entries = Object.entries(d);
    // Every Keras 3 class takes weight_decay (None unless given), so its field is always there.
    if (d.api === 'keras3' && !('weight_decay' in d)) entries.push(['weight_decay', null]);
    for (const [key, value] of entries) {
      if (key === 'name' || key === 'api' || knobs.includes(key)) continue;
      if (key === 'learning_rate' && typeof value === 'object') {
        for (const [sk, sv] of Object.entries(value)) {
          if (sk !== 'schedule' && !knobs.includes(`learning_rate.${sk}`)) more.append(this.#input(`learning_rate.${sk}`, sk, sv, SCHEDULE_FIELDS[sk] ?? {}));
        }
      } else more.append(this.#input(key, key, value, FIELDS[key] ?? {}));
    }
    const details = el('details', { class: 'more', open: this.moreOpen, ontoggle: (e) => { this.moreOpen = e.target.open; } },
      el('summary', { text: 'more arguments' }), more);
    this.status = el('p', { class: 'status', role: 'status' });
    this.warning = el('p', { class: 'warning', hidden: true });
    const body = el('div', { class: 'config-body', id: bodyId },
      this.parse ? this.#expressionEditor(expression) : null,
      el('div', { class: 'toolbar' }, presetSelect),
      fields, details);
    this.element.setAttribute('aria-labelledby', titleId);
    this.element.classList.toggle('compact', this.compact);
    this.element.classList.toggle('open', this.open);
    this.element.replaceChildren(header, knobRow, body, this.warning, this.status);
  }

  /** Opens or closes the editor of a compact card. */
  setOpen(open) {
    this.open = open;
    this.element.classList.toggle('open', open);
    this.element.querySelector('.title')?.setAttribute('aria-expanded', String(open));
  }

  #get(path) {
    return path.split('.').reduce((o, k) => o?.[k], this.draft);
  }

  /**
   * A log-scale slider (arrow keys move one step, 20 per decade) with the exact value in a
   * number field beside it; a dragged value is rounded to 3 significant digits.
   */
  #knob(path, value) {
    const knob = KNOBS[path];
    const name = path.split('.').at(-1);
    const spec = (path.startsWith('learning_rate.') ? SCHEDULE_FIELDS[name] : FIELDS[name]) ?? {};
    const errorId = `err-${this.id}-${path.replace(/\W/g, '-')}`;
    const labelId = `knob-${this.id}-${path.replace(/\W/g, '-')}`;
    const error = el('span', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
    const number = el('input', {
      type: 'number', value: String(value), min: spec.min, max: spec.max, step: 'any', 'data-path': path,
      'aria-describedby': errorId, 'aria-labelledby': labelId, title: spec.help,
    });
    const slider = el('input', {
      type: 'range', min: 0, max: knobMax(knob), step: 1, value: knobPosition(knob, value),
      'data-knob': path, 'aria-label': `${name}, log scale`, 'aria-valuetext': String(value),
    });
    slider.addEventListener('input', () => {
      const v = knobValue(knob, Number(slider.value));
      number.value = String(v);
      slider.setAttribute('aria-valuetext', String(v));
      this.#set(path, v, error, number);
    });
    number.addEventListener('input', () => {
      const parsed = parseField(number.value, spec);
      if (parsed.error) return this.#showError(number, error, parsed.error);
      slider.value = String(knobPosition(knob, parsed.value));
      slider.setAttribute('aria-valuetext', String(parsed.value));
      this.#set(path, parsed.value, error, number);
    });
    return el('div', { class: 'field knob' },
      el('span', { class: 'knob-name', id: labelId, text: name }), slider, number, error);
  }

  /** The one-line expression as text, applied through the core's parser. */
  #expressionEditor(expression) {
    const errorId = `err-${this.id}-expression`;
    const error = el('span', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
    const input = el('input', {
      type: 'text', class: 'expression', id: `expr-${this.id}`, value: expression, spellcheck: 'false', autocomplete: 'off',
      'data-path': 'expression', 'aria-describedby': errorId,
    });
    const apply = async () => {
      let parsed;
      try {
        parsed = await this.parse(input.value);
      } catch (e) {
        return this.#showError(input, error, String(e?.message ?? e));
      }
      // The card was redrawn while the parser loaded: this field is gone.
      if (!input.isConnected) return;
      if (!parsed?.optimizer) return this.#showError(input, error, 'no optimizer in this text: write e.g. Adam(learning_rate=0.003, decay=0.0002)');
      const optimizer = withKerasDefaults(parsed.optimizer);
      const problem = this.validate(optimizer);
      if (problem) return this.#showError(input, error, `${problem.field}: ${problem.message}`);
      // What Keras does with this code (the core's warnings) and what was not used stay under
      // the field until the next edit.
      this.parseNotes = [...(parsed.warnings ?? []), ...(parsed.ignored ?? []).map((i) => `Not used: ${i.text} (${i.reason}).`)];
      this.load(optimizer);
      this.element.querySelector('input.expression')?.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        apply();
      }
    });
    const notes = this.parseNotes?.length
      ? el('ul', { class: 'expression-notes', 'aria-live': 'polite' }, this.parseNotes.map((n) => el('li', { text: n })))
      : null;
    return el('div', { class: 'field expression-field' },
      el('label', { for: `expr-${this.id}`, text: 'Keras expression (Enter applies; Keras 2 and Keras 3 spellings)' }),
      el('div', { class: 'expression-row' }, input,
        el('button', { type: 'button', text: 'Apply', onclick: apply })),
      error, notes);
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
    // An error inside a closed editor or "more arguments" opens them, so it is seen.
    if (this.compact && !this.open && input.closest('.config-body')) this.setOpen(true);
    const details = input.closest('details');
    if (details && !details.open) details.open = true;
    input.setAttribute('aria-invalid', 'true');
    error.textContent = message;
    error.hidden = false;
  }

  #clearErrors() {
    for (const i of this.element.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    for (const e of this.element.querySelectorAll('.field-error')) e.hidden = true;
  }

  #set(path, value, error, input) {
    if (this.parseNotes) {
      this.parseNotes = null;
      this.element.querySelector('.expression-notes')?.remove();
    }
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
      const error = input?.closest('.field')?.querySelector(':scope > .field-error');
      if (input && error) this.#showError(input, error, problem.message);
      else this.setWarning(`${problem.field}: ${problem.message}`);
      return false;
    }
    this.#clearErrors();
    this.config = clean(this.draft);
    const title = this.element.querySelector('.title');
    if (title) title.textContent = kerasExpression(this.config);
    const expr = this.element.querySelector('input.expression');
    if (expr && expr !== document.activeElement && expr.getRootNode().activeElement !== expr) expr.value = kerasExpression(this.config);
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
      const decay = kerasClass(next.name, 'legacy')?.args.find((a) => a.name === 'decay');
      if (next.decay === undefined && decay) next.decay = decay.default;
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
      const takesLr = kerasSchedule(mode)?.args.some((a) => a.name === 'initial_learning_rate');
      const overrides = takesLr && mode !== 'cosine_decay' ? { initial_learning_rate: lr } : {};
      next.learning_rate = scheduleConfig(mode, overrides);
      // Schedules are how Keras 3 decays; in legacy Keras `decay` would divide them further,
      // so it is dropped either way.
      if (kerasClass(next.name, 'keras3')) next.api = 'keras3';
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
