r"""Weight initialisation schemes.

A weight matrix has shape ``(fan_in, fan_out)`` and a layer computes
``z = x @ W + b``.  Every scheme is a function ``scheme(fan_in, fan_out, rng, **kw)``
returning a float64 array; :func:`get` looks one up by name.

=================  ======================================  =============================
scheme             Var[w]                                  source
=================  ======================================  =============================
``normal``         std²  (given)
``xavier_*``       2 / (fan_in + fan_out)                  Glorot & Bengio (2010)
``he_*``           2 / ((1 + a²) fan_in)                   He et al. (2015)
``lecun_*``        1 / fan_in                              LeCun et al. (1998)
=================  ======================================  =============================

A uniform distribution on [-r, r] has variance r²/3, so the uniform variants use
r = √(3 Var).  Xavier uniform gives the familiar r = √(6 / (fan_in + fan_out)).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

import inspect

from ._validate import check_int, check_kwargs, check_number, check_size, make_rng

__all__ = [
    "variance",
    "zeros",
    "constant",
    "normal",
    "uniform",
    "xavier_uniform",
    "xavier_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "gain_init",
    "get",
    "names",
]


def _fans(fan_in: Any, fan_out: Any) -> tuple[int, int]:
    fi, fo = check_int(fan_in, "fan_in", low=1), check_int(fan_out, "fan_out", low=1)
    check_size(fi * fo, "fan_in * fan_out")
    return fi, fo


def variance(scheme: str, fan_in: int, fan_out: int, negative_slope: float = 0.0) -> float:
    """The weight variance a named scheme targets (``xavier``, ``he`` or ``lecun``).

    ``scheme`` is a family (``'he'``) or one of its initialisers (``'he_normal'``,
    ``'kaiming_uniform'``, ...).
    """
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string such as 'xavier', 'he' or 'lecun', got {type(scheme).__name__}")
    fi, fo = _fans(fan_in, fan_out)
    a = check_number(negative_slope, "negative_slope")
    key = _ALIASES.get(scheme, scheme)
    base = key.rsplit("_", 1)[0] if key.endswith(("_normal", "_uniform")) else key
    if base not in ("xavier", "he", "lecun"):
        raise ValueError(f"scheme must be one of 'xavier', 'he', 'lecun' (or their _normal/_uniform "
                         f"initialisers), got {scheme!r}")
    if base == "xavier":
        return 2.0 / (fi + fo)
    if base == "he":
        return 2.0 / ((1.0 + a * a) * fi)
    if base == "lecun":
        return 1.0 / fi
    raise ValueError(f"scheme must be one of 'xavier', 'he', 'lecun', got {scheme!r}")


def zeros(fan_in: int, fan_out: int, rng: Any = None) -> np.ndarray:
    """All zeros (breaks learning in hidden layers: every unit stays identical)."""
    return np.zeros(_fans(fan_in, fan_out))


def constant(fan_in: int, fan_out: int, rng: Any = None, value: float = 0.1) -> np.ndarray:
    """Every weight equal to ``value``."""
    return np.full(_fans(fan_in, fan_out), check_number(value, "value"))


def normal(fan_in: int, fan_out: int, rng: Any = None, std: float = 1.0) -> np.ndarray:
    """w ~ N(0, std²)."""
    s = check_number(std, "std", low=0.0)
    return make_rng(rng).normal(0.0, s, size=_fans(fan_in, fan_out))


def uniform(fan_in: int, fan_out: int, rng: Any = None, limit: float = 1.0) -> np.ndarray:
    """w ~ U(-limit, limit), variance limit²/3."""
    r = check_number(limit, "limit", low=0.0)
    return make_rng(rng).uniform(-r, r, size=_fans(fan_in, fan_out))


def _scaled(kind: str, scheme: str) -> Callable[..., np.ndarray]:
    def init(fan_in: int, fan_out: int, rng: Any = None, negative_slope: float = 0.0) -> np.ndarray:
        var = variance(scheme, fan_in, fan_out, negative_slope)
        if kind == "normal":
            return make_rng(rng).normal(0.0, math.sqrt(var), size=(fan_in, fan_out))
        r = math.sqrt(3.0 * var)
        return make_rng(rng).uniform(-r, r, size=(fan_in, fan_out))

    init.__name__ = f"{scheme}_{kind}"
    init.__doc__ = (
        f"{scheme.capitalize()} {kind} initialisation: Var[w] = "
        + {"xavier": "2/(fan_in + fan_out)", "he": "2/((1 + a²)·fan_in), a = negative_slope",
           "lecun": "1/fan_in"}[scheme]
        + (" (uniform on ±√(3·Var))." if kind == "uniform" else ".")
    )
    return init


xavier_uniform = _scaled("uniform", "xavier")
xavier_normal = _scaled("normal", "xavier")
he_uniform = _scaled("uniform", "he")
he_normal = _scaled("normal", "he")
lecun_uniform = _scaled("uniform", "lecun")
lecun_normal = _scaled("normal", "lecun")

def gain_init(gain: float) -> Callable[[int, int, Any], np.ndarray]:
    r"""Initialiser :math:`w \sim \mathcal N(0, g^2/n_\text{in})` for a gain g
    (g = 1 is LeCun normal, g = √2 is He normal): the knob the depth experiments turn."""
    g = check_number(gain, "gain", low=0.0, low_open=True)

    def init(fan_in: int, fan_out: int, rng: Any = None) -> np.ndarray:
        fi, fo = _fans(fan_in, fan_out)
        return make_rng(rng).normal(0.0, g / math.sqrt(fi), size=(fi, fo))

    init.__name__ = f"gain_init({g:g})"
    return init


_SCHEMES: dict[str, Callable[..., np.ndarray]] = {
    f.__name__: f
    for f in (zeros, constant, normal, uniform, xavier_uniform, xavier_normal,
              he_uniform, he_normal, lecun_uniform, lecun_normal)
}
_ALIASES = {"glorot_uniform": "xavier_uniform", "glorot_normal": "xavier_normal",
            "kaiming_uniform": "he_uniform", "kaiming_normal": "he_normal"}


def names() -> list[str]:
    """Known scheme names (without aliases)."""
    return sorted(_SCHEMES)


def get(name: Any, **kwargs: Any) -> Callable[[int, int, np.random.Generator], np.ndarray]:
    """A function ``(fan_in, fan_out, rng) -> W`` for the named scheme with ``kwargs`` bound.

    A callable is returned unchanged.
    """
    if callable(name):
        return name
    if not isinstance(name, str):
        raise TypeError(f"init must be a scheme name or a callable, got {type(name).__name__}")
    key = _ALIASES.get(name, name)
    if key not in _SCHEMES:
        raise ValueError(f"unknown init {name!r}; known: {', '.join(names() + sorted(_ALIASES))}")
    f = _SCHEMES[key]
    accepted = [p for p in inspect.signature(f).parameters if p not in ("fan_in", "fan_out", "rng")]
    check_kwargs(kwargs, accepted, f"init {key!r}")
    f(1, 1, np.random.default_rng(0), **kwargs)  # checks the values now, not at the first layer

    def bound(fan_in: int, fan_out: int, rng: Any = None) -> np.ndarray:
        return f(fan_in, fan_out, rng, **kwargs)

    bound.__name__ = key
    return bound
