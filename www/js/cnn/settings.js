// The CNN page's settings: the inputs of "Network and training", the comparison's run length,
// and the state a link carries (`?subset=…&epochs=…` of a single run; `?compare=[…]` and
// `compare_*` of a comparison). Old links keep working: every parameter is optional.
import { parseField } from '../configs-ui.js';

const $ = (id) => document.getElementById(id);

/** The digits the page trains on, and what `?data=` may name instead: a .bin file under data/. */
export const DEFAULT_DATA = 'data/mnist-10k.bin';
export const DATA_PATTERN = /^data\/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.bin$/;
/** A watchdog that hears nothing from a worker for this long reports it as hung. */
export const WATCHDOG_MS = 15000;

/** Settings inputs: id, the name the core uses, the input's range, and the URL parameter. */
const SETTINGS = [
  ['conv1', 'conv1_filters', { kind: 'int', min: 1, max: 32 }, 'conv1'],
  ['conv2', 'conv2_filters', { kind: 'int', min: 1, max: 32 }, 'conv2'],
  ['epochs', 'epochs', { kind: 'int', min: 1, max: 200 }, 'epochs'],
  ['batch', 'batch_size', { kind: 'int', min: 1, max: 256 }, 'batch'],
  ['seed', 'seed', { kind: 'int', min: 0, max: 2 ** 53 - 1 }, 'seed'],
  ['subset', 'train_subset', { kind: 'int', min: 1, max: 8000 }, 'subset'],
];

/** The comparison's run length: its own inputs, so that a comparison long enough for decay to
 * show does not change the single run's quick defaults. */
const COMPARE_SETTINGS = [
  ['compare-epochs', 'epochs', { kind: 'int', min: 1, max: 200 }, 'compare_epochs'],
  ['compare-batch', 'batch_size', { kind: 'int', min: 1, max: 256 }, 'compare_batch'],
  ['compare-subset', 'train_subset', { kind: 'int', min: 1, max: 8000 }, 'compare_subset'],
];

/**
 * Reads inputs against their ranges; shows the first problem at its input (in `errorId`) and
 * returns null.
 * @returns {Record<string, number> | null}
 */
function readInputs(list, errorId) {
  const values = {};
  for (const [id] of list) $(id).removeAttribute('aria-invalid');
  for (const [id, name, spec] of list) {
    const parsed = parseField($(id).value, spec);
    if (parsed.error) {
      $(id).setAttribute('aria-invalid', 'true');
      $(errorId).textContent = `${name}: ${parsed.error} (a whole number from ${spec.min} to ${spec.max})`;
      $(errorId).hidden = false;
      $(id).focus();
      return null;
    }
    values[name] = parsed.value;
  }
  $(errorId).hidden = true;
  return values;
}

/**
 * The single run's settings with `optimizer`, or null (the problem is shown at its input).
 * @param {object} optimizer
 */
export function readSettings(optimizer) {
  const values = readInputs(SETTINGS, 'settings-error');
  if (!values) return null;
  return {
    network: { conv1_filters: values.conv1_filters, conv2_filters: values.conv2_filters, kernel_size: Number($('kernel').value) },
    optimizer,
    epochs: values.epochs,
    batchSize: values.batch_size,
    seed: values.seed,
    subset: values.train_subset,
  };
}

/**
 * A comparison's shared settings: the network and seed of "Network and training" (so every run
 * starts from the same weights and sees the same batches), its own epochs, batch and digits.
 * @returns {{network: object, epochs: number, batchSize: number, seed: number, subset: number} | null}
 */
export function readCompareSettings() {
  const base = readSettings(null);
  if (!base) return null;
  const values = readInputs(COMPARE_SETTINGS, 'compare-settings-error');
  if (!values) return null;
  return { network: base.network, seed: base.seed, epochs: values.epochs, batchSize: values.batch_size, subset: values.train_subset };
}

/**
 * `?data=` as the dataset path: only a .bin file under data/ on this origin (never a URL,
 * never `..`). Returns `{path}` or `{error}`.
 */
export function parseDataParam(value) {
  if (value === null) return { path: DEFAULT_DATA };
  if (!DATA_PATTERN.test(value)) {
    return { error: `data: must name a .bin file under data/ on this site, like ${DEFAULT_DATA}; got “${value.slice(0, 80)}”. Using ${DEFAULT_DATA}.` };
  }
  return { path: value };
}

/**
 * `?compare=` as a list of 1 to 4 entries, each an optimizer configuration or
 * `{per_epoch: configuration}` (that configuration's decay stepped once per epoch with this
 * page's updates per epoch). Returns `{entries}`, `{error}`, or `{}` when absent.
 * @param {string | null} value
 */
export function parseCompareParam(value) {
  if (value === null || value === '') return {};
  let list;
  try {
    list = JSON.parse(value);
  } catch (e) {
    return { error: `compare: must be a JSON list of optimizer configurations (${e.message})` };
  }
  if (!Array.isArray(list) || list.length < 1 || list.length > 4) {
    return { error: 'compare: must be a JSON list of 1 to 4 optimizer configurations' };
  }
  for (const [i, entry] of list.entries()) {
    const config = entry?.per_epoch ?? entry;
    if (config === null || typeof config !== 'object' || Array.isArray(config) || typeof config.name !== 'string') {
      return { error: `compare[${i}]: must be an optimizer configuration like {"name": "adam", "learning_rate": 0.003} or {"per_epoch": {…}}` };
    }
  }
  return { entries: list };
}

/**
 * Applies the URL's settings to the inputs and returns what else it says.
 * @returns {{dataPath: string, dataError?: string, testHooks: boolean, watchdogMs: number,
 *   parallel: number | null, compare: {entries?: object[], error?: string}}}
 */
export function applyUrlParameters(search = location.search) {
  const params = new URLSearchParams(search);
  for (const [id, , , param] of [...SETTINGS, ...COMPARE_SETTINGS]) {
    const v = params.get(param);
    if (v !== null) $(id).value = v;
  }
  const kernel = params.get('kernel');
  if (kernel !== null && [...$('kernel').options].some((o) => o.value === kernel)) $('kernel').value = kernel;
  const data = parseDataParam(params.get('data'));
  const testHooks = params.get('testhooks') === '1';
  const ms = Number(params.get('watchdog'));
  const parallel = Number(params.get('parallel'));
  return {
    dataPath: data.path ?? DEFAULT_DATA,
    dataError: data.error,
    testHooks,
    watchdogMs: testHooks && Number.isInteger(ms) && ms >= 100 ? ms : WATCHDOG_MS,
    // How many comparison workers train at once, for the tests and the benchmark; the page
    // otherwise asks the browser how many cores it has.
    parallel: Number.isInteger(parallel) && parallel >= 1 && parallel <= 4 ? parallel : null,
    compare: parseCompareParam(params.get('compare')),
  };
}

/**
 * Writes the inputs and the comparison's entries into the URL (replacing the history entry), so
 * that a link reopens what is on the page. Parameters this page does not own are kept.
 * @param {object[] | null} entries  null: the default comparison, which needs no parameter
 */
export function writeUrl(entries) {
  const params = new URLSearchParams(location.search);
  for (const [id, , , param] of [...SETTINGS, ...COMPARE_SETTINGS]) params.set(param, $(id).value);
  params.set('kernel', $('kernel').value);
  if (entries) params.set('compare', JSON.stringify(entries));
  else params.delete('compare');
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}
