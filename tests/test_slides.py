"""Every notebook presents as live slides (jupyterlab-slideshow): its slide metadata follows the lesson.

The rules are in ``tools/slides.py``; ``tools/sync_launchers.py`` applies them. These tests
check the stored notebooks against the rules, and the rules against what a class needs:
a title slide, a slide per section, every demo on a slide with its questions, and nothing
a demo needs skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_slide_metadata_is_stored_and_up_to_date(path):
    notebook = _load(path)
    cells = notebook["cells"]
    stored = [slides.stored_type(c) for c in cells]
    # "continue the slide" is stored as no slide type (JupyterLab's presentation mode skips "-")
    assert not any(c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "-" for c in cells)
    assert stored == slides.slide_types(cells), (
        f"{path.name}: slide metadata out of date; run python tools/sync_launchers.py"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_slides_follow_the_lesson(path):
    cells = _load(path)["cells"]
    kinds = [slides.stored_type(c) for c in cells]
    assert kinds[0] == "slide", "the title opens the first slide"
    demos = [i for i, c in enumerate(cells) if slides.is_demo(c)]
    assert demos, f"{path.name} has no demo cell the slide rules recognise"
    for i in demos:
        assert kinds[i] != "skip", f"{path.name}: demo cell {i} is skipped"
        # the demo is on a slide whose first cell is its own question or the demo itself
        assert kinds[i] in ("slide", "subslide") or kinds[i - 1] in ("slide", "subslide"), (
            f"{path.name}: demo cell {i} does not open a slide of its own"
        )
    for i, cell in enumerate(cells):
        text = slides.source(cell)
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            assert kinds[i] == "slide", f"{path.name}: section {text.splitlines()[0]!r} does not start a slide"
        if cell["cell_type"] == "code" and "google.colab" in text:
            assert kinds[i] == "skip", "the Colab set-up cell is not shown to the class"
    shown = sum(k != "skip" for k in kinds)
    assert shown >= len(cells) // 2, f"{path.name}: most cells are skipped"


def test_every_demo_the_package_builds_is_recognised():
    """Each demo a notebook displays (each cu demo-building call) is a demo to the slide rules."""
    import re

    call = re.compile(r"\bcu\.\w+\.(demo_\w+|explore_\w+|browse_\w+|TrainingView|Playground)\b")
    for path in NOTEBOOKS:
        for cell in _load(path)["cells"]:
            if cell["cell_type"] == "code" and call.search(slides.source(cell)):
                assert slides.is_demo(cell), (path.name, slides.source(cell)[:80])


def test_the_rules_on_a_small_lesson():
    def md(text):
        return {"cell_type": "markdown", "metadata": {}, "source": text}

    def code(text):
        return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}

    cells = [md("# 99 · Title"), code("import google.colab"), md("## Setup"), code("import course_utils as cu"),
             md("## 1. An idea"), md("Some text."), code("x = 1"), code("assert x == 1"),
             md("### Try it\n\n**Before you run the cell, think:** ..."), code("cu.intro.demo_line_fit()"),
             md("**What to notice.** ..."), md("## 2. Next")]
    assert slides.slide_types(cells) == ["slide", "skip", "slide", "skip", "slide", "-", "-", "skip",
                                         "subslide", "-", "fragment", "slide"]
