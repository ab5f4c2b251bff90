"""Tests of actbook.propagation: closed forms, predicted vs measured variances, errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from actbook import activations as A
from actbook import datasets, nets, train
from actbook import propagation as P
from actbook.gradcheck import numerical_gradient, relative_error


# --------------------------------------------------------------------------- tails
def test_fraction_outside_closed_form_and_monte_carlo():
    assert P.fraction_outside(1.0) == pytest.approx(0.3173105078629141, rel=1e-12)
    assert P.fraction_outside(2.0) == pytest.approx(2 * stats.norm.sf(2.0), rel=1e-12)
    assert P.fraction_outside(0.0) == 1.0
    # scale invariance: P(|w| > s) for std s equals P(|w| > 1) for std 1
    assert P.fraction_outside(0.3, std=0.3) == pytest.approx(P.fraction_outside(1.0), rel=1e-12)
    w = np.random.default_rng(0).standard_normal(200_000)
    assert np.mean(np.abs(w) > 1) == pytest.approx(P.fraction_outside(1.0), abs=0.004)


@pytest.mark.parametrize("kw, exc, match", [
    ({"bound": -1.0}, ValueError, "bound"),
    ({"bound": 1.0, "std": 0.0}, ValueError, "std"),
    ({"bound": "1"}, TypeError, "bound"),
])
def test_fraction_outside_errors(kw, exc, match):
    with pytest.raises(exc, match=match):
        P.fraction_outside(**kw)


# --------------------------------------------------------------------------- quadrature
def test_gaussian_expectation_moments():
    for q in (1e-3, 0.5, 1.0, 7.0, 1e3):
        assert P.gaussian_expectation(lambda z: z**2, q) == pytest.approx(q, rel=1e-10)
        assert P.gaussian_expectation(lambda z: z**4, q) == pytest.approx(3 * q * q, rel=1e-10)
        # kinked and discontinuous integrands at 0 are exact by symmetry of the split rule
        assert P.gaussian_expectation(lambda z: np.maximum(z, 0) ** 2, q) == pytest.approx(q / 2, rel=1e-10)
        assert P.gaussian_expectation(lambda z: (z > 0).astype(float), q) == pytest.approx(0.5, rel=1e-10)
    assert P.gaussian_expectation(lambda z: np.cos(z), 2.0) == pytest.approx(math.exp(-1.0), rel=1e-10)
    assert P.gaussian_expectation(lambda z: z + 3.0, 0.0) == pytest.approx(3.0)


def test_gaussian_expectation_tanh_against_monte_carlo():
    z = np.random.default_rng(1).standard_normal(400_000)
    mc = np.mean(np.tanh(z) ** 2)
    assert P.gaussian_expectation(lambda t: np.tanh(t) ** 2, 1.0) == pytest.approx(mc, abs=3e-3)
    assert P.gaussian_expectation(lambda t: np.tanh(t) ** 2, 1.0) == pytest.approx(0.394294, abs=1e-5)


def test_selu_fixed_point_and_backward_gain():
    """Klambauer et al.: for z ~ N(0, 1), E[selu(z)] = 0 and E[selu(z)^2] = 1; E[selu'(z)^2] > 1."""
    selu = A.get("selu")
    assert P.gaussian_expectation(selu._forward, 1.0) == pytest.approx(0.0, abs=1e-6)
    assert P.gaussian_expectation(lambda z: selu._forward(z) ** 2, 1.0) == pytest.approx(1.0, abs=1e-6)
    lam, alpha = A.SELU_SCALE, A.SELU_ALPHA
    closed = lam**2 * (0.5 + alpha**2 * math.exp(2.0) * special.ndtr(-2.0))
    assert P.gaussian_expectation(lambda z: selu._derivative(z) ** 2, 1.0) == pytest.approx(closed, rel=1e-6)
    assert closed == pytest.approx(1.0716, abs=1e-4)


@settings(max_examples=30, deadline=None)
@given(q=st.floats(1e-3, 1e3), a=st.floats(0.0, 1.0))
def test_leaky_relu_second_moment_property(q, a):
    """E[f(z)^2] = (1 + a^2) q / 2 and E[f'(z)^2] = (1 + a^2) / 2: the He factor."""
    f = A.get("leaky_relu", negative_slope=a)
    assert P.gaussian_expectation(lambda z: f._forward(z) ** 2, q) == pytest.approx((1 + a * a) * q / 2, rel=1e-9)
    assert P.gaussian_expectation(lambda z: f._derivative(z) ** 2, q) == pytest.approx((1 + a * a) / 2, rel=1e-9)


def test_gaussian_expectation_errors():
    with pytest.raises(TypeError, match="g must be a callable"):
        P.gaussian_expectation(3.0, 1.0)
    with pytest.raises(ValueError, match="variance"):
        P.gaussian_expectation(np.tanh, -1.0)
    with pytest.raises(ValueError, match="elementwise"):
        P.gaussian_expectation(lambda z: np.sum(z), 1.0)


# --------------------------------------------------------------------------- schemes
def test_weight_variance_values():
    assert P.weight_variance("he", 100, 50) == pytest.approx(2 / 100)
    assert P.weight_variance("he_uniform", 100, 50, negative_slope=0.2) == pytest.approx(2 / (1.04 * 100))
    assert P.weight_variance("xavier", 100, 50) == pytest.approx(2 / 150)
    assert P.weight_variance("lecun_normal", 100, 50, scale=2.0) == pytest.approx(4 / 100)
    assert P.weight_variance("normal", 100, 50, scale=0.1) == pytest.approx(0.01)
    # PyTorch's nn.Linear default: kaiming_uniform with a = sqrt(5) -> 1 / (3 fan_in)
    assert P.weight_variance("he", 64, 10, negative_slope=math.sqrt(5)) == pytest.approx(1 / (3 * 64))


@pytest.mark.parametrize("args, exc, match", [
    (("glorot", 3, 3), ValueError, "scheme must be one of"),
    ((3, 3, 3), TypeError, "scheme must be a string"),
    (("he", 0, 3), ValueError, "fan_in"),
    (("normal", 3, 0), ValueError, "fan_out"),
])
def test_weight_variance_errors(args, exc, match):
    with pytest.raises(exc, match=match):
        P.weight_variance(*args)


def test_weight_variance_negative_scale():
    with pytest.raises(ValueError, match="scale"):
        P.weight_variance("he", 3, 3, scale=-1.0)


# --------------------------------------------------------------------------- stack / measure
def test_stack_structure_and_weight_variance():
    m = P.stack(3, 400, "tanh", weight_var=0.01, seed=0)
    assert len(m.dense_layers) == 3 and len(m.activation_layers) == 3
    W = m.dense_layers[0].W
    assert W.shape == (400, 400)
    assert W.var() == pytest.approx(0.01, rel=0.02)
    assert np.all(m.dense_layers[0].b == 0)
    m2 = P.stack(2, 10, "relu", init="he_uniform", seed=0)
    assert np.max(np.abs(m2.dense_layers[0].W)) <= math.sqrt(6 / 10)


def test_stack_errors():
    with pytest.raises(ValueError, match="exactly one"):
        P.stack(2, 3, "relu")
    with pytest.raises(ValueError, match="exactly one"):
        P.stack(2, 3, "relu", weight_var=1.0, init="he_normal")
    with pytest.raises(ValueError, match="depth"):
        P.stack(0, 3, "relu", weight_var=1.0)
    with pytest.raises(ValueError, match="weight_var"):
        P.stack(2, 3, "relu", weight_var=-1.0)


def test_measure_matches_direct_computation():
    rng = np.random.default_rng(0)
    m = P.stack(3, 20, "tanh", weight_var=1 / 20, seed=1)
    X = rng.standard_normal((50, 20))
    g = rng.standard_normal((50, 20))
    p = P.measure(m, X, grad_out=g)
    W = [d.W for d in m.dense_layers]
    z1 = X @ W[0]
    a1 = np.tanh(z1)
    z2 = a1 @ W[1]
    a2 = np.tanh(z2)
    z3 = a2 @ W[2]
    d3 = g * (1 - np.tanh(z3) ** 2)
    d2 = (d3 @ W[2].T) * (1 - a2**2)
    assert p.z_var[0] == pytest.approx(z1.var())
    assert p.a_std[1] == pytest.approx(a2.std())
    assert p.a_sq[0] == pytest.approx(np.mean(a1**2))
    assert p.delta_var[2] == pytest.approx(d3.var())
    assert p.delta_var[1] == pytest.approx(d2.var())
    assert p.grad_w_var[2] == pytest.approx((a2.T @ d3).var())
    assert len(p.activations) == 3


def test_measure_backward_is_the_true_gradient():
    """With L = sum(output * g), measure's backward pass leaves dL/dW in the layers: check by finite differences."""
    rng = np.random.default_rng(2)
    m = P.stack(2, 4, "tanh", weight_var=0.5, seed=3)
    X = rng.standard_normal((6, 4))
    g = rng.standard_normal((6, 4))
    P.measure(m, X, grad_out=g)
    W = m.dense_layers[0].params["W"]
    analytic = m.dense_layers[0].grads["W"].copy()

    def loss(values):
        saved = W.copy()
        W[...] = values
        out = float(np.sum(m.forward(X) * g))
        W[...] = saved
        return out

    assert relative_error(analytic, numerical_gradient(loss, W.copy())) < 1e-7


def test_measure_default_probe_is_seeded():
    m = P.stack(4, 10, "relu", weight_var=0.2, seed=0)
    X = np.random.default_rng(0).standard_normal((30, 10))
    a, b = P.measure(m, X, seed=5), P.measure(m, X, seed=5)
    np.testing.assert_array_equal(a.delta_var, b.delta_var)
    assert np.all(a.saturated >= 0) and np.all(a.saturated <= 1)


def test_measure_errors():
    m = P.stack(2, 3, "relu", weight_var=1.0)
    with pytest.raises(TypeError, match="Sequential"):
        P.measure("net", np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"shape \(rows, 3\)"):
        P.measure(m, np.zeros((2, 4)))
    with pytest.raises(ValueError, match="grad_out"):
        P.measure(m, np.zeros((2, 3)), grad_out=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="finite"):
        P.measure(m, np.full((2, 3), np.nan))
    with pytest.raises(TypeError, match="Dense or Activate"):
        P.measure(nets.Sequential([nets.Dense(3, 3), nets.Dropout(0.5)]), np.zeros((2, 3)))


# --------------------------------------------------------------------------- predict
def test_predict_identity_is_geometric():
    p = P.predict("identity", 5, 0.03, 50, input_sq=2.0, grad_var=3.0)
    g = 0.03 * 50
    np.testing.assert_allclose(p["z_var"], 2.0 * g ** np.arange(1, 6), rtol=1e-10)
    np.testing.assert_allclose(p["delta_var"], 3.0 * g ** np.arange(4, -1, -1), rtol=1e-10)


def test_predict_he_and_lecun_fixed_points():
    p = P.predict("relu", 30, 2 / 64, 64)
    np.testing.assert_allclose(p["z_var"], 2.0, rtol=1e-9)
    np.testing.assert_allclose(p["delta_var"], 0.5, rtol=1e-9)
    s = P.predict("selu", 30, 1 / 64, 64)
    np.testing.assert_allclose(s["z_var"], 1.0, atol=1e-5)
    t = P.predict("tanh", 30, 1 / 64, 64)
    assert np.all(np.diff(t["z_var"]) < 0)  # Xavier + tanh: slow decay, not constant
    assert 0.01 < t["z_var"][-1] < 0.05


def test_predict_agrees_with_measurement_for_wide_layers():
    rng = np.random.default_rng(0)
    # ReLU nets fluctuate more from layer to layer (a product of random gains), so a looser band
    for act, v, tol in [("tanh", 1 / 300, 0.1), ("tanh", 3 / 300, 0.1), ("relu", 2 / 300, 0.35)]:
        m = P.stack(6, 300, act, weight_var=v, seed=rng)
        meas = P.measure(m, rng.standard_normal((400, 300)), seed=rng)
        pred = P.predict(act, 6, v, 300)
        np.testing.assert_allclose(meas.z_var, pred["z_var"], rtol=tol)
        np.testing.assert_allclose(meas.delta_var, pred["delta_var"], rtol=2 * tol)


def test_predict_errors():
    with pytest.raises(ValueError, match="elementwise"):
        P.predict("maxout", 3, 1.0, 4)
    with pytest.raises(ValueError, match="weight_var"):
        P.predict("relu", 3, -1.0, 4)
    with pytest.raises(ValueError, match="width"):
        P.predict("relu", 3, 1.0, 0)


def test_variance_table_rows():
    rows = P.variance_table([{"label": "tanh", "activation": "tanh", "weight_var": 1 / 64}],
                            layers=[1, 3], depth=3, width=64, n_samples=100, seeds=(0, 1))
    assert [r["layer"] for r in rows] == [1, 3]
    assert set(rows[0]) == {"label", "layer", "predicted", "measured_mean", "measured_std", "ratio"}
    assert rows[0]["predicted"] == pytest.approx(1.0)
    assert 0.8 < rows[0]["ratio"] < 1.2
    with pytest.raises(ValueError, match="layers"):
        P.variance_table([{"label": "t", "activation": "tanh", "weight_var": 0.1}], [4], 3, 8)
    with pytest.raises(ValueError, match="seeds"):
        P.variance_table([{"label": "t", "activation": "tanh", "weight_var": 0.1}], [1], 3, 8, seeds=())


# --------------------------------------------------------------------------- histograms, symmetry
def test_histograms_are_densities_on_shared_bins():
    rng = np.random.default_rng(0)
    edges, d = P.histograms([rng.normal(size=1000), rng.normal(2, 0.5, size=500)], bins=30, value_range=(-5, 5))
    assert edges.shape == (31,) and d.shape == (2, 30)
    np.testing.assert_allclose(d.sum(axis=1) * np.diff(edges)[0], 1.0)
    edges2, d2 = P.histograms([[1.0, 1.0]], bins=4)
    assert edges2[0] < 1.0 < edges2[-1] and d2.sum() > 0


def test_histograms_errors():
    with pytest.raises(ValueError, match="value_range"):
        P.histograms([[1.0]], value_range=(1.0, 1.0))
    with pytest.raises(ValueError, match="at least one"):
        P.histograms([])
    with pytest.raises(TypeError, match="values"):
        P.histograms([["a"]])


def test_max_unit_difference():
    W = np.tile([[1.0], [2.0]], (1, 3))
    assert P.max_unit_difference(W) == 0.0
    assert P.max_unit_difference(W, b=[0.5, 0.5, 0.5]) == 0.0
    assert P.max_unit_difference(W, b=[0.5, 0.5, 0.7]) == pytest.approx(0.2)
    W[1, 2] = 3.0
    assert P.max_unit_difference(W) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="2-D"):
        P.max_unit_difference([1.0, 2.0])
    with pytest.raises(ValueError, match=r"b must have shape \(3,\)"):
        P.max_unit_difference(W, b=[1.0])


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
def test_constant_init_keeps_units_identical_through_training(hidden):
    X, y = datasets.moons(100, seed=0)
    m = nets.mlp([2, 6, 2], hidden, init="constant", seed=0)
    h = train.train(m, X, y, lr=0.5, epochs=20, batch_size=20, seed=0)
    assert np.isfinite(h.loss[-1])
    d1 = m.dense_layers[0]
    assert P.max_unit_difference(d1.W, d1.b) < 1e-12
    assert P.max_unit_difference(m.dense_layers[1].W.T) < 1e-12  # rows of W2: outgoing weights per unit


