//! Sweeps: many short optimizer runs on one 2D function, four at a time on the lane kernels.
//!
//! * **learning rate × decay** ([`SweepConfig`]): from one start point, the final loss after
//!   `K` updates for every `(learning_rate, decay)` cell of a log-spaced grid. Columns are
//!   learning rates (low to high, left to right), rows legacy `decay` values (high to low, top
//!   to bottom, like a plot's y axis).
//! * **basin map** ([`BasinConfig`]): one configuration from every start point of a grid over a
//!   [`View`] (cell centres, row 0 at `y_max`, as [`crate::plane::grid::evaluate_grid`]), recording
//!   which known minimum ([`Function::minima`]) the end point reached.
//!
//! A [`Sweep`] computes row by row ([`Sweep::compute_rows`]), so a caller can report progress
//! and stop between rows. Four cells run together on [`crate::plane::lanes`]
//! (bit-identical per lane to [`run_trajectory`]); a row's last `width % 4` cells run through
//! [`run_trajectory`] itself.
//!
//! A cell **diverged** when some point or loss of its run was not finite (where
//! [`run_trajectory`] stops): its loss is NaN and [`Sweep::diverged_at`] holds the index of
//! the first non-finite point; otherwise [`NOT_DIVERGED`].
//!
//! # Caps
//! Grids are 2 to [`MAX_SWEEP_CELLS`] (256) cells a side, runs 1 to [`MAX_SWEEP_STEPS`]
//! (5,000) updates: 256 × 256 × 5,000 is 3.3·10⁸ updates, seconds with SIMD, and row-sized
//! chunks keep each call short. Learning rates lie in [[`MIN_LEARNING_RATE`],
//! [`MAX_LEARNING_RATE`]], decays in [[`MIN_DECAY`], [`MAX_DECAY`]]. Optimizers: Adam (legacy,
//! or Keras 3 for basins) without amsgrad, and SGD (with or without (Nesterov) momentum), both
//! with a constant learning rate and no `weight_decay`: the families with lane kernels.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::optim::adam::OneMinus;
use crate::optim::spec;
use crate::optim::{Api, LearningRate, OptimizerConfig, OptimizerKind, ResolvedConfig};
use crate::plane::functions::{Function, View};
use crate::plane::lanes::{run4, Adam4, Run4, Sgd4};
use crate::plane::trajectory::{run_trajectory, TrajectoryConfig};

/// Fewest cells per side.
pub const MIN_SWEEP_CELLS: usize = 2;
/// Most cells per side.
pub const MAX_SWEEP_CELLS: usize = 256;
/// Most updates per cell.
pub const MAX_SWEEP_STEPS: u64 = 5000;
/// Lowest learning rate a sweep range may reach.
pub const MIN_LEARNING_RATE: f64 = 1e-8;
/// Highest learning rate a sweep range may reach.
pub const MAX_LEARNING_RATE: f64 = 10.0;
/// Lowest legacy `decay` a sweep range may reach (log-spaced, so never 0).
pub const MIN_DECAY: f64 = 1e-10;
/// Highest legacy `decay` a sweep range may reach.
pub const MAX_DECAY: f64 = 10.0;
/// [`Sweep::diverged_at`] of a cell whose every point was finite.
pub const NOT_DIVERGED: u32 = u32::MAX;
/// [`Sweep::minimum`] of a cell that reached no known minimum (or diverged).
pub const NO_MINIMUM: u8 = u8::MAX;
/// Default basin tolerance, as a fraction of the larger side of the function's domain.
pub const DEFAULT_TOLERANCE_FRACTION: f32 = 0.02;

/// `count` log-spaced values over `[min, max]`, taken at cell centres:
/// value `i` is `10^(log10 min + (i + 0.5)/count · (log10 max − log10 min))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogRange {
    /// Lower edge of the first cell.
    pub min: f64,
    /// Upper edge of the last cell.
    pub max: f64,
    /// Number of cells, in [2, 256].
    pub count: usize,
}

impl LogRange {
    /// The value at the centre of cell `i` (0 = lowest).
    pub fn at(&self, i: usize) -> f64 {
        let (a, b) = (self.min.log10(), self.max.log10());
        10f64.powf(a + (i as f64 + 0.5) / self.count as f64 * (b - a))
    }

