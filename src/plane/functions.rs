//! 2D test functions for the optimizer playground, their metadata, and contour-map grids.
//!
//! Every function's gradient is TensorFlow's autodiff of the expression
//! scripts/keras_reference.py writes for it, op for op, so that trajectories match Keras's bit
//! for bit (tests/keras_parity.rs). The `f32`
//! path ([`Function::value`], [`Function::gradient`]) is what the playground runs, since Keras
//! variables are float32;
//! [`Function::value_f64`] and [`Function::gradient_f64`] evaluate the very same formulas in
//! `f64` (one generic implementation, monomorphised twice) as a reference for tests.
//!
//! Grids for the contour map come from [`evaluate_grid`](super::grid::evaluate_grid):
//! row-major, row 0 at the top (`y_max`), sampled at cell centres, so the buffer maps straight
//! onto canvas pixels. [`grid_range`](super::grid::grid_range) gives a grid's finite range;
//! `render` turns grids into colours and contours.

use crate::ConfigError;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Smallest accepted condition number of [`Function::IllConditionedQuadratic`].
pub const MIN_CONDITION_NUMBER: f32 = 1.0;
/// Largest accepted condition number of [`Function::IllConditionedQuadratic`].
pub const MAX_CONDITION_NUMBER: f32 = 1e4;
/// Condition number used when none is given.
pub const DEFAULT_CONDITION_NUMBER: f32 = 100.0;

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
    /// minima around a cone. Minimum 0 at (0, 0), where it is not differentiable: there, and
    /// wherever `x² + y²` flushes to zero, the gradient is NaN or infinite, as TensorFlow's
    /// (the square root's gradient is infinite), so a run landing on the tip stops where
    /// Keras's would turn NaN.
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

/// Everything fixed about one function: what the UI shows, where its minima are, where a run
/// starts by default. [`SPECS`] holds one per function; [`Function::spec`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunctionSpec {
    /// The function (the quadratic with [`DEFAULT_CONDITION_NUMBER`]).
    #[serde(skip)]
    pub function: Function,
    /// snake_case id accepted by [`Function::from_name`].
    pub id: &'static str,
    /// Human-readable name.
    pub name: &'static str,
    /// The formula as plain text with unicode superscripts.
    pub formula: &'static str,
    /// The customary plotting window.
    pub domain: View,
    /// All global minima with their values; empty for [`Function::Saddle`], which has none.
    pub minima: &'static [Minimum],
    /// A start point inside the domain and away from the minima, that makes the optimizers'
    /// differences visible.
    pub default_start: [f32; 2],
    /// The lowest value to expect, for a log colour scale `log10(f − min_value + ε)`: the
    /// global minimum's value, or for [`Function::Saddle`] (unbounded below) the infimum over
    /// its display domain. Values outside the display domain can be lower.
    pub min_value: f32,
    /// The function's body in Python over `x` and `y` (statements, the last one a `return`), as
    /// the page's exported Keras and PyTorch code and `scripts/keras_reference.py` write it:
    /// `{math}` stands for the math module (`tf.math` or `torch`), `{k}` for the condition
    /// number as a Python float. The gradients above are TensorFlow's autodiff of exactly this
    /// expression, so the exported code's paths are the page's.
    #[serde(skip)]
    pub python: &'static [&'static str],
}

/// What the UI gets for one function: its [`FunctionSpec`] and what depends on the instance.
/// Serialises as one flat object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionInfo {
    /// The function's fixed metadata.
    #[serde(flatten)]
    pub spec: &'static FunctionSpec,
    /// Whether values ≤ 0 occur, so a log scale must offset by `min_value`.
    pub has_nonpositive_values: bool,
    /// κ, for the ill-conditioned quadratic only.
    pub condition_number: Option<f32>,
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

