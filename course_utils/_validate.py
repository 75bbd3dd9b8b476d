"""Input checking for every public function of the package, in one place.

A student who passes the wrong thing gets a ``TypeError`` (wrong kind of
thing) or a ``ValueError`` (right kind, wrong value: empty, NaN, wrong shape,
out of range) with one sentence that says what was expected and what was
given, never a deep traceback from inside NumPy or matplotlib.

Use it at the top of a public function::

    from . import _validate as v

    def line_mse(x, y, w: float, b: float) -> float:
        x = v.as_array(x, "x", ndim=1)
        y = v.as_array(y, "y", shape=x.shape)
        w, b = v.as_number(w, "w"), v.as_number(b, "b")
        ...

The helpers return the cleaned value (a float array, a float, an int, ...).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "describe",
    "as_array",
    "as_matrix",
    "as_number",
    "as_int",
    "as_bool",
    "as_str",
    "choice",
    "function",
    "same_length",
    "probabilities",
    "labels",
    "axes",
    "sizes",
    "instance",
    "figsize",
]


def describe(value: Any) -> str:
    """A short phrase for what a student passed: 'None', 'a str ('abc')', 'an array of shape (3, 2)'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"{article} {kind} ({text})"


def _shape_text(shape: Sequence[int | None]) -> str:
    parts = ["n" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _tensor_to_numpy(value: Any) -> Any:
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
        return value.detach().cpu().numpy()
    if type(value).__module__.startswith(("tensorflow", "keras")) and hasattr(value, "numpy"):
        return value.numpy()
    return value


def as_array(
    value: Any,
    name: str,
    *,
    ndim: int | Iterable[int] | None = None,
    shape: Sequence[int | None] | None = None,
    allow_empty: bool = False,
    allow_nan: bool = False,
    dtype: Any = float,
) -> np.ndarray:
    """``value`` as a NumPy array of numbers, or a clear error.

    Parameters
    ----------
    value : array-like (list, tuple, ndarray, tensor)
    name : str
        The argument's name, used in the message.
    ndim : int or iterable of int, optional
        Allowed numbers of dimensions (1 for a vector, 2 for a matrix).
    shape : sequence of int or None, optional
        Required shape; ``None`` in a place means any size there.
    allow_empty, allow_nan : bool
        Accept an empty array / NaN or infinite values.
    dtype : numpy dtype
        ``float`` (default), ``int`` for labels or indices.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)) or callable(value):
        raise TypeError(f"{name} should be an array of numbers (a list or a NumPy array), but it is {describe(value)}.")
    value = _tensor_to_numpy(value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} should be an array of numbers (a list or a NumPy array), but it is {describe(value)}: "
            "some entries are not numbers, or the rows have different lengths."
        ) from None
    if dtype is int or (isinstance(dtype, type) and issubclass(dtype, np.integer)):
        if array.size and np.isfinite(array).all() and not np.all(array == np.round(array)):
            raise ValueError(f"{name} should hold whole numbers (labels or indices), but some entries have decimals.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            words = {0: "a single number", 1: "a 1-D array (a vector)", 2: "a 2-D array (a matrix)",
                     3: "a 3-D array", 4: "a 4-D array"}
            wanted = " or ".join(words.get(d, f"a {d}-D array") for d in allowed)
            raise ValueError(f"{name} should be {wanted}, but it has {array.ndim} dimensions (shape {array.shape}).")
    if shape is not None:
        shape = tuple(shape)
        if array.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, array.shape, strict=False)):
            raise ValueError(f"{name} should have shape {_shape_text(shape)}, but it has shape {array.shape}.")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}): it needs at least one value.")
    if not allow_nan and array.size and not np.isfinite(array).all():
        bad = int((~np.isfinite(array)).sum())
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s): look for a division by zero, a log of 0 "
            "or a learning rate that made training blow up."
        )
    if dtype is not float:
        array = array.astype(dtype)
    return array


def as_matrix(value: Any, name: str, **kwargs: Any) -> np.ndarray:
    """``value`` as a 2-D float array (rows are samples); see :func:`as_array`."""
    return as_array(value, name, ndim=2, **kwargs)


def as_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_nan: bool = False,
) -> float:
    """``value`` as a float, checked against an optional range [low, high]."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{name} should be a number, but it is {describe(value)}.")
    value = _tensor_to_numpy(value)
    if isinstance(value, np.ndarray) and value.size == 1 and np.issubdtype(value.dtype, np.number):
        value = value.reshape(()).item()
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} should be a number, but it is {describe(value)}.")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        if allow_nan:
            return number
        raise ValueError(f"{name} is {number}, but it should be an ordinary (finite) number.")
    if low is not None and (number < low or (low_open and number == low)):
        sign = ">" if low_open else "at least"
        raise ValueError(f"{name} should be {sign} {low:g}, but it is {number:g}.")
    if high is not None and (number > high or (high_open and number == high)):
        sign = "<" if high_open else "at most"
        raise ValueError(f"{name} should be {sign} {high:g}, but it is {number:g}.")
    return number