    fn validate(&self, lo: f64, hi: f64) -> Result<(), ConfigError> {
        if !(MIN_SWEEP_CELLS..=MAX_SWEEP_CELLS).contains(&self.count) {
            return Err(ConfigError::new(
                "count",
                format!(
                    "must be in [{MIN_SWEEP_CELLS}, {MAX_SWEEP_CELLS}], got {}",
                    self.count
                ),
            ));
        }
        for (name, v) in [("min", self.min), ("max", self.max)] {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                return Err(ConfigError::new(
                    name,
                    format!("must be in [{lo:e}, {hi:e}], got {v}"),
                ));
            }
        }
        if self.min >= self.max {
            return Err(ConfigError::new(
                "max",
                format!(
                    "must be greater than min, got min = {}, max = {}",
                    self.min, self.max
                ),
            ));
        }
        Ok(())
    }
}

/// A learning rate × decay sweep, e.g.
/// `{"function": "rosenbrock", "start": [-1.5, 2], "steps": 1000,
///   "optimizer": {"name": "adam"},
///   "learning_rate": {"min": 1e-4, "max": 1, "count": 128},
///   "decay": {"min": 1e-6, "max": 0.1, "count": 128}}`.
/// `optimizer` holds every other Keras argument; it must not set `learning_rate`, `lr` or
/// `decay` (the grid does) and must be the legacy API (Keras 3 ignores `decay`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepConfig {
    /// A function id.
    pub function: String,
    /// κ of `ill_conditioned_quadratic`.
    #[serde(default)]
    pub condition_number: Option<f32>,
    /// The start point of every cell, finite.
    pub start: [f32; 2],
    /// The optimizer without `learning_rate`/`decay`.
    pub optimizer: OptimizerConfig,
    /// Updates per cell, in [1, 5000].
    pub steps: u64,
    /// Columns.
    pub learning_rate: LogRange,
    /// Rows (top row = highest decay).
    pub decay: LogRange,
}

/// A basin map, e.g. `{"function": "himmelblau", "view": {"x_min": -5, "x_max": 5, "y_min": -5,
/// "y_max": 5}, "width": 64, "height": 64, "steps": 1000, "optimizer": {"name": "adam",
/// "learning_rate": 0.05}}`. `tolerance` (default 2% of the larger side of the function's
/// domain) is how close to a minimum an end point must be to count as reaching it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasinConfig {
    /// A function id.
    pub function: String,
    /// κ of `ill_conditioned_quadratic`.
    #[serde(default)]
    pub condition_number: Option<f32>,
    /// The start points' rectangle.
    pub view: View,
    /// Start points per row, in [2, 256].
    pub width: usize,
    /// Rows of start points, in [2, 256].
    pub height: usize,
    /// The one configuration every start point runs.
    pub optimizer: OptimizerConfig,
    /// Updates per start point, in [1, 5000].
    pub steps: u64,
    /// Distance to a minimum that counts as reaching it (> 0, finite).
    #[serde(default)]
    pub tolerance: Option<f32>,
}

impl SweepConfig {
    /// Parses JSON; unknown keys and wrong types are errors naming the field by its full path
    /// (`colour` at the top level, `optimizer.beta_1` inside the optimizer).
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        crate::error::parse_json(json, "")
    }
}

impl BasinConfig {
    /// Parses JSON; unknown keys and wrong types are errors naming the field by its full path.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        crate::error::parse_json(json, "")
    }
}

/// The optimizer families with lane kernels, with what they need.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    Adam {
        beta_1: f64,
        beta_2: f64,
        epsilon: f64,
        how: OneMinus,
    },
    Sgd {
        momentum: f64,
        nesterov: bool,
    },
}

