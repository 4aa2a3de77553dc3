// The explanation panel: each point of the `decay` question answered in plain words, with
// numbers taken from the current configuration and computed by the same core that runs the
// optimizers (wasm `lrSchedule`), never re-derived here.
import { el } from './configs-ui.js';
import { formatNumber, LineChart } from './chart.js';

const code = (t) => el('code', { text: t });
const f = formatNumber;

/**
 * Learning rates from the core for a legacy Adam with this lr and decay, at the start of each
 * of `epochs` epochs (index e is iteration e · stepsPerEpoch).
 */
function epochStarts(wasm, lr, decay, epochs, stepsPerEpoch) {
  const iterations = Array.from({ length: epochs + 1 }, (_, e) => e * stepsPerEpoch);
  return wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: lr, decay }, iterations);
}

/**
 * Renders the numbered answers.
 * @param {HTMLElement} root
 * @param {object} o
 * @param {any} o.wasm
 * @param {{learning_rate: number, decay: number, beta_1?: number, beta_2?: number}} o.adam  the legacy Adam shown
 * @param {number} o.datasetSize @param {number} o.batchSize
 */
export function renderExplanation(root, { wasm, adam, datasetSize, batchSize }) {
  const lr = adam.learning_rate;
  const decay = adam.decay;
  const spe = Math.ceil(datasetSize / batchSize);
  const epochs = 50;
  const s = epochStarts(wasm, lr, decay, epochs, spe);
  const afterOne = s.effective_lr[1];
  const afterFifty = s.effective_lr[epochs];
  const perEpochMisreading = lr / (1 + decay * 1);
  const firstStepSize = s.step_size?.[0];
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
      el('strong', { text: 'Calculator: ' }), 'below — after E epochs of N samples at batch size B, the effective lr is …'),
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

/**
 * The calculator and the chart of the last point.
 * @param {object} o
 */
export function renderCalculator({ wasm, resultEl, chart, lr, decay, epochs, n, batch }) {
  const spe = Math.ceil(n / batch);
  const steps = epochs * spe;
  const shown = Math.max(1, Math.min(epochs, 60));
  const s = epochStarts(wasm, lr, decay, shown, spe);
  const at = wasm.lrAt({ name: 'adam', api: 'legacy', learning_rate: lr, decay }, [steps]).effective_lr[0];
  resultEl.replaceChildren(
    'After ', el('strong', { text: String(epochs) }), ` epochs of ${n} samples at batch size ${batch} (${spe} updates per epoch, ${steps} updates), the effective lr is `,
    el('strong', { text: f(at) }), ` (${f((100 * at) / lr)}% of ${lr}); `, code('optimizer.lr'), ` still reports ${lr}.`,
  );
  const xs = Float32Array.from({ length: shown + 1 }, (_, e) => e);
  const real = s.effective_lr;
  const claim = Float32Array.from(xs, (e) => lr / decay ** e);
  chart.setData([
    { label: 'Keras: lr at epoch start', color: '#2f6fdf', y: real, x: xs, points: shown <= 30 },
    { label: '“divided by decay each epoch”', color: '#d1495b', y: claim, x: xs, dash: [6, 4] },
  ], { xMax: shown });
}

export function claimChart(canvas, readout) {
  return new LineChart(canvas, { xLabel: 'epoch', log: true, readout });
}
