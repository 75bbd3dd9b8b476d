"""Notebook 04's demos and exercises: the chain-rule graph, vanishing gradients,
hidden neurons on the circle, and the five checks."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils import backprop
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- gradient check


def test_relative_error_values_and_errors():
    g = np.array([3.0, 4.0])
    assert backprop.relative_error(g, g) == 0.0
    assert backprop.relative_error(g, -g) == pytest.approx(1.0)
    assert backprop.relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert backprop.relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5 / 7)
    with pytest.raises(ValueError, match="same shape"):
        backprop.relative_error([1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="array of numbers"):
        backprop.relative_error("ab", [1.0])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize(("l2", "l1"), [(0.0, 0.0), (0.01, 0.0), (0.0, 0.01)])
def test_network_gradient_check_passes_for_every_activation_and_penalty(activation, l2, l1):
    X, y = cu.data.make_playground_data("circle", 20, seed=0)
    net = cu.nn.Network([2, 4, 3, 1], activation=activation, l2=l2, l1=l1, seed=1)
    before = net.get_params()
    assert backprop.network_gradient_check(net, X / 5, y) < 1e-7
    assert np.array_equal(net.get_params(), before)


def test_network_gradient_check_catches_a_wrong_backward_pass(monkeypatch):
    X, y = cu.data.make_playground_data("circle", 20, seed=0)
    net = cu.nn.Network([2, 3, 1], activation="tanh", seed=0)
    right = net.gradients

    def wrong(*args, **kwargs):
        return [(2 * dW, db) for dW, db in right(*args, **kwargs)]

    monkeypatch.setattr(net, "gradients", wrong)
    assert backprop.network_gradient_check(net, X / 5, y) > 0.1
    with pytest.raises(TypeError, match="cu.nn.Network"):
        backprop.network_gradient_check("net", X, y)


# --------------------------------------------------------------------------- the chain-rule graph


def test_graph_shapes_follow_the_notation_and_hand_checked_values():
    values = backprop.graph_forward_backward(backprop.graph_example())
    shapes = {"Z1": (1, 4), "A1": (1, 4), "Z2": (1, 2), "A2": (1, 2), "W1": (3, 4), "W2": (4, 2),
              "dW1": (3, 4), "db1": (4,), "dW2": (4, 2), "db2": (2,), "dA1": (1, 4), "dA2": (1, 2)}
    for name, shape in shapes.items():
        assert values[name].shape == shape, name
    # W is (n_in, n_out) and rows are samples: Z1[0, 0] = 1*0.2 + 0.5*0.6 + (-1)*(-0.3) + 0.1 = 0.9
    assert values["Z1"][0, 0] == pytest.approx(0.9)
    assert values["L"] == pytest.approx(backprop.graph_loss(backprop.graph_example()))
    # the chain rule for one weight, written out: dL/dW2[0,0] = A1[0] * sigma'(Z2[0]) * 2 (A2[0] - y[0])
    a2 = values["A2"][0, 0]
    assert values["dW2"][0, 0] == pytest.approx(values["A1"][0, 0] * a2 * (1 - a2) * 2 * (a2 - 1.0))


def test_graph_gradients_equal_finite_differences():
    params = backprop.graph_example()
    values = backprop.graph_forward_backward(params)
    numeric = backprop.graph_numerical_gradients(params)
    assert set(numeric) == {"dW1", "db1", "dW2", "db2"}
    for name, grad in numeric.items():
        assert backprop.relative_error(values[name], grad) < 1e-8, name


def test_graph_params_are_checked():
    with pytest.raises(TypeError, match="dict"):
        backprop.graph_loss([1, 2])
    params = backprop.graph_example()
    del params["W2"]
    with pytest.raises(ValueError, match="missing"):
        backprop.graph_forward_backward(params)
    params = backprop.graph_example()
    params["W1"] = params["W1"].T
    with pytest.raises(ValueError, match="one row per input"):
        backprop.graph_loss(params)


@pytest.mark.parametrize("step", [0, 3, 6, 11])
def test_plot_chain_rule_step_shows_values_then_gradients(step):
    fig = backprop.plot_chain_rule_step(step)
    assert isinstance(fig, Figure)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert f"step {step} of 11" in texts
    assert ("∂L/∂W⁽¹⁾\n" in texts) is (step == 11)
    assert ("?" in texts) is (step < 5)
    assert "y target" in texts and "A⁽²⁾ = ŷ" in texts  # y is the target, ŷ the prediction


def test_plot_chain_rule_step_rejects_bad_steps():
    with pytest.raises(ValueError, match="at most 11"):
        backprop.plot_chain_rule_step(12)
    with pytest.raises(TypeError, match="whole number"):
        backprop.plot_chain_rule_step(1.5)


def test_demo_chain_rule_sends_a_new_frame_per_step_and_blits_exactly():
    demo = backprop.demo_chain_rule()
    first = demo.live_figure.image.value
    assert cu.widgets.drive(demo, step=7) == 2
    assert demo.live_figure.image.value != first
    texts = " ".join(t.get_text() for t in demo.live_figure.axes.texts)
    assert "through the sigmoid" in texts and "∂L/∂Z⁽²⁾" in texts
    assert cu.widgets.drive(demo, step=11) == 3
    cu.widgets.drive(demo, step=0)  # frames are drawn once and re-sent: back at 0, the same picture
    assert demo.live_figure.image.value == first
    for step in (0, 1, 5, 6, 9, 11):
        cu.widgets.drive(demo, step=step)
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, step


# --------------------------------------------------------------------------- vanishing gradients


def test_deep_sigmoid_gradients_vanish_but_tanh_and_relu_ones_do_not():
    sig = backprop.layer_gradient_norms("sigmoid", 5)
    assert sig.shape == (6,)
    assert sig[0] < sig[-1] / 1000
    for activation in ("tanh", "relu"):
        for depth in range(1, cu.playground.MAX_HIDDEN_LAYERS + 1):
            norms = backprop.layer_gradient_norms(activation, depth)
            assert norms.min() > norms.max() / 10, (activation, depth)  # "within one order of magnitude"


def test_layer_gradient_norms_errors():
    with pytest.raises(ValueError, match="activation should be one of"):
        backprop.layer_gradient_norms("swish", 3)
    with pytest.raises(ValueError, match="at most 6"):
        backprop.layer_gradient_norms("relu", 7)
    with pytest.raises(TypeError, match="whole number"):
        backprop.layer_gradient_norms("relu", "3")
    with pytest.raises(ValueError, match="both X and y"):
        backprop.layer_gradient_norms("relu", 3, X=np.zeros((4, 2)))


def test_plot_gradient_norms_draws_one_bar_per_layer():
    fig = backprop.plot_gradient_norms("tanh", 3)
    ax = fig.axes[0]
    visible = [p for p in ax.patches if p.get_visible()]
    assert len(visible) == 4
    assert "tanh, 3 hidden layers" in ax.get_title()


def test_demo_vanishing_gradients_follows_both_controls_and_blits_exactly():
    demo = backprop.demo_vanishing_gradients()
    assert set(demo.controls) == {"activation", "num_hidden_layers"}
    assert demo.controls["num_hidden_layers"].max == 6
    assert cu.widgets.drive(demo, num_hidden_layers=2) == 2
    assert "2 hidden layers" in demo.live_figure.axes.get_title()
    frame = demo.live_figure.image.value
    cu.widgets.drive(demo, activation="relu")
    assert demo.live_figure.image.value != frame
    assert demo.live_figure.axes.get_title().startswith("relu")
    assert sum(p.get_visible() for p in demo.live_figure.axes.patches) == 3
    for change in ({"num_hidden_layers": 6}, {"activation": "tanh"}, {"num_hidden_layers": 1}):
        cu.widgets.drive(demo, **change)
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, change


# --------------------------------------------------------------------------- circle


def test_two_hidden_neurons_fail_on_the_circle_and_three_succeed():
    networks, X, y = backprop.train_circle_networks((2, 3))
    assert X.shape == (200, 2) and np.abs(X).max() <= 1.2
    assert networks[2].accuracy(X, y) < 0.9
    assert networks[3].accuracy(X, y) > 0.95


def test_plot_decision_map_colours_the_networks_output():
    networks, X, y = backprop.train_circle_networks((3,), num_epochs=300)
    fig = backprop.plot_decision_map(networks[3], X, y, resolution=30)
    ax = fig.axes[0]
    grid = cu.nn.decision_grid(networks[3], lim=1.2, resolution=30)
    np.testing.assert_allclose(ax.images[0].get_array(), grid)
    assert len(ax.collections) == 2  # class 1 and class 0
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        backprop.plot_decision_map(cu.nn.Network([3, 2, 1]), X, y)


def test_plot_hidden_neurons_draws_one_line_per_neuron():
    networks, X, y = backprop.train_circle_networks((3,), num_epochs=50)
    fig = backprop.plot_hidden_neurons(networks[3], X, y)
    ax = fig.axes[0]
    assert sum(line.get_visible() for line in ax.lines) == 3
    assert "3 hidden neurons" in ax.get_title()
    with pytest.raises(ValueError, match="one hidden layer"):
        backprop.plot_hidden_neurons(cu.nn.Network([2, 3, 3, 1]), X, y)


def test_demo_hidden_neurons_switches_networks_and_blits_exactly():
    demo = backprop.demo_hidden_neurons(num_epochs=50)
    first = demo.live_figure.image.value
    assert cu.widgets.drive(demo, width=4) == 2
    assert demo.live_figure.image.value != first
    assert "4 hidden neurons" in demo.live_figure.axes.get_title()
    assert sum(line.get_visible() for line in demo.live_figure.axes.lines) == 4
    for width in (1, 3, 6, 2):
        cu.widgets.drive(demo, width=width)
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, width


def test_train_circle_networks_rejects_bad_widths():
    with pytest.raises(ValueError, match="at least 1"):
        backprop.train_circle_networks((0,), num_epochs=1)
    with pytest.raises(TypeError, match="list of whole numbers"):
        backprop.train_circle_networks(3, num_epochs=1)


# --------------------------------------------------------------------------- the XOR claims of 04 and its hints


def _xor_accuracy(width: int, seed: int) -> float:
    X, y = cu.data.make_playground_data("xor", 200, seed=0)
    X_test, y_test = cu.data.make_playground_data("xor", 1000, seed=1)
    net = cu.nn.Network([2, width, 1], activation="tanh", seed=seed)
    net.fit(X / 5, y, num_epochs=1500, learning_rate=1.0)
    return net.accuracy(X_test / 5, y_test)


def test_xor_data_is_class_one_when_exactly_one_coordinate_is_positive():
    X, y = cu.data.make_playground_data("xor", 400, seed=0)
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_hint_claims_two_hidden_neurons_stop_near_87_percent_and_four_solve_xor():
    assert "87 %" in cu.checks.hints("04-3")[1]
    two = [_xor_accuracy(2, seed) for seed in range(3)]
    assert max(two) < 0.9 and max(two) > 0.84
    assert min(_xor_accuracy(4, seed) for seed in range(3)) >= 0.95


# --------------------------------------------------------------------------- exercises


def test_every_exercise_has_three_stepped_hints_that_do_not_give_the_code():
    for key in ("04-1", "04-2", "04-3", "04-4", "04-5"):
        assert len(cu.checks.hints(key)) == 3, key
    everything = " ".join(h for key in ("04-2", "04-4", "04-5") for h in cu.checks.hints(key))
    for answer in ("dA * A * (1 - A)", "np.linalg.norm(g - g_num) /", "A_prev.T @ dZ", "dZ @ W.T"):
        assert answer not in everything


def _one_neuron_dw() -> float:
    a = 1 / (1 + np.exp(-(0.5 * 2.0 - 0.5)))
    return 2 * (a - 1.0) * a * (1 - a) * 2.0


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_one_neuron_dw(), True, "Correct"),
        (round(_one_neuron_dw(), 4), True, "Correct"),
        (2 * (1 / (1 + np.exp(-0.5)) - 1.0), False, 'cu.hint("04-1")'),  # forgot two factors
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


def _placeholder(dA, A):
    return ...  # your code here


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_backward, True, "Correct"),
        (lambda dA, A: dA * A, False, 'cu.hint("04-2")'),
        (_matmul_backward, False, "shape"),
        (0.25, False, "should be a function"),
        (_placeholder, False, "replace the ..."),
    ],
)
def test_exercise_04_2(answer, passed, phrase):
    result = cu.check("04-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_exercise_04_3():
    X, y = cu.data.make_playground_data("xor", 200, seed=0)
    good = cu.nn.Network([2, 4, 1], activation="tanh", seed=0)
    good.fit(X / 5, y, num_epochs=1500, learning_rate=1.0)
    assert cu.check("04-3", good, show=False).passed
    untrained = cu.nn.Network([2, 4, 1], activation="tanh", seed=0)
    result = cu.check("04-3", untrained, show=False)
    assert not result.passed and "needs 95%" in result.message and 'cu.hint("04-3")' in result.message
    result = cu.check("04-3", cu.nn.Network([3, 4, 1]), show=False)
    assert not result.passed and "2 inputs and 1 output" in result.message
    result = cu.check("04-3", "my network", show=False)
    assert not result.passed and "should be a cu.nn.Network" in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (lambda g, n: np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n)), True, "Correct"),
        (lambda g, n: np.linalg.norm(g - n), False, 'cu.hint("04-4")'),
        (lambda g, n: np.abs(g - n) / (np.abs(g) + np.abs(n)), False, "should be a number"),
        ("norm", False, "should be a function"),
    ],
)
def test_exercise_04_4(answer, passed, phrase):
    result = cu.check("04-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _dense_backward(dZ, A_prev, W):
    return dZ @ W.T, A_prev.T @ dZ, dZ.sum(axis=0)


def _dense_placeholder(dZ, A_prev, W):
    dA_prev = ...  # your code here
    dW = ...
    db = ...
    return dA_prev, dW, db


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_dense_backward, True, "Correct"),
        (lambda dZ, A, W: (dZ @ W.T, A.T @ dZ, dZ.mean(axis=0)), False, "db has the right shape but disagrees"),
        (lambda dZ, A, W: (dZ @ W.T, dZ.T @ A, dZ.sum(axis=0)), False, "dW has shape (2, 3)"),
        (lambda dZ, A, W: (dZ @ W.T, A.T @ dZ), False, "three arrays"),
        (lambda dZ, A, W: (dZ @ W, A.T @ dZ, dZ.sum(axis=0)), False, "raised ValueError"),
        (_dense_placeholder, False, "replace each ..."),
        (3, False, "should be a function"),
    ],
)
def test_exercise_04_5_checks_against_finite_differences(answer, passed, phrase):
    result = cu.check("04-5", answer, show=False)
    assert result.passed is passed, result.message
    assert phrase in result.message
    if not passed:
        assert 'cu.hint("04-5")' in result.message


def test_the_04_5_reference_is_the_finite_difference_gradient():
    A_prev, W, b, dZ = backprop._dense_case(45)
    numeric = backprop._dense_numeric(A_prev, W, b, dZ)
    for got, want in zip(_dense_backward(dZ, A_prev, W), numeric.values(), strict=True):
        assert backprop.relative_error(got, want) < 1e-9
