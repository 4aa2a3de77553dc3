//! `readTrainingLog` and `TrainingLogReader`: the logs a person drops on the page (thin glue over
//! [`crate::training_log`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::FieldError;

/// Reads a training log the user brings (a TensorBoard event file, a `CSVLogger` file, console
/// output of `model.fit`, or a printed `history.history`), found from its content; `fileName`
/// (with its folders, e.g. `logs/train/events.out.tfevents…`) names an event file's run.
/// Returns `{format, series: [{tag, run, per, steps, values}], epochs, steps_per_epoch,
/// logged_lr, other_tags, error, warnings}`; `error` says where reading stopped early (byte
/// offset or line), and the series hold what was read before it. Throws an `Error` (field
/// `file`) for a file with nothing readable (empty, an image, another format).
#[wasm_bindgen(js_name = readTrainingLog, unchecked_return_type = "TrainingLog")]
pub fn read_training_log(bytes: &[u8], file_name: &str) -> Result<JsValue, FieldError> {
    let log = crate::training_log::read_training_log(bytes, file_name).map_err(log_error)?;
    Ok(log.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn log_error(e: crate::training_log::LogError) -> FieldError {
    FieldError(crate::ConfigError::new("file", e.0))
}

/// [`read_training_log`] chunk by chunk, for files too large to hold at once: event files are
/// parsed as the chunks arrive and only their series are kept.
#[wasm_bindgen(js_name = TrainingLogReader)]
pub struct TrainingLogReader(Option<crate::training_log::LogReader>);

#[wasm_bindgen(js_class = TrainingLogReader)]
impl TrainingLogReader {
    #[wasm_bindgen(constructor)]
    pub fn new(file_name: &str) -> TrainingLogReader {
        TrainingLogReader(Some(crate::training_log::LogReader::new(file_name)))
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), FieldError> {
        self.0
            .as_mut()
            .ok_or_else(|| FieldError(crate::ConfigError::new("file", "the reader has finished")))?
            .push(chunk);
        Ok(())
    }

    /// Bytes read so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |r| r.bytes_read() as f64)
    }

    /// The log (as `readTrainingLog` returns it); the reader cannot be used after.
    #[wasm_bindgen(unchecked_return_type = "TrainingLog")]
    pub fn finish(&mut self) -> Result<JsValue, FieldError> {
        let reader = self.0.take().ok_or_else(|| {
            FieldError(crate::ConfigError::new("file", "the reader has finished"))
        })?;
        let log = reader.finish().map_err(log_error)?;
        Ok(log.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
    }
}
