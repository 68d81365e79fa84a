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
