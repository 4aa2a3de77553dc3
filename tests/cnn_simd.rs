//! The CNN's convolution kernels against the f64 reference convolution, and property tests of
//! the SIMD kernels (`cnn::kernels::simd`) against their scalar twins
//! (`cnn::kernels::scalar`), run natively (`cargo test`) and in wasm for the scalar and the
//! simd128 build (`wasm-pack test --node`, with and without `+simd128`). In the simd128 build
//! the SIMD twins run on wasm `v128` (`f32x4.mul`/`f32x4.add`); elsewhere on the `[f32; 4]`
//! twin of `F32x4`, whose column tiling (8, 4, then a scalar tail) still differs from the
//! scalar kernels' (8, then 1..=7).
//!
//! Tolerance: none. Both twins sum each output in the same order with separately rounded f32
//! multiplies and adds, so every output must agree **bit for bit**. Each result is also checked
//! against an f64 reference (within `1e-4 · (1 + Σ|a·b|)`), so a kernel that skipped or
//! doubled a term in both twins alike would still fail.
//!
//! Shapes are drawn at random from channels {1, 3, 5, 8, 10, 17}, images {5×7, 14×14, 28×28},
//! kernel sizes {1, 3, 5} and batches 1–5, so channel counts that are not multiples of 4
//! (scalar tails), single leftover pixels and leftover taps are all exercised.

mod common;

use common::reference_conv;
use optimizer_playground::cnn::kernels::{
    conv_same_kernel_grad, conv_same_padded, flip_kernel, pad_image, scalar, simd,
};
use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::simd::F32x4;

const CHANNELS: [usize; 6] = [1, 3, 5, 8, 10, 17];
const IMAGES: [(usize, usize); 3] = [(5, 7), (14, 14), (28, 28)];
const KERNELS: [usize; 3] = [1, 3, 5];

fn random(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
    // A quarter exact zeros, like post-ReLU activations.
    (0..n)
        .map(|_| {
            if rng.below(4) == 0 {
                0.0
            } else {
                rng.uniform(-1.0, 1.0)
            }
        })
        .collect()
}

fn pick<T: Copy>(items: &[T], rng: &mut SplitMix64) -> T {
    items[rng.below(items.len())]
}

/// Asserts bit-identical outputs, and both within tolerance of the f64 reference `want`
/// (with `scale[i] = Σ|a·b|` of output `i`).
fn assert_same(what: &str, got_simd: &[f32], got_scalar: &[f32], want: &[f64], scale: &[f64]) {
    assert_eq!(got_simd.len(), got_scalar.len(), "{what}: lengths");
    for (i, (&s, &r)) in got_simd.iter().zip(got_scalar).enumerate() {
        assert_eq!(
            s.to_bits(),
            r.to_bits(),
            "{what}: output {i} differs: simd {s} vs scalar {r}"
        );
        let err = (f64::from(s) - want[i]).abs();
        assert!(
            err <= 1e-4 * (1.0 + scale[i]),
            "{what}: output {i} = {s}, f64 reference {}",
            want[i]
        );
    }
}

