"""What every training run in the course shares, in NumPy, matplotlib and ipywidgets only.

* :class:`History`: the one record of a training run. The NumPy network, the
  playground, the optimizers on a surface, the spreadsheet model, Keras'
  ``fit`` and the hand-written PyTorch loop all report their numbers in it.
* :class:`TrainingView`: loss and accuracy, training and validation, drawn
  while a model trains (each epoch, and within long epochs), with the lowest
  validation loss, the start of overfitting and where early stopping would
  stop marked on the curves. One object serves both frameworks: ``cu.keras``
  wraps it as a Keras callback, the PyTorch loop calls it once per batch and
  once per epoch.
* :func:`explore_predictions`: a slider over test images with the true label
  and the ten predicted probabilities, and a switch to step through the
  mistakes only; :func:`confusion_matrix` and :func:`plot_confusion_matrix`.
* :func:`compare_runs`: accuracy, loss and time per epoch of several runs in
  one table; :func:`plot_histories` draws their curves side by side.

Everything here takes arrays (images, labels, probabilities, histories), never
a framework's model, so the Keras and the PyTorch twin of a lesson call the
same code and later lessons reuse it.

``history["loss"]`` is an array with one value per record (usually per
epoch); ``history.record(loss=..., val_loss=...)`` adds one. Names follow
Keras (``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``), so a Keras
``History`` converts without renaming (:meth:`History.from_keras`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from . import _validate as v
from .checks import CheckResult, check_function, check_number, exercise
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new

__all__ = [
    "History",
    "early_stopping",
    "time_per_epoch",
    "plot_history",
    "TrainingView",
    "accuracy",
    "cross_entropy",
    "output_gradient",
    "mistakes",
    "ImageBrowser",
    "browse_images",
    "plot_prediction",
    "PredictionExplorer",
    "explore_predictions",
    "confusion_matrix",
    "plot_confusion_matrix",
    "compare_runs",
    "plot_histories",
]

TRAIN_COLOUR = "tab:blue"
VAL_COLOUR = "tab:orange"


class History(Mapping):
    """Named series of numbers, one value per record (epoch or step).

    Parameters
    ----------
    **series : sequence of float
        Optional starting series, all of the same length,
        e.g. ``History(loss=[0.9, 0.5])``.

    Examples
    --------
    >>> h = History()
    >>> h.record(loss=0.9, val_loss=1.0)
    >>> h.record(loss=0.5, val_loss=0.7)
    >>> h["loss"]
    array([0.9, 0.5])
    >>> len(h), h.best("val_loss")
    (2, 1)
    """

    def __init__(self, **series: Any) -> None:
        self._series: dict[str, list[float]] = {}
        self.info: dict[str, Any] = {}
        lengths = set()
        for name, values in series.items():
            values = v.as_array(values, name, ndim=1, allow_empty=True, allow_nan=True)
            self._series[name] = [float(x) for x in values]
            lengths.add(len(values))
        if len(lengths) > 1:
            raise ValueError(
                f"Every series of a History needs the same length; got lengths {sorted(lengths)} "
                f"for {sorted(series)}."
            )

    # -- adding
    def record(self, **values: float) -> None:
        """Add one record, e.g. ``history.record(loss=0.31, accuracy=0.9)``.

        A name seen before but missing now is recorded as NaN, so every series
        keeps the same length.
        """
        if not values:
            raise ValueError("record() needs at least one named value, e.g. record(loss=0.3).")
        numbers = {name: v.as_number(value, name, allow_nan=True) for name, value in values.items()}
        n = len(self)
        for name, number in numbers.items():
            if name not in self._series:
                self._series[name] = [float("nan")] * n
            self._series[name].append(number)
        for name, series in self._series.items():
            if name not in numbers:
                series.append(float("nan"))

    def extend(self, other: Mapping[str, Any]) -> None:
        """Append every record of ``other`` (a History or a dict of lists)."""
        if not isinstance(other, Mapping):
            raise TypeError(f"extend() takes a History or a dict of lists, not {type(other).__name__}.")
        lengths = {len(list(values)) for values in other.values()}
        if len(lengths) > 1:
            raise ValueError(f"The series to add have different lengths {sorted(lengths)}.")
        for i in range(lengths.pop() if lengths else 0):
            self.record(**{name: list(values)[i] for name, values in other.items()})

    # -- reading
    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._series:
            known = ", ".join(self._series) or "none yet"
            raise KeyError(f"This history has no series {name!r}; it has: {known}.")
        return np.asarray(self._series[name], dtype=float)

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        """The number of records (epochs or steps)."""
        return max((len(s) for s in self._series.values()), default=0)

    @property
    def num_records(self) -> int:
        return len(self)

    @property
    def epochs(self) -> np.ndarray:
        """1, 2, ..., len(history): the x axis of a training curve."""
        return np.arange(1, len(self) + 1)

    def last(self, name: str) -> float:
        """The most recent value of ``name``."""
        series = self[v.as_str(name, "name")]
        if series.size == 0:
            raise ValueError(f"The series {name!r} has no values yet.")
        return float(series[-1])

    def best(self, name: str, *, mode: str = "min") -> int:
        """The 1-based record (epoch) where ``name`` was lowest (``mode="min"``) or highest."""
        mode = v.choice(mode, "mode", ("min", "max"))
        series = self[v.as_str(name, "name")]
        if series.size == 0 or np.all(np.isnan(series)):
            raise ValueError(f"The series {name!r} has no values yet.")
        index = np.nanargmin(series) if mode == "min" else np.nanargmax(series)
        return int(index) + 1

    def as_dict(self) -> dict[str, list[float]]:
        """A plain dict of lists (what Keras' ``history.history`` is)."""
        return {name: list(series) for name, series in self._series.items()}

    def to_frame(self):
        """A pandas DataFrame, one row per record, indexed by epoch."""
        import pandas as pd

        frame = pd.DataFrame(self.as_dict(), index=self.epochs)
        frame.index.name = "epoch"
        return frame

    @classmethod
    def from_keras(cls, keras_history: Any) -> History:
        """Convert what ``model.fit`` returns (or its ``.history`` dict)."""
        data = getattr(keras_history, "history", keras_history)
        if not isinstance(data, Mapping):
            raise TypeError(
                "from_keras() takes what model.fit returned (a keras History) or its .history dict, "
                f"not {type(keras_history).__name__}."
            )
        return cls(**{name: list(values) for name, values in data.items()})

    def __repr__(self) -> str:
        names = ", ".join(self._series) or "empty"
        return f"History({len(self)} records: {names})"


def _history(value: Any, name: str = "history") -> History:
    if isinstance(value, History):
        return value
    if isinstance(value, Mapping) or hasattr(value, "history"):
        return History.from_keras(value)
    raise TypeError(
        f"{name} should be a cu.training.History (or what Keras' fit returned), but it is {v.describe(value)}."
    )


# --------------------------------------------------------------------------- numbers of a run


def early_stopping(val_loss: Any, patience: int = 3) -> tuple[int, int | None]:
    """Where early stopping on the validation loss would stop, as Keras' ``EarlyStopping`` does.

    Training stops once the validation loss has not reached a new low for
    ``patience`` epochs in a row; the weights of the lowest epoch are kept
    (``restore_best_weights=True``).

    Parameters
    ----------
    val_loss : array-like of shape (num_epochs,)
        The validation loss after each epoch (NaN entries are skipped).
    patience : int
        How many epochs without a new low are allowed.

    Returns
    -------
    best_epoch : int
        The 1-based epoch whose weights are kept.
    stop_epoch : int or None
        The 1-based epoch after which training stops, or None when the run
        ended before the patience ran out.
    """
    val_loss = v.as_array(val_loss, "val_loss", ndim=1, allow_nan=True)
    patience = v.as_int(patience, "patience", low=1)
    if np.isnan(val_loss).all():
        raise ValueError("val_loss has no values yet: train at least one epoch with validation data.")
    best, best_epoch, wait = math.inf, 0, 0
    for epoch, value in enumerate(val_loss, start=1):
        if np.isnan(value):
            continue
        if value < best:
            best, best_epoch, wait = float(value), epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, None


def time_per_epoch(history: Any) -> float:
    """The typical training time of one epoch in seconds: the median of ``history["epoch_seconds"]``.

    The median leaves out the first epoch's extra cost (Keras traces its
    graph, PyTorch warms up) without having to know about it.
    """
    history = _history(history)
    if "epoch_seconds" not in history:
        raise ValueError(
            "This history has no 'epoch_seconds': train with a cu.training.TrainingView "
            "(cu.keras.TrainingCallback in Keras, cu.torch.fit in PyTorch), which times every epoch."
        )
    seconds = history["epoch_seconds"]
    seconds = seconds[np.isfinite(seconds)]
    if seconds.size == 0:
        raise ValueError("history['epoch_seconds'] has no values yet.")
    return float(np.median(seconds))


# --------------------------------------------------------------------------- the curves


def _fit_limits(lo: float, hi: float, current: tuple[float, float] | None, *,
                floor: float | None = None, ceiling: float | None = None) -> tuple[float, float] | None:
    """New y-limits when the data left the current ones or shrank well inside them, else None."""
    span = max(hi - lo, 1e-3 * max(abs(hi), abs(lo)), 1e-6)
    if current is not None:
        cur_lo, cur_hi = current
        inside = lo >= cur_lo and hi <= cur_hi
        if inside and span >= 0.3 * (cur_hi - cur_lo):
            return None
    new_lo, new_hi = lo - 0.12 * span, hi + 0.12 * span
    if floor is not None:
        new_lo = max(new_lo, floor)
    if ceiling is not None:
        new_hi = min(new_hi, ceiling)
    return new_lo, new_hi


def _is_accuracy(metric: str) -> bool:
    return "acc" in metric


class _Panels:
    """The artists of the training-curve panels, for the static plot and the live view alike."""

    def __init__(self, axes: Sequence[Any], metrics: Sequence[str], num_epochs: int | None) -> None:
        self.axes = list(axes)
        self.metrics = list(metrics)
        self.num_epochs = num_epochs
        self.x_max: float | None = None
        self.y_limits: list[tuple[float, float] | None] = [None] * len(self.metrics)
        self.lines: list[dict[str, Any]] = []
        for ax, metric in zip(self.axes, self.metrics, strict=True):
            (train,) = ax.plot([], [], color=TRAIN_COLOUR, marker="o", markersize=3, label="training")
            (val,) = ax.plot([], [], color=VAL_COLOUR, marker="o", markersize=3, label="validation")
            (partial,) = ax.plot([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="none",
                                 color=TRAIN_COLOUR, label="this epoch so far", zorder=3.5)
            # The vertical marks stop short of the spines, and the shading lies above the grid
            # (zorder 1.5) and below the curves: a blitted frame then equals a full draw.
            inside = dict(ymin=0.01, ymax=0.99, visible=False)
            best = ax.axvline(1, color="tab:green", linestyle="--", linewidth=1.3, **inside)
            span = ax.axvspan(1, 1, color="tab:red", alpha=0.10, linewidth=0, zorder=1.6, **inside)
            # The cursor moves with the slider: on top of everything (zorder 3.5, above the notes),
            # where a blitted frame draws it too.
            cursor = ax.axvline(1, color="0.35", linestyle=":", linewidth=1.2, zorder=3.5, **inside)
            (dots,) = ax.plot([], [], linestyle="none", marker="o", markersize=8, color="0.2",
                              markerfacecolor="none", zorder=3.5)
            where = ax.get_xaxis_transform()  # x in epochs, y from 0 (bottom) to 1 (top)
            left_of_line = where + ScaledTranslation(-3 / 72, 0, ax.figure.dpi_scale_trans)  # 3 points left
            best_note = ax.text(1, 0.5, "", transform=left_of_line, rotation=90, ha="right", va="center",
                                fontsize=8, color="tab:green")
            span_note = ax.text(1, 0.5, "", transform=where, ha="center", va="center", fontsize=8,
                                color="tab:red")
            ax.set_xlabel("epoch")
            ax.set_ylabel(metric)
            self.lines.append(dict(train=train, val=val, partial=partial, best=best, span=span,
                                   cursor=cursor, dots=dots, best_note=best_note, span_note=span_note))
        # One legend above the panels, where no curve or shading ever goes: it stays in the
        # background of a blitted frame (a legend is costly to draw on every frame).
        figure = self.axes[0].figure
        group = self.lines[0]
        figure.tight_layout(rect=(0, 0, 1, 0.88))
        proxies = [Line2D([], [], color="tab:green", linestyle="--", linewidth=1.3),
                   Patch(color="tab:red", alpha=0.10, linewidth=0)]
        figure.legend(handles=[group["train"], group["val"], group["partial"], *proxies],
                      labels=["training", "validation", "this epoch so far", "lowest val_loss",
                              "val_loss above its low"],
                      loc="upper center", ncol=5, fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1.0))

    def moving_artists(self) -> list[Any]:
        """What changes between two frames of the same run: the epoch cursor and the open circle.

        Everything else changes only when an epoch is added, and is then redrawn once into
        the background.
        """
        return [group[name] for group in self.lines for name in ("partial", "cursor", "dots")]

    def update(self, history: History, *, cursor: int | None, partial: tuple[float, dict] | None,
               patience: int) -> bool:
        """Set every artist from ``history``; True when the axes' limits changed (redraw the background)."""
        n = len(history)
        epochs = history.epochs
        changed = False
        if self.num_epochs is not None:
            wanted = max(n, self.num_epochs)
        else:  # grow in doublings, so the background is redrawn only a few times
            wanted = max(5, 2 ** math.ceil(math.log2(max(n, 1))))
        if wanted != self.x_max:
            self.x_max = float(wanted)
            changed = True
        has_val = "val_loss" in history and np.isfinite(history["val_loss"]).any()
        best = stop = None
        if has_val:
            best, stop = early_stopping(history["val_loss"], patience)
        for i, (metric, group) in enumerate(zip(self.metrics, self.lines, strict=True)):
            values = []
            for kind, name in (("train", metric), ("val", f"val_{metric}")):
                if name in history:
                    series = history[name]
                    group[kind].set_data(epochs, series)
                    values.append(series[np.isfinite(series)])
                else:
                    group[kind].set_data([], [])
            if partial is not None and metric in partial[1]:
                group["partial"].set_data([partial[0]], [partial[1][metric]])
                values.append(np.array([partial[1][metric]], dtype=float))
            else:
                group["partial"].set_data([], [])
            data = np.concatenate(values) if values else np.array([])
            if data.size:
                accuracy_like = _is_accuracy(metric)
                limits = _fit_limits(float(data.min()), float(data.max()), self.y_limits[i],
                                     floor=0.0 if accuracy_like or data.min() >= 0 else None,
                                     ceiling=1.02 if accuracy_like else None)
                if limits is not None:
                    self.y_limits[i] = limits
                    changed = True
            if cursor is not None and 1 <= cursor <= n:
                group["cursor"].set_xdata([cursor, cursor])
                group["cursor"].set_visible(True)
                ys = [history[name][cursor - 1] for name in (metric, f"val_{metric}") if name in history]
                group["dots"].set_data([cursor] * len(ys), ys)
            else:
                group["cursor"].set_visible(False)
                group["dots"].set_data([], [])
            if best is not None:
                group["best"].set_xdata([best, best])
                group["best"].set_visible(True)
            else:
                group["best"].set_visible(False)
            rising = best is not None and n > best
            group["span"].set_visible(rising)
            if rising:
                group["span"].set_x(best)
                group["span"].set_width(n - best)
            labelled = i == 0 and best is not None
            group["best_note"].set_text("lowest val_loss " if labelled else "")
            group["best_note"].set_x(best if labelled else 1)
            wide = rising and n - best >= 2
            falling = "loss" in history and history["loss"][-1] < history["loss"][best - 1] if rising else False
            group["span_note"].set_text(("overfitting" if falling else "no new low") if labelled and wide else "")
            group["span_note"].set_x((best + n) / 2 if labelled and wide else 1)
        if changed:
            for i, ax in enumerate(self.axes):
                ax.set_xlim(0.5, self.x_max + 0.5)
                if self.y_limits[i] is not None:
                    ax.set_ylim(*self.y_limits[i])
        return changed


def plot_history(history: Any, *, metrics: Sequence[str] = ("loss", "accuracy"), patience: int = 3,
                 axes=None) -> Any:
    """Training curves of a finished run: one panel per metric, training and validation.

    The lowest validation loss is marked with a dashed green line, the epochs
    after it are shaded (the validation loss is above its low there: where
    overfitting shows), and a note says where early stopping with
    ``patience`` would stop.

    Parameters
    ----------
    history : History or a Keras History
        Series such as ``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``.
    metrics : sequence of str
        One panel each; the ``val_`` series is drawn with its training series.
    patience : int
        Early stopping's patience, for the note.
    axes : sequence of matplotlib Axes, optional
        One per metric; new ones when None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    history = _history(history)
    metrics = _metrics(metrics)
    patience = v.as_int(patience, "patience", low=1)
    if len(history) == 0:
        raise ValueError("The history is empty: train at least one epoch first.")
    missing = [m for m in metrics if m not in history]
    if missing:
        raise ValueError(f"The history has no series {missing}; it has {list(history)}.")
    if axes is None:
        axes = axes_or_new(None, figsize=(4.6 * len(metrics), 3.4), ncols=len(metrics))
    axes = list(np.atleast_1d(axes))
    if len(axes) != len(metrics):
        raise ValueError(f"axes should hold one Axes per metric ({len(metrics)}), but it holds {len(axes)}.")
    for ax in axes:
        v.axes(ax, "axes[i]")
    panels = _Panels(axes, metrics, len(history))
    panels.update(history, cursor=None, partial=None, patience=patience)
    return axes[0].figure


def _metrics(metrics: Any) -> list[str]:
    if isinstance(metrics, str) or not isinstance(metrics, Sequence) or not metrics:
        raise TypeError(f"metrics should be a list of names such as ['loss', 'accuracy'], but it is {v.describe(metrics)}.")
    return [v.as_str(m, "metrics[i]") for m in metrics]


class TrainingView(SliderDemo):
    """Loss and accuracy, for training and validation, drawn while a model trains.

    One object for both frameworks. A training loop tells it what happens:

    ``begin(num_epochs, steps_per_epoch)`` once, then per epoch
    ``epoch_begin()``, ``batch_end(batch, loss=..., accuracy=...)`` after
    each batch (running means over the epoch so far, as Keras reports them;
    a frame is drawn at most every ``update_every_s`` seconds), and
    ``epoch_end(loss=..., accuracy=..., val_loss=..., val_accuracy=...)``;
    ``end()`` at the end. ``cu.keras.TrainingCallback(view)`` does this for
    Keras' ``fit``; a PyTorch loop calls the methods itself (``cu.torch.fit``
    does).

    Every epoch is recorded in :attr:`history` (a :class:`History`), with its
    training time in seconds as ``epoch_seconds`` (the time spent drawing
    frames is left out). The epoch slider looks back at any epoch once
    training has ended. On the curves, the lowest validation loss is marked
    (the epoch early stopping keeps), the epochs after it are shaded (the
    validation loss is above its low: overfitting shows there), and the
    readout says where early stopping with ``patience`` would stop.

    Parameters
    ----------
    num_epochs : int, optional
        Planned epochs (fixes the x axis; ``begin`` can set it too).
    metrics : sequence of str
        One panel per metric; each shows the metric and ``val_<metric>``.
    patience : int
        Early stopping's patience, for the marks and the readout.
    update_every_s : float
        Least time between two frames within an epoch.
    live : bool
        False: record only, and draw once at ``end()`` (for runs nobody watches).
    title : str, optional
        Shown above the view.
    """

    def __init__(
        self,
        num_epochs: int | None = None,
        *,
        metrics: Sequence[str] = ("loss", "accuracy"),
        patience: int = 3,
        update_every_s: float = 0.5,
        live: bool = True,
        title: str | None = None,
    ) -> None:
        self.num_epochs = None if num_epochs is None else v.as_int(num_epochs, "num_epochs", low=1)
        self.metrics = _metrics(metrics)
        self.patience = v.as_int(patience, "patience", low=1)
        self.update_every_s = v.as_number(update_every_s, "update_every_s", low=0)
        self.live = v.as_bool(live, "live")
        if title is not None:
            v.as_str(title, "title")
        self.history = History()
        self.steps_per_epoch: int | None = None
        self.training = False
        self.draw_seconds = 0.0  # time spent drawing, in total
        self._epoch_started: float | None = None
        self._epoch_draw_seconds = 0.0
        self._last_frame = 0.0
        self._partial: tuple[float, dict] | None = None
        live_figure = LiveFigure(1, len(self.metrics), figsize=(4.2 * len(self.metrics), 3.1))
        self._panels = _Panels(np.atleast_1d(live_figure.axes), self.metrics, self.num_epochs)
        live_figure.animate(*self._panels.moving_artists())
        self._stale = True  # the curves changed: redraw the background on the next frame
        epoch = widgets.IntSlider(
            description="epoch", min=1, max=1, value=1, step=1, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
        )
        super().__init__({"epoch": epoch}, self._draw, figure=live_figure, readout=Readout(lines=2),
                         title=title)

    @classmethod
    def replay(cls, history: Any, **kwargs: Any) -> TrainingView:
        """A view of a finished run (a History, or what Keras' ``fit`` returned), to look back at.

        ``kwargs`` are those of the constructor (``metrics``, ``patience``, ``title``).
        """
        history = _history(history)
        if len(history) == 0:
            raise ValueError("The history is empty: there is no run to show.")
        view = cls(len(history), **kwargs)
        view.history.extend(history)
        view._stale = True
        view.end()
        return view

    # -- what a training loop calls
    def begin(self, num_epochs: int | None = None, steps_per_epoch: int | None = None) -> None:
        """Training starts: fix the x axis to ``num_epochs`` and note the batches per epoch."""
        if num_epochs is not None:
            self.num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
            self._panels.num_epochs = len(self.history) + self.num_epochs
        if steps_per_epoch is not None:
            self.steps_per_epoch = v.as_int(steps_per_epoch, "steps_per_epoch", low=1)
        self.training = True
        self._stale = True
        self.controls["epoch"].disabled = True
        if self.live:
            self._frame()

    def epoch_begin(self) -> None:
        """An epoch starts (its clock starts)."""
        self._epoch_started = time.perf_counter()
        self._epoch_draw_seconds = 0.0
        self._partial = None

    def batch_end(self, batch: int, **logs: float) -> None:
        """A batch ended; ``logs`` are the running means over the epoch so far.

        Draws a frame (the open circle: this epoch so far) when at least
        ``update_every_s`` seconds have passed since the last one.
        """
        batch = v.as_int(batch, "batch", low=0)
        numbers = {name: v.as_number(value, name, allow_nan=True) for name, value in logs.items()}
        shown = {name: value for name, value in numbers.items() if name in self.metrics}
        if not shown or not self.live or time.perf_counter() - self._last_frame < self.update_every_s:
            return
        steps = self.steps_per_epoch or (batch + 1)
        self._partial = (len(self.history) + min((batch + 1) / steps, 1.0), shown)
        self._frame()

    def epoch_end(self, **logs: float) -> None:
        """An epoch ended: record ``logs`` (and the epoch's training time) and draw."""
        if not logs:
            raise ValueError("epoch_end() needs the epoch's numbers, e.g. epoch_end(loss=0.3, val_loss=0.4).")
        values = dict(logs)
        if self._epoch_started is not None and "epoch_seconds" not in values:
            values["epoch_seconds"] = time.perf_counter() - self._epoch_started - self._epoch_draw_seconds
        self._epoch_started = None
        self._partial = None
        self.history.record(**values)
        self._stale = True
        slider = self.controls["epoch"]
        slider.max = len(self.history)
        if self.live:
            with self.holding():
                slider.value = len(self.history)
            self._frame()

    def end(self) -> None:
        """Training ended: draw the final curves and let the epoch slider look back."""
        self.training = False
        self._partial = None
        self._stale = True
        slider = self.controls["epoch"]
        slider.max = max(len(self.history), 1)
        slider.disabled = len(self.history) < 2
        self.set(epoch=max(len(self.history), 1))

    def reset(self) -> None:
        """Forget every recorded epoch (to watch a new run in the same view)."""
        self.history = History()
        self._partial = None
        self._stale = True
        self.controls["epoch"].max = 1
        self.redraw()

    # -- drawing
    def _frame(self) -> None:
        start = time.perf_counter()
        self.redraw()
        spent = time.perf_counter() - start
        self.draw_seconds += spent
        self._epoch_draw_seconds += spent
        self._last_frame = time.perf_counter()

    def _draw(self, epoch: int) -> None:
        n = len(self.history)
        cursor = epoch if n and not self.training else None
        changed = self._panels.update(self.history, cursor=cursor, partial=self._partial, patience=self.patience)
        if changed or self._stale:
            self.live_figure.invalidate()
            self._stale = False
        self.readout.show(self._text(epoch))

    def _text(self, epoch: int) -> str:
        n = len(self.history)
        if n == 0:
            if self._partial is not None:
                return self._partial_text()
            return "Waiting for the first epoch..."
        shown = n if self.training else min(max(epoch, 1), n)
        total = f" of {self.num_epochs}" if self.training and self.num_epochs else f" of {n}"
        parts = [f"<b>epoch {shown}{total}</b>"]
        for metric in self.metrics:
            for name in (metric, f"val_{metric}"):
                if name in self.history:
                    value = self.history[name][shown - 1]
                    if np.isfinite(value):
                        parts.append(f"{name} {_fmt(name, value)}")
        line = " · ".join(parts)
        if self._partial is not None:
            return line + "<br>" + self._partial_text()
        return line + "<br>" + self._advice()

    def _partial_text(self) -> str:
        x, logs = self._partial
        numbers = ", ".join(f"{name} {_fmt(name, value)}" for name, value in logs.items())
        return f"epoch {math.ceil(x)} so far ({(x - math.floor(x)) * 100 or 100:.0f} %): {numbers}"

    def _advice(self) -> str:
        if "val_loss" not in self.history or not np.isfinite(self.history["val_loss"]).any():
            return "No validation data: pass some to see when the model starts to overfit."
        n = len(self.history)
        best, stop = early_stopping(self.history["val_loss"], self.patience)
        if best == n:
            return f"The validation loss is at its lowest so far (epoch {best}): the model still improves on new data."
        falling = "loss" in self.history and self.history["loss"][-1] < self.history["loss"][best - 1]
        text = (f"The validation loss was lowest at epoch {best} and has not gone lower for {n - best} "
                "epoch(s)")
        text += (", while the training loss kept falling: overfitting." if falling else ".")
        if stop is not None:
            text += (f" Early stopping (patience {self.patience}) would have stopped after epoch {stop} "
                     f"and kept epoch {best}'s weights.")
        else:
            text += f" Early stopping (patience {self.patience}) would wait {self.patience - (n - best)} more."
        return text


def _fmt(name: str, value: float) -> str:
    if _is_accuracy(name):
        return f"{100 * value:.1f} %"
    return f"{value:.4g}"


# --------------------------------------------------------------------------- predictions


def _probabilities(probabilities: Any, name: str = "probabilities") -> np.ndarray:
    array = v.as_array(probabilities, name, ndim=2)
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise ValueError(
            f"{name} should hold probabilities between 0 and 1, but its values go from "
            f"{array.min():.3g} to {array.max():.3g} (were these logits? apply softmax first: "
            "cu.keras.predict_proba / cu.torch.predict_proba do)."
        )
    if not np.allclose(array.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError(f"Each row of {name} should sum to 1 (one probability per class); were these sigmoid outputs?")
    return np.clip(array, 0.0, 1.0)


def _labels_for(labels: Any, probabilities: np.ndarray, name: str = "labels") -> np.ndarray:
    labels = v.labels(labels, name, num_classes=probabilities.shape[1])
    v.same_length(name, labels, "probabilities", probabilities)
    return labels


def _predicted(predictions: Any, name: str = "predictions") -> np.ndarray:
    array = v.as_array(predictions, name, ndim=(1, 2))
    if array.ndim == 2:
        return _probabilities(array, name).argmax(axis=1)
    return v.labels(array, name)


def accuracy(labels: Any, predictions: Any) -> float:
    """The share of samples whose predicted class is the true label.

    Parameters
    ----------
    labels : array-like of shape (n_samples,)
        True class labels 0, 1, ..., k-1.
    predictions : array-like of shape (n_samples,) or (n_samples, k)
        Predicted labels, or predicted probabilities (the largest one wins).
    """
    predicted = _predicted(predictions)
    labels = v.labels(labels, "labels")
    v.same_length("labels", labels, "predictions", predicted)
    return float(np.mean(predicted == labels))


def cross_entropy(labels: Any, probabilities: Any) -> float:
    """The mean categorical cross-entropy ``−log p(true class)`` over the samples.

    Parameters
    ----------
    labels : array-like of shape (n_samples,)
    probabilities : array-like of shape (n_samples, k)
        Each row sums to 1.

    Any model's predictions can be scored with it, whatever loss it was
    trained on, so two models trained on different losses can be compared.
    """
    probabilities = _probabilities(probabilities)
    labels = _labels_for(labels, probabilities)
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-7, 1.0))))


