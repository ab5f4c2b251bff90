"""Shared machinery of the bad-input suite.

Each ``test_<module>.py`` defines ``CASES``: a dict from every public name of
``actbook.<module>`` (its ``__all__``) to a :class:`Case`, and calls
:func:`make_tests` to get its two test functions:

* ``test_valid`` — kwargs drawn from ``Case.valid`` (a dict of hypothesis strategies):
  the call returns a finite result (every float/array inside it, unless
  ``finite=False``), passes ``Case.check``, leaves every input array unchanged and the
  global numpy random state untouched; if ``seeded``, calling twice with copies of
  the same arguments gives identical results.
* ``test_bad`` — for each argument in ``Case.bad`` (a strategy of ``(value, exception)``
  pairs), the call with that argument replaced raises the exception, and its message
  names the argument (``Case.names`` can give the name the message uses instead, e.g.
  ``sizes[0]``).

``test_coverage.py`` fails if a public name has no case.  The strategies below
(``real``, ``integer``, ...) generate the bad values of each kind of argument.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import numbers
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=False,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck))
VALID_EXAMPLES = 6
BAD_EXAMPLES = 8

# ---------------------------------------------------------------------------
# the case record
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """How to call one public name with valid and with bad arguments."""

    func: Callable[..., Any]
    valid: dict[str, Any] = field(default_factory=dict)   # arg -> strategy (or a plain value)
    bad: dict[str, Any] = field(default_factory=dict)     # arg -> strategy of (value, exc)
    args: tuple[str, ...] = ()        # valid keys passed positionally, in this order
    check: Callable[[Any, dict], None] | None = None
    finite: bool = True               # every float in the result must be finite
    seeded: bool = True               # same arguments -> identical result
    names: dict[str, Any] = field(default_factory=dict)  # arg -> word(s) the message may use instead
    xfail: dict[str, str] = field(default_factory=dict)  # arg (or "valid") -> reason
    valid_examples: int = VALID_EXAMPLES
    bad_examples: int = BAD_EXAMPLES
    warns_ok: bool = False            # allow warnings (e.g. matplotlib)
    mutates: tuple[str, ...] = ()     # arguments the function changes in place by design


def _strategy(v: Any) -> st.SearchStrategy:
    return v if isinstance(v, st.SearchStrategy) else st.just(v)


def _call(case: Case, kw: dict) -> Any:
    kw = dict(kw)
    pos = [kw.pop(k) for k in case.args]
    return case.func(*pos, **kw)


# ---------------------------------------------------------------------------
# property checks
# ---------------------------------------------------------------------------


def all_finite(obj: Any, path: str = "result", seen: set | None = None) -> None:
    """Assert every float (scalar or array) reachable in ``obj`` is finite."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    if isinstance(obj, (list, tuple, dict, np.ndarray)) or dataclasses.is_dataclass(obj):
        seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            assert np.all(np.isfinite(obj)), f"{path} has non-finite entries"
        elif obj.dtype == object:
            for i, v in enumerate(obj.ravel()[:1000]):
                all_finite(v, f"{path}[{i}]", seen)
    elif isinstance(obj, (bool, np.bool_)):
        return
    elif isinstance(obj, numbers.Real):
        assert math.isfinite(float(obj)), f"{path} = {obj} is not finite"
    elif isinstance(obj, dict):
        for k, v in obj.items():
            all_finite(v, f"{path}[{k!r}]", seen)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            all_finite(v, f"{path}[{i}]", seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            all_finite(getattr(obj, f.name), f"{path}.{f.name}", seen)


def same(a: Any, b: Any) -> bool:
    """Structural equality (arrays exactly, NaN equal to NaN; models by their parameters)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype == object:
            return all(same(x, y) for x, y in zip(a.ravel(), b.ravel()))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    params = getattr(a, "parameters", None)
    if callable(params) and hasattr(a, "layers"):
        pa = [l.params[k] for l, k in a.parameters()]
        pb = [l.params[k] for l, k in b.parameters()]
        return same(pa, pb)
    if callable(a) or type(a).__module__.startswith(("matplotlib", "actbook")):
        return True  # functions, axes, layer objects: not compared
    try:
        return bool(a == b)
    except Exception:
        return True


def _arrays(obj: Any) -> list[np.ndarray]:
    if isinstance(obj, np.ndarray):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [x for v in obj for x in _arrays(v)]
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _arrays(v)]
    return []


def _same_state(s1: tuple, s2: tuple) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and tuple(s1[2:]) == tuple(s2[2:])


def check_valid_call(case: Case, kw: dict) -> Any:
    snapshot = [(a, a.copy()) for k, v in kw.items() if k not in case.mutates for a in _arrays(v)]
    state = np.random.get_state()
    k2 = copy.deepcopy(kw) if case.seeded else None
    with warnings.catch_warnings():
        if not case.warns_ok:
            warnings.simplefilter("error")
        out = _call(case, kw)
        if case.seeded:
            out2 = _call(case, k2)
    assert _same_state(state, np.random.get_state()), "the global numpy random state changed"
    for a, before in snapshot:
        assert np.array_equal(a, before, equal_nan=a.dtype.kind in "fc"), "an input array was mutated"
    if case.finite:
        all_finite(out)
    if case.check is not None:
        case.check(out, kw)
    if case.seeded:
        assert same(out, out2), "same arguments and seed gave different results"
    return out


def check_bad_call(case: Case, kw: dict, arg: str, value: Any, exc: type) -> None:
    kw = dict(kw)
    kw[arg] = value
    word = case.names.get(arg, arg)
    with warnings.catch_warnings():
        if not case.warns_ok:
            warnings.simplefilter("error")
        with pytest.raises(exc) as info:
            _call(case, kw)
    words = (word,) if isinstance(word, str) else tuple(word)
    assert any(w in str(info.value) for w in words), (
        f"{type(info.value).__name__} for {arg}={value!r} does not name {' or '.join(words)}: {info.value}")


def make_tests(cases: dict[str, Case]):
    """The module's ``test_valid`` and ``test_bad`` functions, parametrized over ``cases``."""
    valid_ids = sorted(cases)
    bad_ids = [(n, a) for n in valid_ids for a in cases[n].bad]

    def _mark(name: str, key: str):
        reason = cases[name].xfail.get(key)
        return [pytest.mark.xfail(strict=False, reason=reason)] if reason else []

    @pytest.mark.parametrize(
        "name", [pytest.param(n, marks=_mark(n, "valid"), id=n) for n in valid_ids])
    def test_valid(name):
        case = cases[name]
        strat = st.fixed_dictionaries({k: _strategy(v) for k, v in case.valid.items()})

        @settings(max_examples=case.valid_examples, **SETTINGS)
        @given(kw=strat)
        def run(kw):
            check_valid_call(case, kw)

        run()

    @pytest.mark.parametrize(
        "name,arg", [pytest.param(n, a, marks=_mark(n, a), id=f"{n}-{a}") for n, a in bad_ids])
    def test_bad(name, arg):
        case = cases[name]
        strat = st.fixed_dictionaries({k: _strategy(v) for k, v in case.valid.items()})

        @settings(max_examples=case.bad_examples, **SETTINGS)
        @given(kw=strat, bad=case.bad[arg])
        def run(kw, bad):
            value, exc = bad
            check_bad_call(case, kw, arg, value, exc)

        run()

    return test_valid, test_bad


# ---------------------------------------------------------------------------
# generated values by kind of argument: each bad_* strategy yields (value, exception)
# ---------------------------------------------------------------------------

T, V = TypeError, ValueError
WRONG_TYPES = st.sampled_from(["1", None, [1.0, 2.0], {"a": 1}, 1j, object()])


def wrong_type(*extra: Any) -> st.SearchStrategy:
    """Values of a wrong type -> TypeError."""
    s = WRONG_TYPES if not extra else st.one_of(WRONG_TYPES, st.sampled_from(list(extra)))
    return st.tuples(s, st.just(T))


def bad_real(low: float | None = None, high: float | None = None, *, low_open: bool = False,
             high_open: bool = False, types: bool = True, extra: tuple = ()) -> st.SearchStrategy:
    """NaN, ±inf, values outside [low, high] -> ValueError; strings, None, bool... -> TypeError."""
    vals = [st.sampled_from([math.nan, math.inf, -math.inf])]
    if low is not None:
        vals.append(st.floats(max_value=low, exclude_max=not low_open, allow_nan=False,
                              allow_infinity=False, min_value=low - 1e6 if abs(low) < 1e300 else None))
        if low_open:
            vals.append(st.just(low))
    if high is not None:
        vals.append(st.floats(min_value=high, exclude_min=not high_open, allow_nan=False,
                              allow_infinity=False, max_value=high + 1e6 if abs(high) < 1e300 else None))
    vals.extend(st.just(x) for x in extra)
    out = [st.tuples(st.one_of(vals), st.just(V))]
    if types:
        out.append(wrong_type(True))
    return st.one_of(out)


def bad_int(low: int | None = None, high: int | None = None, *, types: bool = True) -> st.SearchStrategy:
    """Integers outside [low, high] -> ValueError; floats, strings, None, bool -> TypeError."""
    out = []
    if low is not None:
        out.append(st.tuples(st.integers(max_value=low - 1, min_value=low - 10**6), st.just(V)))
    if high is not None:
        out.append(st.tuples(st.integers(min_value=high + 1, max_value=high * 10 + 10**12), st.just(V)))
    if types:
        out.append(wrong_type(True, 1.5, 2.0, math.nan))
    return st.one_of(out)


def bad_batch_size(low: int = 1, high: int | None = None) -> st.SearchStrategy:
    """Like :func:`bad_int`, for arguments where None (full batch) is valid."""
    out = [st.tuples(st.integers(max_value=low - 1, min_value=low - 10**6), st.just(V)),
           st.tuples(st.sampled_from([True, 1.5, "8", [8]]), st.just(T))]
    if high is not None:
        out.append(st.tuples(st.integers(min_value=high + 1, max_value=high * 10), st.just(V)))
    return st.one_of(out)


def bad_choice(*choices: str) -> st.SearchStrategy:
    """Unknown names -> ValueError; non-strings -> TypeError."""
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
        lambda s: s not in choices)
    return st.one_of(st.tuples(names, st.just(V)), st.tuples(st.sampled_from([3, None, 1.5]), st.just(T)))


