r"""A minimal multilayer perceptron with explicit forward and backward passes.

A network is a :class:`Sequential` list of layers.  Every layer has

* ``forward(x, training=False)`` — computes and caches what backward needs;
* ``backward(grad)`` — takes dL/d(output), stores parameter gradients in
  ``layer.grads`` and returns dL/d(input);
* ``params`` / ``grads`` — dicts of arrays with the same keys (possibly empty).

Rows are examples: a :class:`Dense` layer computes :math:`z = xW + b` with
``W`` of shape ``(n_in, n_out)``.  :func:`mlp` builds the usual
Dense → [BatchNorm] → activation → [Dropout] stack.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

from . import activations as _act
from . import init as _init
from ._validate import (MAX_ELEMENTS, as_float_array, check_bool, check_int, check_number,
                        check_probability, check_size, make_rng)

__all__ = ["Layer", "Dense", "Activate", "Dropout", "BatchNorm", "Residual", "Sequential", "mlp", "default_init"]


class Layer:
    """Base layer: no parameters, identity forward and backward."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return x

    def backward(self, grad: np.ndarray) -> np.ndarray:
        return grad

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Affine layer z = x W + b, W of shape (n_in, n_out)."""

    def __init__(self, n_in: int, n_out: int, init: Any = "xavier_normal", rng: Any = 0, bias: bool = True):
        super().__init__()
        n_in = check_int(n_in, "n_in", low=1)
        n_out = check_int(n_out, "n_out", low=1)
        check_size(n_in * n_out, "n_in * n_out")
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        W = np.asarray(_init.get(init)(n_in, n_out, make_rng(rng)), dtype=np.float64)
        if W.shape != (n_in, n_out):
            raise ValueError(f"init must return shape {(n_in, n_out)}, got {W.shape}")
        if not np.all(np.isfinite(W)):
            raise ValueError("init must return finite weights (no NaN or inf)")
        self.params = {"W": W}
        if bias:
            self.params["b"] = np.zeros(n_out)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.x: np.ndarray | None = None

    @property
    def W(self) -> np.ndarray:
        return self.params["W"]

    @property
    def b(self) -> np.ndarray | None:
        return self.params.get("b")

    def forward(self, x, training=False):
        self.x = x
        z = x @ self.params["W"]
        if "b" in self.params:
            z += self.params["b"]
        return z

    def backward(self, grad, input_grad: bool = True):
        """Store dL/dW (and dL/db); return dL/dx, or None with ``input_grad=False``."""
        if self.x is None:
            raise RuntimeError("Dense.backward was called before forward: run forward(x) first")
        self.grads["W"] = self.x.T @ grad
        if "b" in self.params:
            self.grads["b"] = grad.sum(axis=0)
        return grad @ self.params["W"].T if input_grad else None

    def __repr__(self):
        return f"Dense({self.W.shape[0]}, {self.W.shape[1]})"


class Activate(Layer):
    """Applies an activation; caches its input ``z`` (pre-activation) and output ``a``."""

    def __init__(self, activation: Any = "relu", **params: Any):
        super().__init__()
        if not isinstance(activation, (str, _act.Activation)):
            raise TypeError(f"activation must be an activation name (e.g. 'relu') or an Activation, "
                            f"got {type(activation).__name__}")
        self.act = _act.get(activation, **params)
        self.z: np.ndarray | None = None
        self.a: np.ndarray | None = None
        for name in self.act.learnable:
            self.params[name] = getattr(self.act, name)
            self.grads[name] = np.zeros_like(self.params[name])

    def forward(self, x, training=False):
        if isinstance(self.act, _act.RReLU):
            self.act.training = bool(training)
        self.z = x
        self.a = self.act._forward(x)
        return self.a

    def backward(self, grad):
        if self.z is None:
            raise RuntimeError("Activate.backward was called before forward: run forward(x) first")
        for name, g in self.act.param_grad(self.z, grad).items():
            self.grads[name] = g
        if self.act.elementwise:
            return grad * self.act._derivative(self.z)
        return self.act.backward(self.z, grad)

    def __repr__(self):
        return f"Activate({self.act!r})"


class Dropout(Layer):
    """Inverted dropout: in training keep each unit with probability 1 - p and scale by 1/(1 - p).

    In evaluation it is the identity, so E[output] is the same in both modes.
    Set ``reuse_mask = True`` to keep the last mask (for gradient checks).
    """

    def __init__(self, p: float = 0.5, rng: Any = 0):
        super().__init__()
        self.p = check_probability(p, "p")
        self.rng = make_rng(rng)
        self.mask: np.ndarray | None = None
        self.reuse_mask = False

    def forward(self, x, training=False):
        if not training or self.p == 0.0:
            self.mask = None
            return x
        if not (self.reuse_mask and self.mask is not None and self.mask.shape == x.shape):
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, grad):
        return grad if self.mask is None else grad * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p})"


class BatchNorm(Layer):
    r"""Batch normalisation over the rows (Ioffe & Szegedy 2015).

    Training: :math:`\hat x = (x - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}`, :math:`y = \gamma \hat x + \beta`
    with the batch mean and (biased) variance; the running averages are updated as
    ``running = (1 - momentum)·running + momentum·batch`` (the running variance uses the
    unbiased batch variance, as PyTorch does).  Evaluation uses the running statistics.
    """

    def __init__(self, n: int, momentum: float = 0.1, eps: float = 1e-5):
        super().__init__()
        n = check_int(n, "n", low=1)
        self.momentum = check_number(momentum, "momentum", low=0.0, high=1.0)
        self.eps = check_number(eps, "eps", low=0.0, low_open=True)
        self.params = {"gamma": np.ones(n), "beta": np.zeros(n)}
        self.grads = {"gamma": np.zeros(n), "beta": np.zeros(n)}
        self.running_mean = np.zeros(n)
        self.running_var = np.ones(n)
        self._cache: tuple | None = None

    def forward(self, x, training=False):
        if training:
            if x.shape[0] < 2:
                raise ValueError("BatchNorm needs a batch of at least 2 rows in training mode")
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            m = self.momentum
            n = x.shape[0]
            self.running_mean = (1 - m) * self.running_mean + m * mu
            self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mu, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        xhat = (x - mu) * inv_std
        self._cache = (xhat, inv_std, training)
        return self.params["gamma"] * xhat + self.params["beta"]

    def backward(self, grad):
        if self._cache is None:
            raise RuntimeError("BatchNorm.backward was called before forward: run forward(x) first")
        xhat, inv_std, training = self._cache
        self.grads["gamma"] = (grad * xhat).sum(axis=0)
        self.grads["beta"] = grad.sum(axis=0)
        dxhat = grad * self.params["gamma"]
        if not training:
            return dxhat * inv_std
        n = grad.shape[0]
        return inv_std / n * (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))

    def __repr__(self):
        return f"BatchNorm({self.params['gamma'].shape[0]})"


class Sequential(Layer):
    """Layers applied in order; parameters are collected from all of them."""

    def __init__(self, layers: Iterable[Layer]):
        super().__init__()
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise TypeError(f"layers must be an iterable of Layer objects, got {type(layers).__name__}")
        self.layers = list(layers)
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{i}] must be a Layer, got {type(layer).__name__}")

    def forward(self, x, training=False):
        for layer in self.layers:
            x = layer.forward(x, training)
        return x

    def __call__(self, x: Any, training: bool = False) -> np.ndarray:
        """Validated forward pass on any array-like of shape (rows, n_in)."""
        a = as_float_array(x, "x", finite=True)
        if a.ndim == 1:
            a = a[None, :]
        first = self.dense_layers[0] if self.dense_layers else None
        if a.ndim != 2 or (first is not None and a.shape[1] != first.W.shape[0]):
            want = first.W.shape[0] if first is not None else "n_in"
            raise ValueError(f"x must have shape (rows, {want}), got {np.shape(x)}")
        return self.forward(a.astype(np.float64, copy=False), training)

    def backward(self, grad, input_grad: bool = True):
        """Back-propagate dL/d(output) through every layer; return dL/d(input).

        With ``input_grad=False`` (what training uses) the gradient with respect to the
        network's input is not needed: a first :class:`Dense` layer then skips that
        matrix product (the parameter gradients are the same) and None is returned.
        """
        layers = self.layers
        for i in range(len(layers) - 1, -1, -1):
            if i == 0 and not input_grad and type(layers[0]) is Dense:
                layers[0].backward(grad, input_grad=False)
                return None
            grad = layers[i].backward(grad)
        return grad if input_grad else None

    def parameters(self) -> list[tuple[Layer, str]]:
        """(layer, name) for every parameter array, in forward order (nested too)."""
        out = []
        for layer in self.layers:
            if isinstance(layer, (Sequential, Residual)):
                out.extend(layer.parameters())
            else:
                out.extend((layer, k) for k in layer.params)
        return out

    def _walk(self) -> list[Layer]:
        out = []
        for layer in self.layers:
            if isinstance(layer, (Sequential, Residual)):
                out.extend(layer._walk())
            else:
                out.append(layer)
        return out

    @property
    def dense_layers(self) -> list[Dense]:
        return [l for l in self._walk() if isinstance(l, Dense)]

    @property
    def activation_layers(self) -> list[Activate]:
        return [l for l in self._walk() if isinstance(l, Activate)]

    @property
    def preactivations(self) -> list[np.ndarray]:
        """Cached inputs z of every activation layer, from the last forward pass."""
        return [l.z for l in self.activation_layers]

    @property
    def activations(self) -> list[np.ndarray]:
        """Cached outputs a of every activation layer, from the last forward pass."""
        return [l.a for l in self.activation_layers]

    def grad_norms(self, which: str = "W") -> np.ndarray:
        """Frobenius norm of dL/dW (or dL/db with ``which='b'``) of each Dense layer, input first."""
        if which not in ("W", "b"):
            raise ValueError(f"which must be 'W' or 'b', got {which!r}")
        return np.array([np.linalg.norm(l.grads[which]) if which in l.grads else 0.0
                         for l in self.dense_layers])

    def n_params(self) -> int:
        return int(sum(layer.params[k].size for layer, k in self.parameters()))

    def __repr__(self):
        inner = ",\n  ".join(repr(l) for l in self.layers)
        return f"Sequential(\n  {inner}\n)"


class Residual(Sequential):
    """A skip connection around a block: y = x + block(x)."""

    def forward(self, x, training=False):
        return x + super().forward(x, training)

    def backward(self, grad):
        return grad + super().backward(grad)


def default_init(activation: Any) -> str:
    """He for the ReLU family, LeCun for SELU, Xavier otherwise."""
    if not isinstance(activation, (str, _act.Activation)):
        raise TypeError(f"activation must be an activation name or an Activation, got {type(activation).__name__}")
    name = activation.name if isinstance(activation, _act.Activation) else str(activation).lower()
    if name in ("relu", "leaky_relu", "prelu", "rrelu", "elu", "maxout"):
        return "he_normal"
    if name == "selu":
        return "lecun_normal"
    return "xavier_normal"


def mlp(
    sizes: Sequence[int],
    activation: Any = "relu",
    output_activation: Any = None,
    init: Any = "auto",
    seed: Any = 0,
    dropout: float = 0.0,
    batchnorm: bool = False,
    **act_params: Any,
) -> Sequential:
    """Build Dense → [BatchNorm] → activation → [Dropout] for each hidden layer, then a Dense output.

    ``sizes`` = [n_in, h_1, ..., n_out].  ``activation`` is a name/object used in every
    hidden layer, or a list with one per hidden layer.  ``init='auto'`` picks
    :func:`default_init` of the activation.  The output layer is linear unless
    ``output_activation`` is given (losses take logits, so usually leave it None).
    With ``batchnorm=True`` the Dense layers that feed a BatchNorm have no bias.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError("sizes must be a sequence of layer widths such as [2, 16, 1]")
    sizes = [check_int(s, f"sizes[{i}]", low=1) for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes must have at least 2 entries (n_in, n_out), got {sizes}")
    n_hidden = len(sizes) - 2
    check_size(sum(a * b for a, b in zip(sizes[:-1], sizes[1:])), "sizes (weights of all layers)")
    acts = list(activation) if isinstance(activation, (list, tuple)) else [activation] * n_hidden
    if len(acts) != n_hidden:
        raise ValueError(f"activation list must have {n_hidden} entries (one per hidden layer), got {len(acts)}")
    for i, act in enumerate(acts):
        if not isinstance(act, (str, _act.Activation)):
            where = f"activation[{i}]" if isinstance(activation, (list, tuple)) else "activation"
            raise TypeError(f"{where} must be an activation name (e.g. 'relu') or an Activation, "
                            f"got {type(act).__name__}")
    if not isinstance(activation, (list, tuple, str, _act.Activation)):
        raise TypeError("activation must be an activation name (e.g. 'relu'), an Activation or a list "
                        f"of them, got {type(activation).__name__}")
    if isinstance(activation, str) and n_hidden == 0:
        _act.get(activation, **act_params)  # unused without hidden layers, but a typo is still an error
    if output_activation is not None and not isinstance(output_activation, (str, _act.Activation)):
        raise TypeError("output_activation must be None, an activation name or an Activation, "
                        f"got {type(output_activation).__name__}")
    p = check_probability(dropout, "dropout")
    if not isinstance(batchnorm, bool):
        raise TypeError(f"batchnorm must be True or False, got {batchnorm!r}")
    rng = make_rng(seed, "seed")
    layers: list[Layer] = []
    for i, act in enumerate(acts):
        params = act_params
        if isinstance(act, str) and act.lower() == "rrelu" and "rng" not in act_params:
            # each RReLU layer draws its slopes from its own child of ``seed``
            # (spawning does not advance rng, so the weights are as without RReLU)
            params = {**act_params, "rng": rng.spawn(1)[0]}
        a = _act.get(act, **params) if not isinstance(act, _act.Activation) else act
        k = a.k if isinstance(a, _act.Maxout) else 1
        # A bias before batch norm is redundant (BN subtracts the mean; β plays its part).
        layers.append(Dense(sizes[i], sizes[i + 1] * k, default_init(a) if init == "auto" else init, rng,
                            bias=not batchnorm))
        if batchnorm:
            layers.append(BatchNorm(sizes[i + 1] * k))
        layers.append(Activate(a))
        if p > 0:
            layers.append(Dropout(p, rng))
    out_init = "xavier_normal" if init == "auto" else init
    layers.append(Dense(sizes[-2], sizes[-1], out_init, rng))
    if output_activation is not None:
        layers.append(Activate(output_activation))
    return Sequential(layers)
