//! `parse_keras_code` on code people really paste: every snippet below is copied verbatim from
//! the source named above it (Keras / TensorFlow docs, keras.io examples, GitHub repositories,
//! issue threads, Q&A pages), and each test states the exact result: the optimizer, the fit()
//! fields, Keras's warnings and every ignored piece.
#![cfg(not(target_arch = "wasm32"))]

use optimizer_playground::keras_code::{parse_keras_code, ParsedCode};
use serde_json::{json, Value};

const W_LEGACY_LR: &str = "The `lr` argument is deprecated, use `learning_rate` instead.";
const W_TF211: &str = "raises ValueError: decay is deprecated in the new Keras optimizer, please check the docstring for valid arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.";
const W_K3_DECAY: &str =
    "warns UserWarning: Argument `decay` is no longer supported and will be ignored. and trains with a constant learning rate";
const W_NOTE: &str = "keeps reporting the base learning rate";

pub fn parse(text: &str) -> ParsedCode {
    parse_keras_code(text).unwrap_or_else(|e| panic!("{e}\n--- in ---\n{text}"))
}

/// Asserts the whole result: the optimizer and fit as JSON, the warnings (each contains the
/// given text, in order, and no others) and the ignored pieces (exact text, reason containing
/// the given words, in order, and no others).
#[track_caller]
pub fn check(
    text: &str,
    optimizer: Value,
    fit: Value,
    warnings: &[&str],
    ignored: &[(&str, &str)],
) -> ParsedCode {
    let p = parse(text);
    let got = serde_json::to_value(&p.optimizer).unwrap();
    assert_eq!(got, optimizer, "optimizer of\n{text}");
    assert_eq!(serde_json::to_value(&p.fit).unwrap(), fit, "fit of\n{text}");
    let shown_w = format!("{:#?}", p.warnings);
    assert_eq!(p.warnings.len(), warnings.len(), "warnings {shown_w}");
    for (w, want) in p.warnings.iter().zip(warnings) {
        assert!(
            w.contains(want),
            "warning {w:?} lacks {want:?}; all: {shown_w}"
        );
    }
    let shown = format!("{:#?}", p.ignored);
    assert_eq!(p.ignored.len(), ignored.len(), "ignored {shown}");
    for (got, (text, reason)) in p.ignored.iter().zip(ignored) {
        assert_eq!(got.text, *text, "ignored {shown}");
        assert!(
            got.reason.contains(reason),
            "reason {:?} lacks {reason:?}",
            got.reason
        );
    }
    p
}

fn err(text: &str) -> String {
    match parse_keras_code(text) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e.to_string(),
    }
}

// ----- Keras / TensorFlow documentation ------------------------------------------------------

// https://keras.io/api/optimizers/learning_rate_schedules/exponential_decay/
#[test]
fn keras_io_exponential_decay_example() {
    check(
        r#"initial_learning_rate = 0.1
lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate,
    decay_steps=100000,
    decay_rate=0.96,
    staircase=True)

model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr_schedule),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(data, labels, epochs=5)"#,
        json!({"name": "sgd", "api": "keras3", "learning_rate": {"schedule": "exponential_decay",
            "initial_learning_rate": 0.1, "decay_steps": 100000.0, "decay_rate": 0.96, "staircase": true}}),
        json!({"epochs": 5}),
        &[],
        &[
            (
                "loss='sparse_categorical_crossentropy'",
                "the loss does not change",
            ),
            ("metrics=['accuracy']", "metrics do not change"),
            ("data", "the number of samples in `data` is not in the text"),
            ("labels", "the labels do not change"),
        ],
    );
}

// https://tensorflow.org/versions/r2.7/api_docs/python/tf/keras/optimizers/schedules/ExponentialDecay
// (TF 2.7: `tf.keras` with a schedule and no decay/lr: what Keras 3 also runs → "keras3").
#[test]
fn tensorflow_2_7_exponential_decay_example() {
    check(
        r#"initial_learning_rate = 0.1
lr_schedule = tf.keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate,
    decay_steps=100000,
    decay_rate=0.96,
    staircase=True)

model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=lr_schedule),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(data, labels, epochs=5)"#,
        json!({"name": "sgd", "api": "keras3", "learning_rate": {"schedule": "exponential_decay",
            "initial_learning_rate": 0.1, "decay_steps": 100000.0, "decay_rate": 0.96, "staircase": true}}),
        json!({"epochs": 5}),
        &[],
        &[
            ("loss='sparse_categorical_crossentropy'", "loss"),
            ("metrics=['accuracy']", "metrics"),
            ("data", "samples"),
            ("labels", "labels"),
        ],
    );
}

// https://tensorflow.org/versions/r2.9/api_docs/python/tf/compat/v1/train/piecewise_constant
// (the TF1 function is not a Keras schedule: nothing is guessed from it).
#[test]
fn tf1_piecewise_constant_is_not_a_keras_schedule() {
    check(
        r#"global_step = tf.Variable(0, trainable=False)
boundaries = [100000, 110000]
values = [1.0, 0.5, 0.1]
learning_rate = tf.compat.v1.train.piecewise_constant(global_step, boundaries,
values)
# Later, whenever we perform an optimization step, we increment global_step."#,
        Value::Null,
        json!({}),
        &[],
        &[("learning_rate = tf.compat.v1.train.piecewise_constant(global_step, boundaries, values)", "`learning_rate` is assigned but never used")],
    );
}

// The same boundaries and values with Keras's schedule, as keras.io's PiecewiseConstantDecay
// page shows it (https://keras.io/api/optimizers/learning_rate_schedules/piecewise_constant_decay/):
// `learning_rate_fn = keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, values)`.
#[test]
fn keras_io_piecewise_constant_decay_example() {
    check(
        r#"step = ops.array(0)
boundaries = [100000, 110000]
values = [1.0, 0.5, 0.1]
learning_rate_fn = keras.optimizers.schedules.PiecewiseConstantDecay(
    boundaries, values)

# Later, whenever we perform an optimization step, we pass in the step.
learning_rate = learning_rate_fn(step)"#,
        Value::Null,
        json!({}),
        &[],
        &[
            (
                "keras.optimizers.schedules.PiecewiseConstantDecay( boundaries, values)",
                "a schedule that is never given to an optimizer as its learni",
            ),
            (
                "learning_rate = learning_rate_fn(step)",
                "`learning_rate` is assigned but never used by an optimizer, ",
            ),
        ],
    );
}

// https://keras.io/api/optimizers/learning_rate_schedules/cosine_decay/ ("Example usage without
// warmup": a schedule alone, never given to an optimizer)
#[test]
fn keras_io_cosine_decay_without_warmup() {
    check(
        r#"decay_steps = 1000
initial_learning_rate = 0.1
lr_decayed_fn = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate, decay_steps)"#,
        Value::Null,
        json!({}),
        &[],
        &[(
            "keras.optimizers.schedules.CosineDecay( initial_learning_rate, decay_steps)",
            "never given to an optimizer",
        )],
    );
}

