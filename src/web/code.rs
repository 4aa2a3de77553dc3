//! `parseKerasCode`: the "paste your code" box (thin glue over [`crate::keras_code`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, FieldError};

/// Reads pasted Keras code (a call such as `Adam(lr=0.003, decay=0.0002)`, a training script,
/// or what `optimizer.get_config()` printed) and returns
/// `{optimizer, fit, warnings, ignored}`:
/// * `optimizer`: the configuration `validateOptimizer` accepts (`{name, api, learning_rate,
///   decay, …}`, only what the text gives, already validated by the core), or `null`;
/// * `fit`: `{batch_size?, epochs?, validation_split?, steps_per_epoch?, samples?}`, only what
///   the text says;
/// * `warnings`: what Keras itself does with this code (e.g. Keras 3 ignoring `decay`);
/// * `ignored`: `[{text, reason}]`, every piece of the text that is not used;
/// * `alternatives`: `[{optimizer, label, differs}]`, other readings of `optimizer`
///   when the code does not say which Keras runs it and the two compute different updates
///   (Nadam: legacy's momentum schedule or Keras 3's). `optimizer` is then the legacy reading
///   and a warning says so; each alternative is as complete as `optimizer` (validated).
///   Empty otherwise.
///
/// `api` is `"legacy"` for a `legacy` class path and for Keras 2 code (`lr=`, `decay=`),
/// `"keras3"` for Keras-3-only things (`weight_decay`, AdamW, a schedule as learning_rate, a
/// Keras 3 `get_config()` dict), else `"legacy"`. Throws an `Error` whose message starts with
/// `code: line L, column C: …` for text that cannot be read.
#[wasm_bindgen(js_name = parseKerasCode, unchecked_return_type = "ParsedKerasCode")]
pub fn parse_keras_code(text: &str) -> Result<JsValue, FieldError> {
    let parsed = crate::keras_code::parse_keras_code(text).map_err(js_error)?;
    Ok(parsed.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}
