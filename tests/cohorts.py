"""Mixed batches of submissions for the engine's batch tests (Dask, faults, load).

`mixed_batch` writes, in nbgrader's layout, right and wrong answers (from
`benchmarks/cohort.py`) plus hostile notebooks: a cell that calls `sys.exit`, one that kills
its own process, one that hangs (when `hang=True`), a syntax error, a cell that tries to read
the expected outputs, a function returning something that is not data, a corrupt file and a
student folder without a notebook. `normalized` strips what legitimately differs between two
gradings of the same notebook (timings, the path it was read from).
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.assignments import ASSIGNMENTS, GRADED, release_notebook, source_notebook
from autograder.submissions import solution_sources, with_graded_cells
from benchmarks.cohort import write_cohort
from utils.paths import PROJECT_ROOT


def gradable_assignments() -> list[str]:
    """Assignments with a source notebook, a release, hidden checks and expected outputs."""
    return [a for a in ASSIGNMENTS
            if source_notebook(a).is_file() and release_notebook(a).is_file()
            and (PROJECT_ROOT / "autograder" / "checks" / f"test_{a}.py").is_file()
            and (PROJECT_ROOT / "autograder" / "expected" / f"{a}.npz").is_file()]


def hostile_cells(assignment: str, hang: bool) -> dict[str, str]:
    """{student: source of the first graded function's cell} for the hostile students."""
    first = GRADED[assignment][0]
    solution = solution_sources(assignment)[first]
    expected = PROJECT_ROOT / "autograder" / "expected" / f"{assignment}.npz"
    cells = {
        "hostile_exit": "import sys\nsys.exit(3)\n" + solution,
        "hostile_segfault": "import ctypes\nctypes.string_at(0)\n" + solution,
        "hostile_syntax": f"def {first}(:\n    return\n",
        "hostile_reads_grader": f"open({str(expected)!r}, 'rb').read()\n" + solution,
        "hostile_not_data": f"def {first}(*args, **kwargs):\n    return object()\n",
    }
    if hang:
        cells["hostile_hang"] = "while True:\n    pass\n"
    return cells


def write(nb, root: Path, student: str, assignment: str) -> Path:
    path = root / student / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def mixed_batch(assignment: str, root: Path, n_right_wrong: int = 6, hang: bool = False) -> list[str]:
    """Write a mixed batch under `root`; return the student names it holds."""
    paths = write_cohort(assignment, n_right_wrong, root)
    students = [p.parents[1].name for p in paths]
    first = GRADED[assignment][0]
    for student, source in hostile_cells(assignment, hang).items():
        sources = dict(solution_sources(assignment), **{first: source})
        write(with_graded_cells(assignment, sources), root, student, assignment)
        students.append(student)
    corrupt = root / "hostile_corrupt" / assignment / f"{assignment}.ipynb"
    corrupt.parent.mkdir(parents=True)
    corrupt.write_text('{"cells": [ not json', encoding="utf-8")
    (root / "hostile_missing" / assignment).mkdir(parents=True)
    return students + ["hostile_corrupt", "hostile_missing"]


def normalized(batch) -> dict[str, dict]:
    """{student: result as a dict} without the fields that differ between two gradings."""
    out = {}
    for result in batch.submissions:
        data = result.to_dict()
        data.pop("seconds")
        data.pop("notebook")
        data["sandbox"] = dict(result.sandbox)
        assert result.student not in out, f"{result.student} graded twice"
        out[result.student] = data
    return out
