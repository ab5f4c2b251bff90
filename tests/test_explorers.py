"""Unit tests of actbook.explorers: updates, widgets (live and static), bad input, no globals."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import ipywidgets as widgets  # noqa: E402

from actbook import activations, cost, datasets, dying  # noqa: E402
from actbook import explorers as E  # noqa: E402
from actbook import normalization as N  # noqa: E402
from actbook import propagation as P  # noqa: E402
from actbook import ensemble as ens  # noqa: E402
from actbook import train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def moons():
    X, y = datasets.moons(200, noise=0.15, seed=0)
    return {"X": datasets.standardize(X), "y": y}


@pytest.fixture(scope="module")
def tiny_runs():
    X, y = datasets.moons(60, noise=0.2, seed=1)
    Xt, yt = datasets.moons(40, noise=0.2, seed=2)
    return ens.dropout_runs(X, y, Xt, yt, rates=[0.0, 0.5], seeds=[0, 1], hidden=(8,), epochs=3)


def chapter_data(ch, moons, tiny_runs):
    return {3: moons, 7: {"names": ["cat", "dog", "fox", "car"], "logits": [2.0, 1.0, 0.5, -1.0]},
            9: {"runs": tiny_runs}}.get(ch, {})


def _png_size(b: bytes) -> tuple[int, int]:
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(b[16:20], "big"), int.from_bytes(b[20:24], "big")


# ----------------------------------------------------------------------------- updates
def test_saturation_update_is_the_cost_view():
    r = E.saturation.update(activation="tanh", window=4.0, eps=0.01)
    ref = cost.saturation_view("tanh", -4.0, 4.0, 0.01)
    assert r["x"][0] == -4.0 and r["x"][-1] == 4.0
    np.testing.assert_array_equal(r["saturated"], ref["saturated"])
    # tanh' = 1/cosh^2 < 0.01  <=>  |x| > arccosh(10) = 2.993
    assert r["right"] == pytest.approx(np.arccosh(10.0), abs=1e-3)
    assert E.saturation.update(activation="sigmoid", eps=0.316)["label"] == "everywhere"


def test_dead_units_update_matches_dying_run(moons):
    r = E.dead_units.update(moons, log10_lr=-1.0, seed=1, activation="relu")
    ref = dying.dying_run(moons["X"], moons["y"], 0.1, 1, activation="relu", epochs=50)
    np.testing.assert_array_equal(r.dead, ref.dead)
    assert r.dead.shape == (51, 3) or r.dead.shape[1] == 3


def test_decision_regions_identity_is_linear():
    g = E.decision_regions.update(dataset="circles", activation="identity", width=8)
    assert g.labels.shape == (120, 120)
    assert g.train_accuracy < 0.8  # a line cannot separate concentric circles
    g2 = E.decision_regions.update(dataset="circles", activation="relu", width=8)
    assert g2.train_accuracy > g.train_accuracy


def test_smooth_beta_update():
    r = E.smooth_beta.update(names=("relu", "silu"), beta=20.0)
    f, d = r["silu"]
    x = np.linspace(-5, 5, 601)
    assert np.max(np.abs(f - np.maximum(x, 0))) < 0.02  # large beta: Swish hugs ReLU
    assert E.smooth_beta.update(names=()) == {}


def test_gradient_flow_update_vanishes_for_sigmoid():
    r = E.gradient_flow.update(depth=20, activation="sigmoid", gain=1.0)
    assert r["layers"].size == 21 and r["ratio_signal"] < 1e-3  # 20 hidden layers + the output layer


def test_linear_regions_update():
    v = E.linear_regions.update(width=2, depth=1, seed=0)
    assert 1 <= v.count <= 4  # two lines cut the plane into at most 4 pieces


def test_softmax_update_hardmax_and_uniform():
    data = {"names": list("abcd"), "logits": [2.0, 1.0, 0.5, -1.0]}
    r = E.softmax_temperature.update(data, T=0.0)
    np.testing.assert_array_equal(r["probs"], [1, 0, 0, 0])
    r = E.softmax_temperature.update(data, z1=1.0, z2=1.0, z3=1.0, z4=1.0)
    np.testing.assert_allclose(r["probs"], 0.25)
    assert r["entropy"] == pytest.approx(np.log(4))
    # the sliders start at the chapter's logits
    assert E.softmax_temperature.defaults(data)["z3"] == 0.5


def test_init_propagation_update_is_explore():
    r = E.init_propagation.update(depth=10, activation="relu", scheme="he", scale=1.0)
    ref = P.explore(depth=10, activation="relu", scheme="he", scale=1.0)
    np.testing.assert_allclose(r["z_var"], ref["z_var"])


def test_dropout_curves_update(tiny_runs):
    r = E.dropout_curves.update({"runs": tiny_runs}, p=0.5, metric="accuracy")
    assert r["n_seeds"] == 2 and r["train_loss"].shape == r["epoch"].shape
    assert [c.options for c in E.dropout_curves.controls_for({"runs": tiny_runs})][0] == (0.0, 0.5)


def test_batch_norm_update_and_draw_helper():
    r = E.batch_norm.update(batch_size=200, lr=0.03)
    ref = N.explorer_update(batch_size=200, lr=0.03)
    np.testing.assert_array_equal(r["plain"], ref["plain"])
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    E.draw_bn_curves(ax, {**r, "plain": np.array([1.0, np.inf, np.inf]), "bn": np.array([1.0, 0.5, 0.2]),
                          "epochs": np.arange(3)})
    assert any("diverged at epoch 1" in t.get_text() for t in ax.texts)


# ----------------------------------------------------------------------------- widgets
# the training explorers are tested on two of their controls only (each move trains a network)
CHAPTERS = sorted(E.BY_CHAPTER)


@pytest.mark.parametrize("ch", CHAPTERS)
def test_live_widget_updates_its_image(ch, moons, tiny_runs, monkeypatch):
    ex = E.BY_CHAPTER[ch]
    if ch == 10:  # 25 trainings at start-up: test the machinery on a cheap stand-in update
        monkeypatch.setattr(ex, "_update", lambda batch_size, lr: N.explorer_update(batch_size, lr, epochs=2, n=200))
    monkeypatch.delenv(E.STATIC_ENV, raising=False)
    box = ex(**chapter_data(ch, moons, tiny_runs))
    assert isinstance(box, widgets.VBox) and "actbook-explorer-live" in box._dom_classes
    assert box.status.value == "", box.status.value
    first = box.image.value
    w, h = _png_size(first)
    assert 200 < w < 800 and 150 < h < 600
    seen = {first}
    for name, w in list(box.controls.items())[:2]:
        if isinstance(w, widgets.SelectMultiple):
            w.value = ("tanh",)
        else:
            w.index = (w.index + 1) % len(w.options)
        assert box.status.value == "", box.status.value
        seen.add(box.image.value)
    assert len(seen) == 3, "moving a control did not change the image"


def test_live_widget_reports_errors_instead_of_dying(monkeypatch):
    monkeypatch.setattr(E.saturation, "_update", lambda **v: 1 / 0)
    box = E.saturation(static=False)
    assert "ZeroDivisionError" in box.status.value


def test_static_widget_frames_and_links(monkeypatch):
    monkeypatch.setenv(E.STATIC_ENV, "1")
    box = E.saturation()
    assert "actbook-explorer-static" in box._dom_classes
    grid = E.saturation.grid()
    assert len(box.frames) == len(grid) == 6 * 1 * 4
    assert len(set(box.frames)) == len(box.frames), "two precomputed frames are identical"
    # one control per varying axis, linked to every stack of its level
    assert set(box.controls) == {"activation", "eps"}
    assert len(box.links) == 1 + 6
    for link in box.links:
        assert type(link).__name__ == "Link"
        assert link.source[1] == "index" and link.target[1] == "selected_index"
    outer = box.stacks[0][0]
    assert isinstance(outer, widgets.Stack) and len(outer.children) == 6
    assert outer.selected_index == E.saturation.controls[0].grid_values().index("sigmoid")
    assert all(len(s.children) == 4 for s in box.stacks[1])
    assert "Precomputed for the book (24 frames" in box.children[-1].value


@pytest.mark.parametrize("ch", [7, 9])
def test_static_widget_with_chapter_data(ch, moons, tiny_runs):
    ex = E.BY_CHAPTER[ch]
    data = chapter_data(ch, moons, tiny_runs)
    box = ex(static=True, **data)
    assert len(box.frames) == len(ex.grid(data))
    assert sum(len(f) for f in box.frames) < 1_000_000


def test_static_mode_reads_the_environment(monkeypatch):
    monkeypatch.setenv(E.STATIC_ENV, "1")
    assert E.static_mode()
    monkeypatch.setenv(E.STATIC_ENV, "0")
    assert not E.static_mode()
    monkeypatch.delenv(E.STATIC_ENV)
    assert not E.static_mode()


def test_grids_stay_small():
    """Each explorer's book version has at most 72 frames (page budget)."""
    data = {"names": list("abcd"), "logits": [0, 0, 0, 0]}
    for ch, ex in E.BY_CHAPTER.items():
        if ch in (3, 9):
            continue
        n = len(ex.grid(data if ch == 7 else None))
        assert 4 <= n <= 72, (ex.name, n)
    assert len(E.dead_units.grid()) == 36


