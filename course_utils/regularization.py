"""Notebook 05, part 2: remedies for overfitting (過度擬合), each measured.

* L2 weight decay: the penalized loss ``L'(w) = L(w) + lambda * sum(w_i**2)``
  (the club course's formula, Keras' convention), first on a polynomial
  (:func:`demo_l2_penalty`), then on a network.
* A smaller network, dropout and early stopping on a small, noisy two-class
  problem (:func:`make_overfit_data`), trained by the course's one NumPy
  network, :class:`cu.nn.Network`, with full-batch Adam
  (:func:`train_network`). It is small enough that every experiment of the
  notebook trains in about a second, so the sliders only look up results.
* The "will she like you" table of the blog post the course draws on:
  random labels, unscaled features (:func:`make_random_dates`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_array, check_function, exercise
from .data import Split, make_playground_data
from .fitting import (
    _WAVE_YLIM,
    _X_GRID,
    _check_split,
    fit_polynomial,
    predict_polynomial,
    true_wave,
    wave_splits,
)
from .losses import mse
from .nn import DecisionMaps, Network, dropout_forward
from .optim import Adam
from .training import History, early_stopping
from .widgets import BLUE as _BLUE
from .widgets import MAP_CMAP as _MAP_CMAP
from .widgets import ORANGE as _ORANGE
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "penalized_loss",
    "l2_sweep",
    "early_stopping",
    "EARLY_STOPPING_EXAMPLE",
    "make_overfit_data",
    "OVERFIT_SCALE",
    "MAP_LIM",
    "TrainingRun",
    "train_network",
    "make_random_dates",
    "DATE_FEATURES",
    "plot_l2_sweep",
    "plot_training_run",
    "demo_l2_penalty",
    "demo_training_epochs",
    "demo_network_size",
    "demo_dropout",
]

EARLY_STOPPING_EXAMPLE = (0.70, 0.62, 0.58, 0.57, 0.59, 0.56, 0.60, 0.61, 0.63, 0.66)
"""Validation losses after epochs 1, 2, ... for the early-stopping exercise."""

DATE_FEATURES = ("height", "age", "income", "considerate", "distance")
"""The five features of the "will she like you" table, in order."""

OVERFIT_SCALE = 6.0
""":func:`make_overfit_data` divides the playground's points (in [-6, 6]²) by this, so inputs are of order 1."""

MAP_LIM = 1.1
"""The decision maps of notebook 05 cover [-MAP_LIM, MAP_LIM]² (the scaled points, noise included)."""


# --------------------------------------------------------------------------- L2 weight decay


def penalized_loss(data_loss: float, weights, l2: float) -> float:
    """The L2-penalized loss ``L'(w) = L(w) + l2 * sum(w_i ** 2)`` (Keras' convention, no 1/2).

    Parameters
    ----------
    data_loss : float
        L(w), the loss on the data (e.g. the MSE).
    weights : array-like, or a list of arrays (one per layer)
        Every weight w_i that is penalized (biases are usually left out).
    l2 : float
        lambda, 0 or more: how much large weights cost.
    """
    data_loss = v.as_number(data_loss, "data_loss")
    l2 = v.as_number(l2, "l2 (lambda)", low=0)
    if isinstance(weights, (list, tuple)) and any(np.ndim(w) > 0 for w in weights):
        parts = [v.as_array(w, f"weights[{i}]", allow_empty=True) for i, w in enumerate(weights)]
    else:
        parts = [v.as_array(weights, "weights")]
    return data_loss + l2 * sum(float(np.sum(w**2)) for w in parts)


def l2_sweep(split: Split, degree: int, log10_l2s) -> dict[str, np.ndarray]:
    """Fit one polynomial per lambda = 10**log10_l2 and measure it.

    Returns
    -------
    dict with "log10_l2" (k,), "train" and "val" MSE (k,), "sum_w2" (k,)
    (the penalized weights' sum of squares) and "curves" (k, 200), each fit
    evaluated on 200 points of [0, 1].
    """
    split = _check_split(split)
    degree = v.as_int(degree, "degree", low=0)
    log10_l2s = v.as_array(log10_l2s, "log10_l2s", ndim=1)
    train, val, sum_w2, curves = [], [], [], []
    for log_l2 in log10_l2s:
        w = fit_polynomial(*split.train, degree, l2=float(10.0**log_l2))
        train.append(mse(split.y_train, predict_polynomial(w, split.X_train)))
        val.append(mse(split.y_val, predict_polynomial(w, split.X_val)))
        sum_w2.append(float(np.sum(w[1:] ** 2)))
        curves.append(predict_polynomial(w, _X_GRID))
    return {"log10_l2": log10_l2s, "train": np.array(train), "val": np.array(val),
            "sum_w2": np.array(sum_w2), "curves": np.array(curves)}


