"""Command line of the grader: `python -m autograder <command> ...`.

A thin layer: each command parses its arguments and calls the Python API.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from autograder.assignments import ASSIGNMENTS


def _expected(args) -> int:
    from autograder import expected

    names = args.assignment or expected.all_assignments_with_cases()
    status = 0
    for name in names:
        if args.update:
            path = expected.generate(name)
            print(f"{name}: wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                expected.generate(name, Path(tmp))
                problems = expected.differences(name, Path(tmp))
            for line in problems:
                print(line)
            print(f"{name}: {'expected outputs differ' if problems else 'expected outputs reproduce'}")
            status |= bool(problems)
    return status


def _release(args) -> int:
    from autograder.assignments import check_assignment
    from autograder.nbgrader_tools import release

    try:
        names = [check_assignment(a) for a in args.assignments] or list(ASSIGNMENTS)
    except KeyError as err:
        print(f"error: {err.args[0]}", file=sys.stderr)
        return 2
    for path in release(names):
        print(f"released {path.relative_to(path.parents[2])}")
    return 0


def _demo(args) -> int:
    from autograder.demo import run_demo
    from autograder.engine import render_table

    batches = run_demo(jobs=args.jobs, progress=not args.no_progress)
    for batch in batches:
        print(f"\n== {batch.assignment} ==")
        print(render_table(batch))
    print("\nwrote gradebook.db, results/<student>/<assignment>/results.json and "
          "feedback/<student>/<assignment>/<assignment>.html")
    return 0


def _grade(args) -> int:
    import json

    from autograder.engine import grade_batch, render_table
    from autograder.engine.dask_backend import SchedulerUnreachable
    from autograder.engine.gradebook import DEFAULT_URL

    try:
        batch = grade_batch(args.path, args.assignment, jobs=args.jobs, timeout=args.timeout,
                            scheduler=args.scheduler,
                            gradebook=None if args.no_gradebook else (args.gradebook or DEFAULT_URL),
                            results=args.results, feedback=args.feedback,
                            progress=not args.no_progress)
    except SchedulerUnreachable as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    off = [m for m, ok in batch.sandbox.items() if not ok]
    sandbox_line = "sandbox: " + ("all measures enforced" if batch.sandbox and not off else
                                  f"NOT enforced: {', '.join(off) or 'no worker started'}")
    if args.format == "json":
        print(json.dumps(batch.to_dict(), indent=1))
        if not args.no_progress:                # the summary goes to stderr, beside the bar
            print(render_table(batch), file=sys.stderr)
    else:
        print(render_table(batch))
    print(sandbox_line, file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    exp = commands.add_parser("expected", help="write or verify expected outputs from the solutions")
    mode = exp.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="rewrite autograder/expected/*.npz")
    mode.add_argument("--check", action="store_true", help="regenerate and compare (default)")
    exp.add_argument("--assignment", action="append", choices=ASSIGNMENTS,
                     help="only this assignment (repeatable)")
    exp.set_defaults(run=_expected)

    grade = commands.add_parser(
        "grade", help="grade submissions in sandboxed workers (see docs/engine.md)",
        description="Grade one notebook, or a folder in nbgrader's layout "
                    "PATH/<student>/<assignment>/<assignment>.ipynb.")
    grade.add_argument("path", help="a submitted .ipynb, or a folder of student folders")
    grade.add_argument("--assignment", required=True, choices=ASSIGNMENTS)
    grade.add_argument("--jobs", type=int, default=None,
                       help="submissions graded at once (default: one per core)")
    grade.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the submissions on this Dask scheduler (tcp://host:8786)")
    grade.add_argument("--gradebook", metavar="URL",
                       help="SQLAlchemy URL or SQLite file (default sqlite:///gradebook.db)")
    grade.add_argument("--no-gradebook", action="store_true", help="do not write a gradebook")
    grade.add_argument("--feedback", metavar="DIR", help="write HTML feedback here")
    grade.add_argument("--results", metavar="DIR", default="results",
                       help="Gradescope results.json files (DIR/<student>/<assignment>/results.json) "
                            "and the journal that makes reruns grade only what changed "
                            "(default: results)")
    grade.add_argument("--format", choices=("table", "json"), default="table",
                       help="stdout: a score table, or exactly one JSON document")
    grade.add_argument("--timeout", type=float, default=30.0,
                       help="wall-clock seconds per call and per cell (default 30)")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    grade.set_defaults(run=_grade)

    rel = commands.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    rel.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                     help=f"default: all of {', '.join(ASSIGNMENTS)}")
    rel.set_defaults(run=_release)

    demo = commands.add_parser("demo", help="grade the demo submissions into gradebook.db")
    demo.add_argument("--jobs", type=int, default=2, help="parallel workers")
    demo.add_argument("--no-progress", action="store_true", help="no progress bar")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
