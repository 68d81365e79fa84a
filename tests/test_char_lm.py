"""Tests for utils.char_lm: the data facts, the backward pass against numerical gradients,
the in-place update, the loss helpers and the min-char-rnn trainer."""
import copy

import numpy as np
import pytest

from utils import activations, char_lm
from utils.char_lm import (adagrad_update, get_initial_loss, get_sample, initialize_parameters,
                           load_dinos, load_text, record_losses, rnn_backward, rnn_forward,
                           smooth, smoothed, train_min_char_rnn, update_parameters, vocabulary)
from utils.testing import numerical_gradient, rel_error

KEYS = ("Wax", "Waa", "Wya", "b", "by")


def random_parameters(seed, n_a, vocab, scale=0.5):
    rng = np.random.default_rng(seed)
    return {"Wax": rng.standard_normal((n_a, vocab)) * scale,
            "Waa": rng.standard_normal((n_a, n_a)) * scale,
            "Wya": rng.standard_normal((vocab, n_a)) * scale,
            "b": rng.standard_normal((n_a, 1)) * scale,
            "by": rng.standard_normal((vocab, 1)) * scale}


# ---- data --------------------------------------------------------------------------------

def test_dinos_data_facts():
    text, names, char_to_ix, ix_to_char = load_dinos()
    assert len(text) == 19909
    assert len(char_to_ix) == 27 and len(ix_to_char) == 27
    assert len(names) == 1536
    assert char_to_ix["\n"] == 0 and char_to_ix["a"] == 1 and char_to_ix["z"] == 26
    assert all(ix_to_char[char_to_ix[ch]] == ch for ch in char_to_ix)
    assert names == [line.strip() for line in text.split("\n")]


def test_vocabulary_is_sorted():
    chars, c2i, i2c = vocabulary("banana\n")
    assert chars == ["\n", "a", "b", "n"]
    assert c2i == {"\n": 0, "a": 1, "b": 2, "n": 3} and i2c[3] == "n"


# ---- parameters and helpers --------------------------------------------------------------

def test_initialize_parameters_reseeds_and_draws_in_order():
    np.random.seed(123)
    p = initialize_parameters(4, 3, 2)
    np.random.seed(1)
    np.testing.assert_array_equal(p["Wax"], np.random.randn(4, 3) * 0.01)
    np.testing.assert_array_equal(p["Waa"], np.random.randn(4, 4) * 0.01)
    np.testing.assert_array_equal(p["Wya"], np.random.randn(2, 4) * 0.01)
    assert not p["b"].any() and p["b"].shape == (4, 1)
    assert not p["by"].any() and p["by"].shape == (2, 1)


def test_loss_helpers_and_get_sample():
    assert get_initial_loss(27, 7) == pytest.approx(7 * np.log(27))
    assert smooth(10.0, 20.0) == pytest.approx(10.01)
    assert smoothed([20.0, 20.0], 10.0) == pytest.approx([10.01, 10.01 * 0.999 + 0.02])
    _, _, i2c = vocabulary("\nabc")
    assert get_sample([2, 1, 3, 0], i2c) == "Bac\n"


def test_uses_the_shared_softmax():
    assert char_lm.softmax is activations.softmax


def test_update_parameters_is_in_place():
    p = random_parameters(0, 3, 5)
    arrays = {k: p[k] for k in KEYS}
    before = copy.deepcopy(p)
    grads = {"d" + k: np.ones_like(v) for k, v in p.items()}
    out = update_parameters(p, grads, 0.1)
    assert out is p
    for k in KEYS:
        assert p[k] is arrays[k]
        np.testing.assert_allclose(p[k], before[k] - 0.1)


# ---- forward and backward ----------------------------------------------------------------

def test_rnn_forward_loss_is_summed_cross_entropy():
    p = random_parameters(1, 4, 6)
    X, Y = [None, 2, 5, 1], [2, 5, 1, 0]
    a0 = np.zeros((4, 1))
    loss, (y_hat, a, x) = rnn_forward(X, Y, a0, p, vocab_size=6)
    assert not x[0].any()                                    # None is the zero input
    assert x[1][2, 0] == 1 and x[1].sum() == 1
    np.testing.assert_array_equal(a[-1], a0)
    assert a[-1] is not a0
    want = -sum(np.log(y_hat[t][Y[t], 0]) for t in range(4))
    assert loss == pytest.approx(want)
    np.testing.assert_allclose(a[0], np.tanh(p["b"]))


