//! The page's copy of the Keras table (`www/js/keras-spec.js`) is the core's, and the table's
//! defaults are what resolving an empty configuration gives.

use optimizer_playground::optim::spec::{self, KerasDefault};
use optimizer_playground::optim::{Api, OptimizerConfig};
use optimizer_playground::LearningRateSchedule;

#[test]
fn the_pages_keras_spec_module_is_the_cores_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/js/keras-spec.js");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == spec::js_module(),
        "www/js/keras-spec.js is not the core's table: run \
         `cargo run --example keras_spec_js > www/js/keras-spec.js`"
    );
}

#[test]
fn resolving_a_bare_class_gives_every_default_of_the_table() {
    for s in spec::OPTIMIZERS {
        let config = OptimizerConfig {
            name: Some(s.id.to_string()),
            api: Some(s.api),
            ..OptimizerConfig::default()
        };
        let r = config.resolve().unwrap();
        let resolved = serde_json::to_value(&r).unwrap();
        for a in s.args {
            let got = &resolved[a.name];
            match a.default {
                KerasDefault::Number(v) if a.name == "learning_rate" => {
                    assert_eq!(got.as_f64(), Some(v), "{} {:?}", s.class, s.api)
                }
                // Legacy `decay` defaults to 0; what resolve reports as the decay in use.
                KerasDefault::Number(v) if a.name == "decay" => {
                    assert_eq!(r.decay, v, "{} {:?}", s.class, s.api)
                }
                KerasDefault::Number(v) => {
                    assert_eq!(got.as_f64(), Some(v), "{} {:?} {}", s.class, s.api, a.name)
                }
                KerasDefault::Bool(b) => {
                    assert_eq!(got.as_bool(), Some(b), "{} {:?} {}", s.class, s.api, a.name)
                }
                KerasDefault::None if a.name == "lr" => {}
                KerasDefault::None | KerasDefault::Required => {
                    assert!(got.is_null(), "{} {:?} {}: {got}", s.class, s.api, a.name)
                }
            }
        }
        assert_eq!(r.keras_class, s.qualified_name());
    }
}

#[test]
fn a_value_outside_the_tables_range_is_rejected_naming_the_field() {
    for s in spec::OPTIMIZERS {
        for a in s.args.iter().filter(|a| a.name != "learning_rate") {
            let Some((min, _, min_exclusive, _)) = a.range.bounds() else {
                continue;
            };
            let below = if min_exclusive { min } else { min - 0.5 };
            let mut json = serde_json::json!({"name": s.id, "api": s.api});
            json[a.name] = below.into();
            let config: OptimizerConfig = serde_json::from_value(json).unwrap();
            let e = config.resolve().unwrap_err();
            assert_eq!(
                e.field,
                format!("optimizer.{}", a.name),
                "{} {:?}",
                s.class,
                s.api
            );
        }
    }
}

#[test]
fn schedule_defaults_are_the_tables() {
    for s in spec::SCHEDULES {
        let mut json = serde_json::json!({"schedule": s.id});
        for a in s
            .args
            .iter()
            .filter(|a| a.default == KerasDefault::Required)
        {
            json[a.name] = if a.name == "boundaries" {
                serde_json::json!([10])
            } else if a.name == "values" {
                serde_json::json!([0.1, 0.01])
            } else {
                serde_json::json!(5.0)
            };
        }
        let schedule: LearningRateSchedule = serde_json::from_value(json).unwrap();
        schedule.validate().unwrap();
        let back = serde_json::to_value(&schedule).unwrap();
        for a in s.args {
            match a.default {
                KerasDefault::Number(v) => assert_eq!(back[a.name].as_f64(), Some(v), "{}", a.name),
                KerasDefault::Bool(b) => assert_eq!(back[a.name].as_bool(), Some(b), "{}", a.name),
                KerasDefault::None => assert!(back[a.name].is_null(), "{}", a.name),
                KerasDefault::Required => {}
            }
        }
    }
}

#[test]
fn every_optimizer_class_has_a_legacy_and_a_keras3_row_except_adamw() {
    for id in spec::optimizer_ids() {
        let apis: Vec<Api> = spec::OPTIMIZERS
            .iter()
            .filter(|s| s.id == id)
            .map(|s| s.api)
            .collect();
        let want = if id == "adamw" {
            vec![Api::Keras3]
        } else {
            vec![Api::Legacy, Api::Keras3]
        };
        assert_eq!(apis, want, "{id}");
    }
}
