//! Shared test support: TEST-ONLY optimizers and synthetic data.
//!
//! The CNN tests train with the crate's own Adam ([`keras_adam`]); the two test optimizers here
//! do what no Keras optimizer accepts (an absurd learning rate without validation, NaN weights)
//! to drive the divergence guards.
#![allow(dead_code)] // each test binary uses a different subset

use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::cnn::IMAGE_PIXELS;
use optimizer_playground::optim::{Optimizer, OptimizerConfig, StepInfo};

/// TEST-ONLY plain SGD: `p -= lr · g`.
pub struct TestSgd {
    pub lr: f32,
    pub t: u64,
}

impl TestSgd {
    pub fn new(lr: f32) -> Self {
        Self { lr, t: 0 }
    }
}

impl Optimizer for TestSgd {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        assert_eq!(params.len(), grads.len());
        for (p, &g) in params.iter_mut().zip(grads) {
            *p -= self.lr * g;
        }
        self.t += 1;
        StepInfo {
            iteration: self.t - 1,
            effective_lr: self.lr,
            reported_lr: self.lr,
            step_size: None,
        }
    }

    fn iterations(&self) -> u64 {
        self.t
    }
}

/// The crate's own `keras.optimizers.Adam(learning_rate=lr)` for `n` parameters: the CNN tests
/// train with the optimizer the page uses, not a copy of it.
pub fn keras_adam(learning_rate: f64, n: usize) -> Box<dyn Optimizer> {
    OptimizerConfig::from_json(&format!(
        r#"{{"api": "keras3", "name": "adam", "learning_rate": {learning_rate}}}"#
    ))
    .and_then(|config| config.build(n))
    .expect("a valid Adam")
}

/// TEST-ONLY optimizer that writes NaN into the first weight, to exercise the divergence guard.
pub struct NanOptimizer {
    pub t: u64,
}

impl Optimizer for NanOptimizer {
    fn apply_gradients(&mut self, params: &mut [f32], _grads: &[f32]) -> StepInfo {
        params[0] = f32::NAN;
        self.t += 1;
        StepInfo {
            iteration: self.t - 1,
            effective_lr: 0.0,
            reported_lr: 0.0,
            step_size: None,
        }
    }

    fn iterations(&self) -> u64 {
        self.t
    }
}

/// `n` separable synthetic "digits": class `c` is a bright 6×4 bar at one of 10 fixed places
/// (two rows of five), jittered by a couple of pixels, on sparse background noise.
pub fn synthetic_digits(n: usize, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let mut rng = SplitMix64::new(seed);
    let mut images = vec![0u8; n * IMAGE_PIXELS];
    let mut labels = vec![0u8; n];
    for (img, label) in images.chunks_exact_mut(IMAGE_PIXELS).zip(&mut labels) {
        let c = rng.below(10);
        *label = c as u8;
        for _ in 0..30 {
            img[rng.below(IMAGE_PIXELS)] = rng.below(120) as u8;
        }
        let top = 4 + (c / 5) * 12 + rng.below(5) - 2;
        let left = 1 + (c % 5) * 5 + rng.below(3);
        for y in top..top + 6 {
            for x in left..left + 4 {
                img[y * 28 + x] = 200 + rng.below(56) as u8;
            }
        }
    }
    (images, labels)
}

/// `n` images of uniform random values in `[0, 1)`, already normalised.
pub fn random_images(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    (0..n * IMAGE_PIXELS).map(|_| rng.next_f32()).collect()
}

/// The f64 reference "same" convolution of an NHWC image `x` (`h × w × c`) with an HWIO kernel
/// `k` (`ks × ks × c × n`), plus `start`; also returns Σ|x·k| per output (the scale of its
/// rounding error).
#[allow(clippy::too_many_arguments)]
pub fn reference_conv(
    x: &[f32],
    h: usize,
    w: usize,
    c: usize,
    ks: usize,
    k: &[f32],
    n: usize,
    start: &[f32],
) -> (Vec<f64>, Vec<f64>) {
    let r = (ks / 2) as isize;
    let mut out: Vec<f64> = start.iter().map(|&v| f64::from(v)).collect();
    let mut scale: Vec<f64> = start.iter().map(|&v| f64::from(v).abs()).collect();
    for y in 0..h as isize {
        for xx in 0..w as isize {
            for ky in 0..ks as isize {
                for kx in 0..ks as isize {
                    let (iy, ix) = (y + ky - r, xx + kx - r);
                    if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                        continue;
                    }
                    for i in 0..c {
                        let v = f64::from(x[(iy as usize * w + ix as usize) * c + i]);
                        for o in 0..n {
                            let wt =
                                f64::from(k[((ky as usize * ks + kx as usize) * c + i) * n + o]);
                            let at = (y as usize * w + xx as usize) * n + o;
                            out[at] += v * wt;
                            scale[at] += (v * wt).abs();
                        }
                    }
                }
            }
        }
    }
    (out, scale)
}
