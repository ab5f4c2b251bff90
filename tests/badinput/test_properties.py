"""Bad-input cases for actbook.properties (chapter 4)."""

import numpy as np
from hypothesis import strategies as st

from actbook import datasets, properties as P

from .harness import (Case, T, V, arrays, bad_activation, bad_array, bad_bool, bad_callable, bad_int,
                      bad_int_sequence, bad_real, constant, make_tests, trivial_class)

ACT = st.sampled_from(["relu", "tanh", "gelu", "silu", "elu", "softplus"])
BAD_ACT = st.one_of(bad_activation(), st.tuples(st.just("maxout"), st.just(V)))
NAMES = {"activation": ("activation", "name")}
BAD_BOUNDS = st.one_of(st.tuples(st.sampled_from([(1, -1), (0, np.nan)]), st.just(V)),
                       st.tuples(st.sampled_from([3, (1, 2, 3), "ab"]), st.just(T)))
X, Y = datasets.moons(24, seed=0)


def _one_act(name):
    return Case(getattr(P, name), valid={"activation": ACT}, bad={"activation": BAD_ACT}, names=NAMES, finite=False)


def _rows():
    return P.training_comparison(X, Y, X, Y, ["relu"], hidden=(3,), seeds=(0, 1), epochs=2)


CASES = {
    "Interval": Case(lambda: str(P.Interval(0.0, np.inf, True, False)), finite=False),
    **{n: _one_act(n) for n in ("value_range", "is_monotone", "is_c1", "gaussian_moments", "saturation",
                                 "derivative_bound")},
    "derivative_jump": Case(P.derivative_jump, valid={"activation": ACT, "n": st.integers(3, 500)},
                            bad={"activation": BAD_ACT, "n": bad_int(3, 10**7)}, names=NAMES),
    "minimum": Case(P.minimum, valid={"activation": ACT}, bad={"activation": BAD_ACT, "bounds": BAD_BOUNDS},
                    names={**NAMES, "bounds": ("bounds",)}, valid_examples=3),
    "max_difference": Case(P.max_difference, valid={"a": ACT, "b": st.sampled_from(["relu", np.tanh]),
                                                    "n": st.integers(2, 1000)},
                           bad={"a": st.tuples(st.sampled_from([3, None]), st.just(T)), "bounds": BAD_BOUNDS,
                                "n": bad_int(2, 10**7), "derivative": bad_bool()},
                           names={"a": ("a and b",), "bounds": ("bounds",)}),
    "relative_cost": Case(P.relative_cost, valid={"activation": ACT, "n": st.integers(1000, 3000), "repeats": 1},
                          bad={"activation": bad_activation(), "n": bad_int(1000, 10**8), "repeats": bad_int(1, 1000),
                               "seed": bad_int(0)}, names=NAMES, seeded=False, valid_examples=2, bad_examples=3),
    "best_time": Case(P.best_time, valid={"fn": st.just(lambda: None), "repeats": st.integers(1, 3)},
                      bad={"fn": bad_callable(), "repeats": bad_int(1, 10**4)}, seeded=False),
    "properties": Case(P.properties, valid={"activation": ACT, "timing": False},
                       bad={"activation": bad_activation(), "timing": bad_bool()}, names=NAMES, finite=False,
                       valid_examples=3, bad_examples=3),
    "maxout_properties": Case(P.maxout_properties, valid={"k": st.integers(2, 4), "timing": False},
                              bad={"k": bad_int(2, 100), "timing": bad_bool(), "seed": bad_int(0)}, finite=False,
                              valid_examples=2, bad_examples=3),
    "PropertyTable": Case(lambda: len(P.PropertyTable([{"name": "relu"}]))),
    "property_table": Case(lambda **kw: len(P.property_table(**kw)),
                           valid={"names": st.just(["relu", "tanh"]), "timing": False},
                           bad={"names": st.one_of(st.tuples(st.just("relu"), st.just(T)),
                                                   st.tuples(st.just(["bogus"]), st.just(V))),
                                "timing": bad_bool()},
                           names={"names": ("names", "activation")}, valid_examples=1, bad_examples=2),
    "TABLE_ORDER": constant(P.TABLE_ORDER, lambda v: "relu" in v),
    "explorer_curves": Case(P.explorer_curves, valid={"names": st.just(["gelu", "silu"]), "beta": st.floats(0.01, 20)},
                            bad={"names": st.one_of(st.tuples(st.sampled_from(["gelu", 3]), st.just(T)),
                                                    st.tuples(st.sampled_from([[], ["bogus"]]), st.just(V))),
                                 "beta": bad_real(0.0, 20.0, low_open=True), "x": bad_array(ndim=None, empty=False)},
                            names={"names": ("names", "activation")}),
    "BETA_ACTIVATIONS": constant(P.BETA_ACTIVATIONS, lambda v: set(v) == {"softplus", "silu"}),
    "epochs_to_target": Case(P.epochs_to_target, valid={"losses": arrays((6,), 0.1, 2), "target": st.floats(0.01, 3)},
                             bad={"losses": st.one_of(st.tuples(st.just(np.ones((2, 2))), st.just(V)),
                                                      st.tuples(st.just("l"), st.just(T))),
                                  "target": bad_real(0.0, low_open=True)}, finite=False),
    "training_comparison": Case(P.training_comparison,
                                valid={"X": X, "y": Y, "X_test": X, "y_test": Y, "activations": st.just(["relu"]),
                                       "hidden": (3,), "seeds": (0, 1), "epochs": st.integers(0, 2)},
                                bad={"X": bad_array(ndim=2), "y": st.tuples(st.sampled_from([Y[:3], Y * 0.5]), st.just(V)),
                                     "X_test": st.tuples(st.sampled_from([np.zeros((4, 3)), np.full((4, 2), np.nan)]), st.just(V)),
                                     "y_test": st.tuples(st.sampled_from([Y[:3]]), st.just(V)),
                                     "activations": st.one_of(st.tuples(st.just([]), st.just(V)),
                                                              st.tuples(st.sampled_from(["relu", 3]), st.just(T))),
                                     "hidden": bad_int_sequence(), "seeds": st.tuples(st.sampled_from([(), (-1,), 3]),
                                                                                      st.just((ValueError, TypeError))),
                                     "epochs": bad_int(0, 10**6), "lr": bad_real(0.0, low_open=True)},
                                names={"X_test": ("X_test",), "y_test": ("y_test", "X_test")},
                                finite=False, valid_examples=2, bad_examples=3),
    "SimpleTable": Case(lambda **kw: repr(P.SimpleTable(**kw)), valid={"headers": ["a", "b"], "rows": [[1, 2]]},
                        bad={"rows": st.tuples(st.just([[1]]), st.just(V))}),
    "comparison_table": Case(lambda rows: repr(P.comparison_table(rows)), valid={"rows": st.builds(_rows)},
                             bad={"rows": st.tuples(st.sampled_from([3, [{"a": 1}], "rows"]), st.just(T))},
                             valid_examples=1),
}

