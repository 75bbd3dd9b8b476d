"""Run modes, seeds, threads and the course style.

Fast mode (``COURSE_FAST=1``) is how CI runs every notebook quickly: each
notebook asks :func:`pick` for its data sizes and epoch counts, and
:func:`setup` shows a banner so nobody mistakes a fast-mode result for the
real one.
"""

from __future__ import annotations

import os
import random
import re
import sys
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

__all__ = [
    "is_fast",
    "pick",
    "set_seed",
    "configure_threads",
    "use_course_style",
    "fast_mode_banner",
    "setup",
    "in_colab",
    "RunInfo",
]

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}

# TensorFlow reads these when it is imported, so they are set (as defaults a
# user can override) when course_utils is imported, before any framework.
# TensorFlow's oneDNN kernels stay on (its default): they train notebook 07's CNN in about half
# the time on the 2-core machine (46.7 s against 87.4 s, measured side by side). Their start-up
# notice is hidden from the notebook (see _hide_known_notices), not switched off with the speed.
_QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "2"}
# Lines TensorFlow's C++ runtime writes to stderr before its logging is set up, so
# TF_CPP_MIN_LOG_LEVEL cannot silence them; information, not warnings, for a student.
_KNOWN_NOTICES = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|I\d{4} [\d:.]+\s+\d+ port\.cc:\d+\] oneDNN custom operations are on\..*)$"
)
# OpenMP's idle threads sleep instead of spinning: on a 2-core machine spinning threads starve
# the kernel's other work (notebook 06's PyTorch twin, full mode: 618 s spinning, 113 s passive).
_OPENMP = {"OMP_WAIT_POLICY": "PASSIVE"}


def is_fast() -> bool:
    """Return True when fast mode is on (environment variable ``COURSE_FAST``).

    Read on every call, so a test or a notebook can switch it.
    """
    raw = os.environ.get("COURSE_FAST", "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(
        f"COURSE_FAST={raw!r} is not understood: set it to 1 for fast mode or 0 (or unset it) "
        "for the full lesson."
    )


def pick(full: T, fast: T) -> T:
    """Choose a size for this run: ``full`` normally, ``fast`` in fast mode.

    The one way every notebook scales its data and epochs, e.g.
    ``num_epochs = cu.pick(full=20, fast=2)``.
    """
    if type(full) is not type(fast) and not (
        isinstance(full, (int, float)) and isinstance(fast, (int, float))
    ):
        raise TypeError(
            f"pick(full=..., fast=...) needs two values of the same kind; got "
            f"{type(full).__name__} and {type(fast).__name__}."
        )
    return fast if is_fast() else full


