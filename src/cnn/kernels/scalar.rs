//! The scalar twins of the CNN's multiply-accumulate kernels: plain `f32` Rust, the code every
//! build except wasm `simd128` runs (see [`super::simd`] for the `F32x4` twins with the same
//! signatures). The row, pixel and tap walks are shared (`drive`); this module only
//! supplies the register tiles, `Scalar`.
//!
//! Written so that LLVM may auto-vectorise it (fixed-size accumulator tiles with compile-time
//! bounds, iterators instead of indexing in inner loops). Each output value is summed in one
//! fixed order: its accumulator starts at 0, adds the products in ascending reduction index
//! (`t`, or the pixel scan order for the kernel gradient), and is then added once into the
//! output. The SIMD twins keep exactly this order per output, which makes them bit-identical.

use super::drive::{Image, Patch, Strips};
use super::NR;

/// Calls `$f::<R, W>(args…)` with the runtime width `$w` (1..=NR) turned into the constant
/// `W`, so each tile width gets its own fully unrolled, register-resident accumulator array.
macro_rules! dispatch_width {
    ($w:expr, $f:ident::<$r:ident>, $($arg:expr),*) => {
        match $w {
            8 => $f::<$r, 8>($($arg),*),
            7 => $f::<$r, 7>($($arg),*),
            6 => $f::<$r, 6>($($arg),*),
            5 => $f::<$r, 5>($($arg),*),
            4 => $f::<$r, 4>($($arg),*),
            3 => $f::<$r, 3>($($arg),*),
            2 => $f::<$r, 2>($($arg),*),
            _ => $f::<$r, 1>($($arg),*),
        }
    };
}

entry_points!(Scalar);

/// The scalar register tiles: `R` rows × up to [`NR`] = 8 columns of `f32` accumulators,
/// the last tile of a row as narrow as the columns left (1..=8, each width its own fully
/// unrolled instance).
pub(super) struct Scalar;

/// Calls `tile(j0, width)` for the column tiles of `from..n`: [`NR`] wide, the last narrower.
#[inline(always)]
fn for_each_column_tile(from: usize, n: usize, mut tile: impl FnMut(usize, usize)) {
    let mut j0 = from;
    while j0 < n {
        let width = (n - j0).min(NR);
        tile(j0, width);
        j0 += width;
    }
}

impl Strips for Scalar {
    #[inline(always)]
    fn nn<const R: usize>(a: [&[f32]; R], b: &[f32], n: usize, from: usize, c: &mut [f32]) {
        for_each_column_tile(from, n, |j0, w| {
            dispatch_width!(w, nn_tile::<R>, a, &b[j0..], n, &mut c[j0..]);
        });
    }

    #[inline(always)]
    fn tn<const R: usize>(
        p: usize,
        a: &[f32],
        lda: usize,
        b: &[f32],
        n: usize,
        from: usize,
        c: &mut [f32],
    ) {
        for_each_column_tile(from, n, |j0, w| {
            dispatch_width!(w, tn_tile::<R>, p, a, lda, &b[j0..], n, &mut c[j0..]);
        });
    }

    #[inline(always)]
    fn conv<const R: usize>(
        padded: &[f32],
        bases: [usize; R],
        g: Patch,
        kernel: &[f32],
        n: usize,
        from: usize,
        out: &mut [f32],
    ) {
        for_each_column_tile(from, n, |j0, w| {
            let (b, o) = (&kernel[j0..], &mut out[j0..]);
            dispatch_width!(w, conv_tile::<R>, padded, bases, g, b, n, o);
        });
    }

    #[inline(always)]
    fn kernel_grad<const R: usize>(
        padded: &[f32],
        firsts: [usize; R],
        g: Image,
        d_out: &[f32],
        n: usize,
        from: usize,
        d_kernel: &mut [f32],
    ) {
        for_each_column_tile(from, n, |j0, w| {
            let (dy, dk) = (&d_out[j0..], &mut d_kernel[j0..]);
            dispatch_width!(w, kernel_grad_tile::<R>, padded, firsts, g, dy, n, dk);
        });
    }
}