# --------------------------------------------------------------------------- early stopping


# --------------------------------------------------------------------------- the networks' problem


def make_overfit_data(n_train: int = 80, n_val: int = 400, noise: float = 0.5, *, seed: int = 0) -> Split:
    """The networks' problem: a noisy XOR, few training points, many validation points.

    The points come from ``cu.data.make_playground_data("xor", ...)`` (class 1
    when exactly one coordinate is positive) and are divided by
    :data:`OVERFIT_SCALE` (6) here, where the data is made, so that the
    network sees inputs of about -1 to 1.

    Returns
    -------
    cu.data.Split
        ``X_train`` (n_train, 2), ``y_train`` (n_train,), ``X_val`` (n_val, 2),
        ``y_val`` (n_val,); no test part.
    """
    n_train = v.as_int(n_train, "n_train", low=2)
    n_val = v.as_int(n_val, "n_val", low=1)
    X, y = make_playground_data("xor", n_train + n_val, noise, seed=seed)
    X = X / OVERFIT_SCALE
    return Split(X[:n_train], y[:n_train], X[n_train:], y[n_train:])


class TrainingRun(NamedTuple):
    """What :func:`train_network` returns: the trained network, its History and its decision maps."""

    network: Network
    history: History
    maps: DecisionMaps

    @property
    def name(self) -> str:
        """E.g. ``"64-64 units"``, ``"64-64 units, dropout 0.5"``."""
        net = self.network
        name = "-".join(map(str, net.layer_sizes[1:-1])) + " units"
        if net.l2:
            name += f", L2 {net.l2:g}"
        if net.dropout_rate:
            name += f", dropout {net.dropout_rate:g}"
        return name

    @property
    def num_epochs(self) -> int:
        return len(self.history)


def train_network(
    split: Split,
    hidden_units: Sequence[int] = (64, 64),
    *,
    num_epochs: int = 400,
    learning_rate: float = 0.01,
    l2: float = 0.0,
    dropout_rate: float = 0.0,
    seed: int = 0,
    map_every: int = 10,
    resolution: int = 60,
) -> TrainingRun:
    """Train notebook 05's network on ``split`` and keep its decision map every few epochs.

    The network is ``cu.nn.Network([2, *hidden_units, 1], activation="tanh")``
    with a sigmoid output and binary cross-entropy; one epoch is one step of
    ``cu.optim.Adam(learning_rate)`` on the whole training set::

        net = cu.nn.Network([2, *hidden_units, 1], activation="tanh", l2=l2, dropout_rate=dropout_rate, seed=seed)
        maps = cu.nn.DecisionMaps(net, every=map_every, lim=MAP_LIM)
        history = net.fit(*split.train, num_epochs=num_epochs, optimizer=cu.optim.Adam(learning_rate),
                          validation_data=split.val, seed=seed, callback=maps)

    The History's losses are the data loss (no penalty) with dropout off, so
    runs with and without a remedy compare.
    """
    split = _check_split(split)
    hidden_units = v.sizes(hidden_units, "hidden_units (one width per hidden layer, e.g. (64, 64))")
    net = Network([split.X_train.shape[1], *hidden_units, 1], activation="tanh", output_activation="sigmoid",
                  loss="binary_crossentropy", l2=l2, dropout_rate=dropout_rate, seed=seed)
    maps = DecisionMaps(net, every=map_every, lim=MAP_LIM, resolution=resolution)
    history = net.fit(*split.train, num_epochs=num_epochs, optimizer=Adam(learning_rate),
                      validation_data=split.val, seed=seed, callback=maps)
    return TrainingRun(net, history, maps)


def _check_run(run, name: str = "run") -> TrainingRun:
    return v.instance(run, name, TrainingRun, "what cu.regularization.train_network returns")


# --------------------------------------------------------------------------- the blog post's random labels


