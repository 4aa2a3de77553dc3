# source: github.com/fchollet/deep-learning-with-python-notebooks first_edition/2.1-a-first-look-at-a-neural-network.ipynb (commit dea84a4e), cell 16 of the notebook
# keras: 2.2
network.compile(optimizer='rmsprop',
                loss='categorical_crossentropy',
                metrics=['accuracy'])
