// The event file the Rust core writes for the CNN page (tests/data/cnn.tfevents), read with
// an independent JS reader: framing CRCs, the version record, the tags and what TensorBoard's
// own reader recorded for the same file (tests/data/cnn_tfevents_read.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32c, maskedCrc32c, readEvents, readRecords, scalarsByTag } from './tfevents-reader.mjs';

const bytes = new Uint8Array(readFileSync(new URL('./data/cnn.tfevents', import.meta.url)));
const tensorboard = JSON.parse(readFileSync(new URL('./data/cnn_tfevents_read.json', import.meta.url), 'utf8'));

const f32hex = (v) => {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v);
  return b.getUint32(0).toString(16).padStart(8, '0');
};

test('CRC32C known vectors (the reader checks what it reads)', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(maskedCrc32c(new Uint8Array(0)), 0xa282ead8);
});

test('the core\'s event file parses, and every bit flip is caught by a CRC', () => {
  const events = readEvents(bytes);
  assert.equal(events[0].fileVersion, 'brain.Event:2');
  for (let i = 0; i < bytes.length; i += 7) {
    const bad = bytes.slice();
    bad[i] ^= 0x01;
    assert.throws(() => readRecords(bad), /CRC mismatch|truncated/, `byte ${i}`);
  }
});

test('the JS reader and TensorBoard\'s EventAccumulator see the same scalars', () => {
  const mine = scalarsByTag(bytes);
  assert.deepEqual(Object.keys(mine).sort(), Object.keys(tensorboard.scalars).sort());
  for (const [tag, rows] of Object.entries(tensorboard.scalars)) {
    assert.deepEqual(mine[tag].map(([s, v]) => [s, f32hex(v)]), rows.map(([s, h]) => [s, h]), tag);
  }
  // lr is flat (decay is invisible there), lr_effective falls every update.
  assert.ok(mine.lr.every(([, v]) => v === mine.lr[0][1]));
  assert.ok(mine.lr_effective.every(([, v], i, a) => i === 0 || v < a[i - 1][1]));
});
