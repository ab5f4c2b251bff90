r"""Batch normalisation in experiments, and layer normalisation for comparison.

The batch-norm layer itself is :class:`actbook.nets.BatchNorm`.  This module adds

* :func:`batchnorm_steps` — the forward pass of batch norm spelled out step by step
  (batch mean, biased variance, :math:`\hat x`, :math:`\gamma\hat x+\beta`) for worked examples;
* :func:`identity_params` — the :math:`\gamma, \beta` that make batch norm the identity on a batch;
* :class:`LayerNorm` — normalisation over the features of each row (Ba et al. 2016), the same in
  training and evaluation;
* :func:`make_net` — hand-built stacks with batch/layer norm placed before or after the
  activation, with optional dropout;
* :func:`saturation` — the fraction of saturated units per layer;
* :func:`normalised_spread` — how much one example's normalised value depends on its batch;
* :func:`run`, :func:`sweep`, :func:`explorer_update` — small training experiments (several seeds)
  and the pure update function of the chapter's explorer;
* :func:`variance_shift`, :func:`batch_mode_loss` — the dropout/batch-norm variance shift and the
  train/eval mismatch;
* :class:`NoisyShift`, :func:`moment_drift`, :func:`landscape_probe` — the two explanations of why batch
  norm helps: deliberate distribution shift (Santurkar et al. 2018) and the loss landscape along the gradient;
* :func:`gradient_shift`, :func:`ics_measure` — internal covariate shift measured as Santurkar et al. do
  (how much a layer's gradient changes when the layers below are updated), and the drift of the
  batch-norm *input*;
* :func:`recompute_running_stats` — re-estimate the running statistics with dropout off (the
  remedy for the variance shift).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from . import activations as _act
from . import datasets as _datasets
from . import init as _init
from . import losses as _losses
from . import nets as _nets
from . import train as _train
from .init import gain_init  # re-exported: the chapters call it from here
from ._validate import (as_float_array, check_int, check_model_input, check_number, check_probability,
                        check_size, make_rng)

__all__ = ["batchnorm_steps", "identity_params", "LayerNorm", "NoisyShift", "make_net", "saturation",
           "normalised_spread", "normalised_spread_theory", "gain_init", "Run", "run", "moment_drift", "sweep",
           "explorer_update", "variance_shift", "landscape_probe", "batch_mode_loss", "NORMS", "PLACEMENTS",
           "gradient_shift", "ics_measure", "recompute_running_stats"]

NORMS = (None, "batch", "layer")
PLACEMENTS = ("before", "after")


def _matrix(x: Any, name: str, min_rows: int = 1) -> np.ndarray:
    a = as_float_array(x, name, finite=True).astype(np.float64, copy=False)
    if a.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows, features), got shape {a.shape}")
    if a.shape[0] < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} rows, got {a.shape[0]}")
    return a


def _labels(y: Any, n: int, name: str = "y") -> np.ndarray:
    ya = np.asarray(y)
    if ya.dtype.kind in "iu" and ya.ndim == 1 and ya.shape[0] != n:
        raise ValueError(f"X and {name} must have the same number of rows, got {n} and {ya.shape[0]}")
    if ya.dtype.kind not in "iu" or ya.shape != (n,):
        raise ValueError(f"{name} must be integer class labels of shape ({n},), got {ya.dtype} {ya.shape}")
    if ya.min() < 0:
        raise ValueError(f"{name} must be non-negative class labels, got minimum {ya.min()}")
    return ya


def _model_X(model: Any, X: Any, min_rows: int) -> np.ndarray:
    Xa = check_model_input(model, X, "X")
    if Xa.shape[0] < min_rows:
        raise ValueError(f"X must have at least {min_rows} rows, got {Xa.shape[0]}")
    return Xa


def batchnorm_steps(x: Any, gamma: Any = None, beta: Any = None, eps: float = 1e-5) -> dict[str, np.ndarray]:
    r"""Batch norm of a batch ``x`` (rows = examples) in training mode, every step returned.

    :math:`\mu = \frac1m\sum_i x_i`, :math:`\sigma^2 = \frac1m\sum_i (x_i-\mu)^2` (biased),
    :math:`\hat x_i = (x_i-\mu)/\sqrt{\sigma^2+\epsilon}`, :math:`y_i = \gamma\hat x_i + \beta`.
    ``gamma``/``beta`` default to ones/zeros.  Returns ``mu, var, inv_std, xhat, y``.
    """
    xa = _matrix(x, "x", min_rows=2)
    n = xa.shape[1]
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    g = np.ones(n) if gamma is None else as_float_array(gamma, "gamma", finite=True).astype(np.float64)
    b = np.zeros(n) if beta is None else as_float_array(beta, "beta", finite=True).astype(np.float64)
    for name, v in (("gamma", g), ("beta", b)):
        if v.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},) (one value per column of x), got {v.shape}")
    mu = xa.mean(axis=0)
    var = ((xa - mu) ** 2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (xa - mu) * inv_std
    return {"mu": mu, "var": var, "inv_std": inv_std, "xhat": xhat, "y": g * xhat + b}


def identity_params(x: Any, eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray]:
    r"""The :math:`\gamma = \sqrt{\sigma_B^2+\epsilon}`, :math:`\beta = \mu_B` for which batch norm returns ``x`` unchanged."""
    xa = _matrix(x, "x", min_rows=2)
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    return np.sqrt(xa.var(axis=0) + eps), xa.mean(axis=0)


class LayerNorm(_nets.Layer):
    r"""Layer normalisation (Ba et al. 2016): each row is standardised over its ``n`` features.

    :math:`\mu_i = \frac1n\sum_j x_{ij}`, :math:`\sigma_i^2 = \frac1n\sum_j (x_{ij}-\mu_i)^2`,
    :math:`y_{ij} = \gamma_j (x_{ij}-\mu_i)/\sqrt{\sigma_i^2+\epsilon} + \beta_j`.
    No batch statistics, so training and evaluation compute the same function.
    Backward: :math:`\partial L/\partial x_{i\cdot} = \frac{s_i}{n}\,(n\,g_{i\cdot} - \sum_j g_{ij}
    - \hat x_{i\cdot}\sum_j g_{ij}\hat x_{ij})` with :math:`g = \gamma \odot \partial L/\partial y`,
    :math:`s_i = 1/\sqrt{\sigma_i^2+\epsilon}`.
    """

    def __init__(self, n: int, eps: float = 1e-5):
        super().__init__()
        n = check_int(n, "n", low=2)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        self.params = {"gamma": np.ones(n), "beta": np.zeros(n)}
        self.grads = {"gamma": np.zeros(n), "beta": np.zeros(n)}
        self._cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, x, training=False):
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        xhat = (x - mu) * inv_std
        self._cache = (xhat, inv_std)
        return self.params["gamma"] * xhat + self.params["beta"]

    def backward(self, grad):
        xhat, inv_std = self._cache
        self.grads["gamma"] = (grad * xhat).sum(axis=0)
        self.grads["beta"] = grad.sum(axis=0)
        g = grad * self.params["gamma"]
        n = g.shape[1]
        return inv_std / n * (n * g - g.sum(axis=1, keepdims=True) - xhat * (g * xhat).sum(axis=1, keepdims=True))

    def __repr__(self):
        return f"LayerNorm({self.params['gamma'].shape[0]})"


class NoisyShift(_nets.Layer):
    r"""Deliberate distribution shift (Santurkar et al. 2018): in training, :math:`y = c \odot x + d` with
    :math:`c_j = e^{s u_j}`, :math:`d_j = s v_j`, :math:`u, v \sim \mathcal N(0, 1)` drawn afresh for every
    unit at every forward pass; in evaluation the identity.  ``strength`` is s.
    """

    def __init__(self, strength: float = 0.5, rng: Any = 0):
        super().__init__()
        self.strength = check_number(strength, "strength", low=0.0)
        self.rng = make_rng(rng)
        self._scale: np.ndarray | None = None

    def forward(self, x, training=False):
        if not training or self.strength == 0.0:
            self._scale = None
            return x
        n = x.shape[1]
        self._scale = np.exp(self.strength * self.rng.standard_normal(n))
        return x * self._scale + self.strength * self.rng.standard_normal(n)

    def backward(self, grad):
        return grad if self._scale is None else grad * self._scale

    def __repr__(self):
        return f"NoisyShift({self.strength:g})"


def make_net(sizes: Sequence[int], activation: Any = "relu", norm: str | None = None, placement: str = "before",
             dropout: float = 0.0, init: Any = "auto", seed: Any = 0, noise: float = 0.0) -> _nets.Sequential:
    """Hidden blocks Dense → [Norm] → f → [Dropout] (``placement='before'``) or Dense → f → [Norm] → [Dropout]
    (``'after'``), then a linear Dense output.

    ``norm`` is None, 'batch' or 'layer'.  ``init`` is an initialiser name, 'auto' (He for the ReLU family,
    Xavier otherwise) or a positive float gain g for :math:`\\mathcal N(0, g^2/n_{in})`.
    A Dense layer directly followed by a norm layer has no bias (the norm's β replaces it).
    ``noise > 0`` puts a :class:`NoisyShift` of that strength right after every norm layer.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError("sizes must be a sequence of layer widths such as [2, 16, 3]")
    sizes = [check_int(s, f"sizes[{i}]", low=1) for i, s in enumerate(sizes)]
    check_size(sum(a * b for a, b in zip(sizes[:-1], sizes[1:])), "sizes (weights of all layers)")
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be a name or an Activation, got {type(activation).__name__}")
    if len(sizes) < 3:
        raise ValueError(f"sizes must have at least 3 entries (n_in, hidden..., n_out), got {sizes}")
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {PLACEMENTS}, got {placement!r}")
    p = check_probability(dropout, "dropout")
    noise = check_number(noise, "noise", low=0.0)
    if noise > 0 and norm is None:
        raise ValueError("noise > 0 needs a norm layer to follow (norm='batch' or 'layer')")
    rng = make_rng(seed, "seed")
    f = _act.get(activation)
    if isinstance(init, bool):
        raise TypeError("init must be an initialiser name, 'auto' or a positive gain")
    if isinstance(init, (int, float)):
        w_init: Any = gain_init(check_number(init, "init gain", low=0.0, low_open=True))
    elif init == "auto":
        w_init = _nets.default_init(f)
    else:
        _init.get(init)
        w_init = init
    layers: list[_nets.Layer] = []
    for i in range(len(sizes) - 2):
        width = sizes[i + 1]
        before = norm is not None and placement == "before"
        layers.append(_nets.Dense(sizes[i], width, w_init, rng, bias=not before))
        block = [_nets.Activate(f)]
        if norm is not None:
            nl: list[_nets.Layer] = [_nets.BatchNorm(width) if norm == "batch" else LayerNorm(width)]
            if noise > 0:
                nl.append(NoisyShift(noise, rng))
            block[0:0] = nl if before else []
            if not before:
                block.extend(nl)
        layers.extend(block)
        if p > 0:
            layers.append(_nets.Dropout(p, rng))
    layers.append(_nets.Dense(sizes[-2], sizes[-1], "xavier_normal" if init == "auto" else w_init, rng))
    return _nets.Sequential(layers)


def saturation(model: _nets.Sequential, X: Any, training: bool = True, rel: float = 0.1) -> np.ndarray:
    r"""Per activation layer, the fraction of pre-activations z with :math:`f'(z) < \text{rel}\cdot\max f'`.

    For the sigmoid with ``rel=0.1`` that is :math:`|z| > 3.637`.  ``training=True`` makes batch
    norm use the statistics of ``X`` itself.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    rel = check_number(rel, "rel", low=0.0, high=1.0)
    if not isinstance(training, bool):
        raise TypeError(f"training must be True or False, got {training!r}")
    model.forward(_model_X(model, X, 2), training=training)
    out = []
    for layer in model.activation_layers:
        top = float(np.max(layer.act._derivative(np.array([0.0, 1e-9, 1.0]))))
        out.append(float(np.mean(layer.act._derivative(layer.z) < rel * top)))
    return np.array(out)


def normalised_spread(x0: float, batch_size: int, n_draws: int = 2000, seed: Any = 0) -> float:
    r"""Std over random batches of the normalised value :math:`\hat x_0` of one fixed value ``x0``.

    Each draw puts ``x0`` in a batch with ``batch_size - 1`` companions from :math:`\mathcal N(0,1)`
    and standardises it with the batch mean and (biased) std (ε = 0).
    """
    x0 = check_number(x0, "x0")
    B = check_int(batch_size, "batch_size", low=2, high=10**5)
    n_draws = check_int(n_draws, "n_draws", low=2, high=10**7)
    check_size(B * n_draws, "batch_size * n_draws")
    rng = make_rng(seed, "seed")
    batch = np.concatenate([np.full((n_draws, 1), x0), rng.standard_normal((n_draws, B - 1))], axis=1)
    xhat = (x0 - batch.mean(axis=1)) / batch.std(axis=1)
    return float(xhat.std())


def normalised_spread_theory(x0: float, batch_size: int) -> float:
    r"""Delta-method approximation :math:`\sqrt{(1 + x_0^2/2)/B}` of :func:`normalised_spread` for large B."""
    x0 = check_number(x0, "x0")
    B = check_int(batch_size, "batch_size", low=2)
    return float(np.sqrt((1.0 + 0.5 * x0 ** 2) / B))


@dataclass
class Run:
    """Result of one training run: the full-data loss per epoch (eval mode) and final metrics."""

    loss: np.ndarray          #: training-set loss in evaluation mode, before training and after each epoch
    train_mode_loss: float    #: final training-set loss with batch statistics of the whole set
    val_accuracy: float       #: final validation accuracy (NaN without validation data)
    diverged: bool
    model: Any = None         #: the trained network


def run(X: Any, y: Any, *, depth: int = 4, width: int = 32, activation: Any = "relu", norm: str | None = None,
        placement: str = "before", dropout: float = 0.0, init: Any = "auto", lr: float = 0.1, epochs: int = 20,
        batch_size: int | None = 32, seed: int = 0, X_val: Any = None, y_val: Any = None, noise: float = 0.0) -> Run:
    """Build :func:`make_net` ([n_in] + [width]*depth + [n_classes]) and train it with SGD on cross-entropy."""
    Xa = _matrix(X, "X", 2)
    ya = _labels(y, Xa.shape[0])
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=2)
    check_size(depth * width * width, "depth * width**2")
    seed = check_int(seed, "seed", low=0)
    k = int(ya.max()) + 1
    model = make_net([Xa.shape[1]] + [width] * depth + [k], activation, norm, placement, dropout, init, seed, noise)
    h = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed + 1000,
                     X_val=X_val, y_val=y_val)
    loss = np.array(h.loss + [np.inf] * (epochs + 1 - len(h.loss)))
    diverged = h.diverged_at is not None
    with np.errstate(all="ignore"):
        out = model.forward(Xa, training=True) if not diverged else np.full((len(ya), k), np.nan)
        tm = float(_losses.cross_entropy(out, ya)[0]) if np.all(np.isfinite(out)) else np.inf
    va = h.val_accuracy[-1] if (h.val_accuracy and not diverged) else float("nan")
    return Run(loss=loss, train_mode_loss=tm, val_accuracy=float(va), diverged=diverged, model=model)


def moment_drift(X: Any, y: Any, *, layer: int = 3, depth: int = 6, width: int = 32, activation: Any = "relu",
                 norm: str | None = None, noise: float = 0.0, lr: float = 0.1, epochs: int = 20,
                 batch_size: int = 20, seed: int = 0) -> tuple[float, float]:
    r"""Train like :func:`run` and measure how much the inputs of one activation layer move.

    After every epoch a training-mode forward pass over all of ``X`` gives, for each unit of activation
    layer ``layer`` (0-based), the mean :math:`m_j` and log standard deviation :math:`\ell_j` of its input.
    The drift of an epoch is :math:`\overline{|\Delta m_j|} + \overline{|\Delta \ell_j|}` (averages over
    units) against the previous epoch.  Returns (final training loss in evaluation mode, mean drift).
    """
    Xa = _matrix(X, "X", 2)
    ya = _labels(y, Xa.shape[0])
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    check_size(depth * width * width, "depth * width**2")
    layer = check_int(layer, "layer", low=0, high=depth - 1)
    seed = check_int(seed, "seed", low=0)
    model = make_net([Xa.shape[1]] + [width] * depth + [int(ya.max()) + 1], activation, norm, "before", 0.0,
                     "auto", seed, noise)

    def moments(training: bool) -> tuple[np.ndarray, np.ndarray]:
        with np.errstate(all="ignore"):
            model.forward(Xa, training=training)
            z = model.activation_layers[layer].z
            return z.mean(axis=0), np.log(z.std(axis=0) + 1e-12)

    state = [moments(False)]
    drifts: list[float] = []

    def record(epoch: int, m: _nets.Sequential, h: Any) -> None:
        mu, ls = moments(True)
        drifts.append(float(np.mean(np.abs(mu - state[0][0])) + np.mean(np.abs(ls - state[0][1]))))
        state[0] = (mu, ls)

    h = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed + 1000, callback=record)
    return float(h.loss[-1]) if h.diverged_at is None else float("inf"), float(np.mean(drifts)) if drifts else float("nan")


def sweep(X: Any, y: Any, name: str, values: Sequence[Any], seeds: Sequence[int] = (0, 1, 2),
          **kwargs: Any) -> list[list[Run]]:
    """Run :func:`run` for every value of the keyword ``name`` and every seed; returns runs[value][seed]."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a keyword of run() given as a string, got {type(name).__name__}")
    for seq, nm in ((values, "values"), (seeds, "seeds")):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{nm} must be a sequence, got {type(seq).__name__}")
    if len(seeds) < 1:
        raise ValueError("seeds must contain at least one seed")
    return [[run(X, y, seed=s, **{name: v}, **kwargs) for s in seeds] for v in values]


