// Loaded with `async` by the pages that draw a map: starts fetching the 2D module (glue and
// binary, in the build this browser runs) as soon as this file and wasm.js arrive, instead of
// after the page's whole module graph has loaded. On DevTools' "Slow 4G" that is a second
// earlier to the first map (bench/load.mjs --network slow-4g). The page's own loadWasm call gets
// the same pending load, because wasm.js memoizes it and is one module instance per page.
import { loadWasm } from './wasm.js';

// A failure is the page's to report: its own loadWasm call receives the same rejection.
loadWasm().catch(() => {});
