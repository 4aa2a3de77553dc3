//! Glue for the in-browser CNN: [`CnnSession`] owns the parsed MNIST asset, the network, the
//! optimizer and every buffer (state stays in Rust); JS gets small summaries and typed arrays.

use wasm_bindgen::prelude::*;

use super::{f32_array, field_error, from_js, js_error, set, whole_number, FieldError};
use crate::cnn::mnist::Dataset;
use crate::cnn::{ChunkSummary, NetworkConfig, RunConfig, Session, CLASSES, IMAGE_PIXELS};
use crate::optim::OptimizerConfig;

/// Most batches one `trainBatches` call runs (a chunk; the worker asks for ~50 ms worth).
const MAX_CHUNK_BATCHES: u64 = 10_000;
/// Largest seed that survives the trip through a JS number exactly.
const MAX_SEED: u64 = (1 << 53) - 1;

/// A training run on the MNIST asset: see `cnn::Session` for the semantics (Keras's
/// `model.fit`: per-epoch seeded shuffles, `iterations` counts batches, same seed → same
/// weights; a NaN/infinite loss stops training until `reset`).
#[wasm_bindgen]
pub struct CnnSession {
    inner: Session,
}

fn network_from_js(value: JsValue) -> Result<NetworkConfig, FieldError> {
    if value.is_undefined() || value.is_null() {
        Ok(NetworkConfig::default())
    } else {
        from_js(value, "network")
    }
}

fn run_from_js(
    batch_size: f64,
    seed: f64,
    train_subset: Option<f64>,
) -> Result<RunConfig, FieldError> {
    Ok(RunConfig {
        batch_size: whole_number("batch_size", batch_size, u32::MAX.into())? as usize,
        seed: whole_number("seed", seed, MAX_SEED)?,
        train_subset: train_subset
            .map(|n| whole_number("train_subset", n, u32::MAX.into()).map(|n| n as usize))
            .transpose()?,
    })
}

fn summary_to_js(s: &ChunkSummary, session: &Session) -> JsValue {
    let out = js_sys::Object::new();
    let num = |v: f64| JsValue::from_f64(v);
    set(&out, "iterations", &num(s.iterations as f64));
    set(&out, "epoch", &num(s.epoch as f64));
    set(&out, "batch_in_epoch", &num(s.batch_in_epoch as f64));
    set(&out, "steps_per_epoch", &num(s.steps_per_epoch as f64));
    set(&out, "batches", &num(s.batches as f64));
    set(&out, "examples", &num(s.examples as f64));
    set(&out, "mean_loss", &num(s.mean_loss.into()));
    set(&out, "accuracy", &num(s.accuracy.into()));
    set(&out, "effective_lr", &num(s.effective_lr.into()));
    set(&out, "reported_lr", &num(s.reported_lr.into()));
    set(&out, "diverged", &JsValue::from_bool(s.diverged.is_some()));
    if let Some(message) = &s.diverged {
        set(&out, "error", &JsValue::from_str(message));
    }
    if let Some(e) = s.epoch_done {
        set(&out, "epoch_loss", &num(e.loss.into()));
        set(&out, "epoch_accuracy", &num(e.accuracy.into()));
    }
    set(&out, "loss", &f32_array(session.chunk_losses()));
    set(
        &out,
        "effective_lrs",
        &f32_array(session.chunk_effective_lrs()),
    );
    set(
        &out,
        "reported_lrs",
        &f32_array(session.chunk_reported_lrs()),
    );
    out.into()
}

