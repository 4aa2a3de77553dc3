//! The float32 transcendental functions bit-identical to glibc's on x86-64, on every target.
//!
//! TensorFlow's CPU kernels evaluate `tf.pow`, `tf.exp`, `tf.math.log`, `tf.sin`, `tf.cos` on a
//! scalar with the C library's `powf`, `expf`, `logf`, `sinf`, `cosf`. Rust's `f32::powf` etc.
//! call the same functions on Linux, but in wasm they run Rust's bundled musl-derived libm,
//! which differs by an ulp on some inputs; one ulp in Adam's `beta_2^t` is enough to leave a
//! recorded Keras trajectory. These are glibc's algorithms (ARM's optimized-routines design,
//! glibc 2.27/2.28 onwards, unchanged since) with glibc's tables and coefficients, in plain
//! IEEE double arithmetic, so they give glibc's bits in wasm as well as natively.
//!
//! glibc ships each of these functions built twice on x86-64 and runs the FMA build on a CPU
//! that has FMA (any x86-64 from 2013 on); the two builds disagree on some inputs of `expf`,
//! `sinf` and `cosf`. These functions reproduce the FMA build: see `fma.rs`.
//!
//! `src/libm/tests.rs` compares them with the C library bit for bit (natively on glibc):
//! sampled in `cargo test`, over all 2^32 inputs of each one-argument function with
//! `cargo test --release --lib libm -- --ignored`.

mod exp;
pub(crate) mod fma;
mod log;
mod pow;
mod trig;

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests;

/// `v` rounded to float, if every double within `tol` of `v` rounds to the same float.
///
/// The functions first evaluate glibc's formula without fused multiply-adds (cheap everywhere),
/// bound how far that double can be from the fused one (`tol`), and take the rounded result
/// only when the fused double, anywhere in that interval, must round the same way. Otherwise
/// (rarely: near a float rounding boundary) they evaluate with exact fused multiply-adds, which
/// in wasm are an emulation about ten times slower. Rounding is monotone, so agreeing ends
/// mean the whole interval agrees; each `tol` is many double ulps wider than the bound it
/// stands for, which also covers the rounding of `v - tol` and `v + tol` themselves.
#[inline(always)]
fn round_if_clear(v: f64, tol: f64) -> Option<f32> {
    let low = (v - tol) as f32;
    let high = (v + tol) as f32;
    (low.to_bits() == high.to_bits()).then_some(v as f32)
}

/// The fused multiply-add these builds use: the instruction where the target has one,
/// otherwise the exact emulation (wasm has no FMA; as a call to the soft-float `fma` it was
/// several times slower).
#[cfg(target_feature = "fma")]
type Default = fma::Hardware;
#[cfg(not(target_feature = "fma"))]
type Default = fma::Emulated;

/// `x` to the power `y`, glibc `powf`'s result.
#[inline]
pub fn powf(x: f32, y: f32) -> f32 {
    pow::powf::<Default>(x, y)
}

/// `e^x`, glibc `expf`'s result.
#[inline]
pub fn expf(x: f32) -> f32 {
    exp::expf::<Default>(x)
}

/// Natural logarithm, glibc `logf`'s result.
#[inline]
pub fn logf(x: f32) -> f32 {
    log::logf::<Default>(x)
}

/// Sine (radians), glibc `sinf`'s result.
#[inline]
pub fn sinf(x: f32) -> f32 {
    trig::sinf::<Default>(x)
}

/// Cosine (radians), glibc `cosf`'s result.
#[inline]
pub fn cosf(x: f32) -> f32 {
    trig::cosf::<Default>(x)
}
