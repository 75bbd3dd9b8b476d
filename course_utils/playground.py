"""Notebook 04's playground: TensorFlow Playground inside the notebook.

The from-scratch NumPy :class:`~course_utils.nn.Network` learns one of the four
playground data sets while the page shows its **decision map** (the network's
output on a grid over the plane), the training and test points, and the two
loss curves.

Three layers, as every demo in the course:

1. :class:`Playground`: numbers only. It holds the data split, the network and
   the history; ``step(num_epochs)`` trains, ``reset()`` draws new weights,
   ``decision_map()`` evaluates the network on a fixed grid.
2. :func:`plot_playground`: one static figure of a playground's state.
3. :func:`demo_playground`: the widget. *Train* keeps training on the kernel's
   event loop (see :class:`PlaygroundDemo` for why), *Step* trains one frame's
   worth of epochs, *Reset* draws new weights.
"""

from __future__ import annotations

import asyncio
import time
import traceback
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .data import PLAYGROUND_DATASETS, make_playground_data
from .nn import REGULARIZATIONS, Network
from .widgets import LiveFigure, _html, dropdown

__all__ = [
    "PLAYGROUND_ACTIVATIONS",
    "PLAYGROUND_LEARNING_RATES",
    "PLAYGROUND_REG_RATES",
    "Playground",
    "PlaygroundDemo",
    "plot_playground",
    "demo_playground",
]

#: Hidden-layer activations the playground offers (as TensorFlow Playground).
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
#: The learning rates in the menu (TensorFlow Playground's list, trimmed).
PLAYGROUND_LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
#: The regularization rates in the menu.
PLAYGROUND_REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)

MAX_HIDDEN_LAYERS = 6
_CONTROL_WIDTH = "270px"
MAX_HIDDEN_UNITS = 8

# Settings that change the data (and so need new weights and a new history),
# the ones that change only the network, and the ones used from the next step on.
_DATA_SETTINGS = ("dataset", "noise", "train_ratio", "n_samples", "seed")
_NETWORK_SETTINGS = ("hidden_units", "activation")
_STEP_SETTINGS = ("learning_rate", "regularization", "reg_rate", "batch_size")

# TensorFlow Playground's colours: orange for class 0, blue for class 1.
_ORANGE, _BLUE = "#f59322", "#0877bd"
_MAP_CMAP = LinearSegmentedColormap.from_list("playground", ["#f3a257", "#fbfbfb", "#5a9fd4"])
_MAP_LUT = (_MAP_CMAP(np.linspace(0.0, 1.0, 256)) * 255).round().astype(np.uint8)  # (256, 4) RGBA


# =========================================================================== 1. numbers


def _check_settings(s: dict[str, Any]) -> None:
    """Raise a ValueError/TypeError a student can act on for any bad setting."""
    if not isinstance(s["dataset"], str) or s["dataset"].lower() not in PLAYGROUND_DATASETS:
        raise ValueError(f"Unknown data set {s['dataset']!r}; choose one of {list(PLAYGROUND_DATASETS)}.")
    noise = s["noise"]
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or not 0 <= noise <= 1:
        raise ValueError(f"noise must be a number from 0 (clean) to 1 (very noisy), not {noise!r}.")
    ratio = s["train_ratio"]
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, np.floating)) or not 0 < ratio < 1:
        raise ValueError(
            f"train_ratio is the fraction of points used for training, a number between 0 and 1 "
            f"such as 0.5; got {ratio!r}."
        )
    n = s["n_samples"]
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 4 <= n <= 5000:
        raise ValueError(f"n_samples must be a whole number from 4 to 5000, not {n!r}.")
    n_train = int(round(ratio * n))
    if n_train < 2 or n - n_train < 2:
        raise ValueError(
            f"train_ratio={ratio} of {n} points leaves {n_train} for training and {n - n_train} "
            "for testing; each needs at least 2. Move train_ratio towards 0.5."
        )
    units = s["hidden_units"]
    if isinstance(units, (str, bytes)) or not isinstance(units, Sequence):
        raise TypeError(
            f"hidden_units lists the neurons of each hidden layer, e.g. (4, 2) or () for none; got {units!r}."
        )
    if len(units) > MAX_HIDDEN_LAYERS or not all(
        isinstance(u, (int, np.integer)) and not isinstance(u, bool) and 1 <= u <= MAX_HIDDEN_UNITS
        for u in units
    ):
        raise ValueError(
            f"hidden_units takes at most {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_HIDDEN_UNITS} neurons "
            f"each, e.g. (4, 2); got {tuple(units)!r}."
        )
    if s["activation"] not in PLAYGROUND_ACTIVATIONS:
        raise ValueError(f"Unknown activation {s['activation']!r}; choose one of {list(PLAYGROUND_ACTIVATIONS)}.")
    lr = s["learning_rate"]
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not lr > 0:
        raise ValueError(f"learning_rate must be a positive number such as 0.03, not {lr!r}.")
    if s["regularization"] not in REGULARIZATIONS:
        raise ValueError(f"regularization must be one of {list(REGULARIZATIONS)}, not {s['regularization']!r}.")
    rate = s["reg_rate"]
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)) or not rate >= 0:
        raise ValueError(f"reg_rate must be a number >= 0 such as 0.001, not {rate!r}.")
    batch = s["batch_size"]
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"batch_size must be a whole number >= 1 such as 10, not {batch!r}.")
    if isinstance(s["seed"], bool) or not isinstance(s["seed"], (int, np.integer)):
        raise TypeError(f"seed must be a whole number, not {s['seed']!r}.")
    if s["seed"] < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {s['seed']!r}.")


