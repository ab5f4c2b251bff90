r"""Softmax vs sigmoid: what chapter 7 needs beyond :mod:`actbook.losses`.

* :func:`naive_softmax` — :math:`e^{z_j}/\sum_k e^{z_k}` *without* the max shift, kept to
  show how it overflows; :func:`overflow_threshold` is :math:`\ln(\text{largest float})`.
* :func:`softmax_jacobian` — :math:`\partial p_i/\partial z_j = (\operatorname{diag}(p) - pp^\top)_{ij}/T`.
* :func:`hardmax`, :func:`tempered_softmax` (the explorer's pure function, with T = 0
  meaning hardmax) and :func:`entropy`.
* :func:`reliability_bins`, :func:`expected_calibration_error`, :func:`nll` and
  :func:`fit_temperature` — calibration and temperature scaling (Guo et al., 2017).
* :func:`exclusive_blobs`, :func:`multilabel_halfplanes`, :func:`label_count_stats` —
  the multi-class and multi-label toy problems.
* :func:`gaussian_posterior`, :func:`gaussian_softmax_params` — Bayes' rule for Gaussian
  class-conditionals, and the affine logits that reproduce it for a shared covariance.
* :func:`kl_divergence`, :func:`brier_score`, :func:`smooth_labels`,
  :func:`smoothing_logit_gap`, :func:`log_prior_bias` — proper scores, label smoothing and
  prior-matched output biases.

Every public function validates its arguments and raises ``TypeError``/``ValueError``
naming the argument and the accepted range.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import optimize

from ._validate import as_float_array, check_int, check_nonempty, check_number, check_probability, check_size, make_rng
from .losses import log_softmax, logsumexp, softmax

__all__ = [
    "overflow_threshold",
    "naive_softmax",
    "softmax_jacobian",
    "hardmax",
    "tempered_softmax",
    "entropy",
    "reliability_bins",
    "expected_calibration_error",
    "nll",
    "fit_temperature",
    "exclusive_blobs",
    "multilabel_halfplanes",
    "label_count_stats",
    "gaussian_posterior",
    "gaussian_softmax_params",
    "kl_divergence",
    "brier_score",
    "smooth_labels",
    "smoothing_logit_gap",
    "log_prior_bias",
]


def _logits_2d(logits: Any, name: str = "logits") -> np.ndarray:
    z = as_float_array(logits, name, finite=True)
    if z.ndim != 2 or z.shape[1] < 2 or z.shape[0] == 0:
        raise ValueError(f"{name} must be 2-D (rows, classes) with at least one row and 2 classes, "
                         f"got shape {z.shape}")
    return z


def _labels(labels: Any, n_rows: int, n_classes: int, name: str = "labels") -> np.ndarray:
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class labels, got dtype {y.dtype}")
    if y.shape != (n_rows,):
        raise ValueError(f"{name} must have shape ({n_rows},), got {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"{name} must be in [0, {n_classes - 1}], got range [{y.min()}, {y.max()}]")
    return y.astype(np.int64)


# ---------------------------------------------------------------------------
# numerical stability
# ---------------------------------------------------------------------------

def overflow_threshold(dtype: Any = np.float64) -> float:
    r"""Largest :math:`x` with :math:`e^x` finite in ``dtype``: :math:`\ln(\text{finfo(dtype).max})`.

    About 88.72 for float32 and 709.78 for float64.
    """
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a numpy floating dtype, got {dtype!r}") from None
    if dt.kind != "f":
        raise TypeError(f"dtype must be a floating dtype (float16/32/64), got {dt}")
    return float(np.log(np.finfo(dt).max.astype(np.float64)))


def naive_softmax(z: Any, axis: int = -1) -> np.ndarray:
    r"""Textbook :math:`p_j = e^{z_j} / \sum_k e^{z_k}` **without** subtracting the max.

    For teaching only: once a logit exceeds :func:`overflow_threshold` the
    numerator overflows to ``inf`` and the result is ``nan``; when all logits are very
    negative every exponential underflows to 0 and the result is ``0/0 = nan``.
    Keeps float32/float64 and suppresses numpy's overflow warnings (the NaNs are the point).
    Use :func:`actbook.losses.softmax` for real work.
    """
    a = as_float_array(z, "z")
    if a.ndim == 0 or a.size == 0:
        raise ValueError("z must be non-empty with at least one dimension (a vector of logits)")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis must be an integer in [-{a.ndim}, {a.ndim - 1}], got {axis!r}")
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(a)
        return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------------------
# derivatives and temperature
# ---------------------------------------------------------------------------

def softmax_jacobian(z: Any, temperature: float = 1.0) -> np.ndarray:
    r"""Jacobian :math:`J_{ij} = \partial p_i / \partial z_j = (p_i\delta_{ij} - p_i p_j)/T` of
    :math:`p = \operatorname{softmax}(z/T)`.

    ``z`` of shape (K,) gives a (K, K) matrix; ``z`` of shape (N, K) gives (N, K, K).
    The matrix is symmetric, positive semi-definite and annihilates the all-ones vector.
    """
    a = as_float_array(z, "z", finite=True)
    if a.ndim not in (1, 2) or a.shape[-1] < 1:
        raise ValueError(f"z must have shape (K,) or (N, K), got {a.shape}")
    t = check_number(temperature, "temperature", low=0.0, low_open=True)
    check_size(a.size * a.shape[-1], "z (the Jacobian has size N*K*K)")
    p = softmax(a, axis=-1, temperature=t)
    eye = np.eye(a.shape[-1], dtype=p.dtype)
    J = p[..., :, None] * eye - p[..., :, None] * p[..., None, :]
    return J / t if t != 1.0 else J


def hardmax(z: Any, axis: int = -1) -> np.ndarray:
    """One-hot of the arg-max along ``axis``; ties share the mass equally (the T → 0 limit of softmax)."""
    a = as_float_array(z, "z", finite=True)
    if a.ndim == 0 or a.size == 0:
        raise ValueError("z must be non-empty with at least one dimension (a vector of logits)")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis must be an integer in [-{a.ndim}, {a.ndim - 1}], got {axis!r}")
    top = (a == a.max(axis=axis, keepdims=True)).astype(a.dtype)
    return top / top.sum(axis=axis, keepdims=True)


def tempered_softmax(logits: Any, temperature: float) -> np.ndarray:
    r"""The temperature explorer's update: :math:`\operatorname{softmax}(z/T)` for T > 0 and
    :func:`hardmax` for T = 0 (its limit).  Works along the last axis."""
    t = check_number(temperature, "temperature", low=0.0)
    a = as_float_array(logits, "logits", finite=True)
    if a.ndim == 0 or a.size == 0:
        raise ValueError("logits must be non-empty with at least one dimension (a vector of logits)")
    return hardmax(a) if t == 0.0 else softmax(a, axis=-1, temperature=t)


def entropy(p: Any, axis: int = -1) -> np.ndarray:
    r"""Shannon entropy :math:`H(p) = -\sum_j p_j \ln p_j` in nats (with 0 ln 0 = 0); 0 ≤ H ≤ ln K."""
    a = as_float_array(p, "p", finite=True)
    if a.ndim == 0 or a.size == 0:
        raise ValueError("p must be non-empty with at least one dimension (a probability vector)")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
    if not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis must be an integer in [-{a.ndim}, {a.ndim - 1}], got {axis!r}")
    if np.any(a < 0) or not np.allclose(a.sum(axis=axis), 1.0, atol=1e-6):
        raise ValueError("p must be non-negative and sum to 1 along axis")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(a > 0, -a * np.log(np.where(a > 0, a, 1.0)), 0.0)
    return terms.sum(axis=axis)


# ---------------------------------------------------------------------------
# calibration
# ---------------------------------------------------------------------------

def _check_probs(probs: Any) -> np.ndarray:
    p = as_float_array(probs, "probs", finite=True)
    if p.ndim != 2 or p.shape[1] < 2:
        raise ValueError(f"probs must be 2-D (rows, classes) with at least 2 classes, got shape {p.shape}")
    if np.any(p < 0) or not np.allclose(p.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError("probs must be non-negative and each row must sum to 1")
    return p


def reliability_bins(probs: Any, labels: Any, n_bins: int = 10) -> dict[str, np.ndarray]:
    r"""Bin predictions by confidence :math:`c_n = \max_k p_{nk}` into ``n_bins`` equal-width bins
    :math:`B_m = ((m-1)/M, m/M]` and return, per bin, the mean confidence, the accuracy and the count.

    Keys: ``edges`` (M+1,), ``confidence`` (M,), ``accuracy`` (M,), ``count`` (M,).
    Empty bins have NaN confidence and accuracy.  This is the data of a reliability diagram.
    """
    p = _check_probs(probs)
    y = _labels(labels, p.shape[0], p.shape[1])
    m = check_int(n_bins, "n_bins", low=1, high=1000)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0.0, 1.0, m + 1)
    idx = np.clip(np.ceil(conf * m).astype(int) - 1, 0, m - 1)
    count = np.bincount(idx, minlength=m).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(idx, weights=conf, minlength=m) / count
        acc = np.bincount(idx, weights=correct, minlength=m) / count
    return {"edges": edges, "confidence": mean_conf, "accuracy": acc, "count": count}


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 15) -> float:
    r"""ECE :math:`= \sum_m \frac{|B_m|}{N}\,\lvert \operatorname{acc}(B_m) - \operatorname{conf}(B_m)\rvert`
    over equal-width confidence bins (Naeini et al., 2015; Guo et al., 2017).  In [0, 1]."""
    b = reliability_bins(probs, labels, n_bins)
    used = b["count"] > 0
    w = b["count"][used] / b["count"].sum()
    return float(np.sum(w * np.abs(b["accuracy"][used] - b["confidence"][used])))


def nll(logits: Any, labels: Any, temperature: float = 1.0) -> float:
    r"""Mean negative log-likelihood :math:`-\frac1N\sum_n \log \operatorname{softmax}(z_n/T)_{y_n}`."""
    z = _logits_2d(logits)
    y = _labels(labels, z.shape[0], z.shape[1])
    t = check_number(temperature, "temperature", low=0.0, low_open=True)
    logp = log_softmax(z / t, axis=1)
    return float(-logp[np.arange(z.shape[0]), y].mean())


def fit_temperature(logits: Any, labels: Any, t_min: float = 0.05, t_max: float = 100.0) -> float:
    r"""Temperature scaling: the T in ``[t_min, t_max]`` that minimises :func:`nll` on held-out data.

    The NLL is convex in the inverse temperature :math:`\beta = 1/T` (a log-sum-exp of
    linear functions of β minus a linear term), so a bounded scalar search on β finds the
    global minimum.  Dividing all logits by T > 0 never changes the arg-max, hence accuracy.
    A result equal to ``t_max`` (or ``t_min``) means the optimum lies beyond the bound, e.g.
    ``t_max`` when the labels do not depend on the logits (the uniform prediction is best).
    """
    z = _logits_2d(logits)
    y = _labels(labels, z.shape[0], z.shape[1])
    lo = check_number(t_min, "t_min", low=0.0, low_open=True)
    hi = check_number(t_max, "t_max", low=lo, low_open=True)
    rows = np.arange(z.shape[0])

    def f(beta: float) -> float:
        return float(-log_softmax(beta * z, axis=1)[rows, y].mean())

    res = optimize.minimize_scalar(f, bounds=(1.0 / hi, 1.0 / lo), method="bounded",
                                   options={"xatol": 1e-8})
    return float(1.0 / res.x)


# ---------------------------------------------------------------------------
# multi-class vs multi-label toy problems
# ---------------------------------------------------------------------------

def exclusive_blobs(n: int = 300, n_classes: int = 3, spread: float = 0.8, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Multi-class data: ``n`` points from ``n_classes`` Gaussian blobs (std ``spread``) whose centres
    sit on a circle of radius 2; each point has exactly one label.  Returns ``X`` (n, 2), ``y`` (n,) ints."""
    n = check_int(n, "n", low=2, high=10**7)
    k = check_int(n_classes, "n_classes", low=2, high=20)
    s = check_number(spread, "spread", low=0.0, low_open=True)
    rng = make_rng(seed, "seed")
    y = rng.permutation(np.arange(n) % k)
    angles = 2 * np.pi * np.arange(k) / k
    centres = 2.0 * np.c_[np.cos(angles), np.sin(angles)]
    X = centres[y] + rng.normal(0.0, s, size=(n, 2))
    return X, y


