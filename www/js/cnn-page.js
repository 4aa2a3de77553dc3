// The CNN page: configure an optimizer and a network, train in a Web Worker (the UI never
// waits for wasm), and watch loss, accuracy, the real learning rate, predictions, the confusion
// matrix, the first-layer filters, and what the network makes of a digit you draw; or compare
// up to four optimizers trained at once in workers of their own (cnn/compare.js).
//
// The seams: cnn/settings.js (inputs and the URL), cnn/charts.js (the single run's charts),
// cnn/pictures.js (digits, filters, confusion matrix), cnn/drawing.js, cnn/worker-client.js
// (start, watchdog, failure) and cnn/compare.js. This file wires the single run.
import { downloadBytes, tfeventsName } from './download.js';
import { chooseBuild, loadWasm } from './wasm.js';
import { formatNumber } from './chart.js';
import { ConfigCard, coreValidator } from './configs-ui.js';
import { optimizerConfig } from './optimizers.js';
import { applyUrlParameters, readSettings, writeUrl } from './cnn/settings.js';
import { RunHistory, SINGLE_RUN_COLOR, SingleRunCharts } from './cnn/charts.js';
import { drawGrid, onSnapshot } from './cnn/pictures.js';
import { forgetPending, onPrediction, setUpDrawing } from './cnn/drawing.js';
import { WorkerClient } from './cnn/worker-client.js';
import { Comparison, presetsFor } from './cnn/compare.js';

const $ = (id) => document.getElementById(id);

/** Everything the single run keeps between messages. */
const run = {
  /** @type {WorkerClient | null} */
  client: null,
  options: null,
  card: null,
  state: 'loading',
  stepsPerEpoch: 1,
  rate: 0,
  gridImages: null,
  history: new RunHistory(),
  /** @type {SingleRunCharts | null} */
  charts: null,
};

function showFatal(message) {
  $('fatal').textContent = message;
  $('fatal').hidden = false;
}

function showTrainError(message) {
  const box = $('train-error');
  box.textContent = message ?? '';
  box.hidden = !message;
}

function showDataNotice(message) {
  $('data-notice').textContent = message ?? '';
  $('data-notice').hidden = !message;
}

function setState(next, text) {
  run.state = next;
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
  $('download-tensorboard').disabled = !run.client || ['loading', 'crashed'].includes(run.state) || run.history.loss.length === 0;
}

function redraw() {
  run.charts?.schedule(run.history, run.stepsPerEpoch, Number($('epochs').value) || 1);
}

function clearHistory() {
  run.history.clear();
  updateDownloadButton();
  run.rate = 0;
  $('acc-readout').textContent = '';
  $('lr-readout').textContent = '';
  delete document.body.dataset.testAccuracy;
  updateProgress(0, 0, 0);
  redraw();
}

/** Start or Reset: both rebuild the network from the settings; only Start trains. */
function send(type) {
  if (!run.client) return;
  const settings = readSettings(run.card.config);
  if (!settings) return;
  showTrainError(null);
  clearHistory();
  if (type === 'start') setState('running', 'starting…');
  else setState('loading', 'resetting…');
  run.client.post({ type, ...settings });
}

function updateProgress(epoch, batch, steps) {
  const total = Number($('epochs').value) || 0;
  $('epoch-label').textContent = `Epoch ${Math.min(epoch + 1, Math.max(total, 1))}${total ? ` of ${total}` : ''}`;
  const bar = $('epoch-progress');
  bar.max = Math.max(1, steps);
  bar.value = batch;
  $('progress-text').textContent = steps
    ? `batch ${batch} / ${steps} · ${run.rate ? `${Math.round(run.rate).toLocaleString('en')} examples/s` : '—'}`
    : '';
}

function onProgress(m) {
  const c = m.chunk;
  run.history.pushChunk(c);
  updateDownloadButton();
  run.stepsPerEpoch = c.steps_per_epoch;
  if (m.ms > 0 && c.examples > 0) {
    const now = (c.examples / m.ms) * 1000;
    run.rate = run.rate ? 0.8 * run.rate + 0.2 * now : now;
  }
  const ended = c.batch_in_epoch === 0 && c.epoch_loss !== undefined;
  updateProgress(ended ? c.epoch - 1 : c.epoch, ended ? c.steps_per_epoch : c.batch_in_epoch, c.steps_per_epoch);
  if (Number.isFinite(c.effective_lr)) {
    $('lr-readout').textContent = `iteration ${c.iterations}: the update used lr = ${formatNumber(c.effective_lr)}; Keras logs lr = ${formatNumber(c.reported_lr)}`;
  }
  document.body.dataset.iterations = String(c.iterations);
  $('build-badge').dataset.memory = String(m.memoryBytes);
  redraw();
}

