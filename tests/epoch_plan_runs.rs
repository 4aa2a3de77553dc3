//! What the page's once-per-epoch snippets did when they were run for real
//! (tests/data/epoch_plan_runs.json, written by `python3 scripts/epoch_plan_reference.py` from the
//! page's own plan and generator output): for every run and every form — Keras 3
//! `InverseTimeDecay` and `ExponentialDecay` with `staircase=True`, `LearningRateScheduler` in
//! tf_keras and in Keras 3, PyTorch `LambdaLR` and `StepLR` — the lr of the first and of the
//! last update of every epoch is the core's `optim::epoch_plan`, bit for bit; and tf_keras's
//! legacy `decay` run is the core's per-update lr at those updates.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use optimizer_playground::optim::{epoch_plan, EpochPlan, FitConfig, OptimizerConfig};
use serde::Deserialize;

const RUNS_JSON: &str = include_str!("data/epoch_plan_runs.json");

#[derive(Deserialize)]
struct Record {
    versions: BTreeMap<String, String>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    optimizer: serde_json::Value,
    fit: FitConfig,
    plan: Numbers,
    runs: BTreeMap<String, Run>,
}

#[derive(Deserialize)]
struct Numbers {
    steps_per_epoch: u64,
    epochs: u64,
    decay_steps: u64,
    decay_rate: f64,
    factor: Option<f64>,
}

#[derive(Deserialize)]
struct Run {
    first: String,
    last: String,
    class: String,
}

fn f32s(hex: &str) -> Vec<f32> {
    (0..hex.len() / 8)
        .map(|i| f32::from_bits(u32::from_str_radix(&hex[8 * i..8 * i + 8], 16).unwrap()))
        .collect()
}

fn f64s(hex: &str) -> Vec<f64> {
    (0..hex.len() / 16)
        .map(|i| f64::from_bits(u64::from_str_radix(&hex[16 * i..16 * i + 16], 16).unwrap()))
        .collect()
}

fn bits32(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn bits64(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn plan_of(case: &Case) -> EpochPlan {
    let optimizer: OptimizerConfig = serde_json::from_value(case.optimizer.clone()).unwrap();
    epoch_plan(&optimizer, &case.fit)
        .unwrap()
        .unwrap_or_else(|no| panic!("{}: {}", case.name, no.reason))
}

fn record() -> Record {
    serde_json::from_str(RUNS_JSON).unwrap()
}

#[test]
fn the_recording_names_its_versions_and_covers_every_form() {
    let r = record();
    for k in ["tensorflow", "tf_keras", "keras", "torch"] {
        assert!(r.versions.contains_key(k), "{k}");
    }
    assert!(r.cases.len() >= 3);
    for case in &r.cases {
        let mut kinds: Vec<&str> = case.runs.keys().map(String::as_str).collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            [
                "callback_keras2",
                "callback_keras3",
                "exponential",
                "inverse_time",
                "legacy",
                "torch_lambda",
                "torch_step"
            ],
            "{}",
            case.name
        );
        assert!(
            case.runs["legacy"].class.contains("legacy"),
            "{}",
            case.name
        );
        assert!(case.runs["callback_keras2"].class.starts_with("tf_keras"));
        assert!(case.runs["inverse_time"].class.starts_with("keras"));
    }
}

#[test]
fn the_core_chooses_the_numbers_the_snippets_ran_with() {
    for case in record().cases {
        let p = plan_of(&case);
        assert_eq!(
            p.fit.steps_per_epoch, case.plan.steps_per_epoch,
            "{}",
            case.name
        );
        assert_eq!(p.epochs, case.plan.epochs);
        assert_eq!(p.decay_steps, case.plan.decay_steps);
        assert_eq!(p.decay_rate.to_bits(), case.plan.decay_rate.to_bits());
        assert_eq!(
            p.factor.map(f64::to_bits),
            case.plan.factor.map(f64::to_bits)
        );
    }
}

#[test]
fn every_keras_form_used_the_core_s_lr_at_every_epoch_bit_for_bit() {
    for case in record().cases {
        let p = plan_of(&case);
        let pe = &p.per_epoch;
        let n = p.epochs as usize;
        for (kind, want) in [
            ("inverse_time", &pe.inverse_time),
            ("exponential", &pe.exponential),
            ("callback_keras2", &pe.scheduler_callback),
            ("callback_keras3", &pe.scheduler_callback),
        ] {
            let run = &case.runs[kind];
            let (first, last) = (f32s(&run.first), f32s(&run.last));
            assert_eq!(first.len(), n, "{} {kind}", case.name);
            // Once per epoch: the epoch's last update uses its first update's lr.
            assert_eq!(
                bits32(&first),
                bits32(want),
                "{} {kind}: first updates",
                case.name
            );
            assert_eq!(
                bits32(&last),
                bits32(want),
                "{} {kind}: last updates",
                case.name
            );
        }
        let legacy = &case.runs["legacy"];
        assert_eq!(
            bits32(&f32s(&legacy.first)),
            bits32(&pe.run_first),
            "{}",
            case.name
        );
        assert_eq!(bits32(&f32s(&legacy.last)), bits32(&pe.run_last));
        assert_eq!(bits32(&pe.run_first), bits32(&pe.per_update));
    }
}

#[test]
fn the_staircase_equals_tf_keras_s_legacy_decay_at_every_epoch_start() {
    for case in record().cases {
        let p = plan_of(&case);
        let legacy = f32s(&case.runs["legacy"].first);
        let itd = f32s(&case.runs["inverse_time"].first);
        assert_eq!(bits32(&itd), bits32(&legacy), "{}", case.name);
        assert_eq!(p.per_epoch.inverse_time.len(), legacy.len());
    }
}

#[test]
fn both_pytorch_schedulers_gave_the_core_s_double_at_every_epoch() {
    for case in record().cases {
        let p = plan_of(&case);
        for (kind, want) in [
            ("torch_lambda", &p.per_epoch.torch_lambda),
            ("torch_step", &p.per_epoch.torch_step),
        ] {
            let run = &case.runs[kind];
            assert_eq!(
                bits64(&f64s(&run.first)),
                bits64(want),
                "{} {kind}",
                case.name
            );
            assert_eq!(
                bits64(&f64s(&run.last)),
                bits64(want),
                "{} {kind}",
                case.name
            );
        }
    }
}
