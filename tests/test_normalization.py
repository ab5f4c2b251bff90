import numpy as np
import pytest

from actbook import datasets, gradcheck, nets
from actbook import normalization as N


@pytest.fixture
def batch():
    return np.random.default_rng(0).normal(3.0, 2.0, size=(8, 4))


def test_batchnorm_steps_matches_formula_and_layer(batch):
    s = N.batchnorm_steps(batch, gamma=[1, 2, 3, 4], beta=[0, 1, 0, -1])
    np.testing.assert_allclose(s["mu"], batch.mean(axis=0))
    np.testing.assert_allclose(s["var"], batch.var(axis=0))
    np.testing.assert_allclose(s["xhat"].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(s["xhat"].var(axis=0), batch.var(axis=0) / (batch.var(axis=0) + 1e-5))
    bn = nets.BatchNorm(4)
    bn.params["gamma"][:] = [1, 2, 3, 4]
    bn.params["beta"][:] = [0, 1, 0, -1]
    np.testing.assert_allclose(bn.forward(batch, training=True), s["y"], rtol=1e-12)


def test_batchnorm_steps_small_example():
    s = N.batchnorm_steps([[1.0], [2.0], [3.0], [6.0]], eps=1e-12)
    assert s["mu"][0] == 3.0 and s["var"][0] == pytest.approx(3.5)
    np.testing.assert_allclose(s["xhat"][:, 0], np.array([-2, -1, 0, 3]) / np.sqrt(3.5))


def test_batch_of_two_normalises_to_plus_minus_one():
    s = N.batchnorm_steps(np.random.default_rng(1).normal(size=(2, 50)), eps=1e-12)
    np.testing.assert_allclose(np.abs(s["xhat"]), 1.0, rtol=1e-6)


def test_identity_params_undo_batchnorm(batch):
    gamma, beta = N.identity_params(batch)
    s = N.batchnorm_steps(batch, gamma, beta)
    np.testing.assert_allclose(s["y"], batch, rtol=1e-12, atol=1e-12)


def test_batchnorm_steps_validation(batch):
    with pytest.raises(ValueError, match="at least 2 rows"):
        N.batchnorm_steps(batch[:1])
    with pytest.raises(ValueError, match="gamma must have shape"):
        N.batchnorm_steps(batch, gamma=[1.0, 2.0])
    with pytest.raises(ValueError, match="eps must be in"):
        N.batchnorm_steps(batch, eps=0.0)
    with pytest.raises(TypeError, match="x must contain real numbers"):
        N.batchnorm_steps([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="2-D"):
        N.identity_params([1.0, 2.0, 3.0])


def test_layernorm_rows_standardised_and_mode_free():
    x = np.random.default_rng(2).normal(1.0, 3.0, size=(5, 6))
    ln = N.LayerNorm(6)
    y = ln.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=1), 1, rtol=1e-4)
    np.testing.assert_array_equal(ln.forward(x, training=False), y)
    # a single row works, unlike batch norm in training mode
    np.testing.assert_allclose(ln.forward(x[:1]), y[:1])


def test_layernorm_backward_matches_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 5))
    ln = N.LayerNorm(5)
    ln.params["gamma"][:] = rng.normal(size=5)
    ln.params["beta"][:] = rng.normal(size=5)
    w = rng.normal(size=(4, 5))
    ln.forward(x)
    dx = ln.backward(w)
    num = gradcheck.numerical_gradient(lambda v: float(np.sum(w * ln.forward(v))), x)
    assert gradcheck.relative_error(dx, num) < 1e-7
    for k in ("gamma", "beta"):
        p = ln.params[k]

        def f(v, p=p):
            old = p.copy()
            p[...] = v
            out = float(np.sum(w * ln.forward(x)))
            p[...] = old
            return out

        ln.forward(x)
        ln.backward(w)
        assert gradcheck.relative_error(ln.grads[k], gradcheck.numerical_gradient(f, p.copy())) < 1e-7


@pytest.mark.parametrize("norm,placement", [("batch", "before"), ("batch", "after"), ("layer", "before"),
                                            ("layer", "after")])
def test_make_net_gradients_check(norm, placement):
    X, y = datasets.spirals(24, 3, seed=0)
    model = N.make_net([2, 6, 5, 3], "tanh", norm, placement, seed=1)
    assert gradcheck.check_model(model, X, y, training=True) < 1e-6


