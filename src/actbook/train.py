"""Mini-batch SGD training that records a history.

:func:`train` runs plain or momentum SGD with optional gradient-norm clipping and
weight decay, and returns a :class:`History`: the full-training-set loss and
accuracy before training and after every epoch (so ``len(history.loss) ==
epochs_run + 1``), the same on validation data if given, and optionally the
per-layer weight-gradient norms averaged over each epoch's mini-batches.

**Divergence.** A run *diverges* when its loss blows up, not only when it becomes
NaN: the run stops, and ``history.diverged_at`` is the epoch at which it happened,
as soon as

* a mini-batch loss, the epoch's full-training-set loss, or a parameter is
  non-finite, or
* a mini-batch loss or the epoch's loss exceeds ``blowup`` times the initial
  full-training-set loss (default :data:`BLOWUP` = 10).

The factor 10 is far above the noise of a healthy run (whose loss falls below
its start, and whose mini-batch losses scatter within a factor 2–3 of it), and
far below the 1e6–1e100 that a run which explodes reaches.  Because mini-batch
losses are checked too, a run that blows up inside an epoch and "recovers" to a
constant output (dead units, saturated logits) is still reported as diverged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import losses as _losses
from ._validate import (as_float_array, check_bool, check_callable, check_int, check_model_input,
                        check_number, check_same_length, make_rng, renamed)
from .nets import BatchNorm, Sequential

__all__ = ["BLOWUP", "History", "is_blowup", "train", "evaluate", "predict_labels", "sgd_step", "clip_by_norm"]


BLOWUP = 10.0
"""Default blow-up factor: a loss above ``BLOWUP`` x the initial loss counts as diverged."""

MAX_EPOCHS = 10**6  # an upper bound on ``epochs`` so a typo cannot loop for days


def _batches(order: np.ndarray, bs: int, merge_single: bool) -> list[np.ndarray]:
    """Consecutive index batches of ``order``; with ``merge_single`` a last batch of one
    row is merged into the batch before it (batch norm needs at least 2 rows)."""
    out = [order[i:i + bs] for i in range(0, order.shape[0], bs)]
    if merge_single and len(out) > 1 and out[-1].shape[0] == 1:
        out[-2:] = [np.concatenate(out[-2:])]
    return out


def is_blowup(loss: float, initial: float, blowup: float = BLOWUP) -> bool:
    """True when ``loss`` is non-finite or exceeds ``blowup * initial`` (the divergence rule)."""
    for value, name in ((loss, "loss"), (initial, "initial")):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{name} must be a real number (NaN/inf allowed), got {type(value).__name__}")
    check_number(blowup, "blowup", low=1.0, low_open=True)
    return _is_blowup(loss, initial, blowup)


def _is_blowup(loss: float, initial: float, blowup: float) -> bool:
    return not np.isfinite(loss) or (initial > 0 and loss > blowup * initial)


@dataclass
class History:
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    grad_norms: list[np.ndarray] = field(default_factory=list)
    diverged_at: int | None = None

    @property
    def epochs(self) -> int:
        return max(len(self.loss) - 1, 0)

    def grad_norm_array(self) -> np.ndarray:
        """Per-epoch, per-layer gradient norms as an array of shape (epochs, layers)."""
        return np.array(self.grad_norms)


def _loss_name(loss: Any) -> str | None:
    for name, f in _losses._LOSSES.items():
        if f is loss or name == loss:
            return {"bce": "binary_cross_entropy", "mse": "squared_error"}.get(name, name)
    return None


def predict_labels(model: Sequential, X: Any, loss: Any = "cross_entropy") -> np.ndarray:
    """Class labels: argmax of the logits (cross-entropy) or logit > 0 (binary)."""
    _losses.get(loss)
    Xa = check_model_input(model, X, "X")
    out = model.forward(Xa, training=False)
    if _loss_name(loss) == "binary_cross_entropy":
        return (out[:, 0] > 0).astype(int) if out.shape[1] == 1 else (out > 0).astype(int)
    return out.argmax(axis=1)


def evaluate(model: Sequential, X: np.ndarray, y: np.ndarray, loss: Any = "cross_entropy") -> tuple[float, float]:
    """(loss, accuracy) on a data set in evaluation mode; accuracy is NaN for regression.

    A model whose output is not finite gets loss inf (and accuracy NaN).
    """
    loss_fn = _losses.get(loss)
    Xa = check_model_input(model, X, "X")
    y = _check_y(y, Xa, "y", "X")
    return _evaluate(model, Xa, y, loss, loss_fn, "y")


def _check_y(y: Any, Xa: np.ndarray, name: str, x_name: str) -> np.ndarray:
    ya = np.asarray(y)
    if ya.dtype == object or ya.dtype.kind not in "biuf":
        raise TypeError(f"{name} must contain numbers (integer labels or float targets), got dtype {ya.dtype}")
    if ya.dtype.kind == "f" and not np.all(np.isfinite(ya)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    if ya.ndim == 0:
        raise ValueError(f"{name} must have one entry per row of {x_name}, got a scalar")
    check_same_length(Xa, ya, x_name, name)
    return ya


def _evaluate(model, X, y, loss, loss_fn, y_name="y"):
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.forward(X, training=False)
        if not np.all(np.isfinite(out)):
            return float("inf"), float("nan")
        try:
            value, _ = loss_fn(out, y)
        except (TypeError, ValueError) as exc:
            raise renamed(renamed(exc, "targets", y_name), "logits", "model output") from None
    name = _loss_name(loss)
    if name == "cross_entropy":
        yy = np.asarray(y)
        labels = yy.argmax(axis=1) if yy.ndim == 2 else yy  # probability rows or labels
        acc = float(np.mean(out.argmax(axis=1) == labels))
    elif name == "binary_cross_entropy":
        yy = np.asarray(y).reshape(out.shape)
        acc = float(np.mean((out > 0) == (yy > 0.5)))
    else:
        acc = float("nan")
    return value, acc


def clip_by_norm(grads: list[np.ndarray], max_norm: float) -> float:
    """Scale all gradients in place so their joint L2 norm is at most ``max_norm``; return the norm before.

    ``max_norm`` must be a positive finite number; the gradients must be finite arrays.
    """
    max_norm = check_number(max_norm, "max_norm", low=0.0, low_open=True)
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list of numpy arrays, got {type(grads).__name__}")
    for i, g in enumerate(grads):
        if not isinstance(g, np.ndarray) or g.dtype.kind != "f":
            raise TypeError(f"grads[{i}] must be a float numpy array (it is scaled in place)")
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grads[{i}] must be finite (no NaN or inf)")
    return _clip_by_norm(grads, max_norm)


def _clip_by_norm(grads: list[np.ndarray], max_norm: float) -> float:
    total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
    if total > max_norm:
        for g in grads:
            g *= max_norm / total
    return total


def sgd_step(model: Sequential, lr: float, momentum: float = 0.0, velocity: dict | None = None,
             weight_decay: float = 0.0, clip_norm: float | None = None) -> None:
    """One in-place (momentum) SGD update from the gradients stored by ``model.backward``.

    ``lr`` > 0, ``momentum`` in [0, 1), ``weight_decay`` >= 0, ``clip_norm`` > 0 or None.
    With ``momentum > 0`` pass the same dict as ``velocity`` on every step (it keeps
    the running update per parameter).
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be a Sequential (e.g. from actbook.nets.mlp), got {type(model).__name__}")
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    weight_decay = check_number(weight_decay, "weight_decay", low=0.0)
    if clip_norm is not None:
        clip_norm = check_number(clip_norm, "clip_norm", low=0.0, low_open=True)
    if velocity is None and momentum:
        raise TypeError("velocity must be a dict (e.g. velocity = {}, reused on every step) when momentum > 0")
    if velocity is not None and not isinstance(velocity, dict):
        raise TypeError(f"velocity must be a dict or None, got {type(velocity).__name__}")
    _sgd_step(model, lr, momentum, velocity, weight_decay, clip_norm)


