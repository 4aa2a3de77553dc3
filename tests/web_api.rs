//! The JS-facing exports, run as wasm in Node and Chrome: shapes of what crosses to JS, and
//! bad input rejected with the field named (including typos, which serde-wasm-bindgen alone
//! would silently ignore).
#![cfg(target_arch = "wasm32")]

use js_sys::{Float32Array, Reflect};
use optimizer_playground::web;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod js_support;
use js_support::{field, get, json, message};

#[wasm_bindgen_test]
fn run_trajectory_returns_typed_arrays_of_points_and_updates() {
    let r = web::run_trajectory(json(
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 2000,
            "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}"#,
    ))
    .unwrap();
    let x: Float32Array = get(&r, "x").dyn_into().unwrap();
    let lr: Float32Array = get(&r, "effective_lr").dyn_into().unwrap();
    let reported: Float32Array = get(&r, "reported_lr").dyn_into().unwrap();
    assert_eq!(x.length(), 2001);
    assert_eq!(lr.length(), 2000);
    assert_eq!(lr.get_index(0), 0.003);
    assert!(lr.get_index(1999) < 0.0022);
    assert_eq!(reported.get_index(1999), 0.003);
    assert!(get(&r, "diverged_at").is_undefined());
}

/// The page reads each function's metadata as a plain object (`f.id`, `f.default_start`, …), not
/// a JS `Map`, although the core's `FunctionInfo` flattens its spec into itself.
#[wasm_bindgen_test]
fn functions_are_plain_objects_with_what_the_page_reads() {
    let list: js_sys::Array = web::functions().unwrap().dyn_into().unwrap();
    assert_eq!(list.length(), 12);
    let rosenbrock = list.get(0);
    assert!(!rosenbrock.is_instance_of::<js_sys::Map>());
    assert_eq!(get(&rosenbrock, "id"), "rosenbrock");
    assert_eq!(get(&rosenbrock, "name"), "Rosenbrock");
    let start: js_sys::Array = get(&rosenbrock, "default_start").dyn_into().unwrap();
    assert_eq!(
        (start.get(0).as_f64(), start.get(1).as_f64()),
        (Some(-1.5), Some(2.0))
    );
    assert_eq!(
        get(&get(&rosenbrock, "domain"), "x_min").as_f64(),
        Some(-2.0)
    );
    let minima: js_sys::Array = get(&rosenbrock, "minima").dyn_into().unwrap();
    assert_eq!(get(&minima.get(0), "x").as_f64(), Some(1.0));
    assert!(get(&rosenbrock, "condition_number").is_undefined());
    let quadratic = list.get(5);
    assert_eq!(get(&quadratic, "id"), "ill_conditioned_quadratic");
    assert_eq!(get(&quadratic, "condition_number").as_f64(), Some(100.0));
    assert_eq!(get(&list.get(6), "min_value").as_f64(), Some(-4.0));
}

