// Boots the main page: one playground instance (www/playground.js) with the page's ids, its
// state kept in the URL fragment, and the share buttons; the header shows which wasm build runs.
import { mount } from '../playground.js';
import { loadWasm, parseKerasCode } from './wasm.js';
import { initSweep } from './sweep.js';
import { mountYourRun, sameRun } from './your-run.js';
import { mountYourLog } from './your-log.js';

const badge = document.getElementById('build-badge');
const handle = mount(document.getElementById('app'), { ids: true, hash: true, share: true, misreadingsAt: '#misreadings-title' });

handle.ready.then(
  async (loaded) => {
    if (!loaded) return;
    badge.textContent = `wasm ${loaded.build === 'simd128' ? 'simd128' : 'scalar'} build · v${loaded.info.version}`;
    document.body.dataset.build = loaded.build;
    document.body.dataset.simd128 = String(loaded.info.simd128);
    await startYourRun(loaded.build);
    startSweep(loaded.build);
    document.body.dataset.ready = 'true';
  },
  (e) => {
    const box = document.getElementById('fatal');
    box.textContent = `Could not load the WebAssembly module: ${e?.message ?? e}`;
    box.hidden = false;
    badge.textContent = 'wasm failed to load';
  },
);

// For tests and the browser console: the page's playground.
window.playground = handle;

/**
 * The sweep panel works on the playground's current scene (function, start, view, first
 * configuration) and loads a clicked cell back into the first configuration.
 */
async function startSweep(build) {
  const { wasm } = await loadWasm(build);
  initSweep({
    build,
    scene: () => {
      const s = handle.getState();
      const meta = wasm.functions().find((f) => f.id === s.functionId);
      return {
        functionId: s.functionId,
        conditionNumber: s.conditionNumber,
        start: s.start,
        view: s.view ?? meta.domain,
        minima: meta.minima,
        optimizer: s.configs[0]?.optimizer,
      };
    },
    loadIntoFirstCard: (optimizer) => {
      const configs = handle.getState().configs;
      if (!configs.length) return false;
      configs[0] = { optimizer, visible: true };
      handle.setConfig({ configs });
      return true;
    },
  });
}

/**
 * The first screen's "your run" strip, on the same wasm build as the playground. Its run is part
 * of the page's link (the playground's `state.run`): read from it at start and on every change
 * of the link, written back on every edit.
 */
async function startYourRun(build) {
  const { wasm } = await loadWasm(build);
  let yourLog = null;
  const strip = mountYourRun(document.getElementById('your-run'), {
    wasm,
    parse: (text) => parseKerasCode(text, build),
    run: handle.getState().run,
    onChange: (run) => {
      handle.setRun(run);
      yourLog?.redraw();
    },
  });
  handle.on('change', (state) => {
    if (!sameRun(state.run, strip.get())) {
      strip.set(state.run);
      yourLog?.redraw();
    }
  });
  yourLog = mountYourLog(document.querySelector('[data-log="root"]'), { wasm, build, run: () => strip.get() });
  window.yourRun = strip;
  window.yourLog = yourLog;
}
