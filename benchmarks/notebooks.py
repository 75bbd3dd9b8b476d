"""Run notebooks on a fresh kernel in fast and in full mode: wall time and the kernel's peak memory.

Each run starts a new IPython kernel from this environment (``COURSE_FAST=1``
for fast mode, ``0`` for full mode, working directory ``notebooks/``), runs
every cell top to bottom with nbclient, and measures

* the wall time from starting the kernel to the last cell's reply (what a
  student or CI waits, kernel start and framework imports included), and the
  slowest cells;
* the kernel's peak resident memory (RSS): the kernel process's own
  high-water mark (``VmHWM`` in ``/proc``) and, sampled every 0.2 s, the RSS
  of the kernel with any processes it started;
* the measured claims a notebook leaves behind: every global number whose
  name ends in ``_accuracy`` or ``_seconds_per_epoch`` (read by one extra
  cell after the last one).

The budgets (docs: fast mode <= 60 s, full mode <= 10 min per notebook on
the 2-core machine, memory <= 1.5 GB, since Binder gives 2 GB) are reported,
and the exit status is 1 when a run fails or is over budget. Results are
merged into ``results/notebooks.json`` (rows of notebooks not run now are
kept) and written as ``results/notebooks.md``.

Usage::

    python benchmarks/notebooks.py                      # every notebook, fast and full
    python benchmarks/notebooks.py 06                   # notebooks whose name contains "06"
    python benchmarks/notebooks.py 06_mlp_keras --mode fast
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOTEBOOKS = ROOT / "notebooks"
BUDGET_S = {"fast": 60.0, "full": 600.0}
BUDGET_MEMORY_MB = 1536.0
MARK = "__COURSE_RESULTS__"
# Settings that change how fast the frameworks run; a row records those that were set.
THREAD_SETTINGS = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")

PROBE = f"""
import json as _json, numbers as _numbers
print({MARK!r} + _json.dumps({{
    _k: float(_v) for _k, _v in dict(globals()).items()
    if not _k.startswith(("_", "val_")) and isinstance(_v, _numbers.Real) and not isinstance(_v, bool)
    and _k.endswith(("_accuracy", "_seconds_per_epoch"))
}}))
# every training record, for reading the executed copy (--executed); not part of the results
for _k, _v in dict(globals()).items():
    _h = getattr(_v, "history", None)
    if not _k.startswith("_") and hasattr(_h, "as_dict") and hasattr(_h, "epochs"):
        print(_k, {{_n: [round(_x, 4) for _x in _s] for _n, _s in _h.as_dict().items()}})
"""


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of one process in MB, from /proc (0 when unknown)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = float(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            found.extend(int(c) for c in children)
    except OSError:
        return []
    return found + [g for c in found for g in _children(c)]


class MemorySampler(threading.Thread):
    """Samples the RSS of a process and its children until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_tree_mb = 0.0
        self.peak_hwm_mb = 0.0
        self._halt = threading.Event()

    def sample(self) -> None:
        own, hwm = _rss_mb(self.pid)
        tree = own + sum(_rss_mb(child)[0] for child in _children(self.pid))
        self.peak_tree_mb = max(self.peak_tree_mb, tree)
        self.peak_hwm_mb = max(self.peak_hwm_mb, hwm)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self.sample()
        self._halt.set()
        self.join(timeout=5)


def _cell_seconds(cell: dict) -> float | None:
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return None
    from datetime import datetime

    def parse(stamp: str) -> datetime:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))

    return (parse(end) - parse(start)).total_seconds()