def test_make_net_structure():
    m = N.make_net([3, 4, 4, 2], "relu", "batch", "before", dropout=0.2, seed=0)
    kinds = [type(l).__name__ for l in m.layers]
    assert kinds == ["Dense", "BatchNorm", "Activate", "Dropout", "Dense", "BatchNorm", "Activate", "Dropout", "Dense"]
    assert "b" not in m.layers[0].params
    m = N.make_net([3, 4, 2], "relu", "layer", "after", seed=0)
    assert [type(l).__name__ for l in m.layers] == ["Dense", "Activate", "LayerNorm", "Dense"]
    assert "b" in m.layers[0].params
    with pytest.raises(ValueError, match="norm must be one of"):
        N.make_net([3, 4, 2], norm="group")
    with pytest.raises(ValueError, match="placement must be one of"):
        N.make_net([3, 4, 2], placement="middle")
    with pytest.raises(ValueError, match="sizes must have at least 3"):
        N.make_net([3, 2])
    with pytest.raises(ValueError, match="gain must be in"):
        N.make_net([3, 4, 2], init=-1.0)


def test_gain_init_variance():
    W = N.gain_init(2.0)(400, 300, 0)
    assert W.var() == pytest.approx(4.0 / 400, rel=0.03)


def test_batchnorm_net_output_is_invariant_to_hidden_weight_scale():
    X, _ = datasets.spirals(32, 3, seed=0)
    m = N.make_net([2, 8, 8, 3], "relu", "batch", seed=0)
    for layer in m.layers:
        if isinstance(layer, nets.BatchNorm):
            layer.eps = 1e-14   # exact invariance holds up to epsilon
    out = m(X, training=True)
    for layer in m.dense_layers[:-1]:
        layer.params["W"] *= 10.0
    np.testing.assert_allclose(m(X, training=True), out, rtol=1e-6, atol=1e-8)


def test_saturation_sigmoid_threshold():
    m = N.make_net([2, 16, 16, 3], "sigmoid", None, init="normal", seed=0)
    X = np.random.default_rng(0).normal(size=(64, 2))
    sat = N.saturation(m, X)
    z = m.preactivations
    np.testing.assert_allclose(sat, [np.mean(np.abs(zz) > 3.6350) for zz in z], atol=0.02)
    m_bn = N.make_net([2, 16, 16, 3], "sigmoid", "batch", init="normal", seed=0)
    assert np.all(N.saturation(m_bn, X) == 0.0)   # |x̂| <= sqrt(m - 1) = sqrt(63) but N(0,1)-like
    with pytest.raises(TypeError, match="model must be a Sequential"):
        N.saturation(nets.Dense(2, 2), X)


def test_normalised_spread_matches_delta_method():
    for B in (16, 64):
        got = N.normalised_spread(1.0, B, n_draws=4000, seed=0)
        assert got == pytest.approx(N.normalised_spread_theory(1.0, B), rel=0.15)
    assert N.normalised_spread(0.5, 4) > N.normalised_spread(0.5, 64)
    with pytest.raises(ValueError, match="batch_size must be an integer in \\[2"):
        N.normalised_spread(0.0, 1)


def test_run_and_sweep_are_deterministic_and_shaped():
    X, y = datasets.spirals(60, 3, seed=0)
    runs = N.sweep(X, y, "lr", [0.05, 0.2], seeds=(0, 1), depth=2, width=8, epochs=3, batch_size=20, norm="batch")
    assert len(runs) == 2 and len(runs[0]) == 2
    assert runs[0][0].loss.shape == (4,)
    again = N.run(X, y, depth=2, width=8, epochs=3, batch_size=20, norm="batch", lr=0.05, seed=0)
    np.testing.assert_array_equal(again.loss, runs[0][0].loss)
    wild = N.run(X, y, depth=4, width=16, epochs=2, batch_size=20, lr=100.0, seed=0)
    assert wild.loss[1] > 100 * wild.loss[0]   # a far too large step blows the loss up
    with pytest.raises(TypeError, match="name must be a keyword"):
        N.sweep(X, y, 3, [1])


