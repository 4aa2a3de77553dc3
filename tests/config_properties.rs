//! Property tests over the whole input space of the numeric configs: any numbers (NaN, ±inf,
//! negatives, huge, tiny) in any field either give a clear error naming a known field, or a run
//! whose every output is finite — never a panic, a hang or silent NaNs.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::optim::{lr_schedule, OptimizerConfig};
use optimizer_playground::plane::functions::Function;
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};
use proptest::prelude::*;

/// Any f64 a JS number can be, weighted towards edge cases.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(1e-45),
        -10.0..10.0f64,
        0.0..1.0f64,
        (-40i32..40).prop_map(|e| 10f64.powi(e)),
    ]
}

fn optimizer_config() -> impl Strategy<Value = OptimizerConfig> {
    let names = prop::sample::select(vec![
        "adam", "adamw", "sgd", "rmsprop", "adagrad", "adamax", "nadam",
    ]);
    (
        names,
        prop::option::of(any_number()),
        prop::option::of(any_number()),
        prop::option::of(any_number()),
        prop::option::of(any_number()),
        prop::option::of(any_number()),
        prop::option::of(any_number()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(name, lr, decay, beta_1, epsilon, momentum, rho, keras3)| {
                let mut c =
                    OptimizerConfig::from_json(&format!(r#"{{"name": "{name}"}}"#)).unwrap();
                c.learning_rate = lr.map(optimizer_playground::optim::LearningRate::Constant);
                c.decay = decay;
                if name.starts_with("adam") || name == "nadam" {
                    c.beta_1 = beta_1;
                    c.epsilon = epsilon;
                }
                if name == "sgd" || name == "rmsprop" {
                    c.momentum = momentum;
                }
                if name == "rmsprop" {
                    c.rho = rho;
                }
                if keras3 == Some(true) {
                    c.api = Some(optimizer_playground::optim::Api::Keras3);
                }
                c
            },
        )
}

const FIELDS: &[&str] = &[
    "learning_rate",
    "decay",
    "beta_1",
    "beta_2",
    "epsilon",
    "momentum",
    "rho",
    "name",
    "api",
    "lr",
];

/// PolynomialDecay and CosineDecayRestarts with arbitrary arguments (each one omitted, sane or
/// hostile).
fn new_schedule() -> impl Strategy<Value = String> {
    let num = || prop::option::of(any_number());
    (
        any::<bool>(),
        (num(), num(), num(), num(), num()),
        any::<bool>(),
    )
        .prop_map(|(poly, (a, b, c, d, e), cycle)| {
            let fmt = |k: &str, v: Option<f64>| match v {
                // JSON has no NaN/inf: serde_json would write null, which is a type error.
                Some(v) if v.is_finite() => format!(r#","{k}":{v:e}"#),
                _ => String::new(),
            };
            let (lr0, steps) = (a.filter(|v| v.is_finite()).unwrap_or(0.01), b.filter(|v| v.is_finite()).unwrap_or(10.0));
            if poly {
                format!(
                    r#"{{"schedule":"polynomial_decay","initial_learning_rate":{lr0:e},"decay_steps":{steps:e}{}{},"cycle":{cycle}}}"#,
                    fmt("end_learning_rate", c),
                    fmt("power", d)
                )
            } else {
                format!(
                    r#"{{"schedule":"cosine_decay_restarts","initial_learning_rate":{lr0:e},"first_decay_steps":{steps:e}{}{}{}}}"#,
                    fmt("t_mul", c),
                    fmt("m_mul", d),
                    fmt("alpha", e)
                )
            }
        })
}

const SCHEDULE_FIELDS: &[&str] = &[
    "initial_learning_rate",
    "decay_steps",
    "end_learning_rate",
    "power",
    "first_decay_steps",
    "t_mul",
    "m_mul",
    "alpha",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_new_schedule_is_valid_or_names_its_field(schedule in new_schedule()) {
        let json = format!(r#"{{"name":"adam","learning_rate":{schedule}}}"#);
        let config = OptimizerConfig::from_json(&json).unwrap();
        match lr_schedule(&config, 300, None) {
            Ok(table) => {
                for p in &table.per_step {
                    prop_assert!(p.effective_lr.is_finite() && p.effective_lr >= 0.0, "{json} at {}: {}", p.iteration, p.effective_lr);
                }
            }
            Err(e) => {
                prop_assert!(e.field.starts_with("optimizer.learning_rate."), "{e}");
                let leaf = e.field.rsplit('.').next().unwrap();
                prop_assert!(SCHEDULE_FIELDS.contains(&leaf), "unexpected field {e}");
                prop_assert!(e.message.contains("must"), "{e}");
            }
        }
    }

    #[test]
    fn any_optimizer_config_is_valid_or_names_its_field(config in optimizer_config()) {
        match lr_schedule(&config, 50, Some(8)) {
            Ok(table) => {
                for p in &table.per_step {
                    prop_assert!(p.effective_lr.is_finite() && p.reported_lr.is_finite(), "{config:?}");
                    prop_assert!(p.effective_lr >= 0.0);
                }
                prop_assert!(table.per_step.windows(2).all(|w| w[1].effective_lr <= w[0].effective_lr));
            }
            Err(e) => {
                let leaf = e.field.rsplit('.').next().unwrap();
                prop_assert!(FIELDS.contains(&leaf), "unexpected field {e}");
                prop_assert!(e.message.contains("got") || e.message.contains("must"), "{e}");
            }
        }
    }

    #[test]
    fn any_run_is_finite_or_flags_its_divergence(
        config in optimizer_config(),
        f in prop::sample::select(Function::all().to_vec()),
        x in -1e6f32..1e6, y in -1e6f32..1e6,
        steps in 1u64..200,
    ) {
        let c = TrajectoryConfig { function: f.id().into(), condition_number: None, start: [x, y], optimizer: config, steps };
        if let Ok(t) = run_trajectory(&c) {
            prop_assert!(t.x.iter().chain(&t.y).chain(&t.loss).all(|v| v.is_finite()));
            match t.diverged_at {
                None => prop_assert_eq!(t.x.len() as u64, steps + 1),
                Some(k) => prop_assert_eq!(t.x.len() as u64, k),
            }
        }
    }
}
