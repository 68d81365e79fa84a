"""Hidden inputs for `rnn_step_by_step`, and the plain-numpy reference the checks build on.

Every case draws from its own `RandomState` with seeds and sizes the notebook never shows.
Backward cases get caches built here by the reference forward passes, so grading a backward
pass never depends on the student's forward pass. The reference functions also produce the
values of known mistakes (`mistake=...`), which the checks use to name what went wrong.
"""
import numpy as np

from autograder.expected import Case
from utils.rnn_utils import lstm_parameters, rnn_parameters, sigmoid, softmax

# ---- reference forward passes --------------------------------------------------------------


def rnn_cell(xt, a_prev, p):
    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])      # (n_a, m)
    yt = softmax(p["Wya"] @ a_next + p["by"])                           # (n_y, m)
    return a_next, yt, (a_next, a_prev, xt, p)


def rnn_sequence(x, a0, p):
    n_a, (n_y, _), (_, m, T_x) = a0.shape[0], p["Wya"].shape, x.shape
    a, y, caches, a_next = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), [], a0
    for t in range(T_x):
        a_next, y[:, :, t], cache = rnn_cell(x[:, :, t], a_next, p)
        a[:, :, t] = a_next
        caches.append(cache)
    return a, y, (caches, x)


def lstm_gates(xt, a_prev, p):
    """The four gate activations (ft, it, cct, ot) of one LSTM step."""
    concat = np.concatenate([a_prev, xt], axis=0)                       # (n_a + n_x, m)
    ft = sigmoid(p["Wf"] @ concat + p["bf"])
    it = sigmoid(p["Wi"] @ concat + p["bi"])
    cct = np.tanh(p["Wc"] @ concat + p["bc"])
    ot = sigmoid(p["Wo"] @ concat + p["bo"])
    return ft, it, cct, ot


def lstm_cell(xt, a_prev, c_prev, p):
    ft, it, cct, ot = lstm_gates(xt, a_prev, p)
    c_next = ft * c_prev + it * cct                                     # (n_a, m)
    a_next = ot * np.tanh(c_next)                                       # (n_a, m)
    yt = softmax(p["Wy"] @ a_next + p["by"])                            # (n_y, m)
    return a_next, c_next, yt, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


def lstm_sequence(x, a0, p):
    n_a, (n_y, _), (_, m, T_x) = a0.shape[0], p["Wy"].shape, x.shape
    a, c, y = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    caches, a_next, c_next = [], a0, np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, y[:, :, t], cache = lstm_cell(x[:, :, t], a_next, c_next, p)
        a[:, :, t], c[:, :, t] = a_next, c_next
        caches.append(cache)
    return a, y, c, (caches, x)


# ---- reference backward passes, with known mistakes ------------------------------------------

RNN_CELL_MISTAKES = {
    "no_tanh_grad": "the tanh derivative (1 - a_next**2) is missing from dz",
    "dwaa_a_next": "dWaa uses a_next instead of a_prev",
    "waa_not_transposed": "da_prev needs Waa transposed: Waa^T dz",
}


def rnn_cell_grads(da_next, cache, mistake=None):
    a_next, a_prev, xt, p = cache
    dz = da_next if mistake == "no_tanh_grad" else (1 - a_next ** 2) * da_next
    return {"dxt": p["Wax"].T @ dz,
            "da_prev": (p["Waa"] if mistake == "waa_not_transposed" else p["Waa"].T) @ dz,
            "dWax": dz @ xt.T,
            "dWaa": dz @ (a_next if mistake == "dwaa_a_next" else a_prev).T,
            "dba": dz.sum(axis=1, keepdims=True)}


SEQUENCE_MISTAKES = {
    "not_accumulated": "the parameter gradients are not accumulated over the time steps (use +=)",
    "da_prev_not_added": "the da_prev carried from the later step is not added to da[:, :, t]",
    "dc_not_carried": "the cell-state gradient dc_prev is not carried to the earlier step",
}


def _sequence_grads(cell_grads, da, caches, carried, mistake):
    """Walk the steps backwards; `carried` names the gradients passed to the earlier step.

    The sizes come from da, so only the first da.shape[2] caches take part.
    """
    cache_list, _ = caches
    n_a, m, T_x = da.shape
    flow = {k: np.zeros((n_a, m)) for k in carried}                     # from step t+1
    dx, totals = [], {}
    for t in reversed(range(T_x)):
        upstream = da[:, :, t] if mistake == "da_prev_not_added" else da[:, :, t] + flow["da_prev"]
        g = cell_grads(upstream, flow, cache_list[t])
        flow = {k: g[k] for k in carried}
        if mistake == "dc_not_carried":
            flow["dc_prev"] = np.zeros((n_a, m))
        dx.insert(0, g["dxt"])
        for k, v in g.items():
            if k.startswith(("dW", "db")):
                totals[k] = v if (k not in totals or mistake == "not_accumulated") else totals[k] + v
    return {"dx": np.stack(dx, axis=2), "da0": flow["da_prev"], **totals}


def rnn_sequence_grads(da, caches, mistake=None):
    return _sequence_grads(lambda d, flow, cache: rnn_cell_grads(d, cache), da, caches,
                           ("da_prev",), mistake)


