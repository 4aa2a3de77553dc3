//! Throughput of the default CNN on one core: `cargo run --release --example bench_cnn`.
//!
//! Trains on synthetic 28×28 images (batch 32) and times training steps and inference,
//! printing examples/s, FLOPs per example and the achieved GFLOP/s. The optimizer is the
//! crate's legacy Keras `Adam(learning_rate=0.001)`, the one the page runs.
//!
//! Rates are given per wall-clock second and, on Linux, per second actually spent on a CPU
//! (from `/proc/thread-self/schedstat`), which stays meaningful on a machine shared with
//! other jobs.

use optimizer_playground::cnn::rng::SplitMix64;
use optimizer_playground::cnn::{Network, NetworkConfig, IMAGE_PIXELS};
use optimizer_playground::optim::Optimizer;
use optimizer_playground::OptimizerConfig;
use std::time::{Duration, Instant};

/// Wall-clock and on-CPU time, so a busy machine does not distort the figures.
#[derive(Clone, Copy)]
struct Clock {
    wall: Instant,
    cpu_ns: Option<u64>,
}

impl Clock {
    fn now() -> Self {
        // First field: nanoseconds this thread has spent running.
        let cpu_ns = std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok());
        Self {
            wall: Instant::now(),
            cpu_ns,
        }
    }

    /// Seconds since `self`: (wall, on-CPU if known).
    fn since(self) -> (f64, Option<f64>) {
        let now = Self::now();
        let cpu = match (self.cpu_ns, now.cpu_ns) {
            (Some(a), Some(b)) => Some((b - a) as f64 / 1e9),
            _ => None,
        };
        (self.wall.elapsed().as_secs_f64(), cpu)
    }
}

fn report(what: &str, examples: usize, (wall, cpu): (f64, Option<f64>), flops: u64) {
    let line = |clock: &str, secs: f64| {
        let rate = examples as f64 / secs;
        println!(
            "{what:<10} {rate:8.0} examples/s  {:6.2} GFLOP/s  ({clock})",
            rate * flops as f64 / 1e9
        );
    };
    line("wall clock", wall);
    if let Some(cpu) = cpu {
        line("on-CPU time", cpu);
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
    let mut adam = OptimizerConfig::from_json(r#"{"name": "adam", "learning_rate": 0.001}"#)
        .and_then(|config| config.build(net.parameter_count()))
        .expect("a valid Adam config");
    let train_epoch = |net: &mut Network, adam: &mut dyn Optimizer| {
        for (imgs, ys) in images
            .chunks(BATCH * IMAGE_PIXELS)
            .zip(labels.chunks(BATCH))
        {
            net.train_batch(imgs, ys, adam).expect("finite training");
        }
    };
    train_epoch(&mut net, adam.as_mut()); // warm-up: sizes the buffers, faults in the pages
    let mut epochs = 0;
    let start = Clock::now();
    while start.wall.elapsed() < Duration::from_secs(3) {
        train_epoch(&mut net, adam.as_mut());
        epochs += 1;
    }
    let train_time = start.since();

    let mut passes = 0;
    let start = Clock::now();
    while start.wall.elapsed() < Duration::from_secs(2) {
        for imgs in images.chunks(BATCH * IMAGE_PIXELS) {
            std::hint::black_box(net.predict(imgs).expect("valid images"));
        }
        passes += 1;
    }
    let infer_time = start.since();

    let flops = net.flops_per_example();
    println!("default network (conv 8×5×5 → pool 2 → conv 16×5×5 → pool 3 → dense 10), batch {BATCH}, one thread");
    println!("parameters: {}", net.parameter_count());
    println!("workspace:  {:.2} MB", net.workspace_bytes() as f64 / 1e6);
    println!(
        "FLOPs/example: training {:.2} M, inference {:.2} M",
        flops.training as f64 / 1e6,
        flops.inference as f64 / 1e6
    );
    report("training", epochs * examples, train_time, flops.training);
    report("inference", passes * examples, infer_time, flops.inference);
}
