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
//! One-channel images with whole tiles per row (the first layer) get their own tile
//! (`window_taps`): its 4 pixels are side by side, so pixel `r`'s tap `t` reads the value
//! pixel `r + 1` read at tap `t - 1`, and the tile keeps a sliding window of broadcasts: 1 new
//! broadcast per tap instead of 4.
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
//! Loads and stores go through [`F32x4::load`] / [`F32x4::store`], which take `&[f32; 4]` /
//! `&mut [f32; 4]` (their `unsafe` wasm intrinsics are justified in `crate::simd`). Slices are
//! cut to whole rows and the tile's columns checked once before each loop, so the bounds
//! checks inside the loops compile away. The exceptions are the tiles whose broadcast
//! operands lie at unrelated offsets: the kernel-gradient tile (`R` values per pixel, read with
//! `get_unchecked` after one assertion per tap that its last value is inside the image), the
//! convolution tile (`R` values per tap, read through raw pointers after one assertion per
//! pixel that its patch is inside the image) and the one-channel convolution tile (read through
//! raw pointers after one assertion per image that its last pixel's patch is inside it);
//! `// SAFETY:` at each.

use super::drive::{Image, Patch, Strips};
use super::scalar::Scalar;
use super::MR;
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
        let rest = n - from;
        // Only this shape gets the one-pass tile, to keep the module small.
        if R == MR && rest % LANES != 0 && rest > 2 * LANES && rest < 3 * LANES {
            // The Dense layer's 10 outputs: one pass of 2 full vectors and 1 partial one, so
            // every broadcast of `a` serves all 10 columns (rather than 8, then again 2).
            // Two rows at a time: 4 rows × 3 vectors (12 accumulators, 3 operands, the
            // broadcast and a product) exceed x64's 16 vector registers (V8 keeps one as
            // scratch) and measured slower.
            const PAIR: usize = 2;
            for (h, c2) in c.chunks_exact_mut(PAIR * n).enumerate() {
                let a2: [&[f32]; PAIR] = [a[PAIR * h], a[PAIR * h + 1]];
                nn_tile_overhang::<PAIR, 2>(a2, b, n, from, c2);
            }
            return;
        }
        let tail = for_each_vector_tile(from, n, |j0, v| {
            dispatch_vectors!(v, nn_tile::<R>, a, b, n, j0, &mut c[j0..]);
        });
        if tail < n {
            // The Dense layer's 10 outputs leave 2: one partial vector, not scalar code.
            nn_tile_partial(a, b, n, tail, &mut c[tail..]);
        }
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
        if tail < n {
            tn_tile_partial::<R>(p, a, lda, &b[tail..], n, n - tail, &mut c[tail..]);
        }
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
        // Written out rather than through `for_each_vector_tile`, whose closure LLVM does not
        // inline here: a call per tile that reloads its captures from memory (measured: conv2
        // 2% faster written out, and the module 0.6 KB smaller).
        let mut j0 = from;
        while n - j0 >= 2 * LANES {
            conv_tile::<R, 2>(padded, bases, g, kernel, n, j0, &mut out[j0..]);
            j0 += 2 * LANES;
        }
        if n - j0 >= LANES {
            conv_tile::<R, 1>(padded, bases, g, kernel, n, j0, &mut out[j0..]);
            j0 += LANES;
        }
        conv_scalar_tail::<R>(padded, bases, g, kernel, n, j0, out);
    }

    const ONE_CHANNEL_TILE: bool = true;

    /// One check for the whole image, then tiles of [`MR`] pixels × 8 or 4 channels with a
    /// sliding window of broadcasts ([`window_taps`]), and the scalar tail.
    #[inline(always)]
    fn conv_one_channel(
        padded: &[f32],
        w: usize,
        g: Patch,
        kernel: &[f32],
        n: usize,
        out: &mut [f32],
    ) {
        let (row, ks) = (g.row, g.ks);
        let h = out.len() / (w * n);
        if h == 0 || ks == 0 {
            return;
        }
        assert!(g.run == ks && w % MR == 0, "one input channel, whole tiles");
        // The last tile's last pixel: its patch ends the span every tile's reads lie in.
        let last = (h - 1) * row + (w - 1);
        assert!(
            last + (ks - 1) * row + ks <= padded.len(),
            "patches inside the image"
        );
        assert!(ks * ks * n <= kernel.len(), "kernel inside its slice");
        // Column panels outermost: each tile loop then holds one tile shape and no branch.
        let mut j0 = 0;
        while n - j0 >= 2 * LANES {
            // SAFETY: every tile's patches end by the last one's, asserted above; so do the
            // kernel rows; `j0 + 8 <= n`.
            unsafe { window_panel::<2>(padded, w, g, kernel, n, j0, out) };
            j0 += 2 * LANES;
        }
        if n - j0 >= LANES {
            // SAFETY: as above, with `j0 + 4 <= n`.
            unsafe { window_panel::<1>(padded, w, g, kernel, n, j0, out) };
            j0 += LANES;
        }
        if j0 < n {
            for (y, out_row) in out.chunks_exact_mut(w * n).enumerate() {
                for (i, out_px) in out_row.chunks_exact_mut(MR * n).enumerate() {
                    let base = y * row + i * MR;
                    let bases = std::array::from_fn(|r| base + r);
                    conv_scalar_tail::<MR>(padded, bases, g, kernel, n, j0, out_px);
                }
            }
        }
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
        let tail = for_each_vector_tile(from, n, |j0, v| {
            let dk = &mut d_kernel[j0..];
            dispatch_vectors!(
                v,
                kernel_grad_tile::<R>,
                padded,
                firsts,
                g,
                d_out,
                n,
                j0,
                dk
            );
        });
        Scalar::kernel_grad::<R>(padded, firsts, g, d_out, n, tail, d_kernel);
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

/// `acc[r][·] += Σ_t a[r][t] · b[t·ldb + j0 ..][..4V]`: the register-blocked core of the GEMM
/// and convolution-forward tiles. All `a[r]` have the same length (the reduction length), and
/// `b` holds that many whole rows of width `ldb`.
///
/// # Panics
/// If `b` is shorter than `len · ldb` or the columns `j0..j0 + 4V` are not inside a row.
#[inline(always)]
fn accumulate<const R: usize, const V: usize>(
    acc: &mut [[F32x4; V]; R],
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
    j0: usize,
) {
    let len = a[0].len();
    let a = a.map(|row| &row[..len]);
    // Whole rows and a column range checked once here, so that the loop below is free of
    // bounds checks (`chunks_exact` rows are known to be `ldb` long).
    assert!(j0 + LANES * V <= ldb, "tile inside B");
    let rows = b[..len * ldb].chunks_exact(ldb);
    for (t, b_row) in (0..len).zip(rows) {
        let bv = load::<V>(&b_row[j0..j0 + LANES * V]);
        madd(acc, a.map(|row| row[t]), &bv);
    }
}

/// `R` rows of `A` times a `k × 4V` strip of `B` (columns from `j0`, row stride `ldb`), added
/// into `R` rows of `C` (row stride `ldb`, `c` starting at the strip's first column).
#[inline(always)]
fn nn_tile<const R: usize, const V: usize>(
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
    j0: usize,
    c: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    accumulate(&mut acc, a, b, ldb, j0);
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

/// Adds a tile of `R` partial vectors (lanes `0..width`, `width` < 4) into `c` (rows `ldc`
/// apart); the other lanes are never stored.
#[inline(always)]
fn add_tile_partial<const R: usize>(acc: &[F32x4; R], c: &mut [f32], ldc: usize, width: usize) {
    for (r, &s) in acc.iter().enumerate() {
        let out = &mut c[r * ldc..][..width];
        (F32x4::load_prefix(out) + s).store_prefix(out);
    }
}

/// [`nn_tile`] for the last `n - j0` (1 to 3) columns: one partial vector per row, zeros in
/// the lanes past the row's end (each lane is computed on its own, so those never mix in).
#[inline(always)]
fn nn_tile_partial<const R: usize>(
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
    j0: usize,
    c: &mut [f32],
) {
    let width = ldb - j0;
    let len = a[0].len();
    let a = a.map(|row| &row[..len]);
    let mut acc = [F32x4::splat(0.0); R];
    for (t, b_row) in (0..len).zip(b[..len * ldb].chunks_exact(ldb)) {
        let bv = F32x4::load_prefix(&b_row[j0..]);
        for (s, row) in acc.iter_mut().zip(&a) {
            *s = *s + F32x4::splat(row[t]) * bv;
        }
    }
    add_tile_partial(&acc, c, ldb, width);
}

/// [`tn_tile`] for the last `width` (1 to 3) columns of `B` (`b` from the first of them).
#[inline(always)]
fn tn_tile_partial<const R: usize>(
    p: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    width: usize,
    c: &mut [f32],
) {
    let mut acc = [F32x4::splat(0.0); R];
    for (a_row, b_row) in a.chunks(lda).zip(b.chunks(ldb)).take(p) {
        let bv = F32x4::load_prefix(&b_row[..width]);
        for (s, &x) in acc.iter_mut().zip(&a_row[..R]) {
            *s = *s + F32x4::splat(x) * bv;
        }
    }
    add_tile_partial(&acc, c, ldb, width);
}

/// `R` pixels (pixel `i`'s receptive field starting at `padded[bases[i]]`) × `4V` output
/// channels from `j0` on. `kernel` is the whole kernel (row stride `ldb`); `out` the tile's
/// first output value, pixels `ldb` apart.
///
/// A kernel row is only `ks·c` taps (5 in the first layer), so slicing and checking each
/// pixel's run per kernel row would cost as much as the row's arithmetic: each patch is checked
/// once per tile instead and its values read unchecked, in the same `(ky, kx, i)` order.
///
/// # Panics
/// If a pixel's patch, `padded[bases[i] ..][.. (ks-1)·row + run]`, is outside `padded`, or
/// the kernel or the columns `j0..j0 + 4V` are outside it.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn conv_tile<const R: usize, const V: usize>(
    padded: &[f32],
    bases: [usize; R],
    g: Patch,
    kernel: &[f32],
    ldb: usize,
    j0: usize,
    out: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    if g.ks > 0 && g.run > 0 {
        // One past the patch's last value, relative to its first.
        let span = (g.ks - 1) * g.row + g.run;
        for &base in &bases {
            assert!(base + span <= padded.len(), "patch inside the image");
        }
        assert!(j0 + LANES * V <= ldb, "tile inside a kernel row");
        assert!(
            g.ks * g.run * ldb <= kernel.len(),
            "kernel inside its slice"
        );
        let (row, ks, run) = (g.row, g.ks, g.run);
        // SAFETY: the patches, the kernel rows and the tile's columns were asserted above to
        // be inside their slices.
        unsafe { conv_taps(&mut acc, padded, bases, row, ks, run, kernel, ldb, j0) };
    }
    add_tile(&acc, out, ldb);
}

/// The taps of [`conv_tile`], once its checks are done: `ks` kernel rows of `run` taps.
///
/// # Safety
/// Every pixel's patch, `padded[bases[i] ..][.. (ks-1)·row + run]`, must be inside
/// `padded`, `j0 + 4V <= ldb`, and `ks·run·ldb <= kernel.len()`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn conv_taps<const R: usize, const V: usize>(
    acc: &mut [[F32x4; V]; R],
    padded: &[f32],
    bases: [usize; R],
    row: usize,
    ks: usize,
    run: usize,
    kernel: &[f32],
    ldb: usize,
    j0: usize,
) {
    // Raw pointers: the caller checked the patches and the kernel rows once (`# Safety`), so
    // no read here is checked again.
    let (image, taps) = (padded.as_ptr(), kernel.as_ptr().wrapping_add(j0));
    let mut tap = 0;
    for ky in 0..ks {
        let at = bases.map(|base| base + ky * row);
        for t in 0..run {
            // SAFETY: `ky·row + t < (ks-1)·row + run`: inside each pixel's patch.
            let av: [f32; R] = at.map(|at| unsafe { *image.add(at + t) });
            // SAFETY: `tap < ks·run`, a kernel row, and `j0 + 4V <= ldb`.
            let kv: [F32x4; V] = std::array::from_fn(|v| unsafe {
                F32x4::load(&*taps.add(tap * ldb + LANES * v).cast::<[f32; LANES]>())
            });
            madd(acc, av, &kv);
            tap += 1;
        }
    }
}

