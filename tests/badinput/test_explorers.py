"""Bad-input cases for actbook.explorers (the chapters' interactive explorers).

Each chapter explorer is exercised through its pure ``update(data, **controls)`` (the
function every control move calls): valid control values drawn from the control's own
options (the cheap ones), bad values -> ``ValueError`` naming the control, bad chapter
data -> the error naming ``X``/``y``/``names``/``logits``/``runs``.  The widget itself is
built for a tiny explorer (``Explorer``) and rendered for one cheap chapter explorer
(``Frame``); those results are widgets/PNG bytes, so ``finite=False, seeded=False``.
"""

import numpy as np
from hypothesis import strategies as st

from actbook import datasets, ensemble as ens
from actbook import explorers as E

from .harness import Case, T, V, bad_bool, constant, make_tests

X, Y = datasets.moons(20, noise=0.2, seed=0)
RUNS = ens.dropout_runs(X, Y, X, Y, rates=[0.0, 0.5], seeds=[0, 1], hidden=(3,), epochs=2)
NAMES4 = ["cat", "dog", "fox", "car"]
LOGITS4 = np.array([2.0, 1.0, 0.5, -1.0])


def _upd(ex, data_keys=()):
    """``ex.update`` with the chapter data passed as keywords too (so each can be made bad)."""
    def update(**kw):
        data = {k: kw.pop(k) for k in data_keys}
        return ex.update(data or None, **kw)
    return update


def _bad(*values):
    """Values a control does not offer -> ValueError naming the control."""
    return st.tuples(st.sampled_from(list(values)), st.just(V))


NOT_A_NAME = _bad("nope", 3, None, "")
BAD_X = st.one_of(st.tuples(st.sampled_from([X[:, 0], np.full((20, 2), np.nan), np.zeros((3, 2))]), st.just(V)),
                  st.tuples(st.sampled_from(["abc", np.array([1j, 2j])]), st.just(T)))
BAD_Y = st.tuples(st.sampled_from([Y[:3], Y * 0.5, np.zeros((20, 2), int)]), st.just(V))
BAD_NAMES = st.one_of(st.tuples(st.sampled_from([["a"], NAMES4 * 2]), st.just(V)),
                      st.tuples(st.sampled_from([3, None, "abcd"]), st.just(T)))
BAD_LOGITS = st.one_of(st.tuples(st.sampled_from([[1.0, np.nan, 0, 0], [np.inf] * 4, [1.0, 2.0], []]), st.just(V)),
                       st.tuples(st.sampled_from(["abcd", [1j] * 4]), st.just(T)))
BAD_RUNS = st.tuples(st.sampled_from([[], "runs", 3, None, [1, 2]]), st.just(T))


def _tiny_explorer():
    def build(fig):
        ax = fig.add_subplot()
        return {"line": ax.plot([0, 1], [0, 0])[0], "ax": ax}

    def draw(a, r, v):
        a["line"].set_ydata([0, r["a"]])

    return E.Explorer("tiny", [E.Control("a", "a", (1, 2, 3), 1)], update=lambda a: {"a": float(a)},
                      build=build, draw=draw, figsize=(2.0, 1.5), dpi=40)


def _explorer_widget(a, static):
    import ipywidgets as widgets

    ex = _tiny_explorer()
    assert ex.update(a=a) == {"a": float(a)}
    box = ex(static=static)
    assert isinstance(box, widgets.VBox) and box.children
    return box


def _frame_png(activation, eps):
    frame = E.Frame(E.saturation)
    png = frame.render(E.saturation.update(activation=activation, eps=eps), {"activation": activation, "eps": eps})
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and frame.renders == 1
    return png


def _bn_curves(r, top):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    E.draw_bn_curves(ax, r, top)
    return [t.get_text() for t in ax.texts]


R_BN = {"epochs": np.arange(4), "plain": np.array([1.0, 0.8, np.inf, np.inf]), "bn": np.array([1.0, 0.5, 0.3, 0.2])}
R_OK = {"epochs": np.arange(3), "plain": np.array([1.0, 0.8, 0.7]), "bn": np.array([1.0, 0.5, 0.3])}

