"""Run modes, seeding, threads and setup."""

from __future__ import annotations

import io
import random
import sys

import course_utils as cu
import numpy as np
import pytest


@pytest.mark.parametrize(("raw", "fast"), [("1", True), ("true", True), ("YES", True), ("0", False), ("", False), ("off", False)])
def test_is_fast_reads_the_environment(monkeypatch, raw, fast):
    monkeypatch.setenv("COURSE_FAST", raw)
    assert cu.is_fast() is fast


def test_is_fast_rejects_unclear_values(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "maybe")
    with pytest.raises(ValueError, match="set it to 1"):
        cu.is_fast()


def test_pick_chooses_by_mode(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    assert cu.pick(full=20, fast=2) == 2
    monkeypatch.setenv("COURSE_FAST", "0")
    assert cu.pick(full=20, fast=2) == 20
    assert cu.pick(full=0.5, fast=1) == 0.5


def test_pick_refuses_values_of_different_kinds():
    with pytest.raises(TypeError, match="same kind"):
        cu.pick(full=[1, 2], fast=3)


def test_set_seed_makes_python_and_numpy_repeatable():
    cu.set_seed(7)
    first = (random.random(), np.random.rand(3))  # noqa: NPY002 - set_seed seeds the legacy generator
    cu.set_seed(7)
    second = (random.random(), np.random.rand(3))  # noqa: NPY002 - set_seed seeds the legacy generator
    assert first[0] == second[0]
    np.testing.assert_array_equal(first[1], second[1])


def test_set_seed_seeds_torch_when_imported():
    torch = pytest.importorskip("torch")
    seeded = cu.set_seed(3)
    a = torch.rand(4)
    cu.set_seed(3)
    assert "torch" in seeded
    assert torch.equal(a, torch.rand(4))


@pytest.mark.slow
def test_set_seed_seeds_keras_when_imported():
    keras = pytest.importorskip("keras")
    seeded = cu.set_seed(5)
    a = keras.random.uniform((3,), seed=None)
    cu.set_seed(5)
    b = keras.random.uniform((3,), seed=None)
    assert "keras" in seeded
    np.testing.assert_allclose(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("bad", [1.5, "0", None, True, -1, 2**32])
def test_set_seed_rejects_bad_seeds(bad):
    with pytest.raises((TypeError, ValueError), match="seed"):
        cu.set_seed(bad)


def test_configure_threads_respects_existing_settings(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    threads = cu._runtime.configure_threads()
    assert threads >= 1
    import os

    assert os.environ["OMP_NUM_THREADS"] == "1"


def test_tensorflow_is_kept_quiet_by_default():
    import os

    assert os.environ.get("TF_CPP_MIN_LOG_LEVEL") in {"2", "3"}


def test_setup_shows_a_banner_in_fast_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_FAST", "1")
    info = cu.setup(seed=1)
    out = capsys.readouterr().out
    assert info.fast and info.seed == 1 and "numpy" in info.seeded
    assert "FAST MODE" in out and "NOT the lesson's real results" in out
    assert "mode: fast" in str(info)


def test_setup_is_silent_in_full_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_FAST", "0")
    info = cu.setup(seed=1)
    assert not info.fast
    assert capsys.readouterr().out == ""
    assert cu._runtime.fast_mode_banner() == ""


def test_use_course_style_sets_the_course_defaults():
    import matplotlib as mpl

    cu._runtime.use_course_style()
    assert mpl.rcParams["axes.grid"] is True
    assert mpl.rcParams["axes.spines.top"] is False


def test_in_colab_is_false_here():
    assert cu._runtime.in_colab() is ("google.colab" in sys.modules)


def test_setup_lets_notebooks_show_package_figures():
    """A Figure from a plot_* function is shown as a PNG in IPython (run apart: it makes a shell)."""
    import subprocess

    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "import course_utils as cu\n"
        "shell = InteractiveShell.instance()\n"
        "before, _ = shell.display_formatter.format(cu.intro.plot_line_fit(0.9, 0.1))\n"
        "cu.setup()\n"
        "after, _ = shell.display_formatter.format(cu.intro.plot_line_fit(0.9, 0.1))\n"
        "print('image/png' in before, after['image/png'][:4] == b'\\x89PNG')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stdout + result.stderr


def test_tensorflows_start_up_notices_are_kept_out_of_the_notebook():
    from course_utils import _runtime

    notice = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1796128113.269111   24204 port.cc:153] oneDNN custom operations are on. You may see "
        "slightly different numerical results due to floating-point round-off errors.\n"
    )
    assert _runtime._without_notices(notice) == ""
    assert _runtime._without_notices(notice + "a real warning\n") == "a real warning\n"
    assert _runtime._without_notices("I0000 something else\n") == "I0000 something else\n"

    class OutStream:  # the class name ipykernel's stream has
        def __init__(self):
            self.shown = []

        def write(self, text):
            self.shown.append(text)
            return len(text)

    stream = OutStream()
    assert _runtime._hide_known_notices(stream) and _runtime._hide_known_notices(stream)  # once only
    assert stream.write(notice) == len(notice)
    stream.write("ValueError: shown\n")
    assert stream.shown == ["ValueError: shown\n"]
    assert not _runtime._hide_known_notices(io.StringIO())  # outside a kernel: nothing changes
