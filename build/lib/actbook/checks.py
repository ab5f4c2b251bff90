"""Feedback for exercises: checks that fail with a message saying what was expected.

Use them in exercise test cells instead of bare ``assert`` so that a learner
sees *what* is wrong, e.g.::

    check_close("sigmoid(0)", my_sigmoid(0.0), 0.5)
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

__all__ = ["ExerciseError", "check_close", "check_equal", "check_shape", "check_true", "check_implemented"]


class ExerciseError(AssertionError):
    """Raised by a failing check: an AssertionError with a learner-friendly message."""


def _short(a: Any) -> str:
    s = np.array2string(np.asarray(a), precision=6, threshold=8) if not isinstance(a, str) else repr(a)
    return s if len(s) < 200 else s[:197] + "..."


def check_implemented(func: Callable, *args: Any, what: str | None = None) -> Any:
    """Call ``func(*args)``; turn a NotImplementedError stub into a clear message."""
    try:
        return func(*args)
    except NotImplementedError:
        name = what or getattr(func, "__name__", "this function")
        raise ExerciseError(f"{name} is not implemented yet: replace `raise NotImplementedError()` with your code") from None


def check_close(what: str, actual: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """``actual`` must equal ``expected`` elementwise within ``atol + rtol·|expected|``."""
    a = np.asarray(actual, dtype=float) if not isinstance(actual, type(None)) else None
    if a is None:
        raise ExerciseError(f"{what}: expected {_short(expected)}, got None (did you forget to return?)")
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        raise ExerciseError(f"{what}: expected shape {e.shape}, got shape {a.shape}")
    if not np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=False):
        err = np.max(np.abs(a - e))
        raise ExerciseError(f"{what}: expected {_short(e)}, got {_short(a)} (max abs difference {err:.3g})")


def check_equal(what: str, actual: Any, expected: Any) -> None:
    """Exact equality (arrays compared elementwise)."""
    if not np.array_equal(np.asarray(actual), np.asarray(expected)):
        raise ExerciseError(f"{what}: expected {_short(expected)}, got {_short(actual)}")


def check_shape(what: str, actual: Any, shape: tuple) -> None:
    s = np.shape(actual)
    if s != tuple(shape):
        raise ExerciseError(f"{what}: expected shape {tuple(shape)}, got {s}")


def check_true(condition: Any, message: str) -> None:
    """Fail with ``message`` unless ``condition`` is truthy."""
    if not bool(condition):
        raise ExerciseError(message)
