//! The real-world set, read as Keras builds it: every snippet under tests/data/keras_code that
//! names the Keras it was written for was run in that Keras by scripts/keras_code_reference.py,
//! which recorded the optimizer's `get_config()` and the fit() arguments in
//! tests/data/keras_code_executed.json. The parser must give the same: the same class, the same
//! hyperparameters once Keras's defaults are filled in (numbers as the float32 Keras stores),
//! and the same fit() arguments.
//!
//! Which API a reading runs under matters where the two compute different updates (Nadam): the
//! recorded one must then be the parser's reading or one of its alternatives. Elsewhere the
//! parser's "legacy unless the code says otherwise" may read code recorded in Keras 3 as legacy
//! (and a schedule as Keras 3): the update is the same when every resolved hyperparameter is
//! (a legacy `decay` the other API would drop makes them differ).

use std::path::Path;

use optimizer_playground::keras_code::ParsedCode;
use optimizer_playground::{parse_keras_code, OptimizerConfig};
use serde_json::{json, Map, Value};

/// The classes the playground runs.
const RUNS: &[&str] = &[
    "Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adamax", "Nadam",
];

fn recording() -> Value {
    serde_json::from_str(include_str!("../data/keras_code_executed.json")).unwrap()
}

fn snippet(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/keras_code")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A recorded schedule (`{'class_name': 'PolynomialDecay', 'config': {…}}`, tf_keras or
/// Keras 3 with `module`) as the core's JSON.
fn schedule_json(serialized: &Value) -> Value {
    let class = serialized["class_name"].as_str().unwrap_or_default();
    let mut tag = String::new();
    for (i, c) in class.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            tag.push('_');
        }
        tag.push(c.to_ascii_lowercase());
    }
    let mut out = Map::new();
    out.insert("schedule".into(), json!(tag));
    for (k, v) in serialized["config"].as_object().into_iter().flatten() {
        if k != "name" {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// The recorded `get_config()` as the playground's configuration.
fn recorded_config(class: &str, api: &str, config: &Value) -> OptimizerConfig {
    let mut out = Map::new();
    out.insert("name".into(), json!(class.to_ascii_lowercase()));
    out.insert("api".into(), json!(api));
    for (k, v) in config.as_object().into_iter().flatten() {
        let key = match (class, api, k.as_str()) {
            // Legacy Nadam's get_config() reports schedule_decay as "decay".
            ("Nadam", "legacy", "decay") => "schedule_decay",
            (_, _, "decay" | "weight_decay") if v.is_null() => continue,
            (_, "keras3", "decay") => continue,
            (
                _,
                _,
                "learning_rate"
                | "decay"
                | "beta_1"
                | "beta_2"
                | "epsilon"
                | "amsgrad"
                | "momentum"
                | "nesterov"
                | "rho"
                | "centered"
                | "initial_accumulator_value"
                | "weight_decay",
            ) => k.as_str(),
            _ => continue,
        };
        let v = if key == "learning_rate" && v.is_object() {
            schedule_json(v)
        } else {
            v.clone()
        };
        out.insert(key.into(), v);
    }
    serde_json::from_value(Value::Object(out.clone()))
        .unwrap_or_else(|e| panic!("recorded config {out:?}: {e}"))
}

/// Numbers equal as Keras's float32 variables; everything else exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x as f32 == y as f32
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                let (u, v) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                k == "name" || same(u, v)
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(u, v)| same(u, v))
        }
        _ => a == b,
    }
}

/// What Keras runs for a configuration, without the parts that only name it.
fn effect(config: &OptimizerConfig, keep_api: bool) -> Value {
    let resolved = config.resolve().unwrap();
    let mut v = serde_json::to_value(resolved).unwrap();
    let obj = v.as_object_mut().unwrap();
    for k in ["keras_class", "warnings", "notes"] {
        obj.remove(k);
    }
    if !keep_api {
        obj.remove("api");
    }
    v
}

/// Why the parser's result is not what Keras built, or `None` when it is.
fn mismatch(parsed: &ParsedCode, rec: &Value) -> Option<String> {
    let fit = serde_json::to_value(&parsed.fit).unwrap();
    for k in [
        "batch_size",
        "epochs",
        "validation_split",
        "steps_per_epoch",
    ] {
        let (got, want) = (&fit[k], &rec["fit"][k]);
        if !same(got, want) {
            return Some(format!("fit {k}: parser {got}, Keras {want}"));
        }
    }
    let want = &rec["optimizer"];
    let class = want["class"].as_str().unwrap_or_default();
    if want.is_null() || !RUNS.contains(&class) {
        return parsed
            .optimizer
            .as_ref()
            .map(|o| format!("optimizer: parser {o:?}, Keras {want}"));
    }
    let api = want["api"].as_str().unwrap();
    let recorded = recorded_config(class, api, &want["config"]);
    let readings: Vec<&OptimizerConfig> = parsed
        .optimizer
        .iter()
        .chain(parsed.alternatives.iter().map(|a| &a.optimizer))
        .collect();
    if readings.is_empty() {
        return Some(format!("optimizer: parser none, Keras {class} {api}"));
    }
    let exact = effect(&recorded, true);
    if readings.iter().any(|r| same(&effect(r, true), &exact)) {
        return None;
    }
    // Nadam's two APIs compute different updates: only the recorded one will do.
    let loose = effect(&recorded, false);
    if class != "Nadam" && readings.iter().any(|r| same(&effect(r, false), &loose)) {
        return None;
    }
    Some(format!(
        "optimizer: parser {:?}, Keras {}",
        readings.iter().map(|r| effect(r, true)).collect::<Vec<_>>(),
        exact
    ))
}

#[test]
fn the_executed_set_reads_as_keras_builds_it() {
    let rec = recording();
    let snippets = rec["snippets"].as_object().unwrap();
    assert!(snippets.len() >= 80, "{} snippets", snippets.len());
    let mut failures = Vec::new();
    for (name, want) in snippets {
        let text = snippet(name);
        match parse_keras_code(&text) {
            Ok(parsed) => {
                if let Some(why) = mismatch(&parsed, want) {
                    failures.push(format!("{name}: {why}"));
                }
            }
            // Text Python itself cannot read where the config is (a printed dict missing a
            // comma): Keras builds nothing from it either, and the parser says where.
            Err(e) => {
                let unreadable = want["errors"].as_array().unwrap().iter().any(|m| {
                    m.as_str()
                        .unwrap_or_default()
                        .contains("not a Python literal")
                });
                if !(unreadable && want["optimizer"].is_null()) {
                    failures.push(format!("{name}: parser error {e}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets are not read as Keras builds them:\n{}",
        failures.len(),
        snippets.len(),
        failures.join("\n")
    );
}

#[test]
fn the_recording_names_its_keras_and_every_snippet() {
    let rec = recording();
    for k in ["tensorflow", "tf_keras", "keras"] {
        assert!(rec["versions"][k].is_string(), "version of {k}");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/keras_code");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let text = snippet(&name);
        let first: Vec<&str> = text.lines().take(2).collect();
        if first.iter().any(|l| l.starts_with("# keras: ")) {
            assert!(first[0].starts_with("# source: "), "{name} names no source");
            assert!(
                rec["snippets"].get(&name).is_some(),
                "{name} is not recorded"
            );
        }
    }
}
