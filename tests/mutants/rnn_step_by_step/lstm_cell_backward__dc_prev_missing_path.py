"""dc_prev keeps only dc_next * ft and drops the path through a_next."""
import numpy as np

from utils.rnn_utils import sigmoid, softmax

EXPECT = "path through a_next"


def lstm_cell_backward(da_next, dc_next, cache):
    (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) = cache
    n_x, m = xt.shape
    n_a, m = a_next.shape
    tanh_c = np.tanh(c_next)
    ds = dc_next + ot * (1 - tanh_c ** 2) * da_next
    dot = da_next * tanh_c * ot * (1 - ot)
    dcct = ds * it * (1 - cct ** 2)
    dit = ds * cct * it * (1 - it)
    dft = ds * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    d = {"f": dft, "i": dit, "c": dcct, "o": dot}
    dconcat = sum(np.dot(parameters["W" + g].T, d[g]) for g in "fico")
    gradients = {"da_prev": dconcat[:n_a, :], "dxt": dconcat[n_a:, :], "dc_prev": dc_next * ft}
    for g in "fico":
        gradients["dW" + g] = np.dot(d[g], concat.T)
        gradients["db" + g] = np.sum(d[g], axis=1, keepdims=True)
    return gradients
