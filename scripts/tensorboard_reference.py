#!/usr/bin/env python3
"""Executes the snippets the code panel exports and records what they did (issue 14).

Run by hand (not in CI), from the crate root:

    pip install tensorflow-cpu tf-keras tensorboard torch
    python3 scripts/tensorboard_reference.py          # writes tests/data/snippet_runs.json
    python3 scripts/tensorboard_reference.py fixture  # reads tests/data/cnn.tfevents back

`fixture` opens the event file the Rust core wrote (the CNN page's "Download TensorBoard log",
tests/data/cnn.tfevents) with TensorBoard's EventAccumulator and records every scalar it sees
(tests/data/cnn_tfevents_read.json); tests/tfevents.rs checks them against the run bit for bit.

The snippets come from the page's own generator (`node scripts/snippet-cases.mjs`), so what runs
here is byte for byte what a user copies; their sha256 is recorded and tests/snippets.test.mjs
fails when the generator's output changes without a new recording.

1. model.fit with the exported EffectiveLearningRate callback (Keras 2 legacy and Keras 3
   snippets): a tiny Dense model, 50 examples, batch 16 (4 steps per epoch), 3 epochs, one
   callback with every="batch", one with every="epoch", and Keras's own TensorBoard callback.
   The event files are read back with TensorBoard's reader
   (tensorboard.backend.event_processing.event_accumulator) and every scalar is recorded as
   (step, float32 bits); History's lr / lr_effective too. tests/tensorboard_callback.rs checks them
   bit for bit against the core's optim::lr_schedule.
2. Every Keras 2 legacy snippet: its module-level optimizer minimises its own f from its own start
   (the loop of its main()) recording per step the gradient, the parameters after the update and
   `_decayed_lr` before it; then its main() runs as exported (3 steps).
   tests/snippet_runs.rs replays the gradients through the core and compares bit for bit.
3. Every PyTorch snippet (real torch): its main()'s loop, recording per update
   `scheduler.get_last_lr()` (or the param group's lr) before `optimizer.step()` and the
   parameters after; then main() as exported. tests/snippets.test.mjs checks LambdaLR's lr
   against lr / (1 + decay * step) and the recorded Keras-vs-PyTorch distance.

Each snippet runs in its own Python process (the Keras 2 snippets set TF_USE_LEGACY_KERAS before
importing TensorFlow).
"""
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "snippet_runs.json")


def hx(values):
    import numpy as np

    a = np.asarray(values, dtype=np.float32).reshape(-1)
    return "".join("%08x" % int(v) for v in a.view(np.uint32))


def hx64(values):
    import numpy as np

    a = np.asarray(values, dtype=np.float64).reshape(-1)
    return "".join("%016x" % int(v) for v in a.view(np.uint64))


def load(path, name="snippet"):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def read_events(log_dir):
    """{run: {tag: [[step, f32 hex]]}} for every event file under log_dir, via TensorBoard."""
    import numpy as np
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.util import tensor_util

    out = {}
    for run_dir, _, files in sorted(os.walk(log_dir)):
        if not any("tfevents" in f for f in files):
            continue
        acc = event_accumulator.EventAccumulator(run_dir, size_guidance={"scalars": 0, "tensors": 0})
        acc.Reload()
        tags = {}
        for tag in acc.Tags()["scalars"]:
            tags[tag] = [[e.step, hx([e.value])] for e in acc.Scalars(tag)]
        for tag in acc.Tags()["tensors"]:
            if acc.SummaryMetadata(tag).plugin_data.plugin_name != "scalars":
                continue  # the model config, graphs
            rows = []
            for e in acc.Tensors(tag):
                v = np.asarray(tensor_util.make_ndarray(e.tensor_proto))
                assert v.shape == () and v.dtype == np.float32, (tag, v.shape, v.dtype)
                rows.append([e.step, hx([v])])
            tags[tag] = rows
        out[os.path.relpath(run_dir, log_dir)] = tags
    return out


