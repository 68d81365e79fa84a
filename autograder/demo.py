"""`make grade`: build demo submissions and grade them into the course gradebook.

Three demo students per assignment (the full solution, the untouched release and one with
typical mistakes) are written in nbgrader's layout under `submitted/`, graded by the
sandboxed engine into the embedded SQLite `gradebook.db`, with Gradescope results under
`results/<student>/<assignment>/` and feedback under `feedback/`, and summarised in a score
table.
"""
from __future__ import annotations

from pathlib import Path

from autograder.assignments import available_assignments
from autograder.submissions import DEMO_STUDENTS, build_demo
from utils.paths import PROJECT_ROOT

GRADEBOOK = "sqlite:///gradebook.db"


def run_demo(root: Path = PROJECT_ROOT, jobs: int = 2, assignments=None, progress: bool = True):
    """Grade the demo students of every assignment; returns the engine's BatchResults."""
    from autograder.engine import grade_batch

    assignments = assignments or available_assignments()
    build_demo(root / "submitted", assignments)
    batches = []
    for assignment in assignments:
        paths = [root / "submitted" / student / assignment / f"{assignment}.ipynb"
                 for student in DEMO_STUDENTS]
        batches.append(grade_batch(
            paths, assignment, jobs=jobs, progress=progress,
            gradebook=f"sqlite:///{root / 'gradebook.db'}",
            results=root / "results", feedback=root / "feedback"))
    return batches
