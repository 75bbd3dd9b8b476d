"""course_utils: the helper package of *Deep Learning, Interactively*.

Notebooks write ``import course_utils as cu`` and call ``cu.setup()`` first.
Each topic lives in its own module; their public names are gathered here.
"""

from . import runtime as _runtime

# Quiet TensorFlow and size thread pools before any framework is imported.
_runtime._configure_environment()

# The foundation: run modes, data, checks, the slider-demo machinery.
from .runtime import *  # noqa: E402,F403
from .data import *  # noqa: E402,F403
from .checks import *  # noqa: E402,F403
from .diagnostics import *  # noqa: E402,F403
from .widgets import *  # noqa: E402,F403

# The lessons, in course order.
from .intro import *  # noqa: E402,F403  (00)
from .linalg import *  # noqa: E402,F403  (01)
from .calculus import *  # noqa: E402,F403  (01)
from .activations import *  # noqa: E402,F403  (02)
from .neurons import *  # noqa: E402,F403  (02)
from .losses import *  # noqa: E402,F403  (03)
from .spreadsheet import *  # noqa: E402,F403  (03)
from .optim import *  # noqa: E402,F403  (03)
from .backprop import *  # noqa: E402,F403  (04)
from .nn import *  # noqa: E402,F403  (04)
from .playground import *  # noqa: E402,F403  (04)
from .fitting import *  # noqa: E402,F403  (05)
from .regularization import *  # noqa: E402,F403  (05)

__version__ = "0.1.0"
