"""Visible checks for the `rnn_step_by_step` notebook, one `<function>_test(target)` each.

Every check runs in the same order: types and shapes first, then term isolation (all inputs
zero but one, so a failure names the term that is wrong), then values with explicit
tolerances. Backward passes are also compared with central-difference gradients of the
notebook's own forward functions (found next to `target`), with a relative error below 1e-7
in float64. Inputs come from private `RandomState`s; the global generator is never touched.
"""
import numpy as np

from utils.rnn_utils import lstm_parameters, rnn_parameters, sigmoid, softmax
from utils.testing import (CheckFailed, all_passed, check_close, check_keys, check_len,
                           check_shape, check_type, fail, numerical_gradient, rel_error)

GRAD_TOL = 1e-7          # largest relative error allowed against numerical gradients
VALUE_ATOL = 1e-7        # the course printed 8 decimals
RNN_KEYS = ("Waa", "Wax", "Wya", "ba", "by")
LSTM_KEYS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")


# ---- helpers shared with the hidden checks ------------------------------------------------

def close_or_explain(name, got, expected, hint, mistakes=(), rtol=1e-6, atol=1e-8):
    """`got` equals `expected`; otherwise fail, naming the known mistake `got` matches.

    `mistakes` is a sequence of (hint, value): when `got` equals one of those values, that
    hint replaces the general one, so the message says which mistake was made.
    """
    expected = np.asarray(expected)
    if (isinstance(got, np.ndarray) and got.shape == expected.shape
            and np.all(np.isfinite(got)) and np.allclose(got, expected, rtol=rtol, atol=atol)):
        return
    for mistake_hint, value in mistakes:
        value = np.asarray(value)
        if (isinstance(got, np.ndarray) and got.shape == value.shape
                and np.allclose(got, value, rtol=1e-6, atol=1e-8)):
            hint = mistake_hint
            break
    check_close(name, got, expected, rtol, atol, hint)


def check_float_array(name, value, shape, hint=None):
    """`value` is a float64 ndarray of the given shape."""
    check_shape(name, value, shape, hint)
    if value.dtype != np.float64:
        fail(f"dtype of {name}", "float64", value.dtype, hint or "build arrays with np.zeros / numpy maths",
             public_expected="float64")


def check_gradient(name, got, numeric, hint):
    """An analytic gradient agrees with a numerical one to a relative error below GRAD_TOL."""
    check_float_array(name, got, numeric.shape, hint)
    err = rel_error(got, numeric)
    if not err < GRAD_TOL:
        fail(f"{name} against a numerical gradient (relative error below {GRAD_TOL:g})",
             f"relative error < {GRAD_TOL:g}", f"relative error {err:.3g}", hint)


def _companion(target, name):
    """The notebook's function `name`, defined beside `target` (used by gradient checks)."""
    func = getattr(target, "__globals__", {}).get(name)
    if not callable(func):
        raise CheckFailed(f"this check needs your {name} (it computes the numerical gradient "
                          f"from it): define it and run its cell first.")
    return func


# ---- forward passes ------------------------------------------------------------------------

