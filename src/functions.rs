//! 2D test functions for the optimizer playground, their metadata, and contour-map grids.
//!
//! Every function has an analytic gradient. The `f32` path ([`Function::value`],
//! [`Function::gradient`]) is what the playground runs, since Keras variables are float32;
//! [`Function::value_f64`] and [`Function::gradient_f64`] evaluate the very same formulas in
//! `f64` (one generic implementation, monomorphised twice) as a reference for tests.
//!
//! Grids for the contour map come from [`evaluate_grid`]: row-major, row 0 at the top
//! (`y_max`), sampled at cell centres, so the buffer maps straight onto canvas pixels.
//! [`grid_range`] gives a grid's finite range; `render` turns grids into colours and contours.

use crate::ConfigError;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Smallest accepted condition number of [`Function::IllConditionedQuadratic`].
pub const MIN_CONDITION_NUMBER: f32 = 1.0;
/// Largest accepted condition number of [`Function::IllConditionedQuadratic`].
pub const MAX_CONDITION_NUMBER: f32 = 1e4;
/// Condition number used when none is given.
pub const DEFAULT_CONDITION_NUMBER: f32 = 100.0;
/// Smallest grid width or height accepted by [`evaluate_grid`].
pub const MIN_GRID_SIZE: usize = 2;
/// Largest grid width or height accepted by [`evaluate_grid`].
pub const MAX_GRID_SIZE: usize = 2048;

/// A 2D test function. `Copy`, and small: evaluation is a `match` to an inlined formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Function {
    /// `(1 − x)² + 100(y − x²)²`; a curved, flat-bottomed valley. Minimum 0 at (1, 1).
    Rosenbrock,
    /// `(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²`. Minimum 0 at (3, 0.5).
    Beale,
    /// `(x² + y − 11)² + (x + y² − 7)²`; four global minima, all 0.
    Himmelblau,
    /// `(x + 2y − 7)² + (2x + y − 5)²`. Minimum 0 at (1, 3).
    Booth,
    /// `0.26(x² + y²) − 0.48xy`; a shallow diagonal valley. Minimum 0 at (0, 0).
    Matyas,
    /// `0.5(x² + κy²)`: a quadratic whose Hessian has condition number κ ∈ [1, 10⁴].
    /// Minimum 0 at (0, 0).
    IllConditionedQuadratic {
        /// κ, the ratio of the largest to the smallest curvature.
        condition_number: f32,
    },
    /// `x² − y²`: a saddle at (0, 0). It has NO minimum (unbounded below along y), so
    /// [`Function::minima`] is empty and [`Function::min_value`] is the infimum over the
    /// display domain instead.
    Saddle,
    /// `20 + Σ (x² − 10 cos 2πx)`; a regular lattice of local minima. Minimum 0 at (0, 0).
    Rastrigin,
    /// `−20 exp(−0.2 √(0.5(x² + y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20`; many local
    /// minima around a cone. Minimum 0 at (0, 0), where it is not differentiable; the gradient
    /// returned there is the zero subgradient.
    Ackley,
    /// `0.5 Σ (x⁴ − 16x² + 5x)`; one global and three local minima.
    /// Minimum −78.33233 at (−2.903534, −2.903534).
    StyblinskiTang,
    /// Goldstein–Price: steep (values up to ~10⁶ on its domain), several local minima.
    /// Minimum 3 at (0, −1).
    GoldsteinPrice,
    /// `(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²`; two global minima −1.0316.
    SixHumpCamel,
}

/// An axis-aligned rectangle of the plane: a function's display domain, or the part of the
/// plane a contour grid covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Left edge.
    pub x_min: f32,
    /// Right edge.
    pub x_max: f32,
    /// Bottom edge.
    pub y_min: f32,
    /// Top edge (row 0 of a grid).
    pub y_max: f32,
}

impl View {
    /// Checks that all bounds are finite and `x_min < x_max`, `y_min < y_max`.
    /// Errors name `view.x_min` etc.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (name, v) in [
            ("x_min", self.x_min),
            ("x_max", self.x_max),
            ("y_min", self.y_min),
            ("y_max", self.y_max),
        ] {
            if !v.is_finite() {
                return Err(
                    ConfigError::new(name, format!("must be finite, got {v}")).within("view")
                );
            }
        }
        for (lo_name, lo, hi_name, hi) in [
            ("x_min", self.x_min, "x_max", self.x_max),
            ("y_min", self.y_min, "y_max", self.y_max),
        ] {
            // Also rejects spans too small to give distinct f32 cell centres' bounds.
            if lo >= hi || !(hi - lo).is_finite() {
                return Err(ConfigError::new(
                    hi_name,
                    format!("must be greater than {lo_name} with a finite span, got {lo_name} = {lo}, {hi_name} = {hi}"),
                )
                .within("view"));
            }
        }
        Ok(())
    }
}

/// A global minimum: where it is and the function's value there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Minimum {
    /// x of the minimiser (rounded to `f32`).
    pub x: f32,
    /// y of the minimiser (rounded to `f32`).
    pub y: f32,
    /// The function's value there.
    pub value: f32,
}

/// Everything the UI shows about a function, serialisable as one object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionInfo {
    /// snake_case id accepted by [`Function::from_name`].
    pub id: &'static str,
    /// Human-readable name.
    pub name: &'static str,
    /// The formula as plain text with unicode superscripts.
    pub formula: &'static str,
    /// The customary plotting window.
    pub domain: View,
    /// All global minima (empty for the saddle).
    pub minima: &'static [Minimum],
    /// A start point that makes the optimizers' differences visible.
    pub start: [f32; 2],
    /// Lower bound for the log colour scale: see [`Function::min_value`].
    pub min_value: f32,
    /// Whether values ≤ 0 occur, so a log scale must offset by `min_value`.
    pub has_nonpositive_values: bool,
    /// κ, for the ill-conditioned quadratic only.
    pub condition_number: Option<f32>,
}

