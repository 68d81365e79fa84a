"""Scores into nbgrader's gradebook, so `nbgrader export` and formgrader show them.

Like `nbgrader generate_assignment` + `autograde`, it makes sure the assignment, its notebook
and the grade / solution cells of the source notebook exist (creating only what is missing,
with each test cell's points), creates the student and the submission, then sets the
`auto_score` of each test cell `test_<fn>` to the engine's score for `<fn>`. Re-grading
updates the same rows. Any SQLAlchemy URL works; the default is SQLite `gradebook.db`.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import warnings
from pathlib import Path

from autograder import notebook
from autograder.assignments import source_notebook
from autograder.engine.results import SubmissionResult
from utils.paths import PROJECT_ROOT

DEFAULT_URL = "sqlite:///gradebook.db"


def default_course_id() -> str:
    """The course id of nbgrader_config.py (nbgrader's own default when it has none)."""
    config = PROJECT_ROOT / "nbgrader_config.py"
    match = re.search(r"course_id\s*=\s*['\"]([^'\"]+)['\"]",
                      config.read_text() if config.exists() else "")
    return match.group(1) if match else "default_course"


def as_url(target: str) -> str:
    """A SQLAlchemy URL as given, or a path to an SQLite file."""
    return target if "://" in target else f"sqlite:///{Path(target).resolve()}"


class GradebookWriter:
    """Open gradebook for one assignment; `write` records one submission's scores."""

    def __init__(self, url: str, assignment: str, course_id: str | None = None):
        from nbgrader.api import Gradebook

        self.assignment = assignment
        self.notebook_id = assignment
        if shutil.which("alembic") is None:       # nbgrader runs `alembic` for a new database
            os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")])
        url = as_url(url)
        if url.startswith("sqlite:///"):                  # SQLite does not create folders
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.gb = Gradebook(url, course_id or default_course_id())
        self.test_cells: dict[str, float] = {}
        self.solution_cells: list[str] = []
        self._ensure_assignment()

    def _ensure_assignment(self) -> None:
        from nbgrader.api import MissingEntry

        source = notebook.read(source_notebook(self.assignment))
        gb, nb_id, a = self.gb, self.notebook_id, self.assignment
        gb.update_or_create_assignment(a)
        try:
            nb = gb.find_notebook(nb_id, a)
        except MissingEntry:
            nb = gb.add_notebook(nb_id, a)
        have_grade = {c.name for c in nb.grade_cells}
        have_solution = {c.name for c in nb.solution_cells}
        have_source = {c.name for c in nb.source_cells}
        for cell in notebook.code_cells(source):
            meta = notebook.nbgrader_meta(cell)
            name = meta.get("grade_id")
            if not name:
                continue
            if meta.get("grade"):
                self.test_cells[name] = float(meta.get("points", 0))
                if name not in have_grade:
                    gb.update_or_create_grade_cell(name, nb_id, a, max_score=self.test_cells[name],
                                                   cell_type="code")
            if meta.get("solution"):
                self.solution_cells.append(name)
                if name not in have_solution:
                    gb.update_or_create_solution_cell(name, nb_id, a)
            if name not in have_source:
                gb.update_or_create_source_cell(name, nb_id, a, cell_type="code",
                                                locked=bool(meta.get("locked")),
                                                source=cell.source, checksum=meta.get("checksum"))
        gb.db.commit()

    def write(self, result: SubmissionResult) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # nbgrader's harmless SAWarnings
            try:
                self._write(result)
            except Exception:
                self.gb.db.rollback()                # keep the session usable for the next one
                raise

    def _write(self, result: SubmissionResult) -> None:
        from nbgrader.api import MissingEntry

        gb = self.gb
        gb.update_or_create_student(result.student)
        gb.update_or_create_submission(self.assignment, result.student)
        for name in self.test_cells:
            function = name.removeprefix("test_")
            cell = result.cells.get(function)
            try:
                grade = gb.find_grade(name, self.notebook_id, self.assignment, result.student)
            except MissingEntry:
                continue
            grade.auto_score = cell.score if cell is not None else 0.0
            grade.needs_manual_grade = grade.manual_score is not None
        for name in self.solution_cells:
            try:
                comment = gb.find_comment(name, self.notebook_id, self.assignment, result.student)
            except MissingEntry:
                continue
            cell = result.cells.get(name)
            comment.auto_comment = (None if cell is None else
                                    f"autograded: {cell.score:g} / {cell.max_score:g}")
        gb.db.commit()

    def close(self) -> None:
        self.gb.close()
