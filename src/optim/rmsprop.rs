//! RMSprop: `tf_keras.optimizers.legacy.RMSprop` and `keras.optimizers.RMSprop`.

use super::lr::LrPolicy;
use super::{decoupled_weight_decay, Optimizer, StepInfo};
use crate::simd::ftz as z;

/// Which RMSprop arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RmspropFlavor {
    /// `tf_keras.optimizers.legacy.RMSprop`. `momentum == 0`: Python ops,
    /// `ms = rho*ms + (1-rho)*g*g`, `p -= (lr*g) / (sqrt(ms) + eps)` (centered:
    /// `mg = rho*mg + (1-rho)*g`, `sqrt(ms - mg*mg)`). `momentum > 0`: the fused
    /// `ResourceApply[Centered]RMSProp` kernel, `ms += (g*g - ms)*(1-rho)`
    /// (centered: `mg += (g - mg)*(1-rho)`), `mom = mom*momentum + (g*lr) / sqrt(ms [- mg*mg] + eps)`
    /// (epsilon INSIDE the sqrt), `p -= mom`. `1 - rho` in float32.
    Legacy,
    /// `keras.optimizers.RMSprop`: `vel = rho*vel + (1-rho)*g*g` (centered:
    /// `avg = rho*avg + (1-rho)*g`, denominator `vel - avg*avg + eps`, else `vel + eps`),
    /// `inc = (lr*g) / sqrt(denominator)` (epsilon always inside the sqrt),
    /// `mom = momentum*mom + inc; p -= mom` or `p -= inc`. `1 - rho` in double, then float32.
    Keras3,
}

/// RMSprop with optional momentum and `centered`.
#[derive(Debug, Clone)]
pub struct Rmsprop {
    lr: LrPolicy,
    flavor: RmspropFlavor,
    rho: f32,
    one_minus_rho: f32,
    momentum: f32,
    epsilon: f32,
    centered: bool,
    weight_decay: Option<f32>,
    ms: Vec<f32>,
    mg: Vec<f32>,
    mom: Vec<f32>,
    iterations: u64,
}

impl Rmsprop {
    /// Builds RMSprop for `n` parameters.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        n: usize,
        lr: LrPolicy,
        rho: f64,
        momentum: f64,
        epsilon: f64,
        centered: bool,
        weight_decay: Option<f64>,
        flavor: RmspropFlavor,
    ) -> Self {
        let one_minus_rho = match flavor {
            RmspropFlavor::Legacy => 1.0f32 - rho as f32,
            RmspropFlavor::Keras3 => (1.0 - rho) as f32,
        };
        Self {
            lr,
            flavor,
            rho: rho as f32,
            one_minus_rho,
            momentum: momentum as f32,
            epsilon: epsilon as f32,
            centered,
            weight_decay: weight_decay.map(|w| w as f32),
            ms: vec![0.0; n],
            mg: if centered { vec![0.0; n] } else { Vec::new() },
            mom: if momentum > 0.0 {
                vec![0.0; n]
            } else {
                Vec::new()
            },
            iterations: 0,
        }
    }

    fn legacy(&mut self, params: &mut [f32], grads: &[f32], lr: f32) {
        let (rho, omr, eps, mo) = (self.rho, self.one_minus_rho, self.epsilon, self.momentum);
        match (self.mom.is_empty(), self.centered) {
            (true, false) => {
                for ((p, &g), ms) in params.iter_mut().zip(grads).zip(self.ms.iter_mut()) {
                    let g = z(g);
                    *ms = z(z(rho * *ms) + z(omr * z(g * g)));
                    *p = z(z(*p) - z(z(lr * g) / (ms.sqrt() + eps)));
                }
            }
            (true, true) => {
                for ((p, &g), (ms, mg)) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mg.iter_mut()))
                {
                    let g = z(g);
                    *ms = z(z(rho * *ms) + z(omr * z(g * g)));
                    *mg = z(z(rho * *mg) + z(omr * g));
                    *p = z(z(*p) - z(z(lr * g) / (z(*ms - z(*mg * *mg)).sqrt() + eps)));
                }
            }
            (false, false) => {
                for ((p, &g), (ms, mom)) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mom.iter_mut()))
                {
                    let g = z(g);
                    *ms = z(*ms + z(z(z(g * g) - *ms) * omr));
                    *mom = z(z(*mom * mo) + z(z(g * lr) / z(*ms + eps).sqrt()));
                    *p = z(z(*p) - *mom);
                }
            }
            (false, true) => {
                for (((p, &g), (ms, mom)), mg) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mom.iter_mut()))
                    .zip(self.mg.iter_mut())
                {
                    let g = z(g);
                    *ms = z(*ms + z(z(z(g * g) - *ms) * omr));
                    *mg = z(*mg + z(z(g - *mg) * omr));
                    let denom = z(z(*ms - z(*mg * *mg)) + eps);
                    *mom = z(z(*mom * mo) + z(z(g * lr) / denom.sqrt()));
                    *p = z(z(*p) - *mom);
                }
            }
        }
    }

    fn keras3(&mut self, params: &mut [f32], grads: &[f32], lr: f32) {
        let (rho, omr, eps, mo) = (self.rho, self.one_minus_rho, self.epsilon, self.momentum);
        match (self.mom.is_empty(), self.centered) {
            (true, false) => {
                for ((p, &g), vel) in params.iter_mut().zip(grads).zip(self.ms.iter_mut()) {
                    let g = z(g);
                    *vel = z(z(rho * *vel) + z(omr * z(g * g)));
                    *p = z(z(*p) - z(z(lr * g) / z(*vel + eps).sqrt()));
                }
            }
            (true, true) => {
                for ((p, &g), (vel, avg)) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mg.iter_mut()))
                {
                    let g = z(g);
                    *vel = z(z(rho * *vel) + z(omr * z(g * g)));
                    *avg = z(z(rho * *avg) + z(omr * g));
                    let denom = z(z(*vel - z(*avg * *avg)) + eps);
                    *p = z(z(*p) - z(z(lr * g) / denom.sqrt()));
                }
            }
            (false, false) => {
                for ((p, &g), (vel, mom)) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mom.iter_mut()))
                {
                    let g = z(g);
                    *vel = z(z(rho * *vel) + z(omr * z(g * g)));
                    *mom = z(z(mo * *mom) + z(z(lr * g) / z(*vel + eps).sqrt()));
                    *p = z(z(*p) - *mom);
                }
            }
            (false, true) => {
                for (((p, &g), (vel, mom)), avg) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.ms.iter_mut().zip(self.mom.iter_mut()))
                    .zip(self.mg.iter_mut())
                {
                    let g = z(g);
                    *vel = z(z(rho * *vel) + z(omr * z(g * g)));
                    *avg = z(z(rho * *avg) + z(omr * g));
                    let denom = z(z(*vel - z(*avg * *avg)) + eps);
                    *mom = z(z(mo * *mom) + z(z(lr * g) / denom.sqrt()));
                    *p = z(z(*p) - *mom);
                }
            }
        }
    }
}

impl Optimizer for Rmsprop {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        match self.flavor {
            RmspropFlavor::Legacy => self.legacy(params, grads, lr),
            RmspropFlavor::Keras3 => self.keras3(params, grads, lr),
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
