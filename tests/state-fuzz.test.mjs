// Randomised robustness test of URL-state decoding (the JS side of the fuzzing): links built
// from random bytes, random JSON and mutated valid links never throw, and every state they give
// has the shape the page relies on. Seeded, so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, serializeState, defaultState } from '../www/js/state.js';

const FUNCTIONS = [
  { id: 'rosenbrock', default_start: [-1.5, 2], domain: { x_min: -2, x_max: 2, y_min: -1, y_max: 3 } },
  { id: 'himmelblau', default_start: [0, 0], domain: { x_min: -5, x_max: 5, y_min: -5, y_max: 5 } },
];

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const VALUES = [null, true, false, 0, -1, 1e308, -1e-308, NaN, 'x', '', [], {}, [1, 2], [[1]], { a: 1 }, 'rosenbrock', 2.5, 1e6];

function randomValue(r, depth = 0) {
  const k = Math.floor(r() * (depth > 2 ? 6 : 9));
  if (k < 5) return VALUES[Math.floor(r() * VALUES.length)];
  if (k === 5) return r() * 2e4 - 1e4;
  if (k === 6) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const keys = 'fkscvnupodbelzq'.split('');
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 6) }, () => [keys[Math.floor(r() * keys.length)], randomValue(r, depth + 1)]));
}

function assertUsable(state, input) {
  assert.equal(typeof state.functionId, 'string', input);
  assert.ok(Array.isArray(state.start) && state.start.length === 2 && state.start.every(Number.isFinite), input);
  assert.ok(Number.isInteger(state.steps) && state.steps >= 1, input);
  assert.ok(Array.isArray(state.configs), input);
}

test('random links never throw and always give a usable state', () => {
  const r = rng(20261129);
  const valid = serializeState(defaultState(FUNCTIONS), FUNCTIONS);
  let runs = 0;
  for (let i = 0; i < 20000; i++) {
    let link;
    const kind = i % 4;
    if (kind === 0) link = `v1.${b64url(JSON.stringify(randomValue(r)))}`;
    else if (kind === 1) link = `v1.${Array.from({ length: Math.floor(r() * 40) }, () => String.fromCharCode(Math.floor(r() * 128))).join('')}`;
    else if (kind === 2) {
      const chars = [...valid];
      for (let m = 0; m < 3; m++) chars[Math.floor(r() * chars.length)] = String.fromCharCode(45 + Math.floor(r() * 78));
      link = chars.join('');
    } else link = `v${Math.floor(r() * 3)}.${b64url(JSON.stringify({ f: randomValue(r), s: randomValue(r), c: randomValue(r), n: randomValue(r), v: randomValue(r) }))}`;
    const { state, ignored } = parseState(link, { functions: FUNCTIONS });
    assertUsable(state, link);
    assert.ok(Array.isArray(ignored), link);
    runs++;
  }
  console.log(`state-fuzz: ${runs} random links decoded without a throw`);
});
