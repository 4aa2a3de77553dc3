# source: github.com/fchollet/deep-learning-with-python-notebooks second_edition/chapter12_part04_variational-autoencoders.ipynb (commit dea84a4e), cell 18 of the notebook
# keras: 2
import numpy as np

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
mnist_digits = np.concatenate([x_train, x_test], axis=0)
mnist_digits = np.expand_dims(mnist_digits, -1).astype("float32") / 255

vae = VAE(encoder, decoder)
vae.compile(optimizer=keras.optimizers.Adam(), run_eagerly=True)
vae.fit(mnist_digits, epochs=30, batch_size=128)
