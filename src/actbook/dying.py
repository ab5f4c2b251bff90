r"""Dead rectifier units, and experiment helpers for the ReLU-family chapter.

Dead units
----------
A hidden unit with pre-activation :math:`z_j(x) = w_j^\top h(x) + b_j` is **dead on a
data set** :math:`\{x_1..x_n\}` if :math:`z_j(x_i) \le 0` for every example.  With
ReLU (and the convention ReLU'(0) = 0) such a unit outputs 0 and passes no gradient
on any example, so gradient descent on that data never changes its incoming weights.

* :func:`dead_mask` / :func:`dead_fractions` — which units are dead, fraction per layer;
* :func:`inactive_fractions` — fraction of (example, unit) pairs with z <= 0
  (the sparsity of a ReLU layer's output);
* :func:`dying_run` / :func:`dying_sweep` — train a small MLP and record the dead
  fraction after every epoch (the update function of the chapter's explorer);
* :func:`layer_snapshot` — every hidden layer's pre-activations, outputs and
  back-propagated gradients from one forward/backward pass (the per-layer histograms).

Other helpers
-------------
* :func:`selu_constants` — the SELU fixed-point constants from closed forms;
* :func:`gaussian_moments` — E[f(z)], Var[f(z)] for z ~ N(0, 1) by quadrature;
* :func:`moments_through_depth` — mean/variance of activations layer by layer;
* :func:`secant_pieces`, :func:`max_affine`, :func:`maxout_fit_error` — a convex 1-D
  function as the maximum of k affine pieces (one maxout unit);
* :func:`dc_pieces` — a continuous function as the difference of two maxout units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from scipy import integrate, special

from . import activations as _act
from . import losses as _losses
from . import train as _train
from ._validate import (as_float_array, check_int, check_model_input, check_number, check_same_length,
                        check_size, make_rng)
from ._validate import renamed as _renamed
from .nets import Activate, Residual, Sequential, mlp
from .nonlinearity import interpolation_knots

__all__ = [
    "dead_mask",
    "dead_fractions",
    "inactive_fractions",
    "DyingRun",
    "dying_run",
    "dying_sweep",
    "LayerSnapshot",
    "layer_snapshot",
    "selu_constants",
    "gaussian_moments",
    "moments_through_depth",
    "secant_pieces",
    "max_affine",
    "maxout_fit_error",
    "dc_pieces",
    "unused_pieces",
    "distinct_pieces",
]


# ---------------------------------------------------------------------------
# dead units and sparsity
# ---------------------------------------------------------------------------

def dead_mask(z: Any) -> np.ndarray:
    r"""Boolean mask of dead units: ``dead[j] = all_i z[i, j] <= 0``.

    ``z`` holds pre-activations with examples in rows and units in columns.
    A NaN pre-activation counts as *not* dead (it is not <= 0).
    """
    a = as_float_array(z, "z")
    if a.ndim != 2 or a.shape[0] < 1:
        raise ValueError(f"z must be 2-D (examples, units) with at least one row, got shape {a.shape}")
    return np.all(a <= 0, axis=0)


def _checked_forward(model: Any, X: Any) -> list[np.ndarray]:
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be a Sequential (e.g. from actbook.nets.mlp), got {type(model).__name__}")
    if not model.activation_layers:
        raise ValueError("model has no activation layers to inspect")
    for layer in model.activation_layers:
        if not layer.act.elementwise:
            raise ValueError(f"dead units are defined for elementwise activations, got {layer.act.name!r}")
    Xa = check_model_input(model, X, "X")
    with np.errstate(over="ignore", invalid="ignore"):
        model.forward(Xa, training=False)
    return model.preactivations


def dead_fractions(model: Sequential, X: Any) -> np.ndarray:
    """Fraction of dead units in each hidden layer of ``model`` on the data ``X``, input side first."""
    return np.array([dead_mask(z).mean() for z in _checked_forward(model, X)])


def inactive_fractions(model: Sequential, X: Any) -> np.ndarray:
    r"""Per layer, the fraction of (example, unit) pairs with :math:`z \le 0`.

    For ReLU this is the fraction of exact zeros in the layer's output (its sparsity).
    """
    return np.array([float(np.mean(z <= 0)) for z in _checked_forward(model, X)])


# ---------------------------------------------------------------------------
# the dying-ReLU experiment
# ---------------------------------------------------------------------------

@dataclass
class DyingRun:
    """Record of one training run.

    ``dead[e, l]`` is the dead fraction of hidden layer ``l`` after epoch ``e``
    (row 0 = at initialisation) and ``dead_total[e]`` the fraction over all hidden
    units; rows stop where training diverged.
    ``ever_dead_revived[l]`` counts units of layer ``l`` that were dead at some
    recorded epoch (initialisation included) and alive at the last recorded one.
    """

    lr: float
    seed: int
    dead: np.ndarray
    accuracy: np.ndarray
    loss: np.ndarray
    diverged_at: int | None
    dead_total: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ever_dead_revived: np.ndarray = field(default_factory=lambda: np.zeros(0, int))

    @property
    def dead_before(self) -> float:
        """Dead fraction over all hidden units at initialisation."""
        return float(self.dead_total[0])

    @property
    def dead_after(self) -> float:
        """Dead fraction over all hidden units after training (NaN if the run diverged)."""
        return float("nan") if self.diverged_at is not None else float(self.dead_total[-1])


def dying_run(
    X: Any,
    y: Any,
    lr: float,
    seed: int = 0,
    activation: Any = "relu",
    hidden: Sequence[int] = (32, 32, 32),
    epochs: int = 100,
    batch_size: int | None = 32,
) -> DyingRun:
    """Train ``mlp([d, *hidden, k], activation)`` with plain SGD and record dead fractions per epoch.

    The same ``seed`` fixes the initial weights and the mini-batch order, so a run is
    reproducible.  Labels ``y`` are integer classes (cross-entropy loss).
    """
    Xa = as_float_array(X, "X", finite=True)
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (rows, features), got shape {Xa.shape}")
    ya = np.asarray(y)
    if ya.dtype.kind not in "iu" or ya.ndim != 1:
        raise ValueError(f"y must be integer class labels of shape ({Xa.shape[0]},)")
    check_same_length(Xa, ya, "X", "y")
    if Xa.shape[0] == 0:
        raise ValueError("X must have at least one row")
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    seed = check_int(seed, "seed", low=0)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__"):
        raise TypeError(f"hidden must be a sequence of hidden-layer widths, got {type(hidden).__name__}")
    hidden = [check_int(h, f"hidden[{i}]", low=1) for i, h in enumerate(hidden)]
    if not hidden:
        raise ValueError("hidden must list at least one hidden-layer width")
    epochs = check_int(epochs, "epochs", low=0)
    k = int(ya.max()) + 1
    model = mlp([Xa.shape[1], *hidden, max(k, 2)], activation, seed=seed)
    masks = [[dead_mask(z) for z in _checked_forward(model, Xa)]]

    def record(epoch: int, m: Sequential, hist: Any) -> None:
        masks.append([dead_mask(z) for z in _checked_forward(m, Xa)])

    hist = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed,
                        callback=record)
    dead = np.array([[mask.mean() for mask in row] for row in masks])
    dead_total = np.array([np.concatenate(row).mean() for row in masks])
    revived = np.array([int(np.sum(np.any([row[l] for row in masks], axis=0) & ~masks[-1][l]))
                        for l in range(len(hidden))])
    return DyingRun(lr=lr, seed=seed, dead=dead, accuracy=np.array(hist.accuracy),
                    loss=np.array(hist.loss), diverged_at=hist.diverged_at, dead_total=dead_total,
                    ever_dead_revived=revived)


def dying_sweep(X: Any, y: Any, lrs: Sequence[float], seeds: Sequence[int], epochs: int = 100,
                **kwargs: Any) -> dict[str, np.ndarray]:
    """Run :func:`dying_run` for every learning rate and seed (``kwargs`` are passed on).

    Returns arrays of shape ``(len(lrs), len(seeds))``: ``dead_before``, ``dead_after``
    (NaN where the run diverged), ``accuracy`` (final training accuracy, NaN if
    diverged), ``diverged`` (bool); plus ``dead_after_layers`` of shape
    ``(len(lrs), len(seeds), layers)`` and ``dead_curves`` of shape
    ``(len(lrs), len(seeds), epochs + 1)`` (dead fraction over all hidden units after
    each epoch, NaN after a divergence).
    """
    epochs = check_int(epochs, "epochs", low=0, high=10**6)
    for seq, nm in ((lrs, "lrs"), (seeds, "seeds")):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{nm} must be a sequence, got {type(seq).__name__}")
    lrs = [check_number(lr, f"lrs[{i}]", low=0.0, low_open=True) for i, lr in enumerate(lrs)]
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not lrs or not seeds:
        raise ValueError("lrs and seeds must be non-empty")
    shape = (len(lrs), len(seeds))
    out = {k: np.full(shape, np.nan) for k in ("dead_before", "dead_after", "accuracy")}
    out["diverged"] = np.zeros(shape, bool)
    layers = None
    for i, lr in enumerate(lrs):
        for j, s in enumerate(seeds):
            run = dying_run(X, y, lr, s, epochs=epochs, **kwargs)
            if layers is None:
                layers = np.full(shape + (run.dead.shape[1],), np.nan)
                out["dead_after_layers"] = layers
                out["dead_curves"] = np.full(shape + (epochs + 1,), np.nan)
            out["dead_curves"][i, j, :run.dead_total.shape[0]] = run.dead_total
            out["dead_before"][i, j] = run.dead_before
            out["diverged"][i, j] = run.diverged_at is not None
            if run.diverged_at is None:
                out["dead_after"][i, j] = run.dead_after
                out["accuracy"][i, j] = run.accuracy[-1]
                layers[i, j] = run.dead[-1]
    return out


# ---------------------------------------------------------------------------
# per-layer distributions of activations and gradients
# ---------------------------------------------------------------------------

@dataclass
class LayerSnapshot:
    r"""One forward and backward pass, hidden layer by hidden layer (input side first).

    For activation layer :math:`l`: ``z[l]`` its pre-activations :math:`z_l`, ``a[l]``
    its outputs :math:`a_l = f(z_l)` and ``grad_z[l]`` the back-propagated gradient
    :math:`\delta_l = \partial L/\partial z_l` (rows = examples, columns = units).
    ``loss`` is the value of the loss on the batch.
    """

    z: list[np.ndarray]
    a: list[np.ndarray]
    grad_z: list[np.ndarray]
    loss: float

    def zero_fraction(self, which: str = "a") -> np.ndarray:
        """Per layer, the fraction of entries of ``a``, ``z`` or ``grad_z`` that are exactly 0."""
        return np.array([float(np.mean(v == 0.0)) for v in self._pick(which)])

    def spread(self, which: str = "grad_z") -> np.ndarray:
        """Per layer, the standard deviation of all entries of ``a``, ``z`` or ``grad_z``."""
        return np.array([float(np.std(v)) for v in self._pick(which)])

    def _pick(self, which: str) -> list[np.ndarray]:
        if which not in ("a", "z", "grad_z"):
            raise ValueError(f"which must be 'a', 'z' or 'grad_z', got {which!r}")
        return getattr(self, which)


def layer_snapshot(model: Sequential, X: Any, y: Any, loss: Any = "cross_entropy") -> LayerSnapshot:
    r"""Run ``model`` forward on ``X`` (evaluation mode) and back-propagate ``loss(output, y)``.

    Records, for every activation layer, :math:`z_l`, :math:`a_l` and
    :math:`\delta_l = \partial L/\partial z_l = (\delta_{l+1} W_{l+1}^\top) \odot f'(z_l)`
    (for an elementwise :math:`f`; the chain runs through any BatchNorm/Dropout layers in
    between).  The model's parameter gradients are left as ``model.backward`` leaves them,
    so ``dense_layers[l].grads["W"]`` equals :math:`a_{l-1}^\top \delta_l` for a plain MLP.
    Models with residual blocks are not supported (the chain is not a single path).
    """
    Xa = check_model_input(model, X, "X")
    layers = model._walk()
    if any(isinstance(l, Residual) for l in _all_layers(model)):
        raise ValueError("model must not contain Residual blocks (layer_snapshot follows a single path)")
    if not model.activation_layers:
        raise ValueError("model has no activation layers to inspect")
    loss_fn = _losses.get(loss)
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(Xa, training=False)
        try:
            value, g = loss_fn(out, y)
        except (TypeError, ValueError) as exc:
            raise _renamed(_renamed(exc, "targets", "y"), "logits", "model output") from None
        grads: list[np.ndarray] = []
        for layer in reversed(layers):
            g = layer.backward(g)
            if isinstance(layer, Activate):
                grads.append(g)
    acts = model.activation_layers
    return LayerSnapshot(z=[l.z.copy() for l in acts], a=[l.a.copy() for l in acts],
                         grad_z=[np.array(v, copy=True) for v in grads[::-1]], loss=float(value))


def _all_layers(model: Sequential) -> list[Any]:
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, Sequential):
            out.extend(_all_layers(layer))
    return out


# ---------------------------------------------------------------------------
# ELU / SELU moments
# ---------------------------------------------------------------------------

def gaussian_moments(activation: Any, mean: float = 0.0, std: float = 1.0, **params: Any) -> tuple[float, float]:
    r"""``(E[f(z)], Var[f(z)])`` for :math:`z \sim N(\mu, s^2)`, by adaptive quadrature.

    ``activation`` is a name or an elementwise :class:`~actbook.activations.Activation`.
    """
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be a name or an Activation, got {type(activation).__name__}")
    f = _act.get(activation, **params)
    if not f.elementwise:
        raise ValueError(f"activation must be elementwise, got {f.name!r}")
    mu = check_number(mean, "mean")
    s = check_number(std, "std", low=0.0, low_open=True)

    def pdf(z: float) -> float:
        return math.exp(-0.5 * ((z - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))

    lo, hi = mu - 12 * s, mu + 12 * s
    pts = [0.0] if lo < 0 < hi else None
    m1 = integrate.quad(lambda z: float(f(z)) * pdf(z), lo, hi, points=pts, limit=200)[0]
    m2 = integrate.quad(lambda z: float(f(z)) ** 2 * pdf(z), lo, hi, points=pts, limit=200)[0]
    return m1, m2 - m1 * m1


def selu_constants() -> tuple[float, float]:
    r"""``(alpha, lambda)`` that make z ~ N(0, 1) a fixed point: E[selu(z)] = 0, E[selu(z)²] = 1.

    With :math:`c_1 = e^{1/2}\Phi(-1)` (= E[e^z; z<0]) and
    :math:`c_2 = e^{2}\Phi(-2)` (= E[e^{2z}; z<0]):

    * E[f] = 0 gives :math:`\alpha = \dfrac{1/\sqrt{2\pi}}{1/2 - c_1}`;
    * E[f²] = 1 gives :math:`\lambda = \left(\tfrac12 + \alpha^2 (c_2 - 2c_1 + \tfrac12)\right)^{-1/2}`.
    """
    c1 = math.exp(0.5) * special.ndtr(-1.0)
    c2 = math.exp(2.0) * special.ndtr(-2.0)
    alpha = (1.0 / math.sqrt(2 * math.pi)) / (0.5 - c1)
    lam = 1.0 / math.sqrt(0.5 + alpha ** 2 * (c2 - 2 * c1 + 0.5))
    return float(alpha), float(lam)


def moments_through_depth(
    activation: Any,
    init: str = "lecun_normal",
    depth: int = 50,
    width: int = 200,
    n: int = 500,
    seed: int = 0,
    input_std: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance (over examples and units) of each hidden layer's output.

    Inputs are N(0, input_std²) of shape ``(n, width)``; the net is ``depth`` Dense+activation
    layers of ``width`` units with zero biases and ``init`` weights.  Returns two
    arrays of length ``depth + 1`` (entry 0 is the input).
    """
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    n = check_int(n, "n", low=2)
    check_size(max(n, depth * width) * width, "n * width and depth * width**2")
    sd = check_number(input_std, "input_std", low=0.0, low_open=True)
    rng = make_rng(seed, "seed")
    X = sd * rng.standard_normal((n, width))
    model = mlp([width] * (depth + 1) + [1], activation, init=init, seed=rng)
    with np.errstate(over="ignore", invalid="ignore"):
        model.forward(X)
    acts = [X] + model.activations
    return np.array([a.mean() for a in acts]), np.array([a.var() for a in acts])


