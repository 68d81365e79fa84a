"""The coordinator's side of the sandbox: template processes, workers and a sandboxed `Student`.

`Zygote` starts and talks to one template process per assignment (`zygote.py`).
`WorkerProcess` is one forked worker and its two sockets: the request channel and the status
stream on which its guardian reports the worker's pid and, later, how it ended.
`Session` runs one submission: it starts a worker, runs the source's setup cells and each
graded cell of the submission, and restarts the worker (without the cells that killed it)
when a call kills it. `SandboxStudent` is the `Student` the hidden checks see.

Every reply is decoded with `autograder.wire.decode`, which rebuilds plain data and refuses
anything else; nothing from the worker is ever unpickled or executed here.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict
from pathlib import Path

from autograder import wire
from autograder.engine import sandbox
from autograder.engine.worker import EXIT_CPU
from autograder.student import FunctionMissing, Student, StudentError, StudentTimeout
from utils.paths import PROJECT_ROOT

MAX_REPLY = 256 << 20       # bytes in one reply line
START_TIMEOUT = 120.0       # seconds for a template to import its modules


class WorkerTimeout(Exception):
    pass


class WorkerDied(Exception):
    """The worker ended or broke the protocol; the message says how."""


class EngineError(RuntimeError):
    """The sandbox itself could not be set up (not the submission's fault)."""


def _clean_environment(home: Path) -> dict:
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "COURSE_DATA_DIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update({
        "HOME": str(home), "TMPDIR": str(home), "MPLCONFIGDIR": str(home),
        "XDG_CACHE_HOME": str(home), "KERAS_HOME": str(home),
        "PYTHONPATH": str(PROJECT_ROOT), "PYTHONNOUSERSITE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
        "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "2", "CUDA_VISIBLE_DEVICES": "",
    })
    return env


class _LineReader:
    """Reads newline-terminated JSON documents from a socket with a deadline and a size cap."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = bytearray()

    def read(self, timeout: float | None) -> dict | None:
        """The next document; None at end of stream; WorkerTimeout when `timeout` passes."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line = bytes(self.buffer[:end])
                del self.buffer[:end + 1]
                try:
                    message = json.loads(line)
                except ValueError:
                    raise WorkerDied("sent a reply that is not JSON") from None
                if type(message) is not dict:
                    raise WorkerDied("sent a reply that is not a JSON object")
                return message
            if len(self.buffer) > MAX_REPLY:
                raise WorkerDied(f"sent a reply larger than {MAX_REPLY >> 20} MiB")
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise WorkerTimeout()
            ready, _, _ = select.select([self.sock], [], [], remaining)
            if not ready:
                raise WorkerTimeout()
            try:
                chunk = self.sock.recv(1 << 20)
            except (ConnectionResetError, OSError):
                chunk = b""
            if not chunk:
                return None
            self.buffer += chunk