def output_gradient(probabilities: Any, labels: Any, *, loss: str = "cross_entropy") -> np.ndarray:
    """∂L/∂z for each sample: the gradient that reaches a softmax layer's inputs (the logits).

    With cross-entropy it is simply ``p − y`` (notebook 03). With the mean
    squared error (Keras' ``"mse"``: the mean over the k outputs) it must
    also pass back through the softmax, whose derivative is small wherever
    the outputs are far from 0.5:
    ``∂L/∂z_j = p_j (g_j − Σ_i p_i g_i)`` with ``g = 2 (p − y) / k``.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, k)
        Softmax outputs.
    labels : array-like of shape (n_samples,)
    loss : {"cross_entropy", "mse"}

    Returns
    -------
    ndarray of shape (n_samples, k)
    """
    probabilities = _probabilities(probabilities)
    labels = _labels_for(labels, probabilities)
    loss = v.choice(loss, "loss", ("cross_entropy", "mse"))
    target = np.eye(probabilities.shape[1])[labels]
    if loss == "cross_entropy":
        return probabilities - target
    g = 2.0 * (probabilities - target) / probabilities.shape[1]
    return probabilities * (g - np.sum(probabilities * g, axis=1, keepdims=True))


def mistakes(labels: Any, probabilities: Any) -> np.ndarray:
    """The indices of the samples whose predicted class (the largest probability) is wrong."""
    probabilities = _probabilities(probabilities)
    labels = _labels_for(labels, probabilities)
    return np.flatnonzero(probabilities.argmax(axis=1) != labels)


