//! The sweep view's exports: [`Sweep`] (a learning rate × decay sweep or a basin map computed
//! row by row, with its results and colours in wasm memory) and [`FunctionGrid`] (bare
//! function values of a grid, for benchmarks and callers that colour themselves).

use wasm_bindgen::prelude::*;

use super::{from_js, js_error, FieldError};
use crate::plane::functions::{Function, View};
use crate::plane::grid::evaluate_grid;
use crate::plane::render::{self, LogScale};
use crate::plane::sweep::{self as core, BasinConfig, SweepConfig, NO_MINIMUM};

/// Colour of a diverged cell in a learning rate × decay sweep (outside the viridis scale).
pub const DIVERGED_RGB: [u8; 3] = [214, 39, 40];
/// Colour of a start point that reached no known minimum.
pub const NO_MINIMUM_RGB: [u8; 3] = [150, 150, 150];
/// Colour of a start point whose run diverged.
pub const BASIN_DIVERGED_RGB: [u8; 3] = [70, 70, 70];
/// Basin colours per minimum index (Okabe–Ito, distinguishable with colour-blindness); a
/// minimum index beyond the list reuses it cyclically (no function has more than 4 minima).
pub const MINIMUM_RGB: [[u8; 3]; 6] = [
    [230, 159, 0],
    [86, 180, 233],
    [0, 158, 115],
    [204, 121, 167],
    [0, 114, 178],
    [240, 228, 66],
];

/// A sweep in progress. Build with `Sweep.lrDecay(config)` or `Sweep.basin(config)` (see
/// `sweep::SweepConfig` / `sweep::BasinConfig` for the shapes), then call `computeRows(n)`
/// until `isDone()`. Results are typed-array views of wasm memory: `lossPtr()` (f32, NaN where
/// diverged or not yet computed), `divergedAtPtr()` (u32, `0xFFFFFFFF` = never), `minimumPtr()`
/// (u8, basin maps only, 255 = none), `rgbaPtr()` after `colorize()`; all `width * height`
/// cells, row-major, row 0 at the top. Make the views right after the call that filled them.
#[wasm_bindgen]
pub struct Sweep {
    inner: core::Sweep,
    rgba: Vec<u8>,
    scale: Option<LogScale>,
}

impl Sweep {
    fn wrap(inner: core::Sweep) -> Sweep {
        let n = inner.width() * inner.height();
        Sweep {
            inner,
            rgba: vec![0; n * 4],
            scale: None,
        }
    }
}

#[wasm_bindgen]
impl Sweep {
    /// A learning rate × decay sweep; throws an error naming the field.
    #[wasm_bindgen(js_name = lrDecay)]
    pub fn lr_decay(
        #[wasm_bindgen(unchecked_param_type = "SweepConfig")] config: JsValue,
    ) -> Result<Sweep, FieldError> {
        let config: SweepConfig = from_js(config, "")?;
        Ok(Sweep::wrap(
            core::Sweep::lr_decay(&config).map_err(js_error)?,
        ))
    }

    /// A basin map; throws an error naming the field.
    pub fn basin(
        #[wasm_bindgen(unchecked_param_type = "BasinConfig")] config: JsValue,
    ) -> Result<Sweep, FieldError> {
        let config: BasinConfig = from_js(config, "")?;
        Ok(Sweep::wrap(core::Sweep::basin(&config).map_err(js_error)?))
    }

    /// Computes up to `n` more rows; returns the rows done so far.
    #[wasm_bindgen(js_name = computeRows)]
    pub fn compute_rows(&mut self, n: usize) -> usize {
        self.inner.compute_rows(n)
    }

    /// Fraction of rows done, in [0, 1].
    pub fn progress(&self) -> f64 {
        self.inner.progress()
    }

    /// Rows done so far.
    #[wasm_bindgen(js_name = rowsDone)]
    pub fn rows_done(&self) -> usize {
        self.inner.rows_done()
    }

    /// Whether every row is done.
    #[wasm_bindgen(js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// Cells per row.
    pub fn width(&self) -> usize {
        self.inner.width()
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.inner.height()
    }

    /// Address of the final losses (`width * height` f32).
    #[wasm_bindgen(js_name = lossPtr)]
    pub fn loss_ptr(&self) -> *const f32 {
        self.inner.loss().as_ptr()
    }

    /// Address of the divergence indices (`width * height` u32).
    #[wasm_bindgen(js_name = divergedAtPtr)]
    pub fn diverged_at_ptr(&self) -> *const u32 {
        self.inner.diverged_at().as_ptr()
    }

    /// Address of the basin minimum indices (`width * height` u8; basin maps only).
    #[wasm_bindgen(js_name = minimumPtr)]
    pub fn minimum_ptr(&self) -> *const u8 {
        self.inner.minimum().as_ptr()
    }

