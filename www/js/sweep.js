// The sweep panel: final loss over a log-spaced learning_rate × decay grid, or the basins of
// the current map view (which minimum each start point reaches), computed in a module worker
// (www/js/sweep-worker.js) on the same wasm build as the page, with progress and cancel.
// Clicking a sweep cell loads its (learning_rate, decay) into the first configuration card.
import { loadWasm } from './wasm.js';
import { formatNumber, linearTicks, redrawOnSchemeChange, themeColors } from './chart.js';

const $ = (id) => document.getElementById(id);

/** The fixed sweep ranges (log10 of the grid's edges). */
export const LR_RANGE = { min: 1e-4, max: 1 };
export const DECAY_RANGE = { min: 1e-6, max: 1e-1 };

/** Sweep optimizer families (the ones with lane kernels), as Keras configurations. */
const FAMILIES = {
  adam: { name: 'adam', api: 'legacy' },
  sgd: { name: 'sgd', api: 'legacy' },
  'sgd-momentum': { name: 'sgd', api: 'legacy', momentum: 0.9 },
};

const PAD = { l: 62, r: 96, t: 12, b: 46 };

/** 3 significant digits: a cell spans several percent of its lr, so more would be noise. */
const round3 = (v) => Number(v.toPrecision(3));

const rgb = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * Wires the panel. `scene()` returns the path view's current state
 * `{functionId, conditionNumber, start, view, optimizer}` (optimizer: the first card's
 * configuration); `loadIntoFirstCard(optimizer)` replaces the first card's configuration.
 * @param {{build: string, scene: () => object, loadIntoFirstCard: (optimizer: object) => boolean}} deps
 */