def _images(images: Any, name: str = "images") -> np.ndarray:
    array = v.as_array(images, name, ndim=(2, 3, 4))
    if array.ndim == 4:
        if array.shape[-1] != 1:
            raise ValueError(f"{name} should be grey images; shape {array.shape} has {array.shape[-1]} channels.")
        array = array[..., 0]
    if array.ndim == 2:
        side = math.isqrt(array.shape[1])
        if side * side != array.shape[1]:
            raise ValueError(
                f"{name} has rows of {array.shape[1]} pixels, which is not a square image; "
                "pass them as (n_samples, height, width)."
            )
        array = array.reshape(len(array), side, side)
    return array


def _class_names(class_names: Any, k: int) -> list[str]:
    if class_names is None:
        return [str(i) for i in range(k)]
    if isinstance(class_names, str) or not isinstance(class_names, Sequence):
        raise TypeError(f"class_names should be a list of {k} names, but it is {v.describe(class_names)}.")
    if len(class_names) != k:
        raise ValueError(f"class_names has {len(class_names)} names, but there are {k} classes.")
    return [str(c) for c in class_names]


class ImageBrowser(SliderDemo):
    """A slider through a data set's images with their labels; a dropdown keeps one class only.

    See :func:`browse_images`.
    """

    def __init__(self, images: Any, labels: Any, *, class_names: Sequence[str] | None = None,
                 title: str | None = None) -> None:
        self.images = _images(images)
        self.labels = v.labels(labels, "labels")
        v.same_length("images", self.images, "labels", self.labels)
        k = int(self.labels.max()) + 1
        self.names = _class_names(class_names, max(k, len(class_names) if class_names is not None else k))
        if title is not None:
            v.as_str(title, "title")
        n = len(self.labels)
        index = widgets.IntSlider(
            description="image", min=0, max=max(n - 1, 0), value=0, step=1, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
            disabled=n < 2,
        )
        present = [c for c in range(len(self.names)) if np.any(self.labels == c)]
        label = widgets.Dropdown(
            description="label", options=[("any", -1)] + [(self.names[c], c) for c in present], value=-1,
            style={"description_width": "initial"},
        )
        label.observe(self._on_label, names="value")  # before SliderDemo's own observer: range first
        live = LiveFigure(figsize=(3.2, 3.4))
        ax = live.axes
        lo, hi = float(self.images.min()), float(self.images.max())
        self._image = ax.imshow(self.images[0], cmap="gray_r", vmin=lo, vmax=hi if hi > lo else lo + 1,
                                interpolation="nearest")
        ax.set_axis_off()  # no spines: they would be drawn over the image in a full draw only
        self._title = ax.set_title(" ")
        live.figure.tight_layout()
        live.animate(self._image, self._title)
        super().__init__({"label": label, "index": index}, self._draw, figure=live,
                         readout=Readout(lines=1), title=title)

    def _selection(self, label: int) -> np.ndarray:
        return np.arange(len(self.labels)) if label < 0 else np.flatnonzero(self.labels == label)

    def _on_label(self, change: dict) -> None:
        chosen = self._selection(change["new"])
        slider = self.controls["index"]
        with self.holding():
            slider.value = 0
            slider.max = max(len(chosen) - 1, 0)
            slider.disabled = len(chosen) < 2

    def _draw(self, label: int, index: int) -> None:
        chosen = self._selection(label)
        i = int(chosen[min(index, len(chosen) - 1)])
        image = self.images[i]
        self._image.set_data(image)
        self._title.set_text(f"label: {self.names[self.labels[i]]}")
        inked = float(np.mean(image > image.min()))
        which = "" if label < 0 else f" ({min(index, len(chosen) - 1) + 1} of {len(chosen)} with this label)"
        self.readout.show(
            f"image {i} of {len(self.labels)}{which} · label <b>{self.names[self.labels[i]]}</b> · "
            f"{image.shape[0]} × {image.shape[1]} pixels from {image.min():g} to {image.max():g}, "
            f"{100 * inked:.0f} % of them not blank"
        )


