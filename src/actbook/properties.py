r"""Properties of activation functions, measured numerically from the package's objects.

Nothing here is typed in by hand: every entry of the properties table is computed
from an :class:`actbook.activations.Activation` (its value and its derivative), so
the table cannot drift from the code.  What each column means and how it is measured:

==============  ===============================================================
range           inf and sup of f on a wide grid (|x| ≤ 10⁴); an end that still
                grows by more than 1 between |x| = 10³ and 10⁴ is ±∞; a bracket is
                closed when the extreme is reached at some |x| ≤ 10, open when it
                is only approached in the limit
monotone        f is non-decreasing on the grid (differences ≥ −1e-12)
C¹              f' is continuous: the largest jump of f' between neighbouring
                points of [-10, 10] shrinks when the grid is refined tenfold
                (a jump discontinuity of f' does not shrink)
mean            :math:`\mathbb E[f(Z)]`, :math:`Z \sim N(0, 1)` (quadrature)
zero-centred    :math:`|\mathbb E f(Z)| \le 0.1 \sqrt{\mathbb E f(Z)^2}`
saturates       side(s) where :math:`|f'(x)| < 10^{-6}` at :math:`x = \mp 100`;
                "hard" when f' is exactly 0 already at :math:`x = \mp 5`
max |f'|        :math:`\sup_x |f'(x)|` (grid search refined by a 1-D maximiser)
cost            CPU time of f(x) and f'(x) on a large float64 array, divided by the
                same time for ReLU (a ratio: absolute times depend on the machine)
==============  ===============================================================

Maxout is not elementwise; its row is measured on k = 2 pieces (see :func:`maxout_properties`).
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np
from scipy import optimize

from . import activations as _act
from ._validate import as_float_array, check_int, check_number, renamed

__all__ = [
    "Interval",
    "holm",
    "value_range",
    "is_monotone",
    "derivative_jump",
    "is_c1",
    "gaussian_moments",
    "saturation",
    "derivative_bound",
    "minimum",
    "max_difference",
    "relative_cost",
    "best_time",
    "paired_differences",
    "properties",
    "maxout_properties",
    "PropertyTable",
    "property_table",
    "TABLE_ORDER",
    "explorer_curves",
    "BETA_ACTIVATIONS",
    "training_comparison",
    "epochs_to_target",
    "SimpleTable",
    "comparison_table",
]

_WIDE = 1e4       # the grid reaches |x| = 1e4
_NEAR = 10.0      # the dense part of the grid is [-10, 10]
_ATTAIN = _NEAR    # an extreme reached within |x| <= 10 counts as attained (ReLU6: 6 at x = 6)
_HARD = 5.0       # f' exactly 0 at ∓5 makes a saturating side "hard"
_ATOL = 1e-12


def _get(activation: Any, params: dict) -> _act.Activation:
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be a name or an Activation, got {type(activation).__name__}")
    act = _act.get(activation, **params)
    if not act.elementwise:
        raise ValueError(f"activation must be elementwise, got {act.name!r}; use maxout_properties for maxout")
    return act


def _grid(dense: int = 20001) -> np.ndarray:
    """Dense points on [-10, 10] plus log-spaced points out to ±1e4, sorted."""
    tail = np.logspace(1, 4, 301)
    return np.unique(np.concatenate([-tail, np.linspace(-_NEAR, _NEAR, dense), tail]))


@dataclass(frozen=True)
class Interval:
    """A real interval; ``low_closed``/``high_closed`` say whether the end is attained."""

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    def __str__(self) -> str:
        def fmt(v: float) -> str:
            if math.isinf(v):
                return "∞" if v > 0 else "−∞"
            s = f"{v:.3g}"
            return s.replace("-", "−")
        lo = ("[" if self.low_closed else "(") + fmt(self.low)
        hi = fmt(self.high) + ("]" if self.high_closed else ")")
        return f"{lo}, {hi}"


def value_range(activation: Any, **params: Any) -> Interval:
    """The range {f(x)} estimated on |x| ≤ 1e4, with unbounded ends reported as ±∞.

    Interior extremes (e.g. the dip of GELU) are refined with a bounded 1-D minimiser.
    """
    act = _get(activation, params)
    x = _grid()
    f = act(x)
    near = np.abs(x) <= _ATTAIN
    ends = {}
    for side, sign in (("low", 1.0), ("high", -1.0)):
        g = sign * f                       # minimise g: low end of f, or -(high end)
        gmin = float(np.min(g))
        edges = [j for j in (0, len(x) - 1) if g[j] <= gmin + _ATOL]
        if edges:                          # the extreme is approached at ±1e4: a limit or unbounded
            edge = x[edges[0]]
            decade = sign * float(act(np.array([edge / 10.0]))[0])
            if decade - gmin > 1.0:
                ends[side] = (-sign * np.inf, False)
            else:
                ends[side] = (sign * gmin, bool(np.min(g[near]) <= gmin + _ATOL))
            continue
        i = int(np.argmin(g))              # an interior extreme: refine it
        res = optimize.minimize_scalar(lambda t: sign * float(act(np.array([t]))[0]),
                                       bounds=(x[i - 1], x[i + 1]), method="bounded",
                                       options={"xatol": 1e-10})
        ends[side] = (sign * min(gmin, float(res.fun)), True)
    return Interval(ends["low"][0], ends["high"][0], ends["low"][1], ends["high"][1])


def is_monotone(activation: Any, **params: Any) -> bool:
    """True if f is non-decreasing on the wide grid (up to rounding, 1e-12·(1+|f|))."""
    act = _get(activation, params)
    f = act(_grid())
    return bool(np.all(np.diff(f) >= -1e-12 * (1.0 + np.abs(f[1:]))))


def derivative_jump(activation: Any, n: int = 2001, **params: Any) -> float:
    """Largest |f'(x_{i+1}) − f'(x_i)| over ``n`` equally spaced points of [-10, 10]."""
    act = _get(activation, params)
    n = check_int(n, "n", low=3, high=10**7)
    d = act.derivative(np.linspace(-_NEAR, _NEAR, n))
    return float(np.max(np.abs(np.diff(d))))


def is_c1(activation: Any, **params: Any) -> bool:
    r"""Derivative-continuity test on [-10, 10].

    If f' is continuous (and piecewise C¹) the largest jump between neighbours is
    about :math:`h \max|f''|` and falls tenfold when the spacing h does; a jump
    discontinuity of size J keeps the largest jump at J or more on every grid.
    """
    coarse = derivative_jump(activation, 2001, **params)
    fine = derivative_jump(activation, 20001, **params)
    return bool(fine <= 0.3 * coarse + 1e-12)


def gaussian_moments(activation: Any, **params: Any) -> tuple[float, float]:
    r"""(:math:`\mathbb E f(Z)`, :math:`\sqrt{\mathbb E f(Z)^2}`) for :math:`Z \sim N(0,1)`.

    Trapezoidal quadrature of :math:`f(x)\varphi(x)` on [-12, 12] with spacing 5e-4
    (error far below 1e-6 even for kinked f).
    """
    act = _get(activation, params)
    x = np.linspace(-12.0, 12.0, 48001)
    w = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    f = act(x)
    mean = float(np.trapezoid(f * w, x))
    rms = float(math.sqrt(np.trapezoid(f * f * w, x)))
    return mean, rms


def saturation(activation: Any, **params: Any) -> str:
    """'none', 'left', 'right' or 'both': where f'(x) → 0 (|f'(∓100)| < 1e-6).

    A side is 'hard' (e.g. 'left (hard)') when f' is exactly zero already at ∓5.
    """
    act = _get(activation, params)
    d_far = np.abs(act.derivative(np.array([-100.0, 100.0])))
    d_near = np.abs(act.derivative(np.array([-_HARD, _HARD])))
    sides = []
    for j, side in enumerate(("left", "right")):
        if d_far[j] < 1e-6:
            sides.append(side + (" (hard)" if d_near[j] == 0.0 else ""))
    if not sides:
        return "none"
    if len(sides) == 2:
        hard = [s.endswith("(hard)") for s in sides]
        return "both (hard)" if all(hard) else "both"
    return sides[0]


def derivative_bound(activation: Any, **params: Any) -> float:
    """sup |f'(x)| over x: grid search on [-10, 10] refined by a bounded 1-D maximiser.

    Beyond |x| = 10 every activation in the package has |f'| ≤ its value at ±10
    (checked on the wide grid as well).
    """
    act = _get(activation, params)
    x = _grid()
    d = np.abs(act.derivative(x))
    i = int(np.argmax(d))
    best = float(d[i])
    if 0 < i < len(x) - 1:
        res = optimize.minimize_scalar(lambda t: -abs(float(act.derivative(np.array([t]))[0])),
                                       bounds=(x[i - 1], x[i + 1]), method="bounded",
                                       options={"xatol": 1e-12})
        best = max(best, -float(res.fun))
    return best


def minimum(activation: Any, bounds: Sequence[float] = (-10.0, 10.0), **params: Any) -> tuple[float, float]:
    """(x*, f(x*)): the global minimiser of f on ``bounds`` (grid search, then a bounded 1-D minimiser).

    For non-monotone activations such as GELU, SiLU and Mish this is the bottom of the dip.
    """
    act = _get(activation, params)
    if isinstance(bounds, (str, bytes)) or not hasattr(bounds, "__len__") or len(bounds) != 2:
        raise TypeError(f"bounds must be (low, high), got {bounds!r}")
    lo = check_number(bounds[0], "bounds[0]")
    hi = check_number(bounds[1], "bounds[1]")
    if not lo < hi:
        raise ValueError(f"bounds must satisfy low < high, got {bounds!r}")
    x = np.linspace(lo, hi, 20001)
    f = act(x)
    i = int(np.argmin(f))
    a, b = x[max(i - 1, 0)], x[min(i + 1, len(x) - 1)]
    res = optimize.minimize_scalar(lambda t: float(act(np.array([t]))[0]), bounds=(a, b),
                                   method="bounded", options={"xatol": 1e-12})
    if res.fun <= f[i]:
        return float(res.x), float(res.fun)
    return float(x[i]), float(f[i])


def max_difference(a: Any, b: Any, bounds: Sequence[float] = (-10.0, 10.0), n: int = 200001,
                   derivative: bool = False) -> tuple[float, float]:
    """(max |f_a(x) − f_b(x)|, argmax x) on ``n`` points of ``bounds``; f' instead with ``derivative``.

    ``a`` and ``b`` are activation names/objects or any vectorised callables.
    """
    if isinstance(bounds, (str, bytes)) or not hasattr(bounds, "__len__") or len(bounds) != 2:
        raise TypeError(f"bounds must be (low, high), got {bounds!r}")
    lo = check_number(bounds[0], "bounds[0]")
    hi = check_number(bounds[1], "bounds[1]")
    if not lo < hi:
        raise ValueError(f"bounds must satisfy low < high, got {bounds!r}")
    n = check_int(n, "n", low=2, high=10**7)
    if not isinstance(derivative, bool):
        raise TypeError(f"derivative must be True or False, got {derivative!r}")
    x = np.linspace(lo, hi, n)

    def ev(f: Any) -> np.ndarray:
        if isinstance(f, (str, _act.Activation)):
            act = _get(f, {})
            return act.derivative(x) if derivative else act(x)
        if derivative:
            raise TypeError("derivative=True needs activation names or objects, not callables")
        if not callable(f):
            raise TypeError(f"a and b must be activation names, Activation objects or callables, got {type(f).__name__}")
        return np.asarray(f(x), dtype=float)

    diff = np.abs(ev(a) - ev(b))
    i = int(np.argmax(diff))
    return float(diff[i]), float(x[i])


def best_time(fn: Any, repeats: int = 5) -> float:
    """Smallest CPU time (``time.process_time``) of ``repeats`` calls of ``fn()``, in seconds.

    CPU time rather than wall-clock time, and the minimum rather than the mean, so that
    other processes on a busy machine disturb the measurement as little as possible.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    repeats = check_int(repeats, "repeats", low=1, high=10**4)
    best = np.inf
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return max(best, 1e-9)


