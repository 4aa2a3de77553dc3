//! Shared by the wasm test suites: reading what the exports hand to JS.
#![allow(dead_code)] // each test binary uses a different subset

use wasm_bindgen::{JsCast, JsValue};

/// A JS value from JSON text (what a page would pass).
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// `obj[key]`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

/// The `message` of the JS `Error` an export threw.
pub fn message(err: impl Into<JsValue>) -> String {
    get(&err.into(), "message").as_string().unwrap()
}

/// The `field` of the JS `Error` an export threw, checked to be a JS `Error` whose message
/// starts with `field: `.
pub fn field(err: impl Into<JsValue>) -> String {
    let err: JsValue = err.into();
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "{err:?} is not an Error"
    );
    let field = get(&err, "field")
        .as_string()
        .expect("the Error has a `field`");
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.starts_with(&format!("{field}: ")), "{message}");
    field
}
