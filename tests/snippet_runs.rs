//! What the exported snippets did when they were run for real (tests/data/snippet_runs.json,
//! written by `python3 scripts/tensorboard_reference.py` from the page's own generator output):
//!
//! - the `EffectiveLearningRate` callback in `model.fit` (Keras 2 legacy decay, Keras 3
//!   InverseTimeDecay, a staircase schedule, legacy decay on a staircase schedule), read back
//!   with TensorBoard's EventAccumulator: every logged `lr_effective` / `lr` and the epoch values
//!   in History and in Keras's own TensorBoard callback are the core's `lr_schedule`, bit for bit;
//! - every Keras 2 legacy snippet's optimizer on its 2D function: replaying its gradients through
//!   the core gives its learning rates and parameters bit for bit.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use optimizer_playground::optim::{lr_schedule, OptimizerConfig};
use serde::Deserialize;

const RUNS_JSON: &str = include_str!("data/snippet_runs.json");

type Events = BTreeMap<String, BTreeMap<String, Vec<(u64, String)>>>;

#[derive(Deserialize)]
struct Fit {
    steps_per_epoch: u64,
    epochs: u64,
}

#[derive(Deserialize)]
struct FitRun {
    name: String,
    snippet: String,
    config: serde_json::Value,
    iterations: u64,
    history: BTreeMap<String, String>,
    events: Events,
}

#[derive(Deserialize)]
struct Keras2Run {
    name: String,
    config: serde_json::Value,
    scene: serde_json::Value,
    class: String,
    steps: usize,
    grads: String,
    params: String,
    effective_lr: String,
}

#[derive(Deserialize)]
struct Runs {
    versions: BTreeMap<String, String>,
    fit: Fit,
    fit_runs: Vec<FitRun>,
    keras2_runs: Vec<Keras2Run>,
}

fn runs() -> Runs {
    serde_json::from_str(RUNS_JSON).unwrap()
}

fn hex_f32(s: &str) -> Vec<f32> {
    s.as_bytes()
        .chunks(8)
        .map(|c| f32::from_bits(u32::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap()))
        .collect()
}

fn hex(v: f32) -> String {
    format!("{:08x}", v.to_bits())
}

#[test]
fn recorded_with_real_keras_tensorboard_and_torch() {
    let r = runs();
    for k in ["tensorflow", "tf_keras", "keras", "tensorboard", "torch"] {
        assert!(r.versions.contains_key(k), "no {k} version recorded");
    }
    let names: Vec<&str> = r.fit_runs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "legacy-decay",
            "keras3-inverse-time",
            "keras3-staircase",
            "legacy-staircase-and-decay"
        ]
    );
    assert!(r.keras2_runs.len() >= 20);
}

#[test]
fn the_callback_logs_the_cores_lr_schedule_bit_for_bit() {
    let r = runs();
    let spe = r.fit.steps_per_epoch;
    for run in &r.fit_runs {
        let name = &run.name;
        assert_eq!(run.iterations, spe * r.fit.epochs, "{name}");
        let config: OptimizerConfig = serde_json::from_value(run.config.clone()).unwrap();
        let table = lr_schedule(&config, run.iterations + 1, Some(spe)).unwrap();
        let eff = |it: u64| hex(table.per_step[it as usize].effective_lr);
        let rep = |it: u64| hex(table.per_step[it as usize].reported_lr);
        // every="batch": step 0 (train begin) and after each update, step = iterations.
        let batch = &run.events["lr_batch"];
        let want: Vec<(u64, String)> = (0..=run.iterations).map(|s| (s, eff(s))).collect();
        assert_eq!(
            batch["lr_effective"], want,
            "{name}: lr_effective per batch"
        );
        let want: Vec<(u64, String)> = (0..=run.iterations).map(|s| (s, rep(s))).collect();
        assert_eq!(batch["lr"], want, "{name}: lr per batch");
        // every="epoch": at each epoch's end, step = iterations.
        let ends: Vec<u64> = (1..=r.fit.epochs).map(|e| e * spe).collect();
        let epoch = &run.events["lr_epoch"];
        let want: Vec<(u64, String)> = ends.iter().map(|&s| (s, eff(s))).collect();
        assert_eq!(
            epoch["lr_effective"], want,
            "{name}: lr_effective per epoch"
        );
        // logs → History and Keras's TensorBoard callback (epoch_*, step = epoch).
        let keras = &run.events["keras/train"];
        let by_epoch = |f: &dyn Fn(u64) -> String| -> Vec<(u64, String)> {
            ends.iter()
                .enumerate()
                .map(|(e, &s)| (e as u64, f(s)))
                .collect()
        };
        assert_eq!(
            keras["epoch_lr_effective"],
            by_epoch(&eff),
            "{name}: epoch_lr_effective"
        );
        assert_eq!(keras["epoch_lr"], by_epoch(&rep), "{name}: epoch_lr");
        let history: String = ends.iter().map(|&s| eff(s)).collect();
        assert_eq!(
            run.history["lr_effective"], history,
            "{name}: History lr_effective"
        );
        if run.snippet == "keras3" {
            // Keras 3's own TensorBoard logs the schedule at the epoch's end: the same values.
            assert_eq!(
                keras["epoch_learning_rate"],
                by_epoch(&eff),
                "{name}: Keras's epoch_learning_rate"
            );
        } else {
            // Legacy decay: what Keras reports stays flat while the real lr falls.
            let flat = &keras["epoch_lr"];
            if run.config.get("decay").is_some() && !run.config["learning_rate"].is_object() {
                assert!(
                    flat.iter().all(|(_, v)| *v == flat[0].1),
                    "{name}: epoch_lr is flat"
                );
            }
            assert!(keras["epoch_lr_effective"]
                .windows(2)
                .all(|w| hex_f32(&w[1].1)[0] < hex_f32(&w[0].1)[0]));
        }
    }
}

