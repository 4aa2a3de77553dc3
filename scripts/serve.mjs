#!/usr/bin/env node
// A tiny static server for www/: correct MIME types (application/wasm), no caching surprises,
// the page's Content-Security-Policy as a header, and nothing served from outside www/.
// Usage: node scripts/serve.mjs [--port 8080] [--root www]
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** The policy the page also declares in a meta tag: only its own origin, wasm allowed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors *",
].join('; ');

/**
 * Starts serving `root` on 127.0.0.1:`port` (0 picks a free port). With `gzip`, answers a client
 * that accepts it with a gzipped body, as a static host would (bench/load.mjs uses it to time
 * loads over a throttled network; the dev server does not need it). With `tls` (a key and
 * certificate, PEM), serves HTTP/2 over TLS, as static hosts do: a browser then sends every
 * request at once instead of six at a time over HTTP/1.1.
 * @param {{port?: number, root?: string, quiet?: boolean, gzip?: boolean, tls?: {key: string, cert: string}}} options
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer({ port = 8080, root, quiet = false, gzip = false, tls } = {}) {
  const base = resolve(root ?? join(fileURLToPath(new URL('.', import.meta.url)), '..', 'www'));
  // Compressed once per file version, so that timings do not include the server's zlib.
  const gzipped = new Map();
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} */
  const handle = async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (path !== base && !path.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      const { mtimeMs } = await stat(path);
      let body = await readFile(path);
      const headers = {
        'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const key = `${path}@${mtimeMs}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  };
  const server = tls ? createSecureServer({ ...tls, allowHTTP1: true }, handle) : createServer(handle);
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}/`;
  if (!quiet) console.log(`optimizer-playground: serving ${base} at ${url}`);
  return { url, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  await startServer({ port: Number(flag('--port', process.env.PORT ?? 8080)), root: flag('--root') });
}
