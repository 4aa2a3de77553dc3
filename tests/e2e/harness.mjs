// Shared by the end-to-end tests: serve www/, drive Debian's Chromium headless, and collect
// everything that would show a person (or a console) that something is wrong.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Starts the static server (on `root`, www/ by default) and the browser; `close()` stops both.
 * @param {{root?: string}} [options]
 */
export async function startSession({ root } = {}) {
  const server = await startServer({ port: 0, quiet: true, root });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Reports every `securitypolicyviolation` event of every document the page loads (frames
 * included) to the test through a binding, so a CSP violation fails a test even where the
 * browser would not log it as a console error. Runs before any page script, outside the page's
 * CSP (playwright injects it through the DevTools protocol).
 */
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
    window.__reportCspViolation?.(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}${where} on ${location.pathname}`);
  });
}

/**
 * Opens `path` in a new page and records console errors, page errors, failed requests,
 * CSP violations (console messages and `securitypolicyviolation` events) and any request that
 * leaves the page's origin. `colorScheme` ('light' or 'dark') is what `prefers-color-scheme`
 * reports to the page. `onRequest` sees every request of the page's context from the first one
 * on, its workers' and frames' included. `init` are functions run in the page before any of its
 * scripts (`page.addInitScript`), e.g. `countWasmCalls`.
 * @returns {Promise<{page: import('playwright-core').Page, problems: string[]}>}
 */
export async function openPage(session, path, { width = 1280, height = 800, colorScheme = 'light', onRequest, init = [] } = {}) {
  const page = await session.browser.newPage({ viewport: { width, height }, colorScheme });
  if (onRequest) page.context().on('request', onRequest);
  const problems = [];
  const origin = new URL(session.url).origin;
  await page.exposeFunction('__reportCspViolation', (text) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(reportViolations);
  for (const script of init) await page.addInitScript(script);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  await page.goto(new URL(path, session.url).href);
  return { page, problems };
}

/**
 * Reads a canvas's pixels in the page and reports how many distinct colours it has and the
 * share of pixels that differ from the most common one: a drawn canvas is not all one colour.
 */
export async function canvasStats(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const pixels = data.length / 4;
    const top = Math.max(...counts.values());
    return { colours: counts.size, nonBackground: 1 - top / pixels, width: canvas.width, height: canvas.height };
  });
}

/** Hashes a canvas's pixels, to tell whether a drawing changed. */
export async function canvasHash(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619);
    return h >>> 0;
  });
}

/** The WCAG 2.1 A and AA rule tags axe-core checks. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource;

/**
 * Runs axe-core (the npm package) on the page and every frame in it, with the WCAG 2.1 A/AA
 * rules. axe is evaluated through DevTools (`frame.evaluate`), which the pages' CSP
 * (script-src 'self') does not apply to, unlike a `<script>` tag. Open shadow roots are checked
 * too (axe walks them).
 * @param {import('playwright-core').Page} page
 * @param {{exclude?: string[], tags?: string[]}} [options]  `exclude`: CSS selectors left out
 * @returns {Promise<{violations: {id: string, impact: string, help: string, targets: string[]}[],
 *   passes: number, incomplete: string[], url: string}>}  `passes`: the number of rules passed
 */
export async function axeViolations(page, { exclude = [], tags = AXE_TAGS } = {}) {
  axeSource ??= await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  // Every frame gets its own copy: axe in the top page asks the frames' copies to check them.
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => typeof window.axe === 'object').catch(() => true))) await frame.evaluate(axeSource);
  }
  return page.evaluate(async ({ exclude, tags }) => {
    const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
    const r = await window.axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: true });
    return {
      url: r.url,
      passes: r.passes.length,
      incomplete: r.incomplete.map((i) => i.id),
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => `${n.target.join(' >> ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})` : ''}`),
      })),
    };
  }, { exclude, tags });
}

/** One line per violation — id, impact, the nodes' selectors — for an assertion message. */
export function describeViolations(violations) {
  return violations.map((v) => `${v.id} [${v.impact}] ${v.help}:\n    ${v.targets.join('\n    ')}`).join('\n');
}

/**
 * One server and browser for a test file, started before its tests and closed after them, and
 * `ready(path, viewport)`: `openPage` plus waiting for the page's `body[data-ready]`.
 * @returns {{session: Awaited<ReturnType<typeof startSession>> | null, ready: Function}}
 */
export function browserSession() {
  const files = { session: null };
  before(async () => {
    files.session = await startSession();
  });
  after(async () => {
    await files.session?.close();
  });
  files.ready = async (path, viewport) => {
    const opened = await openPage(files.session, path, viewport);
    await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    return opened;
  };
  return files;
}

/**
 * An init script (`page.addInitScript(countWasmCalls)`) that counts every call the page makes
 * into the `plane` wasm module, by export: functions by name, a class's constructor as
 * `new Name`, its methods and getters as `Name.method` (`free` included). `window.__wasmCalls`
 * holds the counts; reset it with `window.__wasmCalls = {}`. It works through www/js/wasm.js's
 * `__instrumentWasm` hook, so the page's own code runs unchanged.
 */
export function countWasmCalls() {
  window.__wasmCalls = {};
  const count = (name) => { window.__wasmCalls[name] = (window.__wasmCalls[name] ?? 0) + 1; };
  window.__instrumentWasm = (module, ns) => {
    if (module !== 'plane') return ns;
    const wrapped = {};
    for (const [name, value] of Object.entries(ns)) {
      if (typeof value !== 'function') {
        wrapped[name] = value;
      } else if (/^[A-Z]/.test(name) && value.prototype) {
        // A class: its instances keep the real prototype, whose methods count their calls.
        const proto = value.prototype;
        for (const key of Object.getOwnPropertyNames(proto)) {
          // `__destroy_into_raw` and the like are the glue's own helpers, not calls into wasm.
          if (key === 'constructor' || key.startsWith('__')) continue;
          const d = Object.getOwnPropertyDescriptor(proto, key);
          if (typeof d.value === 'function') {
            const f = d.value;
            proto[key] = function counted(...args) { count(`${name}.${key}`); return f.apply(this, args); };
          } else if (d.get) {
            const get = d.get;
            Object.defineProperty(proto, key, { ...d, get() { count(`${name}.${key}`); return get.call(this); } });
          }
        }
        wrapped[name] = new Proxy(value, {
          construct(target, args, newTarget) { count(`new ${name}`); return Reflect.construct(target, args, newTarget); },
        });
      } else {
        wrapped[name] = function counted(...args) { count(name); return value.apply(this, args); };
      }
    }
    return wrapped;
  };
}
