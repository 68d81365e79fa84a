"""The results journal: keys follow content, writes are atomic, damaged entries are ignored."""
from __future__ import annotations

import json

import pytest

from autograder.engine import journal
from autograder.engine.journal import Journal, content_key, safe_name


def test_key_follows_content_and_assignment(tmp_path):
    a = tmp_path / "a.ipynb"
    b = tmp_path / "b.ipynb"
    a.write_text("{}")
    b.write_text("{}")
    assert content_key(a, "rnn_step_by_step") == content_key(b, "rnn_step_by_step")
    assert content_key(a, "rnn_step_by_step") != content_key(a, "dinosaur_island")
    b.write_text("{ }")
    assert content_key(a, "rnn_step_by_step") != content_key(b, "rnn_step_by_step")


def test_key_changes_with_the_grader(tmp_path, monkeypatch):
    notebook = tmp_path / "n.ipynb"
    notebook.write_text("{}")
    before = content_key(notebook, "rnn_step_by_step")
    check = tmp_path / "test_rnn_step_by_step.py"
    check.write_text("def test_x(): pass\n")
    monkeypatch.setattr(journal, "_grader_files", lambda assignment: [check])
    journal.grader_fingerprint.cache_clear()
    try:
        assert content_key(notebook, "rnn_step_by_step") != before
    finally:
        journal.grader_fingerprint.cache_clear()


def test_put_get_replace(tmp_path):
    store = Journal(tmp_path)
    assert store.get("rnn_step_by_step", "alice", "k1") is None
    store.put("rnn_step_by_step", "alice", "k1", {"score": 1})
    store.put("rnn_step_by_step", "alice", "k1", {"score": 2})
    assert store.get("rnn_step_by_step", "alice", "k1") == {"score": 2}
    assert store.keys("rnn_step_by_step") == {"alice": {"k1"}}
    folder = store.path("rnn_step_by_step", "alice", "k1").parent
    assert [p.name for p in folder.iterdir()] == ["k1.json"]      # no temporary file left


def test_damaged_entry_counts_as_missing(tmp_path):
    store = Journal(tmp_path)
    path = store.put("rnn_step_by_step", "bob", "k2", {"score": 1})
    path.write_text('{"key": "k2", "res')
    assert store.get("rnn_step_by_step", "bob", "k2") is None
    path.write_text(json.dumps({"key": "other", "result": {}}))
    assert store.get("rnn_step_by_step", "bob", "k2") is None


@pytest.mark.parametrize("name", ["../etc", "a/b", ".hidden", "", "x" * 300])
def test_student_ids_stay_inside_the_journal(tmp_path, name):
    store = Journal(tmp_path)
    path = store.put("rnn_step_by_step", name, "k", {})
    assert path.resolve().is_relative_to(store.root.resolve())
    assert "/" not in safe_name(name) and not safe_name(name).startswith(".")


def _result(student, score):
    from autograder.engine.results import CellScore, SubmissionResult
    from autograder.runner import CheckResult

    return SubmissionResult(student=student, assignment="rnn_step_by_step", notebook="x",
                            score=score, cells={"rnn_forward": CellScore(score, 7.0)},
                            checks=[CheckResult("test_rnn_forward_values", "rnn_forward", score,
                                                7.0, "passed" if score else "failed", "m")],
                            sandbox={"separate_process": True})


def test_resume_grades_only_what_is_missing(tmp_path):
    items = []
    for student in ("ann", "ben", "cal"):
        path = tmp_path / "sub" / student / "rnn_step_by_step" / "rnn_step_by_step.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(student)
        items.append((student, path))
    graded = []

    def run(todo, options):
        for position, (student, _) in enumerate(todo):
            graded.append(student)
            yield position, _result(student, 7.0)

    first = dict(journal.resume(items[:2], "rnn_step_by_step", tmp_path / "res", [None] * 2, run))
    assert graded == ["ann", "ben"] and sorted(first) == [0, 1]
    again = dict(journal.resume(items, "rnn_step_by_step", tmp_path / "res", [None] * 3, run))
    assert graded == ["ann", "ben", "cal"]
    assert sorted(again) == [0, 1, 2]
    assert journal.record(again[0]) == journal.record(first[0]) | {"notebook": str(items[0][1])}
    items[0][1].write_text("ann, resubmitted")
    dict(journal.resume(items, "rnn_step_by_step", tmp_path / "res", [None] * 3, run))
    assert graded == ["ann", "ben", "cal", "ann"]


def test_grader_failures_are_retried_then_not_recorded(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text("{}")
    failed = _result("dan", 0.0)
    failed.errors.append("the grader failed on this submission: RuntimeError: boom")
    runs = []

    def run(todo, options):
        runs.append(len(todo))
        yield 0, failed

    for _ in range(2):
        out = list(journal.resume([("dan", path)], "rnn_step_by_step", tmp_path, [None], run))
        assert [i for i, _ in out] == [0]           # reported once per batch
    assert runs == [1, 1, 1, 1]                     # one retry per batch, nothing recorded
    fine = _result("dan", 7.0)
    answers = iter([failed, fine])

    def flaky(todo, options):
        yield 0, next(answers)

    out = list(journal.resume([("dan", path)], "rnn_step_by_step", tmp_path, [None], flaky))
    assert [r.score for _, r in out] == [7.0]
    assert Journal(tmp_path).keys("rnn_step_by_step") == {"dan": {content_key(path, "rnn_step_by_step")}}


@pytest.mark.parametrize("relative", [
    "autograder/probes/rnn_step_by_step.py", "utils/public_tests/rnn_step_by_step.py",
    "utils/testing.py", "autograder/runner.py", "autograder/student.py", "autograder/wire.py",
    "autograder/checks/test_rnn_step_by_step.py", "autograder/cases/rnn_step_by_step.py"])
def test_fingerprint_covers_every_grader_file(tmp_path, monkeypatch, relative):
    """A fixed probe, visible-check helper, runner or wire layer regrades the submissions."""
    monkeypatch.setattr(journal, "PROJECT_ROOT", tmp_path)
    target = tmp_path / relative
    target.parent.mkdir(parents=True)
    target.write_text("# version 1\n")
    journal.grader_fingerprint.cache_clear()
    try:
        before = journal.grader_fingerprint("rnn_step_by_step")
        target.write_text("# version 2\n")
        journal.grader_fingerprint.cache_clear()
        assert journal.grader_fingerprint("rnn_step_by_step") != before
    finally:
        journal.grader_fingerprint.cache_clear()


def test_key_follows_the_options_that_change_results(tmp_path):
    from autograder.engine.coordinator import GradeOptions

    path = tmp_path / "n.ipynb"
    path.write_text("{}")
    key = lambda **kw: content_key(path, "rnn_step_by_step", GradeOptions(**kw))
    assert key(timeout=30) != key(timeout=120)
    assert key(memory=1 << 30) != key()
    assert key(processes=64) != key()
    assert key(student="ann") == key(student="ben") == key()   # the name is not a result input


def test_rerun_with_a_longer_timeout_grades_again(tmp_path):
    from autograder.engine.coordinator import GradeOptions

    path = tmp_path / "n.ipynb"
    path.write_text("{}")
    runs = []

    def run(todo, options):
        runs.append(options[0].timeout)
        yield 0, _result("eve", 1.0)

    for timeout in (30, 30, 120, 120):
        list(journal.resume([("eve", path)], "rnn_step_by_step", tmp_path, [GradeOptions(timeout=timeout)], run))
    assert runs == [30, 120]
