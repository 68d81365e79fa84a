"""Running the hidden checks of an assignment against a `Student`.

The checks are pytest modules (`autograder/checks/test_<assignment>.py`, markers `points`
and `grade_id`), so `pytest autograder/checks` runs them against the solutions. The grader
runs them through this small runner instead of a full pytest session: it collects the
`test_*` functions once, passes each the fixtures it names (`student`, `expected`, `cases`)
and turns the outcome into a `CheckResult`.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from functools import lru_cache

from autograder.assignments import GRADED, check_assignment
from autograder.expected import cases, load
from autograder.student import Student, StudentError


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

    def to_dict(self) -> dict:
        return {"name": self.name, "grade_id": self.grade_id, "score": self.score,
                "max_score": self.max_score, "status": self.status, "message": self.message}


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


def run_check(spec: CheckSpec, fixtures: dict) -> CheckResult:
    params = inspect.signature(spec.function).parameters
    try:
        spec.function(**{p: fixtures[p] for p in params})
    except StudentError as err:
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "error", str(err))
    except AssertionError as err:
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "failed",
                           str(err) or "assertion failed")
    except Exception as err:
        return CheckResult(spec.name, spec.grade_id, 0.0, spec.points, "error",
                           f"check could not run: {type(err).__name__}: {str(err)[:300]}")
    return CheckResult(spec.name, spec.grade_id, spec.points, spec.points, "passed")


def run_checks(assignment: str, student: Student, grade_ids=None) -> list[CheckResult]:
    """Run the assignment's hidden checks (only those of `grade_ids` when given)."""
    fixtures = {"student": student, "expected": load(assignment), "cases": cases(assignment)}
    return [run_check(spec, fixtures) for spec in collect(assignment)
            if grade_ids is None or spec.grade_id in grade_ids]
