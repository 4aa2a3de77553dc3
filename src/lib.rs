//! optimizer-playground: Keras's optimizers, exactly as Keras computes them, in plain Rust.
//!
//! The numeric core (every module but [`web`]) has no wasm-bindgen in it and is tested with
//! plain `cargo test`. [`web`] holds every `#[wasm_bindgen]` export and nothing else.

pub mod cnn;
pub mod error;
pub mod functions;
pub mod keras_code;
pub mod kernels;
pub mod libm;
pub mod mnist;
pub mod optim;
pub mod render;
pub mod schedule;
pub mod sweep;
pub mod tfevents;
pub mod trajectory;
pub mod web;

pub use error::ConfigError;
pub use keras_code::{parse_keras_code, ParsedCode};
pub use optim::{lr_schedule, OptimizerConfig};
pub use schedule::LearningRateSchedule;

/// What this build is: the crate version and whether wasm `simd128` was compiled in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildInfo {
    pub version: &'static str,
    pub simd128: bool,
    pub target_arch: &'static str,
}

/// Reports the build. `simd128` is a compile-time choice (`-C target-feature=+simd128`),
/// so the scalar and SIMD builds of the same source report different values.
pub fn build_info() -> BuildInfo {
    BuildInfo {
        version: env!("CARGO_PKG_VERSION"),
        simd128: cfg!(all(target_arch = "wasm32", target_feature = "simd128")),
        target_arch: std::env::consts::ARCH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_build_reports_no_simd128() {
        let info = build_info();
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert!(!info.simd128);
    }
}
