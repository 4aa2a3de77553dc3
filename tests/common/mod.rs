//! Shared test support: TEST-ONLY optimizers and synthetic data.
//!
//! The optimizers here exist only to drive the CNN in tests; the crate's Keras-faithful
//! optimizers live in `optimizer_playground::optim` and are tested there.
#![allow(dead_code)] // each test binary uses a different subset

use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::cnn::IMAGE_PIXELS;
use optimizer_playground::optim::{Optimizer, StepInfo};

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

/// TEST-ONLY textbook Adam (no decay, no schedule, epsilon outside the square root).
pub struct TestAdam {
    pub lr: f32,
    m: Vec<f32>,
    v: Vec<f32>,
    t: u64,
}

impl TestAdam {
    pub fn new(lr: f32, n: usize) -> Self {
        Self {
            lr,
            m: vec![0.0; n],
            v: vec![0.0; n],
            t: 0,
        }
    }
}

impl Optimizer for TestAdam {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-7f32);
        let t = (self.t + 1) as i32;
        let step = self.lr * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= step * *m / (v.sqrt() + eps);
        }
        self.t += 1;
        StepInfo {
            iteration: self.t - 1,
            effective_lr: self.lr,
            reported_lr: self.lr,
            step_size: Some(step),
        }
    }

    fn iterations(&self) -> u64 {
        self.t
    }
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
