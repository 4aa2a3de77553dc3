# source: github.com/fchollet/deep-learning-with-python-notebooks chapter03_introduction-to-ml-frameworks.ipynb (commit dea84a4e), cells 135, 136, 139 of the notebook
# keras: 3
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(
    optimizer="rmsprop",
    loss="mean_squared_error",
    metrics=["accuracy"],
)

model.compile(
    optimizer=keras.optimizers.RMSprop(),
    loss=keras.losses.MeanSquaredError(),
    metrics=[keras.metrics.BinaryAccuracy()],
)

history = model.fit(
    inputs,
    targets,
    epochs=5,
    batch_size=128,
)
