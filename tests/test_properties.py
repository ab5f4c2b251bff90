"""Tests of actbook.properties: measured properties against closed forms and known facts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from actbook import activations, datasets
from actbook import properties as P

ELEMENTWISE = [n for n in activations.names() if activations.get(n).elementwise]


# ---------------------------------------------------------------- range / Interval

@pytest.mark.parametrize("name, low, high, lc, hc", [
    ("sigmoid", 0.0, 1.0, False, False),
    ("tanh", -1.0, 1.0, False, False),
    ("relu", 0.0, np.inf, True, False),
    ("identity", -np.inf, np.inf, False, False),
    ("leaky_relu", -np.inf, np.inf, False, False),
    ("elu", -1.0, np.inf, False, False),
    ("selu", -activations.SELU_SCALE * activations.SELU_ALPHA, np.inf, False, False),
    ("softplus", 0.0, np.inf, False, False),
    ("hard_sigmoid", 0.0, 1.0, True, True),
    ("hard_swish", -0.375, np.inf, True, False),
])
def test_value_range_known(name, low, high, lc, hc):
    r = P.value_range(name)
    assert r.low == pytest.approx(low, abs=1e-9) if np.isfinite(low) else r.low == low
    assert r.high == pytest.approx(high, abs=1e-9) if np.isfinite(high) else r.high == high
    assert (r.low_closed, r.high_closed) == (lc, hc)


def test_silu_minimum_is_minus_lambert_w():
    # min of x·σ(x) is -W(1/e), reached at x* = -1 - W(1/e)
    w = special.lambertw(1 / math.e).real
    r = P.value_range("silu")
    assert r.low == pytest.approx(-w, abs=1e-9) and r.low_closed
    x, f = P.minimum("silu")
    assert x == pytest.approx(-1 - w, abs=1e-6)
    assert f == pytest.approx(-w, abs=1e-12)


def test_swish_beta_scales_minimum():
    w = special.lambertw(1 / math.e).real
    for beta in (0.5, 2.0, 5.0):
        x, f = P.minimum("silu", beta=beta)
        assert f == pytest.approx(-w / beta, rel=1e-9)
        assert x == pytest.approx((-1 - w) / beta, abs=1e-5)


def test_gelu_minimum_solves_stationarity():
    x, f = P.minimum("gelu")
    phi = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    Phi = 0.5 * (1 + math.erf(x / math.sqrt(2)))
    assert Phi + x * phi == pytest.approx(0.0, abs=1e-8)
    assert f == pytest.approx(x * Phi, abs=1e-12)
    assert -0.76 < x < -0.74 and -0.171 < f < -0.169


def test_minimum_of_monotone_is_at_the_left_bound():
    x, f = P.minimum("relu", bounds=(-2.0, 1.0))
    assert f == 0.0 and x <= 0.0
    x, f = P.minimum("tanh", bounds=(-2.0, 1.0))
    assert x == pytest.approx(-2.0, abs=1e-6) and f == pytest.approx(math.tanh(-2.0), abs=1e-9)


def test_interval_str():
    assert str(P.Interval(0.0, np.inf, True, False)) == "[0, ∞)"
    assert str(P.Interval(-np.inf, np.inf, False, False)) == "(−∞, ∞)"
    assert str(P.Interval(-0.375, 1.0, True, True)) == "[−0.375, 1]"


# ---------------------------------------------------------------- monotone, C¹, saturation

@pytest.mark.parametrize("name", ELEMENTWISE)
def test_c1_test_agrees_with_declared_smooth_flag(name):
    assert P.is_c1(name) == activations.get(name).smooth


def test_c1_detects_elu_alpha():
    assert P.is_c1("elu", alpha=1.0)
    assert not P.is_c1("elu", alpha=0.5)


def test_c1_for_steep_but_smooth_softplus():
    # softplus with large beta is nearly a kink but still C∞
    assert P.is_c1("softplus", beta=50.0)


def test_derivative_jump_size_for_relu_and_hard_swish():
    assert P.derivative_jump("relu") == pytest.approx(1.0)
    # hard swish: f' jumps from 0 to -1/2 at -3 and from 3/2 to 1 at 3
    assert P.derivative_jump("hard_swish", n=20001) >= 0.5 - 1e-3


@pytest.mark.parametrize("name, expected", [
    ("sigmoid", True), ("relu", True), ("elu", True), ("softplus", True), ("hard_sigmoid", True),
    ("gelu", False), ("gelu_tanh", False), ("silu", False), ("mish", False), ("hard_swish", False),
])
def test_monotone(name, expected):
    assert P.is_monotone(name) is expected


@pytest.mark.parametrize("name, expected", [
    ("sigmoid", "both"), ("tanh", "both"), ("hard_sigmoid", "both (hard)"),
    ("relu", "left (hard)"), ("hard_swish", "left (hard)"), ("gelu", "left"), ("softplus", "left"),
    ("elu", "left"), ("identity", "none"), ("leaky_relu", "none"),
])
def test_saturation(name, expected):
    assert P.saturation(name) == expected


# ---------------------------------------------------------------- moments, derivative bound

@pytest.mark.parametrize("name, mean", [
    ("identity", 0.0), ("tanh", 0.0), ("sigmoid", 0.5), ("hard_sigmoid", 0.5),
    ("relu", 1 / math.sqrt(2 * math.pi)),                       # E max(Z, 0) = φ(0)
    ("gelu", 1 / (2 * math.sqrt(math.pi))),                     # E Z Φ(Z) = 1/(2√π)
    ("selu", 0.0),                                              # the self-normalising fixed point
])
def test_gaussian_mean_closed_forms(name, mean):
    m, rms = P.gaussian_moments(name)
    assert m == pytest.approx(mean, abs=1e-6)
    assert rms > 0


def test_gaussian_second_moment_relu_and_selu():
    assert P.gaussian_moments("relu")[1] == pytest.approx(math.sqrt(0.5), abs=1e-7)
    assert P.gaussian_moments("selu")[1] == pytest.approx(1.0, abs=1e-4)


def test_gaussian_mean_matches_monte_carlo():
    z = np.random.default_rng(0).normal(size=400_000)
    for name in ("mish", "silu", "softplus"):
        act = activations.get(name)
        mc = act(z).mean()
        se = act(z).std() / math.sqrt(z.size)
        assert abs(P.gaussian_moments(name)[0] - mc) < 5 * se


@pytest.mark.parametrize("name, bound", [
    ("sigmoid", 0.25), ("tanh", 1.0), ("relu", 1.0), ("hard_sigmoid", 1 / 6), ("hard_swish", 1.5),
    ("selu", activations.SELU_SCALE * activations.SELU_ALPHA), ("softplus", 1.0),
    # GELU: max of Φ + xφ is at x = √2: Φ(√2) + √2 φ(√2)
    ("gelu", 0.5 * (1 + math.erf(1.0)) + math.sqrt(2) * math.exp(-1) / math.sqrt(2 * math.pi)),
])
def test_derivative_bound(name, bound):
    assert P.derivative_bound(name) == pytest.approx(bound, abs=1e-6)


def test_silu_derivative_bound_above_one():
    b = P.derivative_bound("silu")
    assert 1.09 < b < 1.11


# ---------------------------------------------------------------- differences, cost

def test_gelu_tanh_approximation_error_is_small_but_nonzero():
    err, at = P.max_difference("gelu", "gelu_tanh")
    assert 1e-4 < err < 1e-3
    assert 1.0 < abs(at) < 4.0
    derr, _ = P.max_difference("gelu", "gelu_tanh", derivative=True)
    assert 1e-4 < derr < 5e-3


def test_max_difference_with_callables_and_softplus_derivative_is_sigmoid():
    softplus = activations.get("softplus")
    err, _ = P.max_difference(softplus.derivative, "sigmoid", bounds=(-30, 30))
    assert err == 0.0                       # softplus' is computed as exactly σ
    err, _ = P.max_difference("softplus", "sigmoid", derivative=True, bounds=(-30, 30))
    assert err > 0.99                       # derivatives instead: σ (softplus') vs σ', ≈ 1 apart at x = 30
    err, at = P.max_difference("relu", lambda x: np.maximum(x, 0) + 0.5 * (x == 0.0), bounds=(-1, 1), n=3)
    assert err == 0.5 and at == 0.0
    with pytest.raises(TypeError, match="derivative=True"):
        P.max_difference("relu", np.abs, derivative=True)
    with pytest.raises(TypeError, match="a and b"):
        P.max_difference("relu", 3.0)
    with pytest.raises(ValueError, match="low < high"):
        P.max_difference("relu", "gelu", bounds=(1, 1))


def test_relative_cost_is_a_positive_ratio():
    c = P.relative_cost("relu", n=100_000, repeats=3)
    assert 0.2 < c < 5.0            # same function: about 1 (loose: machines are noisy)
    assert P.relative_cost("maxout", n=10_000, repeats=1) > 0
    with pytest.raises(ValueError, match="n must be"):
        P.relative_cost("relu", n=10)


# ---------------------------------------------------------------- rows and table

def test_properties_row_and_table():
    row = P.properties("gelu", timing=False)
    assert row["name"] == "gelu" and not row["monotone"] and row["C1"]
    assert row["f'(0)"] == 0.5 and "cost" not in row
    t = P.property_table(["relu", "gelu", "maxout"], timing=False)
    assert len(t) == 3 and t["relu"]["saturates"] == "left (hard)"
    assert t["maxout"]["name"] == "maxout (k=2)"
    assert t.column("C1") == [False, True, False]
    md = t.to_markdown()
    assert md.count("\n") == 4 and "cost" not in md.splitlines()[0]
    html = t._repr_html_()
    assert html.startswith("<table>") and html.count("<tr>") == 4
    with pytest.raises(KeyError, match="no row"):
        t["tanh"]
    with pytest.raises(KeyError, match="unknown column"):
        t.column("colour")


def test_default_table_covers_every_activation_in_book_order():
    t = P.property_table(timing=False)
    names = [r["name"].split(" ")[0] for r in t.rows]
    assert sorted(names) == activations.names()
    assert names[:4] == ["identity", "sigmoid", "tanh", "relu"]
    for r in t.rows:
        assert isinstance(r["range"], P.Interval)
    zc = {r["name"] for r in t.rows if r["zero_centred"]}
    assert zc == {"identity", "tanh", "selu", "hard_tanh", "softsign", "hard_shrink", "soft_shrink",
                  "tanh_shrink"}


def test_maxout_properties():
    row = P.maxout_properties(k=2, timing=False)
    assert row["monotone"] and not row["C1"]
    assert row["mean"] == pytest.approx(1 / math.sqrt(math.pi), abs=1e-6)   # E max(Z1, Z2)
    assert row["max|f'|"] == 1.0
    assert P.maxout_properties(k=3, timing=False)["mean"] == pytest.approx(1.5 / math.sqrt(math.pi), abs=1e-6)


def test_table_with_timing_has_cost_column():
    t = P.property_table(["relu", "identity"], timing=True)
    assert all(r["cost"] > 0 for r in t.rows)
    assert "cost" in t.to_markdown().splitlines()[0]


# ---------------------------------------------------------------- argument validation

def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown activation"):
        P.properties("swoosh")
    with pytest.raises(ValueError, match="elementwise"):
        P.value_range("maxout")
    with pytest.raises(TypeError, match="names must be a list"):
        P.property_table("relu")
    with pytest.raises(TypeError, match="timing"):
        P.property_table(["relu"], timing="yes")
    with pytest.raises(ValueError, match="bounds"):
        P.minimum("gelu", bounds=(1.0, -1.0))
    with pytest.raises(ValueError, match="beta"):
        P.minimum("softplus", beta=0.0)
    with pytest.raises(ValueError, match="n must be"):
        P.derivative_jump("relu", n=2)
    with pytest.raises(ValueError, match="k must be"):
        P.maxout_properties(k=1)


# ---------------------------------------------------------------- explorer

def test_explorer_curves_values_and_beta():
    x = np.array([-1.0, 0.0, 2.0])
    out = P.explorer_curves(["softplus", "silu", "gelu"], beta=2.0, x=x)
    assert set(out) == {"softplus", "silu", "gelu"}
    f, d = out["silu"]
    np.testing.assert_allclose(f, x * special.expit(2 * x), rtol=1e-12)
    np.testing.assert_allclose(out["softplus"][1], special.expit(2 * x), rtol=1e-12)
    np.testing.assert_allclose(out["softplus"][0], np.logaddexp(0, 2 * x) / 2, rtol=1e-12)
    # beta is ignored by activations without it
    np.testing.assert_array_equal(out["gelu"][0], P.explorer_curves(["gelu"], beta=7.0, x=x)["gelu"][0])
    f, d = P.explorer_curves(["relu"])["relu"]
    assert f.shape == d.shape == (601,)


def test_explorer_curves_large_beta_approaches_relu():
    x = np.linspace(-5, 5, 1001)
    f, _ = P.explorer_curves(["softplus"], beta=20.0, x=x)["softplus"]
    assert np.max(np.abs(f - np.maximum(x, 0))) == pytest.approx(math.log(2) / 20, rel=1e-6)


def test_explorer_curves_validation():
    with pytest.raises(TypeError, match="names must be a list"):
        P.explorer_curves("gelu")
    with pytest.raises(ValueError, match="at least one"):
        P.explorer_curves([])
    with pytest.raises(ValueError, match="beta must be in"):
        P.explorer_curves(["silu"], beta=0.0)
    with pytest.raises(ValueError, match="beta must be in"):
        P.explorer_curves(["silu"], beta=25.0)
    with pytest.raises(ValueError, match="x must be finite"):
        P.explorer_curves(["silu"], x=[0.0, np.nan])
    with pytest.raises(ValueError, match="elementwise"):
        P.explorer_curves(["maxout"])


# ---------------------------------------------------------------- training comparison

def test_epochs_to_target():
    assert P.epochs_to_target([1.0, 0.5, 0.2, 0.1], 0.3) == 2.0
    assert P.epochs_to_target([0.1], 0.3) == 0.0
    assert P.epochs_to_target([1.0, 0.9], 0.3) == math.inf
    with pytest.raises(ValueError, match="target"):
        P.epochs_to_target([1.0], 0.0)


def test_training_comparison_is_paired_and_deterministic():
    X, y = datasets.xor(120, seed=0)
    Xt, yt = datasets.xor(120, seed=1)
    kw = dict(hidden=(8,), seeds=(0, 1), epochs=30, lr=0.5, target_loss=0.2)
    rows = P.training_comparison(X, y, Xt, yt, ["relu", "tanh", ["relu"]], **kw)
    again = P.training_comparison(X, y, Xt, yt, ["relu"], **kw)
    assert [r["activation"] for r in rows] == ["relu", "tanh", "relu"]
    np.testing.assert_array_equal(rows[0]["test_acc"], again[0]["test_acc"])
    np.testing.assert_array_equal(rows[0]["test_acc"], rows[2]["test_acc"])   # list form, same net
    assert rows[1]["acc_mean"] > 0.9                                           # XOR is learned
    assert rows[0]["acc_min"] <= rows[0]["acc_mean"] <= rows[0]["acc_max"]
    with pytest.raises(ValueError, match="at least one seed"):
        P.training_comparison(X, y, Xt, yt, ["relu"], seeds=())


# ---------------------------------------------------------------- tables and timing helpers

def test_simple_table_and_comparison_table():
    t = P.SimpleTable(["a", "b"], [[1, "x<y"], [2.5, "z"]])
    assert t.to_markdown().splitlines() == ["| a | b |", "|---|---|", "| 1 | x<y |", "| 2.5 | z |"]
    assert "x&lt;y" in t._repr_html_()                      # cells are HTML-escaped
    with pytest.raises(ValueError, match="rows\\[0\\] must have 2 cells"):
        P.SimpleTable(["a", "b"], [[1]])
    rows = [{"activation": "relu", "test_acc": np.array([0.9, 1.0]), "epochs": np.array([3.0, np.inf]),
             "acc_mean": 0.95, "acc_std": 0.0707, "acc_min": 0.9, "acc_max": 1.0, "reached": 1,
             "epochs_median": np.inf}]
    md = P.comparison_table(rows).to_markdown().splitlines()
    assert md[2] == "| relu | 0.950 ± 0.071 | 0.900–1.000 | never | 3–never | 1/2 |"


def test_best_time():
    assert P.best_time(lambda: sum(range(1000)), repeats=2) > 0
    with pytest.raises(TypeError, match="fn must be callable"):
        P.best_time(3)
    with pytest.raises(ValueError, match="repeats must be"):
        P.best_time(lambda: None, repeats=0)


def _rows(**accs):
    return [{"activation": k, "test_acc": np.array(v, float)} for k, v in accs.items()]


def test_paired_differences_statistics():
    from scipy import stats
    rows = _rows(relu=[0.90, 0.91, 0.92, 0.93], tanh=[0.91, 0.93, 0.925, 0.94], elu=[0.90, 0.91, 0.92, 0.93])
    out = {o["activation"]: o for o in P.paired_differences(rows)}
    d = np.array([0.01, 0.02, 0.005, 0.01])
    assert np.isclose(out["tanh"]["mean"], d.mean()) and np.isclose(out["tanh"]["sd"], d.std(ddof=1))
    assert out["tanh"]["n_up"] == 4 and out["tanh"]["n_down"] == 0
    t = d.mean() / (d.std(ddof=1) / 2)
    assert np.isclose(out["tanh"]["p"], 2 * stats.t.sf(t, 3))
    assert np.isnan(out["elu"]["p"]) and out["elu"]["mean"] == 0.0     # identical to baseline
    assert np.isclose(out["tanh"]["p_holm"], min(1.0, 2 * out["tanh"]["p"]))


def test_paired_differences_holm_is_monotone_and_validates():
    rng = np.random.default_rng(0)
    base = rng.normal(size=6)
    rows = [{"activation": "relu", "test_acc": base}] + [
        {"activation": f"a{i}", "test_acc": base + rng.normal(0.3 * i, 1.0, size=6)} for i in range(5)]
    out = P.paired_differences(rows)
    assert all(o["p_holm"] >= o["p"] for o in out)
    ranked = sorted(out, key=lambda o: o["p"])
    assert all(a["p_holm"] <= b["p_holm"] for a, b in zip(ranked, ranked[1:]))
    with pytest.raises(ValueError, match="baseline"):
        P.paired_differences(rows, baseline="gelu")
    with pytest.raises(ValueError, match="seeds"):
        P.paired_differences([{"activation": "relu", "test_acc": [1.0, 2.0]},
                                  {"activation": "x", "test_acc": [1.0, 2.0, 3.0]}])


def test_holm_matches_the_step_down_by_hand():
    # sorted p: 0.01, 0.02, 0.04 -> 3*0.01, max(0.03, 2*0.02), max(0.04, 1*0.04)
    adj = P.holm([0.04, 0.01, 0.02])
    np.testing.assert_allclose(adj, [0.04, 0.03, 0.04])
    # monotone step-down and the cap at 1; NaN stays NaN and is not counted
    np.testing.assert_allclose(P.holm([0.5, 0.3]), [0.6, 0.6])
    out = P.holm([0.02, np.nan, 0.03])
    assert np.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2]], [0.04, 0.04])
    assert P.holm([0.9, 0.8, 0.7]).max() == 1.0


def test_paired_differences_uses_holm_over_its_rows():
    rows = [{"activation": "relu", "acc": [0.1, 0.2, 0.3]},
            {"activation": "a", "acc": [0.2, 0.4, 0.5]},
            {"activation": "b", "acc": [0.15, 0.21, 0.36]}]
    out = P.paired_differences(rows, baseline="relu", key="acc")
    np.testing.assert_allclose([o["p_holm"] for o in out], P.holm([o["p"] for o in out]))
