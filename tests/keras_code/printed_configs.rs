//! Printed optimizer configs as they are pasted in the wild: the training hyperparameters of a
//! Hugging Face model card (`- optimizer: {…}`, written by the Keras callback), a log line
//! `optimizer: {…}`, a mixed-precision LossScaleOptimizer around the optimizer, a config without
//! `learning_rate` (Keras's from_config fills in the default).

use super::*;
use serde_json::json;

// Wenxin-Jiang/CS577-NLP project/model_cards/_noArch/keras-io_addition-lstm_README.md: the card of
// keras-io/addition-lstm, whose printed config has no learning_rate.
#[test]
fn a_model_card_config_without_learning_rate() {
    check(
        include_str!("../data/keras_code/card_keras_io_addition_lstm.txt"),
        json!({"name": "adam", "api": "legacy", "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
            "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[
            (
                "The following hyperparameters were used during training:",
                "not understood",
            ),
            (
                "- learning_rate: 0.001",
                "a printed `learning_rate: …` line",
            ),
            (
                "- train_batch_size: 32",
                "a printed `train_batch_size: …` line",
            ),
            (
                "- training_precision: float32",
                "a printed `training_precision: …` line",
            ),
        ],
    );
}

// Wenxin-Jiang/CS577-NLP project/model_cards/_train/RahulRST_emoTer_ver4_README.md (TF 2.11: the
// new optimizer's config, `is_legacy_optimizer: False`, a serialized schedule).
#[test]
fn a_model_card_config_from_tf_211() {
    let p = parse(include_str!(
        "../data/keras_code/card_rahulrst_emoter_ver4.txt"
    ));
    let o = serde_json::to_value(&p.optimizer).unwrap();
    assert_eq!(o["name"], "adam");
    assert_eq!(o["api"], "keras3");
    assert_eq!(o["learning_rate"]["schedule"], "polynomial_decay");
    assert!(p.alternatives.is_empty());
}

#[test]
fn a_log_line_and_a_bullet_read_the_same() {
    let config = "{'name': 'Adam', 'learning_rate': 0.001, 'decay': 0.0, 'beta_1': 0.9, \
                  'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}";
    let want = json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.0,
        "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false});
    for text in [
        format!("- optimizer: {config}"),
        format!("optimizer: {config}"),
        format!("* optimizer: {config}"),
        format!("Optimizer config: {config}"),
    ] {
        check(&text, want.clone(), json!({}), &[], &[]);
    }
    // The dict alone, without a label or learning_rate: a class's name and its
    // hyperparameters are an optimizer's config.
    check(
        "{'name': 'RMSprop', 'decay': 0.0, 'rho': 0.9, 'momentum': 0.0, 'epsilon': 1e-07, 'centered': False}",
        json!({"name": "rmsprop", "api": "legacy", "decay": 0.0, "rho": 0.9, "momentum": 0.0,
            "epsilon": 1e-7, "centered": false}),
        json!({}),
        &[],
        &[],
    );
}

// The mixed-precision form Hugging Face cards print (…CherylTSW_bert-finetuned-squad_README.md
// has it around transformers' AdamWeightDecay), here around Keras's Adam.
#[test]
fn a_loss_scale_optimizer_is_read_through() {
    check(
        "- optimizer: {'inner_optimizer': {'class_name': 'Adam', 'config': {'name': 'Adam', \
         'learning_rate': 3e-05, 'decay': 0.0, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-08, \
         'amsgrad': False}}, 'dynamic': True, 'initial_scale': 32768.0, 'dynamic_growth_steps': 2000}",
        json!({"name": "adam", "api": "legacy", "learning_rate": 3e-5, "decay": 0.0,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8, "amsgrad": false}),
        json!({}),
        &[],
        &[("- optimizer: {'inner_optimizer': {'class_name': 'Adam', 'config': {'name': 'Adam', 'learning_rate': 3e-05, 'decay': 0.0, 'beta_1': 0.9, 'beta_2': 0.999, 'eps…",
            "loss scaling does not change the learning rate")],
    );
    let p = parse(include_str!(
        "../data/keras_code/card_cheryltsw_bert_finetuned_squad.txt"
    ));
    assert_eq!(p.optimizer, None);
    assert!(p.ignored.iter().any(|i| i
        .reason
        .contains("\"AdamWeightDecay\" is not an optimizer this playground runs")));
}

#[test]
fn labels_that_are_python_stay_python() {
    // An annotated assignment is an assignment.
    check(
        "lr: float = 1e-3\nopt = Adam(lr)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001}),
        json!({}),
        &[],
        &[],
    );
    // A bare annotation names a type, not a config.
    let p = parse("optimizer: tf.keras.optimizers.Optimizer\n");
    assert_eq!(p.optimizer, None);
    assert!(reason_for(&p, "optimizer: tf.keras.optimizers.Optimizer")
        .unwrap()
        .contains("not an optimizer's config"));
    // A syntax error inside a printed config is an error, with its place.
    let e = err("- optimizer: {'name': 'Adam', 'learning_rate': 2e-06 'decay': 0.0}");
    assert!(e.starts_with("code: line 1, column 54:"), "{e}");
}
