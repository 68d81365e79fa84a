"""`make grade`'s job: the demo students graded into a gradebook, results and feedback."""
import json

import pytest

from autograder.assignments import GRADED
from autograder.assignments import available_assignments
from autograder.demo import run_demo
from autograder.nbgrader_tools import gradebook_scores

pytestmark = pytest.mark.slow


def test_demo_batch_scores_and_outputs(tmp_path):
    batches = run_demo(root=tmp_path, jobs=2, progress=False)
    assert [b.assignment for b in batches] == available_assignments()
    for batch in batches:
        by_student = {s.student: s for s in batch.submissions}
        assert set(by_student) == {"demo_solution", "demo_blank", "demo_mistakes"}
        full, blank, mistakes = (by_student[n] for n in ("demo_solution", "demo_blank", "demo_mistakes"))
        assert full.score == full.max_score > 0, batch.assignment
        assert blank.score == 0 and all(c.status != "passed" for c in blank.checks)
        assert 0 < mistakes.score < mistakes.max_score, batch.assignment

        db = gradebook_scores(f"sqlite:///{tmp_path / 'gradebook.db'}", batch.assignment)
        for student, result in by_student.items():
            assert sum(db[student].values()) == pytest.approx(result.score)
            assert set(db[student]) == set(GRADED[batch.assignment])
        gradescope = json.loads((tmp_path / "results" / "demo_solution" / batch.assignment / "results.json").read_text())
        assert gradescope["score"] == full.max_score
        html = (tmp_path / "feedback" / "demo_mistakes" / batch.assignment / f"{batch.assignment}.html").read_text()
        assert "failed" in html.lower()
