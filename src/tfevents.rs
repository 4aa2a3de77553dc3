//! TensorBoard event files (`events.out.tfevents.*`) written in pure Rust: the TFRecord framing
//! with masked CRC32C, and the few `Event` / `Summary` protobuf fields a scalar needs, encoded
//! by hand (no protobuf runtime, no dependency: the wasm stays small).
//!
//! A TFRecord is `u64 length (LE) | u32 masked_crc32c(length bytes) | data | u32
//! masked_crc32c(data)`. The first record of a file is an `Event` with `file_version =
//! "brain.Event:2"`; every scalar is an `Event { wall_time, step, summary { value { tag,
//! simple_value } } }`, which TensorBoard reads as a scalar (its `data_compat` turns
//! `simple_value` into the scalars plugin's form).
//!
//! [`TrainingLog`] is what a `model.fit` with the `EffectiveLearningRate` callback and Keras's
//! `TensorBoard` callback would log, and [`TrainingLog::to_tfevents`] writes it.

/// CRC32C (Castagnoli, reflected polynomial 0x82F63B78) lookup table, built at compile time.
const CRC32C_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC32C of `data` (`crc32c(b"123456789") == 0xE3069283`).
pub fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = CRC32C_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// TFRecord's masked CRC: `((crc >> 15) | (crc << 17)) + 0xa282ead8` (wrapping).
pub fn masked_crc32c(data: &[u8]) -> u32 {
    crc32c(data).rotate_right(15).wrapping_add(0xA282_EAD8)
}

/// Appends one TFRecord holding `data` to `out`.
pub fn write_record(out: &mut Vec<u8>, data: &[u8]) {
    let len = (data.len() as u64).to_le_bytes();
    out.extend_from_slice(&len);
    out.extend_from_slice(&masked_crc32c(&len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&masked_crc32c(data).to_le_bytes());
}

/// Why a byte string is not a well-formed TFRecord stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Byte offset of the bad record.
    pub offset: usize,
    /// What is wrong there.
    pub message: &'static str,
}

/// Splits a TFRecord stream into its records' data, checking both CRCs of each.
pub fn read_records(mut bytes: &[u8]) -> Result<Vec<&[u8]>, RecordError> {
    let mut records = Vec::new();
    let mut offset = 0;
    while !bytes.is_empty() {
        let err = |message| RecordError { offset, message };
        if bytes.len() < 12 {
            return Err(err("truncated header"));
        }
        let (len_bytes, rest) = bytes.split_at(8);
        let len_crc = u32::from_le_bytes(rest[..4].try_into().unwrap());
        if len_crc != masked_crc32c(len_bytes) {
            return Err(err("length CRC mismatch"));
        }
        let len = u64::from_le_bytes(len_bytes.try_into().unwrap());
        let rest = &rest[4..];
        let len = usize::try_from(len)
            .ok()
            .filter(|&n| n <= rest.len().saturating_sub(4))
            .ok_or_else(|| err("truncated data"))?;
        let (data, rest) = rest.split_at(len);
        let data_crc = u32::from_le_bytes(rest[..4].try_into().unwrap());
        if data_crc != masked_crc32c(data) {
            return Err(err("data CRC mismatch"));
        }
        records.push(data);
        offset += 16 + len;
        bytes = &rest[4..];
    }
    Ok(records)
}

// ---- a minimal protobuf encoder ----------------------------------------------------------

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u32, wire_type: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire_type));
}

