//! Turns a grid of function values into what the map shows: log-scaled colours (RGBA bytes the
//! page puts on a canvas straight from wasm memory) and contour lines (marching squares).
//!
//! Grids are row-major, `width * height` values, row 0 at the top of the picture.

/// Viridis at nine stops (perceptually uniform, readable by colour-blind people and in print).
const VIRIDIS: [[f32; 3]; 9] = [
    [68.0, 1.0, 84.0],
    [71.0, 44.0, 122.0],
    [59.0, 81.0, 139.0],
    [44.0, 113.0, 142.0],
    [33.0, 144.0, 141.0],
    [39.0, 173.0, 129.0],
    [92.0, 200.0, 99.0],
    [170.0, 220.0, 50.0],
    [253.0, 231.0, 37.0],
];

/// The colour of `t` in [0, 1] on the viridis scale (clamped).
pub fn viridis(t: f32) -> [u8; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let pos = t * (VIRIDIS.len() - 1) as f32;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f32;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |k: usize| (a[k] + (b[k] - a[k]) * f).round() as u8;
    [mix(0), mix(1), mix(2)]
}

/// Maps function values to [0, 1] on a log scale: `log10(v - floor + offset)`, where `floor` is
/// the function's known lowest value (so functions with negative values work) and `offset` keeps
/// the log finite at the minimum. The range spans the grid's finite values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogScale {
    pub floor: f32,
    pub offset: f32,
    pub lo: f32,
    pub hi: f32,
}

impl LogScale {
    /// Fits the scale to `values`, ignoring non-finite ones. The offset is a small fraction of
    /// the grid's spread, so the basin around a minimum keeps visible structure.
    pub fn fit(values: &[f32], floor: f32) -> LogScale {
        let Some((min, max)) = crate::plane::grid::grid_range(values) else {
            return LogScale {
                floor,
                offset: 1.0,
                lo: 0.0,
                hi: 1.0,
            };
        };
        let floor = floor.min(min);
        let offset = ((max - floor) * 1e-4).max(1e-6);
        let lo = (min - floor + offset).log10();
        let hi = (max - floor + offset).log10();
        LogScale {
            floor,
            offset,
            lo,
            hi: if hi > lo { hi } else { lo + 1.0 },
        }
    }

    /// Position of `v` on the scale, in [0, 1] for values inside the fitted range.
    pub fn position(&self, v: f32) -> f32 {
        ((v - self.floor + self.offset)
            .max(f32::MIN_POSITIVE)
            .log10()
            - self.lo)
            / (self.hi - self.lo)
    }

    /// The value at position `t`: the inverse of [`LogScale::position`], for legends and levels.
    pub fn value_at(&self, t: f32) -> f32 {
        10f32.powf(self.lo + t * (self.hi - self.lo)) + self.floor - self.offset
    }
}

/// Writes opaque RGBA pixels for `values` into `rgba` (4 bytes per value). Non-finite values
/// (overflow far from the minimum) are drawn in the top colour.
pub fn colorize(values: &[f32], scale: &LogScale, rgba: &mut [u8]) {
    for (v, px) in values.iter().zip(rgba.chunks_exact_mut(4)) {
        let [r, g, b] = viridis(scale.position(*v));
        px.copy_from_slice(&[r, g, b, 255]);
    }
}

/// Contour lines at `levels` over a `width * height` grid, by marching squares. Appends segments
/// as `[x0, y0, x1, y1]` in grid coordinates (column, row: value `(i, j)` sits at `(i, j)`).
/// Saddle cells are split by the cell's mean value, so lines do not cross.
pub fn contour_segments(
    values: &[f32],
    width: usize,
    height: usize,
    levels: &[f32],
    out: &mut Vec<f32>,
) {
    out.clear();
    if width < 2 || height < 2 || values.len() < width * height {
        return;
    }
    for j in 0..height - 1 {
        let (top, bottom) = (
            &values[j * width..(j + 1) * width],
            &values[(j + 1) * width..(j + 2) * width],
        );
        for i in 0..width - 1 {
            // Corners clockwise from top-left.
            let c = [top[i], top[i + 1], bottom[i + 1], bottom[i]];
            if c.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let (lo, hi) = c
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            for &level in levels {
                if level < lo || level >= hi {
                    continue;
                }
                cell_segments(c, level, i as f32, j as f32, out);
            }
        }
    }
}

