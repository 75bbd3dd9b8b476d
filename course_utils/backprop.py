"""Notebook 04: backpropagation (反向傳播), step by step.

Three demos, each in three layers (numbers, a static ``plot_*`` figure, a
widget):

* the chain rule (連鎖律) on the club course's two-layer network (3 inputs,
  4 hidden sigmoid units, 2 sigmoid outputs, squared error): a slider steps
  through the forward values, then each backward gradient
  (:func:`graph_forward_backward`, :func:`plot_chain_rule_step`,
  :func:`demo_chain_rule`);
* vanishing gradients: the size of each layer's gradient in a deep network
  (:func:`layer_gradient_norms`, :func:`plot_gradient_norms`,
  :func:`demo_vanishing_gradients`);
* why a circle needs three hidden neurons: each hidden neuron draws one line
  (:func:`train_circle_networks`, :func:`plot_hidden_neurons`,
  :func:`demo_hidden_neurons`).

Also the gradient check: :func:`relative_error` and
:func:`network_gradient_check` (against
:func:`course_utils.optim.numerical_gradient`, central differences), and
:func:`plot_decision_map` for a trained network's map of the plane.

Notation as in ``docs/notation.md`` and :class:`course_utils.nn.Network`: rows
are samples, a layer computes ``Z = A_prev @ W + b`` then ``A = f(Z)``, with
``W`` of shape (n_in, n_out); ``y`` is the target. The playground's points lie
in [-6, 6]²; the functions here that make their own data divide them by 5,
as the notebook does, so tanh and sigmoid start out of their flat ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .activations import sigmoid
from .checks import CheckResult, check_function, check_number, exercise, is_placeholder
from .data import make_playground_data
from .neurons import decision_line
from .nn import Network, decision_grid
from .optim import numerical_gradient
from .playground import MAX_HIDDEN_LAYERS
from .widgets import BLUE as _BLUE
from .widgets import MAP_CMAP as _MAP_CMAP
from .widgets import ORANGE as _ORANGE
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "relative_error",
    "network_gradient_check",
    "graph_example",
    "graph_loss",
    "graph_forward_backward",
    "graph_numerical_gradients",
    "plot_chain_rule_step",
    "demo_chain_rule",
    "layer_gradient_norms",
    "plot_gradient_norms",
    "demo_vanishing_gradients",
    "train_circle_networks",
    "plot_decision_map",
    "plot_hidden_neurons",
    "demo_hidden_neurons",
]

# The playground's points lie in [-6, 6]; divided by 5 they lie near [-1, 1],
# where tanh and sigmoid are not yet flat. Scaling belongs to the data: the
# notebook writes ``X / 5`` itself.
_SCALE = 5.0


# --------------------------------------------------------------------------- gradient check


def relative_error(g, g_num) -> float:
    """``||g - g_num|| / (||g|| + ||g_num||)``: 0 when equal, 1 when opposite.

    Parameters
    ----------
    g, g_num : array-like of the same shape (any shape)
        An analytic gradient and its numerical estimate.

    Returns
    -------
    float
        0.0 when both are zero.
    """
    a = v.as_array(g, "g")
    b = v.as_array(g_num, "g_num")
    if a.shape != b.shape:
        raise ValueError(f"the two gradients should have the same shape, but g has {a.shape} and g_num {b.shape}.")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def network_gradient_check(net: Network, X, y, *, h: float = 1e-5) -> float:
    """Relative error between ``net``'s backpropagated gradient and central differences.

    The loss is the network's own (data loss plus its ``l2``/``l1`` penalty,
    no dropout). Below about 1e-6 the backward pass is right; above 1e-3
    something is wrong. The network's weights are left as they were.

    Parameters
    ----------
    net : cu.nn.Network
    X : ndarray of shape (n_samples, n_inputs)
    y : targets as ``net.loss`` takes them
    h : float
        The step of the central differences.
    """
    v.instance(net, "net", Network, "a cu.nn.Network")
    h = v.as_number(h, "h", low=0, low_open=True)
    theta = net.get_params()
    grads = net.gradients(X, y)
    analytic = np.concatenate([np.r_[dW.ravel(), db] for dW, db in grads])

    def loss_at(params: np.ndarray) -> float:
        net.set_params(params)
        return net.loss(X, y)

    try:
        numeric = numerical_gradient(loss_at, theta, h=h)
    finally:
        net.set_params(theta)
    return relative_error(analytic, numeric)


# --------------------------------------------------------------------------- the chain-rule graph

_PARAM_NAMES = ("W1", "b1", "W2", "b2")


def graph_example() -> dict[str, np.ndarray]:
    """The worked example: the club course's 3-4-2 network with one sample.

    Returns
    -------
    dict with ``A0`` (1, 3) the input, ``W1`` (3, 4), ``b1`` (4,), ``W2``
    (4, 2), ``b2`` (2,) and the target ``y`` (1, 2). Numbers have one decimal
    so they can be followed by hand.
    """
    return {
        "A0": np.array([[1.0, 0.5, -1.0]]),
        "W1": np.array([[0.2, -0.5, 0.4, 0.1], [0.6, 0.3, -0.2, -0.7], [-0.3, 0.8, 0.5, 0.2]]),
        "b1": np.array([0.1, -0.1, 0.0, 0.2]),
        "W2": np.array([[0.7, -0.4], [-0.6, 0.5], [0.3, 0.9], [0.5, -0.2]]),
        "b2": np.array([0.0, 0.1]),
        "y": np.array([[1.0, 0.0]]),
    }


def _check_graph_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping):
        raise TypeError(f"params should be a dict like cu.backprop.graph_example() returns, "
                        f"but it is {v.describe(params)}.")
    missing = {"A0", "y", *_PARAM_NAMES} - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}; start from cu.backprop.graph_example().")
    p = {name: v.as_matrix(params[name], name) for name in ("A0", "W1", "W2", "y")}
    if p["W1"].shape[0] != p["A0"].shape[1]:
        raise ValueError(f"W1 should have one row per input ({p['A0'].shape[1]}), but it has shape {p['W1'].shape}.")
    if p["W2"].shape[0] != p["W1"].shape[1]:
        raise ValueError(f"W2 should have one row per hidden neuron ({p['W1'].shape[1]}), "
                         f"but it has shape {p['W2'].shape}.")
    p["b1"] = v.as_array(params["b1"], "b1", shape=(p["W1"].shape[1],))
    p["b2"] = v.as_array(params["b2"], "b2", shape=(p["W2"].shape[1],))
    if p["y"].shape != (p["A0"].shape[0], p["W2"].shape[1]):
        raise ValueError(f"y should have shape {(p['A0'].shape[0], p['W2'].shape[1])} (one row per sample, "
                         f"one column per output), but it has shape {p['y'].shape}.")
    return p


def _graph_loss(p: dict[str, np.ndarray]) -> float:
    A1 = sigmoid(p["A0"] @ p["W1"] + p["b1"])
    A2 = sigmoid(A1 @ p["W2"] + p["b2"])
    return float(np.sum((A2 - p["y"]) ** 2))


def graph_loss(params: dict) -> float:
    """L = Σ (A2 − y)², the squared error of the two-layer graph (the club course's loss)."""
    return _graph_loss(_check_graph_params(params))


def graph_forward_backward(params: dict) -> dict[str, np.ndarray | float]:
    """Every value of the forward pass and every gradient of the backward pass.

    Parameters
    ----------
    params : dict
        As :func:`graph_example` returns.

    Returns
    -------
    dict with the given arrays, the forward values ``Z1`` (1, 4), ``A1``
    (1, 4), ``Z2`` (1, 2), ``A2`` (1, 2, the prediction ŷ), ``L`` (float) and
    the gradients ``dA2``, ``dZ2``, ``dW2``, ``db2``, ``dA1``, ``dZ1``,
    ``dW1``, ``db1`` (each shaped like its node).
    """
    p = _check_graph_params(params)
    out: dict[str, np.ndarray | float] = dict(p)
    # forward: each line computes one node from the nodes before it
    out["Z1"] = p["A0"] @ p["W1"] + p["b1"]
    out["A1"] = sigmoid(out["Z1"])
    out["Z2"] = out["A1"] @ p["W2"] + p["b2"]
    out["A2"] = sigmoid(out["Z2"])
    out["L"] = float(np.sum((out["A2"] - p["y"]) ** 2))
    # backward: the chain rule, one local derivative per line
    out["dA2"] = 2 * (out["A2"] - p["y"])  # dL/dA2
    out["dZ2"] = out["dA2"] * out["A2"] * (1 - out["A2"])  # dL/dZ2 = dL/dA2 * dA2/dZ2
    out["dW2"] = out["A1"].T @ out["dZ2"]  # dL/dW2 = A1^T dL/dZ2
    out["db2"] = out["dZ2"].sum(axis=0)  # dZ2/db2 = 1
    out["dA1"] = out["dZ2"] @ p["W2"].T  # dL/dA1 = dL/dZ2 W2^T
    out["dZ1"] = out["dA1"] * out["A1"] * (1 - out["A1"])
    out["dW1"] = p["A0"].T @ out["dZ1"]
    out["db1"] = out["dZ1"].sum(axis=0)
    return out


def graph_numerical_gradients(params: dict, *, h: float = 1e-5) -> dict[str, np.ndarray]:
    """Central-difference gradients of :func:`graph_loss` for ``W1``, ``b1``, ``W2`` and ``b2``.

    Returns
    -------
    dict with ``dW1``, ``db1``, ``dW2``, ``db2``, shaped like the parameters.
    """
    p = _check_graph_params(params)
    h = v.as_number(h, "h", low=0, low_open=True)
    grads = {}
    for name in _PARAM_NAMES:
        def loss_of(value: np.ndarray, name: str = name) -> float:
            return _graph_loss({**p, name: value})

        grads["d" + name] = numerical_gradient(loss_of, p[name], h=h)
    return grads


# One entry per slider position: (phase, what happens, the formula, nodes lit).
_CHAIN_RULE_STEPS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("start", "the graph: input A⁽⁰⁾, weights, biases and the target y are given",
     "forward pass: compute every node from left to right", ("A0", "W1", "b1", "W2", "b2", "y")),
    ("forward", "weighted sum of layer 1", "Z⁽¹⁾ = A⁽⁰⁾W⁽¹⁾ + b⁽¹⁾", ("Z1",)),
    ("forward", "activation of layer 1", "A⁽¹⁾ = σ(Z⁽¹⁾)", ("A1",)),
    ("forward", "weighted sum of layer 2", "Z⁽²⁾ = A⁽¹⁾W⁽²⁾ + b⁽²⁾", ("Z2",)),
    ("forward", "activation of layer 2: the prediction ŷ", "A⁽²⁾ = σ(Z⁽²⁾)", ("A2",)),
    ("forward", "the loss", "L = Σ (A⁽²⁾ − y)²", ("L",)),
    ("backward", "start at the loss", "∂L/∂A⁽²⁾ = 2 (A⁽²⁾ − y)", ("A2",)),
    ("backward", "through the sigmoid", "∂L/∂Z⁽²⁾ = ∂L/∂A⁽²⁾ · σ′(Z⁽²⁾) = ∂L/∂A⁽²⁾ · A⁽²⁾(1 − A⁽²⁾)", ("Z2",)),
    ("backward", "the gradients of layer 2's weights and biases",
     "∂L/∂W⁽²⁾ = A⁽¹⁾ᵀ ∂L/∂Z⁽²⁾    ∂L/∂b⁽²⁾ = ∂L/∂Z⁽²⁾", ("W2", "b2")),
    ("backward", "back into layer 1", "∂L/∂A⁽¹⁾ = ∂L/∂Z⁽²⁾ W⁽²⁾ᵀ", ("A1",)),
    ("backward", "through layer 1's sigmoid", "∂L/∂Z⁽¹⁾ = ∂L/∂A⁽¹⁾ · A⁽¹⁾(1 − A⁽¹⁾)", ("Z1",)),
    ("backward", "the gradients of layer 1's weights and biases: done",
     "∂L/∂W⁽¹⁾ = A⁽⁰⁾ᵀ ∂L/∂Z⁽¹⁾    ∂L/∂b⁽¹⁾ = ∂L/∂Z⁽¹⁾", ("W1", "b1")),
]

