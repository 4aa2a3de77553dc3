//! Keras's optimizer classes and learning-rate schedules as data: for each class and API, the
//! constructor's positional order, the arguments the playground models with Keras's default and
//! the range the core accepts, and the rules that are not a default or a range.
//!
//! This is the one place these facts live (checked against `/work/shared/keras-facts.md` and
//! Keras's sources, see [`crate::keras_code`]'s module docs): [`super::OptimizerConfig::resolve`],
//! `build`, the sweep's families, [`crate::LearningRateSchedule::validate`] and the Keras-code
//! parser's signatures read it, and the page gets it serialized (`kerasSpec()`, and the
//! generated `www/js/keras-spec.js`).

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// Which Keras: `tf_keras.optimizers.legacy` or Keras 3 `keras.optimizers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    /// `tf_keras.optimizers.legacy.*`: legacy `decay` is applied per update.
    Legacy,
    /// `keras.optimizers.*` (Keras 3): `decay` is ignored with a warning; schedules and
    /// `weight_decay` instead.
    Keras3,
}

/// The optimizer class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// `Adam`.
    Adam,
    /// `AdamW` (Keras 3 only).
    AdamW,
    /// `SGD`.
    Sgd,
    /// `RMSprop`.
    Rmsprop,
    /// `Adagrad`.
    Adagrad,
    /// `Adamax`.
    Adamax,
    /// `Nadam`.
    Nadam,
}

impl OptimizerKind {
    /// Parses a name case-insensitively (`"adam"`, `"Adam"`, `"RMSprop"`, `"sgd"`, ...).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "adam" => Self::Adam,
            "adamw" => Self::AdamW,
            "sgd" => Self::Sgd,
            "rmsprop" => Self::Rmsprop,
            "adagrad" => Self::Adagrad,
            "adamax" => Self::Adamax,
            "nadam" => Self::Nadam,
            _ => return None,
        })
    }

    /// Keras's class name.
    pub fn class_name(self) -> &'static str {
        match self {
            Self::Adam => "Adam",
            Self::AdamW => "AdamW",
            Self::Sgd => "SGD",
            Self::Rmsprop => "RMSprop",
            Self::Adagrad => "Adagrad",
            Self::Adamax => "Adamax",
            Self::Nadam => "Nadam",
        }
    }
}

/// What a value may be. Every number is also checked to stay finite as `float32`, which is how
/// Keras stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// A finite number `>= 0` (at most `f32::MAX`).
    NonNegative,
    /// `[0, 1)`.
    UnitOpen,
    /// `[0, 1]`.
    UnitClosed,
    /// A number of steps `> 0` that stays a normal `float32` (Keras divides by it).
    PositiveSteps,
    /// A number of steps `>= 1` (a fraction of a step overflows `float32` in
    /// `CosineDecayRestarts`).
    AtLeastOneStep,
    /// `CosineDecayRestarts`'s `t_mul`: `[1, 1000]`.
    PeriodGrowth,
    /// Not a number (a boolean, a list checked element-wise, a string), or not checked.
    Unchecked,
}

impl Range {
    /// `(min, max, min_exclusive, max_exclusive)`; `None` for [`Range::Unchecked`].
    pub fn bounds(self) -> Option<(f64, f64, bool, bool)> {
        let big = f32::MAX as f64;
        Some(match self {
            Range::NonNegative => (0.0, big, false, false),
            Range::UnitOpen => (0.0, 1.0, false, true),
            Range::UnitClosed => (0.0, 1.0, false, false),
            Range::PositiveSteps => (0.0, big, true, false),
            Range::AtLeastOneStep => (1.0, big, false, false),
            Range::PeriodGrowth => (1.0, 1000.0, false, false),
            Range::Unchecked => return None,
        })
    }

