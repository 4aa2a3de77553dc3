#!/usr/bin/env python3
"""Trains tiny models with real Keras and keeps every log a user could bring to the page: the
TensorBoard event files, the CSVLogger file, the console output and the printed
`history.history` of each run (tests/data/training_logs/), and what TensorBoard's own reader
(`EventAccumulator`) and Python's `csv` read from them (tests/data/training_logs/read.json).

Run by hand (not in CI), from the crate root:

    pip install tensorflow-cpu tf-keras tensorboard
    python3 scripts/training_log_reference.py
    python3 scripts/training_log_reference.py corrected   # after a build: the page's corrected log

Runs (each in its own Python process, 640 examples, validation_split 0.2 → 512 training
examples, batch 32 → 16 updates per epoch, 4 epochs):
- `legacy-batch`: tf_keras legacy Adam(learning_rate=0.003, decay=0.01), TensorBoard
  update_freq="batch", CSVLogger, verbose=1;
- `legacy-epoch-scheduler`: the same with update_freq="epoch" and a LearningRateScheduler that
  returns the lr it is given (so Keras logs `lr`), verbose=2;
- `keras3-schedule`: Keras 3 Adam with InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.01),
  TensorBoard, CSVLogger, verbose=1;
- `keras3-ignored-decay`: Keras 3 Adam(learning_rate=0.003, decay=0.01) (Keras warns and ignores
  decay), verbose=2;
- `tf1-simple-value`: a TF 1 style file written with tf.compat.v1's FileWriter and
  `Summary.Value(simple_value=…)`.
The console output is captured as the terminal gets it (carriage returns and backspaces kept).
tests/training_log.rs checks that the core reads the same series, bit for bit.
"""
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "training_logs")
RUNS = ["legacy-batch", "legacy-epoch-scheduler", "keras3-schedule", "keras3-ignored-decay"]


def hx(values):
    import numpy as np

    a = np.asarray(values, dtype=np.float32).reshape(-1)
    return "".join("%08x" % int(v) for v in a.view(np.uint32))


def worker(name, log_dir):
    """Trains one run; its logs go to log_dir (tensorboard/, training.csv)."""
    import numpy as np

    legacy = name.startswith("legacy")
    if legacy:
        import tensorflow as tf

        kr = tf.keras
    else:
        import keras as kr
    rng = np.random.default_rng(0)
    x = rng.normal(size=(640, 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype=np.float32) > 0).astype(np.float32)
    kr.utils.set_random_seed(0)
    model = kr.Sequential([kr.Input(shape=(4,)), kr.layers.Dense(8, activation="relu"), kr.layers.Dense(1, activation="sigmoid")])
    if name == "legacy-batch" or name == "legacy-epoch-scheduler":
        opt = kr.optimizers.legacy.Adam(learning_rate=0.003, decay=0.01)
    elif name == "keras3-schedule":
        opt = kr.optimizers.Adam(learning_rate=kr.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.01))
    else:
        opt = kr.optimizers.Adam(learning_rate=0.003, decay=0.01)
    model.compile(optimizer=opt, loss="binary_crossentropy", metrics=["accuracy"])
    callbacks = [
        kr.callbacks.TensorBoard(os.path.join(log_dir, "tensorboard"), update_freq="batch" if name == "legacy-batch" else "epoch"),
        kr.callbacks.CSVLogger(os.path.join(log_dir, "training.csv")),
    ]
    if name == "legacy-epoch-scheduler":
        callbacks.append(kr.callbacks.LearningRateScheduler(lambda epoch, lr: lr))
    verbose = 1 if name in ("legacy-batch", "keras3-schedule") else 2
    history = model.fit(x, y, batch_size=32, epochs=4, validation_split=0.2, shuffle=False, verbose=verbose, callbacks=callbacks)
    sys.stdout.flush()
    print("\nHISTORY " + repr(history.history))


def tf1_file(log_dir):
    import tensorflow as tf

    with tf.Graph().as_default():
        writer = tf.compat.v1.summary.FileWriter(log_dir)
        for step in range(5):
            s = tf.compat.v1.Summary(value=[tf.compat.v1.Summary.Value(tag="loss", simple_value=1.0 / (step + 1)), tf.compat.v1.Summary.Value(tag="lr", simple_value=0.003)])
            writer.add_summary(s, step)
        writer.close()


