//! The sweep worker's wasm module: the `sweep` exports of `optimizer_playground::web`.
pub use optimizer_playground::web;