/// The scalar tail of [`Simd::conv`] and [`Simd::conv_one_channel`]: the last `n % 4` output
/// columns (from `from` on, possibly none) with [`Scalar`]'s tiles. Out of line so that both
/// walks share one copy (the module's size); the first two layers' 8 and 16 columns have no
/// tail.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn conv_scalar_tail<const R: usize>(
    padded: &[f32],
    bases: [usize; R],
    g: Patch,
    kernel: &[f32],
    n: usize,
    from: usize,
    out: &mut [f32],
) {
    Scalar::conv::<R>(padded, bases, g, kernel, n, from, out);
}

/// The output columns `j0..j0 + 4V` of [`Simd::conv_one_channel`], for every tile.
///
/// # Safety
/// As [`window_taps`] for every tile: `padded[(h-1)·g.row + w - 1 + (ks-1)·g.row + ks - 1]`
/// (the last pixel's last value) inside `padded`, `j0 + 4V <= n`, `ks·ks·n <= kernel.len()`.
#[inline(always)]
unsafe fn window_panel<const V: usize>(
    padded: &[f32],
    w: usize,
    g: Patch,
    kernel: &[f32],
    n: usize,
    j0: usize,
    out: &mut [f32],
) {
    for (y, out_row) in out.chunks_exact_mut(w * n).enumerate() {
        for (i, out_px) in out_row.chunks_exact_mut(MR * n).enumerate() {
            let base = y * g.row + i * MR;
            let mut acc = [[F32x4::splat(0.0); V]; MR];
            // SAFETY: this tile's reads end by the last tile's (the caller's `# Safety`).
            unsafe { window_taps(&mut acc, padded, base, g.row, g.ks, kernel, n, j0) };
            add_tile(&acc, &mut out_px[j0..], n);
        }
    }
}

