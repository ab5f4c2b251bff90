"""Bad-input cases for actbook.gradflow (chapter 5)."""

import numpy as np
from hypothesis import strategies as st

from actbook import gradflow as G

from .harness import (Case, T, V, arrays, bad_activation, bad_array, bad_bool, bad_choice, bad_int, bad_model,
                      bad_real, bad_seed, constant, make_tests, trivial_class)

ACT = st.sampled_from(["tanh", "sigmoid", "relu"])
NET = st.builds(lambda s, d: G.deep_mlp(d, 6, "tanh", n_out=3, seed=s), st.integers(0, 9), st.integers(1, 3))
X6 = arrays((5, 6))
Y3 = np.array([0, 1, 2, 0, 1])
GRADS = st.builds(lambda s: [np.random.default_rng(s).normal(size=(3, 2)), np.ones(4)], st.integers(0, 99))
BAD_GRADS = st.one_of(st.tuples(st.sampled_from([3, np.ones(3)]), st.just(T)),
                      st.tuples(st.just([np.array([np.nan])]), st.just(V)))

CASES = {
    "ACTIVATIONS": constant(G.ACTIVATIONS, lambda v: "sigmoid" in v),
    "scalar_chain_bound": Case(G.scalar_chain_bound, valid={"depth": st.integers(1, 50), "x": st.floats(-10, 10),
                                                            "w_max": st.floats(0, 4), "slope_max": st.floats(0, 1)},
                               bad={"depth": bad_int(1), "x": bad_real(), "w_max": bad_real(0.0),
                                    "slope_max": bad_real(0.0)}),
    "ScalarChain": trivial_class(G.ScalarChain, w=np.ones(2), z=np.ones(2), a=np.ones(2), slopes=np.ones(2),
                                 grad_w=np.ones(2), grad_b=np.ones(2)),
    "scalar_chain": Case(G.scalar_chain, valid={"weights": arrays((5,), -3, 3), "x": st.floats(-3, 3),
                                                "activation": ACT},
                         bad={"weights": bad_array(), "biases": st.tuples(st.sampled_from([np.ones(2), [np.nan] * 5]),
                                                                          st.just(V)),
                              "x": bad_real(), "activation": st.one_of(bad_activation(),
                                                                       st.tuples(st.just("maxout"), st.just(V)))},
                         names={"activation": ("activation", "name")}),
    "sigmoid_window": Case(G.sigmoid_window, valid={"w": arrays((5,), 0.1, 50)},
                           bad={"w": st.one_of(st.tuples(st.sampled_from([[0.0], [np.nan]]), st.just(V)),
                                               st.tuples(st.just("w"), st.just(T)))}),
    "gain_init": Case(lambda gain: G.gain_init(gain)(3, 4, 0), valid={"gain": st.floats(0.01, 10)},
                      bad={"gain": bad_real(0.0, low_open=True)}),
    "deep_mlp": Case(lambda **kw: G.deep_mlp(**kw)(np.ones((2, kw.get("width", 8)))),
                     valid={"depth": st.integers(1, 4), "width": st.integers(1, 8), "activation": ACT,
                            "gain": st.floats(0.1, 3), "seed": st.integers(0, 9)},
                     bad={"depth": bad_int(1), "width": st.one_of(bad_int(1), st.tuples(st.just(10**6), st.just(V))),
                          "activation": bad_activation(), "gain": bad_real(0.0, low_open=True),
                          "n_out": bad_int(1), "residual": bad_bool(), "batchnorm": bad_bool(), "seed": bad_seed()},
                     names={"activation": ("activation", "name"), "width": ("width", "depth")}),
    "GradFlow": trivial_class(G.GradFlow, weight=np.ones(2), bias=np.ones(2), signal=np.ones(2), loss=1.0),
    "gradient_flow": Case(G.gradient_flow, valid={"model": NET, "X": X6, "y": Y3, "training": st.booleans()},
                          bad={"model": bad_model(),
                               "X": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((5, 2))), st.just(V))),
                               "y": st.tuples(st.sampled_from([Y3[:2], np.full(5, 9)]), st.just(V)),
                               "loss": bad_choice("cross_entropy"), "training": bad_bool()}),
    "init_profile": Case(G.init_profile, valid={"depth": st.integers(1, 3), "activation": ACT, "width": st.integers(2, 6),
                                                "n": st.integers(2, 10), "seeds": st.just((0, 1)), "n_out": 3},
                         bad={"depth": bad_int(1), "n": bad_int(2, 10**6), "width": bad_int(1),
                              "seeds": st.one_of(st.tuples(st.sampled_from([(), (-1,)]), st.just((ValueError, TypeError))),
                                                 st.tuples(st.sampled_from([3, None, (1.5,)]), st.just(T))),
                              "activation": bad_activation()},
                         names={"activation": ("activation", "name")}),
    "derivative_samples": Case(G.derivative_samples, valid={"depth": st.integers(1, 3), "activation": ACT,
                                                            "width": st.integers(1, 6), "n": st.integers(1, 10),
                                                            "seed": st.integers(0, 9)},
                               bad={"depth": bad_int(1), "n": bad_int(1, 10**6), "seed": bad_int(0),
                                    "activation": bad_activation()},
                               names={"activation": ("activation", "name")}),
    "saturated_fraction": Case(G.saturated_fraction, valid={"slopes": arrays((10,), 0, 0.25), "activation": ACT,
                                                            "rel": st.floats(0, 1)},
                               bad={"slopes": bad_array(), "rel": bad_real(0.0, 1.0), "activation": bad_activation()},
                               names={"activation": ("activation", "name")}, check=lambda out, kw: 0 <= out <= 1),
    "explorer_update": Case(G.explorer_update, valid={"depth": st.integers(1, 4), "activation": st.sampled_from(G.ACTIVATIONS),
                                                      "width": st.integers(2, 8), "n": st.integers(2, 8)},
                            bad={"depth": bad_int(1), "activation": st.tuples(st.sampled_from(["bogus", None, 3]),
                                                                              st.just((ValueError, TypeError))),
                                 "seed": bad_int(0), "gain": bad_real(0.0, low_open=True)},
                            finite=False),
    "global_norm": Case(G.global_norm, valid={"grads": GRADS}, bad={"grads": BAD_GRADS}),
    "clip_global_norm": Case(G.clip_global_norm, valid={"grads": GRADS, "max_norm": st.floats(0.01, 10)},
                             bad={"grads": BAD_GRADS, "max_norm": bad_real(0.0, low_open=True)}),
    "matrix_with_spectral_radius": Case(G.matrix_with_spectral_radius, valid={"n": st.integers(1, 10), "rho": st.floats(0, 3),
                                                                              "seed": st.integers(0, 9)},
                                        bad={"n": bad_int(1, 10**4), "rho": bad_real(0.0), "seed": bad_seed()}),
    "rnn_jacobian_norms": Case(G.rnn_jacobian_norms,
                               valid={"W": st.builds(lambda s: G.matrix_with_spectral_radius(4, 0.9, s), st.integers(0, 9)),
                                      "steps": st.integers(1, 20), "activation": ACT, "input_scale": st.floats(0, 1)},
                               bad={"W": st.one_of(bad_array(), st.tuples(st.just(np.ones((2, 3))), st.just(V))),
                                    "steps": bad_int(1, 10**5), "input_scale": bad_real(0.0), "seed": bad_seed(),
                                    "activation": bad_activation()},
                               names={"activation": ("activation", "name")}),
}

CASES["activation_spread"] = Case(
    G.activation_spread, valid={"model": NET, "X": X6},
    bad={"model": bad_model(), "X": st.one_of(bad_array(ndim=2), st.tuples(
        st.sampled_from([np.zeros((5, 3)), np.zeros((1, 6))]), st.just(V)))},
    check=lambda out, kw: out.ndim == 1 and out.size >= 1 and np.all(out >= 0))

test_valid, test_bad = make_tests(CASES)
