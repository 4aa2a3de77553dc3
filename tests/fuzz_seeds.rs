//! The fuzz targets' seed inputs are what they claim: valid configurations and a valid tiny
//! dataset, and Keras code with an optimizer, so `cargo fuzz` starts from inputs that reach deep
//! into the parsers.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::cnn::mnist::Dataset;
use optimizer_playground::keras_code::parse_keras_code;
use optimizer_playground::optim::OptimizerConfig;
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};

fn seeds(target: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn optimizer_and_trajectory_seeds_are_valid() {
    for path in seeds("optimizer_config") {
        let text = std::fs::read_to_string(&path).unwrap();
        let config = OptimizerConfig::from_json(&text).unwrap();
        config
            .validate()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    for path in seeds("trajectory_config") {
        let text = std::fs::read_to_string(&path).unwrap();
        let config = TrajectoryConfig::from_json(&text).unwrap();
        run_trajectory(&config).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn dataset_seed_parses() {
    for path in seeds("dataset") {
        let ds = Dataset::parse(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!((ds.train().len(), ds.test().len()), (1, 1));
    }
}

#[test]
fn keras_code_seeds_read_an_optimizer() {
    let seeds = seeds("keras_code");
    assert!(seeds.len() >= 8);
    for path in seeds {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = parse_keras_code(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let optimizer = parsed
            .optimizer
            .unwrap_or_else(|| panic!("{}: no optimizer", path.display()));
        optimizer.validate().unwrap();
    }
}

#[test]
fn training_log_seeds_read_behind_their_target_s_prefix() {
    use optimizer_playground::training_log::read_training_log;
    let first_record = {
        let file = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/training_logs/tf1-simple-value/events.out.tfevents.fixture.v1"),
        )
        .unwrap();
        let n = 16 + u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
        file[..n].to_vec()
    };
    for (target, prefix, name) in [
        ("log_csv", b"epoch,".to_vec(), "training.csv"),
        ("log_console", b"Epoch 1/2\n".to_vec(), "pasted text"),
        ("log_history", b"{'loss': [".to_vec(), "history.txt"),
    ] {
        for path in seeds(target) {
            let bytes = [prefix.clone(), std::fs::read(&path).unwrap()].concat();
            let log = read_training_log(&bytes, name).unwrap();
            assert!(!log.series.is_empty(), "{}", path.display());
        }
    }
    for path in seeds("log_tfevents") {
        let seed = std::fs::read(&path).unwrap();
        let bytes = [first_record.clone(), seed[1..].to_vec()].concat();
        let log = read_training_log(&bytes, "logs/train/events.out.tfevents.1.host").unwrap();
        assert!(
            log.error.is_none() && !log.series.is_empty(),
            "{}",
            path.display()
        );
    }
}