fn field_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    key(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn field_f64(out: &mut Vec<u8>, field: u32, v: f64) {
    key(out, field, 1);
    out.extend_from_slice(&v.to_le_bytes());
}

fn field_f32(out: &mut Vec<u8>, field: u32, v: f32) {
    key(out, field, 5);
    out.extend_from_slice(&v.to_le_bytes());
}

fn field_i64(out: &mut Vec<u8>, field: u32, v: i64) {
    key(out, field, 0);
    varint(out, v as u64);
}

/// `Event { wall_time = 1; step = 2; file_version = 3 }`.
fn file_version_event(wall_time: f64) -> Vec<u8> {
    let mut e = Vec::new();
    field_f64(&mut e, 1, wall_time);
    field_bytes(&mut e, 3, b"brain.Event:2");
    e
}

/// `Event { wall_time = 1; step = 2; summary = 5 { value = 1 { tag = 1; simple_value = 2 } } }`.
fn scalar_event(wall_time: f64, step: i64, tag: &str, value: f32) -> Vec<u8> {
    let mut v = Vec::new();
    field_bytes(&mut v, 1, tag.as_bytes());
    field_f32(&mut v, 2, value);
    let mut summary = Vec::new();
    field_bytes(&mut summary, 1, &v);
    let mut e = Vec::new();
    field_f64(&mut e, 1, wall_time);
    if step != 0 {
        field_i64(&mut e, 2, step);
    }
    field_bytes(&mut e, 5, &summary);
    e
}

/// An event file being written in memory.
#[derive(Debug, Clone)]
pub struct EventWriter {
    bytes: Vec<u8>,
    wall_time: f64,
}

impl EventWriter {
    /// A file whose events all carry `wall_time` (seconds since the Unix epoch), starting with
    /// the `brain.Event:2` version record.
    pub fn new(wall_time: f64) -> Self {
        let mut bytes = Vec::new();
        write_record(&mut bytes, &file_version_event(wall_time));
        Self { bytes, wall_time }
    }

    /// One scalar (`tf.summary.scalar(tag, value, step=step)`).
    pub fn scalar(&mut self, tag: &str, step: u64, value: f32) {
        let event = scalar_event(self.wall_time, step as i64, tag, value);
        write_record(&mut self.bytes, &event);
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// One epoch of a [`TrainingLog`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    /// Mean loss over the epoch's examples (Keras's `epoch_loss`).
    pub loss: f32,
    /// Share of the epoch's examples classified correctly (`epoch_accuracy`).
    pub accuracy: f32,
    /// The lr of the first update after the epoch (`optimizer.iterations` at its end): what
    /// `EffectiveLearningRate` puts in `logs["lr_effective"]`.
    pub lr_effective: f32,
    /// What Keras reports as the lr at the epoch's end (flat for legacy `decay`).
    pub lr: f32,
}

/// What a training run logs, update by update and epoch by epoch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingLog {
    /// Per update, in order: the batch's loss.
    pub batch_loss: Vec<f32>,
    /// Per update: the batch's accuracy (before the update).
    pub batch_accuracy: Vec<f32>,
    /// Per update: the lr it used.
    pub lr_effective: Vec<f32>,
    /// Per update: what Keras reports as the lr (`optimizer.lr`).
    pub lr: Vec<f32>,
    /// Per completed epoch.
    pub epochs: Vec<EpochRecord>,
}

impl TrainingLog {
    /// Forgets everything (a new run).
    pub fn clear(&mut self) {
        self.batch_loss.clear();
        self.batch_accuracy.clear();
        self.lr_effective.clear();
        self.lr.clear();
        self.epochs.clear();
    }

    /// Records one update.
    pub fn push_batch(&mut self, loss: f32, accuracy: f32, lr_effective: f32, lr: f32) {
        self.batch_loss.push(loss);
        self.batch_accuracy.push(accuracy);
        self.lr_effective.push(lr_effective);
        self.lr.push(lr);
    }

    /// Number of updates recorded.
    pub fn updates(&self) -> usize {
        self.batch_loss.len()
    }

    /// The log as an event file. Per update `i` (its `optimizer.iterations`, 0 for the first),
    /// at step `i`: `batch_loss`, `batch_accuracy`, `lr_effective` (the lr update `i` used:
    /// what the `EffectiveLearningRate` callback writes at `iterations == i`) and `lr` (what
    /// Keras reports). Per epoch `e` (0-based, as Keras's `TensorBoard` callback counts), at
    /// step `e`: `epoch_loss`, `epoch_accuracy`, `epoch_lr` (flat for legacy decay, as
    /// `LearningRateScheduler` / `ReduceLROnPlateau` log it) and `epoch_lr_effective`.
    pub fn to_tfevents(&self, wall_time: f64) -> Vec<u8> {
        let mut w = EventWriter::new(wall_time);
        for i in 0..self.updates() {
            let step = i as u64;
            w.scalar("batch_loss", step, self.batch_loss[i]);
            w.scalar("batch_accuracy", step, self.batch_accuracy[i]);
            w.scalar("lr_effective", step, self.lr_effective[i]);
            w.scalar("lr", step, self.lr[i]);
        }
        for (e, r) in self.epochs.iter().enumerate() {
            let step = e as u64;
            w.scalar("epoch_loss", step, r.loss);
            w.scalar("epoch_accuracy", step, r.accuracy);
            w.scalar("epoch_lr", step, r.lr);
            w.scalar("epoch_lr_effective", step, r.lr_effective);
        }
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_known_vectors() {
        // RFC 3720 (iSCSI) B.4 and the common check value.
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
        assert_eq!(crc32c(&[0xFFu8; 32]), 0x62A8_AB43);
        let inc: Vec<u8> = (0..32).collect();
        assert_eq!(crc32c(&inc), 0x46DD_794E);
        let dec: Vec<u8> = (0..32).rev().collect();
        assert_eq!(crc32c(&dec), 0x113F_DB5C);
    }

    #[test]
    #[allow(clippy::manual_rotate)] // spelled out as TensorFlow's crc32c::Mask writes it
    fn masked_crc_matches_tensorflow() {
        // TensorFlow's crc32c::Mask: rotate right by 15, add 0xa282ead8.
        let crc = crc32c(b"123456789");
        assert_eq!(
            masked_crc32c(b"123456789"),
            ((crc >> 15) | (crc << 17)).wrapping_add(0xa282_ead8)
        );
    }

    #[test]
    fn varints() {
        let mut out = Vec::new();
        varint(&mut out, 300);
        assert_eq!(out, [0xAC, 0x02]);
        out.clear();
        field_i64(&mut out, 2, -1);
        assert_eq!(out.len(), 11, "negative int64 takes 10 varint bytes");
    }

    #[test]
    fn records_round_trip_and_corruption_is_caught() {
        let mut w = EventWriter::new(1.5);
        w.scalar("lr", 3, 0.003);
        let bytes = w.into_bytes();
        let records = read_records(&bytes).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0], file_version_event(1.5));
        assert_eq!(records[1], scalar_event(1.5, 3, "lr", 0.003));
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x10;
            assert!(
                read_records(&bad).is_err(),
                "flipped byte {i} went unnoticed"
            );
        }
        assert!(read_records(&bytes[..bytes.len() - 1]).is_err());
    }
}
