// The npm package (package.json, the `prepack` guard scripts/check-package-build.mjs): what
// `npm publish` would ship holds every file the exports, the modules' static and dynamic
// imports and the packed pages load, including both builds of the wasm modules the component
// loads, and nothing a page does not need; installing it runs nothing; and packing a tree
// without the wasm build fails instead of shipping a playground that cannot load. Runs after
// `build_wasm`. Nothing is published: `npm publish --dry-run --offline` (dry-run stops before
// the upload, and --offline keeps it from asking the registry whether the version exists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackageBuild } from '../scripts/check-package-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Ceiling of the tarball (gzip), in bytes. Both builds of `plane` and `keras_code` are at most
 * 2 x (108.8 + 146.8) = 511 KB gzipped by their budgets in tests/wasm-modules.test.mjs, and the
 * text (modules, style.css, README, type declarations) is about 125 KB gzipped. 700 KB leaves
 * room for that text to grow, but not for one more wasm module in both builds (the smallest,
 * `training_log`, adds about 110 KB) or any data asset (the CNN's MNIST file is 7.8 MB).
 */
const TARBALL_CEILING = 700_000;

/** Files a page using the package never loads, by where they live. */
const NOT_FOR_PAGES = [/^tests\//, /^bench\//, /^src\//, /^modules\//, /^fuzz\//, /^scripts\//, /^examples\//,
  /^target/, /node_modules\//, /^\.github\//, /^www\/data\//, /^www\/examples\//, /^Cargo\./];

/** The dry-run publish of this tree: `{size, files: [{path, size}], …}` as npm reports it. */
function dryRunPublish() {
  const out = execFileSync('npm', ['publish', '--dry-run', '--json', '--offline', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const report = JSON.parse(out);
  return report[pkg.name] ?? report;
}

test('package.json is publishable: public, licensed, linked to its repository, with ES module exports', () => {
  assert.equal(pkg.private, undefined, 'a private package cannot be published');
  assert.equal(pkg.name, 'optimizer-playground');
  assert.match(pkg.version, /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/);
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.version, /^version = "([^"]+)"/m.exec(cargo)[1], 'the npm and crate versions move together');
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} optimizer-playground contributors\n/);
  const repository = /^repository = "([^"]+)"/m.exec(cargo)[1];
  assert.equal(pkg.repository.url, `git+${repository}.git`);
  assert.ok(pkg.bugs.url.startsWith(repository));
  assert.ok(pkg.keywords.includes('keras'));
  assert.deepEqual(pkg.publishConfig, { access: 'public', provenance: true });
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.module, './www/playground.js');
  assert.equal(pkg.exports['.'], './www/playground.js');
  for (const key of ['./state', './codegen', './style.css', './embed.html', './pkg/*', './pkg-simd/*']) assert.ok(pkg.exports[key], key);
});

test('installing the package runs nothing and installs nothing else', () => {
  // A page loads the files as they are: the browser needs no dependency, and an install must
  // not build Rust (npm runs these scripts in the installer's tree; `prepare` also on a git
  // dependency).
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}), []);
  assert.deepEqual(Object.keys(pkg.optionalDependencies ?? {}), []);
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
    assert.equal(pkg.scripts[hook], undefined, `scripts.${hook} would run on install`);
  }
  // The tools the tests use stay dev-only.
  assert.ok(Object.keys(pkg.devDependencies).includes('playwright-core'));
  assert.equal(pkg.scripts.prepack, 'node scripts/check-package-build.mjs');
});

