"""Notebook 02: a neuron (神經元), the perceptron (感知器) and layers as matrices.

A neuron computes a weighted sum of its inputs, adds a bias and passes the
result through an activation function. The perceptron learning rule finds the
weights of a single step-activated neuron for any linearly separable problem
(AND, OR) and never settles on XOR; two layers solve XOR. A whole layer is one
matrix product, ``A1 = sigmoid(A0 @ W1 + b1)``.

Conventions (docs/notation.md): **rows are samples**. ``X`` (or ``A0``) has
shape (n_samples, n_in); a layer's weights ``W`` have shape (n_in, n_out),
so ``W[i, j]`` is the weight from input i to neuron j; its biases ``b`` have
shape (n_out,); the layer computes ``activation(X @ W + b)``. This is how
Keras stores a Dense layer. In drawings, blue is positive and orange negative
(weights and values alike), and the two classes are blue (1) and orange (0).

:func:`decision_line` is the package's one "line from a neuron's weights".
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from . import _validate as v
from .activations import ACTIVATIONS, get_activation, sigmoid, step
from .checks import CheckResult, check_array, check_function, exercise
from .data import make_playground_data
from .widgets import BLUE as _BLUE
from .widgets import ORANGE as _ORANGE
from .widgets import SIGN_CMAP as _SIGN_CMAP
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "weighted_sum", "neuron_output", "decision_line", "half_plane_polygon",
    "LOGIC_GATES", "logic_gate", "train_perceptron", "best_line_accuracy",
    "layer_forward", "layer_forward_by_neuron", "network_forward",
    "xor_network", "example_network",
    "plot_neuron", "plot_perceptron_step", "plot_network",
    "demo_neuron", "demo_perceptron", "demo_network",
]

# The course's colours (docs/notation.md): TensorFlow Playground's blue and orange.

#: The activations a neuron here can use: the perceptron's step and every element-wise one.
_NEURON_ACTIVATIONS = ("step", *ACTIVATIONS)


def _activation(name: str):
    name = v.as_str(name, "activation")
    if name.strip().lower() == "step":
        return step
    if name.strip().lower() not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation {name!r}: activation should be one of "
            f"{', '.join(repr(k) for k in _NEURON_ACTIVATIONS)}."
        )
    return get_activation(name)[0]


def _out(array: np.ndarray):
    return float(array) if array.ndim == 0 else array


# --------------------------------------------------------------------------- numbers: one neuron


def weighted_sum(X, w, b: float):
    """z = X @ w + b: each sample's inputs times the weights, summed, plus the bias.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_inputs), or (n_inputs,) for one sample
    w : array-like of shape (n_inputs,)
    b : float

    Returns
    -------
    z : ndarray of shape (n_samples,), or a float for one sample
    """
    w = v.as_array(w, "w (the weights)", ndim=1)
    X = v.as_array(X, "X", ndim=(1, 2))
    b = v.as_number(b, "b (the bias, one number)")
    if X.shape[-1] != w.size:
        raise ValueError(
            f"each sample of X has {X.shape[-1]} inputs but there are {w.size} weights: "
            "one weight per input, so they must match."
        )
    return _out(X @ w + b)


def neuron_output(X, w, b: float, activation: str = "step"):
    """activation(X @ w + b) for every sample (row) of X.

    ``activation`` is ``"step"`` (the perceptron's 0/1 threshold) or one of
    ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"linear"``.

    Returns
    -------
    ndarray of shape (n_samples,), or a number for one sample
    """
    f = _activation(activation)
    return f(weighted_sum(X, w, b))


def _two_weights(w) -> tuple[float, float]:
    w1, w2 = v.as_array(w, "w (a line in the plane needs two weights w1, w2)", shape=(2,))
    return float(w1), float(w2)


def _limits(lim, name: str) -> tuple[float, float]:
    low, high = v.as_array(lim, f"{name} (the box's (low, high))", shape=(2,))
    if not low < high:
        raise ValueError(f"{name} should be (low, high) with low < high, but it is ({low:g}, {high:g}).")
    return float(low), float(high)


def decision_line(w, b: float, xlim=(-6.0, 6.0), ylim=None) -> tuple[np.ndarray, np.ndarray]:
    """The piece of the line w1 x1 + w2 x2 + b = 0 that lies inside a box.

    This is where a neuron with two inputs switches: z > 0 on one side, z < 0
    on the other. Its normal vector is (w1, w2).

    Parameters
    ----------
    w : array-like of shape (2,)
        The weights (w1, w2), e.g. one column of a layer's ``W`` of shape (2, n_out).
    b : float
        The bias.
    xlim, ylim : (float, float)
        The box; ``ylim`` defaults to ``xlim``.

    Returns
    -------
    xs, ys : ndarray of shape (2,) each
        The segment's two ends, so ``ax.plot(*decision_line(w, b))`` draws it
        and ``line.set_data(*decision_line(w, b))`` moves a drawn one. Both
        have shape (0,) when the line misses the box, or when both weights
        are 0 (then there is no line: z is the same everywhere).
    """
    w1, w2 = _two_weights(w)
    b = v.as_number(b, "b (the bias)")
    xlim = _limits(xlim, "xlim")
    ylim = xlim if ylim is None else _limits(ylim, "ylim")
    tol = 1e-12 * max(1.0, *np.abs(xlim), *np.abs(ylim))
    points = []
    if w2 != 0:  # where the line crosses the left and right edges
        points += [(x, -(w1 * x + b) / w2) for x in xlim]
    if w1 != 0:  # ... and the bottom and top edges
        points += [(-(w2 * y + b) / w1, y) for y in ylim]
    inside = np.array([(x, y) for x, y in points
                       if xlim[0] - tol <= x <= xlim[1] + tol and ylim[0] - tol <= y <= ylim[1] + tol]).reshape(-1, 2)
    if len(inside) < 2:
        return np.empty(0), np.empty(0)
    along = inside @ np.array([-w2, w1])  # position along the line's direction
    ends = inside[[int(np.argmin(along)), int(np.argmax(along))]]
    return ends[:, 0].copy(), ends[:, 1].copy()


def half_plane_polygon(w, b: float, xlim=(-6.0, 6.0), ylim=None) -> np.ndarray:
    """The part of a box where w1 x1 + w2 x2 + b >= 0 (where a step neuron outputs 1).

    Clips the box's corners against the line (one Sutherland-Hodgman pass).

    Returns
    -------
    ndarray of shape (k, 2)
        The corners of that region in order, k = 0 when it is empty.
    """
    w1, w2 = _two_weights(w)
    b = v.as_number(b, "b (the bias)")
    xlim = _limits(xlim, "xlim")
    ylim = xlim if ylim is None else _limits(ylim, "ylim")
    box = [(xlim[0], ylim[0]), (xlim[1], ylim[0]), (xlim[1], ylim[1]), (xlim[0], ylim[1])]
    return np.array(_clip(box, w1, w2, b), dtype=float).reshape(-1, 2)


def _clip(corners: list[tuple[float, float]], w1: float, w2: float, b: float) -> list[tuple[float, float]]:
    """Keep the part of a convex polygon where w1 x + w2 y + b >= 0."""
    value = [w1 * x + w2 * y + b for x, y in corners]
    out: list[tuple[float, float]] = []
    n = len(corners)
    for k in range(n):
        (x0, y0), (x1, y1), v0, v1 = corners[k], corners[(k + 1) % n], value[k], value[(k + 1) % n]
        if v0 >= 0:
            out.append((x0, y0))
        if (v0 >= 0) != (v1 >= 0):  # the edge crosses the line
            t = v0 / (v0 - v1)
            out.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return out


# --------------------------------------------------------------------------- numbers: the perceptron

#: The truth tables of four gates: outputs for the inputs (0,0), (0,1), (1,0), (1,1).
LOGIC_GATES = MappingProxyType({
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),  # 1 when exactly one input is 1
})


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a logic gate: "AND", "OR", "NAND", "NOR" or "XOR".

    Returns
    -------
    X : ndarray of shape (4, 2), the inputs (0,0), (0,1), (1,0), (1,1), one per row
    y : ndarray of shape (4,), int, the gate's output for each
    """
    key = v.choice(name, "gate", LOGIC_GATES)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(LOGIC_GATES[key], dtype=np.int64)


@dataclass(frozen=True)
class PerceptronStep:
    """One visit of one training point by the perceptron rule.

    ``w`` and ``b`` are the weights *after* the visit; ``updated`` says
    whether the point was misclassified (and so changed them).
    """

    step: int
    epoch: int
    index: int
    x: np.ndarray
    target: int
    predicted: int
    w: np.ndarray
    b: float

    @property
    def updated(self) -> bool:
        return self.predicted != self.target


@dataclass(frozen=True)
class PerceptronRun:
    """The whole history of :func:`train_perceptron`.

    Attributes
    ----------
    steps : list of PerceptronStep, one per visited point
    w0 : ndarray of shape (n_inputs,), b0 : float, the starting weights
    epoch_errors : list of int, the misclassified points in each epoch
    converged : bool, True when an epoch had no error
    cycle : (int, int) or None
        ``(i, j)`` when the weights at the start of epoch j equal those at the
        start of an earlier epoch i that had errors: the rule then repeats
        the same epochs forever and can never converge.
    """

    steps: list[PerceptronStep]
    w0: np.ndarray
    b0: float
    epoch_errors: list[int]
    converged: bool
    cycle: tuple[int, int] | None

    def weights_at(self, step: int) -> tuple[np.ndarray, float]:
        """The weights ``(w, b)`` after ``step`` visits (0: the starting weights; past the end: the last)."""
        step = v.as_int(step, "step", low=0)
        if step == 0 or not self.steps:
            return self.w0.copy(), self.b0
        last = self.steps[min(step, len(self.steps)) - 1]
        return last.w.copy(), last.b


def train_perceptron(
    X, y, *, learning_rate: float = 1.0, max_epochs: int = 20, w0=None, b0: float = 0.0
) -> PerceptronRun:
    """The perceptron learning rule, one point at a time, in order.

    For each point: predict ``step(x @ w + b)``; when it is wrong, move the
    weights towards the right answer,
    ``w += learning_rate * (target - predicted) * x`` and
    ``b += learning_rate * (target - predicted)``. Stops after the first
    epoch without an error, or after ``max_epochs`` epochs.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples,), values 0 and 1
    learning_rate : float, > 0
    max_epochs : int, >= 1
    w0 : array-like of shape (n_inputs,), optional (zeros when omitted)
    b0 : float

    Returns
    -------
    PerceptronRun
    """
    X = v.as_matrix(X, "X")
    y = v.labels(y, "y (labels 0 or 1)", num_classes=2)
    v.same_length("X", X, "y", y)
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0.0, low_open=True)
    max_epochs = v.as_int(max_epochs, "max_epochs", low=1)
    w = np.zeros(X.shape[1]) if w0 is None else v.as_array(w0, "w0 (one starting weight per input)",
                                                             shape=(X.shape[1],)).copy()
    b = v.as_number(b0, "b0")
    start_w, start_b = w.copy(), b
    steps: list[PerceptronStep] = []
    epoch_errors: list[int] = []
    seen: dict[tuple, int] = {}
    cycle = None
    converged = False
    for epoch in range(max_epochs):
        state = (*w.tolist(), b)
        if state in seen and cycle is None:
            cycle = (seen[state], epoch)
        seen.setdefault(state, epoch)
        errors = 0
        for i, (x, target) in enumerate(zip(X, y, strict=True)):
            predicted = int(x @ w + b >= 0)
            if predicted != target:
                errors += 1
                w = w + learning_rate * (target - predicted) * x
                b = b + learning_rate * (target - predicted)
            steps.append(PerceptronStep(len(steps) + 1, epoch, i, x.copy(), int(target), predicted, w.copy(), b))
        epoch_errors.append(errors)
        if errors == 0:
            converged = True
            break
    return PerceptronRun(steps, start_w, start_b, epoch_errors, converged, cycle)


