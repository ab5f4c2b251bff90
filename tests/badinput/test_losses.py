"""Bad-input cases for actbook.losses."""

import numpy as np
from hypothesis import strategies as st

from actbook import losses as L

from .harness import (Case, T, V, arrays, bad_array, bad_choice, bad_int, bad_real, make_tests,
                      wrong_type)


def _labels(n, k):
    return st.builds(lambda s: np.random.default_rng(s).integers(0, k, n), st.integers(0, 999))


def _probs(n, k):
    return st.builds(lambda s: L.softmax(np.random.default_rng(s).normal(size=(n, k))),
                     st.integers(0, 999))


def _finite_rows(out, kw):
    z = np.asarray(kw["z"])
    assert out.shape == z.shape and out.dtype == z.dtype
    assert np.allclose(out.sum(axis=-1), 1.0)


def _loss_check(out, kw):
    value, grad = out
    assert isinstance(value, float) and value >= 0
    assert grad.shape == np.shape(kw.get("logits", kw.get("predictions")))


BAD_AXIS = st.one_of(st.tuples(st.sampled_from([5, -6, 100]), st.just(V)),
                     wrong_type(1.5, True))
Z = st.one_of(arrays((4, 3), -50, 50), arrays((5,), -1e3, 1e3), arrays((2, 3), -5, 5, np.float32))

CASES = {
    "logsumexp": Case(L.logsumexp, valid={"z": Z, "axis": -1},
                      bad={"z": bad_array(finite=False, shape_examples=([np.nan, 1.0],)),
                           "axis": BAD_AXIS}),
    "softmax": Case(L.softmax, valid={"z": Z, "axis": -1, "temperature": st.floats(1e-300, 1e300)},
                    bad={"z": bad_array(finite=False, shape_examples=([np.nan, 1.0], [-np.inf, -np.inf])),
                         "axis": BAD_AXIS, "temperature": bad_real(0.0, low_open=True)},
                    check=_finite_rows),
    "log_softmax": Case(L.log_softmax, valid={"z": Z, "axis": -1},
                        bad={"z": bad_array(finite=False, shape_examples=([np.nan, 1.0],)),
                             "axis": BAD_AXIS}),
    "one_hot": Case(L.one_hot, valid={"labels": _labels(6, 4), "n_classes": st.integers(4, 9)},
                    bad={"labels": st.one_of(st.tuples(st.sampled_from([[0, 9], [-1, 0]]), st.just(V)),
                                             st.tuples(st.sampled_from([[0.5], ["a"]]), st.just(T))),
                         "n_classes": st.tuples(st.sampled_from([0, -1, 1.5, None, 10**12]), st.just(V))},
                    check=lambda out, kw: np.testing.assert_array_equal(out.argmax(1), kw["labels"])),
    "cross_entropy": Case(L.cross_entropy,
                          valid={"logits": arrays((6, 4), -30, 30),
                                 "targets": st.one_of(_labels(6, 4), _probs(6, 4))},
                          bad={"logits": bad_array(ndim=2),
                               "targets": st.one_of(
                                   st.tuples(st.sampled_from([np.zeros(5, int), np.full(6, 7),
                                                              np.full((6, 4), 0.5), np.full((6, 4), np.nan)]),
                                             st.just(V)),
                                   st.tuples(st.just(np.array(["a"] * 6)), st.just(T)))},
                          check=_loss_check),
    "binary_cross_entropy": Case(
        L.binary_cross_entropy,
        valid={"logits": arrays((6, 2), -800, 800),
               "targets": st.builds(lambda s: np.random.default_rng(s).integers(0, 2, (6, 2)) * 1.0,
                                    st.integers(0, 99))},
        bad={"logits": bad_array(),
             "targets": st.tuples(st.sampled_from([np.full((6, 2), 2.0), np.full((6, 2), np.nan),
                                                   np.zeros((5, 2))]), st.just(V))},
        check=_loss_check),
    "squared_error": Case(L.squared_error,
                          valid={"predictions": arrays((6, 2), -1e3, 1e3), "targets": arrays((6, 2))},
                          bad={"predictions": bad_array(),
                               "targets": st.tuples(st.sampled_from([np.zeros((5, 2)), np.full((6, 2), np.inf)]),
                                                    st.just(V))},
                          check=_loss_check),
    "get": Case(L.get, valid={"name": st.sampled_from(sorted(L._LOSSES))},
                bad={"name": bad_choice(*L._LOSSES)}, names={"name": "loss"},
                check=lambda out, kw: callable(out) or (_ for _ in ()).throw(AssertionError)),
}

test_valid, test_bad = make_tests(CASES)


def test_softmax_limits_and_tiny_temperature():
    np.testing.assert_array_equal(L.softmax([np.inf, 0.0]), [1.0, 0.0])
    np.testing.assert_array_equal(L.softmax([np.inf, np.inf, 0.0]), [0.5, 0.5, 0.0])
    np.testing.assert_array_equal(L.softmax([1.0, 2.0], temperature=1e-310), [0.0, 1.0])
    np.testing.assert_allclose(L.log_softmax([np.inf, 0.0, np.inf]), [-np.log(2), -np.inf, -np.log(2)])
    assert L.logsumexp([np.inf, 1.0]) == np.inf and L.logsumexp([-np.inf, -np.inf]) == -np.inf


def test_tiny_temperature_float32():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = L.softmax(np.array([1.0, 2.0], np.float32), temperature=1e-300)
    assert p.dtype == np.float32 and np.array_equal(p, [0.0, 1.0])


def test_empty_inputs_raise():
    import pytest
    for f, args, word in [(L.softmax, ([],), "z"),
                          (L.cross_entropy, (np.zeros((0, 3)), np.zeros(0, int)), "logits"),
                          (L.binary_cross_entropy, (np.zeros((0, 1)), np.zeros(0)), "logits"),
                          (L.squared_error, (np.zeros((0, 1)), np.zeros((0, 1))), "predictions")]:
        with pytest.raises(ValueError, match=word):
            f(*args)
