//! Reads the Keras code people paste — `Adam(lr=0.003, decay=0.0002)`, a whole training script,
//! what `optimizer.get_config()` printed — into the optimizer configuration the core runs and
//! the `fit()` settings, saying what it did not use and what Keras itself would warn about.
//!
//! [`parse_keras_code`] is a small tokenizer, parser and evaluator for the part of Python such
//! code uses; it never runs anything and never guesses.
//!
//! # What it reads
//! * Literals: numbers (`1e-4`, `.001`, `1_000`, `0x10`, negative), strings (`'…'`, `"…"`,
//!   triple-quoted, raw), `True`/`False`/`None` (and JSON's `true`/`false`/`null`), tuples,
//!   lists, dicts; `+ - * / // % **` on numbers; `len(x)` and `x.shape[0]` when the shape of
//!   `x` was printed; `float(…)`/`int(…)` of a number.
//! * Names: `lr = 1e-3` then `Adam(lr)`; `opt = Adam(…)` then `model.compile(optimizer=opt)`;
//!   `schedule = ExponentialDecay(…)` then `Adam(learning_rate=schedule)`; tuple unpacking;
//!   `+=`; `Adam(**params)` with a dict in the text. A name never assigned is never guessed.
//! * Imports: `from keras.optimizers.legacy import Adam`, `import tensorflow as tf`, … decide
//!   what a name refers to.
//! * Calls: the optimizer classes Adam, AdamW, SGD, RMSprop, Adagrad, Adamax, Nadam (any
//!   module path: `Adam`, `tf.keras.optimizers.Adam`, `keras.optimizers.legacy.SGD`, …) with
//!   positional arguments in Keras's own order (see `keras.rs`; a number where Keras 2.2 had
//!   `decay`, as in `Adam(0.001, 0.9, 0.999, 1e-08, 0.0)`, is Keras 2.2's order), Keras ≤ 2.2's
//!   lowercase aliases after a module named `optimizers` (`keras.optimizers.rmsprop(lr=…)`,
//!   `optimizers.adam(…)`: legacy, in Keras 2.2's order and with its defaults where tf_keras's
//!   differ), the schedules
//!   InverseTimeDecay, ExponentialDecay, PiecewiseConstantDecay, CosineDecay, PolynomialDecay,
//!   CosineDecayRestarts, `<model>.compile(…)` (a string `'adam'` there is Keras's default
//!   Adam; no optimizer at all is Keras's default `"rmsprop"`), `<model>.fit(…)` /
//!   `fit_generator(…)` (Keras 1's `nb_epoch=` is the epochs, as Keras 2.0–2.2 read it),
//!   `Adam.from_config(…)`, `optimizers.deserialize(…)`,
//!   `optimizers.get(…)`, `opt.get_config()`.
//! * Config dicts: what `get_config()` prints (`{'name': 'Adam', 'learning_rate': 0.003,
//!   'decay': 0.0002, …}`, legacy or Keras 3, with a serialized schedule as learning_rate) and
//!   Keras's serialized form `{"class_name": "Adam", "config": {…}}` (JSON or Python syntax,
//!   tf_keras or Keras 3 with `module`/`registered_name`), as a statement or assigned, or printed
//!   with a label as logs and model cards show it (`- optimizer: {…}`, `optimizer: {…}`); a
//!   LossScaleOptimizer's `inner_optimizer`; without `learning_rate` when the dict has a class's
//!   name and its hyperparameters (Keras's `from_config` fills in the default).
//! * The number of samples: a printed shape — `print(x_train.shape)` or `x_train.shape`
//!   followed by its output `(60000, 28, 28)`, `len(x_train)` followed by `60000`,
//!   `print('x_train shape:', x_train.shape)` followed by the line that starts with that text
//!   (`x_train shape: (60000, 28, 28, 1)`; a tuple later in another line is not it), or a lone
//!   shape line `(60000, 28, 28)`. It is used when fit()'s `x` is that name; when fit() has no
//!   named `x`, when it is the only shape in the text (and not another name's), or when it is
//!   the only shape whose name contains "train".
//! * Console pastes: `>>> `, `... `, `In [1]: `, `Out[1]: ` prompts are skipped.
//! * Control flow (`def`, `if`, `for`, `with`, …): the header is listed as ignored and the
//!   statements inside are read in order, as if at the top level; `return x` reads `x`.
//!
//! # Which optimizer
//! The one given to the last `model.compile()`; without a compile() (or when its optimizer is
//! not understood), the last optimizer in the text. The others are listed in `ignored`.
//!
//! # Which API (`api` of the configuration)
//! 1. A `legacy` module in the class path (`tf.keras.optimizers.legacy.Adam`,
//!    `from keras.optimizers.legacy import Adam`), a Keras 2.2 alias or Keras 2.2's positional
//!    order: `"legacy"`.
//! 2. Else anything only Keras 3 has — `weight_decay=` (even `None`), AdamW, `use_ema`,
//!    `ema_momentum`, `ema_overwrite_frequency`, `loss_scale_factor`,
//!    `gradient_accumulation_steps`, a number in Keras 3's `weight_decay` position: `"keras3"`.
//! 3. Else `lr=`, `decay=` or `schedule_decay=` (Keras 2 code): `"legacy"` — what the code did
//!    where it was written — with warnings saying what TF 2.11–2.15 (raises
//!    `ValueError: decay is deprecated in the new Keras optimizer, …`) and Keras 3 (ignores
//!    `decay` with a warning and trains with a constant lr; raises on `lr`) do with it.
//! 4. Else a schedule as `learning_rate`: `"keras3"`.
//! 5. Else (`Adam(learning_rate=1e-3)`, `'adam'`): `"legacy"` — the learning rate is the
//!    same in both. Where the two compute different updates (Nadam's momentum schedule), the
//!    Keras 3 reading is in `alternatives`, with what differs, and a warning says so: the user
//!    picks.
//!
//! Config dicts: `is_legacy_optimizer` decides when present; else a Keras-3-only key (as in
//! rule 2) → `"keras3"`, a `decay` or `lr` key → `"legacy"`, a serialized schedule →
//! `"keras3"`, else `"legacy"`.
//!
//! `lr=` becomes `learning_rate` (tf_keras: `kwargs.get("lr", learning_rate)`, so `lr` wins
//! when both are given; the `learning_rate` is then listed as ignored). Legacy Nadam ignores
//! `decay` (the core's note says so). `epsilon=None` in legacy code is Keras's default (legacy
//! `epsilon or backend.epsilon()`).
//!
//! # What is not used
//! `ignored` lists every piece that is not used, in text order: statements that are not an
//! optimizer, schedule, compile() or fit() (`model.add(…)`), names assigned and never read,
//! arguments that do not change the learning rate (`clipnorm=1.0`: "gradient clipping does
//! not change the learning rate"; `loss=…`, `callbacks=…`, …), arguments whose value is not
//! known (a name never assigned — the argument is then left at Keras's default, and the
//! reason says so), optimizers other than the one used, schedules never given to one, earlier
//! fit() calls, shapes that are not fit()'s data, and lines that are not Python this parser
//! reads (console output, training logs). Arguments at their "off" value (`clipnorm=None`,
//! `use_ema=False`, and the no-op keys of a config dict) are understood and not listed.
//!
//! # Errors
//! A [`ConfigError`] with field `code` and a message `line L, column C: …`: a string or bracket
//! never closed, a syntax error in a statement that names an optimizer, schedule, compile or fit
//! (a syntax error elsewhere only puts the line in `ignored`), an argument Keras would reject
//! (an unknown keyword, a repeated one, a positional and keyword clash, a wrong type), and the
//! core's validation of the chosen optimizer (`optimizer.beta_1: must be in [0, 1), got 1.5`).
//! Text longer than [`MAX_CODE_BYTES`] and nesting deeper than [`MAX_DEPTH`] are errors; values
//! are bounded in size, so time and memory stay linear in the text.

