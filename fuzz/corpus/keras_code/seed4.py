from tensorflow.keras.optimizers import Adam
>>> print(x_train.shape)
(60000, 28, 28)
lr = 1e-3 * 0.5
opt = Adam(lr, clipnorm=1.0)
model.compile(optimizer=opt, loss='mse')
model.fit(x_train, y_train, batch_size=64, epochs=50, validation_split=0.1, steps_per_epoch=len(x_train) // 64)
