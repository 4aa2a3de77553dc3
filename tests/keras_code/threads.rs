//! Issue threads, Q&A pages and what was pasted from them.

use super::*;
use serde_json::json;

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
        include_str!("../data/keras_code/train_mask_detector.py"),
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
