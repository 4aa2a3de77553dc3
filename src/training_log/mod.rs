//! The training logs people already have, read as Keras wrote them: TensorBoard event files
//! ([`events`]), `CSVLogger` files, console output of `model.fit` and a printed
//! `history.history` ([`text`]). [`read_training_log`] reads one file whole; [`LogReader`]
//! reads one in chunks (an event file of hundreds of megabytes, in bounded memory).
//!
//! Every reader returns what it could read before a problem, with the problem's place (byte
//! offset or line), and never panics on any input.

pub mod events;
pub mod text;

use serde::Serialize;

use crate::tfevents::EventWriter;

/// Which kind of log a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Tfevents,
    Csv,
    Console,
    History,
}

/// Whether a series has a point per update (batch) or per epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Batch,
    Epoch,
}

/// One logged series: the tag as the file has it (`epoch_loss`, or a CSV / console column such
/// as `loss`), the run it belongs to (an event file's folder, e.g. `train` or `validation`),
/// and its points as the file stores them (event files: float32, widened exactly).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub tag: String,
    pub run: String,
    pub per: Per,
    pub steps: Vec<u64>,
    pub values: Vec<f64>,
}

/// What a log holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingLog {
    pub format: Format,
    pub series: Vec<Series>,
    /// Epochs the log covers.
    pub epochs: Option<u64>,
    /// Updates per epoch, where the log shows them (batch-level steps, `1875/1875`).
    pub steps_per_epoch: Option<u64>,
    /// The tag of the learning rate Keras logged (`epoch_lr`, `epoch_learning_rate`, `lr`, …),
    /// if it logged one.
    pub logged_lr: Option<String>,
    /// Tags that are not scalars (the `keras` model config, graphs).
    pub other_tags: Vec<String>,
    /// What stopped the reading early (with its byte offset or line); the series hold what was
    /// read before it.
    pub error: Option<String>,
    pub warnings: Vec<String>,
}

/// A file that holds nothing readable as a training log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError(pub String);

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The run of an event file: the folder it sits in (`logs/train/events…` → `train`), or "".
fn run_of(file_name: &str) -> String {
    let mut parts: Vec<&str> = file_name.split(['/', '\\']).collect();
    parts.pop();
    parts.pop().unwrap_or("").to_string()
}

/// Which text format `text` is, from its content (the file name breaks ties).
fn text_format(text: &str, file_name: &str) -> Option<Format> {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if first.starts_with("epoch,") || (file_name.ends_with(".csv") && first.contains(',')) {
        return Some(Format::Csv);
    }
    if text.lines().any(|l| l.trim_start().starts_with("Epoch ")) {
        return Some(Format::Console);
    }
    let t = text.trim_start();
    if t.starts_with('{') && (t.contains("':") || t.contains("\":")) {
        return Some(Format::History);
    }
    None
}

/// The learning-rate tag Keras logged, preferring epoch-level ones.
fn logged_lr(series: &[Series]) -> Option<String> {
    const NAMES: [&str; 6] = [
        "epoch_learning_rate",
        "epoch_lr",
        "learning_rate",
        "lr",
        "batch_learning_rate",
        "batch_lr",
    ];
    NAMES
        .iter()
        .find(|n| series.iter().any(|s| s.tag == **n))
        .map(|n| n.to_string())
}

impl TrainingLog {
    fn from_text(format: Format, read: text::TextRead) -> Self {
        let logged_lr = logged_lr(&read.series);
        Self {
            format,
            logged_lr,
            epochs: read.epochs,
            steps_per_epoch: read.steps_per_epoch,
            other_tags: Vec::new(),
            error: read.error.map(|(line, m)| format!("line {line}: {m}")),
            warnings: read.warnings,
            series: read.series,
        }
    }

    fn from_events(
        series: Vec<Series>,
        other_tags: Vec<String>,
        error: Option<events::EventError>,
    ) -> Self {
        let epochs = series
            .iter()
            .filter(|s| s.per == Per::Epoch)
            .map(|s| s.steps.iter().max().map_or(0, |&m| m + 1))
            .max();
        // Keras logs `batch_*` at step = updates done so far (1 after the first): with whole
        // epochs logged, the last step over the epochs is the updates per epoch.
        let steps_per_epoch = epochs.filter(|&e| e > 0).and_then(|e| {
            let total = *series
                .iter()
                .filter(|s| s.per == Per::Batch && s.tag.starts_with("batch_"))
                .filter_map(|s| s.steps.last())
                .max()?;
            (total > 0 && total % e == 0).then_some(total / e)
        });
        let mut warnings = Vec::new();
        if series.iter().all(|s| s.per == Per::Epoch) && !series.is_empty() {
            warnings.push(
                "Only epoch-level values: TensorBoard(update_freq=\"batch\") logs every update."
                    .into(),
            );
        }
        Self {
            format: Format::Tfevents,
            logged_lr: logged_lr(&series),
            epochs,
            steps_per_epoch,
            other_tags,
            error: error.map(|e| format!("byte {}: {}", e.offset, e.message)),
            warnings,
            series,
        }
    }
}

