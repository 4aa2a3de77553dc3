// The step-paths panel: the contour map (map.js) with every shown configuration's path from the
// core's TrajectoryRun, its legend, the function toolbar, and the transport (play, step,
// scrubber) that moves the iteration shown.
import { MapView } from '../map.js';
import { formatNumber } from '../chart.js';
import { el } from '../dom.js';
import { MAX_STEPS, roundSig } from '../state.js';
import { changed, functionMeta } from './state-sync.js';
import { bindNumber } from './controls.js';
import { WasmColumns, freeResultsOf } from '../wasm.js';

/** `drag-frame` measures kept on the performance timeline before it is cleared (bench/soak.mjs). */
const MAX_DRAG_MEASURES = 1000;
let dragMeasures = 0;

/** Creates the MapView on the instance's canvas. */
export function createMap(ctx, memory) {
  const { $ } = ctx;
  ctx.map = new MapView($('map'), {
    wasm: ctx.wasm,
    memory,
    tooltip: $('map-tooltip'),
    onStart: (x, y) => {
      const t0 = performance.now();
      ctx.state.start = [roundSig(x), roundSig(y)];
      recompute(ctx);
      ctx.hooks.redrawCode();
      changed(ctx);
      // Read by bench/page-drag.mjs: recompute every path and redraw, per drag frame. The
      // timeline keeps measures until cleared, so a long session keeps only the latest ones.
      performance.measure('drag-frame', { start: t0 });
      if (++dragMeasures >= MAX_DRAG_MEASURES) {
        performance.clearMeasures('drag-frame');
        dragMeasures = 0;
      }
    },
    onView: (view) => {
      const d = functionMeta(ctx).domain;
      ctx.state.view = ['x_min', 'x_max', 'y_min', 'y_max'].every((k) => view[k] === roundSig(d[k])) ? null : { ...view };
      drawLegend(ctx);
      changed(ctx);
    },
  });
}

/**
 * Runs every shown configuration through the core and redraws the paths and the loss chart. A
 * card's run is kept (in wasm memory, `TrajectoryRun`) with the scene and configuration it ran:
 * only a card whose configuration changed, or every card when the function, start point or
 * number of steps changed, runs again; the run it replaces is freed.
 */
export function recompute(ctx) {
  const { state } = ctx;
  const scene = {
    function: state.functionId,
    condition_number: state.functionId === 'ill_conditioned_quadratic' ? state.conditionNumber : undefined,
    start: state.start,
    steps: state.steps,
  };
  ctx.paths = [];
  for (const card of ctx.cards) {
    if (!card.visible) continue;
    const run = cardRun(ctx, card, scene);
    if (run.error) {
      card.setStatus(run.error, true);
      continue;
    }
    const { columns, divergedAt } = run;
    // Getters, not arrays: a view of wasm memory is valid only until the next wasm call, so
    // every reader asks the run's columns again (WasmColumns re-creates detached views).
    const path = {
      color: card.color,
      label: card.label,
      divergedAt,
      get x() { return columns.view('x'); },
      get y() { return columns.view('y'); },
      get loss() { return columns.view('loss'); },
      get effectiveLr() { return columns.view('effective_lr'); },
    };
    ctx.paths.push(path);
    card.setWarning(run.warnings.join(' ') || null);
    if (divergedAt != null) {
      card.setStatus(`Diverged at iteration ${divergedAt}: the next value was not finite. Shown up to its last finite point.`, true);
    } else {
      const [x, y, loss] = [path.x, path.y, path.loss];
      const last = x.length - 1;
      card.setStatus(`after ${last} updates: loss ${formatNumber(loss[last])} at (${formatNumber(x[last])}, ${formatNumber(y[last])})`);
    }
  }
  freeResultsOf(ctx.runs, ctx.cards);
  ctx.map.setStart(...state.start);
  ctx.map.setPaths(ctx.paths, state.upto);
  ctx.hooks.drawLoss();
}

/**
 * The card's run in `scene`: the kept one when it ran this scene and configuration, else a new
 * one (the core's `TrajectoryRun`), replacing and freeing the kept one.
 * @returns {{error: string} | {columns: WasmColumns, divergedAt: number | null, warnings: string[]}}
 */
function cardRun(ctx, card, scene) {
  const key = JSON.stringify([scene, card.config]);
  const kept = ctx.runs.get(card);
  if (kept?.key === key) return kept;
  let run;
  try {
    const owner = new ctx.wasm.TrajectoryRun({ ...scene, optimizer: card.config });
    let layout;
    try {
      layout = owner.columns();
    } catch (e) {
      owner.free();
      throw e;
    }
    run = { key, columns: new WasmColumns(ctx.memory, owner, layout), divergedAt: layout.diverged_at ?? null, warnings: layout.warnings };
  } catch (e) {
    run = { key, error: String(e?.message ?? e) };
  }
  kept?.columns?.free();
  ctx.runs.set(card, run);
  return run;
}

