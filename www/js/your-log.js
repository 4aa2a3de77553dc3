// "Bring your own run": a person drops the TensorBoard event files (or the whole `logs/` folder),
// the CSVLogger file or the console output of their own training, and sees their loss beside the
// lr each update really used, with the flat lr their logs show. The files are read in a worker
// by the core (`TrainingLogReader`, log-worker.js); the lr comes from the core for the optimizer
// of the "your run" strip; "Download the corrected log" writes `lr_effective` as an event file
// for the same steps (`correctedTrainingLog`). Nothing leaves the browser.
import { el } from './dom.js';
import { LineChart, formatNumber } from './chart.js';
import { downloadBytes } from './download.js';
import { lrSeries } from './your-run.js';
import { kerasExpression } from './optimizers.js';

const f = formatNumber;
const grouped = (n) => Number(n).toLocaleString('en-US');
const LOSS_TAGS = ['batch_loss', 'epoch_loss', 'loss'];

/**
 * The log's loss series to draw: per update where the log has it, else per epoch; the
 * validation loss beside it.
 * @param {{name: string, log: object}[]} logs
 */
export function lossSeries(logs) {
  const all = logs.flatMap(({ log }) => log.series);
  const train = LOSS_TAGS.map((tag) => all.find((s) => s.tag === tag && s.run !== 'validation')).find(Boolean);
  const validation = all.find((s) => (s.tag === 'epoch_loss' && s.run === 'validation') || s.tag === 'val_loss');
  return { train, validation };
}

/** The series of the lr Keras logged (`epoch_lr`, `epoch_learning_rate`, `lr`, …), if any. */
function loggedLr(logs) {
  for (const { log } of logs) {
    if (!log.logged_lr) continue;
    const s = log.series.find((x) => x.tag === log.logged_lr && x.run !== 'validation');
    if (s) return s;
  }
  return null;
}

/** x of a logged point: an update (iterations) for batch series, the end of the epoch for epoch series. */
const xOf = (s, spe) => Float64Array.from(s.steps, (step) => (s.per === 'epoch' ? (step + 1) * spe : step));

/**
 * Mounts the block inside `root` (index.html's `data-log` elements).
 * @param {HTMLElement} root
 * @param {{wasm: any, build: string, run: () => object}} o  `run()` is the strip's current run
 */