/// Every function's spec, in UI order.
pub static SPECS: [FunctionSpec; 12] = [
    FunctionSpec {
        function: Function::Rosenbrock,
        id: "rosenbrock",
        name: "Rosenbrock",
        formula: "(1 − x)² + 100(y − x²)²",
        domain: view(-2.0, 2.0, -1.0, 3.0),
        minima: ROSENBROCK_MINIMA,
        default_start: [-1.5, 2.0],
        min_value: 0.0,
        python: &["return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2"],
    },
    FunctionSpec {
        function: Function::Beale,
        id: "beale",
        name: "Beale",
        formula: "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        domain: view(-4.5, 4.5, -4.5, 4.5),
        minima: BEALE_MINIMA,
        default_start: [1.0, 1.5],
        min_value: 0.0,
        python: &["return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2"],
    },
    FunctionSpec {
        function: Function::Himmelblau,
        id: "himmelblau",
        name: "Himmelblau",
        formula: "(x² + y − 11)² + (x + y² − 7)²",
        domain: view(-5.0, 5.0, -5.0, 5.0),
        minima: HIMMELBLAU_MINIMA,
        default_start: [0.0, 0.0],
        min_value: 0.0,
        python: &["return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2"],
    },
    FunctionSpec {
        function: Function::Booth,
        id: "booth",
        name: "Booth",
        formula: "(x + 2y − 7)² + (2x + y − 5)²",
        domain: view(-10.0, 10.0, -10.0, 10.0),
        minima: BOOTH_MINIMA,
        default_start: [-8.0, 8.0],
        min_value: 0.0,
        python: &["return (x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2"],
    },
    FunctionSpec {
        function: Function::Matyas,
        id: "matyas",
        name: "Matyas",
        formula: "0.26(x² + y²) − 0.48xy",
        domain: view(-10.0, 10.0, -10.0, 10.0),
        minima: ORIGIN_ZERO,
        default_start: [8.0, 3.0],
        min_value: 0.0,
        python: &["return 0.26 * (x * x + y * y) - 0.48 * x * y"],
    },
    FunctionSpec {
        function: Function::IllConditionedQuadratic {
            condition_number: DEFAULT_CONDITION_NUMBER,
        },
        id: "ill_conditioned_quadratic",
        name: "Ill-conditioned quadratic",
        formula: "0.5(x² + κy²)",
        domain: view(-10.0, 10.0, -5.0, 5.0),
        minima: ORIGIN_ZERO,
        default_start: [-9.0, 1.0],
        min_value: 0.0,
        python: &["return 0.5 * (x * x + {k} * y * y)  # condition number {k}"],
    },
    FunctionSpec {
        function: Function::Saddle,
        id: "saddle",
        name: "Saddle",
        formula: "x² − y²",
        domain: view(-2.0, 2.0, -2.0, 2.0),
        minima: &[],
        default_start: [-1.5, 0.05],
        // x² − y² at (0, ±2).
        min_value: -4.0,
        python: &["return x * x - y * y"],
    },
    FunctionSpec {
        function: Function::Rastrigin,
        id: "rastrigin",
        name: "Rastrigin",
        formula: "20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
        domain: view(-5.12, 5.12, -5.12, 5.12),
        minima: ORIGIN_ZERO,
        default_start: [-4.5, 4.3],
        min_value: 0.0,
        python: &["return 20.0 + x * x - 10.0 * {math}.cos(math.tau * x) + y * y - 10.0 * {math}.cos(math.tau * y)"],
    },
    FunctionSpec {
        function: Function::Ackley,
        id: "ackley",
        name: "Ackley",
        formula: "−20·exp(−0.2·√(0.5(x² + y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20",
        domain: view(-5.0, 5.0, -5.0, 5.0),
        minima: ORIGIN_ZERO,
        default_start: [-3.0, 3.5],
        min_value: 0.0,
        python: &[
            "r = {math}.sqrt(0.5 * (x * x + y * y))",
            "s = 0.5 * ({math}.cos(math.tau * x) + {math}.cos(math.tau * y))",
            "return -20.0 * {math}.exp(-0.2 * r) - {math}.exp(s) + math.e + 20.0",
        ],
    },
    FunctionSpec {
        function: Function::StyblinskiTang,
        id: "styblinski_tang",
        name: "Styblinski–Tang",
        formula: "0.5(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)",
        domain: view(-5.0, 5.0, -5.0, 5.0),
        minima: STYBLINSKI_TANG_MINIMA,
        default_start: [4.0, 4.5],
        min_value: ST_VALUE,
        python: &["return 0.5 * (x**4 - 16.0 * x**2 + 5.0 * x + y**4 - 16.0 * y**2 + 5.0 * y)"],
    },
    FunctionSpec {
        function: Function::GoldsteinPrice,
        id: "goldstein_price",
        name: "Goldstein–Price",
        formula: "[1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
        domain: view(-2.0, 2.0, -2.0, 2.0),
        minima: GOLDSTEIN_PRICE_MINIMA,
        default_start: [-1.0, 1.5],
        min_value: 3.0,
        python: &[
            "a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y)",
            "b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y)",
            "return a * b",
        ],
    },
    FunctionSpec {
        function: Function::SixHumpCamel,
        id: "six_hump_camel",
        name: "Six-hump camel",
        formula: "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
        domain: view(-3.0, 3.0, -2.0, 2.0),
        minima: SIX_HUMP_CAMEL_MINIMA,
        default_start: [-2.0, 1.0],
        min_value: SIX_HUMP_VALUE,
        python: &["return (4.0 - 2.1 * x * x + x**4 / 3.0) * x * x + x * y + (-4.0 + 4.0 * y * y) * y * y"],
    },
];

impl Function {
    /// One of each function, in UI order (the quadratic with [`DEFAULT_CONDITION_NUMBER`]).
    pub fn all() -> [Function; 12] {
        SPECS.map(|s| s.function)
    }

