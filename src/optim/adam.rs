//! The Adam family: Adam / AdamW (legacy and Keras 3), Adamax and Nadam (legacy and Keras 3).

use std::sync::Arc;

use super::kmath::{beta_power, beta_power_table, kpow, power_from};
use super::lr::LrPolicy;
use super::{decoupled_weight_decay, Optimizer, StepInfo};
use crate::simd::{ftz as z, F32x4, Lane};

/// `tf_keras.optimizers.legacy.Adam` (fused `ResourceApplyAdam` / `ResourceApplyAdamWithAmsgrad`
/// kernels), `keras.optimizers.Adam` and `keras.optimizers.AdamW`.
///
/// Per update, with `it = iterations` before it and `t = it + 1` (all float32, no FMA):
/// ```text
/// lr      = effective lr (legacy: lr / (1 + decay * it); Keras 3: schedule(it) or lr)
/// [Keras 3 weight_decay: p -= (p * weight_decay) * lr]
/// lr_t    = (lr * sqrt(1 - beta_2^t)) / (1 - beta_1^t)     (beta^t: float32 tf.pow)
/// m      += (g - m) * (1 - beta_1)
/// v      += (g*g - v) * (1 - beta_2)
/// [amsgrad: vhat = max(vhat, v); v = vhat]
/// p      -= (m * lr_t) / (sqrt(v) + epsilon)
/// ```
/// Legacy computes `1 - beta` in float32 (`1 - 0.9f = 0.100000024`); Keras 3 in Python double, then rounds (`0.1f`).
#[derive(Debug, Clone)]
pub struct Adam {
    lr: LrPolicy,
    beta_1: f32,
    beta_2: f32,
    one_minus_beta_1: f32,
    one_minus_beta_2: f32,
    epsilon: f32,
    amsgrad: bool,
    weight_decay: Option<f32>,
    m: Vec<f32>,
    v: Vec<f32>,
    vhat: Vec<f32>,
    iterations: u64,
    /// `beta_1^t` and `beta_2^t` tables (see [`beta_power_table`]).
    powers: [Arc<[f32]>; 2],
}

/// Whose arithmetic for `1 - beta`: legacy float32 or Keras 3 double-then-float32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneMinus {
    /// `tf_keras` legacy: `1 - beta` with `beta` a float32 variable.
    Float32,
    /// Keras 3: `1 - beta` with `beta` a Python float, rounded to float32 afterwards.
    Float64,
}

pub(crate) fn one_minus(beta: f64, how: OneMinus) -> f32 {
    match how {
        OneMinus::Float32 => 1.0f32 - beta as f32,
        OneMinus::Float64 => (1.0 - beta) as f32,
    }
}

/// `lr_t = (lr * sqrt(1 - beta_2^t)) / (1 - beta_1^t)`, Adam's bias-corrected step size for the
/// update at `iterations` (t = iterations + 1).
#[inline]
pub fn adam_step_size(lr: f32, beta_1: f32, beta_2: f32, iterations: u64) -> f32 {
    let b1p = beta_power(beta_1, iterations + 1);
    let b2p = beta_power(beta_2, iterations + 1);
    adam_lr_t(lr, b1p, b2p)
}

/// `lr_t` from the powers `b1p = beta_1^t`, `b2p = beta_2^t`: the one copy of the formula, for
/// one learning rate (`f32`) or four ([`crate::simd::F32x4`], the sweep's lanes).
#[inline(always)]
pub fn adam_lr_t<L: Lane>(lr: L, b1p: f32, b2p: f32) -> L {
    ((lr * L::splat((1.0f32 - b2p).sqrt())).ftz() / L::splat(1.0f32 - b1p)).ftz()
}