def relative_cost(activation: Any, baseline: Any = "relu", n: int = 2 ** 20, repeats: int = 5,
                  seed: int = 0, **params: Any) -> float:
    """Time of f(x) + f'(x) on ``n`` float64 N(0, 4) values divided by the baseline's time.

    CPU time, best of ``repeats`` runs each (see :func:`best_time`).  A ratio, not a
    time: absolute times vary by machine and load.
    For maxout (k pieces) the input has k·n entries, so both produce n outputs.
    """
    n = check_int(n, "n", low=1000, high=10**8)
    repeats = check_int(repeats, "repeats", low=1, high=1000)
    rng = np.random.default_rng(check_int(seed, "seed", low=0))
    x = rng.normal(0.0, 2.0, size=n)
    act = _act.get(activation, **params)
    base = _get(baseline, {})

    def run(a: _act.Activation):
        if a.elementwise:
            return lambda: (a(x), a.derivative(x))
        xk = rng.normal(0.0, 2.0, size=n * a.k)
        g = np.ones(n)
        return lambda: (a(xk), a.backward(xk, g))

    return best_time(run(act), repeats) / best_time(run(base), repeats)


def properties(activation: Any, timing: bool = True, **params: Any) -> dict[str, Any]:
    """All measured properties of one elementwise activation, as a dict (one table row)."""
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be a name or an Activation, got {type(activation).__name__}")
    if not isinstance(timing, bool):
        raise TypeError(f"timing must be True or False, got {timing!r}")
    act = _act.get(activation, **params)
    if not act.elementwise:
        return maxout_properties(k=act.k, timing=timing)
    mean, rms = gaussian_moments(act)
    f0, d0 = float(act(np.array([0.0]))[0]), float(act.derivative(np.array([0.0]))[0])
    row = {
        "name": act.name,
        "range": value_range(act),
        "monotone": is_monotone(act),
        "C1": is_c1(act),
        "f(0)": f0,
        "f'(0)": d0,
        "mean": mean,
        "zero_centred": bool(abs(mean) <= 0.1 * rms),
        "saturates": saturation(act),
        "max|f'|": derivative_bound(act),
    }
    if timing:
        row["cost"] = relative_cost(act)
    return row


