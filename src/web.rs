//! Every `#[wasm_bindgen]` export lives here: thin glue over the pure core.
//!
//! Errors cross as `JsError` with the core's message (field and allowed range); nothing here
//! panics on user input.

use wasm_bindgen::prelude::*;

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
