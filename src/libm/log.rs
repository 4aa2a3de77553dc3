//! `logf`, and the `log2` that `powf` computes on the way.
//!
//! Design (ARM optimized-routines, in glibc since 2.27: `sysdeps/ieee754/flt-32/e_logf.c`
//! and `e_powf.c`, data in `e_logf_data.c` / `e_powf_log2_data.c`): `x = 2^k z` with `z` in
//! `[0x3f330000, 2 * 0x3f330000)` (about [0.7, 1.4)); that range is cut into 16 pieces by the
//! top 4 significand bits of `z`, and piece `i` has a `c_i` near its centre with `1/c_i` and
//! `log(c_i)` tabulated, so `log(x) = k ln2 + log(c_i) + log1p(z/c_i - 1)` with a short
//! polynomial for `log1p`. The table values are glibc's (chosen by ARM's generator, not by a
//! formula, so they are copied, each with its hex form from the glibc source).

use super::fma::Fma;

/// Start of the range of `z`: `x`'s bits minus this are split into exponent and table index.
const OFF: u32 = 0x3f33_0000;

/// `1/c_i` (glibc `__logf_data.tab[i].invc`, identical in `__powf_log2_data`).
const INVC: [f64; 16] = [
    1.398907162146528,  // 0x1.661ec79f8f3bep+0
    1.3403141896637998, // 0x1.571ed4aaf883dp+0
    1.286432210124115,  // 0x1.49539f0f010bp+0
    1.2367150214269895, // 0x1.3c995b0b80385p+0
    1.1906977166711752, // 0x1.30d190c8864a5p+0
    1.1479821020556429, // 0x1.25e227b0b8eap+0
    1.1082251448272158, // 0x1.1bb4a4a1a343fp+0
    1.0711297413057381, // 0x1.12358f08ae5bap+0
    1.036437278977283,  // 0x1.0953f419900a7p+0
    1.0,                // 0x1p+0
    0.9492859795739057, // 0x1.e608cfd9a47acp-1
    0.8951049428609004, // 0x1.ca4b31f026aap-1
    0.8476821620351103, // 0x1.b2036576afce6p-1
    0.8050314851692001, // 0x1.9c2d163a1aa2dp-1
    0.7664671008843108, // 0x1.886e6037841edp-1
    0.731428603316328,  // 0x1.767dcf5534862p-1
];

/// `log(c_i)` (glibc `__logf_data.tab[i].logc`).
const LOGC: [f64; 16] = [
    -0.33569133332882284, // -0x1.57bf7808caadep-2
    -0.2929040563774074,  // -0x1.2bef0a7c06ddbp-2
    -0.2518726580937369,  // -0x1.01eae7f513a67p-2
    -0.21245868807117255, // -0x1.b31d8a68224e9p-3
    -0.17453945183745634, // -0x1.6574f0ac07758p-3
    -0.1380057072319758,  // -0x1.1aa2bc79c81p-3
    -0.10275976698545139, // -0x1.a4e76ce8c0e5ep-4
    -0.06871392447020525, // -0x1.1973c5a611cccp-4
    -0.0357891387398228,  // -0x1.252f438e10c1ep-5
    0.0,                  // 0x0p+0
    0.05204517742929496,  // 0x1.aa5aa5df25984p-5
    0.11081431298787942,  // 0x1.c5e53aa362eb4p-4
    0.1652495223695143,   // 0x1.526e57720db08p-3
    0.21687389031699977,  // 0x1.bc2860d22477p-3
    0.2659635028121397,   // 0x1.1058bc8a07ee1p-2
    0.3127556664073557,   // 0x1.4043057b6ee09p-2
];

/// `log2(c_i)` (glibc `__powf_log2_data.tab[i].logc`).
const LOG2C: [f64; 16] = [
    -0.48430022186289673,  // -0x1.efec65b963019p-2
    -0.42257122959194704,  // -0x1.b0b6832d4fca4p-2
    -0.3633754347673556,   // -0x1.7418b0a1fb77bp-2
    -0.30651309567405577,  // -0x1.39de91a6dcf7bp-2
    -0.25180720160537634,  // -0x1.01d9bf3f2b631p-2
    -0.19910014943794563,  // -0x1.97c1d1b3b7afp-3
    -0.14825100623281615,  // -0x1.2f9e393af3c9fp-3
    -0.09913323807318392,  // -0x1.960cbbf788d5cp-4
    -0.051632812977629436, // -0x1.a6f9db6475fcep-5
    0.0,                   // 0x0p+0
    0.07508531937943004,   // 0x1.338ca9f24f53dp-4
    0.15987125980713107,   // 0x1.476a9543891bap-3
    0.2384046664317681,    // 0x1.e840b4ac4e4d2p-3
    0.31288288605863257,   // 0x1.40645f0c6651cp-2
    0.38370422656453185,   // 0x1.88e9c2c1b9ff8p-2
    0.451211048935815,     // 0x1.ce0a44eb17bccp-2
];

/// `log1p(r) ~= r + A2 r^2 + A1 r^3 + A0 r^4` (glibc `__logf_data.poly`:
/// `-0x1.00ea348b88334p-2`, `0x1.5575b0be00b6ap-2`, `-0x1.ffffef20a4123p-2`).
const LOG_POLY: [f64; 3] = [-0.25089342214237154, 0.333456765744066, -0.4999997485802103];