def rnn_cell_forward_test(target):
    n_x, n_a, n_y, m = 3, 5, 2, 10
    rng = np.random.RandomState(11)
    xt = rng.randn(n_x, m)
    a_prev = rng.randn(n_a, m)
    parameters = rnn_parameters(rng, n_x, n_a, n_y)

    # shapes and cache layout
    out = target(xt, a_prev, parameters)
    check_len("value returned by rnn_cell_forward", out, 3, "return a_next, yt_pred, cache")
    a_next, yt_pred, cache = out
    check_float_array("a_next", a_next, (n_a, m))
    check_float_array("yt_pred", yt_pred, (n_y, m))
    check_len("cache", cache, 4, "the cache is the 4-tuple (a_next, a_prev, xt, parameters)")
    order_hint = "wrong cache order: it must be (a_next, a_prev, xt, parameters)"
    close_or_explain("cache[0] (a_next)", cache[0], a_next, order_hint)
    close_or_explain("cache[1] (a_prev)", cache[1], a_prev, order_hint)
    close_or_explain("cache[2] (xt)", cache[2], xt, order_hint)
    check_keys("cache[3] (parameters)", cache[3], RNN_KEYS)

    # term isolation 1: only the biases (xt, a_prev and Wya are zero)
    p = dict(parameters, Wya=np.zeros((n_y, n_a)))
    zeros_x, zeros_a = np.zeros((n_x, m)), np.zeros((n_a, m))
    a_next, yt_pred, _ = target(zeros_x, zeros_a, p)
    ones = np.ones((1, m))                                          # broadcast a bias over the batch
    close_or_explain("a_next when only the bias ba is non-zero", a_next, np.tanh(p["ba"]) * ones,
                     "a_next = tanh(Waa a_prev + Wax xt + ba); the ba term is wrong",
                     [("the bias ba is missing from a_next", zeros_a),
                      ("use tanh for the hidden state, not sigmoid (activation)", sigmoid(p["ba"]) * ones),
                      ("the tanh activation is missing", p["ba"] * ones)])
    want_y = softmax(p["by"]) * ones
    close_or_explain("yt_pred when only the bias by is non-zero", yt_pred, want_y,
                     "yt_pred = softmax(Wya a_next + by); the by term is wrong",
                     [("the bias by is missing from yt_pred", np.full((n_y, m), 1.0 / n_y))])

    # term isolation 2: only the input (a_prev and both biases are zero)
    p = dict(parameters, ba=np.zeros((n_a, 1)), by=np.zeros((n_y, 1)))
    a_next, _, _ = target(xt, zeros_a, p)
    close_or_explain("a_next when only xt is non-zero", a_next, np.tanh(p["Wax"] @ xt),
                     "the Wax·xt term is wrong",
                     [("the Wax·xt term is missing", zeros_a)])

    # term isolation 3: only the previous state (xt and both biases are zero)
    a_next, yt_pred, _ = target(zeros_x, a_prev, p)
    close_or_explain("a_next when only a_prev is non-zero", a_next, np.tanh(p["Waa"] @ a_prev),
                     "the Waa·a_prev term is wrong",
                     [("the Waa·a_prev term is missing", zeros_a),
                      ("the Waa·a_prev term uses Waa transposed", np.tanh(p["Waa"].T @ a_prev))])
    close_or_explain("yt_pred computed from your a_next", yt_pred,
                     softmax(p["Wya"] @ a_next), "yt_pred = softmax(Wya a_next + by)",
                     [("yt_pred must use the new state a_next, not a_prev", softmax(p["Wya"] @ a_prev))])

    # values: the course's demo (seed 1, Waa drawn before Wax)
    rng = np.random.RandomState(1)
    xt, a_prev = rng.randn(3, 10), rng.randn(5, 10)
    a_next, yt_pred, _ = target(xt, a_prev, rnn_parameters(rng, 3, 5, 2))
    check_close("a_next[4] of the demo", a_next[4],
                [0.59584544, 0.18141802, 0.61311866, 0.99808218, 0.85016201,
                 0.99980978, -0.18887155, 0.99815551, 0.6531151, 0.82872037], atol=VALUE_ATOL)
    check_close("yt_pred[1] of the demo", yt_pred[1],
                [0.9888161, 0.01682021, 0.21140899, 0.36817467, 0.98988387,
                 0.88945212, 0.36920224, 0.9966312, 0.9982559, 0.17746526], atol=VALUE_ATOL)
    all_passed()


