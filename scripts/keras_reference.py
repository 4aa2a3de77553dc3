#!/usr/bin/env python3
"""Records what REAL Keras optimizers do, for the Rust parity tests (tests/keras_parity.rs).

Run by hand (not in CI), from the crate root:

    pip install tensorflow-cpu tf-keras keras
    python3 scripts/keras_reference.py            # all three files
    python3 scripts/keras_reference.py keras3     # only tests/data/keras_keras3.json
    python3 scripts/keras_reference.py gradients  # only tests/data/tf_gradients.json
    python3 scripts/keras_reference.py more [ackley ...]  # only MORE_CASES' runs (of the
                                  # functions named), kept beside the files' other runs (same
                                  # versions required)

For every case below, a real optimizer (tf_keras.optimizers.legacy.* or keras.optimizers.*)
updates a float32 tf.Variable of shape (2,) with gradients from tf.GradientTape on 2D test
functions written in TensorFlow. Per step we record, as float32 bit patterns (8 hex digits per
value, concatenated, so no precision is lost):

  grads         the gradient handed to apply_gradients (2 values)
  params        the variable after the update (2 values)
  effective_lr  the learning rate the update used: legacy `_decayed_lr(tf.float32)` before the
                update (legacy Nadam: its raw `learning_rate`, which is what it really uses);
                Keras 3 `optimizer.learning_rate` before the update
  reported_lr   what `optimizer.lr` / `optimizer.learning_rate` reports before the update
                (for a schedule: schedule(iterations))
  keras_decayed_lr  legacy Nadam only: what `_decayed_lr` claims (decayed by schedule_decay)

plus the hyperparameters Keras actually used (`optimizer.get_config()`, defaults included), the
warnings the constructor raised, and the tensorflow / tf-keras / keras versions.

tests/data/tf_gradients.json holds tf.GradientTape's gradient of each function at fixed points,
ordinary and tiny ones (whose products are subnormal), for the seven functions of MORE_FUNCTIONS
also large ones and zero coordinates, for tests/keras_parity.rs.

Each case's "config" is the optimizer-playground OptimizerConfig JSON; the same dict builds the
Keras optimizer here (see make_optimizer), so both sides see identical arguments.
"""
import json
import math
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

LEGACY = tf_keras.optimizers.legacy
K3 = keras.optimizers

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")


def hx(values):
    a = np.asarray(values, dtype=np.float32).reshape(-1)
    return "".join("%08x" % int(v) for v in a.view(np.uint32))


# ---- 2D test functions, in float32 TensorFlow ---------------------------------------------
# Their Python comes from the core's function table (src/plane/functions.rs, generated into
# www/js/python-sources.js), the same text the page's exported Keras code writes, so that a
# person who runs that code gets these paths and the Rust gradients are autodiff of this very
# expression.
SOURCES_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www", "js", "python-sources.js")


def load_python_sources(path=SOURCES_JS):
    """The `PYTHON_SOURCES` object of the generated ES module, as a dict."""
    text = open(path, encoding="utf-8").read()
    start = text.index("export const PYTHON_SOURCES = ") + len("export const PYTHON_SOURCES = ")
    return json.loads(text[start:].rstrip().rstrip(";"))


def table_function(fid, condition_number=100.0):
    """The table's Python for `fid` as a TensorFlow function of a (2,) variable."""
    body = "\n    ".join(
        line.replace("{math}", "tf.math").replace("{k}", repr(float(condition_number)))
        for line in PYTHON_SOURCES[fid]["lines"]
    )
    scope = {"tf": tf, "math": math}
    exec(f"def {fid}(p):\n    x, y = p[0], p[1]\n    {body}\n", scope)
    return scope[fid]


