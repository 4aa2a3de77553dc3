//! The forms the parser was written for: printed shapes, config dicts, which API.

use super::*;
use serde_json::json;

#[test]
fn the_issue_forms() {
    check(
        "tf.keras.optimizers.Adam(learning_rate=1e-3, decay=1e-4)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.0001}),
        json!({}),
        &[
            W_TF211,
            "InverseTimeDecay(0.001, decay_steps=1, decay_rate=0.0001)",
            W_NOTE,
        ],
        &[],
    );
    check(
        "keras.optimizers.legacy.SGD(0.01, momentum=0.9, nesterov=True, decay=1e-6)",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9,
            "nesterov": true, "decay": 1e-6}),
        json!({}),
        &["keras.optimizers.legacy.SGD raises ImportError", W_NOTE],
        &[],
    );
    check(
        "Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))",
        json!({"name": "adam", "api": "keras3", "learning_rate": {"schedule": "inverse_time_decay",
            "initial_learning_rate": 0.003, "decay_steps": 1.0, "decay_rate": 0.0002, "staircase": false}}),
        json!({}),
        &[],
        &[],
    );
    check(
        "optimizer = 'adam'",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[],
    );
    check(
        "model.compile(optimizer='sgd')",
        json!({"name": "sgd", "api": "legacy"}),
        json!({}),
        &[],
        &[],
    );
    check(
        "model.fit(x, y, batch_size=64, epochs=50, validation_split=0.1, steps_per_epoch=100)",
        Value::Null,
        json!({"batch_size": 64, "epochs": 50, "validation_split": 0.1, "steps_per_epoch": 100}),
        &[],
        &[("x", "samples"), ("y", "labels")],
    );
}

#[test]
fn printed_shapes_give_the_sample_count() {
    let text = ">>> print(x_train.shape)\n(60000, 28, 28)\n>>> model.fit(x_train, y_train, batch_size=32, epochs=2)\n";
    let p = parse(text);
    assert_eq!(p.fit.samples, Some(60000));
    // A lone printed shape, a REPL `Out[…]:`, and len(…) output.
    assert_eq!(parse("(60000, 28, 28)").fit.samples, Some(60000));
    assert_eq!(
        parse("In [3]: x_train.shape\nOut[3]: (50000, 32, 32, 3)\n")
            .fit
            .samples,
        Some(50000)
    );
    assert_eq!(
        parse("len(x_train)\n60000\nmodel.fit(x_train, y_train)")
            .fit
            .samples,
        Some(60000)
    );
    // The shape of another array than fit()'s x is not used.
    let p = parse("print(x_test.shape)\n(10000, 28, 28)\nmodel.fit(x_train, y_train)");
    assert_eq!(p.fit.samples, None);
    assert!(p.ignored.iter().any(|i| i.text == "(10000, 28, 28)"));
    // Arithmetic with a known length.
    let p = parse("print(x_train.shape)\n(60000, 28, 28)\nmodel.fit(x_train, y_train, steps_per_epoch=len(x_train) // 32)");
    assert_eq!(
        (p.fit.samples, p.fit.steps_per_epoch),
        (Some(60000), Some(1875))
    );
    let p = parse("model.fit(x_train, y_train, steps_per_epoch=len(x_train) // 32)");
    assert_eq!(p.fit.steps_per_epoch, None);
    assert!(p
        .ignored
        .iter()
        .any(|i| i.text == "steps_per_epoch=len(x_train) // 32"
            && i.reason
                .contains("len(x_train): the number of samples in `x_train` is not in the text")));
}

