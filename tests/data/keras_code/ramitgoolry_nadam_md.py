# source: github.com/RamitGoolry/Neural-Networks Nadam.md (the code block; the page links the current TensorFlow documentation)
# keras: 3
tf.keras.optimizers.Nadam(
    learning_rate=0.001, beta_1=0.9, beta_2=0.999
)
