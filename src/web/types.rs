//! The TypeScript types of what crosses to JS, appended to the generated `.d.ts`: the exports
//! name them with `unchecked_param_type` / `unchecked_return_type` instead of `any`. Each
//! interface mirrors a Rust struct's serialized shape (or the object an export builds); the wasm
//! test `tests/web_types.rs` checks every interface's keys against a real result.

use wasm_bindgen::prelude::*;

/// The declarations, one `export interface` per shape with one member per line (the wasm test
/// reads them back).
pub const TS_TYPES: &str = r#"
/** Which Keras: `tf_keras.optimizers.legacy` or Keras 3 `keras.optimizers`. */
export type KerasApi = "legacy" | "keras3";

/** A `keras.optimizers.schedules.*` schedule, with Keras's argument names. */
export type LearningRateSchedule =
  | { schedule: "inverse_time_decay" | "exponential_decay"; initial_learning_rate: number; decay_steps: number; decay_rate: number; staircase?: boolean; name?: string }
  | { schedule: "piecewise_constant_decay"; boundaries: number[]; values: number[]; name?: string }
  | { schedule: "cosine_decay"; initial_learning_rate: number; decay_steps: number; alpha?: number; name?: string; warmup_target?: number | null; warmup_steps?: number }
  | { schedule: "polynomial_decay"; initial_learning_rate: number; decay_steps: number; end_learning_rate?: number; power?: number; cycle?: boolean; name?: string }
  | { schedule: "cosine_decay_restarts"; initial_learning_rate: number; first_decay_steps: number; t_mul?: number; m_mul?: number; alpha?: number; name?: string };

/** An optimizer as Keras's constructor arguments; what is left out takes Keras's default (`kerasSpec()`). */
export interface OptimizerConfig {
  name: string;
  api?: KerasApi;
  learning_rate?: number | LearningRateSchedule;
  lr?: number;
  decay?: number;
  weight_decay?: number | null;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
  amsgrad?: boolean;
  momentum?: number;
  nesterov?: boolean;
  rho?: number;
  centered?: boolean;
  initial_accumulator_value?: number;
  schedule_decay?: number;
}

/** What Keras really runs: every default filled in, the legacy quirks applied, Keras's warnings. */
export interface ResolvedOptimizer {
  api: KerasApi;
  name: string;
  keras_class: string;
  learning_rate: number | LearningRateSchedule;
  decay: number;
  weight_decay?: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
  amsgrad?: boolean;
  momentum?: number;
  nesterov?: boolean;
  rho?: number;
  centered?: boolean;
  initial_accumulator_value?: number;
  schedule_decay?: number;
  warnings: string[];
  notes: string[];
}

/** A rectangle of the plane. */
export interface View {
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
}

/** A minimum of a 2D function. */
export interface FunctionMinimum {
  x: number;
  y: number;
  value: number;
}

/** One 2D test function's metadata. */
export interface FunctionInfo {
  id: string;
  name: string;
  formula: string;
  domain: View;
  minima: FunctionMinimum[];
  default_start: [number, number];
  min_value: number;
  has_nonpositive_values: boolean;
  condition_number?: number;
}

/** This build: the crate version and whether wasm simd128 was compiled in. */
export interface BuildInfo {
  version: string;
  simd128: boolean;
  target_arch: string;
}

/** One run of one configuration on a 2D function. */
export interface TrajectoryConfig {
  function: string;
  condition_number?: number | null;
  start: [number, number];
  optimizer: OptimizerConfig;
  steps: number;
}

/** A run's points (index k: after k updates) and its learning rates per update. */
export interface Trajectory {
  x: Float32Array;
  y: Float32Array;
  loss: Float32Array;
  effective_lr: Float32Array;
  reported_lr: Float32Array;
  step_size: Float32Array;
  diverged_at?: number;
  warnings: string[];
}

/** The learning rates at some iterations (`step_size`: the Adam family's). */
export interface LrSeries {
  effective_lr: Float32Array;
  reported_lr: Float32Array;
  step_size?: Float32Array;
}

