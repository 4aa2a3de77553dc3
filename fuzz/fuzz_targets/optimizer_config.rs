//! Any JSON text as an optimizer configuration: parsing, validation, the lr table and a few
//! updates must return a value or a `ConfigError`, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::optim::{lr_schedule, OptimizerConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = OptimizerConfig::from_json(text) else {
        return;
    };
    if let Ok(table) = lr_schedule(&config, 64, Some(7)) {
        assert_eq!(table.per_step.len(), 64);
        assert_eq!(table.per_epoch.len(), 10);
    }
    if let Ok(mut optimizer) = config.build(3) {
        let mut params = [1.0f32, -2.0, 0.5];
        for k in 0..16 {
            let info = optimizer.apply_gradients(&mut params, &[0.3, -1.0, 2.0]);
            assert_eq!(info.iteration, k);
        }
        assert_eq!(optimizer.iterations(), 16);
    }
});
