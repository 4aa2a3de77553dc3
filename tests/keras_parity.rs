//! Replays what real Keras did (tests/data/keras_*.json, written by scripts/keras_reference.py
//! with tensorflow/tf-keras/keras — versions are in the files) through the Rust optimizers.
//!
//! Every run feeds the gradients Keras's optimizer received, step by step, and compares the
//! parameters after each update and the effective / reported learning rate before it.
//!
//! # Tolerance: none, natively and in wasm
//! Every operation is IEEE float32 in Keras's order without FMA, and the only transcendental
//! calls (`tf.pow` for `beta^t`, Nadam's schedules, ExponentialDecay and PolynomialDecay,
//! `tf.cos` for the cosine schedules, `tf.math.log` for CosineDecayRestarts' restart index) go
//! to `optimizer_playground::libm`, which computes the bits of the C library functions
//! TensorFlow's CPU kernels call (glibc `powf`/`cosf`/`logf`) on every target. (With Rust's
//! bundled wasm libm instead, 33 of the then 145 runs left bit-exactness in wasm, all
//! Adam-family runs, first by 1 ulp in `beta_2^t`.) So parameters and learning rates are
//! compared bit for bit in both builds.

use optimizer_playground::optim::adam::adam_step_size;
use optimizer_playground::optim::{Api, LearningRate, Optimizer, OptimizerConfig, StepInfo};
use optimizer_playground::plane::functions::Function;
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const LEGACY_JSON: &str = include_str!("data/keras_legacy.json");
const KERAS3_JSON: &str = include_str!("data/keras_keras3.json");

/// (relative, absolute) tolerance on parameters: bit-exact.
const PARAM_TOL: (f32, f32) = (0.0, 0.0);
/// Relative tolerance on learning rates: bit-exact.
const LR_TOL: f32 = 0.0;

#[derive(Deserialize)]
struct DataFile {
    versions: serde_json::Value,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    case: String,
    function: String,
    config: serde_json::Value,
    keras_class: String,
    keras_config: serde_json::Value,
    warnings: Vec<String>,
    x0: String,
    steps: usize,
    grads: String,
    params: String,
    effective_lr: String,
    reported_lr: String,
    #[serde(default)]
    keras_decayed_lr: Option<String>,
    #[serde(default)]
    steps_per_epoch: Option<u64>,
}

fn hex_f32(s: &str) -> Vec<f32> {
    s.as_bytes()
        .chunks(8)
        .map(|c| f32::from_bits(u32::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap()))
        .collect()
}

struct Replay {
    x0: Vec<f32>,
    grads: Vec<f32>,
    params: Vec<f32>,
    effective_lr: Vec<f32>,
    reported_lr: Vec<f32>,
}

impl Run {
    fn name(&self) -> String {
        format!("{}/{}", self.case, self.function)
    }
    fn config(&self) -> OptimizerConfig {
        serde_json::from_value(self.config.clone()).unwrap()
    }
    fn replay_data(&self) -> Replay {
        let r = Replay {
            x0: hex_f32(&self.x0),
            grads: hex_f32(&self.grads),
            params: hex_f32(&self.params),
            effective_lr: hex_f32(&self.effective_lr),
            reported_lr: hex_f32(&self.reported_lr),
        };
        assert_eq!(r.grads.len(), 2 * self.steps, "{}", self.name());
        assert_eq!(r.params.len(), 2 * self.steps);
        assert_eq!(r.effective_lr.len(), self.steps);
        r
    }
}

fn load(json: &str) -> DataFile {
    serde_json::from_str(json).unwrap()
}

fn all_runs() -> Vec<Run> {
    let mut runs = load(LEGACY_JSON).runs;
    runs.extend(load(KERAS3_JSON).runs);
    runs
}

fn close(a: f32, b: f32, (rel, abs): (f32, f32)) -> bool {
    if a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) {
        return true;
    }
    (a - b).abs() <= rel * a.abs().max(b.abs()) + abs
}

