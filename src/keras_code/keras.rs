//! Keras's classes as this parser knows them: positional signatures, argument kinds, and the
//! exact texts of Keras's warnings and errors.
//!
//! Signatures (positional order) are Keras's own:
//! * Keras 3 — keras-team/keras `keras/src/optimizers/{adam,adamw,sgd,rmsprop,adagrad,adamax,
//!   nadam}.py`, e.g. `Adam.__init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
//!   epsilon=1e-7, amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
//!   global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
//!   loss_scale_factor=None, gradient_accumulation_steps=None, name="adam", **kwargs)`;
//!   `AdamW(learning_rate=0.001, weight_decay=0.004, beta_1, …)` (weight_decay second);
//!   `RMSprop(learning_rate, rho, momentum, epsilon, centered, weight_decay, …)`;
//!   `Nadam(learning_rate, beta_1, beta_2, epsilon, weight_decay, …)`. Unknown keywords:
//!   `kwargs.pop("decay", None)` warns, anything left raises
//!   `ValueError: Argument(s) not recognized: {…}` (`keras/src/optimizers/base_optimizer.py`).
//! * tf_keras legacy — keras-team/tf-keras `tf_keras/optimizers/legacy/{adam,gradient_descent,
//!   rmsprop,adagrad,adamax,nadam}.py`, e.g. `Adam.__init__(self, learning_rate=0.001,
//!   beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="Adam", **kwargs)` with
//!   `**kwargs` in {`clipnorm`, `clipvalue`, `global_clipnorm`, `lr`, `decay`}
//!   (`self._set_hyper("learning_rate", kwargs.get("lr", learning_rate))`: `lr` wins);
//!   legacy Nadam: `kwargs["decay"] = kwargs.pop("schedule_decay", 0.004)`.
//! * Schedules — `keras/src/optimizers/schedules/learning_rate_schedule.py` (tf_keras has the
//!   same order): `ExponentialDecay(initial_learning_rate, decay_steps, decay_rate,
//!   staircase=False, name=…)`, `InverseTimeDecay` the same, `PiecewiseConstantDecay(boundaries,
//!   values, name=…)`, `CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, name=…,
//!   warmup_target=None, warmup_steps=0)`, `PolynomialDecay(initial_learning_rate, decay_steps,
//!   end_learning_rate=0.0001, power=1.0, cycle=False, name=…)`,
//!   `CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
//!   alpha=0.0, name=…)`.
//! * `Model.compile(optimizer="rmsprop", loss=None, metrics=None, …)` and
//!   `Model.fit(x, y, batch_size, epochs, verbose, callbacks, validation_split,
//!   validation_data, shuffle, class_weight, sample_weight, initial_epoch, steps_per_epoch, …)`
//!   (the same order in tf_keras and Keras 3); tf_keras's
//!   `fit_generator(generator, steps_per_epoch, epochs, verbose, callbacks, validation_data, …)`.

use crate::optim::spec::{self, OptimizerKind};

/// The positional arguments both APIs share for a class (AdamW: all of Keras 3's, since it
/// exists only there); the rest of each API's signature is in [`spec::OPTIMIZERS`].
pub(crate) fn optimizer_positional(kind: OptimizerKind) -> &'static [&'static str] {
    spec::shared_positional(kind)
}

/// Keras's class for a class name as written in code (exact, as Python is case-sensitive).
pub(crate) fn optimizer_class(name: &str) -> Option<OptimizerKind> {
    spec::OPTIMIZERS
        .iter()
        .find(|s| s.class == name)
        .map(|s| s.kind)
}

/// Keras 2.0–2.2's lowercase aliases in `keras.optimizers` (its `keras/optimizers.py` ends
/// with `sgd = SGD`, `rmsprop = RMSprop`, `adagrad = Adagrad`, `adam = Adam`, `adamax = Adamax`,
/// `nadam = Nadam`); tf.keras, tf_keras and Keras 3 have none of them. Only read after a module
/// named `optimizers`, since a bare `adam(…)` is far more often a function of the script's own.
pub(crate) fn keras2_alias(name: &str) -> Option<OptimizerKind> {
    Some(match name {
        "sgd" => OptimizerKind::Sgd,
        "rmsprop" => OptimizerKind::Rmsprop,
        "adagrad" => OptimizerKind::Adagrad,
        "adam" => OptimizerKind::Adam,
        "adamax" => OptimizerKind::Adamax,
        "nadam" => OptimizerKind::Nadam,
        _ => return None,
    })
}

