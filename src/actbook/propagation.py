r"""How signals and gradients propagate through a deep network at initialisation.

A *stack* of ``depth`` hidden layers of equal ``width`` computes, for l = 1..depth,

.. math::  z_l = a_{l-1} W_l + b_l, \qquad a_l = f(z_l), \qquad a_0 = x,

with weights drawn i.i.d. with mean 0 and variance :math:`v_w` and biases 0.  For
independent zero-mean weights, every pre-activation is a sum of ``n`` independent
terms, so

.. math::  \operatorname{Var}[z_l] = n\, v_w\, \mathbb{E}[a_{l-1}^2]
           \quad(\text{the second moment, not the variance, of } a_{l-1}),

and backwards, with :math:`\delta_l = \partial L / \partial z_l`,

.. math::  \operatorname{Var}[\delta_l] = \mathbb{E}[f'(z_l)^2]\; n\, v_w\, \operatorname{Var}[\delta_{l+1}].

Treating :math:`z_l` as Gaussian (a sum of many small independent terms) turns
both into one-dimensional integrals, computed here by Gauss–Legendre quadrature
(:func:`gaussian_expectation`).  :func:`predict` gives the predicted per-layer
variances, :func:`measure` the measured ones of a real network, and
:func:`explore` is the pure update function of the chapter's explorer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
from scipy import special

from . import activations as _act
from . import init as _init
from . import nets as _nets
from . import train as _train
from ._validate import as_float_array, check_choice, check_int, check_number, check_size, make_rng

__all__ = [
    "fraction_outside",
    "gaussian_expectation",
    "weight_variance",
    "stack",
    "Propagation",
    "measure",
    "predict",
    "variance_table",
    "histograms",
    "max_unit_difference",
    "explore",
    "std_map",
    "SCHEMES",
    "orthogonal",
    "jacobian_singular_values",
    "im2col",
    "conv2d",
    "RESIDUAL_BRANCHES",
    "residual_stack",
    "residual_moments",
    "semi_orthogonal",
    "LSUVResult",
    "lsuv",
    "RUN_SCHEMES",
    "init_run",
]

#: Scheme names accepted by :func:`weight_variance` and :func:`explore`.
SCHEMES = ("normal", "xavier", "he", "lecun")

# Gauss–Legendre nodes on each half-line [-12, 0] and [0, 12] (the normal density
# beyond 12 is below 1e-31).  Splitting at 0 keeps the kink of ReLU-like functions
# and the jump of their derivatives at a panel edge, where the rule stays accurate;
# Gauss–Hermite would put a node on the kink and miss by ~1e-2.
_N_HALF = 400
_x, _w = np.polynomial.legendre.leggauss(_N_HALF)
_t = (_x + 1.0) * 6.0
_wt = _w * 6.0 * np.exp(-0.5 * _t * _t) / math.sqrt(2.0 * math.pi)
_NODES = np.r_[-_t[::-1], _t]
_WEIGHTS = np.r_[_wt[::-1], _wt]
del _x, _w, _t, _wt


def fraction_outside(bound: float, std: float = 1.0) -> float:
    r"""P(|w| > bound) for w ~ N(0, std²): :math:`\operatorname{erfc}(\text{bound} / (\text{std}\sqrt 2))`."""
    b = check_number(bound, "bound", low=0.0)
    s = check_number(std, "std", low=0.0, low_open=True)
    return float(special.erfc(b / (s * math.sqrt(2.0))))


def gaussian_expectation(g: Callable[[np.ndarray], np.ndarray], variance: float) -> float:
    r""":math:`\mathbb{E}_{z \sim N(0, q)}[g(z)] = \int g(\sqrt q\, t)\, \varphi(t)\, dt`
    by 400-point Gauss–Legendre quadrature on each of [-12, 0] and [0, 12].

    Relative error below 1e-4 for the book's activations and their derivatives
    (kinks at 0 included) for q up to 1e4; ``variance`` q = 0 returns g(0).
    """
    if not callable(g):
        raise TypeError(f"g must be a callable taking an array, got {type(g).__name__}")
    q = check_number(variance, "variance", low=0.0)
    vals = np.asarray(g(math.sqrt(q) * _NODES), dtype=np.float64)
    if vals.shape != _NODES.shape:
        raise ValueError(f"g must map an array of shape {_NODES.shape} elementwise, got shape {vals.shape}")
    return float(vals @ _WEIGHTS)


def _scheme(scheme: Any) -> str:
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string, one of {SCHEMES}, got {type(scheme).__name__}")
    base = scheme.rsplit("_", 1)[0] if scheme.endswith(("_normal", "_uniform")) else scheme
    if base not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES} (optionally with _normal/_uniform), got {scheme!r}")
    return base


def weight_variance(scheme: str, fan_in: int, fan_out: int, scale: float = 1.0,
                    negative_slope: float = 0.0) -> float:
    r"""The weight variance :math:`v_w` used by :func:`stack`, :func:`predict` and :func:`explore`.

    ``scheme='normal'``: :math:`v_w = \text{scale}^2` (scale is the std itself).
    ``'xavier'`` / ``'he'`` / ``'lecun'``: :math:`v_w = \text{scale}^2 \cdot`
    :func:`actbook.init.variance` (scale = 1 is the scheme, 2 doubles the std).
    """
    base = _scheme(scheme)
    s = check_number(scale, "scale", low=0.0)
    if base == "normal":
        check_int(fan_in, "fan_in", low=1)
        check_int(fan_out, "fan_out", low=1)
        return s * s
    return s * s * _init.variance(base, fan_in, fan_out, negative_slope)


def stack(depth: int, width: int, activation: Any = "relu", weight_var: float | None = None,
          init: Any = None, seed: Any = 0, **act_params: Any) -> _nets.Sequential:
    """``depth`` × [Dense(width, width), Activate] with zero biases and no output layer.

    Give either ``weight_var`` (normal weights with that variance) or ``init``
    (anything :func:`actbook.init.get` accepts, e.g. ``'he_uniform'`` or a callable).
    """
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    check_size(depth * width * width, "depth * width**2 (weights of the stack)")
    if (weight_var is None) == (init is None):
        raise ValueError("give exactly one of weight_var (a variance) or init (a scheme)")
    if weight_var is not None:
        std = math.sqrt(check_number(weight_var, "weight_var", low=0.0))
        init = _init.get("normal", std=std)
    rng = make_rng(seed, "seed")
    act = _act.get(activation, **act_params)
    layers: list[_nets.Layer] = []
    for _ in range(depth):
        layers += [_nets.Dense(width, width, init, rng), _nets.Activate(act)]
    return _nets.Sequential(layers)


@dataclass
class Propagation:
    """Per-layer statistics (index 0 = first hidden layer) of one forward and backward pass.

    ``z_var``: Var of pre-activations; ``a_mean``/``a_std``: mean and std of the
    activations; ``a_sq``: their second moment E[a²]; ``delta_var``: Var of
    ∂L/∂z; ``grad_w_var``: Var of the entries of ∂L/∂W; ``saturated``: fraction
    of units with |f'(z)| < 0.01 (for ReLU these are the inactive units).
    ``activations``: the activation arrays themselves (for histograms).
    """

    z_var: np.ndarray
    a_mean: np.ndarray
    a_std: np.ndarray
    a_sq: np.ndarray
    delta_var: np.ndarray
    grad_w_var: np.ndarray
    saturated: np.ndarray
    activations: list[np.ndarray]


def measure(model: _nets.Sequential, X: Any, grad_out: Any = None, seed: Any = 0) -> Propagation:
    """Forward ``X`` through a flat Sequential of Dense/Activate layers and back-propagate ``grad_out``.

    ``grad_out`` (∂L/∂output) defaults to i.i.d. N(0, 1) entries drawn with ``seed``:
    a loss-free probe of the backward pass.  Dense-layer statistics are listed in
    forward order; activation statistics too.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be an actbook.nets.Sequential, got {type(model).__name__}")
    for i, layer in enumerate(model.layers):
        if not isinstance(layer, (_nets.Dense, _nets.Activate)):
            raise TypeError(f"model.layers[{i}] must be Dense or Activate, got {type(layer).__name__}")
    Xa = as_float_array(X, "X", finite=True).astype(np.float64, copy=False)
    first = model.dense_layers[0].W.shape[0] if model.dense_layers else None
    if Xa.ndim != 2 or Xa.shape[0] == 0 or (first is not None and Xa.shape[1] != first):
        raise ValueError(f"X must have shape (rows, {first}) with at least one row, got {Xa.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(Xa)
        if grad_out is None:
            g = make_rng(seed, "seed").standard_normal(out.shape)
        else:
            g = as_float_array(grad_out, "grad_out", finite=True).astype(np.float64)
            if g.shape != out.shape:
                raise ValueError(f"grad_out must have the output's shape {out.shape}, got {g.shape}")
        deltas: list[np.ndarray] = []
        for layer in reversed(model.layers):
            g = layer.backward(g)
            if isinstance(layer, _nets.Activate):
                deltas.append(g)
        deltas.reverse()
        acts = model.activation_layers
        z = [l.z for l in acts]
        a = [l.a for l in acts]
        sat = [np.mean(np.abs(l.act._derivative(l.z)) < 0.01) for l in acts]
        return Propagation(
            z_var=np.array([v.var() for v in z]),
            a_mean=np.array([v.mean() for v in a]),
            a_std=np.array([v.std() for v in a]),
            a_sq=np.array([np.mean(v * v) for v in a]),
            delta_var=np.array([d.var() for d in deltas]),
            grad_w_var=np.array([l.grads["W"].var() for l in model.dense_layers]),
            saturated=np.array(sat, dtype=float),
            activations=a,
        )


def predict(activation: Any, depth: int, weight_var: float, width: int, input_sq: float = 1.0,
            grad_var: float = 1.0, **act_params: Any) -> dict[str, np.ndarray]:
    r"""Predicted per-layer variances of a :func:`stack` under the Gaussian (wide-layer) approximation.

    Forward: :math:`q_1 = n v_w\,\mathbb{E}[x^2]`, :math:`q_{l+1} = n v_w\, \mathbb{E}_{N(0,q_l)}[f(z)^2]`.
    Backward (∂L/∂a_depth with variance ``grad_var``):
    :math:`\operatorname{Var}[\delta_{L}] = \mathbb{E}[f'^2]_{q_L}\,\text{grad\_var}`,
    :math:`\operatorname{Var}[\delta_l] = \mathbb{E}[f'^2]_{q_l}\, n v_w \operatorname{Var}[\delta_{l+1}]`.
    Returns ``z_var``, ``a_sq`` (E[a_l²]) and ``delta_var``, each of length ``depth``.
    """
    depth = check_int(depth, "depth", low=1, high=10**5)
    n = check_int(width, "width", low=1)
    v = check_number(weight_var, "weight_var", low=0.0)
    m0 = check_number(input_sq, "input_sq", low=0.0)
    gv = check_number(grad_var, "grad_var", low=0.0)
    act = _act.get(activation, **act_params)
    if not act.elementwise:
        raise ValueError("activation must be elementwise (maxout has no single-unit variance map)")
    f = act._forward
    df = act._derivative
    q = np.empty(depth)
    a_sq = np.empty(depth)
    d2 = np.empty(depth)
    prev = m0
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(depth):
            q[l] = n * v * prev
            a_sq[l] = gaussian_expectation(lambda z: f(z) ** 2, q[l]) if np.isfinite(q[l]) else np.inf
            d2[l] = gaussian_expectation(lambda z: df(z) ** 2, q[l]) if np.isfinite(q[l]) else np.nan
            prev = a_sq[l]
        delta = np.empty(depth)
        delta[-1] = d2[-1] * gv
        for l in range(depth - 2, -1, -1):
            delta[l] = d2[l] * n * v * delta[l + 1]
    return {"z_var": q, "a_sq": a_sq, "delta_var": delta}


def variance_table(configs: Sequence[dict], layers: Sequence[int], depth: int, width: int,
                   n_samples: int = 500, seeds: Sequence[int] = (0, 1, 2)) -> list[dict]:
    """Predicted vs measured Var[z_l] at the given (1-based) ``layers`` for each config.

    Each config is a dict with ``label``, ``activation``, ``weight_var`` and optional
    ``act_params``.  Inputs are N(0, 1) (so E[x²] = 1).  Each row holds
    ``label``, ``layer``, ``predicted``, ``measured_mean``, ``measured_std`` (over seeds)
    and ``ratio`` = measured_mean / predicted.
    """
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    n_samples = check_int(n_samples, "n_samples", low=2, high=10**6)
    check_size(max(depth * width, n_samples) * width, "depth * width**2 and n_samples * width")
    for seq, nm in ((configs, "configs"), (layers, "layers"), (seeds, "seeds")):
        if isinstance(seq, (str, bytes, dict)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{nm} must be a sequence, got {type(seq).__name__}")
    ls = [check_int(l, f"layers[{i}]", low=1, high=depth) for i, l in enumerate(layers)]
    if len(seeds) == 0:
        raise ValueError("seeds must contain at least one seed")
    seeds = [check_int(sd, f"seeds[{i}]", low=0) for i, sd in enumerate(seeds)]
    for i, cfg in enumerate(configs):
        if not isinstance(cfg, dict) or not {"label", "activation", "weight_var"} <= set(cfg):
            raise TypeError(f"configs[{i}] must be a dict with keys label, activation, weight_var")
    rows = []
    for cfg in configs:
        params = dict(cfg.get("act_params", {}))
        pred = predict(cfg["activation"], depth, cfg["weight_var"], width, **params)["z_var"]
        meas = []
        for s in seeds:
            rng = np.random.default_rng(s)
            X = rng.standard_normal((n_samples, width))
            model = stack(depth, width, cfg["activation"], weight_var=cfg["weight_var"], seed=rng, **params)
            meas.append(measure(model, X, seed=rng).z_var)
        meas = np.array(meas)
        for l in ls:
            mm = float(meas[:, l - 1].mean())
            rows.append({"label": cfg["label"], "layer": l, "predicted": float(pred[l - 1]),
                         "measured_mean": mm, "measured_std": float(meas[:, l - 1].std()),
                         "ratio": mm / float(pred[l - 1])})
    return rows


def histograms(values: Sequence[Any], bins: int = 50, value_range: tuple[float, float] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Shared-bin density histograms of several arrays: returns ``(edges, densities)`` with
    ``densities[i]`` the histogram of ``values[i]`` (area 1 within the range)."""
    bins = check_int(bins, "bins", low=1, high=10**6)
    if isinstance(values, (str, bytes, np.ndarray)) or not hasattr(values, "__len__"):
        raise TypeError(f"values must be a list of arrays, got {type(values).__name__}")
    arrs = [as_float_array(v, f"values[{i}]").ravel() for i, v in enumerate(values)]
    if not arrs:
        raise ValueError("values must contain at least one array")
    if value_range is None:
        finite = np.concatenate([a[np.isfinite(a)] for a in arrs])
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        value_range = (lo, hi)
    if isinstance(value_range, (str, bytes)) or not hasattr(value_range, "__len__") or len(value_range) != 2:
        raise TypeError(f"value_range must be None or (low, high), got {value_range!r}")
    lo, hi = (check_number(v, f"value_range[{i}]") for i, v in enumerate(value_range))
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"value_range must be finite with low < high, got {value_range}")
    edges = np.linspace(lo, hi, bins + 1)
    dens = []
    for a in arrs:
        c, _ = np.histogram(a, bins=edges)
        total = c.sum()
        dens.append(c / (total * np.diff(edges)) if total else np.zeros(bins))
    return edges, np.array(dens)


def max_unit_difference(W: Any, b: Any = None) -> float:
    """Largest |difference| between any unit's incoming weights (a column of ``W``, plus its bias)
    and unit 0's: 0 means every unit of the layer computes the same function."""
    Wa = as_float_array(W, "W", finite=True)
    if Wa.ndim != 2 or Wa.size == 0:
        raise ValueError(f"W must be 2-D (fan_in, fan_out) and non-empty, got shape {Wa.shape}")
    M = Wa
    if b is not None:
        ba = as_float_array(b, "b", finite=True)
        if ba.shape != (Wa.shape[1],):
            raise ValueError(f"b must have shape ({Wa.shape[1]},), got {ba.shape}")
        M = np.vstack([Wa, ba[None, :]])
    return float(np.max(np.abs(M - M[:, :1])))


def explore(depth: int = 20, activation: str = "tanh", scheme: str = "xavier", scale: float = 1.0,
            width: int = 100, n_samples: int = 200, seed: int = 0, bins: int = 40) -> dict[str, Any]:
    """Pure update function of the chapter's explorer.

    Builds a :func:`stack` with normal weights of variance :func:`weight_variance`
    ``(scheme, width, width, scale)``, pushes N(0, 1) inputs through it and returns
    ``layer`` (1..depth), measured ``a_std``, ``z_var``, ``delta_var``, ``saturated``,
    the predicted ``z_var_pred``, ``delta_var_pred``, the weight variance ``weight_var``,
    and a density histogram (``hist_edges``, ``hist``) of the last layer's activations.
    """
    depth = check_int(depth, "depth", low=1, high=200)
    width = check_int(width, "width", low=2, high=2000)
    n_samples = check_int(n_samples, "n_samples", low=2, high=10**5)
    check_int(seed, "seed", low=0)
    slope = 0.01 if activation == "leaky_relu" else 0.0
    v = weight_variance(scheme, width, width, scale, negative_slope=slope)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, width))
    model = stack(depth, width, activation, weight_var=v, seed=rng)
    p = measure(model, X, seed=rng)
    pred = predict(activation, depth, v, width)
    last = p.activations[-1]
    finite = last[np.isfinite(last)]
    lim = float(np.max(np.abs(finite))) if finite.size and np.max(np.abs(finite)) > 0 else 1.0
    lo = 0.0 if activation == "relu" else -lim
    edges, dens = histograms([finite if finite.size else np.zeros(1)], bins=bins, value_range=(lo, lim))
    return {"layer": np.arange(1, depth + 1), "a_std": p.a_std, "z_var": p.z_var,
            "delta_var": p.delta_var, "saturated": p.saturated, "z_var_pred": pred["z_var"],
            "delta_var_pred": pred["delta_var"], "weight_var": v,
            "hist_edges": edges, "hist": dens[0]}


def std_map(activation: str, gains: Sequence[float], depth: int, width: int = 100,
            n_samples: int = 200, seed: int = 0) -> np.ndarray:
    r"""Measured std of every layer's activations for normal weights with :math:`v_w = g^2 / n`.

    Returns an array of shape ``(len(gains), depth)``.  g = 1 is LeCun/Xavier
    (square layers), g = √2 is He.
    """
    if isinstance(gains, (str, bytes)) or not hasattr(gains, "__len__"):
        raise TypeError(f"gains must be a sequence of numbers, got {type(gains).__name__}")
    gs = [check_number(g, f"gains[{i}]", low=0.0) for i, g in enumerate(gains)]
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    n_samples = check_int(n_samples, "n_samples", low=2, high=10**5)
    check_int(seed, "seed", low=0)
    check_size(max(depth * width, n_samples) * width, "depth * width**2 and n_samples * width")
    out = np.empty((len(gs), depth))
    for i, g in enumerate(gs):
        rng = np.random.default_rng([seed, i])
        X = rng.standard_normal((n_samples, width))
        model = stack(depth, width, activation, weight_var=g * g / width, seed=rng)
        with np.errstate(over="ignore", invalid="ignore"):
            model.forward(X)
        out[i] = [a.std() for a in model.activations]
    return out


#: Largest n of :func:`orthogonal` (and width of :func:`jacobian_singular_values`): a QR of
#: a 4096 x 4096 matrix takes seconds; anything larger is a typo in a notebook.
_MAX_ORTHOGONAL = 4096


def orthogonal(n: int, gain: float = 1.0, seed: Any = 0) -> np.ndarray:
    r"""A random ``n x n`` orthogonal matrix times ``gain`` (Haar measure).

    QR of a standard Gaussian matrix, :math:`G = QR`, with the signs of
    :math:`\operatorname{diag}(R)` moved into :math:`Q` so that :math:`Q` is uniformly
    distributed (Mezzadri 2007).  Every singular value equals ``gain``.
    """
    n = check_int(n, "n", low=1, high=_MAX_ORTHOGONAL)
    gain = check_number(gain, "gain", low=0.0, low_open=True)
    rng = make_rng(seed, "seed")
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return gain * q * np.sign(np.diag(r))


def jacobian_singular_values(depth: int, width: int, activation: Any = "tanh",
                             gain: float = 1.0, weights: str = "gaussian",
                             seed: Any = 0) -> np.ndarray:
    r"""Singular values of the input-output Jacobian of a random bias-free deep net.

    Layers :math:`z_l = a_{l-1} W_l`, :math:`a_l = f(z_l)`, :math:`a_0 = x \sim N(0, I)`
    (one input), with ``weights='gaussian'`` (entries :math:`N(0, g^2/n)`) or
    ``'orthogonal'`` (:math:`g` times a random orthogonal matrix).  Returns the singular
    values of :math:`J = \prod_l W_l \operatorname{diag} f'(z_l)`, largest first.  Their mean
    square is the gradient gain :math:`\chi^L`; their *spread* is what dynamical isometry
    (all singular values near 1; Saxe et al. 2014, Pennington et al. 2017) is about.
    """
    depth = check_int(depth, "depth", low=1, high=10_000)
    width = check_int(width, "width", low=1, high=_MAX_ORTHOGONAL)
    gain = check_number(gain, "gain", low=0.0, low_open=True)
    check_choice(weights, "weights", ("gaussian", "orthogonal"))
    f = _act.get(activation)
    rng = make_rng(seed, "seed")
    a = rng.standard_normal(width)
    J = np.eye(width)
    for _ in range(depth):
        if weights == "gaussian":
            W = rng.normal(0.0, gain / math.sqrt(width), size=(width, width))
        else:
            W = orthogonal(width, gain, rng)
        z = a @ W
        J = (J @ W) * f.derivative(z)
        a = f(z)
    return np.linalg.svd(J, compute_uv=False)


# --------------------------------------------------------------------------- convolutions
def im2col(images: Any, k: int) -> np.ndarray:
    r"""All :math:`k \times k` patches of a batch of images, one patch per row.

    ``images`` has shape ``(N, H, W, C)`` (channels last); stride 1, no padding.  Row
    :math:`(n, i, j)` is the flattened patch ``images[n, i:i+k, j:j+k, :]`` of length
    :math:`k^2 C`, so a convolution with kernels ``K`` of shape ``(k, k, C, C_out)`` is
    the matrix product ``im2col(images, k) @ K.reshape(k*k*C, C_out)``: a dense layer on
    patches, whose fan-in is :math:`k^2 C`.  Returns shape ``(N (H-k+1) (W-k+1), k^2 C)``.
    """
    x = as_float_array(images, "images", finite=True)
    if x.ndim != 4 or x.size == 0:
        raise ValueError(f"images must have shape (N, H, W, C) and be non-empty, got {x.shape}")
    n, h, w, c = x.shape
    k = check_int(k, "k", low=1, high=min(h, w))
    ho, wo = h - k + 1, w - k + 1
    check_size(n * ho * wo * k * k * c, "the patches (N (H-k+1) (W-k+1) k^2 C)")
    cols = np.empty((n, ho, wo, k, k, c), dtype=x.dtype)
    for di in range(k):
        for dj in range(k):
            cols[:, :, :, di, dj, :] = x[:, di:di + ho, dj:dj + wo, :]
    return cols.reshape(n * ho * wo, k * k * c)


def conv2d(images: Any, kernels: Any) -> np.ndarray:
    r"""Valid 2-D convolution (cross-correlation, as in deep-learning libraries), stride 1.

    :math:`y_{n,i,j,o} = \sum_{a,b,c} x_{n,i+a,j+b,c}\, K_{a,b,c,o}`, computed as
    ``im2col(images, k) @ kernels.reshape(k*k*C, C_out)``.  ``images``: ``(N, H, W, C)``;
    ``kernels``: ``(k, k, C, C_out)``.  Returns ``(N, H-k+1, W-k+1, C_out)``.
    """
    x = as_float_array(images, "images", finite=True)
    K = as_float_array(kernels, "kernels", finite=True)
    if x.ndim != 4 or x.size == 0:
        raise ValueError(f"images must have shape (N, H, W, C) and be non-empty, got {x.shape}")
    if K.ndim != 4 or K.shape[0] != K.shape[1] or K.shape[2] != x.shape[3] or K.size == 0:
        raise ValueError(f"kernels must have shape (k, k, {x.shape[3]}, C_out), got {K.shape}")
    k = K.shape[0]
    if k > min(x.shape[1], x.shape[2]):
        raise ValueError(f"kernels of size {k} do not fit images of shape {x.shape}")
    n, h, w, _ = x.shape
    return (im2col(x, k) @ K.reshape(-1, K.shape[3])).reshape(n, h - k + 1, w - k + 1, K.shape[3])


# --------------------------------------------------------------------------- residual networks
#: Branch initialisations accepted by :func:`residual_stack`.
RESIDUAL_BRANCHES = ("he", "normalized", "zero_last", "fixup", "fixup_random_last")


def residual_stack(depth: int, width: int, branch: str = "he", seed: Any = 0) -> _nets.Sequential:
    r"""``depth`` residual blocks :math:`x_{l+1} = x_l + F(x_l)`, :math:`F(x) = \operatorname{ReLU}(x W_1) W_2`
    (m = 2 weight layers per branch, zero biases), with the branch initialised by ``branch``:

    * ``'he'``: :math:`W_1, W_2` He normal, :math:`\operatorname{Var}[w] = 2/n` (each branch
      adds :math:`2\,\mathbb E[x_l^2]`, so :math:`\mathbb E[x_L^2] \approx 3^L\,\mathbb E[x_0^2]`);
    * ``'normalized'``: as ``'he'`` with a :class:`~actbook.nets.BatchNorm` closing the
      branch (each branch adds variance 1: linear growth, :math:`1 + L` for unit inputs);
    * ``'zero_last'``: :math:`W_2 = 0` (zero-init of the branch's last layer; every block is
      the identity at initialisation);
    * ``'fixup'``: Fixup for m = 2 (Zhang et al. 2019): :math:`W_1` He times
      :math:`L^{-1/(2m-2)} = L^{-1/2}`, :math:`W_2 = 0`;
    * ``'fixup_random_last'``: Fixup's scaling with :math:`W_2` He instead of zero (what the
      scaling alone does once the last layers are non-zero): each branch adds
      :math:`(2/L)\,\mathbb E[x^2]`, so :math:`\mathbb E[x_L^2] \approx (1 + 2/L)^L \to e^2`.
    """
    depth = check_int(depth, "depth", low=1, high=10_000)
    width = check_int(width, "width", low=1)
    check_size(2 * depth * width * width, "2 * depth * width**2 (weights of the stack)")
    check_choice(branch, "branch", RESIDUAL_BRANCHES)
    rng = make_rng(seed, "seed")
    scale = depth ** -0.5 if branch in ("fixup", "fixup_random_last") else 1.0
    blocks: list[_nets.Layer] = []
    for _ in range(depth):
        d1 = _nets.Dense(width, width, "he_normal", rng, bias=False)
        d1.params["W"] *= scale
        d2 = _nets.Dense(width, width, "he_normal", rng, bias=False)
        if branch in ("zero_last", "fixup"):
            d2.params["W"][...] = 0.0
        layers: list[_nets.Layer] = [d1, _nets.Activate("relu"), d2]
        if branch == "normalized":
            layers.append(_nets.BatchNorm(width))
        blocks.append(_nets.Residual(layers))
    return _nets.Sequential(blocks)


def residual_moments(model: _nets.Sequential, X: Any) -> np.ndarray:
    r"""Second moments :math:`\mathbb E[x_l^2]` (over rows and units) of the input and of the
    output of every block of a :func:`residual_stack`: an array of length ``depth + 1``.

    Batch norm, if present, uses the batch statistics (training mode), as at the first step.
    """
    if not isinstance(model, _nets.Sequential) or not all(isinstance(b, _nets.Residual) for b in model.layers):
        raise TypeError("model must be an actbook.nets.Sequential of Residual blocks (from residual_stack)")
    x = as_float_array(X, "X", finite=True).astype(np.float64, copy=False)
    width = model.layers[0].dense_layers[0].W.shape[0] if model.layers else None
    if x.ndim != 2 or x.shape[0] < 2 or (width is not None and x.shape[1] != width):
        raise ValueError(f"X must have shape (rows >= 2, {width}), got {x.shape}")
    out = [float(np.mean(x * x))]
    with np.errstate(over="ignore", invalid="ignore"):
        for block in model.layers:
            x = block.forward(x, training=True)
            out.append(float(np.mean(x * x)))
    return np.array(out)


# --------------------------------------------------------------------------- LSUV
def semi_orthogonal(fan_in: int, fan_out: int, seed: Any = 0) -> np.ndarray:
    r"""A random ``(fan_in, fan_out)`` matrix with orthonormal columns (``fan_in >= fan_out``)
    or orthonormal rows (otherwise): the Q of a QR decomposition of a Gaussian matrix, signs
    fixed as in :func:`orthogonal`.  Every non-zero singular value is 1."""
    fi = check_int(fan_in, "fan_in", low=1, high=_MAX_ORTHOGONAL)
    fo = check_int(fan_out, "fan_out", low=1, high=_MAX_ORTHOGONAL)
    rng = make_rng(seed, "seed")
    big, small = max(fi, fo), min(fi, fo)
    q, r = np.linalg.qr(rng.standard_normal((big, small)))
    q = q * np.sign(np.diag(r))
    return q if fi >= fo else q.T


@dataclass
class LSUVResult:
    """What :func:`lsuv` did, per Dense layer (input first).

    ``var_before``: Var of the layer's output after the orthonormal initialisation (with the
    earlier layers already rescaled); ``var_after``: after rescaling; ``passes``: forward
    passes of that layer (one per variance estimate, the first included); ``scale``: the
    total factor its weights were multiplied by.
    """

    var_before: np.ndarray
    var_after: np.ndarray
    passes: np.ndarray
    scale: np.ndarray


def lsuv(model: _nets.Sequential, X: Any, tol: float = 0.1, max_iter: int = 10,
         orthonormal: bool = True, seed: Any = 0) -> LSUVResult:
    r"""Layer-sequential unit-variance initialisation (Mishkin & Matas 2016), in place.

    1. (``orthonormal=True``) replace every Dense layer's weights by :func:`semi_orthogonal`
       ones (Saxe et al. 2014);
    2. for each Dense layer in forward order: compute its output :math:`B` on the batch
       ``X`` (the layers before it already rescaled) and, while
       :math:`|\operatorname{Var}[B] - 1| \ge` ``tol`` and at most ``max_iter`` times, set
       :math:`W \leftarrow W / \sqrt{\operatorname{Var}[B]}` and recompute.

    The input of each layer is kept from the previous step, so the cost is one pass of
    each layer per estimate (``passes``), not a pass of the whole network.  ``model`` must
    be a flat Sequential of Dense / Activate layers (e.g. from :func:`actbook.nets.mlp`).
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be an actbook.nets.Sequential, got {type(model).__name__}")
    for i, layer in enumerate(model.layers):
        if not isinstance(layer, (_nets.Dense, _nets.Activate)):
            raise TypeError(f"model.layers[{i}] must be Dense or Activate, got {type(layer).__name__}")
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    max_iter = check_int(max_iter, "max_iter", low=1, high=1000)
    if not isinstance(orthonormal, (bool, np.bool_)):
        raise TypeError(f"orthonormal must be True or False, got {orthonormal!r}")
    x = as_float_array(X, "X", finite=True).astype(np.float64, copy=False)
    first = model.dense_layers[0].W.shape[0] if model.dense_layers else None
    if x.ndim != 2 or x.shape[0] < 2 or (first is not None and x.shape[1] != first):
        raise ValueError(f"X must have shape (rows >= 2, {first}), got {x.shape}")
    rng = make_rng(seed, "seed")
    before, after, passes, scales = [], [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in model.layers:
            if isinstance(layer, _nets.Activate):
                x = layer.forward(x)
                continue
            W = layer.params["W"]
            if orthonormal:
                W[...] = semi_orthogonal(*W.shape, seed=rng)
            z = layer.forward(x)
            var, n, total = float(z.var()), 1, 1.0
            before.append(var)
            while abs(var - 1.0) >= tol and n <= max_iter and np.isfinite(var) and var > 0:
                W /= math.sqrt(var)
                total /= math.sqrt(var)
                z = layer.forward(x)
                var, n = float(z.var()), n + 1
            after.append(var)
            passes.append(n)
            scales.append(total)
            x = z
    return LSUVResult(np.array(before), np.array(after), np.array(passes), np.array(scales))


# --------------------------------------------------------------------------- one training run
#: Initialisations accepted by :func:`init_run`.
RUN_SCHEMES = ("xavier", "he", "pytorch", "lsuv", "lsuv_gaussian")


def init_run(scheme: str, data: tuple, hidden: Sequence[int], activation: str = "relu",
             lr: float = 0.05, epochs: int = 20, batch_size: int = 64, bias: float = 0.0,
             seed: int = 0) -> dict[str, Any]:
    r"""Train one MLP from a named initialisation and report the result.

    ``data = (X_train, y_train, X_test, y_test)`` (integer labels, cross-entropy).
    ``scheme``: ``'xavier'`` / ``'he'`` (normal, zero biases), ``'pytorch'`` (``nn.Linear``'s
    default: weights and biases :math:`U(\pm 1/\sqrt{n_\text{in}})`), ``'lsuv'``
    (:func:`lsuv` on the first ``batch_size`` training rows), ``'lsuv_gaussian'`` (the same
    rescaling applied to He normal weights, ``orthonormal=False``: LSUV without its
    orthonormal matrices).  ``bias``: the constant every
    *hidden* layer's bias starts at (ignored by ``'pytorch'``).  The model and the
    mini-batch order are both seeded by ``seed``, so two schemes on one seed see the same
    batches.  Returns ``loss`` (final training loss; inf if the run diverged, see
    :mod:`actbook.train`), ``test_acc`` (NaN if diverged), ``diverged``, ``history`` and the
    trained ``model``.
    """
    check_choice(scheme, "scheme", RUN_SCHEMES)
    if not isinstance(data, tuple) or len(data) != 4:
        raise TypeError("data must be a tuple (X_train, y_train, X_test, y_test)")
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__"):
        raise TypeError(f"hidden must be a sequence of layer widths, got {type(hidden).__name__}")
    Xtr, ytr, Xte, yte = data
    Xtr = as_float_array(Xtr, "data[0] (X_train)", finite=True)
    Xte = as_float_array(Xte, "data[2] (X_test)", finite=True)
    if Xtr.ndim != 2 or Xtr.shape[0] < 2 or Xte.ndim != 2 or Xte.shape[1:] != Xtr.shape[1:] or not Xte.size:
        raise ValueError(f"data[0] (X_train) and data[2] (X_test) must be 2-D with the same columns, "
                         f"X_train with at least 2 rows; got shapes {Xtr.shape}, {Xte.shape}")
    ytr, yte = np.asarray(ytr), np.asarray(yte)
    for y, xx, nm in ((ytr, Xtr, "data[1] (y_train)"), (yte, Xte, "data[3] (y_test)")):
        if y.ndim != 1 or y.dtype.kind not in "iu" or y.shape[0] != xx.shape[0] or np.any(y < 0):
            raise ValueError(f"{nm} must be non-negative integer labels, one per row")
    hidden = [check_int(h, f"hidden[{i}]", low=1) for i, h in enumerate(hidden)]
    n_classes = int(max(ytr.max(), yte.max())) + 1
    bias = check_number(bias, "bias")
    seed = check_int(seed, "seed", low=0)
    batch_size = check_int(batch_size, "batch_size", low=1)
    init = {"xavier": "xavier_normal", "he": "he_normal", "lsuv": "he_normal",
            "lsuv_gaussian": "he_normal",
            "pytorch": _init.get("he_uniform", negative_slope=math.sqrt(5))}[scheme]
    model = _nets.mlp([Xtr.shape[1], *hidden, n_classes], activation, init=init, seed=seed)
    dense = model.dense_layers
    if scheme == "pytorch":
        brng = np.random.default_rng([seed, 1])  # biases from their own stream
        for d in dense:
            lim = 1.0 / math.sqrt(d.W.shape[0])
            d.params["b"][...] = brng.uniform(-lim, lim, size=d.b.shape)
    else:
        for d in dense[:-1]:
            d.params["b"][...] = bias
        if scheme in ("lsuv", "lsuv_gaussian"):
            lsuv(model, Xtr[:batch_size], orthonormal=scheme == "lsuv", seed=seed)
    hist = _train.train(model, Xtr, ytr, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed)
    div = hist.diverged_at is not None
    acc = float("nan") if div else _train.evaluate(model, Xte, yte)[1]
    return {"loss": float("inf") if div else float(hist.loss[-1]), "test_acc": acc,
            "diverged": div, "history": hist, "model": model}
