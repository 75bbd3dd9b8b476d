"""Exercise checks and their stepped hints.

A right answer gets a short confirmation, a wrong one a pointer to the next
hint, and a wrong type or shape a clear sentence. A check never raises.

Only :func:`check` prints (once); the ``check_*`` helpers and every
exercise's checker *return* a :class:`CheckResult`, which is truthy when the
answer is right, so tests and notebooks can assert on it. The placeholder
``...`` (in an answer, or as what a student's function still returns) is
recognised here, once, for every exercise.

Authors register an exercise with its hints, vague to specific::

    @exercise("04-3", hints=("Think about ...", "Look at ...", "Write ..."))
    def _check_04_3(answer) -> CheckResult:
        return check_number(answer, 3, name="the number of neurons")

and students call ``cu.check("04-3", answer)`` and ``cu.hint("04-3")``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validate as v

__all__ = [
    "CheckResult",
    "check_number",
    "check_array",
    "check_choice",
    "check_function",
    "is_placeholder",
    "exercise",
    "check",
    "hint",
    "hints",
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


def _verdict(passed: bool, message: str) -> CheckResult:
    return CheckResult(passed, ("Correct! " if passed else "Not yet. ") + message)


def _print(result: CheckResult) -> None:
    print(("\u2705 " if result.passed else "\u274c ") + result.message)


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget to replace the placeholder, or to `return` a value?)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__} ({_short(value)})"


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _author_args(name: Any, hint: Any, rtol: Any = 0.0, atol: Any = 0.0) -> None:
    """The arguments a lesson's author passes (not the student's answer): wrong ones are a bug, raised."""
    v.as_str(name, "name")
    v.as_str(hint, "hint", allow_empty=True)
    v.as_number(rtol, "rtol", low=0)
    v.as_number(atol, "atol", low=0)


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
) -> CheckResult:
    """Check a single number, e.g. ``check_number(slope, 12.0, hint="...")``."""
    expected = v.as_number(expected, "expected")
    _author_args(name, hint, rtol, atol)
    value = _as_number(answer)
    if value is None:
        return _verdict(False, f"{name} should be a number, but it is {_describe(answer)}.")
    if math.isnan(value):
        return _verdict(False, f"{name} is NaN (not a number): look for a division by zero or a log of 0.")
    if math.isclose(value, float(expected), rel_tol=rtol, abs_tol=atol):
        return _verdict(True, f"{name} = {value:.6g}.")
    more = f" Hint: {hint}" if hint else ""
    return _verdict(False, f"{name} is {value:.6g}, which is not what we expected.{more}")


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
) -> CheckResult:
    """Check an array (list, NumPy array or tensor) against the expected values."""
    target = v.as_array(expected, "expected")
    _author_args(name, hint, rtol, atol)
    array = _to_array(answer)
    if array is None:
        return _verdict(
            False,
            f"{name} should be an array of numbers with shape {target.shape}, but it is "
            f"{_describe(answer)}."
        )
    if array.shape != target.shape:
        return _verdict(
            False,
            f"{name} has shape {array.shape}, but it should have shape {target.shape}. "
            "Check which sizes you multiplied or stacked."
        )
    if np.isnan(array).any():
        return _verdict(False, f"{name} contains NaN (not a number).")
    if np.allclose(array, target, rtol=rtol, atol=atol):
        return _verdict(True, f"{name} has the right shape {array.shape} and values.")
    wrong = int((~np.isclose(array, target, rtol=rtol, atol=atol)).sum())
    more = f" Hint: {hint}" if hint else ""
    return _verdict(
        False, f"{name} has the right shape, but {wrong} of its {array.size} values differ.{more}"
    )


def check_choice(
    answer: Any,
    expected: Any,
    *,
    options: Iterable[Any] | None = None,
    name: str = "your answer",
    hint: str = "",
) -> CheckResult:
    """Check a choice among options (a string, a letter, True/False, a whole number)."""
    _author_args(name, hint)
    if options is not None and (not hasattr(options, "__iter__") or isinstance(options, bytes)):
        raise TypeError(f"options should be a list of choices (or a string of letters), not {v.describe(options)}.")
    opts = list(options) if options is not None else None
    if opts is not None and not opts:
        raise ValueError("options is empty: give the choices a student picks from.")

    def norm(x: Any) -> Any:
        return x.strip().lower() if isinstance(x, str) else x

    if opts is not None and norm(answer) not in [norm(o) for o in opts]:
        listed = ", ".join(repr(o) for o in opts)
        return _verdict(False, f"{name} must be one of {listed}; it is {_describe(answer)}.")
    if type(answer) is not type(expected) and not (
        isinstance(answer, numbers.Integral) and isinstance(expected, numbers.Integral)
        and not isinstance(answer, bool)
    ):
        return _verdict(
            False,
            f"{name} should be a {type(expected).__name__}, but it is {_describe(answer)}."
        )
    if norm(answer) == norm(expected):
        return _verdict(True, f"{name} is {answer!r}.")
    more = f" Hint: {hint}" if hint else ""
    return _verdict(False, f"{name} is {answer!r}, which is not right.{more}")


def check_function(
    func: Any,
    cases: Iterable[tuple[tuple, Any]],
    *,
    name: str | None = None,
    hint: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> CheckResult:
    """Call a student's function on test cases ``((args...), expected)``.

    An exception inside the student's function is reported as a sentence
    naming the input, never as a traceback.
    """
    if name is not None:
        v.as_str(name, "name")
    _author_args("name", hint, rtol, atol)
    if isinstance(cases, (str, bytes)) or not hasattr(cases, "__iter__"):
        raise TypeError(f"cases should be a list of ((args...), expected) pairs, not {v.describe(cases)}.")
    cases = list(cases)
    if not cases or not all(isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], tuple) for c in cases):
        raise ValueError("cases should be a non-empty list of ((args...), expected) pairs.")
    label = name or getattr(func, "__name__", "your function")
    if not callable(func):
        return _verdict(False, f"{label} should be a function (def ...), but it is {_describe(func)}.")
    for args, expected in cases:
        shown = ", ".join(_short(a, 30) for a in args)
        try:
            got = func(*args)
        except Exception as exc:  # noqa: BLE001 - any error in student code becomes a sentence
            return _verdict(
                False,
                f"{label}({shown}) raised {type(exc).__name__}: {exc}. Fix that, then check again."
            )
        if got is Ellipsis:
            return _verdict(False, f"{label} still returns ...: replace the ... with your code.")
        inner = (check_number if np.ndim(expected) == 0 else check_array)(
            got, expected, name=f"{label}({shown})", rtol=rtol, atol=atol
        )
        if not inner:
            message = inner.message.removeprefix("Not yet. ")
            more = f" Hint: {hint}" if hint and "Hint:" not in message else ""
            return _verdict(False, message + more)
    return _verdict(True, f"{label} gives the right result on every test case.")


# --------------------------------------------------------------------------- placeholders


def is_placeholder(answer: Any) -> bool:
    """True when ``answer`` is, or still contains, the exercise placeholder ``...``.

    Recognised: ``...`` itself, a list/tuple/dict holding ``...``, and a
    function whose body is still just ``...``. The function is recognised by
    its compiled code, without calling it (its arguments are not known here).
    """
    if answer is Ellipsis:
        return True
    if isinstance(answer, (list, tuple)):
        return any(is_placeholder(a) for a in answer)
    if isinstance(answer, dict):
        return any(is_placeholder(a) for a in answer.values())
    code = getattr(answer, "__code__", None)
    return (
        code is not None
        and code.co_code in _EMPTY_BODIES
        and not code.co_names
        # `return 0` compiles like `return ...`: only None, Ellipsis and a docstring may be constants
        and all(c is None or c is Ellipsis or isinstance(c, str) for c in code.co_consts)
    )


def _empty_bodies() -> frozenset[bytes]:
    """The compiled code of functions whose body is still the placeholder."""

    def a(): ...

    def b():
        "doc"
        ...

    def c():
        return ...

    def d():
        "doc"
        return ...

    return frozenset(f.__code__.co_code for f in (a, b, c, d, lambda: ...))


_EMPTY_BODIES = _empty_bodies()


# --------------------------------------------------------------------------- exercise registry


@dataclass(frozen=True)
class _Exercise:
    checker: Callable[[Any], CheckResult]
    hints: tuple[str, ...]


_EXERCISES: dict[str, _Exercise] = {}
_HINTS_SHOWN: dict[str, int] = {}


def exercise(
    key: str, *, hints: Iterable[str] = ()
) -> Callable[[Callable[[Any], CheckResult]], Callable[[Any], CheckResult]]:
    """Register the checker of a notebook exercise under a key such as ``"01-2"``.

    The checker receives the student's answer and *returns* a
    :class:`CheckResult` (usually from one of the ``check_*`` helpers); it
    never prints. ``hints`` go from vague to specific; :func:`hint` shows
    them one at a time. Keeping the expected value inside the package, not in
    the notebook, means the answer is not printed next to the question.
    """
    v.as_str(key, "key")
    if isinstance(hints, str) or not hasattr(hints, "__iter__"):
        raise TypeError(f"hints should be a tuple of strings, vague to specific, not {v.describe(hints)}.")
    hints = tuple(hints)
    if not all(isinstance(h, str) and h.strip() for h in hints):
        raise TypeError(f"the hints of exercise {key!r} should be non-empty strings")

    def register(func: Callable[[Any], CheckResult]) -> Callable[[Any], CheckResult]:
        known = _EXERCISES.get(key)
        if known is not None and known.checker is not func:
            raise ValueError(f"exercise {key!r} is registered twice")
        _EXERCISES[key] = _Exercise(func, hints)
        return func

    return register


def exercise_keys() -> list[str]:
    """The keys of every registered exercise."""
    return sorted(_EXERCISES)


def hints(key: str) -> tuple[str, ...]:
    """All hints of exercise ``key``, vague to specific (for tests and teachers)."""
    v.as_str(key, "key")
    found = _EXERCISES.get(key)
    return found.hints if found is not None else ()


def _unknown(key: Any) -> CheckResult:
    return _verdict(False, f"There is no exercise {key!r}; the keys are {', '.join(exercise_keys())}.")


def hint(key: str, step: int | None = None) -> str:
    """Show the next hint of exercise ``key`` (or hint number ``step``, from 1).

    Each call goes one step further, from a nudge to the last, most specific
    hint, which then stays; the hint is printed and returned.
    """
    found = _EXERCISES.get(key) if isinstance(key, str) else None
    if found is None:
        text = _unknown(key).message.removeprefix("Not yet. ")
    elif not found.hints:
        text = f"Exercise {key} has no hints; read the question again, then try a small case by hand."
    else:
        if step is None:
            step = min(_HINTS_SHOWN.get(key, 0) + 1, len(found.hints))
        elif isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= len(found.hints):
            text = f"Exercise {key} has hints 1 to {len(found.hints)}; step={step!r} is not one of them."
            print("\U0001f4a1 " + text)
            return text
        _HINTS_SHOWN[key] = max(_HINTS_SHOWN.get(key, 0), step)
        more = "" if step == len(found.hints) else f' (run cu.hint("{key}") again for a more specific one)'
        text = f"Hint {step} of {len(found.hints)} for {key}: {found.hints[step - 1]}{more}"
    print("\U0001f4a1 " + text)
    return text


def _judge(key: str, answer: Any) -> CheckResult:
    found = _EXERCISES.get(key) if isinstance(key, str) else None
    if found is None:
        return _unknown(key)
    if is_placeholder(answer):
        return _verdict(False, "replace the ... with your answer, then run the cell again.")
    try:
        result = found.checker(answer)
    except Exception as exc:  # noqa: BLE001 - a student never sees a traceback from a check
        return CheckResult(False, f"Not yet. I could not check {_describe(answer)}: {type(exc).__name__}: {exc}.")
    if not isinstance(result, CheckResult):
        return CheckResult(False, f"Not yet. The checker of {key} gave no verdict (a bug in the course: please report it).")
    if not result.passed and found.hints and "cu.hint(" not in result.message:
        result = CheckResult(False, f'{result.message} For a hint, run cu.hint("{key}").')
    return result


def check(key: str, answer: Any, *, show: bool = True) -> CheckResult:
    """Check the answer to exercise ``key``: print the verdict once (unless ``show=False``) and return it.

    Never raises. ``...`` (the placeholder in exercise cells) is answered with
    a reminder; a wrong answer points to :func:`hint`.
    """
    v.as_bool(show, "show")
    result = _judge(key, answer)
    if show:
        _print(result)
    return result