def _sgd_step(model: Sequential, lr: float, momentum: float, velocity: dict | None,
              weight_decay: float, clip_norm: float | None) -> None:
    params = model.parameters()
    grads = [layer.grads[k] for layer, k in params]
    if clip_norm is not None:
        _clip_by_norm(grads, clip_norm)
    for (layer, k), g in zip(params, grads):
        p = layer.params[k]
        if weight_decay and k == "W":
            g = g + weight_decay * p
        if momentum:
            v = velocity.setdefault((id(layer), k), np.zeros_like(p))
            v *= momentum
            v -= lr * g
            p += v
        else:
            p -= lr * g


def train(
    model: Sequential,
    X: Any,
    y: Any,
    *,
    loss: Any = "cross_entropy",
    lr: float = 0.1,
    epochs: int = 100,
    batch_size: int | None = 32,
    momentum: float = 0.0,
    weight_decay: float = 0.0,
    clip_norm: float | None = None,
    seed: Any = 0,
    X_val: Any = None,
    y_val: Any = None,
    record_grad_norms: bool = False,
    callback: Callable[[int, Sequential, History], None] | None = None,
    blowup: float = BLOWUP,
) -> History:
    """Train ``model`` in place with mini-batch SGD and return its :class:`History`.

    ``loss``: 'cross_entropy' (integer labels), 'binary_cross_entropy' (0/1 targets,
    one logit per label) or 'squared_error'.  ``batch_size=None`` means full batch.
    ``callback(epoch, model, history)`` runs after every epoch.  If the model has a
    :class:`~actbook.nets.BatchNorm` layer and the last mini-batch of an epoch would
    hold a single row (batch statistics of one row are undefined), that row is merged
    into the batch before it, so every example is still used once per epoch (the
    frameworks' alternative, dropping it, would skip it).  ``blowup``: the
    divergence factor (see the module docstring): the run stops as diverged when a
    loss is non-finite or exceeds ``blowup`` times the initial loss.
    """
    Xa = check_model_input(model, X, "X")
    ya = _check_y(y, Xa, "y", "X")
    loss_fn = _losses.get(loss)
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    epochs = check_int(epochs, "epochs", low=0, high=MAX_EPOCHS)
    n = Xa.shape[0]
    bs = n if batch_size is None else check_int(batch_size, "batch_size", low=1)
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    weight_decay = check_number(weight_decay, "weight_decay", low=0.0)
    if clip_norm is not None:
        clip_norm = check_number(clip_norm, "clip_norm", low=0.0, low_open=True)
    blowup = check_number(blowup, "blowup", low=1.0, low_open=True)
    rng = make_rng(seed, "seed")
    check_bool(record_grad_norms, "record_grad_norms")
    if callback is not None:
        check_callable(callback, "callback")
    has_val = X_val is not None
    if has_val:
        Xv = check_model_input(model, X_val, "X_val")
        if y_val is None:
            raise TypeError("y_val must be given together with X_val")
        yv = _check_y(y_val, Xv, "y_val", "X_val")
    elif y_val is not None:
        raise TypeError("X_val must be given together with y_val")
    has_bn = any(isinstance(l, BatchNorm) for l in model._walk())
    if has_bn and n < 2:
        raise ValueError(f"X must have at least 2 rows to train a model with BatchNorm, got {n}")
    if has_bn and bs < 2:
        raise ValueError("batch_size must be at least 2 for a model with BatchNorm (batch statistics of "
                         "one row are undefined)")

    hist = History()

    def record() -> bool:
        l, a = _evaluate(model, Xa, ya, loss_fn, loss_fn, "y")
        hist.loss.append(l)
        hist.accuracy.append(a)
        if has_val:
            vl, va = _evaluate(model, Xv, yv, loss_fn, loss_fn, "y_val")
            hist.val_loss.append(vl)
            hist.val_accuracy.append(va)
        return bool(np.isfinite(l))

    record()
    initial = hist.loss[0]
    if not np.isfinite(initial):
        hist.diverged_at = 0
        return hist
    velocity: dict = {}
    # the gradient w.r.t. the inputs is never used here: skip it when the model's
    # backward is Sequential's own (a subclass or a patched instance is called as is)
    if getattr(model.backward, "__func__", None) is Sequential.backward:
        def backward(g):
            model.backward(g, input_grad=False)
    else:
        backward = model.backward
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        norms = []
        blew_up = False
        with np.errstate(over="ignore", invalid="ignore"):
            for idx in _batches(order, bs, merge_single=has_bn):
                out = model.forward(Xa[idx], training=True)
                if not np.all(np.isfinite(out)):
                    blew_up = True
                    break
                batch_loss, g = loss_fn(out, ya[idx])
                if _is_blowup(batch_loss, initial, blowup) or not np.all(np.isfinite(g)):
                    blew_up = True
                    break
                backward(g)
                if record_grad_norms:
                    norms.append(model.grad_norms())
                _sgd_step(model, lr, momentum, velocity, weight_decay, clip_norm)
        if record_grad_norms and norms:
            hist.grad_norms.append(np.mean(norms, axis=0))
        finite_params = all(np.all(np.isfinite(l.params[k])) for l, k in model.parameters())
        record()
        if blew_up or not finite_params or _is_blowup(hist.loss[-1], initial, blowup):
            hist.diverged_at = epoch
            break
        if callback is not None:
            callback(epoch, model, hist)
    return hist
