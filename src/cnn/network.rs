//! The default network with its single parameter buffer, reusable batch buffers and the
//! training/inference API.

use super::config::NetworkConfig;
use super::kernels::normalise;
use super::layers::{Conv2d, Dense, LossSum, MaxPool2d, Relu, SoftmaxCrossEntropy};
use super::rng::{glorot_uniform, SplitMix64};
use crate::optim::{Optimizer, StepInfo};
use crate::ConfigError;
use std::fmt;
use std::ops::Range;

/// Side of the square grayscale input (MNIST).
pub const IMAGE_SIDE: usize = 28;
/// Values per input image.
pub const IMAGE_PIXELS: usize = IMAGE_SIDE * IMAGE_SIDE;
/// Output classes (digits 0–9).
pub const CLASSES: usize = 10;
/// Largest batch [`Network::train_batch`] accepts: keeps the reusable buffers bounded (about
/// 26 MB for the default network at this size, 3.3 MB at the usual 32).
pub const MAX_TRAIN_BATCH: usize = 256;
/// Chunk size for inference when no larger training batch has sized the buffers yet.
const INFERENCE_CHUNK: usize = 32;
const POOL1: usize = 2;
const POOL2: usize = 3;

/// One named parameter tensor inside [`Network::parameters`], in Keras's
/// `model.trainable_variables` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamTensor {
    /// `conv1/kernel`, `conv1/bias`, `conv2/kernel`, `conv2/bias`, `dense/kernel`, `dense/bias`.
    pub name: &'static str,
    /// Keras's shape: `(kh, kw, in, out)` for conv kernels, `(in, out)` for the dense kernel.
    pub shape: Vec<usize>,
    /// Where the tensor lives in the flat buffer (row-major in `shape`).
    pub range: Range<usize>,
}

/// The first conv layer's kernel, for drawing the learned filters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilterBank<'a> {
    /// Row-major in `shape`: `weights[((ky·kw + kx)·in + c)·out + f]`.
    pub weights: &'a [f32],
    /// `(kh, kw, in, out)` as in Keras; `in` is 1 (grayscale).
    pub shape: [usize; 4],
}

impl FilterBank<'_> {
    /// Filter `f` as a `kh × kw` row-major image (of input channel 0), ready to draw.
    ///
    /// # Panics
    /// If `f` is not below the number of filters.
    pub fn filter(&self, f: usize) -> Vec<f32> {
        let [kh, kw, cin, out] = self.shape;
        assert!(f < out, "filter {f} of {out}");
        (0..kh * kw)
            .map(|tap| self.weights[tap * cin * out + f])
            .collect()
    }
}

/// What one training batch did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchStats {
    /// Mean softmax cross-entropy of the batch *before* the update (what Keras's progress bar
    /// averages).
    pub loss: f32,
    /// Examples of the batch classified correctly before the update.
    pub correct: usize,
    /// Examples in the batch.
    pub batch_size: usize,
    /// The optimizer's report for the single update this batch made.
    pub step: StepInfo,
}

/// Per-class outcome counts: `counts[true_label][predicted]`, as `tf.math.confusion_matrix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ConfusionMatrix {
    /// `counts[true_label][predicted]`.
    pub counts: [[u32; CLASSES]; CLASSES],
}

impl Default for ConfusionMatrix {
    fn default() -> Self {
        Self {
            counts: [[0; CLASSES]; CLASSES],
        }
    }
}

impl ConfusionMatrix {
    /// Builds the matrix from predicted and true labels (both `0..CLASSES`, same length).
    ///
    /// # Panics
    /// If the lengths differ or a label is out of range.
    pub fn from_labels(predicted: &[u8], labels: &[u8]) -> Self {
        assert_eq!(predicted.len(), labels.len(), "one prediction per label");
        let mut m = Self::default();
        for (&p, &y) in predicted.iter().zip(labels) {
            m.counts[usize::from(y)][usize::from(p)] += 1;
        }
        m
    }

    /// Examples counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Examples on the diagonal.
    pub fn correct(&self) -> u32 {
        (0..CLASSES).map(|i| self.counts[i][i]).sum()
    }
}

/// Result of [`Network::evaluate`]: Keras's `model.evaluate` loss and accuracy, plus where the
/// mistakes are.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Mean softmax cross-entropy over all examples.
    pub loss: f32,
    /// Fraction classified correctly.
    pub accuracy: f32,
    /// Which digits are mistaken for which.
    pub confusion: ConfusionMatrix,
}

