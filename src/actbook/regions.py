r"""ReLU networks as piecewise-affine maps: activation patterns, local affine maps, linear regions.

A ReLU network (Dense → ReLU → … → Dense, rows are examples, :math:`z = aW + b`)
computes, for hidden layers :math:`\ell = 1..L` and a linear output layer,

.. math::  z_\ell = W_\ell^\top a_{\ell-1} + b_\ell,\qquad a_\ell = D_\ell(x)\, z_\ell,
           \qquad f(x) = W_{L+1}^\top a_L + b_{L+1},

where :math:`D_\ell(x) = \operatorname{diag}(\mathbb 1[z_\ell > 0])` is the layer's
*activation pattern*.  For a fixed pattern every step is affine, so
:math:`f(x) = A_x x + c_x` with

.. math::  A_x = W_{L+1}^\top D_L W_L^\top \cdots D_1 W_1^\top .

The set of inputs sharing one pattern is a convex polyhedron (an *activation
region*); :math:`f` is affine on each.  This module reconstructs :math:`(A_x, c_x)`,
counts regions (on a grid, exactly along a segment, exactly in a 2-D box by
polygon splitting, exactly in any dimension by linear programming), and
evaluates the classical bounds on the maximal number of regions.

Networks are given either as a :class:`~actbook.nets.Sequential` made of
``Dense`` and ``Activate('relu')`` layers (as built by :func:`actbook.nets.mlp`)
or as a list of ``(W, b)`` pairs, the last pair being the linear output layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import comb
from typing import Any, Sequence

import numpy as np

from . import nets as _nets
from ._validate import as_float_array, check_int, check_number, check_size, make_rng

__all__ = [
    "Region", "RegionView", "relu_layers", "random_relu_net", "sawtooth_net", "forward", "preactivations",
    "activation_pattern", "affine_map", "affine_maps", "numerical_jacobian", "pattern_labels",
    "grid_regions", "line_profile", "count_regions_line", "count_linear_pieces", "partition_2d",
    "count_regions_2d", "count_regions_exact", "zaslavsky", "montufar_lower_bound",
    "serra_upper_bound", "explorer_view", "plot_partition", "count_affine_pieces_2d",
    "folding_net", "maxout_layers", "as_maxout", "random_maxout_net", "maxout_forward", "maxout_pattern",
    "maxout_partition_2d",
]

Layers = list[tuple[np.ndarray, np.ndarray]]


# --------------------------------------------------------------------------- networks

def relu_layers(net: Any) -> Layers:
    """The ``(W, b)`` pairs of a ReLU network, output layer last.

    ``net`` is a :class:`~actbook.nets.Sequential` of ``Dense`` layers separated by
    ``Activate('relu')`` (a Dense without bias gets ``b = 0``), or a sequence of
    ``(W, b)`` pairs with ``W`` of shape ``(n_in, n_out)``.
    """
    if isinstance(net, _nets.Sequential):
        layers = net._walk()
        pairs: Layers = []
        expect_dense = True
        for i, layer in enumerate(layers):
            if expect_dense and isinstance(layer, _nets.Dense):
                b = layer.b if layer.b is not None else np.zeros(layer.W.shape[1])
                pairs.append((layer.W, b))
            elif not expect_dense and isinstance(layer, _nets.Activate) and layer.act.name == "relu":
                pass
            else:
                raise ValueError(f"net must alternate Dense and Activate('relu') layers and end with a Dense; "
                                 f"layer {i} is {layer!r}")
            expect_dense = not expect_dense
        if expect_dense or not pairs:
            raise ValueError("net must end with a Dense (linear output) layer")
        return pairs
    if isinstance(net, (list, tuple)) and len(net) > 0:
        pairs = []
        for i, item in enumerate(net):
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                raise TypeError(f"net[{i}] must be a (W, b) pair")
            W = as_float_array(item[0], f"net[{i}][0] (W)", finite=True).astype(np.float64)
            b = as_float_array(item[1], f"net[{i}][1] (b)", finite=True).astype(np.float64)
            if W.ndim != 2 or b.shape != (W.shape[1],):
                raise ValueError(f"net[{i}] must be W of shape (n_in, n_out) and b of shape (n_out,), "
                                 f"got {W.shape} and {b.shape}")
            if pairs and pairs[-1][0].shape[1] != W.shape[0]:
                raise ValueError(f"net[{i}] has {W.shape[0]} inputs but the previous layer has "
                                 f"{pairs[-1][0].shape[1]} outputs")
            pairs.append((W, b))
        return pairs
    raise TypeError(f"net must be an actbook Sequential ReLU network or a list of (W, b) pairs, "
                    f"got {type(net).__name__}")


def _hidden_widths(layers: Layers) -> list[int]:
    return [W.shape[1] for W, _ in layers[:-1]]


def random_relu_net(widths: Sequence[int], n_in: int = 2, n_out: int = 1, seed: Any = 0,
                    bias_std: float = 0.5) -> _nets.Sequential:
    """A ReLU :func:`~actbook.nets.mlp` with He-normal weights and N(0, ``bias_std``²) biases.

    ``widths`` are the hidden widths.  ``mlp`` initialises biases to zero, which makes
    every region a cone through the origin; random biases give generic regions.
    """
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or len(widths) == 0:
        raise TypeError("widths must be a non-empty sequence of hidden-layer widths, e.g. [8, 8]")
    widths = [check_int(w, f"widths[{i}]", low=1) for i, w in enumerate(widths)]
    n_in = check_int(n_in, "n_in", low=1)
    n_out = check_int(n_out, "n_out", low=1)
    sizes = [n_in, *widths, n_out]
    check_size(sum(a * b for a, b in zip(sizes[:-1], sizes[1:])), "widths (weights of all layers)")
    bias_std = check_number(bias_std, "bias_std", low=0.0)
    rng = make_rng(seed, "seed")
    net = _nets.mlp([n_in, *widths, n_out], "relu", seed=rng)
    for layer in net.dense_layers:
        layer.params["b"][...] = rng.normal(0.0, bias_std, size=layer.params["b"].shape)
    return net


def sawtooth_net(depth: int) -> _nets.Sequential:
    r"""Telgarsky's sawtooth: the tent map :math:`t(x) = 2\,\mathrm{ReLU}(x) - 4\,\mathrm{ReLU}(x - 1/2)`
    composed ``depth`` times, with two ReLUs per layer.

    On [0, 1] the output :math:`t^{\circ L}` has :math:`2^L` linear pieces with slopes
    :math:`\pm 2^L` (:math:`2^{L-1}` teeth).
    """
    depth = check_int(depth, "depth", low=1, high=50)
    layers: list[_nets.Layer] = []
    for i in range(depth):
        d = _nets.Dense(1 if i == 0 else 2, 2, init="zeros")
        d.params["W"][...] = [[1.0, 1.0]] if i == 0 else [[2.0, 2.0], [-4.0, -4.0]]
        d.params["b"][...] = [0.0, -0.5]
        layers += [d, _nets.Activate("relu")]
    out = _nets.Dense(2, 1, init="zeros")
    out.params["W"][...] = [[2.0], [-4.0]]
    layers.append(out)
    return _nets.Sequential(layers)


# --------------------------------------------------------------------------- patterns and maps

def _inputs(layers: Layers, X: Any, name: str = "X") -> np.ndarray:
    Xa = as_float_array(X, name, finite=True).astype(np.float64, copy=False)
    if Xa.ndim == 1:
        Xa = Xa[None, :]
    n_in = layers[0][0].shape[0]
    if Xa.ndim != 2 or Xa.shape[1] != n_in:
        raise ValueError(f"{name} must have shape (rows, {n_in}) or ({n_in},), got {np.shape(X)}")
    return Xa


def preactivations(net: Any, X: Any) -> list[np.ndarray]:
    """Pre-activations :math:`z_\\ell` of every hidden layer, each of shape (rows, width)."""
    layers = relu_layers(net)
    a = _inputs(layers, X)
    out = []
    for W, b in layers[:-1]:
        z = a @ W + b
        out.append(z)
        a = np.maximum(z, 0.0)
    return out


def forward(net: Any, X: Any) -> np.ndarray:
    """Network output, shape (rows, n_out)."""
    layers = relu_layers(net)
    zs = preactivations(layers, X)
    a = np.maximum(zs[-1], 0.0) if zs else _inputs(layers, X)
    W, b = layers[-1]
    return a @ W + b


def activation_pattern(net: Any, X: Any) -> np.ndarray:
    """Boolean pattern :math:`\\mathbb 1[z > 0]` of all hidden units (layers concatenated), (rows, N)."""
    return np.concatenate([z > 0 for z in preactivations(net, X)], axis=1)


def affine_maps(net: Any, X: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Per-input affine maps: ``A`` (rows, n_out, n_in) and ``c`` (rows, n_out) with f(x) = A x + c.

    Built from the masked weights, :math:`A_x = W_{L+1}^\top D_L W_L^\top \cdots D_1 W_1^\top`,
    with the offset carried along the same recursion
    (:math:`c \leftarrow D_\ell (W_\ell^\top c + b_\ell)`).
    """
    layers = relu_layers(net)
    Xa = _inputs(layers, X)
    m, n_in = Xa.shape
    A = np.broadcast_to(np.eye(n_in), (m, n_in, n_in))
    c = np.zeros((m, n_in))
    for i, (W, b) in enumerate(layers):
        A = np.einsum("ji,mjk->mik", W, A)
        c = c @ W + b
        if i < len(layers) - 1:
            D = (np.einsum("mik,mk->mi", A, Xa) + c > 0).astype(np.float64)
            A = A * D[:, :, None]
            c = c * D
    return A, c