    /// Number of cells computed so far that diverged.
    #[wasm_bindgen(js_name = divergedCount)]
    pub fn diverged_count(&self) -> usize {
        let done = self.inner.rows_done() * self.inner.width();
        self.inner.diverged_at()[..done]
            .iter()
            .filter(|&&d| d != core::NOT_DIVERGED)
            .count()
    }

    /// The learning rate of column `col`.
    #[wasm_bindgen(js_name = learningRateAt)]
    pub fn learning_rate_at(&self, col: usize) -> f64 {
        self.inner.learning_rate_at(col)
    }

    /// The legacy decay of row `row` (row 0 at the top).
    #[wasm_bindgen(js_name = decayAt)]
    pub fn decay_at(&self, row: usize) -> f64 {
        self.inner.decay_at(row)
    }

    /// Colours the rows done so far into `rgbaPtr()` (rows not done stay transparent). A sweep
    /// uses the map's log colour scale fitted to the finite losses so far (floor: the
    /// function's minimum), diverged cells [`DIVERGED_RGB`]; a basin map colours each start
    /// point by the minimum it reached ([`MINIMUM_RGB`]), grey if none.
    pub fn colorize(&mut self) {
        let done = self.inner.rows_done() * self.inner.width();
        let rgba = &mut self.rgba[..done * 4];
        if self.inner.is_basin() {
            let minimum = &self.inner.minimum()[..done];
            let diverged = &self.inner.diverged_at()[..done];
            for ((px, &m), &d) in rgba.chunks_exact_mut(4).zip(minimum).zip(diverged) {
                let [r, g, b] = if d != core::NOT_DIVERGED {
                    BASIN_DIVERGED_RGB
                } else if m == NO_MINIMUM {
                    NO_MINIMUM_RGB
                } else {
                    MINIMUM_RGB[usize::from(m) % MINIMUM_RGB.len()]
                };
                px.copy_from_slice(&[r, g, b, 255]);
            }
            return;
        }
        let loss = &self.inner.loss()[..done];
        let scale = LogScale::fit(loss, self.inner.function().min_value());
        render::colorize(loss, &scale, rgba);
        for (px, v) in rgba.chunks_exact_mut(4).zip(loss) {
            if v.is_nan() {
                let [r, g, b] = DIVERGED_RGB;
                px.copy_from_slice(&[r, g, b, 255]);
            }
        }
        self.scale = Some(scale);
    }

    /// Address of the RGBA bytes (`width * height * 4`).
    #[wasm_bindgen(js_name = rgbaPtr)]
    pub fn rgba_ptr(&self) -> *const u8 {
        self.rgba.as_ptr()
    }

    /// The loss at position `t` of the last `colorize()`'s scale (NaN before it, or for basins).
    #[wasm_bindgen(js_name = legendValue)]
    pub fn legend_value(&self, t: f32) -> f32 {
        self.scale.map_or(f32::NAN, |s| s.value_at(t))
    }
}

/// The colours `Sweep.colorize` uses, for legends: `{diverged, none, basin_diverged, minima}`
/// as `[r, g, b]` arrays.
#[wasm_bindgen(js_name = sweepColors, unchecked_return_type = "SweepColors")]
pub fn sweep_colors() -> Result<JsValue, FieldError> {
    #[derive(serde::Serialize)]
    struct Colors {
        diverged: [u8; 3],
        none: [u8; 3],
        basin_diverged: [u8; 3],
        minima: [[u8; 3]; 6],
    }
    Ok(serde_wasm_bindgen::to_value(&Colors {
        diverged: DIVERGED_RGB,
        none: NO_MINIMUM_RGB,
        basin_diverged: BASIN_DIVERGED_RGB,
        minima: MINIMUM_RGB,
    })?)
}

/// Bare function values of a grid in wasm memory (no colours, no contours): what the map's
/// `MapGrid` computes first, exposed for benchmarks of the grid kernel.
#[wasm_bindgen]
#[derive(Default)]
pub struct FunctionGrid {
    values: Vec<f32>,
}

#[wasm_bindgen]
impl FunctionGrid {
    #[wasm_bindgen(constructor)]
    pub fn new() -> FunctionGrid {
        FunctionGrid::default()
    }

    /// Fills `width * height` values of `function` over the view (see `evaluate_grid`).
    #[allow(clippy::too_many_arguments)]
    pub fn evaluate(
        &mut self,
        function: &str,
        condition_number: Option<f32>,
        x_min: f32,
        x_max: f32,
        y_min: f32,
        y_max: f32,
        width: usize,
        height: usize,
    ) -> Result<(), FieldError> {
        let f = Function::from_name(function, condition_number).map_err(js_error)?;
        self.values
            .resize(width.saturating_mul(height).min(1 << 22), 0.0);
        let view = View {
            x_min,
            x_max,
            y_min,
            y_max,
        };
        evaluate_grid(&f, &view, width, height, &mut self.values).map_err(js_error)
    }

    /// Address of the values.
    #[wasm_bindgen(js_name = valuesPtr)]
    pub fn values_ptr(&self) -> *const f32 {
        self.values.as_ptr()
    }
}
