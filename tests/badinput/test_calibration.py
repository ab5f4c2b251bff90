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
MEANS = np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 2.0]])
COV = np.array([[1.0, 0.3], [0.3, 0.6]])
PRIORS = np.array([0.5, 0.3, 0.2])
BAD_MEANS = st.one_of(st.tuples(st.sampled_from([np.zeros(3), np.zeros((1, 2)), np.full((3, 2), np.nan)]), st.just(V)),
                      st.tuples(st.just("m"), st.just(T)))
BAD_COV = st.one_of(st.tuples(st.sampled_from([-COV, np.array([[1.0, 0.5], [0.0, 1.0]]), np.eye(3),
                                               np.full((2, 2), np.inf)]), st.just(V)),
                    st.tuples(st.just("c"), st.just(T)))
BAD_PRIORS = st.one_of(st.tuples(st.sampled_from([np.array([0.5, 0.5, 0.5]), np.array([1.0, 0.0, 0.0]),
                                                  np.array([0.5, 0.5]), np.array([-0.1, 0.6, 0.5])]), st.just(V)),
                       st.tuples(st.just("pi"), st.just(T)))
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
    "gaussian_posterior": Case(C.gaussian_posterior,
                               valid={"X": arrays((6, 2)), "means": st.just(MEANS),
                                      "covs": st.sampled_from([COV, np.stack([COV, 2 * COV, np.eye(2)])]),
                                      "priors": st.just(PRIORS)},
                               bad={"X": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((4, 3))), st.just(V))),
                                    "means": BAD_MEANS, "covs": BAD_COV, "priors": BAD_PRIORS}),
    "gaussian_softmax_params": Case(C.gaussian_softmax_params,
                                    valid={"means": arrays((3, 2)), "cov": st.just(COV), "priors": st.just(PRIORS)},
                                    bad={"means": BAD_MEANS, "cov": BAD_COV, "priors": BAD_PRIORS}),
    "kl_divergence": Case(C.kl_divergence, valid={"p": PROBS, "q": PROBS},
                          bad={"p": BAD_PROBS, "q": st.one_of(BAD_PROBS, st.tuples(st.just(np.full((8, 3), 1 / 3)[:4]), st.just(V))),
                               "axis": BAD_AXIS}),
    "brier_score": Case(C.brier_score, valid={"probs": PROBS, "labels": LABELS},
                        bad={"probs": BAD_PROBS, "labels": BAD_LABELS},
                        check=lambda out, kw: 0 <= out <= 2),
    "smooth_labels": Case(C.smooth_labels, valid={"labels": LABELS, "n_classes": st.just(3),
                                                  "eps": st.floats(0, 0.99)},
                          bad={"labels": st.one_of(st.tuples(st.sampled_from([np.full(8, 3), np.full(8, -1), np.zeros((2, 4), int)]),
                                                         st.just(V)),
                                                st.tuples(st.sampled_from([np.full(8, 0.5), "a"]), st.just(T))),
                               "n_classes": bad_int(2, 100_000), "eps": bad_real(0.0, 1.0, high_open=True)},
                          names={"n_classes": ("n_classes", "labels")}),
    "smoothing_logit_gap": Case(C.smoothing_logit_gap, valid={"eps": st.floats(0.001, 0.99), "n_classes": st.integers(2, 1000)},
                                bad={"eps": bad_real(0.0, 1.0, high_open=True), "n_classes": bad_int(2, 100_000)}),
    "log_prior_bias": Case(C.log_prior_bias, valid={"labels": st.builds(lambda s: np.random.default_rng(s).permutation(np.arange(12) % 3),
                                                                        st.integers(0, 99)),
                                                    "n_classes": st.just(3)},
                           bad={"labels": st.one_of(BAD_LABELS, st.tuples(st.just(np.array([0, 0, 1])), st.just(V)),
                                                    st.tuples(st.just(np.zeros((2, 3), int)), st.just(V))),
                                "n_classes": bad_int(2, 100_000)},
                           names={"n_classes": ("n_classes", "labels")}),
}

test_valid, test_bad = make_tests(CASES)
