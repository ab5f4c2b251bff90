"""Bad-input cases for actbook.nets."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import nets

from .harness import (Case, T, V, bad_activation, bad_bool, bad_int, bad_int_sequence, bad_real,
                      bad_seed, make_tests, wrong_type)

ACTS = st.sampled_from(["relu", "tanh", "sigmoid", "rrelu", "selu", "maxout", "gelu", "prelu"])


def _forward_backward(layer_factory):
    def f(n=3, rows=4, seed=0):
        layer = layer_factory(n)
        x = np.random.default_rng(seed).normal(size=(rows, n))
        out = layer.forward(x, training=True)
        return out, layer.backward(np.ones_like(out))
    return f


def _bad_init(fan_in, fan_out, rng=None):
    return np.full((fan_in, fan_out), np.nan)


CASES = {
    "Layer": Case(_forward_backward(lambda n: nets.Layer())),
    "Dense": Case(lambda **kw: nets.Dense(**kw).W,
                  valid={"n_in": st.integers(1, 9), "n_out": st.integers(1, 9), "rng": st.integers(0, 99),
                         "init": st.sampled_from(["xavier_normal", "he_uniform", "zeros"])},
                  bad={"n_in": bad_int(1), "n_out": bad_int(1), "rng": bad_seed(), "bias": bad_bool(),
                       "init": st.one_of(st.tuples(st.sampled_from(["bogus", _bad_init]), st.just(V)),
                                         st.tuples(st.sampled_from([3, None]), st.just(T)))},
                  names={"n_in": "n_in", "n_out": "n_out"}),
    "Activate": Case(lambda activation, **kw: _forward_backward(lambda n: nets.Activate(activation))(**kw),
                     valid={"activation": st.sampled_from(["relu", "tanh", "selu", "gelu"]),
                            "seed": st.integers(0, 9)},
                     bad={"activation": bad_activation()}, names={"activation": "activation"}),
    "Dropout": Case(lambda p, rng, **kw: _forward_backward(lambda n: nets.Dropout(p, rng))(**kw),
                    valid={"p": st.floats(0, 0.9), "rng": st.integers(0, 99)},
                    bad={"p": bad_real(0.0, 1.0, high_open=True), "rng": bad_seed()}),
    "BatchNorm": Case(lambda n, momentum=0.1, eps=1e-5, **kw: _forward_backward(
                          lambda m: nets.BatchNorm(m, momentum, eps))(n=n, **kw),
                      valid={"n": st.integers(1, 5), "momentum": st.floats(0, 1), "eps": st.floats(1e-8, 1)},
                      bad={"n": bad_int(1), "momentum": bad_real(0.0, 1.0), "eps": bad_real(0.0, low_open=True)}),
    "Residual": Case(lambda layers, **kw: _forward_backward(lambda n: nets.Residual(layers(n)))(**kw),
                     valid={"layers": st.just(lambda n: [nets.Dense(n, n), nets.Activate("tanh")])},
                     bad={"layers": st.tuples(st.sampled_from([lambda n: 3, lambda n: [3], lambda n: nets.Layer()]),
                                              st.just(T))}),
    "Sequential": Case(lambda layers, **kw: _forward_backward(lambda n: nets.Sequential(layers(n)))(**kw),
                       valid={"layers": st.just(lambda n: [nets.Dense(n, 2), nets.Activate("relu")])},
                       bad={"layers": st.tuples(st.sampled_from([lambda n: None, lambda n: ["relu"]]),
                                                st.just(T))}),
    "mlp": Case(lambda **kw: nets.mlp(**kw)(np.ones((3, kw["sizes"][0]))),
                valid={"sizes": st.lists(st.integers(1, 6), min_size=2, max_size=4), "activation": ACTS,
                       "seed": st.integers(0, 99), "dropout": st.floats(0, 0.5), "batchnorm": st.booleans()},
                bad={"sizes": st.one_of(bad_int_sequence(), st.tuples(st.sampled_from([[2, 10**12, 1]]), st.just(V))),
                     "activation": bad_activation(), "seed": bad_seed(),
                     "dropout": bad_real(0.0, 1.0, high_open=True), "batchnorm": bad_bool(),
                     "output_activation": st.tuples(st.sampled_from([3, 1.5]), st.just(T)),
                     "init": st.tuples(st.sampled_from(["bogus", "xavier_bogus"]), st.just(V))}),
    "default_init": Case(nets.default_init, valid={"activation": ACTS},
                         bad={"activation": st.tuples(st.sampled_from([None, 3, 1.5]), st.just(T))},
                         check=lambda out, kw: out in ("he_normal", "lecun_normal", "xavier_normal")),
}

test_valid, test_bad = make_tests(CASES)


def test_backward_before_forward_raises():
    for layer in (nets.Dense(2, 3), nets.Activate("relu"), nets.BatchNorm(3)):
        with pytest.raises(RuntimeError, match="before forward"):
            layer.backward(np.ones((1, 3)))


def test_rrelu_layers_are_seeded_from_mlp_seed():
    def slopes(seed):
        m = nets.mlp([3, 5, 5, 1], activation="rrelu", seed=seed)
        m.forward(-np.ones((4, 3)), training=True)
        return [l.act.last_slope for l in m.activation_layers]

    a, b, c = slopes(1), slopes(1), slopes(2)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0], c[0])
    assert not np.array_equal(a[0], a[1])


def test_rrelu_seeding_keeps_the_weights():
    m1 = nets.mlp([3, 5, 1], activation="rrelu", seed=4)
    m2 = nets.mlp([3, 5, 1], activation="leaky_relu", seed=4)
    assert all(np.array_equal(x.W, y.W) for x, y in zip(m1.dense_layers, m2.dense_layers))


def test_mlp_activation_none_names_activation():
    with pytest.raises(TypeError, match="activation"):
        nets.mlp([2, 3, 1], activation=None)