    /// Checks `v`; the error names `field` and states the range.
    pub fn check(self, field: &str, v: f64) -> Result<f64, ConfigError> {
        let f = v as f32;
        let ok = v.is_finite()
            && f.is_finite()
            && match self {
                Range::NonNegative => v >= 0.0,
                Range::UnitOpen => (0.0..1.0).contains(&v),
                Range::UnitClosed => (0.0..=1.0).contains(&v),
                // TensorFlow flushes subnormals to zero, and step / 0 is NaN at step 0.
                Range::PositiveSteps => v > 0.0 && f >= f32::MIN_POSITIVE,
                Range::AtLeastOneStep => v >= 1.0,
                Range::PeriodGrowth => (1.0..=1000.0).contains(&v),
                Range::Unchecked => true,
            };
        if ok {
            return Ok(v);
        }
        let message = match self {
            Range::NonNegative => format!(
                "must be a finite number >= 0 (at most {:e}, float32), got {v}",
                f32::MAX
            ),
            Range::UnitOpen => format!("must be in [0, 1), got {v}"),
            Range::UnitClosed => format!("must be in [0, 1], got {v}"),
            Range::PositiveSteps => {
                format!("must be a finite number > 0 (Keras: `{field}` must be > 0), got {v}")
            }
            Range::AtLeastOneStep => format!(
                "must be a finite number >= 1 (Keras: `{field}` must be > 0; a fraction of a step \
                 overflows float32), got {v}"
            ),
            Range::PeriodGrowth => format!(
                "must be in [1, 1000] (shorter periods end in a NaN learning rate in Keras), got {v}"
            ),
            Range::Unchecked => unreachable!("an unchecked range accepts every value"),
        };
        Err(ConfigError::new(field, message))
    }
}

impl Serialize for Range {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Range", 4)?;
        let (min, max, min_exclusive, max_exclusive) = match self.bounds() {
            Some((a, b, c, d)) => (Some(a), Some(b), c, d),
            None => (None, None, false, false),
        };
        st.serialize_field("min", &min)?;
        st.serialize_field("max", &max)?;
        st.serialize_field("min_exclusive", &min_exclusive)?;
        st.serialize_field("max_exclusive", &max_exclusive)?;
        st.end()
    }
}

/// What kind of value an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgKind {
    /// A float.
    Number,
    /// A float or a `LearningRateSchedule` (`learning_rate`).
    NumberOrSchedule,
    /// `True` / `False`.
    Bool,
    /// A list of numbers.
    List,
    /// A string (`name`).
    Text,
}

/// Keras's default for an argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KerasDefault {
    /// No default: the argument is required.
    Required,
    /// `None`.
    None,
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

impl KerasDefault {
    /// The default as a number, if it is one.
    pub fn number(self) -> Option<f64> {
        match self {
            KerasDefault::Number(v) => Some(v),
            _ => None,
        }
    }
}

/// One modelled argument of a class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arg {
    /// Keras's argument name.
    pub name: &'static str,
    /// What it takes.
    pub kind: ArgKind,
    /// Keras's default.
    pub default: KerasDefault,
    /// What the core accepts.
    pub range: Range,
}

impl Serialize for Arg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Arg", 5)?;
        st.serialize_field("name", self.name)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("required", &(self.default == KerasDefault::Required))?;
        match self.default {
            KerasDefault::Number(v) => st.serialize_field("default", &v)?,
            KerasDefault::Bool(b) => st.serialize_field("default", &b)?,
            KerasDefault::Required | KerasDefault::None => {
                st.serialize_field("default", &Option::<f64>::None)?
            }
        }
        st.serialize_field("range", &self.range)?;
        st.end()
    }
}

const fn num(name: &'static str, default: f64, range: Range) -> Arg {
    Arg {
        name,
        kind: ArgKind::Number,
        default: KerasDefault::Number(default),
        range,
    }
}

const fn flag(name: &'static str, default: bool) -> Arg {
    Arg {
        name,
        kind: ArgKind::Bool,
        default: KerasDefault::Bool(default),
        range: Range::Unchecked,
    }
}

const fn optional(name: &'static str, range: Range) -> Arg {
    Arg {
        name,
        kind: ArgKind::Number,
        default: KerasDefault::None,
        range,
    }
}

