"""Tests of actbook.ensemble: mask enumeration, the three inference rules, MC dropout, helpers."""

import numpy as np
import pytest

from actbook import datasets, ensemble as ens, losses, nets, train


def softmax_layer(p, seed=0, n_in=6, k=3):
    layer = nets.Dense(n_in, k, "normal", rng=seed)
    layer.params["b"][...] = np.random.default_rng(seed).normal(size=k)
    return nets.Sequential([nets.Dropout(p, rng=seed), layer])


# ----------------------------------------------------------------------------- masks

def test_all_masks_rows_and_order():
    m = ens.all_masks(3)
    assert m.shape == (8, 3)
    np.testing.assert_array_equal(m[0], [0, 0, 0])
    np.testing.assert_array_equal(m[5], [1, 0, 1])
    np.testing.assert_array_equal(m[-1], [1, 1, 1])
    assert len({tuple(r) for r in m}) == 8


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_mask_weights_sum_to_one_and_match_closed_form(p):
    m = ens.all_masks(5)
    w = ens.mask_weights(m, p)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    k = m.sum(axis=1)
    np.testing.assert_allclose(w, (1 - p) ** k * p ** (5 - k))


def test_mask_weights_per_unit_rates():
    m = ens.all_masks(2)
    w = ens.mask_weights(m, [0.1, 0.5])
    np.testing.assert_allclose(w, [0.1 * 0.5, 0.1 * 0.5, 0.9 * 0.5, 0.9 * 0.5])


def test_mask_errors():
    with pytest.raises(ValueError, match="n must be an integer in"):
        ens.all_masks(0)
    with pytest.raises(TypeError, match="n must be an integer"):
        ens.all_masks(2.5)
    with pytest.raises(ValueError, match="only 0 and 1"):
        ens.mask_weights([[0, 2]], 0.5)
    with pytest.raises(ValueError, match=r"p must be in \[0.0, 1.0\)"):
        ens.mask_weights([[0, 1]], 1.0)
    with pytest.raises(ValueError, match="masks must be 2-D"):
        ens.mask_weights([0, 1], 0.5)


def test_distinct_masks_bound():
    assert ens.distinct_masks_bound(10, 1, 1) == pytest.approx(-10 * np.log10(2))
    assert ens.distinct_masks_bound(3, 100, 100) == 0.0          # capped at "all of them"
    with pytest.raises(ValueError, match="steps"):
        ens.distinct_masks_bound(3, 0, 1)


# ----------------------------------------------------------------------------- enumeration

@pytest.mark.parametrize("p", [0.5, 0.2, 0.7])
def test_geometric_mean_equals_weight_scaling_for_softmax_layer(p):
    X = np.random.default_rng(1).normal(size=(40, 6))
    probs = ens.inference_rules(softmax_layer(p, seed=3), X)
    np.testing.assert_allclose(probs["geometric"], probs["weight_scaled"], atol=1e-12)
    assert np.max(np.abs(probs["arithmetic"] - probs["weight_scaled"])) > 1e-3
    np.testing.assert_allclose(probs["arithmetic"].sum(axis=1), 1.0)


def test_exact_for_linear_networks_but_not_for_relu():
    X = np.random.default_rng(2).normal(size=(30, 2))
    lin = nets.mlp([2, 4, 4, 3], "identity", seed=0, dropout=0.4)
    for layer in lin.dense_layers:
        layer.params["b"][...] = 0.3
    g = ens.rule_gaps(ens.inference_rules(lin, X))
    assert g["geo_vs_scaled"] < 1e-12
    relu = nets.mlp([2, 4, 4, 3], "relu", seed=0, dropout=0.4)
    for layer in relu.dense_layers:
        layer.params["W"] *= 3.0
    assert ens.rule_gaps(ens.inference_rules(relu, X))["geo_vs_scaled"] > 1e-3


