//! Kernel microbenchmarks shared by the wasm export `benchKernel` (`src/web/bench.rs`) and the
//! native `examples/bench_cnn_native.rs`: the default network's convolution and dense forward
//! products on fixed shapes, and an arithmetic peak for comparison.
//!
//! The caller times the call; each function returns the floating-point operations it did
//! (one multiply-add = 2) and a checksum that keeps the work observable.

use super::kernels::{conv_same_padded, gemm_nn, pad_image};
use crate::simd::F32x4;
use crate::ConfigError;

/// Independent multiply-add chains in [`peak`]: enough to hide the mul → add latency.
const CHAINS: usize = 12;

/// The workloads [`run`] knows, with the default network's shapes (batch 20).
pub const KERNELS: [&str; 3] = ["conv1", "conv2", "dense"];

/// Runs `reps` repetitions of kernel `name` (see [`KERNELS`]): `conv1` is the first
/// convolution forward (28×28×1 → 8, 5×5), `conv2` the second (14×14×8 → 16, 5×5), each per
/// image; `dense` is the dense forward `gemm_nn` of a batch of 20 (20×256 · 256×10).
/// Returns `(flops, checksum)`.
pub fn run(name: &str, reps: u32) -> Result<(f64, f32), ConfigError> {
    let values = |n: usize| -> Vec<f32> {
        (0..n)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 64.0)
            .collect()
    };
    let conv = |h: usize, c: usize, n: usize| {
        let (ks, r) = (5, 2);
        let x = values(h * h * c);
        let kernel = values(ks * ks * c * n);
        let mut padded = vec![0.0; (h + 2 * r) * (h + 2 * r) * c];
        pad_image(&x, h, h, c, r, &mut padded);
        let mut out = vec![0.0; h * h * n];
        for _ in 0..reps {
            conv_same_padded(&padded, h, h, c, ks, &kernel, n, &mut out);
        }
        let flops = 2.0 * (h * h * ks * ks * c * n) as f64 * f64::from(reps);
        (flops, out.iter().sum())
    };
    match name {
        "conv1" => Ok(conv(28, 1, 8)),
        "conv2" => Ok(conv(14, 8, 16)),
        "dense" => {
            let (m, n, k) = (20, 10, 256);
            let (a, b) = (values(m * k), values(k * n));
            let mut c = vec![0.0; m * n];
            for _ in 0..reps {
                gemm_nn(m, n, k, &a, &b, &mut c);
            }
            Ok((2.0 * (m * n * k) as f64 * f64::from(reps), c.iter().sum()))
        }
        _ => Err(ConfigError::new(
            "kernel",
            format!("must be one of {KERNELS:?}, got {name:?}"),
        )),
    }
}

/// The arithmetic peak of this build for the kernels' operation mix: `iters` rounds of
/// `CHAINS` independent `acc = acc · m + a` chains over [`F32x4`] (wasm `f32x4.mul` +
/// `f32x4.add` in the simd128 build, four scalar lanes elsewhere), no loads or stores.
/// Returns `(flops, checksum)`.
pub fn peak(iters: u32) -> (f64, f32) {
    let m = F32x4::splat(0.999_999);
    let a = F32x4::splat(1e-6);
    let mut acc: [F32x4; CHAINS] = std::array::from_fn(|i| F32x4::splat(i as f32));
    for _ in 0..iters {
        for s in &mut acc {
            *s = *s * m + a;
        }
    }
    let sum = acc.iter().fold(F32x4::splat(0.0), |t, &s| t + s).to_array();
    let flops = 2.0 * 4.0 * CHAINS as f64 * f64::from(iters);
    (flops, sum.iter().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_count_their_flops_and_reject_unknown_names() {
        let (flops, sum) = run("conv2", 2).unwrap();
        assert_eq!(flops, 2.0 * 2.0 * (14 * 14 * 25 * 8 * 16) as f64);
        assert!(sum.is_finite() && sum != 0.0);
        assert_eq!(run("dense", 1).unwrap().0, 2.0 * (20 * 10 * 256) as f64);
        assert!(run("conv3", 1).unwrap_err().to_string().contains("conv3"));
        let (flops, sum) = peak(10);
        assert_eq!(flops, 2.0 * 4.0 * 12.0 * 10.0);
        assert!(sum.is_finite());
    }
}
