"""Notebook 05, part 1: underfitting and overfitting with polynomials.

A noisy wave ``y = sin(2 pi x) + noise`` is fitted by polynomials of growing
degree. A low degree cannot follow the wave (underfitting); a high degree
follows the noise of the training points (overfitting). Everything here is
plain NumPy least squares, so every slider position is precomputed in
milliseconds.

Demos: :func:`demo_polynomial_degree` (a degree slider with training and
validation error) and :func:`demo_learning_curve` (a training-set-size slider).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .checks import CheckResult, check_choice, exercise
from .losses import mse
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "true_wave",
    "make_wave_data",
    "train_val_test_split",
    "polynomial_features",
    "fit_polynomial",
    "predict_polynomial",
    "degree_sweep",
    "learning_curve",
    "wave_splits",
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
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def _whole(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number such as {max(minimum, 3)}, not {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}.")
    return int(value)


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
    n_samples = _whole(n_samples, "n_samples", 1)
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or noise < 0:
        raise ValueError(f"noise must be a number of 0 or more (a standard deviation), not {noise!r}.")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, n_samples)
    y = true_wave(x) + rng.normal(0.0, float(noise), n_samples)
    return x, y


def train_val_test_split(
    X, y, *, val_fraction: float = 0.2, test_fraction: float = 0.2, seed: int = 0
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Shuffle once and cut into training, validation and test sets.

    The three sets never share a sample. The training set fits the
    parameters, the validation set chooses hyperparameters, and the test set
    is looked at once, at the very end.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
    y : array-like of shape (n_samples,)
    val_fraction, test_fraction : float
        Shares of the samples for validation and test; each in (0, 1) and
        together below 1.

    Returns
    -------
    (X_train, y_train), (X_val, y_val), (X_test, y_test)
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}; give one label per sample.")
    for name, value in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise ValueError(f"{name} must be a share between 0 and 1 such as 0.2, not {value!r}.")
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction = {val_fraction + test_fraction:g} leaves no training data; "
            "keep their sum below 1."
        )
    n = len(X)
    n_val, n_test = int(round(n * val_fraction)), int(round(n * test_fraction))
    if n_val < 1 or n_test < 1 or n - n_val - n_test < 1:
        raise ValueError(f"{n} samples are too few to give every set at least one sample.")
    order = np.random.default_rng(seed).permutation(n)
    val, test, train = order[:n_val], order[n_val:n_val + n_test], order[n_val + n_test:]
    return (X[train], y[train]), (X[val], y[val]), (X[test], y[test])


def polynomial_features(x, degree: int) -> np.ndarray:
    """Columns ``1, z, z**2, ..., z**degree`` with ``z = 2x - 1``.

    x is first mapped from [0, 1] to [-1, 1]: powers of numbers near 1 stay
    moderate, so high degrees remain numerically well behaved.

    x : array-like of shape (n,) -> ndarray of shape (n, degree + 1)
    """
    degree = _whole(degree, "degree", 0)
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D list of numbers; got shape {x.shape}.")
    return np.vander(2 * x - 1, degree + 1, increasing=True)


def fit_polynomial(x, y, degree: int, *, l2: float = 0.0) -> np.ndarray:
    """Least-squares polynomial, optionally with an L2 penalty.

    Minimises ``mean((p(x) - y)**2) + l2 * sum(w[1:]**2)``: the mean squared
    error plus lambda times the sum of squared weights (the constant term
    ``w[0]`` is not penalised, as a bias usually is not).

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
    y = np.asarray(y, dtype=float)
    if y.shape != (A.shape[0],):
        raise ValueError(f"x and y must have the same length; got {A.shape[0]} and {y.shape}.")
    if isinstance(l2, bool) or not isinstance(l2, (int, float, np.floating)) or l2 < 0:
        raise ValueError(f"l2 (lambda) must be a number of 0 or more, not {l2!r}.")
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
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"w must be a 1-D array of coefficients; got shape {w.shape}.")
    return polynomial_features(x, w.size - 1) @ w


def degree_sweep(x_train, y_train, x_val, y_val, degrees) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation MSE of a least-squares fit for each degree.

    Returns
    -------
    train_errors, val_errors : ndarray of shape (len(degrees),)
    """
    train, val = [], []
    for degree in degrees:
        w = fit_polynomial(x_train, y_train, int(degree))
        train.append(mse(y_train, predict_polynomial(w, x_train)))
        val.append(mse(y_val, predict_polynomial(w, x_val)))
    return np.array(train), np.array(val)


def learning_curve(
    degree: int, sizes, *, noise: float = 0.3, n_val: int = 500, repeats: int = 20, seed: int = 0
) -> dict[str, np.ndarray]:
    """Average training and validation MSE as the training set grows.

    For each size, ``repeats`` fresh training sets are drawn from the same
    wave and fitted; the errors are averaged (the median, which a single
    unlucky draw cannot dominate). The validation set is one fixed draw.

    Returns
    -------
    dict with "sizes", "train", "val" : ndarray of shape (len(sizes),)
    """
    degree = _whole(degree, "degree", 0)
    repeats = _whole(repeats, "repeats", 1)
    sizes = np.array([_whole(s, "each size", 1) for s in sizes])
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


def wave_splits(n_samples: int = 60, noise: float = 0.3, *, seed: int = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The lesson's wave data cut into "train", "val" and "test" (60/20/20 %)."""
    x, y = make_wave_data(n_samples, noise, seed=seed)
    train, val, test = train_val_test_split(x, y, seed=seed)
    return {"train": train, "val": val, "test": test}


