"""Notebook 00's first slider demo: fit a line by hand.

A line ``y = w * x + b`` through the five students' maths scores and their
return (seed 000). Moving ``w`` and ``b`` changes the mean squared error: the
same job gradient descent will do automatically in notebook 03.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .checks import CheckResult, check_number, exercise
from .data import student_scores
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = ["line_predictions", "line_mse", "plot_line_fit", "demo_line_fit"]


def line_predictions(x, w: float, b: float) -> np.ndarray:
    """Return ``w * x + b`` for every x (x : array-like of shape (n,))."""
    return w * np.asarray(x, dtype=float) + b


def line_mse(x, y, w: float, b: float) -> float:
    """Mean squared error of the line ``w * x + b`` on the points (x, y)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be two lists of the same length; got shapes {x.shape} and {y.shape}.")
    return float(np.mean((line_predictions(x, w, b) - y) ** 2))


def _scores_xy() -> tuple[np.ndarray, np.ndarray]:
    scores = student_scores()
    return scores["maths"].to_numpy(float), scores["return"].to_numpy(float)


def plot_line_fit(w: float = 0.5, b: float = 0.2, *, ax=None) -> Figure:
    """Draw the students' points, the line and each error; return the Figure."""
    x, y = _scores_xy()
    ax = axes_or_new(ax, figsize=(6, 4))
    artists = _draw_line_fit(ax, x, y)
    _update_line_fit(artists, x, y, w, b)
    return ax.figure


def _draw_line_fit(ax, x, y) -> dict:
    xs = np.linspace(0, 1.1, 2)
    ax.scatter(x, y, color="tab:blue", zorder=3, label="students")
    for xi, yi, name in zip(x, y, "ABCDE", strict=True):
        ax.annotate(name, (xi, yi), textcoords="offset points", xytext=(5, -12))
    (line,) = ax.plot(xs, xs, color="tab:orange", label="y = w x + b")
    errors = [ax.plot([xi, xi], [yi, yi], color="tab:red", alpha=0.6)[0] for xi, yi in zip(x, y, strict=True)]
    ax.set(xlim=(0, 1.1), ylim=(-0.2, 1.4), xlabel="maths score", ylabel="return")
    ax.legend(loc="upper left")
    return {"line": line, "errors": errors, "xs": xs, "ax": ax}


def _update_line_fit(artists: dict, x, y, w: float, b: float) -> float:
    artists["line"].set_ydata(line_predictions(artists["xs"], w, b))
    pred = line_predictions(x, w, b)
    for seg, xi, yi, pi in zip(artists["errors"], x, y, pred, strict=True):
        seg.set_data([xi, xi], [yi, pi])
    mse = line_mse(x, y, w, b)
    artists["ax"].set_title(f"w = {w:.2f}, b = {b:.2f}   mean squared error = {mse:.4f}")
    return mse


def demo_line_fit() -> SliderDemo:
    """Sliders for w and b; the red bars are the errors, the title the MSE."""
    x, y = _scores_xy()
    live = LiveFigure(figsize=(6, 4))
    artists = _draw_line_fit(live.axes, x, y)
    _update_line_fit(artists, x, y, 0.5, 0.2)  # a title to lay the figure out around
    live.figure.tight_layout()
    live.animate(artists["line"], *artists["errors"], live.axes.title)

    def update(w: float, b: float) -> None:
        _update_line_fit(artists, x, y, w, b)

    controls = {
        "w": slider("weight w", -1.0, 2.0, 0.05, 0.5),
        "b": slider("bias b", -1.0, 1.0, 0.05, 0.2),
    }
    return SliderDemo(controls, update, figure=live, title="Fit a line by hand")


@exercise("00-1")
def _check_00_1(answer) -> CheckResult:
    x, y = _scores_xy()
    return check_number(
        answer, line_mse(x, y, 1.0, 0.0), name="the MSE of y = x", show=False,
        hint="square each student's error (prediction minus return), then take the mean.",
    )
