// The explanation panel: each point of the `decay` question answered in plain words, with
// numbers taken from the current configuration and computed by the same core that runs the
// optimizers (wasm `lrSchedule`), never re-derived here.
import { el } from './configs-ui.js';
import { formatNumber, LineChart } from './chart.js';

const code = (t) => el('code', { text: t });
const f = formatNumber;

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
function claimPerEpoch(wasm, lr, decay, epochs) {
  const claim = { name: 'sgd', api: 'keras3', learning_rate: { schedule: 'exponential_decay', initial_learning_rate: lr, decay_steps: 1, decay_rate: 1 / decay } };
  return wasm.lrAt(claim, Array.from({ length: epochs + 1 }, (_, e) => e)).effective_lr;
}

export function renderExplanation(root, { wasm, adam, datasetSize, batchSize }) {
  const lr = adam.learning_rate;
  const decay = adam.decay;
  const epochs = 50;
  const s = fitSummary(wasm, lr, decay, epochs, datasetSize, batchSize);
  const spe = s.steps_per_epoch;
  const afterOne = s.epoch_effective_lr[1];
  const afterFifty = s.epoch_effective_lr[epochs];
  // Read as per epoch, iterations would be 1 after one epoch: the lr of the update at iterations 1.
  const first = wasm.lrAt(legacyAdam(lr, decay), [0, 1]);
  const perEpochMisreading = first.effective_lr[1];
  const firstStepSize = first.step_size?.[0];
  const call = `Adam(learning_rate=${lr}, decay=${decay})`;
  const items = [
    el('li', {},
      el('strong', { text: 'Why the logged lr stays at ' }), code(String(lr)), el('strong', { text: '. ' }),
      'Legacy ', code('decay'), ' is applied inside each update: ', code('lr_eff = lr / (1 + decay · iterations)'),
      '. The variable ', code('optimizer.lr'), ' is never changed, so it returns ', code(String(lr)),
      ' after any number of steps. TensorBoard logs a learning rate only when it is a schedule; ',
      code('LearningRateScheduler'), ' and ', code('ReduceLROnPlateau'), ' write the base lr into ', code("logs['lr']"),
      `, so History, CSVLogger and TensorBoard show ${lr}, ${lr}, ${lr}, … — while the update at the end of epoch 1 really used `,
      code(f(afterOne)), '.'),
    el('li', {},
      el('strong', { text: 'Per update (batch), not per epoch. ' }),
      code('iterations'), ` counts batches: with ${datasetSize} samples at batch size ${batchSize} an epoch is `,
      code(`ceil(${datasetSize} / ${batchSize}) = ${spe}`), ` updates, so after one epoch lr_eff = ${lr} / (1 + ${decay} · ${spe}) = `,
      code(f(afterOne)), `. Read as per epoch it would be ${f(perEpochMisreading)} — ${f(perEpochMisreading / afterOne)}× too high.`),
    el('li', {},
      el('strong', { text: 'The first update uses the full lr; bias correction counts from 1. ' }),
      code('iterations'), ' is 0 during the first update, so lr_eff = ', code(String(lr)),
      '. Adam\'s bias correction uses ', code('t = iterations + 1'), ': the first step size is ',
      code('lr_t = lr_eff · √(1 − β₂ᵗ) / (1 − β₁ᵗ)'), firstStepSize !== undefined ? ' = ' : '', firstStepSize !== undefined ? code(f(firstStepSize)) : '',
      ' with the default betas.'),
    el('li', {},
      el('strong', { text: 'Adam\'s adaptive step is not lr decay. ' }),
      'Each parameter moves by ', code('lr_t · m / (√v + ε)'), ': the ratio m/√v adapts per parameter to the gradients\' size, and ',
      code('lr_t'), ' starts below lr and rises towards lr_eff as the bias correction fades (dashed line in the chart). ',
      'Neither is decay; only ', code('decay'), ' (or a schedule) lowers lr_eff itself.'),
    el('li', {},
      el('strong', {}, code('decay'), ' is neither β₁/β₂ nor weight decay. '),
      code('beta_1'), ' and ', code('beta_2'), ' are the decay rates of the moment averages. ', code('AdamW'), "'s ",
      code('weight_decay'), ' shrinks the weights (', code('w −= lr · weight_decay · w'), ') and leaves the lr alone. ',
      'Legacy ', code('decay'), ' only lowers the learning rate.'),
    el('li', {},
      el('strong', { text: 'In Keras 3 and TF ≥ 2.11, decay is gone. ' }),
      'TF 2.11–2.15 (', code('tf.keras.optimizers.Adam'), ') raise ',
      code('ValueError: decay is deprecated in the new Keras optimizer, please check the docstring for valid arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.Adam.'),
      ' Keras 3 does not raise: it warns ', code('Argument `decay` is no longer supported and will be ignored.'),
      ' and trains with a constant lr — a silent change. ', code('lr='), ' raises ', code("ValueError: Argument(s) not recognized: {'lr': 0.003}"),
      '. The exact replacement is ', code(`Adam(learning_rate=InverseTimeDecay(initial_learning_rate=${lr}, decay_steps=1, decay_rate=${decay}))`),
      ' — the schedule sees iterations before the increment, so every update gets the same lr as legacy decay. ',
      'The other Keras 3 schedules are different curves: ', code('ExponentialDecay'), ' is lr · rateᵗ, not lr / (1 + rate · t); ',
      code('PolynomialDecay'), ' falls (straight, with ', code('power=1.0'), ') to ', code('end_learning_rate'), ' at ', code('decay_steps'),
      ' and stays there (', code('cycle=True'), ' starts again over the next multiple); ', code('CosineDecay'), ' follows a half cosine; ',
      code('CosineDecayRestarts'), ' restarts the cosine after ', code('first_decay_steps'), ', each period ', code('t_mul'),
      ' times longer and its peak ', code('m_mul'), ' times lower.'),
    el('li', {},
      el('strong', { text: 'Porting other legacy optimizers to Keras 3 changes more than decay. ' }),
      'Keras 3 ', code('Adagrad'), ' adds epsilon inside the square root (', code('lr · g / √(acc + ε)'), '; legacy: ', code('√acc + ε'),
      '). Keras 3 ', code('Nadam'), ' has no ', code('schedule_decay'), ': its momentum schedule is ', code('β₁ · (1 − 0.5 · 0.96ᵗ)'),
      ', legacy\'s ', code('β₁ · (1 − 0.5 · 0.96^(0.004 t))'), ', so the same arguments take another path. ', code('Adamax'),
      ' differs only in rounding. All Keras 3 optimizers take ', code('weight_decay'), ' (decoupled, as in AdamW).'),
    el('li', {},
      el('strong', { text: `Your ${call} over ${epochs} epochs: ` }),
      `at batch size ${batchSize} that is ${epochs * spe} updates; the update after them uses `, code(f(afterFifty)), ` — ${f((100 * afterFifty) / lr)}% of ${lr} (the lr was divided by ${f(lr / afterFifty)}).`),
    el('li', {},
      el('strong', { text: 'A claim sometimes made: “lr is divided by decay after each epoch”. ' }),
      `Taken literally, dividing by ${decay} multiplies the lr by ${f(1 / decay)} every epoch — it would explode (dashed curve below). `,
      'What Keras does is divide by ', code('1 + decay · iterations'), ', once per batch, which makes a smooth decline (solid).'),
  ];
  root.replaceChildren(el('ol', {}, items));
}

/** Epochs the claim chart shows: the literal claim leaves float range soon after. */
const CLAIM_EPOCHS = 10;

/**
 * The explanation's last point as a chart: Keras's lr at the start of each epoch beside the
 * literal claim "lr is divided by decay after each epoch", both from the core.
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