/** `lrSchedule`: per iteration, and with `steps_per_epoch` at the start of each epoch. */
export interface LrScheduleTable {
  effective_lr: Float32Array;
  reported_lr: Float32Array;
  step_size?: Float32Array;
  epoch_effective_lr?: Float32Array;
  epoch_reported_lr?: Float32Array;
  epoch_step_size?: Float32Array;
}

/** Where a column of f32 values lies in wasm memory: `[byte offset, length]`. */
export type ColumnSpan = [number, number];

/** `Trajectory`'s arrays, each as a span of wasm memory. */
export interface TrajectoryColumns {
  x: ColumnSpan;
  y: ColumnSpan;
  loss: ColumnSpan;
  effective_lr: ColumnSpan;
  reported_lr: ColumnSpan;
  step_size: ColumnSpan;
}

/** `TrajectoryRun.columns()`: `Trajectory`'s fields, its arrays as spans of wasm memory. */
export interface TrajectoryRunLayout {
  columns: TrajectoryColumns;
  diverged_at?: number;
  warnings: string[];
}

/** `LrScheduleTable`'s arrays, each as a span of wasm memory. */
export interface LrTableColumns {
  effective_lr: ColumnSpan;
  reported_lr: ColumnSpan;
  step_size?: ColumnSpan;
  epoch_effective_lr?: ColumnSpan;
  epoch_reported_lr?: ColumnSpan;
  epoch_step_size?: ColumnSpan;
}

/** `LrTable.columns()`. */
export interface LrTableLayout {
  columns: LrTableColumns;
}

/** `model.fit`'s arguments that count updates (Keras's defaults for what is left out). */
export interface FitConfig {
  samples: number;
  batch_size?: number;
  epochs?: number;
  validation_split?: number;
  steps_per_epoch?: number | null;
}

/** What a `model.fit` with an optimizer does to the learning rate. */
export interface RunSummary {
  train_samples: number;
  steps_per_epoch: number;
  updates: number;
  reported_lr: number;
  first_lr: number;
  last_iteration: number;
  last_lr: number;
  last_reported_lr: number;
  last_fraction: number;
  epoch_effective_lr: number[];
  epoch_reported_lr: number[];
}

/** The once-per-epoch forms of a run's inverse-time decay, and their lr at every epoch. */
export interface EpochPlan {
  train_samples: number;
  steps_per_epoch: number;
  updates: number;
  epochs: number;
  learning_rate: number;
  decay: number;
  source: "decay" | "ignored_decay" | "inverse_time_decay";
  decay_steps: number;
  decay_rate: number;
  factor: number | null;
  inverse_time: LearningRateSchedule;
  exponential: LearningRateSchedule | null;
  per_epoch: {
    iteration: number[];
    run_first: number[];
    run_last: number[];
    per_update: number[];
    inverse_time: number[];
    exponential: number[];
    scheduler_callback: number[];
    torch_lambda: number[];
    torch_step: number[];
  };
}

/** One series of a training log, as the file has it. */
export interface LogSeries {
  tag: string;
  run: string;
  per: "batch" | "epoch";
  steps: number[];
  values: number[];
}

/** What `readTrainingLog` read from a file. */
export interface TrainingLog {
  format: "tfevents" | "csv" | "console" | "history";
  series: LogSeries[];
  epochs: number | null;
  steps_per_epoch: number | null;
  logged_lr: string | null;
  other_tags: string[];
  error: string | null;
  warnings: string[];
}

/** Why a run has no per-epoch plan. */
export interface NoEpochPlan {
  reason: string;
}

/** One run of `trajectoriesTensorboardLog`. */
export interface NamedRun {
  name: string;
  config: TrajectoryConfig;
}

/** The `fit()` arguments pasted code gives. */
export interface ParsedFit {
  batch_size?: number;
  epochs?: number;
  validation_split?: number;
  steps_per_epoch?: number;
  samples?: number;
}

/** A piece of pasted code that is not used, and why. */
export interface IgnoredCode {
  text: string;
  reason: string;
}

/** Another reading of the pasted optimizer, when the code does not say which Keras runs it. */
export interface KerasCodeAlternative {
  optimizer: OptimizerConfig;
  label: string;
  differs: string;
}

