"""Bad-input cases for actbook.dying (chapter 3)."""

import numpy as np
from hypothesis import strategies as st

from actbook import datasets, dying as D, nets

from .harness import (Case, bad_batch_size, T, V, arrays, bad_activation, bad_array, bad_callable, bad_int, bad_int_sequence,
                      bad_model, bad_real, bad_seed, make_tests, trivial_class)

X, Y = datasets.moons(20, seed=0)
NET = st.builds(lambda s: nets.mlp([2, 4, 4, 2], seed=s), st.integers(0, 9))
BAD_X = st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((4, 3))), st.just(V)))
BAD_Y = st.tuples(st.sampled_from([Y[:3], Y * 0.5]), st.just(V))
F = st.sampled_from([np.exp, np.square, np.cosh])
LOHI = {"lo": st.floats(-3, -0.1), "hi": st.floats(0.1, 3)}
BAD_LOHI = {"lo": bad_real(), "hi": bad_real()}
ACT = st.sampled_from(["relu", "elu", "selu", "tanh"])

CASES = {
    "dead_mask": Case(D.dead_mask, valid={"z": arrays((5, 3))},
                      bad={"z": st.one_of(st.tuples(st.sampled_from([np.zeros(3), np.zeros((0, 3))]), st.just(V)),
                                          st.tuples(st.just("z"), st.just(T)))}),
    "dead_fractions": Case(D.dead_fractions, valid={"model": NET, "X": X}, bad={"model": bad_model(), "X": BAD_X}),
    "inactive_fractions": Case(D.inactive_fractions, valid={"model": NET, "X": X},
                               bad={"model": bad_model(), "X": BAD_X}),
    "DyingRun": Case(lambda: D.DyingRun(lr=0.1, seed=0, dead=np.zeros((2, 1)), accuracy=np.ones(2), loss=np.ones(2),
                                        diverged_at=None, dead_total=np.zeros(2)).dead_before),
    "dying_run": Case(D.dying_run, valid={"X": X, "y": Y, "lr": st.floats(1e-3, 0.5), "seed": st.integers(0, 9),
                                          "activation": ACT, "hidden": st.sampled_from([(4,), (3, 3)]),
                                          "epochs": st.integers(0, 2)},
                      bad={"X": BAD_X, "y": BAD_Y, "lr": bad_real(0.0, low_open=True), "seed": bad_int(0),
                           "hidden": bad_int_sequence(), "epochs": bad_int(0, 10**6), "activation": bad_activation(),
                           "batch_size": bad_batch_size(1)},
                      finite=False, valid_examples=3, bad_examples=4),
    "dying_sweep": Case(D.dying_sweep, valid={"X": X, "y": Y, "lrs": st.just([0.1, 1.0]), "seeds": st.just([0]),
                                              "epochs": st.integers(0, 2), "hidden": (4,)},
                        bad={"lrs": st.one_of(st.tuples(st.sampled_from([[], [-1.0], [np.nan]]), st.just(V)),
                                              st.tuples(st.sampled_from([0.1, None, ["a"]]), st.just(T))),
                             "seeds": st.one_of(st.tuples(st.sampled_from([[], [-1]]), st.just((ValueError, TypeError))),
                                                st.tuples(st.sampled_from([0, None]), st.just(T))),
                             "epochs": bad_int(0, 10**6)},
                        names={"lrs": ("lrs",), "seeds": ("seeds",)},
                        finite=False, valid_examples=2, bad_examples=3),
    "selu_constants": Case(D.selu_constants, check=lambda out, kw: abs(out[0] - 1.6733) < 1e-4),
    "gaussian_moments": Case(D.gaussian_moments, valid={"activation": ACT, "mean": st.floats(-2, 2), "std": st.floats(0.1, 3)},
                             bad={"activation": st.one_of(bad_activation(), st.tuples(st.just("maxout"), st.just(V))),
                                  "mean": bad_real(), "std": bad_real(0.0, low_open=True)},
                             names={"activation": ("activation",)}, valid_examples=3),
    "moments_through_depth": Case(D.moments_through_depth,
                                  valid={"activation": ACT, "depth": st.integers(1, 4), "width": st.integers(1, 8),
                                         "n": st.integers(2, 20), "seed": st.integers(0, 9)},
                                  bad={"activation": bad_activation(), "depth": bad_int(1),
                                       "width": st.one_of(bad_int(1), st.tuples(st.just(10**5), st.just(V))),
                                       "n": bad_int(2), "input_std": bad_real(0.0, low_open=True), "seed": bad_seed(),
                                       "init": st.tuples(st.just("bogus"), st.just(V))},
                                  names={"activation": ("activation",), "width": ("width",)}),
    "secant_pieces": Case(D.secant_pieces, valid={"f": F, **LOHI, "k": st.integers(1, 20)},
                          bad={"f": bad_callable(), **BAD_LOHI, "k": bad_int(1, 10**7)}),
    "max_affine": Case(D.max_affine, valid={"x": arrays((5,)), "w": arrays((3,)), "b": arrays((3,))},
                       bad={"x": bad_array(empty=False), "w": st.tuples(st.sampled_from([np.zeros(2), [], [np.nan] * 3]), st.just(V)),
                            "b": st.tuples(st.sampled_from([np.zeros(2), [np.nan] * 3]), st.just(V))},
                       names={"w": ("w",), "b": ("b",)}),
    "maxout_fit_error": Case(D.maxout_fit_error, valid={"f": F, **LOHI, "k": st.integers(1, 20), "n_eval": st.integers(2, 500)},
                             bad={"f": bad_callable(), **BAD_LOHI, "k": bad_int(1, 10**7), "n_eval": bad_int(2, 10**7)}),
    "dc_pieces": Case(D.dc_pieces, valid={"f": st.sampled_from([np.sin, np.tanh]), **LOHI, "m": st.integers(1, 20)},
                      bad={"f": bad_callable(), **BAD_LOHI, "m": bad_int(1, 10**7)}),
    "unused_pieces": Case(D.unused_pieces, valid={"z": arrays((5, 6)), "k": st.sampled_from([1, 2, 3, 6])},
                          bad={"z": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((5, 5))), st.just(V))),
                               "k": bad_int(1)}, names={"z": ("z",), "k": ("k",)}),
}

