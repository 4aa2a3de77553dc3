//! Errors, hostile input and the corners of Python the parser reads.

use super::*;
use serde_json::json;

#[test]
fn syntax_errors_name_line_and_column() {
    assert_eq!(
        err("Adam(lr=0.001,, decay=1e-6)"),
        "code: line 1, column 15: expected an expression, found ','"
    );
    assert_eq!(
        err("x = 1\nopt = Adam(lr=0.001, name='adam)\n"),
        "code: line 2, column 27: unterminated string"
    );
    assert_eq!(
        err("model.fit(x, y\n"),
        "code: line 1, column 10: '(' was never closed"
    );
    assert_eq!(
        err("Adam(lr=0.1]"),
        "code: line 1, column 12: closing parenthesis ']' does not match opening parenthesis '('"
    );
    assert_eq!(
        err("SGD(0.1 0.9)"),
        "code: line 1, column 9: expected ',' or a closing bracket, found a number"
    );
    assert_eq!(
        err("'''never closed\nAdam()"),
        "code: line 1, column 1: unterminated triple-quoted string"
    );
    // Columns count characters, not bytes.
    assert_eq!(
        err("# é\nx = 'é'; Adam(lr=)"),
        "code: line 2, column 18: expected an expression, found ')'"
    );
    // A syntax error in a line that is not optimizer code only puts the line in `ignored`.
    let p = parse(
        "Epoch 1/50\n1875/1875 [==============================] - 5s 3ms/step - loss: 0.2\nAdam()",
    );
    assert_eq!(p.ignored.len(), 2);
    assert!(
        p.ignored[1]
            .reason
            .contains("invalid number literal \"5s\""),
        "{:?}",
        p.ignored
    );
}

#[test]
fn keras_rejects_these_arguments_and_so_does_the_parser() {
    assert_eq!(
        err("Adam(0.001, learning_rate=0.01)"),
        "code: line 1, column 13: Adam() got multiple values for argument 'learning_rate' (Python raises TypeError)"
    );
    assert_eq!(
        err("Adam(lr=1, lr=2)"),
        "code: line 1, column 12: keyword argument repeated: lr (Python raises SyntaxError)"
    );
    assert_eq!(
        err("Adam(learnig_rate=0.01)"),
        "code: line 1, column 6: Adam has no argument `learnig_rate` (tf_keras raises TypeError: Unexpected keyword argument passed to optimizer: learnig_rate)"
    );
    assert_eq!(
        err("keras.optimizers.Adam(weight_decay=0.1, foo=1)"),
        "code: line 1, column 41: Adam has no argument `foo` (Keras 3 raises ValueError: Argument(s) not recognized: {'foo': 1})"
    );
    assert_eq!(
        err("SGD(0.1, 0.9, True, 'sgd', 5)"),
        "code: line 1, column 28: SGD() takes at most 4 positional arguments, got more"
    );
    assert_eq!(
        err("Adam(learning_rate='fast')"),
        "code: line 1, column 6: Adam: `learning_rate` must be a number or a schedule, got \"fast\""
    );
    assert_eq!(
        err("SGD(nesterov='yes')"),
        "code: line 1, column 5: SGD: `nesterov` must be True or False, got \"yes\""
    );
    assert_eq!(
        err("InverseTimeDecay(0.1)"),
        "code: line 1, column 1: InverseTimeDecay: missing field `decay_steps`"
    );
    assert_eq!(
        err("ExponentialDecay(0.1, 100, 0.9, rate=2)"),
        "code: line 1, column 33: ExponentialDecay() got an unexpected keyword argument 'rate' (Python raises TypeError)"
    );
    // The core's validation of the chosen optimizer, at the argument.
    assert_eq!(
        err("x = 1\nAdam(learning_rate=0.1, beta_1=1.5)"),
        "code: line 2, column 25: optimizer.beta_1: must be in [0, 1), got 1.5"
    );
    assert!(err("tf.keras.optimizers.legacy.Adam(weight_decay=0.01)")
        .starts_with("code: line 1, column 33: optimizer.weight_decay: is not an argument of tf_keras.optimizers.legacy.Adam"));
    assert!(
        err("tf.keras.optimizers.legacy.Nadam(learning_rate=CosineDecay(0.1, 100))").contains(
            "The Nadam optimizer does not support tf.keras.optimizers.LearningRateSchedules"
        )
    );
    assert!(err("Adam(momentum=0.9)").contains("optimizer.momentum: is not an argument of"));
}

