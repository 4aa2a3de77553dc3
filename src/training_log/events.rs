//! TensorBoard event files as Keras writes them: TFRecord framing (both CRCs checked), `Event`
//! protobufs with summary v2 scalars (a float tensor under the `scalars` plugin, its metadata on
//! the tag's first value) and TF 1 `simple_value` scalars. Read incrementally ([`EventReader`]),
//! so that a file of hundreds of megabytes is read in chunks in bounded memory.

use std::collections::BTreeMap;

use crate::tfevents::masked_crc32c;

use super::{Per, Series};

/// A protobuf field's payload.
enum Payload<'a> {
    Varint(u64),
    /// A double or 64-bit integer (the wall time): skipped.
    Fixed64,
    Fixed32([u8; 4]),
    Bytes(&'a [u8]),
}

/// The fields of one protobuf message, in order; `None` when it is not well-formed.
fn fields(mut bytes: &[u8]) -> Option<Vec<(u32, Payload<'_>)>> {
    fn varint(bytes: &mut &[u8]) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = bytes.split_first()?;
            *bytes = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let key = varint(&mut bytes)?;
        let field = u32::try_from(key >> 3).ok()?;
        let payload = match key & 7 {
            0 => Payload::Varint(varint(&mut bytes)?),
            1 => {
                let (_, rest) = bytes.split_first_chunk::<8>()?;
                bytes = rest;
                Payload::Fixed64
            }
            5 => {
                let (v, rest) = bytes.split_first_chunk::<4>()?;
                bytes = rest;
                Payload::Fixed32(*v)
            }
            2 => {
                let len = usize::try_from(varint(&mut bytes)?).ok()?;
                if len > bytes.len() {
                    return None;
                }
                let (v, rest) = bytes.split_at(len);
                bytes = rest;
                Payload::Bytes(v)
            }
            _ => return None,
        };
        out.push((field, payload));
    }
    Some(out)
}

/// `TensorProto` holding one float: `dtype = 1` (DT_FLOAT) with `float_val` (5) or 4 bytes of
/// `tensor_content` (4); DT_DOUBLE (2) is narrowed as TensorBoard's scalar view does not, so it
/// is kept apart (`None`).
fn scalar_tensor(bytes: &[u8]) -> Option<f32> {
    let mut dtype = 0;
    let mut value = None;
    for (field, p) in fields(bytes)? {
        match (field, p) {
            (1, Payload::Varint(d)) => dtype = d,
            (5, Payload::Fixed32(v)) => value = Some(f32::from_le_bytes(v)),
            // Packed repeated float.
            (5, Payload::Bytes(b)) if b.len() == 4 => {
                value = Some(f32::from_le_bytes(b.try_into().ok()?))
            }
            (4, Payload::Bytes(b)) if b.len() == 4 => {
                value = Some(f32::from_le_bytes(b.try_into().ok()?))
            }
            _ => {}
        }
    }
    (dtype == 1).then_some(value).flatten()
}