def browse_images(images: Any, labels: Any, *, class_names: Sequence[str] | None = None,
                  title: str | None = None) -> ImageBrowser:
    """A slider through images and their labels, e.g. the MNIST training set.

    Parameters
    ----------
    images : array-like of shape (n_samples, height, width) or (n_samples, height * width)
    labels : array-like of shape (n_samples,)
        Class labels 0, 1, ...
    class_names : sequence of str, optional
        Default: "0", "1", ...
    title : str, optional

    Returns
    -------
    ImageBrowser
        A demo with the controls ``label`` (-1 for any, else one class) and ``index``.
    """
    return ImageBrowser(images, labels, class_names=class_names, title=title)


class _PredictionPanels:
    """An image and its predicted probabilities as bars: the artists, reused for every sample."""

    def __init__(self, axes, images: np.ndarray, names: list[str]) -> None:
        self.image_ax, self.bar_ax = axes
        lo, hi = float(images.min()), float(images.max())
        self.image = self.image_ax.imshow(images[0], cmap="gray_r", vmin=lo, vmax=hi if hi > lo else lo + 1,
                                          interpolation="nearest")
        self.image_ax.set_axis_off()
        k = len(names)
        # Above the grid, and clear of the bottom spine: a blitted frame then equals a full draw.
        self.bars = list(self.bar_ax.bar(range(k), np.zeros(k), color="0.75", zorder=2))
        self.bar_ax.set(ylim=(-0.02, 1.08), xticks=range(k), xlabel="class (\u25bc marks the true label)",
                        ylabel="predicted probability")
        self.bar_ax.set_xticklabels(names)
        self.bar_ax.set_xlim(-0.6, k - 0.4)
        (self.true_mark,) = self.bar_ax.plot([0], [1.03], marker="v", color="black", linestyle="none",
                                             markersize=8)
        self.title = self.bar_ax.set_title(" ")  # one title for both: text is costly to draw
        self.names = names

    def artists(self) -> list[Any]:
        return [self.image, *self.bars, self.true_mark, self.title]

    def show(self, image: np.ndarray, label: int, probabilities: np.ndarray) -> None:
        predicted = int(np.argmax(probabilities))
        right = predicted == label
        self.image.set_data(image)
        for i, (bar, p) in enumerate(zip(self.bars, probabilities, strict=True)):
            bar.set_height(float(p))
            bar.set_color(("tab:green" if right else "tab:red") if i == predicted else "0.75")
        self.true_mark.set_data([label], [1.03])
        # Short: drawing text costs more than everything else in the frame; the readout says more.
        self.title.set_text(f"predicted {self.names[predicted]}" + ("" if right else f", not {self.names[label]}"))
        self.title.set_color("black" if right else "tab:red")


