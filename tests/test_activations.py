"""Activation functions, their derivatives, and notebook 02's activation demos."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

Z = np.linspace(-8, 8, 161)


# --------------------------------------------------------------------------- layer 1: the functions


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
def test_every_gradient_matches_a_finite_difference(name):
    f, f_grad = cu.get_activation(name)
    z = Z[np.abs(Z) > 0.05]  # away from ReLU's kink
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(f_grad(z), numeric, rtol=1e-5, atol=1e-8)


def test_sigmoid_values_and_its_flat_ends():
    assert cu.sigmoid(0.0) == 0.5
    assert isinstance(cu.sigmoid(1.0), float)
    np.testing.assert_allclose(cu.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])  # no overflow
    assert cu.sigmoid_grad(0.0) == pytest.approx(0.25)
    assert np.max(cu.sigmoid_grad(Z)) <= 0.25
    assert cu.sigmoid_grad(6.0) < 0.0025  # nearly flat: about 1/100 of the slope at 0


def test_tanh_relu_and_leaky_relu_values():
    np.testing.assert_allclose(cu.tanh([0.0, 100.0]), [0.0, 1.0])
    np.testing.assert_allclose(cu.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(cu.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(cu.leaky_relu([-2.0, 3.0], 0.1), [-0.2, 3.0])
    np.testing.assert_allclose(cu.leaky_relu_grad([-2.0, 3.0], 0.1), [0.1, 1.0])


def test_leaky_relu_rejects_a_slope_that_is_not_a_number():
    with pytest.raises(TypeError, match="slope"):
        cu.leaky_relu([1.0], alpha="0.1")


def test_step_is_the_perceptron_threshold():
    np.testing.assert_array_equal(cu.step([-0.5, 0.0, 2.0]), [0, 1, 1])
    assert cu.step(-0.1) == 0 and isinstance(cu.step(3.0), int)


def test_softmax_sums_to_one_and_temperature_sharpens_or_flattens():
    scores = np.array(cu.SOFTMAX_SCORES)
    p = cu.softmax(scores)
    assert p.sum() == pytest.approx(1.0) and np.argmax(p) == 0
    cold, hot = cu.softmax(scores, 0.1), cu.softmax(scores, 100.0)
    assert cold[0] > 0.99
    np.testing.assert_allclose(hot, 0.25, atol=0.01)
    np.testing.assert_allclose(cu.softmax([1000.0, 1000.0]), [0.5, 0.5])  # no overflow
    with pytest.raises(ValueError, match="positive"):
        cu.softmax(scores, 0.0)


def test_bad_inputs_give_sentences():
    with pytest.raises(TypeError, match="number or an array of numbers"):
        cu.sigmoid("one")
    with pytest.raises(ValueError, match="Unknown activation"):
        cu.get_activation("swish")


def test_activation_curves_shapes_and_errors():
    f, g = cu.activation_curves("leaky_relu", [-1.0, 2.0], alpha=0.2)
    np.testing.assert_allclose(f, [-0.2, 2.0])
    np.testing.assert_allclose(g, [0.2, 1.0])
    f, g = cu.activation_curves("sigmoid", 0.0)
    assert f.shape == g.shape == (1,)
    with pytest.raises(ValueError, match="choose one of"):
        cu.activation_curves("softmax", [0.0])


def test_sigmoid_neuron_descent_is_slow_on_the_flat_end():
    flat = cu.sigmoid_neuron_descent(-6.0, num_steps=20)
    middle = cu.sigmoid_neuron_descent(0.0, num_steps=20)
    assert flat.shape == (21,)
    assert flat[0] - flat[-1] < 0.01  # 20 steps move the loss by less than 0.01
    assert middle[-1] < 0.1 * middle[0]
    assert np.all(np.diff(middle) < 0)
    with pytest.raises(ValueError, match="num_steps"):
        cu.sigmoid_neuron_descent(0.0, num_steps=-1)
    with pytest.raises(TypeError, match="w0"):
        cu.sigmoid_neuron_descent("0")


# --------------------------------------------------------------------------- layer 2: figures


def test_plot_activation_draws_curve_and_derivative_side_by_side():
    fig = cu.plot_activation("tanh", z=1.0)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    ax_f, ax_g = fig.axes
    np.testing.assert_allclose(ax_f.lines[0].get_ydata(), np.tanh(ax_f.lines[0].get_xdata()))
    assert f"{np.tanh(1.0):.3f}" in ax_f.get_title()
    assert f"{1 - np.tanh(1.0) ** 2:.4f}" in ax_g.get_title()


def test_plot_activation_uses_given_axes_and_rejects_one_axis():
    fig = Figure()
    axes = fig.subplots(1, 2)
    assert cu.plot_activation("relu", ax=axes) is fig
    with pytest.raises(ValueError, match="pair of axes"):
        cu.plot_activation("relu", ax=axes[0])


def test_plot_softmax_bar_heights_are_the_probabilities():
    fig = cu.plot_softmax([1.0, 2.0, 3.0], 0.5, ["a", "b", "c"])
    heights = [patch.get_height() for patch in fig.axes[0].patches]
    np.testing.assert_allclose(heights, cu.softmax([1.0, 2.0, 3.0], 0.5))
    with pytest.raises(ValueError, match="one label per score"):
        cu.plot_softmax([1.0, 2.0], 1.0, ["a"])


def test_plot_sigmoid_slowdown_has_one_curve_per_start():
    fig = cu.plot_sigmoid_slowdown(starts=(-6.0, 0.0), num_steps=10)
    assert len(fig.axes[0].lines) == 2 and len(fig.axes[0].lines[0].get_ydata()) == 11


# --------------------------------------------------------------------------- layer 3: widgets


def test_demo_activations_follows_every_control():
    demo = cu.demo_activations()
    first = bytes(demo.live_figure.image.value)
    assert cu.drive(demo, z=-5.0) == 2
    assert bytes(demo.live_figure.image.value) != first
    ax_f, ax_g = demo.live_figure.axes
    readout = demo.children[-2]
    assert f"f'(z) = {cu.sigmoid_grad(-5.0):.4f}" in readout.value
    assert f"f(z) = {cu.sigmoid(-5.0):.3f}" in readout.value
    cu.drive(demo, activation="leaky_relu", alpha=0.3)
    np.testing.assert_allclose(ax_f.lines[0].get_ydata()[0], -6.0 * 0.3)
    assert ax_f.get_ylim()[0] < -1.8  # limits were changed for leaky ReLU
    assert "f'(z) = 0.3000" in readout.value
    cu.drive(demo, activation="relu")
    assert ax_f.get_title() == "relu: f(z)"
    assert demo.live_figure.frames_sent == 5


def test_demo_activations_switching_back_shows_the_same_frame():
    demo = cu.demo_activations()
    first = bytes(demo.live_figure.image.value)
    cu.drive(demo, activation="tanh")
    tanh_frame = bytes(demo.live_figure.image.value)
    cu.drive(demo, activation="sigmoid")  # its background comes from the cache
    assert bytes(demo.live_figure.image.value) == first
    cu.drive(demo, activation="tanh")
    assert bytes(demo.live_figure.image.value) == tanh_frame
    cu.drive(demo, z=-2.0)
    fresh = cu.demo_activations()  # switches to tanh once: a full draw, no cache
    cu.drive(fresh, activation="tanh", z=-2.0)
    assert bytes(demo.live_figure.image.value) == bytes(fresh.live_figure.image.value)


def test_demo_activations_rejects_an_unknown_start():
    with pytest.raises(ValueError, match="choose one of"):
        cu.demo_activations("softplus")


def test_demo_softmax_temperature_changes_the_bars():
    demo = cu.demo_softmax()
    ax = demo.live_figure.axes
    before = [p.get_height() for p in ax.patches]
    cu.drive(demo, temperature=0.2)
    after = [p.get_height() for p in ax.patches]
    assert max(after) > max(before)
    np.testing.assert_allclose(after, cu.softmax(cu.SOFTMAX_SCORES, 0.2))
    assert [t.get_text() for t in ax.texts[:4]] == [f"{p:.2f}" for p in after]  # the bar labels


# --------------------------------------------------------------------------- exercises


def _right_derivative(z):
    s = cu.sigmoid(z)
    return s * (1 - s)


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_derivative, True, "Correct"),
        (lambda z: cu.sigmoid(z) * cu.sigmoid(z), False, "Hint"),
        (lambda z: 1 / 0, False, "ZeroDivisionError"),
        (0.25, False, "should be a function"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_02_4(answer, passed, phrase):
    result = cu.check("02-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ("softmax", True, "Correct"),
        (" Softmax ", True, "Correct"),
        ("sigmoid", False, "Hint"),
        (3, False, "must be one of"),
        (["softmax"], False, "must be one of"),
    ],
)
def test_exercise_02_5(answer, passed, phrase):
    result = cu.check("02-5", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_activation_demo_greys_out_the_slope_unless_leaky_relu():
    demo = cu.demo_activations("sigmoid")
    assert demo.controls["alpha"].disabled
    cu.drive(demo, activation="leaky_relu")
    assert not demo.controls["alpha"].disabled
    cu.drive(demo, activation="tanh")
    assert demo.controls["alpha"].disabled
