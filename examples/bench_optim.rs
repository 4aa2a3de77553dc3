//! Native throughput of the optimizer core on a 2-parameter problem:
//! `cargo run --release --example bench_optim`.
//!
//! The playground recomputes 4 optimizers × 2000 steps inside one 16 ms frame (wasm), i.e. it
//! needs ≥ 0.5 M steps/s for the optimizers alone; the budget target is ≥ 20 M steps/s so the
//! rest of the frame stays free. Each step here is a full `apply_gradients` through
//! `Box<dyn Optimizer>` (one dynamic call per step, none per element) plus an inline
//! Rosenbrock gradient.

use std::hint::black_box;
use std::time::Instant;

use optimizer_playground::optim::Optimizer;
use optimizer_playground::OptimizerConfig;

fn rosenbrock_grad(p: &[f32; 2]) -> [f32; 2] {
    let (x, y) = (p[0], p[1]);
    [
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x),
    ]
}

/// Recomputes a `steps`-long trajectory from scratch `runs` times (as the playground does every
/// frame, optimizer construction included); best of `repeats`.
fn bench(label: &str, json: &str, steps: u64, runs: u32, repeats: u32) {
    let config = OptimizerConfig::from_json(json).expect("valid config");
    let mut best = f64::INFINITY;
    let mut checksum = 0.0f32;
    for _ in 0..repeats {
        let start = Instant::now();
        for _ in 0..runs {
            let mut opt: Box<dyn Optimizer> = config.build(2).expect("builds");
            let mut p = [-1.2f32, 1.0];
            for _ in 0..steps {
                let g = rosenbrock_grad(&p);
                black_box(opt.apply_gradients(&mut p, &g));
            }
            checksum += p[0] + p[1];
        }
        best = best.min(start.elapsed().as_secs_f64() / runs as f64);
    }
    let rate = steps as f64 / best;
    println!(
        "{label:<34} {:>8.1} M steps/s  ({:.1} ns/step, 4x2000 steps = {:.3} ms)  [checksum {checksum}]",
        rate / 1e6,
        best / steps as f64 * 1e9,
        8000.0 / rate * 1e3
    );
}

const RUNS: u32 = 20;
const REPEATS: u32 = 40;

fn main() {
    let steps = 2000;
    println!("native: trajectories of {steps} steps recomputed from scratch, best of {REPEATS} x {RUNS} runs (wall clock; the machine may be shared)");
    bench(
        "legacy Adam(0.003, decay=0.0002)",
        r#"{"name":"adam","learning_rate":0.003,"decay":0.0002}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "legacy Adam amsgrad",
        r#"{"name":"adam","learning_rate":0.003,"amsgrad":true}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "keras3 Adam InverseTimeDecay",
        r#"{"name":"adam","learning_rate":{"schedule":"inverse_time_decay","initial_learning_rate":0.003,"decay_steps":1,"decay_rate":0.0002}}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "keras3 AdamW",
        r#"{"name":"adamw","learning_rate":0.003}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "legacy SGD momentum",
        r#"{"name":"sgd","learning_rate":0.0005,"momentum":0.9}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "legacy RMSprop",
        r#"{"name":"rmsprop","learning_rate":0.003}"#,
        steps,
        RUNS,
        REPEATS,
    );
    bench(
        "legacy Nadam",
        r#"{"name":"nadam","learning_rate":0.003}"#,
        steps,
        RUNS,
        REPEATS,
    );
}
