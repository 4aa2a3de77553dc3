//! The SIMD twins of [`super::scalar`]: the same four kernels with the same signatures, written
//! over [`F32x4`] — in the wasm `simd128` build one `v128` (`f32x4.splat`, `f32x4.mul`,
//! `f32x4.add`, `v128.load`/`v128.store`), in every other build the `[f32; 4]` twin (so this
//! module also compiles, and is tested, natively and in the scalar wasm build).
//!
//! # Design
//!
//! The four lanes run over *output channels* (the contiguous innermost dimension of the
//! kernel, of `d_out` and of `C`), so a tile is `R` rows (pixels, taps or matrix rows; 4, or 1
//! for leftovers) × `V` vectors (2 = 8 channels, or 1 = 4 channels). Per reduction step the
//! tile broadcasts `R` scalars, loads `V` vectors and does `R·V` multiplies and adds into
//! accumulators that stay in registers (8 of them for the 4 × 8 tile). The last `n % 4`
//! output channels are computed by the scalar twin's tiles (the scalar tail).
//!
//! # Exactness
//!
//! Lane `j` of an accumulator sees exactly the scalar accumulator `acc[r][j]`'s operations: it
//! starts at 0, adds `a·b` products (separately rounded multiply, then add: `f32x4.mul` and
//! `f32x4.add`, no FMA, no relaxed-simd) in the same ascending reduction order, and is then
//! added into the output once. So the results are **bit-identical** to [`super::scalar`];
//! `tests/cnn_simd.rs` checks this on ragged shapes in every build.
//!
//! # Safety
//!
//! No `unsafe` here: loads and stores go through [`F32x4::load`] / [`F32x4::store`], which
//! take `&[f32; 4]` / `&mut [f32; 4]` (their `unsafe` wasm intrinsics are justified in
//! `crate::kernels`). Slices are cut to their tile's length once per row, so the bounds checks
//! inside the loops are on constant indices and compile away.

use super::scalar::tn_tile as scalar_tn_tile;
use super::scalar::{
    conv_tile1, conv_tile4, kernel_grad_tile1, kernel_grad_tile4, nn_tile1, nn_tile4, Image, Patch,
};
use super::{MR, ONE};
use crate::kernels::F32x4;

/// Output channels per vector.
const LANES: usize = 4;

/// `V` vectors from the start of `src` (`4·V` values).
#[inline(always)]
fn load<const V: usize>(src: &[f32]) -> [F32x4; V] {
    let src = &src[..LANES * V];
    std::array::from_fn(|v| {
        F32x4::load(src[LANES * v..LANES * (v + 1)].try_into().expect("4 lanes"))
    })
}

/// `acc[r][v] += a[r] · b[v]` (one broadcast per row, one multiply and one add per vector).
#[inline(always)]
fn madd<const R: usize, const V: usize>(acc: &mut [[F32x4; V]; R], a: [f32; R], b: &[F32x4; V]) {
    for (acc_row, &x) in acc.iter_mut().zip(&a) {
        let x = F32x4::splat(x);
        for (s, &bv) in acc_row.iter_mut().zip(b) {
            *s = *s + x * bv;
        }
    }
}

/// Adds an `R × 4V` accumulator tile into `c` (rows `ldc` apart).
#[inline(always)]
fn add_tile<const R: usize, const V: usize>(acc: &[[F32x4; V]; R], c: &mut [f32], ldc: usize) {
    for (r, acc_row) in acc.iter().enumerate() {
        let row = &mut c[r * ldc..][..LANES * V];
        for (out, &s) in row.chunks_exact_mut(LANES).zip(acc_row) {
            let out: &mut [f32; LANES] = out.try_into().expect("4 lanes");
            (F32x4::load(out) + s).store(out);
        }
    }
}

/// `acc[r][·] += Σ_t a[r][t] · b[t·ldb ..][..4V]`: the register-blocked core of the GEMM and
/// convolution-forward tiles. All `a[r]` have the same length (the reduction length).
#[inline(always)]
fn accumulate<const R: usize, const V: usize>(
    acc: &mut [[F32x4; V]; R],
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
) {
    let len = a[0].len();
    let a = a.map(|row| &row[..len]);
    for (t, b_row) in b.chunks(ldb).take(len).enumerate() {
        let bv = load::<V>(b_row);
        madd(acc, a.map(|row| row[t]), &bv);
    }
}

