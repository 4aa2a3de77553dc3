// The playground as a mountable component: `mount(element, options)` builds one independent
// instance (map, configuration cards, charts, explanation, code export) inside `element` and
// returns a handle; `<optimizer-playground>` wraps it as a custom element. Every instance on a
// page shares one wasm module (js/wasm.js), and finds its parts by class inside its own root,
// so several instances never collide. The main page (index.html), the embed (embed.html) and
// tutorials all use this module.
import { loadWasm, chooseBuild } from './js/wasm.js';
import { MapView } from './js/map.js';
import { LineChart, formatNumber, readableOn, themeColors } from './js/chart.js';
import { ConfigCard, coreValidator, el, parseField } from './js/configs-ui.js';
import { PALETTE, optimizerConfig } from './js/optimizers.js';
import { renderExplanation, renderCalculator, claimChart } from './js/explain.js';
import { generateCode } from './js/codegen.js';
import {
  MAX_CONFIGS, MAX_STEPS, PANELS, applyCompact, defaultState, describeIgnored, parseState, roundSig, serializeState,
} from './js/state.js';

export { PANELS } from './js/state.js';

const CONTROL_MODES = ['visible', 'hidden', 'locked'];
const HASH_THROTTLE_MS = 250;
const PANEL_LABELS = { paths: 'paths', lr: 'lr chart', loss: 'loss chart', explain: 'explanation', code: 'code' };
const CODE_TARGETS = [
  ['keras2', 'Keras 2 / tf.keras legacy'],
  ['keras3', 'Keras 3'],
  ['pytorch', 'PyTorch'],
];

/** A URL beside this module (embed.html lives next to playground.js). */
export const EMBED_URL = new URL('./embed.html', import.meta.url).href;

/**
 * The `<iframe>` snippet that embeds a state.
 * @param {string} fragment   `v1.…` from `serializeState` / `handle.fragment()`
 * @param {{controls?: string, height?: number, base?: string}} [o]
 */
export function embedCode(fragment, { controls = 'visible', height = 640, base = EMBED_URL } = {}) {
  const url = new URL(base);
  url.search = controls === 'visible' ? '' : `?controls=${encodeURIComponent(controls)}`;
  url.hash = fragment;
  return `<iframe src="${url.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" title="optimizer-playground: what Keras's decay really does" width="100%" height="${Math.round(height)}" loading="lazy"></iframe>`;
}

/** The message an embed sends its parent with its content height. */
export const HEIGHT_MESSAGE = 'optimizer-playground:height';

/**
 * Checks a message event from an embed: it must come from `iframe`'s window and origin and
 * have the shape `{type: HEIGHT_MESSAGE, height: number in [0, 20000]}`.
 * @returns {number | null} the height, or null for anything else
 */
export function heightFromMessage(event, iframe) {
  if (!iframe?.contentWindow || event.source !== iframe.contentWindow) return null;
  let origin;
  try {
    origin = new URL(iframe.src, document.baseURI).origin;
  } catch {
    return null;
  }
  if (event.origin !== origin) return null;
  const d = event.data;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  const keys = Object.keys(d).sort().join(',');
  if (keys !== 'height,type' || d.type !== HEIGHT_MESSAGE) return null;
  if (typeof d.height !== 'number' || !Number.isFinite(d.height) || d.height < 0 || d.height > 20000) return null;
  return d.height;
}

/**
 * Sizes each iframe to the height its embed reports (validated by `heightFromMessage`).
 * @param {Iterable<HTMLIFrameElement>} iframes
 * @returns {() => void} stops listening
 */
