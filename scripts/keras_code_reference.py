#!/usr/bin/env python3
"""Runs every snippet under tests/data/keras_code in the Keras it was written for and records
what Keras built: the optimizer (`get_config()`, class, legacy or not) and the fit() arguments.
tests/keras_code/executed.rs compares the parser with this recording; CI needs no TensorFlow.

Run by hand, from the crate root:

    pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0
    python3 scripts/keras_code_reference.py       # writes tests/data/keras_code_executed.json

Each snippet file starts with two comment lines:

    # source: <where it was copied from>
    # keras: <1 | 2.2 | 2 | tf2.11 | 3>

`keras` is the Keras the snippet was written for, and decides what its names mean:

* `1`, `2.2`: standalone Keras up to 2.2. Its optimizers are those of Keras 2.2's
  keras/optimizers.py, run as tf_keras's legacy classes (the same arithmetic) with Keras 2.2's
  signatures and defaults: `SGD(lr=0.01, momentum=0., decay=0., nesterov=False)`,
  `RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.)`, `Adagrad(lr=0.01, epsilon=None,
  decay=0.)` (accumulators starting at 0: `K.zeros`), `Adadelta(lr=1.0, rho=0.95, epsilon=None,
  decay=0.)`, `Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0., amsgrad=False)`,
  `Adamax(lr=0.002, beta_1, beta_2, epsilon=None, decay=0.)`, `Nadam(lr=0.002, beta_1, beta_2,
  epsilon=None, schedule_decay=0.004)`; its lowercase aliases (`sgd = SGD`, `rmsprop = RMSprop`,
  `adagrad`, `adadelta`, `adam`, `adamax`, `nadam`); `get()`/`deserialize()` case-insensitive.
  fit() takes Keras 1's `nb_epoch` as `epochs` (Keras 2.2's training.py: `epochs =
  kwargs.pop('nb_epoch')`); fit_generator() converts Keras 1's arguments as Keras 2.2's
  legacy/interfaces.py did (`nb_epoch` -> `epochs`, `samples_per_epoch` -> `steps_per_epoch =
  samples_per_epoch // generator.batch_size`, or samples_per_epoch when the generator has no
  batch_size, `nb_val_samples` -> `validation_steps`, `nb_worker` -> `workers`, `pickle_safe` ->
  `use_multiprocessing`, `max_q_size` -> `max_queue_size`).
* `2`: tf.keras up to TF 2.10 (and standalone Keras 2.3/2.4): tf_keras's legacy optimizers, which
  are those classes; tf_keras's fit().
* `tf2.11`: tf.keras of TF 2.11-2.15: tf_keras's new optimizers (`.legacy` for the old ones).
* `3`: Keras 3 (keras.optimizers, keras.Model.fit; no fit_generator).

How a snippet runs: it is parsed with Python's `ast` (a line Python cannot parse is blanked out
and listed), and its statements are run one by one in source order, the bodies of `def`,
`class`, `if`/`else`, `for`, `with` and `try` as if at the top level (what the playground's
parser reads too); a statement that raises is listed and skipped. Keras's optimizers and
schedules are real; everything else (models, layers, data, other libraries) is a stand-in
whose `compile()`/`fit()`/`fit_generator()` record their arguments as Keras binds them. A name
the snippet never assigns is such a stand-in; an optimizer or schedule argument whose value is
one is left out (Keras's default then applies) and listed under `dropped`. Bare class names
(`SGD(...)` on a documentation page without its import) are that Keras's classes.

The optimizer recorded is the one given to the last compile() (a string or a config dict through
that Keras's `optimizers.get`); when that compile()'s optimizer is not known, or there is no
compile(), the last optimizer built. Printed configs (`- optimizer: {...}` in a model card's
training hyperparameters) are rebuilt with that Keras's `from_config`, a LossScaleOptimizer's
through its `inner_optimizer`. fit: the last fit() call's `batch_size`, `epochs`,
`validation_split` and `steps_per_epoch` when given with a known value.
"""
import ast
import builtins
import inspect
import json
import math
import os
import re
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SNIPPETS = os.path.join(ROOT, "tests", "data", "keras_code")
OUT = os.path.join(ROOT, "tests", "data", "keras_code_executed.json")
ERAS = ("1", "2.2", "2", "tf2.11", "3")
LEGACY = tf_keras.optimizers.legacy
CLASSES = ("SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam", "Ftrl")