/// Serde-friendly description of a function, e.g. `{"function": "rosenbrock"}` or
/// `{"function": "ill_conditioned_quadratic", "condition_number": 1000}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionConfig {
    /// A [`Function`] id.
    pub function: String,
    /// κ for `ill_conditioned_quadratic` (default [`DEFAULT_CONDITION_NUMBER`]); ignored by
    /// the other functions.
    #[serde(default)]
    pub condition_number: Option<f32>,
}

impl FunctionConfig {
    /// The function this describes, or the error of [`Function::from_name`].
    pub fn build(&self) -> Result<Function, ConfigError> {
        Function::from_name(&self.function, self.condition_number)
    }
}

const fn min(x: f32, y: f32, value: f32) -> Minimum {
    Minimum { x, y, value }
}

const fn view(x_min: f32, x_max: f32, y_min: f32, y_max: f32) -> View {
    View {
        x_min,
        x_max,
        y_min,
        y_max,
    }
}

const ORIGIN_ZERO: &[Minimum] = &[min(0.0, 0.0, 0.0)];
const ROSENBROCK_MINIMA: &[Minimum] = &[min(1.0, 1.0, 0.0)];
const BEALE_MINIMA: &[Minimum] = &[min(3.0, 0.5, 0.0)];
const HIMMELBLAU_MINIMA: &[Minimum] = &[
    min(3.0, 2.0, 0.0),
    min(-2.805_118, 3.131_312_5, 0.0),
    min(-3.779_310_3, -3.283_186, 0.0),
    min(3.584_428_3, -1.848_126_5, 0.0),
];
const BOOTH_MINIMA: &[Minimum] = &[min(1.0, 3.0, 0.0)];
const STYBLINSKI_TANG_MINIMA: &[Minimum] = &[min(ST_X, ST_X, ST_VALUE)];
const GOLDSTEIN_PRICE_MINIMA: &[Minimum] = &[min(0.0, -1.0, 3.0)];
const SIX_HUMP_CAMEL_MINIMA: &[Minimum] = &[
    min(SIX_HUMP_X, -SIX_HUMP_Y, SIX_HUMP_VALUE),
    min(-SIX_HUMP_X, SIX_HUMP_Y, SIX_HUMP_VALUE),
];
/// Styblinski–Tang minimiser per coordinate: the root of 4x³ − 32x + 5 near −2.9.
const ST_X: f32 = -2.903_534;
const ST_VALUE: f32 = -78.332_33;
const SIX_HUMP_X: f32 = 0.089_842_01;
const SIX_HUMP_Y: f32 = 0.712_656_4;
const SIX_HUMP_VALUE: f32 = -1.031_628_5;

impl Function {
    /// One of each function, in UI order (the quadratic with [`DEFAULT_CONDITION_NUMBER`]).
    pub fn all() -> [Function; 12] {
        [
            Function::Rosenbrock,
            Function::Beale,
            Function::Himmelblau,
            Function::Booth,
            Function::Matyas,
            Function::IllConditionedQuadratic {
                condition_number: DEFAULT_CONDITION_NUMBER,
            },
            Function::Saddle,
            Function::Rastrigin,
            Function::Ackley,
            Function::StyblinskiTang,
            Function::GoldsteinPrice,
            Function::SixHumpCamel,
        ]
    }

    /// The function with id `name` (see [`Function::id`]). `condition_number` is used by
    /// `ill_conditioned_quadratic` only (default [`DEFAULT_CONDITION_NUMBER`]) and must be
    /// finite and in [1, 10⁴]; the other functions ignore it.
    pub fn from_name(name: &str, condition_number: Option<f32>) -> Result<Function, ConfigError> {
        let f = Function::all()
            .into_iter()
            .find(|f| f.id() == name)
            .ok_or_else(|| {
                let ids: Vec<&str> = Function::all().iter().map(|f| f.id()).collect();
                ConfigError::new(
                    "function",
                    format!("unknown function {name:?}; valid: {}", ids.join(", ")),
                )
            })?;
        match (f, condition_number) {
            (Function::IllConditionedQuadratic { .. }, Some(k)) => {
                if !(MIN_CONDITION_NUMBER..=MAX_CONDITION_NUMBER).contains(&k) {
                    return Err(ConfigError::new(
                        "condition_number",
                        format!("must be in [1, 10000], got {k}"),
                    ));
                }
                Ok(Function::IllConditionedQuadratic {
                    condition_number: k,
                })
            }
            _ => Ok(f),
        }
    }

