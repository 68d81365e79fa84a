"""Student-facing check messages never give hidden data away, and still say what failed.

Every mutant (tests/mutants/<assignment>/*.py) is run through its function's hidden checks.
The public message of each failed check (what feedback, Gradescope and `autograder.check`
show) must quote none of the recorded expected outputs: no string leaf of the expected npz
(nor a line or `|`-separated piece of one), no float leaf to 6 significant digits, and none
of the hidden cases' scalar inputs (bounds, learning rates, iteration counts). It must still
name what was checked. The full messages, which the mutant tests match, are untouched.

Run `python -m tests.test_public_messages` to print every public message.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache

import numpy as np
import pytest

from autograder.expected import cases, load
from autograder.runner import collect, generic_message, run_checks
from autograder.student import NamespaceStudent
from autograder.submissions import mutant_files
from tests.conftest import available_assignments, cached_solution_namespace
from tests.test_mutants import expect_of

NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def significant_digits(token: str) -> int:
    mantissa = re.split(r"[eE]", token.lstrip("-"))[0].replace(".", "").lstrip("0")
    return len(mantissa)


@lru_cache(maxsize=None)
def hidden_data(assignment: str) -> tuple[frozenset, frozenset, frozenset]:
    """(strings, floats to 6 digits, scalar inputs) that no public message may quote."""
    strings, floats = set(), set()
    for name, array in load(assignment).arrays.items():
        if name == "__structure__":
            continue
        if array.dtype.kind == "U":
            for text in np.ravel(array):
                text = str(text)
                if len(text) >= 3:
                    strings.add(text)
                strings.update(p.strip() for p in re.split(r"[\n|]", text) if len(p.strip()) >= 4)
        elif array.dtype.kind == "f":
            for x in np.ravel(array).astype(float):
                if np.isfinite(x) and significant_digits(f"{x:.6g}") >= 6:
                    floats.add(f"{x:.6g}")
    inputs = set()
    for case in cases(assignment).values():
        args, kwargs = case.inputs()
        for x in (*args, *kwargs.values()):
            if isinstance(x, float) and x != int(x):
                inputs.add(f"{x:g}")
            elif isinstance(x, int) and not isinstance(x, bool) and x >= 100:
                # Smaller integers (seeds, sizes) are not searched for: they occur in ordinary
                # text, and the student's own output shapes and Keras errors show the sizes.
                inputs.add(str(x))
    return frozenset(strings), frozenset(floats), frozenset(inputs)


def leaks(assignment: str, message: str) -> list[str]:
    strings, floats, inputs = hidden_data(assignment)
    found = [f"string {s!r}" for s in strings           # whole words: 'rave' is not in 'ravel'
             if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", message, re.I)]
    found += [f"float {f}" for f in floats if f in message]
    for token in NUMBER.findall(message):
        if significant_digits(token) >= 6 and f"{float(token):.6g}" in floats:
            found.append(f"float {token}")
        if token.lstrip("-") in inputs:
            found.append(f"hidden input {token}")
    return found


def public_failures(assignment: str, path) -> list:
    """The failed hidden checks of the mutant's function (CheckResults)."""
    grade_id = path.stem.split("__")[0]
    namespace = dict(cached_solution_namespace(assignment))
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return [r for r in run_checks(assignment, NamespaceStudent(namespace), [grade_id])
            if r.status != "passed"]


def mutant_params():
    return [pytest.param(a, p, id=f"{a}/{p.stem}", marks=pytest.mark.xdist_group(a))
            for a in available_assignments() for p in mutant_files(a)]


@pytest.mark.parametrize("assignment,path", mutant_params())
def test_public_messages_hide_expected_values(assignment, path):
    failed = public_failures(assignment, path)
    generic = {s.name: generic_message(s) for s in collect(assignment)}
    for result in failed:
        public = result.public_message
        assert public, f"{result.name} has no public message"
        found = leaks(assignment, public)
        assert not found, f"{result.name} leaks {found} in its public message: {public}"
        if result.status == "failed":
            # informative: the check's own subject, not the generic text, whenever the full
            # message has the structured "<what>: expected ..., got ..." form
            what = result.message.split(": expected ")[0]
            if ": expected " in result.message:
                assert public.startswith(what), (result.message, public)
            else:
                assert public == generic[result.name]
    # informative: where a failed check's subject or hint names the mistake, students see it
    expect = expect_of(path)
    shown = []                       # the parts of each full message a public one may show
    for r in failed:
        subject, _, rest = r.message.partition(": expected ")
        shown.append((subject + " " + (rest.partition(" Hint: ")[2] if rest else "")).lower())
    if any(expect in part for part in shown):
        assert any(expect in r.public_message.lower() for r in failed), (
            f"'{expect}' is in a hint but in no public message: "
            + " | ".join(r.public_message for r in failed))


@pytest.mark.xdist_group("dinosaur_island")
@pytest.mark.skipif("dinosaur_island" not in available_assignments(), reason="no source notebook")
def test_in_kernel_check_shows_public_messages_only(capsys):
    """`autograder.check` in a notebook feeds nbgrader's feedback: public messages only."""
    from autograder import inkernel
    from autograder.submissions import MUTANTS_DIR

    path = MUTANTS_DIR / "dinosaur_island" / "sample__argmax.py"
    namespace = dict(cached_solution_namespace("dinosaur_island"))
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    with pytest.raises(AssertionError) as err:
        inkernel.check("sample", namespace)
    text = str(err.value) + capsys.readouterr().out
    full = [r for r in public_failures("dinosaur_island", path)]
    assert full and all(r.public_message in text for r in full)
    assert not leaks("dinosaur_island", text)
    assert not any(r.message in text for r in full if r.message != r.public_message)


def main() -> int:
    for assignment in available_assignments():
        for path in mutant_files(assignment):
            for result in public_failures(assignment, path):
                found = leaks(assignment, result.public_message)
                mark = f" LEAKS {found}" if found else ""
                print(f"{assignment}/{path.stem} {result.name}:{mark}\n    full:   "
                      f"{result.message[:300]}\n    public: {result.public_message[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
