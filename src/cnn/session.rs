//! A training run as `model.fit` does it: a dataset, the network, one optimizer, a batch size
//! and a seed; the training order is reshuffled at the start of every epoch from the seeded
//! generator, the last batch of an epoch may be short (`steps_per_epoch = ceil(n / batch)`),
//! and the optimizer's `iterations` counts batches.
//!
//! The state stays here (the browser glue only forwards calls): training runs in chunks of
//! batches, and each chunk's per-update loss and learning rates land in reusable buffers.

use super::network::{Evaluation, Network, TrainError, MAX_TRAIN_BATCH};
use super::rng::SplitMix64;
use super::{NetworkConfig, CLASSES, IMAGE_PIXELS};
use crate::cnn::mnist::Dataset;
use crate::optim::lr::LrPolicy;
use crate::optim::{Optimizer, OptimizerConfig};
use crate::tfevents::{EpochRecord, TrainingLog};
use crate::ConfigError;

/// Mixed into the session seed for the shuffling stream, so that it differs from the
/// initialisation stream (which uses the seed itself).
const SHUFFLE_STREAM: u64 = 0x5348_5546_464c_4521;

/// Batch size, seed and training-subset size of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunConfig {
    /// Examples per update, in `1..=MAX_TRAIN_BATCH`.
    pub batch_size: usize,
    /// Seeds the weight initialisation (overriding `NetworkConfig::seed`) and the shuffles.
    pub seed: u64,
    /// Train on the first `n` training digits only; `None` is all of them.
    pub train_subset: Option<usize>,
}

/// What one chunk of [`Session::train_batches`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkSummary {
    /// Optimizer iterations (= batches) so far.
    pub iterations: u64,
    /// Completed epochs.
    pub epoch: usize,
    /// Batches done in the current epoch (0 right after an epoch ends).
    pub batch_in_epoch: usize,
    /// `ceil(train examples / batch size)`.
    pub steps_per_epoch: usize,
    /// Batches trained in this chunk.
    pub batches: usize,
    /// Examples trained in this chunk.
    pub examples: usize,
    /// Mean batch loss over this chunk (NaN if no batch ran).
    pub mean_loss: f32,
    /// Share of this chunk's examples classified correctly (before each update).
    pub accuracy: f32,
    /// Learning rate of the last update (NaN if no batch ran).
    pub effective_lr: f32,
    /// What Keras reports as the lr at the last update.
    pub reported_lr: f32,
    /// Set when this chunk completed an epoch: that epoch's mean loss and accuracy.
    pub epoch_done: Option<EpochStats>,
    /// The message of the divergence that stopped this chunk, if one did.
    pub diverged: Option<String>,
}

/// Running mean loss and accuracy of one epoch, as Keras's progress bar shows them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochStats {
    pub loss: f32,
    pub accuracy: f32,
}

/// A training run; see the module docs.
pub struct Session {
    data: Dataset,
    network: Network,
    optimizer_config: OptimizerConfig,
    optimizer: Box<dyn Optimizer>,
    run: RunConfig,
    n_train: usize,
    order: Vec<u32>,
    rng: SplitMix64,
    epoch: usize,
    batch_in_epoch: usize,
    epoch_loss: f64,
    epoch_correct: usize,
    epoch_seen: usize,
    diverged: Option<String>,
    batch_images: Vec<u8>,
    batch_labels: Vec<u8>,
    losses: Vec<f32>,
    effective_lrs: Vec<f32>,
    reported_lrs: Vec<f32>,
    lr_policy: LrPolicy,
    log: TrainingLog,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("network", self.network.config())
            .field("run", &self.run)
            .field("epoch", &self.epoch)
            .field("batch_in_epoch", &self.batch_in_epoch)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Validates everything (the error names the field and its allowed range) and builds a
    /// fresh network and optimizer.
    pub fn new(
        data: Dataset,
        network: NetworkConfig,
        optimizer: OptimizerConfig,
        run: RunConfig,
    ) -> Result<Self, ConfigError> {
        let (net, built, n_train) = build(&data, network, &optimizer, run)?;
        let lr_policy = optimizer.resolve()?.lr_policy();
        Ok(Self {
            data,
            network: net,
            optimizer_config: optimizer,
            optimizer: built,
            run,
            n_train,
            order: (0..n_train as u32).collect(),
            rng: SplitMix64::new(run.seed ^ SHUFFLE_STREAM),
            epoch: 0,
            batch_in_epoch: 0,
            epoch_loss: 0.0,
            epoch_correct: 0,
            epoch_seen: 0,
            diverged: None,
            batch_images: Vec::with_capacity(run.batch_size * IMAGE_PIXELS),
            batch_labels: Vec::with_capacity(run.batch_size),
            losses: Vec::new(),
            effective_lrs: Vec::new(),
            reported_lrs: Vec::new(),
            lr_policy,
            log: TrainingLog::default(),
        })
    }

