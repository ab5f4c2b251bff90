r"""Why networks need a nonlinearity: the machinery of Chapter 1.

* :func:`collapse_affine` / :func:`affine_layers` — a stack of affine layers
  :math:`x \mapsto xW_1 + b_1 \mapsto \dots` is one affine map :math:`xW + b`.
* :func:`heaviside`, :func:`perceptron` — Rosenblatt's threshold unit and learning rule.
* :func:`linearly_separable`, :func:`count_separable_labelings` — is there a line
  (hyperplane) that splits a labelled point set? (a linear programme)
* :func:`xor_relu_net` — two ReLU units that compute XOR exactly.
* :func:`relu_interpolant`, :func:`interpolation_error_bound`, :func:`units_for_tolerance`
  — the constructive side of universal approximation in one dimension.
* :func:`random_feature_fit` — least-squares output layer on a fixed random hidden layer.
* :func:`parity_shallow_net`, :func:`parity_tree_net`, :func:`parity_unit_counts` —
  n-bit parity with one wide hidden layer or a tree of XORs.
* :func:`fit_classifier`, :func:`decision_grid` — train a small MLP on 2-D data and
  evaluate its decision regions on a grid (the update logic of the chapter's explorer).

Conventions as in :mod:`actbook.nets`: rows are examples and a layer computes
``z = x @ W + b`` with ``W`` of shape ``(n_in, n_out)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import activations as _act
from . import datasets as _data
from . import nets as _nets
from . import train as _train
from ._validate import as_float_array, check_int, check_number, check_same_length, check_size, make_rng

__all__ = [
    "collapse_affine",
    "affine_layers",
    "heaviside",
    "PerceptronResult",
    "perceptron",
    "linearly_separable",
    "count_separable_labelings",
    "xor_relu_net",
    "relu_interpolant",
    "interpolation_error_bound",
    "units_for_tolerance",
    "random_feature_fit",
    "parity_shallow_net",
    "parity_tree_net",
    "tree_layer_sizes",
    "parity_unit_counts",
    "fit_classifier",
    "GridResult",
    "decision_grid",
    "DATASETS",
    "first_layer_kinks",
    "spread_first_layer_kinks",
]


# ---------------------------------------------------------------------------
# stacked affine layers collapse
# ---------------------------------------------------------------------------

def collapse_affine(weights: Sequence[Any], biases: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    r"""Compose affine layers :math:`x \mapsto x W_i + b_i` (i = 1..L) into one :math:`x W + b`.

    :math:`W = W_1 W_2 \cdots W_L` and :math:`b = (\dots((b_1 W_2 + b_2) W_3 + b_3)\dots) W_L + b_L`.
    ``weights[i]`` has shape ``(n_{i}, n_{i+1})``; ``biases[i]`` has shape ``(n_{i+1},)``.
    """
    for seq, nm in ((weights, "weights"), (biases, "biases")):
        if isinstance(seq, (np.ndarray, str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"weights and biases must be sequences (lists) of arrays, one per layer; "
                            f"got {nm} of type {type(seq).__name__}")
    Ws = [as_float_array(w, f"weights[{i}]", finite=True) for i, w in enumerate(weights)]
    bs = [as_float_array(b, f"biases[{i}]", finite=True) for i, b in enumerate(biases)]
    if len(Ws) == 0:
        raise ValueError("weights must hold at least one layer")
    if len(Ws) != len(bs):
        raise ValueError(f"weights and biases must have the same length, got {len(Ws)} and {len(bs)}")
    for i, (w, b) in enumerate(zip(Ws, bs)):
        if w.ndim != 2:
            raise ValueError(f"weights[{i}] must be 2-D (n_in, n_out), got shape {w.shape}")
        if b.shape != (w.shape[1],):
            raise ValueError(f"biases[{i}] must have shape ({w.shape[1]},), got {b.shape}")
        if i and Ws[i - 1].shape[1] != w.shape[0]:
            raise ValueError(
                f"weights[{i}] must have {Ws[i - 1].shape[1]} rows to follow weights[{i - 1}], "
                f"got shape {w.shape}"
            )
    W, b = Ws[0].copy(), bs[0].copy()
    for w, c in zip(Ws[1:], bs[1:]):
        W = W @ w
        b = b @ w + c
    return W, b


def affine_layers(model: _nets.Sequential) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The (weights, biases) of a network whose every activation is the identity.

    Raises ``ValueError`` if the model contains a non-identity activation (or a layer
    other than Dense / identity Activate), because then the network is not affine.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be an actbook.nets.Sequential, got {type(model).__name__}")
    Ws: list[np.ndarray] = []
    bs: list[np.ndarray] = []
    for layer in model._walk():
        if isinstance(layer, _nets.Dense):
            Ws.append(layer.W.copy())
            bs.append(layer.b.copy() if layer.b is not None else np.zeros(layer.W.shape[1]))
        elif isinstance(layer, _nets.Activate) and isinstance(layer.act, _act.Identity):
            continue
        else:
            raise ValueError(
                f"model must contain only Dense layers and identity activations, found {layer!r}"
            )
    if not Ws:
        raise ValueError("model has no Dense layer")
    return Ws, bs


# ---------------------------------------------------------------------------
# the perceptron
# ---------------------------------------------------------------------------

def heaviside(z: Any) -> np.ndarray:
    r"""The perceptron's threshold: :math:`H(z) = 1` if :math:`z > 0`, else 0 (so H(0) = 0)."""
    a = as_float_array(z, "z")
    return (a > 0).astype(a.dtype)


