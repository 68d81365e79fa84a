"""Build the student package: a wheel of `utils` alone, for the course's Jupyter image.

Students' notebooks import `utils` (activations, RNN helpers, the character model, the music
pipeline, the visible checks). The grader (`autograder`: hidden checks, their seeded inputs,
expected outputs) must never be installed where students run code, so the course image
installs this wheel instead of the whole project. It carries a copy of `data/SOURCES.md`,
so `python -m utils.data --source DIR` can install and verify the course files there.

Run `python -m autograder.student_package [--out dist]` (or `make student-package`).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from utils.paths import PROJECT_ROOT

NAME = "seqmodels-course-utils"
# What the notebooks need; the grader's own tools (nbgrader, pytest, dask) stay out.
STUDENT_DEPENDENCIES = ("numpy", "tensorflow-cpu", "keras", "music21", "matplotlib", "mido")


def student_dependencies() -> list[str]:
    """The project's pins for the packages the notebooks import."""
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pins = {dep.split("=")[0].split(">")[0].split("<")[0].strip(): dep for dep in project["dependencies"]}
    return [pins[name] for name in STUDENT_DEPENDENCIES]


def pyproject_text(version: str) -> str:
    deps = ",\n".join(f'    "{d}"' for d in student_dependencies())
    return f'''[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{NAME}"
version = "{version}"
description = "Helpers and visible checks for the Sequence Models week-1 notebooks."
requires-python = ">=3.11"
dependencies = [
{deps},
]

[tool.setuptools]
packages = {{ find = {{ include = ["utils*"] }} }}

[tool.setuptools.package-data]
utils = ["SOURCES.md"]
'''


def build(out: Path) -> Path:
    """Write the wheel into `out` and return its path."""
    version = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        shutil.copytree(PROJECT_ROOT / "utils", stage / "utils",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copyfile(PROJECT_ROOT / "data" / "SOURCES.md", stage / "utils" / "SOURCES.md")
        (stage / "pyproject.toml").write_text(pyproject_text(version))
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                               "--no-build-isolation", "--quiet", "--wheel-dir", str(out), str(stage)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"building the student wheel failed:\n{proc.stdout}\n{proc.stderr}")
    wheels = sorted(out.glob(f"{NAME.replace('-', '_')}-{version}-*.whl"))
    return wheels[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.student_package", description=__doc__)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "dist")
    args = parser.parse_args(argv)
    print(f"wrote {build(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
