"""Bad-input cases for actbook.calibration (chapter 7)."""

import numpy as np
from hypothesis import strategies as st

from actbook import calibration as C, losses

from .harness import (Case, T, V, arrays, bad_array, bad_int, bad_real, bad_seed, make_tests, wrong_type)

LOGITS = arrays((8, 3), -10, 10)
LABELS = st.builds(lambda s: np.random.default_rng(s).integers(0, 3, 8), st.integers(0, 99))
PROBS = st.builds(lambda s: losses.softmax(np.random.default_rng(s).normal(size=(8, 3)) * 3), st.integers(0, 99))
BAD_LOGITS = st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((8, 1))), st.just(V)))
BAD_LABELS = st.one_of(st.tuples(st.sampled_from([np.full(8, 3), np.zeros(5, int), np.full(8, -1)]), st.just(V)),
                       st.tuples(st.sampled_from([np.full(8, 0.5), "a"]), st.just(T)))
BAD_PROBS = st.one_of(st.tuples(st.sampled_from([np.full((8, 3), 0.5), -np.ones((8, 3)), np.zeros(3),
                                                 np.full((8, 3), np.nan)]), st.just(V)),
                      st.tuples(st.just("p"), st.just(T)))
BAD_AXIS = st.one_of(st.tuples(st.sampled_from([3, -4, 1.5, "0"]), st.just((TypeError, ValueError))))

CASES = {
    "overflow_threshold": Case(C.overflow_threshold, valid={"dtype": st.sampled_from([np.float16, np.float32, np.float64, "float32"])},
                               bad={"dtype": st.tuples(st.sampled_from([int, "int64", "bogus", 3, "U5"]), st.just(T))}),
    "naive_softmax": Case(C.naive_softmax, valid={"z": arrays((4, 3), -20, 20)},
                          bad={"z": st.tuples(st.sampled_from([np.float64(1.0), "z", np.zeros(0), np.zeros((2, 0))]), st.just((ValueError, TypeError))),
                               "axis": BAD_AXIS}),
    "softmax_jacobian": Case(C.softmax_jacobian, valid={"z": st.one_of(arrays((3,)), arrays((4, 3))),
                                                        "temperature": st.floats(0.05, 100)},
                             bad={"z": bad_array(), "temperature": bad_real(0.0, low_open=True)}),
    "hardmax": Case(C.hardmax, valid={"z": arrays((4, 3))},
                    bad={"z": st.tuples(st.sampled_from([np.float64(1.0), "z", np.zeros(0), np.zeros((2, 0))]), st.just((ValueError, TypeError))),
                         "axis": BAD_AXIS}),
    "tempered_softmax": Case(C.tempered_softmax, valid={"logits": LOGITS, "temperature": st.floats(0, 1e6)},
                             bad={"logits": bad_array(), "temperature": bad_real(0.0)}),
    "entropy": Case(C.entropy, valid={"p": PROBS}, bad={"p": BAD_PROBS, "axis": BAD_AXIS}),
    "reliability_bins": Case(C.reliability_bins, valid={"probs": PROBS, "labels": LABELS, "n_bins": st.integers(1, 20)},
                             bad={"probs": BAD_PROBS, "labels": BAD_LABELS, "n_bins": bad_int(1, 1000)}, finite=False),
    "expected_calibration_error": Case(C.expected_calibration_error,
                                       valid={"probs": PROBS, "labels": LABELS, "n_bins": st.integers(1, 20)},
                                       bad={"probs": BAD_PROBS, "labels": BAD_LABELS, "n_bins": bad_int(1, 1000)},
                                       check=lambda out, kw: 0 <= out <= 1),
    "nll": Case(C.nll, valid={"logits": LOGITS, "labels": LABELS, "temperature": st.floats(0.01, 100)},
                bad={"logits": BAD_LOGITS, "labels": BAD_LABELS, "temperature": bad_real(0.0, low_open=True)}),
    "fit_temperature": Case(C.fit_temperature, valid={"logits": LOGITS, "labels": LABELS},
                            bad={"logits": BAD_LOGITS, "labels": BAD_LABELS, "t_min": bad_real(0.0, 100.0, low_open=True, high_open=True),
                                 "t_max": bad_real(0.05, low_open=True)},
                            names={"t_min": ("t_min", "t_max")}),
    "exclusive_blobs": Case(C.exclusive_blobs, valid={"n": st.integers(2, 200), "n_classes": st.integers(2, 6),
                                                      "spread": st.floats(0.01, 3), "seed": st.integers(0, 99)},
                            bad={"n": bad_int(2, 10**7), "n_classes": bad_int(2, 20), "spread": bad_real(0.0, low_open=True),
                                 "seed": bad_seed()}),
    "multilabel_halfplanes": Case(C.multilabel_halfplanes, valid={"n": st.integers(1, 200), "flip": st.floats(0, 0.5),
                                                                  "seed": st.integers(0, 99)},
                                  bad={"n": bad_int(1, 10**7), "flip": bad_real(0.0, 1.0, high_open=True), "seed": bad_seed()}),
    "label_count_stats": Case(C.label_count_stats, valid={"probs": arrays((8, 3), 0, 1), "threshold": st.floats(0.01, 0.99)},
                              bad={"probs": st.one_of(st.tuples(st.sampled_from([np.full((8, 3), 2.0), np.zeros(3),
                                                                                 np.full((8, 3), np.nan)]), st.just(V)),
                                                      st.tuples(st.just("p"), st.just(T))),
                                   "threshold": bad_real(0.0, 1.0, low_open=True, high_open=True)}),
}

test_valid, test_bad = make_tests(CASES)
