"""Valid example calls of every public function, for tests/test_bad_input.py.

One file per namespace (``tests/input_examples/<namespace>.py``) defines::

    CALLS = {
        "matrix_add": call([[1, 2]], [[3, 4]]),
        "Network.fit": call(X, y, num_epochs=2, _self=lambda: cu.nn.Network([2, 3, 1])),
    }
    SKIP = {"ACTIVATIONS": "a constant"}   # public names that take no input, with why

``call(*args, **kwargs)`` is a call that must work. The test then replaces
each argument in turn by a wrong type, an empty array and NaN, and expects a
``TypeError``/``ValueError`` with a sentence, raised by the package itself.
Options (all start with ``_``):

* ``_any={"answer"}``: these parameters accept anything (no wrong type exists);
* ``_nan={"x"}``: NaN is a valid value there;
* ``_empty={"x"}``: an empty array is a valid value there;
* ``_self=factory``: for ``"Class.method"``, makes the instance;
* ``_valid=False``: do not run the valid call itself (e.g. it trains for long);
* ``_verdict={"answer"}``: a student's answer goes here, so a bad value must not raise
  but come back as a failed verdict (exercise checks never crash on a wrong type).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    args: tuple
    kwargs: dict
    any_ok: set = field(default_factory=set)
    nan_ok: set = field(default_factory=set)
    empty_ok: set = field(default_factory=set)
    make_self: Callable[[], Any] | None = None
    run_valid: bool = True
    verdict: set = field(default_factory=set)


def call(*args: Any, _any=(), _nan=(), _empty=(), _self=None, _valid: bool = True, _verdict=(),
         **kwargs: Any) -> Call:
    return Call(args, kwargs, set(_any), set(_nan), set(_empty), _self, _valid, set(_verdict))
