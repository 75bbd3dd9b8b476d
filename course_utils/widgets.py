"""The machinery behind every slider demo.

A demo is three layers (see STYLE.md): numbers, a static ``plot_*`` figure,
and a thin widget. This module is the widget layer's toolkit:

* :class:`LiveFigure` holds one matplotlib figure, created once, and sends a
  new PNG frame into an ``ipywidgets.Image`` after the artists were updated.
  Under the inline backend (JupyterLab's default and Colab's) an in-place
  change shows nothing until a new picture is sent; rendering one reused
  figure into an Image widget is the cheapest way to send it that works on
  ipywidgets 7.7 and 8 alike.
* :class:`SliderDemo` wires controls to an ``update(**values)`` function,
  redraws on every change, and shows any error *inside the demo* (in a
  browser, an exception in a widget callback otherwise only reaches the log
  console, and the student sees a frozen plot).

Only the API common to ipywidgets 7.7 and 8 is used.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from . import _validate as v

__all__ = [
    "LiveFigure",
    "SliderDemo",
    "Readout",
    "slider",
    "dropdown",
    "drive",
    "axes_or_new",
    "frame_below_animation",
    "scratch_axes",
    "blit_mismatch",
    "BLUE",
    "ORANGE",
    "SIGN_CMAP",
    "MAP_CMAP",
]

#: The course's two colours (docs/notation.md, as TensorFlow Playground's):
#: blue = positive and class 1, orange = negative and class 0.
BLUE, ORANGE = "#0877bd", "#f59322"
#: Orange (negative) through white (0) to blue (positive): weights, node values, signed maps.
SIGN_CMAP = LinearSegmentedColormap.from_list("course_sign", [ORANGE, "#f7f7f7", BLUE])
#: The softer version for a classifier's probability map, class 0 (orange) to class 1 (blue).
MAP_CMAP = LinearSegmentedColormap.from_list("course_map", ["#f3a257", "#fbfbfb", "#5a9fd4"])


def axes_or_new(ax=None, *, figsize: tuple[float, float] = (6.0, 4.0), nrows: int = 1, ncols: int = 1,
                **subplot_kw: Any):
    """The axes a ``plot_*`` function draws on: ``ax`` if given, else new ones.

    For one panel ``ax`` is a matplotlib Axes; for several (``nrows * ncols``
    > 1) it is that many Axes (a list, or what ``fig.subplots`` returns), and
    a list comes back. New axes belong to a fresh
    ``matplotlib.figure.Figure`` (not pyplot), so nothing is shown twice in a
    notebook; a function then returns ``ax.figure`` (or ``axes[0].figure``).
    """
    count = v.as_int(nrows, "nrows", low=1) * v.as_int(ncols, "ncols", low=1)
    if ax is None:
        figsize = v.figsize(figsize)
        axes = Figure(figsize=figsize).subplots(nrows, ncols, **subplot_kw)
        return list(np.ravel(axes)) if count > 1 else axes
    if count == 1:
        return v.axes(ax)
    if isinstance(ax, np.ndarray):
        ax = list(ax.ravel())
    if not isinstance(ax, (list, tuple)) or len(ax) != count:
        raise TypeError(
            f"ax should be {count} matplotlib Axes, such as fig.subplots({nrows}, {ncols}) "
            f"(or None for a new figure), but it is {v.describe(ax)}."
        )
    for k, one in enumerate(ax):
        v.axes(one, f"ax[{k}]")
    return list(ax)


def frame_below_animation(ax, zorder: float = 1.5) -> None:
    """Draw an axes' frame (spines) and legend below the artists a demo animates.

    A blitted frame paints the animated artists over a saved background, so
    whatever a full draw would paint *above* them (spines and legends normally
    are) ends up below them. Lowering these few static artists makes every
    frame equal a full redraw without redrawing them each time.
    """
    v.axes(ax)
    zorder = v.as_number(zorder, "zorder")
    for spine in ax.spines.values():
        spine.set_zorder(zorder)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_zorder(zorder)


def scratch_axes():
    """Axes on a throwaway figure that is never shown.

    For a static ``plot_*`` that reuses a demo's drawing function but shows
    only some of the panels it draws: pass these axes for the panels to leave
    out, instead of adding and removing hidden axes on the real figure.
    """
    return Figure(figsize=(1, 1)).add_subplot()


class LiveFigure:
    """One figure, created once, whose frames are sent to an Image widget.

    Parameters
    ----------
    nrows, ncols : int
        Subplot grid, as in ``plt.subplots``.
    figsize : (float, float)
        Size in inches; the Image widget gets the matching fixed pixel size
        so the page does not jump between frames.
    dpi : int
        Pixels per inch of the frames (80 keeps a frame small and fast).
    cache_frames : bool
        Keep each frame under ``frame_key`` (set it in ``update``) and re-send
        it when the key comes back: for demos with a few discrete positions
        whose frames are costly to draw. :meth:`precompute` draws them all.
    **subplot_kw
        Passed to ``Figure.subplots`` (e.g. ``subplot_kw``, ``sharey``).
    """

    def __init__(
        self,
        nrows: int = 1,
        ncols: int = 1,
        *,
        figsize: tuple[float, float] = (6.0, 4.0),
        dpi: int = 80,
        cache_frames: bool = False,
        **subplot_kw: Any,
    ) -> None:
        nrows, ncols = v.as_int(nrows, "nrows", low=1), v.as_int(ncols, "ncols", low=1)
        figsize = v.figsize(figsize)
        dpi = v.as_int(dpi, "dpi", low=10)
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(nrows, ncols, squeeze=True, **subplot_kw)
        width, height = (int(round(s * dpi)) for s in figsize)
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{width}px", height=f"{height}px")
        )
        self.frames_sent = 0
        self.last_render_s = 0.0
        self._animated: list = []
        self._background = None
        self._background_key: object = None
        self._backgrounds: dict = {}
        self.cache_frames = bool(cache_frames)
        self.frame_key: Any = None
        self._frames: dict = {}

    def animate(self, *artists) -> None:
        """Mark the artists a slider changes, so frames redraw only them.

        Everything else (axes, ticks, labels, fixed points) is drawn once
        into a background that each frame restores: the blitting technique,
        several times faster than a full redraw. Call :meth:`invalidate`
        after changing anything that is not animated (e.g. axis limits).
        """
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        self._background = None

    def invalidate(self) -> None:
        """Redraw the background on the next frame."""
        self._background = None
        self._backgrounds.pop(self._background_key, None)

    def use_background(self, key) -> None:
        """Keep one background per ``key``, e.g. per choice of a dropdown.

        A choice that changes the fixed parts (curves, axis limits, ticks)
        would otherwise cost a full redraw on every switch. Call this after
        changing the fixed parts for ``key``: the first visit of a key draws
        in full once; a later visit restores its saved background and only
        blits. Precompute by visiting every key and calling :meth:`render`.
        """
        if key == self._background_key:
            return
        self._background_key = key
        self._background = self._backgrounds.get(key)

    def render(self) -> bytes:
        """Draw the figure and return it as PNG bytes (fast, low compression)."""
        if self.cache_frames and self.frame_key is not None:
            if self.frame_key not in self._frames:
                self._frames[self.frame_key] = _encode_png(self._draw()[..., :3])
            return self._frames[self.frame_key]
        return _encode_png(self._draw()[..., :3])

    def precompute(self, update: Callable[[Any], None], keys) -> None:
        """Draw the frame of every key now (``update(key)`` sets the artists and ``frame_key``)."""
        for key in keys:
            update(key)
            self.render()

    def full_draw(self) -> np.ndarray:
        """The RGBA pixels of a complete redraw, animated artists included (no blitting)."""
        for artist in self._animated:
            artist.set_animated(False)
        try:
            self.canvas.draw()
            return np.array(self.canvas.buffer_rgba())
        finally:
            for artist in self._animated:
                artist.set_animated(True)

    def _draw(self) -> np.ndarray:
        if not self._animated:
            self.canvas.draw()
        else:
            if self._background is None:
                self.canvas.draw()  # animated artists are left out of this
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
                if self._background_key is not None:
                    self._backgrounds[self._background_key] = self._background
            else:
                self.canvas.restore_region(self._background)
            # in z-order, as a full draw paints them (a stable sort keeps the given order on ties)
            for artist in sorted(self._animated, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())

    def send(self) -> None:
        """Render the current state and send it to the page as a new frame."""
        start = time.perf_counter()
        self.image.value = self.render()
        self.frames_sent += 1
        self.last_render_s = time.perf_counter() - start


def _encode_png(rgb: np.ndarray) -> bytes:
    """PNG-encode an (h, w, 3) uint8 image with fast compression."""
    import zlib

    height, width, _ = rgb.shape
    raw = np.empty((height, width * 3 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "none" on every row
    raw[:, 1:] = rgb.reshape(height, width * 3)
    body = zlib.compress(raw.tobytes(), 1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big")
            + kind
            + data
            + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def blit_mismatch(live: LiveFigure) -> float:
    """How far the blitted frame differs from a full redraw: the fraction of pixels that differ.

    0.0 means the frame a student sees is exactly the full picture. A larger
    value means something changed that was not marked with
    :meth:`LiveFigure.animate` (or a background is stale after a change that
    needed :meth:`LiveFigure.invalidate`): the student would see an old
    picture behind the new artists. Tests call this after every change.
    """
    v.instance(live, "live", LiveFigure, "a cu.widgets.LiveFigure")
    if live.cache_frames and live.frame_key is not None:
        live._frames.pop(live.frame_key, None)
    blitted = np.array(live._draw())
    full = live.full_draw()
    live._background = None
    live._backgrounds.clear()
    differ = np.abs(blitted[..., :3].astype(int) - full[..., :3].astype(int)).max(axis=-1) > 8
    return float(differ.mean())


class Readout(widgets.HTML):
    """The one text readout of a demo: HTML below the figure with a fixed height.

    ``readout.show("loss = 0.12")`` sets it; ``readout.table({"loss": 0.12,
    "epoch": 3})`` shows name/value pairs as a one-row table. Pass it to
    :class:`SliderDemo` as ``readout=``.
    """

    def __init__(self, lines: int = 1) -> None:
        lines = v.as_int(lines, "lines", low=1)
        super().__init__(value="", layout=widgets.Layout(min_height=f"{22 * lines + 2}px"))
        self.add_class("cu-readout")

    def show(self, text: str) -> None:
        """Show ``text`` (HTML allowed: the package writes it, not the student)."""
        self.value = str(text)

    def table(self, values: Mapping[str, Any], *, digits: int = 4) -> None:
        """Show name/value pairs as a one-row table; floats with ``digits`` significant digits."""
        if not isinstance(values, Mapping):
            raise TypeError(f"values should be a dict of name -> value, but it is {v.describe(values)}.")
        digits = v.as_int(digits, "digits", low=1)
        cells = []
        for name, value in values.items():
            shown = f"{value:.{digits}g}" if isinstance(value, float) else _html(str(value))
            cells.append(f"<td style='padding:0 10px 0 0'><b>{_html(str(name))}</b> = {shown}</td>")
        self.value = "<table><tr>" + "".join(cells) + "</tr></table>"


class SliderDemo(widgets.VBox):
    """Controls + output, redrawn by ``update(**values)`` on every change.

    Parameters
    ----------
    controls : mapping of name -> widget
        Each control's ``value`` is passed to ``update`` under its name.
    update : callable
        ``update(**values)`` changes the figure's artists (or text widgets);
        it should not create figures.
    figure : LiveFigure, optional
        Sent as a new frame after each update.
    readout : Readout, optional
        The demo's text readout, shown under the figure; ``update`` sets it.
    outputs : sequence of widgets, optional
        More widgets to show below the figure and readout.
    title : str, optional
        A heading shown above the controls.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.Widget],
        update: Callable[..., Any],
        *,
        figure: LiveFigure | None = None,
        readout: Readout | None = None,
        outputs: tuple[widgets.Widget, ...] = (),
        title: str | None = None,
    ) -> None:
        if not isinstance(controls, Mapping) or not all(
            isinstance(c, widgets.ValueWidget) for c in controls.values()
        ):
            raise TypeError(
                "controls should be a dict of name -> widget (e.g. {'w': cu.widgets.slider(...)}), "
                f"but it is {v.describe(controls)}."
            )
        v.function(update, "update")
        v.instance(figure, "figure", (LiveFigure, type(None)), "a cu.widgets.LiveFigure or None")
        v.instance(readout, "readout", (Readout, type(None)), "a cu.widgets.Readout or None")
        self.controls = dict(controls)
        self.readout = readout
        self.update = update
        self.live_figure = figure
        self.last_error: BaseException | None = None
        self.redraws = 0
        self._holding = False
        self.error_box = widgets.HTML(value="")
        self.error_box.add_class("cu-demo-error")
        parts: list[widgets.Widget] = []
        if title:
            parts.append(widgets.HTML(value=f"<b>{title}</b>"))
        parts.append(widgets.VBox(list(self.controls.values())))
        if figure is not None:
            parts.append(figure.image)
        if readout is not None:
            parts.append(readout)
        parts.extend(outputs)
        parts.append(self.error_box)
        super().__init__(parts)
        self.add_class("cu-demo")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self) -> None:
        """Run ``update`` with the current values and send the new frame.

        An error is shown inside the demo and kept in ``last_error``; it is not
        raised, because the browser would only log it where nobody looks.
        """
        try:
            self.update(**self.values)
            if self.live_figure is not None:
                self.live_figure.send()
        except Exception as exc:  # noqa: BLE001 - shown to the student instead
            self.last_error = exc
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.error_box.value = (
                '<div style="color:#b00020;font-weight:600">This demo hit an error: '
                f"{type(exc).__name__}: {_html(str(exc))} (in {where.name}, line {where.lineno}). "
                "Move the slider back, or rerun the cell.</div>"
            )
            return
        self.last_error = None
        if self.error_box.value:
            self.error_box.value = ""
        self.redraws += 1

    def set(self, **values: Any) -> None:
        """Change several controls at once with a single redraw."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"This demo has no control named {sorted(unknown)}; it has {sorted(self.controls)}.")
        # choices first: choosing (a sentence, a class) can change a slider's range
        order = sorted(values, key=lambda name: not hasattr(self.controls[name], "options"))
        with self.holding():
            for name in order:
                _set_control(name, self.controls[name], values[name])
        self.redraw()

    @contextlib.contextmanager
    def holding(self) -> Iterator[SliderDemo]:
        """Change controls (their values or ranges) inside this block without a redraw for each change.

        Nested blocks keep holding until the outermost one ends; the caller (or the
        control change that called it) redraws afterwards.
        """
        before = self._holding
        self._holding = True
        try:
            yield self
        finally:
            self._holding = before

    def _on_change(self, change: dict) -> None:
        if not self._holding:
            self.redraw()


def _set_control(name: str, control: widgets.ValueWidget, value: Any) -> None:
    """Set one control, turning the widget library's own error into a sentence."""
    try:
        control.value = value
    except traitlets.TraitError:
        options = getattr(control, "options", None)
        if options is not None:
            wanted = f"one of {list(getattr(control, '_options_labels', options))}"
        elif hasattr(control, "min"):
            wanted = f"a number from {control.min} to {control.max}"
        else:
            wanted = f"a value like {control.value!r}"
        raise TypeError(f"The control {name!r} takes {wanted}, not {v.describe(value)}.") from None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slider(
    description: str,
    min: float,
    max: float,
    step: float,
    value: float,
    *,
    readout_format: str | None = None,
    continuous_update: bool = True,
    width: str = "420px",
) -> widgets.Widget:
    """An ``IntSlider`` (all whole numbers) or ``FloatSlider`` with course defaults."""
    v.as_str(description, "description", allow_empty=True)
    lo, hi = v.as_number(min, "min"), v.as_number(max, "max")
    if lo >= hi:
        raise ValueError(f"A slider needs min < max, but min = {lo:g} and max = {hi:g}.")
    v.as_number(step, "step", low=0, low_open=True)
    v.as_number(value, "value", low=lo, high=hi)
    common = dict(
        description=description,
        min=min,
        max=max,
        step=step,
        value=value,
        continuous_update=continuous_update,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (min, max, step, value)):
        return widgets.IntSlider(**common)
    return widgets.FloatSlider(readout_format=readout_format or ".2f", **common)


