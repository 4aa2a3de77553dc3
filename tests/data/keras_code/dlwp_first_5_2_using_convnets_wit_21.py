# source: github.com/fchollet/deep-learning-with-python-notebooks first_edition/5.2-using-convnets-with-small-datasets.ipynb (commit dea84a4e), cell 21 of the notebook
# keras: 2.2
from keras import optimizers

model.compile(loss='binary_crossentropy',
              optimizer=optimizers.RMSprop(lr=1e-4),
              metrics=['acc'])
