// The lr and loss charts (chart.js): the lr the core's LrTable gives for every shown
// configuration, what Keras logs, Adam's bias-corrected step size, epoch boundaries and the
// per-epoch table; the loss of every path.
import { LineChart, formatNumber, readableOn, themeColors } from '../chart.js';
import { el } from '../dom.js';
import { changed } from './state-sync.js';
import { bindNumber } from './controls.js';
import { downloadBytes, tfeventsName } from '../download.js';
import { WasmColumns, freeResultsOf } from '../wasm.js';

/** Creates the lr and loss charts; each redraws when its canvas changes size. */
export function createCharts(ctx) {
  const { $ } = ctx;
  ctx.lrChart = new LineChart($('lr-chart'), { xLabel: 'iteration', readout: $('lr-readout') });
  ctx.lossChart = new LineChart($('loss-chart'), { xLabel: 'iteration', log: true, readout: $('loss-readout') });
}

/** Redraws `chart` on the next frame after its canvas is resized (an iframe, a window). */
export function followSize(ctx, chart) {
  let pending = 0;
  const ro = new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => chart.draw());
  });
  ro.observe(chart.canvas);
  ctx.observers.push(ro);
}

/**
 * Updates per epoch for the panel's dataset and batch size: Keras's count, from the core, asked
 * once per dataset and batch size (every chart and the table of a redraw share it).
 */
export function stepsPerEpoch(ctx) {
  const { datasetSize, batchSize } = ctx.state;
  const kept = ctx.stepsPerEpoch;
  if (kept?.datasetSize !== datasetSize || kept?.batchSize !== batchSize) {
    const value = ctx.wasm.runSummary({ name: 'sgd' }, { samples: datasetSize, batch_size: batchSize }).steps_per_epoch;
    ctx.stepsPerEpoch = { datasetSize, batchSize, value };
  }
  return ctx.stepsPerEpoch.value;
}

/** Epoch boundaries up to `totalSteps`, when there are few enough to draw. */
export function epochMarkers(ctx, totalSteps) {
  const spe = stepsPerEpoch(ctx);
  const markers = [];
  if (totalSteps / spe <= 60) for (let e = 1; e * spe <= totalSteps; e++) markers.push({ x: e * spe });
  return markers;
}

/** The loss of every computed path. */
export function drawLoss(ctx) {
  // `y` is a getter: the path's loss is a view of wasm memory, asked for again at each draw.
  const series = ctx.paths.map((p) => ({ label: p.label, color: p.color, get y() { return p.loss; } }));
  ctx.lossChart.setData(series, { markers: epochMarkers(ctx, ctx.state.steps), xMax: ctx.state.steps });
}

/**
 * The card's lr table over `total` iterations: the kept one when it was made for this
 * configuration, length and epoch length, else a new one (the core's `LrTable`, in wasm
 * memory), replacing and freeing the kept one.
 * @returns {WasmColumns}
 */
function cardLrTable(ctx, card, total, spe) {
  const key = JSON.stringify([card.config, total, spe]);
  const kept = ctx.lrTables.get(card);
  if (kept?.key === key) return kept.columns;
  const owner = new ctx.wasm.LrTable(card.config, total, spe);
  let columns;
  try {
    columns = new WasmColumns(ctx.memory, owner, owner.columns());
  } catch (e) {
    owner.free();
    throw e;
  }
  kept?.columns.free();
  ctx.lrTables.set(card, { key, columns });
  return columns;
}

export function redrawLr(ctx) {
  const { state, $ } = ctx;
  const spe = stepsPerEpoch(ctx);
  const total = Math.max(state.steps, state.epochs * spe);
  $('steps-per-epoch').textContent = `ceil(${state.datasetSize} / ${state.batchSize}) = ${spe} updates per epoch`;
  const series = [];
  const rows = [];
  const shown = ctx.cards.filter((c) => c.visible);
  for (const [i, card] of shown.entries()) {
    const t = cardLrTable(ctx, card, total, spe);
    // Earlier configurations are drawn wider, so identical curves (legacy decay and its
    // Keras 3 InverseTimeDecay twin) show both colours instead of one hiding the other.
    const width = 1.8 + 1.6 * (shown.length - 1 - i);
    // Getters: each column is a view of wasm memory, asked for again whenever it is read.
    series.push({ label: `${card.label} — lr used`, color: card.color, get y() { return t.view('effective_lr'); }, width });
    series.push({ label: 'logged lr', color: card.color, get y() { return t.view('reported_lr'); }, dash: [2, 3], width: 1.4 });
    if (state.showStepSize && t.view('step_size')) series.push({ label: 'lr_t (bias-corrected)', color: card.color, get y() { return t.view('step_size'); }, dash: [7, 4], width: 1.2 });
    rows.push({ card, get epochLr() { return t.view('epoch_effective_lr'); }, get epochReported() { return t.view('epoch_reported_lr'); } });
  }
  freeResultsOf(ctx.lrTables, ctx.cards);
  ctx.lrChart.setLog(state.lrLog);
  ctx.lrChart.setData(series, { markers: epochMarkers(ctx, total), xMax: total });
  renderEpochTable(ctx, rows);
}