    /// The function with id `name` (see [`FunctionSpec::id`]). `condition_number` is used by
    /// `ill_conditioned_quadratic` only (default [`DEFAULT_CONDITION_NUMBER`]) and must be
    /// finite and in [1, 10⁴]; the other functions ignore it.
    pub fn from_name(name: &str, condition_number: Option<f32>) -> Result<Function, ConfigError> {
        let f = SPECS
            .iter()
            .find(|s| s.id == name)
            .map(|s| s.function)
            .ok_or_else(|| {
                let ids: Vec<&str> = SPECS.iter().map(|s| s.id).collect();
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

    /// This function's entry of [`SPECS`].
    pub fn spec(&self) -> &'static FunctionSpec {
        let index = match self {
            Function::Rosenbrock => 0,
            Function::Beale => 1,
            Function::Himmelblau => 2,
            Function::Booth => 3,
            Function::Matyas => 4,
            Function::IllConditionedQuadratic { .. } => 5,
            Function::Saddle => 6,
            Function::Rastrigin => 7,
            Function::Ackley => 8,
            Function::StyblinskiTang => 9,
            Function::GoldsteinPrice => 10,
            Function::SixHumpCamel => 11,
        };
        &SPECS[index]
    }

    /// snake_case id, e.g. `"rosenbrock"`, `"six_hump_camel"`, `"ill_conditioned_quadratic"`.
    pub fn id(&self) -> &'static str {
        self.spec().id
    }

    /// The customary plotting window.
    pub fn domain(&self) -> View {
        self.spec().domain
    }

    /// All global minima with their values. Empty for [`Function::Saddle`], which has none.
    pub fn minima(&self) -> &'static [Minimum] {
        self.spec().minima
    }

    /// See [`FunctionSpec::min_value`].
    pub fn min_value(&self) -> f32 {
        self.spec().min_value
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
            spec: self.spec(),
            has_nonpositive_values: self.has_nonpositive_values(),
            condition_number: self.condition_number(),
        }
    }

    /// f(x, y) in `f32`.
    #[inline]
    pub fn value(&self, x: f32, y: f32) -> f32 {
        self.value_t(x, y)
    }

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y] in `f32`: TensorFlow's float32 autodiff of the function.
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
    /// `self` to the power `e` (a small whole number here, as in `x ** 2`).
    fn pow(self, e: f64) -> Self;
    /// `self ** 2` as TensorFlow computes it: glibc's `powf(self, 2)`, which is `self * self`
    /// unless [`square_may_differ_from_powf`].
    fn pow2(self) -> Self;
    /// `if sel > 0 { a } else { b }` (a NaN `sel` picks `b`).
    fn select_positive(sel: Self, a: Self, b: Self) -> Self;
    /// Flush-to-zero: a subnormal becomes a zero of the same sign, as TensorFlow's CPU kernels
    /// run (see [`tf_op`]). The identity in `f64`, which is only a reference for tests.
    fn ftz(self) -> Self;
}