/// Bytes of wasm linear memory (grows, never shrinks); 0 outside wasm.
fn linear_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The one per-epoch form the CNN page's comparison trains: Keras 3
/// `InverseTimeDecay(staircase=True)` with `decay_steps` = the page's updates per epoch
/// (`samples` digits in batches of `batch_size`) and `decay_rate` = decay × updates per epoch,
/// from the core's `optim::epoch_plan`. Returns `{learning_rate, decay_steps, decay_rate,
/// steps_per_epoch, updates, last_lr}` (`learning_rate`: the schedule as a `learning_rate`
/// configuration; `last_lr`: what the run as configured uses at its last update), or `{reason}`
/// when the lr is not inverse-time decay. Only these numbers cross to JS: the page needs none of
/// the plan's other forms, whose serialization would weigh on the module every visitor loads.
#[wasm_bindgen(js_name = cnnEpochPlan, unchecked_return_type = "CnnEpochPlan | NoEpochPlan")]
pub fn cnn_epoch_plan(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    samples: f64,
    batch_size: f64,
    epochs: f64,
) -> Result<JsValue, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let whole = |field: &str, v: f64| whole_number(field, v, u32::MAX.into());
    let fit = crate::optim::FitConfig::new(
        whole("samples", samples)?,
        whole("batch_size", batch_size)?,
        whole("epochs", epochs)?,
        0.0,
    );
    let out = js_sys::Object::new();
    let plan = match crate::optim::epoch_plan(&config, &fit)? {
        Ok(plan) => plan,
        Err(no) => {
            set(&out, "reason", &JsValue::from_str(&no.reason));
            return Ok(out.into());
        }
    };
    let num = |v: f64| JsValue::from_f64(v);
    set(
        &out,
        "learning_rate",
        &serde_wasm_bindgen::to_value(&plan.inverse_time)?,
    );
    set(&out, "decay_steps", &num(plan.decay_steps as f64));
    set(&out, "decay_rate", &num(plan.decay_rate));
    set(
        &out,
        "steps_per_epoch",
        &num(plan.fit.steps_per_epoch as f64),
    );
    set(&out, "updates", &num(plan.fit.updates as f64));
    let last = plan.per_epoch.run_last.last().copied().unwrap_or(f32::NAN);
    set(&out, "last_lr", &num(last.into()));
    Ok(out.into())
}

/// Bytes of this module's wasm linear memory.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    linear_memory_bytes()
}

