"""The check runner: outcomes become passed / failed / error with the check's points."""
import pytest

from autograder.runner import CheckSpec, run_check
from autograder.student import (FunctionMissing, NamespaceStudent, StudentError,
                                describe_exception, execute)
from utils.testing import CheckFailed


def spec(function, points=2.0):
    return CheckSpec(function.__name__, "clip", points, function)


def test_passing_check_earns_its_points():
    def test_clip_ok(student):
        assert student.f(1) == 2
    result = run_check(spec(test_clip_ok), {"student": NamespaceStudent({"f": lambda x: x + 1})})
    assert (result.status, result.score, result.max_score) == ("passed", 2.0, 2.0)


def test_assertion_is_a_failure_with_its_message():
    def test_clip_bad(student):
        raise CheckFailed("values of clip: expected 1, got 2.")
    result = run_check(spec(test_clip_bad), {"student": None})
    assert (result.status, result.score) == ("failed", 0.0)
    assert result.message == "values of clip: expected 1, got 2."


def test_student_exception_is_an_error_naming_the_function():
    def broken(x):
        raise ValueError("shapes do not align")
    def test_clip_calls(student):
        student.broken(1)
    result = run_check(spec(test_clip_calls), {"student": NamespaceStudent({"broken": broken})})
    assert result.status == "error" and "broken raised ValueError: shapes do not align" in result.message


def test_missing_function_and_not_implemented_are_explained():
    with pytest.raises(FunctionMissing, match="'clip' is not defined"):
        execute({}, "call", "clip", (), {})

    def stub():
        raise NotImplementedError()
    assert describe_exception("clip", NotImplementedError()) == \
        "clip is not implemented yet (it raised NotImplementedError)"
    with pytest.raises(StudentError, match="not implemented yet"):
        execute({"clip": stub}, "call", "clip", (), {})


def test_sys_exit_in_student_code_is_contained():
    import sys
    with pytest.raises(StudentError, match="SystemExit"):
        execute({"f": lambda: sys.exit(3)}, "call", "f", (), {})


def test_results_that_are_not_data_are_refused():
    class AlwaysEqual:
        def __eq__(self, other):
            return True
    with pytest.raises(StudentError, match="not plain data"):
        execute({"f": AlwaysEqual}, "call", "f", (), {})


def test_probes_must_live_in_autograder_probes():
    with pytest.raises(ValueError, match="not in autograder.probes"):
        execute({}, "probe", "os:system", ("true",), {})


def test_student_gets_private_copies_of_arguments():
    import numpy as np
    arg = np.zeros(3)

    def mutate(a):
        a[0] = 5.0
        return a
    NamespaceStudent({"mutate": mutate}).mutate(arg)
    assert arg[0] == 0.0