fn family(r: &ResolvedConfig) -> Result<Family, ConfigError> {
    let err = |field: &str, msg: String| ConfigError::new(field, msg).within("optimizer");
    if r.weight_decay.is_some() {
        return Err(err(
            "weight_decay",
            "is not supported by sweeps (lane kernels run Adam and SGD without it)".into(),
        ));
    }
    if let LearningRate::Schedule(_) = r.learning_rate {
        return Err(err(
            "learning_rate",
            "must be a number in a sweep, not a schedule".into(),
        ));
    }
    let class_spec = spec::optimizer_any_api(r.name, r.api);
    let num = |v: Option<f64>, name: &str| {
        v.or_else(|| class_spec.default_number(name))
            .unwrap_or_default()
    };
    match r.name {
        OptimizerKind::Adam if r.amsgrad == Some(true) => Err(err(
            "amsgrad",
            "is not supported by sweeps (must be false)".into(),
        )),
        OptimizerKind::Adam => Ok(Family::Adam {
            beta_1: num(r.beta_1, "beta_1"),
            beta_2: num(r.beta_2, "beta_2"),
            epsilon: num(r.epsilon, "epsilon"),
            how: match r.api {
                Api::Legacy => OneMinus::Float32,
                Api::Keras3 => OneMinus::Float64,
            },
        }),
        OptimizerKind::Sgd => Ok(Family::Sgd {
            momentum: num(r.momentum, "momentum"),
            nesterov: r
                .nesterov
                .or_else(|| class_spec.default_bool("nesterov"))
                .unwrap_or_default(),
        }),
        other => Err(err(
            "name",
            format!(
                "sweeps run adam or sgd (the optimizers with lane kernels), got {}",
                other.class_name()
            ),
        )),
    }
}