/// One element of Adam's update (see [`Adam`]): the moments `m`, `v` (and with amsgrad
/// `vhat`) and the parameter `p`, given the gradient `g`, the step size `lr_t` and the float32
/// `1 - beta_1`, `1 - beta_2`. The one copy of the update, for one parameter (`f32`) or four
/// lanes ([`crate::simd::F32x4`]): the lanes stay bit-identical to the scalar optimizer.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn adam_update<L: Lane>(
    p: &mut L,
    m: &mut L,
    v: &mut L,
    vhat: Option<&mut L>,
    g: L,
    lr_t: L,
    one_minus_beta_1: L,
    one_minus_beta_2: L,
    epsilon: L,
) {
    let g = g.ftz();
    *m = (*m + ((g - *m).ftz() * one_minus_beta_1).ftz()).ftz();
    *v = (*v + (((g * g).ftz() - *v).ftz() * one_minus_beta_2).ftz()).ftz();
    let denominator_v = match vhat {
        Some(vh) => {
            *vh = vh.max(*v);
            *vh
        }
        None => *v,
    };
    *p = (p.ftz() - ((*m * lr_t).ftz() / (denominator_v.sqrt() + epsilon)).ftz()).ftz();
}

/// Adam's slots for a whole parameter vector: `m`, `v` and, with amsgrad, `vhat`, each as
/// long as the parameters.
pub struct Moments<'a> {
    /// First moments.
    pub m: &'a mut [f32],
    /// Second moments.
    pub v: &'a mut [f32],
    /// amsgrad's running maximum of `v` (`None` without amsgrad).
    pub vhat: Option<&'a mut [f32]>,
}

impl Moments<'_> {
    /// The length every slot has at least, and at most `limit`: how many elements an update
    /// over these slots and `limit` parameters touches.
    pub fn common_len(&self, limit: usize) -> usize {
        let vhat = self.vhat.as_ref().map_or(usize::MAX, |vh| vh.len());
        limit.min(self.m.len()).min(self.v.len()).min(vhat)
    }
}

/// [`adam_update`] over whole slices, one element at a time. `hyper` is `[lr_t, 1 - beta_1,
/// 1 - beta_2, epsilon]`. Only the first [`Moments::common_len`] elements are updated (as a
/// `zip` of all the slices would), so mismatched lengths never panic.
pub fn adam_update_scalar(params: &mut [f32], grads: &[f32], slots: Moments, hyper: [f32; 4]) {
    let [lr_t, b1, b2, eps] = hyper;
    let n = slots.common_len(params.len().min(grads.len()));
    let (params, grads) = (&mut params[..n], &grads[..n]);
    let (m, v) = (&mut slots.m[..n], &mut slots.v[..n]);
    match slots.vhat {
        Some(vhat) => {
            for ((((p, &g), m), v), vh) in params.iter_mut().zip(grads).zip(m).zip(v).zip(vhat) {
                adam_update(p, m, v, Some(vh), g, lr_t, b1, b2, eps);
            }
        }
        None => {
            for (((p, &g), m), v) in params.iter_mut().zip(grads).zip(m).zip(v) {
                adam_update(p, m, v, None, g, lr_t, b1, b2, eps);
            }
        }
    }
}