// keras-team/keras-io examples/vision/md/mnist_convnet.md ("Prepare the data": the code and the
// output block below it)
#[test]
fn keras_io_mnist_convnet_prints_the_training_shape() {
    let p = check(
        r#"# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")


# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

x_train shape: (60000, 28, 28, 1)
60000 train samples
10000 test samples"#,
        Value::Null,
        json!({"samples": 60000}),
        &[],
        &[
            (
                "input_shape = (28, 28, 1)",
                "`input_shape` is assigned but never used by an optimizer, co",
            ),
            (
                "y_train = keras.utils.to_categorical(y_train, num_classes)",
                "`y_train` is assigned but never used by an optimizer, compil",
            ),
            (
                "y_test = keras.utils.to_categorical(y_test, num_classes)",
                "`y_test` is assigned but never used by an optimizer, compile",
            ),
            (
                "10000 test samples",
                "a shape that is not the training data given to fit() (which ",
            ),
        ],
    );
    assert!(p.optimizer.is_none());
}

// ----- GitHub code ---------------------------------------------------------------------------

// Billith/Academic MIW/Projekt6/main.py
#[test]
fn cifar10_script_with_rmsprop_decay() {
    check(
        r#"import keras


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()

y_train = keras.utils.to_categorical(y_train, 10)
y_test = keras.utils.to_categorical(y_test, 10)

model = keras.models.Sequential()
model.add(keras.layers.Conv2D(32, (3, 3), padding='same', input_shape=x_train.shape[1:]))
model.add(keras.layers.Activation('relu'))
model.add(keras.layers.Conv2D(32, (3, 3)))
model.add(keras.layers.Activation('relu'))
model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))
model.add(keras.layers.Dropout(0.25))

model.add(keras.layers.Conv2D(64, (3, 3), padding='same'))
model.add(keras.layers.Activation('relu'))
model.add(keras.layers.Conv2D(64, (3, 3)))
model.add(keras.layers.Activation('relu'))
model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))
model.add(keras.layers.Dropout(0.25))

model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(512))
model.add(keras.layers.Activation('relu'))
model.add(keras.layers.Dropout(0.5))
model.add(keras.layers.Dense(10))
model.add(keras.layers.Activation('softmax'))

opt = keras.optimizers.RMSprop(learning_rate=0.0001, decay=1e-6)

model.compile(loss='categorical_crossentropy', optimizer=opt, metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=32, epochs=5, validation_data=(x_test, y_test), shuffle=True)

_, accuracy = model.evaluate(x_test, y_test)
print('Accuracy: %.2f' % (accuracy*100))
"#,
        json!({"name": "rmsprop", "api": "legacy", "learning_rate": 0.0001, "decay": 1e-6}),
        json!({"batch_size": 32, "epochs": 5}),
        &[
            W_TF211,
            "InverseTimeDecay(0.0001, decay_steps=1, decay_rate=1e-06)",
            W_NOTE,
        ],
        &[
            ("model.add(keras.layers.Conv2D(32, (3, 3), padding='same', input_shape=x_train.shape[1:]))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Conv2D(32, (3, 3)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dropout(0.25))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Conv2D(64, (3, 3), padding='same'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Conv2D(64, (3, 3)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dropout(0.25))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Flatten())", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dense(512))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dropout(0.5))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dense(10))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Activation('softmax'))", "not an optimizer, a schedule, compile() or fit()"),
            ("loss='categorical_crossentropy'", "the loss does not change the learning rate"),
            ("metrics=['accuracy']", "metrics do not change the learning rate"),
            ("x_train", "the number of samples in `x_train` is not in the text (paste"),
            ("y_train", "the labels do not change the learning rate"),
            ("validation_data=(x_test, y_test)", "validation is not trained on and does not change the learnin"),
            ("shuffle=True", "does not change the learning rate"),
            ("_, accuracy = model.evaluate(x_test, y_test)", "`_` is assigned but never used by an optimizer, compile() or"),
            ("print('Accuracy: %.2f' % (accuracy*100))", "not an optimizer, a schedule, compile() or fit()"),
        ],
    );
}

// YHCodes/CS-Box deep-learning/basic-neural-networks/keras_optimizers.py
#[test]
fn keras_docs_sgd_with_decay_and_nesterov() {
    check(
        r#"from keras import optimizers
from keras.models import Sequential
from keras.layers.core import Dense, Activation

model = Sequential()
model.add(Dense(64, kernel_initializer='uniform', input_shape=(10, )))
model.add(Activation('softmax'))
sgd = optimizers.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='mean_squared_error', optimizer=sgd)
"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "decay": 1e-6,
            "momentum": 0.9, "nesterov": true}),
        json!({}),
        &[
            W_LEGACY_LR,
            "keras.optimizers.SGD, and tf.keras from TF 2.16) raises ValueError: Argument(s) not recognized: {'lr': 0.01}",
            "tf.keras.optimizers.legacy.SGD.",
            "InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-06)",
            W_NOTE,
        ],
        &[
            ("model.add(Dense(64, kernel_initializer='uniform', input_shape=(10, )))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Activation('softmax'))", "not an optimizer, a schedule, compile() or fit()"),
            ("loss='mean_squared_error'", "the loss does not change the learning rate"),
        ],
    );
}

// Fedorov688/Keras_nn keras_neural_network/built-in_keras_VGG16_v1.py (first lines)
#[test]
fn vgg16_with_legacy_sgd() {
    check(
        r#"from keras.models import Model
from keras.preprocessing import image
from keras.optimizers import SGD
from keras.applications.vgg16 import VGG16
import matplotlib.pyplot as plt
import numpy as np
import cv2

# готовая модель с предобученными на наборе imagenet весами
model = VGG16(weights='imagenet', include_top=True)
sgd = SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(optimizer=sgd, loss='categorical_crossentropy')"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.1, "decay": 1e-6,
            "momentum": 0.9, "nesterov": true}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.1}",
            W_TF211,
            "InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-06)",
            W_NOTE,
        ],
        &[(
            "loss='categorical_crossentropy'",
            "the loss does not change the learning rate",
        )],
    );
}

// LevinJ/CodeSamples python/sklearn/kerastest.py
#[test]
fn a_second_compile_replaces_the_first() {
    check(
        r#"from keras.models import Sequential

model = Sequential()


from keras.layers import Dense, Activation

model.add(Dense(output_dim=64, input_dim=100))
model.add(Activation("relu"))
model.add(Dense(output_dim=10))
model.add(Activation("softmax"))

model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])
from keras.optimizers import SGD
model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.01, momentum=0.9, nesterov=True))"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9, "nesterov": true}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.01}"],
        &[
            (
                "model.add(Dense(output_dim=64, input_dim=100))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Activation(\"relu\"))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Dense(output_dim=10))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Activation(\"softmax\"))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "loss='categorical_crossentropy'",
                "the loss does not change the learning rate",
            ),
            (
                "optimizer='sgd'",
                "a later model.compile() replaces this optimizer",
            ),
            (
                "metrics=['accuracy']",
                "metrics do not change the learning rate",
            ),
            (
                "loss='categorical_crossentropy'",
                "the loss does not change the learning rate",
            ),
        ],
    );
}

