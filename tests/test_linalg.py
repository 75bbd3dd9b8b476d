"""Notebook 01, matrices: numbers, static plots, the two demos, exercises 01-1 to 01-3 and 01-7."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

A_EX = [[1, 2], [3, 4]]
B_EX = [[5, 6], [7, 8]]
BLUE, ORANGE = "#0877bd", "#f59322"


# --------------------------------------------------------------------------- layer 1: numbers


def test_elements_and_order_follow_the_worked_examples():
    A = [[7, 1], [2, 2]]
    assert [cu.linalg.matrix_element(A, i, j) for i in (1, 2) for j in (1, 2)] == [7, 1, 2, 2]
    assert cu.linalg.matrix_order([[7, 1, 1], [2, 2, 4]]) == (2, 3)
    assert cu.linalg.order_text([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == "3x3"


def test_matrix_element_counts_from_one_and_explains_zero():
    with pytest.raises(ValueError, match="numbered 1 to 2"):
        cu.linalg.matrix_element([[7, 1], [2, 2]], 0, 1)
    with pytest.raises(TypeError, match="whole number"):
        cu.linalg.matrix_element([[7, 1], [2, 2]], 1.5, 1)


def test_add_subtract_scale_match_the_worked_examples():
    np.testing.assert_array_equal(cu.linalg.matrix_add([[4, 8], [7, 6]], [[3, -7], [-5, -4]]), [[7, 1], [2, 2]])
    np.testing.assert_array_equal(cu.linalg.matrix_subtract([[4, 8], [7, 6]], [[-3, 7], [5, 4]]), [[7, 1], [2, 2]])
    np.testing.assert_array_equal(cu.linalg.scalar_multiply(4, [[8, 7], [6, 3]]), [[32, 28], [24, 12]])


def test_add_needs_the_same_order():
    with pytest.raises(ValueError, match="same order can be added: A is 2x2 and B is 2x3"):
        cu.linalg.matrix_add([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match="same order can be subtracted"):
        cu.linalg.matrix_subtract([[1, 2]], [[1], [2]])


def test_scalar_multiply_rejects_a_matrix_as_the_number():
    with pytest.raises(TypeError, match="r should be a number"):
        cu.linalg.scalar_multiply([[2, 3]], [[1, 2]])


def test_matrix_multiply_gives_the_worked_product():
    np.testing.assert_array_equal(cu.linalg.matrix_multiply(A_EX, B_EX), [[19, 22], [43, 50]])


def test_matrix_multiply_follows_the_shape_rule():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    C = cu.linalg.matrix_multiply(A, B)
    assert C.shape == (3, 2)
    # c_ij = sum_k a_ik b_kj, written out
    assert C[2, 1] == pytest.approx(sum(A[2, k] * B[k, 1] for k in range(4)))


def test_matrix_multiply_names_the_inner_sizes_when_they_differ():
    with pytest.raises(ValueError, match="a 2x3 matrix cannot multiply a 2x2 one: the inner sizes 3 and 2 differ"):
        cu.linalg.matrix_multiply([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])


def test_product_order():
    assert cu.linalg.product_order((2, 3), (3, 5)) == (2, 5)
    with pytest.raises(ValueError, match="inner sizes 4 and 3 differ"):
        cu.linalg.product_order((3, 4), (3, 4))
    with pytest.raises(ValueError, match="at least 1"):
        cu.linalg.product_order((2, 0), (0, 1))
    with pytest.raises(ValueError, match="two numbers"):
        cu.linalg.product_order((2, 3, 4), (4, 1))
    with pytest.raises(TypeError, match="whole number"):
        cu.linalg.product_order((2.5, 3), (3, 1))


@pytest.mark.parametrize(
    ("bad", "error", "phrase"),
    [
        ([1, 2, 3], ValueError, "another pair of brackets"),
        ([[1, 2], [3]], TypeError, "rows have different lengths"),
        ("[[1, 2]]", TypeError, "array of numbers"),
        (None, TypeError, "array of numbers"),
        (np.zeros((0, 3)), ValueError, "empty"),
        ([[1.0, float("nan")]], ValueError, "NaN"),
    ],
)
def test_every_function_explains_what_is_not_a_matrix(bad, error, phrase):
    with pytest.raises(error, match=phrase):
        cu.linalg.matrix_order(bad)
    with pytest.raises(error, match=phrase):
        cu.linalg.matrix_multiply(bad, [[1.0]])


def test_matmul_terms_are_row_times_column():
    terms, total = cu.linalg.matmul_terms(A_EX, B_EX, 2, 1)
    np.testing.assert_array_equal(terms, [3 * 5, 4 * 7])
    assert total == 43
    with pytest.raises(ValueError, match="j = 3 is outside"):
        cu.linalg.matmul_terms(A_EX, B_EX, 1, 3)


def test_the_example_layer_follows_the_notation():
    """docs/notation.md: W has shape (n_in, n_out) and W[i, j] goes from input i to neuron j."""
    W, b = cu.linalg.layer_weights_example()
    assert W.shape == (3, 2) and b.shape == (2,)
    x = np.array([1.0, -2.0, 0.5])
    expected = [sum(x[i] * W[i, j] for i in range(3)) + b[j] for j in range(2)]
    np.testing.assert_allclose(cu.linalg.linear_layer(x, W, b), expected)
    np.testing.assert_allclose(cu.linalg.linear_layer(x, W, b), x @ W + b)


def test_linear_layer_takes_one_sample_per_row():
    W, b = cu.linalg.layer_weights_example()
    x = np.array([1.0, -2.0, 0.5])
    X = np.stack([x, 2 * x, -x])  # three samples, one per row
    Z = cu.linalg.linear_layer(X, W, b)
    assert Z.shape == (3, 2)
    np.testing.assert_allclose(Z[0], cu.linalg.linear_layer(x, W, b))
    np.testing.assert_allclose(Z, X @ W + b)


def test_linear_layer_explains_bad_shapes():
    W, b = cu.linalg.layer_weights_example()
    with pytest.raises(ValueError, match="inner sizes 2 and 3 differ"):
        cu.linalg.linear_layer([1.0, 2.0], W, b)
    with pytest.raises(ValueError, match="one bias per neuron"):
        cu.linalg.linear_layer([1.0, 2.0, 3.0], W, [1.0, 2.0, 3.0])


@pytest.mark.slow
def test_keras_and_pytorch_store_the_layer_as_the_notebook_says():
    """01 says: Keras stores (n_in, n_out) like W; PyTorch's nn.Linear the transpose."""
    torch = pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    W, b = cu.linalg.layer_weights_example()
    X = np.random.default_rng(0).normal(size=(4, 3))
    dense = keras.layers.Dense(2)
    dense.build((None, 3))
    assert tuple(dense.kernel.shape) == W.shape
    dense.set_weights([W, b])
    np.testing.assert_allclose(np.asarray(dense(X.astype("float32"))), X @ W + b, atol=1e-5)
    linear = torch.nn.Linear(3, 2)
    assert tuple(linear.weight.shape) == W.T.shape
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(W.T))
        linear.bias.copy_(torch.tensor(b))
        np.testing.assert_allclose(linear(torch.tensor(X, dtype=torch.float32)).numpy(), X @ W + b, atol=1e-5)