def test_subnetwork_logits_brute_force():
    """Each enumerated output equals the hand-computed sub-network."""
    model = nets.mlp([2, 3, 2], "tanh", seed=4, dropout=0.25)
    X = np.random.default_rng(0).normal(size=(5, 2))
    z, w = ens.subnetwork_logits(model, X)
    assert z.shape == (8, 5, 2) and w.shape == (8,)
    d1, d2 = model.dense_layers
    for i, m in enumerate(ens.all_masks(3)):
        h = np.tanh(X @ d1.W + d1.b) * m / 0.75
        np.testing.assert_allclose(z[i], h @ d2.W + d2.b, atol=1e-12)
    # the model is left usable: dropout layers back to fresh masks
    d = ens.dropout_layers(model)[0]
    assert d.reuse_mask is False and d.mask is None


def test_geometric_and_arithmetic_means_direct():
    z = np.array([[[0.0, 1.0]], [[2.0, 0.0]]])           # two members, one row, two classes
    w = np.array([0.25, 0.75])
    p1, p2 = losses.softmax(z[0]), losses.softmax(z[1])
    np.testing.assert_allclose(ens.arithmetic_mean(z, w), 0.25 * p1 + 0.75 * p2)
    g = p1 ** 0.25 * p2 ** 0.75
    np.testing.assert_allclose(ens.geometric_mean(z, w), g / g.sum())
    # stable for huge logits
    assert np.all(np.isfinite(ens.geometric_mean(z * 1e4, w)))


def test_enumeration_errors():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="no dropout layer"):
        ens.subnetwork_logits(nets.mlp([2, 3, 2]), X)
    with pytest.raises(ValueError, match="at most 16"):
        ens.subnetwork_logits(nets.mlp([2, 20, 2], dropout=0.5), X)
    with pytest.raises(TypeError, match="Sequential"):
        ens.dropout_layers("not a model")
    with pytest.raises(ValueError, match=r"masks must have shape \(M, 3\)"):
        ens.subnetwork_logits(nets.mlp([2, 3, 2], dropout=0.5), X, masks=np.ones((2, 4)))
    with pytest.raises(ValueError, match="weights must have shape"):
        ens.arithmetic_mean(np.zeros((2, 1, 2)), [1.0])
    with pytest.raises(ValueError, match="probs must be a dict"):
        ens.rule_gaps({"geometric": 1})


def test_batchnorm_stays_in_eval_mode_during_enumeration():
    model = nets.mlp([2, 3, 2], "relu", seed=0, dropout=0.5, batchnorm=True)
    bn = [l for l in model._walk() if isinstance(l, nets.BatchNorm)][0]
    before = bn.running_mean.copy()
    ens.subnetwork_logits(model, np.random.default_rng(0).normal(size=(4, 2)))
    np.testing.assert_array_equal(bn.running_mean, before)


# ----------------------------------------------------------------------------- scaling and moments

def test_dropout_moments_match_closed_form():
    m = ens.dropout_output_moments([1.0, -2.0, 0.0], 0.4, n_samples=100_000, seed=1)
    np.testing.assert_allclose(m["mean"], [1.0, -2.0, 0.0], atol=0.02)
    np.testing.assert_allclose(m["var_exact"], [0.4 / 0.6, 4 * 0.4 / 0.6, 0.0])
    np.testing.assert_allclose(m["var"], m["var_exact"], rtol=0.03)


def test_unscaled_dropout_training_mean_and_eval_scale():
    x = np.ones((4000, 50))
    d = ens.UnscaledDropout(0.3, rng=0)
    assert d.forward(x, training=True).mean() == pytest.approx(0.7, abs=0.01)
    assert set(np.unique(d.mask)) <= {0.0, 1.0}
    np.testing.assert_array_equal(d.forward(x, training=False), x)
    d.eval_scale = 0.7
    np.testing.assert_allclose(d.forward(x, training=False), 0.7 * x)
    np.testing.assert_allclose(d.backward(np.ones_like(x)), 0.7)
    with pytest.raises(ValueError, match="eval_scale"):
        ens.UnscaledDropout(0.3, eval_scale=0.0)


def test_dropout_layer_gradient_uses_mask_for_unscaled_variant():
    d = ens.UnscaledDropout(0.5, rng=3)
    x = np.random.default_rng(0).normal(size=(6, 4))
    out = d.forward(x, training=True)
    g = np.random.default_rng(1).normal(size=x.shape)
    np.testing.assert_array_equal(d.backward(g), g * d.mask)
    np.testing.assert_array_equal(out, x * d.mask)


