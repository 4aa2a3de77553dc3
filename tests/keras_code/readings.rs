//! Code that does not say which Keras runs it, for a class whose update differs between the
//! two (Nadam's momentum schedule): both readings, what differs, and the user picks.

use super::*;
use serde_json::json;

const W_UNSURE: &str =
    "The code does not say which Keras runs it, and Nadam computes differently in each";

// RamitGoolry/Neural-Networks Nadam.md: the page links TensorFlow's current documentation, where
// tf.keras.optimizers.Nadam is Keras 3's.
#[test]
fn nadam_without_a_hint_has_both_readings() {
    let p = check(
        include_str!("../data/keras_code/ramitgoolry_nadam_md.py"),
        json!({"name": "nadam", "api": "legacy", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999}),
        json!({}),
        &[W_UNSURE],
        &[],
    );
    assert!(
        p.warnings[0].contains("0.96^(0.004 t)"),
        "{}",
        p.warnings[0]
    );
    let [alt] = p.alternatives.as_slice() else {
        panic!("{:?}", p.alternatives)
    };
    assert_eq!(
        serde_json::to_value(&alt.optimizer).unwrap(),
        json!({"name": "nadam", "api": "keras3", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999})
    );
    assert!(alt.label.starts_with("Keras 3: keras.optimizers.Nadam"));
    assert!(alt.differs.contains("mu_t = beta_1 * (1 - 0.5 * 0.96^t)"));
    alt.optimizer.validate().unwrap();
}

#[test]
fn the_string_and_a_printed_config_are_unsure_too() {
    for text in [
        "model.compile(optimizer='nadam', loss='mse')",
        "{'name': 'Nadam', 'learning_rate': 0.002, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07}",
    ] {
        let p = parse(text);
        assert_eq!(p.alternatives.len(), 1, "{text}");
        assert_eq!(p.alternatives[0].optimizer.name.as_deref(), Some("nadam"));
        assert!(p.warnings.iter().any(|w| w.contains(W_UNSURE)), "{text}");
    }
}

#[test]
fn a_hint_or_another_class_gives_one_reading() {
    for text in [
        // Keras 2 code: legacy.
        "Nadam(lr=0.002)",
        "Nadam(learning_rate=0.002, schedule_decay=0.004)",
        "tf.keras.optimizers.legacy.Nadam(learning_rate=0.002)",
        // Keras 3 only.
        "keras.optimizers.Nadam(learning_rate=0.002, weight_decay=0.01)",
        "{'name': 'Nadam', 'learning_rate': 0.002, 'is_legacy_optimizer': False}",
        // Both compute the same update.
        "Adam(learning_rate=0.001)",
        "model.compile(optimizer='rmsprop')",
        "Adagrad(learning_rate=0.01)",
        "Adamax(learning_rate=0.002)",
    ] {
        let p = parse(text);
        assert!(p.alternatives.is_empty(), "{text}: {:?}", p.alternatives);
        assert!(
            !p.warnings
                .iter()
                .any(|w| w.contains("does not say which Keras")),
            "{text}"
        );
    }
}

#[test]
fn the_json_shape_of_a_reading() {
    let p = parse("optimizer = tf.keras.optimizers.Nadam(1e-3)");
    let v = serde_json::to_value(&p).unwrap();
    let alt = &v["alternatives"][0];
    let mut keys: Vec<&str> = alt
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["differs", "label", "optimizer"]);
    assert_eq!(alt["optimizer"]["api"], "keras3");
    // Without another reading the key is still there, empty.
    let v = serde_json::to_value(parse("Adam(1e-3)")).unwrap();
    assert_eq!(v["alternatives"], json!([]));
}
