"""Repository hygiene: clean notebooks, launchers in sync, the install paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))

import sync_launchers  # noqa: E402


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell has stored outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_course_shape(path):
    cells = _cells(path)
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert set(meta["course"]) >= {"title", "learn", "minutes"}
    assert re.match(rf"# {path.name[:2]} · ", _src(cells[0])), "first cell: '# NN · Title'"
    text = "\n".join(_src(c) for c in cells)
    assert "## Setup" in text and "import course_utils as cu" in text and "cu.setup(" in text
    assert "from course_utils import *" not in text
    assert re.search(r"## Summary", text), "a notebook ends with a summary"
    # Keras 3 calls it learning_rate; PyTorch's optimizers take the keyword lr (torch.optim.Adam(...,
    # lr=learning_rate)), but the course's own variable is still called learning_rate.
    lr = r"^\s*lr\s*=" if path.name.endswith("_pytorch.ipynb") else r"\blr\s*="
    for pattern, why in [(r"np_utils", "keras.utils.np_utils is gone"), (lr, "use learning_rate="),
                         (r"input_dim\s*=", "use keras.Input(shape=...)"), (r"\.h5\b", "save as .keras")]:
        assert not re.search(pattern, text, re.M), f"{path.name}: {why}"


def test_launchers_are_in_sync_with_the_one_address():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "sync_launchers.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_glossary_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "glossary.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| activation function | 激勵函數 |" in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")


def test_every_public_address_is_the_configured_one():
    repository, _ = sync_launchers.course_config()
    owner_repo = sync_launchers.github_path(repository)
    files = [ROOT / "README.md", *NOTEBOOKS, *(ROOT / "docs").glob("*.md")]
    for path in files:
        for found in re.findall(r"github(?:\.com)?/([\w.-]+/[\w.-]+?)(?:\.git|/blob|/|\?|\)|\"|\s)", path.read_text(encoding="utf-8")):
            if found.startswith(("github/", "googlecolab/")) or found == "OWNER/REPO":
                continue
            assert found == owner_repo, f"{path.name} names {found}, not {owner_repo}"


def _run_colab_cell(monkeypatch, *, mlxtend_present: bool) -> list[list[str]]:
    nb = NOTEBOOKS[0]
    cell = next(c for c in _cells(nb) if "colab-setup" in c["metadata"].get("tags", []))
    commands: list[list[str]] = []
    import importlib.util
    import subprocess as sp

    monkeypatch.setitem(sys.modules, "google.colab", object())
    monkeypatch.setattr(sp, "run", lambda cmd, check=False: commands.append(cmd))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: (object() if mlxtend_present else None) if name == "mlxtend" else real_find_spec(name))
    before = list(sys.path)
    exec(compile(_src(cell), "colab-setup", "exec"), {})
    sys.path[:] = before
    return commands


def test_colab_cell_installs_only_what_colab_lacks(monkeypatch):
    repository, branch = sync_launchers.course_config()
    commands = _run_colab_cell(monkeypatch, mlxtend_present=False)
    assert commands[0][:2] == ["git", "clone"] and repository in commands[0] and branch in commands[0]
    installs = [c for c in commands if "pip" in c]
    assert any("--no-deps" in c and "/content/course" in c for c in installs)
    assert any(c[-1] == "mlxtend" for c in installs)
    flat = " ".join(" ".join(c[c.index("install") :]) for c in installs)  # what pip is asked for
    for never in ("tensorflow", "keras", "torch", "ipywidgets", "--upgrade", "-U ", "--force-reinstall"):
        assert never not in flat


def test_colab_cell_skips_mlxtend_when_present(monkeypatch):
    commands = _run_colab_cell(monkeypatch, mlxtend_present=True)
    assert not any(c[-1] == "mlxtend" for c in commands)


def test_colab_cell_does_nothing_outside_colab(monkeypatch):
    import subprocess as sp

    cell = next(c for c in _cells(NOTEBOOKS[0]) if "colab-setup" in c["metadata"].get("tags", []))
    calls: list = []
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(sp, "run", lambda *a, **k: calls.append(a))
    before = list(sys.path)
    exec(compile(_src(cell), "colab-setup", "exec"), {})
    assert calls == [] and sys.path == before


def test_pyproject_declares_the_install_paths():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    assert project["requires-python"] == ">=3.11"
    core = " ".join(project["dependencies"])
    for name in ("numpy", "pandas", "matplotlib", "scikit-learn", "ipywidgets", "mlxtend", "tqdm"):
        assert name in core
    for heavy in ("tensorflow", "torch", "jupyterlab", "keras"):
        assert heavy not in core, f"{heavy} belongs in an extra so Colab keeps its own"
    extras = project["optional-dependencies"]
    assert any(d.startswith("tensorflow-cpu") for d in extras["keras"])
    assert {"pytest>=8", "ruff>=0.6"} <= set(extras["dev"]) and any(d.startswith("nbval") for d in extras["dev"])


def test_binder_uses_python_312_and_cpu_torch():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.12"
    req = (ROOT / "binder" / "requirements.txt").read_text()
    assert "download.pytorch.org/whl/cpu" in req and "torch==2.13.0" in req and "-e ." in req


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "`./course test`" in readme and "`./course lab`" in readme
    assert "./course test" in ci and "set -euo pipefail" in ci
    script = (ROOT / "course").read_text(encoding="utf-8")
    assert "--index-url" in script and "whl/cpu" in script and "--no-index" in script


def test_glossary_tool_refuses_mainland_terms():
    import glossary

    assert glossary.mainland_forms("the **optimizer** (優化器) steps", "x.ipynb") == ["x.ipynb: 優化器 (write 最佳化器)"]
    assert glossary.mainland_forms("**overfitting** (過度擬合) and **optimizer** (最佳化器)", "x.ipynb") == []
    assert glossary.mainland_forms("過擬合", "x") and glossary.mainland_forms("循環神經網路", "x")


# Phrases about how a notebook was made, which a student cannot see or use.
_BACKSTAGE = [r"\bseed 0\d\d\b", r"source course, part \d", r"[Oo]ffline we also tried", r"\bseeds?/",
              r"\bthe seed texts?\b"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_text_says_nothing_about_how_the_notebook_was_made(path):
    for cell in _cells(path):
        text = _src(cell)
        for pattern in _BACKSTAGE:
            found = re.search(pattern, text)
            assert not found, f"{path.name}: {found.group(0)!r} in {text[:80]!r}: say 'the club course' and what it said"


def test_course_lab_opens_without_news_or_update_popups():
    """./course lab writes JupyterLab overrides that switch the news prompt and update checks off."""
    script = (ROOT / "course").read_text(encoding="utf-8")
    body = re.search(r"overrides\.json\" <<'JSON'\n(.*?)\nJSON", script, re.S)
    assert body, "the course script no longer writes JupyterLab's overrides.json"
    overrides = json.loads(body.group(1))
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    assert "--LabApp.news_url=None" in script and "NeverCheckForUpdate" in script
    schema_file = pytest.importorskip("jupyterlab").__file__
    schema = Path(schema_file).parent / "schemas" / "@jupyterlab" / "apputils-extension" / "notification.json"
    if schema.exists():  # the setting names still exist in this JupyterLab
        properties = json.loads(schema.read_text(encoding="utf-8"))["properties"]
        assert {"fetchNews", "checkForUpdates"} <= set(properties)


def test_github_workflow_runs_the_readme_test_command():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+push:", workflow, re.M) and re.search(r"^\s+pull_request:", workflow, re.M)
    assert "bash .ci/run" in workflow, "the workflow runs what CI runs here"
    assert "./course test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./course test" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "actions/cache" in workflow and ".cache/pip" in workflow, "the pip cache is kept between runs"
