//! The 2D test functions' formulas over four lanes ([`F32x4`]), for the contour grid
//! ([`super::grid`]) and the sweep's four-configurations-at-once runs ([`super::lanes`]).
//!
//! The formulas are the very generic functions of [`super::functions`], so each lane is
//! bit-identical to [`Function::value`] / [`Function::gradient`] (see [`crate::simd`] for why).
//! Functions that need `sin`/`cos`/`exp` (Rastrigin, Ackley) have no wasm SIMD instruction for
//! them: their kernels fall back to the scalar [`Function::value`] / [`Function::gradient`] lane
//! by lane (still bit-identical, only not faster). The gradients of Styblinski–Tang,
//! Goldstein–Price and the six-hump camel call `powf` (TensorFlow's `x ** 2` and `x ** 4`), lane
//! by lane inside otherwise four-lane formulas. `tests/kernels.rs` checks all of this under
//! both builds.

use super::functions::{Function, Real};
use crate::simd::F32x4;

/// The formulas of [`super::functions`] over four lanes. `exp`, `sin`, `cos` and `pow` run the
/// scalar `f32` functions lane by lane (wasm SIMD has no such instructions).
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
    #[inline(always)]
    fn pow(self, e: f64) -> Self {
        let e = e as f32;
        self.map_lanes(|v| crate::libm::powf(v, e))
    }
    #[inline(always)]
    fn pow2(self) -> Self {
        // Seldom a lane whose square `powf` may round the other way: then all four take the
        // scalar path (the same bits), else one four-lane multiply.
        let lanes = self.to_array();
        if lanes
            .iter()
            .any(|&v| super::functions::square_may_differ_from_powf(v))
        {
            self.map_lanes(<f32 as Real>::pow2)
        } else {
            self * self
        }
    }
    #[inline(always)]
    fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        F32x4::select_positive(sel, a, b)
    }
    #[inline(always)]
    fn ftz(self) -> Self {
        F32x4::ftz(self)
    }
}

/// Runs `$body` with `$value: Fn(F32x4, F32x4) -> F32x4` and
/// `$grad: Fn(F32x4, F32x4) -> [F32x4; 2]` bound to `$f`'s formulas, one `match` arm per
/// function so that each arm's loop is monomorphised with the formula inlined. Rastrigin and
/// Ackley bind the lane-by-lane scalar fallback.
macro_rules! with_formulas {
    ($f:expr, |$value:ident, $grad:ident| $body:expr) => {{
        use $crate::plane::functions as fx;
        use $crate::simd::F32x4;
        let f: $crate::plane::functions::Function = $f;
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
                @bind $value, $grad, fx::styblinski_tang,
                $crate::plane::formulas::styblinski_tang_grad4, $body
            ),
            fx::Function::GoldsteinPrice => with_formulas!(
                @bind $value, $grad, fx::goldstein_price,
                $crate::plane::formulas::goldstein_price_grad4, $body
            ),
            fx::Function::SixHumpCamel => with_formulas!(
                @bind $value, $grad, fx::six_hump_camel,
                $crate::plane::formulas::six_hump_camel_grad4, $body
            ),
            fx::Function::Rastrigin | fx::Function::Ackley => {
                let $value = move |x: F32x4, y: F32x4| $crate::plane::formulas::lanewise_value(f, x, y);
                let $grad = move |x: F32x4, y: F32x4| $crate::plane::formulas::lanewise_gradient(f, x, y);
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

// The longest gradients (TensorFlow's op order, every result flushed), compiled once each
// rather than inlined into every optimizer's loop of every `with_formulas!` user: inlined, they
// made the sweep module 4.9 KB (gzipped) larger and the scalar build's SGD sweep on Rosenbrock,
// whose loop shares a function body with theirs, about a quarter slower.

/// Styblinski–Tang's gradient over four lanes, out of line.
#[inline(never)]
pub(crate) fn styblinski_tang_grad4(x: F32x4, y: F32x4) -> [F32x4; 2] {
    super::functions::styblinski_tang_grad(x, y)
}

/// Goldstein–Price's gradient over four lanes, out of line.
#[inline(never)]
pub(crate) fn goldstein_price_grad4(x: F32x4, y: F32x4) -> [F32x4; 2] {
    super::functions::goldstein_price_grad(x, y)
}

/// The six-hump camel's gradient over four lanes, out of line.
#[inline(never)]
pub(crate) fn six_hump_camel_grad4(x: F32x4, y: F32x4) -> [F32x4; 2] {
    super::functions::six_hump_camel_grad(x, y)
}

/// `f.gradient` lane by lane: the fallback for functions with `sin`/`cos`/`exp`, out of line
/// for the same reason.
#[inline(never)]
pub(crate) fn lanewise_gradient(f: Function, x: F32x4, y: F32x4) -> [F32x4; 2] {
    let (x, y) = (x.to_array(), y.to_array());
    let g: [[f32; 2]; 4] = std::array::from_fn(|k| f.gradient(x[k], y[k]));
    [
        F32x4::from_array(g.map(|v| v[0])),
        F32x4::from_array(g.map(|v| v[1])),
    ]
}
