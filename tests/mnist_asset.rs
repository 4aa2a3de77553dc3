//! The committed MNIST asset parses, has the documented split, and every corruption is
//! reported by its specific error. Runs natively (`cargo test`) and on wasm32.

use optimizer_playground::cnn::mnist::{
    fnv1a32, Dataset, DatasetError, Split, HEADER_LEN, IMAGE_PIXELS, NUM_CLASSES,
};

static ASSET: &[u8] = include_bytes!("../www/data/mnist-10k.bin");

/// Per-class counts documented in `scripts/build-mnist-asset.mjs`.
const TRAIN_PER_CLASS: [usize; 10] = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782];
const TEST_PER_CLASS: [usize; 10] = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];

/// Rewrites the checksum so that a deliberate body edit reaches the later checks.
fn reseal(bytes: &mut [u8]) {
    let sum = fnv1a32(&bytes[HEADER_LEN..]);
    bytes[24..28].copy_from_slice(&sum.to_le_bytes());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn real_asset_has_the_documented_split() {
    assert_eq!(ASSET.len(), HEADER_LEN + 785 * 10_000);
    let d = Dataset::parse(ASSET).expect("committed asset parses");
    assert_eq!(d.train().len(), 8000);
    assert_eq!(d.test().len(), 2000);
    assert_eq!(d.train().images().len(), 8000 * IMAGE_PIXELS);
    assert_eq!(d.test().images().len(), 2000 * IMAGE_PIXELS);
    assert_eq!(d.train().class_counts(), TRAIN_PER_CLASS);
    assert_eq!(d.test().class_counts(), TEST_PER_CLASS);
    // Stratified: every class is 80% ± one image in training.
    for c in 0..NUM_CLASSES {
        let n = TRAIN_PER_CLASS[c] + TEST_PER_CLASS[c];
        assert!(TRAIN_PER_CLASS[c].abs_diff(n * 4 / 5) <= 1, "class {c}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn real_asset_is_shuffled_so_batches_mix_classes() {
    let d = Dataset::parse(ASSET).unwrap();
    for split in [Split::Train, Split::Test] {
        let labels = d.split(split).labels();
        for batch in labels.chunks(64).take(20) {
            let mut seen = [false; NUM_CLASSES];
            batch.iter().for_each(|&l| seen[usize::from(l)] = true);
            let distinct = seen.iter().filter(|&&s| s).count();
            assert!(distinct >= 8, "{split} batch has only {distinct} classes");
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn real_pixels_look_like_digits() {
    let d = Dataset::parse(ASSET).unwrap();
    for split in [Split::Train, Split::Test] {
        let s = d.split(split);
        for i in 0..s.len() {
            let img = s.image(i);
            // MNIST digits are centred: a dark border, some full-intensity ink.
            assert_eq!(img[0], 0, "{split} {i}");
            assert_eq!(img[IMAGE_PIXELS - 1], 0, "{split} {i}");
            let ink = img.iter().filter(|&&p| p > 127).count();
            assert!((20..500).contains(&ink), "{split} {i}: {ink} ink pixels");
            assert!(img.iter().any(|&p| p >= 250), "{split} {i}");
        }
    }
    let mut out = vec![0.0f32; 32 * IMAGE_PIXELS];
    let mut labels = [0u8; 32];
    d.test()
        .batch_range_f32(100, 32, &mut out, &mut labels)
        .unwrap();
    assert!(out.iter().all(|v| (0.0..=1.0).contains(v)));
    assert_eq!(labels, d.test().labels()[100..132]);
    assert_eq!(
        out[5 * IMAGE_PIXELS + 400],
        f32::from(d.test().image(105)[400]) / 255.0
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn truncation_is_a_size_error() {
    let cut = &ASSET[..ASSET.len() - 1];
    let err = Dataset::parse(cut).unwrap_err();
    assert_eq!(
        err,
        DatasetError::WrongSize {
            train_count: 8000,
            test_count: 2000,
            expected: ASSET.len() as u64,
            actual: ASSET.len() - 1
        }
    );
    assert_eq!(
        err.to_string(),
        "wrong size: 8000 train + 2000 test images need 7850028 bytes, got 7850027"
    );
    let err = Dataset::parse(&ASSET[..27]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "too short: expected at least 28 bytes (the header), got 27"
    );
    assert!(matches!(
        Dataset::parse(&[]),
        Err(DatasetError::TooShort { actual: 0, .. })
    ));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn flipped_byte_is_a_checksum_error() {
    let mut bytes = ASSET.to_vec();
    bytes[HEADER_LEN + 1234] ^= 0x40;
    let err = Dataset::parse(&bytes).unwrap_err();
    assert!(
        matches!(err, DatasetError::ChecksumMismatch { stored, computed } if stored != computed),
        "{err}"
    );
    assert!(err
        .to_string()
        .starts_with("checksum mismatch: header says 0x"));
    // The same for the very last byte (a test label).
    let mut bytes = ASSET.to_vec();
    *bytes.last_mut().unwrap() ^= 1;
    assert!(matches!(
        Dataset::parse(&bytes),
        Err(DatasetError::ChecksumMismatch { .. })
    ));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_magic_is_reported() {
    let mut bytes = ASSET.to_vec();
    bytes[..8].copy_from_slice(b"MNIST60K");
    let err = Dataset::parse(&bytes).unwrap_err();
    assert_eq!(
        err,
        DatasetError::BadMagic {
            found: *b"MNIST60K"
        }
    );
    assert_eq!(
        err.to_string(),
        "wrong magic: expected \"MNIST10K\", got \"MNIST60K\""
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wrong_version_and_shape_are_reported() {
    let mut bytes = ASSET.to_vec();
    bytes[8..10].copy_from_slice(&2u16.to_le_bytes());
    let err = Dataset::parse(&bytes).unwrap_err();
    assert_eq!(err, DatasetError::UnsupportedVersion { found: 2 });
    assert_eq!(
        err.to_string(),
        "unsupported format version: expected 1, got 2"
    );

    let mut bytes = ASSET.to_vec();
    bytes[12..14].copy_from_slice(&32u16.to_le_bytes());
    let err = Dataset::parse(&bytes).unwrap_err();
    assert_eq!(err, DatasetError::BadShape { rows: 28, cols: 32 });
    assert_eq!(
        err.to_string(),
        "wrong image shape: expected 28x28, got 28x32"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn inconsistent_counts_are_a_size_error() {
    let mut bytes = ASSET.to_vec();
    bytes[20..24].copy_from_slice(&2001u32.to_le_bytes());
    let err = Dataset::parse(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            DatasetError::WrongSize { train_count: 8000, test_count: 2001, expected, actual }
                if expected == actual as u64 + 785
        ),
        "{err}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_label_is_reported_with_its_split_and_index() {
    let d = Dataset::parse(ASSET).unwrap();
    let train_labels_at = HEADER_LEN + d.train().len() * IMAGE_PIXELS;
    let test_labels_at = ASSET.len() - d.test().len();

    let mut bytes = ASSET.to_vec();
    bytes[train_labels_at + 17] = 10;
    reseal(&mut bytes);
    let err = Dataset::parse(&bytes).unwrap_err();
    assert_eq!(
        err,
        DatasetError::BadLabel {
            split: Split::Train,
            index: 17,
            label: 10
        }
    );
    assert_eq!(
        err.to_string(),
        "bad label: train label 17 is 10, expected 0..=9"
    );

    let mut bytes = ASSET.to_vec();
    bytes[test_labels_at + 1999] = 255;
    reseal(&mut bytes);
    assert_eq!(
        Dataset::parse(&bytes).unwrap_err().to_string(),
        "bad label: test label 1999 is 255, expected 0..=9"
    );
}
