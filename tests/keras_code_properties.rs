//! Properties of `parse_keras_code`: it returns a value or an error on any text (never panics),
//! and a generated optimizer configuration written as Keras code (keyword or positional
//! arguments, any float spelling, comments, line breaks) reads back as exactly that
//! configuration, with the `api` the module's rule gives.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::keras_code::parse_keras_code;
use optimizer_playground::optim::{Api, LearningRate, OptimizerConfig};
use proptest::prelude::*;

/// Fragments of pasted code (and of hostile input) to build token soup from.
const FRAGMENTS: &[&str] = &[
    "Adam",
    "SGD",
    "AdamW",
    "Nadam",
    "RMSprop",
    "InverseTimeDecay",
    "ExponentialDecay",
    "model.compile",
    "model.fit",
    ".fit",
    "optimizer",
    "=",
    "==",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    ".",
    "lr",
    "learning_rate",
    "decay",
    "weight_decay",
    "batch_size",
    "epochs",
    "1e-3",
    "0.003",
    ".5",
    "1_000",
    "-",
    "+",
    "*",
    "/",
    "//",
    "**",
    "%",
    "'adam'",
    "\"sgd\"",
    "'''",
    "\"",
    "'",
    "#",
    "\n",
    "\\\n",
    " ",
    "\t",
    "None",
    "True",
    "x_train.shape",
    "print",
    "len(x)",
    "(60000, 28, 28)",
    ">>> ",
    "... ",
    "Out[1]: ",
    "if",
    "else",
    "for",
    "lambda",
    "import",
    "from",
    "tf.keras.optimizers.legacy.",
    "keras.optimizers.",
    "**kw",
    "*a",
    "$",
    "é",
    "1e400",
    "10**400",
    "{'class_name': 'Adam', 'config': {",
    "'learning_rate':",
    "\r\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let _ = parse_keras_code(&text);
    }

    #[test]
    fn never_panics_on_code_like_soup(text in soup()) {
        match parse_keras_code(&text) {
            Ok(p) => {
                // Whatever is returned passes the core's validation and serializes.
                if let Some(opt) = &p.optimizer {
                    prop_assert!(opt.resolve().is_ok());
                }
                prop_assert!(serde_json::to_string(&p).is_ok());
            }
            Err(e) => prop_assert!(e.field == "code" && !e.message.is_empty()),
        }
    }
}