def dropdown(description: str, options, value=None) -> widgets.Dropdown:
    """A ``Dropdown`` with course defaults."""
    v.as_str(description, "description", allow_empty=True)
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise TypeError(f"options should be a list of choices, but it is {v.describe(options)}.")
    options = list(options)
    if not options:
        raise ValueError("options is empty: a dropdown needs at least one choice.")
    labels = [o[0] if isinstance(o, tuple) else o for o in options]
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value is not None and value not in values:
        raise ValueError(f"value {value!r} is not one of the options {labels}.")
    return widgets.Dropdown(
        description=description,
        options=options,
        value=values[0] if value is None else value,
        style={"description_width": "initial"},
    )


def drive(demo: SliderDemo, **values: Any) -> int:
    """Set controls one at a time, as a person would; raise the demo's error if any.

    For tests: returns how many frames the demo's figure has sent in total.
    """
    v.instance(demo, "demo", SliderDemo, "a demo (what a cu demo_* function returns)")
    for name, value in values.items():
        if name not in demo.controls:
            raise ValueError(f"This demo has no control named {name!r}; it has {sorted(demo.controls)}.")
        _set_control(name, demo.controls[name], value)
        if demo.last_error is not None:
            raise demo.last_error
    return demo.live_figure.frames_sent if demo.live_figure is not None else demo.redraws
