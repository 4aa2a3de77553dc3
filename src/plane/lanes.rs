//! Four independent 2D configurations advanced together: lane `k` of every [`F32x4`] belongs
//! to configuration `k` (its `x`, its `y`, its slots, its learning rate and legacy `decay`).
//!
//! Each lane runs the very update functions of the scalar optimizers in [`crate::optim`]
//! ([`adam_update`], [`sgd_update`], [`legacy_decay`], [`adam_lr_t`], generic over
//! [`crate::simd::Lane`]), with `beta^t` read from the same [`beta_power_table`]s, so lane `k`
//! is bit-identical to running that configuration alone through
//! [`crate::plane::trajectory::run_trajectory`].

use std::sync::Arc;

use super::formulas::with_formulas;
use crate::optim::adam::{adam_lr_t, adam_update, one_minus, OneMinus};
use crate::optim::kmath::{beta_power_table, power_from};
use crate::optim::lr::legacy_decay;
use crate::optim::sgd::sgd_update;
use crate::plane::functions::Function;
use crate::simd::F32x4;

/// An optimizer over four lanes of 2D points.
pub trait Lanes4 {
    /// One update of all four configurations (`p[0]` holds the four `x`, `p[1]` the four `y`;
    /// `g` the gradients there), like [`crate::optim::Optimizer::apply_gradients`].
    fn step(&mut self, p: &mut [F32x4; 2], g: [F32x4; 2]);
    /// Updates applied so far (the same for every lane).
    fn iterations(&self) -> u64;
}

/// Adam (no amsgrad, no weight decay) for four configurations: `tf_keras.optimizers.legacy.Adam`
/// with [`OneMinus::Float32`], Keras 3 `Adam` with [`OneMinus::Float64`] (then `decay` must be
/// 0, as Keras 3 ignores it). See [`crate::optim::adam::Adam`] for the update.
#[derive(Debug, Clone)]
pub struct Adam4 {
    lr: F32x4,
    decay: F32x4,
    beta_1: f32,
    beta_2: f32,
    one_minus_beta_1: F32x4,
    one_minus_beta_2: F32x4,
    epsilon: F32x4,
    powers: [Arc<[f32]>; 2],
    m: [F32x4; 2],
    v: [F32x4; 2],
    iterations: u64,
}

impl Adam4 {
    /// Lane `k` runs `learning_rate[k]` with legacy `decay[k]` (0 for none); both are rounded to
    /// float32 as Keras stores them.
    pub fn new(
        learning_rate: [f64; 4],
        decay: [f64; 4],
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        how: OneMinus,
    ) -> Self {
        Adam4 {
            lr: F32x4::from_array(learning_rate.map(|v| v as f32)),
            decay: F32x4::from_array(decay.map(|v| v as f32)),
            beta_1: beta_1 as f32,
            beta_2: beta_2 as f32,
            one_minus_beta_1: F32x4::splat(one_minus(beta_1, how)),
            one_minus_beta_2: F32x4::splat(one_minus(beta_2, how)),
            epsilon: F32x4::splat(epsilon as f32),
            powers: [
                beta_power_table(beta_1 as f32),
                beta_power_table(beta_2 as f32),
            ],
            m: [F32x4::splat(0.0); 2],
            v: [F32x4::splat(0.0); 2],
            iterations: 0,
        }
    }
}