CASES = {
    "Control": Case(lambda **kw: E.Control(**kw).grid_values(),
                    valid={"name": "a", "description": "a", "options": (1, 2, 3), "value": st.sampled_from([1, 2]),
                           "kind": st.sampled_from(["slider", "dropdown"]), "grid": st.sampled_from([None, (1, 2)])},
                    bad={"kind": _bad("knob", 3, None), "value": _bad(4, "1", None),
                         "grid": _bad((3,), ())},
                    names={"value": ("default",)}, finite=False),
    "Explorer": Case(_explorer_widget, valid={"a": st.sampled_from([1, 2, 3]), "static": st.booleans()},
                     bad={"a": _bad(0, 4, "1", None), "static": bad_bool()}, finite=False, seeded=False,
                     valid_examples=3, bad_examples=4),
    "Frame": Case(_frame_png, valid={"activation": st.sampled_from(["tanh", "sigmoid", "relu"]),
                                     "eps": st.sampled_from([0.01, 0.1])},
                  bad={"activation": NOT_A_NAME, "eps": _bad(0.02, -1.0, np.nan, "0.01")},
                  finite=False, seeded=False, valid_examples=2, bad_examples=3),
    "STATIC_ENV": constant(E.STATIC_ENV, lambda v: v == "ACTBOOK_STATIC_EXPLORERS"),
    "static_mode": Case(E.static_mode, finite=False, seeded=False,
                        check=lambda out, kw: isinstance(out, bool)),
    "BY_CHAPTER": constant(E.BY_CHAPTER, lambda v: sorted(v) == list(range(1, 11))
                           and all(isinstance(x, E.Explorer) for x in v.values())),
    "decision_regions": Case(_upd(E.decision_regions),
                             valid={"dataset": st.sampled_from(["xor", "moons"]), "width": st.sampled_from([1, 2]),
                                    "seed": st.integers(0, 2)},
                             bad={"dataset": NOT_A_NAME, "activation": _bad("relu6", "nope", None),
                                  "width": _bad(0, 1000, 2.5, "2"), "depth": _bad(0, 40), "seed": _bad(-1, 10**6, 1.5)},
                             valid_examples=2, bad_examples=3),
    "saturation": Case(_upd(E.saturation),
                       valid={"activation": st.sampled_from(["tanh", "sigmoid", "elu"]),
                              "window": st.sampled_from([2.0, 4.0]), "eps": st.sampled_from([0.01, 0.1])},
                       bad={"activation": NOT_A_NAME, "window": _bad(1.0, 100.0, np.inf, "4"),
                            "eps": _bad(0.02, -1.0, np.nan)}, finite=False),
    "dead_units": Case(_upd(E.dead_units, ("X", "y")),
                       valid={"X": X, "y": Y, "log10_lr": st.sampled_from([-2.0, -1.0]), "seed": st.integers(0, 2)},
                       bad={"X": BAD_X, "y": BAD_Y, "log10_lr": _bad(-7.0, 5.0, np.nan),
                            "activation": _bad("tanh", None)},
                       finite=False, valid_examples=2, bad_examples=3),
    "smooth_beta": Case(_upd(E.smooth_beta),
                        valid={"names": st.sampled_from([("relu",), ("silu", "gelu"), ()]),
                               "beta": st.sampled_from([0.1, 1.0])},
                        bad={"names": _bad(("nope",), ("relu", "tanhh"), 3), "beta": _bad(0.0, -1.0, 1e9, "1")}),
    "gradient_flow": Case(_upd(E.gradient_flow),
                          valid={"depth": st.sampled_from([2, 3, 5]), "activation": st.sampled_from(["tanh", "relu"])},
                          bad={"depth": _bad(0, 1, 1000, 2.5), "activation": NOT_A_NAME, "gain": _bad(0.0, -1.0, 3.3)}),
    "linear_regions": Case(_upd(E.linear_regions),
                           valid={"width": st.sampled_from([2, 3]), "depth": st.sampled_from([1, 2]),
                                  "seed": st.integers(0, 3)},
                           bad={"width": _bad(0, 1, 1000), "depth": _bad(0, 9), "seed": _bad(-1, 99, "0")},
                           finite=False, valid_examples=3),
    "softmax_temperature": Case(_upd(E.softmax_temperature, ("names", "logits")),
                                valid={"names": NAMES4, "logits": st.sampled_from([LOGITS4, np.zeros(4)])},
                                bad={"names": BAD_NAMES, "logits": BAD_LOGITS, "T": _bad(-1.0, np.nan, 1e6, "1")},
                                finite=False),
    "init_propagation": Case(_upd(E.init_propagation),
                             valid={"depth": st.sampled_from([2, 5]), "scheme": st.sampled_from(["xavier", "he"]),
                                    "activation": st.sampled_from(["tanh", "relu"])},
                             bad={"depth": _bad(0, 1000), "activation": NOT_A_NAME, "scheme": _bad("bogus", None),
                                  "scale": _bad(0.0, -1.0, np.inf)}, finite=False, valid_examples=3),
    "dropout_curves": Case(_upd(E.dropout_curves, ("runs",)),
                           valid={"runs": RUNS, "p": st.sampled_from([0.0, 0.5]),
                                  "metric": st.sampled_from(["accuracy", "loss"])},
                           bad={"runs": BAD_RUNS, "p": _bad(0.3, 1.0, -0.5, np.nan), "metric": _bad("nope", None)},
                           check=lambda out, kw: out["n_seeds"] == 2, valid_examples=3),
    "batch_norm": Case(_upd(E.batch_norm), valid={"batch_size": st.sampled_from([50, 200]), "lr": 0.03},
                       bad={"batch_size": _bad(0, 7, 10**6, 20.5), "lr": _bad(0.0, -1.0, 0.05, np.nan)},
                       finite=False, valid_examples=2, bad_examples=3),
    "draw_bn_curves": Case(_bn_curves, valid={"r": st.sampled_from([R_BN, R_OK]), "top": st.floats(0.5, 5.0)},
                           bad={"r": st.one_of(st.tuples(st.sampled_from([3, None, {"plain": [1.0]}]), st.just(T)),
                                               st.tuples(st.just({**R_OK, "bn": np.ones(2)}), st.just(V))),
                                "top": st.one_of(st.tuples(st.sampled_from([0.0, -1.0, np.nan, np.inf]), st.just(V)),
                                                 st.tuples(st.sampled_from(["1", None, True]), st.just(T)))},
                           names={"r": ("r",)}, finite=False,
                           check=lambda out, kw: (len(out) == 1) == np.isinf(kw["r"]["plain"][-1])),
}

test_valid, test_bad = make_tests(CASES)
