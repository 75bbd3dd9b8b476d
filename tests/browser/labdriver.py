"""Drive a real JupyterLab in Chromium and check what a student would see.

The pieces, used by ``conftest.py`` and the browser tests:

* :func:`chromium_path` finds Debian's Chromium (Playwright cannot download
  its own browser here).
* :class:`LabServer` starts ``python -m jupyter lab`` from this environment on
  127.0.0.1, on a free port, with a random token, offline and quiet, in a
  throw-away config folder, and shuts it down again.
* :class:`LabSession` is one browser page showing that server's JupyterLab.
* :func:`check_notebook` opens a notebook, runs all its cells, checks that no
  cell failed, then finds every slider demo (``.cu-demo``), checks that it
  rendered, moves each control the way a person does (arrow keys on the
  slider handle, a number typed into the readout, a choice in a dropdown, a
  click on a toggle button or checkbox) and checks that the picture's pixels
  or the text changed and that no error appeared: not in the demo's error
  box, not from the kernel outside any cell, not in the browser console.
  It returns a :class:`NotebookReport`; ``report.all_problems`` is empty when
  the notebook works. The tests assert on it, the negative tests assert that
  it catches broken demos and a missing widget frontend.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The network is closed: without these Chromium keeps trying to reach
    # Google's services and floods the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]
WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# Seconds; generous because the test machine may be shared and slow.
SERVER_START_TIMEOUT = 90.0
PAGE_LOAD_TIMEOUT = 90.0
NOTEBOOK_RUN_TIMEOUT = 300.0
REDRAW_TIMEOUT = 20.0
# After the kernel handled a change, how long to wait for the page to show it.
SAME_FRAME_GRACE = 3.0

# How a widget looks when JupyterLab cannot draw it: the model's text
# fallback (``VBox(children=(...``), or a placeholder that never went away.
UNRENDERED_WIDGET = re.compile(
    r"^\s*(Loading widget\.\.\.|Error displaying widget|[A-Z]\w*\((children|value|description|options)=)"
)


# Console errors that say nothing about the course: pictures in markdown cells
# (the Colab and Binder badges) cannot load on a machine without network.
HARMLESS_CONSOLE_ERROR = re.compile(
    r"Failed to load resource: net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED|ADDRESS_UNREACHABLE)"
)


def chromium_path() -> Path | None:
    """Debian's Chromium if it is installed, else None."""
    return CHROMIUM if CHROMIUM.exists() else None


def launch_chromium(playwright: Any):
    """Start headless Chromium through Playwright with flags for a closed, rootful box."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


class LabServer:
    """A JupyterLab server in a temporary folder, offline and quiet.

    Parameters
    ----------
    root_dir : Path
        The folder JupyterLab shows (a temporary copy of the notebooks).
    config_dir : Path
        An empty folder used as ``JUPYTER_CONFIG_DIR``: user settings,
        workspaces and ``labconfig/page_config.json`` go there, so the tests
        neither read nor write the user's own Jupyter configuration.
    disabled_extensions : sequence of str
        Lab extensions to switch off (the negative test switches off the
        widget manager to show that the checker notices).
    log_path : Path
        Where the server's output goes (read it when the server fails).
    """

    def __init__(
        self,
        root_dir: Path,
        config_dir: Path,
        *,
        disabled_extensions: tuple[str, ...] = (),
        log_path: Path,
    ) -> None:
        self.root_dir = Path(root_dir)
        self.config_dir = Path(config_dir)
        self.disabled_extensions = tuple(disabled_extensions)
        self.log_path = Path(log_path)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self) -> str:
        """The address that opens a fresh JupyterLab (``reset`` forgets open tabs)."""
        return f"{self.base_url}/lab?reset&token={self.token}"

    def _write_config(self) -> None:
        lab = self.config_dir / "lab"
        (self.config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
        page_config = {"disabledExtensions": {name: True for name in self.disabled_extensions}}
        (self.config_dir / "labconfig" / "page_config.json").write_text(json.dumps(page_config))
        settings = {
            # Render every cell, not only those on screen, so outputs and
            # demos further down can be found and checked.
            "notebook-extension/tracker": {"windowingMode": "none"},
            # No news, no update checks: the network is closed.
            "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        }
        for name, values in settings.items():
            folder, plugin = name.split("/")
            path = lab / "user-settings" / "@jupyterlab" / folder / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        server_config = {
            "ServerApp": {"open_browser": False},
            "LabApp": {
                "news_url": None,
                "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                "expose_app_in_browser": True,  # window.jupyterapp, for commands
            },
        }
        (self.config_dir / "jupyter_server_config.json").write_text(json.dumps(server_config))

    def start(self) -> None:
        """Start the server and wait until its API answers."""
        self._write_config()
        env = dict(os.environ)
        env.update(
            COURSE_FAST="1",
            JUPYTER_CONFIG_DIR=str(self.config_dir),
            JUPYTER_RUNTIME_DIR=str(self.config_dir / "runtime"),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONUNBUFFERED="1",
        )
        env.pop("JUPYTER_TOKEN", None)
        command = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",  # CI containers run as root
            "--log-level=WARN",
        ]  # fmt: skip
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=self.root_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode} while starting; "
                    f"its log:\n{self.log_text()}"
                )
            try:
                self.api("GET", "/api/status")
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer within {SERVER_START_TIMEOUT:.0f} s; its log:\n{self.log_text()}"
        )

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API; returns the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel (after each notebook, so they do not pile up)."""
        for kernel in self.api("GET", "/api/kernels"):
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass  # already gone

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Shut the server down (kernels included) and wait for it to exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown")
                self.process.wait(timeout=20)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


