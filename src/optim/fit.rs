//! How `model.fit` turns a data set into updates, and what the learning rate is after them.
//!
//! `iterations` counts batches, not epochs: with `samples` training examples, `validation_split`
//! held out and `batch_size` per update, one epoch is `ceil(train_samples / batch_size)`
//! updates, where Keras (tf_keras `data_adapter.train_validation_split`, Keras 3
//! `array_slicing.train_validation_split`) keeps `floor(samples · (1 − validation_split))`
//! samples for training. This is the arithmetic behind "after 50 epochs your lr is …", done once
//! here so that no page re-derives it.

use serde::{Deserialize, Serialize};

use super::config::OptimizerConfig;
use super::lr_table::MAX_ITERATION;
use crate::ConfigError;

/// The most samples a run may have (far beyond any data set that fits in memory).
pub const MAX_SAMPLES: u64 = 1_000_000_000_000;
/// The most epochs a run may have.
pub const MAX_EPOCHS: u64 = 100_000;
/// The most updates a run may have: where the lr is still looked up exactly
/// ([`MAX_ITERATION`], as `lrAt` allows).
pub const MAX_UPDATES: u64 = MAX_ITERATION;

/// `model.fit`'s arguments that decide how many updates an epoch has (Keras's names and
/// defaults: `batch_size` None means 32, `epochs` 1, `validation_split` 0).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FitConfig {
    /// Samples in `x` (before `validation_split` takes its share).
    pub samples: u64,
    #[serde(default = "default_batch_size")]
    pub batch_size: u64,
    #[serde(default = "default_epochs")]
    pub epochs: u64,
    #[serde(default)]
    pub validation_split: f64,
    /// Given to `fit`, it replaces `ceil(train_samples / batch_size)`.
    #[serde(default)]
    pub steps_per_epoch: Option<u64>,
}

fn default_batch_size() -> u64 {
    32
}

fn default_epochs() -> u64 {
    1
}

/// How many updates a fit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FitPlan {
    /// Samples left for training after `validation_split`.
    pub train_samples: u64,
    pub steps_per_epoch: u64,
    /// `epochs · steps_per_epoch`: `optimizer.iterations` after the fit.
    pub updates: u64,
}

impl FitConfig {
    /// `model.fit(x, …)` with `samples` examples in `x`, without `steps_per_epoch`.
    pub fn new(samples: u64, batch_size: u64, epochs: u64, validation_split: f64) -> Self {
        Self {
            samples,
            batch_size,
            epochs,
            validation_split,
            steps_per_epoch: None,
        }
    }

    /// Checks the arguments (each against Keras's rule, or this page's cap) and counts updates.
    pub fn plan(&self) -> Result<FitPlan, ConfigError> {
        let in_range = |field: &str, v: u64, min: u64, max: u64| {
            if (min..=max).contains(&v) {
                Ok(v)
            } else {
                Err(ConfigError::new(
                    field,
                    format!("must be a whole number from {min} to {max}, got {v}"),
                ))
            }
        };
        let samples = in_range("samples", self.samples, 1, MAX_SAMPLES)?;
        let batch_size = in_range("batch_size", self.batch_size, 1, MAX_SAMPLES)?;
        let epochs = in_range("epochs", self.epochs, 1, MAX_EPOCHS)?;
        let split = self.validation_split;
        if !(0.0..1.0).contains(&split) {
            return Err(ConfigError::new(
                "validation_split",
                format!("must be in [0, 1), got {split}"),
            ));
        }
        let train_samples = if split > 0.0 {
            // Python's `int(math.floor(samples * (1.0 - validation_split)))`, in doubles.
            let split_at = (samples as f64 * (1.0 - split)).floor() as u64;
            if split_at == 0 || split_at == samples {
                return Err(ConfigError::new(
                    "validation_split",
                    format!(
                        "{samples} samples are not enough to split into a validation and a \
                         training set with validation_split={split} (Keras raises ValueError)"
                    ),
                ));
            }
            split_at
        } else {
            samples
        };
        let steps_per_epoch = match self.steps_per_epoch {
            Some(s) => in_range("steps_per_epoch", s, 1, MAX_SAMPLES)?,
            None => train_samples.div_ceil(batch_size),
        };
        let updates = steps_per_epoch
            .checked_mul(epochs)
            .filter(|&u| u <= MAX_UPDATES)
            .ok_or_else(|| {
                ConfigError::new(
                    "epochs",
                    format!(
                        "{epochs} epochs of {steps_per_epoch} updates exceed {MAX_UPDATES} updates"
                    ),
                )
            })?;
        Ok(FitPlan {
            train_samples,
            steps_per_epoch,
            updates,
        })
    }
}

