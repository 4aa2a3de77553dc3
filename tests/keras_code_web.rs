//! `parseKerasCode` as JS sees it, run as wasm in Node and Chrome: a plain object with
//! `optimizer` (or `null`), `fit`, `warnings`, `ignored`, `alternatives`; the optimizer (and
//! each alternative's) goes straight into `validateOptimizer`; bad text throws an `Error` naming
//! the line and column.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use optimizer_playground::web;
use wasm_bindgen_test::*;

mod js_support;
use js_support::{get, message};

#[wasm_bindgen_test]
fn the_issue_snippet_becomes_a_plain_object_the_core_accepts() {
    let r = web::parse_keras_code(
        "from keras.optimizers import Adam\n\
         opt = Adam(lr=0.003, decay=0.0002, clipnorm=1.0)\n\
         model.compile(optimizer=opt, loss='mse')\n\
         model.fit(x_train, y_train, batch_size=64, epochs=50)\n",
    )
    .unwrap();
    let opt = get(&r, "optimizer");
    assert_eq!(get(&opt, "name").as_string().unwrap(), "adam");
    assert_eq!(get(&opt, "api").as_string().unwrap(), "legacy");
    assert_eq!(get(&opt, "learning_rate").as_f64(), Some(0.003));
    assert_eq!(get(&opt, "decay").as_f64(), Some(0.0002));
    assert!(get(&opt, "lr").is_undefined());
    let fit = get(&r, "fit");
    assert_eq!(get(&fit, "batch_size").as_f64(), Some(64.0));
    assert_eq!(get(&fit, "epochs").as_f64(), Some(50.0));
    assert!(get(&fit, "samples").is_undefined());
    let warnings: Array = get(&r, "warnings").into();
    assert!(warnings.iter().any(|w| w
        .as_string()
        .unwrap()
        .contains("Argument(s) not recognized: {'lr': 0.003}")));
    let ignored: Array = get(&r, "ignored").into();
    let texts: Vec<String> = ignored
        .iter()
        .map(|e| get(&e, "text").as_string().unwrap())
        .collect();
    assert!(texts.contains(&"clipnorm=1.0".to_string()), "{texts:?}");
    assert!(texts.contains(&"loss='mse'".to_string()), "{texts:?}");
    // The optimizer object is exactly what validateOptimizer takes.
    let resolved = web::validate_optimizer(opt).unwrap();
    assert_eq!(get(&resolved, "decay").as_f64(), Some(0.0002));
    assert_eq!(get(&resolved, "epsilon").as_f64(), Some(1e-7));
}

#[wasm_bindgen_test]
fn a_schedule_crosses_as_an_object_and_no_optimizer_is_null() {
    let r = web::parse_keras_code(
        "Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))",
    )
    .unwrap();
    let opt = get(&r, "optimizer");
    assert_eq!(get(&opt, "api").as_string().unwrap(), "keras3");
    let lr = get(&opt, "learning_rate");
    assert_eq!(
        get(&lr, "schedule").as_string().unwrap(),
        "inverse_time_decay"
    );
    assert_eq!(get(&lr, "decay_rate").as_f64(), Some(0.0002));
    assert!(web::validate_optimizer(opt).is_ok());

    let none = web::parse_keras_code("print('hello')").unwrap();
    assert!(get(&none, "optimizer").is_null());
    assert_eq!(Array::from(&get(&none, "ignored")).length(), 1);
}

#[wasm_bindgen_test]
fn nadam_without_a_hint_crosses_with_its_keras_3_reading() {
    let r = web::parse_keras_code("opt = tf.keras.optimizers.Nadam(learning_rate=0.002)").unwrap();
    assert_eq!(
        get(&get(&r, "optimizer"), "api").as_string().unwrap(),
        "legacy"
    );
    let alternatives = Array::from(&get(&r, "alternatives"));
    assert_eq!(alternatives.length(), 1);
    let alt = alternatives.get(0);
    let opt = get(&alt, "optimizer");
    assert_eq!(get(&opt, "api").as_string().unwrap(), "keras3");
    assert_eq!(get(&opt, "learning_rate").as_f64(), Some(0.002));
    assert!(get(&alt, "differs").as_string().unwrap().contains("0.96^t"));
    assert!(get(&alt, "label")
        .as_string()
        .unwrap()
        .starts_with("Keras 3"));
    assert!(web::validate_optimizer(opt).is_ok());
    let one = web::parse_keras_code("Adam(1e-3)").unwrap();
    assert_eq!(Array::from(&get(&one, "alternatives")).length(), 0);
}

#[wasm_bindgen_test]
fn unreadable_text_throws_with_line_and_column() {
    let m =
        message(web::parse_keras_code("x = 1\nopt = Adam(lr=0.001, name='adam)\n").unwrap_err());
    assert_eq!(m, "code: line 2, column 27: unterminated string");
    let m = message(web::parse_keras_code("Adam(beta_1=1.5)").unwrap_err());
    assert!(
        m.starts_with("code: line 1, column 6: optimizer.beta_1: "),
        "{m}"
    );
    let huge = "a".repeat(300_000);
    assert!(message(web::parse_keras_code(&huge).unwrap_err()).starts_with("code: "));
}
