// Compare: up to four optimizer configurations trained at once, each in its own worker, all
// from the same initial weights and the same batch order (one seed, one network), so that the
// curves differ only by the optimizer. Beyond the cores the browser reports, runs wait their
// turn. The default comparison answers "does decay=0.0002 help or hurt?": no decay, the decay,
// the same decay stepped once per epoch with this page's updates per epoch, and a large decay.
import { LineChart, formatNumber } from '../chart.js';
import { ConfigCard, coreValidator } from '../configs-ui.js';
import { el } from '../dom.js';
import { PRESETS, clean, kerasExpression, optimizerConfig, withKerasDefaults } from '../optimizers.js';
import { Column, RunHistory, epochMarkers } from './charts.js';
import { readCompareSettings, writeUrl } from './settings.js';
import { WorkerClient } from './worker-client.js';

const $ = (id) => document.getElementById(id);

export const COMPARE_COLORS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9'];
export const MAX_RUNS = 4;
const QUESTION = optimizerConfig('adam', { learning_rate: 0.003, decay: 0.0002 });
/** No decay, the question's decay per update, the same once per epoch, and a large decay. */
export const DEFAULT_ENTRIES = [
  optimizerConfig('adam', { learning_rate: 0.003 }),
  QUESTION,
  { per_epoch: QUESTION },
  optimizerConfig('adam', { learning_rate: 0.003, decay: 0.05 }),
];
/** The question's `model.fit`: 60,000 digits, batch 32, 50 epochs. */
const ASKER_FIT = { samples: 60000, batch_size: 32, epochs: 50 };
/** A worker merges its chunks' progress into one message at most this often. */
const PROGRESS_MS = 250;
/**
 * Least time between two drawings of the comparison (charts and progress rows), one for every
 * run's new progress together: every drawing is a frame the main thread renders (about 15 ms of
 * CPU across the browser's threads) while the workers want every core.
 */
const DRAW_MS = PROGRESS_MS;
/** TensorBoard's default smoothing of the loss line (raw values on hover). */
const SMOOTHING = 0.9;

/**
 * A configuration as the legends and the table name it: Keras's expression, shortened where
 * four of them must fit one chart's legend.
 */
export function shortLabel(optimizer, perEpoch = null, plan = null) {
  if (perEpoch && plan) return `${shortLabel(perEpoch)} once per epoch (staircase, ${plan.decay_steps} steps)`;
  return kerasExpression(optimizer).replace('initial_learning_rate=', '').replaceAll('learning_rate=', 'lr=');
}

const grouped = (n) => Math.round(n).toLocaleString('en');
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

/**
 * The optimizer presets with "InverseTimeDecay per epoch" planned by the core for `fit` (this
 * page's digits and batch size), not for the question's 1,875 updates per epoch.
 * @param {any} wasm @param {{samples: number, batch_size: number, epochs: number}} fit
 */
export function presetsFor(wasm, fit) {
  let plan;
  try {
    plan = wasm.cnnEpochPlan(QUESTION, fit.samples, fit.batch_size, fit.epochs);
  } catch {
    plan = null;
  }
  if (!plan || plan.reason) return PRESETS.filter((p) => p.id !== 'per-epoch');
  const optimizer = withKerasDefaults({ name: QUESTION.name, api: 'keras3', learning_rate: plan.learning_rate });
  return PRESETS.map((p) => (p.id === 'per-epoch'
    ? { ...p, label: `Keras 3: InverseTimeDecay per epoch (staircase, ${grouped(plan.decay_steps)} steps/epoch, this page's)`, optimizer }
    : p));
}

/** One configuration of the comparison: what it trains, its worker and what it recorded. */
class Run {
  constructor(index, optimizer, label, settings) {
    this.index = index;
    this.color = COMPARE_COLORS[index];
    this.optimizer = optimizer;
    this.label = label;
    this.settings = settings;
    this.history = new RunHistory();
    this.smooth = new Column();
    this.smoothState = { mean: 0, count: 0 };
    this.status = 'queued';
    this.client = null;
    this.activeMs = 0;
    this.since = 0;
    this.iterations = 0;
    /** Progress arrived since the row last showed it. */
    this.rowStale = false;
    this.error = '';
    /** The worker was sent its configuration (a run paused while loading was not). */
    this.started = false;
  }

