"""The prediction is read off the previous state a_prev."""
import numpy as np

from utils.rnn_utils import sigmoid, softmax

EXPECT = "not a_prev"


def rnn_cell_forward(xt, a_prev, parameters):
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(np.dot(Waa, a_prev) + np.dot(Wax, xt) + ba)
    yt_pred = softmax(np.dot(Wya, a_prev) + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache
