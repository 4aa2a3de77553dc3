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
