//! The user-tunable shape of the default network.

use crate::ConfigError;
use serde::{Deserialize, Serialize};

/// Allowed filter counts per conv layer. The upper bound keeps a batch of 32 within about 11 MB
/// of buffers and a training step interactive in the browser.
pub const FILTERS: std::ops::RangeInclusive<usize> = 1..=32;
/// Allowed kernel sizes: odd (so "same" padding is symmetric, as in Keras) and at most 7 (a
/// 7×7 kernel already sees a quarter of the 14×14 second-layer map).
pub const KERNEL_SIZES: [usize; 4] = [1, 3, 5, 7];

/// Conv 1 → ReLU → MaxPool 2 → Conv 2 → ReLU → MaxPool 3 → Dense 10 → softmax, the ConvNetJS
/// MNIST demo adapted to 28×28 inputs; the fields are the knobs that demo exposes.
///
/// Deserialises from e.g. `{"conv1_filters": 8, "conv2_filters": 16, "kernel_size": 5,
/// "seed": 1}`; missing fields take the defaults, unknown fields are rejected so that a typo
/// is not silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Filters of the first conv layer, in [`FILTERS`]. Default 8.
    pub conv1_filters: usize,
    /// Filters of the second conv layer, in [`FILTERS`]. Default 16.
    pub conv2_filters: usize,
    /// Side of both conv kernels, one of [`KERNEL_SIZES`]. Default 5.
    pub kernel_size: usize,
    /// Seed of the Glorot-uniform initialisation: same seed, same initial weights.
    pub seed: u64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            conv1_filters: 8,
            conv2_filters: 16,
            kernel_size: 5,
            seed: 1,
        }
    }
}

impl NetworkConfig {
    /// Checks every field, naming the first bad one and its allowed values.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (field, value) in [
            ("conv1_filters", self.conv1_filters),
            ("conv2_filters", self.conv2_filters),
        ] {
            if !FILTERS.contains(&value) {
                return Err(ConfigError::new(
                    field,
                    format!(
                        "must be in {}..={}, got {value}",
                        FILTERS.start(),
                        FILTERS.end()
                    ),
                ));
            }
        }
        if !KERNEL_SIZES.contains(&self.kernel_size) {
            return Err(ConfigError::new(
                "kernel_size",
                format!("must be 1, 3, 5 or 7, got {}", self.kernel_size),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_convnetjs_shape_and_valid() {
        let c = NetworkConfig::default();
        assert_eq!(
            (c.conv1_filters, c.conv2_filters, c.kernel_size),
            (8, 16, 5)
        );
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn bad_fields_are_named_with_their_range() {
        let bad = |c: NetworkConfig| c.validate().unwrap_err().to_string();
        let d = NetworkConfig::default();
        assert_eq!(
            bad(NetworkConfig {
                conv1_filters: 0,
                ..d
            }),
            "conv1_filters: must be in 1..=32, got 0"
        );
        assert_eq!(
            bad(NetworkConfig {
                conv2_filters: 33,
                ..d
            }),
            "conv2_filters: must be in 1..=32, got 33"
        );
        assert_eq!(
            bad(NetworkConfig {
                kernel_size: 4,
                ..d
            }),
            "kernel_size: must be 1, 3, 5 or 7, got 4"
        );
        assert_eq!(
            bad(NetworkConfig {
                kernel_size: 9,
                ..d
            }),
            "kernel_size: must be 1, 3, 5 or 7, got 9"
        );
        for ok in [1, 3, 5, 7] {
            assert_eq!(
                NetworkConfig {
                    kernel_size: ok,
                    conv1_filters: 32,
                    conv2_filters: 1,
                    ..d
                }
                .validate(),
                Ok(())
            );
        }
    }

    #[test]
    fn deserialises_with_defaults_and_rejects_unknown_fields() {
        let c: NetworkConfig = serde_json::from_str(r#"{"conv2_filters": 4, "seed": 7}"#).unwrap();
        assert_eq!(
            c,
            NetworkConfig {
                conv2_filters: 4,
                seed: 7,
                ..NetworkConfig::default()
            }
        );
        let err = serde_json::from_str::<NetworkConfig>(r#"{"filters": 4}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `filters`"), "{err}");
    }
}
