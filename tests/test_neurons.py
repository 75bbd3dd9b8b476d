"""Notebook 02: neurons, the perceptron, layers as matrices; their demos and exercises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.path import Path

# --------------------------------------------------------------------------- layer 1: one neuron


def test_weighted_sum_and_neuron_output_by_hand():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    # 1*0.5 + 2*(-1) + 0.25 = -1.25 ; 0*0.5 + (-1)*(-1) + 0.25 = 1.25
    np.testing.assert_allclose(cu.weighted_sum(X, [0.5, -1.0], 0.25), [-1.25, 1.25])
    np.testing.assert_array_equal(cu.neuron_output(X, [0.5, -1.0], 0.25), [0, 1])
    np.testing.assert_allclose(cu.neuron_output(X, [0.5, -1.0], 0.25, "sigmoid"),
                               cu.sigmoid(np.array([-1.25, 1.25])))
    assert cu.weighted_sum([1.0, 1.0], [1.0, 1.0], 0.0).shape == (1,)


def test_neuron_errors_are_sentences():
    with pytest.raises(ValueError, match="must match"):
        cu.weighted_sum([[1.0, 2.0, 3.0]], [1.0, 1.0], 0.0)
    with pytest.raises(TypeError, match="bias b must be one number"):
        cu.weighted_sum([[1.0, 2.0]], [1.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="Unknown activation"):
        cu.neuron_output([[1.0, 2.0]], [1.0, 1.0], 0.0, "softplus")


def test_decision_line_points_lie_on_the_line():
    for w, b in [((1.0, 2.0), -1.0), ((3.0, 0.0), 1.5), ((0.0, -2.0), 4.0), ((-1.0, 1.0), 0.5)]:
        xs, ys = cu.decision_line(w, b)
        np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-12)
    assert cu.decision_line((0.0, 0.0), 1.0) is None
    with pytest.raises(ValueError, match="exactly two weights"):
        cu.decision_line((1.0, 2.0, 3.0), 0.0)


def test_half_plane_polygon_is_where_the_neuron_says_one():
    box = (-1.0, 2.0)
    rng = np.random.default_rng(1)
    inside = rng.uniform(-1, 2, (400, 2))
    for w, b in [((1.0, 1.0), -1.5), ((-1.0, 0.0), 0.5), ((0.0, 2.0), -1.0), ((1.0, -2.0), 0.3)]:
        corners = cu.half_plane_polygon(w, b, box, box)
        path = Path(np.vstack([corners, corners[:1]]))
        says_one = cu.neuron_output(inside, w, b) == 1
        in_polygon = path.contains_points(inside, radius=1e-9)
        margin = np.abs(cu.weighted_sum(inside, w, b)) > 1e-6
        np.testing.assert_array_equal(in_polygon[margin], says_one[margin])
    assert cu.half_plane_polygon((1.0, 1.0), -10.0, box, box).shape == (0, 2)
    assert len(cu.half_plane_polygon((0.0, 0.0), 1.0, box, box)) == 4  # the whole box


# --------------------------------------------------------------------------- layer 1: the perceptron


def test_logic_gates_truth_tables():
    X, y = cu.logic_gate("and")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 0, 0, 1])
    np.testing.assert_array_equal(cu.logic_gate("XOR")[1], [0, 1, 1, 0])
    with pytest.raises(ValueError, match="Unknown gate"):
        cu.logic_gate("NOR")


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_perceptron_learns_separable_gates(gate):
    X, y = cu.logic_gate(gate)
    run = cu.train_perceptron(X, y, max_epochs=50)
    assert run.converged and run.epoch_errors[-1] == 0 and run.cycle is None
    w, b = run.weights_at(len(run.steps))
    np.testing.assert_array_equal(cu.neuron_output(X, w, b), y)


def test_perceptron_rule_updates_only_on_mistakes():
    X, y = cu.logic_gate("AND")
    run = cu.train_perceptron(X, y, learning_rate=0.5, max_epochs=30)
    w, b = run.w0, run.b0
    for s in run.steps:
        change = 0.5 * (s.target - s.predicted)
        np.testing.assert_allclose(s.w, w + change * s.x)
        assert s.b == pytest.approx(b + change)
        assert s.updated is (s.predicted != s.target)
        assert s.predicted == int(s.x @ w + b >= 0)
        w, b = s.w, s.b
    assert sum(run.epoch_errors) == sum(s.updated for s in run.steps)


def test_perceptron_never_converges_on_xor_and_finds_its_cycle():
    X, y = cu.logic_gate("XOR")
    run = cu.train_perceptron(X, y, max_epochs=200)
    assert not run.converged and len(run.epoch_errors) == 200
    assert min(run.epoch_errors) >= 1
    i, j = run.cycle
    assert i < j
    # the starting weights of epochs i and j are equal: the rule repeats itself
    np.testing.assert_allclose(run.weights_at(4 * i)[0], run.weights_at(4 * j)[0])


def test_weights_at_clamps_and_starts_from_w0():
    run = cu.train_perceptron(*cu.logic_gate("OR"), w0=[0.5, -0.5], b0=0.2)
    np.testing.assert_allclose(run.weights_at(0)[0], [0.5, -0.5])
    assert run.weights_at(10_000)[1] == run.steps[-1].b


def test_train_perceptron_rejects_bad_input():
    X, y = cu.logic_gate("AND")
    with pytest.raises(ValueError, match="0 or 1"):
        cu.train_perceptron(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="learning_rate"):
        cu.train_perceptron(X, y, learning_rate=0)
    with pytest.raises(ValueError, match="w0 has 3 weights"):
        cu.train_perceptron(X, y, w0=[0, 0, 0])


def test_no_line_gets_all_four_xor_points_right():
    assert cu.best_line_accuracy(*cu.logic_gate("XOR")) == 3
    assert cu.best_line_accuracy(*cu.logic_gate("AND")) == 4
    with pytest.raises(ValueError, match="one label per row"):
        cu.best_line_accuracy(cu.logic_gate("AND")[0], [0, 1])


def test_two_layer_network_computes_xor():
    net = cu.xor_network()
    X, y = cu.logic_gate("XOR")
    A0, A1, A2 = cu.network_forward(X.T, [(net["W1"], net["B1"]), (net["W2"], net["B2"])], "step")
    np.testing.assert_array_equal(A2.ravel(), y)
    np.testing.assert_array_equal(A1[0], cu.logic_gate("OR")[1])
    np.testing.assert_array_equal(A1[1], cu.logic_gate("NAND")[1])


# --------------------------------------------------------------------------- layer 1: layers as matrices


def test_layer_matrix_form_equals_neuron_by_neuron():
    net = cu.source_network()
    assert net["W1"].shape == (4, 3) and net["B1"].shape == (4, 1)
    assert net["W2"].shape == (2, 4) and net["B2"].shape == (2, 1)
    rng = np.random.default_rng(0)
    A0 = rng.normal(size=(3, 5))
    for activation in ("sigmoid", "relu", "tanh", "step"):
        np.testing.assert_allclose(cu.layer_forward(A0, net["W1"], net["B1"], activation),
                                   cu.layer_forward_by_neuron(A0, net["W1"], net["B1"], activation))
    A1 = cu.layer_forward(net["A0"], net["W1"], net["B1"])
    by_hand = cu.sigmoid(net["W1"][2] @ net["A0"][:, 0] + net["B1"][2, 0])
    assert A1.shape == (4, 1) and A1[2, 0] == pytest.approx(by_hand)


def test_layer_forward_explains_shape_mismatches():
    W = np.ones((4, 3))
    with pytest.raises(ValueError, match="A needs 3 rows"):
        cu.layer_forward(np.ones((2, 1)), W, np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"B must have shape \(4, 1\)"):
        cu.layer_forward(np.ones((3, 1)), W, np.zeros((3, 1)))
    assert cu.layer_forward(np.ones(3), W, np.zeros(4)).shape == (4, 1)


def test_network_forward_returns_every_layer():
    net = cu.source_network()
    A = cu.network_forward(net["A0"], [(net["W1"], net["B1"]), (net["W2"], net["B2"])])
    assert [a.shape for a in A] == [(3, 1), (4, 1), (2, 1)]
    np.testing.assert_allclose(A[2], cu.sigmoid(net["W2"] @ A[1] + net["B2"]))


# --------------------------------------------------------------------------- layer 2: figures


def test_plot_neuron_counts_points_on_the_right_side():
    fig = cu.plot_neuron(1.0, 1.0, 0.0)
    assert isinstance(fig, Figure)
    X, y = cu.make_playground_data("gaussian", 60, 0.15, seed=2)
    right = int((cu.neuron_output(X, [1.0, 1.0], 0.0) == y).sum())
    assert f"{right}/60 on the right side" in fig.axes[0].get_title()
    circled = fig.axes[0].collections[2].get_offsets()
    assert len(circled) == 60 - right


def test_plot_neuron_bands_follow_the_sigmoid_levels():
    fig = cu.plot_neuron(0.8, -0.4, 1.0)
    bands = [p for p in fig.axes[0].patches if len(p.get_xy()) > 3][:6]
    levels = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]
    for k, band in enumerate(bands):
        corners = band.get_xy()[:-1]
        inside = corners.mean(axis=0)  # a convex polygon contains its corners' mean
        s = float(cu.neuron_output(inside, [0.8, -0.4], 1.0, "sigmoid")[0])
        assert levels[k] <= s <= levels[k + 1]


def test_plot_perceptron_step_marks_the_visited_point():
    run = cu.train_perceptron(*cu.logic_gate("OR"), max_epochs=6)
    fig = cu.plot_perceptron_step("OR", 1)
    ax = fig.axes[0]
    assert "OR, step 1" in ax.get_title()
    np.testing.assert_allclose(ax.collections[1].get_offsets()[0], run.steps[0].x)
    expected = "WRONG -> update" if run.steps[0].updated else "right -> no change"
    assert expected in ax.texts[-1].get_text()
    assert "converged" in cu.plot_perceptron_step("OR", 999).axes[0].get_title()
    with pytest.raises(ValueError, match="Unknown gate"):
        cu.plot_perceptron_step("NOT")


def test_plot_network_shows_every_activation():
    fig = cu.plot_network((0.0, 1.0, 2.0))
    net = cu.source_network()
    A = cu.network_forward([0.0, 1.0, 2.0], [(net["W1"], net["B1"]), (net["W2"], net["B2"])])
    shown = [t.get_text() for t in fig.axes[0].texts[:9]]
    assert shown == [f"{v:.2f}" for v in np.concatenate([a.ravel() for a in A])]
    with pytest.raises(ValueError, match="3 inputs"):
        cu.plot_network((1.0, 2.0))


# --------------------------------------------------------------------------- layer 3: widgets


def test_demo_neuron_sliders_move_the_line_and_the_count():
    demo = cu.demo_neuron()
    line = demo.live_figure.axes.lines[0]
    before = np.array(line.get_xydata())
    first = bytes(demo.live_figure.image.value)
    assert cu.drive(demo, b=-2.0) == 2
    assert not np.allclose(line.get_xydata(), before)
    assert bytes(demo.live_figure.image.value) != first
    cu.drive(demo, w1=1.0, w2=1.0, b=0.0)
    assert demo.live_figure.axes.get_title() == cu.plot_neuron(1.0, 1.0, 0.0).axes[0].get_title()
    assert demo.live_figure.frames_sent == 4  # w1 was already 1.0: setting it again sends nothing


def test_demo_perceptron_steps_through_the_run():
    demo = cu.demo_perceptron()
    ax = demo.live_figure.axes
    cu.drive(demo, step=5)
    run = cu.train_perceptron(*cu.logic_gate("AND"), max_epochs=6)
    w, b = run.weights_at(5)
    readout = demo.children[-2].value
    assert f"w = ({w[0]:+.0f}, {w[1]:+.0f}), b = {b:+.0f}" in readout
    step = run.steps[4]
    assert f"point ({step.x[0]:.0f},{step.x[1]:.0f}): target {step.target}, said {step.predicted}" in readout
    assert ("WRONG -&gt; update" in readout) is step.updated
    cu.drive(demo, gate="XOR", step=24)
    assert "XOR, step 24/24: still making mistakes" in ax.get_title()
    assert [t.get_text() for t in ax.texts[:4]] == ["y=0", "y=1", "y=1", "y=0"]
    cu.drive(demo, gate="OR")
    assert "converged" in ax.get_title()  # OR needs fewer than 24 steps
    assert demo.live_figure.frames_sent == 5


def test_demo_perceptron_switching_gates_back_and_forth_gives_the_right_frames():
    demo = cu.demo_perceptron()
    cu.drive(demo, step=7)
    and_frame = bytes(demo.live_figure.image.value)
    cu.drive(demo, gate="XOR")
    cu.drive(demo, gate="AND")  # its background comes from the cache
    assert bytes(demo.live_figure.image.value) == and_frame
    cu.drive(demo, gate="XOR")
    fresh = cu.demo_perceptron()  # a demo that never switched
    cu.drive(fresh, step=7, gate="XOR")
    assert bytes(demo.live_figure.image.value) == bytes(fresh.live_figure.image.value)


def test_demo_network_inputs_change_the_outputs():
    demo = cu.demo_network()
    before = demo.live_figure.axes.get_title()
    cu.drive(demo, a0_0=-2.0)
    assert demo.live_figure.axes.get_title() != before
    readout = demo.children[-2]
    assert "shape (4, 1)" in readout.value
    cu.drive(demo, a0_0=0.0, a0_1=1.0, a0_2=2.0)
    assert demo.live_figure.axes.get_title() == cu.plot_network((0.0, 1.0, 2.0)).axes[0].get_title()


# --------------------------------------------------------------------------- exercises


def _perceptron(inputs, weights, bias):
    return 1 if np.sum(inputs * weights) + bias >= 0 else 0


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_perceptron, True, "Correct"),
        (lambda inputs, weights, bias: 1 if np.sum(inputs * weights) + bias > 0.5 else 0, False, "Hint"),
        (lambda inputs, weights: 0, False, "TypeError"),
        ("perceptron", False, "should be a function"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_02_1(answer, passed, phrase):
    result = cu.check("02-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ((-1.0, -1.0, 1.5), True, "Correct"),
        ([-2, -2, 3], True, "Correct"),
        (np.array([-1.0, -1.0, 1.5]), True, "Correct"),
        ((1.0, 1.0, -1.5), False, "Hint"),
        ((1.0, 1.0), False, "three numbers"),
        ("-1, -1, 1.5", False, "three numbers"),
        (None, False, "three numbers"),
    ],
)
def test_exercise_02_2(answer, passed, phrase):
    result = cu.check("02-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _a2_for(a0):
    net = cu.source_network()
    A1 = cu.sigmoid(net["W1"] @ a0 + net["B1"])
    return cu.sigmoid(net["W2"] @ A1 + net["B2"])


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_a2_for(np.array([[0.0], [1.0], [2.0]])), True, "Correct"),
        (_a2_for(np.array([[1.0], [0.5], [-1.0]])), False, "Hint"),
        (_a2_for(np.array([[0.0], [1.0], [2.0]])).ravel(), False, "shape"),
        ("A2", False, "should be an array"),
    ],
)
def test_exercise_02_3(answer, passed, phrase):
    result = cu.check("02-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
