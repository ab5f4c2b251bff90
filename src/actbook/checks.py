"""Feedback for exercises: checks that fail with a message saying what was expected.

Use them in exercise test cells instead of bare ``assert`` so that a learner
sees *what* is wrong, e.g.::

    check_close("sigmoid(0)", my_sigmoid(0.0), 0.5)

Grading that a submission cannot game
-------------------------------------
A solution cell runs before the test cells in the same kernel, so it can rebind
anything it can reach: the notebook's globals (``np``, ``check_close``), the
attributes of ``actbook.checks`` in ``sys.modules``, or the package's reference
functions. Test cells therefore start with::

    _ck = __import__("actbook.checks", fromlist=["fresh"]).fresh()

:func:`fresh` executes this file's source again into a new module object, so a
patched ``actbook.checks.check_close`` has no effect on ``_ck.check_close``; it
also refuses to grade (raises :class:`ExerciseError`) when the shared module's
check functions were replaced. The comparisons of a fresh module are written in
plain Python (``math``), so patching ``numpy.allclose`` does not make them pass.
Test cells compare with constants written into the cell when the exercise was
authored, and :func:`forbid` blocks a package reference while the learner's
function runs, where not calling it is the point of the exercise.
"""

from __future__ import annotations

import contextlib
import math
import sys
import types
from typing import Any, Callable, Iterator

import numpy as np

__all__ = [
    "ExerciseError",
    "check_close",
    "check_equal",
    "check_shape",
    "check_true",
    "check_implemented",
    "call",
    "forbid",
    "fresh",
]

class ExerciseError(AssertionError):
    """Raised by a failing check: an AssertionError with a learner-friendly message."""


def _short(a: Any) -> str:
    s = np.array2string(np.asarray(a), precision=6, threshold=8) if not isinstance(a, str) else repr(a)
    return s if len(s) < 200 else s[:197] + "..."


def _flat_floats(a: Any) -> tuple[tuple[int, ...], list[float]]:
    """Shape and the flat list of Python floats of ``a`` (plain Python, no numpy maths)."""
    arr = np.asarray(a, dtype=float)
    shape = tuple(int(s) for s in arr.shape)
    vals = arr.tolist()
    out: list[float] = []

    def walk(v: Any) -> None:
        if isinstance(v, list):
            for u in v:
                walk(u)
        else:
            out.append(float(v))

    walk(vals)
    return shape, out


def _arg(a: Any) -> str:
    """A short description of an argument for a message (a name for functions)."""
    if callable(a) and not isinstance(a, np.ndarray):
        return getattr(a, "__name__", type(a).__name__)
    if isinstance(a, np.ndarray) and a.size > 8:
        return f"<array of shape {a.shape}>"
    s = repr(a)
    return s if len(s) <= 40 else s[:37] + "..."


def check_implemented(func: Callable, *args: Any, what: str | None = None) -> Any:
    """Call ``func(*args)`` and return its result, with a clear message when it fails.

    A ``NotImplementedError`` stub becomes "... is not implemented yet"; any other
    exception raised inside ``func`` (except an AssertionError, which already carries
    a check's message) becomes an :class:`ExerciseError` that says what was expected
    (a result) and what was received (the exception), chained to the original.
    """
    name = what or getattr(func, "__name__", "this function")
    if not callable(func):
        raise ExerciseError(f"{name} should be a function, got {type(func).__name__}")
    try:
        return func(*args)
    except NotImplementedError:
        raise ExerciseError(
            f"{name} is not implemented yet: replace `raise NotImplementedError(...)` with your code"
        ) from None
    except AssertionError:
        raise
    except Exception as e:  # noqa: BLE001 - the learner's error, reported with what was expected
        shown = f"{name}({', '.join(_arg(a) for a in args)})"
        raise ExerciseError(
            f"{shown}: expected a result, got {type(e).__name__}: {str(e)[:160]} "
            "(raised inside your code; the traceback above shows where)"
        ) from e


call = check_implemented