def make_random_dates(n_samples: int = 100, *, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """The "will she like you" table, drawn the way the source blog post draws it.

    Every column, the label included, is an independent random integer
    (NumPy's legacy generator, as in ``np.random.seed(42)``): height
    150-199, age 18-39, income 30000-99999, considerate 0/1, distance 0/1,
    and liked 0/1. The label has no relation to the features at all.

    Returns
    -------
    X : ndarray of shape (n_samples, 5), float, columns :data:`DATE_FEATURES`
    y : ndarray of shape (n_samples,), int 0/1
    """
    n_samples = v.as_int(n_samples, "n_samples", low=1)
    rng = np.random.RandomState(v.as_int(seed, "seed", low=0))
    columns = [
        rng.randint(150, 200, size=n_samples),
        rng.randint(18, 40, size=n_samples),
        rng.randint(30000, 100000, size=n_samples),
        rng.randint(0, 2, size=n_samples),
        rng.randint(0, 2, size=n_samples),
    ]
    y = rng.randint(0, 2, size=n_samples)
    return np.stack(columns, axis=1).astype(float), y.astype(np.int64)


# --------------------------------------------------------------------------- static figures


def plot_l2_sweep(sweep: dict, *, ax=None) -> Figure:
    """Training and validation error against log10(lambda) (``sweep`` from :func:`l2_sweep`)."""
    if not isinstance(sweep, Mapping) or not {"log10_l2", "train", "val"} <= set(sweep):
        raise TypeError(f"sweep should be what cu.regularization.l2_sweep returns, but it is {v.describe(sweep)}.")
    x = v.as_array(sweep["log10_l2"], "sweep['log10_l2']", ndim=1)
    train = v.as_array(sweep["train"], "sweep['train']", shape=x.shape)
    val = v.as_array(sweep["val"], "sweep['val']", shape=x.shape)
    ax = axes_or_new(ax)
    ax.semilogy(x, train, color="tab:blue", label="training error")
    ax.semilogy(x, val, color="tab:orange", label="validation error")
    ax.set(xlabel=r"$\log_{10} \lambda$", ylabel="mean squared error")
    ax.legend(loc="upper left", fontsize=8)
    return ax.figure


def _draw_boundary(ax, maps: DecisionMaps, split: Split, epoch: int):
    """The map of ``epoch`` (orange: class 0, blue: class 1) under the training points."""
    image = ax.imshow(maps.at(epoch), origin="lower", extent=maps.extent, cmap=_MAP_CMAP,
                      vmin=0, vmax=1, interpolation="bilinear")
    X, y = split.train
    points = ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, _BLUE, _ORANGE), s=22, edgecolors="white",
                        linewidths=0.8, zorder=3)
    ax.set(xlim=maps.extent[:2], ylim=maps.extent[2:], xticks=[], yticks=[], aspect="equal")
    return image, points


def _draw_curves(ax, history: History, patience: int | None = None):
    (train_line,) = ax.plot(history.epochs, history["loss"], color="tab:blue", label="training loss")
    (val_line,) = ax.plot(history.epochs, history["val_loss"], color="tab:orange", label="validation loss")
    if patience is not None:
        best, _ = early_stopping(history["val_loss"], patience)
        ax.axvline(best, color="tab:green", ls="--", lw=1, label=f"early stopping keeps epoch {best}")
    ax.set(xlabel="epoch", ylabel="binary cross-entropy", xlim=(0, len(history)))
    ax.legend(loc="upper right", fontsize=8)
    return train_line, val_line


def _epoch_title(run: TrainingRun, epoch: int) -> str:
    if epoch == 0:
        return f"{run.name}, before training"
    h = run.history
    return (f"{run.name}, epoch {epoch}: train acc {h['accuracy'][epoch - 1]:.0%}, "
            f"validation acc {h['val_accuracy'][epoch - 1]:.0%}")


