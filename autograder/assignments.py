"""The course's assignments and their graded functions (grade_id = function name)."""
from __future__ import annotations

from pathlib import Path

from utils.paths import PROJECT_ROOT

GRADED = {
    "rnn_step_by_step": (
        "rnn_cell_forward", "rnn_forward", "lstm_cell_forward", "lstm_forward",
        "rnn_cell_backward", "rnn_backward", "lstm_cell_backward", "lstm_backward",
    ),
    "dinosaur_island": ("clip", "sample", "optimize", "model"),
    "jazz_lstm": ("djmodel", "music_inference_model", "predict_and_sample"),
}
ASSIGNMENTS = tuple(GRADED)


def assignment_of(grade_id: str) -> str:
    """The assignment a graded function belongs to."""
    for assignment, grade_ids in GRADED.items():
        if grade_id in grade_ids:
            return assignment
    raise KeyError(f"'{grade_id}' is not a graded function of any assignment")


def check_assignment(assignment: str) -> str:
    if assignment not in GRADED:
        raise KeyError(f"unknown assignment '{assignment}'; known: {', '.join(ASSIGNMENTS)}")
    return assignment


def available_assignments() -> list[str]:
    """Assignments whose source notebook exists, in course order."""
    return [a for a in ASSIGNMENTS if source_notebook(a).is_file()]


def source_notebook(assignment: str) -> Path:
    check_assignment(assignment)
    return PROJECT_ROOT / "source" / assignment / f"{assignment}.ipynb"


def release_notebook(assignment: str) -> Path:
    check_assignment(assignment)
    return PROJECT_ROOT / "release" / assignment / f"{assignment}.ipynb"
