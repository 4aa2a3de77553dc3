# source: github.com/ageron/handson-ml2 11_training_deep_neural_networks.ipynb (commit 1e211527), cell 179 of the notebook
# keras: 2
optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
mc_model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
