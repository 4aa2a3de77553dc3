#!/usr/bin/env python3
"""Executes the page's once-per-epoch snippets with real Keras and torch, and records the lr
every epoch really used (tests/data/epoch_plan_runs.json).

Run by hand (not in CI), from the crate root, after a build (`./scripts/serve.sh`, or
`source scripts/lib.sh; build_wasm`):

    pip install tensorflow-cpu tf-keras tensorboard torch
    python3 scripts/epoch_plan_reference.py

The cases and their snippets come from `node scripts/plan-cases.mjs`: the core's `epochPlan`
for each run and the page's generator (`epochPlanCode`), so what runs here is byte for byte what
the page shows; the sha256 of every snippet is recorded and tests/epoch-plan.test.mjs fails when
the generator's output changes without a new recording.

For every case, each in its own Python process:
- `legacy`: the run as written, tf_keras's legacy optimizer with `decay=` (the per-update lr the
  plan spreads over epochs);
- `inverse_time`, `exponential`, `callback_keras3`: the Keras 3 snippets;
- `callback_keras2`: the tf_keras snippet (TF_USE_LEGACY_KERAS=1);
- `torch_lambda`, `torch_step`: the PyTorch snippets, whose loop runs as written over a loader
  of the run's batches.
Each trains a tiny model (Dense(1) on 4 features, mean squared error) with `model.fit` on the
run's samples, batch size, epochs and validation split, and records the lr of the first and of
the last update of every epoch: Keras 3 `optimizer.learning_rate` and tf_keras
`optimizer._decayed_lr(tf.float32)` at `on_train_batch_begin` (float32 bits), torch's
`param_groups[0]["lr"]` as the loader hands out the batch (float64 bits).
tests/epoch_plan_runs.rs checks them bit for bit against the core's `optim::epoch_plan`.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "epoch_plan_runs.json")

KERAS3 = ("inverse_time", "exponential", "callback_keras3")
TORCH = ("torch_lambda", "torch_step")


def hx(values):
    import numpy as np

    a = np.asarray(values, dtype=np.float32).reshape(-1)
    return "".join("%08x" % int(v) for v in a.view(np.uint32))


def hx64(values):
    import numpy as np

    a = np.asarray(values, dtype=np.float64).reshape(-1)
    return "".join("%016x" % int(v) for v in a.view(np.uint64))


def data(fit):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(fit["samples"], 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype=np.float32)).astype(np.float32)
    return x, y


def keras_fit(kr, optimizer, callbacks, fit, read_lr, spe):
    """model.fit of a tiny model; the lr of each epoch's first and last update."""
    first, last = [], []

    class Recorder(kr.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            if batch == 0:
                first.append(read_lr())
            if batch == spe - 1:
                last.append(read_lr())

    x, y = data(fit)
    kr.utils.set_random_seed(0)
    model = kr.Sequential([kr.Input(shape=(4,)), kr.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(
        x,
        y,
        batch_size=fit["batch_size"],
        epochs=fit["epochs"],
        validation_split=fit["validation_split"],
        shuffle=False,
        verbose=0,
        callbacks=[*callbacks, Recorder()],
    )
    return {"iterations": int(optimizer.iterations.numpy()), "first": hx(first), "last": hx(last)}


def worker_legacy(case):
    """The run as written: tf_keras's legacy optimizer with decay= (TF_USE_LEGACY_KERAS=1)."""
    import tensorflow as tf

    opt = dict(case["optimizer"])
    cls = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad", "adamax": "Adamax", "nadam": "Nadam"}[opt.pop("name")]
    opt.pop("api")
    optimizer = getattr(tf.keras.optimizers.legacy, cls)(**opt)
    out = keras_fit(tf.keras, optimizer, [], case["fit"], lambda: optimizer._decayed_lr(tf.float32).numpy(), case["plan"]["steps_per_epoch"])
    out["class"] = type(optimizer).__module__ + "." + type(optimizer).__name__
    return out


def worker_keras(case, kind):
    """A Keras snippet, executed as written; then model.fit with its optimizer and callback."""
    import numpy as np

    ns = {"__name__": "snippet"}
    exec(case["snippets"][kind], ns)  # noqa: S102
    optimizer = ns["optimizer"]
    if kind == "callback_keras2":
        tf = ns["tf"]
        kr = tf.keras
        read = lambda: optimizer._decayed_lr(tf.float32).numpy()  # noqa: E731
    else:
        kr = ns["keras"]
        read = lambda: np.float32(kr.ops.convert_to_numpy(optimizer.learning_rate))  # noqa: E731
    callbacks = [ns["lr_callback"]] if "lr_callback" in ns else []
    out = keras_fit(kr, optimizer, callbacks, case["fit"], read, case["plan"]["steps_per_epoch"])
    out["class"] = type(optimizer).__module__ + "." + type(optimizer).__name__
    return out


def worker_torch(case, kind):
    """A PyTorch snippet's loop, executed as written over a loader of the run's batches."""
    import torch

    fit, spe = case["fit"], case["plan"]["steps_per_epoch"]
    x, y = data(fit)
    train = case["plan"]["train_samples"]
    x, y = torch.from_numpy(x[:train]), torch.from_numpy(y[:train])
    batches = [(x[i : i + fit["batch_size"]], y[i : i + fit["batch_size"]]) for i in range(0, train, fit["batch_size"])]
    assert len(batches) == spe, (len(batches), spe)
    first, last = [], []
    ns = {"__name__": "snippet"}

    class Loader:
        def __iter__(self):
            for i, batch in enumerate(batches):
                lr = ns["optimizer"].param_groups[0]["lr"]
                if i == 0:
                    first.append(lr)
                if i == spe - 1:
                    last.append(lr)
                yield batch

    torch.manual_seed(0)
    ns.update({"model": torch.nn.Linear(4, 1), "train_loader": Loader(), "loss_fn": torch.nn.MSELoss()})
    exec(case["snippets"][kind], ns)  # noqa: S102
    return {"torch": torch.__version__, "class": type(ns["scheduler"]).__name__, "first": hx64(first), "last": hx64(last)}


def run_worker(case, kind):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "case.json")
        with open(path, "w") as fh:
            json.dump(case, fh)
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
        if kind in ("legacy", "callback_keras2"):
            env["TF_USE_LEGACY_KERAS"] = "1"
        r = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", kind, path], capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise SystemExit(f"{case['name']} {kind} failed:\n{r.stderr[-4000:]}")
        return json.loads(r.stdout.strip().split("\n")[-1])


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def versions():
    code = "import json, sys, numpy, tensorflow as tf, tf_keras, keras, torch; print(json.dumps({'python': sys.version.split()[0], 'numpy': numpy.__version__, 'tensorflow': tf.__version__, 'tf_keras': tf_keras.__version__, 'keras': keras.__version__, 'torch': torch.__version__}))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return json.loads(r.stdout.strip().split("\n")[-1])


def main():
    """Runs every case; a run whose snippet (sha256) is already recorded is kept (delete the file
    to run everything again). Written after every run."""
    cases = json.loads(subprocess.run(["node", os.path.join(ROOT, "scripts", "plan-cases.mjs")], capture_output=True, text=True, check=True).stdout)
    old = {}
    if os.path.exists(OUT):
        with open(OUT) as fh:
            for c in json.load(fh)["cases"]:
                for kind, r in c["runs"].items():
                    old[(c["name"], kind, r.get("sha256"), json.dumps(c["optimizer"], sort_keys=True), json.dumps(c["fit"], sort_keys=True))] = r
    record = {"versions": versions(), "cases": []}
    for case in cases:
        plan = case["plan"]
        numbers = {k: plan[k] for k in ("train_samples", "steps_per_epoch", "updates", "epochs", "learning_rate", "decay", "decay_steps", "decay_rate", "factor")}
        runs = {}
        entry = {"name": case["name"], "optimizer": case["optimizer"], "fit": case["fit"], "plan": numbers, "runs": runs}
        record["cases"].append(entry)
        for kind in ("legacy", *KERAS3, "callback_keras2", *TORCH):
            source = case["snippets"].get(kind) if kind != "legacy" else None
            if kind != "legacy" and source is None:
                continue
            digest = sha(source) if source is not None else None
            key = (case["name"], kind, digest, json.dumps(case["optimizer"], sort_keys=True), json.dumps(case["fit"], sort_keys=True))
            if key not in old:
                print(case["name"], kind, file=sys.stderr, flush=True)
                old[key] = {"sha256": digest, **run_worker(case, kind)}
            runs[kind] = old[key]
            with open(OUT, "w") as fh:
                json.dump(record, fh, indent=1)
                fh.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        kind = sys.argv[2]
        with open(sys.argv[3]) as fh:
            case = json.load(fh)
        if kind == "legacy":
            result = worker_legacy(case)
        elif kind in TORCH:
            result = worker_torch(case, kind)
        else:
            result = worker_keras(case, kind)
        print(json.dumps(result))
    else:
        main()
