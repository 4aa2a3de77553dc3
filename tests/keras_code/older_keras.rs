//! Keras 1 and Keras ≤ 2.2 code: the lowercase aliases of `keras.optimizers`, Keras 2.2's
//! positional order, `nb_epoch=` and the other Keras 1 arguments of fit() and fit_generator().

use super::*;
use serde_json::json;

const W_ALIAS: &str = "lowercase alias of";
const W_NB_EPOCH: &str = "`nb_epoch` is Keras 1's name of `epochs`";
const W_KERAS22_ORDER: &str = "positional arguments in Keras 2.2's order";

// keras-team/keras examples/cifar10_cnn.py (Keras 2.2), the whole file: the alias, and the
// `(3, 3)` of a Conv2D after `print('x_train shape:', x_train.shape)` is not that shape's output.
#[test]
fn keras_cifar10_example_with_the_rmsprop_alias() {
    let p = check_read(
        include_str!("../data/keras_code/keras2_cifar10_cnn.py"),
        json!({"name": "rmsprop", "api": "legacy", "learning_rate": 0.0001, "decay": 1e-6}),
        json!({"epochs": 100}),
        &[
            "`keras.optimizers.rmsprop` is Keras 2.0–2.2's lowercase alias of RMSprop",
            W_NOTE,
        ],
    );
    assert!(p.alternatives.is_empty());
    assert!(reason_for(&p, "print('x_train shape:', x_train.shape)")
        .unwrap()
        .contains("whose output is not in the text"));
    assert_eq!(
        reason_for(
            &p,
            "model.add(Conv2D(32, (3, 3), padding='same', input_shape=x_train.shape[1:]))"
        ),
        Some("not an optimizer, a schedule, compile() or fit()")
    );
}

#[test]
fn aliases_take_keras_22s_order_and_defaults() {
    check(
        "opt = keras.optimizers.sgd(0.01, 0.9, 1e-6, True)",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.01, "momentum": 0.9,
            "decay": 1e-6, "nesterov": true}),
        json!({}),
        &[
            "`keras.optimizers.sgd` is Keras 2.0–2.2's lowercase alias of SGD",
            W_NOTE,
        ],
        &[],
    );
    // Keras 2.2: `Adagrad(lr=0.01, epsilon=None, decay=0.)`, accumulators from `K.zeros`.
    check(
        "from keras import optimizers\nmodel.compile(loss='mse', optimizer=optimizers.adagrad())",
        json!({"name": "adagrad", "api": "legacy", "learning_rate": 0.01,
            "initial_accumulator_value": 0.0}),
        json!({}),
        &["accumulators starting at 0"],
        &[("loss='mse'", "loss")],
    );
    check(
        "from keras.optimizers import nadam\nopt = nadam(lr=0.001)",
        json!({"name": "nadam", "api": "legacy", "learning_rate": 0.001}),
        json!({}),
        &["`keras.optimizers.nadam` is Keras 2.0–2.2's lowercase alias of Nadam"],
        &[],
    );
    check(
        "adam = keras.optimizers.adam(lr=1e-4, beta_1=0.5)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.0001, "beta_1": 0.5}),
        json!({}),
        &[W_ALIAS],
        &[],
    );
}

#[test]
fn a_lowercase_name_outside_keras_optimizers_is_not_an_alias() {
    let p = parse("def adam(lr):\n    return lr\nopt = adam(0.1)\n");
    assert_eq!(p.optimizer, None);
    let p = parse("from mylib import sgd\nopt = sgd(0.1)\n");
    assert_eq!(p.optimizer, None);
}

// PCART-tools/PCBench Benchmark/keras/Adam@2.1.2-2.1.3/Adam#16YY/AdamYY.py: Keras 2.1's
// `Adam(lr, beta_1, beta_2, epsilon, decay, amsgrad)`; tf_keras has `amsgrad` fifth.
#[test]
fn a_number_where_keras_22_had_decay_is_keras_22_code() {
    check(
        "adam_optimizer = Adam(0.001,  0.9,  0.999,  1e-08,  0.0)",
        json!({"name": "adam", "api": "legacy", "learning_rate": 0.001, "beta_1": 0.9,
            "beta_2": 0.999, "epsilon": 1e-8, "decay": 0.0}),
        json!({}),
        &[W_KERAS22_ORDER],
        &[],
    );
    check(
        "sgd = SGD(0.1, 0.9, 1e-6)",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.1, "momentum": 0.9,
            "decay": 1e-6}),
        json!({}),
        &[W_KERAS22_ORDER, W_NOTE],
        &[],
    );
    // tf_keras's order where it is a flag: still tf_keras's.
    check(
        "SGD(0.1, 0.9, True)",
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.1, "momentum": 0.9,
            "nesterov": true}),
        json!({}),
        &[],
        &[],
    );
}

// xifengbishu/KERAS2 WGS/keras_usage/ZheJiang/wgs_test2/test.py (Keras 1).
#[test]
fn keras_1_nb_epoch_is_the_epochs() {
    let p = check_read(
        include_str!("../data/keras_code/keras1_xifengbishu_cnn.py"),
        json!({"name": "sgd", "api": "legacy", "learning_rate": 0.1, "decay": 1e-6,
            "momentum": 0.9, "nesterov": true}),
        json!({"batch_size": 32, "epochs": 1}),
        &[
            W_LEGACY_LR,
            "Keras 3",
            W_TF211,
            W_K3_DECAY,
            W_NOTE,
            W_NB_EPOCH,
        ],
    );
    assert!(p.warnings[5].contains("tf.keras (TF 2) and Keras 3 raise TypeError"));
    // Keras 2.2: `epochs = kwargs.pop('nb_epoch')` wins over `epochs`.
    check(
        "model.fit(x, y, epochs=5, nb_epoch=10)",
        Value::Null,
        json!({"epochs": 10}),
        &[W_NB_EPOCH],
        &[
            ("x", "samples"),
            ("y", "labels"),
            ("epochs=5", "take nb_epoch over epochs"),
        ],
    );
    check(
        "model.fit_generator(gen, samples_per_epoch=2000, nb_epoch=50, nb_val_samples=800)",
        Value::Null,
        json!({"epochs": 50}),
        &[W_NB_EPOCH],
        &[
            ("gen", "samples"),
            (
                "samples_per_epoch=2000",
                "samples_per_epoch // the generator's batch_size",
            ),
            ("nb_val_samples=800", "a Keras 1 argument"),
        ],
    );
}