/** Shows the state's function: formula, condition-number input, map and legend. */
export function showFunction(ctx) {
  const meta = functionMeta(ctx);
  ctx.$('formula').textContent = `f(x, y) = ${meta.formula}`;
  ctx.$('condition-label').hidden = ctx.state.functionId !== 'ill_conditioned_quadratic';
  ctx.map.setFunction(meta, ctx.state.conditionNumber, ctx.state.view);
  drawLegend(ctx);
}

/** The colour strip under the map, from the core's colormap, with the view's value range. */
export function drawLegend(ctx) {
  const { $ } = ctx;
  const canvas = $('legend');
  const c2d = canvas.getContext('2d');
  const data = ctx.wasm.colormapStrip(canvas.width);
  const strip = document.createElement('canvas');
  strip.width = canvas.width;
  strip.height = 1;
  strip.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(data), canvas.width, 1), 0, 0);
  c2d.imageSmoothingEnabled = false;
  c2d.drawImage(strip, 0, 0, canvas.width, canvas.height);
  $('legend-lo').textContent = formatNumber(ctx.map.legend?.lo ?? 0);
  $('legend-hi').textContent = formatNumber(ctx.map.legend?.hi ?? 1);
}

/** Shows the paths up to iteration `i`; emits `step` unless quiet. */
export function setUpto(ctx, i, { quiet = false } = {}) {
  const { state, $ } = ctx;
  state.upto = Math.max(0, Math.min(state.steps, Math.round(i)));
  $('scrubber').value = String(state.upto);
  $('iteration').value = String(state.upto);
  ctx.map.setPaths(ctx.paths, state.upto);
  if (!quiet) {
    ctx.emit('step', { iteration: state.upto, steps: state.steps });
    changed(ctx);
  }
}

export function play(ctx) {
  if (ctx.playing || ctx.destroyed) return;
  ctx.playing = true;
  ctx.$('play').textContent = 'Pause';
  if (ctx.state.upto >= ctx.state.steps) setUpto(ctx, 0);
  const perFrame = Math.max(1, Math.round(ctx.state.steps / 240));
  const tick = () => {
    if (!ctx.playing || ctx.destroyed) return;
    setUpto(ctx, ctx.state.upto + perFrame);
    if (ctx.state.upto >= ctx.state.steps) pause(ctx);
    else ctx.frame = requestAnimationFrame(tick);
  };
  ctx.frame = requestAnimationFrame(tick);
}

export function pause(ctx) {
  ctx.playing = false;
  cancelAnimationFrame(ctx.frame);
  ctx.$('play').textContent = 'Play';
}

export function step(ctx) {
  pause(ctx);
  setUpto(ctx, ctx.state.upto >= ctx.state.steps ? 0 : ctx.state.upto + 1);
}

export function setSteps(ctx, steps) {
  ctx.state.steps = steps;
  ctx.$('scrubber').max = String(steps);
}

/** Wires the function toolbar, zoom buttons and transport. */
export function wireMapPanel(ctx) {
  const { $, hooks } = ctx;
  const fnSelect = $('function');
  fnSelect.replaceChildren(...ctx.functions.map((f) => el('option', { value: f.id, text: f.name })));
  fnSelect.addEventListener('change', () => {
    ctx.state.functionId = fnSelect.value;
    ctx.state.start = [...functionMeta(ctx).default_start];
    ctx.state.view = null;
    showFunction(ctx);
    recompute(ctx);
    hooks.redrawCode();
    changed(ctx);
  });
  bindNumber(ctx, 'condition', 'conditionNumber', { min: 1, max: 10000 }, 'toolbar-error', () => {
    ctx.map.setFunction(functionMeta(ctx), ctx.state.conditionNumber, ctx.map.view);
    drawLegend(ctx);
    recompute(ctx);
    hooks.redrawCode();
  });
  bindNumber(ctx, 'steps', 'steps', { min: 1, max: MAX_STEPS, kind: 'int' }, 'toolbar-error', () => {
    setSteps(ctx, ctx.state.steps);
    ctx.state.upto = ctx.state.steps;
    setUpto(ctx, ctx.state.steps, { quiet: true });
    hooks.redrawAll();
  });
  $('zoom-in').addEventListener('click', () => ctx.map.zoom(1 / 1.4));
  $('zoom-out').addEventListener('click', () => ctx.map.zoom(1.4));
  $('zoom-reset').addEventListener('click', () => ctx.map.resetView());
  $('play').addEventListener('click', () => (ctx.playing ? pause(ctx) : play(ctx)));
  $('step').addEventListener('click', () => step(ctx));
  $('reset').addEventListener('click', () => { pause(ctx); setUpto(ctx, 0); });
  $('scrubber').addEventListener('input', (e) => { pause(ctx); setUpto(ctx, Number(e.target.value)); });
}