class Playground:
    """A data set, a train/test split and a small network that learns it.

    Parameters
    ----------
    dataset : {"circle", "xor", "gaussian", "spiral"}
    noise : float
        From 0 (clean) to 1; TensorFlow Playground's slider goes to 0.5 (50 %).
    train_ratio : float
        Fraction of the points used for training (the rest are the test set).
    hidden_units : sequence of int
        Neurons in each hidden layer, e.g. ``(4, 2)``; ``()`` for no hidden layer.
    activation : {"tanh", "relu", "sigmoid", "linear"}
        Activation of every hidden layer (the output is a sigmoid, the loss
        binary cross-entropy).
    learning_rate : float
    regularization : {"none", "l1", "l2"}
    reg_rate : float
        Strength of the L1 or L2 penalty.
    batch_size : int
        Points per gradient step; one **epoch** is one pass over the training set.
    n_samples : int
        Points in the whole data set (training + test).
    seed : int
        Fixes the points, the split and the first weights.
    grid_size : int
        The decision map is computed on a ``grid_size x grid_size`` grid.
    extent : float
        The map covers the square ``[-extent, extent]^2``.

    Attributes
    ----------
    X_train, y_train, X_test, y_test : ndarray
        The split, ``X`` of shape (n, 2), ``y`` of shape (n,) with labels 0/1.
    network : Network
    epoch : int
        Epochs trained since the last reset.
    history : dict of lists
        ``"epoch"``, ``"train_loss"`` and ``"test_loss"``, one entry per epoch
        (epoch 0 is the untrained network). Losses are the data loss (binary
        cross-entropy) without the regularization penalty, so train and test
        compare.
    """

    def __init__(
        self,
        dataset: str = "circle",
        *,
        noise: float = 0.0,
        train_ratio: float = 0.5,
        hidden_units: Sequence[int] = (4, 2),
        activation: str = "tanh",
        learning_rate: float = 0.03,
        regularization: str = "none",
        reg_rate: float = 0.0,
        batch_size: int = 10,
        n_samples: int = 400,
        seed: int = 0,
        grid_size: int = 60,
        extent: float = 6.0,
    ) -> None:
        if isinstance(grid_size, bool) or not isinstance(grid_size, (int, np.integer)) or not 2 <= grid_size <= 400:
            raise ValueError(f"grid_size must be a whole number from 2 to 400, not {grid_size!r}.")
        if not isinstance(extent, (int, float)) or isinstance(extent, bool) or extent <= 0:
            raise ValueError(f"extent must be a positive number (half the width of the map), not {extent!r}.")
        self.settings: dict[str, Any] = {}
        self.grid_size = int(grid_size)
        self.extent = float(extent)
        axis = np.linspace(-self.extent, self.extent, self.grid_size)
        gx, gy = np.meshgrid(axis, axis)  # row 0 is the bottom of the map (origin="lower")
        self.grid = np.c_[gx.ravel(), gy.ravel()]  # (grid_size**2, 2), computed once
        self.weight_seed = int(seed)
        self.update(
            dataset=dataset, noise=noise, train_ratio=train_ratio, hidden_units=hidden_units,
            activation=activation, learning_rate=learning_rate, regularization=regularization,
            reg_rate=reg_rate, batch_size=batch_size, n_samples=n_samples, seed=seed,
        )

    # ------------------------------------------------------------------ settings

    def update(self, **settings: Any) -> bool:
        """Change settings; return True if the network was rebuilt.

        Changing the data (``dataset``, ``noise``, ``train_ratio``,
        ``n_samples``, ``seed``) draws the points again; changing the
        architecture (``hidden_units``, ``activation``) builds a new network.
        Both start training from epoch 0. ``learning_rate``,
        ``regularization``, ``reg_rate`` and ``batch_size`` apply from the
        next step and keep the weights.
        """
        known = _DATA_SETTINGS + _NETWORK_SETTINGS + _STEP_SETTINGS
        unknown = sorted(set(settings) - set(known))
        if unknown:
            raise ValueError(f"Playground has no setting {unknown}; it has {sorted(known)}.")
        new = dict(self.settings, **settings)
        if "hidden_units" in settings:
            units = settings["hidden_units"]
            new["hidden_units"] = tuple(units) if isinstance(units, (list, tuple)) else units
        if "dataset" in settings and isinstance(settings["dataset"], str):
            new["dataset"] = settings["dataset"].lower()
        _check_settings(new)
        changed = {k for k in new if self.settings.get(k, object()) != new[k]}
        first = not self.settings
        self.settings = new
        if first or changed & set(_DATA_SETTINGS):
            if first or "seed" in changed:
                self.weight_seed = int(new["seed"])
            self._make_data()
        if first or changed & set(_DATA_SETTINGS + _NETWORK_SETTINGS):
            self.network = Network(
                [2, *new["hidden_units"], 1], activation=new["activation"],
                output_activation="sigmoid", loss="bce", seed=self.weight_seed,
            )
            self._restart()
            return True
        return False

    def _make_data(self) -> None:
        s = self.settings
        X, y = make_playground_data(s["dataset"], s["n_samples"], s["noise"], seed=s["seed"])
        n_train = int(round(s["train_ratio"] * len(X)))
        # make_playground_data already shuffles, so the first n_train points are a random split
        self.X_train, self.y_train = X[:n_train], y[:n_train]
        self.X_test, self.y_test = X[n_train:], y[n_train:]
        self._y_train_col = self.y_train.reshape(-1, 1).astype(float)
        self._y_test_col = self.y_test.reshape(-1, 1).astype(float)
        self._rng = np.random.default_rng(s["seed"])

    def _restart(self) -> None:
        self.epoch = 0
        self.history: dict[str, list[float]] = {"epoch": [], "train_loss": [], "test_loss": []}
        self._record()

    def _record(self) -> None:
        self.history["epoch"].append(self.epoch)
        self.history["train_loss"].append(self.network.loss(self.X_train, self._y_train_col))
        self.history["test_loss"].append(self.network.loss(self.X_test, self._y_test_col))

    # ------------------------------------------------------------------ training

    def step(self, num_epochs: int = 1) -> float:
        """Train ``num_epochs`` epochs of mini-batch SGD; return the last train loss.

        Each epoch shuffles the training points, takes one gradient step per
        batch of ``batch_size`` points and appends both losses to ``history``.
        """
        if isinstance(num_epochs, bool) or not isinstance(num_epochs, (int, np.integer)) or num_epochs < 1:
            raise ValueError(f"num_epochs must be a whole number >= 1, not {num_epochs!r}.")
        s = self.settings
        n = len(self.X_train)
        size = min(int(s["batch_size"]), n)
        for _ in range(int(num_epochs)):
            order = self._rng.permutation(n)
            for start in range(0, n, size):
                batch = order[start : start + size]
                self.network.step(
                    self.X_train[batch], self._y_train_col[batch], s["learning_rate"],
                    regularization=s["regularization"], reg_rate=s["reg_rate"],
                )
            self.epoch += 1
            self._record()
        return self.history["train_loss"][-1]

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh weights and start again from epoch 0 (the data stay).

        ``seed=None`` takes the next seed, so every reset gives a new start,
        as the playground's reset button does; pass a seed to repeat a start.
        """
        if seed is None:
            self.weight_seed += 1
        elif isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"seed must be a whole number or None, not {seed!r}.")
        else:
            self.weight_seed = int(seed)
        self.network.reset(self.weight_seed)
        self._rng = np.random.default_rng(self.settings["seed"])
        self._restart()

    # ------------------------------------------------------------------ reading

    def decision_map(self) -> np.ndarray:
        """The network's probability of class 1 on the grid.

        Returns
        -------
        ndarray of shape (grid_size, grid_size)
            Row 0 is the bottom of the map (y = -extent), column 0 its left edge.
        """
        return self.network.forward(self.grid)[:, 0].reshape(self.grid_size, self.grid_size)

    def test_accuracy(self) -> float:
        """Fraction of test points on the right side of the 0.5 boundary."""
        return self.network.accuracy(self.X_test, self.y_test)

    def weight_norm(self) -> float:
        """Euclidean norm of all weights (biases left out), what L2 shrinks."""
        return float(np.sqrt(sum(np.sum(layer.W**2) for layer in self.network.layers)))

    def status(self) -> str:
        """One line: epoch, both losses and the test accuracy."""
        train, test = self.history["train_loss"][-1], self.history["test_loss"][-1]
        return (
            f"epoch {self.epoch} · train loss {train:.3f} · test loss {test:.3f} · "
            f"test accuracy {100 * self.test_accuracy():.0f}%"
        )

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"Playground({s['dataset']!r}, noise={s['noise']}, hidden_units={s['hidden_units']}, "
            f"activation={s['activation']!r}, epoch={self.epoch})"
        )


# =========================================================================== 2. the figure


def _map_pixels(probabilities: np.ndarray) -> np.ndarray:
    """Colour a decision map: (g, g) probabilities -> (2g - 1, 2g - 1, 4) uint8 RGBA.

    The map is upsampled twice by linear interpolation here, and handed to
    matplotlib as ready-made pixels: about three times faster to draw than a
    float image that matplotlib colours and smooths itself.
    """
    p = np.nan_to_num(probabilities, nan=0.5)
    rows = np.empty((2 * p.shape[0] - 1, p.shape[1]))
    rows[0::2] = p
    rows[1::2] = 0.5 * (p[:-1] + p[1:])
    fine = np.empty((rows.shape[0], 2 * p.shape[1] - 1))
    fine[:, 0::2] = rows
    fine[:, 1::2] = 0.5 * (rows[:, :-1] + rows[:, 1:])
    return _MAP_LUT[np.clip((fine * 255).astype(np.int64), 0, 255)]


def _draw_playground(map_ax, loss_ax, model: Playground) -> dict:
    """Create every artist once; :func:`_update_playground` changes them."""
    e = model.extent
    image = map_ax.imshow(
        _map_pixels(model.decision_map()), origin="lower", extent=(-e, e, -e, e),
        interpolation="nearest", aspect="equal",
    )
    # Points as line markers: drawn as one stamped marker, several times faster than scatter.
    points = {}
    for split, edge, width in (("train", "white", 0.7), ("test", "black", 0.9)):
        for label, colour in ((0, _ORANGE), (1, _BLUE)):
            (points[split, label],) = map_ax.plot(
                [], [], "o", markersize=4.8, markerfacecolor=colour, markeredgecolor=edge,
                markeredgewidth=width, linestyle="none", zorder=3,
            )
    map_ax.set(xlim=(-e, e), ylim=(-e, e), xticks=[-e, 0, e], yticks=[-e, 0, e])
    map_ax.set_title("decision map (white edge: train, black: test)", fontsize=9)
    (train_line,) = loss_ax.plot([], [], color="tab:gray", label="train loss")
    (test_line,) = loss_ax.plot([], [], color="black", label="test loss")
    loss_ax.set(xlabel="epoch", ylabel="loss (cross-entropy)")
    loss_ax.legend(loc="upper right", fontsize=8)
    loss_ax.grid(alpha=0.3)
    artists = {"image": image, "points": points, "train_line": train_line, "test_line": test_line,
               "loss_ax": loss_ax, "points_of": None, "limits": None}
    _update_playground(artists, model)
    return artists


def _loss_limits(model: Playground) -> tuple[float, float]:
    """Axis limits that grow in steps, so the figure rarely needs a full redraw."""
    last_epoch = model.history["epoch"][-1]
    x_max = 20.0
    while x_max < last_epoch:
        x_max *= 2
    finite = [v for v in model.history["train_loss"] + model.history["test_loss"] if np.isfinite(v)]
    peak = max(finite, default=1.0)
    y_max = 1.0
    while y_max < peak:
        y_max *= 2
    return x_max, y_max


def _update_playground(artists: dict, model: Playground) -> bool:
    """Move every artist to the model's state; return True if axis limits changed."""
    artists["image"].set_data(_map_pixels(model.decision_map()))
    data = (id(model.X_train), id(model.X_test))
    if artists["points_of"] != data:  # new data: move the points
        for split, X, y in (("train", model.X_train, model.y_train), ("test", model.X_test, model.y_test)):
            for label in (0, 1):
                artists["points"][split, label].set_data(X[y == label, 0], X[y == label, 1])
        artists["points_of"] = data
    h = model.history
    artists["train_line"].set_data(h["epoch"], h["train_loss"])
    artists["test_line"].set_data(h["epoch"], h["test_loss"])
    limits = _loss_limits(model)
    old = artists["limits"]
    if old is not None and limits[1] < old[1]:
        # keep a taller y range while the curves still fill a quarter of it:
        # every change of limits costs a full redraw of the figure
        peak = max((v for v in h["train_loss"] + h["test_loss"] if np.isfinite(v)), default=1.0)
        if peak > old[1] / 4:
            limits = (limits[0], old[1])
    if limits == old:
        return False
    artists["limits"] = limits
    artists["loss_ax"].set(xlim=(0, limits[0]), ylim=(0, limits[1]))
    return True


