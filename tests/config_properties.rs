//! Property tests over the whole input space of the numeric configs: any numbers (NaN, ±inf,
//! negatives, huge, tiny) in any field either give a clear error naming a known field, or a run
//! whose every output is finite — never a panic, a hang or silent NaNs.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::functions::Function;
use optimizer_playground::optim::{lr_schedule, OptimizerConfig};
use optimizer_playground::trajectory::{run_trajectory, TrajectoryConfig};
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
                if keras3 == Some(true) && ["adam", "adamw", "sgd", "rmsprop"].contains(&name) {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

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
