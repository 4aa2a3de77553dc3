//! The scalar twins of the CNN's multiply-accumulate kernels: plain `f32` Rust, the code every
//! build except wasm `simd128` runs (see [`super::simd`] for the `F32x4` twins with the same
//! signatures).
//!
//! Written so that LLVM may auto-vectorise it (fixed-width accumulator tiles, iterators
//! instead of indexing in inner loops). Each output value is summed in one fixed order: its
//! accumulator starts at 0, adds the products in ascending reduction index (`t`, or the pixel
//! scan order for the kernel gradient), and is then added once into the output. The SIMD
//! twins keep exactly this order per output, which makes them bit-identical.

use super::{MR, NR, ONE};

/// `C[m×n] += A[m×k] · B[k×n]`, all row-major and densely packed.
///
/// Accumulates rather than overwrites so that callers can pre-fill `C` with a bias (forward
/// pass) or zeros. Serves both Dense passes: `X · W` and the input gradient `dY · Wᵀ`. Its
/// register tile ([`accumulate4`]) is shared with the convolution kernels.
///
/// # Panics
/// If a slice is shorter than its stated shape.
pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    if m == 0 || n == 0 {
        return;
    }
    let a = &a[..m * k];
    let b = &b[..k * n];
    let c = &mut c[..m * n];
    if k == 0 {
        return;
    }
    let mut a_blocks = a.chunks_exact(MR * k);
    let mut c_blocks = c.chunks_exact_mut(MR * n);
    for (a4, c4) in (&mut a_blocks).zip(&mut c_blocks) {
        let mut j0 = 0;
        while j0 < n {
            let w = (n - j0).min(NR);
            dispatch_width!(w, nn_tile4, k, a4, &b[j0..], n, &mut c4[j0..]);
            j0 += w;
        }
    }
    for (a1, c1) in a_blocks
        .remainder()
        .chunks_exact(k)
        .zip(c_blocks.into_remainder().chunks_exact_mut(n))
    {
        let mut j0 = 0;
        while j0 < n {
            let w = (n - j0).min(NR);
            dispatch_width!(w, nn_tile1, k, a1, &b[j0..], n, &mut c1[j0..]);
            j0 += w;
        }
    }
}

/// `C[m×n] += Aᵀ · B` with `A` stored as `[p×m]` and `B` as `[p×n]`, row-major.
///
/// This is the Dense weight-gradient product `Xᵀ · dY`: the reduction runs over the rows of
/// both inputs (the batch), so neither needs transposing first.
///
/// # Panics
/// If a slice is shorter than its stated shape.
pub fn gemm_tn(m: usize, n: usize, p: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    if m == 0 || n == 0 || p == 0 {
        return;
    }
    let a = &a[..p * m];
    let b = &b[..p * n];
    let c = &mut c[..m * n];
    let mut i0 = 0;
    while i0 < m {
        let rows = if m - i0 >= MR { MR } else { 1 };
        let c_rows = &mut c[i0 * n..(i0 + rows) * n];
        let mut j0 = 0;
        while j0 < n {
            let w = (n - j0).min(NR);
            if rows == MR {
                dispatch_width!(
                    w,
                    tn_tile::<MR>,
                    p,
                    &a[i0..],
                    m,
                    &b[j0..],
                    n,
                    &mut c_rows[j0..]
                );
            } else {
                dispatch_width!(
                    w,
                    tn_tile::<ONE>,
                    p,
                    &a[i0..],
                    m,
                    &b[j0..],
                    n,
                    &mut c_rows[j0..]
                );
            }
            j0 += w;
        }
        i0 += rows;
    }
}

/// 4 rows of `A` (each `k` long, consecutive) times a `k × W` strip of `B` (row stride `ldb`),
/// added into 4 rows of `C` (row stride `ldb`, since `C` and `B` have the same width `n`).
#[inline(always)]
pub(super) fn nn_tile4<const W: usize>(
    k: usize,
    a4: &[f32],
    b: &[f32],
    ldb: usize,
    c4: &mut [f32],
) {
    let (a0, rest) = a4.split_at(k);
    let (a1, rest) = rest.split_at(k);
    let (a2, a3) = rest.split_at(k);
    let mut acc = [[0.0f32; W]; MR];
    accumulate4(&mut acc, [a0, a1, a2, &a3[..k]], b, ldb);
    add_tile(&acc, c4, ldb);
}

/// One row of `A` times a `k × W` strip of `B`: the `m % 4` leftover rows of [`gemm_nn`].
#[inline(always)]
pub(super) fn nn_tile1<const W: usize>(
    k: usize,
    a1: &[f32],
    b: &[f32],
    ldb: usize,
    c1: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; 1];
    accumulate1(&mut acc[0], &a1[..k], b, ldb);
    add_tile(&acc, c1, ldb);
}