def rnn_forward_test(target):
    cell = _companion(target, "rnn_cell_forward")
    T_x, m, n_x, n_a, n_y = 13, 8, 4, 7, 3
    rng = np.random.RandomState(17)
    x = rng.randn(n_x, m, T_x)
    a0 = rng.randn(n_a, m)
    parameters = rnn_parameters(rng, n_x, n_a, n_y)
    out = target(x, a0, parameters)

    check_len("value returned by rnn_forward", out, 3, "return a, y_pred, caches")
    a, y_pred, caches = out
    check_float_array("a", a, (n_a, m, T_x))
    check_float_array("y_pred", y_pred, (n_y, m, T_x))
    check_len("caches", caches, 2, "caches must be the 2-tuple (list of cell caches, x)")
    check_len("caches[0] (one cache per time step)", caches[0], T_x)
    close_or_explain("caches[1]", caches[1], x, "caches[1] must be the input x")

    # the state fed to step t is the state returned at step t-1
    a_prev = a0
    for t in range(T_x):
        a_next, yt, _ = cell(x[:, :, t], a_prev, parameters)
        stale = cell(x[:, :, t], a0, parameters)[0]
        close_or_explain(f"a[:, :, {t}] (from your rnn_cell_forward)", a[:, :, t], a_next,
                         "store a_next in a[:, :, t] and feed it to the next step",
                         [("the hidden state is not carried between steps (a0 used every step)", stale)])
        close_or_explain(f"y_pred[:, :, {t}]", y_pred[:, :, t], yt, "store yt_pred in y_pred[:, :, t]")
        a_prev = a[:, :, t]

    check_close("a[5, 2, 2:6]", a[5, 2, 2:6], [0.99999291, 0.99332189, 0.9921928, 0.99503445],
                atol=VALUE_ATOL)
    check_close("y_pred[2, 1, 1:5]", y_pred[2, 1, 1:5], [0.19428, 0.14292, 0.24993, 0.00119], atol=1e-4)
    all_passed()