def read_events(run_dir):
    """{tag: [[step, f32 hex]]} as TensorBoard's EventAccumulator reads one run directory."""
    import numpy as np
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.util import tensor_util

    acc = event_accumulator.EventAccumulator(run_dir, size_guidance={"scalars": 0, "tensors": 0})
    acc.Reload()
    tags = {}
    for tag in acc.Tags()["scalars"]:
        tags[tag] = [[e.step, hx([e.value])] for e in acc.Scalars(tag)]
    other = []
    for tag in acc.Tags()["tensors"]:
        if acc.SummaryMetadata(tag).plugin_data.plugin_name != "scalars":
            other.append(tag)
            continue
        rows = []
        for e in acc.Tensors(tag):
            v = np.asarray(tensor_util.make_ndarray(e.tensor_proto))
            rows.append([e.step, hx([v])])
        tags[tag] = rows
    return {"scalars": tags, "other_tags": sorted(other)}


def versions():
    code = "import json, sys, numpy, tensorflow as tf, tf_keras, keras, tensorboard; print(json.dumps({'python': sys.version.split()[0], 'numpy': numpy.__version__, 'tensorflow': tf.__version__, 'tf_keras': tf_keras.__version__, 'keras': keras.__version__, 'tensorboard': tensorboard.__version__}))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return json.loads(r.stdout.strip().split("\n")[-1])


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    record = {"versions": versions(), "runs": {}}
    for name in RUNS:
        with tempfile.TemporaryDirectory() as d:
            env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "TERM": "xterm"}
            if name.startswith("legacy"):
                env["TF_USE_LEGACY_KERAS"] = "1"
            r = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", name, d], capture_output=True, env=env)
            if r.returncode != 0:
                raise SystemExit(f"{name} failed:\n{r.stderr.decode()[-4000:]}")
            out = r.stdout.decode()
            console, _, hist = out.rpartition("\nHISTORY ")
            dest = os.path.join(OUT, name)
            os.makedirs(dest)
            with open(os.path.join(dest, "console.txt"), "w", newline="") as fh:
                fh.write(console.lstrip("\n"))
            with open(os.path.join(dest, "history.txt"), "w") as fh:
                fh.write(hist.strip() + "\n")
            shutil.copy(os.path.join(d, "training.csv"), os.path.join(dest, "training.csv"))
            events = {}
            for sub in ("train", "validation"):
                files = glob.glob(os.path.join(d, "tensorboard", sub, "events.out.tfevents.*"))
                if not files:
                    continue
                os.makedirs(os.path.join(dest, "logs", sub))
                for f in files:
                    shutil.copy(f, os.path.join(dest, "logs", sub, "events.out.tfevents.fixture.v2"))
                events[sub] = read_events(os.path.join(dest, "logs", sub))
            with open(os.path.join(dest, "training.csv"), newline="") as fh:
                rows = list(csv.DictReader(fh))
            record["runs"][name] = {"events": events, "csv": rows, "warnings": [line for line in r.stderr.decode().splitlines() if "Warning" in line][:5]}
            print(name, file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--tf1", d], check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
        dest = os.path.join(OUT, "tf1-simple-value")
        os.makedirs(dest)
        (f,) = glob.glob(os.path.join(d, "events.out.tfevents.*"))
        shutil.copy(f, os.path.join(dest, "events.out.tfevents.fixture.v1"))
        record["runs"]["tf1-simple-value"] = {"events": {"": read_events(dest)}}
    with open(os.path.join(OUT, "read.json"), "w") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")
    print(OUT, file=sys.stderr)


def corrected():
    """The page's "Download the corrected log" for the legacy-batch run (Adam(0.003, decay=0.01),
    4 epochs of 16 updates), written by the core (www/pkg, a build is needed) at a fixed wall
    time, read back with TensorBoard's EventAccumulator (recorded in corrected.json)."""
    dest = os.path.join(OUT, "corrected")
    os.makedirs(dest, exist_ok=True)
    name = os.path.join(dest, "events.out.tfevents.1800000000.lr_effective")
    js = (
        "const fs = require('fs');"
        "import('./www/pkg/plane.js').then((w) => {"
        " w.initSync({ module: fs.readFileSync('www/pkg/plane_bg.wasm') });"
        " const b = w.correctedTrainingLog({ name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.01 },"
        " { samples: 1, batch_size: 1, epochs: 4, steps_per_epoch: 16 }, 1800000000);"
        f" fs.writeFileSync({json.dumps(name)}, b); }});"
    )
    subprocess.run(["node", "-e", js], check=True, cwd=ROOT)
    record = {"versions": versions(), "file": os.path.relpath(name, OUT), **read_events(dest)}
    with open(os.path.join(OUT, "corrected.json"), "w") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "--tf1":
        tf1_file(sys.argv[2])
    elif sys.argv[1:] == ["corrected"]:
        corrected()
    else:
        main()
