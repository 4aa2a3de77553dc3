// Loads the wasm modules a page needs, each once per page, in the right build: simd128 where the
// browser validates a tiny SIMD module, else the scalar baseline. `?build=scalar` (or `simd`)
// forces a build for comparisons. One module per product (src/web/mod.rs): `plane` (the 2D
// playground, embeds, the tutorial), `sweep` (the sweep worker), `cnn` (the CNN page and its
// worker), `keras_code` (the Keras code parser, fetched only when a person pastes or edits code) and
// `training_log` (the log reader, fetched only when a person drops or pastes a log).

/** `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`: valid only with simd128. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

/** @returns {boolean} whether this engine can run the simd128 build. */
export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

/**
 * Which build to load: the `build` query parameter wins, else feature detection.
 * @param {string} [search] a location.search string
 * @returns {'simd128' | 'scalar'}
 */
export function chooseBuild(search = globalThis.location?.search ?? '') {
  const forced = new URLSearchParams(search).get('build');
  if (forced === 'scalar') return 'scalar';
  if (forced === 'simd' || forced === 'simd128') {
    if (!simdSupported()) throw new Error('?build=simd was asked for, but this browser has no wasm simd128');
    return 'simd128';
  }
  return simdSupported() ? 'simd128' : 'scalar';
}

/** @typedef {'plane' | 'sweep' | 'cnn' | 'keras_code' | 'training_log'} ModuleName */
const MODULES = new Set(['plane', 'sweep', 'cnn', 'keras_code', 'training_log']);

const loaded = new Map();

/**
 * Instantiates a module in a build once and shares it between every caller on the page.
 * @param {'simd128' | 'scalar'} [build]
 * @param {ModuleName} [module]
 * @returns {Promise<{wasm: any, memory: WebAssembly.Memory, build: string, module: string, info: {version: string, simd128: boolean}}>}
 */
export function loadWasm(build = chooseBuild(), module = 'plane') {
  if (!MODULES.has(module)) throw new Error(`no wasm module ${module}: one of ${[...MODULES].join(', ')}`);
  const key = `${build}/${module}`;
  if (!loaded.has(key)) {
    const dir = build === 'simd128' ? '../pkg-simd/' : '../pkg/';
    const js = new URL(`${dir}${module}.js`, import.meta.url);
    const bin = new URL(`${dir}${module}_bg.wasm`, import.meta.url);
    // The binary downloads while the glue is fetched and compiled, not after: on a slow network
    // that saves a round trip. The glue's init awaits the pending response.
    const response = fetch(bin);
    response.catch(() => {}); // reported by the init below, not as an unhandled rejection
    loaded.set(
      key,
      import(js.href).then(async (wasm) => {
        const exports = await wasm.default({ module_or_path: response });
        // A test or benchmark may count the page's calls into a module (tests/e2e/harness.mjs
        // `countWasmCalls`, installed before any page script): its hook hands back the object the
        // page then uses. A real page has no hook and gets the module itself.
        const hook = globalThis.__instrumentWasm;
        return { wasm: typeof hook === 'function' ? hook(module, wasm) : wasm, memory: exports.memory, build, module, info: wasm.buildInfo() };
      }),
    );
  }
  return loaded.get(key);
}

/**
 * Reads pasted Keras code with the core's parser (`parseKerasCode`, see src/web/code.rs). The
 * parser is its own module, fetched on the first call, so pages where nobody pastes or edits code
 * never download it.
 * @param {string} text
 * @param {'simd128' | 'scalar'} [build]
 * @returns {Promise<{optimizer: object | null, fit: object, warnings: string[], ignored: {text: string, reason: string}[]}>}
 */
export async function parseKerasCode(text, build = chooseBuild()) {
  const { wasm } = await loadWasm(build, 'keras_code');
  return wasm.parseKerasCode(text);
}

const NO_COLUMN = new Float32Array(0);

/**
 * The f32 columns a wasm object owns (the `plane` module's `TrajectoryRun` and `LrTable`), read
 * through typed-array views of wasm memory: nothing is copied. `layout` is what the object's
 * `columns()` returned, `{columns: {name: [byteOffset, length]}, …}`; `free()` frees the object.
 *
 * Lifetime: a view is of `memory.buffer` as it was when the view was made. Any call into wasm may
 * allocate and grow the memory, which detaches every view made before (it then reads as empty).
 * The offsets never change while the owner lives, so `view(name)` checks that `memory.buffer`
 * is still the buffer its views were made on and re-creates them if not, without calling wasm.
 * So: ask `view()` again after any wasm call rather than keeping a view across one (a getter
 * that calls `view()` does this), and never keep one past `free()` (then `view()` is empty).
 */
export class WasmColumns {
  #memory;
  #owner;
  #spans;
  #buffer = null;
  #views = {};

  /**
   * @param {WebAssembly.Memory} memory  the module's memory
   * @param {{free(): void}} owner       the wasm object that owns the columns
   * @param {{columns: Record<string, [number, number]>}} layout  `owner.columns()`
   */
  constructor(memory, owner, layout) {
    this.#memory = memory;
    this.#owner = owner;
    this.#spans = layout.columns;
  }

  /**
   * A column as a view of wasm memory, valid until the next call into wasm or `free()`;
   * undefined for a column the owner does not have.
   * @param {string} name
   * @returns {Float32Array | undefined}
   */
  view(name) {
    if (!this.#owner) return this.#spans[name] ? NO_COLUMN : undefined;
    const buffer = this.#memory.buffer;
    if (this.#buffer !== buffer) {
      this.#buffer = buffer;
      this.#views = {};
      for (const [key, [offset, length]] of Object.entries(this.#spans)) this.#views[key] = new Float32Array(buffer, offset, length);
    }
    return this.#views[name];
  }

  /** Frees the owner in wasm; the columns read as empty afterwards. */
  free() {
    this.#owner?.free();
    this.#owner = null;
    this.#buffer = null;
    this.#views = {};
  }
}

/**
 * Frees the results in `cache` (a Map from a card to `{columns: WasmColumns}`) whose card is not
 * in `cards` any more, and forgets them.
 * @param {Map<object, {columns?: WasmColumns}>} cache
 * @param {object[]} cards
 */
export function freeResultsOf(cache, cards) {
  for (const [card, result] of cache) {
    if (cards.includes(card)) continue;
    result.columns?.free();
    cache.delete(card);
  }
}
