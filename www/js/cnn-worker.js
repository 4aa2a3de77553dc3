// Trains the CNN off the main thread. The page sends {type: 'init', build, data, lean?,
// progressMs?}, then start / pause / resume / reset / predictDrawing / evaluate (and `ping`,
// answered with `pong`, for the page's watchdog); the worker answers with messages, never with
// an unhandled exception: every failure becomes {type: 'error', message}. Only when the page was
// opened with `?testhooks=1` (init's `testHooks: true`) does it also accept `crash` and `hang`,
// which the end-to-end tests use to check that the page reports a dead worker and can restart it.
//
// A comparison worker (init's `lean: true`) trains one configuration of a comparison: it sends
// no test-digit pictures (grid, filters, confusion matrix), only progress and per-epoch accuracy,
// since the page draws none of them for a comparison and four workers would send them four times.
//
// Training runs in chunks of about CHUNK_MS of batches; between chunks the worker yields to
// its message queue, so pause and drawing predictions are answered while training runs.
// init's `progressMs` (a comparison's workers) sends the chunks' progress at most that often,
// several chunks merged into one message: four workers posting every chunk would keep the
// page's main thread, which shares the cores with them, redrawing for nobody.
import { loadWasm } from './wasm.js';

const CHUNK_MS = 50;
const GRID_COUNT = 48;
const MAX_EPOCHS = 200;
/** The same rule as the page's `?data=`: a .bin file under data/, never a URL or `..`. */
const DATA_PATTERN = /^data\/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.bin$/;

let wasm = null;
let session = null;
let datasetBytes = null;
let datasetPath = 'data/mnist-10k.bin';
let running = false;
let settings = null;
let batchesPerChunk = 1;
let scheduled = false;
let lean = false;
let progressMs = 0;
/** Chunks trained but not yet sent (only with `progressMs`), and when progress was last sent. */
let unsent = [];
let sentAt = 0;

const yieldChannel = new MessageChannel();
yieldChannel.port1.onmessage = () => {
  scheduled = false;
  trainChunk();
};

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

class DatasetError extends Error {}

function fail(e, context) {
  if (['training', 'start', 'reset'].includes(context)) running = false;
  if (e instanceof DatasetError) post({ type: 'error', context: 'dataset', path: datasetPath, message: e.message });
  else post({ type: 'error', context, message: String(e?.message ?? e) });
}

