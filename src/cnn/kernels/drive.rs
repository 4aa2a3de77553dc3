//! The walks shared by both kernel twins: which rows, pixels or taps form a register tile,
//! written once and generic over [`Strips`], the one place where [`super::scalar`] and
//! [`super::simd`] differ (how a tile's output columns are split into register-sized pieces).
//!
//! Every kernel here computes `R` "rows" (`R` = [`MR`] = 4, or 1 for the leftovers) at a time:
//! matrix rows of `C` for the GEMMs, output pixels consecutive in raster order for the
//! convolution, consecutive kernel taps (in `(ky, kx, i)` order) for the kernel gradient. A
//! [`Strips`] method then computes those `R` rows for all output columns from a given column on.
//!
//! Pixels and taps are grouped across image rows and kernel rows: their output rows are
//! contiguous either way, and each one's input is located by its own offset. So a 14×14 image
//! is 49 tiles of 4 pixels, not 14 rows of 3 tiles and 2 leftover pixels, and the 25 taps of a
//! 5×5 single-channel kernel are 6 tiles of 4 and one leftover, not 5 leftovers. Tiling changes
//! only which outputs are computed together, never the order in which one output is summed.

use super::MR;

/// Defines a twin's four public kernels: the shared walks below, run with the twin's register
/// tiles `$tiles`. Both twins get the same signatures and documentation this way.
macro_rules! entry_points {
    ($tiles:ty) => {
        /// `C[m×n] += A[m×k] · B[k×n]`, all row-major and densely packed.
        ///
        /// Accumulates rather than overwrites so that callers can pre-fill `C` with a bias (forward
        /// pass) or zeros. Serves both Dense passes: `X · W` and the input gradient `dY · Wᵀ`.
        ///
        /// # Panics
        /// If a slice is shorter than its stated shape.
        pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
            $crate::cnn::kernels::drive::gemm_nn::<$tiles>(m, n, k, a, b, c);
        }

        /// `C[m×n] += Aᵀ · B` with `A` stored as `[p×m]` and `B` as `[p×n]`, row-major.
        ///
        /// This is the Dense weight-gradient product `Xᵀ · dY`: the reduction runs over the rows of
        /// both inputs (the batch), so neither needs transposing first.
        ///
        /// # Panics
        /// If a slice is shorter than its stated shape.
        pub fn gemm_tn(m: usize, n: usize, p: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
            $crate::cnn::kernels::drive::gemm_tn::<$tiles>(m, n, p, a, b, c);
        }

        /// "Same" convolution (stride 1, odd `ks`) of one image already padded by
        /// [`pad_image`](super::pad_image): `out[(y, x), o] += Σ padded[y+ky, x+kx, i] ·
        /// kernel[(ky, kx, i), o]`, with the kernel in Keras's `(ks, ks, c, n_out)` order and `out`
        /// NHWC (`h × w × n_out`), accumulated into.
        ///
        /// This is the im2col GEMM without materialising the patch matrix: a patch row for a fixed
        /// `ky` is one contiguous stretch of the padded image (`ks·c` values). Tiles of 4 pixels
        /// (consecutive in raster order) × 8 output channels keep their accumulators in registers
        /// across all `ks·ks·c` taps.
        ///
        /// # Panics
        /// If a slice is shorter than its shape, or `ks` is even.
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
            $crate::cnn::kernels::drive::conv_same_padded::<$tiles>(
                padded, h, w, c, ks, kernel, n_out, out,
            );
        }

        /// Kernel gradient of [`conv_same_padded`] for one image:
        /// `d_kernel[(ky, kx, i), o] += Σ_(y, x) padded[y+ky, x+kx, i] · d_out[(y, x), o]`
        /// (the im2col product `colsᵀ · dY`, again reading the patches straight from the padded
        /// image). Tiles are 4 consecutive taps × 8 output channels, summed over all pixels.
        ///
        /// # Panics
        /// If a slice is shorter than its shape, or `ks` is even.
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
            $crate::cnn::kernels::drive::conv_same_kernel_grad::<$tiles>(
                padded, h, w, c, ks, d_out, n_out, d_kernel,
            );
        }
    };
}

/// One twin's column tiling: each method computes the `R` rows of one tile for the output
/// columns `from..n` (`n` is also the row stride of the column-indexed operand and of the
/// output), accumulating into the output. Implementations must sum every output value in the
/// order documented in [`super`] ("Exactness"), which keeps the twins bit-identical.
pub(super) trait Strips {
    /// `c[r][j] += Σ_t a[r][t] · b[t·n + j]` for `j` in `from..n`; every `a[r]` has the
    /// reduction length.
    fn nn<const R: usize>(a: [&[f32]; R], b: &[f32], n: usize, from: usize, c: &mut [f32]);

