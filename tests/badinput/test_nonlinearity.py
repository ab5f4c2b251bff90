"""Bad-input cases for actbook.nonlinearity (chapter 1)."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import datasets, nets, nonlinearity as N

from .harness import (Case, bad_batch_size, T, V, arrays, bad_activation, bad_array, bad_choice, bad_int, bad_int_sequence,
                      bad_model, bad_real, bad_seed, floats, make_tests, trivial_class, wrong_type)

X, Y = datasets.xor(16, seed=0)
PTS = st.builds(lambda s: np.random.default_rng(s).normal(size=(6, 2)), st.integers(0, 99))
LAB = st.builds(lambda s: np.random.default_rng(s).integers(0, 2, 6), st.integers(0, 99))
BAD_PTS = st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((0, 2))), st.just(V)))
BAD_LAB = st.one_of(st.tuples(st.sampled_from([np.full(6, 2), np.zeros(4, int), np.full(6, 0.5)]), st.just(V)),
                    st.tuples(st.sampled_from(["y", np.array([1j] * 6)]), st.just(T)))
AB = {"a": st.floats(-5, 0), "b": st.floats(0.5, 5)}
BAD_AB = {"a": bad_real(), "b": bad_real()}

CASES = {
    "collapse_affine": Case(N.collapse_affine,
                            valid={"weights": st.just([np.ones((2, 3)), np.ones((3, 1))]),
                                   "biases": st.just([np.zeros(3), np.ones(1)])},
                            bad={"weights": st.one_of(st.tuples(st.sampled_from([[], [np.ones((2, 3))], [np.ones(3), np.ones(2)]]), st.just(V)),
                                                      st.tuples(st.sampled_from([3, None]), st.just(T))),
                                 "biases": st.tuples(st.sampled_from([[np.zeros(3), np.ones(2)], [np.zeros(3)]]), st.just(V))},
                            names={"weights": ("weights", "biases")}),
    "affine_layers": Case(N.affine_layers, valid={"model": st.builds(lambda s: nets.mlp([2, 3, 1], activation="identity", seed=s), st.integers(0, 9))},
                          bad={"model": bad_model()}),
    "heaviside": Case(N.heaviside, valid={"z": arrays((5,))}, bad={"z": st.tuples(st.sampled_from(["z", np.array([1j])]), st.just(T))}),
    "PerceptronResult": trivial_class(N.PerceptronResult, w=np.ones(2), b=0.0, accuracy=np.ones(2),
                                      converged_epoch=None, updates=0, best_w=np.ones(2), best_b=0.0),
    "perceptron": Case(N.perceptron, valid={"X": PTS, "y": LAB, "epochs": st.integers(1, 20), "lr": st.floats(0.01, 2),
                                            "seed": st.integers(0, 9)},
                       bad={"X": BAD_PTS, "y": BAD_LAB, "epochs": bad_int(1, 10**6), "lr": bad_real(0.0, low_open=True),
                            "seed": bad_seed()}),
    "linearly_separable": Case(N.linearly_separable, valid={"X": PTS, "y": LAB, "return_weights": st.booleans()},
                               bad={"X": BAD_PTS, "y": BAD_LAB}, finite=False),
    "count_separable_labelings": Case(N.count_separable_labelings, valid={"X": PTS},
                                      bad={"X": st.one_of(BAD_PTS, st.tuples(st.just(np.zeros((13, 2))), st.just(V)))},
                                      valid_examples=2, bad_examples=4),
    "xor_relu_net": Case(lambda: N.xor_relu_net()(datasets.xor_points()[0]),
                         check=lambda out, kw: np.array_equal(out.ravel(), [0, 1, 1, 0])),
    "relu_interpolant": Case(lambda **kw: N.relu_interpolant(**kw)(np.linspace(-1, 1, 5)[:, None]),
                             valid={"f": st.just(np.sin), **AB, "m": st.integers(1, 20)},
                             bad={"f": st.tuples(st.sampled_from([3, None]), st.just(T)), **BAD_AB,
                                  "m": bad_int(1, 10**7)}),
    "interpolation_error_bound": Case(N.interpolation_error_bound, valid={**AB, "m": st.integers(1, 1000),
                                                                          "max_abs_f2": st.floats(0, 100)},
                                      bad={**BAD_AB, "m": bad_int(1), "max_abs_f2": bad_real(0.0)}),
    "units_for_tolerance": Case(N.units_for_tolerance, valid={**AB, "max_abs_f2": st.floats(0, 100),
                                                              "tol": st.floats(1e-8, 1)},
                                bad={**BAD_AB, "max_abs_f2": bad_real(0.0),
                                     "tol": bad_real(0.0, low_open=True, extra=(1e-60, 1e-300))}),
    "random_feature_fit": Case(N.random_feature_fit,
                               valid={"x": arrays((12,), -1, 1), "y": arrays((12,)), "width": st.integers(1, 30),
                                      "activation": st.sampled_from(["relu", "tanh"]), "seed": st.integers(0, 9)},
                               bad={"x": bad_array(empty=False), "y": st.tuples(st.just(np.zeros(3)), st.just(V)),
                                    "width": bad_int(1, 10**5), "activation": bad_activation(), "seed": bad_seed(),
                                    "domain": st.one_of(st.tuples(st.sampled_from([(1.0, -1.0), (0, np.nan)]), st.just(V)),
                                                        st.tuples(st.sampled_from([3, (1, 2, 3), None]), st.just(T)))},
                               names={"activation": ("activation", "name"), "domain": ("domain", "a", "b")}),
    "parity_shallow_net": Case(lambda n: N.parity_shallow_net(n)(datasets.parity(n)[0]),
                               valid={"n": st.integers(1, 8)}, bad={"n": bad_int(1, 20)}),
    "parity_tree_net": Case(lambda n: N.parity_tree_net(n)(datasets.parity(n)[0]),
                            valid={"n": st.integers(2, 8)}, bad={"n": bad_int(2, 20)}),
    "tree_layer_sizes": Case(N.tree_layer_sizes, valid={"n": st.integers(1, 20)}, bad={"n": bad_int(1, 20)}),
    "parity_unit_counts": Case(N.parity_unit_counts, valid={"n": st.integers(2, 20)}, bad={"n": bad_int(2, 20)}),
    "fit_classifier": Case(N.fit_classifier,
                           valid={"X": X, "y": Y, "hidden": st.sampled_from([(4,), (3, 3)]), "epochs": st.integers(1, 3),
                                  "seed": st.integers(0, 9)},
                           bad={"X": BAD_PTS, "y": st.tuples(st.sampled_from([Y[:3]]), st.just(V)),
                                "hidden": bad_int_sequence(), "activation": bad_activation(), "seed": bad_seed(),
                                "epochs": bad_int(0, 10**6), "lr": bad_real(0.0, low_open=True),
                                "momentum": bad_real(0.0, 1.0, high_open=True), "batch_size": bad_batch_size(1)},
                           names={"activation": ("activation",)}, finite=False, valid_examples=3, bad_examples=4),
    "GridResult": trivial_class(N.GridResult, xx=np.zeros(1), yy=np.zeros(1), labels=np.zeros(1), X=X, y=Y,
                                train_accuracy=1.0, lims=(0, 1, 0, 1), model=None),
    "decision_grid": Case(N.decision_grid,
                          valid={"dataset": st.sampled_from(sorted(N.DATASETS)), "width": st.integers(1, 4),
                                 "n_points": st.integers(8, 30), "n_grid": st.integers(2, 10), "epochs": 2},
                          bad={"dataset": bad_choice(*N.DATASETS), "width": bad_int(1, 1024), "depth": bad_int(1, 8),
                               "n_points": bad_int(4, 5000), "n_grid": bad_int(2, 1000), "seed": bad_int(0),
                               "epochs": bad_int(0, 10**6), "lr": bad_real(0.0, low_open=True),
                               "activation": bad_activation()},
                          names={"activation": ("activation",)}, finite=False, valid_examples=2, bad_examples=3),
    "DATASETS": Case(lambda: {k: g(n=20, seed=0, **kw)[0].shape for k, (g, kw) in N.DATASETS.items()},
                     check=lambda out, kw: all(s == (20, 2) for s in out.values())),
}

NET1 = st.builds(lambda s, w: nets.mlp([1, w, 1], seed=s), st.integers(0, 9), st.integers(1, 6))
BAD_NET1 = st.one_of(bad_model(), st.tuples(st.just(nets.mlp([2, 3, 1])), st.just(V)))
CASES["first_layer_kinks"] = Case(N.first_layer_kinks, valid={"model": NET1}, bad={"model": BAD_NET1},
                                  check=lambda out, kw: out.shape == (kw["model"].dense_layers[0].W.shape[1],))
CASES["spread_first_layer_kinks"] = Case(
    lambda **kw: N.first_layer_kinks(N.spread_first_layer_kinks(**kw)),
    valid={"model": NET1, "lo": st.floats(-3, -0.1), "hi": st.floats(0.1, 3), "seed": st.integers(0, 9)},
    bad={"model": BAD_NET1, "lo": st.one_of(bad_real(), st.tuples(st.just(5.0), st.just(V))), "hi": bad_real(),
         "seed": bad_seed()},
    check=lambda out, kw: np.all((out >= kw["lo"] - 1e-9) & (out <= kw["hi"] + 1e-9)))

test_valid, test_bad = make_tests(CASES)


def test_units_for_tolerance_terminates_for_tiny_tol():
    with pytest.raises(ValueError, match="tol"):
        N.units_for_tolerance(0, 1, 1.0, 1e-60)