test('npm publish ships every exported file, every static and dynamic import, both builds of the component\'s wasm modules, and nothing else', () => {
  const report = dryRunPublish();
  const files = new Set(report.files.map((f) => f.path));
  const packedSource = (f) => readFileSync(join(root, f), 'utf8');
  const jsFiles = [...files].filter((f) => f.endsWith('.js'));

  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.endsWith('*')) continue;
    assert.ok(files.has(normalize(target)), `${key} -> ${target} not packed`);
  }
  assert.ok(files.has('LICENSE'));

  for (const f of jsFiles) {
    const source = packedSource(f);
    // Static imports and re-exports.
    for (const m of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)) {
      const spec = m[1] ?? m[2];
      assert.ok(files.has(normalize(join(dirname(f), spec))), `${f} imports ${spec}, which is not packed`);
    }
    // Dynamic imports of a fixed path.
    for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
      assert.ok(files.has(normalize(join(dirname(f), m[1]))), `${f} imports ${m[1]} dynamically, which is not packed`);
    }
    // URLs relative to the module: workers, stylesheets, wasm binaries, pages. `link()`'s
    // default base is the full page, which a person opens from a copied link; the package holds
    // the component, not that page.
    for (const m of source.matchAll(/new URL\(\s*'([^']+)',\s*import\.meta\.url\s*\)/g)) {
      if (f === 'www/playground.js' && m[1] === './index.html') continue;
      assert.ok(files.has(normalize(join(dirname(f), m[1]))), `${f} loads ${m[1]}, which is not packed`);
    }
    // A URL built from variables cannot be checked here: only the wasm loader builds one, and
    // the modules it loads are checked below.
    for (const m of source.matchAll(/new URL\(\s*`([^`]+)`,\s*import\.meta\.url\s*\)/g)) {
      assert.equal(f, 'www/js/wasm.js', `${f} loads ${m[1]}: teach this test which files that is`);
    }
  }

  // The wasm modules the packed code loads: the loader's default module and every module a
  // packed file names in a `loadWasm` call (js/wasm.js loads `keras_code` itself, on the first
  // expression edited as text), each in both builds.
  const loader = packedSource('www/js/wasm.js');
  const loaded = new Set([/export function loadWasm\([^{]*\bmodule = '(\w+)'/.exec(loader)[1]]);
  for (const f of jsFiles) {
    for (const m of packedSource(f).matchAll(/loadWasm\([^)]*?'(\w+)'\s*\)/g)) loaded.add(m[1]);
  }
  assert.deepEqual([...loaded].sort(), ['keras_code', 'plane']);
  const all = /const MODULES = new Set\(\[([^\]]+)\]\)/.exec(loader)[1].match(/\w+/g);
  for (const build of ['pkg', 'pkg-simd']) {
    for (const module of all) {
      for (const f of [`${module}.js`, `${module}_bg.wasm`]) {
        const path = `www/${build}/${f}`;
        if (loaded.has(module)) assert.ok(files.has(path), `${path} missing from the package (build_wasm first)`);
        else assert.ok(!files.has(path), `${path} is packed, but nothing in the package loads ${module}`);
      }
    }
  }

  // Every file a packed page loads (scripts, module preloads, styles, icons) is packed too.
  for (const f of files) {
    if (!f.endsWith('.html')) continue;
    for (const m of packedSource(f).matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"#:]+)"/g)) {
      assert.ok(files.has(normalize(join(dirname(f), m[1]))), `${f} loads ${m[1]}, which is not packed`);
    }
  }

  for (const f of files) assert.ok(!NOT_FOR_PAGES.some((re) => re.test(f)), `${f} is packed, but no page using the package loads it`);
  assert.ok(report.size <= TARBALL_CEILING, `the tarball is ${report.size} bytes, over the ${TARBALL_CEILING}-byte ceiling`);
});

/** A copy of the package's sources (no wasm build) in a temp dir, with the guard script. */
function treeWithoutBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'op-package-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  for (const f of pkg.files) {
    if (f.startsWith('www/pkg')) continue;
    cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  cpSync(join(root, 'scripts/check-package-build.mjs'), join(dir, 'scripts/check-package-build.mjs'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/lib.rs'), '// the Rust sources\n');
  return dir;
}

test('npm pack in a tree without the wasm build fails and says what to run', () => {
  const dir = treeWithoutBuild();
  try {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'npm pack succeeded without the wasm');
    assert.match(r.stderr, /www\/pkg\/plane_bg\.wasm is missing/);
    assert.match(r.stderr, /www\/pkg-simd\/keras_code\.js is missing/);
    assert.match(r.stderr, /source scripts\/lib\.sh && build_wasm/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the guard refuses wasm older than the Rust sources, a file that is not wasm, and wasm-pack\'s .gitignore', () => {
  const dir = treeWithoutBuild();
  try {
    for (const build of ['pkg', 'pkg-simd']) cpSync(join(root, 'www', build), join(dir, 'www', build), { recursive: true });
    const built = pkg.files.filter((f) => f.startsWith('www/pkg'));
    const [twoHoursAgo, hourAgo] = [2, 1].map((h) => new Date(Date.now() - h * 3600_000));
    utimesSync(join(dir, 'src/lib.rs'), twoHoursAgo, twoHoursAgo);
    for (const f of built) utimesSync(join(dir, f), hourAgo, hourAgo);
    assert.deepEqual(checkPackageBuild(dir), { problems: [], warnings: [] }, 'a fresh build passes');

    writeFileSync(join(dir, 'src/lib.rs'), '// edited after the build\n');
    const stale = checkPackageBuild(dir);
    assert.deepEqual(stale.problems, built.map((f) => `${f} is older than src/lib.rs`));
    assert.deepEqual(checkPackageBuild(dir, { allowStale: true }), { problems: [], warnings: stale.problems });
    const now = new Date();
    for (const f of built) utimesSync(join(dir, f), now, now);

    writeFileSync(join(dir, 'www/pkg/plane_bg.wasm'), '<!doctype html>');
    writeFileSync(join(dir, 'www/pkg-simd/.gitignore'), '*\n');
    assert.deepEqual(checkPackageBuild(dir).problems, [
      'www/pkg/plane_bg.wasm is not a wasm binary',
      'www/pkg-simd/.gitignore exists: npm would leave out what it ignores',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('this tree\'s build is complete for packing', () => {
  // Staleness is left out: the tests run on a tree whose build may predate an edit; the packing
  // itself (prepack) refuses it.
  assert.deepEqual(checkPackageBuild(root, { allowStale: true }).problems, []);
});