def test_explorers_hold_their_own_state():
    """Two widgets of one explorer are independent, and rebinding notebook names cannot reach them."""
    a, b = E.saturation(static=False), E.saturation(static=False)
    a.controls["eps"].value = 0.1
    assert b.controls["eps"].value == 0.01
    assert a.image is not b.image and a.frame is not b.frame
    # the explorer code reads no global of a notebook: no name lookups into __main__/IPython
    src = (ROOT / "src" / "actbook" / "explorers" / "_core.py").read_text()
    src += (ROOT / "src" / "actbook" / "explorers" / "_chapters.py").read_text()
    tree = ast.parse(src)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"get_ipython", "__main__", "globals", "display", "plt"}


# ----------------------------------------------------------------------------- bad input
def test_bad_control_values():
    with pytest.raises(ValueError, match="eps must be one of"):
        E.saturation.update(eps=0.02)
    with pytest.raises(TypeError, match="unknown control"):
        E.saturation.update(beta=1.0)
    with pytest.raises(ValueError, match="names must be a tuple"):
        E.smooth_beta.update(names=("relu", "nope"))


def test_bad_chapter_data(moons):
    with pytest.raises(TypeError, match="takes X, y"):
        E.dead_units()
    with pytest.raises(TypeError, match="unknown"):
        E.saturation(static=False, X=1)
    with pytest.raises(ValueError, match="X must be 2-D"):
        E.dead_units(X=moons["X"][:, 0], y=moons["y"])
    with pytest.raises(TypeError):
        E.dead_units(X="abc", y=moons["y"])
    with pytest.raises(ValueError, match="4 class names"):
        E.softmax_temperature(names=["a"], logits=[1.0])
    with pytest.raises(ValueError, match="finite"):
        E.softmax_temperature(names=list("abcd"), logits=[1.0, np.nan, 0, 0])
    with pytest.raises(TypeError, match="runs must be"):
        E.dropout_curves(runs=[])
    with pytest.raises(TypeError, match="runs must be"):
        E.dropout_curves(runs="runs")


