// A small reader of TensorBoard event files for the tests: TFRecord framing (u64 length, masked
// CRC32C of the length, data, masked CRC32C of the data; every CRC checked) and the Event /
// Summary protobuf fields a scalar uses. Independent of the Rust writer it checks.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC32C (Castagnoli) of a Uint8Array. */
export function crc32c(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC32C. */
export function maskedCrc32c(bytes) {
  const c = crc32c(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** The data of every record; throws naming the offset of a bad one. */
export function readRecords(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`record at ${at}: truncated header`);
    const len = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) throw new Error(`record at ${at}: length CRC mismatch`);
    if (at + 16 + len > bytes.length) throw new Error(`record at ${at}: truncated data`);
    const data = bytes.subarray(at + 12, at + 12 + len);
    if (view.getUint32(at + 12 + len, true) !== maskedCrc32c(data)) throw new Error(`record at ${at}: data CRC mismatch`);
    records.push(data);
    at += 16 + len;
  }
  return records;
}

/** Protobuf fields of a message: [{field, wire, value}] (value: BigInt, Uint8Array or DataView offset). */
function fields(bytes) {
  const out = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[at++];
      if (b === undefined) throw new Error('truncated varint');
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) {
      out.push({ field, wire, value: view.getFloat64(at, true) });
      at += 8;
    } else if (wire === 5) {
      out.push({ field, wire, value: view.getFloat32(at, true) });
      at += 4;
    } else if (wire === 2) {
      const len = Number(varint());
      out.push({ field, wire, value: bytes.subarray(at, at + len) });
      at += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/**
 * Every event: {wallTime, step, fileVersion?, scalars: [{tag, value}]} (simple_value scalars).
 * @param {Uint8Array} bytes an events.out.tfevents file
 */
export function readEvents(bytes) {
  return readRecords(bytes).map((data) => {
    const event = { wallTime: 0, step: 0, scalars: [] };
    for (const f of fields(data)) {
      if (f.field === 1) event.wallTime = f.value;
      else if (f.field === 2) event.step = Number(BigInt.asIntN(64, f.value));
      else if (f.field === 3) event.fileVersion = new TextDecoder().decode(f.value);
      else if (f.field === 5) {
        for (const v of fields(f.value).filter((x) => x.field === 1)) {
          const value = fields(v.value);
          const tag = new TextDecoder().decode(value.find((x) => x.field === 1).value);
          const simple = value.find((x) => x.field === 2);
          event.scalars.push({ tag, value: simple?.value });
        }
      }
    }
    return event;
  });
}

/** {tag: [[step, value]]} over a whole file. */
export function scalarsByTag(bytes) {
  const out = {};
  for (const e of readEvents(bytes)) for (const s of e.scalars) (out[s.tag] ??= []).push([e.step, s.value]);
  return out;
}
