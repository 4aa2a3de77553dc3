//! The SIMD twins of [`super::scalar`]: the same four kernels with the same signatures and the
//! same row, pixel and tap walks (`drive`), with register tiles (`Simd`) written
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
//! output channels are computed by the scalar twin's tiles (`Scalar`, the scalar tail).
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
//! `crate::simd`). Slices are cut to their tile's length once per row, so the bounds checks
//! inside the loops are on constant indices and compile away.

use super::drive::{Image, Patch, Strips};
use super::scalar::Scalar;
use crate::simd::F32x4;

/// Output channels per vector.
const LANES: usize = 4;

entry_points!(Simd);

/// The SIMD register tiles: `R` rows × `V` vectors of 4 output channels.
struct Simd;

/// Splits the output columns `from..n` into SIMD tiles of 8 (`V = 2`) and 4 (`V = 1`)
/// channels: calls `tile(j0, V)` for each and returns where the scalar tail (`n % 4`
/// columns, possibly none) starts.
#[inline(always)]
fn for_each_vector_tile(from: usize, n: usize, mut tile: impl FnMut(usize, usize)) -> usize {
    let mut j0 = from;
    while n - j0 >= 2 * LANES {
        tile(j0, 2);
        j0 += 2 * LANES;
    }
    if n - j0 >= LANES {
        tile(j0, 1);
        j0 += LANES;
    }
    j0
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

impl Strips for Simd {
    #[inline(always)]
    fn nn<const R: usize>(a: [&[f32]; R], b: &[f32], n: usize, from: usize, c: &mut [f32]) {
        let tail = for_each_vector_tile(from, n, |j0, v| {
            dispatch_vectors!(v, nn_tile::<R>, a, &b[j0..], n, &mut c[j0..]);
        });
        Scalar::nn::<R>(a, b, n, tail, c);
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
        let tail = for_each_vector_tile(from, n, |j0, v| {
            dispatch_vectors!(v, tn_tile::<R>, p, a, lda, &b[j0..], n, &mut c[j0..]);
        });
        Scalar::tn::<R>(p, a, lda, b, n, tail, c);
    }

    #[inline(always)]
    fn conv<const R: usize>(
        padded: &[f32],
        base: usize,
        g: Patch,
        kernel: &[f32],
        n: usize,
        from: usize,
        out: &mut [f32],
    ) {
        let tail = for_each_vector_tile(from, n, |j0, v| {
            let (b, o) = (&kernel[j0..], &mut out[j0..]);
            dispatch_vectors!(v, conv_tile::<R>, padded, base, g, b, n, o);
        });
        Scalar::conv::<R>(padded, base, g, kernel, n, tail, out);
    }

    #[inline(always)]
    fn kernel_grad<const R: usize>(
        padded: &[f32],
        first: usize,
        g: Image,
        d_out: &[f32],
        n: usize,
        from: usize,
        d_kernel: &mut [f32],
    ) {
        let tail = for_each_vector_tile(from, n, |j0, v| {
            let (dy, dk) = (&d_out[j0..], &mut d_kernel[j0..]);
            dispatch_vectors!(v, kernel_grad_tile::<R>, padded, first, g, dy, n, dk);
        });
        Scalar::kernel_grad::<R>(padded, first, g, d_out, n, tail, d_kernel);
    }
}

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

/// `R` rows of `A` times a `k × 4V` strip of `B` (row stride `ldb`), added into `R` rows of
/// `C` (row stride `ldb`).
#[inline(always)]
fn nn_tile<const R: usize, const V: usize>(a: [&[f32]; R], b: &[f32], ldb: usize, c: &mut [f32]) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    accumulate(&mut acc, a, b, ldb);
    add_tile(&acc, c, ldb);
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
