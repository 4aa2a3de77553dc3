//! `parse_keras_code` on code people really paste: every snippet is copied verbatim from the
//! source named above it (Keras / TensorFlow docs, keras.io examples, GitHub repositories,
//! issue threads, Q&A pages, model cards), and each test states the exact result: the
//! optimizer, the fit() fields, Keras's warnings and every ignored piece. `executed` compares
//! the set under tests/data/keras_code with what real Keras built from each snippet
//! (scripts/keras_code_reference.py).
#![cfg(not(target_arch = "wasm32"))]

mod docs;
mod edge_cases;
mod executed;
mod forms;
mod github;
mod older_keras;
mod printed_configs;
mod readings;
mod threads;

use optimizer_playground::keras_code::{parse_keras_code, ParsedCode};
use serde_json::Value;

pub const W_LEGACY_LR: &str = "The `lr` argument is deprecated, use `learning_rate` instead.";
pub const W_TF211: &str = "raises ValueError: decay is deprecated in the new Keras optimizer, please check the docstring for valid arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.";
pub const W_K3_DECAY: &str =
    "warns UserWarning: Argument `decay` is no longer supported and will be ignored. and trains with a constant learning rate";
pub const W_NOTE: &str = "keeps reporting the base learning rate";

pub fn parse(text: &str) -> ParsedCode {
    parse_keras_code(text).unwrap_or_else(|e| panic!("{e}\n--- in ---\n{text}"))
}

/// Asserts the whole result: the optimizer and fit as JSON, the warnings (each contains the
/// given text, in order, and no others) and the ignored pieces (exact text, reason containing
/// the given words, in order, and no others).
#[track_caller]
pub fn check(
    text: &str,
    optimizer: Value,
    fit: Value,
    warnings: &[&str],
    ignored: &[(&str, &str)],
) -> ParsedCode {
    let p = parse(text);
    let got = serde_json::to_value(&p.optimizer).unwrap();
    assert_eq!(got, optimizer, "optimizer of\n{text}");
    assert_eq!(serde_json::to_value(&p.fit).unwrap(), fit, "fit of\n{text}");
    let shown_w = format!("{:#?}", p.warnings);
    assert_eq!(p.warnings.len(), warnings.len(), "warnings {shown_w}");
    for (w, want) in p.warnings.iter().zip(warnings) {
        assert!(
            w.contains(want),
            "warning {w:?} lacks {want:?}; all: {shown_w}"
        );
    }
    let shown = format!("{:#?}", p.ignored);
    assert_eq!(p.ignored.len(), ignored.len(), "ignored {shown}");
    for (got, (text, reason)) in p.ignored.iter().zip(ignored) {
        assert_eq!(got.text, *text, "ignored {shown}");
        assert!(
            got.reason.contains(reason),
            "reason {:?} lacks {reason:?}",
            got.reason
        );
    }
    p
}

/// Asserts the optimizer, the fit fields and the warnings (each contains the given text, in
/// order, and no others) of a text whose ignored pieces are too many to list.
#[track_caller]
pub fn check_read(text: &str, optimizer: Value, fit: Value, warnings: &[&str]) -> ParsedCode {
    let p = parse(text);
    assert_eq!(
        serde_json::to_value(&p.optimizer).unwrap(),
        optimizer,
        "optimizer"
    );
    assert_eq!(serde_json::to_value(&p.fit).unwrap(), fit, "fit");
    let shown = format!("{:#?}", p.warnings);
    assert_eq!(p.warnings.len(), warnings.len(), "warnings {shown}");
    for (w, want) in p.warnings.iter().zip(warnings) {
        assert!(
            w.contains(want),
            "warning {w:?} lacks {want:?}; all: {shown}"
        );
    }
    p
}

/// The reason `ignored` gives for a piece of text (its exact text), if it lists it.
pub fn reason_for<'a>(p: &'a ParsedCode, text: &str) -> Option<&'a str> {
    p.ignored
        .iter()
        .find(|i| i.text == text)
        .map(|i| i.reason.as_str())
}

pub fn err(text: &str) -> String {
    match parse_keras_code(text) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e.to_string(),
    }
}