/// Keras 2.2's positional order for a class (`keras/optimizers.py`: `SGD(lr=0.01,
/// momentum=0., decay=0., nesterov=False)`, `RMSprop(lr=0.001, rho=0.9, epsilon=None,
/// decay=0.)`, `Adagrad(lr=0.01, epsilon=None, decay=0.)`, `Adam(lr=0.001, beta_1=0.9,
/// beta_2=0.999, epsilon=None, decay=0., amsgrad=False)`, `Adamax(lr=0.002, beta_1, beta_2,
/// epsilon=None, decay=0.)`, `Nadam(lr=0.002, beta_1, beta_2, epsilon=None,
/// schedule_decay=0.004)`): `decay` sits where tf_keras has `nesterov`, `amsgrad` or `name`.
/// The first is named `learning_rate` here (Keras 2.2 called it `lr`), so that a positional
/// learning rate does not read as the deprecated keyword.
pub(crate) fn keras22_positional(kind: OptimizerKind) -> &'static [&'static str] {
    match kind {
        OptimizerKind::Sgd => &["learning_rate", "momentum", "decay", "nesterov"],
        OptimizerKind::Rmsprop => &["learning_rate", "rho", "epsilon", "decay"],
        OptimizerKind::Adagrad => &["learning_rate", "epsilon", "decay"],
        OptimizerKind::Adam => &[
            "learning_rate",
            "beta_1",
            "beta_2",
            "epsilon",
            "decay",
            "amsgrad",
        ],
        OptimizerKind::Adamax => &["learning_rate", "beta_1", "beta_2", "epsilon", "decay"],
        OptimizerKind::Nadam => &[
            "learning_rate",
            "beta_1",
            "beta_2",
            "epsilon",
            "schedule_decay",
        ],
        OptimizerKind::AdamW => &[],
    }
}

/// Keras 2.2's defaults where tf_keras's legacy classes have others: the learning rate of
/// Adagrad (0.01), Adamax and Nadam (0.002), and Adagrad's accumulators, which start at 0
/// (`K.zeros`; tf_keras starts them at `initial_accumulator_value=0.1`).
pub(crate) fn keras22_defaults(kind: OptimizerKind) -> &'static [(&'static str, f64)] {
    match kind {
        OptimizerKind::Adagrad => &[("learning_rate", 0.01), ("initial_accumulator_value", 0.0)],
        OptimizerKind::Adamax | OptimizerKind::Nadam => &[("learning_rate", 0.002)],
        _ => &[],
    }
}

/// How legacy and Keras 3 differ for a class, for code that does not say which Keras runs
/// it; `None` where both compute the same update up to float32 rounding (Adam and Adamax round
/// `1 - beta` differently; Adagrad, and RMSprop without momentum, put epsilon inside the
/// square root in Keras 3 — measured with tf-keras and Keras 3 on five updates from
/// accumulators well above epsilon: within 2.4e-7 of each other). Nadam's momentum schedule is
/// a different formula (0.01 apart after five updates in the same run), and Keras 3's is what
/// TF 2.11–2.15's new `tf.keras.optimizers.Nadam` computes (bit for bit in that run).
pub(crate) fn api_difference(kind: OptimizerKind) -> Option<&'static str> {
    match kind {
        OptimizerKind::Nadam => Some(
            "legacy Nadam's momentum schedule mu_t = beta_1 * (1 - 0.5 * 0.96^(0.004 t)) stays \
             near beta_1 / 2 for thousands of updates, Keras 3's mu_t = beta_1 * (1 - 0.5 * \
             0.96^t) reaches beta_1 within about a hundred, so the steps differ from the first \
             update on",
        ),
        _ => None,
    }
}

/// A schedule class: its JSON tag in [`crate::LearningRateSchedule`] and positional order.
pub(crate) fn schedule_class(name: &str) -> Option<(&'static str, &'static [&'static str])> {
    spec::schedule_by_class(name).map(|s| (s.id, s.signature))
}

/// Arguments that are booleans in Keras.
pub(crate) fn is_bool_arg(name: &str) -> bool {
    spec::is_bool_arg(name)
}

/// Optimizer arguments that map onto [`crate::OptimizerConfig`] fields as numbers.
pub(crate) const NUMBER_FIELDS: &[&str] = &[
    "beta_1",
    "beta_2",
    "epsilon",
    "momentum",
    "rho",
    "initial_accumulator_value",
    "schedule_decay",
];

/// Whether an argument only Keras 3 (or the TF 2.11+ "new" optimizer) has: its presence means
/// api "keras3".
pub(crate) fn keras3_only(name: &str) -> bool {
    spec::keras3_only_arg(name)
}

/// Why an optimizer argument that is understood is not used, or `None` when the value means
/// "off" (so it changes nothing and is not listed). `None` for arguments not in this list.
pub(crate) fn unused_optimizer_arg(name: &str, value_is_off: bool) -> Option<Option<&'static str>> {
    let reason = match name {
        "clipnorm" | "clipvalue" | "global_clipnorm" => {
            "gradient clipping does not change the learning rate"
        }
        "use_ema" | "ema_momentum" | "ema_overwrite_frequency" => {
            "the exponential moving average of the weights does not change the learning rate"
        }
        "loss_scale_factor" => "loss scaling does not change the learning rate",
        "gradient_accumulation_steps" => {
            "gradient accumulation is not modelled: Keras then makes one update every N batches, \
             and optimizer.iterations counts updates, not batches"
        }
        "jit_compile" => "XLA compilation does not change the learning rate",
        "name" => "the optimizer's name does not change the training",
        "is_legacy_optimizer" => return Some(None),
        _ => return None,
    };
    Some((!value_is_off).then_some(reason))
}

