"""The results journal: what makes a batch resumable and a rerun idempotent.

Every graded submission is recorded as one JSON file

    <results>/.journal/<assignment>/<student>/<key>.json

where `key` hashes the submission's bytes together with the grader's own inputs for that
assignment (hidden checks, cases, expected outputs, source notebook, probes, visible-check
helpers, the reference `utils` modules, the runner and the student/wire layer the checks
talk through) and the grading options that change results (timeout, memory and process
caps), so a fixed probe or a rerun with `--timeout 120` grades again. The coordinator writes
an entry as soon as a result arrives, atomically (a temporary file in the same folder, fsync,
then `os.replace`), so an interrupted batch leaves only whole entries behind; a rerun looks
every submission up first and grades only those without one. A resubmitted notebook, or a
changed check, gives a new key and is graded again; the same notebook is never graded twice
and never recorded twice (one key, one file).

The journal stores plain dictionaries; converting them to and from the engine's result
dataclass is the caller's business. It is written only by the trusted coordinator, never by a
worker.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from autograder.assignments import check_assignment, source_notebook
from utils.paths import PROJECT_ROOT

FORMAT = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.@-]")


def _grader_files(assignment: str) -> list[Path]:
    """The files whose content decides a grade, besides the submission itself."""
    package = PROJECT_ROOT / "autograder"
    utils = PROJECT_ROOT / "utils"
    return [package / "checks" / f"test_{assignment}.py",
            package / "cases" / f"{assignment}.py",
            package / "expected" / f"{assignment}.npz",
            package / "expected" / f"{assignment}.json",
            package / "probes" / f"{assignment}.py",
            utils / "public_tests" / f"{assignment}.py",
            package / "runner.py", package / "student.py", package / "wire.py",
            package / "expected.py",
            *sorted(utils.glob("*.py")),         # utils/testing.py and the reference modules
            source_notebook(assignment)]


def options_fingerprint(options) -> str:
    """The grading options that change results (every field but the student's name)."""
    if options is None:
        return ""
    fields = options if isinstance(options, dict) else vars(options)
    return json.dumps({k: v for k, v in fields.items() if k != "student"}, sort_keys=True,
                      default=str)


@lru_cache(maxsize=None)
def grader_fingerprint(assignment: str) -> str:
    """A digest of everything the grader uses for `assignment` (missing files count as empty)."""
    check_assignment(assignment)
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in _grader_files(assignment):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def content_key(submission: Path | str | bytes, assignment: str, options=None) -> str:
    """The journal key of a submission: its bytes, the grader's fingerprint and the grading
    options that change results (`GradeOptions` or a dict; None: none given), hashed."""
    data = submission if isinstance(submission, bytes) else _read_bytes(Path(submission))
    digest = hashlib.sha256(grader_fingerprint(assignment).encode())
    digest.update(assignment.encode() + b"\0")
    digest.update(options_fingerprint(options).encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()[:32]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:          # an unreadable file is still a submission (graded as such)
        return f"unreadable: {type(err).__name__}".encode()


def safe_name(name: str) -> str:
    """A student id as a single path component (no separators, no leading dot)."""
    cleaned = _SAFE.sub("_", name).lstrip(".") or "_"
    return cleaned[:120]


class Journal:
    """One folder of JSON entries keyed by (assignment, student, content key)."""

    def __init__(self, results_dir: Path | str):
        self.root = Path(results_dir) / ".journal"

    def path(self, assignment: str, student: str, key: str) -> Path:
        return self.root / check_assignment(assignment) / safe_name(student) / f"{key}.json"

    def get(self, assignment: str, student: str, key: str) -> dict | None:
        """The recorded result, or None when there is none (or only a damaged one)."""
        path = self.path(assignment, student, key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None                     # a damaged entry is regraded, then replaced
        if not isinstance(entry, dict) or entry.get("key") != key or "result" not in entry:
            return None
        return entry["result"]

    def put(self, assignment: str, student: str, key: str, result: dict) -> Path:
        """Record `result` atomically; a second put of the same key replaces the first."""
        path = self.path(assignment, student, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"format": FORMAT, "assignment": assignment, "student": student, "key": key,
                 "result": result}
        data = json.dumps(entry, sort_keys=True).encode()
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def keys(self, assignment: str) -> dict[str, set[str]]:
        """{student: {content keys}} recorded for an assignment (temporary files ignored)."""
        found: dict[str, set[str]] = {}
        folder = self.root / check_assignment(assignment)
        if not folder.is_dir():
            return found
        for path in folder.glob("*/*.json"):
            if not path.name.startswith("."):
                found.setdefault(path.parent.name, set()).add(path.stem)
        return found


# ---- the batch hook: consult the journal before grading, record each new result ------------

# A result carrying one of these errors says the grader, not the submission, failed: it is
# reported but not recorded, so that the next run grades the submission again.
GRADER_FAILURES = ("the grader failed on this submission", "the grader could not run this submission")


def record(result) -> dict:
    """A `SubmissionResult` as a JSON-ready dict (every field, sandbox report included)."""
    return dataclasses.asdict(result)


def restore(entry: dict):
    """The `SubmissionResult` recorded by `record`."""
    from autograder.engine.results import CellScore, SubmissionResult
    from autograder.runner import CheckResult

    fields = {f.name for f in dataclasses.fields(SubmissionResult)}
    data = {k: v for k, v in entry.items() if k in fields}
    data["cells"] = {g: CellScore(**c) for g, c in data.get("cells", {}).items()}
    data["checks"] = [CheckResult(**c) for c in data.get("checks", [])]
    return SubmissionResult(**data)


def is_final(result) -> bool:
    """Whether a result should be kept: False when the grader itself failed."""
    return not any(str(e).startswith(GRADER_FAILURES) for e in result.errors)


def resume(items, assignment: str, results_dir, task_options, run, retries: int = 1):
    """Yield (index, result) for every item, grading only those the journal lacks.

    `items` are (student, path) pairs and `task_options` their options; `run(items,
    options)` grades a list of them and yields (position in that list, result), as the local
    pool and the Dask backend do. Recorded results come first (they cost nothing), then each
    new result is written to the journal *before* it is yielded, so whatever the caller does
    with it (gradebook, results.json, feedback) is redone by the next run if this one stops.
    A submission on which the grader itself failed (a template process that died, a lost
    cluster task) is graded again up to `retries` times at the end of the batch; if it
    still fails, that result is yielded but not recorded.
    """
    store = Journal(results_dir)
    keys = [content_key(path, assignment, task_options[i]) for i, (_, path) in enumerate(items)]
    pending = []
    for index, (student, _) in enumerate(items):
        entry = store.get(assignment, student, keys[index])
        restored = None
        if entry is not None:
            try:
                restored = restore(entry)
            except (TypeError, ValueError, KeyError, AttributeError):
                restored = None             # an entry from an older format: grade again
        if restored is None:
            pending.append(index)
        else:
            restored.notebook = str(items[index][1])
            yield index, restored
    for attempt in range(retries + 1):
        if not pending:
            return
        failed = []
        for position, result in run([items[i] for i in pending], [task_options[i] for i in pending]):
            index = pending[position]
            if is_final(result):
                store.put(assignment, items[index][0], keys[index], record(result))
            elif attempt < retries:
                failed.append(index)
                continue
            yield index, result
        pending = sorted(failed)
