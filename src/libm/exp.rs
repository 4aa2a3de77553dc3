//! `expf`, and the `2^(k/32)` table and polynomial it shares with `powf`.
//!
//! Design (ARM optimized-routines, in glibc since 2.27: `sysdeps/ieee754/flt-32/e_expf.c`,
//! data in `e_exp2f_data.c`): `e^x = 2^(k/32) * 2^(r/32)` with `k = round(x * 32/ln2)` and
//! `|r| <= 1/2`; `2^(k/32)` comes from a 32-entry table with `k/32`'s integer part added
//! into the exponent field, `2^(r/32)` from a degree-3 polynomial, all in double.

use super::fma::Fma;

/// Table bits: 32 entries.
pub(super) const TABLE_BITS: u32 = 5;
const N: f64 = (1 << TABLE_BITS) as f64;

/// `bits(2^(i/32)) - (i << 47)`, `2^(i/32)` rounded to nearest double: adding `k << 47` for
/// `k = 32 * e + i` then yields `2^(e + i/32)` directly (the subtraction pre-cancels what the
/// low bits of `k` add to the exponent field). Values from glibc's `__exp2f_data.tab`;
/// `tests::exp2_table_is_correctly_rounded` checks every entry against its definition.
pub(super) const EXP2_TABLE: [u64; 32] = [
    0x3ff0000000000000,
    0x3fefd9b0d3158574,
    0x3fefb5586cf9890f,
    0x3fef9301d0125b51,
    0x3fef72b83c7d517b,
    0x3fef54873168b9aa,
    0x3fef387a6e756238,
    0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715,
    0x3feef1a7373aa9cb,
    0x3feedea64c123422,
    0x3feece086061892d,
    0x3feebfdad5362a27,
    0x3feeb42b569d4f82,
    0x3feeab07dd485429,
    0x3feea47eb03a5585,
    0x3feea09e667f3bcd,
    0x3fee9f75e8ec5f74,
    0x3feea11473eb0187,
    0x3feea589994cce13,
    0x3feeace5422aa0db,
    0x3feeb737b0cdc5e5,
    0x3feec49182a3f090,
    0x3feed503b23e255d,
    0x3feee89f995ad3ad,
    0x3feeff76f2fb5e47,
    0x3fef199bdd85529c,
    0x3fef3720dcef9069,
    0x3fef5818dcfba487,
    0x3fef7c97337b9b5f,
    0x3fefa4afa2a490da,
    0x3fefd0765b6e4540,
];

/// `2^r ~= C0 r^3 + C1 r^2 + C2 r + 1` on `|r| <= 1/64` (glibc `__exp2f_data.poly`:
/// `0x1.c6af84b912394p-5`, `0x1.ebfce50fac4f3p-3`, `0x1.62e42ff0c52d6p-1`).
pub(super) const EXP2_POLY: [f64; 3] =
    [0.05550361559341535, 0.2402284522445722, 0.6931471806916203];

/// `1.5 * 2^52`: adding it rounds a double of magnitude below 2^51 to an integer (ties to
/// even) and leaves that integer in the low bits.
pub(super) const SHIFT: f64 = 6755399441055744.0;

/// Sign bit of the result when it goes in through `k`'s bits (`k << 47` reaches bit 63).
pub(super) const SIGN_BIAS: u64 = 1 << (TABLE_BITS + 11);

/// `2^(k/32)` as a double for the integer `k` held in `ki`'s low bits (plus `sign_bias`).
#[inline(always)]
pub(super) fn scale(ki: u64, sign_bias: u64) -> f64 {
    let t = EXP2_TABLE[(ki % 32) as usize];
    f64::from_bits(t.wrapping_add(ki.wrapping_add(sign_bias) << (52 - TABLE_BITS)))
}

/// glibc `expf` (FMA build), bit for bit.
#[inline]
pub(crate) fn expf<F: Fma>(x: f32) -> f32 {
    let xd = f64::from(x);
    let abstop = (x.to_bits() >> 20) & 0x7ff;
    if abstop >= 0x42b {
        // |x| >= 88 or NaN.
        if x == f32::NEG_INFINITY {
            return 0.0;
        }
        if abstop >= 0x7f8 {
            return x + x;
        }
        if x > 88.72283 {
            // > ln(0x1p128) (0x1.62e42ep6f): glibc's overflow result.
            return f32::INFINITY;
        }
        if x < -103.97208 {
            // < ln(0x1p-150) (-0x1.9fe368p6f): underflows to +0.
            return 0.0;
        }
        if x < -103.27892 {
            // < ln(0x1p-149) (-0x1.9d1d9ep6f): glibc returns `0x1.4p-75f * 0x1.4p-75f`, the smallest subnormal.
            return f32::from_bits(1);
        }
    }
    // The table index scale, 32/ln2 (glibc `invln2_scaled`, 0x1.71547652b82fep+0 * 32).
    let z_scale = std::f64::consts::LOG2_E * N;
    expf_unfused(xd, z_scale).unwrap_or_else(|| expf_exact::<F>(xd, z_scale))
}

