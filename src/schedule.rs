//! Keras 3 learning-rate schedules (`keras.optimizers.schedules.*`), evaluated exactly as Keras
//! evaluates them: every argument is converted to `float32`, the step (`optimizer.iterations`
//! before the update, 0 for the first update) is cast to `float32`, and each operation rounds to
//! `float32` in Keras's order. `tf_keras.optimizers.schedules` uses the same formulas, so a
//! legacy optimizer given a schedule uses these too.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::optim::kmath::{kcos, kpow};

/// A Keras learning-rate schedule, as JSON: `{"schedule": "inverse_time_decay", ...}` with
/// Keras's argument names. Omitted optional arguments take Keras's defaults; unknown keys are
/// rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "schedule", rename_all = "snake_case", deny_unknown_fields)]
pub enum LearningRateSchedule {
    /// `keras.optimizers.schedules.InverseTimeDecay`:
    /// `initial_learning_rate / (1 + decay_rate * p)` with `p = step / decay_steps`
    /// (`floor`ed when `staircase`). With `decay_steps = 1` this is exactly legacy `decay`.
    InverseTimeDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        decay_rate: f64,
        /// Defaults to `false`.
        #[serde(default)]
        staircase: bool,
        /// Keras's op name (no effect on the values). Defaults to `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `keras.optimizers.schedules.ExponentialDecay`:
    /// `initial_learning_rate * decay_rate ^ p` with `p = step / decay_steps`
    /// (`floor`ed when `staircase`).
    ExponentialDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        decay_rate: f64,
        /// Defaults to `false`.
        #[serde(default)]
        staircase: bool,
        /// Keras's op name (no effect on the values). Defaults to `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `keras.optimizers.schedules.PiecewiseConstantDecay`: `values[0]` while
    /// `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <= boundaries[i]`,
    /// `values[last]` after the last boundary. Boundaries are steps (integers; a fractional
    /// boundary is truncated like Keras's cast to int64).
    PiecewiseConstantDecay {
        boundaries: Vec<f64>,
        values: Vec<f64>,
        /// Keras's op name (no effect on the values). Defaults to `"PiecewiseConstant"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `keras.optimizers.schedules.CosineDecay`, with optional linear warmup from
    /// `initial_learning_rate` to `warmup_target` over `warmup_steps`, then cosine decay over
    /// `decay_steps` to `alpha` times the peak, then constant.
    CosineDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        /// Defaults to `0.0`.
        #[serde(default)]
        alpha: f64,
        /// Keras's op name (no effect on the values). Defaults to `"CosineDecay"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Defaults to `None` (no warmup).
        #[serde(default)]
        warmup_target: Option<f64>,
        /// Defaults to `0`.
        #[serde(default)]
        warmup_steps: f64,
    },
}

fn finite_non_negative(field: &str, v: f64) -> Result<(), ConfigError> {
    if !v.is_finite() || v < 0.0 {
        return Err(ConfigError::new(
            field,
            format!("must be a finite number >= 0, got {v}"),
        ));
    }
    Ok(())
}

fn positive_steps(field: &str, v: f64) -> Result<(), ConfigError> {
    if !v.is_finite() || v <= 0.0 {
        return Err(ConfigError::new(
            field,
            format!("must be a finite number > 0 (Keras: `decay_steps` must be > 0), got {v}"),
        ));
    }
    Ok(())
}

