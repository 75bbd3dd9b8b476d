"""The browser checker fails when it should: negative tests.

Each test feeds check_notebook a notebook or a JupyterLab that is broken in one
known way and asserts that the report names that fault. Without these, a
checker that looked at nothing would pass every notebook.
"""

from __future__ import annotations

import pytest
from labdriver import check_notebook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken(lab, fixture_paths, tmp_path_factory, reports):
    """The report on broken_demos.ipynb, and where its artifacts went."""
    artifacts = tmp_path_factory.mktemp("broken-artifacts")
    report = check_notebook(lab, fixture_paths["broken_demos.ipynb"], artifacts_dir=artifacts)
    reports.append(report)
    return report, artifacts


def test_reports_an_error_raised_in_a_demo_callback(broken):
    report, _ = broken
    failing = report.demos[0]
    assert failing.title == "Fails"
    assert any(
        "the demo shows an error" in p and "deliberate failure after the first change" in p
        for p in failing.problems
    ), failing.problems


def test_reports_a_demo_whose_picture_does_not_change(broken):
    report, _ = broken
    frozen = report.demos[1]
    assert frozen.title == "Frozen"
    # The kernel handles each change (the slider works), but nothing visible differs.
    assert len(frozen.problems) == 2 and all(
        "the kernel handled the change but neither the picture" in p for p in frozen.problems
    ), frozen.problems


def test_reports_an_error_that_only_the_log_console_shows(broken):
    report, _ = broken
    observer = report.demos[2]
    # The picture still changes: only the kernel's error message gives it away.
    assert observer.title == "Observer" and observer.problems == [], observer.problems
    assert len(observer.changes) == 2, observer.changes
    assert any(
        "outside any cell" in p and "ValueError: observer error only the log console shows" in p
        for p in report.problems
    ), report.problems


def test_reports_a_cell_that_raised(broken):
    report, _ = broken
    assert any(
        "raised AssertionError: deliberate failing claim in the last cell" in p
        for p in report.problems
    ), report.problems


def test_keeps_a_screenshot_and_the_console_log_of_a_failure(broken):
    report, artifacts = broken
    folder = artifacts / "broken_demos"
    assert (folder / "page.png").stat().st_size > 1000
    assert (folder / "demo-0.png").stat().st_size > 1000
    assert (folder / "demo-1.png").stat().st_size > 1000
    assert "deliberate failure" in (folder / "report.txt").read_text()
    assert (folder / "console.log").exists()
    assert "AssertionError" in (folder / "executed.ipynb").read_text()


def test_reports_sliders_that_did_not_render_without_the_widget_frontend(
    widgetless_lab, fixture_paths, tmp_path, reports
):
    """The same good notebook that passes in `lab` fails when ipywidgets' lab extension is off."""
    report = check_notebook(
        widgetless_lab, fixture_paths["good_demos.ipynb"], artifacts_dir=tmp_path
    )
    reports.append(report)
    assert report.expected_demos == 2
    assert report.demos == []
    assert any("only 0 rendered" in p for p in report.problems), report.problems
    assert any("displayed 2 widget(s) but the page drew only 0" in p for p in report.problems)
    assert any("a widget was not drawn" in p and "SliderDemo(" in p for p in report.problems), (
        report.problems
    )
