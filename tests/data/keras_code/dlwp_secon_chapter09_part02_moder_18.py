# source: github.com/fchollet/deep-learning-with-python-notebooks second_edition/chapter09_part02_modern-convnet-architecture-patterns.ipynb (commit dea84a4e), cell 18 of the notebook
# keras: 2
model.compile(loss="binary_crossentropy",
              optimizer="rmsprop",
              metrics=["accuracy"])
history = model.fit(
    train_dataset,
    epochs=100,
    validation_data=validation_dataset)