    /// snake_case id, e.g. `"rosenbrock"`, `"six_hump_camel"`, `"ill_conditioned_quadratic"`.
    pub fn id(&self) -> &'static str {
        match self {
            Function::Rosenbrock => "rosenbrock",
            Function::Beale => "beale",
            Function::Himmelblau => "himmelblau",
            Function::Booth => "booth",
            Function::Matyas => "matyas",
            Function::IllConditionedQuadratic { .. } => "ill_conditioned_quadratic",
            Function::Saddle => "saddle",
            Function::Rastrigin => "rastrigin",
            Function::Ackley => "ackley",
            Function::StyblinskiTang => "styblinski_tang",
            Function::GoldsteinPrice => "goldstein_price",
            Function::SixHumpCamel => "six_hump_camel",
        }
    }

    /// Human-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            Function::Rosenbrock => "Rosenbrock",
            Function::Beale => "Beale",
            Function::Himmelblau => "Himmelblau",
            Function::Booth => "Booth",
            Function::Matyas => "Matyas",
            Function::IllConditionedQuadratic { .. } => "Ill-conditioned quadratic",
            Function::Saddle => "Saddle",
            Function::Rastrigin => "Rastrigin",
            Function::Ackley => "Ackley",
            Function::StyblinskiTang => "Styblinski–Tang",
            Function::GoldsteinPrice => "Goldstein–Price",
            Function::SixHumpCamel => "Six-hump camel",
        }
    }

    /// The formula as a short plain-text/unicode string.
    pub fn formula(&self) -> &'static str {
        match self {
            Function::Rosenbrock => "(1 − x)² + 100(y − x²)²",
            Function::Beale => "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            Function::Himmelblau => "(x² + y − 11)² + (x + y² − 7)²",
            Function::Booth => "(x + 2y − 7)² + (2x + y − 5)²",
            Function::Matyas => "0.26(x² + y²) − 0.48xy",
            Function::IllConditionedQuadratic { .. } => "0.5(x² + κy²)",
            Function::Saddle => "x² − y²",
            Function::Rastrigin => "20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
            Function::Ackley => {
                "−20·exp(−0.2·√(0.5(x² + y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20"
            }
            Function::StyblinskiTang => "0.5(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)",
            Function::GoldsteinPrice => {
                "[1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]"
            }
            Function::SixHumpCamel => "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
        }
    }

    /// The customary plotting window.
    pub fn domain(&self) -> View {
        match self {
            Function::Rosenbrock => view(-2.0, 2.0, -1.0, 3.0),
            Function::Beale => view(-4.5, 4.5, -4.5, 4.5),
            Function::Himmelblau => view(-5.0, 5.0, -5.0, 5.0),
            Function::Booth | Function::Matyas => view(-10.0, 10.0, -10.0, 10.0),
            Function::IllConditionedQuadratic { .. } => view(-10.0, 10.0, -5.0, 5.0),
            Function::Saddle => view(-2.0, 2.0, -2.0, 2.0),
            Function::Rastrigin => view(-5.12, 5.12, -5.12, 5.12),
            Function::Ackley | Function::StyblinskiTang => view(-5.0, 5.0, -5.0, 5.0),
            Function::GoldsteinPrice => view(-2.0, 2.0, -2.0, 2.0),
            Function::SixHumpCamel => view(-3.0, 3.0, -2.0, 2.0),
        }
    }

    /// All global minima with their values. Empty for [`Function::Saddle`], which has none.
    pub fn minima(&self) -> &'static [Minimum] {
        match self {
            Function::Rosenbrock => ROSENBROCK_MINIMA,
            Function::Beale => BEALE_MINIMA,
            Function::Himmelblau => HIMMELBLAU_MINIMA,
            Function::Booth => BOOTH_MINIMA,
            Function::Matyas
            | Function::IllConditionedQuadratic { .. }
            | Function::Rastrigin
            | Function::Ackley => ORIGIN_ZERO,
            Function::Saddle => &[],
            Function::StyblinskiTang => STYBLINSKI_TANG_MINIMA,
            Function::GoldsteinPrice => GOLDSTEIN_PRICE_MINIMA,
            Function::SixHumpCamel => SIX_HUMP_CAMEL_MINIMA,
        }
    }

    /// A good default start point, inside the domain and away from the minima.
    pub fn default_start(&self) -> [f32; 2] {
        match self {
            Function::Rosenbrock => [-1.5, 2.0],
            Function::Beale => [1.0, 1.5],
            Function::Himmelblau => [0.0, 0.0],
            Function::Booth => [-8.0, 8.0],
            Function::Matyas => [8.0, 3.0],
            Function::IllConditionedQuadratic { .. } => [-9.0, 1.0],
            Function::Saddle => [-1.5, 0.05],
            Function::Rastrigin => [-4.5, 4.3],
            Function::Ackley => [-3.0, 3.5],
            Function::StyblinskiTang => [4.0, 4.5],
            Function::GoldsteinPrice => [-1.0, 1.5],
            Function::SixHumpCamel => [-2.0, 1.0],
        }
    }

    /// The lowest value to expect, for a log colour scale `log10(f − min_value + ε)`: the
    /// global minimum's value, or for [`Function::Saddle`] (unbounded below) the infimum over
    /// its display domain, −4. Values outside the display domain can be lower.
    pub fn min_value(&self) -> f32 {
        match self.minima().first() {
            Some(m) => m.value,
            None => -4.0,
        }
    }

    /// Whether the function takes values ≤ 0, so that a log scale must offset by
    /// [`Function::min_value`]. Only Goldstein–Price (minimum 3) is strictly positive.
    pub fn has_nonpositive_values(&self) -> bool {
        self.min_value() <= 0.0
    }

    /// κ of the ill-conditioned quadratic, `None` for the other functions.
    pub fn condition_number(&self) -> Option<f32> {
        match self {
            Function::IllConditionedQuadratic { condition_number } => Some(*condition_number),
            _ => None,
        }
    }

    /// All metadata in one serialisable object.
    pub fn info(&self) -> FunctionInfo {
        FunctionInfo {
            id: self.id(),
            name: self.name(),
            formula: self.formula(),
            domain: self.domain(),
            minima: self.minima(),
            start: self.default_start(),
            min_value: self.min_value(),
            has_nonpositive_values: self.has_nonpositive_values(),
            condition_number: self.condition_number(),
        }
    }

    /// f(x, y) in `f32`.
    #[inline]
    pub fn value(&self, x: f32, y: f32) -> f32 {
        self.value_t(x, y)
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y] in `f32`, analytic.
    #[inline]
    pub fn gradient(&self, x: f32, y: f32) -> [f32; 2] {
        self.gradient_t(x, y)
    }

    /// f(x, y) in `f64`: the same formula as [`Function::value`], as a reference.
    pub fn value_f64(&self, x: f64, y: f64) -> f64 {
        self.value_t(x, y)
    }

    /// ∇f(x, y) in `f64`: the same formula as [`Function::gradient`], as a reference.
    pub fn gradient_f64(&self, x: f64, y: f64) -> [f64; 2] {
        self.gradient_t(x, y)
    }

    #[inline(always)]
    fn value_t<T: Real>(&self, x: T, y: T) -> T {
        match *self {
            Function::Rosenbrock => rosenbrock(x, y),
            Function::Beale => beale(x, y),
            Function::Himmelblau => himmelblau(x, y),
            Function::Booth => booth(x, y),
            Function::Matyas => matyas(x, y),
            Function::IllConditionedQuadratic { condition_number } => {
                quadratic(T::c(f64::from(condition_number)), x, y)
            }
            Function::Saddle => saddle(x, y),
            Function::Rastrigin => rastrigin(x, y),
            Function::Ackley => ackley(x, y),
            Function::StyblinskiTang => styblinski_tang(x, y),
            Function::GoldsteinPrice => goldstein_price(x, y),
            Function::SixHumpCamel => six_hump_camel(x, y),
        }
    }

    #[inline(always)]
    fn gradient_t<T: Real>(&self, x: T, y: T) -> [T; 2] {
        match *self {
            Function::Rosenbrock => rosenbrock_grad(x, y),
            Function::Beale => beale_grad(x, y),
            Function::Himmelblau => himmelblau_grad(x, y),
            Function::Booth => booth_grad(x, y),
            Function::Matyas => matyas_grad(x, y),
            Function::IllConditionedQuadratic { condition_number } => {
                quadratic_grad(T::c(f64::from(condition_number)), x, y)
            }
            Function::Saddle => saddle_grad(x, y),
            Function::Rastrigin => rastrigin_grad(x, y),
            Function::Ackley => ackley_grad(x, y),
            Function::StyblinskiTang => styblinski_tang_grad(x, y),
            Function::GoldsteinPrice => goldstein_price_grad(x, y),
            Function::SixHumpCamel => six_hump_camel_grad(x, y),
        }
    }
}