# node -> (x, y) centre in axes coordinates, and its label
_NODES = {
    "A0": ((0.07, 0.72), "A⁽⁰⁾ input"),
    "W1": ((0.10, 0.36), "W⁽¹⁾"),
    "b1": ((0.27, 0.36), "b⁽¹⁾"),
    "Z1": ((0.27, 0.72), "Z⁽¹⁾"),
    "A1": ((0.45, 0.72), "A⁽¹⁾"),
    "W2": ((0.50, 0.36), "W⁽²⁾"),
    "b2": ((0.66, 0.36), "b⁽²⁾"),
    "Z2": ((0.63, 0.72), "Z⁽²⁾"),
    "A2": ((0.79, 0.72), "A⁽²⁾ = ŷ"),
    "y": ((0.84, 0.36), "y target"),
    "L": ((0.94, 0.72), "L loss"),
}
_EDGES = [("A0", "Z1"), ("W1", "Z1"), ("b1", "Z1"), ("Z1", "A1"), ("A1", "Z2"), ("W2", "Z2"),
          ("b2", "Z2"), ("Z2", "A2"), ("A2", "L"), ("y", "L")]
# the step at which each node's value, and each node's gradient, becomes known
_VALUE_STEP = {"A0": 0, "W1": 0, "b1": 0, "W2": 0, "b2": 0, "y": 0, "Z1": 1, "A1": 2, "Z2": 3, "A2": 4, "L": 5}
_GRAD_STEP = {"A2": 6, "Z2": 7, "W2": 8, "b2": 8, "A1": 9, "Z1": 10, "W1": 11, "b1": 11}
_GRAD_LABEL = {"A2": "∂L/∂A⁽²⁾", "Z2": "∂L/∂Z⁽²⁾", "W2": "∂L/∂W⁽²⁾", "b2": "∂L/∂b⁽²⁾",
               "A1": "∂L/∂A⁽¹⁾", "Z1": "∂L/∂Z⁽¹⁾", "W1": "∂L/∂W⁽¹⁾", "b1": "∂L/∂b⁽¹⁾"}
