"""Bad-input cases for actbook.gradcheck."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import datasets, gradcheck as G, nets

from .harness import (Case, T, V, arrays, bad_array, bad_bool, bad_callable, bad_choice, bad_model,
                      bad_real, make_tests)

X, Y = datasets.xor(8, seed=0)
MODEL = st.builds(lambda s: nets.mlp([2, 3, 2], activation="tanh", seed=s), st.integers(0, 99))
BAD_X = st.one_of(st.tuples(st.sampled_from([np.zeros((8, 3)), np.zeros((0, 2)), np.full((8, 2), np.nan)]),
                            st.just(V)),
                  st.tuples(st.just("X"), st.just(T)))
BAD_Y = st.tuples(st.sampled_from([Y[:3], np.full(8, 5), Y.astype(float)]), st.just(V))

CASES = {
    "numerical_derivative": Case(G.numerical_derivative,
                                 valid={"f": st.sampled_from([np.tanh, np.sin]), "x": arrays((5,)),
                                        "h": st.floats(1e-8, 1e-3)},
                                 bad={"f": bad_callable(), "x": bad_array(empty=False),
                                      "h": bad_real(0.0, low_open=True)}),
    "numerical_gradient": Case(G.numerical_gradient,
                               valid={"f": st.just(lambda v: float(np.sum(v ** 2))), "x": arrays((2, 3)),
                                      "h": st.floats(1e-8, 1e-3)},
                               bad={"f": bad_callable(), "x": bad_array(empty=False),
                                    "h": bad_real(0.0, low_open=True)}),
    "relative_error": Case(G.relative_error, valid={"a": arrays((4,)), "b": arrays((4,)),
                                                    "floor": st.floats(1e-12, 1)},
                           bad={"a": st.one_of(st.tuples(st.sampled_from([np.zeros(3), [np.nan] * 4]), st.just(V)),
                                               st.tuples(st.just("a"), st.just(T))),
                                "b": st.tuples(st.sampled_from([np.zeros(5), [np.nan] * 4]), st.just(V)),
                                "floor": bad_real(0.0, low_open=True)},
                           check=lambda out, kw: 0 <= out <= 1),
    "check_model": Case(G.check_model, valid={"model": MODEL, "X": X, "y": Y},
                        bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y, "loss": bad_choice("cross_entropy"),
                             "training": bad_bool(), "h": bad_real(0.0, low_open=True)},
                        valid_examples=3, bad_examples=4, check=lambda out, kw: out < 1e-4),
    "model_gradients": Case(G.model_gradients, valid={"model": MODEL, "X": X, "y": Y},
                            bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y,
                                 "loss": bad_choice("cross_entropy"), "training": bad_bool()}),
}

test_valid, test_bad = make_tests(CASES)


def test_floor_zero_is_an_error_not_a_zero_division():
    with pytest.raises(ValueError, match="floor"):
        G.relative_error([0.0], [0.0], floor=0)
