// Boots the page: loads the right wasm build, then wires the map, the configuration cards, the
// charts and the explanation to one small state object. Every number shown comes from the core.
import { loadWasm, chooseBuild } from './wasm.js';
import { MapView } from './map.js';
import { LineChart, formatNumber } from './chart.js';
import { ConfigCard, parseField } from './configs-ui.js';
import { DEFAULT_SCENE, PALETTE, presetById, optimizerConfig } from './optimizers.js';
import { renderExplanation, renderCalculator, claimChart } from './explain.js';
import { initSweep } from './sweep.js';

const $ = (id) => document.getElementById(id);
const MAX_CONFIGS = 8;

const state = {
  functionId: 'rosenbrock',
  conditionNumber: 100,
  start: [-1.5, 2.0],
  steps: 2000,
  upto: 2000,
  playing: false,
  datasetSize: 60000,
  batchSize: 32,
  epochs: 10,
  lrLog: false,
  showStepSize: true,
};

/** @type {ConfigCard[]} */
const cards = [];
let wasm;
let map;
let lrChart;
let lossChart;
let paths = [];

function showFatal(message) {
  const box = $('fatal');
  box.textContent = message;
  box.hidden = false;
}

/** The core's verdict on an optimizer configuration: null, or the field and what is wrong. */
function validateOptimizer(optimizer) {
  try {
    wasm.validateOptimizer(optimizer);
    return null;
  } catch (e) {
    const text = String(e?.message ?? e);
    const i = text.indexOf(': ');
    return i > 0 ? { field: text.slice(0, i), message: text.slice(i + 2) } : { field: '', message: text };
  }
}

function functionMeta() {
  return wasm.functions().find((f) => f.id === state.functionId);
}

/** Runs every visible configuration from the start point and redraws the map and loss chart. */
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
  lossChart.setData(
    paths.map((p) => ({ label: p.label, color: p.color, y: p.loss })),
    { markers: epochMarkers(state.steps), xMax: state.steps },
  );
}

function stepsPerEpoch() {
  return Math.ceil(state.datasetSize / state.batchSize);
}

function epochMarkers(totalSteps) {
  const spe = stepsPerEpoch();
  const markers = [];
  // More than ~60 boundary lines would only grey out the chart.
  if (totalSteps / spe <= 60) for (let e = 1; e * spe <= totalSteps; e++) markers.push({ x: e * spe });
  return markers;
}

/** The lr chart and the per-epoch table, from the core's lrSchedule (no optimizer run needed). */
function redrawLr() {
  const spe = stepsPerEpoch();
  const total = Math.max(state.steps, state.epochs * spe);
  $('steps-per-epoch').textContent = `ceil(${state.datasetSize} / ${state.batchSize}) = ${spe} updates per epoch`;
  const series = [];
  const rows = [];
  for (const card of cards) {
    if (!card.visible) continue;
    const s = wasm.lrSchedule(card.config, total, spe);
    series.push({ label: `${card.label} — lr used`, color: card.color, y: s.effective_lr, width: 2.2 });
    series.push({ label: 'logged lr', color: card.color, y: s.reported_lr, dash: [2, 3], width: 1.4 });
    if (state.showStepSize && s.step_size) series.push({ label: 'lr_t (bias-corrected)', color: card.color, y: s.step_size, dash: [7, 4], width: 1.2 });
    rows.push({ card, epochLr: s.epoch_effective_lr, epochReported: s.epoch_reported_lr });
  }
  lrChart.setLog(state.lrLog);
  lrChart.setData(series, { markers: epochMarkers(total), xMax: total });
  renderEpochTable(rows);
}

function renderEpochTable(rows) {
  const table = $('epoch-table');
  const epochs = Math.min(state.epochs, rows[0]?.epochLr.length ?? 0);
  const head = document.createElement('tr');
  head.append(Object.assign(document.createElement('th'), { textContent: 'epoch (iteration at its start)' }));
  for (const { card } of rows) {
    const th = document.createElement('th');
    th.textContent = card.label;
    th.style.color = 'inherit';
    th.style.borderBottom = `3px solid ${card.color}`;
    head.append(th);
  }
  head.append(Object.assign(document.createElement('th'), { textContent: 'what Keras logs' }));
  const body = [head];
  const spe = stepsPerEpoch();
  for (let e = 0; e < epochs; e++) {
    const tr = document.createElement('tr');
    tr.append(Object.assign(document.createElement('td'), { textContent: `${e + 1} (${e * spe})` }));
    for (const r of rows) tr.append(Object.assign(document.createElement('td'), { textContent: formatNumber(r.epochLr[e]) }));
    tr.append(Object.assign(document.createElement('td'), { textContent: rows.map((r) => formatNumber(r.epochReported[e])).join(' / ') }));
    body.push(tr);
  }
  table.replaceChildren(...body);
}

