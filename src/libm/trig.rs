//! `sinf` and `cosf` (ARM optimized-routines, in glibc since 2.28:
//! `sysdeps/ieee754/flt-32/s_sinf.c`, `s_cosf.c`, `s_sincosf.h`, `sincosf_poly.h`, data in
//! `s_sincosf_data.c`).
//!
//! The argument is reduced to `x - n pi/2` in double: below |x| = 0.75 not at all, below 120
//! with one fused multiply-subtract by a 53-bit `pi/2`, above that exactly in integer arithmetic
//! against 192 bits of `4/pi`. The quadrant `n` picks the sine or cosine polynomial (in
//! `x^2`, double) and the sign.

use super::fma::Fma;

/// `2^24 * 2/pi` (glibc `hpi_inv`, 0x1.45F306DC9C883p+23): the product's bits 24.. are the
/// quadrant.
const HPI_INV: f64 = 10680707.430881744;
/// `pi/2` (glibc `hpi`, 0x1.921FB54442D18p0).
const HPI: f64 = std::f64::consts::FRAC_PI_2;
/// `2 pi * 2^-64` (glibc `pi63`, 0x1.921FB54442D18p-62): the weight of one unit of the
/// integer reduction's 2.62 fixed-point result (in quarter turns).
const PI63: f64 = 3.4061215800865545e-19;

/// `cos(x) ~= 1 + C1 x^2 + C2 x^4 + C3 x^6 + C4 x^8` (glibc `__sincosf_table[0]`:
/// `-0x1.ffffffd0c621cp-2`, `0x1.55553e1068f19p-5`, `-0x1.6c087e89a359dp-10`,
/// `0x1.99343027bf8c3p-16`).
const COS_POLY: [f64; 4] = [
    -0.49999999725108224,
    0.041666623324344516,
    -0.001388676379437604,
    2.4390450703564542e-05,
];
/// `sin(x) ~= x + S1 x^3 + S2 x^5 + S3 x^7` (glibc: `-0x1.555545995a603p-3`,
/// `0x1.1107605230bc4p-7`, `-0x1.994eb3774cf24p-13`).
const SIN_POLY: [f64; 3] = [
    -0.16666654943701084,
    0.008332178146138854,
    -0.00019517298981385725,
];

/// The sign of `sin` in each quadrant (glibc's `sign` table; cosine's comes from negating the
/// polynomial in quadrants 2 and 3).
const SIGN: [f64; 4] = [1.0, -1.0, -1.0, 1.0];

/// `4/pi` to 192 bits, each entry 8 bits further on so that 96 bits start at any byte
/// (glibc `__inv_pio4`).
const INV_PIO4: [u32; 24] = [
    0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529, 0x441529fc,
    0x1529fc27, 0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0, 0x34ddc0db,
    0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
];

/// `(bits >> 20) & 0x7ff` of `0x1.921FB6p-1f` (pi/4), 2^-12, 120: glibc compares magnitudes
/// on these top bits only.
const TOP_PIO4: u32 = 0x3f4;
const TOP_TINY: u32 = 0x398;
const TOP_120: u32 = 0x42f;
const TOP_INF: u32 = 0x7f8;

#[inline(always)]
fn abstop12(x: f32) -> u32 {
    (x.to_bits() >> 20) & 0x7ff
}

/// `sin` (even `n`) or `cos` (odd `n`) of the reduced argument, `x2 = x * x`; `negate_cos`
/// when the quadrant makes the cosine negative.
///
/// First without fused multiply-adds: that double differs from glibc's by a few ulps at most
/// (|x| <= pi/4: no term cancels another), so where it is more than 256 ulps from a float
/// rounding boundary both round to the same float. Otherwise (about one input in 2^20) the exact
/// evaluation decides. The emulated FMA is slow in wasm; this keeps it off the common path.
#[inline(always)]
fn poly<F: Fma>(x: f64, x2: f64, n: u32, negate_cos: bool) -> f32 {
    let approx = if n & 1 == 0 {
        let [s1, s2, s3] = SIN_POLY;
        let x3 = x * x2;
        (x + x3 * s1) + (x3 * x2) * (s2 + x2 * s3)
    } else {
        let [c1, c2, c3, c4] = COS_POLY;
        let x4 = x2 * x2;
        ((1.0 + x2 * c1) + x4 * c2) + (x4 * x2) * (c3 + x2 * c4)
    };
    let low = approx.to_bits() & ((1 << 29) - 1);
    if low.abs_diff(1 << 28) > 256 && approx.abs() >= f64::from(f32::MIN_POSITIVE) {
        let v = approx as f32;
        return if n & 1 == 1 && negate_cos { -v } else { v };
    }
    poly_exact::<F>(x, x2, n, negate_cos)
}