/// The taps of one tile of [`Simd::conv_one_channel`]: [`MR`] pixels side by side in a
/// one-channel image, pixel `r`'s patch starting at `padded[base + r]` (`ks` kernel rows of
/// `ks` taps, `row` apart) × the `4V` output columns from `j0` on (kernel rows `ldb` apart).
///
/// Along a kernel row, pixel `r`'s tap `t` reads `x[t + r]`, the value pixel `r + 1` read at
/// tap `t - 1`. So the tile keeps the last 3 broadcasts in registers and makes 1 new one per
/// tap where [`conv_tile`] makes 4: per tap 1 broadcast and `V` kernel loads for `4V`
/// multiplies and adds. Every output is still summed over its taps in `(ky, kx)` order.
///
/// # Safety
/// `padded[base + (ks-1)·row + ks + MR - 2]` (the last pixel's last value) must be inside
/// `padded`, `j0 + 4V <= ldb`, and `ks·ks·ldb <= kernel.len()`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn window_taps<const V: usize>(
    acc: &mut [[F32x4; V]; MR],
    padded: &[f32],
    base: usize,
    row: usize,
    ks: usize,
    kernel: &[f32],
    ldb: usize,
    j0: usize,
) {
    // Raw pointers: the caller checked every read once (`# Safety`). `tap` steps with
    // `wrapping_add`: after the last tap it points one kernel row further, never read.
    let mut tap = kernel.as_ptr().wrapping_add(j0);
    for ky in 0..ks {
        // Pixel `r`'s tap `(ky, t)` is `x[t + r]`: for `t < ks`, `r < MR` inside `padded`.
        let x = padded.as_ptr().wrapping_add(base + ky * row);
        // `window[r]` = `x[t + r]` for the coming tap `t` and pixels `r < MR - 1`; the last
        // pixel's value is new at each tap. (`MR` is 4: the destructuring below says so.)
        let mut window: [F32x4; MR - 1] = std::array::from_fn(|r| {
            // SAFETY: `x[r]`, `r < MR - 1`: tap `(ky, 0)` of pixel `r`.
            F32x4::splat(unsafe { *x.add(r) })
        });
        for t in 0..ks {
            // SAFETY: `x[t + MR - 1]`: tap `(ky, t)` of the last pixel.
            let newest = F32x4::splat(unsafe { *x.add(t + MR - 1) });
            // SAFETY: tap `ky·ks + t < ks·ks`: its columns `j0..j0 + 4V` are in `kernel`.
            let kv: [F32x4; V] = std::array::from_fn(|v| unsafe {
                F32x4::load(&*tap.add(LANES * v).cast::<[f32; LANES]>())
            });
            let [w0, w1, w2] = window;
            for (acc_row, &x) in acc.iter_mut().zip(&[w0, w1, w2, newest]) {
                for (s, &bv) in acc_row.iter_mut().zip(&kv) {
                    *s = *s + x * bv;
                }
            }
            window = [w1, w2, newest];
            tap = tap.wrapping_add(ldb);
        }
    }
}

