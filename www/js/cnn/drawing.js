// "Draw a digit": a drawing area whose ink is turned into an MNIST-like 28×28 digit and sent to
// the training worker, and the class probabilities it answers with.
import { el } from '../dom.js';
import { SIDE, drawGray } from './pictures.js';

const $ = (id) => document.getElementById(id);

const drawing = { active: false, last: null, pending: false, dirty: false, id: 0, sample: 0 };
let hooks = { client: () => null, gridImages: () => null };

/** The worker went away: a prediction still on its way will never come. */
export function forgetPending() {
  drawing.pending = false;
}

export function clearDrawing() {
  const canvas = $('draw');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  $('draw-small').getContext('2d').clearRect(0, 0, SIDE, SIDE);
  showProbabilities(null);
  $('draw-readout').textContent = 'Draw a digit first.';
  delete document.body.dataset.predicted;
  // A prediction still on its way is for the old drawing: onPrediction drops it by id.
  drawing.id++;
  drawing.pending = false;
  drawing.dirty = false;
}

function canvasPoint(canvas, e) {
  const r = canvas.getBoundingClientRect();
  return [((e.clientX - r.left) / r.width) * canvas.width, ((e.clientY - r.top) / r.height) * canvas.height];
}

function strokeTo(canvas, from, to) {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = canvas.width / 12;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(...from);
  ctx.lineTo(...to);
  ctx.stroke();
}

/**
 * The drawing as MNIST would have it: the ink's bounding box scaled into a 20×20 box
 * (aspect kept), placed in 28×28, then shifted so that its centre of mass is the centre.
 * @returns {Float32Array | null} 784 values in [0, 1], or null when nothing is drawn
 */
export function drawingToMnist(canvas) {
  const { width, height } = canvas;
  const { data } = canvas.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, width, height);
  let minX = width; let minY = height; let maxX = -1; let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] > 24) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  const bw = maxX - minX + 1;
  const bh = maxY - minY + 1;
  const scale = 20 / Math.max(bw, bh);
  const small = document.createElement('canvas');
  small.width = SIDE;
  small.height = SIDE;
  const sctx = small.getContext('2d', { willReadFrequently: true });
  sctx.fillStyle = '#000';
  sctx.fillRect(0, 0, SIDE, SIDE);
  sctx.imageSmoothingEnabled = true;
  sctx.imageSmoothingQuality = 'high';
  sctx.drawImage(canvas, minX, minY, bw, bh, (SIDE - bw * scale) / 2, (SIDE - bh * scale) / 2, bw * scale, bh * scale);
  const px = sctx.getImageData(0, 0, SIDE, SIDE).data;
  const boxed = new Float32Array(SIDE * SIDE);
  let mass = 0; let cx = 0; let cy = 0;
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = px[i * 4] / 255;
    boxed[i] = v;
    mass += v;
    cx += v * (i % SIDE);
    cy += v * Math.floor(i / SIDE);
  }
  if (mass === 0) return null;
  const dx = Math.round((SIDE - 1) / 2 - cx / mass);
  const dy = Math.round((SIDE - 1) / 2 - cy / mass);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx; const sy = y - dy;
      if (sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE) out[y * SIDE + x] = Math.min(1, Math.max(0, boxed[sy * SIDE + sx]));
    }
  }
  return out;
}

function requestPrediction() {
  if (drawing.pending) {
    drawing.dirty = true;
    return;
  }
  const pixels = drawingToMnist($('draw'));
  if (!pixels) {
    showProbabilities(null);
    delete document.body.dataset.predicted;
    $('draw-readout').textContent = 'Draw a digit first: the drawing area is empty.';
    return;
  }
  const client = hooks.client();
  if (!client) {
    $('draw-readout').textContent = 'The training worker is not running: press Restart above, then draw again.';
    return;
  }
  drawGray($('draw-small'), Array.from(pixels, (v) => Math.round(v * 255)), SIDE, SIDE);
  drawing.pending = true;
  drawing.dirty = false;
  client.post({ type: 'predictDrawing', id: ++drawing.id, pixels }, [pixels.buffer]);
}

/** A `prediction` message from the worker (one for an older drawing is dropped). */
export function onPrediction(m) {
  if (m.id !== drawing.id) return;
  drawing.pending = false;
  if (m.error) $('draw-readout').textContent = m.error;
  else showProbabilities(m.probabilities);
  if (drawing.dirty) requestPrediction();
}

function showProbabilities(p) {
  const list = $('probabilities');
  if (list.children.length !== 10) {
    list.replaceChildren(...Array.from({ length: 10 }, (_, k) => el('li', {},
      el('span', { class: 'digit', text: String(k) }),
      el('span', { class: 'bar' }),
      el('span', { class: 'value' }))));
  }
  const best = p ? p.indexOf(Math.max(...p)) : -1;
  [...list.children].forEach((li, k) => {
    const v = p ? p[k] : 0;
    li.querySelector('.bar').style.setProperty('--p', v.toFixed(4));
    li.querySelector('.value').textContent = p ? `${(v * 100).toFixed(1)}%` : '';
    li.classList.toggle('best', k === best);
  });
  if (p) {
    $('draw-readout').textContent = `The network says ${best} (${(p[best] * 100).toFixed(1)}%).`;
    document.body.dataset.predicted = String(best);
  }
}

/**
 * Wires the drawing area.
 * @param {{client: () => ({post: Function} | null), gridImages: () => Uint8Array | null}} h
 */
export function setUpDrawing(h) {
  hooks = h;
  const canvas = $('draw');
  clearDrawing();
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    drawing.active = true;
    drawing.last = canvasPoint(canvas, e);
    strokeTo(canvas, drawing.last, drawing.last);
    requestPrediction();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing.active) return;
    const p = canvasPoint(canvas, e);
    strokeTo(canvas, drawing.last, p);
    drawing.last = p;
    requestPrediction();
  });
  const end = () => {
    if (drawing.active) requestPrediction();
    drawing.active = false;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  $('clear-drawing').addEventListener('click', clearDrawing);
  $('sample-drawing').addEventListener('click', () => {
    const gridImages = hooks.gridImages();
    if (!gridImages) {
      $('draw-readout').textContent = 'The test digits are not loaded yet: wait until the network is ready.';
      return;
    }
    const count = gridImages.length / 784;
    const i = drawing.sample++ % count;
    const small = document.createElement('canvas');
    small.width = SIDE;
    small.height = SIDE;
    drawGray(small, gridImages.subarray(i * 784, (i + 1) * 784), SIDE, SIDE);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    requestPrediction();
  });
}