def _check_tol(value: Any, name: str) -> None:
    """A tolerance: a finite real number in [0, inf), not a bool."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number in [0, inf), got {type(value).__name__}")
    if not math.isfinite(float(value)) or float(value) < 0:
        raise ValueError(f"{name} must be a finite number in [0, inf), got {value!r}")


def check_close(what: str, actual: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """``actual`` must equal ``expected`` elementwise within ``atol + rtol·|expected|``.

    ``rtol`` and ``atol`` must be finite real numbers >= 0 (not bool): TypeError or
    ValueError otherwise.
    """
    _check_tol(rtol, "rtol")
    _check_tol(atol, "atol")
    if actual is None:
        raise ExerciseError(f"{what}: expected {_short(expected)}, got None (did you forget to return?)")
    try:
        a_shape, a = _flat_floats(actual)
    except (TypeError, ValueError):
        raise ExerciseError(f"{what}: expected numbers like {_short(expected)}, got {type(actual).__name__}") from None
    e_shape, e = _flat_floats(expected)
    if a_shape != e_shape:
        raise ExerciseError(f"{what}: expected shape {e_shape}, got shape {a_shape}")
    worst, ok = 0.0, True
    for x, y in zip(a, e):
        if math.isnan(x) or math.isnan(y):
            ok, worst = False, math.inf
            continue
        if x == y:
            continue
        d = abs(x - y)
        if not d <= atol + rtol * abs(y):
            ok = False
        worst = max(worst, d)
    if not ok:
        raise ExerciseError(f"{what}: expected {_short(expected)}, got {_short(actual)} (max abs difference {worst:.3g})")


def check_equal(what: str, actual: Any, expected: Any) -> None:
    """Exact equality (arrays compared elementwise, shapes must agree)."""
    try:
        a = np.asarray(actual)
        e = np.asarray(expected)
        same = a.shape == e.shape and a.tolist() == e.tolist()
    except (TypeError, ValueError):
        same = False
    if not same:
        raise ExerciseError(f"{what}: expected {_short(expected)}, got {_short(actual)}")


def check_shape(what: str, actual: Any, shape: tuple) -> None:
    """``actual`` must have exactly the shape ``shape``."""
    s = tuple(int(d) for d in np.shape(actual))
    if s != tuple(shape):
        raise ExerciseError(f"{what}: expected shape {tuple(shape)}, got {s}")


def check_true(condition: Any, message: str) -> None:
    """Fail with ``message`` unless ``condition`` is truthy."""
    if not bool(condition):
        raise ExerciseError(message)


def _blocker(qual: str, why: str) -> Callable:
    def blocked(*args: Any, **kwargs: Any) -> Any:
        raise ExerciseError(f"your code calls {qual}: {why}")

    return blocked


@contextlib.contextmanager
def forbid(*items: Any, why: str = "this exercise asks you to compute it yourself") -> Iterator[None]:
    """Make the functions in ``items`` raise :class:`ExerciseError` while the block runs.

    An item is a Python function, whose ``__code__`` is swapped, so a reference the
    learner saved earlier (``f = losses.softmax``) is blocked too; or a pair
    ``(namespace, "name")``, whose attribute is replaced (for numpy ufuncs such as
    ``(np, "exp")``, which have no code to swap). Everything is restored on exit.
    """
    swapped: list[tuple[types.FunctionType, types.CodeType]] = []
    replaced: list[tuple[Any, str, Any]] = []
    try:
        for item in items:
            if isinstance(item, tuple):
                target, name = item
                label = f"{getattr(target, '__name__', type(target).__name__)}.{name}"
                replaced.append((target, name, getattr(target, name)))
                setattr(target, name, _blocker(label, why))
                continue
            fn = getattr(item, "__func__", item)
            if not isinstance(fn, types.FunctionType):
                raise TypeError(f"forbid needs Python functions or (namespace, name) pairs, got {type(item).__name__}")
            qual = f"{getattr(fn, '__module__', '?')}.{fn.__qualname__}"
            msg = f"your code calls {qual}, the package's reference: {why}"
            nfree = len(fn.__code__.co_freevars)
            args = ", ".join(f"_c{i}" for i in range(nfree))
            # a factory whose inner function closes over as many cells as the original
            src = f"def _make({args}):\n    def _blocked(*a, **k):\n"
            src += "".join(f"        _c{i}\n" for i in range(nfree))
            src += f"        raise AssertionError({msg!r})\n    return _blocked\n"
            ns: dict[str, Any] = {}
            exec(compile(src, "<forbid>", "exec"), ns)
            blocked = ns["_make"](*range(nfree)).__code__
            if nfree:
                blocked = blocked.replace(co_freevars=fn.__code__.co_freevars)
            swapped.append((fn, fn.__code__))
            fn.__code__ = blocked
        yield
    finally:
        for fn, code in reversed(swapped):
            fn.__code__ = code
        for target, name, old in reversed(replaced):
            setattr(target, name, old)


def _tampered(shared: types.ModuleType, clean: types.ModuleType) -> list[str]:
    """Names of ``clean.__all__`` whose object in ``shared`` is not the original code."""
    bad = []
    for name in clean.__all__:
        ref, got = getattr(clean, name), getattr(shared, name, None)
        if isinstance(ref, types.FunctionType):
            if not isinstance(got, types.FunctionType) or got.__code__.co_code != ref.__code__.co_code \
                    or got.__code__.co_consts != ref.__code__.co_consts:
                bad.append(name)
        elif isinstance(ref, type) and not (isinstance(got, type) and got.__name__ == ref.__name__):
            bad.append(name)
    return bad


def fresh(strict: bool = True) -> types.ModuleType:
    """A new copy of this module, executed again from its source file.

    Rebinding ``actbook.checks.check_close`` (or any other attribute of the shared
    module) in a solution cell does not change the copy. With ``strict`` (the default)
    the copy refuses to grade, raising :class:`ExerciseError`, when the shared module's
    checks were replaced: a submission that tampers with the grader gets no points.
    """
    if not isinstance(strict, bool):
        raise TypeError(f"strict must be True or False, got {strict!r}")
    path = __file__
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    mod = types.ModuleType("actbook.checks.fresh_copy")
    mod.__file__ = path
    exec(compile(source, path, "exec"), mod.__dict__)
    shared = sys.modules.get("actbook.checks")
    if strict and shared is not None:
        bad = _tampered(shared, mod)
        if bad:
            raise mod.ExerciseError(
                "actbook.checks was modified by code in this notebook (" + ", ".join(bad)
                + "); grading refuses to run. Remove the code that changes it and restart the kernel."
            )
    return mod
