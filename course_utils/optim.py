"""Notebook 03: gradient descent, the spreadsheet model, and four optimizers, in NumPy.

* Loss surfaces with known gradients: the club course's 1-D bowl
  ``7x^2 + 12x + 2``, its 2-D bowl ``7x^2 + y^2 + 2x + 2y``, and a long narrow
  valley for comparing optimizers.
* :func:`numerical_gradient`, the package's one gradient by central
  differences (notebooks 01, 03 and 04 use it).
* The optimizers :class:`SGD` (with optional momentum), :class:`Momentum`,
  :class:`RMSprop` and :class:`Adam`, each following the update rule of
  ``torch.optim`` with the same default settings (tests compare them step by
  step). They update one array or a list of arrays of any shapes, so the
  NumPy network (``cu.nn.Network(optimizer=...)``) trains with them too; see
  :class:`Optimizer` for the interface.
* The spreadsheet training of the Excel lesson notebook 03 follows: five
  students' scores predict their "return" with a linear model, one round of
  columns at a time (:func:`spreadsheet_round`, :func:`train_spreadsheet`).
* Full-batch, mini-batch and stochastic gradient descent on one line fit.
* Five slider demos; every trajectory is computed when the demo is built, so
  moving a slider only redraws.

Every training loop here reports a :class:`course_utils.training.History`,
one record per step (or round, or update).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_array, check_function, check_number, exercise
from .data import student_scores
from .losses import mse_grad
from .training import History
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, scratch_axes, slider

__all__ = [
    # loss surfaces and the numerical gradient
    "bowl_1d", "bowl_1d_grad", "bowl_2d", "bowl_2d_grad", "valley", "valley_grad",
    "numerical_gradient", "max_stable_learning_rate", "gradient_descent",
    # optimizers
    "Optimizer", "SGD", "Momentum", "RMSprop", "Adam", "make_optimizer", "run_optimizer",
    "VALLEY_LEARNING_RATES",
    # the spreadsheet
    "SPREADSHEET_FEATURES", "SPREADSHEET_START_WEIGHTS", "SPREADSHEET_START_BIAS",
    "SPREADSHEET_REPORTED_MSE", "NEW_STUDENT", "student_arrays", "SpreadsheetRound",
    "spreadsheet_round", "spreadsheet_table", "train_spreadsheet", "spreadsheet_params", "history_table",
    "spreadsheet_max_learning_rate", "predict_return",
    # batch sizes
    "make_regression_data", "regression_loss", "regression_grad", "train_regression",
    # plots and demos
    "plot_spreadsheet_training", "demo_spreadsheet_training",
    "plot_gd_1d", "demo_gd_1d", "plot_gd_2d", "demo_gd_2d",
    "plot_batch_sizes", "demo_batch_sizes", "plot_optimizers", "demo_optimizers",
]

# --------------------------------------------------------------------------- loss surfaces


def _points(xy, name: str) -> np.ndarray:
    p = v.as_array(xy, name)
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"{name} needs points with two coordinates [x, y]; got shape {p.shape}.")
    return p


def _number_or_array(values: np.ndarray):
    return float(values) if np.ndim(values) == 0 else values


def bowl_1d(x):
    """The club course's one-variable example f(x) = 7x^2 + 12x + 2.

    x : float or array of any shape. Returns a float or an array of that shape.
    """
    x = v.as_array(x, "x")
    return _number_or_array(7 * x**2 + 12 * x + 2)


def bowl_1d_grad(x):
    """f'(x) = 14x + 12; the minimum is at x = -6/7 and the curvature f'' is 14."""
    x = v.as_array(x, "x")
    return _number_or_array(14 * x + 12)


def bowl_2d(xy):
    """The club course's two-variable example f(x, y) = 7x^2 + y^2 + 2x + 2y.

    xy : array of shape (..., 2). Returns shape (...). Minimum at (-1/7, -1);
    the curvatures are 14 along x and 2 along y (7 to 1).
    """
    p = _points(xy, "xy")
    x, y = p[..., 0], p[..., 1]
    return _number_or_array(7 * x**2 + y**2 + 2 * x + 2 * y)


def bowl_2d_grad(xy) -> np.ndarray:
    """Gradient (14x + 2, 2y + 2), shape (..., 2)."""
    p = _points(xy, "xy")
    return np.stack([14 * p[..., 0] + 2, 2 * p[..., 1] + 2], axis=-1)


_VALLEY_A, _VALLEY_B = 0.1, 10.0  # curvatures along x (gentle) and y (steep)


def valley(xy):
    """A long narrow valley f(x, y) = (0.1 x^2 + 10 y^2) / 2, minimum 0 at (0, 0).

    The curvatures are 0.1 along x and 10 along y (100 to 1): a step small
    enough not to bounce between the steep walls crawls along the flat floor.
    xy : array of shape (..., 2). Returns shape (...).
    """
    p = _points(xy, "xy")
    return _number_or_array(0.5 * (_VALLEY_A * p[..., 0] ** 2 + _VALLEY_B * p[..., 1] ** 2))


def valley_grad(xy) -> np.ndarray:
    """Gradient (0.1 x, 10 y), shape (..., 2)."""
    p = _points(xy, "xy")
    return np.stack([_VALLEY_A * p[..., 0], _VALLEY_B * p[..., 1]], axis=-1)


def numerical_gradient(f: Callable[[np.ndarray], float], x, *, h: float = 1e-5) -> np.ndarray:
    """The gradient of ``f`` at ``x`` by central differences: the package's one numerical gradient.

    Entry by entry, ``(f(x + h e_i) - f(x - h e_i)) / (2 h)``, where ``e_i`` is
    1 at entry ``i`` and 0 elsewhere. The error of the formula shrinks like
    ``h**2``; rounding grows like ``1 / h``; ``h = 1e-5`` balances the two for
    float64 and functions of size about 1.

    Parameters
    ----------
    f : callable
        ``f(x)`` takes an array shaped like ``x`` and returns one number. It is
        called ``2 * x.size`` times with one array whose entries are changed in
        place between calls, so it must not keep that array.
    x : array-like of any shape
        Where to take the gradient: a point ``[x, y]``, a weight matrix, ...
        (copied as float64; the caller's array is not changed).
    h : float, keyword only
        The small step, a positive number.

    Returns
    -------
    ndarray of the shape of ``x``
        ``grad[i] = df/dx_i``.

    Examples
    --------
    >>> numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], [1.0, 2.0]).round(6)
    array([2., 3.])
    """
    v.function(f, "f")
    x = np.array(v.as_array(x, "x"), dtype=np.float64)  # a private copy, changed entry by entry
    h = v.as_number(h, "h", low=0, low_open=True)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = v.as_number(f(x), "the value f(x)")
        x[i] = old - h
        down = v.as_number(f(x), "the value f(x)")
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def max_stable_learning_rate(curvature: float) -> float:
    """Gradient descent on a bowl of curvature c (f'' = c) converges iff learning_rate < 2 / c.

    One step multiplies the distance to the minimum by ``1 - learning_rate * c``,
    which must stay between -1 and 1.
    """
    return 2.0 / v.as_number(curvature, "curvature", low=0, low_open=True)


