r"""What an activation costs: time, saturated gradients and zig-zagging updates.

Three kinds of cost, each measured rather than asserted:

* **Time** — :func:`time_callables` and :func:`activation_cost` time an activation's
  forward pass and derivative on a large array against two baselines, a plain
  memory copy (``x.copy()``) and ``np.exp(x)``, and report *ratios*: absolute
  times depend on the machine, ratios much less so.  The method (statistic,
  repeats, calls per repeat, array size, dtype) travels with the table.
* **Saturation** — :func:`saturation_threshold` finds where :math:`|f'(x)| < \varepsilon`
  (e.g. :math:`|x| > 4.59` for the logistic sigmoid at :math:`\varepsilon = 0.01`),
  :func:`saturated_fraction` how much of a Gaussian pre-activation falls there,
  and :func:`saturation_view` is the pure update function of the chapter's explorer.
* **Zig-zag** — for a linear unit :math:`\hat y = w^\top x` trained on squared error,
  the gradient of one example is :math:`\delta\,x` with the scalar
  :math:`\delta = \hat y - y`; if every :math:`x_i > 0` all components share the sign
  of :math:`\delta` (LeCun et al., 1998).  :func:`per_example_gradients`,
  :func:`same_sign_fraction`, :func:`sgd_path` and :func:`input_moment_condition`
  measure the consequences.
* **Depth** — :func:`depth_sweep` trains the same comparison (e.g. sigmoid against
  tanh) in a shallow and a deep MLP over a grid of learning rates and seeds, so that
  the rate can be tuned per model (:meth:`DepthSweep.best`) and the runs compared in
  pairs by seed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from scipy import special

from . import activations as _act
from ._validate import as_float_array, check_int, check_number, check_same_length, check_size, make_rng

__all__ = [
    "CostTable",
    "time_callables",
    "activation_cost",
    "saturation_threshold",
    "saturated_fraction",
    "saturation_view",
    "sigmoid_inputs",
    "linear_unit_loss",
    "per_example_gradients",
    "same_sign_fraction",
    "sgd_path",
    "least_squares",
    "input_moment_condition",
    "steps_to_tolerance",
    "ShiftedTanh",
    "tanh_twin",
    "DepthSweep",
    "depth_sweep",
]


# ---------------------------------------------------------------------------
# time
# ---------------------------------------------------------------------------

def time_callables(funcs: Mapping[str, Callable[[], Any]], repeats: int = 7, number: int = 3) -> dict[str, np.ndarray]:
    """Seconds per call of each zero-argument callable, one value per repeat.

    Every callable is called once to warm up; then, ``repeats`` times, each callable
    in turn is called ``number`` times in a row and the mean time per call is kept.
    Interleaving the callables within each repeat spreads slow phases of a busy
    machine over all of them instead of penalising whichever ran at that moment.
    """
    if not isinstance(funcs, Mapping) or not funcs:
        raise TypeError("funcs must be a non-empty mapping of name -> zero-argument callable")
    for k, f in funcs.items():
        if not callable(f):
            raise TypeError(f"funcs[{k!r}] must be callable, got {type(f).__name__}")
    repeats = check_int(repeats, "repeats", low=1, high=1000)
    number = check_int(number, "number", low=1, high=10**6)
    for f in funcs.values():
        f()
    out = {k: np.empty(repeats) for k in funcs}
    for r in range(repeats):
        for k, f in funcs.items():
            t0 = time.perf_counter()
            for _ in range(number):
                f()
            out[k][r] = (time.perf_counter() - t0) / number
    return out


@dataclass(frozen=True)
class CostTable:
    """Time per call of named operations, with the method used to measure it.

    ``seconds[i]`` is the ``statistic`` ("median" or "min") over ``repeats`` of the mean
    time of ``number`` consecutive calls of operation ``names[i]`` on an array of
    ``size`` elements of ``dtype``; ``spread[i]`` is the (min, max) over the repeats.
    """

    names: tuple[str, ...]
    seconds: np.ndarray
    spread: np.ndarray
    size: int
    dtype: str
    repeats: int
    number: int
    statistic: str = "median"

    def ratio(self, name: str, to: str = "copy") -> float:
        """Time of ``name`` divided by the time of ``to`` (both by ``statistic``)."""
        for n in (name, to):
            if n not in self.names:
                raise ValueError(f"name must be one of {list(self.names)}, got {n!r}")
        return float(self.seconds[self.names.index(name)] / self.seconds[self.names.index(to)])

    def ratios(self, to: str = "copy") -> dict[str, float]:
        """``{name: ratio(name, to)}`` for every operation."""
        return {n: self.ratio(n, to) for n in self.names}

    @property
    def method(self) -> str:
        return (f"{self.statistic} of {self.repeats} repeats of {self.number} calls each, interleaved, "
                f"after one warm-up call; array of {self.size:,} {self.dtype} values "
                f"drawn from N(0, 1); each operation allocates its output")

    def to_text(self, baselines: Sequence[str] = ("copy", "exp")) -> str:
        """A plain-text table: operation, time (µs) and ratio to each baseline."""
        base = [b for b in baselines if b in self.names]
        w = max(len(n) for n in self.names) + 2
        head = f"{'operation':<{w}}{self.statistic + ' µs':>11}" + "".join(f"{'÷ ' + b:>10}" for b in base)
        lines = [head, "-" * len(head)]
        for i, n in enumerate(self.names):
            row = f"{n:<{w}}{self.seconds[i] * 1e6:>11.0f}"
            row += "".join(f"{self.ratio(n, b):>10.2f}" for b in base)
            lines.append(row)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def activation_cost(
    activations: Sequence[Any] = ("sigmoid", "tanh", "relu"),
    size: int = 1_000_000,
    dtype: Any = "float64",
    repeats: int = 7,
    number: int = 3,
    derivative: bool = True,
    extra: Mapping[str, Callable[[np.ndarray], Any]] | None = None,
    seed: Any = 0,
    statistic: str = "median",
) -> CostTable:
    """Time each activation's forward pass (and derivative) against ``copy`` and ``exp``.

    The input is ``size`` standard-normal values of ``dtype`` (float32 or float64);
    the rows are ``copy`` (``x.copy()``), ``exp`` (``np.exp(x)``), then ``name`` and
    ``name'`` for each activation (the package's ``act(x)`` and ``act.derivative(x)``),
    then the ``extra`` functions of ``x``.  Only ratios carry over between machines.
    ``statistic`` summarises the repeats: "median" (typical time) or "min" (the least
    disturbed run, the better estimate on a busy machine, as :mod:`timeit` advises).
    """
    if statistic not in ("median", "min"):
        raise ValueError(f"statistic must be 'median' or 'min', got {statistic!r}")
    size = check_int(size, "size", low=1, high=10**8)
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float32 or float64, got {dtype!r}") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {dt}")
    if not isinstance(derivative, bool):
        raise TypeError(f"derivative must be True or False, got {derivative!r}")
    if isinstance(activations, (str, bytes)):
        activations = (activations,)
    acts = [_act.get(a) for a in activations]
    x = make_rng(seed, "seed").standard_normal(size).astype(dt)
    funcs: dict[str, Callable[[], Any]] = {"copy": x.copy, "exp": lambda: np.exp(x)}
    for a in acts:
        funcs[a.name] = lambda a=a: a(x)
        if derivative and a.elementwise:
            funcs[a.name + "'"] = lambda a=a: a.derivative(x)
    for k, f in (extra or {}).items():
        if k in funcs:
            raise ValueError(f"extra names must differ from {list(funcs)}, got {k!r}")
        if not callable(f):
            raise TypeError(f"extra[{k!r}] must be a callable of one array")
        funcs[k] = lambda f=f: f(x)
    t = time_callables(funcs, repeats, number)
    names = tuple(funcs)
    return CostTable(
        names=names,
        seconds=np.array([np.median(t[n]) if statistic == "median" else np.min(t[n]) for n in names]),
        spread=np.array([[t[n].min(), t[n].max()] for n in names]),
        size=size, dtype=str(dt), repeats=repeats, number=number, statistic=statistic,
    )


# ---------------------------------------------------------------------------
# saturation
# ---------------------------------------------------------------------------

def _abs_derivative(act: _act.Activation) -> Callable[[np.ndarray], np.ndarray]:
    if not act.elementwise:
        raise ValueError(f"activation must be elementwise, got {act.name!r}")
    return lambda x: np.abs(act.derivative(np.asarray(x, dtype=np.float64)))


def _bisect_edge(g: Callable[[np.ndarray], np.ndarray], a: float, b: float, eps: float) -> float:
    """Edge between a point where |f'| >= eps (a) and one where |f'| < eps (b)."""
    for _ in range(200):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        if g(np.array([m]))[0] >= eps:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def saturation_threshold(activation: Any, eps: float = 0.01, x_max: float = 50.0,
                         n_grid: int = 20001) -> tuple[float, float]:
    r"""Edges ``(left, right)`` of the saturated set :math:`\{x : |f'(x)| < \varepsilon\}`.

    The activation is saturated for ``x < left`` and for ``x > right``; a side that
    does not saturate within ``[-x_max, x_max]`` gets ``-inf`` / ``inf``.  Edges are
    located on a grid and refined by bisection (exact to float precision for
    derivatives that decay monotonically, as for sigmoid and tanh).  Closed forms:
    sigmoid :math:`\pm 2\operatorname{arccosh}(1/(2\sqrt\varepsilon))`, tanh
    :math:`\pm\operatorname{arccosh}(1/\sqrt\varepsilon)`.
    """
    act = _act.get(activation)
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    x_max = check_number(x_max, "x_max", low=0.0, low_open=True)
    n_grid = check_int(n_grid, "n_grid", low=3, high=10**7)
    g = _abs_derivative(act)
    x = np.linspace(-x_max, x_max, n_grid)
    active = g(x) >= eps
    if not active.any():
        raise ValueError(f"|f'(x)| < eps={eps} everywhere in [-{x_max}, {x_max}]: choose a smaller eps")
    i, j = int(np.argmax(active)), int(n_grid - 1 - np.argmax(active[::-1]))
    left = -math.inf if i == 0 else _bisect_edge(g, x[i], x[i - 1], eps)
    right = math.inf if j == n_grid - 1 else _bisect_edge(g, x[j], x[j + 1], eps)
    # an edge at a kink (ReLU's 0) is found to within ~1e-300; report it as the kink
    return float(round(left, 12)) + 0.0, float(round(right, 12)) + 0.0


def saturated_fraction(activation: Any, std: Any, eps: float = 0.01) -> np.ndarray:
    r"""Probability that a pre-activation :math:`z \sim N(0, \text{std}^2)` lands where :math:`|f'(z)| < \varepsilon`.

    :math:`P = \Phi(\text{left}/\text{std}) + 1 - \Phi(\text{right}/\text{std})` with the
    edges of :func:`saturation_threshold`; ``std`` may be an array.
    """
    s = as_float_array(std, "std", finite=True).astype(np.float64)
    if np.any(s <= 0):
        raise ValueError("std must be > 0")
    left, right = saturation_threshold(activation, eps)
    return special.ndtr(left / s) + special.ndtr(-right / s)


def saturation_view(activation: Any, lo: float = -6.0, hi: float = 6.0, eps: float = 0.01,
                    n: int = 601) -> dict[str, Any]:
    """Everything the saturation explorer draws, as a pure function of its controls.

    Returns ``x`` (``n`` points in ``[lo, hi]``), ``f`` and ``df`` (value and
    derivative), ``saturated`` (boolean mask of ``|df| < eps``), the edges ``left``
    and ``right`` of :func:`saturation_threshold`, ``max_abs_df`` on the window,
    ``fraction`` (share of the window that is saturated), ``name`` and ``label``, a
    short description of the saturated set such as ``"|x| > 4.58"`` or ``"x < 0"``.
    When ``eps`` exceeds :math:`\\max|f'|` (e.g. sigmoid, ``eps > 0.25``) the activation is
    saturated everywhere: ``left = inf``, ``right = -inf`` and ``label = "everywhere"``
    (no error, so the explorer's ε slider can cover its whole range).
    """
    act = _act.get(activation)
    lo = check_number(lo, "lo")
    hi = check_number(hi, "hi")
    if not hi > lo:
        raise ValueError(f"hi must be greater than lo, got lo={lo}, hi={hi}")
    eps = check_number(eps, "eps", low=0.0, low_open=True)
    n = check_int(n, "n", low=2, high=10**7)
    x = np.linspace(lo, hi, n)
    df = act.derivative(x)
    try:
        left, right = saturation_threshold(act, eps)
    except ValueError:  # eps above max |f'|: saturated everywhere (the explorer's ε slider can get there)
        left, right = math.inf, -math.inf
    sat = np.abs(df) < eps
    return {"name": act.name, "label": _describe(left, right), "x": x, "f": act(x), "df": df, "saturated": sat,
            "left": left, "right": right, "max_abs_df": float(np.max(np.abs(df))),
            "fraction": float(sat.mean())}


def _describe(left: float, right: float) -> str:
    if left > right:  # the saturated sets x < left and x > right cover the line
        return "everywhere"
    lf, rf = math.isfinite(left), math.isfinite(right)
    if lf and rf:
        if abs(left + right) < 1e-9:
            return f"|x| > {right:.3g}"
        return f"x < {left:.3g} or x > {right:.3g}"
    if lf:
        return f"x < {left:.3g}"
    if rf:
        return f"x > {right:.3g}"
    return "nowhere"


# ---------------------------------------------------------------------------
# zig-zag: a linear unit trained on squared error
# ---------------------------------------------------------------------------

def sigmoid_inputs(n: int, d: int = 2, scale: float = 2.0, centred: bool = False,
                   seed: Any = 0) -> np.ndarray:
    r"""Inputs a unit would receive from a sigmoid layer: :math:`x = \sigma(u)`, :math:`u \sim N(0, \text{scale}^2)`.

    With ``centred=True`` returns :math:`\sigma(u) - \tfrac12 = \tfrac12\tanh(u/2)`:
    the same numbers shifted to mean zero (what a tanh layer would give, up to a factor).
    """
    n = check_int(n, "n", low=1)
    d = check_int(d, "d", low=1)
    check_size(n * d, "n * d")
    scale = check_number(scale, "scale", low=0.0)
    if not isinstance(centred, bool):
        raise TypeError(f"centred must be True or False, got {centred!r}")
    u = make_rng(seed, "seed").normal(0.0, scale, size=(n, d))
    return np.tanh(u / 2) / 2 if centred else special.expit(u)


def _xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    Xa = as_float_array(X, "X", finite=True).astype(np.float64, copy=False)
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (examples, inputs), got shape {Xa.shape}")
    ya = as_float_array(y, "y", finite=True).astype(np.float64, copy=False).reshape(-1)
    check_same_length(Xa, ya, "X", "y")
    return Xa, ya


def _w(w: Any, d: int, name: str = "w") -> np.ndarray:
    wa = as_float_array(w, name, finite=True).astype(np.float64)
    if wa.shape[-1:] != (d,):
        raise ValueError(f"{name} must have last dimension {d} (one weight per input), got shape {wa.shape}")
    return wa


def linear_unit_loss(X: Any, y: Any, w: Any) -> np.ndarray:
    r"""Mean squared error :math:`L(w) = \frac{1}{2N}\sum_n (w^\top x_n - y_n)^2`.

    ``w`` of shape (d,) gives a scalar; shape (..., d) gives one loss per weight vector
    (handy for contour plots).
    """
    Xa, ya = _xy(X, y)
    wa = _w(w, Xa.shape[1])
    flat = wa.reshape(-1, Xa.shape[1])
    out = np.empty(flat.shape[0])
    chunk = max(1, 2_000_000 // max(Xa.shape[0], 1))     # bound the (weights × examples) temporary
    for i in range(0, flat.shape[0], chunk):
        r = flat[i:i + chunk] @ Xa.T - ya               # residuals, not the expanded quadratic:
        out[i:i + chunk] = 0.5 * np.mean(r * r, axis=1)  # no cancellation near the minimum
    return out.reshape(wa.shape[:-1]) if wa.ndim > 1 else out[0]


def per_example_gradients(X: Any, y: Any, w: Any) -> np.ndarray:
    r"""Rows :math:`\nabla_w \tfrac12 (w^\top x_n - y_n)^2 = \delta_n x_n`, :math:`\delta_n = w^\top x_n - y_n`."""
    Xa, ya = _xy(X, y)
    wa = _w(w, Xa.shape[1])
    if wa.ndim != 1:
        raise ValueError(f"w must be 1-D, got shape {wa.shape}")
    return (Xa @ wa - ya)[:, None] * Xa


def same_sign_fraction(G: Any) -> float:
    """Share of rows of ``G`` whose non-zero entries all have the same sign (rows of zeros excluded)."""
    Ga = as_float_array(G, "G", finite=True)
    if Ga.ndim != 2:
        raise ValueError(f"G must be 2-D (rows of gradients), got shape {Ga.shape}")
    pos = (Ga > 0).any(axis=1)
    neg = (Ga < 0).any(axis=1)
    nonzero = pos | neg
    if not nonzero.any():
        raise ValueError("G has no non-zero row")
    return float(np.mean(~(pos & neg)[nonzero]))


def least_squares(X: Any, y: Any) -> tuple[np.ndarray, float]:
    """The minimiser ``w*`` of :func:`linear_unit_loss` and the minimum loss."""
    Xa, ya = _xy(X, y)
    w, *_ = np.linalg.lstsq(Xa, ya, rcond=None)
    return w, float(linear_unit_loss(Xa, ya, w))


def input_moment_condition(X: Any) -> tuple[np.ndarray, float]:
    r"""Eigenvalues (ascending) of the Hessian :math:`H = \frac1N X^\top X` of :func:`linear_unit_loss` and its condition number.

    :math:`H = \operatorname{Cov}(x) + \bar x \bar x^\top`: a common non-zero mean
    :math:`\bar x` adds a large eigenvalue along :math:`\bar x` and makes gradient descent slow.
    """
    Xa = as_float_array(X, "X", finite=True).astype(np.float64, copy=False)
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (examples, inputs), got shape {Xa.shape}")
    if Xa.shape[0] == 0:
        raise ValueError("X must have at least one row")
    ev = np.linalg.eigvalsh(Xa.T @ Xa / Xa.shape[0])
    return ev, float(ev[-1] / ev[0]) if ev[0] > 0 else math.inf


def sgd_path(X: Any, y: Any, w0: Any, lr: float, steps: int, batch_size: int | None = 1,
             seed: Any = 0) -> np.ndarray:
    r"""Weights visited by (mini-batch) SGD on :func:`linear_unit_loss`, shape (steps + 1, d).

    Each step is :math:`w \leftarrow w - \eta\,\frac1B\sum_{n\in\text{batch}} \delta_n x_n`;
    batches are drawn by shuffling the examples every epoch.  ``batch_size=None``
    is full-batch gradient descent.
    """
    Xa, ya = _xy(X, y)
    w = _w(w0, Xa.shape[1], "w0").copy()
    if w.ndim != 1:
        raise ValueError(f"w0 must be 1-D, got shape {w.shape}")
    lr = check_number(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=0, high=10**6)
    n = Xa.shape[0]
    bs = n if batch_size is None else check_int(batch_size, "batch_size", low=1, high=n)
    rng = make_rng(seed, "seed")
    path = np.empty((steps + 1, w.size))
    path[0] = w
    order, pos = rng.permutation(n), 0
    for t in range(1, steps + 1):
        if pos + bs > n:
            order, pos = rng.permutation(n), 0
        idx = order[pos:pos + bs]
        pos += bs
        xb = Xa[idx]
        w = w - lr * (xb.T @ (xb @ w - ya[idx])) / bs
        path[t] = w
    return path


def steps_to_tolerance(X: Any, y: Any, path: Any, tol: float) -> int:
    """First step at which the excess loss L(w_t) − L(w*) is at most ``tol`` (−1 if never)."""
    Xa, ya = _xy(X, y)
    tol = check_number(tol, "tol", low=0.0, low_open=True)
    _, best = least_squares(Xa, ya)
    excess = linear_unit_loss(Xa, ya, _w(path, Xa.shape[1], "path")) - best
    hit = np.flatnonzero(np.atleast_1d(excess) <= tol)
    return int(hit[0]) if hit.size else -1


# ---------------------------------------------------------------------------
# one function, three parameterisations: tanh, shifted tanh, sigmoid
# ---------------------------------------------------------------------------

class ShiftedTanh(_act.Activation):
    r"""tanh moved up by ``shift``: :math:`f(x) = \tanh(x) + c`, same derivative as tanh.

    With ``shift=1`` the output lies in (0, 2): as non-centred as a sigmoid's, as steep as tanh.
    """

    name = "shifted_tanh"
    latex = r"f(x) = \tanh(x) + c"

    def __init__(self, shift: float = 1.0):
        self.shift = check_number(shift, "shift")

    @property
    def params(self):
        return {"shift": self.shift}

    def _forward(self, x):
        t = np.tanh(x)
        t += self.shift
        return t

    def _derivative(self, x):
        t = np.tanh(x)
        np.square(t, out=t)
        np.subtract(1.0, t, out=t)
        return t


def tanh_twin(model: Any, to: str = "sigmoid", shift: float = 1.0) -> Any:
    r"""A network that computes exactly the same function as a tanh MLP, with other hidden units.

    ``model`` must be Dense → tanh → … → Dense (as built by ``nets.mlp(sizes, 'tanh')``).

    * ``to='sigmoid'``: uses :math:`\tanh(z) = 2\sigma(2z) - 1`.  A hidden layer fed by the
      input gets :math:`(2W, 2b)`; one fed by sigmoid units :math:`s` (where the tanh net
      had :math:`h = 2s - 1`) gets :math:`(4W, 2(b - \mathbf 1^\top W))`; the linear
      output layer gets :math:`(2W, b - \mathbf 1^\top W)`.
    * ``to='shifted'``: hidden units :math:`\tanh(z) + c` (:class:`ShiftedTanh`); every
      layer fed by them gets :math:`(W, b - c\,\mathbf 1^\top W)`.

    The twin starts from the same function, so any difference in training is due to the
    parameterisation alone.  The input model is not modified.
    """
    from . import nets as _nets

    if not isinstance(model, _nets.Sequential):
        raise TypeError(f"model must be a nets.Sequential, got {type(model).__name__}")
    if not isinstance(to, str):
        raise TypeError(f"to must be 'sigmoid' or 'shifted', got {type(to).__name__}")
    if to not in ("sigmoid", "shifted"):
        raise ValueError(f"to must be 'sigmoid' or 'shifted', got {to!r}")
    c = check_number(shift, "shift")
    layers = model.layers
    ok = len(layers) % 2 == 1 and all(
        isinstance(l, _nets.Dense) if i % 2 == 0 else
        (isinstance(l, _nets.Activate) and isinstance(l.act, _act.Tanh))
        for i, l in enumerate(layers))
    if not ok or "b" not in layers[0].params:
        raise ValueError("model must alternate Dense (with bias) and tanh Activate layers and end with a Dense layer")
    out: list = []
    for i in range(0, len(layers), 2):
        W, b = layers[i].W.copy(), layers[i].b.copy()
        fed_by_units, hidden = i > 0, i + 1 < len(layers)
        if to == "sigmoid":
            if fed_by_units:          # h = 2s - 1  =>  hW + b = s(2W) + (b - 1ᵀW)
                W, b = 2 * W, b - W.sum(axis=0)
            if hidden:                # tanh(z) = 2σ(2z) - 1: feed 2z to the sigmoid
                W, b = 2 * W, 2 * b
        elif fed_by_units:            # h = u - c  =>  hW + b = uW + (b - c 1ᵀW)
            b = b - c * W.sum(axis=0)
        d = _nets.Dense(W.shape[0], W.shape[1])
        d.params["W"][...] = W
        d.params["b"][...] = b
        out.append(d)
        if hidden:
            out.append(_nets.Activate("sigmoid" if to == "sigmoid" else ShiftedTanh(c)))
    return _nets.Sequential(out)


# ---------------------------------------------------------------------------
# depth: the same comparison in a shallow and a deep network, rates tuned per model
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DepthSweep:
    r"""Training losses of a grid of (activation, depth, learning rate, seed) runs.

    For each key ``(activation, depth)``: ``final[key]`` has shape (rates, seeds) and
    holds the full-training-set loss after the last epoch, ``inf`` for a run that
    diverged (``History.diverged_at`` set); ``curves[key]`` has shape
    (rates, seeds, epochs + 1), the loss before training and after every epoch, NaN
    after a diverged run stopped.
    """

    activations: tuple[str, ...]
    depths: tuple[int, ...]
    lrs: tuple[float, ...]
    seeds: tuple[int, ...]
    epochs: int
    width: int
    init: str
    final: dict
    curves: dict

    def _key(self, activation: str, depth: int) -> tuple[str, int]:
        key = (activation, depth)
        if key not in self.final:
            raise ValueError(f"(activation, depth) must be one of {sorted(self.final)}, got {key!r}")
        return key

    def best(self, activation: str, depth: int) -> int:
        """Index of the tuned rate: the lowest mean final loss over seeds.

        A rate at which any seed diverged has mean ``inf``, so it is chosen only when
        every rate has a diverged seed; then the rate with the fewest diverged runs wins.
        """
        f = self.final[self._key(activation, depth)]
        mean = f.mean(axis=1)
        if np.all(np.isinf(mean)):
            return int(np.argmin(np.isinf(f).sum(axis=1)))
        return int(np.argmin(mean))

    def at_best(self, activation: str, depth: int) -> np.ndarray:
        """Final loss per seed at the tuned rate of ``(activation, depth)``."""
        return self.final[self._key(activation, depth)][self.best(activation, depth)].copy()

    def diverged(self, activation: str, depth: int) -> np.ndarray:
        """Number of diverged seeds at each rate, shape (rates,)."""
        return np.isinf(self.final[self._key(activation, depth)]).sum(axis=1)


def _names(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a sequence of activation names such as ('sigmoid', 'tanh'), "
                        f"got {type(value).__name__}")
    out = tuple(value)
    if not out:
        raise ValueError(f"{name} must not be empty")
    for i, a in enumerate(out):
        if not isinstance(a, str):
            raise TypeError(f"{name}[{i}] must be an activation name (a string), got {type(a).__name__}")
        _act.get(a)
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a name, got {out}")
    return out


def _seq(value: Any, name: str, item: Callable[[Any, str], Any]) -> tuple:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a sequence, got {type(value).__name__}")
    out = tuple(item(v, f"{name}[{i}]") for i, v in enumerate(value))
    if not out:
        raise ValueError(f"{name} must not be empty")
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a value, got {out}")
    return out


def depth_sweep(X: Any, y: Any, activations: Sequence[str] = ("sigmoid", "tanh"),
                depths: Sequence[int] = (1, 6), lrs: Sequence[float] = (0.1, 0.3, 1.0, 3.0, 10.0),
                seeds: Sequence[int] = (0, 1, 2), width: int = 16, epochs: int = 300,
                batch_size: int | None = None, init: str = "xavier_normal") -> DepthSweep:
    r"""Train ``nets.mlp([d, width × depth, classes], activation, init=init, seed=s)`` on (X, y).

    Every combination of activation, depth (number of hidden layers), learning rate and
    seed is trained with :func:`actbook.train.train` (cross-entropy, plain SGD,
    ``batch_size=None`` is full-batch gradient descent) for ``epochs`` epochs.  Seed
    ``s`` fixes both the initial weights and the batch order, so runs with the same seed
    are paired: the activations and depths see the same initialisation scheme, data,
    epochs and rate grid.  Use :meth:`DepthSweep.best` to tune the rate per model.
    """
    from . import nets as _nets
    from . import train as _train

    Xa = as_float_array(X, "X", finite=True)
    if Xa.ndim != 2 or Xa.shape[0] < 2:
        raise ValueError(f"X must be 2-D (examples, inputs) with at least 2 rows, got shape {Xa.shape}")
    ya = np.asarray(y)
    if ya.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {ya.dtype}")
    if ya.ndim != 1:
        raise ValueError(f"y must be 1-D (one class label per row of X), got shape {ya.shape}")
    check_same_length(Xa, ya, "X", "y")
    if ya.min() < 0:
        raise ValueError("y must hold class labels 0, 1, ..., got a negative label")
    acts = _names(activations, "activations")
    deps = _seq(depths, "depths", lambda v, n: check_int(v, n, low=1, high=50))
    rates = _seq(lrs, "lrs", lambda v, n: check_number(v, n, low=0.0, low_open=True))
    sds = _seq(seeds, "seeds", lambda v, n: check_int(v, n, low=0, high=2**32 - 1))
    width = check_int(width, "width", low=1, high=1024)
    epochs = check_int(epochs, "epochs", low=1, high=100_000)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", low=1, high=Xa.shape[0])
    if not isinstance(init, str):
        raise TypeError(f"init must be an initialisation name such as 'xavier_normal', got {type(init).__name__}")
    from . import init as _init
    _init.get(init)
    n_runs = len(acts) * len(deps) * len(rates) * len(sds)
    check_size(n_runs * (epochs + 1), "the loss curves (runs × (epochs + 1))")
    n_classes = int(ya.max()) + 1
    final, curves = {}, {}
    for act in acts:
        for depth in deps:
            f = np.empty((len(rates), len(sds)))
            c = np.full((len(rates), len(sds), epochs + 1), np.nan)
            for i, lr in enumerate(rates):
                for j, s in enumerate(sds):
                    model = _nets.mlp([Xa.shape[1]] + [width] * depth + [n_classes], act,
                                      init=init, seed=s)
                    h = _train.train(model, Xa, ya, lr=lr, epochs=epochs, batch_size=batch_size,
                                     seed=s)
                    c[i, j, :len(h.loss)] = h.loss
                    f[i, j] = np.inf if h.diverged_at is not None else h.loss[-1]
            final[act, depth], curves[act, depth] = f, c
    return DepthSweep(activations=acts, depths=deps, lrs=rates, seeds=sds, epochs=epochs,
                      width=width, init=init, final=final, curves=curves)
