// "What it learned": the test digits with their predictions, the confusion matrix and the
// first-layer filters, drawn from the worker's snapshots.
import { el } from '../dom.js';

const $ = (id) => document.getElementById(id);
/** MNIST's side, in pixels. */
export const SIDE = 28;

/** Paints 8-bit grey values into a canvas of the same size. */
export function drawGray(canvas, pixels, width, height) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i];
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** The test digits of the grid (`configured` sends them once per network). */
export function drawGrid(gridImages) {
  const grid = $('digit-grid');
  const count = gridImages.length / (SIDE * SIDE);
  if (grid.children.length !== count) {
    grid.replaceChildren(...Array.from({ length: count }, (_, i) => el('li', { 'data-index': i },
      el('canvas', { width: SIDE, height: SIDE, 'aria-hidden': 'true' }),
      el('span', { class: 'caption' }))));
  }
  [...grid.children].forEach((li, i) => drawGray(li.querySelector('canvas'), gridImages.subarray(i * 784, (i + 1) * 784), SIDE, SIDE));
}

/** A `snapshot` message: predictions on the grid, the filters and the confusion matrix. */
export function onSnapshot(m) {
  const { predicted, probability, label } = m.predictions;
  [...$('digit-grid').children].forEach((li, i) => {
    const wrong = predicted[i] !== label[i];
    li.classList.toggle('wrong', wrong);
    li.querySelector('.caption').textContent = `${predicted[i]} · ${Math.round(probability[i] * 100)}%`;
    li.setAttribute('aria-label', `test digit ${i + 1}: a ${label[i]}, predicted ${predicted[i]} (${Math.round(probability[i] * 100)}%)${wrong ? ', a mistake' : ''}`);
  });
  drawFilters(m.filters);
  if (m.evaluation) drawConfusion(m.evaluation.confusion);
  const mib = (m.memoryBytes / 2 ** 20).toFixed(1);
  $('build-badge').title = `wasm memory ${mib} MiB`;
}

function drawFilters({ weights, shape }) {
  const [count, k] = shape;
  const box = $('filters');
  if (box.children.length !== count) {
    box.replaceChildren(...Array.from({ length: count }, (_, f) => el('canvas', { width: k, height: k, role: 'img', 'aria-label': `filter ${f + 1}` })));
  }
  [...box.children].forEach((canvas, f) => {
    const w = weights.subarray(f * k * k, (f + 1) * k * k);
    const max = Math.max(1e-12, ...Array.from(w, Math.abs));
    if (canvas.width !== k) {
      canvas.width = k;
      canvas.height = k;
    }
    drawGray(canvas, Array.from(w, (v) => Math.round(127.5 + 127.5 * (v / max))), k, k);
  });
}

function drawConfusion(confusion) {
  const table = $('confusion');
  // The corner names both axes in two short lines, so that the matrix fits a phone's width.
  const corner = el('th', { scope: 'col', class: 'corner' },
    el('span', { class: 'visually-hidden', text: 'true digit \\ predicted digit' }),
    el('span', { 'aria-hidden': 'true' }, 'true ↓', el('br'), 'pred →'));
  const header = el('tr', {}, corner, ...Array.from({ length: 10 }, (_, j) => el('th', { scope: 'col', text: String(j) })));
  const rows = Array.from({ length: 10 }, (_, i) => {
    const row = confusion.subarray(i * 10, i * 10 + 10);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el('tr', {}, el('th', { scope: 'row', text: String(i) }), ...Array.from(row, (v, j) => {
      const cell = el('td', { class: i === j ? 'diag' : v ? 'miss' : '', text: String(v) });
      cell.style.setProperty('--v', (v / total).toFixed(3));
      return cell;
    }));
  });
  table.replaceChildren(el('caption', { class: 'visually-hidden', text: 'Confusion matrix on the test digits' }), el('thead', {}, header), el('tbody', {}, rows));
}
