//! Any JSON text as a `runTrajectory` configuration: an error naming a field, or a run whose
//! points are all finite (divergence is reported, never returned as NaN).
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::plane::trajectory::{run_trajectory, TrajectoryConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut config) = TrajectoryConfig::from_json(text) else {
        return;
    };
    // Long runs are valid but slow; the fuzzer looks for panics, not for patience.
    config.steps = config.steps.min(500);
    match run_trajectory(&config) {
        Ok(t) => {
            assert!(t.x.iter().chain(&t.y).chain(&t.loss).all(|v| v.is_finite()));
            assert_eq!(t.x.len(), t.y.len());
            if t.diverged_at.is_none() {
                assert_eq!(t.x.len() as u64, config.steps + 1);
            }
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
