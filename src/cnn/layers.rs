//! The network's layers, each a pure forward/backward pair over caller-owned buffers.
//!
//! Layers hold only their shapes: parameters are a sub-slice of the network's single parameter
//! buffer, activations and scratch space are buffers the caller allocates once per batch size.
//! The batch size is implied by the length of the input slice. Every `backward` *overwrites*
//! its parameter and input gradients (it does not accumulate across calls).
//!
//! Data layout is NHWC (see [`crate::cnn`]); kernels are Keras's `(kh, kw, in, out)`.

use super::kernels;

/// 2D convolution, stride 1, "same" padding, odd square kernel, with bias — Keras's
/// `Conv2D(filters, kernel_size, padding="same")` on one NHWC image size.
///
/// Parameters: `kernel` (`kh·kw·in·out`, Keras order `(kh, kw, in, out)`), then `bias`
/// (`out`). Implemented as an implicit-GEMM convolution over a zero-padded copy of each image
/// ([`kernels::conv_same_padded`]), so no patch matrix is ever materialised; the input
/// gradient is the same kernel run on the padded output gradient with a flipped kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conv2d {
    /// Image rows (input and output alike, "same" padding).
    pub height: usize,
    /// Image columns.
    pub width: usize,
    /// Channels of the input (1 for grayscale).
    pub in_channels: usize,
    /// Filters, i.e. channels of the output.
    pub out_channels: usize,
    /// Odd kernel side, so the "same" padding `kernel_size / 2` is symmetric as in Keras.
    pub kernel_size: usize,
}

impl Conv2d {
    /// Number of kernel weights (the bias follows them in the parameter slice).
    pub fn kernel_len(&self) -> usize {
        self.patch_len() * self.out_channels
    }

    /// Kernel plus bias: this layer's share of the parameter buffer.
    pub fn param_len(&self) -> usize {
        self.kernel_len() + self.out_channels
    }

    /// Values per input image.
    pub fn input_len(&self) -> usize {
        self.height * self.width * self.in_channels
    }

    /// Values per output image ("same" padding keeps height and width).
    pub fn output_len(&self) -> usize {
        self.height * self.width * self.out_channels
    }

    /// Keras's fans for `GlorotUniform` on a conv kernel: receptive field times channels.
    pub fn fans(&self) -> (usize, usize) {
        let field = self.kernel_size * self.kernel_size;
        (field * self.in_channels, field * self.out_channels)
    }

    /// Scratch floats needed by [`Self::forward`] and [`Self::backward`]: a zero-padded copy of
    /// one input image and of one output gradient, plus the flipped kernel.
    pub fn scratch_len(&self) -> usize {
        let padded = (self.height + 2 * self.radius()) * (self.width + 2 * self.radius());
        padded * (self.in_channels + self.out_channels) + self.kernel_len()
    }

    /// Multiply-adds per image of the forward pass (the kernel and input gradients cost the
    /// same each).
    pub fn macs(&self) -> usize {
        self.height * self.width * self.kernel_len()
    }

    fn radius(&self) -> usize {
        self.kernel_size / 2
    }

    fn patch_len(&self) -> usize {
        self.kernel_size * self.kernel_size * self.in_channels
    }

    fn batch_of(&self, input: &[f32]) -> usize {
        assert_eq!(
            input.len() % self.input_len(),
            0,
            "input is not whole images"
        );
        input.len() / self.input_len()
    }

