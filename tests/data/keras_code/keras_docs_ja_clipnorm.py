# source: github.com/keras-team/keras-docs-ja sources/optimizers.md (the clipnorm code block)
# keras: 2
# all parameter gradients will be clipped to
# a maximum norm of 1.
sgd = SGD(lr=0.01, clipnorm=1.)
