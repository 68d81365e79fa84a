"""Where the project and its course data live.

`data_path(name)` is the one way code finds a data file. It never depends on the current
working directory, so a notebook, a test and the grader all find the same file. The folder
is `$COURSE_DATA_DIR` when set; otherwise `data/` of the project checkout (the instructor's
and CI's case, with the project installed editable); otherwise, for the student package
installed into a course image, a per-user folder (`$XDG_DATA_HOME/seqmodels-course`,
default `~/.local/share/seqmodels-course`).
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class DataFileMissing(FileNotFoundError):
    """A course data file is not installed, or its contents are not the expected ones."""


def data_dir() -> Path:
    """The folder the installed data files live in (see the module docstring)."""
    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return Path(override)
    if (DATA_DIR / "SOURCES.md").is_file():
        return DATA_DIR
    user_data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return user_data / "seqmodels-course"


def data_path(name: str) -> Path:
    """Path of the installed course file `name` (for example "dinos.txt").

    Raises DataFileMissing with the fix when the file is not installed.
    """
    path = data_dir() / name
    if not path.is_file():
        raise DataFileMissing(
            f"course data file '{name}' is not installed at {path}. "
            f"Run `make data` in the course project, or `python -m utils.data --source DIR` "
            f"with the folder holding the course files (it verifies their checksums)."
        )
    return path