class Zygote:
    """One template process for an assignment; forks workers on request (thread-safe)."""

    def __init__(self, assignment: str, imports: list[str], scratch_root: Path):
        self.assignment = assignment
        self.imports = imports
        self.home = scratch_root / f"zygote-{assignment}"
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.import_failures: list[str] = []
        self.dead_templates: list[int] = []     # earlier templates whose workers may still run

    def _start(self) -> None:
        sandbox.remove_orphan_cgroups()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.engine.zygote", "--fd", str(child.fileno()),
             "--root", str(PROJECT_ROOT), "--imports", json.dumps(self.imports)],
            pass_fds=[child.fileno()], env=_clean_environment(self.home), cwd=self.home,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(self.home / "zygote-stderr.txt", "wb"), start_new_session=True)
        child.close()
        self.control = parent
        ready, _, _ = select.select([parent], [], [], START_TIMEOUT)
        message = parent.recv(1 << 16) if ready else b""
        if not message:
            self.close()
            raise EngineError(f"the {self.assignment} template process did not start "
                              f"(see {self.home / 'zygote-stderr.txt'})")
        self.import_failures = json.loads(message).get("import_failures", [])

    def fork(self, request: dict) -> tuple[int, list[str], socket.socket, socket.socket]:
        """A new guardian + worker: (guardian pid, its cgroups, channel, status stream)."""
        channel, channel_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        status, status_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                for attempt in (1, 2):
                    if self.process is None or self.process.poll() is not None:
                        self._start()
                    try:
                        socket.send_fds(self.control, [json.dumps(request).encode()],
                                        [channel_child.fileno(), status_child.fileno()])
                        ready, _, _ = select.select([self.control], [], [], 30)
                        reply = self.control.recv(1 << 16) if ready else b""
                    except OSError:
                        reply = b""
                    if reply:
                        break
                    self.close(reap_workers=False)     # its in-flight workers keep grading
                    if attempt == 2:
                        raise EngineError(f"the {self.assignment} template process stopped answering")
            answer = json.loads(reply)
            if "pid" not in answer:
                raise EngineError(f"the template refused to fork: {answer.get('error')}")
            return answer["pid"], list(answer.get("cgroups", [])), channel, status
        finally:
            channel_child.close()
            status_child.close()

    def close(self, reap_workers: bool = True) -> None:
        """Stop the template. With `reap_workers` (the end of a batch), also kill whatever is
        left in the cgroups of its workers, and of the workers of templates that died earlier;
        without it (a template found dead mid-batch), workers still grading are left alone and
        reaped at the end."""
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.dead_templates.append(self.process.pid)
            self.process = None
        if reap_workers:
            for pid in self.dead_templates:
                sandbox.remove_cgroups_of(pid)
            self.dead_templates.clear()


_ZYGOTES: dict[tuple, Zygote] = {}
_ZYGOTES_LOCK = threading.Lock()
_SCRATCH_ROOT: Path | None = None


def scratch_root() -> Path:
    global _SCRATCH_ROOT
    if _SCRATCH_ROOT is None or not _SCRATCH_ROOT.exists():
        _SCRATCH_ROOT = Path(tempfile.mkdtemp(prefix="autograder-"))
    return _SCRATCH_ROOT


def zygote_for(assignment: str, imports: list[str]) -> Zygote:
    """The running template of an assignment in this process (started on first use)."""
    with _ZYGOTES_LOCK:
        key = (assignment, tuple(imports))
        if key not in _ZYGOTES:
            _ZYGOTES[key] = Zygote(assignment, imports, scratch_root())
        return _ZYGOTES[key]


def shutdown() -> None:
    """Stop every template process and remove the scratch folders."""
    global _SCRATCH_ROOT
    with _ZYGOTES_LOCK:
        for zygote in _ZYGOTES.values():
            zygote.close()
        _ZYGOTES.clear()
        if _SCRATCH_ROOT is not None:
            shutil.rmtree(_SCRATCH_ROOT, ignore_errors=True)
            _SCRATCH_ROOT = None


def describe_end(status: dict | None, limits: sandbox.Limits) -> str:
    """How a worker ended, in words, from its guardian's report."""
    if not status:
        return "stopped the worker process"
    if "signal" in status:
        number = status["signal"]
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        reasons = {
            "SIGSEGV": "crashed the worker (segmentation fault, SIGSEGV)",
            "SIGBUS": "crashed the worker (bus error, SIGBUS)",
            "SIGABRT": "aborted the worker (SIGABRT)",
            "SIGKILL": (f"was killed (SIGKILL): it hit the memory cap "
                        f"({limits.address_space >> 20} MiB), the CPU limit or the process cap"),
            "SIGXCPU": f"ran out of CPU time (limit {limits.cpu_seconds} s)",
        }
        return reasons.get(name, f"killed the worker ({name})")
    code = status.get("code")
    if code == EXIT_CPU:
        return f"ran out of CPU time (limit {limits.cpu_seconds} s)"
    return f"ended the worker process (exit status {code}: sys.exit, os._exit or a crash)"


