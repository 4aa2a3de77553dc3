# source: github.com/fchollet/deep-learning-with-python-notebooks chapter02_mathematical-building-blocks.ipynb (commit dea84a4e), cells 15, 16, 17 of the notebook
# keras: 3
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255

model.fit(train_images, train_labels, epochs=5, batch_size=128)
