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
  are finite and warning-free for ``|x|`` up to 1e4 in float32 and float64.
* ``backward(x, grad_out)`` is the vector-Jacobian product used by networks; for
  elementwise activations it is ``grad_out * derivative(x)``.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from scipy import special

from ._validate import as_float_array, check_int, check_number, make_rng

__all__ = ["Activation", "Gated", "get", "names", "SELU_ALPHA", "SELU_SCALE"]

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


def _leaky(x: np.ndarray, slope: Any) -> np.ndarray:
    """x for x > 0, slope·x otherwise, for 0 <= slope <= 1 (scalar or array of x's dtype).

    Then slope·x <= x for x > 0 and slope·x >= x for x <= 0 (also after rounding, which is
    monotone), so the maximum picks the right branch: two passes, no data-dependent branch
    (``np.where`` on a random sign pattern is ~10x slower than a plain ufunc).
    """
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
        if a.ndim == 0:  # numpy ufuncs with out= need arrays, not scalars
            return np.asarray(self._forward(a.reshape(1)), dtype=a.dtype).reshape(())
        return np.asarray(self._forward(a), dtype=a.dtype)

    def derivative(self, x: Any) -> np.ndarray:
        """Elementwise derivative f'(x) with respect to the input."""
        a = as_float_array(x, "x")
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
        self.negative_slope = check_number(negative_slope, "negative_slope")

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
        a = as_float_array(alpha, "alpha", finite=True)
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
        self.lower = check_number(lower, "lower", low=0.0)
        self.upper = check_number(upper, "upper", low=0.0)
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
        self.alpha = check_number(alpha, "alpha", low=0.0)
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
        self.beta = check_number(beta, "beta", low=0.0, low_open=True)

    @property
    def params(self):
        return {"beta": self.beta}

    def _forward(self, x):
        out = _softplus(x * self.beta) if self.beta != 1.0 else _softplus(x)
        if self.beta != 1.0:
            out /= self.beta
        return out

    def _derivative(self, x):
        return _sigmoid(x * self.beta if self.beta != 1.0 else x)


class GELU(Activation):
    """Gaussian error linear unit, exact form x·Φ(x) (Hendrycks & Gimpel 2016)."""

    name = "gelu"
    latex = r"\operatorname{GELU}(x) = x\,\Phi(x) = \tfrac{x}{2}\left(1 + \operatorname{erf}(x/\sqrt{2})\right)"

    def _forward(self, x):
        out = special.erf(x * _INV_SQRT_2)
        out += 1.0
        out *= x
        out *= 0.5
        return out

    def _derivative(self, x):
        # Φ(x) + x φ(x)
        phi = np.square(x)
        phi *= -0.5
        phi = np.exp(phi)
        phi *= _INV_SQRT_2PI
        phi *= x
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
        t = np.tanh(self._inner(x))
        t += 1.0
        t *= x
        t *= 0.5
        return t

    def _derivative(self, x):
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
        s = _sigmoid(x * self.beta if self.beta != 1.0 else x)
        s *= x
        return s

    def _derivative(self, x):
        bx = x * self.beta if self.beta != 1.0 else x
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
        t *= x
        return t

    def _derivative(self, x):
        # tanh(sp) + x sech²(sp) σ(x), sp = softplus(x); e = e^{-|x|} is shared by
        # softplus and σ (same operations as _softplus and _sigmoid, so the same values)
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
        out *= x
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

class Hardshrink(Activation):
    r"""Hard shrinkage: x for |x| > λ, 0 otherwise (PyTorch ``nn.Hardshrink(lambd=0.5)``).

    Hard thresholding of Donoho & Johnstone (1994).  Derivative 1 for |x| > λ and 0
    otherwise, so 0 at x = ±λ (PyTorch's autograd).  The value jumps at ±λ (by λ).
    """

    name, smooth = "hard_shrink", False
    latex = r"f(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"

    def __init__(self, lambd: float = 0.5):
        self.lambd = check_number(lambd, "lambd", low=0.0)

    @property
    def params(self):
        return {"lambd": self.lambd}

    def _forward(self, x):
        return np.multiply(x, np.abs(x) > self.lambd, dtype=x.dtype)

    def _derivative(self, x):
        return (np.abs(x) > self.lambd).astype(x.dtype)


class Softshrink(Activation):
    r"""Soft shrinkage x − clip(x, −λ, λ) (PyTorch ``nn.Softshrink(lambd=0.5)``).

    The proximal operator of λ|x| (soft thresholding, Donoho 1995): x − λ for x > λ,
    x + λ for x < −λ, 0 between.  Derivative 0 on [−λ, λ] (so 0 at ±λ, PyTorch's
    autograd) and 1 outside.
    """

    name, smooth = "soft_shrink", False
    latex = (r"f(x) = \begin{cases} x - \lambda & x > \lambda \\ 0 & |x| \le \lambda \\ "
             r"x + \lambda & x < -\lambda \end{cases}")

    def __init__(self, lambd: float = 0.5):
        self.lambd = check_number(lambd, "lambd", low=0.0)

    @property
    def params(self):
        return {"lambd": self.lambd}

    def _forward(self, x):
        c = np.clip(x, -self.lambd, self.lambd)
        return np.subtract(x, c, out=c)

    def _derivative(self, x):
        return (np.abs(x) > self.lambd).astype(x.dtype)


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
        self.alpha = check_number(alpha, "alpha", low=0.0, low_open=True)

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
    try:
        return cls(**params)
    except TypeError as exc:
        if any(m in str(exc) for m in ("unexpected keyword", "positional", "takes no arguments")):
            import inspect

            accepted = ([] if cls.__init__ is object.__init__ else
                        [p for p in inspect.signature(cls.__init__).parameters if p != "self"])
            raise TypeError(
                f"activation {key!r} accepts parameters {accepted or 'none'}, got {sorted(params)}"
            ) from None
        raise
