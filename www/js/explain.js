// The claim chart beside the misreadings: Keras's real lr per epoch against "the lr is divided
// by decay after each epoch", both computed by the core (wasm `runSummary`, `lrAt`).
import { LineChart } from './chart.js';

/** The legacy Adam this panel explains. */
const legacyAdam = (lr, decay) => ({ name: 'adam', api: 'legacy', learning_rate: lr, decay });

/**
 * The core's summary of `epochs` epochs of `samples` at `batchSize` for a legacy Adam: updates
 * per epoch (Keras's ceil), the lr at the start of each epoch and of the last update.
 */
function fitSummary(wasm, lr, decay, epochs, samples, batchSize) {
  return wasm.runSummary(legacyAdam(lr, decay), { samples, batch_size: batchSize, epochs });
}

/**
 * "lr is divided by decay after each epoch", taken literally: `lr · (1/decay)^epoch`, which is
 * Keras's ExponentialDecay with `decay_rate = 1/decay` and one step per epoch, so the core
 * computes the claim too.
 */
export function claimPerEpoch(wasm, lr, decay, epochs) {
  const claim = { name: 'sgd', api: 'keras3', learning_rate: { schedule: 'exponential_decay', initial_learning_rate: lr, decay_steps: 1, decay_rate: 1 / decay } };
  return wasm.lrAt(claim, Array.from({ length: epochs + 1 }, (_, e) => e)).effective_lr;
}

/** Epochs the claim chart shows: the literal claim leaves float range soon after. */
const CLAIM_EPOCHS = 10;

/**
 * The misreading "divided by decay after each epoch" as a chart: Keras's lr at the start of each
 * epoch beside the literal claim, both from the core.
 */
export function renderClaimChart({ wasm, chart, adam, datasetSize, batchSize }) {
  const { learning_rate: lr, decay } = adam;
  const s = fitSummary(wasm, lr, decay, CLAIM_EPOCHS, datasetSize, batchSize);
  const xs = Float32Array.from({ length: CLAIM_EPOCHS + 1 }, (_, e) => e);
  const claim = decay > 0 ? claimPerEpoch(wasm, lr, decay, CLAIM_EPOCHS) : new Float32Array(0);
  chart.setData([
    { label: 'Keras: lr at epoch start', color: '#2f6fdf', y: Float32Array.from(s.epoch_effective_lr), x: xs, points: true },
    { label: '“divided by decay each epoch”', color: '#d1495b', y: claim, x: xs, dash: [6, 4] },
  ], { xMax: CLAIM_EPOCHS });
}

export function claimChart(canvas, readout) {
  return new LineChart(canvas, { xLabel: 'epoch', log: true, readout });
}
