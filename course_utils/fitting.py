"""Notebook 05, part 1: underfitting and overfitting with polynomials.

A noisy wave ``y = sin(2 pi x) + noise`` is fitted by polynomials of growing
degree. A low degree cannot follow the wave (underfitting, 擬合不足); a high
degree follows the noise of the training points (overfitting, 過度擬合).
Everything here is plain NumPy least squares, so every slider position is
precomputed in milliseconds.

The wave data comes as a :class:`cu.data.Split` (:func:`wave_splits`); its
``X_*`` parts are 1-D arrays of x values.

Demos: :func:`demo_polynomial_degree` (a degree slider with training and
validation error) and :func:`demo_learning_curve` (a training-set-size slider).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_choice, exercise
from .data import Split
from .data import train_val_test_split as _train_val_test_split
from .losses import mse
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "true_wave",
    "make_wave_data",
    "wave_splits",
    "polynomial_features",
    "fit_polynomial",
    "predict_polynomial",
    "degree_sweep",
    "learning_curve",
    "plot_polynomial_fit",
    "plot_degree_sweep",
    "plot_learning_curve",
    "demo_polynomial_degree",
    "demo_learning_curve",
]

_X_GRID = np.linspace(0.0, 1.0, 200)
_WAVE_YLIM = (-2.0, 2.0)


# --------------------------------------------------------------------------- numbers


def true_wave(x) -> np.ndarray:
    """The signal every wave data set is drawn from: ``sin(2 pi x)``.

    x : array-like of shape (n,) -> ndarray of shape (n,)
    """
    return np.sin(2 * np.pi * v.as_array(x, "x", ndim=1))


def make_wave_data(n_samples: int = 30, noise: float = 0.3, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(x, sin(2 pi x) + noise)`` with x uniform in [0, 1].

    Parameters
    ----------
    n_samples : int
        How many points (at least 1).
    noise : float
        Standard deviation of the Gaussian noise added to each y (0 or more).
    seed : int
        The same seed gives the same points.

    Returns
    -------
    x : ndarray of shape (n_samples,)
    y : ndarray of shape (n_samples,)
    """
    n_samples = v.as_int(n_samples, "n_samples", low=1)
    noise = v.as_number(noise, "noise (a standard deviation)", low=0)
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    x = rng.uniform(0.0, 1.0, n_samples)
    y = true_wave(x) + rng.normal(0.0, noise, n_samples)
    return x, y


def wave_splits(n_samples: int = 60, noise: float = 0.3, *, seed: int = 0) -> Split:
    """The lesson's wave data cut into training, validation and test parts (60/20/20 %).

    Returns
    -------
    cu.data.Split
        ``X_train``, ``X_val``, ``X_test`` are 1-D arrays of x values; the
        shuffle is :func:`cu.data.train_val_test_split`'s under the same seed.
    """
    x, y = make_wave_data(n_samples, noise, seed=seed)
    return _train_val_test_split(x, y, val_fraction=0.2, test_fraction=0.2, seed=seed)


def _check_split(split, *, need_val: bool = True) -> Split:
    v.instance(split, "split", Split, "a cu.data.Split such as cu.fitting.wave_splits()")
    if need_val and split.X_val is None:
        raise ValueError("split has no validation part; make it with val_fraction > 0.")
    return split


def polynomial_features(x, degree: int) -> np.ndarray:
    """Columns ``1, z, z**2, ..., z**degree`` with ``z = 2x - 1``.

    x is first mapped from [0, 1] to [-1, 1]: powers of numbers near 1 stay
    moderate, so high degrees remain numerically well behaved.

    x : array-like of shape (n,) -> ndarray of shape (n, degree + 1)
    """
    degree = v.as_int(degree, "degree", low=0)
    x = v.as_array(x, "x", ndim=1)
    return np.vander(2 * x - 1, degree + 1, increasing=True)


