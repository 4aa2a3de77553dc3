//! Runs one optimizer configuration on a 2D test function: the step path and, per update, the
//! learning rates the charts show. Used by the page through `runTrajectory` and natively by tests.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::optim::OptimizerConfig;
use crate::plane::functions::Function;
use crate::tfevents::EventWriter;

/// The most updates one trajectory may run (the page offers up to 20,000).
pub const MAX_TRAJECTORY_STEPS: u64 = 100_000;

/// What `runTrajectory` takes, with Keras's argument names inside `optimizer`:
/// `{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": 2000,
///   "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}`.
/// `condition_number` is read by `ill_conditioned_quadratic` only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrajectoryConfig {
    /// A function id (see `functions::Function::from_name`).
    pub function: String,
    /// κ of `ill_conditioned_quadratic`, in [1, 1e4] (default 100).
    #[serde(default)]
    pub condition_number: Option<f32>,
    /// Start point `[x, y]`, finite.
    pub start: [f32; 2],
    /// The optimizer, exactly as [`OptimizerConfig`] takes it.
    pub optimizer: OptimizerConfig,
    /// Number of updates, in [1, [`MAX_TRAJECTORY_STEPS`]].
    pub steps: u64,
}

impl TrajectoryConfig {
    /// Parses JSON; unknown keys and wrong types are errors naming the field.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        crate::error::parse_json(json, "")
    }
}

/// A run. Point `k` (`x[k]`, `y[k]`, `loss[k]`) is the state after `k` updates, so index 0 is the
/// start point; update `k` (`effective_lr[k]`, `reported_lr[k]`, `step_size[k]`) is the one made
/// with `optimizer.iterations == k`, which moves point `k` to point `k + 1`.
///
/// Without divergence there are `steps + 1` points and `steps` updates. If update `k` produced a
/// non-finite parameter or loss, the run stops there: `diverged_at == Some(k + 1)` (the first
/// point that is not finite), the points are the `k + 1` finite ones, and the update arrays end
/// with update `k`, the one that diverged. A run never returns NaN points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub loss: Vec<f32>,
    /// The learning rate each update used (after legacy `decay` or a schedule).
    pub effective_lr: Vec<f32>,
    /// What `optimizer.lr` / History / TensorBoard show at each update.
    pub reported_lr: Vec<f32>,
    /// Adam family: the bias-corrected step size `lr_t` of each update; empty otherwise.
    pub step_size: Vec<f32>,
    /// The first point index that was not finite, if the run diverged.
    pub diverged_at: Option<u64>,
    /// What Keras itself would warn about this configuration (verbatim), e.g. Keras 3 ignoring
    /// `decay`.
    pub warnings: Vec<String>,
}

impl Trajectory {
    /// Writes the run as TensorBoard scalars under `prefix/` (TensorBoard groups tags by what
    /// comes before the `/`). At step `k`: `prefix/loss`, f at point `k` (the point update `k`
    /// starts from; the last step is the point after the last update), `prefix/lr_effective`,
    /// the lr update `k` used (what the `EffectiveLearningRate` callback logs at
    /// `iterations == k`), and `prefix/lr`, what Keras reports (flat for legacy `decay`).
    pub fn write_tensorboard(&self, w: &mut EventWriter, prefix: &str) {
        let tag = |name: &str| format!("{prefix}/{name}");
        let (loss, effective, reported) = (tag("loss"), tag("lr_effective"), tag("lr"));
        for (k, &l) in self.loss.iter().enumerate() {
            w.scalar(&loss, k as u64, l);
        }
        for (k, (&e, &r)) in self.effective_lr.iter().zip(&self.reported_lr).enumerate() {
            w.scalar(&effective, k as u64, e);
            w.scalar(&reported, k as u64, r);
        }
    }
}

/// The most runs one TensorBoard log of the 2D playground holds (its configurations).
pub const MAX_TENSORBOARD_RUNS: usize = 8;

