- optimizer: {'inner_optimizer': {'class_name': 'Nadam', 'config': {'name': 'Nadam', 'learning_rate': 0.002, 'beta_1': 0.9}}, 'dynamic': True}
from keras import optimizers
model.compile(loss='mse', optimizer=optimizers.adagrad(0.01, None, 1e-6))
model.fit(x, y, 32, nb_epoch=3)
print('x_train shape:', x_train.shape)
x_train shape: (60000, 28, 28, 1)
opt = tf.keras.optimizers.Nadam(1e-3)
