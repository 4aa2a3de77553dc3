//! Every `#[wasm_bindgen]` export lives here: thin glue over the pure core.
//!
//! Errors cross as `JsError` with the core's message (field and allowed range); nothing here
//! panics on user input.
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

/// Installs the panic hook once, when the module is instantiated, so that a bug (never user
/// input) shows a Rust message in the console instead of "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// `{ version, simd128, target_arch }` of this build.
#[wasm_bindgen(js_name = buildInfo)]
pub fn build_info() -> Result<JsValue, JsError> {
    Ok(serde_wasm_bindgen::to_value(&crate::build_info())?)
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads a JS object into a core config; serde's message is mapped to the field it names.
///
/// Goes through `JSON.stringify` and serde_json rather than serde-wasm-bindgen, because
/// serde-wasm-bindgen reads only the fields a struct declares: an unknown key (a typo such as
/// `learningrate`) would be silently ignored instead of rejected.
#[cfg(any(feature = "plane", feature = "sweep", feature = "cnn"))]
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    let field = if what.is_empty() { "config" } else { what };
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            JsError::new(&format!(
                "{field}: must be a plain object of numbers, strings, booleans and arrays"
            ))
        })?;
    crate::error::parse_json(&json, what).map_err(js_error)
}

#[cfg(any(feature = "plane", feature = "cnn"))]
fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

#[cfg(any(feature = "plane", feature = "cnn"))]
fn f32_array(values: &[f32]) -> JsValue {
    js_sys::Float32Array::from(values).into()
}

/// Checks an optimizer configuration (`{name, api, learning_rate, decay, …}` with Keras's
/// names) and returns what Keras would run with, defaults filled in; throws an error naming the
/// field and the allowed range.
#[cfg(any(feature = "plane", feature = "cnn"))]
#[wasm_bindgen(js_name = validateOptimizer)]
pub fn validate_optimizer(optimizer: JsValue) -> Result<JsValue, JsError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let resolved = config
        .resolve()
        .map_err(|e| js_error(e.within_root("optimizer")))?;
    Ok(serde_wasm_bindgen::to_value(&resolved)?)
}

/// A JS number that must be a whole number in `[0, max]`.
#[cfg(any(feature = "plane", feature = "cnn"))]
fn whole_number(field: &str, v: f64, max: u64) -> Result<u64, JsError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= max as f64 {
        Ok(v as u64)
    } else {
        Err(JsError::new(&format!(
            "{field}: must be a whole number in [0, {max}], got {v}"
        )))
    }
}