PYTHON_SOURCES = load_python_sources()
rosenbrock = table_function("rosenbrock")
beale = table_function("beale")
himmelblau = table_function("himmelblau")
# The reference runs use κ = 50 (the page's default is 100).
ill_conditioned = table_function("ill_conditioned_quadratic", 50.0)
saddle = table_function("saddle")
booth = table_function("booth")
matyas = table_function("matyas")
rastrigin = table_function("rastrigin")
ackley = table_function("ackley")
styblinski_tang = table_function("styblinski_tang")
goldstein_price = table_function("goldstein_price")
six_hump_camel = table_function("six_hump_camel")


FUNCTIONS = {
    "rosenbrock": (rosenbrock, [-1.2, 1.0]),
    "beale": (beale, [1.0, 1.0]),
    "himmelblau": (himmelblau, [-0.5, 0.5]),
    "ill_conditioned": (ill_conditioned, [3.0, 1.0]),
    "saddle": (saddle, [1.0, 0.001]),
    # The rest start where the page does (FunctionSpec::default_start), except Rastrigin, from
    # a start where the analytic gradient was seen to leave Keras's RMSprop path.
    "booth": (booth, [-8.0, 8.0]),
    "matyas": (matyas, [8.0, 3.0]),
    "rastrigin": (rastrigin, [2.2, -1.7]),
    "ackley": (ackley, [-3.0, 3.5]),
    "styblinski_tang": (styblinski_tang, [4.0, 4.5]),
    "goldstein_price": (goldstein_price, [-1.0, 1.5]),
    "six_hump_camel": (six_hump_camel, [-2.0, 1.0]),
}
# CASES run on the first five; MORE_CASES on the other seven.
FIRST_FIVE = ["rosenbrock", "beale", "himmelblau", "ill_conditioned", "saddle"]
MORE_FUNCTIONS = [f for f in FUNCTIONS if f not in FIRST_FIVE]

LONG = 2500
SHORT = 300
# Keras 3 optimizers are ~20x slower per eager step than the legacy fused kernels, so the
# Keras 3 cases run fewer steps (still covering every schedule phase) on three functions,
# except the InverseTimeDecay(decay_steps=1) replacement of the seed config, on all five.
K3_LONG = 1000
K3_SHORT = 200
K3_FUNCTIONS = ["rosenbrock", "himmelblau", "saddle"]
# Keras 3 Adagrad / Adamax / Nadam and the PolynomialDecay / CosineDecayRestarts schedules: long
# enough for several restarts, the polynomial floor and Nadam's momentum schedule to settle.
K3_MORE = 300