// OpenMindVv/FindingIdealAI compiling.py (`tensorflow.keras.optimizer`, sic)
#[test]
fn rmsprop_lr_in_compile() {
    check(
        r#"from tensorflow.keras.optimizer import RMSprop

model.compile(optimizer=RMSprop(lr=0.001),
              loss='binary_crossentropy',
              metrics=['accuracy'])
"#,
        json!({"name": "rmsprop", "api": "legacy", "learning_rate": 0.001}),
        json!({}),
        &[W_LEGACY_LR, "keras.optimizers.RMSprop, and tf.keras from TF 2.16) raises ValueError: Argument(s) not recognized: {'lr': 0.001}"],
        &[("loss='binary_crossentropy'", "loss"), ("metrics=['accuracy']", "metrics")],
    );
}

// txazo/Machine-Learning python/Keras/krs.py
#[test]
fn a_lone_sgd_call_with_comments() {
    check(
        r#"#!/usr/bin/python3
# -*- coding: utf-8 -*-

# -------------------- keras.optimizers --------------------

# SGD 随机梯度下降, lr 学习率
keras.optimizers.SGD(lr=0.01)

# -------------------- keras.losses --------------------

# categorical_crossentropy
keras.losses.categorical_crossentropy
"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.01}"],
        &[("keras.losses.categorical_crossentropy", "not an optimizer")],
    );
}

// demien-aa/kaggle fish/learning/keras/main.py
#[test]
fn two_compiles_and_a_debugger_line() {
    check(
        r#"from keras.layers import Dense, Activation
from keras.models import Sequential
from keras.optimizers import SGD


model = Sequential()
model.add(Dense(output_dim=64, input_dim=100))
model.add(Activation("relu"))
model.add(Dense(output_dim=10))
model.add(Activation("softmax"))

model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])
model.compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.01, momentum=0.9, nesterov=True))
import ipdb; ipdb.set_trace()
"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9, "nesterov": true}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.01}"],
        &[
            (
                "model.add(Dense(output_dim=64, input_dim=100))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Activation(\"relu\"))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Dense(output_dim=10))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Activation(\"softmax\"))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "loss='categorical_crossentropy'",
                "the loss does not change the learning rate",
            ),
            (
                "optimizer='sgd'",
                "a later model.compile() replaces this optimizer",
            ),
            (
                "metrics=['accuracy']",
                "metrics do not change the learning rate",
            ),
            (
                "loss='categorical_crossentropy'",
                "the loss does not change the learning rate",
            ),
            (
                "ipdb.set_trace()",
                "not an optimizer, a schedule, compile() or fit()",
            ),
        ],
    );
}

// SMAT-Lab/Scalpel exec_scripts/faisalburhanudin@mnist.py (Adadelta: not an optimizer the
// playground runs, so no optimizer — never a guess)
#[test]
fn adadelta_is_not_guessed_into_something_else() {
    check(
        r#"#!/usr/bin/env python
# coding: utf-8
# In[1]:
import keras
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D, MaxPooling2D
# In[2]:
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape(x_train.shape[0], 28, 28, 1)
x_test = x_test.reshape(x_test.shape[0], 28, 28, 1)
# In[3]:
num_classes = 10
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)
# In[4]:
model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(28, 28, 1)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(128, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(num_classes, activation='softmax'))
# In[5]:
model.compile(loss=keras.losses.categorical_crossentropy,
              optimizer=keras.optimizers.Adadelta(),
              metrics=['accuracy'])
# In[6]:
model.fit(x_train, y_train,
          batch_size=128,
          epochs=12,
          verbose=1,
          validation_data=(x_test, y_test))"#,
        Value::Null,
        json!({"batch_size": 128, "epochs": 12}),
        &[],
        &[
            ("model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=(28, 28, 1)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Conv2D(64, (3, 3), activation='relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(MaxPooling2D(pool_size=(2, 2)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Dropout(0.25))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Flatten())", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Dense(128, activation='relu'))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Dropout(0.5))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(Dense(num_classes, activation='softmax'))", "not an optimizer, a schedule, compile() or fit()"),
            ("loss=keras.losses.categorical_crossentropy", "the loss does not change the learning rate"),
            ("optimizer=keras.optimizers.Adadelta()", "`keras.optimizers.Adadelta(…)` is not something this parser "),
            ("metrics=['accuracy']", "metrics do not change the learning rate"),
            ("x_train", "the number of samples in `x_train` is not in the text (paste"),
            ("y_train", "the labels do not change the learning rate"),
            ("verbose=1", "does not change the learning rate"),
            ("validation_data=(x_test, y_test)", "validation is not trained on and does not change the learnin"),
        ],
    );
}

// ezhilthiaga/data_science machine_learning/mnist.py
#[test]
fn mnist_with_default_adam_and_reshape() {
    check(
        r#"import keras
model = keras.models.Sequential()
model.add(keras.layers.Conv2D(filters=16, kernel_size=(3, 3), input_shape=(28, 28, 1)))
model.add(keras.layers.Conv2D(filters=32, kernel_size=(3, 3)))
model.add(keras.layers.Conv2D(filters=64, kernel_size=(3, 3)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(units=512))
model.add(keras.layers.Dense(units=10, activation='softmax'))
data = keras.datasets.mnist
model.compile(loss=keras.losses.categorical_crossentropy,
              optimizer=keras.optimizers.Adam(),
              metrics=['accuracy'])

(x_train, y_train), (x_test, y_test) = data.load_data()
x_train = x_train.reshape(60000, 28, 28, 1)
x_test = x_test.reshape(10000, 28, 28, 1)

y_train = keras.utils.to_categorical(y_train, 10)
y_test = keras.utils.to_categorical(y_test, 10)

print(x_train.shape, y_train.shape)
print(x_test.shape, y_test.shape)

model.fit(x_train, y_train, validation_data=(x_test, y_test), batch_size=1000, epochs=20)
"#,
        json!({"name": "adam", "api": "legacy"}),
        json!({"batch_size": 1000, "epochs": 20}),
        &[],
        &[
            ("model.add(keras.layers.Conv2D(filters=16, kernel_size=(3, 3), input_shape=(28, 28, 1)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Conv2D(filters=32, kernel_size=(3, 3)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Conv2D(filters=64, kernel_size=(3, 3)))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Flatten())", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dense(units=512))", "not an optimizer, a schedule, compile() or fit()"),
            ("model.add(keras.layers.Dense(units=10, activation='softmax'))", "not an optimizer, a schedule, compile() or fit()"),
            ("loss=keras.losses.categorical_crossentropy", "the loss does not change the learning rate"),
            ("metrics=['accuracy']", "metrics do not change the learning rate"),
            ("print(x_train.shape, y_train.shape)", "a printed shape of `x_train` whose output is not in the text"),
            ("print(x_test.shape, y_test.shape)", "a printed shape of `x_test` whose output is not in the text "),
            ("x_train", "the number of samples in `x_train` is not in the text (paste"),
            ("y_train", "the labels do not change the learning rate"),
            ("validation_data=(x_test, y_test)", "validation is not trained on and does not change the learnin"),
        ],
    );
}

// jfm15/SpineFinder keras_mnist.py
#[test]
fn string_adam_in_compile_and_slices() {
    check(
        r#"
from keras.datasets import mnist

# download mnist data and split into train and test sets
(X_train, y_train), (X_test, y_test) = mnist.load_data()

# reshape data to fit model
X_train = X_train.reshape(60000, 28, 28, 1)
X_test = X_test.reshape(10000, 28, 28, 1)

X_train = X_train / 256.0
X_test = X_test / 256.0

from keras.utils import to_categorical
# one-hot encode target column
y_train = to_categorical(y_train)
y_test = to_categorical(y_test)

from keras.models import Sequential
from keras.layers import Dense, Conv2D, Flatten
# create model
model = Sequential()
# add model layers
model.add(Conv2D(64, kernel_size=3, activation='relu', input_shape=(28,28,1)))
model.add(Conv2D(32, kernel_size=3, activation='relu'))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))

# compile model using accuracy to measure model performance
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])

