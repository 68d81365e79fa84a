"""Building submissions from the release notebook: the full solution, the untouched stub,
and versions with known mistakes. Used by `make grade`'s demo batch and by the tests.

A built submission is the released notebook with some graded cells' code replaced, exactly
what a student's saved notebook looks like (locked cells, metadata and checksums intact).
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from autograder.assignments import GRADED, release_notebook, source_notebook
from autograder.notebook import code_cells, graded_cells, nbgrader_meta, read
from utils.paths import PROJECT_ROOT

MUTANTS_DIR = PROJECT_ROOT / "tests" / "mutants"
_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", flags=re.M)


def strip_markers(source: str) -> str:
    return _MARKERS.sub("", source)


def with_graded_cells(assignment: str, replacements: dict[str, str]):
    """The release notebook with the graded cells in `replacements` rewritten."""
    nb = copy.deepcopy(read(release_notebook(assignment)))
    for cell in code_cells(nb):
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in replacements and nbgrader_meta(cell).get("solution"):
            cell.source = replacements[grade_id]
    return nb


def solution_sources(assignment: str) -> dict[str, str]:
    found = graded_cells(read(source_notebook(assignment)), assignment)
    return {g: strip_markers(s) for g, s in found.sources.items()}


def mutant_files(assignment: str) -> list[Path]:
    return sorted((MUTANTS_DIR / assignment).glob("*__*.py"))


def mutant_source(path: Path) -> str:
    """A mutant file as a student's cell: its function definitions and imports only."""
    return path.read_text(encoding="utf-8")


def full_solution(assignment: str):
    return with_graded_cells(assignment, solution_sources(assignment))


def blank(assignment: str):
    return with_graded_cells(assignment, {})


def typical_mistakes(assignment: str):
    """The solution with one known mistake in every other graded function."""
    sources = solution_sources(assignment)
    for grade_id in GRADED[assignment][::2]:
        candidates = [p for p in mutant_files(assignment) if p.name.startswith(grade_id + "__")]
        if candidates:
            sources[grade_id] = mutant_source(candidates[0])
    return with_graded_cells(assignment, sources)


DEMO_STUDENTS = {
    "demo_solution": full_solution,
    "demo_blank": blank,
    "demo_mistakes": typical_mistakes,
}


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def build_demo(submitted: Path, assignments) -> list[Path]:
    """Write the demo students' notebooks in nbgrader's layout submitted/<student>/<id>/<id>.ipynb."""
    paths = []
    for assignment in assignments:
        for student, make in DEMO_STUDENTS.items():
            paths.append(write(make(assignment), submitted / student / assignment / f"{assignment}.ipynb"))
    return paths
