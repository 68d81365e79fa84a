"""What grading produces: plain dataclasses, their JSON form and the closing score table.

`SubmissionResult` is what `grade_one` returns: per check (`CheckResult` from the runner),
per graded cell and in total, with the sandbox measures that were enforced. It holds only
str/float/bool/list/dict, so it pickles for Dask and serialises to JSON. `BatchResult` is a
batch of them. The JSON contract is documented in docs/engine.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder.runner import CheckResult


@dataclass
class CellScore:
    score: float
    max_score: float

    def to_dict(self) -> dict:
        return {"score": self.score, "max_score": self.max_score}


@dataclass
class SubmissionResult:
    """The grade of one student's notebook for one assignment."""
    student: str
    assignment: str
    notebook: str
    sha256: str = ""
    score: float = 0.0
    max_score: float = 0.0
    cells: dict[str, CellScore] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sandbox: dict[str, bool] = field(default_factory=dict)
    sandbox_notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        """Results are keyed by student and assignment (re-grading replaces them)."""
        return self.student, self.assignment

    @property
    def failures(self) -> int:
        return sum(c.status != "passed" for c in self.checks)

    def tally(self, max_by_cell: dict[str, float]) -> None:
        """Fill per-cell and total scores from the checks (every graded cell appears)."""
        self.cells = {g: CellScore(0.0, m) for g, m in max_by_cell.items()}
        for check in self.checks:
            self.cells[check.grade_id].score += check.score
        self.score = round(sum(c.score for c in self.cells.values()), 6)
        self.max_score = round(sum(c.max_score for c in self.cells.values()), 6)

    def to_dict(self) -> dict:
        return {
            "student": self.student, "assignment": self.assignment, "notebook": self.notebook,
            "sha256": self.sha256, "score": self.score, "max_score": self.max_score,
            "cells": {g: c.to_dict() for g, c in self.cells.items()},
            "checks": [c.to_dict() for c in self.checks],
            "errors": list(self.errors), "warnings": list(self.warnings),
            "sandbox_notes": list(self.sandbox_notes), "seconds": round(self.seconds, 3),
        }


@dataclass
class BatchResult:
    """Every submission graded in one batch, in the order they were given."""
    assignment: str
    submissions: list[SubmissionResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def sandbox(self) -> dict[str, bool]:
        """A measure counts as enforced only if it was enforced for every worker started."""
        reports = [s.sandbox for s in self.submissions if s.sandbox]
        if not reports:
            return {}
        return {m: all(r.get(m, False) for r in reports) for m in reports[0]}

    def to_dict(self) -> dict:
        return {"assignment": self.assignment, "sandbox": self.sandbox,
                "submissions": [s.to_dict() for s in self.submissions],
                "seconds": round(self.seconds, 3)}


def student_message(check: CheckResult) -> str:
    """A check's message for students (feedback, Gradescope): its `public_message`, which
    never quotes a hidden check's expected values or inputs; the full `message` stays with
    the instructor (JSON on stdout, gradebook)."""
    if check.status == "passed":
        return ""
    return check.public_message or (f"{check.name}: the values of {check.grade_id} do not match "
                                    f"the reference (this hidden check shows no details).")


def _number(x: float) -> str:
    return f"{x:g}"


def render_table(batch: BatchResult) -> str:
    """Student x graded cell score table, with totals and the number of failed checks."""
    if not batch.submissions:
        return f"{batch.assignment}: no submissions found"
    grade_ids = list(batch.submissions[0].cells) or []
    for s in batch.submissions:
        grade_ids += [g for g in s.cells if g not in grade_ids]
    header = ["student", *grade_ids, "total", "failed"]
    rows = []
    for s in batch.submissions:
        cells = [_number(s.cells[g].score) if g in s.cells else "-" for g in grade_ids]
        rows.append([s.student, *cells, f"{_number(s.score)}/{_number(s.max_score)}",
                     str(s.failures) + (" !" if s.errors else "")])
    maxima = batch.submissions[0].cells
    rows.append(["(max)", *[_number(maxima[g].max_score) if g in maxima else "-" for g in grade_ids],
                 _number(batch.submissions[0].max_score), ""])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(values):
        first = values[0].ljust(widths[0])
        return "  ".join([first, *(v.rjust(w) for v, w in zip(values[1:], widths[1:]))])

    out = [line(header), line(["-" * w for w in widths]), *map(line, rows)]
    out.append(f"{len(batch.submissions)} submissions of {batch.assignment} graded in "
               f"{batch.seconds:.1f} s ('!': the submission has errors listed in the results)")
    return "\n".join(out)
