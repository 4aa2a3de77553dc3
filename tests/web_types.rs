//! The TypeScript interfaces the `.d.ts` names (`web::types::TS_TYPES`) have the shape of what
//! the exports really return: a member added to or dropped from a Rust struct fails here.
#![cfg(target_arch = "wasm32")]

use optimizer_playground::web;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod js_support;
use js_support::{assert_shape, get, json};

fn first(array: &JsValue) -> JsValue {
    array.unchecked_ref::<js_sys::Array>().get(0)
}

#[wasm_bindgen_test]
fn the_declared_interfaces_match_the_results() {
    assert_shape(&web::build_info().unwrap(), "BuildInfo");
    let functions = web::functions().unwrap();
    let rosenbrock = first(&functions);
    assert_shape(&rosenbrock, "FunctionInfo");
    assert_shape(&get(&rosenbrock, "domain"), "View");
    assert_shape(&first(&get(&rosenbrock, "minima")), "FunctionMinimum");
    let quadratic = js_sys::Array::from(&functions)
        .iter()
        .find(|f| get(f, "id").as_string().unwrap() == "ill_conditioned_quadratic")
        .unwrap();
    assert_shape(&quadratic, "FunctionInfo");

    for optimizer in [
        r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#,
        r#"{"name": "adamw", "learning_rate": {"schedule": "cosine_decay", "initial_learning_rate": 0.1, "decay_steps": 10}}"#,
        r#"{"name": "nadam"}"#,
        r#"{"name": "sgd", "api": "keras3", "weight_decay": 0.1}"#,
    ] {
        assert_shape(
            &web::validate_optimizer(json(optimizer)).unwrap(),
            "ResolvedOptimizer",
        );
    }

    let config = r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 10,
        "optimizer": {"name": "adam", "learning_rate": 0.003}}"#;
    assert_shape(&web::run_trajectory(json(config)).unwrap(), "Trajectory");
    let diverging = r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 50,
        "optimizer": {"name": "sgd", "learning_rate": 1000}}"#;
    let t = web::run_trajectory(json(diverging)).unwrap();
    assert!(!get(&t, "diverged_at").is_undefined());
    assert_shape(&t, "Trajectory");

    for c in [config, diverging] {
        let layout = web::TrajectoryRun::new(json(c)).unwrap().columns().unwrap();
        assert_shape(&layout, "TrajectoryRunLayout");
        assert_shape(&get(&layout, "columns"), "TrajectoryColumns");
    }

    let adam = || json(r#"{"name": "adam"}"#);
    for (optimizer, spe) in [(adam(), Some(3.0)), (json(r#"{"name": "sgd"}"#), None)] {
        let layout = web::LrTable::new(optimizer, 10.0, spe).unwrap().columns();
        assert_shape(&layout, "LrTableLayout");
        assert_shape(&get(&layout, "columns"), "LrTableColumns");
    }
    assert_shape(&web::lr_at(adam(), vec![0.0, 9.0]).unwrap(), "LrSeries");
    assert_shape(
        &web::lr_at(json(r#"{"name": "sgd"}"#), vec![0.0]).unwrap(),
        "LrSeries",
    );
    assert_shape(
        &web::lr_schedule(adam(), 10.0, Some(3.0)).unwrap(),
        "LrScheduleTable",
    );
    assert_shape(
        &web::lr_schedule(adam(), 10.0, None).unwrap(),
        "LrScheduleTable",
    );

    let summary = web::run_summary(adam(), json(r#"{"samples": 100}"#)).unwrap();
    assert_shape(&summary, "RunSummary");

    let parsed = web::parse_keras_code(
        "opt = Adam(lr=0.003, decay=0.0002, clipnorm=1.0)\nmodel.fit(x, y, batch_size=64, epochs=3)",
    )
    .unwrap();
    assert_shape(&parsed, "ParsedKerasCode");
    assert_shape(&get(&parsed, "fit"), "ParsedFit");
    assert_shape(&first(&get(&parsed, "ignored")), "IgnoredCode");
    let nadam = web::parse_keras_code("tf.keras.optimizers.Nadam(learning_rate=1e-3)").unwrap();
    assert_shape(&nadam, "ParsedKerasCode");
    assert_shape(&first(&get(&nadam, "alternatives")), "KerasCodeAlternative");

    let spec = web::keras_spec().unwrap();
    assert_shape(&spec, "KerasSpec");
    let optimizers = get(&spec, "optimizers");
    for o in js_sys::Array::from(&optimizers).iter() {
        assert_shape(&o, "KerasOptimizerSpec");
        for a in js_sys::Array::from(&get(&o, "args")).iter() {
            assert_shape(&a, "KerasArg");
            assert_shape(&get(&a, "range"), "KerasRange");
        }
    }
    for s in js_sys::Array::from(&get(&spec, "schedules")).iter() {
        assert_shape(&s, "KerasScheduleSpec");
    }
    assert_shape(&web::sweep::sweep_colors().unwrap(), "SweepColors");
}

#[wasm_bindgen_test]
fn the_declared_inputs_name_what_the_core_accepts() {
    // An object with every member an input interface declares is accepted (a member the core
    // does not know would be an "unknown field" error).
    let full_optimizer = r#"{"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0,
        "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}"#;
    web::validate_optimizer(json(full_optimizer)).unwrap();
    let members: Vec<String> = js_support::ts_interface("OptimizerConfig")
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    for m in &members {
        // Each declared member is a key the core's OptimizerConfig knows: a wrong-typed value
        // is an error naming that very field, not an unknown-field error.
        let e = web::validate_optimizer(json(&format!(r#"{{"name": "adam", "{m}": "x"}}"#)))
            .unwrap_err();
        let e = JsValue::from(e);
        assert_eq!(
            get(&e, "field").as_string().unwrap(),
            format!("optimizer.{m}")
        );
        assert!(
            !get(&e, "message")
                .as_string()
                .unwrap()
                .contains("unknown field"),
            "{m}"
        );
    }
    let fit = r#"{"samples": 100, "batch_size": 10, "epochs": 2, "validation_split": 0.1, "steps_per_epoch": null}"#;
    web::run_summary(json(r#"{"name": "adam"}"#), json(fit)).unwrap();
}
