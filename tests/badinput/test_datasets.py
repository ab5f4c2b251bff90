"""Bad-input cases for actbook.datasets."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import datasets as D

from .harness import Case, T, V, arrays, bad_array, bad_int, bad_real, bad_seed, make_tests


def _xy(n_min):
    def check(out, kw):
        X, y = out
        n = kw.get("n", len(X))
        assert X.shape == (n, 2) and X.dtype == np.float64 and y.shape == (n,) and y.dtype.kind == "i"
    return check


NOISE = ({"noise": st.floats(0, 2)}, {"noise": bad_real(0.0, 1e6)})


def _gen(f, low, **extra):
    valid = {"n": st.integers(low, 300), "noise": st.floats(0, 2), "seed": st.integers(0, 99)}
    bad = {"n": bad_int(low, 10**7), "noise": bad_real(0.0, 1e6), "seed": bad_seed()}
    for k, (v, b) in extra.items():
        valid[k], bad[k] = v, b
    return Case(f, valid=valid, bad=bad, check=_xy(low))


CASES = {
    "xor_points": Case(D.xor_points),
    "xor": _gen(D.xor, 4),
    "moons": _gen(D.moons, 2),
    "circles": _gen(D.circles, 2, factor=(st.floats(0.01, 0.99), bad_real(0.0, 1.0, low_open=True, high_open=True))),
    "spirals": Case(D.spirals, valid={"n": st.integers(10, 300), "n_classes": st.integers(2, 5),
                                      "noise": st.floats(0, 1), "seed": st.integers(0, 99)},
                    bad={"n": bad_int(None, 10**7), "n_classes": bad_int(2, 1000), "noise": bad_real(0.0, 1e6),
                         "seed": bad_seed()}),
    "parity": Case(D.parity, valid={"n_bits": st.integers(1, 10)}, bad={"n_bits": bad_int(1, 20)},
                   check=lambda out, kw: out[0].shape == (2 ** kw["n_bits"], kw["n_bits"])),
    "digits": Case(D.digits, valid_examples=1,
                   check=lambda out, kw: out[0].shape == (1797, 64) and out[0].max() <= 1),
    "train_test_split": Case(D.train_test_split,
                             valid={"X": arrays((20, 3)), "y": np.arange(20), "test_fraction": st.floats(0.05, 0.9),
                                    "seed": st.integers(0, 99)},
                             bad={"X": st.tuples(st.sampled_from(["X", np.array(["a"] * 20)]), st.just(T)),
                                  "y": st.tuples(st.just(np.arange(5)), st.just(V)),
                                  "test_fraction": bad_real(0.0, 1.0, low_open=True, high_open=True),
                                  "seed": bad_seed()}),
    "standardize": Case(lambda X_train, others: D.standardize(X_train, *others),
                        valid={"X_train": arrays((10, 3), -100, 100), "others": st.lists(arrays((4, 3)), max_size=2)},
                        bad={"X_train": bad_array(ndim=2),
                             "others": st.tuples(st.sampled_from([[np.zeros((20, 2))], [np.zeros(3)],
                                                                  [np.full((2, 3), np.nan)]]), st.just(V))}),
}

test_valid, test_bad = make_tests(CASES)


def test_huge_sizes_are_refused():
    with pytest.raises(ValueError, match="n must be"):
        D.xor(10**12)
    with pytest.raises(ValueError, match="others"):
        D.standardize(np.zeros((20, 2)), np.zeros((20, 3)))
