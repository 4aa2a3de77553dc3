//! A tiny seeded generator for reproducible initialisation: same seed, same weights, on every
//! platform (native and wasm32), without a `rand` dependency.

/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit state, one add and two multiply-xorshift
/// rounds per output. Statistically good enough for weight initialisation and synthetic data,
/// and trivially portable, which is what reproducibility across builds needs.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// Any seed is fine, zero included (the increment moves the state away from it).
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 24 random bits, the full precision of an `f32` mantissa, so
    /// every value is exactly representable and no rounding can produce 1.0.
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Uniform in `[low, high)`, as Keras's `RandomUniform(minval, maxval)`.
    pub fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.next_f32()
    }

    /// Uniform integer in `0..n` (tiny modulo bias, irrelevant for shuffling test data).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Fills `weights` like Keras's default `GlorotUniform`: uniform in `±sqrt(6 / (fan_in +
/// fan_out))`. Keeping the activations' variance roughly constant across layers is what lets
/// the default network train from the first step without tuning.
pub fn glorot_uniform(weights: &mut [f32], fan_in: usize, fan_out: usize, rng: &mut SplitMix64) {
    let limit = (6.0 / (fan_in + fan_out) as f64).sqrt() as f32;
    for w in weights {
        *w = rng.uniform(-limit, limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs of the reference C implementation seeded with 0.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn glorot_uniform_stays_in_its_limit_with_the_right_spread() {
        let mut rng = SplitMix64::new(9);
        let mut w = vec![0.0f32; 20_000];
        // A 5×5 conv from 8 to 16 channels: fans 200 and 400.
        glorot_uniform(&mut w, 200, 400, &mut rng);
        let limit = (6.0f32 / 600.0).sqrt();
        assert!(w.iter().all(|&v| v.abs() <= limit));
        let mean = w.iter().map(|&v| f64::from(v)).sum::<f64>() / w.len() as f64;
        let var = w
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / w.len() as f64;
        let expected_var = f64::from(limit * limit) / 3.0;
        assert!(mean.abs() < 0.01 * f64::from(limit), "mean {mean}");
        assert!(
            (var / expected_var - 1.0).abs() < 0.05,
            "var {var} vs {expected_var}"
        );
    }
}
