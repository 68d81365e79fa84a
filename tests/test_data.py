"""Installing the course data: checksums verified, clear errors for missing or corrupt files."""
import shutil
from pathlib import Path

import pytest

from utils import data
from utils.paths import DATA_DIR, DataFileMissing, data_path


def test_manifest_lists_the_three_course_files():
    names = [f.name for f in data.read_manifest()]
    assert names == ["dinos.txt", "shakespeare.txt", "original_metheny.mid"]


def test_installed_files_verify():
    assert data.verify() == []


def test_install_copies_and_verifies(tmp_path):
    target = tmp_path / "data"
    lines = data.install(DATA_DIR, target)
    assert len(lines) == 3 and data.verify(target) == []
    assert all("installed" in line for line in lines)


def test_missing_file_is_named(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    shutil.copyfile(DATA_DIR / "dinos.txt", source / "dinos.txt")
    with pytest.raises(data.DataError) as err:
        data.install(source, tmp_path / "out")
    message = str(err.value)
    assert "'shakespeare.txt' is missing" in message and "original_metheny.mid" in message
    assert "dinos.txt" not in message.split("\n", 1)[1].split("Point")[0]
    assert "$COURSE_DATA" in message


def test_corrupt_file_is_named(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(DATA_DIR, source)
    (source / "dinos.txt").write_text("not the dinosaur names\n")
    with pytest.raises(data.DataError, match=r"'dinos.txt' has 23 bytes, expected 19909"):
        data.install(source, tmp_path / "out")


def test_same_size_corruption_is_caught_by_checksum(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(DATA_DIR, source)
    raw = bytearray((source / "dinos.txt").read_bytes())
    raw[0] ^= 1
    (source / "dinos.txt").write_bytes(bytes(raw))
    with pytest.raises(data.DataError, match=r"'dinos.txt' has sha256 [0-9a-f]{64}, expected ad64"):
        data.install(source, tmp_path / "out")


def test_cli_exit_code_and_message(tmp_path, capsys):
    assert data.main(["--source", str(tmp_path), "--target", str(tmp_path / "out")]) == 1
    assert "'dinos.txt' is missing" in capsys.readouterr().err


def test_data_path_explains_how_to_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileMissing, match="make data"):
        data_path("dinos.txt")


def test_data_path_finds_installed_file():
    assert data_path("dinos.txt").stat().st_size == 19909
