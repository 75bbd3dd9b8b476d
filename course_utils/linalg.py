"""Notebook 01, part 1: matrices.

Elements and order, addition, subtraction, multiplication by a number and by
another matrix, with the shape rule ``(m x n)(n x p) = m x p`` (seed 001).
Two slider demos: a step-through of one matrix product, element by element,
and a preview of why one layer of a network is a matrix product.

Every function takes nested lists or NumPy arrays and explains bad input in a
sentence: ``matrix_multiply([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])`` raises
``ValueError: a 2x3 matrix cannot multiply a 2x2 one: the inner sizes 3 and 2 differ ...``.
"""

from __future__ import annotations

import numbers

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from .checks import CheckResult, _describe, _verdict, check_array, exercise
from .widgets import LiveFigure, SliderDemo, axes_or_new, slider

__all__ = [
    "as_matrix",
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
    "layer_weights_example",
    "linear_layer",
    "plot_layer_as_matrix",
    "demo_layer_as_matrix",
]


# --------------------------------------------------------------------------- numbers


def as_matrix(A, name: str = "A") -> np.ndarray:
    """Return ``A`` as a 2-D float array, or say clearly why it is not a matrix.

    Parameters
    ----------
    A : array-like of shape (m, n)
        Nested lists (one list per row) or a 2-D array of numbers.
    name : str
        What to call it in an error message.

    Returns
    -------
    ndarray of shape (m, n), dtype float
    """
    if isinstance(A, (str, bytes, dict, set)) or A is None:
        raise TypeError(f"{name} should be a matrix, a list of rows such as [[1, 2], [3, 4]]; got {_describe(A)}.")
    try:
        array = np.asarray(A, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} should be a matrix of numbers with rows of equal length, such as [[1, 2], [3, 4]]; "
            f"NumPy could not read it ({exc})."
        ) from None
    if array.ndim != 2:
        hint = " Wrap a single row in another pair of brackets: [[1, 2, 3]]." if array.ndim == 1 else ""
        raise ValueError(f"{name} should be a matrix (2-D, rows and columns), but it has {array.ndim} dimension(s).{hint}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: a matrix needs at least one row and one column.")
    return array


def matrix_order(A) -> tuple[int, int]:
    """The order (shape) of a matrix: ``(rows, columns)``."""
    m, n = as_matrix(A).shape
    return int(m), int(n)


def order_text(A) -> str:
    """The order of a matrix written as in class, e.g. ``"2x3"``."""
    m, n = matrix_order(A)
    return f"{m}x{n}"


def matrix_element(A, i: int, j: int) -> float:
    """The element ``a_{i,j}``, counting rows and columns from 1 as in maths.

    NumPy counts from 0, so this is ``A[i - 1, j - 1]``.
    """
    array = as_matrix(A)
    m, n = array.shape
    for label, index, size, what in (("i", i, m, "rows"), ("j", j, n, "columns")):
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise TypeError(f"{label} must be a whole number (1, 2, ...), not {index!r}.")
        if not 1 <= index <= size:
            raise ValueError(
                f"{label} = {index} is outside this {m}x{n} matrix: it has {size} {what}, numbered 1 to {size} "
                "(maths counts from 1, NumPy from 0)."
            )
    return float(array[i - 1, j - 1])


def _same_order(A: np.ndarray, B: np.ndarray, verb: str) -> None:
    if A.shape != B.shape:
        raise ValueError(
            f"only matrices of the same order can be {verb}: A is {A.shape[0]}x{A.shape[1]} "
            f"and B is {B.shape[0]}x{B.shape[1]}."
        )


def matrix_add(A, B) -> np.ndarray:
    """``A + B``, element by element; both must have the same order (m, n)."""
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    _same_order(A, B, "added")
    return A + B


def matrix_subtract(A, B) -> np.ndarray:
    """``A - B``, element by element; both must have the same order (m, n)."""
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    _same_order(A, B, "subtracted")
    return A - B


def scalar_multiply(r: float, A) -> np.ndarray:
    """``r x A``: every element of A multiplied by the number r (shape (m, n) kept)."""
    if isinstance(r, bool) or not isinstance(r, numbers.Real):
        raise TypeError(f"r should be a single number such as 4 or 0.5, not {_describe(r)}.")
    return float(r) * as_matrix(A)


def product_order(order_a: tuple[int, int], order_b: tuple[int, int]) -> tuple[int, int]:
    """The order of ``A x B`` from the orders of A and B: ``(m, n), (n, p) -> (m, p)``.

    Raises
    ------
    ValueError
        When the inner sizes differ, with a sentence that names both.
    """
    for label, order in (("the order of A", order_a), ("the order of B", order_b)):
        if (
            not isinstance(order, (tuple, list))
            or len(order) != 2
            or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s > 0 for s in order)
        ):
            raise TypeError(f"{label} should be two positive whole numbers (rows, columns), such as (2, 3); got {order!r}.")
    (m, n), (k, p) = order_a, order_b
    if n != k:
        raise ValueError(
            f"a {m}x{n} matrix cannot multiply a {k}x{p} one: the inner sizes {n} and {k} differ "
            f"(A's columns must equal B's rows)."
        )
    return int(m), int(p)


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
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
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
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    m, p = product_order(A.shape, B.shape)
    matrix_element(np.zeros((m, p)), i, j)  # checks that i and j lie inside C
    terms = A[i - 1, :] * B[:, j - 1]
    return terms, float(terms.sum())


