"""Loss functions (損失函數) and their gradients with respect to the prediction.

Conventions: ``y_true`` and ``y_pred`` have the same shape; each loss is the
mean over all entries (MSE) or over samples (cross-entropies). Each ``*_grad``
is d(loss)/d(y_pred) with the same shape as ``y_pred``.

Notebook 03 adds a demo that moves one prediction and shows each loss, its
slope, and why cross-entropy suits classification (exercise ``03-1``).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .checks import CheckResult, check_number, exercise
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "mse", "mse_grad", "binary_cross_entropy", "binary_cross_entropy_grad",
    "categorical_cross_entropy", "categorical_cross_entropy_grad", "one_hot",
    "single_prediction_losses", "plot_one_prediction", "plot_logit_slopes", "demo_one_prediction",
]

_EPS = 1e-12


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    try:
        t = np.asarray(y_true, dtype=float)
        p = np.asarray(y_pred, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("y_true and y_pred must be numbers or arrays of numbers.") from None
    if t.shape != p.shape:
        raise ValueError(
            f"y_true has shape {t.shape} but y_pred has shape {p.shape}; they must match "
            "(reshape one, e.g. y.reshape(-1, 1))."
        )
    return t, p


def mse(y_true, y_pred) -> float:
    """Mean squared error: mean((y_pred - y_true)^2)."""
    t, p = _pair(y_true, y_pred)
    return float(np.mean((p - t) ** 2))


def mse_grad(y_true, y_pred) -> np.ndarray:
    """d MSE / d y_pred = 2 (y_pred - y_true) / n_entries."""
    t, p = _pair(y_true, y_pred)
    return 2.0 * (p - t) / t.size


def binary_cross_entropy(y_true, y_pred) -> float:
    """-mean(y log p + (1 - y) log(1 - p)), with p clipped away from 0 and 1."""
    t, p = _pair(y_true, y_pred)
    p = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def binary_cross_entropy_grad(y_true, y_pred) -> np.ndarray:
    """d BCE / d p = (p - y) / (p (1 - p)) / n_entries."""
    t, p = _pair(y_true, y_pred)
    p = np.clip(p, _EPS, 1 - _EPS)
    return (p - t) / (p * (1 - p)) / t.size


def categorical_cross_entropy(y_true, y_pred) -> float:
    """-mean over samples of sum_k y_k log p_k; rows of y_pred are probabilities."""
    t, p = _pair(y_true, y_pred)
    if t.ndim != 2:
        raise ValueError(f"expected one-hot rows of shape (n_samples, n_classes), got shape {t.shape}.")
    return float(-np.mean(np.sum(t * np.log(np.clip(p, _EPS, 1.0)), axis=1)))


def categorical_cross_entropy_grad(y_true, y_pred) -> np.ndarray:
    """d CCE / d p = -y / p / n_samples."""
    t, p = _pair(y_true, y_pred)
    return -t / np.clip(p, _EPS, 1.0) / t.shape[0]


def one_hot(labels, num_classes: int) -> np.ndarray:
    """Integer labels of shape (n,) -> one-hot rows of shape (n, num_classes)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("labels must be a 1-D array of whole numbers such as [0, 2, 1].")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}; found {labels.min()}..{labels.max()}.")
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


# --------------------------------------------------------------------------- notebook 03: one prediction

_TARGETS = (0, 1)


def _check_target(target) -> int:
    if isinstance(target, bool) or target not in _TARGETS:
        raise ValueError(f"target must be the class label 0 or 1, not {target!r}.")
    return int(target)


