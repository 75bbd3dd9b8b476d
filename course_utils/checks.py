"""Exercise checks: a right answer gets a short confirmation, a wrong one a
hint, and a wrong type or shape a clear sentence. A check never raises.

Each check prints its verdict and returns a :class:`CheckResult`, which is
truthy when the answer is right, so tests and notebooks can assert on it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "CheckResult",
    "check_number",
    "check_array",
    "check_choice",
    "check_function",
    "exercise",
    "check",
    "exercise_keys",
]


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a check: ``passed`` and the ``message`` shown."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#b35900"
        return f'<div style="color:{colour};font-weight:600">{_escape(self.message)}</div>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _verdict(passed: bool, message: str, *, show: bool) -> CheckResult:
    result = CheckResult(passed, ("Correct! " if passed else "Not yet. ") + message)
    if show:
        print(("\u2705 " if passed else "\u274c ") + result.message)
    return result


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget to replace the placeholder, or to `return` a value?)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__} ({_short(value)})"


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and np.issubdtype(value.dtype, np.number):
        return float(value.reshape(()))
    if hasattr(value, "item") and hasattr(value, "numel"):  # a one-element torch tensor
        try:
            return float(value.item()) if value.numel() == 1 else None
        except (TypeError, ValueError, RuntimeError):
            return None
    return None


def check_number(
    answer: Any,
    expected: float,
    *,
    name: str = "your answer",
    hint: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    show: bool = True,
) -> CheckResult:
    """Check a single number, e.g. ``cu.check_number(slope, 12.0, hint="...")``."""
    value = _as_number(answer)
    if value is None:
        return _verdict(False, f"{name} should be a number, but it is {_describe(answer)}.", show=show)
    if math.isnan(value):
        return _verdict(False, f"{name} is NaN (not a number): look for a division by zero or a log of 0.", show=show)
    if math.isclose(value, float(expected), rel_tol=rtol, abs_tol=atol):
        return _verdict(True, f"{name} = {value:.6g}.", show=show)
    more = f" Hint: {hint}" if hint else ""
    return _verdict(False, f"{name} is {value:.6g}, which is not what we expected.{more}", show=show)


def _to_array(value: Any) -> np.ndarray | None:
    if value is None or isinstance(value, (str, bytes, dict, set)):
        return None
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # torch tensor
        value = value.detach().cpu().numpy()
    elif hasattr(value, "numpy") and callable(value.numpy):  # TensorFlow tensor
        try:
            value = value.numpy()
        except (TypeError, ValueError, RuntimeError, AttributeError):
            return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array


def check_array(
    answer: Any,
    expected: Any,
    *,
    name: str = "your answer",
    hint: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    show: bool = True,
) -> CheckResult:
    """Check an array (list, NumPy array or tensor) against the expected values."""
    target = np.asarray(expected, dtype=float)
    array = _to_array(answer)
    if array is None:
        return _verdict(
            False,
            f"{name} should be an array of numbers with shape {target.shape}, but it is "
            f"{_describe(answer)}.",
            show=show,
        )
    if array.shape != target.shape:
        return _verdict(
            False,
            f"{name} has shape {array.shape}, but it should have shape {target.shape}. "
            "Check which sizes you multiplied or stacked.",
            show=show,
        )
    if np.isnan(array).any():
        return _verdict(False, f"{name} contains NaN (not a number).", show=show)
    if np.allclose(array, target, rtol=rtol, atol=atol):
        return _verdict(True, f"{name} has the right shape {array.shape} and values.", show=show)
    wrong = int((~np.isclose(array, target, rtol=rtol, atol=atol)).sum())
    more = f" Hint: {hint}" if hint else ""
    return _verdict(
        False, f"{name} has the right shape, but {wrong} of its {array.size} values differ.{more}",
        show=show,
    )


def check_choice(
    answer: Any,
    expected: Any,
    *,
    options: Iterable[Any] | None = None,
    name: str = "your answer",
    hint: str = "",
    show: bool = True,
) -> CheckResult:
    """Check a choice among options (a string, a letter, True/False, a whole number)."""
    opts = list(options) if options is not None else None

    def norm(x: Any) -> Any:
        return x.strip().lower() if isinstance(x, str) else x

    if opts is not None and norm(answer) not in [norm(o) for o in opts]:
        listed = ", ".join(repr(o) for o in opts)
        return _verdict(False, f"{name} must be one of {listed}; it is {_describe(answer)}.", show=show)
    if type(answer) is not type(expected) and not (
        isinstance(answer, numbers.Integral) and isinstance(expected, numbers.Integral)
        and not isinstance(answer, bool)
    ):
        return _verdict(
            False,
            f"{name} should be a {type(expected).__name__}, but it is {_describe(answer)}.",
            show=show,
        )
    if norm(answer) == norm(expected):
        return _verdict(True, f"{name} is {answer!r}.", show=show)
    more = f" Hint: {hint}" if hint else ""
    return _verdict(False, f"{name} is {answer!r}, which is not right.{more}", show=show)


def check_function(
    func: Any,
    cases: Iterable[tuple[tuple, Any]],
    *,
    name: str | None = None,
    hint: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    show: bool = True,
) -> CheckResult:
    """Call a student's function on test cases ``((args...), expected)``.

    An exception inside the student's function is reported as a sentence
    naming the input, never as a traceback.
    """
    label = name or getattr(func, "__name__", "your function")
    if not callable(func):
        return _verdict(False, f"{label} should be a function (def ...), but it is {_describe(func)}.", show=show)
    for args, expected in cases:
        shown = ", ".join(_short(a, 30) for a in args)
        try:
            got = func(*args)
        except Exception as exc:  # noqa: BLE001 - any error in student code becomes a sentence
            return _verdict(
                False,
                f"{label}({shown}) raised {type(exc).__name__}: {exc}. Fix that, then check again.",
                show=show,
            )
        inner = (check_number if np.ndim(expected) == 0 else check_array)(
            got, expected, name=f"{label}({shown})", rtol=rtol, atol=atol, show=False
        )
        if not inner:
            message = inner.message.removeprefix("Not yet. ")
            more = f" Hint: {hint}" if hint and "Hint:" not in message else ""
            return _verdict(False, message + more, show=show)
    return _verdict(True, f"{label} gives the right result on every test case.", show=show)



# --------------------------------------------------------------------------- exercise registry

_EXERCISES: dict[str, Callable[[Any], CheckResult]] = {}


def exercise(key: str) -> Callable[[Callable[[Any], CheckResult]], Callable[[Any], CheckResult]]:
    """Register the checker of a notebook exercise under a key such as ``"01-2"``.

    The checker receives the student's answer and returns a
    :class:`CheckResult` (usually from one of the ``check_*`` helpers, with
    ``show=False``). Keeping the expected value inside the package, not in
    the notebook, means the answer is not printed next to the question.
    """

    def register(func: Callable[[Any], CheckResult]) -> Callable[[Any], CheckResult]:
        if key in _EXERCISES and _EXERCISES[key] is not func:
            raise ValueError(f"exercise {key!r} is registered twice")
        _EXERCISES[key] = func
        return func

    return register


def exercise_keys() -> list[str]:
    """The keys of every registered exercise."""
    return sorted(_EXERCISES)


def check(key: str, answer: Any, *, show: bool = True) -> CheckResult:
    """Check the answer to exercise ``key``; never raises.

    ``...`` (the placeholder in exercise cells) is answered with a reminder.
    """
    checker = _EXERCISES.get(key)
    if checker is None:
        return _verdict(False, f"There is no exercise {key!r}; the keys are {exercise_keys()}.", show=show)
    if answer is Ellipsis:
        return _verdict(False, "replace the ... with your answer, run the cell again.", show=show)
    try:
        result = checker(answer)
    except Exception as exc:  # noqa: BLE001 - a student never sees a traceback from a check
        result = CheckResult(
            False, f"Not yet. I could not check {_describe(answer)}: {type(exc).__name__}: {exc}."
        )
    if show:
        print(("\u2705 " if result.passed else "\u274c ") + result.message)
    return result