impl LearningRateSchedule {
    /// Keras's class name, e.g. `"InverseTimeDecay"`.
    pub fn class_name(&self) -> &'static str {
        match self {
            Self::InverseTimeDecay { .. } => "InverseTimeDecay",
            Self::ExponentialDecay { .. } => "ExponentialDecay",
            Self::PiecewiseConstantDecay { .. } => "PiecewiseConstantDecay",
            Self::CosineDecay { .. } => "CosineDecay",
        }
    }

    /// Checks every argument; fields are named relative to the schedule (e.g. `decay_steps`),
    /// use [`ConfigError::within`] to prefix the parent.
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            Self::InverseTimeDecay {
                initial_learning_rate,
                decay_steps,
                decay_rate,
                ..
            }
            | Self::ExponentialDecay {
                initial_learning_rate,
                decay_steps,
                decay_rate,
                ..
            } => {
                finite_non_negative("initial_learning_rate", *initial_learning_rate)?;
                positive_steps("decay_steps", *decay_steps)?;
                finite_non_negative("decay_rate", *decay_rate)
            }
            Self::PiecewiseConstantDecay {
                boundaries, values, ..
            } => {
                if values.is_empty() {
                    return Err(ConfigError::new("values", "must hold at least one value"));
                }
                if boundaries.len() + 1 != values.len() {
                    return Err(ConfigError::new(
                        "boundaries",
                        format!(
                            "the length of boundaries should be 1 less than the length of values; \
                             got {} boundaries and {} values",
                            boundaries.len(),
                            values.len()
                        ),
                    ));
                }
                for (i, b) in boundaries.iter().enumerate() {
                    if !b.is_finite() {
                        return Err(ConfigError::new(
                            format!("boundaries[{i}]"),
                            format!("must be a finite step, got {b}"),
                        ));
                    }
                    if i > 0 && b.trunc() < boundaries[i - 1].trunc() {
                        return Err(ConfigError::new(
                            "boundaries",
                            "must be sorted in non-decreasing order",
                        ));
                    }
                }
                for (i, v) in values.iter().enumerate() {
                    finite_non_negative(&format!("values[{i}]"), *v)?;
                }
                Ok(())
            }
            Self::CosineDecay {
                initial_learning_rate,
                decay_steps,
                alpha,
                warmup_target,
                warmup_steps,
                ..
            } => {
                finite_non_negative("initial_learning_rate", *initial_learning_rate)?;
                positive_steps("decay_steps", *decay_steps)?;
                if !alpha.is_finite() || !(0.0..=1.0).contains(alpha) {
                    return Err(ConfigError::new(
                        "alpha",
                        format!("must be in [0, 1], got {alpha}"),
                    ));
                }
                if let Some(t) = warmup_target {
                    finite_non_negative("warmup_target", *t)?;
                }
                finite_non_negative("warmup_steps", *warmup_steps)
            }
        }
    }

    /// The learning rate at `step` (Keras: `schedule(optimizer.iterations)`), in `float32`.
    pub fn value(&self, step: u64) -> f32 {
        let s = step as f32;
        match self {
            Self::InverseTimeDecay {
                initial_learning_rate,
                decay_steps,
                decay_rate,
                staircase,
                ..
            } => {
                let lr0 = *initial_learning_rate as f32;
                let mut p = s / (*decay_steps as f32);
                if *staircase {
                    p = p.floor();
                }
                lr0 / (1.0 + (*decay_rate as f32) * p)
            }
            Self::ExponentialDecay {
                initial_learning_rate,
                decay_steps,
                decay_rate,
                staircase,
                ..
            } => {
                let lr0 = *initial_learning_rate as f32;
                let mut p = s / (*decay_steps as f32);
                if *staircase {
                    p = p.floor();
                }
                lr0 * kpow(*decay_rate as f32, p)
            }
            Self::PiecewiseConstantDecay {
                boundaries, values, ..
            } => {
                let st = step as f64;
                let idx = boundaries
                    .iter()
                    .position(|b| st <= b.trunc())
                    .unwrap_or(boundaries.len());
                values.get(idx).map_or(0.0, |v| *v as f32)
            }
            Self::CosineDecay {
                initial_learning_rate,
                decay_steps,
                alpha,
                warmup_target,
                warmup_steps,
                ..
            } => {
                let lr0 = *initial_learning_rate as f32;
                let ds = *decay_steps as f32;
                match warmup_target {
                    None => cosine_decay(s.min(ds), ds, lr0, *alpha),
                    Some(target) => {
                        let target = *target as f32;
                        let ws = *warmup_steps as f32;
                        let s = s.min(ds + ws);
                        if s < ws {
                            (target - lr0) * (s / ws) + lr0
                        } else {
                            cosine_decay(s - ws, ds, target, *alpha)
                        }
                    }
                }
            }
        }
    }
}