# Phase colours: neither blue nor orange, which the course keeps for signs and classes.
_LIT = {"forward": "#fff1b8", "backward": "#e4d7f5", "start": "#e6e6e6"}
_GRAD_COLOUR = "#5b2a86"


def _fmt(value) -> str:
    """A small matrix as rows of signed two-decimal numbers."""
    if np.isscalar(value) or np.ndim(value) == 0:
        return f"{float(value):.4f}"
    arr = np.atleast_2d(np.asarray(value, dtype=float))
    return "\n".join(" ".join(f"{x:+.2f}" for x in row) for row in arr)


def _check_step(step) -> int:
    return v.as_int(step, "step", low=0, high=len(_CHAIN_RULE_STEPS) - 1)


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
                              color=_GRAD_COLOUR, family="DejaVu Sans Mono")
    title = ax.text(0.0, 1.0, "", ha="left", va="top", fontsize=11, weight="bold")
    formula = ax.text(0.5, 0.02, "", ha="center", va="bottom", fontsize=10,
                      bbox=dict(boxstyle="round,pad=0.4", fc="#f7f7f7", ec="0.5"))
    return {"boxes": boxes, "grads": grads, "title": title, "formula": formula}


def _update_chain_rule(artists: dict, values: dict, step: int) -> None:
    phase, what, formula, lit = _CHAIN_RULE_STEPS[step]
    for name, ((_x, _y), label) in _NODES.items():
        known = step >= _VALUE_STEP[name]
        box = artists["boxes"][name]
        box.set_text(f"{label}\n{_fmt(values[name]) if known else '?'}")
        box.get_bbox_patch().set_facecolor(_LIT[phase] if name in lit else "white")
        box.get_bbox_patch().set_linewidth(2.0 if name in lit else 0.8)
        grad_text = ""
        if name in _GRAD_STEP and step >= _GRAD_STEP[name]:
            grad_text = f"{_GRAD_LABEL[name]}\n{_fmt(values['d' + name])}"
        artists["grads"][name].set_text(grad_text)
    arrow = "→ forward pass" if phase == "forward" else "← backward pass" if phase == "backward" else ""
    artists["title"].set_text(f"step {step} of {len(_CHAIN_RULE_STEPS) - 1}  {arrow}: {what}")
    result = ""
    if phase == "forward":
        key = lit[0]
        result = f"   = {_fmt(values[key]) if key == 'L' else _fmt(values[key]).replace(chr(10), ' | ')}"
    elif phase == "backward" and lit[0] not in ("W1", "W2"):
        result = "   = " + _fmt(values["d" + lit[0]]).replace("\n", " | ")
    artists["formula"].set_text(formula + result)


