"""Notebook 04: backpropagation (反向傳播), step by step.

Three demos, each in three layers (numbers, a static ``plot_*`` figure, a
widget):

* the chain rule on the source's two-layer network (3 inputs, 4 hidden
  sigmoid units, 2 sigmoid outputs, squared error): a slider steps through
  the forward values, then each backward gradient
  (:func:`graph_forward_backward`, :func:`plot_chain_rule_step`,
  :func:`demo_chain_rule`);
* vanishing gradients: the size of each layer's gradient in a deep network
  (:func:`layer_gradient_norms`, :func:`plot_gradient_norms`,
  :func:`demo_vanishing_gradients`);
* why a circle needs three hidden neurons: each hidden neuron draws one line
  (:func:`train_circle_networks`, :func:`plot_hidden_neurons`,
  :func:`demo_hidden_neurons`).

Also the gradient check: :func:`~course_utils.optim.numerical_gradient` (central differences),
:func:`relative_error` and :func:`network_gradient_check`.

Convention (as in ``cu.Network``): rows are samples, a layer computes
``Y = A_prev @ W + B`` then ``A = sigmoid(Y)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from .checks import CheckResult, check_function, check_number, exercise
from .data import make_playground_data
from .nn import Network
from .optim import numerical_gradient
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "relative_error",
    "network_gradient_check",
    "graph_example",
    "graph_loss",
    "graph_forward_backward",
    "graph_numerical_gradients",
    "CHAIN_RULE_STEPS",
    "plot_chain_rule_step",
    "demo_chain_rule",
    "layer_gradient_norms",
    "plot_gradient_norms",
    "demo_vanishing_gradients",
    "train_circle_networks",
    "decision_grid",
    "plot_hidden_neurons",
    "demo_hidden_neurons",
    "PLAYGROUND_SCALE",
]

# Playground points lie in [-6, 6]; dividing by 5 brings them to about [-1, 1],
# where tanh and sigmoid are not yet flat.
PLAYGROUND_SCALE = 5.0


# --------------------------------------------------------------------------- gradient check


def relative_error(g, g_num) -> float:
    """``||g - g_num|| / (||g|| + ||g_num||)``: 0 when equal, 1 when opposite.

    Parameters
    ----------
    g, g_num : array-like of the same shape
        An analytic gradient and its numerical estimate.
    """
    try:
        a = np.asarray(g, dtype=float).ravel()
        b = np.asarray(g_num, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError("relative_error needs two arrays of numbers (gradients).") from None
    if a.shape != b.shape:
        raise ValueError(f"the two gradients must have the same size; got {a.size} and {b.size} numbers.")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def network_gradient_check(
    net: Network, X, y, *, regularization: str = "none", reg_rate: float = 0.0, eps: float = 1e-6
) -> float:
    """Relative error between ``net``'s backpropagated gradient and central differences.

    Below about 1e-6 the backward pass is right; above 1e-3 something is wrong.
    """
    if not isinstance(net, Network):
        raise TypeError(f"network_gradient_check needs a cu.Network, not {type(net).__name__}.")
    theta = net.get_params()
    grads = net.gradients(X, y, regularization=regularization, reg_rate=reg_rate)
    analytic = np.concatenate([np.r_[dW.ravel(), db] for dW, db in grads])

    def loss_at(params: np.ndarray) -> float:
        net.set_params(params)
        return net.loss(X, y, regularization=regularization, reg_rate=reg_rate)

    try:
        numeric = numerical_gradient(loss_at, theta, eps)
    finally:
        net.set_params(theta)
    return relative_error(analytic, numeric)


# --------------------------------------------------------------------------- frames cached per slider position


class _CachedFrames(LiveFigure):
    """A LiveFigure whose frames are kept per slider position (``frame_key``).

    For demos with a handful of discrete positions whose frames are costly to
    draw (many text glyphs, a smoothed image): each frame is drawn once, up
    front, and moving the slider back to a position re-sends its picture.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frame_key = None
        self._frames: dict = {}

    def render(self) -> bytes:
        if self.frame_key is None:
            return super().render()
        if self.frame_key not in self._frames:
            self._frames[self.frame_key] = super().render()
        return self._frames[self.frame_key]

    def precompute(self, update: Callable[..., None], keys) -> None:
        """Draw the frame of every key (``update(key)`` sets the artists for it)."""
        for key in keys:
            update(key)
            self.render()


