"""Expected outputs: written from the source solutions, compared by the hidden checks.

Each assignment's cases live in `autograder/cases/<assignment>.py` as a dict `CASES` of
`Case`s. `generate(assignment)` runs every case against the solutions and stores the plain
results in `autograder/expected/<assignment>.npz` (no pickle): one array per leaf, keyed
`<case>/<path>`, plus a JSON description of each result's structure. Regenerating must give
back the committed files (`python -m autograder expected --check`).
"""
from __future__ import annotations

import importlib
import importlib.util
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder.assignments import ASSIGNMENTS, check_assignment
from autograder.student import NamespaceStudent, Student

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"


@dataclass(frozen=True)
class Case:
    """One seeded call of a graded function (or a probe) whose output is recorded.

    `inputs()` returns (args, kwargs) of plain data. When `probe` is set, the case runs
    `student.run(probe, *args, **kwargs)` instead of calling `function` directly.
    """
    function: str
    inputs: Callable[[], tuple[tuple, dict]]
    probe: str | None = None
    rtol: float = 1e-7
    atol: float = 1e-9
    notes: str = ""

    def run(self, student: Student):
        args, kwargs = self.inputs()
        if self.probe:
            return student.run(self.probe, *args, **kwargs)
        return student.call(self.function, *args, **kwargs)


def cases(assignment: str) -> dict[str, Case]:
    module = importlib.import_module(f"autograder.cases.{check_assignment(assignment)}")
    return module.CASES


# ---- flattening plain data into named arrays --------------------------------------------

def flatten(value, prefix: str = "") -> tuple[Any, dict[str, np.ndarray]]:
    """Split a plain value into (structure, {path: array}); arrays and scalars are leaves."""
    leaves: dict[str, np.ndarray] = {}

    def walk(v, path):
        kind = type(v)
        if kind in (list, tuple):
            return {"type": kind.__name__, "items": [walk(x, f"{path}/{i}") for i, x in enumerate(v)]}
        if kind is dict:
            keys = list(v)
            return {"type": "dict", "keys": [[type(k).__name__, k] for k in keys],
                    "items": [walk(v[k], f"{path}/{k}") for k in keys]}
        if v is None:
            return {"type": "None"}
        arr = np.asarray(v)
        leaves[path or "/"] = arr
        return {"type": "leaf", "kind": kind.__name__ if kind in (bool, int, float, str) else
                ("ndarray" if kind is np.ndarray else "numpy_scalar"),
                "dtype": arr.dtype.str, "shape": list(arr.shape)}

    return walk(value, prefix), leaves


def save(assignment: str, results: dict[str, Any], directory: Path = EXPECTED_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    structures = {}
    for name in sorted(results):
        structure, leaves = flatten(results[name], name)
        structures[name] = structure
        arrays.update(leaves)
    arrays["__structure__"] = np.array(json.dumps(structures, sort_keys=True))
    path = directory / f"{assignment}.npz"
    np.savez(path, **arrays)
    return path


@dataclass
class Expected:
    """Expected outputs of one assignment, read from its npz file."""
    assignment: str
    structures: dict
    arrays: dict[str, np.ndarray] = field(repr=False)

    def leaves(self, case: str) -> dict[str, np.ndarray]:
        prefix = case + "/"
        return {k: v for k, v in self.arrays.items() if k == case or k.startswith(prefix)}

    def value(self, case: str):
        """Rebuild the recorded value of `case` (tuples, lists, dicts and arrays)."""
        if case not in self.structures:
            raise KeyError(f"no expected output recorded for case '{case}'")

        def build(node, path):
            t = node["type"]
            if t in ("list", "tuple"):
                items = [build(n, f"{path}/{i}") for i, n in enumerate(node["items"])]
                return items if t == "list" else tuple(items)
            if t == "dict":
                return {(int(k) if kt == "int" else k): build(n, f"{path}/{k}")
                        for (kt, k), n in zip(node["keys"], node["items"])}
            if t == "None":
                return None
            arr = self.arrays[path]
            if node["kind"] in ("bool", "int", "float", "str"):
                return {"bool": bool, "int": int, "float": float, "str": str}[node["kind"]](arr)
            return arr if node["kind"] == "ndarray" else arr[()]

        return build(self.structures[case], case)


def load(assignment: str, directory: Path = EXPECTED_DIR) -> Expected:
    return _load_cached(check_assignment(assignment), str(directory))


@lru_cache(maxsize=None)
def _load_cached(assignment: str, directory: str) -> Expected:
    path = Path(directory) / f"{assignment}.npz"
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    structures = json.loads(str(arrays.pop("__structure__")))
    return Expected(assignment, structures, arrays)


# ---- generating and comparing ----------------------------------------------------------

def generate(assignment: str, directory: Path = EXPECTED_DIR, namespace: dict | None = None) -> Path:
    """Run every case against the source solutions and write the expected file."""
    from autograder.notebook import solution_namespace

    student = NamespaceStudent(namespace if namespace is not None else solution_namespace(assignment))
    results = {name: case.run(student) for name, case in cases(assignment).items()}
    return save(assignment, results, directory)


def differences(assignment: str, fresh: Path, committed: Path = EXPECTED_DIR) -> list[str]:
    """How a freshly generated file differs from the committed one (empty: they agree).

    Floats are compared with each case's own tolerances, everything else exactly.
    """
    new, old = load(assignment, fresh), load(assignment, committed)
    problems = []
    if new.structures != old.structures:
        changed = sorted(k for k in set(new.structures) | set(old.structures)
                         if new.structures.get(k) != old.structures.get(k))
        problems.append(f"{assignment}: structure differs for cases {changed}")
    case_of = cases(assignment) if importlib.util.find_spec(f"autograder.cases.{assignment}") else {}
    for key in sorted(set(new.arrays) | set(old.arrays)):
        if key not in new.arrays or key not in old.arrays:
            problems.append(f"{assignment}: '{key}' only in one of the files")
            continue
        a, b = new.arrays[key], old.arrays[key]
        case = case_of.get(key.split("/")[0])
        if a.dtype.kind == "f" and b.dtype.kind == "f" and a.shape == b.shape:
            rtol, atol = (case.rtol, case.atol) if case else (1e-7, 1e-9)
            if not np.allclose(a, b, rtol=rtol / 10, atol=atol / 10):
                problems.append(f"{assignment}: '{key}' values changed "
                                f"(max abs diff {np.max(np.abs(a - b)):.3g})")
        elif a.shape != b.shape or a.dtype != b.dtype or not np.array_equal(a, b):
            problems.append(f"{assignment}: '{key}' changed")
    return problems


def all_assignments_with_cases() -> list[str]:
    return [a for a in ASSIGNMENTS if importlib.util.find_spec(f"autograder.cases.{a}")]