/// `log1p(r)/ln2 ~= A4 r + A3 r^2 + A2 r^3 + A1 r^4 + A0 r^5` (glibc `__powf_log2_data.poly`:
/// `0x1.27616c9496e0bp-2`, `-0x1.71969a075c67ap-2`, `0x1.ec70a6ca7baddp-2`,
/// `-0x1.7154748bef6c8p-1`, `0x1.71547652ab82bp0`).
const LOG2_POLY: [f64; 5] = [
    0.288457581109214,
    -0.36092606229713164,
    0.480898481472577,
    -0.7213474675006291,
    1.4426950408774342,
];

/// Splits normal (or pre-normalized) `x` bits into table index, exponent and `z`.
#[inline(always)]
fn reduce(ix: u32) -> (usize, i32, f64) {
    let tmp = ix.wrapping_sub(OFF);
    let i = ((tmp >> 19) % 16) as usize;
    let top = tmp & 0xff80_0000;
    let k = (top as i32) >> 23;
    let z = f64::from(f32::from_bits(ix.wrapping_sub(top)));
    (i, k, z)
}

/// glibc `logf` (FMA build), bit for bit.
#[inline]
pub(crate) fn logf<F: Fma>(x: f32) -> f32 {
    let mut ix = x.to_bits();
    if ix == 0x3f80_0000 {
        return 0.0;
    }
    if ix.wrapping_sub(0x0080_0000) >= 0x7f80_0000 - 0x0080_0000 {
        // Below 2^-126, infinite or NaN.
        if ix << 1 == 0 {
            return f32::NEG_INFINITY;
        }
        if ix == 0x7f80_0000 {
            return x;
        }
        if ix & 0x8000_0000 != 0 || ix << 1 >= 0xff00_0000 {
            // glibc: `(x - x) / (x - x)`, a NaN.
            return f32::NAN;
        }
        // Subnormal: scale into the normal range and take the 23 back off the exponent.
        ix = (x * 8388608.0).to_bits().wrapping_sub(23 << 23);
    }
    let (i, k, z) = reduce(ix);
    logf_unfused(i, k, z).unwrap_or_else(|| logf_exact::<F>(i, k, z))
}

/// [`logf_exact`] without fused multiply-adds, when that provably rounds to the same float.
///
/// The unfused `k ln2` is off by half an ulp of itself (|k| <= 149: 2^-46), `z/c - 1` by 2^-53
/// (the product is near 1; the subtraction is exact), the polynomial and the sums by a few ulps
/// of |y0| + 1: `tol` is 2^-40 (|y0| + 1). Near x = 1 the result is tiny and this rarely
/// decides; the exact path does.
#[inline(always)]
fn logf_unfused(i: usize, k: i32, z: f64) -> Option<f32> {
    let [a0, a1, a2] = LOG_POLY;
    let y0 = f64::from(k) * std::f64::consts::LN_2 + LOGC[i];
    let r = z * INVC[i] - 1.0;
    let r2 = r * r;
    let y = a1 * r + a2;
    let y = a0 * r2 + y;
    let v = y * r2 + (y0 + r);
    super::round_if_clear(v, (y0.abs() + 1.0) * (1.0 / (1u64 << 40) as f64))
}

/// The exact evaluation: glibc's operations with its fused multiply-adds.
#[inline(never)]
fn logf_exact<F: Fma>(i: usize, k: i32, z: f64) -> f32 {
    let [a0, a1, a2] = LOG_POLY;
    let y0 = F::fma(f64::from(k), std::f64::consts::LN_2, LOGC[i]);
    let r = F::fma(z, INVC[i], -1.0);
    let r2 = r * r;
    let y = F::fma(a1, r, a2);
    let y = F::fma(a0, r2, y);
    F::fma(y, r2, y0 + r) as f32
}

/// [`log2_inline`] without fused multiply-adds, for `powf`'s unfused first try (its error
/// bound is there).
#[inline(always)]
pub(super) fn log2_unfused(ix: u32) -> f64 {
    let (i, k, z) = reduce(ix);
    let [a0, a1, a2, a3, a4] = LOG2_POLY;
    let r = z * INVC[i] - 1.0;
    let y0 = LOG2C[i] + f64::from(k);
    let y = a0 * r + a1;
    let p = a2 * r + a3;
    let r2 = r * r;
    let q = a4 * r + y0;
    let r4 = r2 * r2;
    let q = p * r2 + q;
    y * r4 + q
}

/// `log2(x)` in double for `powf`, from `x`'s bits (sign cleared; a subnormal pre-normalized
/// so that its biased exponent is negative).
#[inline(always)]
pub(super) fn log2_inline<F: Fma>(ix: u32) -> f64 {
    let (i, k, z) = reduce(ix);
    let [a0, a1, a2, a3, a4] = LOG2_POLY;
    let r = F::fma(z, INVC[i], -1.0);
    let y0 = LOG2C[i] + f64::from(k);
    let y = F::fma(a0, r, a1);
    let p = F::fma(a2, r, a3);
    let r2 = r * r;
    let q = F::fma(a4, r, y0);
    let r4 = r2 * r2;
    let q = F::fma(p, r2, q);
    F::fma(y, r4, q)
}
