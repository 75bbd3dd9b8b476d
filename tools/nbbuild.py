"""Tiny helper for writing course notebooks from Python: ``md(...)``, ``code(...)``, ``save(...)``.

Authors may write a notebook by hand in JupyterLab instead; this only makes
the stored form (no outputs, stable cell ids, course metadata) easy to get right.
Run ``python tools/sync_launchers.py`` afterwards to add badges and the Colab cell.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _cell(kind: str, source: str, tags: tuple[str, ...] = ()) -> dict:
    text = textwrap.dedent(source).strip("\n")
    cell = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
    if tags:
        cell["metadata"]["tags"] = list(tags)
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def md(source: str, *, tags: tuple[str, ...] = ()) -> dict:
    return _cell("markdown", source, tags)


def code(source: str, *, tags: tuple[str, ...] = ()) -> dict:
    return _cell("code", source, tags)


def save(path: str | Path, cells: list[dict], *, title: str, learn: str, minutes: int) -> None:
    """Write the notebook with stable cell ids and ``metadata.course``."""
    used: set[str] = set()
    for i, cell in enumerate(cells):
        tags = cell["metadata"].get("tags", [])
        first = "".join(cell["source"])[:24].lower()
        base = tags[0] if tags else re.sub(r"[^a-z0-9]+", "-", first).strip("-") or "cell"
        cid = f"{base}-{i}" if base in used or not tags else base
        used.add(cid)
        cell = {"id": cid, **cell}
        cells[i] = cell
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": KERNEL,
            "language_info": {"name": "python"},
            "course": {"title": title, "learn": learn, "minutes": minutes},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
