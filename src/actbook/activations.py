r"""Activation functions: value, derivative and (where learnable) parameter gradients.

Every activation is an object made by :func:`get`::

    >>> from actbook import activations
    >>> relu = activations.get("relu")
    >>> relu([-1.0, 2.0])
    array([0., 2.])
    >>> relu.derivative([-1.0, 2.0])
    array([0., 1.])

Conventions
-----------
* Input is any array-like of real numbers; the result is an ``ndarray`` with the
  input's floating dtype (float32 stays float32; ints become float64).
* At a kink the derivative follows PyTorch's autograd: the branch for ``x <= 0`` is
  used at ``x == 0`` (so ReLU'(0) = 0, LeakyReLU'(0) = slope, ELU'(0) = alpha).
* Every formula is written so that no intermediate overflows: values and derivatives
  are finite and warning-free for every finite float32/float64 input (with the default
  parameters; a value whose true magnitude exceeds the dtype's range, such as
  SELU(1.7e308) = 1.05·1.7e308, is ±inf, as in PyTorch), and at x = ±inf they are the
  limits (GELU(−inf) = 0, GELU'(+inf) = 1, ...), never NaN.
* ``backward(x, grad_out)`` is the vector-Jacobian product used by networks; for
  elementwise activations it is ``grad_out * derivative(x)``.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from scipy import special

from ._validate import as_float_array, check_int, check_number, make_rng

__all__ = ["Activation", "Gated", "get", "names", "info", "SELU_ALPHA", "SELU_SCALE"]

#: SELU constants of Klambauer et al. (2017), to the precision PyTorch uses.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


# ---------------------------------------------------------------------------
# numerically stable building blocks (take and return float ndarrays)
# ---------------------------------------------------------------------------

def _sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = e^{min(x,0)} / (1 + e^{-|x|}): both exponents are <= 0, so nothing overflows,
    both tails keep full relative accuracy, and there is no data-dependent branch.

    One exponential serves both: e^{min(x,0)} is e = e^{-|x|} for x < 0 and 1 for x >= 0,
    which is max(e, [x >= 0]) since 0 < e <= 1.
    """
    t = np.abs(x)
    np.negative(t, out=t)
    e = np.exp(t)  # out-of-place: numpy's SIMD exp is slower in place
    num = np.maximum(e, x >= 0, out=t)
    e += 1.0
    num /= e
    return num


