"""Write the repository's public address into every launcher from one place.

The address lives in ``pyproject.toml`` under ``[tool.course]`` (``repository``
and ``branch``). This script writes it into:

* each notebook's badge cell (tagged ``launch-badges``: Open in Colab, Launch Binder),
* each notebook's Colab setup cell (tagged ``colab-setup``),
* the notebook table of ``README.md`` (between ``<!-- notebooks:start -->`` and
  ``<!-- notebooks:end -->``), built from each notebook's ``metadata.course``
  (``title``, ``learn``, ``minutes``), and its ``git clone`` lines (between
  ``<!-- clone:start -->`` and ``<!-- clone:end -->``).

It also strips stored outputs and stores each cell's source as a list of
lines, as JupyterLab does. Run it after changing the address or adding a
notebook; ``--check`` only reports what is out of date (the tests use it).

    python tools/sync_launchers.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slides import add_slides  # noqa: E402  (tools/slides.py, next to this file)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
START, END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
CLONE_START, CLONE_END = "<!-- clone:start -->", "<!-- clone:end -->"


def course_config() -> tuple[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        config = tomllib.load(handle)["tool"]["course"]
    return config["repository"].rstrip("/"), config.get("branch", "main")


def github_path(repository: str) -> str:
    prefix = "https://github.com/"
    if not repository.startswith(prefix):
        raise SystemExit(f"[tool.course] repository must start with {prefix}, got {repository!r}")
    return repository[len(prefix):]


def colab_url(repository: str, branch: str, name: str) -> str:
    return f"https://colab.research.google.com/github/{github_path(repository)}/blob/{branch}/notebooks/{name}"


def binder_url(repository: str, branch: str, name: str) -> str:
    return f"https://mybinder.org/v2/gh/{github_path(repository)}/{branch}?urlpath=lab/tree/notebooks/{name}"


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def badge_markdown(repository: str, branch: str, name: str) -> str:
    return (
        f"[![Open in Colab]({COLAB_BADGE})]({colab_url(repository, branch, name)}) "
        f"[![Launch Binder]({BINDER_BADGE})]({binder_url(repository, branch, name)})"
    )


def colab_setup_source(repository: str, branch: str) -> str:
    return f'''# Colab only: fetch the course and install what Colab lacks (this package, mlxtend).
# Colab's own TensorFlow, Keras, PyTorch and ipywidgets are used as they are.
import sys

if "google.colab" in sys.modules:
    import importlib.util
    import subprocess

    REPOSITORY = "{repository}"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", "{branch}",
                    REPOSITORY, "/content/course"], check=False)
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", "-e", "/content/course"], check=True)
    if importlib.util.find_spec("mlxtend") is None:
        subprocess.run([*pip, "mlxtend"], check=True)
    sys.path.insert(0, "/content/course")'''


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tagged(cells: list[dict], tag: str) -> int | None:
    for i, cell in enumerate(cells):
        if tag in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def _new_cell(kind: str, tag: str, source: str) -> dict:
    cell = {"cell_type": kind, "id": tag, "metadata": {"tags": [tag]}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def sync_notebook(path: Path, repository: str, branch: str) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    badges = badge_markdown(repository, branch, path.name)
    i = _tagged(cells, "launch-badges")
    if i is None:
        cells.insert(1, _new_cell("markdown", "launch-badges", badges))
    else:
        cells[i]["source"] = badges
    setup = colab_setup_source(repository, branch)
    j = _tagged(cells, "colab-setup")
    if j is None:
        first_code = next((k for k, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
        cells.insert(first_code, _new_cell("code", "colab-setup", setup))
    else:
        cells[j]["source"] = setup
    add_slides(nb)  # the live-slides metadata follows the cells as they now are
    for cell in cells:
        # the form JupyterLab and nbformat store: a list of lines
        cell["source"] = _source(cell).splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def notebook_table(repository: str, branch: str) -> str:
    rows = [
        "| # | notebook | what you learn | time in class | launch |",
        "|---|---|---|---|---|",
    ]
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course")
        if not meta:
            raise SystemExit(f"{path.name} has no metadata.course (title, learn, minutes)")
        rows.append(
            f"| {path.name[:2]} | [{meta['title']}](notebooks/{path.name}) | {meta['learn']} | "
            f"{meta['minutes']} min | {badge_markdown(repository, branch, path.name)} |"
        )
    return "\n".join(rows)


def clone_block(repository: str) -> str:
    folder = repository.rsplit("/", 1)[-1]
    return f"```bash\ngit clone {repository}.git\ncd {folder}\n```"


def dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sync launch badges, Colab cells and the README table.")
    parser.add_argument("--check", action="store_true", help="report what is out of date; change nothing")
    parser.add_argument("--only", help="touch only notebooks whose name contains this (and not the README)")
    args = parser.parse_args(argv)
    repository, branch = course_config()
    stale: list[str] = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if args.only and args.only not in path.name:
            continue
        new = dump(sync_notebook(path, repository, branch))
        if new != path.read_text(encoding="utf-8"):
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    readme = README.read_text(encoding="utf-8") if not args.only else ""
    if args.only:
        print("synced notebooks matching", repr(args.only), "(README left alone)")
        return 1 if (stale and args.check) else 0
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md needs the markers {START} and {END}")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    new_readme = f"{head}{START}\n{notebook_table(repository, branch)}\n{END}{tail}"
    if CLONE_START not in new_readme or CLONE_END not in new_readme:
        raise SystemExit(f"README.md needs the markers {CLONE_START} and {CLONE_END}")
    head, rest = new_readme.split(CLONE_START, 1)
    _, tail = rest.split(CLONE_END, 1)
    new_readme = f"{head}{CLONE_START}\n{clone_block(repository)}\n{CLONE_END}{tail}"
    if new_readme != readme:
        stale.append("README.md")
        if not args.check:
            README.write_text(new_readme, encoding="utf-8")
    if stale:
        verb = "out of date (run python tools/sync_launchers.py)" if args.check else "updated"
        print(f"{verb}: " + ", ".join(stale))
        return 1 if args.check else 0
    print("launchers are in sync with", repository)
    return 0


if __name__ == "__main__":
    sys.exit(main())