# --------------------------------------------------------------------------- static figures


def _draw_wave_axes(ax, splits) -> None:
    (x_tr, y_tr), (x_va, y_va) = splits["train"], splits["val"]
    ax.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    ax.scatter(x_tr, y_tr, s=22, color="tab:blue", zorder=3, label="training")
    ax.scatter(x_va, y_va, s=22, color="tab:orange", marker="s", zorder=3, label="validation")
    ax.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")


def plot_polynomial_fit(degree: int = 3, *, splits=None, ax=None) -> Figure:
    """The wave data and the least-squares polynomial of this degree."""
    splits = wave_splits() if splits is None else splits
    ax = axes_or_new(ax)
    _draw_wave_axes(ax, splits)
    w = fit_polynomial(*splits["train"], degree)
    ax.plot(_X_GRID, predict_polynomial(w, _X_GRID), color="tab:red", lw=2, label=f"degree {degree}")
    ax.legend(loc="lower left", fontsize=8)
    return ax.figure


def plot_degree_sweep(degrees, train_errors, val_errors, *, ax=None) -> Figure:
    """Training and validation error against the polynomial degree (log scale)."""
    ax = axes_or_new(ax)
    ax.semilogy(degrees, train_errors, "o-", color="tab:blue", ms=4, label="training error")
    ax.semilogy(degrees, val_errors, "s-", color="tab:orange", ms=4, label="validation error")
    ax.set(xlabel="polynomial degree", ylabel="mean squared error")
    ax.legend(loc="upper left", fontsize=8)
    return ax.figure


def plot_learning_curve(curve: dict, *, ax=None) -> Figure:
    """Training and validation error against the training-set size."""
    ax = axes_or_new(ax)
    ax.semilogy(curve["sizes"], curve["train"], "o-", color="tab:blue", ms=3, label="training error")
    ax.semilogy(curve["sizes"], curve["val"], "s-", color="tab:orange", ms=3, label="validation error")
    ax.set(xlabel="training-set size", ylabel="mean squared error")
    ax.legend(loc="upper right", fontsize=8)
    return ax.figure


# --------------------------------------------------------------------------- demos


def demo_polynomial_degree(max_degree: int = 15, *, splits=None) -> SliderDemo:
    """A degree slider: the fitted curve (left) and both errors (right)."""
    max_degree = _whole(max_degree, "max_degree", 1)
    splits = wave_splits() if splits is None else splits
    degrees = np.arange(max_degree + 1)
    fits = [predict_polynomial(fit_polynomial(*splits["train"], int(d)), _X_GRID) for d in degrees]
    train_err, val_err = degree_sweep(*splits["train"], *splits["val"], degrees)

    live = LiveFigure(1, 2, figsize=(10, 3.8))
    left, right = live.axes
    _draw_wave_axes(left, splits)
    (curve,) = left.plot(_X_GRID, fits[0], color="tab:red", lw=2, label="model")
    left.legend(loc="lower left", fontsize=8, ncol=2)
    plot_degree_sweep(degrees, train_err, val_err, ax=right)
    right.axvline(degrees[np.argmin(val_err)], color="0.7", lw=1)
    (dots,) = right.plot([0, 0], [train_err[0], val_err[0]], "o", ms=10, mfc="none", mec="black", mew=2)
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(curve, dots, left.title)

    def update(degree: int) -> None:
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
    degrees = tuple(int(d) for d in degrees)
    sizes = np.arange(15, 206, 10) if sizes is None else np.asarray(sizes, dtype=int)
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

    live = LiveFigure(1, 2, figsize=(10, 3.8))
    left, right = live.axes
    left.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    points = left.scatter(*samples[int(sizes[0])], s=14, color="tab:blue", zorder=3, label="training")
    (curve,) = left.plot(_X_GRID, fits[(degrees[0], int(sizes[0]))], color="tab:red", lw=2, label="model")
    left.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")
    left.legend(loc="lower left", fontsize=8)
    (train_line,) = right.semilogy(sizes, curves[degrees[0]]["train"], "o-", ms=3, color="tab:blue",
                                   label="training error")
    (val_line,) = right.semilogy(sizes, curves[degrees[0]]["val"], "s-", ms=3, color="tab:orange",
                                 label="validation error")
    right.axhline(noise**2, color="0.6", ls=":", label="noise level $\\sigma^2$")
    right.set(xlabel="training-set size", ylabel="mean squared error", ylim=(bottom * 0.5, top * 2))
    right.legend(loc="upper right", fontsize=8)
    (dots,) = right.plot([], [], "o", ms=10, mfc="none", mec="black", mew=2)
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(points, curve, dots, left.title)
    shown = {"degree": degrees[0]}

    def update(n_train: int, degree: int) -> None:
        if n_train not in samples:
            raise ValueError(f"n_train must be one of {list(samples)}, not {n_train}.")
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


@exercise("05-2")
def _check_05_2(answer) -> CheckResult:
    return check_choice(
        answer, "test", options=("train", "validation", "test"), name="the set for the final score",
        hint="the set you used to pick the winner has been 'seen' by that choice; "
             "which set was kept locked away until the end?",
    )
