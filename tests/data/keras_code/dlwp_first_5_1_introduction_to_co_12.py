# source: github.com/fchollet/deep-learning-with-python-notebooks first_edition/5.1-introduction-to-convnets.ipynb (commit dea84a4e), cell 12 of the notebook
# keras: 2.2
model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=5, batch_size=64)
