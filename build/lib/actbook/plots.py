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

__all__ = ["OKABE_ITO", "LINESTYLES", "use_style", "decision_regions", "plot_activation", "grid_predictions", "color"]

#: Okabe & Ito (2008) colour-blind-safe palette (black dropped to the end).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]


def color(i: int) -> str:
    """The i-th colour of the palette (cycling)."""
    return OKABE_ITO[i % len(OKABE_ITO)]


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
    """Evaluate ``predict`` on an n×n grid over ``lims = (x0, x1, y0, y1)``; returns xx, yy, values."""
    x0, x1, y0, y1 = lims
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    vals = np.asarray(predict(np.c_[xx.ravel(), yy.ravel()]))
    return xx, yy, vals.reshape(n, n)


def decision_regions(ax: Any, predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
                     lims: Sequence[float] | None = None, n: int = 200, title: str | None = None,
                     marker_size: float = 14) -> Any:
    """Shade the class that ``predict`` (array (m, 2) → labels (m,)) gives over the plane and scatter the data."""
    X = np.asarray(X)
    y = np.asarray(y)
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
    x = np.linspace(-5, 5, 801) if x is None else np.asarray(x, dtype=float)
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