/** What the core read from pasted Keras code. */
export interface ParsedKerasCode {
  optimizer: OptimizerConfig | null;
  fit: ParsedFit;
  warnings: string[];
  ignored: IgnoredCode[];
  alternatives: KerasCodeAlternative[];
}

/** What the core accepts for a number (`null`: not a number). */
export interface KerasRange {
  min: number | null;
  max: number | null;
  min_exclusive: boolean;
  max_exclusive: boolean;
}

/** One argument of a Keras class: its default (`null`: None, or required) and range. */
export interface KerasArg {
  name: string;
  kind: "number" | "number_or_schedule" | "bool" | "list" | "text";
  required: boolean;
  default: number | boolean | null;
  range: KerasRange;
}

/** One optimizer class under one API. */
export interface KerasOptimizerSpec {
  id: string;
  class: string;
  api: KerasApi;
  module: string;
  signature: string[];
  kwargs: string[];
  args: KerasArg[];
  decay: "per_update" | "replaced_by_schedule_decay" | "ignored_with_warning";
  lr_alias: boolean;
  epsilon_zero_is_default: boolean;
  accepts_schedule: boolean;
}

/** One learning-rate schedule class. */
export interface KerasScheduleSpec {
  id: string;
  class: string;
  signature: string[];
  args: KerasArg[];
}

/** The core's Keras table. */
export interface KerasSpec {
  optimizers: KerasOptimizerSpec[];
  schedules: KerasScheduleSpec[];
}

/** A log-spaced axis of a sweep. */
export interface LogRange {
  min: number;
  max: number;
  count: number;
}

/** A learning rate × decay sweep. */
export interface SweepConfig {
  function: string;
  condition_number?: number | null;
  start: [number, number];
  optimizer: OptimizerConfig;
  steps: number;
  learning_rate: LogRange;
  decay: LogRange;
}

/** A basin map: one configuration from every start point of a grid. */
export interface BasinConfig {
  function: string;
  condition_number?: number | null;
  view: View;
  width: number;
  height: number;
  optimizer: OptimizerConfig;
  steps: number;
  tolerance?: number | null;
}

/** The colours `Sweep.colorize` uses, as `[r, g, b]`. */
export interface SweepColors {
  diverged: [number, number, number];
  none: [number, number, number];
  basin_diverged: [number, number, number];
  minima: [number, number, number][];
}

/** The CNN's shape (omitted: Keras-like defaults). */
export interface NetworkConfig {
  conv1_filters?: number;
  conv2_filters?: number;
  kernel_size?: number;
  seed?: number;
}

/** What one `trainBatches` call did. */
export interface TrainChunk {
  iterations: number;
  epoch: number;
  batch_in_epoch: number;
  steps_per_epoch: number;
  batches: number;
  examples: number;
  mean_loss: number;
  accuracy: number;
  effective_lr: number;
  reported_lr: number;
  diverged: boolean;
  error?: string;
  epoch_loss?: number;
  epoch_accuracy?: number;
  loss: Float32Array;
  effective_lrs: Float32Array;
  reported_lrs: Float32Array;
}

/** `model.evaluate` on test digits; `confusion[true * 10 + predicted]`. */
export interface TestEvaluation {
  loss: number;
  accuracy: number;
  count: number;
  confusion: Uint32Array;
}

/** Predictions for a range of test digits. */
export interface TestPredictions {
  predicted: Uint8Array;
  probability: Float32Array;
  label: Uint8Array;
  probabilities: Float32Array;
}

/** The first conv layer's kernels, filter after filter. */
export interface LayerFilters {
  weights: Float32Array;
  shape: [number, number, number];
}

/** A CNN session's sizes and progress. */
export interface CnnInfo {
  parameters: number;
  train_examples: number;
  test_examples: number;
  steps_per_epoch: number;
  batch_size: number;
  seed: number;
  iterations: number;
  epoch: number;
  workspace_bytes: number;
  training_flops_per_example: number;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_APPEND: &str = TS_TYPES;
