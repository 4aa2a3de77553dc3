//! A tiny CNN for MNIST, trained with any [`Optimizer`](crate::optim::Optimizer).
//!
//! Conv 5×5×8 (same) → ReLU → MaxPool 2 → Conv 5×5×16 (same) → ReLU → MaxPool 3 → Dense 10 →
//! softmax, i.e. ConvNetJS's MNIST demo on 28×28 inputs, built and initialised as the equivalent
//! Keras `Sequential` model would be (Glorot-uniform kernels, zero biases, Keras weight shapes,
//! `SparseCategoricalCrossentropy` averaged over the batch).
//!
//! Design choices:
//! - **One parameter buffer.** Every weight lives in one `Vec<f32>` and every gradient in
//!   another of the same length, each layer owning a fixed range ([`Network::layout`]). One
//!   `apply_gradients` call per batch then updates everything, and the optimizer's
//!   `iterations` counts batches exactly as in `model.fit`.
//! - **NHWC activations.** Channels innermost is Keras's `channels_last`, so the kernels keep
//!   Keras's `(kh, kw, in, out)` shape, `Flatten` is free and in Keras's order, and a
//!   convolution is an implicit GEMM (im2col without the copy): output pixels × output
//!   channels, where a pixel's patch is `ks` contiguous runs of the zero-padded image and the
//!   output channels are the contiguous inner dimension — what a 128-bit SIMD kernel wants.
//! - **Preallocated buffers.** Activations, their gradients and scratch are sized for the
//!   largest batch seen and reused; a steady training loop allocates nothing. For the default
//!   network that is about 100 KB per example, 3.3 MB at batch 32 ([`Network::workspace_bytes`]).
//! - **Hot loops in [`kernels`].** Plain functions over slices (convolution, GEMMs, pooling), each a
//!   drop-in target for a wasm `simd128` twin.
//! - **The data in [`mnist`].** The shipped MNIST asset's parser and the batches drawn from it.

pub mod bench;
pub mod config;
pub mod kernels;
pub mod layers;
pub mod mnist;
mod network;
pub mod rng;
pub mod session;

pub use config::NetworkConfig;
pub use network::{
    BatchStats, ConfusionMatrix, Evaluation, FilterBank, FlopCount, Network, ParamTensor,
    TrainError, CLASSES, IMAGE_PIXELS, IMAGE_SIDE, MAX_TRAIN_BATCH,
};
pub use session::{ChunkSummary, EpochStats, RunConfig, Session};