def test_inverted_dropout_same_mask_in_training_mlp_gradcheck():
    from actbook import gradcheck
    X, y = datasets.spirals(30, 3, seed=0)
    m = nets.mlp([2, 5, 3], "tanh", seed=0, dropout=0.5)
    assert gradcheck.check_model(m, X[:10], y[:10], training=True) < 1e-6


# ----------------------------------------------------------------------------- MC dropout

def test_mc_dropout_mean_converges_to_arithmetic_ensemble():
    model = nets.mlp([2, 4, 2], "relu", seed=1, dropout=0.5)
    X = np.random.default_rng(0).normal(size=(5, 2))
    z, w = ens.subnetwork_logits(model, X)
    exact = ens.arithmetic_mean(z, w)
    samples = ens.mc_dropout_samples(model, X, n_samples=4000, seed=0)
    mc = losses.softmax(samples, axis=-1).mean(axis=0)
    np.testing.assert_allclose(mc, exact, atol=0.03)


def test_mc_dropout_is_seeded_and_restores_rng():
    model = nets.mlp([2, 4, 1], "relu", seed=1, dropout=0.3)
    X = np.ones((3, 2))
    state = ens.dropout_layers(model)[0].rng.bit_generator.state
    a = ens.mc_dropout_samples(model, X, 10, seed=5)
    b = ens.mc_dropout_samples(model, X, 10, seed=5)
    np.testing.assert_array_equal(a, b)
    assert ens.dropout_layers(model)[0].rng.bit_generator.state == state
    mean, std = ens.mc_predict(a)
    assert mean.shape == (3, 1) and np.all(std >= 0)
    with pytest.raises(ValueError, match="no dropout layer"):
        ens.mc_dropout_samples(nets.mlp([2, 3, 1]), X)
    with pytest.raises(ValueError, match="T >= 2"):
        ens.mc_predict(a[:1])


# ----------------------------------------------------------------------------- co-adaptation, BN

def test_unit_ablation_zero_fraction_is_plain_accuracy():
    X, y = datasets.moons(60, seed=0)
    m = nets.mlp([2, 8, 2], "relu", seed=0)
    train.train(m, X, y, epochs=20, seed=0)
    acc = ens.unit_ablation_accuracy(m, X, y, 0.0, n_repeats=3)
    np.testing.assert_allclose(acc, train.evaluate(m, X, y)[1])
    with pytest.raises(ValueError, match="fraction"):
        ens.unit_ablation_accuracy(m, X, y, 1.0)
    with pytest.raises(ValueError, match="layer"):
        ens.unit_ablation_accuracy(m, X, y, 0.5, layer=3)


def test_bn_variance_shift_grows_with_p():
    r0 = ens.bn_variance_shift(0.0, steps=100)
    r5 = ens.bn_variance_shift(0.5, steps=100)
    assert abs(r0["var_ratio"] - 1) < 0.1
    assert r5["var_ratio"] < 0.6 and r5["eval_output_std"] < 0.8


# ----------------------------------------------------------------------------- experiment helpers

@pytest.fixture(scope="module")
def small_runs():
    X, y = datasets.moons(40, noise=0.3, seed=1)
    Xt, yt = datasets.moons(60, noise=0.3, seed=2)
    return ens.dropout_runs(X, y, Xt, yt, rates=[0.0, 0.5], seeds=[0, 1], hidden=(8,), epochs=5)


def test_dropout_runs_and_explorer_curves(small_runs):
    assert [(r.p, r.seed) for r in small_runs] == [(0.0, 0), (0.0, 1), (0.5, 0), (0.5, 1)]
    assert len(ens.dropout_layers(small_runs[2].model)) == 1
    cur = ens.explorer_curves(small_runs, 0.5)
    assert cur["epoch"].tolist() == list(range(6))
    hs = [r.history for r in small_runs if r.p == 0.5]
    np.testing.assert_allclose(cur["test_loss"], np.mean([h.val_loss for h in hs], axis=0))
    np.testing.assert_allclose(cur["train_acc_std"], np.std([h.accuracy for h in hs], axis=0))
    with pytest.raises(ValueError, match="computed rates"):
        ens.explorer_curves(small_runs, 0.3)
    with pytest.raises(ValueError, match="non-empty"):
        ens.explorer_curves([], 0.5)