# --------------------------------------------------------------------------- layer 2: static plots


def test_plot_matmul_step_highlights_the_chosen_element():
    fig = cu.linalg.plot_matmul_step(row=2, col=2)
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "c22 = 3×6 + 4×8 = 50" in texts
    assert {"19", "22", "43", "50"} <= set(texts)


def test_plot_matmul_step_handles_other_shapes_and_rejects_bad_ones():
    fig = cu.linalg.plot_matmul_step([[1, 0, 2]], [[1], [2], [3]], 1, 1)
    assert "c11 = 1×1 + 0×2 + 2×3 = 7" in [t.get_text() for t in fig.axes[0].texts]
    with pytest.raises(ValueError, match="inner sizes"):
        cu.linalg.plot_matmul_step([[1, 2]], [[1, 2]])
    with pytest.raises(ValueError, match="row = 3 is outside"):
        cu.linalg.plot_matmul_step(row=3)


def test_plot_layer_as_matrix_shows_the_outputs():
    fig = cu.linalg.plot_layer_as_matrix((2.0, -1.0, 1.0))
    W, b = cu.linalg.layer_weights_example()
    z = cu.linalg.linear_layer([2.0, -1.0, 1.0], W, b)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"{z[0]:.2f}" in texts and f"{z[1]:.2f}" in texts
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        cu.linalg.plot_layer_as_matrix((1.0, 2.0))


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))


