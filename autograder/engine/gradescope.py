"""Gradescope's autograder format: one `results.json` per submission.

Layout: `<folder>/<student>/<assignment>/results.json` (so the results of different
assignments never overwrite each other), with the total, one test per hidden check (name,
score, max_score, status, output, visibility) and the submission's errors as output.
Students see these files, so a check's output is its public message, as in the feedback.
"""
from __future__ import annotations

import json
from pathlib import Path

from autograder.engine.results import SubmissionResult, student_message


def results_json(result: SubmissionResult) -> dict:
    tests = [{
        "name": f"{c.grade_id}: {c.name}",
        "score": c.score,
        "max_score": c.max_score,
        "status": "passed" if c.status == "passed" else "failed",
        "output": student_message(c) if c.status != "passed" else "passed",
        "visibility": "visible",
    } for c in result.checks]
    output = "\n".join(result.errors) or "All checks ran."
    return {"score": result.score, "max_score": result.max_score, "output": output,
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"assignment": result.assignment, "sha256": result.sha256}}


def write(result: SubmissionResult, folder: Path) -> Path:
    path = Path(folder) / result.student / result.assignment / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results_json(result), indent=2))
    tmp.replace(path)
    return path
