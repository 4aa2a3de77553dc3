// Accessibility as a keyboard or screen-reader user, and a reader in dark mode, meets it: axe-core
// (WCAG 2.1 A/AA rules) finds nothing on the four pages in both colour schemes at desktop and
// phone width (each page screenshotted per scheme into tests/artifacts/ for a person to look
// at), every control of the main page is reached by Tab with a visible focus ring that stands
// out from its background, and sliders and the map answer arrow keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, axeViolations, describeViolations, openPage, startSession } from './harness.mjs';
import { openCard } from './cards.mjs';

const SCHEMES = ['light', 'dark'];
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 375, height: 812 }];

let session;
/** The main page's default state as a link fragment, as "Copy embed code" puts it in an embed. */
let fragment;
before(async () => {
  session = await startSession();
  const { page } = await ready('/');
  fragment = await page.evaluate(() => window.playground.fragment());
  await page.close();
});
after(async () => {
  await session?.close();
});

async function ready(path, options) {
  const opened = await openPage(session, path, options);
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return opened;
}

/** Trains one short epoch, so that the results (matrix, digits, filters, charts) are all shown. */
async function trainCnn(page) {
  await page.click('#start');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  await page.click('#sample-drawing');
  await page.waitForSelector('body[data-predicted]', { timeout: 10000 });
}

const PAGES = [
  { name: 'page', path: () => '/' },
  { name: 'cnn', path: () => '/cnn.html?subset=256&epochs=1', prepare: trainCnn },
  { name: 'embed', path: () => `/embed.html#${fragment}` },
  { name: 'embed-locked', path: () => `/embed.html?controls=locked#${fragment}` },
  {
    name: 'tutorial',
    path: () => '/examples/tutorial.html',
    prepare: async (page) => {
      const frame = await (await page.$('#embed')).contentFrame();
      await frame.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    },
  },
];

/**
 * Runs axe with the WCAG 2.1 A/AA rules, then with its best-practice rules (one heading level
 * one, unique landmarks, all content in landmarks: what the issue found missing), and fails
 * with each violation's id, impact and the selectors of its nodes.
 */
async function assertNoViolations(t, page, label) {
  const wcag = await axeViolations(page);
  const practice = await axeViolations(page, { tags: ['best-practice'] });
  const review = wcag.incomplete.length ? `; left for review: ${wcag.incomplete.join(', ')}` : '';
  t.diagnostic(`axe ${label}: WCAG 2.1 A/AA ${wcag.violations.length} violations, ${wcag.passes} rules passed; best practice ${practice.violations.length} violations, ${practice.passes} rules passed${review}`);
  assert.equal(wcag.violations.length, 0, `axe (WCAG 2.1 A/AA) on ${label}:\n${describeViolations(wcag.violations)}`);
  assert.equal(practice.violations.length, 0, `axe (best practice) on ${label}:\n${describeViolations(practice.violations)}`);
}