/// [`adam_update`] over whole slices, four elements per [`F32x4`] (wasm `v128` in the simd128
/// build), then [`adam_update_scalar`] on the last `len % 4`. Each lane does the scalar
/// formula's operations in the same order, so the result is bit-identical to
/// [`adam_update_scalar`] (`tests/kernels.rs`).
///
/// Like [`adam_update_scalar`], only the first [`Moments::common_len`] elements are updated.
pub fn adam_update_lanes(params: &mut [f32], grads: &[f32], slots: Moments, hyper: [f32; 4]) {
    let [lr_t, b1, b2, eps] = hyper.map(F32x4::splat);
    let n = slots.common_len(params.len().min(grads.len()));
    let full = n / 4 * 4;
    let (grads, m, v) = (&grads[..n], &mut slots.m[..n], &mut slots.v[..n]);
    let (p_body, p_tail) = params[..n].split_at_mut(full);
    let (m_body, m_tail) = m.split_at_mut(full);
    let (v_body, v_tail) = v.split_at_mut(full);
    let (mut vh_body, vh_tail) = match slots.vhat {
        Some(vh) => {
            let (body, tail) = vh[..n].split_at_mut(full);
            (Some(body), Some(tail))
        }
        None => (None, None),
    };
    let quads = p_body
        .chunks_exact_mut(4)
        .zip(grads.chunks_exact(4))
        .zip(m_body.chunks_exact_mut(4).zip(v_body.chunks_exact_mut(4)));
    for (i, ((p4, g4), (m4, v4))) in quads.enumerate() {
        let (p4, m4, v4): (&mut [f32; 4], &mut [f32; 4], &mut [f32; 4]) = (
            p4.try_into().expect("4 lanes"),
            m4.try_into().expect("4 lanes"),
            v4.try_into().expect("4 lanes"),
        );
        let g = F32x4::load(g4.try_into().expect("4 lanes"));
        let (mut p, mut m, mut v) = (F32x4::load(p4), F32x4::load(m4), F32x4::load(v4));
        match vh_body.as_deref_mut() {
            Some(vh) => {
                let vh4: &mut [f32; 4] = (&mut vh[4 * i..4 * i + 4]).try_into().expect("4 lanes");
                let mut vh = F32x4::load(vh4);
                adam_update(&mut p, &mut m, &mut v, Some(&mut vh), g, lr_t, b1, b2, eps);
                vh.store(vh4);
            }
            None => adam_update(&mut p, &mut m, &mut v, None, g, lr_t, b1, b2, eps),
        }
        p.store(p4);
        m.store(m4);
        v.store(v4);
    }
    let tail = Moments {
        m: m_tail,
        v: v_tail,
        vhat: vh_tail,
    };
    adam_update_scalar(p_tail, &grads[full..], tail, hyper);
}

impl Adam {
    /// Builds Adam for `n` parameters. `weight_decay` is Keras 3's decoupled weight decay
    /// (AdamW), not legacy `decay` (which lives in `lr`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        n: usize,
        lr: LrPolicy,
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        amsgrad: bool,
        weight_decay: Option<f64>,
        how: OneMinus,
    ) -> Self {
        Self {
            lr,
            beta_1: beta_1 as f32,
            beta_2: beta_2 as f32,
            one_minus_beta_1: one_minus(beta_1, how),
            one_minus_beta_2: one_minus(beta_2, how),
            epsilon: epsilon as f32,
            amsgrad,
            weight_decay: weight_decay.map(|w| w as f32),
            m: vec![0.0; n],
            v: vec![0.0; n],
            vhat: if amsgrad { vec![0.0; n] } else { Vec::new() },
            iterations: 0,
            powers: [
                beta_power_table(beta_1 as f32),
                beta_power_table(beta_2 as f32),
            ],
        }
    }

    /// The first and second moment slots (`m`, `v`).
    pub fn moments(&self) -> (&[f32], &[f32]) {
        (&self.m, &self.v)
    }
}

