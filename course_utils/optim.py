"""Notebook 03: gradient descent and four optimizers, written with NumPy.

* Loss surfaces with known gradients: the source's 1-D bowl
  ``7x^2 + 12x + 2``, its 2-D bowl ``7x^2 + y^2 + 2x + 2y``, and a long narrow
  valley for comparing optimizers.
* :class:`SGD` (with optional momentum), :class:`Momentum`, :class:`RMSprop`
  and :class:`Adam`, each following the update rule of ``torch.optim`` with
  the same default settings (tests compare them step by step).
* Full-batch, mini-batch and stochastic gradient descent on one linear
  regression.
* Four slider demos; every trajectory is computed when the demo is built, so
  moving a slider only redraws.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_function, check_number, exercise
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "bowl_1d", "bowl_1d_grad", "bowl_2d", "bowl_2d_grad", "valley", "valley_grad",
    "numerical_gradient", "max_stable_learning_rate", "gradient_descent",
    "Optimizer", "SGD", "Momentum", "RMSprop", "Adam", "make_optimizer", "run_optimizer",
    "OPTIMIZER_DEFAULTS",
    "make_regression_data", "regression_loss", "regression_grad", "train_regression",
    "plot_gd_1d", "demo_gd_1d", "plot_gd_2d", "demo_gd_2d",
    "plot_batch_sizes", "demo_batch_sizes", "plot_optimizers", "demo_optimizers",
]

# --------------------------------------------------------------------------- loss surfaces


def _as_points(xy, name: str) -> np.ndarray:
    try:
        p = np.asarray(xy, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} needs numbers: one point [x, y] or an array of points of shape (..., 2).") from None
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"{name} needs points with two coordinates [x, y]; got shape {p.shape}.")
    return p


def bowl_1d(x):
    """The source's one-variable example f(x) = 7x^2 + 12x + 2 (x: float or array)."""
    x = np.asarray(x, dtype=float)
    return 7 * x**2 + 12 * x + 2


def bowl_1d_grad(x):
    """f'(x) = 14x + 12; the minimum is at x = -6/7 and the curvature f'' is 14."""
    return 14 * np.asarray(x, dtype=float) + 12


def bowl_2d(xy):
    """The source's two-variable example f(x, y) = 7x^2 + y^2 + 2x + 2y.

    xy : array of shape (..., 2). Returns shape (...). Minimum at (-1/7, -1).
    """
    p = _as_points(xy, "bowl_2d")
    x, y = p[..., 0], p[..., 1]
    return 7 * x**2 + y**2 + 2 * x + 2 * y


def bowl_2d_grad(xy) -> np.ndarray:
    """Gradient (14x + 2, 2y + 2), shape (..., 2)."""
    p = _as_points(xy, "bowl_2d_grad")
    return np.stack([14 * p[..., 0] + 2, 2 * p[..., 1] + 2], axis=-1)


_VALLEY_A, _VALLEY_B = 0.1, 10.0  # curvatures along x (gentle) and y (steep)


def valley(xy):
    """A long narrow valley f(x, y) = (0.1 x^2 + 10 y^2) / 2, minimum 0 at (0, 0).

    Along y it is 100 times more curved than along x: a step small enough not
    to bounce between the steep walls crawls along the flat floor.
    xy : array of shape (..., 2). Returns shape (...).
    """
    p = _as_points(xy, "valley")
    return 0.5 * (_VALLEY_A * p[..., 0] ** 2 + _VALLEY_B * p[..., 1] ** 2)


def valley_grad(xy) -> np.ndarray:
    """Gradient (0.1 x, 10 y), shape (..., 2)."""
    p = _as_points(xy, "valley_grad")
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
    """Gradient descent on a bowl of curvature c (f'' = c) converges iff lr < 2 / c."""
    if isinstance(curvature, bool) or not isinstance(curvature, (int, float, np.floating)) or curvature <= 0:
        raise ValueError(f"curvature must be a positive number (the second derivative), not {curvature!r}.")
    return 2.0 / float(curvature)


