// Each page preloads its whole static module graph (scripts/module-preloads.mjs writes the lists):
// the lists are current, and the script's import scanner agrees with V8's own parser on every
// module under www/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PAGES, WWW, staticImports, withPreloads } from '../scripts/module-preloads.mjs';

/** @param {string} dir @returns {string[]} every .js file under dir, wasm-bindgen's glue excepted */
function modules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return /^pkg/.test(e.name) ? [] : modules(path);
    return e.name.endsWith('.js') ? [path] : [];
  });
}

test('every page preloads exactly the modules its entry imports', () => {
  for (const page of PAGES) {
    const { before, after } = withPreloads(page);
    assert.equal(before, after, `${page}: stale list; run node scripts/module-preloads.mjs`);
    assert.match(before, /<link rel="modulepreload" href="[^"]*wasm\.js">/, `${page} preloads the wasm loader`);
  }
});

test('the import scanner finds what V8 finds', () => {
  const files = modules(WWW);
  assert.ok(files.length > 20, `found ${files.length} modules`);
  // V8 parses each module (SourceTextModule, without evaluating it) and names its requests.
  const script = `
    const vm = require('node:vm'); const fs = require('node:fs');
    const out = {};
    for (const f of JSON.parse(process.argv[1])) {
      out[f] = new vm.SourceTextModule(fs.readFileSync(f, 'utf8'), { identifier: f }).dependencySpecifiers;
    }
    process.stdout.write(JSON.stringify(out));`;
  const v8 = JSON.parse(
    execFileSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', '-e', script, JSON.stringify(files)], { encoding: 'utf8' }),
  );
  for (const file of files) {
    const relativeOnes = v8[file].filter((s) => s.startsWith('./') || s.startsWith('../'));
    assert.deepEqual(staticImports(readFileSync(file, 'utf8')).sort(), [...new Set(relativeOnes)].sort(), relative(WWW, file));
  }
});

test('the scanner skips dynamic imports, comments and strings that only mention import', () => {
  const source = [
    "import a from './a.js';",
    "import {\n  b,\n  c,\n} from '../b.js';",
    "export { d } from './d.js';",
    "import './side-effect.js';",
    "// import x from './commented.js';",
    "/* import y from './block.js'; */",
    "const lazy = import('./lazy.js');",
  ].join('\n');
  assert.deepEqual(staticImports(source), ['./a.js', '../b.js', './d.js', './side-effect.js']);
});
