//! The scalar transcendental functions, as TensorFlow's CPU kernels compute them in float32.
//!
//! TensorFlow evaluates `tf.pow` / `tf.cos` on scalar float32 tensors with the C library's
//! `powf` / `cosf` and runs with denormals flushed to zero. Natively (glibc) Rust's
//! `f32::powf` / `f32::cos` call the same functions, so these helpers are bit-exact with
//! TensorFlow on Linux x86-64; on `wasm32` Rust's bundled libm can differ by an ulp.

/// `tf.pow(x, y)` in float32 (flushes a subnormal result to zero like TensorFlow's CPU kernels).
#[inline]
pub fn kpow(x: f32, y: f32) -> f32 {
    ftz(x.powf(y))
}

/// `tf.cos(x)` in float32 (flushes a subnormal result to zero).
#[inline]
pub fn kcos(x: f32) -> f32 {
    ftz(x.cos())
}

/// Flush-to-zero, as TensorFlow's CPU kernels run (FTZ/DAZ): a subnormal becomes a zero of the
/// same sign. The optimizers apply it to every float32 operation result and input, so their
/// state never holds subnormals (which also keeps them fast: subnormal arithmetic is slow).
#[inline(always)]
pub fn ftz(x: f32) -> f32 {
    if x.abs() < f32::MIN_POSITIVE {
        f32::from_bits(x.to_bits() & 0x8000_0000)
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow_flushes_subnormals_like_tensorflow() {
        assert_eq!(kpow(0.5, 130.0), 0.0);
        assert_eq!(kpow(0.5, 126.0), 2f32.powi(-126));
        assert_eq!(kpow(0.9, 1.0), 0.9);
    }
}
