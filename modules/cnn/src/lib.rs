//! The tiny CNN page's wasm module: the `cnn` exports of `optimizer_playground::web`.
pub use optimizer_playground::web;
