//! "My plan was to lower the lr once per epoch": the per-epoch forms of a run's inverse-time
//! decay, with the run's own updates per epoch, and the learning rate each form gives at every
//! epoch, computed the way the code that implements it computes it.
//!
//! Legacy `decay` lowers the lr at every update: `lr / (1 + decay · iterations)`. Stepping it
//! once per epoch instead keeps the lr constant within an epoch and drops it at each epoch
//! boundary. The forms a person can paste:
//!
//! - Keras 3 `InverseTimeDecay(lr, decay_steps=S, decay_rate=decay · S, staircase=True)` with
//!   `S` updates per epoch: `lr / (1 + decay_rate · floor(iterations / S))` in float32, the
//!   per-update lr of the first update of every epoch.
//! - Keras 3 `ExponentialDecay(lr, decay_steps=S, decay_rate=factor, staircase=True)`: the lr
//!   multiplied by one factor per epoch, the factor chosen so that the last epoch uses (to six
//!   digits) the lr of the inverse-time plan's last epoch.
//! - A `LearningRateScheduler` callback (Keras 2 and Keras 3 alike) returning
//!   `lr / (1 + decay_rate · epoch)`: Python computes it in double and Keras stores it in the
//!   float32 lr variable at the start of each epoch.
//! - PyTorch `LambdaLR(optimizer, lambda epoch: 1 / (1 + decay_rate · epoch))` and
//!   `StepLR(optimizer, step_size=1, gamma=factor)`, stepped once per epoch: the param group's
//!   lr is a double, `base_lr · lambda(epoch)` and `lr · gamma` epoch after epoch.
//!
//! Every number a snippet prints (`decay_rate`, `factor`) is chosen here, once, so that the code
//! a person copies and the values this module computes for it are the same.

use serde::Serialize;

use super::config::{LearningRate, OptimizerConfig};
use super::fit::{FitConfig, FitPlan};
use super::lr::legacy_decay;
use super::schedule::LearningRateSchedule;
use super::spec::{Api, OptimizerKind};
use crate::ConfigError;

/// Significant digits of the printed `decay_rate` (`decay · updates per epoch`): enough to keep
/// every digit of a typed decay, few enough that `0.0002 · 1875` prints as `0.375`.
const RATE_DIGITS: i32 = 12;
/// Significant digits of the printed per-epoch factor.
const FACTOR_DIGITS: i32 = 6;

/// Where the plan's per-update rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// Legacy `decay`, applied per update by the run itself.
    Decay,
    /// `decay=` as written, which this run's Keras ignores (Keras 3, legacy Nadam): the plan
    /// is what the code meant.
    IgnoredDecay,
    /// The run's own `InverseTimeDecay` (not staircase): `decay_rate / decay_steps` per update.
    InverseTimeDecay,
}

/// The learning rate of every form at every epoch (index `e`: epoch `e + 1`, whose first
/// update has `iterations = e · steps_per_epoch`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerEpoch {
    /// `iterations` of each epoch's first update.
    pub iteration: Vec<u64>,
    /// What this run, as configured, uses at each epoch's first update.
    pub run_first: Vec<f32>,
    /// What this run uses at each epoch's last update.
    pub run_last: Vec<f32>,
    /// Legacy `decay` with the plan's rate, `lr / (1 + decay · iterations)`, at each epoch's
    /// first update (float32, as tf_keras computes it).
    pub per_update: Vec<f32>,
    /// Keras 3 `InverseTimeDecay(…, staircase=True)`: the lr of every update of the epoch.
    pub inverse_time: Vec<f32>,
    /// Keras 3 `ExponentialDecay(…, staircase=True)` (empty with one epoch).
    pub exponential: Vec<f32>,
    /// `LearningRateScheduler`'s lr for the epoch, as the float32 variable holds it.
    pub scheduler_callback: Vec<f32>,
    /// PyTorch `LambdaLR`'s lr for the epoch (a double).
    pub torch_lambda: Vec<f64>,
    /// PyTorch `StepLR(step_size=1, gamma=factor)`'s lr for the epoch (empty with one epoch).
    pub torch_step: Vec<f64>,
}

