"""The ten chapter explorers.  Each is an :class:`~actbook.explorers.Explorer`: an update
taken from its chapter module (no maths here), a figure built once, and a ``draw`` that
moves the figure's artists to a new result."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import activations as _activations
from .. import calibration as _cal
from .. import cost as _cost
from .. import dying as _dying
from .. import ensemble as _ens
from .. import gradflow as _gradflow
from .. import nonlinearity as _nl
from .. import normalization as _norm
from .. import propagation as _prop
from .. import properties as _props
from .. import regions as _regions
from .._validate import as_float_array, check_number
from ..plots import LINESTYLES as _LS
from ..plots import OKABE_ITO
from ..plots import color as _c
from ._core import Control, Explorer

__all__ = ["decision_regions", "saturation", "dead_units", "smooth_beta", "gradient_flow",
           "linear_regions", "softmax_temperature", "init_propagation", "dropout_curves", "batch_norm",
           "draw_bn_curves"]


def _r(v: float) -> float:
    """A float rounded to 3 significant digits (slider values that print cleanly)."""
    return float(f"{v:.3g}")


def _autoscale(ax: Any) -> None:
    ax.relim()
    ax.autoscale_view()


# --------------------------------------------------------------------------- ch. 1
_EX_POINTS, _EX_EPOCHS, _EX_GRID = 100, 100, 120


def _ch01_update(dataset: str, activation: str, width: int, depth: int, seed: int) -> Any:
    return _nl.decision_grid(dataset, width=width, activation=activation, seed=seed, depth=depth,
                             n_points=_EX_POINTS, epochs=_EX_EPOCHS, n_grid=_EX_GRID)


def _ch01_build(fig: Any) -> dict:
    from matplotlib.colors import ListedColormap, to_rgba

    ax = fig.add_subplot()
    cmap = ListedColormap([to_rgba(c, 0.25) for c in OKABE_ITO[:3]])
    img = ax.imshow(np.zeros((2, 2)), origin="lower", interpolation="nearest", aspect="auto",
                    cmap=cmap, vmin=-0.5, vmax=2.5)
    pts = [ax.scatter(np.zeros(0), np.zeros(0), s=12, color=_c(k), marker="os^"[k], edgecolor="white",
                      linewidth=0.4) for k in range(3)]
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    ax.grid(False)
    return {"ax": ax, "img": img, "pts": pts, "title": ax.set_title(" ", fontsize=10)}


def _ch01_draw(a: dict, g: Any, v: dict) -> None:
    a["img"].set_data(g.labels)
    a["img"].set_extent(g.lims)
    for k, p in enumerate(a["pts"]):
        p.set_offsets(g.X[g.y == k])
    a["ax"].set_xlim(g.lims[0], g.lims[1])
    a["ax"].set_ylim(g.lims[2], g.lims[3])
    a["title"].set_text(f"{v['depth']} x {v['width']} {v['activation']} units: "
                        f"training accuracy {g.train_accuracy:.2f}")


decision_regions = Explorer(
    "decision_regions",
    [Control("dataset", "data set", tuple(_nl.DATASETS), "circles", "dropdown"),
     Control("activation", "activation", ("identity", "relu", "tanh", "sigmoid", "gelu"), "relu", "dropdown",
             grid=("identity", "relu", "tanh")),
     Control("width", "width", tuple(range(1, 33)), 3, grid=(1, 2, 3, 8)),
     Control("depth", "depth", (1, 2, 3), 1, grid=(1,)),
     Control("seed", "seed", tuple(range(10)), 0, grid=(0,))],
    _ch01_update, _ch01_build, _ch01_draw, figsize=(4.6, 4.2), cache=True,
    note=(f"The explorer trains on {_EX_POINTS} points for {_EX_EPOCHS} epochs (decision_grid's defaults: "
          "200 points, 300 epochs), so that a new setting shows at once; visited settings are cached."))


# --------------------------------------------------------------------------- ch. 2
_SAT_CHOICES = tuple(n for n in _activations.names() if n not in ("maxout", "rrelu", "identity", "prelu"))


def _ch02_update(activation: str, window: float, eps: float) -> dict:
    return _cost.saturation_view(activation, -window, window, eps)


def _ch02_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    f, = ax.plot([0, 1], [0, 0], color=_c(0))
    df, = ax.plot([0, 1], [0, 0], "--", color=_c(1), label="derivative")
    ax.set(xlabel="$x$", ylabel="$f(x)$, $f'(x)$")
    return {"ax": ax, "f": f, "df": df, "shade": None, "title": ax.set_title(" ", fontsize=9)}


def _ch02_draw(a: dict, s: dict, v: dict) -> None:
    ax = a["ax"]
    a["f"].set_data(s["x"], s["f"])
    a["f"].set_label(s["name"])
    a["df"].set_data(s["x"], s["df"])
    if a["shade"] is not None:
        a["shade"].remove()
    a["shade"] = ax.fill_between(s["x"], 0, 1, where=s["saturated"], color="0.85", lw=0, zorder=0,
                                 transform=ax.get_xaxis_transform(), label=f"$|f'| < {v['eps']:.3g}$")
    ax.set_xlim(s["x"][0], s["x"][-1])
    lo = min(s["f"].min(), s["df"].min())
    hi = max(s["f"].max(), s["df"].max())
    ax.set_ylim(lo - 0.05 * (hi - lo + 1e-9), hi + 0.05 * (hi - lo + 1e-9))
    ax.legend(handles=[a["shade"], a["f"], a["df"]], loc="upper left", fontsize=8)
    a["title"].set_text(f"{s['name']} saturated for {s['label']} ({100 * s['fraction']:.0f}% of the window)")


saturation = Explorer(
    "saturation",
    [Control("activation", "activation", _SAT_CHOICES, "sigmoid", "dropdown",
             grid=("sigmoid", "tanh", "relu", "hard_sigmoid", "gelu", "softplus")),
     Control("window", "window w", (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0), 7.0, grid=(7.0,)),
     Control("eps", "ε", tuple(_r(10 ** (k / 4)) for k in range(-16, -1)), 0.01,
             grid=(0.001, 0.01, 0.1, 0.316))],
    _ch02_update, _ch02_build, _ch02_draw, figsize=(6.4, 3.4))


# --------------------------------------------------------------------------- ch. 3
_DY_EPOCHS = 50


def _ch03_data(X: Any, y: Any) -> dict:
    Xa = as_float_array(X, "X", finite=True)
    ya = np.asarray(y)
    if Xa.ndim != 2 or ya.shape != (Xa.shape[0],) or ya.dtype.kind not in "iu":
        raise ValueError("X must be 2-D (rows, features) and y integer labels, one per row of X")
    return {"X": Xa, "y": ya}


def _ch03_update(X: np.ndarray, y: np.ndarray, log10_lr: float, seed: int, activation: str) -> Any:
    return _dying.dying_run(X, y, 10 ** log10_lr, seed, activation=activation, epochs=_DY_EPOCHS)


def _ch03_build(fig: Any) -> dict:
    a1, a2 = fig.subplots(1, 2)
    dead = [a1.plot([], [], color=_c(k), ls=_LS[k], label=f"layer {k + 1}")[0] for k in range(3)]
    a1.set(xlabel="epoch", ylabel="dead fraction", xlim=(0, _DY_EPOCHS), ylim=(-0.02, 1.02))
    a1.legend(fontsize=8)
    acc, = a2.plot([], [], color=_c(3))
    a2.set(xlabel="epoch", ylabel="training accuracy", xlim=(0, _DY_EPOCHS), ylim=(0.4, 1.02))
    return {"dead": dead, "acc": acc, "title": fig.suptitle(" ", fontsize=10)}


def _ch03_draw(a: dict, run: Any, v: dict) -> None:
    for k, line in enumerate(a["dead"]):
        line.set_data(np.arange(run.dead.shape[0]), run.dead[:, k])
    a["acc"].set_data(np.arange(run.accuracy.size), run.accuracy)
    status = (f"diverged at epoch {run.diverged_at}" if run.diverged_at is not None
              else f"dead after training: {run.dead_after:.0%}")
    a["title"].set_text(f"η = {10 ** v['log10_lr']:.3g}, seed {v['seed']}, {_DY_EPOCHS} epochs: {status}")


dead_units = Explorer(
    "dead_units",
    [Control("log10_lr", "log10 η", tuple(round(k / 10, 1) for k in range(-20, 6)), 0.0,
             grid=(-1.0, -0.5, 0.0, 0.3)),
     Control("seed", "seed", tuple(range(10)), 0, grid=(0, 1, 2)),
     Control("activation", "activation", ("relu", "leaky_relu", "elu"), "relu", "dropdown")],
    _ch03_update, _ch03_build, _ch03_draw, requires=("X", "y"), check_data=_ch03_data, figsize=(8.4, 3.0),
    cache=True,
    note=(f"The explorer trains for {_DY_EPOCHS} epochs, half of the chapter's 100, so that a new setting "
          "shows quickly; visited settings are cached."))


# --------------------------------------------------------------------------- ch. 4
_SMOOTH = ("relu", "softplus", "silu", "gelu", "gelu_tanh", "mish", "hard_swish", "hard_sigmoid",
           "sigmoid", "tanh", "elu")
_X4 = np.linspace(-5, 5, 601)


def _ch04_update(names: tuple, beta: float) -> dict:
    return _props.explorer_curves(list(names), beta=beta, x=_X4) if names else {}


def _ch04_build(fig: Any) -> dict:
    a0, a1 = fig.subplots(1, 2)
    slots = []
    for i in range(len(_SMOOTH)):
        st = dict(color=_c(i), ls=_LS[i % len(_LS)], visible=False)
        slots.append((a0.plot(_X4, 0 * _X4, **st)[0], a1.plot(_X4, 0 * _X4, **st)[0]))
    a0.set(xlabel="$x$", ylabel="$f(x)$", xlim=(-5.5, 5.5), ylim=(-1.5, 5))
    a1.set(xlabel="$x$", ylabel="$f'(x)$", xlim=(-5.5, 5.5), ylim=(-0.3, 1.6))
    return {"a0": a0, "a1": a1, "slots": slots, "title": fig.suptitle(" ", fontsize=10)}


def _ch04_draw(a: dict, curves: dict, v: dict) -> None:
    for i, (lf, ld) in enumerate(a["slots"]):
        lf.set_visible(i < len(curves))
        ld.set_visible(i < len(curves))
    for i, (name, (f, d)) in enumerate(curves.items()):
        a["slots"][i][0].set_ydata(f)
        a["slots"][i][1].set_ydata(d)
        a["slots"][i][0].set_label(name)
    leg = a["a0"].get_legend()
    if leg is not None:
        leg.remove()
    if curves:
        a["a0"].legend(handles=[a["slots"][i][0] for i in range(len(curves))], fontsize=8, loc="upper left")
    a["title"].set_text(f"β = {v['beta']:g}" if curves else "choose at least one activation")


_BETAS = tuple(sorted({_r(10 ** (k / 20)) for k in range(-20, 27)} | {20.0}))
smooth_beta = Explorer(
    "smooth_beta",
    [Control("names", "activations", _SMOOTH, ("relu", "softplus", "silu"), "multi",
             grid=(("relu", "softplus", "silu"), ("relu", "gelu", "mish"), ("silu", "hard_swish", "hard_sigmoid"))),
     Control("beta", "β", _BETAS, 1.0, grid=(0.1, 0.316, 1.0, 3.16, 10.0, 20.0))],
    _ch04_update, _ch04_build, _ch04_draw, figsize=(8.4, 3.3))


# --------------------------------------------------------------------------- ch. 5
def _ch05_update(depth: int, activation: str, gain: float) -> dict:
    return _gradflow.explorer_update(depth, activation, gain)


def _ch05_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    sig, = ax.semilogy([1, 2], [1, 1], "o-", color=_c(0), ms=3,
                       label=r"signal $\Vert\partial\mathcal{L}/\partial z_l\Vert$")
    wt, = ax.semilogy([1, 2], [1, 1], "s--", color=_c(1), ms=3,
                      label=r"weight gradient $\Vert\partial\mathcal{L}/\partial W_l\Vert$")
    ax.set(xlabel="layer $l$ (last = output layer)", ylabel="gradient norm")
    ax.legend(loc="best", fontsize=8)
    return {"ax": ax, "sig": sig, "wt": wt, "title": ax.set_title(" ", fontsize=8)}


def _ch05_draw(a: dict, r: dict, v: dict) -> None:
    a["sig"].set_data(r["layers"], r["signal"])
    a["wt"].set_data(r["layers"], r["weight"])
    _autoscale(a["ax"])
    a["title"].set_text(r["summary"])


gradient_flow = Explorer(
    "gradient_flow",
    [Control("depth", "depth", tuple(range(2, 41)), 20, grid=(5, 10, 20, 40)),
     Control("activation", "activation", tuple(_gradflow.ACTIVATIONS), "sigmoid", "dropdown"),
     Control("gain", "gain", tuple(_r(2 ** (k / 4)) for k in range(-8, 13)), 1.0,
             grid=(0.5, 1.0, 1.41, 2.0, 4.0))],
    _ch05_update, _ch05_build, _ch05_draw, figsize=(6.4, 3.5))


# --------------------------------------------------------------------------- ch. 6
def _ch06_update(width: int, depth: int, seed: int) -> Any:
    return _regions.explorer_view(width, depth, seed)


def _ch06_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    return {"ax": ax, "coll": None, "title": ax.set_title(" ", fontsize=10),
            "text": fig.supxlabel(" ", fontsize=7)}


def _ch06_draw(a: dict, view: Any, v: dict) -> None:
    if a["coll"] is not None:
        a["coll"].remove()
    a["coll"] = _regions.plot_partition(a["ax"], view.regions, lims=view.lims)
    a["title"].set_text(f"{view.count} regions")
    a["text"].set_text(view.summary().replace("; ", ";\n"))


linear_regions = Explorer(
    "linear_regions",
    [Control("width", "width", tuple(range(2, 11)), 8, grid=(2, 4, 6, 8, 10)),
     Control("depth", "depth", (1, 2, 3), 2),
     Control("seed", "seed", tuple(range(21)), 0, grid=(0, 1))],
    _ch06_update, _ch06_build, _ch06_draw, figsize=(4.6, 5.0))


# --------------------------------------------------------------------------- ch. 7
_TEMPS = (0.0,) + tuple(_r(10 ** (k / 20)) for k in range(-30, 31))


def _ch07_data(names: Any, logits: Any) -> dict:
    z = as_float_array(logits, "logits", finite=True)
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a list of 4 class names, got {type(names).__name__}")
    labels = [str(n) for n in names]
    if z.shape != (4,) or labels is None or len(labels) != 4:
        raise ValueError("names must be 4 class names and logits 4 finite numbers")
    return {"names": labels, "logits": z}


def _ch07_controls(data: dict) -> list:
    zs = tuple(round(k / 10, 1) for k in range(-50, 51))
    ctl = []
    for i, (n, v) in enumerate(zip(data["names"], data["logits"])):
        z = round(float(np.clip(v, -5, 5)), 1)  # the chapter's logit, on the slider's 0.1 grid
        grid = tuple(sorted({-2.0, 0.0, z, 4.0})) if i == 0 else (z,)  # the book varies z1 only
        ctl.append(Control(f"z{i + 1}", f"z ({n})", zs, z, grid=grid))
    ctl.append(Control("T", "temperature T", _TEMPS, 1.0, grid=(0.0, 0.1, 0.316, 1.0, 3.16, 10.0),
                       labels={0.0: "0 (hardmax)"}))
    return ctl


def _ch07_update(names: list, logits: np.ndarray, z1: float, z2: float, z3: float, z4: float,
                 T: float) -> dict:
    p = _cal.tempered_softmax(np.array([z1, z2, z3, z4]), T)
    return {"names": names, "probs": p, "entropy": float(_cal.entropy(p)), "T": T}


def _ch07_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    bars = ax.bar(["1", "2", "3", "4"], [0, 0, 0, 0], color=[_c(i) for i in range(4)])
    ax.set(ylim=(0, 1), ylabel="probability")
    return {"ax": ax, "bars": bars, "title": ax.set_title(" ", fontsize=10)}


def _ch07_draw(a: dict, r: dict, v: dict) -> None:
    for b, p in zip(a["bars"], r["probs"]):
        b.set_height(p)
    a["ax"].set_xticks(range(4), r["names"])
    t = "0 (hardmax)" if r["T"] == 0 else f"{r['T']:.3g}"
    a["title"].set_text(f"T = {t},  entropy = {r['entropy']:.3f} nats")


softmax_temperature = Explorer(
    "softmax_temperature", [], _ch07_update, _ch07_build, _ch07_draw, requires=("names", "logits"),
    check_data=_ch07_data, controls_from=_ch07_controls, figsize=(5.0, 3.0))


# --------------------------------------------------------------------------- ch. 8
_SCALES = (0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0)


def _ch08_update(depth: int, activation: str, scheme: str, scale: float) -> dict:
    return _prop.explore(depth=depth, activation=activation, scheme=scheme, scale=scale)


def _ch08_build(fig: Any) -> dict:
    ax1, ax2 = fig.subplots(1, 2)
    meas, = ax1.semilogy([1, 2], [1, 1], "o", ms=3, color=_c(0), label="measured")
    pred, = ax1.semilogy([1, 2], [1, 1], "-", color=_c(1), label="predicted")
    ax1.set(xlabel=r"layer $l$", ylabel=r"$\mathrm{Var}[z_l]$")
    ax1.legend(fontsize=8)
    from matplotlib.ticker import MaxNLocator

    ax1.xaxis.set_major_locator(MaxNLocator(integer=True))
    hist = ax2.stairs([0.0], [0.0, 1.0], fill=True, color=_c(2), alpha=0.7)
    ax2.set_ylabel("density")
    return {"ax1": ax1, "ax2": ax2, "meas": meas, "pred": pred, "hist": hist,
            "t1": ax1.set_title(" ", fontsize=9), "t2": ax2.set_title(" ", fontsize=9)}


def _ch08_draw(a: dict, r: dict, v: dict) -> None:
    a["meas"].set_data(r["layer"], r["z_var"])
    a["pred"].set_data(r["layer"], r["z_var_pred"])
    _autoscale(a["ax1"])
    a["t1"].set_text(f"Var[w] = {r['weight_var']:.3g}")
    a["hist"].set_data(r["hist"], r["hist_edges"])
    _autoscale(a["ax2"])
    a["ax2"].set_xlabel(f"activation at layer {v['depth']}")
    a["t2"].set_text(f"saturated/inactive units: {r['saturated'][-1]:.0%}")


init_propagation = Explorer(
    "init_propagation",
    [Control("depth", "depth", tuple(range(2, 61)), 20, grid=(20, 60)),
     Control("activation", "activation", ("tanh", "relu", "leaky_relu", "selu", "sigmoid"), "tanh",
             "dropdown", grid=("tanh", "relu", "selu")),
     Control("scheme", "scheme", ("xavier", "he", "lecun", "normal"), "xavier", "dropdown",
             grid=("xavier", "he", "lecun")),
     Control("scale", "scale of the std", _SCALES, 1.0, grid=(0.3, 1.0, 3.0))],
    _ch08_update, _ch08_build, _ch08_draw, figsize=(8.4, 3.2))


# --------------------------------------------------------------------------- ch. 9
def _ch09_data(runs: Any) -> dict:
    runs = list(runs) if not isinstance(runs, (str, bytes)) and hasattr(runs, "__iter__") else None
    if not runs or not all(hasattr(r, "p") and hasattr(r, "history") for r in runs):
        raise TypeError("runs must be a non-empty list of ensemble.Run (ens.dropout_runs)")
    return {"runs": runs}


def _ch09_controls(data: dict) -> list:
    rates = tuple(sorted({float(r.p) for r in data["runs"]}))
    p0 = 0.5 if 0.5 in rates else rates[len(rates) // 2]
    return [Control("p", "drop rate", rates, p0),
            Control("metric", "metric", ("loss", "accuracy"), "loss", "dropdown")]


def _ch09_update(runs: list, p: float, metric: str) -> dict:
    cur = _ens.explorer_curves(runs, p)
    cur["n_seeds"] = sum(1 for r in runs if np.isclose(r.p, p))
    return cur


def _ch09_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    lines = [ax.plot([0], [0], color=_c(i), ls=_LS[i], label=f"{part} set")[0]
             for i, part in enumerate(("train", "test"))]
    ax.set_xlabel("epoch")
    ax.legend(fontsize=8)
    return {"ax": ax, "lines": lines, "bands": [], "title": ax.set_title(" ", fontsize=10)}


def _ch09_draw(a: dict, cur: dict, v: dict) -> None:
    for b in a["bands"]:
        b.remove()
    a["bands"] = []
    ax = a["ax"]
    for i, part in enumerate(("train", "test")):
        key = f"{part}_{'loss' if v['metric'] == 'loss' else 'acc'}"
        a["lines"][i].set_data(cur["epoch"], cur[key])
        a["bands"].append(ax.fill_between(cur["epoch"], cur[key] - cur[key + "_std"],
                                          cur[key] + cur[key + "_std"], color=_c(i), alpha=0.2, lw=0))
    _autoscale(ax)
    ax.set_ylabel("cross-entropy" if v["metric"] == "loss" else "accuracy")
    a["title"].set_text(f"dropout p = {v['p']:g}, mean ± std over {cur['n_seeds']} seeds")


dropout_curves = Explorer(
    "dropout_curves", [], _ch09_update, _ch09_build, _ch09_draw, requires=("runs",), check_data=_ch09_data,
    controls_from=_ch09_controls, figsize=(5.6, 3.4))


# --------------------------------------------------------------------------- ch. 10
_BN_TOP = 3.0


def draw_bn_curves(ax: Any, r: dict, top: float = _BN_TOP) -> None:
    """Draw one ``normalization.explorer_update`` result on ``ax`` (a static figure).

    A diverged run gets a cross where it left the plot.  ``r`` needs ``epochs``, ``plain`` and
    ``bn`` (curves of one length); ``top`` (> 0) is the upper end of the loss axis.
    """
    if not isinstance(r, dict) or not {"epochs", "plain", "bn"} <= set(r):
        raise TypeError("r must be a dict with 'epochs', 'plain' and 'bn' (normalization.explorer_update)")
    n = np.shape(r["epochs"])
    for key in ("plain", "bn"):
        if np.shape(r[key]) != n or len(n) != 1 or n[0] == 0:
            raise ValueError(f"r['{key}'] must be a non-empty curve of the shape of r['epochs'] {n}, "
                             f"got {np.shape(r[key])}")
    top = check_number(top, "top", low=0.0, low_open=True)
    for k, (key, label) in enumerate((("plain", "plain"), ("bn", "with batch norm"))):
        c = np.asarray(r[key], dtype=float)
        ok = np.isfinite(c) & (c < top)
        ax.plot(r["epochs"], np.where(ok, c, np.nan), _LS[k], marker="o", ms=2.5, color=_c(k), label=label)
        if not np.isfinite(c[-1]):
            d = int(np.argmax(~np.isfinite(c)))
            ax.plot(d, 0.93 * top, "x", ms=9, mew=2, color=_c(k))
            ax.annotate(f"{label}: diverged at epoch {d}", (d, 0.93 * top), xytext=(8, -4),
                        textcoords="offset points", color=_c(k), fontsize=9)
    ax.set_xlabel("epoch")
    ax.set_ylim(0, top)


def _ch10_update(batch_size: int, lr: float) -> dict:
    return _norm.explorer_update(batch_size=batch_size, lr=lr)


def _ch10_build(fig: Any) -> dict:
    ax = fig.add_subplot()
    lines, marks, notes = [], [], []
    for k, label in enumerate(("plain", "with batch norm")):
        lines.append(ax.plot([0], [np.nan], _LS[k], marker="o", ms=2.5, color=_c(k), label=label)[0])
        marks.append(ax.plot([0], [0.93 * _BN_TOP], "x", ms=9, mew=2, color=_c(k), visible=False)[0])
        notes.append(ax.annotate("", (0, 0.93 * _BN_TOP), xytext=(8, -4), textcoords="offset points",
                                 color=_c(k), fontsize=9, visible=False))
    ax.set(xlabel="epoch", ylabel="training loss", ylim=(0, _BN_TOP))
    ax.legend(loc="center right", fontsize=8)
    return {"ax": ax, "lines": lines, "marks": marks, "notes": notes, "title": ax.set_title(" ", fontsize=9)}


def _ch10_draw(a: dict, r: dict, v: dict) -> None:
    for k, (key, label) in enumerate((("plain", "plain"), ("bn", "with batch norm"))):
        c = np.asarray(r[key], dtype=float)
        ok = np.isfinite(c) & (c < _BN_TOP)
        a["lines"][k].set_data(r["epochs"], np.where(ok, c, np.nan))
        diverged = not math.isfinite(c[-1])
        a["marks"][k].set_visible(diverged)
        a["notes"][k].set_visible(diverged)
        if diverged:
            d = int(np.argmax(~np.isfinite(c)))
            a["marks"][k].set_data([d], [0.93 * _BN_TOP])
            a["notes"][k].xy = (d, 0.93 * _BN_TOP)
            a["notes"][k].set_text(f"{label}: diverged at epoch {d}")
    last = r["epochs"][-1]
    a["ax"].set_xlim(-0.05 * last, 1.05 * last)
    a["title"].set_text(r["summary"])


batch_norm = Explorer(
    "batch_norm",
    [Control("batch_size", "batch size", (4, 10, 20, 50, 200), 20),
     Control("lr", "learning rate", (0.03, 0.1, 0.3, 1.0, 3.0), 0.3)],
    _ch10_update, _ch10_build, _ch10_draw, figsize=(6.0, 3.3), cache=True, precompute=True,
    note="All 25 settings are trained once when the explorer starts, so moving a slider only redraws.")
