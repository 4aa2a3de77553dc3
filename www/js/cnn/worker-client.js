// One training worker seen from the page: it is started with the build and dataset, pinged by
// a watchdog, and reported once when it crashes, hangs or sends what the page cannot read.
// Events of a worker that was terminated are dropped: only a live one talks to the page.

/** While a worker is up it is pinged every PING_MS. */
const PING_MS = 1000;

export class WorkerClient {
  /**
   * @param {object} o
   * @param {string} o.build        'simd128' or 'scalar'
   * @param {string} o.data         the dataset path (checked by the page and again by the worker)
   * @param {boolean} o.testHooks   the worker then accepts `crash` / `hang`
   * @param {boolean} [o.lean]      a comparison worker: no test-digit pictures
   * @param {number} [o.progressMs] progress at most this often, chunks merged (0: every chunk)
   * @param {number} o.watchdogMs   no answer to a ping for this long: the worker hangs
   * @param {(m: any) => void} o.onMessage
   * @param {(message: string) => void} o.onFailed  called once; the worker is terminated by then
   */
  constructor({ build, data, testHooks, lean = false, progressMs = 0, watchdogMs, onMessage, onFailed }) {
    this.onMessage = onMessage;
    this.onFailed = onFailed;
    this.watchdogMs = watchdogMs;
    this.timer = 0;
    this.sentAt = 0;
    const w = new Worker(new URL('../cnn-worker.js', import.meta.url), { type: 'module' });
    this.worker = w;
    w.onmessage = (e) => {
      if (!this.worker) return;
      if (e.data?.type === 'pong') this.sentAt = 0;
      else this.onMessage(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.#fail(`The training worker crashed: ${e.message || 'it could not be loaded'}.`);
    };
    w.onmessageerror = () => this.#fail('The training worker sent a message the page could not read.');
    w.postMessage({ type: 'init', build, data, testHooks, lean, progressMs });
  }

  get alive() {
    return this.worker !== null;
  }

  /** @param {object} message @param {Transferable[]} [transfer] */
  post(message, transfer = []) {
    this.worker?.postMessage(message, transfer);
  }

  /** Pings the worker; one that does not answer within `watchdogMs` is reported as hung. */
  startWatchdog() {
    clearInterval(this.timer);
    this.sentAt = 0;
    this.timer = setInterval(() => {
      if (!this.worker) return;
      const now = performance.now();
      if (this.sentAt) {
        if (now - this.sentAt > this.watchdogMs) {
          this.#fail(`The training worker stopped responding (no answer for ${(this.watchdogMs / 1000).toFixed(1)} s).`);
        }
        return;
      }
      this.sentAt = now;
      this.worker.postMessage({ type: 'ping' });
    }, Math.min(PING_MS, this.watchdogMs / 2));
  }

  terminate() {
    clearInterval(this.timer);
    this.worker?.terminate();
    this.worker = null;
  }

  #fail(message) {
    if (!this.worker) return;
    this.terminate();
    this.onFailed(message);
  }
}