export function initSweep({ build, scene, loadIntoFirstCard }) {
  const canvas = $('sweep-canvas');
  const panel = $('sweep');
  const ui = {
    mode: $('sweep-mode'),
    family: $('sweep-optimizer'),
    resolution: $('sweep-resolution'),
    steps: $('sweep-steps'),
    start: $('sweep-start'),
    cancel: $('sweep-cancel'),
    progress: $('sweep-progress'),
    status: $('sweep-status'),
    error: $('sweep-error'),
    readout: $('sweep-readout'),
  };
  /** What is on the canvas: the last progress/done message and the request that made it. */
  let shown = null;
  let request = null;
  let nextId = 0;
  let colors = null;
  let strip = null;

  const worker = new Worker(new URL('./sweep-worker.js', import.meta.url), { type: 'module' });
  // The worker loads the sweep's wasm module when the panel first opens: the first screen does
  // not share the network with it, and a visit that never opens the sweep never downloads it.
  const details = $('sweep-details');
  const init = () => {
    if (!details.open || details.dataset.worker) return;
    details.dataset.worker = 'started';
    worker.postMessage({ type: 'init', build });
  };
  details.addEventListener('toggle', init);
  init();
  // The page's own instance of the same build (already loaded by main.js) draws the legend.
  loadWasm(build).then(({ wasm }) => {
    strip = wasm.colormapStrip(256);
    draw();
  });

  const showError = (text) => {
    ui.error.textContent = text;
    ui.error.hidden = !text;
  };
  const setRunning = (running) => {
    ui.start.disabled = running || !colors;
    ui.cancel.disabled = !running;
    panel.dataset.state = running ? 'running' : shown?.type === 'done' ? 'done' : 'idle';
  };

  function requestFor() {
    const s = scene();
    const steps = Number(ui.steps.value);
    if (!Number.isInteger(steps) || steps < 1 || steps > 5000) throw new Error('Steps K: must be a whole number in [1, 5000]');
    const n = Number(ui.resolution.value);
    const base = {
      function: s.functionId,
      condition_number: s.functionId === 'ill_conditioned_quadratic' ? s.conditionNumber : undefined,
      steps,
    };
    if (ui.mode.value === 'basin') {
      const v = s.view;
      return {
        mode: 'basin',
        minima: s.minima,
        config: { ...base, view: { x_min: v.x_min, x_max: v.x_max, y_min: v.y_min, y_max: v.y_max }, width: n, height: n, optimizer: s.optimizer },
      };
    }
    return {
      mode: 'sweep',
      optimizer: FAMILIES[ui.family.value],
      config: {
        ...base,
        start: [...s.start],
        optimizer: FAMILIES[ui.family.value],
        learning_rate: { ...LR_RANGE, count: n },
        decay: { ...DECAY_RANGE, count: n },
      },
    };
  }

  ui.start.addEventListener('click', () => {
    showError('');
    try {
      request = { id: ++nextId, ...requestFor() };
    } catch (e) {
      showError(String(e.message));
      return;
    }
    worker.postMessage({ type: 'start', id: request.id, mode: request.mode, config: request.config });
    ui.progress.value = 0;
    ui.status.textContent = 'starting…';
    setRunning(true);
  });
  ui.cancel.addEventListener('click', () => {
    if (request) worker.postMessage({ type: 'cancel', id: request.id });
  });
  ui.family.closest('label').hidden = ui.mode.value === 'basin';
  ui.mode.addEventListener('change', () => {
    ui.family.closest('label').hidden = ui.mode.value === 'basin';
  });

  worker.onmessage = ({ data: m }) => {
    if (m.type === 'ready') {
      colors = m.colors;
      panel.dataset.build = m.build;
      setRunning(false);
      return;
    }
    if (m.type === 'error') {
      showError(m.message);
      if (!request || m.id === request.id || m.id == null) setRunning(false);
      return;
    }
    if (!request || m.id !== request.id) return;
    if (m.type === 'cancelled') {
      ui.status.textContent = `cancelled after ${m.rowsDone} rows`;
      panel.dataset.state = 'cancelled';
      ui.start.disabled = false;
      ui.cancel.disabled = true;
      return;
    }
    if (m.type === 'progress' || m.type === 'done') {
      shown = { ...m, request };
      ui.progress.value = m.progress;
      const what = m.mode === 'sweep' ? `${m.width} × ${m.height} configurations` : `${m.width} × ${m.height} start points`;
      const diverged = m.divergedCount ? `, ${m.divergedCount} diverged` : '';
      ui.status.textContent = m.type === 'done'
        ? `${what} × ${request.config.steps} steps in ${(m.elapsedMs / 1000).toFixed(2)} s (${panel.dataset.build})${diverged}`
        : `${m.rowsDone} / ${m.height} rows${diverged}`;
      if (m.type === 'done') panel.dataset.elapsedMs = String(Math.round(m.elapsedMs));
      setRunning(m.type !== 'done');
      draw();
    }
  };
  worker.onerror = (e) => {
    showError(`The sweep worker failed: ${e.message}`);
    setRunning(false);
  };

  /** Plot-area geometry in device pixels. */
  function geometry() {
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    canvas.width = Math.max(200, Math.round(rect.width * ratio));
    canvas.height = Math.max(160, Math.round(rect.height * ratio));
    const x = PAD.l * ratio;
    const y = PAD.t * ratio;
    return { ratio, x, y, w: canvas.width - x - PAD.r * ratio, h: canvas.height - y - PAD.b * ratio };
  }

  function draw() {
    const g = geometry();
    const ctx = canvas.getContext('2d');
    const theme = themeColors();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = `${11 * g.ratio}px system-ui, sans-serif`;
    ctx.fillStyle = theme.fg;
    ctx.strokeStyle = theme.muted;
    ctx.lineWidth = g.ratio;
    if (!shown) {
      ctx.textAlign = 'center';
      ctx.fillText('Press Start to compute a sweep.', g.x + g.w / 2, g.y + g.h / 2);
      return;
    }
    const { width, height, rgba } = shown;
    const img = document.createElement('canvas');
    img.width = width;
    img.height = height;
    img.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, g.x, g.y, g.w, g.h);
    ctx.strokeRect(g.x, g.y, g.w, g.h);
    if (shown.mode === 'sweep') drawSweepAxes(ctx, g, theme);
    else drawBasinAxes(ctx, g, theme);
  }

  function tick(ctx, g, px, py, label, vertical) {
    ctx.beginPath();
    if (vertical) {
      ctx.moveTo(px, g.y + g.h);
      ctx.lineTo(px, g.y + g.h + 5 * g.ratio);
      ctx.stroke();
      ctx.fillText(label, px, g.y + g.h + 7 * g.ratio);
    } else {
      ctx.moveTo(g.x - 5 * g.ratio, py);
      ctx.lineTo(g.x, py);
      ctx.stroke();
      ctx.fillText(label, g.x - 7 * g.ratio, py);
    }
  }

  function axisTitles(ctx, g, xTitle, yTitle) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xTitle, g.x + g.w / 2, canvas.height - 2 * g.ratio);
    ctx.save();
    ctx.translate(12 * g.ratio, g.y + g.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.fillText(yTitle, 0, -8 * g.ratio);
    ctx.restore();
  }

  function drawSweepAxes(ctx, g) {
    const [lx0, lx1] = [Math.log10(LR_RANGE.min), Math.log10(LR_RANGE.max)];
    const [ly0, ly1] = [Math.log10(DECAY_RANGE.min), Math.log10(DECAY_RANGE.max)];
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let e = Math.ceil(lx0); e <= lx1; e++) tick(ctx, g, g.x + ((e - lx0) / (lx1 - lx0)) * g.w, 0, `1e${e}`, true);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let e = Math.ceil(ly0); e <= ly1; e++) tick(ctx, g, 0, g.y + ((ly1 - e) / (ly1 - ly0)) * g.h, `1e${e}`, false);
    axisTitles(ctx, g, 'learning_rate (log scale)', 'decay (log scale)');
    // Colour bar: log-scaled final loss, low at the bottom; then the diverged swatch.
    const bx = g.x + g.w + 14 * g.ratio;
    const bw = 14 * g.ratio;
    const bh = g.h * 0.8;
    if (strip) {
      const s = document.createElement('canvas');
      s.width = 1;
      s.height = strip.length / 4;
      const data = new Uint8ClampedArray(strip.length);
      // Top row = highest colour.
      for (let i = 0; i < s.height; i++) data.set(strip.subarray((s.height - 1 - i) * 4, (s.height - i) * 4), i * 4);
      s.getContext('2d').putImageData(new ImageData(data, 1, s.height), 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(s, bx, g.y, bw, bh);
    }
    ctx.strokeRect(bx, g.y, bw, bh);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const { lo, hi } = shown.legend;
    ctx.fillText(formatNumber(hi), bx + bw + 4 * g.ratio, g.y + 5 * g.ratio);
    ctx.fillText(formatNumber(lo), bx + bw + 4 * g.ratio, g.y + bh - 5 * g.ratio);
    ctx.fillText('loss', bx + bw + 4 * g.ratio, g.y + bh / 2);
    if (colors) {
      const sy = g.y + bh + 10 * g.ratio;
      ctx.fillStyle = rgb(colors.diverged);
      ctx.fillRect(bx, sy, bw, bw);
      ctx.fillStyle = themeColors().fg;
      ctx.fillText('diverged', bx + bw + 4 * g.ratio, sy + bw / 2);
    }
  }

  function drawBasinAxes(ctx, g, theme) {
    const v = shown.request.config.view;
    const toX = (x) => g.x + ((x - v.x_min) / (v.x_max - v.x_min)) * g.w;
    const toY = (y) => g.y + ((v.y_max - y) / (v.y_max - v.y_min)) * g.h;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of linearTicks(v.x_min, v.x_max, 6)) tick(ctx, g, toX(t), 0, formatNumber(t), true);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of linearTicks(v.y_min, v.y_max, 5)) tick(ctx, g, 0, toY(t), formatNumber(t), false);
    axisTitles(ctx, g, 'start x', 'start y');
    const minima = shown.request.minima ?? [];
    const bx = g.x + g.w + 14 * g.ratio;
    const sw = 12 * g.ratio;
    ctx.textAlign = 'left';
    const entries = minima.map((m, i) => [colors.minima[i % colors.minima.length], `(${formatNumber(m.x)}, ${formatNumber(m.y)})`]);
    entries.push([colors.none, 'none'], [colors.basin_diverged, 'diverged']);
    entries.forEach(([c, label], i) => {
      const y = g.y + i * (sw + 8 * g.ratio);
      ctx.fillStyle = rgb(c);
      ctx.fillRect(bx, y, sw, sw);
      ctx.fillStyle = theme.fg;
      ctx.fillText(label, bx + sw + 4 * g.ratio, y + sw / 2);
    });
    minima.forEach((m, i) => {
      const px = toX(m.x);
      const py = toY(m.y);
      if (px < g.x || px > g.x + g.w || py < g.y || py > g.y + g.h) return;
      const r = 5 * g.ratio;
      ctx.lineWidth = 2 * g.ratio;
      ctx.strokeStyle = '#000';
      ctx.beginPath();
      ctx.moveTo(px - r, py - r);
      ctx.lineTo(px + r, py + r);
      ctx.moveTo(px + r, py - r);
      ctx.lineTo(px - r, py + r);
      ctx.stroke();
      ctx.lineWidth = 1;
      ctx.strokeStyle = rgb(colors.minima[i % colors.minima.length]);
      ctx.stroke();
    });
  }

  /** The cell under a pointer event, or null. */
  function cellAt(event) {
    if (!shown || shown.type !== 'done') return null;
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const x = (event.clientX - rect.left) * ratio;
    const y = (event.clientY - rect.top) * ratio;
    const g = { x: PAD.l * (window.devicePixelRatio || 1), y: PAD.t * (window.devicePixelRatio || 1) };
    g.w = canvas.width - g.x - PAD.r * (window.devicePixelRatio || 1);
    g.h = canvas.height - g.y - PAD.b * (window.devicePixelRatio || 1);
    const col = Math.floor(((x - g.x) / g.w) * shown.width);
    const row = Math.floor(((y - g.y) / g.h) * shown.height);
    if (col < 0 || row < 0 || col >= shown.width || row >= shown.height) return null;
    return { col, row, cell: row * shown.width + col };
  }

  function describe(hit) {
    const { col, row, cell } = hit;
    const d = shown.divergedAt[cell];
    const end = d !== 0xffffffff ? `diverged at iteration ${d}` : `final loss ${formatNumber(shown.loss[cell])}`;
    if (shown.mode === 'sweep') {
      return `learning_rate = ${formatNumber(shown.learningRates[col])}, decay = ${formatNumber(shown.decays[row])}: ${end}. Click to load it into the first configuration.`;
    }
    const v = shown.request.config.view;
    const x = v.x_min + ((col + 0.5) / shown.width) * (v.x_max - v.x_min);
    const y = v.y_max - ((row + 0.5) / shown.height) * (v.y_max - v.y_min);
    const m = shown.minimum[cell];
    const where = m === 255 ? 'no known minimum' : `minimum (${formatNumber(shown.request.minima[m].x)}, ${formatNumber(shown.request.minima[m].y)})`;
    return `start (${formatNumber(x)}, ${formatNumber(y)}) reaches ${where}; ${end}.`;
  }

  canvas.addEventListener('pointermove', (e) => {
    const hit = cellAt(e);
    if (hit) ui.readout.textContent = describe(hit);
  });
  canvas.addEventListener('click', (e) => {
    const hit = cellAt(e);
    if (!hit || shown.mode !== 'sweep') return;
    const optimizer = {
      ...shown.request.optimizer,
      learning_rate: round3(shown.learningRates[hit.col]),
      decay: round3(shown.decays[hit.row]),
    };
    if (loadIntoFirstCard(optimizer)) ui.readout.textContent = `Loaded learning_rate=${optimizer.learning_rate}, decay=${optimizer.decay} into the first configuration.`;
  });
  new ResizeObserver(() => draw()).observe(canvas);
  redrawOnSchemeChange(canvas, draw);
  draw();
}
