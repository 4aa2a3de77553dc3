//! Every `#[wasm_bindgen]` export lives here: thin glue over the pure core.
//!
//! Errors cross as [`FieldError`]: a JS `Error` with the core's message (field and allowed
//! range) and a `field` property naming the input; nothing here panics on user input.
//!
//! One wasm module per product (see `modules/`): each enables one Cargo feature, and only that
//! product's exports compile, so link-time optimisation drops the other products' core code.
//! `plane` is the 2D playground (map, step paths, lr charts), `sweep` the sweep worker's lane
//! kernels, `cnn` the tiny CNN page and its kernel benchmarks, `keras-code` the Keras code parser
//! that the playground loads only when a person pastes or edits code, `training-log` the reader of
//! the logs a person drops on the page. The default (every
//! feature) is what the tests build.

use wasm_bindgen::prelude::*;

#[cfg(feature = "cnn")]
pub mod bench;
#[cfg(feature = "cnn")]
pub mod cnn;
#[cfg(feature = "keras-code")]
pub mod code;
#[cfg(feature = "training-log")]
pub mod log;
#[cfg(feature = "plane")]
pub mod plane;
#[cfg(feature = "sweep")]
pub mod sweep;
pub mod types;
#[cfg(feature = "cnn")]
pub use cnn::{cnn_epoch_plan, wasm_memory_bytes, CnnSession};
#[cfg(feature = "keras-code")]
pub use code::parse_keras_code;
#[cfg(feature = "plane")]
pub use plane::*;
#[cfg(feature = "sweep")]
pub use sweep::{FunctionGrid, Sweep};

#[cfg(any(feature = "plane", feature = "cnn"))]
use crate::optim::OptimizerConfig;
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
use crate::value::Value;
use crate::ConfigError;

/// Installs the panic hook once, when the module is instantiated, so that a bug (never user
/// input) shows a Rust message in the console instead of "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// `{ version, simd128, target_arch }` of this build.
#[wasm_bindgen(js_name = buildInfo, unchecked_return_type = "BuildInfo")]
pub fn build_info() -> Result<JsValue, FieldError> {
    Ok(serde_wasm_bindgen::to_value(&crate::build_info())?)
}

/// What every export throws: the core's [`ConfigError`] as a JS `Error` whose message reads
/// `field: message` and whose `field` property is the field alone (a dotted path such as
/// `optimizer.beta_1`, `fit.epochs` or `runs[0].start[1]`), so that the page never has to take
/// the message apart. The core names the path; nothing here adds to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError(pub ConfigError);

impl From<ConfigError> for FieldError {
    fn from(e: ConfigError) -> Self {
        FieldError(e)
    }
}

impl From<serde_wasm_bindgen::Error> for FieldError {
    /// Serializing a result of plain numbers, strings and arrays does not fail; if it ever
    /// did, the error still names what failed.
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        FieldError(ConfigError::new("result", e.to_string()))
    }
}

impl From<FieldError> for JsValue {
    fn from(FieldError(e): FieldError) -> JsValue {
        let error = js_sys::Error::new(&e.to_string());
        set(&error, "field", &JsValue::from_str(&e.field));
        error.into()
    }
}

#[cfg(any(
    feature = "plane",
    feature = "sweep",
    feature = "cnn",
    feature = "keras-code"
))]
fn js_error(e: impl Into<ConfigError>) -> FieldError {
    FieldError(e.into())
}

#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn field_error(field: &str, message: String) -> FieldError {
    FieldError(ConfigError::new(field, message))
}

/// Reads a JS object into a core config; serde's message is mapped to the field it names.
///
/// Walks the object into a [`Value`] (what `JSON.stringify` would write) rather than using
/// serde-wasm-bindgen's deserializer, because that one reads only the fields a struct declares:
/// an unknown key (a typo such as `learningrate`) would be silently ignored instead of rejected.
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, FieldError> {
    let field = if what.is_empty() { "config" } else { what };
    let value = js_to_value(&value, MAX_DEPTH).ok_or_else(|| {
        field_error(
            field,
            "must be a plain object of numbers, strings, booleans and arrays".into(),
        )
    })?;
    Ok(crate::error::from_value(&value, what)?)
}

/// Nesting beyond this is refused, as serde_json refused it; it also ends a cycle, which
/// `JSON.stringify` rejects.
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
const MAX_DEPTH: u32 = 128;

/// `JSON.stringify`'s reading of a JS value: NaN and ±Infinity are `null`, object keys whose
/// value is `undefined`, a function or a symbol are left out (and such array items are `null`),
/// and a `BigInt`, a cycle or a top-level `undefined` cannot be written (`None`).
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn js_to_value(v: &JsValue, depth: u32) -> Option<Value> {
    use wasm_bindgen::JsCast;
    if let Some(x) = v.as_f64() {
        return Some(Value::from_js_number(x));
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    if v.is_null() {
        return Some(Value::Null);
    }
    if !v.is_object() || depth == 0 {
        return None;
    }
    if let Some(array) = v.dyn_ref::<js_sys::Array>() {
        return array
            .iter()
            .map(|item| {
                if unwritable(&item) {
                    Some(Value::Null)
                } else {
                    js_to_value(&item, depth - 1)
                }
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    let mut entries = Vec::new();
    for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let item = entry.get(1);
        if !unwritable(&item) {
            entries.push((entry.get(0).as_string()?, js_to_value(&item, depth - 1)?));
        }
    }
    Some(Value::Object(entries))
}

/// What `JSON.stringify` leaves out of an object: `undefined`, functions and symbols.
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn unwritable(v: &JsValue) -> bool {
    v.is_undefined() || v.is_function() || v.is_symbol()
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

#[cfg(any(feature = "plane", feature = "cnn"))]
fn f32_array(values: &[f32]) -> JsValue {
    js_sys::Float32Array::from(values).into()
}

/// Keras's optimizer classes (per API) and learning-rate schedules as the core knows them:
/// each argument's name, default, kind and accepted range, the positional order, and the
/// rules (see `optim::spec`). The page's `www/js/keras-spec.js` is this object.
#[cfg(feature = "plane")]
#[wasm_bindgen(js_name = kerasSpec, unchecked_return_type = "KerasSpec")]
pub fn keras_spec() -> Result<JsValue, FieldError> {
    use serde::Serialize;
    Ok(crate::optim::spec::keras_spec()
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// Checks an optimizer configuration (`{name, api, learning_rate, decay, …}` with Keras's
/// names) and returns what Keras would run with, defaults filled in; throws an error naming the
/// field and the allowed range.
#[cfg(any(feature = "plane", feature = "cnn"))]
#[wasm_bindgen(js_name = validateOptimizer, unchecked_return_type = "ResolvedOptimizer")]
pub fn validate_optimizer(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
) -> Result<JsValue, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let resolved = config.resolve()?;
    Ok(serde_wasm_bindgen::to_value(&resolved)?)
}

/// A JS number that must be a whole number in `[0, max]`.
#[cfg(any(feature = "plane", feature = "cnn"))]
fn whole_number(field: &str, v: f64, max: u64) -> Result<u64, FieldError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= max as f64 {
        Ok(v as u64)
    } else {
        Err(field_error(
            field,
            format!("must be a whole number in [0, {max}], got {v}"),
        ))
    }
}