def best_line_accuracy(X, y, values=None) -> int:
    """The most points any step neuron with weights from a grid gets right.

    Tries every ``(w1, w2, b)`` with each taken from ``values`` (default:
    -5 to 5 in steps of 0.25, 41 values, so 68,921 neurons) and returns the
    largest number of correctly classified points.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,), labels 0 and 1
    values : array-like of shape (k,), optional
    """
    X = v.as_array(X, "X (points with two inputs each)", shape=(None, 2))
    y = v.labels(y, "y (labels 0 or 1)", num_classes=2)
    v.same_length("X", X, "y", y)
    grid = np.arange(-5.0, 5.0001, 0.25) if values is None else v.as_array(values, "values", ndim=1)
    w2, b = (a.ravel() for a in np.meshgrid(grid, grid, indexing="ij"))
    best = 0
    for w1 in grid:  # one w1 at a time keeps the memory small for fine grids
        out = (X[:, 0:1] * w1 + X[:, 1:2] * w2 + b >= 0).astype(int)  # (n_samples, k**2)
        best = max(best, int((out == y[:, None]).sum(axis=0).max()))
    return best


# --------------------------------------------------------------------------- numbers: layers as matrices


def _layer_inputs(X, W, b) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = v.as_matrix(W, "W (shape (n_in, n_out))")
    X = v.as_array(X, "X", ndim=(1, 2))
    if X.shape[-1] != W.shape[0]:
        raise ValueError(
            f"X of shape {X.shape} cannot go through W of shape {W.shape}: each sample (row of X) has "
            f"{X.shape[-1]} inputs, but W has {W.shape[0]} rows, one per input (W is (n_in, n_out))."
        )
    b = v.as_array(b, "b (one bias per neuron)", ndim=1)
    if b.shape != (W.shape[1],):
        raise ValueError(f"b should have shape ({W.shape[1]},), one bias per neuron (column of W), "
                         f"but it has shape {b.shape}.")
    return X, W, b


