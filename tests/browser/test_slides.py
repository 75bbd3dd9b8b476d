"""A notebook presented as live slides in JupyterLab (jupyterlab-slideshow), in Chromium.

Teachers drive the demos from slides. This opens a lesson, runs it, starts
presentation mode on its first cell, steps through every slide to the end, and
on the first slide with a slider demo moves each control and checks that the
picture or text changes (see labdriver.present_notebook). The slide metadata
itself is checked for every notebook by tests/test_slides.py.
"""

from __future__ import annotations

import pytest
from labdriver import present_notebook

pytestmark = pytest.mark.browser

# The lesson presented here: the shortest with a slider demo, so the suite stays quick.
PRESENTED = "00_start_here.ipynb"


def test_a_lesson_presents_as_slides_with_working_sliders(lab):
    report = present_notebook(lab, PRESENTED)
    print(report.summary())
    assert not report.all_problems, report.summary()
    assert report.slides >= 10, report.summary()
    assert report.demo is not None and report.demo.changes, report.summary()
