"""Where the project and its course data live.

`data_path(name)` is the one way code finds a data file. It never depends on the current
working directory, so a notebook, a test and the grader all find the same file.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class DataFileMissing(FileNotFoundError):
    """A course data file is not installed, or its contents are not the expected ones."""


def data_dir() -> Path:
    """The folder the installed data files live in (`$COURSE_DATA_DIR` overrides it)."""
    override = os.environ.get("COURSE_DATA_DIR")
    return Path(override) if override else DATA_DIR


def data_path(name: str) -> Path:
    """Path of the installed course file `name` (for example "dinos.txt").

    Raises DataFileMissing with the fix when the file is not installed.
    """
    path = data_dir() / name
    if not path.is_file():
        raise DataFileMissing(
            f"course data file '{name}' is not installed at {path}. "
            f"Run `make data` (it copies the files from $COURSE_DATA, default ../shared/data, "
            f"and verifies their checksums)."
        )
    return path
