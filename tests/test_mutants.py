"""Every known mistake (tests/mutants/<assignment>/<function>__<mistake>.py) must be caught
by the visible check or the hidden checks of its function, with a message naming it.

Run `python -m tests.test_mutants` to print the mutant table (mutant, check, message).
"""
from __future__ import annotations

import contextlib
import importlib
import io
import re
import sys
from pathlib import Path

import pytest

from autograder.runner import run_checks
from autograder.student import NamespaceStudent
from autograder.submissions import mutant_files
from tests.conftest import available_assignments, cached_solution_namespace


def mutant_params():
    return [pytest.param(a, p, id=f"{a}/{p.stem}", marks=pytest.mark.xdist_group(a))
            for a in available_assignments() for p in mutant_files(a)]


def expect_of(path: Path) -> str:
    match = re.search(r'^EXPECT\s*=\s*["\'](.+?)["\']\s*$', path.read_text(encoding="utf-8"), re.M)
    if not match:
        raise AssertionError(f"{path.name} has no EXPECT = '<substring>' line")
    return match[1].lower()


def failures_for(assignment: str, path: Path) -> list[tuple[str, str]]:
    """(check, message) for every check that fails on the mutant."""
    grade_id = path.stem.split("__")[0]
    namespace = dict(cached_solution_namespace(assignment))
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    found = []
    visible = getattr(importlib.import_module(f"utils.public_tests.{assignment}"), f"{grade_id}_test")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            visible(namespace[grade_id])
    except Exception as err:
        found.append((f"visible {grade_id}_test", f"{type(err).__name__}: {err}"))
    for result in run_checks(assignment, NamespaceStudent(namespace), [grade_id]):
        if result.status != "passed":
            found.append((f"hidden {result.name}", result.message))
    return found


@pytest.mark.parametrize("assignment,path", mutant_params())
def test_mutant_is_caught(assignment, path):
    expect = expect_of(path)
    found = failures_for(assignment, path)
    assert found, f"mutant {path.name} passes every check of its function"
    assert any(expect in message.lower() for _, message in found), (
        f"mutant {path.name} was caught, but no message mentions '{expect}':\n"
        + "\n".join(f"  {check}: {message}" for check, message in found))


@pytest.mark.parametrize("assignment", available_assignments())
def test_at_least_three_mutants_per_function(assignment):
    from autograder.assignments import GRADED

    counts = {g: 0 for g in GRADED[assignment]}
    for path in mutant_files(assignment):
        counts[path.stem.split("__")[0]] += 1
    short = {g: n for g, n in counts.items() if n < 3}
    assert not short, f"graded functions with fewer than three mutants: {short}"


def main() -> int:
    print("| mutant | caught by | message |")
    print("| --- | --- | --- |")
    for assignment in available_assignments():
        for path in mutant_files(assignment):
            found = failures_for(assignment, path)
            expect = expect_of(path)
            hit = next(((c, m) for c, m in found if expect in m.lower()), found[0] if found else ("NOT CAUGHT", ""))
            message = hit[1].replace("|", "/").replace("\n", " ")[:160]
            print(f"| {assignment}/{path.stem} | {hit[0]} | {message} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
