"""The grading engine end to end on small rnn_step_by_step submissions.

One module-scoped batch grades four students (full solution, blank stubs, typical mistakes,
and a student folder without a notebook) through the CLI with JSON output, a gradebook,
Gradescope results and feedback; the tests then read what it wrote. Smaller tests cover
discovery, the score table, rendering and isolation between forked workers.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import GRADED, source_notebook
from utils.paths import PROJECT_ROOT

ASSIGNMENT = "rnn_step_by_step"
pytestmark = [pytest.mark.xdist_group("engine"),
              pytest.mark.skipif(not source_notebook(ASSIGNMENT).is_file(),
                                 reason="rnn_step_by_step source notebook not present")]


def _write(nb, root: Path, student: str) -> Path:
    path = root / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def _run_cli(*args, cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    from autograder.submissions import blank, full_solution, typical_mistakes

    root = tmp_path_factory.mktemp("engine")
    submitted = root / "submitted"
    _write(full_solution(ASSIGNMENT), submitted, "alice")
    _write(blank(ASSIGNMENT), submitted, "bob")
    _write(typical_mistakes(ASSIGNMENT), submitted, "carol")
    (submitted / "dave" / ASSIGNMENT).mkdir(parents=True)       # a folder, no notebook
    return root


@pytest.fixture(scope="module")
def cli_run(cohort):
    proc = _run_cli(cohort / "submitted", "--assignment", ASSIGNMENT, "--jobs", "2",
                    "--format", "json", "--gradebook", cohort / "gradebook.db",
                    "--results", cohort / "results", "--feedback", cohort / "feedback",
                    "--timeout", "10", cwd=cohort)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.mark.slow
def test_json_output_is_one_document_with_the_contract(cli_run):
    doc = json.loads(cli_run.stdout)
    assert doc["assignment"] == ASSIGNMENT
    assert all(type(v) is bool for v in doc["sandbox"].values()) and doc["sandbox"]
    students = [s["student"] for s in doc["submissions"]]
    assert students == ["alice", "bob", "carol", "dave"]
    for sub in doc["submissions"]:
        assert set(sub) >= {"student", "score", "max_score", "cells", "checks", "errors"}
        assert list(sub["cells"]) == list(GRADED[ASSIGNMENT])
        assert sub["score"] == sum(c["score"] for c in sub["cells"].values())
        for check in sub["checks"]:
            assert set(check) == {"name", "grade_id", "score", "max_score", "status", "message",
                                  "public_message"}
            assert check["status"] in ("passed", "failed", "error")


@pytest.mark.slow
def test_scores_of_the_cohort(cli_run):
    subs = {s["student"]: s for s in json.loads(cli_run.stdout)["submissions"]}
    assert subs["alice"]["score"] == subs["alice"]["max_score"] > 0
    assert not subs["alice"]["errors"]
    assert subs["bob"]["score"] == 0
    assert all("not implemented" in c["message"] for c in subs["bob"]["checks"]
               if c["status"] == "error")
    assert 0 < subs["carol"]["score"] < subs["carol"]["max_score"]
    assert subs["dave"]["score"] == 0 and subs["dave"]["errors"]


@pytest.mark.slow
def test_progress_and_sandbox_report_go_to_stderr(cli_run):
    assert "grading rnn_step_by_step" in cli_run.stderr


@pytest.mark.slow
def test_gradebook_has_the_engine_scores_and_rerun_is_idempotent(cohort, cli_run):
    from nbgrader.api import Gradebook

    def snapshot():
        with Gradebook(f"sqlite:///{cohort / 'gradebook.db'}", "sequence-models-week1") as gb:
            subs = gb.assignment_submissions(ASSIGNMENT)
            return sorted((s.student_id, s.score, s.max_score) for s in subs)

    first = snapshot()
    doc = json.loads(cli_run.stdout)
    assert first == sorted((s["student"], s["score"], s["max_score"]) for s in doc["submissions"])
    again = _run_cli(cohort / "submitted", "--assignment", ASSIGNMENT, "--jobs", "2",
                     "--format", "json", "--gradebook", cohort / "gradebook.db",
                     "--timeout", "10", "--no-progress", cwd=cohort)
    assert again.returncode == 0, again.stderr[-2000:]
    assert snapshot() == first
    scores = lambda d: [(s["student"], s["score"], s["sha256"]) for s in d["submissions"]]
    assert scores(json.loads(again.stdout)) == scores(doc)


@pytest.mark.slow
def test_gradescope_results(cohort, cli_run):
    data = json.loads((cohort / "results" / "carol" / ASSIGNMENT / "results.json").read_text())
    assert set(data) >= {"score", "max_score", "tests"}
    assert data["score"] == sum(t["score"] for t in data["tests"])
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")


@pytest.mark.slow
def test_feedback_lists_every_check_without_hidden_code(cohort, cli_run):
    html = (cohort / "feedback" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    doc = json.loads(cli_run.stdout)
    carol = next(s for s in doc["submissions"] if s["student"] == "carol")
    from html import escape

    for check in carol["checks"]:
        assert check["name"] in html
        if check["status"] == "failed":          # the public message, never the full one
            assert escape(check["public_message"]) in html
            assert check["message"] == check["public_message"] or escape(check["message"]) not in html
    gradescope = json.loads((cohort / "results" / "carol" / ASSIGNMENT / "results.json").read_text())
    assert [t["output"] for t in gradescope["tests"] if t["status"] == "failed"] == [
        c["public_message"] for c in carol["checks"] if c["status"] != "passed"]
    checks_source = (PROJECT_ROOT / "autograder" / "checks" / f"test_{ASSIGNMENT}.py").read_text()
    assert "@pytest.mark" not in html and checks_source[:200] not in html


def test_discover_reads_nbgrader_layout_and_single_files(tmp_path):
    from autograder.engine.coordinator import discover

    one = tmp_path / "x.ipynb"
    one.write_text("{}")
    assert discover(one, ASSIGNMENT) == [("x", one)]
    nested = tmp_path / "sub" / "erin" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nested.parent.mkdir(parents=True)
    nested.write_text("{}")
    (tmp_path / "sub" / "frank" / ASSIGNMENT).mkdir(parents=True)
    assert discover(tmp_path / "sub", ASSIGNMENT) == [
        ("erin", nested), ("frank", tmp_path / "sub" / "frank" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")]
    assert discover(nested, ASSIGNMENT) == [("erin", nested)]


def test_render_table_and_results_round_trip():
    from autograder.engine.results import BatchResult, SubmissionResult, render_table
    from autograder.runner import CheckResult

    sub = SubmissionResult("zoe", ASSIGNMENT, "z.ipynb")
    sub.checks = [CheckResult("test_a", "rnn_forward", 2.0, 2.0, "passed"),
                  CheckResult("test_b", "rnn_forward", 0.0, 1.0, "failed", "no")]
    sub.tally({"rnn_forward": 3.0, "lstm_forward": 4.0})
    assert (sub.score, sub.max_score, sub.failures) == (2.0, 7.0, 1)
    batch = BatchResult(ASSIGNMENT, [sub])
    table = render_table(batch)
    assert "zoe" in table and "2/7" in table and "rnn_forward" in table
    json.dumps(batch.to_dict())


def test_feedback_escapes_submission_text():
    from autograder.engine.feedback import render
    from autograder.engine.results import SubmissionResult
    from autograder.runner import CheckResult

    sub = SubmissionResult("<b>eve</b>", ASSIGNMENT, "e.ipynb",
                           errors=["rnn_forward raised ValueError: <script>alert(1)</script>"])
    sub.checks = [CheckResult("test_a", "rnn_forward", 0.0, 1.0, "error", "<img src=x onerror=1>")]
    sub.tally({"rnn_forward": 1.0})
    html = render(sub)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


def _failed_check(raise_it):
    from autograder.runner import CheckSpec, run_check

    def test_values_of_something():
        raise_it()
    return run_check(CheckSpec("test_values_of_something", "rnn_forward", 1.0,
                               test_values_of_something), {})


def test_public_message_never_quotes_the_expected_value():
    import numpy as np

    from utils.testing import check_close, fail

    got = np.array([[0.5, 0.25], [0.125, 0.00136735]])
    want = np.array([[0.5, 0.25], [0.125, 0.86156952]])
    result = _failed_check(lambda: check_close("ft", got, want, hint="the forget gate"))
    assert "0.86156952" in result.message and "0.00136735" in result.message
    assert "0.8616" not in result.public_message and "0.86156952" not in result.public_message
    assert result.public_message.startswith("values of ft")
    assert "index (1, 1)" in result.public_message and "the forget gate" in result.public_message
    hidden = _failed_check(lambda: fail("last_dino_name", "'gioewivewqgefiomwgeviw\n'", "'x'",
                                        "keep the last name", public_got=None))
    assert "gioewiv" in hidden.message and "gioewiv" not in hidden.public_message
    assert hidden.public_message.startswith("last_dino_name") and "keep the last name" in hidden.public_message


def test_unstructured_failures_get_a_generic_public_message():
    from utils.testing import CheckFailed

    def bare():
        assert False, "expected 'topepeops', got 'x'"

    def message_only():
        raise CheckFailed("values: expected [1.5, -2.25], got []")

    for raise_it in (bare, message_only):
        result = _failed_check(raise_it)
        assert result.status == "failed" and "expected" in result.message
        assert "topepeops" not in result.public_message and "1.5" not in result.public_message
        assert "test_values_of_something" in result.public_message


def test_student_facing_outputs_use_the_public_message(tmp_path):
    from autograder.engine import feedback, gradescope
    from autograder.engine.results import SubmissionResult
    from autograder.runner import CheckResult

    sub = SubmissionResult("zoe", ASSIGNMENT, "z.ipynb")
    sub.checks = [CheckResult("test_b", "rnn_forward", 0.0, 1.0, "failed",
                              "values of y: expected 0.123456789, got 2.", "values of y: got 2.")]
    sub.tally({"rnn_forward": 1.0})
    html = feedback.render(sub)
    tests = gradescope.results_json(sub)["tests"]
    assert "values of y: got 2." in html and "0.123456789" not in html
    assert tests[0]["output"] == "values of y: got 2."
    assert "0.123456789" in json.dumps(sub.to_dict())          # the instructor's JSON keeps it
    path = gradescope.write(sub, tmp_path)
    assert path == tmp_path / "zoe" / ASSIGNMENT / "results.json"


def test_a_failed_write_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    """A locked gradebook or an unwritable feedback folder costs only that write."""
    import sqlalchemy.exc

    from autograder.engine import coordinator, gradebook
    from autograder.engine.results import SubmissionResult

    students = ["ann", "ben", "cal"]
    paths = []
    for student in students:
        path = tmp_path / "sub" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(student)
        paths.append(path)

    def fake_run(items, assignment, task_options, jobs):
        for index, (student, path) in enumerate(items):
            result = SubmissionResult(student, assignment, str(path))
            result.tally({g: 1.0 for g in GRADED[assignment]})
            yield index, result

    written = []

    class LockedForAnn:
        def __init__(self, *args):
            pass

        def write(self, result):
            if result.student == "ann":
                raise sqlalchemy.exc.OperationalError("UPDATE grade", {}, Exception("database is locked"))
            written.append(result.student)

        def close(self):
            pass

    monkeypatch.setattr(coordinator, "_run_locally", fake_run)
    monkeypatch.setattr(gradebook, "GradebookWriter", LockedForAnn)
    blocker = tmp_path / "feedback"
    blocker.write_text("a file where the feedback folder should be")
    batch = coordinator.grade_batch(paths, ASSIGNMENT, gradebook="sqlite:///unused.db",
                                    results=tmp_path / "results", feedback=blocker, progress=False)
    assert [r.student for r in batch.submissions] == students
    assert written == ["ben", "cal"]
    by = {r.student: r for r in batch.submissions}
    assert any("gradebook" in e and "database is locked" in e for e in by["ann"].errors)
    for student in students:
        assert any(e.startswith("could not write the feedback") for e in by[student].errors)
        assert (tmp_path / "results" / student / ASSIGNMENT / "results.json").is_file()
    err = capsys.readouterr().err
    assert "database is locked" in err and err.count("could not write the feedback") == 3


@pytest.mark.slow
def test_forked_workers_do_not_share_state():
    """A submission that changes module state leaves nothing for the next one to see."""
    from autograder.engine import channel, sandbox

    zygote = channel.zygote_for(ASSIGNMENT, ["numpy"])
    limits = sandbox.Limits(cpu_seconds=10, address_space=1 << 30)
    writer = channel.Session(zygote, ["import numpy as np"],
                             [("f", "np.LEAK = 42\nimport os\nos.environ['LEAK'] = '1'\n"
                                    "def f():\n    return np.LEAK\n")], limits, 10.0)
    reader = channel.Session(zygote, ["import numpy as np"],
                             [("f", "def f():\n    import os\n"
                                    "    return [getattr(np, 'LEAK', None), os.environ.get('LEAK'),"
                                    " sorted(os.listdir('/proc/self/fd'))]\n")], limits, 10.0)
    try:
        assert channel.SandboxStudent(writer).call("f") == 42
        leak, env, fds = channel.SandboxStudent(reader).call("f")
        assert leak is None and env is None
        assert len(fds) <= 6, fds             # stdio, the channel and few others
    finally:
        writer.close()
        reader.close()


@pytest.mark.slow
def test_warm_worker_starts_fast():
    """Forking a confined worker from the warm template costs well under half a second."""
    import time

    from autograder.engine import channel, sandbox

    zygote = channel.zygote_for(ASSIGNMENT, ["numpy"])
    limits = sandbox.Limits(cpu_seconds=10, address_space=1 << 30)
    warm = channel.Session(zygote, [], [], limits, 10.0)
    warm.ensure_worker()
    warm.close()
    times = []
    for _ in range(3):                      # the best of three, on a shared machine
        started = time.monotonic()
        session = channel.Session(zygote, ["import numpy as np"], [], limits, 10.0)
        session.ensure_worker()
        times.append(time.monotonic() - started)
        session.close()
    elapsed = min(times)
    assert elapsed < 0.5, elapsed


def test_sandbox_measures_are_reported_by_name():
    from autograder.engine import sandbox

    conf = sandbox.Confinement()
    assert set(conf.enforced) == set(sandbox.MEASURES)
    assert not any(conf.enforced.values())
    assert sandbox.landlock_abi() >= 0
