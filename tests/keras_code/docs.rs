//! Snippets from the Keras and TensorFlow documentation and keras.io examples.

use super::*;
use serde_json::json;

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
