"""Tests of actbook.cost: timing tables, saturation, the zig-zag machinery and tanh twins."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actbook import activations, cost, gradcheck, nets
from actbook.activations import _sigmoid


# ---------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------

def test_time_callables_shape_and_positive():
    calls = {"a": 0, "b": 0}

    def fa():
        calls["a"] += 1

    def fb():
        calls["b"] += 1

    t = cost.time_callables({"a": fa, "b": fb}, repeats=4, number=3)
    assert set(t) == {"a", "b"}
    assert t["a"].shape == (4,) and np.all(t["a"] >= 0)
    # one warm-up call + repeats * number timed calls
    assert calls == {"a": 1 + 12, "b": 1 + 12}


def test_time_callables_orders_a_slow_function_after_a_fast_one():
    x = np.ones(200_000)
    t = cost.time_callables({"fast": lambda: None, "slow": lambda: np.exp(np.sin(x))}, repeats=3, number=1)
    assert np.min(t["slow"]) > np.max(t["fast"])


@pytest.mark.parametrize("bad, exc, match", [
    ({}, TypeError, "non-empty mapping"),
    ([lambda: 0], TypeError, "mapping"),
    ({"a": 3}, TypeError, r"funcs\['a'\] must be callable"),
])
def test_time_callables_rejects_bad_funcs(bad, exc, match):
    with pytest.raises(exc, match=match):
        cost.time_callables(bad)


def test_time_callables_rejects_bad_counts():
    with pytest.raises(ValueError, match="repeats"):
        cost.time_callables({"a": lambda: 0}, repeats=0)
    with pytest.raises(TypeError, match="number"):
        cost.time_callables({"a": lambda: 0}, number=1.5)


@pytest.fixture(scope="module")
def small_table():
    return cost.activation_cost(["sigmoid", "relu"], size=20_000, repeats=3, number=1,
                                extra={"square": np.square})


def test_activation_cost_rows_and_method(small_table):
    t = small_table
    assert t.names == ("copy", "exp", "sigmoid", "sigmoid'", "relu", "relu'", "square")
    assert t.seconds.shape == (7,) and np.all(t.seconds > 0)
    assert t.spread.shape == (7, 2) and np.all(t.spread[:, 0] <= t.spread[:, 1])
    assert np.all((t.spread[:, 0] <= t.seconds) & (t.seconds <= t.spread[:, 1]))
    m = t.method
    for piece in ("median", "3 repeats", "1 calls", "20,000", "float64"):
        assert piece in m
    assert t.ratio("copy") == 1.0
    assert t.ratio("sigmoid", "exp") == pytest.approx(t.seconds[2] / t.seconds[1])
    assert set(t.ratios()) == set(t.names)


def test_cost_table_text(small_table):
    text = str(small_table)
    lines = text.splitlines()
    assert "÷ copy" in lines[0] and "÷ exp" in lines[0]
    assert len(lines) == 2 + len(small_table.names)
    assert lines[2].split()[0] == "copy" and lines[2].split()[-2] == "1.00"
    assert "÷ exp" not in small_table.to_text(baselines=("copy",))


def test_cost_table_ratio_rejects_unknown_name(small_table):
    with pytest.raises(ValueError, match="name must be one of"):
        small_table.ratio("gelu")


def test_activation_cost_float32_min_and_no_derivative():
    t = cost.activation_cost("tanh", size=1000, dtype=np.float32, repeats=2, number=1,
                             derivative=False, statistic="min")
    assert t.names == ("copy", "exp", "tanh") and t.dtype == "float32" and t.statistic == "min"
    assert t.method.startswith("min of 2 repeats")


def test_activation_cost_maxout_has_no_derivative_row():
    t = cost.activation_cost([activations.get("maxout", k=2)], size=1000, repeats=1, number=1)
    assert t.names == ("copy", "exp", "maxout")


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"dtype": "int32"}, ValueError, "dtype must be float32 or float64"),
    ({"dtype": "banana"}, TypeError, "dtype must be float32 or float64"),
    ({"size": 0}, ValueError, "size"),
    ({"statistic": "mean"}, ValueError, "statistic must be 'median' or 'min'"),
    ({"derivative": 1}, TypeError, "derivative must be True or False"),
    ({"activations": ["nope"]}, ValueError, "unknown activation"),
    ({"extra": {"exp": np.exp}}, ValueError, "extra names must differ"),
    ({"extra": {"e": 3}}, TypeError, r"extra\['e'\] must be a callable"),
])
def test_activation_cost_rejects_bad_arguments(kwargs, exc, match):
    args = {"size": 100, "repeats": 1, "number": 1, **kwargs}
    with pytest.raises(exc, match=match):
        cost.activation_cost(**args)


# ---------------------------------------------------------------------------
# saturation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("eps", [0.2, 0.1, 0.01, 1e-3, 1e-6])
def test_sigmoid_threshold_matches_closed_form(eps):
    left, right = cost.saturation_threshold("sigmoid", eps)
    expected = 2 * math.acosh(1 / (2 * math.sqrt(eps)))
    assert right == pytest.approx(expected, abs=1e-10)
    assert left == pytest.approx(-expected, abs=1e-10)
    assert activations.get("sigmoid").derivative(right) == pytest.approx(eps, rel=1e-8)


@pytest.mark.parametrize("eps", [0.5, 0.01, 1e-4])
def test_tanh_threshold_matches_closed_form(eps):
    left, right = cost.saturation_threshold("tanh", eps)
    expected = math.acosh(1 / math.sqrt(eps))
    assert right == pytest.approx(expected, abs=1e-10) and left == pytest.approx(-expected, abs=1e-10)


def test_headline_thresholds():
    assert 4.58 < cost.saturation_threshold("sigmoid", 0.01)[1] < 4.59
    assert 2.99 < cost.saturation_threshold("tanh", 0.01)[1] < 3.00


def test_one_sided_and_non_saturating_activations():
    left, right = cost.saturation_threshold("relu", 0.01)
    assert abs(left) < 1e-12 and right == math.inf          # flat for x <= 0 only
    left, right = cost.saturation_threshold("hard_sigmoid", 0.01)
    assert left == pytest.approx(-3) and right == pytest.approx(3)
    assert cost.saturation_threshold("leaky_relu", 0.001) == (-math.inf, math.inf)
    left, right = cost.saturation_threshold("gelu", 0.01)
    assert right == math.inf and -4 < left < -2


def test_saturation_threshold_errors():
    with pytest.raises(ValueError, match="choose a smaller eps"):
        cost.saturation_threshold("sigmoid", 0.3)           # sigma' never reaches 0.3
    with pytest.raises(ValueError, match="eps"):
        cost.saturation_threshold("tanh", 0.0)
    with pytest.raises(ValueError, match="elementwise"):
        cost.saturation_threshold(activations.get("maxout"), 0.01)
    with pytest.raises(ValueError, match="x_max"):
        cost.saturation_threshold("tanh", 0.01, x_max=-1)


def test_saturated_fraction_closed_form_and_sampling():
    edge = 2 * math.acosh(5)
    for s in (0.5, 1.0, 10.0):
        expected = math.erfc(edge / (s * math.sqrt(2)))       # 2 Φ(-edge/s)
        assert cost.saturated_fraction("sigmoid", s) == pytest.approx(expected, rel=1e-9)
    z = np.random.default_rng(0).normal(0, 10, 200_000)
    measured = np.mean(np.abs(activations.get("tanh").derivative(z)) < 0.01)
    assert measured == pytest.approx(cost.saturated_fraction("tanh", 10).item(), abs=0.005)
    f = cost.saturated_fraction("sigmoid", [0.1, 1, 10, 100])
    assert f.shape == (4,) and np.all(np.diff(f) > 0) and f[-1] > 0.9


def test_saturated_fraction_one_sided():
    # ReLU is saturated exactly for z <= 0: half of any centred Gaussian
    assert cost.saturated_fraction("relu", 3.0) == pytest.approx(0.5, abs=1e-9)


def test_saturated_fraction_rejects_bad_std():
    with pytest.raises(ValueError, match="std must be > 0"):
        cost.saturated_fraction("tanh", [1.0, 0.0])
    with pytest.raises(ValueError, match="finite"):
        cost.saturated_fraction("tanh", np.nan)


def test_saturation_view_contents():
    v = cost.saturation_view("sigmoid", -8, 8, 0.01, n=161)
    assert v["name"] == "sigmoid" and v["x"].shape == (161,)
    assert np.allclose(v["f"], _sigmoid(v["x"]))
    assert np.array_equal(v["saturated"], np.abs(v["x"]) > v["right"])
    assert v["max_abs_df"] == 0.25
    assert v["fraction"] == pytest.approx(np.mean(np.abs(v["x"]) > 2 * math.acosh(5)))
    w = cost.saturation_view("tanh", 0, 1, 0.01, n=11)
    assert not w["saturated"].any() and w["fraction"] == 0.0


def test_saturation_view_eps_above_max_derivative():
    # the explorer's eps slider reaches 10**-0.5 > max|sigmoid'| = 0.25: saturated everywhere, no error
    v = cost.saturation_view("sigmoid", -7, 7, 10 ** -0.5, n=51)
    assert v["saturated"].all() and v["fraction"] == 1.0
    assert v["label"] == "everywhere" and v["left"] == math.inf and v["right"] == -math.inf
    with pytest.raises(ValueError, match="everywhere"):
        cost.saturation_threshold("sigmoid", 10 ** -0.5)  # the threshold itself still refuses


def test_saturation_view_rejects_bad_window():
    with pytest.raises(ValueError, match="hi must be greater than lo"):
        cost.saturation_view("tanh", 2, 1)
    with pytest.raises(ValueError, match="n must be"):
        cost.saturation_view("tanh", n=1)
    with pytest.raises(TypeError, match="lo must be a real number"):
        cost.saturation_view("tanh", lo="a")


# ---------------------------------------------------------------------------
# zig-zag
# ---------------------------------------------------------------------------

def test_sigmoid_inputs_positive_and_centred_are_the_same_numbers_shifted():
    pos = cost.sigmoid_inputs(500, d=3, seed=4)
    cen = cost.sigmoid_inputs(500, d=3, centred=True, seed=4)
    assert pos.shape == (500, 3) and np.all(pos > 0) and np.all(pos < 1)
    assert np.allclose(cen, pos - 0.5, atol=1e-15)
    assert abs(cen.mean()) < 0.03
    with pytest.raises(TypeError, match="centred"):
        cost.sigmoid_inputs(5, centred="yes")


def test_linear_unit_loss_vectorised_and_by_hand():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 2)), rng.normal(size=30)
    w = np.array([0.3, -0.7])
    by_hand = 0.5 * np.mean((X @ w - y) ** 2)
    assert cost.linear_unit_loss(X, y, w) == pytest.approx(by_hand, rel=1e-12)
    W = rng.normal(size=(4, 5, 2))
    L = cost.linear_unit_loss(X, y, W)
    assert L.shape == (4, 5)
    assert L[2, 3] == pytest.approx(0.5 * np.mean((X @ W[2, 3] - y) ** 2), rel=1e-12)


def test_per_example_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 3)), rng.normal(size=10)
    w = rng.normal(size=3)
    G = cost.per_example_gradients(X, y, w)
    for n in range(3):
        fd = gradcheck.numerical_gradient(lambda v: 0.5 * (X[n] @ v - y[n]) ** 2, w)
        assert np.allclose(G[n], fd, atol=1e-8)
    full = gradcheck.numerical_gradient(lambda v: cost.linear_unit_loss(X, y, v), w)
    assert np.allclose(G.mean(axis=0), full, atol=1e-8)


def test_positive_inputs_give_one_signed_gradients():
    X = cost.sigmoid_inputs(300, seed=0)
    y = X @ np.array([1.0, -1.0])
    assert cost.same_sign_fraction(cost.per_example_gradients(X, y, [0.2, 0.4])) == 1.0
    Xc = cost.sigmoid_inputs(300, centred=True, seed=0)
    frac = cost.same_sign_fraction(cost.per_example_gradients(Xc, Xc @ np.array([1.0, -1.0]), [0.2, 0.4]))
    assert 0.3 < frac < 0.7


def test_same_sign_fraction_rules():
    G = np.array([[1, 2], [-1, -3], [1, -1], [0, 0], [0, 5]])
    assert cost.same_sign_fraction(G) == 0.75          # the zero row is ignored; [0, 5] counts as one-signed
    with pytest.raises(ValueError, match="no non-zero row"):
        cost.same_sign_fraction(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="2-D"):
        cost.same_sign_fraction([1, 2])


def test_least_squares_and_condition():
    X = cost.sigmoid_inputs(400, seed=2)
    w_star = np.array([2.0, -1.0])
    w, best = cost.least_squares(X, X @ w_star)
    assert np.allclose(w, w_star) and best < 1e-20
    ev, kappa = cost.input_moment_condition(X)
    H = X.T @ X / len(X)
    assert np.allclose(np.sort(np.linalg.eigvals(H).real), ev)
    assert kappa == pytest.approx(ev[1] / ev[0])
    # the mean adds a large eigenvalue: H = Cov + mean meanᵀ
    _, kappa_c = cost.input_moment_condition(X - X.mean(axis=0))
    assert kappa > 3 * kappa_c
    _, k_singular = cost.input_moment_condition(np.ones((5, 2)))
    assert k_singular == math.inf or k_singular > 1e12


def test_sgd_path_full_batch_is_gradient_descent():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    path = cost.sgd_path(X, y, [1.0, 1.0], lr=0.1, steps=5, batch_size=None)
    w = np.array([1.0, 1.0])
    for t in range(1, 6):
        w = w - 0.1 * X.T @ (X @ w - y) / 20
        assert np.allclose(path[t], w)
    assert path.shape == (6, 2)


def test_sgd_path_single_examples_on_positive_inputs_move_weights_together():
    X = cost.sigmoid_inputs(100, seed=5)
    y = X @ np.array([2.0, -1.0])
    steps = np.diff(cost.sgd_path(X, y, [0.0, 0.0], lr=1.0, steps=150, batch_size=1, seed=0), axis=0)
    assert np.all(np.sign(steps[:, 0]) == np.sign(steps[:, 1]))


def test_sgd_path_deterministic_and_visits_every_example_per_epoch():
    X = np.eye(4)
    y = np.arange(4.0)
    a = cost.sgd_path(X, y, np.zeros(4), lr=1.0, steps=4, batch_size=1, seed=7)
    b = cost.sgd_path(X, y, np.zeros(4), lr=1.0, steps=4, batch_size=1, seed=7)
    assert np.array_equal(a, b)
    # with lr = 1 and one-hot inputs each step sets one weight to its target: one epoch fits all
    assert np.allclose(a[-1], y)


def test_steps_to_tolerance_and_convergence_rate():
    X = cost.sigmoid_inputs(200, seed=0)
    y = X @ np.array([2.0, -1.0])
    ev, kappa = cost.input_moment_condition(X)
    path = cost.sgd_path(X, y, [0.0, 0.0], lr=1 / ev[-1], steps=3000, batch_size=None)
    k = cost.steps_to_tolerance(X, y, path, 1e-8)
    assert k > 0 and cost.steps_to_tolerance(X, y, path[:k], 1e-8) == -1
    Xc = X - 0.5
    evc, _ = cost.input_moment_condition(Xc)
    pc = cost.sgd_path(Xc, Xc @ np.array([2.0, -1.0]), [0.0, 0.0], lr=1 / evc[-1], steps=3000, batch_size=None)
    assert cost.steps_to_tolerance(Xc, Xc @ np.array([2.0, -1.0]), pc, 1e-8) < k / 3


@pytest.mark.parametrize("call, exc, match", [
    (lambda: cost.linear_unit_loss(np.ones((3, 2)), np.ones(4), [0, 0]), ValueError, "same number of rows"),
    (lambda: cost.linear_unit_loss(np.ones(3), np.ones(3), [0, 0]), ValueError, "X must be 2-D"),
    (lambda: cost.linear_unit_loss(np.ones((3, 2)), np.ones(3), [0, 0, 0]), ValueError, "last dimension 2"),
    (lambda: cost.per_example_gradients(np.ones((3, 2)), np.ones(3), np.ones((2, 2))), ValueError, "w must be 1-D"),
    (lambda: cost.sgd_path(np.ones((3, 2)), np.ones(3), [0, 0], lr=0, steps=1), ValueError, "lr"),
    (lambda: cost.sgd_path(np.ones((3, 2)), np.ones(3), [0, 0], lr=1, steps=1, batch_size=4), ValueError, "batch_size"),
    (lambda: cost.sgd_path(np.ones((3, 2)), [1, np.nan, 1], [0, 0], lr=1, steps=1), ValueError, "y must be finite"),
    (lambda: cost.steps_to_tolerance(np.ones((3, 2)), np.ones(3), np.zeros((2, 2)), tol=-1), ValueError, "tol"),
    (lambda: cost.input_moment_condition(np.ones(3)), ValueError, "X must be 2-D"),
    (lambda: cost.linear_unit_loss("abc", np.ones(3), [0]), TypeError, "X must be"),
])
def test_zigzag_argument_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ---------------------------------------------------------------------------
# tanh twins
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("sizes", [[2, 5, 2], [3, 4, 6, 1], [4, 3, 3, 3, 2]])
@pytest.mark.parametrize("to", ["sigmoid", "shifted"])
def test_tanh_twin_computes_the_same_function(sizes, to):
    net = nets.mlp(sizes, "tanh", seed=1)
    for layer in net.dense_layers:                      # non-zero biases make the test stricter
        layer.params["b"][...] = np.linspace(-1, 1, layer.b.size)
    X = np.random.default_rng(0).normal(size=(25, sizes[0]))
    twin = cost.tanh_twin(net, to=to, shift=0.7)
    assert np.allclose(twin(X), net(X), atol=1e-12)
    kinds = {type(l.act) for l in twin.activation_layers}
    assert kinds == ({activations.Sigmoid} if to == "sigmoid" else {cost.ShiftedTanh})


def test_tanh_twin_sigmoid_weights_follow_the_identity():
    net = nets.mlp([2, 3, 1], "tanh", seed=0)
    twin = cost.tanh_twin(net, "sigmoid")
    W1, b1, W2, b2 = net.layers[0].W, net.layers[0].b, net.layers[2].W, net.layers[2].b
    assert np.allclose(twin.layers[0].W, 2 * W1) and np.allclose(twin.layers[0].b, 2 * b1)
    assert np.allclose(twin.layers[2].W, 2 * W2) and np.allclose(twin.layers[2].b, b2 - W2.sum(axis=0))


def test_tanh_twin_leaves_the_original_alone_and_trains_differently():
    net = nets.mlp([2, 4, 2], "tanh", seed=0)
    W_before = net.layers[0].W.copy()
    twin = cost.tanh_twin(net, "sigmoid")
    twin.layers[0].params["W"] += 1.0
    assert np.array_equal(net.layers[0].W, W_before)


def test_tanh_twin_rejects_other_models():
    with pytest.raises(ValueError, match="alternate Dense"):
        cost.tanh_twin(nets.mlp([2, 3, 1], "relu"))
    with pytest.raises(ValueError, match="alternate Dense"):
        cost.tanh_twin(nets.mlp([2, 3, 1], "tanh", output_activation="sigmoid"))
    with pytest.raises(ValueError, match="to must be"):
        cost.tanh_twin(nets.mlp([2, 3, 1], "tanh"), to="relu")
    with pytest.raises(TypeError, match="Sequential"):
        cost.tanh_twin("tanh")


def test_shifted_tanh_value_and_derivative():
    f = cost.ShiftedTanh(1.0)
    x = np.linspace(-4, 4, 81)
    assert np.allclose(f(x), np.tanh(x) + 1)
    assert np.allclose(f.derivative(x), gradcheck.numerical_derivative(f, x), atol=1e-8)
    assert f(np.float32(2.0)).dtype == np.float32
    with pytest.raises(ValueError, match="shift"):
        cost.ShiftedTanh(np.inf)


@settings(max_examples=50, deadline=None)
@given(st.floats(-1e4, 1e4, allow_nan=False), st.floats(-3, 3))
def test_property_tanh_is_rescaled_sigmoid(x, c):
    # the identity the twins rest on, and the shifted unit's offset, over the whole real line
    sig = activations.get("sigmoid")
    assert abs(np.tanh(x) - (2 * sig(2 * x) - 1)) < 1e-15
    assert cost.ShiftedTanh(c)(x) == pytest.approx(np.tanh(x) + c, abs=1e-15)


@pytest.mark.parametrize("name, label", [
    ("sigmoid", "|x| > 4.58"), ("tanh", "|x| > 2.99"), ("relu", "x < 0"),
    ("hard_sigmoid", "|x| > 3"), ("leaky_relu", "nowhere"),
])
def test_saturation_view_label(name, label):
    assert cost.saturation_view(name, eps=0.01 if name != "leaky_relu" else 0.001)["label"] == label


def test_saturation_view_label_asymmetric():
    assert cost.saturation_view("gelu")["label"].startswith("x < -")
    assert cost._describe(-1.0, 2.0) == "x < -1 or x > 2" and cost._describe(-math.inf, 5.0) == "x > 5"


# ---------------------------------------------------------------------------
# depth_sweep: the shallow/deep comparison with rates tuned per model
# ---------------------------------------------------------------------------

def _small_data():
    from actbook import datasets

    X, y = datasets.moons(40, noise=0.1, seed=0)
    return datasets.standardize(X), y


def test_depth_sweep_runs_are_the_documented_training_runs():
    from actbook import train

    X, y = _small_data()
    s = cost.depth_sweep(X, y, activations=("sigmoid", "tanh"), depths=(1, 3), lrs=(0.3, 2.0),
                         seeds=(0, 5), width=4, epochs=6, batch_size=10)
    assert s.final["tanh", 3].shape == (2, 2) and s.curves["tanh", 3].shape == (2, 2, 7)
    for act in ("sigmoid", "tanh"):
        for depth in (1, 3):
            for i, lr in enumerate((0.3, 2.0)):
                for j, seed in enumerate((0, 5)):
                    m = nets.mlp([2] + [4] * depth + [2], act, init="xavier_normal", seed=seed)
                    assert len(m.dense_layers) == depth + 1
                    h = train.train(m, X, y, lr=lr, epochs=6, batch_size=10, seed=seed)
                    assert h.diverged_at is None
                    np.testing.assert_array_equal(s.curves[act, depth][i, j], h.loss)
                    assert s.final[act, depth][i, j] == h.loss[-1]
    # the activations really differ (a sweep that ignored its activation would not)
    assert not np.array_equal(s.final["sigmoid", 1], s.final["tanh", 1])
    assert s.width == 4 and s.epochs == 6 and s.init == "xavier_normal" and s.seeds == (0, 5)


def test_depth_sweep_counts_a_blown_up_run_as_diverged():
    X, y = _small_data()
    s = cost.depth_sweep(X, y, activations=("tanh",), depths=(2,), lrs=(0.1, 500.0), seeds=(0, 1),
                         width=8, epochs=20)
    assert np.all(np.isfinite(s.final["tanh", 2][0])) and np.all(np.isinf(s.final["tanh", 2][1]))
    assert s.diverged("tanh", 2).tolist() == [0, 2]
    c = s.curves["tanh", 2][1, 0]
    stop = int(np.flatnonzero(np.isnan(c))[0])       # NaN after the run stopped
    assert 1 <= stop <= 20 and np.all(np.isnan(c[stop:])) and np.all(np.isfinite(c[:stop - 1]))
    assert s.best("tanh", 2) == 0


def _sweep_with(final):
    final = np.asarray(final, dtype=float)
    return cost.DepthSweep(activations=("tanh",), depths=(1,), lrs=tuple(range(1, final.shape[0] + 1)),
                           seeds=tuple(range(final.shape[1])), epochs=1, width=1, init="xavier_normal",
                           final={("tanh", 1): final}, curves={("tanh", 1): None})


def test_depth_sweep_best_is_the_lowest_mean_among_rates_without_divergence():
    # rate 0 has the lowest single run but a diverged seed; rate 2 the lowest mean
    s = _sweep_with([[0.01, np.inf], [0.5, 0.3], [0.2, 0.3], [0.1, 0.45]])
    assert s.best("tanh", 1) == 2
    got = s.at_best("tanh", 1)
    np.testing.assert_array_equal(got, [0.2, 0.3])
    got[0] = 99.0                                     # a copy, not a view
    assert s.final["tanh", 1][2, 0] == 0.2
    # every rate diverged somewhere: the rate with the fewest diverged seeds
    s = _sweep_with([[np.inf, np.inf], [0.9, np.inf], [np.inf, np.inf]])
    assert s.best("tanh", 1) == 1
    with pytest.raises(ValueError, match="activation, depth"):
        s.best("sigmoid", 1)


def test_depth_sweep_uses_its_init_argument():
    # a sweep that ignored ``init`` (always Glorot) would fail the first comparison
    from actbook import train

    X, y = _small_data()
    s = cost.depth_sweep(X, y, activations=("tanh",), depths=(2,), lrs=(0.5,), seeds=(3,),
                         width=5, epochs=4, init="he_normal")
    m = nets.mlp([2, 5, 5, 2], "tanh", init="he_normal", seed=3)
    np.testing.assert_array_equal(s.curves["tanh", 2][0, 0],
                                  train.train(m, X, y, lr=0.5, epochs=4, batch_size=None, seed=3).loss)
    g = cost.depth_sweep(X, y, activations=("tanh",), depths=(2,), lrs=(0.5,), seeds=(3,),
                         width=5, epochs=4)
    assert s.init == "he_normal" and g.init == "xavier_normal"
    assert not np.array_equal(s.curves["tanh", 2], g.curves["tanh", 2])
