//! The `simd128` twin of [`F32x4`]: one wasm `v128` holding four `f32` lanes. Compiled only
//! with `-C target-feature=+simd128` on `wasm32`; `scalar.rs` is the twin with the same
//! signatures for every other build.
//!
//! Every arithmetic operation here is a single IEEE-754 binary32 operation per lane
//! (`f32x4.add/sub/mul/div/sqrt` are correctly rounded, exactly like the scalar `f32.add` …),
//! so a formula written once over [`F32x4`] gives bit-identical lanes to the same formula over
//! `f32`, as long as the operation order is the same (it is: it is the same source).
//!
//! # Safety
//!
//! The only `unsafe` operations are the wasm loads and stores, and they are wrapped in safe
//! functions that take `&[f32; 4]` / `&mut [f32; 4]` or `&[u8; 16]` (the borrow guarantees the
//! 16 bytes), or a slice of 1 to 3 values for the `_prefix` forms, which read or write only
//! that many lanes; wasm's loads and stores accept any alignment. Every other intrinsic used is a
//! safe function (pure lane arithmetic, enabled at compile time by `+simd128`).

use core::arch::wasm32::{
    f32x4, f32x4_abs, f32x4_add, f32x4_convert_u32x4, f32x4_div, f32x4_eq, f32x4_extract_lane,
    f32x4_gt, f32x4_lt, f32x4_mul, f32x4_neg, f32x4_replace_lane, f32x4_splat, f32x4_sqrt,
    f32x4_sub, i32x4_bitmask, u16x8_extend_high_u8x16, u16x8_extend_low_u8x16,
    u32x4_extend_high_u16x8, u32x4_extend_low_u16x8, u32x4_splat, v128, v128_and, v128_bitselect,
    v128_load, v128_load32_zero, v128_load64_zero, v128_store, v128_store32_lane,
    v128_store64_lane,
};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Four `f32` lanes in one `v128`.
#[derive(Clone, Copy)]
pub struct F32x4(v128);

impl F32x4 {
    /// All four lanes set to `v`.
    #[inline(always)]
    pub fn splat(v: f32) -> Self {
        F32x4(f32x4_splat(v))
    }

    /// Lanes `a[0]..a[3]`.
    #[inline(always)]
    pub fn from_array(a: [f32; 4]) -> Self {
        F32x4(f32x4(a[0], a[1], a[2], a[3]))
    }

    /// Reads four lanes from `src`.
    #[inline(always)]
    pub fn load(src: &[f32; 4]) -> Self {
        // SAFETY: `src` is a valid, initialised `[f32; 4]`, exactly the 16 bytes a v128 load
        // reads; wasm `v128.load` has no alignment requirement (the alignment is only a hint).
        F32x4(unsafe { v128_load(src.as_ptr().cast::<v128>()) })
    }