@pytest.mark.parametrize("X", [[None, 3, 1, 4, 1, 5], [2, 7, 1, 8, 2, 8, 1, 8]])
def test_rnn_backward_matches_numerical_gradients(X):
    vocab, n_a = 9, 5
    p = random_parameters(7, n_a, vocab)
    Y = X[1:] + [0]
    a0 = np.tanh(np.random.default_rng(8).standard_normal((n_a, 1)))
    _, cache = rnn_forward(X, Y, a0, p, vocab_size=vocab)
    grads, a = rnn_backward(X, Y, p, cache)
    assert set(grads) == {"dWax", "dWaa", "dWya", "db", "dby", "da_next"}
    assert a is cache[1]
    for key in KEYS:
        num = numerical_gradient(lambda: rnn_forward(X, Y, a0, p, vocab_size=vocab)[0], p[key])
        assert grads["d" + key].shape == p[key].shape
        assert rel_error(grads["d" + key], num) < 1e-6, key


def test_rnn_backward_da_next_is_the_gradient_of_a0():
    vocab, n_a = 6, 4
    p = random_parameters(11, n_a, vocab)
    X, Y = [1, 2, 3, 4], [2, 3, 4, 5]
    a0 = np.random.default_rng(12).standard_normal((n_a, 1)) * 0.3
    _, cache = rnn_forward(X, Y, a0, p, vocab_size=vocab)
    grads, _ = rnn_backward(X, Y, p, cache)
    num = numerical_gradient(lambda: rnn_forward(X, Y, a0, p, vocab_size=vocab)[0], a0)
    assert rel_error(grads["da_next"], num) < 1e-6


# ---- min-char-rnn --------------------------------------------------------------------------

def test_adagrad_update():
    p = {"Wax": np.ones((2, 2)), "Waa": np.ones((2, 2)), "Wya": np.ones((2, 2)),
         "b": np.ones((2, 1)), "by": np.ones((2, 1))}
    memory = {k: np.full_like(v, 3.0) for k, v in p.items()}
    grads = {"d" + k: np.full_like(v, 1.0) for k, v in p.items()}
    adagrad_update(p, grads, memory, 0.1)
    for k in KEYS:
        np.testing.assert_allclose(memory[k], 4.0)
        np.testing.assert_allclose(p[k], 1 - 0.1 / np.sqrt(4.0 + 1e-8))


def test_min_char_chunk_gradients_match_numerical():
    """A chunk of text (no None, carried non-zero state): the backward pass is exact."""
    text = "the quick brown fox jumps over the lazy dog\n"
    chars, c2i, _ = vocabulary(text)
    vocab, n_a = len(chars), 6
    p = random_parameters(21, n_a, vocab, scale=0.3)
    data = [c2i[ch] for ch in text]
    X, Y = data[3:28], data[4:29]                             # one 25-character chunk
    a_prev = np.tanh(np.random.default_rng(22).standard_normal((n_a, 1)))
    _, cache = rnn_forward(X, Y, a_prev, p, vocab_size=vocab)
    grads, _ = rnn_backward(X, Y, p, cache)
    for key in KEYS:
        num = numerical_gradient(lambda: rnn_forward(X, Y, a_prev, p, vocab_size=vocab)[0],
                                 p[key])
        assert rel_error(grads["d" + key], num) < 1e-5, key


def test_min_char_rnn_loss_falls_and_is_seeded():
    text = load_text("dinos.txt")
    params, history = train_min_char_rnn(text, 400, hidden_size=32, sample_every=200,
                                         sample_length=30)
    losses = history["loss"]
    assert len(losses) == 400
    raw_first = (losses[0] - 0.999 * get_initial_loss(27, 25)) / 0.001
    raw_last = (losses[-1] - 0.999 * losses[-2]) / 0.001      # chunk losses from the average
    assert raw_first == pytest.approx(25 * np.log(27), rel=0.01)   # a uniform guess at first
    assert raw_last < raw_first - 15
    assert losses[-1] < losses[0]
    assert [s for s, _ in history["samples"]] == [0, 200]
    assert all(len(t) == 30 for _, t in history["samples"])
    again, _ = train_min_char_rnn(text, 5, hidden_size=32)
    once, _ = train_min_char_rnn(text, 5, hidden_size=32)
    for k in KEYS:
        np.testing.assert_array_equal(again[k], once[k])


def test_min_char_rnn_leaves_the_global_generator_alone():
    np.random.seed(5)
    want = np.random.rand()
    np.random.seed(5)
    train_min_char_rnn("abcabcabcabcabcabcabcabcabcabcabcabc", 3, hidden_size=4,
                       seq_length=5, sample_every=1, sample_length=3)
    assert np.random.rand() == want


# ---- watching a training run ---------------------------------------------------------------

def test_record_losses_restores_the_step_and_keeps_the_return_value():
    namespace = {}
    exec("def optimize(X, Y):\n    return (float(len(X)), None, None)\n"
         "def model(items):\n    return [optimize(x, x)[0] for x in items], 'done'\n",
         namespace)
    original = namespace["optimize"]
    result, losses, lengths = record_losses(namespace["model"], [[1, 2], [3]])
    assert result == ([2.0, 1.0], "done")
    assert losses == [2.0, 1.0] and lengths == [2, 1]
    assert namespace["optimize"] is original
