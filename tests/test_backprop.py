"""Notebook 04's demos and exercises: the chain-rule graph, vanishing
gradients, hidden neurons on the circle, and the four checks."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- gradient check


def test_relative_error_values_and_errors():
    g = np.array([3.0, 4.0])
    assert cu.relative_error(g, g) == 0.0
    assert cu.relative_error(g, -g) == pytest.approx(1.0)
    assert cu.relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert cu.relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5 / 7)
    with pytest.raises(ValueError, match="same size"):
        cu.relative_error([1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="arrays of numbers"):
        cu.relative_error("ab", [1.0])


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = cu.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    assert grad.shape == x.shape
    assert cu.relative_error(grad, 3 * x**2) < 1e-8
    assert x[0, 0] == 1.0  # the input is not changed
    with pytest.raises(TypeError, match="function"):
        cu.numerical_gradient(3.0, x)
    with pytest.raises(ValueError, match="eps"):
        cu.numerical_gradient(np.sum, x, eps=0)


def test_network_gradient_check_passes_and_rejects_non_networks():
    X, y = cu.make_playground_data("circle", 20, seed=0)
    net = cu.Network([2, 3, 1], activation="tanh", seed=0)
    before = net.get_params()
    assert cu.network_gradient_check(net, X / 5, y) < 1e-6
    assert np.array_equal(net.get_params(), before)
    with pytest.raises(TypeError, match="cu.Network"):
        cu.network_gradient_check("net", X, y)


# --------------------------------------------------------------------------- the chain-rule graph


def test_graph_shapes_and_hand_checked_values():
    values = cu.graph_forward_backward(cu.graph_example())
    shapes = {"Y1": (1, 4), "A1": (1, 4), "Y2": (1, 2), "A2": (1, 2), "dW1": (3, 4), "dB1": (4,),
              "dW2": (4, 2), "dB2": (2,), "dA1": (1, 4), "dA2": (1, 2)}
    for name, shape in shapes.items():
        assert values[name].shape == shape, name
    # Y1[0] = 1*0.2 + 0.5*0.6 + (-1)*(-0.3) + 0.1 = 0.9
    assert values["Y1"][0, 0] == pytest.approx(0.9)
    assert values["L"] == pytest.approx(cu.graph_loss(cu.graph_example()))
    # the chain rule for one weight, written out: dL/dW2[0,0] = A1[0] * sigma'(Y2[0]) * 2 (A2[0] - 1)
    a2 = values["A2"][0, 0]
    assert values["dW2"][0, 0] == pytest.approx(values["A1"][0, 0] * a2 * (1 - a2) * 2 * (a2 - 1.0))


def test_graph_gradients_equal_finite_differences():
    params = cu.graph_example()
    values = cu.graph_forward_backward(params)
    numeric = cu.graph_numerical_gradients(params)
    for name, grad in numeric.items():
        assert cu.relative_error(values[name], grad) < 1e-6, name


def test_graph_params_are_checked():
    with pytest.raises(TypeError, match="dict"):
        cu.graph_loss([1, 2])
    params = cu.graph_example()
    del params["W2"]
    with pytest.raises(ValueError, match="missing"):
        cu.graph_forward_backward(params)


@pytest.mark.parametrize("step", [0, 3, 6, 11])
def test_plot_chain_rule_step_shows_values_then_gradients(step):
    fig = cu.plot_chain_rule_step(step)
    assert isinstance(fig, Figure)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert f"step {step} of 11" in texts
    assert ("∂L/∂W⁽¹⁾\n" in texts) is (step == 11)
    assert ("?" in texts) is (step < 5)


def test_plot_chain_rule_step_rejects_bad_steps():
    with pytest.raises(ValueError, match="between 0 and 11"):
        cu.plot_chain_rule_step(12)
    with pytest.raises(TypeError, match="whole number"):
        cu.plot_chain_rule_step(1.5)


def test_demo_chain_rule_sends_a_new_frame_per_step():
    demo = cu.demo_chain_rule()
    first = demo.live_figure.image.value
    assert cu.drive(demo, step=7) == 2
    assert demo.live_figure.image.value != first
    texts = " ".join(t.get_text() for t in demo.live_figure.axes.texts)
    assert "through the sigmoid" in texts and "∂L/∂Y⁽²⁾" in texts
    assert cu.drive(demo, step=11) == 3
    cu.drive(demo, step=0)  # frames are drawn once and re-sent: back at 0, the same picture
    assert demo.live_figure.image.value == first


# --------------------------------------------------------------------------- vanishing gradients


def test_deep_sigmoid_gradients_vanish_but_relu_ones_do_not():
    sig = cu.layer_gradient_norms("sigmoid", 5)
    relu = cu.layer_gradient_norms("relu", 5)
    assert sig.shape == relu.shape == (6,)
    assert sig[0] < sig[-1] / 1000
    assert relu[0] > relu[-1] / 10


def test_layer_gradient_norms_errors():
    with pytest.raises(ValueError, match="activation must be one of"):
        cu.layer_gradient_norms("swish", 3)
    with pytest.raises(ValueError, match="between 1 and 8"):
        cu.layer_gradient_norms("relu", 9)
    with pytest.raises(TypeError, match="whole number"):
        cu.layer_gradient_norms("relu", "3")


def test_plot_gradient_norms_draws_one_bar_per_layer():
    fig = cu.plot_gradient_norms("tanh", 3)
    ax = fig.axes[0]
    visible = [p for p in ax.patches if p.get_visible()]
    assert len(visible) == 4
    assert "tanh, 3 hidden layers" in ax.get_title()


def test_demo_vanishing_gradients_follows_both_controls():
    demo = cu.demo_vanishing_gradients()
    assert cu.drive(demo, n_hidden_layers=2) == 2
    assert "2 hidden layers" in demo.live_figure.axes.get_title()
    frame = demo.live_figure.image.value
    cu.drive(demo, activation="relu")
    assert demo.live_figure.image.value != frame
    assert demo.live_figure.axes.get_title().startswith("relu")
    assert sum(p.get_visible() for p in demo.live_figure.axes.patches) == 3


# --------------------------------------------------------------------------- circle


def test_two_hidden_neurons_fail_on_the_circle_and_three_succeed():
    networks, X, y = cu.train_circle_networks((2, 3))
    assert X.shape == (200, 2) and np.abs(X).max() <= 1.2
    assert networks[2].accuracy(X, y) < 0.9
    assert networks[3].accuracy(X, y) > 0.95


def test_decision_grid_shape_and_range():
    net = cu.Network([2, 3, 1], seed=0)
    grid = cu.decision_grid(net, resolution=25)
    assert grid.shape == (25, 25)
    assert ((grid > 0) & (grid < 1)).all()


def test_plot_hidden_neurons_draws_one_line_per_neuron():
    networks, X, y = cu.train_circle_networks((3,), num_epochs=50)
    fig = cu.plot_hidden_neurons(networks[3], X, y)
    ax = fig.axes[0]
    assert sum(line.get_visible() for line in ax.lines) == 3
    assert "3 hidden neurons" in ax.get_title()
    with pytest.raises(ValueError, match="one hidden layer"):
        cu.plot_hidden_neurons(cu.Network([2, 3, 3, 1]), X, y)


def test_demo_hidden_neurons_switches_networks():
    demo = cu.demo_hidden_neurons(num_epochs=50)
    first = demo.live_figure.image.value
    assert cu.drive(demo, hidden_units=4) == 2
    assert demo.live_figure.image.value != first
    assert "4 hidden neurons" in demo.live_figure.axes.get_title()
    assert sum(line.get_visible() for line in demo.live_figure.axes.lines) == 4


def test_train_circle_networks_rejects_bad_sizes():
    with pytest.raises(ValueError, match="whole numbers >= 1"):
        cu.train_circle_networks((0,), num_epochs=1)


# --------------------------------------------------------------------------- exercises


def _one_neuron_dw() -> float:
    a = 1 / (1 + np.exp(-(0.5 * 2.0 - 0.5)))
    return 2 * (a - 1.0) * a * (1 - a) * 2.0


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_one_neuron_dw(), True, "Correct"),
        (round(_one_neuron_dw(), 4), True, "Correct"),
        (2 * (1 / (1 + np.exp(-0.5)) - 1.0), False, "Hint"),  # forgot two factors
        ("-0.19", False, "should be a number"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_04_1(answer, passed, phrase):
    result = cu.check("04-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _right_backward(dA, A):
    return dA * A * (1 - A)


def _matmul_backward(dA, A):
    return dA @ (A * (1 - A)).T


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_backward, True, "Correct"),
        (lambda dA, A: dA * A, False, "Hint"),
        (_matmul_backward, False, "shape"),
        (0.25, False, "should be a function"),
        (lambda dA, A: ..., False, "replace the ..."),
    ],
)
def test_exercise_04_2(answer, passed, phrase):
    result = cu.check("04-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_exercise_04_3():
    X, y = cu.make_playground_data("xor", 200, seed=0)
    good = cu.Network([2, 4, 1], activation="tanh", seed=0)
    good.fit(X / 5, y, num_epochs=1500, learning_rate=1.0)
    assert cu.check("04-3", good, show=False).passed
    untrained = cu.Network([2, 4, 1], activation="tanh", seed=0)
    result = cu.check("04-3", untrained, show=False)
    assert not result.passed and "needs 95%" in result.message
    result = cu.check("04-3", cu.Network([3, 4, 1]), show=False)
    assert not result.passed and "2 inputs and 1 output" in result.message
    result = cu.check("04-3", "my network", show=False)
    assert not result.passed and "should be a cu.Network" in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (lambda g, n: np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)), True, "Correct"),
        (lambda g, n: np.linalg.norm(g - n), False, "Hint"),
        (lambda g, n: np.abs(g - n) / (np.abs(g) + np.abs(n)), False, "should be a number"),
        ("norm", False, "should be a function"),
        (lambda g, n: ..., False, "replace the ..."),
    ],
)
def test_exercise_04_4(answer, passed, phrase):
    result = cu.check("04-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
