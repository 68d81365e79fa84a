"""The grading engine: a trusted coordinator and sandboxed workers.

`grade_one(path, assignment, options)` grades one submission and returns a plain
`SubmissionResult`; `grade_batch(paths, assignment, ...)` grades many, writes the gradebook,
Gradescope results and feedback, and returns a `BatchResult`; `render_table(batch)` is the
closing score table. Importing this package is cheap: the sandboxed worker imports
`autograder.engine.worker` and `autograder.engine.sandbox` without the coordinator's modules.
"""
from __future__ import annotations

_EXPORTS = {
    "grade_one": "coordinator", "grade_batch": "coordinator", "discover": "coordinator",
    "GradeOptions": "coordinator", "render_table": "results", "BatchResult": "results",
    "SubmissionResult": "results",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f"autograder.engine.{_EXPORTS[name]}"), name)
    raise AttributeError(name)


__all__ = sorted(_EXPORTS)
