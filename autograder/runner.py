"""Running the hidden checks of an assignment against a `Student`.

The checks are pytest modules (`autograder/checks/test_<assignment>.py`, markers `points`
and `grade_id`), so `pytest autograder/checks` runs them against the solutions. The grader
runs them through this small runner instead of a full pytest session: it collects the
`test_*` functions once, passes each the fixtures it names (`student`, `expected`, `cases`)
and turns the outcome into a `CheckResult`.

A result carries two messages. `message` is the full text (what was checked, expected vs
got, hint) for the instructor: the JSON on stdout, the gradebook, the mutant tests.
`public_message` is what students see (feedback, Gradescope, `autograder.check` in a
notebook): what was checked, the student's own value where it gives nothing hidden away and
the hint, never an expected value or a hidden input. It is built from the parts a
`CheckFailed` carries; a failure without parts (a bare `assert`, a CheckFailed raised with a
message only) gets a generic text naming the check, never its raw message.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from functools import lru_cache

from autograder.assignments import GRADED, check_assignment
from autograder.expected import cases, load
from autograder.student import Student, StudentError
from utils.testing import CheckFailed


@dataclass(frozen=True)
class CheckSpec:
    name: str
    grade_id: str
    points: float
    function: object


@dataclass
class CheckResult:
    name: str
    grade_id: str
    score: float
    max_score: float
    status: str            # "passed" | "failed" | "error"
    message: str = ""
    public_message: str = ""   # for students: never an expected value (module docstring)

    def to_dict(self) -> dict:
        return {"name": self.name, "grade_id": self.grade_id, "score": self.score,
                "max_score": self.max_score, "status": self.status, "message": self.message,
                "public_message": self.public_message}


def _mark(function, name):
    for mark in getattr(function, "pytestmark", []):
        if mark.name == name:
            return mark.args[0]
    return None


@lru_cache(maxsize=None)
def collect(assignment: str) -> tuple[CheckSpec, ...]:
    """The hidden checks of an assignment, in file order, with their points and grade_id."""
    module = importlib.import_module(f"autograder.checks.test_{check_assignment(assignment)}")
    specs = []
    for name, function in vars(module).items():
        if not (name.startswith("test_") and inspect.isfunction(function)):
            continue
        grade_id, points = _mark(function, "grade_id"), _mark(function, "points")
        if grade_id not in GRADED[assignment] or points is None:
            raise ValueError(f"hidden check {name} needs a grade_id of {assignment} and points")
        specs.append(CheckSpec(name, grade_id, float(points), function))
    specs.sort(key=lambda s: s.function.__code__.co_firstlineno)
    return tuple(specs)


def points_by_grade_id(assignment: str) -> dict[str, float]:
    totals = {g: 0.0 for g in GRADED[assignment]}
    for spec in collect(assignment):
        totals[spec.grade_id] += spec.points
    return totals


def generic_message(spec: CheckSpec) -> str:
    """The public text of a failure that carries no parts (its raw text may quote hidden data)."""
    return (f"{spec.name}: the values of {spec.grade_id} do not match the reference (this "
            f"hidden check shows no details).")


def public_message(spec: CheckSpec, err: AssertionError) -> str:
    text = err.public_message if isinstance(err, CheckFailed) else None
    return text or generic_message(spec)


def run_check(spec: CheckSpec, fixtures: dict) -> CheckResult:
    params = inspect.signature(spec.function).parameters
    try:
        spec.function(**{p: fixtures[p] for p in params})
    except StudentError as err:       # the student's own error: shown as it is
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "error", str(err), str(err))
    except AssertionError as err:
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "failed",
                           str(err) or "assertion failed", public_message(spec, err))
    except Exception as err:
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "error",
                           f"check could not run: {type(err).__name__}: {str(err)[:300]}",
                           f"{spec.name} could not run on your {spec.grade_id} "
                           f"({type(err).__name__}); ask the instructor.")
    return CheckResult(spec.name, spec.grade_id, spec.points, spec.points, "passed")


def run_checks(assignment: str, student: Student, grade_ids=None) -> list[CheckResult]:
    """Run the assignment's hidden checks (only those of `grade_ids` when given)."""
    fixtures = {"student": student, "expected": load(assignment), "cases": cases(assignment)}
    return [run_check(spec, fixtures) for spec in collect(assignment)
            if grade_ids is None or spec.grade_id in grade_ids]
