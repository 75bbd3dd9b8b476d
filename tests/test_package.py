"""The package as a whole: every module's public names reach ``cu`` unshadowed."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import course_utils as cu

MODULES = [
    importlib.import_module(f"course_utils.{info.name}")
    for info in pkgutil.iter_modules(cu.__path__)
    if not info.name.startswith("_")
]


def test_every_module_declares_its_public_names():
    for module in MODULES:
        assert isinstance(getattr(module, "__all__", None), list), f"{module.__name__} has no __all__"


def test_no_two_modules_export_the_same_name():
    owners: dict[str, list[str]] = defaultdict(list)
    for module in MODULES:
        for name in module.__all__:
            owners[name].append(module.__name__)
    clashes = {name: mods for name, mods in owners.items() if len(mods) > 1}
    assert not clashes, f"one name, several modules (the later import would shadow the earlier): {clashes}"


def test_every_public_name_reaches_cu_unshadowed(monkeypatch):
    monkeypatch.undo()  # the suite's offline stand-in for data.is_online is not what cu exports
    for module in MODULES:
        for name in module.__all__:
            assert getattr(cu, name) is getattr(module, name), f"cu.{name} is not {module.__name__}.{name}"