def _sigmoid_prime(x: np.ndarray) -> np.ndarray:
    """σ'(x) = e/(1+e)^2 with e = e^{-|x|}: symmetric and accurate in both tails.

    Clipped at 1/4, the true maximum, which rounding could otherwise exceed by 1 ulp.
    """
    d = np.abs(x)
    np.negative(d, out=d)
    e = np.exp(d)  # out-of-place: numpy's SIMD exp is slower in place
    np.add(e, 1.0, out=d)
    np.square(d, out=d)
    np.divide(e, d, out=d)
    np.minimum(d, 0.25, out=d)
    return d


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1+e^x) = max(x, 0) + log1p(e^{-|x|})."""
    t = np.log1p(np.exp(-np.abs(x)))
    t += np.maximum(x, 0)
    return t


#: Below this x every gate used here (Φ, the tanh gate of GELU, tanh∘softplus, the hard
#: sigmoid) is exactly 0 in float32 and float64, so x·gate(x) may use max(x, _FLOOR)
#: instead of x: the same values, and −inf·0 = NaN never happens.
_FLOOR = -1e3
#: Beyond |x| = _FAR every derivative term of the form x·(something like e^{−x²/2},
#: sech²(...), σ'(x)) is exactly 0, so such terms may be computed on clip(x, ±_FAR).
_FAR = 1e3


#: Bound on the size of scale-like parameters (slopes, alpha, lambd): they and their
#: reciprocals must be representable in float32, or a float32 input meets inf·0.
_PMAX = 1e30
_PMIN = 1e-30


def _scaled(x: np.ndarray, beta: float) -> np.ndarray:
    """clip(β·x, ±_FAR) in x's dtype, for β >= 0: σ and softplus of it are exact beyond ±_FAR.

    The product is formed in float64 when β itself does not fit x's dtype (β = 1e308
    with float32 input), so β·x is never inf·0.
    """
    if beta == 1.0:
        return np.clip(x, -_FAR, _FAR)
    fi = np.finfo(x.dtype)
    if beta > fi.max or 0 < beta < fi.tiny:
        bx = np.multiply(x, beta, dtype=np.float64)
    else:
        bx = x * x.dtype.type(beta)
    bx[x == 0] = 0.0                    # 0·β = 0 even when β overflows (never 0·inf)
    np.clip(bx, -_FAR, _FAR, out=bx)
    return bx.astype(x.dtype, copy=False)


def _fix_neg_inf(out: np.ndarray, x: np.ndarray, limit: float) -> np.ndarray:
    """Put ``limit`` where x = −inf (a formula x·g(x) with g(−inf) = 0 gives NaN there)."""
    m = x == -np.inf
    if m.any():
        out[m] = limit
    return out


def _leaky(x: np.ndarray, slope: Any) -> np.ndarray:
    """x for x > 0, slope·x otherwise, for 0 <= slope <= 1 (scalar or array of x's dtype).

    Then slope·x <= x for x > 0 and slope·x >= x for x <= 0 (also after rounding, which is
    monotone), so the maximum picks the right branch: two passes, no data-dependent branch
    (``np.where`` on a random sign pattern is ~10x slower than a plain ufunc).
    """
    if np.ndim(slope) == 0 and slope == 0:
        return np.maximum(x, 0)                 # ReLU; x·0 would be NaN at x = −inf
    if np.ndim(slope) and np.any(np.asarray(slope) == 0):
        # ±inf·0 = NaN for the zero slopes: fmax ignores it (+inf wins); at −inf the limit is 0
        with np.errstate(invalid="ignore"):
            t = x * slope
        np.fmax(x, t, out=t)
        m = x == -np.inf
        if m.any():
            t[m & (np.broadcast_to(slope, x.shape) == 0)] = 0.0
        return t
    t = x * slope
    return np.maximum(x, t, out=t)


def _leaky_prime(x: np.ndarray, slope: Any) -> np.ndarray:
    """1 for x > 0, slope otherwise, for 0 <= slope <= 1: max(1, slope) = 1, max(0, slope) = slope."""
    d = (x > 0).astype(x.dtype)
    return np.maximum(d, slope, out=d)


def _unit_interval(slope: Any) -> bool:
    s = np.asarray(slope)
    return bool(np.all((s >= 0) & (s <= 1)))


class Activation:
    """Base class: an activation with a value, a derivative and its properties.

    Subclasses implement ``_forward`` and ``_derivative`` on float ndarrays.
    Attributes
    ----------
    name : registry name.
    latex : the defining formula, in LaTeX.
    smooth : True if the function is continuously differentiable everywhere (C¹).
    learnable : names of parameters that have gradients (see :meth:`param_grad`).
    elementwise : False for :class:`Maxout` and the gated family (:class:`Gated`).
    kind : "elementwise", "maxout" or "gated".
    """

    name: str = "activation"
    latex: str = ""
    smooth: bool = True
    learnable: tuple[str, ...] = ()
    elementwise: bool = True
    kind: str = "elementwise"

    def __call__(self, x: Any) -> np.ndarray:
        a = as_float_array(x, "x")
        with np.errstate(over="ignore"):   # only a true value beyond the dtype's range overflows
            if a.ndim == 0:  # numpy ufuncs with out= need arrays, not scalars
                return np.asarray(self._forward(a.reshape(1)), dtype=a.dtype).reshape(())
            return np.asarray(self._forward(a), dtype=a.dtype)

    def derivative(self, x: Any) -> np.ndarray:
        """Elementwise derivative f'(x) with respect to the input."""
        a = as_float_array(x, "x")
        with np.errstate(over="ignore"):
            if a.ndim == 0:
                return np.asarray(self._derivative(a.reshape(1)), dtype=a.dtype).reshape(())
            return np.asarray(self._derivative(a), dtype=a.dtype)

    def backward(self, x: Any, grad_out: Any) -> np.ndarray:
        """Vector-Jacobian product: dL/dx given dL/df(x) = ``grad_out``."""
        a = as_float_array(x, "x")
        g = as_float_array(grad_out, "grad_out")
        if g.shape != a.shape:
            raise ValueError(f"grad_out must have the shape of x {a.shape}, got {g.shape}")
        return g * self.derivative(a)

    def param_grad(self, x: Any, grad_out: Any) -> dict[str, np.ndarray]:
        """Gradients of the loss w.r.t. learnable parameters (empty if none)."""
        return {}

    @property
    def params(self) -> dict[str, Any]:
        """The activation's hyper-parameters / parameters, by name."""
        return {}

    def _forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _derivative(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({p})"


class Identity(Activation):
    name, latex = "identity", r"f(x) = x"

    def _forward(self, x):
        return x.copy()

    def _derivative(self, x):
        return np.ones_like(x)


class Sigmoid(Activation):
    name, latex = "sigmoid", r"\sigma(x) = \frac{1}{1 + e^{-x}}"

    def _forward(self, x):
        return _sigmoid(x)

    def _derivative(self, x):
        return _sigmoid_prime(x)


class Tanh(Activation):
    name, latex = "tanh", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"

    def _forward(self, x):
        return np.tanh(x)

    def _derivative(self, x):
        t = np.tanh(x)
        np.square(t, out=t)
        np.subtract(1.0, t, out=t)
        return t


class ReLU(Activation):
    name, latex, smooth = "relu", r"\operatorname{ReLU}(x) = \max(0, x)", False

    def _forward(self, x):
        return np.maximum(x, 0)

    def _derivative(self, x):
        return (x > 0).astype(x.dtype)


class LeakyReLU(Activation):
    name, smooth = "leaky_relu", False
    latex = r"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}"

    def __init__(self, negative_slope: float = 0.01):
        self.negative_slope = check_number(negative_slope, "negative_slope", low=-_PMAX, high=_PMAX)

    @property
    def params(self):
        return {"negative_slope": self.negative_slope}

    def _forward(self, x):
        if 0.0 <= self.negative_slope <= 1.0:
            return _leaky(x, self.negative_slope)
        return np.where(x > 0, x, x * self.negative_slope)

    def _derivative(self, x):
        if 0.0 <= self.negative_slope <= 1.0:
            return _leaky_prime(x, self.negative_slope)
        return np.where(x > 0, 1.0, self.negative_slope).astype(x.dtype)


class PReLU(Activation):
    """Leaky ReLU whose slope ``alpha`` is learned (He et al. 2015).

    ``alpha`` is a scalar shared by all units or a 1-D array with one slope per
    unit (the last axis of ``x``).  ∂f/∂α = x for x <= 0 and 0 otherwise.
    """

    name, smooth, learnable = "prelu", False, ("alpha",)
    latex = r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}"

    def __init__(self, alpha: Any = 0.25):
        a = as_float_array(alpha, "alpha", finite=True)   # names alpha for ragged lists too
        if np.asarray(alpha).dtype == bool:
            raise TypeError(f"alpha must be a real number or a 1-D array of real numbers, got {alpha!r}")
        if np.any(np.abs(a) > _PMAX):
            raise ValueError(f"alpha must be in [-{_PMAX:g}, {_PMAX:g}], got {alpha!r}")
        if a.ndim > 1:
            raise ValueError(f"alpha must be a scalar or a 1-D array, got shape {a.shape}")
        self.alpha = a.astype(np.float64)

    @property
    def params(self):
        return {"alpha": self.alpha.item() if self.alpha.ndim == 0 else self.alpha.copy()}

    def _check_units(self, x):
        if self.alpha.ndim == 1 and (x.ndim == 0 or x.shape[-1] != self.alpha.shape[0]):
            raise ValueError(
                f"x must have last dimension {self.alpha.shape[0]} (one alpha per unit), "
                f"got shape {x.shape}"
            )

    def _forward(self, x):
        self._check_units(x)
        alpha = self.alpha.astype(x.dtype)
        if _unit_interval(alpha) and x.ndim >= alpha.ndim:
            return _leaky(x, alpha)
        return np.where(x > 0, x, x * alpha)

    def _derivative(self, x):
        self._check_units(x)
        alpha = self.alpha.astype(x.dtype)
        if _unit_interval(alpha) and x.ndim >= alpha.ndim:
            return _leaky_prime(x, alpha)
        return np.where(x > 0, 1.0, self.alpha).astype(x.dtype)

    def param_grad(self, x, grad_out):
        """dL/dα = Σ grad_out · x over the inputs with x <= 0 (per unit if α is 1-D)."""
        a = as_float_array(x, "x")
        g = as_float_array(grad_out, "grad_out")
        if g.shape != a.shape:
            raise ValueError(f"grad_out must have the shape of x {a.shape}, got {g.shape}")
        self._check_units(a)
        contrib = np.where(a > 0, 0.0, a) * g
        if self.alpha.ndim == 0:
            return {"alpha": np.asarray(contrib.sum(), dtype=np.float64)}
        return {"alpha": contrib.reshape(-1, self.alpha.shape[0]).sum(axis=0)}


class RReLU(Activation):
    """Randomized leaky ReLU (Xu et al. 2015).

    In training mode each call draws a slope a ~ Uniform(lower, upper) for every
    element (kept in ``last_slope`` so ``derivative``/``backward`` use the same
    draw); in evaluation mode the slope is the mean (lower + upper) / 2.
    """

    name, smooth = "rrelu", False
    latex = r"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},\ a \sim U(l, u)"

    def __init__(self, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False, rng: Any = 0):
        self.lower = check_number(lower, "lower", low=0.0, high=_PMAX)
        self.upper = check_number(upper, "upper", low=0.0, high=_PMAX)
        if self.upper < self.lower:
            raise ValueError(f"upper must be >= lower, got lower={lower}, upper={upper}")
        if not isinstance(training, bool):
            raise TypeError(f"training must be True or False, got {training!r}")
        self.training = training
        self.rng = make_rng(rng, "rng")
        self.last_slope: np.ndarray | None = None

    @property
    def params(self):
        return {"lower": self.lower, "upper": self.upper, "training": self.training}

    def _slope(self, x, draw: bool):
        if not self.training:
            return (self.lower + self.upper) / 2
        if draw or self.last_slope is None or self.last_slope.shape != x.shape:
            self.last_slope = self.rng.uniform(self.lower, self.upper, size=x.shape).astype(x.dtype)
        return self.last_slope

    def _forward(self, x):
        slope = self._slope(x, draw=True)
        if self.upper <= 1.0:  # every slope lies in [lower, upper] within [0, 1]
            return _leaky(x, slope)
        return np.where(x > 0, x, x * slope)

    def _derivative(self, x):
        slope = self._slope(x, draw=False)
        if self.upper <= 1.0:
            return _leaky_prime(x, slope)
        return np.where(x > 0, 1.0, slope).astype(x.dtype)


class ELU(Activation):
    name = "elu"
    latex = r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}"

    def __init__(self, alpha: float = 1.0):
        self.alpha = check_number(alpha, "alpha", low=0.0, high=_PMAX)
        # C¹ only when the slopes on both sides of 0 agree (alpha = 1).
        self.smooth = self.alpha == 1.0

    @property
    def params(self):
        return {"alpha": self.alpha}

    def _forward(self, x):
        # α(e^{min(x,0)} - 1) + max(x, 0): each term is exactly 0 on the other side of 0,
        # so this is the branch formula without a data-dependent select.
        m = np.minimum(x, 0)
        out = np.expm1(m)
        out *= self.alpha
        out += np.maximum(x, 0, out=m)
        return out

    def _derivative(self, x):
        d = np.exp(np.minimum(x, 0))   # 1 for x > 0
        d *= self.alpha                # α for x > 0: replace it by 1
        if self.alpha <= 1.0:          # max(α, 1) = 1 and max(αe^x, 0) = αe^x
            return np.maximum(d, x > 0, out=d)
        if self.alpha <= 2.0:          # α - (α - 1) = 1 exactly (α - 1 is exact for 1 <= α <= 2)
            a = x.dtype.type(self.alpha)
            d -= np.multiply(x > 0, a - x.dtype.type(1.0), dtype=x.dtype)
            return d
        return np.where(x > 0, 1.0, d).astype(x.dtype)


