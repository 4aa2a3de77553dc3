//! wasm tests (`wasm-pack test --node` / `--headless --chrome`): each build reports what it is.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn build_reports_whether_simd128_was_compiled_in() {
    let info = optimizer_playground::build_info();
    assert_eq!(info.target_arch, "wasm32");
    // The test command runs this file twice: once plain, once with +simd128 and
    // EXPECT_SIMD128=1 set at compile time, so each build is checked against what it should be.
    let expected = option_env!("EXPECT_SIMD128") == Some("1");
    assert_eq!(info.simd128, expected);
}

#[wasm_bindgen_test]
fn build_info_export_crosses_to_js() {
    let value = optimizer_playground::web::build_info().expect("serialises");
    let simd = js_sys::Reflect::get(&value, &"simd128".into()).unwrap();
    assert_eq!(simd.as_bool(), Some(cfg!(target_feature = "simd128")));
}
