//! Any bytes as the MNIST asset: a parsed dataset whose counts match its size, or a specific
//! error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use optimizer_playground::cnn::mnist::Dataset;

fuzz_target!(|data: &[u8]| {
    if let Ok(ds) = Dataset::parse(data) {
        let (train, test) = (ds.train(), ds.test());
        assert_eq!(train.images().len(), train.len() * 784);
        assert_eq!(test.labels().len(), test.len());
        assert!(train.labels().iter().chain(test.labels()).all(|&l| l < 10));
    }
});
