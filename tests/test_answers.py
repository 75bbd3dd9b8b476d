"""The answer key: every exercise has a worked solution in answers/, and each passes its check."""

from __future__ import annotations

import runpy
from pathlib import Path

import course_utils as cu
import pytest

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "answers"


def _solutions() -> dict[str, object]:
    found: dict[str, object] = {}
    for path in sorted(ANSWERS.glob("[0-9][0-9]_*.py")):
        try:
            solutions = runpy.run_path(str(path))["SOLUTIONS"]
        except ImportError as exc:  # a framework notebook's key needs its framework
            pytest.skip(f"{path.name} needs {exc.name}")
        for key, answer in solutions.items():
            assert key not in found, f"exercise {key} is solved in two files"
            assert key[:2] == path.name[:2], f"{path.name} solves {key}, which belongs to notebook {key[:2]}"
            found[key] = answer
    return found


def _notebook_keys() -> list[str]:
    import json
    import re

    keys = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        keys.update(re.findall(r"""cu\.check\(\s*["'](\d\d-\w+)["']""", code))
    return sorted(keys)


def test_every_exercise_in_a_notebook_is_registered_and_solved():
    solutions = _solutions()
    registered = set(cu.checks.exercise_keys())
    missing_checker = [k for k in _notebook_keys() if k not in registered]
    assert not missing_checker, f"notebooks check exercises nobody registered: {missing_checker}"
    unsolved = [k for k in _notebook_keys() if k not in solutions]
    assert not unsolved, f"no worked solution in answers/ for {unsolved}"


@pytest.mark.parametrize("key", _notebook_keys())
def test_each_solution_passes_its_check(key):
    solutions = _solutions()
    if key not in solutions:
        pytest.fail(f"no solution for {key} in answers/")
    result = cu.check(key, solutions[key], show=False)
    assert result.passed, f"the answer key's solution to {key} fails its own check: {result.message}"