class SELU(ELU):
    """Scaled ELU with the self-normalising constants λ≈1.0507, α≈1.6733."""

    name, smooth = "selu", False
    latex = r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}"

    def __init__(self):
        super().__init__(alpha=SELU_ALPHA)
        self.scale = SELU_SCALE
        self.smooth = False

    @property
    def params(self):
        return {}

    def _forward(self, x):
        out = super()._forward(x)
        out *= self.scale
        return out

    def _derivative(self, x):
        return super()._derivative(x) * x.dtype.type(self.scale)


class Softplus(Activation):
    name = "softplus"
    latex = r"f(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)"

    def __init__(self, beta: float = 1.0):
        # beta >= 1e-30: f(0) = ln 2 / beta must stay within float32's range
        self.beta = check_number(beta, "beta", low=_PMIN)

    @property
    def params(self):
        return {"beta": self.beta}

    def _forward(self, x):
        if self.beta == 1.0:
            return _softplus(x)
        # max(x, 0) + log(1 + e^{-|βx|})/β: the log term is exactly 0 beyond |βx| = _FAR
        t = np.abs(_scaled(x, self.beta))
        np.negative(t, out=t)
        t = np.log1p(np.exp(t))
        t /= self.beta
        t += np.maximum(x, 0)
        return t

    def _derivative(self, x):
        return _sigmoid(_scaled(x, self.beta) if self.beta != 1.0 else x)


class GELU(Activation):
    """Gaussian error linear unit, exact form x·Φ(x) (Hendrycks & Gimpel 2016)."""

    name = "gelu"
    latex = r"\operatorname{GELU}(x) = x\,\Phi(x) = \tfrac{x}{2}\left(1 + \operatorname{erf}(x/\sqrt{2})\right)"

    def _forward(self, x):
        out = special.erf(x * _INV_SQRT_2)
        out += 1.0
        out *= 0.5                       # Φ(x) (before the product, so x·Φ(x) cannot overflow)
        out *= np.maximum(x, _FLOOR)     # Φ = 0 below _FLOOR: no −inf·0
        return out

    def _derivative(self, x):
        # Φ(x) + x φ(x); the second term is exactly 0 beyond |x| = _FAR
        xc = np.clip(x, -_FAR, _FAR)
        phi = np.square(xc)
        phi *= -0.5
        phi = np.exp(phi)
        phi *= _INV_SQRT_2PI
        phi *= xc
        cdf = special.erf(x * _INV_SQRT_2)
        cdf += 1.0
        cdf *= 0.5
        cdf += phi
        return cdf