def test_bad_control_definitions():
    with pytest.raises(ValueError, match="kind"):
        E.Control("a", "a", (1, 2), 1, kind="knob")
    with pytest.raises(ValueError, match="not one of its options"):
        E.Control("a", "a", (1, 2), 3)
    with pytest.raises(ValueError, match="grid must contain the default"):
        E.Control("a", "a", (1, 2), 1, grid=(2,))


# ----------------------------------------------------------------------------- notebooks
def explorer_cells():
    """(chapter, source) of every chapter's explorer cell: the one that calls actbook.explorers."""
    out = []
    for nb in sorted((ROOT / "chapters").glob("[01]*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        src = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        hits = [s for s in src if "explorers." in s and "from actbook import explorers" in s]
        out.append((nb.stem, hits))
    return out


@pytest.mark.parametrize("stem,hits", explorer_cells())
def test_chapter_explorer_cell_is_one_call(stem, hits):
    assert len(hits) == 1, f"{stem}: expected one explorer cell, found {len(hits)}"
    lines = [ln for ln in hits[0].splitlines() if ln.strip() and not ln.startswith("from actbook import")]
    calls = [ln for ln in lines if ln.startswith("explorers.")]
    assert len(calls) == 1 and len(lines) <= 2, hits[0]
    assert "widgets" not in hits[0] and "def " not in hits[0]


def test_live_widget_serves_a_visited_setting_from_its_frames(monkeypatch):
    calls = []
    real = E.gradient_flow._update
    monkeypatch.setattr(E.gradient_flow, "_update", lambda **v: calls.append(v) or real(**v))
    box = E.gradient_flow(static=False)
    first = box.image.value
    box.controls["gain"].value = 2.0
    box.controls["gain"].value = 1.0      # back to the start: no new update, the same frame
    assert len(calls) == 2 and box.image.value == first
