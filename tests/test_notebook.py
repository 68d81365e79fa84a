"""Reading notebooks: graded cells by grade_id (or by their def), setup cells, points, bad files."""
import json

import nbformat
import pytest

from autograder import notebook
from autograder.notebook import NotebookError, graded_cells, read, setup_sources, points_of_test_cells


def cell(source, grade_id=None, solution=False, grade=False, points=None, tags=None):
    meta = {}
    if grade_id:
        meta["nbgrader"] = {"grade_id": grade_id, "solution": solution, "grade": grade,
                            "locked": not solution, "schema_version": 3, "task": False}
        if points is not None:
            meta["nbgrader"]["points"] = points
    if tags:
        meta["tags"] = tags
    return nbformat.v4.new_code_cell(source, metadata=meta)


def make(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    return nb


def test_cells_are_found_by_grade_id_not_position():
    nb = make([
        cell("import numpy as np", "setup_imports", tags=["setup"]),
        cell("def clip(g, m):\n    return 2", "clip", solution=True),
        cell("clip_test(clip)", "test_clip", grade=True, points=3),
        cell("def sample():\n    return 1", "sample", solution=True),
        cell("x = 1"),
    ])
    nb.cells.reverse()
    found = graded_cells(nb, "dinosaur_island")
    assert set(found.sources) == {"clip", "sample"} and not found.warnings
    assert setup_sources(nb) == ["import numpy as np"]
    assert points_of_test_cells(nb) == {"clip": 3.0}


def test_stripped_metadata_falls_back_to_def_with_warning():
    nb = make([cell("import numpy as np\n\ndef optimize(X, Y, a, p, learning_rate=0.01):\n    return 1")])
    found = graded_cells(nb, "dinosaur_island")
    assert "def optimize" in found.sources["optimize"]
    assert found.warnings == ["cell for 'optimize' had no nbgrader metadata; found it by its def"]


def test_def_fallback_works_on_code_that_does_not_parse():
    assert notebook.defined_functions("def model(a):\n    return (") == {"model"}


@pytest.mark.parametrize("content", ["not json at all", json.dumps({"cells": "nope"}), ""])
def test_corrupt_files_raise_notebook_error(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_text(content)
    with pytest.raises(NotebookError, match="broken.ipynb"):
        read(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(NotebookError, match="ghost.ipynb: file not found"):
        read(tmp_path / "ghost.ipynb")
