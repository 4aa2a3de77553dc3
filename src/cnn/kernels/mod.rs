//! The hot loops of the CNN as plain functions over contiguous `f32` slices.
//!
//! The four multiply-accumulate kernels — [`gemm_nn`] and [`gemm_tn`] (Dense forward, input
//! and weight gradients), [`conv_same_padded`] (convolution forward and, with
//! [`flip_kernel`], its input gradient) and [`conv_same_kernel_grad`] — exist twice with the
//! same signatures: [`scalar`] (plain `f32`) and [`simd`] (written over
//! [`crate::simd::F32x4`], i.e. wasm `v128` `f32x4.mul`/`f32x4.add` in the simd128
//! build). Only their register tiles differ: the row, pixel and tap walks around the tiles are
//! written once, in `drive`, generic over the tiles. The names re-exported here are the ones
//! the network runs: [`simd`] in the wasm `simd128` build, [`scalar`] in every other build.
//! Both modules are compiled in every build, so the tests compare them everywhere.
//!
//! The element-wise steps of a training step have twins too: [`relu_inplace`],
//! [`relu_backward_inplace`], [`add_column_sums`] (bias gradients) and [`normalise`] (batch
//! assembly, bytes to `x / 255`). Their SIMD twins do four values per instruction with the
//! same per-value operations, and leave the last `len % 4` to the scalar twin.
//!
//! # Exactness
//!
//! Both twins sum every output value in the same order (accumulator from 0, products in
//! ascending reduction index, then one add into the output) with separate IEEE-754 binary32
//! multiplies and adds (no FMA, no relaxed-simd), so their results are **bit-identical**; the
//! SIMD twin only computes 4 output channels per instruction. Hence the network's weights for a
//! given seed are the same in the scalar and the simd128 build.
//!
//! All image data is NHWC (channels innermost), one image at a time; see [`crate::cnn`] for
//! why. None of these functions allocate.

/// Rows of `C` computed together by the GEMM micro-kernels: 4 rows × [`NR`] columns of
/// accumulators (8 vector registers on 128-bit SIMD) stay in registers over the whole `k` loop.
const MR: usize = 4;
/// Columns of `C` per micro-kernel tile: two 128-bit vectors.
const NR: usize = 8;

#[macro_use]
mod drive;
pub mod scalar;
pub mod simd;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use scalar::{
    add_column_sums, conv_same_kernel_grad, conv_same_padded, gemm_nn, gemm_tn, normalise,
    relu_backward_inplace, relu_inplace,
};
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::{
    add_column_sums, conv_same_kernel_grad, conv_same_padded, gemm_nn, gemm_tn, normalise,
    relu_backward_inplace, relu_inplace,
};

/// Copies one `h × w × c` NHWC image into the middle of a `(h+2r) × (w+2r) × c` buffer with a
/// zero border of `r`, so the convolution loops below need no edge cases: "same" padding
/// becomes plain reads.
///
/// # Panics
/// If a slice is shorter than its shape.
pub fn pad_image(input: &[f32], h: usize, w: usize, c: usize, r: usize, padded: &mut [f32]) {
    let row = (w + 2 * r) * c;
    let padded = &mut padded[..(h + 2 * r) * row];
    padded.fill(0.0);
    for (src, dst) in input[..h * w * c]
        .chunks_exact(w * c)
        .zip(padded[r * row..].chunks_exact_mut(row))
    {
        dst[r * c..r * c + w * c].copy_from_slice(src);
    }
}

/// Rearranges a `(ks, ks, c_in, c_out)` kernel into the `(ks, ks, c_out, c_in)` kernel of the
/// input-gradient convolution: spatially flipped, channels swapped. The input gradient of a
/// stride-1 "same" convolution is then the "same" convolution of the padded output gradient
/// with it, so [`conv_same_padded`] serves both passes.
pub fn flip_kernel(kernel: &[f32], ks: usize, c_in: usize, c_out: usize, flipped: &mut [f32]) {
    let taps = ks * ks;
    let flipped = &mut flipped[..taps * c_in * c_out];
    for (tap, block) in kernel[..taps * c_in * c_out]
        .chunks_exact(c_in * c_out)
        .enumerate()
    {
        let dst = &mut flipped[(taps - 1 - tap) * c_in * c_out..][..c_in * c_out];
        transpose(block, c_in, c_out, dst);
    }
}