def plot_chain_rule_step(step: int = 0, params: dict | None = None, *, ax=None) -> Figure:
    """The two-layer graph at one step of the forward and backward pass.

    Parameters
    ----------
    step : int from 0 to 11
        0: only the given numbers; 1-5: forward values; 6-11: gradients (purple).
    params : dict, optional
        As :func:`graph_example` returns (the default).
    ax : matplotlib Axes, optional
    """
    step = _check_step(step)
    values = graph_forward_backward(graph_example() if params is None else params)
    if v.axes(ax) is None:
        ax = axes_or_new(figsize=(11, 5.2))
        ax.figure.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    artists = _draw_chain_rule(ax)
    _update_chain_rule(artists, values, step)
    return ax.figure


def demo_chain_rule(params: dict | None = None) -> SliderDemo:
    """A step slider through the forward pass, then the backward pass.

    Parameters
    ----------
    params : dict, optional
        As :func:`graph_example` returns (the default).
    """
    values = graph_forward_backward(graph_example() if params is None else params)
    live = LiveFigure(figsize=(11, 5.2), cache_frames=True)
    live.figure.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    artists = _draw_chain_rule(live.axes)
    live.animate(*artists["boxes"].values(), *artists["grads"].values(), artists["title"], artists["formula"])

    def update(step: int) -> None:
        _update_chain_rule(artists, values, step)
        live.frame_key = step

    # about 500 glyphs a frame take ~0.1 s to draw: draw each of the 12 frames once, now
    live.precompute(update, range(len(_CHAIN_RULE_STEPS)))
    controls = {"step": slider("step", 0, len(_CHAIN_RULE_STEPS) - 1, 1, 0)}
    return SliderDemo(controls, update, figure=live, title="Backpropagation, one step at a time")


