"""Notebook 01, derivatives: numbers, static plots, the three demos, exercises 01-4 to 01-6."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- layer 1: numbers


def test_slope_of_a_line_through_two_points():
    assert cu.calculus.slope((1, 2), (3, 8)) == 3.0
    assert cu.calculus.slope((0, 5), (2, 5)) == 0.0
    with pytest.raises(ValueError, match="vertical line has no slope"):
        cu.calculus.slope((1, 2), (1, 4))
    with pytest.raises(ValueError, match=r"p1 should have shape \(2,\)"):
        cu.calculus.slope((1, 2, 3), (1, 4))
    with pytest.raises(TypeError, match="array of numbers"):
        cu.calculus.slope(("a", 2), (1, 4))


def test_secant_slope_approaches_the_tangent_slope():
    # for x^3 at a = 1 the secant slope is 3 + 3h + h^2 exactly
    for h in (1.0, 0.1, 0.01):
        assert cu.calculus.secant_slope(lambda x: x**3, 1.0, h) == pytest.approx(3 + 3 * h + h**2)
    gaps = [abs(cu.calculus.secant_slope(lambda x: x**3, 1.0, h) - 3.0) for h in (1.0, 0.1, 0.01, 0.001)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 0.01


def test_secant_slope_refuses_h_zero_and_non_functions():
    with pytest.raises(ValueError, match="h = 0"):
        cu.calculus.secant_slope(lambda x: x, 1.0, 0)
    with pytest.raises(TypeError, match="should be a function"):
        cu.calculus.secant_slope(3.0, 1.0, 0.1)


def test_numerical_derivative_on_numbers_and_arrays():
    assert cu.calculus.numerical_derivative(np.sin, 0.0) == pytest.approx(1.0, rel=1e-9)
    assert isinstance(cu.calculus.numerical_derivative(np.sin, 0.0), float)
    xs = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(cu.calculus.numerical_derivative(lambda x: x**2, xs), 2 * xs, atol=1e-8)
    with pytest.raises(ValueError, match="h should be > 0"):
        cu.calculus.numerical_derivative(np.sin, 0.0, h=0)


def test_the_numerical_estimates_are_the_package_s_one_central_difference(monkeypatch):
    """calculus adapts its arguments to cu.optim.numerical_gradient and has no copy of its own."""
    from course_utils import calculus

    calls = []
    real = calculus._numerical_gradient
    assert real is cu.optim.numerical_gradient
    monkeypatch.setattr(calculus, "_numerical_gradient", lambda f, x, **kw: calls.append(kw) or real(f, x, **kw))
    cu.calculus.numerical_derivative(np.sin, [0.0, 1.0], h=1e-4)
    cu.calculus.numerical_partial(cu.calculus.example_surface, (1.0, 2.0), 0)
    assert calls == [{"h": 1e-4}, {"h": 1e-4}, {"h": 1e-5}]
    assert not hasattr(cu.calculus, "numeric_gradient") and not hasattr(cu.calculus, "numerical_gradient")
    assert "numerical_gradient(" not in _source_without("_numerical_gradient(")


def _source_without(name: str) -> str:
    from pathlib import Path

    from course_utils import calculus

    return Path(calculus.__file__).read_text(encoding="utf-8").replace(name, "")


def test_the_worked_examples_and_their_rules():
    examples = cu.calculus.derivative_examples()
    assert list(examples) == ["constant", "power", "sum", "constant multiple", "product", "quotient", "chain"]
    x = 2.0
    # the simplified results of the table, written independently of the rule forms
    assert examples["power"].df(x) == 3 * x**2
    assert examples["constant multiple"].df(x) == 14 * x
    assert examples["product"].df(x) == pytest.approx(10 * x**4 + 12 * x**3)
    assert examples["quotient"].df(x) == pytest.approx(-4 / (x**2 + 2 * x + 1))
    assert examples["chain"].df(x) == pytest.approx(7 * (2 * x**3 + x + 3) ** 6 * (6 * x**2 + 1))


@pytest.mark.parametrize("key", list(cu.calculus.derivative_examples()))
def test_every_rule_matches_the_numeric_derivative(key):
    assert cu.calculus.derivative_rule_error(key, np.linspace(-0.8, 1.0, 13)) < 1e-6


def test_rule_error_catches_a_wrong_rule():
    wrong = cu.calculus.DerivativeExample("wrong power rule", "x^3", "x^2", lambda x: x**3, lambda x: x**2)
    assert cu.calculus.derivative_rule_error(wrong, [1.0, 2.0]) > 0.5
    with pytest.raises(ValueError, match="example should be one of"):
        cu.calculus.derivative_rule_error("cube", [1.0])
    with pytest.raises(TypeError, match="should be a function"):
        cu.calculus.DerivativeExample("rule", "x", "1", "not a function", lambda x: 1 + 0 * x)


def test_partial_derivatives_of_the_example_surface():
    f = cu.calculus.example_surface
    assert f(1.0, 2.0) == 1 + 2 + 4
    for point in [(1.0, 2.0), (-1.5, 0.5), (0.0, 0.0)]:
        x, y = point
        assert cu.calculus.numerical_partial(f, point, 0) == pytest.approx(2 * x + y, abs=1e-7)
        assert cu.calculus.numerical_partial(f, point, 1) == pytest.approx(x + 2 * y, abs=1e-7)
        np.testing.assert_allclose(cu.optim.numerical_gradient(lambda p: f(*p), point),
                                   cu.calculus.example_surface_gradient(x, y), atol=1e-7)
    assert cu.calculus.example_surface_gradient(np.zeros((4, 5)), np.ones((4, 5))).shape == (4, 5, 2)


def test_numerical_partial_explains_a_bad_index_or_point():
    with pytest.raises(ValueError, match="from 0 to 1"):
        cu.calculus.numerical_partial(cu.calculus.example_surface, (1.0, 2.0), 2)
    with pytest.raises(TypeError, match="array of numbers"):
        cu.calculus.numerical_partial(cu.calculus.example_surface, "1, 2", 0)
    with pytest.raises(ValueError, match="same shape"):
        cu.calculus.example_surface([1.0, 2.0], [1.0])


def test_a_step_against_the_gradient_goes_downhill():
    p = np.array([1.5, 0.5])
    g = cu.calculus.example_surface_gradient(*p)
    new = cu.calculus.step_against_gradient(p, g, 0.1)
    np.testing.assert_allclose(new, p - 0.1 * g)
    assert cu.calculus.example_surface(*new) < cu.calculus.example_surface(*p)
    assert cu.calculus.example_surface(*(p + 0.01 * g)) > cu.calculus.example_surface(*p)  # along the gradient: uphill
    with pytest.raises(ValueError, match="walks uphill"):
        cu.calculus.step_against_gradient(p, g, -0.1)
    with pytest.raises(ValueError, match="same length"):
        cu.calculus.step_against_gradient(p, [1.0, 2.0, 3.0], 0.1)


# --------------------------------------------------------------------------- layer 2: static plots


def test_plot_secant_reports_both_slopes():
    fig = cu.calculus.plot_secant(1.0, 0.1)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert fig.axes[0].get_title() == f"secant slope {3 + 0.3 + 0.01:.3f}   tangent slope 3.000"


def test_plot_derivative_rule_shows_rule_and_numeric_value():
    fig = cu.calculus.plot_derivative_rule("quotient", 0.5)
    title = fig.axes[0].get_title()
    assert "quotient rule" in title and f"rule {-4 / 1.5**2:.6g}" in title
    assert fig.axes[1].get_title() == "f'(x) = -4 / (x + 1)^2"
    with pytest.raises(ValueError, match="example should be one of"):
        cu.calculus.plot_derivative_rule("log")
    with pytest.raises(ValueError, match="x should be at most 1"):
        cu.calculus.plot_derivative_rule("power", 2.0)


def test_plot_gradient_draws_contours_arrows_and_one_step():
    fig = cu.calculus.plot_gradient(1.5, 0.5, 0.1)
    ax = fig.axes[0]
    new = cu.calculus.step_against_gradient([1.5, 0.5], cu.calculus.example_surface_gradient(1.5, 0.5), 0.1)
    assert f"f = {cu.calculus.example_surface(1.5, 0.5):.2f} -> {cu.calculus.example_surface(*new):.2f}" in ax.get_title()
    assert len(ax.collections) >= 2  # the contour lines and the field of arrows


# --------------------------------------------------------------------------- layer 3: demos


def test_secant_demo_converges_as_h_shrinks():
    demo = cu.calculus.demo_secant_to_tangent()
    first = demo.live_figure.image.value
    frames = cu.widgets.drive(demo, h=0.5)
    assert frames == 2 and demo.live_figure.image.value != first
    cu.widgets.drive(demo, h=0.01)
    title = demo.live_figure.axes[0].get_title()
    assert title == f"secant slope {3 + 0.03 + 0.0001:.3f}   tangent slope 3.000"
    cu.widgets.drive(demo, a=0.0)
    assert "tangent slope 0.000" in demo.live_figure.axes[0].get_title()


def test_rules_demo_switches_examples_and_moves_x():
    demo = cu.calculus.demo_derivative_rules()
    first = demo.live_figure.image.value
    cu.widgets.drive(demo, example="chain")
    assert demo.live_figure.image.value != first
    assert "chain rule" in demo.live_figure.axes[0].get_title()
    cu.widgets.drive(demo, x=0.0)
    chain = cu.calculus.derivative_examples()["chain"]
    assert f"rule {chain.df(0.0):.6g}, numerical {cu.calculus.numerical_derivative(chain.f, 0.0):.6g}" in (
        demo.live_figure.axes[0].get_title())
    assert demo.live_figure.axes[0].get_ylim()[1] > 1000  # the limits followed the new curve
    for key in cu.calculus.derivative_examples():
        cu.widgets.drive(demo, example=key, x=-0.8)


def test_rules_demo_reuses_each_examples_background_exactly():
    demo = cu.calculus.demo_derivative_rules()
    cu.widgets.drive(demo, example="chain", x=0.3)
    chain_frame = demo.live_figure.image.value
    cu.widgets.drive(demo, example="quotient")
    assert demo.live_figure.image.value != chain_frame
    cu.widgets.drive(demo, example="chain")
    assert demo.live_figure.image.value == chain_frame  # the cached background is the chain's own


def test_gradient_demo_follows_the_point_and_the_step():
    demo = cu.calculus.demo_gradient()
    first = demo.live_figure.image.value
    cu.widgets.drive(demo, x=-1.0, y=2.0)
    assert demo.live_figure.image.value != first
    assert "gradient at (-1.0, 2.0) = (0.0, 3.0)" in demo.live_figure.axes.get_title()
    cu.widgets.drive(demo, learning_rate=0.0)
    assert "f = 3.00 -> 3.00" in demo.live_figure.axes.get_title()
    cu.widgets.drive(demo, x=0.0, y=0.0, learning_rate=0.3)  # the minimum: no step to draw
    assert demo.last_error is None


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (300, True, "Correct"),
        (300.0, True, "Correct"),
        (75, False, 'cu.hint("01-4")'),
        ("300", False, "should be a number"),
        ([300], False, "should be a number"),
    ],
)
def test_exercise_01_4(answer, passed, phrase):
    result = cu.check("01-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ((4, 5), True, "Correct"),
        (np.array([4.0, 5.0]), True, "Correct"),
        ((5, 4), False, 'cu.hint("01-5")'),
        (4, False, "shape"),
        ("4, 5", False, "should be an array"),
    ],
)
def test_exercise_01_5(answer, passed, phrase):
    result = cu.check("01-5", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _right(x):
    return 3 * x**2 - 2


def _wrong(x):
    return 3 * x**2 - 2 * x


def _broken(x):
    raise ZeroDivisionError("oops")


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right, True, "Correct"),
        (lambda x: cu.calculus.numerical_derivative(lambda t: t**3 - 2 * t, x), True, "Correct"),
        (_wrong, False, 'cu.hint("01-6")'),
        (_broken, False, "raised ZeroDivisionError"),
        (3.0, False, "should be a function"),
        (lambda x: ..., False, "replace the ..."),
    ],
)
def test_exercise_01_6(answer, passed, phrase):
    result = cu.check("01-6", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_plots_draw_on_the_axes_they_are_given():
    fig = Figure()
    axes = fig.subplots(1, 5)
    assert cu.calculus.plot_secant(ax=axes[:2]) is fig
    assert cu.calculus.plot_derivative_rule("power", 0.5, ax=axes[2:4]) is fig
    assert cu.calculus.plot_gradient(ax=axes[4]) is fig
    assert "power rule" in axes[2].get_title()


# --------------------------------------------------------------------------- the notebook's claims


def _one_step(point, learning_rate):
    point = np.asarray(point, dtype=float)
    return cu.calculus.step_against_gradient(point, cu.calculus.example_surface_gradient(*point), learning_rate)


def test_overshoot_starts_above_one_third_and_climbs_above_two_thirds():
    """01's "What to notice": along (1, 1) a step multiplies the point by 1 - 3*eta."""
    f = cu.calculus.example_surface
    for learning_rate in np.linspace(0.0, 1.0, 101):
        after = _one_step((1.0, 1.0), learning_rate)
        np.testing.assert_allclose(after, (1 - 3 * learning_rate) * np.ones(2), atol=1e-12)
        if abs(learning_rate - 1 / 3) > 1e-9:
            assert (after[0] < 0) == (learning_rate > 1 / 3)
        if abs(learning_rate - 2 / 3) > 1e-9:
            assert (f(*after) > f(1.0, 1.0)) == (learning_rate > 2 / 3)


