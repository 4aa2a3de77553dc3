//! The 2D playground's exports: test functions, the map grid, step paths, lr tables, the run
//! summary and the TensorBoard download (the sweep's are in `sweep.rs`).

use wasm_bindgen::prelude::*;

use super::{f32_array, field_error, from_js, js_error, set, whole_number, FieldError};
use crate::optim::{self, LrPoint, OptimizerConfig};
use crate::plane::functions::{Function, FunctionInfo, View};
use crate::plane::grid::{evaluate_grid, MAX_GRID_SIZE, MIN_GRID_SIZE};
use crate::plane::render::{self, LogScale};
use crate::plane::trajectory::{self, TrajectoryConfig};
use crate::ConfigError;

/// Every 2D test function's metadata, the core's `FunctionInfo` of each: `[{id, name, formula,
/// domain: {x_min, x_max, y_min, y_max}, minima: [{x, y, value}], default_start: [x, y],
/// min_value, has_nonpositive_values, condition_number}]`.
#[wasm_bindgen(unchecked_return_type = "FunctionInfo[]")]
pub fn functions() -> Result<JsValue, FieldError> {
    use serde::Serialize;
    let infos: Vec<FunctionInfo> = Function::all().iter().map(Function::info).collect();
    // `FunctionInfo` flattens its spec into itself, which serde writes as a map: as a plain
    // object, like every other struct here.
    Ok(infos.serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))?)
}

/// The map's grid, kept in wasm memory: function values, their log-scaled RGBA colours and
/// contour segments. JS reads `rgbaPtr()`/`segmentsPtr()` as typed-array views of
/// `memory.buffer` right after `compute`, without copying value by value.
#[wasm_bindgen]
#[derive(Default)]
pub struct MapGrid {
    values: Vec<f32>,
    rgba: Vec<u8>,
    segments: Vec<f32>,
    levels: Vec<f32>,
    scale: Option<LogScale>,
}

#[wasm_bindgen]
impl MapGrid {
    #[wasm_bindgen(constructor)]
    pub fn new() -> MapGrid {
        MapGrid::default()
    }

    /// Samples `function` over the view on a `width × height` grid (row 0 at `y_max`), colours
    /// it on a log scale and traces `contour_levels` contour lines (at most 64) evenly spaced on
    /// that scale.
    #[allow(clippy::too_many_arguments)]
    pub fn compute(
        &mut self,
        function: &str,
        condition_number: Option<f32>,
        x_min: f32,
        x_max: f32,
        y_min: f32,
        y_max: f32,
        width: usize,
        height: usize,
        contour_levels: usize,
    ) -> Result<(), FieldError> {
        self.compute_inner(
            function,
            condition_number,
            View {
                x_min,
                x_max,
                y_min,
                y_max,
            },
            width,
            height,
            contour_levels,
        )
        .map_err(js_error)
    }

    /// Address of the RGBA bytes (`width * height * 4`) in wasm memory.
    #[wasm_bindgen(js_name = rgbaPtr)]
    pub fn rgba_ptr(&self) -> *const u8 {
        self.rgba.as_ptr()
    }

    /// Address of the function values (`width * height` f32) in wasm memory.
    #[wasm_bindgen(js_name = valuesPtr)]
    pub fn values_ptr(&self) -> *const f32 {
        self.values.as_ptr()
    }

    /// Address of the contour segments, `[x0, y0, x1, y1]` in grid coordinates.
    #[wasm_bindgen(js_name = segmentsPtr)]
    pub fn segments_ptr(&self) -> *const f32 {
        self.segments.as_ptr()
    }

    /// Number of f32 values at `segmentsPtr()` (4 per segment).
    #[wasm_bindgen(js_name = segmentsLen)]
    pub fn segments_len(&self) -> usize {
        self.segments.len()
    }

    /// The function value at position `t` of the colour scale (0 = lowest colour, 1 = highest).
    #[wasm_bindgen(js_name = legendValue)]
    pub fn legend_value(&self, t: f32) -> f32 {
        self.scale.map_or(f32::NAN, |s| s.value_at(t))
    }
}

