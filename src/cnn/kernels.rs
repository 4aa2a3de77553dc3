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
/// passes) or zeros. This one kernel serves the conv forward pass (`cols · W`), the conv input
/// gradient (`dY · Wᵀ`) and both Dense passes.
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
/// This is the weight-gradient product (`colsᵀ · dY` for a conv, `Xᵀ · dY` for Dense): the
/// reduction runs over the rows of both inputs, so neither needs transposing first.
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
    for ((((&x0, &x1), &x2), &x3), b_row) in
        a0.iter().zip(a1).zip(a2).zip(&a3[..k]).zip(b.chunks(ldb))
    {
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        for j in 0..W {
            acc[0][j] += x0 * bv[j];
            acc[1][j] += x1 * bv[j];
            acc[2][j] += x2 * bv[j];
            acc[3][j] += x3 * bv[j];
        }
    }
    for (c_row, acc_row) in c4.chunks_mut(ldb).zip(&acc) {
        for (c, a) in c_row[..W].iter_mut().zip(acc_row) {
            *c += a;
        }
    }
}

/// One row of `A` times a `k × W` strip of `B`: the `m % 4` leftover rows of [`gemm_nn`].
#[inline(always)]
fn nn_tile1<const W: usize>(k: usize, a1: &[f32], b: &[f32], ldb: usize, c1: &mut [f32]) {
    let mut acc = [0.0f32; W];
    for (&x, b_row) in a1[..k].iter().zip(b.chunks(ldb)) {
        let bv: &[f32; W] = b_row[..W].try_into().expect("tile inside B");
        for j in 0..W {
            acc[j] += x * bv[j];
        }
    }
    for (c, a) in c1[..W].iter_mut().zip(&acc) {
        *c += a;
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

/// Unrolls the "same"-padded `ks × ks` neighbourhoods of one NHWC image into the rows of
/// `cols` (`[h·w] × [ks·ks·c]`, inner order `(ky, kx, channel)`), zero outside the image.
///
/// The inner order matches Keras's `(kh, kw, in, out)` kernel layout, so the convolution is a
/// single [`gemm_nn`] of `cols` with the kernel viewed as `[ks·ks·c] × out`. For a fixed `ky`
/// the `kx` run is one contiguous stretch of the input row, so each copy is a memcpy.
///
/// # Panics
/// If `ks` is even or a slice is shorter than its shape.
pub fn im2col_same(input: &[f32], h: usize, w: usize, c: usize, ks: usize, cols: &mut [f32]) {
    assert!(ks % 2 == 1, "odd kernel sizes only");
    let r = ks / 2;
    let run = ks * c;
    let k_dim = ks * run;
    let input = &input[..h * w * c];
    let mut rows = cols[..h * w * k_dim].chunks_exact_mut(k_dim);
    for oy in 0..h {
        for ox in 0..w {
            let row = rows.next().expect("one cols row per pixel");
            let (kx_lo, kx_hi) = valid_taps(ox, w, ks);
            for (ky, seg) in row.chunks_exact_mut(run).enumerate() {
                match (oy + ky).checked_sub(r).filter(|&iy| iy < h) {
                    None => zero_run(seg),
                    Some(iy) => {
                        let start = (iy * w + ox + kx_lo - r) * c;
                        let len = (kx_hi - kx_lo) * c;
                        zero_run(&mut seg[..kx_lo * c]);
                        copy_run(&mut seg[kx_lo * c..kx_hi * c], &input[start..start + len]);
                        zero_run(&mut seg[kx_hi * c..]);
                    }
                }
            }
        }
    }
}

/// The adjoint of [`im2col_same`]: adds each row of `cols` back onto the input pixels it was
/// copied from (`d_input` is accumulated into, not overwritten; padding taps are dropped).
///
/// # Panics
/// If `ks` is even or a slice is shorter than its shape.
pub fn col2im_same_add(cols: &[f32], h: usize, w: usize, c: usize, ks: usize, d_input: &mut [f32]) {
    assert!(ks % 2 == 1, "odd kernel sizes only");
    let r = ks / 2;
    let run = ks * c;
    let k_dim = ks * run;
    let d_input = &mut d_input[..h * w * c];
    let mut rows = cols[..h * w * k_dim].chunks_exact(k_dim);
    for oy in 0..h {
        for ox in 0..w {
            let row = rows.next().expect("one cols row per pixel");
            let (kx_lo, kx_hi) = valid_taps(ox, w, ks);
            for (ky, seg) in row.chunks_exact(run).enumerate() {
                if let Some(iy) = (oy + ky).checked_sub(r).filter(|&iy| iy < h) {
                    let start = (iy * w + ox + kx_lo - r) * c;
                    let len = (kx_hi - kx_lo) * c;
                    for (d, &s) in d_input[start..start + len]
                        .iter_mut()
                        .zip(&seg[kx_lo * c..kx_hi * c])
                    {
                        *d += s;
                    }
                }
            }
        }
    }
}

/// `dst ← src` for the short runs of im2col (5 floats for a 5×5 kernel on one channel), as
/// inline 4-wide moves: a `memcpy` call per run costs more than the copy itself.
#[inline(always)]
fn copy_run(dst: &mut [f32], src: &[f32]) {
    let mut d = dst.chunks_exact_mut(4);
    let mut s = src.chunks_exact(4);
    for (d4, s4) in (&mut d).zip(&mut s) {
        let v: [f32; 4] = s4.try_into().expect("4-wide chunk");
        d4.copy_from_slice(&v);
    }
    for (x, &y) in d.into_remainder().iter_mut().zip(s.remainder()) {
        *x = y;
    }
}

/// `dst ← 0` for short runs, inline for the same reason as [`copy_run`].
#[inline(always)]
fn zero_run(dst: &mut [f32]) {
    let mut d = dst.chunks_exact_mut(4);
    for d4 in &mut d {
        d4.copy_from_slice(&[0.0; 4]);
    }
    for x in d.into_remainder() {
        *x = 0.0;
    }
}

/// The kernel columns `kx_lo..kx_hi` whose input column `ox + kx - ks/2` lies inside `0..w`.
#[inline]
fn valid_taps(ox: usize, w: usize, ks: usize) -> (usize, usize) {
    let r = ks / 2;
    let lo = r.saturating_sub(ox);
    let hi = ks.min(w + r - ox);
    (lo, hi)
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
    for (g, &v) in d.iter_mut().zip(y) {
        if v <= 0.0 {
            *g = 0.0;
        }
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

    #[test]
    fn im2col_places_taps_and_zero_padding() {
        // 2×3 image, 2 channels, value = 100·y + 10·x + ch; kernel 3.
        let (h, w, c, ks) = (2, 3, 2, 3);
        let input: Vec<f32> = (0..h * w * c)
            .map(|i| (100 * (i / (w * c)) + 10 * ((i / c) % w) + i % c) as f32)
            .collect();
        let k_dim = ks * ks * c;
        let mut cols = vec![f32::NAN; h * w * k_dim];
        im2col_same(&input, h, w, c, ks, &mut cols);
        for oy in 0..h {
            for ox in 0..w {
                for ky in 0..ks {
                    for kx in 0..ks {
                        for ch in 0..c {
                            let got = cols[(oy * w + ox) * k_dim + (ky * ks + kx) * c + ch];
                            let (iy, ix) =
                                (oy as isize + ky as isize - 1, ox as isize + kx as isize - 1);
                            let want = if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                                0.0
                            } else {
                                (100 * iy + 10 * ix) as f32 + ch as f32
                            };
                            assert_eq!(got, want, "pixel ({oy},{ox}) tap ({ky},{kx},{ch})");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn col2im_is_the_adjoint_of_im2col() {
        // <im2col(x), y> == <x, col2im(y)> for random x, y.
        let mut rng = SplitMix64::new(5);
        let (h, w, c, ks) = (5, 4, 3, 5);
        let k_dim = ks * ks * c;
        let x = random(h * w * c, &mut rng);
        let y = random(h * w * k_dim, &mut rng);
        let mut cols = vec![0.0; h * w * k_dim];
        im2col_same(&x, h, w, c, ks, &mut cols);
        let mut back = vec![0.0; h * w * c];
        col2im_same_add(&y, h, w, c, ks, &mut back);
        let lhs: f64 = cols
            .iter()
            .zip(&y)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        let rhs: f64 = x
            .iter()
            .zip(&back)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        assert!((lhs - rhs).abs() < 1e-4, "{lhs} vs {rhs}");
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