/// [`nn_tile`] for the last `4V + width` columns (`width` 1 to 3, `j0 + 4V + width = ldb`) in
/// one pass: `V` full vectors and one partial vector per row. The partial vector is loaded
/// whole, its last lanes reading into the next row of `B` (for every row but the last, whose
/// partial vector is read with `load_prefix`); those lanes are summed on their own and never
/// stored, so the stored lanes are exactly [`nn_tile_partial`]'s.
///
/// # Panics
/// If `b` is shorter than `k · ldb` (`k` the length of the rows of `a`), or the columns do
/// not end a row as above.
#[inline(always)]
fn nn_tile_overhang<const R: usize, const V: usize>(
    a: [&[f32]; R],
    b: &[f32],
    ldb: usize,
    j0: usize,
    c: &mut [f32],
) {
    let jt = j0 + LANES * V;
    assert!(
        jt < ldb && ldb - jt < LANES,
        "a partial vector ends the row"
    );
    let width = ldb - jt;
    let len = a[0].len();
    let a = a.map(|row| &row[..len]);
    let mut acc = [[F32x4::splat(0.0); V]; R];
    let mut last = [F32x4::splat(0.0); R];
    if len > 0 {
        let b = &b[..len * ldb];
        // `b[jt..]` cut into `ldb` values from row `t`'s partial vector on: `len - 1` whole
        // chunks (the last row's is short), each at least 4 values long since `ldb > jt >= 4`.
        let overhang = b[jt..].chunks_exact(ldb);
        for ((t, b_row), over) in (0..len).zip(b.chunks_exact(ldb)).zip(overhang) {
            let bv = load::<V>(&b_row[j0..jt]);
            let ov = F32x4::load(over[..LANES].try_into().expect("4 lanes"));
            for ((acc_row, s), row) in acc.iter_mut().zip(&mut last).zip(&a) {
                let x = F32x4::splat(row[t]);
                for (s, &v) in acc_row.iter_mut().zip(&bv) {
                    *s = *s + x * v;
                }
                *s = *s + x * ov;
            }
        }
        let t = len - 1;
        let b_row = &b[t * ldb..];
        let bv = load::<V>(&b_row[j0..jt]);
        let ov = F32x4::load_prefix(&b_row[jt..ldb]);
        for ((acc_row, s), row) in acc.iter_mut().zip(&mut last).zip(&a) {
            let x = F32x4::splat(row[t]);
            for (s, &v) in acc_row.iter_mut().zip(&bv) {
                *s = *s + x * v;
            }
            *s = *s + x * ov;
        }
    }
    add_tile(&acc, &mut c[j0..], ldb);
    add_tile_partial(&last, &mut c[jt..], ldb, width);
}