mod eval;
mod keras;
mod lex;
mod parse;

use serde::Serialize;

use crate::error::ConfigError;
use crate::optim::OptimizerConfig;
use lex::{Tok, Token};
pub use parse::MAX_DEPTH;

/// The longest text accepted (bytes).
pub const MAX_CODE_BYTES: usize = 256 * 1024;

/// What [`parse_keras_code`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedCode {
    /// The optimizer, as the core's [`OptimizerConfig`] (only the arguments the text gives,
    /// with `name` and `api` always set; `validateOptimizer` fills in Keras's defaults). It has
    /// passed the core's validation. `None` when the text has no optimizer.
    pub optimizer: Option<OptimizerConfig>,
    /// What the text says about training.
    pub fit: FitFields,
    /// What Keras itself does with this code that the user may not expect, e.g.
    /// "Keras 3 (…) warns UserWarning: Argument `decay` is no longer supported and will be
    /// ignored. and trains with a constant learning rate …".
    pub warnings: Vec<String>,
    /// Every piece of the text that is not used, with the reason, in text order.
    pub ignored: Vec<Ignored>,
    /// Other readings of `optimizer`, for code that does not say which Keras runs it when the
    /// two compute different updates for its class (Nadam's momentum schedule): the user
    /// picks. Empty otherwise.
    pub alternatives: Vec<Alternative>,
}