def layer_forward(X, W, b, activation: str = "sigmoid") -> np.ndarray:
    """One dense layer as a matrix product: ``activation(X @ W + b)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_in), or (n_in,) for one sample
    W : array-like of shape (n_in, n_out); ``W[i, j]`` is the weight from input i to neuron j
    b : array-like of shape (n_out,)
    activation : str
        ``"step"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or ``"linear"``.

    Returns
    -------
    A : ndarray of shape (n_samples, n_out), or (n_out,) for one sample
    """
    f = _activation(activation)
    X, W, b = _layer_inputs(X, W, b)
    return np.asarray(f(X @ W + b), dtype=float)


def layer_forward_by_neuron(X, W, b, activation: str = "sigmoid") -> np.ndarray:
    """The same layer, one sample, one neuron and one input at a time (slow, for reading).

    ``A[s, j] = activation(sum_i X[s, i] * W[i, j] + b[j])`` for every sample s
    and neuron j: what :func:`layer_forward` does in one matrix product.
    """
    f = _activation(activation)
    X, W, b = _layer_inputs(X, W, b)
    rows = np.atleast_2d(X)
    n_in, n_out = W.shape
    A = np.zeros((rows.shape[0], n_out))
    for s in range(rows.shape[0]):
        for j in range(n_out):
            z = b[j]
            for i in range(n_in):
                z += rows[s, i] * W[i, j]
            A[s, j] = f(z)
    return A if X.ndim == 2 else A[0]