class GELUTanh(Activation):
    """The tanh approximation of GELU used in BERT/GPT-2."""

    name = "gelu_tanh"
    latex = (
        r"f(x) = \tfrac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\right)\right)"
    )
    _c = 0.044715

    def _inner(self, x):
        u = np.square(x)
        u *= self._c
        u += 1.0
        u *= x
        u *= _SQRT_2_OVER_PI
        return u

    def _forward(self, x):
        # x³ may overflow to ±inf for huge |x| (quietly: see __call__); tanh(±inf) = ±1 is right
        t = np.tanh(self._inner(x))
        t += 1.0
        t *= 0.5
        t *= np.maximum(x, _FLOOR)
        return t

    def _derivative(self, x):
        x = np.clip(x, -_FAR, _FAR)      # beyond |x| = _FAR: f' = 1 (right) or 0 (left) exactly
        t = np.tanh(self._inner(x))
        du = np.square(x)
        du *= 3 * self._c
        du += 1.0
        du *= _SQRT_2_OVER_PI
        out = np.add(t, 1.0)
        out *= 0.5                              # 0.5 (1 + t)
        sech2 = np.square(t, out=t)
        np.subtract(1.0, sech2, out=sech2)      # 1 - t²
        half_x = np.multiply(x, 0.5)
        half_x *= sech2
        half_x *= du
        out += half_x                           # + 0.5 x sech² du
        return out


class SiLU(Activation):
    """SiLU / Swish: x·σ(βx) (Ramachandran et al. 2017; β = 1 is SiLU)."""

    name = "silu"
    latex = r"f(x) = x\,\sigma(\beta x)"

    def __init__(self, beta: float = 1.0):
        self.beta = check_number(beta, "beta", low=0.0)

    @property
    def params(self):
        return {"beta": self.beta}

    def _forward(self, x):
        if self.beta == 0.0:             # x σ(0) = x/2 (x·0 would be NaN at ±inf)
            return x * 0.5
        s = _sigmoid(_scaled(x, self.beta) if self.beta != 1.0 else x)
        with np.errstate(invalid="ignore"):
            s *= x                       # −inf·0 at x = −inf, fixed next
        return _fix_neg_inf(s, x, 0.0)   # x σ(βx) → 0 as x → −inf

    def _derivative(self, x):
        if self.beta == 0.0:
            return np.full_like(x, 0.5)
        # beyond |βx| = _FAR, σ(βx) is 0 or 1 and βx σ'(βx) is 0 exactly
        bx = _scaled(x, self.beta)
        # σ(βx) + βx σ'(βx), sharing e = e^{-|βx|} between σ and σ' (same operations
        # as _sigmoid and _sigmoid_prime, so the same values)
        t = np.abs(bx)
        np.negative(t, out=t)
        e = np.exp(t)
        s = np.maximum(e, bx >= 0)      # e^{min(βx,0)}, as in _sigmoid
        d = np.add(e, 1.0, out=t)       # 1 + e
        s /= d                          # σ(βx)
        np.square(d, out=d)
        np.divide(e, d, out=e)
        np.minimum(e, 0.25, out=e)      # σ'(βx)
        e *= bx
        e += s
        return e


class Mish(Activation):
    """Mish: x·tanh(softplus(x)) (Misra 2019)."""

    name = "mish"
    latex = r"f(x) = x \tanh\left(\log(1 + e^{x})\right)"

    def _forward(self, x):
        t = np.tanh(_softplus(x))
        t *= np.maximum(x, _FLOOR)       # the gate is exactly 0 below _FLOOR: no −inf·0
        return t

    def _derivative(self, x):
        # tanh(sp) + x sech²(sp) σ(x), sp = softplus(x); e = e^{-|x|} is shared by
        # softplus and σ (same operations as _softplus and _sigmoid, so the same values);
        # beyond |x| = _FAR, f' is exactly 1 (right) or 0 (left), so clip(x) gives the same
        x = np.clip(x, -_FAR, _FAR)
        e = np.abs(x)
        np.negative(e, out=e)
        e = np.exp(e)
        sp = np.log1p(e)
        sp += np.maximum(x, 0)
        t = np.tanh(sp)
        sech2 = np.square(t, out=sp)
        np.subtract(1.0, sech2, out=sech2)
        sech2 *= x
        num = np.maximum(e, x >= 0)     # e^{min(x,0)}, as in _sigmoid
        e += 1.0
        num /= e                        # σ(x)
        sech2 *= num
        sech2 += t
        return sech2


class HardSigmoid(Activation):
    """PyTorch's hard sigmoid: ReLU6(x + 3)/6 = clip(x/6 + 1/2, 0, 1)."""

    name, smooth = "hard_sigmoid", False
    latex = r"f(x) = \min\left(1, \max\left(0, \tfrac{x}{6} + \tfrac{1}{2}\right)\right)"

    def _forward(self, x):
        out = x / 6.0
        out += 0.5
        np.clip(out, 0.0, 1.0, out=out)
        return out

    def _derivative(self, x):
        return np.multiply((x > -3) & (x < 3), x.dtype.type(1.0 / 6.0), dtype=x.dtype)


class HardSwish(Activation):
    """Hard swish x·ReLU6(x + 3)/6 (Howard et al. 2019, MobileNetV3)."""

    name, smooth = "hard_swish", False
    latex = r"f(x) = x \cdot \min\left(1, \max\left(0, \tfrac{x}{6} + \tfrac{1}{2}\right)\right)"

    def _forward(self, x):
        out = x / 6.0
        out += 0.5
        np.clip(out, 0.0, 1.0, out=out)
        out *= np.maximum(x, _FLOOR)     # the gate is 0 for x <= -3: no −inf·0
        return out

    def _derivative(self, x):
        # PyTorch 2.x autograd: 0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3
        # (so 0 at x = -3 and 1 at x = 3; checked against torch 2.13)
        d = x / 3.0
        d += 0.5
        # outside (-3, 3) is rare for typical pre-activations: putmask with a mostly-False
        # mask is cheap, unlike np.where over every element
        np.putmask(d, x <= -3, 0.0)
        np.putmask(d, x >= 3, 1.0)
        return d


# ---------------------------------------------------------------------------
# the rest of torch.nn's elementwise activations (defaults are PyTorch's)
# ---------------------------------------------------------------------------

class _Shrink(Activation):
    """The shrinkages' shared part: a threshold λ ≥ 0 and the derivative 1[|x| > λ].

    Both have slope 1 outside [−λ, λ] and are 0 inside, so both have derivative 1 for
    |x| > λ and 0 otherwise (0 at x = ±λ, PyTorch's autograd).
    Not registered: only its subclasses are activations.
    """

    smooth = False

    def __init__(self, lambd: float = 0.5):
        self.lambd = check_number(lambd, "lambd", low=0.0, high=_PMAX)

    @property
    def params(self):
        return {"lambd": self.lambd}

    def _derivative(self, x):
        return (np.abs(x) > self.lambd).astype(x.dtype)