def test_final_metrics(small_runs):
    fm = ens.final_metrics(small_runs, last=2)
    assert set(fm) == {0.0, 0.5}
    h = small_runs[0].history
    h2 = small_runs[1].history
    exp = np.mean([np.mean(h.val_loss[-2:]) - np.mean(h.loss[-2:]), np.mean(h2.val_loss[-2:]) - np.mean(h2.loss[-2:])])
    assert fm[0.0]["loss_gap"][0] == pytest.approx(exp)


def test_same_seed_same_start_weights():
    X, y = datasets.moons(20, seed=0)
    runs = ens.dropout_runs(X, y, X, y, rates=[0.0, 0.5], seeds=[3], hidden=(4,), epochs=0)
    np.testing.assert_array_equal(runs[0].model.dense_layers[0].W, runs[1].model.dense_layers[0].W)
    with pytest.raises(ValueError, match=r"rates\[0\]"):
        ens.dropout_runs(X, y, X, y, rates=[1.0], seeds=[0])


def test_stopping_curves_shapes_and_pairing():
    X, y = datasets.moons(30, seed=0)
    Xv, yv = datasets.moons(20, seed=1)
    Xt, yt = datasets.moons(25, seed=2)
    c = ens.stopping_curves(X, y, Xv, yv, Xt, yt, seeds=[0, 1], hidden=(8,), epochs=4,
                            lr=0.1, batch_size=10)
    assert set(c) == {"val_loss", "test_loss", "test_acc"}
    assert all(v.shape == (2, 5) for v in c.values())
    # epoch 0 is the untrained network: the same as evaluating a fresh mlp with that seed
    fresh = nets.mlp([2, 8, 2], "relu", seed=1)
    assert c["test_loss"][1, 0] == pytest.approx(train.evaluate(fresh, Xt, yt)[0])
    # weight decay changes the run, the same seed without it reproduces itself
    c2 = ens.stopping_curves(X, y, Xv, yv, Xt, yt, seeds=[0, 1], hidden=(8,), epochs=4,
                             lr=0.1, batch_size=10)
    np.testing.assert_array_equal(c["val_loss"], c2["val_loss"])
    c3 = ens.stopping_curves(X, y, Xv, yv, Xt, yt, seeds=[0, 1], hidden=(8,), epochs=4,
                             lr=0.1, batch_size=10, weight_decay=0.1)
    assert not np.allclose(c["val_loss"][:, -1], c3["val_loss"][:, -1])
    with pytest.raises(ValueError, match="dropout"):
        ens.stopping_curves(X, y, Xv, yv, Xt, yt, seeds=[0], dropout=1.5)
    with pytest.raises(ValueError, match="seeds"):
        ens.stopping_curves(X, y, Xv, yv, Xt, yt, seeds=[])


def test_early_stopping_choice_uses_validation_only():
    val = np.array([[3.0, 1.0, 2.0], [1.0, 2.0, 0.5]])
    test = np.array([[9.0, 8.0, 0.1], [7.0, 0.0, 6.0]])
    e, t = ens.early_stopping_choice(val, test)
    assert e.tolist() == [1, 2] and t.tolist() == [8.0, 6.0]   # not the test minima 0.1, 0.0
    with pytest.raises(ValueError, match="same shape"):
        ens.early_stopping_choice(val, test[:, :2])


def test_paired_summary():
    a, b = np.array([1.0, 2.0, 4.0]), np.array([0.5, 2.5, 2.0])
    d = ens.paired_summary(a, b)
    diff = a - b
    assert d["mean"] == pytest.approx(diff.mean()) and d["sd"] == pytest.approx(diff.std(ddof=1))
    assert d["n_pos"] == 2 and d["n"] == 3
    assert d["t"] == pytest.approx(diff.mean() / (diff.std(ddof=1) / np.sqrt(3)))
    from scipy import stats
    assert d["p_value"] == pytest.approx(stats.ttest_rel(a, b).pvalue)
    same = ens.paired_summary(a, a)
    assert same["mean"] == 0 and np.isnan(same["p_value"])
    with pytest.raises(ValueError, match="same length"):
        ens.paired_summary(a, b[:2])