/// `exp`/`sin`/`cos`/`pow` are glibc's (via [`crate::libm`]) on every target, so native and wasm
/// compute the same bits, and the same as TensorFlow's `tf.exp`/`tf.sin`/`tf.cos`/`tf.pow` on a scalar.
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
    #[inline(always)]
    fn pow(self, e: f64) -> Self {
        crate::libm::powf(self, e as f32)
    }
    #[inline(always)]
    fn pow2(self) -> Self {
        if square_may_differ_from_powf(self) {
            crate::libm::powf(self, 2.0)
        } else {
            self * self
        }
    }
    #[inline(always)]
    fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        <f32 as crate::simd::Lane>::select_positive(sel, a, b)
    }
    #[inline(always)]
    fn ftz(self) -> Self {
        crate::simd::ftz(self)
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
    #[inline(always)]
    fn pow(self, e: f64) -> Self {
        f64::powf(self, e)
    }
    #[inline(always)]
    fn pow2(self) -> Self {
        self * self
    }
    #[inline(always)]
    fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        if sel > 0.0 {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn ftz(self) -> Self {
        self
    }
}

/// Whether `t * t` (correctly rounded) may round otherwise than glibc's `powf(t, 2)`, after
/// both are flushed to zero if subnormal as TensorFlow does. `powf` rounds a double that is
/// close to the exact square but not equal to it, so the two can differ only where the exact
/// square (a double, exactly: 48 significant bits at most) lies near the midpoint between two
/// floats: its 29 bits below float precision within 2²² units of `1000…0`. That margin was
/// checked over all 2³² floats against `crate::libm::powf` (glibc's bits; the closest
/// mismatch found is at the midpoint itself), see the ignored test
/// `squares_are_powf_on_every_float`. Squares near or beyond the ends of the normal range are
/// left to `powf` too. Flags about one square in 64.
#[inline(always)]
pub(crate) fn square_may_differ_from_powf(t: f32) -> bool {
    let square = f64::from(t) * f64::from(t);
    let in_range =
        (2.0 * f64::from(f32::MIN_POSITIVE)..f64::from(f32::MAX) / 2.0).contains(&square);
    let below_float_precision = square.to_bits() & ((1 << 29) - 1);
    square != 0.0 && (!in_range || below_float_precision.abs_diff(1 << 28) <= 1 << 22)
}

#[inline(always)]
fn c<T: Real>(v: f64) -> T {
    T::c(v)
}

// Gradients in TensorFlow's order.
//
// For every function, as scripts/keras_reference.py writes it in float32 TensorFlow, the
// gradient is not the analytic formula but the very float32 operations `tf.GradientTape` runs
// for that expression (read off the tape's graph with tensorflow-cpu 2.21.0: the ops of a
// `tf.function` around the tape, in order), so that a trajectory computed here follows Keras's
// bit for bit instead of drifting by an ulp per step:
//
// * `a ** 2` is a Pow op; its gradient `grad * 2 * pow(a, 2 - 1)` is `2·a` (`powf(a, 1)` is `a`
//   exactly), `(100·2)·b` under `100.0 * b ** 2`; under `a ** 4` it is `(grad·4)·powf(a, 3)`,
//   and where a gradient multiplies by the forward `a ** 2` that is `powf(a, 2)`, not `a·a`
//   (they differ where a² lies halfway between two floats): glibc's `powf`, via
//   [`Real::pow`];
// * Mul's gradient is `grad·other`, Sub's `-grad`, Add's `grad`, RealDiv's by a constant
//   `grad / c`, Exp's `grad·exp(a)`, Cos's `-grad·sin(a)` (glibc's `sinf`), Sqrt's
//   `(0.5·grad) / sqrt(a)`, or 0 where grad is 0;
// * where a value feeds several ops, the tape adds their contributions with one AddN, in the
//   order it met them, left to right;
// * x and y are `p[0]`, `p[1]`: each gradient comes back through a StridedSliceGrad, and AddN
//   adds the two, i.e. adds a zero to each coordinate (`-0` becomes `+0`);
// * every CPU kernel flushes subnormal inputs and results to zero.
//
// Flushing is the identity on everything but subnormals, so only the results that can be
// subnormal go through `tf_op` (each flush costs the lane kernels four SIMD instructions): x
// and y themselves, products of two variables or by a constant below 1, and sums of two
// variables of unknown signs. The others never are subnormal, given operands that are zero or
// normal: a constant ≥ 0.5 minus a value (zero or at least 2⁻²⁵: near the constant both are
// multiples of its ulp), a product by a constant ≥ 1, a sum with an operand that is zero or at
// least 2⁻¹⁰⁰ (a subnormal sum needs both operands below that), a sum of two values of one
// sign; and a subnormal partial sum followed by `- 11.0` (or `- 7.0`) gives the constant's
// negative, flushed or not. The gradients that call `powf`, `sinf`, `cosf` or `expf` anyway
// (Rastrigin, Ackley, Styblinski–Tang, Goldstein–Price, the six-hump camel) flush every product
// and sum rather than argue each one.

/// One float32 TensorFlow op's result that can be subnormal: flushed to zero.
#[inline(always)]
fn tf_op<T: Real>(v: T) -> T {
    v.ftz()
}

/// The gradients of `p[0]` and `p[1]` merged into the gradient of `p` (AddN of the two
/// StridedSliceGrads: each coordinate plus the other slice's zero).
#[inline(always)]
fn tf_from_slices<T: Real>(gx: T, gy: T) -> [T; 2] {
    [gx + c::<T>(0.0), c::<T>(0.0) + gy]
}

#[inline(always)]
pub(crate) fn rosenbrock<T: Real>(x: T, y: T) -> T {
    let a = c::<T>(1.0) - x;
    let b = y - x * x;
    a * a + c::<T>(100.0) * b * b
}

/// TensorFlow's gradient of `(1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2`.
#[inline(always)]
pub(crate) fn rosenbrock_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let a = c::<T>(1.0) - x;
    let b = tf_op(y - tf_op(x * x));
    let da = c::<T>(2.0) * a;
    let db = c::<T>(200.0) * b;
    // x feeds `1 - x` and both sides of `x * x`: AddN(-da, dxx, dxx).
    let dxx = tf_op(-db * x);
    tf_from_slices(tf_op(-da + dxx + dxx), db)
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

/// TensorFlow's gradient of `(1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2
/// + (2.625 - x + x * y * y * y) ** 2` (the products left to right: `(x * y) * y`).
#[inline(always)]
pub(crate) fn beale_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let two = c::<T>(2.0);
    let xy = tf_op(x * y);
    let xyy = tf_op(xy * y);
    let t1 = c::<T>(1.5) - x + xy;
    let t2 = c::<T>(2.25) - x + xyy;
    let t3 = c::<T>(2.625) - x + tf_op(xyy * y);
    let (d1, d2, d3) = (two * t1, two * t2, two * t3);
    // Down the chains of products: the gradients reaching `x * y * y` and `x * y`.
    let d2y = tf_op(d2 * y);
    let d3y = tf_op(d3 * y);
    let d3yy = tf_op(d3y * y);
    // AddN over x's six uses and y's six, in the tape's order.
    let gx = [tf_op(d1 * y), -d2, tf_op(d2y * y), tf_op(d3yy * y)]
        .into_iter()
        .fold(tf_op(-d3 - d1), |sum, t| tf_op(sum + t));
    let gy = [
        tf_op(d2 * xy),
        tf_op(d3y * xy),
        tf_op(d2y * x),
        tf_op(d3yy * x),
    ]
    .into_iter()
    .fold(tf_op(tf_op(d3 * xyy) + tf_op(d1 * x)), |sum, t| {
        tf_op(sum + t)
    });
    tf_from_slices(gx, gy)
}

