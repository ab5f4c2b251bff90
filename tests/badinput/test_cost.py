"""Bad-input cases for actbook.cost (chapter 2)."""

import numpy as np
from hypothesis import strategies as st

from actbook import cost as C, nets

from .harness import (Case, bad_batch_size, T, V, arrays, bad_activation, bad_array, bad_bool, bad_choice, bad_int, bad_model,
                      bad_real, bad_seed, make_tests)

XY = {"X": arrays((12, 2)), "y": arrays((12,))}
BAD_XY = {"X": st.one_of(bad_array(ndim=2, empty=False), st.tuples(st.just(np.zeros((3, 2))), st.just(V))),
          "y": st.tuples(st.sampled_from([np.zeros(5), np.full(12, np.nan)]), st.just(V))}
BAD_W = st.one_of(st.tuples(st.sampled_from([np.zeros(3), [np.nan, 1.0]]), st.just(V)),
                  st.tuples(st.just("w"), st.just(T)))
SAT = st.sampled_from(["sigmoid", "tanh"])


def _table(**kw):
    return C.CostTable(names=("copy", "relu"), seconds=np.array([1e-3, 2e-3]), spread=np.ones((2, 2)),
                       size=10, dtype="float64", repeats=1, number=1, **kw).ratios()


CASES = {
    "CostTable": Case(_table, valid={"statistic": st.sampled_from(["median", "min"])}),
    "time_callables": Case(C.time_callables, valid={"funcs": st.just({"a": lambda: 1}), "repeats": st.integers(1, 3),
                                                    "number": st.integers(1, 3)},
                           bad={"funcs": st.tuples(st.sampled_from([{}, [], 3, {"a": 3}]), st.just(T)),
                                "repeats": bad_int(1, 1000), "number": bad_int(1, 10**6)},
                           seeded=False, valid_examples=2, bad_examples=4),
    "activation_cost": Case(lambda **kw: C.activation_cost(**kw).ratios(),
                            valid={"activations": st.just(("relu", "tanh")), "size": st.integers(1, 1000),
                                   "repeats": 1, "number": 1, "dtype": st.sampled_from(["float32", "float64"])},
                            bad={"activations": st.tuples(st.sampled_from([("relu_bogus",), (None,)]),
                                                          st.just((ValueError, TypeError))),
                                 "size": bad_int(1, 10**8), "repeats": bad_int(1, 1000),
                                 "dtype": st.tuples(st.sampled_from(["int64", "bogus", 3]), st.just((ValueError, TypeError))),
                                 "derivative": bad_bool(), "seed": bad_seed(),
                                 "statistic": st.tuples(st.sampled_from(["mean", 3]), st.just(V))},
                            names={"activations": ("activation", "name")},
                            seeded=False, valid_examples=2, bad_examples=3),
    "saturation_threshold": Case(C.saturation_threshold, valid={"activation": SAT, "eps": st.floats(1e-4, 0.1)},
                                 bad={"activation": bad_activation(), "eps": bad_real(0.0, low_open=True),
                                      "x_max": bad_real(0.0, low_open=True), "n_grid": bad_int(3, 10**7)},
                                 names={"activation": ("activation", "name")}),
    "saturated_fraction": Case(C.saturated_fraction, valid={"activation": SAT, "std": arrays((4,), 0.1, 10)},
                               bad={"activation": bad_activation(), "std": st.one_of(
                                   st.tuples(st.sampled_from([[0.0], [-1.0], [np.nan]]), st.just(V)),
                                   st.tuples(st.just("s"), st.just(T))), "eps": bad_real(0.0, low_open=True)},
                               names={"activation": ("activation", "name")}),
    "saturation_view": Case(C.saturation_view, valid={"activation": SAT, "n": st.integers(2, 200)},
                            bad={"activation": bad_activation(), "lo": bad_real(extra=(10.0,)), "hi": bad_real(),
                                 "eps": bad_real(0.0, low_open=True), "n": bad_int(2, 10**7)},
                            names={"activation": ("activation", "name"), "lo": ("lo", "hi")}, finite=False),
    "sigmoid_inputs": Case(C.sigmoid_inputs, valid={"n": st.integers(1, 50), "d": st.integers(1, 4),
                                                    "scale": st.floats(0, 5), "centred": st.booleans(),
                                                    "seed": st.integers(0, 9)},
                           bad={"n": st.one_of(bad_int(1), st.tuples(st.just(10**12), st.just(V))), "d": bad_int(1),
                                "scale": bad_real(0.0), "centred": bad_bool(), "seed": bad_seed()},
                           names={"n": ("n",)}),
    "linear_unit_loss": Case(C.linear_unit_loss, valid={**XY, "w": arrays((2,))}, bad={**BAD_XY, "w": BAD_W}),
    "per_example_gradients": Case(C.per_example_gradients, valid={**XY, "w": arrays((2,))},
                                  bad={**BAD_XY, "w": BAD_W}),
    "same_sign_fraction": Case(C.same_sign_fraction, valid={"G": arrays((6, 3), 0.1, 1)},
                               bad={"G": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((3, 2))), st.just(V)))}),
    "sgd_path": Case(C.sgd_path, valid={**XY, "w0": arrays((2,)), "lr": st.floats(1e-3, 0.1), "steps": st.integers(0, 30),
                                        "batch_size": st.sampled_from([None, 1, 4]), "seed": st.integers(0, 9)},
                     bad={**BAD_XY, "w0": BAD_W, "lr": bad_real(0.0, low_open=True), "steps": bad_int(0, 10**6),
                          "batch_size": bad_batch_size(1, 12), "seed": bad_seed()}),
    "least_squares": Case(C.least_squares, valid=XY, bad=BAD_XY),
    "input_moment_condition": Case(C.input_moment_condition, valid={"X": arrays((12, 2))},
                                   bad={"X": bad_array(ndim=2)}),
    "steps_to_tolerance": Case(C.steps_to_tolerance, valid={**XY, "path": arrays((5, 2)), "tol": st.floats(1e-6, 10)},
                               bad={**BAD_XY, "path": BAD_W, "tol": bad_real(0.0, low_open=True)}),
    "ShiftedTanh": Case(lambda shift: C.ShiftedTanh(shift)(np.linspace(-3, 3, 5)), valid={"shift": st.floats(-3, 3)},
                        bad={"shift": bad_real()}),
    "tanh_twin": Case(lambda **kw: C.tanh_twin(**kw)(np.ones((2, 2))),
                      valid={"model": st.builds(lambda s: nets.mlp([2, 3, 1], activation="tanh", seed=s), st.integers(0, 9)),
                             "to": st.sampled_from(["sigmoid", "shifted"]), "shift": st.floats(-2, 2)},
                      bad={"model": st.one_of(bad_model(), st.tuples(st.just(nets.mlp([2, 3, 1])), st.just(V))),
                           "to": bad_choice("sigmoid", "shifted"), "shift": bad_real()},
                      names={"to": ("to",)}),
    "DepthSweep": Case(lambda **kw: C.DepthSweep(
        activations=("tanh",), depths=(1,), lrs=(0.1, 1.0), seeds=(0, 1), epochs=1, width=1, init="xavier_normal",
        final={("tanh", 1): kw["final"]}, curves={("tanh", 1): None}).best(kw["activation"], kw["depth"]),
        valid={"final": arrays((2, 2), 0.0, 1.0), "activation": "tanh", "depth": 1},
        bad={"activation": st.tuples(st.sampled_from(["sigmoid", "relu"]), st.just(V)),
             "depth": st.tuples(st.sampled_from([0, 2, 6]), st.just(V))},
        names={"activation": ("activation, depth",), "depth": ("activation, depth",)}),
    "depth_sweep": Case(C.depth_sweep,
                        valid={"X": arrays((12, 2)), "y": st.just(np.arange(12) % 2),
                               "activations": st.sampled_from([("tanh",), ("sigmoid", "tanh")]),
                               "depths": st.sampled_from([(1,), (1, 2)]), "lrs": st.just((0.1,)),
                               "seeds": st.just((0, 1)), "width": st.integers(1, 4), "epochs": st.integers(1, 3),
                               "batch_size": st.sampled_from([None, 4])},
                        bad={"X": st.one_of(bad_array(ndim=2, empty=False),
                                            st.tuples(st.just(np.zeros((3, 2))), st.just(V))),
                             "y": st.one_of(st.tuples(st.sampled_from([np.zeros(5, int), -np.ones(12, int),
                                                                       np.zeros((12, 1), int)]), st.just(V)),
                                            st.tuples(st.sampled_from([np.zeros(12), "y"]), st.just(T))),
                             "activations": st.one_of(
                                 st.tuples(st.sampled_from([(), ("relu_bogus",), ("tanh", "tanh")]), st.just(V)),
                                 st.tuples(st.sampled_from(["tanh", None, (3,)]), st.just(T))),
                             "depths": st.one_of(st.tuples(st.sampled_from([(), (0,), (1, 1), (51,)]), st.just(V)),
                                                 st.tuples(st.sampled_from([3, "1", (1.5,)]), st.just(T))),
                             "lrs": st.one_of(st.tuples(st.sampled_from([(), (0.0,), (-1.0,), (np.nan,)]), st.just(V)),
                                              st.tuples(st.sampled_from([0.1, ("a",), (None,)]), st.just(T))),
                             "seeds": st.one_of(st.tuples(st.sampled_from([(), (-1,), (0, 0)]), st.just(V)),
                                                st.tuples(st.sampled_from([0, (1.5,), ("0",)]), st.just(T))),
                             "width": bad_int(1, 1024), "epochs": bad_int(1, 100_000),
                             "batch_size": bad_batch_size(1, 12),
                             "init": st.one_of(st.tuples(st.sampled_from(["bogus_init"]), st.just(V)),
                                               st.tuples(st.sampled_from([3, None]), st.just(T)))},
                        names={"activations": ("activations",), "init": ("init", "name", "initial")},
                        finite=False, valid_examples=3, bad_examples=4),
}

test_valid, test_bad = make_tests(CASES)
