"""Notebook 02: a neuron (神經元), the perceptron (感知器) and layers as matrices.

A neuron computes a weighted sum of its inputs, adds a bias and passes the
result through an activation function (seed 001). The perceptron learning
rule finds the weights of a single step-activated neuron for any linearly
separable problem (AND, OR) and never settles on XOR; two layers solve XOR.
A whole layer is one matrix product, ``A1 = sigma(W1 @ A0 + B1)``.

Conventions, as in the source course: a layer's weight matrix ``W`` has
shape ``(n_out, n_in)`` (row j holds the weights *into* neuron j), and
activations ``A`` are columns, shape ``(n_units, n_examples)``.
"""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from .activations import ACTIVATIONS, step
from .checks import CheckResult, check_array, check_function, exercise
from .data import make_playground_data
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "weighted_sum", "neuron_output", "decision_line",
    "half_plane_polygon", "LOGIC_GATES", "logic_gate", "PerceptronStep", "PerceptronRun", "train_perceptron",
    "best_line_accuracy", "layer_forward", "layer_forward_by_neuron", "network_forward",
    "xor_network", "source_network",
    "plot_neuron", "plot_perceptron_step", "plot_network",
    "demo_neuron", "demo_perceptron", "demo_network",
]


# --------------------------------------------------------------------------- numbers: one neuron


def _as_matrix(X, name: str = "X", columns: int | None = None) -> np.ndarray:
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, not {type(X).__name__}.") from None
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (n_samples, n_inputs); got shape {X.shape}.")
    if columns is not None and X.shape[1] != columns:
        raise ValueError(f"{name} has {X.shape[1]} inputs per row but there are {columns} weights; they must match.")
    return X


def _activation(name: str):
    if name == "step":
        return step
    if name in ACTIVATIONS:
        return ACTIVATIONS[name][0]
    raise ValueError(f"Unknown activation {name!r}; choose 'step' or one of {sorted(ACTIVATIONS)}.")


def weighted_sum(X, w, b: float) -> np.ndarray:
    """z = X @ w + b: each row's inputs times the weights, summed, plus the bias.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_inputs), or (n_inputs,) for one sample
    w : array-like of shape (n_inputs,)
    b : float

    Returns
    -------
    z : ndarray of shape (n_samples,)
    """
    w = np.asarray(w, dtype=float).ravel()
    X = _as_matrix(X, columns=w.size)
    if isinstance(b, bool) or not isinstance(b, numbers.Real):
        raise TypeError(f"the bias b must be one number, not {b!r}.")
    return X @ w + float(b)


def neuron_output(X, w, b: float, activation: str = "step") -> np.ndarray:
    """activation(X @ w + b) for every row of X; shape (n_samples,).

    ``activation`` is ``"step"`` (the perceptron's 0/1 threshold) or one of
    ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"linear"``.
    """
    return np.asarray(_activation(activation)(weighted_sum(X, w, b)))


def _two_weights(w) -> tuple[float, float]:
    try:
        values = np.asarray(w, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"w must be two numbers (w1, w2), not {w!r}.") from None
    if values.size != 2:
        raise ValueError(f"a line in the plane needs exactly two weights (w1, w2); got {values.size}.")
    return float(values[0]), float(values[1])


def decision_line(w, b: float, xlim=(-6.0, 6.0), ylim=(-6.0, 6.0)) -> tuple[np.ndarray, np.ndarray] | None:
    """Two points on the line w1 x1 + w2 x2 + b = 0, spanning the given box.

    Returns ``(xs, ys)``, arrays of shape (2,), or None when both weights are
    0 (then there is no line: the output is the same everywhere).
    """
    w1, w2 = _two_weights(w)
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):
        xs = np.asarray(xlim, dtype=float)
        return xs, -(w1 * xs + b) / w2
    ys = np.asarray(ylim, dtype=float)
    return -(w2 * ys + b) / w1, ys


