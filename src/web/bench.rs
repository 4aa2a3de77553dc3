//! Kernel microbenchmarks for `bench/run-all.mjs`: the caller times each call.

use wasm_bindgen::prelude::*;

use super::{js_error, FieldError};

/// Runs `reps` repetitions of a CNN kernel (`"conv1"`, `"conv2"` or `"dense"`, see
/// `cnn::bench::run`) and returns the floating-point operations done, so that the caller's
/// timing gives GFLOP/s.
#[wasm_bindgen(js_name = benchKernel)]
pub fn bench_kernel(name: &str, reps: u32) -> Result<f64, FieldError> {
    let (flops, checksum) = crate::cnn::bench::run(name, reps).map_err(js_error)?;
    std::hint::black_box(checksum);
    Ok(flops)
}

/// Runs `iters` rounds of independent `F32x4` multiply-add chains (`cnn::bench::peak`) and
/// returns the floating-point operations done: this build's arithmetic peak.
#[wasm_bindgen(js_name = benchPeak)]
pub fn bench_peak(iters: u32) -> f64 {
    let (flops, checksum) = crate::cnn::bench::peak(iters);
    std::hint::black_box(checksum);
    flops
}