def test_layer_drawing_colours_blue_positive_orange_negative():
    """docs/notation.md: blue = positive, orange = negative, for weights and node values alike."""
    W, _ = cu.linalg.layer_weights_example()
    fig = cu.linalg.plot_layer_as_matrix((2.0, 0.0, -2.0))
    ax = fig.axes[0]
    lines = ax.lines[: W.size]
    signs = [W[i, j] > 0 for i in range(W.shape[0]) for j in range(W.shape[1])]
    for line, positive in zip(lines, signs, strict=True):
        assert np.allclose(matplotlib_rgb(line.get_color()), _rgb(BLUE if positive else ORANGE))
    nodes = ax.patches[:3]  # the three inputs: +2, 0, -2
    blue_ish, white, orange_ish = (np.array(n.get_facecolor()[:3]) for n in nodes)
    assert np.allclose(white, 1.0)
    assert blue_ish[2] > blue_ish[0] and orange_ish[0] > orange_ish[2]
    assert np.allclose((1 - blue_ish) / (1 - np.array(_rgb(BLUE))), 2 / 3)      # same hue, 2/3 strength
    assert np.allclose((1 - orange_ish) / (1 - np.array(_rgb(ORANGE))), 2 / 3)


def matplotlib_rgb(colour) -> tuple[float, ...]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def test_plot_image_as_matrix_writes_the_window_as_numbers():
    image = np.arange(28 * 28).reshape(28, 28) % 256
    fig = cu.linalg.plot_image_as_matrix(image, top=2, left=3, size=4)
    ax_image, ax_numbers = fig.axes
    assert "28x28" in ax_image.get_title()
    numbers = [t.get_text() for t in ax_numbers.texts]
    assert numbers == [str(v) for v in image[2:6, 3:7].ravel()]
    with pytest.raises(ValueError, match="top should be at most 24"):
        cu.linalg.plot_image_as_matrix(image, top=25, size=4)
    with pytest.raises(ValueError, match="size should be at most 14"):
        cu.linalg.plot_image_as_matrix(image, size=20)
    with pytest.raises(ValueError, match="2-D"):
        cu.linalg.plot_image_as_matrix(image.ravel())


# --------------------------------------------------------------------------- layer 3: demos


def test_matmul_demo_moves_the_highlight_and_the_sum():
    demo = cu.linalg.demo_matmul_step()
    first = demo.live_figure.image.value
    assert cu.widgets.drive(demo, row=2) == 2
    assert demo.live_figure.image.value != first
    texts = [t.get_text() for t in demo.live_figure.axes.texts]
    assert "c21 = 3×5 + 4×7 = 43" in texts
    cu.widgets.drive(demo, col=2)
    assert "c22 = 3×6 + 4×8 = 50" in [t.get_text() for t in demo.live_figure.axes.texts]
    assert demo.controls["row"].max == 2 and demo.controls["col"].max == 2


def test_matmul_demo_sizes_its_sliders_to_the_product():
    demo = cu.linalg.demo_matmul_step(np.ones((3, 2)), np.ones((2, 4)))
    assert demo.controls["row"].max == 3 and demo.controls["col"].max == 4
    cu.widgets.drive(demo, row=3, col=4)
    assert demo.last_error is None
    row_vector = cu.linalg.demo_matmul_step([[1, 2, 3]], [[1], [2], [3]])  # a 1x1 product
    assert row_vector.controls["row"].disabled and row_vector.controls["col"].disabled


def test_layer_demo_recomputes_the_outputs():
    demo = cu.linalg.demo_layer_as_matrix()
    first = demo.live_figure.image.value
    cu.widgets.drive(demo, x1=2.0, x2=-1.0, x3=1.0)
    assert demo.live_figure.image.value != first
    W, b = cu.linalg.layer_weights_example()
    z = cu.linalg.linear_layer([2.0, -1.0, 1.0], W, b)
    equation = [t.get_text() for t in demo.live_figure.axes.texts if "x W + b" in t.get_text()]
    assert equation == [f"x W + b = ({z[0]:.2f}, {z[1]:.2f})  for x = (2.00, -1.00, 1.00)"]