fn cell_segments(c: [f32; 4], level: f32, x: f32, y: f32, out: &mut Vec<f32>) {
    let case = (c[0] >= level) as u8
        | ((c[1] >= level) as u8) << 1
        | ((c[2] >= level) as u8) << 2
        | ((c[3] >= level) as u8) << 3;
    let lerp = |a: f32, b: f32| {
        if (b - a).abs() > f32::EPSILON {
            (level - a) / (b - a)
        } else {
            0.5
        }
    };
    // Edge crossing points: top, right, bottom, left.
    let top = || [x + lerp(c[0], c[1]), y];
    let right = || [x + 1.0, y + lerp(c[1], c[2])];
    let bottom = || [x + 1.0 - lerp(c[2], c[3]), y + 1.0];
    let left = || [x, y + 1.0 - lerp(c[3], c[0])];
    let mut seg = |a: [f32; 2], b: [f32; 2]| out.extend_from_slice(&[a[0], a[1], b[0], b[1]]);
    match case {
        0 | 15 => {}
        1 | 14 => seg(left(), top()),
        2 | 13 => seg(top(), right()),
        3 | 12 => seg(left(), right()),
        4 | 11 => seg(right(), bottom()),
        6 | 9 => seg(top(), bottom()),
        7 | 8 => seg(left(), bottom()),
        5 | 10 => {
            let centre_high = (c[0] + c[1] + c[2] + c[3]) * 0.25 >= level;
            // Case 5: top-left and bottom-right are high.
            if (case == 5) == centre_high {
                seg(left(), bottom());
                seg(top(), right());
            } else {
                seg(left(), top());
                seg(right(), bottom());
            }
        }
        _ => unreachable!("a 4-bit case"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_clamps() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(-3.0), viridis(0.0));
        assert_eq!(viridis(f32::NAN), viridis(1.0));
    }

    #[test]
    fn log_scale_round_trips_and_orders() {
        let values = [3.0, 3.5, 10.0, 1000.0, f32::INFINITY];
        let s = LogScale::fit(&values, 3.0);
        assert!(s.position(3.0).abs() < 1e-6);
        assert!((s.position(1000.0) - 1.0).abs() < 1e-5);
        assert!(s.position(3.5) < s.position(10.0));
        for t in [0.0, 0.25, 0.5, 1.0] {
            assert!((s.position(s.value_at(t)) - t).abs() < 1e-4);
        }
    }

    #[test]
    fn log_scale_handles_negative_values_below_the_floor() {
        let s = LogScale::fit(&[-80.0, -10.0, 50.0], -78.3);
        assert!(s.position(-80.0).is_finite());
        assert!(s.position(-80.0) <= s.position(-10.0));
    }

    #[test]
    fn colorize_writes_opaque_pixels() {
        let values = [0.0, 1.0, 100.0];
        let s = LogScale::fit(&values, 0.0);
        let mut rgba = [0u8; 12];
        colorize(&values, &s, &mut rgba);
        assert_eq!(&rgba[0..4], &[68, 1, 84, 255]);
        assert_eq!(&rgba[8..12], &[253, 231, 37, 255]);
    }

    #[test]
    fn contour_of_a_cone_is_a_closed_ring_at_the_right_radius() {
        let n = 41;
        let values: Vec<f32> = (0..n * n)
            .map(|k| {
                let (i, j) = ((k % n) as f32 - 20.0, (k / n) as f32 - 20.0);
                (i * i + j * j).sqrt()
            })
            .collect();
        let mut segs = Vec::new();
        contour_segments(&values, n, n, &[10.0], &mut segs);
        assert!(
            segs.len() >= 4 * 40,
            "a ring of many segments, got {}",
            segs.len() / 4
        );
        for p in segs.chunks_exact(2) {
            let r = ((p[0] - 20.0).powi(2) + (p[1] - 20.0).powi(2)).sqrt();
            assert!((r - 10.0).abs() < 0.1, "point at radius {r}");
        }
        // Closed: every endpoint is shared by exactly two segments.
        let key = |x: f32, y: f32| ((x * 1000.0).round() as i64, (y * 1000.0).round() as i64);
        let mut counts = std::collections::HashMap::new();
        for s in segs.chunks_exact(4) {
            *counts.entry(key(s[0], s[1])).or_insert(0) += 1;
            *counts.entry(key(s[2], s[3])).or_insert(0) += 1;
        }
        assert!(counts.values().all(|&c| c == 2));
    }

    #[test]
    fn contour_skips_non_finite_cells_and_tiny_grids() {
        let mut segs = vec![1.0];
        contour_segments(&[f32::NAN; 9], 3, 3, &[0.5], &mut segs);
        assert!(segs.is_empty());
        contour_segments(&[1.0, 2.0], 2, 1, &[1.5], &mut segs);
        assert!(segs.is_empty());
    }
}