def network_forward(X, layers, activation: str = "sigmoid") -> list[np.ndarray]:
    """Push ``X`` through layers ``[(W1, b1), (W2, b2), ...]``, the same activation in each.

    Returns
    -------
    list of ndarray
        ``[A0, A1, A2, ...]`` with ``A0 = X``, each of shape (n_samples, n_units).
    """
    _activation(activation)
    if isinstance(layers, (str, bytes, dict)) or not isinstance(layers, Sequence) or not all(
        isinstance(layer, (tuple, list)) and len(layer) == 2 for layer in layers
    ):
        raise TypeError(f"layers should be a list of (W, b) pairs, one per layer, but it is {v.describe(layers)}.")
    if not layers:
        raise ValueError("layers is empty: give at least one (W, b) pair.")
    activations = [v.as_array(X, "X", ndim=(1, 2))]
    for W, b in layers:
        activations.append(layer_forward(activations[-1], W, b, activation))
    return activations


def xor_network() -> dict[str, np.ndarray]:
    """Hand-set weights of a two-layer step network that computes XOR.

    Hidden neuron 0 is OR (fires when x1 + x2 >= 0.5), hidden neuron 1 is
    NAND (fires when x1 + x2 <= 1.5); the output is their AND.

    Returns
    -------
    dict with W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,); column j of a W holds neuron j's weights
    """
    return {
        "W1": np.array([[1.0, -1.0],
                        [1.0, -1.0]]),
        "b1": np.array([-0.5, 1.5]),
        "W2": np.array([[1.0],
                        [1.0]]),
        "b2": np.array([-1.5]),
    }


def example_network() -> dict[str, np.ndarray]:
    """The 3 -> 4 -> 2 network the club course draws, with small example weights.

    The course draws it without numbers; these are one decimal each so they
    can be followed by hand.

    Returns
    -------
    dict with A0 (1, 3) (one sample), W1 (3, 4), b1 (4,), W2 (4, 2), b2 (2,)
    """
    return {
        "A0": np.array([[1.0, 0.5, -1.0]]),
        "W1": np.array([[0.2, -2.4, -0.3, -0.6],
                        [-0.5, 1.8, 0.8, 1.0],
                        [-0.4, 1.1, 0.3, -0.3]]),
        "b1": np.array([-0.2, -0.4, 0.2, 0.0]),
        "W2": np.array([[0.5, 0.8],
                        [-0.6, 0.2],
                        [0.1, 0.3],
                        [-0.9, 0.4]]),
        "b2": np.array([-0.5, 0.4]),
    }


# --------------------------------------------------------------------------- figures: one neuron

_BOX = (-6.0, 6.0)
# The sigmoid output is shaded in bands between these levels; since z is linear
# in x, each band is the strip between two lines parallel to the decision line.
_SHADE_LEVELS = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
_SHADE_Z = np.log(_SHADE_LEVELS / (1 - _SHADE_LEVELS))  # the z where sigmoid(z) reaches each level


def _neuron_points() -> tuple[np.ndarray, np.ndarray]:
    return make_playground_data("gaussian", 60, 0.15, seed=2)


def _draw_neuron(ax, X, y) -> dict:
    # Every animated artist lies above the fixed ones (grid 1.5, spines 2.5) and they are animated in
    # the order of their zorder, so a blitted frame (animated artists drawn last) equals a full redraw.
    middles = np.r_[0.0, (_SHADE_LEVELS[:-1] + _SHADE_LEVELS[1:]) / 2, 1.0]  # a colour per band
    bands = []
    for p in middles:  # orange near 0, blue near 1
        band = Polygon(np.zeros((3, 2)), closed=True, facecolor=_SIGN_CMAP(0.1 + 0.8 * p), edgecolor="none",
                       alpha=0.5, zorder=2.6)
        ax.add_patch(band)
        bands.append(band)
    ones = ax.scatter(*X[y == 1].T, color=_BLUE, edgecolor="white", s=40, label="label 1", zorder=3)
    zeros = ax.scatter(*X[y == 0].T, color=_ORANGE, marker="s", edgecolor="white", s=36, label="label 0", zorder=3)
    wrong = ax.scatter([], [], s=150, facecolor="none", edgecolor="black", lw=1.5, label="wrong side", zorder=4)
    (line,) = ax.plot([], [], color="black", lw=2, label="z = 0", zorder=4.5)
    ax.set(xlim=_BOX, ylim=_BOX, xlabel="input x1", ylabel="input x2", aspect="equal")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8)  # outside the shading
    return {"ax": ax, "bands": bands, "points": (ones, zeros), "wrong": wrong, "line": line}


