// The npm package (package.json `exports`, `files`, `module`): what `npm pack` would ship holds
// every file the exports and the modules' own imports need, including both builds of the
// playground's wasm modules (run after `build_wasm`). Nothing is published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('package.json declares an ES module entry and exports', () => {
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.private, true, 'private: never published by accident');
  assert.equal(pkg.module, './www/playground.js');
  assert.equal(pkg.exports['.'], './www/playground.js');
  for (const key of ['./state', './codegen', './style.css', './embed.html', './pkg/*', './pkg-simd/*']) assert.ok(pkg.exports[key], key);
});

test('npm pack ships every exported file, every relative import, and both builds of the playground\'s wasm modules', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files = new Set(JSON.parse(out)[0].files.map((f) => f.path));
  for (const build of ['pkg', 'pkg-simd']) {
    // The component loads `plane`, and `keras_code` when a person edits an expression as text.
    for (const module of ['plane', 'keras_code']) {
      for (const f of [`${module}.js`, `${module}_bg.wasm`]) assert.ok(files.has(`www/${build}/${f}`), `www/${build}/${f} missing from the package (build_wasm first)`);
    }
    // The sweep worker and the CNN page are not part of the component.
    for (const module of ['sweep', 'cnn']) assert.ok(!files.has(`www/${build}/${module}_bg.wasm`), `www/${build}/${module}_bg.wasm packed`);
  }
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.endsWith('*')) continue;
    assert.ok(files.has(normalize(target)), `${key} -> ${target} not packed`);
  }
  // Every static relative import of every packed module resolves to a packed file.
  for (const f of files) {
    if (!f.endsWith('.js') || f.includes('/pkg')) continue;
    const source = readFileSync(join(root, f), 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)) {
      const spec = m[1] ?? m[2];
      const target = normalize(join(dirname(f), spec));
      assert.ok(files.has(target), `${f} imports ${spec}, which is not packed`);
    }
  }
  // Every file a packed page loads (scripts, module preloads, styles, icons) is packed too.
  for (const f of files) {
    if (!f.endsWith('.html')) continue;
    const html = readFileSync(join(root, f), 'utf8');
    for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"#:]+)"/g)) {
      const target = normalize(join(dirname(f), m[1]));
      assert.ok(files.has(target), `${f} loads ${m[1]}, which is not packed`);
    }
  }
  // The wasm loader's URLs, relative to js/wasm.js.
  assert.ok(existsSync(join(root, 'www/pkg/plane_bg.wasm')));
});
