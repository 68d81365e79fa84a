"""Reading course notebooks: graded cells by grade_id, setup cells, test-cell points.

All lookups go through nbgrader's cell metadata, never cell positions. A submission whose
tool stripped the metadata still has its graded cells found by the `def <name>` they hold.
"""
from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.assignments import GRADED, source_notebook


class NotebookError(ValueError):
    """A file that cannot be read as a notebook."""


@dataclass
class GradedCells:
    """The code of each graded function's cell, and notes on how it was found."""
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read(path: Path | str) -> nbformat.NotebookNode:
    """Read a notebook, raising NotebookError with the reason when it is not one."""
    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise NotebookError(f"{path.name}: file not found") from None
    except Exception as err:  # nbformat raises many kinds on corrupt input
        raise NotebookError(f"{path.name} is not a readable notebook "
                            f"({type(err).__name__}: {str(err)[:200]})") from None
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{path.name} has no list of cells")
    return nb


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def tags(cell) -> list[str]:
    value = cell.get("metadata", {}).get("tags", [])
    return value if isinstance(value, list) else []


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.get("cell_type") == "code"]


def defined_functions(source: str) -> set[str]:
    """Names of the top-level functions a cell defines (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"^def\s+([A-Za-z_]\w*)\s*\(", source, flags=re.M))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def graded_cells(nb, assignment: str) -> GradedCells:
    """Source of each graded function's cell, found by grade_id, else by its `def`."""
    wanted = GRADED[assignment]
    found = GradedCells()
    for cell in code_cells(nb):
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in wanted and nbgrader_meta(cell).get("solution"):
            found.sources.setdefault(grade_id, cell.source)
    for grade_id in wanted:
        if grade_id in found.sources:
            continue
        for cell in code_cells(nb):
            if nbgrader_meta(cell).get("grade_id"):
                continue
            if grade_id in defined_functions(cell.source):
                found.sources[grade_id] = cell.source
                found.warnings.append(
                    f"cell for '{grade_id}' had no nbgrader metadata; found it by its def")
                break
    return found


def setup_sources(nb) -> list[str]:
    """Code of the cells tagged `setup`, in notebook order."""
    return [c.source for c in code_cells(nb) if "setup" in tags(c)]


def points_of_test_cells(nb) -> dict[str, float]:
    """Points of each locked test cell, keyed by the function it tests (test_<fn>)."""
    points = {}
    for cell in code_cells(nb):
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id", "")
        if meta.get("grade") and grade_id.startswith("test_"):
            points[grade_id[len("test_"):]] = float(meta.get("points", 0))
    return points


def solution_namespace(assignment: str) -> dict:
    """Execute the source notebook's setup cells and solutions; return the namespace.

    This is trusted code (the instructor's notebook), used to write expected outputs and to
    run the hidden checks against the solutions.
    """
    nb = read(source_notebook(assignment))
    namespace: dict = {"__name__": f"solution_{assignment}"}
    for source in setup_sources(nb):
        exec(compile(source, f"<{assignment} setup>", "exec"), namespace)
    for grade_id, source in graded_cells(nb, assignment).sources.items():
        exec(compile(source, f"<{assignment} {grade_id}>", "exec"), namespace)
    return namespace
