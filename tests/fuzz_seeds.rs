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
