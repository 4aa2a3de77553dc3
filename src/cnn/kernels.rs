//! The hot loops of the CNN as plain functions over contiguous `f32` slices.
//!
//! Everything here is scalar Rust written so that LLVM auto-vectorises it (fixed-width
//! accumulator tiles, iterators instead of indexing in inner loops) and so that each function
//! can get a wasm `simd128` twin with the same signature later. All image data is NHWC
//! (channels innermost), one image at a time; see [`crate::cnn`] for why.
//!
//! None of these functions allocate.

/// Rows of `C` computed together by the GEMM micro-kernels: 4 rows × [`NR`] columns of
/// accumulators (8 vector registers on 128-bit SIMD) stay in registers over the whole `k` loop.
const MR: usize = 4;
/// Columns of `C` per micro-kernel tile: two 128-bit vectors.
const NR: usize = 8;

/// Calls `$f::<W>(args…)` with the runtime width `$w` (1..=NR) turned into a constant, so each
/// tile width gets its own fully unrolled, register-resident accumulator array.
macro_rules! dispatch_width {
    ($w:expr, $f:ident $(::<$r:ident>)?, $($arg:expr),*) => {
        match $w {
            8 => $f::<$($r,)? 8>($($arg),*),
            7 => $f::<$($r,)? 7>($($arg),*),
            6 => $f::<$($r,)? 6>($($arg),*),
            5 => $f::<$($r,)? 5>($($arg),*),
            4 => $f::<$($r,)? 4>($($arg),*),
            3 => $f::<$($r,)? 3>($($arg),*),
            2 => $f::<$($r,)? 2>($($arg),*),
            _ => $f::<$($r,)? 1>($($arg),*),
        }
    };
}
/// A single-row tile height, named so that `dispatch_width!` can pass it through as an ident.
const ONE: usize = 1;

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
fn nn_tile4<const W: usize>(k: usize, a4: &[f32], b: &[f32], ldb: usize, c4: &mut [f32]) {
    let (a0, rest) = a4.split_at(k);
    let (a1, rest) = rest.split_at(k);
    let (a2, a3) = rest.split_at(k);
    let mut acc = [[0.0f32; W]; MR];
    accumulate4(&mut acc, [a0, a1, a2, &a3[..k]], b, ldb);
    add_tile(&acc, c4, ldb);
}

