# source: github.com/fchollet/deep-learning-with-python-notebooks second_edition/chapter02_mathematical-building-blocks.ipynb (commit dea84a4e), cells 15, 17, 19 of the notebook
# keras: 2
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255

model.fit(train_images, train_labels, epochs=5, batch_size=128)