/// The register-blocked core shared by the GEMM and convolution kernels:
/// `acc[r][j] += Σ_t a[r][t] · b[t·ldb + j]` for 4 rows at once (4 broadcasts and `W`-wide
/// multiply-adds per step; the accumulators stay in registers).
#[inline(always)]
fn accumulate4<const W: usize>(acc: &mut [[f32; W]; MR], a: [&[f32]; MR], b: &[f32], ldb: usize) {
    let [mut r0, mut r1, mut r2, mut r3] = *acc;
    for ((((&x0, &x1), &x2), &x3), b_row) in
        a[0].iter().zip(a[1]).zip(a[2]).zip(a[3]).zip(b.chunks(ldb))
    {
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        for j in 0..W {
            r0[j] += x0 * bv[j];
            r1[j] += x1 * bv[j];
            r2[j] += x2 * bv[j];
            r3[j] += x3 * bv[j];
        }
    }
    *acc = [r0, r1, r2, r3];
}

/// [`accumulate4`] for a single row.
#[inline(always)]
fn accumulate1<const W: usize>(acc: &mut [f32; W], a: &[f32], b: &[f32], ldb: usize) {
    let mut r = *acc;
    for (&x, b_row) in a.iter().zip(b.chunks(ldb)) {
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        for j in 0..W {
            r[j] += x * bv[j];
        }
    }
    *acc = r;
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
pub(super) fn tn_tile<const R: usize, const W: usize>(
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
        for r in 0..R {
            for j in 0..W {
                acc[r][j] += av[r] * bv[j];
            }
        }
    }
    for (c_row, acc_row) in c.chunks_mut(ldb).zip(&acc) {
        for (c, a) in c_row[..W].iter_mut().zip(acc_row) {
            *c += a;
        }
    }
}

/// "Same" convolution (stride 1, odd `ks`) of one image already padded by [`pad_image`]:
/// `out[(y, x), o] += Σ padded[y+ky, x+kx, i] · kernel[(ky, kx, i), o]`, with the kernel in
/// Keras's `(ks, ks, c, n_out)` order and `out` NHWC (`h × w × n_out`), accumulated into.
///
/// This is the im2col GEMM without materialising the patch matrix: a patch row for a fixed
/// `ky` is one contiguous stretch of the padded image (`ks·c` values), and four horizontally
/// adjacent pixels are the same stretch shifted by `c`. Tiles of 4 pixels × 8 output channels
/// keep their accumulators in registers across all `ks·ks·c` taps.
///
/// # Panics
/// If a slice is shorter than its shape.
#[allow(clippy::too_many_arguments)]
pub fn conv_same_padded(
    padded: &[f32],
    h: usize,
    w: usize,
    c: usize,
    ks: usize,
    kernel: &[f32],
    n_out: usize,
    out: &mut [f32],
) {
    assert!(ks % 2 == 1, "odd kernel sizes only");
    let r = ks / 2;
    let row = (w + 2 * r) * c;
    let padded = &padded[..(h + 2 * r) * row];
    let kernel = &kernel[..ks * ks * c * n_out];
    let geom = Patch {
        row,
        pixel: c,
        run: ks * c,
        ks,
    };
    for (y, out_row) in out[..h * w * n_out].chunks_exact_mut(w * n_out).enumerate() {
        let mut x = 0;
        while x < w {
            let pixels = if w - x >= MR { MR } else { 1 };
            let base = y * row + x * c;
            let out_px = &mut out_row[x * n_out..(x + pixels) * n_out];
            let mut j0 = 0;
            while j0 < n_out {
                let width = (n_out - j0).min(NR);
                let (b, o) = (&kernel[j0..], &mut out_px[j0..]);
                if pixels == MR {
                    dispatch_width!(width, conv_tile4, padded, base, geom, b, n_out, o);
                } else {
                    dispatch_width!(width, conv_tile1, padded, base, geom, b, n_out, o);
                }
                j0 += width;
            }
            x += pixels;
        }
    }
}

/// Where a pixel's receptive field lies in a padded image: `ks` runs of `run = ks·c`
/// contiguous values, `row` apart; neighbouring pixels start `pixel = c` apart.
#[derive(Clone, Copy)]
pub(super) struct Patch {
    pub(super) row: usize,
    pub(super) pixel: usize,
    pub(super) run: usize,
    pub(super) ks: usize,
}

/// 4 adjacent pixels (starting at `padded[base]`) × `W` output channels of
/// [`conv_same_padded`]. `b` is the kernel from the tile's first output channel on, with row
/// stride `ldb`; `out` the tile's first output value, pixels `ldb` apart.
#[inline(always)]
pub(super) fn conv_tile4<const W: usize>(
    padded: &[f32],
    base: usize,
    g: Patch,
    b: &[f32],
    ldb: usize,
    out: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; MR];
    for ky in 0..g.ks {
        let start = base + ky * g.row;
        let a = [0, 1, 2, 3].map(|i| &padded[start + i * g.pixel..][..g.run]);
        accumulate4(&mut acc, a, &b[ky * g.run * ldb..], ldb);
    }
    add_tile(&acc, out, ldb);
}

