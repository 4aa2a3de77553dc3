//! Any text as pasted Keras code: `parse_keras_code` returns a result or a `ConfigError`, never
//! panics or hangs, and whatever optimizer it returns (and every other reading of it) passes the
//! core's validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::keras_code::parse_keras_code;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_keras_code(text) {
        Ok(parsed) => {
            if let Some(optimizer) = &parsed.optimizer {
                assert!(optimizer.resolve().is_ok(), "{optimizer:?}");
            }
            assert!(parsed.optimizer.is_some() || parsed.alternatives.is_empty());
            for alt in &parsed.alternatives {
                assert!(alt.optimizer.resolve().is_ok(), "{:?}", alt.optimizer);
            }
            assert!(parsed.ignored.len() <= 201);
        }
        Err(e) => assert_eq!(e.field, "code"),
    }
});
