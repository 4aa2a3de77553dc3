//! Validation, defaults and learning-rate properties of the optimizer core.

use optimizer_playground::optim::config::{KERAS3_DECAY_WARNING, LEGACY_LR_WARNING};
use optimizer_playground::optim::{Api, LearningRate, OptimizerKind};
use optimizer_playground::{lr_schedule, OptimizerConfig};

fn cfg(json: &str) -> OptimizerConfig {
    OptimizerConfig::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn err_field(json: &str) -> String {
    match OptimizerConfig::from_json(json) {
        Err(e) => e.field,
        Ok(c) => c.validate().expect_err(json).field,
    }
}

#[test]
fn typos_and_unknown_keys_are_rejected_by_name() {
    assert_eq!(
        err_field(r#"{"name":"adam","learningrate":0.003}"#),
        "optimizer.learningrate"
    );
    assert_eq!(
        err_field(
            r#"{"name":"adam","learning_rate":{"schedule":"inverse_time_decay","initial_learning_rate":0.1,"decay_steps":1,"decay_rate":0.1,"stair":true}}"#
        ),
        "optimizer.learning_rate.stair"
    );
    assert_eq!(
        err_field(
            r#"{"name":"adam","learning_rate":{"schedule":"polynomial","initial_learning_rate":0.1}}"#
        ),
        "optimizer.learning_rate.schedule"
    );
    assert_eq!(
        err_field(r#"{"name":"adam","api":"keras2"}"#),
        "optimizer.api"
    );
}

#[test]
fn validation_errors_name_the_field_and_range() {
    let cases = [
        (
            r#"{"name":"adadelta"}"#,
            "optimizer.name",
            "unknown optimizer",
        ),
        (r#"{"learning_rate":0.1}"#, "optimizer.name", "missing"),
        (
            r#"{"name":"adam","beta_1":1.0}"#,
            "optimizer.beta_1",
            "[0, 1)",
        ),
        (
            r#"{"name":"adam","beta_2":-0.1}"#,
            "optimizer.beta_2",
            "[0, 1)",
        ),
        (
            r#"{"name":"adam","epsilon":-1e-7}"#,
            "optimizer.epsilon",
            ">= 0",
        ),
        (r#"{"name":"adam","decay":-0.1}"#, "optimizer.decay", ">= 0"),
        (
            r#"{"name":"adam","learning_rate":-0.1}"#,
            "optimizer.learning_rate",
            ">= 0",
        ),
        (r#"{"name":"rmsprop","rho":1.0}"#, "optimizer.rho", "[0, 1)"),
        (
            r#"{"name":"sgd","momentum":1.5}"#,
            "optimizer.momentum",
            "[0, 1]",
        ),
        (
            r#"{"name":"adagrad","initial_accumulator_value":-1}"#,
            "optimizer.initial_accumulator_value",
            ">= 0",
        ),
        (
            r#"{"name":"sgd","beta_1":0.9}"#,
            "optimizer.beta_1",
            "not an argument of tf_keras.optimizers.legacy.SGD",
        ),
        (
            r#"{"name":"adam","api":"legacy","weight_decay":0.1}"#,
            "optimizer.weight_decay",
            "legacy",
        ),
        (
            r#"{"name":"adamw","api":"legacy"}"#,
            "optimizer.name",
            "AdamW",
        ),
        (
            r#"{"name":"adam","api":"keras3","lr":0.1}"#,
            "optimizer.lr",
            "not recognized",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"inverse_time_decay","initial_learning_rate":0.1,"decay_steps":0,"decay_rate":0.1}}"#,
            "optimizer.learning_rate.decay_steps",
            "> 0",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"piecewise_constant_decay","boundaries":[10],"values":[0.1]}}"#,
            "optimizer.learning_rate.boundaries",
            "1 less",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"piecewise_constant_decay","boundaries":[20,10],"values":[0.1,0.01,0.001]}}"#,
            "optimizer.learning_rate.boundaries",
            "sorted",
        ),
        (
            r#"{"name":"nadam","api":"legacy","learning_rate":{"schedule":"exponential_decay","initial_learning_rate":0.1,"decay_steps":5,"decay_rate":0.5}}"#,
            "optimizer.learning_rate",
            "Nadam",
        ),
        (
            r#"{"name":"nadam","api":"keras3","schedule_decay":0.004}"#,
            "optimizer.schedule_decay",
            "not an argument of keras.optimizers.Nadam",
        ),
        (
            r#"{"name":"adagrad","api":"keras3","initial_accumulator_value":-0.1}"#,
            "optimizer.initial_accumulator_value",
            ">= 0",
        ),
        (
            r#"{"name":"adamax","api":"keras3","beta_2":1.0}"#,
            "optimizer.beta_2",
            "[0, 1)",
        ),
        (
            r#"{"name":"adamax","api":"keras3","amsgrad":true}"#,
            "optimizer.amsgrad",
            "not an argument of keras.optimizers.Adamax",
        ),
        (
            r#"{"name":"adagrad","api":"keras3","weight_decay":-1}"#,
            "optimizer.weight_decay",
            ">= 0",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":0}}"#,
            "optimizer.learning_rate.decay_steps",
            "> 0",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":10,"power":-2}}"#,
            "optimizer.learning_rate.power",
            ">= 0",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":2.5,"cycle":true}}"#,
            "optimizer.learning_rate.decay_steps",
            "whole number",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":0.5}}"#,
            "optimizer.learning_rate.first_decay_steps",
            ">= 1",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":10,"t_mul":0.9}}"#,
            "optimizer.learning_rate.t_mul",
            "[1, 1000]",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":10,"alpha":-0.1}}"#,
            "optimizer.learning_rate.alpha",
            "[0, 1]",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":10,"m_mul":1.5}}"#,
            "optimizer.learning_rate.m_mul",
            "[0, 1]",
        ),
        (
            r#"{"name":"adam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.1,"first_decay_steps":10,"t_mull":2}}"#,
            "optimizer.learning_rate.t_mull",
            "unknown field",
        ),
    ];
    for (json, field, msg) in cases {
        let e = match OptimizerConfig::from_json(json) {
            Err(e) => e,
            Ok(c) => c.validate().expect_err(json),
        };
        assert_eq!(e.field, field, "{json}: {e}");
        assert!(e.message.contains(msg), "{json}: {e}");
    }
}

