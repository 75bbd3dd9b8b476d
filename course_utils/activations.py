"""Activation functions (激勵函數) and their derivatives, in NumPy: their one home.

Each ``f(z)`` has a matching ``f_grad(z)`` = df/dz, written right next to it,
so the forward rule and the backward rule can be read together. Every other
module takes them from here: the from-scratch network (``cu.nn``), the
playground, the backpropagation and regularization lessons, and notebook 02::

    f, f_grad = cu.activations.get_activation("tanh")

They work element by element on a number or an array of any shape (a number
in, a number out). NaN and infinity pass through as in NumPy, so a training
run that blew up shows ``nan`` in its loss instead of stopping inside an
activation. :func:`softmax` is not element-wise (it normalises along an axis)
and :func:`step`, the perceptron's threshold, has no useful derivative, so
neither is in :data:`ACTIVATIONS`.

Notebook 02's demos live here too, in three layers: numbers
(:func:`sigmoid_neuron_descent`), static figures (``plot_*``) and widgets
(``demo_*``).
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_choice, check_function, exercise
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad", "linear", "linear_grad", "softmax", "step",
    "ACTIVATIONS", "get_activation",
    "SOFTMAX_SCORES", "SOFTMAX_LABELS", "sigmoid_neuron_descent",
    "plot_activation", "plot_softmax", "plot_sigmoid_slowdown",
    "demo_activations", "demo_softmax",
]


def _values(z, name: str = "z") -> np.ndarray:
    """z as a float array; NaN and inf are allowed (they pass through, as in NumPy)."""
    return v.as_array(z, name, allow_nan=True)


def _out(array: np.ndarray):
    """A number in, a number out; an array in, an array out."""
    return float(array) if array.ndim == 0 else array


# --------------------------------------------------------------------------- the activations


def sigmoid(z):
    """The sigmoid (乙狀函數) 1 / (1 + e^-z): any number into (0, 1).

    Computed as e^-|z| based fractions, so a large |z| never overflows.

    Parameters
    ----------
    z : float or array-like of any shape

    Returns
    -------
    float or ndarray of the same shape as z
    """
    z = _values(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: no overflow for any z
    return _out(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def sigmoid_grad(z):
    """sigmoid(z) * (1 - sigmoid(z)): at most 0.25 (at z = 0), near 0 for large |z|."""
    s = np.asarray(sigmoid(z))
    return _out(s * (1.0 - s))


def tanh(z):
    """The hyperbolic tangent (雙曲正切函數): output in (-1, 1), tanh(0) = 0."""
    return _out(np.tanh(_values(z)))


def tanh_grad(z):
    """1 - tanh(z)^2: 1 at z = 0, near 0 for large |z|."""
    return _out(1.0 - np.tanh(_values(z)) ** 2)


def relu(z):
    """ReLU, max(0, z)."""
    return _out(np.maximum(_values(z), 0.0))


def relu_grad(z):
    """1 where z > 0, else 0 (the value at exactly 0 is taken as 0)."""
    return _out((_values(z) > 0).astype(float))


def _alpha(alpha) -> float:
    return v.as_number(alpha, "alpha (leaky ReLU's slope for z < 0)", low=0.0, high=1.0)


def leaky_relu(z, alpha: float = 0.01):
    """Leaky ReLU: z for z > 0, alpha * z otherwise (alpha from 0 to 1).

    alpha = 0 gives ReLU; alpha = 1 gives the straight line z.
    """
    alpha = _alpha(alpha)
    z = _values(z)
    return _out(np.where(z > 0, z, alpha * z))


def leaky_relu_grad(z, alpha: float = 0.01):
    """1 for z > 0, alpha otherwise."""
    alpha = _alpha(alpha)
    z = _values(z)
    return _out(np.where(z > 0, 1.0, alpha))


def linear(z):
    """The identity, z itself: 'no activation' (Keras' ``activation="linear"``)."""
    return _out(_values(z).copy())


def linear_grad(z):
    """1 everywhere."""
    return _out(np.ones_like(_values(z)))


def step(z):
    """The Heaviside step function (步階函數), the perceptron's threshold: 1 where z >= 0, else 0.

    Returns integers (an int for a number). Its derivative is 0 everywhere it
    exists, so gradient descent cannot use it; the perceptron learning rule
    does not need one.
    """
    z = v.as_array(z, "z")
    out = (z >= 0).astype(np.int64)
    return int(out) if out.ndim == 0 else out


def softmax(z, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """The Softmax 函數: exp(z / T) normalised to sum to 1 along ``axis``.

    Stable for large scores (the largest is subtracted first, which does not
    change the result). A low temperature T sharpens the distribution towards
    the largest score, a high one flattens it towards uniform.

    Parameters
    ----------
    z : array-like of shape (k,) or (n_samples, k)
        Scores (logits); with rows as samples, one row per sample.
    temperature : float, > 0
    axis : int
        The axis that holds the classes (the last one by default).

    Returns
    -------
    ndarray of the same shape as z, each slice along ``axis`` summing to 1
    """
    temperature = v.as_number(temperature, "temperature", low=0.0, low_open=True)
    z = v.as_array(z, "z (the scores)", allow_nan=True)
    if z.ndim == 0:
        raise ValueError("softmax needs several scores (an array such as [2.0, 1.0, 0.5]), not a single number.")
    axis = v.as_int(axis, "axis", low=-z.ndim, high=z.ndim - 1)
    scaled = z / temperature
    e = np.exp(scaled - np.max(scaled, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


#: name -> (f, f_grad) for every element-wise activation (read-only).
ACTIVATIONS = MappingProxyType({
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "linear": (linear, linear_grad),
})


def get_activation(name: str):
    """``(f, f_grad)`` for an activation's name: "sigmoid", "tanh", "relu", "leaky_relu" or "linear".

    Case does not matter. Softmax is not here: it is not element-wise, and
    its gradient is taken together with the cross-entropy loss.
    """
    name = v.as_str(name, "activation")
    key = name.strip().lower()
    if key not in ACTIVATIONS:
        extra = (" Softmax is not element-wise: call cu.activations.softmax(z, axis=...) for an output layer."
                 if key == "softmax" else "")
        raise ValueError(
            f"Unknown activation {name!r}: activation should be one of "
            f"{', '.join(repr(k) for k in ACTIVATIONS)}.{extra}"
        )
    return ACTIVATIONS[key]


# --------------------------------------------------------------------------- notebook 02: numbers

#: The activations the curve demo offers, in the order they are taught.
_CURVE_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def _curves(name: str, z: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """The activation ``name`` and its derivative at every z (arrays of z's shape)."""
    if name == "leaky_relu":
        return np.asarray(leaky_relu(z, alpha)), np.asarray(leaky_relu_grad(z, alpha))
    f, f_grad = ACTIVATIONS[name]
    return np.asarray(f(z)), np.asarray(f_grad(z))


def sigmoid_neuron_descent(
    w0: float, *, target: float = 1.0, learning_rate: float = 1.0, num_steps: int = 50
) -> np.ndarray:
    """Gradient descent on one sigmoid neuron ``y_hat = sigmoid(w * 1)``.

    The loss is the squared error ``(y_hat - target) ** 2``; its gradient with
    respect to w is ``2 (y_hat - target) sigmoid'(w)``. Starting in a flat end
    of the sigmoid makes ``sigmoid'(w)`` tiny, so the first steps barely move.

    Returns
    -------
    losses : ndarray of shape (num_steps + 1,)
        The loss before the first step and after every step.
    """
    w = v.as_number(w0, "w0")
    target = v.as_number(target, "target")
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0.0, low_open=True)
    num_steps = v.as_int(num_steps, "num_steps", low=0)
    losses = np.empty(num_steps + 1)
    for i in range(num_steps + 1):
        y_hat = sigmoid(w)
        losses[i] = (y_hat - target) ** 2
        w -= learning_rate * 2.0 * (y_hat - target) * sigmoid_grad(w)
    return losses


# --------------------------------------------------------------------------- notebook 02: figures

_Z = np.linspace(-6.0, 6.0, 241)
_F_LIMITS = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15), "relu": (-1.0, 6.2), "leaky_relu": (-6.4, 6.2)}
_GRAD_LIMITS = (-0.05, 1.1)


def _pair_of_axes(ax, figsize):
    if ax is None:
        axes = axes_or_new(figsize=figsize, nrows=1, ncols=2)
        return axes[0].figure, axes
    if isinstance(ax, (list, tuple, np.ndarray)):
        axes = np.ravel(np.asarray(ax, dtype=object))
        if axes.size == 2:
            return v.axes(axes[0], "ax[0]").figure, [axes[0], v.axes(axes[1], "ax[1]")]
    raise ValueError("ax should be a pair of axes (one for f, one for its derivative), e.g. from subplots(1, 2), "
                     f"but it is {v.describe(ax)}.")


def _draw_activation(axes) -> dict:
    ax_f, ax_g = axes
    # above the fixed axis lines, so a blitted frame (animated artists drawn last) equals a full redraw
    (f_line,) = ax_f.plot(_Z, _Z, color="tab:blue", lw=2, zorder=3)
    (g_line,) = ax_g.plot(_Z, _Z, color="tab:red", lw=2, zorder=3)
    (f_dot,) = ax_f.plot([0], [0], "o", color="black", ms=7, zorder=4)
    (g_dot,) = ax_g.plot([0], [0], "o", color="black", ms=7, zorder=4)
    for ax in axes:
        ax.axhline(0, color="gray", lw=0.8)
        ax.axvline(0, color="gray", lw=0.8)
        ax.set_xlim(_Z[0], _Z[-1])
        ax.set_xlabel("z (the weighted sum)")
    ax_g.set_ylim(*_GRAD_LIMITS)
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
    f, g = _curves(name, _Z, alpha)
    artists["f_line"].set_ydata(f)
    artists["g_line"].set_ydata(g)
    fz, gz = (float(c) for c in _curves(name, np.asarray(z, dtype=float), alpha))
    artists["f_dot"].set_data([z], [fz])
    artists["g_dot"].set_data([z], [gz])
    ax_f, ax_g = artists["axes"]
    label = "leaky ReLU" if name == "leaky_relu" else name
    if values_in_titles:
        ax_f.set_title(f"{label}: f({z:.1f}) = {fz:.3f}")
        ax_g.set_title(f"derivative: f'({z:.1f}) = {gz:.4f}")
    if artists["name"] != name:
        ax_f.set_ylim(*_F_LIMITS[name])
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
    alpha : float, 0 to 1
        Leaky ReLU's slope for z < 0.
    z : float
        Where the dots sit on both curves.
    ax : pair of Axes, optional
        Two axes side by side; a new Figure is made when omitted.
    """
    name = v.choice(name, "name", _CURVE_ACTIVATIONS)
    alpha, z = _alpha(alpha), v.as_number(z, "z")
    made = ax is None
    fig, axes = _pair_of_axes(ax, (8, 3.4))
    artists = _draw_activation(axes)
    _update_activation(artists, name, z, alpha)
    if made:
        fig.tight_layout()
    return fig


def _draw_softmax(ax, labels) -> dict:
    positions = np.arange(len(labels))
    # the animated bars and labels sit above the grid, the spines and the dotted line (zorder 2.5 and
    # below), so a blitted frame (animated artists drawn last) equals a full redraw
    bars = ax.bar(positions, np.zeros(len(labels)), color="tab:blue", width=0.6, zorder=2.6)
    texts = [ax.text(p, 0.0, "", ha="center", va="bottom", zorder=2.7) for p in positions]
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
    scores = v.as_array(scores, "scores", ndim=1)
    if scores.size < 2:
        raise ValueError(f"scores should hold at least two numbers (one per class), but it holds {scores.size}.")
    if labels is None:
        return scores, [f"class {i}" for i in range(scores.size)]
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple, np.ndarray)):
        raise TypeError(f"labels should be a list of names, one per score, but it is {v.describe(labels)}.")
    labels = [str(x) for x in labels]
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
    temperature = v.as_number(temperature, "temperature", low=0.0, low_open=True)
    made = ax is None
    ax = axes_or_new(ax, figsize=(5.5, 3.4))
    artists = _draw_softmax(ax, labels)
    _update_softmax(artists, scores, temperature)
    if made:
        ax.figure.tight_layout()
    return ax.figure


def plot_sigmoid_slowdown(starts=(-6.0, -3.0, 0.0), num_steps: int = 40, *, ax=None) -> Figure:
    """Loss curves of :func:`sigmoid_neuron_descent` from several starting weights.

    Parameters
    ----------
    starts : array-like of shape (k,)
        The starting weights, one curve each.
    num_steps : int
    """
    starts = v.as_array(starts, "starts", ndim=1)
    num_steps = v.as_int(num_steps, "num_steps", low=1)
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
    """Pick an activation, move z: the curve, its slope, and leaky ReLU's alpha (0 to 1).

    ``activation`` is the one shown first: "sigmoid", "tanh", "relu" or "leaky_relu".
    """
    activation = v.choice(activation, "activation", _CURVE_ACTIVATIONS)
    live = LiveFigure(1, 2, figsize=(8.5, 3.4))
    artists = _draw_activation(live.axes)
    _update_activation(artists, activation, 2.0, 0.1, values_in_titles=False)
    live.figure.tight_layout()
    live.animate(artists["f_line"], artists["g_line"], artists["f_dot"], artists["g_dot"])
    readout = Readout()
    live.use_background(activation)

    controls = {
        "activation": dropdown("activation", list(_CURVE_ACTIVATIONS), activation),
        "z": slider("input z", -6.0, 6.0, 0.1, 2.0),
        "alpha": slider("leaky ReLU slope alpha", 0.0, 1.0, 0.01, 0.1),
    }

    def update(activation: str, z: float, alpha: float) -> None:
        live.use_background(activation)  # new y limits, labels and titles: another background
        # the slope only shapes leaky ReLU: greyed out for the others, so moving it
        # never looks like a frozen demo
        controls["alpha"].disabled = activation != "leaky_relu"
        fz, gz = _update_activation(artists, activation, z, alpha, values_in_titles=False)
        readout.show(f"<code>z = {z:.1f}:  f(z) = {fz:.3f},  f'(z) = {gz:.4f}</code>")

    return SliderDemo(controls, update, figure=live, readout=readout, title="An activation and its derivative")


def demo_softmax(scores=SOFTMAX_SCORES, labels=SOFTMAX_LABELS) -> SliderDemo:
    """A temperature slider (0.1 to 5) over softmax of a small score vector."""
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


@exercise("02-4", hints=(
    "The slope of the sigmoid can be written with the sigmoid itself: no exponentials are needed.",
    "Two facts to match: at z = 0 the sigmoid is 0.5 and the slope is 0.25 = 0.5 x 0.5; for a large z the "
    "sigmoid is close to 1 and the slope close to 0.",
    "Compute s = cu.activations.sigmoid(z) once. Which simple expression in s is 0.25 at s = 0.5 and 0 at "
    "both s = 0 and s = 1? NumPy arithmetic on s then works for a number and for an array alike.",
))
def _check_02_4(answer) -> CheckResult:
    cases = [((z,), sigmoid_grad(z)) for z in (0.0, 2.0, -3.0, 8.0)]
    z = np.array([-1.0, 0.0, 1.0])
    cases.append(((z,), sigmoid_grad(z)))
    return check_function(
        answer, cases, name="your sigmoid_derivative",
        hint="compare your value at z = 0 with 0.25, the sigmoid's steepest slope.",
    )


@exercise("02-5", hints=(
    "Ten outputs, one per digit, and together they must add up to 1.",
    "Sigmoid gives each output its own number between 0 and 1, but nothing makes ten of them add up to 1.",
    "Look at the column 'typical use' of the table in section 3: which row is for a classifier with "
    "several classes?",
))
def _check_02_5(answer) -> CheckResult:
    return check_choice(
        answer, "softmax", options=(*_CURVE_ACTIVATIONS, "softmax"), name="the output activation",
        hint="which of them makes outputs that add up to 1?",
    )
