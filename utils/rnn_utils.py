"""Helpers for the `rnn_step_by_step` notebook: activations and seeded parameter draws.

`softmax` and `sigmoid` are the shared ones from `utils.activations`, re-exported so the
notebook imports everything it needs from one place. The parameter initialisers draw from a
`numpy.random.RandomState` in a fixed order, so a check or a demo can rebuild the same
numbers as a notebook cell that calls `np.random.seed(k)` and `np.random.randn` in that order,
without touching the global generator. The graded functions themselves are not here.
"""
import numpy as np

from utils.activations import sigmoid, softmax

__all__ = ["softmax", "sigmoid", "rnn_parameters", "lstm_parameters", "LSTM_GATES"]

# Order in which the LSTM gates' weights and biases are drawn: forget, update, output, candidate.
LSTM_GATES = ("f", "i", "o", "c")


def rnn_parameters(rng, n_x, n_a, n_y, order="forward"):
    """Draw the parameters of a basic RNN cell from `rng` (standard normal entries).

    Arguments:
    rng -- numpy.random.RandomState to draw from
    n_x, n_a, n_y -- sizes of the input, the hidden state and the prediction
    order -- "forward" draws Waa before Wax, "backward" draws Wax before Waa
             (the two orders the course's demos use)

    Returns:
    parameters -- dict with Waa (n_a, n_a), Wax (n_a, n_x), Wya (n_y, n_a), ba (n_a, 1), by (n_y, 1)
    """
    if order not in ("forward", "backward"):
        raise ValueError(f"order must be 'forward' or 'backward', not {order!r}")
    parameters = {}
    first, second = ("Waa", "Wax") if order == "forward" else ("Wax", "Waa")
    shapes = {"Waa": (n_a, n_a), "Wax": (n_a, n_x)}
    parameters[first] = rng.randn(*shapes[first])
    parameters[second] = rng.randn(*shapes[second])
    parameters["Wya"] = rng.randn(n_y, n_a)
    parameters["ba"] = rng.randn(n_a, 1)
    parameters["by"] = rng.randn(n_y, 1)
    return parameters


def lstm_parameters(rng, n_x, n_a, n_y, zero_output=False):
    """Draw the parameters of an LSTM cell from `rng` (standard normal entries).

    Gates are drawn in the order forget, update, output, candidate (weight, then bias),
    then the prediction layer Wy, by.

    Arguments:
    rng -- numpy.random.RandomState to draw from
    n_x, n_a, n_y -- sizes of the input, the hidden state and the prediction
    zero_output -- when True, Wy and by are zeros and nothing is drawn for them

    Returns:
    parameters -- dict with Wf, Wi, Wo, Wc (n_a, n_a + n_x), bf, bi, bo, bc (n_a, 1),
                  Wy (n_y, n_a) and by (n_y, 1)
    """
    parameters = {}
    for gate in LSTM_GATES:
        parameters["W" + gate] = rng.randn(n_a, n_a + n_x)
        parameters["b" + gate] = rng.randn(n_a, 1)
    if zero_output:
        parameters["Wy"] = np.zeros((n_y, n_a))
        parameters["by"] = np.zeros((n_y, 1))
    else:
        parameters["Wy"] = rng.randn(n_y, n_a)
        parameters["by"] = rng.randn(n_y, 1)
    return parameters
