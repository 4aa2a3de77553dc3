// The playground as a mountable component: `mount(element, options)` builds one independent
// instance (map, configuration cards, charts, explanation, code export) inside `element` and
// returns a handle; `<optimizer-playground>` wraps it as a custom element. Every instance on a
// page shares one wasm module (js/wasm.js), and finds its parts by class inside its own root,
// so several instances never collide. The main page (index.html), the embed (embed.html) and
// tutorials all use this module.
//
// Where things are (www/js/playground/):
//   dom.js           the instance's DOM: every named part and panel
//   state-sync.js    the state, `change` events, the URL fragment, links, the notice
//   map-panel.js     the contour map, the paths (TrajectoryRun, kept per card), play/step/scrubber
//   config-list.js   the optimizer configurations (configs-ui.js cards)
//   charts.js        the lr chart (LrTable, kept per card), epoch table and loss chart
//   panels.js        the misreadings of decay (with the claim chart) and code export panels
//   controls.js      number inputs bound to state fields, copy to clipboard
//   options.js       mount options and element attributes
//   embed-helpers.js the iframe snippet and height messages
// This file joins them: `ctx` is the one instance's shared state, `ctx.hooks` the entry points
// the modules call across each other.
import { loadWasm, chooseBuild, freeResultsOf } from './js/wasm.js';
import { defaultState, parseState, serializeState } from './js/state.js';
import { buildDom } from './js/playground/dom.js';
import {
  applyControls, applyPanels, applyState, changed, currentState, fragment, resolve, showNotice,
} from './js/playground/state-sync.js';
import {
  createMap, pause, play, recompute, setSteps, setUpto, showFunction, step, wireMapPanel,
} from './js/playground/map-panel.js';
import { setConfigs, wireConfigList } from './js/playground/config-list.js';
import { createCharts, drawLoss, followSize, redrawLr, wireCharts } from './js/playground/charts.js';
import {
  createPanels, redrawCode, redrawExplanation, wirePanels,
} from './js/playground/panels.js';
import { copyText } from './js/playground/controls.js';
import { CONTROL_MODES, optionsFromAttributes } from './js/playground/options.js';
import { embedCode } from './js/playground/embed-helpers.js';

export { PANELS } from './js/state.js';
export {
  EMBED_URL, embedCode, HEIGHT_MESSAGE, heightFromMessage, autoResizeIframes,
} from './js/playground/embed-helpers.js';

let instances = 0;
/** The instance's stylesheet, next to this module. */
const STYLE_URL = new URL('./style.css', import.meta.url).href;

/**
 * Mounts a playground into `element`.
 * @param {HTMLElement} element
 * @param {object} [options]
 * @param {string} [options.state]      a link fragment (`#v1.…`), the base state
 * @param {string} [options.function]   function id, e.g. "rosenbrock"
 * @param {number[]|string} [options.start]  start point [x, y] or "x,y"
 * @param {object[]|string} [options.configs]  optimizer configurations (array, JSON, or a link fragment)
 * @param {number} [options.steps]
 * @param {string[]|string} [options.panels]  which of "paths,lr,loss,explain,code" to show
 * @param {'visible'|'hidden'|'locked'} [options.controls]
 * @param {'full'|'figure'} [options.layout]  'figure': one map (or the first chart in `panels`)
 *   with the configuration lines and their sliders under it, for an article
 * @param {boolean} [options.hash]      keep the state in location.hash (the main page)
 * @param {boolean} [options.share]     show "Copy link" and "Copy embed code"
 * @param {boolean} [options.ids]       give parts the main page's ids (one instance per page)
 * @param {'simd128'|'scalar'} [options.build]
 * @param {string} [options.misreadingsAt]  a link to where the page itself answers the misreadings
 *   of `decay` (the main page's first screens): the explanation panel then points there
 */