/// Keras 3 `CosineDecay._decay_function`, operation by operation in float32.
fn cosine_decay(step: f32, decay_steps: f32, decay_from_lr: f32, alpha: f64) -> f32 {
    let completed_fraction = step / decay_steps;
    let cosine_decayed = 0.5f32 * (1.0f32 + kcos(std::f32::consts::PI * completed_fraction));
    // `(1 - self.alpha)` is Python float arithmetic, rounded to float32 when it meets the tensor.
    let decayed = ((1.0 - alpha) as f32) * cosine_decayed + alpha as f32;
    decay_from_lr * decayed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<LearningRateSchedule, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn inverse_time_decay_steps_one_is_legacy_decay() {
        let s = parse(r#"{"schedule":"inverse_time_decay","initial_learning_rate":0.003,"decay_steps":1,"decay_rate":0.0002}"#).unwrap();
        for it in [0u64, 1, 7, 999, 2500] {
            let legacy = 0.003f32 / (1.0 + 0.0002f32 * it as f32);
            assert_eq!(s.value(it).to_bits(), legacy.to_bits());
        }
    }

    #[test]
    fn unknown_keys_and_variants_are_rejected() {
        let e = parse(r#"{"schedule":"inverse_time_decay","initial_learning_rate":0.1,"decay_steps":1,"decay_rate":0.1,"stair":true}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `stair`"), "{e}");
        let e = parse(r#"{"schedule":"linear","initial_learning_rate":0.1}"#).unwrap_err();
        assert!(e.to_string().contains("unknown variant `linear`"), "{e}");
    }

    #[test]
    fn piecewise_picks_values_at_boundaries() {
        let s = parse(
            r#"{"schedule":"piecewise_constant_decay","boundaries":[2,4],"values":[1.0,0.5,0.1]}"#,
        )
        .unwrap();
        let got: Vec<f32> = (0..6).map(|i| s.value(i)).collect();
        assert_eq!(got, vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.1]);
    }

    #[test]
    fn cosine_warmup_then_decay_then_floor() {
        let s = parse(r#"{"schedule":"cosine_decay","initial_learning_rate":0.0,"decay_steps":10,"alpha":0.1,"warmup_target":1.0,"warmup_steps":4}"#).unwrap();
        assert_eq!(s.value(0), 0.0);
        assert_eq!(s.value(2), 0.5);
        assert_eq!(s.value(4), 1.0);
        assert!((s.value(14) - 0.1).abs() < 1e-7);
        assert_eq!(s.value(100), s.value(14));
    }

    #[test]
    fn validation_names_fields() {
        let bad = [
            (
                r#"{"schedule":"exponential_decay","initial_learning_rate":0.1,"decay_steps":0,"decay_rate":0.5}"#,
                "decay_steps",
            ),
            (
                r#"{"schedule":"inverse_time_decay","initial_learning_rate":-0.1,"decay_steps":1,"decay_rate":0.5}"#,
                "initial_learning_rate",
            ),
            (
                r#"{"schedule":"piecewise_constant_decay","boundaries":[1,2],"values":[1.0,0.5]}"#,
                "boundaries",
            ),
            (
                r#"{"schedule":"piecewise_constant_decay","boundaries":[5,2],"values":[1.0,0.5,0.1]}"#,
                "boundaries",
            ),
            (
                r#"{"schedule":"cosine_decay","initial_learning_rate":0.1,"decay_steps":10,"alpha":2.0}"#,
                "alpha",
            ),
        ];
        for (json, field) in bad {
            let err = parse(json).unwrap().validate().unwrap_err();
            assert_eq!(err.field, field, "{json}");
        }
    }
}
