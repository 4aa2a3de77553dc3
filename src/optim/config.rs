//! The optimizer configuration the UI sends (JSON / JS object), its validation, and `build`.
//!
//! # JSON shape
//! ```json
//! {"name": "adam", "api": "legacy", "learning_rate": 0.003, "decay": 0.0002,
//!  "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}
//! ```
//! `learning_rate` is a number or a schedule object
//! (`{"schedule": "inverse_time_decay", "initial_learning_rate": 0.003, "decay_steps": 1,
//! "decay_rate": 0.0002, "staircase": false}`, see [`LearningRateSchedule`]).
//! Keys are Keras's argument names; an omitted key takes Keras's default for that class and
//! API; an unknown key (e.g. the typo `learningrate`) is an error, never a silent default.
//!
//! # `api`
//! * `"legacy"`: `tf_keras.optimizers.legacy.<Class>` (TF ≤ 2.10 `tf.keras.optimizers.<Class>`).
//!   `decay` is the legacy inverse-time decay `lr / (1 + decay * iterations)`, applied every
//!   update (not per epoch). A schedule is also accepted (decay then applies on top of it),
//!   except by Nadam. `lr` is accepted as the deprecated alias of `learning_rate`. Epsilon 0
//!   becomes 1e-7 (`epsilon or backend.epsilon()`).
//! * `"keras3"`: `keras.optimizers.<Class>` (Keras 3, TF ≥ 2.16 `tf.keras`). `decay` is
//!   accepted and IGNORED with Keras's warning
//!   "Argument `decay` is no longer supported and will be ignored." (see
//!   [`ResolvedConfig::warnings`]). `weight_decay` is decoupled weight decay,
//!   `p -= p * weight_decay * lr` before each update — a different thing from legacy `decay`.
//!   Epsilon 0 stays 0. Classes: Adam, AdamW, SGD, RMSprop, Adagrad, Adamax, Nadam; every one
//!   takes `weight_decay` (Keras 3's base optimizer applies it for all of them). Keras 3's
//!   Adagrad, Adamax and Nadam are not the legacy arithmetic: Adagrad adds epsilon inside the
//!   square root (`sqrt(acc + epsilon)`), Adamax divides the whole step by `1 - beta_1^t`, and
//!   Nadam has no `schedule_decay` — its momentum schedule is `beta_1 * (1 - 0.5 * 0.96^t)`
//!   (legacy: `0.96^(0.004 t)`).
//! * Omitted: `"keras3"` if `learning_rate` is a schedule, `weight_decay` is given or the name
//!   is `adamw` (things only Keras 3 has in this playground); otherwise `"legacy"`.
//!
//! # Defaults and ranges
//! Each class's arguments, Keras's defaults and the accepted ranges, per API, and the
//! schedules' (`learning_rate: {"schedule": ...}`, see [`LearningRateSchedule`]) are in one
//! table, [`super::spec`]; `resolve` reads it.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::adagrad::{Adagrad, LegacyAdagrad};
use super::adam::{adam_step_size, Adam, Adamax, LegacyAdamax, LegacyNadam, Nadam, OneMinus};
use super::kmath::beta_power;
use super::lr::LrPolicy;
use super::rmsprop::{Rmsprop, RmspropFlavor};
use super::sgd::Sgd;
use super::spec::{self, Api, DecayRule, OptimizerKind};
use super::Optimizer;
use crate::error::ConfigError;
use crate::optim::schedule::LearningRateSchedule;
use crate::simd::ftz;

/// Keras 3's warning when `decay=` is passed to a Keras 3 optimizer.
pub const KERAS3_DECAY_WARNING: &str =
    "Argument `decay` is no longer supported and will be ignored.";

/// tf_keras's warning when the deprecated `lr=` is passed to a legacy optimizer.
pub const LEGACY_LR_WARNING: &str = "The `lr` argument is deprecated, use `learning_rate` instead.";

/// The largest parameter buffer [`OptimizerConfig::build`] accepts (2^26 floats per slot).
pub const MAX_PARAMS: usize = 1 << 26;

/// `learning_rate`: a number, or a schedule object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum LearningRate {
    /// A constant learning rate (a float32 variable in Keras).
    Constant(f64),
    /// A `keras.optimizers.schedules.LearningRateSchedule`.
    Schedule(LearningRateSchedule),
}