/// The float operations the formulas need, so that one implementation serves `f32` and `f64`.
pub(crate) trait Real:
    Copy
    + PartialEq
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant, rounded to this type.
    fn c(v: f64) -> Self;
    /// Square root.
    fn sqrt(self) -> Self;
    /// e to the power `self`.
    fn exp(self) -> Self;
    /// Sine (radians).
    fn sin(self) -> Self;
    /// Cosine (radians).
    fn cos(self) -> Self;
}

/// `exp`/`sin`/`cos` are glibc's (via [`crate::libm`]) on every target, so native and wasm
/// compute the same bits, and the same as TensorFlow's `tf.exp`/`tf.sin`/`tf.cos` on a scalar.
impl Real for f32 {
    #[inline(always)]
    fn c(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        crate::libm::expf(self)
    }
    #[inline(always)]
    fn sin(self) -> Self {
        crate::libm::sinf(self)
    }
    #[inline(always)]
    fn cos(self) -> Self {
        crate::libm::cosf(self)
    }
}

impl Real for f64 {
    #[inline(always)]
    fn c(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        f64::exp(self)
    }
    #[inline(always)]
    fn sin(self) -> Self {
        f64::sin(self)
    }
    #[inline(always)]
    fn cos(self) -> Self {
        f64::cos(self)
    }
}

#[inline(always)]
fn c<T: Real>(v: f64) -> T {
    T::c(v)
}

#[inline(always)]
pub(crate) fn rosenbrock<T: Real>(x: T, y: T) -> T {
    let a = c::<T>(1.0) - x;
    let b = y - x * x;
    a * a + c::<T>(100.0) * b * b
}

#[inline(always)]
pub(crate) fn rosenbrock_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let b = y - x * x;
    [
        c::<T>(-2.0) * (c::<T>(1.0) - x) - c::<T>(400.0) * x * b,
        c::<T>(200.0) * b,
    ]
}

#[inline(always)]
fn beale_terms<T: Real>(x: T, y: T) -> [T; 3] {
    let y2 = y * y;
    [
        c::<T>(1.5) - x + x * y,
        c::<T>(2.25) - x + x * y2,
        c::<T>(2.625) - x + x * y2 * y,
    ]
}

#[inline(always)]
pub(crate) fn beale<T: Real>(x: T, y: T) -> T {
    let [t1, t2, t3] = beale_terms(x, y);
    t1 * t1 + t2 * t2 + t3 * t3
}

#[inline(always)]
pub(crate) fn beale_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let [t1, t2, t3] = beale_terms(x, y);
    let one = c::<T>(1.0);
    let two = c::<T>(2.0);
    let y2 = y * y;
    [
        two * (t1 * (y - one) + t2 * (y2 - one) + t3 * (y2 * y - one)),
        two * x * (t1 + c::<T>(2.0) * t2 * y + c::<T>(3.0) * t3 * y2),
    ]
}

#[inline(always)]
pub(crate) fn himmelblau<T: Real>(x: T, y: T) -> T {
    let a = x * x + y - c::<T>(11.0);
    let b = x + y * y - c::<T>(7.0);
    a * a + b * b
}

