// "Once per epoch, as you planned": what to paste to lower the lr once per epoch instead of at
// every update, with the reader's own run. The core's `epochPlan` chooses the numbers
// (`decay_steps` = the run's updates per epoch, `decay_rate`, the per-epoch factor) and computes
// the lr every form gives at every epoch; `epochPlanCode` writes the code. Each snippet was run
// with real Keras and torch (scripts/epoch_plan_reference.py) and matched the core bit for bit.
import { el } from './dom.js';
import { formatNumber } from './chart.js';
import { epochPlanCode } from './codegen.js';
import { copyText } from './playground/controls.js';

const f = formatNumber;
const code = (t) => el('code', { text: t });
/** `1875` → `1,875`. */
const grouped = (n) => Number(n).toLocaleString('en-US');

/**
 * The optimizer configuration whose lr is the plan's staircase (for `lrSchedule` / `lrAt`).
 * @param {object} plan  the core's `epochPlan`
 */
export function staircaseConfig(plan) {
  return { name: 'sgd', api: 'keras3', learning_rate: plan.inverse_time };
}

/**
 * One sentence with the difference in numbers: where per update and once per epoch agree, and
 * where they part (inside epoch 1, and at the last update).
 * @param {object} plan  the core's `epochPlan`
 */
export function planSentence(plan) {
  const pe = plan.per_epoch;
  const last = plan.epochs - 1;
  if (plan.source === 'ignored_decay') {
    return `Your run keeps ${f(pe.run_first[0])} for every update (decay= is ignored); with the decay=${plan.decay} you wrote, once per epoch would give epoch 2 ${f(pe.inverse_time[1] ?? pe.inverse_time[0])} and the last epoch ${f(pe.inverse_time[last])}.`;
  }
  if (plan.epochs === 1) {
    return `With one epoch there is no epoch boundary: once per epoch keeps ${f(pe.inverse_time[0])} for all ${grouped(plan.steps_per_epoch)} updates, while per update the lr falls to ${f(pe.run_last[0])}.`;
  }
  return `After epoch 1 your lr is ${f(pe.inverse_time[1])} either way, but during epoch 1 it falls from ${f(pe.run_first[0])} to ${f(pe.run_last[0])} per update while once per epoch it stays at ${f(pe.inverse_time[0])}; the last update uses ${f(pe.run_last[last])} per update, ${f(pe.inverse_time[last])} once per epoch.`;
}

/**
 * The CNN page's comparison of this run: no decay, the run's decay per update, and the same
 * decay once per epoch with the CNN page's own updates per epoch (`cnn.html?compare=`).
 * @param {object} optimizer  the run's optimizer configuration (with inverse-time decay)
 */
export function compareLink(optimizer) {
  const noDecay = structuredClone(optimizer);
  if (typeof noDecay.learning_rate === 'object' && noDecay.learning_rate !== null) noDecay.learning_rate = noDecay.learning_rate.initial_learning_rate;
  if (noDecay.api === 'legacy') noDecay.decay = 0;
  else delete noDecay.decay;
  return `cnn.html?compare=${encodeURIComponent(JSON.stringify([noDecay, optimizer, { per_epoch: optimizer }]))}#compare`;
}

/** A code box that scrolls inside itself, with its Copy button and status. */
function codeCard({ title, note, source, label, alternative }) {
  const status = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const pre = el('pre', { class: 'code plan-code', tabindex: 0, role: 'group', 'aria-label': label }, code(source));
  const children = [
    el('h3', { class: 'plan-card-title' }, ...title),
    note ? el('p', { class: 'plan-note' }, ...note) : null,
    pre,
    el('p', { class: 'fix-actions' }, el('button', { type: 'button', 'data-plan-copy': label, onclick: () => copyText(source, status, pre) }, 'Copy'), ' ', status),
  ];
  if (alternative?.full) {
    const altStatus = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    const altPre = el('pre', { class: 'code plan-code', tabindex: 0, role: 'group', 'aria-label': alternative.label }, code(alternative.source));
    children.push(el('p', { class: 'plan-alt' }, ...alternative.text), altPre,
      el('p', { class: 'fix-actions' }, el('button', { type: 'button', 'data-plan-copy': alternative.label, onclick: () => copyText(alternative.source, altStatus, altPre) }, 'Copy'), ' ', altStatus));
  } else if (alternative) {
    const altStatus = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    const altCode = el('code', { text: alternative.line });
    children.push(el('p', { class: 'plan-alt' }, ...alternative.text, ' ', altCode, ' ',
      el('button', { type: 'button', 'data-plan-copy': alternative.label, onclick: () => copyText(alternative.source, altStatus, altCode) }, 'Copy'), ' ', altStatus));
  }
  return el('div', { class: 'plan-card' }, children);
}

/** Up to this many epochs the table lists every one; beyond, the first and the last ones. */
const ALL_EPOCHS_UP_TO = 60;
const FIRST_EPOCHS_SHOWN = 40;
const LAST_EPOCHS_SHOWN = 10;

/**
 * The epochs the table lists: every one for a run of up to `ALL_EPOCHS_UP_TO` epochs, else the
 * first and the last ones (a run may have 100,000 epochs, and a table of that many rows would
 * stall the page on every keystroke). `null` marks the gap.
 * @param {number} epochs @returns {(number|null)[]} 0-based epochs
 */
export function shownEpochs(epochs) {
  if (epochs <= ALL_EPOCHS_UP_TO) return Array.from({ length: epochs }, (_, e) => e);
  return [
    ...Array.from({ length: FIRST_EPOCHS_SHOWN }, (_, e) => e),
    null,
    ...Array.from({ length: LAST_EPOCHS_SHOWN }, (_, i) => epochs - LAST_EPOCHS_SHOWN + i),
  ];
}