/// Another reading of the optimizer (see [`ParsedCode::alternatives`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The optimizer under this reading (validated, like [`ParsedCode::optimizer`]).
    pub optimizer: OptimizerConfig,
    /// Which Keras this reading is, e.g. "Keras 3: keras.optimizers.Nadam (tf.keras from TF 2.11)".
    pub label: String,
    /// What computes differently from `optimizer`.
    pub differs: String,
}

/// The `fit()` arguments the text gives (each only when it does).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FitFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epochs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_split: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_per_epoch: Option<u64>,
    /// The number of training samples (before `validation_split`), from a printed shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
}

/// A piece of the text that is not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// The text (whitespace runs folded to one space, at most 160 characters).
    pub text: String,
    /// Why it is not used.
    pub reason: String,
}

/// Whether a line is one this parser must read — a call of an optimizer, a schedule,
/// `compile` or `fit`, or a keyword such as `learning_rate=` or `'learning_rate':` — so that a
/// syntax error there is an error, not an ignored line (a log line that merely mentions `lr`
/// is not).
fn is_relevant(line: &[Token]) -> bool {
    line.windows(2).any(|w| match (&w[0].tok, &w[1].tok) {
        (Tok::Name(n), Tok::Op("(")) => {
            keras::optimizer_class(n).is_some()
                || keras::keras2_alias(n).is_some()
                || keras::schedule_class(n).is_some()
                || matches!(n.as_str(), "compile" | "fit" | "fit_generator")
        }
        (Tok::Name(n), Tok::Op("=")) => matches!(
            n.as_str(),
            "optimizer"
                | "learning_rate"
                | "lr"
                | "decay"
                | "batch_size"
                | "epochs"
                | "steps_per_epoch"
        ),
        (Tok::Str(s), Tok::Op(":")) => matches!(s.as_str(), "learning_rate" | "class_name"),
        _ => false,
    })
}