def fit_polynomial(x, y, degree: int, *, l2: float = 0.0) -> np.ndarray:
    """Least-squares polynomial, optionally with an L2 penalty.

    Minimises ``mean((p(x) - y)**2) + l2 * sum(w[1:]**2)``: the mean squared
    error plus lambda times the sum of squared weights (Keras' convention, no
    1/2; the constant term ``w[0]`` is not penalized, as a bias usually is not).

    Parameters
    ----------
    x, y : array-like of shape (n,)
    degree : int
    l2 : float
        The penalty strength lambda (0 or more).

    Returns
    -------
    w : ndarray of shape (degree + 1,)
        Coefficients of ``1, z, ..., z**degree`` (see :func:`polynomial_features`).
    """
    A = polynomial_features(x, degree)
    y = v.as_array(y, "y", ndim=1)
    if y.shape != (A.shape[0],):
        raise ValueError(f"x and y must have the same length; got {A.shape[0]} and {y.shape[0]}.")
    l2 = v.as_number(l2, "l2 (lambda)", low=0)
    n = A.shape[0]
    if l2 > 0:
        # mean squared error + l2 * |w|^2  ==  |A w - y|^2 / n + |sqrt(l2) w|^2
        penalty = np.sqrt(n * l2) * np.eye(degree + 1)[1:]
        A = np.vstack([A, penalty])
        y = np.r_[y, np.zeros(degree)]
    w, *_ = np.linalg.lstsq(A, y, rcond=None)
    return w


def predict_polynomial(w, x) -> np.ndarray:
    """Evaluate the polynomial with coefficients ``w`` at x (shape (n,))."""
    w = v.as_array(w, "w (the coefficients)", ndim=1)
    return polynomial_features(x, w.size - 1) @ w


