r"""Dropout as an ensemble: exact enumeration of sub-networks, MC dropout and experiment helpers.

A network whose dropout layers have :math:`n` droppable units in all defines
:math:`2^n` sub-networks that share weights, one per binary mask :math:`m`.  With
independent keep probability :math:`1 - p` a mask with :math:`k` ones has probability

.. math::  \pi(m) = (1 - p)^{k} p^{\,n - k}.

For a small network this module enumerates every mask (:func:`subnetwork_logits`) and
compares three ways to turn the sub-networks into one prediction
(:func:`inference_rules`):

* the arithmetic mean :math:`\sum_m \pi(m)\, \mathrm{softmax}(z_m)` (the "true" ensemble);
* the normalised geometric mean
  :math:`\tilde p(y) \propto \exp\big(\sum_m \pi(m) \log \mathrm{softmax}(z_m)_y\big)`;
* the weight-scaled network: the net in evaluation mode (inverted dropout is the
  identity there, which is the same as multiplying the outgoing weights by 1 - p
  under the original, unscaled convention).

The geometric mean equals the weight-scaled net exactly whenever the logits are an
affine function of each mask (a single softmax layer with dropout on its inputs, or
any linear network), because then :math:`\sum_m \pi(m) z_m = z(\mathbb{E}[m])` and the
log-normaliser does not depend on the class.

Masks are applied through the package's :class:`~actbook.nets.Dropout` layers
(``reuse_mask``), so the enumeration runs the very layers that training uses.  Every
forward pass here runs only the dropout layers in training mode; batch norm uses its
running statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import losses as _losses
from . import nets as _nets
from . import train as _train
from ._validate import as_float_array, check_int, check_model_input, check_number, check_probability, make_rng, renamed

__all__ = [
    "all_masks",
    "mask_weights",
    "dropout_layers",
    "dropout_widths",
    "forward_dropout_only",
    "subnetwork_logits",
    "arithmetic_mean",
    "geometric_mean",
    "inference_rules",
    "rule_gaps",
    "distinct_masks_bound",
    "UnscaledDropout",
    "dropout_output_moments",
    "mc_dropout_samples",
    "mc_predict",
    "unit_ablation_accuracy",
    "bn_variance_shift",
    "Run",
    "dropout_runs",
    "explorer_curves",
    "final_metrics",
    "stopping_curves",
    "early_stopping_choice",
    "paired_summary",
]

_MAX_ENUM_UNITS = 16


# ----------------------------------------------------------------------------- masks


def all_masks(n: int) -> np.ndarray:
    """All :math:`2^n` binary masks of length ``n`` as a float array of shape (2**n, n).

    Row ``i`` is the binary expansion of ``i`` (first unit = most significant bit), so
    row 0 drops every unit and the last row keeps every unit.  ``n`` is limited to 20.
    """
    n = check_int(n, "n", low=1, high=20)
    ints = np.arange(2 ** n)
    return ((ints[:, None] >> np.arange(n - 1, -1, -1)) & 1).astype(np.float64)


def mask_weights(masks: Any, p: Any) -> np.ndarray:
    r"""Probability of each mask, :math:`\pi(m) = \prod_i (1-p_i)^{m_i} p_i^{1-m_i}`.

    ``masks`` has shape (M, n) with entries 0/1; ``p`` is one drop rate in [0, 1) or one per
    column.  For all :math:`2^n` masks the weights sum to 1.
    """
    m = as_float_array(masks, "masks", finite=True)
    if m.ndim != 2:
        raise ValueError(f"masks must be 2-D (masks, units), got shape {m.shape}")
    if not np.all((m == 0) | (m == 1)):
        raise ValueError("masks must contain only 0 and 1")
    if isinstance(p, (str, bytes)) or p is None:
        raise TypeError(f"p must be a rate in [0, 1) or an array of rates, got {type(p).__name__}")
    pa = np.asarray(p, dtype=np.float64) if not np.isscalar(p) else None
    if pa is None:
        rates = np.full(m.shape[1], check_probability(p, "p"))
    else:
        if pa.shape != (m.shape[1],):
            raise ValueError(f"p must be a number or have shape ({m.shape[1]},), got {pa.shape}")
        rates = np.array([check_probability(float(v), f"p[{i}]") for i, v in enumerate(pa)])
    return np.prod(np.where(m == 1, 1.0 - rates, rates), axis=1)


def distinct_masks_bound(n_units: int, steps: int, batch_size: int) -> float:
    r"""Upper bound on the fraction of the :math:`2^n` masks that training can ever visit.

    Each training example in each step draws one mask, so at most ``steps * batch_size``
    distinct masks are seen: the fraction is at most ``steps * batch_size / 2**n_units``.
    Returned as a base-10 logarithm (the fraction itself underflows for wide nets).
    """
    n = check_int(n_units, "n_units", low=1)
    s = check_int(steps, "steps", low=1)
    b = check_int(batch_size, "batch_size", low=1)
    return float(min(np.log10(s) + np.log10(b) - n * np.log10(2.0), 0.0))


# ----------------------------------------------------------------------------- running sub-networks


def _flat_layers(model: Any) -> list:
    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be an actbook.nets.Sequential, got {type(model).__name__}")
    if any(isinstance(l, _nets.Residual) for l in model.layers):
        raise TypeError("model must be a flat Sequential (no Residual blocks) for mask enumeration")
    return list(model._walk())


def dropout_layers(model: Any) -> list[_nets.Dropout]:
    """The model's :class:`~actbook.nets.Dropout` layers with p > 0, in forward order."""
    return [l for l in _flat_layers(model) if isinstance(l, _nets.Dropout) and l.p > 0]