CASES["distinct_pieces"] = Case(
    D.distinct_pieces, valid={"w": st.sampled_from([np.array([1.0, 1.0, 2.0]), np.array([0.5, -1.0, 3.0])]),
                              "b": st.just(np.array([0.0, 0.0, 1.0])), "atol": st.floats(0.0, 1e-3)},
    bad={"w": st.one_of(st.tuples(st.sampled_from([np.zeros((3, 2)), np.zeros(0), np.zeros(2), np.full(3, np.nan)]),
                                  st.just(V)), st.tuples(st.just("w"), st.just(T))),
         "b": st.one_of(st.tuples(st.sampled_from([np.zeros(2), np.full(3, np.inf)]), st.just(V)),
                        st.tuples(st.just(np.array(["a", "b", "c"])), st.just(T))),
         "atol": bad_real(0.0)},
    check=lambda out, kw: out[0].shape == out[1].shape and out[0].size <= 3)


CASES["layer_snapshot"] = Case(
    D.layer_snapshot, valid={"model": NET, "X": X, "y": Y},
    bad={"model": bad_model(), "X": BAD_X,
         "y": st.tuples(st.sampled_from([Y[:3], np.full(20, 9)]), st.just(V)),
         "loss": st.tuples(st.sampled_from(["hinge", 3]), st.just((ValueError, TypeError)))},
    check=lambda out, kw: len(out.grad_z) == len(out.a) == 2 and out.grad_z[0].shape == (20, 4))
CASES["LayerSnapshot"] = Case(
    lambda which: D.layer_snapshot(nets.mlp([2, 4, 2], seed=0), X, Y).zero_fraction(which),
    valid={"which": st.sampled_from(["a", "z", "grad_z"])},
    bad={"which": st.tuples(st.sampled_from(["W", "", "A"]), st.just(V))},
    check=lambda out, kw: out.shape == (1,) and 0 <= out[0] <= 1)

test_valid, test_bad = make_tests(CASES)
