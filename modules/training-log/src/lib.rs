//! The training-log reader's wasm module, loaded only when a person drops or pastes a log: the
//! `training-log` exports of `optimizer_playground::web` (TensorBoard event files, CSVLogger
//! files, console output, history dicts).
pub use optimizer_playground::web;