# --------------------------------------------------------------------------- vanishing gradients

_DEEP_ACTIVATIONS = ("sigmoid", "tanh", "relu")


def _spiral_data() -> tuple[np.ndarray, np.ndarray]:
    X, y = make_playground_data("spiral", 200, 0.0, seed=0)
    return X / _SCALE, y


def layer_gradient_norms(
    activation: str = "sigmoid", num_hidden_layers: int = 5, *, width: int = 8, seed: int = 0,
    X=None, y=None,
) -> np.ndarray:
    """||∂L/∂W|| of every layer of a freshly initialised network.

    The network is ``[2] + [width] * num_hidden_layers + [1]`` with the given
    hidden activation, a sigmoid output and MSE, as in the club course's
    spiral experiment.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    num_hidden_layers : int from 1 to 6
    width : int
        Neurons in each hidden layer.
    seed : int
        The network's initial weights.
    X, y : optional
        The data, shape (n_samples, 2) and (n_samples,); by default 200
        points of the spiral divided by 5.

    Returns
    -------
    ndarray of shape (num_hidden_layers + 1,)
        First layer first; the last entry is the output layer.
    """
    activation = v.choice(activation, "activation", _DEEP_ACTIVATIONS)
    num_hidden_layers = v.as_int(num_hidden_layers, "num_hidden_layers", low=1, high=MAX_HIDDEN_LAYERS)
    width = v.as_int(width, "width", low=1)
    seed = v.as_int(seed, "seed", low=0)
    if (X is None) != (y is None):
        raise ValueError("give both X and y (or neither, for the spiral).")
    if X is None:
        X, y = _spiral_data()
    else:
        X = v.as_array(X, "X", shape=(None, 2))
        y = v.as_array(y, "y", shape=(X.shape[0],))
    net = Network([2] + [width] * num_hidden_layers + [1], activation=activation,
                  output_activation="sigmoid", loss="mse", seed=seed)
    return np.array(net.gradient_norms(X, y))


def _draw_gradient_norms(ax) -> dict:
    positions = np.arange(MAX_HIDDEN_LAYERS + 1)
    bars = ax.bar(positions, np.ones_like(positions, dtype=float), color="0.55")
    ax.set_yscale("log")
    ax.set(ylim=(1e-6, 10), xlim=(-0.6, MAX_HIDDEN_LAYERS + 0.6), xlabel="layer (1 = next to the input)",
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
            bar.set_color("black" if i == n - 1 else "0.55")
            label.set_position((i, height * 1.3))
            label.set_text(f"{height:.0e}")
    ratio = norms[0] / norms[-1]
    artists["title"].set_text(f"{activation}, {n - 1} hidden layers: first layer / output layer = {ratio:.1e}")


def plot_gradient_norms(activation: str = "sigmoid", num_hidden_layers: int = 5, *, ax=None) -> Figure:
    """Bars of each layer's gradient size (log scale) for a fresh deep network on the spiral."""
    norms = layer_gradient_norms(activation, num_hidden_layers)
    ax = axes_or_new(ax, figsize=(7, 4))
    artists = _draw_gradient_norms(ax)
    _update_gradient_norms(artists, norms, activation)
    return ax.figure


def demo_vanishing_gradients() -> SliderDemo:
    """Pick the activation and the depth; see how small the first layers' gradients get."""
    X, y = _spiral_data()
    cache = {(a, d): layer_gradient_norms(a, d, X=X, y=y)
             for a in _DEEP_ACTIVATIONS for d in range(1, MAX_HIDDEN_LAYERS + 1)}
    live = LiveFigure(figsize=(7, 4), cache_frames=True)
    artists = _draw_gradient_norms(live.axes)
    live.figure.tight_layout()
    live.animate(*artists["bars"], *artists["labels"], artists["title"])

    def update(activation: str, num_hidden_layers: int) -> None:
        _update_gradient_norms(artists, cache[(activation, num_hidden_layers)], activation)
        live.frame_key = (activation, num_hidden_layers)

    live.precompute(lambda key: update(*key), cache)  # 18 small frames
    controls = {
        "activation": dropdown("hidden activation", _DEEP_ACTIVATIONS, "sigmoid"),
        "num_hidden_layers": slider("hidden layers", 1, MAX_HIDDEN_LAYERS, 1, 5),
    }
    return SliderDemo(controls, update, figure=live, title="Vanishing gradients")


# --------------------------------------------------------------------------- circle: hidden neurons


def train_circle_networks(
    widths: Sequence[int] = (1, 2, 3, 4, 5), *, num_epochs: int = 1500, learning_rate: float = 1.0,
    seed: int = 0, n_samples: int = 200,
) -> tuple[dict[int, Network], np.ndarray, np.ndarray]:
    """Train one ``[2, width, 1]`` tanh network per width on the circle (divided by 5).

    Full-batch gradient descent on binary cross-entropy, as Experiment 1 of
    notebook 04.

    Parameters
    ----------
    widths : sequence of int
        The hidden-layer widths to train, e.g. ``(2, 3)``.
    num_epochs, learning_rate : training settings
    seed : int
        The data and every network's initial weights.
    n_samples : int
        Points of the circle.

    Returns
    -------
    networks : dict width -> trained Network
    X : ndarray of shape (n_samples, 2), the scaled training points
    y : ndarray of shape (n_samples,), labels 0/1 (1 inside)
    """
    widths = v.sizes(widths, "widths")
    num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0, low_open=True)
    seed = v.as_int(seed, "seed", low=0)
    n_samples = v.as_int(n_samples, "n_samples", low=4)
    X, y = make_playground_data("circle", n_samples, 0.0, seed=seed)
    X = X / _SCALE
    networks = {}
    for width in widths:
        net = Network([2, width, 1], activation="tanh", output_activation="sigmoid",
                      loss="binary_crossentropy", seed=seed)
        net.fit(X, y, num_epochs=num_epochs, learning_rate=learning_rate)
        networks[width] = net
    return networks, X, y


