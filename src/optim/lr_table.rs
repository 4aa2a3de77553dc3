//! The learning rate as tables the charts and calculators read without running an optimizer:
//! [`lr_schedule`] for every update, [`lr_at`] for chosen ones. Each row is what the update at
//! that iteration records, from the resolved configuration's [`LrPolicy`].

use serde::Serialize;

use super::config::{OptimizerConfig, ResolvedConfig};
use super::lr::LrPolicy;
use super::StepInfo;
use crate::error::ConfigError;

/// The most iterations [`lr_schedule`] tabulates (2^24: Keras casts `iterations` to float32,
/// exact up to here).
pub const MAX_STEPS: u64 = 1 << 24;
/// The largest `iterations` [`lr_at`] answers for ([`MAX_STEPS`] × 1024: far beyond any
/// training run; Keras's float32 `iterations` is no longer exact there, and neither is this).
pub const MAX_ITERATION: u64 = MAX_STEPS * 1024;
/// The most points one [`lr_at`] call returns.
pub const MAX_LR_POINTS: usize = 1 << 20;

/// One row of [`lr_schedule`] / [`lr_at`]: exactly what the update at that iteration records
/// (see [`StepInfo`]).
pub type LrPoint = StepInfo;

/// The learning rate per update and per epoch, computed without running an optimizer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LrTable {
    /// One row per update, iterations `0..steps`.
    pub per_step: Vec<LrPoint>,
    /// With `steps_per_epoch`: one row per epoch, the lr of the epoch's first update
    /// (iteration `epoch * steps_per_epoch`); empty without.
    pub per_epoch: Vec<LrPoint>,
}

/// The row of the update at `iteration`, as that update would record it.
fn point(resolved: &ResolvedConfig, policy: &LrPolicy, iteration: u64) -> LrPoint {
    let effective_lr = policy.effective(iteration);
    policy.step_info(
        iteration,
        effective_lr,
        resolved.step_size(effective_lr, iteration),
    )
}

/// The effective and reported learning rate for iterations `0..steps` (and, given
/// `steps_per_epoch`, at the start of each epoch), exactly as the optimizer would use them.
pub fn lr_schedule(
    config: &OptimizerConfig,
    steps: u64,
    steps_per_epoch: Option<u64>,
) -> Result<LrTable, ConfigError> {
    let resolved = config.resolve()?;
    if steps > MAX_STEPS {
        return Err(ConfigError::new(
            "steps",
            format!("must be at most {MAX_STEPS}, got {steps}"),
        ));
    }
    if steps_per_epoch == Some(0) {
        return Err(ConfigError::new("steps_per_epoch", "must be >= 1, got 0"));
    }
    let policy = resolved.lr_policy();
    let per_step = (0..steps).map(|it| point(&resolved, &policy, it)).collect();
    let per_epoch = match steps_per_epoch {
        Some(spe) => (0..steps.div_ceil(spe))
            .map(|e| point(&resolved, &policy, e * spe))
            .collect(),
        None => Vec::new(),
    };
    Ok(LrTable {
        per_step,
        per_epoch,
    })
}

/// The learning rates at chosen iterations, without running an optimizer or materialising
/// every step: for calculators that look 50 epochs ahead. At most [`MAX_LR_POINTS`] points,
/// each at most [`MAX_ITERATION`].
pub fn lr_at(config: &OptimizerConfig, iterations: &[u64]) -> Result<Vec<LrPoint>, ConfigError> {
    if iterations.len() > MAX_LR_POINTS {
        return Err(ConfigError::new(
            "iterations",
            format!("at most {MAX_LR_POINTS} points, got {}", iterations.len()),
        ));
    }
    if let Some(&too_far) = iterations.iter().find(|&&it| it > MAX_ITERATION) {
        return Err(ConfigError::new(
            "iterations",
            format!("each must be at most {MAX_ITERATION}, got {too_far}"),
        ));
    }
    let resolved = config.resolve()?;
    let policy = resolved.lr_policy();
    Ok(iterations
        .iter()
        .map(|&it| point(&resolved, &policy, it))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lr_at_matches_the_full_schedule() {
        let c = OptimizerConfig::from_json(
            r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#,
        )
        .unwrap();
        let table = lr_schedule(&c, 4000, Some(1875)).unwrap();
        let points = lr_at(&c, &[0, 1875, 3750, 3999]).unwrap();
        for p in &points {
            assert_eq!(*p, table.per_step[p.iteration as usize]);
        }
        assert_eq!(table.per_epoch[1], table.per_step[1875]);
        // Far ahead without a 93,750-entry table: 50 epochs of 1875 updates.
        let far = lr_at(&c, &[50 * 1875]).unwrap()[0];
        assert!((far.effective_lr - 0.003 / (1.0 + 0.0002 * 93750.0)).abs() < 1e-9);
        assert_eq!(far.reported_lr, 0.003);
    }

    #[test]
    fn lr_at_names_the_field_past_its_limits() {
        let c = OptimizerConfig::from_json(r#"{"name": "sgd"}"#).unwrap();
        let e = lr_at(&c, &vec![0; MAX_LR_POINTS + 1]).unwrap_err();
        assert_eq!(e.field, "iterations");
        let e = lr_at(&c, &[1, MAX_ITERATION + 1]).unwrap_err();
        assert_eq!(e.field, "iterations");
        assert!(e.message.contains(&(MAX_ITERATION + 1).to_string()), "{e}");
        assert!(lr_at(&c, &[MAX_ITERATION]).is_ok());
    }
}