# --------------------------------------------------------------------------- the chain-rule graph

_PARAM_NAMES = ("W1", "B1", "W2", "B2")


def graph_example() -> dict[str, np.ndarray]:
    """The worked example: the source's 3-4-2 network with one sample.

    Returns
    -------
    dict with ``A0`` (1, 3) input, ``W1`` (3, 4), ``B1`` (4,), ``W2`` (4, 2),
    ``B2`` (2,) and the target ``Y_hat`` (1, 2). Numbers have one decimal so
    they can be followed by hand.
    """
    return {
        "A0": np.array([[1.0, 0.5, -1.0]]),
        "W1": np.array([[0.2, -0.5, 0.4, 0.1], [0.6, 0.3, -0.2, -0.7], [-0.3, 0.8, 0.5, 0.2]]),
        "B1": np.array([0.1, -0.1, 0.0, 0.2]),
        "W2": np.array([[0.7, -0.4], [-0.6, 0.5], [0.3, 0.9], [0.5, -0.2]]),
        "B2": np.array([0.0, 0.1]),
        "Y_hat": np.array([[1.0, 0.0]]),
    }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _check_graph_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, dict):
        raise TypeError("params must be a dict like cu.graph_example() returns.")
    missing = {"A0", "Y_hat", *_PARAM_NAMES} - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}; start from cu.graph_example().")
    return {k: np.asarray(v, dtype=float) for k, v in params.items()}


def graph_loss(params: dict) -> float:
    """L = sum((A2 - Y_hat)^2) for the two-layer graph (the source's loss)."""
    p = _check_graph_params(params)
    A1 = _sigmoid(p["A0"] @ p["W1"] + p["B1"])
    A2 = _sigmoid(A1 @ p["W2"] + p["B2"])
    return float(np.sum((A2 - p["Y_hat"]) ** 2))


def graph_forward_backward(params: dict) -> dict[str, np.ndarray | float]:
    """Every value of the forward pass and every gradient of the backward pass.

    Returns
    -------
    dict with the forward values ``Y1`` (1, 4), ``A1`` (1, 4), ``Y2`` (1, 2),
    ``A2`` (1, 2), ``L`` (float) and the gradients ``dA2``, ``dY2``, ``dW2``,
    ``dB2``, ``dA1``, ``dY1``, ``dW1``, ``dB1`` (each shaped like its node).
    """
    p = _check_graph_params(params)
    out: dict[str, np.ndarray | float] = dict(p)
    # forward: each line computes one node from the nodes before it
    out["Y1"] = p["A0"] @ p["W1"] + p["B1"]
    out["A1"] = _sigmoid(out["Y1"])
    out["Y2"] = out["A1"] @ p["W2"] + p["B2"]
    out["A2"] = _sigmoid(out["Y2"])
    out["L"] = float(np.sum((out["A2"] - p["Y_hat"]) ** 2))
    # backward: the chain rule, one local derivative per line
    out["dA2"] = 2 * (out["A2"] - p["Y_hat"])  # dL/dA2
    out["dY2"] = out["dA2"] * out["A2"] * (1 - out["A2"])  # dL/dY2 = dL/dA2 * dA2/dY2
    out["dW2"] = out["A1"].T @ out["dY2"]  # dL/dW2 = dY2/dW2 * dL/dY2
    out["dB2"] = out["dY2"].sum(axis=0)  # dY2/dB2 = 1
    out["dA1"] = out["dY2"] @ p["W2"].T  # dL/dA1 = dL/dY2 * dY2/dA1
    out["dY1"] = out["dA1"] * out["A1"] * (1 - out["A1"])
    out["dW1"] = p["A0"].T @ out["dY1"]
    out["dB1"] = out["dY1"].sum(axis=0)
    return out