const fn required(name: &'static str, range: Range) -> Arg {
    Arg {
        name,
        kind: ArgKind::Number,
        default: KerasDefault::Required,
        range,
    }
}

const fn learning_rate(default: f64) -> Arg {
    Arg {
        name: "learning_rate",
        kind: ArgKind::NumberOrSchedule,
        default: KerasDefault::Number(default),
        range: Range::NonNegative,
    }
}

const NAME: Arg = Arg {
    name: "name",
    kind: ArgKind::Text,
    default: KerasDefault::None,
    range: Range::Unchecked,
};

/// What an optimizer does with `decay=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecayRule {
    /// Legacy inverse-time decay, `lr / (1 + decay * iterations)` at every update.
    PerUpdate,
    /// Legacy Nadam: its constructor replaces `decay` with `schedule_decay`, used only for
    /// the momentum schedule; the lr is never decayed.
    ReplacedByScheduleDecay,
    /// Keras 3: accepted and ignored with "Argument `decay` is no longer supported and will be
    /// ignored."
    IgnoredWithWarning,
}

/// One optimizer class under one API.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OptimizerSpec {
    /// The configuration's `name` (`"adam"`).
    pub id: &'static str,
    /// The class (`OptimizerKind`).
    #[serde(skip)]
    pub kind: OptimizerKind,
    /// Keras's class name (`"Adam"`).
    pub class: &'static str,
    /// `legacy` or `keras3`.
    pub api: Api,
    /// The module path, e.g. `tf_keras.optimizers.legacy`.
    pub module: &'static str,
    /// `__init__`'s positional order (without `self`), every argument Keras names there.
    pub signature: &'static [&'static str],
    /// What `**kwargs` accepts besides the signature (legacy: `lr`, `decay`, clipping).
    pub kwargs: &'static [&'static str],
    /// The arguments the playground models, in signature order, then keyword-only.
    pub args: &'static [Arg],
    /// What `decay=` does.
    pub decay: DecayRule,
    /// Whether `lr=` is accepted as the deprecated alias of `learning_rate` (it wins, with
    /// tf_keras's warning); else Keras raises "Argument(s) not recognized".
    pub lr_alias: bool,
    /// Whether `epsilon=0` becomes 1e-7 (legacy `epsilon or backend.epsilon()`).
    pub epsilon_zero_is_default: bool,
    /// Whether a `LearningRateSchedule` is accepted as the learning rate.
    pub accepts_schedule: bool,
}

impl OptimizerSpec {
    /// `"tf_keras.optimizers.legacy.Adam"`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.module, self.class)
    }

    /// The modelled argument `name`, if this class takes it.
    pub fn arg(&self, name: &str) -> Option<&'static Arg> {
        self.args.iter().find(|a| a.name == name)
    }

    /// Keras's numeric default of `name` (`None` if the class does not take it or has no
    /// numeric default).
    pub fn default_number(&self, name: &str) -> Option<f64> {
        self.arg(name).and_then(|a| a.default.number())
    }

    /// Keras's boolean default of `name`.
    pub fn default_bool(&self, name: &str) -> Option<bool> {
        match self.arg(name)?.default {
            KerasDefault::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The class's own hyperparameters (what is not the learning rate or a decay).
    pub fn class_args(&self) -> impl Iterator<Item = &'static str> {
        self.args
            .iter()
            .map(|a| a.name)
            .filter(|n| !LR_AND_DECAY.contains(n))
    }
}

/// The arguments every class shares: the learning rate, its legacy alias, and the decays.
const LR_AND_DECAY: &[&str] = &["learning_rate", "lr", "decay", "weight_decay"];

/// Where the legacy classes live.
pub const LEGACY_MODULE: &str = "tf_keras.optimizers.legacy";
const KERAS3_MODULE: &str = "keras.optimizers";

const LEGACY_KWARGS: &[&str] = &["clipnorm", "clipvalue", "global_clipnorm", "lr", "decay"];
const LEGACY_NADAM_KWARGS: &[&str] = &[
    "clipnorm",
    "clipvalue",
    "global_clipnorm",
    "lr",
    "decay",
    "schedule_decay",
];
const KERAS3_KWARGS: &[&str] = &["decay"];