LSTM_CELL_MISTAKES = {
    "dc_prev_missing_path": "dc_prev misses the path through a_next: "
                            "(dc_next + ot * (1 - tanh(c_next)**2) * da_next) * ft",
    "dot_no_tanh": "the output gate derivative needs tanh(c_next): da_next * tanh(c_next) * ot * (1 - ot)",
    "dft_no_sigmoid_grad": "the forget gate derivative misses the sigmoid derivative ft * (1 - ft)",
    "dcct_no_tanh_grad": "the candidate derivative misses the tanh derivative (1 - cct**2)",
    "split_swapped": "da_prev and dxt are split the wrong way: da_prev is the top n_a rows, "
                     "dxt the bottom n_x rows of the stacked gradient",
}


def lstm_cell_grads(da_next, dc_next, cache, mistake=None):
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p = cache
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    through_a = ot * (1 - tanh_c ** 2) * da_next                         # path c_next -> a_next
    ds = dc_next + through_a
    dot = da_next * (1 if mistake == "dot_no_tanh" else tanh_c) * ot * (1 - ot)
    dcct = ds * it * (1 if mistake == "dcct_no_tanh_grad" else (1 - cct ** 2))
    dit = ds * cct * it * (1 - it)
    dft = ds * c_prev * (1 if mistake == "dft_no_sigmoid_grad" else ft * (1 - ft))
    concat = np.concatenate([a_prev, xt], axis=0)
    d = {"f": dft, "i": dit, "c": dcct, "o": dot}
    dconcat = sum(p["W" + g].T @ d[g] for g in "fico")                   # (n_a + n_x, m)
    cut = xt.shape[0] if mistake == "split_swapped" else n_a             # rows of the top block
    top, bottom = dconcat[:cut], dconcat[cut:]
    grads = {"dxt": top if mistake == "split_swapped" else bottom,
             "da_prev": bottom if mistake == "split_swapped" else top,
             "dc_prev": (dc_next if mistake == "dc_prev_missing_path" else ds) * ft}
    for g in "fico":
        grads["dW" + g] = d[g] @ concat.T
        grads["db" + g] = d[g].sum(axis=1, keepdims=True)
    return grads


def lstm_sequence_grads(da, caches, mistake=None):
    return _sequence_grads(lambda d, flow, cache: lstm_cell_grads(d, flow["dc_prev"], cache),
                           da, caches, ("da_prev", "dc_prev"), mistake)


# ---- cases -------------------------------------------------------------------------------------

def _rnn_cell_forward_inputs():
    rng = np.random.RandomState(3101)
    xt, a_prev = rng.randn(4, 5), rng.randn(6, 5)
    return (xt, a_prev, rnn_parameters(rng, 4, 6, 3)), {}


def _rnn_forward_inputs():
    rng = np.random.RandomState(3102)
    x, a0 = rng.randn(2, 3, 5), rng.randn(4, 3)
    return (x, a0, rnn_parameters(rng, 2, 4, 3)), {}


def _lstm_cell_forward_inputs():
    rng = np.random.RandomState(3103)
    xt, a_prev, c_prev = rng.randn(3, 6), rng.randn(4, 6), rng.randn(4, 6)
    return (xt, a_prev, c_prev, lstm_parameters(rng, 3, 4, 2)), {}


def _lstm_forward_inputs():
    rng = np.random.RandomState(3104)
    x, a0 = rng.randn(3, 3, 5), rng.randn(4, 3)
    return (x, a0, lstm_parameters(rng, 3, 4, 2)), {}


def _rnn_cell_backward_inputs():
    rng = np.random.RandomState(3105)
    xt, a_prev = rng.randn(4, 5), rng.randn(6, 5)
    cache = rnn_cell(xt, a_prev, rnn_parameters(rng, 4, 6, 3, order="backward"))[2]
    return (rng.randn(6, 5), cache), {}


def _rnn_backward_inputs():
    rng = np.random.RandomState(3106)
    x, a0 = rng.randn(2, 3, 5), rng.randn(4, 3)
    caches = rnn_sequence(x, a0, rnn_parameters(rng, 2, 4, 3, order="backward"))[2]
    return (rng.randn(4, 3, 5), caches), {}


def _lstm_cell_backward_inputs():
    rng = np.random.RandomState(3107)
    xt, a_prev, c_prev = rng.randn(3, 6), rng.randn(4, 6), rng.randn(4, 6)
    cache = lstm_cell(xt, a_prev, c_prev, lstm_parameters(rng, 3, 4, 2))[3]
    return (rng.randn(4, 6), rng.randn(4, 6), cache), {}


def _lstm_backward_inputs():
    """The forward ran 6 steps; da covers only the first 3 (sizes must come from da)."""
    rng = np.random.RandomState(3108)
    x, a0 = rng.randn(3, 3, 6), rng.randn(4, 3)
    caches = lstm_sequence(x, a0, lstm_parameters(rng, 3, 4, 2, zero_output=True))[3]
    return (rng.randn(4, 3, 3), caches), {}


CASES = {
    "rnn_cell_forward": Case("rnn_cell_forward", _rnn_cell_forward_inputs),
    "rnn_forward": Case("rnn_forward", _rnn_forward_inputs),
    "lstm_cell_forward": Case("lstm_cell_forward", _lstm_cell_forward_inputs),
    "lstm_forward": Case("lstm_forward", _lstm_forward_inputs),
    "rnn_cell_backward": Case("rnn_cell_backward", _rnn_cell_backward_inputs),
    "rnn_backward": Case("rnn_backward", _rnn_backward_inputs),
    "lstm_cell_backward": Case("lstm_cell_backward", _lstm_cell_backward_inputs),
    "lstm_backward": Case("lstm_backward", _lstm_backward_inputs,
                          notes="da shorter than the forward pass: only the first caches are used"),
}