def graph_numerical_gradients(params: dict, eps: float = 1e-6) -> dict[str, np.ndarray]:
    """Central-difference gradients of :func:`graph_loss` for W1, B1, W2 and B2."""
    p = _check_graph_params(params)
    grads = {}
    for name in _PARAM_NAMES:
        def loss_of(value: np.ndarray, name: str = name) -> float:
            return graph_loss({**p, name: value})

        grads["d" + name] = numerical_gradient(loss_of, p[name], eps)
    return grads


# One entry per slider position: (phase, what happens, the formula, nodes lit).
CHAIN_RULE_STEPS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("start", "the graph: input A⁽⁰⁾, weights, biases and target ŷ are given",
     "forward: compute every node from left to right", ("A0", "W1", "B1", "W2", "B2", "Y_hat")),
    ("forward", "weighted sum of layer 1", "Y⁽¹⁾ = A⁽⁰⁾W⁽¹⁾ + B⁽¹⁾", ("Y1",)),
    ("forward", "activation of layer 1", "A⁽¹⁾ = σ(Y⁽¹⁾)", ("A1",)),
    ("forward", "weighted sum of layer 2", "Y⁽²⁾ = A⁽¹⁾W⁽²⁾ + B⁽²⁾", ("Y2",)),
    ("forward", "activation of layer 2: the prediction", "A⁽²⁾ = σ(Y⁽²⁾)", ("A2",)),
    ("forward", "the loss", "L = Σ (A⁽²⁾ − ŷ)²", ("L",)),
    ("backward", "start at the loss", "∂L/∂A⁽²⁾ = 2 (A⁽²⁾ − ŷ)", ("A2",)),
    ("backward", "through the sigmoid", "∂L/∂Y⁽²⁾ = ∂L/∂A⁽²⁾ · σ′(Y⁽²⁾) = ∂L/∂A⁽²⁾ · A⁽²⁾(1 − A⁽²⁾)", ("Y2",)),
    ("backward", "the gradients of layer 2's weights and biases",
     "∂L/∂W⁽²⁾ = A⁽¹⁾ᵀ ∂L/∂Y⁽²⁾    ∂L/∂B⁽²⁾ = ∂L/∂Y⁽²⁾", ("W2", "B2")),
    ("backward", "back into layer 1", "∂L/∂A⁽¹⁾ = ∂L/∂Y⁽²⁾ W⁽²⁾ᵀ", ("A1",)),
    ("backward", "through layer 1's sigmoid", "∂L/∂Y⁽¹⁾ = ∂L/∂A⁽¹⁾ · A⁽¹⁾(1 − A⁽¹⁾)", ("Y1",)),
    ("backward", "the gradients of layer 1's weights and biases: done",
     "∂L/∂W⁽¹⁾ = A⁽⁰⁾ᵀ ∂L/∂Y⁽¹⁾    ∂L/∂B⁽¹⁾ = ∂L/∂Y⁽¹⁾", ("W1", "B1")),
]

# node -> (x, y) centre in axes coordinates, and its label
_NODES = {
    "A0": ((0.07, 0.72), "A⁽⁰⁾ input"),
    "W1": ((0.10, 0.36), "W⁽¹⁾"),
    "B1": ((0.27, 0.36), "B⁽¹⁾"),
    "Y1": ((0.27, 0.72), "Y⁽¹⁾"),
    "A1": ((0.45, 0.72), "A⁽¹⁾"),
    "W2": ((0.50, 0.36), "W⁽²⁾"),
    "B2": ((0.66, 0.36), "B⁽²⁾"),
    "Y2": ((0.63, 0.72), "Y⁽²⁾"),
    "A2": ((0.79, 0.72), "A⁽²⁾ output"),
    "Y_hat": ((0.84, 0.36), "ŷ target"),
    "L": ((0.94, 0.72), "L loss"),
}
_EDGES = [("A0", "Y1"), ("W1", "Y1"), ("B1", "Y1"), ("Y1", "A1"), ("A1", "Y2"), ("W2", "Y2"),
          ("B2", "Y2"), ("Y2", "A2"), ("A2", "L"), ("Y_hat", "L")]