def lstm_cell_forward_test(target):
    m, n_x, n_a, n_y = 8, 4, 7, 3
    rng = np.random.RandomState(212)
    xt = rng.randn(n_x, m)
    a_prev = rng.randn(n_a, m)
    c_prev = rng.randn(n_a, m)
    parameters = lstm_parameters(rng, n_x, n_a, n_y)
    out = target(xt, a_prev, c_prev, parameters)

    check_len("value returned by lstm_cell_forward", out, 4, "return a_next, c_next, yt_pred, cache")
    a_next, c_next, yt_pred, cache = out
    check_float_array("a_next", a_next, (n_a, m))
    check_float_array("c_next", c_next, (n_a, m))
    check_float_array("yt_pred", yt_pred, (n_y, m))
    check_len("cache", cache, 10,
              "the cache is (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)")
    names = ("a_next", "c_next", "a_prev", "c_prev", "ft", "it", "cct", "ot")
    for k, name in enumerate(names):
        check_float_array(f"cache[{k}] ({name})", cache[k], (n_a, m))
    check_float_array("cache[8] (xt)", cache[8], (n_x, m))
    order_hint = "wrong cache order: (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)"
    for k, name, value in ((0, "a_next", a_next), (1, "c_next", c_next), (2, "a_prev", a_prev),
                           (3, "c_prev", c_prev), (8, "xt", xt)):
        close_or_explain(f"cache[{k}] ({name})", cache[k], value, order_hint)
    check_keys("cache[9] (parameters)", cache[9], LSTM_KEYS)

    # relations between your own gates and states
    ft, it, cct, ot = cache[4:8]
    close_or_explain("c_next from your gates", c_next, ft * c_prev + it * cct,
                     "c_next = ft * c_prev + it * cct",
                     [("forget and update gates swapped in the cell-state update", it * c_prev + ft * cct)])
    close_or_explain("a_next from your gates", a_next, ot * np.tanh(c_next),
                     "a_next = ot * tanh(c_next)",
                     [("a_next needs tanh of the cell state: ot * tanh(c_next)", ot * c_next)])
    close_or_explain("yt_pred from your a_next", yt_pred,
                     softmax(parameters["Wy"] @ a_next + parameters["by"]), "yt_pred = softmax(Wy a_next + by)")

    # term isolation 1: only the biases (a_prev and xt are zero)
    _, _, _, cache0 = target(np.zeros((n_x, m)), np.zeros((n_a, m)), c_prev, parameters)
    ones = np.ones((1, m))
    gates = {"f": sigmoid(parameters["bf"]) * ones, "i": sigmoid(parameters["bi"]) * ones,
             "c": np.tanh(parameters["bc"]) * ones, "o": sigmoid(parameters["bo"]) * ones}
    labels = {"f": "forget gate ft", "i": "update gate it", "c": "candidate cct", "o": "output gate ot"}
    for k, g in zip(range(4, 8), "fico"):
        act = np.tanh if g == "c" else sigmoid
        mistakes = [(f"the bias b{g} is missing from the {labels[g]}", act(np.zeros((n_a, m))))]
        mistakes += [(f"the {labels[g]} uses the parameters of the {labels[h]} (swapped gate)",
                      act(parameters["b" + h]) * ones) for h in "fico" if h != g]
        mistakes.append((f"wrong activation for the {labels[g]}: use "
                         f"{'tanh' if g == 'c' else 'sigmoid'}",
                         (sigmoid if g == "c" else np.tanh)(parameters["b" + g]) * ones))
        close_or_explain(f"{labels[g]} when a_prev and xt are zero", cache0[k], gates[g],
                         f"the {labels[g]} is wrong", mistakes)

    # term isolation 2: only a_prev (xt and the gate biases are zero)
    p = dict(parameters, bf=np.zeros((n_a, 1)))
    _, _, _, cache1 = target(np.zeros((n_x, m)), a_prev, c_prev, p)
    close_or_explain("forget gate ft when only a_prev is non-zero", cache1[4],
                     sigmoid(p["Wf"][:, :n_a] @ a_prev),
                     "concat = [a_prev; xt], ft = sigmoid(Wf concat + bf)",
                     [("stack a_prev on top of xt: concat = [a_prev; xt] (concatenation order)",
                       sigmoid(p["Wf"][:, n_x:] @ a_prev))])

    # values: the course's test (seed 212)
    check_close("ft[0, 0:2]", ft[0, 0:2], [0.32969833, 0.0574555], atol=VALUE_ATOL)
    check_close("it[0, 0:2]", it[0, 0:2], [0.0036446, 0.9806943], atol=VALUE_ATOL)
    check_close("cct[0, 0:2]", cct[0, 0:2], [0.99903873, 0.57509956], atol=VALUE_ATOL)
    check_close("c_next[0, 0:2]", c_next[0, 0:2], [0.1352798, 0.39884899], atol=VALUE_ATOL)
    check_close("ot[0, 0:2]", ot[0, 0:2], [0.7477249, 0.71588751], atol=VALUE_ATOL)
    check_close("a_next[0, 0:2]", a_next[0, 0:2], [0.10053951, 0.27129536], atol=VALUE_ATOL)
    check_close("yt_pred[1]", yt_pred[1], [0.417098, 0.449528, 0.223159, 0.278376,
                                           0.68453, 0.419221, 0.564025, 0.538475], atol=1e-5)
    all_passed()


