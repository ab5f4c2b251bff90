"""Interactive explorers of the chapters: one object each, live in a kernel, precomputed in the book.

Each chapter's explorer cell is one call, e.g. ``explorers.decision_regions()`` or
``explorers.dead_units(X=X, y=y)``; it returns an ipywidgets box.  With a kernel the
controls drive the explorer's pure update function and redraw one figure in place
(a small PNG in a ``widgets.Image``).  When ``$ACTBOOK_STATIC_EXPLORERS`` is ``1`` (the
HTML book build sets it) the same call renders the figure on a small grid of control
values and switches between the frames in the browser (``Stack`` + ``jslink``), so the
book's explorers move without a kernel.  See :mod:`actbook.explorers._core`.

Explorers (chapter): ``decision_regions`` (1), ``saturation`` (2), ``dead_units`` (3),
``smooth_beta`` (4), ``gradient_flow`` (5), ``linear_regions`` (6), ``softmax_temperature``
(7), ``init_propagation`` (8), ``dropout_curves`` (9), ``batch_norm`` (10).
"""

from ._chapters import (batch_norm, dead_units, decision_regions, draw_bn_curves, dropout_curves,
                        gradient_flow, init_propagation, linear_regions, saturation, smooth_beta,
                        softmax_temperature)
from ._core import STATIC_ENV, Control, Explorer, Frame, static_mode

#: chapter number -> explorer
BY_CHAPTER = {1: decision_regions, 2: saturation, 3: dead_units, 4: smooth_beta, 5: gradient_flow,
              6: linear_regions, 7: softmax_temperature, 8: init_propagation, 9: dropout_curves,
              10: batch_norm}

__all__ = ["Control", "Explorer", "Frame", "STATIC_ENV", "static_mode", "BY_CHAPTER", "decision_regions",
           "saturation", "dead_units", "smooth_beta", "gradient_flow", "linear_regions",
           "softmax_temperature", "init_propagation", "dropout_curves", "batch_norm", "draw_bn_curves"]