/// Multiply-adds counted as 2 FLOPs, per example, for the conv and dense layers (ReLU,
/// pooling and softmax are a rounding error next to them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlopCount {
    /// Forward pass.
    pub inference: u64,
    /// Forward pass plus all weight and input gradients of one training step.
    pub training: u64,
}

/// Why [`Network::train_batch`] made no (lasting) update.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainError {
    /// The images or labels are malformed; nothing was computed.
    Input(ConfigError),
    /// The loss or a gradient was NaN/infinite; the optimizer was not called, so weights and
    /// optimizer state are unchanged. Usually a learning rate far too large.
    NonFiniteLoss {
        /// The optimizer's `iterations` (the update that was not made).
        iteration: u64,
        /// The offending mean loss (NaN or ±inf; finite if only a gradient overflowed).
        loss: f32,
    },
    /// The optimizer produced a NaN/infinite weight. The weights were restored to their
    /// pre-update values, but the optimizer's own state (moments, `iterations`) has advanced:
    /// rebuild the optimizer before training on.
    NonFiniteParameters {
        /// The `iteration` the optimizer reported for the undone update.
        iteration: u64,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(e) => e.fmt(f),
            Self::NonFiniteLoss { iteration, loss } => write!(
                f,
                "training diverged at iteration {iteration}: the loss is {loss}; no update was applied"
            ),
            Self::NonFiniteParameters { iteration } => write!(
                f,
                "training diverged at iteration {iteration}: the update produced non-finite weights; \
                 the weights were restored"
            ),
        }
    }
}

impl std::error::Error for TrainError {}

impl From<ConfigError> for TrainError {
    fn from(e: ConfigError) -> Self {
        Self::Input(e)
    }
}

/// Activation, gradient and scratch buffers for up to `capacity` examples, allocated when a
/// larger batch than before arrives and reused otherwise, so a steady training loop does not
/// allocate.
#[derive(Debug, Default)]
struct Workspace {
    capacity: usize,
    input: Vec<f32>,
    conv1: Vec<f32>,
    pool1: Vec<f32>,
    pool1_arg: Vec<u32>,
    conv2: Vec<f32>,
    pool2: Vec<f32>,
    pool2_arg: Vec<u32>,
    logits: Vec<f32>,
    d_logits: Vec<f32>,
    d_pool2: Vec<f32>,
    d_conv2: Vec<f32>,
    d_pool1: Vec<f32>,
    d_conv1: Vec<f32>,
    scratch: Vec<f32>,
}

impl Workspace {
    fn bytes(&self) -> usize {
        let floats = [
            &self.input,
            &self.conv1,
            &self.pool1,
            &self.conv2,
            &self.pool2,
            &self.logits,
            &self.d_logits,
            &self.d_pool2,
            &self.d_conv2,
            &self.d_pool1,
            &self.d_conv1,
            &self.scratch,
        ]
        .iter()
        .map(|v| v.len())
        .sum::<usize>();
        (floats + self.pool1_arg.len() + self.pool2_arg.len()) * 4
    }
}

/// The CNN: layer shapes, one flat parameter buffer (plus its gradient), and reusable buffers.
///
/// Parameters are laid out back to back in Keras's `trainable_variables` order —
/// `conv1/kernel (k,k,1,c1)`, `conv1/bias (c1)`, `conv2/kernel (k,k,c1,c2)`, `conv2/bias (c2)`,
/// `dense/kernel (16·c2, 10)`, `dense/bias (10)` — see [`Network::layout`]. One optimizer call
/// over the whole buffer is then exactly Keras's per-variable element-wise update.
#[derive(Debug)]
pub struct Network {
    config: NetworkConfig,
    conv1: Conv2d,
    pool1: MaxPool2d,
    conv2: Conv2d,
    pool2: MaxPool2d,
    dense: Dense,
    loss: SoftmaxCrossEntropy,
    params: Vec<f32>,
    grads: Vec<f32>,
    before_update: Vec<f32>,
    ws: Workspace,
}