#[test]
fn unknown_and_unassigned_names_are_listed_never_guessed() {
    check(
        "Adam(learning_rate=base_lr, beta_1=b1)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[
            ("learning_rate=base_lr", "`base_lr` is never assigned in the text; `learning_rate` is left at Keras's default"),
            ("beta_1=b1", "`b1` is never assigned in the text; `beta_1` is left at Keras's default"),
        ],
    );
    check(
        "opt = MyOptimizer(0.1)\nmodel.compile(optimizer=opt)",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer=opt",
            "the optimizer given to compile() is not understood",
        )],
    );
    check(
        "model.compile(optimizer='adadelta')",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer='adadelta'",
            "\"adadelta\" is not an optimizer this playground runs",
        )],
    );
    check(
        "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
            "`optimizer` is assigned but never used",
        )],
    );
}

#[test]
fn assignments_arithmetic_and_unpacking() {
    check(
        "lr = 1e-3\nopt = Adam(lr)\nmodel.compile(optimizer=opt)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001}),
        json!({}),
        &[],
        &[],
    );
    check(
        "base = 1e-3\nAdam(learning_rate=base * 0.5, beta_2=1 - 1e-3)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.0005, "beta_2": 0.999}),
        json!({}),
        &[],
        &[],
    );
    check(
        "lr, decay = 0.003, 2e-4\nlr *= 2\nAdam(lr=lr, decay=decay)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.006, "decay": 0.0002}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.006}",
            W_TF211,
            "InverseTimeDecay(0.006, decay_steps=1, decay_rate=0.0002)",
            W_NOTE,
        ],
        &[],
    );
    check(
        "params = dict_params = {'learning_rate': 0.01, 'momentum': 0.9}\nSGD(**{'learning_rate': 0.01, 'momentum': 0.9})",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9}),
        json!({}),
        &[],
        &[("params = dict_params = {'learning_rate': 0.01, 'momentum': 0.9}", "`params`, `dict_params` are assigned but never used")],
    );
    check(
        "EPOCHS = 10; BATCH = 2 ** 6\nmodel.fit(x, y, BATCH, EPOCHS, validation_split=.2)",
        Value::Null,
        json!({"batch_size": 64, "epochs": 10, "validation_split": 0.2}),
        &[],
        &[("x", "samples"), ("y", "labels")],
    );
    // Line continuation and a multi-line call with comments.
    check(
        "opt = Adam(learning_rate=0.01,  # the lr\n           beta_1=0.95) \\\n    if False else None",
        Value::Null,
        json!({}),
        &[],
        &[("opt = Adam(learning_rate=0.01, # the lr beta_1=0.95) \\ if False else None", "not understood")],
    );
    check(
        "x = 1 / 0\nAdam(learning_rate=x)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[("learning_rate=x", "division by zero")],
    );
}

#[test]
fn hostile_sizes_are_bounded() {
    let deep = format!(
        "Adam(learning_rate={}0.1{})",
        "(".repeat(200),
        ")".repeat(200)
    );
    assert!(
        err(&deep).contains("nested more than 48 levels deep"),
        "{}",
        err(&deep)
    );
    assert!(err(&format!("SGD({}1)", "-".repeat(1000))).contains("nested more than"));
    assert!(err(&format!("SGD({}1)", "1+".repeat(1000))).contains("more than 256 operators"));
    assert!(err(&"x".repeat(300 * 1024)).starts_with("code: must be at most 262144 bytes"));
    assert!(err("Adam(learning_rate=1e400)")
        .contains("optimizer.learning_rate: must be a finite number"));
    let p = parse("model.fit(x, y, batch_size=10**30, epochs=1e999)");
    assert_eq!(p.fit.batch_size, None);
    assert_eq!(p.fit.epochs, None);
    // Values that grow by doubling stay bounded.
    let mut text = String::from("a = [1, 2]\n");
    for _ in 0..60 {
        text.push_str("a = [a, a]\n");
    }
    text.push_str("SGD(learning_rate=a)\n");
    assert!(err(&text).contains("must be a number or a schedule"));
    // Thousands of statements: the ignored list is capped.
    let many = "model.add(Dense(1))\n".repeat(5000);
    let p = parse(&many);
    assert_eq!(p.ignored.len(), 201);
    assert_eq!(p.ignored[200].reason, "… and 4800 more pieces not listed");
    assert_eq!(parse("").optimizer, None);
}

#[test]
fn lr_and_learning_rate_both_given_lr_wins_as_in_tf_keras() {
    check(
        "Adam(learning_rate=0.01, lr=0.003)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.003}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.003}"],
        &[(
            "learning_rate=0.01",
            "`lr` wins over `learning_rate` in Keras 2 (tf_keras: kwargs.get(\"lr\", learning_rate))",
        )],
    );
}