#[inline(always)]
pub(crate) fn himmelblau<T: Real>(x: T, y: T) -> T {
    let a = x * x + y - c::<T>(11.0);
    let b = x + y * y - c::<T>(7.0);
    a * a + b * b
}

/// TensorFlow's gradient of `(x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2`.
#[inline(always)]
pub(crate) fn himmelblau_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let two = c::<T>(2.0);
    let a = tf_op(x * x) + y - c::<T>(11.0);
    let b = x + tf_op(y * y) - c::<T>(7.0);
    let (da, db) = (two * a, two * b);
    let (dxx, dyy) = (tf_op(da * x), tf_op(db * y));
    tf_from_slices(tf_op(db + dxx + dxx), tf_op(da + dyy + dyy))
}

#[inline(always)]
pub(crate) fn booth<T: Real>(x: T, y: T) -> T {
    let a = x + c::<T>(2.0) * y - c::<T>(7.0);
    let b = c::<T>(2.0) * x + y - c::<T>(5.0);
    a * a + b * b
}

/// TensorFlow's gradient of `(x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2`.
#[inline(always)]
pub(crate) fn booth_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let two = c::<T>(2.0);
    let a = tf_op(x + tf_op(two * y)) - c::<T>(7.0);
    let b = tf_op(tf_op(two * x) + y) - c::<T>(5.0);
    // `2 * pow(a, 1)`: both terms are zero or at least an ulp of 7 (or 5), so their sums are
    // never subnormal.
    let (da, db) = (two * a, two * b);
    tf_from_slices(da + db * two, db + da * two)
}

#[inline(always)]
pub(crate) fn matyas<T: Real>(x: T, y: T) -> T {
    c::<T>(0.26) * (x * x + y * y) - c::<T>(0.48) * x * y
}

/// TensorFlow's gradient of `0.26 * (x * x + y * y) - 0.48 * x * y`.
#[inline(always)]
pub(crate) fn matyas_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let (a, b) = (c::<T>(0.26), c::<T>(0.48));
    let (ax, ay) = (tf_op(a * x), tf_op(a * y));
    // AddN: the `- 0.48 * x * y` term's contribution first, then both sides of `x * x`.
    let gx = tf_op(tf_op(tf_op(-y * b) + ax) + ax);
    let gy = tf_op(tf_op(-tf_op(b * x) + ay) + ay);
    tf_from_slices(gx, gy)
}

#[inline(always)]
pub(crate) fn quadratic<T: Real>(kappa: T, x: T, y: T) -> T {
    c::<T>(0.5) * (x * x + kappa * y * y)
}

/// TensorFlow's gradient of `0.5 * (x * x + kappa * y * y)` (Keras's reference uses κ = 50).
#[inline(always)]
pub(crate) fn quadratic_grad<T: Real>(kappa: T, x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let half = c::<T>(0.5);
    let hx = tf_op(half * x);
    // κ may be below 1 when the enum is built directly, so its products are flushed too; the
    // two terms of each sum have one sign.
    let gy = tf_op(half * tf_op(kappa * y)) + tf_op(tf_op(half * y) * kappa);
    tf_from_slices(hx + hx, gy)
}

#[inline(always)]
pub(crate) fn saddle<T: Real>(x: T, y: T) -> T {
    x * x - y * y
}

/// TensorFlow's gradient of `x * x - y * y`.
#[inline(always)]
pub(crate) fn saddle_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    tf_from_slices(x + x, -y - y)
}

const TAU: f64 = std::f64::consts::TAU;

#[inline(always)]
pub(crate) fn rastrigin<T: Real>(x: T, y: T) -> T {
    let ten = c::<T>(10.0);
    let tau = c::<T>(TAU);
    c::<T>(20.0) + x * x - ten * (tau * x).cos() + y * y - ten * (tau * y).cos()
}

/// TensorFlow's gradient of the page's Keras code for Rastrigin,
/// `20.0 + x * x - 10.0 * tf.math.cos(math.tau * x) + y * y - 10.0 * tf.math.cos(math.tau * y)`:
/// Cos's gradient is `-grad * sin(a)`, here `(-(-10)) * sin(2πx)`, times 2π (rounded to
/// float32) down the product.
#[inline(always)]
pub(crate) fn rastrigin_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let (ten, tau) = (c::<T>(10.0), c::<T>(TAU));
    let d = |t: T| {
        let wave = tf_op(tf_op(ten * tf_op(tf_op(tau * t).sin())) * tau);
        // AddN(t, t, wave): both sides of `t * t` first.
        tf_op(tf_op(t + t) + wave)
    };
    tf_from_slices(d(x), d(y))
}