def plot_training_run(run: TrainingRun, split: Split, epoch: int | None = None, *,
                      patience: int | None = None, ax=None) -> Figure:
    """The decision boundary at ``epoch`` (left) and the loss curves (right).

    ``ax``: a pair of Axes to draw on (a new Figure when None). With
    ``patience``, the epoch that early stopping keeps is marked.
    """
    run = _check_run(run)
    split = _check_split(split)
    epoch = run.num_epochs if epoch is None else v.as_int(epoch, "epoch", low=0, high=run.num_epochs)
    if patience is not None:
        patience = v.as_int(patience, "patience", low=1)
    if ax is not None and (not isinstance(ax, (list, tuple, np.ndarray)) or len(ax) != 2):
        raise ValueError("plot_training_run draws on two Axes: pass ax=(left, right).")
    axes = axes_or_new(None, figsize=(10, 4), nrows=1, ncols=2) if ax is None else [v.axes(a) for a in ax]
    _draw_boundary(axes[0], run.maps, split, epoch)
    axes[0].set_title(_epoch_title(run, epoch), fontsize=10)
    _draw_curves(axes[1], run.history, patience)
    axes[1].axvline(epoch, color="black", lw=1)
    return axes[0].figure


# --------------------------------------------------------------------------- demos


def demo_l2_penalty(degree: int = 12, *, split: Split | None = None) -> SliderDemo:
    """A lambda slider for a degree-12 polynomial fitted with the penalized loss.

    Left: the fit. Middle: the weights. Right: training and validation error
    against log10(lambda), the current lambda marked.
    """
    degree = v.as_int(degree, "degree", low=1, high=30)
    split = wave_splits() if split is None else _check_split(split)
    sweep = l2_sweep(split, degree, np.arange(-8.0, 1.01, 0.25))
    weights = [fit_polynomial(*split.train, degree, l2=float(10.0**k)) for k in sweep["log10_l2"]]

    live = LiveFigure(1, 3, figsize=(12, 3.6), gridspec_kw={"width_ratios": [1.2, 1, 1.1]},
                      cache_frames=True)  # a frame drawn once is sent again
    left, middle, right = live.axes
    left.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    left.scatter(*split.train, s=18, color="tab:blue", zorder=3, label="training")
    left.scatter(*split.val, s=18, color="tab:orange", marker="s", zorder=3, label="validation")
    # zorder 10 (and the stems' 3, over the zero line): the animated artists lie on top in a full
    # drawing too, as blitting draws them
    (curve,) = left.plot(_X_GRID, sweep["curves"][0], color="tab:red", lw=2, label="model", zorder=10)
    left.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")
    left.legend(loc="lower left", fontsize=7, ncol=2)
    big = max(float(np.abs(w[1:]).max()) for w in weights)
    (stems,) = middle.plot(np.arange(1, degree + 1), weights[0][1:], "o-", color="tab:purple", zorder=3)
    middle.set(yscale="symlog", ylim=(-big * 2, big * 2), xlabel="power k of z", ylabel="weight $w_k$ (symlog)")
    middle.axhline(0, color="0.5", lw=0.8)
    plot_l2_sweep(sweep, ax=right)
    (dots,) = right.plot([], [], "o", ms=10, mfc="none", mec="black", mew=2, zorder=10)
    left.set_title(" ")
    middle.set_title(" ")
    live.figure.tight_layout()
    live.animate(curve, stems, dots, left.title, middle.title)
    index = {round(float(k), 2): i for i, k in enumerate(sweep["log10_l2"])}

    def update(log10_lambda: float) -> None:
        i = index.get(round(float(log10_lambda), 2))
        if i is None:
            raise ValueError(f"log10 lambda must be a multiple of 0.25 from -8 to 1, not {log10_lambda}.")
        live.frame_key = i
        curve.set_ydata(sweep["curves"][i])
        stems.set_ydata(weights[i][1:])
        dots.set_data([sweep["log10_l2"][i]] * 2, [sweep["train"][i], sweep["val"][i]])
        left.set_title(f"lambda = {10.0 ** log10_lambda:.2g}: train {sweep['train'][i]:.3f}, "
                       f"validation {sweep['val'][i]:.3f}", fontsize=10)
        middle.set_title(f"sum of $w_k^2$ = {sweep['sum_w2'][i]:.3g}", fontsize=10)

    controls = {"log10_lambda": slider("log10 lambda", -8.0, 1.0, 0.25, -8.0)}
    return SliderDemo(controls, update, figure=live, title="L2 weight decay: L' = L + lambda * sum(w^2)")


def _selection(options, value, description: str) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(options=options, value=value, description=description,
                                   style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))


