//! Keras optimizers as pure Rust over flat `f32` slices.
//!
//! Every optimizer works on one contiguous parameter buffer and its gradient buffer of the
//! same length (a 2D point has 2 parameters; the CNN flattens all its weights into one buffer).
//! The update rules are element-wise, so this is exactly what Keras does per variable.

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
pub mod rmsprop;
pub mod schedule;
pub mod sgd;
pub mod spec;

pub use config::{Api, LearningRate, OptimizerConfig, OptimizerKind, ResolvedConfig};
pub use epoch_plan::{epoch_plan, EpochPlan, NoPlan};
pub use fit::{summarize, FitConfig, FitPlan, RunSummary};
pub use lr::{lr_at, lr_schedule, LrPoint, LrTable};
