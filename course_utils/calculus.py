"""Notebook 01, part 2: derivatives, partial derivatives and the gradient.

Slope, a secant that turns into a tangent as ``h`` shrinks, the derivative
rules checked numerically on worked examples, the partial derivatives of
``f(x, y) = x^2 + xy + y^2`` and its gradient, drawn as arrows on a contour
plot, with one step against it: a preview of gradient descent.

The numerical estimates here use the package's one central difference,
:func:`course_utils.optim.numerical_gradient`; the functions below only adapt
their arguments to it (a function of one number, or ``f(x, y)`` with one
coordinate nudged).

Three slider demos: :func:`demo_secant_to_tangent`, :func:`demo_derivative_rules`
and :func:`demo_gradient`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from . import _validate as v
from .checks import CheckResult, check_array, check_function, check_number, exercise
from .optim import numerical_gradient as _numerical_gradient
from .widgets import LiveFigure, SliderDemo, axes_or_new, dropdown, frame_below_animation, slider

__all__ = [
    "slope",
    "secant_slope",
    "numerical_derivative",
    "DerivativeExample",
    "derivative_examples",
    "derivative_rule_error",
    "example_surface",
    "example_surface_gradient",
    "numerical_partial",
    "step_against_gradient",
    "plot_secant",
    "demo_secant_to_tangent",
    "plot_derivative_rule",
    "demo_derivative_rules",
    "plot_gradient",
    "demo_gradient",
]


# --------------------------------------------------------------------------- numbers: one variable


def slope(p1, p2) -> float:
    """Slope of the straight line through two points: ``(y2 - y1) / (x2 - x1)``.

    Parameters
    ----------
    p1, p2 : pair of numbers
        The points ``(x1, y1)`` and ``(x2, y2)``.
    """
    (x1, y1), (x2, y2) = v.as_array(p1, "p1", shape=(2,)), v.as_array(p2, "p2", shape=(2,))
    if x1 == x2:
        raise ValueError(f"both points have x = {x1:g}: a vertical line has no slope (it would divide by zero).")
    return float((y2 - y1) / (x2 - x1))


def secant_slope(f: Callable, a: float, h: float) -> float:
    """Slope of the secant through ``(a, f(a))`` and ``(a + h, f(a + h))``.

    This is ``(f(a + h) - f(a)) / h``; as h shrinks it approaches ``f'(a)``.

    Parameters
    ----------
    f : callable
        A function of one number, such as ``lambda x: x**3``.
    a : float
        Where the secant starts (point A).
    h : float
        How far along x the second point B is; not 0.
    """
    v.function(f, "f")
    a, h = v.as_number(a, "a"), v.as_number(h, "h")
    if h == 0:
        raise ValueError("h = 0 puts both points on top of each other; use a small h such as 0.001 instead.")
    return (v.as_number(f(a + h), "f(a + h)") - v.as_number(f(a), "f(a)")) / h


def _step(h) -> float:
    return v.as_number(h, "h", low=0, low_open=True)


def numerical_derivative(f: Callable, x, *, h: float = 1e-5):
    """Estimate ``f'(x)`` with the central difference ``(f(x + h) - f(x - h)) / (2h)``.

    Parameters
    ----------
    f : callable
        A function of one number.
    x : float or array-like of shape (n,)
        One point, or several: the estimate is taken at each.
    h : float
        A small positive step; 1e-5 balances the formula's error and rounding.

    Returns
    -------
    float or ndarray of shape (n,)
    """
    v.function(f, "f")
    h = _step(h)
    points = v.as_array(x, "x", ndim=(0, 1))

    def at(point: float) -> float:  # a function of one number as a function of a 1-element array
        return float(_numerical_gradient(lambda p: f(p[0]), [point], h=h)[0])

    if points.ndim == 0:
        return at(float(points))
    return np.array([at(point) for point in points])


@dataclass(frozen=True)
class DerivativeExample:
    """One worked example of a derivative rule.

    Attributes
    ----------
    rule : str
        The rule's name, e.g. ``"product rule"``.
    formula, derivative : str
        ``f(x)`` and ``f'(x)`` as the rule gives it, written for reading.
    f, df : callable
        ``f`` and its derivative by the rule; both work on arrays.
    """

    rule: str
    formula: str
    derivative: str
    f: Callable
    df: Callable

    def __post_init__(self) -> None:
        for name in ("rule", "formula", "derivative"):
            v.as_str(getattr(self, name), name)
        v.function(self.f, "f")
        v.function(self.df, "df")


def _examples() -> dict[str, DerivativeExample]:
    def chain_inner(x):
        return 2 * x**3 + x + 3

    return {
        "constant": DerivativeExample(
            "constant rule", "7122", "0", lambda x: 7122 + 0 * x, lambda x: 0 * x),
        "power": DerivativeExample(
            "power rule", "x^3", "3x^2", lambda x: x**3, lambda x: 3 * x**2),
        "sum": DerivativeExample(
            "sum rule", "x^3 + x^2", "3x^2 + 2x", lambda x: x**3 + x**2, lambda x: 3 * x**2 + 2 * x),
        "constant multiple": DerivativeExample(
            "constant multiple rule", "7x^2", "7 · 2x = 14x", lambda x: 7 * x**2, lambda x: 14 * x),
        "product": DerivativeExample(
            "product rule", "(2x^3 + 3x^2) · x^2", "(6x^2 + 6x) x^2 + (2x^3 + 3x^2) 2x = 10x^4 + 12x^3",
            lambda x: (2 * x**3 + 3 * x**2) * x**2, lambda x: (6 * x**2 + 6 * x) * x**2 + (2 * x**3 + 3 * x**2) * 2 * x),
        "quotient": DerivativeExample(
            "quotient rule", "4 / (x + 1)", "(0 · (x + 1) - 4 · 1) / (x + 1)^2 = -4 / (x + 1)^2",
            lambda x: 4 / (x + 1), lambda x: (0 * (x + 1) - 4 * 1) / (x + 1) ** 2),
        "chain": DerivativeExample(
            "chain rule", "(2x^3 + x + 3)^7", "7 (2x^3 + x + 3)^6 · (6x^2 + 1)",
            lambda x: chain_inner(x) ** 7, lambda x: 7 * chain_inner(x) ** 6 * (6 * x**2 + 1)),
    }


_EXAMPLES = _examples()


def derivative_examples() -> dict[str, DerivativeExample]:
    """The worked examples of the derivative rules, by short name.

    Keys: ``"constant"``, ``"power"``, ``"sum"``, ``"constant multiple"``,
    ``"product"``, ``"quotient"``, ``"chain"``.
    """
    return dict(_EXAMPLES)


def _example(key) -> DerivativeExample:
    if isinstance(key, DerivativeExample):
        return key
    if not isinstance(key, str):
        raise TypeError(f"example should be the name of a worked example, one of {list(_EXAMPLES)}, "
                        f"or a DerivativeExample, but it is {v.describe(key)}.")
    return _EXAMPLES[v.choice(key, "example", list(_EXAMPLES))]


def derivative_rule_error(example, xs) -> float:
    """Largest relative gap between the rule's ``f'(x)`` and the numerical estimate.

    Parameters
    ----------
    example : str or DerivativeExample
        A key of :func:`derivative_examples` or an example.
    xs : array-like of shape (n,)
        Where to compare.

    Returns
    -------
    float
        ``max |numerical - rule| / max(1, |rule|)``: about 1e-9 when the rule is right.
    """
    ex = _example(example)
    xs = v.as_array(xs, "xs", ndim=1)
    rule = v.as_array(np.broadcast_to(ex.df(xs), xs.shape), "the rule's f'(x)")
    numeric = numerical_derivative(ex.f, xs)
    return float(np.max(np.abs(numeric - rule) / np.maximum(1.0, np.abs(rule))))


# --------------------------------------------------------------------------- numbers: two variables


def _coordinates(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = v.as_array(x, "x"), v.as_array(y, "y")
    if x.shape != y.shape:
        raise ValueError(f"x and y should be two numbers, or two arrays of the same shape; "
                         f"they have shapes {x.shape} and {y.shape}.")
    return x, y


def example_surface(x, y):
    """``f(x, y) = x^2 + xy + y^2``, on two numbers or two arrays of one shape."""
    x, y = _coordinates(x, y)
    value = x**2 + x * y + y**2
    return float(value) if value.ndim == 0 else value


def example_surface_gradient(x, y) -> np.ndarray:
    """The gradient of :func:`example_surface`: ``(2x + y, x + 2y)``.

    Returns
    -------
    ndarray of shape (..., 2)
        ``[df/dx, df/dy]`` at every point; shape (2,) for one point.
    """
    x, y = _coordinates(x, y)
    return np.stack([2 * x + y, x + 2 * y], axis=-1)


def numerical_partial(f: Callable, point, index: int, *, h: float = 1e-5) -> float:
    """Estimate the partial derivative of ``f`` along coordinate ``index`` (from 0).

    Every other coordinate is held fixed, as a constant: that is all a partial
    derivative is. ``f`` is called as ``f(*point)``, e.g. ``f(x, y)``.

    Parameters
    ----------
    f : callable
        A function of the coordinates, such as :func:`example_surface`.
    point : array-like of shape (n,)
    index : int
        Which coordinate to nudge: 0 for the first (x), 1 for the second (y), ...
    h : float
        The small step.
    """
    v.function(f, "f")
    p = v.as_array(point, "point", ndim=1)
    index = v.as_int(index, "index")
    if not 0 <= index < p.size:
        raise ValueError(f"index should be a whole number from 0 to {p.size - 1} (which coordinate); got {index}.")
    h = _step(h)

    def along(t: np.ndarray) -> float:  # f with only coordinate `index` free
        moved = p.copy()
        moved[index] = t[0]
        return f(*moved)

    return float(_numerical_gradient(along, [p[index]], h=h)[0])


def step_against_gradient(point, gradient, learning_rate: float) -> np.ndarray:
    """One step downhill: ``point - learning_rate * gradient``.

    Parameters
    ----------
    point, gradient : array-like of shape (n,)
    learning_rate : float
        How far to go, a number >= 0 (0 means stay).

    Returns
    -------
    ndarray of shape (n,)
    """
    p = v.as_array(point, "point", ndim=1)
    g = v.as_array(gradient, "gradient", ndim=1)
    if p.shape != g.shape:
        raise ValueError(f"point and gradient should have the same length; got {p.size} and {g.size}.")
    learning_rate = v.as_number(learning_rate, "learning_rate")
    if learning_rate < 0:
        raise ValueError(f"learning_rate should be 0 or more (a negative one walks uphill); got {learning_rate:g}.")
    return p - learning_rate * g


# --------------------------------------------------------------------------- demo: secant to tangent


def _cube(x):
    return x**3


def _draw_secant(ax_curve, ax_slope) -> dict:
    xs = np.linspace(-2.0, 2.0, 201)
    ax_curve.plot(xs, _cube(xs), color="0.3", label="f(x) = x^3")
    (secant,) = ax_curve.plot([], [], color="tab:orange", label="secant AB")
    (tangent,) = ax_curve.plot([], [], "--", color="tab:green", label="tangent at A")
    (points,) = ax_curve.plot([], [], "o", color="tab:orange", zorder=3)
    labels = [ax_curve.text(0, 0, name, fontsize=11, ha="right", va="bottom") for name in "AB"]
    ax_curve.set(xlim=(-2, 2), ylim=(-6, 6), xlabel="x", ylabel="f(x)")
    ax_curve.legend(loc="upper left")
    hs = np.linspace(0.0, 1.5, 151)
    (slope_curve,) = ax_slope.plot([], [], color="tab:orange", label="secant slope")
    (limit,) = ax_slope.plot([], [], "--", color="tab:green", label="f'(a) = 3a^2")
    (marker,) = ax_slope.plot([], [], "o", color="tab:orange")
    ax_slope.set(xlim=(0, 1.5), ylim=(-0.5, 16), xlabel="h", ylabel="slope")
    ax_slope.legend(loc="upper left")
    return {"secant": secant, "tangent": tangent, "points": points, "labels": labels, "hs": hs,
            "slope_curve": slope_curve, "limit": limit, "marker": marker, "title": ax_curve.title,
            "xs_line": np.array([-2.0, 2.0])}


def _update_secant(artists: dict, a: float, h: float) -> float:
    m = secant_slope(_cube, a, h)
    exact = 3 * a**2
    xs = artists["xs_line"]
    artists["secant"].set_data(xs, _cube(a) + m * (xs - a))
    artists["tangent"].set_data(xs, _cube(a) + exact * (xs - a))
    artists["points"].set_data([a, a + h], [_cube(a), _cube(a + h)])
    for label, x in zip(artists["labels"], (a, a + h), strict=True):
        label.set_position((x - 0.05, _cube(x) + 0.2))
    hs = artists["hs"]
    artists["slope_curve"].set_data(hs[1:], (_cube(a + hs[1:]) - _cube(a)) / hs[1:])
    artists["limit"].set_data([0, 1.5], [exact, exact])
    artists["marker"].set_data([h], [m])
    artists["title"].set_text(f"secant slope {m:.3f}   tangent slope {exact:.3f}")
    return m


def plot_secant(a: float = 1.0, h: float = 0.5, *, ax=None) -> Figure:
    """Secant of ``f(x) = x^3`` through x = a and x = a + h, next to its slope against h.

    Parameters
    ----------
    a : float
        Where the tangent touches (point A).
    h : float
        The distance to the second point B; not 0.
    ax : pair of Axes, optional
        Left: the curve; right: the secant slope as a function of h.

    Returns
    -------
    Figure
    """
    a = v.as_number(a, "a")
    h = v.as_number(h, "h")
    ax_curve, ax_slope = axes_or_new(ax, figsize=(9, 3.8), ncols=2)
    artists = _draw_secant(ax_curve, ax_slope)
    _update_secant(artists, a, h)
    return ax_curve.figure


def demo_secant_to_tangent() -> SliderDemo:
    """Shrink h and watch the secant AB turn into the tangent at A."""
    live = LiveFigure(1, 2, figsize=(9, 3.8))
    artists = _draw_secant(*live.axes)
    _update_secant(artists, 1.0, 1.0)
    live.figure.tight_layout()
    for ax in live.axes:
        frame_below_animation(ax)
    live.animate(artists["secant"], artists["tangent"], artists["points"], *artists["labels"],
                 artists["slope_curve"], artists["limit"], artists["marker"], artists["title"])

    def update(a: float, h: float) -> None:
        _update_secant(artists, a, h)

    controls = {
        "h": slider("distance h from A to B", 0.01, 1.5, 0.01, 1.0),
        "a": slider("point A at x = a", -1.5, 1.5, 0.05, 1.0),
    }
    return SliderDemo(controls, update, figure=live, title="From secant to tangent")


# --------------------------------------------------------------------------- demo: derivative rules

_RULE_RANGE = (-0.8, 1.0)  # every example is defined and readable here (4 / (x + 1) needs x > -1)


def _draw_rules(ax_f, ax_df) -> dict:
    (curve,) = ax_f.plot([], [], color="0.3")
    (tangent,) = ax_f.plot([], [], color="tab:orange", linewidth=2.5)
    (point,) = ax_f.plot([], [], "o", color="tab:orange", zorder=3)
    ax_f.set(xlabel="x", ylabel="f(x)")
    for ax in (ax_f, ax_df):
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 4))  # short labels: 7x^2 to (...)^7
    (rule_curve,) = ax_df.plot([], [], color="tab:green", label="f'(x) by the rule")
    (numeric,) = ax_df.plot([], [], "x", color="tab:red", markersize=10, mew=2, label="numerical estimate")
    ax_df.set(xlabel="x", ylabel="f'(x)")
    ax_df.legend(loc="upper left")
    for ax in (ax_f, ax_df):  # a fixed title height: the automatic one moves with each example's tick labels
        ax.set_title(" ", y=1.03)
    return {"curve": curve, "tangent": tangent, "point": point, "rule_curve": rule_curve,
            "numeric": numeric, "axes": (ax_f, ax_df), "title": ax_f.title, "df_title": ax_df.title,
            "xs": np.linspace(_RULE_RANGE[0] - 0.02, _RULE_RANGE[1] + 0.02, 241), "key": None}


def _padded(values: np.ndarray) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.08 * (high - low) if high > low else 1.0
    return low - pad, high + pad


def _update_rules(artists: dict, example: str, x: float) -> bool:
    """Update the artists; return True when the static curves changed (new example)."""
    ex = _example(example)
    xs = artists["xs"]
    changed = artists["key"] != example
    if changed:
        ax_f, ax_df = artists["axes"]
        fx, dfx = ex.f(xs), ex.df(xs)
        artists["curve"].set_data(xs, fx)
        artists["rule_curve"].set_data(xs, dfx)
        ax_f.set(xlim=(xs[0], xs[-1]), ylim=_padded(fx))
        ax_df.set(xlim=(xs[0], xs[-1]), ylim=_padded(dfx))
        artists["df_title"].set_text(f"f'(x) = {ex.derivative.split(' = ')[-1]}")
        artists["key"] = example
    fx0, rule = float(ex.f(x)), float(ex.df(x))
    numeric = numerical_derivative(ex.f, x)
    seg = np.array([x - 0.25, x + 0.25])
    artists["tangent"].set_data(seg, fx0 + rule * (seg - x))
    artists["point"].set_data([x], [fx0])
    artists["numeric"].set_data([x], [numeric])
    artists["title"].set_text(f"{ex.rule}: f(x) = {ex.formula}\nat x = {x:.2f}: rule {rule:.6g}, numerical {numeric:.6g}")
    return changed


def plot_derivative_rule(example: str = "product", x: float = 0.5, *, ax=None) -> Figure:
    """One worked example: f with its tangent at x (left), f' by the rule and the numeric estimate (right).

    Parameters
    ----------
    example : str
        A key of :func:`derivative_examples`.
    x : float
        Where to draw the tangent, between -0.8 and 1.
    ax : pair of Axes, optional

    Returns
    -------
    Figure
    """
    ex = _example(example)
    x = v.as_number(x, "x", low=_RULE_RANGE[0], high=_RULE_RANGE[1])
    axes = axes_or_new(ax, figsize=(9, 4), ncols=2)
    artists = _draw_rules(*axes)
    _update_rules(artists, ex, x)
    return axes[0].figure


def demo_derivative_rules() -> SliderDemo:
    """Pick a worked example and move x: the rule and the numeric slope agree."""
    live = LiveFigure(1, 2, figsize=(9, 4))
    artists = _draw_rules(*live.axes)
    _update_rules(artists, "product", 0.5)
    live.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.84, wspace=0.25)
    for ax in live.axes:
        frame_below_animation(ax)
    live.animate(artists["tangent"], artists["point"], artists["numeric"], artists["title"])
    for key in _EXAMPLES:  # precompute every example's background
        _update_rules(artists, key, 0.5)
        live.use_background(key)  # each example's curves, limits and ticks: drawn once
        live.render()

    def update(example: str, x: float) -> None:
        if _update_rules(artists, example, x):
            live.use_background(example)  # drawn once, up front

    controls = {
        "example": dropdown("worked example", list(_EXAMPLES), "product"),
        "x": slider("x", _RULE_RANGE[0], _RULE_RANGE[1], 0.05, 0.5),
    }
    return SliderDemo(controls, update, figure=live, title="Derivative rules, checked numerically")


# --------------------------------------------------------------------------- demo: the gradient

_GRID_LIMIT = 3.0
_ARROW_SCALE = 0.25  # arrows are drawn at a quarter of the gradient's length so they fit


def _draw_gradient(ax) -> dict:
    grid = np.linspace(-_GRID_LIMIT, _GRID_LIMIT, 121)
    X, Y = np.meshgrid(grid, grid)
    contours = ax.contour(X, Y, example_surface(X, Y), levels=np.arange(0.5, 24, 2.5), cmap="viridis")
    ax.clabel(contours, fontsize=8)
    coarse = np.linspace(-2.5, 2.5, 11)
    QX, QY = np.meshgrid(coarse, coarse)
    G = example_surface_gradient(QX, QY)
    ax.quiver(QX, QY, G[..., 0], G[..., 1], color="0.75", alpha=0.7, angles="xy", scale_units="xy",
              scale=1 / _ARROW_SCALE, width=0.003)
    # Above everything static (contours, labels, the cross), so blitted frames equal full draws.
    uphill = FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=18, color="tab:red", linewidth=2.5,
                             zorder=4)
    step = FancyArrowPatch((0, 0), (1, 1), arrowstyle="-|>", mutation_scale=18, color="tab:blue", linewidth=2.5,
                           zorder=4)
    ax.add_patch(uphill)
    ax.add_patch(step)
    ax.plot([0], [0], "+", color="black", markersize=12, mew=1.5, zorder=3)  # the minimum, the bowl's centre
    (point,) = ax.plot([], [], "o", color="tab:red", markersize=8, zorder=5)
    (new_point,) = ax.plot([], [], "o", color="tab:blue", markersize=8, zorder=5)
    ax.set(xlim=(-_GRID_LIMIT, _GRID_LIMIT), ylim=(-_GRID_LIMIT, _GRID_LIMIT), aspect="equal", xlabel="x", ylabel="y")
    return {"uphill": uphill, "step": step, "point": point, "new_point": new_point, "title": ax.title}


def _update_gradient(artists: dict, x: float, y: float, learning_rate: float) -> tuple[float, float]:
    p = np.array([x, y])
    g = example_surface_gradient(x, y)
    new = step_against_gradient(p, g, learning_rate)
    artists["point"].set_data([x], [y])
    artists["new_point"].set_data([new[0]], [new[1]])
    artists["uphill"].set_positions(tuple(p), tuple(p + _ARROW_SCALE * g))
    artists["step"].set_positions(tuple(p), tuple(new))
    artists["step"].set_visible(learning_rate > 0 and np.any(g != 0))
    before, after = example_surface(x, y), example_surface(*new)
    artists["title"].set_text(
        f"gradient at ({x:.1f}, {y:.1f}) = ({g[0]:.1f}, {g[1]:.1f})\n"
        f"one step: f = {before:.2f} -> {after:.2f}"
    )
    return before, after


def plot_gradient(x: float = 1.5, y: float = 0.5, learning_rate: float = 0.2, *, ax=None) -> Figure:
    """Contours of ``x^2 + xy + y^2`` with gradient arrows, the gradient at (x, y)
    (red, uphill) and one step of size ``learning_rate`` against it (blue).

    Returns
    -------
    Figure
    """
    x, y = v.as_number(x, "x"), v.as_number(y, "y")
    learning_rate = v.as_number(learning_rate, "learning_rate", low=0)
    ax = axes_or_new(ax, figsize=(5.5, 5.5))
    artists = _draw_gradient(ax)
    _update_gradient(artists, x, y, learning_rate)
    return ax.figure


def demo_gradient() -> SliderDemo:
    """Move the point: the red gradient arrow points uphill, the blue step goes down."""
    live = LiveFigure(figsize=(5.5, 5.5))
    artists = _draw_gradient(live.axes)
    _update_gradient(artists, 1.5, 0.5, 0.2)
    live.figure.tight_layout()
    frame_below_animation(live.axes)
    live.animate(artists["uphill"], artists["step"], artists["point"], artists["new_point"], artists["title"])

    def update(x: float, y: float, learning_rate: float) -> None:
        _update_gradient(artists, x, y, learning_rate)

    controls = {
        "x": slider("x", -2.5, 2.5, 0.1, 1.5),
        "y": slider("y", -2.5, 2.5, 0.1, 0.5),
        "learning_rate": slider("step size (learning rate)", 0.0, 0.6, 0.02, 0.2),
    }
    return SliderDemo(controls, update, figure=live, title="The gradient points uphill")


# --------------------------------------------------------------------------- exercises


@exercise("01-4", hints=(
    "(x^2 + 1)^3 is an outer function, (something)^3, with the inner function x^2 + 1 inside it.",
    "Chain rule: the outer derivative, 3 (inner)^2, taken at the inner value, times the inner derivative 2x.",
    "At x = 2 the inner value is 2^2 + 1 and the inner derivative is 2 · 2: multiply 3 · (inner value)^2 by it.",
))
def _check_01_4(answer) -> CheckResult:
    """The derivative of (x^2 + 1)^3 at x = 2, by the chain rule."""
    expected = 3 * (2**2 + 1) ** 2 * (2 * 2)
    return check_number(answer, expected, name="the derivative at x = 2")


@exercise("01-5", hints=(
    "The gradient is a pair: (the partial derivative along x, the partial derivative along y).",
    "For df/dx treat y as a fixed number; for df/dy treat x as one. The section on partial derivatives "
    "found both formulas.",
    "Put x = 1 and y = 2 into 2x + y and into x + 2y.",
))
def _check_01_5(answer) -> CheckResult:
    """The gradient of x^2 + xy + y^2 at (1, 2)."""
    return check_array(answer, example_surface_gradient(1.0, 2.0), name="the gradient at (1, 2)")


@exercise("01-6", hints=(
    "Differentiate x^3 - 2x term by term (the sum rule).",
    "(x^3)' comes from the power rule; (2x)' from the constant multiple rule.",
    "Your function returns 3 · x**2 minus the derivative of 2x, which is a constant.",
))
def _check_01_6(answer) -> CheckResult:
    """A function that returns the derivative of x^3 - 2x at x."""
    cases = [((x,), 3 * x**2 - 2) for x in (0.0, 1.0, -2.0, 0.5)]
    return check_function(answer, cases, name="derivative")
