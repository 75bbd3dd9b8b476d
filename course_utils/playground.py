"""Notebook 04's playground: TensorFlow Playground inside the notebook.

The from-scratch NumPy :class:`~course_utils.nn.Network` learns one of the four
playground data sets while the page shows its **decision map** (the network's
output on a grid over the plane, :func:`course_utils.nn.decision_grid`), the
training and test points, and the two loss curves. The original runs in a
browser at https://playground.tensorflow.org.

Three layers, as every demo in the course:

1. :class:`Playground`: numbers only. It holds the data split, the network and
   the :class:`~course_utils.training.History`; ``step(num_epochs)`` trains,
   ``reset()`` draws new weights, ``decision_map()`` evaluates the network on
   a fixed grid.
2. :func:`plot_playground`: one static figure of a playground's state.
3. :func:`demo_playground`: the widget, a :class:`~course_utils.widgets.SliderDemo`
   with three buttons: *Train* keeps training on the kernel's event loop (see
   :class:`PlaygroundDemo` for why), *Step* trains one frame's worth of
   epochs, *Reset* draws new weights.

The network sees the points as they are, in [-6, 6]² (TensorFlow Playground
does the same); regularization follows Keras: L2 adds λΣw², L1 adds λΣ|w|.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .data import PLAYGROUND_DATASETS, make_playground_data
from .nn import Network, decision_grid
from .training import History
from .widgets import BLUE as _BLUE
from .widgets import MAP_CMAP as _MAP_CMAP
from .widgets import ORANGE as _ORANGE
from .widgets import LiveFigure, Readout, SliderDemo, _html, dropdown, scratch_axes, slider

__all__ = [
    "PLAYGROUND_ACTIVATIONS",
    "REGULARIZATIONS",
    "MAX_HIDDEN_LAYERS",
    "MAX_WIDTH",
    "Playground",
    "PlaygroundDemo",
    "plot_playground",
    "demo_playground",
]

#: Hidden-layer activations the playground offers (as TensorFlow Playground).
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
# The learning rates in the menu (TensorFlow Playground's list, trimmed).
_LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
# The regularization rates λ in the menu.
_REGULARIZATION_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: The penalties: none, L1 (λΣ|w|) or L2 (λΣw², Keras' convention).
REGULARIZATIONS = ("none", "l1", "l2")
#: The most hidden layers (the course's one maximum, for every demo) and neurons per layer.
MAX_HIDDEN_LAYERS = 6
MAX_WIDTH = 8
_MAX_BATCH_SIZE = 30
_MAX_EPOCHS_PER_FRAME = 20
_CONTROL_WIDTH = "270px"

# Settings that change the data (and so need new weights and a new history),
# the ones that change only the network, and the ones used from the next step on.
_DATA_SETTINGS = ("dataset", "noise", "train_ratio", "n_samples", "seed")
_NETWORK_SETTINGS = ("hidden_units", "activation")
_STEP_SETTINGS = ("learning_rate", "regularization", "regularization_rate", "batch_size")

# TensorFlow Playground's colours (docs/notation.md): orange for class 0 and
# negative values, blue for class 1 and positive values.
_MAP_LUT = (_MAP_CMAP(np.linspace(0.0, 1.0, 256)) * 255).round().astype(np.uint8)  # (256, 4) RGBA


# =========================================================================== 1. numbers


def _clean_settings(s: dict[str, Any]) -> dict[str, Any]:
    """The settings checked and tidied; a ValueError/TypeError a student can act on otherwise."""
    out = dict(s)
    out["dataset"] = v.choice(s["dataset"], "dataset", PLAYGROUND_DATASETS)
    out["noise"] = v.as_number(s["noise"], "noise (0 = clean, 1 = very noisy)", low=0, high=1)
    out["train_ratio"] = v.as_number(s["train_ratio"], "train_ratio (the share of the points used for training)",
                                     low=0, high=1, low_open=True, high_open=True)
    n = out["n_samples"] = v.as_int(s["n_samples"], "n_samples", low=4, high=5000)
    n_train = int(round(out["train_ratio"] * n))
    if n_train < 2 or n - n_train < 2:
        raise ValueError(
            f"train_ratio={out['train_ratio']:g} of {n} points leaves {n_train} for training and "
            f"{n - n_train} for testing; each needs at least 2. Move train_ratio towards 0.5."
        )
    units = s["hidden_units"]
    if isinstance(units, (str, bytes)) or not isinstance(units, (Sequence, np.ndarray)):
        raise TypeError(
            f"hidden_units lists the neurons of each hidden layer, e.g. (4, 2), or () for none; "
            f"but it is {v.describe(units)}."
        )
    units = tuple(v.sizes(units, "hidden_units", min_length=0))
    if len(units) > MAX_HIDDEN_LAYERS or any(u > MAX_WIDTH for u in units):
        raise ValueError(
            f"hidden_units takes at most {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_WIDTH} neurons each, "
            f"e.g. (4, 2); but it is {units}."
        )
    out["hidden_units"] = units
    out["activation"] = v.choice(s["activation"], "activation", PLAYGROUND_ACTIVATIONS)
    out["learning_rate"] = v.as_number(s["learning_rate"], "learning_rate", low=0, low_open=True)
    out["regularization"] = v.choice(s["regularization"], "regularization", REGULARIZATIONS)
    out["regularization_rate"] = v.as_number(s["regularization_rate"], "regularization_rate", low=0)
    out["batch_size"] = v.as_int(s["batch_size"], "batch_size", low=1)
    out["seed"] = v.as_int(s["seed"], "seed", low=0)
    return out


class Playground:
    """A data set, a train/test split and a small network that learns it.

    Parameters
    ----------
    dataset : {"circle", "xor", "gaussian", "spiral"}
    noise : float
        From 0 (clean) to 1; TensorFlow Playground's slider goes to 0.5 (50 %).
    train_ratio : float
        Share of the points used for training (the rest are the test set).
    hidden_units : sequence of int
        Neurons in each hidden layer, e.g. ``(4, 2)``; ``()`` for no hidden layer.
    activation : {"tanh", "relu", "sigmoid", "linear"}
        Activation of every hidden layer (the output is a sigmoid, the loss
        binary cross-entropy).
    learning_rate : float
        Each step is plain SGD on one mini-batch: ``w <- w - learning_rate * g``.
    regularization : {"none", "l1", "l2"}
    regularization_rate : float
        λ of the penalty: L2 adds λΣw² (gradient 2λw), L1 adds λΣ|w|
        (gradient λ·sign(w)), over every weight (not the biases).
    batch_size : int
        Points per gradient step; one **epoch** is one pass over the training set.
    n_samples : int
        Points in the whole data set (training + test).
    seed : int
        Fixes the points, the split and the first weights.
    grid_size : int
        The decision map is computed on a ``grid_size x grid_size`` grid.
    extent : float
        The map covers the square ``[-extent, extent]²``.

    Attributes
    ----------
    X_train, y_train, X_test, y_test : ndarray
        The split, ``X`` of shape (n, 2), ``y`` of shape (n,) with labels 0/1.
    network : cu.nn.Network
    epoch : int
        Epochs trained since the last reset.
    history : cu.training.History
        ``epoch``, ``loss``, ``test_loss``, ``accuracy`` and ``test_accuracy``,
        one record per epoch; the first record is epoch 0, the untrained
        network. Losses are the data loss (binary cross-entropy) without the
        penalty, so training and test compare.
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
        regularization_rate: float = 0.0,
        batch_size: int = 10,
        n_samples: int = 400,
        seed: int = 0,
        grid_size: int = 60,
        extent: float = 6.0,
    ) -> None:
        self.grid_size = v.as_int(grid_size, "grid_size", low=2, high=400)
        self.extent = v.as_number(extent, "extent (half the width of the map)", low=0, low_open=True)
        self.settings: dict[str, Any] = {}
        self.weight_seed = 0
        self.update(
            dataset=dataset, noise=noise, train_ratio=train_ratio, hidden_units=hidden_units,
            activation=activation, learning_rate=learning_rate, regularization=regularization,
            regularization_rate=regularization_rate, batch_size=batch_size, n_samples=n_samples, seed=seed,
        )

    # ------------------------------------------------------------------ settings

    def update(self, **settings: Any) -> bool:
        """Change settings; return True if the network was rebuilt.

        Changing the data (``dataset``, ``noise``, ``train_ratio``,
        ``n_samples``, ``seed``) draws the points again; changing the
        architecture (``hidden_units``, ``activation``) builds a new network.
        Both start training from epoch 0. ``learning_rate``,
        ``regularization``, ``regularization_rate`` and ``batch_size`` apply
        from the next step and keep the weights.
        """
        known = _DATA_SETTINGS + _NETWORK_SETTINGS + _STEP_SETTINGS
        unknown = sorted(set(settings) - set(known))
        if unknown:
            raise ValueError(f"Playground has no setting {unknown}; it has {sorted(known)}.")
        new = _clean_settings(dict(self.settings, **settings))
        changed = {k for k in new if self.settings.get(k, object()) != new[k]}
        first = not self.settings
        self.settings = new
        if first or changed & set(_DATA_SETTINGS):
            if first or "seed" in changed:
                self.weight_seed = new["seed"]
            self._make_data()
        if first or changed & set(_DATA_SETTINGS + _NETWORK_SETTINGS):
            self.network = Network(
                [2, *new["hidden_units"], 1], activation=new["activation"],
                output_activation="sigmoid", loss="binary_crossentropy", seed=self.weight_seed,
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

    def _restart(self) -> None:
        self.epoch = 0
        net = self.network
        self.history = History()
        self.history.record(
            epoch=0, loss=net.loss(self.X_train, self.y_train, with_penalty=False),
            test_loss=net.loss(self.X_test, self.y_test, with_penalty=False),
            accuracy=net.accuracy(self.X_train, self.y_train), test_accuracy=net.accuracy(self.X_test, self.y_test),
        )

    # ------------------------------------------------------------------ training

    def step(self, num_epochs: int = 1) -> float:
        """Train ``num_epochs`` epochs of mini-batch SGD; return the last training loss.

        Each epoch shuffles the training points, takes one gradient step per
        batch of ``batch_size`` points (``cu.nn.Network.fit``) and records both
        losses in ``history``.
        """
        num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
        s = self.settings
        net = self.network
        rate = s["regularization_rate"]
        net.l1 = rate if s["regularization"] == "l1" else 0.0
        net.l2 = rate if s["regularization"] == "l2" else 0.0
        # the shuffles depend on the data, the start and the epoch: the same settings train the same way
        shuffle_seed = int(np.random.default_rng([s["seed"], self.weight_seed, self.epoch]).integers(2**31))
        run = net.fit(self.X_train, self.y_train, num_epochs=num_epochs, learning_rate=s["learning_rate"],
                      batch_size=s["batch_size"], validation_data=(self.X_test, self.y_test), seed=shuffle_seed)
        for loss, test_loss, accuracy, test_accuracy in zip(
            run["loss"], run["val_loss"], run["accuracy"], run["val_accuracy"], strict=True
        ):
            self.epoch += 1
            self.history.record(epoch=self.epoch, loss=loss, test_loss=test_loss, accuracy=accuracy,
                                test_accuracy=test_accuracy)
        return self.history.last("loss")

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh weights and start again from epoch 0 (the data stay).

        ``seed=None`` takes the next seed, so every reset gives a new start,
        as the playground's reset button does; pass a seed to repeat a start.
        """
        self.weight_seed = self.weight_seed + 1 if seed is None else v.as_int(seed, "seed", low=0)
        self.network.reset(self.weight_seed)
        self._restart()

    # ------------------------------------------------------------------ reading

    def decision_map(self) -> np.ndarray:
        """The network's probability of class 1 on the grid.

        Returns
        -------
        ndarray of shape (grid_size, grid_size)
            Row 0 is the bottom of the map (y = -extent), column 0 its left edge.
        """
        return decision_grid(self.network, lim=self.extent, resolution=self.grid_size)

    def test_accuracy(self) -> float:
        """Share of test points on the right side of the 0.5 boundary."""
        return self.history.last("test_accuracy")

    def weight_norm(self) -> float:
        """Euclidean norm of all weights (biases left out), what L2 shrinks."""
        return float(np.sqrt(sum(np.sum(layer.W**2) for layer in self.network.layers)))

    def status(self) -> str:
        """One line: epoch, both losses and the test accuracy."""
        h = self.history
        return (
            f"epoch {self.epoch} · train loss {h.last('loss'):.3f} · test loss {h.last('test_loss'):.3f} · "
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
    (train_line,) = loss_ax.plot([], [], color=_BLUE, label="training loss")
    (test_line,) = loss_ax.plot([], [], color=_ORANGE, label="test loss")
    loss_ax.set(xlabel="epoch", ylabel="loss (cross-entropy)")
    loss_ax.legend(loc="upper right", fontsize=8)
    loss_ax.grid(alpha=0.3)
    artists = {"image": image, "points": points, "train_line": train_line, "test_line": test_line,
               "loss_ax": loss_ax, "points_of": None, "limits": None}
    _update_playground(artists, model)
    return artists


def _peak(model: Playground) -> float:
    both = np.r_[model.history["loss"], model.history["test_loss"]]
    both = both[np.isfinite(both)]
    return float(both.max()) if both.size else 1.0


def _loss_limits(model: Playground) -> tuple[float, float]:
    """Axis limits that grow in steps, so the figure rarely needs a full redraw."""
    x_max = 20.0
    while x_max < model.epoch:
        x_max *= 2
    y_max, peak = 1.0, _peak(model)
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
    artists["train_line"].set_data(h["epoch"], h["loss"])
    artists["test_line"].set_data(h["epoch"], h["test_loss"])
    limits = _loss_limits(model)
    old = artists["limits"]
    if old is not None and limits[1] < old[1] and _peak(model) > old[1] / 4:
        # keep a taller y range while the curves still fill a quarter of it:
        # every change of limits costs a full redraw of the figure
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
    v.instance(state, "state", Playground, "a cu.playground.Playground")
    if ax is None:
        fig = Figure(figsize=(8.4, 3.8))
        map_ax, loss_ax = fig.subplots(1, 2, width_ratios=(1, 1.25))
    elif isinstance(ax, (list, tuple, np.ndarray)):
        if len(ax) != 2:
            raise ValueError(f"ax should be one Axes (the map only) or a pair (map_ax, loss_ax), "
                             f"but it holds {len(ax)}.")
        map_ax, loss_ax = v.axes(ax[0], "ax[0]"), v.axes(ax[1], "ax[1]")
    else:
        map_ax, loss_ax = v.axes(ax), scratch_axes()  # only the map: the curves go nowhere
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
    menu = dropdown(description, [(f"{x:g}", x) for x in _with(options, value)], float(value))
    menu.layout.width = _CONTROL_WIDTH
    return menu


def _with(options: Sequence[float], value: float) -> list[float]:
    """The menu's options, with ``value`` added if it is not one of them."""
    return sorted({float(x) for x in options} | {float(value)})


class PlaygroundDemo(SliderDemo):
    """The playground widget: a SliderDemo with Train/Step/Reset buttons and a status readout.

    Every setting is a control of the :class:`~course_utils.widgets.SliderDemo`
    (``controls``, ``values``, ``set``, ``live_figure``, ``readout``,
    ``last_error`` and the error box work as in every demo); the buttons are
    in ``buttons``. Each button, and each frame of *Train*, goes through the
    demo's ``redraw``, so an error anywhere is shown inside the demo.

    How *Train* works: the toggle button starts a chain of callbacks on the
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
        Epochs trained between two frames (a control, 1 to 20).
    max_fps : float
        At most this many frames per second are sent while training.
    max_epochs : int
        Training pauses by itself at this epoch, so a forgotten playground
        does not keep a laptop busy.
    """

    def __init__(
        self, model: Playground, *, epochs_per_frame: int = 1, max_fps: float = 20.0, max_epochs: int = 5000,
    ) -> None:
        v.instance(model, "model", Playground, "a cu.playground.Playground")
        epochs_per_frame = v.as_int(epochs_per_frame, "epochs_per_frame", low=1, high=_MAX_EPOCHS_PER_FRAME)
        max_fps = v.as_number(max_fps, "max_fps", low=0, low_open=True)
        self.max_epochs = v.as_int(max_epochs, "max_epochs", low=1)
        _pause_other(None)
        self.model = model
        self.frames_trained = 0
        self.fps = 0.0
        self._action: str | int | None = None  # what the next redraw does besides drawing
        self._last_tick: float | None = None
        self._ticker = _Ticker(self._tick, 1.0 / max_fps)

        live = LiveFigure(1, 2, figsize=(8.4, 3.8), gridspec_kw={"width_ratios": (1, 1.25)})
        self._artists = _draw_playground(live.axes[0], live.axes[1], model)
        live.figure.tight_layout()
        a = self._artists
        # in the order a full redraw paints them (zorder): the map and the curves lie under
        # the axes' frames, the points on top
        spines = [*live.axes[0].spines.values(), *live.axes[1].spines.values()]
        live.animate(a["image"], a["train_line"], a["test_line"], *spines, *a["points"].values())

        s = model.settings
        units = s["hidden_units"]
        w = _CONTROL_WIDTH
        controls: dict[str, widgets.ValueWidget] = {
            "dataset": dropdown("data set", [("circle", "circle"), ("XOR", "xor"), ("Gaussian", "gaussian"),
                                             ("spiral", "spiral")], s["dataset"]),
            "noise": slider("noise", 0.0, 0.5, 0.05, min(s["noise"], 0.5), width=w),
            "train_ratio": slider("training share", 0.1, 0.9, 0.1, min(max(s["train_ratio"], 0.1), 0.9),
                                  readout_format=".1f", width=w),
            "num_hidden_layers": slider("hidden layers", 0, MAX_HIDDEN_LAYERS, 1, len(units), width=w),
            "width": slider("neurons per layer", 1, MAX_WIDTH, 1, max(units, default=4), width=w),
            "activation": dropdown("activation", [("tanh", "tanh"), ("ReLU", "relu"), ("sigmoid", "sigmoid"),
                                                  ("linear", "linear")], s["activation"]),
            "learning_rate": _rate_menu("learning rate", _LEARNING_RATES, s["learning_rate"]),
            "regularization": dropdown("regularization", [("none", "none"), ("L1", "l1"), ("L2", "l2")],
                                       s["regularization"]),
            "regularization_rate": _rate_menu("regularization rate λ", _REGULARIZATION_RATES,
                                              s["regularization_rate"]),
            "batch_size": slider("batch size", 1, _MAX_BATCH_SIZE, 1, min(s["batch_size"], _MAX_BATCH_SIZE),
                                 width=w),
            "epochs_per_frame": slider("epochs per frame", 1, _MAX_EPOCHS_PER_FRAME, 1, epochs_per_frame,
                                       width=w),
        }
        for name in ("dataset", "activation", "regularization"):
            controls[name].layout.width = w  # the columns keep one width, as the sliders
        self.buttons = {
            "train": widgets.ToggleButton(value=False, description="Train", icon="play",
                                          tooltip="train continuously; press again to pause"),
            "step": widgets.Button(description="Step", icon="step-forward",
                                   tooltip="train one frame's worth of epochs"),
            "reset": widgets.Button(description="Reset", icon="refresh",
                                    tooltip="new random weights, back to epoch 0"),
        }
        # The first redraw (inside SliderDemo) also makes the model follow the
        # sliders: every hidden layer gets the same width, the batch at most 30.
        super().__init__(controls, self._update, figure=live, readout=Readout(lines=2),
                         title="Neural network playground")

        def column(title: str, *names: str) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *(controls[n] for n in names)],
                                layout=widgets.Layout(margin="0 12px 0 0"))

        panel = widgets.HBox(  # three columns, wrapping on a narrow page
            [column("Data", "dataset", "noise", "train_ratio"),
             column("Network", "num_hidden_layers", "width", "activation"),
             column("Training", "learning_rate", "regularization", "regularization_rate", "batch_size",
                    "epochs_per_frame")],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        # SliderDemo stacks its controls in one column; the playground lays them out in
        # three, with the buttons and the status on top: the same widgets, rearranged.
        title = self.children[0]
        buttons = widgets.HBox([self.buttons["train"], self.buttons["step"], self.buttons["reset"]])
        self.children = (title, buttons, self.readout, panel, live.image, self.error_box)

        self.buttons["train"].observe(self._on_train, names="value")
        self.buttons["step"].on_click(lambda _button: self.step())
        self.buttons["reset"].on_click(lambda _button: self.reset())

    # ------------------------------------------------------------------ actions

    @property
    def training(self) -> bool:
        """True while Train keeps stepping the network."""
        return self._ticker.running

    def step(self) -> None:
        """Train one frame's worth of epochs and redraw (the Step button)."""
        self._action = self.controls["epochs_per_frame"].value
        self.redraw()

    def reset(self) -> None:
        """Pause, draw new weights, redraw (the Reset button)."""
        self.pause()
        self._action = "reset"
        self.redraw()

    def pause(self) -> None:
        """Stop training (also what the Pause button does)."""
        self._ticker.stop()
        if self.buttons["train"].value:
            self.buttons["train"].value = False  # its observer sees the ticker stopped

    def close(self) -> None:
        """Stop training, then close the widget."""
        ticker = getattr(self, "_ticker", None)  # absent if __init__ failed
        if ticker is not None:
            ticker.stop()
        global _TRAINING
        if _TRAINING is not None and _TRAINING() is self:
            _TRAINING = None
        super().close()

    # ------------------------------------------------------------------ the update

    def _update(self, *, dataset: str, noise: float, train_ratio: float, num_hidden_layers: int, width: int,
                activation: str, learning_rate: float, regularization: str, regularization_rate: float,
                batch_size: int, epochs_per_frame: int) -> None:
        """SliderDemo's update: follow the controls, do the pending action, move the artists."""
        action, self._action = self._action, None
        rebuilt = self.model.update(
            dataset=dataset, noise=float(noise), train_ratio=round(float(train_ratio), 4),
            hidden_units=(int(width),) * int(num_hidden_layers), activation=activation,
            learning_rate=float(learning_rate), regularization=regularization,
            regularization_rate=float(regularization_rate), batch_size=int(batch_size),
        )
        if rebuilt:
            self.pause()
        if action == "reset":
            self.model.reset()
        elif action == "start":
            self._last_tick = None
            self._ticker.start()  # raises a RuntimeError with a sentence when no event loop runs
        elif isinstance(action, int):
            self.model.step(action)
        # a setting used from the next step changes nothing on the map: the artists stay,
        # the frame is the same picture (the page gets no new bytes), only the status changes
        if (rebuilt or action is not None) and _update_playground(self._artists, self.model):
            self.live_figure.invalidate()
        self._show_status()

    def _on_train(self, change: dict) -> None:
        global _TRAINING
        button = self.buttons["train"]
        if change["new"]:
            button.description, button.icon = "Pause", "pause"
            _pause_other(self)
            self._action = "start"
            self.redraw()
            if not self._ticker.running:  # it could not start: the error box says why
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
        self._action = self.controls["epochs_per_frame"].value
        self.redraw()
        if self.last_error is not None:
            self._stop_button()
            return False
        self.frames_trained += 1
        now = time.perf_counter()
        if self._last_tick is not None:
            rate = 1.0 / max(now - self._last_tick, 1e-6)
            self.fps = rate if self.fps == 0 else 0.8 * self.fps + 0.2 * rate
        self._last_tick = now
        note = None
        if not np.isfinite(self.model.history.last("loss")):
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
        self.buttons["train"].value = False

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
            f"(λ = {s['regularization_rate']:g}), batch {s['batch_size']}, {per_frame} "
            f"epoch{'s' if per_frame > 1 else ''} per frame</span>"
        )
        if note:
            parts.append(f"<span style='color:#b00020'>{_html(note)}</span>")
        self.readout.show(" · ".join(parts))


