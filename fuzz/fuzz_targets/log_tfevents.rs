//! Any bytes read as a training log through the event-file reader (TFRecord framing and protobufs), in chunks of any size: the reader returns a log or an error, never panics, and every series has one step per value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::training_log::{read_training_log, LogReader};

fuzz_target!(|data: &[u8]| {
    // A valid first record (a TF 1 file's version event) makes the reader take the event-file
    // path; the fuzzer's bytes follow, pushed in chunks whose sizes the first byte chooses.
    const FILE: &[u8] = include_bytes!(
        "../../tests/data/training_logs/tf1-simple-value/events.out.tfevents.fixture.v1"
    );
    let first = 16 + u64::from_le_bytes(FILE[..8].try_into().unwrap()) as usize;
    let bytes = &FILE[..first];
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut reader = LogReader::new("logs/train/events.out.tfevents.1.host");
    let whole = [bytes, data].concat();
    for part in whole.chunks(chunk) {
        reader.push(part);
    }
    let chunked = reader.finish();
    let at_once = read_training_log(&whole, "logs/train/events.out.tfevents.1.host");
    // Debug text, so that a NaN value compares equal to itself.
    assert_eq!(format!("{chunked:?}"), format!("{at_once:?}"), "chunks change nothing");
    if let Ok(log) = chunked {
        for s in &log.series {
            assert_eq!(s.steps.len(), s.values.len());
        }
    }
});