def single_prediction_losses(target, prediction) -> dict[str, np.ndarray]:
    """Each loss, and its slopes, for one sample with label ``target``.

    The prediction is a probability ``p`` (as from a sigmoid output). The
    slopes are taken two ways: with respect to ``p`` itself, and with respect
    to the neuron's raw output ``z`` (the logit, ``p = sigmoid(z)``), which is
    the number training actually changes.

    Parameters
    ----------
    target : {0, 1}
        The true class label.
    prediction : float or ndarray of shape (n,)
        One or many alternative predictions ``p`` in (0, 1), each scored alone.

    Returns
    -------
    dict of ndarray, each of the shape of ``prediction``
        ``mse``, ``mse_slope`` (dL/dp), ``mse_logit_slope`` (dL/dz), and the
        same three for ``bce`` (binary cross-entropy).
    """
    y = _check_target(target)
    try:
        p = np.asarray(prediction, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("prediction must be a number or an array of numbers between 0 and 1.") from None
    if np.any((p <= 0) | (p >= 1)) or np.isnan(p).any():
        raise ValueError("each prediction must be a probability strictly between 0 and 1, e.g. 0.3.")
    dsig = p * (1 - p)  # d p / d z for p = sigmoid(z)
    mse_slope = 2 * (p - y)
    bce_slope = (p - y) / dsig
    return {
        "mse": (p - y) ** 2,
        "mse_slope": mse_slope,
        "mse_logit_slope": mse_slope * dsig,
        "bce": -(y * np.log(p) + (1 - y) * np.log(1 - p)),
        "bce_slope": bce_slope,
        "bce_logit_slope": p - y,
    }


_P_GRID = np.linspace(0.01, 0.99, 197)
_LOSS_COLOURS = {"mse": "tab:blue", "bce": "tab:orange"}


def _draw_one_prediction(ax_loss, ax_logit) -> dict:
    art: dict = {"ax_loss": ax_loss, "ax_logit": ax_logit}
    for key, label in (("mse", "mean squared error"), ("bce", "cross-entropy")):
        colour = _LOSS_COLOURS[key]
        (art[key],) = ax_loss.plot(_P_GRID, _P_GRID, color=colour, label=label)
        (art[key + "_dot"],) = ax_loss.plot([0.5], [0.0], "o", color=colour, ms=7)
        (art[key + "_tangent"],) = ax_loss.plot([0, 1], [0, 0], color=colour, lw=5, alpha=0.35)
        (art[key + "_logit"],) = ax_logit.plot(_P_GRID, _P_GRID, color=colour, label=label)
        (art[key + "_logit_dot"],) = ax_logit.plot([0.5], [0.0], "o", color=colour, ms=7)
    ax_loss.set(xlim=(0, 1), ylim=(0, 4.8), xlabel="prediction p", ylabel="loss")
    ax_logit.set(xlim=(0, 1), ylim=(0, 1.05), xlabel="prediction p",
                 ylabel="|slope| with respect to z")
    ax_loss.legend(loc="upper center")
    ax_logit.legend(loc="upper center")
    return art


def _update_one_prediction(art: dict, prediction: float, target: int) -> dict[str, float]:
    curves = single_prediction_losses(target, _P_GRID)
    here = {k: float(v) for k, v in single_prediction_losses(target, prediction).items()}
    half = 0.15  # half-width of the tangent segments
    for key in ("mse", "bce"):
        art[key].set_ydata(curves[key])
        art[key + "_dot"].set_data([prediction], [here[key]])
        xs = np.array([prediction - half, prediction + half])
        art[key + "_tangent"].set_data(xs, here[key] + here[key + "_slope"] * (xs - prediction))
        art[key + "_logit"].set_ydata(np.abs(curves[key + "_logit_slope"]))
        art[key + "_logit_dot"].set_data([prediction], [abs(here[key + "_logit_slope"])])
    texts = (
        f"label {target}, p = {prediction:.2f}: MSE {here['mse']:.3f} (slope {here['mse_slope']:+.2f}), "
        f"CE {here['bce']:.3f} (slope {here['bce_slope']:+.2f})",
        f"push on z: MSE {abs(here['mse_logit_slope']):.3f}, CE {abs(here['bce_logit_slope']):.3f}",
    )
    if art.get("titles", True):  # static plots; the demo shows the text below the figure instead
        art["ax_loss"].set_title(texts[0], fontsize=9)
        art["ax_logit"].set_title(texts[1], fontsize=9)
    art["text"] = " &nbsp;|&nbsp; ".join(texts)
    return here


def plot_one_prediction(prediction: float = 0.2, target: int = 1, *, ax=None) -> Figure:
    """Both losses of one prediction and their tangents (the slopes); return the Figure.

    Draws on ``ax`` (one Axes) the loss curves over all predictions, a dot at
    ``prediction`` and a dashed tangent whose steepness is the slope dL/dp.
    """
    _check_target(target)
    ax = axes_or_new(ax, figsize=(5.5, 4))
    # the right-hand panel of the demo is drawn off-figure here, then removed
    scratch = ax.figure.add_axes((0, 0, 0.01, 0.01))
    art = _draw_one_prediction(ax, scratch)
    _update_one_prediction(art, prediction, target)
    scratch.remove()
    return ax.figure


def plot_logit_slopes(prediction: float = 0.2, target: int = 1, *, ax=None) -> Figure:
    """How hard each loss pushes the raw output z of a sigmoid neuron; return the Figure."""
    _check_target(target)
    ax = axes_or_new(ax, figsize=(5.5, 4))
    scratch = ax.figure.add_axes((0, 0, 0.01, 0.01))
    art = _draw_one_prediction(scratch, ax)
    _update_one_prediction(art, prediction, target)
    scratch.remove()
    return ax.figure


def demo_one_prediction() -> SliderDemo:
    """Move one prediction: each loss, its slope, and its push on the logit."""
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_one_prediction(*live.axes)
    art["titles"] = False  # text is slow to draw: the numbers go into the readout below
    live.axes[0].set_title("each loss and its slope (tangent)", fontsize=10)
    live.axes[1].set_title("how hard each loss pushes the raw output z", fontsize=10)
    _update_one_prediction(art, 0.2, 1)
    live.figure.tight_layout()
    # curves, dots and tangents are animated (cheap lines); axes, legends and titles are drawn once
    live.animate(*(a for k, a in art.items() if isinstance(a, Line2D)))
    readout = widgets.HTML(layout=widgets.Layout(min_height="24px"))

    def update(prediction: float, target: int) -> None:
        _update_one_prediction(art, prediction, target)
        readout.value = art["text"]

    controls = {
        "prediction": slider("prediction p", 0.01, 0.99, 0.01, 0.2),
        "target": dropdown("true label", [("1 (it is a cat)", 1), ("0 (it is not)", 0)], 1),
    }
    demo = SliderDemo(controls, update, figure=live, outputs=(readout,), title="One prediction, two losses")
    demo.readout = readout
    return demo


@exercise("03-1")
def _check_03_1(answer) -> CheckResult:
    expected = binary_cross_entropy([1.0, 0.0], [0.8, 0.3])
    return check_number(
        answer, expected, name="the mean cross-entropy", rtol=1e-4, show=False,
        hint="for label 1 the loss is -log(p), for label 0 it is -log(1 - p); average the two.",
    )