impl Network {
    /// Builds the network and initialises it as Keras does by default: Glorot-uniform kernels
    /// (in layer order, from one SplitMix64 stream seeded with `config.seed`) and zero biases.
    pub fn new(config: NetworkConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let (c1, c2, ks) = (
            config.conv1_filters,
            config.conv2_filters,
            config.kernel_size,
        );
        let conv1 = Conv2d {
            height: IMAGE_SIDE,
            width: IMAGE_SIDE,
            in_channels: 1,
            out_channels: c1,
            kernel_size: ks,
        };
        let side1 = IMAGE_SIDE / POOL1;
        let pool1 = MaxPool2d {
            height: IMAGE_SIDE,
            width: IMAGE_SIDE,
            channels: c1,
            pool: POOL1,
        };
        let conv2 = Conv2d {
            height: side1,
            width: side1,
            in_channels: c1,
            out_channels: c2,
            kernel_size: ks,
        };
        let pool2 = MaxPool2d {
            height: side1,
            width: side1,
            channels: c2,
            pool: POOL2,
        };
        let dense = Dense {
            inputs: pool2.output_len(),
            outputs: CLASSES,
        };
        let total = conv1.param_len() + conv2.param_len() + dense.param_len();
        let mut net = Self {
            config,
            conv1,
            pool1,
            conv2,
            pool2,
            dense,
            loss: SoftmaxCrossEntropy { classes: CLASSES },
            params: vec![0.0; total],
            grads: vec![0.0; total],
            before_update: vec![0.0; total],
            ws: Workspace::default(),
        };
        let mut rng = SplitMix64::new(config.seed);
        let [r1, r2, r3] = net.layer_ranges();
        let (f1, f2, f3) = (conv1.fans(), conv2.fans(), dense.fans());
        glorot_uniform(
            &mut net.params[r1][..conv1.kernel_len()],
            f1.0,
            f1.1,
            &mut rng,
        );
        glorot_uniform(
            &mut net.params[r2][..conv2.kernel_len()],
            f2.0,
            f2.1,
            &mut rng,
        );
        glorot_uniform(
            &mut net.params[r3][..dense.kernel_len()],
            f3.0,
            f3.1,
            &mut rng,
        );
        Ok(net)
    }