def explorer_update(batch_size: int = 32, lr: float = 0.1, depth: int = 6, epochs: int = 20, seed: int = 0,
                    n: int = 200) -> dict[str, Any]:
    """Pure update of the explorer: loss curves of the same ReLU net trained without and with batch norm.

    Data: ``n`` standardised spiral points (3 classes, seed 0).  Both nets share the seed, so they
    differ only in the batch-norm layers.  A diverged run's curve is ``inf`` from the divergence on.
    Returns ``epochs``, ``plain``, ``bn`` (eval-mode training loss per epoch) and a one-line ``summary``.
    """
    B = check_int(batch_size, "batch_size", low=2)
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    n = check_int(n, "n", low=B, high=10**5)
    depth = check_int(depth, "depth", low=1, high=100)
    X, y = _datasets.spirals(n, 3, noise=0.2, seed=0)
    X = _datasets.standardize(X)
    curves = {}
    for key, norm in (("plain", None), ("bn", "batch")):
        curves[key] = run(X, y, depth=depth, width=32, activation="relu", norm=norm, lr=lr, epochs=epochs,
                          batch_size=B, seed=seed).loss

    def fmt(c: np.ndarray) -> str:
        return f"{c[-1]:.3f}" if np.isfinite(c[-1]) else "diverged"

    summary = (f"batch {B}, lr {lr:g}: final training loss without BN {fmt(curves['plain'])}, "
               f"with BN {fmt(curves['bn'])}")
    return {"epochs": np.arange(curves["plain"].size), **curves, "summary": summary}


