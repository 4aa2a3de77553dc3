//! The contour grid: a function sampled at cell centres, one row four cells at a time.
//!
//! [`evaluate_grid`] is row-major with row 0 at the top (`y_max`), like canvas pixels;
//! [`grid_range`] gives a grid's finite range; [`super::render`] turns grids into colours.

use super::formulas::with_formulas;
use super::functions::{Function, View};
use crate::error::ConfigError;
use crate::simd::F32x4;

/// Smallest grid width or height accepted by [`evaluate_grid`].
pub const MIN_GRID_SIZE: usize = 2;
/// Largest grid width or height accepted by [`evaluate_grid`].
pub const MAX_GRID_SIZE: usize = 2048;

/// `row[i] = f(x0 + (i + 0.5)·dx, y)` for every `i`: four cells per [`F32x4`] operation, then
/// a scalar tail for the last `row.len() % 4` cells. Bit-identical to calling
/// [`Function::value`] at each cell centre (see the [module docs](super) for why), for rows of
/// up to 2^22 cells (the lane offsets `i + 0.5` stay exact in `f32`).
pub fn fill_row(f: &Function, x0: f32, dx: f32, y: f32, row: &mut [f32]) {
    with_formulas!(*f, |value, _grad| fill(f, x0, dx, y, row, value))
}

#[inline(always)]
fn fill(
    f: &Function,
    x0: f32,
    dx: f32,
    y: f32,
    row: &mut [f32],
    value: impl Fn(F32x4, F32x4) -> F32x4,
) {
    let (vx0, vdx, vy) = (F32x4::splat(x0), F32x4::splat(dx), F32x4::splat(y));
    let four = F32x4::splat(4.0);
    // Lane k of chunk c holds i + 0.5 with i = 4c + k, exactly as `i as f32 + 0.5`.
    let mut centre = F32x4::from_array([0.5, 1.5, 2.5, 3.5]);
    let first = row.len() - row.len() % 4;
    let mut chunks = row.chunks_exact_mut(4);
    for chunk in &mut chunks {
        let x = vx0 + centre * vdx;
        if let Ok(out) = <&mut [f32; 4]>::try_from(chunk) {
            value(x, vy).store(out);
        }
        centre = centre + four;
    }
    let tail = chunks.into_remainder();
    for (k, v) in tail.iter_mut().enumerate() {
        *v = f.value(x0 + ((first + k) as f32 + 0.5) * dx, y);
    }
}

/// Fills `out` with f sampled on a `width × height` grid over `view`.
///
/// Conventions: `out` is row-major with `out.len() == width * height`; row 0 is the TOP of
/// the view (`y_max`) and column 0 its left (`x_min`), like canvas pixels. Each entry is f at
/// the centre of its cell: `x = x_min + (i + 0.5)·(x_max − x_min)/width`,
/// `y = y_max − (j + 0.5)·(y_max − y_min)/height` for column `i`, row `j`. Values may be
/// `+inf` where f overflows `f32` (far outside a function's domain).
///
/// Errors (a [`ConfigError`]): `width`/`height` outside [2, 2048], a non-finite or empty
/// `view` (see [`View::validate`]), or `out` of the wrong length.
pub fn evaluate_grid(
    f: &Function,
    view: &View,
    width: usize,
    height: usize,
    out: &mut [f32],
) -> Result<(), ConfigError> {
    for (name, n) in [("width", width), ("height", height)] {
        if !(MIN_GRID_SIZE..=MAX_GRID_SIZE).contains(&n) {
            return Err(ConfigError::new(
                name,
                format!("must be in [{MIN_GRID_SIZE}, {MAX_GRID_SIZE}], got {n}"),
            ));
        }
    }
    view.validate()?;
    if out.len() != width * height {
        return Err(ConfigError::new(
            "out",
            format!(
                "must hold width x height = {} values, got {}",
                width * height,
                out.len()
            ),
        ));
    }
    let dx = (view.x_max - view.x_min) / width as f32;
    let dy = (view.y_max - view.y_min) / height as f32;
    for (j, row) in out.chunks_exact_mut(width).enumerate() {
        let y = view.y_max - (j as f32 + 0.5) * dy;
        fill_row(f, view.x_min, dx, y, row);
    }
    Ok(())
}