export function mountYourLog(root, { wasm, build, run }) {
  const $ = (name) => root.querySelector(`[data-log="${name}"]`);
  const lossChart = new LineChart($('loss-chart'), { xLabel: 'update (iterations)', log: true, legend: true, readout: $('readout') });
  const lrChart = new LineChart($('lr-chart'), { xLabel: 'update (iterations)', legend: true, readout: $('readout') });
  /** @type {{name: string, log: object}[]} */
  let logs = [];
  let worker = null;
  let seq = 0;
  let corrected = null;

  /** Reads files (or pasted text) in the worker; the result replaces what was shown. */
  function read(files) {
    if (!files.length) return;
    worker ??= new Worker(new URL('./log-worker.js', import.meta.url), { type: 'module' });
    const id = ++seq;
    const progress = $('progress');
    progress.hidden = false;
    progress.value = 0;
    $('status').textContent = `Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`;
    const total = new Map(files.map((x) => [x.name, x.file?.size ?? 0]));
    const done = new Map();
    worker.onmessage = ({ data }) => {
      if (data.id !== id) return;
      if (data.type === 'progress') {
        done.set(data.name, data.read);
        const all = [...total.values()].reduce((a, b) => a + b, 0);
        progress.value = all ? [...done.values()].reduce((a, b) => a + b, 0) / all : 1;
        return;
      }
      progress.hidden = true;
      $('status').textContent = '';
      show(data.logs);
    };
    worker.postMessage({ type: 'read', id, build, files });
  }

  /** Lists what each file held, and draws the readable ones. */
  function show(results) {
    $('files-read').replaceChildren(...results.map((r) => {
      if (r.error) return el('li', { class: 'warning' }, el('code', { text: r.name }), `: ${r.error}`);
      const l = r.log;
      const parts = [`${l.format === 'tfevents' ? 'TensorBoard event file' : l.format === 'csv' ? 'CSVLogger file' : l.format === 'console' ? 'console output' : 'history dict'}`,
        `${l.series.length} series${l.series[0]?.run ? ` (run ${[...new Set(l.series.map((s) => s.run))].join(', ')})` : ''}`,
        l.epochs !== null ? `${l.epochs} epochs` : null,
        l.steps_per_epoch !== null ? `${grouped(l.steps_per_epoch)} updates per epoch` : null,
        l.logged_lr ? `Keras logged the lr as ${l.logged_lr}` : 'no lr logged'].filter(Boolean);
      return el('li', {}, el('code', { text: r.name }), `: ${parts.join(', ')}.`,
        l.error ? el('span', { class: 'warning', text: ` Stopped early at ${l.error}; what came before is shown.` }) : null,
        ...l.warnings.map((w) => el('span', { class: 'hint', text: ` ${w}` })));
    }));
    logs = results.filter((r) => r.log && r.log.series.length);
    draw();
  }

  /** Draws the loss and the lr on one update axis, and says where the lr parts from the log. */
  function draw() {
    corrected = null;
    $('download').disabled = true;
    const figure = $('figure');
    if (!logs.length) {
      figure.hidden = true;
      $('sentence').textContent = '';
      return;
    }
    figure.hidden = false;
    const strip = run();
    const summary = wasm.runSummary(strip.optimizer, { samples: strip.samples, batch_size: strip.batch_size, epochs: strip.epochs, validation_split: strip.validation_split });
    const logSpe = logs.map(({ log }) => log.steps_per_epoch).find((v) => v !== null && v !== undefined);
    const logEpochs = Math.max(0, ...logs.map(({ log }) => log.epochs ?? 0));
    const spe = logSpe ?? summary.steps_per_epoch;
    const epochs = logEpochs || strip.epochs;
    const updates = spe * epochs;
    const missing = [];
    if (!logSpe) missing.push(`the log does not show its updates per epoch, so the strip's ${grouped(spe)} (training samples / batch_size) are used`);
    missing.push(`the lr is that of the strip's ${kerasExpression(strip.optimizer)}: paste your optimizer line above if yours differs`);
    const { train, validation } = lossSeries(logs);
    const markers = [];
    const every = Math.max(1, Math.ceil(epochs / 20));
    for (let e = every; e < epochs; e += every) markers.push({ x: e * spe });
    const lossLines = [];
    if (train) lossLines.push({ label: `your ${train.tag}${train.per === 'epoch' ? ' (end of each epoch)' : ''}`, color: '#c2410c', y: Float64Array.from(train.values), x: xOf(train, spe), points: train.per === 'epoch', width: 1.6 });
    if (validation) lossLines.push({ label: `validation ${validation.tag}`, color: '#7c3aed', y: Float64Array.from(validation.values), x: xOf(validation, spe), points: true, dash: [5, 4] });
    lossChart.setData(lossLines, { markers, xMax: updates });
    const lr = lrSeries(wasm, strip.optimizer, updates, spe);
    const logged = loggedLr(logs);
    const lrLines = [{ label: 'lr each update really used', color: '#2f6fdf', y: lr.effective, x: lr.x, width: 2.2 }];
    if (logged) lrLines.unshift({ label: `what your log shows (${logged.tag})`, color: '#8d99ae', y: Float64Array.from(logged.values), x: xOf(logged, spe), dash: [7, 5], width: 2, points: logged.values.length < 60 });
    else lrLines.unshift({ label: 'optimizer.lr (your log has no lr tag)', color: '#8d99ae', y: lr.reported, x: lr.x, dash: [7, 5], width: 2 });
    lrChart.setData(lrLines, { markers, xMax: updates });
    const last = wasm.lrAt(strip.optimizer, [0, Math.max(0, spe - 1), updates - 1]).effective_lr;
    const shown = logged ? `${logged.tag} = ${f(logged.values[logged.values.length - 1])}` : `no lr at all (a legacy optimizer with a float lr and only the TensorBoard callback logs none); optimizer.lr reports ${f(summary.reported_lr)}`;
    $('sentence').textContent = last[2] === last[0]
      ? `Your log shows ${shown}; with this optimizer every update used ${f(last[0])}, so they do not part.`
      : `Your log shows ${shown}, but the updates used ${f(last[0])} at first, ${f(last[1])} by the end of epoch 1 and ${f(last[2])} at update ${grouped(updates)} (${f((100 * last[2]) / last[0])}% of the first).`;
    $('missing').textContent = `Where the log is silent: ${missing.join('; ')}.`;
    corrected = { optimizer: strip.optimizer, fit: { samples: 1, batch_size: 1, epochs, steps_per_epoch: spe } };
    $('download').disabled = false;
  }

  /** Files from a drop, with their folders (`logs/train/…`), walking dropped directories. */
  async function droppedFiles(items) {
    const out = [];
    const walk = async (entry, path) => {
      if (entry.isFile) {
        const file = await new Promise((res, rej) => entry.file(res, rej));
        out.push({ file, name: `${path}${file.name}` });
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
          if (!batch.length) break;
          for (const e of batch) await walk(e, `${path}${entry.name}/`);
        }
      }
    };
    for (const item of items) {
      const entry = item.webkitGetAsEntry?.();
      if (entry) await walk(entry, '');
      else if (item.getAsFile()) out.push({ file: item.getAsFile(), name: item.getAsFile().name });
    }
    return out;
  }

  const fromInput = (input) => [...input.files].map((file) => ({ file, name: file.webkitRelativePath || file.name }));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    read(await droppedFiles([...e.dataTransfer.items]));
  });
  $('files').addEventListener('change', (e) => read(fromInput(e.target)));
  $('folder').addEventListener('change', (e) => read(fromInput(e.target)));
  $('pick-files').addEventListener('click', () => $('files').click());
  $('pick-folder').addEventListener('click', () => $('folder').click());
  $('read-paste').addEventListener('click', () => {
    const text = $('paste').value;
    if (text.trim()) read([{ file: null, text, name: 'pasted text' }]);
  });
  $('download').addEventListener('click', () => {
    if (!corrected) return;
    const wallTime = Date.now() / 1000;
    try {
      const bytes = wasm.correctedTrainingLog(corrected.optimizer, corrected.fit, wallTime);
      downloadBytes(bytes, `events.out.tfevents.${Math.floor(wallTime)}.lr_effective`);
      $('download-status').textContent = `${grouped(corrected.fit.epochs * corrected.fit.steps_per_epoch)} updates (${f(bytes.length / 1e6)} MB): put it in a folder of its own inside your log directory, e.g. logs/lr_effective/.`;
    } catch (e) {
      $('download-status').textContent = String(e?.message ?? e);
    }
  });
  for (const chart of [lossChart, lrChart]) new ResizeObserver(() => chart.draw()).observe(chart.canvas);

  return {
    /** Redraws with the strip's current run (after an edit or a paste there). */
    redraw: draw,
    /** Reads files or text as a drop would: `[{file, name}]` or `[{text, name}]`. */
    read,
    /** The logs read (for tests and the console). */
    logs: () => logs,
  };
}