_LIM = 1.2
_MAX_WIDTH = 6


def _draw_map(ax, X, y, lim: float) -> dict:
    """A decision map (the probability of class 1, orange 0 to blue 1) with the points on top."""
    image = ax.imshow(np.full((2, 2), 0.5), extent=(-lim, lim, -lim, lim), origin="lower", cmap=_MAP_CMAP,
                      vmin=0, vmax=1, interpolation="bilinear")
    points = [ax.scatter(*X[y == 1].T, s=14, color=_BLUE, edgecolor="white", linewidth=0.4, label="class 1"),
              ax.scatter(*X[y == 0].T, s=14, color=_ORANGE, edgecolor="white", linewidth=0.4, label="class 0")]
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="x₁ / 5", ylabel="x₂ / 5")
    return {"image": image, "points": points}


def _check_points(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = v.as_array(X, "X", shape=(None, 2))
    y = v.labels(y, "y", num_classes=2)
    v.same_length("X", X, "y", y)
    return X, y


def plot_decision_map(net: Network, X, y, *, lim: float = _LIM, resolution: int = 80, ax=None) -> Figure:
    """A trained two-input network's map of the plane, with the points.

    Colour is the network's probability of class 1 (orange 0, white 0.5,
    blue 1, as TensorFlow Playground draws it); the points are blue for
    class 1 and orange for class 0.

    Parameters
    ----------
    net : cu.nn.Network with 2 inputs and 1 output
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,), labels 0/1
    lim : float
        The map covers [-lim, lim]².
    resolution : int
        Grid points per axis.
    ax : matplotlib Axes, optional
    """
    _check_two_inputs(net, "plot_decision_map")
    X, y = _check_points(X, y)
    lim = v.as_number(lim, "lim", low=0, low_open=True)
    resolution = v.as_int(resolution, "resolution", low=2, high=1000)
    ax = axes_or_new(ax, figsize=(5, 5))
    artists = _draw_map(ax, X, y, lim)
    artists["image"].set_data(decision_grid(net, lim=lim, resolution=resolution))
    return ax.figure


def _check_two_inputs(net, where: str) -> None:
    v.instance(net, "net", Network, "a cu.nn.Network")
    if net.layer_sizes[0] != 2 or net.layer_sizes[-1] != 1:
        raise ValueError(f"{where} needs a network with 2 inputs and 1 output, but this one has "
                         f"layer sizes {net.layer_sizes}.")


def _draw_hidden_neurons(ax, X, y) -> dict:
    artists = _draw_map(ax, X, y, _LIM)
    artists["lines"] = [ax.plot([], [], color="black", lw=1.3, ls="--")[0] for _ in range(_MAX_WIDTH)]
    ax.legend(loc="upper right", fontsize=8)
    artists["title"] = ax.set_title(" ")
    return artists


def _update_hidden_neurons(artists: dict, net: Network, grid: np.ndarray, accuracy: float) -> None:
    artists["image"].set_data(grid)
    W, b = net.layers[0].W, net.layers[0].b
    for j, line in enumerate(artists["lines"]):
        xs, ys = decision_line(W[:, j], b[j], (-_LIM, _LIM)) if j < W.shape[1] else ((), ())
        line.set_data(xs, ys)  # empty when the neuron's line misses the picture
        line.set_visible(len(xs) > 0)
    width = net.layer_sizes[1]
    s = "s" if width > 1 else ""
    artists["title"].set_text(f"{width} hidden neuron{s}: {width} line{s}, training accuracy {accuracy:.0%}")


def plot_hidden_neurons(net: Network, X, y, *, ax=None) -> Figure:
    """A trained ``[2, width, 1]`` network's map (colour), its hidden neurons' lines and the points."""
    _check_two_inputs(net, "plot_hidden_neurons")
    if len(net.layer_sizes) != 3:
        raise ValueError(f"plot_hidden_neurons needs one hidden layer, e.g. [2, 3, 1], not {net.layer_sizes}.")
    if net.layer_sizes[1] > _MAX_WIDTH:
        raise ValueError(f"plot_hidden_neurons draws at most {_MAX_WIDTH} hidden neurons, "
                         f"not {net.layer_sizes[1]}.")
    X, y = _check_points(X, y)
    ax = axes_or_new(ax, figsize=(5, 5))
    artists = _draw_hidden_neurons(ax, X, y)
    _update_hidden_neurons(artists, net, decision_grid(net, lim=_LIM), net.accuracy(X, y))
    return ax.figure


def demo_hidden_neurons(num_epochs: int = 1500) -> SliderDemo:
    """A slider for the number of hidden neurons on the circle (networks trained once, up front)."""
    num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
    networks, X, y = train_circle_networks(tuple(range(1, _MAX_WIDTH + 1)), num_epochs=num_epochs)
    frames = {w: (net, decision_grid(net, lim=_LIM), net.accuracy(X, y)) for w, net in networks.items()}
    live = LiveFigure(figsize=(5.2, 5), cache_frames=True)
    artists = _draw_hidden_neurons(live.axes, X, y)
    live.figure.tight_layout()

    def update(width: int) -> None:
        _update_hidden_neurons(artists, *frames[width])
        live.frame_key = width

    # six frames, each drawn in full once (the map lies under points, lines, frame and legend,
    # so blitting it would paint over them) and then re-sent from the cache
    live.precompute(update, frames)
    controls = {"width": slider("hidden neurons", 1, _MAX_WIDTH, 1, 2)}
    return SliderDemo(controls, update, figure=live, title="How many hidden neurons does a circle need?")


# --------------------------------------------------------------------------- exercises


def _not_yet(message: str) -> CheckResult:
    return CheckResult(False, "Not yet. " + message)


def _one_neuron_gradient() -> float:
    x, w, b, target = 2.0, 0.5, -0.5, 1.0
    a = float(sigmoid(w * x + b))
    return 2 * (a - target) * a * (1 - a) * x


@exercise("04-1", hints=(
    "Write down what depends on what: z on w, a on z, L on a. The chain rule multiplies one local "
    "derivative per arrow.",
    "The three local derivatives are ∂L/∂a (from L = (a − target)²), ∂a/∂z (the sigmoid's slope, which "
    "can be written with a alone) and ∂z/∂w (from z = w·x + b).",
    "Compute z and a = σ(z) with the given numbers first, then multiply 2(a − target), a(1 − a) and x.",
))
def _check_04_1(answer) -> CheckResult:
    return check_number(
        answer, _one_neuron_gradient(), name="dL/dw", rtol=1e-3,
        hint="it should be the product of three local derivatives, one for each step from w to L.",
    )


@exercise("04-2", hints=(
    "The chain rule, one step: ∂L/∂Z is ∂L/∂A times the slope of A = σ(Z) with respect to Z.",
    "The sigmoid's slope can be written with its output alone: see step 7 of the chain-rule demo.",
    "Every entry of A depends only on the same entry of Z, so multiply entry by entry (*, not @).",
))
def _check_04_2(answer) -> CheckResult:
    rng = np.random.default_rng(4)
    dA, A = rng.normal(size=(3, 4)), rng.uniform(0.05, 0.95, (3, 4))
    cases = [
        ((np.array([[1.0]]), np.array([[0.5]])), np.array([[0.25]])),
        ((dA, A), dA * A * (1 - A)),
    ]
    return check_function(
        answer, cases, name="sigmoid_backward",
        hint="multiply dA by the sigmoid's slope, written with A.",
    )


def _xor_test_set() -> tuple[np.ndarray, np.ndarray]:
    X, y = make_playground_data("xor", 500, 0.0, seed=404)
    return X / _SCALE, y


@exercise("04-3", hints=(
    "Go back to Experiment 1: how many hidden neurons did the circle need, and what does each one draw?",
    "Notebook 02 computed XOR of four corner points with two hidden neurons: their two lines make a band "
    "that holds (0, 1) and (1, 0). Here the points fill whole quadrants, and a band cannot hold two "
    "opposite quadrants: measured, two hidden neurons stop at 87 % or less. Give the hidden layer more neurons.",
    "Use Experiment 1's recipe (tanh hidden layer, sigmoid output, binary cross-entropy, full batch, "
    "learning_rate=1.0, 1,500 epochs) with more than two hidden neurons; if one start falls short, try "
    "another seed or one more neuron.",
))
def _check_04_3(answer) -> CheckResult:
    name = "your network"
    if not isinstance(answer, Network):
        return _not_yet(f"{name} should be a cu.nn.Network, but it is {v.describe(answer)}.")
    if answer.layer_sizes[0] != 2 or answer.layer_sizes[-1] != 1:
        return _not_yet(f"{name} has layer sizes {answer.layer_sizes}: it needs 2 inputs and 1 output.")
    X, y = _xor_test_set()
    accuracy = answer.accuracy(X, y)
    if accuracy >= 0.95:
        return CheckResult(True, f"Correct! {name} classifies {accuracy:.1%} of 500 new XOR points correctly.")
    return _not_yet(f"{name} gets {accuracy:.1%} of 500 new XOR points right; it needs 95%. "
                    "Did you train it on X_xor (divided by 5), long enough?")


@exercise("04-4", hints=(
    "The top of the fraction says how far apart the two gradients are, the bottom how large they are.",
    "np.linalg.norm(a) of an array of any shape is the square root of the sum of all its squared entries.",
    "Three calls of np.linalg.norm and one division; no loop is needed.",
))
def _check_04_4(answer) -> CheckResult:
    g = np.array([1.0, 2.0, 2.0])
    nudged = g + np.array([0.0, 0.0, 3e-6])
    cases = [
        ((g, g), 0.0),
        ((g, -g), 1.0),
        ((g, nudged), relative_error(g, nudged)),
        ((np.array([[3.0, 0.0]]), np.array([[0.0, 4.0]])), 5.0 / 7.0),
    ]
    return check_function(
        answer, cases, name="my_relative_error",
        hint="compare your formula with the one in the exercise: a norm on top, a sum of two norms below.",
    )


def _dense_case(seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(5, 2))


def _dense_numeric(A_prev, W, b, dZ) -> dict[str, np.ndarray]:
    """Finite-difference gradients of L = Σ dZ ⊙ (A_prev W + b), whose ∂L/∂Z is exactly dZ."""
    def loss(A, W_, b_):
        return float(np.sum(dZ * (A @ W_ + b_)))

    return {
        "dA_prev": numerical_gradient(lambda a: loss(a, W, b), A_prev),
        "dW": numerical_gradient(lambda w: loss(A_prev, w, b), W),
        "db": numerical_gradient(lambda c: loss(A_prev, W, c), b),
    }


@exercise("04-5", hints=(
    "Each gradient has the shape of what it belongs to: dA_prev like A_prev, dW like W, db like b. Let the "
    "shapes tell you which matrices to multiply and which one to transpose.",
    "Z = A_prev @ W + b. The chain-rule demo's steps 9 and 11 do exactly this for one layer; "
    "cu.nn.Network.backward does it for every layer.",
    "dW needs A_prev transposed, dA_prev needs W transposed, and db adds dZ up over the samples (the rows).",
))
def _check_04_5(answer) -> CheckResult:
    label = "dense_backward(dZ, A_prev, W)"
    if not callable(answer):
        return _not_yet(f"dense_backward should be a function (def ...), but it is {v.describe(answer)}.")
    for seed in (45, 46):
        A_prev, W, b, dZ = _dense_case(seed)
        try:
            got = answer(dZ.copy(), A_prev.copy(), W.copy())
        except Exception as exc:  # noqa: BLE001 - a student's error becomes a sentence
            return _not_yet(f"{label} raised {type(exc).__name__}: {exc}. Fix that, then check again.")
        if is_placeholder(got):
            return _not_yet("replace each ... in dense_backward with your code, then run the cell again.")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return _not_yet(f"{label} should return three arrays, dA_prev, dW, db; it returned {v.describe(got)}.")
        expected = _dense_numeric(A_prev, W, b, dZ)
        like = {"dA_prev": "A_prev", "dW": "W", "db": "b"}
        for (name, want), value in zip(expected.items(), got, strict=True):
            try:
                array = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                return _not_yet(f"{name} should be an array of numbers, but it is {v.describe(value)}.")
            if array.shape != want.shape:
                return _not_yet(f"{name} has shape {array.shape}, but it should have the shape of "
                                f"{like[name]}, {want.shape}.")
            if not np.isfinite(array).all():
                return _not_yet(f"{name} contains NaN or infinite values.")
            error = relative_error(array, want)
            if error > 1e-6:
                return _not_yet(f"{name} has the right shape but disagrees with the finite differences "
                                f"(relative error {error:.1e}).")
    return CheckResult(True, "Correct! dA_prev, dW and db all agree with the finite differences "
                             "(relative error below 1e-6).")