const LR_ALIAS: Arg = optional("lr", Range::NonNegative);
const LEGACY_DECAY: Arg = num("decay", 0.0, Range::NonNegative);
const WEIGHT_DECAY: Arg = optional("weight_decay", Range::NonNegative);
const BETA_1: Arg = num("beta_1", 0.9, Range::UnitOpen);
const BETA_2: Arg = num("beta_2", 0.999, Range::UnitOpen);
const EPSILON: Arg = num("epsilon", 1e-7, Range::NonNegative);
const AMSGRAD: Arg = flag("amsgrad", false);
const MOMENTUM: Arg = num("momentum", 0.0, Range::UnitClosed);
const NESTEROV: Arg = flag("nesterov", false);
const RHO: Arg = num("rho", 0.9, Range::UnitOpen);
const CENTERED: Arg = flag("centered", false);
const INITIAL_ACCUMULATOR_VALUE: Arg = num("initial_accumulator_value", 0.1, Range::NonNegative);
const SCHEDULE_DECAY: Arg = num("schedule_decay", 0.004, Range::NonNegative);

/// Keras 3's base-optimizer arguments after the class's own (`base_optimizer.py`).
macro_rules! keras3_tail {
    ($($class:literal),*) => {
        &[
            $($class,)*
            "weight_decay",
            "clipnorm",
            "clipvalue",
            "global_clipnorm",
            "use_ema",
            "ema_momentum",
            "ema_overwrite_frequency",
            "loss_scale_factor",
            "gradient_accumulation_steps",
            "name",
        ]
    };
}

const fn legacy(
    kind: OptimizerKind,
    id: &'static str,
    class: &'static str,
    signature: &'static [&'static str],
    args: &'static [Arg],
) -> OptimizerSpec {
    OptimizerSpec {
        id,
        kind,
        class,
        api: Api::Legacy,
        module: LEGACY_MODULE,
        signature,
        kwargs: LEGACY_KWARGS,
        args,
        decay: DecayRule::PerUpdate,
        lr_alias: true,
        epsilon_zero_is_default: true,
        accepts_schedule: true,
    }
}

const fn keras3(
    kind: OptimizerKind,
    id: &'static str,
    class: &'static str,
    signature: &'static [&'static str],
    args: &'static [Arg],
) -> OptimizerSpec {
    OptimizerSpec {
        id,
        kind,
        class,
        api: Api::Keras3,
        module: KERAS3_MODULE,
        signature,
        kwargs: KERAS3_KWARGS,
        args,
        decay: DecayRule::IgnoredWithWarning,
        lr_alias: false,
        epsilon_zero_is_default: false,
        accepts_schedule: true,
    }
}

use OptimizerKind as K;