def plot_playground(state: Playground, *, ax=None) -> Figure:
    """Draw a playground's decision map with its points and its loss curves.

    Parameters
    ----------
    state : Playground
    ax : None, one Axes, or a pair of Axes
        ``None`` makes a new figure with both panels; one Axes gets only the
        map; a pair ``(map_ax, loss_ax)`` gets both.

    Returns
    -------
    Figure
    """
    if not isinstance(state, Playground):
        raise TypeError(f"plot_playground needs a cu.Playground, not {type(state).__name__}.")
    if ax is None:
        fig = Figure(figsize=(8.4, 3.8))
        map_ax, loss_ax = fig.subplots(1, 2, width_ratios=(1, 1.25))
    elif isinstance(ax, (list, tuple, np.ndarray)):
        if len(ax) != 2:
            raise ValueError("ax must be one Axes (map only) or a pair (map_ax, loss_ax).")
        map_ax, loss_ax = ax
    else:
        map_ax, loss_ax = ax, None
    if loss_ax is None:
        # only the map: draw the loss artists on a throwaway figure's axes
        loss_ax = Figure().subplots()
    _draw_playground(map_ax, loss_ax, state)
    if loss_ax.figure is map_ax.figure:
        loss_ax.set_title(state.status(), fontsize=9)
    return map_ax.figure