def _update_neuron(artists: dict, X, y, w1: float, w2: float, b: float) -> str:
    """Move the artists for new weights; return the caption (the neuron and how many points are right)."""
    w = np.array([w1, w2])
    box = [(_BOX[0], _BOX[0]), (_BOX[1], _BOX[0]), (_BOX[1], _BOX[1]), (_BOX[0], _BOX[1])]
    edges = np.r_[-np.inf, _SHADE_Z, np.inf]
    for band, low, high in zip(artists["bands"], edges[:-1], edges[1:], strict=True):
        part = box if low == -np.inf else _clip(box, w1, w2, b - low)  # z >= low
        part = part if high == np.inf else _clip(part, -w1, -w2, high - b)  # z <= high
        band.set_xy(np.array(part) if len(part) >= 3 else np.zeros((3, 2)))
    artists["line"].set_data(*decision_line(w, b, _BOX))
    predicted = neuron_output(X, w, b, "step")
    mistakes = predicted != y
    artists["wrong"].set_offsets(X[mistakes] if mistakes.any() else np.empty((0, 2)))
    right = int((~mistakes).sum())
    return f"z = {w1:.1f} x1 {w2:+.1f} x2 {b:+.1f}:  {right}/{len(y)} on the right side"


def plot_neuron(w1: float = 1.0, w2: float = 0.5, b: float = 0.0, *, ax=None) -> Figure:
    """One neuron over 60 labelled 2-D points (blue: label 1, orange: label 0).

    The background shades the neuron's sigmoid output in bands 0-0.1,
    0.1-0.3, ..., 0.9-1 (blue near 1, orange near 0), the black line is
    z = w1 x1 + w2 x2 + b = 0, and circled points fall on the wrong side of it.
    """
    w1, w2, b = v.as_number(w1, "w1"), v.as_number(w2, "w2"), v.as_number(b, "b")
    X, y = _neuron_points()
    made = ax is None
    ax = axes_or_new(ax, figsize=(5, 5))
    artists = _draw_neuron(ax, X, y)
    ax.set_title(_update_neuron(artists, X, y, w1, w2, b), fontsize=10)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def demo_neuron() -> SliderDemo:
    """Sliders for two weights and the bias move the neuron's decision line."""
    X, y = _neuron_points()
    live = LiveFigure(figsize=(5.2, 5.0))
    artists = _draw_neuron(live.axes, X, y)
    live.axes.set_title("z = w1 x1 + w2 x2 + b", fontsize=10)  # fixed: the numbers go below the picture
    _update_neuron(artists, X, y, 1.0, -0.5, 2.0)
    live.figure.tight_layout()
    # drawn in this order, so the points stay on top of the changing background shade
    live.animate(*artists["bands"], *artists["points"], artists["wrong"], artists["line"])
    readout = Readout()

    def update(w1: float, w2: float, b: float) -> None:
        readout.show(f"<code>{_update_neuron(artists, X, y, w1, w2, b)}</code>")

    controls = {
        "w1": slider("weight w1", -2.0, 2.0, 0.1, 1.0),
        "w2": slider("weight w2", -2.0, 2.0, 0.1, -0.5),
        "b": slider("bias b", -6.0, 6.0, 0.1, 2.0),
    }
    return SliderDemo(controls, update, figure=live, readout=readout,
                      title="One neuron: weights tilt the line, the bias shifts it")


# --------------------------------------------------------------------------- figures: the perceptron

_GATE_BOX = (-0.5, 1.5)
_DEMO_GATES = ("AND", "OR", "XOR")
_DEMO_EPOCHS = 6


def _gate_runs() -> dict[str, PerceptronRun]:
    return {gate: train_perceptron(*logic_gate(gate), max_epochs=_DEMO_EPOCHS) for gate in _DEMO_GATES}


