// Page loads in headless Chromium, two www/ trees side by side in one run (e.g. before and after
// a change to the wasm modules): for index.html, embed.html, examples/tutorial.html and cnn.html,
// the bytes every request of the page (its workers and frames included) transferred, the same
// responses gzipped (-9, what a compressing host would send; scripts/serve.mjs does not
// compress), the wasm modules among them, and the time from navigation to the page's
// `data-ready` (the playground pages: wasm loaded and the first map drawn; the CNN page: its
// worker loaded the module and the dataset and the network is built). Medians over N runs, each
// in a fresh browser context (empty cache), the trees alternating.
//
// With --network slow-4g (or fast-4g), the server answers as a static host does (HTTP/2 over TLS,
// with a throwaway self-signed certificate, and gzipped bodies), and Chromium's network emulation
// throttles every request (DevTools' presets: see NETWORKS), so the time includes downloading
// what the page fetches; without it, the time is localhost's (HTTP/1.1, uncompressed).
//
// Usage: node bench/load.mjs [--runs 9] [--before <www dir>] [--after <www dir>] [--build simd|scalar]
//                            [--network slow-4g|fast-4g]
//   --before defaults to nothing (only --after, which defaults to this checkout's www/, is
//   measured). Example, with main's www/ and its wasm builds:
//     git worktree add /tmp/before-www 3798b30 && cp -r <old pkgs> /tmp/before-www/www/
//     node bench/load.mjs --before /tmp/before-www/www
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('runs', 9));
const BUILD = opt('build', '');
const trees = [
  ...(opt('before') ? [['before', opt('before')]] : []),
  ['after', opt('after', fileURLToPath(new URL('../www', import.meta.url)))],
];
const PAGES = ['/index.html', '/embed.html', '/examples/tutorial.html', '/cnn.html'];
/**
 * Chrome DevTools' (and Puppeteer's PredefinedNetworkConditions) throttling presets: latency in
 * ms, throughputs in bytes/s. "Slow 4G" is the preset formerly named "Fast 3G".
 */
const NETWORKS = {
  'slow-4g': { latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 },
  'fast-4g': { latency: 60 * 2.75, downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9 },
};
const NETWORK = opt('network', '');
if (NETWORK && !NETWORKS[NETWORK]) throw new Error(`--network: ${NETWORK} is not one of ${Object.keys(NETWORKS).join(', ')}`);

/** Records when `body[data-ready]` turns "true", on the page's clock (ms since navigation start). */
function recordReady() {
  const mark = () => {
    if (document.body?.dataset.ready === 'true' && window.__readyAt === undefined) window.__readyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'], childList: true });
}

async function measure(browser, base, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  const responses = [];
  context.on('requestfinished', (req) => responses.push(req));
  const page = await context.newPage();
  if (NETWORK) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORKS[NETWORK] });
  }
  await page.addInitScript(recordReady);
  const query = BUILD ? `?build=${BUILD}` : '';
  await page.goto(`${base}${path}${query}`);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60000 });
  const readyMs = await page.evaluate(() => window.__readyAt);
  // Let what the page starts after its first frame (workers, lazy frames in view) finish.
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  let gzip = 0;
  let wasmGzip = 0;
  const modules = new Set();
  for (const req of responses) {
    const sizes = await req.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    const body = await (await req.response())?.body().catch(() => null);
    if (!body) continue;
    const z = gzipSync(body, { level: 9 }).length;
    gzip += z;
    const m = /\/(pkg(?:-simd)?)\/(\w+)\.wasm$/.exec(new URL(req.url()).pathname);
    if (m) {
      wasmGzip += z;
      modules.add(`${m[1]}/${m[2]}`);
    }
  }
  await context.close();
  return { readyMs, bytes, gzip, wasmGzip, modules: [...modules].sort().join(' ') };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const servers = [];
/** A throwaway self-signed certificate for 127.0.0.1, for the HTTP/2 server. */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'load-bench-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const tls = NETWORK ? selfSignedCertificate() : undefined;
for (const [name, root] of trees) servers.push({ name, server: await startServer({ port: 0, quiet: true, root, gzip: Boolean(NETWORK), tls }) });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', ...(tls ? ['--ignore-certificate-errors'] : [])],
});
const results = {};
try {
  // One warm-up load per page and tree (disk cache of the OS, V8's code cache is per context).
  for (const { server } of servers) for (const path of PAGES) await measure(browser, server.url.replace(/\/$/, ''), path);
  for (let run = 0; run < RUNS; run++) {
    for (const path of PAGES) {
      const order = run % 2 ? [...servers].reverse() : servers;
      for (const { name, server } of order) {
        const r = await measure(browser, server.url.replace(/\/$/, ''), path);
        ((results[path] ??= {})[name] ??= []).push(r);
      }
    }
  }
} finally {
  await browser.close();
  for (const { server } of servers) await server.close();
}

const kb = (n) => (n / 1000).toFixed(1);
console.log(`${RUNS} runs, headless Chromium${BUILD ? `, ?build=${BUILD}` : ''}${NETWORK ? `, network ${NETWORK} (HTTP/2, gzipped responses)` : ', localhost (HTTP/1.1)'}; medians (bytes are the same every run)`);
console.log('| page | tree | ms to data-ready | KB transferred | KB gzipped | wasm KB gzipped | wasm modules |');
console.log('|---|---|---:|---:|---:|---:|---|');
for (const path of PAGES) {
  for (const { name } of servers) {
    const rs = results[path][name];
    console.log(`| ${path} | ${name} | ${median(rs.map((r) => r.readyMs)).toFixed(0)} | ${kb(median(rs.map((r) => r.bytes)))} | ${kb(median(rs.map((r) => r.gzip)))} | ${kb(median(rs.map((r) => r.wasmGzip)))} | ${rs[0].modules} |`);
  }
}
