"""The sandboxed worker: runs one submission's code and answers the coordinator's requests.

It is forked from the assignment's template process (`zygote.py`) and confines itself
(`sandbox.confine_worker`) before it reads any student code. Requests and replies are one
JSON document per line on a private socket; every value inside them goes through
`autograder.wire` (data only, no pickle). Requests:

* `{"op": "setup", "sources": [...]}`: run the source notebook's setup cells (trusted).
* `{"op": "cell", "grade_id": ..., "source": ...}`: run one graded cell of the submission.
* `{"op": "invoke", "kind": "call"|"probe", "name": ..., "args": ..., "kwargs": ...}`: call a
  student function or run a trusted probe, via `autograder.student.execute`.

Replies are `{"ok": true, ...}` or `{"ok": false, "error": <message>, "missing": <bool>}`.
What student code prints is counted and thrown away; the channel is not its stdout.
"""
from __future__ import annotations

import builtins
import io
import json
import linecache
import os
import signal
import sys
import tempfile
from pathlib import Path

from autograder import wire
from autograder.engine import sandbox
from autograder.student import FunctionMissing, StudentError, describe_exception, execute

EXIT_CPU = 152          # the worker's exit status when it ran out of CPU time


class _Discard(io.TextIOBase):
    """Stands in for stdout/stderr while student code runs: counts characters, keeps none."""

    def __init__(self):
        self.written = 0

    def writable(self):
        return True

    def write(self, text):
        self.written += len(text)
        return len(text)


def _out_of_cpu(signum, frame):
    os._exit(EXIT_CPU)


def _redirect_standard_fds(scratch: Path) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    log = os.open(scratch / "worker-stderr.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)


def _point_environment_at(scratch: Path) -> None:
    for name in ("TMPDIR", "HOME", "MPLCONFIGDIR", "KERAS_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch)
    tempfile.tempdir = None
    os.chdir(scratch)


def _describe(label: str, err: BaseException) -> str:
    try:
        return describe_exception(label, err)
    except BaseException:
        return f"{label} raised {type(err).__name__} (its message could not be shown)"


class Worker:
    """State of one worker: the submission's namespace and the request handlers."""

    def __init__(self, limits: sandbox.Limits):
        self.limits = limits
        self.pid = os.getpid()
        self.builtins = dict(builtins.__dict__)
        self.namespace: dict = {"__name__": "__main__", "__builtins__": builtins}

    def tidy(self) -> None:
        """After each request: a forked copy of the worker exits, processes that student
        code left behind are killed (the worker is PID 1 of its namespace, so `kill(-1)`
        reaches exactly those), and the builtins are restored for the next request."""
        if os.getpid() != self.pid:
            os._exit(0)
        if self.pid == 1:
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            try:
                while os.waitpid(-1, os.WNOHANG)[0]:
                    pass
            except ChildProcessError:
                pass
        self.restore_builtins()

    def restore_builtins(self) -> None:
        if builtins.__dict__ != self.builtins:
            builtins.__dict__.clear()
            builtins.__dict__.update(self.builtins)

    def guarded(self, func):
        """`func` with the builtins restored as soon as it returns (before its result is
        encoded), so that patching them cannot disturb the worker's own code."""
        def call(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            finally:
                self.restore_builtins()
        return call

    def _run_code(self, source: str, filename: str) -> None:
        lines = source.splitlines(keepends=True)
        linecache.cache[filename] = (len(source), None, lines, filename)   # for tracebacks
        code = compile(source, filename, "exec")
        exec(code, self.namespace)

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        try:
            sandbox.cpu_budget(self.limits.cpu_seconds)
        except (ValueError, OSError):
            pass                            # the hard ceiling still holds
        sink = _Discard()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = sink
        try:
            if op == "setup":
                for i, source in enumerate(request["sources"]):
                    self._run_code(source, f"<setup cell {i + 1}>")
                return {"ok": True}
            if op == "cell":
                grade_id = request["grade_id"]
                try:
                    self._run_code(request["source"], f"<cell {grade_id}>")
                except SyntaxError as err:
                    return {"ok": False, "missing": False,
                            "error": f"the cell of {grade_id} has a syntax error "
                                     f"(line {err.lineno}: {err.msg})"}
                except BaseException as err:
                    return {"ok": False, "missing": False,
                            "error": f"running the cell of {grade_id}: "
                                     + _describe("it", err).removeprefix("it ")}
                return {"ok": True}
            if op == "invoke":
                args = wire.decode(request["args"])
                kwargs = wire.decode(request["kwargs"])
                if type(args) is not tuple or type(kwargs) is not dict:
                    raise wire.WireError("malformed request")
                kind, name = request["kind"], request["name"]
                space = self.namespace
                if kind == "call" and callable(self.namespace.get(name)):
                    space = {name: self.guarded(self.namespace[name])}
                try:
                    value = execute(space, kind, name, args, kwargs, quiet=False)
                except FunctionMissing as err:
                    return {"ok": False, "missing": True, "error": str(err)}
                except StudentError as err:
                    return {"ok": False, "missing": False, "error": str(err)}
                return {"ok": True, "value": wire.encode(value)}
            return {"ok": False, "missing": False, "error": f"unknown request '{op}'"}
        except BaseException as err:
            label = request.get("name", "").split(":")[-1] or op or "request"
            return {"ok": False, "missing": False, "error": _describe(str(label), err)}
        finally:
            sys.stdout, sys.stderr = saved


def serve(channel_fd: int, scratch: Path, limits: sandbox.Limits, conf: sandbox.Confinement,
          project_root: Path) -> None:
    """Confine this process, then answer requests until the coordinator closes the channel."""
    _redirect_standard_fds(scratch)
    _point_environment_at(scratch)
    signal.signal(signal.SIGXCPU, _out_of_cpu)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sandbox.confine_worker(conf, limits, project_root, scratch)
    reader = os.fdopen(os.dup(channel_fd), "rb", buffering=1 << 16)

    def send(message: dict) -> None:
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(channel_fd, view):]

    send({"op": "ready", "enforced": conf.enforced, "notes": conf.notes})
    worker = Worker(limits)
    while True:
        line = reader.readline()
        if not line:
            break
        try:
            request = json.loads(line)
            if type(request) is not dict:
                raise ValueError("request is not an object")
        except ValueError as err:
            send({"ok": False, "missing": False, "error": f"malformed request: {err}"})
            continue
        reply = worker.handle(request)
        worker.tidy()
        reply["id"] = request.get("id")
        try:
            send(reply)
        except (TypeError, ValueError) as err:
            send({"ok": False, "missing": False, "id": request.get("id"),
                  "error": f"the reply could not be encoded: {err}"})
