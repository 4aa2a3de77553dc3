// The readings of pasted code that does not say which Keras runs it. `parseKerasCode` then
// returns the legacy reading as `optimizer` and the others in `alternatives` (today: Nadam,
// whose momentum schedule differs between legacy and Keras 3), each with what differs; this
// module turns them into a choice the reader makes. It is not wired into a page by itself:
// `readingsChoice(parsed, onPick)` returns the element to show (or null), and calls `onPick`
// with the optimizer configuration the reader picks.
import { el } from './dom.js';
import { kerasExpression } from './optimizers.js';

let uid = 0;

/**
 * Every reading of the pasted optimizer, the one `parseKerasCode` chose first; empty when the
 * code has one reading (no alternatives) or no optimizer.
 * @param {{optimizer: object | null, alternatives?: {optimizer: object, label: string, differs: string}[]}} parsed
 * @returns {{optimizer: object, label: string, differs: string | null, expression: string}[]}
 */
export function codeReadings(parsed) {
  const alternatives = parsed?.alternatives ?? [];
  if (!parsed?.optimizer || alternatives.length === 0) return [];
  const first = parsed.optimizer;
  const expression = kerasExpression(first);
  const cls = expression.slice(0, expression.indexOf('('));
  return [
    {
      optimizer: first,
      label: first.api === 'keras3'
        ? `Keras 3: keras.optimizers.${cls}`
        : `Legacy: tf_keras.optimizers.legacy.${cls} (tf.keras.optimizers.${cls} up to TF 2.10)`,
      differs: null,
      expression,
    },
    ...alternatives.map((a) => ({
      optimizer: a.optimizer,
      label: a.label,
      differs: a.differs,
      expression: kerasExpression(a.optimizer),
    })),
  ];
}

/**
 * A radio group of the readings (the first one checked), or null when there is nothing to pick.
 * @param {Parameters<typeof codeReadings>[0]} parsed
 * @param {(optimizer: object) => void} onPick called with a copy of the picked reading's optimizer
 * @returns {HTMLFieldSetElement | null}
 */
export function readingsChoice(parsed, onPick) {
  const readings = codeReadings(parsed);
  if (readings.length === 0) return null;
  const name = `code-reading-${++uid}`;
  const box = el('fieldset', { class: 'code-readings' }, el('legend', { text: 'Which Keras runs this code?' }));
  readings.forEach((r, i) => {
    const input = el('input', { type: 'radio', name, value: String(i), checked: i === 0 });
    input.addEventListener('change', () => {
      if (input.checked) onPick(structuredClone(r.optimizer));
    });
    box.append(el('label', {}, input, ` ${r.label}: `, el('code', { text: r.expression })));
    if (r.differs) box.append(el('p', { class: 'code-reading-differs', text: `What differs: ${r.differs}.` }));
  });
  return box;
}