#[inline(always)]
pub(crate) fn himmelblau_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let a = x * x + y - c::<T>(11.0);
    let b = x + y * y - c::<T>(7.0);
    let (two, four) = (c::<T>(2.0), c::<T>(4.0));
    [four * x * a + two * b, two * a + four * y * b]
}

#[inline(always)]
pub(crate) fn booth<T: Real>(x: T, y: T) -> T {
    let a = x + c::<T>(2.0) * y - c::<T>(7.0);
    let b = c::<T>(2.0) * x + y - c::<T>(5.0);
    a * a + b * b
}

#[inline(always)]
pub(crate) fn booth_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let a = x + c::<T>(2.0) * y - c::<T>(7.0);
    let b = c::<T>(2.0) * x + y - c::<T>(5.0);
    let (two, four) = (c::<T>(2.0), c::<T>(4.0));
    [two * a + four * b, four * a + two * b]
}

#[inline(always)]
pub(crate) fn matyas<T: Real>(x: T, y: T) -> T {
    c::<T>(0.26) * (x * x + y * y) - c::<T>(0.48) * x * y
}

#[inline(always)]
pub(crate) fn matyas_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (a, b) = (c::<T>(0.52), c::<T>(0.48));
    [a * x - b * y, a * y - b * x]
}

#[inline(always)]
pub(crate) fn quadratic<T: Real>(kappa: T, x: T, y: T) -> T {
    c::<T>(0.5) * (x * x + kappa * y * y)
}

#[inline(always)]
pub(crate) fn quadratic_grad<T: Real>(kappa: T, x: T, y: T) -> [T; 2] {
    [x, kappa * y]
}

#[inline(always)]
pub(crate) fn saddle<T: Real>(x: T, y: T) -> T {
    x * x - y * y
}

#[inline(always)]
pub(crate) fn saddle_grad<T: Real>(x: T, y: T) -> [T; 2] {
    [c::<T>(2.0) * x, c::<T>(-2.0) * y]
}

const TAU: f64 = std::f64::consts::TAU;

#[inline(always)]
pub(crate) fn rastrigin<T: Real>(x: T, y: T) -> T {
    let ten = c::<T>(10.0);
    let tau = c::<T>(TAU);
    c::<T>(20.0) + x * x - ten * (tau * x).cos() + y * y - ten * (tau * y).cos()
}

#[inline(always)]
pub(crate) fn rastrigin_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let two = c::<T>(2.0);
    let tau = c::<T>(TAU);
    let k = c::<T>(10.0 * TAU);
    [two * x + k * (tau * x).sin(), two * y + k * (tau * y).sin()]
}

#[inline(always)]
pub(crate) fn ackley<T: Real>(x: T, y: T) -> T {
    let r = (c::<T>(0.5) * (x * x + y * y)).sqrt();
    let tau = c::<T>(TAU);
    let s = c::<T>(0.5) * ((tau * x).cos() + (tau * y).cos());
    c::<T>(-20.0) * (c::<T>(-0.2) * r).exp() - s.exp() + c::<T>(std::f64::consts::E + 20.0)
}

#[inline(always)]
pub(crate) fn ackley_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let r = (c::<T>(0.5) * (x * x + y * y)).sqrt();
    let tau = c::<T>(TAU);
    // d/dx of −20 exp(−0.2 r) is 2x exp(−0.2 r) / r; at r = 0 (the cone's tip) use 0.
    let cone = if r == c::<T>(0.0) {
        c::<T>(0.0)
    } else {
        c::<T>(2.0) * (c::<T>(-0.2) * r).exp() / r
    };
    let wave =
        c::<T>(std::f64::consts::PI) * (c::<T>(0.5) * ((tau * x).cos() + (tau * y).cos())).exp();
    [
        cone * x + wave * (tau * x).sin(),
        cone * y + wave * (tau * y).sin(),
    ]
}

#[inline(always)]
pub(crate) fn styblinski_tang<T: Real>(x: T, y: T) -> T {
    let g = |t: T| {
        let t2 = t * t;
        t2 * t2 - c::<T>(16.0) * t2 + c::<T>(5.0) * t
    };
    c::<T>(0.5) * (g(x) + g(y))
}

#[inline(always)]
pub(crate) fn styblinski_tang_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let d = |t: T| c::<T>(2.0) * t * t * t - c::<T>(16.0) * t + c::<T>(2.5);
    [d(x), d(y)]
}

#[inline(always)]
fn goldstein_price_parts<T: Real>(x: T, y: T) -> (T, T, T, T) {
    let a = x + y + c::<T>(1.0);
    let p = c::<T>(19.0) - c::<T>(14.0) * x + c::<T>(3.0) * x * x - c::<T>(14.0) * y
        + c::<T>(6.0) * x * y
        + c::<T>(3.0) * y * y;
    let b = c::<T>(2.0) * x - c::<T>(3.0) * y;
    let q = c::<T>(18.0) - c::<T>(32.0) * x + c::<T>(12.0) * x * x + c::<T>(48.0) * y
        - c::<T>(36.0) * x * y
        + c::<T>(27.0) * y * y;
    (a, p, b, q)
}

#[inline(always)]
pub(crate) fn goldstein_price<T: Real>(x: T, y: T) -> T {
    let (a, p, b, q) = goldstein_price_parts(x, y);
    (c::<T>(1.0) + a * a * p) * (c::<T>(30.0) + b * b * q)
}