class Hardshrink(_Shrink):
    r"""Hard shrinkage: x for |x| > λ, 0 otherwise (PyTorch ``nn.Hardshrink(lambd=0.5)``).

    Hard thresholding of Donoho & Johnstone (1994).  Derivative 1 for |x| > λ and 0
    otherwise, so 0 at x = ±λ (PyTorch's autograd).  The value jumps at ±λ (by λ).
    """

    name = "hard_shrink"
    latex = r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"

    def _forward(self, x):
        return np.multiply(x, np.abs(x) > self.lambd, dtype=x.dtype)


class Softshrink(_Shrink):
    r"""Soft shrinkage x − clip(x, −λ, λ) (PyTorch ``nn.Softshrink(lambd=0.5)``).

    The proximal operator of λ|x| (soft thresholding, Donoho 1995): x − λ for x > λ,
    x + λ for x < −λ, 0 between.  Derivative 0 on [−λ, λ] (so 0 at ±λ, PyTorch's
    autograd) and 1 outside.
    """

    name = "soft_shrink"
    latex = (r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ 0 & |x| \le \lambda \\ "
             r"x + \lambda & x < -\lambda \end{cases}")

    def _forward(self, x):
        c = np.clip(x, -self.lambd, self.lambd)
        return np.subtract(x, c, out=c)


class Hardtanh(Activation):
    r"""clip(x, min_val, max_val) (PyTorch ``nn.Hardtanh(min_val=-1.0, max_val=1.0)``).

    The piecewise-linear tanh of Collobert's NLP networks.  Derivative 1 strictly
    inside (min_val, max_val) and 0 elsewhere, so 0 at both corners (PyTorch's autograd).
    """

    name, smooth = "hard_tanh", False
    latex = r"f(x) = \min\left(x_{\max}, \max\left(x_{\min}, x\right)\right)"

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0):
        self.min_val = check_number(min_val, "min_val")
        self.max_val = check_number(max_val, "max_val")
        if not self.max_val > self.min_val:
            raise ValueError(f"max_val must be > min_val, got min_val={min_val}, max_val={max_val}")

    @property
    def params(self):
        return {"min_val": self.min_val, "max_val": self.max_val}

    def _forward(self, x):
        return np.clip(x, self.min_val, self.max_val)

    def _derivative(self, x):
        return ((x > self.min_val) & (x < self.max_val)).astype(x.dtype)


class ReLU6(Hardtanh):
    r"""min(max(0, x), 6) (Krizhevsky 2010; PyTorch ``nn.ReLU6``, which is Hardtanh(0, 6)).

    Derivative 1 on (0, 6) and 0 elsewhere, so 0 at x = 0 and at x = 6, as PyTorch's
    autograd gives (it computes ReLU6 as hardtanh).
    """

    name = "relu6"
    latex = r"\operatorname{ReLU6}(x) = \min\left(6, \max(0, x)\right)"

    def __init__(self):
        super().__init__(min_val=0.0, max_val=6.0)

    @property
    def params(self):
        return {}


class LogSigmoid(Activation):
    r"""log σ(x) = −softplus(−x) = min(x, 0) − log(1 + e^{−|x|}) (PyTorch ``nn.LogSigmoid``).

    Derivative σ(−x) = 1 − σ(x).  The stable form never exponentiates a positive number.
    """

    name = "log_sigmoid"
    latex = r"f(x) = \log \sigma(x) = -\log\left(1 + e^{-x}\right)"

    def _forward(self, x):
        t = np.abs(x)
        np.negative(t, out=t)
        t = np.log1p(np.exp(t))
        return np.subtract(np.minimum(x, 0), t, out=t)

    def _derivative(self, x):
        return _sigmoid(np.negative(x))


class CELU(Activation):
    r"""Continuously differentiable ELU, max(0, x) + min(0, α(e^{x/α} − 1)) (Barron 2017).

    PyTorch ``nn.CELU(alpha=1.0)``; α > 0.  Derivative e^{min(x,0)/α}: 1 for x ≥ 0,
    so f' is continuous at 0 for every α (ELU is C¹ only for α = 1); CELU with
    α = 1 is ELU with α = 1.
    """

    name = "celu"
    latex = (r"f(x) = \begin{cases} x & x > 0 \\ \alpha \left(e^{x/\alpha} - 1\right) "
             r"& x \le 0 \end{cases}")

    def __init__(self, alpha: float = 1.0):
        self.alpha = check_number(alpha, "alpha", low=_PMIN, high=_PMAX)

    @property
    def params(self):
        return {"alpha": self.alpha}

    def _scaled_min(self, x):
        m = np.minimum(x, 0)
        with np.errstate(over="ignore"):   # x/α → −inf for tiny α: e^{−inf} = 0 is right
            m /= self.alpha
        return m

    def _forward(self, x):
        out = np.expm1(self._scaled_min(x))
        out *= self.alpha
        out += np.maximum(x, 0)
        return out

    def _derivative(self, x):
        return np.exp(self._scaled_min(x))


class Softsign(Activation):
    r"""x / (1 + |x|) (Bergstra et al. 2009; compared with tanh by Glorot & Bengio 2010).

    PyTorch ``nn.Softsign``.  Range (−1, 1) like tanh, but its derivative
    1/(1 + |x|)² decays polynomially, not exponentially; f' is continuous (f'' jumps at 0).
    """

    name = "softsign"
    latex = r"f(x) = \frac{x}{1 + |x|}"

    def _forward(self, x):
        d = np.abs(x)
        d += 1.0
        with np.errstate(invalid="ignore"):  # ±inf/inf is fixed just below
            out = np.divide(x, d, out=d)
        inf = np.isinf(x)
        if inf.any():                       # ±inf/inf: the limit is ±1
            np.copyto(out, np.sign(x), where=inf)
        return out

    def _derivative(self, x):
        d = np.abs(x)
        d += 1.0
        np.reciprocal(d, out=d)
        d *= d                              # 1/(1+|x|)² without squaring a huge number
        return d


