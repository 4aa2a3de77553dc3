// Generated from the Rust core's Keras table (src/optim/spec.rs): do not edit.
// Regenerate with `cargo run --example keras_spec_js > www/js/keras-spec.js`;
// `kerasSpec()` in the wasm module returns the same object (tests/keras-spec.test.mjs).

/** @type {import('../pkg/plane.js').KerasSpec} */
export const KERAS_SPEC = {
  "optimizers": [
    {
      "id": "adam",
      "class": "Adam",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "amsgrad",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "amsgrad",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "per_update",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": true
    },
    {
      "id": "adam",
      "class": "Adam",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "amsgrad",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "amsgrad",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "adamw",
      "class": "AdamW",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "weight_decay",
        "beta_1",
        "beta_2",
        "epsilon",
        "amsgrad",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": 0.004,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "amsgrad",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "sgd",
      "class": "SGD",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "momentum",
        "nesterov",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.01,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "momentum",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "nesterov",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "per_update",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": true
    },
    {
      "id": "sgd",
      "class": "SGD",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "momentum",
        "nesterov",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.01,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "momentum",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "nesterov",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "rmsprop",
      "class": "RMSprop",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "rho",
        "momentum",
        "epsilon",
        "centered",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "rho",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "momentum",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "centered",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "per_update",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": true
    },
    {
      "id": "rmsprop",
      "class": "RMSprop",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "rho",
        "momentum",
        "epsilon",
        "centered",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "rho",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "momentum",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "centered",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "adagrad",
      "class": "Adagrad",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "initial_accumulator_value",
        "epsilon",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "initial_accumulator_value",
          "kind": "number",
          "required": false,
          "default": 0.1,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "per_update",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": true
    },
    {
      "id": "adagrad",
      "class": "Adagrad",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "initial_accumulator_value",
        "epsilon",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "initial_accumulator_value",
          "kind": "number",
          "required": false,
          "default": 0.1,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "adamax",
      "class": "Adamax",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "per_update",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": true
    },
    {
      "id": "adamax",
      "class": "Adamax",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    },
    {
      "id": "nadam",
      "class": "Nadam",
      "api": "legacy",
      "module": "tf_keras.optimizers.legacy",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "name"
      ],
      "kwargs": [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "lr",
        "decay",
        "schedule_decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "schedule_decay",
          "kind": "number",
          "required": false,
          "default": 0.004,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "lr",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "replaced_by_schedule_decay",
      "lr_alias": true,
      "epsilon_zero_is_default": true,
      "accepts_schedule": false
    },
    {
      "id": "nadam",
      "class": "Nadam",
      "api": "keras3",
      "module": "keras.optimizers",
      "signature": [
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "weight_decay",
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "loss_scale_factor",
        "gradient_accumulation_steps",
        "name"
      ],
      "kwargs": [
        "decay"
      ],
      "args": [
        {
          "name": "learning_rate",
          "kind": "number_or_schedule",
          "required": false,
          "default": 0.001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "beta_1",
          "kind": "number",
          "required": false,
          "default": 0.9,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "beta_2",
          "kind": "number",
          "required": false,
          "default": 0.999,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": true
          }
        },
        {
          "name": "epsilon",
          "kind": "number",
          "required": false,
          "default": 1e-7,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "weight_decay",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ],
      "decay": "ignored_with_warning",
      "lr_alias": false,
      "epsilon_zero_is_default": false,
      "accepts_schedule": true
    }
  ],
  "schedules": [
    {
      "id": "inverse_time_decay",
      "class": "InverseTimeDecay",
      "signature": [
        "initial_learning_rate",
        "decay_steps",
        "decay_rate",
        "staircase",
        "name"
      ],
      "args": [
        {
          "name": "initial_learning_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_steps",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": true,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "staircase",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    },
    {
      "id": "exponential_decay",
      "class": "ExponentialDecay",
      "signature": [
        "initial_learning_rate",
        "decay_steps",
        "decay_rate",
        "staircase",
        "name"
      ],
      "args": [
        {
          "name": "initial_learning_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_steps",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": true,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "staircase",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    },
    {
      "id": "piecewise_constant_decay",
      "class": "PiecewiseConstantDecay",
      "signature": [
        "boundaries",
        "values",
        "name"
      ],
      "args": [
        {
          "name": "boundaries",
          "kind": "list",
          "required": true,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "values",
          "kind": "list",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    },
    {
      "id": "cosine_decay",
      "class": "CosineDecay",
      "signature": [
        "initial_learning_rate",
        "decay_steps",
        "alpha",
        "name",
        "warmup_target",
        "warmup_steps"
      ],
      "args": [
        {
          "name": "initial_learning_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_steps",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": true,
            "max_exclusive": false
          }
        },
        {
          "name": "alpha",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "warmup_target",
          "kind": "number",
          "required": false,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "warmup_steps",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    },
    {
      "id": "polynomial_decay",
      "class": "PolynomialDecay",
      "signature": [
        "initial_learning_rate",
        "decay_steps",
        "end_learning_rate",
        "power",
        "cycle",
        "name"
      ],
      "args": [
        {
          "name": "initial_learning_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "decay_steps",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": true,
            "max_exclusive": false
          }
        },
        {
          "name": "end_learning_rate",
          "kind": "number",
          "required": false,
          "default": 0.0001,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "power",
          "kind": "number",
          "required": false,
          "default": 1.0,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "cycle",
          "kind": "bool",
          "required": false,
          "default": false,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    },
    {
      "id": "cosine_decay_restarts",
      "class": "CosineDecayRestarts",
      "signature": [
        "initial_learning_rate",
        "first_decay_steps",
        "t_mul",
        "m_mul",
        "alpha",
        "name"
      ],
      "args": [
        {
          "name": "initial_learning_rate",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 0.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "first_decay_steps",
          "kind": "number",
          "required": true,
          "default": null,
          "range": {
            "min": 1.0,
            "max": 3.4028234663852886e+38,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "t_mul",
          "kind": "number",
          "required": false,
          "default": 2.0,
          "range": {
            "min": 1.0,
            "max": 1000.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "m_mul",
          "kind": "number",
          "required": false,
          "default": 1.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "alpha",
          "kind": "number",
          "required": false,
          "default": 0.0,
          "range": {
            "min": 0.0,
            "max": 1.0,
            "min_exclusive": false,
            "max_exclusive": false
          }
        },
        {
          "name": "name",
          "kind": "text",
          "required": false,
          "default": null,
          "range": {
            "min": null,
            "max": null,
            "min_exclusive": false,
            "max_exclusive": false
          }
        }
      ]
    }
  ]
};
