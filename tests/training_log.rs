//! The training logs real Keras wrote (tests/data/training_logs/, by
//! `python3 scripts/training_log_reference.py`: tf_keras legacy Adam with decay and Keras 3 with a
//! schedule and with an ignored decay, TensorBoard per batch and per epoch with validation runs,
//! CSVLogger, the console output of verbose=1 and 2, the printed history, a TF 1 file) read by the
//! core: every event-file scalar is what TensorBoard's EventAccumulator read (read.json), bit for
//! bit; the CSV is what Python's csv read; the console and the history agree with it. And bad
//! input: each problem is named with its byte offset or line, and what came before is kept.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use optimizer_playground::training_log::{read_training_log, Format, Per, TrainingLog};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    versions: BTreeMap<String, String>,
    runs: BTreeMap<String, Run>,
}

#[derive(Deserialize)]
struct Run {
    events: BTreeMap<String, Events>,
    #[serde(default)]
    csv: Vec<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct Events {
    scalars: BTreeMap<String, Vec<(u64, String)>>,
    other_tags: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/training_logs")
}

fn record() -> Record {
    serde_json::from_str(&std::fs::read_to_string(dir().join("read.json")).unwrap()).unwrap()
}

fn read(rel: &str) -> TrainingLog {
    let bytes = std::fs::read(dir().join(rel)).unwrap();
    read_training_log(&bytes, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn event_file(run: &str, sub: &str) -> String {
    if sub.is_empty() {
        format!("{run}/events.out.tfevents.fixture.v1")
    } else {
        format!("{run}/logs/{sub}/events.out.tfevents.fixture.v2")
    }
}

fn series<'a>(log: &'a TrainingLog, tag: &str) -> &'a optimizer_playground::training_log::Series {
    log.series.iter().find(|s| s.tag == tag).unwrap_or_else(|| {
        panic!(
            "no {tag} in {:?}",
            log.series.iter().map(|s| &s.tag).collect::<Vec<_>>()
        )
    })
}

#[test]
fn the_recording_names_its_versions() {
    let r = record();
    for k in ["tensorflow", "tf_keras", "keras", "tensorboard"] {
        assert!(r.versions.contains_key(k), "{k}");
    }
    assert_eq!(r.runs.len(), 5);
    assert!(dir().join("corrected.json").exists());
}

#[test]
fn every_event_file_reads_as_tensorboard_reads_it_bit_for_bit() {
    let mut files = 0;
    for (name, run) in record().runs {
        for (sub, events) in run.events {
            let rel = event_file(&name, &sub);
            let log = read(&rel);
            assert_eq!(log.format, Format::Tfevents);
            assert_eq!(log.error, None, "{rel}");
            let mut tags: Vec<&str> = log.series.iter().map(|s| s.tag.as_str()).collect();
            tags.sort_unstable();
            let mut want: Vec<&str> = events.scalars.keys().map(String::as_str).collect();
            want.sort_unstable();
            assert_eq!(tags, want, "{rel}");
            for (tag, points) in &events.scalars {
                let s = series(&log, tag);
                // The folder the file sits in names its run (`train`, `validation`).
                let run = if sub.is_empty() { &name } else { &sub };
                assert_eq!(&s.run, run, "{rel} {tag}");
                let want: Vec<(u64, u32)> = points
                    .iter()
                    .map(|(step, hex)| (*step, u32::from_str_radix(hex, 16).unwrap()))
                    .collect();
                let got: Vec<(u64, u32)> = s
                    .steps
                    .iter()
                    .zip(&s.values)
                    .map(|(&step, &v)| (step, (v as f32).to_bits()))
                    .collect();
                assert_eq!(got, want, "{rel} {tag}");
                assert_eq!(
                    f64::from(s.values[0] as f32),
                    s.values[0],
                    "widened exactly"
                );
            }
            assert_eq!(log.other_tags, events.other_tags, "{rel}");
            files += 1;
        }
    }
    assert_eq!(files, 9);
}

#[test]
fn what_the_files_alone_say_about_the_run() {
    // Batch-level TensorBoard: 4 epochs of 16 updates, and Keras logged no lr at all.
    let log = read("legacy-batch/logs/train/events.out.tfevents.fixture.v2");
    assert_eq!((log.epochs, log.steps_per_epoch), (Some(4), Some(16)));
    assert_eq!(log.logged_lr, None);
    assert_eq!(series(&log, "batch_loss").per, Per::Batch);
    assert_eq!(series(&log, "epoch_loss").per, Per::Epoch);
    // Epoch-level only: the updates per epoch are not in the file.
    let log = read("legacy-epoch-scheduler/logs/train/events.out.tfevents.fixture.v2");
    assert_eq!((log.epochs, log.steps_per_epoch), (Some(4), None));
    // Keras 3 logs the schedule's lr.
    let log = read("keras3-schedule/logs/train/events.out.tfevents.fixture.v2");
    assert_eq!(log.logged_lr.as_deref(), Some("epoch_learning_rate"));
    // The console shows both; the history dict of the scheduler run has `lr`.
    for run in [
        "legacy-batch",
        "legacy-epoch-scheduler",
        "keras3-schedule",
        "keras3-ignored-decay",
    ] {
        let log = read(&format!("{run}/console.txt"));
        assert_eq!(log.format, Format::Console, "{run}");
        assert_eq!(
            (log.epochs, log.steps_per_epoch),
            (Some(4), Some(16)),
            "{run}"
        );
    }
    let h = read("legacy-epoch-scheduler/history.txt");
    assert_eq!(h.format, Format::History);
    assert_eq!(h.logged_lr.as_deref(), Some("lr"));
    assert_eq!(series(&h, "lr").values, vec![0.003; 4]);
}

#[test]
fn csv_history_and_console_agree_with_python_s_reading() {
    for (name, run) in record().runs {
        if run.csv.is_empty() {
            continue;
        }
        let csv = read(&format!("{name}/training.csv"));
        let history = read(&format!("{name}/history.txt"));
        let console = read(&format!("{name}/console.txt"));
        assert_eq!(csv.format, Format::Csv);
        assert_eq!(csv.epochs, Some(run.csv.len() as u64));
        for column in run.csv[0].keys().filter(|k| *k != "epoch") {
            let want: Vec<f64> = run
                .csv
                .iter()
                .map(|row| row[column].parse().unwrap())
                .collect();
            assert_eq!(series(&csv, column).values, want, "{name} {column}");
            assert_eq!(
                series(&history, column).values,
                want,
                "{name} history {column}"
            );
            // The console prints 4 decimals.
            for (c, w) in series(&console, column).values.iter().zip(&want) {
                assert!((c - w).abs() <= 5e-5, "{name} console {column}: {c} vs {w}");
            }
        }
    }
}

/// The legacy batch-level event file, changed.
fn event_bytes() -> Vec<u8> {
    std::fs::read(dir().join("legacy-batch/logs/train/events.out.tfevents.fixture.v2")).unwrap()
}

#[test]
fn a_truncated_event_file_keeps_what_came_before_and_names_the_byte() {
    let bytes = event_bytes();
    let full = read_training_log(&bytes, "train/x").unwrap();
    let cut = &bytes[..bytes.len() - 7];
    let log = read_training_log(cut, "train/x").unwrap();
    let error = log.error.as_deref().unwrap();
    assert!(
        error.starts_with("byte ") && error.contains("ends inside a record"),
        "{error}"
    );
    let points = |l: &TrainingLog| l.series.iter().map(|s| s.steps.len()).sum::<usize>();
    assert!(points(&log) > 0 && points(&log) < points(&full));
}

#[test]
fn a_flipped_crc_stops_at_its_record() {
    let mut bytes = event_bytes();
    let at = bytes.len() - 200;
    // Find the record that holds `at` and break its data check.
    let mut offset = 0;
    while offset + 16 + (u64::from_le_bytes(bytes[offset..offset + 8].try_into().unwrap()) as usize)
        < at
    {
        offset += 16 + u64::from_le_bytes(bytes[offset..offset + 8].try_into().unwrap()) as usize;
    }
    let len = u64::from_le_bytes(bytes[offset..offset + 8].try_into().unwrap()) as usize;
    bytes[offset + 12 + len] ^= 0x01;
    let log = read_training_log(&bytes, "train/x").unwrap();
    assert_eq!(
        log.error.as_deref(),
        Some(format!("byte {offset}: the record's data check (masked CRC32C) fails").as_str())
    );
    assert!(!log.series.is_empty());
}

#[test]
fn files_with_nothing_to_read_say_what_they_are() {
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();
    let e = read_training_log(&png, "events.out.tfevents.123.host").unwrap_err();
    assert!(e.0.contains("PNG image"), "{e}");
    assert_eq!(
        read_training_log(b"", "x.csv").unwrap_err().0,
        "the file is empty"
    );
    let e = read_training_log(b"hello world, this is not a log\n", "notes.txt").unwrap_err();
    assert!(e.0.starts_with("not a training log"), "{e}");
    let e = read_training_log(&[7u8; 100], "bin").unwrap_err();
    assert!(e.0.contains("not a TensorBoard event file"), "{e}");
}

#[test]
fn a_ragged_csv_and_a_console_log_with_noise() {
    let text = std::fs::read_to_string(dir().join("legacy-batch/training.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, "2,0.5");
    let log = read_training_log(lines.join("\n").as_bytes(), "training.csv").unwrap();
    assert_eq!(
        log.error.as_deref(),
        Some("line 4: 2 cells where the header has 5")
    );
    assert_eq!(series(&log, "loss").values.len(), 2);

    let console = std::fs::read_to_string(dir().join("legacy-batch/console.txt")).unwrap();
    let noisy = format!(
        "2026-12-07 16:29:01.1: W tensorflow/core/framework/op_kernel.cc:1816] something\n{console}Traceback (most recent call last):\n  File \"train.py\", line 3, in <module>\nKeyboardInterrupt\n"
    );
    let log = read_training_log(noisy.as_bytes(), "pasted text").unwrap();
    assert_eq!((log.epochs, log.steps_per_epoch), (Some(4), Some(16)));
    assert!(
        log.warnings[0].starts_with("4 lines that are not Keras progress output were skipped (the first, line 1: `2026-12-07"),
        "{:?}",
        log.warnings
    );
    assert_eq!(series(&log, "loss").values.len(), 4);
}

#[derive(Deserialize)]
struct Corrected {
    file: String,
    scalars: BTreeMap<String, Vec<(u64, String)>>,
}

#[test]
fn the_corrected_log_is_the_core_s_and_tensorboard_reads_it() {
    use optimizer_playground::optim::{lr_schedule, OptimizerConfig};
    use optimizer_playground::training_log::corrected_log;
    let rec: Corrected =
        serde_json::from_str(&std::fs::read_to_string(dir().join("corrected.json")).unwrap())
            .unwrap();
    // The page's download for Adam(0.003, decay=0.01) over 4 epochs of 16 updates, written by
    // the wasm build, is byte for byte what the core writes natively.
    let opt = OptimizerConfig::from_json(
        r#"{"name": "adam", "api": "legacy", "learning_rate": 0.003, "decay": 0.01}"#,
    )
    .unwrap();
    let lr: Vec<f32> = lr_schedule(&opt, 65, None)
        .unwrap()
        .per_step
        .iter()
        .map(|p| p.effective_lr)
        .collect();
    let bytes = corrected_log(&lr, 16, 1.8e9);
    assert_eq!(bytes, std::fs::read(dir().join(&rec.file)).unwrap());
    // TensorBoard's EventAccumulator: every update's lr, and each epoch's next-update lr.
    let points = |tag: &str| -> Vec<(u64, u32)> {
        rec.scalars[tag]
            .iter()
            .map(|(s, h)| (*s, u32::from_str_radix(h, 16).unwrap()))
            .collect()
    };
    let per_update: Vec<(u64, u32)> = (0..64).map(|i| (i as u64, lr[i].to_bits())).collect();
    assert_eq!(points("batch_lr_effective"), per_update);
    let per_epoch: Vec<(u64, u32)> = (0..4)
        .map(|e| (e as u64, lr[16 * (e + 1)].to_bits()))
        .collect();
    assert_eq!(points("epoch_lr_effective"), per_epoch);
}
