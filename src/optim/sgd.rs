//! SGD: `tf_keras.optimizers.legacy.SGD` and `keras.optimizers.SGD` (identical arithmetic).

use super::lr::LrPolicy;
use super::{decoupled_weight_decay, Optimizer, StepInfo};
use crate::simd::Lane;

/// SGD with optional (Nesterov) momentum. Legacy uses the fused `ResourceApplyGradientDescent`
/// / `ResourceApplyKerasMomentum` kernels, Keras 3 the same operations:
/// ```text
/// momentum == 0:  p -= g * lr
/// momentum  > 0:  a = a * momentum - g * lr
///                 p += a                          (nesterov: p += a * momentum - g * lr)
/// ```
/// Keras 3 `weight_decay` (if any) first does `p -= (p * weight_decay) * lr`.
#[derive(Debug, Clone)]
pub struct Sgd {
    lr: LrPolicy,
    momentum: f32,
    nesterov: bool,
    weight_decay: Option<f32>,
    accum: Vec<f32>,
    iterations: u64,
}

impl Sgd {
    /// Builds SGD for `n` parameters.
    pub fn new(
        n: usize,
        lr: LrPolicy,
        momentum: f64,
        nesterov: bool,
        weight_decay: Option<f64>,
    ) -> Self {
        let momentum = momentum as f32;
        Self {
            lr,
            momentum,
            nesterov,
            weight_decay: weight_decay.map(|w| w as f32),
            accum: if momentum != 0.0 {
                vec![0.0; n]
            } else {
                Vec::new()
            },
            iterations: 0,
        }
    }
}

/// One element of SGD's update (see [`Sgd`]): the parameter `p` and, with momentum, its
/// accumulator `accum` (`None` when `momentum` is 0), given the gradient `g` and the lr. The one
/// copy of the update, for one parameter (`f32`) or four lanes ([`crate::simd::F32x4`]).
#[inline(always)]
pub fn sgd_update<L: Lane>(
    p: &mut L,
    accum: Option<&mut L>,
    g: L,
    lr: L,
    momentum: L,
    nesterov: bool,
) {
    let gl = (g.ftz() * lr).ftz();
    match accum {
        None => *p = (p.ftz() - gl).ftz(),
        Some(a) => {
            *a = ((*a * momentum).ftz() - gl).ftz();
            let step = if nesterov {
                ((*a * momentum).ftz() - gl).ftz()
            } else {
                *a
            };
            *p = (p.ftz() + step).ftz();
        }
    }
}

impl Optimizer for Sgd {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        let mom = self.momentum;
        if mom == 0.0 {
            for (p, &g) in params.iter_mut().zip(grads) {
                sgd_update(p, None, g, lr, mom, self.nesterov);
            }
        } else {
            for ((p, &g), a) in params.iter_mut().zip(grads).zip(self.accum.iter_mut()) {
                sgd_update(p, Some(a), g, lr, mom, self.nesterov);
            }
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