/// Writes `bias` into every `bias.len()`-wide row of `out`, the starting value that the
/// accumulating GEMMs then add onto.
pub fn fill_rows(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        row.copy_from_slice(bias);
    }
}

/// Max pooling of one NHWC image with pool size and stride `p` and Keras "valid" padding:
/// the output is `(h/p) × (w/p) × c` (floor division; trailing rows/columns are never read).
///
/// `argmax` receives, per output value, the index into this image's input that won (the first
/// maximum in window scan order on ties), which is all the backward pass needs.
///
/// # Panics
/// If a slice is shorter than its shape.
#[allow(clippy::too_many_arguments)]
pub fn maxpool_forward(
    input: &[f32],
    h: usize,
    w: usize,
    c: usize,
    p: usize,
    output: &mut [f32],
    argmax: &mut [u32],
) {
    let (oh, ow) = (h / p, w / p);
    let input = &input[..h * w * c];
    let mut outs = output[..oh * ow * c].chunks_exact_mut(c);
    let mut args = argmax[..oh * ow * c].chunks_exact_mut(c);
    let full = c / 4 * 4;
    for oy in 0..oh {
        for ox in 0..ow {
            let out = outs.next().expect("one output pixel");
            let arg = args.next().expect("one argmax pixel");
            let first = ((oy * p) * w + ox * p) * c;
            for ch in (0..full).step_by(4) {
                pool_window::<4>(
                    input,
                    first + ch,
                    w * c,
                    c,
                    p,
                    &mut out[ch..],
                    &mut arg[ch..],
                );
            }
            for ch in full..c {
                pool_window::<1>(
                    input,
                    first + ch,
                    w * c,
                    c,
                    p,
                    &mut out[ch..],
                    &mut arg[ch..],
                );
            }
        }
    }
}

/// Max and first arg-max of `W` adjacent channels over one `p × p` window whose top-left value
/// is `input[first]` (`row` and `c` are the input's row and pixel strides). The running
/// maxima stay in registers and are written once; the selects are branch-free so they
/// vectorise.
#[inline(always)]
fn pool_window<const W: usize>(
    input: &[f32],
    first: usize,
    row: usize,
    c: usize,
    p: usize,
    out: &mut [f32],
    arg: &mut [u32],
) {
    let mut best: [f32; W] = input[first..first + W].try_into().expect("W channels");
    let mut at = [first as u32; W];
    for dy in 0..p {
        for dx in 0..p {
            let start = first + dy * row + dx * c;
            let v: &[f32; W] = input[start..start + W].try_into().expect("W channels");
            for j in 0..W {
                let better = v[j] > best[j];
                best[j] = if better { v[j] } else { best[j] };
                at[j] = if better { start as u32 } else { at[j] };
            }
        }
    }
    out[..W].copy_from_slice(&best);
    for (j, (a, &s)) in arg[..W].iter_mut().zip(&at).enumerate() {
        *a = s + j as u32;
    }
}

/// Max pooling backward for one image: `d_input` is overwritten with zeros and each output
/// gradient is routed to the input position recorded in `argmax`.
pub fn maxpool_backward(d_output: &[f32], argmax: &[u32], d_input: &mut [f32]) {
    d_input.fill(0.0);
    for (&g, &i) in d_output.iter().zip(argmax) {
        d_input[i as usize] += g;
    }
}

/// Stable softmax of one row of logits into `probs` (shifted by the row maximum so `exp`
/// cannot overflow). Returns `(logsumexp(logits), argmax)`; the cross-entropy of class `y` is
/// then `logsumexp - logits[y]`, which never takes the log of a rounded-to-zero probability.
/// The sum is accumulated in `f64`.
pub fn softmax_row(logits: &[f32], probs: &mut [f32]) -> (f64, usize) {
    let mut best = 0;
    for (i, &z) in logits.iter().enumerate() {
        if z > logits[best] {
            best = i;
        }
    }
    let max = logits[best];
    let mut sum = 0.0f64;
    for (p, &z) in probs.iter_mut().zip(logits) {
        // The core's glibc-exact expf, not `f32::exp`: that is glibc natively and Rust's
        // bundled libm in wasm, which differ by an ulp on some inputs, and then so would the
        // trained weights.
        let e = crate::libm::expf(z - max);
        *p = e;
        sum += f64::from(e);
    }
    let inv = (1.0 / sum) as f32;
    for p in probs.iter_mut() {
        *p *= inv;
    }
    (f64::from(max) + sum.ln(), best)
}