def test_random_init_breaks_symmetry():
    m = nets.mlp([2, 6, 2], "tanh", init="xavier_normal", seed=0)
    assert P.max_unit_difference(m.dense_layers[0].W) > 0.1


# --------------------------------------------------------------------------- explorer
def test_explore_is_pure_and_complete():
    a = P.explore(depth=8, activation="relu", scheme="he", scale=1.0, width=50, n_samples=60, seed=3)
    b = P.explore(depth=8, activation="relu", scheme="he", scale=1.0, width=50, n_samples=60, seed=3)
    for k in ("a_std", "z_var", "delta_var", "z_var_pred", "hist"):
        np.testing.assert_array_equal(a[k], b[k])
    assert list(a["layer"]) == list(range(1, 9))
    assert a["weight_var"] == pytest.approx(2 / 50)
    assert a["hist_edges"].shape == (a["hist"].shape[0] + 1,)
    assert a["hist_edges"][0] == 0.0  # ReLU outputs are non-negative


def test_explore_regimes():
    small = P.explore(depth=10, activation="tanh", scheme="normal", scale=0.01, width=50, n_samples=50)
    big = P.explore(depth=10, activation="tanh", scheme="normal", scale=1.0, width=50, n_samples=50)
    he = P.explore(depth=10, activation="relu", scheme="he", width=50, n_samples=50)
    assert small["a_std"][-1] < 1e-10
    assert big["saturated"][-1] > 0.5
    assert 0.3 < he["a_std"][-1] < 3.0