#[test]
fn non_finite_numbers_are_rejected() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut c = cfg(r#"{"name":"adam"}"#);
        c.learning_rate = Some(LearningRate::Constant(bad));
        assert_eq!(c.validate().unwrap_err().field, "optimizer.learning_rate");
        let mut c = cfg(r#"{"name":"adam"}"#);
        c.decay = Some(bad);
        assert_eq!(c.validate().unwrap_err().field, "optimizer.decay");
        let mut c = cfg(r#"{"name":"adam"}"#);
        c.beta_1 = Some(bad);
        assert_eq!(c.validate().unwrap_err().field, "optimizer.beta_1");
    }
}

#[test]
fn api_defaults_follow_the_documented_rule() {
    assert_eq!(
        cfg(r#"{"name":"adam","decay":0.1}"#).effective_api(),
        Api::Legacy
    );
    assert_eq!(cfg(r#"{"name":"adamw"}"#).effective_api(), Api::Keras3);
    assert_eq!(
        cfg(r#"{"name":"sgd","weight_decay":0.1}"#).effective_api(),
        Api::Keras3
    );
    assert_eq!(
        cfg(r#"{"name":"adam","learning_rate":{"schedule":"exponential_decay","initial_learning_rate":0.1,"decay_steps":5,"decay_rate":0.5}}"#).effective_api(),
        Api::Keras3
    );
    assert_eq!(
        cfg(r#"{"name":"adam","api":"legacy","weight_decay":null}"#).effective_api(),
        Api::Legacy
    );
}

#[test]
fn omitted_fields_take_keras_defaults() {
    let r = cfg(r#"{"name":"Adam"}"#).resolve().unwrap();
    assert_eq!(r.name, OptimizerKind::Adam);
    assert_eq!(r.learning_rate, LearningRate::Constant(0.001));
    assert_eq!(
        (r.beta_1, r.beta_2, r.epsilon, r.amsgrad),
        (Some(0.9), Some(0.999), Some(1e-7), Some(false))
    );
    assert_eq!(r.decay, 0.0);
    let r = cfg(r#"{"name":"SGD"}"#).resolve().unwrap();
    assert_eq!(r.learning_rate, LearningRate::Constant(0.01));
    assert_eq!(
        (r.momentum, r.nesterov, r.epsilon),
        (Some(0.0), Some(false), None)
    );
    let r = cfg(r#"{"name":"RMSprop"}"#).resolve().unwrap();
    assert_eq!(
        (r.rho, r.momentum, r.centered),
        (Some(0.9), Some(0.0), Some(false))
    );
    let r = cfg(r#"{"name":"adagrad"}"#).resolve().unwrap();
    assert_eq!(r.initial_accumulator_value, Some(0.1));
    let r = cfg(r#"{"name":"adamw"}"#).resolve().unwrap();
    assert_eq!((r.api, r.weight_decay), (Api::Keras3, Some(0.004)));
    let r = cfg(r#"{"name":"nadam","decay":0.05}"#).resolve().unwrap();
    assert_eq!((r.decay, r.schedule_decay), (0.0, Some(0.004)));
    assert!(r.notes.iter().any(|n| n.contains("Nadam ignores `decay`")));
}

#[test]
fn keras3_adagrad_adamax_nadam_take_keras3_defaults_and_weight_decay() {
    let r = cfg(r#"{"name":"adagrad","api":"keras3"}"#)
        .resolve()
        .unwrap();
    assert_eq!(r.keras_class, "keras.optimizers.Adagrad");
    assert_eq!(
        (&r.learning_rate, r.initial_accumulator_value, r.epsilon),
        (&LearningRate::Constant(0.001), Some(0.1), Some(1e-7))
    );
    for name in ["adamax", "nadam"] {
        let r = cfg(&format!(r#"{{"name":"{name}","api":"keras3"}}"#))
            .resolve()
            .unwrap();
        assert_eq!(
            (
                r.beta_1,
                r.beta_2,
                r.epsilon,
                r.schedule_decay,
                r.weight_decay
            ),
            (Some(0.9), Some(0.999), Some(1e-7), None, None),
            "{name}"
        );
    }
    // Keras 3 keeps epsilon 0 and takes weight_decay; a schedule alone selects Keras 3.
    let r = cfg(r#"{"name":"nadam","weight_decay":0.01,"epsilon":0}"#)
        .resolve()
        .unwrap();
    assert_eq!(
        (r.api, r.weight_decay, r.epsilon),
        (Api::Keras3, Some(0.01), Some(0.0))
    );
    let c = cfg(
        r#"{"name":"adagrad","learning_rate":{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":10}}"#,
    );
    assert_eq!(c.effective_api(), Api::Keras3);
    assert!(c.build(2).is_ok());
    // Keras 3 ignores `decay` for these classes too, with its warning.
    let r = cfg(r#"{"name":"adamax","api":"keras3","decay":0.01}"#)
        .resolve()
        .unwrap();
    assert_eq!(r.warnings, vec![KERAS3_DECAY_WARNING.to_string()]);
    assert_eq!(r.decay, 0.0);
}

/// Legacy and Keras 3 are different algorithms for Adagrad (epsilon inside the sqrt) and Nadam
/// (the momentum schedule): the same arguments give different paths. (Keras 3 Adamax differs
/// from legacy only in rounding, which the parity test tells apart bit by bit.)
#[test]
fn keras3_adagrad_and_nadam_are_not_the_legacy_classes() {
    for (name, extra) in [("adagrad", r#","epsilon":0.1"#), ("nadam", "")] {
        let path = |api: &str| {
            let mut opt = cfg(&format!(
                r#"{{"name":"{name}","api":"{api}","learning_rate":0.01{extra}}}"#
            ))
            .build(2)
            .unwrap();
            // Rosenbrock's gradient from (-1.2, 1).
            let mut p = [-1.2f32, 1.0];
            for _ in 0..200 {
                let (x, y) = (p[0], p[1]);
                let g = [
                    -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                    200.0 * (y - x * x),
                ];
                opt.apply_gradients(&mut p, &g);
            }
            p
        };
        assert_ne!(path("legacy"), path("keras3"), "{name}");
    }
}

fn schedule_table(schedule: &str, steps: u64) -> Vec<f32> {
    let c = cfg(&format!(r#"{{"name":"sgd","learning_rate":{schedule}}}"#));
    lr_schedule(&c, steps, None)
        .unwrap()
        .per_step
        .iter()
        .map(|p| {
            assert_eq!(
                p.effective_lr, p.reported_lr,
                "Keras 3 reports the schedule"
            );
            p.effective_lr
        })
        .collect()
}

#[test]
fn polynomial_decay_reaches_end_learning_rate_at_decay_steps_and_stays_without_cycle() {
    for (lr0, end, steps, power) in [
        (0.1, 0.0001, 100u64, 1.0),
        (0.01, 0.001, 37, 2.5),
        (1.0, 0.0, 1000, 0.5),
        (0.003, 0.003, 10, 3.0),
        // end above the start: the lr rises to it.
        (0.001, 0.01, 50, 1.0),
    ] {
        let lrs = schedule_table(
            &format!(
                r#"{{"schedule":"polynomial_decay","initial_learning_rate":{lr0},"decay_steps":{steps},"end_learning_rate":{end},"power":{power}}}"#
            ),
            3 * steps,
        );
        // (lr0 - end) * 1 + end: exact only when the subtraction is.
        assert!(
            (lrs[0] - lr0 as f32).abs() <= 1e-6 * lr0 as f32,
            "{}",
            lrs[0]
        );
        let n = steps as usize;
        for (i, w) in lrs[..=n].windows(2).enumerate() {
            let monotone = if end <= lr0 {
                w[1] <= w[0]
            } else {
                w[1] >= w[0]
            };
            assert!(monotone, "lr0={lr0} end={end} power={power} at {i}");
        }
        assert!(
            lrs[n..].iter().all(|&v| v == end as f32),
            "lr0={lr0} end={end}: {:?}",
            &lrs[n - 1..n + 2]
        );
    }
}

#[test]
fn polynomial_decay_with_cycle_restarts_from_a_longer_period() {
    let lrs = schedule_table(
        r#"{"schedule":"polynomial_decay","initial_learning_rate":0.1,"decay_steps":20,"end_learning_rate":0.01,"cycle":true}"#,
        100,
    );
    // The first period ends at step 20; step 21 lies in the period 0..40 (ceil(21/20) = 2).
    assert_eq!(lrs[20], 0.01);
    assert!(lrs[21] > lrs[20]);
    let expected = (0.1f32 - 0.01) * (1.0 - 21.0 / 40.0) + 0.01;
    assert!(
        (lrs[21] - expected).abs() < 1e-7,
        "{} vs {expected}",
        lrs[21]
    );
    // Every multiple of decay_steps is the end of a period.
    for k in [40, 60, 80] {
        assert_eq!(lrs[k], 0.01, "step {k}");
        assert!(lrs[k + 1] > lrs[k]);
    }
}

#[test]
fn cosine_decay_restarts_restart_at_first_decay_steps_and_then_t_mul_longer() {
    for (first, t_mul, m_mul, alpha) in [
        (20u64, 2.0, 1.0, 0.0),
        (10, 1.0, 0.5, 0.1),
        (16, 3.0, 0.8, 0.05),
    ] {
        let lr0 = 0.01f32;
        let lrs = schedule_table(
            &format!(
                r#"{{"schedule":"cosine_decay_restarts","initial_learning_rate":{lr0},"first_decay_steps":{first},"t_mul":{t_mul},"m_mul":{m_mul},"alpha":{alpha}}}"#
            ),
            600,
        );
        assert_eq!(lrs[0], lr0);
        let (mut start, mut period, mut peak) = (0u64, first as f64, 1.0f64);
        while start + (period as u64) < 600 {
            let end = start + period as u64;
            // Decreasing within the period, down to near alpha times its peak…
            for i in start as usize..end as usize - 1 {
                assert!(lrs[i + 1] <= lrs[i], "first={first} t_mul={t_mul} at {i}");
            }
            // (alpha is a floor of alpha * initial_learning_rate, not scaled by m_mul.)
            let floor = lr0 as f64 * alpha;
            assert!(
                (lrs[end as usize - 1] as f64)
                    < floor + 0.1 * lr0 as f64 * peak + 1e-6 * lr0 as f64,
                "first={first} t_mul={t_mul}: end of period at {end}"
            );
            // …then back up: the cosine part restarts at m_mul times the previous peak.
            peak *= m_mul;
            let restart = lrs[end as usize] as f64;
            assert!(
                (restart - lr0 as f64 * ((1.0 - alpha) * peak + alpha)).abs() <= 1e-6 * lr0 as f64,
                "first={first} t_mul={t_mul}: restart at {end} is {restart}"
            );
            start = end;
            period *= t_mul;
        }
        assert!(start > 0, "at least one restart in 600 steps");
    }
}

#[test]
fn epsilon_zero_is_1e7_in_legacy_and_zero_in_keras3() {
    let legacy = cfg(r#"{"name":"adam","api":"legacy","epsilon":0}"#)
        .resolve()
        .unwrap();
    assert_eq!(legacy.epsilon, Some(1e-7));
    let k3 = cfg(r#"{"name":"adam","api":"keras3","epsilon":0}"#)
        .resolve()
        .unwrap();
    assert_eq!(k3.epsilon, Some(0.0));
}

#[test]
fn keras3_ignores_decay_with_keras_warning() {
    let c = cfg(r#"{"name":"adam","api":"keras3","learning_rate":0.003,"decay":0.0002}"#);
    let r = c.resolve().unwrap();
    assert_eq!(r.warnings, vec![KERAS3_DECAY_WARNING.to_string()]);
    let table = lr_schedule(&c, 3000, None).unwrap();
    assert!(table.per_step.iter().all(|p| p.effective_lr == 0.003f32));
    let legacy = cfg(r#"{"name":"adam","lr":0.003}"#).resolve().unwrap();
    assert_eq!(legacy.warnings, vec![LEGACY_LR_WARNING.to_string()]);
}

#[test]
fn legacy_decay_lr_is_monotone_finite_and_reported_constant() {
    for (lr, decay) in [
        (0.003, 0.0002),
        (0.5, 0.05),
        (1e-5, 1.0),
        (0.01, 1e-9),
        (10.0, 1000.0),
    ] {
        let c = OptimizerConfig {
            name: Some("adam".into()),
            learning_rate: Some(LearningRate::Constant(lr)),
            decay: Some(decay),
            ..Default::default()
        };
        let t = lr_schedule(&c, 20_000, Some(137)).unwrap();
        for w in t.per_step.windows(2) {
            assert!(
                w[1].effective_lr <= w[0].effective_lr,
                "lr={lr} decay={decay} at {}",
                w[1].iteration
            );
        }
        for p in &t.per_step {
            assert!(p.effective_lr.is_finite() && p.effective_lr > 0.0);
            assert_eq!(p.reported_lr, lr as f32);
            assert!(p.step_size.unwrap().is_finite());
        }
        assert_eq!(t.per_step[0].effective_lr, lr as f32);
        assert_eq!(t.per_epoch.len(), 20_000usize.div_ceil(137));
        for (e, p) in t.per_epoch.iter().enumerate() {
            assert_eq!(*p, t.per_step[e * 137]);
        }
    }
}

#[test]
fn inverse_time_decay_steps_one_is_bit_identical_to_legacy_decay() {
    for (lr, decay) in [(0.003, 0.0002), (0.1, 0.05), (0.001, 1e-6), (1.0, 0.3)] {
        let legacy = OptimizerConfig {
            name: Some("adam".into()),
            learning_rate: Some(LearningRate::Constant(lr)),
            decay: Some(decay),
            ..Default::default()
        };
        let k3 = cfg(&format!(
            r#"{{"name":"adam","learning_rate":{{"schedule":"inverse_time_decay","initial_learning_rate":{lr},"decay_steps":1,"decay_rate":{decay}}}}}"#
        ));
        let a = lr_schedule(&legacy, 10_000, None).unwrap();
        let b = lr_schedule(&k3, 10_000, None).unwrap();
        for (x, y) in a.per_step.iter().zip(&b.per_step) {
            assert_eq!(
                x.effective_lr.to_bits(),
                y.effective_lr.to_bits(),
                "it {}",
                x.iteration
            );
            // ...but Keras 3 *reports* the decayed value, legacy the base lr.
            assert_eq!(y.reported_lr, y.effective_lr);
            assert_eq!(x.reported_lr, lr as f32);
        }
    }
}

#[test]
fn staircase_per_epoch_matches_legacy_at_epoch_boundaries() {
    let (lr, decay, spe) = (0.003, 0.0002, 50u64);
    let legacy = cfg(&format!(
        r#"{{"name":"adam","learning_rate":{lr},"decay":{decay}}}"#
    ));
    let k3 = cfg(&format!(
        r#"{{"name":"adam","learning_rate":{{"schedule":"inverse_time_decay","initial_learning_rate":{lr},"decay_steps":{spe},"decay_rate":{},"staircase":true}}}}"#,
        decay * spe as f64
    ));
    let a = lr_schedule(&legacy, 5000, Some(spe)).unwrap();
    let b = lr_schedule(&k3, 5000, Some(spe)).unwrap();
    for (x, y) in a.per_epoch.iter().zip(&b.per_epoch) {
        let ulps = (x.effective_lr.to_bits() as i64 - y.effective_lr.to_bits() as i64).abs();
        assert!(
            ulps <= 1,
            "epoch start {}: {} vs {}",
            x.iteration,
            x.effective_lr,
            y.effective_lr
        );
    }
    // Inside an epoch the staircase holds still while legacy keeps decaying.
    let it = (spe + spe / 2) as usize;
    assert_eq!(
        b.per_step[it].effective_lr,
        b.per_step[spe as usize].effective_lr
    );
    assert!(a.per_step[it].effective_lr < a.per_step[spe as usize].effective_lr);
}

#[test]
fn lr_schedule_rejects_bad_arguments() {
    let c = cfg(r#"{"name":"adam"}"#);
    assert_eq!(
        lr_schedule(&c, 10, Some(0)).unwrap_err().field,
        "steps_per_epoch"
    );
    assert_eq!(lr_schedule(&c, u64::MAX, None).unwrap_err().field, "steps");
    assert!(c.build(usize::MAX).is_err());
}

/// A tiny deterministic generator, so the fuzz below needs no extra crate.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() as usize) % xs.len()]
    }
}

#[test]
fn nothing_panics_on_hostile_configs_and_gradients() {
    let numbers = [
        0.0,
        -0.0,
        1e-7,
        0.5,
        0.999,
        1.0,
        2.0,
        -1.0,
        1e308,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let names = [
        "adam", "adamw", "sgd", "rmsprop", "adagrad", "adamax", "nadam", "bogus",
    ];
    let grads = [
        0.0f32,
        1.0,
        -3.5,
        1e30,
        -1e-30,
        f32::NAN,
        f32::INFINITY,
        f32::MIN_POSITIVE / 4.0,
    ];
    let mut rng = Lcg(42);
    let mut built = 0;
    for _ in 0..4000 {
        let mut c = OptimizerConfig {
            name: Some(rng.pick(&names).to_string()),
            api: rng.pick(&[None, Some(Api::Legacy), Some(Api::Keras3)]),
            ..Default::default()
        };
        let maybe = |rng: &mut Lcg| {
            if rng.next() % 3 == 0 {
                Some(rng.pick(&numbers))
            } else {
                None
            }
        };
        c.learning_rate = maybe(&mut rng).map(LearningRate::Constant);
        c.decay = maybe(&mut rng);
        c.beta_1 = maybe(&mut rng);
        c.epsilon = maybe(&mut rng);
        c.momentum = maybe(&mut rng);
        c.rho = maybe(&mut rng);
        c.weight_decay = maybe(&mut rng);
        if let Ok(mut opt) = c.build(3) {
            built += 1;
            let mut p = [1.0f32, -2.0, 0.5];
            for _ in 0..20 {
                let g = [rng.pick(&grads), rng.pick(&grads), rng.pick(&grads)];
                opt.apply_gradients(&mut p, &g);
            }
            // Mismatched lengths must not panic either.
            opt.apply_gradients(&mut [1.0], &[1.0, 2.0, 3.0, 4.0]);
            opt.apply_gradients(&mut [1.0; 5], &[1.0]);
        }
        let _ = lr_schedule(&c, 50, Some(7));
    }
    assert!(
        built > 100,
        "the fuzz should build many valid optimizers, built {built}"
    );
}

#[test]
fn optimizers_stay_finite_on_sane_gradients() {
    let configs = [
        r#"{"name":"adam","learning_rate":0.003,"decay":0.0002}"#,
        r#"{"name":"adam","amsgrad":true}"#,
        r#"{"name":"adamw","learning_rate":0.01}"#,
        r#"{"name":"sgd","momentum":0.9,"nesterov":true}"#,
        r#"{"name":"rmsprop","centered":true,"momentum":0.5}"#,
        r#"{"name":"rmsprop","api":"keras3","centered":true}"#,
        r#"{"name":"adagrad"}"#,
        r#"{"name":"adamax"}"#,
        r#"{"name":"nadam"}"#,
        r#"{"name":"adagrad","api":"keras3","learning_rate":0.05}"#,
        r#"{"name":"adamax","api":"keras3","weight_decay":0.01}"#,
        r#"{"name":"nadam","api":"keras3"}"#,
        r#"{"name":"nadam","learning_rate":{"schedule":"cosine_decay_restarts","initial_learning_rate":0.01,"first_decay_steps":100}}"#,
        r#"{"name":"adam","learning_rate":{"schedule":"polynomial_decay","initial_learning_rate":0.01,"decay_steps":1000,"cycle":true}}"#,
    ];
    for json in configs {
        let mut opt = cfg(json).build(2).unwrap();
        let mut p = [1.5f32, -0.5];
        for i in 0..5000u64 {
            let g = [2.0 * p[0], 20.0 * p[1]];
            let info = opt.apply_gradients(&mut p, &g);
            assert_eq!(info.iteration, i);
            assert!(p.iter().all(|x| x.is_finite()), "{json} at {i}");
        }
        assert_eq!(opt.iterations(), 5000);
        assert!(p[0].abs() < 1.5, "{json} should make progress: {p:?}");
    }
}
