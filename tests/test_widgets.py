"""The slider-demo machinery: frames, blitting, errors shown in the demo."""

from __future__ import annotations

import io

import course_utils as cu
import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.image import imread


def _pixels(png) -> np.ndarray:
    return imread(io.BytesIO(bytes(png)), format="png")


def _line_demo(fail_above: float | None = None):
    live = cu.widgets.LiveFigure(figsize=(4, 3), dpi=50)
    x = np.linspace(0, 1, 50)
    (line,) = live.axes.plot(x, x)
    live.axes.set_ylim(-3, 3)
    live.animate(line)

    def update(slope: float) -> None:
        if fail_above is not None and slope > fail_above:
            raise RuntimeError("the slope is too steep for this demo")
        line.set_ydata(slope * x)

    return cu.widgets.SliderDemo({"slope": cu.widgets.slider("slope", -2.0, 2.0, 0.5, 1.0)}, update, figure=live)


def test_live_figure_sends_png_frames_of_the_figure_size():
    live = cu.widgets.LiveFigure(figsize=(4, 3), dpi=50)
    live.axes.plot([0, 1], [0, 1])
    live.send()
    image = _pixels(live.image.value)
    assert image.shape[:2] == (150, 200)
    assert live.frames_sent == 1 and live.last_render_s > 0
    assert live.image.layout.width == "200px" and live.image.layout.height == "150px"


def test_blitted_frames_match_a_full_redraw():
    demo = _line_demo()
    cu.widgets.drive(demo, slope=-1.5)
    blitted = _pixels(demo.live_figure.image.value)
    demo.live_figure.invalidate()
    demo.redraw()
    full = _pixels(demo.live_figure.image.value)
    np.testing.assert_array_equal(blitted, full)


def test_each_change_sends_one_new_frame():
    demo = _line_demo()
    first = bytes(demo.live_figure.image.value)
    assert cu.widgets.drive(demo, slope=0.5) == 2
    assert bytes(demo.live_figure.image.value) != first
    demo.set(slope=-0.5)
    assert demo.live_figure.frames_sent == 3


def test_an_error_in_update_is_shown_in_the_demo_not_raised():
    demo = _line_demo(fail_above=1.0)
    demo.controls["slope"].value = 1.5  # as the browser would: no exception escapes
    assert isinstance(demo.last_error, RuntimeError)
    assert "too steep" in demo.error_box.value and "RuntimeError" in demo.error_box.value
    assert "cu-demo-error" in demo.error_box._dom_classes
    demo.controls["slope"].value = 0.5  # moving back recovers
    assert demo.last_error is None and demo.error_box.value == ""


def test_drive_raises_the_demo_error_for_tests():
    demo = _line_demo(fail_above=1.0)
    with pytest.raises(RuntimeError, match="too steep"):
        cu.widgets.drive(demo, slope=2.0)
    with pytest.raises(ValueError, match="no control named"):
        cu.widgets.drive(demo, angle=1)


def test_set_rejects_unknown_controls():
    with pytest.raises(ValueError, match="no control named"):
        _line_demo().set(colour="red")


def test_demo_is_a_box_the_browser_tests_can_find():
    demo = _line_demo()
    assert isinstance(demo, widgets.VBox) and "cu-demo" in demo._dom_classes
    assert demo.live_figure.image in demo.children


def test_slider_picks_int_or_float():
    assert isinstance(cu.widgets.slider("n", 1, 10, 1, 3), widgets.IntSlider)
    s = cu.widgets.slider("rate", 0.0, 1.0, 0.1, 0.5)
    assert isinstance(s, widgets.FloatSlider) and s.readout_format == ".2f"
    d = cu.widgets.dropdown("data", ["circle", "xor"])
    assert d.value == "circle"


def test_png_encoder_round_trips():
    from course_utils.widgets import _encode_png

    rgb = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    decoded = _pixels(_encode_png(rgb))
    np.testing.assert_allclose(decoded[..., :3] * 255, rgb, atol=0.5)


def test_one_background_per_key_restores_without_a_full_redraw(monkeypatch):
    live = cu.widgets.LiveFigure(figsize=(4, 3), dpi=50)
    x = np.linspace(0, 1, 20)
    (curve,) = live.axes.plot(x, x)  # a fixed part that differs per key
    (dot,) = live.axes.plot([0.5], [0.5], "o")
    live.animate(dot)
    shapes = {"line": x, "square": x**2}
    frames = {}
    for key, ys in shapes.items():
        curve.set_ydata(ys)
        live.use_background(key)
        frames[key] = bytes(live.render())
    full_draws = []
    real_draw = live.canvas.draw
    monkeypatch.setattr(live.canvas, "draw", lambda: full_draws.append(1) or real_draw())
    curve.set_ydata(shapes["line"])
    live.use_background("line")
    assert bytes(live.render()) == frames["line"]
    assert full_draws == []  # restored, not redrawn
    live.invalidate()
    assert bytes(live.render()) == frames["line"] and full_draws == [1]


def test_axes_or_new_keeps_given_axes_or_makes_a_fresh_figure():
    from matplotlib.figure import Figure

    given = Figure().subplots()
    assert cu.widgets.axes_or_new(given, figsize=(2, 2)) is given
    new = cu.widgets.axes_or_new(figsize=(3, 2))
    assert isinstance(new.figure, Figure) and tuple(new.figure.get_size_inches()) == (3, 2)
    pair = cu.widgets.axes_or_new(figsize=(4, 2), nrows=1, ncols=2)
    assert len(pair) == 2 and pair[0].figure is pair[1].figure
