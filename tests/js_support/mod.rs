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

/// The members of `export interface name { … }` in the TypeScript the exports declare
/// (`optimizer_playground::web::types::TS_TYPES`): `(member, required)`.
pub fn ts_interface(name: &str) -> Vec<(String, bool)> {
    let ts = optimizer_playground::web::types::TS_TYPES;
    let start = ts
        .find(&format!("export interface {name} {{"))
        .unwrap_or_else(|| panic!("no interface {name} in TS_TYPES"));
    ts[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "}")
        // A member's doc comment (`/** … */`) is not a member.
        .filter(|l| !l.trim_start().starts_with("/*") && !l.trim_start().starts_with('*'))
        .map(|l| {
            let member = l.trim().split(':').next().unwrap();
            match member.strip_suffix('?') {
                Some(m) => (m.to_string(), false),
                None => (member.to_string(), true),
            }
        })
        .collect()
}

/// Checks that `value` has exactly the shape of the TypeScript interface `name`: no key the
/// interface lacks, and every required member present.
pub fn assert_shape(value: &JsValue, name: &str) {
    let members = ts_interface(name);
    let keys: Vec<String> = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    for k in &keys {
        assert!(
            members.iter().any(|(m, _)| m == k),
            "{name} has no member `{k}` (the result has it)"
        );
    }
    for (m, required) in &members {
        if *required {
            assert!(
                keys.contains(m) && !get(value, m).is_undefined(),
                "{name}.{m} is required but the result lacks it"
            );
        }
    }
}