def test_explore_errors():
    with pytest.raises(ValueError, match="scheme"):
        P.explore(scheme="orthogonal")
    with pytest.raises(ValueError, match="depth"):
        P.explore(depth=0)
    with pytest.raises(ValueError, match="unknown activation"):
        P.explore(activation="nope", depth=2)


def test_std_map_shape_and_monotone_in_gain():
    s = P.std_map("relu", [0.5, 1.0, math.sqrt(2), 2.0], depth=6, width=40, n_samples=50)
    assert s.shape == (4, 6)
    assert np.all(np.diff(s[:, -1]) > 0)
    assert 0.3 < s[2, -1] < 3.0


def test_orthogonal_is_orthogonal_and_seeded():
    Q = P.orthogonal(20, gain=1.5, seed=3)
    np.testing.assert_allclose(Q @ Q.T, 2.25 * np.eye(20), atol=1e-12)
    np.testing.assert_array_equal(Q, P.orthogonal(20, gain=1.5, seed=3))
    with pytest.raises(ValueError):
        P.orthogonal(0)
    with pytest.raises(ValueError):
        P.orthogonal(5, gain=0.0)


def test_jacobian_singular_values_isometry_and_errors():
    sv = P.jacobian_singular_values(10, 30, "identity", 1.0, "orthogonal", seed=0)
    np.testing.assert_allclose(sv, 1.0, atol=1e-10)        # linear + orthogonal: isometry
    sv_g = P.jacobian_singular_values(10, 30, "identity", 1.0, "gaussian", seed=0)
    assert sv_g[0] / sv_g[-1] > 100                         # Gaussian: wide spread
    assert 0.5 < np.mean(sv_g ** 2) < 2                     # ... with mean square about 1
    sv_r = P.jacobian_singular_values(10, 30, "relu", 2 ** 0.5, "orthogonal", seed=0)
    assert np.sum(sv_r < 1e-12 * sv_r[0]) > 0               # ReLU: rank-deficient
    # matches an explicit product for a tiny net
    assert np.all(np.diff(sv) <= 1e-12)
    with pytest.raises(ValueError):
        P.jacobian_singular_values(3, 4, weights="uniform")


