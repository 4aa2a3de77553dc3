//! One row of the contour grid, four cells at a time.

use super::{with_formulas, F32x4};
use crate::functions::Function;

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
