"""cu.neurons: one neuron, the perceptron, layers as matrices (rows are samples); demos and exercises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils import neurons as nr
from course_utils.activations import relu, sigmoid, step
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.path import Path

BLUE, ORANGE = to_rgba("#0877bd"), to_rgba("#f59322")

# --------------------------------------------------------------------------- layer 1: one neuron


def test_weighted_sum_and_neuron_output_by_hand():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    # 1*0.5 + 2*(-1) + 0.25 = -1.25 ; 0*0.5 + (-1)*(-1) + 0.25 = 1.25
    np.testing.assert_allclose(nr.weighted_sum(X, [0.5, -1.0], 0.25), [-1.25, 1.25])
    np.testing.assert_array_equal(nr.neuron_output(X, [0.5, -1.0], 0.25), [0, 1])
    np.testing.assert_allclose(nr.neuron_output(X, [0.5, -1.0], 0.25, "sigmoid"), sigmoid(np.array([-1.25, 1.25])))
    assert nr.weighted_sum([1.0, 1.0], [1.0, 1.0], 0.5) == 2.5  # one sample: one number, like x @ w + b
    assert nr.neuron_output([1.0, 1.0], [1.0, 1.0], -3.0) == 0


def test_neuron_errors_are_sentences():
    with pytest.raises(ValueError, match="must match"):
        nr.weighted_sum([[1.0, 2.0, 3.0]], [1.0, 1.0], 0.0)
    with pytest.raises(TypeError, match="bias"):
        nr.weighted_sum([[1.0, 2.0]], [1.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="Unknown activation 'softplus'"):
        nr.neuron_output([[1.0, 2.0]], [1.0, 1.0], 0.0, "softplus")


def test_decision_line_is_the_piece_of_z_0_inside_the_box():
    for w, b in [((1.0, 2.0), -1.0), ((3.0, 0.0), 1.5), ((0.0, -2.0), 4.0), ((-1.0, 1.0), 0.5), ((0.3, -5.0), 2.0)]:
        xs, ys = nr.decision_line(w, b)
        assert xs.shape == ys.shape == (2,)
        np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-12)
        assert np.all(np.abs(xs) <= 6 + 1e-9) and np.all(np.abs(ys) <= 6 + 1e-9)
        assert np.hypot(*np.diff(np.c_[xs, ys], axis=0)[0]) > 1  # a real segment, not a point
    xs, ys = nr.decision_line((1.0, 1.0), 0.0, (-1.0, 1.0), (-2.0, 2.0))  # the diagonal of a box
    np.testing.assert_allclose(sorted(xs), [-1.0, 1.0])
    for no_line in [((0.0, 0.0), 1.0), ((1.0, 1.0), -100.0)]:  # no weights; a line far outside the box
        xs, ys = nr.decision_line(*no_line)
        assert xs.shape == ys.shape == (0,)
    with pytest.raises(ValueError, match="two weights"):
        nr.decision_line((1.0, 2.0, 3.0), 0.0)
    with pytest.raises(ValueError, match="low < high"):
        nr.decision_line((1.0, 2.0), 0.0, (3.0, -3.0))


def test_decision_line_of_each_neuron_of_a_layer():
    # the use in other lessons: one line per hidden neuron, from a column of W (n_in=2, n_out)
    W = np.array([[1.0, -0.5, 0.0], [2.0, 1.0, 1.0]])
    b = np.array([0.5, -1.0, 0.2])
    for j in range(W.shape[1]):
        xs, ys = nr.decision_line(W[:, j], b[j], (-1.2, 1.2))
        np.testing.assert_allclose(np.c_[xs, ys] @ W[:, j] + b[j], 0.0, atol=1e-12)


def test_half_plane_polygon_is_where_the_neuron_says_one():
    box = (-1.0, 2.0)
    rng = np.random.default_rng(1)
    inside = rng.uniform(-1, 2, (400, 2))
    for w, b in [((1.0, 1.0), -1.5), ((-1.0, 0.0), 0.5), ((0.0, 2.0), -1.0), ((1.0, -2.0), 0.3)]:
        corners = nr.half_plane_polygon(w, b, box, box)
        path = Path(np.vstack([corners, corners[:1]]))
        says_one = nr.neuron_output(inside, w, b) == 1
        in_polygon = path.contains_points(inside, radius=1e-9)
        margin = np.abs(nr.weighted_sum(inside, w, b)) > 1e-6
        np.testing.assert_array_equal(in_polygon[margin], says_one[margin])
    assert nr.half_plane_polygon((1.0, 1.0), -10.0, box, box).shape == (0, 2)
    assert len(nr.half_plane_polygon((0.0, 0.0), 1.0, box)) == 4  # the whole box


# --------------------------------------------------------------------------- layer 1: the perceptron


def test_logic_gates_truth_tables_and_xor_is_exactly_one_input():
    X, y = nr.logic_gate("and")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 0, 0, 1])
    X, y = nr.logic_gate("XOR")
    np.testing.assert_array_equal(y, X.sum(axis=1) == 1)  # docs/notation.md: exactly one input is 1
    np.testing.assert_array_equal(nr.logic_gate("NOR")[1], X.sum(axis=1) == 0)
    with pytest.raises(ValueError, match="should be one of"):
        nr.logic_gate("XNOR")


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_perceptron_learns_separable_gates(gate):
    X, y = nr.logic_gate(gate)
    run = nr.train_perceptron(X, y, max_epochs=50)
    assert run.converged and run.epoch_errors[-1] == 0 and run.cycle is None
    w, b = run.weights_at(len(run.steps))
    np.testing.assert_array_equal(nr.neuron_output(X, w, b), y)


def test_perceptron_rule_updates_only_on_mistakes():
    X, y = nr.logic_gate("AND")
    run = nr.train_perceptron(X, y, learning_rate=0.5, max_epochs=30)
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
    X, y = nr.logic_gate("XOR")
    run = nr.train_perceptron(X, y, max_epochs=200)
    assert not run.converged and len(run.epoch_errors) == 200
    assert min(run.epoch_errors) >= 1
    i, j = run.cycle
    assert i < j
    # the starting weights of epochs i and j are equal: the rule repeats itself
    np.testing.assert_allclose(run.weights_at(4 * i)[0], run.weights_at(4 * j)[0])


def test_weights_at_clamps_and_starts_from_w0():
    run = nr.train_perceptron(*nr.logic_gate("OR"), w0=[0.5, -0.5], b0=0.2)
    np.testing.assert_allclose(run.weights_at(0)[0], [0.5, -0.5])
    assert run.weights_at(10_000)[1] == run.steps[-1].b
    with pytest.raises(ValueError, match="at least 0"):
        run.weights_at(-1)


def test_train_perceptron_rejects_bad_input():
    X, y = nr.logic_gate("AND")
    with pytest.raises(ValueError, match="labels 0 to 1"):
        nr.train_perceptron(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="learning_rate"):
        nr.train_perceptron(X, y, learning_rate=0)
    with pytest.raises(ValueError, match=r"w0 .* shape \(2,\)"):
        nr.train_perceptron(X, y, w0=[0, 0, 0])
    with pytest.raises(ValueError, match="every sample"):
        nr.train_perceptron(X, [0, 1])


def test_no_line_gets_all_four_xor_points_right():
    assert nr.best_line_accuracy(*nr.logic_gate("XOR")) == 3
    assert nr.best_line_accuracy(*nr.logic_gate("AND")) == 4
    assert nr.best_line_accuracy(*nr.logic_gate("XOR"), np.arange(-5, 5.0001, 0.1)) == 3  # full mode's grid
    with pytest.raises(ValueError, match="every sample"):
        nr.best_line_accuracy(nr.logic_gate("AND")[0], [0, 1])


def test_two_layer_network_computes_xor():
    net = nr.xor_network()
    assert net["W1"].shape == (2, 2) and net["b1"].shape == (2,) and net["W2"].shape == (2, 1)
    X, y = nr.logic_gate("XOR")
    A0, A1, A2 = nr.network_forward(X, [(net["W1"], net["b1"]), (net["W2"], net["b2"])], "step")
    assert A1.shape == (4, 2) and A2.shape == (4, 1)  # rows are samples
    np.testing.assert_array_equal(A2[:, 0], y)
    np.testing.assert_array_equal(A1[:, 0], nr.logic_gate("OR")[1])
    np.testing.assert_array_equal(A1[:, 1], nr.logic_gate("NAND")[1])


# --------------------------------------------------------------------------- layer 1: layers as matrices


def test_weights_are_n_in_by_n_out_and_w_ij_goes_from_input_i_to_neuron_j():
    net = nr.example_network()
    assert net["A0"].shape == (1, 3)
    assert net["W1"].shape == (3, 4) and net["b1"].shape == (4,)
    assert net["W2"].shape == (4, 2) and net["b2"].shape == (2,)
    A1 = nr.layer_forward(net["A0"], net["W1"], net["b1"])
    j = 2  # hidden neuron 2 reads column 2 of W1: the weights from every input i into it
    by_hand = sigmoid(sum(net["A0"][0, i] * net["W1"][i, j] for i in range(3)) + net["b1"][j])
    assert A1.shape == (1, 4) and A1[0, j] == pytest.approx(by_hand)


def test_layer_matrix_form_equals_neuron_by_neuron():
    net = nr.example_network()
    X = np.random.default_rng(0).normal(size=(5, 3))
    for activation in ("sigmoid", "relu", "tanh", "step", "leaky_relu", "linear"):
        np.testing.assert_allclose(nr.layer_forward(X, net["W1"], net["b1"], activation),
                                   nr.layer_forward_by_neuron(X, net["W1"], net["b1"], activation))
    one = nr.layer_forward(X[0], net["W1"], net["b1"])
    assert one.shape == (4,) and nr.layer_forward_by_neuron(X[0], net["W1"], net["b1"]).shape == (4,)
    np.testing.assert_allclose(one, nr.layer_forward(X, net["W1"], net["b1"])[0])


def test_the_layer_is_keras_dense_and_the_club_course_form_is_its_transpose():
    net = nr.example_network()
    X = np.random.default_rng(1).normal(size=(6, 3))
    ours = nr.layer_forward(X, net["W1"], net["b1"], "relu")
    np.testing.assert_allclose(ours, relu(X @ net["W1"] + net["b1"]))  # Dense: inputs @ kernel + bias
    club = relu(net["W1"].T @ X.T + net["b1"][:, None])  # (n_out, n_in) @ one sample per column
    np.testing.assert_allclose(ours, club.T)


def test_layer_forward_explains_shape_mismatches():
    W = np.ones((3, 4))
    with pytest.raises(ValueError, match="W has 3 rows, one per input"):
        nr.layer_forward(np.ones((1, 2)), W, np.zeros(4))
    with pytest.raises(ValueError, match=r"b should have shape \(4,\)"):
        nr.layer_forward(np.ones((1, 3)), W, np.zeros(3))
    with pytest.raises(ValueError, match="W has 3 rows"):
        nr.layer_forward(np.ones((3, 1)), W, np.zeros(4))  # one sample per column is refused


def test_network_forward_returns_every_layer():
    net = nr.example_network()
    A = nr.network_forward(net["A0"], [(net["W1"], net["b1"]), (net["W2"], net["b2"])])
    assert [a.shape for a in A] == [(1, 3), (1, 4), (1, 2)]
    np.testing.assert_allclose(A[2], sigmoid(A[1] @ net["W2"] + net["b2"]))
    with pytest.raises(TypeError, match=r"list of \(W, b\) pairs"):
        nr.network_forward(net["A0"], [net["W1"]])
    with pytest.raises(ValueError, match="empty"):
        nr.network_forward(net["A0"], [])


# --------------------------------------------------------------------------- layer 2: figures


def test_plot_neuron_counts_points_on_the_right_side_in_the_course_colours():
    fig = nr.plot_neuron(1.0, 1.0, 0.0)
    assert isinstance(fig, Figure)
    X, y = cu.data.make_playground_data("gaussian", 60, 0.15, seed=2)
    right = int((nr.neuron_output(X, [1.0, 1.0], 0.0) == y).sum())
    assert f"{right}/60 on the right side" in fig.axes[0].get_title()
    ones, zeros, circled = fig.axes[0].collections[:3]
    assert len(circled.get_offsets()) == 60 - right
    assert tuple(ones.get_facecolor()[0]) == BLUE and tuple(zeros.get_facecolor()[0]) == ORANGE


def test_plot_neuron_bands_follow_the_sigmoid_levels_blue_high_orange_low():
    fig = nr.plot_neuron(0.8, -0.4, 1.0)
    bands = [p for p in fig.axes[0].patches if len(p.get_xy()) > 3][:6]
    levels = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]
    for k, band in enumerate(bands):
        corners = band.get_xy()[:-1]
        inside = corners.mean(axis=0)  # a convex polygon contains its corners' mean
        s = float(nr.neuron_output(inside, [0.8, -0.4], 1.0, "sigmoid"))
        assert levels[k] <= s <= levels[k + 1]
    low, high = bands[0].get_facecolor(), bands[-1].get_facecolor()
    assert low[0] > low[2] and high[2] > high[0]  # orange (more red than blue) near 0, blue near 1


def test_plot_perceptron_step_marks_the_visited_point():
    run = nr.train_perceptron(*nr.logic_gate("OR"), max_epochs=6)
    fig = nr.plot_perceptron_step("OR", 1)
    ax = fig.axes[0]
    assert "OR, step 1" in ax.get_title()
    ones, zeros, visited = ax.collections[:3]
    np.testing.assert_allclose(visited.get_offsets()[0], run.steps[0].x)
    np.testing.assert_allclose(ones.get_offsets(), [[0, 1], [1, 0], [1, 1]])  # OR's targets 1: blue circles
    np.testing.assert_allclose(zeros.get_offsets(), [[0, 0]])
    assert tuple(ones.get_facecolor()[0]) == BLUE and tuple(zeros.get_facecolor()[0]) == ORANGE
    expected = "WRONG -> update" if run.steps[0].updated else "right -> no change"
    assert expected in ax.texts[-1].get_text()
    assert "converged" in nr.plot_perceptron_step("OR", 999).axes[0].get_title()
    with pytest.raises(ValueError, match="should be one of"):
        nr.plot_perceptron_step("NOT")


def test_plot_network_shows_every_value_and_weights_blue_positive_orange_negative():
    fig = nr.plot_network((0.0, 1.0, 2.0))
    net = nr.example_network()
    A = nr.network_forward([[0.0, 1.0, 2.0]], [(net["W1"], net["b1"]), (net["W2"], net["b2"])])
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.texts[:9]]
    assert shown == [f"{v:.2f}" for v in np.concatenate([a.ravel() for a in A])]
    edges = ax.collections[0]
    weights = np.asarray(edges.get_array())
    np.testing.assert_allclose(weights[:12], net["W1"].ravel())  # W1[i, j] row by row: input i -> neuron j
    colours = edges.to_rgba(weights)
    strongest_negative, strongest_positive = colours[np.argmin(weights)], colours[np.argmax(weights)]
    np.testing.assert_allclose(strongest_negative, ORANGE, atol=0.02)  # -2.4, the largest size
    red, green, blue = strongest_positive[:3]  # 1.8: three quarters of the way to full blue
    assert blue > green > red
    with pytest.raises(ValueError, match="3 inputs"):
        nr.plot_network((1.0, 2.0))


# --------------------------------------------------------------------------- layer 3: widgets


def _assert_blit_is_exact(demo):
    assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0


def test_demo_neuron_sliders_move_the_line_and_the_count():
    demo = nr.demo_neuron()
    line = demo.live_figure.axes.lines[0]
    before = np.array(line.get_xydata())
    first = bytes(demo.live_figure.image.value)
    assert cu.widgets.drive(demo, b=-2.0) == 2
    assert not np.allclose(line.get_xydata(), before)
    assert bytes(demo.live_figure.image.value) != first
    cu.widgets.drive(demo, w1=1.0, w2=1.0, b=0.0)
    assert nr.plot_neuron(1.0, 1.0, 0.0).axes[0].get_title() in demo.readout.value
    assert "60/60 on the right side" in demo.readout.value
    assert demo.live_figure.frames_sent == 4  # w1 was already 1.0: setting it again sends nothing


def test_demo_neuron_blitted_frames_equal_full_redraws(style):
    demo = nr.demo_neuron()
    for name, value in [("w1", 0.5), ("w2", 1.0), ("b", -1.0), ("w1", 0.0), ("w2", 0.0), ("b", 5.5)]:
        cu.widgets.drive(demo, **{name: value})
        _assert_blit_is_exact(demo)


def test_demo_perceptron_steps_through_the_run():
    demo = nr.demo_perceptron()
    ax = demo.live_figure.axes
    cu.widgets.drive(demo, step=5)
    run = nr.train_perceptron(*nr.logic_gate("AND"), max_epochs=6)
    w, b = run.weights_at(5)
    readout = demo.readout.value
    assert f"w = ({w[0]:+.0f}, {w[1]:+.0f}), b = {b:+.0f}" in readout
    step_ = run.steps[4]
    assert f"point ({step_.x[0]:.0f},{step_.x[1]:.0f}): target {step_.target}, said {step_.predicted}" in readout
    assert ("WRONG -&gt; update" in readout) is step_.updated
    cu.widgets.drive(demo, gate="XOR", step=24)
    assert "XOR, step 24/24: still making mistakes" in demo.readout.value
    ones, zeros = ax.collections[:2]
    np.testing.assert_allclose(ones.get_offsets(), [[0, 1], [1, 0]])  # XOR: exactly one input is 1
    np.testing.assert_allclose(zeros.get_offsets(), [[0, 0], [1, 1]])
    cu.widgets.drive(demo, gate="OR")
    assert "converged" in demo.readout.value  # OR needs fewer than 24 steps
    assert demo.live_figure.frames_sent == 5


def test_demo_perceptron_blitted_frames_equal_full_redraws(style):
    demo = nr.demo_perceptron()
    for name, value in [("step", 3), ("step", 10), ("gate", "OR"), ("step", 0), ("gate", "XOR"),
                        ("step", 24), ("gate", "AND")]:
        cu.widgets.drive(demo, **{name: value})
        _assert_blit_is_exact(demo)


def test_demo_perceptron_switching_gates_back_and_forth_gives_the_right_frames():
    demo = nr.demo_perceptron()
    cu.widgets.drive(demo, step=7)
    and_frame = bytes(demo.live_figure.image.value)
    cu.widgets.drive(demo, gate="XOR")
    cu.widgets.drive(demo, gate="AND")  # its background comes from the cache
    assert bytes(demo.live_figure.image.value) == and_frame
    cu.widgets.drive(demo, gate="XOR")
    fresh = nr.demo_perceptron()  # a demo that never switched
    cu.widgets.drive(fresh, step=7, gate="XOR")
    assert bytes(demo.live_figure.image.value) == bytes(fresh.live_figure.image.value)


def test_demo_network_inputs_change_the_outputs():
    demo = nr.demo_network()
    before = demo.readout.value
    nodes = demo.live_figure.axes.collections[1]
    cu.widgets.drive(demo, x0=-2.0)
    assert demo.readout.value != before and np.asarray(nodes.get_array())[0] == -2.0
    assert "shape (1, 4)" in demo.readout.value and "shape (1, 3)" in demo.readout.value
    cu.widgets.drive(demo, x0=0.0, x1=1.0, x2=2.0)
    net = nr.example_network()
    A = nr.network_forward([[0.0, 1.0, 2.0]], [(net["W1"], net["b1"]), (net["W2"], net["b2"])])
    np.testing.assert_allclose(np.asarray(nodes.get_array()), np.concatenate([a.ravel() for a in A]))
    assert f"{A[2][0, 0]:.3f}" in demo.readout.value


def test_demo_network_blitted_frames_equal_full_redraws(style):
    demo = nr.demo_network()
    for name, value in [("x0", 0.3), ("x0", -2.0), ("x1", 1.5), ("x2", 2.0), ("x2", -2.0)]:
        cu.widgets.drive(demo, **{name: value})
        _assert_blit_is_exact(demo)


# --------------------------------------------------------------------------- exercises


def _perceptron(inputs, weights, bias):
    return 1 if np.sum(inputs * weights) + bias >= 0 else 0


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_perceptron, True, "right result"),
        (lambda inputs, weights, bias: 1 if np.sum(inputs * weights) + bias > 0 else 0, False, 'cu.hint("02-1")'),
        (lambda inputs, weights: int(np.sum(inputs)), False, "TypeError"),
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
        ((-1.0, -1.0, 0.5), True, "right shape"),
        ([-2, -3, 1], True, "right shape"),
        (np.array([-1.0, -1.0, 0.5]), True, "right shape"),
        ((-1.0, -1.0, 1.5), False, 'cu.hint("02-2")'),  # NAND, the hidden neuron of the XOR network
        ((1.0, 1.0, -1.5), False, 'cu.hint("02-2")'),
        ((1.0, 1.0), False, "three numbers"),
        ("-1, -1, 1.5", False, "three numbers"),
        (None, False, "three numbers"),
        ((np.nan, 1.0, 1.0), False, "three numbers"),
    ],
)
def test_exercise_02_2(answer, passed, phrase):
    result = cu.check("02-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _a2_for(a0):
    net = nr.example_network()
    A1 = sigmoid(a0 @ net["W1"] + net["b1"])
    return sigmoid(A1 @ net["W2"] + net["b2"])


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_a2_for(np.array([[0.0, 1.0, 2.0]])), True, "right shape"),
        (_a2_for(np.array([[1.0, 0.5, -1.0]])), False, 'cu.hint("02-3")'),
        (_a2_for(np.array([[0.0, 1.0, 2.0]])).T, False, "shape"),  # a column, the club course's layout
        ("A2", False, "should be an array"),
    ],
)
def test_exercise_02_3(answer, passed, phrase):
    result = cu.check("02-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _dense(X, W, b, activation):
    return activation(X @ W + b)


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_dense, True, "right result"),
        (lambda X, W, b, activation: X @ W + b, False, 'cu.hint("02-6")'),  # forgot the activation
        (lambda X, W, b, activation: activation(W @ X + b), False, "raised ValueError"),  # columns as samples
        (lambda X, W, b, activation: activation(X @ W.T + b) if W.shape[0] == W.shape[1] else _dense(X, W, b, activation),
         False, "differ"),  # the square XOR layer catches the wrong orientation
        (lambda X, W, b, activation: ..., False, "replace the ..."),
        (3, False, "should be a function"),
    ],
)
def test_exercise_02_6_dense_layer(answer, passed, phrase):
    result = cu.check("02-6", answer, show=False)
    assert result.passed is passed, result.message
    assert phrase in result.message


@pytest.mark.parametrize("key", ["02-1", "02-2", "02-3", "02-6"])
def test_hints_come_in_steps_and_never_hand_over_the_code(key):
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(set(hints)) == 3
    for text in hints:
        assert "@" not in text and "return 1 if" not in text and "-1.5" not in text


def test_every_exercise_of_notebook_02_has_a_check():
    keys = [k for k in cu.checks.exercise_keys() if k.startswith("02-")]
    assert keys == ["02-1", "02-2", "02-3", "02-4", "02-5", "02-6"]


def test_the_step_function_is_the_one_from_activations():
    assert nr.neuron_output([0.0], [1.0], 0.0) == step(0.0) == 1
