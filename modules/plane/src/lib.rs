//! The 2D playground's wasm module: the `plane` exports of `optimizer_playground::web`.
pub use optimizer_playground::web;
