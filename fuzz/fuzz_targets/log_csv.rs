//! Any bytes read as a training log named `training.csv` (the CSVLogger reader): the reader returns a log or an error, never panics, and every series has one step per value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::training_log::read_training_log;

fuzz_target!(|data: &[u8]| {
    let bytes = [b"epoch,".as_slice(), data].concat();
    if let Ok(log) = read_training_log(&bytes, "training.csv") {
        for s in &log.series {
            assert_eq!(s.steps.len(), s.values.len());
        }
    }
});
