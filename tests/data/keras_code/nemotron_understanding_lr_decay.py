# source: huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1 ("Understanding Learning Rate Decay in Adam Optimizer", the code block as the page shows it)
# keras: 2
from keras.optimizers import Adam
from keras.callbacks import LearningRateScheduler

# Define the initial learning rate
initial_lr = 0.001

# Define the learning rate schedule function
def lr_schedule(epoch, lr):
    if epoch < 10:
        return lr
    else:
        return lr * 0.1

# Create the Adam optimizer with initial learning rate
adam = Adam(learning_rate=initial_lr)

# Compile the model with the Adam optimizer