/// The core configuration the Keras 2 snippet stands for: the legacy class, with decay only if
/// the configuration was a legacy one (the snippet drops a Keras 3 configuration's decay).
fn legacy_config(config: &serde_json::Value) -> OptimizerConfig {
    let mut c = config.clone();
    if c["api"] == "keras3" {
        c.as_object_mut().unwrap().remove("decay");
    }
    c["api"] = "legacy".into();
    serde_json::from_value(c).unwrap()
}

#[test]
fn every_keras2_snippet_is_replayed_by_the_core_bit_for_bit() {
    let r = runs();
    let mut replayed = 0;
    for run in &r.keras2_runs {
        let name = &run.name;
        let grads = hex_f32(&run.grads);
        let params = hex_f32(&run.params);
        let lrs = hex_f32(&run.effective_lr);
        assert_eq!(lrs.len(), run.steps, "{name}");
        assert_eq!(params.len(), run.steps * 2, "{name}");
        if !run.class.contains(".legacy.") {
            // tf_keras's new-style AdamW (no legacy class): executed, not replayed.
            assert_eq!(run.config["name"], "adamw", "{name}: {}", run.class);
            continue;
        }
        let config = legacy_config(&run.config);
        let mut opt = config.build(2).unwrap();
        let start = run.scene["start"].as_array().unwrap();
        let mut p: Vec<f32> = start.iter().map(|v| v.as_f64().unwrap() as f32).collect();
        let nadam = run.config["name"] == "nadam";
        let mut bad_lr = 0;
        let mut first_bad = None;
        for k in 0..run.steps {
            let info = opt.apply_gradients(&mut p, &grads[2 * k..2 * k + 2]);
            bad_lr += usize::from(info.effective_lr.to_bits() != lrs[k].to_bits());
            if p[0].to_bits() != params[2 * k].to_bits()
                || p[1].to_bits() != params[2 * k + 1].to_bits()
            {
                first_bad.get_or_insert(k);
                // Keep following Keras's path to count every later difference from its state.
                p.copy_from_slice(&params[2 * k..2 * k + 2]);
            }
        }
        // Legacy Nadam's `_decayed_lr` claims a decay (schedule_decay) its update never applies
        // (keras-facts.md): that recorded claim is not the lr it used; its parameters still count.
        if !nadam {
            assert_eq!(
                bad_lr, 0,
                "{name}: {bad_lr} learning rates differ from Keras's _decayed_lr"
            );
        }
        assert_eq!(
            first_bad, None,
            "{name}: parameters differ from Keras first at step {first_bad:?}"
        );
        // The lr sequence is also the core's lr_schedule.
        let table = lr_schedule(&config, run.steps as u64, None).unwrap();
        for (k, row) in table.per_step.iter().enumerate().filter(|_| !nadam) {
            assert_eq!(
                row.effective_lr.to_bits(),
                lrs[k].to_bits(),
                "{name}: lr_schedule at {k}"
            );
        }
        replayed += 1;
    }
    assert!(replayed >= 20, "only {replayed} replayed");
}
