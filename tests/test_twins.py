"""The framework twins (notebooks 06-10): NN_topic_keras.ipynb and NN_topic_pytorch.ipynb.

A twin is one lesson told twice. Both notebooks must have the same ``## `` sections in
the same order and the same exercises, and each must stay within its own framework: the
Keras notebook never imports PyTorch, the PyTorch notebook never imports TensorFlow or
Keras. A lone twin (one file without the other) fails too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TWIN = re.compile(r"^(\d\d_\w+?)_(keras|pytorch)\.ipynb$")
CHECK = re.compile(r"""cu\.check\(\s*["'](\d\d-\w+)["']""")
FORBIDDEN = {
    "keras": re.compile(r"^\s*(import torch|from torch\b|import torchvision)", re.M),
    "pytorch": re.compile(r"^\s*(import (tensorflow|keras)\b|from (tensorflow|keras)\b)|\bcu\.keras\b", re.M),
}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def headings(path: Path) -> list[str]:
    """The ``## `` section headings, in order (code blocks in markdown left out)."""
    found = []
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        inside_code = False
        for line in _text(cell).splitlines():
            if line.startswith("```"):
                inside_code = not inside_code
            elif not inside_code and line.startswith("## "):
                found.append(line[3:].strip())
    return found


def exercise_keys(path: Path) -> list[str]:
    """The exercise keys checked in the notebook's code cells, in order."""
    return [key for cell in _cells(path) if cell["cell_type"] == "code" for key in CHECK.findall(_text(cell))]


def framework_problems(path: Path, framework: str) -> list[str]:
    """Imports of the other framework in a twin's code cells."""
    problems = []
    for number, cell in enumerate(c for c in _cells(path) if c["cell_type"] == "code"):
        for match in FORBIDDEN[framework].finditer(_text(cell)):
            problems.append(f"{path.name}, code cell {number + 1}: {match.group(0).strip()!r}")
    return problems


def twin_problems(keras_path: Path, pytorch_path: Path) -> list[str]:
    """Everything that keeps two notebooks from being twins; empty when they are."""
    problems = []
    a, b = headings(keras_path), headings(pytorch_path)
    if a != b:
        only_a = [h for h in a if h not in b]
        only_b = [h for h in b if h not in a]
        problems.append(
            f"the '## ' sections differ: only in {keras_path.name}: {only_a}, only in {pytorch_path.name}: "
            f"{only_b}" + (" (same sections, another order)" if not only_a and not only_b else "")
        )
    ka, kb = exercise_keys(keras_path), exercise_keys(pytorch_path)
    if ka != kb:
        problems.append(f"the exercises differ: {keras_path.name} checks {ka}, {pytorch_path.name} checks {kb}")
    problems += framework_problems(keras_path, "keras") + framework_problems(pytorch_path, "pytorch")
    return problems


def pairs(folder: Path = NOTEBOOKS) -> dict[str, dict[str, Path]]:
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        match = TWIN.match(path.name)
        if match:
            found.setdefault(match.group(1), {})[match.group(2)] = path
    return found


PAIRS = pairs()


def test_twins_exist_from_06_on():
    assert "06_mlp" in PAIRS


@pytest.mark.parametrize("topic", sorted(PAIRS))
def test_twins_tell_the_same_lesson(topic):
    pair = PAIRS[topic]
    missing = {"keras", "pytorch"} - set(pair)
    assert not missing, f"{topic}: the {' and '.join(missing)} twin is missing"
    problems = twin_problems(pair["keras"], pair["pytorch"])
    assert not problems, f"{topic}:\n  " + "\n  ".join(problems)
    assert headings(pair["keras"]) and exercise_keys(pair["keras"]), f"{topic} has no sections or no exercises"


def _notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": text, **({"outputs": [], "execution_count": None}
                                                                         if kind == "code" else {})}
                    for kind, text in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_the_check_catches_drifting_twins(tmp_path):
    keras_nb = _notebook(tmp_path / "09_x_keras.ipynb", [
        ("markdown", "# 09\n## Setup"), ("code", "import keras"), ("markdown", "## 1. Data\n```\n## not a heading\n```"),
        ("code", 'cu.check("09-1", a)'), ("markdown", "## Summary"),
    ])
    same = _notebook(tmp_path / "09_x_pytorch.ipynb", [
        ("markdown", "## Setup"), ("code", "import torch"), ("markdown", "## 1. Data"),
        ("code", 'cu.check("09-1", a);'), ("markdown", "## Summary"),
    ])
    assert twin_problems(keras_nb, same) == []
    assert set(pairs(tmp_path)) == {"09_x"}

    drifted = _notebook(tmp_path / "09_y_pytorch.ipynb", [
        ("markdown", "## Setup"), ("code", "import torch\nimport keras"), ("markdown", "## 1. The data"),
        ("code", 'cu.check("09-1", a)\ncu.check("09-2", b)'), ("markdown", "## Summary"),
    ])
    problems = twin_problems(keras_nb, drifted)
    assert len(problems) == 3, problems
    assert "only in 09_x_keras.ipynb: ['1. Data']" in problems[0]
    assert "['09-1', '09-2']" in problems[1] and "'import keras'" in problems[2]

    reordered = _notebook(tmp_path / "09_z_pytorch.ipynb", [
        ("markdown", "## 1. Data"), ("markdown", "## Setup"), ("code", 'cu.check("09-1", a)'), ("markdown", "## Summary"),
    ])
    assert "another order" in twin_problems(keras_nb, reordered)[0]
    keras_with_torch = _notebook(tmp_path / "09_w_keras.ipynb", [("code", "from torch import nn")])
    assert framework_problems(keras_with_torch, "keras")
