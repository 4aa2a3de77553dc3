//! Every `#[wasm_bindgen]` export lives here: thin glue over the pure core.
//!
//! Errors cross as [`FieldError`]: a JS `Error` with the core's message (field and allowed
//! range) and a `field` property naming the input; nothing here panics on user input.
//!
//! One wasm module per product (see `modules/`): each enables one Cargo feature, and only that
//! product's exports compile, so link-time optimisation drops the other products' core code.
//! `plane` is the 2D playground (map, step paths, lr charts), `sweep` the sweep worker's lane
//! kernels, `cnn` the tiny CNN page and its kernel benchmarks, `keras-code` the Keras code parser
//! that the playground loads only when a person pastes or edits code. The default (every
//! feature) is what the tests build.

use wasm_bindgen::prelude::*;

#[cfg(feature = "cnn")]
pub mod bench;
#[cfg(feature = "cnn")]
pub mod cnn;
#[cfg(feature = "keras-code")]
pub mod code;
#[cfg(feature = "plane")]
pub mod plane;
#[cfg(feature = "sweep")]
pub mod sweep;
pub mod types;
#[cfg(feature = "cnn")]
pub use cnn::{wasm_memory_bytes, CnnSession};
#[cfg(feature = "keras-code")]
pub use code::parse_keras_code;
#[cfg(feature = "plane")]
pub use plane::*;
#[cfg(feature = "sweep")]
pub use sweep::{FunctionGrid, Sweep};

#[cfg(any(feature = "plane", feature = "cnn"))]
use crate::optim::OptimizerConfig;
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

fn js_error(e: impl Into<ConfigError>) -> FieldError {
    FieldError(e.into())
}

#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn field_error(field: &str, message: String) -> FieldError {
    FieldError(ConfigError::new(field, message))
}

/// Reads a JS object into a core config; serde's message is mapped to the field it names.
///
/// Goes through `JSON.stringify` and serde_json rather than serde-wasm-bindgen, because
/// serde-wasm-bindgen reads only the fields a struct declares: an unknown key (a typo such as
/// `learningrate`) would be silently ignored instead of rejected.
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, FieldError> {
    let field = if what.is_empty() { "config" } else { what };
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            field_error(
                field,
                "must be a plain object of numbers, strings, booleans and arrays".into(),
            )
        })?;
    Ok(crate::error::parse_json(&json, what)?)
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