class Tanhshrink(Activation):
    r"""x − tanh(x) (PyTorch ``nn.Tanhshrink``, from Lua Torch's ``nn`` package).

    Derivative tanh²(x); f ≈ x³/3 near 0 and f ≈ x ∓ 1 for large |x|.
    """

    name = "tanh_shrink"
    latex = r"f(x) = x - \tanh(x)"

    def _forward(self, x):
        return np.subtract(x, np.tanh(x))

    def _derivative(self, x):
        t = np.tanh(x)
        np.square(t, out=t)
        return t


class Threshold(Activation):
    r"""x for x > threshold, ``value`` otherwise (PyTorch ``nn.Threshold(threshold, value)``).

    PyTorch has no defaults (both arguments are required); here threshold = 0 and
    value = 0, which makes it ReLU.  Derivative 1 for x > threshold and 0 otherwise
    (so 0 at x = threshold, PyTorch's autograd).  The value jumps at the threshold
    unless value = threshold; it is non-decreasing only when value ≤ threshold.
    """

    name, smooth = "threshold", False
    latex = r"f(x) = \begin{cases} x & x > \theta \\ v & x \le \theta \end{cases}"

    def __init__(self, threshold: float = 0.0, value: float = 0.0):
        self.threshold = check_number(threshold, "threshold")
        self.value = check_number(value, "value")

    @property
    def params(self):
        return {"threshold": self.threshold, "value": self.value}

    def _forward(self, x):
        return np.where(x > self.threshold, x, x.dtype.type(self.value)).astype(x.dtype, copy=False)

    def _derivative(self, x):
        return (x > self.threshold).astype(x.dtype)


class Maxout(Activation):
    """Maxout over groups of ``k`` consecutive pre-activations (Goodfellow et al. 2013).

    Input of shape ``(..., n*k)`` holds the k affine pieces z_{i1..ik} of each of n
    units next to each other; the output ``(..., n)`` is h_i = max_j z_{ij}.
    Not elementwise: use :meth:`backward`, which sends each unit's gradient to the
    piece that attained the maximum (the first one on ties).
    """

    name, smooth, elementwise, kind = "maxout", False, False, "maxout"
    latex = r"h_i(x) = \max_{j \in \{1..k\}} z_{ij},\ z_{ij} = x^\top W_{\cdot ij} + b_{ij}"

    def __init__(self, k: int = 2):
        self.k = check_int(k, "k", low=1)

    @property
    def params(self):
        return {"k": self.k}

    def _groups(self, x):
        if x.ndim == 0 or x.shape[-1] % self.k:
            raise ValueError(
                f"x must have a last dimension divisible by k={self.k}, got shape {x.shape}"
            )
        return x.reshape(*x.shape[:-1], x.shape[-1] // self.k, self.k)

    def _forward(self, x):
        return self._groups(x).max(axis=-1)

    def derivative(self, x):
        raise TypeError(
            "maxout is not elementwise and has no elementwise derivative; "
            "use backward(x, grad_out)"
        )

    def backward(self, x, grad_out):
        a = as_float_array(x, "x")
        z = self._groups(a)
        g = as_float_array(grad_out, "grad_out")
        if g.shape != z.shape[:-1]:
            raise ValueError(f"grad_out must have shape {z.shape[:-1]}, got {g.shape}")
        idx = z.argmax(axis=-1)
        out = np.zeros_like(z, dtype=np.result_type(a, g))
        np.put_along_axis(out, idx[..., None], g[..., None], axis=-1)
        return out.reshape(a.shape)


class Gated(Activation):
    r"""Gated linear unit family: split x into halves (a, b) and return a ⊙ g(b).

    Input of shape ``(..., 2m)`` along axis ``dim`` (default the last) is split into
    its first half ``a`` (the value) and its second half ``b`` (the gate), PyTorch's
    ``nn.GLU(dim=-1)`` convention; the output has shape ``(..., m)``.  In a layer, x
    is one affine map of width 2m, so this is Shazeer's (2020) :math:`g(xW) \otimes xV`
    with the two projections stacked (which half is called the gate is a naming
    convention: both are learned).  Not elementwise: use :meth:`backward`,

    .. math:: \frac{\partial L}{\partial a} = \bar y \odot g(b), \qquad
              \frac{\partial L}{\partial b} = \bar y \odot a \odot g'(b).

    Subclasses set ``gate_name``, the registry name of the elementwise gate g.
    """

    smooth, elementwise, kind = True, False, "gated"
    gate_name = "sigmoid"

    def __init__(self, dim: int = -1):
        self.dim = check_int(dim, "dim")
        self.gate = _REGISTRY[self.gate_name]()

    @property
    def params(self):
        return {"dim": self.dim}

    def _split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if x.ndim == 0:
            raise ValueError("x must have at least one dimension (of even length 2m), got a scalar")
        if not -x.ndim <= self.dim < x.ndim:
            raise ValueError(f"dim={self.dim} is out of range for x with shape {x.shape}")
        n = x.shape[self.dim]
        if n == 0 or n % 2:
            raise ValueError(
                f"x must have an even, non-zero length 2m along dim={self.dim} (value and gate "
                f"halves), got shape {x.shape}"
            )
        return np.split(x, 2, axis=self.dim)

    def __call__(self, x: Any) -> np.ndarray:
        a = as_float_array(x, "x")
        with np.errstate(over="ignore"):   # only a true value beyond the dtype's range overflows
            return np.asarray(self._forward(a), dtype=a.dtype)

    def _forward(self, x):
        a, b = self._split(x)
        out = self.gate._forward(b)
        out *= a
        return out

    def derivative(self, x):
        raise TypeError(
            f"{self.name} is not elementwise and has no elementwise derivative; "
            "use backward(x, grad_out)"
        )

    def backward(self, x: Any, grad_out: Any) -> np.ndarray:
        """dL/dx (shape of x) given dL/dy = ``grad_out`` (shape of the output)."""
        xa = as_float_array(x, "x")
        a, b = self._split(xa)
        g = as_float_array(grad_out, "grad_out")
        if g.shape != a.shape:
            raise ValueError(f"grad_out must have shape {a.shape} (the output's), got {g.shape}")
        dt = np.result_type(xa, g)
        with np.errstate(over="ignore"):
            da = self.gate._forward(b).astype(dt, copy=False)
            da *= g
            db = self.gate._derivative(b).astype(dt, copy=False)
            db *= a
            db *= g
        return np.concatenate([da, db], axis=self.dim)


class GLU(Gated):
    """GLU, a ⊙ σ(b) (Dauphin et al. 2017; PyTorch ``nn.GLU``)."""

    name, gate_name = "glu", "sigmoid"
    latex = r"\operatorname{GLU}(a, b) = a \otimes \sigma(b),\ (a, b) = \text{halves of } x"


class ReGLU(Gated):
    """ReGLU, a ⊙ max(0, b) (Shazeer 2020)."""

    name, gate_name, smooth = "reglu", "relu", False
    latex = r"\operatorname{ReGLU}(a, b) = a \otimes \max(0, b),\ (a, b) = \text{halves of } x"


class GEGLU(Gated):
    """GEGLU, a ⊙ GELU(b) with the exact GELU b·Φ(b) (Shazeer 2020)."""

    name, gate_name = "geglu", "gelu"
    latex = r"\operatorname{GEGLU}(a, b) = a \otimes \operatorname{GELU}(b),\ (a, b) = \text{halves of } x"


class SwiGLU(Gated):
    """SwiGLU, a ⊙ SiLU(b) = a ⊙ b σ(b) (Shazeer 2020; PaLM, LLaMA)."""

    name, gate_name = "swiglu", "silu"
    latex = r"\operatorname{SwiGLU}(a, b) = a \otimes b\,\sigma(b),\ (a, b) = \text{halves of } x"


_REGISTRY: dict[str, Callable[..., Activation]] = {
    cls.name: cls
    for cls in (
        Identity, Sigmoid, Tanh, ReLU, LeakyReLU, PReLU, RReLU, ELU, SELU, Softplus,
        GELU, GELUTanh, SiLU, Mish, HardSigmoid, HardSwish, Maxout,
        Hardshrink, Hardtanh, LogSigmoid, ReLU6, CELU, Softshrink, Softsign, Tanhshrink, Threshold,
    )
}
#: Gated activations (not elementwise: output has half the input's width), kept apart
#: from ``_REGISTRY`` so that code iterating :func:`names` meets only elementwise
#: functions and maxout; :func:`get` finds both.
_GATED: dict[str, Callable[..., Activation]] = {cls.name: cls for cls in (GLU, ReGLU, GEGLU, SwiGLU)}
_ALIASES = {
    "swish": "silu", "linear": "identity", "logistic": "sigmoid",
    # PyTorch's class names, lower-cased, so that get(type(m).__name__) works for torch.nn's list
    "hardshrink": "hard_shrink", "softshrink": "soft_shrink", "hardtanh": "hard_tanh",
    "logsigmoid": "log_sigmoid", "tanhshrink": "tanh_shrink", "hardsigmoid": "hard_sigmoid",
    "hardswish": "hard_swish", "leakyrelu": "leaky_relu",
}


def names(include_aliases: bool = False, include_gated: bool = False) -> list[str]:
    """The registered activation names, sorted.

    By default the elementwise activations and maxout (the ones a per-unit table or
    plot can show); ``include_gated=True`` adds the gated family (glu, reglu, geglu,
    swiglu), ``include_aliases=True`` the aliases (swish, linear, logistic).
    """
    for flag, label in ((include_aliases, "include_aliases"), (include_gated, "include_gated")):
        if not isinstance(flag, bool):
            raise TypeError(f"{label} must be True or False, got {flag!r}")
    out = set(_REGISTRY)
    if include_gated:
        out |= set(_GATED)
    if include_aliases:
        out |= set(_ALIASES)
    return sorted(out)


def get(name: Any, **params: Any) -> Activation:
    """Make the activation called ``name`` with keyword ``params``.

    An :class:`Activation` instance is returned unchanged (with no params), so
    functions can accept either a name or an object.
    """
    if isinstance(name, Activation):
        if params:
            raise TypeError("params cannot be given together with an Activation instance")
        return name
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    key = _ALIASES.get(name.lower(), name.lower())
    cls = _REGISTRY.get(key) or _GATED.get(key)
    if cls is None:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(names(True, True))}")
    accepted = _accepted_params(cls)
    unknown = [k for k in params if k not in accepted]
    if unknown:
        raise TypeError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"for activation {key!r}: it accepts parameters {accepted or 'none'}, got {sorted(params)}"
        )
    return cls(**params)