/// Every class under every API it exists in (AdamW: Keras 3 only). Signatures: tf-keras
/// `tf_keras/optimizers/legacy/*.py` and keras `keras/src/optimizers/*.py`.
pub static OPTIMIZERS: &[OptimizerSpec] = &[
    legacy(
        K::Adam,
        "adam",
        "Adam",
        &[
            "learning_rate",
            "beta_1",
            "beta_2",
            "epsilon",
            "amsgrad",
            "name",
        ],
        &[
            learning_rate(0.001),
            BETA_1,
            BETA_2,
            EPSILON,
            AMSGRAD,
            LR_ALIAS,
            LEGACY_DECAY,
        ],
    ),
    keras3(
        K::Adam,
        "adam",
        "Adam",
        keras3_tail!("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"),
        &[
            learning_rate(0.001),
            BETA_1,
            BETA_2,
            EPSILON,
            AMSGRAD,
            WEIGHT_DECAY,
        ],
    ),
    keras3(
        K::AdamW,
        "adamw",
        "AdamW",
        // weight_decay comes second in AdamW, and the tail has no second one.
        &[
            "learning_rate",
            "weight_decay",
            "beta_1",
            "beta_2",
            "epsilon",
            "amsgrad",
            "clipnorm",
            "clipvalue",
            "global_clipnorm",
            "use_ema",
            "ema_momentum",
            "ema_overwrite_frequency",
            "loss_scale_factor",
            "gradient_accumulation_steps",
            "name",
        ],
        &[
            learning_rate(0.001),
            num("weight_decay", 0.004, Range::NonNegative),
            BETA_1,
            BETA_2,
            EPSILON,
            AMSGRAD,
        ],
    ),
    legacy(
        K::Sgd,
        "sgd",
        "SGD",
        &["learning_rate", "momentum", "nesterov", "name"],
        &[
            learning_rate(0.01),
            MOMENTUM,
            NESTEROV,
            LR_ALIAS,
            LEGACY_DECAY,
        ],
    ),
    keras3(
        K::Sgd,
        "sgd",
        "SGD",
        keras3_tail!("learning_rate", "momentum", "nesterov"),
        &[learning_rate(0.01), MOMENTUM, NESTEROV, WEIGHT_DECAY],
    ),
    legacy(
        K::Rmsprop,
        "rmsprop",
        "RMSprop",
        &[
            "learning_rate",
            "rho",
            "momentum",
            "epsilon",
            "centered",
            "name",
        ],
        &[
            learning_rate(0.001),
            RHO,
            MOMENTUM,
            EPSILON,
            CENTERED,
            LR_ALIAS,
            LEGACY_DECAY,
        ],
    ),
    keras3(
        K::Rmsprop,
        "rmsprop",
        "RMSprop",
        keras3_tail!("learning_rate", "rho", "momentum", "epsilon", "centered"),
        &[
            learning_rate(0.001),
            RHO,
            MOMENTUM,
            EPSILON,
            CENTERED,
            WEIGHT_DECAY,
        ],
    ),
    legacy(
        K::Adagrad,
        "adagrad",
        "Adagrad",
        &[
            "learning_rate",
            "initial_accumulator_value",
            "epsilon",
            "name",
        ],
        &[
            learning_rate(0.001),
            INITIAL_ACCUMULATOR_VALUE,
            EPSILON,
            LR_ALIAS,
            LEGACY_DECAY,
        ],
    ),
    keras3(
        K::Adagrad,
        "adagrad",
        "Adagrad",
        keras3_tail!("learning_rate", "initial_accumulator_value", "epsilon"),
        &[
            learning_rate(0.001),
            INITIAL_ACCUMULATOR_VALUE,
            EPSILON,
            WEIGHT_DECAY,
        ],
    ),
    legacy(
        K::Adamax,
        "adamax",
        "Adamax",
        &["learning_rate", "beta_1", "beta_2", "epsilon", "name"],
        &[
            learning_rate(0.001),
            BETA_1,
            BETA_2,
            EPSILON,
            LR_ALIAS,
            LEGACY_DECAY,
        ],
    ),
    keras3(
        K::Adamax,
        "adamax",
        "Adamax",
        keras3_tail!("learning_rate", "beta_1", "beta_2", "epsilon"),
        &[learning_rate(0.001), BETA_1, BETA_2, EPSILON, WEIGHT_DECAY],
    ),
    OptimizerSpec {
        kwargs: LEGACY_NADAM_KWARGS,
        decay: DecayRule::ReplacedByScheduleDecay,
        accepts_schedule: false,
        ..legacy(
            K::Nadam,
            "nadam",
            "Nadam",
            &["learning_rate", "beta_1", "beta_2", "epsilon", "name"],
            &[
                learning_rate(0.001),
                BETA_1,
                BETA_2,
                EPSILON,
                SCHEDULE_DECAY,
                LR_ALIAS,
                LEGACY_DECAY,
            ],
        )
    },
    keras3(
        K::Nadam,
        "nadam",
        "Nadam",
        keras3_tail!("learning_rate", "beta_1", "beta_2", "epsilon"),
        &[learning_rate(0.001), BETA_1, BETA_2, EPSILON, WEIGHT_DECAY],
    ),
];