def copy_notebooks(source: Path, dest: Path) -> Path:
    """Copy the regular files of ``source`` (the repository's notebooks/) to ``dest``.

    Checkpoints, caches and anything that is not a plain file (a running
    kernel's IPC sockets, for one) are left behind.
    """
    skip = {".ipynb_checkpoints", "__pycache__"}
    for path in sorted(Path(source).rglob("*")):
        relative = path.relative_to(source)
        if skip & set(relative.parts) or not path.is_file():
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    dest.mkdir(parents=True, exist_ok=True)
    return dest


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

_FIND_PANEL = """
const findPanel = (id) => {
  for (const w of window.jupyterapp.shell.widgets('main')) { if (w.id === id) return w; }
  throw new Error('no open notebook with id ' + id);
};
"""

_OPEN_JS = """
async (path) => {
  const app = window.jupyterapp;
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  // Count the kernel's returns to idle: once it is idle again after a change,
  // the change was handled and any new frame is on its way to the page.
  window.__cuIdle = window.__cuIdle || {};
  window.__cuIdle[panel.id] = 0;
  panel.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'idle') window.__cuIdle[panel.id] += 1;
  });
  // Errors the kernel reports outside any cell (in a widget callback that
  // raised): JupyterLab shows them only in its log console.
  window.__cuKernelErrors = window.__cuKernelErrors || {};
  window.__cuKernelErrors[panel.id] = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    if (msg.header.msg_type === 'error' && msg.parent_header.msg_type !== 'execute_request') {
      window.__cuKernelErrors[panel.id].push(
        `${msg.content.ename}: ${msg.content.evalue} (while handling a ${msg.parent_header.msg_type})`);
    }
  });
  app.shell.activateById(panel.id);
  return panel.id;
}
"""

_RUN_ALL_JS = """
async (id) => {
  FIND_PANEL
  const app = window.jupyterapp;
  const panel = findPanel(id);
  app.shell.activateById(id);
  window.__cuRunAll = window.__cuRunAll || {};
  window.__cuRunAll[id] = 'running';
  app.commands.execute('notebook:run-all-cells').then(
    (ok) => { window.__cuRunAll[id] = ok ? 'ok' : 'failed'; },
    (err) => { window.__cuRunAll[id] = 'error: ' + err; });
  return true;
}
""".replace("FIND_PANEL", _FIND_PANEL)

_STATE_JS = """
(id) => {
  FIND_PANEL
  const panel = findPanel(id);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {
    run: (window.__cuRunAll || {})[id] || null,
    kernel: kernel ? kernel.status : 'none',
    notebook: panel.content.model.toJSON(),
    kernelErrors: (window.__cuKernelErrors || {})[id] || [],
  };
}
""".replace("FIND_PANEL", _FIND_PANEL)

# The same, without the notebook: cheap enough to poll.
_PROGRESS_JS = """
(id) => {
  FIND_PANEL
  const panel = findPanel(id);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {run: (window.__cuRunAll || {})[id] || null, kernel: kernel ? kernel.status : 'none'};
}
""".replace("FIND_PANEL", _FIND_PANEL)

_CLOSE_JS = """
async (id) => {
  FIND_PANEL
  const panel = findPanel(id);
  panel.context.model.dirty = false;
  await panel.sessionContext.shutdown();
  panel.dispose();
}
""".replace("FIND_PANEL", _FIND_PANEL)