def half_plane_polygon(w, b: float, xlim=(-6.0, 6.0), ylim=(-6.0, 6.0)) -> np.ndarray:
    """The part of a box where w1 x1 + w2 x2 + b >= 0 (a step neuron outputs 1).

    Clips the box's corners against the line (one Sutherland-Hodgman pass).

    Returns
    -------
    ndarray of shape (k, 2)
        The corners of that region in order, k = 0 when it is empty.
    """
    w1, w2 = _two_weights(w)
    box = [(xlim[0], ylim[0]), (xlim[1], ylim[0]), (xlim[1], ylim[1]), (xlim[0], ylim[1])]
    return np.array(_clip(box, w1, w2, float(b)), dtype=float).reshape(-1, 2)


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

LOGIC_GATES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a logic gate.

    Returns
    -------
    X : ndarray of shape (4, 2), the inputs (0,0), (0,1), (1,0), (1,1)
    y : ndarray of shape (4,), int, the gate's output for each
    """
    key = name.upper() if isinstance(name, str) else name
    if key not in LOGIC_GATES:
        raise ValueError(f"Unknown gate {name!r}; choose one of {list(LOGIC_GATES)}.")
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
        """The weights after ``step`` visits (0: the starting weights)."""
        if step <= 0:
            return self.w0.copy(), self.b0
        last = self.steps[min(step, len(self.steps)) - 1]
        return last.w.copy(), last.b


def train_perceptron(
    X, y, *, learning_rate: float = 1.0, max_epochs: int = 20, w0=None, b0: float = 0.0
) -> PerceptronRun:
    """The perceptron learning rule, one point at a time, in order.

    For each point: predict ``step(w . x + b)``; when it is wrong, move the
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
    """
    X = _as_matrix(X)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.isin(y, (0, 1)).all():
        raise ValueError(f"y must hold one label, 0 or 1, per row of X ({X.shape[0]} rows); got {y!r}.")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, not {learning_rate!r}.")
    if isinstance(max_epochs, bool) or not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
        raise ValueError(f"max_epochs must be a whole number of at least 1, not {max_epochs!r}.")
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float).ravel().copy()
    if w.size != X.shape[1]:
        raise ValueError(f"w0 has {w.size} weights but each point has {X.shape[1]} inputs.")
    b = float(b0)
    start_w, start_b = w.copy(), b
    steps: list[PerceptronStep] = []
    epoch_errors: list[int] = []
    seen: dict[tuple, int] = {}
    cycle = None
    converged = False
    for epoch in range(int(max_epochs)):
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
    -5 to 5 in steps of 0.25, 68,921 neurons) and returns the largest number
    of correctly classified points.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
    values : array-like of shape (k,), optional
    """
    X = _as_matrix(X, columns=2)
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must hold one label per row of X ({X.shape[0]} rows); got shape {y.shape}.")
    grid = np.arange(-5.0, 5.0001, 0.25) if values is None else np.asarray(values, dtype=float).ravel()
    w1, w2, b = (a.ravel() for a in np.meshgrid(grid, grid, grid, indexing="ij"))
    out = (X[:, 0:1] * w1 + X[:, 1:2] * w2 + b >= 0).astype(int)  # (n_samples, k**3)
    return int((out == y[:, None]).sum(axis=0).max())


# --------------------------------------------------------------------------- numbers: layers as matrices