def run_notebook(path: Path, mode: str, timeout: float, executed: Path | None = None) -> dict:
    """Run one notebook on a fresh kernel; return its measurements (and keep the executed copy in ``executed``)."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    env = dict(os.environ, COURSE_FAST="1" if mode == "fast" else "0", PYTHONDONTWRITEBYTECODE="1")
    env.pop("MPLBACKEND", None)  # the kernel's own inline backend draws figures, as for a student
    socket_dir = tempfile.TemporaryDirectory(prefix="course-nb-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(socket_dir.name, "kernel"))
    result: dict = {"notebook": path.name, "mode": mode}
    started = time.perf_counter()
    km.start_kernel(env=env, cwd=str(NOTEBOOKS))
    pid = km.provisioner.pid if hasattr(km.provisioner, "pid") else km.provisioner.process.pid
    sampler = MemorySampler(int(pid))
    sampler.start()
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=True, resources={"metadata": {"path": str(NOTEBOOKS)}})
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1][:300]
    except Exception as exc:  # noqa: BLE001 - a timeout or a dead kernel is a result too
        error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        wall = time.perf_counter() - started
        sampler.stop()
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - already gone
            pass
        socket_dir.cleanup()
    if executed is not None:
        executed.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, executed / f"{path.stem}-{mode}.ipynb")
    cells = [(i, c) for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"]
    timed = [(s, i, c) for i, c in cells if (s := _cell_seconds(c)) is not None]
    slowest = sorted(timed, key=lambda t: -t[0])[:5]
    claims = {}
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if MARK in text:
            claims = json.loads(text.split(MARK, 1)[1].splitlines()[0].strip())
    peak = max(sampler.peak_hwm_mb, sampler.peak_tree_mb)
    result.update(
        wall_s=round(wall, 1),
        cells_s=round(sum(s for s, _, _ in timed), 1),
        peak_memory_mb=round(peak, 0),
        slowest_cells=[
            {"cell": number, "seconds": round(seconds, 1),
             "first_line": "".join(cell.source).strip().splitlines()[0][:70] if cell.source.strip() else ""}
            for seconds, number, cell in slowest
        ],
        claims={k: round(v, 4) for k, v in sorted(claims.items())},
        error=error,
    )
    result["within_budget"] = (error is None and wall <= BUDGET_S[mode] and peak <= BUDGET_MEMORY_MB)
    return result


def _load(path: Path) -> dict:
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    return {"results": []}


def _twins(results: list[dict]) -> list[str]:
    """The claims of each NN_topic_keras / NN_topic_pytorch pair in full mode, side by side."""
    full: dict[tuple[str, str], dict] = {}
    for r in results:
        stem = r["notebook"].removesuffix(".ipynb")
        for framework in ("keras", "pytorch"):
            if r["mode"] == "full" and stem.endswith("_" + framework) and not r.get("error"):
                full.setdefault((stem.removesuffix("_" + framework), framework), {}).update(r.get("claims", {}))
    rows = []
    for (topic, framework), claims in sorted(full.items()):
        other = full.get((topic, "pytorch"))
        if framework != "keras" or other is None:
            continue
        for name in sorted(set(claims) & set(other)):
            a, b = claims[name], other[name]
            if name.endswith("accuracy"):
                rows.append(f"| {topic} | {name} | {100 * a:.1f} % | {100 * b:.1f} % | {100 * (b - a):+.1f} points |")
            else:
                rows.append(f"| {topic} | {name} | {a:.2f} | {b:.2f} | {b - a:+.2f} |")
    if not rows:
        return []
    return ["", "## Twins side by side (full mode)", "",
            "The same lesson in Keras and in PyTorch: each claim both notebooks measure (the latest full-mode "
            "row of each; times depend on the machine's load and thread settings, see above).", "",
            "| lesson | claim | Keras | PyTorch | PyTorch - Keras |", "|---|---|---|---|---|", *rows]


def _markdown(report: dict) -> str:
    lines = [
        "# Notebooks on a fresh kernel: wall time and peak memory",
        "",
        f"Budgets: fast mode <= {BUDGET_S['fast']:.0f} s, full mode <= {BUDGET_S['full'] / 60:.0f} min per "
        f"notebook, kernel memory <= {BUDGET_MEMORY_MB / 1024:.1f} GB. Wall time counts from starting the "
        "kernel to the last cell's reply (kernel start and framework imports included). Each row says when "
        "it was measured and how busy the machine was (load average over 1 minute at the start; the "
        "machine has " + str(os.cpu_count()) + " cores): a busy machine inflates every time.",
        "",
        "| notebook | mode | wall s | cells s | peak memory MB | within budget | measured claims | when (load) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(report["results"], key=lambda r: (r["notebook"], r["mode"] != "fast", str(r.get("env", {})))):
        claims = ", ".join(
            f"{k} {100 * v:.1f} %" if k.endswith("accuracy") else f"{k} {v:.2f}" for k, v in r.get("claims", {}).items()
        ) or "-"
        ok = "yes" if r.get("within_budget") else ("NO: " + (r.get("error") or "over budget"))
        lines.append(
            f"| {r['notebook']} | {r['mode']} | {r['wall_s']} | {r.get('cells_s', '-')} | "
            f"{r['peak_memory_mb']:.0f} | {ok} | {claims} | {r.get('measured', '-')} ({r.get('load', '-')})"
            + "".join(f", {k}={v}" for k, v in r.get("env", {}).items()) + " |"
        )
    if any(r.get("env", {}).get("OMP_WAIT_POLICY") for r in report["results"]):
        lines += ["", "Rows marked `OMP_WAIT_POLICY=PASSIVE` ran with OpenMP's idle threads sleeping instead of "
                  "spinning (set in the environment of `benchmarks/notebooks.py`). PyTorch computes with "
                  "OpenMP threads; on a 2-core machine that other programs keep busy, spinning threads slowed "
                  "the PyTorch notebook several times over: compare its two full-mode rows."]
    lines += _twins(report["results"])
    slow = [r for r in report["results"] if r.get("slowest_cells")]
    if slow:
        lines += ["", "## Slowest cells", ""]
        for r in sorted(slow, key=lambda r: (r["notebook"], r["mode"] != "fast")):
            cells = "; ".join(f"cell {c['cell']} `{c['first_line']}` {c['seconds']} s" for c in r["slowest_cells"][:3])
            lines.append(f"- {r['notebook']} ({r['mode']}): {cells}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only notebooks whose file name contains one of these")
    parser.add_argument("--mode", choices=("fast", "full", "both"), default="both")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds one cell may take")
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for notebooks.json/.md")
    parser.add_argument("--executed", help="also keep each executed notebook (with its outputs) in this folder")
    args = parser.parse_args(argv)

    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if any(name in p.name for name in args.names)]
    if not paths:
        print("no notebook matched", file=sys.stderr)
        return 2
    modes = ["fast", "full"] if args.mode == "both" else [args.mode]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = _load(out / "notebooks.json")
    failed = False
    for path in paths:
        for mode in modes:
            load = f"{os.getloadavg()[0]:.1f}"
            result = run_notebook(path, mode, args.timeout, Path(args.executed) if args.executed else None)
            result["measured"] = time.strftime("%Y-%m-%d %H:%M")
            result["load"] = load
            result["env"] = {k: os.environ[k] for k in THREAD_SETTINGS if k in os.environ}
            failed |= not result["within_budget"]
            print(f"{path.name:40} {mode:4}  {result['wall_s']:7.1f} s  {result['peak_memory_mb']:6.0f} MB  "
                  f"{'ok' if result['within_budget'] else 'FAILED: ' + str(result['error'] or 'over budget')}"
                  f"  {result['claims']}", flush=True)
            # One row per notebook, mode and thread settings: a run replaces only its own row.
            report["results"] = [r for r in report["results"]
                                 if (r["notebook"], r["mode"], r.get("env", {})) != (path.name, mode, result["env"])]
            report["results"].append(result)
            report.update(machine=f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
                          budgets={"fast_s": BUDGET_S["fast"], "full_s": BUDGET_S["full"],
                                   "memory_mb": BUDGET_MEMORY_MB})
            (out / "notebooks.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            (out / "notebooks.md").write_text(_markdown(report), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