def maxout_properties(k: int = 2, timing: bool = True, seed: int = 0) -> dict[str, Any]:
    r"""The same columns for maxout :math:`h = \max_j z_j` over k i.i.d. pieces.

    Range and monotonicity are those of h as a function of its k inputs (each input
    can be anything, so the range is ℝ; h is non-decreasing in every input).  C¹ is
    tested on ∂h/∂z₁ along the line z = (t, 0, …, 0), which crosses the tie z₁ = z₂.
    The mean is :math:`\mathbb E\max_j Z_j = \int x\,k\varphi(x)\Phi(x)^{k-1}dx`.
    The gradient with respect to the pieces is one-hot, so max |∂h/∂z| = 1 and h
    never saturates (but the k − 1 losing pieces get no gradient on that example).
    """
    k = check_int(k, "k", low=2, high=100)
    if not isinstance(timing, bool):
        raise TypeError(f"timing must be True or False, got {timing!r}")
    act = _act.get("maxout", k=k)
    rng = np.random.default_rng(check_int(seed, "seed", low=0))
    z = rng.normal(size=(1000, k)) * 3
    dz = np.abs(rng.normal(size=(1000, k)))
    monotone = bool(np.all(act(z + dz) >= act(z)))

    def dh_dz1(n: int) -> np.ndarray:
        t = np.linspace(-_NEAR, _NEAR, n)
        pts = np.zeros((n, k))
        pts[:, 0] = t
        return act.backward(pts, np.ones((n, 1)))[:, 0]

    jumps = [float(np.max(np.abs(np.diff(dh_dz1(m))))) for m in (2001, 20001)]
    from scipy import special
    x = np.linspace(-12.0, 12.0, 48001)
    pdf = k * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi) * (0.5 * (1 + special.erf(x / math.sqrt(2)))) ** (k - 1)
    mean = float(np.trapezoid(x * pdf, x))
    rms = float(math.sqrt(np.trapezoid(x * x * pdf, x)))
    row = {
        "name": f"maxout (k={k})",
        "range": Interval(-np.inf, np.inf, False, False),
        "monotone": monotone,
        "C1": bool(jumps[1] <= 0.3 * jumps[0] + 1e-12),
        "f(0)": float(act(np.zeros((1, k)))[0, 0]),
        "f'(0)": float("nan"),
        "mean": mean,
        "zero_centred": bool(abs(mean) <= 0.1 * rms),
        "saturates": "none",
        "max|f'|": float(np.max(np.abs(act.backward(z, np.ones((1000, 1)))))),
    }
    if timing:
        row["cost"] = relative_cost(act)
    return row


