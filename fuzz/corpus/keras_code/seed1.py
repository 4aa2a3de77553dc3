tf.keras.optimizers.Adam(learning_rate=1e-3, decay=1e-4)
