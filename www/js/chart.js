// A small canvas line chart: linear or log y, several series (solid or dashed), vertical
// markers (epoch boundaries), an optional legend above the plot and a hover read-out. Own code instead of a charting
// library: the page needs only this, and it draws straight from typed arrays without copies.

/**
 * @typedef {object} Series
 * @property {string} label
 * @property {string} color
 * @property {ArrayLike<number>} y          values at x = 0, 1, 2, … (or at `x` when given); may be
 *                                          a getter (a view of wasm memory), read once per draw
 * @property {ArrayLike<number>} [x]
 * @property {number[]} [dash]              canvas line dash, e.g. [6, 4]
 * @property {number} [width]
 * @property {boolean} [stepped]            draw as a staircase (per-epoch values)
 * @property {boolean} [points]             draw dots (few values, e.g. per epoch)
 * @property {ArrayLike<number>} [hover]    what the hover readout shows instead of `y` (the raw
 *                                          values of a smoothed line)
 */

const PAD = { left: 62, right: 12, top: 10, bottom: 34 };
/** Legend entries (CSS px): the line sample's length, gaps, and a row's height. */
const LEGEND = { sample: 26, gap: 6, between: 16, row: 18 };

/**
 * Reads the colours in effect at `node` (custom properties inherit, also into a shadow root),
 * so charts follow `prefers-color-scheme` and the stylesheet of the tree they are drawn in.
 * @param {Element} [node]
 */
export function themeColors(node = document.documentElement) {
  const css = getComputedStyle(node);
  const get = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: get('--fg', '#1d232b'),
    muted: get('--muted', '#6b7480'),
    grid: get('--grid', 'rgba(120,130,140,0.25)'),
    bg: get('--chart-bg', '#ffffff'),
  };
}

/**
 * Calls `draw` whenever `prefers-color-scheme` changes (a system switching to dark mode at
 * dusk), so a canvas never keeps the other scheme's colours; stops once `canvas` has left
 * the document.
 */
export function redrawOnSchemeChange(canvas, draw) {
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  if (!query) return;
  const onChange = () => {
    if (canvas.isConnected) draw();
    else query.removeEventListener('change', onChange);
  };
  query.addEventListener('change', onChange);
}

/** Relative luminance of a `#rrggbb` colour (0 black … 1 white); NaN for other forms. */
function luminance(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return NaN;
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * A configuration's colour, darkened until it stands out from the chart background with the
 * 3:1 contrast WCAG asks of graphics (the palette is chosen for the map: its white or cyan would
 * vanish on a light chart). The hue stays, so a series still matches its card and its path.
 */
export function readableOn(color, background) {
  const bg = luminance(background);
  if (Number.isNaN(luminance(color)) || Number.isNaN(bg) || bg < 0.5) return color;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  for (let k = 1; k >= 0.3; k -= 0.1) {
    const c = `#${[r, g, b].map((v) => Math.round(v * k).toString(16).padStart(2, '0')).join('')}`;
    if ((bg + 0.05) / (luminance(c) + 0.05) >= 3) return c;
  }
  return '#555555';
}

/** Formats a number compactly for ticks and read-outs. */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  if (a >= 100) return v.toFixed(0);
  return Number(v.toPrecision(4)).toString();
}

/** "Nice" ticks for a linear axis. */
export function linearTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const step0 = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Powers of ten inside [min, max] (min > 0), thinned to at most ~6. */
export function logTicks(min, max) {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const every = Math.max(1, Math.ceil((hi - lo) / 6));
  // Within two decades, 2× and 5× marks keep the axis readable.
  const mantissas = hi - lo <= 2 ? [1, 2, 5] : [1];
  const ticks = [];
  for (let e = lo; e <= hi; e += every) {
    for (const m of mantissas) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001) ticks.push(v);
    }
  }
  return ticks.length ? ticks : [min, max];
}

