"""The image a class's JupyterHub (and Binder) runs: repo2docker turns binder/ into a valid build.

``jupyter-repo2docker --no-build`` writes the Dockerfile it would build without
building anything (no Docker needed). The test keeps it as an artifact
(artifacts/repo2docker/Dockerfile) and checks that it builds what binder/
asks for, and that the image's environment holds every module the notebooks
import: repo2docker's own base environment for Python 3.12 (JupyterLab,
ipywidgets, ipykernel) plus binder/requirements.txt.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
ARTIFACT = ROOT / "artifacts" / "repo2docker" / "Dockerfile"
# What a notebook imports -> the distribution that provides it in the image.
PROVIDED_BY = {
    "course_utils": "course-utils", "numpy": "numpy", "pandas": "pandas", "matplotlib": "matplotlib",
    "sklearn": "scikit-learn", "threadpoolctl": "scikit-learn", "tqdm": "tqdm", "keras": "keras",
    "tensorflow": "tensorflow-cpu", "torch": "torch", "ipywidgets": "ipywidgets", "IPython": "ipykernel",
    "mlxtend": "mlxtend",
}


def _repo2docker() -> str:
    path = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent)) or shutil.which(
        "jupyter-repo2docker")
    if path is None:
        pytest.skip("jupyter-repo2docker is not installed (it comes with the dev extra: pip install -e '.[dev]')")
    return path


@pytest.fixture(scope="module")
def dockerfile() -> str:
    result = subprocess.run(
        [_repo2docker(), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    text = result.stdout + result.stderr
    start = text.find("FROM ")
    assert start >= 0, f"repo2docker printed no Dockerfile:\n{text[-2000:]}"
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text[start:])
    return text


def test_binder_folder_becomes_a_valid_build(dockerfile):
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime == "python-3.12"
    assert "Building conda environment for python=3.12" in dockerfile
    for package in (BINDER / "apt.txt").read_text().split():
        if not package.startswith("#"):
            assert re.search(rf"apt-get install .*{re.escape(package)}", dockerfile), package
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "./binder/postBuild" in dockerfile  # lesson 08's review snippets, fetched once


def _base_environment() -> dict[str, str]:
    """repo2docker's locked base environment for Python 3.12: name -> version."""
    import repo2docker

    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / "environment.py-3.12-linux-64.lock"
    found = {}
    for line in lock.read_text().splitlines():
        match = re.search(r"/([A-Za-z0-9_.-]+?)-(\d[\w.]*)-[^-/]+\.(?:conda|tar\.bz2)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def _requirement_names(lines) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-") and not line.startswith("-e"):
            continue
        match = re.match(r"(?:-e\s+)?([A-Za-z0-9_.-]+)", line)
        names.add(match.group(1).lower().replace("_", "-"))
    return names


def test_the_image_holds_what_the_notebooks_import(dockerfile):
    base = _base_environment()
    major, minor = (int(x) for x in base["jupyterlab"].split(".")[:2])
    assert (major, minor) >= (4, 1), "jupyterlab-slideshow needs JupyterLab 4.1 or newer"
    assert base["ipywidgets"].startswith("8.") and "ipykernel" in base
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = _requirement_names((BINDER / "requirements.txt").read_text().splitlines())
    assert "." in requirements  # the course itself: -e .[keras]
    assert "-e .[keras]" in (BINDER / "requirements.txt").read_text()
    provided = set(base) | requirements | {"course-utils"}
    provided |= _requirement_names(project["dependencies"])
    provided |= _requirement_names(r.split(";")[0] for r in project["optional-dependencies"]["keras"])
    imported = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                imported |= set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", source, re.M))
    third_party = sorted(m for m in imported if m not in sys.stdlib_module_names and m != "google")
    missing = [m for m in third_party if PROVIDED_BY.get(m, m).lower() not in provided]
    assert not missing, f"the Binder/JupyterHub image would lack: {missing}"
    assert {"jupyterlab-slideshow", "torch"} <= requirements