class WorkerProcess:
    """One live sandboxed worker."""

    def __init__(self, zygote: Zygote, scratch: Path, limits: sandbox.Limits):
        self.limits = limits
        self.scratch = scratch
        self.guardian, self.cgroups, self.channel, self.status = zygote.fork(
            {"scratch": str(scratch), "limits": asdict(limits)})
        self.replies = _LineReader(self.channel)
        self.reports = _LineReader(self.status)
        self.pid = None
        self.ended: dict | None = None
        self.next_id = 0
        try:
            first = self.reports.read(30)
            self.pid = first.get("pid") if first else None
            if self.pid is None:
                raise EngineError("the sandbox guardian did not report a worker")
            hello = self.replies.read(30)
        except WorkerTimeout:
            self.kill()
            raise EngineError("the sandboxed worker did not start in 30 s") from None
        if not hello or hello.get("op") != "ready":
            reason = describe_end(self._end_status(), limits)
            self.kill()
            raise EngineError(f"the sandboxed worker failed to start: it {reason}")
        self.enforced = {m: bool(hello["enforced"].get(m)) for m in sandbox.MEASURES}
        self.notes = [str(n) for n in hello.get("notes", [])]

    def request(self, message: dict, timeout: float) -> dict:
        """Send one request and wait for its reply; WorkerTimeout / WorkerDied otherwise."""
        self.next_id += 1
        message = dict(message, id=self.next_id)
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
        try:
            self.channel.sendall(data)
        except OSError:
            raise WorkerDied(describe_end(self._end_status(), self.limits)) from None
        while True:
            reply = self.replies.read(timeout)
            if reply is None:
                raise WorkerDied(describe_end(self._end_status(), self.limits))
            if reply.get("id") == self.next_id:
                return reply

    def _end_status(self, wait: float = 5.0) -> dict | None:
        if self.ended is None:
            try:
                self.ended = self.reports.read(wait)
            except (WorkerTimeout, WorkerDied):
                self.ended = None
        return self.ended

    def kill(self) -> None:
        """SIGKILL the worker (PID 1 of its namespace: everything it started dies with it)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.channel.close()
        self._end_status(2.0)
        self.status.close()
        for group in self.cgroups:
            sandbox.remove_cgroup(group)


class Session:
    """One submission in the sandbox: setup, graded cells, calls, restarts."""

    def __init__(self, zygote: Zygote, setup: list[str], cells: list[tuple[str, str]],
                 limits: sandbox.Limits, timeout: float, max_restarts: int = 12):
        self.zygote = zygote
        self.setup = setup
        self.cells = cells
        self.limits = limits
        self.timeout = timeout
        self.max_restarts = max_restarts
        self.worker: WorkerProcess | None = None
        self.starts = 0
        self.scratch = scratch_root() / f"worker-{uuid.uuid4().hex}"
        self.cell_errors: dict[str, str] = {}      # grade_id -> what went wrong running it
        self.fatal_cells: set[str] = set()         # cells that killed or hung the worker
        self.enforced: dict[str, bool] | None = None
        self.notes: list[str] = []
        self.events: list[str] = []                # worker restarts, in order
        self.fatal_calls: dict[str, str] = {}      # function/probe -> how it hung or crashed

    def _start(self) -> WorkerProcess:
        while True:
            if self.starts > self.max_restarts:
                raise StudentError(f"the worker was restarted {self.max_restarts} times; "
                                   "the remaining checks were not run")
            self.starts += 1
            if self.scratch.exists():
                shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch.mkdir(mode=0o700, parents=True)
            worker = WorkerProcess(self.zygote, self.scratch, self.limits)
            self.enforced, self.notes = worker.enforced, worker.notes
            try:
                reply = worker.request({"op": "setup", "sources": self.setup},
                                       max(self.timeout, 60.0))
            except (WorkerTimeout, WorkerDied) as err:
                worker.kill()
                raise EngineError(f"the setup cells of the source notebook did not run in the "
                                  f"sandbox ({type(err).__name__} {err})") from None
            if not reply.get("ok"):
                worker.kill()
                raise EngineError("the setup cells of the source notebook failed in the "
                                  f"sandbox: {reply.get('error')}")
            if self._run_cells(worker):
                return worker

    def _run_cells(self, worker: WorkerProcess) -> bool:
        """Run each graded cell once; False when one killed the worker (it is then skipped)."""
        for grade_id, source in self.cells:
            if grade_id in self.fatal_cells:
                continue
            try:
                reply = worker.request({"op": "cell", "grade_id": grade_id, "source": source},
                                       self.timeout)
            except WorkerTimeout:
                worker.kill()
                self.fatal_cells.add(grade_id)
                self.cell_errors[grade_id] = (f"running the cell of {grade_id} timed out "
                                              f"after {self.timeout:g} s")
                self.events.append(self.cell_errors[grade_id])
                return False
            except WorkerDied as err:
                worker.kill()
                self.fatal_cells.add(grade_id)
                self.cell_errors[grade_id] = f"running the cell of {grade_id} {err}"
                self.events.append(self.cell_errors[grade_id])
                return False
            if not reply.get("ok"):
                self.cell_errors.setdefault(grade_id, str(reply.get("error"))[:500])
        return True

    def ensure_worker(self) -> WorkerProcess:
        if self.worker is None:
            self.worker = self._start()
        return self.worker

    def discard_worker(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None

    def invoke(self, kind: str, name: str, args: tuple, kwargs: dict):
        payload = {"op": "invoke", "kind": kind, "name": name,
                   "args": wire.encode(tuple(args)), "kwargs": wire.encode(dict(kwargs))}
        label = name.split(":")[-1]
        if name in self.fatal_calls:       # a call that hung or killed the worker is not retried
            raise StudentError(f"{self.fatal_calls[name]} (on an earlier check; not run again)")
        worker = self.ensure_worker()
        try:
            reply = worker.request(payload, self.timeout)
        except WorkerTimeout:
            self.discard_worker()
            self.fatal_calls[name] = f"{label} timed out after {self.timeout:g} s"
            self.events.append(f"{self.fatal_calls[name]}; worker restarted")
            raise StudentTimeout(self.fatal_calls[name]) from None
        except WorkerDied as err:
            self.discard_worker()
            self.fatal_calls[name] = f"{label} {err}"
            self.events.append(f"{self.fatal_calls[name]}; worker restarted")
            raise StudentError(self.fatal_calls[name]) from None
        if reply.get("ok") is True:
            try:
                return wire.decode(reply.get("value"))
            except (wire.WireError, ValueError, TypeError) as err:
                raise StudentError(f"{label} returned data the grader refused: {err}") from None
        message = str(reply.get("error", "failed"))[:2000]
        if reply.get("missing") is True:
            raise FunctionMissing(self._explain_missing(name, message))
        raise StudentError(self._annotate(message))

    def _explain_missing(self, name: str, message: str) -> str:
        if name in self.cell_errors:
            return f"{name} is not defined because {self.cell_errors[name]}"
        if name not in dict(self.cells):
            return (f"the submission has no cell for {name} (it was deleted, or its "
                    f"grade_id and def were renamed)")
        return f"{message}; check the def line of its cell (was the function renamed?)"

    def _annotate(self, message: str) -> str:
        notes = [error for grade_id, error in self.cell_errors.items() if grade_id in message]
        return message + "".join(f" [note: {n}]" for n in notes[:2])

    def close(self) -> None:
        self.discard_worker()
        shutil.rmtree(self.scratch, ignore_errors=True)


class SandboxStudent(Student):
    """The `Student` the hidden checks use: every request goes to the sandboxed worker."""

    def __init__(self, session: Session):
        self._session = session

    def _invoke(self, kind, name, args, kwargs):
        return self._session.invoke(kind, name, args, kwargs)
