"""Hidden checks for `rnn_step_by_step`: shapes, cache layouts, term isolation, values and
gradients.

Forward checks call the student's functions on hidden seeded inputs and compare with the
expected outputs recorded from the solutions, or with the plain-numpy reference for isolated
terms. Backward checks receive caches built by the reference forward passes (plain data), so
they grade the backward pass alone, against central-difference gradients of the reference
forward with a relative error below 1e-7. When a result equals the value of a known mistake,
the message names that mistake.
"""
import numpy as np
import pytest

from autograder.cases.rnn_step_by_step import (
    LSTM_CELL_MISTAKES, RNN_CELL_MISTAKES, SEQUENCE_MISTAKES, lstm_cell, lstm_cell_grads,
    lstm_gates, lstm_sequence, lstm_sequence_grads, rnn_cell, rnn_cell_grads, rnn_sequence,
    rnn_sequence_grads)
from utils.public_tests.rnn_step_by_step import (GRAD_TOL, LSTM_KEYS, RNN_KEYS, check_float_array,
                                                 close_or_explain)
from utils.rnn_utils import lstm_parameters, rnn_parameters, sigmoid, softmax
from utils.testing import check_keys, check_len, fail, numerical_gradient, rel_error

# Sizes of the gradient checks (never shown in the notebook): n_x, n_a, n_y, m, T_x.
N_X, N_A, N_Y, M, T_X = 3, 2, 3, 3, 2


def _values(name, got, expected, rtol=1e-7, atol=1e-9, hint=None):
    """Compare nested results (tuples, lists, dicts, arrays) leaf by leaf."""
    if isinstance(expected, dict):
        check_keys(name, got, tuple(expected))
        for key in expected:
            _values(f"{name}['{key}']", got[key], expected[key], rtol, atol, hint)
    elif isinstance(expected, (tuple, list)):
        check_len(name, got, len(expected))
        for i, item in enumerate(expected):
            _values(f"{name}[{i}]", got[i], item, rtol, atol, hint)
    else:
        close_or_explain(name, got, expected, hint or "compare with the equations of this section",
                         rtol=rtol, atol=atol)


def _gradient(name, got, numeric, hint, mistakes=()):
    """Analytic vs numerical gradient; on failure, name the known mistake `got` matches."""
    check_float_array(name, got, numeric.shape, hint)
    err = rel_error(got, numeric)
    if err < GRAD_TOL:
        return
    for mistake_hint, value in mistakes:
        if value.shape == got.shape and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            hint = mistake_hint
            break
    fail(f"{name} against a numerical gradient", f"relative error < {GRAD_TOL:g}",
         f"relative error {err:.3g}", hint, public_expected=f"relative error < {GRAD_TOL:g}")


def _mistakes(key, variants, messages, correct):
    """(message, value) pairs of the known mistakes that change gradient `key`."""
    pairs = []
    for mistake, message in messages.items():
        value = variants(mistake)[key]
        if value.shape == correct.shape and not np.allclose(value, correct):
            pairs.append((message, value))
    return pairs


# ==== rnn_cell_forward ===========================================================================

