"""Shared test setup: no test touches the network or the real Keras cache."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("COURSE_FAST", "1")

import course_utils.data as _data  # noqa: E402

_REAL_IS_ONLINE = _data.is_online


@pytest.fixture
def real_is_online():
    """The real network probe (every test otherwise sees an offline machine)."""
    return _REAL_IS_ONLINE


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Point Keras' cache to an empty folder and pretend to be offline."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setattr(_data, "is_online", lambda *args, **kwargs: False)
    monkeypatch.setattr(_data, "_online_cache", None)
    yield


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last.

    Playwright's sync API keeps an event loop running in the main thread for
    the rest of the session once its browser starts; tests that drive their
    own asyncio loop (the playground's Train) must run before that.
    """
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))



@pytest.fixture(params=["plain", "course style"])
def style(request):
    """Matplotlib's defaults, then the course style the notebooks get from cu.setup (undone afterwards).

    Blitting can be exact under the defaults and still differ under the course
    style (the grid and spines are drawn in another order), so demo tests that
    use this fixture run under both.
    """
    import matplotlib as mpl
    from course_utils import _runtime

    with mpl.rc_context():
        if request.param == "course style":
            _runtime.use_course_style()
        yield request.param
