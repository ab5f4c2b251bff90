r"""Gradient flow through depth: the helpers of the chapter *Vanishing and exploding gradients*.

Backpropagation multiplies one Jacobian per layer.  For a chain of scalar units
:math:`z_k = w_k a_{k-1} + b_k`, :math:`a_k = f(z_k)` (:math:`k = 1..L`, :math:`a_0 = x`)
the chain rule gives

.. math::  \frac{\partial a_L}{\partial w_k} = a_{k-1}\, f'(z_k) \prod_{j=k+1}^{L} w_j f'(z_j),
           \qquad
           \frac{\partial a_L}{\partial b_k} = f'(z_k) \prod_{j=k+1}^{L} w_j f'(z_j),

so with the sigmoid (:math:`0 < \sigma' \le 1/4`) and :math:`|w_j| \le 1`,
:math:`|\partial a_L / \partial w_1| \le |x|\, 4^{-L}` (:func:`scalar_chain_bound`).

For a network, :func:`gradient_flow` runs one forward and backward pass and records,
for every Dense layer *l*, the norm of the weight gradient :math:`\partial L/\partial W_l`,
of the bias gradient and of the back-propagated signal
:math:`\delta_l = \partial L/\partial z_l` (the gradient with respect to the layer's output).
:func:`deep_mlp` builds the plain / residual / batch-normalised nets compared in the
chapter, :func:`explorer_update` is the pure update function of its explorer, and
:func:`rnn_jacobian_norms` multiplies the Jacobians of a small recurrent net.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import activations as _act
from . import losses as _losses
from . import nets as _nets
from .init import gain_init  # re-exported: the chapters call it from here
from ._validate import as_float_array, check_int, check_model_input, check_number, check_size, make_rng, renamed

__all__ = [
    "ACTIVATIONS",
    "scalar_chain_bound",
    "ScalarChain",
    "scalar_chain",
    "sigmoid_window",
    "gain_init",
    "deep_mlp",
    "GradFlow",
    "gradient_flow",
    "init_profile",
    "derivative_samples",
    "saturated_fraction",
    "explorer_update",
    "global_norm",
    "clip_global_norm",
    "matrix_with_spectral_radius",
    "rnn_jacobian_norms",
    "activation_spread",
]

#: Activations offered by the explorer.
ACTIVATIONS = ("sigmoid", "tanh", "relu")


def _activation(activation: Any) -> _act.Activation:
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be a name such as 'tanh' or an Activation, got {type(activation).__name__}")
    act = _act.get(activation)
    if not act.elementwise:
        raise ValueError("activation must be elementwise (Maxout is not supported here)")
    return act


# ---------------------------------------------------------------------------
# the scalar chain
# ---------------------------------------------------------------------------

def scalar_chain_bound(depth: int, x: float = 1.0, w_max: float = 1.0, slope_max: float = 0.25) -> float:
    r"""Upper bound :math:`|x|\, s^{L}\, w_{\max}^{L-1}` on :math:`|\partial a_L/\partial w_1|`.

    ``slope_max`` is :math:`s = \sup |f'|` (1/4 for the sigmoid, 1 for tanh);
    with the defaults the bound is :math:`|x|\,4^{-L}`.
    """
    L = check_int(depth, "depth", low=1)
    x = check_number(x, "x")
    w_max = check_number(w_max, "w_max", low=0.0)
    s = check_number(slope_max, "slope_max", low=0.0)
    return abs(x) * s ** L * w_max ** (L - 1)


@dataclass
class ScalarChain:
    """Forward values and exact gradients of a chain of scalar units (index k = 0..L-1 is unit k+1)."""

    w: np.ndarray        #: weights w_k
    z: np.ndarray        #: pre-activations z_k
    a: np.ndarray        #: outputs a_k = f(z_k)
    slopes: np.ndarray   #: f'(z_k)
    grad_w: np.ndarray   #: ∂a_L/∂w_k
    grad_b: np.ndarray   #: ∂a_L/∂b_k

    @property
    def output(self) -> float:
        return float(self.a[-1])

    @property
    def factors(self) -> np.ndarray:
        """The backward factors w_{k} f'(z_{k-1}) for k = 2..L (one per link between units)."""
        return self.w[1:] * self.slopes[:-1]


