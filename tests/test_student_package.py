"""The student package holds `utils` only, and finds its data outside a project checkout."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.student_package import build
from utils.paths import DATA_DIR


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build(tmp_path_factory.mktemp("dist"))


def test_wheel_holds_utils_and_the_manifest_but_no_grader(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"utils"}
    assert "utils/SOURCES.md" in names and "utils/public_tests/rnn_step_by_step.py" in names
    assert not any(n.endswith((".npz", ".txt", ".mid", ".ipynb")) for n in names if n.startswith("utils/"))
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: numpy==2.4.6" in metadata and "nbgrader" not in metadata


def test_installed_package_uses_a_per_user_data_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "XDG_DATA_HOME")}
    env.update(PYTHONPATH=str(target), HOME=str(tmp_path / "home"))
    script = (
        "import utils, utils.data, utils.paths\n"
        "print(utils.__file__)\n"
        "print(utils.paths.data_dir())\n"
        f"assert utils.data.main(['--source', {str(DATA_DIR)!r}]) == 0\n"
        "print(utils.paths.data_path('dinos.txt').stat().st_size)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1] == str(tmp_path / "home" / ".local" / "share" / "seqmodels-course")
    assert out[-1] == "19909"