def _accepted_params(cls: type) -> list[str]:
    """The keyword parameters of ``cls``'s constructor (none for the parameter-free ones)."""
    import inspect

    if cls.__init__ is object.__init__:
        return []
    return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]


# ---------------------------------------------------------------------------
# metadata for the gallery appendix: title, reference(s), use in practice, chapter
# ---------------------------------------------------------------------------

_PT = "PyTorch's defaults"
#: name: (title, bib keys in references.bib, where it is used in practice,
#: label of the chapter that discusses it (or its nearest relative), whose defaults)
_META: dict[str, tuple[str, tuple[str, ...], str, str, str]] = {
    "identity": ("Identity (linear unit)", ("widrow1960adaptive",),
                 "output layers of regression networks; deep linear networks as a model of "
                 "learning dynamics", "ch-nonlinearity", "no parameters"),
    "sigmoid": ("Logistic sigmoid", ("rumelhart1986learning",),
                "output unit for binary classification; the gates of LSTM and GRU cells",
                "ch-sigmoid-tanh", "no parameters"),
    "tanh": ("Hyperbolic tangent", ("lecun1998efficient",),
             "hidden state of LSTM/GRU cells and classic RNNs; hidden layers of pre-2010 MLPs",
             "ch-sigmoid-tanh", "no parameters"),
    "relu": ("ReLU", ("nair2010rectified", "glorot2011deep"),
             "the default hidden activation of CNNs and MLPs (AlexNet, VGG, ResNet)",
             "ch-relu-family", "no parameters"),
    "leaky_relu": ("Leaky ReLU", ("maas2013rectifier",),
                   "GAN discriminators (DCGAN, slope 0.2); YOLO detectors (slope 0.1)",
                   "ch-relu-family", _PT + " (negative_slope = 0.01)"),
    "prelu": ("PReLU", ("he2015delving",),
              "the ImageNet CNNs of He et al. (2015), with one learned slope per channel",
              "ch-relu-family", _PT + " (initial alpha = 0.25)"),
    "rrelu": ("RReLU", ("xu2015empirical",),
              "small image-classification benchmarks (CIFAR, the Kaggle NDSB competition); "
              "rare in current models", "ch-relu-family",
              _PT + " (lower = 1/8, upper = 1/3; evaluation mode by default)"),
    "elu": ("ELU", ("clevert2016fast",),
            "the CIFAR and ImageNet CNNs of Clevert et al. (2016)",
            "ch-relu-family", _PT + " (alpha = 1)"),
    "selu": ("SELU", ("klambauer2017self",),
             "self-normalising fully connected networks, trained without batch normalisation",
             "ch-relu-family", "fixed constants of Klambauer et al. (2017), as in PyTorch"),
    "softplus": ("Softplus", ("dugas2001incorporating",),
                 "keeping an output positive: scales and variances in probabilistic models",
                 "ch-smooth", _PT + " (beta = 1; PyTorch's linear cut-off at beta·x > 20 is not "
                 "needed by the stable formula)"),
    "gelu": ("GELU", ("hendrycks2016gaussian",),
             "Transformer encoders and vision Transformers; the default of PyTorch's `nn.GELU()`",
             "ch-smooth", "PyTorch's `nn.GELU(approximate='none')`"),
    "gelu_tanh": ("GELU, tanh approximation", ("hendrycks2016gaussian",),
                  "the original BERT and GPT-2 code", "ch-smooth",
                  "PyTorch's `nn.GELU(approximate='tanh')`"),
    "silu": ("SiLU / Swish", ("elfwing2018sigmoid", "ramachandran2017searching"),
             "EfficientNet; YOLOv5 and later; the gate of SwiGLU", "ch-smooth",
             "beta = 1 is PyTorch's `nn.SiLU` (which has no beta); beta is Swish's"),
    "mish": ("Mish", ("misra2019mish",), "the YOLOv4 backbone (CSPDarknet53)", "ch-smooth",
             "no parameters"),
    "hard_sigmoid": ("Hard sigmoid", ("howard2019searching",),
                     "the squeeze-and-excitation gates of MobileNetV3", "ch-smooth",
                     "PyTorch's `nn.Hardsigmoid`: x/6 + 1/2 clipped to [0, 1]"),
    "hard_swish": ("Hard swish", ("howard2019searching",), "the later layers of MobileNetV3",
                   "ch-smooth", "PyTorch's `nn.Hardswish`"),
    "maxout": ("Maxout", ("goodfellow2013maxout",),
               "maxout networks trained with dropout (Goodfellow et al. 2013); rare in current models",
               "ch-relu-family", "k = 2 pieces per unit (no framework has a built-in maxout)"),
    "hard_shrink": ("Hardshrink (hard thresholding)", ("donoho1994ideal",),
                    "hard thresholding in wavelet denoising and sparse recovery; rare as a hidden "
                    "activation", "ch-relu-family", _PT + " (lambd = 0.5)"),
    "soft_shrink": ("Softshrink (soft thresholding)", ("donoho1995noising",),
                    "the proximal step of L1-regularised sparse coding (ISTA and its unrolled, "
                    "learned form LISTA)", "ch-relu-family", _PT + " (lambd = 0.5)"),
    "hard_tanh": ("Hardtanh", ("collobert2011natural",),
                  "the NLP networks of Collobert et al. (2011); binarised networks, whose "
                  "straight-through gradient is Hardtanh's derivative", "ch-sigmoid-tanh",
                  _PT + " (min_val = -1, max_val = 1)"),
    "relu6": ("ReLU6", ("krizhevsky2010convolutional",),
              "MobileNetV2 and other mobile CNNs (a bounded output suits low-precision "
              "arithmetic)",
              "ch-smooth", "PyTorch's `nn.ReLU6` (no parameters)"),
    "log_sigmoid": ("LogSigmoid", ("cox1958regression",),
                    "the log-likelihood of logistic regression and binary cross-entropy with "
                    "logits; word2vec's negative-sampling loss", "ch-softmax", "no parameters"),
    "celu": ("CELU", ("barron2017continuously",),
             "few published models; it is ELU reparametrised to be C¹ for every alpha",
             "ch-relu-family", _PT + " (alpha = 1)"),
    "softsign": ("Softsign", ("bergstra2009quadratic", "glorot2010understanding"),
                 "compared with tanh and the sigmoid by Glorot & Bengio (2010); rare in current "
                 "models", "ch-sigmoid-tanh", "no parameters"),
    "tanh_shrink": ("Tanhshrink", ("collobert2011torch7",),
                    "rare; kept in PyTorch from Lua Torch's `nn` package (no paper introduced it)",
                    "ch-sigmoid-tanh", "no parameters"),
    "threshold": ("Threshold", ("collobert2011torch7",),
                  "rare; a generalised ReLU from Lua Torch's `nn` package (no paper introduced it)",
                  "ch-relu-family",
                  "PyTorch requires both arguments (no defaults); threshold = 0, value = 0 here, "
                  "which is ReLU"),
    "glu": ("GLU", ("dauphin2017language",),
            "gated convolutional language models; the convolution module of Conformer speech "
            "models", "ch-smooth", "PyTorch's `nn.GLU(dim=-1)`: first half value, second half gate"),
    "reglu": ("ReGLU", ("shazeer2020glu",),
              "Transformer feed-forward layers in Shazeer's (2020) comparison", "ch-smooth",
              "PyTorch's GLU halves and `dim=-1`"),
    "geglu": ("GEGLU", ("shazeer2020glu",),
              "the feed-forward layers of T5 v1.1 and Gemma", "ch-smooth",
              "PyTorch's GLU halves and `dim=-1`; exact GELU gate"),
    "swiglu": ("SwiGLU", ("shazeer2020glu",),
               "the feed-forward layers of PaLM, LLaMA and many later large language models",
               "ch-smooth", "PyTorch's GLU halves and `dim=-1`; SiLU gate (beta = 1)"),
}


def info(name: Any) -> dict[str, Any]:
    """Registry metadata of an activation (name or object), for the gallery appendix.

    Keys: ``name``, ``title``, ``kind`` ("elementwise", "maxout", "gated"), ``latex``,
    ``params`` (the defaults), ``smooth``, ``cite`` (bib keys in references.bib),
    ``used_in`` (where it is used in practice), ``chapter`` (label of the chapter that
    discusses it or its nearest relative) and ``defaults`` (whose convention the
    default parameters follow).  The text fields are Markdown (code in backticks).
    """
    act = get(name)
    title, cite, used_in, chapter, defaults = _META[act.name]
    return {"name": act.name, "title": title, "kind": act.kind, "latex": act.latex,
            "params": act.params, "smooth": act.smooth, "cite": cite, "used_in": used_in,
            "chapter": chapter, "defaults": defaults}
