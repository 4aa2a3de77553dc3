//! The Keras code parser's wasm module, loaded only when a person pastes or edits code: the
//! `keras-code` exports of `optimizer_playground::web`.
pub use optimizer_playground::web;
