"""Tests of actbook.nonlinearity (Chapter 1: why nonlinearity)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actbook import datasets, nets
from actbook import nonlinearity as nl

SQUARE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


# ----------------------------------------------------------------- collapse_affine

def _random_linear_net(sizes, seed):
    rng = np.random.default_rng(seed)
    net = nets.mlp(sizes, activation="identity", seed=seed)
    for layer in net.dense_layers:
        layer.params["b"][...] = rng.normal(size=layer.b.shape)
    return net, rng


def test_collapse_matches_deep_linear_network():
    net, rng = _random_linear_net([3, 16, 16, 16, 16, 2], seed=1)
    W, b = nl.collapse_affine(*nl.affine_layers(net))
    X = rng.normal(size=(200, 3))
    assert W.shape == (3, 2) and b.shape == (2,)
    np.testing.assert_allclose(net(X), X @ W + b, rtol=1e-12, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(widths=st.lists(st.integers(1, 6), min_size=2, max_size=6), seed=st.integers(0, 10_000))
def test_collapse_property_any_shapes(widths, seed):
    rng = np.random.default_rng(seed)
    Ws = [rng.normal(size=(a, b)) for a, b in zip(widths[:-1], widths[1:])]
    bs = [rng.normal(size=b) for b in widths[1:]]
    W, b = nl.collapse_affine(Ws, bs)
    x = rng.normal(size=(5, widths[0]))
    y = x
    for Wi, bi in zip(Ws, bs):
        y = y @ Wi + bi
    np.testing.assert_allclose(x @ W + b, y, rtol=1e-9, atol=1e-9)
    assert np.linalg.matrix_rank(W) <= min(widths)


def test_collapse_single_layer_is_a_copy():
    W0, b0 = np.arange(6.0).reshape(2, 3), np.ones(3)
    W, b = nl.collapse_affine([W0], [b0])
    np.testing.assert_array_equal(W, W0)
    W[0, 0] = 99.0
    assert W0[0, 0] == 0.0


def test_bottleneck_rank_one():
    net, _ = _random_linear_net([3, 16, 1, 16, 2], seed=2)
    W, _ = nl.collapse_affine(*nl.affine_layers(net))
    assert np.linalg.matrix_rank(W) == 1


@pytest.mark.parametrize(
    "weights, biases, exc, match",
    [
        ([], [], ValueError, "at least one layer"),
        ([np.ones((2, 3))], [], ValueError, "same length"),
        ([np.ones((2, 3)), np.ones((4, 1))], [np.ones(3), np.ones(1)], ValueError, r"weights\[1\] must have 3 rows"),
        ([np.ones((2, 3))], [np.ones(2)], ValueError, r"biases\[0\] must have shape \(3,\)"),
        ([np.ones(3)], [np.ones(3)], ValueError, r"weights\[0\] must be 2-D"),
        ([np.array([[np.nan]])], [np.ones(1)], ValueError, "finite"),
        ([[["a"]]], [np.ones(1)], TypeError, "real numbers"),
        (np.ones((2, 2, 2)), [np.ones(2)] * 2, TypeError, "sequences"),
    ],
)
def test_collapse_bad_input(weights, biases, exc, match):
    with pytest.raises(exc, match=match):
        nl.collapse_affine(weights, biases)


def test_affine_layers_rejects_nonlinear_model():
    with pytest.raises(ValueError, match="identity activations"):
        nl.affine_layers(nets.mlp([2, 4, 1], activation="relu"))
    with pytest.raises(TypeError, match="Sequential"):
        nl.affine_layers([np.eye(2)])


# ----------------------------------------------------------------- perceptron

def test_heaviside_convention_and_dtype():
    out = nl.heaviside(np.array([-1.0, 0.0, 2.0], dtype=np.float32))
    np.testing.assert_array_equal(out, [0.0, 0.0, 1.0])
    assert out.dtype == np.float32
    with pytest.raises(TypeError, match="z must"):
        nl.heaviside("x")


@pytest.mark.parametrize("labels", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 0, 0]])
def test_perceptron_converges_on_separable_gates(labels):
    r = nl.perceptron(SQUARE, labels, epochs=100, seed=3)
    assert r.converged_epoch is not None and r.accuracy[-1] == 1.0
    np.testing.assert_array_equal(nl.heaviside(SQUARE @ r.w + r.b), labels)


def test_perceptron_converges_on_random_separable_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 3))
    score = X @ np.array([1.0, -2.0, 0.5]) + 0.1
    keep = np.abs(score) > 0.2                      # margin, so the theorem's bound is small
    X, y = X[keep], (score[keep] > 0).astype(int)
    r = nl.perceptron(X, y, epochs=1000, seed=0)
    assert r.converged_epoch is not None
    assert np.array_equal(nl.heaviside(X @ r.w + r.b), y)


def test_perceptron_never_converges_on_xor():
    _, y = datasets.xor_points()
    for seed in range(5):
        r = nl.perceptron(SQUARE, y, epochs=50, seed=seed)
        assert r.converged_epoch is None
        assert r.accuracy.max() <= 0.75
        assert len(r.accuracy) == 51
        assert np.mean(nl.heaviside(SQUARE @ r.best_w + r.best_b) == y) == r.accuracy.max()


def test_perceptron_is_deterministic():
    _, y = datasets.xor_points()
    a = nl.perceptron(SQUARE, y, epochs=20, seed=7)
    b = nl.perceptron(SQUARE, y, epochs=20, seed=7)
    np.testing.assert_array_equal(a.w, b.w)
    np.testing.assert_array_equal(a.accuracy, b.accuracy)


@pytest.mark.parametrize(
    "X, y, kw, exc, match",
    [
        (SQUARE, [0, 1, 2, 0], {}, ValueError, "only the labels 0 and 1"),
        (SQUARE, [0, 1, 1], {}, ValueError, "same number of rows"),
        (SQUARE, [0, 1, 1, 0], {"epochs": 0}, ValueError, r"epochs must be an integer in \[1, inf\]"),
        (SQUARE, [0, 1, 1, 0], {"lr": 0.0}, ValueError, "lr must be in"),
        (SQUARE[0], [0], {}, ValueError, "X must be 2-D"),
        (SQUARE, ["a", "b", "c", "d"], {}, TypeError, "0/1 labels"),
    ],
)
def test_perceptron_bad_input(X, y, kw, exc, match):
    with pytest.raises(exc, match=match):
        nl.perceptron(X, y, **kw)


# ----------------------------------------------------------------- separability

def test_linear_separability_of_gates():
    ok, w, b = nl.linearly_separable(SQUARE, [0, 0, 0, 1], return_weights=True)
    assert ok and np.array_equal((SQUARE @ w + b > 0).astype(int), [0, 0, 0, 1])
    assert nl.linearly_separable(SQUARE, [0, 1, 1, 0]) is False
    assert nl.linearly_separable(SQUARE, [1, 0, 0, 1]) is False
    assert nl.linearly_separable(SQUARE, [0, 1, 1, 0], return_weights=True) == (False, None, None)
    assert nl.linearly_separable(SQUARE, [1, 1, 1, 1]) is True


def test_count_separable_labelings_matches_cover():
    # N points in general position in R^d: 2 * sum_{k<=d} C(N-1, k)  (affine separators)
    assert nl.count_separable_labelings(SQUARE) == 2 * sum(math.comb(3, k) for k in range(3)) == 14
    triangle = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    assert nl.count_separable_labelings(triangle) == 8
    collinear = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]          # middle point cannot differ from both ends
    assert nl.count_separable_labelings(collinear) == 6
    with pytest.raises(ValueError, match="at most 12 rows"):
        nl.count_separable_labelings(np.zeros((13, 2)))


def test_xor_relu_net_is_exact():
    X, y = datasets.xor_points()
    net = nl.xor_relu_net()
    np.testing.assert_array_equal(net(X).ravel(), y)
    np.testing.assert_array_equal(net.activations[0], [[0, 0], [1, 0], [1, 0], [2, 1]])


# ----------------------------------------------------------------- universal approximation in 1-D

@pytest.mark.parametrize("m", [1, 3, 8, 50])
def test_relu_interpolant_equals_np_interp(m):
    x = np.linspace(-2.0, 3.0, 1001)
    net = nl.relu_interpolant(np.cos, -2.0, 3.0, m)
    knots = np.linspace(-2.0, 3.0, m + 1)
    assert net.dense_layers[0].W.shape == (1, m)
    np.testing.assert_allclose(net(x[:, None]).ravel(), np.interp(x, knots, np.cos(knots)), atol=1e-12)


def test_relu_interpolant_reproduces_affine_functions_exactly():
    net = nl.relu_interpolant(lambda t: 3.0 * t - 1.0, 0.0, 1.0, 1)
    x = np.linspace(0, 1, 11)
    np.testing.assert_allclose(net(x[:, None]).ravel(), 3 * x - 1, atol=1e-14)


@pytest.mark.parametrize("m", [4, 16, 64])
def test_interpolation_error_within_and_close_to_bound(m):
    x = np.linspace(0, np.pi, 20001)
    err = np.max(np.abs(nl.relu_interpolant(np.sin, 0, np.pi, m)(x[:, None]).ravel() - np.sin(x)))
    bound = nl.interpolation_error_bound(0, np.pi, m, 1.0)
    assert bound == pytest.approx((np.pi / m) ** 2 / 8)
    assert err <= bound and err > 0.8 * bound        # the h^2/8 bound is nearly attained for sin


def test_units_for_tolerance_is_the_smallest():
    for tol in (1e-1, 1e-3, 1e-5, 0.0123):
        m = nl.units_for_tolerance(0.0, 2 * np.pi, 1.0, tol)
        assert nl.interpolation_error_bound(0.0, 2 * np.pi, m, 1.0) <= tol
        if m > 1:
            assert nl.interpolation_error_bound(0.0, 2 * np.pi, m - 1, 1.0) > tol
    assert nl.units_for_tolerance(0, 1, 0.0, 1e-9) == 1


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: nl.relu_interpolant(np.sin, 1.0, 1.0, 3), ValueError, "b must be greater than a"),
        (lambda: nl.relu_interpolant(np.sin, 0.0, 1.0, 0), ValueError, r"m must be an integer in \[1, inf\]"),
        (lambda: nl.relu_interpolant("sin", 0.0, 1.0, 3), TypeError, "f must be a callable"),
        (lambda: nl.relu_interpolant(lambda t: 1.0, 0.0, 1.0, 3), ValueError, "one finite value per input"),
        (lambda: nl.units_for_tolerance(0, 1, 1.0, 0.0), ValueError, "tol must be in"),
        (lambda: nl.interpolation_error_bound(0, 1, 4, -1.0), ValueError, "max_abs_f2 must be in"),
    ],
)
def test_approximation_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_random_feature_rank_polynomial_vs_relu():
    x = np.linspace(-1, 1, 200)
    y = np.abs(x)
    for k in (2, 3):
        ranks = [nl.random_feature_fit(x, y, w, lambda z, k=k: z ** k, seed=0)[1] for w in (1, 2, 4, 16)]
        assert ranks == [min(w + 1, k + 1) for w in (1, 2, 4, 16)]
    assert [nl.random_feature_fit(x, y, w, "relu", seed=0)[1] for w in (1, 4, 16)] == [2, 5, 17]


def test_random_feature_fit_square_is_best_quadratic():
    x = np.linspace(-1, 1, 101)
    y = np.sin(3 * x)
    pred, _ = nl.random_feature_fit(x, y, 10, lambda z: z ** 2, seed=4)
    np.testing.assert_allclose(pred, np.polyval(np.polyfit(x, y, 2), x), atol=1e-8)
    a, _ = nl.random_feature_fit(x, y, 10, "tanh", seed=4, x_eval=[0.0, 0.5])
    b, _ = nl.random_feature_fit(x, y, 10, "tanh", seed=4, x_eval=[0.0, 0.5])
    assert a.shape == (2,) and np.array_equal(a, b)
    with pytest.raises(ValueError, match="width must be"):
        nl.random_feature_fit(x, y, 0)
    with pytest.raises(ValueError, match="same number of rows"):
        nl.random_feature_fit(x, y[:-1], 3)


# ----------------------------------------------------------------- parity

@pytest.mark.parametrize("n", range(1, 11))
def test_parity_constructions_exact(n):
    X, y = datasets.parity(n)
    np.testing.assert_array_equal(nl.parity_shallow_net(n)(X).ravel(), y)
    assert nl.parity_shallow_net(n).dense_layers[0].W.shape == (n, n)
    if n >= 2:
        tree = nl.parity_tree_net(n)
        np.testing.assert_array_equal(tree(X).ravel(), y)
        assert len(tree.dense_layers) - 1 == math.ceil(math.log2(n))
        assert [d.W.shape[1] for d in tree.dense_layers[:-1]] == nl.tree_layer_sizes(n)


def test_parity_unit_counts():
    assert nl.tree_layer_sizes(8) == [8, 4, 2]
    assert nl.tree_layer_sizes(6) == [6, 3, 2]
    for k in range(1, 5):
        n = 2 ** k
        c = nl.parity_unit_counts(n)
        assert c["tree_units"] == 2 * (n - 1) and c["tree_layers"] == k
        assert c["dnf_units"] == 2 ** (n - 1) and c["shallow_units"] == n
    with pytest.raises(ValueError, match=r"n must be an integer in \[2, 20\]"):
        nl.parity_tree_net(1)
    with pytest.raises(TypeError, match="n must be an integer"):
        nl.parity_shallow_net(2.5)


# ----------------------------------------------------------------- classifiers and the explorer

def test_fit_classifier_solves_xor_with_four_tanh_units():
    X, y = datasets.xor_points()
    model, hist = nl.fit_classifier(X, y, hidden=(4,), activation="tanh", seed=0, epochs=1000,
                                    lr=0.5, batch_size=None)
    assert hist.accuracy[-1] == 1.0
    np.testing.assert_array_equal(model(X).argmax(axis=1), y)
    with pytest.raises(TypeError, match="integer class labels"):
        nl.fit_classifier(X, y.astype(float))
    with pytest.raises(TypeError, match="hidden must be a sequence"):
        nl.fit_classifier(X, y, hidden=4)


def test_decision_grid_is_pure_and_shaped():
    a = nl.decision_grid("moons", width=4, seed=3, n_points=60, n_grid=25, epochs=20)
    b = nl.decision_grid("moons", width=4, seed=3, n_points=60, n_grid=25, epochs=20)
    assert a.labels.shape == a.xx.shape == (25, 25)
    np.testing.assert_array_equal(a.labels, b.labels)
    np.testing.assert_array_equal(a.predict(np.c_[a.xx.ravel(), a.yy.ravel()]).reshape(25, 25), a.labels)
    assert a.lims[0] < a.X[:, 0].min() and a.lims[3] > a.X[:, 1].max()


@pytest.mark.parametrize("depth", [1, 3])
def test_decision_grid_without_activation_is_a_half_plane(depth):
    g = nl.decision_grid("circles", width=8, depth=depth, activation="identity", seed=1,
                         n_points=100, n_grid=30, epochs=50)
    P = np.c_[g.xx.ravel(), g.yy.ravel()]
    assert nl.linearly_separable(P, g.labels.ravel())
    assert g.train_accuracy < 0.75


def test_decision_grid_with_relu_fits_circles():
    g = nl.decision_grid("circles", width=8, activation="relu", seed=0, n_points=100, n_grid=30, epochs=200)
    assert g.train_accuracy > 0.95
    P = np.c_[g.xx.ravel(), g.yy.ravel()]
    assert not nl.linearly_separable(P, g.labels.ravel())


@pytest.mark.parametrize(
    "kw, exc, match",
    [
        ({"dataset": "mnist"}, ValueError, "dataset must be one of"),
        ({"width": 0}, ValueError, r"width must be an integer in \[1, 1024\]"),
        ({"depth": 9}, ValueError, r"depth must be an integer in \[1, 8\]"),
        ({"seed": -1}, ValueError, "seed must be an integer"),
        ({"activation": "nope"}, ValueError, "unknown activation"),
    ],
)
def test_decision_grid_bad_input(kw, exc, match):
    with pytest.raises(exc, match=match):
        nl.decision_grid(**{"n_points": 20, "n_grid": 5, "epochs": 1, **kw})


def test_decision_grid_explorer_setting_keeps_the_lesson():
    # chapter 1's explorer trains 100 points for 100 epochs (defaults: 200 and 300) so that it updates at
    # once: three ReLU units still fit the circles, a network without activation still cannot
    kw = dict(n_points=100, epochs=100, n_grid=20, seed=0)
    assert nl.decision_grid("circles", width=3, activation="relu", **kw).train_accuracy >= 0.95
    assert nl.decision_grid("circles", width=3, activation="identity", **kw).train_accuracy < 0.75


def test_spread_first_layer_kinks_places_kinks_uniformly():
    from actbook import nets
    m = nets.mlp([1, 200, 1], "relu", seed=0)
    assert np.allclose(nl.first_layer_kinks(m), 0.0)            # mlp starts biases at 0
    W0 = m.dense_layers[0].W.copy()
    nl.spread_first_layer_kinks(m, -1.0, 1.0, seed=3)
    k = nl.first_layer_kinks(m)
    assert np.array_equal(m.dense_layers[0].W, W0)               # weights unchanged
    assert np.all((k >= -1.0) & (k <= 1.0)) and abs(np.median(np.abs(k)) - 0.5) < 0.1
    x = k[:, None] + np.array([-1e-6, 1e-6])                     # each unit changes sign at its kink
    z = x * W0[0][:, None] + m.dense_layers[0].b[:, None]
    assert np.all(np.sign(z[:, 0]) != np.sign(z[:, 1]))
    again = nl.first_layer_kinks(nl.spread_first_layer_kinks(nets.mlp([1, 200, 1], seed=0), seed=3))
    assert np.array_equal(again, k)                              # seeded


def test_kink_helpers_validate():
    from actbook import nets
    with pytest.raises(ValueError, match="one input"):
        nl.first_layer_kinks(nets.mlp([2, 4, 1], seed=0))
    with pytest.raises(ValueError, match="lo must be smaller"):
        nl.spread_first_layer_kinks(nets.mlp([1, 4, 1], seed=0), 1.0, -1.0)
    with pytest.raises(TypeError, match="Sequential"):
        nl.first_layer_kinks("net")
