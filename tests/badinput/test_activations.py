"""Bad-input cases for actbook.activations, generic over the registry.

The items issue 21 lists here (GELU/GELU-tanh/SiLU/Mish/hard-swish at ±inf,
GELU-tanh's derivative at 1e200, SiLU with beta=1e308, PReLU alpha=True) are
real tests: the activations fixes are merged.
"""

import inspect
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from actbook import activations as A

from .harness import SETTINGS, Case, T, V, arrays, bad_choice, constant, make_tests, shape_is, wrong_type

ELEMENTWISE = [n for n in A.names() if n != "maxout"]

CASES = {
    "Activation": Case(lambda name: isinstance(A.get(name), A.Activation),
                       valid={"name": st.sampled_from(A.names())}, finite=False),
    "get": Case(lambda name, **kw: A.get(name)(np.linspace(-3, 3, 8)),
                valid={"name": st.sampled_from(A.names(include_aliases=True))},
                bad={"name": bad_choice(*A.names(include_aliases=True))}, names={"name": ("name", "activation")}),
    "names": Case(A.names, valid={"include_aliases": st.booleans()}, finite=False,
                  check=lambda out, kw: "relu" in out and out == sorted(out)),
    "Gated": Case(lambda x, dim: A.Gated(dim=dim)(x), valid={"x": arrays((3, 4)), "dim": st.sampled_from([-1, 1])},
                  bad={"dim": st.one_of(st.tuples(st.sampled_from([2, -3, 5]), st.just(V)),
                                        wrong_type(True, 1.5)),
                       "x": st.one_of(st.tuples(st.sampled_from([np.ones((3, 3)), np.ones((3, 0)), np.float64(1.0)]),
                                                st.just(V)),
                                      st.tuples(st.sampled_from(["abc", np.array(["a", "b"])]), st.just(T)))},
                  check=shape_is(3, 2)),
    "info": Case(A.info, valid={"name": st.sampled_from(A.names(include_aliases=True))},
                 bad={"name": bad_choice(*A.names(include_aliases=True))},
                 names={"name": ("name", "activation")}, finite=False,
                 check=lambda out, kw: out["name"] in A.names() and {"title", "cite", "latex"} <= set(out)),
    "SELU_ALPHA": constant(A.SELU_ALPHA, lambda v: abs(v - 1.6732632423543772) < 1e-15),
    "SELU_SCALE": constant(A.SELU_SCALE, lambda v: abs(v - 1.0507009873554805) < 1e-15),
}

test_valid, test_bad = make_tests(CASES)


def _limits(act):
    """(f(-inf), f(+inf), f'(-inf), f'(+inf)) of each registered activation."""
    p = act.params
    return {
        "identity": (-math.inf, math.inf, 1, 1), "sigmoid": (0, 1, 0, 0), "tanh": (-1, 1, 0, 0),
        "relu": (0, math.inf, 0, 1),
        "leaky_relu": (-math.inf, math.inf, p.get("negative_slope"), 1),
        "prelu": (-math.inf, math.inf, p.get("alpha"), 1),
        "rrelu": (-math.inf, math.inf, (p.get("lower", 0) + p.get("upper", 0)) / 2, 1),
        "elu": (-p.get("alpha", 1.0), math.inf, 0, 1),
        "selu": (-A.SELU_SCALE * A.SELU_ALPHA, math.inf, 0, A.SELU_SCALE),
        "softplus": (0, math.inf, 0, 1), "gelu": (0, math.inf, 0, 1), "gelu_tanh": (0, math.inf, 0, 1),
        "silu": (0, math.inf, 0, 1), "mish": (0, math.inf, 0, 1), "hard_sigmoid": (0, 1, 0, 0),
        "hard_swish": (0, math.inf, 0, 1),
        "hard_shrink": (-math.inf, math.inf, 1, 1), "soft_shrink": (-math.inf, math.inf, 1, 1),
        "tanh_shrink": (-math.inf, math.inf, 1, 1), "hard_tanh": (-1, 1, 0, 0), "softsign": (-1, 1, 0, 0),
        "relu6": (0, 6, 0, 0), "log_sigmoid": (-math.inf, 0, 1, 0),
        "celu": (-p.get("alpha", 1.0), math.inf, 0, 1),
        "threshold": (p.get("value", 0.0), math.inf, 0, 1),
    }[act.name]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_limits_at_infinity(name, dtype):
    act = A.get(name)
    x = np.array([-np.inf, np.inf], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v, d = act(x), act.derivative(x)
    lo, hi, dlo, dhi = _limits(act)
    assert v.dtype == dtype and d.dtype == dtype
    np.testing.assert_allclose(v, [lo, hi], rtol=1e-6)
    np.testing.assert_allclose(d, [dlo, dhi], rtol=1e-6, atol=1e-30)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", A.names())
def test_finite_for_every_finite_input(name, dtype):
    """Value and derivative are finite and warning-free for any finite input up to half the float range."""
    width = 32 if dtype == np.float32 else 64
    big = float(np.finfo(dtype).max) / 4
    elems = st.floats(-big, big, width=width, allow_nan=False, allow_infinity=False)
    act = A.get(name)

    @settings(max_examples=12, **SETTINGS)
    @given(x=hnp.arrays(dtype, st.sampled_from([(6,), (2, 4)]), elements=elems))
    def run(x):
        before = x.copy()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            v = act(x)
            d = act.derivative(x) if act.elementwise else act.backward(x, np.ones(v.shape, dtype))
        assert v.dtype == dtype and d.dtype == dtype
        assert np.all(np.isfinite(v)) and np.all(np.isfinite(d))
        np.testing.assert_array_equal(x, before)

    run()


def _params():
    out = []
    for n in A.names():
        cls = type(A.get(n))
        for p in inspect.signature(cls.__init__).parameters:
            if p != "self":
                out.append((n, p))
    return out


BAD_PARAM_VALUES = [True, "a", None, math.nan, math.inf, [1.0, [2.0]]]


@pytest.mark.parametrize("name,param", _params())
def test_bad_parameter_values_are_refused(name, param):
    for value in BAD_PARAM_VALUES:
        if param == "training" and value is True:
            continue
        if param == "rng" and value is None:
            continue  # None = fresh entropy, documented
        with pytest.raises((TypeError, ValueError)) as info:
            A.get(name, **{param: value})
        assert param in str(info.value), f"{name}({param}={value!r}): {info.value}"


def test_unknown_parameter_is_named():
    with pytest.raises(TypeError, match="bogus"):
        A.get("relu", bogus=1)


def test_silu_huge_beta_is_finite():
    act = A.get("silu", beta=1e308)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.all(np.isfinite(act.derivative([-2.0, 2.0])))