def lstm_forward_test(target):
    n_x, m, T_x, n_a, n_y = 4, 13, 16, 3, 2
    rng = np.random.RandomState(45)
    x = rng.randn(n_x, m, T_x)
    a0 = rng.randn(n_a, m)
    parameters = lstm_parameters(rng, n_x, n_a, n_y)
    out = target(x, a0, parameters)

    check_len("value returned by lstm_forward", out, 4, "return a, y, c, caches (in that order)")
    a, y, c, caches = out
    check_float_array("a", a, (n_a, m, T_x), "return a, y, c, caches (in that order)")
    check_float_array("y", y, (n_y, m, T_x), "return a, y, c, caches (in that order)")
    check_float_array("c", c, (n_a, m, T_x), "return a, y, c, caches (in that order)")
    check_len("caches", caches, 2, "caches must be the 2-tuple (list of cell caches, x)")
    check_len("caches[0] (one cache per time step)", caches[0], T_x)
    check_len("caches[0][0]", caches[0][0], 10)
    close_or_explain("caches[1]", caches[1], x, "caches[1] must be the input x")

    # initial states and carried states, read from your caches
    first = caches[0][0]
    close_or_explain("a_prev of the first step (caches[0][0][2])", first[2], a0, "start from a0")
    close_or_explain("c_prev of the first step (caches[0][0][3])", first[3], np.zeros((n_a, m)),
                     "the initial cell state is a fresh np.zeros((n_a, m)) array",
                     [("the initial cell state must be a fresh zeros array, not a view of c",
                       c[:, :, 0]),
                      ("the initial cell state is zeros, not a0", a0)])
    for t in range(1, T_x):
        close_or_explain(f"a_prev fed to step {t}", caches[0][t][2], a[:, :, t - 1],
                         "feed the a_next of step t-1 to step t",
                         [("the hidden state is not carried between steps", a0)])
        close_or_explain(f"c_prev fed to step {t}", caches[0][t][3], c[:, :, t - 1],
                         "feed the c_next of step t-1 to step t",
                         [("the cell state is not carried between steps", np.zeros((n_a, m)))])

    check_close("a[2, 1, 4:6]", a[2, 1, 4:6], [-0.01606022, 0.0243569], atol=VALUE_ATOL)
    check_close("c[2, 1, 4:6]", c[2, 1, 4:6], [-0.02753855, 0.05668358], atol=VALUE_ATOL)
    check_close("y[1, 1, 4:6]", y[1, 1, 4:6], [0.70444592, 0.70648935], atol=VALUE_ATOL)
    all_passed()


# ---- backward passes -----------------------------------------------------------------------

def _check_keys_and_shapes(label, grads, shapes):
    check_keys(label, grads, tuple(shapes))
    for key, shape in shapes.items():
        hint = "keep the bias dimension with keepdims=True" if key.startswith("db") else None
        check_float_array(f"{label}['{key}']", grads[key], shape, hint)


def rnn_cell_backward_test(target):
    forward = _companion(target, "rnn_cell_forward")
    n_x, n_a, n_y, m = 2, 3, 2, 4
    rng = np.random.RandomState(5)
    xt, a_prev = rng.randn(n_x, m), rng.randn(n_a, m)
    p = rnn_parameters(rng, n_x, n_a, n_y, order="backward")
    da_next = rng.randn(n_a, m)
    _, _, cache = forward(xt, a_prev, p)
    grads = target(da_next, cache)
    _check_keys_and_shapes("gradients", grads, {"dxt": (n_x, m), "da_prev": (n_a, m),
                                                "dWax": (n_a, n_x), "dWaa": (n_a, n_a), "dba": (n_a, 1)})

    def loss():
        return np.sum(forward(xt, a_prev, p)[0] * da_next)          # scalar whose gradient is checked
    hints = {"dxt": "dxt = Wax^T dz with dz = (1 - a_next**2) * da_next",
             "da_prev": "da_prev = Waa^T dz",
             "dWax": "dWax = dz xt^T", "dWaa": "dWaa = dz a_prev^T (a_prev, not a_next)",
             "dba": "dba sums dz over the batch (axis=1)"}
    for key, wrt in (("dxt", xt), ("da_prev", a_prev), ("dWax", p["Wax"]), ("dWaa", p["Waa"]),
                     ("dba", p["ba"])):
        check_gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt), hints[key])

    # values: the course's demo (seed 1, Wax drawn before Waa)
    rng = np.random.RandomState(1)
    xt, a_prev = rng.randn(3, 10), rng.randn(5, 10)
    _, _, cache = forward(xt, a_prev, rnn_parameters(rng, 3, 5, 2, order="backward"))
    grads = target(rng.randn(5, 10), cache)
    for key, index, value in (("dxt", (1, 2), -1.3872130506), ("da_prev", (2, 3), -0.152399493774),
                              ("dWax", (3, 1), 0.410772824935), ("dWaa", (1, 2), 1.15034506685),
                              ("dba", (4, 0), 0.20023491)):
        check_close(f"gradients['{key}'][{index}] of the demo", grads[key][index], value, atol=VALUE_ATOL)
    all_passed()


