keras.optimizers.legacy.SGD(0.01, momentum=0.9, nesterov=True, decay=1e-6)