impl MapGrid {
    fn compute_inner(
        &mut self,
        function: &str,
        condition_number: Option<f32>,
        view: View,
        width: usize,
        height: usize,
        contour_levels: usize,
    ) -> Result<(), ConfigError> {
        if contour_levels > MAX_CONTOUR_LEVELS {
            return Err(ConfigError::new(
                "contour_levels",
                format!("must be in [0, {MAX_CONTOUR_LEVELS}], got {contour_levels}"),
            ));
        }
        let f = Function::from_name(function, condition_number)?;
        let n = width.saturating_mul(height);
        if !(MIN_GRID_SIZE..=MAX_GRID_SIZE).contains(&width)
            || !(MIN_GRID_SIZE..=MAX_GRID_SIZE).contains(&height)
        {
            return Err(ConfigError::new(
                "width",
                format!("width and height must be in [{MIN_GRID_SIZE}, {MAX_GRID_SIZE}], got {width} × {height}"),
            ));
        }
        self.values.resize(n, 0.0);
        evaluate_grid(&f, &view, width, height, &mut self.values)?;
        let scale = LogScale::fit(&self.values, f.min_value());
        self.rgba.resize(n * 4, 0);
        render::colorize(&self.values, &scale, &mut self.rgba);
        // Contours are evenly spaced on the log colour scale, skipping the ends.
        self.levels.clear();
        self.levels.extend(
            (1..=contour_levels).map(|k| scale.value_at(k as f32 / (contour_levels + 1) as f32)),
        );
        render::contour_segments(
            &self.values,
            width,
            height,
            &self.levels,
            &mut self.segments,
        );
        self.scale = Some(scale);
        Ok(())
    }
}

const MAX_CONTOUR_LEVELS: usize = 64;

/// `width` RGBA pixels of the colour scale, low to high, for the legend.
#[wasm_bindgen(js_name = colormapStrip)]
pub fn colormap_strip(width: usize) -> Result<Vec<u8>, FieldError> {
    if !(2..=4096).contains(&width) {
        return Err(field_error(
            "width",
            format!("must be in [2, 4096], got {width}"),
        ));
    }
    Ok((0..width)
        .flat_map(|i| {
            let [r, g, b] = render::viridis(i as f32 / (width - 1) as f32);
            [r, g, b, 255]
        })
        .collect())
}

/// Runs one configuration on a 2D function (see `trajectory::TrajectoryConfig`) and returns
/// `{x, y, loss, effective_lr, reported_lr, step_size, diverged_at, warnings}`: `x`, `y`, `loss`
/// are Float32Arrays of points (index 0 is the start, index k the point after k updates);
/// `effective_lr`, `reported_lr`, `step_size` (Adam family, else empty) are Float32Arrays per
/// update; `diverged_at` is the first non-finite point's index or undefined.
#[wasm_bindgen(js_name = runTrajectory, unchecked_return_type = "Trajectory")]
pub fn run_trajectory(
    #[wasm_bindgen(unchecked_param_type = "TrajectoryConfig")] config: JsValue,
) -> Result<JsValue, FieldError> {
    let config: TrajectoryConfig = from_js(config, "")?;
    let t = trajectory::run_trajectory(&config).map_err(js_error)?;
    let out = js_sys::Object::new();
    set(&out, "x", &f32_array(&t.x));
    set(&out, "y", &f32_array(&t.y));
    set(&out, "loss", &f32_array(&t.loss));
    set(&out, "effective_lr", &f32_array(&t.effective_lr));
    set(&out, "reported_lr", &f32_array(&t.reported_lr));
    set(&out, "step_size", &f32_array(&t.step_size));
    if let Some(k) = t.diverged_at {
        set(&out, "diverged_at", &JsValue::from_f64(k as f64));
    }
    set(
        &out,
        "warnings",
        &serde_wasm_bindgen::to_value(&t.warnings)?,
    );
    Ok(out.into())
}

// The page's own paths and lr tables stay in wasm memory instead of being copied out:
// `TrajectoryRun` and `LrTable` own their columns, `columns()` says where each lies (byte
// offset and length), JS reads them through typed-array views of `memory.buffer`, and calls
// `free()` when the card's result is replaced or the card removed. JS makes the views, not Rust:
// a view is of `memory.buffer` as it is when made, and any allocation may grow the memory and
// detach it (even creating a JS value can: wasm-bindgen's externref slab is a Vec). The offsets
// never change while the owner lives, so JS re-creates the views whenever `memory.buffer` is no
// longer the one they were made on (www/js/wasm.js `WasmColumns`), without calling wasm again.