impl<'de> Deserialize<'de> for LearningRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = LearningRate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a number or a schedule object like {\"schedule\": \"inverse_time_decay\", ...}",
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LearningRate, E> {
                Ok(LearningRate::Constant(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LearningRate, E> {
                Ok(LearningRate::Constant(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LearningRate, E> {
                Ok(LearningRate::Constant(v as f64))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<LearningRate, A::Error> {
                LearningRateSchedule::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(LearningRate::Schedule)
                    .map_err(|e| de::Error::custom(format_args!("learning_rate: {e}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// What the UI sends: Keras's constructor arguments (see the module docs for the JSON shape,
/// the `api` rule and the defaults). Every field is optional except `name`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerConfig {
    /// The class: `adam`, `adamw`, `sgd`, `rmsprop`, `adagrad`, `adamax`, `nadam`
    /// (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `legacy` or `keras3`; see the module docs for the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Api>,
    /// `learning_rate`: a number or a schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_rate: Option<LearningRate>,
    /// Legacy only: the deprecated alias of `learning_rate` (wins over it, with Keras's
    /// warning). Keras 3 rejects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
    /// Legacy `decay`: per-update inverse-time decay `lr / (1 + decay * iterations)`.
    /// Ignored (with a warning) by Keras 3, and by legacy Nadam (replaced by `schedule_decay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decay: Option<f64>,
    /// Keras 3 decoupled weight decay: `p -= p * weight_decay * lr` before each update.
    /// Not legacy `decay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
    /// Adam/AdamW/Adamax/Nadam `beta_1`, in [0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta_1: Option<f64>,
    /// Adam/AdamW/Adamax/Nadam `beta_2`, in [0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta_2: Option<f64>,
    /// `epsilon` (>= 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    /// Adam/AdamW `amsgrad`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amsgrad: Option<bool>,
    /// SGD/RMSprop `momentum`, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// SGD `nesterov`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nesterov: Option<bool>,
    /// RMSprop `rho`, in [0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rho: Option<f64>,
    /// RMSprop `centered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centered: Option<bool>,
    /// Adagrad `initial_accumulator_value` (>= 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_accumulator_value: Option<f64>,
    /// Legacy Nadam `schedule_decay` (>= 0), the momentum-schedule decay that replaces `decay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_decay: Option<f64>,
}

/// The configuration Keras actually runs with: every default filled in, legacy quirks applied
/// (epsilon 0 → 1e-7, Nadam's decay replaced), and the warnings Keras would print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedConfig {
    /// Which Keras.
    pub api: Api,
    /// Which class.
    pub name: OptimizerKind,
    /// The Python class, e.g. `tf_keras.optimizers.legacy.Adam` or `keras.optimizers.AdamW`.
    pub keras_class: String,
    /// The learning rate (constant or schedule).
    pub learning_rate: LearningRate,
    /// The legacy `decay` the lr really gets (0 for Keras 3 and for legacy Nadam).
    pub decay: f64,
    /// Keras 3 decoupled weight decay, if any.
    pub weight_decay: Option<f64>,
    /// `beta_1` (Adam family).
    pub beta_1: Option<f64>,
    /// `beta_2` (Adam family).
    pub beta_2: Option<f64>,
    /// `epsilon` as used (legacy 0 → 1e-7).
    pub epsilon: Option<f64>,
    /// `amsgrad` (Adam/AdamW).
    pub amsgrad: Option<bool>,
    /// `momentum` (SGD/RMSprop).
    pub momentum: Option<f64>,
    /// `nesterov` (SGD).
    pub nesterov: Option<bool>,
    /// `rho` (RMSprop).
    pub rho: Option<f64>,
    /// `centered` (RMSprop).
    pub centered: Option<bool>,
    /// `initial_accumulator_value` (Adagrad).
    pub initial_accumulator_value: Option<f64>,
    /// `schedule_decay` (legacy Nadam): what its `get_config()["decay"]` reports.
    pub schedule_decay: Option<f64>,
    /// The warnings Keras itself emits for this configuration, verbatim.
    pub warnings: Vec<String>,
    /// Playground explanations of silent Keras behaviour (not Keras output).
    pub notes: Vec<String>,
}

fn check_finite_non_negative(field: &str, v: f64) -> Result<f64, ConfigError> {
    // Keras stores these as float32 variables: a value beyond f32::MAX would become inf.
    spec::Range::NonNegative.check(field, v)
}

impl OptimizerConfig {
    /// Parses JSON, rejecting unknown keys; errors name the offending field.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        serde_json::from_str(json).map_err(|e| config_error_from_serde(&e.to_string()))
    }

    /// The `api` this config runs under (explicit, or the documented default).
    pub fn effective_api(&self) -> Api {
        if let Some(api) = self.api {
            return api;
        }
        let schedule = matches!(self.learning_rate, Some(LearningRate::Schedule(_)));
        let adamw = self
            .name
            .as_deref()
            .and_then(OptimizerKind::parse)
            .is_some_and(|k| k == OptimizerKind::AdamW);
        if schedule || self.weight_decay.is_some() || adamw {
            Api::Keras3
        } else {
            Api::Legacy
        }
    }

    /// Checks everything; the error names the field as `optimizer.<field>`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.resolve().map(|_| ())
    }

    /// Fills in Keras's defaults and validates; the result is what Keras really runs.
    pub fn resolve(&self) -> Result<ResolvedConfig, ConfigError> {
        self.resolve_inner().map_err(|e| e.within("optimizer"))
    }

    fn resolve_inner(&self) -> Result<ResolvedConfig, ConfigError> {
        let name_str = self.name.as_deref().ok_or_else(|| {
            ConfigError::new(
                "name",
                "missing; one of adam, adamw, sgd, rmsprop, adagrad, adamax, nadam",
            )
        })?;
        let kind = OptimizerKind::parse(name_str).ok_or_else(|| {
            ConfigError::new(
                "name",
                format!(
                    "unknown optimizer {name_str:?}; one of {}",
                    spec::optimizer_ids().join(", ")
                ),
            )
        })?;
        let api = self.effective_api();
        let mut warnings = Vec::new();
        let mut notes = Vec::new();

        let class_spec = spec::optimizer(kind, api).ok_or_else(|| {
            ConfigError::new(
                "name",
                format!(
                    "{} does not exist in {}; use api \"keras3\"",
                    kind.class_name(),
                    spec::LEGACY_MODULE
                ),
            )
        })?;
        // Which arguments the class accepts (Keras raises on any other).
        let allowed: Vec<&str> = class_spec.class_args().collect();
        let class_fields: [(&str, bool); 8] = [
            ("beta_1", self.beta_1.is_some()),
            ("beta_2", self.beta_2.is_some()),
            ("epsilon", self.epsilon.is_some()),
            ("amsgrad", self.amsgrad.is_some()),
            ("momentum", self.momentum.is_some()),
            ("nesterov", self.nesterov.is_some()),
            ("rho", self.rho.is_some()),
            ("centered", self.centered.is_some()),
        ];
        let more_fields = [
            (
                "initial_accumulator_value",
                self.initial_accumulator_value.is_some(),
            ),
            ("schedule_decay", self.schedule_decay.is_some()),
        ];
        let class = class_spec.qualified_name();
        for (field, given) in class_fields.iter().chain(more_fields.iter()) {
            if *given && !allowed.contains(field) {
                return Err(ConfigError::new(
                    *field,
                    format!("is not an argument of {class}; it accepts {allowed:?}"),
                ));
            }
        }
        // Keras's default and the accepted range of a numeric argument of this class.
        let number = |name: &str, given: Option<f64>| -> Result<Option<f64>, ConfigError> {
            class_spec
                .arg(name)
                .and_then(|a| given.or(a.default.number()).map(|v| a.range.check(name, v)))
                .transpose()
        };
        let boolean = |name: &str, given: Option<bool>| {
            class_spec
                .default_bool(name)
                .map(|default| given.unwrap_or(default))
        };

        // Learning rate (and the legacy `lr` alias).
        let default_lr = class_spec.default_number("learning_rate").unwrap_or(0.001);
        let mut learning_rate = self
            .learning_rate
            .clone()
            .unwrap_or(LearningRate::Constant(default_lr));
        if let Some(lr) = self.lr {
            if class_spec.lr_alias {
                warnings.push(LEGACY_LR_WARNING.to_string());
                learning_rate = LearningRate::Constant(check_finite_non_negative("lr", lr)?);
            } else {
                return Err(ConfigError::new(
                    "lr",
                    format!("Argument(s) not recognized: {{'lr': {lr}}} (Keras 3 accepts only `learning_rate`)"),
                ));
            }
        }
        match &learning_rate {
            LearningRate::Constant(v) => {
                check_finite_non_negative("learning_rate", *v)?;
            }
            LearningRate::Schedule(s) => {
                s.validate().map_err(|e| e.within("learning_rate"))?;
                if !class_spec.accepts_schedule {
                    return Err(ConfigError::new(
                        "learning_rate",
                        format!(
                            "The {} optimizer does not support tf.keras.optimizers.LearningRateSchedules as the learning rate.",
                            class_spec.class
                        ),
                    ));
                }
            }
        }

        // decay / weight_decay.
        if let Some(d) = self.decay {
            check_finite_non_negative("decay", d)?;
        }
        let mut decay = 0.0;
        let mut schedule_decay = None;
        if self.weight_decay.is_some() && class_spec.arg("weight_decay").is_none() {
            return Err(ConfigError::new(
                "weight_decay",
                format!("is not an argument of {class} (legacy optimizers have only `decay`, the lr decay); use api \"keras3\""),
            ));
        }
        match class_spec.decay {
            DecayRule::ReplacedByScheduleDecay => {
                let sd = number("schedule_decay", self.schedule_decay)?.unwrap_or_default();
                schedule_decay = Some(sd);
                if self.decay.is_some() {
                    notes.push(format!(
                        "legacy Nadam ignores `decay`: its constructor replaces it with schedule_decay={sd}, \
                         used only for the momentum schedule; the learning rate is never decayed"
                    ));
                }
            }
            DecayRule::PerUpdate => {
                decay = self.decay.unwrap_or(0.0);
                if decay > 0.0 {
                    notes.push(
                        "optimizer.lr (and History/TensorBoard via callbacks) keeps reporting the base learning rate; \
                         each update really uses lr / (1 + decay * iterations)"
                            .to_string(),
                    );
                }
            }
            DecayRule::IgnoredWithWarning => {
                if self.decay.is_some() {
                    warnings.push(KERAS3_DECAY_WARNING.to_string());
                }
            }
        }
        let weight_decay = number("weight_decay", self.weight_decay)?;

        // Class hyperparameters with Keras's defaults.
        let beta_1 = number("beta_1", self.beta_1)?;
        let beta_2 = number("beta_2", self.beta_2)?;
        let epsilon = number("epsilon", self.epsilon)?.map(|e| {
            if class_spec.epsilon_zero_is_default && e == 0.0 {
                class_spec.default_number("epsilon").unwrap_or(e)
            } else {
                e
            }
        });
        let amsgrad = boolean("amsgrad", self.amsgrad);
        let momentum = number("momentum", self.momentum)?;
        let nesterov = boolean("nesterov", self.nesterov);
        let rho = number("rho", self.rho)?;
        let centered = boolean("centered", self.centered);
        let initial_accumulator_value =
            number("initial_accumulator_value", self.initial_accumulator_value)?;

        Ok(ResolvedConfig {
            api,
            name: kind,
            keras_class: class,
            learning_rate,
            decay,
            weight_decay,
            beta_1,
            beta_2,
            epsilon,
            amsgrad,
            momentum,
            nesterov,
            rho,
            centered,
            initial_accumulator_value,
            schedule_decay,
            warnings,
            notes,
        })
    }

    /// Validates and builds the optimizer for a flat buffer of `n_params` parameters.
    pub fn build(&self, n_params: usize) -> Result<Box<dyn Optimizer>, ConfigError> {
        self.resolve()?.build(n_params)
    }
}

impl ResolvedConfig {
    /// The learning-rate policy of this configuration.
    pub(crate) fn lr_policy(&self) -> LrPolicy {
        match &self.learning_rate {
            LearningRate::Constant(lr) => LrPolicy::constant(*lr, self.decay),
            LearningRate::Schedule(s) => LrPolicy::schedule(s.clone(), self.decay),
        }
    }

    /// Builds the optimizer for a flat buffer of `n_params` parameters.
    pub fn build(&self, n_params: usize) -> Result<Box<dyn Optimizer>, ConfigError> {
        if n_params > MAX_PARAMS {
            return Err(ConfigError::new(
                "n_params",
                format!("must be at most {MAX_PARAMS}, got {n_params}"),
            ));
        }
        let n = n_params;
        let lr = self.lr_policy();
        // Resolved values are always set for the classes that use them; Keras's default stands
        // in for a hand-made ResolvedConfig.
        let class_spec = spec::optimizer_any_api(self.name, self.api);
        let num = |v: Option<f64>, name: &str| {
            v.or_else(|| class_spec.default_number(name))
                .unwrap_or_default()
        };
        let flag = |v: Option<bool>, name: &str| {
            v.or_else(|| class_spec.default_bool(name))
                .unwrap_or_default()
        };
        let b1 = num(self.beta_1, "beta_1");
        let b2 = num(self.beta_2, "beta_2");
        let eps = num(self.epsilon, "epsilon");
        let how = match self.api {
            Api::Legacy => OneMinus::Float32,
            Api::Keras3 => OneMinus::Float64,
        };
        Ok(match self.name {
            OptimizerKind::Adam | OptimizerKind::AdamW => Box::new(Adam::new(
                n,
                lr,
                b1,
                b2,
                eps,
                flag(self.amsgrad, "amsgrad"),
                self.weight_decay,
                how,
            )),
            OptimizerKind::Adamax => match self.api {
                Api::Legacy => Box::new(LegacyAdamax::new(n, lr, b1, b2, eps)),
                Api::Keras3 => Box::new(Adamax::new(n, lr, b1, b2, eps, self.weight_decay)),
            },
            OptimizerKind::Nadam if self.api == Api::Keras3 => {
                Box::new(Nadam::new(n, lr, b1, b2, eps, self.weight_decay))
            }
            OptimizerKind::Nadam => Box::new(LegacyNadam::new(
                n,
                lr,
                b1,
                b2,
                eps,
                num(self.schedule_decay, "schedule_decay"),
            )),
            OptimizerKind::Sgd => Box::new(Sgd::new(
                n,
                lr,
                num(self.momentum, "momentum"),
                flag(self.nesterov, "nesterov"),
                self.weight_decay,
            )),
            OptimizerKind::Rmsprop => Box::new(Rmsprop::new(
                n,
                lr,
                num(self.rho, "rho"),
                num(self.momentum, "momentum"),
                eps,
                flag(self.centered, "centered"),
                self.weight_decay,
                match self.api {
                    Api::Legacy => RmspropFlavor::Legacy,
                    Api::Keras3 => RmspropFlavor::Keras3,
                },
            )),
            OptimizerKind::Adagrad => {
                let initial = num(self.initial_accumulator_value, "initial_accumulator_value");
                match self.api {
                    Api::Legacy => Box::new(LegacyAdagrad::new(n, lr, initial, eps)),
                    Api::Keras3 => Box::new(Adagrad::new(n, lr, initial, eps, self.weight_decay)),
                }
            }
        })
    }

    /// The bias-corrected step size folded into the update at `iterations`, for the Adam
    /// family: Adam/AdamW `lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)`, Adamax
    /// `lr / (1 - beta_1^t)` (Keras 3 Adamax divides the whole step by `1 - beta_1^t` instead,
    /// the same correction); `None` for the others (Nadam applies its corrections per element).
    pub fn step_size(&self, effective_lr: f32, iterations: u64) -> Option<f32> {
        let b1 = self.beta_1? as f32;
        match self.name {
            OptimizerKind::Adam | OptimizerKind::AdamW => Some(adam_step_size(
                effective_lr,
                b1,
                self.beta_2? as f32,
                iterations,
            )),
            OptimizerKind::Adamax => {
                Some(ftz(effective_lr / (1.0f32 - beta_power(b1, iterations + 1))))
            }
            _ => None,
        }
    }
}

/// Maps a serde error message (serde_json or serde-wasm-bindgen) to a [`ConfigError`] naming
/// the key when serde names one (`unknown field `learningrate`` → `optimizer.learningrate`).
pub fn config_error_from_serde(message: &str) -> ConfigError {
    let (parent, rest) = match message.strip_prefix("learning_rate: ") {
        Some(rest) => ("optimizer.learning_rate", rest),
        None => ("optimizer", message),
    };
    for marker in ["unknown field `", "missing field `", "duplicate field `"] {
        if let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            if let Some(end) = after.find('`') {
                return ConfigError::new(format!("{parent}.{}", &after[..end]), message);
            }
        }
    }
    if rest.contains("unknown variant") && parent.ends_with("learning_rate") {
        return ConfigError::new(format!("{parent}.schedule"), message);
    }
    if rest.contains("unknown variant") {
        return ConfigError::new(format!("{parent}.api"), message);
    }
    ConfigError::new(parent, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schedule's parse error inside an optimizer configuration names the path to the field
    /// (through `parse_json`), as serde's derived `Deserialize` did: the hand-written one in
    /// `schedule/deserialize.rs` must keep them.
    #[test]
    fn schedule_parse_errors_name_their_field_path() {
        let fields = [
            (
                r#"{"learning_rate":{"schedule":"linear"}}"#,
                "optimizer.learning_rate.schedule",
            ),
            (
                r#"{"learning_rate":{"schedule":"cosine_decay","alpha":"x"}}"#,
                "optimizer.learning_rate",
            ),
            (
                r#"{"learning_rate":{"schedule":"cosine_decay","alhpa":1}}"#,
                "optimizer.learning_rate",
            ),
            (
                r#"{"learning_rate":{"schedule":"cosine_decay","alpha":[1,}}"#,
                "optimizer.learning_rate.alpha[1]",
            ),
        ];
        for (json, field) in fields {
            let e = crate::error::parse_json::<OptimizerConfig>(json, "optimizer").unwrap_err();
            assert_eq!(e.field, field, "{json}: {e}");
        }
    }
}