/// The once-per-epoch plan of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpochPlan {
    #[serde(flatten)]
    pub fit: FitPlan,
    pub epochs: u64,
    /// The base learning rate, as written.
    pub learning_rate: f64,
    /// The per-update inverse-time rate the plan spreads over epochs.
    pub decay: f64,
    pub source: RateSource,
    /// `decay_steps` of both Keras 3 schedules: the run's updates per epoch.
    pub decay_steps: u64,
    /// `decay · decay_steps`, to 12 significant digits: the inverse-time rate per
    /// epoch.
    pub decay_rate: f64,
    /// The per-epoch factor of the exponential form, to 6 significant digits;
    /// `None` with one epoch (no boundary to drop at).
    pub factor: Option<f64>,
    /// The Keras 3 inverse-time schedule, as a `learning_rate` configuration.
    pub inverse_time: LearningRateSchedule,
    /// The Keras 3 exponential schedule (with a factor).
    pub exponential: Option<LearningRateSchedule>,
    pub per_epoch: PerEpoch,
}

/// Why a run has no per-epoch plan (its lr is not inverse-time decay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoPlan {
    pub reason: String,
}

/// `10^n` for `0 <= n <= 22`: exact in a double.
fn pow10(n: i32) -> f64 {
    (0..n).fold(1.0, |p, _| p * 10.0)
}

/// `v` rounded to `digits` significant decimal digits: the double nearest to `m · 10^k` with `m`
/// a `digits`-digit integer, from one operation on exact operands (so rounded once, as reading
/// the printed decimal back would be). Without float formatting or parsing, which would add
/// about 14 KB to every wasm module that plans. `v` outside `[1e-10, 1e10]` is returned as is.
fn significant(v: f64, digits: i32) -> f64 {
    if !(1e-10..=1e10).contains(&v) {
        return v;
    }
    // The decimal exponent of the leading digit: 10^e <= v < 10^(e + 1).
    let mut e = 0;
    while e < 10 && v >= pow10(e + 1) {
        e += 1;
    }
    while e > -10 && v < 1.0 / pow10(-e) {
        e -= 1;
    }
    let k = e - digits + 1;
    if k <= 0 {
        ((v * pow10(-k) + 0.5).floor()) / pow10(-k)
    } else {
        ((v / pow10(k) + 0.5).floor()) * pow10(k)
    }
}

/// The base lr and per-update rate of a run, or why it has none.
fn inverse_time_rate(
    config: &OptimizerConfig,
) -> Result<Result<(f64, f64, RateSource), NoPlan>, ConfigError> {
    let resolved = config.resolve()?;
    let no = |reason: String| Ok(Err(NoPlan { reason }));
    match &resolved.learning_rate {
        LearningRate::Constant(lr) => {
            if resolved.decay > 0.0 {
                return Ok(Ok((*lr, resolved.decay, RateSource::Decay)));
            }
            let written = config.decay.unwrap_or(0.0);
            if written > 0.0 {
                return Ok(Ok((*lr, written, RateSource::IgnoredDecay)));
            }
            let why = if resolved.api == Api::Legacy && resolved.name == OptimizerKind::Nadam {
                "legacy Nadam's lr never decays"
            } else {
                "with decay 0 every update uses learning_rate"
            };
            no(format!(
                "This run's lr is constant ({why}): give decay a value to see it spread over epochs."
            ))
        }
        LearningRate::Schedule(LearningRateSchedule::InverseTimeDecay {
            initial_learning_rate,
            decay_steps,
            decay_rate,
            staircase: false,
            ..
        }) if resolved.decay == 0.0 => Ok(Ok((
            *initial_learning_rate,
            decay_rate / decay_steps,
            RateSource::InverseTimeDecay,
        ))),
        LearningRate::Schedule(s) => no(format!(
            "This run's lr comes from {} (with staircase or legacy decay on top), not from legacy \
             decay: the per-epoch plan is for inverse-time decay per update.",
            s.class_name()
        )),
    }
}

