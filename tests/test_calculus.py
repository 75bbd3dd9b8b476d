"""Notebook 01, derivatives: numbers, static plots, the three demos, exercises 01-4 to 01-6."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- layer 1: numbers


def test_slope_of_a_line_through_two_points():
    assert cu.slope((1, 2), (3, 8)) == 3.0
    assert cu.slope((0, 5), (2, 5)) == 0.0
    with pytest.raises(ValueError, match="vertical line has no slope"):
        cu.slope((1, 2), (1, 4))
    with pytest.raises(TypeError, match="pair"):
        cu.slope((1, 2, 3), (1, 4))
    with pytest.raises(TypeError, match="single number"):
        cu.slope(("a", 2), (1, 4))


def test_secant_slope_approaches_the_tangent_slope():
    # for x^3 at a = 1 the secant slope is 3 + 3h + h^2 exactly
    for h in (1.0, 0.1, 0.01):
        assert cu.secant_slope(lambda x: x**3, 1.0, h) == pytest.approx(3 + 3 * h + h**2)
    gaps = [abs(cu.secant_slope(lambda x: x**3, 1.0, h) - 3.0) for h in (1.0, 0.1, 0.01, 0.001)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 0.01


def test_secant_slope_refuses_h_zero_and_non_functions():
    with pytest.raises(ValueError, match="h = 0"):
        cu.secant_slope(lambda x: x, 1.0, 0)
    with pytest.raises(TypeError, match="should be a function"):
        cu.secant_slope(3.0, 1.0, 0.1)


def test_numeric_derivative_on_numbers_and_arrays():
    assert cu.numeric_derivative(np.sin, 0.0) == pytest.approx(1.0, rel=1e-9)
    xs = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(cu.numeric_derivative(lambda x: x**2, xs), 2 * xs, atol=1e-8)
    with pytest.raises(ValueError, match="small positive"):
        cu.numeric_derivative(np.sin, 0.0, h=0)


def test_the_source_examples_and_their_rules():
    examples = cu.derivative_examples()
    assert list(examples) == ["constant", "power", "sum", "constant multiple", "product", "quotient", "chain"]
    x = 2.0
    # the source's simplified results, written independently of the rule forms
    assert examples["power"].df(x) == 3 * x**2
    assert examples["constant multiple"].df(x) == 14 * x
    assert examples["product"].df(x) == pytest.approx(10 * x**4 + 12 * x**3)
    assert examples["quotient"].df(x) == pytest.approx(-4 / (x**2 + 2 * x + 1))
    assert examples["chain"].df(x) == pytest.approx(7 * (2 * x**3 + x + 3) ** 6 * (6 * x**2 + 1))


@pytest.mark.parametrize("key", list(cu.derivative_examples()))
def test_every_rule_matches_the_numeric_derivative(key):
    assert cu.derivative_rule_error(key, np.linspace(-0.8, 1.0, 13)) < 1e-6


def test_rule_error_catches_a_wrong_rule():
    wrong = cu.DerivativeExample("wrong power rule", "x^3", "x^2", lambda x: x**3, lambda x: x**2)
    assert cu.derivative_rule_error(wrong, [1.0, 2.0]) > 0.5
    with pytest.raises(ValueError, match="choose one of"):
        cu.derivative_rule_error("cube", [1.0])


def test_partial_derivatives_of_the_source_surface():
    f = cu.example_surface
    assert f(1.0, 2.0) == 1 + 2 + 4
    for point in [(1.0, 2.0), (-1.5, 0.5), (0.0, 0.0)]:
        x, y = point
        assert cu.numeric_partial(f, point, 0) == pytest.approx(2 * x + y, abs=1e-7)
        assert cu.numeric_partial(f, point, 1) == pytest.approx(x + 2 * y, abs=1e-7)
        np.testing.assert_allclose(cu.numeric_gradient(f, point), cu.example_surface_gradient(x, y), atol=1e-7)
    assert cu.example_surface_gradient(np.zeros((4, 5)), np.ones((4, 5))).shape == (4, 5, 2)


def test_numeric_partial_explains_a_bad_index_or_point():
    with pytest.raises(ValueError, match="from 0 to 1"):
        cu.numeric_partial(cu.example_surface, (1.0, 2.0), 2)
    with pytest.raises(TypeError, match="list of numbers"):
        cu.numeric_gradient(cu.example_surface, "1, 2")


def test_a_step_against_the_gradient_goes_downhill():
    p = np.array([1.5, 0.5])
    g = cu.example_surface_gradient(*p)
    new = cu.step_against_gradient(p, g, 0.1)
    np.testing.assert_allclose(new, p - 0.1 * g)
    assert cu.example_surface(*new) < cu.example_surface(*p)
    assert cu.example_surface(*(p + 0.01 * g)) > cu.example_surface(*p)  # along the gradient: uphill
    with pytest.raises(ValueError, match="walks uphill"):
        cu.step_against_gradient(p, g, -0.1)
    with pytest.raises(ValueError, match="same length"):
        cu.step_against_gradient(p, [1.0, 2.0, 3.0], 0.1)


# --------------------------------------------------------------------------- layer 2: static plots


def test_plot_secant_reports_both_slopes():
    fig = cu.plot_secant(1.0, 0.1)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert fig.axes[0].get_title() == f"secant slope {3 + 0.3 + 0.01:.3f}   tangent slope 3.000"


def test_plot_derivative_rule_shows_rule_and_numeric_value():
    fig = cu.plot_derivative_rule("quotient", 0.5)
    title = fig.axes[0].get_title()
    assert "quotient rule" in title and f"rule {-4 / 1.5**2:.6g}" in title
    assert fig.axes[1].get_title() == "f'(x) = -4 / (x + 1)^2"
    with pytest.raises(ValueError, match="choose one of"):
        cu.plot_derivative_rule("log")


def test_plot_gradient_draws_contours_arrows_and_one_step():
    fig = cu.plot_gradient(1.5, 0.5, 0.1)
    ax = fig.axes[0]
    new = cu.step_against_gradient([1.5, 0.5], cu.example_surface_gradient(1.5, 0.5), 0.1)
    assert f"f = {cu.example_surface(1.5, 0.5):.2f} -> {cu.example_surface(*new):.2f}" in ax.get_title()
    assert len(ax.collections) >= 2  # the contour lines and the field of arrows


# --------------------------------------------------------------------------- layer 3: demos


def test_secant_demo_converges_as_h_shrinks():
    demo = cu.demo_secant_to_tangent()
    first = demo.live_figure.image.value
    frames = cu.drive(demo, h=0.5)
    assert frames == 2 and demo.live_figure.image.value != first
    cu.drive(demo, h=0.01)
    title = demo.live_figure.axes[0].get_title()
    assert title == f"secant slope {3 + 0.03 + 0.0001:.3f}   tangent slope 3.000"
    cu.drive(demo, a=0.0)
    assert "tangent slope 0.000" in demo.live_figure.axes[0].get_title()


def test_rules_demo_switches_examples_and_moves_x():
    demo = cu.demo_derivative_rules()
    first = demo.live_figure.image.value
    cu.drive(demo, example="chain")
    assert demo.live_figure.image.value != first
    assert "chain rule" in demo.live_figure.axes[0].get_title()
    cu.drive(demo, x=0.0)
    chain = cu.derivative_examples()["chain"]
    assert f"rule {chain.df(0.0):.6g}, numeric {cu.numeric_derivative(chain.f, 0.0):.6g}" in (
        demo.live_figure.axes[0].get_title())
    assert demo.live_figure.axes[0].get_ylim()[1] > 1000  # the limits followed the new curve
    for key in cu.derivative_examples():
        cu.drive(demo, example=key, x=-0.8)


def test_rules_demo_reuses_each_examples_background_exactly():
    demo = cu.demo_derivative_rules()
    cu.drive(demo, example="chain", x=0.3)
    chain_frame = demo.live_figure.image.value
    cu.drive(demo, example="quotient")
    assert demo.live_figure.image.value != chain_frame
    cu.drive(demo, example="chain")
    assert demo.live_figure.image.value == chain_frame  # the cached background is the chain's own


def test_gradient_demo_follows_the_point_and_the_step():
    demo = cu.demo_gradient()
    first = demo.live_figure.image.value
    cu.drive(demo, x=-1.0, y=2.0)
    assert demo.live_figure.image.value != first
    assert "gradient at (-1.0, 2.0) = (0.0, 3.0)" in demo.live_figure.axes.get_title()
    cu.drive(demo, learning_rate=0.0)
    assert "f = 3.00 -> 3.00" in demo.live_figure.axes.get_title()
    cu.drive(demo, x=0.0, y=0.0, learning_rate=0.3)  # the minimum: no step to draw
    assert demo.last_error is None


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (300, True, "Correct"),
        (300.0, True, "Correct"),
        (75, False, "inner derivative"),
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
        ((5, 4), False, "hold y fixed"),
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
        (lambda x: cu.numeric_derivative(lambda t: t**3 - 2 * t, x), True, "Correct"),
        (_wrong, False, "power rule"),
        (_broken, False, "raised ZeroDivisionError"),
        (3.0, False, "should be a function"),
        (lambda x: ..., False, "still returns ..."),
    ],
)
def test_exercise_01_6(answer, passed, phrase):
    result = cu.check("01-6", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_plots_draw_on_the_axes_they_are_given():
    fig = Figure()
    axes = fig.subplots(1, 5)
    assert cu.plot_secant(ax=axes[:2]) is fig
    assert cu.plot_derivative_rule("power", 0.5, ax=axes[2:4]) is fig
    assert cu.plot_gradient(ax=axes[4]) is fig
    assert "power rule" in axes[2].get_title()