/// One configuration's step path on a 2D function, run by the core and kept in wasm memory
/// until `free()`: `new TrajectoryRun(config)` takes what `runTrajectory` takes.
#[wasm_bindgen]
pub struct TrajectoryRun {
    run: trajectory::Trajectory,
}

impl TrajectoryRun {
    /// Runs `config` (what the JS constructor does once it has read the config).
    pub fn run(config: &TrajectoryConfig) -> Result<TrajectoryRun, ConfigError> {
        Ok(TrajectoryRun {
            run: trajectory::run_trajectory(config)?,
        })
    }

    /// The run: the columns `columns()` shows to JS.
    pub fn trajectory(&self) -> &trajectory::Trajectory {
        &self.run
    }
}

#[wasm_bindgen]
impl TrajectoryRun {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TrajectoryConfig")] config: JsValue,
    ) -> Result<TrajectoryRun, FieldError> {
        let config: TrajectoryConfig = from_js(config, "")?;
        TrajectoryRun::run(&config).map_err(js_error)
    }

    /// `{columns: {x, y, loss, effective_lr, reported_lr, step_size}, diverged_at?, warnings}`:
    /// the fields of `runTrajectory`'s object, each column as `[byte offset, length]` of its
    /// f32 values in wasm memory, valid until `free()`.
    #[wasm_bindgen(unchecked_return_type = "TrajectoryRunLayout")]
    pub fn columns(&self) -> Result<JsValue, FieldError> {
        let t = &self.run;
        let out = js_sys::Object::new();
        let columns = js_sys::Object::new();
        for (key, column) in [
            ("x", &t.x),
            ("y", &t.y),
            ("loss", &t.loss),
            ("effective_lr", &t.effective_lr),
            ("reported_lr", &t.reported_lr),
            ("step_size", &t.step_size),
        ] {
            set(&columns, key, &span(column));
        }
        set(&out, "columns", &columns);
        if let Some(k) = t.diverged_at {
            set(&out, "diverged_at", &JsValue::from_f64(k as f64));
        }
        set(
            &out,
            "warnings",
            &serde_wasm_bindgen::to_value(&t.warnings)?,
        );
        Ok(out.into())
    }
}

/// Where a column lies in wasm memory: `[byte offset, length]`.
fn span(column: &[f32]) -> JsValue {
    js_sys::Array::of2(
        &JsValue::from_f64(column.as_ptr() as usize as f64),
        &JsValue::from_f64(column.len() as f64),
    )
    .into()
}

/// One configuration's learning rate per iteration (and per epoch), kept in wasm memory until
/// `free()`: `new LrTable(optimizer, steps, steps_per_epoch)` takes what `lrSchedule` takes.
#[wasm_bindgen]
#[derive(Debug, Clone, PartialEq)]
pub struct LrTable {
    per_step: LrColumns,
    per_epoch: LrColumns,
}

impl LrTable {
    /// The core's table as columns.
    pub fn from_table(table: &optim::LrTable) -> LrTable {
        LrTable {
            per_step: LrColumns::from_points(&table.per_step),
            per_epoch: LrColumns::from_points(&table.per_epoch),
        }
    }

    /// One row per iteration.
    pub fn per_step(&self) -> &LrColumns {
        &self.per_step
    }

    /// One row per epoch (empty without `steps_per_epoch`).
    pub fn per_epoch(&self) -> &LrColumns {
        &self.per_epoch
    }
}

#[wasm_bindgen]
impl LrTable {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
        steps: f64,
        steps_per_epoch: Option<f64>,
    ) -> Result<LrTable, FieldError> {
        Ok(LrTable::from_table(&lr_table(
            optimizer,
            steps,
            steps_per_epoch,
        )?))
    }

    /// `{columns: {effective_lr, reported_lr, step_size?, epoch_effective_lr,
    /// epoch_reported_lr, epoch_step_size?}}`: the columns of `lrSchedule`'s object, each as
    /// `[byte offset, length]` of its f32 values in wasm memory, valid until `free()`.
    #[wasm_bindgen(unchecked_return_type = "LrTableLayout")]
    pub fn columns(&self) -> JsValue {
        let columns = js_sys::Object::new();
        for (table, [effective, reported, step]) in [
            (&self.per_step, PER_STEP_KEYS),
            (&self.per_epoch, PER_EPOCH_KEYS),
        ] {
            set(&columns, effective, &span(&table.effective_lr));
            set(&columns, reported, &span(&table.reported_lr));
            if let Some(step_size) = &table.step_size {
                set(&columns, step, &span(step_size));
            }
        }
        let out = js_sys::Object::new();
        set(&out, "columns", &columns);
        out.into()
    }
}

