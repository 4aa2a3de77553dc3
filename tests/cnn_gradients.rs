//! Gradient checks of every CNN layer and of the whole network against central finite
//! differences.
//!
//! Each layer is checked through the scalar `f(x) = Σ out·r` for a fixed random `r` (so the
//! analytic gradient is `backward(d_out = r)`), evaluated with the layer's own `f32` forward
//! pass and summed in `f64`. The step is `h = 1e-2` for the piecewise-linear layers (exact up
//! to rounding) and `1e-3` for softmax-CE and the whole network; the denominator uses the
//! actually representable `f32` step. Inputs to ReLU and max-pooling are kept at least `10·h`
//! away from kinks and ties, so the finite difference never straddles one.
//!
//! Tolerance per layer: `|analytic − numeric| ≤ 1e-4·max|numeric| + 1e-3·|numeric|` per
//! element, i.e. 0.1% relative with an absolute floor at 0.01% of the largest gradient for the
//! tiny ones; observed errors stay below a tenth of it. The whole-network check allows
//! `2e-3·max|analytic| + 1e-2·|numeric|` (its `f32` loss is a long chain; observed errors
//! reach about half of it). A wrong index or a missing term is far above either.

mod common;

use optimizer_playground::cnn::layers::{Conv2d, Dense, MaxPool2d, Relu, SoftmaxCrossEntropy};
use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::cnn::{Network, NetworkConfig};

fn random(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
    (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum()
}

/// Central differences of `f` with respect to every element of `x`.
fn numeric_gradient(x: &mut [f32], h: f32, mut f: impl FnMut(&[f32]) -> f64) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let orig = x[i];
            x[i] = orig + h;
            let plus_at = x[i];
            let plus = f(x);
            x[i] = orig - h;
            let minus_at = x[i];
            let minus = f(x);
            x[i] = orig;
            (plus - minus) / (f64::from(plus_at) - f64::from(minus_at))
        })
        .collect()
}

fn assert_close(what: &str, analytic: &[f32], numeric: &[f64]) {
    assert_eq!(analytic.len(), numeric.len(), "{what}: lengths");
    let scale = numeric.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(scale > 0.0, "{what}: all-zero gradient checks nothing");
    for (i, (&a, &n)) in analytic.iter().zip(numeric).enumerate() {
        let err = (f64::from(a) - n).abs();
        let tol = 1e-4 * scale + 1e-3 * n.abs();
        assert!(
            err <= tol,
            "{what}[{i}]: analytic {a} vs numeric {n} (tolerance {tol:e})"
        );
    }
}