# ---------------------------------------------------------------------------
# maxout: convex functions as a max of affine pieces
# ---------------------------------------------------------------------------

def secant_pieces(f: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, k: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Slopes and intercepts of the k secants of ``f`` through k+1 equally spaced knots on [lo, hi].

    For a convex f, :math:`\max_j (w_j x + b_j)` is the piecewise-linear interpolant of f
    at the knots (each secant lies above f on its own cell and below it outside), so a
    maxout unit with these k pieces has error at most :math:`h^2 \max|f''| / 8`, h = (hi-lo)/k.
    """
    t, v, w = interpolation_knots(f, lo, hi, k, names=("lo", "hi", "k"))
    b = v[:-1] - w * t[:-1]
    return w, b


def max_affine(x: Any, w: Any, b: Any) -> np.ndarray:
    r"""One maxout unit on scalar input: :math:`h(x) = \max_j (w_j x + b_j)`."""
    xa = as_float_array(x, "x", finite=True)
    wa = np.atleast_1d(as_float_array(w, "w", finite=True))
    ba = np.atleast_1d(as_float_array(b, "b", finite=True))
    if wa.ndim != 1 or wa.shape != ba.shape or wa.size == 0:
        raise ValueError(f"w and b must be 1-D of the same non-zero length, got shapes {wa.shape} and {ba.shape}")
    return np.max(xa[..., None] * wa + ba, axis=-1)


def maxout_fit_error(f: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, k: int, n_eval: int = 4001) -> float:
    """Largest |f - maxout| on a fine grid of [lo, hi] for the k secant pieces of :func:`secant_pieces`."""
    w, b = secant_pieces(f, lo, hi, k)
    n_eval = check_int(n_eval, "n_eval", low=2, high=10**7)
    x = np.linspace(lo, hi, n_eval)
    return float(np.max(np.abs(np.asarray(f(x)) - max_affine(x, w, b))))


def dc_pieces(f: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, m: int) -> tuple[np.ndarray, ...]:
    r"""Two maxout units whose difference is the piecewise-linear interpolant of ``f`` at m+1 knots.

    Write the interpolant as :math:`g(x) = a + s_0 x + \sum_i c_i \max(0, x - t_i)` over
    the inner knots.  Splitting the kinks by sign gives two convex piecewise-linear
    functions, :math:`g = g_+ - g_-`, each the max of its own segments' lines.
    Returns ``(w_plus, b_plus, w_minus, b_minus)`` with
    ``g(x) = max_affine(x, w_plus, b_plus) - max_affine(x, w_minus, b_minus)`` on [lo, hi].
    """
    t, v, s = interpolation_knots(f, lo, hi, m, names=("lo", "hi", "m"))   # s: slope on each cell
    c = np.diff(s)                        # kink at each inner knot t[1..m-1]
    cp, cm = np.maximum(c, 0.0), np.maximum(-c, 0.0)

    def lines(slope0: float, intercept0: float, kinks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # cell j of a function a + slope0 x + sum_i kinks_i relu(x - t_{i+1}) is the line
        # slope0 + sum_{i<j} kinks_i, intercept0 - sum_{i<j} kinks_i t_{i+1}
        cum_k = np.concatenate([[0.0], np.cumsum(kinks)])
        cum_kt = np.concatenate([[0.0], np.cumsum(kinks * t[1:-1])])
        return slope0 + cum_k, intercept0 - cum_kt

    wp, bp = lines(s[0], v[0] - s[0] * t[0], cp)
    wm, bm = lines(0.0, 0.0, cm)
    return wp, bp, wm, bm


def unused_pieces(z: Any, k: int) -> np.ndarray:
    r"""For maxout pre-activations ``z`` of shape (examples, n*k): per unit, how many of its k
    pieces never attain the maximum on any example (ties go to the first piece, as in
    :meth:`actbook.activations.Maxout.backward`).  Such a piece gets no gradient on this data.
    """
    a = as_float_array(z, "z", finite=True)
    k = check_int(k, "k", low=1)
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] % k:
        raise ValueError(f"z must be 2-D (examples, n*k) with a column count divisible by k={k}, got shape {a.shape}")
    winners = a.reshape(a.shape[0], -1, k).argmax(axis=2)         # (examples, units)
    used = np.zeros((winners.shape[1], k), bool)
    used[np.arange(winners.shape[1])[None, :].repeat(a.shape[0], 0), winners] = True
    return k - used.sum(axis=1)


def distinct_pieces(w: Any, b: Any, atol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    r"""Drop repeated affine pieces: the distinct lines :math:`(w_j, b_j)` of a maxout unit.

    A kink with coefficient :math:`c_i = 0` in :func:`dc_pieces` gives two equal
    consecutive lines; :math:`\max_j (w_j x + b_j)` is unchanged when one is dropped.
    Two pieces count as equal when both :math:`|w_i - w_j|` and :math:`|b_i - b_j|` are
    at most ``atol``.  Order of first appearance is kept.
    """
    wa = np.atleast_1d(as_float_array(w, "w", finite=True))
    ba = np.atleast_1d(as_float_array(b, "b", finite=True))
    if wa.ndim != 1 or wa.shape != ba.shape or wa.size == 0:
        raise ValueError(f"w and b must be non-empty 1-D arrays of the same length, got shapes "
                         f"{wa.shape} and {ba.shape}")
    atol = check_number(atol, "atol", low=0.0)
    keep: list[int] = []
    for j in range(wa.size):
        if not any(abs(wa[j] - wa[i]) <= atol and abs(ba[j] - ba[i]) <= atol for i in keep):
            keep.append(j)
    return wa[keep], ba[keep]
