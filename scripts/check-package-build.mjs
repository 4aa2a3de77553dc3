#!/usr/bin/env node
// Runs before `npm pack` and `npm publish` (package.json `prepack`): the wasm modules in
// www/pkg and www/pkg-simd are git-ignored build outputs, and npm silently leaves out a `files`
// entry that does not exist, so a tree without `build_wasm` would otherwise pack a playground
// that cannot load. Fails, naming each problem, when an entry of `files` is missing or empty, a
// packed wasm binary is not wasm, a build output is older than the Rust sources it is built from,
// or wasm-pack's `*` .gitignore is still in a build directory (npm would drop what it ignores).
//
// Staleness is judged by modification times: a checkout or a `git pull` that changes a Rust file
// makes the outputs older than it, and `build_wasm` rewrites every output. A tree whose build
// really is current but whose sources were touched afterwards (an editor saving without a change)
// fails too; OPTIMIZER_PLAYGROUND_ALLOW_STALE_WASM=1 turns that check (only that one) into a
// warning, for a local `npm pack` to look at. The release workflow builds right before packing,
// so there the check always holds.
//
// Usage: node scripts/check-package-build.mjs [--root <package directory>]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Build outputs: what `build_wasm` (scripts/lib.sh) writes. */
const BUILD_DIRS = ['www/pkg/', 'www/pkg-simd/'];
/** Where the wasm modules' Rust sources are: the crate and the per-module crates. */
const RUST_INPUTS = ['Cargo.toml', 'Cargo.lock', 'src', 'modules'];
const WASM_MAGIC = Buffer.from([0, 0x61, 0x73, 0x6d]);

/** Every file under `path` (or `path` itself), with its modification time. */
function filesUnder(path) {
  if (!existsSync(path)) return [];
  const info = statSync(path);
  if (!info.isDirectory()) return [{ path, mtimeMs: info.mtimeMs }];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** The newest file the wasm modules are built from, or null in a tree without Rust sources. */
export function newestRustSource(root) {
  let newest = null;
  for (const input of RUST_INPUTS) {
    for (const f of filesUnder(join(root, input))) {
      if (input !== 'Cargo.toml' && input !== 'Cargo.lock' && !/\.rs$|Cargo\.toml$/.test(f.path)) continue;
      if (!newest || f.mtimeMs > newest.mtimeMs) newest = f;
    }
  }
  return newest;
}

/**
 * What is wrong with the tree `root` for packing.
 * @param {string} root  the package directory (holds package.json)
 * @param {{allowStale?: boolean}} [options]
 * @returns {{problems: string[], warnings: string[]}}
 */
export function checkPackageBuild(root, { allowStale = false } = {}) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const problems = [];
  const warnings = [];
  const newest = newestRustSource(root);
  for (const entry of pkg.files ?? []) {
    const path = join(root, entry);
    if (!existsSync(path)) {
      problems.push(`${entry} is missing`);
      continue;
    }
    const info = statSync(path);
    if (info.isDirectory() ? readdirSync(path).length === 0 : info.size === 0) {
      problems.push(`${entry} is empty`);
      continue;
    }
    if (!BUILD_DIRS.some((dir) => entry.startsWith(dir))) continue;
    if (entry.endsWith('.wasm') && !readFileSync(path).subarray(0, 4).equals(WASM_MAGIC)) {
      problems.push(`${entry} is not a wasm binary`);
    }
    if (newest && info.mtimeMs < newest.mtimeMs) {
      const message = `${entry} is older than ${relative(root, newest.path)}`;
      (allowStale ? warnings : problems).push(message);
    }
  }
  for (const dir of BUILD_DIRS) {
    if (existsSync(join(root, dir, '.gitignore'))) problems.push(`${dir}.gitignore exists: npm would leave out what it ignores`);
  }
  return { problems, warnings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? args[at + 1] : join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const { problems, warnings } = checkPackageBuild(root, { allowStale: process.env.OPTIMIZER_PLAYGROUND_ALLOW_STALE_WASM === '1' });
  for (const w of warnings) console.warn(`warning: ${w} (packed anyway: OPTIMIZER_PLAYGROUND_ALLOW_STALE_WASM=1)`);
  if (problems.length) {
    console.error([
      'npm pack: the package would ship without a current wasm build:',
      ...problems.map((p) => `  - ${p}`),
      'Build both wasm variants first: source scripts/lib.sh && build_wasm',
    ].join('\n'));
    process.exit(1);
  }
}
