"""Notebook 00: fit a line by hand, and the first check questions.

A line ``y = w * x + b`` through the five students' maths scores and their
"return". Moving ``w`` and ``b`` changes the mean squared error: the same job
gradient descent does automatically in notebook 03.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, _verdict, check_choice, check_number, exercise
from .data import student_scores
from .widgets import LiveFigure, SliderDemo, axes_or_new, frame_below_animation, slider

__all__ = ["line_predictions", "line_mse", "plot_line_fit", "demo_line_fit"]


def line_predictions(x, w: float, b: float) -> np.ndarray:
    """The line's prediction ``w * x + b`` for every x.

    Parameters
    ----------
    x : array-like of shape (n,)
    w, b : float
        The line's weight (slope) and bias (where it crosses x = 0).

    Returns
    -------
    ndarray of shape (n,)
    """
    x = v.as_array(x, "x", ndim=1)
    return v.as_number(w, "w") * x + v.as_number(b, "b")


def line_mse(x, y, w: float, b: float) -> float:
    """Mean squared error of the line ``w * x + b`` on the points (x, y).

    Parameters
    ----------
    x, y : array-like of shape (n,)
        The inputs and the targets, one pair per point.
    w, b : float

    Returns
    -------
    float
        ``mean((w * x + b - y) ** 2)``.
    """
    x = v.as_array(x, "x", ndim=1)
    y = v.as_array(y, "y", ndim=1)
    v.same_length("x", x, "y", y)
    return float(np.mean((line_predictions(x, w, b) - y) ** 2))


def _scores_xy() -> tuple[np.ndarray, np.ndarray]:
    scores = student_scores()
    return scores["maths"].to_numpy(float), scores["return"].to_numpy(float)


def plot_line_fit(w: float = 0.5, b: float = 0.2, *, ax=None) -> Figure:
    """Draw the students' points, the line and each error; return the Figure.

    Parameters
    ----------
    w, b : float
        The line ``y = w x + b``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    """
    w, b = v.as_number(w, "w"), v.as_number(b, "b")
    x, y = _scores_xy()
    ax = axes_or_new(ax, figsize=(6, 4))
    artists = _draw_line_fit(ax, x, y)
    _update_line_fit(artists, x, y, w, b)
    return ax.figure


def _draw_line_fit(ax, x, y) -> dict:
    xs = np.linspace(0, 1.1, 2)
    # Points and names sit below the moving line and bars (zorder 1.5), so a blitted frame equals a full draw.
    ax.scatter(x, y, color="tab:blue", zorder=1.5, label="students")
    for xi, yi, name in zip(x, y, "ABCDE", strict=True):
        ax.annotate(name, (xi, yi), textcoords="offset points", xytext=(5, -12), zorder=1.5)
    (line,) = ax.plot(xs, xs, color="tab:orange", label="y = w x + b")
    errors = [ax.plot([xi, xi], [yi, yi], color="tab:red", alpha=0.6)[0] for xi, yi in zip(x, y, strict=True)]
    ax.set(xlim=(0, 1.1), ylim=(-0.2, 1.4), xlabel="maths score", ylabel="return")
    ax.legend(loc="upper left")
    frame_below_animation(ax)
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


# --------------------------------------------------------------------------- exercises


@exercise("00-1", hints=(
    "The line w = 1, b = 0 predicts each student's return to be their maths score.",
    "For each student, take the error: prediction minus return. Then square each error.",
    "The mean squared error is the average of those five squares: NumPy's np.mean of an array of squares.",
))
def _check_00_1(answer) -> CheckResult:
    x, y = _scores_xy()
    return check_number(answer, line_mse(x, y, 1.0, 0.0), name="the MSE of y = x")


# The systems of exercise 00-2, and which of them learn from data.
_SYSTEMS = {
    "a": "a calculator that adds the numbers you type",
    "b": 'a spam filter trained on thousands of emails that people marked "spam" or "not spam"',
    "c": "a thermostat that switches the heating on below 20 degrees, a rule written by its maker",
    "d": "k-nearest neighbours predicting tomorrow's rain from the weather of similar past days",
}
_LEARNS_FROM_DATA = frozenset("bd")


def _letters(answer) -> frozenset[str] | None:
    """'bd', ['b', 'd'] or {'b', 'd'} as a set of lower-case letters; None if it is none of these."""
    if isinstance(answer, str):
        items = [c for c in answer.lower() if c.isalpha()]
    elif isinstance(answer, (set, frozenset, list, tuple)) and all(isinstance(a, str) for a in answer):
        items = [a.strip().lower() for a in answer]
    else:
        return None
    return frozenset(items)


@exercise("00-2", hints=(
    "Machine learning means the skill comes from data, not from a rule a person wrote down.",
    "For each system ask: would it behave differently if it had been shown different examples?",
    "Two of the four learn from examples; the other two follow a fixed rule or fixed arithmetic.",
))
def _check_00_2(answer) -> CheckResult:
    letters = _letters(answer)
    if letters is None:
        return _verdict(False, "answer with the letters of your choice, such as {\"a\", \"c\"} or \"ac\".")
    unknown = sorted(letters - set(_SYSTEMS))
    if unknown:
        return _verdict(False, f"the systems are a, b, c and d; {', '.join(unknown)} is not one of them.")
    if letters == _LEARNS_FROM_DATA:
        return _verdict(True, "b and d learn from examples; a and c follow rules their makers wrote.")
    if not letters:
        return _verdict(False, "you chose none: at least one of the four learns from data.")
    return _verdict(False, f"{''.join(sorted(letters))} is not the right set of systems.")


@exercise("00-3", hints=(
    "Strong AI could do everything a person can; weak AI has only part of a person's abilities.",
    "Can the spam filter also drive a car, write a poem or learn to play chess?",
))
def _check_00_3(answer) -> CheckResult:
    return check_choice(answer, "weak", options=("strong", "weak"), name="the spam filter's kind of AI")


@exercise("00-4", hints=(
    "Look at the two code blocks of the section on TensorFlow, Keras and PyTorch.",
    "Which of the two blocks has a `for` loop over the epochs, with a step of the optimizer inside it?",
))
def _check_00_4(answer) -> CheckResult:
    return check_choice(answer, "pytorch", options=("keras", "pytorch"),
                        name="the framework whose code writes the loop out")