# train the model
model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=3)

print(model.predict(X_test[:4]))
print(y_test[:4])"#,
        json!({"name": "adam", "api": "legacy"}),
        json!({"epochs": 3}),
        &[],
        &[
            (
                "model.add(Conv2D(64, kernel_size=3, activation='relu', input_shape=(28,28,1)))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Conv2D(32, kernel_size=3, activation='relu'))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Flatten())",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Dense(10, activation='softmax'))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "loss='categorical_crossentropy'",
                "the loss does not change the learning rate",
            ),
            (
                "metrics=['accuracy']",
                "metrics do not change the learning rate",
            ),
            (
                "X_train",
                "the number of samples in `X_train` is not in the text (paste",
            ),
            ("y_train", "the labels do not change the learning rate"),
            (
                "validation_data=(X_test, y_test)",
                "validation is not trained on and does not change the learnin",
            ),
            (
                "print(model.predict(X_test[:4]))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "print(y_test[:4])",
                "not an optimizer, a schedule, compile() or fit()",
            ),
        ],
    );
}

// keras-team/keras issue #19025 ("Keyword learning_rate vs lr not returning same loss")
#[test]
fn keras_issue_19025_lr_in_keras_3() {
    check(
        r#"model = Sequential()
model.add(LSTM(50, activation='relu', input_shape=(n_steps, n_features)))
model.add(Dense(1))
optimizer = keras.optimizers.Adam(lr=1e-5)
model.compile(optimizer=optimizer, loss='mse')

# fit model
model.fit(X, y, epochs=50, validation_split=0.2, verbose=1)"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 1e-5}),
        json!({"epochs": 50, "validation_split": 0.2}),
        &[
            W_LEGACY_LR,
            "raises ValueError: Argument(s) not recognized: {'lr': 1e-05}",
        ],
        &[
            (
                "model.add(LSTM(50, activation='relu', input_shape=(n_steps, n_features)))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "model.add(Dense(1))",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            ("loss='mse'", "the loss does not change the learning rate"),
            (
                "X",
                "the number of samples in `X` is not in the text (paste print",
            ),
            ("y", "the labels do not change the learning rate"),
            ("verbose=1", "does not change the learning rate"),
        ],
    );
}

// keras-team/keras issue #15299 (comment by SiQube)
#[test]
fn keras_issue_15299_two_sgd_spellings() {
    check(
        r#"sgdv = tf.keras.optimizers.SGD(learning_rate = 0.01, decay=1e-6, momentum=0.9, nesterov=True)
sgdv = tf.keras.optimizers.SGD(lr= 0.01, decay=1e-6, momentum=0.9, nesterov=True)"#,
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "decay": 1e-6,
            "momentum": 0.9, "nesterov": true}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.01}", W_TF211, "InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-06)", W_NOTE],
        &[(
            "tf.keras.optimizers.SGD(learning_rate = 0.01, decay=1e-6, momentum=0.9, nesterov=True)",
            "a later optimizer in the text replaces this one",
        )],
    );
}

// dmitryduev/braai issue #8 (the corrected cell)
#[test]
fn braai_if_elif_else_optimizer_choice() {
    check(
        r#"model = vgg6(input_shape=image_shape, n_classes=n_classes)

# Set up optimizer:
if optimizer == 'adam':
    optimizer = tf.keras.optimizers.Adam(learning_rate=3e-4, beta_1=0.9, beta_2=0.999, epsilon=None, amsgrad=False)
elif optimizer == 'sgd':
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, decay=1e-6, nesterov=True)
else:
    print('Could not recognize optimizer, using Adam')
    optimizer = tf.keras.optimizers.Adam(learning_rate=3e-4, beta_1=0.9, beta_2=0.999, epsilon=None, amsgrad=False)

model.compile(optimizer=optimizer, loss=loss, metrics=['accuracy'])

print(model.summary())"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 3e-4, "beta_1": 0.9,
            "beta_2": 0.999, "amsgrad": false}),
        json!({}),
        &[],
        &[
            ("if optimizer == 'adam':", "control flow and definitions are not followed: the statement"),
            ("tf.keras.optimizers.Adam(learning_rate=3e-4, beta_1=0.9, beta_2=0.999, epsilon=None, amsgrad=False)", "not the optimizer given to model.compile()"),
            ("elif optimizer == 'sgd':", "control flow and definitions are not followed: the statement"),
            ("tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, decay=1e-6, nesterov=True)", "not the optimizer given to model.compile()"),
            ("else:", "control flow and definitions are not followed: the statement"),
            ("print('Could not recognize optimizer, using Adam')", "not an optimizer, a schedule, compile() or fit()"),
            ("loss=loss", "the loss does not change the learning rate"),
            ("metrics=['accuracy']", "metrics do not change the learning rate"),
            ("print(model.summary())", "not an optimizer, a schedule, compile() or fit()"),
        ],
    );
}

// ----- issue threads -------------------------------------------------------------------------

// philipperemy/keras-tcn issue #284: the library line, and the fix suggested there
#[test]
fn keras_tcn_lr_from_a_function_parameter() {
    check(
        "    return optimizers.Adam(lr=lr, clipnorm=1.)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[W_LEGACY_LR],
        &[
            (
                "lr=lr",
                "`lr` is never assigned in the text; `lr` is left at Keras's default",
            ),
            (
                "clipnorm=1.",
                "gradient clipping does not change the learning rate",
            ),
        ],
    );
    check(
        "  return optimizers.Adam(lr, clipnorm=1.)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[
            (
                "lr",
                "`lr` is never assigned in the text; `learning_rate` is left at Keras's default",
            ),
            ("clipnorm=1.", "gradient clipping"),
        ],
    );
}

// LabeliaLabs/distributed-learning-contributivity pull request #283 (the diff's two lines)
#[test]
fn labelia_rmsprop_to_adam_diff() {
    check(
        r#"        opt = RMSprop(learning_rate=0.0001, decay=1e-6)
        opt = Adam(learning_rate=0.001, decay=1e-5)"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 1e-5}),
        json!({}),
        &[
            W_TF211,
            "InverseTimeDecay(0.001, decay_steps=1, decay_rate=1e-05)",
            W_NOTE,
        ],
        &[(
            "RMSprop(learning_rate=0.0001, decay=1e-6)",
            "a later optimizer",
        )],
    );
}