# --------------------------------------------------------------------------- convolutions
def test_im2col_and_conv2d_match_a_direct_loop():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 6, 3))
    K = rng.standard_normal((3, 3, 3, 4))
    y = P.conv2d(x, K)
    assert y.shape == (2, 3, 4, 4)
    direct = np.zeros_like(y)
    for n in range(2):
        for i in range(3):
            for j in range(4):
                direct[n, i, j] = np.einsum("abc,abco->o", x[n, i:i + 3, j:j + 3], K)
    np.testing.assert_allclose(y, direct, rtol=1e-12, atol=1e-12)
    cols = P.im2col(x, 3)
    assert cols.shape == (2 * 3 * 4, 27)
    np.testing.assert_array_equal(cols[0], x[0, :3, :3].ravel())
    np.testing.assert_array_equal(cols[5], x[0, 1:4, 1:4].ravel())


def test_conv_fan_in_is_k2c():
    rng = np.random.default_rng(1)
    k, c = 3, 8
    x = rng.standard_normal((40, 10, 10, c))
    right = P.conv2d(x, rng.normal(0, math.sqrt(1 / (k * k * c)), (k, k, c, 16))).var()
    wrong = P.conv2d(x, rng.normal(0, math.sqrt(1 / c), (k, k, c, 16))).var()
    assert abs(right - 1) < 0.1 and abs(wrong / right / k**2 - 1) < 0.1


