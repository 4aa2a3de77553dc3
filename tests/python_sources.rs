//! The page's copy of the test functions' Python (`www/js/python-sources.js`) is the core's.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::plane::python_sources::python_sources_js;

#[test]
fn the_pages_python_sources_module_is_the_cores_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/js/python-sources.js");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == python_sources_js(),
        "www/js/python-sources.js is not the core's function table: run \
         `cargo run --example python_sources_js > www/js/python-sources.js`"
    );
}