def _draw_perceptron(ax) -> dict:
    ax.add_patch(Rectangle((_GATE_BOX[0], _GATE_BOX[0]), np.ptp(_GATE_BOX), np.ptp(_GATE_BOX),
                           facecolor=_ORANGE, alpha=0.15, zorder=0))  # where the neuron says 0
    # Every animated artist lies above the fixed ones (grid 1.5, spines 2.5) and they are animated in
    # the order of their zorder, so a blitted frame (animated artists drawn last) equals a full redraw.
    region = Polygon(np.zeros((3, 2)), closed=True, facecolor=_BLUE, alpha=0.3, zorder=2.6)  # where it says 1
    ax.add_patch(region)
    # the targets: blue circles 1, orange squares 0 (moved for each gate)
    ones = ax.scatter([], [], s=220, color=_BLUE, edgecolor="black", zorder=3, label="target 1")
    zeros = ax.scatter([], [], s=200, marker="s", color=_ORANGE, edgecolor="black", zorder=3, label="target 0")
    visited = ax.scatter([], [], s=700, facecolor="none", edgecolor="black", lw=2.5, zorder=4)
    (line,) = ax.plot([], [], color="black", lw=2, zorder=3.5)
    info = ax.text(0.02, 0.02, "", transform=ax.transAxes, fontsize=9, family="monospace",
                   bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"}, zorder=6)
    ax.set(xlim=_GATE_BOX, ylim=_GATE_BOX, xlabel="x1", ylabel="x2", aspect="equal",
           xticks=[0, 1], yticks=[0, 1])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8, markerscale=0.5)
    return {"ax": ax, "region": region, "points": (ones, zeros), "visited": visited, "line": line, "info": info}


def _update_perceptron(artists: dict, gate: str, run: PerceptronRun, step_index: int) -> str:
    """Show the state after ``step_index`` visits; return the caption (gate, step and status)."""
    X, y = logic_gate(gate)
    step_index = int(min(max(step_index, 0), len(run.steps)))
    w, b = run.weights_at(step_index)
    corners = half_plane_polygon(w, b, _GATE_BOX)
    artists["region"].set_xy(corners if len(corners) else np.zeros((3, 2)))  # empty: a polygon of no area
    if artists.get("gate") != gate:  # the targets only change with the gate
        ones, zeros = artists["points"]
        ones.set_offsets(X[y == 1])
        zeros.set_offsets(X[y == 0])
        artists["gate"] = gate
    artists["line"].set_data(*decision_line(w, b, _GATE_BOX))
    if step_index == 0:
        artists["visited"].set_offsets(np.empty((0, 2)))
        what = "start: every weight is 0"
    else:
        s = run.steps[step_index - 1]
        artists["visited"].set_offsets(s.x[None, :])
        artists["visited"].set_edgecolor("black" if s.updated else "tab:green")
        verdict = "WRONG -> update" if s.updated else "right -> no change"
        what = f"point ({s.x[0]:.0f},{s.x[1]:.0f}): target {s.target}, said {s.predicted}, {verdict}"
    artists["info"].set_text(f"{what}\nw = ({w[0]:+.0f}, {w[1]:+.0f}), b = {b:+.0f}")
    epoch = 0 if step_index == 0 else run.steps[step_index - 1].epoch + 1
    if run.converged and step_index == len(run.steps):
        status = "converged: a whole epoch without a mistake"
    elif step_index == len(run.steps):
        status = "still making mistakes"
    else:
        status = f"epoch {epoch}"
    return f"{gate}, step {step_index}/{len(run.steps)}: {status}"


def plot_perceptron_step(gate: str = "AND", step: int = 0, *, ax=None) -> Figure:
    """The perceptron rule on a logic gate after ``step`` visits.

    Shows the four points (blue circles: target 1, orange squares: target 0), the region where
    the neuron outputs 1 (blue shade), its decision line, and a ring around
    the point just visited: black if it was misclassified (and so the weights
    changed), green if not.
    """
    key = v.choice(gate, "gate", LOGIC_GATES)
    step = v.as_int(step, "step", low=0)
    run = train_perceptron(*logic_gate(key), max_epochs=_DEMO_EPOCHS)
    made = ax is None
    ax = axes_or_new(ax, figsize=(4.8, 4.8))
    artists = _draw_perceptron(ax)
    ax.set_title(_update_perceptron(artists, key, run, step), fontsize=10)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def demo_perceptron() -> SliderDemo:
    """Step through the perceptron rule on AND, OR or XOR, one point per step."""
    runs = _gate_runs()  # precomputed: the slider only looks the state up
    live = LiveFigure(figsize=(5.0, 5.0))
    artists = _draw_perceptron(live.axes)
    _update_perceptron(artists, "AND", runs["AND"], 0)
    live.figure.tight_layout()
    artists["info"].set_visible(False)  # the demo shows it below the picture: text is costly to render
    # in the order of their zorder, so the points stay on top of the changing blue region
    live.animate(artists["region"], *artists["points"], artists["line"], artists["visited"])
    readout = Readout(lines=3)

    def update(gate: str, step: int) -> None:
        caption = _update_perceptron(artists, gate, runs[gate], step)
        readout.show(f"<pre style='margin:0'>{html.escape(caption)}\n{html.escape(artists['info'].get_text())}</pre>")

    max_steps = max(len(run.steps) for run in runs.values())
    controls = {
        "gate": dropdown("gate", list(_DEMO_GATES), "AND"),
        "step": slider("update step", 0, max_steps, 1, 0),
    }
    return SliderDemo(controls, update, figure=live, readout=readout,
                      title="The perceptron rule, one point at a time")


# --------------------------------------------------------------------------- figures: a 3 -> 4 -> 2 network

_LAYER_SIZES = (3, 4, 2)
_NODE_LIMIT = 2.0  # node colours run from orange (-2) through white to blue (+2)


