"""dx is sized from x (all forward steps) instead of from da."""
import numpy as np

from utils.rnn_utils import sigmoid, softmax

EXPECT = "da.shape"


def lstm_backward(da, caches):
    (caches, x) = caches
    (a1, c1, a0, c0, f1, i1, cc1, o1, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, x.shape[2]))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    grads = {}
    for key in ("dWf", "dWi", "dWc", "dWo"):
        grads[key] = np.zeros((n_a, n_a + n_x))
    for key in ("dbf", "dbi", "dbc", "dbo"):
        grads[key] = np.zeros((n_a, 1))
    for t in reversed(range(T_x)):
        gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        da_prevt = gradients["da_prev"]
        dc_prevt = gradients["dc_prev"]
        dx[:, :, t] = gradients["dxt"]
        for key in grads:
            grads[key] += gradients[key]
    return {"dx": dx, "da0": da_prevt, **grads}