def test_conv_errors():
    x = np.zeros((1, 4, 4, 2))
    with pytest.raises(ValueError, match="images"):
        P.im2col(np.zeros((4, 4)), 2)
    with pytest.raises(ValueError, match="k"):
        P.im2col(x, 5)
    with pytest.raises(ValueError, match="kernels"):
        P.conv2d(x, np.zeros((3, 3, 3, 1)))


# --------------------------------------------------------------------------- residual
def test_residual_stack_growth_laws():
    X = np.random.default_rng(0).standard_normal((400, 200))
    he = P.residual_moments(P.residual_stack(3, 200, "he", seed=0), X)
    # each He branch adds 2 E[x^2]: x3 per block
    assert np.all(np.abs(he[1:] / he[:-1] / 3 - 1) < 0.15)
    bn = P.residual_moments(P.residual_stack(8, 200, "normalized", seed=0), X)
    assert np.all(np.abs(np.diff(bn) - 1) < 0.2)  # +1 per block: linear growth
    for br in ("zero_last", "fixup"):
        m = P.residual_moments(P.residual_stack(8, 200, br, seed=0), X)
        np.testing.assert_allclose(m, m[0], rtol=1e-12)  # identity at init
    fx = P.residual_moments(P.residual_stack(32, 200, "fixup_random_last", seed=0), X)
    assert 0.6 * math.e**2 < fx[-1] / fx[0] < 1.5 * math.e**2  # (1 + 2/L)^L -> e^2
    fixup = P.residual_stack(4, 10, "fixup", seed=0)
    he4 = P.residual_stack(4, 10, "he", seed=0)
    np.testing.assert_allclose(fixup.layers[0].layers[0].W, he4.layers[0].layers[0].W / 2)
    assert np.all(fixup.layers[2].layers[2].W == 0)


