"""Tests of actbook.activations: values, derivatives, identities, extremes, dtypes, errors."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from actbook import activations as A
from actbook.gradcheck import numerical_derivative, numerical_gradient, relative_error

ELEMENTWISE = [n for n in A.names() if n != "maxout"]
# Points that avoid every kink (0, ±3 for the hard functions) by a wide margin.
SMOOTH_GRID = np.concatenate([np.linspace(-8, 8, 161) + 0.0123])
SMOOTH_GRID = SMOOTH_GRID[(np.abs(SMOOTH_GRID) > 1e-3) & (np.abs(np.abs(SMOOTH_GRID) - 3) > 1e-3)]


def sig(x):
    return 1 / (1 + np.exp(-x))


CLOSED_FORMS = {
    "identity": lambda x: x,
    "sigmoid": sig,
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.01 * x),
    "prelu": lambda x: np.where(x > 0, x, 0.25 * x),
    "rrelu": lambda x: np.where(x > 0, x, (1 / 8 + 1 / 3) / 2 * x),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: A.SELU_SCALE * np.where(x > 0, x, A.SELU_ALPHA * (np.exp(x) - 1)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "gelu": lambda x: x * 0.5 * (1 + special.erf(x / math.sqrt(2))),
    "gelu_tanh": lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    "silu": lambda x: x * sig(x),
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    # the nine added from torch.nn's list, with PyTorch's default parameters
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0.0),
    "soft_shrink": lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0.0)),
    "hard_tanh": lambda x: np.where(x > 1, 1.0, np.where(x < -1, -1.0, x)),
    "relu6": lambda x: np.minimum(np.maximum(x, 0), 6),
    "log_sigmoid": lambda x: np.log(sig(x)),
    "celu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "threshold": lambda x: np.where(x > 0, x, 0.0),
}

# torch.nn's 24 elementwise and gated activations, by class name
TORCH_NN = ["Hardshrink", "Hardsigmoid", "Hardtanh", "Hardswish", "LeakyReLU", "LogSigmoid", "PReLU",
            "ReLU", "ReLU6", "RReLU", "SELU", "CELU", "GELU", "Sigmoid", "SiLU", "Mish", "Softplus",
            "Softshrink", "Softsign", "Tanh", "Tanhshrink", "Threshold", "GLU", "ELU"]


def test_registry_covers_required_names():
    required = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu",
                "softplus", "gelu", "gelu_tanh", "silu", "mish", "hard_sigmoid", "hard_swish", "maxout"}
    assert required <= set(A.names())
    assert "swish" in A.names(include_aliases=True)
    assert isinstance(A.get("swish"), A.SiLU)
    assert set(CLOSED_FORMS) == set(ELEMENTWISE)


def test_every_torch_nn_activation_is_registered_under_its_class_name():
    assert len(TORCH_NN) == 24
    for cls in TORCH_NN:
        f = A.get(cls)                                    # case-insensitive, via the aliases
        assert f.name in A.names(include_gated=True), cls


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_values_match_closed_forms(name):
    x = np.linspace(-6, 6, 241)
    np.testing.assert_allclose(A.get(name)(x), CLOSED_FORMS[name](x), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name):
    f = A.get(name)
    num = numerical_derivative(f, SMOOTH_GRID, h=1e-6)
    ana = f.derivative(SMOOTH_GRID)
    rel = np.abs(ana - num) / np.maximum(np.abs(num), 1e-3)
    assert rel.max() < 1e-6, (name, rel.max())


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extremes_finite_and_warning_free(name, dtype):
    x = np.array([-1e4, -1e3, -100, -50, -1, 0, 1, 50, 100, 1e3, 1e4], dtype=dtype)
    f = A.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, d = f(x), f.derivative(x)
    assert y.dtype == dtype and d.dtype == dtype
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(d))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_float32_agrees_with_float64(name):
    x = np.linspace(-20, 20, 401)
    f = A.get(name)
    y32 = f(x.astype(np.float32)).astype(np.float64)
    np.testing.assert_allclose(y32, f(x), rtol=2e-6, atol=2e-6)
    d32 = f.derivative(x.astype(np.float32)).astype(np.float64)
    np.testing.assert_allclose(d32, f.derivative(x), rtol=2e-5, atol=2e-6)


def test_asymptotic_values():
    s, t = A.get("sigmoid"), A.get("tanh")
    assert s(1e4) == 1.0 and s(-1e4) == 0.0 and s(0.0) == 0.5
    assert A.get("softplus")(1e4) == 1e4
    assert A.get("softplus")(-1e4) == 0.0
    assert A.get("elu")(-1e4) == -1.0
    assert A.get("mish")(1e4) == 1e4 and A.get("mish")(-1e4) == 0.0
    assert t(1e4) == 1.0


def test_scalar_and_list_inputs_return_arrays_of_float_dtype():
    r = A.get("relu")
    out = r(3)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == ()
    assert r([1, -2]).tolist() == [1.0, 0.0]
    assert r(np.array([1, -2], dtype=np.int32)).dtype == np.float64
    assert r(np.array([1.0], dtype=np.float16)).dtype == np.float32


def test_input_is_not_modified():
    for name in ELEMENTWISE:
        x = np.linspace(-3, 3, 7)
        x0 = x.copy()
        f = A.get(name)
        f(x)
        f.derivative(x)
        np.testing.assert_array_equal(x, x0)


# --- identities -------------------------------------------------------------

@given(st.floats(-50, 50))
def test_tanh_is_rescaled_sigmoid(x):
    s, t = A.get("sigmoid"), A.get("tanh")
    assert abs(t(x) - (2 * s(2 * x) - 1)) < 1e-12


@given(st.floats(-700, 700))
def test_sigmoid_derivative_identity_and_bound(x):
    s = A.get("sigmoid")
    v = float(s(x))
    d = float(s.derivative(x))
    assert abs(d - v * (1 - v)) < 1e-15
    assert 0 <= d <= 0.25


@given(st.floats(-30, 30))
def test_softplus_derivative_is_sigmoid_and_symmetry(x):
    sp, s = A.get("softplus"), A.get("sigmoid")
    assert abs(sp.derivative(x) - s(x)) < 1e-15
    # softplus(x) - softplus(-x) = x
    assert abs(sp(x) - sp(-x) - x) < 1e-9
    assert abs(s(x) + s(-x) - 1) < 1e-15


def test_derivative_maxima():
    x = np.linspace(-10, 10, 200001)
    assert A.get("sigmoid").derivative(x).max() == pytest.approx(0.25, abs=1e-12)
    assert A.get("tanh").derivative(x).max() == pytest.approx(1.0, abs=1e-12)
    assert A.get("sigmoid").derivative(0.0) == 0.25


def test_kink_conventions_follow_pytorch():
    assert A.get("relu").derivative(0.0) == 0.0
    assert A.get("leaky_relu", negative_slope=0.1).derivative(0.0) == pytest.approx(0.1)
    assert A.get("elu", alpha=2.0).derivative(0.0) == 2.0
    assert A.get("hard_sigmoid").derivative([-3.0, 3.0]).tolist() == [0.0, 0.0]
    # torch 2.13's autograd: hardswish' is 0 at x = -3 and 1 at x = 3 (open middle piece)
    hs = A.get("hard_swish").derivative([-3.0, -2.9999, 2.9999, 3.0, 3.0001])
    np.testing.assert_allclose(hs, [0.0, -0.5 + 1e-4 / 3, 1.5 - 1e-4 / 3, 1.0, 1.0])


def test_gelu_tanh_approximates_gelu():
    x = np.linspace(-10, 10, 20001)
    err = np.abs(A.get("gelu")(x) - A.get("gelu_tanh")(x)).max()
    assert 1e-5 < err < 1e-3


def test_selu_constants():
    assert A.SELU_ALPHA == pytest.approx(1.6732632423543772)
    assert A.SELU_SCALE == pytest.approx(1.0507009873554805)
    # self-normalising fixed point: E[selu(z)] = 0 and E[selu(z)^2] = 1 for z ~ N(0, 1)
    z = np.linspace(-12, 12, 400001)
    w = np.exp(-z**2 / 2) / math.sqrt(2 * math.pi) * (z[1] - z[0])
    y = A.get("selu")(z)
    assert abs((y * w).sum()) < 1e-6
    assert abs((y**2 * w).sum() - 1) < 1e-6


def test_parameterised_activations():
    x = np.array([-2.0, 3.0])
    assert A.get("leaky_relu", negative_slope=0.2)(x).tolist() == [-0.4, 3.0]
    sp2 = A.get("softplus", beta=2.0)
    np.testing.assert_allclose(sp2(x), np.log1p(np.exp(2 * x)) / 2)
    np.testing.assert_allclose(sp2.derivative(x), sig(2 * x))
    sw = A.get("silu", beta=2.0)
    np.testing.assert_allclose(sw(x), x * sig(2 * x))
    num = numerical_derivative(sw, x)
    np.testing.assert_allclose(sw.derivative(x), num, rtol=1e-7)
    assert A.get("elu", alpha=1.0).smooth and not A.get("elu", alpha=0.5).smooth


def test_prelu_param_grad_matches_finite_differences():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3))
    g = rng.normal(size=(5, 3))
    for alpha in (0.3, np.array([0.1, 0.2, 0.3])):
        f = A.get("prelu", alpha=alpha)
        ana = f.param_grad(x, g)["alpha"]

        def loss(a):
            return float((A.get("prelu", alpha=a)(x) * g).sum())

        a0 = np.asarray(alpha, dtype=float)
        num = np.zeros_like(a0)
        for i in np.ndindex(a0.shape):
            ap, am = a0.copy(), a0.copy()
            ap[i] += 1e-6
            am[i] -= 1e-6
            num[i] = (loss(ap) - loss(am)) / 2e-6
        np.testing.assert_allclose(ana, num, rtol=1e-6)
    with pytest.raises(ValueError, match="last dimension 3"):
        A.get("prelu", alpha=[0.1, 0.2, 0.3])(np.ones((2, 4)))


def test_rrelu_training_and_evaluation_modes():
    x = -np.ones(20000)
    ev = A.get("rrelu", lower=0.1, upper=0.3)
    assert np.all(ev(x) == -0.2)
    tr = A.get("rrelu", lower=0.1, upper=0.3, training=True, rng=1)
    y = tr(x)
    slopes = -y
    assert 0.1 <= slopes.min() and slopes.max() <= 0.3
    assert abs(slopes.mean() - 0.2) < 0.005
    assert abs(slopes.var() - 0.2**2 / 12) < 2e-4  # uniform variance (u-l)^2/12
    np.testing.assert_array_equal(tr.derivative(x), slopes)  # same draw as the forward pass
    assert np.all(tr(np.ones(5)) == 1)


def test_maxout_forward_backward():
    m = A.get("maxout", k=3)
    z = np.array([[1.0, 5.0, 2.0, -1.0, -3.0, -2.0]])
    assert m(z).tolist() == [[5.0, -1.0]]
    g = m.backward(z, np.array([[10.0, 20.0]]))
    assert g.tolist() == [[0.0, 10.0, 0.0, 20.0, 0.0, 0.0]]
    with pytest.raises(TypeError, match="not elementwise"):
        m.derivative(z)
    with pytest.raises(ValueError, match="divisible by k=3"):
        m(np.ones((1, 4)))
    # k = 2 with pieces (x, 0) is ReLU; (x, 0.01 x) is leaky ReLU
    x = np.linspace(-2, 2, 9)
    np.testing.assert_array_equal(A.get("maxout", k=2)(np.c_[x, 0 * x]), A.get("relu")(x)[:, None])
    np.testing.assert_allclose(A.get("maxout", k=2)(np.c_[x, 0.01 * x]), A.get("leaky_relu")(x)[:, None])


def test_backward_is_grad_times_derivative():
    x = np.linspace(-2, 2, 5)
    g = np.arange(5.0)
    t = A.get("tanh")
    np.testing.assert_allclose(t.backward(x, g), g * t.derivative(x))
    with pytest.raises(ValueError, match="grad_out must have the shape"):
        t.backward(x, g[:3])


# --- errors ------------------------------------------------------------------

def test_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="unknown activation 'relu7'.*known:.*leaky_relu"):
        A.get("relu7")
    with pytest.raises(TypeError, match="name must be a string"):
        A.get(3)


def test_bad_parameters_are_rejected_with_names():
    with pytest.raises(ValueError, match="negative_slope must be a finite number"):
        A.get("leaky_relu", negative_slope=float("nan"))
    with pytest.raises(TypeError, match="negative_slope must be a real number"):
        A.get("leaky_relu", negative_slope="0.1")
    with pytest.raises(ValueError, match="alpha must be in"):
        A.get("elu", alpha=-1.0)
    with pytest.raises(ValueError, match="beta must be in"):
        A.get("softplus", beta=0.0)
    with pytest.raises(ValueError, match="upper must be >= lower"):
        A.get("rrelu", lower=0.5, upper=0.1)
    with pytest.raises(ValueError, match="k must be an integer in"):
        A.get("maxout", k=0)
    with pytest.raises(TypeError, match="accepts parameters \\['negative_slope'\\]"):
        A.get("leaky_relu", slope=0.1)
    with pytest.raises(TypeError, match="accepts parameters none"):
        A.get("relu", alpha=1)


def test_non_numeric_input_is_rejected():
    r = A.get("relu")
    with pytest.raises(TypeError, match="x must"):
        r("abc")
    with pytest.raises(TypeError, match="x must contain real numbers"):
        r(np.array([1 + 2j]))
    with pytest.raises(TypeError, match="x must contain real numbers"):
        r([None, 1])


@settings(max_examples=50)
@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=20))
def test_monotone_activations_are_monotone(xs):
    x = np.sort(np.array(xs))
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "hard_sigmoid",
                 "hard_shrink", "soft_shrink", "hard_tanh", "relu6", "log_sigmoid", "celu", "softsign",
                 "tanh_shrink", "threshold"):
        y = A.get(name)(x)
        assert np.all(np.diff(y) >= 0), name


@pytest.mark.parametrize("slope", [-0.5, 0.0, 0.3, 1.0, 1.5])
def test_leaky_family_any_slope(slope):
    # the fast max(x, a x) path holds only for 0 <= a <= 1; other slopes must still be right
    x = np.linspace(-3, 3, 13)
    for f in (A.get("leaky_relu", negative_slope=slope), A.get("prelu", alpha=slope)):
        np.testing.assert_allclose(f(x), np.where(x > 0, x, slope * x))
        np.testing.assert_allclose(f.derivative(x), np.where(x > 0, 1.0, slope))
    X = np.tile(x[:, None], (1, 3))
    al = np.array([slope, 0.2, 1.5])
    p = A.get("prelu", alpha=al)
    np.testing.assert_allclose(p(X), np.where(X > 0, X, al * X))
    np.testing.assert_allclose(p.derivative(X), np.where(X > 0, 1.0, al))


# --- gated family (GLU, ReGLU, GEGLU, SwiGLU) ----------------------------------

GATED = ["glu", "reglu", "geglu", "swiglu"]
GATES = {  # the gate g of a ⊙ g(b), in closed form
    "glu": sig,
    "reglu": lambda b: np.maximum(b, 0),
    "geglu": lambda b: b * 0.5 * (1 + special.erf(b / math.sqrt(2))),
    "swiglu": lambda b: b * sig(b),
}


def test_gated_family_is_registered_apart_from_elementwise_names():
    assert set(GATED).isdisjoint(A.names())                  # names() stays elementwise + maxout
    assert set(GATED) <= set(A.names(include_gated=True))
    assert set(A.names(include_gated=True)) - set(A.names()) == set(GATED)
    for n in GATED:
        f = A.get(n)
        assert isinstance(f, A.Gated) and not f.elementwise and f.kind == "gated"
        assert f.latex and f.params == {"dim": -1}
    assert A.get("relu").kind == "elementwise" and A.get("maxout").kind == "maxout"
    assert A.get("reglu").smooth is False and A.get("swiglu").smooth and A.get("glu").smooth
    with pytest.raises(TypeError, match="include_gated must be True or False"):
        A.names(include_gated=1)


@pytest.mark.parametrize("name", GATED)
def test_gated_values_match_closed_forms_pytorch_halves(name):
    rng = np.random.default_rng(3)
    x = rng.normal(0, 3, size=(5, 8))
    a, b = x[:, :4], x[:, 4:]                               # first half value, second half gate
    f = A.get(name)
    y = f(x)
    assert y.shape == (5, 4)
    np.testing.assert_allclose(y, a * GATES[name](b), rtol=1e-12, atol=1e-14)
    # dim=0 splits along the first axis instead
    x0 = rng.normal(size=(6, 3))
    np.testing.assert_allclose(A.get(name, dim=0)(x0), x0[:3] * GATES[name](x0[3:]), rtol=1e-12)
    # 1-D input and a GLU sanity value: GLU([1, 0]) = 1 · σ(0) = 1/2
    assert A.get("glu")([1.0, 0.0]).tolist() == [0.5]


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("dim", [-1, 0, 1])
def test_gated_backward_passes_gradcheck(name, dim):
    rng = np.random.default_rng(4)
    x = rng.normal(0, 2, size=(4, 6) if dim != 0 else (6, 4))
    x[np.abs(x) < 1e-2] += 0.1                               # keep ReGLU's gate off its kink
    f = A.get(name, dim=dim)
    g = rng.normal(size=f(x).shape)
    ana = f.backward(x, g)
    num = numerical_gradient(lambda z: float((f(z) * g).sum()), x)
    assert ana.shape == x.shape
    assert relative_error(ana, num) < 1e-8


def test_gated_layer_in_a_network_passes_gradcheck():
    from actbook import nets
    from actbook.gradcheck import check_model
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 3))
    y = rng.integers(0, 2, size=7)
    for name in ("glu", "swiglu", "geglu"):
        model = nets.Sequential([nets.Dense(3, 8, rng=1), nets.Activate(name), nets.Dense(4, 2, rng=2)])
        assert model(X).shape == (7, 2)
        assert check_model(model, X, y) < 1e-6, name


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gated_extremes_finite_and_warning_free(name, dtype):
    v = np.array([-1e4, -1e3, -100, -1, 0, 1, 100, 1e3, 1e4], dtype=dtype)
    a, b = np.meshgrid(v, v)
    x = np.concatenate([a.reshape(-1, 1), b.reshape(-1, 1)], axis=1)   # every (a, b) pair
    f = A.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = f(x)
        gx = f.backward(x, np.ones((x.shape[0], 1), dtype=dtype))
    assert y.dtype == dtype and gx.dtype == dtype
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(gx))
    with np.errstate(over="ignore"):                         # the naive reference overflows
        ref = (a * GATES[name](b.astype(np.float64))).reshape(-1)
    np.testing.assert_allclose(y[:, 0], ref, rtol=2e-6, atol=1e-30)


def test_gated_errors_name_the_argument():
    f = A.get("swiglu")
    with pytest.raises(ValueError, match="x must have an even, non-zero length"):
        f(np.ones((2, 5)))
    with pytest.raises(ValueError, match="x must have at least one dimension"):
        f(1.0)
    with pytest.raises(ValueError, match="x must have an even"):
        f(np.ones((2, 0)))
    with pytest.raises(ValueError, match="grad_out must have shape \\(2, 2\\)"):
        f.backward(np.ones((2, 4)), np.ones((2, 4)))
    with pytest.raises(TypeError, match="not elementwise"):
        f.derivative(np.ones((2, 4)))
    with pytest.raises(ValueError, match="dim=2 is out of range"):
        A.get("glu", dim=2)(np.ones((2, 4)))
    with pytest.raises(TypeError, match="dim must be an integer"):
        A.get("glu", dim=1.5)
    with pytest.raises(TypeError, match="x must contain real numbers"):
        f(np.array([1 + 1j, 2.0]))


# --- the nine added from torch.nn: kinks, parameters, properties ------------------

def test_new_kink_conventions_follow_pytorch_autograd():
    # each value was read off torch 2.13's autograd (float64) at the kink
    d = lambda name, x, **p: A.get(name, **p).derivative(np.array(x)).tolist()
    assert d("hard_shrink", [-0.5, 0.5, -0.5001, 0.5001]) == [0.0, 0.0, 1.0, 1.0]
    assert d("soft_shrink", [-0.5, 0.5, -0.5001, 0.5001]) == [0.0, 0.0, 1.0, 1.0]
    assert d("hard_tanh", [-1.0, 1.0, 0.0]) == [0.0, 0.0, 1.0]
    assert d("relu6", [0.0, 6.0, 3.0]) == [0.0, 0.0, 1.0]
    assert d("threshold", [0.0, 1e-300]) == [0.0, 1.0]
    assert d("threshold", [1.0, 0.5, 2.0], threshold=1.0, value=5.0) == [0.0, 0.0, 1.0]
    assert d("celu", [0.0]) == [1.0] and d("celu", [0.0], alpha=0.5) == [1.0]
    assert d("softsign", [0.0]) == [1.0] and d("tanh_shrink", [0.0]) == [0.0]
    assert d("log_sigmoid", [0.0]) == [0.5]


def test_new_parameterised_activations():
    x = np.array([-3.0, -0.2, 0.2, 3.0])
    np.testing.assert_allclose(A.get("hard_shrink", lambd=1.0)(x), [-3.0, 0.0, 0.0, 3.0])
    np.testing.assert_allclose(A.get("soft_shrink", lambd=1.0)(x), [-2.0, 0.0, 0.0, 2.0])
    np.testing.assert_allclose(A.get("hard_tanh", min_val=-2.0, max_val=0.5)(x), [-2.0, -0.2, 0.2, 0.5])
    np.testing.assert_allclose(A.get("threshold", threshold=0.1, value=-7.0)(x), [-7.0, -7.0, 0.2, 3.0])
    c = A.get("celu", alpha=2.0)
    np.testing.assert_allclose(c(x), np.where(x > 0, x, 2.0 * np.expm1(x / 2.0)))
    np.testing.assert_allclose(c.derivative(x), numerical_derivative(c, x), rtol=1e-8)
    assert c.smooth                                         # C¹ for every alpha, unlike ELU
    # CELU with alpha = 1 is ELU with alpha = 1; ReLU6 is hard-tanh on [0, 6]; Threshold(0, 0) is ReLU
    z = np.linspace(-5, 8, 27)
    np.testing.assert_array_equal(A.get("celu")(z), A.get("elu")(z))
    np.testing.assert_array_equal(A.get("relu6")(z), A.get("hard_tanh", min_val=0, max_val=6)(z))
    np.testing.assert_array_equal(A.get("threshold")(z), A.get("relu")(z))
    # soft shrinkage is the proximal operator of lambd·|t|: argmin_t (t - x)²/2 + lambd |t|
    t = np.linspace(-5, 5, 100001)
    for xi in (-2.0, -0.3, 0.4, 1.7):
        prox = t[np.argmin((t - xi) ** 2 / 2 + 0.5 * np.abs(t))]
        assert abs(A.get("soft_shrink")(xi) - prox) < 1e-4
    # the defaults are PyTorch's
    assert A.get("hard_shrink").params == {"lambd": 0.5} == A.get("soft_shrink").params
    assert A.get("hard_tanh").params == {"min_val": -1.0, "max_val": 1.0}
    assert A.get("celu").params == {"alpha": 1.0}
    assert A.get("threshold").params == {"threshold": 0.0, "value": 0.0}


def test_new_parameters_are_validated_by_name():
    with pytest.raises(ValueError, match="lambd must be in"):
        A.get("hard_shrink", lambd=-0.1)
    with pytest.raises(ValueError, match="lambd must be in"):
        A.get("soft_shrink", lambd=-1)
    with pytest.raises(ValueError, match="max_val must be > min_val"):
        A.get("hard_tanh", min_val=1.0, max_val=-1.0)
    with pytest.raises(ValueError, match="alpha must be in \\(0"):
        A.get("celu", alpha=0.0)
    with pytest.raises(ValueError, match="value must be a finite number"):
        A.get("threshold", value=float("inf"))
    with pytest.raises(TypeError, match="threshold must be a real number"):
        A.get("threshold", threshold="0")
    with pytest.raises(TypeError, match="accepts parameters none"):
        A.get("relu6", max_val=5.0)


def test_new_activations_stable_in_the_tails():
    # values far out, where a naive formula overflows or cancels
    assert A.get("log_sigmoid")(-1e4) == -1e4 and A.get("log_sigmoid")(1e4) == 0.0
    assert A.get("log_sigmoid")(40.0) == pytest.approx(-math.exp(-40), rel=1e-12)
    assert A.get("log_sigmoid").derivative(-1e4) == 1.0
    assert A.get("softsign")(1e300) == 1.0 and A.get("softsign").derivative(1e300) == 0.0
    assert A.get("celu", alpha=1e-300)(np.array([-1e10])).tolist() == [-1e-300]
    assert A.get("tanh_shrink")(1e4) == 1e4 - 1


@pytest.mark.parametrize("name, rng, monotone, c1, zero_centred, saturates", [
    ("hard_shrink", "(−∞, ∞)", True, False, True, "none"),
    ("soft_shrink", "(−∞, ∞)", True, False, True, "none"),
    ("hard_tanh", "[−1, 1]", True, False, True, "both (hard)"),
    # [0, 6]; properties.value_range closes a bracket only if the end is reached at |x| <= 5
    ("relu6", "[0, 6)", True, False, False, "both"),           # f' = 0 from x = 6, not yet at 5
    ("log_sigmoid", "(−∞, 0)", True, True, False, "right"),
    ("celu", "(−1, ∞)", True, True, False, "left"),
    ("softsign", "(−1, 1)", True, True, True, "none"),      # f' ~ 1/x²: 1e-4 at |x| = 100
    ("tanh_shrink", "(−∞, ∞)", True, True, True, "none"),
    ("threshold", "[0, ∞)", True, False, False, "left (hard)"),
])
def test_new_activations_measured_properties(name, rng, monotone, c1, zero_centred, saturates):
    from actbook import properties as P
    row = P.properties(name, timing=False)
    assert str(row["range"]) == rng
    assert row["monotone"] is monotone and row["zero_centred"] is zero_centred
    assert row["C1"] is c1 is A.get(name).smooth
    assert row["saturates"] == saturates