def gradient_descent(grad_fn: Callable, start, learning_rate: float, num_steps: int, *,
                     loss_fn: Callable | None = None) -> History:
    """Plain gradient descent ``x <- x - learning_rate * grad_fn(x)``, ``num_steps`` times.

    The same as ``run_optimizer(SGD(learning_rate), grad_fn, start, num_steps)``:
    see :func:`run_optimizer` for what the History holds.
    """
    return run_optimizer(SGD(learning_rate), grad_fn, start, num_steps, loss_fn=loss_fn)


# --------------------------------------------------------------------------- optimizers


class Optimizer:
    """The base of the course's optimizers: one update rule, for any list of arrays.

    The interface, the same for :class:`SGD`, :class:`Momentum`,
    :class:`RMSprop` and :class:`Adam` (what ``cu.nn.Network`` and
    :func:`run_optimizer` call):

    ``new_params = optimizer.step(params, grads)``
        One update. ``params`` is one array (a point ``[x, y]``, a number) or
        a list or tuple of arrays of any shapes, e.g. ``[W1, b1, W2, b2]``;
        ``grads`` has the same structure and shapes. Returns the new
        parameters in the same structure (a list for a list), as new arrays:
        the arrays passed in are not changed.
    ``optimizer.reset()``
        Forget the state, for a new training run.
    ``optimizer.t``
        The number of steps taken since the last reset.
    ``optimizer.learning_rate``
        Read at every step, so a schedule may change it between steps.

    The state (a velocity, running averages) is kept per array, by its
    position in the list, in ``optimizer.state`` (a list of dicts). So the
    same list, in the same order and with the same shapes, must come at
    every step; a different one raises a ``ValueError`` that asks for
    ``reset()``. NaN or infinite values are not refused: they pass through
    the update (as in ``torch.optim``), so a training loop can see its loss
    blow up.

    Parameters
    ----------
    learning_rate : float
        η, a positive number.
    """

    name = "optimizer"

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = v.as_number(learning_rate, "learning_rate", low=0, low_open=True)
        self.reset()

    def reset(self) -> None:
        """Forget the state and the step count (call before a new training run)."""
        self.t = 0
        self.state: list[dict] | None = None
        self._shapes: list[tuple] | None = None

    def step(self, params, grads):
        """One update of ``params`` (an array or a list of arrays) with ``grads``; returns the new ones."""
        single = not isinstance(params, (list, tuple))
        if single:
            ps = [_as_float_array(params, "params")]
            gs = [_as_float_array(grads, "grads")]
        else:
            if not isinstance(grads, (list, tuple)) or len(grads) != len(params):
                raise ValueError(
                    f"params is a list of {len(params)} arrays, so grads must be a list of {len(params)} "
                    f"gradients, one per array; it is {v.describe(grads)}."
                )
            if not params:
                raise ValueError("params is an empty list: give the arrays to update, e.g. [W1, b1].")
            ps = [_as_float_array(p, f"params[{i}]") for i, p in enumerate(params)]
            gs = [_as_float_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
        for i, (p, g) in enumerate(zip(ps, gs, strict=True)):
            if p.shape != g.shape:
                where = "params" if single else f"params[{i}]"
                raise ValueError(f"{where} has shape {p.shape} but its gradient has shape {g.shape}; they must match.")
        shapes = [p.shape for p in ps]
        if self.state is None:
            self.state, self._shapes = [{} for _ in ps], shapes
        elif shapes != self._shapes:
            raise ValueError(
                f"This {type(self).__name__} has been updating arrays of shapes {self._shapes}, and now gets "
                f"{shapes}. Call reset() before using it on other parameters (or make a new one)."
            )
        self.t += 1
        with np.errstate(over="ignore", invalid="ignore"):
            new = [p - self._delta(g, s) for p, g, s in zip(ps, gs, self.state, strict=True)]
        if single:
            return new[0]
        return new if isinstance(params, list) else tuple(new)

    def _delta(self, g: np.ndarray, state: dict) -> np.ndarray:  # pragma: no cover - overridden
        """The change to subtract from one array, given its gradient ``g`` and its own ``state``."""
        raise NotImplementedError

    def _options(self) -> dict[str, float]:
        return {}

    def __repr__(self) -> str:
        options = "".join(f", {k}={x:g}" for k, x in self._options().items())
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g}{options})"


def _as_float_array(value, name: str) -> np.ndarray:
    """A float array for :meth:`Optimizer.step`: a non-empty float64 ndarray passes at once (a network
    steps thousands of times), anything else goes through the full check."""
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size:
        return value
    return v.as_array(value, name, allow_nan=True)


def _fraction(value, name: str) -> float:
    return v.as_number(value, name, low=0, high=1, high_open=True)


class SGD(Optimizer):
    """The plain rule ``w <- w - learning_rate * g``, optionally with momentum (as ``torch.optim.SGD``).

    With momentum: ``v <- momentum * v + g``, then ``w <- w - learning_rate * v``.
    It is stochastic gradient descent when ``g`` comes from a random
    mini-batch, full-batch gradient descent when ``g`` is the exact gradient.
    See :class:`Optimizer` for ``step``.

    Parameters
    ----------
    learning_rate : float
    momentum : float in [0, 1)
    """

    name = "SGD"

    def __init__(self, learning_rate: float, momentum: float = 0.0) -> None:
        self.momentum = _fraction(momentum, "momentum")
        super().__init__(learning_rate)

    def _delta(self, g: np.ndarray, state: dict) -> np.ndarray:
        if self.momentum == 0.0:
            return self.learning_rate * g
        velocity = self.momentum * state.get("velocity", 0.0) + g  # steps that agree add up
        state["velocity"] = velocity
        return self.learning_rate * velocity

    def _options(self) -> dict[str, float]:
        return {"momentum": self.momentum} if self.momentum else {}


class Momentum(SGD):
    """SGD with momentum 0.9 by default: a heavy ball that keeps rolling. See :class:`SGD`."""

    name = "momentum"

    def __init__(self, learning_rate: float, momentum: float = 0.9) -> None:
        super().__init__(learning_rate, momentum)