def plot_prediction(image: Any, label: int, probabilities: Any, *, class_names: Sequence[str] | None = None,
                    axes=None) -> Any:
    """One image, its true label and the predicted probability of every class as bars.

    Parameters
    ----------
    image : array-like of shape (height, width) or (height * width,)
    label : int
        The true class.
    probabilities : array-like of shape (k,)
        The model's predicted probabilities (they sum to 1).
    class_names : sequence of k str, optional
        Default: "0", "1", ...
    axes : two matplotlib Axes, optional
        For the image and for the bars.

    Returns
    -------
    matplotlib.figure.Figure
    """
    probabilities = _probabilities(np.atleast_2d(v.as_array(probabilities, "probabilities", ndim=1)))
    image = _images(np.asarray(v.as_array(image, "image", ndim=(1, 2)))[None])[0]
    k = probabilities.shape[1]
    label = v.as_int(label, "label", low=0, high=k - 1)
    names = _class_names(class_names, k)
    if axes is None:
        axes = axes_or_new(None, figsize=(7.5, 3.0), ncols=2, gridspec_kw={"width_ratios": [1, 1.7]})
    axes = list(np.atleast_1d(axes))
    if len(axes) != 2:
        raise ValueError(f"axes should be two Axes (image, bars), but it holds {len(axes)}.")
    panels = _PredictionPanels(axes, image[None], names)
    panels.show(image, label, probabilities[0])
    axes[0].figure.tight_layout()
    return axes[0].figure


