"""Notebook 01, part 1: matrices.

Elements and order, addition, subtraction, multiplication by a number and by
another matrix, with the shape rule ``(m x n)(n x p) = m x p``. What matrices
hold in deep learning: an image (a grid of pixel values), a table of data (one
row per sample) and the weights of a layer, whose outputs for every sample are
one product ``Z = X @ W + b`` (docs/notation.md: W has shape (n_in, n_out)).

Two slider demos: a step-through of one matrix product, element by element,
and a layer of a network drawn as a matrix product.

Every function takes nested lists or NumPy arrays and explains bad input in a
sentence: ``matrix_multiply([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])`` raises
``ValueError: a 2x3 matrix cannot multiply a 2x2 one: the inner sizes 3 and 2 differ ...``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from . import _validate as v
from .checks import CheckResult, _verdict, check_array, check_function, exercise
from .widgets import BLUE as _BLUE
from .widgets import ORANGE as _ORANGE
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "matrix_order",
    "order_text",
    "matrix_element",
    "matrix_add",
    "matrix_subtract",
    "scalar_multiply",
    "product_order",
    "matrix_multiply",
    "matmul_terms",
    "plot_matmul_step",
    "demo_matmul_step",
    "plot_image_as_matrix",
    "layer_weights_example",
    "linear_layer",
    "plot_layer_as_matrix",
    "demo_layer_as_matrix",
]

# TensorFlow Playground's colours, as in every network drawing of the course
# (docs/notation.md): blue = positive, orange = negative.


# --------------------------------------------------------------------------- numbers


def _matrix(A, name: str) -> np.ndarray:
    """``A`` as a 2-D float array, with a tip for the most common slip (a single row without outer brackets)."""
    try:
        return v.as_matrix(A, name)
    except ValueError as exc:
        if np.ndim(A) == 1:
            raise ValueError(f"{exc} Wrap a single row in another pair of brackets: [[1, 2, 3]].") from None
        raise


def matrix_order(A) -> tuple[int, int]:
    """The order (shape) of a matrix: ``(rows, columns)``.

    Parameters
    ----------
    A : array-like of shape (m, n)
        Nested lists (one list per row) or a 2-D array.
    """
    m, n = _matrix(A, "A").shape
    return int(m), int(n)


def order_text(A) -> str:
    """The order of a matrix written as in class, e.g. ``"2x3"``."""
    m, n = matrix_order(A)
    return f"{m}x{n}"


def _index(value, label: str, size: int, what: str, m: int, n: int) -> int:
    index = v.as_int(value, label)
    if not 1 <= index <= size:
        raise ValueError(
            f"{label} = {index} is outside this {m}x{n} matrix: it has {size} {what}, numbered 1 to {size} "
            "(maths counts from 1, NumPy from 0)."
        )
    return index


def matrix_element(A, i: int, j: int) -> float:
    """The element ``a_{i,j}``, counting rows and columns from 1 as in maths.

    NumPy counts from 0, so this is ``A[i - 1, j - 1]``.
    """
    array = _matrix(A, "A")
    m, n = array.shape
    i = _index(i, "i", m, "rows", m, n)
    j = _index(j, "j", n, "columns", m, n)
    return float(array[i - 1, j - 1])


def _same_order(A: np.ndarray, B: np.ndarray, verb: str) -> None:
    if A.shape != B.shape:
        raise ValueError(
            f"only matrices of the same order can be {verb}: A is {A.shape[0]}x{A.shape[1]} "
            f"and B is {B.shape[0]}x{B.shape[1]}."
        )


def matrix_add(A, B) -> np.ndarray:
    """``A + B``, element by element; both must have the same order (m, n)."""
    A, B = _matrix(A, "A"), _matrix(B, "B")
    _same_order(A, B, "added")
    return A + B


def matrix_subtract(A, B) -> np.ndarray:
    """``A - B``, element by element; both must have the same order (m, n)."""
    A, B = _matrix(A, "A"), _matrix(B, "B")
    _same_order(A, B, "subtracted")
    return A - B


def scalar_multiply(r: float, A) -> np.ndarray:
    """``r x A``: every element of A multiplied by the number r (shape (m, n) kept)."""
    return v.as_number(r, "r") * _matrix(A, "A")


def _order(order, label: str) -> tuple[int, int]:
    sizes = v.sizes(order, label, min_length=2)
    if len(sizes) != 2:
        raise ValueError(f"{label} should be two numbers (rows, columns), such as (2, 3), but it has {len(sizes)}.")
    return sizes[0], sizes[1]


def product_order(order_a, order_b) -> tuple[int, int]:
    """The order of ``A x B`` from the orders of A and B: ``(m, n), (n, p) -> (m, p)``.

    Parameters
    ----------
    order_a, order_b : pair of int
        ``(rows, columns)`` of A and of B, e.g. ``A.shape``.

    Raises
    ------
    ValueError
        When the inner sizes differ, with a sentence that names both.
    """
    m, n = _order(order_a, "the order of A")
    k, p = _order(order_b, "the order of B")
    if n != k:
        raise ValueError(
            f"a {m}x{n} matrix cannot multiply a {k}x{p} one: the inner sizes {n} and {k} differ "
            f"(A's columns must equal B's rows)."
        )
    return m, p


def matrix_multiply(A, B) -> np.ndarray:
    """The matrix product ``C = A x B`` with ``c_ij = sum_k a_ik * b_kj``.

    Parameters
    ----------
    A : array-like of shape (m, n)
    B : array-like of shape (n, p)

    Returns
    -------
    ndarray of shape (m, p)

    Raises
    ------
    ValueError
        "a 2x3 matrix cannot multiply a 2x2 one: the inner sizes 3 and 2 differ ..."
    """
    A, B = _matrix(A, "A"), _matrix(B, "B")
    product_order(A.shape, B.shape)
    return A @ B


def matmul_terms(A, B, i: int, j: int) -> tuple[np.ndarray, float]:
    """The products ``a_ik * b_kj`` that add up to the element ``c_ij`` (i, j from 1).

    Returns
    -------
    terms : ndarray of shape (n,)
        One product per k = 1..n: row i of A times column j of B, pairwise.
    total : float
        Their sum, the element ``c_ij`` of ``A x B``.
    """
    A, B = _matrix(A, "A"), _matrix(B, "B")
    m, p = product_order(A.shape, B.shape)
    i = _index(i, "i", m, "rows", m, p)
    j = _index(j, "j", p, "columns", m, p)
    terms = A[i - 1, :] * B[:, j - 1]
    return terms, float(terms.sum())


# --------------------------------------------------------------------------- step-through plot

_EXAMPLE_A = [[1, 2], [3, 4]]
_EXAMPLE_B = [[5, 6], [7, 8]]


def _fmt(value: float) -> str:
    return str(int(round(value))) if float(value).is_integer() else f"{value:.3g}"


def _draw_grid(ax, M: np.ndarray, x0: float, y_top: float, name: str) -> None:
    m, n = M.shape
    for r in range(m):
        for c in range(n):
            ax.add_patch(Rectangle((x0 + c, y_top - r - 1), 1, 1, facecolor="white", edgecolor="0.6"))
            ax.text(x0 + c + 0.5, y_top - r - 0.5, _fmt(M[r, c]), ha="center", va="center", fontsize=14)
    ax.text(x0 + n / 2, y_top + 0.35, f"{name}  ({m}x{n})", ha="center", va="bottom", fontsize=12)


def _draw_matmul(ax, A: np.ndarray, B: np.ndarray) -> dict:
    C = A @ B
    (m, n), p = A.shape, B.shape[1]
    height = max(m, n)
    top_a, top_b = (height + m) / 2, (height + n) / 2
    xa, xb = 0.0, n + 1.2
    xc = xb + p + 1.2
    _draw_grid(ax, A, xa, top_a, "A")
    _draw_grid(ax, B, xb, top_b, "B")
    _draw_grid(ax, C, xc, top_a, "C = A × B")
    ax.text(xb - 0.6, height / 2, "×", ha="center", va="center", fontsize=18)
    ax.text(xc - 0.6, height / 2, "=", ha="center", va="center", fontsize=18)
    # Frames without a fill: the numbers inside stay as drawn (the highlights move over a saved background).
    row = Rectangle((xa, 0), n, 1, fill=False, edgecolor="tab:orange", linewidth=3.5)
    col = Rectangle((xb, 0), 1, n, fill=False, edgecolor="tab:blue", linewidth=3.5)
    cell = Rectangle((xc, 0), 1, 1, fill=False, edgecolor="tab:green", linewidth=3.5)
    for patch in (row, col, cell):
        ax.add_patch(patch)
    equation = ax.text(xc + p, -0.9, "", ha="right", va="center", fontsize=13, family="monospace")
    ax.set(xlim=(-0.3, xc + p + 0.3), ylim=(-1.5, height + 1.0), aspect="equal")
    ax.axis("off")
    return {"A": A, "B": B, "row": row, "col": col, "cell": cell, "equation": equation,
            "tops": (top_a, top_b), "xs": (xa, xb, xc)}


def _update_matmul(artists: dict, i: int, j: int) -> str:
    A, B = artists["A"], artists["B"]
    terms, total = matmul_terms(A, B, i, j)
    top_a, top_b = artists["tops"]
    xa, xb, xc = artists["xs"]
    artists["row"].set_xy((xa, top_a - i))
    artists["col"].set_xy((xb + j - 1, top_b - B.shape[0]))
    artists["cell"].set_xy((xc + j - 1, top_a - i))
    products = " + ".join(f"{_fmt(a)}×{_fmt(b)}" for a, b in zip(A[i - 1], B[:, j - 1], strict=True))
    text = f"c{i}{j} = {products} = {_fmt(total)}"
    artists["equation"].set_text(text)
    return text


def _two_matrices(A, B) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    A = _matrix(_EXAMPLE_A if A is None else A, "A")
    B = _matrix(_EXAMPLE_B if B is None else B, "B")
    return A, B, product_order(A.shape, B.shape)


def plot_matmul_step(A=None, B=None, row: int = 1, col: int = 1, *, ax=None) -> Figure:
    """Draw A, B and C = A x B, highlighting row ``row`` of A, column ``col`` of B
    and the element ``c_{row,col}`` with the sum that gives it.

    Parameters
    ----------
    A : array-like of shape (m, n), optional
        Default: the worked example [[1, 2], [3, 4]].
    B : array-like of shape (n, p), optional
        Default: the worked example [[5, 6], [7, 8]].
    row, col : int
        Which element of C to explain, counted from 1.
    ax : matplotlib Axes, optional

    Returns
    -------
    Figure
    """
    A, B, (m, p) = _two_matrices(A, B)
    row = _index(row, "row", m, "rows", m, p)
    col = _index(col, "col", p, "columns", m, p)
    ax = axes_or_new(ax, figsize=(7.5, 3.5))
    artists = _draw_matmul(ax, A, B)
    _update_matmul(artists, row, col)
    return ax.figure


def demo_matmul_step(A=None, B=None) -> SliderDemo:
    """Sliders for the row and column of C; the highlights show where c_ij comes from.

    Parameters
    ----------
    A : array-like of shape (m, n), optional
    B : array-like of shape (n, p), optional
        Default: the worked example of notebook 01.
    """
    A, B, (m, p) = _two_matrices(A, B)
    live = LiveFigure(figsize=(7.5, 3.5))
    artists = _draw_matmul(live.axes, A, B)
    _update_matmul(artists, 1, 1)
    live.figure.subplots_adjust(left=0.01, right=0.99, top=0.98, bottom=0.02)
    live.animate(artists["row"], artists["col"], artists["cell"], artists["equation"])

    def update(row: int, col: int) -> None:
        _update_matmul(artists, row, col)

    controls = {
        "row": slider("row i of C (and of A)", 1, max(m, 2), 1, 1),
        "col": slider("column j of C (and of B)", 1, max(p, 2), 1, 1),
    }
    if m == 1 or p == 1:  # a slider needs min < max: keep it, but it cannot leave 1
        for name, size in (("row", m), ("col", p)):
            if size == 1:
                controls[name].disabled = True
    return SliderDemo(controls, update, figure=live, title="One element of a matrix product")


# --------------------------------------------------------------------------- an image is a matrix


def plot_image_as_matrix(image, *, top: int = 4, left: int = 8, size: int = 10, ax=None) -> Figure:
    """A grey-scale image (left) and a window of it written out as numbers (right).

    Parameters
    ----------
    image : array-like of shape (height, width)
        Pixel brightness, e.g. an MNIST digit (28 x 28, values 0 to 255).
    top, left : int
        The window's first row and column (counted from 0, as in NumPy).
    size : int
        The window is ``size x size`` pixels (at most 14, so the numbers stay readable).
    ax : pair of matplotlib Axes, optional

    Returns
    -------
    Figure
    """
    image = v.as_matrix(image, "image")
    height, width = image.shape
    size = v.as_int(size, "size", low=1, high=min(14, height, width))
    top = v.as_int(top, "top", low=0, high=height - size)
    left = v.as_int(left, "left", low=0, high=width - size)
    ax_image, ax_numbers = axes_or_new(ax, figsize=(9, 4.2), ncols=2)
    low, high = float(image.min()), float(image.max())
    high = high if high > low else low + 1
    ax_image.imshow(image, cmap="gray", vmin=low, vmax=high)
    ax_image.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, edgecolor=_ORANGE, linewidth=2))
    ax_image.set(title=f"the image: a {height}x{width} matrix", xticks=[], yticks=[])
    window = image[top:top + size, left:left + size]
    ax_numbers.imshow(window, cmap="gray", vmin=low, vmax=high)
    middle = (low + high) / 2
    for r in range(size):
        for c in range(size):
            value = window[r, c]
            ax_numbers.text(c, r, _fmt(value), ha="center", va="center", fontsize=7,
                            color="black" if value > middle else "white")
    ax_numbers.set(title=f"rows {top}-{top + size - 1}, columns {left}-{left + size - 1}: the numbers",
                   xticks=[], yticks=[])
    return ax_image.figure


# --------------------------------------------------------------------------- a layer is a matrix


def layer_weights_example() -> tuple[np.ndarray, np.ndarray]:
    """The small layer of notebook 01: 3 inputs, 2 neurons.

    Returns
    -------
    W : ndarray of shape (3, 2)
        ``W[i, j]`` is the weight from input i to neuron j: one row per input,
        one column per neuron (docs/notation.md, Keras' layout).
    b : ndarray of shape (2,)
        One bias per neuron.
    """
    W = np.array([[0.5, -1.0],
                  [1.5, 0.25],
                  [-0.75, 1.0]])
    b = np.array([0.5, -0.25])
    return W, b


def linear_layer(X, W, b) -> np.ndarray:
    """One layer of a network before its activation: ``Z = X @ W + b``.

    Parameters
    ----------
    X : array-like of shape (n_in,) or (n_samples, n_in)
        One sample, or many: one sample per row.
    W : array-like of shape (n_in, n_out)
        ``W[i, j]`` is the weight from input i to neuron j.
    b : array-like of shape (n_out,)
        One bias per neuron, added to every sample's row.

    Returns
    -------
    ndarray of shape (n_out,) or (n_samples, n_out)
    """
    W = _matrix(W, "W")
    X = v.as_array(X, "X", ndim=(1, 2))
    b = v.as_array(b, "b", ndim=1)
    if b.shape != (W.shape[1],):
        raise ValueError(f"b should hold one bias per neuron (W has {W.shape[1]} columns), shape ({W.shape[1]},); "
                         f"it has shape {b.shape}.")
    single = X.ndim == 1
    Z = matrix_multiply(X[None, :] if single else X, W) + b
    return Z[0] if single else Z


def _node_colour(value: float) -> tuple[float, float, float]:
    """White at 0, blue for positive, orange for negative values; stronger for larger ones (up to 3)."""
    s = float(np.clip(abs(value) / 3.0, 0, 1))
    hex_colour = _BLUE if value > 0 else _ORANGE
    rgb = np.array([int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)])
    return tuple(1 - s * (1 - rgb))


def _draw_layer(ax, W: np.ndarray, b: np.ndarray) -> dict:
    n_in, n_out = W.shape
    y_in = np.linspace(0.85, 0.15, n_in)
    y_out = np.linspace(0.7, 0.3, n_out)
    biggest = float(np.abs(W).max())
    for i in range(n_in):
        for j in range(n_out):
            w = W[i, j]
            ax.plot([0.15, 0.75], [y_in[i], y_out[j]], color=_BLUE if w > 0 else _ORANGE,
                    linewidth=0.5 + 4 * abs(w) / biggest, alpha=0.8, zorder=1)
            t = 0.4 + 0.2 * j
            ax.text(0.15 + t * 0.6, y_in[i] + t * (y_out[j] - y_in[i]), f"{w:g}", fontsize=9,
                    ha="center", va="center", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    nodes_in = [Circle((0.15, y), 0.055, facecolor="white", edgecolor="k", zorder=2) for y in y_in]
    nodes_out = [Circle((0.75, y), 0.055, facecolor="white", edgecolor="k", zorder=2) for y in y_out]
    for node in nodes_in + nodes_out:
        ax.add_patch(node)
    text_in = [ax.text(0.15, y, "", ha="center", va="center", fontsize=10, zorder=3) for y in y_in]
    text_out = [ax.text(0.75, y, "", ha="center", va="center", fontsize=10, zorder=3) for y in y_out]
    for i, y in enumerate(y_in):
        ax.text(0.04, y, f"x{i + 1}", ha="right", va="center", fontsize=11)
    for j, y in enumerate(y_out):
        ax.text(0.84, y, f"z{j + 1}  (+ b{j + 1} = {b[j]:g})", ha="left", va="center", fontsize=10)
    equation = ax.text(0.5, 0.0, "", ha="center", va="center", fontsize=11, family="monospace")
    ax.set(xlim=(-0.05, 1.2), ylim=(-0.06, 1.0), aspect="equal")
    ax.axis("off")
    return {"W": W, "b": b, "nodes": nodes_in + nodes_out, "texts": text_in + text_out, "equation": equation}


def _update_layer(artists: dict, x: np.ndarray) -> np.ndarray:
    z = linear_layer(x, artists["W"], artists["b"])
    values = np.concatenate([x, z])
    for node, text, value in zip(artists["nodes"], artists["texts"], values, strict=True):
        node.set_facecolor(_node_colour(value))
        text.set_text(f"{value:.2f}")
    artists["equation"].set_text(
        "x W + b = (" + ", ".join(f"{value:.2f}" for value in z) + ")  for x = ("
        + ", ".join(f"{value:.2f}" for value in x) + ")"
    )
    return z


def plot_layer_as_matrix(x=(1.0, 0.5, -1.0), *, ax=None) -> Figure:
    """Draw the 3-input, 2-neuron layer of :func:`layer_weights_example` for one input x.

    Blue lines and nodes are positive, orange ones negative; a thicker line is a larger weight.

    Parameters
    ----------
    x : array-like of shape (3,)
    ax : matplotlib Axes, optional

    Returns
    -------
    Figure
    """
    W, b = layer_weights_example()
    x = v.as_array(x, "x", shape=(W.shape[0],))
    ax = axes_or_new(ax, figsize=(6.5, 4.2))
    artists = _draw_layer(ax, W, b)
    _update_layer(artists, x)
    return ax.figure


def demo_layer_as_matrix() -> SliderDemo:
    """Sliders for three inputs; the two outputs are the row x times the weight matrix, plus b."""
    W, b = layer_weights_example()
    live = LiveFigure(figsize=(6.5, 4.2))
    artists = _draw_layer(live.axes, W, b)
    _update_layer(artists, np.array([1.0, 0.5, -1.0]))
    live.figure.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    live.animate(*artists["nodes"], *artists["texts"], artists["equation"])

    def update(x1: float, x2: float, x3: float) -> None:
        _update_layer(artists, np.array([x1, x2, x3]))

    controls = {
        name: slider(f"input {name}", -2.0, 2.0, 0.1, value)
        for name, value in (("x1", 1.0), ("x2", 0.5), ("x3", -1.0))
    }
    return SliderDemo(controls, update, figure=live, title="A layer is a matrix product")


# --------------------------------------------------------------------------- exercises

_EX1_A = [[2, 0, 1], [1, 3, 2]]
_EX1_B = [[1, 2], [0, 1], [4, 0]]


@exercise("01-1", hints=(
    "The result has as many rows as A and as many columns as B: it is 2x2.",
    "The top-left element c11 uses row 1 of A, (2, 0, 1), and column 1 of B, (1, 0, 4).",
    "Multiply them pair by pair and add: 2·1 + 0·0 + 1·4. Do the same for the other three elements.",
))
def _check_01_1(answer) -> CheckResult:
    """The product of the 2x3 and 3x2 matrices of exercise 1."""
    return check_array(answer, matrix_multiply(_EX1_A, _EX1_B), name="A x B")


def _is_whole(value) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
            and float(value).is_integer())


@exercise("01-2", hints=(
    "Write the two orders next to each other: (3 x 4)(4 x 2).",
    "The two inner sizes (the 4s) must agree, and they disappear from the result.",
    "The result keeps the rows of the first matrix and the columns of the second.",
))
def _check_01_2(answer) -> CheckResult:
    """The order of (3x4)(4x2)."""
    expected = product_order((3, 4), (4, 2))
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return _verdict(
            False, f"the order should be two numbers (rows, columns) such as (5, 7); it is {v.describe(answer)}.")
    if not all(_is_whole(value) for value in answer):
        return _verdict(False, f"rows and columns are whole numbers; got {answer!r}.")
    if tuple(answer) == expected[::-1]:
        return _verdict(False, f"{tuple(int(a) for a in answer)} is reversed: rows come first.")
    return check_array(answer, expected, name="the order")


@exercise("01-3", hints=(
    "The input is one sample: a row of 3 numbers. W has one row per input, so x @ W works.",
    "x @ W gives one weighted sum per neuron: a row of 2 numbers.",
    "Each neuron also adds its own bias: the layer is x @ W + b.",
))
def _check_01_3(answer) -> CheckResult:
    """The output of the example layer for the input (2, -1, 1)."""
    W, b = layer_weights_example()
    return check_array(answer, linear_layer([2.0, -1.0, 1.0], W, b), name="the layer's output")


_LOOP_CASES = (
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]]),
    ([[2, 0, 1], [1, 3, 2]], [[1, 2], [0, 1], [4, 0]]),
    ([[1, -2, 3]], [[0.5], [2], [-1]]),
    ([[1.5], [-2.0]], [[3.0, 4.0, -0.5]]),
)


@exercise("01-7", hints=(
    "The result C has as many rows as A (len(A)) and as many columns as B (len(B[0])). "
    "Start with a list of rows of zeros of that size.",
    "c_ij needs its own loop over k: row i of A and column j of B have the same length, len(B).",
    "Three nested loops: for i ..., for j ..., for k ...: C[i][j] += A[i][k] * B[k][j].",
))
def _check_01_7(answer) -> CheckResult:
    """A student's matrix product, written with loops, against NumPy's @ on four pairs of shapes."""
    cases = [((A, B), np.asarray(A, float) @ np.asarray(B, float)) for A, B in _LOOP_CASES]
    return check_function(answer, cases, name="my_matmul")
