# source: github.com/PCART-tools/PCBench Benchmark/keras/ReduceLROnPlateau@2.1.5-2.1.6/ReduceLROnPlateau#10YY/ReduceLROnPlateauYY.py (commit 3a64e2b7)
# keras: 2.2
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
from keras.callbacks import ReduceLROnPlateau
model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(100,)))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer=Adam(lr=0.001), loss='binary_crossentropy', metrics=['accuracy'])
reduce_lr = ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10)