/// `Model.compile`'s positional order.
pub(crate) const COMPILE_POSITIONAL: &[&str] = &[
    "optimizer",
    "loss",
    "metrics",
    "loss_weights",
    "weighted_metrics",
    "run_eagerly",
    "steps_per_execution",
    "jit_compile",
];

/// `Model.fit`'s positional order.
pub(crate) const FIT_POSITIONAL: &[&str] = &[
    "x",
    "y",
    "batch_size",
    "epochs",
    "verbose",
    "callbacks",
    "validation_split",
    "validation_data",
    "shuffle",
    "class_weight",
    "sample_weight",
    "initial_epoch",
    "steps_per_epoch",
    "validation_steps",
    "validation_batch_size",
    "validation_freq",
    "max_queue_size",
    "workers",
    "use_multiprocessing",
];

/// tf_keras's `Model.fit_generator` positional order (the generator is `x`).
pub(crate) const FIT_GENERATOR_POSITIONAL: &[&str] = &[
    "x",
    "steps_per_epoch",
    "epochs",
    "verbose",
    "callbacks",
    "validation_data",
    "validation_steps",
    "validation_freq",
    "class_weight",
    "max_queue_size",
    "workers",
    "use_multiprocessing",
    "shuffle",
    "initial_epoch",
];

/// Why a compile()/fit() argument does not appear in the result.
pub(crate) fn unused_training_arg(name: &str) -> &'static str {
    match name {
        "loss" => "the loss does not change the learning rate",
        "metrics" | "weighted_metrics" => "metrics do not change the learning rate",
        "loss_weights" => "loss weights do not change the learning rate",
        "y" => "the labels do not change the learning rate",
        "callbacks" => {
            "callbacks are not followed: a LearningRateScheduler or ReduceLROnPlateau among them \
             would change the learning rate"
        }
        "validation_data" | "validation_steps" | "validation_batch_size" | "validation_freq" => {
            "validation is not trained on and does not change the learning rate"
        }
        "initial_epoch" => {
            "initial_epoch only numbers the epochs; it does not change optimizer.iterations"
        }
        "class_weight" | "sample_weight" => "sample weights do not change the learning rate",
        "samples_per_epoch" => {
            "Keras 1's samples_per_epoch: Keras 2.0–2.2 turned it into steps_per_epoch = \
             samples_per_epoch // the generator's batch_size (or samples_per_epoch when the \
             generator has none), which the text does not give; tf.keras and Keras 3 raise \
             TypeError on it"
        }
        "nb_val_samples" | "nb_worker" | "pickle_safe" | "max_q_size" => {
            "a Keras 1 argument that does not change the learning rate"
        }
        _ => "does not change the learning rate",
    }
}

/// tf_keras's warning for `lr=` (legacy optimizers).
pub(crate) use crate::optim::config::LEGACY_LR_WARNING;

/// What Keras 2.0–2.2 did with Keras 1's `nb_epoch=` in `fit()` (`keras/engine/training.py`:
/// `if 'nb_epoch' in kwargs: warnings.warn(…); epochs = kwargs.pop('nb_epoch')`; its
/// `fit_generator` converted it likewise), and what later Keras does.
pub(crate) const NB_EPOCH_WARNING: &str =
    "`nb_epoch` is Keras 1's name of `epochs`: Keras 2.0–2.2 \
     read it as the epochs with UserWarning: The `nb_epoch` argument in `fit` has been renamed \
     `epochs`.; tf.keras (TF 2) and Keras 3 raise TypeError on it";

/// Keras 3's error for `lr=`.
pub(crate) fn keras3_lr_error(lr_repr: &str) -> String {
    format!("ValueError: Argument(s) not recognized: {{'lr': {lr_repr}}}")
}

/// What TF 2.11–2.15's `tf.keras.optimizers.<Class>` (the "new" optimizer) raises for `decay=`.
pub(crate) fn tf211_decay_error(class: &str) -> String {
    format!(
        "ValueError: decay is deprecated in the new Keras optimizer, please check the docstring \
         for valid arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.{class}."
    )
}

/// Python's `repr` of a float (or an int when `int`).
pub(crate) fn py_repr(v: f64, int: bool) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if int {
        return format!("{v:.0}");
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let fixed = format!("{v}");
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_repr() {
        for (v, want) in [
            (0.003, "0.003"),
            (1e-7, "1e-07"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (2.5e-5, "2.5e-05"),
            (3.0, "3.0"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (-0.5, "-0.5"),
        ] {
            assert_eq!(py_repr(v, false), want);
        }
        assert_eq!(py_repr(3.0, true), "3");
    }
}
