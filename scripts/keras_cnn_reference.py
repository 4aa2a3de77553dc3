"""Real Keras on the playground's CNN task, for comparing accuracy targets (run by hand).

The default network (Conv 8x5x5 same, ReLU, MaxPool 2, Conv 16x5x5 same, ReLU, MaxPool 3,
Dense 10, softmax), Adam(learning_rate=0.001), batch 32, 2 epochs, on the same 8,000/2,000
digits the page uses (www/data/mnist-10k.bin). Prints [test loss, test accuracy] per seed.
Needs `pip install tensorflow-cpu keras`.
"""
import numpy as np, struct, os
os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"
import keras
b=open('www/data/mnist-10k.bin','rb').read()
ntr,nte=struct.unpack('<II',b[16:24]); o=28
xtr=np.frombuffer(b,np.uint8,ntr*784,o).reshape(-1,28,28,1)/np.float32(255); o+=ntr*784
ytr=np.frombuffer(b,np.uint8,ntr,o).astype(np.int32); o+=ntr
xte=np.frombuffer(b,np.uint8,nte*784,o).reshape(-1,28,28,1)/np.float32(255); o+=nte*784
yte=np.frombuffer(b,np.uint8,nte,o).astype(np.int32)
for seed in [1,2,3]:
    keras.utils.set_random_seed(seed)
    m=keras.Sequential([keras.Input((28,28,1)),keras.layers.Conv2D(8,5,padding='same',activation='relu'),keras.layers.MaxPooling2D(2),keras.layers.Conv2D(16,5,padding='same',activation='relu'),keras.layers.MaxPooling2D(3),keras.layers.Flatten(),keras.layers.Dense(10,activation='softmax')])
    m.compile(optimizer=keras.optimizers.Adam(0.001),loss='sparse_categorical_crossentropy',metrics=['accuracy'])
    m.fit(xtr,ytr,batch_size=32,epochs=2,verbose=0)
    print(seed, m.evaluate(xte,yte,verbose=0))