#[inline(always)]
pub(crate) fn goldstein_price_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (a, p, b, q) = goldstein_price_parts(x, y);
    let big_a = c::<T>(1.0) + a * a * p;
    let big_b = c::<T>(30.0) + b * b * q;
    let two = c::<T>(2.0);
    // ∂p/∂x = ∂p/∂y = −14 + 6x + 6y; ∂a/∂x = ∂a/∂y = 1.
    let dp = c::<T>(-14.0) + c::<T>(6.0) * x + c::<T>(6.0) * y;
    let da = two * a * p + a * a * dp;
    // ∂b/∂x = 2, ∂b/∂y = −3.
    let dqx = c::<T>(-32.0) + c::<T>(24.0) * x - c::<T>(36.0) * y;
    let dqy = c::<T>(48.0) - c::<T>(36.0) * x + c::<T>(54.0) * y;
    let dbx = c::<T>(4.0) * b * q + b * b * dqx;
    let dby = c::<T>(-6.0) * b * q + b * b * dqy;
    [da * big_b + big_a * dbx, da * big_b + big_a * dby]
}

#[inline(always)]
pub(crate) fn six_hump_camel<T: Real>(x: T, y: T) -> T {
    let x2 = x * x;
    let y2 = y * y;
    (c::<T>(4.0) - c::<T>(2.1) * x2 + x2 * x2 / c::<T>(3.0)) * x2
        + x * y
        + (c::<T>(-4.0) + c::<T>(4.0) * y2) * y2
}

#[inline(always)]
pub(crate) fn six_hump_camel_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let x2 = x * x;
    [
        c::<T>(8.0) * x - c::<T>(8.4) * x2 * x + c::<T>(2.0) * x2 * x2 * x + y,
        x - c::<T>(8.0) * y + c::<T>(16.0) * y * y * y,
    ]
}

/// Fills `out` with f sampled on a `width × height` grid over `view`.
///
/// Conventions: `out` is row-major with `out.len() == width * height`; row 0 is the TOP of
/// the view (`y_max`) and column 0 its left (`x_min`), like canvas pixels. Each entry is f at
/// the centre of its cell: `x = x_min + (i + 0.5)·(x_max − x_min)/width`,
/// `y = y_max − (j + 0.5)·(y_max − y_min)/height` for column `i`, row `j`. Values may be
/// `+inf` where f overflows `f32` (far outside a function's domain).
///
/// Errors (a [`ConfigError`]): `width`/`height` outside [2, 2048], a non-finite or empty
/// `view` (see [`View::validate`]), or `out` of the wrong length.
pub fn evaluate_grid(
    f: &Function,
    view: &View,
    width: usize,
    height: usize,
    out: &mut [f32],
) -> Result<(), ConfigError> {
    for (name, n) in [("width", width), ("height", height)] {
        if !(MIN_GRID_SIZE..=MAX_GRID_SIZE).contains(&n) {
            return Err(ConfigError::new(
                name,
                format!("must be in [{MIN_GRID_SIZE}, {MAX_GRID_SIZE}], got {n}"),
            ));
        }
    }
    view.validate()?;
    if out.len() != width * height {
        return Err(ConfigError::new(
            "out",
            format!(
                "must hold width x height = {} values, got {}",
                width * height,
                out.len()
            ),
        ));
    }
    let dx = (view.x_max - view.x_min) / width as f32;
    let dy = (view.y_max - view.y_min) / height as f32;
    for (j, row) in out.chunks_exact_mut(width).enumerate() {
        let y = view.y_max - (j as f32 + 0.5) * dy;
        crate::kernels::grid::fill_row(f, view.x_min, dx, y, row);
    }
    Ok(())
}