def _node_positions() -> list[np.ndarray]:
    return [np.c_[np.full(n, float(k)), (n - 1) / 2 - np.arange(n)] for k, n in enumerate(_LAYER_SIZES)]


def _draw_network(ax, net: dict) -> dict:
    positions = _node_positions()
    segments, weights = [], []
    for k, W in enumerate((net["W1"], net["W2"])):
        for i, start in enumerate(positions[k]):  # W[i, j]: from input i ...
            for j, end in enumerate(positions[k + 1]):  # ... to neuron j
                segments.append([start, end])
                weights.append(W[i, j])
    weights = np.array(weights)
    limit = float(np.abs(weights).max())
    edges = LineCollection(segments, cmap=_SIGN_CMAP, linewidths=0.5 + 2.5 * np.abs(weights) / limit, zorder=1)
    edges.set_array(weights)
    edges.set_clim(-_NODE_LIMIT, _NODE_LIMIT)  # the nodes' scale, so the one colour bar reads both
    ax.add_collection(edges)
    every = np.vstack(positions)
    nodes = ax.scatter(every[:, 0], every[:, 1], s=900, c=np.zeros(len(every)), cmap=_SIGN_CMAP,
                       vmin=-_NODE_LIMIT, vmax=_NODE_LIMIT, edgecolor="black", zorder=2)
    texts = [ax.text(x, yy, "", ha="center", va="center", fontsize=8, color="black", zorder=3)
             for x, yy in every]
    ax.figure.colorbar(nodes, ax=ax, shrink=0.7, pad=0.02,
                       label="value: blue +, orange − (nodes and weights)")
    for k, name in enumerate(("A(0): input", "A(1): hidden", "A(2): output")):
        ax.text(k, 2.35, name, ha="center", fontsize=9)
    ax.set(xlim=(-0.5, 2.5), ylim=(-2.2, 2.7))
    ax.axis("off")
    return {"ax": ax, "nodes": nodes, "texts": texts, "edges": edges}


def _update_network(artists: dict, net: dict, x) -> list[np.ndarray]:
    """Colour the nodes for the input sample x; return every layer's values [A0, A1, A2]."""
    A = network_forward(np.reshape(x, (1, 3)), [(net["W1"], net["b1"]), (net["W2"], net["b2"])])
    values = np.concatenate([a.ravel() for a in A])
    artists["nodes"].set_array(values)
    for text, value in zip(artists["texts"], values, strict=True):
        text.set_text(f"{value:.2f}")
    return A


def plot_network(x=(1.0, 0.5, -1.0), *, ax=None) -> Figure:
    """The 3 -> 4 -> 2 network of :func:`example_network` for one input sample ``x``.

    Edge colour and width show each weight, node colour and number each
    neuron's value: blue positive, orange negative.

    Parameters
    ----------
    x : array-like of shape (3,) or (1, 3)
    """
    x = v.as_array(x, "x (the 3 inputs)", ndim=(1, 2))
    if x.size != 3:
        raise ValueError(f"x should hold the 3 inputs of the network, but it holds {x.size} numbers.")
    net = example_network()
    made = ax is None
    ax = axes_or_new(ax, figsize=(5.5, 4.2))
    artists = _draw_network(ax, net)
    out = _update_network(artists, net, x)[-1].ravel()
    ax.set_title(f"A(2) = sigmoid(A(1) W(2) + b(2)) = [{out[0]:.3f}, {out[1]:.3f}]", fontsize=10)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def demo_network() -> SliderDemo:
    """Three input sliders push one sample through the 3 -> 4 -> 2 network."""
    net = example_network()
    live = LiveFigure(figsize=(5.5, 4.2))
    artists = _draw_network(live.axes, net)
    live.axes.set_title("A(2) = sigmoid(A(1) W(2) + b(2))", fontsize=10)  # fixed: the numbers go below
    _update_network(artists, net, net["A0"])
    live.figure.tight_layout()
    for text in artists["texts"]:  # the numbers go below the picture: text is costly to redraw
        text.set_visible(False)
    live.animate(artists["nodes"])
    readout = Readout(lines=3)

    def update(x0: float, x1: float, x2: float) -> None:
        A = _update_network(artists, net, [x0, x1, x2])
        readout.show("<br>".join(
            f"<code>A{k} = {np.array2string(a, precision=3, floatmode='fixed')}</code>, shape {a.shape}"
            for k, a in enumerate(A)
        ))

    start = net["A0"].ravel()
    controls = {
        name: slider(f"input {name}", -2.0, 2.0, 0.1, float(start[k]))
        for k, name in enumerate(("x0", "x1", "x2"))
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="A 3 -> 4 -> 2 network")


# --------------------------------------------------------------------------- exercises


