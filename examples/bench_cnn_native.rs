//! The native build of the CNN core on the same workload as `bench/run-all.mjs` runs in wasm:
//! `cargo run --release --example bench_cnn_native -- [batches]`.
//!
//! Trains the default network (Conv 8×5×5 same, ReLU, MaxPool 2, Conv 16×5×5 same, ReLU,
//! MaxPool 3, Dense 10) with the crate's own Keras `Adam(learning_rate=0.001)`, batch 20, seed 1,
//! on the committed `www/data/mnist-10k.bin` for `batches` batches (default 200; one warm-up
//! batch first), then times inference on the 2,000 test digits, and the kernel microbenchmarks
//! of `cnn::bench` (GFLOP/s, best of five 100 ms windows). Prints one JSON object on stdout.

use optimizer_playground::cnn::mnist::Dataset;
use optimizer_playground::cnn::session::{RunConfig, Session};
use optimizer_playground::cnn::{bench, NetworkConfig};
use optimizer_playground::OptimizerConfig;
use std::time::Instant;

/// GFLOP/s of `f` (which returns the flops it did): the best of five 100 ms windows, the one
/// least disturbed by other processes.
fn gflops(mut f: impl FnMut() -> f64) -> f64 {
    (0..5)
        .map(|_| {
            let (start, mut flops) = (Instant::now(), 0.0);
            while start.elapsed().as_secs_f64() < 0.1 {
                flops += f();
            }
            flops / start.elapsed().as_secs_f64() / 1e9
        })
        .fold(0.0, f64::max)
}

fn main() {
    let batches: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("batches: a whole number"))
        .unwrap_or(200);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/mnist-10k.bin");
    let bytes = std::fs::read(path).expect("the committed MNIST asset");
    let data = Dataset::parse(&bytes).expect("a valid asset");
    let optimizer: OptimizerConfig =
        serde_json::from_str(r#"{"name": "adam", "learning_rate": 0.001}"#).expect("Adam");
    let run = RunConfig {
        batch_size: 20,
        seed: 1,
        train_subset: None,
    };
    let mut session =
        Session::new(data, NetworkConfig::default(), optimizer, run).expect("valid session");
    session.train_batches(1).expect("warm-up batch");
    let (start, mut examples, mut done) = (Instant::now(), 0, 0);
    while done < batches {
        // Chunks stop at an epoch's end, so count what was actually trained.
        let chunk = session
            .train_batches(batches - done)
            .expect("finite training");
        done += chunk.batches;
        examples += chunk.examples;
    }
    let train_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let eval = session.evaluate_test(usize::MAX).expect("evaluation");
    let infer_s = start.elapsed().as_secs_f64();
    let infer_examples = eval.confusion.total();

    let kernels: Vec<String> = bench::KERNELS
        .iter()
        .map(|&name| {
            let g = gflops(|| std::hint::black_box(bench::run(name, 50).expect("known kernel")).0);
            format!("\"{name}\": {g:.3}")
        })
        .collect();
    println!(
        "{{\"train_examples\": {examples}, \"train_examples_per_s\": {:.1}, \
         \"infer_examples\": {infer_examples}, \"infer_examples_per_s\": {:.1}, \
         \"test_accuracy\": {:.4}, \"kernel_gflops\": {{{}}}}}",
        examples as f64 / train_s,
        f64::from(infer_examples) / infer_s,
        eval.accuracy,
        kernels.join(", ")
    );
}
