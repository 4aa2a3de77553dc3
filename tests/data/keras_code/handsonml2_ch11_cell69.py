# source: github.com/ageron/handson-ml2 11_training_deep_neural_networks.ipynb (commit 1e211527), cell 69 of the notebook
# keras: 2
optimizer = keras.optimizers.SGD(clipvalue=1.0)