    /// The configuration this network was built from.
    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// Length of the parameter (and gradient) buffer: what the optimizer must be built for.
    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }

    /// All weights, in the layout of [`Self::layout`].
    pub fn parameters(&self) -> &[f32] {
        &self.params
    }

    /// All weights, writable: for loading saved weights or perturbing them in gradient checks.
    pub fn parameters_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// Gradients from the last [`Self::train_batch`] or [`Self::compute_gradients`].
    pub fn gradients(&self) -> &[f32] {
        &self.grads
    }

    /// Name, Keras shape and range of every tensor in the parameter buffer.
    pub fn layout(&self) -> Vec<ParamTensor> {
        let (c1, c2, ks) = (
            self.config.conv1_filters,
            self.config.conv2_filters,
            self.config.kernel_size,
        );
        let [r1, r2, r3] = self.layer_ranges();
        let split =
            |r: Range<usize>, kernel: usize| (r.start..r.start + kernel, r.start + kernel..r.end);
        let (k1, b1) = split(r1, self.conv1.kernel_len());
        let (k2, b2) = split(r2, self.conv2.kernel_len());
        let (k3, b3) = split(r3, self.dense.kernel_len());
        vec![
            ParamTensor {
                name: "conv1/kernel",
                shape: vec![ks, ks, 1, c1],
                range: k1,
            },
            ParamTensor {
                name: "conv1/bias",
                shape: vec![c1],
                range: b1,
            },
            ParamTensor {
                name: "conv2/kernel",
                shape: vec![ks, ks, c1, c2],
                range: k2,
            },
            ParamTensor {
                name: "conv2/bias",
                shape: vec![c2],
                range: b2,
            },
            ParamTensor {
                name: "dense/kernel",
                shape: vec![self.dense.inputs, CLASSES],
                range: k3,
            },
            ParamTensor {
                name: "dense/bias",
                shape: vec![CLASSES],
                range: b3,
            },
        ]
    }

    /// The first conv layer's kernel, to draw what the filters have learned.
    pub fn first_layer_filters(&self) -> FilterBank<'_> {
        let ks = self.config.kernel_size;
        FilterBank {
            weights: &self.params[..self.conv1.kernel_len()],
            shape: [ks, ks, 1, self.config.conv1_filters],
        }
    }

    /// FLOPs per example, for throughput figures.
    pub fn flops_per_example(&self) -> FlopCount {
        let (m1, m2, m3) = (
            self.conv1.macs() as u64,
            self.conv2.macs() as u64,
            self.dense.macs() as u64,
        );
        FlopCount {
            inference: 2 * (m1 + m2 + m3),
            // Backward: conv1 weight grad; conv2 and dense weight and input grads.
            training: 2 * (m1 + m2 + m3) + 2 * (m1 + 2 * m2 + 2 * m3),
        }
    }

    /// Bytes currently held by the batch buffers (activations, their gradients, scratch). For
    /// the default network about 100 KB per example plus 44 KB of scratch: 3.3 MB at batch 32.
    pub fn workspace_bytes(&self) -> usize {
        self.ws.bytes()
    }

    /// One Keras training step on one batch: forward, loss, backward, then exactly one
    /// `optimizer.apply_gradients` over the whole parameter buffer (so the optimizer's
    /// `iterations` counts batches, as in `model.fit`).
    ///
    /// `images` are `n` row-major 28×28 grayscale images (0–255; divided by 255 here),
    /// `labels` their `n` digits. A non-finite loss, gradient or updated weight is reported as
    /// an error and never left in the weights.
    pub fn train_batch(
        &mut self,
        images: &[u8],
        labels: &[u8],
        optimizer: &mut dyn Optimizer,
    ) -> Result<BatchStats, TrainError> {
        let n = check_batch(images.len(), Some(labels))?;
        if n > MAX_TRAIN_BATCH {
            return Err(ConfigError::new(
                "images",
                format!("a training batch holds 1..={MAX_TRAIN_BATCH} images, got {n}"),
            )
            .into());
        }
        self.reserve(n);
        normalise(images, &mut self.ws.input[..n * IMAGE_PIXELS]);
        let sum = self.forward_loss(n, labels, true);
        let loss = (sum.total / n as f64) as f32;
        if !loss.is_finite() || !self.grads.iter().all(|g| g.is_finite()) {
            return Err(TrainError::NonFiniteLoss {
                iteration: optimizer.iterations(),
                loss,
            });
        }
        self.before_update.copy_from_slice(&self.params);
        let step = optimizer.apply_gradients(&mut self.params, &self.grads);
        if !self.params.iter().all(|p| p.is_finite()) {
            self.params.copy_from_slice(&self.before_update);
            return Err(TrainError::NonFiniteParameters {
                iteration: step.iteration,
            });
        }
        Ok(BatchStats {
            loss,
            correct: sum.correct,
            batch_size: n,
            step,
        })
    }

    /// Mean loss of a batch of already-normalised images and its gradient (left in
    /// [`Self::gradients`]), without touching the weights: for gradient checks and custom
    /// training loops. The mean is accumulated in `f64`.
    pub fn compute_gradients(&mut self, images: &[f32], labels: &[u8]) -> Result<f64, ConfigError> {
        let n = check_batch(images.len(), Some(labels))?;
        self.reserve(n);
        self.ws.input[..images.len()].copy_from_slice(images);
        Ok(self.forward_loss(n, labels, true).total / n as f64)
    }

    /// Mean loss of a batch of already-normalised images (forward pass only, `f64` mean).
    pub fn loss(&mut self, images: &[f32], labels: &[u8]) -> Result<f64, ConfigError> {
        let n = check_batch(images.len(), Some(labels))?;
        self.reserve(n);
        self.ws.input[..images.len()].copy_from_slice(images);
        Ok(self.forward_loss(n, labels, false).total / n as f64)
    }

    /// Class probabilities (`n × 10`, row-major) for `n` images of 0–255 pixels, computed in
    /// chunks through the reusable buffers.
    pub fn predict(&mut self, images: &[u8]) -> Result<Vec<f32>, ConfigError> {
        let n = check_batch(images.len(), None)?;
        let mut probs = vec![0.0; n * CLASSES];
        let chunk = self.ws.capacity.max(INFERENCE_CHUNK);
        self.reserve(chunk.min(n));
        for (imgs, out) in images
            .chunks(chunk * IMAGE_PIXELS)
            .zip(probs.chunks_mut(chunk * CLASSES))
        {
            let m = imgs.len() / IMAGE_PIXELS;
            normalise(imgs, &mut self.ws.input[..imgs.len()]);
            self.forward(m);
            for (z, p) in self.ws.logits[..m * CLASSES]
                .chunks_exact(CLASSES)
                .zip(out.chunks_exact_mut(CLASSES))
            {
                super::kernels::softmax_row(z, p);
            }
        }
        Ok(probs)
    }

    /// Class probabilities for one drawn digit: 784 row-major values in `[0, 1]` (white ink on
    /// black, like MNIST), e.g. from a canvas.
    pub fn predict_digit(&mut self, pixels: &[f32]) -> Result<[f32; CLASSES], ConfigError> {
        if pixels.len() != IMAGE_PIXELS {
            return Err(ConfigError::new(
                "pixels",
                format!(
                    "must hold {IMAGE_PIXELS} values (28×28), got {}",
                    pixels.len()
                ),
            ));
        }
        if let Some(i) = pixels.iter().position(|p| !(0.0..=1.0).contains(p)) {
            return Err(ConfigError::new(
                "pixels",
                format!("values must be in [0, 1], got {} at index {i}", pixels[i]),
            ));
        }
        self.reserve(1);
        self.ws.input[..IMAGE_PIXELS].copy_from_slice(pixels);
        self.forward(1);
        let mut probs = [0.0; CLASSES];
        super::kernels::softmax_row(&self.ws.logits[..CLASSES], &mut probs);
        Ok(probs)
    }

    /// Keras's `model.evaluate` (mean loss, accuracy) over any number of images, plus the
    /// confusion matrix, in chunks through the reusable buffers.
    pub fn evaluate(&mut self, images: &[u8], labels: &[u8]) -> Result<Evaluation, ConfigError> {
        let n = check_batch(images.len(), Some(labels))?;
        let chunk = self.ws.capacity.max(INFERENCE_CHUNK);
        self.reserve(chunk.min(n));
        let mut total = 0.0f64;
        let mut confusion = ConfusionMatrix::default();
        for (imgs, ys) in images
            .chunks(chunk * IMAGE_PIXELS)
            .zip(labels.chunks(chunk))
        {
            let m = ys.len();
            normalise(imgs, &mut self.ws.input[..imgs.len()]);
            total += self.forward_loss(m, ys, false).total;
            for (p, &y) in self.ws.d_logits[..m * CLASSES]
                .chunks_exact(CLASSES)
                .zip(ys)
            {
                let predicted = argmax(p);
                confusion.counts[usize::from(y)][predicted] += 1;
            }
        }
        Ok(Evaluation {
            loss: (total / n as f64) as f32,
            accuracy: confusion.correct() as f32 / n as f32,
            confusion,
        })
    }

    /// Parameter ranges of conv1, conv2 and dense (kernel then bias each).
    fn layer_ranges(&self) -> [Range<usize>; 3] {
        let a = self.conv1.param_len();
        let b = a + self.conv2.param_len();
        [0..a, a..b, b..b + self.dense.param_len()]
    }

    /// Grows the buffers to hold `n` examples; a no-op once they are large enough.
    fn reserve(&mut self, n: usize) {
        if n <= self.ws.capacity {
            return;
        }
        let ws = &mut self.ws;
        ws.capacity = n;
        let resize = |v: &mut Vec<f32>, len: usize| {
            v.clear();
            v.resize(n * len, 0.0);
        };
        resize(&mut ws.input, IMAGE_PIXELS);
        resize(&mut ws.conv1, self.conv1.output_len());
        resize(&mut ws.d_conv1, self.conv1.output_len());
        resize(&mut ws.pool1, self.pool1.output_len());
        resize(&mut ws.d_pool1, self.pool1.output_len());
        resize(&mut ws.conv2, self.conv2.output_len());
        resize(&mut ws.d_conv2, self.conv2.output_len());
        resize(&mut ws.pool2, self.pool2.output_len());
        resize(&mut ws.d_pool2, self.pool2.output_len());
        resize(&mut ws.logits, CLASSES);
        resize(&mut ws.d_logits, CLASSES);
        ws.pool1_arg = vec![0; n * self.pool1.output_len()];
        ws.pool2_arg = vec![0; n * self.pool2.output_len()];
        let scratch = self
            .conv1
            .scratch_len()
            .max(self.conv2.scratch_len())
            .max(self.dense.scratch_len());
        ws.scratch = vec![0.0; scratch];
    }

    /// Forward pass of the first `n` examples in `ws.input`, up to the logits.
    fn forward(&mut self, n: usize) {
        let [r1, r2, r3] = self.layer_ranges();
        let Self {
            conv1,
            pool1,
            conv2,
            pool2,
            dense,
            params,
            ws,
            ..
        } = self;
        let conv1_out = &mut ws.conv1[..n * conv1.output_len()];
        conv1.forward(
            &params[r1],
            &ws.input[..n * IMAGE_PIXELS],
            conv1_out,
            &mut ws.scratch,
        );
        Relu.forward_inplace(conv1_out);
        let pool1_out = &mut ws.pool1[..n * pool1.output_len()];
        pool1.forward(
            conv1_out,
            pool1_out,
            &mut ws.pool1_arg[..n * pool1.output_len()],
        );
        let conv2_out = &mut ws.conv2[..n * conv2.output_len()];
        conv2.forward(&params[r2], pool1_out, conv2_out, &mut ws.scratch);
        Relu.forward_inplace(conv2_out);
        let pool2_out = &mut ws.pool2[..n * pool2.output_len()];
        pool2.forward(
            conv2_out,
            pool2_out,
            &mut ws.pool2_arg[..n * pool2.output_len()],
        );
        dense.forward(&params[r3], pool2_out, &mut ws.logits[..n * CLASSES]);
    }

    /// Forward pass and loss (probabilities left in `ws.d_logits`), then, if asked, the full
    /// backward pass into `self.grads`.
    fn forward_loss(&mut self, n: usize, labels: &[u8], backward: bool) -> LossSum {
        self.forward(n);
        let [r1, r2, r3] = self.layer_ranges();
        let Self {
            conv1,
            pool1,
            conv2,
            pool2,
            dense,
            loss,
            params,
            grads,
            ws,
            ..
        } = self;
        let d_logits = &mut ws.d_logits[..n * CLASSES];
        let sum = loss.forward(&ws.logits[..n * CLASSES], labels, d_logits);
        if !backward {
            return sum;
        }
        loss.backward_inplace(labels, d_logits);
        let pool2_len = n * pool2.output_len();
        let d_pool2 = &mut ws.d_pool2[..pool2_len];
        dense.backward(
            &params[r3.clone()],
            &ws.pool2[..pool2_len],
            d_logits,
            &mut grads[r3],
            Some(d_pool2),
            &mut ws.scratch,
        );
        let d_conv2 = &mut ws.d_conv2[..n * conv2.output_len()];
        pool2.backward(&ws.pool2_arg[..pool2_len], d_pool2, d_conv2);
        Relu.backward_inplace(&ws.conv2[..d_conv2.len()], d_conv2);
        let pool1_len = n * pool1.output_len();
        let d_pool1 = &mut ws.d_pool1[..pool1_len];
        conv2.backward(
            &params[r2.clone()],
            &ws.pool1[..pool1_len],
            d_conv2,
            &mut grads[r2],
            Some(d_pool1),
            &mut ws.scratch,
        );
        let d_conv1 = &mut ws.d_conv1[..n * conv1.output_len()];
        pool1.backward(&ws.pool1_arg[..pool1_len], d_pool1, d_conv1);
        Relu.backward_inplace(&ws.conv1[..d_conv1.len()], d_conv1);
        conv1.backward(
            &params[r1.clone()],
            &ws.input[..n * IMAGE_PIXELS],
            d_conv1,
            &mut grads[r1],
            None,
            &mut ws.scratch,
        );
        sum
    }
}

/// Index of the largest value (the first one on ties), i.e. the predicted class.
fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// Number of images in a batch, after checking images are whole 28×28 images and labels (if
/// any) are one digit per image.
fn check_batch(image_values: usize, labels: Option<&[u8]>) -> Result<usize, ConfigError> {
    if image_values == 0 || image_values % IMAGE_PIXELS != 0 {
        return Err(ConfigError::new(
            "images",
            format!("must hold a positive whole number of 28×28 images ({IMAGE_PIXELS} values each), got {image_values} values"),
        ));
    }
    let n = image_values / IMAGE_PIXELS;
    if let Some(labels) = labels {
        if labels.len() != n {
            return Err(ConfigError::new(
                "labels",
                format!("must hold one label per image ({n}), got {}", labels.len()),
            ));
        }
        if let Some(i) = labels.iter().position(|&y| usize::from(y) >= CLASSES) {
            return Err(ConfigError::new(
                "labels",
                format!("must be digits 0..=9, got {} at index {i}", labels[i]),
            ));
        }
    }
    Ok(n)
}