def forward_dropout_only(model: Any, X: Any) -> np.ndarray:
    """Forward pass with only the dropout layers in training mode (batch norm stays in eval mode)."""
    layers = _flat_layers(model)
    x = check_model_input(model, X, "X")
    for layer in layers:
        x = layer.forward(x, training=isinstance(layer, _nets.Dropout))
    return x


def dropout_widths(model: Any, n_in: int) -> list[int]:
    """Number of units each dropout layer (p > 0) sees, found by pushing one zero row through."""
    n_in = check_int(n_in, "n_in", low=1)
    dense = [l for l in _flat_layers(model) if isinstance(l, _nets.Dense)]
    if dense and dense[0].W.shape[0] != n_in:
        raise ValueError(f"n_in must be the model's input size {dense[0].W.shape[0]}, got {n_in}")
    widths = []
    x = np.zeros((1, n_in))
    for layer in _flat_layers(model):
        if isinstance(layer, _nets.Dropout):
            if layer.p > 0:
                widths.append(x.shape[1])
            continue
        x = layer.forward(x, training=False)
    return widths


def subnetwork_logits(model: Any, X: Any, masks: Any = None) -> tuple[np.ndarray, np.ndarray]:
    r"""Outputs of every sub-network: ``(logits of shape (M, N, K), weights π of shape (M,))``.

    The masks cover the units of all dropout layers (p > 0) in forward order; by default all
    :math:`2^n` of them (n at most 16).  A kept unit is scaled by 1/(1 - p) exactly as in
    training, and the same mask is used for every row of ``X``.
    """
    _flat_layers(model)
    Xa = check_model_input(model, X, "X")
    drops = dropout_layers(model)
    if not drops:
        raise ValueError("model has no dropout layer with p > 0, so there is nothing to enumerate")
    widths = dropout_widths(model, Xa.shape[1])
    n = int(sum(widths))
    if masks is None:
        if n > _MAX_ENUM_UNITS:
            raise ValueError(f"the model has {n} droppable units; enumeration allows at most {_MAX_ENUM_UNITS}")
        masks = all_masks(n)
    M = as_float_array(masks, "masks", finite=True)
    if M.ndim != 2 or M.shape[1] != n:
        raise ValueError(f"masks must have shape (M, {n}), got {M.shape}")
    rates = np.concatenate([np.full(w, d.p) for d, w in zip(drops, widths)])
    weights = mask_weights(M, rates)
    bounds = np.cumsum([0] + widths)
    out = []
    try:
        for d in drops:
            d.reuse_mask = True
        for m in M:
            for j, d in enumerate(drops):
                part = m[bounds[j]:bounds[j + 1]] / (1.0 - d.p)
                d.mask = np.broadcast_to(part, (Xa.shape[0], widths[j])).copy()
            out.append(forward_dropout_only(model, Xa))
    finally:
        for d in drops:
            d.reuse_mask = False
            d.mask = None
    return np.stack(out), weights


