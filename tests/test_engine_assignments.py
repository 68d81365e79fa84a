"""Every assignment through the sandboxed engine: the full solution scores full marks, the
released stubs score zero without a single crash, and the typical mistakes land in between.

The template process imports TensorFlow for jazz_lstm, not this test process.
"""
from __future__ import annotations

import pytest

from autograder.assignments import release_notebook
from tests.conftest import per_assignment


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """assignment -> {student: SubmissionResult}, graded once per assignment."""
    from autograder.engine import grade_batch
    from autograder.submissions import DEMO_STUDENTS, write

    cache = {}

    def grade(assignment):
        if assignment not in cache:
            root = tmp_path_factory.mktemp(assignment)
            for student, make in DEMO_STUDENTS.items():
                write(make(assignment), root / student / assignment / f"{assignment}.ipynb")
            batch = grade_batch(root, assignment, jobs=2, timeout=120, progress=False)
            cache[assignment] = {s.student: s for s in batch.submissions}
        return cache[assignment]
    return grade


@pytest.mark.slow
@pytest.mark.parametrize("assignment", per_assignment())
def test_solution_stub_and_mistakes(graded, assignment):
    if not release_notebook(assignment).is_file():
        pytest.skip(f"release/{assignment} not generated yet")
    results = graded(assignment)
    solution, stub = results["demo_solution"], results["demo_blank"]
    assert solution.score == solution.max_score > 0, [
        (c.name, c.message) for c in solution.checks if c.status != "passed"]
    assert not solution.errors
    assert stub.score == 0 and not stub.errors
    assert all("not implemented" in c.message for c in stub.checks if c.status == "error")
    assert 0 < results["demo_mistakes"].score < solution.max_score
    assert all(solution.sandbox.values()) or solution.sandbox_notes