function onEpoch(m) {
  run.history.pushEpoch(m);
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  $('acc-readout').textContent = `epoch ${m.epoch}: train ${pct(m.train.accuracy)} (loss ${formatNumber(m.train.loss)}), test ${pct(m.test.accuracy)} (loss ${formatNumber(m.test.loss)})`;
  document.body.dataset.testAccuracy = String(m.test.accuracy);
  redraw();
}

function onConfigured(m) {
  run.stepsPerEpoch = m.info.steps_per_epoch;
  run.gridImages = m.gridImages;
  drawGrid(run.gridImages);
  $('progress-text').textContent = `${m.info.train_examples.toLocaleString('en')} training digits, ${run.stepsPerEpoch} batches per epoch, ${m.info.parameters.toLocaleString('en')} parameters`;
}

function onWorkerMessage(m) {
  switch (m.type) {
    case 'ready':
      $('build-badge').textContent = `wasm ${m.build} build · v${m.info.version} · in a worker`;
      document.body.dataset.worker = 'running';
      run.client.startWatchdog();
      send('reset');
      break;
    case 'configured':
      onConfigured(m);
      if (run.state === 'loading') setState('idle');
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
      downloadBytes(m.bytes, tfeventsName(m.wallTime));
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

function startWorker() {
  run.client = new WorkerClient({ ...run.options, onMessage: onWorkerMessage, onFailed: workerFailed });
}

function workerFailed(message) {
  run.client = null;
  forgetPending();
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

async function main() {
  const url = applyUrlParameters();
  if (url.dataError) showDataNotice(url.dataError);
  let wasm;
  let build;
  try {
    build = chooseBuild();
    ({ wasm } = await loadWasm(build, 'cnn'));
  } catch (e) {
    showFatal(`Could not load the WebAssembly module: ${e.message ?? e}`);
    return;
  }
  document.body.dataset.build = build;
  run.options = { build, data: url.dataPath, testHooks: url.testHooks, watchdogMs: url.watchdogMs };
  const comparison = new Comparison({ wasm, ...run.options, parallel: url.parallel, entries: url.compare.entries });
  if (url.compare.error) $('compare-settings-error').textContent = url.compare.error;
  $('compare-settings-error').hidden = !url.compare.error;
  run.card = new ConfigCard({
    color: SINGLE_RUN_COLOR,
    // The seed question's optimizer, so the lr chart shows the decay that TensorBoard hides.
    optimizer: optimizerConfig('adam', { learning_rate: 0.003, decay: 0.0002 }),
    validate: coreValidator(wasm),
    // The per-epoch preset steps once per epoch of this run's digits and batch size.
    presets: () => presetsFor(wasm, {
      samples: Number($('subset').value) || 8000, batch_size: Number($('batch').value) || 32, epochs: Number($('epochs').value) || 1,
    }),
    onChange: () => {},
    onRemove: () => {},
  });
  run.card.element.classList.add('single');
  $('optimizer-card').append(run.card.element);
  run.charts = new SingleRunCharts({ loss: $('loss-chart'), acc: $('acc-chart'), lr: $('lr-chart') });
  // The preset list names the updates per epoch: it is rebuilt when they change.
  for (const id of ['subset', 'batch', 'epochs']) {
    $(id).addEventListener('change', () => {
      run.card.render();
      writeUrl(comparison.urlEntries());
    });
  }
  $('start').addEventListener('click', () => send('start'));
  $('pause').addEventListener('click', () => run.client?.post({ type: 'pause' }));
  $('resume').addEventListener('click', () => {
    showTrainError(null);
    run.client?.post({ type: 'resume' });
  });
  $('reset').addEventListener('click', () => send('reset'));
  $('restart-worker').addEventListener('click', restartWorker);
  $('download-tensorboard').addEventListener('click', () => run.client?.post({ type: 'tensorboardLog' }));
  setUpDrawing({ client: () => run.client, gridImages: () => run.gridImages });
  setState('loading');
  run.charts.draw(run.history, 1, Number($('epochs').value) || 1);
  window.addEventListener('resize', () => {
    redraw();
    comparison.scheduleDraw();
  });
  if (url.testHooks) {
    // For the end-to-end tests only (`?testhooks=1`): make the worker throw or hang, read curves.
    window.cnnTestHooks = {
      crashWorker: () => run.client?.post({ type: 'crash' }),
      hangWorker: () => run.client?.post({ type: 'hang' }),
      compareCurves: () => comparison.curves(),
      perEpochConfig: (config) => comparison.perEpochConfig(config),
    };
  }
  startWorker();
}

main();
