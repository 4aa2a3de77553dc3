// The page and the core agree on Keras: the page's copy of the core's table (www/js/keras-spec.js)
// is what `kerasSpec()` returns in both wasm builds, and what the page derives from it (defaults,
// input ends) never contradicts the core. Run after `build_wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { KERAS_SPEC } from '../www/js/keras-spec.js';
import { FIELDS, OPTIMIZERS, SCHEDULES, SCHEDULE_FIELDS, optimizerConfig } from '../www/js/optimizers.js';

const builds = ['pkg', 'pkg-simd'].filter((b) => existsSync(new URL(`../www/${b}/plane_bg.wasm`, import.meta.url)));

async function load(build) {
  const wasm = await import(`../www/${build}/plane.js`);
  wasm.initSync({ module: readFileSync(new URL(`../www/${build}/plane_bg.wasm`, import.meta.url)) });
  return wasm;
}

test('at least the scalar wasm build is there (build_wasm first)', () => {
  assert.ok(builds.includes('pkg'), 'www/pkg is missing');
});

for (const build of builds) {
  test(`www/js/keras-spec.js is kerasSpec() of the ${build} build`, async () => {
    const wasm = await load(build);
    assert.deepEqual(wasm.kerasSpec(), KERAS_SPEC);
  });

  test(`every class's page defaults are accepted by the ${build} core and resolve to themselves`, async () => {
    const wasm = await load(build);
    for (const name of Object.keys(OPTIMIZERS)) {
      const config = optimizerConfig(name);
      const resolved = wasm.validateOptimizer(config);
      for (const [k, v] of Object.entries(OPTIMIZERS[name].defaults)) {
        if (k === 'decay') assert.equal(resolved.decay, v, `${name}.${k}`);
        else assert.equal(resolved[k], v, `${name}.${k}`);
      }
    }
  });
}

test('the page\'s inputs never accept less than the core: each end lies inside the core\'s range', () => {
  const check = (fields, rows) => {
    for (const [name, f] of Object.entries(fields)) {
      const arg = rows.flatMap((r) => r.args).find((a) => a.name === name);
      assert.ok(arg, `${name} is not in the core's table`);
      if (f.kind === 'bool' || f.kind === 'list') continue;
      assert.ok(f.min >= arg.range.min, `${name}: min ${f.min} below the core's ${arg.range.min}`);
      assert.ok(f.max <= arg.range.max, `${name}: max ${f.max} above the core's ${arg.range.max}`);
    }
  };
  check(FIELDS, KERAS_SPEC.optimizers);
  check(SCHEDULE_FIELDS, KERAS_SPEC.schedules);
});

test('the page\'s Keras defaults of each class and schedule are the core\'s', () => {
  for (const [name, o] of Object.entries(OPTIMIZERS)) {
    const row = KERAS_SPEC.optimizers.find((r) => r.id === name && r.api === (o.keras3Only ? 'keras3' : 'legacy'));
    for (const [k, v] of Object.entries(o.defaults)) assert.equal(row.args.find((a) => a.name === k).default, v, `${name}.${k}`);
  }
  for (const [id, s] of Object.entries(SCHEDULES)) {
    const row = KERAS_SPEC.schedules.find((r) => r.id === id);
    for (const [k, v] of Object.entries(s.keras)) assert.equal(row.args.find((a) => a.name === k).default, v, `${id}.${k}`);
  }
});