impl Lanes4 for Adam4 {
    #[inline(always)]
    fn step(&mut self, p: &mut [F32x4; 2], g: [F32x4; 2]) {
        let it = self.iterations;
        let lr = legacy_decay(self.lr, self.decay, it);
        let b1p = power_from(&self.powers[0], self.beta_1, it + 1);
        let b2p = power_from(&self.powers[1], self.beta_2, it + 1);
        let lr_t = adam_lr_t(lr, b1p, b2p);
        let (b1, b2, eps) = (self.one_minus_beta_1, self.one_minus_beta_2, self.epsilon);
        for k in 0..2 {
            let (m, v) = (&mut self.m[k], &mut self.v[k]);
            adam_update(&mut p[k], m, v, None, g[k], lr_t, b1, b2, eps);
        }
        self.iterations += 1;
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// SGD with optional (Nesterov) momentum for four configurations, as
/// [`crate::optim::sgd::Sgd`] without weight decay.
#[derive(Debug, Clone)]
pub struct Sgd4 {
    lr: F32x4,
    decay: F32x4,
    momentum: f32,
    nesterov: bool,
    accum: [F32x4; 2],
    iterations: u64,
}

impl Sgd4 {
    /// Lane `k` runs `learning_rate[k]` with legacy `decay[k]` (0 for none).
    pub fn new(learning_rate: [f64; 4], decay: [f64; 4], momentum: f64, nesterov: bool) -> Self {
        Sgd4 {
            lr: F32x4::from_array(learning_rate.map(|v| v as f32)),
            decay: F32x4::from_array(decay.map(|v| v as f32)),
            momentum: momentum as f32,
            nesterov,
            accum: [F32x4::splat(0.0); 2],
            iterations: 0,
        }
    }
}

impl Lanes4 for Sgd4 {
    #[inline(always)]
    fn step(&mut self, p: &mut [F32x4; 2], g: [F32x4; 2]) {
        let lr = legacy_decay(self.lr, self.decay, self.iterations);
        let mom = F32x4::splat(self.momentum);
        for k in 0..2 {
            let accum = (self.momentum != 0.0).then_some(&mut self.accum[k]);
            sgd_update(&mut p[k], accum, g[k], lr, mom, self.nesterov);
        }
        self.iterations += 1;
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// Where four runs ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run4 {
    /// `x` after the last update (meaningless for a diverged lane).
    pub x: [f32; 4],
    /// `y` after the last update.
    pub y: [f32; 4],
    /// `f(x, y)` after the last update.
    pub loss: [f32; 4],
    /// Per lane, the index of the first point that was not finite (0 = the start), as
    /// [`crate::plane::trajectory::Trajectory::diverged_at`]; `None` if every point was finite.
    pub diverged_at: [Option<u64>; 4],
}

/// Runs `steps` updates of `opt` on `f` from the four start points `(x[k], y[k])`, checking
/// after every update which lanes left the finite numbers (point or loss), exactly where
/// [`crate::plane::trajectory::run_trajectory`] would stop. Stops early once all four diverged.
pub fn run4<O: Lanes4>(f: Function, opt: &mut O, x: [f32; 4], y: [f32; 4], steps: u64) -> Run4 {
    with_formulas!(f, |value, grad| run4_with(opt, x, y, steps, value, grad))
}

#[inline(always)]
fn run4_with<O: Lanes4>(
    opt: &mut O,
    x: [f32; 4],
    y: [f32; 4],
    steps: u64,
    value: impl Fn(F32x4, F32x4) -> F32x4,
    grad: impl Fn(F32x4, F32x4) -> [F32x4; 2],
) -> Run4 {
    let mut p = [F32x4::from_array(x), F32x4::from_array(y)];
    let mut loss = value(p[0], p[1]);
    let mut diverged_at = [None; 4];
    let mut alive: u8 = 0xF;
    let mut mark = |bad: u8, at: u64, alive: &mut u8| {
        let newly = bad & *alive;
        if newly != 0 {
            for (k, d) in diverged_at.iter_mut().enumerate() {
                if newly & (1 << k) != 0 {
                    *d = Some(at);
                }
            }
            *alive &= !newly;
        }
    };
    mark(
        p[0].non_finite_bits() | p[1].non_finite_bits() | loss.non_finite_bits(),
        0,
        &mut alive,
    );
    let mut k = 0;
    while k < steps && alive != 0 {
        let g = grad(p[0], p[1]);
        opt.step(&mut p, g);
        loss = value(p[0], p[1]);
        let bad = p[0].non_finite_bits() | p[1].non_finite_bits() | loss.non_finite_bits();
        if bad & alive != 0 {
            mark(bad, k + 1, &mut alive);
        }
        k += 1;
    }
    Run4 {
        x: p[0].to_array(),
        y: p[1].to_array(),
        loss: loss.to_array(),
        diverged_at,
    }
}
