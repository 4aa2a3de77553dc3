# source: github.com/fchollet/deep-learning-with-python-notebooks chapter12_object-detection.ipynb (commit dea84a4e), cell 34 of the notebook
# keras: 3
model.compile(
    optimizer=keras.optimizers.Adam(2e-4),
    loss={"box": box_loss, "class": "sparse_categorical_crossentropy"},
)
model.fit(
    train_dataset,
    validation_data=val_dataset,
    epochs=4,
)
