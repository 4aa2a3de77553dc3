// The CNN page: configure an optimizer and a network, train in a Web Worker (the UI never
// waits for wasm), and watch loss, accuracy, the real learning rate, predictions, the confusion
// matrix, the first-layer filters, and what the network makes of a digit you draw.
import { downloadBytes, tfeventsName } from './download.js';
import { chooseBuild, loadWasm } from './wasm.js';
import { LineChart, formatNumber } from './chart.js';
import { ConfigCard, coreValidator, el, parseField } from './configs-ui.js';
import { optimizerConfig } from './optimizers.js';

const $ = (id) => document.getElementById(id);
const COLORS = { loss: '#e8590c', train: '#1c7ed6', test: '#2f9e44', effective: '#d6336c', reported: '#868e96' };
const SIDE = 28;
/** The digits the page trains on, and what `?data=` may name instead: a .bin file under data/. */
export const DEFAULT_DATA = 'data/mnist-10k.bin';
export const DATA_PATTERN = /^data\/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.bin$/;
/** While the worker is up, it is pinged every PING_MS; no answer within the watchdog's time means it hangs. */
const PING_MS = 1000;
const WATCHDOG_MS = 15000;

/** Settings inputs: id, the name the core uses, and the input's range. */
const SETTINGS = [
  ['conv1', 'conv1_filters', { kind: 'int', min: 1, max: 32 }],
  ['conv2', 'conv2_filters', { kind: 'int', min: 1, max: 32 }],
  ['epochs', 'epochs', { kind: 'int', min: 1, max: 200 }],
  ['batch', 'batch_size', { kind: 'int', min: 1, max: 256 }],
  ['seed', 'seed', { kind: 'int', min: 0, max: 2 ** 53 - 1 }],
  ['subset', 'train_subset', { kind: 'int', min: 1, max: 8000 }],
];

let wasm;
let worker = null;
let build;
/** The dataset the worker loads (validated `?data=`, else DEFAULT_DATA). */
let dataPath = DEFAULT_DATA;
/** `?testhooks=1`: the worker accepts `crash` / `hang` (for the end-to-end tests), and `?watchdog=ms` applies. */
let testHooks = false;
let watchdogMs = WATCHDOG_MS;
const watchdog = { timer: 0, sentAt: 0 };
let card;
let state = 'loading';
let stepsPerEpoch = 1;
let trainExamples = 0;
let rate = 0;
let gridImages = null;
let sampleIndex = 0;

