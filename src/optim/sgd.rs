//! SGD: `tf_keras.optimizers.legacy.SGD` and `keras.optimizers.SGD` (identical arithmetic).

use super::lr::LrPolicy;
use super::{decoupled_weight_decay, Optimizer, StepInfo};
use crate::simd::ftz as z;

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

impl Optimizer for Sgd {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        let mom = self.momentum;
        if mom == 0.0 {
            for (p, &g) in params.iter_mut().zip(grads) {
                *p = z(z(*p) - z(z(g) * lr));
            }
        } else if self.nesterov {
            for ((p, &g), a) in params.iter_mut().zip(grads).zip(self.accum.iter_mut()) {
                let gl = z(z(g) * lr);
                *a = z(z(*a * mom) - gl);
                *p = z(z(*p) + z(z(*a * mom) - gl));
            }
        } else {
            for ((p, &g), a) in params.iter_mut().zip(grads).zip(self.accum.iter_mut()) {
                *a = z(z(*a * mom) - z(z(g) * lr));
                *p = z(z(*p) + *a);
            }
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