for (const { name, path, prepare } of PAGES) {
  for (const viewport of VIEWPORTS) {
    for (const colorScheme of SCHEMES) {
      const label = `${name} ${viewport.width}x${viewport.height} ${colorScheme}`;
      test(`axe (WCAG 2.1 A/AA): ${label}`, async (t) => {
        const { page, problems } = await ready(path(), { ...viewport, colorScheme });
        await prepare?.(page);
        await page.screenshot({ path: new URL(`${name}-${viewport.width}x${viewport.height}-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
        // What the page itself did, before axe runs: axe's own checks set inline styles inside
        // the custom element's shadow root, which the page's CSP rightly reports.
        const pageProblems = [...problems];
        await assertNoViolations(t, page, label);
        assert.deepEqual(pageProblems, []);
        await page.close();
      });
    }
  }
}

test('axe on the main page with its messages shown: field errors, the link notice, the share box, a finished sweep', async (t) => {
  for (const colorScheme of SCHEMES) {
    const { page, problems } = await ready('/#v1.not-a-state', { colorScheme });
    await page.locator('.pg-notice').waitFor({ state: 'visible' });
    await openCard(page.locator('.config').first());
    await page.locator('.config').first().locator('input[data-path="learning_rate"]').fill('-1');
    await page.locator('.config').first().locator('.field-error').first().waitFor({ state: 'visible' });
    await page.fill('#steps', '0');
    await page.locator('#toolbar-error').waitFor({ state: 'visible' });
    await page.click('#copy-link');
    await page.locator('.pg-share-output').waitFor({ state: 'visible' });
    await page.click('#sweep-details > summary');
    await page.selectOption('#sweep-resolution', '32');
    await page.fill('#sweep-steps', '50');
    await page.waitForSelector('#sweep-start:not([disabled])', { timeout: 30000 });
    await page.click('#sweep-start');
    await page.waitForSelector('#sweep[data-state="done"]', { timeout: 60000 });
    await page.fill('#sweep-steps', '0');
    await page.click('#sweep-start');
    await page.locator('#sweep-error').waitFor({ state: 'visible' });
    await page.screenshot({ path: new URL(`page-messages-1280x800-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
    await assertNoViolations(t, page, `page with messages 1280x800 ${colorScheme}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/**
 * In the page: every control a keyboard user should reach (visible, enabled, focusable by Tab;
 * open shadow roots included), each tagged with `data-a11y-id`.
 */
function listControls() {
  const SELECTOR = 'a[href], button, input, select, textarea, summary, iframe, [tabindex]';
  const found = [];
  const walk = (root) => {
    for (const node of root.querySelectorAll('*')) {
      if (node.shadowRoot) walk(node.shadowRoot);
      if (!node.matches(SELECTOR) || node.tabIndex < 0 || node.matches(':disabled')) continue;
      if (node.type === 'hidden' || !node.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      const r = node.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      node.dataset.a11yId ??= String(found.length);
      found.push({
        id: node.dataset.a11yId,
        radio: node.type === 'radio' ? node.name : null,
        what: `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.split(' ')[0]}` : ''} "${(node.getAttribute('aria-label') ?? node.labels?.[0]?.textContent ?? node.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
      });
    }
  };
  walk(document);
  return found;
}

/**
 * In the page: what has focus (through shadow roots), whether it is visible, and its focus
 * indicator: the computed outline or box-shadow, and the contrast of the outline's colour with
 * the background it is drawn on (the nearest opaque background of its parents).
 */
function focusedInfo() {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body) return null;
  const rgb = (text) => {
    const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\)/.exec(text);
    if (!m) return null;
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : Number(m[4]);
    return { c: [m[1], m[2], m[3]].map(Number), alpha };
  };
  const lum = ({ c }) => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let bg = null;
  for (let p = a.parentElement ?? a.getRootNode().host; p; p = p.parentElement ?? p.getRootNode().host) {
    const c = rgb(getComputedStyle(p).backgroundColor);
    if (c && c.alpha >= 0.99) {
      bg = c;
      break;
    }
  }
  bg ??= rgb(getComputedStyle(document.documentElement).backgroundColor);
  const cs = getComputedStyle(a);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 ? rgb(cs.outlineColor) : null;
  const [hi, lo] = outline && bg ? [lum(outline), lum(bg)].sort((x, y) => y - x) : [0, 0];
  const r = a.getBoundingClientRect();
  return {
    id: a.dataset?.a11yId ?? null,
    what: `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''} "${(a.getAttribute('aria-label') ?? a.labels?.[0]?.textContent ?? a.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
    visible: a.checkVisibility({ visibilityProperty: true }) && r.width >= 1 && r.height >= 1,
    onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    outline: outline ? `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}` : null,
    outlineContrast: outline && bg ? (hi + 0.05) / (lo + 0.05) : 0,
    boxShadow: cs.boxShadow !== 'none' ? cs.boxShadow : null,
    background: bg ? `rgb(${bg.c.join(', ')})` : null,
  };
}

const KEYBOARD_PAGES = [
  // The sweep's controls are inside its closed panel (opening it starts the worker).
  { name: 'the main page', path: '/', settled: 'body[data-ready="true"]', atLeast: 50 },
  { name: 'the CNN page', path: '/cnn.html?subset=256&epochs=1', settled: 'body[data-state="idle"]', atLeast: 20 },
];

for (const { name, path, settled, atLeast } of KEYBOARD_PAGES) for (const colorScheme of SCHEMES) {
  test(`keyboard (${colorScheme}): Tab reaches every control of ${name}, each with a visible focus ring of 3:1 contrast`, async (t) => {
    const { page, problems } = await ready(path, { colorScheme });
    await page.waitForSelector(settled, { state: 'attached', timeout: 30000 });
    const controls = await page.evaluate(listControls);
    assert.ok(controls.length > atLeast, `${controls.length} controls found`);
    await page.evaluate(() => document.activeElement?.blur());
    const reached = new Map();
    const problemsSeen = [];
    for (let i = 0; i < controls.length * 2 + 10; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(focusedInfo);
      if (!f) {
        if (reached.size) break;
        continue;
      }
      if (f.id !== null && reached.has(f.id)) break;
      reached.set(f.id ?? `untagged ${i}`, f);
      if (f.id === null) problemsSeen.push(`${f.what}: takes focus but is not a visible control`);
      if (!f.visible || !f.onScreen) problemsSeen.push(`${f.what}: focused while hidden or off screen`);
      if (!f.outline && !f.boxShadow) problemsSeen.push(`${f.what}: no outline or box-shadow when focused`);
      else if (f.outline && f.outlineContrast < 3) problemsSeen.push(`${f.what}: focus outline ${f.outline} on ${f.background} has contrast ${f.outlineContrast.toFixed(2)} < 3`);
    }
    const radiosReached = new Set(controls.filter((c) => c.radio && reached.has(c.id)).map((c) => c.radio));
    const skipped = controls.filter((c) => !reached.has(c.id) && !(c.radio && radiosReached.has(c.radio)));
    const ringed = [...reached.values()].filter((f) => f.outline);
    const weakest = ringed.reduce((a, b) => (b.outlineContrast < a.outlineContrast ? b : a), ringed[0]);
    t.diagnostic(`keyboard ${name} ${colorScheme}: ${reached.size} Tab stops for ${controls.length} controls, ${ringed.length} with a focus outline; lowest outline contrast ${weakest?.outlineContrast.toFixed(2)} (${weakest?.outline} on ${weakest?.background}, ${weakest?.what})`);
    assert.deepEqual(skipped.map((c) => c.what), [], 'controls Tab never reaches');
    assert.deepEqual(problemsSeen, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('keyboard: every slider moves with the arrow keys, and the map\'s start point too', async () => {
  const { page, problems } = await ready('/');
  const sliders = await page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const node of root.querySelectorAll('*')) {
        if (node.shadowRoot) walk(node.shadowRoot);
        if ((node.matches('input[type=range]') || node.getAttribute('role') === 'slider') && node.checkVisibility() && !node.matches(':disabled')) {
          node.dataset.a11ySlider = String(out.length);
          out.push(node.id || node.getAttribute('aria-label') || node.className);
        }
      }
    };
    walk(document);
    return out;
  });
  assert.ok(sliders.length >= 1, 'the iteration scrubber at least');
  const read = (i) => page.evaluate((k) => {
    const walk = (root) => {
      for (const node of root.querySelectorAll('*')) {
        if (node.dataset?.a11ySlider === String(k)) return node;
        const inner = node.shadowRoot && walk(node.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const s = walk(document);
    return { value: s.value ?? s.getAttribute('aria-valuenow'), inputs: Number(s.dataset.a11yInputs ?? 0) };
  }, i);
  for (const [i, name] of sliders.entries()) {
    const slider = page.locator(`[data-a11y-slider="${i}"]`);
    await slider.evaluate((s) => s.addEventListener('input', () => { s.dataset.a11yInputs = String(Number(s.dataset.a11yInputs ?? 0) + 1); }));
    await slider.focus();
    const start = await read(i);
    await page.keyboard.press('ArrowLeft');
    let moved = await read(i);
    if (moved.value === start.value) {
      await page.keyboard.press('ArrowRight');
      moved = await read(i);
    }
    assert.notEqual(moved.value, start.value, `${name}: arrow keys do not move it`);
    if (await slider.evaluate((s) => s.matches('input'))) assert.ok(moved.inputs > start.inputs, `${name}: no input event`);
  }
  // The scrubber drives the shown iteration.
  await page.locator('#scrubber').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => window.playground.getState().upto), Number(await page.inputValue('#scrubber')));
  // The map's start point moves with the arrow keys.
  const before = await page.evaluate(() => window.playground.getState().start);
  await page.locator('#map').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  const after = await page.evaluate(() => window.playground.getState().start);
  assert.ok(after[0] > before[0] && after[1] > before[1], `start ${before} -> ${after}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('switching the colour scheme while a page is open redraws its charts in the new colours', async () => {
  for (const [path, charts] of [['/', ['#lr-chart', '#loss-chart', '#claim-chart']], ['/cnn.html?subset=256&epochs=1', ['#loss-chart', '#acc-chart', '#lr-chart']]]) {
    const { page, problems } = await ready(path, { colorScheme: 'light' });
    /** The chart's background: the pixel in its top-left corner, and the page's --chart-bg. */
    const corners = () => page.evaluate((selectors) => {
      const hex = (d) => `#${[...d.slice(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      return {
        bg: getComputedStyle(document.documentElement).getPropertyValue('--chart-bg').trim(),
        corners: selectors.map((s) => hex(document.querySelector(s).getContext('2d').getImageData(1, 1, 1, 1).data)),
      };
    }, charts);
    const light = await corners();
    assert.deepEqual(light.corners, charts.map(() => light.bg), `${path} light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--chart-bg').trim() !== '#ffffff');
    await page.waitForTimeout(100);
    const dark = await corners();
    assert.notEqual(dark.bg, light.bg);
    assert.deepEqual(dark.corners, charts.map(() => dark.bg), `${path}: after the switch, every chart has the dark background`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