/// Splits `n` output channels starting at `j0` into SIMD tiles of 8 (`V = 2`) and 4
/// (`V = 1`) channels, then a scalar tail of `n % 4`: calls `simd(out, j0, V)`
/// or `tail(out, j0, width)` for each (`out` is passed through, so both closures may write it).
#[inline(always)]
fn for_each_column_tile(
    n: usize,
    out: &mut [f32],
    mut simd: impl FnMut(&mut [f32], usize, usize),
    mut tail: impl FnMut(&mut [f32], usize, usize),
) {
    let mut j0 = 0;
    while n - j0 >= 2 * LANES {
        simd(out, j0, 2);
        j0 += 2 * LANES;
    }
    if n - j0 >= LANES {
        simd(out, j0, 1);
        j0 += LANES;
    }
    if j0 < n {
        tail(out, j0, n - j0);
    }
}

/// Calls `$f::<R, 2>` or `$f::<R, 1>` for a runtime vector count `$v`.
macro_rules! dispatch_vectors {
    ($v:expr, $f:ident::<$r:ident>, $($arg:expr),*) => {
        if $v == 2 {
            $f::<$r, 2>($($arg),*)
        } else {
            $f::<$r, 1>($($arg),*)
        }
    };
}

/// SIMD twin of [`super::scalar::gemm_nn`]: `C[m×n] += A[m×k] · B[k×n]`, all row-major.
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
        let rows: [&[f32]; MR] = std::array::from_fn(|r| &a4[r * k..(r + 1) * k]);
        for_each_column_tile(
            n,
            c4,
            |o, j0, v| dispatch_vectors!(v, nn_tile::<MR>, rows, &b[j0..], n, &mut o[j0..]),
            |o, j0, w| dispatch_width!(w, nn_tile4, k, a4, &b[j0..], n, &mut o[j0..]),
        );
    }
    for (a1, c1) in a_blocks
        .remainder()
        .chunks_exact(k)
        .zip(c_blocks.into_remainder().chunks_exact_mut(n))
    {
        for_each_column_tile(
            n,
            c1,
            |o, j0, v| dispatch_vectors!(v, nn_tile::<ONE>, [a1], &b[j0..], n, &mut o[j0..]),
            |o, j0, w| dispatch_width!(w, nn_tile1, k, a1, &b[j0..], n, &mut o[j0..]),
        );
    }
}

/// `R` rows of `A` times a `k × 4V` strip of `B` (row stride `ldb`), added into `R` rows of
/// `C` (row stride `ldb`).
#[inline(always)]
fn nn_tile<const R: usize, const V: usize>(a: [&[f32]; R], b: &[f32], ldb: usize, c: &mut [f32]) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    accumulate(&mut acc, a, b, ldb);
    add_tile(&acc, c, ldb);
}

/// SIMD twin of [`super::scalar::gemm_tn`]: `C[m×n] += Aᵀ · B` with `A` stored `[p×m]`, `B` `[p×n]`.
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
        let a = &a[i0..];
        if rows == MR {
            for_each_column_tile(
                n,
                c_rows,
                |o, j0, v| dispatch_vectors!(v, tn_tile::<MR>, p, a, m, &b[j0..], n, &mut o[j0..]),
                |o, j0, w| {
                    dispatch_width!(w, scalar_tn_tile::<MR>, p, a, m, &b[j0..], n, &mut o[j0..])
                },
            );
        } else {
            for_each_column_tile(
                n,
                c_rows,
                |o, j0, v| dispatch_vectors!(v, tn_tile::<ONE>, p, a, m, &b[j0..], n, &mut o[j0..]),
                |o, j0, w| {
                    dispatch_width!(w, scalar_tn_tile::<ONE>, p, a, m, &b[j0..], n, &mut o[j0..])
                },
            );
        }
        i0 += rows;
    }
}

/// `R × 4V` tile of `Aᵀ·B`: walks the `p` shared rows, broadcasting `R` contiguous values of
/// `A` (stride `lda`) against `V` vectors of `B` (stride `ldb`). `C`'s row stride is `ldb`.
#[inline(always)]
fn tn_tile<const R: usize, const V: usize>(
    p: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    for (a_row, b_row) in a.chunks(lda).zip(b.chunks(ldb)).take(p) {
        let av: [f32; R] = a_row[..R].try_into().expect("tile inside A");
        madd(&mut acc, av, &load::<V>(b_row));
    }
    add_tile(&acc, c, ldb);
}

