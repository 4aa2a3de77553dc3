//! Native throughput of the contour grid: `cargo run --release --example bench_grid`.
//!
//! Evaluates a 512×512 grid of each function over its display domain repeatedly and prints
//! grid cells per second (Rosenbrock first: the figure the playground's contour map needs).

use optimizer_playground::plane::functions::Function;
use optimizer_playground::plane::grid::evaluate_grid;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZE: usize = 512;

fn cells_per_second(f: &Function, out: &mut [f32]) -> f64 {
    let view = f.domain();
    // Warm up, then run for at least half a second.
    evaluate_grid(f, &view, SIZE, SIZE, out).expect("valid grid");
    let start = Instant::now();
    let mut grids = 0u64;
    while start.elapsed() < Duration::from_millis(500) {
        evaluate_grid(black_box(f), black_box(&view), SIZE, SIZE, out).expect("valid grid");
        black_box(&*out);
        grids += 1;
    }
    (grids * (SIZE * SIZE) as u64) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let mut out = vec![0.0f32; SIZE * SIZE];
    println!("{SIZE}x{SIZE} grid, native {}:", std::env::consts::ARCH);
    for f in Function::all() {
        let rate = cells_per_second(&f, &mut out);
        println!(
            "  {:<28} {:>8.1} Mcells/s  ({:.2} ms/grid)",
            f.id(),
            rate / 1e6,
            (SIZE * SIZE) as f64 / rate * 1e3
        );
    }
}
