# source: github.com/ageron/handson-ml2 11_training_deep_neural_networks.ipynb (commit 1e211527), cell 110 of the notebook
# keras: 2
optimizer = keras.optimizers.Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999)