def demo_training_epochs(run: TrainingRun | None = None, split: Split | None = None, *,
                         patience: int = 20) -> SliderDemo:
    """An epoch slider over a finished training run, with early stopping marked.

    Without arguments it trains notebook 05's baseline (64-64 units, 400 epochs) on
    :func:`make_overfit_data` first.
    """
    if run is None:
        split = make_overfit_data() if split is None else split
        run = train_network(split, (64, 64), num_epochs=400)
    run = _check_run(run)
    if split is None:
        raise ValueError("pass the data the run was trained on: demo_training_epochs(run, split).")
    split = _check_split(split)
    patience = v.as_int(patience, "patience", low=1)
    live = LiveFigure(1, 2, figsize=(10, 4), cache_frames=True)
    left, right = live.axes
    image, points = _draw_boundary(left, run.maps, split, 0)
    _draw_curves(right, run.history, patience)
    marker = right.axvline(0, color="black", lw=1, zorder=10)  # on top, as blitting draws it
    left.set_title(" ")
    live.figure.tight_layout()
    # as a full drawing stacks them: the frame and the points over the map
    live.animate(image, *left.spines.values(), points, marker, left.title)

    def update(epoch: int) -> None:
        live.frame_key = epoch
        image.set_data(run.maps.at(epoch))
        marker.set_xdata([epoch, epoch])
        left.set_title(_epoch_title(run, epoch), fontsize=10)

    # one frame per slider position, drawn now: a decision map costs about 25 ms to draw
    live.precompute(update, range(0, run.num_epochs + 1, run.maps.every))
    controls = {"epoch": slider("epoch", 0, run.num_epochs, run.maps.every, 0)}
    return SliderDemo(controls, update, figure=live, title="Training longer: when does validation loss turn up?")


def demo_network_size(runs: Mapping[int, TrainingRun] | None = None, split: Split | None = None) -> SliderDemo:
    """A slider over trained networks of different width (``runs`` keyed by the width of each hidden layer)."""
    if runs is None:
        split = make_overfit_data() if split is None else split
        runs = {width: train_network(split, (width, width), num_epochs=400) for width in (2, 8, 64)}
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(f"runs should be a dict width -> TrainingRun, but it is {v.describe(runs)}.")
    runs = {v.as_int(w, "each width", low=1): _check_run(r, f"runs[{w}]") for w, r in runs.items()}
    if split is None:
        raise ValueError("pass the data the runs were trained on: demo_network_size(runs, split).")
    split = _check_split(split)
    widths = sorted(runs)
    first = runs[widths[0]]
    live = LiveFigure(1, 2, figsize=(10, 4), cache_frames=True)
    left, right = live.axes
    image, points = _draw_boundary(left, first.maps, split, first.num_epochs)
    train_line, val_line = _draw_curves(right, first.history)
    train_line.set_zorder(10)  # on top, as blitting draws them
    val_line.set_zorder(10)
    top = max(float(np.max(r.history["val_loss"])) for r in runs.values())
    right.set(ylim=(0, min(top * 1.05, 3.0)), xlim=(0, max(r.num_epochs for r in runs.values())))
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(image, *left.spines.values(), points, train_line, val_line, left.title)

    def update(width: int) -> None:
        live.frame_key = width
        run = runs[width]
        image.set_data(run.maps.at(run.num_epochs))
        train_line.set_data(run.history.epochs, run.history["loss"])
        val_line.set_data(run.history.epochs, run.history["val_loss"])
        left.set_title(f"{run.name}: train acc {run.history.last('accuracy'):.0%}, "
                       f"validation acc {run.history.last('val_accuracy'):.0%}", fontsize=10)

    live.precompute(update, widths)
    control = _selection(widths, widths[-1], "units per hidden layer")
    return SliderDemo({"width": control}, update, figure=live, title="A smaller network")


def _first_hidden(net: Network, X: np.ndarray) -> np.ndarray:
    """The first hidden layer's outputs (test mode) for the rows of X."""
    net.predict(X)
    return net.layers[1].A_prev


