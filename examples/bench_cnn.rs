//! Throughput of the default CNN on one core: `cargo run --release --example bench_cnn`.
//!
//! Trains on synthetic 28×28 images (batch 32) and times training steps and inference,
//! printing examples/s, FLOPs per example and the achieved GFLOP/s. The optimizer is a plain
//! Adam written below for the benchmark only; the crate's Keras-faithful optimizers replace it.

use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::cnn::{Network, NetworkConfig, IMAGE_PIXELS};
use optimizer_playground::optim::{Optimizer, StepInfo};
use std::time::{Duration, Instant};

/// BENCHMARK-ONLY Adam (Kingma & Ba, epsilon outside the square root), no decay or schedule.
struct BenchAdam {
    lr: f32,
    m: Vec<f32>,
    v: Vec<f32>,
    t: u64,
}

impl Optimizer for BenchAdam {
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
        let info = StepInfo {
            iteration: self.t,
            effective_lr: self.lr,
            reported_lr: self.lr,
            step_size: Some(step),
        };
        self.t += 1;
        info
    }

    fn iterations(&self) -> u64 {
        self.t
    }
}

const BATCH: usize = 32;
const BATCHES: usize = 64;

fn main() {
    let mut net = Network::new(NetworkConfig::default()).expect("default config is valid");
    let mut rng = SplitMix64::new(2024);
    // Random strokes rather than uniform noise, so the ReLUs and pools see MNIST-like sparsity.
    let examples = BATCH * BATCHES;
    let mut images = vec![0u8; examples * IMAGE_PIXELS];
    let mut labels = vec![0u8; examples];
    for (img, label) in images.chunks_exact_mut(IMAGE_PIXELS).zip(&mut labels) {
        *label = rng.below(10) as u8;
        for _ in 0..120 {
            img[rng.below(IMAGE_PIXELS)] = 128 + rng.below(128) as u8;
        }
    }
    let mut adam = BenchAdam {
        lr: 1e-3,
        m: vec![0.0; net.parameter_count()],
        v: vec![0.0; net.parameter_count()],
        t: 0,
    };
    let train_epoch = |net: &mut Network, adam: &mut BenchAdam| {
        for (imgs, ys) in images
            .chunks(BATCH * IMAGE_PIXELS)
            .zip(labels.chunks(BATCH))
        {
            net.train_batch(imgs, ys, adam).expect("finite training");
        }
    };
    train_epoch(&mut net, &mut adam); // warm-up: sizes the buffers, faults in the pages
    let mut epochs = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        train_epoch(&mut net, &mut adam);
        epochs += 1;
    }
    let train_rate = (epochs * examples) as f64 / start.elapsed().as_secs_f64();

    let mut passes = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        for imgs in images.chunks(BATCH * IMAGE_PIXELS) {
            std::hint::black_box(net.predict(imgs).expect("valid images"));
        }
        passes += 1;
    }
    let infer_rate = (passes * examples) as f64 / start.elapsed().as_secs_f64();

    let flops = net.flops_per_example();
    println!(
        "default network (conv 8×5×5 → pool 2 → conv 16×5×5 → pool 3 → dense 10), batch {BATCH}"
    );
    println!("parameters: {}", net.parameter_count());
    println!("workspace:  {:.2} MB", net.workspace_bytes() as f64 / 1e6);
    println!(
        "training:   {train_rate:8.0} examples/s  {:.2} MFLOP/example  {:.2} GFLOP/s",
        flops.training as f64 / 1e6,
        train_rate * flops.training as f64 / 1e9
    );
    println!(
        "inference:  {infer_rate:8.0} examples/s  {:.2} MFLOP/example  {:.2} GFLOP/s",
        flops.inference as f64 / 1e6,
        infer_rate * flops.inference as f64 / 1e9
    );
}