/// The class under `api`, if it exists there.
pub fn optimizer(kind: OptimizerKind, api: Api) -> Option<&'static OptimizerSpec> {
    OPTIMIZERS.iter().find(|s| s.kind == kind && s.api == api)
}

/// The class under `api`, or under the API it exists in (AdamW: Keras 3).
pub fn optimizer_any_api(kind: OptimizerKind, api: Api) -> &'static OptimizerSpec {
    optimizer(kind, api)
        .or_else(|| OPTIMIZERS.iter().find(|s| s.kind == kind))
        .expect("every OptimizerKind has a row in OPTIMIZERS")
}

/// The positional arguments a class has under every API it exists in: the common prefix of
/// its signatures without `name` (AdamW: its whole Keras 3 signature).
pub fn shared_positional(kind: OptimizerKind) -> &'static [&'static str] {
    let mut rows = OPTIMIZERS.iter().filter(|s| s.kind == kind);
    let first = rows.next().expect("every OptimizerKind has a row");
    let mut n = first.signature.len();
    let mut several = false;
    for other in rows {
        several = true;
        n = first
            .signature
            .iter()
            .zip(other.signature)
            .take(n)
            .take_while(|(a, b)| a == b)
            .count();
    }
    if several && first.signature[..n].last() == Some(&"name") {
        n -= 1;
    }
    &first.signature[..n]
}

/// Whether `name` is an argument only Keras 3 optimizers take (its presence means Keras 3).
pub fn keras3_only_arg(name: &str) -> bool {
    let takes = |s: &OptimizerSpec| s.signature.contains(&name) || s.kwargs.contains(&name);
    OPTIMIZERS.iter().any(|s| s.api == Api::Keras3 && takes(s))
        && !OPTIMIZERS.iter().any(|s| s.api == Api::Legacy && takes(s))
}

/// The configuration names, in table order (`"adam, adamw, sgd, …"`).
pub fn optimizer_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = OPTIMIZERS.iter().map(|s| s.id).collect();
    ids.dedup();
    ids
}

/// One learning-rate schedule class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScheduleSpec {
    /// The JSON tag (`"inverse_time_decay"`).
    pub id: &'static str,
    /// Keras's class name (`"InverseTimeDecay"`).
    pub class: &'static str,
    /// `__init__`'s positional order; `args` in the same order.
    pub signature: &'static [&'static str],
    /// Every argument with its default and range (`name`: the op name, no effect).
    pub args: &'static [Arg],
}

impl ScheduleSpec {
    /// The argument `name`.
    pub fn arg(&self, name: &str) -> Option<&'static Arg> {
        self.args.iter().find(|a| a.name == name)
    }

    /// Checks `v` against `name`'s range.
    pub fn check(&self, name: &str, field: &str, v: f64) -> Result<f64, ConfigError> {
        self.arg(name).map_or(Ok(v), |a| a.range.check(field, v))
    }
}

const fn bool_arg(name: &'static str) -> Arg {
    flag(name, false)
}

const INITIAL_LR: Arg = required("initial_learning_rate", Range::NonNegative);
const DECAY_STEPS: Arg = required("decay_steps", Range::PositiveSteps);
const DECAY_RATE: Arg = required("decay_rate", Range::NonNegative);
const ALPHA: Arg = num("alpha", 0.0, Range::UnitClosed);

/// Keras 3's schedules (`keras/src/optimizers/schedules/learning_rate_schedule.py`; tf_keras
/// has the same order and defaults). The serde tag of `LearningRateSchedule` is an index into
/// this table, and its "expected one of" lists are these ids and signatures.
pub static SCHEDULES: &[ScheduleSpec] = &SCHEDULE_TABLE;

/// Every schedule's JSON tag, in [`SCHEDULES`] order.
pub const SCHEDULE_IDS: [&str; SCHEDULE_TABLE.len()] = {
    let mut ids = [""; SCHEDULE_TABLE.len()];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = SCHEDULE_TABLE[i].id;
        i += 1;
    }
    ids
};