export function autoResizeIframes(iframes) {
  const list = [...iframes];
  const onMessage = (event) => {
    for (const iframe of list) {
      const h = heightFromMessage(event, iframe);
      if (h !== null) iframe.height = String(Math.ceil(h));
    }
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}

/** Parses `"x, y"` or `[x, y]`. */
function parseStart(v) {
  const parts = Array.isArray(v) ? v : String(v).split(/[\s,]+/).filter(Boolean).map(Number);
  return parts;
}

/**
 * Turns mount options (or custom-element attributes) into a compact-state object for
 * `applyCompact`, collecting what cannot even be read.
 */
function optionsToCompact(options, functions, validate) {
  const compact = {};
  const ignored = [];
  if (options.function !== undefined) compact.f = options.function;
  if (options.conditionNumber !== undefined) compact.k = Number(options.conditionNumber);
  if (options.start !== undefined) compact.s = parseStart(options.start);
  if (options.steps !== undefined) {
    compact.n = Number(options.steps);
    compact.u = Number(options.steps);
  }
  if (options.panels !== undefined) compact.p = Array.isArray(options.panels) ? options.panels.join(',') : String(options.panels);
  if (options.configs !== undefined) {
    let configs = options.configs;
    if (typeof configs === 'string') {
      const text = configs.trim();
      if (/^#?v\d+\./.test(text)) {
        const parsed = parseState(text, { functions, validateOptimizer: validate });
        ignored.push(...parsed.ignored.map((i) => ({ ...i, field: `configs: ${i.field}` })));
        configs = parsed.state.configs.map((c) => c.optimizer);
      } else {
        try {
          configs = JSON.parse(text);
        } catch {
          ignored.push({ field: 'configs', reason: 'neither JSON nor a playground link' });
          configs = null;
        }
      }
    }
    if (configs !== null) compact.c = Array.isArray(configs) ? configs.map((c) => (c && typeof c === 'object' && 'optimizer' in c ? [c.optimizer, c.visible === false ? 0 : 1] : [c])) : configs;
  }
  return { compact, ignored };
}

let instances = 0;
/** `drag-frame` measures kept on the performance timeline before it is cleared (bench/soak.mjs). */
const MAX_DRAG_MEASURES = 1000;
let dragMeasures = 0;

/**
 * Mounts a playground into `element`.
 * @param {HTMLElement} element
 * @param {object} [options]
 * @param {string} [options.state]      a link fragment (`#v1.…`), the base state
 * @param {string} [options.function]   function id, e.g. "rosenbrock"
 * @param {number[]|string} [options.start]  start point [x, y] or "x,y"
 * @param {object[]|string} [options.configs]  optimizer configurations (array, JSON, or a link fragment)
 * @param {number} [options.steps]
 * @param {string[]|string} [options.panels]  which of "paths,lr,loss,explain,code" to show
 * @param {'visible'|'hidden'|'locked'} [options.controls]
 * @param {boolean} [options.hash]      keep the state in location.hash (the main page)
 * @param {boolean} [options.share]     show "Copy link" and "Copy embed code"
 * @param {boolean} [options.ids]       give parts the main page's ids (one instance per page)
 * @param {'simd128'|'scalar'} [options.build]
 */
export function mount(element, options = {}) {
  const n = ++instances;
  const listeners = { step: new Set(), change: new Set(), ready: new Set() };
  const emit = (type, detail) => {
    for (const fn of listeners[type]) {
      try {
        fn(detail);
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  };
  let destroyed = false;
  let wasm;
  let map;
  let lrChart;
  let lossChart;
  let calcChart;
  let paths = [];
  /** @type {ConfigCard[]} */
  const cards = [];
  const observers = [];
  let playing = false;
  let frame = 0;
  let saveTimer = 0;
  let lastHash = null;
  let controls = CONTROL_MODES.includes(options.controls) ? options.controls : 'visible';
  /** Everything but the configurations, which live in the cards. */
  let state = defaultState();

  // ---- DOM --------------------------------------------------------------------------------
  const P = {};
  /** An element that is one named part: class `pg-<name>`; with `ids`, also id `<name>`. */
  const part = (name, tag, attrs = {}, ...children) => {
    const node = el(tag, { ...attrs, class: [`pg-${name}`, attrs.class].filter(Boolean).join(' ') }, ...children);
    if (options.ids) node.id = name;
    P[name] = node;
    return node;
  };
  const num = (name, attrs) => part(name, 'input', { type: 'number', ...attrs });
  const lockable = (...children) => el('fieldset', { class: 'pg-lockable' }, ...children);

  const sections = {
    paths: part('playground', 'section', { class: 'panel pg-panel', 'data-panel': 'paths' },
      el('h2', { text: 'Step paths' }),
      el('div', { class: 'playground-grid' },
        el('div', { class: 'map-pane' },
          lockable(el('div', { class: 'toolbar pg-controls' },
            el('label', {}, 'Function ', part('function', 'select')),
            part('condition-label', 'label', { hidden: true }, 'Condition number κ ', num('condition', { min: 1, max: 10000, step: 1, value: 100 })),
            el('label', {}, 'Steps ', num('steps', { min: 1, max: MAX_STEPS, step: 100, value: 2000 })),
            el('span', { class: 'spacer' }),
            part('zoom-in', 'button', { type: 'button', title: 'Zoom in', text: '+' }),
            part('zoom-out', 'button', { type: 'button', title: 'Zoom out', text: '−' }),
            part('zoom-reset', 'button', { type: 'button', title: 'Show the whole domain', text: 'Fit' }),
          )),
          part('formula', 'p', { class: 'formula' }),
          part('toolbar-error', 'p', { class: 'field-error', role: 'alert', hidden: true }),
          el('div', { class: 'map-wrap' },
            part('map', 'canvas', {
              tabindex: 0,
              'aria-label': 'Contour map of the function with each optimizer\'s step path. Click or drag to set the start point; wheel to zoom; shift-drag to pan; arrow keys move the start point.',
            }),
            part('map-tooltip', 'div', { class: 'tooltip', hidden: true }),
          ),
          el('div', { class: 'map-legend' },
            part('legend', 'canvas', { width: 256, height: 12, 'aria-hidden': 'true' }),
            part('legend-lo', 'span'), el('span', { class: 'legend-mid', text: 'log-scaled f(x, y)' }), part('legend-hi', 'span'),
          ),
          el('div', { class: 'transport' },
            part('play', 'button', { type: 'button', text: 'Play' }),
            part('step', 'button', { type: 'button', text: 'Step' }),
            part('reset', 'button', { type: 'button', text: 'Reset' }),
            el('label', { class: 'scrubber' }, 'Iteration ', part('scrubber', 'input', { type: 'range', min: 0, max: 2000, value: 2000 })),
            part('iteration', 'output', { text: '2000' }),
          ),
          el('p', { class: 'hint pg-controls', text: 'Click or drag on the map to move the start point. Wheel zooms, shift-drag pans.' }),
        ),
        lockable(el('div', { class: 'configs-pane pg-controls' },
          part('configs', 'div', { class: 'configs' }),
          part('add-config', 'button', { type: 'button', text: 'Add a configuration' }),
        )),
      ),
    ),
    lr: part('charts', 'section', { class: 'panel pg-panel', 'data-panel': 'lr' },
      el('h2', { text: 'Learning rate versus iteration' }),
      lockable(el('div', { class: 'toolbar pg-controls' },
        el('label', {}, part('lr-log', 'input', { type: 'checkbox' }), ' log scale'),
        el('label', {}, part('lr-step-size', 'input', { type: 'checkbox', checked: true }), ' Adam\'s bias-corrected step size'),
        el('label', {}, 'Dataset size ', num('dataset-size', { min: 1, max: 100000000, step: 1, value: 60000 })),
        el('label', {}, 'Batch size ', num('batch-size', { min: 1, max: 1000000, step: 1, value: 32 })),
        el('label', {}, 'Epochs shown ', num('epochs', { min: 1, max: 200, step: 1, value: 10 })),
      )),
      part('epoch-error', 'p', { class: 'field-error', role: 'alert', hidden: true }),
      el('p', { class: 'chart-caption' }, 'Solid: the learning rate each update really uses. Flat dotted: what ',
        el('code', { text: 'optimizer.lr' }), ', History, CSVLogger and TensorBoard report. Dashed (Adam): the bias-corrected step size ',
        el('code', { text: 'lr_t' }), '. Vertical dotted lines: epoch boundaries (', part('steps-per-epoch', 'span'), ').'),
      part('lr-chart', 'canvas', { class: 'chart', role: 'img', 'aria-label': 'Learning rate per iteration' }),
      part('lr-readout', 'p', { class: 'readout', 'aria-live': 'polite' }),
      part('epoch-details', 'details', { open: true },
        el('summary', { text: 'Learning rate at the start of each epoch' }),
        // Focusable: the table scrolls sideways on a phone, and arrow keys scroll it.
        el('div', { class: 'table-wrap', tabindex: 0, role: 'group', 'aria-label': 'Learning rate at the start of each epoch' }, part('epoch-table', 'table')),
      ),
    ),
    loss: part('loss-panel', 'section', { class: 'panel pg-panel', 'data-panel': 'loss' },
      el('h2', { text: 'Loss versus iteration' }),
      part('loss-chart', 'canvas', { class: 'chart', role: 'img', 'aria-label': 'Loss per iteration, log scale' }),
      part('loss-readout', 'p', { class: 'readout', 'aria-live': 'polite' }),
    ),
    explain: part('explain', 'section', { class: 'panel pg-panel', 'data-panel': 'explain' },
      el('h2', {}, 'What ', el('code', { text: 'decay' }), ' does, with your numbers'),
      part('explanation', 'div'),
      el('h3', { text: 'Calculator' }),
      el('div', { class: 'toolbar' },
        el('label', {}, el('code', { text: 'learning_rate' }), ' ', num('calc-lr', { min: 0, step: 0.0001, value: 0.003 })),
        el('label', {}, el('code', { text: 'decay' }), ' ', num('calc-decay', { min: 0, step: 0.0001, value: 0.0002 })),
        el('label', {}, 'Epochs E ', num('calc-epochs', { min: 0, max: 100000, step: 1, value: 50 })),
        el('label', {}, 'Samples N ', num('calc-n', { min: 1, step: 1, value: 60000 })),
        el('label', {}, 'Batch size B ', num('calc-batch', { min: 1, step: 1, value: 32 })),
      ),
      part('calc-result', 'p', { class: 'calc', 'aria-live': 'polite' }),
      part('claim-chart', 'canvas', { class: 'chart small', role: 'img', 'aria-label': 'Keras\'s real decay per epoch beside the claim that lr is divided by decay after each epoch' }),
      part('claim-readout', 'p', { class: 'readout' }),
    ),
    code: part('code-panel', 'section', { class: 'panel pg-panel', 'data-panel': 'code' },
      el('h2', { text: 'This configuration as code' }),
      el('div', { class: 'toolbar' }, el('label', {}, 'Configuration ', part('code-config', 'select'))),
      part('code-blocks', 'div', { class: 'code-blocks' }),
    ),
  };
  const notice = part('notice', 'div', { class: 'notice', role: 'status', hidden: true },
    part('notice-text', 'span'),
    part('notice-close', 'button', { type: 'button', 'aria-label': 'Dismiss', text: '✕' }),
  );
  const shareBar = options.share
    ? part('share', 'div', { class: 'share panel' },
      el('span', { class: 'share-panels' }, 'Show ', PANELS.map((name) => el('label', {}, el('input', { type: 'checkbox', 'data-panel-toggle': name, checked: true }), ` ${PANEL_LABELS[name]}`))),
      part('copy-link', 'button', { type: 'button', text: 'Copy link' }),
      part('copy-embed', 'button', { type: 'button', text: 'Copy embed code' }),
      el('label', {}, 'Embed controls ', part('embed-controls', 'select', {},
        el('option', { value: 'visible', text: 'visible' }), el('option', { value: 'locked', text: 'locked' }), el('option', { value: 'hidden', text: 'hidden' }))),
      part('share-status', 'span', { class: 'share-status', role: 'status' }),
      part('share-output', 'textarea', { class: 'share-output', readonly: true, rows: 2, 'aria-label': 'Link or embed code', hidden: true }),
    )
    : null;
  const root = el('div', { class: 'op-root', 'data-instance': n }, notice, shareBar, ...Object.values(sections));
  element.replaceChildren(root);
  const $ = (name) => P[name];

  function showNotice(ignored) {
    const text = describeIgnored(ignored);
    $('notice-text').textContent = text;
    notice.hidden = !text;
  }
  $('notice-close').addEventListener('click', () => { notice.hidden = true; });

  // ---- wasm-backed helpers ------------------------------------------------------------------
  const validateOptimizer = (optimizer) => coreValidator(wasm)(optimizer);
  const validateText = (o) => {
    const p = validateOptimizer(o);
    return p ? `${p.field}${p.field ? ': ' : ''}${p.message}` : null;
  };
  const functionMeta = () => wasm.functions().find((f) => f.id === state.functionId);

  /** The whole visible state, configurations included. */
  function currentState() {
    return { ...structuredClone(state), configs: cards.map((c) => ({ optimizer: structuredClone(c.config), visible: c.visible })) };
  }

  function changed() {
    if (destroyed) return;
    emit('change', currentState());
    if (!options.hash) return;
    // Throttled: at most one history entry rewrite per HASH_THROTTLE_MS, with the latest state.
    if (saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = 0;
      if (destroyed) return;
      lastHash = `#${handle.fragment()}`;
      if (location.hash !== lastHash) history.replaceState(history.state, '', lastHash);
    }, HASH_THROTTLE_MS);
  }

  // ---- computing and drawing -----------------------------------------------------------------
  function recompute() {
    paths = [];
    for (const card of cards) {
      if (!card.visible) continue;
      let r;
      try {
        r = wasm.runTrajectory({
          function: state.functionId,
          condition_number: state.functionId === 'ill_conditioned_quadratic' ? state.conditionNumber : undefined,
          start: state.start,
          optimizer: card.config,
          steps: state.steps,
        });
      } catch (e) {
        card.setStatus(String(e?.message ?? e), true);
        continue;
      }
      const last = r.x.length - 1;
      paths.push({ color: card.color, label: card.label, x: r.x, y: r.y, loss: r.loss, effectiveLr: r.effective_lr, divergedAt: r.diverged_at ?? null });
      card.setWarning(r.warnings?.join(' ') || null);
      if (r.diverged_at != null) {
        card.setStatus(`Diverged at iteration ${r.diverged_at}: the next value was not finite. Shown up to its last finite point.`, true);
      } else {
        card.setStatus(`after ${last} updates: loss ${formatNumber(r.loss[last])} at (${formatNumber(r.x[last])}, ${formatNumber(r.y[last])})`);
      }
    }
    map.setStart(...state.start);
    map.setPaths(paths, state.upto);
    lossChart.setData(paths.map((p) => ({ label: p.label, color: p.color, y: p.loss })), { markers: epochMarkers(state.steps), xMax: state.steps });
  }

  const stepsPerEpoch = () => Math.ceil(state.datasetSize / state.batchSize);

  function epochMarkers(totalSteps) {
    const spe = stepsPerEpoch();
    const markers = [];
    if (totalSteps / spe <= 60) for (let e = 1; e * spe <= totalSteps; e++) markers.push({ x: e * spe });
    return markers;
  }

  function redrawLr() {
    const spe = stepsPerEpoch();
    const total = Math.max(state.steps, state.epochs * spe);
    $('steps-per-epoch').textContent = `ceil(${state.datasetSize} / ${state.batchSize}) = ${spe} updates per epoch`;
    const series = [];
    const rows = [];
    const shown = cards.filter((c) => c.visible);
    for (const [i, card] of shown.entries()) {
      const s = wasm.lrSchedule(card.config, total, spe);
      // Earlier configurations are drawn wider, so identical curves (legacy decay and its
      // Keras 3 InverseTimeDecay twin) show both colours instead of one hiding the other.
      const width = 1.8 + 1.6 * (shown.length - 1 - i);
      series.push({ label: `${card.label} — lr used`, color: card.color, y: s.effective_lr, width });
      series.push({ label: 'logged lr', color: card.color, y: s.reported_lr, dash: [2, 3], width: 1.4 });
      if (state.showStepSize && s.step_size) series.push({ label: 'lr_t (bias-corrected)', color: card.color, y: s.step_size, dash: [7, 4], width: 1.2 });
      rows.push({ card, epochLr: s.epoch_effective_lr, epochReported: s.epoch_reported_lr });
    }
    lrChart.setLog(state.lrLog);
    lrChart.setData(series, { markers: epochMarkers(total), xMax: total });
    renderEpochTable(rows);
  }

  function renderEpochTable(rows) {
    const epochs = Math.min(state.epochs, rows[0]?.epochLr.length ?? 0);
    const head = el('tr', {}, el('th', { text: 'epoch (iteration at its start)' }));
    for (const { card } of rows) {
      const th = el('th', { text: card.label });
      th.style.setProperty('border-bottom', `3px solid ${readableOn(card.color, themeColors().bg)}`);
      head.append(th);
    }
    head.append(el('th', { text: 'what Keras logs' }));
    const body = [head];
    const spe = stepsPerEpoch();
    for (let e = 0; e < epochs; e++) {
      body.push(el('tr', {},
        el('td', { text: `${e + 1} (${e * spe})` }),
        rows.map((r) => el('td', { text: formatNumber(r.epochLr[e]) })),
        el('td', { text: rows.map((r) => formatNumber(r.epochReported[e])).join(' / ') })));
    }
    $('epoch-table').replaceChildren(...body);
  }

  function explainedAdam() {
    const card = cards.find((c) => c.visible && c.config.api === 'legacy' && typeof c.config.learning_rate === 'number' && c.config.decay > 0);
    return card ? card.config : defaultState().configs[0].optimizer;
  }

  function redrawExplanation() {
    renderExplanation($('explanation'), { wasm, adam: explainedAdam(), datasetSize: state.datasetSize, batchSize: state.batchSize });
  }

  function redrawCalculator() {
    const read = (name, spec) => {
      const input = $(name);
      const r = parseField(input.value, spec);
      input.toggleAttribute('aria-invalid', !!r.error);
      return r;
    };
    const lr = read('calc-lr', { min: 0 });
    const decay = read('calc-decay', { min: 0 });
    const epochs = read('calc-epochs', { min: 0, max: 100000, kind: 'int' });
    const nn = read('calc-n', { min: 1, kind: 'int' });
    const batch = read('calc-batch', { min: 1, kind: 'int' });
    const bad = [['learning_rate', lr], ['decay', decay], ['epochs', epochs], ['samples', nn], ['batch size', batch]].find(([, r]) => r.error);
    if (bad) {
      $('calc-result').textContent = `${bad[0]}: ${bad[1].error}`;
      return;
    }
    state.calc = { lr: lr.value, decay: decay.value, epochs: epochs.value, n: nn.value, batch: batch.value };
    try {
      renderCalculator({ wasm, resultEl: $('calc-result'), chart: calcChart, lr: lr.value, decay: decay.value, epochs: epochs.value, n: nn.value, batch: batch.value });
    } catch (e) {
      $('calc-result').textContent = String(e?.message ?? e);
    }
  }

  function redrawCode() {
    const select = $('code-config');
    const visible = cards.filter((c) => c.visible);
    const previous = select.value;
    select.replaceChildren(...visible.map((c) => el('option', { value: String(c.id), text: c.label })));
    if (visible.some((c) => String(c.id) === previous)) select.value = previous;
    const card = visible.find((c) => String(c.id) === select.value) ?? visible[0];
    if (!card) {
      $('code-blocks').replaceChildren(el('p', { class: 'hint', text: 'Show a configuration to export it.' }));
      return;
    }
    const code = generateCode(card.config, { functionId: state.functionId, conditionNumber: state.conditionNumber, start: state.start, steps: state.steps });
    $('code-blocks').replaceChildren(...CODE_TARGETS.map(([key, title]) => {
      const status = el('span', { class: 'share-status', role: 'status' });
      // Focusable: long lines scroll, and arrow keys scroll them.
      const pre = el('pre', { class: 'code', 'data-target': key, tabindex: 0, role: 'group', 'aria-label': `${title} code` }, el('code', { text: code[key] }));
      return el('div', { class: 'code-block' },
        el('div', { class: 'code-head' }, el('h3', { text: title }),
          el('button', { type: 'button', 'data-copy': key, text: 'Copy', onclick: () => copyText(code[key], status, pre) }), status),
        pre);
    }));
  }

  function redrawAll() {
    recompute();
    redrawLr();
    redrawExplanation();
    redrawCode();
  }

  // ---- cards, transport ------------------------------------------------------------------------
  function addCard(optimizer, visible = true) {
    if (cards.length >= MAX_CONFIGS) return;
    const used = new Set(cards.map((c) => c.color));
    const card = new ConfigCard({
      color: PALETTE.find((c) => !used.has(c)) ?? PALETTE[0],
      optimizer,
      validate: validateOptimizer,
      onChange: () => {
        if (!wasm || loading) return;
        redrawAll();
        changed();
      },
      onRemove: (c) => {
        cards.splice(cards.indexOf(c), 1);
        c.element.remove();
        redrawAll();
        changed();
      },
    });
    if (!visible) {
      card.visible = false;
      card.render();
    }
    cards.push(card);
    $('configs').append(card.element);
  }
  let loading = false;

  function setUpto(i, { quiet = false } = {}) {
    state.upto = Math.max(0, Math.min(state.steps, Math.round(i)));
    $('scrubber').value = String(state.upto);
    $('iteration').value = String(state.upto);
    map.setPaths(paths, state.upto);
    if (!quiet) {
      emit('step', { iteration: state.upto, steps: state.steps });
      changed();
    }
  }

  function play() {
    if (playing || destroyed) return;
    playing = true;
    $('play').textContent = 'Pause';
    if (state.upto >= state.steps) setUpto(0);
    const perFrame = Math.max(1, Math.round(state.steps / 240));
    const tick = () => {
      if (!playing || destroyed) return;
      setUpto(state.upto + perFrame);
      if (state.upto >= state.steps) pause();
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  }

  function pause() {
    playing = false;
    cancelAnimationFrame(frame);
    $('play').textContent = 'Play';
  }

  function step() {
    pause();
    setUpto(state.upto >= state.steps ? 0 : state.upto + 1);
  }

  function bindNumber(name, key, spec, errorName, after) {
    const input = $(name);
    input.addEventListener('input', () => {
      const r = parseField(input.value, spec);
      const error = $(errorName);
      if (r.error) {
        input.setAttribute('aria-invalid', 'true');
        const range = spec.max === undefined ? '' : ` (${spec.kind === 'int' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max})`;
        error.textContent = `${input.closest('label').textContent.trim()}: ${r.error}${range}`;
        error.hidden = false;
        return;
      }
      input.removeAttribute('aria-invalid');
      error.hidden = true;
      state[key] = r.value;
      after();
      changed();
    });
  }

  function setSteps(steps) {
    state.steps = steps;
    $('scrubber').max = String(steps);
  }

  function wireControls() {
    const fnSelect = $('function');
    fnSelect.replaceChildren(...wasm.functions().map((f) => el('option', { value: f.id, text: f.name })));
    fnSelect.addEventListener('change', () => {
      state.functionId = fnSelect.value;
      state.start = [...functionMeta().default_start];
      state.view = null;
      showFunction();
      recompute();
      redrawCode();
      changed();
    });
    bindNumber('condition', 'conditionNumber', { min: 1, max: 10000 }, 'toolbar-error', () => {
      map.setFunction(functionMeta(), state.conditionNumber, map.view);
      drawLegend();
      recompute();
      redrawCode();
    });
    bindNumber('steps', 'steps', { min: 1, max: MAX_STEPS, kind: 'int' }, 'toolbar-error', () => {
      setSteps(state.steps);
      state.upto = state.steps;
      setUpto(state.steps, { quiet: true });
      redrawAll();
    });
    for (const [name, key, spec] of [
      ['dataset-size', 'datasetSize', { min: 1, max: 1e8, kind: 'int' }],
      ['batch-size', 'batchSize', { min: 1, max: 1e6, kind: 'int' }],
      ['epochs', 'epochs', { min: 1, max: 200, kind: 'int' }],
    ]) bindNumber(name, key, spec, 'epoch-error', () => { redrawLr(); redrawExplanation(); recompute(); });
    $('lr-log').addEventListener('change', (e) => { state.lrLog = e.target.checked; redrawLr(); changed(); });
    $('lr-step-size').addEventListener('change', (e) => { state.showStepSize = e.target.checked; redrawLr(); changed(); });
    $('epoch-details').addEventListener('toggle', () => { state.tableOpen = $('epoch-details').open; changed(); });
    $('zoom-in').addEventListener('click', () => map.zoom(1 / 1.4));
    $('zoom-out').addEventListener('click', () => map.zoom(1.4));
    $('zoom-reset').addEventListener('click', () => map.resetView());
    $('play').addEventListener('click', () => (playing ? pause() : play()));
    $('step').addEventListener('click', step);
    $('reset').addEventListener('click', () => { pause(); setUpto(0); });
    $('scrubber').addEventListener('input', (e) => { pause(); setUpto(Number(e.target.value)); });
    $('add-config').addEventListener('click', () => {
      addCard(optimizerConfig('adam', { learning_rate: 0.003 }));
      redrawAll();
      changed();
    });
    for (const name of ['calc-lr', 'calc-decay', 'calc-epochs', 'calc-n', 'calc-batch']) $(name).addEventListener('input', () => { redrawCalculator(); changed(); });
    $('code-config').addEventListener('change', redrawCode);
    if (shareBar) {
      for (const box of root.querySelectorAll('[data-panel-toggle]')) {
        box.addEventListener('change', () => {
          const shown = [...root.querySelectorAll('[data-panel-toggle]')].filter((b) => b.checked).map((b) => b.dataset.panelToggle);
          if (!shown.length) {
            box.checked = true;
            return;
          }
          state.panels = shown;
          applyPanels();
          changed();
        });
      }
      $('copy-link').addEventListener('click', () => copyText(handle.link(), $('share-status'), $('share-output')));
      $('copy-embed').addEventListener('click', () => copyText(handle.embedCode({ controls: $('embed-controls').value }), $('share-status'), $('share-output')));
    }
  }

  /** Copies text; where the clipboard is not available, shows it selected for Ctrl+C. */
  async function copyText(text, status, target) {
    if (target instanceof HTMLTextAreaElement) {
      target.value = text;
      target.hidden = false;
    }
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Select and copy (Ctrl+C): the clipboard is not available here.';
      if (target instanceof HTMLTextAreaElement) target.select();
      else {
        const range = document.createRange();
        range.selectNodeContents(target);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }
    }
  }

  function showFunction() {
    const meta = functionMeta();
    $('formula').textContent = `f(x, y) = ${meta.formula}`;
    $('condition-label').hidden = state.functionId !== 'ill_conditioned_quadratic';
    map.setFunction(meta, state.conditionNumber, state.view);
    drawLegend();
  }

  function drawLegend() {
    const canvas = $('legend');
    const ctx = canvas.getContext('2d');
    const data = wasm.colormapStrip(canvas.width);
    const strip = document.createElement('canvas');
    strip.width = canvas.width;
    strip.height = 1;
    strip.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(data), canvas.width, 1), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(strip, 0, 0, canvas.width, canvas.height);
    $('legend-lo').textContent = formatNumber(map.legend?.lo ?? 0);
    $('legend-hi').textContent = formatNumber(map.legend?.hi ?? 1);
  }

  function applyPanels() {
    for (const [name, section] of Object.entries(sections)) section.hidden = !state.panels.includes(name);
    for (const box of root.querySelectorAll('[data-panel-toggle]')) box.checked = state.panels.includes(box.dataset.panelToggle);
  }

  function applyControls() {
    root.dataset.controls = controls;
    for (const f of root.querySelectorAll('.pg-lockable')) f.disabled = controls === 'locked';
    if (map) map.locked = controls !== 'visible';
  }

  /** Shows a whole state: inputs, cards, view, drawings. */
  function applyState(next) {
    loading = true;
    pause();
    const { configs, ...rest } = structuredClone(next);
    state = rest;
    $('function').value = state.functionId;
    $('condition').value = String(state.conditionNumber);
    $('steps').value = String(state.steps);
    setSteps(state.steps);
    $('dataset-size').value = String(state.datasetSize);
    $('batch-size').value = String(state.batchSize);
    $('epochs').value = String(state.epochs);
    $('lr-log').checked = state.lrLog;
    $('lr-step-size').checked = state.showStepSize;
    $('epoch-details').open = state.tableOpen;
    $('calc-lr').value = String(state.calc.lr);
    $('calc-decay').value = String(state.calc.decay);
    $('calc-epochs').value = String(state.calc.epochs);
    $('calc-n').value = String(state.calc.n);
    $('calc-batch').value = String(state.calc.batch);
    for (const c of cards.splice(0)) c.element.remove();
    for (const c of configs) addCard(c.optimizer, c.visible);
    applyPanels();
    showFunction();
    loading = false;
    redrawAll();
    setUpto(state.upto, { quiet: true });
    redrawCalculator();
  }

  /** Resolves options (a link, then explicit options over it) into a state and what was ignored. */
  function resolve(opts, base) {
    const functions = wasm.functions();
    const ignored = [];
    let start = base;
    if (opts.state !== undefined) {
      const parsed = parseState(opts.state, { functions, validateOptimizer: validateText });
      ignored.push(...parsed.ignored);
      start = parsed.empty ? base : parsed.state;
    }
    const { compact, ignored: unreadable } = optionsToCompact(opts, functions, validateText);
    ignored.push(...unreadable);
    const applied = applyCompact(compact, { functions, validateOptimizer: validateText, base: start });
    ignored.push(...applied.ignored);
    return { state: applied.state, ignored };
  }

  // ---- boot -------------------------------------------------------------------------------------
  const ready = (async () => {
    const loaded = await loadWasm(options.build ?? chooseBuild());
    if (destroyed) return null;
    wasm = loaded.wasm;
    map = new MapView($('map'), {
      wasm,
      memory: loaded.memory,
      tooltip: $('map-tooltip'),
      onStart: (x, y) => {
        const t0 = performance.now();
        state.start = [roundSig(x), roundSig(y)];
        recompute();
        redrawCode();
        changed();
        // Read by bench/page-drag.mjs: recompute every path and redraw, per drag frame. The
        // timeline keeps measures until cleared, so a long session keeps only the latest ones.
        performance.measure('drag-frame', { start: t0 });
        if (++dragMeasures >= MAX_DRAG_MEASURES) {
          performance.clearMeasures('drag-frame');
          dragMeasures = 0;
        }
      },
      onView: (view) => {
        const d = functionMeta().domain;
        state.view = ['x_min', 'x_max', 'y_min', 'y_max'].every((k) => view[k] === roundSig(d[k])) ? null : { ...view };
        drawLegend();
        changed();
      },
    });
    lrChart = new LineChart($('lr-chart'), { xLabel: 'iteration', readout: $('lr-readout') });
    lossChart = new LineChart($('loss-chart'), { xLabel: 'iteration', log: true, readout: $('loss-readout') });
    calcChart = claimChart($('claim-chart'), $('claim-readout'));
    // Charts follow their element's size (an embed's iframe, a resized window).
    for (const chart of [lrChart, lossChart, calcChart]) {
      let pending = 0;
      const ro = new ResizeObserver(() => {
        cancelAnimationFrame(pending);
        pending = requestAnimationFrame(() => chart.draw());
      });
      ro.observe(chart.canvas);
      observers.push(ro);
    }
    wireControls();
    applyControls();
    const { state: initial, ignored } = resolve({ ...options, state: options.hash ? location.hash : options.state }, defaultState(wasm.functions()));
    applyState(initial);
    showNotice(ignored);
    if (options.hash) {
      lastHash = location.hash;
      window.addEventListener('hashchange', onHashChange);
    }
    root.dataset.ready = 'true';
    const info = { build: loaded.build, info: loaded.info };
    emit('ready', info);
    return info;
  })();

  function onHashChange() {
    if (location.hash === lastHash) return;
    lastHash = location.hash;
    const { state: next, ignored } = resolve({ state: location.hash }, defaultState(wasm.functions()));
    applyState(next);
    showNotice(ignored);
  }

  const whenReady = (fn) => (...args) => (wasm ? fn(...args) : ready.then(() => (destroyed ? undefined : fn(...args))));

  const handle = {
    /** Resolves with `{build, info}` once the wasm module is loaded and the first frame drawn. */
    ready,
    /** The root element of this instance. */
    root,
    /**
     * Changes part of the state: any of `function, start, steps, configs, panels,
     * conditionNumber, state` (a link fragment). Bad values are ignored and listed in the
     * notice; returns (a promise of) the list of what was ignored.
     */
    setConfig: whenReady((partial = {}) => {
      const { state: next, ignored } = resolve(partial, currentState());
      applyState(next);
      showNotice(ignored);
      changed();
      return ignored;
    }),
    /** Shows, locks or hides the controls: 'visible' | 'locked' | 'hidden'. */
    setControls(mode) {
      if (!CONTROL_MODES.includes(mode)) throw new Error(`controls: must be one of ${CONTROL_MODES.join(', ')}, got ${mode}`);
      controls = mode;
      applyControls();
    },
    play: whenReady(play),
    pause: whenReady(pause),
    step: whenReady(step),
    /** Subscribes to 'step' ({iteration, steps}), 'change' (the state) or 'ready'; returns an unsubscribe function. */
    on(type, fn) {
      if (!listeners[type]) throw new Error(`unknown event ${type}: one of ${Object.keys(listeners).join(', ')}`);
      listeners[type].add(fn);
      return () => listeners[type].delete(fn);
    },
    /** The whole visible state (a copy). */
    getState: () => currentState(),
    /** The state as a link fragment, `v1.…` (without `#`). */
    fragment: () => serializeState(currentState(), wasm ? wasm.functions() : []),
    /** A link to the main page showing this state. */
    link(base = new URL('./index.html', import.meta.url).href) {
      const url = new URL(base);
      url.hash = handle.fragment();
      return url.href;
    },
    /** The `<iframe>` snippet embedding this state. */
    embedCode: (o = {}) => embedCode(handle.fragment(), { height: o.height ?? suggestedHeight(), ...o }),
    /** Stops everything this instance runs and removes its DOM. */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      playing = false;
      cancelAnimationFrame(frame);
      clearTimeout(saveTimer);
      for (const o of observers) o.disconnect();
      map?.destroy();
      window.removeEventListener('hashchange', onHashChange);
      for (const set of Object.values(listeners)) set.clear();
      root.remove();
    },
  };

  /** A height for an embed of the shown panels at a narrow width. */
  function suggestedHeight() {
    const per = { paths: 760, lr: 520, loss: 340, explain: 1300, code: 900 };
    return Math.min(4000, 40 + state.panels.reduce((h, p) => h + per[p], 0));
  }

  return handle;
}