# The visible state of one demo: a fingerprint of the picture's pixels and the
# text of its outputs (slider readouts and the error box left out).
_SNAPSHOT_JS = """
async (demo) => {
  const img = demo.querySelector('img');
  let picture = null, src = null, visible = false;
  if (img) {
    src = img.getAttribute('src') || '';
    const box = img.getBoundingClientRect();
    visible = box.width > 0 && box.height > 0 && getComputedStyle(img).visibility !== 'hidden';
    if (src) {
      try {
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let h = 2166136261;
        for (let i = 0; i < pixels.length; i++) { h ^= pixels[i]; h = Math.imul(h, 16777619); }
        picture = canvas.width + 'x' + canvas.height + ':' + (h >>> 0).toString(16);
      } catch (e) { picture = 'undecodable'; }
    }
  }
  const controls = '.widget-slider, .widget-hslider, .widget-vslider, .widget-dropdown, '
    + '.widget-inline-hbox:has(select), .widget-toggle-buttons, .widget-checkbox, .cu-demo-error';
  const texts = [];
  for (const node of demo.querySelectorAll('.widget-html, .widget-htmlmath, .widget-label, .widget-output, .widget-textarea, .widget-text')) {
    if (node.closest(controls)) continue;
    texts.push(node.innerText.trim());
  }
  const error = Array.from(demo.querySelectorAll('.cu-demo-error')).map((n) => n.innerText.trim()).join(' ').trim();
  return {picture, src, visible, text: texts.join(' | '), error};
}
"""


@dataclass
class DemoReport:
    """What happened to one slider demo."""

    index: int
    title: str = ""
    controls: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class NotebookReport:
    """The result of :func:`check_notebook`; ``problems`` is empty when all is well."""

    path: str
    problems: list[str] = field(default_factory=list)
    demos: list[DemoReport] = field(default_factory=list)
    expected_demos: int = 0
    run_seconds: float = 0.0
    drive_seconds: float = 0.0
    console: list[str] = field(default_factory=list)

    @property
    def all_problems(self) -> list[str]:
        out = list(self.problems)
        for demo in self.demos:
            out.extend(
                f"demo {demo.index} ({demo.title or 'untitled'}): {p}" for p in demo.problems
            )
        return out

    def summary(self) -> str:
        lines = [
            f"{self.path}: ran in {self.run_seconds:.1f} s, {len(self.demos)} demo(s) driven "
            f"in {self.drive_seconds:.1f} s"
        ]
        for demo in self.demos:
            lines.append(
                f"  demo {demo.index} ({demo.title or 'untitled'}): " + "; ".join(demo.changes)
            )
        lines.extend(f"  PROBLEM: {p}" for p in self.all_problems)
        return "\n".join(lines)


class LabSession:
    """One Chromium page showing a :class:`LabServer`'s JupyterLab.

    The page stays open for all notebooks of a test session; each notebook is
    opened, checked and closed (its kernel shut down) in turn. Console messages
    and uncaught page errors are collected in ``console``.
    """

    def __init__(self, browser: Any, server: LabServer) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda msg: self.console.append(f"[{msg.type}] {msg.text}"))
        self.page.on("pageerror", lambda exc: self.console.append(f"[pageerror] {exc}"))
        self.load()

    def load(self) -> None:
        """(Re)load JupyterLab and wait until its application object is ready."""
        self.page.goto(self.server.lab_url(), timeout=PAGE_LOAD_TIMEOUT * 1000)
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
            timeout=PAGE_LOAD_TIMEOUT * 1000,
        )
        self.page.wait_for_selector("#jp-main-dock-panel", timeout=PAGE_LOAD_TIMEOUT * 1000)

    def close(self) -> None:
        self.context.close()


def _widget_outputs(notebook: dict) -> tuple[int, int]:
    """(widget outputs, of which slider demos) in a notebook's JSON, from the kernel's side.

    A widget output also carries a text fallback: its repr, cut to 110
    characters by ipywidgets, which starts with the class name.
    """
    widgets = demos = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                widgets += 1
                text = "".join(data.get("text/plain", ""))
                if text.startswith("SliderDemo("):
                    demos += 1
    return widgets, demos


def _cell_problems(notebook: dict) -> list[str]:
    """Cells that did not run, raised, or printed a traceback."""
    problems = []
    number = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        number += 1
        source = "".join(cell.get("source", ""))
        first_line = source.strip().splitlines()[0][:60] if source.strip() else ""
        where = f"code cell {number} ({first_line!r})"
        if source.strip() and cell.get("execution_count") is None:
            problems.append(f"{where} did not run")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"{where} raised {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = "".join(output.get("text", ""))
                if "Traceback (most recent call last)" in text:
                    problems.append(f"{where} printed a traceback: {text[-300:]}")
    return problems


