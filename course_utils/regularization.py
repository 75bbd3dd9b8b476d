"""Notebook 05, part 2: remedies for overfitting, each measured.

* L2 weight decay: the penalized loss ``L'(w) = L(w) + lambda * sum(w_i**2)``
  (seed 001), first on a polynomial (:func:`demo_l2_penalty`), then on a network.
* A smaller network, dropout and early stopping on a small, noisy
  two-class problem, trained by a compact NumPy network (:func:`train_mlp`:
  full-batch Adam, tanh hidden layers, optional L2 and dropout). It is small
  enough that every experiment of the notebook trains in about a second, so
  the sliders only look up precomputed results.
* Seed 000's "will she like you" data: random labels, unscaled features
  (:func:`make_random_dates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

from .checks import CheckResult, check_array, check_function, exercise
from .data import make_playground_data
from .fitting import _WAVE_YLIM, _X_GRID, fit_polynomial, predict_polynomial, true_wave, wave_splits
from .losses import binary_cross_entropy, mse
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "penalized_loss",
    "l2_sweep",
    "dropout_forward",
    "early_stopping",
    "EARLY_STOPPING_EXAMPLE",
    "TrainingRecord",
    "make_overfit_data",
    "train_mlp",
    "mlp_predict_proba",
    "mlp_hidden",
    "make_random_dates",
    "DATE_FEATURES",
    "plot_l2_sweep",
    "plot_training_record",
    "demo_l2_penalty",
    "demo_training_epochs",
    "demo_network_size",
    "demo_dropout",
]

EARLY_STOPPING_EXAMPLE = (0.70, 0.62, 0.58, 0.57, 0.59, 0.56, 0.60, 0.61, 0.63, 0.66)
"""Validation losses after epochs 1, 2, ... for the early-stopping exercise."""

DATE_FEATURES = ("height", "age", "income", "considerate", "distance")
"""The five features of seed 000's "will she like you" table, in order."""


# --------------------------------------------------------------------------- L2 weight decay


def penalized_loss(data_loss: float, weights, l2: float) -> float:
    """The L2-penalized loss ``L'(w) = L(w) + l2 * sum(w_i ** 2)``.

    Parameters
    ----------
    data_loss : float
        L(w), the loss on the data (e.g. the MSE).
    weights : array-like, or a list of arrays (one per layer)
        Every weight w_i that is penalized (biases are usually left out).
    l2 : float
        lambda, 0 or more: how much large weights cost.
    """
    if isinstance(l2, bool) or not isinstance(l2, (int, float, np.floating)) or l2 < 0:
        raise ValueError(f"l2 (lambda) must be a number of 0 or more, not {l2!r}.")
    if isinstance(weights, (list, tuple)) and any(np.ndim(w) > 0 for w in weights):
        total = sum(float(np.sum(np.asarray(w, dtype=float) ** 2)) for w in weights)
    else:
        total = float(np.sum(np.asarray(weights, dtype=float) ** 2))
    return float(data_loss) + float(l2) * total


def l2_sweep(splits, degree: int, log10_l2s) -> dict[str, np.ndarray]:
    """Fit one polynomial per lambda = 10**log10_l2 and measure it.

    Returns
    -------
    dict with "log10_l2" (k,), "train" and "val" MSE (k,), "sum_w2" (k,)
    (the penalized weights' sum of squares) and "curves" (k, 200), each fit
    evaluated on 200 points of [0, 1].
    """
    log10_l2s = np.asarray(log10_l2s, dtype=float)
    train, val, sum_w2, curves = [], [], [], []
    for log_l2 in log10_l2s:
        w = fit_polynomial(*splits["train"], degree, l2=float(10.0**log_l2))
        train.append(mse(splits["train"][1], predict_polynomial(w, splits["train"][0])))
        val.append(mse(splits["val"][1], predict_polynomial(w, splits["val"][0])))
        sum_w2.append(float(np.sum(w[1:] ** 2)))
        curves.append(predict_polynomial(w, _X_GRID))
    return {"log10_l2": log10_l2s, "train": np.array(train), "val": np.array(val),
            "sum_w2": np.array(sum_w2), "curves": np.array(curves)}


