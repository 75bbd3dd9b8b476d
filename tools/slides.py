"""Give every notebook the slide metadata a live presentation needs.

A teacher presents a notebook as slides with working sliders: JupyterLab's
presentation mode (the jupyterlab-slideshow extension, inside JupyterLab itself,
so widgets stay live) shows each cell according to
``cell.metadata.slideshow.slide_type``, the metadata nbconvert's slides and RISE
read too. (jupyterlab-rise 0.43.1 was tried first: its separate slideshow page
cannot load ipywidgets 8's frontend, and its demos stay blank.)
The rules follow the lesson's own structure, so the slides need no hand work:

* the title cell starts the title slide; the launch badges stay on it;
* each ``## `` section starts a slide, each ``### `` heading a sub-slide;
* a demo gets a sub-slide of its own that opens with its questions (the
  markdown just before it); its "What to notice" comes in as a fragment;
* cells a class does not need to see are skipped: the Colab set-up cell, the
  ``## Setup`` code, and code cells that only assert the notebook's claims;
* everything else continues the slide it is on (``-``).

    python tools/slides.py           # write the metadata into every notebook
    python tools/slides.py --check   # report notebooks whose metadata is out of date

``tools/sync_launchers.py`` applies the same rules whenever it syncs a notebook.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# A cell that builds an interactive demo: a cu demo (cu.<topic>.demo_*, the playground,
# the live training view, the prediction explorer, the image browser).
DEMO = re.compile(
    r"\bcu\.\w+\.(?:demo_\w+|explore_\w+|browse_\w+|TrainingView(?:\.replay)?|Playground)\s*\("
)


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def is_demo(cell: dict) -> bool:
    return cell["cell_type"] == "code" and bool(DEMO.search(source(cell)))


def _only_asserts(text: str) -> bool:
    """True for a code cell that only checks claims: assert statements (and comments)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not lines or not lines[0].startswith("assert"):
        return False
    # continuation lines of a multi-line assert are indented or close a bracket
    return all(line.startswith(("assert", " ", ")", "]", "}")) for line in lines)


def slide_types(cells: list[dict]) -> list[str]:
    """The slide type of every cell, by the rules in the module docstring."""
    types = ["-"] * len(cells)
    in_setup = False
    for i, cell in enumerate(cells):
        text = source(cell).lstrip()
        if i == 0:
            types[i] = "slide"
            continue
        if cell["cell_type"] == "markdown":
            in_setup = text.startswith("## Setup")
            if text.startswith("## "):
                types[i] = "slide"
            elif text.startswith("### "):
                types[i] = "subslide"
            elif re.match(r"\**What to notice", text):
                types[i] = "fragment"
            continue
        if cell["cell_type"] != "code":
            continue
        if is_demo(cell):
            question = i - 1
            if question > 0 and cells[question]["cell_type"] == "markdown" and types[question] == "-":
                types[question] = "subslide"  # the demo's questions open its slide
            elif types[question] not in ("slide", "subslide"):
                types[i] = "subslide"
            continue
        if "google.colab" in text or "cu.setup(" in text or in_setup or _only_asserts(text):
            types[i] = "skip"
    return types


def stored_type(cell: dict) -> str:
    """A cell's stored slide type; "-" (continue the slide) when it has none."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"


def add_slides(notebook: dict) -> bool:
    """Give a notebook (a dict, changed in place) its slide metadata; True when something changed."""
    changed = False
    for cell, kind in zip(notebook["cells"], slide_types(notebook["cells"]), strict=True):
        meta = cell.setdefault("metadata", {})
        if stored_type(cell) == kind and (kind != "-" or "slideshow" not in meta):
            continue
        if kind == "-":
            # "continue the slide" is stored as no slide type: nbconvert and RISE read a missing
            # type as "-", and JupyterLab's presentation mode (jupyterlab-slideshow) knows only
            # a missing type, not the string "-" (a cell marked "-" would never be shown).
            meta.pop("slideshow", None)
        else:
            meta["slideshow"] = {"slide_type": kind}
        changed = True
    if notebook.setdefault("metadata", {}).pop("rise", None) is not None:
        changed = True  # RISE's settings: not used by JupyterLab's presentation mode
    return changed


def apply(path: Path) -> bool:
    """Write the slide metadata into one notebook; True when it changed."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    changed = add_slides(notebook)
    if changed:
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if args.check:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            kinds = slide_types(notebook["cells"])
            have = [stored_type(c) for c in notebook["cells"]]
            stray = any(c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "-" for c in notebook["cells"])
            if have != kinds or stray:
                stale.append(path.name)
        elif apply(path):
            print(f"updated {path.relative_to(ROOT)}")
    if stale:
        print("slide metadata out of date (run python tools/slides.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