export function mount(element, options = {}) {
  const n = ++instances;
  const listeners = { step: new Set(), change: new Set(), ready: new Set() };
  const { P, sections, notice, shareBar, root } = buildDom(options, n);
  /** One instance's shared state; the modules under js/playground/ read and write it. */
  const ctx = {
    options,
    P,
    $: (name) => P[name],
    sections,
    notice,
    shareBar,
    root,
    wasm: null,
    /** The module's memory: the views of the kept runs and lr tables are of its buffer. */
    memory: null,
    /** Every test function's metadata (the core's `functions()`), read once when the module loads. */
    functions: [],
    /** Each card's kept path, `TrajectoryRun` in wasm memory (map-panel.js `recompute`). */
    runs: new Map(),
    /** Each card's kept lr table, `LrTable` in wasm memory (charts.js `redrawLr`). */
    lrTables: new Map(),
    /** Updates per epoch for the dataset and batch size it was asked for (charts.js). */
    stepsPerEpoch: null,
    /** What the explanation was last drawn for (panels.js), so an unrelated edit skips it. */
    explained: null,
    map: null,
    lrChart: null,
    lossChart: null,
    claimChart: null,
    paths: [],
    /** @type {import('./js/configs-ui.js').ConfigCard[]} */
    cards: [],
    observers: [],
    playing: false,
    frame: 0,
    saveTimer: 0,
    lastHash: null,
    loading: false,
    destroyed: false,
    controls: CONTROL_MODES.includes(options.controls) ? options.controls : 'visible',
    /** Everything but the configurations, which live in the cards. */
    state: defaultState(),
    emit(type, detail) {
      for (const fn of listeners[type]) {
        try {
          fn(detail);
        } catch (e) {
          queueMicrotask(() => { throw e; });
        }
      }
    },
  };
  ctx.hooks = {
    recompute: () => recompute(ctx),
    redrawAll: () => {
      recompute(ctx);
      redrawLr(ctx);
      redrawExplanation(ctx);
      redrawCode(ctx);
    },
    redrawCode: () => redrawCode(ctx),
    redrawExplanation: () => redrawExplanation(ctx),
    drawLoss: () => drawLoss(ctx),
    showFunction: () => showFunction(ctx),
    setConfigs: (configs) => setConfigs(ctx, configs),
    setSteps: (steps) => setSteps(ctx, steps),
    setUpto: (i, o) => setUpto(ctx, i, o),
    pause: () => pause(ctx),
  };
  element.replaceChildren(root);
  const { $ } = ctx;
  $('notice-close').addEventListener('click', () => { notice.hidden = true; });

  function wireShareBar() {
    for (const box of root.querySelectorAll('[data-panel-toggle]')) {
      box.addEventListener('change', () => {
        const shown = [...root.querySelectorAll('[data-panel-toggle]')].filter((b) => b.checked).map((b) => b.dataset.panelToggle);
        if (!shown.length) {
          box.checked = true;
          return;
        }
        ctx.state.panels = shown;
        applyPanels(ctx);
        changed(ctx);
      });
    }
    $('copy-link').addEventListener('click', () => copyText(handle.link(), $('share-status'), $('share-output')));
    $('copy-embed').addEventListener('click', () => copyText(handle.embedCode({ controls: $('embed-controls').value, layout: $('embed-layout').value }), $('share-status'), $('share-output')));
  }

  // ---- boot -------------------------------------------------------------------------------------
  const ready = (async () => {
    const loaded = await loadWasm(options.build ?? chooseBuild());
    if (ctx.destroyed) return null;
    ctx.wasm = loaded.wasm;
    ctx.memory = loaded.memory;
    ctx.functions = ctx.wasm.functions();
    ctx.build = loaded.build;
    createMap(ctx, loaded.memory);
    createCharts(ctx);
    createPanels(ctx);
    // Charts follow their element's size (an embed's iframe, a resized window).
    for (const chart of [ctx.lrChart, ctx.lossChart, ctx.claimChart]) followSize(ctx, chart);
    wireMapPanel(ctx);
    wireCharts(ctx);
    wireConfigList(ctx);
    wirePanels(ctx);
    if (shareBar) wireShareBar();
    applyControls(ctx);
    const { state: initial, ignored } = resolve(ctx, { ...options, state: options.hash ? location.hash : options.state }, defaultState(ctx.functions));
    applyState(ctx, initial);
    showNotice(ctx, ignored);
    if (options.hash) {
      ctx.lastHash = location.hash;
      window.addEventListener('hashchange', onHashChange);
    }
    root.dataset.ready = 'true';
    const info = { build: loaded.build, info: loaded.info };
    ctx.emit('ready', info);
    return info;
  })();

  function onHashChange() {
    if (location.hash === ctx.lastHash) return;
    ctx.lastHash = location.hash;
    const { state: next, ignored } = resolve(ctx, { state: location.hash }, defaultState(ctx.functions));
    applyState(ctx, next);
    showNotice(ctx, ignored);
    ctx.emit('change', currentState(ctx));
  }

  const whenReady = (fn) => (...args) => (ctx.wasm ? fn(...args) : ready.then(() => (ctx.destroyed ? undefined : fn(...args))));

  const handle = {
    /** Resolves with `{build, info}` once the wasm module is loaded and the first frame drawn. */
    ready,
    /** The root element of this instance. */
    root,
    /**
     * Changes part of the state: any of `function, start, steps, configs, panels,
     * conditionNumber, state` (a link fragment). Bad values are ignored and listed in the
     * notice; returns (a promise of) the list of what was ignored.
     */
    setConfig: whenReady((partial = {}) => {
      const { state: next, ignored } = resolve(ctx, partial, currentState(ctx));
      applyState(ctx, next);
      showNotice(ctx, ignored);
      changed(ctx);
      return ignored;
    }),
    /**
     * Sets `state.run` (the main page's "your run" strip, validated there by the core) without
     * redrawing the playground: it only goes into the link and the `change` event.
     */
    setRun: whenReady((run) => {
      ctx.state.run = structuredClone(run);
      changed(ctx);
    }),
    /** Shows, locks or hides the controls: 'visible' | 'locked' | 'hidden'. */
    setControls(mode) {
      if (!CONTROL_MODES.includes(mode)) throw new Error(`controls: must be one of ${CONTROL_MODES.join(', ')}, got ${mode}`);
      ctx.controls = mode;
      applyControls(ctx);
    },
    play: whenReady(() => play(ctx)),
    pause: whenReady(() => pause(ctx)),
    step: whenReady(() => step(ctx)),
    /** Subscribes to 'step' ({iteration, steps}), 'change' (the state) or 'ready'; returns an unsubscribe function. */
    on(type, fn) {
      if (!listeners[type]) throw new Error(`unknown event ${type}: one of ${Object.keys(listeners).join(', ')}`);
      listeners[type].add(fn);
      return () => listeners[type].delete(fn);
    },
    /** The whole visible state (a copy). */
    getState: () => currentState(ctx),
    /** The state as a link fragment, `v1.…` (without `#`). */
    fragment: () => fragment(ctx),
    /** A link to the main page showing this state. */
    link(base = new URL('./index.html', import.meta.url).href) {
      const url = new URL(base);
      url.hash = handle.fragment();
      return url.href;
    },
    /** The `<iframe>` snippet embedding this state. */
    embedCode: (o = {}) => embedCode(handle.fragment(), { height: o.height ?? suggestedHeight(o.layout), ...o }),
    /** Stops everything this instance runs and removes its DOM. */
    destroy() {
      if (ctx.destroyed) return;
      ctx.destroyed = true;
      ctx.playing = false;
      cancelAnimationFrame(ctx.frame);
      clearTimeout(ctx.saveTimer);
      for (const o of ctx.observers) o.disconnect();
      ctx.map?.destroy();
      freeResultsOf(ctx.runs, []);
      freeResultsOf(ctx.lrTables, []);
      window.removeEventListener('hashchange', onHashChange);
      for (const set of Object.values(listeners)) set.clear();
      root.remove();
    },
  };

  /** A height for an embed of the shown panels at a narrow width. */
  function suggestedHeight(layout = ctx.state.layout) {
    if (layout === 'figure') return 560;
    const per = { paths: 760, lr: 520, loss: 340, explain: 1300, code: 900 };
    return Math.min(4000, 40 + ctx.state.panels.reduce((h, p) => h + per[p], 0));
  }

  return handle;
}

