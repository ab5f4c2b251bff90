r"""Softmax and the losses that go with each output activation.

Each loss returns ``(loss, grad)``: the mean loss over the ``N`` rows and its
gradient with respect to the network output it takes (logits or predictions),
so a network's backward pass starts from ``grad``.

* :func:`cross_entropy` — softmax + categorical cross-entropy from logits,
  :math:`L = -\frac1N \sum_n \log \operatorname{softmax}(z_n)_{y_n}`, gradient
  :math:`(p - y)/N`.
* :func:`binary_cross_entropy` — sigmoid + Bernoulli cross-entropy from logits,
  :math:`L = \frac1N\sum \left[\log(1+e^{z}) - y z\right]`, gradient
  :math:`(\sigma(z) - y)/N`.
* :func:`squared_error` — :math:`L = \frac{1}{2N}\sum_n \lVert \hat y_n - y_n\rVert^2`,
  gradient :math:`(\hat y - y)/N`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_float_array, check_nonempty, check_number, check_size
from .activations import _sigmoid, _softplus

__all__ = [
    "logsumexp",
    "softmax",
    "log_softmax",
    "one_hot",
    "cross_entropy",
    "binary_cross_entropy",
    "squared_error",
    "get",
]


def _check_axis(z: np.ndarray, axis: int) -> None:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
    if z.ndim == 0 or not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be in [-{max(z.ndim, 1)}, {max(z.ndim, 1) - 1}] for z of shape {z.shape}, got {axis}")


def _logits(z: Any, axis: int, name: str = "z") -> np.ndarray:
    """A float array with a non-empty ``axis`` and no NaN (±inf are allowed: their limits are used)."""
    a = as_float_array(z, name)
    _check_axis(a, axis)
    check_nonempty(a, name, axis)
    if np.isnan(a).any():
        raise ValueError(f"{name} must not contain NaN")
    return a


def _inf_rows(a: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """(max along axis, keepdims) and the mask of rows whose max is +inf."""
    m = np.max(a, axis=axis, keepdims=True)
    return m, np.isposinf(m)


def logsumexp(z: Any, axis: int = -1) -> np.ndarray:
    r"""Stable :math:`\log\sum_j e^{z_j} = m + \log\sum_j e^{z_j - m}` with m = max z.

    Limits: +inf if some :math:`z_j = +\infty`, -inf if all are -inf.
    """
    a = _logits(z, axis)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = np.exp(a - m).sum(axis=axis, keepdims=True)
        return np.squeeze(np.log(s) + m, axis=axis)


def softmax(z: Any, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Softmax :math:`p_j = e^{z_j/T} / \sum_k e^{z_k/T}`, computed after subtracting the max.

    ``temperature`` T > 0: T → 0 approaches the one-hot argmax, T → ∞ the uniform.
    Limits at infinite logits: the entries equal to +inf share the mass equally; a
    row of only -inf (no limit exists) raises ``ValueError``.
    """
    a = _logits(z, axis)
    t = check_number(temperature, "temperature", low=0.0, low_open=True)
    m, posinf = _inf_rows(a, axis)
    if np.isneginf(m).any():
        raise ValueError("z must not have a slice that is entirely -inf (softmax is undefined there)")
    work = a if t == 1.0 else a.astype(np.float64)  # a tiny T would round to 0 in float32
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = work - np.where(posinf, 0.0, m)  # finite rows: max subtracted first, so a tiny T cannot overflow
        if t != 1.0:
            e /= t
        np.exp(e, out=e)
    if posinf.any():
        top = np.isposinf(a).astype(a.dtype)
        e = np.where(posinf, top, e)
    e /= e.sum(axis=axis, keepdims=True)
    return e.astype(a.dtype, copy=False)


def log_softmax(z: Any, axis: int = -1) -> np.ndarray:
    r""":math:`\log \operatorname{softmax}(z)_j = z_j - \operatorname{logsumexp}(z)`, finite for huge logits.

    With +inf logits the limit is :math:`-\log k` for the k entries equal to +inf and -inf elsewhere.
    """
    a = _logits(z, axis)
    m, posinf = _inf_rows(a, axis)
    if np.isneginf(m).any():
        raise ValueError("z must not have a slice that is entirely -inf (log_softmax is undefined there)")
    lse = np.expand_dims(logsumexp(a, axis=axis), axis)
    with np.errstate(invalid="ignore"):
        out = a - lse
    if posinf.any():
        top = np.isposinf(a)
        k = top.sum(axis=axis, keepdims=True)
        with np.errstate(divide="ignore"):
            lim = np.where(top, -np.log(k), -np.inf).astype(a.dtype)
        out = np.where(posinf, lim, out)
    return out


