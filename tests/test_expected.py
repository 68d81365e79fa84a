"""Expected outputs reproduce from the solutions, and the solutions pass every hidden check."""
from pathlib import Path

import numpy as np
import pytest

from autograder import expected
from autograder.expected import differences, flatten, generate, load, save
from autograder.runner import run_checks
from autograder.student import NamespaceStudent
from tests.conftest import cached_solution_namespace, per_assignment


@pytest.mark.parametrize("assignment", per_assignment())
def test_expected_outputs_reproduce(assignment, tmp_path):
    generate(assignment, tmp_path, namespace=dict(cached_solution_namespace(assignment)))
    assert differences(assignment, tmp_path) == []


@pytest.mark.parametrize("assignment", per_assignment())
def test_solutions_pass_every_hidden_check(assignment):
    results = run_checks(assignment, NamespaceStudent(dict(cached_solution_namespace(assignment))))
    failed = [f"{r.name}: {r.message}" for r in results if r.status != "passed"]
    assert results and not failed, "\n".join(failed)


def test_round_trip_of_nested_values(tmp_path):
    value = (np.arange(6.0).reshape(2, 3), [1, 2.5, "x", None], {"a": np.int64(3), 7: True})
    save("rnn_step_by_step", {"case": value}, tmp_path)
    got = load("rnn_step_by_step", tmp_path).value("case")
    assert np.array_equal(got[0], value[0]) and got[1] == value[1]
    assert got[2] == {"a": 3, 7: True} and type(got[2][7]) is bool


def test_flatten_names_every_leaf():
    structure, leaves = flatten({"dW": np.ones(2), "parts": (1.0, [np.zeros(1)])}, "c")
    assert sorted(leaves) == ["c/dW", "c/parts/0", "c/parts/1/0"]
    assert structure["type"] == "dict"


def test_differences_reports_a_changed_value(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    save("rnn_step_by_step", {"c": np.ones(3)}, tmp_path / "a")
    save("rnn_step_by_step", {"c": np.ones(3) * 1.001}, tmp_path / "b")
    expected._load_cached.cache_clear()
    problems = differences("rnn_step_by_step", tmp_path / "a", tmp_path / "b")
    assert problems and "values changed" in problems[0]
