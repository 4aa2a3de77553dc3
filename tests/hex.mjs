// Float bits as the hand-run reference scripts record them: big-endian hex, 8 digits a float32
// and 16 a float64, one value after the other.

/** The float32 values of a hex string. */
export const f32s = (hex) => Array.from({ length: hex.length / 8 }, (_, i) => {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, parseInt(hex.slice(i * 8, i * 8 + 8), 16));
  return v.getFloat32(0);
});

/** The float64 values of a hex string. */
export const f64s = (hex) => Array.from({ length: hex.length / 16 }, (_, i) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt(`0x${hex.slice(i * 16, i * 16 + 16)}`));
  return v.getFloat64(0);
});