    /// Splits the scratch into the padded-input, padded-gradient and flipped-kernel buffers.
    fn split_scratch<'s>(
        &self,
        scratch: &'s mut [f32],
    ) -> (&'s mut [f32], &'s mut [f32], &'s mut [f32]) {
        let padded = (self.height + 2 * self.radius()) * (self.width + 2 * self.radius());
        let (x, rest) = scratch[..self.scratch_len()].split_at_mut(padded * self.in_channels);
        let (dy, flipped) = rest.split_at_mut(padded * self.out_channels);
        (x, dy, flipped)
    }

    /// `output = conv(input, kernel) + bias` for every image in the batch.
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn forward(&self, params: &[f32], input: &[f32], output: &mut [f32], scratch: &mut [f32]) {
        let batch = self.batch_of(input);
        assert_eq!(output.len(), batch * self.output_len(), "output length");
        let (kernel, bias) = params[..self.param_len()].split_at(self.kernel_len());
        let (padded, _, _) = self.split_scratch(scratch);
        let (h, w, c, ks) = (self.height, self.width, self.in_channels, self.kernel_size);
        for (x, y) in input
            .chunks_exact(self.input_len())
            .zip(output.chunks_exact_mut(self.output_len()))
        {
            kernels::pad_image(x, h, w, c, self.radius(), padded);
            kernels::fill_rows(y, bias);
            kernels::conv_same_padded(padded, h, w, c, ks, kernel, self.out_channels, y);
        }
    }

    /// Gradients of the kernel and bias (into `d_params`), and of the input if `d_input` is
    /// given — the first layer skips it, since nothing upstream learns.
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn backward(
        &self,
        params: &[f32],
        input: &[f32],
        d_output: &[f32],
        d_params: &mut [f32],
        mut d_input: Option<&mut [f32]>,
        scratch: &mut [f32],
    ) {
        let batch = self.batch_of(input);
        assert_eq!(d_output.len(), batch * self.output_len(), "d_output length");
        let kernel = &params[..self.kernel_len()];
        let d_params = &mut d_params[..self.param_len()];
        d_params.fill(0.0);
        let (d_kernel, d_bias) = d_params.split_at_mut(self.kernel_len());
        let (padded_x, padded_dy, flipped) = self.split_scratch(scratch);
        let (h, w, ks, r) = (self.height, self.width, self.kernel_size, self.radius());
        let (c_in, c_out) = (self.in_channels, self.out_channels);
        if let Some(d_in) = d_input.as_deref() {
            assert_eq!(d_in.len(), input.len(), "d_input length");
            kernels::flip_kernel(kernel, ks, c_in, c_out, flipped);
        }
        for (b, (x, dy)) in input
            .chunks_exact(self.input_len())
            .zip(d_output.chunks_exact(self.output_len()))
            .enumerate()
        {
            kernels::pad_image(x, h, w, c_in, r, padded_x);
            kernels::conv_same_kernel_grad(padded_x, h, w, c_in, ks, dy, c_out, d_kernel);
            kernels::add_column_sums(dy, d_bias);
            if let Some(d_in) = d_input.as_deref_mut() {
                let dx = &mut d_in[b * self.input_len()..(b + 1) * self.input_len()];
                kernels::pad_image(dy, h, w, c_out, r, padded_dy);
                dx.fill(0.0);
                kernels::conv_same_padded(padded_dy, h, w, c_out, ks, flipped, c_in, dx);
            }
        }
    }
}

/// Element-wise `max(x, 0)`, applied in place on a conv output. Stateless: the backward pass
/// needs only the forward *output*, so no mask is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relu;

impl Relu {
    /// `x ← max(x, 0)`.
    pub fn forward_inplace(&self, x: &mut [f32]) {
        kernels::relu_inplace(x);
    }

    /// `d ← d · [y > 0]`, with `y` the forward output.
    pub fn backward_inplace(&self, y: &[f32], d: &mut [f32]) {
        kernels::relu_backward_inplace(y, d);
    }
}

/// Max pooling with pool size = stride = `pool` and Keras's default "valid" padding: output
/// sides are `height / pool` and `width / pool`, rounded down (14 / 3 → 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxPool2d {
    /// Input rows.
    pub height: usize,
    /// Input columns.
    pub width: usize,
    /// Channels, pooled independently.
    pub channels: usize,
    /// Pool side and stride.
    pub pool: usize,
}

impl MaxPool2d {
    /// Values per input image.
    pub fn input_len(&self) -> usize {
        self.height * self.width * self.channels
    }

    /// Values per output image (and `argmax` entries per image).
    pub fn output_len(&self) -> usize {
        (self.height / self.pool) * (self.width / self.pool) * self.channels
    }

    /// Pools every image and records, per output, which input won (an index within its image)
    /// so the backward pass needs neither the input nor a recomputation.
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn forward(&self, input: &[f32], output: &mut [f32], argmax: &mut [u32]) {
        let batch = input.len() / self.input_len();
        assert_eq!(input.len(), batch * self.input_len(), "input length");
        assert_eq!(output.len(), batch * self.output_len(), "output length");
        assert_eq!(argmax.len(), output.len(), "argmax length");
        for ((x, y), arg) in input
            .chunks_exact(self.input_len())
            .zip(output.chunks_exact_mut(self.output_len()))
            .zip(argmax.chunks_exact_mut(self.output_len()))
        {
            kernels::maxpool_forward(x, self.height, self.width, self.channels, self.pool, y, arg);
        }
    }

    /// Routes each output gradient to its recorded winner; every other input gets 0
    /// (including the rows/columns that "valid" padding never read).
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn backward(&self, argmax: &[u32], d_output: &[f32], d_input: &mut [f32]) {
        let batch = d_input.len() / self.input_len();
        assert_eq!(d_input.len(), batch * self.input_len(), "d_input length");
        assert_eq!(d_output.len(), batch * self.output_len(), "d_output length");
        for ((dy, arg), dx) in d_output
            .chunks_exact(self.output_len())
            .zip(argmax.chunks_exact(self.output_len()))
            .zip(d_input.chunks_exact_mut(self.input_len()))
        {
            kernels::maxpool_backward(dy, arg, dx);
        }
    }
}

/// Fully connected layer `y = x·W + b` — Keras's `Dense(units)` after `Flatten()`. Because the
/// activations are NHWC, flattening is free and matches Keras's channels-last `Flatten` order,
/// so the kernel is Keras's `(inputs, outputs)` matrix as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dense {
    /// Features per example (the flattened NHWC activation).
    pub inputs: usize,
    /// Units.
    pub outputs: usize,
}

