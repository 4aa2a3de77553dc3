#!/usr/bin/env node
// Writes, into each page's <head>, a <link rel="modulepreload"> for every module its entry script
// imports statically (the whole graph, not only the entry's own imports). Without the list a
// browser discovers the graph one import level at a time: nine levels deep, each a round trip,
// about 5 s on DevTools' "Slow 4G" before the wasm is even asked for (bench/load.mjs --network).
// With it, every module is requested as soon as the HTML is parsed.
//
// Usage: node scripts/module-preloads.mjs          rewrites the pages
//        node scripts/module-preloads.mjs --check  exits 1 if a page's list is stale
// tests/module-preloads.test.mjs runs the check.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = resolve(fileURLToPath(new URL('../www', import.meta.url)));

/** The pages that get a list. examples/minimal.html stays what an embedding author writes. */
export const PAGES = ['index.html', 'embed.html', 'cnn.html', 'examples/tutorial.html'];

const BEGIN = '<!-- modulepreload: written by scripts/module-preloads.mjs -->';
const END = '<!-- /modulepreload -->';

/**
 * The relative specifiers a module imports or re-exports statically, each once.
 * @param {string} source
 * @returns {string[]}
 */
export function staticImports(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set();
  for (const m of code.matchAll(/(?:^|;|\n)\s*(?:import|export)\s+(?:[^'"`;]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g)) {
    found.add(m[1]);
  }
  return [...found];
}

/**
 * Every module reachable from `entry` by static imports, entry excluded, in breadth-first order.
 * @param {string} entry absolute path
 * @returns {string[]} absolute paths
 */
export function moduleGraph(entry) {
  const seen = new Set([entry]);
  const order = [];
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      const dep = resolve(dirname(file), spec);
      if (seen.has(dep)) continue;
      seen.add(dep);
      order.push(dep);
      queue.push(dep);
    }
  }
  return order;
}

/**
 * The page's HTML with its preload block written after its module script.
 * @param {string} page path under www/
 * @returns {{before: string, after: string}}
 */
export function withPreloads(page) {
  const file = join(WWW, page);
  const before = readFileSync(file, 'utf8');
  const stripped = before.replace(new RegExp(`\\n[ \\t]*${BEGIN}[\\s\\S]*?${END}`), '');
  const script = /^([ \t]*)<script type="module" src="([^"]+)"><\/script>$/m.exec(stripped);
  if (!script) throw new Error(`${page}: no <script type="module" src="..."> line`);
  const [line, indent, src] = script;
  const pageDir = dirname(file);
  const links = moduleGraph(resolve(pageDir, src)).map((dep) => {
    const href = relative(pageDir, dep).split(sep).join('/');
    return `${indent}<link rel="modulepreload" href="${href}">`;
  });
  const block = [`${indent}${BEGIN}`, ...links, `${indent}${END}`].join('\n');
  const after = stripped.replace(line, `${line}\n${block}`);
  return { before, after };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const page of PAGES) {
    const { before, after } = withPreloads(page);
    if (before === after) continue;
    if (check) {
      console.error(`${page}: its modulepreload list is stale; run node scripts/module-preloads.mjs`);
      stale++;
    } else {
      writeFileSync(join(WWW, page), after);
      console.log(`${page}: modulepreload list written`);
    }
  }
  process.exit(stale ? 1 : 0);
}
