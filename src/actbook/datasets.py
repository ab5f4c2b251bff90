"""Small seeded data sets generated with numpy (plus the 8×8 digits shipped with scikit-learn).

Every generator takes ``seed`` (an int or a ``numpy.random.Generator``) and returns
``(X, y)`` with ``X`` float64 of shape (n, d) and ``y`` integer labels of shape (n,).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_float_array, check_int, check_nonempty, check_number, check_same_length, make_rng

MAX_POINTS = 10**7  # generators refuse more points than this (memory)
MAX_NOISE = 1e6  # and noise scales beyond this (the data would be pure noise, or overflow)

__all__ = ["xor_points", "xor", "moons", "circles", "spirals", "parity", "digits", "train_test_split", "standardize"]


def xor_points() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points of {0,1}² with label x1 XOR x2."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def xor(n: int = 200, noise: float = 0.15, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points around the four corners (±1, ±1); label 1 when the signs differ."""
    n = check_int(n, "n", low=4, high=MAX_POINTS)
    noise = check_number(noise, "noise", low=0.0, high=MAX_NOISE)
    rng = make_rng(seed, "seed")
    corners = rng.integers(0, 2, size=(n, 2)) * 2.0 - 1.0
    X = corners + rng.normal(0.0, noise, size=(n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(int)
    return X, y


def moons(n: int = 200, noise: float = 0.1, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (like scikit-learn's make_moons), n//2 + n - n//2 points."""
    n = check_int(n, "n", low=2, high=MAX_POINTS)
    noise = check_number(noise, "noise", low=0.0, high=MAX_NOISE)
    rng = make_rng(seed, "seed")
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.vstack([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    X += rng.normal(0.0, noise, size=X.shape)
    p = rng.permutation(n)
    return X[p], y[p]


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (label 1, radius ``factor``) inside a unit circle (label 0)."""
    n = check_int(n, "n", low=2, high=MAX_POINTS)
    noise = check_number(noise, "noise", low=0.0, high=MAX_NOISE)
    factor = check_number(factor, "factor", low=0.0, high=1.0, low_open=True, high_open=True)
    rng = make_rng(seed, "seed")
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, size=n)
    r = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.c_[r * np.cos(t), r * np.sin(t)] + rng.normal(0.0, noise, size=(n, 2))
    y = (np.arange(n) >= n0).astype(int)
    p = rng.permutation(n)
    return X[p], y[p]


def spirals(n: int = 300, n_classes: int = 3, noise: float = 0.2, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n_classes`` interleaved spiral arms (the CS231n toy set), n points in all."""
    k = check_int(n_classes, "n_classes", low=2, high=1000)
    n = check_int(n, "n", low=k, high=MAX_POINTS)
    noise = check_number(noise, "noise", low=0.0, high=MAX_NOISE)
    rng = make_rng(seed, "seed")
    y = np.arange(n) % k
    r = np.linspace(0.05, 1.0, n)[rng.permutation(n)]
    t = y * (2 * np.pi / k) + 4.0 * r + rng.normal(0.0, noise, size=n)
    X = np.c_[r * np.sin(t), r * np.cos(t)]
    return X, y


def parity(n_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """All 2**n_bits bit vectors (rows, in binary counting order) and their parity (sum mod 2)."""
    n_bits = check_int(n_bits, "n_bits", low=1, high=20)
    ints = np.arange(2 ** n_bits)
    X = ((ints[:, None] >> np.arange(n_bits - 1, -1, -1)) & 1).astype(np.float64)
    return X, (X.sum(axis=1) % 2).astype(int)


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 8×8 handwritten digits bundled with scikit-learn (no download), pixels scaled to [0, 1]."""
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise ImportError("digits() needs scikit-learn: pip install 'actbook[data]'") from exc
    d = load_digits()
    return d.data / 16.0, d.target.astype(int)


def train_test_split(X: Any, y: Any, test_fraction: float = 0.25, seed: Any = 0):
    """Shuffle and split: returns X_train, X_test, y_train, y_test."""
    Xa = as_float_array(X, "X")
    ya = np.asarray(y)
    check_same_length(Xa, ya, "X", "y")
    f = check_number(test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True, high_open=True)
    n = Xa.shape[0]
    n_test = int(round(n * f))
    if n_test < 1 or n_test >= n:
        raise ValueError(f"test_fraction={test_fraction} leaves an empty split for {n} rows")
    p = make_rng(seed, "seed").permutation(n)
    te, tr = p[:n_test], p[n_test:]
    return Xa[tr], Xa[te], ya[tr], ya[te]


def standardize(X_train: Any, *others: Any):
    """Centre and scale columns with the training set's mean and std; returns the transformed arrays.

    ``X_train`` is a finite 2-D array with at least one row; each of ``others`` must
    have its number of columns.  A constant column is centred and left unscaled.
    """
    Xt = as_float_array(X_train, "X_train", finite=True)
    if Xt.ndim != 2:
        raise ValueError(f"X_train must be 2-D (rows, features), got shape {Xt.shape}")
    check_nonempty(Xt, "X_train", axis=0)
    rest = []
    for i, o in enumerate(others):
        oa = as_float_array(o, f"others[{i}]", finite=True)
        if oa.ndim != 2 or oa.shape[1] != Xt.shape[1]:
            raise ValueError(f"others[{i}] must have shape (rows, {Xt.shape[1]}) like X_train, got {oa.shape}")
        rest.append(oa)
    mu = Xt.mean(axis=0)
    sd = Xt.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    out = [(Xt - mu) / sd] + [(o - mu) / sd for o in rest]
    return out[0] if not others else tuple(out)
