// The lr and loss charts (chart.js): the lr the core's lrSchedule gives for every shown
// configuration, what Keras logs, Adam's bias-corrected step size, epoch boundaries and the
// per-epoch table; the loss of every path.
import { LineChart, formatNumber, readableOn, themeColors } from '../chart.js';
import { el } from '../dom.js';
import { changed } from './state-sync.js';
import { bindNumber } from './controls.js';
import { downloadBytes, tfeventsName } from '../download.js';

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

/** Updates per epoch for the panel's dataset and batch size: Keras's count, from the core. */
export const stepsPerEpoch = (ctx) => ctx.wasm.runSummary({ name: 'sgd' }, { samples: ctx.state.datasetSize, batch_size: ctx.state.batchSize }).steps_per_epoch;

/** Epoch boundaries up to `totalSteps`, when there are few enough to draw. */
export function epochMarkers(ctx, totalSteps) {
  const spe = stepsPerEpoch(ctx);
  const markers = [];
  if (totalSteps / spe <= 60) for (let e = 1; e * spe <= totalSteps; e++) markers.push({ x: e * spe });
  return markers;
}

/** The loss of every computed path. */
export function drawLoss(ctx) {
  ctx.lossChart.setData(ctx.paths.map((p) => ({ label: p.label, color: p.color, y: p.loss })), { markers: epochMarkers(ctx, ctx.state.steps), xMax: ctx.state.steps });
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
    const s = ctx.wasm.lrSchedule(card.config, total, spe);
    // Earlier configurations are drawn wider, so identical curves (legacy decay and its
    // Keras 3 InverseTimeDecay twin) show both colours instead of one hiding the other.
    const width = 1.8 + 1.6 * (shown.length - 1 - i);
    series.push({ label: `${card.label} — lr used`, color: card.color, y: s.effective_lr, width });
    series.push({ label: 'logged lr', color: card.color, y: s.reported_lr, dash: [2, 3], width: 1.4 });
    if (state.showStepSize && s.step_size) series.push({ label: 'lr_t (bias-corrected)', color: card.color, y: s.step_size, dash: [7, 4], width: 1.2 });
    rows.push({ card, epochLr: s.epoch_effective_lr, epochReported: s.epoch_reported_lr });
  }
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