fn check_steps(steps: u64) -> Result<(), ConfigError> {
    if !(1..=MAX_SWEEP_STEPS).contains(&steps) {
        return Err(ConfigError::new(
            "steps",
            format!("must be in [1, {MAX_SWEEP_STEPS}], got {steps}"),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum Plan {
    LrDecay {
        start: [f32; 2],
        learning_rate: LogRange,
        decay: LogRange,
    },
    Basin {
        view: View,
        learning_rate: f64,
        decay: f64,
        tolerance: f32,
    },
}

/// A sweep or basin map in progress: its buffers (row-major, row 0 at the top) and how many
/// rows are done.
#[derive(Debug, Clone)]
pub struct Sweep {
    function: Function,
    family: Family,
    optimizer: OptimizerConfig,
    plan: Plan,
    steps: u64,
    width: usize,
    height: usize,
    rows_done: usize,
    loss: Vec<f32>,
    diverged_at: Vec<u32>,
    minimum: Vec<u8>,
}

impl Sweep {
    /// Validates a learning rate × decay sweep; errors name the field and the allowed range.
    pub fn lr_decay(c: &SweepConfig) -> Result<Sweep, ConfigError> {
        let function = Function::from_name(&c.function, c.condition_number)?;
        for (i, v) in c.start.iter().enumerate() {
            if !v.is_finite() {
                return Err(ConfigError::new(
                    format!("start[{i}]"),
                    format!("must be a finite number, got {v}"),
                ));
            }
        }
        check_steps(c.steps)?;
        c.learning_rate
            .validate(MIN_LEARNING_RATE, MAX_LEARNING_RATE)
            .map_err(|e| e.within("learning_rate"))?;
        c.decay
            .validate(MIN_DECAY, MAX_DECAY)
            .map_err(|e| e.within("decay"))?;
        for (field, given) in [
            ("learning_rate", c.optimizer.learning_rate.is_some()),
            ("lr", c.optimizer.lr.is_some()),
            ("decay", c.optimizer.decay.is_some()),
        ] {
            if given {
                return Err(ConfigError::new(
                    field,
                    "is set per cell by the sweep's learning_rate and decay ranges; leave it out",
                )
                .within("optimizer"));
            }
        }
        let mut probe = c.optimizer.clone();
        probe.learning_rate = Some(LearningRate::Constant(c.learning_rate.max));
        probe.decay = Some(c.decay.max);
        let resolved = probe.resolve()?;
        if resolved.api != Api::Legacy {
            return Err(ConfigError::new(
                "api",
                "must be \"legacy\": the sweep varies legacy `decay`, which Keras 3 ignores",
            )
            .within("optimizer"));
        }
        let family = family(&resolved)?;
        let (width, height) = (c.learning_rate.count, c.decay.count);
        Ok(Sweep::with_buffers(
            function,
            family,
            c.optimizer.clone(),
            Plan::LrDecay {
                start: c.start,
                learning_rate: c.learning_rate.clone(),
                decay: c.decay.clone(),
            },
            c.steps,
            width,
            height,
        ))
    }

    /// Validates a basin map; errors name the field and the allowed range.
    pub fn basin(c: &BasinConfig) -> Result<Sweep, ConfigError> {
        let function = Function::from_name(&c.function, c.condition_number)?;
        c.view.validate()?;
        for (name, n) in [("width", c.width), ("height", c.height)] {
            if !(MIN_SWEEP_CELLS..=MAX_SWEEP_CELLS).contains(&n) {
                return Err(ConfigError::new(
                    name,
                    format!("must be in [{MIN_SWEEP_CELLS}, {MAX_SWEEP_CELLS}], got {n}"),
                ));
            }
        }
        check_steps(c.steps)?;
        let resolved = c.optimizer.resolve()?;
        let family = family(&resolved)?;
        let LearningRate::Constant(learning_rate) = resolved.learning_rate else {
            unreachable!("family() rejects schedules")
        };
        let d = function.domain();
        let tolerance = match c.tolerance {
            None => DEFAULT_TOLERANCE_FRACTION * (d.x_max - d.x_min).max(d.y_max - d.y_min),
            Some(t) if t.is_finite() && t > 0.0 => t,
            Some(t) => {
                return Err(ConfigError::new(
                    "tolerance",
                    format!("must be a finite number > 0, got {t}"),
                ))
            }
        };
        Ok(Sweep::with_buffers(
            function,
            family,
            c.optimizer.clone(),
            Plan::Basin {
                view: c.view,
                learning_rate,
                decay: resolved.decay,
                tolerance,
            },
            c.steps,
            c.width,
            c.height,
        ))
    }

    fn with_buffers(
        function: Function,
        family: Family,
        optimizer: OptimizerConfig,
        plan: Plan,
        steps: u64,
        width: usize,
        height: usize,
    ) -> Sweep {
        let n = width * height;
        let basin = matches!(plan, Plan::Basin { .. });
        Sweep {
            function,
            family,
            optimizer,
            plan,
            steps,
            width,
            height,
            rows_done: 0,
            loss: vec![f32::NAN; n],
            diverged_at: vec![NOT_DIVERGED; n],
            minimum: if basin {
                vec![NO_MINIMUM; n]
            } else {
                Vec::new()
            },
        }
    }

    /// Cells per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Updates per cell.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The function.
    pub fn function(&self) -> Function {
        self.function
    }

    /// Whether this is a basin map (else a learning rate × decay sweep).
    pub fn is_basin(&self) -> bool {
        matches!(self.plan, Plan::Basin { .. })
    }

    /// Rows computed so far (rows `0..rows_done()` are final).
    pub fn rows_done(&self) -> usize {
        self.rows_done
    }

    /// Whether every row is computed.
    pub fn is_done(&self) -> bool {
        self.rows_done == self.height
    }

    /// Fraction of rows done, in [0, 1].
    pub fn progress(&self) -> f64 {
        self.rows_done as f64 / self.height as f64
    }

    /// Final loss per cell (NaN where diverged or not computed yet).
    pub fn loss(&self) -> &[f32] {
        &self.loss
    }

    /// Per cell, the index of the first non-finite point, or [`NOT_DIVERGED`].
    pub fn diverged_at(&self) -> &[u32] {
        &self.diverged_at
    }

    /// Basin maps: per cell, the index into [`Function::minima`] of the minimum the end point
    /// is within `tolerance` of, or [`NO_MINIMUM`]. Empty for a learning rate × decay sweep.
    pub fn minimum(&self) -> &[u8] {
        &self.minimum
    }

    /// The learning rate of column `col`.
    pub fn learning_rate_at(&self, col: usize) -> f64 {
        match &self.plan {
            Plan::LrDecay { learning_rate, .. } => learning_rate.at(col),
            Plan::Basin { learning_rate, .. } => *learning_rate,
        }
    }

    /// The legacy `decay` of row `row` (row 0 at the top holds the highest decay).
    pub fn decay_at(&self, row: usize) -> f64 {
        match &self.plan {
            Plan::LrDecay { decay, .. } => decay.at(self.height - 1 - row),
            Plan::Basin { decay, .. } => *decay,
        }
    }

    /// The start point of cell `(col, row)`.
    pub fn start_at(&self, col: usize, row: usize) -> [f32; 2] {
        match &self.plan {
            Plan::LrDecay { start, .. } => *start,
            Plan::Basin { view, .. } => {
                let dx = (view.x_max - view.x_min) / self.width as f32;
                let dy = (view.y_max - view.y_min) / self.height as f32;
                [
                    view.x_min + (col as f32 + 0.5) * dx,
                    view.y_max - (row as f32 + 0.5) * dy,
                ]
            }
        }
    }

    /// The single run of cell `(col, row)` as [`run_trajectory`] takes it: its final point is
    /// this cell's result, bit for bit.
    pub fn cell_config(&self, col: usize, row: usize) -> TrajectoryConfig {
        let mut optimizer = self.optimizer.clone();
        if let Plan::LrDecay { .. } = self.plan {
            optimizer.learning_rate = Some(LearningRate::Constant(self.learning_rate_at(col)));
            optimizer.decay = Some(self.decay_at(row));
        }
        TrajectoryConfig {
            function: self.function.id().to_string(),
            condition_number: self.function.condition_number(),
            start: self.start_at(col, row),
            optimizer,
            steps: self.steps,
        }
    }

    /// Computes up to `n` more rows and returns the rows done so far.
    pub fn compute_rows(&mut self, n: usize) -> usize {
        let end = self.rows_done.saturating_add(n).min(self.height);
        for row in self.rows_done..end {
            self.compute_row(row);
            self.rows_done = row + 1;
        }
        self.rows_done
    }

    fn compute_row(&mut self, row: usize) {
        let mut col = 0;
        while col + 4 <= self.width {
            let cols = [col, col + 1, col + 2, col + 3];
            let lr = cols.map(|c| self.learning_rate_at(c));
            let decay = [self.decay_at(row); 4];
            let starts = cols.map(|c| self.start_at(c, row));
            let (x, y) = (starts.map(|s| s[0]), starts.map(|s| s[1]));
            let r: Run4 = match self.family {
                Family::Adam {
                    beta_1,
                    beta_2,
                    epsilon,
                    how,
                } => {
                    let mut opt = Adam4::new(lr, decay, beta_1, beta_2, epsilon, how);
                    run4(self.function, &mut opt, x, y, self.steps)
                }
                Family::Sgd { momentum, nesterov } => {
                    let mut opt = Sgd4::new(lr, decay, momentum, nesterov);
                    run4(self.function, &mut opt, x, y, self.steps)
                }
            };
            for (k, &c) in cols.iter().enumerate() {
                self.store(
                    row * self.width + c,
                    r.x[k],
                    r.y[k],
                    r.loss[k],
                    r.diverged_at[k],
                );
            }
            col += 4;
        }
        // The scalar tail: the last width % 4 cells, each through run_trajectory itself.
        for c in col..self.width {
            let config = self.cell_config(c, row);
            // The configuration was validated when the sweep was built.
            let Ok(t) = run_trajectory(&config) else {
                unreachable!("sweep cell configurations are validated up front")
            };
            let last = t.x.len() - 1;
            self.store(
                row * self.width + c,
                t.x[last],
                t.y[last],
                t.loss[last],
                t.diverged_at,
            );
        }
    }

    fn store(&mut self, cell: usize, x: f32, y: f32, loss: f32, diverged_at: Option<u64>) {
        match diverged_at {
            Some(k) => {
                self.loss[cell] = f32::NAN;
                self.diverged_at[cell] = u32::try_from(k).unwrap_or(NOT_DIVERGED - 1);
            }
            None => {
                self.loss[cell] = loss;
                self.diverged_at[cell] = NOT_DIVERGED;
                if let Plan::Basin { tolerance, .. } = self.plan {
                    self.minimum[cell] = nearest_minimum(&self.function, x, y, tolerance);
                }
            }
        }
    }
}

/// The index of the nearest of `f`'s minima within `tolerance` of `(x, y)`, or [`NO_MINIMUM`].
pub fn nearest_minimum(f: &Function, x: f32, y: f32, tolerance: f32) -> u8 {
    let mut best = (NO_MINIMUM, tolerance);
    for (i, m) in f.minima().iter().enumerate() {
        let d = (x - m.x).hypot(y - m.y);
        if d <= best.1 {
            best = (i as u8, d);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adam_sweep(width: usize, height: usize, steps: u64) -> SweepConfig {
        SweepConfig::from_json(&format!(
            r#"{{"function": "rosenbrock", "start": [-1.5, 2.0], "steps": {steps},
                "optimizer": {{"name": "adam"}},
                "learning_rate": {{"min": 1e-4, "max": 1, "count": {width}}},
                "decay": {{"min": 1e-6, "max": 0.1, "count": {height}}}}}"#
        ))
        .unwrap()
    }

    /// Every cell against run_trajectory of its own configuration: same divergence, and the
    /// same final loss bit for bit.
    fn assert_cells_match_trajectories(s: &Sweep) {
        for row in 0..s.height() {
            for col in 0..s.width() {
                let cell = row * s.width() + col;
                let t = run_trajectory(&s.cell_config(col, row)).unwrap();
                match t.diverged_at {
                    Some(k) => {
                        assert!(s.loss()[cell].is_nan(), "cell ({col}, {row})");
                        assert_eq!(u64::from(s.diverged_at()[cell]), k, "cell ({col}, {row})");
                    }
                    None => {
                        let last = *t.loss.last().unwrap();
                        assert_eq!(
                            s.loss()[cell].to_bits(),
                            last.to_bits(),
                            "cell ({col}, {row}): {} vs {last}",
                            s.loss()[cell]
                        );
                        assert_eq!(s.diverged_at()[cell], NOT_DIVERGED);
                    }
                }
            }
        }
    }

    #[test]
    fn adam_cells_equal_run_trajectory_bit_for_bit_including_the_scalar_tail() {
        // Width 7: one group of four lanes and a scalar tail of three per row.
        let mut s = Sweep::lr_decay(&adam_sweep(7, 5, 300)).unwrap();
        assert_eq!(s.compute_rows(usize::MAX), 5);
        assert!(s.is_done());
        assert_cells_match_trajectories(&s);
        // Small learning rates converge slowly, large ones reach the valley: not all equal.
        let finite: Vec<f32> = s.loss().iter().copied().filter(|v| v.is_finite()).collect();
        assert!(finite.len() > 20);
        assert!(finite.iter().any(|&v| v != finite[0]));
    }

    #[test]
    fn sgd_cells_equal_run_trajectory_and_divergence_is_marked() {
        for optimizer in [
            r#"{"name": "sgd"}"#,
            r#"{"name": "sgd", "momentum": 0.9}"#,
            r#"{"name": "sgd", "momentum": 0.5, "nesterov": true}"#,
        ] {
            let c = SweepConfig::from_json(&format!(
                r#"{{"function": "himmelblau", "start": [0.5, -1.0], "steps": 200,
                    "optimizer": {optimizer},
                    "learning_rate": {{"min": 1e-4, "max": 0.5, "count": 9}},
                    "decay": {{"min": 1e-6, "max": 0.1, "count": 3}}}}"#
            ))
            .unwrap();
            let mut s = Sweep::lr_decay(&c).unwrap();
            s.compute_rows(usize::MAX);
            assert_cells_match_trajectories(&s);
            // lr near 0.5 on Himmelblau (curvature ~ 100) blows up.
            let diverged = s
                .diverged_at()
                .iter()
                .filter(|&&d| d != NOT_DIVERGED)
                .count();
            assert!(diverged > 0, "{optimizer}: nothing diverged");
            assert!(
                diverged < s.loss().len(),
                "{optimizer}: everything diverged"
            );
        }
    }

    #[test]
    fn rows_arrive_in_chunks_with_the_same_result() {
        let c = adam_sweep(8, 6, 100);
        let mut whole = Sweep::lr_decay(&c).unwrap();
        whole.compute_rows(6);
        let mut parts = Sweep::lr_decay(&c).unwrap();
        assert_eq!(parts.progress(), 0.0);
        assert_eq!(parts.compute_rows(1), 1);
        assert!(
            parts.loss()[8..].iter().all(|v| v.is_nan()),
            "later rows untouched"
        );
        assert_eq!(parts.compute_rows(2), 3);
        assert_eq!(parts.progress(), 0.5);
        assert_eq!(parts.compute_rows(100), 6);
        assert_eq!(parts.compute_rows(1), 6);
        let bits = |s: &Sweep| s.loss().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&whole), bits(&parts));
    }

    #[test]
    fn axes_are_log_spaced_cell_centres_with_high_decay_on_top() {
        let s = Sweep::lr_decay(&adam_sweep(4, 5, 10)).unwrap();
        // 4 columns over 4 decades: centres at 10^-3.5, 10^-2.5, ...
        for (i, e) in [-3.5, -2.5, -1.5, -0.5].into_iter().enumerate() {
            assert!((s.learning_rate_at(i).log10() - e).abs() < 1e-12);
        }
        // 5 rows over 5 decades, top row highest: 10^-1.5 down to 10^-5.5.
        assert!((s.decay_at(0).log10() + 1.5).abs() < 1e-12);
        assert!((s.decay_at(4).log10() + 5.5).abs() < 1e-12);
        let cfg = s.cell_config(1, 4);
        assert_eq!(
            cfg.optimizer.learning_rate,
            Some(LearningRate::Constant(s.learning_rate_at(1)))
        );
        assert_eq!(cfg.optimizer.decay, Some(s.decay_at(4)));
    }

    fn basin(view: View, n: usize, optimizer: &str, steps: u64) -> Sweep {
        let c = BasinConfig {
            function: "himmelblau".into(),
            condition_number: None,
            view,
            width: n,
            height: n,
            optimizer: OptimizerConfig::from_json(optimizer).unwrap(),
            steps,
            tolerance: None,
        };
        let mut s = Sweep::basin(&c).unwrap();
        s.compute_rows(usize::MAX);
        s
    }

    #[test]
    fn himmelblau_basins_near_each_minimum_reach_that_minimum() {
        for (i, m) in Function::Himmelblau.minima().iter().enumerate() {
            let view = View {
                x_min: m.x - 0.3,
                x_max: m.x + 0.3,
                y_min: m.y - 0.3,
                y_max: m.y + 0.3,
            };
            // Width 5: lanes and a scalar tail.
            for optimizer in [
                r#"{"name": "adam", "learning_rate": 0.01}"#,
                r#"{"name": "sgd", "learning_rate": 0.005, "momentum": 0.5}"#,
            ] {
                let s = basin(view, 5, optimizer, 2000);
                assert!(s.is_basin());
                assert!(
                    s.minimum().iter().all(|&k| k == i as u8),
                    "minimum {i} {optimizer}: {:?}",
                    s.minimum()
                );
                assert!(s.loss().iter().all(|&l| (0.0..1e-3).contains(&l)));
                assert_cells_match_trajectories(&s);
            }
        }
    }

    #[test]
    fn basin_over_the_domain_finds_all_four_minima_and_marks_none() {
        let s = basin(
            Function::Himmelblau.domain(),
            16,
            r#"{"name": "adam", "learning_rate": 0.05}"#,
            1500,
        );
        for i in 0..4u8 {
            assert!(s.minimum().contains(&i), "minimum {i} never reached");
        }
        // Far too few steps: nobody arrives anywhere.
        let s = basin(
            Function::Himmelblau.domain(),
            4,
            r#"{"name": "adam", "learning_rate": 0.0001}"#,
            3,
        );
        assert!(s.minimum().iter().all(|&k| k == NO_MINIMUM));
        assert_eq!(
            nearest_minimum(&Function::Saddle, 0.0, 0.0, 1.0),
            NO_MINIMUM
        );
    }

    #[test]
    fn invalid_configs_name_the_field_and_range() {
        let base = adam_sweep(4, 4, 10);
        type Edit = Box<dyn Fn(&mut SweepConfig)>;
        let cases: Vec<(Edit, &str, &str)> = vec![
            (Box::new(|c| c.steps = 0), "steps", "[1, 5000]"),
            (Box::new(|c| c.steps = 5001), "steps", "[1, 5000]"),
            (
                Box::new(|c| c.learning_rate.count = 257),
                "learning_rate.count",
                "[2, 256]",
            ),
            (Box::new(|c| c.decay.count = 1), "decay.count", "[2, 256]"),
            (
                Box::new(|c| c.learning_rate.min = 0.0),
                "learning_rate.min",
                "1e-8",
            ),
            (
                Box::new(|c| c.learning_rate.max = 100.0),
                "learning_rate.max",
                "1e1",
            ),
            (Box::new(|c| c.decay.min = f64::NAN), "decay.min", "1e-10"),
            (
                Box::new(|c| c.decay.max = 1e-7),
                "decay.max",
                "greater than min",
            ),
            (
                Box::new(|c| c.start = [f32::INFINITY, 0.0]),
                "start[0]",
                "finite",
            ),
            (
                Box::new(|c| c.function = "nope".into()),
                "function",
                "unknown",
            ),
            (
                Box::new(|c| c.optimizer.learning_rate = Some(LearningRate::Constant(0.1))),
                "optimizer.learning_rate",
                "leave it out",
            ),
            (
                Box::new(|c| c.optimizer.decay = Some(0.1)),
                "optimizer.decay",
                "leave it out",
            ),
            (
                Box::new(|c| c.optimizer.api = Some(Api::Keras3)),
                "optimizer.api",
                "legacy",
            ),
            (
                Box::new(|c| c.optimizer.amsgrad = Some(true)),
                "optimizer.amsgrad",
                "false",
            ),
            (
                Box::new(|c| c.optimizer.beta_1 = Some(1.0)),
                "optimizer.beta_1",
                "[0, 1)",
            ),
            (
                Box::new(|c| c.optimizer.name = Some("rmsprop".into())),
                "optimizer.name",
                "adam or sgd",
            ),
        ];
        for (edit, field, text) in cases {
            let mut c = base.clone();
            edit(&mut c);
            let e = Sweep::lr_decay(&c).unwrap_err();
            assert_eq!(e.field, field, "{e}");
            assert!(e.message.contains(text), "{e}");
        }
        let e = SweepConfig::from_json(
            r#"{"function": "booth", "start": [0, 0], "steps": 5,
            "optimizer": {"name": "adam"}, "learning_rate": {"min": 1e-3, "max": 1, "count": 4},
            "decay": {"min": 1e-3, "max": 1, "count": 4}, "colour": 3}"#,
        )
        .unwrap_err();
        assert_eq!(e.field, "colour", "{e}");
        assert!(e.message.contains("unknown field `colour`"), "{e}");
        let e = SweepConfig::from_json(
            r#"{"function": "booth", "start": [0, 0], "steps": 5,
            "optimizer": {"name": "adam", "beta1": 0.9}, "learning_rate": {"min": 1e-3, "max": 1, "count": 4},
            "decay": {"min": 1e-3, "max": 1, "count": 4}}"#,
        )
        .unwrap_err();
        assert_eq!(e.field, "optimizer.beta1", "{e}");
        let e = BasinConfig::from_json(r#"{"function": "booth", "colour": 3}"#).unwrap_err();
        assert_eq!(e.field, "colour", "{e}");

        let mut b = BasinConfig {
            function: "booth".into(),
            condition_number: None,
            view: Function::Booth.domain(),
            width: 300,
            height: 4,
            optimizer: OptimizerConfig::from_json(r#"{"name": "adam"}"#).unwrap(),
            steps: 10,
            tolerance: None,
        };
        assert_eq!(Sweep::basin(&b).unwrap_err().field, "width");
        b.width = 4;
        b.tolerance = Some(-1.0);
        assert_eq!(Sweep::basin(&b).unwrap_err().field, "tolerance");
        b.tolerance = None;
        b.optimizer = OptimizerConfig::from_json(r#"{"name": "adamw"}"#).unwrap();
        assert_eq!(
            Sweep::basin(&b).unwrap_err().field,
            "optimizer.weight_decay"
        );
        b.optimizer = OptimizerConfig::from_json(
            r#"{"name": "adam", "learning_rate": {"schedule": "inverse_time_decay",
                "initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.1}}"#,
        )
        .unwrap();
        assert_eq!(
            Sweep::basin(&b).unwrap_err().field,
            "optimizer.learning_rate"
        );
        b.optimizer = OptimizerConfig::from_json(r#"{"name": "adam", "api": "keras3"}"#).unwrap();
        let mut s = Sweep::basin(&b).unwrap();
        s.compute_rows(4);
        assert_cells_match_trajectories(&s);
    }
}