// rstudio/keras3 pull request #1354: R code is not Python — an error at the `$`
#[test]
fn r_code_is_an_error_at_its_first_unknown_character() {
    let e = err("> tf$keras$optimizers$Adam(decay=0.3)\n Error in py_call_impl(callable, dots$args, dots$keywords) : \n");
    assert_eq!(e, "code: line 1, column 5: invalid character '$'");
}

// balajisrinivas/Face-Mask-Detection train_mask_detector.py, the whole file (its issue #29 is the
// TF 2.11 `decay` ValueError): `Adam(lr=INIT_LR, decay=INIT_LR / EPOCHS)` with the constants
// computed, a for loop read through, fit() on a generator.
#[test]
fn face_mask_detection_training_script() {
    check(
        include_str!("data/keras_code/train_mask_detector.py"),
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.0001, "decay": 5e-6}),
        json!({"epochs": 20}),
        &[W_LEGACY_LR, "{'lr': 0.0001}", W_TF211, "InverseTimeDecay(0.0001, decay_steps=1, decay_rate=5e-06)", W_NOTE],
        &[
            ("CATEGORIES = [\"with_mask\", \"without_mask\"]", "`CATEGORIES` is assigned but never used by an optimizer, com"),
            ("print(\"[INFO] loading images...\")", "not an optimizer, a schedule, compile() or fit()"),
            ("for category in CATEGORIES:", "control flow and definitions are not followed: the statement"),
            ("for img in os.listdir(path):", "control flow and definitions are not followed: the statement"),
            ("data.append(image)", "not an optimizer, a schedule, compile() or fit()"),
            ("labels.append(category)", "not an optimizer, a schedule, compile() or fit()"),
            ("for layer in baseModel.layers:", "control flow and definitions are not followed: the statement"),
            ("layer.trainable = False", "`layer.trainable` is assigned but never used by an optimizer"),
            ("print(\"[INFO] compiling model...\")", "not an optimizer, a schedule, compile() or fit()"),
            ("loss=\"binary_crossentropy\"", "the loss does not change the learning rate"),
            ("metrics=[\"accuracy\"]", "metrics do not change the learning rate"),
            ("print(\"[INFO] training head...\")", "not an optimizer, a schedule, compile() or fit()"),
            ("aug.flow(trainX, trainY, batch_size=BS)", "the number of samples in x is not in the text (paste print(x"),
            ("steps_per_epoch=len(trainX) // BS", "len(trainX): the number of samples in `trainX` is not in the"),
            ("validation_data=(testX, testY)", "validation is not trained on and does not change the learnin"),
            ("validation_steps=len(testX) // BS", "validation is not trained on and does not change the learnin"),
            ("print(\"[INFO] evaluating network...\")", "not an optimizer, a schedule, compile() or fit()"),
            ("print(classification_report(testY.argmax(axis=1), predIdxs, target_names=lb.classes_))", "not an optimizer, a schedule, compile() or fit()"),
            ("print(\"[INFO] saving mask detector model...\")", "not an optimizer, a schedule, compile() or fit()"),
            ("model.save(\"mask_detector.model\", save_format=\"h5\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.style.use(\"ggplot\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.figure()", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.plot(np.arange(0, N), H.history[\"loss\"], label=\"train_loss\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.plot(np.arange(0, N), H.history[\"val_loss\"], label=\"val_loss\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.plot(np.arange(0, N), H.history[\"accuracy\"], label=\"train_acc\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.plot(np.arange(0, N), H.history[\"val_accuracy\"], label=\"val_acc\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.title(\"Training Loss and Accuracy\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.xlabel(\"Epoch #\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.ylabel(\"Loss/Accuracy\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.legend(loc=\"lower left\")", "not an optimizer, a schedule, compile() or fit()"),
            ("plt.savefig(\"plot.png\")", "not an optimizer, a schedule, compile() or fit()"),
        ],
    );
}

// The playground's own question (its issue; the numbers of datascience.stackexchange.com/questions/26112:
// "I set the lr parameter to 0.003 and the decay parameter to 0.0002") — not counted as a pasted snippet.
#[test]
fn the_question_itself() {
    check(
        "Adam(lr=0.003, decay=0.0002)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.003, "decay": 0.0002}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.003}",
            W_TF211,
            "InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002)",
            W_NOTE,
        ],
        &[],
    );
}

// isolution.pro/pt/q/so73026825 (the Portuguese mirror of Stack Overflow's "Adam optimizer
// decay parameter in keras"): the callback answer
#[test]
fn learning_rate_scheduler_callback_is_listed() {
    check(
        r#"from keras.callbacks import LearningRateScheduler
def decay_schedule(epoch, lr):
    # decay by 0.1 every 5 epochs; use `% 1` to decay after each epoch
    if (epoch % 5 == 0) and (epoch != 0):
        lr = lr * 0.1
    return lr
lr_scheduler = LearningRateScheduler(decay_schedule)
model.fit(x, y, epochs=50, callbacks=[lr_scheduler])"#,
        Value::Null,
        json!({"epochs": 50}),
        &[],
        &[
            (
                "def decay_schedule(epoch, lr):",
                "control flow and definitions are not followed: the statement",
            ),
            (
                "if (epoch % 5 == 0) and (epoch != 0):",
                "control flow and definitions are not followed: the statement",
            ),
            (
                "return lr",
                "not an optimizer, a schedule, compile() or fit()",
            ),
            (
                "x",
                "the number of samples in `x` is not in the text (paste print",
            ),
            ("y", "the labels do not change the learning rate"),
            (
                "callbacks=[lr_scheduler]",
                "callbacks are not followed: a LearningRateScheduler or Reduc",
            ),
        ],
    );
}

// huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1 ("Learning Rate Schedules and Decay in Adam
// Optimizer")
#[test]
fn nemotron_page_optimizer_constant() {
    check(
        r#"from keras.optimizers import Adam

OPTIMIZER = Adam(lr=0.001, decay=0.01)"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.01}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.001}",
            W_TF211,
            "InverseTimeDecay(0.001, decay_steps=1, decay_rate=0.01)",
            W_NOTE,
        ],
        &[],
    );
}

// aladdinpersson/Machine-Learning-Collection issue #112 (prose around code names Adam: the
// text is not Python, and the line names an optimizer call, so it is an error, with its place)
#[test]
fn aladdinpersson_suggestion_is_prose() {
    assert_eq!(
        err("in keras.optimizers.Adam(lr=0.001) change lr by learning_rate, the code become  keras.optimizers.Adam(learning_rate=0.001)this is just an example"),
        "code: line 1, column 1: expected an expression, found 'in'"
    );
}

// keras-team/tf-keras issue #331 / tensorflow/tensorflow issue #58831: TF 2.11's warning for
// `lr`, pasted as is (a log line, not code; it names no optimizer call, so it is only listed)
#[test]
fn tf_211_lr_warning_line() {
    check(
        r#"WARNING:absl:`lr` is deprecated, please use `learning_rate` instead, or use the legacy optimizer, e.g.,tf.keras.optimizers.legacy.Adagrad."#,
        Value::Null,
        json!({}),
        &[],
        &[(
            "WARNING:absl:`lr` is deprecated, please use `learning_rate` instead, or use the legacy optimizer, e.g.,tf.keras.optimizers.legacy.Adagrad.",
            "not Python this parser reads (line 1, column 14: invalid character '`')",
        )],
    );
}