/// `R` taps × `4V` output channels (from `j0` on) of [`conv_same_kernel_grad`], summed over
/// every output pixel in scan order: the `R` padded values under the taps (tap `r` at
/// `padded[firsts[r]]` for pixel (0, 0)) broadcast against `V` vectors of the output gradient
/// (pixels `ldd` apart).
///
/// # Panics
/// If a tap's last value, `padded[firsts[r] + (h-1)·row + (w-1)·pixel]`, is outside `padded`,
/// or `d_out` is shorter than its `h·w` pixels.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn kernel_grad_tile<const R: usize, const V: usize>(
    padded: &[f32],
    firsts: [usize; R],
    g: Image,
    d_out: &[f32],
    ldd: usize,
    j0: usize,
    d_kernel: &mut [f32],
) {
    let mut acc = [[F32x4::splat(0.0); V]; R];
    if g.h > 0 && g.w > 0 {
        // The largest offset any pixel adds to a tap's first value.
        let last = (g.h - 1) * g.row + (g.w - 1) * g.pixel;
        for &first in &firsts {
            assert!(first + last < padded.len(), "taps inside the image");
        }
        assert!(j0 + LANES * V <= ldd, "tile inside d_out");
        let d_out = &d_out[..g.h * g.w * ldd];
        // Taps inside one kernel row (the usual case) are adjacent values: one address.
        let adjacent = (0..R).all(|r| firsts[r] == firsts[0] + r);
        for (y, d_row) in d_out.chunks_exact(g.w * ldd).enumerate() {
            let mut at = y * g.row;
            for d_px in d_row.chunks_exact(ldd) {
                let av: [f32; R] = if adjacent {
                    // SAFETY: `at = y·row + x·pixel` with `y < h`, `x < w`, so `at <= last`,
                    // and `firsts[r] + last = firsts[0] + r + last < padded.len()` (asserted
                    // above) for every `r < R`.
                    let run = unsafe { padded.get_unchecked(firsts[0] + at..firsts[0] + at + R) };
                    run.try_into().expect("R taps")
                } else {
                    // SAFETY: as above, `firsts[r] + at <= firsts[r] + last < padded.len()`.
                    std::array::from_fn(|r| unsafe { *padded.get_unchecked(firsts[r] + at) })
                };
                madd(&mut acc, av, &load::<V>(&d_px[j0..j0 + LANES * V]));
                at += g.pixel;
            }
        }
    }
    add_tile(&acc, d_kernel, ldd);
}