def test_residual_errors():
    with pytest.raises(ValueError, match="branch"):
        P.residual_stack(2, 3, "bogus")
    with pytest.raises(TypeError, match="model"):
        P.residual_moments(P.stack(2, 3, init="he_normal"), np.ones((2, 3)))
    with pytest.raises(ValueError, match="X"):
        P.residual_moments(P.residual_stack(2, 3), np.ones((2, 4)))


# --------------------------------------------------------------------------- LSUV
def test_semi_orthogonal():
    for fi, fo in ((7, 3), (3, 7), (5, 5)):
        Q = P.semi_orthogonal(fi, fo, seed=0)
        assert Q.shape == (fi, fo)
        G = Q.T @ Q if fi >= fo else Q @ Q.T
        np.testing.assert_allclose(G, np.eye(min(fi, fo)), atol=1e-12)


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_lsuv_gives_unit_variance_per_layer(act):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 40))
    model = nets.mlp([40, 50, 50, 50, 10], act, init="normal", seed=0)
    res = P.lsuv(model, X, tol=0.01, seed=0)  # orthonormal first, so N(0, 1) is replaced
    assert np.all(np.abs(res.var_after - 1) < 0.01)
    # the rescaled weights reproduce the claimed variances on the same batch
    x = X
    for layer, v in zip([l for l in model.layers if isinstance(l, nets.Dense)], res.var_after):
        z = layer.forward(x)
        assert math.isclose(z.var(), v, rel_tol=1e-9)
        idx = model.layers.index(layer)
        x = model.layers[idx + 1].forward(z) if idx + 1 < len(model.layers) else z
    # the weights are scaled orthonormal matrices
    W = model.dense_layers[1].W
    s = np.linalg.svd(W, compute_uv=False)
    np.testing.assert_allclose(s, s[0], rtol=1e-9)
    assert np.allclose(res.scale[1], s[0])
    if act == "relu":  # homogeneous and bias-free: one rescaling is exact
        assert np.all(res.passes <= 2)
        assert np.all(np.abs(res.var_after - 1) < 1e-9)