def bad_seed() -> st.SearchStrategy:
    """Negative ints, floats, strings -> TypeError (``make_rng``)."""
    return st.tuples(st.sampled_from([-1, -10**6, 1.5, "0", [0], True]), st.just(T))


def bad_bool() -> st.SearchStrategy:
    return st.tuples(st.sampled_from(["yes", 2, None, 1.0, [True]]), st.just(T))


def bad_callable() -> st.SearchStrategy:
    return st.tuples(st.sampled_from([3, "f", None, [1.0]]), st.just(T))


def bad_array(*, ndim: int | None = None, finite: bool = True, empty: bool = True,
              shape_examples: tuple = ()) -> st.SearchStrategy:
    """NaN/inf entries, wrong ndim, empty -> ValueError; strings/objects/complex -> TypeError."""
    vals = []
    if finite:
        base = (2, 3) if ndim == 2 else ((3,) if ndim in (None, 1) else (2,) * ndim)
        vals.append(st.builds(lambda v: np.full(base, v), st.sampled_from([math.nan, math.inf, -math.inf])))
    if ndim is not None:
        wrong = [d for d in (0, 1, 2, 3) if d != ndim]
        vals.append(st.builds(lambda d: np.ones((2,) * d), st.sampled_from(wrong)))
    if empty:
        vals.append(st.just(np.zeros((0, 3)) if ndim == 2 else np.zeros(0)))
    vals.extend(st.just(np.asarray(s)) for s in shape_examples)
    out = [st.tuples(st.one_of(vals), st.just(V))] if vals else []
    out.append(st.tuples(st.sampled_from(["abc", np.array(["a", "b"]), np.array([1j, 2j]),
                                          np.array([object(), object()])]), st.just(T)))
    return st.one_of(out)