// aladdinpersson/Machine-Learning-Collection issue #84: the tf_keras warning as printed
#[test]
fn legacy_lr_warning_output() {
    check(
        r#"...\lib\site-packages\keras\optimizer_v2\adam.py:105: UserWarning: The `lr` argument is deprecated, use `learning_rate` instead.
  super(Adam, self).__init__(name, **kwargs)"#,
        Value::Null,
        json!({}),
        &[],
        &[
            (
                "...\\lib\\site-packages\\keras\\optimizer_v2\\adam.py:105: UserWarning: The `lr` argument is deprecated, use `learning_rate` instead.",
                "not Python this parser reads",
            ),
            ("super(Adam, self).__init__(name, **kwargs)", "not an optimizer"),
        ],
    );
}

// GLambard/AdamW_Keras README.md (a third-party AdamW with Keras 2's arguments; Keras's own
// AdamW has no `lr`, `decay`, `batch_size`, …: Keras 3 raises on them, and so does this parser)
#[test]
fn third_party_adamw_arguments_are_errors() {
    let e = err(r#"from AdamW import AdamW

adamw = AdamW(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0., weight_decay=0.025, batch_size=1, samples_per_epoch=1, epochs=1)"#);
    assert_eq!(
        e,
        "code: line 3, column 51: AdamW: `epsilon` must be a number, got None"
    );
}

// hiro1769/code train_configs/pointnetpp.py (a PyTorch-style config dict: not a Keras config)
#[test]
fn a_non_keras_config_dict_is_ignored() {
    check(
        r#"config = {
    "tr_set":{
        "optimizer":{
            "lr": 1e-3,
            "NAME": 'adam',
            "weight_decay": 1.0e-4,
        },
        "scheduler":{
            "sched": 'cosine', 
            "warmup_epochs": 0,
            "full_steps": 50,
            "schedueler_step": 840,
            "min_lr": 1e-5,
        },
    },
}"#,
        Value::Null,
        json!({}),
        &[],
        &[
            ("config = { \"tr_set\":{ \"optimizer\":{ \"lr\": 1e-3, \"NAME\": 'adam', \"weight_decay\": 1.0e-4, }, \"scheduler\":{ \"sched\": 'cosine', \"warmup_epochs\": 0, \"full_steps\":…", "`config` is assigned but never used by an optimizer, compile"),
        ],
    );
}

// philipperemy/keras-tcn issue #284: the traceback pasted as is (shell and file lines are not
// Python and name no optimizer call: ignored; the code line is read)
#[test]
fn a_traceback_around_the_code_line() {
    check(
        r#"$ tasks/adding_problem 06:54:06$ python3 main.py 

...
/lib/python3.9/site-packages/tcn/tcn.py", line 459, in get_opt
    return optimizers.Adam(lr=lr, clipnorm=1.)"#,
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[W_LEGACY_LR],
        &[
            (
                "$ tasks/adding_problem 06:54:06$ python3 main.py",
                "not Python this parser reads (line 1, column 1: invalid character '$')",
            ),
            (
                "/lib/python3.9/site-packages/tcn/tcn.py\", line 459, in get_opt",
                "not Python this parser reads (line 4, column 40: unterminated string)",
            ),
            ("lr=lr", "`lr` is never assigned in the text"),
            ("clipnorm=1.", "gradient clipping"),
        ],
    );
}

// ----- the forms named in the issue ------------------------------------------------------------

#[test]
fn the_issue_forms() {
    check(
        "tf.keras.optimizers.Adam(learning_rate=1e-3, decay=1e-4)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.0001}),
        json!({}),
        &[
            W_TF211,
            "InverseTimeDecay(0.001, decay_steps=1, decay_rate=0.0001)",
            W_NOTE,
        ],
        &[],
    );
    check(
        "keras.optimizers.legacy.SGD(0.01, momentum=0.9, nesterov=True, decay=1e-6)",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9,
            "nesterov": true, "decay": 1e-6}),
        json!({}),
        &["keras.optimizers.legacy.SGD raises ImportError", W_NOTE],
        &[],
    );
    check(
        "Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))",
        json!({"name": "adam", "api": "keras3", "learning_rate": {"schedule": "inverse_time_decay",
            "initial_learning_rate": 0.003, "decay_steps": 1.0, "decay_rate": 0.0002, "staircase": false}}),
        json!({}),
        &[],
        &[],
    );
    check(
        "optimizer = 'adam'",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[],
    );
    check(
        "model.compile(optimizer='sgd')",
        json!({"name": "sgd", "api": "legacy"}),
        json!({}),
        &[],
        &[],
    );
    check(
        "model.fit(x, y, batch_size=64, epochs=50, validation_split=0.1, steps_per_epoch=100)",
        Value::Null,
        json!({"batch_size": 64, "epochs": 50, "validation_split": 0.1, "steps_per_epoch": 100}),
        &[],
        &[("x", "samples"), ("y", "labels")],
    );
}

#[test]
fn printed_shapes_give_the_sample_count() {
    let text = ">>> print(x_train.shape)\n(60000, 28, 28)\n>>> model.fit(x_train, y_train, batch_size=32, epochs=2)\n";
    let p = parse(text);
    assert_eq!(p.fit.samples, Some(60000));
    // A lone printed shape, a REPL `Out[…]:`, and len(…) output.
    assert_eq!(parse("(60000, 28, 28)").fit.samples, Some(60000));
    assert_eq!(
        parse("In [3]: x_train.shape\nOut[3]: (50000, 32, 32, 3)\n")
            .fit
            .samples,
        Some(50000)
    );
    assert_eq!(
        parse("len(x_train)\n60000\nmodel.fit(x_train, y_train)")
            .fit
            .samples,
        Some(60000)
    );
    // The shape of another array than fit()'s x is not used.
    let p = parse("print(x_test.shape)\n(10000, 28, 28)\nmodel.fit(x_train, y_train)");
    assert_eq!(p.fit.samples, None);
    assert!(p.ignored.iter().any(|i| i.text == "(10000, 28, 28)"));
    // Arithmetic with a known length.
    let p = parse("print(x_train.shape)\n(60000, 28, 28)\nmodel.fit(x_train, y_train, steps_per_epoch=len(x_train) // 32)");
    assert_eq!(
        (p.fit.samples, p.fit.steps_per_epoch),
        (Some(60000), Some(1875))
    );
    let p = parse("model.fit(x_train, y_train, steps_per_epoch=len(x_train) // 32)");
    assert_eq!(p.fit.steps_per_epoch, None);
    assert!(p
        .ignored
        .iter()
        .any(|i| i.text == "steps_per_epoch=len(x_train) // 32"
            && i.reason
                .contains("len(x_train): the number of samples in `x_train` is not in the text")));
}