/** The per-epoch table: iterations, the run's lr at an epoch's first and last update, the plan's. */
function epochTable(plan) {
  const pe = plan.per_epoch;
  const head = el('tr', {}, el('th', { scope: 'col', text: 'epoch' }), el('th', { scope: 'col', text: 'iterations' }),
    el('th', { scope: 'col', text: 'per update (first → last)' }), el('th', { scope: 'col', text: 'once per epoch' }));
  const rows = shownEpochs(pe.iteration.length).map((e) => (e === null
    ? el('tr', { class: 'gap' }, el('td', {
      colspan: 4,
      text: `… epochs ${grouped(FIRST_EPOCHS_SHOWN + 1)} to ${grouped(pe.iteration.length - LAST_EPOCHS_SHOWN)} not listed: the lr keeps falling the same way (the chart above shows the whole run)`,
    }))
    : el('tr', {},
      el('td', { text: String(e + 1) }),
      el('td', { text: grouped(pe.iteration[e]) }),
      el('td', { text: `${f(pe.run_first[e])} → ${f(pe.run_last[e])}` }),
      el('td', { text: f(pe.inverse_time[e]) }))));
  return el('div', { class: 'table-wrap scroll-cue plan-table', tabindex: 0, role: 'group', 'aria-label': 'Learning rate per epoch: per update and once per epoch' },
    el('table', {}, el('thead', {}, head), el('tbody', {}, rows)));
}

/**
 * Fills the plan block for a run.
 * @param {HTMLElement} root  the block (index.html's `data-plan` elements)
 * @param {{plan: object, optimizer: object, fit: {batch_size: number, epochs: number}}} o
 *   `plan` is the core's `epochPlan` (or `{reason}` when the run has no inverse-time decay)
 */
export function renderPlan(root, { plan, optimizer, fit }) {
  const $ = (name) => root.querySelector(`[data-plan="${name}"]`);
  if (plan.reason) {
    $('summary').replaceChildren(plan.reason);
    $('compare').replaceChildren();
    $('cards').replaceChildren();
    return;
  }
  const snippets = epochPlanCode(optimizer, plan, fit);
  const pe = plan.per_epoch;
  const spe = grouped(plan.decay_steps);
  const sameAtStarts = pe.inverse_time.every((v, e) => v === pe.per_update[e]);
  const rateText = plan.source === 'inverse_time_decay' ? `your schedule's ${plan.decay} per update` : `decay=${plan.decay}`;
  $('summary').replaceChildren(
    'Keep each epoch at the lr its first update gets from ', code(rateText), ': ',
    code(`decay_steps=${plan.decay_steps}`), ` (your ${spe} updates per epoch) and `,
    code(`decay_rate=${plan.decay_rate}`), ` (${plan.decay} × ${spe}), `, code('staircase=True'), '. ',
    sameAtStarts
      ? `That is the per-update lr at every one of your ${grouped(plan.epochs)} epoch starts, to the last bit.`
      : 'That is the per-update lr at every epoch start (to float32 rounding: the two formulas round differently).',
  );
  const cards = [
    codeCard({
      title: ['Keras 3: ', code('InverseTimeDecay'), ', one step per epoch'],
      source: snippets.inverse_time,
      label: 'Keras 3 InverseTimeDecay per epoch',
      alternative: snippets.exponential && {
        full: true,
        text: ['Or divide by the same factor each epoch, ', code('ExponentialDecay'), ` ×${plan.factor}: epoch ${plan.epochs} then uses ${f(pe.exponential[plan.epochs - 1])} (inverse time: ${f(pe.inverse_time[plan.epochs - 1])}), but the epochs between differ.`],
        source: snippets.exponential,
        label: 'Keras 3 ExponentialDecay per epoch',
      },
    }),
    codeCard({
      title: ['Keras 2 (tf.keras legacy): a ', code('LearningRateScheduler'), ' callback'],
      note: ['The callback sets the lr at each epoch start, so History, CSVLogger and TensorBoard (', code('lr'), ' / ', code('epoch_lr'), ') then show the lr the updates use.'],
      source: snippets.callback_keras2,
      label: 'Keras 2 LearningRateScheduler',
      alternative: {
        text: ['Keras 3: the same function with'],
        line: `keras.callbacks.LearningRateScheduler(lr_for_epoch)`,
        source: snippets.callback_keras3,
        label: 'Keras 3 LearningRateScheduler',
      },
    }),
    codeCard({
      title: ['PyTorch: ', code('LambdaLR'), ', stepped once per epoch'],
      source: snippets.torch_lambda,
      label: 'PyTorch LambdaLR per epoch',
      alternative: snippets.torch_step && {
        text: ['Or divide by a factor each epoch:'],
        line: `StepLR(optimizer, step_size=1, gamma=${plan.factor})`,
        source: snippets.torch_step,
        label: 'PyTorch StepLR per epoch',
      },
    }),
  ];
  cards.push(el('div', { class: 'plan-card' },
    el('h3', { class: 'plan-card-title', text: 'Every epoch, both ways' }),
    el('p', { class: 'plan-note', text: 'The lr of the first and the last update of each epoch per update (decay=), and the one lr of the epoch once per epoch; iterations counts updates from 0.' }),
    epochTable(plan)));
  $('cards').replaceChildren(...cards);
  $('compare').replaceChildren('What does it do to training? ',
    el('a', { href: compareLink(optimizer), text: 'Train a small CNN on MNIST with no decay, your decay and this plan, side by side' }),
    ' (in your browser, one Web Worker per run).');
}
