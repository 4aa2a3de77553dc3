# source: github.com/fchollet/deep-learning-with-python-notebooks first_edition/3.6-classifying-newswires.ipynb (commit dea84a4e), cells 24, 26, 28 of the notebook
# keras: 2.2
model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])

x_val = x_train[:1000]
partial_x_train = x_train[1000:]

y_val = one_hot_train_labels[:1000]
partial_y_train = one_hot_train_labels[1000:]

history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=20,
                    batch_size=512,
                    validation_data=(x_val, y_val))