/// One table of learning rates as columns: what an lr chart draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LrColumns {
    pub effective_lr: Vec<f32>,
    pub reported_lr: Vec<f32>,
    /// Adam family: the bias-corrected step size of each row (NaN where a row has none).
    pub step_size: Option<Vec<f32>>,
}

impl LrColumns {
    pub fn from_points(points: &[LrPoint]) -> LrColumns {
        let col = |f: fn(&LrPoint) -> f32| points.iter().map(f).collect::<Vec<f32>>();
        LrColumns {
            effective_lr: col(|p| p.effective_lr),
            reported_lr: col(|p| p.reported_lr),
            step_size: points
                .first()
                .is_some_and(|p| p.step_size.is_some())
                .then(|| col(|p| p.step_size.unwrap_or(f32::NAN))),
        }
    }

    /// The columns on `out` under `keys` (effective, reported, step size when there is one),
    /// as copies.
    fn set_copies(&self, out: &js_sys::Object, [effective, reported, step]: LrKeys) {
        set(out, effective, &f32_array(&self.effective_lr));
        set(out, reported, &f32_array(&self.reported_lr));
        if let Some(step_size) = &self.step_size {
            set(out, step, &f32_array(step_size));
        }
    }
}

/// The keys of one table's columns in what JS receives: effective lr, reported lr, step size.
type LrKeys = [&'static str; 3];
const PER_STEP_KEYS: LrKeys = ["effective_lr", "reported_lr", "step_size"];
const PER_EPOCH_KEYS: LrKeys = ["epoch_effective_lr", "epoch_reported_lr", "epoch_step_size"];

/// The learning rate per iteration `0..steps` without running an optimizer:
/// `{effective_lr, reported_lr, step_size?}` (Float32Arrays), and with `steps_per_epoch`
/// `{epoch_effective_lr, epoch_reported_lr, epoch_step_size?}` at the start of each epoch.
#[wasm_bindgen(js_name = lrSchedule, unchecked_return_type = "LrScheduleTable")]
pub fn lr_schedule(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    steps: f64,
    steps_per_epoch: Option<f64>,
) -> Result<JsValue, FieldError> {
    let table = LrTable::from_table(&lr_table(optimizer, steps, steps_per_epoch)?);
    let out = js_sys::Object::new();
    table.per_step.set_copies(&out, PER_STEP_KEYS);
    table.per_epoch.set_copies(&out, PER_EPOCH_KEYS);
    Ok(out.into())
}

/// `lrSchedule`'s arguments read and checked, and its table.
fn lr_table(
    optimizer: JsValue,
    steps: f64,
    steps_per_epoch: Option<f64>,
) -> Result<optim::LrTable, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let steps = whole_number("steps", steps, MAX_LR_SCHEDULE_STEPS)?;
    let spe = steps_per_epoch
        .map(
            |s| match whole_number("steps_per_epoch", s, u64::MAX >> 12)? {
                0 => Err(field_error(
                    "steps_per_epoch",
                    "must be a whole number >= 1, got 0".into(),
                )),
                n => Ok(n),
            },
        )
        .transpose()?;
    Ok(optim::lr_schedule(&config, steps, spe)?)
}

/// The most iterations `lrSchedule` materialises (one chart's worth); use `lrAt` beyond.
const MAX_LR_SCHEDULE_STEPS: u64 = 2_000_000;

/// The learning rates at the given iterations (an array of whole numbers), e.g. the start of
/// each of 50 epochs: `{effective_lr, reported_lr, step_size?}` as Float32Arrays.
#[wasm_bindgen(js_name = lrAt, unchecked_return_type = "LrSeries")]
pub fn lr_at(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    iterations: Vec<f64>,
) -> Result<JsValue, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let iterations = iterations
        .into_iter()
        .map(|i| whole_number("iterations", i, optim::lr_table::MAX_ITERATION))
        .collect::<Result<Vec<u64>, _>>()?;
    let points = optim::lr_at(&config, &iterations)?;
    let out = js_sys::Object::new();
    LrColumns::from_points(&points).set_copies(&out, PER_STEP_KEYS);
    Ok(out.into())
}

