def build(lr):
    if lr:
        return keras.optimizers.AdamW(learning_rate=CosineDecay(1e-3, 1000, warmup_target=1e-2, warmup_steps=100), weight_decay=None)
model.compile(optimizer='rmsprop')
print("x_train shape:", x_train.shape)
x_train shape: (50000, 32, 32, 3)