/// Runs each `(name, config)` and writes all of them into one TensorBoard event file, each
/// under its own tag prefix (`name` with `/` replaced, so one name is one group).
pub fn tensorboard_log(
    runs: &[(String, TrajectoryConfig)],
    wall_time: f64,
) -> Result<Vec<u8>, ConfigError> {
    if runs.is_empty() || runs.len() > MAX_TENSORBOARD_RUNS {
        return Err(ConfigError::new(
            "runs",
            format!(
                "must hold 1 to {MAX_TENSORBOARD_RUNS} runs, got {}",
                runs.len()
            ),
        ));
    }
    if !wall_time.is_finite() || wall_time < 0.0 {
        return Err(ConfigError::new(
            "wall_time",
            format!("must be a finite number of seconds >= 0, got {wall_time}"),
        ));
    }
    let mut w = EventWriter::new(wall_time);
    for (i, (name, config)) in runs.iter().enumerate() {
        let t = run_trajectory(config).map_err(|e| e.within(&format!("runs[{i}]")))?;
        t.write_tensorboard(&mut w, &name.replace('/', "∕"));
    }
    Ok(w.into_bytes())
}

/// Runs `config` and records every point and update. Errors name the field and allowed range.
pub fn run_trajectory(config: &TrajectoryConfig) -> Result<Trajectory, ConfigError> {
    let f = Function::from_name(&config.function, config.condition_number)?;
    if !(1..=MAX_TRAJECTORY_STEPS).contains(&config.steps) {
        return Err(ConfigError::new(
            "steps",
            format!(
                "must be in [1, {MAX_TRAJECTORY_STEPS}], got {}",
                config.steps
            ),
        ));
    }
    for (i, v) in config.start.iter().enumerate() {
        if !v.is_finite() {
            return Err(ConfigError::new(
                format!("start[{i}]"),
                format!("must be a finite number, got {v}"),
            ));
        }
    }
    let start_loss = f.value(config.start[0], config.start[1]);
    if !start_loss.is_finite() {
        let d = f.domain();
        return Err(ConfigError::new(
            "start",
            format!(
                "{} is not finite at ({}, {}) (f = {start_loss}); start inside or near x in [{}, {}], y in [{}, {}]",
                f.id(), config.start[0], config.start[1], d.x_min, d.x_max, d.y_min, d.y_max
            ),
        ));
    }
    let resolved = config.optimizer.resolve()?;
    let mut optimizer = resolved.build(2)?;
    let steps = config.steps as usize;
    let mut t = Trajectory {
        x: Vec::with_capacity(steps + 1),
        y: Vec::with_capacity(steps + 1),
        loss: Vec::with_capacity(steps + 1),
        effective_lr: Vec::with_capacity(steps),
        reported_lr: Vec::with_capacity(steps),
        step_size: Vec::new(),
        diverged_at: None,
        warnings: resolved.warnings.clone(),
    };
    let mut p = config.start;
    let start_loss = f.value(p[0], p[1]);
    t.x.push(p[0]);
    t.y.push(p[1]);
    t.loss.push(start_loss);
    for k in 0..steps {
        let g = f.gradient(p[0], p[1]);
        let info = optimizer.apply_gradients(&mut p, &g);
        t.effective_lr.push(info.effective_lr);
        t.reported_lr.push(info.reported_lr);
        if let Some(s) = info.step_size {
            t.step_size.push(s);
        }
        let loss = f.value(p[0], p[1]);
        if !(p[0].is_finite() && p[1].is_finite() && loss.is_finite()) {
            t.diverged_at = Some(k as u64 + 1);
            break;
        }
        t.x.push(p[0]);
        t.y.push(p[1]);
        t.loss.push(loss);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> TrajectoryConfig {
        TrajectoryConfig::from_json(json).unwrap()
    }

    const SEED: &str = r#"{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": 2000,
        "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}"#;

    #[test]
    fn seed_case_has_every_point_and_update() {
        let t = run_trajectory(&config(SEED)).unwrap();
        assert_eq!(t.x.len(), 2001);
        assert_eq!(t.loss.len(), 2001);
        assert_eq!(t.effective_lr.len(), 2000);
        assert_eq!(t.step_size.len(), 2000);
        assert_eq!(t.diverged_at, None);
        assert_eq!((t.x[0], t.y[0]), (-1.5, 2.0));
        // The first update uses the full lr; iteration 1999 uses lr / (1 + 0.0002 * 1999).
        assert_eq!(t.effective_lr[0], 0.003);
        let last = 0.003f32 / (1.0 + 0.0002 * 1999.0);
        assert!((t.effective_lr[1999] - last).abs() < 1e-9);
        // What Keras reports never moves.
        assert!(t.reported_lr.iter().all(|&r| r == 0.003));
        assert!(t.effective_lr.windows(2).all(|w| w[1] <= w[0]));
        assert!(
            t.loss[2000] < t.loss[0] / 4.0,
            "12.5 falls to about 3 in 2000 steps"
        );
    }

    #[test]
    fn the_first_point_after_start_is_the_first_update() {
        let t = run_trajectory(&config(
            r#"{"function": "booth", "start": [0, 0], "steps": 1,
               "optimizer": {"name": "sgd", "learning_rate": 0.01}}"#,
        ))
        .unwrap();
        // Booth's gradient at the origin is (-34, -38): one SGD step of 0.01.
        assert_eq!(t.x.len(), 2);
        assert!((t.x[1] - 0.34).abs() < 1e-6 && (t.y[1] - 0.38).abs() < 1e-6);
    }

    #[test]
    fn divergence_stops_at_the_first_non_finite_point() {
        let t = run_trajectory(&config(
            r#"{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": 500,
               "optimizer": {"name": "sgd", "learning_rate": 0.5}}"#,
        ))
        .unwrap();
        let k = t
            .diverged_at
            .expect("a huge SGD step on Rosenbrock diverges") as usize;
        assert!(k < 500);
        assert_eq!(t.x.len(), k);
        assert_eq!(t.effective_lr.len(), k);
        assert!(t.x.iter().chain(&t.y).chain(&t.loss).all(|v| v.is_finite()));
    }

    #[test]
    fn keras3_decay_is_ignored_with_keras_warning() {
        let t = run_trajectory(&config(
            r#"{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": 10,
               "optimizer": {"name": "adam", "api": "keras3", "learning_rate": 0.003, "decay": 0.0002}}"#,
        ))
        .unwrap();
        assert!(t.effective_lr.iter().all(|&l| l == 0.003));
        assert!(t.warnings.iter().any(|w| w.contains("no longer supported")));
    }

    #[test]
    fn bad_input_names_the_field_and_range() {
        let cases = [
            (r#""function": "nope""#, "function"),
            (r#""function": "rosenbrock", "steps": 0"#, "steps"),
            (r#""function": "rosenbrock", "steps": 100001"#, "steps"),
        ];
        for (fields, field) in cases {
            let json = format!(
                r#"{{{fields}, "start": [0, 0], {}"optimizer": {{"name": "adam"}}}}"#,
                if fields.contains("steps") {
                    ""
                } else {
                    r#""steps": 10, "#
                }
            );
            let err = run_trajectory(&config(&json)).unwrap_err();
            assert_eq!(err.field, field, "{json}: {err}");
        }
        let mut c = config(SEED);
        c.start = [f32::NAN, 0.0];
        assert_eq!(run_trajectory(&c).unwrap_err().field, "start[0]");
        // Finite, but so far out that the function overflows f32.
        let mut far = config(SEED);
        far.function = "beale".into();
        far.start = [533674.5, -109690.8];
        let err = run_trajectory(&far).unwrap_err();
        assert_eq!(err.field, "start");
        assert!(err.message.contains("not finite"), "{err}");
        c.start = [0.0, 0.0];
        c.optimizer.beta_1 = Some(1.0);
        let err = run_trajectory(&c).unwrap_err();
        assert!(err.field.ends_with("beta_1"), "{err}");
        assert!(err.message.contains("[0, 1)"), "{err}");
        let err = TrajectoryConfig::from_json(r#"{"function": "booth", "start": [0, 0], "steps": 1, "optimizer": {"name": "adam"}, "stpes": 3}"#)
            .unwrap_err();
        assert!(err.to_string().contains("stpes"), "{err}");
    }

    #[test]
    fn every_function_and_optimizer_gives_finite_or_flagged_runs() {
        for f in Function::all() {
            for opt in [
                "adam", "sgd", "rmsprop", "adagrad", "adamax", "nadam", "adamw",
            ] {
                let c = TrajectoryConfig {
                    function: f.id().to_string(),
                    condition_number: None,
                    start: f.spec().default_start,
                    optimizer: OptimizerConfig::from_json(&format!(r#"{{"name": "{opt}"}}"#))
                        .unwrap(),
                    steps: 300,
                };
                let t = run_trajectory(&c).unwrap();
                assert!(
                    t.x.iter().chain(&t.y).chain(&t.loss).all(|v| v.is_finite()),
                    "{} {opt}",
                    f.id()
                );
                assert_eq!(
                    t.x.len() as u64,
                    t.diverged_at.unwrap_or(301),
                    "{} {opt}",
                    f.id()
                );
            }
        }
    }
}

#[cfg(test)]
mod tensorboard_tests {
    use super::*;
    use crate::tfevents::read_records;

    fn config(json: &str) -> TrajectoryConfig {
        TrajectoryConfig::from_json(json).unwrap()
    }

    #[test]
    fn one_group_per_run_with_every_update() {
        let seed = config(
            r#"{"function": "rosenbrock", "start": [-1.5, 2], "steps": 50,
                "optimizer": {"name": "adam", "learning_rate": 0.003, "decay": 0.0002}}"#,
        );
        let sgd = config(
            r#"{"function": "beale", "start": [1, 1], "steps": 20,
                "optimizer": {"name": "sgd", "learning_rate": 0.001}}"#,
        );
        let bytes = tensorboard_log(
            &[("1 Adam".into(), seed.clone()), ("2 a/b".into(), sgd)],
            1.0e9,
        )
        .unwrap();
        // The version record, then 51 losses + 2 × 50 lrs, then 21 losses + 2 × 20 lrs.
        let records = read_records(&bytes).unwrap();
        assert_eq!(records.len(), 1 + 151 + 61);
        let text = String::from_utf8_lossy(&bytes);
        for tag in [
            "1 Adam/loss",
            "1 Adam/lr_effective",
            "1 Adam/lr",
            "2 a∕b/loss",
        ] {
            assert!(text.contains(tag), "{tag}");
        }
        // The same file as writing the trajectory by hand.
        let t = run_trajectory(&seed).unwrap();
        let mut w = EventWriter::new(1.0e9);
        t.write_tensorboard(&mut w, "1 Adam");
        let alone = w.into_bytes();
        assert_eq!(&bytes[..alone.len()], &alone[..]);
    }

    #[test]
    fn bad_runs_name_their_field() {
        assert_eq!(tensorboard_log(&[], 0.0).unwrap_err().field, "runs");
        let bad = config(
            r#"{"function": "rosenbrock", "start": [0, 0], "steps": 5,
                "optimizer": {"name": "adam", "beta_1": 1}}"#,
        );
        let e = tensorboard_log(&[("x".into(), bad)], 0.0).unwrap_err();
        assert_eq!(e.field, "runs[0].optimizer.beta_1");
        let ok = config(
            r#"{"function": "rosenbrock", "start": [0, 0], "steps": 5, "optimizer": {"name": "sgd"}}"#,
        );
        assert_eq!(
            tensorboard_log(&[("x".into(), ok)], f64::NAN)
                .unwrap_err()
                .field,
            "wall_time"
        );
    }
}
