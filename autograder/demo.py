"""`make grade`: build demo submissions and autograde them into the course gradebook.

Three demo students per assignment (full solution, untouched release, typical mistakes) are
written in nbgrader's layout under `submitted/`, graded into the embedded SQLite
`gradebook.db`, and summarised in a table of student x graded function.
"""
from __future__ import annotations

from pathlib import Path

from autograder.assignments import ASSIGNMENTS, GRADED, source_notebook
from autograder.nbgrader_tools import autograde, gradebook_scores, run_nbgrader
from autograder.submissions import DEMO_STUDENTS, build_demo
from utils.paths import PROJECT_ROOT

DB_URL = "sqlite:///gradebook.db"


def available_assignments() -> list[str]:
    return [a for a in ASSIGNMENTS if source_notebook(a).is_file()]


def render_table(assignment: str, scores: dict[str, dict[str, float]], maxima: dict[str, float]) -> str:
    """A plain-text table: one row per student, one column per graded function."""
    columns = list(GRADED[assignment])
    header = ["student"] + columns + ["total"]
    rows = []
    for student in sorted(scores):
        row = scores[student]
        total = sum(row.get(c, 0.0) for c in columns)
        rows.append([student] + [f"{row.get(c, 0.0):g}/{maxima.get(c, 0):g}" for c in columns]
                    + [f"{total:g}/{sum(maxima.values()):g}"])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))
    return "\n".join([f"== {assignment} ==", line(header), line(["-" * w for w in widths])]
                     + [line(r) for r in rows])


def run_nbgrader_demo(root: Path = PROJECT_ROOT, assignments=None) -> str:
    """Grade the demo submissions with plain `nbgrader autograde` (in-kernel hidden checks)."""
    from autograder.notebook import read, points_of_test_cells

    assignments = assignments or available_assignments()
    build_demo(root / "submitted", assignments)
    tables = []
    for assignment in assignments:
        run_nbgrader(["generate_assignment", assignment, "--force",
                      "--CourseDirectory.release_directory=.scratch/release"], root, DB_URL)
        autograde(assignment, root, DB_URL)
        scores = {s: v for s, v in gradebook_scores(DB_URL, assignment).items() if s in DEMO_STUDENTS}
        tables.append(render_table(assignment, scores, points_of_test_cells(read(source_notebook(assignment)))))
    return "\n\n".join(tables)
