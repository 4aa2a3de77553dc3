// The contour map: heatmap and contour lines computed in wasm and read from a view of wasm
// memory, axes, the known minima, every configuration's step path, and the pointer/keyboard
// interaction (set the start point, zoom, pan, hover read-out).
import { formatNumber, linearTicks, themeColors } from './chart.js';
import { roundSig } from './state.js';

const HOVER_RADIUS_CSS = 9;

/**
 * @typedef {object} PathData  (the playground's columns are getters handing out views of wasm
 *   memory, valid until the next wasm call: read each once per draw, never keep one)
 * @property {string} color
 * @property {string} label
 * @property {Float32Array} x  parameters after each update (x[0] is the start point)
 * @property {Float32Array} y
 * @property {Float32Array} loss
 * @property {Float32Array} effectiveLr  lr used by update i (i = 0 … steps-1)
 * @property {number | null} divergedAt  first iteration whose result was not finite
 */

const roundView = (v) => ({ x_min: roundSig(v.x_min), x_max: roundSig(v.x_max), y_min: roundSig(v.y_min), y_max: roundSig(v.y_max) });

export class MapView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {object} deps
   * @param {any} deps.wasm           the wasm-bindgen module
   * @param {WebAssembly.Memory} deps.memory
   * @param {HTMLElement} deps.tooltip
   * @param {(x: number, y: number) => void} deps.onStart   start point moved (drag: every frame)
   * @param {(view: object) => void} [deps.onView]          zoom/pan changed
   */
  constructor(canvas, { wasm, memory, tooltip, onStart, onView }) {
    this.canvas = canvas;
    this.memory = memory;
    this.grid = new wasm.MapGrid();
    this.tooltip = tooltip;
    this.onStart = onStart;
    this.onView = onView ?? (() => {});
    /** @type {PathData[]} */
    this.paths = [];
    this.upto = Infinity;
    this.start = [0, 0];
    this.heat = document.createElement('canvas');
    /** When true, the pointer and keys cannot move the start point or the view (locked embeds). */
    this.locked = false;
    this.#listen();
    this.resizeObserver = new ResizeObserver(() => this.refresh());
    this.resizeObserver.observe(canvas);
  }

  /** Stops observing the canvas and frees the wasm grid. */
  destroy() {
    this.resizeObserver.disconnect();
    this.grid.free();
    this.grid = null;
    this.fn = null;
  }

  /** Shows `fn` (metadata from wasm `functions()`), resetting the view to its domain. */
  setFunction(fn, conditionNumber, view = null) {
    this.fn = fn;
    this.conditionNumber = conditionNumber;
    this.view = roundView(view ?? fn.domain);
    this.refresh();
  }

  /**
   * Shows `view`, rounded to 7 significant digits: what a shared link stores, so a restored
   * link draws exactly the same picture.
   * @param {{x_min: number, x_max: number, y_min: number, y_max: number}} view
   */
  setView(view) {
    this.view = roundView(view);
    this.refresh();
    this.onView(this.view);
  }

  setStart(x, y) {
    this.start = [x, y];
  }

  /** @param {PathData[]} paths @param {number} upto last iteration to draw */
  setPaths(paths, upto) {
    this.paths = paths;
    this.upto = upto;
    this.draw();
  }

  zoom(factor, cx, cy) {
    const v = this.view;
    const x = cx ?? (v.x_min + v.x_max) / 2;
    const y = cy ?? (v.y_min + v.y_max) / 2;
    this.setView({
      x_min: x - (x - v.x_min) * factor,
      x_max: x + (v.x_max - x) * factor,
      y_min: y - (y - v.y_min) * factor,
      y_max: y + (v.y_max - y) * factor,
    });
  }

  resetView() {
    this.setView(this.fn.domain);
  }

  /** Recomputes the grid in wasm for the current size and view, then redraws. */
  refresh() {
    if (!this.fn || !this.view || !this.grid) return;
    const ratio = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    this.canvas.width = Math.max(100, Math.round(rect.width * ratio));
    this.canvas.height = Math.max(75, Math.round(rect.height * ratio));
    // Half the device pixels is plenty for a smooth heatmap and keeps recomputing cheap.
    const gw = Math.min(480, Math.max(64, Math.round(this.canvas.width / 2)));
    const gh = Math.max(48, Math.round((gw * this.canvas.height) / this.canvas.width));
    const v = this.view;
    this.grid.compute(this.fn.id, this.conditionNumber, v.x_min, v.x_max, v.y_min, v.y_max, gw, gh, 14);
    this.#cacheHeatmap(gw, gh);
    this.draw();
  }

  #cacheHeatmap(gw, gh) {
    // Views of wasm memory are made right after the call that filled it: any later allocation
    // may grow the memory and detach them.
    const rgba = new Uint8ClampedArray(this.memory.buffer, this.grid.rgbaPtr(), gw * gh * 4);
    this.heat.width = gw;
    this.heat.height = gh;
    this.heat.getContext('2d').putImageData(new ImageData(rgba, gw, gh), 0, 0);
    const seg = new Float32Array(this.memory.buffer, this.grid.segmentsPtr(), this.grid.segmentsLen());
    // Grid coordinates (cell centres) to canvas pixels.
    const sx = this.canvas.width / gw;
    const sy = this.canvas.height / gh;
    const path = new Path2D();
    for (let i = 0; i < seg.length; i += 4) {
      path.moveTo((seg[i] + 0.5) * sx, (seg[i + 1] + 0.5) * sy);
      path.lineTo((seg[i + 2] + 0.5) * sx, (seg[i + 3] + 0.5) * sy);
    }
    this.contours = path;
    this.legend = { lo: this.grid.legendValue(0), hi: this.grid.legendValue(1) };
  }

  /** World → canvas pixels. */
  toPx(x, y) {
    const v = this.view;
    return [
      ((x - v.x_min) / (v.x_max - v.x_min)) * this.canvas.width,
      ((v.y_max - y) / (v.y_max - v.y_min)) * this.canvas.height,
    ];
  }

  /** Client (CSS) coordinates → world. */
  toWorld(clientX, clientY) {
    const rect = this.canvas.getBoundingClientRect();
    const v = this.view;
    const tx = (clientX - rect.left) / rect.width;
    const ty = (clientY - rect.top) / rect.height;
    return [v.x_min + tx * (v.x_max - v.x_min), v.y_max - ty * (v.y_max - v.y_min)];
  }

  draw() {
    if (!this.contours) return;
    const { canvas } = this;
    const ctx = canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.heat, 0, 0, canvas.width, canvas.height);
    ctx.lineWidth = 0.8 * ratio;
    ctx.strokeStyle = 'rgba(255,255,255,0.35)';
    ctx.stroke(this.contours);
    this.#drawAxes(ctx, ratio);
    this.#drawMinima(ctx, ratio);
    // Earlier paths are drawn wider, so paths that coincide (legacy decay and its Keras 3
    // InverseTimeDecay twin) show as one line with both colours instead of hiding each other.
    const n = this.paths.length;
    const marks = [];
    this.paths.forEach((p, i) => {
      if (this.#drawPath(ctx, p, ratio, 1.6 + 1.4 * (n - 1 - i))) marks.push(`${p.label} at iteration ${p.divergedAt}`);
    });
    this.#drawStart(ctx, ratio);
    // What the ✕ marks say, for assistive technology (and tests): the canvas text is pixels.
    const described = marks.length ? `Diverged: ${marks.join('; ')}.` : '';
    if (this.canvas.dataset.diverged !== described) {
      this.canvas.dataset.diverged = described;
      if (described) this.canvas.setAttribute('aria-description', described);
      else this.canvas.removeAttribute('aria-description');
    }
  }

  #drawAxes(ctx, ratio) {
    const v = this.view;
    const colors = themeColors(this.canvas);
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.lineWidth = ratio;
    ctx.lineJoin = 'round';
    // White tick labels with a dark halo: readable on the colormap's bright yellow as on its
    // dark purple, in either colour scheme.
    const label = (text, x, y) => {
      ctx.strokeStyle = 'rgba(0,0,0,0.7)';
      ctx.lineWidth = 3 * ratio;
      ctx.strokeText(text, x, y);
      ctx.fillStyle = 'rgba(255,255,255,0.95)';
      ctx.fillText(text, x, y);
    };
    const tick = (x0, y0, x1, y1) => {
      ctx.strokeStyle = 'rgba(255,255,255,0.5)';
      ctx.lineWidth = ratio;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    };
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'center';
    for (const t of linearTicks(v.x_min, v.x_max, 6)) {
      const [px] = this.toPx(t, 0);
      tick(px, this.canvas.height, px, this.canvas.height - 6 * ratio);
      label(formatNumber(t), px, this.canvas.height - 7 * ratio);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const t of linearTicks(v.y_min, v.y_max, 5)) {
      const [, py] = this.toPx(0, t);
      tick(0, py, 6 * ratio, py);
      label(formatNumber(t), 8 * ratio, py);
    }
    ctx.fillStyle = colors.fg;
  }

  #drawMinima(ctx, ratio) {
    for (const m of this.fn.minima) {
      const [px, py] = this.toPx(m.x, m.y);
      const r = 6 * ratio;
      ctx.lineWidth = 2 * ratio;
      ctx.strokeStyle = '#ffffff';
      ctx.beginPath();
      ctx.moveTo(px - r, py - r);
      ctx.lineTo(px + r, py + r);
      ctx.moveTo(px + r, py - r);
      ctx.lineTo(px - r, py + r);
      ctx.stroke();
    }
  }

  /** Draws one path up to the scrubber; returns true when it drew a divergence mark. */
  #drawPath(ctx, p, ratio, width) {
    // Read once per draw: a path's columns may be getters handing out views of wasm memory.
    const xs = p.x;
    const ys = p.y;
    const n = Math.min(xs.length, Number.isFinite(this.upto) ? this.upto + 1 : xs.length);
    if (n < 1) return false;
    ctx.lineWidth = width * ratio;
    ctx.strokeStyle = p.color;
    ctx.setLineDash([]);
    ctx.beginPath();
    let [px, py] = this.toPx(xs[0], ys[0]);
    ctx.moveTo(px, py);
    // Consecutive points closer than half a device pixel add nothing to the picture.
    let lastX = px;
    let lastY = py;
    for (let i = 1; i < n; i++) {
      [px, py] = this.toPx(xs[i], ys[i]);
      if (Math.abs(px - lastX) + Math.abs(py - lastY) < 0.5 && i < n - 1) continue;
      ctx.lineTo(px, py);
      lastX = px;
      lastY = py;
    }
    ctx.stroke();
    ctx.fillStyle = p.color;
    ctx.beginPath();
    ctx.arc(px, py, (2.5 + width) * ratio, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.2 * ratio;
    ctx.stroke();
    if (p.divergedAt != null && p.divergedAt <= n) {
      // Mark where the run left the finite numbers: its last finite point.
      ctx.font = `bold ${12 * ratio}px system-ui, sans-serif`;
      ctx.fillStyle = p.color;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      const [dx, dy] = this.toPx(xs[xs.length - 1], ys[ys.length - 1]);
      ctx.fillText(`✕ diverged at iteration ${p.divergedAt}`, Math.min(dx + 6 * ratio, this.canvas.width - 190 * ratio), Math.max(dy - 4 * ratio, 16 * ratio));
      return true;
    }
    return false;
  }

  #drawStart(ctx, ratio) {
    const [px, py] = this.toPx(this.start[0], this.start[1]);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    ctx.arc(px, py, 5 * ratio, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }

  /** The nearest drawn path point within a few pixels of the pointer, if any. */
  pick(clientX, clientY) {
    const rect = this.canvas.getBoundingClientRect();
    const scale = this.canvas.width / rect.width;
    const cx = (clientX - rect.left) * scale;
    const cy = (clientY - rect.top) * scale;
    let best = null;
    let bestD = (HOVER_RADIUS_CSS * scale) ** 2;
    for (const p of this.paths) {
      const xs = p.x;
      const ys = p.y;
      const n = Math.min(xs.length, Number.isFinite(this.upto) ? this.upto + 1 : xs.length);
      for (let i = 0; i < n; i++) {
        const [px, py] = this.toPx(xs[i], ys[i]);
        const d = (px - cx) ** 2 + (py - cy) ** 2;
        if (d < bestD) {
          bestD = d;
          best = { path: p, i };
        }
      }
    }
    return best;
  }

  #showTooltip(event) {
    const hit = this.pick(event.clientX, event.clientY);
    if (!hit) {
      this.tooltip.hidden = true;
      return;
    }
    const { path, i } = hit;
    // Point i is the state after i updates; update i-1 produced it, with lr effectiveLr[i-1].
    const lr = i > 0 ? formatNumber(path.effectiveLr[i - 1]) : '—';
    this.tooltip.textContent =
      `${path.label}\niteration ${i}\nx = ${formatNumber(path.x[i])}, y = ${formatNumber(path.y[i])}\n` +
      `loss = ${formatNumber(path.loss[i])}\neffective lr of the update that got here = ${lr}`;
    const rect = this.canvas.getBoundingClientRect();
    this.tooltip.style.left = `${Math.min(event.clientX - rect.left + 12, rect.width - 220)}px`;
    this.tooltip.style.top = `${event.clientY - rect.top + 12}px`;
    this.tooltip.hidden = false;
  }

  #listen() {
    const c = this.canvas;
    let mode = null;
    let panFrom = null;
    let pending = null;
    const flush = () => {
      if (pending) this.onStart(...pending);
      pending = null;
    };
    c.addEventListener('pointerdown', (e) => {
      if (this.locked) return;
      c.setPointerCapture(e.pointerId);
      if (e.shiftKey || e.button === 1) {
        mode = 'pan';
        panFrom = { x: e.clientX, y: e.clientY, view: { ...this.view } };
      } else {
        mode = 'start';
        this.onStart(...this.toWorld(e.clientX, e.clientY));
      }
    });
    c.addEventListener('pointermove', (e) => {
      if (mode === 'start') {
        // Coalesce to one recompute per animation frame however fast events come.
        if (!pending) requestAnimationFrame(flush);
        pending = this.toWorld(e.clientX, e.clientY);
      } else if (mode === 'pan') {
        const rect = c.getBoundingClientRect();
        const v = panFrom.view;
        const dx = ((e.clientX - panFrom.x) / rect.width) * (v.x_max - v.x_min);
        const dy = ((e.clientY - panFrom.y) / rect.height) * (v.y_max - v.y_min);
        this.setView({ x_min: v.x_min - dx, x_max: v.x_max - dx, y_min: v.y_min + dy, y_max: v.y_max + dy });
      } else {
        this.#showTooltip(e);
      }
    });
    const end = () => {
      mode = null;
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('pointerleave', () => {
      this.tooltip.hidden = true;
    });
    c.addEventListener(
      'wheel',
      (e) => {
        if (this.locked) return;
        e.preventDefault();
        const [x, y] = this.toWorld(e.clientX, e.clientY);
        this.zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, x, y);
      },
      { passive: false },
    );
    c.addEventListener('keydown', (e) => {
      if (this.locked) return;
      const v = this.view;
      const dx = (v.x_max - v.x_min) * 0.02;
      const dy = (v.y_max - v.y_min) * 0.02;
      const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
      if (moves[e.key]) {
        e.preventDefault();
        this.onStart(this.start[0] + moves[e.key][0], this.start[1] + moves[e.key][1]);
      } else if (e.key === '+' || e.key === '=') this.zoom(1 / 1.25);
      else if (e.key === '-') this.zoom(1.25);
    });
  }
}
