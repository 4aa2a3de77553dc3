"""Real Keras on the playground's CNN task, for judging accuracy targets (run by hand).

Trains the default network (Conv 8x5x5 same, ReLU, MaxPool 2, Conv 16x5x5 same, ReLU,
MaxPool 3, Dense 10, softmax) with Adam(learning_rate=0.001), batch 32, on the same
8,000/2,000 digits the page uses (www/data/mnist-10k.bin), and prints the test accuracy
after each epoch per seed.

    python3 scripts/keras_cnn_reference.py            # default network, 2 epochs, seeds 1-3
    python3 scripts/keras_cnn_reference.py --epochs 10
    python3 scripts/keras_cnn_reference.py --capacity # wider networks and standardised input

`--capacity` answers "would a bigger network or better preprocessing reach the target?":
it trains wider variants of the same architecture and the default one on standardised
input ((x - mean) / std of the training pixels), 2 epochs each.
Needs `pip install tensorflow-cpu keras`.
"""
import argparse
import os
import struct

import numpy as np

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras  # noqa: E402


def load(path="www/data/mnist-10k.bin"):
    b = open(path, "rb").read()
    ntr, nte = struct.unpack("<II", b[16:24])
    o = 28
    xtr = np.frombuffer(b, np.uint8, ntr * 784, o).reshape(-1, 28, 28, 1) / np.float32(255)
    o += ntr * 784
    ytr = np.frombuffer(b, np.uint8, ntr, o).astype(np.int32)
    o += ntr
    xte = np.frombuffer(b, np.uint8, nte * 784, o).reshape(-1, 28, 28, 1) / np.float32(255)
    o += nte * 784
    yte = np.frombuffer(b, np.uint8, nte, o).astype(np.int32)
    return xtr, ytr, xte, yte


def network(filters_1=8, filters_2=16, kernel=5):
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(filters_1, kernel, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(filters_2, kernel, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(3),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])


def run(label, data, seeds, epochs, **shape):
    xtr, ytr, xte, yte = data
    for seed in seeds:
        keras.utils.set_random_seed(seed)
        m = network(**shape)
        m.compile(optimizer=keras.optimizers.Adam(0.001),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        h = m.fit(xtr, ytr, batch_size=32, epochs=epochs, verbose=0,
                  validation_data=(xte, yte))
        per_epoch = " ".join(f"{100 * a:.2f}%" for a in h.history["val_accuracy"])
        print(f"{label:<34} params {m.count_params():>6}  seed {seed}  test accuracy by epoch: {per_epoch}",
              flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--capacity", action="store_true")
    a = p.parse_args()
    print(f"keras {keras.__version__}, Adam(0.001), batch 32")
    data = load()
    run("default 8/16 filters, 5x5", data, a.seeds, a.epochs)
    if a.capacity:
        xtr, ytr, xte, yte = data
        mu, sd = xtr.mean(), xtr.std()
        run("default, standardised input", ((xtr - mu) / sd, ytr, (xte - mu) / sd, yte), a.seeds, a.epochs)
        for f1, f2, k in [(16, 32, 5), (32, 32, 5), (32, 64, 5)]:
            run(f"{f1}/{f2} filters, {k}x{k}", data, a.seeds, a.epochs, filters_1=f1, filters_2=f2, kernel=k)


if __name__ == "__main__":
    main()