/// Draws a convolution case whose direct f64 reference stays cheap in a debug wasm build.
fn conv_case(rng: &mut SplitMix64) -> (usize, usize, usize, usize, usize, usize) {
    loop {
        let (h, w) = pick(&IMAGES, rng);
        let (c, n, ks) = (
            pick(&CHANNELS, rng),
            pick(&CHANNELS, rng),
            pick(&KERNELS, rng),
        );
        let batch = 1 + rng.below(5);
        if batch * h * w * c * n * ks * ks <= 400_000 {
            return (h, w, c, n, ks, batch);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn conv_forward_and_input_gradient_simd_equal_scalar() {
    let mut rng = SplitMix64::new(0x51D);
    for case in 0..24 {
        let (h, w, c, n, ks, batch) = conv_case(&mut rng);
        let what = format!("case {case}: {batch}×{h}×{w}×{c} → {n}, k{ks}");
        let r = ks / 2;
        let kernel = random(ks * ks * c * n, &mut rng);
        let mut padded = vec![f32::NAN; (h + 2 * r) * (w + 2 * r) * c];
        for _ in 0..batch {
            let x = random(h * w * c, &mut rng);
            pad_image(&x, h, w, c, r, &mut padded);
            let start = random(h * w * n, &mut rng);
            let (mut a, mut b) = (start.clone(), start.clone());
            simd::conv_same_padded(&padded, h, w, c, ks, &kernel, n, &mut a);
            scalar::conv_same_padded(&padded, h, w, c, ks, &kernel, n, &mut b);
            let (want, scale) = reference_conv(&x, h, w, c, ks, &kernel, n, &start);
            assert_same(&format!("forward {what}"), &a, &b, &want, &scale);

            // Input gradient: the same kernel on the padded output gradient and flipped weights.
            let dy = random(h * w * n, &mut rng);
            let mut flipped = vec![0.0; kernel.len()];
            flip_kernel(&kernel, ks, c, n, &mut flipped);
            let mut padded_dy = vec![f32::NAN; (h + 2 * r) * (w + 2 * r) * n];
            pad_image(&dy, h, w, n, r, &mut padded_dy);
            let zero = vec![0.0; h * w * c];
            let (mut a, mut b) = (zero.clone(), zero.clone());
            simd::conv_same_padded(&padded_dy, h, w, n, ks, &flipped, c, &mut a);
            scalar::conv_same_padded(&padded_dy, h, w, n, ks, &flipped, c, &mut b);
            let (want, scale) = reference_conv(&dy, h, w, n, ks, &flipped, c, &zero);
            assert_same(&format!("input grad {what}"), &a, &b, &want, &scale);
        }
    }
}

/// One input channel (the first layer): images whose rows are whole tiles (`w % 4 == 0`)
/// take their own walk and tile (a sliding window of broadcasts), the others the general one.
/// Every kernel size and output counts with and without 8- and 4-channel panels and scalar
/// tails, bit for bit against the scalar twin and within tolerance of the f64 reference.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn one_channel_convolution_simd_equals_scalar_for_every_panel_and_tail() {
    let mut rng = SplitMix64::new(0xC1);
    let mut cases = 0;
    for (h, w) in [(1, 4), (3, 8), (5, 7), (6, 12), (2, 6), (28, 28)] {
        for ks in [1, 3, 5, 7] {
            for n in [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16] {
                if h * w * n * ks * ks > 400_000 {
                    continue;
                }
                cases += 1;
                let what = format!("{h}×{w}×1 → {n}, k{ks}");
                let r = ks / 2;
                let kernel = random(ks * ks * n, &mut rng);
                let x = random(h * w, &mut rng);
                // Exactly the padded size: a read past the last patch would leave the slice.
                let mut padded = vec![f32::NAN; (h + 2 * r) * (w + 2 * r)];
                pad_image(&x, h, w, 1, r, &mut padded);
                let start = random(h * w * n, &mut rng);
                let (mut a, mut b) = (start.clone(), start.clone());
                simd::conv_same_padded(&padded, h, w, 1, ks, &kernel, n, &mut a);
                scalar::conv_same_padded(&padded, h, w, 1, ks, &kernel, n, &mut b);
                let (want, scale) = reference_conv(&x, h, w, 1, ks, &kernel, n, &start);
                assert_same(&what, &a, &b, &want, &scale);
            }
        }
    }
    assert!(cases > 200, "{cases} cases");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn conv_kernel_gradient_simd_equals_scalar_over_a_batch() {
    let mut rng = SplitMix64::new(0xD0C);
    for case in 0..24 {
        let (h, w, c, n, ks, batch) = conv_case(&mut rng);
        let what = format!("case {case}: {batch}×{h}×{w}×{c} → {n}, k{ks}");
        let r = ks / 2;
        let start = random(ks * ks * c * n, &mut rng);
        let (mut a, mut b) = (start.clone(), start.clone());
        let mut want: Vec<f64> = start.iter().map(|&v| f64::from(v)).collect();
        let mut scale: Vec<f64> = start.iter().map(|&v| f64::from(v).abs()).collect();
        let mut padded = vec![f32::NAN; (h + 2 * r) * (w + 2 * r) * c];
        // Accumulated image by image, as the layer's backward pass does.
        for _ in 0..batch {
            let x = random(h * w * c, &mut rng);
            let dy = random(h * w * n, &mut rng);
            pad_image(&x, h, w, c, r, &mut padded);
            simd::conv_same_kernel_grad(&padded, h, w, c, ks, &dy, n, &mut a);
            scalar::conv_same_kernel_grad(&padded, h, w, c, ks, &dy, n, &mut b);
            let pw = w + 2 * r;
            for y in 0..h {
                for xx in 0..w {
                    for ky in 0..ks {
                        for t in 0..ks * c {
                            let v = f64::from(padded[((y + ky) * pw + xx) * c + t]);
                            for o in 0..n {
                                let p = v * f64::from(dy[(y * w + xx) * n + o]);
                                want[(ky * ks * c + t) * n + o] += p;
                                scale[(ky * ks * c + t) * n + o] += p.abs();
                            }
                        }
                    }
                }
            }
        }
        assert_same(&format!("kernel grad {what}"), &a, &b, &want, &scale);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn dense_gemms_simd_equal_scalar() {
    let mut rng = SplitMix64::new(0x6E44);
    // Dense shapes: batch 1–5 (and 20, the default batch) × features drawn from the channel
    // counts and flattened image sizes.
    let dims: Vec<usize> = CHANNELS.iter().copied().chain([35, 144, 256]).collect();
    for case in 0..40 {
        let m = if case % 8 == 7 { 20 } else { 1 + rng.below(5) };
        let (n, k) = (pick(&dims, &mut rng), pick(&dims, &mut rng));
        let what = format!("case {case}: m {m}, n {n}, k {k}");

        // gemm_nn: C[m×n] += A[m×k]·B[k×n] (forward X·W and input gradient dY·Wᵀ).
        let (a, b, start) = (
            random(m * k, &mut rng),
            random(k * n, &mut rng),
            random(m * n, &mut rng),
        );
        let (mut c1, mut c2) = (start.clone(), start.clone());
        simd::gemm_nn(m, n, k, &a, &b, &mut c1);
        scalar::gemm_nn(m, n, k, &a, &b, &mut c2);
        let (mut want, mut scale) = (vec![0.0f64; m * n], vec![0.0f64; m * n]);
        for i in 0..m {
            for j in 0..n {
                want[i * n + j] = f64::from(start[i * n + j]);
                scale[i * n + j] = want[i * n + j].abs();
                for t in 0..k {
                    let p = f64::from(a[i * k + t]) * f64::from(b[t * n + j]);
                    want[i * n + j] += p;
                    scale[i * n + j] += p.abs();
                }
            }
        }
        assert_same(&format!("gemm_nn {what}"), &c1, &c2, &want, &scale);

        // gemm_tn: C[k×n] += Aᵀ·B with A [m×k], B [m×n] (weight gradient Xᵀ·dY; m = batch).
        let b = random(m * n, &mut rng);
        let start = random(k * n, &mut rng);
        let (mut c1, mut c2) = (start.clone(), start.clone());
        simd::gemm_tn(k, n, m, &a, &b, &mut c1);
        scalar::gemm_tn(k, n, m, &a, &b, &mut c2);
        let (mut want, mut scale) = (vec![0.0f64; k * n], vec![0.0f64; k * n]);
        for i in 0..k {
            for j in 0..n {
                want[i * n + j] = f64::from(start[i * n + j]);
                scale[i * n + j] = want[i * n + j].abs();
                for p in 0..m {
                    let v = f64::from(a[p * k + i]) * f64::from(b[p * n + j]);
                    want[i * n + j] += v;
                    scale[i * n + j] += v.abs();
                }
            }
        }
        assert_same(&format!("gemm_tn {what}"), &c1, &c2, &want, &scale);
    }
}

/// (h, w, c_in, c_out, kernel size): odd and even sides, channel counts off multiples of 4.
const CONV_SHAPES: [(usize, usize, usize, usize, usize); 5] = [
    (5, 3, 2, 3, 3),
    (7, 9, 1, 8, 5),
    (4, 6, 3, 11, 1),
    (6, 5, 5, 17, 7),
    (14, 14, 8, 16, 5),
];

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn conv_same_padded_matches_direct_convolution() {
    let mut rng = SplitMix64::new(6);
    for &(h, w, c, n, ks) in &CONV_SHAPES {
        let x = random(h * w * c, &mut rng);
        let k = random(ks * ks * c * n, &mut rng);
        let r = ks / 2;
        let mut padded = vec![f32::NAN; (h + 2 * r) * (w + 2 * r) * c];
        pad_image(&x, h, w, c, r, &mut padded);
        let mut out = vec![0.25; h * w * n];
        conv_same_padded(&padded, h, w, c, ks, &k, n, &mut out);
        let (want, _) = reference_conv(&x, h, w, c, ks, &k, n, &vec![0.0; h * w * n]);
        for (i, (&got, &want)) in out.iter().zip(&want).enumerate() {
            assert!(
                (f64::from(got) - 0.25 - want).abs() < 1e-4,
                "{h}x{w}x{c}->{n} k{ks} at {i}"
            );
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn kernel_grad_and_flipped_kernel_are_the_adjoints_of_the_convolution() {
    // For out = conv(x, k): <out, g> = <k, kernel_grad(x, g)> = <x, conv(g, flip(k))>.
    let mut rng = SplitMix64::new(8);
    for &(h, w, c, n, ks) in &CONV_SHAPES {
        let r = ks / 2;
        let x = random(h * w * c, &mut rng);
        let k = random(ks * ks * c * n, &mut rng);
        let g = random(h * w * n, &mut rng);
        let (out, _) = reference_conv(&x, h, w, c, ks, &k, n, &vec![0.0; g.len()]);
        let out_dot_g: f64 = out.iter().zip(&g).map(|(&o, &g)| o * f64::from(g)).sum();

        let mut padded = vec![0.0; (h + 2 * r) * (w + 2 * r) * c];
        pad_image(&x, h, w, c, r, &mut padded);
        let mut dk = vec![0.0; k.len()];
        conv_same_kernel_grad(&padded, h, w, c, ks, &g, n, &mut dk);
        let k_dot: f64 = k
            .iter()
            .zip(&dk)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        assert!(
            (k_dot - out_dot_g).abs() < 1e-3,
            "kernel grad {h}x{w}x{c}->{n} k{ks}"
        );

        let mut flipped = vec![0.0; k.len()];
        flip_kernel(&k, ks, c, n, &mut flipped);
        let mut padded_g = vec![0.0; (h + 2 * r) * (w + 2 * r) * n];
        pad_image(&g, h, w, n, r, &mut padded_g);
        let mut dx = vec![0.0; x.len()];
        conv_same_padded(&padded_g, h, w, n, ks, &flipped, c, &mut dx);
        let x_dot: f64 = x
            .iter()
            .zip(&dx)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        assert!(
            (x_dot - out_dot_g).abs() < 1e-3,
            "input grad {h}x{w}x{c}->{n} k{ks}"
        );
    }
}

/// Values for the element-wise kernels: random, plus every special value (zeros of both signs,
/// infinities, NaN, subnormals, the largest finite values).
fn special_mix(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
    const SPECIAL: [f32; 10] = [
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        1e-40,
        -1e-40,
        f32::MAX,
        f32::MIN,
        f32::MIN_POSITIVE,
    ];
    (0..n)
        .map(|i| {
            if rng.below(3) == 0 {
                SPECIAL[i % SPECIAL.len()]
            } else {
                rng.uniform(-2.0, 2.0)
            }
        })
        .collect()
}

fn assert_bits(what: &str, a: &[f32], b: &[f32]) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert_eq!(
            x.to_bits(),
            y.to_bits(),
            "{what}: value {i}: simd {x} vs scalar {y}"
        );
    }
}

// Lengths 0..=13 cover empty slices, slices shorter than a vector and every scalar tail length
// (len % 4 = 1, 2, 3), also at offsets that are not 16-byte aligned.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn relu_and_its_backward_simd_equal_scalar_with_tails() {
    let mut rng = SplitMix64::new(0x4E1);
    for len in (0..=13).chain([784 * 8 + 3]) {
        for offset in 0..2 {
            let x = special_mix(len + offset, &mut rng);
            let (mut a, mut b) = (x.clone(), x.clone());
            simd::relu_inplace(&mut a[offset..]);
            scalar::relu_inplace(&mut b[offset..]);
            assert_bits(&format!("relu len {len}"), &a, &b);
            for (&v, &y) in x[offset..].iter().zip(&a[offset..]) {
                let want = if v > 0.0 { v } else { 0.0 };
                assert_eq!(y.to_bits(), want.to_bits(), "relu({v}) = {y}");
            }

            let d = special_mix(len + offset, &mut rng);
            let (mut da, mut db) = (d.clone(), d.clone());
            simd::relu_backward_inplace(&a[offset..], &mut da[offset..]);
            scalar::relu_backward_inplace(&a[offset..], &mut db[offset..]);
            assert_bits(&format!("relu backward len {len}"), &da, &db);
            for ((&g, &y), &out) in d[offset..].iter().zip(&a[offset..]).zip(&da[offset..]) {
                let want = if y > 0.0 { g } else { 0.0 };
                assert_eq!(out.to_bits(), want.to_bits(), "d at y = {y}");
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bias_gradient_column_sums_simd_equal_scalar_with_tails() {
    let mut rng = SplitMix64::new(0xB1A5);
    for width in (1..=11).chain([16, 17]) {
        for rows in [0, 1, 2, 5, 32] {
            let d_out = random(rows * width, &mut rng);
            let start = random(width, &mut rng);
            let (mut a, mut b) = (start.clone(), start.clone());
            simd::add_column_sums(&d_out, &mut a);
            scalar::add_column_sums(&d_out, &mut b);
            let mut want: Vec<f64> = start.iter().map(|&v| f64::from(v)).collect();
            let mut scale: Vec<f64> = start.iter().map(|&v| f64::from(v).abs()).collect();
            for row in d_out.chunks_exact(width) {
                for (j, &g) in row.iter().enumerate() {
                    want[j] += f64::from(g);
                    scale[j] += f64::from(g).abs();
                }
            }
            assert_same(
                &format!("column sums {rows}×{width}"),
                &a,
                &b,
                &want,
                &scale,
            );
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn normalise_simd_equals_scalar_for_every_byte_and_tail() {
    // Every byte value, at every position modulo 16 (one widening load covers 16 bytes).
    let bytes: Vec<u8> = (0..=255u8).chain(0..=255).chain(7..=20).collect();
    for len in (0..=19).chain([bytes.len()]) {
        for offset in [0, 1, 5] {
            let src = &bytes[offset..offset + len.min(bytes.len() - offset)];
            let (mut a, mut b) = (vec![f32::NAN; src.len()], vec![f32::NAN; src.len()]);
            simd::normalise(src, &mut a);
            scalar::normalise(src, &mut b);
            assert_bits(&format!("normalise len {len} offset {offset}"), &a, &b);
            for (&p, &v) in src.iter().zip(&b) {
                // The correctly rounded quotient, from the exact one in f64.
                let exact = f64::from(p) / 255.0;
                assert!((f64::from(v) - exact).abs() <= exact * f64::from(f32::EPSILON) / 2.0);
            }
        }
    }
    assert_eq!(
        F32x4::from_u8x16(&std::array::from_fn(|i| 250 + i as u8 % 6)).map(|v| v.to_array()),
        [
            [250.0, 251.0, 252.0, 253.0],
            [254.0, 255.0, 250.0, 251.0],
            [252.0, 253.0, 254.0, 255.0],
            [250.0, 251.0, 252.0, 253.0],
        ]
    );
}