def variance_shift(model: _nets.Sequential, X: Any) -> np.ndarray:
    r"""For every BatchNorm layer: mean over units of Var_eval[input] / running_var.

    The numerator is the variance of the layer's input over ``X`` in evaluation mode (dropout off);
    the running variance was accumulated in training (dropout on).  A ratio below 1 means
    evaluation-mode inputs are standardised with a too-large variance ("variance shift").
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = _model_X(model, X, 2)
    layers = model._walk()
    out = []
    h = Xa
    for layer in layers:
        if isinstance(layer, _nets.BatchNorm):
            out.append(float(np.mean(h.var(axis=0, ddof=1) / layer.running_var)))
        h = layer.forward(h, training=False)
    return np.array(out)


def batch_mode_loss(model: _nets.Sequential, X: Any, y: Any, batch_size: int, seed: Any = 0) -> dict[str, float]:
    """Mean cross-entropy over a random partition of ``X`` into full batches of ``batch_size``, in both modes.

    ``train_mode``: each batch normalised with its own statistics, the loss the network sees in training;
    ``eval_mode``: the same rows with the running statistics.  Rows that do not fill a last batch are
    left out of both.  Running statistics are restored afterwards; dropout, if any, is active in
    ``train_mode``.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = _model_X(model, X, 2)
    ya = _labels(y, Xa.shape[0])
    B = check_int(batch_size, "batch_size", low=2, high=Xa.shape[0])
    bns = [l for l in model._walk() if isinstance(l, _nets.BatchNorm)]
    stats = [(b.running_mean.copy(), b.running_var.copy()) for b in bns]
    order = make_rng(seed, "seed").permutation(Xa.shape[0])
    totals = {"train_mode": 0.0, "eval_mode": 0.0}
    count = 0
    try:
        with np.errstate(all="ignore"):
            for start in range(0, Xa.shape[0] - B + 1, B):
                idx = order[start:start + B]
                for key, mode in (("train_mode", True), ("eval_mode", False)):
                    totals[key] += _losses.cross_entropy(model.forward(Xa[idx], training=mode), ya[idx])[0] * B
                count += B
    finally:
        for b, (m, v) in zip(bns, stats):
            b.running_mean, b.running_var = m, v
    return {k: v / count for k, v in totals.items()}


