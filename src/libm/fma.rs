//! Fused multiply-add, the one operation glibc's x86-64 build of these functions uses that plain
//! IEEE arithmetic does not have.
//!
//! glibc compiles each function twice and picks at load time: on a CPU with FMA (every x86-64
//! since 2013, so every machine TensorFlow's recordings come from) it runs the build where GCC
//! contracted `a * b + c` into one `vfmadd` (`objdump -d libm.so.6` shows them), and the two
//! builds round differently on some inputs (`expf`, `sinf`, `cosf` differ over all 2^32
//! inputs). So every `a * b + c` that GCC fused is written `F::fma(a, b, c)` here, and every
//! product it left alone stays a plain `*`.

/// How a fused multiply-add is computed: both strategies give the one correctly rounded
/// `a * b + c`, so they are interchangeable bit for bit; they differ only in speed.
pub(crate) trait Fma {
    /// `a * b + c` with a single rounding.
    fn fma(a: f64, b: f64, c: f64) -> f64;
}

/// `f64::mul_add`: one instruction where the target has FMA, otherwise a call into the
/// platform's (software or runtime-dispatched) `fma`. Used where the target has FMA, and by
/// the tests everywhere.
#[cfg_attr(not(any(test, target_feature = "fma")), allow(dead_code))]
pub(crate) struct Hardware;

impl Fma for Hardware {
    #[inline(always)]
    fn fma(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
}

/// Exact emulation from plain double operations (Boldo & Melquiond, "Emulation of FMA and
/// correctly rounded sums: proved algorithms using rounding to odd", IEEE Trans. Computers
/// 57(4), 2008): the product is split exactly into two doubles (Dekker), `c` plus its high
/// part exactly into two (Knuth's TwoSum), the two low parts are added rounding to odd, and one
/// final round-to-nearest gives the correctly rounded result. Exact whenever nothing overflows
/// and the product's low part does not underflow (|a*b| above ~2^-960), which holds for every
/// operand these functions produce (the smallest is `expf`'s `x * 32/ln2` for a subnormal `x`,
/// ~2^-144). About 30 flops and no branch: several times cheaper in wasm than a call to the
/// soft-float `fma` (wasm has no fused multiply-add).
pub(crate) struct Emulated;

impl Fma for Emulated {
    #[inline(always)]
    fn fma(a: f64, b: f64, c: f64) -> f64 {
        let (ph, pl) = two_prod(a, b);
        let (sh, sl) = two_sum(c, ph);
        sh + add_round_to_odd(sl, pl)
    }
}

/// Veltkamp's split: `hi + lo == a` with both halves 26 bits wide, so their products are exact.
#[inline(always)]
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a; // 2^27 + 1
    let hi = t - (t - a);
    (hi, a - hi)
}

/// Dekker's product: `p + e == a * b` exactly, `p` the rounded product.
#[inline(always)]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    (p, e)
}

/// Knuth's TwoSum: `s + e == a + b` exactly, `s` the rounded sum.
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a + b` rounded to odd: the exact sum if representable, otherwise whichever neighbour has
/// an odd last significand bit. Round-to-nearest gave `s`; if the sum was inexact and `s` is
/// even, the odd neighbour is one ulp from `s` towards the error `e`.
#[inline(always)]
fn add_round_to_odd(a: f64, b: f64) -> f64 {
    let (s, e) = two_sum(a, b);
    let bits = s.to_bits();
    let fix = (e != 0.0) & (bits & 1 == 0);
    // Same sign: the exact sum is larger in magnitude than `s`, so step the bits up.
    let step = if (e.to_bits() ^ bits) >> 63 == 0 {
        1
    } else {
        u64::MAX
    };
    f64::from_bits(bits.wrapping_add(if fix { step } else { 0 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: cheap, deterministic.
    fn next(s: &mut u64) -> u64 {
        *s ^= *s >> 12;
        *s ^= *s << 25;
        *s ^= *s >> 27;
        s.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn check(a: f64, b: f64, c: f64) {
        let want = Hardware::fma(a, b, c);
        let got = Emulated::fma(a, b, c);
        assert_eq!(got.to_bits(), want.to_bits(), "fma({a:e}, {b:e}, {c:e})");
    }

    #[test]
    fn emulated_fma_is_the_correctly_rounded_fma() {
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        // Exponents within ±200 and `c` chosen to cancel the product (the hard cases): exactly
        // -a*b, a few ulps from it, somewhat smaller than it, or unrelated.
        let value = |s: &mut u64, exp_lo: u64, exp_span: u64| {
            let m = next(s) >> 12;
            let e = exp_lo + next(s) % exp_span;
            let v = f64::from_bits(m | (e << 52));
            if next(s) & 1 == 0 {
                v
            } else {
                -v
            }
        };
        for _ in 0..2_000_000 {
            let a = value(&mut s, 1023 - 200, 400);
            let b = value(&mut s, 1023 - 200, 400);
            let p = a * b;
            let c = match next(&mut s) % 4 {
                0 => -p,
                1 => f64::from_bits(
                    (-p).to_bits()
                        .wrapping_add(next(&mut s) % 5)
                        .wrapping_sub(2),
                ),
                2 => p.abs() * value(&mut s, 1023 - 60, 120),
                _ => value(&mut s, 1023 - 200, 400),
            };
            check(a, b, c);
        }
        // Exact results, zeros and halfway cases.
        for (a, b, c) in [
            (1.0, 1.0, -1.0),
            (0.0, 5.0, -0.0),
            (1.0 + f64::EPSILON, 1.0 + f64::EPSILON, -1.0),
            (1.0 + f64::EPSILON, 1.0 - f64::EPSILON / 2.0, 0.0),
            (3.0, 1.0 / 3.0, -1.0),
            (
                2f64.powi(-144) * 46.0,
                std::f64::consts::LOG2_E,
                6755399441055744.0,
            ),
        ] {
            check(a, b, c);
        }
    }

    #[test]
    fn round_to_odd_sets_the_last_bit_only_when_inexact() {
        assert_eq!(add_round_to_odd(1.0, 2.0), 3.0);
        let up = add_round_to_odd(1.0, f64::EPSILON / 4.0);
        assert_eq!(up.to_bits(), 1f64.to_bits() + 1);
        let down = add_round_to_odd(1.0, -f64::EPSILON / 8.0);
        assert_eq!(down.to_bits(), 1f64.to_bits() - 1);
        assert_eq!(
            add_round_to_odd(-1.0, -f64::EPSILON / 4.0).to_bits(),
            (-1f64).to_bits() + 1
        );
    }
}
