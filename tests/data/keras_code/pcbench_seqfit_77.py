# source: github.com/PCART-tools/PCBench Benchmark/keras/Sequential.fit@2.0.9-2.1.0/Sequential.fit#77YY/fitYY.py (commit 3a64e2b7)
# keras: 2.2
from keras.models import Sequential
from keras.layers import Dense
import numpy as np
X = np.random.random((100, 20))
y = np.random.randint(2, size=(100, 1))
model = Sequential()
model.add(Dense(64, activation='relu', input_dim=20))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X,  y,  32,  10,  1,  None,  0.0,  None,  True,  None,  None, initial_epoch=0)