/**
 * `<optimizer-playground function="rosenbrock" start="-1.5,2" steps="1000"
 *   configs='[{"name":"adam","learning_rate":0.003,"decay":0.0002}]' panels="paths,lr"
 *   controls="locked">`: attributes are `mount` options; changing one updates the instance.
 * The element exposes the handle's methods (`play()`, `pause()`, `step()`, `on()`, `setConfig()`).
 */
export class OptimizerPlaygroundElement extends HTMLElement {
  static observedAttributes = ['state', 'function', 'condition-number', 'start', 'configs', 'panels', 'steps', 'controls', 'layout'];

  connectedCallback() {
    if (this.handle) return;
    // The instance lives in a shadow root with its own stylesheet (style.css next to this
    // module, a same-origin <link>: CSP `style-src 'self'` allows it), so a host page needs
    // only the script and the element, and the page's styles and the instance's never mix.
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const sheet = document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = STYLE_URL;
    const host = document.createElement('div');
    host.className = 'op-host';
    shadow.replaceChildren(sheet, host);
    // An element in an article is a figure unless it asks for layout="full".
    this.handle = mount(host, { layout: 'figure', ...optionsFromAttributes(this) });
  }

  disconnectedCallback() {
    this.handle?.destroy();
    this.handle = null;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this.handle || oldValue === value) return;
    if (name === 'controls') this.handle.setControls(CONTROL_MODES.includes(value) ? value : 'visible');
    else {
      const o = optionsFromAttributes(this);
      delete o.controls;
      delete o.build;
      const key = { 'condition-number': 'conditionNumber' }[name] ?? name;
      if (value !== null) this.handle.setConfig({ [key]: o[key] });
    }
  }

  get ready() { return this.handle?.ready; }
  play() { return this.handle?.play(); }
  pause() { return this.handle?.pause(); }
  step() { return this.handle?.step(); }
  on(type, fn) { return this.handle?.on(type, fn); }
  setConfig(partial) { return this.handle?.setConfig(partial); }
  getState() { return this.handle?.getState(); }
}

if (globalThis.customElements && !customElements.get('optimizer-playground')) {
  customElements.define('optimizer-playground', OptimizerPlaygroundElement);
}

export { defaultState, parseState, serializeState };