@pytest.mark.parametrize(
    ("build", "changes"),
    [
        (lambda: cu.linalg.demo_matmul_step(), [("row", 2), ("col", 2), ("row", 1), ("col", 1)]),
        (lambda: cu.linalg.demo_layer_as_matrix(),
         [("x1", -1.5), ("x2", 1.2), ("x3", 0.4), ("x1", 0.0), ("x2", -2.0), ("x3", 2.0)]),
    ],
    ids=["matmul_step", "layer_as_matrix"],
)
def test_demo_frames_are_exactly_a_full_redraw(build, changes):
    demo = build()
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, f"{name}={value}"


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (np.array([[2, 0, 1], [1, 3, 2]]) @ np.array([[1, 2], [0, 1], [4, 0]]), True, "Correct"),
        ([[6, 4], [9, 5]], True, "Correct"),
        ([[6, 4], [9, 6]], False, "1 of its 4 values differ"),
        ([[6, 9], [4, 5], [0, 0]], False, "should have shape (2, 2)"),
        ("[[6, 4], [9, 5]]", False, "should be an array"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_01_1(answer, passed, phrase):
    result = cu.check("01-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ((3, 2), True, "Correct"),
        ([3, 2], True, "Correct"),
        ((3.0, 2.0), True, "Correct"),
        ((2, 3), False, "reversed"),
        ((3, 4), False, 'cu.hint("01-2")'),
        ("3x2", False, "two numbers"),
        (6, False, "two numbers"),
        ((3.5, 2), False, "whole numbers"),
    ],
)
def test_exercise_01_2(answer, passed, phrase):
    result = cu.check("01-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (np.array([2.0, -1.0, 1.0]) @ cu.linalg.layer_weights_example()[0] + cu.linalg.layer_weights_example()[1],
         True, "Correct"),
        (np.array([2.0, -1.0, 1.0]) @ cu.linalg.layer_weights_example()[0], False, 'cu.hint("01-3")'),
        (None, False, "should be an array"),
        ([1.0, 2.0, 3.0], False, "should have shape (2,)"),
    ],
)
def test_exercise_01_3(answer, passed, phrase):
    result = cu.check("01-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _loops(A, B):
    C = [[0.0] * len(B[0]) for _ in A]
    for i in range(len(A)):
        for j in range(len(B[0])):
            for k in range(len(B)):
                C[i][j] += A[i][k] * B[k][j]
    return C


def _square_only(A, B):  # a common slip: the column count of the result taken from A
    return [[sum(A[i][k] * B[k][j] for k in range(len(A))) for j in range(len(A))] for i in range(len(A))]


def _elementwise(A, B):
    return [[a * b for a, b in zip(ra, rb, strict=False)] for ra, rb in zip(A, B, strict=False)]


def _placeholder(A, B):
    ...


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_loops, True, "Correct"),
        (lambda A, B: np.asarray(A) @ np.asarray(B), True, "Correct"),
        (_square_only, False, "my_matmul"),
        (_elementwise, False, 'cu.hint("01-7")'),
        (_placeholder, False, "replace the ..."),
        ([[19, 22], [43, 50]], False, "should be a function"),
    ],
)
def test_exercise_01_7(answer, passed, phrase):
    result = cu.check("01-7", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize("key", ["01-1", "01-2", "01-3", "01-7"])
def test_every_exercise_has_stepped_hints(key):
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(set(hints)) == 3


def test_hints_do_not_give_the_answers_away():
    assert not any("[[6, 4], [9, 5]]" in h or "6, 4" in h for h in cu.checks.hints("01-1"))
    assert not any("(3, 2)" in h or "3 x 2" in h for h in cu.checks.hints("01-2"))
    assert not any("2.5" in h or "-2.125" in h for h in cu.checks.hints("01-3"))


def test_plots_draw_on_the_axes_they_are_given():
    fig = Figure()
    ax_matmul, ax_layer, *ax_image = fig.subplots(1, 4)
    assert cu.linalg.plot_matmul_step(ax=ax_matmul) is fig
    assert cu.linalg.plot_layer_as_matrix(ax=ax_layer) is fig
    assert cu.linalg.plot_image_as_matrix(np.eye(5), size=3, top=0, left=0, ax=ax_image) is fig
    assert "c11 = 1×5 + 2×7 = 19" in [t.get_text() for t in ax_matmul.texts]
    with pytest.raises(TypeError, match="2 matplotlib Axes"):
        cu.linalg.plot_image_as_matrix(np.eye(5), size=3, top=0, left=0, ax=ax_matmul)
