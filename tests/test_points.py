"""Points in each locked test cell equal the sum of that function's hidden checks."""
import pytest

from autograder.assignments import GRADED, source_notebook
from autograder.notebook import graded_cells, read, points_of_test_cells
from autograder.runner import collect, points_by_grade_id
from tests.conftest import available_assignments


@pytest.mark.parametrize("assignment", available_assignments())
def points_of_test_cells_equal_hidden_points(assignment):
    cells = points_of_test_cells(read(source_notebook(assignment)))
    hidden = points_by_grade_id(assignment)
    assert cells == hidden, f"test-cell points {cells} differ from hidden-check points {hidden}"


@pytest.mark.parametrize("assignment", available_assignments())
def test_every_graded_function_has_a_cell_and_checks(assignment):
    nb = read(source_notebook(assignment))
    found = graded_cells(nb, assignment)
    assert set(found.sources) == set(GRADED[assignment]) and not found.warnings
    assert all(points > 0 for points in points_by_grade_id(assignment).values())


@pytest.mark.parametrize("assignment", available_assignments())
def test_hidden_check_names_follow_convention(assignment):
    for spec in collect(assignment):
        assert spec.name.startswith(f"test_{spec.grade_id}_"), spec.name


@pytest.mark.parametrize("assignment", available_assignments())
def test_test_cells_call_visible_and_hidden_checks(assignment):
    nb = read(source_notebook(assignment))
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id", "").startswith("test_"):
            fn = meta["grade_id"][len("test_"):]
            assert f"{fn}_test({fn})" in cell.source
            assert "### BEGIN HIDDEN TESTS" in cell.source
            assert f'autograder.check("{fn}", globals())' in cell.source
            assert meta.get("locked") is True