def read_fixture():
    import shutil

    from tensorboard.backend.event_processing import event_accumulator

    with tempfile.TemporaryDirectory() as d:
        # TensorBoard finds event files by name.
        shutil.copy(os.path.join(ROOT, "tests", "data", "cnn.tfevents"), os.path.join(d, "events.out.tfevents.1798761600.optimizer-playground"))
        acc = event_accumulator.EventAccumulator(d, size_guidance={"scalars": 0})
        acc.Reload()
        tags = acc.Tags()
        scalars = {t: [[e.step, hx([e.value]), e.wall_time] for e in acc.Scalars(t)] for t in tags["scalars"]}
        import tensorboard

        out = {
            "tensorboard": tensorboard.__version__,
            "file_version": acc.file_version,
            "other_tags": {k: v for k, v in tags.items() if k != "scalars" and v},
            "scalars": scalars,
        }
    path = os.path.join(ROOT, "tests", "data", "cnn_tfevents_read.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(path, file=sys.stderr)


def worker_fit(path, flavour, log_dir, fit):
    """model.fit with the snippet's optimizer and its EffectiveLearningRate callback."""
    import numpy as np

    m = load(path)
    tf = m.tf
    kr = m.keras if flavour == "keras3" else tf.keras
    rng = np.random.default_rng(0)
    x = rng.normal(size=(fit["examples"], 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype=np.float32)).astype(np.float32)
    kr.utils.set_random_seed(0)
    model = kr.Sequential([kr.Input(shape=(4,)), kr.layers.Dense(1)])
    model.compile(optimizer=m.optimizer, loss="mse")
    history = model.fit(
        x,
        y,
        batch_size=fit["batch_size"],
        epochs=fit["epochs"],
        shuffle=False,
        verbose=0,
        callbacks=[
            m.EffectiveLearningRate(os.path.join(log_dir, "lr_batch"), every="batch"),
            m.EffectiveLearningRate(os.path.join(log_dir, "lr_epoch"), every="epoch"),
            kr.callbacks.TensorBoard(os.path.join(log_dir, "keras")),
        ],
    )
    iterations = int(m.optimizer.iterations.numpy())
    hist = {k: hx(v) for k, v in history.history.items() if k in ("lr", "lr_effective", "loss")}
    return {"iterations": iterations, "history": hist, "events": read_events(log_dir)}


def worker_keras2(path, steps):
    """The legacy snippet's loop, recorded; then its main() as exported."""
    m = load(path)
    tf = m.tf
    opt = m.optimizer

    p = tf.Variable(json.loads(os.environ["SNIPPET_START"]), dtype=tf.float32)
    legacy = hasattr(opt, "_decayed_lr")
    grads, params, lrs = [], [], []
    for _ in range(steps):
        lrs.append(float(opt._decayed_lr(tf.float32)) if legacy else float(opt.learning_rate))
        with tf.GradientTape() as tape:
            loss = m.f(p)
        g = tape.gradient(loss, p)
        opt.apply_gradients([(g, p)])
        grads.append(g.numpy())
        params.append(p.numpy())
    out = {"class": type(opt).__module__ + "." + type(opt).__name__, "steps": steps, "grads": hx(grads), "params": hx(params), "effective_lr": hx(lrs)}
    m2 = load(path, "snippet_main")
    m2.main(steps=3)
    return out


def worker_torch(path, steps):
    """The PyTorch snippet's main() loop, recorded; then its main() as exported."""
    import torch

    m = load(path)
    p = torch.tensor(json.loads(os.environ["SNIPPET_START"]), requires_grad=True)
    src = open(path).read()
    # Build the optimizer (and scheduler) exactly as main() does: run main's body up to the loop.
    body = src[src.index("def main(") :]
    lines = body.split("\n")[2:]
    setup = []
    for line in lines:
        if line.strip().startswith("for _ in range(steps):"):
            break
        setup.append(line[4:])
    scope = dict(vars(m))
    scope["p"] = p
    exec("\n".join(setup), scope)  # noqa: S102
    optimizer, scheduler = scope["optimizer"], scope.get("scheduler")
    lrs, params, last_lr = [], [], []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])
        if scheduler is not None:
            last_lr.append(scheduler.get_last_lr()[0])
        optimizer.zero_grad()
        loss = m.f(p)
        loss.backward()
        if hasattr(m, "WEIGHT_DECAY"):
            with torch.no_grad():
                p.sub_(p * m.WEIGHT_DECAY * optimizer.param_groups[0]["lr"])
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        params.append(p.detach().numpy().copy())
    m.main(steps=3)
    out = {"torch": torch.__version__, "steps": steps, "lr": hx64(lrs), "params": hx(params)}
    if scheduler is not None:
        out["get_last_lr"] = hx64(last_lr)
    return out