class RMSprop(Optimizer):
    """Divide each step by a running root mean square of the gradient (as ``torch.optim.RMSprop``).

    ``s <- alpha * s + (1 - alpha) * g**2``, then
    ``w <- w - learning_rate * g / (sqrt(s) + eps)``, entry by entry. See
    :class:`Optimizer` for ``step``.

    Parameters
    ----------
    learning_rate : float
    alpha : float in [0, 1)
        How much of the running average is kept at each step.
    eps : float
        Keeps the division finite where the gradient is 0.
    """

    name = "RMSprop"

    def __init__(self, learning_rate: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.alpha = _fraction(alpha, "alpha")
        self.eps = v.as_number(eps, "eps", low=0, low_open=True)
        super().__init__(learning_rate)

    def _delta(self, g: np.ndarray, state: dict) -> np.ndarray:
        s = self.alpha * state.get("square_avg", 0.0) + (1 - self.alpha) * g**2  # typical size of g, squared
        state["square_avg"] = s
        return self.learning_rate * g / (np.sqrt(s) + self.eps)

    def _options(self) -> dict[str, float]:
        return {"alpha": self.alpha}


class Adam(Optimizer):
    """Momentum plus RMSprop, with bias correction (as ``torch.optim.Adam``).

    ``m <- beta1 m + (1 - beta1) g``, ``s <- beta2 s + (1 - beta2) g**2``,
    ``w <- w - learning_rate * (m / (1 - beta1**t)) / (sqrt(s / (1 - beta2**t)) + eps)``.
    See :class:`Optimizer` for ``step``.

    Parameters
    ----------
    learning_rate : float
    beta1, beta2 : float in [0, 1)
        How much of the running averages of g and of g**2 is kept at each step.
    eps : float
    """

    name = "Adam"

    def __init__(self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = v.as_number(eps, "eps", low=0, low_open=True)
        super().__init__(learning_rate)

    def _delta(self, g: np.ndarray, state: dict) -> np.ndarray:
        m = self.beta1 * state.get("m", 0.0) + (1 - self.beta1) * g     # momentum: average gradient
        s = self.beta2 * state.get("s", 0.0) + (1 - self.beta2) * g**2  # RMSprop: average squared gradient
        state["m"], state["s"] = m, s
        m_hat = m / (1 - self.beta1**self.t)  # both averages start at 0: correct for that
        s_hat = s / (1 - self.beta2**self.t)
        return self.learning_rate * m_hat / (np.sqrt(s_hat) + self.eps)

    def _options(self) -> dict[str, float]:
        return {"beta1": self.beta1, "beta2": self.beta2}


_OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}
#: Learning rates that suit the narrow valley (the optimizer demo's "x1" setting).
VALLEY_LEARNING_RATES = {"SGD": 0.12, "momentum": 0.03, "RMSprop": 0.1, "Adam": 0.3}


def make_optimizer(name: str, learning_rate: float, **options: float) -> Optimizer:
    """An optimizer by name: ``"sgd"``, ``"momentum"``, ``"rmsprop"`` or ``"adam"`` (any case).

    ``options`` are the class's own settings, e.g. ``make_optimizer("adam", 0.01, beta1=0.8)``.
    """
    cls = _OPTIMIZERS[v.choice(name, "name", tuple(_OPTIMIZERS))]
    known = [p for p in inspect.signature(cls).parameters if p != "learning_rate"]
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(f"{cls.__name__} has no setting {unknown}; its settings are {known}.")
    return cls(learning_rate, **options)


def _coordinate_names(size: int) -> tuple[str, ...]:
    if size == 1:
        return ("x",)
    if size == 2:
        return ("x", "y")
    return tuple(f"x{i + 1}" for i in range(size))


def run_optimizer(optimizer: Optimizer, grad_fn: Callable, start, num_steps: int, *,
                  loss_fn: Callable | None = None) -> History:
    """Take ``num_steps`` steps from ``start`` on a surface; record every point.

    Parameters
    ----------
    optimizer : Optimizer
        Reset first, then stepped ``num_steps`` times.
    grad_fn : callable
        ``grad_fn(point)`` returns the gradient, shaped like the point.
    start : float or array-like of shape (n,)
        The first point.
    num_steps : int
    loss_fn : callable, optional
        ``loss_fn(point)`` returns the loss there; recorded as ``loss``.

    Returns
    -------
    History
        ``num_steps + 1`` records (the start, then after each step) with
        ``step`` (0, 1, ...), the coordinates (``x`` for one, ``x`` and ``y``
        for two, ``x1``, ``x2``, ... for more) and ``loss`` if ``loss_fn`` is
        given. A path that blows up to infinity stops there: the steps after
        are recorded as NaN. ``history.info`` holds the ``optimizer`` and the
        ``coordinates`` names.
    """
    v.instance(optimizer, "optimizer", Optimizer, "a cu.optim optimizer such as cu.optim.SGD(0.1)")
    v.function(grad_fn, "grad_fn")
    point = v.as_array(start, "start", ndim=(0, 1))
    num_steps = v.as_int(num_steps, "num_steps", low=0)
    if loss_fn is not None:
        v.function(loss_fn, "loss_fn")
    names = _coordinate_names(point.size)
    optimizer.reset()
    points, losses = np.full((num_steps + 1, point.size), np.nan), np.full(num_steps + 1, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging path is shown, not refused
        for step in range(num_steps + 1):
            if step > 0:
                point = optimizer.step(point, grad_fn(point))
            if not np.all(np.isfinite(point)):
                break  # blown up: the rest stays NaN
            points[step] = np.ravel(point)
            if loss_fn is not None:
                losses[step] = float(loss_fn(point))
    series = {"step": np.arange(num_steps + 1), **dict(zip(names, points.T, strict=True))}
    if loss_fn is not None:
        series["loss"] = losses
    history = History(**series)
    history.info.update(optimizer=repr(optimizer), coordinates=names)
    return history


def _path(history: History) -> np.ndarray:
    """The points of a :func:`run_optimizer` History as an array of shape (num_steps + 1, n)."""
    return np.column_stack([history[name] for name in history.info["coordinates"]])


# --------------------------------------------------------------------------- the spreadsheet

SPREADSHEET_FEATURES = ("english", "maths", "science")
#: Starting weights and bias that reproduce the Excel lesson's round-0 MSE 0.012672752 to every printed digit.
SPREADSHEET_START_WEIGHTS = (0.33, 0.33, 0.33)
SPREADSHEET_START_BIAS = 0.0
#: The MSE figures the Excel lesson reports: {round: MSE}.
SPREADSHEET_REPORTED_MSE = {0: 0.012672752, 5: 0.00295149169258037}
#: A new student for the prediction step (the course's own example).
NEW_STUDENT = {"english": 0.60, "maths": 0.85, "science": 0.80}


def student_arrays(scores=None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The scores table as arrays.

    Parameters
    ----------
    scores : pandas.DataFrame, optional
        Columns ``student, english, maths, science, return``; default
        :func:`course_utils.data.student_scores`.

    Returns
    -------
    X : ndarray of shape (n_students, 3)
        English, maths and science scores (rows are students).
    y : ndarray of shape (n_students,)
        The return.
    names : list of str
    """
    if scores is None:
        scores = student_scores()
    if not hasattr(scores, "columns") or not hasattr(scores, "to_numpy"):
        raise TypeError(f"scores should be a pandas DataFrame like cu.data.student_scores(), not {v.describe(scores)}.")
    missing = [c for c in (*SPREADSHEET_FEATURES, "return") if c not in scores.columns]
    if missing:
        raise ValueError(
            f"the scores table needs the columns english, maths, science and return; {missing} "
            "are missing (load it with cu.data.student_scores())."
        )
    X = v.as_matrix(scores[list(SPREADSHEET_FEATURES)].to_numpy(float), "the scores")
    y = v.as_array(scores["return"].to_numpy(float), "the return column")
    names = [str(s) for s in scores["student"]] if "student" in scores.columns else [str(i) for i in range(len(y))]
    return X, y, names


def _params(weights, bias) -> tuple[np.ndarray, float]:
    return v.as_array(weights, "weights", shape=(3,)), v.as_number(bias, "bias")


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


def _round(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> SpreadsheetRound:
    with np.errstate(over="ignore", invalid="ignore"):
        predicted = X @ w + b
        error = y - predicted
        weight_change = error[:, None] * X
        return SpreadsheetRound(
            predicted=predicted, error=error, squared_error=error**2, mse=float(np.mean(error**2)),
            weight_change=weight_change, bias_change=error.copy(),
            mean_weight_change=weight_change.mean(axis=0), mean_bias_change=float(error.mean()),
        )


def spreadsheet_round(X, y, weights, bias) -> SpreadsheetRound:
    """Compute every column of one spreadsheet round.

    Parameters
    ----------
    X : ndarray of shape (n_students, 3)
    y : ndarray of shape (n_students,)
    weights : sequence of 3 floats
    bias : float
    """
    X = v.as_matrix(X, "X")
    if X.shape[1] != 3:
        raise ValueError(f"X should have one column per subject (english, maths, science), but it has shape {X.shape}.")
    y = v.as_array(y, "y", shape=(X.shape[0],))
    w, b = _params(weights, bias)
    return _round(X, y, w, b)


def spreadsheet_table(weights=SPREADSHEET_START_WEIGHTS, bias: float = SPREADSHEET_START_BIAS, scores=None):
    """One round as a table to read, with an ``average`` row at the bottom.

    Returns
    -------
    pandas.DataFrame indexed by student, columns: the three scores, return,
    predicted, error, squared error, change w1 (english), change w2 (maths),
    change w3 (science), change b. The ``average`` row's squared error is the
    MSE; its changes are the averaged update.
    """
    import pandas as pd

    w, b = _params(weights, bias)
    X, y, names = student_arrays(scores)
    r = _round(X, y, w, b)
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


def train_spreadsheet(
    num_rounds: int,
    learning_rate: float = 1.0,
    *,
    weights=SPREADSHEET_START_WEIGHTS,
    bias: float = SPREADSHEET_START_BIAS,
    scores=None,
) -> History:
    """Repeat the spreadsheet round: add ``learning_rate`` times the averaged change.

    ``learning_rate=1`` is the Excel lesson's rule as written ("add the
    averaged change").

    Returns
    -------
    History
        One record per round 0..num_rounds: ``round``, the weights ``w1``,
        ``w2``, ``w3`` and bias ``b`` used in that round, and its MSE as
        ``loss``. ``history.info["learning_rate"]`` keeps the rate.
    """
    num_rounds = v.as_int(num_rounds, "num_rounds", low=0)
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0, low_open=True)
    w, b = _params(weights, bias)
    X, y, _ = student_arrays(scores)
    return _train_spreadsheet(X, y, num_rounds, learning_rate, w, b)


def _train_spreadsheet(X: np.ndarray, y: np.ndarray, num_rounds: int, learning_rate: float,
                       w: np.ndarray, b: float) -> History:
    rows = []
    for number in range(num_rounds + 1):
        r = _round(X, y, w, b)
        rows.append((number, *w, b, r.mse))
        with np.errstate(over="ignore", invalid="ignore"):
            w = w + learning_rate * r.mean_weight_change
            b = b + learning_rate * r.mean_bias_change
    history = History(**dict(zip(("round", "w1", "w2", "w3", "b", "loss"), np.array(rows).T, strict=True)))
    history.info["learning_rate"] = learning_rate
    return history


def _check_spreadsheetHistory(history) -> History:
    v.instance(history, "history", History, "a History from cu.optim.train_spreadsheet(...)")
    missing = [k for k in ("w1", "w2", "w3", "b", "loss") if k not in history]
    if missing or len(history) == 0:
        raise ValueError(f"history should come from cu.optim.train_spreadsheet(...); it lacks {missing or 'records'}.")
    return history


def spreadsheet_params(history: History, round_index: int = -1) -> tuple[np.ndarray, float]:
    """The weights (shape (3,)) and the bias of one round of :func:`train_spreadsheet` (default: the last)."""
    history = _check_spreadsheetHistory(history)
    n = len(history)
    round_index = v.as_int(round_index, "round_index", low=-n, high=n - 1)
    w = np.array([history[k][round_index] for k in ("w1", "w2", "w3")])
    return w, float(history["b"][round_index])


def history_table(history: History):
    """The rounds of :func:`train_spreadsheet` as a table: w1, w2, w3, b and the MSE of each round."""
    import pandas as pd

    history = _check_spreadsheetHistory(history)
    rounds = history["round"].astype(int) if "round" in history else np.arange(len(history))
    return pd.DataFrame(
        {"w1 (english)": history["w1"], "w2 (maths)": history["w2"], "w3 (science)": history["w3"],
         "b": history["b"], "MSE": history["loss"]},
        index=pd.Index(rounds, name="round"),
    )


def spreadsheet_max_learning_rate(scores=None) -> float:
    """Largest learning rate for which the spreadsheet rule does not blow up.

    The MSE is a bowl whose steepest curvature is ``2 * lambda_max``, with
    ``lambda_max`` the largest eigenvalue of ``A.T @ A / n`` (A: the scores
    with a column of ones). The rule takes steps of ``learning_rate / 2``
    against the gradient, so it converges only when ``learning_rate < 2 / lambda_max``.
    """
    X, _, _ = student_arrays(scores)
    A = np.c_[X, np.ones(len(X))]
    return float(2.0 / np.linalg.eigvalsh(A.T @ A / len(X)).max())


def predict_return(new_scores, weights, bias) -> float:
    """Predict a new student's return from a dict or a sequence (english, maths, science)."""
    w, b = _params(weights, bias)
    if isinstance(new_scores, dict):
        missing = [k for k in SPREADSHEET_FEATURES if k not in new_scores]
        if missing:
            raise ValueError(f"the new student needs the scores english, maths and science; {missing} is missing.")
        new_scores = [new_scores[k] for k in SPREADSHEET_FEATURES]
    x = v.as_array(new_scores, "new_scores", shape=(3,))
    return float(x @ w + b)


# --------------------------------------------------------------------------- batch sizes


def make_regression_data(n_samples: int = 100, noise: float = 0.3, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points around the line y = 2x + 1 with x in [-1, 1].

    Returns x of shape (n_samples,) and y of shape (n_samples,).
    """
    n_samples = v.as_int(n_samples, "n_samples", low=2)
    noise = v.as_number(noise, "noise", low=0)
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    x = rng.uniform(-1, 1, n_samples)
    return x, 2 * x + 1 + rng.normal(0, noise, n_samples)


def _line_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = v.as_array(x, "x", ndim=1)
    y = v.as_array(y, "y", ndim=1)
    v.same_length("x", x, "y", y)
    return x, y


def _grid_mse(x: np.ndarray, y: np.ndarray, w, b) -> np.ndarray:
    # cu.losses.mse for a whole grid of lines at once: one mean over the points per (w, b)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.mean((np.asarray(w)[..., None] * x + np.asarray(b)[..., None] - y) ** 2, axis=-1)


def regression_loss(x, y, w, b):
    """MSE of the line ``w x + b`` on the points; ``w`` and ``b`` may be arrays (of one shape) for a grid.

    Returns a float, or an array of the shape of ``w``.
    """
    x, y = _line_data(x, y)
    w, b = v.as_array(w, "w"), v.as_array(b, "b")
    if w.shape != b.shape:
        raise ValueError(f"w has shape {w.shape} but b has shape {b.shape}; give one (w, b) pair per line.")
    return _number_or_array(_grid_mse(x, y, w, b))


def _line_grad(x: np.ndarray, y: np.ndarray, params: np.ndarray) -> np.ndarray:
    g = mse_grad(y, params[0] * x + params[1])  # d MSE / d y_hat, one entry per point
    return np.array([g @ x, g.sum()])  # the chain rule: y_hat = w x + b


def regression_grad(x, y, params) -> np.ndarray:
    """Gradient (dMSE/dw, dMSE/db) of the line's MSE on the points given; ``params = (w, b)``; shape (2,)."""
    x, y = _line_data(x, y)
    return _line_grad(x, y, v.as_array(params, "params", shape=(2,)))


def train_regression(
    x, y, *, batch_size: int, learning_rate: float, num_epochs: int, start=(-1.0, -1.0), seed: int = 0
) -> History:
    """Gradient descent on the line's MSE, ``batch_size`` points per update.

    ``batch_size = len(x)`` is full-batch gradient descent; smaller batches,
    drawn at random (the points are shuffled each epoch), are stochastic
    gradient descent (SGD), with a batch size of 1 its strict case.

    Returns
    -------
    History
        One record at the start and one after each update: ``epochs_done``
        (updates / updates per epoch), ``w``, ``b`` and ``loss``, the MSE on
        all points.
    """
    x, y = _line_data(x, y)
    n = len(x)
    batch_size = v.as_int(batch_size, "batch_size", low=1, high=n)
    num_epochs = v.as_int(num_epochs, "num_epochs", low=0)
    params = v.as_array(start, "start", shape=(2,))
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    optimizer = SGD(learning_rate)
    updates_per_epoch = -(-n // batch_size)
    path = [params]
    for _ in range(num_epochs):
        order = rng.permutation(n)
        for first in range(0, n, batch_size):
            batch = order[first : first + batch_size]
            params = optimizer.step(params, _line_grad(x[batch], y[batch], params))
            path.append(params)
    path = np.array(path)
    return History(epochs_done=np.arange(len(path)) / updates_per_epoch, w=path[:, 0], b=path[:, 1],
                    loss=_grid_mse(x, y, path[:, 0], path[:, 1]))


# --------------------------------------------------------------------------- demo: the spreadsheet

_MAX_ROUNDS = 40
_MSE_LIMITS = (1e-4, 10.0)
_SHEET_RATES = np.round(np.arange(0.05, 1.2001, 0.05), 2)


def _draw_training(ax_mse, ax_fit, y: np.ndarray, names: list[str]) -> dict:
    rounds = np.arange(_MAX_ROUNDS + 1)
    ax_mse.plot(list(SPREADSHEET_REPORTED_MSE), list(SPREADSHEET_REPORTED_MSE.values()), "k*", ms=11,
                label="the Excel lesson's MSE")
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
    return {"line": line, "dots": dots, "y": y}


def _update_training(art: dict, history: History, num_rounds: int, X: np.ndarray) -> str:
    losses = history["loss"]
    shown = np.full(_MAX_ROUNDS + 1, np.nan)
    shown[: num_rounds + 1] = np.clip(losses[: num_rounds + 1], _MSE_LIMITS[0], 1e6)
    art["line"].set_ydata(shown)
    w, b = spreadsheet_params(history, num_rounds)
    art["dots"].set_offsets(np.c_[art["y"], X @ w + b])
    return (f"learning rate {history.info['learning_rate']:.2f}: MSE {losses[0]:.4f} -> "
            f"{losses[num_rounds]:.4f} after {num_rounds} rounds")


def plot_spreadsheet_training(num_rounds: int = 5, learning_rate: float = 0.5, *, ax=None) -> Figure:
    """The MSE round by round (log scale) with the Excel lesson's two figures; return the Figure."""
    num_rounds = v.as_int(num_rounds, "num_rounds", low=0, high=_MAX_ROUNDS)
    history = train_spreadsheet(num_rounds, learning_rate)
    X, y, names = student_arrays()
    ax = axes_or_new(ax, figsize=(6, 4))
    art = _draw_training(ax, scratch_axes(), y, names)
    ax.set_title(_update_training(art, history, num_rounds, X), fontsize=10)
    return ax.figure


def demo_spreadsheet_training() -> SliderDemo:
    """Sliders for the number of rounds and the learning rate; MSE and predictions redraw.

    Every learning rate on the slider is trained once, up front, so moving a
    slider only redraws.
    """
    X, y, names = student_arrays()
    start = np.asarray(SPREADSHEET_START_WEIGHTS), SPREADSHEET_START_BIAS
    histories = {float(r): _train_spreadsheet(X, y, _MAX_ROUNDS, float(r), *start) for r in _SHEET_RATES}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_training(*live.axes, y, names)
    live.axes[0].set_title("MSE round by round", fontsize=10)
    live.axes[1].set_title("predicted against true return", fontsize=10)
    live.figure.tight_layout()
    live.animate(art["line"], art["dots"])
    readout = Readout(lines=2)

    def update(num_rounds: int, learning_rate: float) -> None:
        history = histories[round(float(learning_rate), 2)]
        text = _update_training(art, history, num_rounds, X)
        w, b = spreadsheet_params(history, num_rounds)
        new = predict_return(NEW_STUDENT, w, b)
        readout.show(
            f"{text}.<br>Round {num_rounds}: w1 = {w[0]:.3f}, w2 = {w[1]:.3f}, w3 = {w[2]:.3f}, b = {b:.3f}, "
            f"MSE = {history['loss'][num_rounds]:.5f}. New student {NEW_STUDENT}: predicted return "
            f"<b>{new:.3f}</b>"
        )

    controls = {
        "num_rounds": slider("rounds", 0, _MAX_ROUNDS, 1, 5),
        "learning_rate": slider("learning rate", 0.05, 1.2, 0.05, 0.5),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="The spreadsheet, round by round")


# --------------------------------------------------------------------------- demo: 1-D and 2-D descent

_GD1_START = 1.2
_GD1_RATES = np.round(np.arange(0.005, 0.1601, 0.005), 3)
_GD_MAX_STEPS = 30


def _draw_gd_1d(ax) -> dict:
    xs = np.linspace(-2.6, 1.4, 300)
    ax.plot(xs, bowl_1d(xs), color="0.4", label="f(x) = 7x² + 12x + 2")
    ax.plot([-6 / 7], [bowl_1d(-6 / 7)], "k*", ms=10, label="minimum")
    (path,) = ax.plot([], [], "o-", color="tab:red", ms=4, lw=1, label="gradient descent")
    ax.set(xlim=(-2.6, 1.4), ylim=(-4, 40), xlabel="x", ylabel="f(x)")
    ax.legend(loc="upper right")
    return {"path": path}


def _update_gd_1d(art: dict, xs: np.ndarray, learning_rate: float, num_steps: int) -> str:
    xs = xs[: num_steps + 1]
    art["path"].set_data(xs, 7 * xs**2 + 12 * xs + 2)
    factor = 1 - 14 * learning_rate
    verdict = "converges" if abs(factor) < 1 else "diverges"
    return (f"learning rate {learning_rate:.3f}: each step multiplies the distance to the minimum by "
            f"{factor:+.2f} ({verdict}; limit 2/14 = 0.143); x = {xs[-1]:.4g} after {num_steps} steps")


def plot_gd_1d(learning_rate: float = 0.05, num_steps: int = 10, *, ax=None) -> Figure:
    """Gradient descent on 7x^2 + 12x + 2 from x = 1.2; return the Figure."""
    history = gradient_descent(bowl_1d_grad, _GD1_START, learning_rate, num_steps)
    ax = axes_or_new(ax, figsize=(6, 4))
    art = _draw_gd_1d(ax)
    ax.set_title(_update_gd_1d(art, history["x"], float(learning_rate), int(num_steps)), fontsize=9)
    return ax.figure


def demo_gd_1d() -> SliderDemo:
    """Sliders for the learning rate and the number of steps on the 1-D bowl."""
    paths = {float(r): gradient_descent(bowl_1d_grad, _GD1_START, float(r), _GD_MAX_STEPS)["x"] for r in _GD1_RATES}
    live = LiveFigure(figsize=(7, 4))
    art = _draw_gd_1d(live.axes)
    live.figure.tight_layout()
    live.animate(art["path"])
    return _descent_demo(live, lambda path, lr, n: _update_gd_1d(art, path, lr, n), paths, lowest=0.005,
                         num_steps=10, lines=1, title="Gradient descent in one dimension")


def _descent_demo(live: LiveFigure, describe: Callable, paths: dict, *, lowest: float, num_steps: int,
                  lines: int, title: str) -> SliderDemo:
    """Sliders for the learning rate (0.005 apart) and the steps over precomputed ``paths``."""
    readout = Readout(lines=lines)

    def update(learning_rate: float, num_steps: int) -> None:
        lr = round(float(learning_rate), 3)
        readout.show(describe(paths[lr], lr, num_steps))

    controls = {
        "learning_rate": slider("learning rate", lowest, 0.16, 0.005, 0.05, readout_format=".3f"),
        "num_steps": slider("steps", 0, _GD_MAX_STEPS, 1, num_steps),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title=title)


_GD2_START = (0.9, 2.5)
_GD2_RATES = np.round(np.arange(0.01, 0.1601, 0.005), 3)


def _draw_contours(ax, f: Callable, xlim, ylim, levels) -> None:
    gx, gy = np.meshgrid(np.linspace(*xlim, 160), np.linspace(*ylim, 120))
    ax.contour(gx, gy, f(np.stack([gx, gy], axis=-1)), levels=levels, cmap="viridis", linewidths=0.8)
    ax.set(xlim=xlim, ylim=ylim)


def _draw_gd_2d(ax) -> dict:
    _draw_contours(ax, bowl_2d, (-1.4, 1.2), (-2.2, 3.0), np.geomspace(0.05, 25, 12) - 1.15)
    ax.plot([-1 / 7], [-1], "k*", ms=10)
    (path,) = ax.plot([], [], "o-", color="tab:red", ms=3, lw=1)
    ax.set(xlabel="x", ylabel="y")
    return {"path": path}


def _update_gd_2d(art: dict, path: np.ndarray, learning_rate: float, num_steps: int) -> str:
    p = path[: num_steps + 1]
    art["path"].set_data(p[:, 0], p[:, 1])
    loss = 7 * p[-1, 0] ** 2 + p[-1, 1] ** 2 + 2 * p[-1, 0] + 2 * p[-1, 1]
    return (f"learning rate {learning_rate:.3f}: f = {loss:.4g} after {num_steps} steps; each step multiplies "
            f"the distance to the minimum by {1 - 14 * learning_rate:+.2f} along x and "
            f"{1 - 2 * learning_rate:+.2f} along y (limit 2/14 = 0.143)")


def plot_gd_2d(learning_rate: float = 0.05, num_steps: int = 20, *, ax=None) -> Figure:
    """Gradient descent on 7x^2 + y^2 + 2x + 2y over its contour lines; return the Figure."""
    history = gradient_descent(bowl_2d_grad, _GD2_START, learning_rate, num_steps)
    ax = axes_or_new(ax, figsize=(6, 4.5))
    art = _draw_gd_2d(ax)
    ax.set_title(_update_gd_2d(art, _path(history), float(learning_rate), int(num_steps)), fontsize=8)
    return ax.figure


def demo_gd_2d() -> SliderDemo:
    """Sliders for the learning rate and the number of steps on the 2-D bowl."""
    paths = {float(r): _path(gradient_descent(bowl_2d_grad, _GD2_START, float(r), _GD_MAX_STEPS)) for r in _GD2_RATES}
    live = LiveFigure(figsize=(6.5, 4.5))
    art = _draw_gd_2d(live.axes)
    live.figure.tight_layout()
    live.animate(art["path"])
    return _descent_demo(live, lambda path, lr, n: _update_gd_2d(art, path, lr, n), paths, lowest=0.01,
                         num_steps=20, lines=2, title="Gradient descent on a surface")


# --------------------------------------------------------------------------- demo: batch sizes

_BATCH_RUNS = {"full batch (100 points)": 100, "SGD, mini-batches of 10": 10, "SGD, batch size 1": 1}
_BATCH_COLOURS = ("tab:blue", "tab:green", "tab:red")
_BATCH_RATES = np.round(np.arange(0.02, 0.3001, 0.02), 2)
_BATCH_EPOCHS = 10


def _batch_runs(learning_rate: float, x, y) -> dict[str, np.ndarray]:
    """For each batch size: an array of shape (n_updates + 1, 4) of epochs done, w, b, loss."""
    runs = {}
    for label, batch_size in _BATCH_RUNS.items():
        h = train_regression(x, y, batch_size=batch_size, learning_rate=learning_rate, num_epochs=_BATCH_EPOCHS)
        runs[label] = np.column_stack([h["epochs_done"], h["w"], h["b"], h["loss"]])
    return runs


def _draw_batch(ax_loss, ax_path, x, y) -> dict:
    ws, bs = np.meshgrid(np.linspace(-1.5, 3.5, 120), np.linspace(-1.5, 2.5, 100))
    ax_path.contour(ws, bs, _grid_mse(x, y, ws, bs), levels=np.geomspace(0.1, 12, 10),
                    cmap="viridis", linewidths=0.8)
    ax_path.set(xlim=(-1.5, 3.5), ylim=(-1.5, 2.5), xlabel="weight w", ylabel="bias b")
    ax_loss.set(xlim=(0, _BATCH_EPOCHS), ylim=(0.05, 10), yscale="log", xlabel="epoch",
                ylabel="MSE on all points (log)")
    art: dict = {"curves": [], "paths": []}
    for label, colour in zip(_BATCH_RUNS, _BATCH_COLOURS, strict=True):
        art["curves"].append(ax_loss.plot([], [], color=colour, lw=1.2, label=label)[0])
        art["paths"].append(ax_path.plot([], [], color=colour, lw=1, marker=".", ms=3)[0])
    ax_loss.legend(loc="upper right", fontsize=8)
    return art


def _update_batch(art: dict, runs: dict, learning_rate: float, num_epochs: int) -> str:
    parts = []
    for curve, line, (label, run) in zip(art["curves"], art["paths"], runs.items(), strict=True):
        keep = run[:, 0] <= num_epochs + 1e-9
        curve.set_data(run[keep, 0], run[keep, 3])
        line.set_data(run[keep, 1], run[keep, 2])
        parts.append(f"{label} {run[keep, 3][-1]:.3f}")
    return f"learning rate {learning_rate:.2f}, {num_epochs} epochs, final MSE: " + ", ".join(parts)


def plot_batch_sizes(learning_rate: float = 0.1, num_epochs: int = 5, *, ax=None) -> Figure:
    """Loss per epoch of full-batch gradient descent and SGD with two batch sizes; return the Figure."""
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0, low_open=True)
    num_epochs = v.as_int(num_epochs, "num_epochs", low=1, high=_BATCH_EPOCHS)
    x, y = make_regression_data()
    ax = axes_or_new(ax, figsize=(6, 4))
    art = _draw_batch(ax, scratch_axes(), x, y)
    ax.set_title(_update_batch(art, _batch_runs(learning_rate, x, y), learning_rate, num_epochs), fontsize=8)
    return ax.figure


def demo_batch_sizes() -> SliderDemo:
    """Sliders for the learning rate and the epochs shown; three batch sizes side by side."""
    x, y = make_regression_data()
    runs = {float(r): _batch_runs(float(r), x, y) for r in _BATCH_RATES}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_batch(*live.axes, x, y)
    live.axes[0].set_title("MSE on all points", fontsize=10)
    live.axes[1].set_title("paths of (w, b)", fontsize=10)
    live.figure.tight_layout()
    live.animate(*art["curves"], *art["paths"])
    readout = Readout(lines=2)

    def update(learning_rate: float, num_epochs: int) -> None:
        lr = round(float(learning_rate), 2)
        readout.show(_update_batch(art, runs[lr], lr, num_epochs))

    controls = {
        "learning_rate": slider("learning rate", 0.02, 0.3, 0.02, 0.1),
        "num_epochs": slider("epochs", 1, _BATCH_EPOCHS, 1, 5),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Full batch and two batch sizes of SGD")


# --------------------------------------------------------------------------- demo: optimizers

_VALLEY_START = (-9.0, 1.5)
_OPT_STEPS = 150
_OPT_SCALES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
_OPT_COLOURS = {"SGD": "tab:blue", "momentum": "tab:green", "RMSprop": "tab:purple", "Adam": "tab:red"}


def _optimizer_paths(scale: float) -> dict[str, np.ndarray]:
    """For each optimizer: an array of shape (steps + 1, 3) of x, y and the loss."""
    paths = {}
    for name, lr in VALLEY_LEARNING_RATES.items():
        h = run_optimizer(make_optimizer(name, lr * scale), valley_grad, _VALLEY_START, _OPT_STEPS, loss_fn=valley)
        paths[name] = np.column_stack([h["x"], h["y"], h["loss"]])
    return paths


def _draw_optimizers(ax_path, ax_loss) -> dict:
    _draw_contours(ax_path, valley, (-10, 3), (-2, 2), np.geomspace(0.02, 20, 10))
    ax_path.plot([0], [0], "k*", ms=10)
    ax_path.set(xlabel="x", ylabel="y")
    ax_loss.set(xlim=(0, _OPT_STEPS), ylim=(1e-8, 1e3), yscale="log", xlabel="step", ylabel="loss (log)")
    art: dict = {"paths": [], "curves": []}
    for name, colour in _OPT_COLOURS.items():
        art["paths"].append(ax_path.plot([], [], color=colour, lw=1.2, marker=".", ms=2, label=name)[0])
        art["curves"].append(ax_loss.plot([], [], color=colour, lw=1.2, label=name)[0])
    ax_loss.legend(loc="lower left", fontsize=8)
    return art


def _update_optimizers(art: dict, paths: dict[str, np.ndarray], scale: float, num_steps: int) -> str:
    steps = np.arange(num_steps + 1)
    parts = []
    for line, curve, (name, path) in zip(art["paths"], art["curves"], paths.items(), strict=True):
        p = np.clip(path[: num_steps + 1], -1e4, 1e4)  # a diverging path: huge coordinates slow the drawing down
        line.set_data(p[:, 0], p[:, 1])
        curve.set_data(steps, path[: num_steps + 1, 2])
        parts.append(f"{name} {path[num_steps, 2]:.2g}")
    return f"learning rates x{scale:g} of the defaults, step {num_steps}; loss: " + ", ".join(parts)


def plot_optimizers(num_steps: int = 60, scale: float = 1.0, *, ax=None) -> Figure:
    """The four optimizers' paths down the narrow valley; return the Figure."""
    num_steps = v.as_int(num_steps, "num_steps", low=0, high=_OPT_STEPS)
    scale = v.as_number(scale, "scale", low=0, low_open=True)
    ax = axes_or_new(ax, figsize=(6.5, 4))
    art = _draw_optimizers(ax, scratch_axes())
    ax.set_title(_update_optimizers(art, _optimizer_paths(scale), scale, num_steps), fontsize=8)
    ax.legend(loc="upper right", fontsize=8)
    return ax.figure


def demo_optimizers() -> SliderDemo:
    """SGD, momentum, RMSprop and Adam side by side; sliders for steps and a learning-rate scale."""
    paths = {s: _optimizer_paths(s) for s in _OPT_SCALES}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_optimizers(*live.axes)
    live.axes[0].set_title("paths down the valley", fontsize=10)
    live.axes[1].set_title("loss per step", fontsize=10)
    live.figure.tight_layout()
    live.animate(*art["paths"], *art["curves"])
    readout = Readout()

    def update(num_steps: int, scale: float) -> None:
        readout.show(_update_optimizers(art, paths[round(float(scale), 2)], round(float(scale), 2), num_steps))

    controls = {
        "num_steps": slider("steps", 0, _OPT_STEPS, 1, 60),
        "scale": slider("learning rates x", 0.25, 2.0, 0.25, 1.0),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Four optimizers in a narrow valley")


# --------------------------------------------------------------------------- exercises


@exercise("03-3", hints=(
    "Follow the spreadsheet's columns in order: prediction, error, weight change, then the average row.",
    "The error is return minus prediction, one number per student (shape (5,)); each student's weight "
    "change is their error times their three scores (shape (5, 3)).",
    "error[:, None] * X multiplies each row of X by that student's error; np.mean(..., axis=0) averages "
    "each column over the five students.",
))
def _check_03_3(answer) -> CheckResult:
    X, y, _ = student_arrays()
    expected = _round(X, y, np.asarray(SPREADSHEET_START_WEIGHTS), SPREADSHEET_START_BIAS).mean_weight_change
    return check_array(
        answer, expected, name="the averaged weight change", rtol=1e-4, atol=1e-7,
        hint="check the sign of the error (return minus prediction) and that you averaged over the students.",
    )


@exercise("03-4", hints=(
    "Each step multiplies the distance to the minimum by the same factor; the steps converge while that "
    "factor stays between -1 and 1.",
    "For f(x) = 2x², f'(x) = 4x, so one step turns x into x - η·4x = (1 - 4η)·x.",
    "Find the η at which 1 - 4η reaches -1. Section 3 wrote the same limit as 2 divided by the curvature f''.",
))
def _check_03_4(answer) -> CheckResult:
    return check_number(
        answer, max_stable_learning_rate(4.0), name="the largest stable learning rate", rtol=1e-3,
        hint="the curvature of 2x² is not the same as that of section 3's bowl.",
    )


def _momentum_reference(w, velocity, grad, learning_rate, beta):
    velocity = beta * velocity + grad
    return np.array([w - learning_rate * velocity, velocity])


_MOMENTUM_CASES = [
    ((1.0, 0.0, 2.0, 0.1, 0.9), _momentum_reference(1.0, 0.0, 2.0, 0.1, 0.9)),
    ((0.8, 2.0, 1.6, 0.1, 0.9), _momentum_reference(0.8, 2.0, 1.6, 0.1, 0.9)),
    ((-3.0, -1.0, 0.5, 0.01, 0.5), _momentum_reference(-3.0, -1.0, 0.5, 0.01, 0.5)),
]


@exercise("03-5", hints=(
    "Momentum keeps a velocity: first update the velocity, then move w with the new velocity.",
    "The new velocity mixes the old one (times beta) with the new gradient, as in the table of section 5.",
    "w then moves against the new velocity, scaled by the learning rate, the way plain SGD moves against "
    "the gradient. Return both, in the order (new w, new velocity).",
))
def _check_03_5(answer) -> CheckResult:
    result = check_function(
        answer, _MOMENTUM_CASES, name="momentum_step",
        hint="compare your order of operations with the table in section 5.",
    )
    if not result:
        return result
    # the real thing: 100 of the student's steps down the valley, with arrays, against cu.optim.Momentum
    reference = _path(run_optimizer(Momentum(0.03), valley_grad, _VALLEY_START, 100))
    w, velocity = np.array(_VALLEY_START), np.zeros(2)
    try:
        for _ in range(100):
            w, velocity = answer(w, velocity, valley_grad(w), 0.03, 0.9)
        w = np.asarray(w, dtype=float)
    except Exception as exc:  # noqa: BLE001 - student code: a sentence, not a traceback
        return CheckResult(False, f"Not yet. momentum_step works on numbers, but on arrays (a point [x, y]) it "
                           f"raised {type(exc).__name__}: {exc}.")
    if w.shape != (2,) or not np.allclose(w, reference[-1], rtol=1e-9, atol=1e-12):
        return CheckResult(False, "Not yet. momentum_step works on single numbers, but 100 steps with arrays "
                           "(a point [x, y]) end somewhere else than cu.optim.Momentum does.")
    return CheckResult(True, "Correct! momentum_step gives the right result on every test case, and 100 of "
                       "your steps down the valley end where cu.optim.Momentum(0.03) does.")
