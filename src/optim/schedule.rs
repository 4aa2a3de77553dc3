//! Keras 3 learning-rate schedules (`keras.optimizers.schedules.*`), evaluated exactly as Keras
//! evaluates them: every argument is converted to `float32`, the step (`optimizer.iterations`
//! before the update, 0 for the first update) is cast to `float32`, and each operation rounds to
//! `float32` in Keras's order. `tf_keras.optimizers.schedules` uses the same formulas, so a
//! legacy optimizer given a schedule uses these too.

use serde::Serialize;

use crate::error::ConfigError;
use crate::optim::kmath::{kcos, klog, kpow};
use crate::optim::spec::{self, ScheduleSpec};
use crate::simd::ftz as z;

mod deserialize;

/// A Keras learning-rate schedule, as JSON: `{"schedule": "inverse_time_decay", ...}` with
/// Keras's argument names. Omitted optional arguments take Keras's defaults; unknown keys are
/// rejected.
///
/// `Deserialize` is written by hand (in `schedule/deserialize.rs`): serde's derive for an
/// internally tagged enum buffers the object in its generic `Content` tree, about 10 KB of gzip
/// in every wasm module.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "schedule", rename_all = "snake_case")]
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
    /// `keras.optimizers.schedules.PolynomialDecay`:
    /// `(initial_learning_rate - end_learning_rate) * (1 - p) ^ power + end_learning_rate` with
    /// `p = min(step, decay_steps) / decay_steps`, i.e. `end_learning_rate` from `decay_steps`
    /// on. With `cycle`, `decay_steps` is instead multiplied by `ceil(step / decay_steps)` (1 at
    /// step 0), so the lr jumps back up at every multiple of `decay_steps` after the first.
    PolynomialDecay {
        initial_learning_rate: f64,
        decay_steps: f64,
        /// Defaults to `0.0001`.
        #[serde(default = "default_end_learning_rate")]
        end_learning_rate: f64,
        /// Defaults to `1.0` (linear).
        #[serde(default = "default_power")]
        power: f64,
        /// Defaults to `false`.
        #[serde(default)]
        cycle: bool,
        /// Keras's op name (no effect on the values). Defaults to `"PolynomialDecay"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `keras.optimizers.schedules.CosineDecayRestarts` (SGDR): cosine decay from
    /// `initial_learning_rate` to `alpha` times it over `first_decay_steps`, then a restart; each
    /// period is `t_mul` times longer than the one before and starts from `m_mul` times the
    /// previous peak.
    CosineDecayRestarts {
        initial_learning_rate: f64,
        first_decay_steps: f64,
        /// Defaults to `2.0`.
        #[serde(default = "default_t_mul")]
        t_mul: f64,
        /// Defaults to `1.0`.
        #[serde(default = "default_m_mul")]
        m_mul: f64,
        /// Defaults to `0.0`.
        #[serde(default)]
        alpha: f64,
        /// Keras's op name (no effect on the values). Defaults to `"SGDRDecay"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
}

fn default_end_learning_rate() -> f64 {
    spec::schedule_default("polynomial_decay", "end_learning_rate")
}

fn default_power() -> f64 {
    spec::schedule_default("polynomial_decay", "power")
}

fn default_t_mul() -> f64 {
    spec::schedule_default("cosine_decay_restarts", "t_mul")
}

fn default_m_mul() -> f64 {
    spec::schedule_default("cosine_decay_restarts", "m_mul")
}

impl LearningRateSchedule {
    /// Keras's class name, e.g. `"InverseTimeDecay"`.
    pub fn class_name(&self) -> &'static str {
        match self {
            Self::InverseTimeDecay { .. } => "InverseTimeDecay",
            Self::ExponentialDecay { .. } => "ExponentialDecay",
            Self::PiecewiseConstantDecay { .. } => "PiecewiseConstantDecay",
            Self::CosineDecay { .. } => "CosineDecay",
            Self::PolynomialDecay { .. } => "PolynomialDecay",
            Self::CosineDecayRestarts { .. } => "CosineDecayRestarts",
        }
    }

    /// This schedule's row of the Keras table.
    pub fn spec(&self) -> &'static ScheduleSpec {
        spec::schedule_by_class(self.class_name()).expect("every schedule has a row in SCHEDULES")
    }

    /// Checks every argument against its range in the Keras table, then the rules between
    /// arguments; fields are named relative to the schedule (e.g. `decay_steps`), use
    /// [`ConfigError::within`] to prefix the parent.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let spec = self.spec();
        let check = |name: &str, v: f64| spec.check(name, name, v).map(|_| ());
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
                check("initial_learning_rate", *initial_learning_rate)?;
                check("decay_steps", *decay_steps)?;
                check("decay_rate", *decay_rate)
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
                    spec.check("values", &format!("values[{i}]"), *v)?;
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
                check("initial_learning_rate", *initial_learning_rate)?;
                check("decay_steps", *decay_steps)?;
                check("alpha", *alpha)?;
                if let Some(t) = warmup_target {
                    check("warmup_target", *t)?;
                }
                check("warmup_steps", *warmup_steps)
            }
            Self::PolynomialDecay {
                initial_learning_rate,
                decay_steps,
                end_learning_rate,
                power,
                cycle,
                ..
            } => {
                check("initial_learning_rate", *initial_learning_rate)?;
                check("decay_steps", *decay_steps)?;
                // With a fractional period, ceil(step / decay_steps) * decay_steps can round
                // below the step in float32, and beyond 2^24 step / decay_steps underflows to
                // 0: 1 - p < 0, a negative, infinite or NaN learning rate in Keras. Whole
                // periods up to 2^24 (float32's exact integers) are exact.
                if *cycle
                    && (decay_steps.fract() != 0.0 || !(1.0..=16_777_216.0).contains(decay_steps))
                {
                    return Err(ConfigError::new(
                        "decay_steps",
                        format!(
                            "must be a whole number of steps in [1, 16777216] with cycle=True \
                             (otherwise Keras's float32 arithmetic can give a negative or NaN \
                             learning rate), got {decay_steps}"
                        ),
                    ));
                }
                check("end_learning_rate", *end_learning_rate)?;
                check("power", *power)
            }
            Self::CosineDecayRestarts {
                initial_learning_rate,
                first_decay_steps,
                t_mul,
                m_mul,
                alpha,
                ..
            } => {
                // The ranges keep Keras's arithmetic finite for every step up to 2^24 (the
                // most the playground runs): a fraction of a step, or periods growing by more
                // than 1000x, overflow float32 in the restart index; periods that shrink
                // (t_mul < 1) add up to at most first_decay_steps / (1 - t_mul) steps, after
                // which Keras takes the log of a negative number; peaks that grow (m_mul > 1)
                // reach inf, and inf * (1 - alpha) is NaN for alpha 1.
                check("initial_learning_rate", *initial_learning_rate)?;
                check("first_decay_steps", *first_decay_steps)?;
                check("t_mul", *t_mul)?;
                check("m_mul", *m_mul)?;
                check("alpha", *alpha)
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
            Self::PolynomialDecay {
                initial_learning_rate,
                decay_steps,
                end_learning_rate,
                power,
                cycle,
                ..
            } => polynomial_decay(
                s,
                *initial_learning_rate as f32,
                *decay_steps as f32,
                *end_learning_rate as f32,
                *power as f32,
                *cycle,
            ),
            Self::CosineDecayRestarts {
                initial_learning_rate,
                first_decay_steps,
                t_mul,
                m_mul,
                alpha,
                ..
            } => cosine_decay_restarts(
                s,
                *initial_learning_rate as f32,
                *first_decay_steps as f32,
                *t_mul as f32,
                *m_mul as f32,
                *alpha as f32,
            ),
        }
    }
}

