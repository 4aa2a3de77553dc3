//! Native cost of `optimizer_playground::libm` next to the C library's functions it
//! reproduces (glibc on Linux, FMA build): `cargo run --release --example bench_libm`.
//!
//! Built without `-C target-feature=+fma` (the default), the crate uses its exact FMA
//! emulation, the code path wasm runs; with it, the `vfmadd` instruction. Each line is the
//! best of several rounds over the same inputs, ns per call, both sides in one run.

use std::hint::black_box;
use std::time::Instant;

use optimizer_playground::libm;

fn time(f: impl Fn(f32) -> f32, xs: &[f32]) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let start = Instant::now();
        let mut acc = 0.0f32;
        for &x in xs {
            acc += f(black_box(x));
        }
        black_box(acc);
        best = best.min(start.elapsed().as_secs_f64() / xs.len() as f64);
    }
    best * 1e9
}

fn line(name: &str, ours: f64, c: f64) {
    println!(
        "{name:<34} ours {ours:6.2} ns   C library {c:6.2} ns   ratio {:.2}",
        ours / c
    );
}

fn main() {
    let n = 1 << 20;
    let spread = |lo: f32, hi: f32| -> Vec<f32> {
        (0..n)
            .map(|i| lo + (hi - lo) * (i as f32 / n as f32))
            .collect()
    };
    let ts: Vec<f32> = (1..=n).map(|t| t as f32).collect();
    println!(
        "fma: {}",
        if cfg!(target_feature = "fma") {
            "instruction"
        } else {
            "emulated (the wasm path)"
        }
    );
    line(
        "powf(0.999, t), t = 1..2^20",
        time(|t| libm::powf(0.999, t), &ts),
        time(|t| 0.999f32.powf(t), &ts),
    );
    let ps = spread(0.0, 50.0);
    line(
        "powf(0.96, p), p in [0, 50)",
        time(|p| libm::powf(0.96, p), &ps),
        time(|p| 0.96f32.powf(p), &ps),
    );
    let xs = spread(-30.0, 30.0);
    line(
        "expf(x), x in [-30, 30)",
        time(libm::expf, &xs),
        time(f32::exp, &xs),
    );
    let ls = spread(1e-3, 10.0);
    line(
        "logf(x), x in [1e-3, 10)",
        time(libm::logf, &ls),
        time(f32::ln, &ls),
    );
    let rs = spread(-32.0, 32.0);
    line(
        "sinf(x), x in [-32, 32)",
        time(libm::sinf, &rs),
        time(f32::sin, &rs),
    );
    line(
        "cosf(x), x in [-32, 32)",
        time(libm::cosf, &rs),
        time(f32::cos, &rs),
    );
}