def arithmetic_mean(logits: Any, weights: Any) -> np.ndarray:
    r"""Ensemble average of probabilities, :math:`\sum_m \pi(m)\, \mathrm{softmax}(z_m)`."""
    z, w = _check_ensemble(logits, weights)
    return np.tensordot(w, _losses.softmax(z, axis=-1), axes=1) / w.sum()


def geometric_mean(logits: Any, weights: Any) -> np.ndarray:
    r"""Normalised weighted geometric mean of the members' softmax outputs.

    :math:`\tilde p(y) = \exp\big(\sum_m \pi(m) \log p_m(y)\big) / \sum_{y'} \exp\big(\sum_m \pi(m) \log p_m(y')\big)`,
    computed as a softmax of the averaged log-probabilities (stable for any logits).
    """
    z, w = _check_ensemble(logits, weights)
    avg_logp = np.tensordot(w, _losses.log_softmax(z, axis=-1), axes=1) / w.sum()
    return _losses.softmax(avg_logp, axis=-1)


def _check_ensemble(logits: Any, weights: Any) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(logits, "logits", finite=True)
    w = as_float_array(weights, "weights", finite=True)
    if z.ndim != 3:
        raise ValueError(f"logits must have shape (members, rows, classes), got {z.shape}")
    if w.shape != (z.shape[0],):
        raise ValueError(f"weights must have shape ({z.shape[0]},), got {w.shape}")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return z, w


def inference_rules(model: Any, X: Any, masks: Any = None) -> dict[str, np.ndarray]:
    """Class probabilities (N, K) under the three rules: 'arithmetic', 'geometric', 'weight_scaled'."""
    z, w = subnetwork_logits(model, X, masks)
    ws = _losses.softmax(model.forward(np.asarray(X, dtype=np.float64), training=False), axis=-1)
    return {"arithmetic": arithmetic_mean(z, w), "geometric": geometric_mean(z, w), "weight_scaled": ws}


def rule_gaps(probs: dict[str, np.ndarray], y: Any = None) -> dict[str, float]:
    """Largest absolute differences between the rules' probabilities (and accuracies if ``y`` is given)."""
    need = ("arithmetic", "geometric", "weight_scaled")
    if not isinstance(probs, dict) or any(k not in probs for k in need):
        raise ValueError(f"probs must be a dict with keys {need}")
    a, g, s = (np.asarray(probs[k]) for k in need)
    out = {"geo_vs_scaled": float(np.max(np.abs(g - s))),
           "arith_vs_scaled": float(np.max(np.abs(a - s))),
           "arith_vs_geo": float(np.max(np.abs(a - g)))}
    if y is not None:
        ya = np.asarray(y)
        if ya.dtype.kind not in "iu" or ya.shape != (a.shape[0],):
            raise ValueError(f"y must be integer class labels of shape ({a.shape[0]},), got {ya.dtype} {ya.shape}")
        for k in need:
            out[f"acc_{k}"] = float(np.mean(np.asarray(probs[k]).argmax(axis=1) == ya))
    return out


# ----------------------------------------------------------------------------- scaling


class UnscaledDropout(_nets.Dropout):
    """Dropout *without* the 1/(1 - p) factor in training (the original convention or a bug).

    Training: keep each unit with probability 1 - p, no rescaling, so E[output] = (1 - p)·x.
    Evaluation: multiply by ``eval_scale``.  ``eval_scale = 1 - p`` is the original
    "weight scaling" rule of Srivastava et al. (2014); ``eval_scale = 1`` is the bug of
    forgetting the scaling altogether.
    """

    def __init__(self, p: float = 0.5, rng: Any = 0, eval_scale: float = 1.0):
        super().__init__(p, rng)
        self.eval_scale = check_number(eval_scale, "eval_scale", low=0.0, high=1.0, low_open=True)

    def forward(self, x, training=False):
        if not training or self.p == 0.0:
            self.mask = None if self.eval_scale == 1.0 else np.full(x.shape, self.eval_scale)
            return x * self.eval_scale
        if not (self.reuse_mask and self.mask is not None and self.mask.shape == x.shape):
            self.mask = (self.rng.random(x.shape) >= self.p).astype(np.float64)
        return x * self.mask

    def __repr__(self):
        return f"UnscaledDropout(p={self.p}, eval_scale={self.eval_scale})"