/** The legacy Adam the explanation talks about: the first visible card with decay, else the seed. */
function explainedAdam() {
  const card = cards.find((c) => c.visible && c.config.api === 'legacy' && typeof c.config.learning_rate === 'number' && c.config.decay > 0);
  return card ? card.config : presetById('seed').optimizer;
}

function redrawExplanation() {
  renderExplanation($('explanation'), { wasm, adam: explainedAdam(), datasetSize: state.datasetSize, batchSize: state.batchSize });
}

const calculatorChart = { chart: null };
function redrawCalculator() {
  const read = (id, spec) => {
    const input = $(id);
    const r = parseField(input.value, spec);
    input.toggleAttribute('aria-invalid', !!r.error);
    return r;
  };
  const lr = read('calc-lr', { min: 0 });
  const decay = read('calc-decay', { min: 0 });
  const epochs = read('calc-epochs', { min: 0, max: 100000, kind: 'int' });
  const n = read('calc-n', { min: 1, kind: 'int' });
  const batch = read('calc-batch', { min: 1, kind: 'int' });
  const bad = [['learning_rate', lr], ['decay', decay], ['epochs', epochs], ['samples', n], ['batch size', batch]].find(([, r]) => r.error);
  if (bad) {
    $('calc-result').textContent = `${bad[0]}: ${bad[1].error}`;
    return;
  }
  try {
    renderCalculator({ wasm, resultEl: $('calc-result'), chart: calculatorChart.chart, lr: lr.value, decay: decay.value, epochs: epochs.value, n: n.value, batch: batch.value });
  } catch (e) {
    $('calc-result').textContent = String(e?.message ?? e);
  }
}

function redrawAll() {
  recompute();
  redrawLr();
  redrawExplanation();
}

function addCard(optimizer) {
  if (cards.length >= MAX_CONFIGS) return;
  const used = new Set(cards.map((c) => c.color));
  const card = new ConfigCard({
    color: PALETTE.find((c) => !used.has(c)) ?? PALETTE[0],
    optimizer,
    validate: validateOptimizer,
    onChange: () => wasm && redrawAll(),
    onRemove: (c) => {
      cards.splice(cards.indexOf(c), 1);
      c.element.remove();
      redrawAll();
    },
  });
  cards.push(card);
  $('configs').append(card.element);
}

function setUpto(i) {
  state.upto = Math.max(0, Math.min(state.steps, i));
  $('scrubber').value = String(state.upto);
  $('iteration').value = String(state.upto);
  map.setPaths(paths, state.upto);
}