def rnn_backward_test(target):
    forward = _companion(target, "rnn_forward")
    n_x, n_a, n_y, m, T_x = 2, 3, 2, 2, 3
    rng = np.random.RandomState(6)
    x, a0 = rng.randn(n_x, m, T_x), rng.randn(n_a, m)
    p = rnn_parameters(rng, n_x, n_a, n_y, order="backward")
    da = rng.randn(n_a, m, T_x)
    _, _, caches = forward(x, a0, p)
    grads = target(da, caches)
    _check_keys_and_shapes("gradients", grads, {"dx": (n_x, m, T_x), "da0": (n_a, m),
                                                "dWax": (n_a, n_x), "dWaa": (n_a, n_a), "dba": (n_a, 1)})

    def loss():
        return np.sum(forward(x, a0, p)[0] * da)                    # scalar whose gradient is checked
    hint = ("walk t from T_x-1 down to 0, feed da[:, :, t] + the da_prev of the later step, "
            "and add up dWax, dWaa, dba over all steps")
    for key, wrt in (("dx", x), ("da0", a0), ("dWax", p["Wax"]), ("dWaa", p["Waa"]), ("dba", p["ba"])):
        check_gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt), hint)

    rng = np.random.RandomState(1)
    x, a0 = rng.randn(3, 10, 4), rng.randn(5, 10)
    _, _, caches = forward(x, a0, rnn_parameters(rng, 3, 5, 2, order="backward"))
    grads = target(rng.randn(5, 10, 4), caches)
    check_close("gradients['dx'][1][2] of the demo", grads["dx"][1][2],
                [-2.07101689, -0.59255627, 0.02466855, 0.01483317], atol=VALUE_ATOL)
    for key, index, value in (("da0", (2, 3), -0.314942375127), ("dWax", (3, 1), 11.2641044965),
                              ("dWaa", (1, 2), 2.30333312658), ("dba", (4, 0), -0.74747722)):
        check_close(f"gradients['{key}'][{index}] of the demo", grads[key][index], value, atol=VALUE_ATOL)
    all_passed()


def _lstm_grad_shapes(n_x, n_a):
    """Shapes of the LSTM weight and bias gradients."""
    return {**{f"dW{g}": (n_a, n_a + n_x) for g in "fico"}, **{f"db{g}": (n_a, 1) for g in "fico"}}


def lstm_cell_backward_test(target):
    forward = _companion(target, "lstm_cell_forward")
    n_x, n_a, n_y, m = 2, 3, 2, 2
    rng = np.random.RandomState(7)
    xt, a_prev, c_prev = rng.randn(n_x, m), rng.randn(n_a, m), rng.randn(n_a, m)
    p = lstm_parameters(rng, n_x, n_a, n_y)
    da_next, dc_next = rng.randn(n_a, m), rng.randn(n_a, m)
    cache = forward(xt, a_prev, c_prev, p)[3]
    grads = target(da_next, dc_next, cache)
    _check_keys_and_shapes("gradients", grads, {"dxt": (n_x, m), "da_prev": (n_a, m),
                                                "dc_prev": (n_a, m), **_lstm_grad_shapes(n_x, n_a)})

    def loss():
        a_next, c_next, _, _ = forward(xt, a_prev, c_prev, p)
        return np.sum(a_next * da_next) + np.sum(c_next * dc_next)

    hint = {"dxt": "dxt is the bottom n_x rows of sum_g W_g^T d_g",
            "da_prev": "da_prev is the top n_a rows of sum_g W_g^T d_g",
            "dc_prev": "dc_prev = (dc_next + ot * (1 - tanh(c_next)**2) * da_next) * ft"}
    for key, wrt in (("dxt", xt), ("da_prev", a_prev), ("dc_prev", c_prev)):
        check_gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt), hint[key])
    for g in "fico":
        check_gradient(f"gradients['dW{g}']", grads["dW" + g], numerical_gradient(loss, p["W" + g]),
                       f"dW{g} = d{g} concat^T, with the gate's derivative taken before its activation")
        check_gradient(f"gradients['db{g}']", grads["db" + g], numerical_gradient(loss, p["b" + g]),
                       f"db{g} sums the gate's derivative over the batch (axis=1, keepdims=True)")

    rng = np.random.RandomState(1)
    xt, a_prev, c_prev = rng.randn(3, 10), rng.randn(5, 10), rng.randn(5, 10)
    cache = forward(xt, a_prev, c_prev, lstm_parameters(rng, 3, 5, 2))[3]
    da_next = rng.randn(5, 10)
    grads = target(da_next, rng.randn(5, 10), cache)
    for key, index, value in (("dxt", (1, 2), 3.23055911511), ("da_prev", (2, 3), -0.0639621419711),
                              ("dc_prev", (2, 3), 0.797522038797), ("dWf", (3, 1), -0.147954838164),
                              ("dWi", (1, 2), 1.05749805523), ("dWc", (3, 1), 2.30456216369),
                              ("dWo", (1, 2), 0.331311595289), ("dbf", (4, 0), 0.18864637),
                              ("dbi", (4, 0), -0.40142491), ("dbc", (4, 0), 0.25587763),
                              ("dbo", (4, 0), 0.13893342)):
        check_close(f"gradients['{key}'][{index}] of the demo", grads[key][index], value, atol=VALUE_ATOL)
    all_passed()