/// Writes the transpose of the row-major `rows × cols` matrix `a` into `out` (`cols × rows`),
/// so that products with `Wᵀ` can reuse [`gemm_nn`]'s contiguous inner loop.
pub fn transpose(a: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    let out = &mut out[..rows * cols];
    for (r, row) in a[..rows * cols].chunks_exact(cols).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            out[c * rows + r] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cnn::rng::SplitMix64;

    fn random(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
        (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
    }

    fn naive_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32]) -> Vec<f64> {
        let mut c = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for l in 0..k {
                    c[i * n + j] += f64::from(a[i * k + l]) * f64::from(b[l * n + j]);
                }
            }
        }
        c
    }

    #[test]
    fn gemm_nn_matches_naive_on_ragged_shapes() {
        let mut rng = SplitMix64::new(3);
        for &(m, n, k) in &[
            (1, 1, 1),
            (5, 3, 7),
            (4, 8, 16),
            (9, 17, 5),
            (13, 10, 33),
            (2, 25, 1),
        ] {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let start = random(m * n, &mut rng);
            let mut c = start.clone();
            gemm_nn(m, n, k, &a, &b, &mut c);
            let want = naive_nn(m, n, k, &a, &b);
            for i in 0..m * n {
                let expected = want[i] + f64::from(start[i]);
                assert!(
                    (f64::from(c[i]) - expected).abs() < 1e-5,
                    "({m},{n},{k}) at {i}"
                );
            }
        }
    }

    #[test]
    fn gemm_tn_matches_naive_on_ragged_shapes() {
        let mut rng = SplitMix64::new(4);
        for &(m, n, p) in &[
            (1, 1, 1),
            (5, 3, 7),
            (4, 8, 16),
            (9, 17, 5),
            (13, 10, 33),
            (7, 2, 1),
        ] {
            let a = random(p * m, &mut rng);
            let b = random(p * n, &mut rng);
            let mut at = vec![0.0; m * p];
            for r in 0..p {
                for i in 0..m {
                    at[i * p + r] = a[r * m + i];
                }
            }
            let mut c = vec![0.5; m * n];
            gemm_tn(m, n, p, &a, &b, &mut c);
            let want = naive_nn(m, n, p, &at, &b);
            for i in 0..m * n {
                assert!(
                    (f64::from(c[i]) - (want[i] + 0.5)).abs() < 1e-5,
                    "({m},{n},{p}) at {i}"
                );
            }
        }
    }

    #[test]
    fn maxpool_uses_floor_division_and_records_winners() {
        // 7×5 single-channel image, pool 3 → 2×1; rows 6 and columns 3..5 are never read.
        let (h, w, p) = (7, 5, 3);
        let mut input: Vec<f32> = (0..h * w).map(|i| -(i as f32)).collect();
        input[6 * w] = 1000.0; // row 6: dropped by "valid" padding
        input[w + 2] = 50.0; // inside the first window
        let mut out = vec![0.0; 2];
        let mut arg = vec![0u32; 2];
        maxpool_forward(&input, h, w, 1, p, &mut out, &mut arg);
        assert_eq!(out, vec![50.0, -15.0]);
        assert_eq!(arg, vec![(w + 2) as u32, 15]);
        let mut d_in = vec![9.0; h * w];
        maxpool_backward(&[1.5, -2.0], &arg, &mut d_in);
        assert_eq!(d_in.iter().filter(|&&g| g != 0.0).count(), 2);
        assert_eq!((d_in[w + 2], d_in[15]), (1.5, -2.0));
    }

    #[test]
    fn softmax_is_stable_for_huge_logits() {
        let mut probs = [0.0; 3];
        let (lse, best) = softmax_row(&[1000.0, 0.0, -1000.0], &mut probs);
        assert_eq!(best, 0);
        // Cross-entropy of class 1 is logsumexp - z[1] = 1000, not inf.
        assert!((lse - 1000.0).abs() < 1e-9, "{lse}");
        assert_eq!(probs, [1.0, 0.0, 0.0]);
        let (lse, _) = softmax_row(&[0.0, 0.0], &mut probs[..2]);
        assert!((lse - std::f64::consts::LN_2).abs() < 1e-7);
        assert_eq!(&probs[..2], &[0.5, 0.5]);
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut t = [0.0; 6];
        transpose(&a, 2, 3, &mut t);
        assert_eq!(t, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