def degree_sweep(x_train, y_train, x_val, y_val, degrees) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation MSE of a least-squares fit for each degree.

    Returns
    -------
    train_errors, val_errors : ndarray of shape (len(degrees),)
    """
    x_train, y_train = v.as_array(x_train, "x_train", ndim=1), v.as_array(y_train, "y_train", ndim=1)
    x_val, y_val = v.as_array(x_val, "x_val", ndim=1), v.as_array(y_val, "y_val", ndim=1)
    v.same_length("x_train", x_train, "y_train", y_train)
    v.same_length("x_val", x_val, "y_val", y_val)
    degrees = [v.as_int(d, "each degree", low=0) for d in v.as_array(degrees, "degrees", ndim=1, dtype=int)]
    train, val = [], []
    for degree in degrees:
        w = fit_polynomial(x_train, y_train, degree)
        train.append(mse(y_train, predict_polynomial(w, x_train)))
        val.append(mse(y_val, predict_polynomial(w, x_val)))
    return np.array(train), np.array(val)


def learning_curve(
    degree: int, sizes, *, noise: float = 0.3, n_val: int = 500, repeats: int = 20, seed: int = 0
) -> dict[str, np.ndarray]:
    """Typical training and validation MSE as the training set grows.

    For each size, ``repeats`` fresh training sets are drawn from the same
    wave and fitted; the errors are summarized by their median, which a single
    unlucky draw cannot dominate. The validation set is one fixed draw of
    ``n_val`` points.

    Returns
    -------
    dict with "sizes", "train", "val" : ndarray of shape (len(sizes),)
    """
    degree = v.as_int(degree, "degree", low=0)
    repeats = v.as_int(repeats, "repeats", low=1)
    sizes = np.array([v.as_int(s, "each size", low=1) for s in v.as_array(sizes, "sizes", ndim=1, dtype=int)])
    noise = v.as_number(noise, "noise", low=0)
    n_val = v.as_int(n_val, "n_val", low=1)
    seed = v.as_int(seed, "seed", low=0)
    x_val, y_val = make_wave_data(n_val, noise, seed=seed + 10_000)
    train = np.empty((len(sizes), repeats))
    val = np.empty((len(sizes), repeats))
    for i, size in enumerate(sizes):
        for r in range(repeats):
            x, y = make_wave_data(int(size), noise, seed=seed + 100 * i + r)
            w = fit_polynomial(x, y, degree)
            train[i, r] = mse(y, predict_polynomial(w, x))
            val[i, r] = mse(y_val, predict_polynomial(w, x_val))
    return {"sizes": sizes, "train": np.median(train, axis=1), "val": np.median(val, axis=1)}


# --------------------------------------------------------------------------- static figures


def _draw_wave_axes(ax, split: Split) -> None:
    ax.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    ax.scatter(split.X_train, split.y_train, s=22, color="tab:blue", zorder=3, label="training")
    ax.scatter(split.X_val, split.y_val, s=22, color="tab:orange", marker="s", zorder=3, label="validation")
    ax.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")


def plot_polynomial_fit(degree: int = 3, *, split: Split | None = None, ax=None) -> Figure:
    """The wave data and the least-squares polynomial of this degree."""
    degree = v.as_int(degree, "degree", low=0)
    split = wave_splits() if split is None else _check_split(split)
    ax = axes_or_new(ax)
    _draw_wave_axes(ax, split)
    w = fit_polynomial(*split.train, degree)
    ax.plot(_X_GRID, predict_polynomial(w, _X_GRID), color="tab:red", lw=2, label=f"degree {degree}")
    ax.legend(loc="lower left", fontsize=8)
    return ax.figure


def plot_degree_sweep(degrees, train_errors, val_errors, *, ax=None) -> Figure:
    """Training and validation error against the polynomial degree (log scale)."""
    degrees = v.as_array(degrees, "degrees", ndim=1)
    train_errors = v.as_array(train_errors, "train_errors", shape=degrees.shape)
    val_errors = v.as_array(val_errors, "val_errors", shape=degrees.shape)
    ax = axes_or_new(ax)
    ax.semilogy(degrees, train_errors, "o-", color="tab:blue", ms=4, label="training error")
    ax.semilogy(degrees, val_errors, "s-", color="tab:orange", ms=4, label="validation error")
    ax.set(xlabel="polynomial degree", ylabel="mean squared error")
    ax.legend(loc="upper left", fontsize=8)
    return ax.figure


def plot_learning_curve(curve: dict, *, ax=None) -> Figure:
    """Training and validation error against the training-set size (``curve`` from :func:`learning_curve`)."""
    if not isinstance(curve, dict) or not {"sizes", "train", "val"} <= set(curve):
        raise TypeError(f"curve should be what cu.fitting.learning_curve returns (a dict with 'sizes', 'train' "
                        f"and 'val'), but it is {v.describe(curve)}.")
    sizes = v.as_array(curve["sizes"], "curve['sizes']", ndim=1)
    train = v.as_array(curve["train"], "curve['train']", shape=sizes.shape)
    val = v.as_array(curve["val"], "curve['val']", shape=sizes.shape)
    ax = axes_or_new(ax)
    ax.semilogy(sizes, train, "o-", color="tab:blue", ms=3, label="training error")
    ax.semilogy(sizes, val, "s-", color="tab:orange", ms=3, label="validation error")
    ax.set(xlabel="training-set size", ylabel="mean squared error")
    ax.legend(loc="upper right", fontsize=8)
    return ax.figure


# --------------------------------------------------------------------------- demos


def demo_polynomial_degree(max_degree: int = 15, *, split: Split | None = None) -> SliderDemo:
    """A degree slider: the fitted curve (left) and both errors (right)."""
    max_degree = v.as_int(max_degree, "max_degree", low=1, high=30)
    split = wave_splits() if split is None else _check_split(split)
    degrees = np.arange(max_degree + 1)
    fits = [predict_polynomial(fit_polynomial(*split.train, int(d)), _X_GRID) for d in degrees]
    train_err, val_err = degree_sweep(*split.train, *split.val, degrees)

    live = LiveFigure(1, 2, figsize=(10, 3.8), cache_frames=True)  # a frame drawn once is sent again
    left, right = live.axes
    _draw_wave_axes(left, split)
    # zorder 10: the animated artists lie on top in a full drawing too, as blitting draws them
    (curve,) = left.plot(_X_GRID, fits[0], color="tab:red", lw=2, label="model", zorder=10)
    left.legend(loc="lower left", fontsize=8, ncol=2)
    plot_degree_sweep(degrees, train_err, val_err, ax=right)
    right.axvline(degrees[np.argmin(val_err)], color="0.7", lw=1)
    (dots,) = right.plot([0, 0], [train_err[0], val_err[0]], "o", ms=10, mfc="none", mec="black", mew=2,
                         zorder=10)
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(curve, dots, left.title)

    def update(degree: int) -> None:
        live.frame_key = degree
        curve.set_ydata(fits[degree])
        dots.set_data([degree, degree], [train_err[degree], val_err[degree]])
        left.set_title(f"degree {degree}: train MSE {train_err[degree]:.3f}, validation MSE {val_err[degree]:.3f}",
                       fontsize=10)

    controls = {"degree": slider("polynomial degree", 0, max_degree, 1, 3)}
    return SliderDemo(controls, update, figure=live, title="Underfitting and overfitting: choose the degree")


def demo_learning_curve(degrees=(1, 3, 9), sizes=None, *, noise: float = 0.3, repeats: int = 20) -> SliderDemo:
    """A training-set-size slider for a few polynomial degrees.

    Left: one training set of that size and its fit. Right: the learning
    curves (median over ``repeats`` draws) with the current size marked.
    """
    degrees = tuple(int(d) for d in v.as_array(degrees, "degrees", ndim=1, dtype=int))
    sizes = np.arange(15, 206, 10) if sizes is None else v.as_array(sizes, "sizes", ndim=1, dtype=int)
    noise = v.as_number(noise, "noise", low=0)
    repeats = v.as_int(repeats, "repeats", low=1)
    steps = np.diff(sizes)
    if len(sizes) < 2 or steps.min() <= 0 or np.any(steps != steps[0]):
        raise ValueError("sizes must be at least two equally spaced training-set sizes in increasing order.")
    curves = {d: learning_curve(d, sizes, noise=noise, repeats=repeats) for d in degrees}
    samples = {int(s): make_wave_data(int(s), noise, seed=100 * i) for i, s in enumerate(sizes)}
    fits = {
        (d, int(s)): predict_polynomial(fit_polynomial(*samples[int(s)], d), _X_GRID) for d in degrees for s in sizes
    }
    top = max(float(c["val"].max()) for c in curves.values())
    bottom = min(float(c["train"].min()) for c in curves.values())

    live = LiveFigure(1, 2, figsize=(10, 3.8), cache_frames=True)  # a frame drawn once is sent again
    left, right = live.axes
    left.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    # zorder above the legend's 5: the animated artists lie on top in a full drawing too, as blitting draws them
    points = left.scatter(*samples[int(sizes[0])], s=14, color="tab:blue", zorder=6, label="training")
    (curve,) = left.plot(_X_GRID, fits[(degrees[0], int(sizes[0]))], color="tab:red", lw=2, label="model",
                         zorder=10)
    left.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")
    left.legend(loc="lower left", fontsize=8)
    (train_line,) = right.semilogy(sizes, curves[degrees[0]]["train"], "o-", ms=3, color="tab:blue",
                                   label="training error")
    (val_line,) = right.semilogy(sizes, curves[degrees[0]]["val"], "s-", ms=3, color="tab:orange",
                                 label="validation error")
    right.axhline(noise**2, color="0.6", ls=":", label="noise level $\\sigma^2$")
    right.set(xlabel="training-set size", ylabel="mean squared error", ylim=(bottom * 0.5, top * 2))
    right.legend(loc="upper right", fontsize=8)
    (dots,) = right.plot([], [], "o", ms=10, mfc="none", mec="black", mew=2, zorder=10)
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(points, curve, dots, left.title)
    shown = {"degree": degrees[0]}

    def update(n_train: int, degree: int) -> None:
        if n_train not in samples:
            raise ValueError(f"n_train must be one of {list(samples)}, not {n_train}.")
        live.frame_key = (n_train, degree)
        if degree != shown["degree"]:
            train_line.set_ydata(curves[degree]["train"])
            val_line.set_ydata(curves[degree]["val"])
            shown["degree"] = degree
            live.invalidate()
        i = int(np.searchsorted(sizes, n_train))
        points.set_offsets(np.c_[samples[n_train]])
        curve.set_ydata(fits[(degree, n_train)])
        tr, va = curves[degree]["train"][i], curves[degree]["val"][i]
        dots.set_data([n_train, n_train], [tr, va])
        left.set_title(f"degree {degree}, {n_train} training points: train {tr:.3f}, validation {va:.3f}",
                       fontsize=10)

    step = int(sizes[1] - sizes[0])
    controls = {
        "n_train": slider("training-set size", int(sizes[0]), int(sizes[-1]), step, int(sizes[0])),
        "degree": dropdown("polynomial degree", degrees, degrees[-1]),
    }
    return SliderDemo(controls, update, figure=live, title="Learning curves: more data")


# --------------------------------------------------------------------------- exercises


@exercise("05-2", hints=(
    "Every set you used to make a choice has been 'seen' by that choice, even if no weight was trained on it.",
    "The training set fitted the weights; the validation set picked the winner among the 20. "
    "Which set took part in neither?",
    "The honest score comes from the set that was kept locked away until the very end; answer with its name.",
))
def _check_05_2(answer) -> CheckResult:
    return check_choice(
        answer, "test", options=("train", "validation", "test"), name="the set for the final score",
        hint="ask which sets took part in a choice.",
    )