/// One class's arguments with generated values, valid for the core.
#[derive(Debug, Clone)]
struct Generated {
    class: &'static str,
    api: Api,
    config: OptimizerConfig,
    /// (argument name, Python text) in the class's positional order.
    args: Vec<(&'static str, String)>,
}

/// A float written in one of Python's spellings; parses to exactly `v`.
fn spell(v: f64, style: u8) -> String {
    match style % 3 {
        0 => format!("{v:?}"),
        1 => format!("{v:e}"),
        _ => {
            let s = format!("{v:?}");
            // `0.5` → `.5` (Python accepts a leading dot).
            s.strip_prefix("0.")
                .map_or(s.clone(), |rest| format!(".{rest}"))
        }
    }
}

fn unit() -> impl Strategy<Value = f64> {
    (0u32..1000).prop_map(|k| k as f64 / 1000.0)
}

fn positive() -> impl Strategy<Value = f64> {
    (1u32..100_000, -8i32..0).prop_map(|(m, e)| m as f64 * 10f64.powi(e))
}

fn generated() -> impl Strategy<Value = Generated> {
    let classes = prop::sample::select(vec![
        "Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adamax", "Nadam",
    ]);
    (
        classes,
        any::<bool>(),
        positive(),
        (unit(), unit(), positive(), any::<bool>()),
        (positive(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(class, legacy, lr, (b, b2, eps, flag), (decay, with_decay, wd_none))| {
                let api = if class == "AdamW" || !legacy {
                    Api::Keras3
                } else {
                    Api::Legacy
                };
                let mut config = OptimizerConfig {
                    name: Some(class.to_ascii_lowercase()),
                    api: Some(api),
                    learning_rate: Some(LearningRate::Constant(lr)),
                    ..OptimizerConfig::default()
                };
                let mut args = vec![("learning_rate", String::new())];
                let beta_2 = 0.9 + b2 / 10.0;
                match class {
                    "Adam" | "AdamW" => {
                        config.beta_1 = Some(b);
                        config.beta_2 = Some(beta_2);
                        config.epsilon = Some(eps);
                        config.amsgrad = Some(flag);
                        args.extend(
                            [
                                ("beta_1", ""),
                                ("beta_2", ""),
                                ("epsilon", ""),
                                ("amsgrad", ""),
                            ]
                            .map(|(n, _)| (n, String::new())),
                        );
                    }
                    "SGD" => {
                        config.momentum = Some(b);
                        config.nesterov = Some(flag);
                        args.extend([("momentum", String::new()), ("nesterov", String::new())]);
                    }
                    "RMSprop" => {
                        config.rho = Some(b);
                        config.momentum = Some(b2);
                        config.epsilon = Some(eps);
                        config.centered = Some(flag);
                        args.extend(
                            ["rho", "momentum", "epsilon", "centered"].map(|n| (n, String::new())),
                        );
                    }
                    "Adagrad" => {
                        config.initial_accumulator_value = Some(b);
                        config.epsilon = Some(eps);
                        args.extend(
                            ["initial_accumulator_value", "epsilon"].map(|n| (n, String::new())),
                        );
                    }
                    _ => {
                        config.beta_1 = Some(b);
                        config.beta_2 = Some(beta_2);
                        config.epsilon = Some(eps);
                        args.extend(["beta_1", "beta_2", "epsilon"].map(|n| (n, String::new())));
                    }
                }
                // Legacy: maybe decay (Keras 2 code). Keras 3: weight_decay, given or None.
                match api {
                    Api::Legacy if with_decay && class != "Nadam" => {
                        config.decay = Some(decay);
                        args.push(("decay", String::new()));
                    }
                    Api::Keras3 if wd_none && class != "AdamW" => {
                        args.push(("weight_decay", "None".into()));
                    }
                    Api::Keras3 => {
                        config.weight_decay = Some(decay);
                        args.push(("weight_decay", String::new()));
                    }
                    _ => {}
                }
                Generated {
                    class,
                    api,
                    config,
                    args,
                }
            },
        )
}

fn value_text(config: &OptimizerConfig, name: &str, style: u8) -> String {
    let num = |v: Option<f64>| spell(v.unwrap_or(f64::NAN), style);
    let boolean = |v: Option<bool>| if v == Some(true) { "True" } else { "False" }.to_string();
    match name {
        "learning_rate" => match &config.learning_rate {
            Some(LearningRate::Constant(v)) => spell(*v, style),
            _ => unreachable!(),
        },
        "beta_1" => num(config.beta_1),
        "beta_2" => num(config.beta_2),
        "epsilon" => num(config.epsilon),
        "momentum" => num(config.momentum),
        "rho" => num(config.rho),
        "initial_accumulator_value" => num(config.initial_accumulator_value),
        "decay" => num(config.decay),
        "weight_decay" => num(config.weight_decay),
        "amsgrad" => boolean(config.amsgrad),
        "nesterov" => boolean(config.nesterov),
        "centered" => boolean(config.centered),
        other => panic!("{other}"),
    }
}

/// Writes the configuration as a Keras call: the first `positional` class arguments
/// positionally (never past the shared positional prefix), the rest as keywords, with
/// comments and line breaks between arguments when `layout` says so.
fn render(g: &Generated, positional: usize, style: u8, layout: u8, assign: bool) -> String {
    let path = match g.api {
        Api::Legacy => format!("tf.keras.optimizers.legacy.{}", g.class),
        Api::Keras3 => format!("keras.optimizers.{}", g.class),
    };
    // AdamW's second positional argument is weight_decay: keep AdamW to keywords.
    let positional = if g.class == "AdamW" { 0 } else { positional };
    let parts: Vec<String> = g
        .args
        .iter()
        .enumerate()
        .map(|(i, (name, fixed))| {
            let value = if fixed.is_empty() {
                value_text(&g.config, name, style.wrapping_add(i as u8))
            } else {
                fixed.clone()
            };
            let class_arg = !matches!(*name, "decay" | "weight_decay");
            if i < positional && class_arg {
                value
            } else {
                format!("{name}={value}")
            }
        })
        .collect();
    let sep = match layout % 3 {
        0 => ", ".to_string(),
        1 => ",\n    ".to_string(),
        _ => ",  # a comment, with (brackets] and 'quotes\n  ".to_string(),
    };
    let call = format!("{path}({})", parts.join(&sep));
    if assign {
        format!("import tensorflow as tf\nfrom tensorflow import keras\nopt = {call}\nmodel.compile(optimizer=opt, loss='mse')\n")
    } else {
        call
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_configs_read_back_exactly(
        g in generated(),
        positional in 0usize..6,
        style in any::<u8>(),
        layout in any::<u8>(),
        assign in any::<bool>(),
    ) {
        let text = render(&g, positional, style, layout, assign);
        let parsed = parse_keras_code(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parsed.optimizer.as_ref(), Some(&g.config), "{}", text);
        let expected_ignored = usize::from(assign); // loss='mse'
        prop_assert_eq!(parsed.ignored.len(), expected_ignored, "{:?}\n{}", parsed.ignored, text);
        prop_assert!(g.config.resolve().is_ok());
    }
}
