"""Bad-input cases for actbook.checks (exercise feedback).

A learner's wrong answer is the "bad input" of these functions: it must raise
``ExerciseError`` whose message names the quantity (``what``).  ``checks.py`` belongs
to the exercises helper.
"""

import types

import numpy as np
from hypothesis import strategies as st

from actbook import checks as C

from .harness import Case, T, V, bad_bool, bad_real, make_tests

E = C.ExerciseError
WHAT = "my answer"


def _stub(*args):
    raise NotImplementedError()


def _ref(x):
    return 2.0 * x


NS = types.SimpleNamespace(f=_ref)


def _forbid(item, why):
    """Inside ``forbid(item)`` the reference raises (naming ``why``); outside it works again."""
    call = (lambda: NS.f(1.0)) if isinstance(item, tuple) else (lambda: _ref(1.0))
    with C.forbid(item, why=why):
        try:
            call()
            raised = ""
        except AssertionError as exc:
            raised = str(exc)
    assert why in raised and call() == 2.0 and NS.f is _ref
    return raised


def _fresh(strict):
    mod = C.fresh(strict)
    assert mod is not C and mod.check_close is not C.check_close and mod.__all__ == C.__all__
    mod.check_close("x", 1.0, 1.0)
    return mod.__name__


CASES = {
    "ExerciseError": Case(lambda: isinstance(E("x"), AssertionError), finite=False),
    "check_close": Case(C.check_close, valid={"what": WHAT, "actual": st.just(np.array([1.0, 2.0])),
                                              "expected": st.just(np.array([1.0, 2.0 + 1e-9]))},
                        bad={"actual": st.tuples(st.sampled_from([np.array([1.0, 3.0]), None, np.ones(3)]),
                                                 st.just(E)),
                             "rtol": bad_real(0.0), "atol": bad_real(0.0)},
                        names={"actual": WHAT}, finite=False),
    "check_equal": Case(C.check_equal, valid={"what": WHAT, "actual": st.just([1, 2]), "expected": st.just([1, 2])},
                        bad={"actual": st.tuples(st.sampled_from([[1, 3], None, [1]]), st.just(E))},
                        names={"actual": WHAT}, finite=False),
    "check_shape": Case(C.check_shape, valid={"what": WHAT, "actual": st.just(np.zeros((2, 3))), "shape": (2, 3)},
                        bad={"actual": st.tuples(st.sampled_from([np.zeros(3), None]), st.just(E))},
                        names={"actual": WHAT}, finite=False),
    "check_true": Case(C.check_true, valid={"condition": True, "message": WHAT},
                       bad={"condition": st.tuples(st.sampled_from([False, 0, []]), st.just(E))},
                       names={"condition": WHAT}, finite=False),
    "check_implemented": Case(lambda func, **kw: C.check_implemented(func, 2.0, what=WHAT),
                              valid={"func": st.just(np.sqrt)},
                              bad={"func": st.tuples(st.just(_stub), st.just(E))}, names={"func": WHAT}),
    "call": Case(lambda func, **kw: C.call(func, 2.0, what=WHAT), valid={"func": st.just(np.sqrt)},
                 bad={"func": st.tuples(st.sampled_from([_stub, 3, None]), st.just(E))}, names={"func": WHAT}),
    "forbid": Case(_forbid, valid={"item": st.sampled_from([_ref, (NS, "f")]), "why": st.sampled_from(["do it", "x"])},
                   bad={"item": st.tuples(st.sampled_from([3, "f", None, np.exp]), st.just(T))},
                   names={"item": ("forbid needs",)}, finite=False, seeded=False),
    "fresh": Case(_fresh, valid={"strict": st.booleans()}, bad={"strict": bad_bool()}, finite=False,
                  valid_examples=2, bad_examples=4),
}

test_valid, test_bad = make_tests(CASES)
