// What a tutorial author gets from npm: the package packed from this tree (`npm pack`, with its
// prepack guard), installed into an empty folder (`npm install <tarball>`, offline: it has no
// dependencies), and the example page of docs/embedding.md and the README's two lines, copied
// from the docs as they are written, served from that folder. In headless Chromium the element draws the map and the step paths in
// both wasm builds, edits an expression as text with the Keras-code module from the package, and
// nothing fails, leaves the origin or reaches the console. Runs after `build_wasm`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ARTIFACTS, canvasStats, openPage, startSession } from './harness.mjs';
import { openCard } from './cards.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = 'optimizer-playground';
const INSTALLED = `/node_modules/${PACKAGE}/www/`;

/** The example page of docs/embedding.md: the html block between its markers. */
function embeddingExample(markdown) {
  const block = /<!-- embedding-example:start -->\s*```html\n([\s\S]*?)```\s*<!-- embedding-example:end -->/.exec(markdown);
  if (!block) throw new Error('docs/embedding.md has no html block between the embedding-example markers');
  return block[1];
}

/** The README's two lines (between its markers), as the body of an otherwise empty page. */
function readmeExample(markdown) {
  const block = /<!-- readme-embed:start -->\s*```html\n([\s\S]*?)```\s*<!-- readme-embed:end -->/.exec(markdown);
  if (!block) throw new Error('README.md has no html block between the readme-embed markers');
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>README example</title>\n</head>\n<body>\n${block[1]}</body>\n</html>\n`;
}

/** A 1x1 icon: the icon header, one entry, a 32-bit bitmap header, one pixel, its mask row. */
const ONE_PIXEL_ICO = Buffer.concat([
  Buffer.from([0, 0, 1, 0, 1, 0]),
  Buffer.from([1, 1, 0, 0, 1, 0, 32, 0, 48, 0, 0, 0, 22, 0, 0, 0]),
  Buffer.from([40, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 32, 0, ...new Array(24).fill(0)]),
  Buffer.from([0x6d, 0x4d, 0xff, 0xff, 0, 0, 0, 0]),
]);

const temp = [];
let site;
let session;
let packed;

before(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'op-pack-'));
  site = mkdtempSync(join(tmpdir(), 'op-site-'));
  temp.push(packDir, site);
  // The real packing path, prepack guard included. A build older than a later Rust edit is
  // packed anyway (tests/package.test.mjs holds the guard's staleness check): this test is about
  // what the package holds and does, and the other e2e files run that same build.
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: root, encoding: 'utf8', env: { ...process.env, OPTIMIZER_PLAYGROUND_ALLOW_STALE_WASM: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  packed = JSON.parse(out)[0];
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packDir, packed.filename)], { cwd: site, stdio: 'pipe' });
  const doc = readFileSync(join(root, 'docs/embedding.md'), 'utf8');
  writeFileSync(join(site, 'index.html'), embeddingExample(doc));
  writeFileSync(join(site, 'readme.html'), readmeExample(readFileSync(join(root, 'README.md'), 'utf8')));
  // The site's own icon: without one, the browser's request for /favicon.ico is a 404 on the
  // console that has nothing to do with the package.
  writeFileSync(join(site, 'favicon.ico'), ONE_PIXEL_ICO);
  session = await startSession({ root: site });
});

after(async () => {
  await session?.close();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

test('the installed package holds only itself: no dependencies came with it', (t) => {
  const lock = JSON.parse(readFileSync(join(site, 'package-lock.json'), 'utf8'));
  assert.deepEqual(Object.keys(lock.packages).filter(Boolean), [`node_modules/${PACKAGE}`]);
  const installed = JSON.parse(readFileSync(join(site, 'node_modules', PACKAGE, 'package.json'), 'utf8'));
  assert.equal(installed.version, packed.version);
  t.diagnostic(`${packed.filename}: ${packed.size} bytes, ${packed.entryCount} files, ${packed.unpackedSize} bytes unpacked`);
});

test('the package\'s exports resolve from the folder it was installed into', async () => {
  const require = createRequire(join(site, 'index.js'));
  assert.equal(require.resolve(PACKAGE), join(site, 'node_modules', PACKAGE, 'www/playground.js'));
  for (const entry of ['state', 'codegen', 'optimizers', 'style.css', 'embed.html', 'pkg/plane_bg.wasm', 'pkg-simd/keras_code.js']) {
    require.resolve(`${PACKAGE}/${entry}`);
  }
  const { defaultState } = await import(pathToFileURL(require.resolve(`${PACKAGE}/state`)).href);
  assert.equal(typeof defaultState, 'function');
});

/**
 * Opens the example page in one build and waits until the element has drawn.
 * @param {string} search  the page's query: '' (the browser's build) or '?build=scalar'
 */
async function openExample(search, path = '/index.html') {
  const requests = [];
  const { page, problems } = await openPage(session, `${path}${search}`, {
    width: 900, height: 900, onRequest: (req) => requests.push(new URL(req.url()).pathname),
  });
  // A page whose script did not load never defines the element: say what failed.
  await page.waitForFunction(() => customElements.get('optimizer-playground'), null, { timeout: 30000 })
    .catch((e) => { throw new Error(`${e.message}\n${problems.join('\n')}`); });
  const loaded = await page.evaluate(() => document.querySelector('optimizer-playground').ready);
  await page.waitForFunction(() => document.querySelector('optimizer-playground').shadowRoot?.querySelector('.op-root')?.dataset.ready === 'true');
  return { page, problems, requests, loaded };
}

/** Pixels of exactly `hex` in a canvas: the inside of a path line drawn in that colour. */
async function pixelsOfColour(page, selector, hex) {
  return page.$eval(selector, (canvas, colour) => {
    const want = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === want[0] && data[i + 1] === want[1] && data[i + 2] === want[2]) n++;
    return n;
  }, hex);
}

for (const [search, build, dir, other] of [['', 'simd128', 'pkg-simd/', 'pkg/'], ['?build=scalar', 'scalar', 'pkg/', 'pkg-simd/']]) {
  test(`the doc's example page draws the map and both paths from the installed package (${build} build)`, async () => {
    const { page, problems, requests, loaded } = await openExample(search);
    assert.equal(loaded.build, build);
    assert.equal(loaded.info.simd128, build === 'simd128');
    // Every file came from the installed package, in this build only.
    assert.ok(requests.includes(`${INSTALLED}${dir}plane_bg.wasm`), requests.join('\n'));
    assert.ok(!requests.some((p) => p.includes(`${INSTALLED}${other}`)), `the other build was fetched:\n${requests.join('\n')}`);
    assert.ok(requests.filter((p) => p !== '/index.html').every((p) => p.startsWith(INSTALLED)), requests.join('\n'));
    assert.ok(!requests.some((p) => p.includes('keras_code')), 'the Keras-code module is fetched only when someone edits code');

    const map = 'optimizer-playground .pg-map';
    const stats = await canvasStats(page, map);
    assert.ok(stats.width > 300 && stats.colours > 50 && stats.nonBackground > 0.5, `map: ${JSON.stringify(stats)}`);
    // The configurations' paths, in their colours (the first's is only on its path). The
    // package's own palette, imported through its `exports`.
    const require = createRequire(join(site, 'index.js'));
    const { PALETTE } = await import(pathToFileURL(require.resolve(`${PACKAGE}/optimizers`)).href);
    const state = await page.evaluate(() => document.querySelector('optimizer-playground').getState());
    assert.deepEqual(state.configs.map((c) => c.optimizer.decay ?? 0), [0, 0.002]);
    assert.ok(await pixelsOfColour(page, map, PALETTE[0]) > 40, `no ${PALETTE[0]} path on the map`);
    await page.screenshot({ path: new URL(`package-install-${build}.png`, ARTIFACTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the README\'s two lines, pasted into an empty page beside the installed package, draw the lr chart', async () => {
  const { page, problems, requests } = await openExample('', '/readme.html');
  assert.ok(requests.filter((p) => p !== '/readme.html').every((p) => p.startsWith(INSTALLED)), requests.join('\n'));
  const chart = 'optimizer-playground .pg-lr-chart';
  const stats = await canvasStats(page, chart);
  assert.ok(stats.width > 200 && stats.colours > 10 && stats.nonBackground > 0.01, `lr chart: ${JSON.stringify(stats)}`);
  const require = createRequire(join(site, 'index.js'));
  const { PALETTE } = await import(pathToFileURL(require.resolve(`${PACKAGE}/optimizers`)).href);
  assert.ok(await pixelsOfColour(page, chart, PALETTE[0]) > 40, `no ${PALETTE[0]} lr curve on the chart`);
  const state = await page.evaluate(() => document.querySelector('optimizer-playground').getState());
  assert.deepEqual(state.configs.map((c) => [c.optimizer.learning_rate, c.optimizer.decay]), [[0.003, 0.0002]]);
  await page.screenshot({ path: new URL('package-install-readme.png', ARTIFACTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('editing an expression as text loads the Keras-code module from the package, in the page\'s build', async () => {
  for (const [search, dir] of [['', 'pkg-simd/'], ['?build=scalar', 'pkg/']]) {
    const { page, problems, requests } = await openExample(search);
    const card = page.locator('optimizer-playground .config').first();
    await openCard(card, { more: false });
    const expression = card.locator('input.expression');
    await expression.fill('SGD(learning_rate=0.001, momentum=0.9)');
    await expression.press('Enter');
    await page.waitForFunction(() => document.querySelector('optimizer-playground').shadowRoot.querySelector('.config .title').textContent.startsWith('SGD('));
    assert.equal(await card.locator('.title').textContent(), 'SGD(learning_rate=0.001, momentum=0.9)');
    assert.ok(requests.includes(`${INSTALLED}${dir}keras_code_bg.wasm`), requests.join('\n'));
    assert.ok(requests.includes(`${INSTALLED}${dir}keras_code.js`), requests.join('\n'));
    assert.deepEqual(problems, []);
    await page.close();
  }
});