/// Keras 3 `PolynomialDecay.__call__`, operation by operation in float32.
fn polynomial_decay(
    step: f32,
    lr0: f32,
    decay_steps: f32,
    end: f32,
    power: f32,
    cycle: bool,
) -> f32 {
    let (step, decay_steps) = if cycle {
        // `ops.where(step == 0, 1.0, ceil(step / decay_steps))`: without the 1 the first
        // period would have length 0.
        let multiplier = if step == 0.0 {
            1.0
        } else {
            z(step / decay_steps).ceil()
        };
        (step, z(decay_steps * multiplier))
    } else {
        (step.min(decay_steps), decay_steps)
    };
    let p = z(step / decay_steps);
    z(z(z(lr0 - end) * kpow(z(1.0 - p), power)) + end)
}

/// Keras 3 `CosineDecayRestarts.__call__`, operation by operation in float32. Unlike
/// `CosineDecay`, `alpha` is cast to a float32 tensor first, so `1 - alpha` is float32.
fn cosine_decay_restarts(
    step: f32,
    lr0: f32,
    first_decay_steps: f32,
    t_mul: f32,
    m_mul: f32,
    alpha: f32,
) -> f32 {
    let completed_fraction = z(step / first_decay_steps);
    let (i_restart, completed_fraction) = if t_mul == 1.0 {
        let i = completed_fraction.floor();
        (i, z(completed_fraction - i))
    } else {
        // Which period: the largest i with first_decay_steps * (t_mul^i - 1) / (t_mul - 1) <=
        // step, solved with logs as Keras does (so a step right at a restart lands where
        // Keras's rounding puts it).
        let one_minus_t_mul = z(1.0 - t_mul);
        let i = z(klog(z(1.0 - z(completed_fraction * one_minus_t_mul))) / klog(t_mul)).floor();
        let sum_r = z(z(1.0 - kpow(t_mul, i)) / one_minus_t_mul);
        (i, z(z(completed_fraction - sum_r) / kpow(t_mul, i)))
    };
    let m_fac = kpow(m_mul, i_restart);
    let cosine_decayed =
        z(z(0.5 * m_fac) * z(1.0 + kcos(z(std::f32::consts::PI * completed_fraction))));
    let decayed = z(z(z(1.0 - alpha) * cosine_decayed) + alpha);
    z(lr0 * decayed)
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
    fn polynomial_reaches_the_end_at_decay_steps_or_cycles() {
        let s = parse(
            r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":10}"#,
        )
        .unwrap();
        assert_eq!(s.value(0), 0.1);
        assert_eq!(s.value(10), 0.0001);
        assert_eq!(s.value(1000), 0.0001);
        let c = parse(r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":10,"end_learning_rate":0.0,"cycle":true}"#).unwrap();
        // Step 0 uses one period; step 10 ends the first; step 11 starts a period of 20 steps.
        assert_eq!(c.value(0), 0.1);
        assert_eq!(c.value(10), 0.0);
        assert!(c.value(11) > 0.04 && c.value(11) < 0.05, "{}", c.value(11));
    }

    #[test]
    fn cosine_restarts_restart_at_each_period() {
        let s = parse(r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":1.0,"first_decay_steps":10}"#).unwrap();
        // Periods of 10, 20, 40 steps start at 0, 10, 30.
        for start in [0, 10, 30] {
            assert_eq!(s.value(start), 1.0, "restart at {start}");
        }
        assert!(s.value(9) < 0.03 && s.value(29) < 0.01);
        let m = parse(r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":1.0,"first_decay_steps":10,"t_mul":1.0,"m_mul":0.5}"#).unwrap();
        assert_eq!((m.value(10), m.value(20), m.value(30)), (0.5, 0.25, 0.125));
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
            (
                r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":0}"#,
                "decay_steps",
            ),
            (
                r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":5,"power":-1}"#,
                "power",
            ),
            (
                r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":5,"end_learning_rate":-1e-4}"#,
                "end_learning_rate",
            ),
            (
                r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":-3}"#,
                "first_decay_steps",
            ),
            (
                r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":3,"t_mul":0.5}"#,
                "t_mul",
            ),
            (
                r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":3,"m_mul":-0.5}"#,
                "m_mul",
            ),
            (
                r#"{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":3,"alpha":1.5}"#,
                "alpha",
            ),
        ];
        for (json, field) in bad {
            let err = parse(json).unwrap().validate().unwrap_err();
            assert_eq!(err.field, field, "{json}");
        }
    }
}