class PredictionExplorer(SliderDemo):
    """A slider over images with their true label and the predicted probability of every class.

    The switch above the slider chooses all images or only the mistakes
    (the images whose largest predicted probability is not the true label).
    Built from arrays, not from a model, so any lesson can use it; see
    :func:`explore_predictions`.
    """

    def __init__(self, images: Any, labels: Any, probabilities: Any, *,
                 class_names: Sequence[str] | None = None, title: str | None = None) -> None:
        self.probabilities = _probabilities(probabilities)
        self.labels = _labels_for(labels, self.probabilities)
        self.images = _images(images)
        v.same_length("images", self.images, "labels", self.labels)
        self.names = _class_names(class_names, self.probabilities.shape[1])
        if title is not None:
            v.as_str(title, "title")
        self.predicted = self.probabilities.argmax(axis=1)
        self.wrong = np.flatnonzero(self.predicted != self.labels)
        n = len(self.labels)
        index = widgets.IntSlider(
            description="image", min=0, max=n - 1, value=0, step=1, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
        )
        show = widgets.ToggleButtons(
            options=[("all images", "all"), (f"only the mistakes ({len(self.wrong)})", "mistakes")],
            value="all", description="show", style={"description_width": "initial"},
        )
        self._adjusting = False
        # Registered before SliderDemo's own observer: the slider's range is
        # set first, then the demo redraws once.
        show.observe(self._on_show, names="value")
        live = LiveFigure(1, 2, figsize=(6.8, 2.7), gridspec_kw={"width_ratios": [1, 1.7]})
        self._panels = _PredictionPanels(live.axes, self.images, self.names)
        live.figure.tight_layout()
        live.animate(*self._panels.artists())
        super().__init__({"show": show, "index": index}, self._draw, figure=live,
                         readout=Readout(lines=1), title=title)

    def _selection(self, show: str) -> np.ndarray:
        return self.wrong if show == "mistakes" else np.arange(len(self.labels))

    def _on_show(self, change: dict) -> None:
        chosen = self._selection(change["new"])
        slider = self.controls["index"]
        with self.holding():
            slider.value = 0
            slider.max = max(len(chosen) - 1, 0)
            slider.description = "mistake" if change["new"] == "mistakes" else "image"
            slider.disabled = len(chosen) < 2

    def _draw(self, show: str, index: int) -> None:
        chosen = self._selection(show)
        if len(chosen) == 0:
            self.readout.show("No mistakes at all: every image is predicted right.")
            return
        position = min(index, len(chosen) - 1)
        i = int(chosen[position])
        self._panels.show(self.images[i], int(self.labels[i]), self.probabilities[i])
        p_true = self.probabilities[i, self.labels[i]]
        where = (f"mistake {position + 1} of {len(chosen)}: image {i}" if show == "mistakes"
                 else f"image {i} of {len(self.labels)}")
        verdict = ("right" if self.predicted[i] == self.labels[i]
                   else f"wrong; the true label got p = {p_true:.2f}")
        self.readout.show(
            f"{where} · true label <b>{self.names[self.labels[i]]}</b> · predicted "
            f"<b>{self.names[self.predicted[i]]}</b> (p = {self.probabilities[i, self.predicted[i]]:.2f}), {verdict}"
        )