    /// `c[r][j] += Σ_(t < p) a[t·lda + r] · b[t·n + j]` for `j` in `from..n`.
    #[allow(clippy::too_many_arguments)]
    fn tn<const R: usize>(
        p: usize,
        a: &[f32],
        lda: usize,
        b: &[f32],
        n: usize,
        from: usize,
        c: &mut [f32],
    );

    /// `out[r][j] += Σ padded[bases[r] + ky·g.row + t] · kernel[(ky·g.run + t)·n + j]`
    /// over `ky`, `t`, for `j` in `from..n`: `R` pixels of [`super::conv_same_padded`] (their
    /// outputs `n` apart).
    #[allow(clippy::too_many_arguments)]
    fn conv<const R: usize>(
        padded: &[f32],
        bases: [usize; R],
        g: Patch,
        kernel: &[f32],
        n: usize,
        from: usize,
        out: &mut [f32],
    );

    /// Whether one-channel images with whole tiles per row take
    /// [`Strips::conv_one_channel`] rather than the general walk: for a twin with a tile of
    /// its own for them (the general walk's own tiles run faster in the general walk).
    const ONE_CHANNEL_TILE: bool = false;

    /// [`super::conv_same_padded`] for a one-channel image (`g.run == g.ks`) with
    /// `w % MR == 0`: `out` is the whole output, rows of `w` pixels of `n` values. Its tiles
    /// are [`MR`] pixels side by side in an image row, pixel `r`'s patch starting at
    /// `padded[base + r]`: along a kernel row, pixel `r`'s tap `t` reads the value pixel
    /// `r + 1` read at tap `t - 1`. A twin's own tile may share those reads
    /// ([`Strips::ONE_CHANNEL_TILE`]); by default each tile is a general one.
    #[inline(always)]
    fn conv_one_channel(
        padded: &[f32],
        w: usize,
        g: Patch,
        kernel: &[f32],
        n: usize,
        out: &mut [f32],
    ) {
        for (y, out_row) in out.chunks_exact_mut(w * n).enumerate() {
            for (i, out_px) in out_row.chunks_exact_mut(MR * n).enumerate() {
                let base = y * g.row + i * MR;
                let bases = std::array::from_fn(|r| base + r);
                Self::conv::<MR>(padded, bases, g, kernel, n, 0, out_px);
            }
        }
    }

    /// `d_kernel[r][j] += Σ padded[firsts[r] + y·g.row + x·g.pixel] · d_out[(y·g.w + x)·n + j]`
    /// over `y`, `x` (in scan order), for `j` in `from..n`: `R` taps of
    /// [`super::conv_same_kernel_grad`] (their rows of `d_kernel` `n` apart).
    #[allow(clippy::too_many_arguments)]
    fn kernel_grad<const R: usize>(
        padded: &[f32],
        firsts: [usize; R],
        g: Image,
        d_out: &[f32],
        n: usize,
        from: usize,
        d_kernel: &mut [f32],
    );
}

/// Where a pixel's receptive field lies in a padded image: `ks` runs of `run = ks·c`
/// contiguous values, `row` apart.
#[derive(Clone, Copy)]
pub(super) struct Patch {
    pub(super) row: usize,
    pub(super) run: usize,
    pub(super) ks: usize,
}

/// An `h × w` output grid read from a padded image with the given row and pixel strides.
#[derive(Clone, Copy)]
pub(super) struct Image {
    pub(super) h: usize,
    pub(super) w: usize,
    pub(super) row: usize,
    pub(super) pixel: usize,
}

/// `C[m×n] += A[m×k] · B[k×n]`, all row-major and densely packed (see
/// [`super::scalar::gemm_nn`]).
pub(super) fn gemm_nn<S: Strips>(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
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
        S::nn::<MR>(rows, b, n, 0, c4);
    }
    for (a1, c1) in a_blocks
        .remainder()
        .chunks_exact(k)
        .zip(c_blocks.into_remainder().chunks_exact_mut(n))
    {
        S::nn::<1>([a1], b, n, 0, c1);
    }
}

