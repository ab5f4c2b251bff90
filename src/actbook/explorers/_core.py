"""The machinery every chapter explorer shares: controls, one figure, two renderings.

An :class:`Explorer` is three functions and a list of :class:`Control` s:

* ``update(**data, **values)`` — pure: from the chapter's data and the control values to
  what the figure needs (the chapter modules' tested ``explorer_*`` functions);
* ``build(fig)`` — draws the figure's fixed parts once and returns its artists;
* ``draw(artists, result, values)`` — moves those artists to a new result, in place.

Calling the explorer, ``explorer(**data)``, returns its widget.  Two renderings:

* **live** (a kernel is running): the controls call ``update`` + ``draw``, and the figure,
  saved as a small PNG from the off-screen Agg canvas, replaces the value of one
  ``widgets.Image``.  No ``Output`` widget, no inline backend and no notebook global is
  involved, so nothing a later cell rebinds can break the explorer;
* **static** (the HTML book; the build sets ``ACTBOOK_STATIC_EXPLORERS=1``): every
  combination of the controls' ``grid`` values is rendered once, the frames go into nested
  ``widgets.Stack`` s, and ``widgets.jslink`` ties each control's ``index`` to its stacks'
  ``selected_index``, so the controls switch frames in the browser without a kernel.
"""

from __future__ import annotations

import html
import io
import itertools
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

__all__ = ["Control", "Explorer", "Frame", "STATIC_ENV", "static_mode"]

#: Environment variable that makes explorers render their precomputed (kernel-free) version.
STATIC_ENV = "ACTBOOK_STATIC_EXPLORERS"
_KINDS = ("slider", "dropdown", "multi")
_PNG_CACHE = 512  # live frames kept per widget (a few MB at most)


def static_mode() -> bool:
    """True when ``$ACTBOOK_STATIC_EXPLORERS`` is set to 1/true/yes (the book build sets it)."""
    return os.environ.get(STATIC_ENV, "").strip().lower() in ("1", "true", "yes")