# --------------------------------------------------------------------------- step-through plot

_SOURCE_A = [[1, 2], [3, 4]]
_SOURCE_B = [[5, 6], [7, 8]]


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
    row = Rectangle((xa, 0), n, 1, facecolor=(1.0, 0.5, 0.05, 0.22), edgecolor="tab:orange", linewidth=3)
    col = Rectangle((xb, 0), 1, n, facecolor=(0.12, 0.47, 0.71, 0.22), edgecolor="tab:blue", linewidth=3)
    cell = Rectangle((xc, 0), 1, 1, facecolor=(0.17, 0.63, 0.17, 0.25), edgecolor="tab:green", linewidth=3)
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


def plot_matmul_step(A=None, B=None, row: int = 1, col: int = 1, *, ax=None) -> Figure:
    """Draw A, B and C = A x B, highlighting row ``row`` of A, column ``col`` of B
    and the element ``c_{row,col}`` with the sum that gives it.

    Parameters
    ----------
    A : array-like of shape (m, n), optional
        Default: the source's [[1, 2], [3, 4]].
    B : array-like of shape (n, p), optional
        Default: the source's [[5, 6], [7, 8]].
    row, col : int
        Which element of C to explain, counted from 1.
    ax : matplotlib Axes, optional

    Returns
    -------
    Figure
    """
    A = as_matrix(_SOURCE_A if A is None else A, "A")
    B = as_matrix(_SOURCE_B if B is None else B, "B")
    product_order(A.shape, B.shape)
    ax = axes_or_new(ax, figsize=(7.5, 3.5))
    artists = _draw_matmul(ax, A, B)
    _update_matmul(artists, row, col)
    return ax.figure


def demo_matmul_step(A=None, B=None) -> SliderDemo:
    """Sliders for the row and column of C; the highlights show where c_ij comes from."""
    A = as_matrix(_SOURCE_A if A is None else A, "A")
    B = as_matrix(_SOURCE_B if B is None else B, "B")
    m, p = product_order(A.shape, B.shape)
    live = LiveFigure(figsize=(7.5, 3.5))
    artists = _draw_matmul(live.axes, A, B)
    _update_matmul(artists, 1, 1)
    live.figure.subplots_adjust(left=0.01, right=0.99, top=0.98, bottom=0.02)
    live.animate(artists["row"], artists["col"], artists["cell"], artists["equation"])

    def update(row: int, col: int) -> None:
        _update_matmul(artists, row, col)

    controls = {
        "row": slider("row i of C (and of A)", 1, m, 1, 1),
        "col": slider("column j of C (and of B)", 1, p, 1, 1),
    }
    return SliderDemo(controls, update, figure=live, title="One element of a matrix product")


# --------------------------------------------------------------------------- a layer is a matrix


def layer_weights_example() -> tuple[np.ndarray, np.ndarray]:
    """The small layer used in notebook 01: 3 inputs, 2 outputs.

    Returns
    -------
    W : ndarray of shape (2, 3)
        ``W[j, k]`` is the weight from input k to output j: one row per output,
        as in notebook 02's ``W @ A + B``.
    b : ndarray of shape (2,)
        One bias per output.
    """
    W = np.array([[0.5, 1.5, -0.75], [-1.0, 0.25, 1.0]])
    b = np.array([0.5, -0.25])
    return W, b


def linear_layer(W, x, b) -> np.ndarray:
    """One layer of a network before its activation: ``W x + b``.

    Parameters
    ----------
    W : array-like of shape (n_outputs, n_inputs)
    x : array-like of shape (n_inputs,) or (n_inputs, n_samples)
        One input, or a batch with one sample per column.
    b : array-like of shape (n_outputs,)

    Returns
    -------
    ndarray of shape (n_outputs,) or (n_outputs, n_samples)
    """
    W = as_matrix(W, "W")
    x_array = np.asarray(x, dtype=float)
    single = x_array.ndim == 1
    X = as_matrix(x_array[:, None] if single else x_array, "x")
    b = np.asarray(b, dtype=float)
    if b.shape != (W.shape[0],):
        raise ValueError(f"b should hold one bias per output, shape ({W.shape[0]},); it has shape {b.shape}.")
    out = matrix_multiply(W, X) + b[:, None]
    return out[:, 0] if single else out