impl Dense {
    /// Number of kernel weights (the bias follows them in the parameter slice).
    pub fn kernel_len(&self) -> usize {
        self.inputs * self.outputs
    }

    /// Kernel plus bias: this layer's share of the parameter buffer.
    pub fn param_len(&self) -> usize {
        self.kernel_len() + self.outputs
    }

    /// Keras's fans for `GlorotUniform` on a Dense kernel.
    pub fn fans(&self) -> (usize, usize) {
        (self.inputs, self.outputs)
    }

    /// Scratch floats needed by [`Self::backward`]: the transposed kernel.
    pub fn scratch_len(&self) -> usize {
        self.kernel_len()
    }

    /// Multiply-adds per example of the forward pass.
    pub fn macs(&self) -> usize {
        self.kernel_len()
    }

    /// `output = input·W + b` for every row of the batch.
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn forward(&self, params: &[f32], input: &[f32], output: &mut [f32]) {
        let batch = input.len() / self.inputs;
        assert_eq!(input.len(), batch * self.inputs, "input length");
        assert_eq!(output.len(), batch * self.outputs, "output length");
        let (kernel, bias) = params[..self.param_len()].split_at(self.kernel_len());
        kernels::fill_rows(output, bias);
        kernels::gemm_nn(batch, self.outputs, self.inputs, input, kernel, output);
    }

    /// Gradients of kernel and bias (into `d_params`) and, if asked, of the input.
    ///
    /// # Panics
    /// If a slice does not have the length its shape implies.
    pub fn backward(
        &self,
        params: &[f32],
        input: &[f32],
        d_output: &[f32],
        d_params: &mut [f32],
        d_input: Option<&mut [f32]>,
        scratch: &mut [f32],
    ) {
        let batch = input.len() / self.inputs;
        assert_eq!(input.len(), batch * self.inputs, "input length");
        assert_eq!(d_output.len(), batch * self.outputs, "d_output length");
        let d_params = &mut d_params[..self.param_len()];
        d_params.fill(0.0);
        let (d_kernel, d_bias) = d_params.split_at_mut(self.kernel_len());
        kernels::gemm_tn(self.inputs, self.outputs, batch, input, d_output, d_kernel);
        kernels::add_column_sums(d_output, d_bias);
        if let Some(d_in) = d_input {
            assert_eq!(d_in.len(), input.len(), "d_input length");
            let kernel_t = &mut scratch[..self.kernel_len()];
            kernels::transpose(
                &params[..self.kernel_len()],
                self.inputs,
                self.outputs,
                kernel_t,
            );
            d_in.fill(0.0);
            kernels::gemm_nn(batch, self.inputs, self.outputs, d_output, kernel_t, d_in);
        }
    }
}

/// Softmax + cross-entropy against integer labels, averaged over the batch: Keras's
/// `Dense(10, activation="softmax")` with `SparseCategoricalCrossentropy()`. Keras evaluates
/// that loss from the softmax's logits (it unwraps `_keras_logits`), i.e. as the stable
/// `logsumexp(z) - z[y]`; so do we, which keeps the loss finite for any finite logits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoftmaxCrossEntropy {
    /// Logits per example; labels must be below it.
    pub classes: usize,
}

/// Summed result of [`SoftmaxCrossEntropy::forward`] over a batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossSum {
    /// Sum of per-example losses, accumulated in `f64`; divide by the batch for Keras's mean.
    pub total: f64,
    /// Examples whose largest logit is the label (the first one on ties).
    pub correct: usize,
}

impl SoftmaxCrossEntropy {
    /// Writes the softmax probabilities of every row into `probs` and returns the summed loss.
    ///
    /// # Panics
    /// If lengths disagree or a label is not below `classes`.
    pub fn forward(&self, logits: &[f32], labels: &[u8], probs: &mut [f32]) -> LossSum {
        assert_eq!(logits.len(), labels.len() * self.classes, "logits length");
        assert_eq!(probs.len(), logits.len(), "probs length");
        let mut sum = LossSum {
            total: 0.0,
            correct: 0,
        };
        for ((z, p), &label) in logits
            .chunks_exact(self.classes)
            .zip(probs.chunks_exact_mut(self.classes))
            .zip(labels)
        {
            let (lse, best) = kernels::softmax_row(z, p);
            sum.total += lse - f64::from(z[usize::from(label)]);
            sum.correct += usize::from(best == usize::from(label));
        }
        sum
    }

    /// Turns the probabilities from [`Self::forward`] into the gradient of the *mean* loss in
    /// place: `(softmax - onehot(label)) / batch`.
    pub fn backward_inplace(&self, labels: &[u8], probs_to_grad: &mut [f32]) {
        assert_eq!(
            probs_to_grad.len(),
            labels.len() * self.classes,
            "probs length"
        );
        let scale = 1.0 / labels.len() as f32;
        for (g, &label) in probs_to_grad.chunks_exact_mut(self.classes).zip(labels) {
            g[usize::from(label)] -= 1.0;
            for v in g {
                *v *= scale;
            }
        }
    }
}
