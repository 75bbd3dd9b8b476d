"""Notebook 03: the spreadsheet training of the source course (seed 000).

Five students' English, maths and science scores predict their "return" with
a linear model ``return ~ w1*english + w2*maths + w3*science + b``. One round
of the spreadsheet: predict, take each error (return minus prediction), square
it, average the squares (the MSE), give each student a weight change
``error * score`` and a bias change ``error``, average those changes over the
students, and add them (times a learning rate) to the weights.

The averaged change is exactly ``-1/2`` times the gradient of the MSE, so the
spreadsheet is gradient descent with step ``learning_rate / 2``
(:func:`mse_gradient`, asserted in the notebook and the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .checks import CheckResult, check_array, exercise
from .data import student_scores
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "SPREADSHEET_FEATURES",
    "SEED_INITIAL_WEIGHTS",
    "SEED_INITIAL_BIAS",
    "SEED_REPORTED_MSE",
    "NEW_STUDENT",
    "student_arrays",
    "SpreadsheetRound",
    "spreadsheet_round",
    "spreadsheet_table",
    "SpreadsheetHistory",
    "train_spreadsheet",
    "history_table",
    "mse_gradient",
    "spreadsheet_max_learning_rate",
    "predict_return",
    "plot_spreadsheet_training",
    "demo_spreadsheet_training",
]

SPREADSHEET_FEATURES = ("english", "maths", "science")
#: Starting weights that reproduce the seed's round-0 MSE 0.012672752 exactly.
SEED_INITIAL_WEIGHTS = (0.33, 0.33, 0.33)
SEED_INITIAL_BIAS = 0.0
#: The MSE figures the source reports (its screenshots are missing): {round: MSE}.
SEED_REPORTED_MSE = {0: 0.012672752, 5: 0.00295149169258037}
#: A new student for the prediction step (our example: the source's is in a lost screenshot).
NEW_STUDENT = {"english": 0.60, "maths": 0.85, "science": 0.80}


def student_arrays(scores=None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The table as arrays.

    Parameters
    ----------
    scores : pandas.DataFrame, optional
        Columns ``student, english, maths, science, return``; default
        :func:`course_utils.student_scores`.

    Returns
    -------
    X : ndarray of shape (n_students, 3)
        English, maths and science scores.
    y : ndarray of shape (n_students,)
        The return.
    names : list of str
    """
    if scores is None:
        scores = student_scores()
    missing = [c for c in (*SPREADSHEET_FEATURES, "return") if c not in getattr(scores, "columns", ())]
    if missing:
        raise ValueError(
            f"the scores table needs the columns english, maths, science and return; {missing} "
            "are missing (load it with cu.student_scores())."
        )
    X = scores[list(SPREADSHEET_FEATURES)].to_numpy(float)
    y = scores["return"].to_numpy(float)
    names = [str(s) for s in scores["student"]] if "student" in scores.columns else [
        str(i) for i in range(len(y))
    ]
    return X, y, names


def _params(weights, bias) -> tuple[np.ndarray, float]:
    try:
        w = np.asarray(weights, dtype=float)
        b = float(bias)
    except (TypeError, ValueError):
        raise TypeError("weights must be three numbers and bias one number, e.g. [0.33, 0.33, 0.33] and 0.0.") from None
    if w.shape != (3,):
        raise ValueError(f"weights must hold three numbers (english, maths, science), not shape {w.shape}.")
    return w, b


@dataclass(frozen=True)
class SpreadsheetRound:
    """One round of the spreadsheet; arrays have one row per student."""

    predicted: np.ndarray  # (n,)
    error: np.ndarray  # (n,)  return - predicted
    squared_error: np.ndarray  # (n,)
    mse: float
    weight_change: np.ndarray  # (n, 3)  error * score
    bias_change: np.ndarray  # (n,)  error
    mean_weight_change: np.ndarray  # (3,)
    mean_bias_change: float


