// Reads the training logs a person drops on the page, off the main thread and in chunks: the
// core's TrainingLogReader (the `training_log` module) parses an event file as its chunks arrive
// and keeps only the series, so a file of hundreds of megabytes is read in bounded memory.
// Nothing is uploaded: the File is read here, in the browser.
//
// The page sends {type: 'read', id, build, files: [{file: File | null, text?: string, name}]};
// the worker answers {type: 'progress', id, name, read, total} as chunks are read, then
// {type: 'done', id, logs: [{name, log} | {name, error}]}. Every failure becomes a message.
import { loadWasm } from './wasm.js';

/** Bytes read at a time: small enough for a smooth progress bar, large enough to be quick. */
const CHUNK = 4 << 20;
/** Files larger than this are not read (the page says so). */
export const MAX_FILE_BYTES = 2 ** 31;

self.onmessage = async ({ data }) => {
  if (data.type !== 'read') return;
  const { id, build, files } = data;
  let wasm;
  try {
    ({ wasm } = await loadWasm(build, 'training_log'));
  } catch (e) {
    self.postMessage({ type: 'done', id, logs: files.map((f) => ({ name: f.name, error: `the reader did not load: ${e?.message ?? e}` })) });
    return;
  }
  const logs = [];
  for (const f of files) {
    try {
      if (f.text !== undefined) {
        logs.push({ name: f.name, log: wasm.readTrainingLog(new TextEncoder().encode(f.text), f.name) });
        continue;
      }
      if (f.file.size > MAX_FILE_BYTES) {
        logs.push({ name: f.name, error: `${(f.file.size / 2 ** 30).toFixed(1)} GB: files above 2 GB are not read` });
        continue;
      }
      const reader = new wasm.TrainingLogReader(f.name);
      try {
        for (let at = 0; at < f.file.size; at += CHUNK) {
          const chunk = new Uint8Array(await f.file.slice(at, at + CHUNK).arrayBuffer());
          reader.push(chunk);
          self.postMessage({ type: 'progress', id, name: f.name, read: Math.min(at + CHUNK, f.file.size), total: f.file.size });
        }
        logs.push({ name: f.name, log: reader.finish() });
      } finally {
        reader.free();
      }
    } catch (e) {
      // The core's Error says `file: …`; the list names the file already.
      logs.push({ name: f.name, error: String(e?.message ?? e).replace(/^file: /, '') });
    }
  }
  self.postMessage({ type: 'done', id, logs });
};
