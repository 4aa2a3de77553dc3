//! The scalar transcendental functions, as TensorFlow's CPU kernels compute them in float32.
//!
//! TensorFlow evaluates `tf.pow` / `tf.cos` on scalar float32 tensors with the C library's
//! `powf` / `cosf` / `logf` and runs with denormals flushed to zero. [`crate::libm`] computes
//! glibc's bits for these on every target (natively and in wasm), so these helpers are bit-exact
//! with TensorFlow on Linux x86-64.

use std::cell::RefCell;

use crate::simd::ftz;
use std::sync::Arc;

/// Largest `t` kept in the [`beta_power`] memo (2^16 powers, 256 KiB per beta).
const POWER_MEMO_LIMIT: u64 = 1 << 16;
/// Distinct betas kept in the [`beta_power`] memo.
const POWER_MEMO_BETAS: usize = 8;

thread_local! {
    static POWERS: RefCell<Vec<(u32, Vec<f32>)>> = const { RefCell::new(Vec::new()) };
}

/// `beta^t` exactly as [`kpow`]`(beta, t as f32)` computes it (Keras's `tf.pow(beta,
/// float(iterations + 1))`), memoized per `beta`: the playground recomputes whole trajectories
/// every frame, and after the first one the two `powf` calls of each Adam step become table
/// lookups. Bit-identical to calling [`kpow`] (the memo stores its results).
#[inline]
pub fn beta_power(beta: f32, t: u64) -> f32 {
    if t >= POWER_MEMO_LIMIT {
        return kpow(beta, t as f32);
    }
    POWERS.with(|memo| {
        let Ok(mut memo) = memo.try_borrow_mut() else {
            return kpow(beta, t as f32);
        };
        let bits = beta.to_bits();
        let idx = match memo.iter().position(|(b, _)| *b == bits) {
            Some(i) => i,
            None => {
                if memo.len() >= POWER_MEMO_BETAS {
                    memo.remove(0);
                }
                memo.push((bits, Vec::new()));
                memo.len() - 1
            }
        };
        let table = &mut memo[idx].1;
        while table.len() as u64 <= t {
            let k = table.len() as f32;
            table.push(kpow(beta, k));
        }
        table[t as usize]
    })
}

thread_local! {
    static POWER_TABLES: RefCell<Vec<(u32, Arc<[f32]>)>> = const { RefCell::new(Vec::new()) };
}

/// The whole table `beta^t` for `t` in `0..POWER_MEMO_LIMIT`, each entry exactly
/// [`kpow`]`(beta, t as f32)`, shared by every optimizer with this `beta`. An optimizer keeps
/// the `Arc` and reads its step's power with a bounds-checked index ([`power_from`]): no
/// thread-local lookup and no `powf` on the hot path of a trajectory.
pub fn beta_power_table(beta: f32) -> Arc<[f32]> {
    let bits = beta.to_bits();
    POWER_TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        if let Some((_, t)) = tables.iter().find(|(b, _)| *b == bits) {
            return Arc::clone(t);
        }
        let table: Arc<[f32]> = (0..POWER_MEMO_LIMIT)
            .map(|t| kpow(beta, t as f32))
            .collect();
        if tables.len() >= POWER_MEMO_BETAS {
            tables.remove(0);
        }
        tables.push((bits, Arc::clone(&table)));
        table
    })
}

/// `beta^t` from a [`beta_power_table`], or computed for `t` beyond it; bit-identical to
/// [`kpow`]`(beta, t as f32)` either way.
#[inline(always)]
pub fn power_from(table: &[f32], beta: f32, t: u64) -> f32 {
    match table.get(t as usize) {
        Some(&p) => p,
        None => kpow(beta, t as f32),
    }
}

/// `tf.pow(x, y)` in float32 (flushes a subnormal result to zero like TensorFlow's CPU kernels).
#[inline]
pub fn kpow(x: f32, y: f32) -> f32 {
    ftz(crate::libm::powf(x, y))
}

/// `tf.cos(x)` in float32 (flushes a subnormal result to zero).
#[inline]
pub fn kcos(x: f32) -> f32 {
    ftz(crate::libm::cosf(x))
}

/// `tf.math.log(x)` in float32 (glibc `logf`, like TensorFlow's CPU kernel on a scalar).
#[inline]
pub fn klog(x: f32) -> f32 {
    ftz(crate::libm::logf(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow_flushes_subnormals_like_tensorflow() {
        assert_eq!(kpow(0.5, 130.0), 0.0);
        assert_eq!(kpow(0.5, 126.0), 2f32.powi(-126));
        assert_eq!(kpow(0.9, 1.0), 0.9);
    }

    #[test]
    fn memoized_powers_are_bit_identical_to_powf() {
        for beta in [0.9f32, 0.999, 0.8, 0.5, 0.0, 0.99, 0.95, 0.85, 0.75, 0.3] {
            for t in (0..5000u64).chain([65_535, 65_536, 1_000_000]) {
                assert_eq!(
                    beta_power(beta, t).to_bits(),
                    kpow(beta, t as f32).to_bits(),
                    "{beta}^{t}"
                );
            }
        }
    }
}
