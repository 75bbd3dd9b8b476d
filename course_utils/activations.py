"""Activation functions (激勵函數) and their derivatives, in NumPy.

Each ``f(z)`` has a matching ``f_grad(z)`` = df/dz, written right next to it,
so the forward rule and the backward rule can be read together. The
from-scratch network (``cu.nn``) and the plots of notebook 02 both use these.

Notebook 02's demos live here too, in three layers: numbers
(:func:`activation_curves`, :func:`sigmoid_neuron_descent`), static figures
(``plot_*``) and widgets (``demo_*``).
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .checks import CheckResult, check_choice, check_function, exercise
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad", "softmax", "step", "ACTIVATIONS", "get_activation",
    "CURVE_ACTIVATIONS", "SOFTMAX_SCORES", "SOFTMAX_LABELS", "activation_curves", "sigmoid_neuron_descent",
    "plot_activation", "plot_softmax", "plot_sigmoid_slowdown",
    "demo_activations", "demo_softmax",
]


def _as_float_array(z, name: str = "z") -> np.ndarray:
    try:
        array = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, not {type(z).__name__}.") from None
    return array


def sigmoid(z):
    """1 / (1 + e^-z), computed without overflow for large |z|."""
    z = _as_float_array(z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out if out.ndim else float(out)


def sigmoid_grad(z):
    """sigmoid(z) * (1 - sigmoid(z)); at most 0.25, near 0 for large |z|."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, output in (-1, 1)."""
    return np.tanh(_as_float_array(z))


def tanh_grad(z):
    """1 - tanh(z)^2."""
    return 1.0 - np.tanh(_as_float_array(z)) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(_as_float_array(z), 0.0)


def relu_grad(z):
    """1 where z > 0, else 0 (the value at exactly 0 is taken as 0)."""
    return (_as_float_array(z) > 0).astype(float)


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha (the slope for z < 0) must be a number such as 0.01, not {alpha!r}.")
    return float(alpha)


def leaky_relu(z, alpha: float = 0.01):
    """z for z > 0, alpha * z otherwise."""
    alpha = _check_alpha(alpha)
    z = _as_float_array(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha: float = 0.01):
    """1 for z > 0, alpha otherwise."""
    alpha = _check_alpha(alpha)
    z = _as_float_array(z)
    return np.where(z > 0, 1.0, alpha)


def step(z):
    """The perceptron's threshold (階梯函數): 1 where z >= 0, else 0 (as integers).

    Its derivative is 0 everywhere it exists, so gradient descent cannot use
    it; the perceptron learning rule does not need one.
    """
    z = _as_float_array(z)
    out = (z >= 0).astype(np.int64)
    return out if out.ndim else int(out)


def softmax(z, temperature: float = 1.0, axis: int = -1):
    """exp(z / T) normalised to sum to 1 along ``axis`` (stable for large z).

    A low temperature sharpens the distribution towards the largest score,
    a high one flattens it towards uniform.
    """
    if not np.isscalar(temperature) or temperature <= 0:
        raise ValueError(f"temperature must be a positive number, not {temperature!r}.")
    z = _as_float_array(z) / temperature
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "linear": (lambda z: _as_float_array(z), lambda z: np.ones_like(_as_float_array(z))),
}