class Run:
    """What one snippet did."""

    def __init__(self, era):
        self.era = era
        self.created = []  # optimizers built, in order
        self.compiles = []  # the optimizer of each compile() (None: not known)
        self.fits = []  # the recorded arguments of each fit()
        self.dropped = []
        self.errors = []


RUN = None


class Unknown:
    """A value the snippet does not give (a model, data, another library): everything on it is
    another Unknown, except compile()/fit()/fit_generator(), which record what Keras binds."""

    def __init__(self, name, model=True):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_model", model)

    def __repr__(self):
        return f"<unknown {self._name}>"

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        if self._model and attr in ("compile", "fit", "fit_generator"):
            return lambda *a, **k: record_call(attr, a, k)
        # An ImageDataGenerator and what it makes are not models: their fit() is not Model.fit.
        model = self._model and attr not in ("ImageDataGenerator", "preprocessing")
        return Unknown(f"{self._name}.{attr}", model)

    def __setattr__(self, attr, value):
        pass

    def __call__(self, *a, **k):
        return Unknown(f"{self._name}(...)", self._model)

    def __getitem__(self, key):
        return Unknown(f"{self._name}[...]", self._model)

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def _op(self, *other):
        return Unknown(f"({self._name} op ...)")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _op
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __pow__ = _op
    __neg__ = __pos__ = _op
    __iadd__ = __isub__ = __imul__ = __itruediv__ = _op


def is_unknown(v):
    return isinstance(v, Unknown) or (
        isinstance(v, (list, tuple)) and any(is_unknown(x) for x in v)
    )


def known_args(fn, signature, args, kwargs, what):
    """Binds args by `signature`, leaves out the unknown ones (listed in RUN.dropped)."""
    bound = signature.bind_partial(*args, **kwargs)
    out = {}
    for name, value in bound.arguments.items():
        if name == "self":
            continue
        if name == "kwargs" and isinstance(value, dict):
            for k, v in value.items():
                if is_unknown(v):
                    RUN.dropped.append(f"{what}: {k}")
                else:
                    out[k] = v
        elif is_unknown(value):
            RUN.dropped.append(f"{what}: {name}")
        else:
            out[name] = value
    return out


def recording(cls):
    """`cls` whose instances are recorded in RUN.created, unknown arguments left out."""
    signature = inspect.signature(cls.__init__)

    def build(*args, **kwargs):
        obj = cls(**known_args(cls, signature, (None,) + args, kwargs, cls.__name__))
        RUN.created.append(obj)
        return obj

    build.__name__ = cls.__name__
    build.from_config = lambda config, custom_objects=None: remember(cls.from_config(config))
    return build


def remember(obj):
    RUN.created.append(obj)
    return obj


def schedule_builder(cls):
    signature = inspect.signature(cls.__init__)

    def build(*args, **kwargs):
        return cls(**known_args(cls, signature, (None,) + args, kwargs, cls.__name__))

    build.__name__ = cls.__name__
    return build


class Namespace:
    def __init__(self, name, **attrs):
        self.__name__ = name
        self.__dict__.update(attrs)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return Unknown(f"{self.__name__}.{attr}")


def keras22_optimizers():
    """Keras 2.2's keras/optimizers.py, on tf_keras's legacy classes (see the module docs)."""

    def wrap(cls, sig_src, defaults=None):
        # sig_src: Keras 2.2's own signature, as a function whose parameters are Keras 2.2's.
        signature = inspect.signature(sig_src)

        def build(*args, **kwargs):
            bound = known_args(sig_src, signature, args, kwargs, cls.__name__)
            params = {**(defaults or {})}
            for k, v in bound.items():
                params["learning_rate" if k == "lr" else k] = v
            obj = cls(**params)
            RUN.created.append(obj)
            return obj

        build.__name__ = cls.__name__
        return build

    # The signatures of Keras 2.2.4's keras/optimizers.py.
    def sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False, **kwargs): ...
    def rmsprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0, **kwargs): ...
    def adagrad(lr=0.01, epsilon=None, decay=0.0, **kwargs): ...
    def adadelta(lr=1.0, rho=0.95, epsilon=None, decay=0.0, **kwargs): ...
    def adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False, **kwargs): ...
    def adamax(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, **kwargs): ...
    def nadam(lr=0.002, beta_1=0.9, beta_2=0.999, epsilon=None, schedule_decay=0.004, **kwargs): ...

    classes = {
        "SGD": wrap(LEGACY.SGD, sgd, {"learning_rate": 0.01}),
        "RMSprop": wrap(LEGACY.RMSprop, rmsprop, {"learning_rate": 0.001}),
        "Adagrad": wrap(
            LEGACY.Adagrad, adagrad, {"learning_rate": 0.01, "initial_accumulator_value": 0.0}
        ),
        "Adadelta": wrap(LEGACY.Adadelta, adadelta, {"learning_rate": 1.0}),
        "Adam": wrap(LEGACY.Adam, adam, {"learning_rate": 0.001}),
        "Adamax": wrap(LEGACY.Adamax, adamax, {"learning_rate": 0.002}),
        "Nadam": wrap(LEGACY.Nadam, nadam, {"learning_rate": 0.002}),
    }
    ns = dict(classes)
    ns.update({k.lower(): v for k, v in classes.items()})
    by_name = {k.lower(): v for k, v in classes.items()}

    def get(identifier):
        if isinstance(identifier, str):
            return by_name[identifier.lower()]()
        if isinstance(identifier, dict):
            return by_name[identifier["class_name"].lower()](**identifier.get("config", {}))
        return identifier

    ns["get"] = get
    ns["deserialize"] = get
    return ns


