//! Adagrad: `tf_keras.optimizers.legacy.Adagrad` and `keras.optimizers.Adagrad`.

use super::lr::LrPolicy;
use super::{decoupled_weight_decay, Optimizer, StepInfo};
use crate::simd::ftz as z;

/// Legacy Adagrad (fused `ResourceApplyAdagradV2`), accumulator starting at
/// `initial_accumulator_value` (default 0.1):
/// ```text
/// acc += g*g
/// p   -= (g * lr) / (sqrt(acc) + epsilon)
/// ```
#[derive(Debug, Clone)]
pub struct LegacyAdagrad {
    lr: LrPolicy,
    epsilon: f32,
    acc: Vec<f32>,
    iterations: u64,
}

impl LegacyAdagrad {
    /// Builds legacy Adagrad for `n` parameters.
    pub fn new(n: usize, lr: LrPolicy, initial_accumulator_value: f64, epsilon: f64) -> Self {
        Self {
            lr,
            epsilon: epsilon as f32,
            acc: vec![initial_accumulator_value as f32; n],
            iterations: 0,
        }
    }
}

impl Optimizer for LegacyAdagrad {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        let eps = self.epsilon;
        for ((p, &g), acc) in params.iter_mut().zip(grads).zip(self.acc.iter_mut()) {
            let g = z(g);
            *acc = z(*acc + z(g * g));
            *p = z(z(*p) - z(z(g * lr) / (acc.sqrt() + eps)));
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// `keras.optimizers.Adagrad` (Keras 3), accumulator starting at `initial_accumulator_value`
/// (default 0.1). Unlike legacy, epsilon is INSIDE the square root:
/// ```text
/// [weight_decay: p -= (p * weight_decay) * lr]
/// acc += g*g
/// p   -= (lr * g) / sqrt(acc + epsilon)
/// ```
#[derive(Debug, Clone)]
pub struct Adagrad {
    lr: LrPolicy,
    epsilon: f32,
    weight_decay: Option<f32>,
    acc: Vec<f32>,
    iterations: u64,
}

impl Adagrad {
    /// Builds Keras 3 Adagrad for `n` parameters.
    pub fn new(
        n: usize,
        lr: LrPolicy,
        initial_accumulator_value: f64,
        epsilon: f64,
        weight_decay: Option<f64>,
    ) -> Self {
        Self {
            lr,
            epsilon: epsilon as f32,
            weight_decay: weight_decay.map(|w| w as f32),
            acc: vec![z(initial_accumulator_value as f32); n],
            iterations: 0,
        }
    }
}

impl Optimizer for Adagrad {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        let eps = self.epsilon;
        for ((p, &g), acc) in params.iter_mut().zip(grads).zip(self.acc.iter_mut()) {
            let g = z(g);
            *acc = z(*acc + z(g * g));
            *p = z(z(*p) - z(z(lr * g) / z(*acc + eps).sqrt()));
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