/// `F32x4` twin of [`super::scalar::relu_inplace`]: the same compare-and-select per value,
/// four at a time, then the scalar twin on the last `len % 4`.
pub fn relu_inplace(x: &mut [f32]) {
    let mut quads = x.chunks_exact_mut(LANES);
    let zero = F32x4::splat(0.0);
    for q in &mut quads {
        let q: &mut [f32; LANES] = q.try_into().expect("4 lanes");
        let v = F32x4::load(q);
        F32x4::select_positive(v, v, zero).store(q);
    }
    super::scalar::relu_inplace(quads.into_remainder());
}

/// `F32x4` twin of [`super::scalar::relu_backward_inplace`].
///
/// # Panics
/// If `y` is shorter than `d`.
pub fn relu_backward_inplace(y: &[f32], d: &mut [f32]) {
    let y = &y[..d.len()];
    let mut quads = d.chunks_exact_mut(LANES);
    let mut ys = y.chunks_exact(LANES);
    let zero = F32x4::splat(0.0);
    for (g, v) in (&mut quads).zip(&mut ys) {
        let g: &mut [f32; LANES] = g.try_into().expect("4 lanes");
        let v = F32x4::load(v.try_into().expect("4 lanes"));
        F32x4::select_positive(v, F32x4::load(g), zero).store(g);
    }
    super::scalar::relu_backward_inplace(ys.remainder(), quads.into_remainder());
}

/// `F32x4` twin of [`super::scalar::add_column_sums`]: four columns per vector, each summed
/// in row order as in the scalar twin; the last `width % 4` columns as in the scalar twin.
pub fn add_column_sums(d_out: &[f32], d_bias: &mut [f32]) {
    let n = d_bias.len();
    let full = n / LANES * LANES;
    let (vector_part, tail) = d_bias.split_at_mut(full);
    for (j0, d) in (0..full)
        .step_by(LANES)
        .zip(vector_part.chunks_exact_mut(LANES))
    {
        let d: &mut [f32; LANES] = d.try_into().expect("4 lanes");
        let mut acc = F32x4::load(d);
        for row in d_out.chunks_exact(n) {
            acc = acc + F32x4::load(row[j0..j0 + LANES].try_into().expect("4 lanes"));
        }
        acc.store(d);
    }
    if !tail.is_empty() {
        for row in d_out.chunks_exact(n) {
            for (d, &g) in tail.iter_mut().zip(&row[full..]) {
                *d += g;
            }
        }
    }
}

/// `F32x4` twin of [`super::scalar::normalise`]: 16 bytes widened to four `f32x4` (exact),
/// each divided by 255 (`f32x4.div`, correctly rounded like `f32` division).
///
/// # Panics
/// If `out` is shorter than `images`.
pub fn normalise(images: &[u8], out: &mut [f32]) {
    let out = &mut out[..images.len()];
    let mut src = images.chunks_exact(4 * LANES);
    let mut dst = out.chunks_exact_mut(4 * LANES);
    let scale = F32x4::splat(255.0);
    for (s, d) in (&mut src).zip(&mut dst) {
        let vs = F32x4::from_u8x16(s.try_into().expect("16 bytes"));
        for (v, o) in vs.iter().zip(d.chunks_exact_mut(LANES)) {
            (*v / scale).store(o.try_into().expect("4 lanes"));
        }
    }
    super::scalar::normalise(src.remainder(), dst.into_remainder());
}