#[inline(always)]
pub(crate) fn ackley<T: Real>(x: T, y: T) -> T {
    let r = (c::<T>(0.5) * (x * x + y * y)).sqrt();
    let tau = c::<T>(TAU);
    let s = c::<T>(0.5) * ((tau * x).cos() + (tau * y).cos());
    c::<T>(-20.0) * (c::<T>(-0.2) * r).exp() - s.exp() + c::<T>(std::f64::consts::E + 20.0)
}

/// TensorFlow's gradient of the page's Keras code for Ackley:
///
/// ```text
/// r = tf.math.sqrt(0.5 * (x * x + y * y))
/// s = 0.5 * (tf.math.cos(math.tau * x) + tf.math.cos(math.tau * y))
/// return -20.0 * tf.math.exp(-0.2 * r) - tf.math.exp(s) + math.e + 20.0
/// ```
///
/// Where `x * x + y * y` is 0 (the origin, and every point so close that the squares flush to
/// zero) the square root's gradient is `+inf` and the result NaN or infinite, as in
/// TensorFlow: a Keras run that lands there leaves the finite numbers.
#[inline(always)]
pub(crate) fn ackley_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let (half, tau) = (c::<T>(0.5), c::<T>(TAU));
    let r = tf_op(half * tf_op(tf_op(x * x) + tf_op(y * y))).sqrt();
    let cone = tf_op(c::<T>(-20.0) * tf_op(tf_op(c::<T>(-0.2) * r).exp()));
    let (ax, ay) = (tf_op(tau * x), tf_op(tau * y));
    let waves = tf_op(half * tf_op(ax.cos() + ay.cos()));
    // Exp's gradient is `grad * exp(a)`; the `- exp(...)` term's grad is -1.
    let dwaves = tf_op(-tf_op(waves.exp()) * half);
    let dr = tf_op(cone * c::<T>(-0.2));
    // SqrtGrad: `(0.5 * grad) / sqrt(a)`, and 0 where grad is 0 (far out, where the cone's
    // exp flushed to zero); `dr` is never negative, and NaN only from a NaN input.
    let dsquare =
        tf_op(T::select_positive(dr, tf_op(tf_op(half * dr) / r), dr * c::<T>(0.0)) * half);
    let d = |t: T, at: T| {
        let wave = tf_op(tf_op(-dwaves * tf_op(at.sin())) * tau);
        let square = tf_op(dsquare * t);
        // AddN(wave, square, square): the cos term first, then both sides of `t * t`.
        tf_op(tf_op(wave + square) + square)
    };
    tf_from_slices(d(x, ax), d(y, ay))
}

#[inline(always)]
pub(crate) fn styblinski_tang<T: Real>(x: T, y: T) -> T {
    let g = |t: T| {
        let t2 = t * t;
        t2 * t2 - c::<T>(16.0) * t2 + c::<T>(5.0) * t
    };
    c::<T>(0.5) * (g(x) + g(y))
}

/// TensorFlow's gradient of `0.5 * (x**4 - 16.0 * x**2 + 5.0 * x + y**4 - 16.0 * y**2
/// + 5.0 * y)`: Pow's gradient is `(grad * 4) * pow(t, 3)` (glibc's `powf`, not `t * t * t`),
/// `(grad * 2) * pow(t, 1)` = `(grad * 2) * t`.
#[inline(always)]
pub(crate) fn styblinski_tang_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let d = |t: T| {
        let quartic = tf_op(c::<T>(2.0) * tf_op(t.pow(3.0)));
        let square = tf_op(c::<T>(-16.0) * t);
        // AddN(2.5, quartic, square), in the order of the terms' gradients' arrival.
        tf_op(tf_op(c::<T>(2.5) + quartic) + square)
    };
    tf_from_slices(d(x), d(y))
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