function play() {
  if (state.playing) return;
  state.playing = true;
  $('play').textContent = 'Pause';
  if (state.upto >= state.steps) setUpto(0);
  const perFrame = Math.max(1, Math.round(state.steps / 240));
  const tick = () => {
    if (!state.playing) return;
    setUpto(state.upto + perFrame);
    if (state.upto >= state.steps) pause();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function pause() {
  state.playing = false;
  $('play').textContent = 'Play';
}

/** Binds a number input to a state key; invalid text shows a message and keeps the old value. */
function bindNumber(id, key, spec, errorId, after) {
  const input = $(id);
  input.addEventListener('input', () => {
    const r = parseField(input.value, spec);
    const error = $(errorId);
    if (r.error) {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = `${input.closest('label').textContent.trim()}: ${r.error}`;
      error.hidden = false;
      return;
    }
    input.removeAttribute('aria-invalid');
    error.hidden = true;
    state[key] = r.value;
    after();
  });
}

function wireControls() {
  const fnSelect = $('function');
  for (const f of wasm.functions()) {
    const o = document.createElement('option');
    o.value = f.id;
    o.textContent = f.name;
    fnSelect.append(o);
  }
  fnSelect.value = state.functionId;
  fnSelect.addEventListener('change', () => {
    state.functionId = fnSelect.value;
    $('condition-label').hidden = state.functionId !== 'ill_conditioned_quadratic';
    showFunction();
    recompute();
  });
  bindNumber('condition', 'conditionNumber', { min: 1, max: 10000 }, 'toolbar-error', () => {
    map.setFunction(functionMeta(), state.conditionNumber);
    drawLegend();
    recompute();
  });
  bindNumber('steps', 'steps', { min: 1, max: 20000, kind: 'int' }, 'toolbar-error', () => {
    $('scrubber').max = String(state.steps);
    state.upto = state.steps;
    $('scrubber').value = String(state.steps);
    $('iteration').value = String(state.steps);
    redrawAll();
  });
  for (const [id, key, spec] of [
    ['dataset-size', 'datasetSize', { min: 1, max: 1e8, kind: 'int' }],
    ['batch-size', 'batchSize', { min: 1, max: 1e6, kind: 'int' }],
    ['epochs', 'epochs', { min: 1, max: 200, kind: 'int' }],
  ]) bindNumber(id, key, spec, 'epoch-error', () => { redrawLr(); redrawExplanation(); recompute(); });
  $('lr-log').addEventListener('change', (e) => { state.lrLog = e.target.checked; redrawLr(); });
  $('lr-step-size').addEventListener('change', (e) => { state.showStepSize = e.target.checked; redrawLr(); });
  $('zoom-in').addEventListener('click', () => map.zoom(1 / 1.4));
  $('zoom-out').addEventListener('click', () => map.zoom(1.4));
  $('zoom-reset').addEventListener('click', () => map.resetView());
  $('play').addEventListener('click', () => (state.playing ? pause() : play()));
  $('step').addEventListener('click', () => { pause(); setUpto(state.upto >= state.steps ? 0 : state.upto + 1); });
  $('reset').addEventListener('click', () => { pause(); setUpto(0); });
  $('scrubber').addEventListener('input', (e) => { pause(); setUpto(Number(e.target.value)); });
  $('add-config').addEventListener('click', () => addCard(optimizerConfig('adam', { learning_rate: 0.003 })));
  for (const id of ['calc-lr', 'calc-decay', 'calc-epochs', 'calc-n', 'calc-batch']) $(id).addEventListener('input', redrawCalculator);
}

/** Shows the selected function from its default start point. */
function showFunction() {
  const meta = functionMeta();
  state.start = [...meta.default_start];
  $('formula').textContent = `f(x, y) = ${meta.formula}`;
  map.setFunction(meta, state.conditionNumber);
  drawLegend();
}

function drawLegend() {
  const canvas = $('legend');
  const ctx = canvas.getContext('2d');
  const data = wasm.colormapStrip(canvas.width);
  const img = new ImageData(new Uint8ClampedArray(data), canvas.width, 1);
  const strip = document.createElement('canvas');
  strip.width = canvas.width;
  strip.height = 1;
  strip.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(strip, 0, 0, canvas.width, canvas.height);
  $('legend-lo').textContent = formatNumber(map.legend?.lo ?? 0);
  $('legend-hi').textContent = formatNumber(map.legend?.hi ?? 1);
}

/**
 * Hook for the sweep panel: replaces the first configuration card's optimizer (e.g. a sweep
 * cell's `{name, api, learning_rate, decay}`). Returns false when there is no card.
 */
export function loadIntoFirstCard(optimizer) {
  if (!cards[0]) return false;
  cards[0].load(optimizer);
  return true;
}

async function main() {
  let loaded;
  try {
    loaded = await loadWasm(chooseBuild());
  } catch (e) {
    showFatal(`Could not load the WebAssembly module: ${e.message}`);
    throw e;
  }
  wasm = loaded.wasm;
  const badge = $('build-badge');
  badge.textContent = `wasm ${loaded.build === 'simd128' ? 'simd128' : 'scalar'} build · v${loaded.info.version}`;
  document.body.dataset.build = loaded.build;
  document.body.dataset.simd128 = String(loaded.info.simd128);

  map = new MapView($('map'), {
    wasm,
    memory: loaded.memory,
    tooltip: $('map-tooltip'),
    onStart: (x, y) => {
      const t0 = performance.now();
      state.start = [x, y];
      recompute();
      // Read by bench/page-drag.mjs: recompute every path and redraw, per drag frame.
      performance.measure('drag-frame', { start: t0 });
    },
    onView: () => drawLegend(),
  });
  lrChart = new LineChart($('lr-chart'), { xLabel: 'iteration', readout: $('lr-readout') });
  lossChart = new LineChart($('loss-chart'), { xLabel: 'iteration', log: true, readout: $('loss-readout') });
  calculatorChart.chart = claimChart($('claim-chart'), $('claim-readout'));

  wireControls();
  for (const id of DEFAULT_SCENE) addCard(presetById(id).optimizer);
  showFunction();
  redrawAll();
  redrawCalculator();
  initSweep({
    build: loaded.build,
    scene: () => ({ ...state, minima: functionMeta().minima, view: map.view, optimizer: cards[0]?.config }),
    loadIntoFirstCard,
  });
  document.body.dataset.ready = 'true';
}

main();