def get_activation(name: str):
    """Return ``(f, f_grad)`` for an activation's name."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}.") from None


# --------------------------------------------------------------------------- notebook 02: numbers

#: The activations the curve demo offers, in the order they are taught.
CURVE_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def activation_curves(name: str, z, alpha: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """An activation and its derivative at every z.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu"}
    z : array-like of shape (n,)
    alpha : float
        The slope of leaky ReLU for z < 0 (ignored by the others).

    Returns
    -------
    f, f_grad : ndarray of shape (n,) each
    """
    if name not in CURVE_ACTIVATIONS:
        raise ValueError(f"Unknown activation {name!r}; choose one of {list(CURVE_ACTIVATIONS)}.")
    z = np.atleast_1d(_as_float_array(z))
    if name == "leaky_relu":
        return leaky_relu(z, alpha), leaky_relu_grad(z, alpha)
    f, f_grad = ACTIVATIONS[name]
    return np.asarray(f(z), dtype=float), np.asarray(f_grad(z), dtype=float)


def sigmoid_neuron_descent(
    w0: float, *, target: float = 1.0, learning_rate: float = 1.0, num_steps: int = 50
) -> np.ndarray:
    """Gradient descent on one sigmoid neuron ``y = sigmoid(w * 1)``.

    The loss is the squared error ``(y - target) ** 2``; its gradient with
    respect to w is ``2 (y - target) sigmoid'(w)``. Starting in a flat end of
    the sigmoid makes ``sigmoid'(w)`` tiny, so the first steps barely move.

    Returns
    -------
    losses : ndarray of shape (num_steps + 1,)
        The loss before the first step and after every step.
    """
    for label, value in (("w0", w0), ("target", target), ("learning_rate", learning_rate)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{label} must be a number, not {value!r}.")
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) or num_steps < 0:
        raise ValueError(f"num_steps must be a whole number of at least 0, not {num_steps!r}.")
    w = float(w0)
    losses = np.empty(int(num_steps) + 1)
    for i in range(int(num_steps) + 1):
        y = sigmoid(w)
        losses[i] = (y - target) ** 2
        w -= learning_rate * 2.0 * (y - target) * sigmoid_grad(w)
    return losses


# --------------------------------------------------------------------------- notebook 02: figures

_Z = np.linspace(-6.0, 6.0, 241)
_F_LIMITS = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15), "relu": (-1.0, 6.2), "leaky_relu": (-3.2, 6.2)}
_GRAD_LIMITS = {"sigmoid": (-0.05, 1.1), "tanh": (-0.05, 1.1), "relu": (-0.05, 1.1), "leaky_relu": (-0.05, 1.1)}


def _pair_of_axes(ax, figsize):
    if ax is None:
        axes = axes_or_new(figsize=figsize, nrows=1, ncols=2)
        return axes[0].figure, axes
    axes = np.ravel(np.asarray(ax, dtype=object))
    if axes.size != 2:
        raise ValueError("ax must be a pair of axes (one for f, one for its derivative), e.g. from subplots(1, 2).")
    return axes[0].figure, axes


def _draw_activation(axes) -> dict:
    ax_f, ax_g = axes
    (f_line,) = ax_f.plot(_Z, _Z, color="tab:blue", lw=2)
    (g_line,) = ax_g.plot(_Z, _Z, color="tab:red", lw=2)
    (f_dot,) = ax_f.plot([0], [0], "o", color="black", ms=7)
    (g_dot,) = ax_g.plot([0], [0], "o", color="black", ms=7)
    for ax in axes:
        ax.axhline(0, color="gray", lw=0.8)
        ax.axvline(0, color="gray", lw=0.8)
        ax.set_xlim(_Z[0], _Z[-1])
        ax.set_xlabel("z (the weighted sum)")
    quarter = ax_g.axhline(0.25, color="tab:red", lw=0.8, ls=":")
    quarter_text = ax_g.text(-5.8, 0.27, "0.25: sigmoid's steepest slope", color="tab:red", fontsize=8)
    return {"axes": axes, "f_line": f_line, "g_line": g_line, "f_dot": f_dot, "g_dot": g_dot, "name": None,
            "sigmoid_only": (quarter, quarter_text)}


def _update_activation(artists: dict, name: str, z: float, alpha: float, *, values_in_titles: bool = True
                       ) -> tuple[float, float]:
    """Move the curves and dots; return f(z) and f'(z).

    With ``values_in_titles=False`` the titles name the function only, so
    they change with the activation alone (the demo prints the values
    below its picture: text is costly to redraw on every frame).
    """
    f, g = activation_curves(name, _Z, alpha)
    artists["f_line"].set_ydata(f)
    artists["g_line"].set_ydata(g)
    fz, gz = (float(v[0]) for v in activation_curves(name, [z], alpha))
    artists["f_dot"].set_data([z], [fz])
    artists["g_dot"].set_data([z], [gz])
    ax_f, ax_g = artists["axes"]
    label = "leaky ReLU" if name == "leaky_relu" else name
    if values_in_titles:
        ax_f.set_title(f"{label}: f({z:.1f}) = {fz:.3f}")
        ax_g.set_title(f"derivative: f'({z:.1f}) = {gz:.4f}")
    if artists["name"] != name:
        ax_f.set_ylim(*_F_LIMITS[name])
        ax_g.set_ylim(*_GRAD_LIMITS[name])
        ax_f.set_ylabel(f"{label}(z)")
        ax_g.set_ylabel("slope f'(z)")
        for artist in artists["sigmoid_only"]:
            artist.set_visible(name == "sigmoid")
        artists["name"] = name
        if not values_in_titles:
            ax_f.set_title(f"{label}: f(z)")
            ax_g.set_title("its derivative f'(z)")
    return fz, gz


def plot_activation(name: str = "sigmoid", alpha: float = 0.1, z: float = 2.0, *, ax=None) -> Figure:
    """An activation (left) and its derivative (right), with a dot at ``z``.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu"}
    alpha : float
        Leaky ReLU's slope for z < 0.
    z : float
        Where the dots sit on both curves.
    ax : pair of Axes, optional
        Two axes side by side; a new Figure is made when omitted.
    """
    made = ax is None
    fig, axes = _pair_of_axes(ax, (8, 3.4))
    artists = _draw_activation(axes)
    _update_activation(artists, name, z, alpha)
    if made:
        fig.tight_layout()
    return fig


def _draw_softmax(ax, labels) -> dict:
    positions = np.arange(len(labels))
    bars = ax.bar(positions, np.zeros(len(labels)), color="tab:blue", width=0.6)
    texts = [ax.text(p, 0.0, "", ha="center", va="bottom") for p in positions]
    ax.set_xticks(positions, labels)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("probability")
    ax.axhline(1 / len(labels), color="gray", ls=":", lw=1)
    ax.text(len(labels) - 0.5, 1 / len(labels) + 0.02, f"all equal: 1/{len(labels)}", ha="right", color="gray",
            fontsize=8)
    return {"ax": ax, "bars": list(bars), "texts": texts}


def _update_softmax(artists: dict, scores: np.ndarray, temperature: float, *, title: bool = True) -> np.ndarray:
    probs = softmax(scores, temperature)
    best = int(np.argmax(probs))
    for i, (bar, text, p) in enumerate(zip(artists["bars"], artists["texts"], probs, strict=True)):
        bar.set_height(p)
        bar.set_color("tab:orange" if i == best else "tab:blue")
        text.set_position((bar.get_x() + bar.get_width() / 2, p + 0.01))
        text.set_text(f"{p:.2f}")
    if title:
        artists["ax"].set_title(f"softmax(scores / T), T = {temperature:.2f}")
    return probs


def _scores_and_labels(scores, labels) -> tuple[np.ndarray, list[str]]:
    scores = _as_float_array(scores, "scores")
    if scores.ndim != 1 or scores.size < 2:
        raise ValueError(f"scores must be a list of at least two numbers, not an array of shape {scores.shape}.")
    labels = [f"class {i}" for i in range(scores.size)] if labels is None else [str(x) for x in labels]
    if len(labels) != scores.size:
        raise ValueError(f"there are {scores.size} scores but {len(labels)} labels; give one label per score.")
    return scores, labels


#: The small score vector of the softmax demo: a 4-class picture classifier's raw scores.
SOFTMAX_SCORES = (2.0, 1.0, 0.5, -1.0)
SOFTMAX_LABELS = ("cat", "dog", "bird", "fish")


def plot_softmax(scores=SOFTMAX_SCORES, temperature: float = 1.0, labels=SOFTMAX_LABELS, *, ax=None) -> Figure:
    """Bars of ``softmax(scores / temperature)``; the largest is orange.

    Parameters
    ----------
    scores : array-like of shape (k,)
    temperature : float, > 0
    labels : sequence of k str, optional
    """
    scores, labels = _scores_and_labels(scores, labels)
    made = ax is None
    ax = axes_or_new(ax, figsize=(5.5, 3.4))
    artists = _draw_softmax(ax, labels)
    _update_softmax(artists, scores, temperature)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def plot_sigmoid_slowdown(starts=(-6.0, -3.0, 0.0), num_steps: int = 40, *, ax=None) -> Figure:
    """Loss curves of :func:`sigmoid_neuron_descent` from several starting weights."""
    made = ax is None
    ax = axes_or_new(ax, figsize=(6.5, 3.8))
    for w0 in starts:
        losses = sigmoid_neuron_descent(float(w0), num_steps=num_steps)
        ax.plot(losses, label=f"start w = {w0:g} (sigmoid' = {sigmoid_grad(float(w0)):.4f})")
    ax.set(xlabel="gradient descent step", ylabel="squared error", ylim=(0, 1.05),
           title="Target 1: starting on a flat end wastes steps")
    ax.legend(loc="center left", fontsize=9)
    if made:
        ax.figure.tight_layout()
    return ax.figure


# --------------------------------------------------------------------------- notebook 02: widgets


def demo_activations(activation: str = "sigmoid") -> SliderDemo:
    """Pick an activation, move z: the curve, its slope, and leaky ReLU's alpha.

    ``activation`` is the one shown first (one of :data:`CURVE_ACTIVATIONS`).
    """
    if activation not in CURVE_ACTIVATIONS:
        raise ValueError(f"Unknown activation {activation!r}; choose one of {list(CURVE_ACTIVATIONS)}.")
    live = LiveFigure(1, 2, figsize=(8.5, 3.4))
    artists = _draw_activation(live.axes)
    _update_activation(artists, activation, 2.0, 0.1, values_in_titles=False)
    live.figure.tight_layout()
    live.animate(artists["f_line"], artists["g_line"], artists["f_dot"], artists["g_dot"])
    readout = widgets.HTML()
    live.use_background(activation)

    controls = {
        "activation": dropdown("activation", list(CURVE_ACTIVATIONS), activation),
        "z": slider("input z", -6.0, 6.0, 0.1, 2.0),
        "alpha": slider("leaky ReLU slope alpha", 0.0, 0.5, 0.01, 0.1),
    }

    def update(activation: str, z: float, alpha: float) -> None:
        live.use_background(activation)  # new y limits, labels and titles: another background
        # the slope only shapes leaky ReLU: greyed out for the others, so moving it
        # never looks like a frozen demo
        controls["alpha"].disabled = activation != "leaky_relu"
        fz, gz = _update_activation(artists, activation, z, alpha, values_in_titles=False)
        readout.value = f"<code>z = {z:.1f}:  f(z) = {fz:.3f},  f'(z) = {gz:.4f}</code>"

    return SliderDemo(controls, update, figure=live, outputs=(readout,), title="An activation and its derivative")


def demo_softmax(scores=SOFTMAX_SCORES, labels=SOFTMAX_LABELS) -> SliderDemo:
    """A temperature slider over softmax of a small score vector."""
    scores, labels = _scores_and_labels(scores, labels)
    live = LiveFigure(figsize=(5.5, 3.4))
    artists = _draw_softmax(live.axes, labels)
    live.axes.set_title("softmax(scores / T): T is the slider")  # fixed: one text less per frame
    _update_softmax(artists, scores, 1.0, title=False)
    live.figure.tight_layout()
    live.animate(*artists["bars"], *artists["texts"])

    def update(temperature: float) -> None:
        _update_softmax(artists, scores, temperature, title=False)

    controls = {"temperature": slider("temperature T", 0.1, 5.0, 0.05, 1.0)}
    return SliderDemo(controls, update, figure=live, title="Softmax with a temperature")


# --------------------------------------------------------------------------- notebook 02: exercises


@exercise("02-4")
def _check_02_4(answer) -> CheckResult:
    def reference(z):
        return sigmoid_grad(z)

    cases = [((z,), float(reference(z))) for z in (0.0, 2.0, -3.0, 8.0)]
    cases.append(((np.array([-1.0, 0.0, 1.0]),), reference(np.array([-1.0, 0.0, 1.0]))))
    return check_function(
        answer, cases, name="your sigmoid_derivative", show=False,
        hint="use s = cu.sigmoid(z) and return s * (1 - s); it is 0.25 at z = 0.",
    )


@exercise("02-5")
def _check_02_5(answer) -> CheckResult:
    return check_choice(
        answer, "softmax", options=CURVE_ACTIVATIONS + ("softmax",), name="the output activation",
        show=False,
        hint="the ten outputs should be probabilities that add up to 1: which function makes that?",
    )
