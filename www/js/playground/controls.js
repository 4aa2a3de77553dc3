// Small helpers shared by the panels: a number input bound to one state field (errors shown
// at the field, the last valid value kept), and copying text with a fallback.
import { parseField } from '../configs-ui.js';
import { changed } from './state-sync.js';

/**
 * Binds input part `name` to `ctx.state[key]`: a valid value is stored and `after()` runs; an
 * invalid one marks the input and explains at part `errorName`.
 */
export function bindNumber(ctx, name, key, spec, errorName, after) {
  const input = ctx.$(name);
  input.addEventListener('input', () => {
    const r = parseField(input.value, spec);
    const error = ctx.$(errorName);
    if (r.error) {
      input.setAttribute('aria-invalid', 'true');
      const range = spec.max === undefined ? '' : ` (${spec.kind === 'int' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max})`;
      error.textContent = `${input.closest('label').textContent.trim()}: ${r.error}${range}`;
      error.hidden = false;
      return;
    }
    input.removeAttribute('aria-invalid');
    error.hidden = true;
    ctx.state[key] = r.value;
    after();
    changed(ctx);
  });
}

/** Copies text; where the clipboard is not available, shows it selected for Ctrl+C. */
export async function copyText(text, status, target) {
  if (target instanceof HTMLTextAreaElement) {
    target.value = text;
    target.hidden = false;
  }
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = 'Select and copy (Ctrl+C): the clipboard is not available here.';
    if (target instanceof HTMLTextAreaElement) target.select();
    else {
      const range = document.createRange();
      range.selectNodeContents(target);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
  }
}
