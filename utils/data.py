"""Install the course data files and verify their checksums.

`data/SOURCES.md` is the manifest: one table row per file with its size and sha256. The
files themselves are copied from `$COURSE_DATA` (default `../shared/data`, a sibling of the
project) and are never committed. Run as `python -m utils.data [--source DIR] [--check]`.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from utils.paths import DATA_DIR, PROJECT_ROOT, data_dir

# The checkout's manifest; the student package carries a copy beside this module.
MANIFEST = DATA_DIR / "SOURCES.md" if (DATA_DIR / "SOURCES.md").is_file() \
    else Path(__file__).with_name("SOURCES.md")
DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "data"

# | `dinos.txt` | 19909 | `ad64...` | ...
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*`([0-9a-f]{64})`\s*\|")


@dataclass(frozen=True)
class DataFile:
    name: str
    size: int
    sha256: str


class DataError(RuntimeError):
    """A data file is missing or does not match the manifest."""


def read_manifest(manifest: Path = MANIFEST) -> list[DataFile]:
    """The files listed in the first table of SOURCES.md."""
    files = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            files.append(DataFile(match[1], int(match[2]), match[3]))
    if not files:
        raise DataError(f"{manifest} lists no data files")
    return files


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problem_with(path: Path, expected: DataFile) -> str | None:
    """Why `path` is not the manifest's file, or None when it is."""
    if not path.is_file():
        return f"'{expected.name}' is missing (looked for {path})"
    size = path.stat().st_size
    if size != expected.size:
        return f"'{expected.name}' has {size} bytes, expected {expected.size} ({path})"
    digest = sha256_of(path)
    if digest != expected.sha256:
        return f"'{expected.name}' has sha256 {digest}, expected {expected.sha256} ({path})"
    return None


def install(source: Path, target: Path | None = None, manifest: Path = MANIFEST) -> list[str]:
    """Copy every manifest file from `source` into `target`, verifying each one.

    Files already installed with the right checksum are left alone. Raises DataError naming
    every file that is missing or corrupt in `source`. `target` defaults to `data_dir()`.
    """
    target = target if target is not None else data_dir()
    target.mkdir(parents=True, exist_ok=True)
    problems, done = [], []
    for entry in read_manifest(manifest):
        installed = target / entry.name
        if problem_with(installed, entry) is None:
            done.append(f"{entry.name}: already installed")
            continue
        origin = source / entry.name
        problem = problem_with(origin, entry)
        if problem:
            problems.append(problem)
            continue
        shutil.copyfile(origin, installed)
        done.append(f"{entry.name}: installed ({entry.size} bytes, sha256 ok)")
    if problems:
        raise DataError(
            "cannot install the course data:\n  - " + "\n  - ".join(problems)
            + f"\nPoint $COURSE_DATA at a folder holding the files listed in {manifest} "
            "(default ../shared/data) and run `make data` again."
        )
    return done


def verify(target: Path | None = None, manifest: Path = MANIFEST) -> list[str]:
    """Problems with the installed files (empty when all are present and intact)."""
    target = target if target is not None else data_dir()
    return [p for e in read_manifest(manifest) if (p := problem_with(target / e.name, e))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.data", description=__doc__)
    parser.add_argument("--source", type=Path,
                        default=Path(os.environ.get("COURSE_DATA") or DEFAULT_SOURCE))
    parser.add_argument("--target", type=Path, default=None,
                        help="where to install (default: the folder utils.paths.data_dir() names)")
    parser.add_argument("--check", action="store_true", help="only verify the installed files")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = verify(args.target)
            if problems:
                raise DataError("installed data is incomplete:\n  - " + "\n  - ".join(problems))
            print("course data: all files present, checksums ok")
        else:
            for line in install(args.source, args.target):
                print(line)
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