# (case name, OptimizerConfig JSON, steps, steps_per_epoch or None)
CASES = [
    # --- tf_keras.optimizers.legacy ---
    ("legacy_adam_seed", {"api": "legacy", "name": "adam", "learning_rate": 0.003, "decay": 0.0002}, LONG, 50),
    ("legacy_adam_no_decay", {"api": "legacy", "name": "adam", "learning_rate": 0.003}, SHORT, None),
    ("legacy_adam_amsgrad", {"api": "legacy", "name": "adam", "learning_rate": 0.003, "amsgrad": True, "decay": 0.0002}, SHORT, None),
    ("legacy_adam_large_decay", {"api": "legacy", "name": "adam", "learning_rate": 0.003, "decay": 0.05}, SHORT, None),
    ("legacy_adam_large_lr", {"api": "legacy", "name": "adam", "learning_rate": 0.5}, SHORT, None),
    ("legacy_adam_epsilon_zero", {"api": "legacy", "name": "adam", "learning_rate": 0.01, "epsilon": 0.0}, SHORT, None),
    ("legacy_adam_large_epsilon", {"api": "legacy", "name": "adam", "learning_rate": 0.01, "epsilon": 0.1, "beta_1": 0.8, "beta_2": 0.99}, SHORT, None),
    ("legacy_sgd", {"api": "legacy", "name": "sgd", "learning_rate": 0.0005}, SHORT, None),
    ("legacy_sgd_momentum", {"api": "legacy", "name": "sgd", "learning_rate": 0.0005, "momentum": 0.9}, SHORT, None),
    ("legacy_sgd_nesterov", {"api": "legacy", "name": "sgd", "learning_rate": 0.0005, "momentum": 0.9, "nesterov": True}, SHORT, None),
    ("legacy_sgd_decay", {"api": "legacy", "name": "sgd", "learning_rate": 0.001, "momentum": 0.5, "decay": 0.01}, SHORT, None),
    ("legacy_rmsprop", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.003}, SHORT, None),
    ("legacy_rmsprop_momentum", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.003, "momentum": 0.9, "decay": 0.001}, SHORT, None),
    ("legacy_rmsprop_centered", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.003, "centered": True, "rho": 0.8}, SHORT, None),
    ("legacy_rmsprop_centered_momentum", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.003, "centered": True, "momentum": 0.5}, SHORT, None),
    ("legacy_adagrad", {"api": "legacy", "name": "adagrad", "learning_rate": 0.05, "decay": 0.001}, SHORT, None),
    ("legacy_adamax", {"api": "legacy", "name": "adamax", "learning_rate": 0.01, "decay": 0.0002}, SHORT, None),
    ("legacy_nadam_decay_ignored", {"api": "legacy", "name": "nadam", "learning_rate": 0.003, "decay": 0.05}, SHORT, None),
    ("legacy_adam_schedule_and_decay", {"api": "legacy", "name": "adam", "learning_rate": {"schedule": "inverse_time_decay", "initial_learning_rate": 0.003, "decay_steps": 10, "decay_rate": 0.5, "staircase": True}, "decay": 0.001}, SHORT, None),
    # --- keras 3 ---
    ("keras3_adam_inverse_time_per_step", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "inverse_time_decay", "initial_learning_rate": 0.003, "decay_steps": 1, "decay_rate": 0.0002}}, K3_LONG, 50),
    ("keras3_adam_inverse_time_staircase_epoch", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "inverse_time_decay", "initial_learning_rate": 0.003, "decay_steps": 50, "decay_rate": 0.01, "staircase": True}}, K3_SHORT, 50),
    ("keras3_adam_decay_ignored", {"api": "keras3", "name": "adam", "learning_rate": 0.003, "decay": 0.0002}, K3_SHORT, None),
    ("keras3_adam_amsgrad", {"api": "keras3", "name": "adam", "learning_rate": 0.003, "amsgrad": True}, K3_SHORT, None),
    ("keras3_adam_epsilon_zero", {"api": "keras3", "name": "adam", "learning_rate": 0.01, "epsilon": 0.0}, K3_SHORT, None),
    ("keras3_adam_exponential", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "exponential_decay", "initial_learning_rate": 0.01, "decay_steps": 100, "decay_rate": 0.5}}, K3_SHORT, None),
    ("keras3_adam_exponential_staircase", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "exponential_decay", "initial_learning_rate": 0.01, "decay_steps": 30, "decay_rate": 0.7, "staircase": True}}, K3_SHORT, None),
    ("keras3_adam_piecewise", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "piecewise_constant_decay", "boundaries": [100, 200], "values": [0.01, 0.005, 0.001]}}, K3_SHORT, None),
    ("keras3_adam_cosine", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "cosine_decay", "initial_learning_rate": 0.01, "decay_steps": 150, "alpha": 0.1}}, K3_SHORT, None),
    ("keras3_adam_cosine_warmup", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "cosine_decay", "initial_learning_rate": 0.0, "decay_steps": 100, "alpha": 0.05, "warmup_target": 0.01, "warmup_steps": 50}}, K3_SHORT, None),
    ("keras3_adamw", {"api": "keras3", "name": "adamw", "learning_rate": 0.003, "weight_decay": 0.004}, K3_SHORT, None),
    ("keras3_adamw_schedule", {"api": "keras3", "name": "adamw", "learning_rate": {"schedule": "inverse_time_decay", "initial_learning_rate": 0.01, "decay_steps": 1, "decay_rate": 0.001}, "weight_decay": 0.1}, K3_SHORT, None),
    ("keras3_sgd_nesterov", {"api": "keras3", "name": "sgd", "learning_rate": 0.0005, "momentum": 0.9, "nesterov": True}, K3_SHORT, None),
    ("keras3_sgd_weight_decay", {"api": "keras3", "name": "sgd", "learning_rate": 0.0005, "weight_decay": 0.01}, K3_SHORT, None),
    ("keras3_rmsprop", {"api": "keras3", "name": "rmsprop", "learning_rate": 0.003}, K3_SHORT, None),
    ("keras3_rmsprop_centered_momentum", {"api": "keras3", "name": "rmsprop", "learning_rate": 0.003, "centered": True, "momentum": 0.5}, K3_SHORT, None),
    # Keras 3 Adagrad (epsilon inside the sqrt), Adamax, Nadam (u_product, 0.96 ** t).
    ("keras3_adagrad_defaults", {"api": "keras3", "name": "adagrad"}, K3_MORE, None),
    ("keras3_adagrad_epsilon", {"api": "keras3", "name": "adagrad", "learning_rate": 0.05, "initial_accumulator_value": 0.01, "epsilon": 0.1}, K3_MORE, None),
    ("keras3_adagrad_weight_decay_polynomial", {"api": "keras3", "name": "adagrad", "learning_rate": {"schedule": "polynomial_decay", "initial_learning_rate": 0.1, "decay_steps": 200, "end_learning_rate": 0.01}, "weight_decay": 0.01}, K3_MORE, None),
    ("keras3_adamax_defaults", {"api": "keras3", "name": "adamax"}, K3_MORE, None),
    ("keras3_adamax", {"api": "keras3", "name": "adamax", "learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 0.01}, K3_MORE, None),
    ("keras3_adamax_weight_decay_restarts", {"api": "keras3", "name": "adamax", "learning_rate": {"schedule": "cosine_decay_restarts", "initial_learning_rate": 0.02, "first_decay_steps": 20}, "weight_decay": 0.05}, K3_MORE, None),
    ("keras3_nadam_defaults", {"api": "keras3", "name": "nadam"}, K3_MORE, None),
    ("keras3_nadam", {"api": "keras3", "name": "nadam", "learning_rate": 0.003, "beta_1": 0.95, "beta_2": 0.99, "epsilon": 1e-4}, K3_MORE, None),
    ("keras3_nadam_weight_decay_exponential", {"api": "keras3", "name": "nadam", "learning_rate": {"schedule": "exponential_decay", "initial_learning_rate": 0.01, "decay_steps": 100, "decay_rate": 0.5}, "weight_decay": 0.02}, K3_MORE, None),
    # Keras 3 PolynomialDecay and CosineDecayRestarts.
    ("keras3_adam_polynomial", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "polynomial_decay", "initial_learning_rate": 0.01, "decay_steps": 150}}, K3_MORE, None),
    ("keras3_adam_polynomial_power_cycle", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "polynomial_decay", "initial_learning_rate": 0.01, "decay_steps": 70, "end_learning_rate": 0.001, "power": 2.5, "cycle": True}}, K3_MORE, None),
    ("keras3_adam_cosine_restarts", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "cosine_decay_restarts", "initial_learning_rate": 0.01, "first_decay_steps": 20}}, K3_MORE, None),
    ("keras3_adam_cosine_restarts_t_mul_1", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "cosine_decay_restarts", "initial_learning_rate": 0.01, "first_decay_steps": 45, "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}}, K3_MORE, None),
    ("keras3_sgd_cosine_restarts_t_mul_1_5", {"api": "keras3", "name": "sgd", "learning_rate": {"schedule": "cosine_decay_restarts", "initial_learning_rate": 0.0005, "first_decay_steps": 13, "t_mul": 1.5, "m_mul": 0.8, "alpha": 0.05}, "momentum": 0.9}, K3_MORE, None),
]