/**
 * The logged lr of every configuration in one cell: one number when all log the same, else each
 * value with the configurations (by number) that log it, e.g. `#1, #3: 0.003 · #2: 0.002182`.
 */
export function loggedCell(values) {
  const byValue = new Map();
  values.forEach((v, i) => byValue.set(v, [...(byValue.get(v) ?? []), `#${i + 1}`]));
  if (byValue.size <= 1) return values[0] ?? '';
  return [...byValue].map(([v, who]) => `${who.join(', ')}: ${v}`).join(' · ');
}

function renderEpochTable(ctx, rows) {
  const epochs = Math.min(ctx.state.epochs, rows[0]?.epochLr.length ?? 0);
  const head = el('tr', {}, el('th', { text: 'epoch (iteration at its start)' }));
  // Short headers (the configuration's number in the list, in its colour) keep the table narrow;
  // the full expression is there for screen readers and as a tooltip.
  for (const [i, { card }] of rows.entries()) {
    const th = el('th', { title: card.label }, `#${ctx.cards.indexOf(card) + 1}`, el('span', { class: 'visually-hidden', text: ` ${card.label}` }));
    th.style.setProperty('border-bottom', `3px solid ${readableOn(card.color, themeColors(ctx.root).bg)}`);
    th.dataset.column = String(i);
    head.append(th);
  }
  head.append(el('th', { text: 'what History / TensorBoard log' }));
  const body = [head];
  const spe = stepsPerEpoch(ctx);
  for (let e = 0; e < epochs; e++) {
    body.push(el('tr', {},
      el('td', { text: `${e + 1} (${e * spe})` }),
      rows.map((r) => el('td', { text: formatNumber(r.epochLr[e]) })),
      el('td', { text: loggedCell(rows.map((r) => formatNumber(r.epochReported[e]))) })));
  }
  ctx.$('epoch-table').replaceChildren(...body);
}

/** Wires the lr chart's toolbar (scale, step size, dataset, batch, epochs, table). */
export function wireCharts(ctx) {
  const { $, hooks } = ctx;
  for (const [name, key, spec] of [
    ['dataset-size', 'datasetSize', { min: 1, max: 1e8, kind: 'int' }],
    ['batch-size', 'batchSize', { min: 1, max: 1e6, kind: 'int' }],
    ['epochs', 'epochs', { min: 1, max: 200, kind: 'int' }],
  ]) bindNumber(ctx, name, key, spec, 'epoch-error', () => { redrawLr(ctx); hooks.redrawExplanation(); hooks.recompute(); });
  $('lr-log').addEventListener('change', (e) => { ctx.state.lrLog = e.target.checked; redrawLr(ctx); changed(ctx); });
  $('lr-step-size').addEventListener('change', (e) => { ctx.state.showStepSize = e.target.checked; redrawLr(ctx); changed(ctx); });
  $('epoch-details').addEventListener('toggle', () => { ctx.state.tableOpen = $('epoch-details').open; changed(ctx); });
  $('tensorboard-download').addEventListener('click', () => downloadTensorboardLog(ctx));
}

/**
 * Every shown configuration's run as one TensorBoard event file written by the core: one tag
 * group per configuration (`1 Adam(…)/loss`, `/lr_effective`, `/lr`).
 */
function downloadTensorboardLog(ctx) {
  const { state } = ctx;
  const runs = ctx.cards.filter((c) => c.visible).map((card, i) => ({
    name: `${i + 1} ${card.label}`,
    config: {
      function: state.functionId,
      condition_number: state.functionId === 'ill_conditioned_quadratic' ? state.conditionNumber : undefined,
      start: state.start,
      optimizer: card.config,
      steps: state.steps,
    },
  }));
  const status = ctx.$('tensorboard-status');
  if (!runs.length) {
    status.textContent = 'Show a configuration first.';
    return;
  }
  const wallTime = Date.now() / 1000;
  try {
    const bytes = ctx.wasm.trajectoriesTensorboardLog(runs, wallTime);
    downloadBytes(bytes, tfeventsName(wallTime));
    status.textContent = `${runs.length} configuration${runs.length > 1 ? 's' : ''}, ${state.steps} updates each (${formatNumber(bytes.length / 1e6)} MB).`;
  } catch (e) {
    status.textContent = String(e?.message ?? e);
  }
}