# the step at which each node's value, and each node's gradient, becomes known
_VALUE_STEP = {"A0": 0, "W1": 0, "B1": 0, "W2": 0, "B2": 0, "Y_hat": 0, "Y1": 1, "A1": 2, "Y2": 3, "A2": 4, "L": 5}
_GRAD_STEP = {"A2": 6, "Y2": 7, "W2": 8, "B2": 8, "A1": 9, "Y1": 10, "W1": 11, "B1": 11}
_GRAD_LABEL = {"A2": "∂L/∂A⁽²⁾", "Y2": "∂L/∂Y⁽²⁾", "W2": "∂L/∂W⁽²⁾", "B2": "∂L/∂B⁽²⁾",
               "A1": "∂L/∂A⁽¹⁾", "Y1": "∂L/∂Y⁽¹⁾", "W1": "∂L/∂W⁽¹⁾", "B1": "∂L/∂B⁽¹⁾"}
_LIT = {"forward": "#cfe2ff", "backward": "#ffd6d6", "start": "#e8f5e9"}


def _fmt(value) -> str:
    """A small matrix as rows of signed two-decimal numbers."""
    if np.isscalar(value) or np.ndim(value) == 0:
        return f"{float(value):.4f}"
    arr = np.atleast_2d(np.asarray(value, dtype=float))
    return "\n".join(" ".join(f"{v:+.2f}" for v in row) for row in arr)


def _check_step(step) -> int:
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
        raise TypeError(f"step must be a whole number from 0 to {len(CHAIN_RULE_STEPS) - 1}, not {step!r}.")
    if not 0 <= step < len(CHAIN_RULE_STEPS):
        raise ValueError(f"step must lie between 0 and {len(CHAIN_RULE_STEPS) - 1}; got {step}.")
    return int(step)


def _draw_chain_rule(ax) -> dict:
    ax.set_axis_off()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    for start, end in _EDGES:
        (x0, y0), (x1, y1) = _NODES[start][0], _NODES[end][0]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", color="0.6", lw=1.2, shrinkA=28, shrinkB=28))
    boxes, grads = {}, {}
    for name, ((x, y), _label) in _NODES.items():
        boxes[name] = ax.text(x, y, "", ha="center", va="center", fontsize=7.5, family="DejaVu Sans Mono",
                              bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="0.4"))
        # gradients above the top row, below the bottom row, away from the arrows
        top = y > 0.5
        offset = 0.06 if top else -(0.08 if name in ("W1", "W2") else 0.06)
        grads[name] = ax.text(x, y + offset, "", ha="center", va="bottom" if top else "top", fontsize=7.5,
                              color="#b00020", family="DejaVu Sans Mono")
    title = ax.text(0.0, 1.0, "", ha="left", va="top", fontsize=11, weight="bold")
    formula = ax.text(0.5, 0.02, "", ha="center", va="bottom", fontsize=10,
                      bbox=dict(boxstyle="round,pad=0.4", fc="#fffbe6", ec="#e0a800"))
    return {"boxes": boxes, "grads": grads, "title": title, "formula": formula}


def _update_chain_rule(artists: dict, values: dict, step: int) -> None:
    phase, what, formula, lit = CHAIN_RULE_STEPS[step]
    for name, ((_x, _y), label) in _NODES.items():
        known = step >= _VALUE_STEP[name]
        text = f"{label}\n{_fmt(values[name]) if known else '?'}"
        box = artists["boxes"][name]
        box.set_text(text)
        box.get_bbox_patch().set_facecolor(_LIT[phase] if name in lit else "white")
        box.get_bbox_patch().set_linewidth(2.0 if name in lit else 0.8)
        grad_text = ""
        if name in _GRAD_STEP and step >= _GRAD_STEP[name]:
            grad_text = f"{_GRAD_LABEL[name]}\n{_fmt(values['d' + name])}"
        artists["grads"][name].set_text(grad_text)
    arrow = "→ forward" if phase == "forward" else "← backward" if phase == "backward" else ""
    artists["title"].set_text(f"step {step} of {len(CHAIN_RULE_STEPS) - 1}  {arrow}: {what}")
    result = ""
    if phase == "forward":
        key = lit[0]
        result = f"   = {_fmt(values[key]) if key == 'L' else _fmt(values[key]).replace(chr(10), ' | ')}"
    elif phase == "backward":
        key = "d" + lit[0]
        result = "   = " + _fmt(values[key]).replace("\n", " | ") if lit[0] not in ("W1", "W2") else ""
    artists["formula"].set_text(formula + result)


