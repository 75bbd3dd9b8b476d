"""Measure every slider demo's redraw inside a real Jupyter kernel.

A redraw counts from the moment a control's value changes (in the kernel) to
the moment this client has *received* the new picture from the kernel: the
widget message that carries the new PNG frame (or the new text, for a text
demo). A change that updates artists in place but sends nothing shows nothing
on the page, so it is reported as a failure, not as a fast redraw.

Demos are listed in ``benchmarks/demo_specs/*.py``; each file defines
``DEMOS``, a list of dicts::

    {"name": "00 fit a line",            # shown in the report
     "build": "cu.demo_line_fit()",      # expression run in the kernel
     "changes": [("w", 0.8), ("b", 0.1)],  # (control, value), cycled
     "expect": "image"}                  # "image" (PNG frame) or "text"

Usage::

    python benchmarks/redraw.py                 # all demos, writes results/redraw.{json,md}
    python benchmarks/redraw.py --only "00"     # demos whose name contains "00"
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET_MS = 50.0


def load_specs(only: str | None = None) -> list[dict]:
    specs: list[dict] = []
    for path in sorted((HERE / "demo_specs").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"demo_specs_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for demo in module.DEMOS:
            demo = dict(demo, file=path.name)
            if only is None or only in demo["name"]:
                specs.append(demo)
    return specs


class Kernel:
    """A real IPython kernel, started from this environment, fast mode on."""

    def __init__(self) -> None:
        from jupyter_client.manager import KernelManager

        env = dict(os.environ, COURSE_FAST=os.environ.get("COURSE_FAST", "1"), MPLBACKEND="agg")
        # Local IPC sockets (no TCP port, no plain-text warning), kept out of the repository.
        self._socket_dir = tempfile.TemporaryDirectory(prefix="course-kernel-")
        self.km = KernelManager(
            kernel_name="python3", transport="ipc", ip=os.path.join(self._socket_dir.name, "kernel")
        )
        self.km.start_kernel(env=env, cwd=str(HERE.parent / "notebooks"))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def execute(self, code: str, timeout: float = 300) -> list[tuple[float, dict]]:
        """Run code; return every iopub message of the request with its arrival time."""
        msg_id = self.kc.execute(code, store_history=False)
        messages: list[tuple[float, dict]] = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            arrived = time.time()
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append((arrived, msg))
            if msg["msg_type"] == "error":
                raise RuntimeError("kernel error: " + "\n".join(msg["content"]["traceback"]))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages
        raise TimeoutError(f"kernel did not finish within {timeout}s: {code[:80]}")

    def shutdown(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        self._socket_dir.cleanup()


def _is_frame(msg: dict, expect: str) -> bool:
    if msg["msg_type"] != "comm_msg":
        return False
    data = msg["content"].get("data", {})
    state = data.get("state", {})
    if data.get("method") != "update" or "value" not in state and not msg.get("buffers"):
        return False
    if expect == "image":
        return bool(msg.get("buffers"))  # an Image widget's PNG travels as a binary buffer
    return True


def measure(kernel: Kernel, demo: dict, repeat: int) -> dict:
    kernel.execute(f"__demo = {demo['build']}")
    expect = demo.get("expect", "image")
    changes = list(demo["changes"])
    times: list[float] = []
    missing = 0
    for i in range(max(repeat, len(changes))):
        control, value = changes[i % len(changes)]
        code = (
            "import time as __time\n"
            "__t0 = __time.time()\n"
            f"__demo.controls[{control!r}].value = {value!r}\n"
            "print(repr(__t0), __demo.last_error)\n"
        )
        messages = kernel.execute(code)
        # stdout may arrive in several stream messages: join them before parsing
        printed = "".join(m["content"]["text"] for _, m in messages if m["msg_type"] == "stream")
        first, _, rest = printed.strip().partition(" ")
        t0 = float(first) if first else None
        error = None if rest.strip() in ("", "None") else rest.strip()
        if error:
            raise RuntimeError(f"{demo['name']}: the demo's callback failed: {error}")
        frames = [arrived for arrived, msg in messages if _is_frame(msg, expect)]
        if t0 is None or not frames:
            missing += 1
            continue
        times.append((frames[-1] - t0) * 1000)
    kernel.execute("del __demo")
    result = {
        "name": demo["name"],
        "file": demo["file"],
        "samples": len(times),
        "no_picture_sent": missing,
    }
    if times:
        ordered = sorted(times)
        result.update(
            median_ms=round(statistics.median(times), 1),
            p90_ms=round(ordered[int(0.9 * (len(ordered) - 1))], 1),
            max_ms=round(ordered[-1], 1),
        )
    result["ok"] = bool(times) and missing == 0 and result["median_ms"] <= BUDGET_MS
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="measure only demos whose name contains this")
    parser.add_argument("--repeat", type=int, default=21, help="value changes per demo")
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for the report")
    args = parser.parse_args(argv)

    specs = load_specs(args.only)
    if not specs:
        print("no demos matched", file=sys.stderr)
        return 2
    kernel = Kernel()
    try:
        kernel.execute("import course_utils as cu\ncu.setup(seed=0)\n%matplotlib inline")
        results = []
        for demo in specs:
            result = measure(kernel, demo, args.repeat)
            results.append(result)
            print(
                f"{result['name']:<45} median {result.get('median_ms', float('nan')):6.1f} ms  "
                f"p90 {result.get('p90_ms', float('nan')):6.1f} ms  "
                f"n={result['samples']:<3} {'ok' if result['ok'] else 'OVER BUDGET / NO PICTURE'}",
                flush=True,
            )
    finally:
        kernel.shutdown()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    report = {"budget_ms": BUDGET_MS, "machine": machine, "measured": time.strftime("%Y-%m-%d %H:%M"),
              "results": results}
    name = "redraw" if args.only is None else "redraw-partial"
    (out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [f"# Slider redraw times ({machine}, {report['measured']} UTC)", "",
             "From the value change in the kernel to the new picture received by the client; "
             f"budget: median <= {BUDGET_MS:.0f} ms.", "",
             "| demo | median ms | p90 ms | max ms | samples | ok |", "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r.get('median_ms', '-')} | {r.get('p90_ms', '-')} | "
                     f"{r.get('max_ms', '-')} | {r['samples']} | {'yes' if r['ok'] else 'NO'} |")
    (out / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