#[test]
fn get_config_dicts_legacy_keras3_and_serialized() {
    check(
        "{'name': 'Adam', 'learning_rate': 0.003, 'decay': 0.0002, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.003, "decay": 0.0002,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[W_NOTE],
        &[],
    );
    check(
        "{'name': 'adam', 'learning_rate': {'module': 'keras.optimizers.schedules', 'class_name': 'InverseTimeDecay', 'config': {'initial_learning_rate': 0.003, 'decay_steps': 1, 'decay_rate': 0.0002, 'staircase': False, 'name': 'InverseTimeDecay'}, 'registered_name': None}, 'weight_decay': None, 'clipnorm': None, 'global_clipnorm': None, 'clipvalue': None, 'use_ema': False, 'ema_momentum': 0.99, 'ema_overwrite_frequency': None, 'loss_scale_factor': None, 'gradient_accumulation_steps': None, 'beta_1': 0.9, 'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}",
        json!({"name": "adam", "api": "keras3", "learning_rate": {"schedule": "inverse_time_decay",
            "initial_learning_rate": 0.003, "decay_steps": 1.0, "decay_rate": 0.0002,
            "staircase": false, "name": "InverseTimeDecay"},
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[],
    );
    check(
        r#"{"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}"#,
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "decay": 0.0,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[],
    );
    // Keras 3's clipnorm set, and a key this parser does not know, are listed.
    check(
        "config = {'name': 'sgd', 'learning_rate': 0.1, 'weight_decay': None, 'clipnorm': 1.0, 'momentum': 0.9, 'nesterov': False, 'mystery': 3}\nopt = keras.optimizers.SGD.from_config(config)\nmodel.compile(optimizer=opt)",
        json!({"name": "sgd", "api": "keras3", "learning_rate": 0.1, "momentum": 0.9, "nesterov": false}),
        json!({}),
        &[],
        &[
            ("'clipnorm': 1.0", "gradient clipping"),
            ("'mystery': 3", "not an argument of SGD this parser knows"),
        ],
    );
}

#[test]
fn which_api_and_keras_warnings() {
    // Keras-3-only arguments make it Keras 3; `lr` there is Keras 3's error text.
    check(
        "keras.optimizers.Adam(lr=0.01, weight_decay=0.01)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.01, "weight_decay": 0.01}),
        json!({}),
        &["raises ValueError: Argument(s) not recognized: {'lr': 0.01}"],
        &[],
    );
    // weight_decay=None is still Keras 3 (legacy optimizers have no such argument).
    check(
        "keras.optimizers.Adam(learning_rate=1e-3, weight_decay=None)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.001}),
        json!({}),
        &[],
        &[],
    );
    check(
        "AdamW(learning_rate=1e-3, weight_decay=1e-4)",
        json!({"name": "adamw", "api": "keras3", "learning_rate": 0.001, "weight_decay": 0.0001}),
        json!({}),
        &[],
        &[],
    );
    // A schedule with decay= is Keras 2 code (decay applies on top of the schedule there).
    check(
        "SGD(learning_rate=ExponentialDecay(0.1, 1000, 0.9), decay=1e-4)",
        json!({"name": "sgd", "api": "legacy", "decay": 0.0001, "learning_rate": {
            "schedule": "exponential_decay", "initial_learning_rate": 0.1, "decay_steps": 1000.0,
            "decay_rate": 0.9, "staircase": false}}),
        json!({}),
        &[W_TF211, W_K3_DECAY, W_NOTE],
        &[],
    );
    // Legacy Nadam ignores decay: no InverseTimeDecay replacement is offered.
    let p = check(
        "Nadam(lr=0.002, decay=0.004)",
        json!({"name": "nadam", "api": "legacy", "learning_rate": 0.002, "decay": 0.004}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.002}",
            "legacy.Nadam.",
            W_K3_DECAY,
            "legacy Nadam ignores `decay`",
        ],
        &[],
    );
    assert!(!p.warnings.iter().any(|w| w.contains("InverseTimeDecay")));
    // Positional arguments follow each API's signature: Keras 3's 6th is weight_decay, legacy's is name.
    check(
        "keras.optimizers.Adam(0.001, 0.9, 0.999, 1e-7, False, 0.004)",
        json!({"name": "adam", "api": "keras3", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false, "weight_decay": 0.004}),
        json!({}),
        &[],
        &[],
    );
    check(
        "Adam(0.001, 0.9, 0.999, 1e-7, False, 'my_adam')",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false}),
        json!({}),
        &[],
        &[("'my_adam'", "the optimizer's name")],
    );
    check(
        "RMSprop(0.001, 0.95, 0.9, 1e-6, True)",
        json!({"name": "rmsprop", "api": "legacy", "learning_rate": 0.001, "rho": 0.95,
            "momentum": 0.9, "epsilon": 1e-6, "centered": true}),
        json!({}),
        &[],
        &[],
    );
    // No optimizer in compile(): Keras's default.
    check(
        "model.compile(loss='mse')",
        json!({"name": "rmsprop", "api": "legacy"}),
        json!({}),
        &["without an optimizer uses Keras's default, optimizer=\"rmsprop\""],
        &[("loss='mse'", "loss")],
    );
}

// ----- edge cases --------------------------------------------------------------------------

#[test]
fn syntax_errors_name_line_and_column() {
    assert_eq!(
        err("Adam(lr=0.001,, decay=1e-6)"),
        "code: line 1, column 15: expected an expression, found ','"
    );
    assert_eq!(
        err("x = 1\nopt = Adam(lr=0.001, name='adam)\n"),
        "code: line 2, column 27: unterminated string"
    );
    assert_eq!(
        err("model.fit(x, y\n"),
        "code: line 1, column 10: '(' was never closed"
    );
    assert_eq!(
        err("Adam(lr=0.1]"),
        "code: line 1, column 12: closing parenthesis ']' does not match opening parenthesis '('"
    );
    assert_eq!(
        err("SGD(0.1 0.9)"),
        "code: line 1, column 9: expected ',' or a closing bracket, found a number"
    );
    assert_eq!(
        err("'''never closed\nAdam()"),
        "code: line 1, column 1: unterminated triple-quoted string"
    );
    // Columns count characters, not bytes.
    assert_eq!(
        err("# é\nx = 'é'; Adam(lr=)"),
        "code: line 2, column 18: expected an expression, found ')'"
    );
    // A syntax error in a line that is not optimizer code only puts the line in `ignored`.
    let p = parse(
        "Epoch 1/50\n1875/1875 [==============================] - 5s 3ms/step - loss: 0.2\nAdam()",
    );
    assert_eq!(p.ignored.len(), 2);
    assert!(
        p.ignored[1]
            .reason
            .contains("invalid number literal \"5s\""),
        "{:?}",
        p.ignored
    );
}

