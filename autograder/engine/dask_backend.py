"""Grading on an existing Dask distributed cluster (`--scheduler tcp://host:8786`).

Each submission becomes one Dask task that runs `coordinator.grade_one` on a Dask worker,
exactly the task the local pool runs: the worker starts its own template process on first
use (`channel.zygote_for`, kept for the worker's lifetime, so only the first submission of
an assignment on each worker pays the TensorFlow / music21 imports) and forks a confined
sandbox worker per submission. The submission travels as bytes, not as a path, so the Dask
workers need the project installed but not the coordinator's files; the task writes them
into a private temporary folder and removes it afterwards.

Results come back as `SubmissionResult`s to the calling process, which alone writes the
gradebook, results.json and feedback. A task whose Dask worker dies is rescheduled by the
scheduler on another worker (up to `distributed.scheduler.allowed-failures` times); a task
that still fails yields an error result marked as the grader's failure, which the journal
does not record, so the next run grades it again.

On the cluster side, every machine runs `dask worker tcp://host:8786` from an environment
where this project is installed (`pip install -e .`); one thread per worker process
(`--nthreads 1 --nworkers <cores>`) gives one sandboxed submission per core.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

_CLEANUP_REGISTERED = False
_FIRST_USE = threading.Lock()


class SchedulerUnreachable(RuntimeError):
    """No Dask scheduler answered at the given address."""


def _payload(path: Path) -> bytes | None:
    """The notebook's bytes; None when it cannot be read here (graded as missing there)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def grade_remote(student: str, name: str, data: bytes | None, assignment: str, options):
    """The Dask task: rebuild the submission in a private folder and grade it there."""
    global _CLEANUP_REGISTERED
    from autograder.engine import channel
    from autograder.engine.coordinator import assignment_spec, grade_one
    from autograder.engine.journal import safe_name

    with _FIRST_USE:        # a worker with several threads builds the spec once (see grade_batch)
        if not _CLEANUP_REGISTERED:                # template processes end with the worker
            atexit.register(channel.shutdown)
            _CLEANUP_REGISTERED = True
        assignment_spec(assignment)
    folder = Path(tempfile.mkdtemp(prefix="dask-submission-"))
    try:
        path = folder / "submitted" / safe_name(student) / assignment / Path(name).name
        path.parent.mkdir(parents=True)
        if data is not None:
            path.write_bytes(data)
        return grade_one(path, assignment, options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _failed(student: str, path: Path, assignment: str, err: BaseException):
    from autograder.engine.coordinator import _crashed

    return _crashed(student, path, assignment, err)


def run_on_cluster(scheduler, items, assignment: str, task_options, timeout: float = 30):
    """Yield (index, SubmissionResult) for `items` [(student, path)] as cluster tasks finish.

    `scheduler` is an address (`tcp://host:8786`) or an already connected
    `distributed.Client` (used by the tests, not closed here).
    """
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False) if own else scheduler
    except (OSError, TimeoutError, ValueError) as err:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler} "
                                   f"({type(err).__name__}: {err})") from None
    batch = uuid.uuid4().hex[:8]
    try:
        futures = {}
        for index, (student, path) in enumerate(items):
            future = client.submit(grade_remote, student, Path(path).name, _payload(Path(path)),
                                   assignment, task_options[index],
                                   key=f"grade-{assignment}-{batch}-{index}", pure=False)
            futures[future] = index
        for future in as_completed(list(futures), loop=client.loop):
            index = futures.pop(future)
            student, path = items[index]
            try:
                result = future.result()
                result.notebook = str(path)
            except Exception as err:       # KilledWorker, a lost connection, an engine bug
                result = _failed(student, path, assignment, err)
            future.release()
            yield index, result
    finally:
        if own:
            client.close()