def test_the_demo_start_at_learning_rate_one_half():
    f = cu.calculus.example_surface
    after = _one_step((1.5, 0.5), 0.5)
    np.testing.assert_allclose(after, [-0.25, -0.75])
    assert f(1.5, 0.5) == pytest.approx(3.25) and f(*after) == pytest.approx(0.8125)
    assert after.sum() < 0 < 1.5 + 0.5  # across the centre along the steep diagonal


def test_every_step_size_on_the_slider_goes_downhill():
    demo = cu.calculus.demo_gradient()
    top = demo.controls["learning_rate"].max
    assert top < 2 / 3
    points = np.random.default_rng(1).uniform(-2.5, 2.5, size=(300, 2))
    for learning_rate in np.linspace(0.02, top, 8):
        assert all(cu.calculus.example_surface(*_one_step(q, learning_rate)) < cu.calculus.example_surface(*q)
                   for q in points)


@pytest.mark.parametrize(
    ("build", "changes"),
    [
        (lambda: cu.calculus.demo_secant_to_tangent(), [("h", 0.5), ("h", 0.01), ("a", 0.0), ("a", -1.0), ("h", 1.5)]),
        (lambda: cu.calculus.demo_derivative_rules(),
         [("x", -0.5), ("example", "chain"), ("x", 0.9), ("example", "quotient"), ("example", "constant"), ("x", 0.0)]),
        (lambda: cu.calculus.demo_gradient(),
         [("x", -1.0), ("y", 2.0), ("learning_rate", 0.5), ("x", 0.0), ("y", 0.0), ("learning_rate", 0.0)]),
    ],
    ids=["secant", "rules", "gradient"],
)
def test_demo_frames_are_exactly_a_full_redraw(build, changes):
    demo = build()
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, f"{name}={value}"


@pytest.mark.parametrize("key", ["01-4", "01-5", "01-6"])
def test_every_exercise_has_stepped_hints(key):
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(set(hints)) == 3


def test_hints_do_not_give_the_answers_away():
    assert not any("300" in h for h in cu.checks.hints("01-4"))
    assert not any("(4, 5)" in h or "4 and 5" in h for h in cu.checks.hints("01-5"))
    assert not any(answer in h.replace(" ", "") for h in cu.checks.hints("01-6")
                   for answer in ("3*x**2-2", "3x^2-2", "3·x**2-2"))
