Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.003, decay_steps=1, decay_rate=0.0002))