/// TensorFlow's gradient of the page's Keras code for Goldstein–Price, `a * b` with
///
/// ```text
/// a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y)
/// b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y)
/// ```
///
/// The gradient multiplies by the forward squares, and those are Pow ops: glibc's
/// `powf(t, 2)`, which can differ from `t * t` where the square lies halfway between two
/// floats.
#[inline(always)]
pub(crate) fn goldstein_price_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let k = c::<T>;
    // The first factor, u = 1 + a² p.
    let a = tf_op(tf_op(x + y) + k(1.0));
    let a2 = tf_op(a.pow2());
    let (x3, x6, y3) = (tf_op(k(3.0) * x), tf_op(k(6.0) * x), tf_op(k(3.0) * y));
    let p = {
        let s = tf_op(tf_op(k(19.0) - tf_op(k(14.0) * x)) + tf_op(x3 * x));
        let s = tf_op(tf_op(s - tf_op(k(14.0) * y)) + tf_op(x6 * y));
        tf_op(s + tf_op(y3 * y))
    };
    let u = k(1.0) + tf_op(a2 * p);
    // The second factor, v = 30 + b² q.
    let b = tf_op(tf_op(k(2.0) * x) - y3);
    let b2 = tf_op(b.pow2());
    let (x12, x36, y27) = (tf_op(k(12.0) * x), tf_op(k(36.0) * x), tf_op(k(27.0) * y));
    let q = {
        let s = tf_op(tf_op(k(18.0) - tf_op(k(32.0) * x)) + tf_op(x12 * x));
        let s = tf_op(tf_op(s + tf_op(k(48.0) * y)) - tf_op(x36 * y));
        tf_op(s + tf_op(y27 * y))
    };
    let v = k(30.0) + tf_op(b2 * q);
    // Down the product u · v.
    let (da2, dp) = (tf_op(v * p), tf_op(v * a2));
    let (db2, dq) = (tf_op(u * q), tf_op(u * b2));
    let da = tf_op(tf_op(da2 * k(2.0)) * a);
    let db = tf_op(tf_op(db2 * k(2.0)) * b);
    let (dpx, dpy, dqx, dqy) = (tf_op(dp * x), tf_op(dp * y), tf_op(dq * x), tf_op(dq * y));
    // Each variable has ten uses; the tape's AddN over them, in its order.
    let gx = add_n10([
        da,
        tf_op(db * k(2.0)),
        tf_op(dpy * k(6.0)),
        tf_op(-dqy * k(36.0)),
        tf_op(dp * x3),
        tf_op(dq * x12),
        tf_op(-dp * k(14.0)),
        tf_op(dpx * k(3.0)),
        tf_op(-dq * k(32.0)),
        tf_op(dqx * k(12.0)),
    ]);
    let gy = add_n10([
        tf_op(dp * y3),
        tf_op(dq * y27),
        da,
        tf_op(dp * x6),
        tf_op(dpy * k(3.0)),
        tf_op(-db * k(3.0)),
        tf_op(-dq * x36),
        tf_op(dqy * k(27.0)),
        tf_op(-dp * k(14.0)),
        tf_op(dq * k(48.0)),
    ]);
    tf_from_slices(gx, gy)
}

/// TensorFlow's AddN of ten float32 tensors: its CPU kernel adds the first `10 % 8` inputs,
/// then adds to that the sum of the next eight (`out += in2 + … + in9`), each sum left to
/// right.
#[inline(always)]
fn add_n10<T: Real>(t: [T; 10]) -> T {
    let rest = t[3..].iter().fold(t[2], |s, &v| tf_op(s + v));
    tf_op(tf_op(t[0] + t[1]) + rest)
}

#[inline(always)]
pub(crate) fn six_hump_camel<T: Real>(x: T, y: T) -> T {
    let x2 = x * x;
    let y2 = y * y;
    (c::<T>(4.0) - c::<T>(2.1) * x2 + x2 * x2 / c::<T>(3.0)) * x2
        + x * y
        + (c::<T>(-4.0) + c::<T>(4.0) * y2) * y2
}

