"""Training speed: the course's NumPy network against the same network in Keras and PyTorch.

Same architecture, data, initial-weight scheme aside, loss, optimizer (plain
SGD), batch size and number of epochs in each framework. Reported: seconds
per epoch and training samples per second (the median of the timed epochs;
one warm-up epoch first, so graph tracing and first-call costs are not
counted), and the final training loss as a sanity check that each one really
trained.

Two cases:

* ``spiral 2-8-8-8-1``: the source's spiral network (ReLU, sigmoid output, MSE,
  SGD 0.05, batches of 10) on 200 points: tiny batches, so per-step overhead
  dominates;
* ``wide 2-256-256-1``: the same data set, 4,000 points, batches of 64: enough
  arithmetic per step for the frameworks' kernels to matter.

Keras is timed twice: fed NumPy arrays (what most tutorials do) and fed a
``tf.data`` pipeline with ``steps_per_execution`` (what notebook 04 does).
NumPy runs in float64 (the network is written for exact gradient checks),
Keras and PyTorch in their default float32.

Usage::

    python benchmarks/train_speed.py            # writes results/train_speed.{json,md}
    python benchmarks/train_speed.py --epochs-scale 0.5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import course_utils as cu  # noqa: E402
import numpy as np  # noqa: E402

CASES = [
    {"name": "spiral 2-8-8-8-1", "hidden": [8, 8, 8], "n_samples": 200, "batch_size": 10, "epochs": 60},
    {"name": "wide 2-256-256-1", "hidden": [256, 256], "n_samples": 4000, "batch_size": 64, "epochs": 8},
]
LEARNING_RATE = 0.05


def _data(n_samples: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = cu.data.make_playground_data("spiral", n_samples, 0.0, seed=0)
    return X / 5.0, y  # scaled here, with the data (the points lie in [-6, 6]^2): no model rescales inputs


def _timed_epochs(run_epoch, epochs: int) -> list[float]:
    run_epoch()  # warm-up: tracing, first allocations
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        run_epoch()
        times.append(time.perf_counter() - start)
    return times


def time_numpy(case: dict, X: np.ndarray, y: np.ndarray) -> dict:
    net = cu.nn.Network([2, *case["hidden"], 1], activation="relu", output_activation="sigmoid", loss="mse", seed=0)
    epoch = iter(range(10**9))

    def run_epoch() -> None:
        net.fit(X, y, num_epochs=1, learning_rate=LEARNING_RATE, batch_size=case["batch_size"], seed=next(epoch))

    times = _timed_epochs(run_epoch, case["epochs"])
    return {"times": times, "final_loss": net.loss(X, y)}


def _keras_model(case: dict, steps_per_execution: int):
    import keras

    keras.utils.set_random_seed(0)
    layers = [keras.Input(shape=(2,))]
    layers += [keras.layers.Dense(units, activation="relu") for units in case["hidden"]]
    layers += [keras.layers.Dense(1, activation="sigmoid")]
    model = keras.Sequential(layers)
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
                  steps_per_execution=steps_per_execution)
    return model


class _EpochTimer:
    """Per-epoch wall times inside one ``model.fit`` call (as Keras is normally used)."""

    def __init__(self) -> None:
        import keras

        timer = self

        class Callback(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                timer._start = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                timer.times.append(time.perf_counter() - timer._start)

        self.times: list[float] = []
        self._start = 0.0
        self.callback = Callback()


def _time_keras(case: dict, X: np.ndarray, y: np.ndarray, *, tf_data: bool) -> dict:
    Xf, yf = X.astype("float32"), y.astype("float32")
    timer = _EpochTimer()
    epochs = case["epochs"] + 1  # the first one is the warm-up, dropped below
    if tf_data:
        import tensorflow as tf

        steps = int(np.ceil(len(X) / case["batch_size"]))
        model = _keras_model(case, steps_per_execution=steps)
        data = tf.data.Dataset.from_tensor_slices((Xf, yf)).shuffle(len(Xf), seed=0).batch(case["batch_size"])
        model.fit(data, epochs=epochs, verbose=0, shuffle=False, callbacks=[timer.callback])
    else:
        model = _keras_model(case, steps_per_execution=1)
        model.fit(Xf, yf, epochs=epochs, batch_size=case["batch_size"], shuffle=True, verbose=0,
                  callbacks=[timer.callback])
    return {"times": timer.times[1:], "final_loss": float(model.evaluate(Xf, yf, verbose=0, batch_size=len(Xf)))}


def time_keras_arrays(case: dict, X: np.ndarray, y: np.ndarray) -> dict:
    return _time_keras(case, X, y, tf_data=False)


def time_keras_tfdata(case: dict, X: np.ndarray, y: np.ndarray) -> dict:
    return _time_keras(case, X, y, tf_data=True)


def time_torch(case: dict, X: np.ndarray, y: np.ndarray) -> dict:
    import torch

    torch.manual_seed(0)
    sizes = [2, *case["hidden"]]
    layers: list = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], 1), torch.nn.Sigmoid())
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.MSELoss()
    Xt = torch.tensor(X, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    batch_size = case["batch_size"]
    generator = torch.Generator().manual_seed(0)

    def run_epoch() -> None:
        order = torch.randperm(len(Xt), generator=generator)
        for start in range(0, len(Xt), batch_size):
            batch = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(Xt[batch]), yt[batch])
            loss.backward()
            optimizer.step()

    times = _timed_epochs(run_epoch, case["epochs"])
    with torch.no_grad():
        final = float(loss_fn(model(Xt), yt))
    return {"times": times, "final_loss": final}


RUNNERS = [
    ("NumPy (cu.nn.Network, float64)", time_numpy),
    ("Keras, NumPy arrays", time_keras_arrays),
    ("Keras, tf.data + steps_per_execution", time_keras_tfdata),
    ("PyTorch, plain loop", time_torch),
]


def _worker(index: int, epochs_scale: float) -> None:
    """Run one framework on every case in this process; print the results as JSON."""
    label, runner = RUNNERS[index]
    if "PyTorch" in label:
        import torch

        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    results = []
    for case in CASES:
        case = dict(case, epochs=max(2, int(case["epochs"] * epochs_scale)))
        X, y = _data(case["n_samples"])
        results.append({"case": case, **runner(case, X, y)})
    print("RESULT " + json.dumps(results))


def _run_worker(index: int, args) -> list[dict]:
    import subprocess

    env = dict(os.environ, **{name: str(args.threads) for name in (
        "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")})
    env["TF_NUM_INTEROP_THREADS"] = "1"
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(index), "--epochs-scale", str(args.epochs_scale)],
        env=env, capture_output=True, text=True, check=True,
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs-scale", type=float, default=1.0, help="multiply every case's epochs")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for every framework (1: fair and stable on a small, shared machine)")
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for the report")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        _worker(args.worker, args.epochs_scale)
        return 0
    import keras
    import torch

    rows = []
    started = time.time()
    per_framework = [_run_worker(index, args) for index in range(len(RUNNERS))]
    for case_index, _case in enumerate(CASES):
        for (label, _runner), results in zip(RUNNERS, per_framework, strict=True):
            result = results[case_index]
            case = result["case"]
            median = statistics.median(result["times"])
            row = {
                "case": case["name"], "framework": label, "n_samples": case["n_samples"],
                "batch_size": case["batch_size"], "timed_epochs": case["epochs"],
                "seconds_per_epoch": median, "samples_per_second": case["n_samples"] / median,
                "final_loss": result["final_loss"],
            }
            rows.append(row)
            print(f"{case['name']:18} {label:38} {median * 1000:9.2f} ms/epoch "
                  f"{row['samples_per_second']:12,.0f} samples/s  loss {row['final_loss']:.4f}", flush=True)
    total = time.time() - started
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "numpy": np.__version__, "keras": keras.__version__,
            "torch": torch.__version__, "cpu_count": os.cpu_count(),
            "threads": args.threads, "total_seconds": round(total, 1),
            "learning_rate": LEARNING_RATE}
    (out / "train_speed.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    lines = [
        "# Training speed: NumPy network vs Keras vs PyTorch",
        "",
        "Written by `benchmarks/train_speed.py`. Same architecture (ReLU hidden layers, sigmoid output), "
        f"MSE, plain SGD (learning rate {LEARNING_RATE}), same data, batch size and epochs; median of the "
        "timed epochs after one warm-up epoch. NumPy in float64, Keras and PyTorch in float32.",
        "",
        f"Machine: {os.cpu_count()} CPU cores; each framework in its own process with {args.threads} thread(s); "
        f"NumPy {np.__version__}, Keras {keras.__version__}, PyTorch {torch.__version__}; whole run {total:.0f} s. "
        "Keras is timed inside one `fit` call (per-epoch times from a callback). Other work on the "
        "machine at the same time inflates all numbers; compare within a table.",
        "",
    ]
    for case in CASES:
        case_rows = [r for r in rows if r["case"] == case["name"]]
        first = case_rows[0]
        lines += [
            f"## {case['name']} ({first['n_samples']} samples, batch {first['batch_size']}, "
            f"{first['timed_epochs']} timed epochs)",
            "",
            "| framework | ms per epoch | samples per second | final training loss |",
            "|---|---:|---:|---:|",
        ]
        lines += [f"| {r['framework']} | {r['seconds_per_epoch'] * 1000:.2f} | {r['samples_per_second']:,.0f} | "
                  f"{r['final_loss']:.4f} |" for r in case_rows]
        lines.append("")
    (out / "train_speed.md").write_text("\n".join(lines))
    print(f"wrote {out / 'train_speed.md'} ({total:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