def test_lsuv_errors():
    m = nets.mlp([3, 4, 2], "relu")
    with pytest.raises(ValueError, match="X"):
        P.lsuv(m, np.ones((5, 4)))
    with pytest.raises(ValueError, match="tol"):
        P.lsuv(m, np.ones((5, 3)), tol=0)
    with pytest.raises(TypeError, match="model"):
        P.lsuv(P.residual_stack(1, 3), np.ones((5, 3)))


def test_init_run_schemes_and_bias():
    X, y = datasets.spirals(60, seed=0)
    data = (X[:45], y[:45], X[45:], y[45:])
    a = P.init_run("he", data, [8, 8], lr=0.05, epochs=3, batch_size=16, seed=1)
    b = P.init_run("he", data, [8, 8], lr=0.05, epochs=3, batch_size=16, seed=1)
    assert a["loss"] == b["loss"] and 0 <= a["test_acc"] <= 1
    c = P.init_run("he", data, [8, 8], lr=0.05, epochs=0, batch_size=16, seed=1, bias=0.1)
    d = P.init_run("he", data, [8, 8], lr=0.05, epochs=0, batch_size=16, seed=1)
    assert c["loss"] != d["loss"]
    for s in P.RUN_SCHEMES:
        r = P.init_run(s, data, [8], lr=0.05, epochs=1, batch_size=16, seed=0)
        assert np.isfinite(r["loss"])
    with pytest.raises(ValueError, match="scheme"):
        P.init_run("lecun", data, [8])
    with pytest.raises(TypeError, match="data"):
        P.init_run("he", data[:3], [8])


def test_lsuv_without_orthonormal_only_rescales():
    X = np.random.default_rng(1).standard_normal((200, 6))
    model = nets.mlp([6, 20, 20, 3], "tanh", init="normal", seed=2)  # N(0, 1): far off
    before = [d.W.copy() for d in model.dense_layers]
    res = P.lsuv(model, X, tol=0.05, orthonormal=False)
    for W0, d, s in zip(before, model.dense_layers, res.scale):
        np.testing.assert_allclose(d.W, W0 * s, rtol=1e-12)
    assert res.var_before[0] > 3 and np.all(np.abs(res.var_after - 1) < 0.05)
    assert res.scale[0] < 0.6


def test_init_run_initial_weights_follow_the_scheme():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (300, 400))
    y = rng.integers(0, 3, 300)
    data = (X[:256], y[:256], X[256:], y[256:])
    pt = P.init_run("pytorch", data, [300, 300], epochs=0, batch_size=128, seed=0)["model"]
    for d in pt.dense_layers:  # nn.Linear: weights and biases U(+-1/sqrt(n_in))
        lim = 1 / math.sqrt(d.W.shape[0])
        assert np.abs(d.W).max() <= lim and np.abs(d.b).max() <= lim
        assert abs(d.W.var() * 3 * d.W.shape[0] - 1) < 0.05
        assert d.b.std() > 0.4 * lim  # random, not constant
    he = P.init_run("he", data, [300, 300], epochs=0, batch_size=128, bias=0.1, seed=0)["model"]
    assert all(np.all(d.b == 0.1) for d in he.dense_layers[:-1]) and np.all(he.dense_layers[-1].b == 0)
    assert abs(he.dense_layers[1].W.var() * 300 / 2 - 1) < 0.05
    xa = P.init_run("xavier", data, [300, 300], epochs=0, seed=0)["model"]
    assert abs(xa.dense_layers[1].W.var() * 300 - 1) < 0.05
    for scheme in ("lsuv", "lsuv_gaussian"):
        ls = P.init_run(scheme, data, [300, 300], epochs=0, batch_size=128, seed=0)["model"]
        x = X[:128]
        for layer in ls.layers:  # every Dense output has variance 1 on the LSUV batch
            x = layer.forward(x)
            if isinstance(layer, nets.Dense):
                assert abs(x.var() - 1) < 0.1
        sv = np.linalg.svd(ls.dense_layers[1].W, compute_uv=False)
        if scheme == "lsuv":  # a scaled orthogonal matrix
            np.testing.assert_allclose(sv, sv[0], rtol=1e-9)
        else:  # a scaled Gaussian one: singular values spread (Marchenko-Pastur)
            assert sv[0] / sv[-1] > 10
