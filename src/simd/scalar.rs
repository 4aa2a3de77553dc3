//! The scalar twin of [`F32x4`]: four `f32` lanes in an array, each operation a loop over the
//! lanes. Compiled for every build except `wasm32` + `simd128` (see `simd128.rs`, same
//! signatures). Natively the compiler may still auto-vectorise these loops; the results are
//! the same either way, because each lane is one IEEE-754 `f32` operation.

use std::ops::{Add, Div, Mul, Neg, Sub};

use super::ftz;

/// Four `f32` lanes.
#[derive(Clone, Copy)]
pub struct F32x4([f32; 4]);

impl F32x4 {
    /// All four lanes set to `v`.
    #[inline(always)]
    pub fn splat(v: f32) -> Self {
        F32x4([v; 4])
    }

    /// Lanes `a[0]..a[3]`.
    #[inline(always)]
    pub fn from_array(a: [f32; 4]) -> Self {
        F32x4(a)
    }

    /// Reads four lanes from `src`.
    #[inline(always)]
    pub fn load(src: &[f32; 4]) -> Self {
        F32x4(*src)
    }

    /// Writes the four lanes to `out`.
    #[inline(always)]
    pub fn store(self, out: &mut [f32; 4]) {
        *out = self.0;
    }

    /// Four lanes from 16 bytes: lane `k` of vector `v` is `f32::from(src[4·v + k])` (exact).
    #[inline(always)]
    pub fn from_u8x16(src: &[u8; 16]) -> [Self; 4] {
        std::array::from_fn(|v| F32x4(std::array::from_fn(|k| f32::from(src[4 * v + k]))))
    }

    /// Lanes `0..src.len()` from `src` (1 to 3 values), the others 0: a row's last columns
    /// without reading past them.
    ///
    /// # Panics
    /// If `src` is empty or longer than 3.
    #[inline(always)]
    pub fn load_prefix(src: &[f32]) -> Self {
        assert!((1..4).contains(&src.len()), "1 to 3 lanes");
        F32x4(std::array::from_fn(|k| src.get(k).copied().unwrap_or(0.0)))
    }

    /// Writes lanes `0..out.len()` (1 to 3) to `out`.
    ///
    /// # Panics
    /// If `out` is empty or longer than 3.
    #[inline(always)]
    pub fn store_prefix(self, out: &mut [f32]) {
        assert!((1..4).contains(&out.len()), "1 to 3 lanes");
        let n = out.len();
        out.copy_from_slice(&self.0[..n]);
    }

    /// The lanes as an array.
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        self.0
    }

    /// Lane-wise square root.
    #[inline(always)]
    pub fn sqrt(self) -> Self {
        F32x4(self.0.map(f32::sqrt))
    }

    /// Lane-wise `super::ftz`.
    #[inline(always)]
    pub fn ftz(self) -> Self {
        F32x4(self.0.map(ftz))
    }

    /// Per lane: `if sel > 0 { a } else { b }` (a NaN `sel` picks `b`).
    #[inline(always)]
    pub fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        F32x4(std::array::from_fn(|k| {
            if sel.0[k] > 0.0 {
                a.0[k]
            } else {
                b.0[k]
            }
        }))
    }

    /// Bit `k` set where lane `k` is NaN or ±inf.
    #[inline(always)]
    pub fn non_finite_bits(self) -> u8 {
        self.0
            .iter()
            .enumerate()
            .fold(0, |bits, (k, v)| bits | (u8::from(!v.is_finite()) << k))
    }
}

macro_rules! lane_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl $trait for F32x4 {
            type Output = Self;
            #[inline(always)]
            fn $method(self, rhs: Self) -> Self {
                F32x4(std::array::from_fn(|k| self.0[k] $op rhs.0[k]))
            }
        }
    };
}

lane_op!(Add, add, +);
lane_op!(Sub, sub, -);
lane_op!(Mul, mul, *);
lane_op!(Div, div, /);

impl Neg for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        F32x4(self.0.map(|v| -v))
    }
}