/// `R` rows of `A` (each the reduction length) times a `k × W` strip of `B` (row stride
/// `ldb`), added into `R` rows of `C` (row stride `ldb`, since `C` and `B` have the same
/// width `n`).
#[inline(always)]
fn nn_tile<const R: usize, const W: usize>(a: [&[f32]; R], b: &[f32], ldb: usize, c: &mut [f32]) {
    let mut acc = [[0.0f32; W]; R];
    accumulate(&mut acc, a, b, ldb);
    add_tile(&acc, c, ldb);
}

/// The register-blocked core shared by the GEMM and convolution tiles:
/// `acc[r][j] += Σ_t a[r][t] · b[t·ldb + j]` for `R` rows at once (`R` loads and `R·W`
/// multiply-adds per step; the accumulators stay in registers). All `a[r]` have the same
/// length, the reduction length.
#[inline(always)]
fn accumulate<const R: usize, const W: usize>(
    acc: &mut [[f32; W]; R],
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
) {
    let len = a[0].len();
    let a = a.map(|row| &row[..len]);
    // A local copy (not writes through `acc`) keeps the tile in registers.
    let mut tile = *acc;
    // `t` from a `0..len` range, so that `a_row[t]` needs no bounds check.
    for (t, b_row) in (0..len).zip(b.chunks(ldb)) {
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        let x: [f32; R] = std::array::from_fn(|r| a[r][t]);
        outer_product_add(&mut tile, &x, bv);
    }
    *acc = tile;
}

/// `acc[r][j] += a[r] · b[j]`: one reduction step of a tile. Column-major order (all rows of
/// column `j`, then `j + 1`) lets LLVM keep the tile in registers and vectorise across rows.
#[inline(always)]
fn outer_product_add<const R: usize, const W: usize>(
    acc: &mut [[f32; W]; R],
    a: &[f32; R],
    b: &[f32; W],
) {
    for j in 0..W {
        for r in 0..R {
            acc[r][j] += a[r] * b[j];
        }
    }
}

/// Adds an `R × W` accumulator tile into `c` (rows `ldc` apart).
#[inline(always)]
fn add_tile<const R: usize, const W: usize>(acc: &[[f32; W]; R], c: &mut [f32], ldc: usize) {
    for (c_row, acc_row) in c.chunks_mut(ldc).zip(acc) {
        for (c, a) in c_row[..W].iter_mut().zip(acc_row) {
            *c += a;
        }
    }
}

/// `R × W` tile of `Aᵀ·B`: walks the `p` shared rows, reading `R` contiguous values of `A`
/// (stride `lda`) and `W` of `B` (stride `ldb`) per row. `C`'s row stride equals `ldb`.
#[inline(always)]
fn tn_tile<const R: usize, const W: usize>(
    p: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; R];
    for (a_row, b_row) in a.chunks(lda).zip(b.chunks(ldb)).take(p) {
        let av: &[f32; R] = a_row[..R].try_into().expect("tile inside A");
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        outer_product_add(&mut acc, av, bv);
    }
    add_tile(&acc, c, ldb);
}

/// `R` pixels (pixel `i`'s receptive field starting at `padded[bases[i]]`) × `W` output
/// channels of [`conv_same_padded`]. `b` is the kernel from the tile's first output channel
/// on, with row stride `ldb`; `out` the tile's first output value, pixels `ldb` apart.
#[inline(always)]
fn conv_tile<const R: usize, const W: usize>(
    padded: &[f32],
    bases: [usize; R],
    g: Patch,
    b: &[f32],
    ldb: usize,
    out: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; R];
    for ky in 0..g.ks {
        let a: [&[f32]; R] = std::array::from_fn(|i| &padded[bases[i] + ky * g.row..][..g.run]);
        accumulate(&mut acc, a, &b[ky * g.run * ldb..], ldb);
    }
    add_tile(&acc, out, ldb);
}

