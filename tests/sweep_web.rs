//! wasm tests of the sweep glue (`wasm-pack test --node`, scalar and simd128 builds): a sweep
//! built from a JS object advances row by row, exposes its buffers and colours, and bad input
//! throws an error naming the field.
#![cfg(target_arch = "wasm32")]

use optimizer_playground::plane::sweep::{Sweep as CoreSweep, SweepConfig};
use optimizer_playground::web::Sweep;
use wasm_bindgen_test::*;

const CONFIG: &str = r#"{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": 150,
    "optimizer": {"name": "adam"},
    "learning_rate": {"min": 1e-4, "max": 1, "count": 10},
    "decay": {"min": 1e-6, "max": 0.1, "count": 6}}"#;

mod js_support;
use js_support::{field, message};

#[wasm_bindgen_test]
fn sweep_runs_in_chunks_and_matches_the_core() {
    let mut s = Sweep::lr_decay(js_sys::JSON::parse(CONFIG).unwrap()).unwrap();
    assert_eq!((s.width(), s.height()), (10, 6));
    assert_eq!(s.compute_rows(4), 4);
    assert!(!s.is_done());
    assert!((s.progress() - 4.0 / 6.0).abs() < 1e-12);
    s.colorize();
    assert!(s.legend_value(0.0) <= s.legend_value(1.0));
    assert_eq!(s.compute_rows(10), 6);
    assert!(s.is_done());
    s.colorize();
    let mut core = CoreSweep::lr_decay(&SweepConfig::from_json(CONFIG).unwrap()).unwrap();
    core.compute_rows(6);
    // SAFETY (test): the pointers address 60 live f32 / 240 u8 owned by `s`, unchanged since.
    let loss = unsafe { std::slice::from_raw_parts(s.loss_ptr(), 60) };
    let rgba = unsafe { std::slice::from_raw_parts(s.rgba_ptr(), 240) };
    for (a, b) in loss.iter().zip(core.loss()) {
        assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
    }
    assert!(rgba.chunks_exact(4).all(|px| px[3] == 255));
    assert_eq!(s.learning_rate_at(0), core.learning_rate_at(0));
    assert_eq!(s.decay_at(5), core.decay_at(5));
}

#[wasm_bindgen_test]
fn bad_sweeps_throw_errors_naming_the_field() {
    let bad = CONFIG.replace("\"steps\": 150", "\"steps\": 9000");
    let err = Sweep::lr_decay(js_sys::JSON::parse(&bad).unwrap())
        .err()
        .unwrap();
    assert_eq!(field(err.clone()), "steps");
    assert_eq!(message(err), "steps: must be in [1, 5000], got 9000");
    let bad = CONFIG.replace("\"count\": 10", "\"count\": 1000");
    let err = Sweep::lr_decay(js_sys::JSON::parse(&bad).unwrap())
        .err()
        .unwrap();
    assert_eq!(field(err.clone()), "learning_rate.count");
    assert!(message(err).starts_with("learning_rate.count: must be in [2, 256]"));
    // An unknown key is named where it is: at the top level, or inside the optimizer.
    let typo = CONFIG.replace("\"steps\": 150", "\"steps\": 150, \"colour\": 3");
    let err = Sweep::lr_decay(js_sys::JSON::parse(&typo).unwrap())
        .err()
        .unwrap();
    assert_eq!(field(err), "colour");
    let typo = CONFIG.replace(
        "{\"name\": \"adam\"}",
        "{\"name\": \"adam\", \"beta1\": 0.9}",
    );
    let err = Sweep::lr_decay(js_sys::JSON::parse(&typo).unwrap())
        .err()
        .unwrap();
    assert_eq!(field(err), "optimizer.beta1");
    let basin = r#"{"function": "himmelblau", "view": {"x_min": -5, "x_max": 5, "y_min": -5,
        "y_max": 5}, "width": 8, "height": 8, "steps": 100,
        "optimizer": {"name": "rmsprop"}}"#;
    let err = Sweep::basin(js_sys::JSON::parse(basin).unwrap())
        .err()
        .unwrap();
    assert_eq!(field(err.clone()), "optimizer.name");
    assert!(message(err).starts_with("optimizer.name:"));
}