/// `SummaryMetadata { plugin_data = 1 { plugin_name = 1 } }`.
fn plugin_name(bytes: &[u8]) -> Option<String> {
    for (field, p) in fields(bytes)? {
        if let (1, Payload::Bytes(data)) = (field, p) {
            for (f, q) in fields(data)? {
                if let (1, Payload::Bytes(name)) = (f, q) {
                    return Some(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
    }
    None
}

/// Why an event file stopped being readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    /// Byte offset of the record that could not be read.
    pub offset: u64,
    pub message: String,
}

/// Reads an event file chunk by chunk: TFRecords are split across chunks, so the bytes of an
/// unfinished record are kept until the next chunk completes it (at most one record).
#[derive(Debug, Default)]
pub struct EventReader {
    pending: Vec<u8>,
    /// Offset of `pending[0]` in the file.
    offset: u64,
    records: u64,
    /// Scalars per tag, in file order.
    scalars: BTreeMap<String, (Vec<u64>, Vec<f64>)>,
    /// The plugin each tag's first metadata named.
    plugins: BTreeMap<String, String>,
    file_version: Option<String>,
    error: Option<EventError>,
    points: usize,
}

/// The most scalar points one file may give (about 100 MB of series in memory).
pub const MAX_POINTS: usize = 8_000_000;

impl EventReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the reader stopped at a bad record.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Reads the whole records `chunk` completes; after an error the rest is ignored.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.error.is_some() {
            return;
        }
        // Taken out while its records are read, so that each record's bytes are parsed where
        // they lie instead of being copied out of `self` first.
        let mut pending = std::mem::take(&mut self.pending);
        pending.extend_from_slice(chunk);
        let mut at = 0;
        while let Some(used) = self.record(&pending[at..], self.offset + at as u64) {
            at += used;
            if self.error.is_some() {
                break;
            }
        }
        pending.drain(..at);
        self.pending = pending;
        self.offset += at as u64;
    }

    /// Reads the record at the start of `bytes` (at `offset` in the file); `None` when it is
    /// not all there yet.
    fn record(&mut self, bytes: &[u8], offset: u64) -> Option<usize> {
        let header = bytes.get(..12)?;
        let fail = |message: &str| EventError {
            offset,
            message: message.to_string(),
        };
        let len_bytes = &header[..8];
        let len_crc = u32::from_le_bytes(header[8..12].try_into().ok()?);
        if len_crc != masked_crc32c(len_bytes) {
            self.error = Some(fail(if self.records == 0 {
                "not a TensorBoard event file: the first record's length check (masked CRC32C) fails"
            } else {
                "the record's length check (masked CRC32C) fails"
            }));
            return Some(0);
        }
        let len = u64::from_le_bytes(len_bytes.try_into().ok()?);
        let Some(len) = usize::try_from(len).ok().filter(|&l| l <= 1 << 30) else {
            self.error = Some(fail("the record claims more than 1 GiB"));
            return Some(0);
        };
        let data = bytes.get(12..12 + len)?;
        let data_crc = u32::from_le_bytes(bytes.get(12 + len..16 + len)?.try_into().ok()?);
        if data_crc != masked_crc32c(data) {
            self.error = Some(fail("the record's data check (masked CRC32C) fails"));
            return Some(0);
        }
        self.event(data, offset);
        self.records += 1;
        Some(16 + len)
    }

    fn event(&mut self, data: &[u8], offset: u64) {
        let Some(fs) = fields(data) else {
            self.error = Some(EventError {
                offset,
                message: "the record is not an Event protobuf".into(),
            });
            return;
        };
        let mut step = 0u64;
        let mut summary = None;
        for (field, p) in fs {
            match (field, p) {
                (2, Payload::Varint(s)) => step = s,
                (3, Payload::Bytes(v)) => {
                    self.file_version = Some(String::from_utf8_lossy(v).into_owned())
                }
                (5, Payload::Bytes(s)) => summary = Some(s),
                _ => {}
            }
        }
        let Some(summary) = summary else { return };
        for (field, p) in fields(summary).unwrap_or_default() {
            let (1, Payload::Bytes(value)) = (field, p) else {
                continue;
            };
            let mut tag = None;
            let mut simple = None;
            let mut tensor = None;
            let mut plugin = None;
            for (f, q) in fields(value).unwrap_or_default() {
                match (f, q) {
                    (1, Payload::Bytes(t)) => tag = Some(String::from_utf8_lossy(t).into_owned()),
                    (2, Payload::Fixed32(v)) => simple = Some(f32::from_le_bytes(v)),
                    (8, Payload::Bytes(t)) => tensor = Some(t),
                    (9, Payload::Bytes(m)) => plugin = plugin_name(m),
                    _ => {}
                }
            }
            let Some(tag) = tag else { continue };
            if let Some(name) = plugin {
                self.plugins.entry(tag.clone()).or_insert(name);
            }
            let value = match (simple, tensor) {
                (Some(v), _) => Some(v),
                (None, Some(t))
                    if self.plugins.get(&tag).map(String::as_str) == Some("scalars") =>
                {
                    scalar_tensor(t)
                }
                _ => None,
            };
            if let Some(v) = value {
                if self.points >= MAX_POINTS {
                    self.error = Some(EventError {
                        offset,
                        message: format!(
                            "more than {MAX_POINTS} scalar points: the rest of the file is not read"
                        ),
                    });
                    return;
                }
                self.points += 1;
                let (steps, values) = self.scalars.entry(tag).or_default();
                steps.push(step);
                values.push(f64::from(v));
            }
        }
    }

    /// Ends the file: the series read, the tags that are not scalars (the `keras` model config,
    /// graphs), and the error that stopped it, if any (a truncated last record among them).
    pub fn finish(mut self, run: &str) -> (Vec<Series>, Vec<String>, Option<EventError>) {
        if self.error.is_none() && !self.pending.is_empty() {
            self.error = Some(EventError {
                offset: self.offset,
                message: format!(
                    "the file ends inside a record ({} bytes of it)",
                    self.pending.len()
                ),
            });
        }
        if self.error.is_none() && self.records == 0 {
            self.error = Some(EventError {
                offset: 0,
                message: "no records".into(),
            });
        }
        let other = self
            .plugins
            .iter()
            .filter(|(tag, plugin)| {
                plugin.as_str() != "scalars" && !self.scalars.contains_key(*tag)
            })
            .map(|(tag, _)| tag.clone())
            .collect();
        let series = self
            .scalars
            .into_iter()
            .map(|(tag, (steps, values))| Series {
                per: if tag.starts_with("epoch_") {
                    Per::Epoch
                } else {
                    Per::Batch
                },
                tag,
                run: run.to_string(),
                steps,
                values,
            })
            .collect();
        (series, other, self.error)
    }
}