/// SIMD twin of [`super::scalar::conv_same_padded`]: "same" convolution (stride 1, odd `ks`) of one
/// image padded by [`super::pad_image`], accumulated into `out` (`h × w × n_out`, NHWC).
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
            if pixels == MR {
                for_each_column_tile(
                    n_out,
                    out_px,
                    |o, j0, v| {
                        let (b, o) = (&kernel[j0..], &mut o[j0..]);
                        dispatch_vectors!(v, conv_tile::<MR>, padded, base, geom, b, n_out, o)
                    },
                    |o, j0, width| {
                        let (b, o) = (&kernel[j0..], &mut o[j0..]);
                        dispatch_width!(width, conv_tile4, padded, base, geom, b, n_out, o)
                    },
                );
            } else {
                for_each_column_tile(
                    n_out,
                    out_px,
                    |o, j0, v| {
                        let (b, o) = (&kernel[j0..], &mut o[j0..]);
                        dispatch_vectors!(v, conv_tile::<ONE>, padded, base, geom, b, n_out, o)
                    },
                    |o, j0, width| {
                        let (b, o) = (&kernel[j0..], &mut o[j0..]);
                        dispatch_width!(width, conv_tile1, padded, base, geom, b, n_out, o)
                    },
                );
            }
            x += pixels;
        }
    }
}

/// `R` adjacent pixels (the first at `padded[base]`) × `4V` output channels. `b` is the kernel
/// from the tile's first output channel on (row stride `ldb`); `out` the tile's first output
/// value, pixels `ldb` apart.
#[inline(always)]
fn conv_tile<const R: usize, const V: usize>(
    padded: &[f32],
    base: usize,
    g: Patch,
    b: &[f32],
    ldb: usize,
    out: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    for ky in 0..g.ks {
        let start = base + ky * g.row;
        let a: [&[f32]; R] = std::array::from_fn(|i| &padded[start + i * g.pixel..][..g.run]);
        accumulate(&mut acc, a, &b[ky * g.run * ldb..], ldb);
    }
    add_tile(&acc, out, ldb);
}

/// SIMD twin of [`super::scalar::conv_same_kernel_grad`]:
/// `d_kernel[(ky, kx, i), o] += Σ_(y, x) padded[y+ky, x+kx, i] · d_out[(y, x), o]`.
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
            if taps == MR {
                for_each_column_tile(
                    n_out,
                    d_rows,
                    |o, j0, v| {
                        let (dy, dk) = (&d_out[j0..], &mut o[j0..]);
                        dispatch_vectors!(
                            v,
                            kernel_grad_tile::<MR>,
                            padded,
                            first,
                            shape,
                            dy,
                            n_out,
                            dk
                        )
                    },
                    |o, j0, width| {
                        let (dy, dk) = (&d_out[j0..], &mut o[j0..]);
                        dispatch_width!(
                            width,
                            kernel_grad_tile4,
                            padded,
                            first,
                            shape,
                            dy,
                            n_out,
                            dk
                        )
                    },
                );
            } else {
                for_each_column_tile(
                    n_out,
                    d_rows,
                    |o, j0, v| {
                        let (dy, dk) = (&d_out[j0..], &mut o[j0..]);
                        dispatch_vectors!(
                            v,
                            kernel_grad_tile::<ONE>,
                            padded,
                            first,
                            shape,
                            dy,
                            n_out,
                            dk
                        )
                    },
                    |o, j0, width| {
                        let (dy, dk) = (&d_out[j0..], &mut o[j0..]);
                        dispatch_width!(
                            width,
                            kernel_grad_tile1,
                            padded,
                            first,
                            shape,
                            dy,
                            n_out,
                            dk
                        )
                    },
                );
            }
            t0 += taps;
        }
    }
}

/// `R` consecutive taps × `4V` output channels of [`conv_same_kernel_grad`], summed over every
/// output pixel in scan order: `R` contiguous padded values (the first at `padded[first]` for
/// pixel (0, 0); they may span several pixels when `c < 4`) broadcast against `V` vectors of
/// the output gradient (pixels `ldd` apart).
#[inline(always)]
fn kernel_grad_tile<const R: usize, const V: usize>(
    padded: &[f32],
    first: usize,
    g: Image,
    d_out: &[f32],
    ldd: usize,
    d_kernel: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    for y in 0..g.h {
        let a_row = &padded[first + y * g.row..];
        let d_row = &d_out[y * g.w * ldd..];
        for (x, d_px) in d_row.chunks(ldd).take(g.w).enumerate() {
            let av: [f32; R] = a_row[x * g.pixel..][..R]
                .try_into()
                .expect("taps inside the image");
            madd(&mut acc, av, &load::<V>(d_px));
        }
    }
    add_tile(&acc, d_kernel, ldd);
}