/// The numbers a person asks for: how many updates, and where the lr ends up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    #[serde(flatten)]
    pub plan: FitPlan,
    /// What `optimizer.lr` reports before the first update (History's and TensorBoard's value
    /// for a float lr with legacy `decay`).
    pub reported_lr: f32,
    /// The lr the first update uses.
    pub first_lr: f32,
    /// `optimizer.iterations` during the last update (`updates − 1`).
    pub last_iteration: u64,
    /// The lr the last update uses.
    pub last_lr: f32,
    /// What `optimizer.lr` reports at the last update.
    pub last_reported_lr: f32,
    /// `last_lr / first_lr` (in double): how much of the lr is left.
    pub last_fraction: f64,
    /// The lr of the first update of each epoch, and after the last one (`epochs + 1` values).
    pub epoch_effective_lr: Vec<f32>,
    /// What `optimizer.lr` reports at those points.
    pub epoch_reported_lr: Vec<f32>,
}

/// Summarises a fit with this optimizer; the learning rates come from the same policy the
/// optimizers run with.
pub fn summarize(optimizer: &OptimizerConfig, fit: &FitConfig) -> Result<RunSummary, ConfigError> {
    // resolve() names its fields `optimizer.*` itself.
    let resolved = optimizer.resolve()?;
    let plan = fit.plan().map_err(|e| e.within("fit"))?;
    let policy = resolved.lr_policy();
    let last_iteration = plan.updates - 1;
    let first_lr = policy.effective(0);
    let last_lr = policy.effective(last_iteration);
    let starts = (0..=fit.epochs).map(|e| e * plan.steps_per_epoch);
    Ok(RunSummary {
        plan,
        reported_lr: policy.reported(0),
        first_lr,
        last_iteration,
        last_lr,
        last_reported_lr: policy.reported(last_iteration),
        last_fraction: f64::from(last_lr) / f64::from(first_lr),
        epoch_effective_lr: starts.clone().map(|it| policy.effective(it)).collect(),
        epoch_reported_lr: starts.map(|it| policy.reported(it)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(samples: u64, batch_size: u64, epochs: u64, validation_split: f64) -> FitConfig {
        FitConfig::new(samples, batch_size, epochs, validation_split)
    }

    fn adam(json: &str) -> OptimizerConfig {
        OptimizerConfig::from_json(json).unwrap()
    }

    #[test]
    fn the_question_s_numbers() {
        let opt = adam(r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#);
        let s = summarize(&opt, &fit(60_000, 32, 50, 0.0)).unwrap();
        assert_eq!(s.plan.steps_per_epoch, 1875);
        assert_eq!(s.plan.updates, 93_750);
        assert_eq!(s.last_iteration, 93_749);
        assert_eq!(s.first_lr, 0.003);
        assert_eq!(s.reported_lr, 0.003);
        assert_eq!(s.last_reported_lr, 0.003);
        // 0.003 / (1 + 0.0002 · 93,749) = 1.5190e-4, the README's 0.000152.
        assert!((s.last_lr - 1.519_005e-4).abs() < 1e-9, "{}", s.last_lr);
        assert!((s.last_fraction - 0.050_633).abs() < 1e-5);
        assert_eq!(s.epoch_effective_lr.len(), 51);
        // After one epoch: 0.003 / (1 + 0.0002 · 1875) = 0.0021818…
        assert!((s.epoch_effective_lr[1] - 0.002_181_818).abs() < 1e-8);
        assert!(s.epoch_reported_lr.iter().all(|&r| r == 0.003));
        assert!(s.epoch_effective_lr.windows(2).all(|w| w[1] < w[0]));
    }

    #[test]
    fn epoch_values_are_the_lr_of_the_updates_at_those_iterations() {
        let opt = adam(r#"{"name": "sgd", "learning_rate": 0.01, "decay": 1e-6, "momentum": 0.9}"#);
        let s = summarize(&opt, &fit(1000, 64, 3, 0.0)).unwrap();
        let table = super::super::lr_schedule(&opt, 48, Some(16)).unwrap();
        assert_eq!(s.plan.steps_per_epoch, 16);
        for (e, p) in table.per_epoch.iter().enumerate() {
            assert_eq!(s.epoch_effective_lr[e], p.effective_lr);
        }
        assert_eq!(s.last_lr, table.per_step[47].effective_lr);
    }

    #[test]
    fn validation_split_takes_keras_s_floor() {
        // 60,000 · 0.9 = 54,000 training samples: 844 batches of 64 (the last one short).
        let p = fit(60_000, 64, 1, 0.1).plan().unwrap();
        assert_eq!((p.train_samples, p.steps_per_epoch), (54_000, 844));
        // 10 · (1 − 0.15) = 8.5 → 8.
        assert_eq!(fit(10, 1, 1, 0.15).plan().unwrap().train_samples, 8);
        let e = fit(1, 1, 1, 0.5).plan().unwrap_err();
        assert_eq!(e.field, "validation_split");
        assert_eq!(
            fit(1, 1, 1, 1.0).plan().unwrap_err().field,
            "validation_split"
        );
        assert_eq!(
            fit(1, 1, 1, -0.1).plan().unwrap_err().field,
            "validation_split"
        );
        assert_eq!(
            fit(1, 1, 1, f64::NAN).plan().unwrap_err().field,
            "validation_split"
        );
    }

    #[test]
    fn steps_per_epoch_overrides_the_batches() {
        let mut f = fit(60_000, 32, 2, 0.0);
        f.steps_per_epoch = Some(100);
        assert_eq!(f.plan().unwrap().updates, 200);
    }

    #[test]
    fn bad_arguments_name_their_field() {
        assert_eq!(fit(0, 32, 1, 0.0).plan().unwrap_err().field, "samples");
        assert_eq!(fit(10, 0, 1, 0.0).plan().unwrap_err().field, "batch_size");
        assert_eq!(fit(10, 1, 0, 0.0).plan().unwrap_err().field, "epochs");
        let e = fit(MAX_SAMPLES, 1, MAX_EPOCHS, 0.0).plan().unwrap_err();
        assert_eq!(e.field, "epochs");
        assert!(e.message.contains("exceed"), "{e}");
        let e = summarize(&adam(r#"{"name": "adam"}"#), &fit(0, 32, 1, 0.0)).unwrap_err();
        assert_eq!(e.field, "fit.samples");
        let opt = adam(r#"{"name": "adam", "beta_1": 1}"#);
        let e = summarize(&opt, &fit(10, 1, 1, 0.0)).unwrap_err();
        assert_eq!(e.field, "optimizer.beta_1");
    }

    #[test]
    fn keras_defaults_fill_what_fit_leaves_out() {
        let f: FitConfig = serde_json::from_str(r#"{"samples": 100}"#).unwrap();
        assert_eq!((f.batch_size, f.epochs, f.validation_split), (32, 1, 0.0));
        assert!(serde_json::from_str::<FitConfig>(r#"{"samples": 1, "batch": 3}"#).is_err());
    }

    #[test]
    fn a_schedule_reports_what_it_uses() {
        let opt = adam(
            r#"{"name": "adam", "learning_rate": {"schedule": "inverse_time_decay",
                "initial_learning_rate": 0.003, "decay_steps": 1, "decay_rate": 0.0002}}"#,
        );
        let s = summarize(&opt, &fit(60_000, 32, 50, 0.0)).unwrap();
        assert_eq!(s.last_reported_lr, s.last_lr);
        let legacy = adam(r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#);
        let l = summarize(&legacy, &fit(60_000, 32, 50, 0.0)).unwrap();
        assert_eq!(s.epoch_effective_lr, l.epoch_effective_lr);
    }
}