@dataclass
class PerceptronResult:
    """Weights after training, training accuracy per epoch (index 0 = before training),
    the epoch after which no point was misclassified (``None`` if never), the number
    of weight updates made, and the end-of-epoch weights with the best accuracy
    (Gallant's "pocket": useful when the data are not separable)."""

    w: np.ndarray
    b: float
    accuracy: np.ndarray
    converged_epoch: int | None
    updates: int
    best_w: np.ndarray
    best_b: float


def _labels01(y: Any, name: str = "y") -> np.ndarray:
    ya = np.asarray(y)
    if ya.dtype.kind not in "biuf" or ya.ndim != 1:
        raise TypeError(f"{name} must be a 1-D array of 0/1 labels, got dtype {ya.dtype}, shape {ya.shape}")
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError(f"{name} must contain only the labels 0 and 1")
    return ya.astype(int)


def _points(X: Any, name: str = "X") -> np.ndarray:
    Xa = as_float_array(X, name, finite=True).astype(np.float64, copy=False)
    if Xa.ndim != 2 or Xa.shape[0] < 1:
        raise ValueError(f"{name} must be 2-D (rows, features) with at least one row, got shape {Xa.shape}")
    return Xa


def perceptron(X: Any, y: Any, epochs: int = 100, lr: float = 1.0, seed: Any = 0) -> PerceptronResult:
    r"""Rosenblatt's learning rule for :math:`\hat y = H(w \cdot x + b)` with 0/1 labels.

    Start from :math:`w = 0, b = 0`; visit the points in a seeded random order each
    epoch and after each point set :math:`w \mathrel{+}= \eta (y - \hat y) x`,
    :math:`b \mathrel{+}= \eta (y - \hat y)`.  Stops after the first epoch with no
    mistake (the perceptron convergence theorem guarantees one if the data are
    linearly separable).
    """
    Xa = _points(X)
    ya = _labels01(y)
    check_same_length(Xa, ya, "X", "y")
    epochs = check_int(epochs, "epochs", low=1)
    if epochs > 10**6:
        raise ValueError(f"epochs must be at most 1e6, got {epochs}")
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    rng = make_rng(seed, "seed")
    w = np.zeros(Xa.shape[1])
    b = 0.0
    acc = [float(np.mean(heaviside(Xa @ w + b) == ya))]
    best = (acc[0], w.copy(), b)
    converged, updates = None, 0
    for epoch in range(1, epochs + 1):
        mistakes = 0
        for i in rng.permutation(len(ya)):
            err = ya[i] - (1 if Xa[i] @ w + b > 0 else 0)
            if err:
                w = w + lr * err * Xa[i]
                b += lr * err
                mistakes += 1
                updates += 1
        acc.append(float(np.mean(heaviside(Xa @ w + b) == ya)))
        if acc[-1] > best[0]:
            best = (acc[-1], w.copy(), b)
        if mistakes == 0:
            converged = epoch
            break
    return PerceptronResult(w=w, b=float(b), accuracy=np.array(acc), converged_epoch=converged,
                            updates=updates, best_w=best[1], best_b=float(best[2]))