  get total() {
    return this.settings.epochs * this.settings.stepsPerEpoch;
  }

  /** TensorBoard's debiased exponential moving average, extended by a chunk's losses. */
  pushLoss(losses) {
    const s = this.smoothState;
    const smoothed = new Float32Array(losses.length);
    losses.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        smoothed[i] = v;
        return;
      }
      s.count++;
      s.mean = s.mean * SMOOTHING + v * (1 - SMOOTHING);
      smoothed[i] = s.mean / (1 - SMOOTHING ** s.count);
    });
    this.smooth.push(smoothed);
  }

  startClock() {
    if (!this.since) this.since = performance.now();
  }

  stopClock() {
    if (this.since) this.activeMs += performance.now() - this.since;
    this.since = 0;
  }

  get seconds() {
    return (this.activeMs + (this.since ? performance.now() - this.since : 0)) / 1000;
  }
}

export class Comparison {
  /**
   * @param {object} o
   * @param {any} o.wasm           the cnn module (validation and the per-epoch plan)
   * @param {string} o.build
   * @param {string} o.dataPath
   * @param {boolean} o.testHooks
   * @param {number} o.watchdogMs
   * @param {number | null} o.parallel  runs trained at once (null: the browser's core count, at most 4)
   * @param {object[] | undefined} o.entries  from the URL, else the default comparison
   */
  constructor({ wasm, build, dataPath, testHooks, watchdogMs, parallel, entries }) {
    this.wasm = wasm;
    this.workerOptions = { build, data: dataPath, testHooks, watchdogMs };
    this.parallel = parallel ?? Math.max(1, Math.min(MAX_RUNS, navigator.hardwareConcurrency || 2));
    /** @type {{card: ConfigCard, perEpoch: object | null}[]} */
    this.entries = [];
    /** @type {Run[]} */
    this.runs = [];
    this.state = 'idle';
    this.maxLive = 0;
    this.pending = false;
    this.lossChart = new LineChart($('compare-loss'), { xLabel: 'iteration', yLabel: 'loss (smoothed)', log: true, legend: true, readout: $('compare-loss-readout') });
    this.accChart = new LineChart($('compare-acc'), { xLabel: 'epoch', yLabel: 'test accuracy', integerX: true, legend: true, readout: $('compare-acc-readout') });
    this.lrChart = new LineChart($('compare-lr'), { xLabel: 'iteration', yLabel: 'learning rate', log: true, legend: true, readout: $('compare-lr-readout') });
    $('compare-start').addEventListener('click', () => this.start());
    $('compare-pause').addEventListener('click', () => this.pause());
    $('compare-resume').addEventListener('click', () => this.resume());
    $('compare-cancel').addEventListener('click', () => this.cancel());
    $('compare-add').addEventListener('click', () => {
      this.#addEntry(QUESTION, null);
      this.changed();
    });
    $('compare-default').addEventListener('click', () => this.loadEntries(DEFAULT_ENTRIES));
    for (const id of ['compare-epochs', 'compare-batch', 'compare-subset', 'seed', 'conv1', 'conv2', 'kernel']) {
      $(id).addEventListener('change', () => this.changed());
    }
    this.loadEntries(entries ?? DEFAULT_ENTRIES, { writeUrl: false });
    this.#setState('idle');
    this.draw();
  }