def multilabel_halfplanes(n: int = 300, flip: float = 0.05, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Multi-label data: points uniform in :math:`[-2, 2]^2` with three tags
    ``x1 > 0``, ``x2 > 0`` and ``x1 + x2 > 1``, each flipped independently with
    probability ``flip``.  The tags themselves are *not* independent (``x1 + x2 > 1``
    needs ``x1 > 0`` or ``x2 > 0``); only the flips are.

    A point can carry 0, 1, 2 or 3 tags.  Returns ``X`` (n, 2) and ``Y`` (n, 3) of 0/1 floats.
    """
    n = check_int(n, "n", low=1, high=10**7)
    f = check_probability(flip, "flip")
    rng = make_rng(seed, "seed")
    X = rng.uniform(-2.0, 2.0, size=(n, 2))
    Y = np.c_[X[:, 0] > 0, X[:, 1] > 0, X[:, 0] + X[:, 1] > 1].astype(float)
    flips = rng.random(Y.shape) < f
    Y[flips] = 1.0 - Y[flips]
    return X, Y


def label_count_stats(probs: Any, threshold: float = 0.5) -> dict[str, float]:
    """How many labels per row exceed ``threshold``, and how far each row's sum is from 1.

    Returns fractions of rows with ``none`` (0 labels), ``one`` and ``several`` labels above the
    threshold, and ``sum_min``/``sum_max`` of the row sums.  Accepts any (N, K) array in [0, 1].
    """
    p = as_float_array(probs, "probs", finite=True)
    if p.ndim != 2:
        raise ValueError(f"probs must be 2-D (rows, labels), got shape {p.shape}")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probs must be in [0, 1]")
    t = check_number(threshold, "threshold", low=0.0, high=1.0, low_open=True, high_open=True)
    k = (p > t).sum(axis=1)
    s = p.sum(axis=1)
    return {"none": float(np.mean(k == 0)), "one": float(np.mean(k == 1)),
            "several": float(np.mean(k >= 2)), "sum_min": float(s.min()), "sum_max": float(s.max())}


# ---------------------------------------------------------------------------
# where softmax comes from: Gaussian class-conditionals
# ---------------------------------------------------------------------------

def _gaussian_args(means: Any, priors: Any) -> tuple[np.ndarray, np.ndarray]:
    mu = as_float_array(means, "means", finite=True)
    if mu.ndim != 2 or mu.shape[0] < 2 or mu.shape[1] < 1:
        raise ValueError(f"means must be 2-D (classes, features) with at least 2 classes, got shape {mu.shape}")
    pi = as_float_array(priors, "priors", finite=True)
    if pi.shape != (mu.shape[0],):
        raise ValueError(f"priors must have shape ({mu.shape[0]},), one per row of means, got {pi.shape}")
    if np.any(pi <= 0) or not np.isclose(pi.sum(), 1.0, atol=1e-9):
        raise ValueError("priors must be positive and sum to 1")
    return mu, pi


def _spd(c: np.ndarray, name: str) -> np.ndarray:
    if not np.allclose(c, np.swapaxes(c, -1, -2), atol=1e-12):
        raise ValueError(f"{name} must be symmetric")
    try:
        np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite") from None
    return c


def gaussian_posterior(X: Any, means: Any, covs: Any, priors: Any) -> np.ndarray:
    r"""Bayes' rule :math:`P(k\mid x) = \pi_k\,\mathcal N(x;\mu_k,\Sigma_k) / \sum_j \pi_j\,\mathcal N(x;\mu_j,\Sigma_j)`.

    ``X`` (N, d), ``means`` (K, d), ``covs`` one shared (d, d) matrix or one per class
    (K, d, d), ``priors`` (K,) positive summing to 1.  The densities are evaluated in log
    space (``-½ (x-μ)ᵀΣ⁻¹(x-μ) - ½ ln det 2πΣ``) and normalised with log-sum-exp, but
    *not* through the affine formula of :func:`gaussian_softmax_params`, so the two can
    be compared.  Returns (N, K) posteriors.
    """
    mu, pi = _gaussian_args(means, priors)
    k, d = mu.shape
    x = as_float_array(X, "X", finite=True)
    if x.ndim != 2 or x.shape[1] != d or x.shape[0] == 0:
        raise ValueError(f"X must have shape (rows, {d}) with at least one row, got {x.shape}")
    c = as_float_array(covs, "covs", finite=True)
    if c.shape == (d, d):
        c = np.broadcast_to(c, (k, d, d))
    elif c.shape != (k, d, d):
        raise ValueError(f"covs must have shape ({d}, {d}) (shared) or ({k}, {d}, {d}), got {c.shape}")
    _spd(c, "covs")
    check_size(x.shape[0] * k * d, "X (the posterior needs N*K*d entries)")
    logj = np.empty((x.shape[0], k))
    for j in range(k):
        diff = x - mu[j]
        maha = np.einsum("ni,ni->n", diff, np.linalg.solve(c[j], diff.T).T)
        _, logdet = np.linalg.slogdet(2 * np.pi * c[j])
        logj[:, j] = np.log(pi[j]) - 0.5 * maha - 0.5 * logdet
    return np.exp(logj - logsumexp(logj, axis=1)[:, None])


def gaussian_softmax_params(means: Any, cov: Any, priors: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Weights and biases of the softmax that equals :func:`gaussian_posterior` for a shared Σ.

    :math:`w_k = \Sigma^{-1}\mu_k` and :math:`b_k = -\tfrac12 \mu_k^\top\Sigma^{-1}\mu_k + \ln\pi_k`,
    so that :math:`P(k\mid x) = \operatorname{softmax}(W^\top x + b)_k` (Bishop 2006, §4.2).
    Returns ``W`` (d, K) (column k is :math:`w_k`) and ``b`` (K,).
    """
    mu, pi = _gaussian_args(means, priors)
    d = mu.shape[1]
    s = as_float_array(cov, "cov", finite=True)
    if s.shape != (d, d):
        raise ValueError(f"cov must be one shared ({d}, {d}) matrix, got shape {s.shape}")
    _spd(s, "cov")
    W = np.linalg.solve(s, mu.T)  # (d, K)
    b = -0.5 * np.einsum("kd,dk->k", mu, W) + np.log(pi)
    return W, b


# ---------------------------------------------------------------------------
# proper scores, label smoothing, prior biases
# ---------------------------------------------------------------------------

def kl_divergence(p: Any, q: Any, axis: int = -1) -> np.ndarray:
    r"""Kullback-Leibler divergence :math:`\mathrm{KL}(p\,\|\,q) = \sum_j p_j \ln(p_j/q_j)` in nats
    (0 ln 0 = 0).  ``p`` and ``q`` are probability vectors along ``axis`` of the same shape;
    ``q`` must be positive wherever ``p`` is.  Always ≥ 0, and 0 only for p = q.
    Together with :func:`entropy`: :math:`H(p, q) = H(p) + \mathrm{KL}(p\,\|\,q)`.
    """
    a = as_float_array(p, "p", finite=True)
    b = as_float_array(q, "q", finite=True)
    if a.ndim == 0 or a.size == 0:
        raise ValueError("p must be non-empty with at least one dimension (a probability vector)")
    if b.shape != a.shape:
        raise ValueError(f"q must have the shape of p {a.shape}, got {b.shape}")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
    if not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis must be an integer in [-{a.ndim}, {a.ndim - 1}], got {axis!r}")
    for v, name in ((a, "p"), (b, "q")):
        if np.any(v < 0) or not np.allclose(v.sum(axis=axis), 1.0, atol=1e-6):
            raise ValueError(f"{name} must be non-negative and sum to 1 along axis")
    if np.any((a > 0) & (b == 0)):
        raise ValueError("q must be positive wherever p is (otherwise KL(p || q) is infinite)")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(a > 0, a * (np.log(np.where(a > 0, a, 1.0)) - np.log(np.where(a > 0, b, 1.0))), 0.0)
    return np.maximum(terms.sum(axis=axis), 0.0)


def brier_score(probs: Any, labels: Any) -> float:
    r"""Multi-class Brier score :math:`\frac1N\sum_n \sum_k (p_{nk} - y_{nk})^2` with one-hot
    :math:`y_n` (Brier 1950).  In [0, 2]; 0 only for confident correct predictions.  Like the
    NLL it is a strictly proper scoring rule: its expectation is minimised by the true
    class probabilities."""
    p = _check_probs(probs)
    y = _labels(labels, p.shape[0], p.shape[1])
    onehot = np.zeros_like(p)
    onehot[np.arange(p.shape[0]), y] = 1.0
    return float(((p - onehot) ** 2).sum(axis=1).mean())


def smooth_labels(labels: Any, n_classes: int, eps: float) -> np.ndarray:
    r"""Label-smoothed targets :math:`(1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon/K`
    (Szegedy et al., 2016).  Rows sum to 1; ``eps = 0`` gives the one-hot rows.  Returns (N, K)."""
    k = check_int(n_classes, "n_classes", low=2, high=100_000)
    e = check_probability(eps, "eps")
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"labels must be integer class labels, got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"labels must be 1-D integer class labels, got shape {y.shape}")
    y = _labels(y, y.shape[0], k)
    check_size(y.shape[0] * k, "labels (the targets have N*K entries)")
    out = np.full((y.shape[0], k), e / k)
    out[np.arange(y.shape[0]), y] += 1.0 - e
    return out


def smoothing_logit_gap(eps: float, n_classes: int) -> float:
    r"""The logit gap :math:`z_y - z_j` (every j ≠ y) that minimises softmax cross-entropy
    against the smoothed target of :func:`smooth_labels`:
    :math:`\ln\frac{1-\varepsilon+\varepsilon/K}{\varepsilon/K}`.  The minimiser is the
    softmax that equals the target (the KL term vanishes), and the softmax's odds are
    :math:`e^{z_y - z_j}`.  Finite for ε > 0; ``inf`` for ε = 0 (one-hot targets)."""
    e = check_probability(eps, "eps")
    k = check_int(n_classes, "n_classes", low=2, high=100_000)
    if e == 0.0:
        return float("inf")
    return float(np.log((1.0 - e + e / k) / (e / k)))


def log_prior_bias(labels: Any, n_classes: int) -> np.ndarray:
    r"""Output biases :math:`b_k = \ln \pi_k` with :math:`\pi_k` the class frequencies of ``labels``.

    With these biases and zero weights the softmax predicts the priors, and the mean
    cross-entropy on ``labels`` is the entropy :math:`H(\pi)` of the priors, the lowest loss a
    predictor that ignores the input can reach.  Every class must occur at least once.
    """
    k = check_int(n_classes, "n_classes", low=2, high=100_000)
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"labels must be integer class labels, got dtype {y.dtype}")
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be non-empty 1-D integer class labels, got shape {y.shape}")
    y = _labels(y, y.shape[0], k)
    counts = np.bincount(y, minlength=k)
    if np.any(counts == 0):
        raise ValueError(f"labels must contain every class 0..{k - 1} (ln 0 is -inf); missing "
                         f"{np.flatnonzero(counts == 0).tolist()}")
    return np.log(counts / counts.sum())
