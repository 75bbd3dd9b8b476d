"""The package as a whole: a small front door, namespaces that say their job, lazy frameworks."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import course_utils as cu
import pytest

ROOT = Path(__file__).resolve().parents[1]
LAZY = set(cu._LAZY)
MODULES = [
    importlib.import_module(f"course_utils.{info.name}")
    for info in pkgutil.iter_modules(cu.__path__)
    if not info.name.startswith("_") and info.name not in LAZY
]


def test_the_front_door_is_small():
    public = [n for n in dir(cu) if not n.startswith("_")]
    assert len(public) <= 30, f"cu. offers {len(public)} names: {public}"
    assert set(public) == set(cu.__all__), "dir(cu) and cu.__all__ disagree"
    leaked = [n for n in public if inspect.ismodule(vars(cu).get(n)) and n not in cu.__all__[9:]]
    assert not leaked


def test_the_front_door_holds_what_every_notebook_needs():
    for name in ("setup", "pick", "is_fast", "set_seed", "doctor", "check", "hint", "load_mnist", "load_imdb"):
        assert callable(getattr(cu, name))


def test_an_unknown_name_says_where_to_look():
    with pytest.raises(AttributeError, match="namespace"):
        cu.demo_line_fit  # noqa: B018


def test_every_module_declares_its_public_names():
    for module in MODULES:
        assert isinstance(getattr(module, "__all__", None), list), f"{module.__name__} has no __all__"


def test_no_logic_exported_twice():
    """One home per name: two modules exporting the same name is a copy (or a shadow)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for module in MODULES:
        for name in module.__all__:
            if getattr(module, name).__module__ == module.__name__ if hasattr(getattr(module, name), "__module__") else True:
                owners[name].append(module.__name__)
    clashes = {name: mods for name, mods in owners.items() if len(mods) > 1}
    assert not clashes, f"one name, several modules: {clashes}"


def test_every_name_the_notebooks_use_resolves_through_its_namespace():
    bad = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for dotted in sorted(set(re.findall(r"\bcu\.(\w+(?:\.\w+)?)", code))):
            head, _, tail = dotted.partition(".")
            if head in LAZY:
                continue  # imported by the framework notebook itself; tested in test_frameworks
            if head not in cu.__all__:
                bad.append(f"{path.name}: cu.{dotted}")
            elif tail and inspect.ismodule(vars(cu)[head]) and not hasattr(vars(cu)[head], tail):
                bad.append(f"{path.name}: cu.{dotted}")
    assert not bad, "notebooks use names that do not exist:\n" + "\n".join(bad)


@pytest.mark.parametrize(("touch", "absent"), [("keras", "torch"), ("torch", "tensorflow")])
def test_one_framework_per_kernel(touch, absent):
    pytest.importorskip(touch)
    code = (
        "import sys, course_utils as cu\n"
        f"assert {absent!r} not in sys.modules and {touch!r} not in sys.modules, 'imported too early'\n"
        f"getattr(cu, {touch!r})\n"
        f"assert {absent!r} not in sys.modules, sorted(m for m in sys.modules if m.startswith({absent!r}))[:5]\n"
        "print('ok')\n"
    )
    if not (ROOT / "course_utils" / f"{touch}.py").exists():
        pytest.skip(f"course_utils/{touch}.py is not written yet")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]


def test_importing_the_package_loads_no_framework():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, course_utils; "
         "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr[-1000:]
