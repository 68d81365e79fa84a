"""Shared fixtures: solution namespaces are built once per test process."""
from __future__ import annotations

import os
from functools import lru_cache

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from autograder.assignments import available_assignments
from autograder.notebook import solution_namespace


def per_assignment(assignments=None):
    """pytest.param per assignment, grouped so TensorFlow is imported by one worker only."""
    return [pytest.param(a, id=a, marks=pytest.mark.xdist_group(a))
            for a in (assignments if assignments is not None else available_assignments())]


@lru_cache(maxsize=None)
def cached_solution_namespace(assignment: str) -> dict:
    return solution_namespace(assignment)


@pytest.fixture
def solutions():
    """solutions(assignment) → a fresh shallow copy of the solution namespace."""
    return lambda assignment: dict(cached_solution_namespace(assignment))