def scalar_chain(weights: Any, biases: Any = None, x: float = 1.0, activation: Any = "sigmoid") -> ScalarChain:
    r"""Run the chain :math:`a_k = f(w_k a_{k-1} + b_k)` from :math:`a_0 = x` and backpropagate.

    Returns :math:`\partial a_L/\partial w_k = a_{k-1} f'(z_k) \prod_{j>k} w_j f'(z_j)` and
    :math:`\partial a_L/\partial b_k = f'(z_k) \prod_{j>k} w_j f'(z_j)` for every unit.
    """
    w = as_float_array(weights, "weights", finite=True).astype(np.float64).ravel()
    if w.size < 1:
        raise ValueError("weights must hold at least one weight (depth >= 1)")
    b = np.zeros_like(w) if biases is None else as_float_array(biases, "biases", finite=True).astype(np.float64).ravel()
    if b.shape != w.shape:
        raise ValueError(f"biases must have the length of weights ({w.size}), got {b.size}")
    x = check_number(x, "x")
    f = _activation(activation)
    L = w.size
    z, a = np.empty(L), np.empty(L)
    prev = x
    for k in range(L):
        z[k] = w[k] * prev + b[k]
        a[k] = f._forward(z[k:k + 1].copy())[0]
        prev = a[k]
    slopes = f._derivative(z.copy())
    inputs = np.r_[x, a[:-1]]
    grad_b = np.empty(L)
    g = 1.0                       # ∂a_L/∂a_k, starting at k = L
    for k in range(L - 1, -1, -1):
        grad_b[k] = g * slopes[k]
        g = grad_b[k] * w[k]      # ∂a_L/∂a_{k-1}
    return ScalarChain(w=w, z=z, a=a, slopes=slopes, grad_w=grad_b * inputs, grad_b=grad_b)


def sigmoid_window(w: Any) -> np.ndarray:
    r"""Length of the input interval on which :math:`|w\,\sigma'(w x + b)| \ge 1` (any b).

    Since :math:`\sigma'(z) = 1/(4\cosh^2(z/2))`, the condition is
    :math:`|z| \le 2\operatorname{arccosh}(\sqrt{|w|}/2)`, an interval of length
    :math:`4\operatorname{arccosh}(\sqrt{|w|}/2)/|w|` in x; it is empty (0) for :math:`|w| < 4`.
    """
    wa = np.abs(as_float_array(w, "w", finite=True))
    if np.any(wa == 0):
        raise ValueError("w must be non-zero")
    r = np.sqrt(wa) / 2.0
    return np.where(r >= 1.0, 4.0 * np.arccosh(np.maximum(r, 1.0)) / wa, 0.0)


# ---------------------------------------------------------------------------
# deep nets at initialisation
# ---------------------------------------------------------------------------