def optimizer_namespace(era):
    if era in ("1", "2.2"):
        attrs = keras22_optimizers()
        attrs["schedules"] = Namespace("schedules")
        attrs["legacy"] = Namespace("legacy", **attrs)
        return Namespace("keras.optimizers", **attrs)
    if era == "2":
        mod, sched, get = LEGACY, tf_keras.optimizers.schedules, legacy_get
    elif era == "tf2.11":
        mod, sched, get = tf_keras.optimizers, tf_keras.optimizers.schedules, tf_keras.optimizers.get
    else:
        mod, sched, get = keras.optimizers, keras.optimizers.schedules, keras.optimizers.get
    attrs = {c: recording(getattr(mod, c)) for c in CLASSES + ("AdamW",) if hasattr(mod, c)}
    schedules = Namespace(
        "schedules",
        **{
            n: schedule_builder(getattr(sched, n))
            for n in dir(sched)
            if n.endswith("Decay") or n.endswith("Restarts")
        },
    )
    attrs["schedules"] = schedules
    attrs["get"] = lambda identifier, **k: remember(get(identifier))
    attrs["deserialize"] = attrs["get"]
    if era == "tf2.11":
        attrs["legacy"] = Namespace(
            "legacy", **{c: recording(getattr(LEGACY, c)) for c in CLASSES}
        )
    return Namespace("keras.optimizers", **attrs)


def legacy_get(identifier):
    if isinstance(identifier, str):
        for c in CLASSES:
            if c.lower() == identifier.lower():
                return getattr(LEGACY, c)()
    if isinstance(identifier, dict):
        return tf_keras.optimizers.legacy.deserialize(identifier) if hasattr(
            tf_keras.optimizers.legacy, "deserialize"
        ) else getattr(LEGACY, identifier["class_name"]).from_config(identifier["config"])
    return identifier


class KerasModule(Unknown):
    """`keras`, `tensorflow`, `tensorflow.keras`, …: `.optimizers` is the era's namespace."""

    def __init__(self, path, optimizers):
        Unknown.__init__(self, path)
        object.__setattr__(self, "_optimizers", optimizers)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        if attr == "optimizers":
            return self._optimizers
        if attr in ("keras", "python"):
            return KerasModule(f"{self._name}.{attr}", self._optimizers)
        return Unknown.__getattr__(self, attr)


REAL_MODULES = {"math", "numpy", "functools", "__future__"}


def make_import(era, optimizers):
    def module(path):
        parts = path.split(".")
        if parts[0] not in ("keras", "tensorflow", "tf_keras"):
            return Unknown(path)
        m = KerasModule(parts[0], optimizers)
        for p in parts[1:]:
            m = getattr(m, p)
        return m

    def _import(name, globals=None, locals=None, fromlist=(), level=0):
        top = name.split(".")[0]
        if top in REAL_MODULES:
            return builtins.__import__(name, globals, locals, fromlist, level)
        if fromlist:
            return module(name)
        return module(top)

    return _import


class Scope(dict):
    """The snippet's names: a name never assigned is an Unknown."""

    def __init__(self, fallback, builtins_):
        super().__init__()
        self.fallback = fallback
        self.builtins = builtins_

    def __missing__(self, key):
        if key in self.fallback:
            return self.fallback[key]
        if key in self.builtins:
            return self.builtins[key]
        return Unknown(key)