ROWS = P.training_comparison(X, Y, X, Y, ["relu", "tanh", "elu"], hidden=(3,), seeds=(0, 1, 2), epochs=2)
CASES["paired_differences"] = Case(
    P.paired_differences, valid={"rows": st.just(ROWS), "baseline": st.sampled_from(["relu", "tanh"]),
                                 "key": "test_acc"},
    bad={"rows": st.one_of(st.tuples(st.sampled_from([3, None, "rows", [3], [{"x": 1}]]), st.just(T)),
                           st.tuples(st.just([]), st.just(V))),
         "baseline": st.one_of(st.tuples(st.sampled_from(["nope", "gelu"]), st.just(V)),
                               st.tuples(st.sampled_from([3, None]), st.just(T))),
         "key": st.one_of(st.tuples(st.sampled_from(["nope", "activation"]), st.just(V)),
                          st.tuples(st.sampled_from([3, None]), st.just(T)))},
    finite=False,  # p is NaN (documented) when every paired difference is equal
    check=lambda out, kw: len(out) == 2 and all(o["diffs"].shape == (3,) and np.isfinite(o["mean"])
                                                and not o["p_holm"] < o["p"] for o in out))

CASES["holm"] = Case(
    P.holm, valid={"p": st.lists(st.floats(0, 1), min_size=1, max_size=6)},
    bad={"p": st.one_of(st.tuples(st.sampled_from([[], [1.5], [-0.1], [[0.1, 0.2]]]), st.just(V)),
                        st.tuples(st.sampled_from([3, None, "p", {"a": 0.1}, ["x"]]), st.just(T)))},
    check=lambda out, kw: out.shape == (len(kw["p"]),) and np.all((out >= 0) & (out <= 1)))

test_valid, test_bad = make_tests(CASES)