def plot_chain_rule_step(step: int = 0, params: dict | None = None, *, ax=None) -> Figure:
    """The two-layer graph at one step of the forward and backward pass.

    Parameters
    ----------
    step : int from 0 to 11
        0: only the given numbers; 1-5: forward values; 6-11: gradients (red).
    params : dict, optional
        As :func:`graph_example` returns (the default).
    """
    step = _check_step(step)
    values = graph_forward_backward(graph_example() if params is None else params)
    if ax is None:
        ax = axes_or_new(figsize=(11, 5.2))
        ax.figure.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    artists = _draw_chain_rule(ax)
    _update_chain_rule(artists, values, step)
    return ax.figure


def demo_chain_rule(params: dict | None = None) -> SliderDemo:
    """A step slider through the forward pass, then the backward pass."""
    values = graph_forward_backward(graph_example() if params is None else params)
    live = _CachedFrames(figsize=(11, 5.2))
    live.figure.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    artists = _draw_chain_rule(live.axes)
    live.animate(*artists["boxes"].values(), *artists["grads"].values(), artists["title"], artists["formula"])

    def update(step: int) -> None:
        _update_chain_rule(artists, values, step)
        live.frame_key = step

    # about 500 glyphs a frame take ~0.1 s to draw: draw each of the 12 frames once, now
    live.precompute(update, range(len(CHAIN_RULE_STEPS)))

    controls = {"step": slider("step", 0, len(CHAIN_RULE_STEPS) - 1, 1, 0)}
    return SliderDemo(controls, update, figure=live, title="Backpropagation, one step at a time")


# --------------------------------------------------------------------------- vanishing gradients

_DEEP_ACTIVATIONS = ("sigmoid", "tanh", "relu")
_MAX_HIDDEN_LAYERS = 8


def _check_depth(n_hidden_layers) -> int:
    if isinstance(n_hidden_layers, bool) or not isinstance(n_hidden_layers, (int, np.integer)):
        raise TypeError(f"n_hidden_layers must be a whole number, not {n_hidden_layers!r}.")
    if not 1 <= n_hidden_layers <= _MAX_HIDDEN_LAYERS:
        raise ValueError(f"n_hidden_layers must lie between 1 and {_MAX_HIDDEN_LAYERS}; got {n_hidden_layers}.")
    return int(n_hidden_layers)


def layer_gradient_norms(
    activation: str = "sigmoid", n_hidden_layers: int = 5, *, hidden_units: int = 8, seed: int = 0,
    X=None, y=None,
) -> np.ndarray:
    """||dL/dW|| of every layer of a freshly initialised network on the spiral.

    The network is ``[2] + [hidden_units] * n_hidden_layers + [1]`` with the
    given hidden activation, a sigmoid output and MSE, as in the source's
    spiral experiment.

    Returns
    -------
    ndarray of shape (n_hidden_layers + 1,)
        First layer first; the last entry is the output layer.
    """
    if activation not in _DEEP_ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(_DEEP_ACTIVATIONS)}, not {activation!r}.")
    n_hidden_layers = _check_depth(n_hidden_layers)
    if X is None or y is None:
        X, y = make_playground_data("spiral", 200, 0.0, seed=0)
        X = X / PLAYGROUND_SCALE
    net = Network([2] + [hidden_units] * n_hidden_layers + [1], activation=activation,
                  output_activation="sigmoid", loss="mse", seed=seed)
    return np.array(net.gradient_norms(X, y))


def _draw_gradient_norms(ax) -> dict:
    positions = np.arange(_MAX_HIDDEN_LAYERS + 1)
    bars = ax.bar(positions, np.ones_like(positions, dtype=float), color="tab:blue")
    ax.set_yscale("log")
    ax.set(ylim=(1e-7, 10), xlim=(-0.6, _MAX_HIDDEN_LAYERS + 0.6), xlabel="layer (1 = next to the input)",
           ylabel="gradient size ||∂L/∂W||")
    ax.set_xticks(positions, [str(i + 1) for i in positions])
    labels = [ax.text(p, 1.0, "", ha="center", va="bottom", fontsize=8) for p in positions]
    title = ax.set_title(" ")
    return {"bars": list(bars), "labels": labels, "title": title}


