"""How hidden checks reach a submission's functions.

A check never touches student objects directly. It asks a `Student` to call a function, or
to run a trusted probe (a function from `autograder.probes`) next to the student's code, and
gets back plain data that went through `autograder.wire`. `NamespaceStudent` runs in the
same interpreter (in-kernel checks, expected outputs from the solutions); the grading engine
provides a sandboxed implementation with the same interface.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import traceback

from autograder.wire import WireError, dumps, sanitize


class StudentError(Exception):
    """Calling the student's code did not give a usable result; the message says why."""


class FunctionMissing(StudentError):
    pass


class StudentTimeout(StudentError):
    pass


def resolve_probe(dotted: str):
    """`autograder.probes.<module>:<function>` → the function (only that package)."""
    module, _, name = dotted.partition(":")
    if not module.startswith("autograder.probes.") or not name.isidentifier():
        raise ValueError(f"probe '{dotted}' is not in autograder.probes")
    return getattr(importlib.import_module(module), name)


def describe_exception(name: str, err: BaseException) -> str:
    if isinstance(err, NotImplementedError):
        return f"{name} is not implemented yet (it raised NotImplementedError)"
    frames = traceback.extract_tb(err.__traceback__)
    where = ""
    for frame in reversed(frames):
        if frame.filename.startswith("<"):
            where = f" (line {frame.lineno}: {(frame.line or '').strip()[:100]})"
            break
    return f"{name} raised {type(err).__name__}: {str(err)[:300]}{where}"


class Student:
    """Interface the hidden checks use; subclasses implement `_invoke`.

    Several checks often look at the same seeded call (one training run, say). Each distinct
    request is sent once per submission: its result, or the error it raised, is kept and a
    fresh copy handed to every check that asks again.
    """

    def call(self, name: str, *args, **kwargs):
        """Call the student's function `name`; return its result as plain data."""
        return self._remembered("call", name, args, kwargs)

    def run(self, probe: str, *args, **kwargs):
        """Run the trusted probe `probe(namespace, *args, **kwargs)` beside the student's code."""
        return self._remembered("probe", probe, args, kwargs)

    def _remembered(self, kind: str, name: str, args: tuple, kwargs: dict):
        memo = self.__dict__.setdefault("_memo", {})
        key = (kind, name, dumps(args), dumps(kwargs))
        if key not in memo:
            try:
                memo[key] = (True, self._invoke(kind, name, args, kwargs))
            except StudentError as err:
                memo[key] = (False, err)
        ok, value = memo[key]
        if not ok:
            raise value
        return sanitize(value)                      # each check gets its own copy

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def _invoke(self, kind: str, name: str, args: tuple, kwargs: dict):
        raise NotImplementedError


class NamespaceStudent(Student):
    """Calls functions from a dict namespace in this interpreter."""

    def __init__(self, namespace: dict, quiet: bool = True):
        self._namespace = namespace
        self._quiet = quiet

    def _invoke(self, kind, name, args, kwargs):
        args, kwargs = sanitize(args), sanitize(kwargs)      # callers get private copies
        return execute(self._namespace, kind, name, args, kwargs, quiet=self._quiet)


def execute(namespace: dict, kind: str, name: str, args: tuple, kwargs: dict, quiet=True):
    """Shared by the in-process student and the sandbox worker: run one request."""
    if kind == "call":
        func = namespace.get(name)
        if not callable(func):
            raise FunctionMissing(f"function '{name}' is not defined in the submission")
        target, label = (lambda: func(*args, **kwargs)), name
    elif kind == "probe":
        probe = resolve_probe(name)
        target, label = (lambda: probe(namespace, *args, **kwargs)), name.split(":")[-1]
    else:
        raise ValueError(f"unknown request kind '{kind}'")
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
            result = target()
    except StudentError:
        raise
    except (Exception, SystemExit) as err:
        raise StudentError(describe_exception(label, err)) from None
    try:
        return sanitize(result)
    except WireError as err:
        raise StudentError(f"{label} returned something that is not plain data: {err}") from None
