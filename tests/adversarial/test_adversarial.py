"""The adversarial suite: hostile rnn_step_by_step submissions graded in one batch.

Every attack must get exactly its expected score on the function it attacks, leave the
submission's other functions fully graded, and leave the bystanders (two full solutions in
the same batch) and the gradebook untouched. Timeouts are short (8 s) to keep it quick.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import source_notebook
from autograder.notebook import read
from tests.adversarial.attacks import ATTACKS, build

ASSIGNMENT = "rnn_step_by_step"
BYSTANDERS = ("bystander_a", "bystander_b")
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("engine_adversarial"),
              pytest.mark.skipif(not source_notebook(ASSIGNMENT).is_file(),
                                 reason="rnn_step_by_step source notebook not present")]


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from autograder.engine import grade_batch
    from autograder.engine.coordinator import GradeOptions

    root = tmp_path_factory.mktemp("adversarial")
    submitted = root / "submitted"
    gradebook = root / "gradebook.db"
    solution = read(source_notebook(ASSIGNMENT))
    marker = f"adversarial-leftover-{os.getpid()}"
    paths = {}
    for student in (*BYSTANDERS, *(a.name for a in ATTACKS)):
        paths[student] = submitted / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        paths[student].parent.mkdir(parents=True)
    fill = {"@PROJECT@": Path(__file__).resolve().parents[2], "@OTHER@": paths[BYSTANDERS[0]],
            "@GRADEBOOK@": gradebook, "@GRADER_PID@": os.getpid(), "@MARKER@": marker}
    for student in BYSTANDERS:
        paths[student].write_text(nbformat.writes(solution))
    for attack in ATTACKS:
        paths[attack.name].write_bytes(build(attack, solution, fill))
    batch = grade_batch(submitted, ASSIGNMENT, jobs=2, gradebook=f"sqlite:///{gradebook}",
                        results=root / "results", feedback=root / "feedback", progress=False,
                        options=GradeOptions(timeout=8, memory=1 << 30))
    return {"batch": batch, "by_student": {s.student: s for s in batch.submissions},
            "root": root, "gradebook": gradebook, "marker": marker}


def _max(result, grade_id):
    return result.cells[grade_id].max_score


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_gets_its_exact_score(graded, attack):
    result = graded["by_student"][attack.name]
    if attack.target is None:
        assert result.score == 0
        assert all(c.status == "error" for c in result.checks)
        text = " ".join(result.errors).lower()
        assert attack.outcome in text, result.errors
        return
    expected = _max(result, attack.target) if attack.score == "max" else attack.score
    assert result.cells[attack.target].score == expected, [
        (c.name, c.status, c.message) for c in result.checks if c.grade_id == attack.target]
    if attack.outcome and (attack.needs is None or graded["batch"].sandbox.get(attack.needs)):
        messages = [c.message for c in result.checks if c.grade_id == attack.target]
        text = " ".join(messages + result.errors).lower()
        assert any(o in text for o in attack.outcome.split("|")), messages[:3]


@pytest.mark.parametrize("attack", [a for a in ATTACKS if a.target],
                         ids=[a.name for a in ATTACKS if a.target])
def test_other_functions_of_the_attacker_are_still_graded(graded, attack):
    result = graded["by_student"][attack.name]
    others = {g: (c.score, c.max_score) for g, c in result.cells.items() if g != attack.target}
    assert all(score == top for score, top in others.values()), others


def test_bystanders_are_untouched(graded):
    for student in BYSTANDERS:
        result = graded["by_student"][student]
        assert result.score == result.max_score == 62, result.errors
        assert not result.errors
        assert all(c.status == "passed" for c in result.checks)


def test_every_submission_is_reported(graded):
    names = {s.student for s in graded["batch"].submissions}
    assert names == {*BYSTANDERS, *(a.name for a in ATTACKS)}


def test_gradebook_holds_the_engine_scores(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['gradebook']}", "sequence-models-week1") as gb:
        for result in graded["batch"].submissions:
            for grade_id, cell in result.cells.items():
                grade = gb.find_grade(f"test_{grade_id}", ASSIGNMENT, ASSIGNMENT, result.student)
                assert grade.auto_score == cell.score
                assert grade.max_score == cell.max_score


def test_no_process_is_left_behind(graded):
    assert _processes_with(graded["marker"]) == []


def test_sandbox_report_names_every_measure(graded):
    from autograder.engine.sandbox import MEASURES

    assert set(graded["batch"].sandbox) == set(MEASURES)


def test_feedback_never_shows_hidden_code(graded):
    html = (graded["root"] / "feedback" / "read_hidden_checks" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "def test_" not in html and "@pytest" not in html
    assert "<script" not in html
