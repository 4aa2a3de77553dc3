//! Inner loops over four lanes at a time: one source, two builds.
//!
//! [`F32x4`] is four `f32` lanes. With `-C target-feature=+simd128` on `wasm32` it is one wasm
//! `v128` ([`simd128.rs`](self) twin: `core::arch::wasm32` intrinsics); in every other build
//! it is a `[f32; 4]` with the same methods (`scalar.rs` twin). The kernels are written once
//! over [`F32x4`]:
//!
//! * [`grid::fill_row`]: one row of the contour grid, `f(x, y)` four cells at a time with a
//!   scalar tail for the last `len % 4` cells;
//! * [`lanes::Adam4`] / [`lanes::Sgd4`]: four independent 2D configurations advanced by one
//!   update at once (lane `k` holds configuration `k`'s `x`, `y` and slots), used by the sweep;
//!   [`lanes::run4`] runs them for `K` steps with per-lane divergence detection.
//!
//! # Exactness
//!
//! Each lane operation is one IEEE-754 binary32 operation (wasm `f32x4.add/sub/mul/div/sqrt`
//! are correctly rounded like their scalar forms, and neither build contracts to FMA), and the
//! formulas are the very generic functions of [`crate::functions`], so the lanes are
//! bit-identical to [`Function::value`] / [`Function::gradient`] and to the scalar optimizers.
//! Functions that need `sin`/`cos`/`exp` (Rastrigin, Ackley) have no wasm SIMD instruction for
//! them: their kernels fall back to the scalar [`Function::value`] / [`Function::gradient`] lane
//! by lane (still bit-identical, only not faster). The tests in `tests/kernels.rs` check all
//! of this under both builds.

use crate::functions::{Function, Real};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd128::F32x4;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod scalar;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use scalar::F32x4;

pub mod grid;
pub mod lanes;

/// Whether [`F32x4`] is the wasm `simd128` twin in this build.
pub const SIMD128: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

impl F32x4 {
    /// Applies a scalar function to each lane (the fallback for `sin`, `cos`, `exp`).
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

/// The formulas of [`crate::functions`] over four lanes. `exp`, `sin` and `cos` run the scalar
/// `f32` functions lane by lane (wasm SIMD has no such instructions).
impl Real for F32x4 {
    #[inline(always)]
    fn c(v: f64) -> Self {
        F32x4::splat(v as f32)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        F32x4::sqrt(self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        self.map_lanes(crate::libm::expf)
    }
    #[inline(always)]
    fn sin(self) -> Self {
        self.map_lanes(crate::libm::sinf)
    }
    #[inline(always)]
    fn cos(self) -> Self {
        self.map_lanes(crate::libm::cosf)
    }
}

/// Runs `$body` with `$value: Fn(F32x4, F32x4) -> F32x4` and
/// `$grad: Fn(F32x4, F32x4) -> [F32x4; 2]` bound to `$f`'s formulas, one `match` arm per
/// function so that each arm's loop is monomorphised with the formula inlined. Rastrigin and
/// Ackley bind the lane-by-lane scalar fallback.
macro_rules! with_formulas {
    ($f:expr, |$value:ident, $grad:ident| $body:expr) => {{
        use $crate::functions as fx;
        use $crate::kernels::F32x4;
        let f: $crate::functions::Function = $f;
        match f {
            fx::Function::Rosenbrock => {
                with_formulas!(@bind $value, $grad, fx::rosenbrock, fx::rosenbrock_grad, $body)
            }
            fx::Function::Beale => with_formulas!(@bind $value, $grad, fx::beale, fx::beale_grad, $body),
            fx::Function::Himmelblau => {
                with_formulas!(@bind $value, $grad, fx::himmelblau, fx::himmelblau_grad, $body)
            }
            fx::Function::Booth => with_formulas!(@bind $value, $grad, fx::booth, fx::booth_grad, $body),
            fx::Function::Matyas => with_formulas!(@bind $value, $grad, fx::matyas, fx::matyas_grad, $body),
            fx::Function::IllConditionedQuadratic { condition_number } => {
                let kappa = <F32x4 as fx::Real>::c(f64::from(condition_number));
                let $value = move |x: F32x4, y: F32x4| fx::quadratic(kappa, x, y);
                let $grad = move |x: F32x4, y: F32x4| fx::quadratic_grad(kappa, x, y);
                $body
            }
            fx::Function::Saddle => with_formulas!(@bind $value, $grad, fx::saddle, fx::saddle_grad, $body),
            fx::Function::StyblinskiTang => with_formulas!(
                @bind $value, $grad, fx::styblinski_tang, fx::styblinski_tang_grad, $body
            ),
            fx::Function::GoldsteinPrice => with_formulas!(
                @bind $value, $grad, fx::goldstein_price, fx::goldstein_price_grad, $body
            ),
            fx::Function::SixHumpCamel => with_formulas!(
                @bind $value, $grad, fx::six_hump_camel, fx::six_hump_camel_grad, $body
            ),
            fx::Function::Rastrigin | fx::Function::Ackley => {
                let $value = move |x: F32x4, y: F32x4| $crate::kernels::lanewise_value(f, x, y);
                let $grad = move |x: F32x4, y: F32x4| $crate::kernels::lanewise_gradient(f, x, y);
                $body
            }
        }
    }};
    (@bind $value:ident, $grad:ident, $v:path, $g:path, $body:expr) => {{
        let $value = |x: F32x4, y: F32x4| $v(x, y);
        let $grad = |x: F32x4, y: F32x4| $g(x, y);
        $body
    }};
}
pub(crate) use with_formulas;

/// `f.value` lane by lane: the fallback for functions with `sin`/`cos`/`exp`.
#[inline(always)]
pub(crate) fn lanewise_value(f: Function, x: F32x4, y: F32x4) -> F32x4 {
    let (x, y) = (x.to_array(), y.to_array());
    F32x4::from_array(std::array::from_fn(|k| f.value(x[k], y[k])))
}

/// `f.gradient` lane by lane: the fallback for functions with `sin`/`cos`/`exp`.
#[inline(always)]
pub(crate) fn lanewise_gradient(f: Function, x: F32x4, y: F32x4) -> [F32x4; 2] {
    let (x, y) = (x.to_array(), y.to_array());
    let g: [[f32; 2]; 4] = std::array::from_fn(|k| f.gradient(x[k], y[k]));
    [
        F32x4::from_array(g.map(|v| v[0])),
        F32x4::from_array(g.map(|v| v[1])),
    ]
}
