"""cu.activations: every activation and its derivative, and notebook 02's activation demos."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils import activations as act
from matplotlib.figure import Figure

Z = np.linspace(-8, 8, 161)


# --------------------------------------------------------------------------- layer 1: the functions


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
def test_every_gradient_matches_a_finite_difference(name):
    f, f_grad = act.get_activation(name)
    z = Z[np.abs(Z) > 0.05]  # away from ReLU's kink
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(f_grad(z), numeric, rtol=1e-5, atol=1e-8)


def test_the_table_holds_the_element_wise_activations_by_name():
    assert list(act.ACTIVATIONS) == ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
    assert act.get_activation("ReLU") == (act.relu, act.relu_grad)  # case does not matter
    with pytest.raises(TypeError):
        act.ACTIVATIONS["swish"] = (np.tanh, np.tanh)  # read-only: nobody changes another module's table


def test_sigmoid_values_and_its_flat_ends():
    assert act.sigmoid(0.0) == 0.5
    assert isinstance(act.sigmoid(1.0), float)
    np.testing.assert_allclose(act.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])  # no overflow
    assert act.sigmoid(-40.0) == pytest.approx(np.exp(-40.0), rel=1e-9)  # the tail keeps its precision
    assert act.sigmoid_grad(0.0) == pytest.approx(0.25)
    assert np.max(act.sigmoid_grad(Z)) <= 0.25
    assert act.sigmoid_grad(6.0) < 0.0025  # nearly flat: about 1/100 of the slope at 0


def test_tanh_relu_leaky_relu_and_linear_values():
    np.testing.assert_allclose(act.tanh([0.0, 100.0]), [0.0, 1.0])
    np.testing.assert_allclose(act.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(act.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(act.leaky_relu([-2.0, 3.0], 0.1), [-0.2, 3.0])
    np.testing.assert_allclose(act.leaky_relu_grad([-2.0, 3.0], 0.1), [0.1, 1.0])
    np.testing.assert_allclose(act.leaky_relu(Z, 0.0), act.relu(Z))  # alpha = 0: ReLU
    np.testing.assert_allclose(act.leaky_relu(Z, 1.0), Z)  # alpha = 1: the straight line
    np.testing.assert_allclose(act.linear(Z), Z)
    np.testing.assert_allclose(act.linear_grad(Z), 1.0)
    assert isinstance(act.relu(2.0), float) and isinstance(act.tanh_grad(0.0), float)


def test_shapes_are_kept_and_nan_passes_through():
    batch = np.arange(12.0).reshape(3, 4) - 6
    for name in act.ACTIVATIONS:
        f, f_grad = act.get_activation(name)
        assert f(batch).shape == f_grad(batch).shape == (3, 4)
    assert np.isnan(act.sigmoid([np.nan, 0.0])[0])  # a training run that blew up shows nan
    assert act.sigmoid(np.inf) == 1.0 and act.relu(np.inf) == np.inf


def test_leaky_relu_slope_must_be_a_number_from_0_to_1():
    with pytest.raises(TypeError, match="slope"):
        act.leaky_relu([1.0], alpha="0.1")
    with pytest.raises(ValueError, match="at most 1"):
        act.leaky_relu([1.0], alpha=1.5)


def test_step_is_the_heaviside_step():
    np.testing.assert_array_equal(act.step([-0.5, 0.0, 2.0]), [0, 1, 1])
    assert act.step(-0.1) == 0 and isinstance(act.step(3.0), int)
    assert "Heaviside" in act.step.__doc__ and "步階函數" in act.step.__doc__
    assert "step" not in act.ACTIVATIONS  # no useful derivative: not for gradient descent


def test_softmax_sums_to_one_and_temperature_sharpens_or_flattens():
    scores = np.array(act.SOFTMAX_SCORES)
    p = act.softmax(scores)
    assert p.sum() == pytest.approx(1.0) and np.argmax(p) == 0
    cold, hot = act.softmax(scores, 0.1), act.softmax(scores, 100.0)
    assert cold[0] > 0.99
    np.testing.assert_allclose(hot, 0.25, atol=0.01)
    np.testing.assert_allclose(act.softmax([1000.0, 1000.0]), [0.5, 0.5])  # no overflow
    with pytest.raises(ValueError, match="temperature"):
        act.softmax(scores, 0.0)


def test_softmax_of_a_batch_normalises_each_row():
    logits = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    p = act.softmax(logits)  # rows are samples: classes along the last axis
    np.testing.assert_allclose(p.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(p[1], 1 / 3)
    np.testing.assert_allclose(act.softmax(logits.T, axis=0), p.T)
    with pytest.raises(ValueError, match="axis"):
        act.softmax(logits, axis=2)
    with pytest.raises(ValueError, match="several scores"):
        act.softmax(3.0)


def test_bad_inputs_give_sentences():
    with pytest.raises(TypeError, match="array of numbers"):
        act.sigmoid("one")
    with pytest.raises(ValueError, match="Unknown activation 'swish'"):
        act.get_activation("swish")
    with pytest.raises(ValueError, match="not element-wise"):
        act.get_activation("softmax")
    with pytest.raises(TypeError, match="string"):
        act.get_activation(None)


def test_sigmoid_neuron_descent_is_slow_on_the_flat_end():
    flat = act.sigmoid_neuron_descent(-6.0, num_steps=20)
    middle = act.sigmoid_neuron_descent(0.0, num_steps=20)
    assert flat.shape == (21,)
    assert flat[0] - flat[-1] < 0.01  # 20 steps move the loss by less than 0.01
    assert middle[-1] < 0.1 * middle[0]
    assert np.all(np.diff(middle) < 0)
    with pytest.raises(ValueError, match="num_steps"):
        act.sigmoid_neuron_descent(0.0, num_steps=-1)
    with pytest.raises(TypeError, match="w0"):
        act.sigmoid_neuron_descent("0")


# --------------------------------------------------------------------------- layer 2: figures


def test_plot_activation_draws_curve_and_derivative_side_by_side():
    fig = act.plot_activation("tanh", z=1.0)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    ax_f, ax_g = fig.axes
    np.testing.assert_allclose(ax_f.lines[0].get_ydata(), np.tanh(ax_f.lines[0].get_xdata()))
    assert f"{np.tanh(1.0):.3f}" in ax_f.get_title()
    assert f"{1 - np.tanh(1.0) ** 2:.4f}" in ax_g.get_title()


def test_plot_activation_uses_given_axes_and_rejects_one_axis():
    fig = Figure()
    axes = fig.subplots(1, 2)
    assert act.plot_activation("relu", ax=axes) is fig
    with pytest.raises(ValueError, match="pair of axes"):
        act.plot_activation("relu", ax=axes[0])
    with pytest.raises(ValueError, match="should be one of"):
        act.plot_activation("softplus")


def test_plot_softmax_bar_heights_are_the_probabilities():
    fig = act.plot_softmax([1.0, 2.0, 3.0], 0.5, ["a", "b", "c"])
    heights = [patch.get_height() for patch in fig.axes[0].patches]
    np.testing.assert_allclose(heights, act.softmax([1.0, 2.0, 3.0], 0.5))
    with pytest.raises(ValueError, match="one label per score"):
        act.plot_softmax([1.0, 2.0], 1.0, ["a"])


def test_plot_sigmoid_slowdown_has_one_curve_per_start():
    fig = act.plot_sigmoid_slowdown(starts=(-6.0, 0.0), num_steps=10)
    assert len(fig.axes[0].lines) == 2 and len(fig.axes[0].lines[0].get_ydata()) == 11


# --------------------------------------------------------------------------- layer 3: widgets


def _assert_blit_is_exact(demo):
    assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0


def test_demo_activations_follows_every_control():
    demo = act.demo_activations()
    first = bytes(demo.live_figure.image.value)
    assert cu.widgets.drive(demo, z=-5.0) == 2
    assert bytes(demo.live_figure.image.value) != first
    ax_f, ax_g = demo.live_figure.axes
    assert f"f'(z) = {act.sigmoid_grad(-5.0):.4f}" in demo.readout.value
    assert f"f(z) = {act.sigmoid(-5.0):.3f}" in demo.readout.value
    cu.widgets.drive(demo, activation="leaky_relu", alpha=0.3)
    np.testing.assert_allclose(ax_f.lines[0].get_ydata()[0], -6.0 * 0.3)
    assert ax_f.get_ylim()[0] < -1.8  # limits were changed for leaky ReLU
    assert "f'(z) = 0.3000" in demo.readout.value
    cu.widgets.drive(demo, activation="relu")
    assert ax_f.get_title() == "relu: f(z)"
    assert demo.live_figure.frames_sent == 5


def test_demo_activations_slope_reaches_1_where_leaky_relu_is_the_line_z():
    demo = act.demo_activations("leaky_relu")
    assert demo.controls["alpha"].max == 1.0
    ax_f, ax_g = demo.live_figure.axes
    z = ax_f.lines[0].get_xdata()
    cu.widgets.drive(demo, alpha=1.0)
    np.testing.assert_allclose(ax_f.lines[0].get_ydata(), z)  # no longer bends: linear
    np.testing.assert_allclose(ax_g.lines[0].get_ydata(), 1.0)
    assert min(ax_f.get_ylim()) <= z.min()  # the whole line is in view
    cu.widgets.drive(demo, alpha=0.0)
    np.testing.assert_allclose(ax_f.lines[0].get_ydata(), np.maximum(z, 0))  # ReLU


@pytest.mark.parametrize("changes", [
    [("z", -4.0), ("z", 1.0), ("z", 5.5)],
    [("activation", "tanh"), ("activation", "relu"), ("activation", "leaky_relu"), ("alpha", 1.0),
     ("alpha", 0.0), ("z", -3.0), ("activation", "sigmoid"), ("z", 0.0)],
])
def test_demo_activations_blitted_frames_equal_full_redraws(changes, style):
    demo = act.demo_activations()
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        _assert_blit_is_exact(demo)


def test_demo_activations_switching_back_shows_the_same_frame():
    demo = act.demo_activations()
    first = bytes(demo.live_figure.image.value)
    cu.widgets.drive(demo, activation="tanh")
    tanh_frame = bytes(demo.live_figure.image.value)
    cu.widgets.drive(demo, activation="sigmoid")  # its background comes from the cache
    assert bytes(demo.live_figure.image.value) == first
    cu.widgets.drive(demo, activation="tanh")
    assert bytes(demo.live_figure.image.value) == tanh_frame
    cu.widgets.drive(demo, z=-2.0)
    fresh = act.demo_activations()  # switches to tanh once: a full draw, no cache
    cu.widgets.drive(fresh, activation="tanh", z=-2.0)
    assert bytes(demo.live_figure.image.value) == bytes(fresh.live_figure.image.value)


def test_demo_activations_rejects_an_unknown_start():
    with pytest.raises(ValueError, match="should be one of"):
        act.demo_activations("softplus")


def test_activation_demo_greys_out_the_slope_unless_leaky_relu():
    demo = act.demo_activations("sigmoid")
    assert demo.controls["alpha"].disabled
    cu.widgets.drive(demo, activation="leaky_relu")
    assert not demo.controls["alpha"].disabled
    cu.widgets.drive(demo, activation="tanh")
    assert demo.controls["alpha"].disabled


def test_demo_softmax_temperature_changes_the_bars(style):
    demo = act.demo_softmax()
    ax = demo.live_figure.axes
    before = [p.get_height() for p in ax.patches]
    cu.widgets.drive(demo, temperature=0.2)
    after = [p.get_height() for p in ax.patches]
    assert max(after) > max(before)
    np.testing.assert_allclose(after, act.softmax(act.SOFTMAX_SCORES, 0.2))
    assert [t.get_text() for t in ax.texts[:4]] == [f"{p:.2f}" for p in after]  # the bar labels
    for temperature in (0.1, 5.0, 1.3):
        cu.widgets.drive(demo, temperature=temperature)
        _assert_blit_is_exact(demo)


# --------------------------------------------------------------------------- exercises


def _right_derivative(z):
    s = act.sigmoid(z)
    return s * (1 - s)


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_derivative, True, "right result"),
        (lambda z: act.sigmoid(z) * act.sigmoid(z), False, 'cu.hint("02-4")'),
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
        ("softmax", True, "softmax"),
        (" Softmax ", True, "Softmax"),
        ("sigmoid", False, 'cu.hint("02-5")'),
        (3, False, "must be one of"),
        (["softmax"], False, "must be one of"),
    ],
)
def test_exercise_02_5(answer, passed, phrase):
    result = cu.check("02-5", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize("key", ["02-4", "02-5"])
def test_hints_come_in_steps_and_never_hand_over_the_code(key):
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(set(hints)) == 3
    for text in hints:
        assert "s * (1 - s)" not in text and "return" not in text.lower()
        assert '"softmax"' not in text and "'softmax'" not in text
