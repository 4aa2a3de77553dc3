//! `powf` (ARM optimized-routines, in glibc since 2.27: `sysdeps/ieee754/flt-32/e_powf.c`):
//! `x^y = 2^(y * log2(x))` with `log2(x)` from [`log2_inline`] in double (relative error
//! ~2^-33) and `2^t` from the same table and polynomial as `expf`. The special cases follow
//! glibc's order, including its results for underflow (`±0`, or the smallest subnormal just
//! above 2^-150) and overflow (`±inf`).

use super::exp::{scale, EXP2_POLY, SHIFT, SIGN_BIAS};
use super::fma::Fma;
use super::log::{log2_inline, log2_unfused};

/// 0 if `iy` (a non-zero finite float's bits) is not an integer, 1 if odd, 2 if even.
#[inline(always)]
fn checkint(iy: u32) -> u32 {
    let e = (iy >> 23) & 0xff;
    if e < 0x7f {
        return 0;
    }
    if e > 0x7f + 23 {
        return 2;
    }
    let unit = 1u32 << (0x7f + 23 - e);
    if iy & (unit - 1) != 0 {
        return 0;
    }
    if iy & unit != 0 {
        1
    } else {
        2
    }
}

/// Zero, infinity or NaN.
#[inline(always)]
fn zeroinfnan(i: u32) -> bool {
    (i << 1).wrapping_sub(1) >= (0x7f80_0000u32 << 1) - 1
}

/// A signaling NaN (quiet bit clear).
#[inline(always)]
fn is_signaling(i: u32) -> bool {
    ((i ^ 0x0040_0000) & 0x7fff_ffff) > 0x7fc0_0000
}

/// glibc `powf` (FMA build), bit for bit.
#[inline]
pub(crate) fn powf<F: Fma>(x: f32, y: f32) -> f32 {
    let mut sign_bias = 0u64;
    let mut ix = x.to_bits();
    let iy = y.to_bits();
    if ix.wrapping_sub(0x0080_0000) >= 0x7f80_0000 - 0x0080_0000 || zeroinfnan(iy) {
        // x below 2^-126, negative, infinite or NaN, or y zero, infinite or NaN.
        if zeroinfnan(iy) {
            if iy << 1 == 0 {
                return if is_signaling(ix) { x + y } else { 1.0 };
            }
            if ix == 0x3f80_0000 {
                return if is_signaling(iy) { x + y } else { 1.0 };
            }
            if ix << 1 > 0x7f80_0000 << 1 || iy << 1 > 0x7f80_0000 << 1 {
                return x + y;
            }
            if ix << 1 == 0x3f80_0000 << 1 {
                return 1.0;
            }
            if (ix << 1 < 0x3f80_0000 << 1) == (iy & 0x8000_0000 == 0) {
                // |x| < 1 and y == inf, or |x| > 1 and y == -inf.
                return 0.0;
            }
            return y * y;
        }
        if zeroinfnan(ix) {
            let mut x2 = x * x;
            if ix & 0x8000_0000 != 0 && checkint(iy) == 1 {
                x2 = -x2;
            }
            return if iy & 0x8000_0000 != 0 { 1.0 / x2 } else { x2 };
        }
        // x and y are non-zero finite.
        if ix & 0x8000_0000 != 0 {
            match checkint(iy) {
                // Negative base, non-integer exponent: glibc's `(x - x) / (x - x)`.
                0 => return f32::NAN,
                1 => sign_bias = SIGN_BIAS,
                _ => {}
            }
            ix &= 0x7fff_ffff;
        }
        if ix < 0x0080_0000 {
            // Subnormal |x|: normalize so that the biased exponent goes negative.
            ix = ((x * 8388608.0).to_bits() & 0x7fff_ffff).wrapping_sub(23 << 23);
        }
    }
    if let Some(v) = powf_unfused(ix, y, sign_bias) {
        return v;
    }
    let logx = log2_inline::<F>(ix);
    // Cannot overflow: y is a float.
    let ylogx = f64::from(y) * logx;
    if (ylogx.to_bits() >> 47) & 0xffff >= 126f64.to_bits() >> 47 {
        // |y * log2(x)| >= 126.
        let negative = sign_bias != 0;
        if ylogx > 127.99999995700433 {
            // |x^y| > 0x1.ffffffp127 (ylogx > 0x1.fffffffd1d571p+6): overflow.
            return if negative {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            };
        }
        if ylogx <= -150.0 {
            return if negative { -0.0 } else { 0.0 };
        }
        if ylogx < -149.0 {
            // glibc's "may underflow" result: `0x1.4p-75f * 0x1.4p-75f`.
            let tiny = f32::from_bits(1);
            return if negative { -tiny } else { tiny };
        }
    }
    exp2_inline::<F>(ylogx, sign_bias) as f32
}

