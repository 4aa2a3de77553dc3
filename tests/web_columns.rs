//! The playground's results kept in wasm memory (`web::TrajectoryRun`, `web::LrTable`), checked
//! natively: they hold exactly the core's numbers, column by column, and refuse what the core
//! refuses. tests/web_api.rs reads the same columns from JS through views of wasm memory.

use optimizer_playground::optim::{self, OptimizerConfig};
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};
use optimizer_playground::web::{LrColumns, LrTable, TrajectoryRun};

fn config(optimizer: &str, steps: u64) -> TrajectoryConfig {
    TrajectoryConfig::from_json(&format!(
        r#"{{"function": "rosenbrock", "start": [-1.5, 2], "steps": {steps}, "optimizer": {optimizer}}}"#
    ))
    .unwrap()
}

fn optimizer(json: &str) -> OptimizerConfig {
    OptimizerConfig::from_json(json).unwrap()
}

#[test]
fn a_trajectory_run_keeps_the_cores_run_unchanged() {
    for (optimizer, steps) in [
        (
            r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#,
            2000,
        ),
        (
            r#"{"name": "sgd", "learning_rate": 0.001, "momentum": 0.9}"#,
            500,
        ),
        // Diverges: the kept run stops where the core's does.
        (r#"{"name": "sgd", "learning_rate": 1000}"#, 50),
    ] {
        let c = config(optimizer, steps);
        let kept = TrajectoryRun::run(&c).unwrap();
        let core = run_trajectory(&c).unwrap();
        let t = kept.trajectory();
        assert_eq!(t.x, core.x, "{optimizer}");
        assert_eq!(t.y, core.y);
        assert_eq!(t.loss, core.loss);
        assert_eq!(t.effective_lr, core.effective_lr);
        assert_eq!(t.reported_lr, core.reported_lr);
        assert_eq!(t.step_size, core.step_size);
        assert_eq!(t.diverged_at, core.diverged_at);
        assert_eq!(t.warnings, core.warnings);
    }
}

#[test]
fn a_trajectory_run_refuses_what_the_core_refuses() {
    let err = TrajectoryRun::run(&config(r#"{"name": "adam"}"#, 0))
        .err()
        .unwrap();
    assert_eq!(err.field, "steps");
    let err = TrajectoryRun::run(&config(r#"{"name": "adam", "beta_1": 2}"#, 10))
        .err()
        .unwrap();
    assert_eq!(err.field, "optimizer.beta_1");
}

/// Every column of `columns` is the core's field of every point, in order.
fn assert_columns(columns: &LrColumns, points: &[optim::LrPoint]) {
    let effective: Vec<f32> = points.iter().map(|p| p.effective_lr).collect();
    let reported: Vec<f32> = points.iter().map(|p| p.reported_lr).collect();
    assert_eq!(columns.effective_lr, effective);
    assert_eq!(columns.reported_lr, reported);
    match points.first().and_then(|p| p.step_size) {
        Some(_) => {
            let step: Vec<f32> = points.iter().map(|p| p.step_size.unwrap()).collect();
            assert_eq!(columns.step_size.as_deref(), Some(&step[..]));
        }
        None => assert_eq!(columns.step_size, None),
    }
}

#[test]
fn an_lr_table_holds_the_cores_table_as_columns() {
    for json in [
        r#"{"name": "adam", "learning_rate": 0.003, "decay": 0.0002}"#,
        r#"{"name": "sgd", "learning_rate": 0.01}"#,
        r#"{"name": "adamw", "learning_rate": {"schedule": "cosine_decay", "initial_learning_rate": 0.1, "decay_steps": 100}}"#,
    ] {
        let o = optimizer(json);
        for spe in [None, Some(7)] {
            let core = optim::lr_schedule(&o, 300, spe).unwrap();
            let table = LrTable::from_table(&core);
            assert_eq!(table.per_step().effective_lr.len(), 300);
            assert_columns(table.per_step(), &core.per_step);
            assert_columns(table.per_epoch(), &core.per_epoch);
            // Without an epoch length there is no per-epoch table.
            assert_eq!(table.per_epoch().effective_lr.is_empty(), spe.is_none());
        }
    }
}

#[test]
fn lr_columns_have_a_step_size_only_for_the_adam_family() {
    let adam = optim::lr_schedule(&optimizer(r#"{"name": "adam"}"#), 5, None).unwrap();
    let sgd = optim::lr_schedule(&optimizer(r#"{"name": "sgd"}"#), 5, None).unwrap();
    assert!(LrColumns::from_points(&adam.per_step).step_size.is_some());
    assert!(LrColumns::from_points(&sgd.per_step).step_size.is_none());
    assert_eq!(LrColumns::from_points(&[]), LrColumns::default());
}
