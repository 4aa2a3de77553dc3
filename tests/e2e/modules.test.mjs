// One wasm module per product (src/web/mod.rs): each page fetches only its own. Watches every
// request of the browser context (workers and frames included) for `pkg*/<module>_bg.wasm`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startSession } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/**
 * Opens `path`, waits for `selector`, and returns the page with the list of wasm modules fetched
 * so far (kept up to date as the page goes on): `['simd128/plane', …]`.
 */
async function openWatching(path, selector = 'body[data-ready="true"]', viewport = {}) {
  const fetched = [];
  const onRequest = (req) => {
    const m = /\/(pkg|pkg-simd)\/(\w+)_bg\.wasm$/.exec(new URL(req.url()).pathname);
    if (m) fetched.push(`${m[1] === 'pkg' ? 'scalar' : 'simd128'}/${m[2]}`);
  };
  const opened = await openPage(session, path, { ...viewport, onRequest });
  await opened.page.waitForSelector(selector, { timeout: 30000 });
  return { ...opened, fetched };
}

const modules = (fetched) => [...new Set(fetched.map((f) => f.split('/')[1]))].sort();

test('the playground page fetches the 2D module, the sweep module when the sweep opens, and the parser on a paste', async () => {
  const { page, problems, fetched } = await openWatching('/');
  assert.deepEqual(modules(fetched), ['plane']);
  assert.ok(fetched.every((f) => f.startsWith('simd128/')), `headless Chromium has simd128: ${fetched}`);

  // Opening the sweep starts its worker, which loads its module; Start is enabled once it has.
  await page.click('#sweep-details > summary');
  await page.waitForSelector('#sweep-start:not([disabled])', { timeout: 30000 });
  assert.deepEqual(modules(fetched), ['plane', 'sweep']);

  await page.fill('[data-run="paste"]', 'Adam(lr=0.01, decay=0.001)');
  await page.waitForFunction(() => /learning_rate=0\.01/.test(document.querySelector('[data-run="paste-result"]').textContent));
  assert.deepEqual(modules(fetched), ['keras_code', 'plane', 'sweep']);
  assert.equal(fetched.filter((f) => f.endsWith('/keras_code')).length, 1, 'the parser is fetched once');
  // A second paste reuses it.
  await page.fill('[data-run="paste"]', 'SGD(learning_rate=0.1, momentum=0.9)');
  await page.waitForFunction(() => /SGD\(/.test(document.querySelector('[data-run="paste-result"]').textContent));
  assert.equal(fetched.filter((f) => f.endsWith('/keras_code')).length, 1);
  assert.deepEqual(problems, []);
});

test('?build=scalar fetches the scalar builds of the same modules', async () => {
  const { page, problems, fetched } = await openWatching('/?build=scalar');
  await page.click('#sweep-details > summary');
  await page.waitForSelector('#sweep-start:not([disabled])', { timeout: 30000 });
  assert.deepEqual(fetched.sort(), ['scalar/plane', 'scalar/sweep']);
  assert.deepEqual(problems, []);
});

test('an embed fetches only the 2D module, and the parser when a person edits an expression as text', async () => {
  const { page, problems, fetched } = await openWatching('/embed.html', 'body[data-ready="true"]', { width: 800, height: 700 });
  assert.deepEqual(modules(fetched), ['plane']);
  const title = page.locator('.config .title').first();
  await title.click();
  const expression = page.locator('input.expression').first();
  await expression.fill('RMSprop(learning_rate=0.002)');
  await expression.press('Enter');
  await page.waitForFunction(() => document.querySelector('.config .title').textContent.startsWith('RMSprop('));
  assert.deepEqual(modules(fetched), ['keras_code', 'plane']);
  assert.deepEqual(problems, []);
});

test('the tutorial (component, JS API and iframe embed) fetches only the 2D module', async () => {
  const { page, problems, fetched } = await openWatching('/examples/tutorial.html', 'body[data-ready="true"]', { width: 1000, height: 900 });
  // Figure 3's iframe loads lazily: bring it into view and wait until it has drawn.
  await page.locator('#embed').scrollIntoViewIfNeeded();
  const frame = page.frameLocator('#embed');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30000 });
  assert.deepEqual(modules(fetched), ['plane']);
  assert.deepEqual(problems, []);
});

test('the CNN page and its worker fetch only the CNN module', async () => {
  const { page, problems, fetched } = await openWatching('/cnn.html');
  await page.waitForFunction(() => /in a worker/.test(document.getElementById('build-badge').textContent), null, { timeout: 30000 });
  assert.deepEqual(modules(fetched), ['cnn']);
  assert.ok(fetched.length >= 1);
  assert.deepEqual(problems, []);
});
