// The explanation panel (explain.js renders it from the core's numbers) with its claim chart,
// and the code export panel (codegen.js) for the chosen configuration.
import { el } from '../dom.js';
import { renderClaimChart, claimChart } from '../explain.js';
import { misreadingNumbers, renderMisreadings } from '../misreadings.js';
import { generateCode } from '../codegen.js';
import { defaultState } from '../state.js';
import { copyText } from './controls.js';

const CODE_TARGETS = [
  ['keras2', 'Keras 2 / tf.keras legacy'],
  ['keras3', 'Keras 3'],
  ['pytorch', 'PyTorch'],
];

/** Creates the explanation's claim chart. */
export function createPanels(ctx) {
  ctx.claimChart = claimChart(ctx.$('claim-chart'), ctx.$('claim-readout'));
}

/** The legacy configuration with decay the explanation uses (the question's, if none is shown). */
function explainedAdam(ctx) {
  const card = ctx.cards.find((c) => c.visible && c.config.api === 'legacy' && typeof c.config.learning_rate === 'number' && c.config.decay > 0);
  return card ? card.config : defaultState().configs[0].optimizer;
}

export function redrawExplanation(ctx) {
  const adam = explainedAdam(ctx);
  const { datasetSize, batchSize, epochs } = ctx.state;
  // Its numbers (the core's runSummary, lrAt, epochPlan) depend only on these: an edit of
  // another configuration, or of an argument they do not read, redraws nothing.
  const key = JSON.stringify([adam.learning_rate, adam.decay, datasetSize, batchSize, epochs]);
  if (ctx.explained === key) return;
  ctx.explained = key;
  const list = ctx.$('explanation');
  if (ctx.options.misreadingsAt) {
    // The page answers the misreadings elsewhere (the main page's first screens, with the
    // reader's run): one line that points there, not the same list twice.
    list.replaceChildren(el('li', {}, 'The misreadings of ', el('code', { text: 'decay' }), ' are answered ',
      el('a', { href: ctx.options.misreadingsAt, text: 'at the top of the page' }), ', with your run\'s numbers.'));
  } else {
    const fit = { samples: datasetSize, batch_size: batchSize, epochs };
    renderMisreadings(list, misreadingNumbers(ctx.wasm, { lr: adam.learning_rate, decay: adam.decay, fit }));
  }
  renderClaimChart({ wasm: ctx.wasm, chart: ctx.claimChart, adam, datasetSize, batchSize });
}

export function redrawCode(ctx) {
  const { $, state } = ctx;
  const select = $('code-config');
  const visible = ctx.cards.filter((c) => c.visible);
  const previous = select.value;
  select.replaceChildren(...visible.map((c) => el('option', { value: String(c.id), text: c.label })));
  if (visible.some((c) => String(c.id) === previous)) select.value = previous;
  const card = visible.find((c) => String(c.id) === select.value) ?? visible[0];
  if (!card) {
    $('code-blocks').replaceChildren(el('p', { class: 'hint', text: 'Show a configuration to export it.' }));
    return;
  }
  const code = generateCode(card.config, { functionId: state.functionId, conditionNumber: state.conditionNumber, start: state.start, steps: state.steps });
  $('code-blocks').replaceChildren(...CODE_TARGETS.map(([key, title]) => {
    const status = el('span', { class: 'share-status', role: 'status' });
    // Focusable: long lines scroll, and arrow keys scroll them.
    const pre = el('pre', { class: 'code', 'data-target': key, tabindex: 0, role: 'group', 'aria-label': `${title} code` }, el('code', { text: code[key] }));
    return el('div', { class: 'code-block' },
      el('div', { class: 'code-head' }, el('h3', { text: title }),
        el('button', { type: 'button', 'data-copy': key, text: 'Copy', onclick: () => copyText(code[key], status, pre) }), status),
      pre);
  }));
}

/** Wires the code panel's configuration picker. */
export function wirePanels(ctx) {
  ctx.$('code-config').addEventListener('change', () => redrawCode(ctx));
}