# =========================================================================== 3. the widget

# The playground that is training now. Making or starting another one pauses
# it: re-running the cell hides the old widget, and it must not keep training
# out of sight.
_TRAINING: weakref.ref | None = None


def _pause_other(me: PlaygroundDemo | None) -> None:
    other = _TRAINING() if _TRAINING is not None else None
    if other is not None and other is not me:
        other.pause()


def _event_loop() -> asyncio.AbstractEventLoop:
    """The kernel's running event loop (widget callbacks run inside it)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    try:  # in a kernel but outside a callback: the kernel's own loop
        from IPython import get_ipython

        io_loop = getattr(getattr(get_ipython(), "kernel", None), "io_loop", None)
        loop = getattr(io_loop, "asyncio_loop", None)
        if loop is not None and not loop.is_closed():
            return loop
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        pass
    raise RuntimeError(
        "Train runs on the notebook kernel's event loop, and none is running here. "
        "Use the Step button, or call the model's step() in a loop."
    )


class _Ticker:
    """Call ``tick()`` again and again on the event loop until it returns False or is stopped.

    Each call runs between the kernel's other messages, on the kernel's own
    thread: a slider change or the Pause click is handled between two frames.
    """

    def __init__(self, tick: Callable[[], bool], interval: float) -> None:
        self.tick = tick
        self.interval = interval
        self.running = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.Handle | None = None

    def start(self) -> None:
        if self.running:
            return  # one chain of callbacks at a time
        self._loop = _event_loop()
        self.running = True
        self._handle = self._loop.call_soon(self._run)

    def stop(self) -> None:
        self.running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self) -> None:
        self._handle = None
        if not self.running:
            return
        start = time.perf_counter()
        if not self.tick():
            self.running = False
            return
        if self.running and self._loop is not None and not self._loop.is_closed():
            # wait out the rest of the frame (at least a moment, so messages get in)
            delay = max(0.002, self.interval - (time.perf_counter() - start))
            self._handle = self._loop.call_later(delay, self._run)


def _rate_menu(description: str, options: Sequence[float], value: float) -> widgets.Dropdown:
    """A menu of rates, as TensorFlow Playground offers them (a slider readout
    cannot be typed into reliably for a list of values)."""
    return widgets.Dropdown(
        description=description, options=[(f"{v:g}", v) for v in options], value=value,
        style={"description_width": "initial"}, layout=widgets.Layout(width=_CONTROL_WIDTH),
    )


def _int_slider(description: str, low: int, high: int, value: int) -> widgets.IntSlider:
    return widgets.IntSlider(
        description=description, min=low, max=high, step=1, value=value, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width=_CONTROL_WIDTH),
    )


class PlaygroundDemo(widgets.VBox):
    """The playground widget: controls, Train/Step/Reset, the live figure, a status line.

    Same conventions as :class:`~course_utils.widgets.SliderDemo`: ``controls``
    maps names to widgets, ``live_figure`` sends the frames, ``last_error``
    keeps the last error, which is also shown inside the demo.

    How *Train* works: a toggle button starts a chain of callbacks on the
    kernel's own event loop (``loop.call_later``): each one trains
    ``epochs_per_frame`` epochs, redraws and sends one frame, then schedules
    the next. Between two frames the kernel handles incoming messages, so the
    sliders and Pause respond while training, and since everything runs on the
    kernel's thread no lock is needed. (Widget updates sent from a background
    thread do not reach the page on Colab, googlecolab/colabtools#3373.)
    Training stops on Pause, Reset, a change that rebuilds the network, a
    loss that is no longer a number, ``max_epochs``, when the widget is
    closed, and when another playground is made or starts training.

    Parameters
    ----------
    model : Playground
    epochs_per_frame : int
        Epochs trained between two frames (a control).
    max_fps : float
        At most this many frames per second are sent while training.
    max_epochs : int
        Training pauses by itself at this epoch, so a forgotten playground
        does not keep a laptop busy.
    """

    _REBUILD = ("dataset", "noise", "train_ratio", "hidden_layers", "hidden_units", "activation")
    _NEXT_STEP = ("learning_rate", "regularization", "reg_rate", "batch_size", "epochs_per_frame")

    def __init__(
        self, model: Playground, *, epochs_per_frame: int = 1, max_fps: float = 20.0,
        max_epochs: int = 5000,
    ) -> None:
        if not isinstance(model, Playground):
            raise TypeError(f"PlaygroundDemo needs a cu.Playground, not {type(model).__name__}.")
        if not isinstance(max_fps, (int, float)) or max_fps <= 0:
            raise ValueError(f"max_fps must be a positive number, not {max_fps!r}.")
        _pause_other(None)
        self.model = model
        self.max_epochs = int(max_epochs)
        self.last_error: BaseException | None = None
        self.redraws = 0
        self.frames_trained = 0
        self.fps = 0.0
        self._holding = False
        self._last_tick: float | None = None
        self._ticker = _Ticker(self._tick, 1.0 / max_fps)

        live = LiveFigure(1, 2, figsize=(8.4, 3.8), gridspec_kw={"width_ratios": (1, 1.25)})
        self.live_figure = live
        self._artists = _draw_playground(live.axes[0], live.axes[1], model)
        live.figure.tight_layout()
        a = self._artists
        live.animate(a["image"], *a["points"].values(), a["train_line"], a["test_line"])

        s = model.settings
        units = s["hidden_units"]
        c: dict[str, widgets.Widget] = {
            "train": widgets.ToggleButton(value=False, description="Train", icon="play",
                                          tooltip="train continuously; press again to pause"),
            "step": widgets.Button(description="Step", icon="step-forward",
                                   tooltip="train one frame's worth of epochs"),
            "reset": widgets.Button(description="Reset", icon="refresh",
                                    tooltip="new random weights, back to epoch 0"),
            "dataset": dropdown("data set", [("circle", "circle"), ("XOR", "xor"),
                                             ("Gaussian", "gaussian"), ("spiral", "spiral")], s["dataset"]),
            "noise": widgets.FloatSlider(description="noise", min=0.0, max=0.5, step=0.05, value=s["noise"],
                                         readout_format=".2f", style={"description_width": "initial"},
                                         layout=widgets.Layout(width=_CONTROL_WIDTH)),
            "train_ratio": widgets.FloatSlider(description="training share", min=0.1, max=0.9, step=0.1,
                                               value=s["train_ratio"], readout_format=".1f",
                                               style={"description_width": "initial"},
                                               layout=widgets.Layout(width=_CONTROL_WIDTH)),
            "hidden_layers": _int_slider("hidden layers", 0, MAX_HIDDEN_LAYERS, len(units)),
            "hidden_units": _int_slider("neurons per layer", 1, MAX_HIDDEN_UNITS, max(units, default=4)),
            "activation": dropdown("activation", [("tanh", "tanh"), ("ReLU", "relu"),
                                                  ("sigmoid", "sigmoid"), ("linear", "linear")],
                                   s["activation"]),
            "learning_rate": _rate_menu("learning rate", _with(PLAYGROUND_LEARNING_RATES, s["learning_rate"]),
                                        s["learning_rate"]),
            "regularization": dropdown("regularization", [("none", "none"), ("L1", "l1"), ("L2", "l2")],
                                       s["regularization"]),
            "reg_rate": _rate_menu("regularization rate", _with(PLAYGROUND_REG_RATES, s["reg_rate"]),
                                   s["reg_rate"]),
            "batch_size": _int_slider("batch size", 1, 30, min(int(s["batch_size"]), 30)),
            "epochs_per_frame": _int_slider("epochs per frame", 1, 20, int(epochs_per_frame)),
        }
        self.controls = c
        for name in ("dataset", "activation", "regularization"):
            c[name].layout.width = _CONTROL_WIDTH  # the columns keep one width, as the sliders
        if tuple(units) != (c["hidden_units"].value,) * len(units):
            # the sliders give every hidden layer the same size; follow them from the start
            model.update(hidden_units=(c["hidden_units"].value,) * c["hidden_layers"].value)
        if s["batch_size"] != c["batch_size"].value:
            model.update(batch_size=c["batch_size"].value)

        self.status = widgets.HTML(value="")
        self.error_box = widgets.HTML(value="")
        self.error_box.add_class("cu-demo-error")

        def column(title: str, *names: str) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *(c[n] for n in names)],
                                layout=widgets.Layout(margin="0 12px 0 0"))

        panel = widgets.HBox(  # three columns, wrapping on a narrow page
            [column("Data", "dataset", "noise", "train_ratio"),
             column("Network", "hidden_layers", "hidden_units", "activation"),
             column("Training", "learning_rate", "regularization", "reg_rate", "batch_size", "epochs_per_frame")],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        buttons = widgets.HBox([c["train"], c["step"], c["reset"]])
        super().__init__([widgets.HTML("<b>Neural network playground</b>"), buttons, self.status, panel,
                          live.image, self.error_box])
        self.add_class("cu-demo")

        c["train"].observe(self._on_train, names="value")
        c["step"].on_click(lambda _button: self._guard(self.step))
        c["reset"].on_click(lambda _button: self._guard(self.reset))
        for name in self._REBUILD + self._NEXT_STEP:
            c[name].observe(self._on_setting(name), names="value")
        self._guard(self.redraw)

    # ------------------------------------------------------------------ actions

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every setting control (buttons left out)."""
        return {name: c.value for name, c in self.controls.items() if name not in ("step", "reset")}

    @property
    def training(self) -> bool:
        """True while Train keeps stepping the network."""
        return self._ticker.running

    def redraw(self, *, invalidate: bool = False) -> None:
        """Move the artists to the model's state, send a frame, update the status."""
        if _update_playground(self._artists, self.model) or invalidate:
            self.live_figure.invalidate()
        self.live_figure.send()
        self._show_status()
        self.redraws += 1

    def step(self) -> None:
        """Train one frame's worth of epochs and redraw (the Step button)."""
        self.model.step(self.controls["epochs_per_frame"].value)
        self.redraw()

    def reset(self) -> None:
        """Pause, draw new weights, redraw (the Reset button)."""
        self.pause()
        self.model.reset()
        self.redraw()

    def pause(self) -> None:
        """Stop training (also what the Pause button does)."""
        self._ticker.stop()
        if self.controls["train"].value:
            self.controls["train"].value = False  # its observer sees the ticker stopped

    def set(self, **values: Any) -> None:
        """Change several controls at once with a single rebuild and redraw."""
        unknown = set(values) - set(self._REBUILD + self._NEXT_STEP)
        if unknown:
            raise ValueError(
                f"This demo has no setting named {sorted(unknown)}; it has {sorted(self._REBUILD + self._NEXT_STEP)}."
            )
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self._guard(lambda: self._apply(set(values)))

    def close(self) -> None:
        """Stop training, then close the widget."""
        ticker = getattr(self, "_ticker", None)  # absent if __init__ failed
        if ticker is not None:
            ticker.stop()
        global _TRAINING
        if _TRAINING is not None and _TRAINING() is self:
            _TRAINING = None
        super().close()

    # ------------------------------------------------------------------ callbacks

    def _guard(self, action: Callable[[], Any]) -> None:
        """Run an action; show an error inside the demo instead of raising it."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - shown to the student instead
            self._show_error(exc)
            return
        self.last_error = None
        if self.error_box.value:
            self.error_box.value = ""

    def _show_error(self, exc: BaseException) -> None:
        self.last_error = exc
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        place = f" (in {where.name}, line {where.lineno})" if where else ""
        self.error_box.value = (
            '<div style="color:#b00020;font-weight:600">This demo hit an error: '
            f"{type(exc).__name__}: {_html(str(exc))}{place}. Change the setting back, or rerun the cell.</div>"
        )

    def _on_setting(self, name: str) -> Callable[[dict], None]:
        def observer(change: dict) -> None:
            if not self._holding:
                self._guard(lambda: self._apply({name}))

        return observer

    def _apply(self, names: set[str]) -> None:
        c = self.controls
        settings = {
            "dataset": c["dataset"].value, "noise": float(c["noise"].value),
            "train_ratio": round(float(c["train_ratio"].value), 4),
            "hidden_units": (int(c["hidden_units"].value),) * int(c["hidden_layers"].value),
            "activation": c["activation"].value, "learning_rate": float(c["learning_rate"].value),
            "regularization": c["regularization"].value, "reg_rate": float(c["reg_rate"].value),
            "batch_size": int(c["batch_size"].value),
        }
        if names & set(self._REBUILD):
            self.pause()
            self.model.update(**settings)
            self.redraw()
        else:  # applies from the next step: the picture stays, the status says so
            self.model.update(**settings)
            self._show_status()

    def _on_train(self, change: dict) -> None:
        global _TRAINING
        button = self.controls["train"]
        if change["new"]:
            button.description, button.icon = "Pause", "pause"
            _pause_other(self)
            try:
                self._last_tick = None
                self._ticker.start()
            except RuntimeError as exc:
                self._show_error(exc)
                button.value = False
                return
            _TRAINING = weakref.ref(self)
        else:
            button.description, button.icon = "Train", "play"
            self._ticker.stop()
            self._show_status()

    def _tick(self) -> bool:
        """One frame of training; return False to stop."""
        if getattr(self, "comm", None) is None:  # closed: nobody is watching
            return False
        try:
            self.model.step(self.controls["epochs_per_frame"].value)
            self.frames_trained += 1
            now = time.perf_counter()
            if self._last_tick is not None:
                rate = 1.0 / max(now - self._last_tick, 1e-6)
                self.fps = rate if self.fps == 0 else 0.8 * self.fps + 0.2 * rate
            self._last_tick = now
            self.redraw()
        except Exception as exc:  # noqa: BLE001 - shown to the student instead
            self._show_error(exc)
            self._stop_button()
            return False
        note = None
        if not np.isfinite(self.model.history["train_loss"][-1]):
            note = "the loss is no longer a number: the learning rate is too large. Lower it and press Reset."
        elif self.model.epoch >= self.max_epochs:
            note = f"paused by itself at epoch {self.max_epochs}."
        if note:
            self._stop_button()
            self._show_status(note)
            return False
        return True

    def _stop_button(self) -> None:
        self._ticker.running = False
        self.controls["train"].value = False

    def _show_status(self, note: str | None = None) -> None:
        s = self.model.settings
        reg = "none" if s["regularization"] == "none" else s["regularization"].upper()
        per_frame = self.controls["epochs_per_frame"].value
        parts = [f"<b>{_html(self.model.status())}</b>"]
        if self.training and self.fps:
            parts.append(f"{self.fps:.0f} frames/s")
        # every setting shows here, so a change that leaves the picture alone still shows
        parts.append(
            f"<span style='color:#555'>learning rate {s['learning_rate']:g}, regularization {reg} "
            f"(rate {s['reg_rate']:g}), batch {s['batch_size']}, {per_frame} "
            f"epoch{'s' if per_frame > 1 else ''} per frame</span>"
        )
        if note:
            parts.append(f"<span style='color:#b00020'>{_html(note)}</span>")
        self.status.value = " · ".join(parts)


def _with(options: Sequence[float], value: float) -> list[float]:
    """The menu's options, with ``value`` added if it is not one of them."""
    values = sorted({float(v) for v in options} | {float(value)})
    return values