/// [`conv_tile4`] for one pixel: the `w % 4` leftover pixels of a row.
#[inline(always)]
pub(super) fn conv_tile1<const W: usize>(
    padded: &[f32],
    base: usize,
    g: Patch,
    b: &[f32],
    ldb: usize,
    out: &mut [f32],
) {
    let mut acc = [[0.0f32; W]; 1];
    for ky in 0..g.ks {
        let start = base + ky * g.row;
        accumulate1(
            &mut acc[0],
            &padded[start..][..g.run],
            &b[ky * g.run * ldb..],
            ldb,
        );
    }
    add_tile(&acc, out, ldb);
}

/// Kernel gradient of [`conv_same_padded`] for one image:
/// `d_kernel[(ky, kx, i), o] += Σ_(y, x) padded[y+ky, x+kx, i] · d_out[(y, x), o]`
/// (the im2col product `colsᵀ · dY`, again reading the patches straight from the padded
/// image). Tiles are 4 consecutive taps × 8 output channels, summed over all pixels.
///
/// # Panics
/// If a slice is shorter than its shape.
#[allow(clippy::too_many_arguments)]
pub fn conv_same_kernel_grad(
    padded: &[f32],
    h: usize,
    w: usize,
    c: usize,
    ks: usize,
    d_out: &[f32],
    n_out: usize,
    d_kernel: &mut [f32],
) {
    assert!(ks % 2 == 1, "odd kernel sizes only");
    let r = ks / 2;
    let row = (w + 2 * r) * c;
    let run = ks * c;
    let padded = &padded[..(h + 2 * r) * row];
    let d_out = &d_out[..h * w * n_out];
    let shape = Image {
        h,
        w,
        row,
        pixel: c,
    };
    for ky in 0..ks {
        let mut t0 = 0;
        while t0 < run {
            let taps = if run - t0 >= MR { MR } else { 1 };
            let first = ky * row + t0;
            let d_rows = &mut d_kernel[(ky * run + t0) * n_out..(ky * run + t0 + taps) * n_out];
            let mut j0 = 0;
            while j0 < n_out {
                let width = (n_out - j0).min(NR);
                let (dy, dk) = (&d_out[j0..], &mut d_rows[j0..]);
                if taps == MR {
                    dispatch_width!(
                        width,
                        kernel_grad_tile4,
                        padded,
                        first,
                        shape,
                        dy,
                        n_out,
                        dk
                    );
                } else {
                    dispatch_width!(
                        width,
                        kernel_grad_tile1,
                        padded,
                        first,
                        shape,
                        dy,
                        n_out,
                        dk
                    );
                }
                j0 += width;
            }
            t0 += taps;
        }
    }
}

/// An `h × w` output grid read from a padded image with the given row and pixel strides.
#[derive(Clone, Copy)]
pub(super) struct Image {
    pub(super) h: usize,
    pub(super) w: usize,
    pub(super) row: usize,
    pub(super) pixel: usize,
}

/// 4 taps × `W` output channels of [`conv_same_kernel_grad`]: for every output pixel, 4
/// contiguous padded values (the first at `padded[first]` for pixel (0, 0)) times `W`
/// gradient values (`d_out`, pixels `ldd` apart). Accumulators are named locals so they stay
/// in registers.
#[inline(always)]
pub(super) fn kernel_grad_tile4<const W: usize>(
    padded: &[f32],
    first: usize,
    g: Image,
    d_out: &[f32],
    ldd: usize,
    d_kernel: &mut [f32],
) {
    let [mut r0, mut r1, mut r2, mut r3] = [[0.0f32; W]; MR];
    for y in 0..g.h {
        let a_row = &padded[first + y * g.row..];
        let d_row = &d_out[y * g.w * ldd..];
        // The 4 taps may span several pixels when c < 4; they are contiguous all the same.
        for (x, d_px) in d_row.chunks(ldd).take(g.w).enumerate() {
            let av: &[f32; MR] = a_row[x * g.pixel..][..MR]
                .try_into()
                .expect("taps inside the image");
            let dv: &[f32; W] = d_px[..W].try_into().expect("tile inside d_out");
            for j in 0..W {
                r0[j] += av[0] * dv[j];
                r1[j] += av[1] * dv[j];
                r2[j] += av[2] * dv[j];
                r3[j] += av[3] * dv[j];
            }
        }
    }
    add_tile(&[r0, r1, r2, r3], d_kernel, ldd);
}

/// [`kernel_grad_tile4`] for one tap: the leftovers when `ks·c` is not a multiple of 4.
#[inline(always)]
pub(super) fn kernel_grad_tile1<const W: usize>(
    padded: &[f32],
    first: usize,
    g: Image,
    d_out: &[f32],
    ldd: usize,
    d_kernel: &mut [f32],
) {
    let mut r = [0.0f32; W];
    for y in 0..g.h {
        let a_row = &padded[first + y * g.row..];
        let d_row = &d_out[y * g.w * ldd..];
        for (x, d_px) in d_row.chunks(ldd).take(g.w).enumerate() {
            let a = a_row[x * g.pixel];
            let dv: &[f32; W] = d_px[..W].try_into().expect("tile inside d_out");
            for j in 0..W {
                r[j] += a * dv[j];
            }
        }
    }
    add_tile(&[r], d_kernel, ldd);
}