def landscape_probe(model: _nets.Sequential, X: Any, y: Any, steps: Sequence[float]) -> dict[str, np.ndarray]:
    r"""Loss and gradient along the full-batch gradient direction (Santurkar et al. 2018, Fig. 4).

    With :math:`g = \nabla L(\theta)` (training mode, whole ``X`` as the batch) it returns, for each
    step size η, ``loss`` :math:`L(\theta - \eta g)` and ``grad_change``
    :math:`\lVert\nabla L(\theta - \eta g) - g\rVert`.  Parameters and running statistics are restored.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = _model_X(model, X, 2)
    ya = _labels(y, Xa.shape[0])
    if isinstance(steps, (str, bytes)) or not hasattr(steps, "__len__"):
        raise TypeError(f"steps must be a sequence of step sizes, got {type(steps).__name__}")
    etas = [check_number(e, f"steps[{i}]", low=0.0) for i, e in enumerate(steps)]
    params = model.parameters()
    saved = [layer.params[k].copy() for layer, k in params]
    bns = [l for l in model._walk() if isinstance(l, _nets.BatchNorm)]
    stats = [(b.running_mean.copy(), b.running_var.copy()) for b in bns]

    def grad_at() -> tuple[float, np.ndarray]:
        with np.errstate(all="ignore"):
            value, g = _losses.cross_entropy(model.forward(Xa, training=True), ya)
            model.backward(g)
        return value, np.concatenate([layer.grads[k].ravel() for layer, k in params])

    try:
        _, g0 = grad_at()
        losses, changes = [], []
        for eta in etas:
            off = 0
            for (layer, k), p0 in zip(params, saved):
                layer.params[k][...] = p0 - eta * g0[off:off + p0.size].reshape(p0.shape)
                off += p0.size
            value, g = grad_at()
            losses.append(value)
            changes.append(float(np.linalg.norm(g - g0)))
    finally:
        for (layer, k), p0 in zip(params, saved):
            layer.params[k][...] = p0
        for b, (m, v) in zip(bns, stats):
            b.running_mean, b.running_var = m, v
    return {"steps": np.array(etas), "loss": np.array(losses), "grad_change": np.array(changes)}


def _rng_layers(model: _nets.Sequential) -> list[Any]:
    return [l for l in model._walk() if isinstance(getattr(l, "rng", None), np.random.Generator)]


def gradient_shift(model: _nets.Sequential, X: Any, y: Any, layer: int, lr: float) -> tuple[float, float]:
    r"""Internal covariate shift as defined by Santurkar et al. (2018, Definition 2.1).

    :math:`G = \nabla_{W_l} L(\theta)` is the training-mode gradient of Dense layer ``layer`` (0-based) on
    ``(X, y)``; :math:`G'` is the same gradient after every parameter of the layers *below* it took the SGD
    step :math:`\theta_k \leftarrow \theta_k - \eta \nabla_{\theta_k} L` that they take together with it.
    Returns :math:`(\lVert G - G'\rVert / \lVert G\rVert, \cos(G, G'))`.  Both passes see the same dropout
    masks and noise draws; parameters, running statistics and random states are restored afterwards.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = _model_X(model, X, 2)
    ya = _labels(y, Xa.shape[0])
    dense = model.dense_layers
    layer = check_int(layer, "layer", low=0, high=len(dense) - 1)
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    walk = model._walk()
    target = dense[layer]
    below = {id(l) for l in walk[:walk.index(target)]}
    bns = [l for l in walk if isinstance(l, _nets.BatchNorm)]
    stats = [(b.running_mean.copy(), b.running_var.copy()) for b in bns]
    rngs = [(l, l.rng.bit_generator.state) for l in _rng_layers(model)]
    params = [(l, k) for l, k in model.parameters() if id(l) in below]
    saved = [l.params[k].copy() for l, k in params]

    def gradient() -> np.ndarray:
        for l, st in rngs:
            l.rng.bit_generator.state = st
        with np.errstate(all="ignore"):
            _, g = _losses.cross_entropy(model.forward(Xa, training=True), ya)
            model.backward(g)
        return target.grads["W"].copy()

    try:
        G = gradient()
        steps = [lr * l.grads[k] for l, k in params]
        for (l, k), d in zip(params, steps):
            l.params[k] -= d
        G2 = gradient()
    finally:
        for (l, k), v in zip(params, saved):
            l.params[k][...] = v
        for b, (m, v) in zip(bns, stats):
            b.running_mean, b.running_var = m, v
        for l, st in rngs:
            l.rng.bit_generator.state = st
    nG, nG2 = float(np.linalg.norm(G)), float(np.linalg.norm(G2))
    cos = float(np.sum(G * G2) / (nG * nG2)) if nG > 0 and nG2 > 0 else float("nan")
    return (float(np.linalg.norm(G - G2)) / nG if nG > 0 else float("nan")), cos


