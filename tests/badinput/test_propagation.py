"""Bad-input cases for actbook.propagation (chapter 8)."""

import numpy as np
from hypothesis import strategies as st

from actbook import nets
from actbook import propagation as P

from .harness import (Case, T, V, arrays, bad_activation, bad_array, bad_bool, bad_callable, bad_choice, bad_int, bad_model,
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

# ---- weight initialisation beyond the dense case (convolutions, residual nets, LSUV, one run)
IMGS = arrays((2, 5, 5, 2))
CASES["im2col"] = Case(P.im2col, valid={"images": IMGS, "k": st.integers(1, 5)},
                       bad={"images": bad_array(ndim=4), "k": bad_int(1, 5)},
                       check=lambda out, kw: out.shape == (2 * (6 - kw["k"]) ** 2, 2 * kw["k"] ** 2))
CASES["conv2d"] = Case(P.conv2d, valid={"images": IMGS, "kernels": arrays((3, 3, 2, 4))},
                       bad={"images": bad_array(ndim=4),
                            "kernels": st.one_of(bad_array(ndim=4), st.tuples(
                                st.sampled_from([np.ones((3, 3, 1, 4)), np.ones((3, 2, 2, 4)),
                                                 np.ones((6, 6, 2, 1))]), st.just(V)))},
                       check=lambda out, kw: out.shape == (2, 3, 3, 4))
CASES["RESIDUAL_BRANCHES"] = constant(P.RESIDUAL_BRANCHES, lambda v: "fixup" in v)
CASES["residual_stack"] = Case(
    lambda **kw: P.residual_moments(P.residual_stack(**kw), np.ones((3, kw["width"]))),
    valid={"depth": st.integers(1, 4), "width": st.integers(1, 6),
           "branch": st.sampled_from(list(P.RESIDUAL_BRANCHES)), "seed": st.integers(0, 9)},
    bad={"depth": bad_int(1, 10_000), "width": bad_int(1), "branch": bad_choice(*P.RESIDUAL_BRANCHES),
         "seed": bad_seed()})
RES = st.builds(lambda s: P.residual_stack(2, 4, "he", seed=s), st.integers(0, 9))
CASES["residual_moments"] = Case(P.residual_moments, valid={"model": RES, "X": arrays((5, 4))},
                                 bad={"model": st.one_of(bad_model(), st.tuples(st.just(P.stack(2, 4, "tanh", weight_var=0.2)), st.just(T))),
                                      "X": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.ones((5, 3))), st.just(V)))},
                                 check=lambda out, kw: out.shape == (3,))
CASES["semi_orthogonal"] = Case(P.semi_orthogonal, valid={"fan_in": st.integers(1, 8), "fan_out": st.integers(1, 8),
                                                          "seed": st.integers(0, 99)},
                                bad={"fan_in": bad_int(1, 4096), "fan_out": bad_int(1, 4096), "seed": bad_seed()},
                                check=lambda out, kw: np.allclose(np.linalg.svd(out, compute_uv=False), 1.0))
CASES["LSUVResult"] = trivial_class(P.LSUVResult, **{k: np.ones(2) for k in ("var_before", "var_after", "passes",
                                                                              "scale")})
MLP = st.builds(lambda s, a: nets.mlp([4, 5, 5, 2], a, seed=s), st.integers(0, 9), ACT)
CASES["lsuv"] = Case(P.lsuv, valid={"model": MLP, "X": arrays((6, 4)), "tol": st.floats(0.01, 0.5),
                                    "max_iter": st.integers(1, 10), "seed": st.integers(0, 9)},
                     bad={"model": st.one_of(bad_model(), st.tuples(st.just(P.residual_stack(1, 4)), st.just(T))),
                          "X": st.one_of(bad_array(ndim=2), st.tuples(st.just(np.ones((6, 3))), st.just(V))),
                          "tol": bad_real(0.0, low_open=True), "max_iter": bad_int(1, 1000),
                          "orthonormal": bad_bool(), "seed": bad_seed()},
                     mutates=("model",), check=lambda out, kw: np.all(np.abs(out.var_after - 1) < kw["tol"]),
                     valid_examples=4)
_X, _y = np.random.default_rng(0).standard_normal((30, 3)), np.arange(30) % 3
DATA = (_X[:20], _y[:20], _X[20:], _y[20:])
CASES["RUN_SCHEMES"] = constant(P.RUN_SCHEMES, lambda v: "lsuv" in v)
CASES["init_run"] = Case(
    lambda **kw: {k: v for k, v in P.init_run(**kw).items() if k != "history"},
    valid={"scheme": st.sampled_from(list(P.RUN_SCHEMES)), "data": DATA, "hidden": st.just([4, 4]),
           "lr": st.floats(0.01, 0.1), "epochs": st.integers(0, 2), "batch_size": st.integers(4, 20),
           "bias": st.floats(0, 0.2), "seed": st.integers(0, 9)},
    bad={"scheme": bad_choice(*P.RUN_SCHEMES),
         "data": st.one_of(st.tuples(st.sampled_from([DATA[:3], [1, 2, 3, 4], None]), st.just(T)),
                           st.tuples(st.sampled_from([(np.full((20, 3), np.nan),) + DATA[1:],
                                                      DATA[:3] + (np.ones(5, int),),
                                                      DATA[:1] + (_y[:20] - 1,) + DATA[2:]]), st.just(V))),
         "hidden": st.one_of(st.tuples(st.sampled_from([[0], [4, -1]]), st.just(V)),
                             st.tuples(st.sampled_from([3, "4", [1.5]]), st.just(T))),
         "activation": bad_activation(), "lr": bad_real(0.0, low_open=True), "epochs": bad_int(0, 10**6),
         "batch_size": bad_int(1), "bias": bad_real(), "seed": bad_int(0)},
    names={**NAMES, "data": ("data",), "hidden": ("hidden",)}, finite=False, valid_examples=4, bad_examples=4)

test_valid, test_bad = make_tests(CASES)