/** A Float32Array that grows as chunks arrive; `view()` is what the charts draw. */
class Column {
  constructor() {
    this.data = new Float32Array(1024);
    this.length = 0;
  }
  push(values) {
    if (this.length + values.length > this.data.length) {
      const next = new Float32Array(Math.max(this.data.length * 2, this.length + values.length));
      next.set(this.view());
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  view() {
    return this.data.subarray(0, this.length);
  }
  clear() {
    this.length = 0;
  }
}

const history = {
  loss: new Column(),
  effective: new Column(),
  reported: new Column(),
  epochs: [],
  trainAcc: [],
  testAcc: [],
};

let lossChart;
let accChart;
let lrChart;
let redrawPending = false;

function showFatal(message) {
  $('fatal').textContent = message;
  $('fatal').hidden = false;
}

function showTrainError(message) {
  const box = $('train-error');
  box.textContent = message ?? '';
  box.hidden = !message;
}

function setState(next, text) {
  state = next;
  document.body.dataset.state = next;
  $('start').disabled = next === 'loading' || next === 'running';
  $('pause').disabled = next !== 'running';
  $('resume').disabled = next !== 'paused';
  $('reset').disabled = next === 'loading' || next === 'crashed';
  if (next === 'crashed') $('start').disabled = true;
  updateDownloadButton();
  $('train-state').textContent = text ?? {
    loading: 'loading…', idle: 'ready', running: 'training…', paused: 'paused', done: 'finished', error: 'stopped', crashed: 'worker stopped',
  }[next];
}


/** "Download TensorBoard log" is offered once an update was trained, while the worker lives. */
function updateDownloadButton() {
  $('download-tensorboard').disabled = !worker || ['loading', 'crashed'].includes(state) || history.loss.length === 0;
}

/** Saves the worker's event file (bytes written by the Rust core) as events.out.tfevents.*. */
function downloadTensorboardLog(m) {
  downloadBytes(m.bytes, tfeventsName(m.wallTime));
}

/** Reads the settings inputs; shows the first problem at its input and returns null. */
function readSettings() {
  const values = {};
  for (const input of document.querySelectorAll('.cnn-settings [aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const [id, name, spec] of SETTINGS) {
    const parsed = parseField($(id).value, spec);
    if (parsed.error) {
      $(id).setAttribute('aria-invalid', 'true');
      $('settings-error').textContent = `${name}: ${parsed.error} (a whole number from ${spec.min} to ${spec.max})`;
      $('settings-error').hidden = false;
      $(id).focus();
      return null;
    }
    values[name] = parsed.value;
  }
  $('settings-error').hidden = true;
  return {
    network: { conv1_filters: values.conv1_filters, conv2_filters: values.conv2_filters, kernel_size: Number($('kernel').value) },
    optimizer: card.config,
    epochs: values.epochs,
    batchSize: values.batch_size,
    seed: values.seed,
    subset: values.train_subset,
  };
}

function clearHistory() {
  for (const c of [history.loss, history.effective, history.reported]) c.clear();
  history.epochs = [];
  history.trainAcc = [];
  history.testAcc = [];
  updateDownloadButton();
  rate = 0;
  $('acc-readout').textContent = '';
  $('lr-readout').textContent = '';
  delete document.body.dataset.testAccuracy;
  updateProgress(0, 0, 0);
  scheduleRedraw();
}

function send(type, settings) {
  worker.postMessage({ type, ...settings });
}

function start() {
  if (!worker) return;
  const settings = readSettings();
  if (!settings) return;
  showTrainError(null);
  clearHistory();
  setState('running', 'starting…');
  send('start', settings);
}

function reset() {
  if (!worker) return;
  const settings = readSettings();
  if (!settings) return;
  showTrainError(null);
  clearHistory();
  setState('loading', 'resetting…');
  send('reset', settings);
}

function updateProgress(epoch, batch, steps) {
  const total = Number($('epochs').value) || 0;
  $('epoch-label').textContent = `Epoch ${Math.min(epoch + 1, Math.max(total, 1))}${total ? ` of ${total}` : ''}`;
  const bar = $('epoch-progress');
  bar.max = Math.max(1, steps);
  bar.value = batch;
  $('progress-text').textContent = steps
    ? `batch ${batch} / ${steps} · ${rate ? `${Math.round(rate).toLocaleString('en')} examples/s` : '—'}`
    : '';
}

function scheduleRedraw() {
  if (redrawPending) return;
  redrawPending = true;
  requestAnimationFrame(() => {
    redrawPending = false;
    drawCharts();
  });
}

function epochMarkers(iterations) {
  const markers = [];
  for (let x = stepsPerEpoch; x < iterations; x += stepsPerEpoch) markers.push({ x, label: `epoch ${x / stepsPerEpoch}` });
  return markers;
}

function drawCharts() {
  const n = history.loss.length;
  const markers = epochMarkers(n);
  lossChart.setData([{ label: 'batch loss', color: COLORS.loss, y: history.loss.view() }], { markers });
  const x = Float32Array.from(history.epochs);
  accChart.setData([
    { label: 'train accuracy', color: COLORS.train, x, y: Float32Array.from(history.trainAcc), points: true },
    { label: 'test accuracy', color: COLORS.test, x, y: Float32Array.from(history.testAcc), points: true },
  ], { xMax: Math.max(1, Number($('epochs').value) || 1) });
  lrChart.setData([
    { label: 'the truth: lr each update used', color: COLORS.effective, y: history.effective.view(), width: 2 },
    { label: 'TensorBoard: optimizer.lr as logged', color: COLORS.reported, y: history.reported.view(), dash: [3, 4], width: 2 },
  ], { markers });
}

function onProgress(m) {
  const c = m.chunk;
  history.loss.push(c.loss);
  history.effective.push(c.effective_lrs);
  history.reported.push(c.reported_lrs);
  updateDownloadButton();
  stepsPerEpoch = c.steps_per_epoch;
  if (m.ms > 0 && c.examples > 0) {
    const now = (c.examples / m.ms) * 1000;
    rate = rate ? 0.8 * rate + 0.2 * now : now;
  }
  const inEpoch = c.batch_in_epoch === 0 && c.epoch_loss !== undefined ? c.steps_per_epoch : c.batch_in_epoch;
  updateProgress(c.batch_in_epoch === 0 && c.epoch_loss !== undefined ? c.epoch - 1 : c.epoch, inEpoch, c.steps_per_epoch);
  if (Number.isFinite(c.effective_lr)) {
    $('lr-readout').textContent = `iteration ${c.iterations}: the update used lr = ${formatNumber(c.effective_lr)}; Keras logs lr = ${formatNumber(c.reported_lr)}`;
  }
  document.body.dataset.iterations = String(c.iterations);
  $('build-badge').dataset.memory = String(m.memoryBytes);
  scheduleRedraw();
}

function onEpoch(m) {
  history.epochs.push(m.epoch);
  history.trainAcc.push(m.train.accuracy);
  history.testAcc.push(m.test.accuracy);
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  $('acc-readout').textContent = `epoch ${m.epoch}: train ${pct(m.train.accuracy)} (loss ${formatNumber(m.train.loss)}), test ${pct(m.test.accuracy)} (loss ${formatNumber(m.test.loss)})`;
  document.body.dataset.testAccuracy = String(m.test.accuracy);
  scheduleRedraw();
}

function drawGray(canvas, pixels, width, height) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i];
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

function onConfigured(m) {
  stepsPerEpoch = m.info.steps_per_epoch;
  trainExamples = m.info.train_examples;
  gridImages = m.gridImages;
  const grid = $('digit-grid');
  const count = gridImages.length / (SIDE * SIDE);
  if (grid.children.length !== count) {
    grid.replaceChildren(...Array.from({ length: count }, (_, i) => el('li', { 'data-index': i },
      el('canvas', { width: SIDE, height: SIDE, 'aria-hidden': 'true' }),
      el('span', { class: 'caption' }))));
  }
  [...grid.children].forEach((li, i) => drawGray(li.querySelector('canvas'), gridImages.subarray(i * 784, (i + 1) * 784), SIDE, SIDE));
  $('progress-text').textContent = `${trainExamples.toLocaleString('en')} training digits, ${stepsPerEpoch} batches per epoch, ${m.info.parameters.toLocaleString('en')} parameters`;
}

function onSnapshot(m) {
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

// ---- drawing -----------------------------------------------------------------------------

const drawing = { active: false, last: null, pending: false, dirty: false, id: 0 };

function clearDrawing() {
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
  if (!worker) {
    $('draw-readout').textContent = 'The training worker is not running: press Restart above, then draw again.';
    return;
  }
  drawGray($('draw-small'), Array.from(pixels, (v) => Math.round(v * 255)), SIDE, SIDE);
  drawing.pending = true;
  drawing.dirty = false;
  worker.postMessage({ type: 'predictDrawing', id: ++drawing.id, pixels }, [pixels.buffer]);
}

function onPrediction(m) {
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

function setUpDrawing() {
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
    if (!gridImages) {
      $('draw-readout').textContent = 'The test digits are not loaded yet: wait until the network is ready.';
      return;
    }
    const count = gridImages.length / 784;
    const i = sampleIndex++ % count;
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

// ---- start-up ----------------------------------------------------------------------------

/**
 * `?data=` as the dataset path: only a .bin file under data/ on this origin (never a URL,
 * never `..`). Returns `{path}` or `{error}`.
 */
export function parseDataParam(value) {
  if (value === null) return { path: DEFAULT_DATA };
  if (!DATA_PATTERN.test(value)) {
    return { error: `data: must name a .bin file under data/ on this site, like ${DEFAULT_DATA}; got “${value.slice(0, 80)}”. Using ${DEFAULT_DATA}.` };
  }
  return { path: value };
}

function showDataNotice(message) {
  $('data-notice').textContent = message ?? '';
  $('data-notice').hidden = !message;
}

function applyUrlParameters() {
  const params = new URLSearchParams(location.search);
  for (const [param, id] of [['subset', 'subset'], ['epochs', 'epochs'], ['batch', 'batch'], ['seed', 'seed']]) {
    const v = params.get(param);
    if (v !== null) $(id).value = v;
  }
  const data = parseDataParam(params.get('data'));
  if (data.error) showDataNotice(data.error);
  dataPath = data.path ?? DEFAULT_DATA;
  testHooks = params.get('testhooks') === '1';
  const ms = Number(params.get('watchdog'));
  if (testHooks && Number.isInteger(ms) && ms >= 100) watchdogMs = ms;
}

// ---- the worker: start, watchdog, failure, restart -----------------------------------------

function startWorker() {
  const w = new Worker(new URL('./cnn-worker.js', import.meta.url), { type: 'module' });
  worker = w;
  // Events of a worker that was replaced are ignored: only the current one talks to the page.
  w.onmessage = (e) => {
    if (w !== worker) return;
    if (e.data?.type === 'pong') watchdog.sentAt = 0;
    else onWorkerMessage(e.data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    if (w === worker) workerFailed(`The training worker crashed: ${e.message || 'it could not be loaded'}.`);
  };
  w.onmessageerror = () => {
    if (w === worker) workerFailed('The training worker sent a message the page could not read.');
  };
  w.postMessage({ type: 'init', build, data: dataPath, testHooks });
}

/** Pings the worker; one that does not answer within `watchdogMs` is reported as hung. */
function startWatchdog() {
  clearInterval(watchdog.timer);
  watchdog.sentAt = 0;
  watchdog.timer = setInterval(() => {
    if (!worker) return;
    const now = performance.now();
    if (watchdog.sentAt) {
      if (now - watchdog.sentAt > watchdogMs) {
        workerFailed(`The training worker stopped responding (no answer for ${(watchdogMs / 1000).toFixed(1)} s).`);
      }
      return;
    }
    watchdog.sentAt = now;
    worker.postMessage({ type: 'ping' });
  }, Math.min(PING_MS, watchdogMs / 2));
}

function workerFailed(message) {
  clearInterval(watchdog.timer);
  watchdog.sentAt = 0;
  worker?.terminate();
  worker = null;
  drawing.pending = false;
  $('worker-failure-text').textContent = `${message} Training stopped; Restart starts a new worker with the settings above.`;
  $('worker-failure').hidden = false;
  document.body.dataset.worker = 'failed';
  setState('crashed', 'worker stopped');
  $('restart-worker').focus();
}

function restartWorker() {
  $('worker-failure').hidden = true;
  showTrainError(null);
  clearHistory();
  document.body.dataset.worker = 'restarting';
  document.body.dataset.workerRestarts = String(Number(document.body.dataset.workerRestarts ?? 0) + 1);
  setState('loading', 'restarting the worker…');
  startWorker();
}

/** For the end-to-end tests only (`?testhooks=1`): make the worker throw or hang. */
function exposeTestHooks() {
  window.cnnTestHooks = {
    crashWorker: () => worker?.postMessage({ type: 'crash' }),
    hangWorker: () => worker?.postMessage({ type: 'hang' }),
  };
}

function onWorkerMessage(m) {
  switch (m.type) {
    case 'ready':
      $('build-badge').textContent = `wasm ${m.build} build · v${m.info.version} · in a worker`;
      document.body.dataset.worker = 'running';
      startWatchdog();
      reset();
      break;
    case 'configured':
      onConfigured(m);
      if (state === 'loading') setState('idle');
      document.body.dataset.ready = 'true';
      break;
    case 'snapshot':
      onSnapshot(m);
      break;
    case 'progress':
      onProgress(m);
      break;
    case 'epoch':
      onEpoch(m);
      break;
    case 'state':
      setState(m.state);
      break;
    case 'done':
      setState('done', `finished ${m.epoch} epoch${m.epoch === 1 ? '' : 's'} (${m.iterations} iterations)`);
      break;
    case 'prediction':
      onPrediction(m);
      break;
    case 'evaluation':
      break;
    case 'tensorboardLog':
      downloadTensorboardLog(m);
      break;
    case 'error':
      showTrainError(m.message);
      if (m.context === 'init') showFatal(`The worker could not start: ${m.message}`);
      if (m.context === 'dataset') {
        showDataNotice(`The digits in ${m.path} could not be read: ${m.message}. Nothing can be trained on them; open cnn.html without ?data= for the built-in digits.`);
        setState('error', 'no dataset');
      }
      if (['training', 'start', 'reset', 'resume'].includes(m.context)) setState(m.context === 'resume' ? 'done' : 'error');
      break;
    default:
      showTrainError(`unexpected message from the worker: ${m.type}`);
  }
}

async function main() {
  applyUrlParameters();
  try {
    build = chooseBuild();
    ({ wasm } = await loadWasm(build, 'cnn'));
  } catch (e) {
    showFatal(`Could not load the WebAssembly module: ${e.message ?? e}`);
    return;
  }
  document.body.dataset.build = build;
  card = new ConfigCard({
    color: COLORS.effective,
    // The seed question's optimizer, so the lr chart shows the decay that TensorBoard hides.
    optimizer: optimizerConfig('adam', { learning_rate: 0.003, decay: 0.0002 }),
    validate: coreValidator(wasm),
    onChange: () => {},
    onRemove: () => {},
  });
  card.element.classList.add('single');
  $('optimizer-card').append(card.element);
  lossChart = new LineChart($('loss-chart'), { xLabel: 'iteration', yLabel: 'loss', log: true });
  accChart = new LineChart($('acc-chart'), { xLabel: 'epoch', yLabel: 'accuracy', integerX: true, legend: true });
  lrChart = new LineChart($('lr-chart'), { xLabel: 'iteration', yLabel: 'learning rate', legend: true });
  $('start').addEventListener('click', start);
  $('pause').addEventListener('click', () => worker?.postMessage({ type: 'pause' }));
  $('resume').addEventListener('click', () => {
    showTrainError(null);
    worker?.postMessage({ type: 'resume' });
  });
  $('reset').addEventListener('click', reset);
  $('restart-worker').addEventListener('click', restartWorker);
  $('download-tensorboard').addEventListener('click', () => worker?.postMessage({ type: 'tensorboardLog' }));
  setUpDrawing();
  setState('loading');
  drawCharts();
  window.addEventListener('resize', scheduleRedraw);
  if (testHooks) exposeTestHooks();
  startWorker();
}

main();