/// `(min, max)` of the finite values (NaN and ±inf ignored); `None` if there are none.
pub fn grid_range(values: &[f32]) -> Option<(f32, f32)> {
    values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic points in a view: xorshift64*, no external crates.
    fn random_points(v: &View, n: usize, seed: u64) -> Vec<(f64, f64)> {
        let mut s = seed | 1;
        let mut next = move || {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                let x = f64::from(v.x_min) + next() * f64::from(v.x_max - v.x_min);
                let y = f64::from(v.y_min) + next() * f64::from(v.y_max - v.y_min);
                (x, y)
            })
            .collect()
    }

    /// Every function, with the quadratic at the ends and middle of its κ range.
    fn all_variants() -> Vec<Function> {
        let mut v = Function::all().to_vec();
        for k in [1.0, 1e4] {
            v.push(Function::IllConditionedQuadratic {
                condition_number: k,
            });
        }
        v
    }

    fn fd_gradient(f: &Function, x: f64, y: f64) -> [f64; 2] {
        let hx = 1e-6 * x.abs().max(1.0);
        let hy = 1e-6 * y.abs().max(1.0);
        [
            (f.value_f64(x + hx, y) - f.value_f64(x - hx, y)) / (2.0 * hx),
            (f.value_f64(x, y + hy) - f.value_f64(x, y - hy)) / (2.0 * hy),
        ]
    }

    fn norm(g: [f64; 2]) -> f64 {
        g[0].hypot(g[1])
    }

    #[test]
    fn analytic_gradients_match_central_differences() {
        for f in all_variants() {
            for (k, (x, y)) in random_points(&f.domain(), 400, 7).into_iter().enumerate() {
                let g = f.gradient_f64(x, y);
                let fd = fd_gradient(&f, x, y);
                // FD error ~ ε|f|/h + h²|f'''|: allow 1e-6 relative to |∇f| plus |f|.
                let tol = 1e-6 * (norm(fd) + f.value_f64(x, y).abs() + 1.0);
                let err = norm([g[0] - fd[0], g[1] - fd[1]]);
                assert!(
                    err <= tol,
                    "{} point {k} ({x}, {y}): analytic {g:?} vs FD {fd:?}",
                    f.id()
                );
            }
        }
    }

    #[test]
    fn f32_path_agrees_with_f64_reference() {
        for f in all_variants() {
            for (x, y) in random_points(&f.domain(), 400, 11) {
                let (xf, yf) = (x as f32, y as f32);
                let (x, y) = (f64::from(xf), f64::from(yf));
                let v64 = f.value_f64(x, y);
                let v32 = f64::from(f.value(xf, yf));
                // f32 rounding of cancelling terms (Goldstein–Price, Styblinski–Tang) reaches
                // ~4e-5 of the scale; 2e-4 leaves margin and still catches a wrong formula.
                assert!(
                    (v32 - v64).abs() <= 2e-4 * (v64.abs() + 1.0),
                    "{} value at ({x}, {y}): {v32} vs {v64}",
                    f.id()
                );
                let g64 = f.gradient_f64(x, y);
                let g32 = f.gradient(xf, yf).map(f64::from);
                let err = norm([g32[0] - g64[0], g32[1] - g64[1]]);
                assert!(
                    err <= 2e-4 * (norm(g64) + v64.abs() + 1.0),
                    "{} gradient at ({x}, {y}): {g32:?} vs {g64:?}",
                    f.id()
                );
            }
        }
    }

    #[test]
    fn minima_are_stationary_with_the_stated_values() {
        for f in all_variants() {
            for m in f.minima() {
                let (x, y) = (f64::from(m.x), f64::from(m.y));
                let g = f.gradient_f64(x, y);
                assert!(norm(g) < 2e-4, "{} at ({x}, {y}): gradient {g:?}", f.id());
                assert!(
                    norm(f.gradient(m.x, m.y).map(f64::from)) < 2e-3,
                    "{}",
                    f.id()
                );
                let v = f.value_f64(x, y);
                assert!(
                    (v - f64::from(m.value)).abs() < 1e-5 * (1.0 + v.abs()),
                    "{}: value {v} at ({x}, {y}), stated {}",
                    f.id(),
                    m.value
                );
                assert!((f.value(m.x, m.y) - m.value).abs() < 1e-4 * (1.0 + m.value.abs()));
                // A minimum, not a saddle or maximum: no lower neighbour.
                for (dx, dy) in [(1.0, 0.0), (0.0, 1.0), (0.7, 0.7), (0.7, -0.7)] {
                    for s in [-1e-3, 1e-3] {
                        assert!(
                            f.value_f64(x + s * dx, y + s * dy) > v,
                            "{} not a minimum at ({x}, {y})",
                            f.id()
                        );
                    }
                }
                let d = f.domain();
                assert!(d.x_min < m.x && m.x < d.x_max && d.y_min < m.y && m.y < d.y_max);
            }
        }
    }

    #[test]
    fn global_minima_are_below_every_sampled_point() {
        for f in all_variants() {
            assert!(
                !f.minima().is_empty() || f == Function::Saddle,
                "{}",
                f.id()
            );
            for m in f.minima() {
                assert_eq!(m.value, f.min_value(), "{}", f.id());
                let best = f.value_f64(f64::from(m.x), f64::from(m.y));
                for (x, y) in random_points(&f.domain(), 5000, 3) {
                    assert!(f.value_f64(x, y) >= best, "{} lower at ({x}, {y})", f.id());
                }
            }
        }
    }

    #[test]
    fn saddle_has_no_minimum() {
        let f = Function::Saddle;
        assert!(f.minima().is_empty());
        assert_eq!(f.gradient(0.0, 0.0), [0.0, 0.0]);
        assert!(f.value(0.0, 0.1) < f.value(0.0, 0.0));
        assert!(f.value(0.0, 100.0) < f.min_value());
        let d = f.domain();
        let samples = random_points(&d, 2000, 5);
        let lowest = samples
            .iter()
            .map(|&(x, y)| f.value_f64(x, y))
            .fold(f64::INFINITY, f64::min);
        assert!(lowest >= f64::from(f.min_value()));
        assert_eq!(f64::from(f.value(0.0, d.y_max)), f64::from(f.min_value()));
    }

    #[test]
    fn metadata_is_consistent() {
        let mut ids = Vec::new();
        for f in Function::all() {
            let id = f.id();
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id}"
            );
            assert!(!ids.contains(&id), "duplicate {id}");
            ids.push(id);
            assert_eq!(Function::from_name(id, None).unwrap(), f);
            assert!(!f.name().is_empty() && !f.formula().is_empty());
            f.domain().validate().unwrap();
            let [sx, sy] = f.default_start();
            let d = f.domain();
            assert!(
                d.x_min < sx && sx < d.x_max && d.y_min < sy && sy < d.y_max,
                "{id}"
            );
            // The start is not already (nearly) optimal.
            assert!(f.value(sx, sy) - f.min_value() > 0.1, "{id}");
            assert_eq!(
                f.has_nonpositive_values(),
                f != Function::GoldsteinPrice,
                "{id}"
            );
            let info = f.info();
            assert_eq!(
                (info.id, info.start, info.minima),
                (id, [sx, sy], f.minima())
            );
        }
        assert_eq!(ids.len(), 12);
        assert_eq!(Function::Himmelblau.minima().len(), 4);
        assert_eq!(Function::SixHumpCamel.minima().len(), 2);
        assert_eq!(
            Function::GoldsteinPrice.minima(),
            &[Minimum {
                x: 0.0,
                y: -1.0,
                value: 3.0
            }]
        );
        assert_eq!(Function::Rosenbrock.default_start(), [-1.5, 2.0]);
    }

    #[test]
    fn from_name_validates_name_and_condition_number() {
        let e = Function::from_name("rosenbrok", None).unwrap_err();
        assert_eq!(e.field, "function");
        assert!(e.message.contains("\"rosenbrok\""), "{e}");
        for f in Function::all() {
            assert!(e.message.contains(f.id()), "{e}");
        }
        assert_eq!(
            Function::from_name("ill_conditioned_quadratic", Some(1000.0)).unwrap(),
            Function::IllConditionedQuadratic {
                condition_number: 1000.0
            }
        );
        assert_eq!(
            Function::from_name("ill_conditioned_quadratic", None)
                .unwrap()
                .condition_number(),
            Some(DEFAULT_CONDITION_NUMBER)
        );
        for bad in [0.5, 0.0, -3.0, 10_001.0, f32::NAN, f32::INFINITY] {
            let e = Function::from_name("ill_conditioned_quadratic", Some(bad)).unwrap_err();
            assert_eq!(e.field, "condition_number");
            assert_eq!(e.message, format!("must be in [1, 10000], got {bad}"));
        }
        assert_eq!(
            Function::from_name("booth", Some(5.0)).unwrap(),
            Function::Booth
        );
        let cfg: FunctionConfig = serde_json::from_str(
            r#"{"function": "ill_conditioned_quadratic", "condition_number": 10}"#,
        )
        .unwrap();
        assert_eq!(cfg.build().unwrap().condition_number(), Some(10.0));
        let cfg: FunctionConfig = serde_json::from_str(r#"{"function": "ackley"}"#).unwrap();
        assert_eq!(cfg.build().unwrap(), Function::Ackley);
    }

    #[test]
    fn condition_number_is_the_hessian_ratio() {
        let f = Function::IllConditionedQuadratic {
            condition_number: 250.0,
        };
        let [gx, gy] = f.gradient(1.0, 1.0);
        assert_eq!(gy / gx, 250.0);
        assert_eq!(f.value(0.0, 2.0), 0.5 * 250.0 * 4.0);
    }

    #[test]
    fn grid_samples_cell_centres_top_row_first() {
        let f = Function::Rosenbrock;
        let v = View {
            x_min: -2.0,
            x_max: 2.0,
            y_min: -1.0,
            y_max: 3.0,
        };
        let (w, h) = (4, 2);
        let mut out = vec![0.0; w * h];
        evaluate_grid(&f, &v, w, h, &mut out).unwrap();
        // Columns at x = −1.5, −0.5, 0.5, 1.5; rows at y = 2 (top) then 0.
        for (j, y) in [2.0, 0.0].into_iter().enumerate() {
            for (i, x) in [-1.5, -0.5, 0.5, 1.5].into_iter().enumerate() {
                assert_eq!(out[j * w + i], f.value(x, y), "cell ({i}, {j})");
            }
        }
        // Every function and every cell agrees with value() at the documented centre.
        for f in all_variants() {
            let d = f.domain();
            let (w, h) = (7, 5);
            let mut out = vec![0.0; w * h];
            evaluate_grid(&f, &d, w, h, &mut out).unwrap();
            let dx = (d.x_max - d.x_min) / w as f32;
            let dy = (d.y_max - d.y_min) / h as f32;
            for j in 0..h {
                for i in 0..w {
                    let x = d.x_min + (i as f32 + 0.5) * dx;
                    let y = d.y_max - (j as f32 + 0.5) * dy;
                    assert_eq!(out[j * w + i], f.value(x, y), "{} ({i}, {j})", f.id());
                }
            }
        }
    }

    #[test]
    fn grid_rejects_bad_sizes_views_and_buffers() {
        let f = Function::Booth;
        let d = f.domain();
        let mut out = vec![0.0; 4];
        for (w, h, field) in [(1, 4, "width"), (4, 1, "height"), (2049, 2, "width")] {
            let e = evaluate_grid(&f, &d, w, h, &mut out).unwrap_err();
            assert_eq!(e.field, field);
            assert!(e.message.contains("[2, 2048]"), "{e}");
        }
        let e = evaluate_grid(&f, &d, 2, 3, &mut out).unwrap_err();
        assert_eq!(
            e.to_string(),
            "out: must hold width x height = 6 values, got 4"
        );
        let bad_views = [
            (
                View {
                    x_min: f32::NAN,
                    ..d
                },
                "view.x_min",
            ),
            (
                View {
                    y_max: f32::INFINITY,
                    ..d
                },
                "view.y_max",
            ),
            (
                View {
                    x_max: d.x_min,
                    ..d
                },
                "view.x_max",
            ),
            (
                View {
                    y_min: 3.0,
                    y_max: -3.0,
                    ..d
                },
                "view.y_max",
            ),
            (
                View {
                    x_min: -f32::MAX,
                    x_max: f32::MAX,
                    ..d
                },
                "view.x_max",
            ),
        ];
        for (v, field) in bad_views {
            let e = evaluate_grid(&f, &v, 2, 2, &mut out).unwrap_err();
            assert_eq!(e.field, field, "{v:?}");
        }
        assert!(out.iter().all(|&v| v == 0.0), "nothing written on error");
    }

    #[test]
    fn grid_range_ignores_non_finite_values() {
        assert_eq!(grid_range(&[]), None);
        assert_eq!(grid_range(&[f32::NAN, f32::INFINITY]), None);
        assert_eq!(
            grid_range(&[3.0, f32::NAN, -1.0, f32::INFINITY, 2.0, f32::NEG_INFINITY]),
            Some((-1.0, 3.0))
        );
        let f = Function::Himmelblau;
        let mut out = vec![0.0; 64 * 64];
        evaluate_grid(&f, &f.domain(), 64, 64, &mut out).unwrap();
        let (lo, hi) = grid_range(&out).unwrap();
        assert!((0.0..5.0).contains(&lo), "{lo}");
        assert!(hi > 800.0, "{hi}");
    }
}
