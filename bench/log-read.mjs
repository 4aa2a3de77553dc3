// How the page reads a large TensorBoard event file a person drops: writes an event file of
// about SIZE_MB (default 200) with one `batch_loss` scalar per update, opens the main page in
// headless Chromium, gives it the file through the file picker, and reports the time until the
// chart is drawn and the peak memory of Chromium's processes while reading (resident set, sampled
// every 100 ms, above the page's resident set before the file).
//
//     node bench/log-read.mjs [SIZE_MB]
//
// Needs a build (./scripts/serve.sh or build_wasm).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync, closeSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../scripts/serve.mjs';
import { maskedCrc32c } from '../tests/tfevents-reader.mjs';

const sizeMb = Number(process.argv[2] ?? 200);

/** One TFRecord around `data`. */
function record(data) {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** `Event { wall_time, step, summary { value { tag: "batch_loss", simple_value } } }`. */
function scalarEvent(step, value) {
  const tag = new TextEncoder().encode('batch_loss');
  const v = [0x0a, tag.length, ...tag, 0x15, ...new Uint8Array(new Float32Array([value]).buffer)];
  const summary = [0x0a, v.length, ...v];
  const varint = [];
  for (let s = step; ; s = Math.floor(s / 128)) {
    if (s < 128) { varint.push(s); break; }
    varint.push((s % 128) | 0x80);
  }
  return new Uint8Array([0x09, ...new Uint8Array(new Float64Array([1.8e9]).buffer), 0x10, ...varint, 0x2a, summary.length, ...summary]);
}

const dir = mkdtempSync(join(tmpdir(), 'log-bench-'));
const file = join(dir, 'events.out.tfevents.1800000000.bench');
const fd = openSync(file, 'w');
const version = new TextEncoder().encode('brain.Event:2');
writeSync(fd, record(new Uint8Array([0x09, ...new Uint8Array(new Float64Array([1.8e9]).buffer), 0x1a, version.length, ...version])));
let bytes = 0;
let step = 0;
const batch = [];
while (bytes < sizeMb * 1e6) {
  const r = record(scalarEvent(++step, 1 / Math.sqrt(step)));
  batch.push(r);
  bytes += r.length;
  if (batch.length === 100000) {
    writeSync(fd, Buffer.concat(batch));
    batch.length = 0;
  }
}
writeSync(fd, Buffer.concat(batch));
closeSync(fd);
const size = statSync(file).size;

const rss = () => execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' }).split('\n').filter(Boolean).reduce((a, b) => a + Number(b), 0) * 1024;
const server = await startServer({ port: 0, quiet: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(new URL('/', server.url).href);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const base = rss();
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 100);
  const t0 = performance.now();
  await page.setInputFiles('[data-log="files"]', file);
  await page.waitForSelector('[data-log="figure"]:not([hidden])', { timeout: 600000 });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const listed = await page.textContent('[data-log="files-read"]');
  console.log(`file: ${(size / 1e6).toFixed(1)} MB, ${step.toLocaleString('en-US')} scalars`);
  console.log(`read and drawn in ${(ms / 1000).toFixed(1)} s (${(size / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`);
  console.log(`Chromium resident memory: ${(base / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB while reading (+${((peak - base) / 1e6).toFixed(0)} MB)`);
  console.log(`page says: ${listed.trim()}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
