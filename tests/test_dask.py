"""`--scheduler`: a Dask cluster grades a batch exactly as the local pool does.

A `LocalCluster` of two worker processes (one thread each) stands in for a real cluster.
Each Dask worker runs `grade_one` with its own template process and sandboxed workers; the
calling process alone writes the gradebook, results.json and feedback.
"""
from __future__ import annotations

import logging

import pytest

from autograder.engine.coordinator import grade_batch
from autograder.nbgrader_tools import gradebook_scores
from tests.cohorts import gradable_assignments, mixed_batch, normalized

distributed = pytest.importorskip("distributed")

NUMPY = ("rnn_step_by_step", "dinosaur_island")
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


def assignments():
    return [pytest.param(a, id=a, marks=[pytest.mark.xdist_group(a)]
                         + ([] if a in NUMPY else [pytest.mark.slow]))
            for a in gradable_assignments()]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as local:
        yield local


@pytest.mark.parametrize("assignment", assignments())
def test_cluster_results_equal_local_pool(cluster, assignment, tmp_path):
    hang = assignment == "rnn_step_by_step"         # its calls take milliseconds
    timeout = 6.0 if hang else 30.0
    students = mixed_batch(assignment, tmp_path / "submitted", hang=hang)
    local = grade_batch(tmp_path / "submitted", assignment, jobs=2, timeout=timeout,
                        progress=False)
    remote = grade_batch(tmp_path / "submitted", assignment, timeout=timeout, progress=False,
                         scheduler=cluster.scheduler_address,
                         gradebook=f"sqlite:///{tmp_path / 'gradebook.db'}",
                         results=tmp_path / "results", feedback=tmp_path / "feedback")
    expected, got = normalized(local), normalized(remote)
    assert sorted(got) == sorted(students)
    for student in students:
        assert got[student] == expected[student], f"{student}: cluster and local pool differ"
    assert any(r.score == r.max_score > 0 for r in remote.submissions)
    assert any(r.errors for r in remote.submissions)
    # The coordinator wrote every result, once.
    scores = gradebook_scores(f"sqlite:///{tmp_path / 'gradebook.db'}", assignment)
    assert sorted(scores) == sorted(students)
    for result in remote.submissions:
        assert sum(scores[result.student].values()) == pytest.approx(result.score)
        assert (tmp_path / "results" / result.student / assignment / "results.json").is_file()


def test_unreachable_scheduler_is_named(tmp_path):
    from autograder.engine.dask_backend import SchedulerUnreachable, run_on_cluster

    with pytest.raises(SchedulerUnreachable, match="tcp://127.0.0.1:9"):
        next(run_on_cluster("tcp://127.0.0.1:9", [("ann", tmp_path / "x.ipynb")],
                            "rnn_step_by_step", [None], timeout=1))