/** Options from a `<optimizer-playground>` element's attributes. */
function optionsFromAttributes(node) {
  const o = {};
  const attr = (name) => (node.hasAttribute(name) ? node.getAttribute(name) : undefined);
  if (attr('state') !== undefined) o.state = attr('state');
  if (attr('function') !== undefined) o.function = attr('function');
  if (attr('condition-number') !== undefined) o.conditionNumber = attr('condition-number');
  if (attr('start') !== undefined) o.start = attr('start');
  if (attr('configs') !== undefined) o.configs = attr('configs');
  if (attr('panels') !== undefined) o.panels = attr('panels');
  if (attr('steps') !== undefined) o.steps = attr('steps');
  const controls = attr('controls');
  if (controls !== undefined) o.controls = CONTROL_MODES.includes(controls) ? controls : 'visible';
  if (attr('build') !== undefined) o.build = attr('build');
  return o;
}

/**
 * `<optimizer-playground function="rosenbrock" start="-1.5,2" steps="1000"
 *   configs='[{"name":"adam","learning_rate":0.003,"decay":0.0002}]' panels="paths,lr"
 *   controls="locked">`: attributes are `mount` options; changing one updates the instance.
 * The element exposes the handle's methods (`play()`, `pause()`, `step()`, `on()`, `setConfig()`).
 */