/// One named run for `trajectoriesTensorboardLog`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedRun {
    name: String,
    config: TrajectoryConfig,
}

/// A TensorBoard event file (`events.out.tfevents.*` bytes) of the given runs, `[{name, config}]`
/// with `config` as `runTrajectory` takes it: per update, `<name>/loss`, `<name>/lr_effective`
/// and `<name>/lr` (see `Trajectory::write_tensorboard`). `wall_time` is seconds since the epoch.
#[wasm_bindgen(js_name = trajectoriesTensorboardLog)]
pub fn trajectories_tensorboard_log(
    #[wasm_bindgen(unchecked_param_type = "NamedRun[]")] runs: JsValue,
    wall_time: f64,
) -> Result<Vec<u8>, FieldError> {
    let runs: Vec<NamedRun> = from_js(runs, "runs")?;
    let runs: Vec<(String, TrajectoryConfig)> =
        runs.into_iter().map(|r| (r.name, r.config)).collect();
    Ok(trajectory::tensorboard_log(&runs, wall_time)?)
}

/// What a `model.fit` with this optimizer does to the lr: `fit` is `{samples, batch_size?,
/// epochs?, validation_split?, steps_per_epoch?}` (Keras's defaults for what is left out).
/// Returns `{train_samples, steps_per_epoch, updates, reported_lr, first_lr, last_iteration,
/// last_lr, last_reported_lr, last_fraction, epoch_effective_lr, epoch_reported_lr}`.
#[wasm_bindgen(js_name = runSummary, unchecked_return_type = "RunSummary")]
pub fn run_summary(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FitConfig")] fit: JsValue,
) -> Result<JsValue, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let fit: optim::FitConfig = from_js(fit, "fit")?;
    let summary = optim::summarize(&config, &fit)?;
    // JSON-compatible: the flattened plan would otherwise arrive as a JS `Map`.
    use serde::Serialize;
    Ok(summary.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// The once-per-epoch forms of the run's inverse-time decay (`optim::epoch_plan`), with the
/// lr each form gives at every epoch: `{train_samples, steps_per_epoch, updates, epochs,
/// learning_rate, decay, source, decay_steps, decay_rate, factor, inverse_time, exponential,
/// per_epoch}`, or `{reason}` when the run's lr is not inverse-time decay.
#[wasm_bindgen(js_name = epochPlan, unchecked_return_type = "EpochPlan | NoEpochPlan")]
pub fn epoch_plan(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FitConfig")] fit: JsValue,
) -> Result<JsValue, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let fit: optim::FitConfig = from_js(fit, "fit")?;
    use serde::Serialize;
    let json = serde_wasm_bindgen::Serializer::json_compatible();
    Ok(match optim::epoch_plan(&config, &fit)? {
        Ok(plan) => plan.serialize(&json)?,
        Err(no) => no.serialize(&json)?,
    })
}

/// The lr each update of a run really used, as a TensorBoard event file to put in the run's log
/// folder beside Keras's own (`training_log::corrected_log`): `batch_lr_effective` per update
/// (step = iterations) and `epoch_lr_effective` per epoch (the lr of the next update, as Keras
/// logs `epoch_learning_rate`). `fit` is `runSummary`'s; `wall_time` is seconds since the epoch.
#[wasm_bindgen(js_name = correctedTrainingLog)]
pub fn corrected_training_log(
    #[wasm_bindgen(unchecked_param_type = "OptimizerConfig")] optimizer: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FitConfig")] fit: JsValue,
    wall_time: f64,
) -> Result<Vec<u8>, FieldError> {
    let config: OptimizerConfig = from_js(optimizer, "optimizer")?;
    let fit: optim::FitConfig = from_js(fit, "fit")?;
    let summary = optim::summarize(&config, &fit)?;
    if summary.plan.updates >= MAX_LR_SCHEDULE_STEPS {
        return Err(field_error(
            "fit.epochs",
            format!(
                "the corrected log covers at most {MAX_LR_SCHEDULE_STEPS} updates, got {}",
                summary.plan.updates
            ),
        ));
    }
    let table = optim::lr_schedule(&config, summary.plan.updates + 1, None)?;
    let effective: Vec<f32> = table.per_step.iter().map(|p| p.effective_lr).collect();
    Ok(crate::training_log::corrected_log(
        &effective,
        summary.plan.steps_per_epoch,
        wall_time,
    ))
}
