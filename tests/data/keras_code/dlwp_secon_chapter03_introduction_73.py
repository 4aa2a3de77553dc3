# source: github.com/fchollet/deep-learning-with-python-notebooks second_edition/chapter03_introduction-to-keras-and-tf.ipynb (commit dea84a4e), cells 73, 74, 78 of the notebook
# keras: 2
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="rmsprop",
              loss="mean_squared_error",
              metrics=["accuracy"])

model.compile(optimizer=keras.optimizers.RMSprop(),
              loss=keras.losses.MeanSquaredError(),
              metrics=[keras.metrics.BinaryAccuracy()])

history = model.fit(
    inputs,
    targets,
    epochs=5,
    batch_size=128
)