def dropout_output_moments(x: Any, p: float, n_samples: int = 10_000, seed: Any = 0) -> dict[str, np.ndarray]:
    r"""Measured and exact mean/variance of inverted dropout applied to a fixed vector ``x``.

    Exact: :math:`\mathbb{E}[m x/(1-p)] = x` and :math:`\operatorname{Var} = x^2\, p/(1-p)`.
    Measured over ``n_samples`` draws of :class:`~actbook.nets.Dropout`.
    """
    xa = as_float_array(x, "x", finite=True).astype(np.float64).ravel()
    p = check_probability(p, "p")
    n_samples = check_int(n_samples, "n_samples", low=2, high=10**7)
    d = _nets.Dropout(p, make_rng(seed, "seed"))
    draws = d.forward(np.broadcast_to(xa, (n_samples, xa.size)).copy(), training=True)
    return {"mean": draws.mean(axis=0), "var": draws.var(axis=0, ddof=1),
            "mean_exact": xa.copy(), "var_exact": xa ** 2 * p / (1.0 - p)}


# ----------------------------------------------------------------------------- MC dropout


def mc_dropout_samples(model: Any, X: Any, n_samples: int = 100, seed: Any = 0) -> np.ndarray:
    """Outputs of ``n_samples`` random sub-networks, shape (T, N, K) (dropout on, batch norm in eval).

    The dropout layers draw from a generator seeded by ``seed``; their own generators
    are restored afterwards, so sampling does not change later training.
    """
    n_samples = check_int(n_samples, "n_samples", low=1, high=10**5)
    drops = dropout_layers(model)
    if not drops:
        raise ValueError("model has no dropout layer with p > 0: MC dropout would return identical samples")
    rng = make_rng(seed, "seed")
    saved = [d.rng for d in drops]
    try:
        for d in drops:
            d.rng = rng
        out = np.stack([forward_dropout_only(model, X) for _ in range(n_samples)])
    finally:
        for d, r in zip(drops, saved):
            d.rng = r
            d.mask = None
    return out