/// One row of `A` times a `k × W` strip of `B`: the `m % 4` leftover rows of [`gemm_nn`].
#[inline(always)]
fn nn_tile1<const W: usize>(k: usize, a1: &[f32], b: &[f32], ldb: usize, c1: &mut [f32]) {
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

/// Copies one `h × w × c` NHWC image into the middle of a `(h+2r) × (w+2r) × c` buffer with a
/// zero border of `r`, so the convolution loops below need no edge cases: "same" padding
/// becomes plain reads.
///
/// # Panics
/// If a slice is shorter than its shape.
pub fn pad_image(input: &[f32], h: usize, w: usize, c: usize, r: usize, padded: &mut [f32]) {
    let row = (w + 2 * r) * c;
    let padded = &mut padded[..(h + 2 * r) * row];
    padded.fill(0.0);
    for (src, dst) in input[..h * w * c]
        .chunks_exact(w * c)
        .zip(padded[r * row..].chunks_exact_mut(row))
    {
        dst[r * c..r * c + w * c].copy_from_slice(src);
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
struct Patch {
    row: usize,
    pixel: usize,
    run: usize,
    ks: usize,
}

/// 4 adjacent pixels (starting at `padded[base]`) × `W` output channels of
/// [`conv_same_padded`]. `b` is the kernel from the tile's first output channel on, with row
/// stride `ldb`; `out` the tile's first output value, pixels `ldb` apart.
#[inline(always)]
fn conv_tile4<const W: usize>(
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
fn conv_tile1<const W: usize>(
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
struct Image {
    h: usize,
    w: usize,
    row: usize,
    pixel: usize,
}

/// 4 taps × `W` output channels of [`conv_same_kernel_grad`]: for every output pixel, 4
/// contiguous padded values (the first at `padded[first]` for pixel (0, 0)) times `W`
/// gradient values (`d_out`, pixels `ldd` apart). Accumulators are named locals so they stay
/// in registers.
#[inline(always)]
fn kernel_grad_tile4<const W: usize>(
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
fn kernel_grad_tile1<const W: usize>(
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

/// Rearranges a `(ks, ks, c_in, c_out)` kernel into the `(ks, ks, c_out, c_in)` kernel of the
/// input-gradient convolution: spatially flipped, channels swapped. The input gradient of a
/// stride-1 "same" convolution is then the "same" convolution of the padded output gradient
/// with it, so [`conv_same_padded`] serves both passes.
pub fn flip_kernel(kernel: &[f32], ks: usize, c_in: usize, c_out: usize, flipped: &mut [f32]) {
    let taps = ks * ks;
    let flipped = &mut flipped[..taps * c_in * c_out];
    for (tap, block) in kernel[..taps * c_in * c_out]
        .chunks_exact(c_in * c_out)
        .enumerate()
    {
        let dst = &mut flipped[(taps - 1 - tap) * c_in * c_out..][..c_in * c_out];
        transpose(block, c_in, c_out, dst);
    }
}

/// Writes `bias` into every `bias.len()`-wide row of `out`, the starting value that the
/// accumulating GEMMs then add onto.
pub fn fill_rows(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        row.copy_from_slice(bias);
    }
}

/// Adds the column sums of `d_out` (rows of width `d_bias.len()`) into `d_bias`: the bias
/// gradient, since the bias is broadcast over every row.
pub fn add_column_sums(d_out: &[f32], d_bias: &mut [f32]) {
    for row in d_out.chunks_exact(d_bias.len()) {
        for (d, &g) in d_bias.iter_mut().zip(row) {
            *d += g;
        }
    }
}

/// ReLU in place. Keeping only the output is enough for the backward pass (`y > 0 ⇔ x > 0`).
pub fn relu_inplace(x: &mut [f32]) {
    for v in x {
        *v = v.max(0.0);
    }
}

/// ReLU backward in place: zeroes `d` wherever the forward output `y` was not positive (the
/// gradient at exactly 0 is taken as 0, as TensorFlow does).
pub fn relu_backward_inplace(y: &[f32], d: &mut [f32]) {
    // An unconditional select (not a conditional store) so that this vectorises.
    for (g, &v) in d.iter_mut().zip(y) {
        *g = if v > 0.0 { *g } else { 0.0 };
    }
}

/// Max pooling of one NHWC image with pool size and stride `p` and Keras "valid" padding:
/// the output is `(h/p) × (w/p) × c` (floor division; trailing rows/columns are never read).
///
/// `argmax` receives, per output value, the index into this image's input that won (the first
/// maximum in window scan order on ties), which is all the backward pass needs.
///
/// # Panics
/// If a slice is shorter than its shape.
#[allow(clippy::too_many_arguments)]
pub fn maxpool_forward(
    input: &[f32],
    h: usize,
    w: usize,
    c: usize,
    p: usize,
    output: &mut [f32],
    argmax: &mut [u32],
) {
    let (oh, ow) = (h / p, w / p);
    let input = &input[..h * w * c];
    let mut outs = output[..oh * ow * c].chunks_exact_mut(c);
    let mut args = argmax[..oh * ow * c].chunks_exact_mut(c);
    let full = c / 4 * 4;
    for oy in 0..oh {
        for ox in 0..ow {
            let out = outs.next().expect("one output pixel");
            let arg = args.next().expect("one argmax pixel");
            let first = ((oy * p) * w + ox * p) * c;
            for ch in (0..full).step_by(4) {
                pool_window::<4>(
                    input,
                    first + ch,
                    w * c,
                    c,
                    p,
                    &mut out[ch..],
                    &mut arg[ch..],
                );
            }
            for ch in full..c {
                pool_window::<1>(
                    input,
                    first + ch,
                    w * c,
                    c,
                    p,
                    &mut out[ch..],
                    &mut arg[ch..],
                );
            }
        }
    }
}

/// Max and first arg-max of `W` adjacent channels over one `p × p` window whose top-left value
/// is `input[first]` (`row` and `c` are the input's row and pixel strides). The running
/// maxima stay in registers and are written once; the selects are branch-free so they
/// vectorise.
#[inline(always)]
fn pool_window<const W: usize>(
    input: &[f32],
    first: usize,
    row: usize,
    c: usize,
    p: usize,
    out: &mut [f32],
    arg: &mut [u32],
) {
    let mut best: [f32; W] = input[first..first + W].try_into().expect("W channels");
    let mut at = [first as u32; W];
    for dy in 0..p {
        for dx in 0..p {
            let start = first + dy * row + dx * c;
            let v: &[f32; W] = input[start..start + W].try_into().expect("W channels");
            for j in 0..W {
                let better = v[j] > best[j];
                best[j] = if better { v[j] } else { best[j] };
                at[j] = if better { start as u32 } else { at[j] };
            }
        }
    }
    out[..W].copy_from_slice(&best);
    for (j, (a, &s)) in arg[..W].iter_mut().zip(&at).enumerate() {
        *a = s + j as u32;
    }
}

/// Max pooling backward for one image: `d_input` is overwritten with zeros and each output
/// gradient is routed to the input position recorded in `argmax`.
pub fn maxpool_backward(d_output: &[f32], argmax: &[u32], d_input: &mut [f32]) {
    d_input.fill(0.0);
    for (&g, &i) in d_output.iter().zip(argmax) {
        d_input[i as usize] += g;
    }
}

/// Stable softmax of one row of logits into `probs` (shifted by the row maximum so `exp`
/// cannot overflow). Returns `(logsumexp(logits), argmax)`; the cross-entropy of class `y` is
/// then `logsumexp - logits[y]`, which never takes the log of a rounded-to-zero probability.
/// The sum is accumulated in `f64`.
pub fn softmax_row(logits: &[f32], probs: &mut [f32]) -> (f64, usize) {
    let mut best = 0;
    for (i, &z) in logits.iter().enumerate() {
        if z > logits[best] {
            best = i;
        }
    }
    let max = logits[best];
    let mut sum = 0.0f64;
    for (p, &z) in probs.iter_mut().zip(logits) {
        let e = (z - max).exp();
        *p = e;
        sum += f64::from(e);
    }
    let inv = (1.0 / sum) as f32;
    for p in probs.iter_mut() {
        *p *= inv;
    }
    (f64::from(max) + sum.ln(), best)
}

/// Writes the transpose of the row-major `rows × cols` matrix `a` into `out` (`cols × rows`),
/// so that products with `Wᵀ` can reuse [`gemm_nn`]'s contiguous inner loop.
pub fn transpose(a: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    let out = &mut out[..rows * cols];
    for (r, row) in a[..rows * cols].chunks_exact(cols).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            out[c * rows + r] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cnn::rng::SplitMix64;

    fn random(n: usize, rng: &mut SplitMix64) -> Vec<f32> {
        (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
    }

    fn naive_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32]) -> Vec<f64> {
        let mut c = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for l in 0..k {
                    c[i * n + j] += f64::from(a[i * k + l]) * f64::from(b[l * n + j]);
                }
            }
        }
        c
    }

    #[test]
    fn gemm_nn_matches_naive_on_ragged_shapes() {
        let mut rng = SplitMix64::new(3);
        for &(m, n, k) in &[
            (1, 1, 1),
            (5, 3, 7),
            (4, 8, 16),
            (9, 17, 5),
            (13, 10, 33),
            (2, 25, 1),
        ] {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let start = random(m * n, &mut rng);
            let mut c = start.clone();
            gemm_nn(m, n, k, &a, &b, &mut c);
            let want = naive_nn(m, n, k, &a, &b);
            for i in 0..m * n {
                let expected = want[i] + f64::from(start[i]);
                assert!(
                    (f64::from(c[i]) - expected).abs() < 1e-5,
                    "({m},{n},{k}) at {i}"
                );
            }
        }
    }

    #[test]
    fn gemm_tn_matches_naive_on_ragged_shapes() {
        let mut rng = SplitMix64::new(4);
        for &(m, n, p) in &[
            (1, 1, 1),
            (5, 3, 7),
            (4, 8, 16),
            (9, 17, 5),
            (13, 10, 33),
            (7, 2, 1),
        ] {
            let a = random(p * m, &mut rng);
            let b = random(p * n, &mut rng);
            let mut at = vec![0.0; m * p];
            for r in 0..p {
                for i in 0..m {
                    at[i * p + r] = a[r * m + i];
                }
            }
            let mut c = vec![0.5; m * n];
            gemm_tn(m, n, p, &a, &b, &mut c);
            let want = naive_nn(m, n, p, &at, &b);
            for i in 0..m * n {
                assert!(
                    (f64::from(c[i]) - (want[i] + 0.5)).abs() < 1e-5,
                    "({m},{n},{p}) at {i}"
                );
            }
        }
    }

    /// Direct evaluation of a "same" convolution in f64, for comparison.
    fn naive_conv(
        x: &[f32],
        h: usize,
        w: usize,
        c: usize,
        ks: usize,
        k: &[f32],
        n: usize,
    ) -> Vec<f64> {
        let r = ks as isize / 2;
        let mut out = vec![0.0f64; h * w * n];
        for y in 0..h as isize {
            for xx in 0..w as isize {
                for ky in 0..ks as isize {
                    for kx in 0..ks as isize {
                        let (iy, ix) = (y + ky - r, xx + kx - r);
                        if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                            continue;
                        }
                        for i in 0..c {
                            let v = f64::from(x[(iy as usize * w + ix as usize) * c + i]);
                            for o in 0..n {
                                let wt = k[((ky as usize * ks + kx as usize) * c + i) * n + o];
                                out[(y as usize * w + xx as usize) * n + o] += v * f64::from(wt);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    const CONV_SHAPES: [(usize, usize, usize, usize, usize); 5] = [
        (5, 3, 2, 3, 3),
        (7, 9, 1, 8, 5),
        (4, 6, 3, 11, 1),
        (6, 5, 5, 17, 7),
        (14, 14, 8, 16, 5),
    ];

    #[test]
    fn conv_same_padded_matches_direct_convolution() {
        let mut rng = SplitMix64::new(6);
        for &(h, w, c, n, ks) in &CONV_SHAPES {
            let x = random(h * w * c, &mut rng);
            let k = random(ks * ks * c * n, &mut rng);
            let r = ks / 2;
            let mut padded = vec![f32::NAN; (h + 2 * r) * (w + 2 * r) * c];
            pad_image(&x, h, w, c, r, &mut padded);
            let mut out = vec![0.25; h * w * n];
            conv_same_padded(&padded, h, w, c, ks, &k, n, &mut out);
            let want = naive_conv(&x, h, w, c, ks, &k, n);
            for (i, (&got, &want)) in out.iter().zip(&want).enumerate() {
                assert!(
                    (f64::from(got) - 0.25 - want).abs() < 1e-4,
                    "{h}x{w}x{c}->{n} k{ks} at {i}"
                );
            }
        }
    }

    #[test]
    fn kernel_grad_and_flipped_kernel_are_the_adjoints_of_the_convolution() {
        // For out = conv(x, k): <out, g> = <k, kernel_grad(x, g)> = <x, conv(g, flip(k))>.
        let mut rng = SplitMix64::new(8);
        for &(h, w, c, n, ks) in &CONV_SHAPES {
            let r = ks / 2;
            let x = random(h * w * c, &mut rng);
            let k = random(ks * ks * c * n, &mut rng);
            let g = random(h * w * n, &mut rng);
            let out = naive_conv(&x, h, w, c, ks, &k, n);
            let out_dot_g: f64 = out.iter().zip(&g).map(|(&o, &g)| o * f64::from(g)).sum();

            let mut padded = vec![0.0; (h + 2 * r) * (w + 2 * r) * c];
            pad_image(&x, h, w, c, r, &mut padded);
            let mut dk = vec![0.0; k.len()];
            conv_same_kernel_grad(&padded, h, w, c, ks, &g, n, &mut dk);
            let k_dot: f64 = k
                .iter()
                .zip(&dk)
                .map(|(&a, &b)| f64::from(a) * f64::from(b))
                .sum();
            assert!(
                (k_dot - out_dot_g).abs() < 1e-3,
                "kernel grad {h}x{w}x{c}->{n} k{ks}"
            );

            let mut flipped = vec![0.0; k.len()];
            flip_kernel(&k, ks, c, n, &mut flipped);
            let mut padded_g = vec![0.0; (h + 2 * r) * (w + 2 * r) * n];
            pad_image(&g, h, w, n, r, &mut padded_g);
            let mut dx = vec![0.0; x.len()];
            conv_same_padded(&padded_g, h, w, n, ks, &flipped, c, &mut dx);
            let x_dot: f64 = x
                .iter()
                .zip(&dx)
                .map(|(&a, &b)| f64::from(a) * f64::from(b))
                .sum();
            assert!(
                (x_dot - out_dot_g).abs() < 1e-3,
                "input grad {h}x{w}x{c}->{n} k{ks}"
            );
        }
    }

    #[test]
    fn maxpool_uses_floor_division_and_records_winners() {
        // 7×5 single-channel image, pool 3 → 2×1; rows 6 and columns 3..5 are never read.
        let (h, w, p) = (7, 5, 3);
        let mut input: Vec<f32> = (0..h * w).map(|i| -(i as f32)).collect();
        input[6 * w] = 1000.0; // row 6: dropped by "valid" padding
        input[w + 2] = 50.0; // inside the first window
        let mut out = vec![0.0; 2];
        let mut arg = vec![0u32; 2];
        maxpool_forward(&input, h, w, 1, p, &mut out, &mut arg);
        assert_eq!(out, vec![50.0, -15.0]);
        assert_eq!(arg, vec![(w + 2) as u32, 15]);
        let mut d_in = vec![9.0; h * w];
        maxpool_backward(&[1.5, -2.0], &arg, &mut d_in);
        assert_eq!(d_in.iter().filter(|&&g| g != 0.0).count(), 2);
        assert_eq!((d_in[w + 2], d_in[15]), (1.5, -2.0));
    }

    #[test]
    fn softmax_is_stable_for_huge_logits() {
        let mut probs = [0.0; 3];
        let (lse, best) = softmax_row(&[1000.0, 0.0, -1000.0], &mut probs);
        assert_eq!(best, 0);
        // Cross-entropy of class 1 is logsumexp - z[1] = 1000, not inf.
        assert!((lse - 1000.0).abs() < 1e-9, "{lse}");
        assert_eq!(probs, [1.0, 0.0, 0.0]);
        let (lse, _) = softmax_row(&[0.0, 0.0], &mut probs[..2]);
        assert!((lse - std::f64::consts::LN_2).abs() < 1e-7);
        assert_eq!(&probs[..2], &[0.5, 0.5]);
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let mut t = [0.0; 6];
        transpose(&a, 2, 3, &mut t);
        assert_eq!(t, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