def gradient_descent(grad_fn: Callable, start, learning_rate: float, num_steps: int) -> np.ndarray:
    """Plain gradient descent ``x <- x - learning_rate * grad(x)``.

    Returns the path, shape (num_steps + 1,) + shape of ``start``.
    """
    return run_optimizer(SGD(learning_rate), grad_fn, start, num_steps)


# --------------------------------------------------------------------------- optimizers


def _positive(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not value > 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}.")
    return float(value)


def _fraction(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number from 0 up to (not including) 1, not {value!r}.")
    return float(value)


class Optimizer:
    """Base class: ``step(params, grad)`` returns the new parameters.

    Parameters are not changed in place; the optimizer keeps its own state
    (velocity, averages, step count), cleared by :meth:`reset`.
    """

    name = "optimizer"

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = _positive(learning_rate, "learning_rate")
        self.reset()

    def reset(self) -> None:
        self.t = 0

    def step(self, params, grad) -> np.ndarray:
        p = np.asarray(params, dtype=float)
        g = np.asarray(grad, dtype=float)
        if p.shape != g.shape:
            raise ValueError(f"params have shape {p.shape} but the gradient has shape {g.shape}; they must match.")
        self.t += 1
        return p - self._delta(g)

    def _delta(self, g: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    """Gradient descent, optionally with momentum (as ``torch.optim.SGD``).

    ``v <- momentum * v + g`` then ``params <- params - learning_rate * v``.
    With ``momentum=0`` this is the plain rule ``params - learning_rate * g``.
    """

    name = "SGD"

    def __init__(self, learning_rate: float, momentum: float = 0.0) -> None:
        self.momentum = _fraction(momentum, "momentum")
        super().__init__(learning_rate)

    def reset(self) -> None:
        super().reset()
        self.velocity = None

    def _delta(self, g: np.ndarray) -> np.ndarray:
        if self.momentum == 0.0:
            return self.learning_rate * g
        self.velocity = g.copy() if self.velocity is None else self.momentum * self.velocity + g
        return self.learning_rate * self.velocity


class Momentum(SGD):
    """SGD with momentum 0.9 by default: a heavy ball that keeps rolling."""

    name = "momentum"

    def __init__(self, learning_rate: float, momentum: float = 0.9) -> None:
        super().__init__(learning_rate, momentum)


class RMSprop(Optimizer):
    """Divide each step by a running root mean square of the gradient (as ``torch.optim.RMSprop``).

    ``s <- alpha * s + (1 - alpha) * g^2`` then ``params -= learning_rate * g / (sqrt(s) + eps)``.
    """

    name = "RMSprop"

    def __init__(self, learning_rate: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.alpha = _fraction(alpha, "alpha")
        self.eps = _positive(eps, "eps")
        super().__init__(learning_rate)

    def reset(self) -> None:
        super().reset()
        self.square_avg = None

    def _delta(self, g: np.ndarray) -> np.ndarray:
        if self.square_avg is None:
            self.square_avg = np.zeros_like(g)
        self.square_avg = self.alpha * self.square_avg + (1 - self.alpha) * g**2
        return self.learning_rate * g / (np.sqrt(self.square_avg) + self.eps)


class Adam(Optimizer):
    """Momentum plus RMSprop, with bias correction (as ``torch.optim.Adam``).

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``params -= learning_rate * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``.
    """

    name = "Adam"

    def __init__(self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.beta1 = _fraction(beta1, "beta1")
        self.beta2 = _fraction(beta2, "beta2")
        self.eps = _positive(eps, "eps")
        super().__init__(learning_rate)

    def reset(self) -> None:
        super().reset()
        self.m = None
        self.v = None

    def _delta(self, g: np.ndarray) -> np.ndarray:
        if self.m is None:
            self.m, self.v = np.zeros_like(g), np.zeros_like(g)
        self.m = self.beta1 * self.m + (1 - self.beta1) * g
        self.v = self.beta2 * self.v + (1 - self.beta2) * g**2
        m_hat = self.m / (1 - self.beta1**self.t)
        v_hat = self.v / (1 - self.beta2**self.t)
        return self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


_OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}
#: Learning rates that suit the narrow valley (the demo's "x1" setting).
OPTIMIZER_DEFAULTS = {"SGD": 0.12, "momentum": 0.03, "RMSprop": 0.1, "Adam": 0.3}


def make_optimizer(name: str, learning_rate: float, **options) -> Optimizer:
    """An optimizer by name: ``"sgd"``, ``"momentum"``, ``"rmsprop"`` or ``"adam"``."""
    key = str(name).lower()
    if key not in _OPTIMIZERS:
        raise ValueError(f"Unknown optimizer {name!r}; choose one of {sorted(_OPTIMIZERS)}.")
    return _OPTIMIZERS[key](learning_rate, **options)


def run_optimizer(optimizer: Optimizer, grad_fn: Callable, start, num_steps: int) -> np.ndarray:
    """Take ``num_steps`` steps from ``start``; return the path of shape (num_steps + 1, ...).

    The optimizer is reset first. A path that runs off to infinity is kept
    (as inf/nan) so a demo can show the divergence.
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be one of SGD, Momentum, RMSprop, Adam; got {type(optimizer).__name__}.")
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) or num_steps < 0:
        raise ValueError(f"num_steps must be a whole number 0 or more, not {num_steps!r}.")
    optimizer.reset()
    x = np.asarray(start, dtype=float)
    path = [x]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(num_steps)):
            x = optimizer.step(x, grad_fn(x))
            path.append(x)
    return np.array(path)


# --------------------------------------------------------------------------- batch sizes


def make_regression_data(n_samples: int = 100, noise: float = 0.3, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points around the line y = 2x + 1 with x in [-1, 1].

    Returns x of shape (n_samples,) and y of shape (n_samples,).
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 2:
        raise ValueError(f"n_samples must be a whole number of at least 2, not {n_samples!r}.")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, int(n_samples))
    return x, 2 * x + 1 + rng.normal(0, noise, int(n_samples))


def regression_loss(x, y, w, b):
    """MSE of the line w x + b; w and b may be arrays (of one shape) for a grid."""
    w = np.asarray(w, dtype=float)[..., None]
    b = np.asarray(b, dtype=float)[..., None]
    return np.mean((w * np.asarray(x) + b - np.asarray(y)) ** 2, axis=-1)


def regression_grad(x, y, params) -> np.ndarray:
    """Gradient (dMSE/dw, dMSE/db) of the line's MSE on the points given; shape (2,)."""
    w, b = params
    err = w * x + b - y
    return np.array([2 * np.mean(err * x), 2 * np.mean(err)])


def train_regression(
    x, y, *, batch_size: int, learning_rate: float, num_epochs: int, start=(-1.0, -1.0), seed: int = 0
) -> dict[str, np.ndarray]:
    """Gradient descent on the line's MSE, ``batch_size`` points per update.

    ``batch_size = len(x)`` is full-batch gradient descent, 1 is stochastic
    gradient descent, anything between is mini-batch. The points are shuffled
    each epoch.

    Returns
    -------
    dict with ``path`` (n_updates + 1, 2) of (w, b), ``loss`` (n_updates + 1,)
    on all points, and ``epoch`` (n_updates + 1,) the epochs done at each point.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be a whole number from 1 to {n} (the number of points), not {batch_size!r}.")
    rng = np.random.default_rng(seed)
    opt = SGD(learning_rate)
    params = np.asarray(start, dtype=float)
    path = [params]
    for _ in range(int(num_epochs)):
        order = rng.permutation(n)
        for first in range(0, n, batch_size):
            idx = order[first : first + batch_size]
            params = opt.step(params, regression_grad(x[idx], y[idx], params))
            path.append(params)
    path = np.array(path)
    updates_per_epoch = -(-n // batch_size)
    return {
        "path": path,
        "loss": regression_loss(x, y, path[:, 0], path[:, 1]),
        "epoch": np.arange(len(path)) / updates_per_epoch,
    }


# --------------------------------------------------------------------------- demo: 1-D and 2-D descent


def _show_text(art: dict, text: str, *, ax: str = "ax", fontsize: int = 10) -> None:
    """Keep the numbers as ``art["text"]``; static plots also show them as the title.

    Drawing text is the slowest part of a frame, so demos put it into an HTML
    readout under the figure instead (``art["titles"] = False``).
    """
    art["text"] = text
    if art.get("titles", True):
        art[ax].set_title(text, fontsize=fontsize)


def _readout() -> widgets.HTML:
    return widgets.HTML(layout=widgets.Layout(min_height="24px"))


def _demo(controls: dict, update: Callable, live: LiveFigure, readout: widgets.HTML, title: str) -> SliderDemo:
    demo = SliderDemo(controls, update, figure=live, outputs=(readout,), title=title)
    demo.readout = readout
    return demo


_GD1_START = 1.2
_GD1_RATES = np.round(np.arange(0.005, 0.1601, 0.005), 3)
_GD_MAX_STEPS = 30


def _gd_1d_paths() -> dict[float, np.ndarray]:
    return {float(r): gradient_descent(bowl_1d_grad, _GD1_START, float(r), _GD_MAX_STEPS) for r in _GD1_RATES}


def _draw_gd_1d(ax) -> dict:
    xs = np.linspace(-2.6, 1.4, 300)
    ax.plot(xs, bowl_1d(xs), color="0.4", label="f(x) = 7x² + 12x + 2")
    ax.plot([-6 / 7], [bowl_1d(-6 / 7)], "k*", ms=10, label="minimum")
    (path,) = ax.plot([], [], "o-", color="tab:red", ms=4, lw=1, label="gradient descent")
    ax.set(xlim=(-2.6, 1.4), ylim=(-4, 40), xlabel="x", ylabel="f(x)")
    ax.legend(loc="upper right")
    return {"path": path, "ax": ax}


def _update_gd_1d(art: dict, path: np.ndarray, learning_rate: float, num_steps: int) -> None:
    xs = path[: num_steps + 1]
    art["path"].set_data(xs, bowl_1d(xs))
    limit = max_stable_learning_rate(14.0)
    verdict = "too small" if learning_rate < 0.03 else ("diverges" if learning_rate >= limit else "converges")
    _show_text(art, f"learning rate {learning_rate:.3f} ({verdict}; limit 2/14 = {limit:.3f}): "
                    f"x = {xs[-1]:.3g} after {num_steps} steps")


def plot_gd_1d(learning_rate: float = 0.05, num_steps: int = 10, *, ax=None) -> Figure:
    """Gradient descent on 7x^2 + 12x + 2 from x = 1.2; return the Figure."""
    path = gradient_descent(bowl_1d_grad, _GD1_START, learning_rate, num_steps)
    ax = axes_or_new(ax, figsize=(6, 4))
    art = _draw_gd_1d(ax)
    _update_gd_1d(art, path, learning_rate, num_steps)
    return ax.figure


def demo_gd_1d() -> SliderDemo:
    """Sliders for the learning rate and the number of steps on the 1-D bowl."""
    paths = _gd_1d_paths()
    live = LiveFigure(figsize=(7, 4))
    art = _draw_gd_1d(live.axes)
    art["titles"] = False
    _update_gd_1d(art, paths[0.05], 0.05, 10)
    live.figure.tight_layout()
    live.animate(art["path"])
    readout = _readout()

    def update(learning_rate: float, num_steps: int) -> None:
        lr = round(float(learning_rate), 3)
        _update_gd_1d(art, paths[lr], lr, num_steps)
        readout.value = art["text"]

    controls = {
        "learning_rate": slider("learning rate", 0.005, 0.16, 0.005, 0.05, readout_format=".3f"),
        "num_steps": slider("steps", 0, _GD_MAX_STEPS, 1, 10),
    }
    return _demo(controls, update, live, readout, "Gradient descent in one dimension")


_GD2_START = (0.9, 2.5)
_GD2_RATES = np.round(np.arange(0.01, 0.1601, 0.01), 2)


def _draw_contours(ax, f: Callable, xlim, ylim, levels) -> None:
    gx, gy = np.meshgrid(np.linspace(*xlim, 160), np.linspace(*ylim, 120))
    ax.contour(gx, gy, f(np.stack([gx, gy], axis=-1)), levels=levels, cmap="viridis", linewidths=0.8)
    ax.set(xlim=xlim, ylim=ylim)


def _draw_gd_2d(ax) -> dict:
    _draw_contours(ax, bowl_2d, (-1.4, 1.2), (-2.2, 3.0), np.geomspace(0.05, 25, 12) - 1.15)
    ax.plot([-1 / 7], [-1], "k*", ms=10)
    (path,) = ax.plot([], [], "o-", color="tab:red", ms=3, lw=1)
    ax.set(xlabel="x", ylabel="y")
    return {"path": path, "ax": ax}


def _update_gd_2d(art: dict, path: np.ndarray, learning_rate: float, num_steps: int) -> None:
    p = path[: num_steps + 1]
    art["path"].set_data(p[:, 0], p[:, 1])
    _show_text(art, f"learning rate {learning_rate:.2f}: f = {float(bowl_2d(p[-1])):.4g} after "
                    f"{num_steps} steps (limit 2/14 = 0.143)")


def plot_gd_2d(learning_rate: float = 0.05, num_steps: int = 20, *, ax=None) -> Figure:
    """Gradient descent on 7x^2 + y^2 + 2x + 2y over its contour lines; return the Figure."""
    path = gradient_descent(bowl_2d_grad, _GD2_START, learning_rate, num_steps)
    ax = axes_or_new(ax, figsize=(6, 4.5))
    art = _draw_gd_2d(ax)
    _update_gd_2d(art, path, learning_rate, num_steps)
    return ax.figure


def demo_gd_2d() -> SliderDemo:
    """Sliders for the learning rate and the number of steps on the 2-D bowl."""
    paths = {float(r): gradient_descent(bowl_2d_grad, _GD2_START, float(r), _GD_MAX_STEPS) for r in _GD2_RATES}
    live = LiveFigure(figsize=(6.5, 4.5))
    art = _draw_gd_2d(live.axes)
    art["titles"] = False
    _update_gd_2d(art, paths[0.05], 0.05, 20)
    live.figure.tight_layout()
    live.animate(art["path"])
    readout = _readout()

    def update(learning_rate: float, num_steps: int) -> None:
        lr = round(float(learning_rate), 2)
        _update_gd_2d(art, paths[lr], lr, num_steps)
        readout.value = art["text"]

    controls = {
        "learning_rate": slider("learning rate", 0.01, 0.16, 0.01, 0.05),
        "num_steps": slider("steps", 0, _GD_MAX_STEPS, 1, 20),
    }
    return _demo(controls, update, live, readout, "Gradient descent on a surface")


# --------------------------------------------------------------------------- demo: batch sizes

_BATCH_RUNS = {"full batch (100 points)": 100, "mini-batch (10 points)": 10, "stochastic (1 point)": 1}
_BATCH_COLOURS = ("tab:blue", "tab:green", "tab:red")
_BATCH_RATES = np.round(np.arange(0.02, 0.3001, 0.02), 2)
_BATCH_EPOCHS = 10


def _batch_runs(learning_rate: float, x, y) -> dict[str, dict[str, np.ndarray]]:
    return {
        label: train_regression(x, y, batch_size=bs, learning_rate=learning_rate, num_epochs=_BATCH_EPOCHS)
        for label, bs in _BATCH_RUNS.items()
    }


def _draw_batch(ax_loss, ax_path, x, y) -> dict:
    ws, bs = np.meshgrid(np.linspace(-1.5, 3.5, 120), np.linspace(-1.5, 2.5, 100))
    ax_path.contour(ws, bs, regression_loss(x, y, ws, bs), levels=np.geomspace(0.1, 12, 10),
                    cmap="viridis", linewidths=0.8)
    ax_path.set(xlim=(-1.5, 3.5), ylim=(-1.5, 2.5), xlabel="weight w", ylabel="bias b")
    ax_loss.set(xlim=(0, _BATCH_EPOCHS), ylim=(0.05, 10), yscale="log", xlabel="epoch",
                ylabel="MSE on all points (log)")
    art: dict = {"curves": [], "paths": [], "ax_loss": ax_loss}
    for label, colour in zip(_BATCH_RUNS, _BATCH_COLOURS, strict=True):
        art["curves"].append(ax_loss.plot([], [], color=colour, lw=1.2, label=label)[0])
        art["paths"].append(ax_path.plot([], [], color=colour, lw=1, marker=".", ms=3)[0])
    ax_loss.legend(loc="upper right", fontsize=8)
    return art


def _update_batch(art: dict, runs: dict, learning_rate: float, num_epochs: int) -> None:
    parts = []
    for curve, line, (label, run) in zip(art["curves"], art["paths"], runs.items(), strict=True):
        keep = run["epoch"] <= num_epochs + 1e-9
        curve.set_data(run["epoch"][keep], run["loss"][keep])
        line.set_data(run["path"][keep, 0], run["path"][keep, 1])
        parts.append(f"{label.split(' ')[0]} {run['loss'][keep][-1]:.3f}")
    _show_text(art, f"learning rate {learning_rate:.2f}, {num_epochs} epochs, final MSE: " + ", ".join(parts),
               ax="ax_loss", fontsize=9)


def plot_batch_sizes(learning_rate: float = 0.1, num_epochs: int = 5, *, ax=None) -> Figure:
    """Loss per epoch of full-batch, mini-batch and stochastic descent; return the Figure."""
    x, y = make_regression_data()
    ax = axes_or_new(ax, figsize=(6, 4))
    scratch = ax.figure.add_axes((0, 0, 0.01, 0.01))
    art = _draw_batch(ax, scratch, x, y)
    _update_batch(art, _batch_runs(learning_rate, x, y), learning_rate, num_epochs)
    scratch.remove()
    return ax.figure


def demo_batch_sizes() -> SliderDemo:
    """Sliders for the learning rate and the epochs shown; three batch sizes side by side."""
    x, y = make_regression_data()
    runs = {float(r): _batch_runs(float(r), x, y) for r in _BATCH_RATES}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_batch(*live.axes, x, y)
    art["titles"] = False
    live.axes[0].set_title("MSE on all points", fontsize=10)
    live.axes[1].set_title("paths of (w, b)", fontsize=10)
    _update_batch(art, runs[0.1], 0.1, 5)
    live.figure.tight_layout()
    live.animate(*art["curves"], *art["paths"])
    readout = _readout()

    def update(learning_rate: float, num_epochs: int) -> None:
        lr = round(float(learning_rate), 2)
        _update_batch(art, runs[lr], lr, num_epochs)
        readout.value = art["text"]

    controls = {
        "learning_rate": slider("learning rate", 0.02, 0.3, 0.02, 0.1),
        "num_epochs": slider("epochs", 1, _BATCH_EPOCHS, 1, 5),
    }
    return _demo(controls, update, live, readout, "Full batch, mini-batch, stochastic")


# --------------------------------------------------------------------------- demo: optimizers

_VALLEY_START = (-9.0, 1.5)
_OPT_STEPS = 150
_OPT_SCALES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
_OPT_COLOURS = {"SGD": "tab:blue", "momentum": "tab:green", "RMSprop": "tab:purple", "Adam": "tab:red"}


def _optimizer_paths(scale: float) -> dict[str, np.ndarray]:
    return {
        name: run_optimizer(make_optimizer(name, lr * scale), valley_grad, _VALLEY_START, _OPT_STEPS)
        for name, lr in OPTIMIZER_DEFAULTS.items()
    }


def _draw_optimizers(ax_path, ax_loss) -> dict:
    _draw_contours(ax_path, valley, (-10, 3), (-2, 2), np.geomspace(0.02, 20, 10))
    ax_path.plot([0], [0], "k*", ms=10)
    ax_path.set(xlabel="x", ylabel="y")
    ax_loss.set(xlim=(0, _OPT_STEPS), ylim=(1e-8, 1e3), yscale="log", xlabel="step", ylabel="loss (log)")
    art: dict = {"paths": [], "curves": [], "ax_path": ax_path, "ax_loss": ax_loss}
    for name, colour in _OPT_COLOURS.items():
        art["paths"].append(ax_path.plot([], [], color=colour, lw=1.2, marker=".", ms=2, label=name)[0])
        art["curves"].append(ax_loss.plot([], [], color=colour, lw=1.2, label=name)[0])
    ax_loss.legend(loc="lower left", fontsize=8)
    return art


def _update_optimizers(art: dict, paths: dict[str, np.ndarray], scale: float, num_steps: int) -> None:
    steps = np.arange(num_steps + 1)
    parts = []
    for line, curve, (name, path) in zip(art["paths"], art["curves"], paths.items(), strict=True):
        p = path[: num_steps + 1]
        with np.errstate(over="ignore", invalid="ignore"):
            loss = valley(p)
        p = np.clip(p, -1e4, 1e4)  # a diverging path: huge coordinates slow the drawing down
        line.set_data(p[:, 0], p[:, 1])
        curve.set_data(steps, loss)
        parts.append(f"{name} {loss[-1]:.2g}")
    _show_text(art, f"learning rates x{scale:g} of the defaults, step {num_steps}", ax="ax_path")
    if art.get("titles", True):
        art["ax_loss"].set_title("loss: " + ", ".join(parts), fontsize=9)
    art["text"] += "; loss: " + ", ".join(parts)


def plot_optimizers(num_steps: int = 60, scale: float = 1.0, *, ax=None) -> Figure:
    """The four optimizers' paths down the narrow valley; return the Figure."""
    ax = axes_or_new(ax, figsize=(6.5, 4))
    scratch = ax.figure.add_axes((0, 0, 0.01, 0.01))
    art = _draw_optimizers(ax, scratch)
    _update_optimizers(art, _optimizer_paths(scale), scale, num_steps)
    ax.legend(loc="upper right", fontsize=8)
    scratch.remove()
    return ax.figure


def demo_optimizers() -> SliderDemo:
    """SGD, momentum, RMSprop and Adam side by side; sliders for steps and a learning-rate scale."""
    paths = {s: _optimizer_paths(s) for s in _OPT_SCALES}
    live = LiveFigure(1, 2, figsize=(9.6, 3.6))
    art = _draw_optimizers(*live.axes)
    art["titles"] = False
    live.axes[0].set_title("paths down the valley", fontsize=10)
    live.axes[1].set_title("loss per step", fontsize=10)
    _update_optimizers(art, paths[1.0], 1.0, 60)
    live.figure.tight_layout()
    live.animate(*art["paths"], *art["curves"])
    readout = _readout()

    def update(num_steps: int, scale: float) -> None:
        s = round(float(scale), 2)
        _update_optimizers(art, paths[s], s, num_steps)
        readout.value = art["text"]

    controls = {
        "num_steps": slider("steps", 0, _OPT_STEPS, 1, 60),
        "scale": slider("learning rates x", 0.25, 2.0, 0.25, 1.0),
    }
    return _demo(controls, update, live, readout, "Four optimizers in a narrow valley")


# --------------------------------------------------------------------------- exercises


@exercise("03-3")
def _check_03_3(answer) -> CheckResult:
    return check_number(
        answer, max_stable_learning_rate(4.0), name="the largest stable learning rate", rtol=1e-3,
        show=False,
        hint="f(x) = 2x^2 has curvature f''(x) = 4; one step multiplies x by (1 - 4 * learning_rate), "
        "which must stay between -1 and 1.",
    )


def _momentum_reference(w, velocity, grad, learning_rate, beta):
    velocity = beta * velocity + grad
    return np.array([w - learning_rate * velocity, velocity])


@exercise("03-4")
def _check_03_4(answer) -> CheckResult:
    if callable(answer):
        try:
            unfinished = answer(1.0, 0.0, 2.0, 0.1, 0.9) is Ellipsis
        except Exception:  # noqa: BLE001 - check_function below reports it as a sentence
            unfinished = False
        if unfinished:
            return CheckResult(False, "Not yet. momentum_step still returns ...: replace it with "
                               "your code and return (new w, new velocity).")
    cases = [
        ((1.0, 0.0, 2.0, 0.1, 0.9), _momentum_reference(1.0, 0.0, 2.0, 0.1, 0.9)),
        ((0.8, 2.0, 1.6, 0.1, 0.9), _momentum_reference(0.8, 2.0, 1.6, 0.1, 0.9)),
        ((-3.0, -1.0, 0.5, 0.01, 0.5), _momentum_reference(-3.0, -1.0, 0.5, 0.01, 0.5)),
    ]
    return check_function(
        answer, cases, name="momentum_step", show=False,
        hint="first the new velocity = beta * velocity + grad, then w - learning_rate * new velocity; "
        "return (new w, new velocity).",
    )