function scheduleChunk() {
  if (!scheduled) {
    scheduled = true;
    yieldChannel.port2.postMessage(0);
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isWhole = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

/** Checks a start/reset message; returns an error string or null. */
function checkSettings(m) {
  if (!isObject(m.network)) return 'network: must be an object';
  if (!isObject(m.optimizer)) return 'optimizer: must be an object';
  if (!isWhole(m.epochs, 1, MAX_EPOCHS)) return `epochs: must be a whole number in 1..=${MAX_EPOCHS}, got ${m.epochs}`;
  if (typeof m.batchSize !== 'number') return `batch_size: must be a number, got ${typeof m.batchSize}`;
  if (typeof m.seed !== 'number') return `seed: must be a number, got ${typeof m.seed}`;
  if (m.subset !== null && m.subset !== undefined && typeof m.subset !== 'number') return 'train_subset: must be a number or empty';
  return null;
}

async function init(build, data = datasetPath) {
  if (build !== 'simd128' && build !== 'scalar') throw new Error(`build: must be 'simd128' or 'scalar', got ${build}`);
  if (typeof data !== 'string' || !DATA_PATTERN.test(data)) throw new Error('data: must name a .bin file under data/');
  const url = new URL(`../${data}`, import.meta.url);
  if (url.origin !== self.location.origin) throw new Error('data: must be on this site');
  datasetPath = data;
  const loaded = await loadWasm(build, 'cnn');
  wasm = loaded.wasm;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${data}: HTTP ${response.status}`);
  datasetBytes = new Uint8Array(await response.arrayBuffer());
  post({ type: 'ready', build: loaded.build, info: loaded.info, datasetBytes: datasetBytes.length });
}

/** Builds (or resets) the session for `m`'s settings and sends the static pictures. */
function configure(m) {
  const problem = checkSettings(m);
  if (problem) throw new Error(problem);
  const subset = m.subset ?? undefined;
  if (session) session.reset(m.network, m.optimizer, m.batchSize, m.seed, subset);
  else {
    try {
      session = new wasm.CnnSession(datasetBytes, m.network, m.optimizer, m.batchSize, m.seed, subset);
    } catch (e) {
      // The asset is checked when the first session is built: a bad file is named with the
      // parser's reason (wrong size, checksum mismatch, …), apart from bad settings.
      const message = String(e?.message ?? e);
      if (message.startsWith('dataset: ')) throw new DatasetError(message.slice('dataset: '.length));
      throw e;
    }
  }
  settings = { epochs: m.epochs };
  batchesPerChunk = 1;
  unsent = [];
  sentAt = 0;
  const info = session.info();
  if (lean) {
    post({ type: 'configured', info, memoryBytes: session.memoryBytes() });
    return;
  }
  const images = session.testImages(0, GRID_COUNT);
  post({ type: 'configured', info, memoryBytes: session.memoryBytes(), gridImages: images }, [images.buffer]);
  sendSnapshot(null);
}

/** Test-set pictures: grid predictions, filters, and (with an evaluation) the confusion matrix. */
function sendSnapshot(evaluation) {
  const predictions = session.predictions(0, GRID_COUNT);
  const filters = session.firstLayerFilters();
  post({ type: 'snapshot', predictions, filters, evaluation, memoryBytes: session.memoryBytes() });
}

function trainChunk() {
  if (!running || !session) return;
  try {
    const t0 = performance.now();
    const chunk = session.trainBatches(batchesPerChunk);
    const ms = performance.now() - t0;
    // Aim the next chunk at CHUNK_MS from this one's rate, changing at most 2× per chunk.
    const perBatch = ms / Math.max(1, chunk.batches);
    const target = Math.max(1, Math.round(CHUNK_MS / Math.max(perBatch, 0.01)));
    batchesPerChunk = Math.min(1000, Math.max(1, Math.min(target, batchesPerChunk * 2)));
    unsent.push({ chunk, ms });
    // What ends a stretch of training (an epoch, a divergence) is sent at once.
    if (chunk.diverged || chunk.epoch_loss !== undefined || performance.now() - sentAt >= progressMs) sendProgress();
    if (chunk.diverged) {
      running = false;
      post({ type: 'error', context: 'training', message: `${chunk.error}. Training stopped: lower the learning rate and press Start.` });
      return;
    }
    if (chunk.epoch_loss !== undefined) {
      const evaluation = session.evaluateTest(100000);
      post({ type: 'epoch', epoch: chunk.epoch, train: { loss: chunk.epoch_loss, accuracy: chunk.epoch_accuracy }, test: { loss: evaluation.loss, accuracy: evaluation.accuracy } });
      if (!lean) sendSnapshot(evaluation);
      if (chunk.epoch >= settings.epochs) {
        running = false;
        post({ type: 'done', epoch: chunk.epoch, iterations: chunk.iterations });
        return;
      }
    }
    scheduleChunk();
  } catch (e) {
    fail(e, 'training');
  }
}

/** Concatenates the per-update columns of `chunks` (each chunk's own arrays when there is one). */
function concatColumn(chunks, key) {
  if (chunks.length === 1) return chunks[0][key];
  const out = new Float32Array(chunks.reduce((n, c) => n + c[key].length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c[key], at);
    at += c[key].length;
  }
  return out;
}

/** Sends the unsent chunks as one: the last chunk's state, the updates of them all. */
function sendProgress() {
  if (!unsent.length) return;
  const chunks = unsent.map((u) => u.chunk);
  const last = chunks.at(-1);
  const chunk = {
    ...last,
    batches: chunks.reduce((n, c) => n + c.batches, 0),
    examples: chunks.reduce((n, c) => n + c.examples, 0),
    loss: concatColumn(chunks, 'loss'),
    effective_lrs: concatColumn(chunks, 'effective_lrs'),
    reported_lrs: concatColumn(chunks, 'reported_lrs'),
  };
  const ms = unsent.reduce((t, u) => t + u.ms, 0);
  unsent = [];
  sentAt = performance.now();
  post({ type: 'progress', chunk, ms, memoryBytes: session.memoryBytes() },
    [chunk.loss.buffer, chunk.effective_lrs.buffer, chunk.reported_lrs.buffer]);
}

/** Only with init's `testHooks: true` (the page's `?testhooks=1`): ways to kill the worker. */
const testHandlers = {
  crash() {
    // Thrown outside any handler, so it reaches the page as the worker's `error` event.
    setTimeout(() => {
      throw new Error('test hook: the worker crashed on purpose');
    });
  },
  hang() {
    // Busy forever: the page's watchdog must notice (only terminate() ends this).
    for (;;) running = true;
  },
};

const handlers = {
  async init(m) {
    if (m.testHooks === true) Object.assign(handlers, testHandlers);
    lean = m.lean === true;
    progressMs = Number.isFinite(m.progressMs) && m.progressMs > 0 ? m.progressMs : 0;
    await init(m.build, m.data);
  },
  ping() {
    post({ type: 'pong' });
  },
  start(m) {
    configure(m);
    running = true;
    post({ type: 'state', state: 'running' });
    scheduleChunk();
  },
  pause() {
    running = false;
    // The page shows where training stopped.
    if (session) sendProgress();
    post({ type: 'state', state: 'paused' });
  },
  resume() {
    if (!session) throw new Error('resume: nothing to resume; press Start');
    if (session.info().epoch >= settings.epochs) throw new Error('resume: training has finished; press Start to train again');
    running = true;
    post({ type: 'state', state: 'running' });
    scheduleChunk();
  },
  reset(m) {
    running = false;
    configure(m);
    post({ type: 'state', state: 'idle' });
  },
  predictDrawing(m) {
    if (!(m.pixels instanceof Float32Array) || m.pixels.length !== 784) throw new Error('pixels: must be a Float32Array of 784 values');
    if (!session) throw new Error('predictDrawing: the network is not built yet');
    const probabilities = session.predictDrawing(m.pixels);
    post({ type: 'prediction', id: m.id, probabilities }, [probabilities.buffer]);
  },
  tensorboardLog() {
    if (!session) throw new Error('tensorboardLog: the network is not built yet');
    const wallTime = Date.now() / 1000;
    const bytes = session.tensorboardLog(wallTime);
    post({ type: 'tensorboardLog', bytes, wallTime, iterations: session.info().iterations }, [bytes.buffer]);
  },
  evaluate(m) {
    if (!session) throw new Error('evaluate: the network is not built yet');
    const limit = m.limit ?? 100000;
    if (!isWhole(limit, 1, 100000)) throw new Error(`limit: must be a whole number in 1..=100000, got ${limit}`);
    const evaluation = session.evaluateTest(limit);
    post({ type: 'evaluation', evaluation });
  },
};

self.onmessage = async (event) => {
  const m = event.data;
  const handler = isObject(m) && typeof m.type === 'string' && Object.hasOwn(handlers, m.type) ? handlers[m.type] : null;
  if (!handler) {
    post({ type: 'error', context: 'message', message: `unknown message: ${JSON.stringify(m)?.slice(0, 80)}` });
    return;
  }
  if (m.type !== 'init' && m.type !== 'ping' && !wasm) {
    post({ type: 'error', context: m.type, message: `${m.type}: the worker is still loading` });
    return;
  }
  try {
    await handler(m);
  } catch (e) {
    // A drawing that cannot be classified is not a training failure: training keeps going.
    if (m.type === 'predictDrawing') post({ type: 'prediction', id: m.id, error: String(e?.message ?? e) });
    else fail(e, m.type);
  }
};
