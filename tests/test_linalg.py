"""Notebook 01, matrices: numbers, static plots, the two demos, exercises 01-1 to 01-3."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

A_SRC = [[1, 2], [3, 4]]
B_SRC = [[5, 6], [7, 8]]


# --------------------------------------------------------------------------- layer 1: numbers


def test_elements_and_order_follow_the_source():
    A = [[7, 1], [2, 2]]
    assert [cu.matrix_element(A, i, j) for i in (1, 2) for j in (1, 2)] == [7, 1, 2, 2]
    assert cu.matrix_order([[7, 1, 1], [2, 2, 4]]) == (2, 3)
    assert cu.order_text([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == "3x3"


def test_matrix_element_counts_from_one_and_explains_zero():
    with pytest.raises(ValueError, match="numbered 1 to 2"):
        cu.matrix_element([[7, 1], [2, 2]], 0, 1)
    with pytest.raises(TypeError, match="whole number"):
        cu.matrix_element([[7, 1], [2, 2]], 1.5, 1)


def test_add_subtract_scale_match_the_worked_examples():
    np.testing.assert_array_equal(cu.matrix_add([[4, 8], [7, 6]], [[3, -7], [-5, -4]]), [[7, 1], [2, 2]])
    np.testing.assert_array_equal(cu.matrix_subtract([[4, 8], [7, 6]], [[-3, 7], [5, 4]]), [[7, 1], [2, 2]])
    np.testing.assert_array_equal(cu.scalar_multiply(4, [[8, 7], [6, 3]]), [[32, 28], [24, 12]])


def test_add_needs_the_same_order():
    with pytest.raises(ValueError, match="same order can be added: A is 2x2 and B is 2x3"):
        cu.matrix_add([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match="same order can be subtracted"):
        cu.matrix_subtract([[1, 2]], [[1], [2]])


def test_scalar_multiply_rejects_a_matrix_as_the_number():
    with pytest.raises(TypeError, match="single number"):
        cu.scalar_multiply([[2]], [[1, 2]])


def test_matrix_multiply_gives_the_source_product():
    np.testing.assert_array_equal(cu.matrix_multiply(A_SRC, B_SRC), [[19, 22], [43, 50]])


def test_matrix_multiply_follows_the_shape_rule():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    C = cu.matrix_multiply(A, B)
    assert C.shape == (3, 2)
    # c_ij = sum_k a_ik b_kj, written out
    assert C[2, 1] == pytest.approx(sum(A[2, k] * B[k, 1] for k in range(4)))


def test_matrix_multiply_names_the_inner_sizes_when_they_differ():
    with pytest.raises(ValueError, match="a 2x3 matrix cannot multiply a 2x2 one: the inner sizes 3 and 2 differ"):
        cu.matrix_multiply([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])


def test_product_order():
    assert cu.product_order((2, 3), (3, 5)) == (2, 5)
    with pytest.raises(ValueError, match="inner sizes 4 and 3 differ"):
        cu.product_order((3, 4), (3, 4))
    with pytest.raises(TypeError, match="positive whole numbers"):
        cu.product_order((2, 0), (0, 1))


@pytest.mark.parametrize(
    ("bad", "error", "phrase"),
    [
        ([1, 2, 3], ValueError, "another pair of brackets"),
        ([[1, 2], [3]], TypeError, "rows of equal length"),
        ("[[1, 2]]", TypeError, "list of rows"),
        (None, TypeError, "list of rows"),
        (np.zeros((0, 3)), ValueError, "empty"),
    ],
)
def test_as_matrix_explains_what_is_not_a_matrix(bad, error, phrase):
    with pytest.raises(error, match=phrase):
        cu.as_matrix(bad)


def test_matmul_terms_are_row_times_column():
    terms, total = cu.matmul_terms(A_SRC, B_SRC, 2, 1)
    np.testing.assert_array_equal(terms, [3 * 5, 4 * 7])
    assert total == 43
    with pytest.raises(ValueError, match="j = 3 is outside"):
        cu.matmul_terms(A_SRC, B_SRC, 1, 3)


def test_linear_layer_is_w_times_x_plus_b():
    W, b = cu.layer_weights_example()
    assert W.shape == (2, 3) and b.shape == (2,)
    x = np.array([1.0, -2.0, 0.5])
    expected = [sum(W[j, k] * x[k] for k in range(3)) + b[j] for j in range(2)]
    np.testing.assert_allclose(cu.linear_layer(W, x, b), expected)
    batch = np.stack([x, 2 * x], axis=1)  # two samples, one per column
    np.testing.assert_allclose(cu.linear_layer(W, batch, b)[:, 0], expected)
    assert cu.linear_layer(W, batch, b).shape == (2, 2)
    with pytest.raises(ValueError, match="inner sizes 3 and 2 differ"):
        cu.linear_layer(W, [1.0, 2.0], b)
    with pytest.raises(ValueError, match="one bias per output"):
        cu.linear_layer(W, x, [1.0, 2.0, 3.0])


# --------------------------------------------------------------------------- layer 2: static plots


def test_plot_matmul_step_highlights_the_chosen_element():
    fig = cu.plot_matmul_step(row=2, col=2)
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "c22 = 3×6 + 4×8 = 50" in texts
    assert {"19", "22", "43", "50"} <= set(texts)


def test_plot_matmul_step_handles_other_shapes_and_rejects_bad_ones():
    fig = cu.plot_matmul_step([[1, 0, 2]], [[1], [2], [3]], 1, 1)
    assert "c11 = 1×1 + 0×2 + 2×3 = 7" in [t.get_text() for t in fig.axes[0].texts]
    with pytest.raises(ValueError, match="inner sizes"):
        cu.plot_matmul_step([[1, 2]], [[1, 2]])


def test_plot_layer_as_matrix_shows_the_outputs():
    fig = cu.plot_layer_as_matrix((2.0, -1.0, 1.0))
    W, b = cu.layer_weights_example()
    y = cu.linear_layer(W, [2.0, -1.0, 1.0], b)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"{y[0]:.2f}" in texts and f"{y[1]:.2f}" in texts
    with pytest.raises(ValueError, match="3 inputs"):
        cu.plot_layer_as_matrix((1.0, 2.0))


# --------------------------------------------------------------------------- layer 3: demos


def test_matmul_demo_moves_the_highlight_and_the_sum():
    demo = cu.demo_matmul_step()
    first = demo.live_figure.image.value
    assert cu.drive(demo, row=2) == 2
    assert demo.live_figure.image.value != first
    texts = [t.get_text() for t in demo.live_figure.axes.texts]
    assert "c21 = 3×5 + 4×7 = 43" in texts
    cu.drive(demo, col=2)
    assert "c22 = 3×6 + 4×8 = 50" in [t.get_text() for t in demo.live_figure.axes.texts]
    assert demo.controls["row"].max == 2 and demo.controls["col"].max == 2


def test_matmul_demo_sizes_its_sliders_to_the_product():
    demo = cu.demo_matmul_step(np.ones((3, 2)), np.ones((2, 4)))
    assert demo.controls["row"].max == 3 and demo.controls["col"].max == 4
    cu.drive(demo, row=3, col=4)
    assert demo.last_error is None


def test_layer_demo_recomputes_the_outputs():
    demo = cu.demo_layer_as_matrix()
    first = demo.live_figure.image.value
    cu.drive(demo, x1=2.0, x2=-1.0, x3=1.0)
    assert demo.live_figure.image.value != first
    W, b = cu.layer_weights_example()
    y = cu.linear_layer(W, [2.0, -1.0, 1.0], b)
    equation = [t.get_text() for t in demo.live_figure.axes.texts if "W x + b" in t.get_text()]
    assert equation == [f"W x + b = ({y[0]:.2f}, {y[1]:.2f})  for x = (2.00, -1.00, 1.00)"]


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
        ((2, 3), False, "reversed"),
        ((3, 4), False, "inner sizes cancel"),
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
        (cu.layer_weights_example()[0] @ [2.0, -1.0, 1.0] + cu.layer_weights_example()[1], True, "Correct"),
        (cu.layer_weights_example()[0] @ [2.0, -1.0, 1.0], False, "add b"),
        (None, False, "should be an array"),
        ([1.0, 2.0, 3.0], False, "should have shape (2,)"),
    ],
)
def test_exercise_01_3(answer, passed, phrase):
    result = cu.check("01-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_plots_draw_on_the_axes_they_are_given():
    fig = Figure()
    ax_matmul, ax_layer = fig.subplots(1, 2)
    assert cu.plot_matmul_step(ax=ax_matmul) is fig
    assert cu.plot_layer_as_matrix(ax=ax_layer) is fig
    assert "c11 = 1×5 + 2×7 = 19" in [t.get_text() for t in ax_matmul.texts]