impl Optimizer for Adam {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        // adam_step_size's formula, with the powers read from this optimizer's tables.
        let b1p = power_from(&self.powers[0], self.beta_1, it + 1);
        let b2p = power_from(&self.powers[1], self.beta_2, it + 1);
        let lr_t = adam_lr_t(lr, b1p, b2p);
        let (b1, b2, eps) = (self.one_minus_beta_1, self.one_minus_beta_2, self.epsilon);
        let vhat = self.amsgrad.then_some(&mut self.vhat[..]);
        let moments = Moments {
            m: &mut self.m,
            v: &mut self.v,
            vhat,
        };
        // The 2D playground's two parameters would only pay for the lanes' set-up.
        let update = if crate::simd::SIMD128 && params.len() >= 4 {
            adam_update_lanes
        } else {
            adam_update_scalar
        };
        update(params, grads, moments, [lr_t, b1, b2, eps]);
        self.iterations += 1;
        self.lr.step_info(it, lr, Some(lr_t))
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// `tf_keras.optimizers.legacy.Adamax` (fused `ResourceApplyAdaMax`):
/// ```text
/// m += (g - m) * (1 - beta_1)
/// u  = max(beta_2 * u, |g|)
/// p -= (lr / (1 - beta_1^t)) * (m / (u + epsilon))
/// ```
#[derive(Debug, Clone)]
pub struct LegacyAdamax {
    lr: LrPolicy,
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    m: Vec<f32>,
    u: Vec<f32>,
    iterations: u64,
}

impl LegacyAdamax {
    /// Builds legacy Adamax for `n` parameters.
    pub fn new(n: usize, lr: LrPolicy, beta_1: f64, beta_2: f64, epsilon: f64) -> Self {
        Self {
            lr,
            beta_1: beta_1 as f32,
            beta_2: beta_2 as f32,
            epsilon: epsilon as f32,
            m: vec![0.0; n],
            u: vec![0.0; n],
            iterations: 0,
        }
    }
}

impl Optimizer for LegacyAdamax {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        let b1p = beta_power(self.beta_1, it + 1);
        let scaled = z(lr / (1.0f32 - b1p));
        let (omb1, b2, eps) = (1.0f32 - self.beta_1, self.beta_2, self.epsilon);
        for ((p, &g), (m, u)) in params
            .iter_mut()
            .zip(grads)
            .zip(self.m.iter_mut().zip(self.u.iter_mut()))
        {
            let g = z(g);
            *m = z(*m + z(z(g - *m) * omb1));
            *u = z(b2 * *u).max(g.abs());
            *p = z(z(*p) - z(scaled * z(*m / (*u + eps))));
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, Some(scaled))
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// `tf_keras.optimizers.legacy.Nadam`.
///
/// **Legacy Nadam never decays the learning rate.** Its constructor does
/// `kwargs["decay"] = kwargs.pop("schedule_decay", 0.004)`, so a user's `decay=` is silently
/// replaced by `schedule_decay` (default 0.004), which only drives the momentum schedule
/// `mu_t = beta_1 * (1 - 0.5 * 0.96^(schedule_decay * t))`; the update reads the raw
/// `learning_rate`. (`optimizer._decayed_lr()` would still report `lr / (1 + 0.004 * it)`,
/// a value Nadam never uses.) Per update, `t = it + 1`, float32:
/// ```text
/// mu_t = beta_1 * (1 - 0.5 * 0.96^(schedule_decay * t)); mu_next likewise with t + 1
/// m_schedule_new = m_cache * mu_t (stored); m_schedule_next = m_schedule_new * mu_next
/// g' = g / (1 - m_schedule_new)
/// m = beta_1 * m + (1 - beta_1) * g;      m' = m / (1 - m_schedule_next)
/// v = beta_2 * v + (1 - beta_2) * g*g;    v' = v / (1 - beta_2^t)
/// m_bar = (1 - mu_t) * g' + mu_next * m'
/// p = p - (lr * m_bar) / (sqrt(v') + epsilon)
/// ```
#[derive(Debug, Clone)]
pub struct LegacyNadam {
    lr: LrPolicy,
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    schedule_decay: f32,
    m_cache: f32,
    /// `(iterations, mu)` computed as the previous update's `mu_next`.
    mu_next: Option<(u64, f32)>,
    m: Vec<f32>,
    v: Vec<f32>,
    iterations: u64,
}

impl LegacyNadam {
    /// Builds legacy Nadam for `n` parameters. `lr` must carry no decay (Nadam has none).
    pub fn new(
        n: usize,
        lr: LrPolicy,
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        schedule_decay: f64,
    ) -> Self {
        Self {
            lr,
            beta_1: beta_1 as f32,
            beta_2: beta_2 as f32,
            epsilon: epsilon as f32,
            schedule_decay: schedule_decay as f32,
            m_cache: 1.0,
            mu_next: None,
            m: vec![0.0; n],
            v: vec![0.0; n],
            iterations: 0,
        }
    }
}

impl Optimizer for LegacyNadam {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        let (b1, b2) = (self.beta_1, self.beta_2);
        let local_step = (it + 1) as f32;
        let next_step = (it + 2) as f32;
        let decay_base = 0.96f32;
        let mu = |step: f32| {
            z(b1 * (1.0f32 - z(0.5f32 * kpow(decay_base, z(self.schedule_decay * step)))))
        };
        // This update's mu_t is the previous update's mu_next (same float32 computation).
        let m_t = match self.mu_next {
            Some((at, mu_t)) if at == it => mu_t,
            _ => mu(local_step),
        };
        let m_t_1 = mu(next_step);
        self.mu_next = Some((it + 1, m_t_1));
        let m_schedule_new = z(self.m_cache * m_t);
        self.m_cache = m_schedule_new;
        let m_schedule_next = z(m_schedule_new * m_t_1);
        let (omb1, omb2) = (1.0f32 - b1, 1.0f32 - b2);
        let one_minus_m_t = 1.0f32 - m_t;
        let one_minus_msn = 1.0f32 - m_schedule_new;
        let one_minus_msnext = 1.0f32 - m_schedule_next;
        let v_den = 1.0f32 - beta_power(b2, it + 1);
        let eps = self.epsilon;
        for ((p, &g), (m, v)) in params
            .iter_mut()
            .zip(grads)
            .zip(self.m.iter_mut().zip(self.v.iter_mut()))
        {
            let g = z(g);
            let g_prime = z(g / one_minus_msn);
            *m = z(z(b1 * *m) + z(omb1 * g));
            let m_prime = z(*m / one_minus_msnext);
            *v = z(z(b2 * *v) + z(omb2 * z(g * g)));
            let v_prime = z(*v / v_den);
            let m_bar = z(z(one_minus_m_t * g_prime) + z(m_t_1 * m_prime));
            *p = z(z(*p) - z(z(lr * m_bar) / (v_prime.sqrt() + eps)));
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// `keras.optimizers.Adamax` (Keras 3). The bias correction divides the whole step instead of
/// scaling the lr first (as legacy's fused kernel does), and `1 - beta_1` is a Python double
/// rounded to float32:
/// ```text
/// [weight_decay: p -= (p * weight_decay) * lr]
/// m += (g - m) * (1 - beta_1)
/// u  = max(beta_2 * u, |g|)
/// p -= (lr * m) / ((1 - beta_1^t) * (u + epsilon))
/// ```
#[derive(Debug, Clone)]
pub struct Adamax {
    lr: LrPolicy,
    beta_1: f32,
    one_minus_beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    weight_decay: Option<f32>,
    m: Vec<f32>,
    u: Vec<f32>,
    iterations: u64,
}

impl Adamax {
    /// Builds Keras 3 Adamax for `n` parameters.
    pub fn new(
        n: usize,
        lr: LrPolicy,
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        weight_decay: Option<f64>,
    ) -> Self {
        Self {
            lr,
            beta_1: beta_1 as f32,
            one_minus_beta_1: one_minus(beta_1, OneMinus::Float64),
            beta_2: beta_2 as f32,
            epsilon: epsilon as f32,
            weight_decay: weight_decay.map(|w| w as f32),
            m: vec![0.0; n],
            u: vec![0.0; n],
            iterations: 0,
        }
    }
}

impl Optimizer for Adamax {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        let one_minus_b1p = 1.0f32 - beta_power(self.beta_1, it + 1);
        let (omb1, b2, eps) = (self.one_minus_beta_1, self.beta_2, self.epsilon);
        for ((p, &g), (m, u)) in params
            .iter_mut()
            .zip(grads)
            .zip(self.m.iter_mut().zip(self.u.iter_mut()))
        {
            let g = z(g);
            *m = z(*m + z(z(g - *m) * omb1));
            *u = z(b2 * *u).max(g.abs());
            *p = z(z(*p) - z(z(lr * *m) / z(one_minus_b1p * z(*u + eps))));
        }
        self.iterations += 1;
        // Keras 3 never forms lr / (1 - beta_1^t); it is shown as the step size because
        // that is what the bias correction does to the lr.
        self.lr.step_info(it, lr, Some(z(lr / one_minus_b1p)))
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}

/// `keras.optimizers.Nadam` (Keras 3). Not legacy Nadam: there is no `schedule_decay`, the
/// momentum schedule is `mu_t = beta_1 * (1 - 0.5 * 0.96^t)` (legacy: `0.96^(0.004 t)`, so
/// Keras 3's reaches `beta_1` within about a hundred steps where legacy's stays near
/// `beta_1 / 2` for thousands), the product of the `mu`s is a float32 variable `u_product`
/// updated once per step before the variables, and the moments use `m += (g - m) * (1 -
/// beta_1)` with `1 - beta_1` in float32. Per update, `t = it + 1`:
/// ```text
/// [weight_decay: p -= (p * weight_decay) * lr]
/// u_product = (u_product * beta_1) * (1 - 0.5 * 0.96^t)
/// u_t = beta_1 * (1 - 0.5 * 0.96^t);  u_t1 = beta_1 * (1 - 0.5 * 0.96^(t+1))
/// m += (g - m) * (1 - beta_1);  v += (g*g - v) * (1 - beta_2)
/// m_hat = (u_t1 * m) / (1 - u_product * u_t1) + ((1 - u_t) * g) / (1 - u_product)
/// p -= (m_hat * lr) / (sqrt(v / (1 - beta_2^t)) + epsilon)
/// ```
#[derive(Debug, Clone)]
pub struct Nadam {
    lr: LrPolicy,
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    weight_decay: Option<f32>,
    u_product: f32,
    m: Vec<f32>,
    v: Vec<f32>,
    iterations: u64,
}

impl Nadam {
    /// Builds Keras 3 Nadam for `n` parameters.
    pub fn new(
        n: usize,
        lr: LrPolicy,
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        weight_decay: Option<f64>,
    ) -> Self {
        Self {
            lr,
            beta_1: beta_1 as f32,
            beta_2: beta_2 as f32,
            epsilon: epsilon as f32,
            weight_decay: weight_decay.map(|w| w as f32),
            u_product: 1.0,
            m: vec![0.0; n],
            v: vec![0.0; n],
            iterations: 0,
        }
    }
}

impl Optimizer for Nadam {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.iterations;
        let lr = self.lr.effective(it);
        decoupled_weight_decay(params, self.weight_decay, lr);
        let (b1, b2) = (self.beta_1, self.beta_2);
        let half_one_minus = |step: u64| z(1.0f32 - z(0.5f32 * beta_power(0.96, step)));
        let (f_t, f_t1) = (half_one_minus(it + 1), half_one_minus(it + 2));
        // `u_product * beta_1 * (...)` multiplies left to right: not `u_product * u_t`.
        self.u_product = z(z(self.u_product * b1) * f_t);
        let u_t = z(b1 * f_t);
        let u_t1 = z(b1 * f_t1);
        let u_product_t = self.u_product;
        let u_product_t1 = z(u_product_t * u_t1);
        let one_minus_u_t = 1.0f32 - u_t;
        let one_minus_up_t = 1.0f32 - u_product_t;
        let one_minus_up_t1 = 1.0f32 - u_product_t1;
        let one_minus_b2p = 1.0f32 - beta_power(b2, it + 1);
        let (omb1, omb2, eps) = (1.0f32 - b1, 1.0f32 - b2, self.epsilon);
        for ((p, &g), (m, v)) in params
            .iter_mut()
            .zip(grads)
            .zip(self.m.iter_mut().zip(self.v.iter_mut()))
        {
            let g = z(g);
            *m = z(*m + z(z(g - *m) * omb1));
            *v = z(*v + z(z(z(g * g) - *v) * omb2));
            let m_hat =
                z(z(z(u_t1 * *m) / one_minus_up_t1) + z(z(one_minus_u_t * g) / one_minus_up_t));
            let v_hat = z(*v / one_minus_b2p);
            *p = z(z(*p) - z(z(m_hat * lr) / z(v_hat.sqrt() + eps)));
        }
        self.iterations += 1;
        self.lr.step_info(it, lr, None)
    }

    fn iterations(&self) -> u64 {
        self.iterations
    }
}
