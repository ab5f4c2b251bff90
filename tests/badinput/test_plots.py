"""Bad-input cases for actbook.plots."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from actbook import datasets, plots as P  # noqa: E402

from .harness import (Case, T, V, bad_activation, bad_array, bad_bool, bad_callable, bad_int,  # noqa: E402
                      bad_real, constant, make_tests)

X, Y = datasets.xor(20, seed=0)


def _predict(Z):
    return (Z[:, 0] * Z[:, 1] < 0).astype(int)


def _with_ax(f):
    def call(**kw):
        fig, ax = plt.subplots()
        try:
            return f(ax, **kw) is ax
        finally:
            plt.close(fig)
    return call


BAD_LIMS = st.one_of(st.tuples(st.sampled_from([(1, 0, 0, 1), (0, 1, 0, np.nan), (0, 1, 1, 1)]), st.just(V)),
                     st.tuples(st.sampled_from([(0, 1), "abcd", None]), st.just(T)))
CASES = {
    "OKABE_ITO": constant(P.OKABE_ITO, lambda v: len(v) == 8 and all(c.startswith("#") for c in v)),
    "LINESTYLES": constant(P.LINESTYLES, lambda v: len(v) >= 4),
    "use_style": Case(P.use_style, finite=False, seeded=False),
    "decision_regions": Case(_with_ax(P.decision_regions),
                             valid={"predict": st.just(_predict), "X": X, "y": Y, "n": st.integers(2, 30)},
                             bad={"predict": bad_callable(), "n": bad_int(2, 2000),
                                  "lims": st.one_of(st.tuples(st.sampled_from([(1, 0, 0, 1), (0, 1, 1, 1)]), st.just(V)),
                                                    st.tuples(st.sampled_from([(0, 1), "abcd"]), st.just(T))),
                                  "X": bad_array(ndim=2),
                                  "y": st.one_of(st.tuples(st.sampled_from([Y[:3], np.full(20, 99)]), st.just(V)),
                                                 st.tuples(st.just(Y * 0.5), st.just(T))),
                                  "marker_size": bad_real(0.0)},
                             finite=False, seeded=False, warns_ok=True, valid_examples=2, bad_examples=4),
    "plot_activation": Case(_with_ax(P.plot_activation),
                            valid={"activation": st.sampled_from(["relu", "tanh", "gelu"]),
                                   "derivative": st.booleans()},
                            bad={"activation": bad_activation(), "x": bad_array(ndim=1),
                                 "derivative": bad_bool()},
                            names={"activation": ("activation", "name")},
                            finite=False, seeded=False, warns_ok=True, valid_examples=2, bad_examples=4),
    "grid_predictions": Case(P.grid_predictions,
                             valid={"predict": st.just(_predict), "lims": (-1, 1, -2, 2), "n": st.integers(2, 50)},
                             bad={"predict": st.one_of(bad_callable(), st.tuples(st.just(lambda Z: Z[:3, 0]),
                                                                                 st.just(V))),
                                  "lims": BAD_LIMS, "n": bad_int(2, 2000)},
                             check=lambda out, kw: out[2].shape == (kw["n"], kw["n"])),
    "color": Case(P.color, valid={"i": st.integers(-100, 100)}, bad={"i": bad_int()}, finite=False,
                  check=lambda out, kw: out in P.OKABE_ITO),
}

test_valid, test_bad = make_tests(CASES)
