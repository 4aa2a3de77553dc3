//! Numbers four lanes at a time, and the float helpers every layer above shares. This layer
//! knows only numbers: no optimizer, no test function, no network.
//!
//! [`F32x4`] is four `f32` lanes. With `-C target-feature=+simd128` on `wasm32` it is one wasm
//! `v128` (`simd128.rs` twin: `core::arch::wasm32` intrinsics); in every other build it is a
//! `[f32; 4]` with the same methods (`scalar.rs` twin). simd128 is a compile-time choice, so the
//! page ships two builds and picks one with `WebAssembly.validate`.
//!
//! [`Lane`] is what a formula needs from its number type. The optimizer updates in
//! [`crate::optim`] and the 2D test functions in [`crate::plane`] are written once over it, so
//! the scalar path (`f32`) and the four-lane path ([`F32x4`]) run the same formula.
//!
//! # Exactness
//!
//! Each lane operation is one IEEE-754 binary32 operation (wasm `f32x4.add/sub/mul/div/sqrt`
//! are correctly rounded like their scalar forms, and neither build contracts to FMA), so a
//! formula over [`F32x4`] gives in each lane the bits the same formula gives over `f32`. The
//! tests in `tests/kernels.rs` check it under both builds.

use std::ops::{Add, Div, Mul, Sub};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd128::F32x4;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod scalar;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use scalar::F32x4;

/// Whether [`F32x4`] is the wasm `simd128` twin in this build.
pub const SIMD128: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// Flush-to-zero, as TensorFlow's CPU kernels run (FTZ/DAZ): a subnormal becomes a zero of the
/// same sign. The optimizers apply it to every float32 operation result and input, so their
/// state never holds subnormals (which also keeps them fast: subnormal arithmetic is slow).
#[inline(always)]
pub fn ftz(x: f32) -> f32 {
    // On the bits: a zero exponent field is a zero or a subnormal; keep only the sign then.
    // Integer ops compile to a short branch-free sequence (and, compare, select) natively and
    // in wasm, where the float compare form cost twice the instructions on this hot path.
    let bits = x.to_bits();
    let keep = if bits & 0x7f80_0000 == 0 {
        0x8000_0000
    } else {
        u32::MAX
    };
    f32::from_bits(bits & keep)
}

/// The number type of a formula written once for one `f32` and for four lanes.
pub trait Lane:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// Every lane set to `v`.
    fn splat(v: f32) -> Self;
    /// Square root per lane.
    fn sqrt(self) -> Self;
    /// [`ftz`] per lane.
    fn ftz(self) -> Self;
    /// Per lane the larger of the two (`f32::max`: a NaN loses to a number).
    fn max(self, other: Self) -> Self;
    /// Per lane: `if sel > 0 { a } else { b }` (a NaN `sel` picks `b`).
    fn select_positive(sel: Self, a: Self, b: Self) -> Self;
}

impl Lane for f32 {
    #[inline(always)]
    fn splat(v: f32) -> Self {
        v
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    #[inline(always)]
    fn ftz(self) -> Self {
        ftz(self)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        f32::max(self, other)
    }
    #[inline(always)]
    fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        if sel > 0.0 {
            a
        } else {
            b
        }
    }
}

impl Lane for F32x4 {
    #[inline(always)]
    fn splat(v: f32) -> Self {
        F32x4::splat(v)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        F32x4::sqrt(self)
    }
    #[inline(always)]
    fn ftz(self) -> Self {
        F32x4::ftz(self)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        let (a, b) = (self.to_array(), other.to_array());
        F32x4::from_array(std::array::from_fn(|k| a[k].max(b[k])))
    }
    #[inline(always)]
    fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        F32x4::select_positive(sel, a, b)
    }
}

impl F32x4 {
    /// Applies a scalar function to each lane (the fallback for `sin`, `cos`, `exp`, which
    /// have no wasm SIMD instruction).
    #[inline(always)]
    pub fn map_lanes(self, f: impl Fn(f32) -> f32) -> Self {
        F32x4::from_array(self.to_array().map(f))
    }
}

impl std::fmt::Debug for F32x4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "F32x4{:?}", self.to_array())
    }
}

/// Lane-wise equality of every lane (only required by `Real`; no kernel branches on it).
impl PartialEq for F32x4 {
    fn eq(&self, other: &Self) -> bool {
        self.to_array() == other.to_array()
    }
}