    /// Writes the four lanes to `out`.
    #[inline(always)]
    pub fn store(self, out: &mut [f32; 4]) {
        // SAFETY: `out` is a valid, exclusively borrowed `[f32; 4]`: 16 writable bytes, exactly
        // what `v128.store` writes; wasm imposes no alignment requirement on it.
        unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), self.0) }
    }

    /// Four lanes from 16 bytes: lane `k` of vector `v` is `f32::from(src[4·v + k])` (exact:
    /// every `u8` is a float, and `f32x4.convert_i32x4_u` of a value below 2²⁴ is exact).
    #[inline(always)]
    pub fn from_u8x16(src: &[u8; 16]) -> [Self; 4] {
        // SAFETY: `src` is a valid, initialised `[u8; 16]`, exactly the 16 bytes a v128 load
        // reads; wasm `v128.load` has no alignment requirement.
        let bytes = unsafe { v128_load(src.as_ptr().cast::<v128>()) };
        let (lo, hi) = (
            u16x8_extend_low_u8x16(bytes),
            u16x8_extend_high_u8x16(bytes),
        );
        [
            u32x4_extend_low_u16x8(lo),
            u32x4_extend_high_u16x8(lo),
            u32x4_extend_low_u16x8(hi),
            u32x4_extend_high_u16x8(hi),
        ]
        .map(|words| F32x4(f32x4_convert_u32x4(words)))
    }

    /// Lanes `0..src.len()` from `src` (1 to 3 values), the others 0: a row's last columns
    /// without reading past them (`v128.load32_zero` / `v128.load64_zero`).
    ///
    /// # Panics
    /// If `src` is empty or longer than 3.
    #[inline(always)]
    pub fn load_prefix(src: &[f32]) -> Self {
        let p = src.as_ptr();
        match src.len() {
            // SAFETY: `src` holds one valid `f32`: the 4 bytes `v128.load32_zero` reads (wasm
            // loads have no alignment requirement).
            1 => F32x4(unsafe { v128_load32_zero(p.cast::<u32>()) }),
            // SAFETY: `src` holds two valid `f32`s: the 8 bytes `v128.load64_zero` reads.
            2 => F32x4(unsafe { v128_load64_zero(p.cast::<u64>()) }),
            3 => {
                // SAFETY: `src` holds three valid `f32`s; the first two are the 8 bytes read.
                let low = unsafe { v128_load64_zero(p.cast::<u64>()) };
                F32x4(f32x4_replace_lane::<2>(low, src[2]))
            }
            n => panic!("1 to 3 lanes, got {n}"),
        }
    }

    /// Writes lanes `0..out.len()` (1 to 3) to `out` (`v128.store32_lane` /
    /// `v128.store64_lane`).
    ///
    /// # Panics
    /// If `out` is empty or longer than 3.
    #[inline(always)]
    pub fn store_prefix(self, out: &mut [f32]) {
        let p = out.as_mut_ptr();
        match out.len() {
            // SAFETY: `out` is one writable `f32`: the 4 bytes `v128.store32_lane` writes.
            1 => unsafe { v128_store32_lane::<0>(self.0, p.cast::<u32>()) },
            // SAFETY: `out` is two writable `f32`s: the 8 bytes `v128.store64_lane` writes.
            2 => unsafe { v128_store64_lane::<0>(self.0, p.cast::<u64>()) },
            3 => {
                // SAFETY: `out` is three writable `f32`s; the first two are the 8 bytes written.
                unsafe { v128_store64_lane::<0>(self.0, p.cast::<u64>()) };
                out[2] = f32x4_extract_lane::<2>(self.0);
            }
            n => panic!("1 to 3 lanes, got {n}"),
        }
    }

    /// The lanes as an array.
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        let mut out = [0.0; 4];
        self.store(&mut out);
        out
    }

    /// Lane-wise square root (correctly rounded, like `f32::sqrt`).
    #[inline(always)]
    pub fn sqrt(self) -> Self {
        F32x4(f32x4_sqrt(self.0))
    }

    /// Lane-wise flush-to-zero, exactly `crate::simd::ftz` per lane: a subnormal lane becomes
    /// a zero of the same sign; NaN, infinities and normal numbers pass through.
    #[inline(always)]
    pub fn ftz(self) -> Self {
        let tiny = f32x4_lt(f32x4_abs(self.0), f32x4_splat(f32::MIN_POSITIVE));
        let signed_zero = v128_and(self.0, u32x4_splat(0x8000_0000));
        F32x4(v128_bitselect(signed_zero, self.0, tiny))
    }

    /// Per lane: `if sel > 0 { a } else { b }` (a NaN `sel` picks `b`).
    #[inline(always)]
    pub fn select_positive(sel: Self, a: Self, b: Self) -> Self {
        F32x4(v128_bitselect(a.0, b.0, f32x4_gt(sel.0, f32x4_splat(0.0))))
    }

    /// Bit `k` set where lane `k` is NaN or ±inf (`x - x` is 0 exactly for finite `x`).
    #[inline(always)]
    pub fn non_finite_bits(self) -> u8 {
        let finite = f32x4_eq(f32x4_sub(self.0, self.0), f32x4_splat(0.0));
        !i32x4_bitmask(finite) & 0xF
    }
}

impl Add for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        F32x4(f32x4_add(self.0, rhs.0))
    }
}

impl Sub for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        F32x4(f32x4_sub(self.0, rhs.0))
    }
}

impl Mul for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        F32x4(f32x4_mul(self.0, rhs.0))
    }
}

impl Div for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        F32x4(f32x4_div(self.0, rhs.0))
    }
}

impl Neg for F32x4 {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        F32x4(f32x4_neg(self.0))
    }
}