def _label(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(_label(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


@dataclass(frozen=True)
class Control:
    """One control of an explorer: a finite list of values, a default and the book's grid.

    ``kind`` is ``"slider"`` (a ``SelectionSlider``), ``"dropdown"`` or ``"multi"`` (a
    ``SelectMultiple``; its values are tuples).  ``grid`` lists the values precomputed for
    the kernel-free version (default: all ``options``); it must contain ``value``.
    ``labels`` optionally names the options (e.g. ``"0 (hardmax)"``).
    """

    name: str
    description: str
    options: tuple
    value: Any
    kind: str = "slider"
    grid: tuple | None = None
    labels: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {self.kind!r}")
        if self.kind != "multi" and self.value not in self.options:
            raise ValueError(f"{self.name}: default {self.value!r} is not one of its options")
        if self.kind == "multi" and not set(self.value) <= set(self.options):
            raise ValueError(f"{self.name}: default {self.value!r} is not a subset of its options")
        if self.value not in self.grid_values():
            raise ValueError(f"{self.name}: the grid must contain the default {self.value!r}")

    def grid_values(self) -> tuple:
        """The values the kernel-free version precomputes."""
        return tuple(self.options if self.grid is None else self.grid)

    def label(self, value: Any) -> str:
        return self.labels.get(value, _label(value))

    def check(self, value: Any) -> Any:
        """``value`` if the control can take it, else ValueError naming the control."""
        if self.kind == "multi":
            value = tuple(value) if isinstance(value, (list, tuple)) else value
            if not isinstance(value, tuple) or not set(value) <= set(self.options):
                raise ValueError(f"{self.name} must be a tuple of values from {self.options}, got {value!r}")
            return value
        if value not in self.options:
            raise ValueError(f"{self.name} must be one of {self.options}, got {value!r}")
        return value

    def widget(self, static: bool = False):
        """The ipywidget of this control (static: only the grid values, and never ``multi``)."""
        import ipywidgets as widgets

        values = self.grid_values() if static else self.options
        pairs = [(self.label(v), v) for v in values]
        style = {"description_width": "initial"}
        if self.kind == "multi" and not static:
            return widgets.SelectMultiple(options=pairs, value=self.value, rows=min(6, len(pairs)),
                                          description=self.description, style=style)
        if self.kind == "slider":
            return widgets.SelectionSlider(options=pairs, value=self.value, description=self.description,
                                           continuous_update=False, style=style)
        return widgets.Dropdown(options=pairs, value=self.value, description=self.description, style=style)


def _png(fig, static: bool) -> bytes:
    """PNG bytes of ``fig`` drawn on its Agg canvas.

    Live frames use fast zlib (level 1); static frames are quantised to a small palette and
    compressed hard, because the book stores dozens of them in one page.
    """
    from PIL import Image

    fig.canvas.draw()
    rgba = fig.canvas.buffer_rgba()
    img = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    if static:
        img.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            buf, format="png", optimize=True)
    else:
        img.save(buf, format="png", compress_level=1)
    return buf.getvalue()


class Explorer:
    """One chapter's explorer (see the module docstring).

    Parameters: ``name`` (shown in errors), ``controls``, the three functions ``update``,
    ``build`` and ``draw``, ``requires`` (names of the chapter data ``update`` takes, passed as
    keywords when the explorer is called), ``figsize``/``dpi`` of its figure, ``cache``
    (remember results of visited settings: for explorers that train a network) and ``note``
    (one line shown under the figure).
    """

    def __init__(self, name: str, controls: Sequence[Control], update: Callable[..., Any],
                 build: Callable[[Any], Any], draw: Callable[[Any, Any, dict], None], *,
                 requires: Sequence[str] = (), figsize: tuple[float, float] = (6.4, 3.6), dpi: int = 72,
                 cache: bool = False, precompute: bool = False, note: str = "",
                 check_data: Callable[..., dict] | None = None,
                 controls_from: Callable[[dict], Sequence[Control]] | None = None) -> None:
        self.name = name
        self.controls = tuple(controls)
        self._controls_from = controls_from
        self.precompute = precompute
        self._update, self._build, self._draw = update, build, draw
        self.requires = tuple(requires)
        self.figsize, self.dpi, self.cache, self.note = figsize, dpi, cache, note
        self._check_data = check_data

    # ------------------------------------------------------------------ pure parts
    def controls_for(self, data: dict | None = None) -> tuple[Control, ...]:
        """The controls for the chapter's ``data`` (most explorers: always the same)."""
        if self._controls_from is None:
            return self.controls
        return tuple(self._controls_from(self.data(**(data or {}))))

    def defaults(self, data: dict | None = None) -> dict[str, Any]:
        """The controls' default values."""
        return {c.name: c.value for c in self.controls_for(data)}

    def values(self, data: dict | None = None, **values: Any) -> dict[str, Any]:
        """Defaults overridden by ``values``, each checked against its control."""
        known = {c.name: c for c in self.controls_for(data)}
        unknown = set(values) - set(known)
        if unknown:
            raise TypeError(f"{self.name}: unknown control(s) {sorted(unknown)}; controls are {list(known)}")
        out = self.defaults(data)
        out.update({k: known[k].check(v) for k, v in values.items()})
        return out

    def data(self, **data: Any) -> dict[str, Any]:
        """The chapter data ``update`` needs, checked (TypeError if one is missing or unknown)."""
        missing = [k for k in self.requires if k not in data]
        extra = [k for k in data if k not in self.requires]
        if missing or extra:
            need = ", ".join(self.requires) or "no data"
            raise TypeError(f"{self.name} takes {need}; missing {missing}, unknown {extra}")
        return self._check_data(**data) if self._check_data else dict(data)

    def update(self, data: dict | None = None, **values: Any) -> Any:
        """The pure update: what the figure needs for ``values`` (defaults for the others)."""
        return self._update(**self.data(**(data or {})), **self.values(data, **values))

    # ------------------------------------------------------------------ figure
    def figure(self) -> "Frame":
        """A new figure with its fixed parts drawn; ``Frame.render`` updates it in place."""
        return Frame(self)

    # ------------------------------------------------------------------ widgets
    def __call__(self, *, static: bool | None = None, **data: Any):
        """The explorer's widget: live, or precomputed frames when ``static`` (default: the env var)."""
        if static is not None and not isinstance(static, bool):
            raise TypeError(f"static must be True, False or None (the environment decides), got {static!r}")
        d = self.data(**data)
        if static is None:
            static = static_mode()
        return self.static_widget(d) if static else self.live_widget(d)

    def live_widget(self, data: dict):
        """Controls + one ``widgets.Image`` that every change redraws (state lives in the widget)."""
        import ipywidgets as widgets

        frame = self.figure()
        memo: dict = {}
        pngs: dict = {}  # frames drawn so far (oldest dropped first)
        if self.cache and self.precompute:  # every grid setting now: moving a control only redraws
            for values in self.grid(data):
                memo[tuple(values.items())] = self._update(**data, **values)
        controls = {c.name: c.widget() for c in self.controls_for(data)}
        image = widgets.Image(format="png")
        image.add_class("actbook-explorer-image")
        status = widgets.HTML("")

        def refresh(change: Any = None) -> None:
            values = {k: (tuple(w.value) if isinstance(w.value, list) else w.value)
                      for k, w in controls.items()}
            key = tuple(values.items())
            try:
                if key in pngs:  # a setting already drawn: its frame, at once
                    image.value = pngs[key]
                    status.value = ""
                    return
                result = memo.get(key) if key in memo else self._update(**data, **values)
                if self.cache:
                    memo[key] = result
                image.value = pngs[key] = frame.render(result, values)
                if len(pngs) > _PNG_CACHE:
                    pngs.pop(next(iter(pngs)))
                status.value = ""
            except Exception as exc:  # shown to the reader instead of a silent dead widget
                status.value = (f"<span class='actbook-explorer-error' style='color:#D55E00'>"
                                f"{html.escape(self.name)}: {html.escape(type(exc).__name__)}: "
                                f"{html.escape(str(exc))}</span>")

        for w in controls.values():
            w.observe(refresh, names="value")
        refresh()
        parts = [_control_box(list(controls.values())), image, status]
        if self.note:
            parts.append(widgets.HTML(_small(html.escape(self.note))))
        box = widgets.VBox(parts)
        box.add_class("actbook-explorer")
        box.add_class("actbook-explorer-live")
        box.controls, box.image, box.status, box.refresh, box.frame = controls, image, status, refresh, frame
        return box

    def grid(self, data: dict | None = None) -> list[dict[str, Any]]:
        """Every combination of the controls' grid values, in the order of the frames."""
        cs = self.controls_for(data)
        return [dict(zip([c.name for c in cs], combo)) for combo in itertools.product(*(c.grid_values() for c in cs))]

    def static_widget(self, data: dict):
        """Nested ``Stack`` s of precomputed frames, switched client-side by jslinked controls."""
        import ipywidgets as widgets

        frame = self.figure()
        cs = self.controls_for(data)
        varying = [c for c in cs if len(c.grid_values()) > 1]
        fixed = {c.name: c.grid_values()[0] for c in cs if len(c.grid_values()) == 1}
        stacks: list[list[Any]] = [[] for _ in varying]
        frames: list[bytes] = []

        def build(level: int, values: dict):
            if level == len(varying):
                png = frame.render(self._update(**data, **values), values, static=True)
                frames.append(png)
                img = widgets.Image(value=png, format="png")
                img.add_class("actbook-explorer-image")
                return img
            c = varying[level]
            kids = [build(level + 1, {**values, c.name: v}) for v in c.grid_values()]
            st = widgets.Stack(kids, selected_index=c.grid_values().index(c.value))
            stacks[level].append(st)
            return st

        view = build(0, dict(fixed))
        controls = {c.name: c.widget(static=True) for c in varying}
        links = [widgets.jslink((controls[c.name], "index"), (st, "selected_index"))
                 for c, level in zip(varying, stacks) for st in level]
        total = sum(len(f) for f in frames)
        parts = [_control_box(list(controls.values())), view,
                 widgets.HTML(_small(self.precomputed_note(cs, len(frames), total)))]
        box = widgets.VBox(parts)
        box.add_class("actbook-explorer")
        box.add_class("actbook-explorer-static")
        box.controls, box.frames, box.links, box.stacks = controls, frames, links, stacks
        return box

    def precomputed_note(self, controls: Sequence[Control], n_frames: int, n_bytes: int) -> str:
        """The sentence under a static explorer: which settings are precomputed."""
        parts = []
        for c in controls:
            g = c.grid_values()
            if len(g) > 1:
                parts.append(f"{html.escape(c.description)} ∈ {{{html.escape('; '.join(c.label(v) for v in g))}}}")
            else:
                parts.append(f"{html.escape(c.description)} = {html.escape(c.label(g[0]))}")
        return (f"Precomputed for the book ({n_frames} frames, {n_bytes / 1e3:.0f} kB): "
                + ", ".join(parts) + ". Run the notebook to explore every setting."
                + (f" {html.escape(self.note)}" if self.note else ""))


def _small(text: str) -> str:
    return f"<div style='font-size:0.8em;line-height:1.35;max-width:46em'>{text}</div>"


def _control_box(ws: list):
    import ipywidgets as widgets

    return widgets.HBox(ws, layout=widgets.Layout(flex_flow="row wrap"))


class Frame:
    """An explorer's figure: built once, then ``render(result, values)`` moves its artists.

    Uses ``matplotlib.figure.Figure`` with an Agg canvas (never ``pyplot``), so nothing is
    shown by the notebook's inline backend and the figure is never closed behind our back.
    The first render lays the figure out (constrained layout); later renders keep that layout.
    """

    def __init__(self, explorer: Explorer) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=explorer.figsize, dpi=explorer.dpi, layout="constrained")
        FigureCanvasAgg(self.fig)
        self.artists = explorer._build(self.fig)
        self._draw = explorer._draw
        self.renders = 0

    def render(self, result: Any, values: dict, static: bool = False) -> bytes:
        self._draw(self.artists, result, values)
        png = _png(self.fig, static)
        if self.renders == 0:
            self.fig.set_layout_engine("none")  # later drawings keep the first layout: faster
        self.renders += 1
        return png
