//! Property tests of the four-lane kernels against the scalar code they replace, compiled and
//! run natively (`cargo test`), and in wasm for the scalar and the simd128 build
//! (`wasm-pack test --node`, with and without `+simd128`). In the simd128 build [`F32x4`] is
//! the `v128` twin, so these compare SIMD against scalar.
//!
//! Tolerance: none. Every kernel does the scalar code's IEEE-754 f32 operations in the same
//! order, so values must agree bit for bit (NaN agrees with any NaN: payloads may differ).

use optimizer_playground::optim::adam::{Adam, OneMinus};
use optimizer_playground::optim::lr::LrPolicy;
use optimizer_playground::optim::sgd::Sgd;
use optimizer_playground::optim::Optimizer;
use optimizer_playground::plane::functions::{Function, View};
use optimizer_playground::plane::grid::fill_row;
use optimizer_playground::plane::lanes::{run4, Adam4, Lanes4, Sgd4};
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};
use optimizer_playground::simd::ftz;
use optimizer_playground::simd::{F32x4, SIMD128};

/// xorshift64*, no external crates.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + self.unit() * (hi - lo)
    }
    fn log_range(&mut self, lo: f64, hi: f64) -> f64 {
        10f64.powf(self.range(lo.log10(), hi.log10()))
    }
}

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn all_functions() -> Vec<Function> {
    let mut v = Function::all().to_vec();
    v.push(Function::IllConditionedQuadratic {
        condition_number: 1e4,
    });
    v
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_build_uses_the_expected_twin() {
    assert_eq!(SIMD128, option_env!("EXPECT_SIMD128") == Some("1"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lane_ftz_and_finiteness_match_the_scalar_helpers_on_random_bits() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let specials = [
        0.0,
        -0.0,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x8000_0001),
        f32::from_bits(0x007F_FFFF),
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MAX,
        1.0,
    ];
    for round in 0..4000 {
        let lanes: [f32; 4] = std::array::from_fn(|k| {
            if round < 3 {
                specials[(round * 4 + k) % specials.len()]
            } else if rng.next_u64() % 4 == 0 {
                // Subnormals and small normals, both signs.
                f32::from_bits((rng.next_u64() as u32) & 0x80FF_FFFF)
            } else {
                f32::from_bits(rng.next_u64() as u32)
            }
        });
        let v = F32x4::from_array(lanes);
        let flushed = v.ftz().to_array();
        let mut bits = 0u8;
        for k in 0..4 {
            assert!(same(flushed[k], ftz(lanes[k])), "ftz({:e})", lanes[k]);
            bits |= u8::from(!lanes[k].is_finite()) << k;
        }
        assert_eq!(v.non_finite_bits(), bits, "{lanes:?}");
        let mut out = [0.0; 4];
        F32x4::load(&lanes).store(&mut out);
        assert!((0..4).all(|k| same(out[k], lanes[k])));
        let sel = F32x4::select_positive(v, F32x4::splat(1.0), F32x4::splat(2.0)).to_array();
        for k in 0..4 {
            assert_eq!(sel[k], if lanes[k] > 0.0 { 1.0 } else { 2.0 });
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn grid_rows_equal_scalar_values_for_every_function_and_length() {
    let mut rng = Rng(7);
    for f in all_functions() {
        let d = f.domain();
        // Every length 0..=13 (tails of 0 to 3 cells), then random longer rows.
        let lengths: Vec<usize> = (0..=13)
            .chain((0..6).map(|_| 14 + (rng.next_u64() % 300) as usize))
            .collect();
        for len in lengths {
            // Random rows over (and beyond) the domain, so some values overflow.
            let x0 = rng.range(f64::from(d.x_min) * 3.0, f64::from(d.x_max)) as f32;
            let dx = rng.log_range(1e-4, 2.0) as f32;
            let y = rng.range(f64::from(d.y_min) * 2.0, f64::from(d.y_max) * 2.0) as f32;
            let mut row = vec![f32::NAN; len];
            fill_row(&f, x0, dx, y, &mut row);
            for (i, &v) in row.iter().enumerate() {
                let want = f.value(x0 + (i as f32 + 0.5) * dx, y);
                assert!(
                    same(v, want),
                    "{} len {len} cell {i}: {v} vs {want}",
                    f.id()
                );
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn evaluate_grid_uses_the_kernel_and_matches_value_at_every_centre() {
    let f = Function::GoldsteinPrice;
    let v = View {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -2.0,
        y_max: 2.0,
    };
    let (w, h) = (37, 5);
    let mut out = vec![0.0; w * h];
    optimizer_playground::plane::grid::evaluate_grid(&f, &v, w, h, &mut out).unwrap();
    let (dx, dy) = (4.0 / w as f32, 4.0 / h as f32);
    for j in 0..h {
        for i in 0..w {
            let want = f.value(-2.0 + (i as f32 + 0.5) * dx, 2.0 - (j as f32 + 0.5) * dy);
            assert!(same(out[j * w + i], want));
        }
    }
}

/// Steps a lane optimizer and four scalar optimizers side by side on random gradients (with
/// subnormal, huge and zero entries), comparing every parameter after every step.
fn assert_lanes_track_scalars(
    lanes: &mut dyn Lanes4,
    scalars: &mut [Box<dyn Optimizer>],
    rng: &mut Rng,
    steps: usize,
) {
    let mut p4 = [F32x4::splat(0.0); 2];
    let mut p: Vec<[f32; 2]> = (0..4)
        .map(|_| [rng.range(-3.0, 3.0) as f32, rng.range(-3.0, 3.0) as f32])
        .collect();
    p4[0] = F32x4::from_array(std::array::from_fn(|k| p[k][0]));
    p4[1] = F32x4::from_array(std::array::from_fn(|k| p[k][1]));
    for step in 0..steps {
        let g: Vec<[f32; 2]> = (0..4)
            .map(|_| {
                std::array::from_fn(|_| match rng.next_u64() % 10 {
                    0 => 0.0,
                    1 => f32::from_bits((rng.next_u64() as u32) & 0x807F_FFFF),
                    2 => rng.range(-1e30, 1e30) as f32,
                    _ => rng.range(-50.0, 50.0) as f32,
                })
            })
            .collect();
        let g4 = [
            F32x4::from_array(std::array::from_fn(|k| g[k][0])),
            F32x4::from_array(std::array::from_fn(|k| g[k][1])),
        ];
        lanes.step(&mut p4, g4);
        let (x4, y4) = (p4[0].to_array(), p4[1].to_array());
        for k in 0..4 {
            scalars[k].apply_gradients(&mut p[k], &g[k]);
            assert!(
                same(x4[k], p[k][0]) && same(y4[k], p[k][1]),
                "step {step} lane {k}: ({}, {}) vs {:?}",
                x4[k],
                y4[k],
                p[k]
            );
        }
    }
    assert_eq!(lanes.iterations(), steps as u64);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn adam4_lanes_equal_scalar_adam_step_by_step() {
    let mut rng = Rng(42);
    for case in 0..24 {
        let lr: [f64; 4] = std::array::from_fn(|_| rng.log_range(1e-5, 2.0));
        // Some lanes without decay (the policy's `decay > 0` branch), some with.
        let decay: [f64; 4] = std::array::from_fn(|k| {
            if (case + k) % 3 == 0 {
                0.0
            } else {
                rng.log_range(1e-7, 1.0)
            }
        });
        let (b1, b2) = if case % 2 == 0 {
            (0.9, 0.999)
        } else {
            (rng.range(0.0, 0.99), rng.range(0.5, 0.9999))
        };
        let eps = if case % 4 == 1 { 1e-3 } else { 1e-7 };
        let how = if case % 3 == 2 {
            OneMinus::Float64
        } else {
            OneMinus::Float32
        };
        let mut lanes = Adam4::new(lr, decay, b1, b2, eps, how);
        let mut scalars: Vec<Box<dyn Optimizer>> = (0..4)
            .map(|k| {
                Box::new(Adam::new(
                    2,
                    LrPolicy::constant(lr[k], decay[k]),
                    b1,
                    b2,
                    eps,
                    false,
                    None,
                    how,
                )) as Box<dyn Optimizer>
            })
            .collect();
        assert_lanes_track_scalars(&mut lanes, &mut scalars, &mut rng, 150);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sgd4_lanes_equal_scalar_sgd_step_by_step() {
    let mut rng = Rng(43);
    for case in 0..18 {
        let lr: [f64; 4] = std::array::from_fn(|_| rng.log_range(1e-5, 1.0));
        let decay: [f64; 4] = std::array::from_fn(|k| {
            if (case + k) % 2 == 0 {
                0.0
            } else {
                rng.log_range(1e-7, 1.0)
            }
        });
        let momentum = [0.0, 0.9, rng.range(0.0, 1.0)][case % 3];
        let nesterov = case % 2 == 1;
        let mut lanes = Sgd4::new(lr, decay, momentum, nesterov);
        let mut scalars: Vec<Box<dyn Optimizer>> = (0..4)
            .map(|k| {
                Box::new(Sgd::new(
                    2,
                    LrPolicy::constant(lr[k], decay[k]),
                    momentum,
                    nesterov,
                    None,
                )) as Box<dyn Optimizer>
            })
            .collect();
        assert_lanes_track_scalars(&mut lanes, &mut scalars, &mut rng, 150);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn run4_ends_where_run_trajectory_ends_on_every_function() {
    let mut rng = Rng(44);
    for f in all_functions() {
        let d = f.domain();
        let lr: [f64; 4] = std::array::from_fn(|_| rng.log_range(1e-4, 3.0));
        let decay: [f64; 4] = std::array::from_fn(|_| rng.log_range(1e-6, 0.1));
        let x: [f32; 4] = std::array::from_fn(|_| rng.range(d.x_min.into(), d.x_max.into()) as f32);
        let y: [f32; 4] = std::array::from_fn(|_| rng.range(d.y_min.into(), d.y_max.into()) as f32);
        let steps = 400;
        for sgd in [false, true] {
            let r = if sgd {
                run4(f, &mut Sgd4::new(lr, decay, 0.9, false), x, y, steps)
            } else {
                run4(
                    f,
                    &mut Adam4::new(lr, decay, 0.9, 0.999, 1e-7, OneMinus::Float32),
                    x,
                    y,
                    steps,
                )
            };
            for k in 0..4 {
                let optimizer = if sgd {
                    format!(
                        r#"{{"name": "sgd", "momentum": 0.9, "learning_rate": {}, "decay": {}}}"#,
                        lr[k], decay[k]
                    )
                } else {
                    format!(
                        r#"{{"name": "adam", "learning_rate": {}, "decay": {}}}"#,
                        lr[k], decay[k]
                    )
                };
                let t = run_trajectory(&TrajectoryConfig {
                    function: f.id().into(),
                    condition_number: f.condition_number(),
                    start: [x[k], y[k]],
                    optimizer: optimizer_playground::OptimizerConfig::from_json(&optimizer)
                        .unwrap(),
                    steps,
                })
                .unwrap();
                assert_eq!(
                    r.diverged_at[k],
                    t.diverged_at,
                    "{} sgd={sgd} lane {k}",
                    f.id()
                );
                if t.diverged_at.is_none() {
                    let n = t.x.len() - 1;
                    assert!(
                        same(r.x[k], t.x[n]) && same(r.y[k], t.y[n]) && same(r.loss[k], t.loss[n]),
                        "{} sgd={sgd} lane {k}",
                        f.id()
                    );
                }
            }
        }
    }
}

/// The CNN's Adam over its whole parameter vector: the four-lane slice update (what the
/// simd128 build runs) against the one-element loop, over several steps, with and without
/// amsgrad, for every tail length and the default network's 5,994 parameters.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn adam_slice_update_in_lanes_equals_the_scalar_loop() {
    use optimizer_playground::optim::adam::{adam_update_lanes, adam_update_scalar, Moments};
    let mut rng = Rng(0xADA5);
    for len in (0..=13).chain([5994]) {
        for amsgrad in [false, true] {
            let mut p: Vec<f32> = (0..len).map(|_| rng.range(-1.0, 1.0) as f32).collect();
            let mut state = [vec![0.0f32; len], vec![0.0; len], vec![0.0; len]];
            let (mut q, mut other) = (p.clone(), state.clone());
            for step in 0..4 {
                // Gradients with zeros, subnormals, and huge and tiny magnitudes.
                let g: Vec<f32> = (0..len)
                    .map(|i| match (i + step) % 7 {
                        0 => 0.0,
                        1 => 1e-39,
                        2 => -3e4,
                        _ => rng.range(-1.0, 1.0) as f32 * 10f32.powi(step as i32 - 2),
                    })
                    .collect();
                let hyper = [1e-3 * (step + 1) as f32, 0.100_000_024, 0.001, 1e-7];
                let [m, v, vh] = &mut state;
                let slots = Moments {
                    m,
                    v,
                    vhat: amsgrad.then_some(&mut vh[..]),
                };
                adam_update_lanes(&mut p, &g, slots, hyper);
                let [m, v, vh] = &mut other;
                let slots = Moments {
                    m,
                    v,
                    vhat: amsgrad.then_some(&mut vh[..]),
                };
                adam_update_scalar(&mut q, &g, slots, hyper);
                for (i, (a, b)) in p.iter().zip(&q).enumerate() {
                    assert!(
                        same(*a, *b),
                        "len {len} amsgrad {amsgrad} step {step} at {i}: {a} vs {b}"
                    );
                }
                for (s, (x, y)) in ["m", "v", "vhat"].iter().zip(state.iter().zip(&other)) {
                    assert!(x.iter().zip(y).all(|(a, b)| same(*a, *b)), "{s}, len {len}");
                }
            }
            // The update did something: every parameter with a nonzero gradient moved.
            assert!(len == 0 || state[0].iter().any(|&m| m != 0.0));
        }
    }
    // Mismatched lengths update the common prefix (7 here) and leave the rest, in both.
    let start: Vec<f32> = (0..10).map(|i| i as f32 - 4.5).collect();
    let g = vec![0.25f32; 7];
    let (mut p, mut q) = (start.clone(), start.clone());
    let (mut m1, mut v1, mut m2, mut v2) =
        (vec![0.0; 9], vec![0.0; 11], vec![0.0; 9], vec![0.0; 11]);
    let hyper = [1e-3, 0.1, 0.001, 1e-7];
    adam_update_lanes(
        &mut p,
        &g,
        Moments {
            m: &mut m1,
            v: &mut v1,
            vhat: None,
        },
        hyper,
    );
    adam_update_scalar(
        &mut q,
        &g,
        Moments {
            m: &mut m2,
            v: &mut v2,
            vhat: None,
        },
        hyper,
    );
    assert_eq!(p, q);
    assert_eq!((m1, v1), (m2, v2));
    assert!(p[..7].iter().zip(&start).all(|(a, b)| a != b));
    assert_eq!(p[7..], start[7..]);
}
