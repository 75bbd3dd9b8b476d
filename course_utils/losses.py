"""Loss functions (損失函數) and their gradients with respect to the prediction.

Conventions: ``y_true`` (the target y) and ``y_pred`` (the prediction ŷ) have
the same shape, rows are samples. Each loss is the mean over all entries
(MSE) or over samples (cross-entropies); each ``*_grad`` is
d(loss)/d(y_pred), shaped like ``y_pred``. Where a loss is chosen by name,
the names are Keras': ``"mse"``, ``"binary_crossentropy"``,
``"categorical_crossentropy"`` (:func:`get_loss`).

A prediction may be NaN or infinite (a model that blew up): the loss is then
NaN or infinite too, so a training loop can report it. The target may not.

Notebook 03 adds a demo that moves one prediction and shows each loss, its
slope, and why cross-entropy suits classification, and the club course's
ten-output example (exercise ``03-1``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import _validate as v
from .checks import CheckResult, check_number, exercise
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, dropdown, scratch_axes, slider

__all__ = [
    "LOSS_NAMES", "get_loss",
    "mse", "mse_grad", "binary_cross_entropy", "binary_cross_entropy_grad",
    "categorical_cross_entropy", "categorical_cross_entropy_grad", "one_hot",
    "CLUB_COURSE_OUTPUT", "CLUB_COURSE_DIGIT", "CLUB_COURSE_SLIDE_LOSS",
    "single_prediction_losses", "plot_one_prediction", "plot_logit_slopes", "demo_one_prediction",
]

_EPS = 1e-12


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    t = v.as_array(y_true, "y_true")
    p = v.as_array(y_pred, "y_pred", allow_nan=True)
    if t.shape != p.shape:
        raise ValueError(
            f"y_true has shape {t.shape} but y_pred has shape {p.shape}; they must match "
            "(reshape one, e.g. y.reshape(-1, 1))."
        )
    return t, p


def mse(y_true, y_pred) -> float:
    """Mean squared error: ``mean((y_pred - y_true)**2)`` over all entries.

    Parameters
    ----------
    y_true, y_pred : array-like of one shape, e.g. (n_samples,) or (n_samples, n_outputs)

    Returns
    -------
    float
    """
    t, p = _pair(y_true, y_pred)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean((p - t) ** 2))


def mse_grad(y_true, y_pred) -> np.ndarray:
    """d MSE / d y_pred = ``2 (y_pred - y_true) / n_entries``, shaped like ``y_pred``.

    The package's one gradient of the MSE: a linear model's weight gradient is
    ``X.T @ mse_grad(y, X @ w + b)`` (the chain rule), a network's last layer
    starts its backward pass from it.
    """
    t, p = _pair(y_true, y_pred)
    return 2.0 * (p - t) / t.size


def _clip(p: np.ndarray) -> np.ndarray:
    """Probabilities kept away from 0 and 1, so that log(p) and 1 / p stay finite."""
    return np.clip(p, _EPS, 1 - _EPS)


def binary_cross_entropy(y_true, y_pred) -> float:
    """``-mean(y log p + (1 - y) log(1 - p))``, with p clipped away from 0 and 1.

    Parameters
    ----------
    y_true : array-like of 0s and 1s
    y_pred : array-like of probabilities p of class 1, same shape
    """
    t, p = _pair(y_true, y_pred)
    p = _clip(p)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def binary_cross_entropy_grad(y_true, y_pred) -> np.ndarray:
    """d BCE / d p = ``(p - y) / (p (1 - p)) / n_entries``, shaped like ``y_pred``."""
    t, p = _pair(y_true, y_pred)
    p = _clip(p)
    return (p - t) / (p * (1 - p)) / t.size


def categorical_cross_entropy(y_true, y_pred) -> float:
    """``-mean over samples of sum_k y_k log p_k``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples, n_classes)
        One-hot rows (:func:`one_hot`).
    y_pred : array-like of shape (n_samples, n_classes)
        Rows of probabilities (a softmax output).
    """
    t, p = _pair(y_true, y_pred)
    if t.ndim != 2:
        raise ValueError(f"expected one-hot rows of shape (n_samples, n_classes), got shape {t.shape}.")
    return float(-np.mean(np.sum(t * np.log(_clip(p)), axis=1)))


def categorical_cross_entropy_grad(y_true, y_pred) -> np.ndarray:
    """d CCE / d p = ``-y / p / n_samples``, shape (n_samples, n_classes)."""
    t, p = _pair(y_true, y_pred)
    if t.ndim != 2:
        raise ValueError(f"expected one-hot rows of shape (n_samples, n_classes), got shape {t.shape}.")
    return -t / _clip(p) / t.shape[0]


#: The loss names a ``loss=`` parameter accepts (Keras' names).
LOSS_NAMES = ("mse", "binary_crossentropy", "categorical_crossentropy")
_LOSSES = {
    "mse": (mse, mse_grad),
    "binary_crossentropy": (binary_cross_entropy, binary_cross_entropy_grad),
    "categorical_crossentropy": (categorical_cross_entropy, categorical_cross_entropy_grad),
}


def get_loss(name: str) -> tuple[Callable, Callable]:
    """The loss called ``name`` (Keras' name) and its gradient: ``(loss(y_true, y_pred), grad(y_true, y_pred))``.

    >>> loss, grad = get_loss("mse")
    """
    return _LOSSES[v.choice(name, "loss", LOSS_NAMES)]


def one_hot(labels, num_classes: int) -> np.ndarray:
    """Integer labels of shape (n,) -> one-hot rows of shape (n, num_classes)."""
    num_classes = v.as_int(num_classes, "num_classes", low=1)
    labels = v.labels(labels, "labels", num_classes=num_classes)
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


# --------------------------------------------------------------------------- the club course's example

#: The club course's example: ten outputs of a digit classifier for a handwritten 1.
CLUB_COURSE_OUTPUT = (0.0, 0.1, 0.4, 0.8, 0.5, 0.4, 0.3, 0.1, 0.1, 0.9)
#: The digit in the picture: the ideal output is the one-hot row for it.
CLUB_COURSE_DIGIT = 1
#: What the slide prints for L = sum((y_hat - y)**2); the ten numbers give 2.94.
CLUB_COURSE_SLIDE_LOSS = 2.14


def _club_course_loss() -> float:
    y_hat = np.asarray(CLUB_COURSE_OUTPUT)
    y = one_hot([CLUB_COURSE_DIGIT], len(y_hat))[0]
    return float(np.sum((y_hat - y) ** 2))


@exercise("03-1", hints=(
    "The ideal output is ten numbers: 0 everywhere except a 1 in the place of the digit (place 1, "
    "counting from 0).",
    "For each of the ten places take (output - ideal), square it, then add the ten squares. "
    "The slide's L is a sum, not a mean.",
    "In NumPy, cu.losses.one_hot([1], 10)[0] is the ideal output; subtracting and squaring two arrays "
    "works place by place, and np.sum adds up.",
))
def _check_03_1(answer) -> CheckResult:
    expected = _club_course_loss()
    value = answer if isinstance(answer, (int, float, np.floating)) and not isinstance(answer, bool) else None
    if value is not None and np.isclose(value, CLUB_COURSE_SLIDE_LOSS, atol=5e-3):
        return CheckResult(False, "Not yet. 2.14 is the slide's figure, but the ten numbers do not give it: "
                           "add the ten squares again, one by one.")
    if value is not None and np.isclose(value, expected / 10, rtol=1e-4):
        return CheckResult(False, "Not yet. That is the mean of the squares; the slide's L adds them up.")
    result = check_number(answer, expected, name="the loss L", rtol=1e-4,
                          hint="compare the ten outputs with the ideal output place by place.")
    if result:
        return CheckResult(True, f"Correct! L = {expected:.2f}. So the slide's 2.14 is a slip, an easy one "
                           "to make when adding ten numbers by hand: now you can check a slide yourself.")
    return result


# --------------------------------------------------------------------------- notebook 03: one prediction

_TARGETS = (0, 1)


def single_prediction_losses(target, prediction) -> dict[str, dict[str, np.ndarray]]:
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
    dict
        ``{"mse": {...}, "binary_crossentropy": {...}}``, each with ``loss``,
        ``slope`` (dL/dp) and ``logit_slope`` (dL/dz), arrays of the shape of
        ``prediction``.
    """
    y = v.choice(target, "target", _TARGETS)
    p = v.as_array(prediction, "prediction")
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("each prediction must be a probability strictly between 0 and 1, e.g. 0.3.")
    dsig = p * (1 - p)  # d p / d z for p = sigmoid(z)
    mse_slope = 2 * (p - y)
    return {
        "mse": {"loss": (p - y) ** 2, "slope": mse_slope, "logit_slope": mse_slope * dsig},
        "binary_crossentropy": {
            "loss": -(y * np.log(p) + (1 - y) * np.log(1 - p)),
            "slope": (p - y) / dsig,
            "logit_slope": p - y,
        },
    }


_P_GRID = np.linspace(0.01, 0.99, 197)
_LOSS_STYLE = {"mse": ("tab:blue", "mean squared error"), "binary_crossentropy": ("tab:orange", "cross-entropy")}


def _draw_one_prediction(ax_loss, ax_logit) -> dict:
    art: dict = {"ax_loss": ax_loss, "ax_logit": ax_logit}
    for key, (colour, label) in _LOSS_STYLE.items():
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


def _update_one_prediction(art: dict, prediction: float, target: int) -> tuple[str, str]:
    curves = single_prediction_losses(target, _P_GRID)
    here = {k: {q: float(x) for q, x in d.items()} for k, d in single_prediction_losses(target, prediction).items()}
    half = 0.15  # half-width of the tangent segments
    for key in _LOSS_STYLE:
        art[key].set_ydata(curves[key]["loss"])
        art[key + "_dot"].set_data([prediction], [here[key]["loss"]])
        xs = np.array([prediction - half, prediction + half])
        art[key + "_tangent"].set_data(xs, here[key]["loss"] + here[key]["slope"] * (xs - prediction))
        art[key + "_logit"].set_ydata(np.abs(curves[key]["logit_slope"]))
        art[key + "_logit_dot"].set_data([prediction], [abs(here[key]["logit_slope"])])
    m, ce = here["mse"], here["binary_crossentropy"]
    return (
        f"label {target}, p = {prediction:.2f}: MSE {m['loss']:.3f} (slope {m['slope']:+.2f}), "
        f"CE {ce['loss']:.3f} (slope {ce['slope']:+.2f})",
        f"push on z: MSE {abs(m['logit_slope']):.3f}, CE {abs(ce['logit_slope']):.3f}",
    )


def _check_prediction(prediction, target) -> tuple[float, int]:
    p = v.as_number(prediction, "prediction", low=0, high=1, low_open=True, high_open=True)
    return p, v.choice(target, "target", _TARGETS)


def plot_one_prediction(prediction: float = 0.2, target: int = 1, *, ax=None) -> Figure:
    """Both losses of one prediction and their tangents (the slopes); return the Figure.

    Draws on ``ax`` (one Axes) the loss curves over all predictions, a dot at
    ``prediction`` and a short thick tangent whose steepness is the slope dL/dp.
    """
    prediction, target = _check_prediction(prediction, target)
    ax = axes_or_new(ax, figsize=(5.5, 4))
    art = _draw_one_prediction(ax, scratch_axes())
    ax.set_title(_update_one_prediction(art, prediction, target)[0], fontsize=9)
    return ax.figure


def plot_logit_slopes(prediction: float = 0.2, target: int = 1, *, ax=None) -> Figure:
    """How hard each loss pushes the raw output z of a sigmoid neuron; return the Figure."""
    prediction, target = _check_prediction(prediction, target)
    ax = axes_or_new(ax, figsize=(5.5, 4))
    art = _draw_one_prediction(scratch_axes(), ax)
    ax.set_title(_update_one_prediction(art, prediction, target)[1], fontsize=9)
    return ax.figure


def demo_one_prediction() -> SliderDemo:
    """Move one prediction: each loss, its slope, and its push on the logit."""
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_one_prediction(*live.axes)
    live.axes[0].set_title("each loss and its slope (tangent)", fontsize=10)
    live.axes[1].set_title("how hard each loss pushes the raw output z", fontsize=10)
    live.figure.tight_layout()
    # curves, dots and tangents are animated (cheap lines); axes, legends and titles are drawn once
    live.animate(*(a for a in art.values() if isinstance(a, Line2D)))
    readout = Readout()

    def update(prediction: float, target: int) -> None:
        readout.show(" &nbsp;|&nbsp; ".join(_update_one_prediction(art, prediction, target)))

    controls = {
        "prediction": slider("prediction p", 0.01, 0.99, 0.01, 0.2),
        "target": dropdown("true label", [("1 (it is a cat)", 1), ("0 (it is not)", 0)], 1),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="One prediction, two losses")


@exercise("03-2", hints=(
    "Each photo has its own loss; the mean cross-entropy is the average of the two.",
    "For a photo labelled 1 the loss is -log(p); for a photo labelled 0 it is -log(1 - p), where p is "
    "the probability given to class 1.",
    "The second photo is labelled 0, so its loss uses the probability of class 0, which is 1 - 0.3. "
    "np.log is the natural logarithm the formula means.",
))
def _check_03_2(answer) -> CheckResult:
    expected = binary_cross_entropy([1.0, 0.0], [0.8, 0.3])
    return check_number(
        answer, expected, name="the mean cross-entropy", rtol=1e-4,
        hint="look at which probability each label uses, and average over the two photos.",
    )
