"""Tests of actbook.dying: dead-unit measurement, the dying-ReLU run, SELU constants, maxout helpers."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actbook import activations, datasets, dying, nets
from actbook.nets import Activate, Dense, Sequential


@pytest.fixture(scope="module")
def moons():
    X, y = datasets.moons(100, noise=0.15, seed=0)
    return datasets.standardize(X), y


# --- dead_mask / dead_fractions / inactive_fractions ------------------------

def test_dead_mask_definition():
    z = np.array([[-1.0, 0.0, 2.0, -3.0],
                  [-2.0, 0.0, -1.0, 0.5]])
    # z <= 0 on every row: columns 0 and 1 (exact zeros count as off, as ReLU'(0) = 0)
    assert dying.dead_mask(z).tolist() == [True, True, False, False]


def test_dead_mask_nan_is_not_dead_and_lists_accepted():
    assert dying.dead_mask([[np.nan, -1.0]]).tolist() == [False, True]


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((0, 3)), np.zeros((2, 2, 2))])
def test_dead_mask_rejects_bad_shapes(bad):
    with pytest.raises(ValueError, match="z must be 2-D"):
        dying.dead_mask(bad)


def test_dead_mask_rejects_strings():
    with pytest.raises(TypeError, match="z must"):
        dying.dead_mask("abc")


def test_dead_fractions_with_constructed_network():
    # layer 1: unit 0 has w = -1, b = -1 -> z = -x - 1 <= 0 for x >= -1: dead on x in [0, 1];
    #          unit 1 has w = +1, b = 0 -> alive.
    d = Dense(1, 2, init="zeros")
    d.params["W"][0] = [-1.0, 1.0]
    d.params["b"][:] = [-1.0, 0.0]
    m = Sequential([d, Activate("relu"), Dense(2, 1, init="zeros")])
    x = np.linspace(0, 1, 11)[:, None]
    np.testing.assert_array_equal(dying.dead_fractions(m, x), [0.5])
    # inactive fraction: unit 0 always off (11), unit 1 off only at x = 0 (z = 0): 12 of 22
    np.testing.assert_allclose(dying.inactive_fractions(m, x), [12 / 22])


def test_fractions_at_init_are_about_half(moons):
    X, _ = moons
    m = nets.mlp([2, 64, 2], "relu", seed=0)
    frac = dying.inactive_fractions(m, X)
    assert frac.shape == (1,) and abs(frac[0] - 0.5) < 0.1
    assert dying.dead_fractions(m, X)[0] < 0.1


def test_fractions_validate_model(moons):
    X, _ = moons
    with pytest.raises(TypeError, match="model must be a Sequential"):
        dying.dead_fractions("relu", X)
    with pytest.raises(ValueError, match="no activation layers"):
        dying.dead_fractions(Sequential([Dense(2, 1)]), X)
    with pytest.raises(ValueError, match="elementwise"):
        dying.dead_fractions(nets.mlp([2, 4, 2], "maxout", k=2), X)


# --- dying_run / dying_sweep -------------------------------------------------

def test_dying_run_is_deterministic_and_shaped(moons):
    X, y = moons
    a = dying.dying_run(X, y, 0.1, seed=3, hidden=(8, 8), epochs=5)
    b = dying.dying_run(X, y, 0.1, seed=3, hidden=(8, 8), epochs=5)
    assert a.dead.shape == (6, 2) and a.accuracy.shape == (6,)
    np.testing.assert_array_equal(a.dead, b.dead)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert a.diverged_at is None and 0 <= a.dead_after <= 1
    assert np.all((a.dead >= 0) & (a.dead <= 1))


def test_dead_total_weights_layers_by_width(moons):
    X, y = moons
    run = dying.dying_run(X, y, 0.5, seed=2, hidden=(4, 12), epochs=3)
    np.testing.assert_allclose(run.dead_total, (4 * run.dead[:, 0] + 12 * run.dead[:, 1]) / 16)
    assert run.dead_before == run.dead_total[0]


def test_dying_run_initial_row_matches_dead_fractions(moons):
    X, y = moons
    run = dying.dying_run(X, y, 0.1, seed=1, hidden=(16, 16), epochs=1)
    m = nets.mlp([2, 16, 16, 2], "relu", seed=1)
    np.testing.assert_allclose(run.dead[0], dying.dead_fractions(m, X))


def test_high_learning_rate_kills_more_units(moons):
    X, y = moons
    low = np.nanmean([dying.dying_run(X, y, 0.05, s, epochs=20).dead_after for s in range(4)])
    high = [dying.dying_run(X, y, 1.5, s, epochs=20) for s in range(4)]
    high_dead = np.nanmean([r.dead_after for r in high if r.diverged_at is None] or [1.0])
    assert high_dead > low + 0.1


def test_first_layer_units_never_revive(moons):
    X, y = moons
    for s in range(4):
        run = dying.dying_run(X, y, 1.0, s, epochs=30)
        assert run.ever_dead_revived[0] == 0
        if run.diverged_at is None:
            # the first-layer dead fraction can only grow
            assert np.all(np.diff(run.dead[:, 0]) >= 0)


def test_dying_run_validates(moons):
    X, y = moons
    with pytest.raises(ValueError, match="lr must be in"):
        dying.dying_run(X, y, 0.0)
    with pytest.raises(ValueError, match="y must be integer class labels"):
        dying.dying_run(X, y.astype(float), 0.1)
    with pytest.raises(ValueError, match="X must be 2-D"):
        dying.dying_run(X[:, 0], y, 0.1)
    with pytest.raises(ValueError, match="hidden must list"):
        dying.dying_run(X, y, 0.1, hidden=())
    with pytest.raises(TypeError, match="seed must be an integer"):
        dying.dying_run(X, y, 0.1, seed=1.5)


def test_dying_sweep_shapes_and_nan_for_divergence(moons):
    X, y = moons
    out = dying.dying_sweep(X, y, [0.05, 50.0], [0, 1], hidden=(8,), epochs=3)
    for key in ("dead_before", "dead_after", "accuracy", "diverged"):
        assert out[key].shape == (2, 2)
    assert out["dead_after_layers"].shape == (2, 2, 1)
    assert out["dead_curves"].shape == (2, 2, 4)
    assert not out["diverged"][0].any()
    assert np.all(np.isnan(out["dead_after"][out["diverged"]]))
    with pytest.raises(ValueError, match="non-empty"):
        dying.dying_sweep(X, y, [], [0])


# --- SELU constants and Gaussian moments --------------------------------------

def test_selu_constants_match_package_and_paper():
    alpha, lam = dying.selu_constants()
    assert alpha == pytest.approx(activations.SELU_ALPHA, abs=1e-12)
    assert lam == pytest.approx(activations.SELU_SCALE, abs=1e-12)
    assert alpha == pytest.approx(1.6732632423543772, rel=1e-12)


def test_gaussian_moments_closed_forms():
    m, v = dying.gaussian_moments("relu")
    assert m == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-10)
    assert v == pytest.approx(0.5 - 1 / (2 * math.pi), abs=1e-10)
    m_elu, _ = dying.gaussian_moments("elu", alpha=1.0)
    assert m_elu == pytest.approx(1 / math.sqrt(2 * math.pi) + math.exp(0.5) * 0.15865525393145707 - 0.5, abs=1e-9)
    m_id, v_id = dying.gaussian_moments("identity", mean=0.3, std=2.0)
    assert (m_id, v_id) == (pytest.approx(0.3, abs=1e-9), pytest.approx(4.0, abs=1e-8))
    m_s, v_s = dying.gaussian_moments("selu")
    assert abs(m_s) < 1e-9 and v_s == pytest.approx(1.0, abs=1e-9)


def test_gaussian_moments_validates():
    with pytest.raises(ValueError, match="std must be in"):
        dying.gaussian_moments("relu", std=0.0)
    with pytest.raises(ValueError, match="elementwise"):
        dying.gaussian_moments("maxout")


def test_moments_through_depth_selu_vs_relu():
    mu, var = dying.moments_through_depth("selu", depth=20, width=100, n=200, seed=0)
    assert mu.shape == var.shape == (21,)
    assert abs(mu[-1]) < 0.15 and abs(var[-1] - 1) < 0.2
    _, var_relu = dying.moments_through_depth("relu", "lecun_normal", depth=20, width=100, n=200, seed=0)
    assert var_relu[-1] < 1e-4          # second moment halves per layer
    _, v_small = dying.moments_through_depth("selu", depth=30, width=100, n=200, seed=0, input_std=0.5)
    assert v_small[0] == pytest.approx(0.25, rel=0.05) and abs(v_small[-1] - 1) < 0.2


# --- maxout helpers ----------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 5, 16])
def test_maxout_error_for_square_is_one_over_k_squared(k):
    assert dying.maxout_fit_error(np.square, -1, 1, k, n_eval=8001) == pytest.approx(1 / k**2, rel=1e-3)


def test_secant_pieces_interpolate_knots():
    w, b = dying.secant_pieces(np.exp, 0.0, 2.0, 4)
    t = np.linspace(0, 2, 5)
    np.testing.assert_allclose(dying.max_affine(t, w, b), np.exp(t), rtol=1e-12)
    assert np.all(np.diff(w) > 0)       # convex target: increasing slopes


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.floats(min_value=0.1, max_value=3.0))
def test_maxout_error_bound_property(k, half_width):
    # error of the interpolant of exp on [-c, c] is at most h^2 max|f''| / 8
    h = 2 * half_width / k
    err = dying.maxout_fit_error(np.exp, -half_width, half_width, k)
    assert err <= h * h * math.exp(half_width) / 8 * (1 + 1e-9) + 1e-15


def test_max_affine_reproduces_relu_and_abs():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_array_equal(dying.max_affine(x, [0.0, 1.0], [0.0, 0.0]), np.maximum(x, 0))
    np.testing.assert_array_equal(dying.max_affine(x, [-1.0, 1.0], [0.0, 0.0]), np.abs(x))


def test_dc_pieces_rebuild_interpolant_of_sin():
    for m in [1, 3, 8]:
        wp, bp, wm, bm = dying.dc_pieces(np.sin, -3.0, 3.0, m)
        t = np.linspace(-3, 3, m + 1)
        x = np.linspace(-3, 3, 1001)
        g = dying.max_affine(x, wp, bp) - dying.max_affine(x, wm, bm)
        np.testing.assert_allclose(g, np.interp(x, t, np.sin(t)), atol=1e-12)
        assert np.all(np.diff(wp) >= -1e-15) and np.all(np.diff(wm) >= -1e-15)   # both convex


def test_maxout_helpers_validate():
    with pytest.raises(ValueError, match="hi must be greater than lo"):
        dying.secant_pieces(np.square, 1.0, 1.0, 3)
    with pytest.raises(ValueError, match="k must be an integer in"):
        dying.secant_pieces(np.square, 0.0, 1.0, 0)
    with pytest.raises(ValueError, match="f must return one finite value per input point"):
        dying.secant_pieces(lambda t: np.where(t > 0.4, np.nan, t), 0.0, 1.0, 2)
    with pytest.raises(ValueError, match="w and b must be 1-D"):
        dying.max_affine([0.0], [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="m must be an integer in"):
        dying.dc_pieces(np.sin, 0.0, 1.0, 0)


def test_unused_pieces():
    # 2 units, k = 3; unit 0: piece 0 always wins; unit 1: pieces 1 and 2 both win sometimes
    z = np.array([[5.0, 1.0, 0.0, 0.0, 2.0, 1.0],
                  [4.0, 0.0, 1.0, 0.0, 1.0, 3.0]])
    assert dying.unused_pieces(z, 3).tolist() == [2, 1]
    with pytest.raises(ValueError, match="divisible by k=4"):
        dying.unused_pieces(z, 4)


def test_maxout_matches_package_maxout_layer():
    w, b = np.array([-0.5, 0.2, 1.0]), np.array([0.1, 0.0, -0.3])
    d = Dense(1, 3, init="zeros")
    d.params["W"][0] = w
    d.params["b"][:] = b
    x = np.linspace(-2, 2, 17)
    out = Sequential([d, Activate("maxout", k=3)])(x[:, None])[:, 0]
    np.testing.assert_allclose(out, dying.max_affine(x, w, b), atol=1e-15)


def test_trained_net_has_no_global_state(moons):
    X, y = moons
    state = np.random.get_state()[1][:5].copy()
    dying.dying_run(X, y, 0.1, seed=0, hidden=(4,), epochs=2)
    np.testing.assert_array_equal(np.random.get_state()[1][:5], state)


def test_explorer_epochs_show_the_chapter_dead_fractions():
    # chapter 3's explorer trains 50 epochs (the chapter's runs: 100) so that it updates at once;
    # on the chapter's data the dead fractions after 50 epochs are close to those after 100
    X, y = datasets.moons(200, noise=0.15, seed=0)
    X = datasets.standardize(X)
    for lr in (0.1, 1.0):
        short = [dying.dying_run(X, y, lr, s, epochs=50) for s in range(3)]
        full = [dying.dying_run(X, y, lr, s) for s in range(3)]
        assert [r.diverged_at for r in short] == [r.diverged_at for r in full]
        assert all(r.dead.shape == (51, 3) for r in short if r.diverged_at is None)
        for a, b in zip(short, full):
            if b.diverged_at is None:
                assert abs(a.dead_after - b.dead_after) < 0.1
        assert abs(np.nanmean([r.dead_after for r in short]) - np.nanmean([r.dead_after for r in full])) < 0.05


def test_distinct_pieces_of_sin_are_four_plus_four():
    wp, bp, wm, bm = dying.dc_pieces(np.sin, -np.pi, np.pi, 8)
    assert len(wp) == len(wm) == 8                 # one zero kink (at 0) duplicates a line
    (w1, b1), (w2, b2) = dying.distinct_pieces(wp, bp), dying.distinct_pieces(wm, bm)
    assert len(w1) == len(w2) == 4
    x = np.linspace(-np.pi, np.pi, 501)
    assert np.allclose(dying.max_affine(x, w1, b1) - dying.max_affine(x, w2, b2),
                       dying.max_affine(x, wp, bp) - dying.max_affine(x, wm, bm), atol=1e-12)


def test_distinct_pieces_keeps_order_and_validates():
    w, b = dying.distinct_pieces([1.0, 0.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.5])
    assert w.tolist() == [1.0, 0.0, 1.0] and b.tolist() == [0.0, 0.0, 0.5]
    with pytest.raises(ValueError, match="w and b"):
        dying.distinct_pieces([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="atol"):
        dying.distinct_pieces([1.0], [0.0], atol=-1.0)


# --- layer_snapshot ----------------------------------------------------------

def test_layer_snapshot_matches_cached_values_and_weight_gradients(moons):
    X, y = moons
    m = nets.mlp([2, 8, 8, 8, 2], "relu", seed=1)
    snap = dying.layer_snapshot(m, X, y)
    assert len(snap.z) == len(snap.a) == len(snap.grad_z) == 3
    for l in range(3):
        assert np.array_equal(snap.z[l], m.preactivations[l])
        assert np.array_equal(snap.a[l], np.maximum(snap.z[l], 0.0))
        assert snap.grad_z[l].shape == snap.z[l].shape == (X.shape[0], 8)
    # dL/dW_l = a_{l-1}^T delta_l and dL/db_l = sum_i delta_l: delta_l really is dL/dz_l
    inputs = [X] + snap.a[:-1]
    for l, d in enumerate(m.dense_layers[:-1]):
        assert np.allclose(d.grads["W"], inputs[l].T @ snap.grad_z[l], rtol=1e-12, atol=1e-15)
        assert np.allclose(d.grads["b"], snap.grad_z[l].sum(axis=0), rtol=1e-12, atol=1e-15)
    # the snapshot is a copy: a later forward pass does not change it
    z0 = snap.z[0].copy()
    m(X[:5] + 1.0)
    assert np.array_equal(snap.z[0], z0)


def test_layer_snapshot_grad_is_finite_difference_of_bias(moons):
    X, y = moons
    m = nets.mlp([2, 6, 6, 2], "elu", seed=2)
    snap = dying.layer_snapshot(m, X, y)
    b = m.dense_layers[1].params["b"]
    loss = lambda: dying.layer_snapshot(m, X, y).loss
    for j in (0, 3):
        b[j] += 1e-6
        up = loss()
        b[j] -= 2e-6
        down = loss()
        b[j] += 1e-6
        assert abs((up - down) / 2e-6 - snap.grad_z[1][:, j].sum()) < 1e-7


def test_layer_snapshot_zero_fraction_and_spread(moons):
    X, y = moons
    relu = dying.layer_snapshot(nets.mlp([2, 64, 64, 2], "relu", seed=0), X, y)
    leaky = dying.layer_snapshot(nets.mlp([2, 64, 64, 2], "leaky_relu", seed=0), X, y)
    # ReLU at He initialisation: about half of the outputs are exactly 0, and the gradient
    # is exactly 0 wherever the output is
    assert np.all(np.abs(relu.zero_fraction("a") - 0.5) < 0.1)
    assert np.allclose(relu.zero_fraction("a"), dying.inactive_fractions(
        nets.mlp([2, 64, 64, 2], "relu", seed=0), X))
    assert np.all(relu.zero_fraction("grad_z") >= relu.zero_fraction("a"))
    # delta = (delta_next W^T) * ReLU'(z): exactly 0 wherever the output is 0, and only there
    for a, g in zip(relu.a, relu.grad_z):
        assert np.array_equal(g == 0, a == 0)
    assert np.all(leaky.zero_fraction("a") == 0.0) and np.all(leaky.zero_fraction("grad_z") == 0.0)
    assert np.allclose(relu.spread("a"), [np.std(a) for a in relu.a])
    assert np.allclose(relu.spread(), [np.std(g) for g in relu.grad_z])
    with pytest.raises(ValueError, match="which must be"):
        relu.spread("W")


def test_layer_snapshot_sigmoid_gradient_shrinks_towards_the_input(moons):
    X, y = moons
    snap = dying.layer_snapshot(nets.mlp([2] + [32] * 6 + [2], "sigmoid", seed=0), X, y)
    s = snap.spread()
    assert np.all(np.diff(s) > 0) and s[0] / s[-1] < 1e-2    # sigma' <= 1/4 per layer


def test_layer_snapshot_validates(moons):
    X, y = moons
    m = nets.mlp([2, 4, 2], "relu", seed=0)
    with pytest.raises(TypeError, match="model must be a Sequential"):
        dying.layer_snapshot("net", X, y)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        dying.layer_snapshot(m, np.zeros((3, 3)), y[:3])
    with pytest.raises(ValueError, match="y"):
        dying.layer_snapshot(m, X, y[:5])
    with pytest.raises(ValueError, match="unknown loss"):
        dying.layer_snapshot(m, X, y, loss="hinge")
    res = Sequential([Dense(2, 4), nets.Residual([Activate("relu"), Dense(4, 4)]), Dense(4, 2)])
    with pytest.raises(ValueError, match="Residual"):
        dying.layer_snapshot(res, X, y)
    with pytest.raises(ValueError, match="no activation layers"):
        dying.layer_snapshot(Sequential([Dense(2, 2)]), X, y)


def test_layer_snapshot_through_batchnorm_and_dropout_matches_finite_differences(moons):
    # the docstring's claim: the chain runs through BatchNorm (evaluation mode, running
    # statistics) and Dropout (identity in evaluation mode) between Dense and activation
    X, y = moons
    m = nets.mlp([2, 5, 5, 2], "tanh", seed=3, batchnorm=True, dropout=0.3)
    m(X, training=True)                    # move the running statistics off their start
    snap = dying.layer_snapshot(m, X, y)
    assert len(snap.grad_z) == 2

    def fd(p, idx):
        p[idx] += 1e-6
        up = dying.layer_snapshot(m, X, y).loss
        p[idx] -= 2e-6
        down = dying.layer_snapshot(m, X, y).loss
        p[idx] += 1e-6
        return (up - down) / 2e-6

    W0 = m.dense_layers[0].params["W"]
    num = np.array([[fd(W0, (i, j)) for j in range(5)] for i in range(2)])
    dying.layer_snapshot(m, X, y)          # leaves dL/dW of the unperturbed model
    assert np.allclose(num, m.dense_layers[0].grads["W"], rtol=1e-5, atol=1e-8)
    # delta_1 itself: z_1 is the BatchNorm output, so dL/dbeta_j = sum_i delta_1[i, j]
    bn = [l for l in m._walk() if type(l).__name__ == "BatchNorm"]
    for j in (0, 4):
        assert abs(fd(bn[0].params["beta"], j) - snap.grad_z[0][:, j].sum()) < 1e-7
