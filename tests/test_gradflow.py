"""Tests of actbook.gradflow: the scalar chain, per-layer gradient norms, clipping, the RNN demo."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actbook import gradcheck, gradflow, nets, train
from actbook.activations import get


# ---------------------------------------------------------------- scalar chain

def _chain_output(w, b, x, act):
    a = x
    f = get(act)
    for wk, bk in zip(w, b):
        a = float(f(np.array([wk * a + bk]))[0])
    return a


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
def test_scalar_chain_matches_finite_differences(act):
    rng = np.random.default_rng(1)
    w, b = rng.uniform(-2, 2, 7), rng.uniform(0.1, 1, 7)
    c = gradflow.scalar_chain(w, b, x=0.7, activation=act)
    assert c.output == pytest.approx(_chain_output(w, b, 0.7, act))
    gw = gradcheck.numerical_gradient(lambda v: _chain_output(v, b, 0.7, act), w)
    gb = gradcheck.numerical_gradient(lambda v: _chain_output(w, v, 0.7, act), b)
    np.testing.assert_allclose(c.grad_w, gw, rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(c.grad_b, gb, rtol=1e-5, atol=1e-10)


def test_scalar_chain_product_formula_and_factors():
    w = np.array([0.5, -0.8, 0.9, 0.3])
    c = gradflow.scalar_chain(w, x=2.0)
    s = c.slopes
    assert c.grad_b[0] == pytest.approx(s[0] * w[1] * s[1] * w[2] * s[2] * w[3] * s[3])
    assert c.grad_w[0] == pytest.approx(2.0 * c.grad_b[0])
    np.testing.assert_allclose(c.factors, w[1:] * s[:-1])
    assert c.grad_b[-1] == pytest.approx(s[-1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=1, max_size=25), st.floats(-3, 3))
def test_sigmoid_chain_obeys_quarter_bound(ws, x):
    c = gradflow.scalar_chain(ws, np.zeros(len(ws)), x=x)
    assert abs(c.grad_w[0]) <= gradflow.scalar_chain_bound(len(ws), x=x) * (1 + 1e-12) + 1e-300


def test_exploding_chain_at_the_unstable_fixed_point():
    # w = 8, b = -4 keeps a = 1/2, z = 0, so every factor is 8 * 1/4 = 2
    c = gradflow.scalar_chain(np.full(10, 8.0), np.full(10, -4.0), x=0.5)
    np.testing.assert_allclose(c.factors, 2.0)
    assert c.grad_b[0] == pytest.approx(0.25 * 2.0 ** 9)


def test_scalar_chain_bound_values_and_errors():
    assert gradflow.scalar_chain_bound(3) == pytest.approx(4.0 ** -3)
    assert gradflow.scalar_chain_bound(2, x=-2.0, w_max=3.0, slope_max=1.0) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="depth"):
        gradflow.scalar_chain_bound(0)
    with pytest.raises(TypeError, match="depth"):
        gradflow.scalar_chain_bound(2.5)
    with pytest.raises(ValueError, match="w_max"):
        gradflow.scalar_chain_bound(2, w_max=-1)


def test_scalar_chain_errors():
    with pytest.raises(ValueError, match="biases"):
        gradflow.scalar_chain([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="weights"):
        gradflow.scalar_chain([])
    with pytest.raises(TypeError, match="weights"):
        gradflow.scalar_chain("abc")
    with pytest.raises(ValueError, match="finite"):
        gradflow.scalar_chain([1.0, np.nan])
    with pytest.raises(TypeError, match="activation"):
        gradflow.scalar_chain([1.0], activation=3)
    with pytest.raises(ValueError, match="elementwise"):
        gradflow.scalar_chain([1.0], activation=get("maxout"))


def test_sigmoid_window_closed_form_vs_brute_force():
    for w in (4.5, 6.9, 12.0, -8.0):
        x = np.linspace(-3, 3, 600_001)
        inside = np.abs(w * get("sigmoid").derivative(w * x + 0.3)) >= 1
        measured = inside.sum() * (x[1] - x[0])
        assert gradflow.sigmoid_window(w) == pytest.approx(measured, abs=2e-5)
    np.testing.assert_array_equal(gradflow.sigmoid_window([1.0, 3.99]), [0.0, 0.0])
    assert float(np.max(gradflow.sigmoid_window(np.linspace(4, 30, 2601)))) < 0.45
    with pytest.raises(ValueError, match="non-zero"):
        gradflow.sigmoid_window(0.0)


# ---------------------------------------------------------------- deep nets

def test_gain_init_variance():
    W = gradflow.gain_init(2.0)(400, 300, np.random.default_rng(0))
    assert W.shape == (400, 300)
    assert W.var() == pytest.approx(4.0 / 400, rel=0.02)
    with pytest.raises(ValueError, match="gain"):
        gradflow.gain_init(0.0)


def test_deep_mlp_plain_equals_package_mlp_and_residual_shares_weights():
    plain = gradflow.deep_mlp(4, 8, "tanh", 1.3, n_in=3, n_out=2, seed=5)
    ref = nets.mlp([3, 8, 8, 8, 8, 2], "tanh", init=gradflow.gain_init(1.3), seed=5)
    res = gradflow.deep_mlp(4, 8, "tanh", 1.3, n_in=3, n_out=2, residual=True, seed=5)
    for a, b, c in zip(plain.dense_layers, ref.dense_layers, res.dense_layers):
        np.testing.assert_array_equal(a.W, b.W)
        np.testing.assert_array_equal(a.W, c.W)
    assert len(res.dense_layers) == 5
    assert sum(isinstance(l, nets.Residual) for l in res.layers) == 3


def test_deep_mlp_residual_forward_is_skip_plus_branch():
    m = gradflow.deep_mlp(2, 4, "relu", 1.0, n_in=4, n_out=1, residual=True, seed=0)
    x = np.random.default_rng(0).normal(size=(3, 4))
    d0, blk = m.layers[0], m.layers[1]
    h = x @ d0.W + d0.b
    h2 = h + np.maximum(h, 0) @ blk.layers[1].W + blk.layers[1].b
    expected = np.maximum(h2, 0) @ m.layers[-1].W + m.layers[-1].b
    np.testing.assert_allclose(m(x), expected)


def test_deep_mlp_errors():
    with pytest.raises(ValueError, match="depth"):
        gradflow.deep_mlp(0)
    with pytest.raises(ValueError, match="residual and batchnorm"):
        gradflow.deep_mlp(3, residual=True, batchnorm=True)
    with pytest.raises(TypeError, match="residual"):
        gradflow.deep_mlp(3, residual=1)


@pytest.mark.parametrize("kw", [{}, {"residual": True}, {"batchnorm": True}])
def test_gradient_flow_matches_backward_and_finite_differences(kw):
    m = gradflow.deep_mlp(3, 5, "tanh", 1.0, n_in=2, n_out=3, seed=1, **kw)
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(6, 2)), rng.integers(0, 3, 6)
    gf = gradflow.gradient_flow(m, X, y)
    grads = gradcheck.model_gradients(m, X, y, training=True)
    W_norms = [np.linalg.norm(g) for (layer, k), g in zip(m.parameters(), grads)
               if isinstance(layer, nets.Dense) and k == "W"]
    np.testing.assert_allclose(gf.weight, W_norms)
    assert gf.signal.shape == (4,)
    # the signal of the output layer is dL/dlogits = (p - y)/N
    assert gradcheck.check_model(m, X, y, training=True) < 1e-6
    out = m.forward(X, training=True)
    p = np.exp(out - out.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(6), y] -= 1
    assert gf.signal[-1] == pytest.approx(np.linalg.norm(p / 6))


def test_gradient_flow_bias_equals_signal_column_sums_in_a_plain_net():
    m = gradflow.deep_mlp(2, 4, "sigmoid", 1.0, n_in=3, n_out=2, seed=0)
    X, y = np.ones((1, 3)), np.array([1])
    gf = gradflow.gradient_flow(m, X, y)     # one row: ‖Σ_n δ_n‖ = ‖δ‖
    np.testing.assert_allclose(gf.bias, gf.signal)


def test_gradient_flow_errors():
    with pytest.raises(TypeError, match="model"):
        gradflow.gradient_flow("net", [[1.0]], [0])
    m = gradflow.deep_mlp(2, 3, n_in=2, n_out=2)
    with pytest.raises(ValueError, match="X must be 2-D"):
        gradflow.gradient_flow(m, [1.0, 2.0], [0])


def test_init_profile_sigmoid_vanishes_relu_he_does_not():
    sig = gradflow.init_profile(12, "sigmoid", 1.0, width=32, n=32, seeds=(0, 1))
    relu = gradflow.init_profile(12, "relu", math.sqrt(2), width=32, n=32, seeds=(0, 1))
    assert sig["signal"].shape == (2, 13)
    r_sig = sig["signal"][:, 0] / sig["signal"][:, -2]
    r_relu = relu["signal"][:, 0] / relu["signal"][:, -2]
    # sigmoid: about (1/4)^11 ≈ 2e-7 over 11 layers; ReLU + He: order one
    assert np.all(r_sig < 1e-5) and np.all(r_sig > 1e-10)
    assert np.all((r_relu > 0.1) & (r_relu < 10))


def test_batchnorm_profile_does_not_depend_on_gain():
    a = gradflow.init_profile(6, "tanh", 0.5, width=16, n=32, seeds=(0,), batchnorm=True)
    b = gradflow.init_profile(6, "tanh", 3.0, width=16, n=32, seeds=(0,), batchnorm=True)
    # batch norm undoes the scale of the weights before it: the hidden-layer profile,
    # relative to the last hidden layer, barely moves when the gain changes 6-fold
    # (only the output layer, which has no batch norm after it, still sees the gain)
    ra = a["signal"][0, :-1] / a["signal"][0, -2]
    rb = b["signal"][0, :-1] / b["signal"][0, -2]
    np.testing.assert_allclose(ra, rb, rtol=0.1)
    p = [gradflow.init_profile(6, "tanh", g, width=16, n=32, seeds=(0,))["signal"][0] for g in (0.5, 3.0)]
    assert (p[1][0] / p[1][-2]) / (p[0][0] / p[0][-2]) > 100


def test_init_profile_errors():
    with pytest.raises(ValueError, match="seeds"):
        gradflow.init_profile(3, seeds=())
    with pytest.raises(ValueError, match="n must"):
        gradflow.init_profile(3, n=1)


def test_derivative_samples_and_saturation_grow_with_gain():
    small = gradflow.derivative_samples(6, "tanh", 0.5, width=32, n=32)
    big = gradflow.derivative_samples(6, "tanh", 4.0, width=32, n=32)
    assert len(small) == 6 and small[0].shape == (32 * 32,)
    assert np.all((small[3] > 0) & (small[3] <= 1))
    assert gradflow.saturated_fraction(small[3], "tanh") == 0.0
    assert gradflow.saturated_fraction(big[3], "tanh") > 0.4
    assert gradflow.saturated_fraction([0.01, 0.2], "sigmoid") == 0.5    # 0.1 * 1/4 = 0.025
    assert gradflow.saturated_fraction([0.0, 1.0, 1.0, 0.0], "relu") == 0.5
    with pytest.raises(ValueError, match="rel"):
        gradflow.saturated_fraction([0.1], rel=2)


def test_explorer_update_is_pure_and_validated():
    a = gradflow.explorer_update(8, "sigmoid", 1.0)
    b = gradflow.explorer_update(8, "sigmoid", 1.0)
    np.testing.assert_array_equal(a["signal"], b["signal"])
    assert a["layers"].tolist() == list(range(1, 10))
    assert a["ratio_signal"] < 1e-3
    assert "sigmoid" in a["summary"]
    assert gradflow.explorer_update(8, "relu", 3.0)["ratio_signal"] > 100
    with pytest.raises(ValueError, match="activation"):
        gradflow.explorer_update(8, "softmax")
    with pytest.raises(TypeError, match="seed"):
        gradflow.explorer_update(8, seed=1.5)


# ---------------------------------------------------------------- clipping

def test_clip_global_norm_matches_train_clip_by_norm():
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=4)]
    assert gradflow.global_norm(grads) == pytest.approx(
        math.sqrt(sum(float((g ** 2).sum()) for g in grads)))
    clipped = gradflow.clip_global_norm(grads, 1.0)
    ref = [g.copy() for g in grads]
    before = train.clip_by_norm(ref, 1.0)
    assert before == pytest.approx(gradflow.global_norm(grads))
    for c, r, g in zip(clipped, ref, grads):
        np.testing.assert_allclose(c, r)
        assert not np.shares_memory(c, g)
    assert gradflow.global_norm(clipped) == pytest.approx(1.0)
    # below the threshold nothing changes
    np.testing.assert_allclose(gradflow.clip_global_norm(grads, 100.0)[0], grads[0])
    with pytest.raises(ValueError, match="max_norm"):
        gradflow.clip_global_norm(grads, 0.0)
    with pytest.raises(TypeError, match="list"):
        gradflow.global_norm(np.ones(3))


# ---------------------------------------------------------------- RNN

def test_matrix_with_spectral_radius():
    W = gradflow.matrix_with_spectral_radius(20, 1.3, seed=3)
    assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(1.3)
    with pytest.raises(ValueError, match="rho"):
        gradflow.matrix_with_spectral_radius(4, -1.0)


def test_rnn_identity_jacobian_is_matrix_power_and_tanh_state_is_bounded():
    W = gradflow.matrix_with_spectral_radius(8, 1.5, seed=0)
    r = gradflow.rnn_jacobian_norms(W, 12, "identity")
    assert r["jacobian"][0] == 1.0
    assert r["jacobian"][12] == pytest.approx(np.linalg.norm(np.linalg.matrix_power(W, 12), 2))
    assert r["jacobian"][12] ** (1 / 12) == pytest.approx(1.5, rel=0.3)
    t = gradflow.rnn_jacobian_norms(W, 50, "tanh")
    assert np.all(t["state"][1:] <= math.sqrt(8))
    small = gradflow.rnn_jacobian_norms(gradflow.matrix_with_spectral_radius(8, 0.5), 40, "tanh")
    assert small["jacobian"][-1] < 1e-8


def test_rnn_jacobian_matches_finite_differences():
    W = gradflow.matrix_with_spectral_radius(4, 1.1, seed=1)
    steps = 5

    def run(h0, act="tanh"):
        rng = np.random.default_rng(7)
        rng.normal(size=4)            # the same draws as rnn_jacobian_norms(seed=7)
        h = h0
        for _ in range(steps):
            h = np.tanh(h @ W + 0.5 * rng.normal(size=4))
        return h

    h0 = np.random.default_rng(7).normal(size=4) / 2.0
    J = np.array([gradcheck.numerical_gradient(lambda v, i=i: run(v)[i], h0) for i in range(4)]).T
    r = gradflow.rnn_jacobian_norms(W, steps, "tanh", seed=7)
    assert r["jacobian"][-1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-6)


def test_rnn_errors():
    with pytest.raises(ValueError, match="square"):
        gradflow.rnn_jacobian_norms(np.ones((2, 3)), 3)
    with pytest.raises(ValueError, match="steps"):
        gradflow.rnn_jacobian_norms(np.eye(2), 0)


def test_activation_spread_matches_manual_forward():
    from actbook import nets
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    model = nets.mlp([3, 8, 8, 2], "tanh", seed=1)
    got = gradflow.activation_spread(model, X)
    a, want = X, []
    for layer in model.layers:
        a = layer.forward(a, False)
        if isinstance(layer, nets.Activate):
            want.append(a.std(axis=0).mean())
    assert got.shape == (2,)
    np.testing.assert_allclose(got, want)


def test_activation_spread_sigmoid_shrinks_about_fourfold():
    X = np.random.default_rng(0).normal(size=(200, 32))
    model = gradflow.deep_mlp(6, 32, "sigmoid", 1.0, seed=0)
    s = gradflow.activation_spread(model, X)
    ratios = s[1:] / s[:-1]
    assert np.all((ratios > 0.15) & (ratios < 0.35))


def test_activation_spread_residual_and_errors():
    X = np.random.default_rng(0).normal(size=(20, 16))
    model = gradflow.deep_mlp(4, 16, "relu", 1.0, residual=True, seed=0)
    s = gradflow.activation_spread(model, X)
    assert s.size >= 4 and np.all(s > 0)
    with pytest.raises(TypeError):
        gradflow.activation_spread("not a model", X)
    with pytest.raises(ValueError):
        gradflow.activation_spread(model, X[:1])