#[test]
fn get_config_dicts_legacy_keras3_and_serialized() {
    check(
        "{'name': 'Adam', 'learning_rate': 0.003, 'decay': 0.0002, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.003, "decay": 0.0002,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[W_NOTE],
        &[],
    );
    check(
        "{'name': 'adam', 'learning_rate': {'module': 'keras.optimizers.schedules', 'class_name': 'InverseTimeDecay', 'config': {'initial_learning_rate': 0.003, 'decay_steps': 1, 'decay_rate': 0.0002, 'staircase': False, 'name': 'InverseTimeDecay'}, 'registered_name': None}, 'weight_decay': None, 'clipnorm': None, 'global_clipnorm': None, 'clipvalue': None, 'use_ema': False, 'ema_momentum': 0.99, 'ema_overwrite_frequency': None, 'loss_scale_factor': None, 'gradient_accumulation_steps': None, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}",
        json!({"name": "adam", "api": "keras3", "learning_rate": {"schedule": "inverse_time_decay",
            "initial_learning_rate": 0.003, "decay_steps": 1.0, "decay_rate": 0.0002,
            "staircase": false, "name": "InverseTimeDecay"},
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[],
    );
    check(
        r#"{"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.0,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[],
    );
    // Keras 3's clipnorm set, and a key this parser does not know, are listed.
    check(
        "config = {'name': 'sgd', 'learning_rate': 0.1, 'weight_decay': None, 'clipnorm': 1.0, 'momentum': 0.9, 'nesterov': False, 'mystery': 3}\nopt = keras.optimizers.SGD.from_config(config)\nmodel.compile(optimizer=opt)",
        json!({"name": "sgd", "api": "keras3", "learning_rate": 0.1, "momentum": 0.9, "nesterov": false}),
        json!({}),
        &[],
        &[
            ("'clipnorm': 1.0", "gradient clipping"),
            ("'mystery': 3", "not an argument of SGD this parser knows"),
        ],
    );
}

#[test]
fn which_api_and_keras_warnings() {
    // Keras-3-only arguments make it Keras 3; `lr` there is Keras 3's error text.
    check(
        "keras.optimizers.Adam(lr=0.01, weight_decay=0.01)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.01, "weight_decay": 0.01}),
        json!({}),
        &["raises ValueError: Argument(s) not recognized: {'lr': 0.01}"],
        &[],
    );
    // weight_decay=None is still Keras 3 (legacy optimizers have no such argument).
    check(
        "keras.optimizers.Adam(learning_rate=1e-3, weight_decay=None)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.001}),
        json!({}),
        &[],
        &[],
    );
    check(
        "AdamW(learning_rate=1e-3, weight_decay=1e-4)",
        json!({"name": "adamw", "api": "keras3", "learning_rate": 0.001, "weight_decay": 0.0001}),
        json!({}),
        &[],
        &[],
    );
    // A schedule with decay= is Keras 2 code (decay applies on top of the schedule there).
    check(
        "SGD(learning_rate=ExponentialDecay(0.1, 1000, 0.9), decay=1e-4)",
        json!({"name": "sgd", "api": "legacy", "decay": 0.0001, "learning_rate": {
            "schedule": "exponential_decay", "initial_learning_rate": 0.1, "decay_steps": 1000.0,
            "decay_rate": 0.9, "staircase": false}}),
        json!({}),
        &[W_TF211, W_K3_DECAY, W_NOTE],
        &[],
    );
    // Legacy Nadam ignores decay: no InverseTimeDecay replacement is offered.
    let p = check(
        "Nadam(lr=0.002, decay=0.004)",
        json!({"name": "nadam", "api": "legacy", "learning_rate": 0.002, "decay": 0.004}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.002}",
            "legacy.Nadam.",
            W_K3_DECAY,
            "legacy Nadam ignores `decay`",
        ],
        &[],
    );
    assert!(!p.warnings.iter().any(|w| w.contains("InverseTimeDecay")));
    // Positional arguments follow each API's signature: Keras 3's 6th is weight_decay, legacy's is name.
    check(
        "keras.optimizers.Adam(0.001, 0.9, 0.999, 1e-7, False, 0.004)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false, "weight_decay": 0.004}),
        json!({}),
        &[],
        &[],
    );
    check(
        "Adam(0.001, 0.9, 0.999, 1e-7, False, 'my_adam')",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[("'my_adam'", "the optimizer's name")],
    );
    check(
        "RMSprop(0.001, 0.95, 0.9, 1e-6, True)",
        json!({"name": "rmsprop", "api": "legacy", "learning_rate": 0.001, "rho": 0.95,
            "momentum": 0.9, "epsilon": 1e-6, "centered": true}),
        json!({}),
        &[],
        &[],
    );
    // No optimizer in compile(): Keras's default.
    check(
        "model.compile(loss='mse')",
        json!({"name": "rmsprop", "api": "legacy"}),
        json!({}),
        &["without an optimizer uses Keras's default, optimizer=\"rmsprop\""],
        &[("loss='mse'", "loss")],
    );
}

// keras-team/keras examples/cifar10_cnn.py's prints with the lines they print (as its README
// shows them): each value is read from the line that starts with the printed text, never from a
// later line that merely holds a tuple (`Conv2D(32, (3, 3), …)`).
#[test]
fn a_value_printed_with_text_is_read_from_its_own_line() {
    let text = "print('x_train shape:', x_train.shape)\n\
                model.add(Conv2D(32, (3, 3), padding='same'))\n\
                x_train shape: (50000, 32, 32, 3)\n\
                print('Train samples:', len(x_train))\n\
                Train samples: 50000\n\
                model.fit(x_train, y_train, batch_size=32, epochs=1)\n";
    let p = check_read(
        text,
        Value::Null,
        json!({"batch_size": 32, "epochs": 1, "samples": 50000}),
        &[],
    );
    assert_eq!(
        reason_for(&p, "model.add(Conv2D(32, (3, 3), padding='same'))"),
        Some("not an optimizer, a schedule, compile() or fit()")
    );
    // A value printed after arguments whose text is not known: not inside a call.
    let p = check_read(
        "print(name, x_train.shape)\nmodel.add(Conv2D(32, (3, 3)))\nmodel.fit(x_train, y, epochs=1)\n",
        Value::Null,
        json!({"epochs": 1}),
        &[],
    );
    assert!(reason_for(&p, "print(name, x_train.shape)")
        .unwrap()
        .contains("whose output is not in the text"));
}