# --------------------------------------------------------------------------- dropout, early stopping


def dropout_forward(a, rate: float, *, training: bool, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: in training, zero each value with probability ``rate``.

    The surviving values are divided by ``1 - rate`` so their expected sum
    is unchanged; at test time (``training=False``) nothing is dropped and
    nothing is scaled.

    Parameters
    ----------
    a : array-like of shape (n_samples, units)
    rate : float in [0, 1)
    training : bool
    rng : numpy Generator, optional

    Returns
    -------
    out : ndarray, same shape as ``a``
    mask : ndarray of bool, same shape (all True at test time)
    """
    a = np.asarray(a, dtype=float)
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)) or not 0 <= rate < 1:
        raise ValueError(f"rate must be a share from 0 up to (not including) 1, such as 0.5; got {rate!r}.")
    if not training or rate == 0:
        return a.copy(), np.ones(a.shape, dtype=bool)
    rng = np.random.default_rng() if rng is None else rng
    mask = rng.random(a.shape) >= rate
    return a * mask / (1.0 - rate), mask


def early_stopping(val_losses, patience: int) -> tuple[int, int]:
    """Where early stopping (Keras' ``EarlyStopping`` rule) stops and what it keeps.

    Training stops once the validation loss has not improved for
    ``patience`` epochs in a row; the weights of the best epoch are restored.

    Parameters
    ----------
    val_losses : sequence of float
        The validation loss after epochs 1, 2, 3, ...
    patience : int (1 or more)

    Returns
    -------
    best_epoch, stop_epoch : int
        1-based epoch numbers. ``stop_epoch`` is the last epoch that ran
        (``len(val_losses)`` if the rule never fired).
    """
    losses = np.asarray(val_losses, dtype=float)
    if losses.ndim != 1 or losses.size == 0:
        raise ValueError("val_losses must be a non-empty list of numbers, one per epoch.")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be a whole number of 1 or more, not {patience!r}.")
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, int(losses.size)


# --------------------------------------------------------------------------- a compact network


@dataclass
class TrainingRecord:
    """What :func:`train_mlp` measured, epoch by epoch.

    Index ``e`` of each curve is the state after ``e`` epochs (index 0: the
    untrained network). Losses are the data loss (binary cross-entropy)
    without the L2 term and with dropout off, so records are comparable.

    Attributes
    ----------
    train_loss, val_loss, train_acc, val_acc : ndarray of shape (num_epochs + 1,)
    snapshot_epochs : ndarray of shape (k,)
    snapshots : ndarray of shape (k, grid_size, grid_size)
        The predicted probability of class 1 on a grid over ``extent``.
    extent : (xmin, xmax, ymin, ymax)
    params : list of (W, b)
        The final weights.
    """

    name: str
    hidden_units: tuple[int, ...]
    l2: float
    dropout_rate: float
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    snapshot_epochs: np.ndarray
    snapshots: np.ndarray
    extent: tuple[float, float, float, float]
    params: list = field(repr=False)

    @property
    def num_epochs(self) -> int:
        return len(self.train_loss) - 1

    @property
    def best_epoch(self) -> int:
        """The epoch with the lowest validation loss."""
        return int(np.argmin(self.val_loss))

    def snapshot_at(self, epoch: int) -> np.ndarray:
        """The latest grid snapshot taken at or before ``epoch``."""
        i = int(np.searchsorted(self.snapshot_epochs, epoch, side="right")) - 1
        return self.snapshots[max(i, 0)]


def make_overfit_data(
    n_train: int = 80, n_val: int = 400, noise: float = 0.5, *, seed: int = 0
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The networks' problem: a noisy XOR, few training points, many validation points.

    Returns
    -------
    dict with "train" (X of shape (n_train, 2), y of shape (n_train,)) and
    "val" (shapes (n_val, 2) and (n_val,)).
    """
    X, y = make_playground_data("xor", n_train + n_val, noise, seed=seed)
    return {"train": (X[:n_train], y[:n_train]), "val": (X[n_train:], y[n_train:])}


_INPUT_SCALE = 6.0  # the playground square is [-6, 6]^2; the network sees [-1, 1]^2


def _init_params(sizes: list[int], rng) -> list[list[np.ndarray]]:
    # Glorot-uniform weights and zero biases, as Keras' Dense layer starts.
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params.append([rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)])
    return params


def _forward(params, X, *, rate: float = 0.0, rng=None):
    """Return (p, cache): the probability of class 1 and what backprop needs."""
    a, cache = X, []
    for W, b in params[:-1]:
        h = np.tanh(a @ W + b)
        out, mask = dropout_forward(h, rate, training=rng is not None, rng=rng)
        cache.append((a, h, mask))
        a = out
    W, b = params[-1]
    z = (a @ W + b)[:, 0]
    cache.append((a, None, None))
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), cache


