// Mount options and custom-element attributes, turned into the compact state that
// state.js's `applyCompact` validates.
import { parseState } from '../state.js';

export const CONTROL_MODES = ['visible', 'hidden', 'locked'];

/** Parses `"x, y"` or `[x, y]`. */
function parseStart(v) {
  return Array.isArray(v) ? v : String(v).split(/[\s,]+/).filter(Boolean).map(Number);
}

/**
 * Turns mount options (or custom-element attributes) into a compact-state object for
 * `applyCompact`, collecting what cannot even be read.
 * @param {object} options @param {object[]} functions @param {(o: object) => string|null} validate
 */
export function optionsToCompact(options, functions, validate) {
  const compact = {};
  const ignored = [];
  if (options.function !== undefined) compact.f = options.function;
  if (options.conditionNumber !== undefined) compact.k = Number(options.conditionNumber);
  if (options.start !== undefined) compact.s = parseStart(options.start);
  if (options.steps !== undefined) {
    compact.n = Number(options.steps);
    compact.u = Number(options.steps);
  }
  if (options.layout !== undefined) compact.y = String(options.layout);
  if (options.panels !== undefined) compact.p = Array.isArray(options.panels) ? options.panels.join(',') : String(options.panels);
  if (options.configs !== undefined) {
    let configs = options.configs;
    if (typeof configs === 'string') {
      const text = configs.trim();
      if (/^#?v\d+\./.test(text)) {
        const parsed = parseState(text, { functions, validateOptimizer: validate });
        ignored.push(...parsed.ignored.map((i) => ({ ...i, field: `configs: ${i.field}` })));
        configs = parsed.state.configs.map((c) => c.optimizer);
      } else {
        try {
          configs = JSON.parse(text);
        } catch {
          ignored.push({ field: 'configs', reason: 'neither JSON nor a playground link' });
          configs = null;
        }
      }
    }
    if (configs !== null) compact.c = Array.isArray(configs) ? configs.map((c) => (c && typeof c === 'object' && 'optimizer' in c ? [c.optimizer, c.visible === false ? 0 : 1] : [c])) : configs;
  }
  return { compact, ignored };
}

/** Options from a `<optimizer-playground>` element's attributes. */
export function optionsFromAttributes(node) {
  const o = {};
  const attr = (name) => (node.hasAttribute(name) ? node.getAttribute(name) : undefined);
  if (attr('state') !== undefined) o.state = attr('state');
  if (attr('function') !== undefined) o.function = attr('function');
  if (attr('condition-number') !== undefined) o.conditionNumber = attr('condition-number');
  if (attr('start') !== undefined) o.start = attr('start');
  if (attr('configs') !== undefined) o.configs = attr('configs');
  if (attr('panels') !== undefined) o.panels = attr('panels');
  if (attr('steps') !== undefined) o.steps = attr('steps');
  if (attr('layout') !== undefined) o.layout = attr('layout');
  const controls = attr('controls');
  if (controls !== undefined) o.controls = CONTROL_MODES.includes(controls) ? controls : 'visible';
  if (attr('build') !== undefined) o.build = attr('build');
  return o;
}