def _wait_for(predicate, timeout: float, interval: float = 0.1):
    """Call ``predicate`` until it returns something truthy; return that, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


def _run_all(page, panel_id: str) -> bool:
    """Run every cell of an open notebook; True once it finished and the kernel is idle."""
    page.evaluate(_RUN_ALL_JS, panel_id)

    def finished() -> bool:
        progress = page.evaluate(_PROGRESS_JS, panel_id)
        return progress["run"] != "running" and progress["kernel"] == "idle"

    return bool(_wait_for(finished, NOTEBOOK_RUN_TIMEOUT, interval=0.25))


def _console_errors(lines: list[str]) -> list[str]:
    """The console lines that are real errors (page errors, and errors not known to be harmless)."""
    return [
        line
        for line in lines
        if line.startswith("[pageerror]")
        or (line.startswith("[error]") and not HARMLESS_CONSOLE_ERROR.search(line))
    ]


def check_notebook(
    session: LabSession, path: str, *, artifacts_dir: Path | None = None
) -> NotebookReport:
    """Open ``path`` in JupyterLab, run all cells, drive every demo; report problems.

    Parameters
    ----------
    session : LabSession
        The browser page and its server.
    path : str
        The notebook, relative to the server's root folder.
    artifacts_dir : Path, optional
        When a problem is found, a screenshot of the page, one of each failing
        demo, the page's console log, the report and the executed notebook
        are saved under ``artifacts_dir / <notebook name>/``.

    Returns
    -------
    NotebookReport
        ``all_problems`` lists every failure found: cells that raised or did
        not run, widgets shown as text or still loading, demos without a
        picture or controls, controls whose change did not change the picture
        or text, errors shown in a demo's error box, errors the kernel
        reported outside any cell, and errors in the browser console.
    """
    page = session.page
    report = NotebookReport(path=path)
    console_start = len(session.console)
    started = time.monotonic()
    panel_id = page.evaluate(_OPEN_JS, path)
    try:
        if not _run_all(page, panel_id):
            report.problems.append(
                f"the notebook did not finish running within {NOTEBOOK_RUN_TIMEOUT:.0f} s"
            )
        report.run_seconds = time.monotonic() - started
        state = page.evaluate(_STATE_JS, panel_id)
        report.problems.extend(_cell_problems(state["notebook"]))

        # Let the widget views settle before looking at them.
        panel = page.locator(f"[id='{panel_id}']")
        page.wait_for_timeout(300)
        _wait_for(
            lambda: panel.get_by_text("Loading widget...").count() == 0, timeout=15, interval=0.2
        )
        outputs = panel.evaluate(  # one call for all of them, not one per output
            "(p) => Array.from(p.querySelectorAll('.jp-OutputArea-output')).map((o) => o.innerText)"
        )
        for text in outputs:
            if UNRENDERED_WIDGET.match(text):
                report.problems.append(
                    "a widget was not drawn, its output shows only text: "
                    + text[:80].replace("\n", " ")
                )
        widgets, report.expected_demos = _widget_outputs(state["notebook"])
        # JupyterLab's widget renderer puts the view straight into the output area.
        drawn = panel.locator(".jp-OutputArea-output > .jupyter-widgets").count()
        if drawn < widgets:
            report.problems.append(
                f"the kernel displayed {widgets} widget(s) but the page drew only {drawn}"
            )
        demos = panel.locator(".cu-demo").all()
        if len(demos) < report.expected_demos:
            report.problems.append(
                f"the kernel displayed {report.expected_demos} slider demo(s) but only "
                f"{len(demos)} rendered in the page (is the widget frontend missing?)"
            )
        drive_start = time.monotonic()
        for index, demo in enumerate(demos):
            report.demos.append(_check_demo(page, demo, index, panel_id))
        report.drive_seconds = time.monotonic() - drive_start
        # The last change's messages, errors included, arrive before the kernel is idle.
        _wait_for(lambda: page.evaluate(_PROGRESS_JS, panel_id)["kernel"] == "idle", timeout=10)
        report.problems.extend(
            f"the kernel reported an error outside any cell (JupyterLab shows it only in "
            f"its log console): {error}"
            for error in dict.fromkeys(page.evaluate(_STATE_JS, panel_id)["kernelErrors"])
        )
        report.console = session.console[console_start:]
        console_errors = Counter(_console_errors(report.console))
        report.problems.extend(
            f"error in the browser console ({count} times): {line[:300]}"
            if count > 1
            else f"error in the browser console: {line[:300]}"
            for line, count in console_errors.items()
        )
        if report.all_problems and artifacts_dir is not None:
            save_artifacts(page, panel, demos, report, state["notebook"], Path(artifacts_dir))
    finally:
        report.console = session.console[console_start:]
        try:
            page.evaluate(_CLOSE_JS, panel_id)
        except Exception:  # noqa: BLE001 - the page may be broken; the server cleans up
            pass
        session.server.shutdown_kernels()
    return report


# --------------------------------------------------------------------------
# Presenting a notebook as live slides (jupyterlab-slideshow)
# --------------------------------------------------------------------------

_PRESENT_JS = """
async (id) => {
  FIND_PANEL
  const app = window.jupyterapp;
  const panel = findPanel(id);
  app.shell.activateById(id);
  panel.content.activeCellIndex = 0;
  await app.commands.execute('deck:start');
  return true;
}
""".replace("FIND_PANEL", _FIND_PANEL)

# Where the presentation is: the active cell, and which demos and cells are on screen.
_SLIDE_JS = """
(id) => {
  FIND_PANEL
  const panel = findPanel(id);
  // Shown on the current slide: laid out, visible (the slide may scroll to reach it).
  const onScreen = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== 'hidden'
      && getComputedStyle(node).display !== 'none';
  };
  const demos = Array.from(panel.node.querySelectorAll('.cu-demo'));
  return {
    active: panel.content.activeCellIndex,
    cells: Array.from(panel.node.querySelectorAll('.jp-Cell')).filter(onScreen).length,
    demos: demos.map((d, i) => onScreen(d) ? i : -1).filter((i) => i >= 0),
  };
}
""".replace("FIND_PANEL", _FIND_PANEL)


@dataclass
class PresentationReport:
    """What happened when a notebook was presented as slides."""

    path: str
    slides: int = 0
    demo_slides: list[int] = field(default_factory=list)
    demo: DemoReport | None = None
    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    @property
    def all_problems(self) -> list[str]:
        return self.problems + (self.demo.problems if self.demo else [])

    def summary(self) -> str:
        lines = [f"{self.path}: {self.slides} slide steps, demos on steps {self.demo_slides}"]
        if self.demo:
            lines.append(f"  demo {self.demo.index} ({self.demo.title}): " + "; ".join(self.demo.changes))
        lines += [f"  PROBLEM: {p}" for p in self.all_problems]
        return "\n".join(lines)


def present_notebook(session: LabSession, path: str, *, max_steps: int = 400) -> PresentationReport:
    """Run ``path``, present it as slides, step through every slide, move a control on a demo slide.

    The notebook is run first (in class the teacher runs it before presenting, or
    presents from a fresh run with Shift+Enter on each slide), then presentation
    mode starts on the first cell and ``deck:forward`` (the right-arrow button)
    steps through every slide and fragment to the end. On the first slide that
    shows a slider demo, each of its controls is moved as in :func:`check_notebook`
    and the picture or text must change.
    """
    page = session.page
    report = PresentationReport(path=path)
    console_start = len(session.console)
    panel_id = page.evaluate(_OPEN_JS, path)
    try:
        if not _run_all(page, panel_id):
            report.problems.append(f"the notebook did not finish running within {NOTEBOOK_RUN_TIMEOUT:.0f} s")
            return report
        if not page.evaluate("() => window.jupyterapp.commands.hasCommand('deck:start')"):
            report.problems.append("presentation mode is missing: jupyterlab-slideshow is not installed")
            return report
        page.evaluate(_PRESENT_JS, panel_id)
        page.wait_for_timeout(500)
        where = page.evaluate(_SLIDE_JS, panel_id)
        if where["active"] != 0 or where["cells"] == 0:
            report.problems.append(f"presentation mode did not start on the first cell: {where}")
        seen = [where["active"]]
        driven = False
        for step in range(max_steps):
            if where["demos"] and not driven:
                report.demo_slides.append(step)
                demo = page.locator(f"[id='{panel_id}'] .cu-demo").nth(where["demos"][0])
                report.demo = _check_demo(page, demo, where["demos"][0], panel_id)
                driven = True
            elif where["demos"]:
                report.demo_slides.append(step)
            page.evaluate("() => { window.jupyterapp.commands.execute('deck:forward'); return 0; }")
            page.wait_for_timeout(150)
            where = page.evaluate(_SLIDE_JS, panel_id)
            if where["active"] == seen[-1]:
                break  # the last slide: forward does nothing more
            if where["cells"] == 0:
                report.problems.append(f"slide step {step + 1} (cell {where['active']}) shows no cell")
            seen.append(where["active"])
        report.slides = len(seen)
        if seen != sorted(seen):
            report.problems.append(f"the slides did not go forward through the notebook: cells {seen}")
        if not driven:
            report.problems.append("no slide showed a slider demo")
        page.evaluate("() => { window.jupyterapp.commands.execute('deck:stop'); return 0; }")
        report.console = session.console[console_start:]
        report.problems.extend(
            f"error in the browser console: {line[:300]}" for line in dict.fromkeys(_console_errors(report.console))
        )
    finally:
        try:
            page.evaluate(_CLOSE_JS, panel_id)
        except Exception:  # noqa: BLE001 - the page may be broken; the server cleans up
            pass
        session.server.shutdown_kernels()
    return report


def save_artifacts(
    page, panel, demos, report: NotebookReport, notebook: dict, folder: Path
) -> Path:
    """Keep what a person needs to see why a notebook failed in the browser."""
    folder = folder / re.sub(r"[^\w.-]+", "_", Path(report.path).stem)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.txt").write_text(report.summary() + "\n")
    (folder / "console.log").write_text("\n".join(report.console) + "\n")
    (folder / "executed.ipynb").write_text(json.dumps(notebook, indent=1))
    failing_demos = [demo for demo, r in zip(demos, report.demos, strict=False) if r.problems]
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    try:
        # The page screenshot shows the first failing demo, else the first error.
        if failing_demos:
            failing_demos[0].scroll_into_view_if_needed(timeout=5000)
        elif errors.count():
            errors.first.scroll_into_view_if_needed(timeout=5000)
        page.screenshot(path=str(folder / "page.png"))
        for demo_report, demo in zip(report.demos, demos, strict=False):
            if demo_report.problems:
                demo.screenshot(path=str(folder / f"demo-{demo_report.index}.png"), timeout=10000)
    except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the real failure
        (folder / "screenshot-error.txt").write_text(repr(exc))
    return folder


# A slider's readout text, or null when it is missing or not visible.
_READOUT_JS = """
(slider) => {
  const readout = slider.querySelector('.widget-readout');
  if (!readout) return null;
  const box = readout.getBoundingClientRect();
  if (!(box.width > 0 && box.height > 0) || getComputedStyle(readout).visibility === 'hidden') return null;
  return readout.innerText;
}
"""


def _snapshot(demo) -> dict:
    return demo.evaluate(_SNAPSHOT_JS)


def _check_demo(page, demo, index: int, panel_id: str) -> DemoReport:
    """Check one rendered ``.cu-demo`` and move each of its controls."""
    report = DemoReport(index=index)
    idle = KernelIdle(page, panel_id)
    # Element handles, not locators, from here on: a locator finds its element
    # again at every call (30-60 ms each in JupyterLab's page), a handle keeps it
    # (about 6 ms). The demo's widgets stay the same nodes while it is driven.
    if hasattr(demo, "element_handle"):
        demo = demo.element_handle()
    demo.scroll_into_view_if_needed()
    title = demo.query_selector(":scope > .widget-html b")
    if title is not None:
        report.title = title.inner_text().strip()
    before = _snapshot(demo)
    if before["error"]:
        report.problems.append(f"shows an error before anything was moved: {before['error']}")
    has_picture = demo.query_selector("img") is not None
    if has_picture and not (
        before["visible"] and before["src"] and before["picture"] not in (None, "undecodable")
    ):
        report.problems.append(f"its picture is missing or empty (src={before['src']!r})")
    sliders = demo.query_selector_all(".widget-slider")
    dropdowns = demo.query_selector_all("select")
    toggle_groups = demo.query_selector_all(".widget-toggle-buttons")
    checkboxes = demo.query_selector_all(".widget-checkbox input[type=checkbox]")
    text_boxes = demo.query_selector_all(".widget-text input[type=text], .widget-textarea textarea")
    if not (sliders or dropdowns or toggle_groups or checkboxes or text_boxes):
        report.problems.append("has no visible slider, dropdown, toggle, checkbox or text box")
    if not has_picture and not before["text"]:
        report.problems.append("shows neither a picture nor any text output")
    for number, slider in enumerate(sliders):
        before = _drive_slider(page, demo, idle, slider, number, before, report)
    for number, select in enumerate(dropdowns):
        before = _drive_dropdown(demo, idle, select, number, before, report)
    for number, group in enumerate(toggle_groups):
        before = _drive_toggle_buttons(demo, idle, group, number, before, report)
    for number, box in enumerate(text_boxes):
        before = _drive_text_box(page, demo, idle, box, number, before, report)
    for number, checkbox in enumerate(checkboxes):
        name = _label(checkbox.query_selector("xpath=ancestor::*[contains(@class,'widget-checkbox')][1]"))
        name = name or f"checkbox {number}"
        report.controls.append(name)
        for step in ("ticked", "ticked back"):
            idle.mark()
            checkbox.click()
            before = _expect_change(demo, idle, before, f"{name} {step}", report)
    return report


def _drive_slider(page, demo, idle, slider, number: int, before: dict, report: DemoReport) -> dict:
    """Move a slider with the arrow keys, then set it back by typing into its readout.

    Where typing cannot work, the slider is moved back with the opposite arrow
    key instead: a ``SelectionSlider`` (its readout shows an option's label,
    not the handle's position, and ignores typed text) or a hidden readout.
    A disabled slider is skipped: a demo may switch off a control that has no
    effect in its current state.
    """
    name = _label(slider) or f"slider {number}"
    report.controls.append(name)
    if not slider.is_visible():
        report.problems.append(f"slider {name!r} is not visible")
        return before
    if slider.query_selector("[disabled]") is not None:
        report.changes.append(f"{name} skipped (disabled)")
        return before
    handle = slider.query_selector(".noUi-handle")
    readout = slider.query_selector(".widget-readout")
    target = slider.query_selector(".noUi-target")

    def position() -> str:
        # The handle's exact value (an option's index for a SelectionSlider);
        # its aria-valuenow is rounded to one decimal.
        return target.evaluate("(t) => String(t.noUiSlider.get())")

    def shown() -> str:
        # The readout's text when it is visible (Playwright's rule: a non-empty box,
        # not visibility: hidden), else the position; one call to the page.
        text = slider.evaluate(_READOUT_JS)
        return text.strip() if text is not None else position()

    def typable(text: str) -> bool:
        # The readout shows the handle's own number (not an option's label, not 10**x).
        if slider.evaluate(_READOUT_JS) is None:
            return False
        if readout.get_attribute("contenteditable") != "true":
            return False
        try:
            number, value = float(text.replace("\u2212", "-")), float(position())
        except ValueError:
            return False
        decimals = len(text.partition(".")[2])
        return abs(number - value) <= 0.5 * 10.0**-decimals + 1e-9

    original, original_text = position(), shown()
    can_type = typable(original_text)
    # 1. Arrow keys on the focused handle, as a keyboard user or a teacher does.
    idle.mark()
    handle.focus()  # then the page's keyboard: ElementHandle.press would focus it again each time
    key, back = "ArrowRight", "ArrowLeft"
    page.keyboard.press(key)
    if _wait_for(lambda: position() != original, timeout=2) is None:
        key, back = back, key  # it was at its maximum
        page.keyboard.press(key)
    moved_text = shown()
    if position() == original:
        report.problems.append(f"slider {name!r} did not move with the arrow keys")
        return before
    before = _expect_change(
        demo, idle, before, f"{name} {original_text} -> {moved_text} ({key})", report
    )
    # 2. Back to the original value: typed into the readout where that works.
    moved = position()
    idle.mark()
    if can_type:
        how = "typed"
        readout.click()
        page.keyboard.press("ControlOrMeta+a")
        # The readout shows a typographic minus; people type the ASCII one.
        page.keyboard.type(original_text.replace("\u2212", "-"))
        page.keyboard.press("Enter")
    else:
        how = back
        handle.focus()
        page.keyboard.press(back)

    def back_again() -> bool:
        if can_type:  # ipywidgets shows the model's value again after Enter
            return position() != moved and shown() == original_text
        return position() == original

    if _wait_for(back_again, timeout=5) is None:
        report.problems.append(
            f"setting {name!r} back to {original_text!r} ({how}) did not work: it shows {shown()!r}"
        )
        return before
    return _expect_change(
        demo, idle, before, f"{name} {moved_text} -> {original_text} ({how})", report
    )


def _drive_dropdown(demo, idle, select, number: int, before: dict, report: DemoReport) -> dict:
    """Choose another option, then the original one again."""
    name = _label(select.query_selector("xpath=..")) or f"dropdown {number}"
    report.controls.append(name)
    values = select.evaluate("(s) => Array.from(s.options).map((o) => o.value)")
    if len(values) < 2:
        return before
    original = select.input_value()
    labels = select.evaluate(
        "(s) => Object.fromEntries(Array.from(s.options).map((o) => [o.value, o.text]))"
    )
    other = next(v for v in values if v != original)
    for target, step in ((other, "chosen"), (original, "chosen back")):
        idle.mark()
        select.select_option(target)
        before = _expect_change(
            demo, idle, before, f"{name} -> {labels[target]!r} ({step})", report
        )
    return before


def _drive_toggle_buttons(demo, idle, group, number: int, before: dict, report: DemoReport) -> dict:
    """Click another button of a ``ToggleButtons`` row, then the original one again."""
    name = _label(group) or f"toggle buttons {number}"
    report.controls.append(name)
    buttons = group.query_selector_all("button")
    active = [i for i, b in enumerate(buttons) if "mod-active" in (b.get_attribute("class") or "")]
    if len(buttons) < 2 or not active:
        return before
    original = active[0]
    other = next(i for i in range(len(buttons)) if i != original)
    for target, step in ((other, "clicked"), (original, "clicked back")):
        idle.mark()
        buttons[target].click()
        label = buttons[target].inner_text().strip()
        before = _expect_change(demo, idle, before, f"{name} -> {label!r} ({step})", report)
    return before


# What the browser test types into a demo's text box, key by key, as a student does.
TYPED_TEXT = "A dull and boring film, I did not like it at all."
KEY_DELAY_MS = 30  # between keystrokes: a fast typist


def _drive_text_box(page, demo, idle, box, number: int, before: dict, report: DemoReport) -> dict:
    """Type a new text into a text box key by key, then type the original back.

    A demo that debounces answers once typing pauses; the report says how long
    after the last keystroke the picture or text settled on its answer.
    """
    name = _label(box.query_selector("xpath=..")) or f"text box {number}"
    report.controls.append(name)
    if not box.is_visible() or box.is_disabled():
        report.changes.append(f"{name} skipped (hidden or disabled)")
        return before
    original = box.input_value()
    for text, step in ((_text_to_type(original), "typed"), (original, "typed back")):
        box.click()
        box.press("ControlOrMeta+a")
        box.press("Backspace")
        idle.mark()
        box.type(text, delay=KEY_DELAY_MS)  # key by key (ElementHandle's name for press_sequentially)
        box.press("Enter")  # a box that sends its value only on Enter (continuous_update=False) needs it
        last_key = time.monotonic()
        if box.input_value() != text:
            report.problems.append(f"typing into {name!r} did not work: it shows {box.input_value()!r}")
            return before
        # It settles below, and the report says when: not twice, and not from a later start.
        now = _expect_change(demo, idle, before, f"{name} <- {text!r} ({step})", report, settle=False)
        before, settled_at = _settle(demo, now)
        report.changes.append(f"{name}: settled {1000 * (settled_at - last_key):.0f} ms after the last keystroke")
    return before


def _text_to_type(original: str) -> str:
    """What to type into a box: a review into a text box, another number into a box of numbers."""
    if re.search(r"[A-Za-z]", original) or not re.search(r"\d", original):
        return TYPED_TEXT if original != TYPED_TEXT else TYPED_TEXT.upper()
    # a box of numbers (07's custom kernel "0 0 0; 1 1 1; 0 0 0"): change its first digit
    match = re.search(r"\d", original)
    digit = "1" if match.group() != "1" else "2"
    return original[: match.start()] + digit + original[match.end():]


def _settle(demo, now: dict, quiet_s: float = 0.5, timeout: float = 10.0) -> tuple[dict, float]:
    """Wait until the demo shows the same thing for ``quiet_s``; return it and when it first showed it."""
    start = shown_at = time.monotonic()
    while time.monotonic() - shown_at < quiet_s and time.monotonic() - start < timeout:
        time.sleep(0.02)
        snap = _snapshot(demo)
        if snap != now:
            now, shown_at = snap, time.monotonic()
    return now, shown_at


def _after_change(demo, idle: KernelIdle, now: dict) -> dict:
    """What the demo shows once the change is complete, the next step's "before".

    A demo may update its text and its picture in separate messages; the first
    one to arrive is a change, but the next control's check must start from the
    finished state, or its frame can equal the picture this one left behind.
    The kernel is idle once it has sent everything; then the page gets a moment
    to draw it.
    """
    _wait_for(idle.since_mark, timeout=5, interval=0.02)
    return _settle(demo, now, quiet_s=0.2, timeout=3)[0]


def _label(element) -> str:
    label = element.query_selector(".widget-label") if element is not None else None
    return label.inner_text().strip() if label is not None else ""


class KernelIdle:
    """Tells whether the kernel went busy and back to idle since :meth:`mark`."""

    def __init__(self, page, panel_id: str) -> None:
        self.page = page
        self.panel_id = panel_id
        self.count = 0

    def _now(self) -> int:
        return self.page.evaluate("(id) => (window.__cuIdle || {})[id] || 0", self.panel_id)

    def mark(self) -> None:
        self.count = self._now()

    def since_mark(self) -> bool:
        return self._now() > self.count


def _expect_change(
    demo, idle: KernelIdle, before: dict, what: str, report: DemoReport, *, settle: bool = True
) -> dict:
    """Wait until the demo's picture or text differs from ``before`` or an error shows.

    Once the kernel has handled the change (it went back to idle) the new
    frame or text is on its way; if nothing differs a short grace period
    later, the control is wired to nothing visible. Without any kernel
    activity the full ``REDRAW_TIMEOUT`` is waited. With ``settle`` the
    finished state is returned (:func:`_after_change`); without it, the first
    state that differs, for a caller that waits for the demo to settle itself.
    """
    start = time.monotonic()
    handled_at = None
    while True:
        now = _snapshot(demo)
        elapsed = time.monotonic() - start
        if now["error"]:
            report.problems.append(f"{what}: the demo shows an error: {now['error']}")
            return now
        if now["picture"] != "undecodable" and (
            now["picture"] != before["picture"] or now["text"] != before["text"]
        ):
            report.changes.append(f"{what} redrawn in {1000 * elapsed:.0f} ms")
            return _after_change(demo, idle, now) if settle else now
        if handled_at is None and idle.since_mark():
            handled_at = elapsed
        if handled_at is not None and elapsed - handled_at > SAME_FRAME_GRACE:
            report.problems.append(
                f"{what}: the kernel handled the change but neither the picture "
                "(its pixels) nor the text changed"
            )
            return now
        if elapsed > REDRAW_TIMEOUT:
            report.problems.append(
                f"{what}: neither the picture nor the text changed within "
                f"{REDRAW_TIMEOUT:.0f} s (the kernel did not answer)"
            )
            return now
        time.sleep(0.05)
