"""Bad-input cases for actbook.normalization (chapter 10)."""

import numpy as np
from hypothesis import strategies as st

from actbook import datasets, normalization as N

from .harness import (Case, bad_batch_size, T, V, arrays, bad_activation, bad_array, bad_bool, bad_choice, bad_int, bad_int_sequence,
                      bad_model, bad_real, bad_seed, constant, make_tests, trivial_class)

X, Y = datasets.spirals(30, 3, seed=0)
BN = st.builds(lambda s, pl: N.make_net([2, 6, 6, 3], norm="batch", placement=pl, seed=s), st.integers(0, 9),
               st.sampled_from(N.PLACEMENTS))
BAD_X = st.one_of(bad_array(ndim=2), st.tuples(st.sampled_from([np.zeros((4, 3)), np.zeros((1, 2))]), st.just(V)))
BAD_Y = st.tuples(st.sampled_from([Y[:3], Y * 0.5, -Y - 1]), st.just(V))
SMALL = dict(depth=2, width=4, epochs=2)


def _fwd_bwd(layer, n=4):
    out = layer.forward(np.random.default_rng(0).normal(size=(5, n)), training=True)
    return out, layer.backward(np.ones_like(out))


CASES = {
    "NORMS": constant(N.NORMS, lambda v: v == (None, "batch", "layer")),
    "PLACEMENTS": constant(N.PLACEMENTS, lambda v: v == ("before", "after")),
    "batchnorm_steps": Case(N.batchnorm_steps, valid={"x": arrays((6, 3)), "eps": st.floats(1e-8, 1)},
                            bad={"x": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((1, 3))), st.just(V))),
                                 "gamma": st.tuples(st.sampled_from([np.ones(2), [np.nan] * 3]), st.just(V)),
                                 "beta": st.tuples(st.sampled_from([np.ones(4)]), st.just(V)),
                                 "eps": bad_real(0.0, low_open=True)}),
    "identity_params": Case(N.identity_params, valid={"x": arrays((6, 3)), "eps": st.floats(1e-8, 1)},
                            bad={"x": bad_array(ndim=2), "eps": bad_real(0.0, low_open=True)}),
    "LayerNorm": Case(lambda n, eps=1e-5: _fwd_bwd(N.LayerNorm(n, eps), n), valid={"n": st.integers(2, 6)},
                      bad={"n": bad_int(2), "eps": bad_real(0.0, low_open=True)}),
    "NoisyShift": Case(lambda **kw: _fwd_bwd(N.NoisyShift(**kw)), valid={"strength": st.floats(0, 1), "rng": st.integers(0, 9)},
                       bad={"strength": bad_real(0.0), "rng": bad_seed()}),
    "make_net": Case(lambda **kw: N.make_net(**kw)(np.ones((3, kw["sizes"][0]))),
                     valid={"sizes": st.lists(st.integers(1, 5), min_size=3, max_size=4), "norm": st.sampled_from(N.NORMS),
                            "placement": st.sampled_from(N.PLACEMENTS), "seed": st.integers(0, 9),
                            "dropout": st.floats(0, 0.5)},
                     bad={"sizes": st.one_of(bad_int_sequence(), st.tuples(st.sampled_from([[2, 3], [2, 10**5, 10**5, 1]]), st.just(V))),
                          "norm": st.tuples(st.sampled_from(["bogus", 3]), st.just(V)),
                          "placement": st.tuples(st.sampled_from(["middle", 3]), st.just(V)),
                          "dropout": bad_real(0.0, 1.0, high_open=True), "seed": bad_seed(),
                          "activation": bad_activation(), "noise": bad_real(0.0),
                          "init": st.one_of(st.tuples(st.sampled_from(["bogus", -1.0]), st.just(V)),
                                            st.tuples(st.sampled_from([True, None]), st.just(T)))},
                     names={"activation": ("activation", "name")}),
    "saturation": Case(N.saturation, valid={"model": BN, "X": X, "training": st.booleans(), "rel": st.floats(0, 1)},
                       bad={"model": bad_model(), "X": BAD_X, "training": bad_bool(), "rel": bad_real(0.0, 1.0)}),
    "normalised_spread": Case(N.normalised_spread, valid={"x0": st.floats(-3, 3), "batch_size": st.integers(2, 64),
                                                          "n_draws": st.integers(2, 500), "seed": st.integers(0, 9)},
                              bad={"x0": bad_real(), "batch_size": bad_int(2, 10**5), "n_draws": bad_int(2, 10**7),
                                   "seed": bad_seed()}),
    "normalised_spread_theory": Case(N.normalised_spread_theory, valid={"x0": st.floats(-3, 3), "batch_size": st.integers(2, 10**4)},
                                     bad={"x0": bad_real(), "batch_size": bad_int(2)}),
    "gain_init": Case(lambda gain: N.gain_init(gain)(3, 4, 0), valid={"gain": st.floats(0.01, 10)},
                      bad={"gain": bad_real(0.0, low_open=True)}),
    "Run": trivial_class(N.Run, loss=np.ones(3), train_mode_loss=1.0, val_accuracy=0.5, diverged=False),
    "run": Case(lambda **kw: N.run(**kw).loss, valid={"X": X, "y": Y, **SMALL, "norm": st.sampled_from(N.NORMS),
                                                     "seed": st.integers(0, 9), "batch_size": st.sampled_from([None, 7, 29])},
                bad={"X": BAD_X, "y": BAD_Y, "depth": bad_int(1), "width": bad_int(2), "seed": bad_int(0),
                     "lr": bad_real(0.0, low_open=True), "epochs": bad_int(0, 10**6), "batch_size": bad_batch_size(1),
                     "norm": st.tuples(st.just("bogus"), st.just(V)),
                     "X_val": st.tuples(st.just(np.zeros((4, 3))), st.just(V)),
                     "y_val": st.tuples(st.just(Y[:4]), st.just((ValueError, TypeError)))},
                names={"y_val": ("y_val", "X_val")}, valid_examples=4, bad_examples=3),
    "moment_drift": Case(N.moment_drift, valid={"X": X, "y": Y, "layer": st.integers(0, 1), **SMALL,
                                                "norm": st.sampled_from(N.NORMS)},
                         bad={"X": BAD_X, "y": BAD_Y, "layer": bad_int(0, 1), "depth": bad_int(1), "seed": bad_int(0),
                              "width": st.tuples(st.just(10**5), st.just(V))},
                         names={"layer": ("layer",)}, valid_examples=3, bad_examples=3),
    "sweep": Case(N.sweep, valid={"X": X, "y": Y, "name": "lr", "values": st.just([0.05, 0.1]), "seeds": (0,), **SMALL},
                  bad={"name": st.tuples(st.sampled_from([3, None]), st.just(T)),
                       "values": st.tuples(st.sampled_from([0.1, None]), st.just(T)),
                       "seeds": st.one_of(st.tuples(st.just(()), st.just(V)), st.tuples(st.sampled_from([3, None]), st.just(T)))},
                  finite=False, valid_examples=2, bad_examples=3),
    "explorer_update": Case(N.explorer_update, valid={"batch_size": st.integers(2, 32), "lr": st.floats(0.01, 0.5),
                                                      "depth": st.integers(1, 3), "epochs": st.integers(0, 2),
                                                      "n": st.integers(32, 60)},
                            bad={"batch_size": bad_int(2), "lr": bad_real(0.0, low_open=True), "n": bad_int(None, 10**5),
                                 "depth": bad_int(1, 100), "epochs": bad_int(0, 10**6), "seed": bad_int(0)},
                            finite=False, valid_examples=3, bad_examples=3),
    "variance_shift": Case(N.variance_shift, valid={"model": BN, "X": X}, bad={"model": bad_model(), "X": BAD_X}),
    "landscape_probe": Case(N.landscape_probe, valid={"model": BN, "X": X, "y": Y, "steps": st.just([0.0, 0.1, 1.0])},
                            bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y,
                                 "steps": st.one_of(st.tuples(st.sampled_from([[-1.0], [np.nan]]), st.just(V)),
                                                    st.tuples(st.sampled_from([0.1, None]), st.just(T)))},
                            names={"steps": ("steps",)}),
    "batch_mode_loss": Case(N.batch_mode_loss, valid={"model": BN, "X": X, "y": Y, "batch_size": st.integers(2, 30)},
                            bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y, "batch_size": bad_int(2, 30),
                                 "seed": bad_seed()}),
}