class PropertyTable:
    """Rows of :func:`properties`; shows as an HTML table in Jupyter and as Markdown in text."""

    columns = ["name", "range", "monotone", "C1", "f(0)", "f'(0)", "mean", "zero_centred",
               "saturates", "max|f'|", "cost"]
    headers = {"name": "activation", "range": "range", "monotone": "monotone", "C1": "C¹",
               "f(0)": "f(0)", "f'(0)": "f′(0)", "mean": "E f(Z)", "zero_centred": "zero-centred",
               "saturates": "saturates", "max|f'|": "max |f′|", "cost": "cost ÷ ReLU"}

    def __init__(self, rows: Iterable[dict[str, Any]]):
        self.rows = list(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> dict[str, Any]:
        """The row of the activation called ``name`` (maxout rows start with 'maxout')."""
        for r in self.rows:
            if r["name"] == name or r["name"].split(" ")[0] == name:
                return r
        raise KeyError(f"no row named {name!r}; rows: {[r['name'] for r in self.rows]}")

    def column(self, key: str) -> list[Any]:
        if key not in self.columns:
            raise KeyError(f"unknown column {key!r}; columns: {self.columns}")
        return [r.get(key) for r in self.rows]

    @staticmethod
    def _cell(key: str, v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            if math.isnan(v):
                return "–"
            if key == "cost":
                return f"{v:.1f}"
            return f"{v:.3g}".replace("-", "−") if abs(v) >= 5e-4 else "0"
        return str(v)

    def _visible(self) -> list[str]:
        return [c for c in self.columns if any(c in r for r in self.rows)]

    def to_markdown(self) -> str:
        cols = self._visible()
        lines = ["| " + " | ".join(self.headers[c] for c in cols) + " |",
                 "|" + "|".join("---" for _ in cols) + "|"]
        for r in self.rows:
            lines.append("| " + " | ".join(self._cell(c, r.get(c)) for c in cols) + " |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = self._visible()
        head = "".join(f"<th>{html.escape(self.headers[c])}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(self._cell(c, r.get(c)))}</td>" for c in cols) + "</tr>"
            for r in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


#: Default row order of :func:`property_table`: the book's chapters (other names follow, sorted).
TABLE_ORDER = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu",
               "maxout", "softplus", "gelu", "gelu_tanh", "silu", "mish", "hard_sigmoid", "hard_swish")


def property_table(names: Sequence[str] | None = None, timing: bool = True) -> PropertyTable:
    """The properties table for ``names`` (default: every registered activation), one row each.

    Activations with parameters use their defaults (PReLU α = 0.25, RReLU in evaluation
    mode, ELU α = 1, softplus and SiLU β = 1, maxout k = 2).
    """
    if names is None:
        known = [n for n in TABLE_ORDER if n in _act.names()]
        names = known + [n for n in _act.names() if n not in known]
    if isinstance(names, str):
        raise TypeError("names must be a list of activation names, not a single string")
    if not isinstance(timing, bool):
        raise TypeError(f"timing must be True or False, got {timing!r}")
    return PropertyTable(properties(n, timing=timing) for n in names)


#: Activations whose explorer curve depends on the slider β.
BETA_ACTIVATIONS = ("softplus", "silu")


def explorer_curves(names: Sequence[str], beta: float = 1.0, x: Any = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    r"""The explorer's update: {name: (f(x), f'(x))} for the chosen activations.

    ``beta`` (in (0, 20]) is passed to softplus :math:`\frac1\beta\log(1+e^{\beta x})` and
    SiLU/Swish :math:`x\sigma(\beta x)`; other activations ignore it.  ``x`` defaults
    to 601 points on [-5, 5].
    """
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError("names must be a list of activation names such as ['gelu', 'silu']")
    names = list(names)
    if not names:
        raise ValueError("names must contain at least one activation name")
    beta = check_number(beta, "beta", low=0.0, high=20.0, low_open=True)
    xs = np.linspace(-5.0, 5.0, 601) if x is None else as_float_array(x, "x", finite=True)
    out = {}
    for name in names:
        params = {"beta": beta} if str(name).lower() in BETA_ACTIVATIONS else {}
        act = _get(name, params)
        out[str(name)] = (act(xs), act.derivative(xs))
    return out


def epochs_to_target(losses: Sequence[float], target: float) -> float:
    """First epoch whose training loss is ≤ ``target`` (0 = before training); inf if never."""
    target = check_number(target, "target", low=0.0, low_open=True)
    l = as_float_array(losses, "losses")
    if l.ndim != 1:
        raise ValueError(f"losses must be 1-D (one loss per epoch), got shape {l.shape}")
    hit = np.nonzero(l <= target)[0]
    return float(hit[0]) if hit.size else float("inf")


def training_comparison(X: Any, y: Any, X_test: Any, y_test: Any, activations: Sequence[Any],
                        hidden: Sequence[int] = (16, 16), seeds: Sequence[int] = (0, 1, 2),
                        epochs: int = 100, lr: float = 0.5, batch_size: int = 32,
                        target_loss: float = 0.3, init: str = "he_normal") -> list[dict[str, Any]]:
    """Train the same MLP with each activation and each seed; one dict per activation.

    For a given seed every activation starts from the *same* initial weights
    (``init`` is shared) and sees the same mini-batches, so the comparison is paired.
    Each dict holds the per-seed arrays ``test_acc``, ``epochs`` (to reach
    ``target_loss`` on the training set; inf if never) and ``diverged`` (bool, the
    :mod:`actbook.train` blow-up rule), and their summaries.
    An entry of ``activations`` may be a list (one activation per hidden layer).
    """
    from . import nets, train  # local import: nets imports activations, not us

    for seq, nm in ((seeds, "seeds"), (hidden, "hidden"), (activations, "activations")):
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{nm} must be a sequence, got {type(seq).__name__}")
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    if not activations:
        raise ValueError("activations must contain at least one activation")
    hidden = [check_int(h, f"hidden[{i}]", low=1) for i, h in enumerate(hidden)]
    Xa = as_float_array(X, "X", finite=True)
    if Xa.ndim != 2 or Xa.shape[0] == 0:
        raise ValueError(f"X must be 2-D (rows, features) with at least one row, got shape {Xa.shape}")
    ya = np.asarray(y)
    if ya.dtype.kind not in "iu" or ya.shape != (Xa.shape[0],):
        raise ValueError(f"y must be integer class labels of shape ({Xa.shape[0]},), got {ya.dtype} {ya.shape}")
    n_out = int(np.max(ya)) + 1
    rows = []
    for a in activations:
        accs, eps, div = [], [], []
        for s in seeds:
            model = nets.mlp([Xa.shape[1], *hidden, n_out], a, init=init, seed=s)
            try:
                h = train.train(model, Xa, y, lr=lr, epochs=epochs, batch_size=batch_size, seed=s,
                                X_val=X_test, y_val=y_test)
            except (TypeError, ValueError) as exc:
                raise renamed(renamed(exc, "X_val", "X_test"), "y_val", "y_test") from None
            accs.append(h.val_accuracy[-1])
            eps.append(epochs_to_target(h.loss, target_loss))
            div.append(h.diverged_at is not None)
        accs, eps = np.array(accs), np.array(eps)
        label = "→".join(a) if isinstance(a, (list, tuple)) else str(a)
        rows.append({"activation": label, "test_acc": accs, "epochs": eps,
                     "acc_mean": float(accs.mean()), "acc_std": float(accs.std(ddof=1)) if len(accs) > 1 else 0.0,
                     "acc_min": float(accs.min()), "acc_max": float(accs.max()),
                     "reached": int(np.isfinite(eps).sum()), "diverged": np.array(div),
                     "epochs_median": float(np.median(eps))})
    return rows


class SimpleTable:
    """A table of strings: HTML in Jupyter, Markdown as text."""

    def __init__(self, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
        self.headers = [str(h) for h in headers]
        self.rows = [[str(c) for c in r] for r in rows]
        for i, r in enumerate(self.rows):
            if len(r) != len(self.headers):
                raise ValueError(f"rows[{i}] must have {len(self.headers)} cells, got {len(r)}")

    def to_markdown(self) -> str:
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "|".join("---" for _ in self.headers) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return self.to_markdown()


def comparison_table(rows: Sequence[dict[str, Any]]) -> SimpleTable:
    """Summarise :func:`training_comparison`: accuracy mean ± std (min–max) and epochs to target."""
    def ep(v: float) -> str:
        return "never" if not np.isfinite(v) else f"{v:.0f}"

    if isinstance(rows, (str, bytes, dict)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be a list of dicts from training_comparison, got {type(rows).__name__}")
    keys = ("activation", "epochs", "acc_mean", "acc_std", "acc_min", "acc_max", "epochs_median", "reached")
    for i, r in enumerate(rows):
        if not isinstance(r, dict) or any(k not in r for k in keys):
            raise TypeError(f"rows[{i}] must be a dict from training_comparison (keys {', '.join(keys)})")
    out = []
    for r in rows:
        e = np.asarray(r["epochs"], dtype=float)
        fin = e[np.isfinite(e)]
        spread = f"{ep(fin.min())}–{ep(e.max())}" if fin.size else "–"
        out.append([r["activation"], f"{r['acc_mean']:.3f} ± {r['acc_std']:.3f}",
                    f"{r['acc_min']:.3f}–{r['acc_max']:.3f}", ep(r["epochs_median"]), spread,
                    f"{r['reached']}/{len(e)}"])
    return SimpleTable(["activation", "test accuracy (mean ± std)", "min–max", "epochs to target (median)",
                        "min–max", "runs reaching target"], out)


def paired_differences(rows: Sequence[dict[str, Any]], baseline: str = "relu",
                       key: str = "test_acc") -> list[dict[str, Any]]:
    r"""Paired comparison of every row of :func:`training_comparison` with ``baseline``.

    For row r and seed i, :math:`d_i = r_i - \text{baseline}_i` (same seed, same
    initial weights, same mini-batches).  Returns, per non-baseline row: ``mean`` and
    ``sd`` (ddof=1) of the :math:`d_i`, ``n_up`` / ``n_down`` (seeds where r is higher /
    lower), ``p`` (two-sided paired t-test, :math:`t = \bar d / (s_d/\sqrt n)`, n-1 degrees
    of freedom; NaN when all :math:`d_i` are equal) and ``p_holm`` (Holm's step-down
    adjustment over all rows returned, which controls the family-wise error rate).
    """
    from scipy import stats

    if not isinstance(key, str):
        raise TypeError(f"key must be a string such as 'test_acc', got {key!r}")
    if not isinstance(baseline, str):
        raise TypeError(f"baseline must be an activation name (a string), got {baseline!r}")
    if isinstance(rows, (str, bytes, dict)) or not hasattr(rows, "__iter__"):
        raise TypeError(f"rows must be a list of dicts from training_comparison, got {type(rows).__name__}")
    rows = list(rows)
    if not rows:
        raise ValueError("rows must not be empty")
    for i, r in enumerate(rows):
        if not isinstance(r, dict) or "activation" not in r:
            raise TypeError(f"rows[{i}] must be a dict from training_comparison (with 'activation'), got {r!r:.60}")
        if key not in r:
            raise ValueError(f"key {key!r} is not a column of rows[{i}]; columns are {sorted(r)}")
    by_name = {r["activation"]: r for r in rows}
    if baseline not in by_name:
        raise ValueError(f"baseline {baseline!r} is not among the rows' activations {sorted(by_name)}")
    try:
        base = np.asarray(by_name[baseline][key], dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"key {key!r} must name a numeric per-seed column such as 'test_acc'") from None
    if base.size < 2:
        raise ValueError(f"a paired test needs at least 2 seeds, got {base.size}")
    out = []
    for r in rows:
        if r["activation"] == baseline:
            continue
        v = np.asarray(r[key], dtype=float)
        if v.shape != base.shape:
            raise ValueError(f"row {r['activation']!r} has {v.size} seeds, the baseline {base.size}")
        d = v - base
        sd = float(d.std(ddof=1))
        p = float(stats.ttest_rel(v, base).pvalue) if sd > 0 else float("nan")
        out.append({"activation": r["activation"], "diffs": d, "mean": float(d.mean()), "sd": sd,
                    "n_up": int((d > 0).sum()), "n_down": int((d < 0).sum()), "p": p})
    # a row without a test (all d_i equal) still counts in the family, as p = 1
    adjusted = holm([o["p"] if np.isfinite(o["p"]) else 1.0 for o in out])
    for o, a in zip(out, adjusted):
        o["p_holm"] = float(a) if np.isfinite(o["p"]) else float("nan")
    return out


def holm(p: Sequence[float]) -> np.ndarray:
    r"""Holm's step-down adjustment of a family of p-values.

    With the m finite p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`, the adjusted
    values are :math:`\tilde p_{(k)} = \max_{j \le k} \min\{1, (m - j + 1)\, p_{(j)}\}`;
    rejecting where :math:`\tilde p < \alpha` controls the family-wise error rate at
    :math:`\alpha`.  NaN entries (no test) stay NaN and do not count in m.  Returns the
    adjusted values in the input order.
    """
    if isinstance(p, (str, bytes, dict)) or not hasattr(p, "__iter__"):
        raise TypeError(f"p must be a sequence of p-values, got {type(p).__name__}")
    try:
        ps = np.asarray(list(p), dtype=float)
    except (TypeError, ValueError):
        raise TypeError("p must contain numbers (p-values)") from None
    if ps.ndim != 1 or ps.size == 0:
        raise ValueError(f"p must be a non-empty 1-D sequence, got shape {ps.shape}")
    tested = ~np.isnan(ps)
    if np.any((ps[tested] < 0) | (ps[tested] > 1)):
        raise ValueError("p must hold p-values in [0, 1] (or NaN for no test)")
    out = np.full(ps.shape, np.nan)
    idx = np.flatnonzero(tested)[np.argsort(ps[tested], kind="stable")]
    m, running = idx.size, 0.0
    for rank, i in enumerate(idx):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out
