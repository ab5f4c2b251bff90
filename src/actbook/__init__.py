"""actbook: the helper package of the open textbook *Activation functions in neural networks*.

Modules (each small enough to read in one sitting):

- :mod:`actbook.activations` — activation objects: value, derivative, parameter gradients
- :mod:`actbook.losses` — softmax, log-softmax, cross-entropy, BCE, squared error
- :mod:`actbook.init` — zeros, constant, normal, Xavier/Glorot, He/Kaiming, LeCun
- :mod:`actbook.nets` — Dense, Activate, Dropout, BatchNorm, Residual, Sequential, ``mlp``
- :mod:`actbook.train` — mini-batch SGD with a recorded history
- :mod:`actbook.gradcheck` — finite-difference checks
- :mod:`actbook.datasets` — XOR, moons, circles, spirals, parity, digits
- :mod:`actbook.checks` — exercise feedback

One module per chapter's experiments (named after the idea): ``nonlinearity`` (ch. 1),
``cost`` (2), ``dying`` (3), ``properties`` (4), ``gradflow`` (5), ``regions`` (6),
``calibration`` (7), ``propagation`` (8), ``ensemble`` (9), ``normalization`` (10),
``factcheck`` (appendix A).
- :mod:`actbook.plots`, :mod:`actbook.explorers` — figure style and the chapters' ipywidgets explorers
  (imported on demand: they need matplotlib / ipywidgets)
"""

from . import activations, checks, datasets, gradcheck, init, losses, nets, train

__version__ = "0.1.0"
__all__ = ["activations", "checks", "datasets", "gradcheck", "init", "losses", "nets", "train"]