/// Reads pasted Keras code; see the module docs.
pub fn parse_keras_code(text: &str) -> Result<ParsedCode, ConfigError> {
    if text.len() > MAX_CODE_BYTES {
        return Err(ConfigError::new(
            "code",
            format!("must be at most {MAX_CODE_BYTES} bytes, got {}", text.len()),
        ));
    }
    let mut ev = eval::Eval::new(text);
    let to_error = |ev: &eval::Eval, pos: usize, message: &str| {
        ConfigError::new("code", format!("{}: {message}", ev.at(pos)))
    };
    let tokens = lex::tokenize(text).map_err(|e| to_error(&ev, e.pos, &e.message))?;
    for line in tokens.split(|t| t.tok == Tok::Newline) {
        read_line(&mut ev, line, text.len()).map_err(|e| to_error(&ev, e.pos, &e.message))?;
    }
    let end = text.len();
    ev.finish().map_err(|e| {
        let pos = e.pos.min(end);
        ConfigError::new("code", format!("{}: {}", ev_at(text, pos), e.message))
    })
}

fn ev_at(text: &str, pos: usize) -> String {
    eval::Eval::new(text).at(pos)
}

/// One logical line: keywords, imports, then a statement of the subset.
fn read_line(
    ev: &mut eval::Eval,
    mut line: &[Token],
    end_of_text: usize,
) -> Result<(), eval::CodeErr> {
    // Where the statement's text starts (`return x` is shown with its `return`).
    let mut keyword_start = None;
    loop {
        let Some(first) = line.first() else {
            return Ok(());
        };
        let start = keyword_start.take().unwrap_or(first.start);
        let end = line.last().map_or(first.end, |t| t.end);
        if ev.printed_output(line) {
            return Ok(());
        }
        let relevant = is_relevant(line);
        let error = line.iter().find_map(|t| match &t.tok {
            Tok::Error(m) => Some((t.start, m.clone())),
            _ => None,
        });
        if let Some((pos, message)) = error {
            if relevant {
                return Err(eval::CodeErr { pos, message });
            }
            let reason = format!("not Python this parser reads ({}: {message})", ev.at(pos));
            ev.ignore(start, end, reason);
            return Ok(());
        }
        let keyword = match &first.tok {
            Tok::Name(n) if parse::is_keyword(n) => Some(n.as_str()),
            _ => None,
        };
        match keyword {
            Some("import" | "from") => {
                match parse::parse_import(line) {
                    Some(bindings) => ev.import(bindings),
                    None => ev.ignore(start, end, "an import this parser does not read"),
                }
                return Ok(());
            }
            Some(
                "def" | "class" | "if" | "elif" | "else" | "for" | "while" | "with" | "try"
                | "except" | "finally" | "async",
            ) => {
                let mut depth = 0i32;
                let colon = line.iter().position(|t| {
                    match t.tok {
                        Tok::Op("(" | "[" | "{") => depth += 1,
                        Tok::Op(")" | "]" | "}") => depth -= 1,
                        _ => {}
                    }
                    depth == 0 && t.tok == Tok::Op(":")
                });
                let Some(k) = colon else {
                    ev.ignore(start, end, "not Python this parser reads");
                    return Ok(());
                };
                ev.ignore(
                    start,
                    line[k].end,
                    "control flow and definitions are not followed: the statements inside are read in order, as if at the top level",
                );
                line = &line[k + 1..];
            }
            Some("return" | "yield" | "await") => {
                keyword_start = Some(start);
                line = &line[1..];
            }
            Some("pass" | "break" | "continue") if line.len() == 1 => return Ok(()),
            Some(k @ ("global" | "nonlocal" | "del" | "assert" | "raise")) => {
                ev.ignore(start, end, format!("a `{k}` statement is not followed"));
                return Ok(());
            }
            _ if first.tok == Tok::Op("@") => {
                ev.ignore(start, end, "a decorator is not followed");
                return Ok(());
            }
            _ => {
                return match parse::parse_statement(line, end_of_text) {
                    Ok(stmt) => ev.statement(&stmt, start, end),
                    Err(e) if e.kind == parse::ErrKind::Syntax && relevant => Err(eval::CodeErr {
                        pos: e.pos,
                        message: e.message,
                    }),
                    Err(e) => {
                        let reason = format!("not understood ({}: {})", ev.at(e.pos), e.message);
                        ev.ignore(start, end, reason);
                        Ok(())
                    }
                };
            }
        }
    }
}
