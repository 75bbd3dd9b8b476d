"""Every public function answers a wrong type, an empty array and NaN with a sentence.

A student who passes the wrong thing must get a ``TypeError`` or
``ValueError`` raised by the package itself (not from deep inside NumPy or
matplotlib) whose message says what was expected. The valid calls live in
``tests/input_examples/<namespace>.py``; a public name without one fails
here, so a new function cannot skip its input checks.
"""

from __future__ import annotations

import importlib
import inspect
import os
import traceback
from pathlib import Path

import course_utils as cu
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

PACKAGE = Path(cu.__file__).resolve().parent
EXAMPLES = Path(__file__).resolve().parent / "input_examples"
# The namespaces whose public names every student can reach.
NAMESPACES = [n for n in cu.__all__ if inspect.ismodule(vars(cu).get(n)) or n in cu._LAZY]
# cu.keras / cu.torch are checked once they exist (and their framework is installed).
NAMESPACES = [n for n in NAMESPACES if n not in cu._LAZY or (PACKAGE / f"{n}.py").exists()]


class _Wrong:
    """A value of a type no course function accepts."""

    def __repr__(self) -> str:
        return "<a wrong thing>"


WRONG = _Wrong()


def _examples(namespace: str):
    path = EXAMPLES / f"{namespace}.py"
    if not path.exists():
        return None, None
    module = importlib.import_module(f"input_examples.{namespace}")
    return module.CALLS, getattr(module, "SKIP", {})


def _namespace(name: str):
    if name in ("keras", "torch"):
        pytest.importorskip({"keras": "keras", "torch": "torch"}[name])
    return getattr(cu, name)


def _public(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return [n for n in names if callable(getattr(module, n)) and not inspect.ismodule(getattr(module, n))]


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_public_callable_has_an_example_call(namespace):
    module = _namespace(namespace)
    calls, skip = _examples(namespace)
    assert calls is not None, f"tests/input_examples/{namespace}.py is missing"
    missing = [n for n in _public(module) if n not in calls and n not in skip]
    assert not missing, f"cu.{namespace}: no example call in tests/input_examples/{namespace}.py for {missing}"
    stale = [n.split(".")[0] for n in calls if not hasattr(module, n.split(".")[0])]
    assert not stale, f"tests/input_examples/{namespace}.py names what cu.{namespace} lacks: {stale}"


def _variants(call):
    """(label, args, kwargs, param) for every bad replacement of one argument."""
    sig_names = [f"arg{i}" for i in range(len(call.args))]
    slots = [(i, name, value) for i, (name, value) in enumerate(zip(sig_names, call.args, strict=True))]
    slots += [(None, name, value) for name, value in call.kwargs.items()]
    for index, name, value in slots:
        def replaced(new, index=index, name=name):
            args, kwargs = list(call.args), dict(call.kwargs)
            if index is None:
                kwargs[name] = new
            else:
                args[index] = new
            return tuple(args), kwargs

        if name not in call.any_ok and f"arg{index}" not in call.any_ok:
            yield f"{name}=<wrong type>", *replaced(WRONG), name
        arraylike = isinstance(value, np.ndarray) or (
            isinstance(value, (list, tuple)) and value and all(isinstance(x, (int, float, list, tuple)) for x in value)
        )
        if arraylike and name not in call.empty_ok and f"arg{index}" not in call.empty_ok:
            yield f"{name}=<empty array>", *replaced(np.array([])), name
        if name in call.nan_ok or f"arg{index}" in call.nan_ok:
            continue
        if arraylike:
            try:
                nan = np.full(np.shape(value), np.nan)
            except ValueError:
                continue
            if nan.size:
                yield f"{name}=<NaN array>", *replaced(nan), name
        elif isinstance(value, float):
            yield f"{name}=NaN", *replaced(float("nan")), name


def _cases():
    for namespace in NAMESPACES:
        calls, _ = _examples(namespace)
        for name, call in (calls or {}).items():
            yield pytest.param(namespace, name, call, id=f"{namespace}.{name}")


def _target(namespace, name, call):
    module = _namespace(namespace)
    if "." in name:
        cls_name, method = name.split(".", 1)
        assert call.make_self is not None, f"{name} needs _self=factory"
        return getattr(call.make_self(), method)
    return getattr(module, name)


def _raised_in_package(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return any(Path(f.filename).resolve().is_relative_to(PACKAGE) for f in frames[-2:])


@pytest.mark.parametrize(("namespace", "name", "call"), list(_cases()))
def test_bad_input_gets_a_sentence(namespace, name, call):
    func = _target(namespace, name, call)
    if call.run_valid:
        func(*call.args, **call.kwargs)
    problems = []
    for label, args, kwargs, param in _variants(call):
        func = _target(namespace, name, call)
        if param in call.verdict:
            try:
                result = func(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{label}: a check raised {type(exc).__name__}: {exc}")
                continue
            if isinstance(result, cu.checks.CheckResult) and result.passed:
                problems.append(f"{label}: a bad answer was judged right")
            continue
        try:
            func(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            message = str(exc)
            if len(message) < 20 or " " not in message:
                problems.append(f"{label}: {type(exc).__name__} without a sentence: {message!r}")
            elif not _raised_in_package(exc):
                where = traceback.extract_tb(exc.__traceback__)[-1]
                problems.append(f"{label}: raised in {os.path.basename(where.filename)}:{where.lineno}, "
                                f"not by course_utils: {message}")
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
        else:
            problems.append(f"{label}: accepted silently")
    assert not problems, f"cu.{namespace}.{name}:\n  " + "\n  ".join(problems)