def demo_dropout(runs: Mapping[float, TrainingRun] | None = None, split: Split | None = None, *,
                 num_draws: int = 20) -> SliderDemo:
    """Dropout's mechanism (left) and its measured effect (right).

    Left: the first hidden layer's outputs (its first 16 units) for one
    validation point; in training mode a fresh random mask zeroes a share
    ``rate`` of them and scales the rest by 1/(1 - rate)
    (:func:`cu.nn.dropout_forward`, what the network does); in test mode every
    unit passes unchanged. Right: the validation loss of networks trained with
    that rate (``runs`` keyed by rate), against the network trained without dropout.
    """
    if runs is None:
        split = make_overfit_data() if split is None else split
        runs = {r: train_network(split, (64, 64), num_epochs=400, dropout_rate=r) for r in (0.0, 0.2, 0.5)}
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(f"runs should be a dict dropout rate -> TrainingRun, but it is {v.describe(runs)}.")
    runs = {v.as_number(r, "each rate", low=0, high=1, high_open=True): _check_run(run, f"runs[{r}]")
            for r, run in runs.items()}
    if split is None:
        raise ValueError("pass the data the runs were trained on: demo_dropout(runs, split).")
    split = _check_split(split)
    num_draws = v.as_int(num_draws, "num_draws", low=1)
    rates = sorted(runs)
    if 0.0 not in runs:
        raise ValueError("runs need a network trained without dropout (rate 0.0) to compare with.")
    # the first 16 units of the first hidden layer: enough to see the pattern, cheap to redraw
    outputs = {r: _first_hidden(runs[r].network, split.X_val[:1])[0, :16] for r in rates}
    n_units = len(outputs[rates[0]])
    limit = 1.0 / (1.0 - max(rates)) * 1.05

    live = LiveFigure(1, 2, figsize=(11, 3.8), cache_frames=True)  # a frame drawn once is sent again
    left, right = live.axes
    # zorder 3 (over the zero line) and 10 (over the legend): the animated artists lie on top in a
    # full drawing too, as blitting draws them
    ghosts = left.bar(np.arange(n_units), outputs[rates[0]], color="none", edgecolor="0.6", lw=0.8, zorder=3)
    bars = left.bar(np.arange(n_units), outputs[rates[0]], color="tab:purple", alpha=0.85, zorder=3)
    left.set(ylim=(-limit, limit), xlabel="hidden unit", ylabel="output after dropout")
    left.axhline(0, color="0.5", lw=0.8)
    base = runs[0.0].history
    right.plot(base.epochs, base["val_loss"], color="0.55", label="validation, no dropout")
    (val_line,) = right.plot(base.epochs, base["val_loss"], color="tab:orange", label="validation, this rate",
                             zorder=10)
    (train_line,) = right.plot(base.epochs, base["loss"], color="tab:blue", ls="--", label="training, this rate",
                               zorder=10)
    top = max(float(np.max(r.history["val_loss"])) for r in runs.values())
    right.set(xlabel="epoch", ylabel="binary cross-entropy", ylim=(0, min(top * 1.05, 3.0)))
    right.legend(loc="lower left", fontsize=8)
    left.set_title(" ")
    right.set_title(" ")
    live.figure.tight_layout()
    live.animate(*ghosts.patches, *bars.patches, val_line, train_line, left.title, right.title)

    def update(dropout_rate: float, mode: str, draw: int) -> None:
        rate = dropout_rate
        live.frame_key = (rate, mode, draw)
        a = outputs[rate][None, :]
        for patch, value in zip(ghosts.patches, a[0], strict=True):
            patch.set_height(value)  # the outline: this network's output before dropout
        out, mask = dropout_forward(a, rate, training=(mode == "training"), rng=np.random.default_rng(draw))
        for patch, value in zip(bars.patches, out[0], strict=True):
            patch.set_height(value)
        dropped = int((~mask).sum())
        if mode == "training":
            left.set_title(f"training: {dropped} of {n_units} units dropped, the rest x {1 / (1 - rate):.2f}",
                           fontsize=10)
        else:
            left.set_title(f"test: all {n_units} units on, nothing scaled", fontsize=10)
        history = runs[rate].history
        val_line.set_data(history.epochs, history["val_loss"])
        train_line.set_data(history.epochs, history["loss"])
        right.set_title(f"rate {rate:g}: lowest validation loss {history['val_loss'].min():.3f}, "
                        f"final {history.last('val_loss'):.3f}", fontsize=10)

    controls = {
        "dropout_rate": _selection(rates, rates[-1], "dropout rate"),
        "mode": widgets.ToggleButtons(options=["training", "test"], value="training", description="mode"),
        "draw": slider("random draw (mini-batch)", 0, num_draws - 1, 1, 0),
    }
    return SliderDemo(controls, update, figure=live, title="Dropout: on in training, off at test")


# --------------------------------------------------------------------------- exercises


