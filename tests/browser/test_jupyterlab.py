"""Every notebook, opened in a real JupyterLab in Chromium: it runs, and its demos respond.

A widget that passes the headless tests can still show nothing in the
browser: a missing frontend extension, a version mismatch between the kernel's
ipywidgets and JupyterLab's, an error that only the browser console shows.
These tests open each notebook the way a student does, run all cells, and
move every slider of every demo (see labdriver.check_notebook).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labdriver import check_notebook

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
# Discovered when the tests are collected, so a new lesson is covered at once.
NOTEBOOKS = sorted(path.name for path in (REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_demo_responds(lab, artifacts_dir, reports, name):
    report = check_notebook(lab, name, artifacts_dir=artifacts_dir)
    reports.append(report)
    assert not report.all_problems, (
        f"{name} fails in JupyterLab (screenshots and console log in "
        f"{artifacts_dir}):\n" + report.summary()
    )
    for demo in report.demos:
        assert demo.changes, f"demo {demo.index} of {name} has no control that was moved"


def test_checker_passes_demos_that_work(lab, fixture_paths, artifacts_dir, reports):
    """The positive control: a picture demo with a dropdown, a text demo with toggle buttons."""
    report = check_notebook(lab, fixture_paths["good_demos.ipynb"], artifacts_dir=artifacts_dir)
    reports.append(report)
    assert not report.all_problems, report.summary()
    assert report.expected_demos == 2
    picture, text = report.demos
    assert picture.controls == ["slope", "direction"]
    # Two slider changes (arrow key, typed value) and two dropdown changes, each redrawn.
    assert len(picture.changes) == 4, picture.changes
    assert text.controls == ["stars", "unused", "symbol"], text.controls
    assert "unused skipped (disabled)" in text.changes and len(text.changes) == 5, text.changes