def lstm_backward_test(target):
    forward = _companion(target, "lstm_forward")
    n_x, n_a, n_y, m, T_x = 2, 3, 2, 2, 3
    rng = np.random.RandomState(2)
    x, a0 = rng.randn(n_x, m, T_x), rng.randn(n_a, m)
    p = lstm_parameters(rng, n_x, n_a, n_y)
    da = rng.randn(n_a, m, T_x)
    caches = forward(x, a0, p)[3]
    grads = target(da, caches)
    _check_keys_and_shapes("gradients", grads, {"dx": (n_x, m, T_x), "da0": (n_a, m),
                                                **_lstm_grad_shapes(n_x, n_a)})

    def loss():
        return np.sum(forward(x, a0, p)[0] * da)                    # scalar whose gradient is checked
    hint = ("walk t from T_x-1 down to 0, feed da[:, :, t] + the carried da_prev and the carried "
            "dc_prev, and add up the weight and bias gradients over all steps")
    for key, wrt in (("dx", x), ("da0", a0), *((f"dW{g}", p["W" + g]) for g in "fico"),
                     *((f"db{g}", p["b" + g]) for g in "fico")):
        check_gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt), hint)

    # the course's demo: the forward ran 7 steps, da covers only the first 4
    rng = np.random.RandomState(1)
    x, a0 = rng.randn(3, 10, 7), rng.randn(5, 10)
    caches = forward(x, a0, lstm_parameters(rng, 3, 5, 2, zero_output=True))[3]
    grads = target(rng.randn(5, 10, 4), caches)
    check_float_array("gradients['dx'] of the demo", grads["dx"], (3, 10, 4),
                      "read n_a, m and T_x from da.shape, not from the caches")
    check_close("gradients['dx'][1][2] of the demo", grads["dx"][1][2],
                [0.00218254, 0.28205375, -0.48292508, -0.43281115], atol=VALUE_ATOL)
    for key, index, value in (("da0", (2, 3), 0.312770310257), ("dWf", (3, 1), -0.0809802310938),
                              ("dWi", (1, 2), 0.40512433093), ("dWc", (3, 1), -0.0793746735512),
                              ("dWo", (1, 2), 0.038948775763), ("dbf", (4, 0), -0.15745657),
                              ("dbi", (4, 0), -0.50848333), ("dbc", (4, 0), -0.42510818),
                              ("dbo", (4, 0), -0.17958196)):
        check_close(f"gradients['{key}'][{index}] of the demo", grads[key][index], value, atol=VALUE_ATOL)
    all_passed()