def as_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int (a float like 3.0 is refused: sizes and counts are whole numbers)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{name} should be a whole number, but it is {describe(value)}.")
    if isinstance(value, np.ndarray) and value.size == 1 and np.issubdtype(value.dtype, np.integer):
        value = value.reshape(()).item()
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real):
            raise TypeError(f"{name} should be a whole number such as 3, but it is {describe(value)}.")
        raise TypeError(f"{name} should be a whole number, but it is {describe(value)}.")
    number = int(value)
    if low is not None and number < low:
        raise ValueError(f"{name} should be at least {low}, but it is {number}.")
    if high is not None and number > high:
        raise ValueError(f"{name} should be at most {high}, but it is {number}.")
    return number


def as_bool(value: Any, name: str) -> bool:
    """``value`` as a bool (True/False only)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} should be True or False, but it is {describe(value)}.")


def as_str(value: Any, name: str, *, allow_empty: bool = False) -> str:
    """``value`` as a str."""
    if not isinstance(value, str):
        raise TypeError(f"{name} should be a string (text in quotes), but it is {describe(value)}.")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} is an empty string.")
    return value


def choice(value: Any, name: str, options: Iterable[Any]) -> Any:
    """``value`` if it is one of ``options`` (strings compared without case), else a clear error."""
    options = list(options)
    listed = ", ".join(repr(o) for o in options)
    if isinstance(value, str):
        for option in options:
            if isinstance(option, str) and option.lower() == value.strip().lower():
                return option
    elif not isinstance(value, (list, dict, set, np.ndarray)):
        for option in options:
            if type(option) is type(value) and option == value:
                return option
    if value is not None and not isinstance(value, (str, numbers.Number)):
        raise TypeError(f"{name} should be one of {listed}, but it is {describe(value)}.")
    raise ValueError(f"{name} should be one of {listed}, but it is {value!r}.")


def function(value: Any, name: str) -> Callable[..., Any]:
    """``value`` if it can be called, else a clear error."""
    if not callable(value):
        raise TypeError(f"{name} should be a function (def ... or lambda), but it is {describe(value)}.")
    return value


def same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise if two arrays do not have the same number of rows (samples)."""
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} has {len(a)} rows but {name_b} has {len(b)}: every sample (row) needs its target."
        )


def probabilities(value: Any, name: str, *, ndim: int | Iterable[int] | None = None,
                  rows_sum_to_one: bool = False) -> np.ndarray:
    """An array of probabilities: every value in [0, 1] (and rows summing to 1 if asked)."""
    array = as_array(value, name, ndim=ndim)
    if array.min() < 0 or array.max() > 1:
        raise ValueError(
            f"{name} should hold probabilities between 0 and 1, but its values go from "
            f"{array.min():.3g} to {array.max():.3g} (were these logits? apply softmax or sigmoid first)."
        )
    if rows_sum_to_one and not np.allclose(array.sum(axis=-1), 1.0, atol=1e-3):
        raise ValueError(f"Each row of {name} should sum to 1 (one probability per class).")
    return array


def labels(value: Any, name: str, *, num_classes: int | None = None, ndim: int = 1) -> np.ndarray:
    """Integer class labels 0..num_classes-1 as an int array."""
    array = as_array(value, name, ndim=ndim, dtype=int)
    if array.min() < 0:
        raise ValueError(f"{name} should hold class labels 0, 1, 2, ..., but it contains {array.min()}.")
    if num_classes is not None and array.max() >= num_classes:
        raise ValueError(
            f"{name} should hold class labels 0 to {num_classes - 1}, but it contains {array.max()}."
        )
    return array


def axes(value: Any, name: str = "ax") -> Any:
    """``None`` or a matplotlib Axes."""
    if value is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(value, Axes):
        raise TypeError(f"{name} should be a matplotlib Axes (or None for a new figure), but it is {describe(value)}.")
    return value


def sizes(value: Any, name: str, *, min_length: int = 1, low: int = 1) -> list[int]:
    """A list of layer sizes such as ``[2, 8, 1]``: whole numbers, each at least ``low``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} should be a list of whole numbers such as [2, 8, 1], but it is {describe(value)}.")
    result = [as_int(s, f"{name}[{i}]", low=low) for i, s in enumerate(value)]
    if len(result) < min_length:
        raise ValueError(f"{name} needs at least {min_length} sizes, but it has {len(result)}: {result}.")
    return result


def instance(value: Any, name: str, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it is an instance of ``kind``; ``what`` says it in words ('a cu.nn.Network')."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} should be {what}, but it is {describe(value)}.")
    return value


def figsize(value: Any, name: str = "figsize") -> tuple[float, float]:
    """A figure size: two positive numbers (width, height) in inches."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} should be (width, height) in inches, such as (6, 4), but it is {describe(value)}.")
    if len(value) != 2:
        raise ValueError(f"{name} should be two numbers (width, height), but it has {len(value)}.")
    return (as_number(value[0], f"{name} width", low=0, low_open=True),
            as_number(value[1], f"{name} height", low=0, low_open=True))