def explore_predictions(images: Any, labels: Any, probabilities: Any, *,
                        class_names: Sequence[str] | None = None, title: str | None = None) -> PredictionExplorer:
    """The prediction explorer: a slider over test images, with a switch to step through the mistakes.

    Parameters
    ----------
    images : array-like of shape (n_samples, height, width) or (n_samples, height * width)
        The images as the model saw them (any value range).
    labels : array-like of shape (n_samples,)
        True class labels 0 to k-1.
    probabilities : array-like of shape (n_samples, k)
        Predicted probabilities, rows summing to 1 (``cu.keras.predict_proba``
        or ``cu.torch.predict_proba`` gives them).
    class_names : sequence of k str, optional
    title : str, optional

    Returns
    -------
    PredictionExplorer
        A demo with the controls ``show`` ("all" or "mistakes") and ``index``.
    """
    return PredictionExplorer(images, labels, probabilities, class_names=class_names, title=title)


def confusion_matrix(labels: Any, predictions: Any, *, num_classes: int | None = None) -> np.ndarray:
    """Count how often each true class (row) was predicted as each class (column).

    Parameters
    ----------
    labels : array-like of shape (n_samples,)
    predictions : array-like of shape (n_samples,) or (n_samples, k)
        Predicted labels, or probabilities (the largest one wins).
    num_classes : int, optional
        k; by default the largest label or prediction + 1 (or the width of
        ``predictions``).

    Returns
    -------
    ndarray of shape (k, k), int
        ``matrix[i, j]`` = the number of samples of class i predicted as j;
        the diagonal holds the right answers.
    """
    raw = v.as_array(predictions, "predictions", ndim=(1, 2))
    predicted = _predicted(raw)
    labels = v.labels(labels, "labels")
    v.same_length("labels", labels, "predictions", predicted)
    k = max(int(labels.max()), int(predicted.max())) + 1
    if raw.ndim == 2:
        k = max(k, raw.shape[1])
    if num_classes is not None:
        num_classes = v.as_int(num_classes, "num_classes", low=1)
        if num_classes < k:
            raise ValueError(f"num_classes is {num_classes}, but the labels or predictions go up to {k - 1}.")
        k = num_classes
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def plot_confusion_matrix(matrix: Any, *, class_names: Sequence[str] | None = None, ax=None) -> Any:
    """Draw a confusion matrix: true labels down, predicted labels across, counts in the cells.

    The diagonal (right answers) is left pale so the mistakes stand out.

    Returns
    -------
    matplotlib.figure.Figure
    """
    matrix = v.as_array(matrix, "matrix", ndim=2, dtype=int)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix should be square (k, k), but it has shape {matrix.shape}.")
    if matrix.min() < 0:
        raise ValueError("matrix holds counts, which cannot be negative.")
    k = matrix.shape[0]
    names = _class_names(class_names, k)
    ax = axes_or_new(v.axes(ax), figsize=(5.2, 4.6))
    off = matrix.astype(float).copy()
    np.fill_diagonal(off, np.nan)
    top = np.nanmax(off) if k > 1 and np.isfinite(off).any() else 1.0
    ax.imshow(off, cmap="Reds", vmin=0, vmax=max(top, 1))
    for i in range(k):
        for j in range(k):
            count = matrix[i, j]
            if count == 0 and i != j:
                continue
            dark = i != j and count > 0.6 * top
            ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                    color="white" if dark else ("tab:green" if i == j else "black"),
                    fontweight="bold" if i == j else "normal")
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted label", ylabel="true label",
           title=f"confusion matrix ({matrix.trace()} of {matrix.sum()} right)")
    ax.set_xticklabels(names)
    ax.set_yticklabels(names)
    ax.grid(False)
    ax.figure.tight_layout()
    return ax.figure


# --------------------------------------------------------------------------- comparing runs


_COLUMNS = {
    "accuracy": "test accuracy (%)",
    "cross_entropy": "test cross-entropy",
    "loss_name": "trained on",
    "loss": "final training loss",
    "seconds_per_epoch": "s / epoch",
    "epochs": "epochs",
    "parameters": "parameters",
}