@exercise("02-1", hints=(
    "A perceptron does three things in order: multiply each input by its weight, add everything up "
    "(with the bias), then compare the total with 0.",
    "inputs * weights multiplies two NumPy arrays entry by entry; np.sum(...) adds the entries up. "
    "The bias is added once, after the sum.",
    "The answer is 1 when the total is at least 0 (so a total of exactly 0 gives 1) and 0 otherwise: "
    "an if/else with two return statements.",
))
def _check_02_1(answer) -> CheckResult:
    cases = []
    for inputs, weights, bias in (
        ([0, 1], [0.5, 0.5], -0.7),
        ([1, 1], [0.5, 0.5], -0.7),
        ([1, 0], [0.5, 0.5], -0.5),  # the total is exactly 0
        ([2.0, -1.0, 0.5], [0.3, 0.8, -1.0], 0.1),
        ([0.2, 0.4, 0.6], [1.0, 1.0, 1.0], -1.0),
    ):
        expected = int(np.dot(inputs, weights) + bias >= 0)
        cases.append(((np.array(inputs, dtype=float), np.array(weights, dtype=float), bias), expected))
    return check_function(answer, cases, name="your perceptron",
                          hint="work the failing case out by hand: what is the total, and what should come out?")


def _as_weights(answer) -> tuple[np.ndarray, float] | None:
    if isinstance(answer, (str, bytes)) or answer is None:
        return None
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    if values.size != 3 or not np.isfinite(values).all():
        return None
    return values[:2], float(values[2])


@exercise("02-2", hints=(
    "NOR means 'not OR': its output is 1 only when both inputs are 0.",
    "At (0, 0) the weighted sum is just b, and the output must be 1, so b must be at least 0. At (0, 1) "
    "the sum is w2 + b, which must be below 0; at (1, 0) the same holds for w1 + b.",
    "Pick b first, a small positive number; then make each weight negative enough that adding it to b "
    "gives less than 0. (1, 1) then follows by itself. Test your three numbers with "
    "cu.neurons.neuron_output(X_gate, [w1, w2], b, 'step').",
))
def _check_02_2(answer) -> CheckResult:
    X, y = logic_gate("NOR")
    parsed = _as_weights(answer)
    if parsed is None:
        return CheckResult(False, "Not yet. Give three numbers (w1, w2, b), e.g. (1.0, 1.0, -1.5); got "
                                  f"{v.describe(answer)}.")
    w, b = parsed
    got = neuron_output(X, w, b, "step")
    return check_array(got, y, name="the outputs of your neuron on (0,0), (0,1), (1,0), (1,1)",
                       hint="NOR is 1, 0, 0, 0 on these four inputs.")


@exercise("02-3", hints=(
    "A layer is one matrix product plus the biases, with the sigmoid applied to every entry. Two layers: "
    "do that twice, the second time on the first layer's output.",
    "The input is one sample, so it is one row: shape (1, 3). Put it on the side of W1 where the shapes "
    "chain: (1, 3) and (3, 4) give (1, 4).",
    "First the hidden layer: A0_exercise with W1 and b1, through cu.activations.sigmoid, shape (1, 4). "
    "Then the same pattern with W2 and b2 gives the answer, shape (1, 2).",
))
def _check_02_3(answer) -> CheckResult:
    net = example_network()
    A = network_forward(np.array([[0.0, 1.0, 2.0]]), [(net["W1"], net["b1"]), (net["W2"], net["b2"])])
    return check_array(answer, A[2], name="A2_exercise",
                       hint="check the hidden layer on its own first: it should have shape (1, 4).")


def _dense_cases() -> list[tuple[tuple, np.ndarray]]:
    rng = np.random.default_rng(6)
    cases = []
    for n_samples, n_in, n_out, f in ((1, 3, 4, sigmoid), (5, 3, 4, sigmoid), (6, 4, 2, np.tanh), (3, 2, 5, np.tanh)):
        X = np.round(rng.normal(size=(n_samples, n_in)), 1)
        W = np.round(rng.normal(size=(n_in, n_out)), 1)
        b = np.round(rng.normal(size=n_out), 1)
        cases.append(((X, W, b, f), f(X @ W + b)))
    xor = xor_network()  # a square W: the order of the product matters
    X_xor = logic_gate("XOR")[0]
    cases.append(((X_xor, xor["W1"], xor["b1"], step), step(X_xor @ xor["W1"] + xor["b1"]).astype(float)))
    return cases


@exercise("02-6", hints=(
    "A dense layer is section 4's matrix form for a whole batch: every sample (row of X) gets every "
    "neuron's weighted sum at once.",
    "X has shape (n_samples, n_in) and W has shape (n_in, n_out). Multiply them in the order in which "
    "those shapes chain; NumPy then adds b (one number per neuron) to every row.",
    "Apply activation, the function you are given, to the whole matrix of weighted sums at the end. "
    "No loops are needed: the result has shape (n_samples, n_out).",
))
def _check_02_6(answer) -> CheckResult:
    return check_function(answer, _dense_cases(), name="your dense",
                          hint="work one entry out by hand: sample 0's weighted sum for neuron 0, then "
                               "its activation.")
