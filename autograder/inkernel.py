"""The hidden checks from inside a notebook kernel, for plain `nbgrader autograde`.

The source notebooks' test cells call `autograder.check("<grade_id>", globals())` inside
`### BEGIN HIDDEN TESTS`. It runs that function's hidden checks against the notebook's
namespace, prints one line per check and raises AssertionError when any fails, so nbgrader
gives the cell full points or none. The grading engine gives per-check partial credit.
nbgrader shows this cell's output to students, so failures carry their public messages
(never a hidden check's expected values or inputs).
"""
from __future__ import annotations

from autograder.assignments import assignment_of
from autograder.runner import run_checks
from autograder.student import NamespaceStudent


def check(grade_id: str, namespace: dict) -> None:
    results = run_checks(assignment_of(grade_id), NamespaceStudent(namespace), [grade_id])
    failed = [r for r in results if r.status != "passed"]
    for r in results:
        print(f"hidden check {r.name}: {r.status}")
    if failed:
        raise AssertionError("\n".join(f"{r.name}: {r.public_message}" for r in failed))
    print(f"{grade_id}: all {len(results)} hidden checks passed.")