/// Reads a training log, whatever its format (found from the content; `file_name`, with its
/// folders, names the run of an event file and breaks ties).
pub fn read_training_log(bytes: &[u8], file_name: &str) -> Result<TrainingLog, LogError> {
    let mut reader = LogReader::new(file_name);
    reader.push(bytes);
    reader.finish()
}

/// Reads one file chunk by chunk. Event files are parsed as the chunks arrive and only their
/// series are kept; text formats (a few megabytes at most) are collected and read at the end.
#[derive(Debug)]
pub struct LogReader {
    file_name: String,
    start: Vec<u8>,
    kind: Option<Kind>,
    bytes: u64,
}

#[derive(Debug)]
enum Kind {
    Events(Box<events::EventReader>),
    Text(Vec<u8>),
}

/// The largest text log read (console output and CSV files are far smaller).
pub const MAX_TEXT_BYTES: usize = 64 << 20;

impl LogReader {
    pub fn new(file_name: &str) -> Self {
        Self {
            file_name: file_name.to_string(),
            start: Vec::new(),
            kind: None,
            bytes: 0,
        }
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        match &mut self.kind {
            Some(Kind::Events(r)) => r.push(chunk),
            Some(Kind::Text(t)) => {
                if t.len() < MAX_TEXT_BYTES {
                    t.extend_from_slice(&chunk[..chunk.len().min(MAX_TEXT_BYTES - t.len())]);
                }
            }
            None => {
                self.start.extend_from_slice(chunk);
                // The first 12 bytes decide: a TFRecord header whose length check holds.
                if self.start.len() >= 12 {
                    let head = &self.start[..12];
                    let is_record = u32::from_le_bytes(head[8..12].try_into().expect("4 bytes"))
                        == crate::tfevents::masked_crc32c(&head[..8]);
                    let start = std::mem::take(&mut self.start);
                    self.kind = Some(if is_record {
                        let mut r = Box::new(events::EventReader::new());
                        r.push(&start);
                        Kind::Events(r)
                    } else {
                        Kind::Text(start)
                    });
                }
            }
        }
    }

    pub fn finish(self) -> Result<TrainingLog, LogError> {
        let kind = match self.kind {
            Some(k) => k,
            None if self.start.is_empty() => return Err(LogError("the file is empty".into())),
            None => Kind::Text(self.start),
        };
        match kind {
            Kind::Events(r) => {
                let (series, other, error) = r.finish(&run_of(&self.file_name));
                if series.is_empty() && other.is_empty() {
                    if let Some(e) = error {
                        return Err(LogError(format!("byte {}: {}", e.offset, e.message)));
                    }
                }
                Ok(TrainingLog::from_events(series, other, error))
            }
            Kind::Text(bytes) => {
                if bytes.starts_with(PNG) {
                    return Err(LogError("this is a PNG image, not a training log (TensorBoard event file, CSVLogger file, console output or history dict)".into()));
                }
                // Text has no control characters but tabs, line ends, backspaces and escapes.
                let binary = |b: u8| b < 0x08 || (0x0e..0x1b).contains(&b) || b == 0x7f;
                if bytes.iter().take(4096).any(|&b| binary(b)) {
                    return Err(LogError("not a TensorBoard event file: the first record's length check (masked CRC32C) fails at byte 0".into()));
                }
                let text = String::from_utf8_lossy(&bytes);
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let format = text_format(text, &self.file_name).ok_or_else(|| {
                    LogError("not a training log: neither a TensorBoard event file, nor a CSVLogger file (`epoch,…`), nor Keras's console output (`Epoch 1/…`), nor a printed history dict (`{'loss': […]}`)".into())
                })?;
                let read = match format {
                    Format::Csv => text::read_csv(text),
                    Format::Console => text::read_console(text),
                    _ => text::read_history(text),
                };
                if read.series.is_empty() {
                    if let Some((line, m)) = &read.error {
                        return Err(LogError(format!("line {line}: {m}")));
                    }
                }
                Ok(TrainingLog::from_text(format, read))
            }
        }
    }
}

/// A TensorBoard event file of the lr each update really used, to put beside a run's own logs.
/// `effective` holds the lr of updates `0..=updates` (the last one is the lr the next update
/// would use): `batch_lr_effective` at every update (step = iterations, as Keras's `batch_*`
/// tags) and `epoch_lr_effective` at each epoch's end (step = epoch; the lr of the next update,
/// as Keras logs `epoch_learning_rate`).
pub fn corrected_log(effective: &[f32], steps_per_epoch: u64, wall_time: f64) -> Vec<u8> {
    let mut w = EventWriter::new(wall_time);
    let updates = effective.len().saturating_sub(1);
    for (it, &lr) in effective[..updates].iter().enumerate() {
        w.scalar("batch_lr_effective", it as u64, lr);
    }
    let epochs = (updates as u64).checked_div(steps_per_epoch).unwrap_or(0);
    for e in 0..epochs {
        w.scalar(
            "epoch_lr_effective",
            e,
            effective[((e + 1) * steps_per_epoch) as usize],
        );
    }
    w.into_bytes()
}