    /// Starts over with new settings on the same dataset (nothing is re-parsed): fresh
    /// weights, optimizer and shuffle stream. On an error the session is unchanged.
    pub fn reset(
        &mut self,
        network: NetworkConfig,
        optimizer: OptimizerConfig,
        run: RunConfig,
    ) -> Result<(), ConfigError> {
        let (net, built, n_train) = build(&self.data, network, &optimizer, run)?;
        self.lr_policy = optimizer.resolve()?.lr_policy();
        self.network = net;
        self.optimizer = built;
        self.optimizer_config = optimizer;
        self.run = run;
        self.n_train = n_train;
        self.order.clear();
        self.order.extend(0..n_train as u32);
        self.rng = SplitMix64::new(run.seed ^ SHUFFLE_STREAM);
        self.epoch = 0;
        self.batch_in_epoch = 0;
        self.epoch_loss = 0.0;
        self.epoch_correct = 0;
        self.epoch_seen = 0;
        self.diverged = None;
        self.losses.clear();
        self.effective_lrs.clear();
        self.reported_lrs.clear();
        self.log.clear();
        Ok(())
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The dataset.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The optimizer configuration in use.
    pub fn optimizer_config(&self) -> &OptimizerConfig {
        &self.optimizer_config
    }

    /// Batch size, seed and subset.
    pub fn run_config(&self) -> RunConfig {
        self.run
    }

    /// Training examples per epoch.
    pub fn train_len(&self) -> usize {
        self.n_train
    }

    /// `ceil(train examples / batch size)`, as Keras counts them.
    pub fn steps_per_epoch(&self) -> usize {
        self.n_train.div_ceil(self.run.batch_size)
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Optimizer iterations (batches) so far.
    pub fn iterations(&self) -> u64 {
        self.optimizer.iterations()
    }

    /// The divergence that stopped training, if any.
    pub fn diverged(&self) -> Option<&str> {
        self.diverged.as_deref()
    }

    /// Per-update loss of the last chunk.
    pub fn chunk_losses(&self) -> &[f32] {
        &self.losses
    }

    /// Per-update learning rate actually used, last chunk.
    pub fn chunk_effective_lrs(&self) -> &[f32] {
        &self.effective_lrs
    }

    /// Per-update learning rate Keras reports, last chunk.
    pub fn chunk_reported_lrs(&self) -> &[f32] {
        &self.reported_lrs
    }

    /// Everything trained since the start (or the last reset), update by update and epoch by
    /// epoch, for a TensorBoard event file ([`TrainingLog::to_tfevents`]).
    pub fn training_log(&self) -> &TrainingLog {
        &self.log
    }

    /// Trains up to `max_batches` batches, stopping early at the end of an epoch (so the
    /// caller can evaluate there) or at a divergence, which also stops every later call until
    /// [`Session::reset`]. The chunk's per-update values are in `chunk_*`.
    pub fn train_batches(&mut self, max_batches: usize) -> Result<ChunkSummary, ConfigError> {
        if let Some(message) = &self.diverged {
            return Err(ConfigError::new(
                "training",
                format!("{message}; reset to train again"),
            ));
        }
        self.losses.clear();
        self.effective_lrs.clear();
        self.reported_lrs.clear();
        let steps = self.steps_per_epoch();
        let (mut examples, mut correct, mut loss_sum) = (0usize, 0usize, 0f64);
        let mut epoch_done = None;
        let mut diverged = None;
        for _ in 0..max_batches {
            if self.batch_in_epoch == 0 {
                self.shuffle();
            }
            let start = self.batch_in_epoch * self.run.batch_size;
            let end = (start + self.run.batch_size).min(self.n_train);
            let train = self.data.train();
            self.batch_images.clear();
            self.batch_labels.clear();
            for &i in &self.order[start..end] {
                self.batch_images.extend_from_slice(train.image(i as usize));
                self.batch_labels.push(train.label(i as usize));
            }
            match self.network.train_batch(
                &self.batch_images,
                &self.batch_labels,
                self.optimizer.as_mut(),
            ) {
                Ok(stats) => {
                    self.losses.push(stats.loss);
                    self.effective_lrs.push(stats.step.effective_lr);
                    self.reported_lrs.push(stats.step.reported_lr);
                    let n = stats.batch_size;
                    self.log.push_batch(
                        stats.loss,
                        stats.correct as f32 / n as f32,
                        stats.step.effective_lr,
                        stats.step.reported_lr,
                    );
                    examples += n;
                    correct += stats.correct;
                    loss_sum += f64::from(stats.loss);
                    self.epoch_loss += f64::from(stats.loss) * n as f64;
                    self.epoch_correct += stats.correct;
                    self.epoch_seen += n;
                }
                Err(TrainError::Input(e)) => return Err(e),
                Err(e) => {
                    let message = e.to_string();
                    self.diverged = Some(message.clone());
                    diverged = Some(message);
                    break;
                }
            }
            self.batch_in_epoch += 1;
            if self.batch_in_epoch == steps {
                let stats = EpochStats {
                    loss: (self.epoch_loss / self.epoch_seen as f64) as f32,
                    accuracy: self.epoch_correct as f32 / self.epoch_seen as f32,
                };
                let it = self.optimizer.iterations();
                self.log.epochs.push(EpochRecord {
                    loss: stats.loss,
                    accuracy: stats.accuracy,
                    lr_effective: self.lr_policy.effective(it),
                    lr: self.lr_policy.reported(it),
                });
                epoch_done = Some(stats);
                self.epoch += 1;
                self.batch_in_epoch = 0;
                self.epoch_loss = 0.0;
                self.epoch_correct = 0;
                self.epoch_seen = 0;
                break;
            }
        }
        let batches = self.losses.len();
        Ok(ChunkSummary {
            iterations: self.optimizer.iterations(),
            epoch: self.epoch,
            batch_in_epoch: self.batch_in_epoch,
            steps_per_epoch: steps,
            batches,
            examples,
            mean_loss: if batches == 0 {
                f32::NAN
            } else {
                (loss_sum / batches as f64) as f32
            },
            accuracy: if examples == 0 {
                f32::NAN
            } else {
                correct as f32 / examples as f32
            },
            effective_lr: self.effective_lrs.last().copied().unwrap_or(f32::NAN),
            reported_lr: self.reported_lrs.last().copied().unwrap_or(f32::NAN),
            epoch_done,
            diverged,
        })
    }

    /// Fisher–Yates over the training order with the session's generator.
    fn shuffle(&mut self) {
        for i in (1..self.order.len()).rev() {
            let j = self.rng.below(i + 1);
            self.order.swap(i, j);
        }
    }

    /// `model.evaluate` on the first `limit` test digits (all of them if `limit` is larger).
    pub fn evaluate_test(&mut self, limit: usize) -> Result<Evaluation, ConfigError> {
        let n = self.check_test_limit(limit)?;
        let test = self.data.test();
        self.network
            .evaluate(&test.images()[..n * IMAGE_PIXELS], &test.labels()[..n])
    }

    /// Class probabilities (`count × 10`) of test digits `start..start + count`.
    pub fn test_probabilities(
        &mut self,
        start: usize,
        count: usize,
    ) -> Result<Vec<f32>, ConfigError> {
        let range = self.test_range(start, count)?;
        let test = self.data.test();
        let probs = self
            .network
            .predict(&test.images()[range.start * IMAGE_PIXELS..range.end * IMAGE_PIXELS])?;
        debug_assert_eq!(probs.len(), count * CLASSES);
        Ok(probs)
    }

    /// Checks that `start..start + count` is a non-empty range of test digits.
    pub fn test_range(
        &self,
        start: usize,
        count: usize,
    ) -> Result<std::ops::Range<usize>, ConfigError> {
        let len = self.data.test().len();
        match start.checked_add(count) {
            Some(end) if count > 0 && end <= len => Ok(start..end),
            _ => Err(ConfigError::new(
                "count",
                format!("test digits {start}..{start}+{count} must be a non-empty range within 0..{len}"),
            )),
        }
    }

    fn check_test_limit(&self, limit: usize) -> Result<usize, ConfigError> {
        let len = self.data.test().len();
        if limit == 0 || len == 0 {
            return Err(ConfigError::new(
                "limit",
                format!("must be at least 1 (the asset has {len} test digits), got {limit}"),
            ));
        }
        Ok(limit.min(len))
    }

    /// Class probabilities for a drawn digit: 784 values in `[0, 1]`, white ink on black. An
    /// empty (all-zero) drawing is refused: there is nothing to classify.
    pub fn predict_drawing(&mut self, pixels: &[f32]) -> Result<[f32; CLASSES], ConfigError> {
        if pixels.len() == IMAGE_PIXELS && pixels.iter().all(|&p| p == 0.0) {
            return Err(ConfigError::new(
                "pixels",
                "the drawing is empty: draw a digit first",
            ));
        }
        self.network.predict_digit(pixels)
    }
}

type Parts = (Network, Box<dyn Optimizer>, usize);

/// Validates the settings and builds the network (seeded with the run's seed) and optimizer.
fn build(
    data: &Dataset,
    network: NetworkConfig,
    optimizer: &OptimizerConfig,
    run: RunConfig,
) -> Result<Parts, ConfigError> {
    let n_train = check_run(data, &run)?;
    let net = Network::new(NetworkConfig {
        seed: run.seed,
        ..network
    })
    .map_err(|e| e.within_root("network"))?;
    let built = optimizer
        .build(net.parameter_count())
        .map_err(|e| e.within_root("optimizer"))?;
    Ok((net, built, n_train))
}

/// Checks batch size and subset against the dataset; returns the number of training digits.
fn check_run(data: &Dataset, run: &RunConfig) -> Result<usize, ConfigError> {
    if !(1..=MAX_TRAIN_BATCH).contains(&run.batch_size) {
        return Err(ConfigError::new(
            "batch_size",
            format!("must be in 1..={MAX_TRAIN_BATCH}, got {}", run.batch_size),
        ));
    }
    let available = data.train().len();
    if available == 0 {
        return Err(ConfigError::new("dataset", "has no training digits"));
    }
    match run.train_subset {
        None => Ok(available),
        Some(n) if (1..=available).contains(&n) => Ok(n),
        Some(n) => Err(ConfigError::new(
            "train_subset",
            format!("must be in 1..={available}, got {n}"),
        )),
    }
}
