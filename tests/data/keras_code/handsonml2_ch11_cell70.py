# source: github.com/ageron/handson-ml2 11_training_deep_neural_networks.ipynb (commit 1e211527), cell 70 of the notebook
# keras: 2
optimizer = keras.optimizers.SGD(clipnorm=1.0)