def spreadsheet_round(X, y, weights, bias) -> SpreadsheetRound:
    """Compute every column of one spreadsheet round.

    Parameters
    ----------
    X : ndarray of shape (n_students, 3)
    y : ndarray of shape (n_students,)
    weights : sequence of 3 floats
    bias : float
    """
    w, b = _params(weights, bias)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[1] != 3 or y.shape != (X.shape[0],):
        raise ValueError(f"X must have shape (n, 3) and y shape (n,); got {X.shape} and {y.shape}.")
    predicted = X @ w + b
    error = y - predicted
    weight_change = error[:, None] * X
    return SpreadsheetRound(
        predicted=predicted,
        error=error,
        squared_error=error**2,
        mse=float(np.mean(error**2)),
        weight_change=weight_change,
        bias_change=error.copy(),
        mean_weight_change=weight_change.mean(axis=0),
        mean_bias_change=float(error.mean()),
    )


def spreadsheet_table(weights=SEED_INITIAL_WEIGHTS, bias: float = SEED_INITIAL_BIAS, scores=None):
    """One round as a table to read, with an ``average`` row at the bottom.

    Returns
    -------
    pandas.DataFrame indexed by student, columns: the three scores, return,
    predicted, error, squared error, change w1 (english), change w2 (maths),
    change w3 (science), change b. The ``average`` row's squared error is the
    MSE; its changes are the averaged update.
    """
    import pandas as pd

    X, y, names = student_arrays(scores)
    r = spreadsheet_round(X, y, weights, bias)
    table = pd.DataFrame(
        {
            "english": X[:, 0], "maths": X[:, 1], "science": X[:, 2], "return": y,
            "predicted": r.predicted, "error": r.error, "squared error": r.squared_error,
            "change w1": r.weight_change[:, 0], "change w2": r.weight_change[:, 1],
            "change w3": r.weight_change[:, 2], "change b": r.bias_change,
        },
        index=pd.Index(names, name="student"),
    )
    average = table.mean(axis=0)
    average[["english", "maths", "science", "return", "predicted", "error"]] = np.nan
    table.loc["average"] = average
    return table


@dataclass(frozen=True)
class SpreadsheetHistory:
    """Parameters and MSE at the start of each round 0..num_rounds."""

    weights: np.ndarray  # (num_rounds + 1, 3)
    bias: np.ndarray  # (num_rounds + 1,)
    mse: np.ndarray  # (num_rounds + 1,)
    learning_rate: float


def train_spreadsheet(
    num_rounds: int,
    learning_rate: float = 1.0,
    *,
    weights=SEED_INITIAL_WEIGHTS,
    bias: float = SEED_INITIAL_BIAS,
    scores=None,
) -> SpreadsheetHistory:
    """Repeat the spreadsheet round: add ``learning_rate`` times the averaged change.

    ``learning_rate=1`` is the source's rule as written ("add the averaged
    change"). Row ``r`` of the result holds the weights used in round ``r``
    and that round's MSE.
    """
    if isinstance(num_rounds, bool) or not isinstance(num_rounds, (int, np.integer)) or num_rounds < 0:
        raise ValueError(f"num_rounds must be a whole number 0 or more, not {num_rounds!r}.")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.floating)) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number such as 0.5, not {learning_rate!r}.")
    X, y, _ = student_arrays(scores)
    w, b = _params(weights, bias)
    ws, bs, losses = [], [], []
    for _ in range(int(num_rounds) + 1):
        r = spreadsheet_round(X, y, w, b)
        ws.append(w)
        bs.append(b)
        losses.append(r.mse)
        w = w + learning_rate * r.mean_weight_change
        b = b + learning_rate * r.mean_bias_change
    return SpreadsheetHistory(np.array(ws), np.array(bs), np.array(losses), float(learning_rate))


