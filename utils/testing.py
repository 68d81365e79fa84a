"""Small checking tools shared by the visible checks, the hidden checks and the tests.

Every helper raises `CheckFailed` with a message that says what was checked, what was
expected, what came back and, where one is given, a hint about the likely mistake. The parts
travel separately too (`what`, `expected`, `got`, `hint`), so the grader can show students a
`public_message` that never quotes an expected value of a hidden check.
"""
from __future__ import annotations

import numpy as np


_UNSET = object()


class CheckFailed(AssertionError):
    """A check did not hold; the message is written for a student.

    `fail` also sets the parts of the message: `what` was checked, the `expected` value, the
    value `got` and a `hint`. `public_got` is the part of `got` that may be shown without the
    expected value (None: nothing), `public_expected` a description of what was expected that
    gives away no hidden data (a type name, "unchanged"). A CheckFailed raised with a message
    only has no parts (`what` is None) and no public message.
    """

    def __init__(self, message: str = "", *, what: str | None = None, expected=None, got=None,
                 hint: str | None = None, public_got=_UNSET, public_expected=None):
        super().__init__(message)
        self.what, self.expected, self.got, self.hint = what, expected, got, hint
        self.public_got = got if public_got is _UNSET else public_got
        self.public_expected = public_expected

    @property
    def public_message(self) -> str | None:
        """What was checked, the value got where it is safe to show, and the hint: never the
        expected value (None when the failure carries no parts)."""
        if self.what is None:
            return None
        if self.public_expected is not None:
            got = "" if self.public_got is None else f", got {self.public_got}"
            text = f"{self.what}: expected {self.public_expected}{got}."
        elif self.public_got is not None:
            text = f"{self.what}: got {self.public_got}, which does not match the expected value."
        else:
            text = f"{self.what}: does not match the expected value."
        return text + (f" Hint: {self.hint}" if self.hint else "")


def fail(what: str, expected, got, hint: str | None = None, *, public_got=_UNSET,
         public_expected=None):
    """Raise `CheckFailed`: "what: expected E, got G. Hint: H" with its parts attached.

    `public_got` replaces `got` in the public message (None hides it: use it when `got` is
    derived from hidden data); `public_expected` is a description of the expectation that is
    safe to show students (by default none is shown).
    """
    message = f"{what}: expected {expected}, got {got}."
    if hint:
        message += f" Hint: {hint}"
    raise CheckFailed(message, what=what, expected=expected, got=got, hint=hint,
                      public_got=public_got, public_expected=public_expected)


def rel_error(x, y):
    """Largest relative error max(|x - y| / max(1e-8, |x| + |y|)) between two arrays."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def numerical_gradient(f, x, df=None, h=1e-5):
    """Central-difference gradient of a scalar or array function f with respect to x.

    f takes no argument and reads x, which is perturbed in place and restored. For an
    array-valued f the result is the gradient of sum(f() * df) (df defaults to ones).
    """
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        plus = np.asarray(f(), dtype=float)       # f(x + h e_ix)
        x[ix] = old - h
        minus = np.asarray(f(), dtype=float)      # f(x - h e_ix)
        x[ix] = old
        weight = np.ones_like(plus) if df is None else df
        grad[ix] = np.sum((plus - minus) * weight) / (2 * h)
        it.iternext()
    return grad


def describe(value) -> str:
    """A short description of a value for messages: type, shape and dtype of arrays."""
    if isinstance(value, np.ndarray):
        return f"ndarray shape {value.shape} dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(map(str, value))}"
    return type(value).__name__


def check_type(name: str, value, expected_type, hint: str | None = None):
    if not isinstance(value, expected_type):
        names = (expected_type.__name__ if isinstance(expected_type, type)
                 else " or ".join(t.__name__ for t in expected_type))
        fail(f"type of {name}", names, describe(value), hint, public_expected=names)


def check_shape(name: str, value, shape, hint: str | None = None):
    """`value` is an ndarray of the given shape."""
    check_type(name, value, np.ndarray, hint)
    if value.shape != tuple(shape):
        fail(f"shape of {name}", tuple(shape), value.shape, hint)


def check_len(name: str, value, length: int, hint: str | None = None):
    check_type(name, value, (tuple, list))
    if len(value) != length:
        fail(f"length of {name}", length, len(value), hint)


def check_keys(name: str, value, keys, hint: str | None = None):
    check_type(name, value, dict)
    if set(value) != set(keys):
        missing = sorted(set(keys) - set(value))
        extra = sorted(set(value) - set(keys))
        fail(f"keys of {name}", sorted(keys), sorted(map(str, value)),
             hint or f"missing {missing}, unexpected {extra}", public_expected=sorted(keys))


def check_close(name: str, got, expected, rtol: float = 1e-6, atol: float = 1e-8,
                hint: str | None = None):
    """`got` equals `expected` within the tolerances (shape checked first)."""
    expected = np.asarray(expected)
    if isinstance(got, np.ndarray) or expected.ndim:
        check_shape(name, got, expected.shape, hint)
    got_arr = np.asarray(got, dtype=float)
    if not np.all(np.isfinite(got_arr)):
        fail(f"values of {name}", "finite numbers", "NaN or inf", hint,
             public_expected="finite numbers")
    if not np.allclose(got_arr, expected, rtol=rtol, atol=atol):
        err = np.abs(got_arr - expected)
        worst = np.unravel_index(np.argmax(err), err.shape) if err.ndim else ()
        where = f" at index {tuple(int(i) for i in worst)}" if worst else ""
        got_value = got_arr[worst] if worst else got_arr
        fail(f"values of {name} (rtol={rtol:g}, atol={atol:g})",
             f"{_fmt(expected[worst] if worst else expected)}{where}", _fmt(got_value), hint,
             public_got=f"{_fmt(got_value, precision=4)}{where}")


def _fmt(x, precision: int = 8) -> str:
    return np.array2string(np.asarray(x), precision=precision, threshold=8)


def all_passed():
    """Printed by a visible check once every assertion above it ran."""
    print("\033[92mAll tests passed.\033[0m")