/// The rest of [`powf`] (finite non-zero `x` and `y`) without fused multiply-adds, when that
/// provably rounds to the same float.
///
/// The unfused `log2(x)` differs from the fused one by `z/c - 1`'s rounding (2^-53, times
/// log2(e)) and a few roundings of sums no larger than |log2 x| + 0.1: at most
/// 2^-50 |log2 x| + 2^-51.8. `y log2(x)` adds one rounding. `err` bounds the difference in
/// `y log2(x)` with a margin of 4 and more; where no `k/32` boundary lies that close, both
/// pick the same table entry and `2^r` moves by a relative `err` ln2, the unfused polynomial
/// by a few ulps more.
#[inline(always)]
fn powf_unfused(ix: u32, y: f32, sign_bias: u64) -> Option<f32> {
    const TWO_M46: f64 = 1.0 / (1u64 << 46) as f64;
    let logx = log2_unfused(ix);
    let yd = f64::from(y);
    let ylogx = yd * logx;
    let err = yd.abs() * (logx.abs() * TWO_M46 + TWO_M46 / 4.0) + ylogx.abs() * (TWO_M46 / 8.0);
    // x and y are finite and non-zero here, so everything below is finite. glibc's thresholds
    // on y log2(x) (see `powf`) are decided here only when the fused value is on the same side.
    if err >= 1.0 / 1024.0 {
        return None;
    }
    let negative = sign_bias != 0;
    if ylogx + err <= -150.0 {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    if ylogx - err > 127.99999995700433 {
        return Some(if negative {
            f32::NEG_INFINITY
        } else {
            f32::INFINITY
        });
    }
    if ylogx - err <= -149.0 || ylogx + err > 127.99999995700433 {
        return None;
    }
    let shift = SHIFT / 32.0;
    let kd = ylogx + shift;
    let ki = kd.to_bits();
    let kd = kd - shift;
    let r = ylogx - kd;
    if r.abs() > 1.0 / 64.0 - 2.0 * err {
        return None;
    }
    let s = scale(ki, sign_bias);
    let [c0, c1, c2] = EXP2_POLY;
    let z = c0 * r + c1;
    let r2 = r * r;
    let p = c2 * r + 1.0;
    let v = (z * r2 + p) * s;
    super::round_if_clear(v, v.abs() * (err + TWO_M46))
}

/// `2^xd` (`xd` in [-150, 128]) as a double, with `sign_bias` setting the result's sign.
#[inline(always)]
fn exp2_inline<F: Fma>(xd: f64, sign_bias: u64) -> f64 {
    // x = k/32 + r, |r| <= 1/64 (plain add: GCC has no product to fuse here).
    let shift = SHIFT / 32.0;
    let kd = xd + shift;
    let ki = kd.to_bits();
    let kd = kd - shift;
    let r = xd - kd;
    let s = scale(ki, sign_bias);
    let [c0, c1, c2] = EXP2_POLY;
    let z = F::fma(c0, r, c1);
    let r2 = r * r;
    let y = F::fma(c2, r, 1.0);
    let y = F::fma(z, r2, y);
    y * s
}