def signature_of(era, method):
    if era in ("1", "2.2"):
        if method == "fit":
            def fit(x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
                    validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
                    sample_weight=None, initial_epoch=0, steps_per_epoch=None,
                    validation_steps=None, **kwargs): ...
            return inspect.signature(fit)
        if method == "fit_generator":
            def fit_generator(generator, steps_per_epoch=None, epochs=1, verbose=1,
                              callbacks=None, validation_data=None, validation_steps=None,
                              class_weight=None, max_queue_size=10, workers=1,
                              use_multiprocessing=False, shuffle=True, initial_epoch=0,
                              **kwargs): ...
            return inspect.signature(fit_generator)
        fn = tf_keras.Model.compile
    else:
        fn = getattr(keras.Model if era == "3" else tf_keras.Model, method)
    sig = inspect.signature(fn)
    return sig.replace(parameters=list(sig.parameters.values())[1:])


def record_call(method, args, kwargs):
    era = RUN.era
    if method == "fit_generator" and era == "3":
        RUN.errors.append("Keras 3 has no fit_generator")
        return Unknown("history")
    sig = signature_of(era, method)
    kwargs = dict(kwargs)
    if era in ("1", "2.2"):
        # Keras 2.2's conversions of Keras 1's arguments (see the module docs).
        if "nb_epoch" in kwargs:
            kwargs["epochs"] = kwargs.pop("nb_epoch")
        if method == "fit_generator":
            for old, new in (("nb_val_samples", "validation_steps"), ("nb_worker", "workers"),
                             ("pickle_safe", "use_multiprocessing"), ("max_q_size", "max_queue_size")):
                if old in kwargs:
                    kwargs[new] = kwargs.pop(old)
            if "samples_per_epoch" in kwargs and len(args) < 2:
                samples = kwargs.pop("samples_per_epoch")
                generator = args[0] if args else kwargs.get("generator")
                batch = getattr(generator, "batch_size", None)
                kwargs["steps_per_epoch"] = samples // batch if batch is not None else samples
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as e:
        RUN.errors.append(f"{method}(): {e}")
        return Unknown("history")
    a = bound.arguments
    extra = a.get("kwargs", {})
    if method == "compile":
        if "optimizer" in a:
            RUN.compiles.append(resolve_optimizer(a["optimizer"]))
        else:
            RUN.compiles.append(resolve_optimizer("rmsprop"))
        return None
    fit = {}
    for k in ("batch_size", "epochs", "validation_split", "steps_per_epoch"):
        v = a.get(k, extra.get(k))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            fit[k] = v
        elif v is not None and is_unknown(v):
            RUN.dropped.append(f"{method}: {k}")
    RUN.fits.append(fit)
    return Unknown("history")


def resolve_optimizer(value):
    if is_unknown(value):
        return None
    ns = optimizer_namespace(RUN.era)
    try:
        if isinstance(value, (str, dict)):
            return ns.get(value)
    except Exception as e:  # noqa: BLE001 - Keras's own error is the record
        RUN.errors.append(f"optimizers.get({value!r}): {type(e).__name__}: {e}")
        return None
    return value


def flatten(body):
    """Statements in source order, compound bodies read as if at the top level."""
    for node in body:
        if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            yield from flatten(node.body)
            yield from flatten(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef,
                               ast.ClassDef)):
            yield from flatten(node.body)
        elif isinstance(node, ast.Try):
            yield from flatten(node.body)
            for h in node.handlers:
                yield from flatten(h.body)
            yield from flatten(node.orelse)
            yield from flatten(node.finalbody)
        elif isinstance(node, ast.Return):
            if node.value is not None:
                yield ast.Expr(node.value, lineno=node.lineno, col_offset=node.col_offset)
        else:
            yield node


def parse_python(text, run):
    lines = text.split("\n")
    for _ in range(len(lines)):
        try:
            return ast.parse("\n".join(lines))
        except SyntaxError as e:
            n = (e.lineno or 1) - 1
            if n >= len(lines) or not lines[n].strip():
                break
            run.errors.append(f"line {n + 1} is not Python: {lines[n].strip()[:60]}")
            lines[n] = ""
        except Exception:  # noqa: BLE001
            break
    return ast.parse("")


