"""A progress bar for batches: submissions done, failed checks, rate and time left (stderr)."""
from __future__ import annotations

import sys

from autograder.engine.results import SubmissionResult


class Progress:
    """tqdm on stderr; silent when disabled or when there is nothing to grade."""

    def __init__(self, total: int, assignment: str, enabled: bool = True):
        self.failed_checks = 0
        self.with_errors = 0
        self.bar = None
        if enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=f"grading {assignment}", unit="nb",
                            file=sys.stderr, dynamic_ncols=True, leave=True,
                            bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                                       "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")

    def update(self, result: SubmissionResult) -> None:
        self.failed_checks += result.failures
        self.with_errors += bool(result.errors)
        if self.bar is not None:
            self.bar.set_postfix_str(f"failed checks {self.failed_checks}, "
                                     f"submissions with errors {self.with_errors}", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