def test_variance_shift_detects_dropout_before_batchnorm():
    Xd, yd = datasets.digits()
    X, y = datasets.standardize(Xd[:200]), yd[:200]
    kw = dict(depth=2, width=32, lr=0.05, epochs=4, batch_size=20, norm="batch")
    plain = N.run(X, y, dropout=0.0, **kw).model
    drop = N.run(X, y, dropout=0.5, **kw).model
    r_plain, r_drop = N.variance_shift(plain, X), N.variance_shift(drop, X)
    assert r_plain.shape == (2,)
    assert abs(r_plain[1] - 1) < 0.2
    assert r_drop[1] < 0.8 * r_plain[1]   # the BN after a dropout layer sees smaller variance in eval


def test_batch_mode_loss_restores_running_stats():
    X, y = datasets.spirals(60, 3, seed=0)
    m = N.run(X, y, depth=2, width=8, epochs=2, batch_size=10, norm="batch").model
    bn = m.layers[1]
    before = bn.running_var.copy()
    v = N.batch_mode_loss(m, X, y, 10)
    np.testing.assert_array_equal(bn.running_var, before)
    assert v["train_mode"] > 0 and v["eval_mode"] > 0 and v["train_mode"] != v["eval_mode"]
    ln = N.run(X, y, depth=2, width=8, epochs=2, batch_size=10, norm="layer").model
    v_ln = N.batch_mode_loss(ln, X, y, 7)          # 60 rows: the last 4 are left out of both modes
    assert v_ln["train_mode"] == v_ln["eval_mode"]
    with pytest.raises(ValueError, match="batch_size must be an integer"):
        N.batch_mode_loss(m, X, y, 1)


def test_landscape_probe_restores_and_zero_step():
    X, y = datasets.spirals(40, 3, seed=0)
    m = N.make_net([2, 8, 8, 3], "relu", "batch", seed=0)
    W = m.layers[0].W.copy()
    rv = m.layers[1].running_var.copy()
    p = N.landscape_probe(m, X, y, [0.0, 0.1, 1.0])
    np.testing.assert_array_equal(m.layers[0].W, W)
    np.testing.assert_array_equal(m.layers[1].running_var, rv)
    assert p["grad_change"][0] == pytest.approx(0.0, abs=1e-12)
    # a small step along -g lowers the loss
    assert p["loss"][1] < p["loss"][0]
    with pytest.raises(ValueError, match="steps\\[0\\] must be in"):
        N.landscape_probe(m, X, y, [-1.0])


def test_explorer_update_pure_and_validated():
    a = N.explorer_update(batch_size=20, lr=0.1, depth=2, epochs=3, n=60)
    b = N.explorer_update(batch_size=20, lr=0.1, depth=2, epochs=3, n=60)
    np.testing.assert_array_equal(a["bn"], b["bn"])
    assert a["epochs"].tolist() == [0, 1, 2, 3]
    assert "with BN" in a["summary"]
    # same seed, different layers: the initial losses differ only through batch norm
    assert a["plain"].shape == a["bn"].shape
    with pytest.raises(ValueError, match="lr must be in"):
        N.explorer_update(lr=0.0)
    with pytest.raises(ValueError, match="batch_size must be an integer"):
        N.explorer_update(batch_size=1)


def test_noisy_shift_modes_and_backward():
    layer = N.NoisyShift(0.3, rng=0)
    x = np.random.default_rng(0).normal(size=(5, 4))
    np.testing.assert_array_equal(layer.forward(x), x)            # evaluation: identity
    g = np.ones_like(x)
    np.testing.assert_array_equal(layer.backward(g), g)
    y1 = layer.forward(x, training=True)
    scale = layer._scale
    # an affine map per unit: y = c x + d with the same c, d for every row
    d = y1 - x * scale
    np.testing.assert_allclose(d, np.broadcast_to(d[0], d.shape))
    np.testing.assert_allclose(layer.backward(g), g * scale)
    assert not np.allclose(layer.forward(x, training=True), y1)   # fresh noise at every pass
    with pytest.raises(ValueError, match="strength must be in"):
        N.NoisyShift(-0.1)


def test_make_net_noise_placement_and_validation():
    m = N.make_net([2, 4, 3], "relu", "batch", noise=0.2, seed=0)
    assert [type(l).__name__ for l in m.layers] == ["Dense", "BatchNorm", "NoisyShift", "Activate", "Dense"]
    m = N.make_net([2, 4, 3], "relu", "batch", "after", noise=0.2, seed=0)
    assert [type(l).__name__ for l in m.layers] == ["Dense", "Activate", "BatchNorm", "NoisyShift", "Dense"]
    with pytest.raises(ValueError, match="noise > 0 needs a norm layer"):
        N.make_net([2, 4, 3], noise=0.2)