def run_python(text, run):
    optimizers = optimizer_namespace(run.era)
    fallback = {c: getattr(optimizers, c) for c in CLASSES + ("AdamW",)
                if not isinstance(getattr(optimizers, c), Unknown)}
    my_builtins = dict(vars(builtins))
    my_builtins["__import__"] = make_import(run.era, optimizers)
    my_builtins["print"] = lambda *a, **k: None
    my_builtins["input"] = lambda *a, **k: ""
    my_builtins["open"] = lambda *a, **k: Unknown("file")
    globals_ = {"__builtins__": my_builtins, "__name__": "__main__"}
    # A snippet cut from a longer script or notebook uses `keras` and `tf` imported above it.
    fallback["keras"] = KerasModule("keras", optimizers)
    fallback["tf"] = KerasModule("tensorflow", optimizers)
    scope = Scope(fallback, my_builtins)
    tree = parse_python(text, run)
    for stmt in flatten(tree.body):
        code = compile(ast.Module(body=[stmt], type_ignores=[]), "<snippet>", "exec")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(code, globals_, scope)
        except Exception as e:  # noqa: BLE001 - recorded, and the statement is skipped
            run.errors.append(f"line {stmt.lineno}: {type(e).__name__}: {str(e)[:120]}")


def run_printed_configs(text, run):
    for m in re.finditer(r"^\s*[-*]?\s*optimizer:\s*(\{.*\})\s*$", text, re.M):
        try:
            config = ast.literal_eval(m.group(1))
        except SyntaxError as e:
            run.errors.append(f"the printed config is not a Python literal: {e.msg}")
            continue
        if "inner_optimizer" in config:
            inner = config["inner_optimizer"]
            config = dict(inner.get("config", {}), name=inner.get("class_name"))
        name = config.get("name")
        cls = None
        if run.era == "2":
            cls = getattr(LEGACY, name, None)
        elif run.era == "tf2.11":
            cls = getattr(tf_keras.optimizers, name, None)
        elif run.era == "3":
            cls = getattr(keras.optimizers, name, None)
        if cls is None:
            run.errors.append(f"{name} is not a Keras optimizer")
            continue
        try:
            run.created.append(cls.from_config(dict(config)))
        except Exception as e:  # noqa: BLE001
            run.errors.append(f"{name}.from_config: {type(e).__name__}: {e}")


def plain(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, "get_config") and not isinstance(v, type):
        module = "keras" if type(v).__module__.startswith("keras") else "tf_keras"
        return {"class_name": type(v).__name__, "config": plain(v.get_config()), "from": module}
    return v


def describe(opt):
    cls = type(opt)
    while cls.__name__ not in CLASSES + ("AdamW",) and cls.__bases__:
        cls = cls.__bases__[0]
    legacy = isinstance(opt, tf_keras.optimizers.legacy.Optimizer)
    return {
        "class": cls.__name__,
        "api": "legacy" if legacy else "keras3",
        "config": plain(opt.get_config()),
    }


def run_snippet(path):
    text = open(path, encoding="utf-8").read()
    era = re.search(r"^# keras: (\S+)", text, re.M).group(1)
    assert era in ERAS, (path, era)
    global RUN
    RUN = run = Run(era)
    if path.endswith(".txt"):
        run_printed_configs(text, run)
    else:
        run_python(text, run)
    chosen = run.compiles[-1] if run.compiles else None
    if chosen is None and run.created:
        chosen = run.created[-1]
    return {
        "keras": era,
        "optimizer": describe(chosen) if chosen is not None else None,
        "fit": run.fits[-1] if run.fits else {},
        "dropped": run.dropped,
        "errors": run.errors,
    }


def main():
    names = sorted(n for n in os.listdir(SNIPPETS) if n.endswith((".py", ".txt")))
    snippets = {}
    for name in names:
        text = open(os.path.join(SNIPPETS, name), encoding="utf-8").read()
        if not re.search(r"^# keras: ", text, re.M):
            continue
        snippets[name] = run_snippet(os.path.join(SNIPPETS, name))
        print(name, json.dumps(snippets[name]["optimizer"])[:100], snippets[name]["fit"])
    record = {
        "generated_by": "scripts/keras_code_reference.py",
        "versions": {
            "python": sys.version.split()[0],
            "tensorflow": tf.__version__,
            "tf_keras": tf_keras.__version__,
            "keras": keras.__version__,
        },
        "snippets": snippets,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(snippets)} snippets -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