#[wasm_bindgen]
impl CnnSession {
    /// Parses the asset (`www/data/mnist-10k.bin`; a bad asset throws the parser's message),
    /// validates `network_config` (`{conv1_filters, conv2_filters, kernel_size}`, undefined for
    /// the default), `optimizer_config` (`{name, api, learning_rate, decay, …}`), `batch_size`
    /// (1..=256), `seed` and `train_subset` (first n training digits, 1..=8000; undefined for
    /// all), and builds a fresh network and optimizer. Errors name the field and its range.
    #[wasm_bindgen(constructor)]
    pub fn new(
        dataset_bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "NetworkConfig | null | undefined")]
        network_config: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer_config: JsValue,
        batch_size: f64,
        seed: f64,
        train_subset: Option<f64>,
    ) -> Result<CnnSession, FieldError> {
        let data =
            Dataset::parse(dataset_bytes).map_err(|e| js_error(crate::ConfigError::from(e)))?;
        let network = network_from_js(network_config)?;
        let optimizer: OptimizerConfig = from_js(optimizer_config, "optimizer")?;
        let run = run_from_js(batch_size, seed, train_subset)?;
        let inner = Session::new(data, network, optimizer, run).map_err(js_error)?;
        Ok(CnnSession { inner })
    }

    /// Starts over on the same dataset with new settings (same arguments as the constructor
    /// minus the asset). On an error the session keeps its previous state.
    pub fn reset(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "NetworkConfig | null | undefined")]
        network_config: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer_config: JsValue,
        batch_size: f64,
        seed: f64,
        train_subset: Option<f64>,
    ) -> Result<(), FieldError> {
        let network = network_from_js(network_config)?;
        let optimizer: OptimizerConfig = from_js(optimizer_config, "optimizer")?;
        let run = run_from_js(batch_size, seed, train_subset)?;
        self.inner.reset(network, optimizer, run).map_err(js_error)
    }

    /// Trains up to `n` batches (1..=10000), stopping early at an epoch's end or a divergence.
    /// Returns `{iterations, epoch, batch_in_epoch, steps_per_epoch, batches, examples,
    /// mean_loss, accuracy, effective_lr, reported_lr, diverged, error?, epoch_loss?,
    /// epoch_accuracy?, loss, effective_lrs, reported_lrs}`; the last three are Float32Arrays
    /// with one value per update. `epoch_loss`/`epoch_accuracy` are present when the chunk
    /// completed an epoch. After a divergence (`diverged: true`, `error` says where) every call
    /// throws until `reset`.
    #[wasm_bindgen(js_name = trainBatches, unchecked_return_type = "TrainChunk")]
    pub fn train_batches(&mut self, n: f64) -> Result<JsValue, FieldError> {
        let n = whole_number("n", n, MAX_CHUNK_BATCHES)?;
        if n == 0 {
            return Err(field_error(
                "n",
                format!("must be in 1..={MAX_CHUNK_BATCHES}, got 0"),
            ));
        }
        let summary = self.inner.train_batches(n as usize).map_err(js_error)?;
        Ok(summary_to_js(&summary, &self.inner))
    }

    /// `model.evaluate` on the first `limit` test digits (capped at the test size):
    /// `{loss, accuracy, count, confusion}` with `confusion` a Uint32Array(100),
    /// `confusion[true * 10 + predicted]`.
    #[wasm_bindgen(js_name = evaluateTest, unchecked_return_type = "TestEvaluation")]
    pub fn evaluate_test(&mut self, limit: f64) -> Result<JsValue, FieldError> {
        let limit = whole_number("limit", limit, u32::MAX.into())? as usize;
        let e = self.inner.evaluate_test(limit).map_err(js_error)?;
        let out = js_sys::Object::new();
        set(&out, "loss", &JsValue::from_f64(e.loss.into()));
        set(&out, "accuracy", &JsValue::from_f64(e.accuracy.into()));
        set(
            &out,
            "count",
            &JsValue::from_f64(e.confusion.total().into()),
        );
        set(&out, "confusion", &confusion_array(&e.confusion).into());
        Ok(out.into())
    }

    /// The 10×10 confusion matrix on the first `limit` test digits: Uint32Array(100),
    /// `[true * 10 + predicted]`.
    #[wasm_bindgen(js_name = confusionMatrix)]
    pub fn confusion_matrix(&mut self, limit: f64) -> Result<js_sys::Uint32Array, FieldError> {
        let limit = whole_number("limit", limit, u32::MAX.into())? as usize;
        let e = self.inner.evaluate_test(limit).map_err(js_error)?;
        Ok(confusion_array(&e.confusion))
    }

    /// Predictions for test digits `start..start + count`: `{predicted: Uint8Array,
    /// probability: Float32Array (of the predicted class), label: Uint8Array, probabilities:
    /// Float32Array (count × 10)}`.
    #[wasm_bindgen(unchecked_return_type = "TestPredictions")]
    pub fn predictions(&mut self, start: f64, count: f64) -> Result<JsValue, FieldError> {
        let (start, count) = self.test_range_js(start, count)?;
        let probs = self
            .inner
            .test_probabilities(start, count)
            .map_err(js_error)?;
        let mut predicted = Vec::with_capacity(count);
        let mut probability = Vec::with_capacity(count);
        for row in probs.chunks_exact(CLASSES) {
            let (k, p) =
                row.iter()
                    .copied()
                    .enumerate()
                    .fold((0, f32::NEG_INFINITY), |best, (k, p)| {
                        if p > best.1 {
                            (k, p)
                        } else {
                            best
                        }
                    });
            predicted.push(k as u8);
            probability.push(p);
        }
        let labels = &self.inner.data().test().labels()[start..start + count];
        let out = js_sys::Object::new();
        set(
            &out,
            "predicted",
            &js_sys::Uint8Array::from(&predicted[..]).into(),
        );
        set(&out, "probability", &f32_array(&probability));
        set(&out, "label", &js_sys::Uint8Array::from(labels).into());
        set(&out, "probabilities", &f32_array(&probs));
        Ok(out.into())
    }

    /// A copy of the pixels (0–255, 784 per digit, row-major) of test digits
    /// `start..start + count`.
    #[wasm_bindgen(js_name = testImages)]
    pub fn test_images(&self, start: f64, count: f64) -> Result<Vec<u8>, FieldError> {
        let (start, count) = self.test_range_js(start, count)?;
        let images = self.inner.data().test().images();
        Ok(images[start * IMAGE_PIXELS..(start + count) * IMAGE_PIXELS].to_vec())
    }

    /// The first conv layer's kernels as images: `{weights: Float32Array, shape: [filters,
    /// k, k]}`, filter after filter, each `k × k` row-major.
    #[wasm_bindgen(js_name = firstLayerFilters, unchecked_return_type = "LayerFilters")]
    pub fn first_layer_filters(&self) -> Result<JsValue, FieldError> {
        let bank = self.inner.network().first_layer_filters();
        let [kh, kw, _, filters] = bank.shape;
        let weights: Vec<f32> = (0..filters).flat_map(|f| bank.filter(f)).collect();
        let out = js_sys::Object::new();
        set(&out, "weights", &f32_array(&weights));
        let shape = js_sys::Array::of3(
            &JsValue::from_f64(filters as f64),
            &JsValue::from_f64(kh as f64),
            &JsValue::from_f64(kw as f64),
        );
        set(&out, "shape", &shape.into());
        Ok(out.into())
    }

    /// The 10 class probabilities for a drawn digit: 784 values in [0, 1] (white ink on black,
    /// 28×28, centred like MNIST). An all-zero drawing throws "draw a digit first".
    #[wasm_bindgen(js_name = predictDrawing)]
    pub fn predict_drawing(&mut self, pixels: &[f32]) -> Result<js_sys::Float32Array, FieldError> {
        let probs = self.inner.predict_drawing(pixels).map_err(js_error)?;
        Ok(js_sys::Float32Array::from(&probs[..]))
    }

    /// A TensorBoard event file of everything trained since the start or the last reset
    /// (`events.out.tfevents.*` bytes; see `tfevents::TrainingLog::to_tfevents` for the tags):
    /// per update `batch_loss`, `batch_accuracy`, `lr_effective` and the flat `lr`, per epoch
    /// `epoch_loss`, `epoch_accuracy`, `epoch_lr`, `epoch_lr_effective`. Every event carries
    /// `wall_time` (seconds since the Unix epoch, finite and >= 0).
    #[wasm_bindgen(js_name = tensorboardLog)]
    pub fn tensorboard_log(&self, wall_time: f64) -> Result<Vec<u8>, FieldError> {
        if !(wall_time.is_finite() && wall_time >= 0.0) {
            return Err(field_error(
                "wall_time",
                format!("must be a finite number of seconds >= 0, got {wall_time}"),
            ));
        }
        Ok(self.inner.training_log().to_tfevents(wall_time))
    }

    /// Bytes of wasm linear memory right now (it grows, never shrinks).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        linear_memory_bytes()
    }

    /// `{parameters, train_examples, test_examples, steps_per_epoch, batch_size, seed,
    /// iterations, epoch, workspace_bytes, training_flops_per_example}`.
    #[wasm_bindgen(unchecked_return_type = "CnnInfo")]
    pub fn info(&self) -> JsValue {
        let s = &self.inner;
        let net = s.network();
        let info = CnnInfo {
            parameters: net.parameter_count() as f64,
            train_examples: s.train_len() as f64,
            test_examples: s.data().test().len() as f64,
            steps_per_epoch: s.steps_per_epoch() as f64,
            batch_size: s.run_config().batch_size as f64,
            seed: s.run_config().seed as f64,
            iterations: s.iterations() as f64,
            epoch: s.epoch() as f64,
            workspace_bytes: net.workspace_bytes() as f64,
            training_flops_per_example: net.flops_per_example().training as f64,
        };
        // Plain numbers always serialize.
        serde_wasm_bindgen::to_value(&info).unwrap_or(JsValue::UNDEFINED)
    }
}

/// `CnnSession.info()` (the TypeScript `CnnInfo`): JS numbers, as the page does arithmetic on
/// them.
#[derive(serde::Serialize)]
struct CnnInfo {
    parameters: f64,
    train_examples: f64,
    test_examples: f64,
    steps_per_epoch: f64,
    batch_size: f64,
    seed: f64,
    iterations: f64,
    epoch: f64,
    workspace_bytes: f64,
    training_flops_per_example: f64,
}

impl CnnSession {
    fn test_range_js(&self, start: f64, count: f64) -> Result<(usize, usize), FieldError> {
        let start = whole_number("start", start, u32::MAX.into())? as usize;
        let count = whole_number("count", count, u32::MAX.into())? as usize;
        let range = self.inner.test_range(start, count).map_err(js_error)?;
        Ok((range.start, range.len()))
    }

    /// The core session, for tests in Rust.
    pub fn session(&self) -> &Session {
        &self.inner
    }
}

fn confusion_array(c: &crate::cnn::ConfusionMatrix) -> js_sys::Uint32Array {
    let flat: Vec<u32> = c.counts.iter().flatten().copied().collect();
    js_sys::Uint32Array::from(&flat[..])
}
