"""Every demo listed for the redraw benchmark builds, and every listed change
sends something new to the page (an unchanged widget value sends nothing)."""

from __future__ import annotations

import sys
from pathlib import Path

import course_utils as cu
import ipywidgets as widgets
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from redraw import load_specs  # noqa: E402

SPECS = load_specs()


def _snapshot(demo) -> tuple:
    """What the page would receive: the picture and every text output's value."""
    texts = []
    stack = [demo]
    while stack:
        widget = stack.pop()
        if isinstance(widget, (widgets.HTML, widgets.Label)):
            texts.append(widget.value)
        stack.extend(getattr(widget, "children", ()))
    live = getattr(demo, "live_figure", None)
    return (bytes(live.image.value) if live is not None else b"", tuple(texts))


def test_every_notebook_with_demos_has_specs():
    names = {spec["file"] for spec in SPECS}
    assert {"nb00.py", "nb01.py", "nb02.py", "nb03.py", "nb04.py", "nb05.py"} <= names


# Blitting draws only the artists marked animated over a saved background; anything else
# that changes is missed (a stale title drawn twice measured 1.6 % of the pixels). Up to
# 0.7 % may differ: where an animated artist is drawn over a fixed one instead of under it
# (a shaded region over a spine or a label; measured up to 0.63 %).
BLIT_TOLERANCE = 0.007

# The pixels do not depend on the widget library: the second test pass, under Colab's
# ipywidgets 7.7 (`./course test`), checks that each change sends a new frame and leaves
# the comparison with a full redraw to the main pass.
CHECK_PIXELS = int(widgets.__version__.split(".")[0]) >= 8


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["name"])
def test_spec_builds_and_each_change_sends_a_new_exact_frame(spec):
    """New after every change, and what a full redraw would show; one build per demo (building
    is much of the cost: some demos train small networks)."""
    demo = eval(spec["build"], {"cu": cu})  # noqa: S307 - the repository's own spec files
    try:
        for control, value in spec["changes"] * 2:  # twice: the benchmark cycles through them
            before = _snapshot(demo)
            demo.controls[control].value = value
            assert demo.last_error is None, f"{spec['name']}: {demo.last_error!r}"
            after = _snapshot(demo)
            if spec.get("expect", "image") == "image":
                assert after[0] != before[0], f"{spec['name']}: {control}={value!r} sent no new picture"
            else:
                assert after != before, f"{spec['name']}: {control}={value!r} changed nothing on the page"
        live = getattr(demo, "live_figure", None)
        if not CHECK_PIXELS or spec.get("expect", "image") != "image" or live is None or not live._animated:
            return  # this demo does not blit (or this pass leaves pixels to the main one)
        for control, value in spec["changes"]:
            demo.controls[control].value = value
            mismatch = cu.widgets.blit_mismatch(live)
            assert mismatch <= BLIT_TOLERANCE, (
                f"{spec['name']}: after {control}={value!r}, {mismatch:.1%} of the pixels differ from a full "
                "redraw: something changed that is not animated (live.animate) or needs live.invalidate()"
            )
    finally:
        demo.close()
