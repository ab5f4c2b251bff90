"""Bad-input cases for actbook.init."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import init

from .harness import Case, T, V, bad_choice, bad_int, bad_real, bad_seed, make_tests, wrong_type

FANS = {"fan_in": st.integers(1, 50), "fan_out": st.integers(1, 50)}
BAD_FANS = {"fan_in": bad_int(1), "fan_out": bad_int(1)}


def _shape_check(out, kw):
    assert out.shape == (kw["fan_in"], kw["fan_out"]) and out.dtype == np.float64


def _scheme(f, extra_valid=None, extra_bad=None, rng=True):
    valid = {**FANS, **({"rng": st.integers(0, 999)} if rng else {}), **(extra_valid or {})}
    bad = {**BAD_FANS, **({"rng": bad_seed()} if rng else {}), **(extra_bad or {})}
    return Case(f, valid=valid, bad=bad, check=_shape_check)


SLOPE = ({"negative_slope": st.floats(0, 1)}, {"negative_slope": bad_real()})
CASES = {
    "variance": Case(init.variance, valid={"scheme": st.sampled_from(["xavier", "he", "lecun", "he_normal",
                                                                      "glorot_uniform"]), **FANS},
                     bad={"scheme": bad_choice("xavier", "he", "lecun"), **BAD_FANS,
                          "negative_slope": bad_real()},
                     check=lambda out, kw: out > 0),
    "zeros": _scheme(init.zeros, rng=False),
    "constant": _scheme(init.constant, {"value": st.floats(-10, 10)}, {"value": bad_real()}, rng=False),
    "normal": _scheme(init.normal, {"std": st.floats(0, 10)}, {"std": bad_real(0.0)}),
    "uniform": _scheme(init.uniform, {"limit": st.floats(0, 10)}, {"limit": bad_real(0.0)}),
    **{name: _scheme(getattr(init, name), *SLOPE)
       for name in ("xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_uniform",
                    "lecun_normal")},
    "gain_init": Case(lambda gain, **kw: init.gain_init(gain)(**kw),
                      valid={"gain": st.floats(1e-3, 10), **FANS, "rng": st.integers(0, 99)},
                      bad={"gain": bad_real(0.0, low_open=True), **BAD_FANS, "rng": bad_seed()},
                      check=_shape_check),
    "get": Case(lambda name, **kw: init.get(name)(3, 4, 0),
                valid={"name": st.sampled_from(init.names() + ["glorot_uniform", "kaiming_normal"])},
                bad={"name": st.one_of(bad_choice(*init.names()), st.tuples(st.just("xavier_bogus"), st.just(V)))},
                names={"name": "init"}),
    "names": Case(init.names, finite=False, check=lambda out, kw: "he_normal" in out),
}

test_valid, test_bad = make_tests(CASES)


def test_get_rejects_unknown_and_bad_keyword_arguments_at_once():
    with pytest.raises(TypeError, match="bogus"):
        init.get("normal", bogus=1)
    with pytest.raises(ValueError, match="std"):
        init.get("normal", std=-1)
    assert init.get("normal", std=2.0)(2, 2, 0).shape == (2, 2)


def test_variance_rejects_unknown_variants():
    with pytest.raises(ValueError, match="scheme"):
        init.variance("xavier_bogus", 2, 3)
