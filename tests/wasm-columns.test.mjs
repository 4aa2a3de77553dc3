// www/js/wasm.js `WasmColumns`: the page reads the columns a wasm object owns through views of
// wasm memory, re-made after the memory grows (which detaches the old ones), and empty once freed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmColumns, freeResultsOf } from '../www/js/wasm.js';

/** A memory with `values` at byte offset 64 and a fake owner that counts `free()` calls. */
function setup(values) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  new Float32Array(memory.buffer, 64, values.length).set(values);
  const owner = { freed: 0, free() { this.freed += 1; } };
  const layout = { columns: { a: [64, values.length], b: [64 + 4 * values.length, 0] } };
  return { memory, owner, columns: new WasmColumns(memory, owner, layout) };
}

test('a column is a view of wasm memory, not a copy', () => {
  const { memory, columns } = setup([1, 2, 3]);
  const a = columns.view('a');
  assert.deepEqual([...a], [1, 2, 3]);
  assert.equal(a.buffer, memory.buffer);
  new Float32Array(memory.buffer, 64, 1)[0] = 9;
  assert.equal(columns.view('a')[0], 9);
  assert.equal(columns.view('b').length, 0);
  assert.equal(columns.view('missing'), undefined);
});

test('after the memory grows, the old view is detached and view() makes a new one', () => {
  const { memory, columns } = setup([1.5, 2.5]);
  const old = columns.view('a');
  memory.grow(1);
  assert.equal(old.length, 0);
  const now = columns.view('a');
  assert.deepEqual([...now], [1.5, 2.5]);
  assert.equal(now.buffer, memory.buffer);
  assert.equal(columns.view('a'), now, 'no new view while the memory stays');
});

test('free() frees the owner once, and the columns read as empty afterwards', () => {
  const { owner, columns } = setup([1, 2]);
  columns.free();
  columns.free();
  assert.equal(owner.freed, 1);
  assert.equal(columns.view('a').length, 0);
  assert.equal(columns.view('missing'), undefined);
});

test('freeResultsOf frees and forgets the results of cards that are gone', () => {
  const [one, two] = [setup([1]), setup([2])];
  const cards = [{}, {}];
  const cache = new Map([[cards[0], { columns: one.columns }], [cards[1], { columns: two.columns }], [{}, { error: 'bad' }]]);
  freeResultsOf(cache, [cards[1]]);
  assert.deepEqual([...cache.keys()], [cards[1]]);
  assert.equal(one.owner.freed, 1);
  assert.equal(two.owner.freed, 0);
});
