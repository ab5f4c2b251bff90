"""Tests for actbook.calibration (chapter 7: softmax vs sigmoid)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from actbook import calibration as cal
from actbook import gradcheck, losses

logit_vectors = arrays(np.float64, st.integers(2, 6), elements=st.floats(-30, 30))


# --- overflow and the naive softmax ---------------------------------------------------

def test_overflow_threshold_matches_finfo():
    for dt in (np.float32, np.float64):
        t = cal.overflow_threshold(dt)
        assert t == pytest.approx(np.log(float(np.finfo(dt).max)), rel=1e-12)
        with np.errstate(over="ignore"):
            assert np.isfinite(np.exp(dt(t * (1 - 1e-6))))
            assert np.isinf(np.exp(dt(t * (1 + 1e-4))))
    assert 88.7 < cal.overflow_threshold(np.float32) < 88.75
    assert 709.7 < cal.overflow_threshold(np.float64) < 709.8


def test_overflow_threshold_bad_dtype():
    with pytest.raises(TypeError, match="dtype"):
        cal.overflow_threshold(np.int32)
    with pytest.raises(TypeError, match="dtype"):
        cal.overflow_threshold("not a dtype")


def test_naive_softmax_agrees_then_fails():
    z = np.array([1.0, 2.0, -0.5])
    np.testing.assert_allclose(cal.naive_softmax(z), losses.softmax(z), rtol=1e-14)
    big = z + 800.0  # beyond the float64 threshold
    assert np.all(np.isnan(cal.naive_softmax(big)))
    assert np.all(np.isfinite(losses.softmax(big)))
    tiny = z - 800.0  # every exponential underflows: 0/0
    assert np.all(np.isnan(cal.naive_softmax(tiny)))
    z32 = np.array([0.0, 90.0], dtype=np.float32)
    out = cal.naive_softmax(z32)
    assert out.dtype == np.float32 and np.isnan(out[1])


def test_naive_softmax_bad_args():
    with pytest.raises(TypeError, match="z must"):
        cal.naive_softmax("abc")
    with pytest.raises(ValueError, match="axis"):
        cal.naive_softmax([1.0, 2.0], axis=3)
    with pytest.raises(ValueError, match="at least one dimension"):
        cal.naive_softmax(1.0)


# --- Jacobian ---------------------------------------------------------------------------

@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_jacobian_matches_finite_differences(temperature):
    z = np.array([0.3, -1.2, 2.0, 0.7])
    J = cal.softmax_jacobian(z, temperature)
    num = np.stack([gradcheck.numerical_gradient(lambda v, i=i: losses.softmax(v, temperature=temperature)[i], z)
                    for i in range(z.size)])
    assert gradcheck.relative_error(J, num) < 1e-7


@given(logit_vectors)
@settings(max_examples=50, deadline=None)
def test_jacobian_properties(z):
    J = cal.softmax_jacobian(z)
    p = losses.softmax(z)
    np.testing.assert_allclose(J, J.T, atol=1e-15)
    np.testing.assert_allclose(J @ np.ones(z.size), 0.0, atol=1e-12)
    assert np.linalg.eigvalsh(J).min() > -1e-12
    np.testing.assert_allclose(np.diag(J), p * (1 - p), atol=1e-15)


def test_jacobian_batched_and_errors():
    Z = np.array([[0.0, 1.0, 2.0], [5.0, -5.0, 0.0]])
    Jb = cal.softmax_jacobian(Z)
    assert Jb.shape == (2, 3, 3)
    np.testing.assert_allclose(Jb[1], cal.softmax_jacobian(Z[1]))
    with pytest.raises(ValueError, match="temperature"):
        cal.softmax_jacobian(Z, temperature=0.0)
    with pytest.raises(ValueError, match="shape"):
        cal.softmax_jacobian(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="finite"):
        cal.softmax_jacobian([0.0, np.nan])


# --- temperature, hardmax, entropy ---------------------------------------------------------

def test_tempered_softmax_limits():
    z = np.array([2.0, 1.0, 0.5, -1.0])
    np.testing.assert_array_equal(cal.tempered_softmax(z, 0.0), [1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(cal.tempered_softmax(z, 1e-3), [1.0, 0.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(cal.tempered_softmax(z, 1e6), np.full(4, 0.25), atol=1e-6)
    np.testing.assert_allclose(cal.tempered_softmax(z, 2.0), losses.softmax(z / 2.0))
    # ties share the mass at T = 0
    np.testing.assert_array_equal(cal.hardmax([1.0, 3.0, 3.0]), [0.0, 0.5, 0.5])
    with pytest.raises(ValueError, match="temperature"):
        cal.tempered_softmax(z, -1.0)
    with pytest.raises(TypeError, match="temperature"):
        cal.tempered_softmax(z, "hot")


def test_entropy_bounds_and_monotone_in_temperature():
    z = np.array([2.0, 1.0, 0.5, -1.0])
    temps = [0.1, 0.5, 1.0, 2.0, 10.0]
    H = [float(cal.entropy(cal.tempered_softmax(z, t))) for t in temps]
    assert all(a < b for a, b in zip(H, H[1:]))
    assert cal.entropy([1.0, 0.0, 0.0]) == 0.0
    assert cal.entropy(np.full(4, 0.25)) == pytest.approx(np.log(4))
    with pytest.raises(ValueError, match="sum to 1"):
        cal.entropy([0.5, 0.6])


# --- calibration -----------------------------------------------------------------------

def test_reliability_bins_hand_example():
    probs = np.array([[0.95, 0.05], [0.9, 0.1], [0.35, 0.65], [0.4, 0.6]])
    labels = np.array([0, 1, 1, 1])
    b = cal.reliability_bins(probs, labels, n_bins=2)
    np.testing.assert_allclose(b["count"], [0, 4])
    np.testing.assert_allclose(b["confidence"][1], (0.95 + 0.9 + 0.65 + 0.6) / 4)
    np.testing.assert_allclose(b["accuracy"][1], 0.75)
    assert np.isnan(b["accuracy"][0])
    # a confidence of exactly 0.5 belongs to the bin (0, 0.5]
    b5 = cal.reliability_bins([[0.5, 0.5]], [0], n_bins=2)
    np.testing.assert_allclose(b5["count"], [1, 0])
    ece = cal.expected_calibration_error(probs, labels, n_bins=2)
    assert ece == pytest.approx(abs(0.75 - 0.775))


def test_ece_zero_for_perfectly_calibrated_and_bad_args():
    # in each bin, accuracy equals confidence exactly: 4 rows at 0.75 with 3 correct
    probs = np.tile([[0.75, 0.25]], (4, 1))
    assert cal.expected_calibration_error(probs, [0, 0, 0, 1], n_bins=10) == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(ValueError, match="sum to 1"):
        cal.expected_calibration_error([[0.7, 0.7]], [0])
    with pytest.raises(ValueError, match="labels must be in"):
        cal.expected_calibration_error([[0.5, 0.5]], [2])
    with pytest.raises(TypeError, match="labels must be integer"):
        cal.expected_calibration_error([[0.5, 0.5]], [0.0])
    with pytest.raises(ValueError, match="n_bins"):
        cal.reliability_bins([[0.5, 0.5]], [0], n_bins=0)


def test_nll_matches_cross_entropy():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(20, 4)) * 3
    y = rng.integers(0, 4, 20)
    assert cal.nll(z, y) == pytest.approx(losses.cross_entropy(z, y)[0], rel=1e-12)
    assert cal.nll(z, y, 2.5) == pytest.approx(losses.cross_entropy(z / 2.5, y)[0], rel=1e-12)


def test_fit_temperature_recovers_known_temperature():
    rng = np.random.default_rng(0)
    n, k, t_true = 4000, 4, 3.0
    base = rng.normal(size=(n, k)) * 2.0
    # labels drawn from softmax(base); the model reports logits t_true times too large
    p = losses.softmax(base)
    y = (p.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    t_hat = cal.fit_temperature(base * t_true, y)
    assert t_hat == pytest.approx(t_true, rel=0.08)
    # the fitted T is the grid minimiser of the NLL
    grid = np.linspace(1.5, 4.5, 61)
    best = grid[np.argmin([cal.nll(base * t_true, y, t) for t in grid])]
    assert abs(best - t_hat) < 0.06
    # accuracy unchanged by any temperature
    z = base * t_true
    assert np.array_equal((z / t_hat).argmax(1), z.argmax(1))


def test_fit_temperature_bad_args():
    with pytest.raises(ValueError, match="t_min"):
        cal.fit_temperature([[0.0, 1.0]], [0], t_min=0.0)
    with pytest.raises(ValueError, match="t_max"):
        cal.fit_temperature([[0.0, 1.0]], [0], t_min=2.0, t_max=1.0)
    with pytest.raises(ValueError, match="logits must be 2-D"):
        cal.fit_temperature([0.0, 1.0], [0])
    with pytest.raises(ValueError, match="labels must have shape"):
        cal.fit_temperature([[0.0, 1.0]], [0, 1])


# --- k = 2 identity (uses the package's softmax and sigmoid) --------------------------------

@given(st.floats(-700, 700), st.floats(-700, 700))
@settings(max_examples=100, deadline=None)
def test_two_class_softmax_is_sigmoid_of_difference(z1, z2):
    from actbook import activations
    p = losses.softmax(np.array([z1, z2]))
    assert p[0] == pytest.approx(float(activations.get("sigmoid")(np.array(z1 - z2))), rel=1e-12, abs=1e-300)


# --- toy data ------------------------------------------------------------------------

def test_toy_data_shapes_determinism_and_errors():
    X, y = cal.exclusive_blobs(90, 3, seed=4)
    assert X.shape == (90, 2) and np.bincount(y).tolist() == [30, 30, 30]
    X2, y2 = cal.exclusive_blobs(90, 3, seed=4)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    Xm, Y = cal.multilabel_halfplanes(500, flip=0.0, seed=0)
    assert Y.shape == (500, 3)
    np.testing.assert_array_equal(Y[:, 0], Xm[:, 0] > 0)
    counts = Y.sum(axis=1)
    assert set(np.unique(counts)) == {0.0, 1.0, 2.0, 3.0}
    with pytest.raises(ValueError, match="flip"):
        cal.multilabel_halfplanes(10, flip=1.5)
    with pytest.raises(ValueError, match="n_classes"):
        cal.exclusive_blobs(10, n_classes=1)
    with pytest.raises(TypeError, match="seed"):
        cal.exclusive_blobs(10, seed=-1)


def test_label_count_stats():
    s = cal.label_count_stats([[0.9, 0.8, 0.1], [0.2, 0.3, 0.1], [0.6, 0.2, 0.2]])
    assert s["several"] == pytest.approx(1 / 3) and s["none"] == pytest.approx(1 / 3)
    assert s["one"] == pytest.approx(1 / 3)
    assert s["sum_min"] == pytest.approx(0.6) and s["sum_max"] == pytest.approx(1.8)
    with pytest.raises(ValueError, match="threshold"):
        cal.label_count_stats([[0.5]], threshold=1.0)
    with pytest.raises(ValueError, match=r"probs must be in \[0, 1\]"):
        cal.label_count_stats([[1.5]])


# --- more properties ------------------------------------------------------------------

def test_naive_softmax_axis_and_dtype_kept():
    Z = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    np.testing.assert_allclose(cal.naive_softmax(Z, axis=0), losses.softmax(Z, axis=0), rtol=1e-13)
    z32 = np.array([0.1, 0.2], dtype=np.float32)
    assert cal.tempered_softmax(z32, 0.5).dtype == np.float32
    assert cal.hardmax(z32).dtype == np.float32
    assert cal.softmax_jacobian(z32).dtype == np.float32


def test_fit_temperature_is_equivariant_to_logit_scale():
    rng = np.random.default_rng(5)
    z = rng.normal(0, 3, size=(300, 3))
    p = losses.softmax(z / 2.0)             # labels drawn at temperature 2, so the fit is interior
    y = (p.cumsum(axis=1) > rng.random((300, 1))).argmax(axis=1)
    t1 = cal.fit_temperature(z, y)
    assert 1.0 < t1 < 4.0
    t2 = cal.fit_temperature(2.0 * z, y)
    assert t2 == pytest.approx(2.0 * t1, rel=1e-4)
    # the NLL at the fitted T is no larger than at nearby temperatures
    for t in (0.9 * t1, 1.1 * t1, 1.0):
        assert cal.nll(z, y, t1) <= cal.nll(z, y, t) + 1e-12


@given(arrays(np.float64, (40, 3), elements=st.floats(-20, 20)), st.integers(1, 20))
@settings(max_examples=40, deadline=None)
def test_ece_in_unit_interval_and_counts_add_up(z, n_bins):
    p = losses.softmax(z, axis=1)
    y = np.arange(40) % 3
    b = cal.reliability_bins(p, y, n_bins)
    assert b["count"].sum() == 40
    ece = cal.expected_calibration_error(p, y, n_bins)
    assert 0.0 <= ece <= 1.0


# --- Gaussian class-conditionals ------------------------------------------------------

def _gauss_setup():
    means = np.array([[0.0, 0.0, 1.0], [2.0, 1.0, -1.0], [-1.0, 2.0, 0.5]])
    A = np.array([[1.0, 0.3, 0.0], [0.2, 0.8, 0.1], [0.0, -0.4, 1.2]])
    return means, A @ A.T + 0.1 * np.eye(3), np.array([0.5, 0.3, 0.2])


def test_gaussian_posterior_matches_scipy_bayes_rule():
    from scipy import stats
    means, S, pi = _gauss_setup()
    X = np.random.default_rng(0).normal(0, 2, (50, 3))
    dens = np.stack([pi[k] * stats.multivariate_normal(means[k], S).pdf(X) for k in range(3)], axis=1)
    np.testing.assert_allclose(cal.gaussian_posterior(X, means, S, pi), dens / dens.sum(1, keepdims=True),
                               rtol=1e-9, atol=1e-14)
    covs = np.stack([S, 2 * S, np.diag([0.5, 1.0, 2.0])])
    dens = np.stack([pi[k] * stats.multivariate_normal(means[k], covs[k]).pdf(X) for k in range(3)], axis=1)
    np.testing.assert_allclose(cal.gaussian_posterior(X, means, covs, pi), dens / dens.sum(1, keepdims=True),
                               rtol=1e-9, atol=1e-14)


def test_gaussian_softmax_params_reproduce_posterior():
    means, S, pi = _gauss_setup()
    X = np.random.default_rng(1).normal(0, 3, (200, 3))
    W, b = cal.gaussian_softmax_params(means, S, pi)
    assert W.shape == (3, 3) and b.shape == (3,)
    np.testing.assert_allclose(W[:, 1], np.linalg.solve(S, means[1]), rtol=1e-12)
    assert b[2] == pytest.approx(-0.5 * means[2] @ np.linalg.solve(S, means[2]) + np.log(0.2), rel=1e-12)
    post = cal.gaussian_posterior(X, means, S, pi)
    assert np.abs(post - losses.softmax(X @ W + b)).max() < 1e-12
    # a wrong bias (priors left out) does not reproduce it
    assert np.abs(post - losses.softmax(X @ W + b - np.log(pi))).max() > 0.05


def test_gaussian_bad_args():
    means, S, pi = _gauss_setup()
    with pytest.raises(ValueError, match="priors"):
        cal.gaussian_softmax_params(means, S, [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="positive definite"):
        cal.gaussian_softmax_params(means, -S, pi)
    with pytest.raises(ValueError, match="symmetric"):
        cal.gaussian_posterior(np.zeros((2, 3)), means, S + np.triu(np.ones((3, 3)), 1), pi)
    with pytest.raises(ValueError, match="X must"):
        cal.gaussian_posterior(np.zeros((2, 2)), means, S, pi)


# --- KL, Brier, label smoothing, prior biases ---------------------------------------

@given(logit_vectors, st.integers(0, 1000))
@settings(max_examples=50, deadline=None)
def test_cross_entropy_is_entropy_plus_kl(z, s):
    p = losses.softmax(z)
    q = losses.softmax(np.random.default_rng(s).normal(size=z.size))
    h_pq = -(p * np.log(q)).sum()
    assert h_pq == pytest.approx(float(cal.entropy(p) + cal.kl_divergence(p, q)), abs=1e-9)
    assert cal.kl_divergence(p, q) >= 0 and cal.kl_divergence(q, q) == pytest.approx(0.0, abs=1e-12)


def test_kl_values_and_zero_handling():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])
    assert cal.kl_divergence(p, q) == pytest.approx(np.log(2), rel=1e-12)  # 0 ln 0 = 0
    with pytest.raises(ValueError, match="positive wherever"):
        cal.kl_divergence(q, p)
    rows = cal.kl_divergence(np.stack([p, q]), np.stack([q, q]))
    np.testing.assert_allclose(rows, [np.log(2), 0.0], atol=1e-12)


def test_brier_score_values():
    probs = np.array([[1.0, 0.0, 0.0], [0.5, 0.25, 0.25], [0.0, 1.0, 0.0]])
    labels = np.array([0, 0, 0])
    # rows: 0, 0.25 + 0.0625 + 0.0625 = 0.375, 1 + 1 = 2
    assert cal.brier_score(probs, labels) == pytest.approx((0 + 0.375 + 2) / 3, rel=1e-12)


def test_brier_score_is_proper():
    # expected Brier under p is smallest at q = p: (q - p)^2 + p(1 - p) summed
    p = np.array([0.6, 0.3, 0.1])
    def expected(q):
        return sum(p[y] * cal.brier_score(q[None, :], np.array([y])) for y in range(3))
    assert expected(p) == pytest.approx(float(np.sum(p * (1 - p))), rel=1e-12)
    for q in (np.array([1.0, 0.0, 0.0]), np.array([0.7, 0.2, 0.1]), np.full(3, 1 / 3)):
        assert expected(q) > expected(p) + 1e-6
        assert expected(q) == pytest.approx(float(np.sum((q - p) ** 2) + np.sum(p * (1 - p))), rel=1e-12)


def test_smooth_labels():
    t = cal.smooth_labels(np.array([2, 0]), 4, 0.2)
    np.testing.assert_allclose(t, [[0.05, 0.05, 0.85, 0.05], [0.85, 0.05, 0.05, 0.05]], rtol=1e-12)
    np.testing.assert_array_equal(cal.smooth_labels(np.array([1]), 3, 0.0), [[0.0, 1.0, 0.0]])
    with pytest.raises(TypeError, match="labels"):
        cal.smooth_labels(np.array([0.5]), 3, 0.1)


@pytest.mark.parametrize("eps,k", [(0.1, 10), (0.2, 3), (0.01, 100)])
def test_smoothing_logit_gap_is_the_optimum(eps, k):
    from scipy import optimize
    t = cal.smooth_labels(np.array([0]), k, eps)
    res = optimize.minimize(lambda v: (lambda l, g: (l, g[0]))(*losses.cross_entropy(v[None], t)),
                            np.zeros(k), jac=True, method="BFGS", options={"gtol": 1e-11})
    gap = res.x[0] - res.x[1:].mean()
    assert gap == pytest.approx(cal.smoothing_logit_gap(eps, k), abs=1e-4)
    assert cal.smoothing_logit_gap(0.1, 10) == pytest.approx(np.log(91.0), rel=1e-12)
    assert cal.smoothing_logit_gap(0.0, k) == np.inf


def test_log_prior_bias():
    y = np.array([0, 0, 0, 1, 2, 2])
    b = cal.log_prior_bias(y, 3)
    np.testing.assert_allclose(b, np.log([0.5, 1 / 6, 1 / 3]), rtol=1e-12)
    # zero weights + these biases: the loss is the entropy of the priors
    loss, _ = losses.cross_entropy(np.tile(b, (6, 1)), y)
    assert loss == pytest.approx(float(cal.entropy(np.exp(b))), rel=1e-12)
    assert loss < np.log(3) - 0.05
    with pytest.raises(ValueError, match="every class"):
        cal.log_prior_bias(np.array([0, 0, 2]), 3)