/// `(min, max)` of the finite values (NaN and ±inf ignored); `None` if there are none.
pub fn grid_range(values: &[f32]) -> Option<(f32, f32)> {
    values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_samples_cell_centres_top_row_first() {
        let f = Function::Rosenbrock;
        let v = View {
            x_min: -2.0,
            x_max: 2.0,
            y_min: -1.0,
            y_max: 3.0,
        };
        let (w, h) = (4, 2);
        let mut out = vec![0.0; w * h];
        evaluate_grid(&f, &v, w, h, &mut out).unwrap();
        // Columns at x = −1.5, −0.5, 0.5, 1.5; rows at y = 2 (top) then 0.
        for (j, y) in [2.0, 0.0].into_iter().enumerate() {
            for (i, x) in [-1.5, -0.5, 0.5, 1.5].into_iter().enumerate() {
                assert_eq!(out[j * w + i], f.value(x, y), "cell ({i}, {j})");
            }
        }
        // Every function and every cell agrees with value() at the documented centre.
        // The quadratic also at the ends of its condition-number range.
        let quadratics = [1.0, 1e4].map(|k| Function::IllConditionedQuadratic {
            condition_number: k,
        });
        for f in Function::all().into_iter().chain(quadratics) {
            let d = f.domain();
            let (w, h) = (7, 5);
            let mut out = vec![0.0; w * h];
            evaluate_grid(&f, &d, w, h, &mut out).unwrap();
            let dx = (d.x_max - d.x_min) / w as f32;
            let dy = (d.y_max - d.y_min) / h as f32;
            for j in 0..h {
                for i in 0..w {
                    let x = d.x_min + (i as f32 + 0.5) * dx;
                    let y = d.y_max - (j as f32 + 0.5) * dy;
                    assert_eq!(out[j * w + i], f.value(x, y), "{} ({i}, {j})", f.id());
                }
            }
        }
    }

    #[test]
    fn grid_rejects_bad_sizes_views_and_buffers() {
        let f = Function::Booth;
        let d = f.domain();
        let mut out = vec![0.0; 4];
        for (w, h, field) in [(1, 4, "width"), (4, 1, "height"), (2049, 2, "width")] {
            let e = evaluate_grid(&f, &d, w, h, &mut out).unwrap_err();
            assert_eq!(e.field, field);
            assert!(e.message.contains("[2, 2048]"), "{e}");
        }
        let e = evaluate_grid(&f, &d, 2, 3, &mut out).unwrap_err();
        assert_eq!(
            e.to_string(),
            "out: must hold width x height = 6 values, got 4"
        );
        let bad_views = [
            (
                View {
                    x_min: f32::NAN,
                    ..d
                },
                "view.x_min",
            ),
            (
                View {
                    y_max: f32::INFINITY,
                    ..d
                },
                "view.y_max",
            ),
            (
                View {
                    x_max: d.x_min,
                    ..d
                },
                "view.x_max",
            ),
            (
                View {
                    y_min: 3.0,
                    y_max: -3.0,
                    ..d
                },
                "view.y_max",
            ),
            (
                View {
                    x_min: -f32::MAX,
                    x_max: f32::MAX,
                    ..d
                },
                "view.x_max",
            ),
        ];
        for (v, field) in bad_views {
            let e = evaluate_grid(&f, &v, 2, 2, &mut out).unwrap_err();
            assert_eq!(e.field, field, "{v:?}");
        }
        assert!(out.iter().all(|&v| v == 0.0), "nothing written on error");
    }

    #[test]
    fn grid_range_ignores_non_finite_values() {
        assert_eq!(grid_range(&[]), None);
        assert_eq!(grid_range(&[f32::NAN, f32::INFINITY]), None);
        assert_eq!(
            grid_range(&[3.0, f32::NAN, -1.0, f32::INFINITY, 2.0, f32::NEG_INFINITY]),
            Some((-1.0, 3.0))
        );
        let f = Function::Himmelblau;
        let mut out = vec![0.0; 64 * 64];
        evaluate_grid(&f, &f.domain(), 64, 64, &mut out).unwrap();
        let (lo, hi) = grid_range(&out).unwrap();
        assert!((0.0..5.0).contains(&lo), "{lo}");
        assert!(hi > 800.0, "{hi}");
    }
}
