"""The visible checks of rnn_step_by_step pass on the solutions and explain known mistakes."""
import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

import utils.public_tests.rnn_step_by_step as public
from autograder.assignments import GRADED
from autograder.notebook import solution_namespace
from utils.testing import CheckFailed

MUTANTS = Path(__file__).parent / "mutants" / "rnn_step_by_step"
FUNCTIONS = GRADED["rnn_step_by_step"]


@pytest.fixture(scope="module")
def solutions():
    return solution_namespace("rnn_step_by_step")


def _with_mutant(solutions, name):
    namespace = dict(solutions)
    path = MUTANTS / f"{name}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def _run(check, target):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(target)
    return out.getvalue()


@pytest.mark.parametrize("function", FUNCTIONS)
def test_visible_check_passes_on_solution(solutions, function):
    printed = _run(getattr(public, f"{function}_test"), solutions[function])
    assert "All tests passed" in printed


@pytest.mark.parametrize("function", FUNCTIONS)
def test_visible_check_leaves_global_generator_alone(solutions, function):
    np.random.seed(2024)
    before = np.random.get_state()[1].copy()
    _run(getattr(public, f"{function}_test"), solutions[function])
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("mutant", [
    "rnn_cell_forward__missing_ba",
    "rnn_cell_forward__waa_transposed",
    "rnn_forward__state_not_carried",
    "lstm_cell_forward__concat_order",
    "lstm_cell_forward__swapped_gates",
    "lstm_forward__cell_state_view",
    "rnn_cell_backward__dba_without_keepdims",
    "lstm_backward__dx_sized_from_x",
])
def test_visible_check_names_the_mistake(solutions, mutant):
    namespace = _with_mutant(solutions, mutant)
    function = mutant.split("__")[0]
    with pytest.raises(CheckFailed) as err:
        _run(getattr(public, f"{function}_test"), namespace[function])
    assert namespace["EXPECT"] in str(err.value).lower()


@pytest.mark.parametrize("mutant", [
    "rnn_cell_backward__no_tanh_derivative",
    "rnn_backward__not_accumulated",
    "lstm_cell_backward__dc_prev_missing_path",
    "lstm_backward__dc_prev_not_carried",
])
def test_visible_gradient_check_catches_backward_mistakes(solutions, mutant):
    namespace = _with_mutant(solutions, mutant)
    function = mutant.split("__")[0]
    with pytest.raises(CheckFailed, match="numerical gradient"):
        _run(getattr(public, f"{function}_test"), namespace[function])


def test_no_success_message_when_a_check_fails(solutions):
    namespace = _with_mutant(solutions, "rnn_cell_forward__missing_ba")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(CheckFailed):
        public.rnn_cell_forward_test(namespace["rnn_cell_forward"])
    assert "All tests passed" not in out.getvalue()


def test_backward_check_asks_for_the_forward_it_needs():
    namespace = {"np": np}
    exec("def rnn_cell_backward(da_next, cache):\n    return {}", namespace)
    with pytest.raises(CheckFailed, match="needs your rnn_cell_forward"):
        public.rnn_cell_backward_test(namespace["rnn_cell_backward"])


def test_stub_fails_politely():
    def rnn_cell_forward(xt, a_prev, parameters):
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        public.rnn_cell_forward_test(rnn_cell_forward)