def demo_playground(
    dataset: str = "circle",
    *,
    noise: float = 0.0,
    train_ratio: float = 0.5,
    num_hidden_layers: int = 2,
    width: int = 4,
    activation: str = "tanh",
    learning_rate: float = 0.03,
    regularization: str = "none",
    regularization_rate: float = 0.0,
    batch_size: int = 10,
    epochs_per_frame: int = 1,
    n_samples: int = 400,
    seed: int = 0,
    max_fps: float = 20.0,
) -> PlaygroundDemo:
    """TensorFlow Playground in the notebook, driven by the NumPy network.

    Parameters
    ----------
    dataset : {"circle", "xor", "gaussian", "spiral"}
    noise : float from 0 to 0.5
    train_ratio : float from 0.1 to 0.9
    num_hidden_layers : int from 0 to 6
    width : int from 1 to 8
        Neurons in every hidden layer.
    activation, learning_rate, regularization, regularization_rate
        As :class:`Playground`.
    batch_size : int from 1 to 30
    epochs_per_frame : int from 1 to 20
    n_samples, seed
        As :class:`Playground`.
    max_fps : float
        At most this many frames per second while training.

    Returns
    -------
    PlaygroundDemo
        Display it; press *Train* (or *Step*) and watch the map.
    """
    num_hidden_layers = v.as_int(num_hidden_layers, "num_hidden_layers", low=0, high=MAX_HIDDEN_LAYERS)
    width = v.as_int(width, "width (neurons per layer)", low=1, high=MAX_WIDTH)
    # the sliders' ranges
    noise = v.as_number(noise, "noise", low=0, high=0.5)
    train_ratio = v.as_number(train_ratio, "train_ratio", low=0.1, high=0.9)
    batch_size = v.as_int(batch_size, "batch_size", low=1, high=_MAX_BATCH_SIZE)
    model = Playground(
        dataset, noise=noise, train_ratio=train_ratio, hidden_units=(width,) * num_hidden_layers,
        activation=activation, learning_rate=learning_rate, regularization=regularization,
        regularization_rate=regularization_rate, batch_size=batch_size, n_samples=n_samples, seed=seed,
    )
    return PlaygroundDemo(model, epochs_per_frame=epochs_per_frame, max_fps=max_fps)
