//! Training scripts from GitHub repositories.

use super::*;
use serde_json::json;

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