@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_shapes(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    out = cases["rnn_cell_forward"].run(student)
    check_len("value returned by rnn_cell_forward", out, 3, "return a_next, yt_pred, cache")
    check_float_array("a_next", out[0], (6, 5))
    check_float_array("yt_pred", out[1], (3, 5))
    check_len("cache", out[2], 4, "the cache is the 4-tuple (a_next, a_prev, xt, parameters)")


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_cache_layout(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    a_next, _, cache = cases["rnn_cell_forward"].run(student)
    check_len("cache", cache, 4, "the cache is the 4-tuple (a_next, a_prev, xt, parameters)")
    hint = "wrong cache order: it must be (a_next, a_prev, xt, parameters)"
    close_or_explain("cache[0] (a_next)", cache[0], a_next, hint)
    close_or_explain("cache[1] (a_prev)", cache[1], a_prev, hint)
    close_or_explain("cache[2] (xt)", cache[2], xt, hint)
    check_keys("cache[3] (parameters)", cache[3], RNN_KEYS)


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_bias_term(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    p = dict(p, Wya=np.zeros_like(p["Wya"]))
    ones = np.ones((1, xt.shape[1]))
    a_next, yt, _ = student.call("rnn_cell_forward", np.zeros_like(xt), np.zeros_like(a_prev), p)
    close_or_explain("a_next when only ba is non-zero", a_next, np.tanh(p["ba"]) * ones,
                     "a_next = tanh(Waa a_prev + Wax xt + ba): the ba term is wrong",
                     [("the bias ba is missing from a_next", np.zeros_like(a_prev)),
                      ("use tanh for the hidden state, not sigmoid (activation)", sigmoid(p["ba"]) * ones)])
    close_or_explain("yt_pred when only by is non-zero", yt, softmax(p["by"]) * ones,
                     "yt_pred = softmax(Wya a_next + by): the by term is wrong",
                     [("the bias by is missing from yt_pred", np.full_like(yt, 1 / len(p["by"])))])


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_input_term(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    p = dict(p, ba=np.zeros_like(p["ba"]), by=np.zeros_like(p["by"]))
    a_next = student.call("rnn_cell_forward", xt, np.zeros_like(a_prev), p)[0]
    close_or_explain("a_next when only xt is non-zero", a_next, np.tanh(p["Wax"] @ xt),
                     "the Wax·xt term is wrong",
                     [("the Wax·xt term is missing", np.zeros_like(a_prev)),
                      ("use tanh for the hidden state, not sigmoid (activation)", sigmoid(p["Wax"] @ xt))])


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_recurrent_term(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    p = dict(p, ba=np.zeros_like(p["ba"]), by=np.zeros_like(p["by"]))
    a_next = student.call("rnn_cell_forward", np.zeros_like(xt), a_prev, p)[0]
    close_or_explain("a_next when only a_prev is non-zero", a_next, np.tanh(p["Waa"] @ a_prev),
                     "the Waa·a_prev term is wrong",
                     [("the Waa·a_prev term is missing", np.zeros_like(a_prev)),
                      ("the Waa·a_prev term uses Waa transposed", np.tanh(p["Waa"].T @ a_prev))])


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(1)
def test_rnn_cell_forward_prediction(student, cases):
    (xt, a_prev, p), _ = cases["rnn_cell_forward"].inputs()
    a_next, yt, _ = cases["rnn_cell_forward"].run(student)
    close_or_explain("yt_pred from your a_next", yt, softmax(p["Wya"] @ a_next + p["by"]),
                     "yt_pred = softmax(Wya a_next + by)",
                     [("yt_pred must use the new state a_next, not a_prev",
                       softmax(p["Wya"] @ a_prev + p["by"])),
                      ("the bias by is missing from yt_pred", softmax(p["Wya"] @ a_next))])


@pytest.mark.grade_id("rnn_cell_forward")
@pytest.mark.points(2)
def test_rnn_cell_forward_values(student, expected, cases):
    case = cases["rnn_cell_forward"]
    got, want = case.run(student), expected.value("rnn_cell_forward")
    check_len("value returned by rnn_cell_forward", got, 3)
    _values("a_next", got[0], want[0], case.rtol, case.atol)
    _values("yt_pred", got[1], want[1], case.rtol, case.atol)


# ==== rnn_forward ================================================================================

RNN_CELL_FIRST = " (rnn_forward calls your rnn_cell_forward: make its checks pass first)"

@pytest.mark.grade_id("rnn_forward")
@pytest.mark.points(1)
def test_rnn_forward_shapes(student, cases):
    (x, a0, p), _ = cases["rnn_forward"].inputs()
    out = cases["rnn_forward"].run(student)
    check_len("value returned by rnn_forward", out, 3, "return a, y_pred, caches")
    check_float_array("a", out[0], (4, 3, 5))
    check_float_array("y_pred", out[1], (3, 3, 5))


@pytest.mark.grade_id("rnn_forward")
@pytest.mark.points(1)
def test_rnn_forward_caches_layout(student, cases):
    (x, a0, p), _ = cases["rnn_forward"].inputs()
    a, _, caches = cases["rnn_forward"].run(student)
    hint = "caches must be the 2-tuple (list of cell caches, x)"
    check_len("caches", caches, 2, hint)
    check_len("caches[0] (one cache per time step)", caches[0], x.shape[2], hint)
    close_or_explain("caches[1]", caches[1], x, "caches[1] must be the input x")
    for t, cache in enumerate(caches[0]):
        check_len(f"caches[0][{t}]", cache, 4)
        close_or_explain(f"caches[0][{t}][2] (xt)", cache[2], x[:, :, t], "step t reads x[:, :, t]")


@pytest.mark.grade_id("rnn_forward")
@pytest.mark.points(2)
def test_rnn_forward_state_carried(student, cases):
    (x, a0, p), _ = cases["rnn_forward"].inputs()
    a = cases["rnn_forward"].run(student)[0]
    a_prev = a0
    for t in range(x.shape[2]):
        want = rnn_cell(x[:, :, t], a_prev, p)[0]
        close_or_explain(f"a[:, :, {t}] computed from a[:, :, {t - 1}]" if t else "a[:, :, 0] from a0",
                         a[:, :, t], want,
                         "store a_next in a[:, :, t] and feed it to the next step" + RNN_CELL_FIRST,
                         [("the hidden state is not carried between steps (a0 used every step)",
                           rnn_cell(x[:, :, t], a0, p)[0]),
                          ("store a_next in a[:, :, t], not the previous state", a_prev)])
        a_prev = a[:, :, t]


@pytest.mark.grade_id("rnn_forward")
@pytest.mark.points(1)
def test_rnn_forward_predictions(student, cases):
    (x, a0, p), _ = cases["rnn_forward"].inputs()
    a, y, _ = cases["rnn_forward"].run(student)
    for t in range(x.shape[2]):
        close_or_explain(f"y_pred[:, :, {t}] from your a[:, :, {t}]", y[:, :, t],
                         softmax(p["Wya"] @ a[:, :, t] + p["by"]), "store yt_pred in y_pred[:, :, t]")


@pytest.mark.grade_id("rnn_forward")
@pytest.mark.points(2)
def test_rnn_forward_values(student, expected, cases):
    case = cases["rnn_forward"]
    got, want = case.run(student), expected.value("rnn_forward")
    check_len("value returned by rnn_forward", got, 3)
    _values("a", got[0], want[0], case.rtol, case.atol, "a" + RNN_CELL_FIRST)
    _values("y_pred", got[1], want[1], case.rtol, case.atol, "y_pred" + RNN_CELL_FIRST)


# ==== lstm_cell_forward ==========================================================================

LSTM_CACHE_NAMES = ("a_next", "c_next", "a_prev", "c_prev", "ft", "it", "cct", "ot", "xt")


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_shapes(student, cases):
    out = cases["lstm_cell_forward"].run(student)
    check_len("value returned by lstm_cell_forward", out, 4, "return a_next, c_next, yt_pred, cache")
    check_float_array("a_next", out[0], (4, 6))
    check_float_array("c_next", out[1], (4, 6))
    check_float_array("yt_pred", out[2], (2, 6))
    check_len("cache", out[3], 10,
              "the cache is (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)")
    for k, name in enumerate(LSTM_CACHE_NAMES):
        check_float_array(f"cache[{k}] ({name})", out[3][k], (3, 6) if name == "xt" else (4, 6))


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_cache_layout(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    cache = cases["lstm_cell_forward"].run(student)[3]
    check_len("cache", cache, 10)
    reference = lstm_cell(xt, a_prev, c_prev, p)[3]
    for k, name in enumerate(LSTM_CACHE_NAMES):
        others = [(f"wrong cache order: cache[{k}] holds {other}, it must hold {name}", reference[j])
                  for j, other in enumerate(LSTM_CACHE_NAMES)
                  if j != k and reference[j].shape == reference[k].shape]
        close_or_explain(f"cache[{k}] ({name})", cache[k], reference[k],
                         f"cache[{k}] must be {name}; the order is "
                         "(a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)", others)
    check_keys("cache[9] (parameters)", cache[9], LSTM_KEYS)


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_concat_order(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    n_a, n_x = a_prev.shape[0], xt.shape[0]
    p = dict(p, bf=np.zeros_like(p["bf"]))
    ft = student.call("lstm_cell_forward", np.zeros_like(xt), a_prev, c_prev, p)[3][4]
    close_or_explain("forget gate ft when only a_prev is non-zero", ft,
                     sigmoid(p["Wf"][:, :n_a] @ a_prev),
                     "concat = [a_prev; xt] (a_prev on top), ft = sigmoid(Wf concat + bf)",
                     [("stack a_prev on top of xt: concat = [a_prev; xt] (concatenation order)",
                       sigmoid(p["Wf"][:, n_x:] @ a_prev))])


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(2)
def test_lstm_cell_forward_gates(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    cache = cases["lstm_cell_forward"].run(student)[3]
    check_len("cache", cache, 10)
    concat = np.concatenate([a_prev, xt], axis=0)
    pre = {g: p["W" + g] @ concat + p["b" + g] for g in "fico"}
    labels = {"f": "forget gate ft", "i": "update gate it", "c": "candidate cct", "o": "output gate ot"}
    gates = dict(zip("fico", lstm_gates(xt, a_prev, p)))
    for k, g in zip(range(4, 8), "fico"):
        act, wrong = (np.tanh, sigmoid) if g == "c" else (sigmoid, np.tanh)
        mistakes = [(f"the {labels[g]} uses the weights of the {labels[h]} (swapped gate)", act(pre[h]))
                    for h in "fico" if h != g]
        mistakes += [(f"the bias b{g} is missing from the {labels[g]}", act(pre[g] - p["b" + g])),
                     (f"wrong activation for the {labels[g]}: use {act.__name__}", wrong(pre[g]))]
        close_or_explain(f"cache[{k}] ({labels[g]})", cache[k], gates[g],
                         f"{labels[g]} = {act.__name__}(W{g} concat + b{g})", mistakes)


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_cell_state(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    _, c_next, _, cache = cases["lstm_cell_forward"].run(student)
    ft, it, cct, _ = lstm_gates(xt, a_prev, p)
    close_or_explain("c_next", c_next, ft * c_prev + it * cct, "c_next = ft * c_prev + it * cct",
                     [("forget and update gates swapped in the cell-state update", it * c_prev + ft * cct),
                      ("c_next = ft * c_prev + it * cct: the ft * c_prev term is missing", it * cct)])


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_hidden_state(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    a_next, c_next, _, _ = cases["lstm_cell_forward"].run(student)
    ot = lstm_gates(xt, a_prev, p)[3]
    close_or_explain("a_next from your c_next", a_next, ot * np.tanh(c_next), "a_next = ot * tanh(c_next)",
                     [("a_next needs tanh of the cell state: ot * tanh(c_next)", ot * c_next)])


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(1)
def test_lstm_cell_forward_prediction(student, cases):
    (xt, a_prev, c_prev, p), _ = cases["lstm_cell_forward"].inputs()
    a_next, _, yt, _ = cases["lstm_cell_forward"].run(student)
    close_or_explain("yt_pred from your a_next", yt, softmax(p["Wy"] @ a_next + p["by"]),
                     "yt_pred = softmax(Wy a_next + by)",
                     [("the bias by is missing from yt_pred", softmax(p["Wy"] @ a_next))])


@pytest.mark.grade_id("lstm_cell_forward")
@pytest.mark.points(2)
def test_lstm_cell_forward_values(student, expected, cases):
    case = cases["lstm_cell_forward"]
    got, want = case.run(student), expected.value("lstm_cell_forward")
    check_len("value returned by lstm_cell_forward", got, 4)
    for k, name in enumerate(("a_next", "c_next", "yt_pred")):
        _values(name, got[k], want[k], case.rtol, case.atol)


# ==== lstm_forward ===============================================================================

LSTM_CELL_FIRST = " (lstm_forward calls your lstm_cell_forward: make its checks pass first)"

@pytest.mark.grade_id("lstm_forward")
@pytest.mark.points(1)
def test_lstm_forward_shapes(student, cases):
    (x, a0, p), _ = cases["lstm_forward"].inputs()
    out = cases["lstm_forward"].run(student)
    hint = "return a, y, c, caches (in that order)"
    check_len("value returned by lstm_forward", out, 4, hint)
    check_float_array("a", out[0], (4, 3, 5), hint)
    check_float_array("y", out[1], (2, 3, 5), hint)
    check_float_array("c", out[2], (4, 3, 5), hint)
    check_len("caches", out[3], 2, "caches must be the 2-tuple (list of cell caches, x)")
    check_len("caches[0] (one cache per time step)", out[3][0], 5)
    close_or_explain("caches[1]", out[3][1], x, "caches[1] must be the input x")


@pytest.mark.grade_id("lstm_forward")
@pytest.mark.points(1)
def test_lstm_forward_initial_states(student, cases):
    (x, a0, p), _ = cases["lstm_forward"].inputs()
    _, _, c, caches = cases["lstm_forward"].run(student)
    first = caches[0][0]
    check_len("caches[0][0]", first, 10)
    close_or_explain("a_prev of the first step", first[2], a0, "the first step starts from a0")
    close_or_explain("c_prev of the first step", first[3], np.zeros_like(a0),
                     "the initial cell state is a fresh np.zeros((n_a, m)) array",
                     [("the initial cell state must be a fresh zeros array, not a view of c", c[:, :, 0]),
                      ("the initial cell state is zeros, not a0", a0)])


@pytest.mark.grade_id("lstm_forward")
@pytest.mark.points(2)
def test_lstm_forward_state_carried(student, cases):
    (x, a0, p), _ = cases["lstm_forward"].inputs()
    a, _, c, _ = cases["lstm_forward"].run(student)
    a_prev, c_prev = a0, np.zeros_like(a0)
    for t in range(x.shape[2]):
        a_want, c_want, _, _ = lstm_cell(x[:, :, t], a_prev, c_prev, p)
        close_or_explain(f"c[:, :, {t}] from the states of step {t - 1}", c[:, :, t], c_want,
                         "feed a_next and c_next of step t-1 to step t" + LSTM_CELL_FIRST,
                         [("the cell state is not carried between steps",
                           lstm_cell(x[:, :, t], a_prev, np.zeros_like(a0), p)[1]),
                          ("the hidden state is not carried between steps",
                           lstm_cell(x[:, :, t], a0, c_prev, p)[1])])
        close_or_explain(f"a[:, :, {t}] from the states of step {t - 1}", a[:, :, t], a_want,
                         "store a_next in a[:, :, t] and feed it to the next step" + LSTM_CELL_FIRST,
                         [("the hidden state is not carried between steps",
                           lstm_cell(x[:, :, t], a0, c_prev, p)[0])])
        a_prev, c_prev = a[:, :, t], c[:, :, t]


@pytest.mark.grade_id("lstm_forward")
@pytest.mark.points(1)
def test_lstm_forward_outputs(student, cases):
    (x, a0, p), _ = cases["lstm_forward"].inputs()
    a, y, c, caches = cases["lstm_forward"].run(student)
    for t in range(x.shape[2]):
        close_or_explain(f"y[:, :, {t}] from your a[:, :, {t}]", y[:, :, t],
                         softmax(p["Wy"] @ a[:, :, t] + p["by"]), "store yt in y[:, :, t]")
        close_or_explain(f"c[:, :, {t}]", c[:, :, t], caches[0][t][1], "store c_next in c[:, :, t]")


@pytest.mark.grade_id("lstm_forward")
@pytest.mark.points(2)
def test_lstm_forward_values(student, expected, cases):
    case = cases["lstm_forward"]
    got, want = case.run(student), expected.value("lstm_forward")
    check_len("value returned by lstm_forward", got, 4)
    for k, name in enumerate(("a", "y", "c")):
        _values(name, got[k], want[k], case.rtol, case.atol, name + LSTM_CELL_FIRST)


def _check_gradient_shapes(grads, shapes, hints=None):
    """`grads` has exactly the keys of `shapes`, each a float array of its shape; a bias
    gradient (key starting with "db") that lost its column gets the keepdims hint."""
    check_keys("gradients", grads, tuple(shapes))
    for key, shape in shapes.items():
        hint = (hints or {}).get(key) or (
            "keep the bias dimension with keepdims=True" if key.startswith("db") else None)
        check_float_array(f"gradients['{key}']", grads[key], shape, hint)


# ==== rnn_cell_backward ==========================================================================

def _rnn_cell_problem():
    rng = np.random.RandomState(102)
    xt, a_prev = rng.randn(N_X, M), rng.randn(N_A, M)
    p = rnn_parameters(rng, N_X, N_A, N_Y, order="backward")
    da_next = rng.randn(N_A, M)
    def loss():
        return np.sum(rnn_cell(xt, a_prev, p)[0] * da_next)
    return xt, a_prev, p, da_next, rnn_cell(xt, a_prev, p)[2], loss


def _rnn_cell_gradient_check(student, keys):
    xt, a_prev, p, da_next, cache, loss = _rnn_cell_problem()
    grads = student.call("rnn_cell_backward", da_next, cache)
    check_keys("gradients", grads, ("dxt", "da_prev", "dWax", "dWaa", "dba"))
    wrt = {"dxt": xt, "da_prev": a_prev, "dWax": p["Wax"], "dWaa": p["Waa"], "dba": p["ba"]}
    correct = rnn_cell_grads(da_next, cache)
    for key in keys:
        _gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt[key]),
                  "dz = (1 - a_next**2) * da_next; dxt = Wax^T dz, da_prev = Waa^T dz, "
                  "dWax = dz xt^T, dWaa = dz a_prev^T, dba = row sums of dz",
                  _mistakes(key, lambda m: rnn_cell_grads(da_next, cache, m),
                            RNN_CELL_MISTAKES, correct[key]))


@pytest.mark.grade_id("rnn_cell_backward")
@pytest.mark.points(1)
def test_rnn_cell_backward_keys_shapes(student, cases):
    grads = cases["rnn_cell_backward"].run(student)
    _check_gradient_shapes(grads, {"dxt": (4, 5), "da_prev": (6, 5), "dWax": (6, 4),
                                   "dWaa": (6, 6), "dba": (6, 1)})


@pytest.mark.grade_id("rnn_cell_backward")
@pytest.mark.points(2)
def test_rnn_cell_backward_input_gradients(student):
    _rnn_cell_gradient_check(student, ("dxt", "da_prev"))


@pytest.mark.grade_id("rnn_cell_backward")
@pytest.mark.points(2)
def test_rnn_cell_backward_weight_gradients(student):
    _rnn_cell_gradient_check(student, ("dWax", "dWaa", "dba"))


@pytest.mark.grade_id("rnn_cell_backward")
@pytest.mark.points(2)
def test_rnn_cell_backward_values(student, expected, cases):
    case = cases["rnn_cell_backward"]
    _values("gradients", case.run(student), expected.value("rnn_cell_backward"), case.rtol, case.atol)


# ==== rnn_backward ===============================================================================

def _rnn_sequence_problem():
    rng = np.random.RandomState(104)
    x, a0 = rng.randn(N_X, M, T_X), rng.randn(N_A, M)
    p = rnn_parameters(rng, N_X, N_A, N_Y, order="backward")
    da = rng.randn(N_A, M, T_X)
    def loss():
        return np.sum(rnn_sequence(x, a0, p)[0] * da)
    return x, a0, p, da, rnn_sequence(x, a0, p)[2], loss


def _rnn_sequence_gradient_check(student, keys):
    x, a0, p, da, caches, loss = _rnn_sequence_problem()
    grads = student.call("rnn_backward", da, caches)
    check_keys("gradients", grads, ("dx", "da0", "dWax", "dWaa", "dba"))
    wrt = {"dx": x, "da0": a0, "dWax": p["Wax"], "dWaa": p["Waa"], "dba": p["ba"]}
    correct = rnn_sequence_grads(da, caches)
    messages = {k: v for k, v in SEQUENCE_MISTAKES.items() if k != "dc_not_carried"}
    for key in keys:
        _gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt[key]),
                  "walk t from T_x-1 down to 0, feed da[:, :, t] + the carried da_prev, "
                  "and add up dWax, dWaa, dba over the steps",
                  _mistakes(key, lambda m: rnn_sequence_grads(da, caches, m),
                            messages, correct[key]))


@pytest.mark.grade_id("rnn_backward")
@pytest.mark.points(1)
def test_rnn_backward_keys_shapes(student, cases):
    grads = cases["rnn_backward"].run(student)
    _check_gradient_shapes(grads, {"dx": (2, 3, 5), "da0": (4, 3), "dWax": (4, 2),
                                   "dWaa": (4, 4), "dba": (4, 1)})


@pytest.mark.grade_id("rnn_backward")
@pytest.mark.points(1)
def test_rnn_backward_sizes_from_da(student):
    rng = np.random.RandomState(105)
    x, a0 = rng.randn(N_X, M, 5), rng.randn(N_A, M)
    caches = rnn_sequence(x, a0, rnn_parameters(rng, N_X, N_A, N_Y, order="backward"))[2]
    da = rng.randn(N_A, M, 2)                                  # covers only the first 2 of 5 steps
    grads = student.call("rnn_backward", da, caches)
    check_keys("gradients", grads, ("dx", "da0", "dWax", "dWaa", "dba"))
    check_float_array("gradients['dx'] when da covers fewer steps than the caches", grads["dx"],
                      (N_X, M, 2),
                      "read n_a, m and T_x from da.shape, not from x or the caches")
    _values("gradients", grads, rnn_sequence_grads(da, caches), 1e-7, 1e-9,
            "da covers fewer steps than the forward pass, so only the first da.shape[2] caches "
            "take part")


@pytest.mark.grade_id("rnn_backward")
@pytest.mark.points(2)
def test_rnn_backward_input_gradients(student):
    _rnn_sequence_gradient_check(student, ("dx", "da0"))


@pytest.mark.grade_id("rnn_backward")
@pytest.mark.points(2)
def test_rnn_backward_weight_gradients(student):
    _rnn_sequence_gradient_check(student, ("dWax", "dWaa", "dba"))


@pytest.mark.grade_id("rnn_backward")
@pytest.mark.points(2)
def test_rnn_backward_values(student, expected, cases):
    case = cases["rnn_backward"]
    _values("gradients", case.run(student), expected.value("rnn_backward"), case.rtol, case.atol)


# ==== lstm_cell_backward =========================================================================

LSTM_GRAD_KEYS = ("dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo")


def _lstm_cell_problem():
    rng = np.random.RandomState(103)
    xt, a_prev, c_prev = rng.randn(N_X, M), rng.randn(N_A, M), rng.randn(N_A, M)
    p = lstm_parameters(rng, N_X, N_A, N_Y)
    da_next, dc_next = rng.randn(N_A, M), rng.randn(N_A, M)

    def loss():
        a_next, c_next, _, _ = lstm_cell(xt, a_prev, c_prev, p)
        return np.sum(a_next * da_next) + np.sum(c_next * dc_next)

    return xt, a_prev, c_prev, p, da_next, dc_next, lstm_cell(xt, a_prev, c_prev, p)[3], loss


def _lstm_cell_gradient_check(student, keys):
    xt, a_prev, c_prev, p, da_next, dc_next, cache, loss = _lstm_cell_problem()
    grads = student.call("lstm_cell_backward", da_next, dc_next, cache)
    check_keys("gradients", grads, ("dxt", "da_prev", "dc_prev") + LSTM_GRAD_KEYS)
    wrt = {"dxt": xt, "da_prev": a_prev, "dc_prev": c_prev,
           **{f"dW{g}": p["W" + g] for g in "fico"}, **{f"db{g}": p["b" + g] for g in "fico"}}
    correct = lstm_cell_grads(da_next, dc_next, cache)
    for key in keys:
        _gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt[key]),
                  "da_prev is the top n_a rows and dxt the bottom n_x rows of sum_g W_g^T d_g; "
                  "dW_g = d_g concat^T, db_g = row sums of d_g",
                  _mistakes(key, lambda m: lstm_cell_grads(da_next, dc_next, cache, m),
                            LSTM_CELL_MISTAKES, correct[key]))


@pytest.mark.grade_id("lstm_cell_backward")
@pytest.mark.points(1)
def test_lstm_cell_backward_keys_shapes(student, cases):
    grads = cases["lstm_cell_backward"].run(student)
    split = "da_prev is the top n_a rows, dxt the bottom n_x rows of the stacked gradient"
    _check_gradient_shapes(
        grads, {"dxt": (3, 6), "da_prev": (4, 6), "dc_prev": (4, 6),
                **{k: (4, 1) if k.startswith("db") else (4, 7) for k in LSTM_GRAD_KEYS}},
        {"dxt": split, "da_prev": split, "dc_prev": split})


@pytest.mark.grade_id("lstm_cell_backward")
@pytest.mark.points(2)
def test_lstm_cell_backward_input_gradients(student):
    _lstm_cell_gradient_check(student, ("dxt", "da_prev", "dc_prev"))


@pytest.mark.grade_id("lstm_cell_backward")
@pytest.mark.points(2)
def test_lstm_cell_backward_weight_gradients(student):
    _lstm_cell_gradient_check(student, LSTM_GRAD_KEYS)


@pytest.mark.grade_id("lstm_cell_backward")
@pytest.mark.points(2)
def test_lstm_cell_backward_values(student, expected, cases):
    case = cases["lstm_cell_backward"]
    _values("gradients", case.run(student), expected.value("lstm_cell_backward"), case.rtol, case.atol)


# ==== lstm_backward ==============================================================================

def _lstm_sequence_problem():
    rng = np.random.RandomState(111)
    x, a0 = rng.randn(N_X, M, T_X), rng.randn(N_A, M)
    p = lstm_parameters(rng, N_X, N_A, N_Y)
    da = rng.randn(N_A, M, T_X)
    def loss():
        return np.sum(lstm_sequence(x, a0, p)[0] * da)
    return x, a0, p, da, lstm_sequence(x, a0, p)[3], loss


def _lstm_sequence_gradient_check(student, keys):
    x, a0, p, da, caches, loss = _lstm_sequence_problem()
    grads = student.call("lstm_backward", da, caches)
    check_keys("gradients", grads, ("dx", "da0") + LSTM_GRAD_KEYS)
    wrt = {"dx": x, "da0": a0, **{f"dW{g}": p["W" + g] for g in "fico"},
           **{f"db{g}": p["b" + g] for g in "fico"}}
    correct = lstm_sequence_grads(da, caches)
    for key in keys:
        _gradient(f"gradients['{key}']", grads[key], numerical_gradient(loss, wrt[key]),
                  "walk t from T_x-1 down to 0, feed da[:, :, t] + the carried da_prev and the "
                  "carried dc_prev, and add up the weight and bias gradients over the steps",
                  _mistakes(key, lambda m: lstm_sequence_grads(da, caches, m),
                            SEQUENCE_MISTAKES, correct[key]))


@pytest.mark.grade_id("lstm_backward")
@pytest.mark.points(1)
def test_lstm_backward_keys_shapes(student):
    x, a0, p, da, caches, _ = _lstm_sequence_problem()
    grads = student.call("lstm_backward", da, caches)
    _check_gradient_shapes(
        grads, {"dx": (N_X, M, T_X), "da0": (N_A, M),
                **{k: (N_A, 1) if k.startswith("db") else (N_A, N_A + N_X) for k in LSTM_GRAD_KEYS}})


@pytest.mark.grade_id("lstm_backward")
@pytest.mark.points(1)
def test_lstm_backward_sizes_from_da(student, cases):
    grads = cases["lstm_backward"].run(student)
    check_keys("gradients", grads, ("dx", "da0") + LSTM_GRAD_KEYS)
    check_float_array("gradients['dx'] when da covers fewer steps than the caches", grads["dx"],
                      (3, 3, 3),
                      "read n_a, m and T_x from da.shape, not from x or the caches")


@pytest.mark.grade_id("lstm_backward")
@pytest.mark.points(2)
def test_lstm_backward_input_gradients(student):
    _lstm_sequence_gradient_check(student, ("dx", "da0"))


@pytest.mark.grade_id("lstm_backward")
@pytest.mark.points(2)
def test_lstm_backward_weight_gradients(student):
    _lstm_sequence_gradient_check(student, LSTM_GRAD_KEYS)


@pytest.mark.grade_id("lstm_backward")
@pytest.mark.points(2)
def test_lstm_backward_values(student, expected, cases):
    case = cases["lstm_backward"]
    _values("gradients", case.run(student), expected.value("lstm_backward"), case.rtol, case.atol)