def affine_map(net: Any, x: Any) -> tuple[np.ndarray, np.ndarray]:
    """The affine map (A_x, c_x) of the region containing one input ``x`` of shape (n_in,)."""
    xa = as_float_array(x, "x", finite=True)
    if xa.ndim != 1:
        raise ValueError(f"x must be one input of shape (n_in,), got shape {xa.shape}")
    _inputs(relu_layers(net), xa, "x")
    A, c = affine_maps(net, xa[None, :])
    return A[0], c[0]


def numerical_jacobian(net: Any, x: Any, h: float = 1e-6) -> np.ndarray:
    r"""Central-difference Jacobian :math:`J_{ij} \approx (f_i(x + h e_j) - f_i(x - h e_j)) / 2h`, (n_out, n_in)."""
    layers = relu_layers(net)
    xa = _inputs(layers, x, "x")[0]
    h = check_number(h, "h", low=0.0, low_open=True)
    E = np.eye(xa.size) * h
    return ((forward(layers, xa + E) - forward(layers, xa - E)) / (2 * h)).T


def pattern_labels(patterns: Any) -> tuple[np.ndarray, int]:
    """Integer label of each row's pattern (rows with equal patterns share a label) and the number of labels."""
    P = np.asarray(patterns)
    if P.dtype == object or P.dtype.kind not in "biuf":
        raise TypeError(f"patterns must be a boolean (or 0/1) array, got dtype {P.dtype}")
    if P.ndim != 2:
        raise ValueError(f"patterns must be 2-D (rows, units), got shape {P.shape}")
    if P.shape[1] == 0:
        return np.zeros(P.shape[0], dtype=int), int(P.shape[0] > 0)
    packed = np.ascontiguousarray(np.packbits(P.astype(bool), axis=1))  # 8 units per byte
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).reshape(-1)
    _, labels = np.unique(keys, return_inverse=True)
    labels = labels.reshape(-1)
    return labels, int(labels.max() + 1) if labels.size else 0