def set_seed(seed: int = 0) -> list[str]:
    """Seed Python, NumPy, and TensorFlow/Keras and PyTorch in one call.

    Frameworks are seeded when they are already imported (import them first,
    as each notebook's Setup cell does); importing one here would cost seconds
    and, in a PyTorch notebook, load TensorFlow for nothing.

    Returns
    -------
    list of str
        The generators that were seeded, e.g. ``["python", "numpy", "keras"]``.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"set_seed needs a whole number such as 0 or 42, not {seed!r}.")
    seed = int(seed)
    if not 0 <= seed < 2**32:
        raise ValueError(f"set_seed needs a seed between 0 and 2**32 - 1, not {seed}.")
    seeded = ["python", "numpy"]
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - the legacy global generator students may still use
    os.environ["PYTHONHASHSEED"] = str(seed)  # for subprocesses started later
    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)  # also seeds TensorFlow's generator
        seeded.append("keras")
    elif "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)
        seeded.append("tensorflow")
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)
        seeded.append("torch")
    return seeded


def configure_threads(max_threads: int | None = None) -> int:
    """Use sensible thread counts on small CPUs and return the count chosen.

    On a 2-core machine, oversubscribed BLAS and framework thread pools make
    training slower, not faster. The environment variables only take effect for
    libraries imported afterwards; PyTorch's pool is also set directly when it
    is already imported. Existing settings are respected.
    """
    cores = os.cpu_count() or 1
    threads = max(1, min(cores, max_threads or cores))
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "TF_NUM_INTRAOP_THREADS",
    ):
        os.environ.setdefault(name, str(threads))
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1" if cores <= 2 else "2")
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    return threads


def _configure_environment() -> None:
    """Set quiet, thread-aware defaults before any framework is imported."""
    for name, value in {**_QUIET_TF, **_OPENMP}.items():
        os.environ.setdefault(name, value)
    configure_threads()
    _hide_known_notices()


def _without_notices(text: str) -> str:
    """``text`` without the lines of :data:`_KNOWN_NOTICES` (other text is kept as it is)."""
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not _KNOWN_NOTICES.match(line.rstrip("\r\n"))]
    return text if len(kept) == len(lines) else "".join(kept)


def _hide_known_notices(stream=None) -> bool:
    """In a Jupyter kernel, keep TensorFlow's start-up notices out of the notebook.

    ipykernel copies what C++ code writes to the process's stderr into the
    notebook through ``sys.stderr.write``; that call (on this one stream
    object) drops the known notice lines and passes everything else through.
    They still reach the terminal that runs Jupyter. Returns whether a filter
    is in place.
    """
    stream = sys.stderr if stream is None else stream
    if type(stream).__name__ != "OutStream" or getattr(stream, "_course_filtered", False):
        return getattr(stream, "_course_filtered", False)
    write = stream.write

    def filtered(text: str) -> int:
        shown = _without_notices(text) if isinstance(text, str) else text
        if shown:
            write(shown)
        return len(text)

    stream.write = filtered
    stream._course_filtered = True
    return True


_COURSE_STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.figsize": (6.0, 4.0),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
}


def use_course_style() -> None:
    """Apply the course's matplotlib style (the only place rcParams change)."""
    import matplotlib as mpl

    mpl.rcParams.update(_COURSE_STYLE)


def in_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def fast_mode_banner() -> str:
    """Return the banner text shown when fast mode is on ('' when it is off)."""
    if not is_fast():
        return ""
    return (
        "FAST MODE (COURSE_FAST=1): small data and few epochs so the notebook runs in "
        "seconds. Numbers below are NOT the lesson's real results; unset COURSE_FAST "
        "for the full run."
    )


@dataclass(frozen=True)
class RunInfo:
    """What :func:`setup` did, for a notebook to print or test."""

    fast: bool
    seed: int
    seeded: tuple[str, ...]
    threads: int

    def __str__(self) -> str:
        mode = "fast" if self.fast else "full"
        return (
            f"mode: {mode} | seed {self.seed} ({', '.join(self.seeded)}) | "
            f"{self.threads} thread(s)"
        )


def setup(seed: int = 0, *, style: bool = True, banner: bool = True) -> RunInfo:
    """The one call in every notebook's Setup cell.

    Sets thread counts, seeds every imported framework, applies the course's
    plot style and, in fast mode, shows a visible banner.
    """
    threads = configure_threads()
    seeded = set_seed(seed)
    if style:
        use_course_style()
    _show_figures_inline()
    info = RunInfo(fast=is_fast(), seed=int(seed), seeded=tuple(seeded), threads=threads)
    text = fast_mode_banner()
    if banner and text:
        _show_banner(text)
    return info


def _show_figures_inline() -> None:
    """Let a notebook show a ``Figure`` returned by a ``plot_*`` function.

    The package draws on ``matplotlib.figure.Figure`` objects, not through
    pyplot, so nothing is displayed twice; IPython only knows how to show
    such a figure once a PNG formatter is registered for it.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    if Figure not in formatter.type_printers:
        formatter.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))


def _show_banner(text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python: print it
        print(text)
        return
    if get_ipython() is None:
        print(text)
        return
    html = (
        '<div class="cu-fast-banner" style="background:#fff3cd;border:2px solid #e0a800;'
        f'padding:8px 12px;border-radius:6px;font-weight:600">&#9889; {text}</div>'
    )
    display({"text/html": html, "text/plain": text}, raw=True)