def history_table(history: SpreadsheetHistory):
    """The rounds as a table: w1, w2, w3, b and the MSE of each round."""
    import pandas as pd

    return pd.DataFrame(
        {"w1 (english)": history.weights[:, 0], "w2 (maths)": history.weights[:, 1],
         "w3 (science)": history.weights[:, 2], "b": history.bias, "MSE": history.mse},
        index=pd.RangeIndex(len(history.mse), name="round"),
    )


def mse_gradient(X, y, weights, bias) -> tuple[np.ndarray, float]:
    """Gradient of MSE = mean((y - (X w + b))^2) with respect to w and b.

    d MSE / d w = -2 mean(error * x) and d MSE / d b = -2 mean(error), with
    error = y - prediction. Returns (grad_w of shape (3,), grad_b).
    """
    r = spreadsheet_round(X, y, weights, bias)
    return -2.0 * r.mean_weight_change, -2.0 * r.mean_bias_change


def spreadsheet_max_learning_rate(scores=None) -> float:
    """Largest learning rate for which the spreadsheet rule does not blow up.

    The MSE is a bowl whose steepest curvature is ``2 * lambda_max`` with
    ``lambda_max`` the largest eigenvalue of ``A^T A / n`` (A: the scores with
    a column of ones). The rule takes steps of ``learning_rate / 2`` along the
    gradient, so it converges only when ``learning_rate < 2 / lambda_max``.
    """
    X, _, _ = student_arrays(scores)
    A = np.c_[X, np.ones(len(X))]
    return float(2.0 / np.linalg.eigvalsh(A.T @ A / len(X)).max())


def predict_return(new_scores, weights, bias) -> float:
    """Predict a new student's return from a dict or a sequence (english, maths, science)."""
    w, b = _params(weights, bias)
    if isinstance(new_scores, dict):
        try:
            new_scores = [new_scores[k] for k in SPREADSHEET_FEATURES]
        except KeyError as exc:
            raise ValueError(f"the new student needs the scores english, maths and science; {exc} is missing.") from None
    x = np.asarray(new_scores, dtype=float)
    if x.shape != (3,):
        raise ValueError(f"give three scores (english, maths, science), not shape {x.shape}.")
    return float(x @ w + b)


# --------------------------------------------------------------------------- plots and the demo

_MAX_ROUNDS = 40
_MSE_LIMITS = (1e-4, 10.0)


def _draw_training(ax_mse, ax_fit, y: np.ndarray, names: list[str]) -> dict:
    rounds = np.arange(_MAX_ROUNDS + 1)
    ax_mse.plot(list(SEED_REPORTED_MSE), list(SEED_REPORTED_MSE.values()), "k*", ms=11,
                label="the source's reported MSE")
    (line,) = ax_mse.plot(rounds, np.full(rounds.shape, np.nan), "o-", color="tab:blue", ms=3,
                          label="MSE per round")
    ax_mse.set(yscale="log", xlim=(-0.5, _MAX_ROUNDS + 0.5), ylim=_MSE_LIMITS, xlabel="round",
               ylabel="MSE (log scale)")
    ax_mse.legend(loc="upper right")
    ax_fit.plot([0, 1.2], [0, 1.2], color="0.6", lw=1)
    dots = ax_fit.scatter(y, y, color="tab:orange", zorder=3)
    for name, yi in zip(names, y, strict=True):
        ax_fit.annotate(name, (yi, yi), textcoords="offset points", xytext=(-12, 4), fontsize=9)
    ax_fit.set(xlim=(0.2, 1.1), ylim=(-0.2, 1.4), xlabel="true return", ylabel="predicted return")
    return {"line": line, "dots": dots, "ax_mse": ax_mse, "ax_fit": ax_fit, "y": y}


