# source: github.com/fchollet/deep-learning-with-python-notebooks first_edition/3.5-classifying-movie-reviews.ipynb (commit dea84a4e), cell 27 of the notebook
# keras: 2.2
from keras import optimizers

model.compile(optimizer=optimizers.RMSprop(lr=0.001),
              loss='binary_crossentropy',
              metrics=['accuracy'])
