"""Bad-input cases for actbook.propagation (chapter 8)."""

import numpy as np
from hypothesis import strategies as st

from actbook import propagation as P

from .harness import (Case, T, V, arrays, bad_activation, bad_array, bad_callable, bad_choice, bad_int, bad_model,
                      bad_real, bad_seed, constant, make_tests, trivial_class)

ACT = st.sampled_from(["tanh", "relu", "selu"])
NAMES = {"activation": ("activation", "name")}
STACK = st.builds(lambda s: P.stack(3, 5, "tanh", weight_var=1 / 5, seed=s), st.integers(0, 9))
CFG = [{"label": "tanh", "activation": "tanh", "weight_var": 0.2}]

CASES = {
    "SCHEMES": constant(P.SCHEMES, lambda v: "he" in v),
    "fraction_outside": Case(P.fraction_outside, valid={"bound": st.floats(0, 10), "std": st.floats(0.01, 10)},
                             bad={"bound": bad_real(0.0), "std": bad_real(0.0, low_open=True)},
                             check=lambda out, kw: 0 <= out <= 1),
    "gaussian_expectation": Case(P.gaussian_expectation, valid={"g": st.sampled_from([np.tanh, np.square]),
                                                                "variance": st.floats(0, 10)},
                                 bad={"g": st.one_of(bad_callable(), st.tuples(st.just(lambda z: 1.0), st.just(V))),
                                      "variance": bad_real(0.0)}),
    "weight_variance": Case(P.weight_variance, valid={"scheme": st.sampled_from(list(P.SCHEMES) + ["he_normal"]),
                                                      "fan_in": st.integers(1, 100), "fan_out": st.integers(1, 100),
                                                      "scale": st.floats(0, 3)},
                            bad={"scheme": st.one_of(bad_choice(*P.SCHEMES), st.tuples(st.just("xavier_bogus"), st.just(V))),
                                 "fan_in": bad_int(1), "fan_out": bad_int(1), "scale": bad_real(0.0)}),
    "stack": Case(lambda **kw: P.stack(**kw)(np.ones((2, kw["width"]))),
                  valid={"depth": st.integers(1, 4), "width": st.integers(1, 6), "activation": ACT,
                         "weight_var": st.floats(0.01, 1), "seed": st.integers(0, 9)},
                  bad={"depth": bad_int(1), "width": st.one_of(bad_int(1), st.tuples(st.just(10**5), st.just(V))),
                       "activation": bad_activation(), "seed": bad_seed(),
                       "weight_var": st.one_of(bad_real(0.0, types=False),
                                               st.tuples(st.sampled_from(["1", None]), st.just((TypeError, ValueError))))},
                  names={**NAMES, "width": ("width",)}),
    "Propagation": trivial_class(P.Propagation, **{k: np.ones(2) for k in ("z_var", "a_mean", "a_std", "a_sq",
                                                                           "delta_var", "grad_w_var", "saturated")},
                                 activations=[]),
    "measure": Case(P.measure, valid={"model": STACK, "X": arrays((6, 5)), "seed": st.integers(0, 9)},
                    bad={"model": bad_model(),
                         "X": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((2, 3))), st.just(V))),
                         "grad_out": st.tuples(st.sampled_from([np.zeros((2, 2)), np.full((6, 5), np.nan)]), st.just(V)),
                         "seed": bad_seed()}),
    "predict": Case(P.predict, valid={"activation": ACT, "depth": st.integers(1, 10), "weight_var": st.floats(0.01, 0.5),
                                      "width": st.integers(1, 10)},
                    bad={"activation": st.one_of(bad_activation(), st.tuples(st.just("maxout"), st.just(V))),
                         "depth": bad_int(1, 10**5), "weight_var": bad_real(0.0), "width": bad_int(1),
                         "input_sq": bad_real(0.0), "grad_var": bad_real(0.0)},
                    names=NAMES, finite=False),
    "variance_table": Case(P.variance_table, valid={"configs": st.just(CFG), "layers": st.just([1, 2]), "depth": 2,
                                                    "width": st.integers(2, 6), "n_samples": st.integers(2, 20),
                                                    "seeds": (0, 1)},
                           bad={"configs": st.tuples(st.sampled_from([3, [{"label": "x"}], "c"]), st.just(T)),
                                "layers": st.one_of(st.tuples(st.sampled_from([[0], [3]]), st.just(V)),
                                                    st.tuples(st.sampled_from([3, [1.5]]), st.just(T))),
                                "depth": bad_int(1), "width": bad_int(1), "n_samples": bad_int(2, 10**6),
                                "seeds": st.tuples(st.sampled_from([(), (-1,), 3]), st.just((ValueError, TypeError)))},
                           names={"depth": ("depth", "layers")}, valid_examples=3, bad_examples=4),
    "histograms": Case(P.histograms, valid={"values": st.lists(arrays((20,)), min_size=1, max_size=3),
                                            "bins": st.integers(1, 30)},
                       bad={"values": st.one_of(st.tuples(st.just([]), st.just(V)),
                                                st.tuples(st.sampled_from([3, np.ones(3), ["a"]]), st.just(T))),
                            "bins": bad_int(1, 10**6),
                            "value_range": st.one_of(st.tuples(st.sampled_from([(1, 0), (0, np.inf)]), st.just(V)),
                                                     st.tuples(st.sampled_from([3, (1, 2, 3)]), st.just(T)))}),
    "max_unit_difference": Case(P.max_unit_difference, valid={"W": arrays((3, 4))},
                                bad={"W": bad_array(ndim=2), "b": st.tuples(st.sampled_from([np.zeros(2), [np.nan] * 4]),
                                                                            st.just(V))}),
    "explore": Case(P.explore, valid={"depth": st.integers(1, 5), "activation": ACT, "width": st.integers(2, 10),
                                      "n_samples": st.integers(2, 20), "bins": st.integers(1, 10)},
                    bad={"depth": bad_int(1, 200), "width": bad_int(2, 2000), "n_samples": bad_int(2, 10**5),
                         "seed": bad_int(0), "scheme": bad_choice(*P.SCHEMES), "scale": bad_real(0.0),
                         "activation": bad_activation(), "bins": bad_int(1, 10**6)},
                    names=NAMES, valid_examples=3, bad_examples=3),
    "std_map": Case(P.std_map, valid={"activation": ACT, "gains": st.just([0.5, 1.0]), "depth": st.integers(1, 4),
                                      "width": st.integers(1, 8), "n_samples": st.integers(2, 20)},
                    bad={"activation": bad_activation(), "gains": st.one_of(st.tuples(st.just([-1.0]), st.just(V)),
                                                                            st.tuples(st.sampled_from([1.0, None]), st.just(T))),
                         "depth": bad_int(1), "width": bad_int(1), "n_samples": bad_int(2, 10**5), "seed": bad_int(0)},
                    names=NAMES),
}

CASES["orthogonal"] = Case(
    P.orthogonal, valid={"n": st.integers(1, 8), "gain": st.floats(0.1, 3), "seed": st.integers(0, 99)},
    bad={"n": bad_int(1, 4096), "gain": bad_real(0.0, low_open=True), "seed": bad_seed()},
    names={"seed": ("seed",)},
    check=lambda out, kw: np.allclose(out.T @ out, kw["gain"] ** 2 * np.eye(kw["n"])))
CASES["jacobian_singular_values"] = Case(
    P.jacobian_singular_values,
    valid={"depth": st.integers(1, 4), "width": st.integers(1, 6), "activation": ACT, "gain": st.floats(0.5, 2),
           "weights": st.sampled_from(["gaussian", "orthogonal"]), "seed": st.integers(0, 99)},
    bad={"depth": bad_int(1, 10**4), "width": bad_int(1, 4096), "activation": bad_activation(),
         "gain": bad_real(0.0, low_open=True), "weights": bad_choice("gaussian", "orthogonal"), "seed": bad_seed()},
    names=NAMES, check=lambda out, kw: out.shape == (kw["width"],) and np.all(np.diff(out) <= 1e-12))

test_valid, test_bad = make_tests(CASES)