def _draw_layer(ax, W: np.ndarray, b: np.ndarray) -> dict:
    n_out, n_in = W.shape
    y_in = np.linspace(0.85, 0.15, n_in)
    y_out = np.linspace(0.7, 0.3, n_out)
    biggest = float(np.abs(W).max())
    for k in range(n_in):
        for j in range(n_out):
            w = W[j, k]
            ax.plot([0.15, 0.75], [y_in[k], y_out[j]], color="tab:red" if w < 0 else "tab:blue",
                    linewidth=0.5 + 4 * abs(w) / biggest, alpha=0.7, zorder=1)
            t = 0.4 + 0.2 * j
            ax.text(0.15 + t * 0.6, y_in[k] + t * (y_out[j] - y_in[k]), f"{w:g}", fontsize=9,
                    ha="center", va="center", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    nodes_in = [Circle((0.15, y), 0.055, facecolor="white", edgecolor="k", zorder=2) for y in y_in]
    nodes_out = [Circle((0.75, y), 0.055, facecolor="white", edgecolor="k", zorder=2) for y in y_out]
    for node in nodes_in + nodes_out:
        ax.add_patch(node)
    text_in = [ax.text(0.15, y, "", ha="center", va="center", fontsize=10, zorder=3) for y in y_in]
    text_out = [ax.text(0.75, y, "", ha="center", va="center", fontsize=10, zorder=3) for y in y_out]
    for k, y in enumerate(y_in):
        ax.text(0.04, y, f"x{k + 1}", ha="right", va="center", fontsize=11)
    for j, y in enumerate(y_out):
        ax.text(0.84, y, f"y{j + 1}  (+ b{j + 1} = {b[j]:g})", ha="left", va="center", fontsize=10)
    equation = ax.text(0.5, 0.0, "", ha="center", va="center", fontsize=11, family="monospace")
    ax.set(xlim=(-0.05, 1.2), ylim=(-0.06, 1.0), aspect="equal")
    ax.axis("off")
    return {"W": W, "b": b, "nodes": nodes_in + nodes_out, "texts": text_in + text_out, "equation": equation}


def _node_colour(value: float) -> tuple[float, float, float]:
    s = float(np.clip(value / 3.0, -1, 1))
    return (1.0, 1 - s, 1 - s) if s > 0 else (1 + s, 1 + s, 1.0)


def _update_layer(artists: dict, x: np.ndarray) -> np.ndarray:
    y = linear_layer(artists["W"], x, artists["b"])
    values = np.concatenate([x, y])
    for node, text, v in zip(artists["nodes"], artists["texts"], values, strict=True):
        node.set_facecolor(_node_colour(v))
        text.set_text(f"{v:.2f}")
    artists["equation"].set_text(
        "W x + b = (" + ", ".join(f"{v:.2f}" for v in y) + ")  for x = (" + ", ".join(f"{v:.2f}" for v in x) + ")"
    )
    return y


def plot_layer_as_matrix(x=(1.0, 0.5, -1.0), *, ax=None) -> Figure:
    """Draw the 3-input, 2-output layer of :func:`layer_weights_example` for input x.

    Parameters
    ----------
    x : array-like of shape (3,)
    ax : matplotlib Axes, optional

    Returns
    -------
    Figure
    """
    W, b = layer_weights_example()
    x = np.asarray(x, dtype=float)
    if x.shape != (W.shape[1],):
        raise ValueError(f"x should hold {W.shape[1]} inputs, shape ({W.shape[1]},); it has shape {x.shape}.")
    ax = axes_or_new(ax, figsize=(6.5, 4.2))
    artists = _draw_layer(ax, W, b)
    _update_layer(artists, x)
    return ax.figure


def demo_layer_as_matrix() -> SliderDemo:
    """Sliders for three inputs; the outputs are one row times the weight matrix."""
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


@exercise("01-1")
def _check_01_1(answer) -> CheckResult:
    """The product of the 2x3 and 3x2 matrices of exercise 1."""
    return check_array(
        answer, matrix_multiply(_EX1_A, _EX1_B), name="A x B", show=False,
        hint="c_ij is row i of A times column j of B, pairwise, then added up; C is 2x2.",
    )


@exercise("01-2")
def _check_01_2(answer) -> CheckResult:
    """The order of (3x4)(4x2): the tuple (3, 2)."""
    expected = product_order((3, 4), (4, 2))
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return _verdict(
            False, f"the order should be two numbers (rows, columns) such as (5, 7); it is {_describe(answer)}.",
            show=False,
        )
    if not all(_is_whole(v) for v in answer):
        return _verdict(False, f"rows and columns are whole numbers; got {answer!r}.", show=False)
    result = check_array(answer, expected, name="the order", show=False,
                         hint="(m x n)(n x p) gives m x p: the inner sizes cancel.")
    if not result and tuple(answer) == expected[::-1]:
        return _verdict(False, f"{tuple(answer)} is reversed: rows come first.", show=False)
    return result


def _is_whole(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (numbers.Integral, float, np.floating)) and float(
        value
    ).is_integer()


@exercise("01-3")
def _check_01_3(answer) -> CheckResult:
    """The output of the example layer for the input (2, -1, 1)."""
    W, b = layer_weights_example()
    return check_array(
        answer, linear_layer(W, [2.0, -1.0, 1.0], b), name="the layer's output", show=False,
        hint="multiply W by the column x (W @ x), then add b.",
    )