  /** The run length of the comparison and the updates per epoch it gives, or null. */
  #settings() {
    const s = readCompareSettings();
    if (!s) return null;
    return { ...s, stepsPerEpoch: Math.ceil(s.subset / s.batchSize) };
  }

  /**
   * `{per_epoch: config}` made concrete: the core's once-per-epoch plan of `config`'s decay with
   * this comparison's updates per epoch (Keras 3 InverseTimeDecay, staircase).
   * @returns {{optimizer: object, plan: any} | {error: string}}
   */
  perEpochConfig(config, settings = this.#settings()) {
    if (!settings) return { error: 'the comparison settings above have a problem' };
    let plan;
    try {
      plan = this.wasm.cnnEpochPlan(config, settings.subset, settings.batchSize, settings.epochs);
    } catch (e) {
      return { error: String(e?.message ?? e) };
    }
    if (plan.reason) return { error: plan.reason };
    return { optimizer: withKerasDefaults({ name: config.name, api: 'keras3', learning_rate: plan.learning_rate }), plan };
  }

  /** The presets of a comparison card: the per-epoch preset with its updates per epoch. */
  presets() {
    const s = this.#settings();
    return s ? presetsFor(this.wasm, { samples: s.subset, batch_size: s.batchSize, epochs: s.epochs }) : PRESETS;
  }

  /** Replaces the configurations (the default comparison, or a link's). */
  loadEntries(list, { writeUrl: write = true } = {}) {
    for (const e of this.entries) e.card.element.closest('li')?.remove();
    this.entries = [];
    for (const entry of list.slice(0, MAX_RUNS)) {
      if (entry.per_epoch) this.#addEntry(null, withKerasDefaults(entry.per_epoch));
      else this.#addEntry(withKerasDefaults(entry), null);
    }
    if (write) this.changed();
    else this.#refreshEntries();
  }

  #addEntry(optimizer, perEpoch) {
    if (this.entries.length >= MAX_RUNS) return;
    const index = this.entries.length;
    const resolved = perEpoch ? this.perEpochConfig(perEpoch) : null;
    const entry = { perEpoch, card: null, note: el('p', { class: 'hint' }) };
    entry.card = new ConfigCard({
      color: COMPARE_COLORS[index],
      optimizer: resolved?.optimizer ?? optimizer ?? QUESTION,
      validate: coreValidator(this.wasm),
      compact: true,
      presets: () => this.presets(),
      onChange: () => {
        // Re-planning loads the card itself: that is not an edit.
        if (this.refreshing) return;
        // An edited per-epoch configuration is the user's own from now on.
        entry.perEpoch = null;
        this.changed();
      },
      onRemove: () => {
        this.entries = this.entries.filter((e) => e !== entry);
        entry.card.element.closest('li')?.remove();
        this.changed();
      },
    });
    this.entries.push(entry);
    $('compare-configs').append(el('li', {}, entry.card.element, entry.note));
  }

  /** Recolours the cards, re-plans the per-epoch ones for the current settings, and notes them. */
  #refreshEntries() {
    const settings = this.#settings();
    this.refreshing = true;
    this.entries.forEach((entry, i) => {
      entry.card.color = COMPARE_COLORS[i];
      entry.card.element.style.setProperty('--swatch', COMPARE_COLORS[i]);
      entry.note.textContent = '';
      if (entry.perEpoch && settings) {
        const per = this.perEpochConfig(entry.perEpoch, settings);
        if (per.error) entry.note.textContent = `once per epoch: ${per.error}`;
        else {
          if (JSON.stringify(clean(per.optimizer)) !== JSON.stringify(entry.card.config)) entry.card.load(per.optimizer);
          entry.note.textContent = `${kerasExpression(entry.perEpoch)}, stepped once per epoch: decay_steps = ${grouped(per.plan.decay_steps)} (this comparison's updates per epoch), decay_rate = ${entry.perEpoch.decay} × ${grouped(per.plan.decay_steps)} = ${per.plan.decay_rate}.`;
        }
      }
      entry.card.render();
    });
    this.refreshing = false;
    $('compare-add').disabled = this.entries.length >= MAX_RUNS || this.busy;
    $('compare-start').disabled = this.entries.length === 0 || this.busy;
    this.#explain(settings);
  }

  /** Settings or configurations changed: re-plan, and keep the link in step. */
  changed() {
    this.#refreshEntries();
    writeUrl(this.urlEntries());
  }

  /** The entries as `?compare=` carries them; null for the default comparison (no parameter). */
  urlEntries() {
    const list = this.entries.map((e) => (e.perEpoch ? { per_epoch: clean(e.perEpoch) } : clean(e.card.config)));
    return JSON.stringify(list) === JSON.stringify(DEFAULT_ENTRIES.map((e) => (e.per_epoch ? { per_epoch: clean(e.per_epoch) } : clean(e))))
      ? null : list;
  }

  /** How this comparison's length relates to the question's 50 epochs × 1,875 updates. */
  #explain(settings) {
    const box = $('compare-explain');
    if (!settings) return;
    try {
      const ours = this.wasm.cnnEpochPlan(QUESTION, settings.subset, settings.batchSize, settings.epochs);
      const asker = this.wasm.cnnEpochPlan(QUESTION, ASKER_FIT.samples, ASKER_FIT.batch_size, ASKER_FIT.epochs);
      const lr = QUESTION.learning_rate;
      const oursLast = ours.last_lr;
      const askerLast = asker.last_lr;
      box.textContent = `${grouped(settings.epochs)} epochs × ${grouped(ours.steps_per_epoch)} updates (${grouped(settings.subset)} digits, batch ${settings.batchSize}) = ${grouped(ours.updates)} updates: decay=${QUESTION.decay} takes the lr from ${lr} to ${formatNumber(oursLast)} (${(oursLast / lr).toFixed(2)} of it) by the last update. `
        + `The question's run, 50 epochs × ${grouped(asker.steps_per_epoch)} updates = ${grouped(asker.updates)}, passes the same ${grouped(ours.updates)} updates in its epoch ${Math.ceil(ours.updates / asker.steps_per_epoch)} and ends at ${formatNumber(askerLast)} (${(askerLast / lr).toFixed(3)} of the base lr): this comparison shows the start of that fall, not all of it. `
        + 'Every run starts from the same weights and sees the same batches in the same order; only the optimizer differs.';
    } catch (e) {
      box.textContent = String(e?.message ?? e);
    }
  }

  get busy() {
    return this.state === 'running' || this.state === 'paused';
  }

  #setState(state) {
    this.state = state;
    document.body.dataset.compareState = state;
    $('compare-pause').disabled = state !== 'running';
    $('compare-resume').disabled = state !== 'paused';
    $('compare-cancel').disabled = !this.busy;
    $('compare-start').disabled = this.busy || this.entries.length === 0;
    $('compare-add').disabled = this.busy || this.entries.length >= MAX_RUNS;
    $('compare-default').disabled = this.busy;
    const live = this.runs.filter((r) => r.client).length;
    const queued = this.runs.filter((r) => r.status === 'queued').length;
    $('compare-state').textContent = {
      idle: 'ready',
      running: `training ${live} at once${queued ? `, ${queued} waiting (${this.parallel} cores)` : ''}…`,
      paused: 'paused',
      done: 'finished',
      cancelled: 'cancelled',
    }[state];
  }

  start() {
    if (this.busy) return;
    const settings = this.#settings();
    if (!settings) return;
    this.#terminateAll();
    this.runs = [];
    for (const [i, entry] of this.entries.entries()) {
      let optimizer = entry.card.config;
      let label = shortLabel(optimizer);
      if (entry.perEpoch) {
        const per = this.perEpochConfig(entry.perEpoch, settings);
        if (per.error) {
          entry.note.textContent = `once per epoch: ${per.error}`;
          return;
        }
        optimizer = per.optimizer;
        label = shortLabel(optimizer, entry.perEpoch, per.plan);
      }
      this.runs.push(new Run(i, clean(optimizer), label, settings));
    }
    this.maxLive = 0;
    document.body.dataset.compareWorkersMax = '0';
    this.#renderProgress();
    this.#setState('running');
    this.#pump();
    this.draw();
  }

  /** Starts queued runs while fewer than `parallel` train. */
  #pump() {
    if (this.state !== 'running') return;
    for (const run of this.runs) {
      if (this.runs.filter((r) => r.client).length >= this.parallel) break;
      if (run.status === 'queued') this.#launch(run);
    }
    const live = this.runs.filter((r) => r.client).length;
    this.maxLive = Math.max(this.maxLive, live);
    document.body.dataset.compareWorkers = String(live);
    document.body.dataset.compareWorkersMax = String(this.maxLive);
    if (!live && this.runs.every((r) => r.status !== 'queued')) this.#setState('done');
    else this.#setState(this.state);
  }

  #launch(run) {
    run.status = 'loading';
    run.client = new WorkerClient({
      ...this.workerOptions,
      lean: true,
      progressMs: PROGRESS_MS,
      onMessage: (m) => this.#onMessage(run, m),
      onFailed: (message) => this.#finish(run, 'error', message),
    });
    this.#updateRow(run);
  }

  #onMessage(run, m) {
    switch (m.type) {
      case 'ready':
        run.client.startWatchdog();
        // Paused while this worker was loading: it starts on Resume all, not before.
        if (this.state === 'paused') {
          run.status = 'paused';
          this.#updateRow(run);
        } else this.#startTraining(run);
        break;
      case 'state':
        if (m.state === 'running') {
          run.status = 'running';
          run.startClock();
          // Paused between Start and the worker's answer: it stops after at most one chunk.
          if (this.state === 'paused') run.client.post({ type: 'pause' });
        } else if (m.state === 'paused') {
          run.status = 'paused';
          run.stopClock();
        }
        this.#updateRow(run);
        break;
      case 'progress':
        run.history.pushChunk(m.chunk);
        run.pushLoss(m.chunk.loss);
        run.iterations = m.chunk.iterations;
        // The row moves with the charts' next drawing, not on every message.
        run.rowStale = true;
        this.scheduleDraw();
        break;
      case 'epoch':
        run.history.pushEpoch(m);
        this.scheduleDraw();
        break;
      case 'done':
        this.#finish(run, 'done');
        break;
      case 'error':
        if (['training', 'start', 'init', 'dataset'].includes(m.context)) this.#finish(run, 'error', m.message);
        break;
      default:
        break;
    }
  }

  #startTraining(run) {
    const s = run.settings;
    run.started = true;
    run.client.post({ type: 'start', network: s.network, optimizer: run.optimizer, epochs: s.epochs, batchSize: s.batchSize, seed: s.seed, subset: s.subset });
  }

  #finish(run, status, message = '') {
    run.stopClock();
    run.status = status;
    run.error = message;
    run.client?.terminate();
    run.client = null;
    this.#updateRow(run);
    this.#renderTable();
    this.scheduleDraw();
    this.#pump();
  }

  pause() {
    if (this.state !== 'running') return;
    for (const run of this.runs) run.client?.post({ type: 'pause' });
    this.#setState('paused');
  }

  resume() {
    if (this.state !== 'paused') return;
    this.#setState('running');
    for (const run of this.runs) {
      if (run.status !== 'paused' || !run.client) continue;
      if (run.started) run.client.post({ type: 'resume' });
      else this.#startTraining(run);
    }
    this.#pump();
  }

  cancel() {
    if (!this.busy) return;
    for (const run of this.runs) {
      if (['done', 'error'].includes(run.status)) continue;
      run.stopClock();
      run.status = 'cancelled';
    }
    this.#terminateAll();
    this.runs.forEach((r) => this.#updateRow(r));
    this.#renderTable();
    document.body.dataset.compareWorkers = '0';
    this.#setState('cancelled');
  }

  #terminateAll() {
    for (const run of this.runs) {
      run.client?.terminate();
      run.client = null;
    }
  }

  #renderProgress() {
    $('compare-progress').replaceChildren(...this.runs.map((run) => {
      const li = el('li', { 'data-run': run.index },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        el('label', { for: `compare-progress-${run.index}`, class: 'run-label', text: run.label }),
        el('progress', { id: `compare-progress-${run.index}`, max: run.total, value: 0 }),
        el('span', { class: 'readout run-status' }));
      li.style.setProperty('--swatch', run.color);
      return li;
    }));
    this.runs.forEach((r) => this.#updateRow(r));
    this.#renderTable();
  }

  #updateRow(run) {
    run.rowStale = false;
    const li = $('compare-progress').querySelector(`[data-run="${run.index}"]`);
    if (!li) return;
    li.dataset.status = run.status;
    li.querySelector('progress').value = run.iterations;
    const text = {
      queued: 'waiting for a free core',
      loading: 'starting its worker…',
      running: `${grouped(run.iterations)} / ${grouped(run.total)} updates`,
      paused: `paused at ${grouped(run.iterations)} / ${grouped(run.total)}`,
      done: `done in ${run.seconds.toFixed(1)} s`,
      error: `stopped: ${run.error}`,
      cancelled: `cancelled at ${grouped(run.iterations)} / ${grouped(run.total)}`,
    }[run.status];
    li.querySelector('.run-status').textContent = text;
  }

  #renderTable() {
    const head = el('tr', {}, ...['configuration', 'final test accuracy', 'best test accuracy', 'final training loss', 'last lr ÷ first lr', 'time'].map((t) => el('th', { scope: 'col', text: t })));
    const rows = this.runs.map((run) => {
      const h = run.history;
      const best = h.testAcc.length ? Math.max(...h.testAcc) : NaN;
      const bestEpoch = h.epochs[h.testAcc.indexOf(best)];
      const eff = h.effective.view();
      const fraction = eff.length ? eff[eff.length - 1] / eff[0] : NaN;
      const name = el('th', { scope: 'row' }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), run.label);
      name.style.setProperty('--swatch', run.color);
      const tr = el('tr', { 'data-run': run.index, 'data-status': run.status },
        name,
        el('td', { 'data-final-accuracy': h.testAcc.at(-1) ?? '', text: pct(h.testAcc.at(-1)) }),
        el('td', { text: Number.isFinite(best) ? `${pct(best)} (epoch ${bestEpoch})` : '—' }),
        el('td', { text: h.trainLoss.length ? formatNumber(h.trainLoss.at(-1)) : '—' }),
        el('td', { text: Number.isFinite(fraction) ? fraction.toFixed(3) : '—' }),
        el('td', { text: run.status === 'done' ? `${run.seconds.toFixed(1)} s` : run.status }));
      return tr;
    });
    $('compare-results').replaceChildren(
      el('caption', { text: 'Each configuration after its last epoch (test accuracy on the 2,000 held-out digits)' }),
      el('thead', {}, head), el('tbody', {}, rows));
  }

  /**
   * Redraws on a frame at least DRAW_MS after the last drawing: the main thread shares the
   * cores with the workers, and every change on the page costs a rendered frame.
   */
  scheduleDraw() {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, DRAW_MS - (performance.now() - (this.drawnAt ?? 0)));
    setTimeout(() => requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    }), wait);
  }

  draw() {
    this.drawnAt = performance.now();
    const runs = this.runs;
    for (const run of runs) if (run.rowStale) this.#updateRow(run);
    const spe = runs[0]?.settings.stepsPerEpoch ?? 1;
    const longest = Math.max(1, ...runs.map((r) => r.history.loss.length));
    const markers = epochMarkers(longest, spe);
    this.lossChart.setData(runs.map((r) => ({
      label: r.label, color: r.color, y: r.smooth.view(), hover: r.history.loss.view(), width: 1.6,
    })), { markers });
    this.accChart.setData(runs.map((r) => ({
      label: r.label, color: r.color, x: Float32Array.from(r.history.epochs), y: Float32Array.from(r.history.testAcc), points: true,
    })), { xMax: Math.max(1, runs[0]?.settings.epochs ?? 1) });
    const lr = runs.map((r) => ({ label: r.label, color: r.color, y: r.history.effective.view(), width: 2 }));
    const logged = runs.map((r) => ({ label: '', color: r.color, y: r.history.reported.view(), dash: [3, 4], width: 1.2 }));
    const key = runs.length ? [{ label: 'dashed: optimizer.lr as TensorBoard logs it', color: '#868e96', y: [], dash: [3, 4], width: 1.2 }] : [];
    this.lrChart.setData([...lr, ...logged, ...key], { markers });
  }

  /** For the end-to-end tests: every run's curves as plain numbers. */
  curves() {
    return this.runs.map((r) => ({
      label: r.label,
      status: r.status,
      optimizer: r.optimizer,
      loss: Array.from(r.history.loss.view()),
      effective: Array.from(r.history.effective.view()),
      testAcc: r.history.testAcc.slice(),
      trainLoss: r.history.trainLoss.slice(),
    }));
  }
}