CASES["gradient_shift"] = Case(
    N.gradient_shift, valid={"model": BN, "X": X, "y": Y, "layer": st.integers(0, 2), "lr": st.floats(1e-3, 1.0)},
    bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y, "layer": bad_int(0, 2), "lr": bad_real(0.0, low_open=True)},
    check=lambda out, kw: out[0] >= 0 and -1 - 1e-12 <= out[1] <= 1 + 1e-12, valid_examples=3, bad_examples=4)
CASES["ics_measure"] = Case(
    N.ics_measure, valid={"X": X, "y": Y, "layer": st.integers(0, 1), "depth": 2, "width": 4,
                          "epochs": st.integers(1, 2), "batch_size": 10, "seed": st.integers(0, 9),
                          "norm": st.sampled_from([None, "batch"])},
    bad={"X": BAD_X, "y": BAD_Y, "layer": bad_int(0, 1), "depth": bad_int(1, 10**4), "seed": bad_int(0)},
    check=lambda out, kw: set(out) == {"grad_change", "grad_cos", "input_drift", "loss"},
    valid_examples=2, bad_examples=3)
CASES["recompute_running_stats"] = Case(
    lambda model, X: [(b.running_mean, b.running_var) for b in N.recompute_running_stats(model, X)._walk()
                      if hasattr(b, "running_var")],
    valid={"model": BN, "X": X}, bad={"model": bad_model(), "X": BAD_X},
    check=lambda out, kw: len(out) == 2 and all(np.all(v > 0) for _, v in out))

test_valid, test_bad = make_tests(CASES)