# The seven functions of MORE_FUNCTIONS, each under the optimizers whose paths the page draws
# most: long enough (600 updates) for an ulp of gradient to grow into a visible drift. SGD takes
# a learning rate per function (MORE_SGD_LR): one rate for all either crawls on the flat ones
# or leaves Goldstein-Price's domain in a few steps.
MORE_STEPS = 600
MORE_CASES = [
    ("more_legacy_adam_decay", {"api": "legacy", "name": "adam", "learning_rate": 0.01, "decay": 0.001}, MORE_STEPS, None),
    ("more_legacy_adam_amsgrad", {"api": "legacy", "name": "adam", "learning_rate": 0.01, "amsgrad": True, "decay": 0.0002}, MORE_STEPS, None),
    ("more_legacy_sgd_nesterov", {"api": "legacy", "name": "sgd", "learning_rate": None, "momentum": 0.9, "nesterov": True}, MORE_STEPS, None),
    ("more_legacy_rmsprop", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.01, "decay": 0.001}, MORE_STEPS, None),
    ("more_legacy_rmsprop_momentum", {"api": "legacy", "name": "rmsprop", "learning_rate": 0.01, "momentum": 0.5, "decay": 0.001}, MORE_STEPS, None),
    ("more_legacy_adagrad", {"api": "legacy", "name": "adagrad", "learning_rate": 0.1, "decay": 0.001}, MORE_STEPS, None),
    ("more_legacy_adamax", {"api": "legacy", "name": "adamax", "learning_rate": 0.02, "decay": 0.0002}, MORE_STEPS, None),
    ("more_keras3_adam_inverse_time", {"api": "keras3", "name": "adam", "learning_rate": {"schedule": "inverse_time_decay", "initial_learning_rate": 0.01, "decay_steps": 1, "decay_rate": 0.001}}, MORE_STEPS, 50),
]
MORE_SGD_LR = {
    "booth": 0.002,
    "matyas": 0.01,
    "rastrigin": 0.0005,
    "ackley": 0.01,
    "styblinski_tang": 0.001,
    "goldstein_price": 1e-6,
    "six_hump_camel": 0.001,
}


