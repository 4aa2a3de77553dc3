// Loads the right wasm build once per page: simd128 where the browser validates a tiny SIMD
// module, else the scalar baseline. `?build=scalar` (or `simd`) forces a build for comparisons.

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

const loaded = new Map();

/**
 * Instantiates a build once and shares it between every caller on the page.
 * @param {'simd128' | 'scalar'} [build]
 * @returns {Promise<{wasm: any, memory: WebAssembly.Memory, build: string, info: {version: string, simd128: boolean}}>}
 */
export function loadWasm(build = chooseBuild()) {
  if (!loaded.has(build)) {
    const dir = build === 'simd128' ? '../pkg-simd/' : '../pkg/';
    const js = new URL(`${dir}optimizer_playground.js`, import.meta.url);
    const bin = new URL(`${dir}optimizer_playground_bg.wasm`, import.meta.url);
    loaded.set(
      build,
      import(js.href).then(async (wasm) => {
        const exports = await wasm.default({ module_or_path: bin });
        return { wasm, memory: exports.memory, build, info: wasm.buildInfo() };
      }),
    );
  }
  return loaded.get(build);
}