export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{xLabel?: string, yLabel?: string, log?: boolean, integerX?: boolean, legend?: boolean, readout?: HTMLElement}} options
   *   `integerX` keeps only whole-number x ticks (epochs are counted, not measured); `legend`
   *   draws each series' line style and label in rows above the plot, never over the data.
   */
  constructor(canvas, options = {}) {
    this.canvas = canvas;
    this.options = { log: false, ...options };
    /** @type {Series[]} */
    this.series = [];
    /** @type {{x: number, label?: string}[]} */
    this.markers = [];
    this.hoverX = null;
    this.xMax = null;
    canvas.addEventListener('pointermove', (e) => this.#hover(e));
    canvas.addEventListener('pointerleave', () => {
      this.hoverX = null;
      this.draw();
    });
    redrawOnSchemeChange(canvas, () => this.draw());
  }

  /** Replaces the data and redraws. */
  setData(series, { markers = [], xMax = null } = {}) {
    this.series = series;
    this.markers = markers;
    this.xMax = xMax;
    this.draw();
  }

  setLog(log) {
    this.options.log = log;
    this.draw();
  }

  /** Resizes the backing store to the element's size times devicePixelRatio. */
  #fit() {
    const ratio = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    const w = Math.max(200, Math.round(rect.width * ratio));
    const h = Math.max(120, Math.round(rect.height * ratio));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    return ratio;
  }

  #extent() {
    let xMax = this.xMax ?? 1;
    let yMin = Infinity;
    let yMax = -Infinity;
    const log = this.options.log;
    for (const s of this.series) {
      // Read once per draw: `y` may be a getter that hands out a view of wasm memory.
      const ys = s.y;
      const n = ys.length;
      if (this.xMax == null) xMax = Math.max(xMax, s.x ? s.x[n - 1] ?? 1 : n - 1);
      for (let i = 0; i < n; i++) {
        const v = ys[i];
        if (!Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < yMin) yMin = v;
        if (v > yMax) yMax = v;
      }
    }
    if (!Number.isFinite(yMin)) {
      yMin = log ? 1e-3 : 0;
      yMax = 1;
    }
    if (log) {
      if (yMax / yMin < 10) {
        const mid = Math.sqrt(yMax * yMin);
        yMin = mid / 3.2;
        yMax = mid * 3.2;
      } else {
        yMin /= 1.3;
        yMax *= 1.3;
      }
    } else {
      const span = yMax - yMin || Math.abs(yMax) || 1;
      yMin -= span * 0.08;
      yMax += span * 0.08;
    }
    return { xMin: 0, xMax: Math.max(1, xMax), yMin, yMax };
  }

  draw() {
    const ratio = this.#fit();
    const { canvas } = this;
    const ctx = canvas.getContext('2d');
    const colors = themeColors(canvas);
    const W = canvas.width;
    const H = canvas.height;
    ctx.fillStyle = colors.bg;
    ctx.fillRect(0, 0, W, H);
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    const legendRows = this.options.legend ? this.#layoutLegend(ctx, ratio, W) : [];
    const pad = {
      l: PAD.left * ratio, r: PAD.right * ratio, t: (PAD.top + legendRows.length * LEGEND.row) * ratio, b: PAD.bottom * ratio,
    };
    const ext = this.#extent();
    this.extent = ext;
    const log = this.options.log;
    const ty = (v) => (log ? Math.log10(v) : v);
    const y0 = ty(ext.yMin);
    const y1 = ty(ext.yMax);
    const px = (x) => pad.l + ((x - ext.xMin) / (ext.xMax - ext.xMin)) * (W - pad.l - pad.r);
    const py = (v) => H - pad.b - ((ty(v) - y0) / (y1 - y0)) * (H - pad.t - pad.b);
    this.px = px;
    this.pad = pad;

    ctx.lineWidth = 1 * ratio;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of log ? logTicks(ext.yMin, ext.yMax) : linearTicks(ext.yMin, ext.yMax)) {
      const y = py(v);
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(W - pad.r, y);
      ctx.stroke();
      ctx.fillText(formatNumber(v), pad.l - 6 * ratio, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xTicks = linearTicks(ext.xMin, ext.xMax, 6);
    for (const v of this.options.integerX ? xTicks.filter(Number.isInteger) : xTicks) {
      // The last label would be cut by the canvas's right edge: it is pulled in to fit.
      const text = formatNumber(v);
      const x = Math.min(px(v), W - ctx.measureText(text).width / 2 - ratio);
      ctx.fillText(text, x, H - pad.b + 5 * ratio);
    }
    if (this.options.xLabel) ctx.fillText(this.options.xLabel, (pad.l + W - pad.r) / 2, H - 14 * ratio);

    ctx.save();
    ctx.beginPath();
    // A dot's radius of room around the plot: a point on its edge (the last epoch) stays whole.
    const room = 3 * ratio;
    ctx.rect(pad.l - room, pad.t - room, W - pad.l - pad.r + 2 * room, H - pad.t - pad.b + 2 * room);
    ctx.clip();
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    ctx.strokeStyle = colors.muted;
    for (const m of this.markers) {
      const x = px(m.x);
      ctx.beginPath();
      ctx.moveTo(x, pad.t);
      ctx.lineTo(x, H - pad.b);
      ctx.stroke();
    }
    for (const s of this.series) this.#drawSeries(ctx, s, px, py, ratio);
    ctx.restore();

    ctx.setLineDash([]);
    ctx.strokeStyle = colors.muted;
    ctx.strokeRect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b);
    if (legendRows.length) this.#drawLegend(ctx, legendRows, ratio, colors);
    if (this.hoverX != null) this.#drawHover(ctx, px, ratio, colors);
  }

  /**
   * Places the legend entries (one per labelled series) left to right in rows that fit the
   * canvas width. @returns {{series: Series, text: string, x: number, y: number}[][]} rows, in device pixels
   */
  #layoutLegend(ctx, ratio, W) {
    const rows = [];
    let row = [];
    let x = PAD.left * ratio;
    const room = W - (PAD.left + PAD.right + LEGEND.sample + LEGEND.gap) * ratio;
    for (const s of this.series) {
      if (!s.label) continue;
      // A label longer than a whole row (a phone's width) is shortened with an ellipsis.
      let text = s.label;
      while (text.length > 1 && ctx.measureText(text).width > room) text = `${text.slice(0, -2)}…`;
      const width = (LEGEND.sample + LEGEND.gap) * ratio + ctx.measureText(text).width;
      if (row.length && x + width > W - PAD.right * ratio) {
        rows.push(row);
        row = [];
        x = PAD.left * ratio;
      }
      row.push({ series: s, text, x });
      x += width + LEGEND.between * ratio;
    }
    if (row.length) rows.push(row);
    return rows.map((r, i) => r.map((e) => ({ ...e, y: (PAD.top / 2 + (i + 0.5) * LEGEND.row) * ratio })));
  }

  #drawLegend(ctx, rows, ratio, colors) {
    ctx.save();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const { series: s, text, x, y } of rows.flat()) {
      const color = readableOn(s.color, colors.bg);
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = (s.width ?? 1.8) * ratio;
      ctx.setLineDash((s.dash ?? []).map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + LEGEND.sample * ratio, y);
      ctx.stroke();
      if (s.points) {
        ctx.beginPath();
        ctx.arc(x + (LEGEND.sample / 2) * ratio, y, 2.5 * ratio, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.fillStyle = colors.fg;
      ctx.fillText(text, x + (LEGEND.sample + LEGEND.gap) * ratio, y);
    }
    ctx.restore();
  }

  #drawSeries(ctx, s, px, py, ratio) {
    const ys = s.y;
    const n = ys.length;
    if (!n) return;
    const color = readableOn(s.color, themeColors(this.canvas).bg);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = (s.width ?? 1.8) * ratio;
    ctx.setLineDash((s.dash ?? []).map((d) => d * ratio));
    const log = this.options.log;
    // Long series are drawn one point per device pixel column (min and max kept), so 100k
    // points cost what the canvas width costs.
    const stride = Math.max(1, Math.floor(n / (this.canvas.width * 2)));
    ctx.beginPath();
    let pen = false;
    let prevY = null;
    for (let i = 0; i < n; i += stride) {
      const v = ys[i];
      if (!Number.isFinite(v) || (log && v <= 0)) {
        pen = false;
        continue;
      }
      const x = px(s.x ? s.x[i] : i);
      const y = py(v);
      if (!pen) ctx.moveTo(x, y);
      else if (s.stepped) {
        ctx.lineTo(x, prevY);
        ctx.lineTo(x, y);
      } else ctx.lineTo(x, y);
      pen = true;
      prevY = y;
    }
    ctx.stroke();
    if (s.points) {
      for (let i = 0; i < n; i++) {
        const v = ys[i];
        if (!Number.isFinite(v) || (log && v <= 0)) continue;
        ctx.beginPath();
        ctx.arc(px(s.x ? s.x[i] : i), py(v), 2.5 * ratio, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }

  #hover(event) {
    if (!this.px || !this.extent) return;
    const rect = this.canvas.getBoundingClientRect();
    const ratio = this.canvas.width / rect.width;
    const x = (event.clientX - rect.left) * ratio;
    const { l, r } = this.pad;
    const t = (x - l) / (this.canvas.width - l - r);
    if (t < 0 || t > 1) return;
    this.hoverX = Math.round(this.extent.xMin + t * (this.extent.xMax - this.extent.xMin));
    this.draw();
  }

  #drawHover(ctx, px, ratio, colors) {
    const i = this.hoverX;
    const x = px(i);
    ctx.setLineDash([]);
    ctx.strokeStyle = colors.fg;
    ctx.lineWidth = ratio;
    ctx.beginPath();
    ctx.moveTo(x, this.pad.t);
    ctx.lineTo(x, this.canvas.height - this.pad.b);
    ctx.stroke();
    if (!this.options.readout) return;
    const parts = [`${this.options.xLabel ?? 'x'} ${i}`];
    for (const s of this.series) {
      let j = i;
      if (s.x) {
        j = -1;
        for (let k = 0; k < s.x.length && s.x[k] <= i; k++) j = k;
      }
      const values = s.hover ?? s.y;
      if (s.label && j >= 0 && j < values.length) parts.push(`${s.label}: ${formatNumber(values[j])}`);
    }
    this.options.readout.textContent = parts.join(' · ');
  }
}
