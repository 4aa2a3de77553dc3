# source: github.com/PCART-tools/PCBench Benchmark/keras/Adam@2.1.2-2.1.3/Adam#4YY/AdamYY.py (commit 3a64e2b7)
# keras: 2.2
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
model = Sequential()
model.add(Dense(64, activation='relu', input_dim=100))
model.add(Dense(1, activation='sigmoid'))
adam_optimizer = Adam(0.001,  0.9)
