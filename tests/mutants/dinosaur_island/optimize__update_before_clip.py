"""Updates the parameters with the raw gradients, then clips."""
from utils.char_lm import rnn_backward, rnn_forward, update_parameters

EXPECT = "order of steps"


def optimize(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = rnn_forward(X, Y, a_prev, parameters)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    parameters = update_parameters(parameters, gradients, learning_rate)
    gradients = clip(gradients, 5)  # noqa: F821  (the notebook's clip)
    return loss, gradients, a[len(X) - 1]