/// [`expf_exact`] without fused multiply-adds, when that provably rounds to the same float.
///
/// With `p` the rounded product `x * 32/ln2` (|p| < 4096, so |p - exact| <= 2^-42), `p`'s
/// nearest integer is the fused `k` unless the exact product may sit on the other side of a
/// half (checked), and then `r = p - k` (exact: Sterbenz) is within 2^-41 of the fused `r`.
/// That moves `2^(r/32)` by a relative 2^-46 at most, the unfused polynomial by a few ulps
/// more: `tol` is a relative 2^-40.
#[inline(always)]
fn expf_unfused(xd: f64, z_scale: f64) -> Option<f32> {
    let p = z_scale * xd;
    let kd = p + SHIFT;
    let ki = kd.to_bits();
    let kd = kd - SHIFT;
    let r = p - kd;
    if r.abs() > 0.5 - 1.0 / 1024.0 {
        return None;
    }
    let [c0, c1, c2] = EXP2_POLY;
    let s = scale(ki, 0);
    let z = c0 / (N * N * N) * r + c1 / (N * N);
    let r2 = r * r;
    let y = c2 / N * r + 1.0;
    let v = (z * r2 + y) * s;
    super::round_if_clear(v, v.abs() * (1.0 / (1u64 << 40) as f64))
}

/// The exact evaluation: glibc's operations with its fused multiply-adds.
#[inline(never)]
fn expf_exact<F: Fma>(xd: f64, z_scale: f64) -> f32 {
    // x * 32/ln2 = k + r, |r| <= 1/2: GCC fuses the product into both the rounding and `r`.
    let kd = F::fma(z_scale, xd, SHIFT);
    let ki = kd.to_bits();
    let kd = kd - SHIFT;
    let r = F::fma(z_scale, xd, -kd);
    // The polynomial scaled to r/32 (exact: powers of two).
    let [c0, c1, c2] = EXP2_POLY;
    let s = scale(ki, 0);
    let z = F::fma(c0 / (N * N * N), r, c1 / (N * N));
    let r2 = r * r;
    let y = F::fma(c2 / N, r, 1.0);
    let y = F::fma(z, r2, y);
    (y * s) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `x^32` for a double `x` in [1, 2) as an exact integer times 2^-(52*32): little-endian
    /// 64-bit limbs of `m^32`, `m` the 53-bit significand.
    fn pow32(m: u64) -> Vec<u64> {
        let mut acc = vec![m];
        for _ in 0..5 {
            acc = mul(&acc, &acc);
        }
        acc
    }

    fn mul(a: &[u64], b: &[u64]) -> Vec<u64> {
        let mut out = vec![0u64; a.len() + b.len()];
        for (i, &x) in a.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &y) in b.iter().enumerate() {
                let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + b.len()] = carry as u64;
        }
        out
    }

    fn cmp(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
        let n = a.len().max(b.len());
        let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
        (0..n)
            .rev()
            .map(|i| at(a, i).cmp(&at(b, i)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }

    /// Each entry is 2^(i/32) rounded to nearest: with `m` its significand (value `m * 2^-52`),
    /// `(m - 1/2)^32 < 2^i * 2^(52*32) < (m + 1/2)^32`, i.e. with doubled integers
    /// `(2m - 1)^32 < 2^(i + 53*32) < (2m + 1)^32`, checked in exact integer arithmetic.
    #[test]
    fn exp2_table_is_correctly_rounded() {
        for (i, &t) in EXP2_TABLE.iter().enumerate() {
            let v = f64::from_bits(t.wrapping_add((i as u64) << 47));
            assert!((1.0..2.0).contains(&v), "entry {i}: {v}");
            if i == 0 {
                assert_eq!(v, 1.0);
                continue;
            }
            let m = (v.to_bits() & ((1 << 52) - 1)) | (1 << 52);
            let bit = i + 53 * 32;
            let mut target = vec![0u64; bit / 64 + 1];
            target[bit / 64] = 1 << (bit % 64);
            assert_eq!(
                cmp(&pow32(2 * m - 1), &target),
                std::cmp::Ordering::Less,
                "entry {i}"
            );
            assert_eq!(
                cmp(&pow32(2 * m + 1), &target),
                std::cmp::Ordering::Greater,
                "entry {i}"
            );
        }
    }
}