def ics_measure(X: Any, y: Any, *, layer: int = 3, depth: int = 6, width: int = 32, activation: Any = "relu",
                norm: str | None = None, noise: float = 0.0, lr: float = 0.1, epochs: int = 20,
                batch_size: int = 20, seed: int = 0) -> dict[str, float]:
    r"""Train like :func:`run` and measure internal covariate shift at Dense layer ``layer`` after every epoch.

    * ``grad_change``, ``grad_cos``: :func:`gradient_shift` with the training learning rate (means over epochs);
    * ``input_drift``: drift of the moments of the layer's output :math:`z = hW` — the *input* of its batch
      norm, or of its activation in a plain net — in evaluation mode (running statistics, no noise):
      :math:`\overline{|\Delta m_j|} + \overline{|\Delta \log s_j|}` between consecutive epochs, averaged;
    * ``loss``: the final evaluation-mode training loss (``inf`` if the run diverged).

    Unlike :func:`moment_drift`, nothing here is fixed by construction: the normalised output of batch norm
    has its moments set by :math:`\beta, \gamma`, its input does not.
    """
    Xa = _matrix(X, "X", 2)
    ya = _labels(y, Xa.shape[0])
    depth = check_int(depth, "depth", low=1)
    layer = check_int(layer, "layer", low=0, high=depth - 1)
    seed = check_int(seed, "seed", low=0)
    model = make_net([Xa.shape[1]] + [width] * depth + [int(ya.max()) + 1], activation, norm, "before", 0.0,
                     "auto", seed, noise)
    dense = model.dense_layers[layer]

    def moments() -> tuple[np.ndarray, np.ndarray]:
        h = Xa
        with np.errstate(all="ignore"):
            for l in model._walk():
                h = l.forward(h, training=False)
                if l is dense:
                    return h.mean(axis=0), np.log(h.std(axis=0) + 1e-12)
        raise AssertionError("unreachable")

    state = [moments()]
    rec: dict[str, list[float]] = {"grad_change": [], "grad_cos": [], "input_drift": []}

    def record(epoch: int, m: _nets.Sequential, h: Any) -> None:
        change, cos = gradient_shift(m, Xa, ya, layer, lr)
        mu, ls = moments()
        rec["grad_change"].append(change)
        rec["grad_cos"].append(cos)
        rec["input_drift"].append(float(np.mean(np.abs(mu - state[0][0])) + np.mean(np.abs(ls - state[0][1]))))
        state[0] = (mu, ls)

    h = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed + 1000, callback=record)
    out = {k: float(np.mean(v)) if v else float("nan") for k, v in rec.items()}
    out["loss"] = float(h.loss[-1]) if h.diverged_at is None else float("inf")
    return out


def recompute_running_stats(model: _nets.Sequential, X: Any) -> _nets.Sequential:
    r"""Set every BatchNorm's running statistics to the population statistics of its evaluation-mode input.

    Layer by layer, in forward order: :math:`\hat\mu = \operatorname{mean}(h)`,
    :math:`\hat\sigma^2 = \operatorname{var}(h)` (unbiased) over the rows of ``X``, where :math:`h` is the
    layer's input with dropout off and the layers below already recomputed.  This removes the variance shift
    of a batch norm that follows dropout (Li et al. 2019).  Changes ``model`` in place and returns it.
    """
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    Xa = _model_X(model, X, 2)
    h = Xa
    for layer in model._walk():
        if isinstance(layer, _nets.BatchNorm):
            layer.running_mean = h.mean(axis=0)
            layer.running_var = h.var(axis=0, ddof=1)
        h = layer.forward(h, training=False)
    return model