#[wasm_bindgen_test]
fn typos_and_non_numbers_are_rejected_by_field() {
    let cases = [
        (
            r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizer": {"name": "adam", "learningrate": 0.1}}"#,
            "optimizer.learningrate",
        ),
        (
            r#"{"function": "rosenbrock", "start": [0, 0], "stpes": 10, "optimizer": {"name": "adam"}}"#,
            "stpes",
        ),
        (
            r#"{"function": "nope", "start": [0, 0], "steps": 10, "optimizer": {"name": "adam"}}"#,
            "function",
        ),
        (
            r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizer": {"name": "adam", "beta_2": 1}}"#,
            "optimizer.beta_2",
        ),
    ];
    for (config, field) in cases {
        let m = message(web::run_trajectory(json(config)).unwrap_err());
        assert!(m.starts_with(&format!("{field}: ")), "{config} → {m}");
    }
    // NaN cannot be written in JSON: build the object in JS terms.
    let config = json(
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizer": {"name": "adam"}}"#,
    );
    let start = get(&config, "start");
    Reflect::set(&start, &0.into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let m = message(web::run_trajectory(config).unwrap_err());
    assert!(m.starts_with("start[0]: "), "{m}");
}

/// The exports read a JS object as `JSON.stringify` would write it (what they did when they
/// went through it): keys holding `undefined` are left out, NaN and Infinity are `null`, and
/// what it cannot write (a cycle, a `BigInt`) is an error naming the argument.
#[wasm_bindgen_test]
fn js_objects_are_read_as_json_stringify_writes_them() {
    let adam = json(r#"{"name": "adam", "learning_rate": 0.5}"#);
    Reflect::set(&adam, &"rho".into(), &JsValue::UNDEFINED).unwrap();
    let resolved = web::validate_optimizer(adam.clone()).unwrap();
    assert_eq!(get(&resolved, "learning_rate").as_f64(), Some(0.5));
    Reflect::set(&adam, &"self".into(), &adam).unwrap();
    let e = web::validate_optimizer(adam.clone()).unwrap_err();
    assert!(
        message(e.clone()).contains("plain object"),
        "{}",
        message(e.clone())
    );
    assert_eq!(field(e), "optimizer");
    let big = json(r#"{"name": "adam"}"#);
    Reflect::set(
        &big,
        &"learning_rate".into(),
        &js_sys::BigInt::from(1u32).into(),
    )
    .unwrap();
    assert_eq!(
        field(web::validate_optimizer(big).unwrap_err()),
        "optimizer"
    );
    let config = json(
        r#"{"function": "rosenbrock", "start": [0, 0], "steps": 10, "optimizer": {"name": "adam"}}"#,
    );
    let start = get(&config, "start");
    Reflect::set(&start, &1.into(), &js_sys::Function::new_no_args("")).unwrap();
    assert_eq!(
        field(web::run_trajectory(config.clone()).unwrap_err()),
        "start[1]"
    );
    Reflect::set(&start, &1.into(), &JsValue::from_f64(f64::NEG_INFINITY)).unwrap();
    let e = web::run_trajectory(config).unwrap_err();
    assert!(
        message(e.clone()).contains("NaN, Infinity and null"),
        "{}",
        message(e.clone())
    );
    assert_eq!(field(e), "start[1]");
}

#[wasm_bindgen_test]
fn lr_schedule_gives_per_step_and_per_epoch_values() {
    let s = web::lr_schedule(
        json(r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#),
        4000.0,
        Some(1875.0),
    )
    .unwrap();
    let per_step: Float32Array = get(&s, "effective_lr").dyn_into().unwrap();
    let per_epoch: Float32Array = get(&s, "epoch_effective_lr").dyn_into().unwrap();
    assert_eq!(per_step.length(), 4000);
    assert_eq!(per_epoch.length(), 3);
    assert_eq!(per_epoch.get_index(1), per_step.get_index(1875));
    let m = message(web::lr_schedule(json(r#"{"name": "adam"}"#), 1.5, None).unwrap_err());
    assert!(m.starts_with("steps: "), "{m}");
}

#[wasm_bindgen_test]
fn hostile_inputs_to_every_2d_export_are_errors_not_traps() {
    let not_objects = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(3.0),
        JsValue::from_str("adam"),
        json("[1, 2]"),
        json("{}"),
    ];
    for v in &not_objects {
        assert!(!message(web::run_trajectory(v.clone()).unwrap_err()).is_empty());
        assert!(!message(web::validate_optimizer(v.clone()).unwrap_err()).is_empty());
        assert!(web::lr_schedule(v.clone(), 10.0, None).is_err());
        assert!(web::lr_at(v.clone(), vec![0.0]).is_err());
    }
    let adam = || json(r#"{"name": "adam"}"#);
    for steps in [f64::NAN, -1.0, f64::INFINITY, 1e300, 0.5] {
        assert!(
            web::lr_schedule(adam(), steps, None).is_err(),
            "steps {steps}"
        );
        assert!(
            web::lr_schedule(adam(), 10.0, Some(steps)).is_err() || steps == 1e300,
            "spe {steps}"
        );
        assert!(
            web::lr_at(adam(), vec![steps]).is_err(),
            "iteration {steps}"
        );
    }
    assert!(
        message(web::lr_schedule(adam(), 10.0, Some(0.0)).unwrap_err())
            .starts_with("steps_per_epoch")
    );
    let mut grid = web::MapGrid::new();
    let bad_views = [
        (f32::NAN, 1.0, 0.0, 1.0, 64, 64),
        (0.0, 0.0, 0.0, 1.0, 64, 64),
        (1.0, 0.0, 0.0, 1.0, 64, 64),
        (0.0, f32::INFINITY, 0.0, 1.0, 64, 64),
        (0.0, 1.0, 0.0, 1.0, 0, 64),
        (0.0, 1.0, 0.0, 1.0, 64, 100_000),
    ];
    for (x0, x1, y0, y1, w, h) in bad_views {
        let e = grid
            .compute("rosenbrock", None, x0, x1, y0, y1, w, h, 10)
            .unwrap_err();
        assert!(!message(e).is_empty());
    }
    assert!(grid
        .compute("nope", None, 0.0, 1.0, 0.0, 1.0, 8, 8, 4)
        .is_err());
    assert!(grid
        .compute(
            "ill_conditioned_quadratic",
            Some(-5.0),
            0.0,
            1.0,
            0.0,
            1.0,
            8,
            8,
            4
        )
        .is_err());
    assert!(grid
        .compute("rosenbrock", None, 0.0, 1.0, 0.0, 1.0, 8, 8, 65)
        .is_err());
    // Far outside the domain the values overflow: colours and contours still come out.
    grid.compute("goldstein_price", None, -1e30, 1e30, -1e30, 1e30, 16, 16, 8)
        .unwrap();
    assert!(web::colormap_strip(0).is_err() && web::colormap_strip(1_000_000).is_err());
}

#[wasm_bindgen_test]
fn run_summary_counts_updates_and_names_bad_fit_fields() {
    let optimizer = r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#;
    let s = web::run_summary(
        json(optimizer),
        json(r#"{"samples": 60000, "batch_size": 32, "epochs": 50}"#),
    )
    .unwrap();
    assert_eq!(get(&s, "steps_per_epoch").as_f64(), Some(1875.0));
    assert_eq!(get(&s, "updates").as_f64(), Some(93750.0));
    let last = get(&s, "last_lr").as_f64().unwrap();
    assert!((last - 1.519e-4).abs() < 1e-7, "{last}");
    assert_eq!(get(&s, "reported_lr").as_f64(), Some(f64::from(0.003f32)));
    let epochs: js_sys::Array = get(&s, "epoch_effective_lr").dyn_into().unwrap();
    assert_eq!(epochs.length(), 51);
    for (fit, field) in [
        (r#"{"samples": 0}"#, "fit.samples: "),
        (
            r#"{"samples": 10, "validation_split": 1}"#,
            "fit.validation_split: ",
        ),
        (r#"{"samples": 10, "batch": 3}"#, "fit.batch"),
        (r#"{"samples": 10.5}"#, "fit.samples"),
    ] {
        let e = web::run_summary(json(optimizer), json(fit)).unwrap_err();
        assert!(message(e).starts_with(field), "{fit}");
    }
    for (optimizer, fit, want) in [
        (optimizer, r#"{"samples": 0}"#, "fit.samples"),
        (optimizer, r#"{"samples": 10, "batch": 3}"#, "fit.batch"),
        (
            r#"{"name": "adam", "beta_1": 2}"#,
            r#"{"samples": 10}"#,
            "optimizer.beta_1",
        ),
    ] {
        let e = web::run_summary(json(optimizer), json(fit)).unwrap_err();
        assert_eq!(field(e), want, "{optimizer} {fit}");
    }
}

#[wasm_bindgen_test]
fn lr_at_and_lr_schedule_name_their_own_arguments_not_the_optimizer() {
    let adam = || json(r#"{"name": "adam"}"#);
    let too_many = vec![0.0; optimizer_playground::optim::lr_table::MAX_LR_POINTS + 1];
    assert_eq!(
        field(web::lr_at(adam(), too_many).unwrap_err()),
        "iterations"
    );
    assert_eq!(
        field(web::lr_at(adam(), vec![0.5]).unwrap_err()),
        "iterations"
    );
    assert_eq!(
        field(web::lr_at(json(r#"{"name": "adam", "rho": 0.9}"#), vec![0.0]).unwrap_err()),
        "optimizer.rho"
    );
    assert_eq!(
        field(web::lr_schedule(adam(), 10.0, Some(0.0)).unwrap_err()),
        "steps_per_epoch"
    );
    assert_eq!(
        field(web::validate_optimizer(json(r#"{"name": "adam", "learningrate": 1}"#)).unwrap_err()),
        "optimizer.learningrate"
    );
}

#[wasm_bindgen_test]
fn trajectories_tensorboard_log_writes_every_run_and_names_bad_runs() {
    let runs = json(
        r#"[{"name": "1 Adam", "config": {"function": "rosenbrock", "start": [-1.5, 2], "steps": 10,
              "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}},
            {"name": "2 SGD", "config": {"function": "beale", "start": [1, 1], "steps": 5,
              "optimizer": {"name": "sgd"}}}]"#,
    );
    let bytes = web::trajectories_tensorboard_log(runs, 1.0e9).unwrap();
    let records = optimizer_playground::tfevents::read_records(&bytes).unwrap();
    // The version record, 11 losses + 2 × 10 lrs, 6 losses + 2 × 5 lrs.
    assert_eq!(records.len(), 1 + 31 + 16);
    let bad = json(
        r#"[{"name": "x", "config": {"function": "rosenbrock", "start": [0, 0], "steps": 5,
              "optimizer": {"name": "adam", "beta_1": 1}}}]"#,
    );
    let e = web::trajectories_tensorboard_log(bad, 0.0).unwrap_err();
    assert_eq!(field(e), "runs[0].optimizer.beta_1");
    let typo = json(r#"[{"nam": "x"}]"#);
    assert!(message(web::trajectories_tensorboard_log(typo, 0.0).unwrap_err()).starts_with("runs"));
}

/// A view of `[byte offset, length]` (a span from `columns()`) on wasm memory as it is now.
fn view_of(columns: &JsValue, key: &str) -> Float32Array {
    let span: js_sys::Array = get(columns, key).dyn_into().unwrap();
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    Float32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        span.get(0).as_f64().unwrap() as u32,
        span.get(1).as_f64().unwrap() as u32,
    )
}

/// The page reads a kept run through views of wasm memory: the same numbers `runTrajectory`
/// copies out, still there (at the same offsets) after the memory has grown, which detaches
/// every view made before.
#[wasm_bindgen_test]
fn a_trajectory_run_is_read_through_views_that_survive_memory_growth() {
    let config = r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 2000,
        "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}"#;
    let copied = web::run_trajectory(json(config)).unwrap();
    let run = web::TrajectoryRun::new(json(config)).unwrap();
    let layout = run.columns().unwrap();
    let columns = get(&layout, "columns");
    let keys = ["x", "y", "loss", "effective_lr", "reported_lr", "step_size"];
    for key in keys {
        let copy: Float32Array = get(&copied, key).dyn_into().unwrap();
        assert_eq!(view_of(&columns, key).to_vec(), copy.to_vec(), "{key}");
    }
    assert_eq!(view_of(&columns, "x").length(), 2001);
    assert!(get(&layout, "diverged_at").is_undefined());
    assert_eq!(js_sys::Array::from(&get(&layout, "warnings")).length(), 0);

    let before = view_of(&columns, "loss");
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    memory.grow(1);
    assert_eq!(before.length(), 0, "growth detaches a view made before it");
    for key in keys {
        let copy: Float32Array = get(&copied, key).dyn_into().unwrap();
        assert_eq!(
            view_of(&columns, key).to_vec(),
            copy.to_vec(),
            "{key} after growth"
        );
    }
}

#[wasm_bindgen_test]
fn a_diverging_trajectory_run_says_where_and_a_bad_one_names_its_field() {
    let run = web::TrajectoryRun::new(json(
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 50,
            "optimizer": {"name": "sgd", "learning_rate": 1000}}"#,
    ))
    .unwrap();
    let layout = run.columns().unwrap();
    let at = get(&layout, "diverged_at").as_f64().unwrap();
    assert_eq!(view_of(&get(&layout, "columns"), "x").length() as f64, at);
    let err = web::TrajectoryRun::new(json(
        r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 10,
            "optimizer": {"name": "adam", "beta_1": 2}}"#,
    ))
    .err()
    .unwrap();
    assert_eq!(field(err), "optimizer.beta_1");
}

#[wasm_bindgen_test]
fn an_lr_table_is_read_through_views_of_what_lr_schedule_copies() {
    for (optimizer, step_size) in [
        (
            r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#,
            true,
        ),
        (r#"{"name": "sgd", "learning_rate": 0.01}"#, false),
    ] {
        let copied = web::lr_schedule(json(optimizer), 500.0, Some(50.0)).unwrap();
        let table = web::LrTable::new(json(optimizer), 500.0, Some(50.0)).unwrap();
        let columns = get(&table.columns(), "columns");
        let mut keys = vec![
            "effective_lr",
            "reported_lr",
            "epoch_effective_lr",
            "epoch_reported_lr",
        ];
        if step_size {
            keys.extend(["step_size", "epoch_step_size"]);
        } else {
            assert!(get(&columns, "step_size").is_undefined());
        }
        for key in keys {
            let copy: Float32Array = get(&copied, key).dyn_into().unwrap();
            assert_eq!(
                view_of(&columns, key).to_vec(),
                copy.to_vec(),
                "{optimizer} {key}"
            );
        }
    }
    let err = web::LrTable::new(json(r#"{"name": "adam"}"#), 10.0, Some(0.0))
        .err()
        .unwrap();
    assert_eq!(field(err), "steps_per_epoch");
}
