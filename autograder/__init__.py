"""The course's grader: hidden checks, expected outputs and the grading engine.

Importing this package is cheap; `check` loads the checks only when called.
"""


def check(grade_id: str, namespace: dict) -> None:
    """Run the hidden checks of one graded function against a notebook's namespace."""
    from autograder.inkernel import check as run

    run(grade_id, namespace)
