// Computes sweeps off the main thread. The page sends {type: 'init', build}, then
// {type: 'start', id, mode: 'sweep' | 'basin', config} and {type: 'cancel', id}; the worker
// answers with messages, never with an unhandled exception (every failure becomes
// {type: 'error', id, message}).
//
// A sweep runs in chunks of whole rows, sized to take about CHUNK_MS each; between chunks the
// worker yields to its message queue, so a cancel is honoured within one chunk. After each
// chunk it colours the finished rows in wasm and posts a copy of the RGBA pixels.
import { loadWasm } from './wasm.js';

const CHUNK_MS = 40;

let wasm = null;
let memory = null;
/** @type {{id: number, sweep: any, rows: number, started: number, mode: string} | null} */
let job = null;

let scheduled = false;
const yieldChannel = new MessageChannel();
yieldChannel.port1.onmessage = () => {
  scheduled = false;
  step();
};

/** Runs the next chunk after the messages already queued (a cancel among them). */
function schedule() {
  if (!scheduled) {
    scheduled = true;
    yieldChannel.port2.postMessage(0);
  }
}

const post = (message, transfer = []) => self.postMessage(message, transfer);

function finish() {
  job?.sweep.free();
  job = null;
}

function fail(id, e) {
  finish();
  post({ type: 'error', id, message: String(e?.message ?? e) });
}

/** Copies `n` elements of a typed-array type out of wasm memory (views die when memory grows). */
const copy = (Type, ptr, n) => new Type(memory.buffer, ptr, n).slice();

function report(type, extra = {}) {
  const { sweep, id } = job;
  sweep.colorize();
  const w = sweep.width();
  const h = sweep.height();
  const rgba = copy(Uint8ClampedArray, sweep.rgbaPtr(), w * h * 4);
  post(
    {
      type,
      id,
      mode: job.mode,
      width: w,
      height: h,
      rowsDone: sweep.rowsDone(),
      progress: sweep.progress(),
      divergedCount: sweep.divergedCount(),
      legend: { lo: sweep.legendValue(0), hi: sweep.legendValue(1) },
      elapsedMs: performance.now() - job.started,
      rgba,
      ...extra,
    },
    [rgba.buffer],
  );
}

function step() {
  if (!job) return;
  const { sweep } = job;
  try {
    const t0 = performance.now();
    sweep.computeRows(job.rows);
    const took = performance.now() - t0;
    // Aim for CHUNK_MS per chunk: grow or shrink the number of rows (at least one).
    job.rows = Math.max(1, Math.min(256, Math.round(job.rows * (CHUNK_MS / Math.max(took, 1)))));
    if (!sweep.isDone()) {
      report('progress');
      schedule();
      return;
    }
    const w = sweep.width();
    const h = sweep.height();
    const loss = copy(Float32Array, sweep.lossPtr(), w * h);
    const divergedAt = copy(Uint32Array, sweep.divergedAtPtr(), w * h);
    const minimum = job.mode === 'basin' ? copy(Uint8Array, sweep.minimumPtr(), w * h) : null;
    const learningRates = Float64Array.from({ length: w }, (_, i) => sweep.learningRateAt(i));
    const decays = Float64Array.from({ length: h }, (_, j) => sweep.decayAt(j));
    report('done', { loss, divergedAt, minimum, learningRates, decays });
    finish();
  } catch (e) {
    fail(job?.id, e);
  }
}

async function init(build) {
  if (build !== 'simd128' && build !== 'scalar') throw new Error(`build: must be 'simd128' or 'scalar', got ${build}`);
  const loaded = await loadWasm(build, 'sweep');
  wasm = loaded.wasm;
  memory = loaded.memory;
  post({ type: 'ready', build: loaded.build, info: loaded.info, colors: wasm.sweepColors() });
}

function start(m) {
  if (!wasm) throw new Error('the worker is not initialised');
  if (job) {
    post({ type: 'cancelled', id: job.id, rowsDone: job.sweep.rowsDone() });
    finish();
  }
  if (m.mode !== 'sweep' && m.mode !== 'basin') throw new Error(`mode: must be 'sweep' or 'basin', got ${m.mode}`);
  const sweep = m.mode === 'sweep' ? wasm.Sweep.lrDecay(m.config) : wasm.Sweep.basin(m.config);
  job = { id: m.id, sweep, rows: 1, started: performance.now(), mode: m.mode };
  post({ type: 'started', id: m.id, width: sweep.width(), height: sweep.height() });
  schedule();
}

self.onmessage = async ({ data: m }) => {
  try {
    if (m?.type === 'init') await init(m.build);
    else if (m?.type === 'start') start(m);
    else if (m?.type === 'cancel') {
      if (job && job.id === m.id) {
        post({ type: 'cancelled', id: job.id, rowsDone: job.sweep.rowsDone() });
        finish();
      }
    } else throw new Error(`unknown message type ${m?.type}`);
  } catch (e) {
    fail(m?.id, e);
  }
};
