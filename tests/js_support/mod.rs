//! Shared by the wasm test suites: reading what the exports hand to JS.
#![allow(dead_code)] // each test binary uses a different subset

use wasm_bindgen::JsValue;

/// A JS value from JSON text (what a page would pass).
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// `obj[key]`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

/// The `message` of the JS `Error` an export threw.
pub fn message(err: wasm_bindgen::JsError) -> String {
    get(&JsValue::from(err), "message").as_string().unwrap()
}