def linearly_separable(X: Any, y: Any, return_weights: bool = False):
    r"""Is there :math:`(w, b)` with :math:`w \cdot x_i + b > 0` exactly when :math:`y_i = 1`?

    Solved as the linear feasibility problem :math:`s_i (w \cdot x_i + b) \ge 1`,
    :math:`s_i = 2 y_i - 1` (any strict separator can be rescaled to margin 1).
    With ``return_weights=True`` returns ``(bool, w, b)`` (``w, b`` are None if not separable).
    """
    from scipy.optimize import linprog

    Xa = _points(X)
    ya = _labels01(y)
    check_same_length(Xa, ya, "X", "y")
    n, d = Xa.shape
    s = 2.0 * ya - 1.0
    # variables (w_1..w_d, b); constraint -s_i (x_i.w + b) <= -1
    A = -s[:, None] * np.c_[Xa, np.ones(n)]
    res = linprog(np.zeros(d + 1), A_ub=A, b_ub=-np.ones(n), bounds=[(None, None)] * (d + 1), method="highs")
    ok = bool(res.status == 0)
    if not return_weights:
        return ok
    if not ok:
        return False, None, None
    return True, res.x[:d], float(res.x[d])


def count_separable_labelings(X: Any) -> int:
    """How many of the 2**N labelings of the N points in ``X`` a hyperplane (with bias) realises (N <= 12)."""
    Xa = _points(X)
    n = Xa.shape[0]
    if n > 12:
        raise ValueError(f"X must have at most 12 rows (2**N linear programmes), got {n}")
    count = 0
    for k in range(2 ** n):
        labels = (k >> np.arange(n)) & 1
        count += linearly_separable(Xa, labels)
    return count


def xor_relu_net() -> _nets.Sequential:
    r"""Two ReLU units that compute XOR on {0,1}² exactly (Goodfellow et al. 2016, §6.1).

    :math:`h = \operatorname{ReLU}(x W + c)` with :math:`W = \begin{psmallmatrix}1&1\\1&1\end{psmallmatrix}`,
    :math:`c = (0, -1)`, and output :math:`y = h_1 - 2 h_2`.
    """
    hidden = _nets.Dense(2, 2, init="zeros")
    hidden.params["W"][...] = [[1.0, 1.0], [1.0, 1.0]]
    hidden.params["b"][...] = [0.0, -1.0]
    out = _nets.Dense(2, 1, init="zeros")
    out.params["W"][...] = [[1.0], [-2.0]]
    return _nets.Sequential([hidden, _nets.Activate("relu"), out])


# ---------------------------------------------------------------------------
# universal approximation, constructively, in 1-D
# ---------------------------------------------------------------------------

def _interval(a: Any, b: Any) -> tuple[float, float]:
    lo = check_number(a, "a")
    hi = check_number(b, "b")
    if not hi > lo:
        raise ValueError(f"b must be greater than a, got a={a}, b={b}")
    return lo, hi


