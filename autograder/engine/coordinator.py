"""The trusted coordinator: find submissions, grade each in a sandbox, collect results.

`grade_one` is a pure function of (notebook path, assignment, options) returning a plain
`SubmissionResult`, so a local thread pool and a Dask cluster run the same task. It reads
the submission with nbformat, keeps only its graded cells (by grade_id, else by `def`),
takes the setup cells from the *source* notebook, runs the hidden checks against a
`SandboxStudent` and scores them. It writes nothing: `grade_batch`, in the calling process,
is the only writer of the gradebook, Gradescope results and feedback.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder import notebook
from autograder.assignments import GRADED, check_assignment, source_notebook
from autograder.engine import channel, sandbox
from autograder.engine.results import BatchResult, SubmissionResult
from autograder.runner import CheckResult, collect, points_by_grade_id, run_checks

GiB = 1 << 30


@dataclass
class GradeOptions:
    """How to grade one submission (plain data, so it travels to Dask workers)."""
    timeout: float = 30.0                 # wall-clock seconds per call (and per cell)
    memory: int = 4 * GiB                 # address-space cap of the worker
    processes: int = 256                  # tasks (threads included) the worker may have
    student: str | None = None            # overrides the name taken from the path

    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(cpu_seconds=max(1, int(2 * self.timeout)),
                              address_space=self.memory, processes=self.processes)


@dataclass(frozen=True)
class AssignmentSpec:
    """What the coordinator needs from the source notebook and the hidden checks."""
    assignment: str
    setup: tuple[str, ...]
    imports: tuple[str, ...]
    max_by_cell: dict = field(hash=False)
    test_cell_points: dict = field(hash=False)


def _imported_modules(sources) -> list[str]:
    """Modules the setup cells import (the template process imports them up front)."""
    names = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
    return list(dict.fromkeys(names))


@lru_cache(maxsize=None)
def assignment_spec(assignment: str) -> AssignmentSpec:
    check_assignment(assignment)
    source = notebook.read(source_notebook(assignment))
    setup = tuple(notebook.setup_sources(source))
    imports = ["numpy", *_imported_modules(setup)]
    probes = f"autograder.probes.{assignment}"
    if importlib.util.find_spec(probes) is not None:
        imports.append(probes)
    collect(assignment)
    return AssignmentSpec(assignment, setup, tuple(dict.fromkeys(imports)),
                          points_by_grade_id(assignment), notebook.points_of_test_cells(source))


def student_name(path: Path, assignment: str) -> str:
    """`<root>/<student>/<assignment>/<assignment>.ipynb` gives <student>; else the file stem."""
    path = Path(path)
    if path.parent.name == assignment and path.parent.parent.name:
        return path.parent.parent.name
    return path.stem


def discover(path: Path | str, assignment: str) -> list[tuple[str, Path]]:
    """(student, notebook) pairs: one .ipynb, or a folder in nbgrader's submitted layout.

    A student folder without the expected notebook is still listed (it is graded as an
    error with zero points, so nobody silently disappears from the gradebook).
    """
    path = Path(path)
    if path.is_file() or path.suffix == ".ipynb":
        return [(student_name(path, assignment), path)]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such notebook or folder")
    found = []
    for student_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        assignment_dir = student_dir / assignment
        if assignment_dir.is_dir():
            found.append((student_dir.name, assignment_dir / f"{assignment}.ipynb"))
    if not found and (path / f"{assignment}.ipynb").is_file():
        found.append((student_name(path / f"{assignment}.ipynb", assignment),
                      path / f"{assignment}.ipynb"))
    return found


def _ungraded(spec_checks, message: str) -> list[CheckResult]:
    return [CheckResult(s.name, s.grade_id, 0.0, s.points, "error", message, message)
            for s in spec_checks]


def grade_one(submission_path: Path | str, assignment: str,
              options: GradeOptions | None = None) -> SubmissionResult:
    """Grade one submission in a sandboxed worker; never raises for a bad submission."""
    options = options or GradeOptions()
    started = time.monotonic()
    path = Path(submission_path)
    spec = assignment_spec(assignment)
    result = SubmissionResult(student=options.student or student_name(path, assignment),
                              assignment=assignment, notebook=str(path))
    try:
        result.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        nb = notebook.read(path)
    except (OSError, notebook.NotebookError) as err:
        reason = str(err) if isinstance(err, notebook.NotebookError) else f"{path.name}: {err.strerror}"
        result.errors.append(reason)
        result.checks = _ungraded(collect(assignment), f"not graded: {reason}")
        result.tally(spec.max_by_cell)
        result.seconds = time.monotonic() - started
        return result

    found = notebook.graded_cells(nb, assignment)
    result.warnings += found.warnings
    for grade_id in GRADED[assignment]:
        if grade_id not in found.sources:
            result.warnings.append(f"no cell for {grade_id} in the submission")
    session = channel.Session(channel.zygote_for(assignment, list(spec.imports)), list(spec.setup),
                              list(found.sources.items()), options.limits(), options.timeout)
    try:
        session.ensure_worker()
        result.checks = run_checks(assignment, channel.SandboxStudent(session))
    except channel.EngineError as err:
        result.errors.append(f"the grader could not run this submission: {err}")
        result.checks = _ungraded(collect(assignment), f"not graded: {err}")
    except Exception as err:   # a StudentError before any check ran (restarts exhausted)
        result.errors.append(str(err))
        result.checks = _ungraded(collect(assignment), f"not graded: {err}")
    finally:
        session.close()
    result.errors += [f"{g}: {m}" for g, m in session.cell_errors.items()]
    result.errors += [e for e in session.events if e not in session.cell_errors.values()]
    result.sandbox = dict(session.enforced or {})
    result.sandbox_notes = list(session.notes)
    result.tally(spec.max_by_cell)
    result.seconds = time.monotonic() - started
    return result


@dataclass
class Outputs:
    """Where a batch writes (each optional): gradebook URL, results and feedback folders."""
    gradebook: str | None = None
    results: Path | None = None
    feedback: Path | None = None
    course_id: str | None = None


def _write(result: SubmissionResult, outputs: Outputs, gradebook_writer) -> None:
    """Write one result to each output asked for. A write that fails (a locked database, an
    unwritable folder) is recorded in that result's errors and printed to stderr; the other
    outputs are still written and the batch goes on."""
    import sys

    from autograder.engine import feedback, gradescope

    writes = []
    if gradebook_writer is not None:
        writes.append(("gradebook", lambda: gradebook_writer.write(result)))
    if outputs.results is not None:
        writes.append(("results.json", lambda: gradescope.write(result, Path(outputs.results))))
    if outputs.feedback is not None:
        writes.append(("feedback", lambda: feedback.write(result, Path(outputs.feedback))))
    for name, write in writes:
        try:
            write()
        except Exception as err:
            message = (f"could not write the {name} of {result.student}: "
                       f"{type(err).__name__}: {err}")
            result.errors.append(message)
            print(f"{result.assignment}: {message}", file=sys.stderr)


def grade_batch(paths, assignment: str, jobs: int | None = None, timeout: float = 30.0,
                scheduler: str | None = None, gradebook: str | None = None,
                results: Path | str | None = None, feedback: Path | str | None = None,
                progress: bool = True, options: GradeOptions | None = None,
                course_id: str | None = None) -> BatchResult:
    """Grade every submission under `paths` (a notebook, an nbgrader folder, or a list).

    Submissions run `jobs` at a time (default: one per core), each in its own sandboxed
    worker; with `scheduler` they run as `grade_one` tasks on a Dask cluster. Results are
    written here, as each submission finishes, by this process only.
    """
    import os

    from autograder.engine.progress import Progress

    check_assignment(assignment)
    started = time.monotonic()
    options = options or GradeOptions(timeout=timeout)
    items = []
    for p in ([paths] if isinstance(paths, (str, Path)) else list(paths)):
        items += discover(p, assignment)
    outputs = Outputs(gradebook, Path(results) if results else None,
                      Path(feedback) if feedback else None, course_id)
    writer = None
    if gradebook:
        from autograder.engine.gradebook import GradebookWriter

        writer = GradebookWriter(gradebook, assignment, course_id)
    batch = BatchResult(assignment)
    done: dict[int, SubmissionResult] = {}
    bar = Progress(len(items), assignment, enabled=progress)
    task_options = [GradeOptions(**{**options.__dict__, "student": student}) for student, _ in items]
    # Built once here, before the grading threads start: on Python 3.11 two threads parsing
    # the setup cells at once (ast.parse) can fail with "AST constructor recursion depth mismatch".
    assignment_spec(assignment)
    try:
        if scheduler:
            from autograder.engine.dask_backend import run_on_cluster

            def run(todo, todo_options):
                return run_on_cluster(scheduler, todo, assignment, todo_options)
        else:
            def run(todo, todo_options):
                return _run_locally(todo, assignment, todo_options, jobs or os.cpu_count() or 1)
        # Resumable batches: with a results folder, submissions whose result is in its journal
        # (same student, notebook bytes and grader) are not graded again (engine/journal.py).
        if outputs.results is not None:
            from autograder.engine import journal

            stream = journal.resume(items, assignment, outputs.results, task_options, run)
        else:
            stream = run(items, task_options)
        for index, result in stream:
            done[index] = result
            _write(result, outputs, writer)
            bar.update(result)
    finally:
        bar.close()
        if writer is not None:
            writer.close()
        if not scheduler:
            channel.shutdown()
    batch.submissions = [done[i] for i in sorted(done)]
    batch.seconds = time.monotonic() - started
    return batch


def _run_locally(items, assignment, task_options, jobs):
    """Yield (index, result) as local grading threads finish (each drives one worker)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade") as pool:
        futures = {pool.submit(grade_one, path, assignment, task_options[i]): i
                   for i, (_, path) in enumerate(items)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                result = future.result()
            except Exception as err:   # an engine bug must not lose the other results
                student, path = items[index]
                result = _crashed(student, path, assignment, err)
            yield index, result


def _crashed(student, path, assignment, err) -> SubmissionResult:
    spec = assignment_spec(assignment)
    result = SubmissionResult(student=student, assignment=assignment, notebook=str(path))
    message = f"the grader failed on this submission: {type(err).__name__}: {err}"
    result.errors.append(message)
    result.checks = _ungraded(collect(assignment), message)
    result.tally(spec.max_by_cell)
    return result