export class OptimizerPlaygroundElement extends HTMLElement {
  static observedAttributes = ['state', 'function', 'condition-number', 'start', 'configs', 'panels', 'steps', 'controls'];

  connectedCallback() {
    if (!this.handle) this.handle = mount(this, optionsFromAttributes(this));
  }

  disconnectedCallback() {
    this.handle?.destroy();
    this.handle = null;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this.handle || oldValue === value) return;
    if (name === 'controls') this.handle.setControls(CONTROL_MODES.includes(value) ? value : 'visible');
    else {
      const o = optionsFromAttributes(this);
      delete o.controls;
      delete o.build;
      const key = { 'condition-number': 'conditionNumber' }[name] ?? name;
      if (value !== null) this.handle.setConfig({ [key]: o[key] });
    }
  }

  get ready() { return this.handle?.ready; }
  play() { return this.handle?.play(); }
  pause() { return this.handle?.pause(); }
  step() { return this.handle?.step(); }
  on(type, fn) { return this.handle?.on(type, fn); }
  setConfig(partial) { return this.handle?.setConfig(partial); }
  getState() { return this.handle?.getState(); }
}

if (globalThis.customElements && !customElements.get('optimizer-playground')) {
  customElements.define('optimizer-playground', OptimizerPlaygroundElement);
}

export { defaultState, parseState, serializeState };
