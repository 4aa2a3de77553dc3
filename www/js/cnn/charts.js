// The single run's charts (loss per batch, accuracy per epoch, lr per update against the lr Keras
// logs) and the growing columns both they and the comparison draw from.
import { LineChart } from '../chart.js';

const COLORS = { loss: '#e8590c', train: '#1c7ed6', test: '#2f9e44', effective: '#d6336c', reported: '#868e96' };

/** A Float32Array that grows as chunks arrive; `view()` is what the charts draw. */
export class Column {
  constructor() {
    this.data = new Float32Array(1024);
    this.length = 0;
  }

  /** @param {ArrayLike<number>} values */
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

/**
 * Vertical lines at the epoch boundaries before `iterations`.
 * @param {number} iterations @param {number} stepsPerEpoch
 */
export function epochMarkers(iterations, stepsPerEpoch) {
  const markers = [];
  // Hundreds of lines would grey the chart: past 40 epochs only every fifth is drawn.
  const every = iterations / stepsPerEpoch > 40 ? 5 : 1;
  for (let e = every; e * stepsPerEpoch < iterations; e += every) markers.push({ x: e * stepsPerEpoch, label: `epoch ${e}` });
  return markers;
}

/** What one training run recorded: per update and per epoch. */
export class RunHistory {
  constructor() {
    this.loss = new Column();
    this.effective = new Column();
    this.reported = new Column();
    this.epochs = [];
    this.trainAcc = [];
    this.testAcc = [];
    this.testLoss = [];
    this.trainLoss = [];
  }

  clear() {
    for (const c of [this.loss, this.effective, this.reported]) c.clear();
    for (const k of ['epochs', 'trainAcc', 'testAcc', 'testLoss', 'trainLoss']) this[k] = [];
  }

  /** A progress chunk from the worker. */
  pushChunk(c) {
    this.loss.push(c.loss);
    this.effective.push(c.effective_lrs);
    this.reported.push(c.reported_lrs);
  }

  /** An epoch message from the worker. */
  pushEpoch(m) {
    this.epochs.push(m.epoch);
    this.trainAcc.push(m.train.accuracy);
    this.trainLoss.push(m.train.loss);
    this.testAcc.push(m.test.accuracy);
    this.testLoss.push(m.test.loss);
  }
}

/** The single run's three charts. */
export class SingleRunCharts {
  /** @param {{loss: HTMLCanvasElement, acc: HTMLCanvasElement, lr: HTMLCanvasElement}} canvases */
  constructor(canvases) {
    this.loss = new LineChart(canvases.loss, { xLabel: 'iteration', yLabel: 'loss', log: true });
    this.acc = new LineChart(canvases.acc, { xLabel: 'epoch', yLabel: 'accuracy', integerX: true, legend: true });
    this.lr = new LineChart(canvases.lr, { xLabel: 'iteration', yLabel: 'learning rate', legend: true });
    this.pending = false;
  }

  /** Redraws on the next frame (many chunks in one frame cost one drawing). */
  schedule(history, stepsPerEpoch, epochs) {
    this.args = [history, stepsPerEpoch, epochs];
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw(...this.args);
    });
  }

  /** @param {RunHistory} history @param {number} stepsPerEpoch @param {number} epochs */
  draw(history, stepsPerEpoch, epochs) {
    const markers = epochMarkers(history.loss.length, stepsPerEpoch);
    this.loss.setData([{ label: 'batch loss', color: COLORS.loss, y: history.loss.view() }], { markers });
    const x = Float32Array.from(history.epochs);
    this.acc.setData([
      { label: 'train accuracy', color: COLORS.train, x, y: Float32Array.from(history.trainAcc), points: true },
      { label: 'test accuracy', color: COLORS.test, x, y: Float32Array.from(history.testAcc), points: true },
    ], { xMax: Math.max(1, epochs) });
    this.lr.setData([
      { label: 'the truth: lr each update used', color: COLORS.effective, y: history.effective.view(), width: 2 },
      { label: 'TensorBoard: optimizer.lr as logged', color: COLORS.reported, y: history.reported.view(), dash: [3, 4], width: 2 },
    ], { markers });
  }
}

/** The optimizer card's colour on the single run's page. */
export const SINGLE_RUN_COLOR = COLORS.effective;
