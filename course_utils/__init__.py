"""course_utils: the helper package of *Deep Learning, Interactively*.

Notebooks write ``import course_utils as cu`` and call ``cu.setup()`` first.

The front door holds only what every notebook needs::

    cu.setup()  cu.pick()  cu.is_fast()  cu.set_seed()  cu.doctor()
    cu.check()  cu.hint()  cu.load_mnist()  cu.load_imdb()

Everything else is one step further, in a namespace whose name says its job:

* ``cu.data`` (every data set), ``cu.training`` (the History of a training
  run, the live training view, the prediction explorer), ``cu.widgets`` (the
  slider-demo machinery), ``cu.checks`` (exercise checks, for authors);
* one namespace per lesson topic, in course order: ``cu.intro`` (00), ``cu.linalg`` and
  ``cu.calculus`` (01), ``cu.activations`` and ``cu.neurons`` (02),
  ``cu.losses`` and ``cu.optim`` (03), ``cu.backprop``, ``cu.nn`` and
  ``cu.playground`` (04), ``cu.fitting`` and ``cu.regularization`` (05),
  ``cu.vision`` (07), ``cu.sequences`` (08 and 10), ``cu.generative`` (09);
* ``cu.keras`` and ``cu.torch``: framework helpers with the same names in
  both, imported only when first used, so a Keras notebook never loads
  PyTorch and a PyTorch notebook never loads TensorFlow.
"""

import importlib as _importlib

from . import _runtime

# Quiet TensorFlow and size thread pools before any framework is imported.
_runtime._configure_environment()

from ._diagnostics import doctor  # noqa: E402
from ._runtime import is_fast, pick, set_seed, setup  # noqa: E402
from .checks import check, hint  # noqa: E402
from .data import load_imdb, load_mnist  # noqa: E402

# The namespaces. Importing the lesson modules also registers their exercises,
# so cu.check("04-3", ...) works in any notebook.
from . import checks, data, training, widgets  # noqa: E402,I001
from . import intro  # noqa: E402  (00)
from . import linalg, calculus  # noqa: E402  (01)
from . import activations, neurons  # noqa: E402  (02)
from . import losses, optim  # noqa: E402  (03)
from . import backprop, nn, playground  # noqa: E402  (04)
from . import fitting, regularization  # noqa: E402  (05)
from . import vision  # noqa: E402  (07)
from . import sequences  # noqa: E402  (08, 10)
from . import generative  # noqa: E402  (09)

_LAZY = ("keras", "torch")

__all__ = [
    "setup", "pick", "is_fast", "set_seed", "doctor", "check", "hint", "load_mnist", "load_imdb",
    "data", "training", "widgets", "checks",
    "intro", "linalg", "calculus", "activations", "neurons", "losses", "optim",
    "backprop", "nn", "playground", "fitting", "regularization", "vision", "sequences",
    "generative", *_LAZY,
]

__version__ = "0.1.0"


def __getattr__(name: str):
    """Import ``cu.keras`` / ``cu.torch`` on first use (each pulls in its framework)."""
    if name in _LAZY:
        return _importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(
        f"course_utils has no name {name!r}. The front door holds {', '.join(__all__[:9])}; "
        f"everything else is in a namespace: {', '.join(__all__[9:])} (try cu.<name>.<Tab>)."
    )


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
