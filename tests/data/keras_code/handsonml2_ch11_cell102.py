# source: github.com/ageron/handson-ml2 11_training_deep_neural_networks.ipynb (commit 1e211527), cell 102 of the notebook
# keras: 2
optimizer = keras.optimizers.SGD(learning_rate=0.001, momentum=0.9, nesterov=True)
