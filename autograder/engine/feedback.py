"""Per-student feedback as a self-contained HTML page.

It lists every hidden check of every graded function with pass/fail, points and the check's
message, the problems met while running the notebook, and the sandbox measures in force.
It never shows a check's inputs, expected outputs or code: a check's message is its public
message (`results.student_message`), built from what was checked, the student's own value
and the hint, never from the expected value.
Everything that came from a submission is HTML-escaped. Layout follows nbgrader's feedback
folder: `<folder>/<student>/<assignment>/<assignment>.html`.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from autograder.engine.results import SubmissionResult, student_message

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: .35em .6em; text-align: left; vertical-align: top; }
.passed { color: #17692c; } .failed, .error { color: #a51d1d; }
pre { white-space: pre-wrap; margin: 0; font-size: .9em; }
"""


def _fmt(x: float) -> str:
    return f"{x:g}"


def render(result: SubmissionResult) -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'>",
             f"<title>{escape(result.assignment)}: feedback for {escape(result.student)}</title>",
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{escape(result.assignment)}</h1>",
             f"<p>Student: <b>{escape(result.student)}</b>. Score: "
             f"<b>{_fmt(result.score)} / {_fmt(result.max_score)}</b>.</p>"]
    if result.errors:
        parts.append("<h2>Problems while running your notebook</h2><ul>")
        parts += [f"<li><pre>{escape(e)}</pre></li>" for e in result.errors]
        parts.append("</ul>")
    if result.warnings:
        parts.append("<h2>Notes</h2><ul>")
        parts += [f"<li>{escape(w)}</li>" for w in result.warnings]
        parts.append("</ul>")
    for grade_id, cell in result.cells.items():
        parts.append(f"<h2>{escape(grade_id)}: {_fmt(cell.score)} / {_fmt(cell.max_score)}</h2>")
        parts.append("<table><tr><th>check</th><th>result</th><th>points</th><th>message</th></tr>")
        for check in (c for c in result.checks if c.grade_id == grade_id):
            parts.append(
                f"<tr><td>{escape(check.name)}</td>"
                f"<td class='{check.status}'>{escape(check.status)}</td>"
                f"<td>{_fmt(check.score)} / {_fmt(check.max_score)}</td>"
                f"<td><pre>{escape(student_message(check))}</pre></td></tr>")
        parts.append("</table>")
    if result.sandbox:
        enforced = ", ".join(m for m, ok in result.sandbox.items() if ok) or "none"
        missing = ", ".join(m for m, ok in result.sandbox.items() if not ok) or "none"
        parts.append(f"<p><small>Your code ran in a sandbox. Enforced: {escape(enforced)}. "
                     f"Not available on the grading machine: {escape(missing)}.</small></p>")
    parts.append(f"<p><small>Notebook sha256 {escape(result.sha256)}</small></p></body></html>")
    return "\n".join(parts)


def write(result: SubmissionResult, folder: Path) -> Path:
    path = Path(folder) / result.student / result.assignment / f"{result.assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render(result))
    tmp.replace(path)
    return path
