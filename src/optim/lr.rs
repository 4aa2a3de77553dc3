//! The learning rate of each update: a constant or a schedule, plus legacy `decay`
//! ([`LrPolicy`], and [`legacy_decay`], the one copy of its formula). The leaf every
//! optimizer's update reads; the tables of it computed without running an optimizer are
//! [`super::lr_table`].

use super::schedule::LearningRateSchedule;
use super::StepInfo;
use crate::simd::Lane;

/// Legacy `decay`, `lr / (1 + decay * iterations)` in float32 where `decay > 0` (else `lr`
/// unchanged): the one copy of the formula, for one learning rate (`f32`) or four lanes
/// ([`crate::simd::F32x4`], the sweep's).
#[inline(always)]
pub fn legacy_decay<L: Lane>(lr: L, decay: L, iterations: u64) -> L {
    let denominator = (L::splat(1.0) + (decay * L::splat(iterations as f32)).ftz()).ftz();
    L::select_positive(decay, (lr / denominator).ftz(), lr)
}

/// How an optimizer gets its learning rate at a given `iterations`.
#[derive(Debug, Clone, PartialEq)]
pub struct LrPolicy {
    base: LrBase,
    /// Legacy `decay` as float32 (0 = none): `lr / (1 + decay * iterations)`.
    decay: f32,
}

#[derive(Debug, Clone, PartialEq)]
enum LrBase {
    Constant(f32),
    Schedule(LearningRateSchedule),
}

impl LrPolicy {
    /// A constant learning rate (Keras stores it as a float32 variable), with legacy `decay`
    /// (pass 0 for none).
    pub fn constant(learning_rate: f64, decay: f64) -> Self {
        Self {
            base: LrBase::Constant(learning_rate as f32),
            decay: decay as f32,
        }
    }

    /// A schedule, with legacy `decay` applied on top (pass 0 for none; Keras 3 has none).
    pub fn schedule(schedule: LearningRateSchedule, decay: f64) -> Self {
        Self {
            base: LrBase::Schedule(schedule),
            decay: decay as f32,
        }
    }

    /// The learning rate the update at `iterations` uses: legacy `_decayed_lr(tf.float32)`,
    /// or Keras 3 `optimizer.learning_rate` before that update.
    #[inline]
    pub fn effective(&self, iterations: u64) -> f32 {
        legacy_decay(self.reported(iterations), self.decay, iterations)
    }

    /// The record of the update at `iterations` that used `effective_lr` (from
    /// [`Self::effective`]): the one place where the lr Keras reports is paired with it.
    #[inline]
    pub fn step_info(
        &self,
        iterations: u64,
        effective_lr: f32,
        step_size: Option<f32>,
    ) -> StepInfo {
        StepInfo {
            iteration: iterations,
            effective_lr,
            reported_lr: self.reported(iterations),
            step_size,
        }
    }

    /// What `optimizer.lr` / `optimizer.learning_rate` reports at `iterations`: the base lr
    /// for a constant (legacy `decay` is NOT reflected), `schedule(iterations)` for a schedule.
    #[inline]
    pub fn reported(&self, iterations: u64) -> f32 {
        match &self.base {
            LrBase::Constant(lr) => *lr,
            LrBase::Schedule(s) => s.value(iterations),
        }
    }
}