/// TensorFlow's gradient of `(4.0 - 2.1 * x * x + x**4 / 3.0) * x * x + x * y
/// + (-4.0 + 4.0 * y * y) * y * y` (the page's Keras code): the products left to right, so
/// `((4 - 2.1x² + x⁴/3) · x) · x`; RealDiv's gradient is `grad / 3`, and Pow's
/// `(grad · 4) · powf(x, 3)`.
#[inline(always)]
pub(crate) fn six_hump_camel_grad<T: Real>(x: T, y: T) -> [T; 2] {
    let (x, y) = (tf_op(x), tf_op(y));
    let k = c::<T>;
    let x21 = tf_op(k(2.1) * x);
    let outer_x = tf_op(tf_op(k(4.0) - tf_op(x21 * x)) + tf_op(tf_op(x.pow(4.0)) / k(3.0)));
    let y4 = tf_op(k(4.0) * y);
    let outer_y = k(-4.0) + tf_op(y4 * y);
    let (xx, yy) = (tf_op(x * x), tf_op(y * y));
    let (ox, oy) = (tf_op(outer_x * x), tf_op(outer_y * y));
    let gx = [
        y,
        ox,
        tf_op(-xx * x21),
        tf_op(tf_op(tf_op(xx / k(3.0)) * k(4.0)) * tf_op(x.pow(3.0))),
        tf_op(tf_op(-xx * x) * k(2.1)),
    ]
    .into_iter()
    .fold(ox, |s, t| tf_op(s + t));
    let gy = [x, oy, tf_op(yy * y4), tf_op(tf_op(yy * y) * k(4.0))]
        .into_iter()
        .fold(oy, |s, t| tf_op(s + t));
    tf_from_slices(gx, gy)
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
    fn gradients_match_central_differences() {
        for f in all_variants() {
            for (k, (x, y)) in random_points(&f.domain(), 400, 7).into_iter().enumerate() {
                let g = f.gradient_f64(x, y);
                let fd = fd_gradient(&f, x, y);
                // FD error ~ ε|f|/h + h²|f'''|: allow 1e-6 relative to |∇f| plus |f|.
                let tol = 1e-6 * (norm(fd) + f.value_f64(x, y).abs() + 1.0);
                let err = norm([g[0] - fd[0], g[1] - fd[1]]);
                assert!(
                    err <= tol,
                    "{} point {k} ({x}, {y}): ours {g:?} vs FD {fd:?}",
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
                if f == Function::Ackley {
                    // The cone's tip: TensorFlow's gradient there is NaN (see the variant).
                    assert!(f.gradient(m.x, m.y).iter().all(|g| g.is_nan()));
                    assert!(f.gradient(1e-20, 0.0).iter().any(|g| !g.is_finite()));
                    let near = f.gradient(1e-3, -1e-3);
                    assert!(near[0] > 0.0 && near[1] < 0.0, "{near:?}");
                } else {
                    let g = f.gradient_f64(x, y);
                    assert!(norm(g) < 2e-4, "{} at ({x}, {y}): gradient {g:?}", f.id());
                    assert!(
                        norm(f.gradient(m.x, m.y).map(f64::from)) < 2e-3,
                        "{}",
                        f.id()
                    );
                }
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

    /// `pow2` against glibc's `powf(t, 2)` (`crate::libm::powf`, checked against glibc itself),
    /// both flushed as TensorFlow flushes: the same bits, or both NaN.
    fn pow2_is_powf(t: f32) -> bool {
        let (got, want) = (
            crate::simd::ftz(t.pow2()),
            crate::simd::ftz(crate::libm::powf(t, 2.0)),
        );
        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
    }

    #[test]
    fn squares_are_powf_on_sampled_floats_and_the_flagged_ones_need_it() {
        let (mut k, mut flagged, mut differ) = (0u32, 0, 0);
        while let Some(next) = k.checked_add(997) {
            let t = f32::from_bits(k);
            assert!(pow2_is_powf(t), "{t:e} ({k:#x})");
            if square_may_differ_from_powf(t) && t.abs() > 1e-18 && t.abs() < 1e18 {
                flagged += 1;
                let mul = crate::simd::ftz(t * t).to_bits();
                differ += usize::from(mul != crate::simd::ftz(crate::libm::powf(t, 2.0)).to_bits());
            }
            k = next;
        }
        // Within the normal range few squares are flagged, and some of those do need `powf`.
        assert!(flagged > 0 && flagged < 4_300_000 / 32, "{flagged}");
        assert!(differ > 0, "powf(t, 2) always equalled t * t where flagged");
    }

    /// Over every float (minutes in release: `cargo test --release --lib
    /// squares_are_powf_on_every_float -- --ignored`).
    #[test]
    #[ignore]
    fn squares_are_powf_on_every_float() {
        let bad: Vec<u32> = (0..=u32::MAX)
            .filter(|&k| !pow2_is_powf(f32::from_bits(k)))
            .take(10)
            .collect();
        assert!(bad.is_empty(), "{bad:x?}");
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
            let spec = f.spec();
            assert_eq!(spec.function, f);
            assert!(!spec.name.is_empty() && !spec.formula.is_empty());
            f.domain().validate().unwrap();
            let [sx, sy] = spec.default_start;
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
        }
        // Each spec is the one its function finds (so no two variants share an entry).
        for s in &SPECS {
            assert!(std::ptr::eq(s.function.spec(), s), "{}", s.id);
        }
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
        assert_eq!(Function::Rosenbrock.spec().default_start, [-1.5, 2.0]);
        let quadratic = Function::IllConditionedQuadratic {
            condition_number: 1000.0,
        };
        assert_eq!(quadratic.spec().id, "ill_conditioned_quadratic");
    }

    /// The page reads `functions()` as flat objects with these keys (www/js: `default_start`,
    /// `domain`, `minima`, `formula`, `name`, `id`).
    #[test]
    fn info_serialises_as_one_flat_object() {
        let f = Function::IllConditionedQuadratic {
            condition_number: 1000.0,
        };
        let json = serde_json::to_value(f.info()).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "condition_number",
                "default_start",
                "domain",
                "formula",
                "has_nonpositive_values",
                "id",
                "min_value",
                "minima",
                "name"
            ]
        );
        assert_eq!(json["id"], "ill_conditioned_quadratic");
        assert_eq!(json["default_start"], serde_json::json!([-9.0, 1.0]));
        assert_eq!(json["condition_number"], 1000.0);
        assert_eq!(json["domain"]["y_max"], 5.0);
        assert_eq!(json["minima"][0]["value"], 0.0);
        let saddle = serde_json::to_value(Function::Saddle.info()).unwrap();
        assert_eq!(saddle["minima"], serde_json::json!([]));
        assert_eq!(saddle["min_value"], -4.0);
        assert_eq!(saddle["condition_number"], serde_json::Value::Null);
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
}