#[test]
fn keras_rejects_these_arguments_and_so_does_the_parser() {
    assert_eq!(
        err("Adam(0.001, learning_rate=0.01)"),
        "code: line 1, column 13: Adam() got multiple values for argument 'learning_rate' (Python raises TypeError)"
    );
    assert_eq!(
        err("Adam(lr=1, lr=2)"),
        "code: line 1, column 12: keyword argument repeated: lr (Python raises SyntaxError)"
    );
    assert_eq!(
        err("Adam(learnig_rate=0.01)"),
        "code: line 1, column 6: Adam has no argument `learnig_rate` (tf_keras raises TypeError: Unexpected keyword argument passed to optimizer: learnig_rate)"
    );
    assert_eq!(
        err("keras.optimizers.Adam(weight_decay=0.1, foo=1)"),
        "code: line 1, column 41: Adam has no argument `foo` (Keras 3 raises ValueError: Argument(s) not recognized: {'foo': 1})"
    );
    assert_eq!(
        err("SGD(0.1, 0.9, True, 'sgd', 5)"),
        "code: line 1, column 28: SGD() takes at most 4 positional arguments, got more"
    );
    assert_eq!(
        err("Adam(learning_rate='fast')"),
        "code: line 1, column 6: Adam: `learning_rate` must be a number or a schedule, got \"fast\""
    );
    assert_eq!(
        err("SGD(nesterov='yes')"),
        "code: line 1, column 5: SGD: `nesterov` must be True or False, got \"yes\""
    );
    assert_eq!(
        err("InverseTimeDecay(0.1)"),
        "code: line 1, column 1: InverseTimeDecay: missing field `decay_steps`"
    );
    assert_eq!(
        err("ExponentialDecay(0.1, 100, 0.9, rate=2)"),
        "code: line 1, column 33: ExponentialDecay() got an unexpected keyword argument 'rate' (Python raises TypeError)"
    );
    // The core's validation of the chosen optimizer, at the argument.
    assert_eq!(
        err("x = 1\nAdam(learning_rate=0.1, beta_1=1.5)"),
        "code: line 2, column 25: optimizer.beta_1: must be in [0, 1), got 1.5"
    );
    assert!(err("tf.keras.optimizers.legacy.Adam(weight_decay=0.01)")
        .starts_with("code: line 1, column 33: optimizer.weight_decay: is not an argument of tf_keras.optimizers.legacy.Adam"));
    assert!(
        err("tf.keras.optimizers.legacy.Nadam(learning_rate=CosineDecay(0.1, 100))").contains(
            "The Nadam optimizer does not support tf.keras.optimizers.LearningRateSchedules"
        )
    );
    assert!(err("Adam(momentum=0.9)").contains("optimizer.momentum: is not an argument of"));
}

#[test]
fn unknown_and_unassigned_names_are_listed_never_guessed() {
    check(
        "Adam(learning_rate=base_lr, beta_1=b1)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[
            ("learning_rate=base_lr", "`base_lr` is never assigned in the text; `learning_rate` is left at Keras's default"),
            ("beta_1=b1", "`b1` is never assigned in the text; `beta_1` is left at Keras's default"),
        ],
    );
    check(
        "opt = MyOptimizer(0.1)\nmodel.compile(optimizer=opt)",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer=opt",
            "the optimizer given to compile() is not understood",
        )],
    );
    check(
        "model.compile(optimizer='adadelta')",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer='adadelta'",
            "\"adadelta\" is not an optimizer this playground runs",
        )],
    );
    check(
        "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
        Value::Null,
        json!({}),
        &[],
        &[(
            "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
            "`optimizer` is assigned but never used",
        )],
    );
}

#[test]
fn assignments_arithmetic_and_unpacking() {
    check(
        "lr = 1e-3\nopt = Adam(lr)\nmodel.compile(optimizer=opt)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001}),
        json!({}),
        &[],
        &[],
    );
    check(
        "base = 1e-3\nAdam(learning_rate=base * 0.5, beta_2=1 - 1e-3)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.0005, "beta_2": 0.999}),
        json!({}),
        &[],
        &[],
    );
    check(
        "lr, decay = 0.003, 2e-4\nlr *= 2\nAdam(lr=lr, decay=decay)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.006, "decay": 0.0002}),
        json!({}),
        &[
            W_LEGACY_LR,
            "{'lr': 0.006}",
            W_TF211,
            "InverseTimeDecay(0.006, decay_steps=1, decay_rate=0.0002)",
            W_NOTE,
        ],
        &[],
    );
    check(
        "params = dict_params = {'learning_rate': 0.01, 'momentum': 0.9}\nSGD(**{'learning_rate': 0.01, 'momentum': 0.9})",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9}),
        json!({}),
        &[],
        &[("params = dict_params = {'learning_rate': 0.01, 'momentum': 0.9}", "`params`, `dict_params` are assigned but never used")],
    );
    check(
        "EPOCHS = 10; BATCH = 2 ** 6\nmodel.fit(x, y, BATCH, EPOCHS, validation_split=.2)",
        Value::Null,
        json!({"batch_size": 64, "epochs": 10, "validation_split": 0.2}),
        &[],
        &[("x", "samples"), ("y", "labels")],
    );
    // Line continuation and a multi-line call with comments.
    check(
        "opt = Adam(learning_rate=0.01,  # the lr\n           beta_1=0.95) \\\n    if False else None",
        Value::Null,
        json!({}),
        &[],
        &[("opt = Adam(learning_rate=0.01, # the lr beta_1=0.95) \\ if False else None", "not understood")],
    );
    check(
        "x = 1 / 0\nAdam(learning_rate=x)",
        json!({"name": "adam", "api": "legacy"}),
        json!({}),
        &[],
        &[("learning_rate=x", "division by zero")],
    );
}

#[test]
fn hostile_sizes_are_bounded() {
    let deep = format!(
        "Adam(learning_rate={}0.1{})",
        "(".repeat(200),
        ")".repeat(200)
    );
    assert!(
        err(&deep).contains("nested more than 48 levels deep"),
        "{}",
        err(&deep)
    );
    assert!(err(&format!("SGD({}1)", "-".repeat(1000))).contains("nested more than"));
    assert!(err(&format!("SGD({}1)", "1+".repeat(1000))).contains("more than 256 operators"));
    assert!(err(&"x".repeat(300 * 1024)).starts_with("code: must be at most 262144 bytes"));
    assert!(err("Adam(learning_rate=1e400)")
        .contains("optimizer.learning_rate: must be a finite number"));
    let p = parse("model.fit(x, y, batch_size=10**30, epochs=1e999)");
    assert_eq!(p.fit.batch_size, None);
    assert_eq!(p.fit.epochs, None);
    // Values that grow by doubling stay bounded.
    let mut text = String::from("a = [1, 2]\n");
    for _ in 0..60 {
        text.push_str("a = [a, a]\n");
    }
    text.push_str("SGD(learning_rate=a)\n");
    assert!(err(&text).contains("must be a number or a schedule"));
    // Thousands of statements: the ignored list is capped.
    let many = "model.add(Dense(1))\n".repeat(5000);
    let p = parse(&many);
    assert_eq!(p.ignored.len(), 201);
    assert_eq!(p.ignored[200].reason, "… and 4800 more pieces not listed");
    assert_eq!(parse("").optimizer, None);
}

#[test]
fn lr_and_learning_rate_both_given_lr_wins_as_in_tf_keras() {
    check(
        "Adam(learning_rate=0.01, lr=0.003)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.003}),
        json!({}),
        &[W_LEGACY_LR, "{'lr': 0.003}"],
        &[(
            "learning_rate=0.01",
            "`lr` wins over `learning_rate` in Keras 2 (tf_keras: kwargs.get(\"lr\", learning_rate))",
        )],
    );
}
