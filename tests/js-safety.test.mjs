// Static checks of what the page ships: nothing that runs strings as code or writes HTML from
// data, no inline script or style (the CSP forbids both), and every page declares the CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('../www/', import.meta.url));
const BUILD_OUTPUTS = new Set(['pkg', 'pkg-simd']);

async function files(dir, ext) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !BUILD_OUTPUTS.has(entry.name)) out.push(...(await files(join(dir, entry.name), ext)));
    else if (entry.isFile() && entry.name.endsWith(ext)) out.push(join(dir, entry.name));
  }
  return out;
}

const FORBIDDEN_JS = [
  [/\beval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/insertAdjacentHTML/, 'insertAdjacentHTML'],
  [/document\.write/, 'document.write'],
  [/set(?:Timeout|Interval)\s*\(\s*['"`]/, 'setTimeout/setInterval with a string'],
];

test('no shipped script runs strings as code or writes HTML', async () => {
  const js = await files(WWW, '.js');
  assert.ok(js.length >= 5, `found ${js.length} scripts`);
  const hits = [];
  for (const file of js) {
    const text = await readFile(file, 'utf8');
    for (const [pattern, name] of FORBIDDEN_JS) if (pattern.test(text)) hits.push(`${relative(WWW, file)}: ${name}`);
  }
  assert.deepEqual(hits, []);
});

test('every page declares the CSP and has no inline script or style', async () => {
  const pages = await files(WWW, '.html');
  assert.ok(pages.length >= 1);
  for (const page of pages) {
    const html = await readFile(page, 'utf8');
    const name = relative(WWW, page);
    assert.match(html, /http-equiv="Content-Security-Policy"[^>]*default-src 'self'/, `${name}: CSP meta`);
    assert.match(html, /script-src 'self' 'wasm-unsafe-eval'/, `${name}: script-src`);
    assert.doesNotMatch(html, /'unsafe-eval'|'unsafe-inline'/, `${name}: no unsafe-eval / unsafe-inline`);
    for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(tag[1], /\bsrc=/, `${name}: inline <script>`);
      assert.equal(tag[2].trim(), '', `${name}: inline script body`);
    }
    assert.doesNotMatch(html, /<style\b/, `${name}: inline <style>`);
    assert.doesNotMatch(html, /\sstyle="/, `${name}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+="/, `${name}: inline event handler`);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${name}: third-party resource`);
  }
});

test('the checks catch what they look for', () => {
  const sample = 'el.innerHTML = x; eval(y); new Function("z")';
  const found = FORBIDDEN_JS.filter(([p]) => p.test(sample)).map(([, n]) => n);
  assert.deepEqual(found, ['eval(', 'new Function(', 'innerHTML']);
});
