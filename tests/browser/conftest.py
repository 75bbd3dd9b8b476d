"""Fixtures for the browser tests: Chromium, JupyterLab servers, one page each.

One JupyterLab server (and one browser page) serves the whole session; a
second one, with the widget frontend switched off, starts only for the test
that needs it. Without /usr/bin/chromium the tests are skipped, unless
``COURSE_REQUIRE_BROWSER=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixture_notebooks import FOLDER, write_fixtures
from fixture_notebooks import NOTEBOOKS as FIXTURE_NOTEBOOKS
from labdriver import (
    WIDGET_MANAGER,
    LabServer,
    LabSession,
    NotebookReport,
    chromium_path,
    copy_notebooks,
    launch_chromium,
)

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "artifacts" / "browser"

# Filled by the tests, printed at the end of the run (timings per notebook).
REPORTS: list[NotebookReport] = []


def _unavailable(reason: str) -> None:
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSE_REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright."""
    if chromium_path() is None:
        _unavailable(
            "/usr/bin/chromium is missing: install it with `apt-get install -y chromium` "
            "(Playwright's own browser download is not used)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: `pip install -e '.[dev]'`")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A temporary copy of notebooks/ plus the checker's fixture notebooks."""
    root = copy_notebooks(NOTEBOOKS, tmp_path_factory.mktemp("lab") / "notebooks")
    write_fixtures(root)
    return root


def _server(tmp_path_factory, root: Path, name: str, disabled=()) -> Iterator[LabServer]:
    home = tmp_path_factory.mktemp(name)
    server = LabServer(
        root, home / "jupyter-config", disabled_extensions=disabled, log_path=home / "server.log"
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_server(browser, lab_root, tmp_path_factory) -> Iterator[LabServer]:
    """The JupyterLab every normal test uses (COURSE_FAST=1, offline, quiet)."""
    yield from _server(tmp_path_factory, lab_root, "lab-server")


@pytest.fixture(scope="session")
def lab(browser, lab_server) -> Iterator[LabSession]:
    """One browser page showing ``lab_server``, kept open for the whole session."""
    session = LabSession(browser, lab_server)
    yield session
    session.close()


@pytest.fixture(scope="session")
def widgetless_lab(browser, lab_root, tmp_path_factory) -> Iterator[LabSession]:
    """A second JupyterLab with the ipywidgets frontend extension switched off."""
    for server in _server(tmp_path_factory, lab_root, "widgetless", disabled=(WIDGET_MANAGER,)):
        session = LabSession(browser, server)
        yield session
        session.close()


@pytest.fixture(scope="session")
def fixture_paths(lab_root) -> dict[str, str]:
    """Server paths of the fixture notebooks, by file name."""
    return {name: f"{FOLDER}/{name}" for name in FIXTURE_NOTEBOOKS}


@pytest.fixture(scope="session")
def reports() -> list[NotebookReport]:
    """Tests add their notebook reports here; they are printed at the end of the run."""
    return REPORTS


@pytest.fixture
def artifacts_dir() -> Path:
    """Where screenshots and console logs of failing notebooks go (gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and not call.excinfo.errisinstance(AssertionError):
        # A failure the checker did not turn into a report (a timeout, a
        # crash): keep a screenshot of whatever the page shows. (A failed
        # assertion on a report already saved its artifacts.)
        for name in ("lab", "widgetless_lab"):
            session = item.funcargs.get(name)
            if session is None:
                continue
            folder = ARTIFACTS / "crashes"
            folder.mkdir(parents=True, exist_ok=True)
            stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
            try:
                session.page.screenshot(path=str(folder / f"{stem}-{name}.png"))
            except Exception:  # noqa: BLE001 - the page may be gone
                pass
            (folder / f"{stem}-{name}.console.log").write_text("\n".join(session.console) + "\n")


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORTS:
        terminalreporter.section("browser: notebooks in JupyterLab")
        for report in REPORTS:
            terminalreporter.write_line(report.summary())