def test_moment_drift_grows_with_injected_noise():
    X, y = datasets.spirals(60, 3, seed=0)
    kw = dict(depth=3, width=8, layer=1, lr=0.1, epochs=4, batch_size=20, norm="batch")
    _, quiet = N.moment_drift(X, y, **kw)
    loss, noisy = N.moment_drift(X, y, noise=0.5, **kw)
    assert noisy > quiet + 0.3 and np.isfinite(loss)
    with pytest.raises(ValueError, match="layer must be an integer in \\[0, 2\\]"):
        N.moment_drift(X, y, depth=3, layer=3)


def _bn_net(seed=0, dropout=0.0, noise=0.0):
    return N.make_net([2, 8, 8, 3], "relu", "batch", dropout=dropout, seed=seed, noise=noise)


def test_gradient_shift_restores_the_model_and_matches_a_manual_step():
    X, y = datasets.spirals(40, 3, seed=0)
    model = _bn_net(noise=0.3)
    for l in model._walk():
        if isinstance(l, nets.BatchNorm):
            l.running_mean = l.running_mean + 0.5        # recognisable running statistics
    before = [l.params[k].copy() for l, k in model.parameters()]
    rm = [l.running_mean.copy() for l in model._walk() if isinstance(l, nets.BatchNorm)]
    change, cos = N.gradient_shift(model, X, y, layer=1, lr=0.5)
    assert all(np.array_equal(a, l.params[k]) for a, (l, k) in zip(before, model.parameters()))
    assert all(np.array_equal(a, l.running_mean)
               for a, l in zip(rm, [l for l in model._walk() if isinstance(l, nets.BatchNorm)]))
    assert 0 < change and -1 <= cos <= 1
    # layer 0 has nothing below it: its gradient cannot change
    c0, cos0 = N.gradient_shift(model, X, y, layer=0, lr=0.5)
    assert c0 < 1e-12 and cos0 == pytest.approx(1.0)
    # a smaller step changes the gradient less
    assert N.gradient_shift(model, X, y, layer=1, lr=0.01)[0] < change
    with pytest.raises(ValueError, match="layer"):
        N.gradient_shift(model, X, y, layer=5, lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        N.gradient_shift(model, X, y, layer=1, lr=0.0)


def test_ics_measure_keys_and_plain_vs_bn_training_unchanged():
    X, y = datasets.spirals(60, 3, seed=0)
    r = N.ics_measure(X, y, layer=1, depth=3, width=8, norm="batch", lr=0.1, epochs=3, batch_size=20)
    assert set(r) == {"grad_change", "grad_cos", "input_drift", "loss"}
    assert all(np.isfinite(v) for v in r.values()) and r["input_drift"] > 0
    # the measurement does not perturb training: same final loss as run() with the same seed
    ref = N.run(X, y, depth=3, width=8, norm="batch", lr=0.1, epochs=3, batch_size=20, seed=0)
    assert r["loss"] == pytest.approx(ref.loss[-1], rel=1e-12)
    with pytest.raises(ValueError, match="layer"):
        N.ics_measure(X, y, layer=3, depth=3)


def test_recompute_running_stats_removes_the_variance_shift():
    X, y = datasets.spirals(120, 3, seed=1)
    model = _bn_net(seed=2, dropout=0.5)
    import actbook.train as T
    T.train(model, X, y, lr=0.05, epochs=5, batch_size=20, seed=0)
    shift_before = N.variance_shift(model, X)
    N.recompute_running_stats(model, X)
    np.testing.assert_allclose(N.variance_shift(model, X), 1.0, rtol=1e-12)
    assert shift_before[1] < 0.9                       # the BN after the first dropout was shifted
    bn0 = [l for l in model._walk() if isinstance(l, nets.BatchNorm)][0]
    z0 = model.dense_layers[0].forward(X)
    np.testing.assert_allclose(bn0.running_mean, z0.mean(axis=0))
    with pytest.raises(TypeError, match="Sequential"):
        N.recompute_running_stats(object(), X)