fn check_conv(conv: Conv2d, batch: usize, seed: u64) {
    let mut rng = SplitMix64::new(seed);
    let mut params = random(conv.param_len(), &mut rng);
    let mut input = random(batch * conv.input_len(), &mut rng);
    let r = random(batch * conv.output_len(), &mut rng);
    let mut out = vec![0.0; r.len()];
    let mut scratch = vec![0.0; conv.scratch_len()];
    let mut d_params = vec![f32::NAN; params.len()];
    let mut d_input = vec![f32::NAN; input.len()];
    conv.backward(
        &params,
        &input,
        &r,
        &mut d_params,
        Some(&mut d_input),
        &mut scratch,
    );

    let inp = input.clone();
    let num_params = numeric_gradient(&mut params, 1e-2, |p| {
        conv.forward(p, &inp, &mut out, &mut scratch);
        dot(&out, &r)
    });
    let (dk, db) = d_params.split_at(conv.kernel_len());
    let (nk, nb) = num_params.split_at(conv.kernel_len());
    assert_close(&format!("{conv:?} kernel"), dk, nk);
    assert_close(&format!("{conv:?} bias"), db, nb);

    let par = params.clone();
    let num_input = numeric_gradient(&mut input, 1e-2, |x| {
        conv.forward(&par, x, &mut out, &mut scratch);
        dot(&out, &r)
    });
    assert_close(&format!("{conv:?} input"), &d_input, &num_input);

    // The first layer skips the input gradient; the parameter gradient must not change.
    let mut d_params_only = vec![f32::NAN; params.len()];
    conv.backward(&params, &input, &r, &mut d_params_only, None, &mut scratch);
    assert_eq!(d_params_only, d_params);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn conv2d_gradients_match_finite_differences() {
    // Non-square images, channel counts that are not multiples of 4 (nor of the 8-wide tiles).
    let shapes = [
        (5, 3, 3, 5, 3, 2),
        (4, 6, 2, 3, 5, 2),
        (7, 5, 1, 9, 3, 1),
        (3, 4, 6, 2, 1, 3),
        (6, 5, 3, 10, 7, 1),
    ];
    for (i, &(height, width, in_channels, out_channels, kernel_size, batch)) in
        shapes.iter().enumerate()
    {
        let conv = Conv2d {
            height,
            width,
            in_channels,
            out_channels,
            kernel_size,
        };
        check_conv(conv, batch, 100 + i as u64);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn relu_gradient_matches_finite_differences() {
    let mut rng = SplitMix64::new(7);
    // Keep every input at least 0.1 (10 steps) from the kink at 0.
    let mut x: Vec<f32> = (0..60)
        .map(|_| {
            let v = rng.uniform(0.1, 1.0);
            if rng.below(2) == 0 {
                v
            } else {
                -v
            }
        })
        .collect();
    let r = random(x.len(), &mut rng);
    let mut y = x.clone();
    Relu.forward_inplace(&mut y);
    let mut d = r.clone();
    Relu.backward_inplace(&y, &mut d);
    let numeric = numeric_gradient(&mut x, 1e-2, |x| {
        let mut y = x.to_vec();
        Relu.forward_inplace(&mut y);
        dot(&y, &r)
    });
    assert_close("relu", &d, &numeric);
    assert!(d.contains(&0.0) && d.iter().any(|&g| g != 0.0));
}

/// Distinct values 0.1 apart in random order, so no window has a near-tie.
fn tie_free(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
    let mut v: Vec<f32> = (0..n).map(|i| i as f32 * 0.1 - n as f32 * 0.05).collect();
    for i in (1..n).rev() {
        v.swap(i, rng.below(i + 1));
    }
    v
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn maxpool_gradient_matches_finite_differences() {
    // 7×5 with pool 2 and 14×11 with pool 3: both drop trailing rows/columns ("valid").
    for (seed, pool) in [
        (
            1u64,
            MaxPool2d {
                height: 7,
                width: 5,
                channels: 3,
                pool: 2,
            },
        ),
        (
            2,
            MaxPool2d {
                height: 14,
                width: 11,
                channels: 5,
                pool: 3,
            },
        ),
    ] {
        let mut rng = SplitMix64::new(seed);
        let batch = 2;
        let mut x = tie_free(batch * pool.input_len(), &mut rng);
        let r = random(batch * pool.output_len(), &mut rng);
        let mut out = vec![0.0; r.len()];
        let mut arg = vec![0u32; r.len()];
        pool.forward(&x, &mut out, &mut arg);
        let mut d_in = vec![f32::NAN; x.len()];
        pool.backward(&arg, &r, &mut d_in);
        let numeric = numeric_gradient(&mut x, 1e-2, |x| {
            pool.forward(x, &mut out, &mut arg);
            dot(&out, &r)
        });
        assert_close(&format!("{pool:?}"), &d_in, &numeric);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn dense_gradients_match_finite_differences() {
    let mut rng = SplitMix64::new(11);
    let dense = Dense {
        inputs: 7,
        outputs: 5,
    };
    let batch = 3;
    let mut params = random(dense.param_len(), &mut rng);
    let mut x = random(batch * dense.inputs, &mut rng);
    let r = random(batch * dense.outputs, &mut rng);
    let mut out = vec![0.0; r.len()];
    let mut scratch = vec![0.0; dense.scratch_len()];
    let mut d_params = vec![f32::NAN; params.len()];
    let mut d_x = vec![f32::NAN; x.len()];
    dense.backward(&params, &x, &r, &mut d_params, Some(&mut d_x), &mut scratch);
    let x0 = x.clone();
    let num_params = numeric_gradient(&mut params, 1e-2, |p| {
        dense.forward(p, &x0, &mut out);
        dot(&out, &r)
    });
    let (dk, db) = d_params.split_at(dense.kernel_len());
    let (nk, nb) = num_params.split_at(dense.kernel_len());
    assert_close("dense kernel", dk, nk);
    assert_close("dense bias", db, nb);
    let p0 = params.clone();
    let num_x = numeric_gradient(&mut x, 1e-2, |x| {
        dense.forward(&p0, x, &mut out);
        dot(&out, &r)
    });
    assert_close("dense input", &d_x, &num_x);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn softmax_cross_entropy_gradient_matches_finite_differences() {
    let mut rng = SplitMix64::new(13);
    let ce = SoftmaxCrossEntropy { classes: 7 };
    let labels = [3u8, 0, 6, 3];
    let mut logits: Vec<f32> = (0..labels.len() * 7)
        .map(|_| rng.uniform(-3.0, 3.0))
        .collect();
    let mut grad = vec![0.0; logits.len()];
    let sum = ce.forward(&logits, &labels, &mut grad);
    ce.backward_inplace(&labels, &mut grad);
    // Mean over the batch, as Keras's SparseCategoricalCrossentropy.
    let mut probs = vec![0.0; logits.len()];
    let numeric = numeric_gradient(&mut logits, 1e-3, |z| {
        ce.forward(z, &labels, &mut probs).total / labels.len() as f64
    });
    assert_close("softmax-ce logits", &grad, &numeric);
    assert!(sum.total > 0.0);
}

/// Whole network: every parameter. Here a step can move a pooling winner or a ReLU past its
/// kink somewhere downstream (the inputs are not under the test's control), which spoils that
/// one difference quotient; so an element that misses the tolerance at `h = 1e-3` is retried at
/// `3e-4` and `1e-4`, where a kink is ever less likely to lie within the step. A real error
/// (wrong index, missing term) misses at every step size, and retries must stay rare.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn whole_network_gradient_matches_finite_differences() {
    let config = NetworkConfig {
        conv1_filters: 2,
        conv2_filters: 3,
        kernel_size: 3,
        seed: 17,
    };
    let mut net = Network::new(config).unwrap();
    // Random biases too, so that every parameter's gradient is exercised off its initial zero.
    let mut rng = SplitMix64::new(19);
    for t in net.layout() {
        if t.name.ends_with("bias") {
            for p in &mut net.parameters_mut()[t.range] {
                *p = rng.uniform(-0.1, 0.1);
            }
        }
    }
    let images = common::random_images(2, 23);
    let labels = [4u8, 9];
    net.compute_gradients(&images, &labels).unwrap();
    let analytic = net.gradients().to_vec();
    let params = net.parameters().to_vec();
    let scale = analytic.iter().fold(0.0f32, |m, g| m.max(g.abs()));
    let mut retried = 0;
    for t in net.layout() {
        for i in t.range.clone() {
            let ok = [1e-3f32, 3e-4, 1e-4]
                .iter()
                .enumerate()
                .any(|(attempt, &h)| {
                    let mut p = params.clone();
                    let numeric = numeric_gradient(&mut p[i..=i], h, |v| {
                        net.parameters_mut()[i] = v[0];
                        net.loss(&images, &labels).unwrap()
                    })[0];
                    net.parameters_mut()[i] = params[i];
                    retried += usize::from(attempt > 0);
                    (f64::from(analytic[i]) - numeric).abs()
                        <= 2e-3 * f64::from(scale) + 1e-2 * numeric.abs()
                });
            assert!(
                ok,
                "{}[{}]: analytic {} disagrees at every step size",
                t.name,
                i - t.range.start,
                analytic[i]
            );
        }
    }
    assert!(
        retried * 20 < params.len(),
        "{retried} of {} elements needed a smaller step",
        params.len()
    );
}