const SCHEDULE_TABLE: [ScheduleSpec; 6] = [
    ScheduleSpec {
        id: "inverse_time_decay",
        class: "InverseTimeDecay",
        signature: &[
            "initial_learning_rate",
            "decay_steps",
            "decay_rate",
            "staircase",
            "name",
        ],
        args: &[
            INITIAL_LR,
            DECAY_STEPS,
            DECAY_RATE,
            bool_arg("staircase"),
            NAME,
        ],
    },
    ScheduleSpec {
        id: "exponential_decay",
        class: "ExponentialDecay",
        signature: &[
            "initial_learning_rate",
            "decay_steps",
            "decay_rate",
            "staircase",
            "name",
        ],
        args: &[
            INITIAL_LR,
            DECAY_STEPS,
            DECAY_RATE,
            bool_arg("staircase"),
            NAME,
        ],
    },
    ScheduleSpec {
        id: "piecewise_constant_decay",
        class: "PiecewiseConstantDecay",
        signature: &["boundaries", "values", "name"],
        args: &[
            Arg {
                name: "boundaries",
                kind: ArgKind::List,
                default: KerasDefault::Required,
                range: Range::Unchecked,
            },
            // Each value is a learning rate.
            Arg {
                name: "values",
                kind: ArgKind::List,
                default: KerasDefault::Required,
                range: Range::NonNegative,
            },
            NAME,
        ],
    },
    ScheduleSpec {
        id: "cosine_decay",
        class: "CosineDecay",
        signature: &[
            "initial_learning_rate",
            "decay_steps",
            "alpha",
            "name",
            "warmup_target",
            "warmup_steps",
        ],
        args: &[
            INITIAL_LR,
            DECAY_STEPS,
            ALPHA,
            NAME,
            optional("warmup_target", Range::NonNegative),
            num("warmup_steps", 0.0, Range::NonNegative),
        ],
    },
    ScheduleSpec {
        id: "polynomial_decay",
        class: "PolynomialDecay",
        signature: &[
            "initial_learning_rate",
            "decay_steps",
            "end_learning_rate",
            "power",
            "cycle",
            "name",
        ],
        args: &[
            INITIAL_LR,
            DECAY_STEPS,
            num("end_learning_rate", 0.0001, Range::NonNegative),
            // A negative power makes 0 ^ power infinite at decay_steps.
            num("power", 1.0, Range::NonNegative),
            bool_arg("cycle"),
            NAME,
        ],
    },
    ScheduleSpec {
        id: "cosine_decay_restarts",
        class: "CosineDecayRestarts",
        signature: &[
            "initial_learning_rate",
            "first_decay_steps",
            "t_mul",
            "m_mul",
            "alpha",
            "name",
        ],
        args: &[
            INITIAL_LR,
            required("first_decay_steps", Range::AtLeastOneStep),
            num("t_mul", 2.0, Range::PeriodGrowth),
            // Peaks that grow reach inf, and inf * (1 - alpha) is NaN for alpha 1.
            num("m_mul", 1.0, Range::UnitClosed),
            ALPHA,
            NAME,
        ],
    },
];

/// The schedule with JSON tag `id`.
pub fn schedule(id: &str) -> Option<&'static ScheduleSpec> {
    SCHEDULES.iter().find(|s| s.id == id)
}

/// The schedule with Keras class name `class`.
pub fn schedule_by_class(class: &str) -> Option<&'static ScheduleSpec> {
    SCHEDULES.iter().find(|s| s.class == class)
}

/// Keras's numeric default of a schedule argument (serde's defaults read this).
pub(crate) fn schedule_default(id: &str, arg: &str) -> f64 {
    schedule(id)
        .and_then(|s| s.arg(arg))
        .and_then(|a| a.default.number())
        .expect("the schedule argument has a numeric default in SCHEDULES")
}