/// [`poly`] with glibc's fused multiply-adds.
#[inline(never)]
fn poly_exact<F: Fma>(x: f64, x2: f64, n: u32, negate_cos: bool) -> f32 {
    if n & 1 == 0 {
        let [s1, s2, s3] = SIN_POLY;
        let x3 = x * x2;
        let p = F::fma(x2, s3, s2);
        let x7 = x3 * x2;
        let s = F::fma(x3, s1, x);
        F::fma(x7, p, s) as f32
    } else {
        // glibc negates the coefficients instead (its second table); a fused multiply-add of
        // negated operands is exactly the negated result, so negating at the end is the same.
        let [c1, c2, c3, c4] = COS_POLY;
        let x4 = x2 * x2;
        let p = F::fma(x2, c4, c3);
        let c = F::fma(x2, c1, 1.0);
        let x6 = x4 * x2;
        let c = F::fma(x4, c2, c);
        let v = F::fma(x6, p, c) as f32;
        if negate_cos {
            -v
        } else {
            v
        }
    }
}

/// `x - n pi/2` and `n` for |x| < 120, rounded once like glibc's fused multiply-subtract but
/// without one: |n| <= 77 has 7 bits, so with `pi/2` split into 26 + 27 bits `n pi/2 = p + e`
/// exactly (`p` the rounded product), `x - p` is exact (Sterbenz: `x` is within a factor 2 of
/// `p`), and `(x - p) - e` is the one rounding of the exact `x - n pi/2`.
#[inline(always)]
fn reduce_fast(x: f64) -> (f64, u32) {
    let r = x * HPI_INV;
    let n = ((r as i32).wrapping_add(0x80_0000)) >> 24;
    let nd = f64::from(n);
    let hpi_hi = f64::from_bits(HPI.to_bits() & !((1 << 27) - 1));
    let hpi_lo = HPI - hpi_hi;
    let p = nd * HPI;
    let e = (nd * hpi_hi - p) + nd * hpi_lo;
    ((x - p) - e, n as u32)
}

/// `x - n pi/2` and `n` for a finite |x| >= 120 (`xi` its bits; the sign is ignored), exact in
/// integer arithmetic: the 24-bit significand times the 96 bits of `4/pi` that matter at this
/// exponent gives the quarter turns in 2.62 fixed point.
#[inline]
fn reduce_large(xi: u32) -> (f64, u32) {
    let arr = &INV_PIO4[((xi >> 26) & 15) as usize..];
    let shift = (xi >> 23) & 7;
    let m = ((xi & 0xff_ffff) | 0x80_0000) << shift;
    let res0 = m.wrapping_mul(arr[0]) as u64;
    let res1 = u64::from(m) * u64::from(arr[4]);
    let res2 = u64::from(m) * u64::from(arr[8]);
    let res0 = ((res2 >> 32) | (res0 << 32)).wrapping_add(res1);
    let n = res0.wrapping_add(1 << 61) >> 62;
    let res0 = res0.wrapping_sub(n << 62);
    ((res0 as i64) as f64 * PI63, n as u32)
}

/// glibc `sinf` (FMA build), bit for bit.
#[inline]
pub(crate) fn sinf<F: Fma>(y: f32) -> f32 {
    let x = f64::from(y);
    let top = abstop12(y);
    if top < TOP_PIO4 {
        if top < TOP_TINY {
            return y;
        }
        return poly::<F>(x, x * x, 0, false);
    }
    let Some((x, n, q)) = reduce::<F>(y, top) else {
        // Infinite or NaN: glibc's `(y - y) / (y - y)`.
        return f32::NAN;
    };
    poly::<F>(x * SIGN[(q & 3) as usize], x * x, n, q & 2 != 0)
}

/// glibc `cosf` (FMA build), bit for bit.
#[inline]
pub(crate) fn cosf<F: Fma>(y: f32) -> f32 {
    let x = f64::from(y);
    let top = abstop12(y);
    if top < TOP_PIO4 {
        if top < TOP_TINY {
            return 1.0;
        }
        return poly::<F>(x, x * x, 1, false);
    }
    let Some((x, n, q)) = reduce::<F>(y, top) else {
        // Infinite or NaN: glibc's `(y - y) / (y - y)`.
        return f32::NAN;
    };
    poly::<F>(x * SIGN[(q & 3) as usize], x * x, n ^ 1, q & 2 != 0)
}

/// The reduced argument, the quadrant `n` that picks the polynomial, and the quadrant `q` that
/// picks the signs (`n` plus the sign bit of `y` on the large path, where the reduction
/// ignored the sign); `None` for an infinite or NaN `y`.
#[inline(always)]
fn reduce<F: Fma>(y: f32, top: u32) -> Option<(f64, u32, u32)> {
    if top < TOP_120 {
        let (x, n) = reduce_fast(f64::from(y));
        Some((x, n, n))
    } else if top < TOP_INF {
        let xi = y.to_bits();
        let (x, n) = reduce_large(xi);
        Some((x, n, n.wrapping_add(xi >> 31)))
    } else {
        None
    }
}
