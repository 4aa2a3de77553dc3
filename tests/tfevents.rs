//! The TensorBoard log the CNN page downloads: the core writes `events.out.tfevents.*` bytes
//! (tests/data/cnn.tfevents is one, committed), its TFRecord framing carries correct masked
//! CRC32Cs, and what TensorBoard's own reader made of the committed file
//! (tests/data/cnn_tfevents_read.json, written by `python3 scripts/tensorboard_reference.py
//! fixture`) is the run's values bit for bit.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::cnn::mnist::Dataset;
use optimizer_playground::cnn::{NetworkConfig, RunConfig, Session};
use optimizer_playground::optim::OptimizerConfig;
use optimizer_playground::tfevents::{crc32c, masked_crc32c, read_records, TrainingLog};

static ASSET: &[u8] = include_bytes!("../www/data/mnist-10k.bin");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cnn.tfevents");
const READ_BACK: &str = include_str!("data/cnn_tfevents_read.json");
/// 2027-01-01T00:00:00Z: the fixture's wall time.
const WALL_TIME: f64 = 1_798_761_600.0;

/// The fixture's run: legacy Adam with decay, 96 digits in batches of 32, 3 epochs (9 updates).
fn fixture_run() -> TrainingLog {
    let optimizer = OptimizerConfig::from_json(
        r#"{"api": "legacy", "name": "adam", "learning_rate": 0.01, "decay": 0.05}"#,
    )
    .unwrap();
    let network = NetworkConfig {
        conv1_filters: 4,
        conv2_filters: 8,
        kernel_size: 3,
        seed: 0,
    };
    let run = RunConfig {
        batch_size: 32,
        seed: 7,
        train_subset: Some(96),
    };
    let mut s = Session::new(Dataset::parse(ASSET).unwrap(), network, optimizer, run).unwrap();
    while s.epoch() < 3 {
        s.train_batches(100).unwrap();
    }
    s.training_log().clone()
}

#[test]
fn the_committed_fixture_is_what_the_core_writes_today() {
    let bytes = fixture_run().to_tfevents(WALL_TIME);
    if std::env::var_os("REGENERATE_TFEVENTS").is_some() {
        std::fs::write(FIXTURE, &bytes).unwrap();
    }
    let committed = std::fs::read(FIXTURE).expect(
        "tests/data/cnn.tfevents (REGENERATE_TFEVENTS=1 cargo test --test tfevents writes it)",
    );
    assert!(committed == bytes, "the core no longer writes the committed tests/data/cnn.tfevents (regenerate it and re-run scripts/tensorboard_reference.py fixture)");
}

#[test]
#[allow(clippy::manual_rotate)] // spelled out as TensorFlow's crc32c::Mask writes it
fn framing_crcs_are_tensorflows() {
    assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    let bytes = std::fs::read(FIXTURE).unwrap();
    // Walk the records by hand: u64 length, masked CRC of the length, data, masked CRC of data.
    let mut at = 0;
    let mut n = 0;
    while at < bytes.len() {
        let len_bytes = &bytes[at..at + 8];
        let len = u64::from_le_bytes(len_bytes.try_into().unwrap()) as usize;
        let crc = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap());
        assert_eq!(crc, masked_crc32c(len_bytes), "length CRC of record {n}");
        let data = &bytes[at + 12..at + 12 + len];
        let crc = u32::from_le_bytes(bytes[at + 12 + len..at + 16 + len].try_into().unwrap());
        let plain = crc32c(data);
        assert_eq!(
            crc,
            ((plain >> 15) | (plain << 17)).wrapping_add(0xa282_ead8),
            "data CRC of record {n}"
        );
        at += 16 + len;
        n += 1;
    }
    assert_eq!(at, bytes.len());
    // 1 version record + 9 updates × 4 scalars + 3 epochs × 4 scalars.
    assert_eq!(n, 1 + 9 * 4 + 3 * 4);
    assert_eq!(read_records(&bytes).unwrap().len(), n);
}

fn f32_hex(v: f32) -> String {
    format!("{:08x}", v.to_bits())
}

#[test]
fn tensorboards_reader_saw_every_value_of_the_run() {
    let log = fixture_run();
    let read: serde_json::Value = serde_json::from_str(READ_BACK).unwrap();
    let scalars = read["scalars"].as_object().unwrap();
    let series = |tag: &str| -> Vec<(u64, String)> {
        scalars[tag]
            .as_array()
            .unwrap_or_else(|| panic!("TensorBoard saw no {tag}"))
            .iter()
            .map(|r| (r[0].as_u64().unwrap(), r[1].as_str().unwrap().to_string()))
            .collect()
    };
    let per_step = |v: &[f32]| -> Vec<(u64, String)> {
        v.iter()
            .enumerate()
            .map(|(i, &x)| (i as u64, f32_hex(x)))
            .collect()
    };
    assert_eq!(series("batch_loss"), per_step(&log.batch_loss));
    assert_eq!(series("batch_accuracy"), per_step(&log.batch_accuracy));
    assert_eq!(series("lr_effective"), per_step(&log.lr_effective));
    assert_eq!(series("lr"), per_step(&log.lr));
    let epochs =
        |f: fn(&optimizer_playground::tfevents::EpochRecord) -> f32| -> Vec<(u64, String)> {
            log.epochs
                .iter()
                .enumerate()
                .map(|(e, r)| (e as u64, f32_hex(f(r))))
                .collect()
        };
    assert_eq!(series("epoch_loss"), epochs(|r| r.loss));
    assert_eq!(series("epoch_accuracy"), epochs(|r| r.accuracy));
    assert_eq!(series("epoch_lr"), epochs(|r| r.lr));
    assert_eq!(series("epoch_lr_effective"), epochs(|r| r.lr_effective));
    assert_eq!(scalars.len(), 8, "no other tags");
    assert_eq!(read["file_version"], 2.0, "brain.Event:2");
    assert!(read["other_tags"].as_object().unwrap().is_empty());
    for rows in scalars.values() {
        for r in rows.as_array().unwrap() {
            assert_eq!(r[2].as_f64(), Some(WALL_TIME));
        }
    }
    // The point of the file: the logged lr is flat, the effective one falls.
    assert!(log.lr.iter().all(|&x| x == 0.01f32));
    assert!(log.lr_effective.windows(2).all(|w| w[1] < w[0]));
    // The epoch-end lr_effective is the lr of the next epoch's first update.
    for (e, r) in log.epochs.iter().enumerate().take(2) {
        assert_eq!(r.lr_effective, log.lr_effective[(e + 1) * 3]);
    }
}