/// `R` taps × `W` output channels of [`conv_same_kernel_grad`], summed over every output
/// pixel in scan order: for every output pixel, the `R` padded values under the taps (tap `r`
/// at `padded[firsts[r]]` for pixel (0, 0)) times `W` gradient values (`d_out`, pixels `ldd`
/// apart). The `R` values sit at unrelated offsets, so they are read with `get_unchecked`
/// after one bounds assertion per tap for the whole image.
///
/// # Panics
/// If a tap's last value, `padded[firsts[r] + (h-1)·row + (w-1)·pixel]`, is outside `padded`.
#[inline(always)]
fn kernel_grad_tile<const R: usize, const W: usize>(
    padded: &[f32],
    firsts: [usize; R],
    g: Image,
    d_out: &[f32],
    ldd: usize,
    d_kernel: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; R];
    if g.h > 0 && g.w > 0 {
        // The largest offset any pixel adds to a tap's first value.
        let last = (g.h - 1) * g.row + (g.w - 1) * g.pixel;
        for &first in &firsts {
            assert!(first + last < padded.len(), "taps inside the image");
        }
        // Taps inside one kernel row (the usual case) are adjacent values: one address.
        let adjacent = (0..R).all(|r| firsts[r] == firsts[0] + r);
        if adjacent {
            for y in 0..g.h {
                let a_row = &padded[firsts[0] + y * g.row..];
                let d_row = &d_out[y * g.w * ldd..];
                for (x, d_px) in d_row.chunks(ldd).take(g.w).enumerate() {
                    let av: &[f32; R] = a_row[x * g.pixel..][..R]
                        .try_into()
                        .expect("taps inside the image");
                    let dv: &[f32; W] = d_px[..W].try_into().expect("tile inside d_out");
                    outer_product_add(&mut acc, av, dv);
                }
            }
        } else {
            for y in 0..g.h {
                let d_row = &d_out[y * g.w * ldd..];
                let mut at = y * g.row;
                for d_px in d_row.chunks(ldd).take(g.w) {
                    // SAFETY: `at = y·row + x·pixel` with `y < h`, `x < w`, so `at <= last`,
                    // and `firsts[r] + last < padded.len()` (asserted above) for every `r`.
                    let av: [f32; R] =
                        std::array::from_fn(|r| unsafe { *padded.get_unchecked(firsts[r] + at) });
                    let dv: &[f32; W] = d_px[..W].try_into().expect("tile inside d_out");
                    outer_product_add(&mut acc, &av, dv);
                    at += g.pixel;
                }
            }
        }
    }
    add_tile(&acc, d_kernel, ldd);
}

/// ReLU in place: `x ← x if x > 0, else +0` (NaN becomes 0). Keeping only the output is
/// enough for the backward pass (`y > 0 ⇔ x > 0`). A compare-and-select rather than
/// `f32::max`, which wasm lowers to a call to `fmaxf` per value and which leaves the sign of a
/// zero result unspecified; here every build gives `+0`.
pub fn relu_inplace(x: &mut [f32]) {
    for v in x {
        *v = if *v > 0.0 { *v } else { 0.0 };
    }
}

/// ReLU backward in place: zeroes `d` wherever the forward output `y` was not positive (the
/// gradient at exactly 0 is taken as 0, as TensorFlow does).
///
/// # Panics
/// If `y` is shorter than `d`.
pub fn relu_backward_inplace(y: &[f32], d: &mut [f32]) {
    let y = &y[..d.len()];
    for (g, &v) in d.iter_mut().zip(y) {
        *g = if v > 0.0 { *g } else { 0.0 };
    }
}

/// Adds the column sums of `d_out` (rows of width `d_bias.len()`) into `d_bias`: the bias
/// gradient, since the bias is broadcast over every row. Each column is summed in row order.
pub fn add_column_sums(d_out: &[f32], d_bias: &mut [f32]) {
    for row in d_out.chunks_exact(d_bias.len()) {
        for (d, &g) in d_bias.iter_mut().zip(row) {
            *d += g;
        }
    }
}

/// `out[i] = images[i] / 255`, as Keras users feed MNIST (`x_train.astype("float32") / 255`):
/// one exact conversion and one correctly rounded division per value.
///
/// # Panics
/// If `out` is shorter than `images`.
pub fn normalise(images: &[u8], out: &mut [f32]) {
    for (o, &p) in out[..images.len()].iter_mut().zip(images) {
        *o = f32::from(p) / 255.0;
    }
}
