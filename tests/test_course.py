"""The course as nbgrader sees it, one assignment at a time:

* `release/` is exactly what `nbgrader generate_assignment` makes from `source/`;
* under plain `nbgrader autograde` (hidden checks applied in the kernel), the full solution
  scores full marks and runs top to bottom without an error (slow cells included), and the
  untouched release scores 0 on every graded cell: each test cell fails because its function
  is not implemented, and no other cell fails before a stub has been hit (later demo cells
  may then miss a result that a stub never produced; the solution run proves that nothing
  else is missing).
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import GRADED, release_notebook
from autograder.nbgrader_tools import (autograde, generate_release, gradebook_scores,
                                       prepare_course)
from autograder.notebook import read, points_of_test_cells
from autograder.submissions import blank, full_solution, write
from tests.conftest import per_assignment

pytestmark = pytest.mark.slow


def error_outputs(path: Path) -> list[tuple[int, str, str, bool]]:
    """(cell index, exception name, message, is a graded test cell) of every error output."""
    nb = nbformat.read(str(path), as_version=4)
    errors = []
    for index, cell in enumerate(nb.cells):
        is_test = bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((index, output.get("ename", ""), output.get("evalue", "")[:200], is_test))
    return errors


@pytest.mark.parametrize("assignment", per_assignment())
def test_nbgrader_round_trip(assignment, tmp_path):
    db_url = f"sqlite:///{tmp_path}/gradebook.db"
    prepare_course(tmp_path, [assignment])

    released = generate_release(assignment, tmp_path, db_url)
    committed = release_notebook(assignment)
    assert committed.is_file(), f"{committed} is missing: run `make release`"
    if released.read_text() != committed.read_text():
        diff = difflib.unified_diff(committed.read_text().splitlines(), released.read_text().splitlines(),
                                    "committed", "regenerated", lineterm="", n=1)
        pytest.fail("release/ differs from what source/ generates (run `make release`):\n"
                    + "\n".join(list(diff)[:40]))

    submitted = tmp_path / "submitted"
    write(full_solution(assignment), submitted / "solution" / assignment / f"{assignment}.ipynb")
    write(blank(assignment), submitted / "blank" / assignment / f"{assignment}.ipynb")
    autograde(assignment, tmp_path, db_url)

    points = points_of_test_cells(read(released))
    scores = gradebook_scores(db_url, assignment)
    assert scores["solution"] == points, f"solution scored {scores['solution']}, max {points}"
    assert all(score == 0 for score in scores["blank"].values()) and set(scores["blank"]) == set(GRADED[assignment])

    graded = tmp_path / "autograded"
    solution_errors = error_outputs(graded / "solution" / assignment / f"{assignment}.ipynb")
    assert solution_errors == [], f"the solution notebook raised: {solution_errors}"
    blank_errors = error_outputs(graded / "blank" / assignment / f"{assignment}.ipynb")
    stub = lambda e: e[1] == "NotImplementedError" or "not implemented" in e[2].lower()
    wrong_tests = [e for e in blank_errors if e[3] and not stub(e)]
    assert wrong_tests == [], f"test cells of the blank release fail for another reason: {wrong_tests}"
    first_stub = min((e[0] for e in blank_errors if stub(e)), default=None)
    early = [e for e in blank_errors if first_stub is None or e[0] < first_stub]
    assert early == [], f"the blank release fails before any stub is reached: {early}"
    failed_tests = {e[0] for e in blank_errors if e[3]}
    assert len(failed_tests) == len(GRADED[assignment]), "every test cell of the blank release must fail"