/// The first step (and coordinate) where the optimizer's trajectory leaves Keras's, if any.
fn first_divergence(
    opt: &mut dyn Optimizer,
    data: &Replay,
    tol: (f32, f32),
) -> Option<(usize, f32, f32)> {
    let mut p = data.x0.clone();
    for (i, (g, want)) in data.grads.chunks(2).zip(data.params.chunks(2)).enumerate() {
        opt.apply_gradients(&mut p, g);
        for k in 0..2 {
            if !close(p[k], want[k], tol) {
                return Some((i, p[k], want[k]));
            }
        }
    }
    None
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn reference_data_records_keras_versions_and_covers_every_function() {
    for file in [load(LEGACY_JSON), load(KERAS3_JSON)] {
        for key in ["tensorflow", "tf_keras", "keras"] {
            assert!(file.versions[key].is_string(), "missing version {key}");
        }
        assert!(file.runs.len() >= 50);
    }
    let runs = all_runs();
    let seed = runs
        .iter()
        .filter(|r| r.case == "legacy_adam_seed")
        .collect::<Vec<_>>();
    assert_eq!(seed.len(), 5, "the seed config runs on all five functions");
    assert!(seed.iter().all(|r| r.steps >= 2000));
    for f in [
        "rosenbrock",
        "beale",
        "himmelblau",
        "ill_conditioned",
        "saddle",
    ] {
        assert!(runs.iter().any(|r| r.function == f));
    }
    // The other seven: every optimizer family the page draws, each run long enough for an ulp
    // of gradient to grow into a drift.
    for f in MORE_FUNCTIONS {
        let mine: Vec<&Run> = runs.iter().filter(|r| r.function == f).collect();
        assert_eq!(mine.len(), 8, "{f}");
        assert!(mine.iter().all(|r| r.steps >= 500), "{f}");
        for (api, name) in [
            ("legacy", "adam"),
            ("legacy", "sgd"),
            ("legacy", "rmsprop"),
            ("legacy", "adagrad"),
            ("legacy", "adamax"),
            ("keras3", "adam"),
        ] {
            assert!(
                mine.iter()
                    .any(|r| r.config["api"] == api && r.config["name"] == name),
                "{f}: {api} {name}"
            );
        }
    }
}

/// The functions scripts/keras_reference.py added after the first five (`MORE_FUNCTIONS`).
const MORE_FUNCTIONS: [&str; 7] = [
    "booth",
    "matyas",
    "rastrigin",
    "ackley",
    "styblinski_tang",
    "goldstein_price",
    "six_hump_camel",
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn every_keras_run_replays_exactly() {
    let mut failures = Vec::new();
    let mut steps = 0;
    for run in all_runs() {
        let data = run.replay_data();
        let mut opt = run.config().build(2).unwrap();
        steps += run.steps;
        match first_divergence(opt.as_mut(), &data, PARAM_TOL) {
            Some((i, got, want)) => failures.push(format!(
                "{}: step {i}: rust {got:e} keras {want:e}",
                run.name()
            )),
            None => assert_eq!(opt.iterations(), run.steps as u64),
        }
    }
    assert!(steps > 50_000);
    assert!(
        failures.is_empty(),
        "{} runs diverge:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The playground's function for a function of scripts/keras_reference.py's `FUNCTIONS`.
fn function_named(name: &str) -> Function {
    match name {
        // `0.5 * (x * x + 50.0 * y * y)`
        "ill_conditioned" => Function::IllConditionedQuadratic {
            condition_number: 50.0,
        },
        id => Function::from_name(id, None).unwrap(),
    }
}

fn function_of(run: &Run) -> Function {
    function_named(&run.function)
}

/// [`Function::gradient`] is TensorFlow's autodiff of the reference script's expression, op for
/// op: at every point of every run it returns the very gradient `tf.GradientTape` gave Keras.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn our_gradients_are_tensorflows_bit_for_bit() {
    let mut checked = 0;
    for run in all_runs() {
        let f = function_of(&run);
        let data = run.replay_data();
        let points = std::iter::once(&data.x0[..]).chain(data.params.chunks(2));
        for (i, (p, want)) in points.zip(data.grads.chunks(2)).enumerate() {
            let got = f.gradient(p[0], p[1]);
            assert_eq!(
                got.map(f32::to_bits),
                [want[0].to_bits(), want[1].to_bits()],
                "{} step {i} at ({:e}, {:e}): ours {got:?}, TensorFlow's {want:?}",
                run.name(),
                p[0],
                p[1]
            );
            checked += 1;
        }
    }
    assert!(checked > 50_000, "{checked}");
}

const TF_GRADIENTS_JSON: &str = include_str!("data/tf_gradients.json");

/// `tf.GradientTape`'s gradient of each function at fixed points (scripts/keras_reference.py
/// `gradients`): ordinary ones and tiny ones, where TensorFlow flushes subnormal products and
/// sums to zero, which trajectories seldom reach; for the last seven functions also large ones
/// (`sin`/`cos` of big arguments, overflow) and points with a zero coordinate.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn our_gradients_are_tensorflows_at_tiny_points_too() {
    #[derive(Deserialize)]
    struct Points {
        points: String,
        grads: String,
    }
    #[derive(Deserialize)]
    struct File {
        functions: std::collections::BTreeMap<String, Points>,
    }
    let file: File = serde_json::from_str(TF_GRADIENTS_JSON).unwrap();
    assert_eq!(file.functions.len(), 12);
    let mut subnormal_products = 0;
    let mut failures = Vec::new();
    for (name, data) in &file.functions {
        let f = function_named(name);
        let (points, grads) = (hex_f32(&data.points), hex_f32(&data.grads));
        assert_eq!(points.len(), grads.len());
        assert!(points.len() >= 1000, "{name}");
        let mut missed = 0;
        for (p, want) in points.chunks(2).zip(grads.chunks(2)) {
            let got = f.gradient(p[0], p[1]);
            if !same_gradient(got, [want[0], want[1]]) {
                if missed < 5 {
                    failures.push(format!(
                        "{name} at ({:e}, {:e}): ours {got:?}, TensorFlow's {want:?}",
                        p[0], p[1]
                    ));
                }
                missed += 1;
            }
            let xy = (p[0] * p[1]).abs();
            subnormal_products += usize::from(xy > 0.0 && xy < f32::MIN_POSITIVE);
        }
        if missed > 0 {
            failures.push(format!(
                "{name}: {missed} of {} points differ",
                points.len() / 2
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(subnormal_products > 100, "{subnormal_products}");
}

/// Bit for bit, except that any NaN matches any NaN: which NaN an invalid operation yields
/// (`inf - inf`, `0 * inf`) is the hardware's choice, and wasm leaves it open.
fn same_gradient(got: [f32; 2], want: [f32; 2]) -> bool {
    (0..2).all(|k| got[k].to_bits() == want[k].to_bits() || (got[k].is_nan() && want[k].is_nan()))
}

/// The whole 2D playground run, our gradients included, is Keras's: `run_trajectory` from each
/// recorded run's start with its configuration lands on Keras's parameters after every update.
/// In wasm too: the optimizers' `powf`/`cosf` are `optimizer_playground::libm`, glibc's bits on
/// every target (see the module docs).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn whole_trajectories_match_keras_bit_for_bit() {
    let mut failures = Vec::new();
    for (file, json) in [("keras_legacy", LEGACY_JSON), ("keras_keras3", KERAS3_JSON)] {
        let runs = load(json).runs;
        let mut matched = 0;
        for run in &runs {
            match trajectory_miss(run) {
                None => matched += 1,
                Some(miss) => failures.push(format!("{file}: {}: {miss}", run.name())),
            }
        }
        println!(
            "{file}: {matched} of {} runs followed bit for bit from their start",
            runs.len()
        );
    }
    assert!(
        failures.is_empty(),
        "{} runs leave Keras's trajectory:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Where `run_trajectory` with our own gradients first leaves the recorded run, if anywhere.
fn trajectory_miss(run: &Run) -> Option<String> {
    let f = function_of(run);
    let data = run.replay_data();
    let config = TrajectoryConfig {
        function: f.id().to_string(),
        condition_number: f.condition_number(),
        start: [data.x0[0], data.x0[1]],
        optimizer: run.config(),
        steps: run.steps as u64,
    };
    let t = run_trajectory(&config).unwrap();
    for (i, want) in data.params.chunks(2).enumerate() {
        let Some((&x, &y)) = t.x.get(i + 1).zip(t.y.get(i + 1)) else {
            return Some(format!(
                "stopped after {i} of {} steps (diverged_at {:?})",
                run.steps, t.diverged_at
            ));
        };
        if [x.to_bits(), y.to_bits()] != [want[0].to_bits(), want[1].to_bits()] {
            return Some(format!(
                "step {i}: ours ({x:e}, {y:e}), Keras ({:e}, {:e})",
                want[0], want[1]
            ));
        }
    }
    None
}

fn lr_steps(run: &Run) -> Vec<StepInfo> {
    let data = run.replay_data();
    let mut opt = run.config().build(2).unwrap();
    let mut p = data.x0.clone();
    data.grads
        .chunks(2)
        .map(|g| opt.apply_gradients(&mut p, g))
        .collect()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn effective_and_reported_lr_match_keras() {
    for run in all_runs() {
        let data = run.replay_data();
        let config = run.config();
        let table =
            optimizer_playground::lr_schedule(&config, run.steps as u64, run.steps_per_epoch)
                .unwrap();
        for (i, info) in lr_steps(&run).iter().enumerate() {
            assert_eq!(info.iteration, i as u64);
            let (e, r) = (data.effective_lr[i], data.reported_lr[i]);
            assert!(
                close(info.effective_lr, e, (LR_TOL, 0.0)),
                "{} step {i}: effective {} vs keras {e}",
                run.name(),
                info.effective_lr
            );
            assert!(
                close(info.reported_lr, r, (LR_TOL, 0.0)),
                "{} step {i}: reported {} vs keras {r}",
                run.name(),
                info.reported_lr
            );
            // The pure lr table agrees with the optimizer.
            assert_eq!(
                table.per_step[i].effective_lr.to_bits(),
                info.effective_lr.to_bits()
            );
            assert_eq!(
                table.per_step[i].reported_lr.to_bits(),
                info.reported_lr.to_bits()
            );
            assert_eq!(
                table.per_step[i].step_size.map(f32::to_bits),
                info.step_size.map(f32::to_bits)
            );
        }
        if let Some(spe) = run.steps_per_epoch {
            for (e, p) in table.per_epoch.iter().enumerate() {
                let i = e * spe as usize;
                assert!(
                    close(p.effective_lr, data.effective_lr[i], (LR_TOL, 0.0)),
                    "{} epoch {e}",
                    run.name()
                );
            }
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn legacy_decay_is_invisible_in_reported_lr_but_real_in_effective_lr() {
    let run = all_runs()
        .into_iter()
        .find(|r| r.case == "legacy_adam_seed")
        .unwrap();
    let data = run.replay_data();
    assert!(
        data.reported_lr.iter().all(|&r| r == 0.003f32),
        "Keras reports the base lr"
    );
    let last = *data.effective_lr.last().unwrap();
    assert!(
        last < 0.003 * 0.7,
        "…while the update uses lr/(1+decay*it): {last}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn legacy_nadam_never_decays_lr_although_decayed_lr_says_so() {
    let run = all_runs()
        .into_iter()
        .find(|r| r.case == "legacy_nadam_decay_ignored")
        .unwrap();
    let claimed = hex_f32(run.keras_decayed_lr.as_deref().unwrap());
    let infos = lr_steps(&run);
    assert!(infos.iter().all(|s| s.effective_lr == 0.003f32));
    // `_decayed_lr` divides by 1 + 0.004 * it (schedule_decay, not the user's 0.05).
    let last = infos.len() - 1;
    assert_eq!(claimed[last], 0.003f32 / (1.0 + 0.004f32 * last as f32));
    assert_eq!(run.keras_config["decay"].as_f64(), Some(0.004));
}

fn f32_of(v: &serde_json::Value) -> Option<f32> {
    v.as_f64().map(|x| x as f32)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn resolved_hyperparameters_and_warnings_match_keras_get_config() {
    for run in all_runs() {
        let r = run.config().resolve().unwrap();
        let kc = &run.keras_config;
        assert!(
            run.keras_class
                .ends_with(r.keras_class.rsplit('.').next().unwrap()),
            "{}",
            run.name()
        );
        let pairs = [
            ("beta_1", r.beta_1),
            ("beta_2", r.beta_2),
            ("epsilon", r.epsilon),
            ("momentum", r.momentum),
            ("rho", r.rho),
            ("initial_accumulator_value", r.initial_accumulator_value),
        ];
        for (key, ours) in pairs {
            if let Some(ours) = ours {
                assert_eq!(f32_of(&kc[key]), Some(ours as f32), "{} {key}", run.name());
            }
        }
        for (key, ours) in [
            ("amsgrad", r.amsgrad),
            ("nesterov", r.nesterov),
            ("centered", r.centered),
        ] {
            if let Some(ours) = ours {
                assert_eq!(kc[key].as_bool(), Some(ours), "{} {key}", run.name());
            }
        }
        if let LearningRate::Constant(lr) = r.learning_rate {
            assert_eq!(
                f32_of(&kc["learning_rate"]),
                Some(lr as f32),
                "{}",
                run.name()
            );
        }
        match r.api {
            Api::Legacy => {
                let want = r.schedule_decay.unwrap_or(r.decay);
                assert_eq!(
                    f32_of(&kc["decay"]),
                    Some(want as f32),
                    "{} decay",
                    run.name()
                );
            }
            Api::Keras3 => {
                assert_eq!(
                    f32_of(&kc["weight_decay"]),
                    r.weight_decay.map(|w| w as f32),
                    "{}",
                    run.name()
                );
            }
        }
        assert_eq!(run.warnings, r.warnings, "{}", run.name());
    }
}

// ---- Mutation tests: the comparison above is tight enough to catch the classic mistakes. ----

fn run_named(case: &str, function: &str) -> Run {
    all_runs()
        .into_iter()
        .find(|r| r.case == case && r.function == function)
        .unwrap_or_else(|| panic!("no run {case}/{function}"))
}

fn diverges_with(run: &Run, config: serde_json::Value) -> bool {
    let cfg: OptimizerConfig = serde_json::from_value(config).unwrap();
    let mut opt = cfg.build(2).unwrap();
    first_divergence(opt.as_mut(), &run.replay_data(), PARAM_TOL).is_some()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn mutated_configs_are_caught() {
    for f in ["rosenbrock", "himmelblau", "ill_conditioned"] {
        let seed = run_named("legacy_adam_seed", f);
        // Sanity: the unmutated config replays.
        assert!(!diverges_with(&seed, seed.config.clone()));
        // Per-epoch (staircase, 50 steps/epoch) instead of per-update decay.
        assert!(
            diverges_with(
                &seed,
                serde_json::json!({"api":"legacy","name":"adam","learning_rate":
            {"schedule":"inverse_time_decay","initial_learning_rate":0.003,"decay_steps":50,"decay_rate":0.01,"staircase":true}})
            ),
            "{f}: per-epoch decay"
        );
        // Keras 3 semantics: `decay` silently ignored.
        assert!(
            diverges_with(
                &seed,
                serde_json::json!({"api":"keras3","name":"adam","learning_rate":0.003,"decay":0.0002})
            ),
            "{f}: ignored decay"
        );
        // Wrong epsilon value.
        let big_eps = run_named("legacy_adam_large_epsilon", f);
        assert!(
            diverges_with(
                &big_eps,
                serde_json::json!({"api":"legacy","name":"adam","learning_rate":0.01,"beta_1":0.8,"beta_2":0.99})
            ),
            "{f}: default epsilon"
        );
        // Legacy epsilon=0 means 1e-7, which Keras 3 would keep at 0.
        let eps0 = run_named("legacy_adam_epsilon_zero", f);
        assert!(!diverges_with(
            &eps0,
            serde_json::json!({"api":"legacy","name":"adam","learning_rate":0.01,"epsilon":1e-7})
        ));
    }
}

/// A deliberately-mutable re-statement of legacy Adam, to show the replay catches an off-by-one
/// in `iterations` and epsilon inside the sqrt. Unmutated, it must replay Keras like the crate.
struct MutantAdam {
    lr: f32,
    decay: f32,
    beta_1: f32,
    beta_2: f32,
    eps: f32,
    m: [f32; 2],
    v: [f32; 2],
    it: u64,
    iteration_offset: u64,
    eps_inside_sqrt: bool,
}

impl MutantAdam {
    fn new(lr: f32, decay: f32, (beta_1, beta_2, eps): (f32, f32, f32)) -> Self {
        Self {
            lr,
            decay,
            beta_1,
            beta_2,
            eps,
            m: [0.0; 2],
            v: [0.0; 2],
            it: 0,
            iteration_offset: 0,
            eps_inside_sqrt: false,
        }
    }
}

impl Optimizer for MutantAdam {
    fn apply_gradients(&mut self, params: &mut [f32], grads: &[f32]) -> StepInfo {
        let it = self.it + self.iteration_offset;
        let lr = if self.decay > 0.0 {
            self.lr / (1.0 + self.decay * it as f32)
        } else {
            self.lr
        };
        let lr_t = adam_step_size(lr, self.beta_1, self.beta_2, it);
        for k in 0..2 {
            let g = grads[k];
            self.m[k] += (g - self.m[k]) * (1.0f32 - self.beta_1);
            self.v[k] += (g * g - self.v[k]) * (1.0f32 - self.beta_2);
            let denom = if self.eps_inside_sqrt {
                (self.v[k] + self.eps).sqrt()
            } else {
                self.v[k].sqrt() + self.eps
            };
            params[k] -= (self.m[k] * lr_t) / denom;
        }
        self.it += 1;
        StepInfo {
            iteration: it,
            effective_lr: lr,
            reported_lr: self.lr,
            step_size: Some(lr_t),
        }
    }
    fn iterations(&self) -> u64 {
        self.it
    }
}

const FUNCTIONS: [&str; 5] = [
    "rosenbrock",
    "beale",
    "himmelblau",
    "ill_conditioned",
    "saddle",
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn off_by_one_iterations_and_epsilon_inside_sqrt_are_caught() {
    for f in FUNCTIONS {
        // Seed config: Adam(learning_rate=0.003, decay=0.0002).
        let data = run_named("legacy_adam_seed", f).replay_data();
        let seed = || MutantAdam::new(0.003, 0.0002, (0.9, 0.999, 1e-7));
        let ok = first_divergence(&mut seed(), &data, PARAM_TOL);
        assert!(
            ok.is_none(),
            "{f}: the unmutated restatement must replay: {ok:?}"
        );
        let mut shifted = seed();
        shifted.iteration_offset = 1;
        assert!(
            first_divergence(&mut shifted, &data, PARAM_TOL).is_some(),
            "{f}: iterations+1 must be caught"
        );

        // Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=0.1): epsilon placement.
        let data = run_named("legacy_adam_large_epsilon", f).replay_data();
        let eps = || MutantAdam::new(0.01, 0.0, (0.8, 0.99, 0.1));
        assert!(
            first_divergence(&mut eps(), &data, PARAM_TOL).is_none(),
            "{f}: unmutated"
        );
        let mut inside = eps();
        inside.eps_inside_sqrt = true;
        assert!(
            first_divergence(&mut inside, &data, PARAM_TOL).is_some(),
            "{f}: eps inside sqrt must be caught"
        );
    }
}

/// The comparison is bit-exact, so even Keras 3's double-precision `1 - beta` (0.1f instead
/// of 0.100000024f) is told apart from legacy's.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn replay_tells_legacy_and_keras3_one_minus_beta_apart() {
    let run = run_named("legacy_adam_no_decay", "rosenbrock");
    assert!(diverges_with(
        &run,
        serde_json::json!({"api":"keras3","name":"adam","learning_rate":0.003})
    ));
}

/// Every optimizer class of both APIs and every schedule has real-Keras runs, so the replay
/// above really exercises them (a class missing here would silently go unchecked).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn every_class_and_schedule_is_replayed() {
    use std::collections::BTreeMap;
    let mut steps: BTreeMap<String, usize> = BTreeMap::new();
    for run in all_runs() {
        let r = run.config().resolve().unwrap();
        *steps.entry(r.keras_class.clone()).or_default() += run.steps;
        if let LearningRate::Schedule(s) = &r.learning_rate {
            *steps.entry(s.class_name().to_string()).or_default() += run.steps;
        }
    }
    let expected = [
        "tf_keras.optimizers.legacy.Adam",
        "tf_keras.optimizers.legacy.SGD",
        "tf_keras.optimizers.legacy.RMSprop",
        "tf_keras.optimizers.legacy.Adagrad",
        "tf_keras.optimizers.legacy.Adamax",
        "tf_keras.optimizers.legacy.Nadam",
        "keras.optimizers.Adam",
        "keras.optimizers.AdamW",
        "keras.optimizers.SGD",
        "keras.optimizers.RMSprop",
        "keras.optimizers.Adagrad",
        "keras.optimizers.Adamax",
        "keras.optimizers.Nadam",
        "InverseTimeDecay",
        "ExponentialDecay",
        "PiecewiseConstantDecay",
        "CosineDecay",
        "PolynomialDecay",
        "CosineDecayRestarts",
    ];
    for key in expected {
        let n = steps.get(key).copied().unwrap_or(0);
        assert!(n >= 600, "{key}: only {n} replayed steps");
    }
}

/// Keras 3 Adagrad and Nadam are other algorithms than their legacy namesakes, and Keras 3
/// Adamax other rounding: the legacy class does not replay the Keras 3 runs. (Adamax's rounding
/// differences are below the parameters' ulp on most steps, so only some of its paths part.)
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn keras3_runs_are_not_replayed_by_the_legacy_classes() {
    for (case, parted_paths) in [
        ("keras3_adagrad_epsilon", 3),
        ("keras3_adamax", 1),
        ("keras3_adamax_defaults", 1),
        ("keras3_nadam", 3),
        ("keras3_nadam_defaults", 3),
    ] {
        let mut parted = 0;
        for f in ["rosenbrock", "himmelblau", "saddle"] {
            let run = run_named(case, f);
            assert!(!diverges_with(&run, run.config.clone()), "{case}/{f}");
            let mut legacy = run.config.clone();
            legacy["api"] = "legacy".into();
            parted += usize::from(diverges_with(&run, legacy));
        }
        assert!(
            parted >= parted_paths,
            "{case}: legacy replays all but {parted}"
        );
    }
}
