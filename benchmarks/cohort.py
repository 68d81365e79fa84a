"""Generated cohorts of submissions for the benchmark and the load tests.

A cohort mixes right and wrong answers in a fixed proportion: the full solution, the blank
release, the course's typical mistakes, and notebooks where each graded function is, at
random (seeded), the solution or one of its known mutants. The few distinct notebooks are
built once and written under every student's name in nbgrader's layout
`<root>/<student>/<assignment>/<assignment>.ipynb`.
"""
from __future__ import annotations

import random
from pathlib import Path

import nbformat

from autograder.assignments import GRADED
from autograder.submissions import (blank, full_solution, mutant_files, mutant_source,
                                    solution_sources, typical_mistakes, with_graded_cells)

MIXED_VARIANTS = 3          # notebooks mixing solutions and mutants, per cohort


def variants(assignment: str, seed: int = 0) -> list[tuple[str, nbformat.NotebookNode]]:
    """The distinct notebooks of a cohort, named by kind."""
    rng = random.Random(seed)
    found = [("solution", full_solution(assignment)), ("blank", blank(assignment)),
             ("mistakes", typical_mistakes(assignment))]
    sources = solution_sources(assignment)
    for i in range(MIXED_VARIANTS):
        mixed = dict(sources)
        for grade_id in GRADED[assignment]:
            options = [p for p in mutant_files(assignment) if p.name.startswith(grade_id + "__")]
            if options and rng.random() < 0.5:
                mixed[grade_id] = mutant_source(rng.choice(options))
        found.append((f"mixed{i}", with_graded_cells(assignment, mixed)))
    return found


def write_cohort(assignment: str, n: int, root: Path, seed: int = 0) -> list[Path]:
    """Write `n` submissions of `assignment` under `root`; return their paths in order."""
    kinds = variants(assignment, seed)
    texts = [(kind, nbformat.writes(nb)) for kind, nb in kinds]
    paths = []
    for i in range(n):
        kind, text = texts[i % len(texts)]
        path = root / f"s{i:04d}_{kind}" / assignment / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