def compare_runs(runs: Mapping[str, Mapping[str, Any]]):
    """Several training runs side by side in one table, one row per run.

    Parameters
    ----------
    runs : mapping of run name -> mapping
        Each run may give ``accuracy`` (test accuracy, 0 to 1),
        ``cross_entropy`` (test cross-entropy), ``loss_name``, ``loss``,
        ``seconds_per_epoch``, ``epochs``, ``parameters`` and ``history`` (a
        :class:`History`: fills ``epochs``, ``loss`` and ``seconds_per_epoch``
        when they are not given). Any other key becomes its own column.

    Returns
    -------
    pandas.DataFrame
        Accuracies in percent, times in seconds.
    """
    import pandas as pd

    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(
            "runs should be a dict of run name -> dict of numbers, e.g. "
            f"{{'source': {{'accuracy': 0.39}}}}, but it is {v.describe(runs)}."
        )
    rows = {}
    for name, run in runs.items():
        if not isinstance(run, Mapping):
            raise TypeError(f"runs[{name!r}] should be a dict of numbers, but it is {v.describe(run)}.")
        run = dict(run)
        history = run.pop("history", None)
        if history is not None:
            history = _history(history, f"runs[{name!r}]['history']")
            run.setdefault("epochs", len(history))
            if "loss" in history and len(history):
                run.setdefault("loss", history.last("loss"))
            if "epoch_seconds" in history:
                run.setdefault("seconds_per_epoch", time_per_epoch(history))
        row = {}
        for key, value in run.items():
            if key == "accuracy":
                value = 100 * v.as_number(value, f"runs[{name!r}]['accuracy']", low=0, high=1)
            elif key in ("cross_entropy", "loss", "seconds_per_epoch"):
                value = v.as_number(value, f"runs[{name!r}][{key!r}]")
            elif key in ("epochs", "parameters"):
                value = v.as_int(value, f"runs[{name!r}][{key!r}]", low=0)
            row[_COLUMNS.get(key, key)] = value
        rows[str(name)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    order = [c for c in _COLUMNS.values() if c in frame.columns]
    frame = frame[order + [c for c in frame.columns if c not in order]]
    return frame.round({"test accuracy (%)": 1, "test cross-entropy": 3, "final training loss": 4,
                        "s / epoch": 2})


def plot_histories(histories: Mapping[str, Any], *, metrics: Sequence[str] = ("val_accuracy", "loss"),
                   axes=None) -> Any:
    """Curves of several runs on shared axes: one panel per metric, one line per run.

    Losses of runs trained on different loss functions (MSE, cross-entropy)
    are different quantities: compare how their curves fall, not their heights.

    Parameters
    ----------
    histories : mapping of run name -> History
    metrics : sequence of str
    axes : sequence of matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(histories, Mapping) or not histories:
        raise TypeError(f"histories should be a dict of run name -> History, but it is {v.describe(histories)}.")
    histories = {str(name): _history(h, f"histories[{name!r}]") for name, h in histories.items()}
    metrics = _metrics(metrics)
    if axes is None:
        axes = axes_or_new(None, figsize=(4.8 * len(metrics), 3.4), ncols=len(metrics))
    axes = list(np.atleast_1d(axes))
    if len(axes) != len(metrics):
        raise ValueError(f"axes should hold one Axes per metric ({len(metrics)}), but it holds {len(axes)}.")
    for ax, metric in zip(axes, metrics, strict=True):
        v.axes(ax, "axes[i]")
        drawn = 0
        for name, history in histories.items():
            if metric in history:
                ax.plot(history.epochs, history[metric], marker="o", markersize=3, label=name)
                drawn += 1
        if not drawn:
            raise ValueError(f"None of the histories has the series {metric!r}.")
        ax.set(xlabel="epoch", ylabel=metric, title=metric.replace("_", " "))
        if _is_accuracy(metric):
            ax.set_ylim(0, 1.02)
        elif all(np.nanmin(h[metric]) > 0 for h in histories.values() if metric in h):
            ax.set_yscale("log")
        ax.legend(fontsize=9)
    axes[0].figure.tight_layout()
    return axes[0].figure


# --------------------------------------------------------------------------- exercises of notebook 06

_SOURCE_PARAMETERS = 784 * 800 + 800 + 800 * 800 + 800 + 800 * 10 + 10


@exercise(
    "06-1",
    hints=(
        "Every Dense (Linear) layer has one weight for each pair (input, neuron) and one bias per "
        "neuron. Dropout and activation layers have no parameters.",
        "The first layer: 784 inputs × 800 neurons weights, plus 800 biases. Do the same for "
        "800 → 800 and for 800 → 10, and add the three layers.",
        "784·800 + 800 + 800·800 + 800 + 800·10 + 10 (compare with what the summary prints).",
    ),
)
def _check_06_1(answer: Any) -> CheckResult:
    result = check_number(answer, _SOURCE_PARAMETERS, name="the number of parameters", rtol=0, atol=0.5)
    if result:
        return result
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return result
    if round(value) == _SOURCE_PARAMETERS - 1610:
        return CheckResult(False, "Not yet. That counts the weights only: each neuron also has a bias.")
    if round(value) == 784 * 800 + 800:
        return CheckResult(False, "Not yet. That is the first layer alone: add the other two.")
    return result


def _preprocess_reference(images: np.ndarray) -> np.ndarray:
    return (images.reshape(len(images), -1) / 255).astype(np.float32)


@exercise(
    "06-2",
    hints=(
        "Two steps: make each 28 × 28 image one row of 784 numbers, and turn the values 0 to 255 "
        "into 0 to 1.",
        "images.reshape(len(images), 784) flattens; dividing by 255 scales; the frameworks want "
        "float32 numbers.",
        "return (images.reshape(len(images), 784) / 255).astype('float32')",
    ),
)
def _check_06_2(answer: Any) -> CheckResult:
    rng = np.random.default_rng(6)
    images = rng.integers(0, 256, (3, 28, 28), dtype=np.uint8)
    original = images.copy()
    expected = _preprocess_reference(images)
    result = check_function(answer, [((images,), expected)], name="preprocess", rtol=1e-6, atol=1e-6)
    if not np.array_equal(images, original):
        return CheckResult(False, "Not yet. preprocess changed the images it was given: return a new array instead.")
    if not result:
        return result
    dtype = np.asarray(answer(images.copy())).dtype
    if dtype != np.float32:
        return CheckResult(
            False,
            f"Not yet. The values are right, but their type is {dtype}: Keras and PyTorch train in "
            "float32, so add .astype('float32').",
        )
    return result


_DOUBLE_SOFTMAX_FLOOR = float(np.log(1 + 9 / np.e))


@exercise(
    "06-3",
    hints=(
        "After the first softmax, each of the 10 values lies between 0 and 1. How confident can a "
        "second softmax of such values ever be?",
        "The second softmax is most confident when the first one gave probability 1 to the true "
        "class and 0 to the nine others: its inputs are then [1, 0, 0, ..., 0].",
        "p = e¹ / (e¹ + 9·e⁰), and the cross-entropy is −log(p): np.log(1 + 9 / np.e).",
    ),
)
def _check_06_3(answer: Any) -> CheckResult:
    result = check_number(answer, _DOUBLE_SOFTMAX_FLOOR, name="the smallest loss", rtol=2e-3)
    if result:
        return CheckResult(
            True,
            result.message + " Even a perfectly sure network cannot get its loss below this, and "
            "its gradient never vanishes on the right answers, so it keeps pushing in vain.",
        )
    value = _as_float(answer)
    if value is not None and math.isclose(value, math.e / (math.e + 9), rel_tol=2e-3):
        return CheckResult(False, "Not yet. That is the largest probability p; the loss is −log(p).")
    return result


def _as_float(answer: Any) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _most_confused_reference(matrix: np.ndarray) -> tuple[int, int]:
    off = np.array(matrix, dtype=float)
    np.fill_diagonal(off, -1)
    true, predicted = np.unravel_index(np.argmax(off), off.shape)
    return int(true), int(predicted)


_CONFUSION_CASES = [
    np.array([[50, 2, 1], [9, 40, 0], [0, 3, 60]]),
    np.array([[90, 0, 0, 1], [0, 95, 0, 0], [2, 0, 80, 0], [0, 0, 7, 70]]),
    np.array([[5, 1], [0, 9]]),
]


@exercise(
    "06-4",
    hints=(
        "The diagonal holds the right answers: leave it out, then look for the largest count.",
        "Copy the matrix, set its diagonal to 0 (np.fill_diagonal), and find where the largest "
        "entry is; rows are true labels, columns predictions.",
        "m = matrix.copy(); np.fill_diagonal(m, 0); return np.unravel_index(np.argmax(m), m.shape)",
    ),
)
def _check_06_4(answer: Any) -> CheckResult:
    cases = [((m.copy(),), np.array(_most_confused_reference(m))) for m in _CONFUSION_CASES]
    result = check_function(answer, cases, name="most_confused")
    if result:
        return result
    try:
        got = tuple(int(x) for x in answer(_CONFUSION_CASES[0].copy()))
    except Exception:  # noqa: BLE001 - any error is already reported by check_function
        return result
    if got == (0, 1):  # the first case's answer is (1, 0)
        return CheckResult(False, "Not yet. Your pair is reversed: rows are the true labels, columns the predictions.")
    if got[0] == got[1]:
        return CheckResult(False, "Not yet. That is a diagonal cell, a right answer: leave the diagonal out.")
    return result
