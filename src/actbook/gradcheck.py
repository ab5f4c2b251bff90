r"""Finite-difference checks of derivatives and gradients.

Central differences :math:`f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}` have error
:math:`O(h^2)`; with float64 and :math:`h \approx 10^{-6}` relative errors near
:math:`10^{-8}` are typical away from kinks.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from . import losses as _losses
from ._validate import (as_float_array, check_bool, check_callable, check_model_input, check_number,
                        check_size, renamed)
from .nets import Dropout, Sequential

__all__ = ["numerical_derivative", "numerical_gradient", "relative_error", "check_model", "model_gradients"]


def numerical_derivative(f: Callable[[np.ndarray], np.ndarray], x: Any, h: float = 1e-6) -> np.ndarray:
    """Elementwise central difference of an elementwise function ``f`` at ``x`` (float64)."""
    check_callable(f, "f")
    xa = as_float_array(x, "x", finite=True).astype(np.float64)
    h = check_number(h, "h", low=0.0, low_open=True)
    return (np.asarray(f(xa + h), dtype=np.float64) - np.asarray(f(xa - h), dtype=np.float64)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x: Any, h: float = 1e-6) -> np.ndarray:
    """Gradient of a scalar function ``f`` of an array, one central difference per entry.

    ``x`` has at most 1e6 entries (2 calls of ``f`` per entry).
    """
    check_callable(f, "f")
    xa = as_float_array(x, "x", finite=True).astype(np.float64).copy()
    check_size(xa.size, "x", limit=10**6)
    h = check_number(h, "h", low=0.0, low_open=True)
    grad = np.zeros_like(xa)
    flat, gflat = xa.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = float(f(xa))
        flat[i] = old - h
        fm = float(f(xa))
        flat[i] = old
        gflat[i] = (fp - fm) / (2 * h)
    return grad


def relative_error(a: Any, b: Any, floor: float = 1e-8) -> float:
    """‖a − b‖ / max(‖a‖ + ‖b‖, floor) in the L2 norm: scale-free, 0 when equal, at most 1.

    The ``floor`` keeps two gradients that are both zero up to rounding (say 1e-17
    and 0, as for a bias followed by batch norm) from counting as a 100% error.
    """
    aa = as_float_array(a, "a").astype(np.float64)
    bb = as_float_array(b, "b").astype(np.float64)
    floor = check_number(floor, "floor", low=0.0, low_open=True)
    if np.isnan(aa).any() or np.isnan(bb).any():
        raise ValueError("a and b must not contain NaN")
    if aa.shape != bb.shape:
        raise ValueError(f"a and b must have the same shape, got {aa.shape} and {bb.shape}")
    denom = max(float(np.linalg.norm(aa) + np.linalg.norm(bb)), floor)
    return float(np.linalg.norm(aa - bb)) / denom


def _loss(loss_fn, out, y):
    """The loss of the model output with errors about ``targets`` re-named ``y``."""
    try:
        return loss_fn(out, y)
    except (TypeError, ValueError) as exc:
        raise renamed(renamed(exc, "targets", "y"), "logits", "model output") from None


def model_gradients(model: Sequential, X: Any, y: Any, loss: Any = "cross_entropy",
                    training: bool = False) -> list[np.ndarray]:
    """Backprop gradients of every parameter (copies), in ``model.parameters()`` order."""
    loss_fn = _losses.get(loss)
    Xa = check_model_input(model, X, "X")
    check_bool(training, "training")
    out = model.forward(Xa, training=training)
    _, g = _loss(loss_fn, out, y)
    model.backward(g)
    return [layer.grads[k].copy() for layer, k in model.parameters()]


def check_model(model: Sequential, X: Any, y: Any, loss: Any = "cross_entropy",
                training: bool = False, h: float = 1e-6) -> float:
    """Largest relative error between backprop and finite-difference gradients over all parameters.

    With ``training=True`` dropout masks are frozen after the first pass so the
    function being differentiated is fixed.
    """
    loss_fn = _losses.get(loss)
    Xa = check_model_input(model, X, "X")
    check_bool(training, "training")
    h = check_number(h, "h", low=0.0, low_open=True)
    dropouts = [l for l in model._walk() if isinstance(l, Dropout)]
    for d in dropouts:
        d.reuse_mask = training
    try:
        analytic = model_gradients(model, Xa, y, loss, training)
        worst = 0.0
        for (layer, k), ga in zip(model.parameters(), analytic):
            p = layer.params[k]

            def f(values, p=p):
                saved = p.copy()
                p[...] = values
                value = loss_fn(model.forward(Xa, training=training), y)[0]
                p[...] = saved
                return value

            gn = numerical_gradient(f, p.copy(), h)
            worst = max(worst, relative_error(ga, gn))
        return worst
    finally:
        for d in dropouts:
            d.reuse_mask = False