def _update_gradient_norms(artists: dict, norms: np.ndarray, activation: str) -> None:
    n = len(norms)
    for i, (bar, label) in enumerate(zip(artists["bars"], artists["labels"], strict=True)):
        visible = i < n
        bar.set_visible(visible)
        label.set_visible(visible)
        if visible:
            height = max(float(norms[i]), 1e-12)
            bar.set_height(height)
            bar.set_color("tab:orange" if i == n - 1 else "tab:blue")
            label.set_position((i, height * 1.3))
            label.set_text(f"{height:.0e}")
    ratio = norms[0] / norms[-1]
    artists["title"].set_text(f"{activation}, {n - 1} hidden layers: first layer / last layer = {ratio:.1e}")


def plot_gradient_norms(activation: str = "sigmoid", n_hidden_layers: int = 5, *, ax=None) -> Figure:
    """Bars of each layer's gradient size (log scale) for a fresh deep network."""
    norms = layer_gradient_norms(activation, n_hidden_layers)
    ax = axes_or_new(ax, figsize=(7, 4))
    artists = _draw_gradient_norms(ax)
    _update_gradient_norms(artists, norms, activation)
    return ax.figure


def demo_vanishing_gradients() -> SliderDemo:
    """Pick the activation and the depth; see how small the first layers' gradients get."""
    X, y = make_playground_data("spiral", 200, 0.0, seed=0)
    X = X / PLAYGROUND_SCALE
    cache = {(a, d): layer_gradient_norms(a, d, X=X, y=y)
             for a in _DEEP_ACTIVATIONS for d in range(1, _MAX_HIDDEN_LAYERS + 1)}
    live = _CachedFrames(figsize=(7, 4))
    artists = _draw_gradient_norms(live.axes)
    live.figure.tight_layout()
    live.animate(*artists["bars"], *artists["labels"], artists["title"])

    def update(activation: str, n_hidden_layers: int) -> None:
        _update_gradient_norms(artists, cache[(activation, n_hidden_layers)], activation)
        live.frame_key = (activation, n_hidden_layers)

    live.precompute(lambda key: update(*key), cache)  # 24 small frames

    controls = {
        "activation": dropdown("hidden activation", _DEEP_ACTIVATIONS, "sigmoid"),
        "n_hidden_layers": slider("hidden layers", 1, _MAX_HIDDEN_LAYERS, 1, 5),
    }
    return SliderDemo(controls, update, figure=live, title="Vanishing gradients")


# --------------------------------------------------------------------------- circle: hidden neurons