def bad_model() -> st.SearchStrategy:
    return st.tuples(st.sampled_from(["model", None, 3, [1, 2]]), st.just(T))


def bad_activation() -> st.SearchStrategy:
    """Unknown activation names -> ValueError, None/numbers -> TypeError."""
    return st.one_of(st.tuples(st.sampled_from(["relu_bogus", "tanhh", "nope"]), st.just(V)),
                     st.tuples(st.sampled_from([None, 3, 1.5]), st.just(T)))


def bad_int_sequence(low: int = 1) -> st.SearchStrategy:
    return st.one_of(st.tuples(st.sampled_from([[low - 1], [2, low - 1], [2, -3]]), st.just(V)),
                     st.tuples(st.sampled_from([[1.5], ["a"], [None]]), st.just(T)),
                     st.tuples(st.sampled_from([3, "12", None]), st.just(T)))


# valid-value helpers ------------------------------------------------------

def floats(lo: float, hi: float, **kw) -> st.SearchStrategy:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, **kw)


def arrays(shape: tuple, lo: float = -5.0, hi: float = 5.0, dtype=np.float64) -> st.SearchStrategy:
    """Seeded random arrays (hypothesis draws the seed)."""
    return st.builds(lambda s: np.random.default_rng(s).uniform(lo, hi, size=shape).astype(dtype),
                     st.integers(0, 2**16))


def shape_is(*shape: int) -> Callable[[Any, dict], None]:
    def check(out, kw):
        assert np.shape(out) == shape, f"shape {np.shape(out)} != {shape}"
    return check


def trivial_class(cls: type, **kwargs: Any) -> Case:
    """A class or dataclass record: constructing it with ``kwargs`` works."""
    return Case(lambda **kw: cls(**kw), valid=kwargs, finite=False)


def constant(value: Any, check: Callable[[Any], bool]) -> Case:
    """A module constant: ``check(value)`` holds."""
    def f():
        assert check(value)
        return value
    return Case(f, finite=False, seeded=False)
