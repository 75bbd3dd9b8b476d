"""Valid calls for cu.widgets."""

import course_utils as cu

from input_examples import call


def _demo():
    live = cu.widgets.LiveFigure(figsize=(2, 2))
    return cu.widgets.SliderDemo({"a": cu.widgets.slider("a", 0, 5, 1, 2)}, lambda a: None, figure=live)


CALLS = {
    "LiveFigure": call(1, 2, figsize=(3.0, 2.0), dpi=50),
    "SliderDemo": call({"a": cu.widgets.slider("a", 0, 5, 1, 2)}, lambda a: None),
    "Readout": call(2),
    "Readout.show": call("loss = 0.1", _any={"arg0"}, _self=cu.widgets.Readout),
    "Readout.table": call({"loss": 0.5}, digits=3, _self=cu.widgets.Readout),
    "slider": call("w", 0.0, 1.0, 0.1, 0.5),
    "dropdown": call("choice", ["a", "b"], "b"),
    "drive": call(_demo(), a=3),
    "axes_or_new": call(None, figsize=(2.0, 2.0)),
    "scratch_axes": call(),
    "frame_below_animation": call(cu.widgets.scratch_axes(), 1.5),
    "blit_mismatch": call(cu.widgets.LiveFigure(figsize=(2, 2))),
    "SliderDemo.set": call(a=4, _self=_demo),
    "LiveFigure.animate": call(_self=lambda: cu.widgets.LiveFigure(figsize=(2, 2))),
}
SKIP = {
    "SIGN_CMAP": "a colour map (a constant)",
    "MAP_CMAP": "a colour map (a constant)",
}
