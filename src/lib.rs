//! optimizer-playground: Keras's optimizers, exactly as Keras computes them, in plain Rust.
//!
//! # Module map
//!
//! Layers, each depending only on the ones above it in this list (no cycles; within every
//! module, the files import each other without a cycle either, see `tests/layers.rs`):
//!
//! 1. [`simd`]: numbers four lanes at a time ([`simd::F32x4`], a wasm `simd128` twin and a
//!    scalar twin), the [`simd::Lane`] trait the formulas are written over, `ftz`. Knows
//!    nothing else. [`libm`] (glibc's `powf`/`expf`/`logf`/`sinf`/`cosf`, bit for bit, on every
//!    target), [`value`] (a JSON value and a deserializer that names the field path of an
//!    error), [`error`] ([`ConfigError`]; reads configs through [`value`]) and [`tfevents`]
//!    (TensorBoard's file format) stand beside it and depend on nothing else in the crate.
//! 2. [`optim`]: the Keras optimizers, legacy `decay`, the Keras 3 schedules
//!    ([`optim::schedule`]), the learning rate per update ([`optim::lr`]) and its tables
//!    ([`optim::lr_table`]), and `model.fit`'s arithmetic ([`optim::fit`]). Its files form a
//!    chain too, leaf to top: `kmath` and `spec` → `schedule` → `lr` → the optimizers →
//!    `config` → `lr_table` → `fit` → `epoch_plan` (see [`optim`]).
//! 3. The two products and the readers of what people bring, side by side (none imports
//!    another):
//!    - [`plane`]: the 2D playground (test functions, contour grid, step paths, the sweep,
//!      colours);
//!    - [`cnn`]: the tiny network, its kernels, the training session and the MNIST asset;
//!    - [`keras_code`]: reads a person's pasted Keras code into optimizer and fit settings;
//!    - [`training_log`]: reads the training logs a person brings (TensorBoard event files,
//!      CSVLogger files, console output, history dicts; it uses only [`tfevents`]).
//! 4. [`web`]: every `#[wasm_bindgen]` export, and nothing else. Every module above it is plain
//!    Rust, tested with `cargo test`.

// Every unsafe operation sits in its own `unsafe {}` block with a `// SAFETY:` comment, also
// inside `unsafe fn`s (the simd128 twins).
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod cnn;
pub mod error;
pub mod keras_code;
pub mod libm;
pub mod optim;
pub mod plane;
pub mod simd;
pub mod tfevents;
pub mod training_log;
pub mod value;
pub mod web;

pub use error::ConfigError;
pub use keras_code::{parse_keras_code, ParsedCode};
pub use optim::schedule::LearningRateSchedule;
pub use optim::{lr_schedule, OptimizerConfig};

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