def _gradients(params, X, y, *, l2: float = 0.0, rate: float = 0.0, rng=None) -> list[list[np.ndarray]]:
    """Backpropagation: d(BCE + l2 * sum W**2)/d(each W and b), one [dW, db] per layer.

    With ``rng`` given, dropout (rate ``rate``) is on and the gradient flows
    only through the units the mask kept, scaled like the forward pass.
    """
    p, cache = _forward(params, X, rate=rate, rng=rng)
    dz = ((p - y) / len(y))[:, None]  # d BCE / d logit for a sigmoid output
    grads: list[list[np.ndarray]] = [[] for _ in params]
    for i in range(len(params) - 1, -1, -1):
        a_prev = cache[i][0]
        W = params[i][0]
        grads[i] = [a_prev.T @ dz + 2 * l2 * W, dz.sum(axis=0)]
        if i > 0:
            _, h_prev, mask = cache[i - 1]
            da = dz @ W.T
            if rng is not None and rate > 0:
                da = da * mask / (1.0 - rate)
            dz = da * (1.0 - h_prev**2)  # tanh'(z) = 1 - tanh(z)**2
    return grads


def mlp_predict_proba(params, X) -> np.ndarray:
    """Probability of class 1 (test mode: no dropout) for points in playground coordinates.

    X : (n, 2) -> (n,). The inputs are scaled as :func:`train_mlp` scales them.
    """
    return _forward(params, np.asarray(X, dtype=float) / _INPUT_SCALE)[0]


def mlp_hidden(params, X) -> np.ndarray:
    """Activations of the first hidden layer (test mode). X : (n, 2) -> (n, units)."""
    W, b = params[0]
    return np.tanh(np.asarray(X, dtype=float) / _INPUT_SCALE @ W + b)


