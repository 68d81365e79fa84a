"""Load: 500 generated submissions graded in one batch lose nothing.

Every submission comes back once, in the batch, the journal, results.json and the gradebook,
and the gradebook's totals equal the JSON's. `rnn_step_by_step` keeps it to about a minute
on two cores.
"""
from __future__ import annotations

import json
import time

import pytest

from autograder.engine.coordinator import grade_batch
from autograder.engine.journal import Journal
from autograder.nbgrader_tools import gradebook_scores
from benchmarks.cohort import write_cohort
from tests.cohorts import gradable_assignments

ASSIGNMENT = "rnn_step_by_step"
N = 500

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(ASSIGNMENT),
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
              pytest.mark.skipif(ASSIGNMENT not in gradable_assignments(),
                                 reason=f"{ASSIGNMENT} is not built yet")]


def test_five_hundred_submissions_in_one_batch(tmp_path):
    paths = write_cohort(ASSIGNMENT, N, tmp_path / "submitted")
    students = sorted(p.parents[1].name for p in paths)
    results, gradebook = tmp_path / "results", f"sqlite:///{tmp_path / 'gradebook.db'}"
    started = time.monotonic()
    batch = grade_batch(tmp_path / "submitted", ASSIGNMENT, jobs=2, progress=False,
                        gradebook=gradebook, results=results, feedback=tmp_path / "feedback")
    seconds = time.monotonic() - started

    assert sorted(r.student for r in batch.submissions) == students
    assert not [r.student for r in batch.submissions if r.errors], "a generated submission errored"
    keys = Journal(results).keys(ASSIGNMENT)
    assert sorted(keys) == students and all(len(k) == 1 for k in keys.values())
    scores = gradebook_scores(gradebook, ASSIGNMENT)
    assert sorted(scores) == students
    by_student = {r.student: r for r in batch.submissions}
    for student in students:
        data = json.loads((results / student / ASSIGNMENT / "results.json").read_text())
        assert sum(scores[student].values()) == pytest.approx(data["score"])
        assert data["score"] == pytest.approx(by_student[student].score)
        assert (tmp_path / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    totals = {r.score for r in batch.submissions}
    assert len(totals) > 2, "the cohort should mix right and wrong answers"
    print(f"{N} submissions of {ASSIGNMENT} in {seconds:.1f} s ({seconds / N:.3f} s each)")