def run_worker(kind, source, *args, env=None):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "snippet.py")
        with open(path, "w") as fh:
            fh.write(source)
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, path, *map(str, args)]
        e = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", **(env or {})}
        if kind == "fit":
            cmd.append(os.path.join(d, "logs"))
        r = subprocess.run(cmd, capture_output=True, text=True, env=e)
        if r.returncode != 0:
            raise SystemExit(f"{kind} worker failed:\n{r.stderr[-4000:]}")
        return json.loads(r.stdout.strip().split("\n")[-1])


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def versions():
    code = "import json, sys, numpy, tensorflow as tf, tf_keras, keras, tensorboard, torch; print(json.dumps({'python': sys.version.split()[0], 'numpy': numpy.__version__, 'tensorflow': tf.__version__, 'tf_keras': tf_keras.__version__, 'keras': keras.__version__, 'tensorboard': tensorboard.__version__, 'torch': torch.__version__}))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return json.loads(r.stdout.strip().split("\n")[-1])


def main():
    """Runs every case; a case whose snippet (sha256) and kind are already in the output file is
    kept as recorded (delete the file to run everything again). Written after every case."""
    cases = json.loads(subprocess.run(["node", os.path.join(ROOT, "scripts", "snippet-cases.mjs")], capture_output=True, text=True, check=True).stdout)
    old = {}
    if os.path.exists(OUT):
        with open(OUT) as fh:
            prev = json.load(fh)
        for kind in ("fit_runs", "keras2_runs", "pytorch_runs"):
            for r in prev.get(kind, []):
                old[(kind, r["name"], r["sha256"])] = r
    record = {"versions": versions(), "fit": cases["fit"], "fit_runs": [], "keras2_runs": [], "pytorch_runs": []}

    def save():
        with open(OUT, "w") as fh:
            json.dump(record, fh, separators=(",", ":"))

    def case(kind, name, source, make):
        key = (kind, name, sha(source))
        if key not in old:
            old[key] = make()
            print(kind, name, file=sys.stderr)
        record[kind].append(old[key])
        save()

    for c in cases["fit_cases"]:
        flavour = "keras2" if c["config"]["api"] == "legacy" else "keras3"
        case("fit_runs", c["name"], c[flavour], lambda c=c, flavour=flavour: {"name": c["name"], "snippet": flavour, "config": c["config"], "sha256": sha(c[flavour]), **run_worker("fit", c[flavour], "keras3" if flavour == "keras3" else "legacy", json.dumps(cases["fit"]))})
    for c in cases["snippets"]:
        env = {"SNIPPET_START": json.dumps(c["scene"]["start"])}
        steps = c["scene"]["steps"]
        head = {"name": c["name"], "config": c["config"], "scene": c["scene"]}
        case("keras2_runs", c["name"], c["keras2"], lambda c=c, env=env, steps=steps, head=head: {**head, "sha256": sha(c["keras2"]), **run_worker("keras2", c["keras2"], steps, env=env)})
        case("pytorch_runs", c["name"], c["pytorch"], lambda c=c, env=env, steps=steps, head=head: {**head, "sha256": sha(c["pytorch"]), **run_worker("torch", c["pytorch"], steps, env=env)})
    save()
    print(OUT, os.path.getsize(OUT), "bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        kind, path = sys.argv[2], sys.argv[3]
        if kind == "fit":
            result = worker_fit(path, sys.argv[4], sys.argv[6], json.loads(sys.argv[5]))
        elif kind == "keras2":
            result = worker_keras2(path, int(sys.argv[4]))
        else:
            result = worker_torch(path, int(sys.argv[4]))
        print(json.dumps(result))
    elif sys.argv[1:] == ["fixture"]:
        read_fixture()
    else:
        main()
