"""Small notebooks that show the browser checker tells good demos from broken ones.

They are written into the server's temporary root folder at test time (into
``_browser_fixtures/``), so the repository holds their source here, readable,
and no generated ``.ipynb`` files.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

FOLDER = "_browser_fixtures"

SETUP = """\
import ipywidgets as widgets

import course_utils as cu

cu.setup(seed=0)
"""

# A picture and a dropdown that both change what is drawn, plus a demo whose
# only output is text: every kind of control and output the checker drives.
GOOD_PICTURE_DEMO = """\
live = cu.widgets.LiveFigure(figsize=(3, 2))
(line,) = live.axes.plot([0, 1], [0, 1])
live.axes.set_ylim(-5, 5)
live.animate(line)
readout = widgets.HTML()


def update(slope, direction):
    signed = slope if direction == "up" else -slope
    line.set_ydata([0, signed])
    readout.value = f"slope = {signed:.1f}"


cu.widgets.SliderDemo(
    {"slope": cu.widgets.slider("slope", 0.0, 4.0, 0.5, 1.0), "direction": cu.widgets.dropdown("direction", ["up", "down"])},
    update,
    figure=live,
    outputs=(readout,),
    title="A good demo",
)
"""

# Its "unused" slider has no effect, so the demo disables it: the checker skips it.
GOOD_TEXT_DEMO = """\
stars = widgets.HTML()
unused = cu.widgets.slider("unused", 0, 3, 1, 0)
unused.disabled = True
cu.widgets.SliderDemo(
    {
        "n": cu.widgets.slider("stars", 1, 10, 1, 3),
        "unused": unused,
        "symbol": widgets.ToggleButtons(options=["*", "#"], description="symbol"),
    },
    lambda n, unused, symbol: setattr(stars, "value", symbol * n),
    outputs=(stars,),
    title="A text-only demo",
)
"""

# Runs once when it is built, then fails on the first change a student makes.
FAILING_DEMO = """\
failing = cu.widgets.LiveFigure(figsize=(3, 2))
(failing_line,) = failing.axes.plot([0, 1], [0, 1])
calls = []


def update_then_fail(slope):
    calls.append(slope)
    if len(calls) > 1:
        raise RuntimeError("deliberate failure after the first change")
    failing_line.set_ydata([0, slope])


cu.widgets.SliderDemo({"slope": cu.widgets.slider("slope", 0, 5, 1, 1)}, update_then_fail, figure=failing, title="Fails")
"""

# Sends a frame on every change, but the frame never differs: a demo whose
# slider is wired to nothing.
FROZEN_DEMO = """\
frozen = cu.widgets.LiveFigure(figsize=(3, 2))
frozen.axes.plot([0, 1], [1, 0])
cu.widgets.SliderDemo({"ignored": cu.widgets.slider("ignored", 0, 5, 1, 2)}, lambda ignored: None, figure=frozen, title="Frozen")
"""

# The demo itself redraws, but a second observer of its slider, added after
# the demo's own, raises: the kernel reports that error outside any cell,
# where only JupyterLab's log console shows it.
OBSERVER_ERROR_DEMO = """\
extra = cu.widgets.slider("extra", 0, 5, 1, 1)
observed = cu.widgets.LiveFigure(figsize=(3, 2))
(observed_line,) = observed.axes.plot([0, 1], [0, 1])
observed_demo = cu.widgets.SliderDemo(
    {"extra": extra}, lambda extra: observed_line.set_ydata([0, extra]), figure=observed, title="Observer"
)


def explode(change):
    raise ValueError("observer error only the log console shows")


extra.observe(explode, names="value")
observed_demo
"""

CELL_ERROR = """\
assert 1 + 1 == 3, "deliberate failing claim in the last cell"
"""


def _notebook(*cells: str) -> nbformat.NotebookNode:
    notebook = new_notebook(
        cells=[new_markdown_cell("# Browser-test fixture")] + [new_code_cell(c) for c in cells]
    )
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return notebook


NOTEBOOKS = {
    "good_demos.ipynb": _notebook(SETUP, GOOD_PICTURE_DEMO, GOOD_TEXT_DEMO),
    "broken_demos.ipynb": _notebook(
        SETUP, FAILING_DEMO, FROZEN_DEMO, OBSERVER_ERROR_DEMO, CELL_ERROR
    ),
}


def write_fixtures(root: Path) -> dict[str, str]:
    """Write the fixture notebooks under ``root/_browser_fixtures``; return name -> server path."""
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, notebook in NOTEBOOKS.items():
        nbformat.write(notebook, folder / name)
        paths[name] = f"{FOLDER}/{name}"
    return paths
