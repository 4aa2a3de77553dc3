// The common misreadings of Keras's `decay`, each answered in a line or two with the reader's own
// numbers. Every number comes from the core (`lrAt`, `epochPlan`); the text is
// what real Keras does (shared keras-facts, checked by running it).
import { el } from './dom.js';
import { formatNumber } from './chart.js';
import { claimPerEpoch } from './explain.js';

const f = formatNumber;
const code = (t) => el('code', { text: t });
/** `1875` → `1,875`. */
const grouped = (n) => Number(n).toLocaleString('en-US');

/**
 * The numbers the list needs for a base lr and per-update decay over a fit, all from the core.
 * `plan`, the run's own `epochPlan` where the caller has it, is used when it is the same legacy
 * decay over at least 3 epochs, so that the core is not asked twice.
 * @param {any} wasm  the `plane` module
 * @returns {object|null} null when the run has no inverse-time decay to explain
 */
export function misreadingNumbers(wasm, { lr, decay, fit, plan = null }) {
  if (!(decay > 0)) return null;
  const legacy = { name: 'adam', api: 'legacy', learning_rate: lr, decay };
  const reuse = plan?.source === 'decay' && plan.epochs >= 3 && plan.learning_rate === lr && plan.decay === decay;
  const p = reuse ? plan : wasm.epochPlan(legacy, { ...fit, epochs: Math.max(fit.epochs, 3) });
  // The update at iterations 1, and Adam's first bias-corrected step size.
  const early = wasm.lrAt(legacy, [0, 1]);
  // "Divided by decay after each epoch", taken literally, after one and two epochs.
  const claim = claimPerEpoch(wasm, lr, decay, 2).slice(1);
  // The per-update lr at the start of epoch 2: legacy decay after one epoch's updates.
  return { lr, decay, spe: p.steps_per_epoch, afterOne: p.per_epoch.per_update[1], early, claim, plan: p };
}

/**
 * Renders the list into `root` (a `<ul>`), or a one-line note when the run has no decay.
 * @param {HTMLElement} root
 * @param {object|null} n  `misreadingNumbers(…)`
 */
export function renderMisreadings(root, n) {
  if (!n) {
    root.replaceChildren(el('li', {}, 'Give ', code('decay'), ' a value to see each misreading answered with your numbers.'));
    return;
  }
  const { lr, decay, spe, afterOne, early, claim, plan } = n;
  const perEpochReading = early.effective_lr[1];
  const pe = plan.per_epoch;
  const mid = Math.min(plan.epochs - 1, Math.max(1, Math.floor(plan.epochs / 2)));
  const last = plan.epochs - 1;
  const item = (title, ...body) => el('li', {}, el('strong', {}, ...title), ' ', ...body);
  root.replaceChildren(
    item(['Not ', code('beta_1'), ', not weight decay, not Nadam\'s ', code('schedule_decay'), '.'],
      code('beta_1'), '/', code('beta_2'), ' are the decay rates of Adam\'s moment averages. Weight decay (an L2 term, or Keras 3\'s and AdamW\'s ',
      code('weight_decay'), ') shrinks the weights, ', code('w −= lr · weight_decay · w'), '. Legacy Nadam uses ', code('schedule_decay'),
      ' (0.004) for its momentum and ignores ', code('decay='), ': its lr never decays. ', code('decay'), ' only lowers the learning rate.'),
    item(['Per update, not per epoch.'],
      code('iterations'), ` counts batches: after epoch 1 (${grouped(spe)} updates) the lr is ${lr} / (1 + ${decay} · ${grouped(spe)}) = `, code(f(afterOne)),
      `. Read per epoch it would be ${f(perEpochReading)}, ${f(perEpochReading / afterOne)}× too high.`),
    item(['The first update uses the full lr; Adam\'s bias correction is a separate factor.'],
      `During the first update iterations = 0, so it uses ${f(early.effective_lr[0])}. Adam then scales that by `, code('√(1 − β₂ᵗ) / (1 − β₁ᵗ)'),
      ' with ', code('t = iterations + 1'), early.step_size ? ` (first step size ${f(early.step_size[0])})` : '',
      ', which rises to 1 as training goes on, and each parameter\'s step by ', code('m / (√v + ε)'),
      '. Neither lowers the lr itself: "Adam already decays the lr" is not so; only decay (or a schedule) does.'),
    item(['"The lr is divided by decay after each epoch" is not what Keras does.'],
      `Taken literally, ${lr} / ${decay} would make the lr ${f(claim[0])} after one epoch and ${f(claim[1])} after two. Keras divides by `,
      code('1 + decay · iterations'), `, at every batch: ${f(afterOne)} after one epoch.`),
    item(['What TensorBoard logs, and when.'],
      'A legacy optimizer with a float lr and only the ', code('TensorBoard'), ' callback: no lr tag at all (', code('epoch_loss'), ', ', code('epoch_accuracy'), '). ',
      code('LearningRateScheduler'), ' and ', code('ReduceLROnPlateau'), ' put the base lr into the epoch\'s logs as ', code('lr'),
      ` (${lr} at every epoch, whatever decay does): History has it, CSVLogger and TensorBoard's `, code('epoch_lr'),
      ' only when listed after them in ', code('callbacks='), '. A schedule object, and any Keras 3 optimizer, is logged as ', code('epoch_learning_rate'),
      `: the lr of the next update (${f(afterOne)} after epoch 1 with the exact Keras 3 replacement).`),
    item(['Keras 3 ignores ', code('decay='), '; TF 2.11–2.15 raise; legacy keeps it.'],
      code(`keras.optimizers.Adam(learning_rate=${lr}, decay=${decay})`), ' warns ', code('Argument `decay` is no longer supported and will be ignored.'),
      ` and trains at ${lr} throughout. TF 2.11–2.15's `, code('tf.keras.optimizers.Adam'), ' raises ', code('ValueError: decay is deprecated in the new Keras optimizer'),
      '. The legacy classes (', code('tf.keras.optimizers.legacy.Adam'), ', tf_keras) still apply it per update.'),
    item([code('ExponentialDecay'), ' is not the legacy decay.'],
      'It multiplies the lr by the same factor each step; legacy decay divides by a growing ', code('1 + decay · iterations'),
      `. Once per epoch and matched at epochs 1 and ${plan.epochs} (factor ${plan.factor}), the exponential form is at ${f(pe.exponential[mid])} in epoch ${mid + 1} where inverse-time decay is at ${f(pe.inverse_time[mid])}; `,
      `per update the legacy lr ends at ${f(pe.run_last[last])}.`),
  );
}