def demo_playground(dataset: str = "circle", **settings: Any) -> PlaygroundDemo:
    """TensorFlow Playground in the notebook, driven by the NumPy network.

    Parameters
    ----------
    dataset : {"circle", "xor", "gaussian", "spiral"}
    **settings
        Starting values: ``noise``, ``train_ratio``, ``hidden_layers`` and
        ``hidden_units`` (every hidden layer gets ``hidden_units`` neurons),
        ``activation``, ``learning_rate``, ``regularization``, ``reg_rate``,
        ``batch_size``, ``epochs_per_frame``, ``n_samples``, ``seed``,
        ``max_fps``.

    Returns
    -------
    PlaygroundDemo
        Display it; press *Train* (or *Step*) and watch the map.
    """
    allowed = {"noise", "train_ratio", "hidden_layers", "hidden_units", "activation", "learning_rate",
               "regularization", "reg_rate", "batch_size", "epochs_per_frame", "n_samples", "seed", "max_fps"}
    unknown = sorted(set(settings) - allowed)
    if unknown:
        raise ValueError(f"demo_playground has no setting {unknown}; it takes {sorted(allowed)}.")
    layers = settings.pop("hidden_layers", 2)
    units = settings.pop("hidden_units", 4)
    for name, value, high in (("hidden_layers", layers, MAX_HIDDEN_LAYERS), ("hidden_units", units, MAX_HIDDEN_UNITS)):
        low = 0 if name == "hidden_layers" else 1
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    batch = settings.get("batch_size", 10)
    if isinstance(batch, (int, np.integer)) and not 1 <= batch <= 30:
        raise ValueError(f"batch_size must be from 1 to 30 here (the slider's range), not {batch!r}.")
    noise = settings.get("noise", 0.0)
    if isinstance(noise, (int, float)) and not 0 <= noise <= 0.5:
        raise ValueError(f"noise must be from 0 to 0.5 here (the slider's range), not {noise!r}.")
    epochs_per_frame = settings.pop("epochs_per_frame", 1)
    if isinstance(epochs_per_frame, bool) or not isinstance(epochs_per_frame, int) or not 1 <= epochs_per_frame <= 20:
        raise ValueError(f"epochs_per_frame must be a whole number from 1 to 20, not {epochs_per_frame!r}.")
    max_fps = settings.pop("max_fps", 20.0)
    model = Playground(dataset, hidden_units=(units,) * layers, **settings)
    return PlaygroundDemo(model, epochs_per_frame=epochs_per_frame, max_fps=max_fps)