@exercise("05-1", hints=(
    "The penalized loss is the data loss plus one extra term; the extra term depends only on the weights and lambda.",
    "The extra term adds up something about every weight: square each one, add the squares, "
    "then scale that sum by lambda. np.sum works on arrays of any shape.",
    "Keras' convention has no 1/2 in front: L' = L + lambda * (w_1^2 + w_2^2 + ...). "
    "Check your function on weights [1, -2] with lambda 0.1: the extra term is 0.5.",
))
def _check_05_1(answer) -> CheckResult:
    cases = [
        ((0.5, np.array([1.0, -2.0]), 0.1), 0.5 + 0.1 * 5.0),
        ((0.0, np.array([0.3, 0.4, -1.2]), 0.0), 0.0),
        ((1.2, np.array([[1.0, 2.0], [-1.0, 0.5]]), 0.01), 1.2 + 0.01 * 6.25),
    ]
    return check_function(answer, cases, name="penalized_loss",
                          hint="look at what the penalty does with each weight and with lambda.")


@exercise("05-3", hints=(
    "Two things happen in training mode: some values are switched off, and the others are made bigger.",
    "Multiplying by the mask (True = 1, False = 0) switches values off. The survivors are divided "
    "by the share that survives on average.",
    "At rate 0.25, three quarters survive on average, so each survivor is divided by 0.75 "
    "(it becomes 4/3 of itself). Write it for any rate.",
))
def _check_05_3(answer) -> CheckResult:
    rng = np.random.default_rng(5)
    a = rng.normal(size=(3, 4))
    mask = rng.random((3, 4)) >= 0.25
    cases = [
        ((a, mask, 0.25), a * mask / 0.75),
        ((a, np.ones((3, 4), dtype=bool), 0.5), a * 2.0),
        ((np.array([[1.0, 2.0]]), np.array([[True, False]]), 0.5), np.array([[2.0, 0.0]])),
    ]
    return check_function(answer, cases, name="training_dropout",
                          hint="compare the expected total of a layer with and without dropout.")


@exercise("05-4", hints=(
    "Go through the losses one epoch at a time and keep track of the best value so far.",
    "Count epochs from 1. After each epoch that does not beat the best so far, add one to a counter; "
    "a new best sets the counter back to 0.",
    "Training stops at the epoch where the counter reaches patience = 3; the weights kept are those of "
    "the epoch with the lowest loss up to then.",
))
def _check_05_4(answer) -> CheckResult:
    best, stop = early_stopping(EARLY_STOPPING_EXAMPLE, patience=3)
    return check_array(answer, [best, stop], name="[best_epoch, stop_epoch]",
                       hint="count epochs from 1, and check what happens after each new best.")


def _weight_decay_cases() -> list[tuple[tuple, np.ndarray]]:
    """(W, dW, learning_rate, l2) -> the W that cu.nn.Network's own SGD step with l2 produces."""
    cases = []
    for seed, (learning_rate, l2) in enumerate(((0.1, 0.01), (0.5, 0.2), (0.05, 0.0))):
        rng = np.random.default_rng(seed)
        X, y = rng.normal(size=(8, 3)), rng.integers(0, 2, 8).astype(float)
        net = Network([3, 4, 1], activation="tanh", l2=l2, seed=seed)
        plain = Network([3, 4, 1], activation="tanh", seed=seed)  # the same weights, no penalty
        W, dW = net.layers[0].W.copy(), plain.gradients(X, y)[0][0]  # dW: the data loss's gradient only
        net.step(X, y, learning_rate)
        cases.append(((W, dW, learning_rate, l2), net.layers[0].W.copy()))
    return cases


@exercise("05-5", hints=(
    "A gradient-descent step is w <- w - learning_rate * (gradient of the whole loss). With L2, the whole "
    "loss is the data loss plus the penalty, so its gradient has two parts.",
    "The first part is dW (given). The second is the derivative of l2 * sum(w^2) with respect to one weight w: "
    "differentiate l2 * w^2.",
    "The penalty's gradient is 2 * l2 * W (no 1/2 in Keras' convention, so the 2 stays). "
    "Add it to dW before the step; the step shrinks W a little towards 0 every time.",
))
def _check_05_5(answer) -> CheckResult:
    return check_function(answer, _weight_decay_cases(), name="weight_decay_step",
                          hint="write the gradient of the penalized loss, then take the step.")