/// The per-epoch plan of `optimizer` trained with `fit`: `Ok(Err(_))` when the run's lr is not
/// inverse-time decay (a constant lr, another schedule), `Err` for invalid input (named field).
pub fn epoch_plan(
    optimizer: &OptimizerConfig,
    fit: &FitConfig,
) -> Result<Result<EpochPlan, NoPlan>, ConfigError> {
    let fit_plan = fit.plan().map_err(|e| e.within("fit"))?;
    let (lr, decay, source) = match inverse_time_rate(optimizer)? {
        Ok(r) => r,
        Err(no) => return Ok(Err(no)),
    };
    let spe = fit_plan.steps_per_epoch;
    let epochs = fit.epochs;
    let decay_rate = significant(decay * spe as f64, RATE_DIGITS);
    // The factor whose (epochs − 1)th power is the inverse-time plan's drop by the last epoch.
    // In float32 with the core's own powf: the same bits natively and in wasm, and no second
    // pow in the module. Where the exact power lies within float32's error of a sixth-digit
    // rounding boundary the factor may end one unit away from it; the printed factor is the one
    // every form uses.
    let factor = (epochs > 1).then(|| {
        let last = epochs - 1;
        let drop = (1.0 + decay_rate * last as f64) as f32;
        significant(
            f64::from(crate::libm::powf(drop, -1.0 / last as f32)),
            FACTOR_DIGITS,
        )
    });
    let inverse_time = LearningRateSchedule::InverseTimeDecay {
        initial_learning_rate: lr,
        decay_steps: spe as f64,
        decay_rate,
        staircase: true,
        name: None,
    };
    let exponential = factor.map(|f| LearningRateSchedule::ExponentialDecay {
        initial_learning_rate: lr,
        decay_steps: spe as f64,
        decay_rate: f,
        staircase: true,
        name: None,
    });
    inverse_time.validate().map_err(|e| e.within("plan"))?;
    if let Some(s) = &exponential {
        s.validate().map_err(|e| e.within("plan"))?;
    }

    let policy = optimizer.resolve()?.lr_policy();
    let lr32 = lr as f32;
    let decay32 = decay as f32;
    let mut per_epoch = PerEpoch {
        iteration: Vec::new(),
        run_first: Vec::new(),
        run_last: Vec::new(),
        per_update: Vec::new(),
        inverse_time: Vec::new(),
        exponential: Vec::new(),
        scheduler_callback: Vec::new(),
        torch_lambda: Vec::new(),
        torch_step: Vec::new(),
    };
    let mut step_lr = lr;
    for e in 0..epochs {
        let it = e * spe;
        per_epoch.iteration.push(it);
        per_epoch.run_first.push(policy.effective(it));
        per_epoch.run_last.push(policy.effective(it + spe - 1));
        per_epoch.per_update.push(legacy_decay(lr32, decay32, it));
        per_epoch.inverse_time.push(inverse_time.value(it));
        if let Some(s) = &exponential {
            per_epoch.exponential.push(s.value(it));
        }
        // Python: `lr / (1 + decay_rate * epoch)` in double; Keras assigns it to a float32.
        per_epoch
            .scheduler_callback
            .push((lr / (1.0 + decay_rate * e as f64)) as f32);
        // LambdaLR: `base_lr * lr_lambda(epoch)`, lr_lambda = `1 / (1 + decay_rate * epoch)`.
        per_epoch
            .torch_lambda
            .push(lr * (1.0 / (1.0 + decay_rate * e as f64)));
        // StepLR multiplies the group's lr by gamma at each step after the first epoch.
        if let Some(f) = factor {
            if e > 0 {
                step_lr *= f;
            }
            per_epoch.torch_step.push(step_lr);
        }
    }
    Ok(Ok(EpochPlan {
        fit: fit_plan,
        epochs,
        learning_rate: lr,
        decay,
        source,
        decay_steps: spe,
        decay_rate,
        factor,
        inverse_time,
        exponential,
        per_epoch,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(samples: u64, batch_size: u64, epochs: u64, validation_split: f64) -> FitConfig {
        FitConfig::new(samples, batch_size, epochs, validation_split)
    }

    fn plan(optimizer: &str, f: FitConfig) -> EpochPlan {
        epoch_plan(&OptimizerConfig::from_json(optimizer).unwrap(), &f)
            .unwrap()
            .unwrap()
    }

    const QUESTION: &str = r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#;

    #[test]
    fn significant_digits_read_back_as_the_printed_decimal() {
        for (v, digits, printed) in [
            (0.0002 * 1875.0, 12, "0.375"),
            (1e-4 * 352.0, 12, "0.0352"),
            (0.01 * 100.0, 12, "1"),
            (0.941_304_4, 6, "0.941304"),
            (123_456.789, 4, "123500"),
            (9.999_996e-3, 6, "0.01"),
            (2.5e-7 * 3.0, 12, "7.5e-7"),
        ] {
            let want: f64 = printed.parse().unwrap();
            assert_eq!(significant(v, digits).to_bits(), want.to_bits(), "{v}");
        }
        assert_eq!(significant(1e300, 6), 1e300);
    }

    #[test]
    fn the_question_s_plan_prints_round_numbers() {
        let p = plan(QUESTION, fit(60_000, 32, 50, 0.0));
        assert_eq!(p.decay_steps, 1875);
        assert_eq!(p.decay_rate, 0.375);
        assert_eq!(p.source, RateSource::Decay);
        // (1 + 0.375 · 49)^(−1/49) = 19.375^(−1/49).
        assert_eq!(p.factor, Some(0.941304));
        assert_eq!(p.per_epoch.iteration.len(), 50);
        assert_eq!(p.per_epoch.iteration[49], 49 * 1875);
    }

    #[test]
    fn the_staircase_is_the_per_update_lr_at_epoch_starts_and_constant_within() {
        let p = plan(QUESTION, fit(60_000, 32, 50, 0.0));
        let pe = &p.per_epoch;
        assert_eq!(pe.run_first, pe.per_update);
        // In float32 the staircase is not always the same number as legacy decay at an epoch
        // start (`rate · e` and `decay · (e · S)` round separately), but on these runs it is.
        for (opt, f) in [
            (QUESTION, fit(60_000, 32, 50, 0.0)),
            (
                r#"{"name": "sgd", "learning_rate": 0.01, "decay": 1e-4}"#,
                fit(50_000, 128, 30, 0.1),
            ),
            (
                r#"{"name": "rmsprop", "learning_rate": 0.001, "decay": 0.01}"#,
                fit(1000, 10, 20, 0.0),
            ),
        ] {
            let p = plan(opt, f);
            assert_eq!(p.per_epoch.inverse_time, p.per_epoch.per_update, "{opt}");
        }
        for e in 0..50 {
            let rel = (pe.inverse_time[e] / pe.per_update[e] - 1.0).abs();
            assert!(rel <= f32::EPSILON, "epoch {}: {rel}", e + 1);
        }
        let s = &p.inverse_time;
        for it in [0, 1, 1874] {
            assert_eq!(s.value(it), 0.003);
        }
        assert_eq!(s.value(1875), pe.inverse_time[1]);
        assert_eq!(s.value(2 * 1875 - 1), pe.inverse_time[1]);
        // Per update the lr has already fallen by the end of epoch 1; once per epoch it has not.
        assert!(pe.run_last[0] < pe.inverse_time[0]);
    }

    #[test]
    fn the_exponential_form_ends_near_the_inverse_time_plan_and_torch_follows_keras() {
        let p = plan(QUESTION, fit(60_000, 32, 50, 0.0));
        let pe = &p.per_epoch;
        let (exp_last, itd_last) = (pe.exponential[49], pe.inverse_time[49]);
        assert!(
            (exp_last / itd_last - 1.0).abs() < 1e-4,
            "{exp_last} vs {itd_last}"
        );
        assert!(pe.exponential.windows(2).all(|w| w[1] < w[0]));
        for e in 0..50 {
            assert!((pe.torch_lambda[e] / f64::from(pe.inverse_time[e]) - 1.0).abs() < 1e-6);
            assert!((pe.torch_step[e] / f64::from(pe.exponential[e]) - 1.0).abs() < 1e-5);
            assert!((f64::from(pe.scheduler_callback[e]) / pe.torch_lambda[e] - 1.0).abs() < 1e-7);
        }
        assert_eq!(pe.torch_step[0], 0.003);
        assert_eq!(pe.torch_step[1], 0.003 * 0.941304);
    }

    #[test]
    fn validation_split_and_batch_size_set_the_steps() {
        // 50,000 · 0.9 = 45,000 training samples at 128: 352 updates per epoch.
        let p = plan(
            r#"{"name": "sgd", "learning_rate": 0.01, "decay": 1e-4, "momentum": 0.9}"#,
            fit(50_000, 128, 30, 0.1),
        );
        assert_eq!((p.decay_steps, p.decay_rate), (352, 0.0352));
        let one = plan(QUESTION, fit(60_000, 32, 1, 0.0));
        assert_eq!((one.factor, one.exponential.as_ref()), (None, None));
        assert!(one.per_epoch.torch_step.is_empty());
    }

    #[test]
    fn decay_that_keras_ignores_is_still_the_plan_but_not_the_run() {
        let p = plan(
            r#"{"name": "adam", "api": "keras3", "learning_rate": 0.003, "decay": 0.0002}"#,
            fit(60_000, 32, 50, 0.0),
        );
        assert_eq!(p.source, RateSource::IgnoredDecay);
        assert!(p.per_epoch.run_first.iter().all(|&v| v == 0.003));
        assert_eq!(p.decay_rate, 0.375);
    }

    #[test]
    fn an_inverse_time_schedule_gives_its_rate_per_update() {
        let p = plan(
            r#"{"name": "adam", "learning_rate": {"schedule": "inverse_time_decay",
                "initial_learning_rate": 0.003, "decay_steps": 1, "decay_rate": 0.0002}}"#,
            fit(60_000, 32, 50, 0.0),
        );
        assert_eq!(p.source, RateSource::InverseTimeDecay);
        assert_eq!((p.decay_rate, p.learning_rate), (0.375, 0.003));
        assert_eq!(p.per_epoch.run_first, p.per_epoch.per_update);
    }

    #[test]
    fn runs_without_inverse_time_decay_say_why() {
        let no = |json: &str| {
            epoch_plan(
                &OptimizerConfig::from_json(json).unwrap(),
                &fit(100, 10, 3, 0.0),
            )
            .unwrap()
            .unwrap_err()
            .reason
        };
        assert!(no(r#"{"name": "adam"}"#).contains("decay 0"));
        assert!(no(r#"{"name": "nadam"}"#).contains("Nadam"));
        let r = no(
            r#"{"name": "adam", "learning_rate": {"schedule": "exponential_decay",
                "initial_learning_rate": 0.01, "decay_steps": 10, "decay_rate": 0.9}}"#,
        );
        assert!(r.contains("ExponentialDecay"), "{r}");
    }

    #[test]
    fn bad_input_names_its_field() {
        let opt = OptimizerConfig::from_json(QUESTION).unwrap();
        let e = epoch_plan(&opt, &fit(0, 32, 1, 0.0)).unwrap_err();
        assert_eq!(e.field, "fit.samples");
        let bad = OptimizerConfig::from_json(r#"{"name": "adam", "beta_1": 2}"#).unwrap();
        assert_eq!(
            epoch_plan(&bad, &fit(10, 1, 1, 0.0)).unwrap_err().field,
            "optimizer.beta_1"
        );
    }
}