def deep_mlp(depth: int, width: int = 64, activation: Any = "tanh", gain: float = 1.0, n_in: int | None = None,
             n_out: int = 10, residual: bool = False, batchnorm: bool = False, seed: Any = 0) -> _nets.Sequential:
    r"""``depth`` hidden layers of ``width`` units, weights :math:`\mathcal N(0, g^2/n_{in})`, biases 0.

    Plain (``residual=False``) it is ``nets.mlp``: Dense → f → Dense → f → … → Dense(out).
    With ``residual=True`` every hidden Dense after the first sits in a skip connection,
    :math:`h \mapsto h + W f(h) + b`, with the *same* weights as the plain net of the same
    seed, so the two differ only in the skips.  ``batchnorm=True`` inserts batch norm
    before every activation (plain nets only).
    """
    L = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    n_in = width if n_in is None else check_int(n_in, "n_in", low=1)
    n_out = check_int(n_out, "n_out", low=1)
    check_size(L * width * max(width, n_in, n_out), "depth * width**2 (weights of deep_mlp)")
    for name, flag in (("residual", residual), ("batchnorm", batchnorm)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    if residual and batchnorm:
        raise ValueError("residual and batchnorm cannot both be True here")
    f = _activation(activation)
    init = gain_init(gain)
    if not residual:
        return _nets.mlp([n_in] + [width] * L + [n_out], f, init=init, seed=seed, batchnorm=batchnorm)
    rng = make_rng(seed, "seed")
    layers: list[_nets.Layer] = [_nets.Dense(n_in, width, init, rng)]
    for _ in range(L - 1):
        layers.append(_nets.Residual([_nets.Activate(f), _nets.Dense(width, width, init, rng)]))
    layers += [_nets.Activate(f), _nets.Dense(width, n_out, init, rng)]
    return _nets.Sequential(layers)


@dataclass
class GradFlow:
    """Per-Dense-layer gradient norms of one backward pass (input layer first)."""

    weight: np.ndarray   #: ‖∂L/∂W_l‖_F
    bias: np.ndarray     #: ‖∂L/∂b_l‖ (0 where the layer has no bias)
    signal: np.ndarray   #: ‖∂L/∂z_l‖_F, z_l the layer's output (all rows)
    loss: float


def _backward_record(layer: _nets.Layer, grad: np.ndarray, out: list[float]) -> np.ndarray:
    """Backward through ``layer`` like ``layer.backward``, appending ‖grad‖ at every Dense output."""
    if isinstance(layer, _nets.Residual):
        g = grad
        for inner in reversed(layer.layers):
            g = _backward_record(inner, g, out)
        return grad + g
    if isinstance(layer, _nets.Sequential):
        for inner in reversed(layer.layers):
            grad = _backward_record(inner, grad, out)
        return grad
    if isinstance(layer, _nets.Dense):
        out.append(float(np.linalg.norm(grad)))
    return layer.backward(grad)


def gradient_flow(model: _nets.Sequential, X: Any, y: Any, loss: Any = "cross_entropy",
                  training: bool = True) -> GradFlow:
    """One forward/backward pass of ``model`` on (X, y); per-layer gradient norms.

    ``training=True`` (default) makes batch norm use the batch statistics, as in training.
    The parameter gradients are left in the layers exactly as ``model.backward`` leaves them.
    """
    Xa = check_model_input(model, X, "X")
    loss_fn = _losses.get(loss)
    if not isinstance(training, bool):
        raise TypeError(f"training must be True or False, got {training!r}")
    if training and Xa.shape[0] < 2 and any(isinstance(l, _nets.BatchNorm) for l in model._walk()):
        raise ValueError("X must have at least 2 rows for a model with BatchNorm in training mode")
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            value, g = loss_fn(model.forward(Xa, training=training), y)
        except (TypeError, ValueError) as exc:
            raise renamed(renamed(exc, "targets", "y"), "logits", "model output") from None
        signal: list[float] = []
        _backward_record(model, g, signal)
    return GradFlow(weight=model.grad_norms("W"), bias=model.grad_norms("b"),
                    signal=np.array(signal[::-1]), loss=float(value))


def _random_task(n: int, n_in: int, n_out: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    return rng.normal(size=(n, n_in)), rng.integers(0, n_out, size=n)


def init_profile(depth: int, activation: Any = "tanh", gain: float = 1.0, width: int = 64, n: int = 128,
                 seeds: Sequence[int] = (0, 1, 2), residual: bool = False, batchnorm: bool = False,
                 n_out: int = 10) -> dict[str, np.ndarray]:
    """Gradient norms per layer at initialisation, one row per seed.

    Each seed draws a net (:func:`deep_mlp`), inputs :math:`x \\sim \\mathcal N(0, I)` of
    dimension ``width`` and random labels in ``range(n_out)``, and runs :func:`gradient_flow`.
    Returns arrays ``weight``, ``bias``, ``signal`` of shape (len(seeds), depth + 1).
    """
    n = check_int(n, "n", low=2, high=10**6)
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__"):
        raise TypeError(f"seeds must be a sequence of int seeds such as (0, 1, 2), got {type(seeds).__name__}")
    if len(seeds) < 1:
        raise ValueError("seeds must contain at least one seed")
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    rows: dict[str, list[np.ndarray]] = {"weight": [], "bias": [], "signal": []}
    for s in seeds:
        model = deep_mlp(depth, width, activation, gain, n_out=n_out, residual=residual, batchnorm=batchnorm, seed=s)
        X, y = _random_task(n, width, n_out, make_rng(10_000 + int(s)))
        gf = gradient_flow(model, X, y)
        for k in rows:
            rows[k].append(getattr(gf, k))
    return {k: np.array(v) for k, v in rows.items()}


def derivative_samples(depth: int, activation: Any = "sigmoid", gain: float = 1.0, width: int = 64,
                       n: int = 128, seed: int = 0) -> list[np.ndarray]:
    """f'(z) of every hidden unit and example, one flat array per hidden layer, at initialisation."""
    f = _activation(activation)
    seed = check_int(seed, "seed", low=0)
    model = deep_mlp(depth, width, f, gain, seed=seed)
    X, _ = _random_task(check_int(n, "n", low=1, high=10**6), width, 10, np.random.default_rng(10_000 + seed))
    model.forward(X)
    return [f._derivative(z).ravel() for z in model.preactivations]


def saturated_fraction(slopes: Any, activation: Any = "sigmoid", rel: float = 0.1) -> float:
    r"""Fraction of derivative values below ``rel`` times the activation's largest slope :math:`\max f'`.

    The largest slope is f'(0) for sigmoid (1/4) and tanh (1), and 1 for the ReLU family.
    """
    d = as_float_array(slopes, "slopes", finite=True)
    if d.size == 0:
        raise ValueError("slopes must not be empty")
    rel = check_number(rel, "rel", low=0.0, high=1.0)
    f = _activation(activation)
    top = float(np.max(f._derivative(np.array([0.0, 1e-9, 1.0]))))
    return float(np.mean(d < rel * top)) if d.size else 0.0


def explorer_update(depth: int = 10, activation: str = "sigmoid", gain: float = 1.0, width: int = 32,
                    n: int = 64, seed: int = 0) -> dict[str, Any]:
    """Pure update function of the explorer: per-layer gradient norms of one freshly drawn net.

    Returns layer numbers, the weight-gradient and signal norms, the first/last ratios and
    a one-line summary.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    seed = check_int(seed, "seed", low=0)
    p = init_profile(depth, activation, gain, width=width, n=n, seeds=(seed,))
    w, s = p["weight"][0], p["signal"][0]
    ratio_w = float(w[0] / w[-1]) if w[-1] > 0 else float("inf")
    ratio_s = float(s[0] / s[-1]) if s[-1] > 0 else float("inf")
    summary = (f"{activation}, depth {depth}, gain {gain:g}: first/last layer ‖∂L/∂W‖ = {ratio_w:.2e}, "
               f"‖∂L/∂z‖ = {ratio_s:.2e}")
    return {"layers": np.arange(1, w.size + 1), "weight": w, "signal": s,
            "ratio_weight": ratio_w, "ratio_signal": ratio_s, "summary": summary}


# ---------------------------------------------------------------------------
# clipping
# ---------------------------------------------------------------------------

def global_norm(grads: Sequence[Any]) -> float:
    r"""Joint L2 norm :math:`\sqrt{\sum_i \lVert g_i \rVert^2}` of a list of arrays."""
    if isinstance(grads, np.ndarray) or not hasattr(grads, "__len__"):
        raise TypeError("grads must be a list of arrays")
    return float(math.sqrt(sum(float(np.sum(np.square(as_float_array(g, f"grads[{i}]", finite=True))))
                               for i, g in enumerate(grads))))


def clip_global_norm(grads: Sequence[Any], max_norm: float) -> list[np.ndarray]:
    r"""New arrays :math:`g_i \cdot \min(1, c/\lVert g \rVert)`: the direction is kept, the joint norm is at most c."""
    c = check_number(max_norm, "max_norm", low=0.0, low_open=True)
    total = global_norm(grads)
    scale = min(1.0, c / total) if total > 0 else 1.0
    return [as_float_array(g, "grads") * scale for g in grads]


# ---------------------------------------------------------------------------
# recurrent nets: the same matrix again and again
# ---------------------------------------------------------------------------

def matrix_with_spectral_radius(n: int, rho: float, seed: Any = 0) -> np.ndarray:
    r"""A random n×n Gaussian matrix rescaled so that its spectral radius :math:`\max|\lambda_i|` is ``rho``."""
    n = check_int(n, "n", low=1, high=10**4)
    rho = check_number(rho, "rho", low=0.0)
    A = make_rng(seed, "seed").normal(size=(n, n)) / math.sqrt(n)
    return A * (rho / np.max(np.abs(np.linalg.eigvals(A))))


def rnn_jacobian_norms(W: Any, steps: int, activation: Any = "tanh", input_scale: float = 0.5,
                       seed: Any = 0) -> dict[str, np.ndarray]:
    r"""Run :math:`h_t = f(h_{t-1} W + x_t)` and track :math:`J_t = \partial h_t / \partial h_0`.

    :math:`J_t = J_{t-1} W \operatorname{diag} f'(h_{t-1} W + x_t)` (row-vector convention); with
    ``activation='identity'`` it is :math:`W^t`, whose norm grows like :math:`\rho(W)^t`.
    Inputs :math:`x_t \sim \mathcal N(0, s^2 I)`, :math:`h_0 \sim \mathcal N(0, I/n)`.
    Returns ``state`` (‖h_t‖) and ``jacobian`` (spectral norm ‖J_t‖₂) for t = 0..steps.
    """
    Wa = as_float_array(W, "W", finite=True).astype(np.float64)
    if Wa.ndim != 2 or Wa.shape[0] != Wa.shape[1]:
        raise ValueError(f"W must be a square matrix, got shape {Wa.shape}")
    T = check_int(steps, "steps", low=1, high=10**5)
    s = check_number(input_scale, "input_scale", low=0.0)
    f = _activation(activation)
    n = Wa.shape[0]
    rng = make_rng(seed, "seed")
    h = rng.normal(size=n) / math.sqrt(n)
    J = np.eye(n)
    state, jac = [np.linalg.norm(h)], [1.0]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(T):
            u = h @ Wa + s * rng.normal(size=n)
            h = f._forward(u)
            J = (J @ Wa) * f._derivative(u)
            state.append(np.linalg.norm(h))
            jac.append(np.linalg.norm(J, 2) if np.all(np.isfinite(J)) else np.inf)
    return {"state": np.array(state), "jacobian": np.array(jac)}


def activation_spread(model: _nets.Sequential, X: Any) -> np.ndarray:
    r"""Forward spread of every activation layer of ``model`` on the inputs ``X``.

    For activation layer :math:`l` with outputs :math:`a_l` (rows = inputs), returns
    :math:`\operatorname{mean}_j \operatorname{std}_i\, a_{l,ij}`: how much a unit's
    output varies *across the inputs*, averaged over the units.  A layer whose spread
    is near 0 hands the next layer (almost) the same feature vector for every input.
    Evaluation mode (batch norm uses its running statistics).  Input side first.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = check_model_input(model, X, "X")
    if Xa.shape[0] < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows, got shape {Xa.shape}")
    spreads: list[float] = []

    def walk(layer: _nets.Layer, a: np.ndarray) -> np.ndarray:
        if isinstance(layer, _nets.Residual):
            return a + walk(_nets.Sequential(layer.layers), a)
        if isinstance(layer, _nets.Sequential):
            for inner in layer.layers:
                a = walk(inner, a)
            return a
        a = layer.forward(a, False)
        if isinstance(layer, _nets.Activate):
            spreads.append(float(a.std(axis=0).mean()))
        return a

    with np.errstate(over="ignore", invalid="ignore"):
        walk(model, Xa)
    return np.array(spreads)