def more_config(cfg, fname):
    if cfg["learning_rate"] is None:
        return dict(cfg, learning_rate=MORE_SGD_LR[fname])
    return cfg


def make_schedule(mod, spec):
    kw = {k: v for k, v in spec.items() if k != "schedule"}
    cls = {
        "inverse_time_decay": mod.InverseTimeDecay,
        "exponential_decay": mod.ExponentialDecay,
        "piecewise_constant_decay": mod.PiecewiseConstantDecay,
        "cosine_decay": mod.CosineDecay,
        "polynomial_decay": mod.PolynomialDecay,
        "cosine_decay_restarts": mod.CosineDecayRestarts,
    }[spec["schedule"]]
    return cls(**kw)


def make_optimizer(cfg):
    api = cfg["api"]
    kw = {k: v for k, v in cfg.items() if k not in ("name", "api")}
    if isinstance(kw.get("learning_rate"), dict):
        mod = K3.schedules if api == "keras3" else tf_keras.optimizers.schedules
        kw["learning_rate"] = make_schedule(mod, kw["learning_rate"])
    if api == "legacy":
        cls = {
            "adam": LEGACY.Adam,
            "sgd": LEGACY.SGD,
            "rmsprop": LEGACY.RMSprop,
            "adagrad": LEGACY.Adagrad,
            "adamax": LEGACY.Adamax,
            "nadam": LEGACY.Nadam,
        }[cfg["name"]]
    else:
        cls = {
            "adam": K3.Adam,
            "adamw": K3.AdamW,
            "sgd": K3.SGD,
            "rmsprop": K3.RMSprop,
            "adagrad": K3.Adagrad,
            "adamax": K3.Adamax,
            "nadam": K3.Nadam,
        }[cfg["name"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opt = cls(**kw)
    return opt, [str(w.message) for w in caught]


def jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (bool, int, str)) or obj is None:
        return obj
    if isinstance(obj, (float, np.floating)):
        return float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    try:
        return jsonable(keras.saving.serialize_keras_object(obj))
    except Exception:  # noqa: BLE001
        return str(obj)


def f32(t):
    return np.float32(np.asarray(t, dtype=np.float32))


def lrs_before_update(opt, cfg):
    """(effective, reported, keras_decayed_lr or None) before the next update."""
    if cfg["api"] == "legacy":
        hyper = opt._get_hyper("learning_rate")
        if callable(hyper) and not isinstance(hyper, tf.Variable):
            reported = f32(hyper(opt.iterations))
        else:
            reported = f32(tf.convert_to_tensor(hyper, tf.float32))
        decayed = f32(opt._decayed_lr(tf.float32))
        if cfg["name"] == "nadam":
            # Legacy Nadam's _prepare_local reads the raw learning_rate; `_decayed_lr` would
            # apply schedule_decay, which Nadam never does to the lr.
            return reported, reported, decayed
        return decayed, reported, None
    lr = f32(opt.learning_rate)
    return lr, lr, None


def run(case, cfg, fname, steps):
    fn, x0 = FUNCTIONS[fname]
    opt, caught = make_optimizer(cfg)
    var = tf.Variable(np.array(x0, dtype=np.float32))
    grads, params, eff, rep, dec = [], [], [], [], []
    for _ in range(steps):
        e, r, d = lrs_before_update(opt, cfg)
        with tf.GradientTape() as tape:
            loss = fn(var)
        g = tape.gradient(loss, var)
        opt.apply_gradients([(g, var)])
        p = var.numpy()
        grads.append(g.numpy())
        params.append(p)
        eff.append(e)
        rep.append(r)
        if d is not None:
            dec.append(d)
        if not np.all(np.isfinite(p)) or np.max(np.abs(p)) > 1e6:
            break
    assert int(opt.iterations.numpy()) == len(params)
    record = {
        "case": case,
        "function": fname,
        "config": cfg,
        "keras_class": type(opt).__module__ + "." + type(opt).__name__,
        "keras_config": jsonable(opt.get_config()),
        "warnings": caught,
        "x0": hx(x0),
        "steps": len(params),
        "grads": hx(grads),
        "params": hx(params),
        "effective_lr": hx(eff),
        "reported_lr": hx(rep),
    }
    if dec:
        record["keras_decayed_lr"] = hx(dec)
    return record


GRADIENT_POINTS = 600


def gradient_points(rng, n):
    """Points at the scales where float32 gradients go wrong: ordinary ones, and tiny ones whose
    products are subnormal (TensorFlow's CPU kernels flush those to zero)."""
    points = []
    for k in range(n):
        scale = [3.0, 1.0, 1e-10, 1e-13, 1e-19, 3e-20, 1e-38][k % 7]
        ratio = [1.0, 1e-7, 1e7][k % 3]
        points.append(rng.standard_normal(2) * scale * np.array([1.0, ratio]))
    return np.asarray(points, dtype=np.float32)


MORE_GRADIENT_POINTS = 1000
# (x_min, x_max, y_min, y_max): the page's domains (FunctionSpec::domain).
DOMAINS = {
    "booth": (-10.0, 10.0, -10.0, 10.0),
    "matyas": (-10.0, 10.0, -10.0, 10.0),
    "rastrigin": (-5.12, 5.12, -5.12, 5.12),
    "ackley": (-5.0, 5.0, -5.0, 5.0),
    "styblinski_tang": (-5.0, 5.0, -5.0, 5.0),
    "goldstein_price": (-2.0, 2.0, -2.0, 2.0),
    "six_hump_camel": (-3.0, 3.0, -2.0, 2.0),
}


def more_gradient_points(rng, n, domain):
    """For the seven other functions: half the points uniform over the page's domain (where
    paths run), the rest tiny (subnormal products and sums, `sqrt` of a flushed zero), large
    (`sin`/`cos` range reduction, overflow to inf) or with an exact zero coordinate."""
    x0, x1, y0, y1 = domain
    points = []
    for k in range(n):
        kind = k % 10
        if kind < 5:
            p = rng.uniform([x0, y0], [x1, y1])
        elif kind < 9:
            scale = [1e-10, 1e-19, 1e-38, 1e4, 1e9, 1e20, 1e30, 1e-3][(k // 10) % 8]
            ratio = [1.0, 1e-7, 1e7][k % 3]
            p = rng.standard_normal(2) * scale * np.array([1.0, ratio])
        else:
            p = rng.uniform([x0, y0], [x1, y1]) * np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]][(k // 10) % 3])
        points.append(p)
    return np.asarray(points, dtype=np.float32)


def record_gradients():
    """tf.GradientTape's gradient of every function at fixed points: the gradient is
    TensorFlow's own float32 op sequence, which the playground reproduces bit for bit."""
    rng = np.random.default_rng(15)
    out = {}
    for fname, (fn, _) in FUNCTIONS.items():
        if fname in MORE_FUNCTIONS:
            points = more_gradient_points(rng, MORE_GRADIENT_POINTS, DOMAINS[fname])
        else:
            points = gradient_points(rng, GRADIENT_POINTS)
        var = tf.Variable(np.zeros(2, dtype=np.float32))
        grads = []
        for p in points:
            var.assign(p)
            with tf.GradientTape() as tape:
                loss = fn(var)
            grads.append(tape.gradient(loss, var).numpy())
        out[fname] = {"points": hx(points), "grads": hx(grads)}
    return out


def main():
    versions = {
        "tensorflow": tf.__version__,
        "tf_keras": tf_keras.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }
    apis = sys.argv[1:] or ["legacy", "keras3", "gradients"]
    # `more [function ...]`: only MORE_CASES (on the functions named, default all seven), merged
    # into the files' other runs (which take most of the time).
    only_more = "more" in apis
    more_functions = MORE_FUNCTIONS
    if only_more:
        more_functions = [a for a in apis if a in MORE_FUNCTIONS] or MORE_FUNCTIONS
        apis = [a for a in apis if a in ("legacy", "keras3")] or ["legacy", "keras3"]
    os.makedirs(OUT_DIR, exist_ok=True)
    if "gradients" in apis:
        path = os.path.join(OUT_DIR, "tf_gradients.json")
        with open(path, "w") as fh:
            json.dump({"versions": versions, "functions": record_gradients()}, fh, separators=(",", ":"))
        print(path, os.path.getsize(path), "bytes", file=sys.stderr)
        apis = [a for a in apis if a != "gradients"]
    for api in apis:
        runs = []
        path = os.path.join(OUT_DIR, f"keras_{api}.json")
        todo = []
        if only_more:
            with open(path) as fh:
                kept = json.load(fh)
            assert kept["versions"] == versions, (kept["versions"], versions)
            runs = [r for r in kept["runs"] if r["function"] not in more_functions]
        else:
            for case, cfg, steps, spe in CASES:
                functions = FIRST_FIVE
                if api == "keras3" and case != "keras3_adam_inverse_time_per_step":
                    functions = K3_FUNCTIONS
                todo += [(case, cfg, fname, steps, spe) for fname in functions]
        for case, cfg, steps, spe in MORE_CASES:
            todo += [(case, more_config(cfg, f), f, steps, spe) for f in more_functions]
        for case, cfg, fname, steps, spe in todo:
            if cfg["api"] != api:
                continue
            rec = run(case, cfg, fname, steps)
            if spe:
                rec["steps_per_epoch"] = spe
            runs.append(rec)
            print(case, fname, rec["steps"], file=sys.stderr)
        with open(path, "w") as fh:
            json.dump({"versions": versions, "runs": runs}, fh, separators=(",", ":"))
        print(path, os.path.getsize(path), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
