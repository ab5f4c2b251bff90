"""One figure style for the whole book: colour-blind-safe colours, labelled axes.

Call :func:`use_style` once at the top of a chapter.  Colours come from the
Okabe–Ito palette, which stays distinguishable under the common forms of colour
blindness; lines also differ in style where a figure has several.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from . import activations as _act
from ._validate import as_float_array, check_bool, check_callable, check_int, check_number, check_same_length


def _check_lims(lims: Any, name: str = "lims") -> tuple[float, float, float, float]:
    if isinstance(lims, (str, bytes)) or not hasattr(lims, "__len__") or len(lims) != 4:
        raise TypeError(f"{name} must be a sequence (x0, x1, y0, y1), got {lims!r}")
    v = [check_number(x, f"{name}[{i}]") for i, x in enumerate(lims)]
    if not (v[0] < v[1] and v[2] < v[3]):
        raise ValueError(f"{name} must satisfy x0 < x1 and y0 < y1, got {tuple(lims)}")
    return v[0], v[1], v[2], v[3]

__all__ = ["OKABE_ITO", "LINESTYLES", "use_style", "decision_regions", "plot_activation", "grid_predictions", "color"]

#: Okabe & Ito (2008) colour-blind-safe palette (black dropped to the end).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]


def color(i: int) -> str:
    """The i-th colour of the palette (cycling)."""
    return OKABE_ITO[check_int(i, "i") % len(OKABE_ITO)]


def use_style() -> None:
    """Set matplotlib defaults used by every figure in the book."""
    mpl.rcParams.update({
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 10,
        "axes.titlesize": 11,
        "legend.frameon": False,
        "image.cmap": "cividis",
        "figure.constrained_layout.use": True,
    })


def grid_predictions(predict: Callable[[np.ndarray], np.ndarray], lims: Sequence[float], n: int = 200):
    """Evaluate ``predict`` on an n×n grid over ``lims = (x0, x1, y0, y1)``; returns xx, yy, values.

    ``n`` in [2, 2000]; ``predict`` must return one value per grid point.
    """
    check_callable(predict, "predict")
    x0, x1, y0, y1 = _check_lims(lims)
    n = check_int(n, "n", low=2, high=2000)
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    vals = np.asarray(predict(np.c_[xx.ravel(), yy.ravel()]))
    if vals.size != n * n:
        raise ValueError(f"predict must return one value per row of its (m, 2) input, got shape {vals.shape}")
    return xx, yy, vals.reshape(n, n)


def decision_regions(ax: Any, predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
                     lims: Sequence[float] | None = None, n: int = 200, title: str | None = None,
                     marker_size: float = 14) -> Any:
    """Shade the class that ``predict`` (array (m, 2) → labels (m,)) gives over the plane and scatter the data."""
    X = as_float_array(X, "X", finite=True)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (rows, 2) with at least one row, got {X.shape}")
    y = np.asarray(y)
    if y.dtype.kind not in "iub" or y.ndim != 1:
        raise TypeError(f"y must be a 1-D array of integer class labels, got dtype {y.dtype}, shape {y.shape}")
    check_same_length(X, y, "X", "y")
    if y.min() < 0 or y.max() >= len(OKABE_ITO):
        raise ValueError(f"y must be labels in [0, {len(OKABE_ITO) - 1}], got range [{y.min()}, {y.max()}]")
    check_number(marker_size, "marker_size", low=0.0)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {type(title).__name__}")
    if lims is None:
        pad = 0.5
        lims = (X[:, 0].min() - pad, X[:, 0].max() + pad, X[:, 1].min() - pad, X[:, 1].max() + pad)
    k = int(max(y.max() + 1, 2))
    cmap = ListedColormap([mpl.colors.to_rgba(c, 0.25) for c in OKABE_ITO[:k]])
    xx, yy, zz = grid_predictions(predict, lims, n)
    ax.contourf(xx, yy, zz, levels=np.arange(k + 1) - 0.5, cmap=cmap)
    markers = ["o", "s", "^", "D", "v"]
    for c in range(k):
        m = y == c
        ax.scatter(X[m, 0], X[m, 1], s=marker_size, color=OKABE_ITO[c], marker=markers[c % 5],
                   edgecolor="white", linewidth=0.4, label=f"class {c}")
    ax.set_xlim(lims[0], lims[1])
    ax.set_ylim(lims[2], lims[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_activation(ax: Any, activation: Any, x: np.ndarray | None = None, derivative: bool = True,
                    label: str | None = None, **params: Any) -> Any:
    """Plot an activation (solid) and its derivative (dashed) on ``x`` (default [-5, 5])."""
    act = _act.get(activation, **params)
    x = np.linspace(-5, 5, 801) if x is None else as_float_array(x, "x", finite=True)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array, got shape {x.shape}")
    check_bool(derivative, "derivative")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {type(label).__name__}")
    name = label or act.name
    ax.plot(x, act(x), label=name, color=color(0))
    if derivative and act.elementwise:
        ax.plot(x, act.derivative(x), "--", label=f"{name}'", color=color(1))
    ax.axhline(0, color="0.5", lw=0.6)
    ax.axvline(0, color="0.5", lw=0.6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$, $f'(x)$" if derivative else "$f(x)$")
    ax.legend()
    return ax
