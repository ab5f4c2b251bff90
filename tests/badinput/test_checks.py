"""Bad-input cases for actbook.checks (exercise feedback).

A learner's wrong answer is the "bad input" of these functions: it must raise
``ExerciseError`` whose message names the quantity (``what``).  ``checks.py`` belongs
to the exercises helper.
"""

import numpy as np
from hypothesis import strategies as st

from actbook import checks as C

from .harness import Case, T, V, bad_real, make_tests

E = C.ExerciseError
WHAT = "my answer"


def _stub(*args):
    raise NotImplementedError()


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
}

test_valid, test_bad = make_tests(CASES)
