"""Running nbgrader's own commands from Python (release generation, plain autograding).

nbgrader shells out to `alembic`, so the interpreter's bin folder is put first on PATH.
Release generation uses a throwaway gradebook, so `make release` never touches grades.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from utils.paths import PROJECT_ROOT

CONFIG = PROJECT_ROOT / "nbgrader_config.py"


class NbgraderFailed(RuntimeError):
    pass


def nbgrader_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("PYTHONWARNINGS", "ignore")
    return env


def run_nbgrader(args: list[str], course_root: Path, db_url: str, timeout: float = 3600) -> str:
    """Run `nbgrader <args>` in `course_root` with the project's config and `db_url`."""
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.db_url={db_url}",
           f"--CourseDirectory.root={course_root}"]
    proc = subprocess.run(cmd, cwd=course_root, env=nbgrader_env(), capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout + proc.stderr


def prepare_course(course_root: Path, assignments) -> None:
    """A course folder holding the project's config and a copy of the source notebooks."""
    course_root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG, course_root / "nbgrader_config.py")
    for assignment in assignments:
        target = course_root / "source" / assignment
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        src = PROJECT_ROOT / "source" / assignment / f"{assignment}.ipynb"
        if not src.is_file():
            raise NbgraderFailed(f"source notebook {src.relative_to(PROJECT_ROOT)} is missing")
        shutil.copyfile(src, target / src.name)


def generate_release(assignment: str, course_root: Path, db_url: str) -> Path:
    """`nbgrader generate_assignment` inside `course_root`; returns the released notebook."""
    run_nbgrader(["generate_assignment", assignment, "--force"], course_root, db_url)
    return course_root / "release" / assignment / f"{assignment}.ipynb"


def release(assignments, project_root: Path = PROJECT_ROOT) -> list[Path]:
    """Regenerate `release/<assignment>/` from `source/` (never by hand)."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        prepare_course(course, assignments)
        for assignment in assignments:
            notebook = generate_release(assignment, course, f"sqlite:///{course}/gradebook.db")
            target = project_root / "release" / assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(notebook.parent, target)
            written.append(target / notebook.name)
    return written


def autograde(assignment: str, course_root: Path, db_url: str, timeout: float = 3600) -> str:
    """`nbgrader autograde` every submission of `assignment` under course_root/submitted."""
    return run_nbgrader(["autograde", assignment, "--create", "--force"], course_root, db_url,
                        timeout=timeout)


def gradebook_scores(db_url: str, assignment: str) -> dict[str, dict[str, float]]:
    """{student: {graded function: auto score}} for an assignment, read from a gradebook."""
    from nbgrader.api import Gradebook

    table: dict[str, dict[str, float]] = {}
    with Gradebook(db_url) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            row = table.setdefault(submission.student_id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    name = grade.name[len("test_"):] if grade.name.startswith("test_") else grade.name
                    row[name] = float(grade.auto_score or 0.0)
    return table
