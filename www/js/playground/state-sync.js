// An instance's state and where it goes: the state object itself (everything but the
// configurations, which live in the configuration list), the `change` event, the throttled
// URL fragment, the notice listing what a link or an option could not use, and applying a
// whole state (a link, setConfig) to the inputs and drawings.
import { coreValidator } from '../configs-ui.js';
import { applyCompact, describeIgnored, parseState, serializeState } from '../state.js';
import { optionsToCompact } from './options.js';

const HASH_THROTTLE_MS = 250;
/** The panels a figure can show, one of them. */
const FIGURE_PANELS = ['paths', 'lr', 'loss'];

/** The core's verdict on an optimizer as `{field, message}` or null (configs-ui.js). */
export const validateOptimizer = (ctx, optimizer) => coreValidator(ctx.wasm)(optimizer);

/** The core's verdict as one line, `field: message`, or null. */
export function validateText(ctx, optimizer) {
  const p = validateOptimizer(ctx, optimizer);
  return p ? `${p.field}${p.field ? ': ' : ''}${p.message}` : null;
}

/** The shown function's metadata from the core (`ctx.functions`, read once per page). */
export const functionMeta = (ctx) => ctx.functions.find((f) => f.id === ctx.state.functionId);

/** The whole visible state, configurations included. */
export function currentState(ctx) {
  return { ...structuredClone(ctx.state), configs: ctx.cards.map((c) => ({ optimizer: structuredClone(c.config), visible: c.visible })) };
}

/** The state as a link fragment, `v1.…`. */
export const fragment = (ctx) => serializeState(currentState(ctx), ctx.functions);

/** Tells listeners, and (on the main page) the URL fragment, that the state changed. */
export function changed(ctx) {
  if (ctx.destroyed) return;
  ctx.emit('change', currentState(ctx));
  if (!ctx.options.hash) return;
  // Throttled: at most one history entry rewrite per HASH_THROTTLE_MS, with the latest state.
  if (ctx.saveTimer) return;
  ctx.saveTimer = setTimeout(() => {
    ctx.saveTimer = 0;
    if (ctx.destroyed) return;
    ctx.lastHash = `#${fragment(ctx)}`;
    if (location.hash !== ctx.lastHash) history.replaceState(history.state, '', ctx.lastHash);
  }, HASH_THROTTLE_MS);
}

/** Lists what was ignored in the notice (hidden when nothing was). */
export function showNotice(ctx, ignored) {
  const text = describeIgnored(ignored);
  ctx.$('notice-text').textContent = text;
  ctx.notice.hidden = !text;
}

/** Resolves options (a link, then explicit options over it) into a state and what was ignored. */
export function resolve(ctx, opts, base) {
  const { functions } = ctx;
  const validate = (o) => validateText(ctx, o);
  const ignored = [];
  let start = base;
  if (opts.state !== undefined) {
    const parsed = parseState(opts.state, { functions, validateOptimizer: validate });
    ignored.push(...parsed.ignored);
    start = parsed.empty ? base : parsed.state;
  }
  const { compact, ignored: unreadable } = optionsToCompact(opts, functions, validate);
  ignored.push(...unreadable);
  const applied = applyCompact(compact, { functions, validateOptimizer: validate, base: start });
  ignored.push(...applied.ignored);
  return { state: applied.state, ignored };
}

/** Shows or hides the panels the state lists, and ticks the share bar's boxes to match. */
export function applyPanels(ctx) {
  const { layout, panels } = ctx.state;
  ctx.root.dataset.layout = layout;
  // A figure shows one map or one chart: the first of its panels that is one.
  const figure = panels.find((p) => FIGURE_PANELS.includes(p)) ?? 'paths';
  const shown = (name) => (layout === 'figure' ? name === figure : panels.includes(name));
  for (const [name, section] of Object.entries(ctx.sections)) section.hidden = !shown(name);
  for (const box of ctx.root.querySelectorAll('[data-panel-toggle]')) box.checked = ctx.state.panels.includes(box.dataset.panelToggle);
}

/** Shows, locks or hides the controls (`ctx.controls`). */
export function applyControls(ctx) {
  ctx.root.dataset.controls = ctx.controls;
  for (const f of ctx.root.querySelectorAll('.pg-lockable')) f.disabled = ctx.controls === 'locked';
  if (ctx.map) ctx.map.locked = ctx.controls !== 'visible';
}

/**
 * Shows a whole state: inputs, configurations, view, drawings. `ctx.hooks` are the other
 * modules' entry points (see playground.js).
 */
export function applyState(ctx, next) {
  const { $, hooks } = ctx;
  ctx.loading = true;
  hooks.pause();
  const { configs, ...rest } = structuredClone(next);
  ctx.state = rest;
  const { state } = ctx;
  $('function').value = state.functionId;
  $('condition').value = String(state.conditionNumber);
  $('steps').value = String(state.steps);
  hooks.setSteps(state.steps);
  $('dataset-size').value = String(state.datasetSize);
  $('batch-size').value = String(state.batchSize);
  $('epochs').value = String(state.epochs);
  $('lr-log').checked = state.lrLog;
  $('lr-step-size').checked = state.showStepSize;
  $('epoch-details').open = state.tableOpen;
  hooks.setConfigs(configs);
  applyPanels(ctx);
  hooks.showFunction();
  ctx.loading = false;
  hooks.redrawAll();
  hooks.setUpto(state.upto, { quiet: true });
}
