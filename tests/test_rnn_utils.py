"""Tests for utils.rnn_utils: the seeded parameter draws reproduce the course's draw orders."""
import numpy as np
import pytest

from utils import activations
from utils.rnn_utils import lstm_parameters, rnn_parameters, sigmoid, softmax


def test_activations_are_the_shared_ones():
    assert softmax is activations.softmax
    assert sigmoid is activations.sigmoid


def test_rnn_parameters_forward_order_draws_waa_first():
    rng, ref = np.random.RandomState(3), np.random.RandomState(3)
    p = rnn_parameters(rng, n_x=3, n_a=5, n_y=2)
    expected = {"Waa": ref.randn(5, 5), "Wax": ref.randn(5, 3), "Wya": ref.randn(2, 5),
                "ba": ref.randn(5, 1), "by": ref.randn(2, 1)}
    assert list(p) == list(expected)
    for key, value in expected.items():
        np.testing.assert_array_equal(p[key], value)


def test_rnn_parameters_backward_order_draws_wax_first():
    rng, ref = np.random.RandomState(4), np.random.RandomState(4)
    p = rnn_parameters(rng, n_x=3, n_a=5, n_y=2, order="backward")
    np.testing.assert_array_equal(p["Wax"], ref.randn(5, 3))
    np.testing.assert_array_equal(p["Waa"], ref.randn(5, 5))
    np.testing.assert_array_equal(p["Wya"], ref.randn(2, 5))


def test_rnn_parameters_rejects_unknown_order():
    with pytest.raises(ValueError, match="order"):
        rnn_parameters(np.random.RandomState(0), 1, 1, 1, order="sideways")


def test_lstm_parameters_gate_order_then_output_layer():
    rng, ref = np.random.RandomState(5), np.random.RandomState(5)
    p = lstm_parameters(rng, n_x=3, n_a=4, n_y=2)
    for gate in "fioc":
        np.testing.assert_array_equal(p["W" + gate], ref.randn(4, 7))
        np.testing.assert_array_equal(p["b" + gate], ref.randn(4, 1))
    np.testing.assert_array_equal(p["Wy"], ref.randn(2, 4))
    np.testing.assert_array_equal(p["by"], ref.randn(2, 1))


def test_lstm_parameters_zero_output_draws_nothing_for_it():
    rng = np.random.RandomState(6)
    p = lstm_parameters(rng, n_x=3, n_a=4, n_y=2, zero_output=True)
    assert not p["Wy"].any() and p["Wy"].shape == (2, 4)
    assert not p["by"].any() and p["by"].shape == (2, 1)
    ref = np.random.RandomState(6)
    for _ in "fioc":
        ref.randn(4, 7)
        ref.randn(4, 1)
    assert rng.randn() == ref.randn()


def test_global_generator_is_untouched():
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    rnn_parameters(np.random.RandomState(0), 2, 3, 2)
    lstm_parameters(np.random.RandomState(0), 2, 3, 2)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_same_numbers_as_global_seed():
    """A notebook cell seeding the global generator sees the same draws."""
    np.random.seed(1)
    xt = np.random.randn(3, 10)
    waa = (np.random.randn(5, 10), np.random.randn(5, 5))[1]
    rng = np.random.RandomState(1)
    np.testing.assert_array_equal(rng.randn(3, 10), xt)
    rng.randn(5, 10)
    np.testing.assert_array_equal(rnn_parameters(rng, 3, 5, 2)["Waa"], waa)