def interpolation_knots(f: Callable[[np.ndarray], Any], a: float, b: float, m: int, *,
                        names: tuple[str, str, str] = ("a", "b", "m")) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Knots, values and cell slopes of the m-piece linear interpolant of ``f`` on [a, b].

    :math:`t_k = a + k (b - a)/m` (k = 0..m), :math:`v_k = f(t_k)`,
    :math:`s_k = (v_{k+1} - v_k)/(t_{k+1} - t_k)` (k = 0..m-1).  ``names`` are the argument
    names used in error messages (callers with other parameter names pass theirs).
    """
    if not callable(f):
        raise TypeError(f"f must be a callable of a float array, got {type(f).__name__}")
    lo = check_number(a, names[0])
    hi = check_number(b, names[1])
    if not hi > lo:
        raise ValueError(f"{names[1]} must be greater than {names[0]}, got {names[0]}={a}, {names[1]}={b}")
    m = check_int(m, names[2], low=1)
    if m > 10**7:
        raise ValueError(f"{names[2]} must be at most 1e7 (pieces), got {m}")
    t = np.linspace(lo, hi, m + 1)
    v = np.asarray(f(t), dtype=np.float64)
    if v.shape != t.shape or not np.all(np.isfinite(v)):
        raise ValueError("f must return one finite value per input point")
    return t, v, np.diff(v) / np.diff(t)


def relu_interpolant(f: Callable[[np.ndarray], Any], a: float, b: float, m: int) -> _nets.Sequential:
    r"""A [1, m, 1] ReLU network equal to the piecewise-linear interpolant of ``f`` on [a, b].

    Knots :math:`t_k = a + k h`, :math:`h = (b - a)/m`, k = 0..m; slopes
    :math:`s_k = (f(t_{k+1}) - f(t_k))/h`.  Then on [a, b]

    .. math:: g(x) = f(t_0) + s_0 \operatorname{ReLU}(x - t_0) + \sum_{k=1}^{m-1} (s_k - s_{k-1}) \operatorname{ReLU}(x - t_k),

    which uses exactly ``m`` hidden units.
    """
    t, v, s = interpolation_knots(f, a, b, m)
    hidden = _nets.Dense(1, m, init="zeros")
    hidden.params["W"][...] = 1.0
    hidden.params["b"][...] = -t[:-1]
    out = _nets.Dense(m, 1, init="zeros")
    out.params["W"][:, 0] = np.r_[s[0], np.diff(s)]
    out.params["b"][...] = v[0]
    return _nets.Sequential([hidden, _nets.Activate("relu"), out])


def interpolation_error_bound(a: float, b: float, m: int, max_abs_f2: float) -> float:
    r"""Max error of the m-piece linear interpolant of a C² function: :math:`h^2 M_2 / 8`, h = (b-a)/m."""
    lo, hi = _interval(a, b)
    m = check_int(m, "m", low=1)
    M2 = check_number(max_abs_f2, "max_abs_f2", low=0.0)
    return ((hi - lo) / m) ** 2 * M2 / 8.0


MAX_UNITS = 10**9  # units_for_tolerance refuses tolerances that need more units


def units_for_tolerance(a: float, b: float, max_abs_f2: float, tol: float) -> int:
    r"""Smallest m with :math:`h^2 M_2/8 \le \varepsilon`: :math:`m = \lceil (b-a)\sqrt{M_2/(8\varepsilon)}\rceil` (at least 1)."""
    lo, hi = _interval(a, b)
    M2 = check_number(max_abs_f2, "max_abs_f2", low=0.0)
    eps = check_number(tol, "tol", low=0.0, low_open=True)
    with np.errstate(over="ignore"):
        m_real = float(np.float64(hi - lo) * np.sqrt(np.float64(M2) / (8.0 * eps)))
    if not m_real <= MAX_UNITS:
        raise ValueError(f"tol={tol} is too small for this interval and max_abs_f2: it would need "
                         f"more than {MAX_UNITS:.0e} units")
    m = max(1, math.ceil(m_real))
    # guard against rounding in sqrt/ceil: step to the exact smallest m (a step or two)
    while m > 1 and ((hi - lo) / (m - 1)) ** 2 * M2 / 8.0 <= eps:
        m -= 1
    while ((hi - lo) / m) ** 2 * M2 / 8.0 > eps:
        m += 1
    return m


def random_feature_fit(x: Any, y: Any, width: int, activation: Any = "relu", seed: Any = 0,
                       x_eval: Any = None, domain: tuple[float, float] = (-1.0, 1.0)):
    r"""Fit only the output layer of a [1, width, 1] network with a random hidden layer.

    Hidden unit j computes :math:`\phi(w_j (x - t_j))` with :math:`w_j \sim N(0, 1)` and
    its kink/centre :math:`t_j \sim U(\text{domain})`; the output weights and bias are
    the least-squares solution.  ``activation`` is a registry name or a callable.
    Returns ``(predictions at x_eval (or x), rank of the feature matrix on x)``.
    """
    xa = as_float_array(x, "x", finite=True).astype(np.float64).reshape(-1)
    ya = as_float_array(y, "y", finite=True).astype(np.float64).reshape(-1)
    check_same_length(xa, ya, "x", "y")
    width = check_int(width, "width", low=1, high=10**5)
    check_size(xa.size * width, "len(x) * width")
    phi = activation if callable(activation) and not isinstance(activation, str) else _act.get(activation)
    lo, hi = _interval(*domain)
    rng = make_rng(seed, "seed")
    w = rng.normal(size=width)
    t = rng.uniform(lo, hi, size=width)

    def features(u: np.ndarray) -> np.ndarray:
        return np.c_[np.asarray(phi(w[None, :] * (u[:, None] - t[None, :])), dtype=np.float64), np.ones(len(u))]

    F = features(xa)
    coef, *_ = np.linalg.lstsq(F, ya, rcond=None)
    xe = xa if x_eval is None else as_float_array(x_eval, "x_eval", finite=True).astype(np.float64).reshape(-1)
    return features(xe) @ coef, int(np.linalg.matrix_rank(F))


# ---------------------------------------------------------------------------
# n-bit parity: wide-and-shallow vs a tree of XORs
# ---------------------------------------------------------------------------

def parity_shallow_net(n: int) -> _nets.Sequential:
    r"""One hidden layer of n ReLU units computing the parity of n bits exactly.

    With :math:`s = \sum_i x_i`, unit k computes :math:`\operatorname{ReLU}(s - k)`
    (k = 0..n-1) and the output is :math:`\sum_k c_k \operatorname{ReLU}(s - k)` with
    :math:`c_0 = 1`, :math:`c_k = 2(-1)^k`: the zig-zag through (k, k mod 2).
    """
    n = check_int(n, "n", low=1, high=20)
    hidden = _nets.Dense(n, n, init="zeros")
    hidden.params["W"][...] = 1.0
    hidden.params["b"][...] = -np.arange(n, dtype=float)
    out = _nets.Dense(n, 1, init="zeros")
    c = 2.0 * (-1.0) ** np.arange(n)
    c[0] = 1.0
    out.params["W"][:, 0] = c
    return _nets.Sequential([hidden, _nets.Activate("relu"), out])


def tree_layer_sizes(n: int) -> list[int]:
    """Hidden widths of the XOR tree: each pair of values costs 2 units, a left-over value 1."""
    n = check_int(n, "n", low=1, high=20)
    sizes, m = [], n
    while m > 1:
        sizes.append(2 * (m // 2) + m % 2)
        m = m // 2 + m % 2
    return sizes


def parity_tree_net(n: int) -> _nets.Sequential:
    r"""A tree of XORs computing the parity of n bits with :math:`\lceil \log_2 n \rceil` hidden layers.

    For bits a, b: :math:`a \oplus b = |a - b| = \operatorname{ReLU}(a - b) + \operatorname{ReLU}(b - a)`
    (2 units); an unpaired bit passes through as :math:`\operatorname{ReLU}(a) = a` (1 unit).
    The sum that forms each XOR is folded into the next layer's weights.
    """
    n = check_int(n, "n", low=2, high=20)
    layers: list[_nets.Layer] = []
    # M maps the previous layer's outputs to the current list of bit values (n_prev x m)
    M = np.eye(n)
    m = n
    for width in tree_layer_sizes(n):
        P = np.zeros((m, width))  # values -> pre-activations of this layer
        S = np.zeros((width, m // 2 + m % 2))  # this layer's units -> next values
        for p in range(m // 2):
            a, b = 2 * p, 2 * p + 1
            P[a, 2 * p], P[b, 2 * p] = 1.0, -1.0
            P[a, 2 * p + 1], P[b, 2 * p + 1] = -1.0, 1.0
            S[2 * p, p] = S[2 * p + 1, p] = 1.0
        if m % 2:
            P[m - 1, width - 1] = 1.0
            S[width - 1, m // 2] = 1.0
        dense = _nets.Dense(M.shape[0], width, init="zeros")
        dense.params["W"][...] = M @ P
        layers += [dense, _nets.Activate("relu")]
        M, m = S, m // 2 + m % 2
    out = _nets.Dense(M.shape[0], 1, init="zeros")
    out.params["W"][...] = M
    layers.append(out)
    return _nets.Sequential(layers)


def parity_unit_counts(n: int) -> dict[str, int]:
    """Hidden units (and hidden layers) of three exact constructions of n-bit parity.

    ``dnf``: one threshold unit per odd-weight input pattern, 2**(n-1) units, 1 layer;
    ``shallow``: :func:`parity_shallow_net`, n units, 1 layer;
    ``tree``: :func:`parity_tree_net`, about 2(n-1) units in ceil(log2 n) layers.
    """
    n = check_int(n, "n", low=2, high=20)
    sizes = tree_layer_sizes(n)
    return {"dnf_units": 2 ** (n - 1), "dnf_layers": 1, "shallow_units": n, "shallow_layers": 1,
            "tree_units": int(sum(sizes)), "tree_layers": len(sizes)}


# ---------------------------------------------------------------------------
# training small classifiers and their decision regions (the explorer's logic)
# ---------------------------------------------------------------------------

#: The 2-D data sets the chapter uses, as (generator, keyword arguments).
DATASETS: dict[str, tuple[Callable[..., tuple[np.ndarray, np.ndarray]], dict[str, Any]]] = {
    "xor": (_data.xor, {"noise": 0.25}),
    "moons": (_data.moons, {"noise": 0.15}),
    "circles": (_data.circles, {"noise": 0.08, "factor": 0.5}),
    "spirals": (_data.spirals, {"n_classes": 3, "noise": 0.15}),
}


def _dataset(name: Any, n: int, seed: Any) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(name, str):
        raise TypeError(f"dataset must be one of {sorted(DATASETS)}, got {type(name).__name__}")
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {sorted(DATASETS)}, got {name!r}")
    gen, kw = DATASETS[name]
    return gen(n=n, seed=seed, **kw)


def fit_classifier(X: Any, y: Any, hidden: Sequence[int] = (8,), activation: Any = "relu", seed: Any = 0,
                   epochs: int = 300, lr: float = 0.1, momentum: float = 0.9,
                   batch_size: int | None = 32) -> tuple[_nets.Sequential, _train.History]:
    """Build ``mlp([d, *hidden, k])`` and train it with softmax cross-entropy and momentum SGD.

    ``k`` = number of classes in ``y``; the same ``seed`` fixes the initial weights and
    the mini-batch order.  Returns ``(model, history)``.
    """
    Xa = _points(X)
    ya = np.asarray(y)
    if ya.dtype.kind not in "iu" or ya.ndim != 1:
        raise TypeError(f"y must be a 1-D array of integer class labels, got dtype {ya.dtype}")
    check_same_length(Xa, ya, "X", "y")
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__"):
        raise TypeError("hidden must be a sequence of hidden-layer widths such as (8,) or (16, 16)")
    hidden = [check_int(h, f"hidden[{i}]", low=1) for i, h in enumerate(hidden)]
    k = max(int(ya.max()) + 1, 2)
    model = _nets.mlp([Xa.shape[1], *hidden, k], activation=activation, seed=seed)
    hist = _train.train(model, Xa, ya, loss="cross_entropy", lr=lr, epochs=epochs, batch_size=batch_size,
                        momentum=momentum, seed=seed)
    return model, hist


@dataclass
class GridResult:
    """Decision regions of a trained classifier: class labels on the grid ``xx, yy``."""

    xx: np.ndarray
    yy: np.ndarray
    labels: np.ndarray
    X: np.ndarray
    y: np.ndarray
    train_accuracy: float
    lims: tuple[float, float, float, float]
    model: _nets.Sequential

    def predict(self, P: Any) -> np.ndarray:
        """Class labels of the trained model at points ``P`` (rows)."""
        return self.model(P).argmax(axis=1)


def decision_grid(dataset: str = "circles", width: int = 8, activation: Any = "relu", seed: int = 0,
                  depth: int = 1, n_points: int = 200, n_grid: int = 80, epochs: int = 300,
                  lr: float = 0.1) -> GridResult:
    """Train ``depth`` hidden layers of ``width`` units on a 2-D data set; label an n_grid × n_grid grid.

    ``dataset`` is one of :data:`DATASETS`; the data and the network share ``seed``.
    A pure function of its arguments (same arguments, same result).
    """
    width = check_int(width, "width", low=1, high=1024)
    depth = check_int(depth, "depth", low=1, high=8)
    n_points = check_int(n_points, "n_points", low=4, high=5000)
    n_grid = check_int(n_grid, "n_grid", low=2, high=1000)
    seed = check_int(seed, "seed", low=0)
    X, y = _dataset(dataset, n_points, seed)
    model, hist = fit_classifier(X, y, hidden=[width] * depth, activation=activation, seed=seed,
                                 epochs=epochs, lr=lr)
    pad = 0.4
    lims = (float(X[:, 0].min() - pad), float(X[:, 0].max() + pad),
            float(X[:, 1].min() - pad), float(X[:, 1].max() + pad))
    xx, yy = np.meshgrid(np.linspace(lims[0], lims[1], n_grid), np.linspace(lims[2], lims[3], n_grid))
    labels = model(np.c_[xx.ravel(), yy.ravel()]).argmax(axis=1).reshape(n_grid, n_grid)
    return GridResult(xx=xx, yy=yy, labels=labels, X=X, y=y, train_accuracy=float(hist.accuracy[-1]),
                      lims=lims, model=model)


# ---------------------------------------------------------------------------
# where the ReLU kinks of a one-input network sit
# ---------------------------------------------------------------------------

def _first_dense_1d(model: Any) -> Any:
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential (e.g. from actbook.nets.mlp), got {type(model).__name__}")
    dense = model.dense_layers[0]
    if dense.W.shape[0] != 1 or dense.b is None:
        raise ValueError(f"model: its first Dense layer must have one input and a bias, got W of shape {dense.W.shape}")
    return dense


def first_layer_kinks(model: Any) -> np.ndarray:
    r"""Kink positions :math:`x_j = -b_j / w_j` of the first-layer units of a one-input network.

    Unit j's pre-activation :math:`w_j x + b_j` changes sign at :math:`x_j`, where a ReLU
    unit's contribution bends; a unit with :math:`w_j = 0` has no kink (NaN).
    """
    dense = _first_dense_1d(model)
    w, b = dense.W[0], dense.b
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(w != 0, -b / np.where(w != 0, w, 1.0), np.nan)


def spread_first_layer_kinks(model: Any, lo: float = -1.0, hi: float = 1.0, seed: Any = 0) -> Any:
    r"""Set the first-layer biases of a one-input network so the kinks are uniform on [lo, hi].

    :func:`actbook.nets.mlp` starts every bias at 0, so every unit's kink
    :math:`-b_j/w_j` starts at :math:`x = 0`.  Here :math:`b_j = -w_j u_j` with
    :math:`u_j \sim U(lo, hi)` (seeded), so unit j bends at :math:`u_j`; the weights are
    unchanged.  Modifies ``model`` in place and returns it.
    """
    dense = _first_dense_1d(model)
    lo = check_number(lo, "lo")
    hi = check_number(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo must be smaller than hi, got lo={lo}, hi={hi}")
    u = make_rng(seed, "seed").uniform(lo, hi, size=dense.W.shape[1])
    dense.params["b"][...] = -dense.W[0] * u
    return model