def train_circle_networks(
    hidden_units=(1, 2, 3, 4, 5), *, num_epochs: int = 1500, learning_rate: float = 1.0, seed: int = 0,
    n_samples: int = 200,
) -> tuple[dict[int, Network], np.ndarray, np.ndarray]:
    """Train one ``[2, h, 1]`` tanh network per h on the (scaled) circle.

    Returns
    -------
    networks : dict h -> trained Network
    X : ndarray of shape (n_samples, 2), the scaled training points
    y : ndarray of shape (n_samples,), labels 0/1 (1 inside)
    """
    X, y = make_playground_data("circle", n_samples, 0.0, seed=seed)
    X = X / PLAYGROUND_SCALE
    networks = {}
    for h in hidden_units:
        if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1:
            raise ValueError(f"hidden_units must list whole numbers >= 1, such as (1, 2, 3); got {h!r}.")
        net = Network([2, int(h), 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=seed)
        net.fit(X, y, num_epochs=num_epochs, learning_rate=learning_rate)
        networks[int(h)] = net
    return networks, X, y


def decision_grid(net: Network, *, lim: float = 1.2, resolution: int = 60) -> np.ndarray:
    """The network's output on a ``resolution x resolution`` grid over [-lim, lim]^2.

    Returns
    -------
    ndarray of shape (resolution, resolution); row 0 is the bottom (y = -lim).
    """
    axis = np.linspace(-lim, lim, resolution)
    gx, gy = np.meshgrid(axis, axis)
    return net.predict(np.c_[gx.ravel(), gy.ravel()])[:, 0].reshape(resolution, resolution)


def _neuron_lines(net: Network, lim: float) -> list[np.ndarray]:
    """For each hidden neuron, two points of its line w1 x + w2 y + b = 0 (clipped to view)."""
    W, b = net.layers[0].W, net.layers[0].b
    lines = []
    t = np.linspace(-3 * lim, 3 * lim, 2)
    for j in range(W.shape[1]):
        w1, w2 = W[:, j]
        if abs(w2) >= abs(w1):
            lines.append(np.c_[t, -(w1 * t + b[j]) / w2])
        else:
            lines.append(np.c_[-(w2 * t + b[j]) / w1, t])
    return lines


_LIM = 1.2
_MAX_UNITS = 6


def _draw_hidden_neurons(ax, X, y) -> dict:
    image = ax.imshow(np.zeros((2, 2)), extent=(-_LIM, _LIM, -_LIM, _LIM), origin="lower", cmap="RdBu",
                      vmin=0, vmax=1, alpha=0.55, interpolation="bilinear")
    ax.scatter(*X[y == 1].T, s=14, color="tab:blue", edgecolor="white", linewidth=0.4, label="inside (1)")
    ax.scatter(*X[y == 0].T, s=14, color="tab:red", edgecolor="white", linewidth=0.4, label="outside (0)")
    lines = [ax.plot([], [], color="black", lw=1.3, ls="--")[0] for _ in range(_MAX_UNITS)]
    ax.set(xlim=(-_LIM, _LIM), ylim=(-_LIM, _LIM), aspect="equal", xlabel="x₁ / 5", ylabel="x₂ / 5")
    ax.legend(loc="upper right", fontsize=8)
    title = ax.set_title(" ")
    return {"image": image, "lines": lines, "title": title}


def _update_hidden_neurons(artists: dict, net: Network, grid: np.ndarray, accuracy: float) -> None:
    artists["image"].set_data(grid)
    lines = _neuron_lines(net, _LIM)
    for i, line in enumerate(artists["lines"]):
        if i < len(lines):
            line.set_data(lines[i][:, 0], lines[i][:, 1])
            line.set_visible(True)
        else:
            line.set_visible(False)
    h = net.layer_sizes[1]
    artists["title"].set_text(f"{h} hidden neuron{'s' if h > 1 else ''}: {h} line{'s' if h > 1 else ''}, "
                              f"training accuracy {accuracy:.0%}")


def plot_hidden_neurons(net: Network, X, y, *, ax=None) -> Figure:
    """A trained ``[2, h, 1]`` network's output (colour), its hidden lines and the points."""
    if not isinstance(net, Network) or len(net.layer_sizes) != 3 or net.layer_sizes[0] != 2:
        raise ValueError("plot_hidden_neurons needs a cu.Network with one hidden layer and 2 inputs, e.g. [2, 3, 1].")
    if net.layer_sizes[1] > _MAX_UNITS:
        raise ValueError(f"plot_hidden_neurons draws at most {_MAX_UNITS} hidden neurons.")
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    ax = axes_or_new(ax, figsize=(5, 5))
    artists = _draw_hidden_neurons(ax, X, y)
    _update_hidden_neurons(artists, net, decision_grid(net, lim=_LIM), net.accuracy(X, y))
    return ax.figure


def demo_hidden_neurons(num_epochs: int = 1500) -> SliderDemo:
    """A slider for the number of hidden neurons on the circle (networks trained once, up front)."""
    networks, X, y = train_circle_networks(tuple(range(1, _MAX_UNITS + 1)), num_epochs=num_epochs)
    frames = {h: (net, decision_grid(net, lim=_LIM), net.accuracy(X, y)) for h, net in networks.items()}
    live = _CachedFrames(figsize=(5.2, 5))
    artists = _draw_hidden_neurons(live.axes, X, y)
    live.figure.tight_layout()
    live.animate(artists["image"], *artists["lines"], artists["title"])

    def update(hidden_units: int) -> None:
        _update_hidden_neurons(artists, *frames[hidden_units])
        live.frame_key = hidden_units

    live.precompute(update, frames)  # six frames, each with a smoothed colour map

    controls = {"hidden_units": slider("hidden neurons", 1, _MAX_UNITS, 1, 2)}
    return SliderDemo(controls, update, figure=live, title="How many hidden neurons does a circle need?")


# --------------------------------------------------------------------------- exercises


def _one_neuron_gradient() -> float:
    x, w, b, target = 2.0, 0.5, -0.5, 1.0
    a = float(_sigmoid(np.array(w * x + b)))
    return 2 * (a - target) * a * (1 - a) * x


@exercise("04-1")
def _check_04_1(answer) -> CheckResult:
    return check_number(
        answer, _one_neuron_gradient(), name="dL/dw", rtol=1e-3, show=False,
        hint="multiply three local derivatives: dL/da = 2 (a - target), da/dz = a (1 - a), dz/dw = x; "
             "start from z = w x + b and a = sigmoid(z).",
    )


def _placeholder_left(func, *args) -> CheckResult | None:
    """A reminder when a student's function still returns the ``...`` placeholder."""
    if callable(func):
        try:
            if func(*args) is Ellipsis:
                return CheckResult(False, "Not yet. replace the ... in your function with your code, then run the cell again.")
        except Exception:  # noqa: BLE001 - check_function reports errors with a sentence
            return None
    return None


@exercise("04-2")
def _check_04_2(answer) -> CheckResult:
    left = _placeholder_left(answer, np.array([[1.0]]), np.array([[0.5]]))
    if left is not None:
        return left
    rng = np.random.default_rng(4)
    dA, A = rng.normal(size=(3, 4)), rng.uniform(0.05, 0.95, (3, 4))
    cases = [
        ((np.array([[1.0]]), np.array([[0.5]])), np.array([[0.25]])),
        ((dA, A), dA * A * (1 - A)),
    ]
    return check_function(
        answer, cases, name="sigmoid_backward", show=False,
        hint="dL/dY = dL/dA * A * (1 - A), element by element (use *, not @).",
    )


def _xor_test_set() -> tuple[np.ndarray, np.ndarray]:
    X, y = make_playground_data("xor", 500, 0.0, seed=404)
    return X / PLAYGROUND_SCALE, y


@exercise("04-3")
def _check_04_3(answer) -> CheckResult:
    name = "your network"
    if not isinstance(answer, Network):
        return CheckResult(False, f"Not yet. {name} should be a cu.Network, but it is a {type(answer).__name__}.")
    if answer.layer_sizes[0] != 2 or answer.layer_sizes[-1] != 1:
        return CheckResult(
            False, f"Not yet. {name} has layer sizes {answer.layer_sizes}: it needs 2 inputs and 1 output, "
                   "e.g. [2, 4, 1].")
    X, y = _xor_test_set()
    accuracy = answer.accuracy(X, y)
    if accuracy >= 0.95:
        return CheckResult(True, f"Correct! {name} classifies {accuracy:.1%} of 500 new XOR points correctly.")
    return CheckResult(
        False, f"Not yet. {name} gets {accuracy:.1%} of 500 new XOR points right; it needs 95%. Hint: train on "
               "X / 5 with at least 3 hidden neurons, and more epochs or a larger learning rate.")


@exercise("04-4")
def _check_04_4(answer) -> CheckResult:
    g = np.array([1.0, 2.0, 2.0])
    left = _placeholder_left(answer, g, g)
    if left is not None:
        return left
    cases = [
        ((g, g), 0.0),
        ((g, -g), 1.0),
        ((g, g + np.array([0.0, 0.0, 3e-6])), relative_error(g, g + np.array([0.0, 0.0, 3e-6]))),
        ((np.array([[3.0, 0.0]]), np.array([[0.0, 4.0]])), 5.0 / 7.0),
    ]
    return check_function(
        answer, cases, name="my_relative_error", show=False,
        hint="np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num)).",
    )