/// Whether `name` is a boolean argument of any class or schedule.
pub fn is_bool_arg(name: &str) -> bool {
    let bool_in = |args: &[Arg]| {
        args.iter()
            .any(|a| a.name == name && a.kind == ArgKind::Bool)
    };
    OPTIMIZERS.iter().any(|s| bool_in(s.args)) || SCHEDULES.iter().any(|s| bool_in(s.args))
}

/// The whole table, as `kerasSpec()` hands it to JS.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KerasSpec {
    /// Every optimizer class under every API it exists in.
    pub optimizers: &'static [OptimizerSpec],
    /// Every learning-rate schedule.
    pub schedules: &'static [ScheduleSpec],
}

/// The whole table.
pub fn keras_spec() -> KerasSpec {
    KerasSpec {
        optimizers: OPTIMIZERS,
        schedules: SCHEDULES,
    }
}

/// `www/js/keras-spec.js`: the table as an ES module, for code that runs before (or without)
/// the wasm module. A test checks the file is this text.
pub fn js_module() -> String {
    let json = serde_json::to_string_pretty(&keras_spec()).expect("the table serializes");
    format!(
        "// Generated from the Rust core's Keras table (src/optim/spec.rs): do not edit.\n\
         // Regenerate with `cargo run --example keras_spec_js > www/js/keras-spec.js`;\n\
         // `kerasSpec()` in the wasm module returns the same object (tests/keras-spec.test.mjs).\n\n\
         /** @type {{import('../pkg/plane.js').KerasSpec}} */\n\
         export const KERAS_SPEC = {json};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_its_positional_arguments_and_defaults_in_signature_order() {
        for s in OPTIMIZERS {
            let mut last = 0;
            for a in s.args {
                if let Some(i) = s.signature.iter().position(|n| *n == a.name) {
                    assert!(
                        i >= last,
                        "{} {:?}: {} out of order",
                        s.class,
                        s.api,
                        a.name
                    );
                    last = i;
                } else {
                    assert!(
                        s.kwargs.contains(&a.name),
                        "{} {:?}: {}",
                        s.class,
                        s.api,
                        a.name
                    );
                }
            }
            assert_eq!(s.signature.last(), Some(&"name"), "{}", s.class);
        }
        for s in SCHEDULES {
            let names: Vec<&str> = s.args.iter().map(|a| a.name).collect();
            assert_eq!(names, s.signature, "{}", s.class);
        }
    }

    #[test]
    fn shared_positional_is_what_both_apis_take() {
        assert_eq!(
            shared_positional(K::Adam),
            ["learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"]
        );
        assert_eq!(
            shared_positional(K::Sgd),
            ["learning_rate", "momentum", "nesterov"]
        );
        assert_eq!(shared_positional(K::AdamW).len(), 15);
        assert_eq!(shared_positional(K::AdamW)[1], "weight_decay");
    }

    #[test]
    fn keras3_only_arguments_are_those_legacy_never_takes() {
        for a in [
            "weight_decay",
            "use_ema",
            "ema_momentum",
            "loss_scale_factor",
        ] {
            assert!(keras3_only_arg(a), "{a}");
        }
        for a in [
            "clipnorm",
            "decay",
            "lr",
            "name",
            "beta_1",
            "schedule_decay",
        ] {
            assert!(!keras3_only_arg(a), "{a}");
        }
    }

    #[test]
    fn ranges_reject_what_keras_cannot_store() {
        assert!(Range::NonNegative.check("x", 3.5e38).is_err());
        assert!(Range::NonNegative.check("x", -0.1).is_err());
        assert!(Range::UnitOpen.check("x", 1.0).is_err());
        assert!(Range::UnitClosed.check("x", 1.0).is_ok());
        assert!(Range::PositiveSteps.check("x", 1e-40).is_err());
        assert!(Range::AtLeastOneStep.check("x", 0.5).is_err());
        assert!(Range::PeriodGrowth.check("x", 1000.5).is_err());
        assert_eq!(
            Range::UnitOpen
                .check("beta_1", 1.5)
                .unwrap_err()
                .to_string(),
            "beta_1: must be in [0, 1), got 1.5"
        );
    }
}