def _check_lims(lims: Any, n_in: int = 2) -> np.ndarray:
    L = as_float_array(lims, "lims", finite=True).reshape(-1)
    if L.size != 2 * n_in or np.any(L[0::2] >= L[1::2]):
        raise ValueError(f"lims must be (low_1, high_1, ..., low_{n_in}, high_{n_in}) with low < high, got {lims}")
    return L


def grid_regions(net: Any, lims: Sequence[float] = (-2, 2, -2, 2), n: int = 200):
    """Pattern labels on an n×n grid of a 2-D input box: returns xx, yy, labels (n, n) and the count.

    The count is the number of regions that contain at least one grid point: a lower
    bound on the regions in the box (a region thinner than the grid spacing can be missed).
    """
    layers = relu_layers(net)
    if layers[0][0].shape[0] != 2:
        raise ValueError("grid_regions needs a network with 2 inputs")
    x0, x1, y0, y1 = _check_lims(lims)
    n = check_int(n, "n", low=2, high=2000)
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    labels, count = pattern_labels(activation_pattern(layers, np.c_[xx.ravel(), yy.ravel()]))
    return xx, yy, labels.reshape(n, n), count


# --------------------------------------------------------------------------- exact 1-D counting

def line_profile(net: Any, x0: Any, x1: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact breakpoints of the network along the segment :math:`x(t) = x_0 + t (x_1 - x_0)`, t ∈ [0, 1].

    Layer by layer: between consecutive knots every pre-activation is affine in t, so
    its zero crossings are found by linear interpolation and added as new knots.
    Returns the knots ``t`` (including 0 and 1) and the outputs ``f(x(t))`` there,
    shape (K, n_out); the network is affine in t between consecutive knots, and
    consecutive pieces lie in different activation regions.
    """
    layers = relu_layers(net)
    p0 = _inputs(layers, x0, "x0")[0]
    p1 = _inputs(layers, x1, "x1")[0]
    t = np.array([0.0, 1.0])
    a = np.vstack([p0, p1])
    for W, b in layers[:-1]:
        Z = a @ W + b
        Z[np.abs(Z) <= 1e-12 * (1.0 + np.abs(Z).max())] = 0.0
        Zl, Zr = Z[:-1], Z[1:]
        piece, unit = np.nonzero(Zl * Zr < 0)
        if piece.size:
            frac = Zl[piece, unit] / (Zl[piece, unit] - Zr[piece, unit])
            t_new = t[piece] + frac * (t[piece + 1] - t[piece])
            Z_new = Zl[piece] + frac[:, None] * (Zr[piece] - Zl[piece])
            Z_new[np.arange(piece.size), unit] = 0.0
            t = np.concatenate([t, t_new])
            Z = np.vstack([Z, Z_new])
            order = np.argsort(t, kind="stable")
            t, Z = t[order], Z[order]
            t, Z = _merge_close(t, Z)
        a = np.maximum(Z, 0.0)
    W, b = layers[-1]
    return t, a @ W + b


def _merge_close(t: np.ndarray, Z: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Merge knots closer than ``tol``; keep, per unit, the value nearest zero (the exact crossings)."""
    keep = np.r_[True, np.diff(t) > tol]
    if keep.all():
        return t, Z
    starts = np.flatnonzero(keep)
    ends = np.r_[starts[1:], t.size]
    Zm = np.empty((starts.size, Z.shape[1]))
    for k, (s, e) in enumerate(zip(starts, ends)):
        block = Z[s:e]
        Zm[k] = block[np.abs(block).argmin(axis=0), np.arange(Z.shape[1])]
    return t[starts], Zm


def count_regions_line(net: Any, x0: Any, x1: Any) -> int:
    """Exact number of activation regions met by the segment from ``x0`` to ``x1``."""
    t, _ = line_profile(net, x0, x1)
    return int(t.size - 1)


def count_linear_pieces(t: Any, y: Any, rtol: float = 1e-9) -> int:
    """Number of maximal affine pieces of a piecewise-linear graph given by knots ``t`` and values ``y``.

    Consecutive segments with equal slope (within ``rtol``) are merged: a kink needs a change of slope.
    """
    ta = as_float_array(t, "t", finite=True)
    if ta.ndim != 1 or ta.size < 2 or np.any(np.diff(ta) <= 0):
        raise ValueError("t must be an increasing 1-D array of at least 2 knots")
    ya = as_float_array(y, "y", finite=True)
    if ya.shape[:1] != ta.shape:
        raise ValueError(f"y must have one row per knot of t ({ta.size}), got shape {ya.shape}")
    ya = ya.reshape(ta.size, -1)
    rtol = check_number(rtol, "rtol", low=0.0)
    s = np.diff(ya, axis=0) / np.diff(ta)[:, None]
    scale = np.abs(s).max() + 1e-300
    kinks = np.any(np.abs(np.diff(s, axis=0)) > rtol * scale, axis=1)
    return int(1 + kinks.sum())


# --------------------------------------------------------------------------- exact 2-D partition

@dataclass
class Region:
    """One activation region clipped to a box: a convex polygon, its pattern and its affine map."""

    vertices: np.ndarray  # (k, 2), counter-clockwise
    pattern: np.ndarray   # bool (N,)
    A: np.ndarray         # (n_out, 2)
    c: np.ndarray         # (n_out,)

    @property
    def area(self) -> float:
        x, y = self.vertices[:, 0], self.vertices[:, 1]
        return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    @property
    def centroid(self) -> np.ndarray:
        return self.vertices.mean(axis=0)


def _polygon_area(V: np.ndarray) -> float:
    return 0.5 * abs(float(np.dot(V[:, 0], np.roll(V[:, 1], -1)) - np.dot(V[:, 1], np.roll(V[:, 0], -1))))


def _split(V: np.ndarray, Z: np.ndarray, u: int):
    """Split a convex polygon (vertices V, all pre-activations Z at the vertices) by the line z_u = 0."""
    zu = Z[:, u]
    pos_v, pos_z, neg_v, neg_z = [], [], [], []
    k = len(zu)
    for i in range(k):
        j = (i + 1) % k
        zi, zj = zu[i], zu[j]
        if zi >= 0:
            pos_v.append(V[i]); pos_z.append(Z[i])
        if zi <= 0:
            neg_v.append(V[i]); neg_z.append(Z[i])
        if zi * zj < 0:
            f = zi / (zi - zj)
            pv = V[i] + f * (V[j] - V[i])
            pz = Z[i] + f * (Z[j] - Z[i])
            pz[u] = 0.0
            pos_v.append(pv); pos_z.append(pz)
            neg_v.append(pv); neg_z.append(pz.copy())
    return (np.array(pos_v), np.array(pos_z)), (np.array(neg_v), np.array(neg_z))


def partition_2d(net: Any, lims: Sequence[float] = (-2, 2, -2, 2)) -> list[Region]:
    """Exact activation regions of a 2-input ReLU network inside the box ``lims = (x0, x1, y0, y1)``.

    Starting from the box, each hidden unit's zero line cuts every current polygon (on a
    polygon all pre-activations are affine, so the cut is a straight line and the values at
    new vertices follow by interpolation).  Pieces thinner than 1e-12 of the box area are
    dropped as rounding debris.
    """
    layers = relu_layers(net)
    if layers[0][0].shape[0] != 2:
        raise ValueError("partition_2d needs a network with 2 inputs")
    x0, x1, y0, y1 = _check_lims(lims)
    min_area = 1e-12 * (x1 - x0) * (y1 - y0)
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    pieces = [(box, np.eye(2), np.zeros(2), np.zeros(0, dtype=bool))]
    for W, b in layers[:-1]:
        new = []
        for V, A, c, pat in pieces:
            Wz, cz = W.T @ A, W.T @ c + b           # z = Wz x + cz on this polygon
            sub = [(V, V @ Wz.T + cz)]
            for u in range(W.shape[1]):
                nxt = []
                for Vp, Zp in sub:
                    zu = Zp[:, u]
                    zu[np.abs(zu) <= 1e-12 * (1.0 + np.abs(zu).max())] = 0.0
                    if zu.min() >= 0 or zu.max() <= 0:
                        nxt.append((Vp, Zp))
                        continue
                    for Vs, Zs in _split(Vp, Zp, u):
                        if len(Vs) >= 3 and _polygon_area(Vs) > min_area:
                            nxt.append((Vs, Zs))
                sub = nxt
            for Vp, Zp in sub:
                on = Zp.mean(axis=0) > 0              # value at the vertex average, an interior point
                new.append((Vp, Wz * on[:, None], cz * on, np.concatenate([pat, on])))
        pieces = new
    Wo, bo = layers[-1]
    return [Region(V, pat, Wo.T @ A, Wo.T @ c + bo) for V, A, c, pat in pieces]


def count_regions_2d(net: Any, lims: Sequence[float] = (-2, 2, -2, 2)) -> int:
    """Exact number of activation regions of a 2-input ReLU network that meet the box ``lims``."""
    return len(partition_2d(net, lims))


# --------------------------------------------------------------------------- exact counting in any dimension

def _interior_point(G: np.ndarray, h: np.ndarray, lims: np.ndarray | None) -> np.ndarray | None:
    """A point with G x + h > 0 strictly (max-margin LP), or None if the open set is empty."""
    from scipy.optimize import linprog

    d = G.shape[1]
    cost = np.r_[np.zeros(d), -1.0]                      # maximise the margin δ
    A_ub = np.c_[-G, np.ones(len(G))]                    # δ - (G x + h) ≤ 0
    bounds = [(None, None)] * d if lims is None else [(lims[2 * i], lims[2 * i + 1]) for i in range(d)]
    res = linprog(cost, A_ub=A_ub, b_ub=h, bounds=bounds + [(None, 1.0)], method="highs")
    if res.status != 0 or -res.fun <= 1e-9:
        return None
    return res.x[:d]


def count_regions_exact(net: Any, lims: Sequence[float] | None = None) -> int:
    """Exact number of activation regions (whole input space, or the box ``lims``) by linear programming.

    Depth-first search over units in forward order: a partial pattern fixes the affine
    map of the next unit's pre-activation, and a branch is kept when the polyhedron
    {x : every fixed unit has its sign} has an interior point (a max-margin LP).  A
    witness point of the parent decides one child for free.  Exponential in the worst
    case: for small networks and for checking the other counters.
    """
    layers = relu_layers(net)
    n_in = layers[0][0].shape[0]
    L = None if lims is None else _check_lims(lims, n_in)
    units = []                                         # (layer index, unit index)
    for li, (W, _) in enumerate(layers[:-1]):
        units += [(li, u) for u in range(W.shape[1])]

    def z_map(pattern: list[bool], li: int) -> tuple[np.ndarray, np.ndarray]:
        A, c, k = np.eye(n_in), np.zeros(n_in), 0
        for W, b in layers[:li]:
            on = np.array(pattern[k:k + W.shape[1]], dtype=float)
            A, c = (W.T @ A) * on[:, None], (W.T @ c + b) * on
            k += W.shape[1]
        W, b = layers[li]
        return W.T @ A, W.T @ c + b

    x_start = np.zeros(n_in) if L is None else 0.5 * (L[0::2] + L[1::2])
    count = 0
    stack = [([], np.zeros((0, n_in)), np.zeros(0), x_start)]
    while stack:
        pattern, G, h, x = stack.pop()
        if len(pattern) == len(units):
            count += 1
            continue
        li, u = units[len(pattern)]
        Wz, cz = z_map(pattern, li)
        g, h0 = Wz[u], cz[u]
        zx = g @ x + h0
        for s in (True, False):
            sign = 1.0 if s else -1.0
            Gs, hs = np.vstack([G, sign * g]), np.r_[h, sign * h0]
            if np.allclose(g, 0.0):                     # constant pre-activation: only one side exists
                if (h0 > 0) == s:
                    stack.append((pattern + [s], G, h, x))
                continue
            if sign * zx > 1e-9 * (1.0 + abs(zx)):
                stack.append((pattern + [s], Gs, hs, x))
                continue
            w = _interior_point(Gs, hs, L)
            if w is not None:
                stack.append((pattern + [s], Gs, hs, w))
    return count


# --------------------------------------------------------------------------- bounds

def zaslavsky(n: int, d: int) -> int:
    r"""Regions of n hyperplanes in general position in :math:`\mathbb R^d`: :math:`\sum_{j=0}^{d} \binom{n}{j}`.

    Also the exact maximal number of regions of a one-hidden-layer ReLU network with
    n units and d inputs.
    """
    n = check_int(n, "n", low=0)
    d = check_int(d, "d", low=0)
    if d >= n:
        return 2**n if n <= 10**6 else _too_big("n", n)
    if d > 1000:
        raise ValueError(f"d must be at most 1000 when d < n (the sum has d + 1 huge terms), got {d}")
    if n > 10**9:
        raise ValueError(f"n must be at most 1e9, got {n}")
    return sum(comb(n, j) for j in range(d + 1))


def _too_big(name: str, value: int) -> int:
    raise ValueError(f"{name} must be at most 1e6 when d >= n (the answer 2**n has n bits), got {value}")


def _check_widths(widths: Any) -> list[int]:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or len(widths) == 0:
        raise TypeError("widths must be a non-empty sequence of hidden-layer widths, e.g. [8, 8]")
    if len(widths) > 100:
        raise ValueError(f"widths must list at most 100 layers, got {len(widths)}")
    return [check_int(w, f"widths[{i}]", low=1, high=10**4) for i, w in enumerate(widths)]


def montufar_lower_bound(widths: Sequence[int], n_in: int) -> int:
    r"""Montúfar et al. (2014): some network with these widths (all ≥ n_in) has at least

    .. math:: \Big(\prod_{\ell=1}^{L-1} \lfloor n_\ell / n_0 \rfloor^{n_0}\Big) \sum_{j=0}^{n_0} \binom{n_L}{j}

    linear regions (a lower bound on the *maximum*, by an explicit folding construction).
    """
    widths = _check_widths(widths)
    n0 = check_int(n_in, "n_in", low=1)
    if min(widths) < n0:
        raise ValueError(f"widths must all be >= n_in = {n0} for this bound, got {widths}")
    out = 1
    for n in widths[:-1]:
        out *= (n // n0) ** n0
    return out * zaslavsky(widths[-1], n0)


def serra_upper_bound(widths: Sequence[int], n_in: int) -> int:
    r"""Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1: at most

    .. math:: \sum_{(j_1..j_L) \in J} \prod_{\ell=1}^{L} \binom{n_\ell}{j_\ell},\quad
              J = \{0 \le j_\ell \le \min(n_0, n_1 - j_1, \dots, n_{\ell-1} - j_{\ell-1}, n_\ell)\}

    regions.  Computed by dynamic programming over the running minimum ("dimension
    budget").  Equals :func:`zaslavsky` for one hidden layer and :math:`\prod(n_\ell+1)` for
    one input when every width is at least 2.
    """
    widths = _check_widths(widths)
    n0 = check_int(n_in, "n_in", low=1, high=100)
    states = {n0: 1}                                 # budget -> summed products
    for n in widths:
        new: dict[int, int] = {}
        for budget, weight in states.items():
            for j in range(min(budget, n) + 1):
                key = min(budget, n - j)
                new[key] = new.get(key, 0) + weight * comb(n, j)
        states = new
    return sum(states.values())


# --------------------------------------------------------------------------- explorer

@dataclass
class RegionView:
    """What the region explorer shows for one setting of its sliders."""

    width: int
    depth: int
    seed: int
    lims: tuple[float, float, float, float]
    regions: list[Region] = field(repr=False)
    count: int
    neurons: int
    serra: int
    montufar: int

    def summary(self) -> str:
        return (f"{self.depth} hidden layer(s) × {self.width} units ({self.neurons} ReLUs): "
                f"{self.count} regions in the box; max possible ≤ {self.serra:,} (Serra), "
                f"≥ {self.montufar:,} (Montúfar)")


def explorer_view(width: int, depth: int, seed: int = 0, bias_std: float = 0.5,
                  lims: Sequence[float] = (-2, 2, -2, 2)) -> RegionView:
    """Pure update function of the region explorer: build the network, partition the box, count, bound."""
    width = check_int(width, "width", low=2, high=64)
    depth = check_int(depth, "depth", low=1, high=8)
    seed = check_int(seed, "seed", low=0)
    L = _check_lims(lims)
    net = random_relu_net([width] * depth, n_in=2, n_out=1, seed=seed, bias_std=bias_std)
    regions = partition_2d(net, L)
    return RegionView(width, depth, seed, tuple(float(v) for v in L), regions, len(regions),
                      width * depth, serra_upper_bound([width] * depth, 2),
                      montufar_lower_bound([width] * depth, 2))


def _greedy_colours(patterns: np.ndarray, k: int) -> np.ndarray:
    """Colour indices so that regions whose patterns differ in one unit (neighbours) tend to differ."""
    P = patterns.astype(np.int8)
    n = len(P)
    colours = np.zeros(n, dtype=int)
    if n == 0:
        return colours
    ham = (P[:, None, :] != P[None, :, :]).sum(axis=2)
    for i in range(n):
        used = set(colours[:i][ham[i, :i] == 1].tolist())
        free = [c for c in range(k) if c not in used]
        colours[i] = free[0] if free else i % k
    return colours


def plot_partition(ax: Any, regions: Sequence[Region], by: str = "pattern", lims: Sequence[float] | None = None,
                   edgecolor: str = "0.15", linewidth: float = 0.4, cmap: str = "cividis", norm: Any = None) -> Any:
    """Draw regions as polygons, coloured by ``pattern`` (categorical) or by ``output`` (value at the centroid).

    Returns the matplotlib collection (pass it to ``colorbar`` when ``by='output'``).
    """
    import matplotlib as mpl
    from matplotlib.collections import PolyCollection

    from .plots import OKABE_ITO

    if not isinstance(by, str) or by not in ("pattern", "output"):
        raise ValueError(f"by must be 'pattern' or 'output', got {by!r}")
    if isinstance(regions, (str, bytes)) or not hasattr(regions, "__iter__"):
        raise TypeError(f"regions must be a list of Region (from partition_2d), got {type(regions).__name__}")
    regions = list(regions)
    for i, r in enumerate(regions):
        if not isinstance(r, Region):
            raise TypeError(f"regions[{i}] must be a Region (from partition_2d), got {type(r).__name__}")
    if lims is not None:
        lims = tuple(_check_lims(lims))
    polys = [r.vertices for r in regions]
    if by == "pattern":
        pats = np.array([r.pattern for r in regions]) if regions else np.zeros((0, 0), bool)
        idx = _greedy_colours(pats, 7)
        faces = [mpl.colors.to_rgba(OKABE_ITO[i], 0.55) for i in idx]
        coll = PolyCollection(polys, facecolors=faces, edgecolors=edgecolor, linewidths=linewidth)
    else:
        vals = np.array([float((r.A @ r.centroid + r.c)[0]) for r in regions])
        coll = PolyCollection(polys, array=vals, cmap=cmap, norm=norm, edgecolors=edgecolor, linewidths=linewidth)
    ax.add_collection(coll)
    if lims is None and regions:
        allv = np.vstack(polys)
        lims = (allv[:, 0].min(), allv[:, 0].max(), allv[:, 1].min(), allv[:, 1].max())
    if lims is not None:
        ax.set_xlim(lims[0], lims[1])
        ax.set_ylim(lims[2], lims[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    return coll


def _edges_overlap(P: np.ndarray, Q: np.ndarray, tol: float) -> bool:
    """True when convex polygons P and Q share a boundary segment of positive length."""
    for i in range(len(P)):
        p0, p1 = P[i], P[(i + 1) % len(P)]
        d = p1 - p0
        length = float(np.hypot(*d))
        if length <= tol:
            continue
        u = d / length
        for j in range(len(Q)):
            q0, q1 = Q[j], Q[(j + 1) % len(Q)]
            # both ends of the Q edge on the line through the P edge?
            if abs(u[0] * (q0 - p0)[1] - u[1] * (q0 - p0)[0]) > tol:
                continue
            if abs(u[0] * (q1 - p0)[1] - u[1] * (q1 - p0)[0]) > tol:
                continue
            s0, s1 = sorted((float(u @ (q0 - p0)), float(u @ (q1 - p0))))
            if min(s1, length) - max(s0, 0.0) > tol:
                return True
    return False


def count_affine_pieces_2d(regs: Sequence[Region], atol: float = 1e-9) -> int:
    r"""Number of affine pieces of a planar partition: regions merged with their neighbours.

    Two regions of :func:`partition_2d` are merged when they share a boundary segment and
    carry the same affine map (:math:`A, c` equal within ``atol``); the pieces are the
    connected components of that relation (union-find).  Always ``<= len(regs)``; smaller
    exactly where a region boundary is not a kink of :math:`f` (e.g. where a later layer
    is entirely off on both sides, so both regions carry the same constant map).
    """
    if not isinstance(regs, (list, tuple)) or not all(isinstance(r, Region) for r in regs):
        raise TypeError("regs must be a list of Region (from partition_2d)")
    atol = check_number(atol, "atol", low=0.0)
    parent = list(range(len(regs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys: dict[tuple, list[int]] = {}
    for i, r in enumerate(regs):   # bucket by the rounded map, then compare within atol
        key = tuple(np.round(np.r_[r.A.ravel(), r.c], 6) + 0.0)
        keys.setdefault(key, []).append(i)
    for members in keys.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                ri, rj = regs[i], regs[j]
                if not (np.allclose(ri.A, rj.A, atol=atol) and np.allclose(ri.c, rj.c, atol=atol)):
                    continue
                if _edges_overlap(ri.vertices, rj.vertices, 1e-9):
                    parent[find(i)] = find(j)
    return len({find(i) for i in range(len(regs))})


# --------------------------------------------------------------------------- 2-D folding (Montúfar et al.)

FOLD_LINES = ((1.0, 0.0, 0.35), (0.0, 1.0, 0.6), (1.0, 1.0, 1.1))


def folding_net(folds: int, lines: Sequence[Sequence[float]] = FOLD_LINES) -> Layers:
    r"""A ReLU net that folds the square :math:`[-2, 2]^2` ``folds`` times, then draws ``lines``.

    Fold layer :math:`\ell` has 4 ReLUs, :math:`\mathrm{ReLU}(\pm y_1), \mathrm{ReLU}(\pm y_2)`,
    where :math:`y = x` for the first fold and :math:`y_i \leftarrow |y_i| - 2^{2-\ell}` after
    it (:math:`|t| = \mathrm{ReLU}(t) + \mathrm{ReLU}(-t)`); each fold maps 4 mirror-image
    squares onto one.  The last hidden layer has one unit
    :math:`\mathrm{ReLU}(a_1 v_1 + a_2 v_2 - t)` per line ``(a1, a2, t)`` in the folded
    coordinates :math:`v = |y| / 2^{2-k} \in [0, 1]^2` (for ``folds = 0``, :math:`v = x`),
    so the pattern drawn on the unit square is copied, mirrored, into :math:`4^k` squares.
    Returns ``(W, b)`` pairs, the last one the linear output (all weights 1).
    """
    k = check_int(folds, "folds", low=0, high=8)
    Lns = as_float_array(lines, "lines", finite=True)
    if Lns.ndim != 2 or Lns.shape[1] != 3 or len(Lns) == 0:
        raise ValueError(f"lines must be a non-empty list of (a1, a2, t) triples, got shape {Lns.shape}")
    fold_out = np.array([[1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]])   # y -> (y1, -y1, y2, -y2)
    absval = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])   # relu(y), relu(-y) -> |y|
    layers: Layers = []
    for ell in range(1, k + 1):
        if ell == 1:
            layers.append((fold_out.copy(), np.zeros(4)))
        else:
            s = 2.0 ** (2 - ell)                        # |y| - s recentres the folded square
            layers.append((absval @ fold_out, -s * np.array([1.0, -1.0, 1.0, -1.0])))
    A = Lns[:, :2].T.astype(np.float64)                 # (2, n_lines): v -> a·v
    if k == 0:
        layers.append((A.copy(), -Lns[:, 2].astype(np.float64)))
    else:
        layers.append((absval @ A / 2.0 ** (2 - k), -Lns[:, 2].astype(np.float64)))
    layers.append((np.ones((len(Lns), 1)), np.zeros(1)))
    return layers


# --------------------------------------------------------------------------- maxout and leaky ReLU

def maxout_layers(net: Any) -> Layers:
    r"""Validate a maxout network: hidden ``(W, b)`` with ``W`` (n_in, n_out, k) and ``b`` (n_out, k),
    then a linear output pair with 2-D ``W``.

    Hidden unit :math:`u` computes :math:`\max_j (W_{:,u,j}^\top a + b_{u,j})` over its
    :math:`k \ge 2` affine pieces.
    """
    if not isinstance(net, (list, tuple)) or len(net) < 2:
        raise TypeError("net must be a list of (W, b) pairs: maxout hidden layers, then a linear output")
    out: Layers = []
    prev = None
    for i, item in enumerate(net):
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise TypeError(f"net[{i}] must be a (W, b) pair")
        W = as_float_array(item[0], f"net[{i}][0] (W)", finite=True).astype(np.float64)
        b = as_float_array(item[1], f"net[{i}][1] (b)", finite=True).astype(np.float64)
        last = i == len(net) - 1
        if last and (W.ndim != 2 or b.shape != (W.shape[1],)):
            raise ValueError(f"net[{i}] (output) must be W (n_in, n_out) and b (n_out,), got {W.shape}, {b.shape}")
        if not last and (W.ndim != 3 or W.shape[2] < 2 or b.shape != W.shape[1:]):
            raise ValueError(f"net[{i}] (maxout) must be W (n_in, n_out, k >= 2) and b (n_out, k), "
                             f"got {W.shape}, {b.shape}")
        if prev is not None and W.shape[0] != prev:
            raise ValueError(f"net[{i}] has {W.shape[0]} inputs but the previous layer has {prev} outputs")
        prev = W.shape[1]
        out.append((W, b))
    return out


def as_maxout(net: Any, negative_slope: float = 0.0) -> Layers:
    r"""The leaky-ReLU network with the weights of ReLU net ``net``, written as a maxout net.

    :math:`\mathrm{LeakyReLU}_\alpha(z) = \max(z, \alpha z)` for :math:`0 \le \alpha < 1`, so
    every unit gets the two pieces :math:`(W, b)` and :math:`(\alpha W, \alpha b)`;
    ``negative_slope = 0`` is the ReLU net itself.
    """
    layers = relu_layers(net)
    a = check_number(negative_slope, "negative_slope", low=0.0, high=1.0, high_open=True)
    hidden = [(np.stack([W, a * W], axis=2), np.stack([b, a * b], axis=1)) for W, b in layers[:-1]]
    return hidden + [layers[-1]]


def random_maxout_net(widths: Sequence[int], k: int = 2, n_in: int = 2, n_out: int = 1, seed: Any = 0,
                      bias_std: float = 0.5) -> Layers:
    """A maxout net with ``k`` pieces per unit: every piece He-normal, N(0, sqrt(2 / fan_in)²), biases N(0, ``bias_std``²)."""
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or len(widths) == 0:
        raise TypeError("widths must be a non-empty sequence of hidden-layer widths, e.g. [8, 8]")
    widths = [check_int(w, f"widths[{i}]", low=1, high=10**4) for i, w in enumerate(widths)]
    k = check_int(k, "k", low=2, high=64)
    n_in = check_int(n_in, "n_in", low=1, high=10**4)
    n_out = check_int(n_out, "n_out", low=1, high=10**4)
    sizes = [n_in, *widths, n_out]
    check_size(k * sum(a * b for a, b in zip(sizes[:-1], sizes[1:])), "widths (weights of all layers)")
    bias_std = check_number(bias_std, "bias_std", low=0.0)
    rng = make_rng(seed, "seed")
    layers: Layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers.append((rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b, k)), rng.normal(0.0, bias_std, size=(b, k))))
    a, b = sizes[-2], sizes[-1]
    layers.append((rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b)), rng.normal(0.0, bias_std, size=b)))
    return layers


def _maxout_hidden(layers: Layers, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, pats = X, []
    for W, b in layers[:-1]:
        Z = np.einsum("mi,iuj->muj", a, W) + b
        pats.append(Z.argmax(axis=2))
        a = Z.max(axis=2)
    return a, np.concatenate(pats, axis=1)


def maxout_forward(net: Any, X: Any) -> np.ndarray:
    """Output of a maxout network (see :func:`maxout_layers`), shape (rows, n_out)."""
    layers = maxout_layers(net)
    a, _ = _maxout_hidden(layers, _inputs(layers, X))
    W, b = layers[-1]
    return a @ W + b


def maxout_pattern(net: Any, X: Any) -> np.ndarray:
    """Activation pattern of a maxout network: the index of the winning piece of every hidden unit, (rows, N) ints."""
    layers = maxout_layers(net)
    return _maxout_hidden(layers, _inputs(layers, X))[1]


def _clip(V: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The part {s >= 0} of a convex polygon V, where s (values at the vertices) is affine."""
    keep, k = [], len(V)
    for i in range(k):
        j = (i + 1) % k
        if s[i] >= 0:
            keep.append(V[i])
        if s[i] * s[j] < 0:
            keep.append(V[i] + s[i] / (s[i] - s[j]) * (V[j] - V[i]))
    return np.array(keep).reshape(-1, 2)


def maxout_partition_2d(net: Any, lims: Sequence[float] = (-2, 2, -2, 2)) -> list[Region]:
    r"""Exact activation regions of a 2-input maxout network (or leaky ReLU via :func:`as_maxout`) in a box.

    Layer by layer and unit by unit, each current polygon is split into the cells where
    piece :math:`j` wins, :math:`\{z_j \ge z_{j'}\ \forall j'\}`: a convex polygon obtained by
    clipping with :math:`k - 1` half-planes (on the polygon all pieces are affine).  A
    region's ``pattern`` holds the winning piece of every unit.  Pieces smaller than 1e-12
    of the box area are dropped as rounding debris.
    """
    layers = maxout_layers(net)
    if layers[0][0].shape[0] != 2:
        raise ValueError("maxout_partition_2d needs a network with 2 inputs")
    x0, x1, y0, y1 = _check_lims(lims)
    min_area = 1e-12 * (x1 - x0) * (y1 - y0)
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    pieces = [(box, np.eye(2), np.zeros(2), np.zeros(0, dtype=int))]
    for W, b in layers[:-1]:
        new = []
        for V, A, c, pat in pieces:
            Gz = np.einsum("iuj,ik->ujk", W, A)          # piece j of unit u: Gz[u, j] @ x + hz[u, j]
            hz = np.einsum("iuj,i->uj", W, c) + b
            sub = [(V, [])]
            for u in range(W.shape[1]):
                nxt = []
                for Vp, win in sub:
                    for j in range(W.shape[2]):
                        Q, ok = Vp, True
                        for j2 in range(W.shape[2]):
                            if j2 == j:
                                continue
                            s = Q @ (Gz[u, j] - Gz[u, j2]) + (hz[u, j] - hz[u, j2])
                            s[np.abs(s) <= 1e-12 * (1.0 + np.abs(s).max())] = 0.0
                            if not s.any():               # a tie on the whole polygon: lower j wins
                                if j > j2:
                                    ok = False
                                    break
                                continue
                            if s.min() >= 0:
                                continue
                            if s.max() <= 0:
                                ok = False
                                break
                            Q = _clip(Q, s)
                            if len(Q) < 3 or _polygon_area(Q) <= min_area:
                                ok = False
                                break
                        if ok:
                            nxt.append((Q, win + [j]))
                sub = nxt
            for Vp, win in sub:
                idx = np.arange(W.shape[1]), np.array(win)
                new.append((Vp, Gz[idx], hz[idx], np.concatenate([pat, win]).astype(int)))
        pieces = new
    Wo, bo = layers[-1]
    return [Region(V, pat, Wo.T @ A, Wo.T @ c + bo) for V, A, c, pat in pieces]