/// `C[m×n] += Aᵀ · B` with `A` stored `[p×m]` and `B` `[p×n]` (see
/// [`super::scalar::gemm_tn`]).
pub(super) fn gemm_tn<S: Strips>(
    m: usize,
    n: usize,
    p: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
    if m == 0 || n == 0 || p == 0 {
        return;
    }
    let a = &a[..p * m];
    let b = &b[..p * n];
    let c = &mut c[..m * n];
    let mut i0 = 0;
    while i0 < m {
        let c_rows = &mut c[i0 * n..];
        if m - i0 >= MR {
            S::tn::<MR>(p, &a[i0..], m, b, n, 0, &mut c_rows[..MR * n]);
            i0 += MR;
        } else {
            S::tn::<1>(p, &a[i0..], m, b, n, 0, &mut c_rows[..n]);
            i0 += 1;
        }
    }
}

/// "Same" convolution of one padded image (see [`super::scalar::conv_same_padded`]).
///
/// Never inlined, so that the network and the kernel benchmark (`cnn::bench`) run the same
/// machine code: inlined into the benchmark, the caller's constants and register pressure
/// moved conv1's speed by up to 20% with no change to the kernel.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub(super) fn conv_same_padded<S: Strips>(
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
        run: ks * c,
        ks,
    };
    let pixels = h * w;
    let out = &mut out[..pixels * n_out];
    if S::ONE_CHANNEL_TILE && c == 1 && w % MR == 0 {
        conv_one_channel::<S>(padded, w, geom, kernel, n_out, out);
        return;
    }
    // Where the next pixel (raster order) starts in the padded image, `x` its column; stepped
    // without divisions (they cost as much as a small tile's arithmetic).
    let (mut x, mut at) = (0, 0);
    let next_base = |x: &mut usize, at: &mut usize| {
        let base = *at;
        *x += 1;
        *at += c;
        if *x == w {
            *x = 0;
            *at += row - w * c;
        }
        base
    };
    let mut p = 0;
    while p < pixels {
        if pixels - p >= MR {
            let bases: [usize; MR] = if x + MR <= w {
                // All in one image row (the usual case): `c` apart, no row change in between.
                let first = at;
                x += MR;
                at += MR * c;
                if x == w {
                    x = 0;
                    at += row - w * c;
                }
                std::array::from_fn(|i| first + i * c)
            } else {
                std::array::from_fn(|_| next_base(&mut x, &mut at))
            };
            let out_px = &mut out[p * n_out..(p + MR) * n_out];
            S::conv::<MR>(padded, bases, geom, kernel, n_out, 0, out_px);
            p += MR;
        } else {
            let out_px = &mut out[p * n_out..(p + 1) * n_out];
            S::conv::<1>(
                padded,
                [next_base(&mut x, &mut at)],
                geom,
                kernel,
                n_out,
                0,
                out_px,
            );
            p += 1;
        }
    }
}

/// [`conv_same_padded`] for one input channel and `w % MR == 0` (the first layer, 28
/// pixels wide) in a twin with a tile for it: [`Strips::conv_one_channel`].
///
/// A function of its own, never inlined, so that V8 allocates its registers apart from the
/// general walk's, which holds every tile shape: the simd128 twin's sliding window keeps 14
/// vector registers live across taps, and inside the general walk it measured slower than 4
/// broadcasts per tap.
#[inline(never)]
fn conv_one_channel<S: Strips>(
    padded: &[f32],
    w: usize,
    g: Patch,
    kernel: &[f32],
    n: usize,
    out: &mut [f32],
) {
    if w > 0 && n > 0 {
        S::conv_one_channel(padded, w, g, kernel, n, out);
    }
}

/// Kernel gradient of [`conv_same_padded`] for one image (see
/// [`super::scalar::conv_same_kernel_grad`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn conv_same_kernel_grad<S: Strips>(
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
    let d_kernel = &mut d_kernel[..ks * run * n_out];
    let shape = Image {
        h,
        w,
        row,
        pixel: c,
    };
    let taps = ks * run;
    // Where tap `t` (`(ky, kx, i)` order) of output pixel (0, 0) lies in the padded image.
    let first = |t: usize| (t / run) * row + t % run;
    let mut t0 = 0;
    while t0 < taps {
        if taps - t0 >= MR {
            let firsts: [usize; MR] = std::array::from_fn(|i| first(t0 + i));
            let d_rows = &mut d_kernel[t0 * n_out..(t0 + MR) * n_out];
            S::kernel_grad::<MR>(padded, firsts, shape, d_out, n_out, 0, d_rows);
            t0 += MR;
        } else {
            let d_rows = &mut d_kernel[t0 * n_out..(t0 + 1) * n_out];
            S::kernel_grad::<1>(padded, [first(t0)], shape, d_out, n_out, 0, d_rows);
            t0 += 1;
        }
    }
}
