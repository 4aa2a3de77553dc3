//! Keras optimizers as pure Rust over flat `f32` slices.
//!
//! Every optimizer works on one contiguous parameter buffer and its gradient buffer of the
//! same length (a 2D point has 2 parameters; the CNN flattens all its weights into one buffer).
//! The update rules are element-wise, so this is exactly what Keras does per variable.
//!
//! # The chain of files
//!
//! Each file imports only files listed before it (`tests/layers.rs` fails on an import cycle),
//! plus this header: [`StepInfo`], [`Optimizer`] and the decoupled weight decay, which every
//! optimizer uses.
//! 1. [`kmath`] (float32 `pow`/`cos`/`log` as Keras computes them) and [`spec`] (Keras's
//!    classes, [`Api`], [`OptimizerKind`], arguments, defaults and ranges, as data): the leaves.
//! 2. [`schedule`]: the Keras 3 schedules, their validation and math; its child
//!    `schedule/deserialize.rs` reads them from JSON.
//! 3. [`lr`]: the learning rate one update uses ([`lr::LrPolicy`], [`lr::legacy_decay`]).
//! 4. [`sgd`], [`rmsprop`], [`adagrad`], [`adam`]: the update rules, on `lr`.
//! 5. [`config`]: what the UI sends, resolved against `spec` and built into an optimizer.
//! 6. [`lr_table`]: the learning rate of every (or chosen) update from a configuration,
//!    without running an optimizer ([`lr_schedule`], [`lr_at`]).
//! 7. [`fit`] (`model.fit`'s arithmetic), then [`epoch_plan`](mod@epoch_plan) (the lr per
//!    epoch on top of it).

/// What one update did, for the charts: Keras's `iterations` before the update, the learning
/// rate the update really used, and the one Keras would report/log.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StepInfo {
    /// `optimizer.iterations` before this update (0 for the first update).
    pub iteration: u64,
    /// The learning rate this update used (after legacy `decay` or a schedule).
    pub effective_lr: f32,
    /// What `optimizer.lr` reports at this point, and so what History/CSVLogger/TensorBoard
    /// show: the base lr for legacy `decay`, the schedule's value for a schedule.
    pub reported_lr: f32,
    /// Adam family only: the bias-corrected step size `lr_t` folded into the update.
    pub step_size: Option<f32>,
}

/// One optimizer with its slot variables (moments, accumulators) for `n` parameters.
pub trait Optimizer: Send {
    /// Applies one update in place, like Keras's `apply_gradients`: the update uses the current
    /// `iterations`, then increments it. `params` and `grads` have the length the optimizer was
    /// built for.
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo;

    /// Keras's `optimizer.iterations`: the number of updates applied so far.
    fn iterations(&self) -> u64;
}

/// Keras 3's decoupled weight decay, applied before the update with the update's lr:
/// `p -= (p * weight_decay) * lr` (the TensorFlow backend's `variable.assign_sub(variable * wd
/// * lr)`).
#[inline]
pub(crate) fn decoupled_weight_decay(params: &mut [f32], weight_decay: Option<f32>, lr: f32) {
    use crate::simd::ftz as z;
    if let Some(wd) = weight_decay {
        for p in params.iter_mut() {
            *p = z(*p - z(z(z(*p) * wd) * lr));
        }
    }
}

pub mod adagrad;
pub mod adam;
pub mod config;
pub mod epoch_plan;
pub mod fit;
pub mod kmath;
pub mod lr;
pub mod lr_table;
pub mod rmsprop;
pub mod schedule;
pub mod sgd;
pub mod spec;

pub use config::{LearningRate, OptimizerConfig, ResolvedConfig};
pub use epoch_plan::{epoch_plan, EpochPlan, NoPlan};
pub use fit::{summarize, FitConfig, FitPlan, RunSummary};
pub use lr_table::{lr_at, lr_schedule, LrPoint, LrTable};
pub use spec::{Api, OptimizerKind};