def _layer_shapes(A_prev, W, B) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = np.asarray(W, dtype=float)
    A_prev = np.asarray(A_prev, dtype=float)
    B = np.asarray(B, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix of shape (n_out, n_in); got shape {W.shape}.")
    if A_prev.ndim == 1:
        A_prev = A_prev[:, None]
    if A_prev.ndim != 2 or A_prev.shape[0] != W.shape[1]:
        raise ValueError(
            f"W of shape {W.shape} cannot multiply A of shape {A_prev.shape}: W has {W.shape[1]} columns, "
            f"so A needs {W.shape[1]} rows (one per input)."
        )
    if B.ndim == 1:
        B = B[:, None]
    if B.shape != (W.shape[0], 1):
        raise ValueError(f"B must have shape ({W.shape[0]}, 1), one bias per neuron; got shape {B.shape}.")
    return A_prev, W, B


def layer_forward(A_prev, W, B, activation: str = "sigmoid") -> np.ndarray:
    """One layer as a matrix product: ``activation(W @ A_prev + B)``.

    Parameters
    ----------
    A_prev : array-like of shape (n_in, n_examples), or (n_in,) for one example
    W : array-like of shape (n_out, n_in)
    B : array-like of shape (n_out, 1) or (n_out,)
    activation : str
        ``"step"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or ``"linear"``.

    Returns
    -------
    A : ndarray of shape (n_out, n_examples)
    """
    A_prev, W, B = _layer_shapes(A_prev, W, B)
    return np.asarray(_activation(activation)(W @ A_prev + B), dtype=float)


def layer_forward_by_neuron(A_prev, W, B, activation: str = "sigmoid") -> np.ndarray:
    """The same layer, one neuron and one input at a time (slow, for reading).

    ``a_j = activation(sum_i W[j, i] * a_i + B[j])`` for every neuron j and
    every example: what :func:`layer_forward` does in one matrix product.
    """
    A_prev, W, B = _layer_shapes(A_prev, W, B)
    f = _activation(activation)
    n_out, n_in = W.shape
    A = np.zeros((n_out, A_prev.shape[1]))
    for example in range(A_prev.shape[1]):
        for j in range(n_out):
            z = B[j, 0]
            for i in range(n_in):
                z += W[j, i] * A_prev[i, example]
            A[j, example] = f(z)
    return A


def network_forward(A0, layers, activation: str = "sigmoid") -> list[np.ndarray]:
    """Push ``A0`` through layers ``[(W1, B1), (W2, B2), ...]``.

    Returns
    -------
    list of ndarray
        ``[A0, A1, A2, ...]``, each of shape (n_units, n_examples).
    """
    A0 = np.asarray(A0, dtype=float)
    activations = [A0[:, None] if A0.ndim == 1 else A0]
    for W, B in layers:
        activations.append(layer_forward(activations[-1], W, B, activation))
    return activations


def xor_network() -> dict[str, np.ndarray]:
    """Hand-set weights of a two-layer step network that computes XOR.

    Hidden neuron 0 is OR (fires when x1 + x2 >= 0.5), hidden neuron 1 is
    NAND (fires when x1 + x2 <= 1.5); the output is their AND.

    Returns
    -------
    dict with W1 (2, 2), B1 (2, 1), W2 (1, 2), B2 (1, 1)
    """
    return {
        "W1": np.array([[1.0, 1.0], [-1.0, -1.0]]),
        "B1": np.array([[-0.5], [1.5]]),
        "W2": np.array([[1.0, 1.0]]),
        "B2": np.array([[-1.5]]),
    }


def source_network(seed: int = 2) -> dict[str, np.ndarray]:
    """The 3 -> 4 -> 2 network of the source course, with small example weights.

    The course draws it without numbers; these weights are drawn from a
    normal distribution and rounded to one decimal so they can be read.

    Returns
    -------
    dict with A0 (3, 1), W1 (4, 3), B1 (4, 1), W2 (2, 4), B2 (2, 1)
    """
    rng = np.random.default_rng(seed)
    return {
        "A0": np.array([[1.0], [0.5], [-1.0]]),
        "W1": np.round(rng.normal(0, 1, (4, 3)), 1) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "B1": np.round(rng.normal(0, 0.5, (4, 1)), 1) + 0.0,
        "W2": np.round(rng.normal(0, 1, (2, 4)), 1) + 0.0,
        "B2": np.round(rng.normal(0, 0.5, (2, 1)), 1) + 0.0,
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
    cmap = matplotlib.colormaps["RdBu"]
    middles = np.r_[0.0, (_SHADE_LEVELS[:-1] + _SHADE_LEVELS[1:]) / 2, 1.0]  # a colour per band
    bands = []
    for p in middles:
        band = Polygon(np.zeros((3, 2)), closed=True, facecolor=cmap(0.15 + 0.7 * p), edgecolor="none",
                       alpha=0.5, zorder=0)
        ax.add_patch(band)
        bands.append(band)
    ones = ax.scatter(*X[y == 1].T, color="tab:blue", edgecolor="white", s=40, label="label 1", zorder=3)
    zeros = ax.scatter(*X[y == 0].T, color="tab:red", marker="s", edgecolor="white", s=36, label="label 0", zorder=3)
    wrong = ax.scatter([], [], s=150, facecolor="none", edgecolor="black", lw=1.5, label="wrong side", zorder=4)
    (line,) = ax.plot([], [], color="black", lw=2, label="z = 0")
    ax.set(xlim=_BOX, ylim=_BOX, xlabel="input x1", ylabel="input x2", aspect="equal")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8)  # outside the shading
    return {"ax": ax, "bands": bands, "points": (ones, zeros), "wrong": wrong, "line": line}


def _update_neuron(artists: dict, X, y, w1: float, w2: float, b: float) -> int:
    """Redraw for new weights; return how many points are on their right side."""
    w = np.array([w1, w2])
    box = [(_BOX[0], _BOX[0]), (_BOX[1], _BOX[0]), (_BOX[1], _BOX[1]), (_BOX[0], _BOX[1])]
    edges = np.r_[-np.inf, _SHADE_Z, np.inf]
    for band, low, high in zip(artists["bands"], edges[:-1], edges[1:], strict=True):
        part = box if low == -np.inf else _clip(box, w1, w2, b - low)  # z >= low
        part = part if high == np.inf else _clip(part, -w1, -w2, high - b)  # z <= high
        band.set_xy(np.array(part) if len(part) >= 3 else np.zeros((3, 2)))
    segment = decision_line(w, b, _BOX, _BOX)
    artists["line"].set_data(*(segment if segment is not None else ([], [])))
    predicted = neuron_output(X, w, b, "step")
    mistakes = predicted != y
    artists["wrong"].set_offsets(X[mistakes] if mistakes.any() else np.empty((0, 2)))
    right = int((~mistakes).sum())
    artists["ax"].set_title(f"z = {w1:.1f} x1 {w2:+.1f} x2 {b:+.1f}:  {right}/{len(y)} on the right side",
                            fontsize=10)
    return right


def plot_neuron(w1: float = 1.0, w2: float = 0.5, b: float = 0.0, *, ax=None) -> Figure:
    """One neuron over labelled 2-D points.

    The background shades the neuron's sigmoid output in bands 0-0.1,
    0.1-0.3, ..., 0.9-1 (blue near 1, red near 0), the black line is
    z = w1 x1 + w2 x2 + b = 0, and circled points fall on the wrong side of it.
    """
    X, y = _neuron_points()
    made = ax is None
    ax = axes_or_new(ax, figsize=(5, 5))
    artists = _draw_neuron(ax, X, y)
    _update_neuron(artists, X, y, w1, w2, b)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def demo_neuron() -> SliderDemo:
    """Sliders for two weights and the bias move the neuron's decision line."""
    X, y = _neuron_points()
    live = LiveFigure(figsize=(5.2, 5.0))
    artists = _draw_neuron(live.axes, X, y)
    _update_neuron(artists, X, y, 1.0, -0.5, 2.0)
    live.figure.tight_layout()
    # drawn in this order, so the points stay on top of the changing background shade
    live.animate(*artists["bands"], *artists["points"], artists["wrong"], artists["line"], live.axes.title)

    def update(w1: float, w2: float, b: float) -> None:
        _update_neuron(artists, X, y, w1, w2, b)

    controls = {
        "w1": slider("weight w1", -2.0, 2.0, 0.1, 1.0),
        "w2": slider("weight w2", -2.0, 2.0, 0.1, -0.5),
        "b": slider("bias b", -6.0, 6.0, 0.1, 2.0),
    }
    return SliderDemo(controls, update, figure=live, title="One neuron: weights tilt the line, the bias shifts it")


# --------------------------------------------------------------------------- figures: the perceptron

_GATE_BOX = (-0.5, 1.5)
DEMO_GATES = ("AND", "OR", "XOR")
DEMO_EPOCHS = 6


def _gate_runs() -> dict[str, PerceptronRun]:
    return {gate: train_perceptron(*logic_gate(gate), max_epochs=DEMO_EPOCHS) for gate in DEMO_GATES}


def _draw_perceptron(ax) -> dict:
    ax.add_patch(Rectangle((_GATE_BOX[0], _GATE_BOX[0]), np.ptp(_GATE_BOX), np.ptp(_GATE_BOX),
                           facecolor="tab:red", alpha=0.15, zorder=0))  # where the neuron says 0
    region = Polygon(np.zeros((3, 2)), closed=True, facecolor="tab:blue", alpha=0.3, zorder=1)  # where it says 1
    ax.add_patch(region)
    X = logic_gate("AND")[0]
    points = ax.scatter(X[:, 0], X[:, 1], s=220, c=np.zeros(4), cmap="RdBu", vmin=-0.3, vmax=1.3,
                        edgecolor="black", zorder=3)
    labels = [ax.text(x1 + 0.09, x2 + 0.09, "", fontsize=10, zorder=5) for x1, x2 in X]
    visited = ax.scatter([], [], s=700, facecolor="none", edgecolor="black", lw=2.5, zorder=4)
    (line,) = ax.plot([], [], color="black", lw=2)
    info = ax.text(0.02, 0.02, "", transform=ax.transAxes, fontsize=9, family="monospace",
                   bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"}, zorder=6)
    ax.set(xlim=_GATE_BOX, ylim=_GATE_BOX, xlabel="x1", ylabel="x2", aspect="equal",
           xticks=[0, 1], yticks=[0, 1])
    return {"ax": ax, "region": region, "points": points, "labels": labels, "visited": visited,
            "line": line, "info": info}


def _update_perceptron(artists: dict, gate: str, run: PerceptronRun, step_index: int) -> bool:
    """Show the state after ``step_index`` visits; return True when the gate changed."""
    X, y = logic_gate(gate)
    step_index = int(min(max(step_index, 0), len(run.steps)))
    w, b = run.weights_at(step_index)
    corners = half_plane_polygon(w, b, _GATE_BOX, _GATE_BOX)
    artists["region"].set_xy(corners if len(corners) else np.zeros((3, 2)))  # empty: a polygon of no area
    gate_changed = artists.get("gate") != gate
    if gate_changed:  # the targets only change with the gate
        artists["points"].set_array(y.astype(float))
        for text, target in zip(artists["labels"], y, strict=True):
            text.set_text(f"y={target}")
        artists["gate"] = gate
    segment = decision_line(w, b, _GATE_BOX, _GATE_BOX)
    artists["line"].set_data(*(segment if segment is not None else ([], [])))
    if step_index == 0:
        artists["visited"].set_offsets(np.empty((0, 2)))
        what = "start: every weight is 0"
    else:
        s = run.steps[step_index - 1]
        artists["visited"].set_offsets(s.x[None, :])
        artists["visited"].set_edgecolor("tab:red" if s.updated else "tab:green")
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
    artists["ax"].set_title(f"{gate}, step {step_index}/{len(run.steps)}: {status}", fontsize=10)
    return gate_changed


def plot_perceptron_step(gate: str = "AND", step: int = 0, *, ax=None) -> Figure:
    """The perceptron rule on a logic gate after ``step`` visits.

    Shows the four points (blue: target 1, red: target 0), the region where
    the neuron outputs 1 (blue shade), its decision line, and a ring around
    the point just visited: red if it was misclassified (and so the weights
    changed), green if not.
    """
    key = gate.upper() if isinstance(gate, str) else gate
    if key not in LOGIC_GATES:
        raise ValueError(f"Unknown gate {gate!r}; choose one of {list(LOGIC_GATES)}.")
    run = train_perceptron(*logic_gate(key), max_epochs=DEMO_EPOCHS)
    made = ax is None
    ax = axes_or_new(ax, figsize=(4.8, 4.8))
    artists = _draw_perceptron(ax)
    _update_perceptron(artists, key, run, step)
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
    # drawn in this order, so the points stay on top of the changing blue region
    live.animate(artists["region"], artists["points"], artists["line"], artists["visited"], live.axes.title)
    readout = widgets.HTML()

    live.use_background("AND")

    def update(gate: str, step: int) -> None:
        live.use_background(gate)  # the points' colours and labels belong to the gate's background
        _update_perceptron(artists, gate, runs[gate], step)
        readout.value = f"<pre style='margin:0'>{html.escape(artists['info'].get_text())}</pre>"

    max_steps = max(len(run.steps) for run in runs.values())
    controls = {
        "gate": dropdown("gate", list(DEMO_GATES), "AND"),
        "step": slider("update step", 0, max_steps, 1, 0),
    }
    return SliderDemo(controls, update, figure=live, outputs=(readout,),
                      title="The perceptron rule, one point at a time")


# --------------------------------------------------------------------------- figures: a 3 -> 4 -> 2 network

_LAYER_SIZES = (3, 4, 2)


def _node_positions() -> list[np.ndarray]:
    return [np.c_[np.full(n, float(k)), (n - 1) / 2 - np.arange(n)] for k, n in enumerate(_LAYER_SIZES)]


def _draw_network(ax, net: dict) -> dict:
    positions = _node_positions()
    segments, colours = [], []
    for k, W in enumerate((net["W1"], net["W2"])):
        for j, end in enumerate(positions[k + 1]):
            for i, start in enumerate(positions[k]):
                segments.append([start, end])
                colours.append(W[j, i])
    weights = np.array(colours)
    limit = float(np.abs(weights).max())
    edges = LineCollection(segments, cmap="coolwarm", linewidths=0.5 + 2.5 * np.abs(weights) / limit, zorder=1)
    edges.set_array(weights)
    edges.set_clim(-limit, limit)
    ax.add_collection(edges)
    every = np.vstack(positions)
    nodes = ax.scatter(every[:, 0], every[:, 1], s=900, c=np.zeros(len(every)), cmap="viridis", vmin=-2, vmax=2,
                       edgecolor="black", zorder=2)
    texts = [ax.text(x, yy, "", ha="center", va="center", fontsize=8, color="white", fontweight="bold", zorder=3)
             for x, yy in every]
    ax.figure.colorbar(nodes, ax=ax, shrink=0.7, pad=0.02, label="activation (node colour)")
    for k, name in enumerate(("A(0): input", "A(1): hidden", "A(2): output")):
        ax.text(k, 2.35, name, ha="center", fontsize=9)
    ax.set(xlim=(-0.5, 2.5), ylim=(-2.2, 2.7))
    ax.axis("off")
    return {"ax": ax, "nodes": nodes, "texts": texts}


def _update_network(artists: dict, net: dict, a0) -> list[np.ndarray]:
    A = network_forward(np.asarray(a0, dtype=float), [(net["W1"], net["B1"]), (net["W2"], net["B2"])])
    values = np.concatenate([a.ravel() for a in A])
    artists["nodes"].set_array(values)
    for text, value in zip(artists["texts"], values, strict=True):
        text.set_text(f"{value:.2f}")
    out = A[-1].ravel()
    artists["ax"].set_title(f"A(2) = sigmoid(W(2) A(1) + B(2)) = [{out[0]:.3f}, {out[1]:.3f}]", fontsize=10)
    return A


def plot_network(a0=(1.0, 0.5, -1.0), *, ax=None) -> Figure:
    """The 3 -> 4 -> 2 network of :func:`source_network` for the input ``a0``.

    Edge colour and width show each weight (red positive, blue negative),
    node colour and number each neuron's activation.

    Parameters
    ----------
    a0 : array-like of shape (3,)
    """
    a0 = np.asarray(a0, dtype=float).ravel()
    if a0.shape != (3,):
        raise ValueError(f"a0 must hold the 3 inputs of the network; got {a0.size} numbers.")
    net = source_network()
    made = ax is None
    ax = axes_or_new(ax, figsize=(5.5, 4.2))
    artists = _draw_network(ax, net)
    _update_network(artists, net, a0)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def demo_network() -> SliderDemo:
    """Three input sliders push numbers through the 3 -> 4 -> 2 network."""
    net = source_network()
    live = LiveFigure(figsize=(5.5, 4.2))
    artists = _draw_network(live.axes, net)
    _update_network(artists, net, net["A0"].ravel())
    live.figure.tight_layout()
    for text in artists["texts"]:  # the numbers go below the picture: text is costly to redraw
        text.set_visible(False)
    live.animate(artists["nodes"], live.axes.title)
    readout = widgets.HTML()

    def update(a0_0: float, a0_1: float, a0_2: float) -> None:
        A = _update_network(artists, net, [a0_0, a0_1, a0_2])
        readout.value = "<br>".join(
            f"<code>A({k}) = {np.array2string(a.ravel(), precision=3, floatmode='fixed')}</code>, shape {a.shape}"
            for k, a in enumerate(A)
        )

    start = net["A0"].ravel()
    controls = {
        name: slider(f"input a(0)_{k}", -2.0, 2.0, 0.1, float(start[k]))
        for k, name in enumerate(("a0_0", "a0_1", "a0_2"))
    }
    return SliderDemo(controls, update, figure=live, outputs=(readout,), title="A 3 -> 4 -> 2 network")


# --------------------------------------------------------------------------- exercises


@exercise("02-1")
def _check_02_1(answer) -> CheckResult:
    cases = []
    for inputs, weights, bias in (
        ([0, 1], [0.5, 0.5], -0.7),
        ([1, 1], [0.5, 0.5], -0.7),
        ([1, 0], [0.5, 0.5], -0.5),
        ([2.0, -1.0, 0.5], [0.3, 0.8, -1.0], 0.1),
        ([0.2, 0.4, 0.6], [1.0, 1.0, 1.0], -1.0),
    ):
        expected = int(np.dot(inputs, weights) + bias >= 0)
        cases.append(((np.array(inputs, dtype=float), np.array(weights, dtype=float), bias), expected))
    return check_function(
        answer, cases, name="your perceptron", show=False,
        hint="compute np.sum(inputs * weights) + bias, then return 1 if it is >= 0, else 0.",
    )


def _as_weights(answer) -> tuple[np.ndarray, float] | None:
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    if values.size != 3 or isinstance(answer, (str, bytes)):
        return None
    return values[:2], float(values[2])


@exercise("02-2")
def _check_02_2(answer) -> CheckResult:
    X, y = logic_gate("NAND")
    parsed = _as_weights(answer)
    if parsed is None:
        return CheckResult(False, "Not yet. Give three numbers (w1, w2, b), e.g. (1.0, 1.0, -1.5); got "
                                  f"{type(answer).__name__} {answer!r:.40}.")
    w, b = parsed
    got = neuron_output(X, w, b, "step")
    return check_array(
        got, y, name="the outputs of your neuron on (0,0), (0,1), (1,0), (1,1)", show=False,
        hint="NAND is 0 only for (1,1): try negative weights and a positive bias between them.",
    )


@exercise("02-3")
def _check_02_3(answer) -> CheckResult:
    net = source_network()
    A0 = np.array([[0.0], [1.0], [2.0]])
    A = network_forward(A0, [(net["W1"], net["B1"]), (net["W2"], net["B2"])])
    return check_array(
        answer, A[2], name="A2", show=False,
        hint="first A1 = cu.sigmoid(W1 @ A0 + B1), then A2 = cu.sigmoid(W2 @ A1 + B2).",
    )