def one_hot(labels: Any, n_classes: int) -> np.ndarray:
    """Rows of the identity: ``one_hot([2, 0], 3) == [[0,0,1],[1,0,0]]``."""
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {y.dtype}")
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer, got {n_classes!r}")
    check_size(y.size * int(n_classes), "labels.size * n_classes")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"labels must be in [0, {n_classes - 1}], got range [{y.min()}, {y.max()}]")
    out = np.zeros(y.shape + (int(n_classes),))
    np.put_along_axis(out, y[..., None].astype(np.intp), 1.0, axis=-1)
    return out


def _targets_like(logits: np.ndarray, targets: Any) -> np.ndarray:
    """Integer class labels -> one-hot rows; probability rows are checked and kept."""
    t = np.asarray(targets)
    if logits.ndim != 2:
        raise ValueError(f"logits must be 2-D (rows, classes), got shape {logits.shape}")
    if t.dtype.kind in "iu" and t.ndim == 1:
        if t.shape[0] != logits.shape[0]:
            raise ValueError(
                f"targets must have one label per row of logits ({logits.shape[0]}), got {t.shape[0]}"
            )
        if t.size and (t.min() < 0 or t.max() >= logits.shape[1]):
            raise ValueError(f"targets must be labels in [0, {logits.shape[1] - 1}] (one per column of "
                             f"logits), got range [{t.min()}, {t.max()}]")
        return one_hot(t, logits.shape[1])
    t = as_float_array(t, "targets", finite=True)
    if t.shape != logits.shape:
        raise ValueError(
            f"targets must be integer labels of shape ({logits.shape[0]},) or "
            f"probabilities of shape {logits.shape}, got shape {t.shape}"
        )
    if np.any(t < 0) or not np.allclose(t.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError("probability targets must be non-negative and each row must sum to 1")
    return t


def _match_targets(out: np.ndarray, targets: Any, out_name: str) -> np.ndarray:
    """Targets as a float array shaped like ``out``; a 1-D target vector fits an (N, 1) output."""
    y = as_float_array(targets, "targets", finite=True)
    if y.shape != out.shape:
        if y.ndim == 1 and out.ndim == 2 and out.shape[1] == 1 and y.shape[0] == out.shape[0]:
            return y[:, None]
        raise ValueError(f"targets must have the shape of {out_name} {out.shape}, got {y.shape}")
    return y


def cross_entropy(logits: Any, targets: Any) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy from logits: ``(mean loss, dL/dlogits = (p - y)/N)``.

    ``targets`` are integer labels of shape (N,) or probability rows of shape (N, K).
    """
    z = as_float_array(logits, "logits", finite=True)
    check_nonempty(z, "logits")
    y = _targets_like(z, targets)
    n = z.shape[0]
    logp = log_softmax(z, axis=1)
    loss = float(-(y * logp).sum() / n)
    grad = (np.exp(logp) - y) / n
    return loss, grad.astype(z.dtype, copy=False)


def binary_cross_entropy(logits: Any, targets: Any) -> tuple[float, np.ndarray]:
    r"""Sigmoid cross-entropy from logits: ``(mean loss, (σ(z) - y)/N)``.

    Uses :math:`-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \operatorname{softplus}(z) - y z`,
    which never takes the log of 0.  The mean is over all entries (rows × labels).
    """
    z = as_float_array(logits, "logits", finite=True)
    check_nonempty(z, "logits")
    y = _match_targets(z, targets, "logits")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("targets must be in [0, 1]")
    n = z.size
    loss = float((_softplus(z) - y * z).sum() / n)
    grad = (_sigmoid(z) - y) / n
    return loss, grad.astype(z.dtype, copy=False)


def squared_error(predictions: Any, targets: Any) -> tuple[float, np.ndarray]:
    r"""Half mean squared error over rows: ``(Σ‖ŷ − y‖²/(2N), (ŷ − y)/N)``."""
    p = as_float_array(predictions, "predictions", finite=True)
    check_nonempty(p, "predictions")
    y = _match_targets(p, targets, "predictions")
    n = p.shape[0] if p.ndim else 1
    diff = p - y
    return float(0.5 * np.square(diff).sum() / n), (diff / n).astype(p.dtype, copy=False)


_LOSSES = {
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
    "bce": binary_cross_entropy,
    "squared_error": squared_error,
    "mse": squared_error,
}


def get(name: Any):
    """Look a loss up by name (``cross_entropy``, ``binary_cross_entropy``/``bce``,
    ``squared_error``/``mse``); a callable is returned unchanged."""
    if callable(name):
        return name
    if not isinstance(name, str):
        raise TypeError(f"loss must be a loss name or a callable, got {type(name).__name__}")
    if name not in _LOSSES:
        raise ValueError(f"unknown loss {name!r}; known: {', '.join(sorted(_LOSSES))}")
    return _LOSSES[name]