def mc_predict(samples: Any) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation over the first axis of MC samples (T, N, K) -> (N, K), (N, K)."""
    s = as_float_array(samples, "samples", finite=True)
    if s.ndim != 3 or s.shape[0] < 2:
        raise ValueError(f"samples must have shape (T >= 2, rows, outputs), got {s.shape}")
    return s.mean(axis=0), s.std(axis=0, ddof=1)


# ----------------------------------------------------------------------------- co-adaptation


def unit_ablation_accuracy(model: Any, X: Any, y: Any, fraction: float, n_repeats: int = 20,
                           seed: Any = 0, layer: int = 0) -> np.ndarray:
    """Test accuracy after removing a random ``fraction`` of the units of hidden layer ``layer``.

    Removed units output 0 and survivors are multiplied by 1/(1 - fraction), so the layer's
    expected output is unchanged (the same correction inverted dropout applies).  Returns
    the ``n_repeats`` accuracies, one per random choice of removed units.
    """
    layers = _flat_layers(model)
    acts = [i for i, l in enumerate(layers) if isinstance(l, _nets.Activate)]
    layer = check_int(layer, "layer", low=0, high=max(len(acts) - 1, 0))
    if not acts:
        raise ValueError("model has no hidden activation layer")
    f = check_number(fraction, "fraction", low=0.0, high=1.0, high_open=True)
    n_repeats = check_int(n_repeats, "n_repeats", low=1, high=10**5)
    Xa = check_model_input(model, X, "X")
    ya = np.asarray(y)
    if ya.dtype.kind not in "iu" or ya.shape != (Xa.shape[0],):
        raise ValueError(f"y must be integer class labels of shape ({Xa.shape[0]},), got {ya.dtype} {ya.shape}")
    rng = make_rng(seed, "seed")
    where = acts[layer]
    accs = []
    for _ in range(n_repeats):
        x = Xa
        for i, l in enumerate(layers):
            x = l.forward(x, training=False)
            if i == where:
                k = int(round(f * x.shape[1]))
                keep = np.ones(x.shape[1])
                keep[rng.choice(x.shape[1], size=k, replace=False)] = 0.0
                x = x * keep / (1.0 - f)
        accs.append(float(np.mean(x.argmax(axis=1) == ya)))
    return np.array(accs)


# ----------------------------------------------------------------------------- batch norm


def bn_variance_shift(p: float, width: int = 64, n: int = 256, steps: int = 300, seed: Any = 0) -> dict[str, float]:
    r"""Variance shift when dropout feeds batch norm (Li et al. 2019).

    Network: Dense(8, width) → ReLU → Dropout(p) → Dense(width, width) → BatchNorm.  Running
    ``steps`` training-mode passes on fresh Gaussian batches fills the batch-norm running
    variance with the *training* (dropout-on) variance; in evaluation dropout is off and
    the variance entering batch norm is smaller.  Returns the mean ratio
    ``eval variance / running variance`` and the standard deviation of batch norm's
    evaluation output (1 if there were no shift).
    """
    p = check_probability(p, "p")
    width = check_int(width, "width", low=2, high=10**4)
    n = check_int(n, "n", low=2, high=10**6)
    steps = check_int(steps, "steps", low=1, high=10**6)
    rng = make_rng(seed, "seed")
    pre = _nets.Sequential([_nets.Dense(8, width, "he_normal", rng), _nets.Activate("relu"),
                            _nets.Dropout(p, rng), _nets.Dense(width, width, "xavier_normal", rng, bias=False)])
    bn = _nets.BatchNorm(width, momentum=0.05)
    for _ in range(steps):
        bn.forward(pre.forward(rng.normal(size=(n, 8)), training=True), training=True)
    X = rng.normal(size=(4 * n, 8))
    z_eval = pre.forward(X, training=False)
    out = bn.forward(z_eval, training=False)
    return {"var_ratio": float(np.mean(z_eval.var(axis=0) / bn.running_var)),
            "eval_output_std": float(np.mean(out.std(axis=0)))}


# ----------------------------------------------------------------------------- regularisation experiment


@dataclass
class Run:
    """One training run: its drop rate, seed, history and trained model."""

    p: float
    seed: int
    history: _train.History
    model: _nets.Sequential = field(repr=False)


def dropout_runs(X: Any, y: Any, X_test: Any, y_test: Any, rates: Sequence[float], seeds: Sequence[int],
                 hidden: Sequence[int] = (128, 128), activation: str = "relu", epochs: int = 100,
                 lr: float = 0.05, batch_size: int = 32, momentum: float = 0.9,
                 input_dropout: float = 0.0) -> list[Run]:
    """Train one ``mlp`` per (rate, seed) with dropout ``rate`` after every hidden layer.

    Seed ``s`` fixes both the initial weights and the mini-batch order, so two runs with
    the same seed and different rates start from the same weights.  With
    ``input_dropout > 0`` a dropout layer is also put on the inputs (rate fixed, not swept).
    """
    Xa = as_float_array(X, "X", finite=True)
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (rows, features), got shape {Xa.shape}")
    if Xa.shape[0] == 0:
        raise ValueError("X must have at least one row")
    ya, yt = np.asarray(y), np.asarray(y_test)
    for arr, nm, rows in ((ya, "y", Xa.shape[0]), (yt, "y_test", None)):
        if arr.dtype.kind not in "iu" or arr.ndim != 1 or arr.size == 0 or (rows is not None and arr.size != rows):
            raise ValueError(f"{nm} must be non-empty integer class labels"
                             + (f" of shape ({rows},)" if rows is not None else "") + f", got {arr.dtype} {arr.shape}")
    for seq, nm in ((rates, "rates"), (seeds, "seeds"), (hidden, "hidden")):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{nm} must be a sequence, got {type(seq).__name__}")
    k = int(max(ya.max(), yt.max())) + 1
    rates = [check_probability(r, f"rates[{i}]") for i, r in enumerate(rates)]
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not rates or not seeds:
        raise ValueError("rates and seeds must be non-empty")
    hidden = [check_int(h, f"hidden[{i}]", low=1) for i, h in enumerate(hidden)]
    pin = check_probability(input_dropout, "input_dropout")
    runs = []
    for p in rates:
        for s in seeds:
            model = _nets.mlp([Xa.shape[1], *hidden, k], activation, seed=s, dropout=p)
            if pin > 0:
                model = _nets.Sequential([_nets.Dropout(pin, 10_000 + s), *model.layers])
            try:
                hist = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size,
                                    momentum=momentum, seed=s, X_val=X_test, y_val=y_test)
            except (TypeError, ValueError) as exc:
                raise renamed(renamed(exc, "X_val", "X_test"), "y_val", "y_test") from None
            runs.append(Run(p, s, hist, model))
    return runs


def _check_runs(runs: Any) -> None:
    if isinstance(runs, (str, bytes)) or not hasattr(runs, "__len__"):
        raise TypeError(f"runs must be a list of Run (from dropout_runs), got {type(runs).__name__}")
    if not runs:
        raise ValueError("runs must be a non-empty list of Run")
    for i, r in enumerate(runs):
        if not isinstance(r, Run):
            raise TypeError(f"runs[{i}] must be a Run (from dropout_runs), got {type(r).__name__}")


def explorer_curves(runs: Sequence[Run], p: float) -> dict[str, np.ndarray]:
    """The explorer's pure update: mean and std over seeds of the curves of the runs with rate ``p``.

    Returns arrays indexed by epoch: ``epoch``, ``train_loss``, ``test_loss``, ``train_acc``,
    ``test_acc`` (means) and ``*_std`` (standard deviations over seeds), plus ``rate``.
    """
    _check_runs(runs)
    p = check_probability(p, "p")
    rates = sorted({r.p for r in runs})
    sel = [r for r in runs if np.isclose(r.p, p)]
    if not sel:
        raise ValueError(f"p must be one of the computed rates {rates}, got {p}")
    out: dict[str, np.ndarray] = {"rate": np.array(p)}
    series = {"train_loss": "loss", "test_loss": "val_loss", "train_acc": "accuracy", "test_acc": "val_accuracy"}
    for key, attr in series.items():
        a = np.array([getattr(r.history, attr) for r in sel], dtype=np.float64)
        out[key] = a.mean(axis=0)
        out[key + "_std"] = a.std(axis=0)
    out["epoch"] = np.arange(out["train_loss"].size)
    return out


def final_metrics(runs: Sequence[Run], last: int = 10) -> dict[float, dict[str, tuple[float, float]]]:
    """Per rate: (mean, std over seeds) of the final train/test loss, accuracy and the gaps.

    "Final" is the average over the last ``last`` epochs, which smooths epoch-to-epoch noise.
    The loss gap is test − train loss; the accuracy gap is train − test accuracy.
    """
    _check_runs(runs)
    last = check_int(last, "last", low=1)
    res: dict[float, dict[str, tuple[float, float]]] = {}
    for p in sorted({r.p for r in runs}):
        rows = []
        for r in runs:
            if r.p != p:
                continue
            h = r.history
            tl, vl = np.mean(h.loss[-last:]), np.mean(h.val_loss[-last:])
            ta, va = np.mean(h.accuracy[-last:]), np.mean(h.val_accuracy[-last:])
            rows.append([tl, vl, ta, va, vl - tl, ta - va])
        a = np.array(rows)
        names = ["train_loss", "test_loss", "train_acc", "test_acc", "loss_gap", "acc_gap"]
        res[p] = {k: (float(a[:, i].mean()), float(a[:, i].std())) for i, k in enumerate(names)}
    return res


# ----------------------------------------------------------------------------- fair comparison of regularisers


def stopping_curves(X: Any, y: Any, X_val: Any, y_val: Any, X_test: Any, y_test: Any, *,
                    seeds: Sequence[int], dropout: float = 0.0, weight_decay: float = 0.0,
                    hidden: Sequence[int] = (64, 64), epochs: int = 200, lr: float = 0.05,
                    batch_size: int = 20, momentum: float = 0.9) -> dict[str, np.ndarray]:
    """Train one ReLU ``mlp`` per seed and record validation and test curves after every epoch.

    Dropout ``dropout`` after every hidden layer and L2 weight decay ``weight_decay`` (the
    trainer's coefficient) are the two regularisers; seed ``s`` fixes the initial weights
    and the batch order, so runs that share a seed differ only in the regulariser.
    Returns arrays of shape (seeds, epochs + 1), epoch 0 first: ``val_loss``,
    ``test_loss`` and ``test_acc``, all in evaluation mode.
    """
    Xa = as_float_array(X, "X", finite=True)
    if Xa.ndim != 2 or Xa.shape[0] == 0:
        raise ValueError(f"X must be 2-D (rows, features) with at least one row, got shape {Xa.shape}")
    for arr, nm, rows in ((y, "y", Xa.shape[0]), (y_val, "y_val", None), (y_test, "y_test", None)):
        arr = np.asarray(arr)
        if arr.dtype.kind not in "iu" or arr.ndim != 1 or arr.size == 0 or (rows is not None and arr.size != rows) \
                or arr.min() < 0:
            raise ValueError(f"{nm} must be non-empty, non-negative integer class labels"
                             + (f" of shape ({rows},)" if rows is not None else "") + f", got {arr.dtype} {arr.shape}")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of non-negative int seeds, got {type(seeds).__name__}")
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not seeds:
        raise ValueError("seeds must be non-empty")
    p = check_probability(dropout, "dropout")
    wd = check_number(weight_decay, "weight_decay", low=0.0)
    epochs = check_int(epochs, "epochs", low=1)
    k = int(max(np.max(y), np.max(y_val), np.max(y_test))) + 1
    out: dict[str, list] = {"val_loss": [], "test_loss": [], "test_acc": []}
    for s in seeds:
        model = _nets.mlp([Xa.shape[1], *hidden, k], "relu", seed=s, dropout=p)
        test: list[tuple[float, float]] = [_train.evaluate(model, X_test, y_test)]

        def record(epoch: int, m: _nets.Sequential, h: _train.History) -> None:
            test.append(_train.evaluate(m, X_test, y_test))

        h = _train.train(model, Xa, y, lr=lr, epochs=epochs, batch_size=batch_size, momentum=momentum,
                         weight_decay=wd, seed=s, X_val=X_val, y_val=y_val, callback=record)
        if h.diverged_at is not None:
            raise RuntimeError(f"seed {s} diverged at epoch {h.diverged_at}; lower lr")
        out["val_loss"].append(h.val_loss)
        out["test_loss"].append([t[0] for t in test])
        out["test_acc"].append([t[1] for t in test])
    return {key: np.array(v, dtype=np.float64) for key, v in out.items()}


def early_stopping_choice(val_loss: Any, test_loss: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Early stopping chosen on the validation set: per row, :math:`e^* = \arg\min_e` val_loss[e].

    Returns (the chosen epochs, the test losses at them).  The test set never takes part in
    the choice, so the returned test loss is an honest estimate for the stopped network.
    """
    v = as_float_array(val_loss, "val_loss", finite=True)
    t = as_float_array(test_loss, "test_loss", finite=True)
    if v.ndim != 2 or v.shape != t.shape or v.size == 0:
        raise ValueError(f"val_loss and test_loss must be 2-D of the same shape, got {v.shape} and {t.shape}")
    e = np.argmin(v, axis=1)
    return e, t[np.arange(t.shape[0]), e]


def paired_summary(a: Any, b: Any) -> dict[str, float]:
    r"""Paired comparison of two settings run on the same seeds: :math:`d_i = a_i - b_i`.

    Returns the mean and sample standard deviation of :math:`d`, the number of seeds with
    :math:`d_i > 0` (``n_pos``) of ``n``, the paired t statistic
    :math:`t = \bar d / (s_d/\sqrt n)` and its two-sided p-value (``p_value``, NaN when
    :math:`s_d = 0`).
    """
    aa, bb = as_float_array(a, "a", finite=True), as_float_array(b, "b", finite=True)
    if aa.ndim != 1 or aa.shape != bb.shape or aa.size < 2:
        raise ValueError(f"a and b must be 1-D of the same length >= 2, got {aa.shape} and {bb.shape}")
    from scipy import stats

    d = aa - bb
    sd = float(d.std(ddof=1))
    t = float(d.mean() / (sd / np.sqrt(d.size))) if sd > 0 else float("nan")
    pv = float(2 * stats.t.sf(abs(t), d.size - 1)) if sd > 0 else float("nan")
    return {"mean": float(d.mean()), "sd": sd, "n_pos": int(np.sum(d > 0)), "n": int(d.size),
            "t": t, "p_value": pv}
