"""Argument checks used at the package's public boundary.

Every public function validates its inputs here and raises a ``TypeError`` or
``ValueError`` whose message names the argument and the accepted range, so a
reader never sees a silent NaN or a traceback from deep inside numpy.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "as_float_array",
    "check_number",
    "check_int",
    "check_probability",
    "make_rng",
    "check_same_length",
    "MAX_ELEMENTS",
    "check_size",
    "check_nonempty",
    "check_bool",
    "check_callable",
    "check_choice",
    "check_kwargs",
    "check_model_input",
    "renamed",
]

#: Largest array (number of entries) a public function agrees to allocate: 1e8
#: float64 entries are 800 MB, far beyond anything the book needs.
MAX_ELEMENTS = 10**8


def as_float_array(x: Any, name: str = "x", *, finite: bool = False) -> np.ndarray:
    """Convert an array-like to a floating ndarray, keeping float32/float64.

    Integers and booleans become float64; float16 is promoted to float32.
    Raises ``TypeError`` for non-numeric input (strings, objects, complex).
    With ``finite=True`` it also raises ``ValueError`` if any entry is NaN/inf.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a real number or array of real numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - ragged lists etc.
        raise TypeError(f"{name} must be array-like of real numbers: {exc}") from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must contain real numbers (bool, int or float), got dtype {arr.dtype}"
        )
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    elif arr.dtype == np.float16:
        arr = arr.astype(np.float32)
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def check_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is a finite real number in range.

    The range is ``[low, high]``; ``low_open``/``high_open`` exclude an end.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    lo_br = "(" if low_open else "["
    hi_br = ")" if high_open else "]"
    rng = f"{lo_br}{'-inf' if low is None else low}, {'inf' if high is None else high}{hi_br}"
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number in {rng}, got {value}")
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{name} must be in {rng}, got {value}")
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(f"{name} must be in {rng}, got {value}")
    return v


def check_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value}")
    return v


def check_probability(value: Any, name: str, *, allow_one: bool = False) -> float:
    """A rate in ``[0, 1)`` (or ``[0, 1]`` with ``allow_one``)."""
    return check_number(value, name, low=0.0, high=1.0, high_open=not allow_one)


def make_rng(seed: Any, name: str = "rng") -> np.random.Generator:
    """Accept an int seed, ``None`` (fresh entropy) or a ``numpy.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(
            f"{name} must be a non-negative int seed or a numpy.random.Generator, got {seed!r}"
        )
    return np.random.default_rng(int(seed))


def check_same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same first dimension."""
    if a.shape[:1] != b.shape[:1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of rows, "
            f"got {a.shape[:1]} and {b.shape[:1]}"
        )


def check_size(count: Any, name: str, limit: int = MAX_ELEMENTS) -> int:
    """Raise ``ValueError`` if an allocation of ``count`` entries would exceed ``limit``."""
    if count > limit:
        raise ValueError(
            f"{name} asks for {count:.3g} array entries; at most {limit:.0e} are allowed"
        )
    return int(count)


def check_nonempty(a: np.ndarray, name: str, axis: int | None = None) -> np.ndarray:
    """Raise ``ValueError`` if ``a`` has no entries (or none along ``axis``)."""
    if a.size == 0 or (axis is not None and a.ndim and a.shape[axis] == 0):
        raise ValueError(f"{name} must not be empty, got shape {a.shape}")
    return a


def check_bool(value: Any, name: str) -> bool:
    """``True``/``False`` (numpy booleans too) or ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_callable(value: Any, name: str) -> Any:
    """Raise ``TypeError`` unless ``value`` is callable."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")
    return value


def check_choice(value: Any, name: str, choices: Any) -> Any:
    """``value`` if it is one of ``choices`` (strings), else ``TypeError``/``ValueError``."""
    choices = tuple(choices)
    if not isinstance(value, str) and all(isinstance(c, str) for c in choices):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, choices))}, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_kwargs(kwargs: dict, allowed: Any, what: str) -> None:
    """Raise ``TypeError`` naming every keyword in ``kwargs`` that is not in ``allowed``."""
    bad = sorted(set(kwargs) - set(allowed))
    if bad:
        raise TypeError(
            f"{what} got unknown keyword argument(s) {', '.join(bad)}; "
            f"accepted: {', '.join(sorted(allowed)) or 'none'}"
        )


def check_model_input(model: Any, X: Any, name: str = "X") -> np.ndarray:
    """``X`` as a finite, non-empty float64 array of shape (rows, n_in of ``model``)."""
    from .nets import Sequential  # local: nets imports this module

    if not isinstance(model, Sequential):
        raise TypeError(f"model must be a Sequential (e.g. from actbook.nets.mlp), got {type(model).__name__}")
    a = as_float_array(X, name, finite=True).astype(np.float64, copy=False)
    if a.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows, features), got shape {a.shape}")
    if a.shape[0] == 0:
        raise ValueError(f"{name} must have at least one row, got shape {a.shape}")
    dense = model.dense_layers
    if dense and a.shape[1] != dense[0].W.shape[0]:
        raise ValueError(
            f"{name} must have {dense[0].W.shape[0]} columns (the model's input size), "
            f"got shape {a.shape}"
        )
    return a


def renamed(exc: Exception, old: str, new: str) -> Exception:
    """The same kind of exception with the word ``old`` replaced by ``new`` in its message
    (a public function that forwards a user's argument to an inner one names it as the user did)."""
    import re

    msg = re.sub(rf"\b{re.escape(old)}\b", new, str(exc))
    return type(exc)(msg)