def train_mlp(
    X_train,
    y_train,
    X_val,
    y_val,
    *,
    hidden_units=(32, 32),
    num_epochs: int = 300,
    learning_rate: float = 0.01,
    l2: float = 0.0,
    dropout_rate: float = 0.0,
    seed: int = 0,
    snapshot_every: int = 10,
    grid_size: int = 60,
    extent: tuple[float, float, float, float] = (-6.0, 6.0, -6.0, 6.0),
    name: str = "",
) -> TrainingRecord:
    """Train a tanh network for two classes with full-batch Adam; record every epoch.

    One epoch is one gradient step on the whole training set (fine for the
    few dozen points used here). The loss minimised is the binary
    cross-entropy plus ``l2 * sum(W**2)`` over the weight matrices; dropout
    (rate ``dropout_rate``) is applied after each hidden layer in training
    only. Inputs are divided by 6, the half-width of the playground square.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, 2);  y_train : (n_train,) of 0/1
    X_val : ndarray of shape (n_val, 2);  y_val : (n_val,) of 0/1
    hidden_units : tuple of int
        Units in each hidden layer, e.g. (32, 32).
    num_epochs : int
        Full-batch Adam steps.
    learning_rate : float
        Adam's step size.
    l2 : float
        lambda of the L2 penalty on the weight matrices (not the biases).
    dropout_rate : float in [0, 1)
        Share of hidden outputs dropped at each training step (0: no dropout).
    seed : int
        Seeds the starting weights and the dropout masks.
    snapshot_every : int
        Record the predictions on the grid every this many epochs (and at the end).
    grid_size : int
        The grid has grid_size x grid_size points over ``extent``.
    extent : (xmin, xmax, ymin, ymax)
        The square drawn by the demos, in playground coordinates.
    name : str
        A label for plots (default: the layer sizes).

    Returns
    -------
    TrainingRecord
    """
    X_train, X_val = (np.asarray(X, dtype=float) / _INPUT_SCALE for X in (X_train, X_val))
    y_train, y_val = (np.asarray(y, dtype=float) for y in (y_train, y_val))
    for X, y, which in ((X_train, y_train, "training"), (X_val, y_val, "validation")):
        if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),):
            raise ValueError(
                f"the {which} set needs X of shape (n, 2) and y of shape (n,); got {X.shape} and {y.shape}."
            )
    hidden_units = tuple(int(u) for u in np.atleast_1d(hidden_units))
    if not hidden_units or min(hidden_units) < 1:
        raise ValueError(f"hidden_units must list at least one layer of 1 or more units, not {hidden_units}.")
    if isinstance(num_epochs, bool) or not isinstance(num_epochs, (int, np.integer)) or num_epochs < 1:
        raise ValueError(f"num_epochs must be a whole number of 1 or more, not {num_epochs!r}.")
    if isinstance(l2, bool) or not isinstance(l2, (int, float, np.floating)) or l2 < 0:
        raise ValueError(f"l2 (lambda) must be a number of 0 or more, not {l2!r}.")
    for label, value in (("snapshot_every", snapshot_every), ("grid_size", grid_size)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{label} must be a whole number of 1 or more, not {value!r}.")
    dropout_forward(np.zeros(1), dropout_rate, training=False)  # validates the rate
    with threadpool_limits(1):  # tiny matrices: one thread is faster than a contended pool
        return _train_mlp(X_train, y_train, X_val, y_val, hidden_units, num_epochs, learning_rate, l2,
                          dropout_rate, seed, snapshot_every, grid_size, extent, name)


def _train_mlp(X_train, y_train, X_val, y_val, hidden_units, num_epochs, learning_rate, l2, dropout_rate,
               seed, snapshot_every, grid_size, extent, name) -> TrainingRecord:
    rng = np.random.default_rng(seed)
    params = _init_params([2, *hidden_units, 1], rng)
    moments = [[np.zeros_like(p) for p in layer] for layer in params]
    squares = [[np.zeros_like(p) for p in layer] for layer in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    g = np.linspace(extent[0], extent[1], grid_size)
    h = np.linspace(extent[2], extent[3], grid_size)
    grid = np.stack(np.meshgrid(g, h), axis=-1).reshape(-1, 2) / _INPUT_SCALE

    curves = {k: np.empty(num_epochs + 1) for k in ("train_loss", "val_loss", "train_acc", "val_acc")}
    snap_epochs, snaps = [], []

    def measure(epoch: int) -> None:
        for X, y, which in ((X_train, y_train, "train"), (X_val, y_val, "val")):
            p = _forward(params, X)[0]
            curves[f"{which}_loss"][epoch] = binary_cross_entropy(y, p)
            curves[f"{which}_acc"][epoch] = float(np.mean((p > 0.5) == (y > 0.5)))
        if epoch % snapshot_every == 0 or epoch == num_epochs:
            snap_epochs.append(epoch)
            snaps.append(_forward(params, grid)[0].reshape(grid_size, grid_size))

    measure(0)
    for epoch in range(1, num_epochs + 1):
        grads = _gradients(params, X_train, y_train, l2=l2, rate=dropout_rate,
                           rng=rng if dropout_rate > 0 else None)
        for i, layer_grads in enumerate(grads):
            for j, grad in enumerate(layer_grads):
                moments[i][j] = beta1 * moments[i][j] + (1 - beta1) * grad
                squares[i][j] = beta2 * squares[i][j] + (1 - beta2) * grad**2
                m_hat = moments[i][j] / (1 - beta1**epoch)
                v_hat = squares[i][j] / (1 - beta2**epoch)
                params[i][j] = params[i][j] - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        measure(epoch)

    return TrainingRecord(
        name=name or f"{'-'.join(map(str, hidden_units))} units",
        hidden_units=hidden_units, l2=float(l2), dropout_rate=float(dropout_rate),
        snapshot_epochs=np.array(snap_epochs), snapshots=np.array(snaps), extent=tuple(extent),
        params=[(W.copy(), b.copy()) for W, b in params], **curves,
    )


# --------------------------------------------------------------------------- seed 000's data


def make_random_dates(n_samples: int = 100, *, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """Seed 000's "will she like you" table, drawn the way the source draws it.

    Every column, the label included, is an independent random integer
    (NumPy's legacy generator, as in ``np.random.seed(42)``): height
    150-199, age 18-39, income 30000-99999, considerate 0/1, distance 0/1,
    and liked 0/1. The label has no relation to the features at all.

    Returns
    -------
    X : ndarray of shape (n_samples, 5), float, columns :data:`DATE_FEATURES`
    y : ndarray of shape (n_samples,), int 0/1
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a whole number of 1 or more, not {n_samples!r}.")
    rng = np.random.RandomState(seed)
    columns = [
        rng.randint(150, 200, size=n_samples),
        rng.randint(18, 40, size=n_samples),
        rng.randint(30000, 100000, size=n_samples),
        rng.randint(0, 2, size=n_samples),
        rng.randint(0, 2, size=n_samples),
    ]
    y = rng.randint(0, 2, size=n_samples)
    return np.stack(columns, axis=1).astype(float), y.astype(np.int64)


# --------------------------------------------------------------------------- static figures


def plot_l2_sweep(sweep: dict, *, ax=None) -> Figure:
    """Training and validation error against log10(lambda)."""
    ax = axes_or_new(ax)
    ax.semilogy(sweep["log10_l2"], sweep["train"], color="tab:blue", label="training error")
    ax.semilogy(sweep["log10_l2"], sweep["val"], color="tab:orange", label="validation error")
    ax.set(xlabel=r"$\log_{10} \lambda$", ylabel="mean squared error")
    ax.legend(loc="upper left", fontsize=8)
    return ax.figure


def _draw_boundary(ax, record: TrainingRecord, data, epoch: int):
    image = ax.imshow(record.snapshot_at(epoch), origin="lower", extent=record.extent, cmap="RdBu",
                      vmin=0, vmax=1, alpha=0.6, interpolation="bilinear")
    X, y = data["train"]
    points = ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, "tab:blue", "tab:red"), s=22, edgecolors="white",
               linewidths=0.8, zorder=3)
    ax.set(xlim=record.extent[:2], ylim=record.extent[2:], xticks=[], yticks=[], aspect="equal")
    return image, points


def _draw_curves(ax, record: TrainingRecord, patience: int | None = None):
    epochs = np.arange(record.num_epochs + 1)
    (train_line,) = ax.plot(epochs, record.train_loss, color="tab:blue", label="training loss")
    (val_line,) = ax.plot(epochs, record.val_loss, color="tab:orange", label="validation loss")
    if patience is not None:
        best, stop = early_stopping(record.val_loss[1:], patience)
        ax.axvline(best, color="tab:green", ls="--", lw=1, label=f"early stopping keeps epoch {best}")
    ax.set(xlabel="epoch", ylabel="binary cross-entropy", xlim=(0, record.num_epochs))
    ax.legend(loc="upper right", fontsize=8)
    return train_line, val_line


def plot_training_record(record: TrainingRecord, data, epoch: int | None = None, *,
                         patience: int | None = None, ax=None) -> Figure:
    """The decision boundary at ``epoch`` (left) and the loss curves (right).

    ``ax``: a pair of Axes to draw on (a new Figure when None). With
    ``patience``, the epoch that early stopping keeps is marked.
    """
    epoch = record.num_epochs if epoch is None else int(epoch)
    ax = axes_or_new(ax, figsize=(10, 4), nrows=1, ncols=2)
    if len(ax) != 2:
        raise ValueError("plot_training_record draws on two Axes: pass ax=(left, right).")
    axes = ax
    _draw_boundary(axes[0], record, data, epoch)
    axes[0].set_title(f"{record.name}, epoch {epoch}", fontsize=10)
    _draw_curves(axes[1], record, patience)
    axes[1].axvline(epoch, color="black", lw=1)
    return axes[0].figure


# --------------------------------------------------------------------------- demos


def demo_l2_penalty(degree: int = 12, *, splits=None) -> SliderDemo:
    """A lambda slider for a degree-12 polynomial fitted with the penalized loss.

    Left: the fit. Middle: the weights. Right: training and validation error
    against log10(lambda), the current lambda marked.
    """
    splits = wave_splits() if splits is None else splits
    sweep = l2_sweep(splits, degree, np.arange(-8.0, 1.01, 0.25))
    weights = [fit_polynomial(*splits["train"], degree, l2=float(10.0**k)) for k in sweep["log10_l2"]]

    live = LiveFigure(1, 3, figsize=(12, 3.6), gridspec_kw={"width_ratios": [1.2, 1, 1.1]})
    left, middle, right = live.axes
    left.plot(_X_GRID, true_wave(_X_GRID), "--", color="0.6", label="true signal")
    left.scatter(*splits["train"], s=18, color="tab:blue", zorder=3, label="training")
    left.scatter(*splits["val"], s=18, color="tab:orange", marker="s", zorder=3, label="validation")
    (curve,) = left.plot(_X_GRID, sweep["curves"][0], color="tab:red", lw=2, label="model")
    left.set(xlim=(0, 1), ylim=_WAVE_YLIM, xlabel="x", ylabel="y")
    left.legend(loc="lower left", fontsize=7, ncol=2)
    big = max(float(np.abs(w[1:]).max()) for w in weights)
    (stems,) = middle.plot(np.arange(1, degree + 1), weights[0][1:], "o-", color="tab:purple")
    middle.set(yscale="symlog", ylim=(-big * 2, big * 2), xlabel="power k of z", ylabel="weight $w_k$ (symlog)")
    middle.axhline(0, color="0.5", lw=0.8)
    plot_l2_sweep(sweep, ax=right)
    (dots,) = right.plot([], [], "o", ms=10, mfc="none", mec="black", mew=2)
    left.set_title(" ")
    middle.set_title(" ")
    live.figure.tight_layout()
    live.animate(curve, stems, dots, left.title, middle.title)
    index = {round(float(k), 2): i for i, k in enumerate(sweep["log10_l2"])}

    def update(log10_lambda: float) -> None:
        i = index.get(round(float(log10_lambda), 2))
        if i is None:
            raise ValueError(f"log10 lambda must be a multiple of 0.25 from -8 to 1, not {log10_lambda}.")
        curve.set_ydata(sweep["curves"][i])
        stems.set_ydata(weights[i][1:])
        dots.set_data([sweep["log10_l2"][i]] * 2, [sweep["train"][i], sweep["val"][i]])
        left.set_title(f"lambda = {10.0 ** log10_lambda:.2g}: train {sweep['train'][i]:.3f}, "
                       f"validation {sweep['val'][i]:.3f}", fontsize=10)
        middle.set_title(f"sum of $w_k^2$ = {sweep['sum_w2'][i]:.3g}", fontsize=10)

    controls = {"log10_lambda": slider("log10 lambda", -8.0, 1.0, 0.25, -8.0)}
    return SliderDemo(controls, update, figure=live, title="L2 weight decay: L' = L + lambda * sum(w^2)")


def demo_training_epochs(record: TrainingRecord | None = None, data=None, *, patience: int = 20) -> SliderDemo:
    """An epoch slider over a finished training run, with early stopping marked."""
    if record is None:
        data = make_overfit_data()
        record = train_mlp(*data["train"], *data["val"], hidden_units=(64, 64), num_epochs=400)
    if data is None:
        raise ValueError("pass the data the record was trained on: demo_training_epochs(record, data).")
    live = LiveFigure(1, 2, figsize=(10, 4))
    left, right = live.axes
    image, points = _draw_boundary(left, record, data, 0)
    _draw_curves(right, record, patience)
    marker = right.axvline(0, color="black", lw=1)
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(image, points, marker, left.title)  # points after the image, so they stay on top

    def update(epoch: int) -> None:
        image.set_data(record.snapshot_at(epoch))
        marker.set_xdata([epoch, epoch])
        left.set_title(f"epoch {epoch}: train acc {record.train_acc[epoch]:.0%}, "
                       f"validation acc {record.val_acc[epoch]:.0%}", fontsize=10)

    step = int(record.snapshot_epochs[1] - record.snapshot_epochs[0]) if len(record.snapshot_epochs) > 1 else 1
    controls = {"epoch": slider("epoch", 0, record.num_epochs, step, 0)}
    return SliderDemo(controls, update, figure=live, title="Training longer: when does validation loss turn up?")


def demo_network_size(records: dict | None = None, data=None) -> SliderDemo:
    """A slider over trained networks of different width (records keyed by hidden units)."""
    if records is None:
        data = make_overfit_data()
        records = {u: train_mlp(*data["train"], *data["val"], hidden_units=(u, u), num_epochs=400)
                   for u in (2, 8, 64)}
    if data is None:
        raise ValueError("pass the data the records were trained on: demo_network_size(records, data).")
    units = sorted(records)
    first = records[units[0]]
    live = LiveFigure(1, 2, figsize=(10, 4))
    left, right = live.axes
    image, points = _draw_boundary(left, first, data, first.num_epochs)
    train_line, val_line = _draw_curves(right, first)
    top = max(float(np.max(r.val_loss)) for r in records.values())
    right.set(ylim=(0, min(top * 1.05, 3.0)), xlim=(0, max(r.num_epochs for r in records.values())))
    left.set_title(" ")
    live.figure.tight_layout()
    live.animate(image, points, train_line, val_line, left.title)

    def update(hidden_units: int) -> None:
        record = records[hidden_units]
        image.set_data(record.snapshot_at(record.num_epochs))
        epochs = np.arange(record.num_epochs + 1)
        train_line.set_data(epochs, record.train_loss)
        val_line.set_data(epochs, record.val_loss)
        left.set_title(f"{record.name}: train acc {record.train_acc[-1]:.0%}, "
                       f"validation acc {record.val_acc[-1]:.0%}", fontsize=10)

    control = widgets.SelectionSlider(
        options=units, value=units[-1], description="hidden units per layer",
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"),
    )
    return SliderDemo({"hidden_units": control}, update, figure=live, title="A smaller network")


def demo_dropout(records: dict | None = None, data=None, *, num_draws: int = 20) -> SliderDemo:
    """Dropout's mechanism (left) and its measured effect (right).

    Left: the first hidden layer's activations (its first 16 units) for one validation point;
    in training mode a fresh random mask zeroes a share ``rate`` of them and
    scales the rest by 1/(1 - rate); in test mode every unit passes
    unchanged. Right: the validation loss of networks trained with that rate
    (records keyed by rate), against the network trained without dropout.
    """
    if records is None:
        data = make_overfit_data()
        records = {r: train_mlp(*data["train"], *data["val"], hidden_units=(64, 64), num_epochs=400,
                                dropout_rate=r) for r in (0.0, 0.2, 0.5)}
    if data is None:
        raise ValueError("pass the data the records were trained on: demo_dropout(records, data).")
    rates = sorted(records)
    if 0.0 not in records:
        raise ValueError("records need a network trained without dropout (rate 0.0) to compare with.")
    X_val = data["val"][0]
    # the first 16 units of the first hidden layer: enough to see the pattern, cheap to redraw
    activations = {r: mlp_hidden(records[r].params, X_val[:1])[0, :16] for r in rates}
    n_units = len(activations[rates[0]])
    limit = 1.0 / (1.0 - max(rates)) * 1.05

    live = LiveFigure(1, 2, figsize=(11, 3.8))
    left, right = live.axes
    ghosts = left.bar(np.arange(n_units), activations[rates[0]], color="none", edgecolor="0.6", lw=0.8)
    bars = left.bar(np.arange(n_units), activations[rates[0]], color="tab:purple", alpha=0.85)
    left.set(ylim=(-limit, limit), xlabel="hidden unit", ylabel="activation after dropout")
    left.axhline(0, color="0.5", lw=0.8)
    base = records[0.0]
    epochs = np.arange(base.num_epochs + 1)
    right.plot(epochs, base.val_loss, color="0.55", label="validation, no dropout")
    (val_line,) = right.plot(epochs, base.val_loss, color="tab:orange", label="validation, this rate")
    (train_line,) = right.plot(epochs, base.train_loss, color="tab:blue", ls="--", label="training, this rate")
    top = max(float(np.max(r.val_loss)) for r in records.values())
    right.set(xlabel="epoch", ylabel="binary cross-entropy", ylim=(0, min(top * 1.05, 3.0)))
    right.legend(loc="lower left", fontsize=8)
    left.set_title(" ")
    right.set_title(" ")
    live.figure.tight_layout()
    live.animate(*bars.patches, *ghosts.patches, left.title, right.title, val_line, train_line)

    def update(rate: float, mode: str, draw: int) -> None:
        a = activations[rate][None, :]
        for patch, value in zip(ghosts.patches, a[0], strict=True):
            patch.set_height(value)  # the outline: this network's activation before dropout
        out, mask = dropout_forward(a, rate, training=(mode == "training"), rng=np.random.default_rng(draw))
        for patch, value in zip(bars.patches, out[0], strict=True):
            patch.set_height(value)
        dropped = int((~mask).sum())
        if mode == "training":
            left.set_title(f"training: {dropped} of {n_units} units dropped, the rest x {1 / (1 - rate):.2f}",
                           fontsize=10)
        else:
            left.set_title(f"test: all {n_units} units on, nothing scaled", fontsize=10)
        record = records[rate]
        val_line.set_ydata(record.val_loss)
        train_line.set_ydata(record.train_loss)
        right.set_title(f"rate {rate}: lowest validation loss {record.val_loss.min():.3f}, "
                        f"final {record.val_loss[-1]:.3f}", fontsize=10)

    controls = {
        "rate": widgets.SelectionSlider(options=rates, value=rates[-1], description="dropout rate",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="420px")),
        "mode": widgets.ToggleButtons(options=["training", "test"], value="training", description="mode"),
        "draw": slider("random draw (mini-batch)", 0, num_draws - 1, 1, 0),
    }
    return SliderDemo(controls, update, figure=live, title="Dropout: on in training, off at test")


# --------------------------------------------------------------------------- exercises


@exercise("05-1")
def _check_05_1(answer) -> CheckResult:
    cases = [
        ((0.5, np.array([1.0, -2.0]), 0.1), 0.5 + 0.1 * 5.0),
        ((0.0, np.array([0.3, 0.4, -1.2]), 0.0), 0.0),
        ((1.2, np.array([[1.0, 2.0], [-1.0, 0.5]]), 0.01), 1.2 + 0.01 * 6.25),
    ]
    return check_function(answer, cases, name="penalized_loss", show=False,
                          hint="add lambda times the SUM of the SQUARED weights to the data loss.")


@exercise("05-3")
def _check_05_3(answer) -> CheckResult:
    rng = np.random.default_rng(5)
    a = rng.normal(size=(3, 4))
    mask = rng.random((3, 4)) >= 0.25
    cases = [
        ((a, mask, 0.25), a * mask / 0.75),
        ((a, np.ones((3, 4), dtype=bool), 0.5), a * 2.0),
        ((np.array([[1.0, 2.0]]), np.array([[True, False]]), 0.5), np.array([[2.0, 0.0]])),
    ]
    return check_function(answer, cases, name="training_dropout", show=False,
                          hint="zero the values where the mask is False, then divide the survivors by (1 - rate).")


@exercise("05-4")
def _check_05_4(answer) -> CheckResult:
    best, stop = early_stopping(EARLY_STOPPING_EXAMPLE, patience=3)
    return check_array(answer, [best, stop], name="[best_epoch, stop_epoch]",
                       hint="count epochs from 1; after the best epoch, training runs `patience` more "
                            "epochs without improvement, then stops.")