def _update_training(art: dict, history: SpreadsheetHistory, num_rounds: int, X: np.ndarray) -> None:
    mse = np.full(_MAX_ROUNDS + 1, np.nan)
    mse[: num_rounds + 1] = np.clip(history.mse[: num_rounds + 1], _MSE_LIMITS[0], 1e6)
    art["line"].set_ydata(mse)
    w, b = history.weights[num_rounds], history.bias[num_rounds]
    art["dots"].set_offsets(np.c_[art["y"], X @ w + b])
    art["text"] = (
        f"learning rate {history.learning_rate:.2f}: MSE {history.mse[0]:.4f} -> "
        f"{history.mse[num_rounds]:.4f} after {num_rounds} rounds"
    )
    if art.get("titles", True):  # static plots; the demo writes the text below the figure
        art["ax_mse"].set_title(art["text"], fontsize=10)
        art["ax_fit"].set_title(f"predictions in round {num_rounds}", fontsize=10)


def plot_spreadsheet_training(num_rounds: int = 5, learning_rate: float = 0.5, *, ax=None) -> Figure:
    """The MSE round by round (log scale) with the source's two figures; return the Figure."""
    X, y, names = student_arrays()
    history = train_spreadsheet(num_rounds, learning_rate)  # checks both arguments
    if num_rounds > _MAX_ROUNDS:
        raise ValueError(f"num_rounds must lie between 0 and {_MAX_ROUNDS}, not {num_rounds!r}.")
    ax = axes_or_new(ax, figsize=(6, 4))
    scratch = ax.figure.add_axes((0, 0, 0.01, 0.01))
    art = _draw_training(ax, scratch, y, names)
    _update_training(art, history, num_rounds, X)
    scratch.remove()
    return ax.figure


def demo_spreadsheet_training() -> SliderDemo:
    """Sliders for the number of rounds and the learning rate; MSE and predictions redraw.

    Every learning rate on the slider is trained once, up front, so moving a
    slider only redraws.
    """
    X, y, names = student_arrays()
    rates = np.round(np.arange(0.05, 1.2001, 0.05), 2)
    histories = {float(r): train_spreadsheet(_MAX_ROUNDS, float(r)) for r in rates}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_training(*live.axes, y, names)
    art["titles"] = False  # text is slow to draw: the numbers go into the readout below
    live.axes[0].set_title("MSE round by round", fontsize=10)
    live.axes[1].set_title("predicted against true return", fontsize=10)
    _update_training(art, histories[0.5], 5, X)
    live.figure.tight_layout()
    live.animate(art["line"], art["dots"])
    readout = widgets.HTML(layout=widgets.Layout(min_height="44px"))

    def update(num_rounds: int, learning_rate: float) -> None:
        history = histories[round(float(learning_rate), 2)]
        _update_training(art, history, num_rounds, X)
        w, b = history.weights[num_rounds], history.bias[num_rounds]
        new = predict_return(NEW_STUDENT, w, b)
        readout.value = (
            f"{art['text']}.<br>Round {num_rounds}: w1 = {w[0]:.3f}, w2 = {w[1]:.3f}, w3 = {w[2]:.3f}, b = {b:.3f}, "
            f"MSE = {history.mse[num_rounds]:.5f}. New student {NEW_STUDENT}: predicted return "
            f"<b>{new:.3f}</b>"
        )

    controls = {
        "num_rounds": slider("rounds", 0, _MAX_ROUNDS, 1, 5),
        "learning_rate": slider("learning rate", 0.05, 1.2, 0.05, 0.5),
    }
    demo = SliderDemo(controls, update, figure=live, outputs=(readout,),
                      title="The spreadsheet, round by round")
    demo.readout = readout
    return demo


@exercise("03-2")
def _check_03_2(answer) -> CheckResult:
    X, y, _ = student_arrays()
    expected = spreadsheet_round(X, y, SEED_INITIAL_WEIGHTS, SEED_INITIAL_BIAS).mean_weight_change
    return check_array(
        answer, expected, name="the averaged weight change", rtol=1e-4, atol=1e-7, show=False,
        hint="error = return - prediction for each student; multiply it by that student's three "
        "scores, then average each column over the five students (np.mean(..., axis=0)).",
    )
