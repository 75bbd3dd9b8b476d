"""Notebook 07: convolution, pooling and what a convolutional network sees.

Everything here is NumPy and matplotlib, so the Keras and the PyTorch twin call
the same functions with their own arrays:

* numbers: :func:`feature_map` (one kernel scanning one picture, as the club
  course computes it), :func:`patch_products` (the nine products of one
  place), :func:`conv2d` (a whole convolutional layer, in Keras' layout),
  :func:`output_size` and :func:`same_padding` (the size formula),
  :func:`pool2d`, :func:`receptive_field`, :func:`shift_images`, and the
  course's example digit, :func:`scanning_example`;
* static figures, ``plot_*(..., ax=None) -> Figure``;
* slider demos, ``demo_*() -> SliderDemo``: the sliding kernel, a kernel
  chooser, stride and padding, max against average pooling, and a viewer of
  a trained network's feature maps that takes arrays, not a model;
* the checks of 07's exercises.

What deep-learning libraries call *convolution* is, strictly, cross-correlation:
the kernel is laid on the picture as it is, not flipped. This module computes
what the libraries compute (and says so where it matters).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.lib.stride_tricks import sliding_window_view

from . import _validate as v
from .checks import CheckResult, check_choice, check_function, check_number, exercise
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
    "SOURCE_KERNEL",
    "SOURCE_PATCH",
    "KERNELS",
    "ScanningExample",
    "scanning_example",
    "patch_products",
    "feature_map",
    "conv2d",
    "output_size",
    "same_padding",
    "pool2d",
    "receptive_field",
    "shift_images",
    "plot_scanning",
    "plot_kernel_effects",
    "plot_output_size",
    "plot_pooling",
    "plot_feature_maps",
    "plot_kernels",
    "plot_translation",
    "demo_sliding_kernel",
    "demo_kernels",
    "demo_stride_padding",
    "demo_pooling",
    "demo_feature_maps",
]

_BLUE, _ORANGE = "#0877bd", "#f59322"
# docs/notation.md: blue = positive, orange = negative.
_SIGN_CMAP = LinearSegmentedColormap.from_list("course_sign", [_ORANGE, "#f7f7f7", _BLUE])
_SIGN_GAPS = _SIGN_CMAP.with_extremes(bad="white")            # NaN = the gap between tiles
_MAPS_CMAP = colormaps["viridis"].with_extremes(bad="white")
_UNFILLED_CMAP = colormaps["viridis"].with_extremes(bad="#eeeeee")  # a feature map's cells not computed yet
_LAYOUTS = ("channels_last", "channels_first")
_PADDINGS = ("valid", "same")


def _frozen(rows) -> np.ndarray:
    array = np.array(rows, dtype=float)
    array.setflags(write=False)
    return array


#: The club course's kernel: it looks for a horizontal line (a bright middle row).
SOURCE_KERNEL = _frozen([[0, 0, 0], [1, 1, 1], [0, 0, 0]])
#: The 3x3 patch of a digit the club course lays that kernel on (the sum is 341).
SOURCE_PATCH = _frozen([[0, 0, 29], [0, 86, 255], [0, 170, 255]])

#: Kernels to try, by name. Edge kernels are Sobel's; they answer bright-above-dark
#: (or bright-left-of-dark) with a positive number and the opposite with a negative one.
KERNELS: dict[str, np.ndarray] = {
    "horizontal line": SOURCE_KERNEL,
    "vertical line": _frozen([[0, 1, 0], [0, 1, 0], [0, 1, 0]]),
    "diagonal line": _frozen([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    "horizontal edge": _frozen([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]),
    "vertical edge": _frozen([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
    "diagonal edge": _frozen([[2, 1, 0], [1, 0, -1], [0, -1, -2]]),
    "blur": _frozen(np.full((3, 3), 1 / 9)),
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
}


# --------------------------------------------------------------------------- numbers


def _image(value, name: str = "image") -> np.ndarray:
    return v.as_array(value, name, ndim=2)


def _kernel(value, name: str = "kernel") -> np.ndarray:
    return v.as_array(value, name, ndim=2)


def _padding(value, name: str = "padding") -> str | int:
    """'valid', 'same' or a whole number of zeros on every side."""
    if isinstance(value, str):
        return v.choice(value, name, _PADDINGS)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return v.as_int(value, name, low=0)
    raise TypeError(
        f"{name} should be 'valid' (no padding), 'same' (keep the size) or a whole number of zeros "
        f"added on every side, but it is {v.describe(value)}."
    )


def same_padding(n: int, kernel_size: int, stride: int = 1) -> tuple[int, int]:
    """The zeros ``padding="same"`` adds before and after a side of ``n`` pixels.

    Keras' rule (TensorFlow's): the output has ``ceil(n / stride)`` cells; the
    zeros it takes are split in two, the extra one (if the total is odd) going
    after (right or bottom). PyTorch's ``padding="same"`` agrees for stride 1
    and refuses other strides, so a PyTorch model pads by hand with these
    numbers (``torch.nn.functional.pad``).

    Returns
    -------
    (before, after) : tuple of int
    """
    n = v.as_int(n, "n", low=1)
    kernel_size = v.as_int(kernel_size, "kernel_size", low=1)
    stride = v.as_int(stride, "stride", low=1)
    out = -(-n // stride)
    total = max((out - 1) * stride + kernel_size - n, 0)
    return total // 2, total - total // 2


def output_size(n: int, kernel_size: int, stride: int = 1, padding: int | str = 0) -> int:
    """The side of a feature map: ``floor((n + 2p - k) / s) + 1``.

    Parameters
    ----------
    n : int
        The side of the input (28 for an MNIST digit).
    kernel_size : int
        The side k of the kernel.
    stride : int
        How far the kernel moves each step, s.
    padding : int or {"valid", "same"}
        Zeros added on every side, p; ``"valid"`` is p = 0; ``"same"`` pads so
        that the output has ``ceil(n / s)`` cells (:func:`same_padding`).
    """
    n = v.as_int(n, "n", low=1)
    kernel_size = v.as_int(kernel_size, "kernel_size", low=1)
    stride = v.as_int(stride, "stride", low=1)
    padding = _padding(padding)
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else padding
    if n + 2 * p < kernel_size:
        raise ValueError(
            f"A {kernel_size}x{kernel_size} kernel does not fit in a {n}x{n} input with padding {p} "
            f"({n + 2 * p} pixels across): use a smaller kernel or more padding."
        )
    return (n + 2 * p - kernel_size) // stride + 1


def _pads(size: int, kernel_size: int, stride: int, padding: str | int) -> tuple[int, int]:
    if padding == "same":
        return same_padding(size, kernel_size, stride)
    p = 0 if padding == "valid" else int(padding)
    return p, p


def conv2d(X, kernel, bias=None, *, stride: int = 1, padding: int | str = "valid") -> np.ndarray:
    """A convolutional layer by hand, as ``keras.layers.Conv2D`` computes it (no activation).

    Every output cell is the sum of a window of the input times the kernel,
    over every input channel, plus the bias: cross-correlation, the kernel is
    not flipped.

    Parameters
    ----------
    X : array-like of shape (n_samples, height, width, in_channels)
        Channels last, as Keras stores images. (PyTorch stores them as
        (n_samples, in_channels, height, width).)
    kernel : array-like of shape (kernel_height, kernel_width, in_channels, out_channels)
        Keras' layout (``layer.kernel``). PyTorch's ``conv.weight`` is
        (out_channels, in_channels, kernel_height, kernel_width).
    bias : array-like of shape (out_channels,), optional
    stride : int
    padding : {"valid", "same"} or int
        As Keras' ``padding``; a whole number p adds p zeros on every side
        (PyTorch's ``padding=p``).

    Returns
    -------
    ndarray of shape (n_samples, out_height, out_width, out_channels)
    """
    X = v.as_array(X, "X", ndim=4)
    kernel = v.as_array(kernel, "kernel", ndim=4)
    kh, kw, cin, cout = kernel.shape
    if X.shape[3] != cin:
        raise ValueError(
            f"X has {X.shape[3]} channels (its last axis) but the kernel expects {cin} (its third axis). "
            "Keras' layout is X: (samples, height, width, channels), kernel: (kh, kw, in, out)."
        )
    bias = np.zeros(cout) if bias is None else v.as_array(bias, "bias", shape=(cout,))
    stride = v.as_int(stride, "stride", low=1)
    padding = _padding(padding)
    (top, bottom), (left, right) = (_pads(X.shape[1], kh, stride, padding), _pads(X.shape[2], kw, stride, padding))
    padded = np.pad(X, ((0, 0), (top, bottom), (left, right), (0, 0)))
    if padded.shape[1] < kh or padded.shape[2] < kw:
        raise ValueError(
            f"A {kh}x{kw} kernel does not fit in the padded {padded.shape[1]}x{padded.shape[2]} input: "
            "use a smaller kernel or more padding."
        )
    windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))[:, ::stride, ::stride]
    # windows: (n, out_h, out_w, in, kh, kw); sum over in, kh, kw for every out channel.
    return np.einsum("nhwcij,ijco->nhwo", windows, kernel, optimize=True) + bias


def feature_map(image, kernel, *, stride: int = 1, padding: int | str = "valid") -> np.ndarray:
    """The feature map (特徵圖) of one kernel on one picture: each cell says how well that place matches.

    Parameters
    ----------
    image : array-like of shape (height, width)
    kernel : array-like of shape (kernel_height, kernel_width)
    stride : int
    padding : {"valid", "same"} or int

    Returns
    -------
    ndarray of shape (out_height, out_width)
    """
    image, kernel = _image(image), _kernel(kernel)
    return conv2d(image[None, :, :, None], kernel[:, :, None, None], stride=stride, padding=padding)[0, :, :, 0]


def patch_products(image, kernel, row: int, col: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The window of ``image`` whose top-left pixel is (row, col), its products with ``kernel``, and their sum.

    Returns
    -------
    patch : ndarray of shape kernel.shape
    products : ndarray of shape kernel.shape
        ``patch * kernel``, element by element.
    total : float
        The feature map's value at (row, col).
    """
    image, kernel = _image(image), _kernel(kernel)
    kh, kw = kernel.shape
    height, width = image.shape
    if kh > height or kw > width:
        raise ValueError(f"The {kh}x{kw} kernel does not fit in the {height}x{width} image.")
    row = v.as_int(row, "row", low=0, high=height - kh)
    col = v.as_int(col, "col", low=0, high=width - kw)
    patch = image[row:row + kh, col:col + kw]
    products = patch * kernel
    return patch.copy(), products, float(products.sum())


def pool2d(x, *, size: int = 2, stride: int | None = None, mode: str = "max") -> np.ndarray:
    """Max or average pooling (池化) of a feature map, as Keras' ``MaxPooling2D`` / ``AveragePooling2D``.

    Windows of ``size x size`` every ``stride`` pixels (default: ``size``);
    cells that do not fill a whole window at the right or bottom edge are
    dropped (``padding="valid"``), so a 7x7 map pools to 3x3.

    Parameters
    ----------
    x : array-like of shape (height, width) or (height, width, channels)
    size, stride : int
    mode : {"max", "average"}
    """
    x = v.as_array(x, "x", ndim=(2, 3))
    size = v.as_int(size, "size", low=1)
    stride = size if stride is None else v.as_int(stride, "stride", low=1)
    mode = v.choice(mode, "mode", ("max", "average"))
    if size > x.shape[0] or size > x.shape[1]:
        raise ValueError(f"A {size}x{size} pooling window does not fit in a {x.shape[0]}x{x.shape[1]} map.")
    windows = sliding_window_view(x, (size, size), axis=(0, 1))[::stride, ::stride]
    return windows.max(axis=(-2, -1)) if mode == "max" else windows.mean(axis=(-2, -1))


def receptive_field(layers) -> int:
    """How many input pixels across one cell of the last layer sees.

    Parameters
    ----------
    layers : sequence of (kernel_size, stride)
        The layers in order; a 3x3 convolution with stride 1 is ``(3, 1)``, a
        2x2 pooling with stride 2 is ``(2, 2)``.

    Examples
    --------
    >>> receptive_field([(3, 1)]), receptive_field([(3, 1), (2, 2)])
    (3, 4)
    """
    if isinstance(layers, (str, bytes)) or not isinstance(layers, (Sequence, np.ndarray)):
        raise TypeError(f"layers should be a list of (kernel_size, stride) pairs, but it is {v.describe(layers)}.")
    if len(layers) == 0:
        raise ValueError("layers is empty: give at least one (kernel_size, stride) pair.")
    field, jump = 1, 1
    for i, layer in enumerate(layers):
        if isinstance(layer, (str, bytes)) or not isinstance(layer, (Sequence, np.ndarray)) or len(layer) != 2:
            raise TypeError(f"layers[{i}] should be a (kernel_size, stride) pair, but it is {v.describe(layer)}.")
        k = v.as_int(layer[0], f"layers[{i}] kernel_size", low=1)
        s = v.as_int(layer[1], f"layers[{i}] stride", low=1)
        field += (k - 1) * jump
        jump *= s
    return field


def shift_images(images, dy: int, dx: int) -> np.ndarray:
    """Move pictures ``dy`` pixels down and ``dx`` pixels right, filling with 0 (black).

    Negative numbers move up or left. What falls off the edge is lost.

    Parameters
    ----------
    images : array-like of shape (height, width) or (n_images, height, width)
    dy, dx : int

    Returns
    -------
    ndarray of the same shape (float)
    """
    images = v.as_array(images, "images", ndim=(2, 3))
    height, width = images.shape[-2:]
    dy = v.as_int(dy, "dy", low=-(height - 1), high=height - 1)
    dx = v.as_int(dx, "dx", low=-(width - 1), high=width - 1)
    out = np.zeros_like(images)
    rows_to, rows_from = slice(max(dy, 0), height + min(dy, 0)), slice(max(-dy, 0), height + min(-dy, 0))
    cols_to, cols_from = slice(max(dx, 0), width + min(dx, 0)), slice(max(-dx, 0), width + min(-dx, 0))
    out[..., rows_to, cols_to] = images[..., rows_from, cols_from]
    return out


class ScanningExample(NamedTuple):
    """A real digit on which the club course's kernel gives the slides' numbers.

    ``image`` is the 28x28 digit (grey levels 0-255), ``label`` its digit,
    ``kernel`` the horizontal-line kernel, ``start`` the (row, col) where the
    window's middle row equals the slides' patch (sum 341), and ``values``
    maps (row, col) to the feature-map value there: the slides' 341, 0, 425, 707.
    """

    image: np.ndarray
    label: int
    kernel: np.ndarray
    start: tuple[int, int]
    values: dict


@functools.lru_cache(maxsize=1)
def _example_digit() -> tuple[np.ndarray, int]:
    from .data import load_mnist

    (x_train, y_train), _ = load_mnist(source="offline", quiet=True)
    image = x_train[1307].astype(float)
    if not np.array_equal(image[7, 4:7], SOURCE_PATCH[1]):
        raise RuntimeError("The offline digits changed: training digit 1307 is not the course's example any more.")
    image.setflags(write=False)
    return image, int(y_train[1307])


def scanning_example() -> ScanningExample:
    """The course's example digit (a 3 from the offline MNIST digits) for the sliding kernel.

    The slides' own digit is not among the 5,000 offline digits. In this one,
    the window at row 6, column 4 has the slides' middle row (0, 86, 255), so
    the horizontal-line kernel gives 341 there; 425, 0 and 707 appear at the
    places listed in ``values``.
    """
    image, label = _example_digit()
    values = {(6, 4): 341.0, (7, 4): 425.0, (7, 8): 0.0, (15, 15): 707.0}
    return ScanningExample(image, label, SOURCE_KERNEL, (6, 4), values)


# --------------------------------------------------------------------------- drawing helpers


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2g}"


def _symmetric(values: np.ndarray) -> float:
    top = float(np.nanmax(np.abs(values))) if values.size else 1.0
    return top if top > 0 else 1.0


def _off(ax) -> None:
    """No ticks, grid or frame: pictures fill their axes (a frame under an animated image would be lost)."""
    ax.set_axis_off()


def _as_axes(ax, count: int, *, figsize, width_ratios=None) -> list:
    """``count`` axes: the given ones (a sequence) or new ones in one row."""
    if ax is None:
        kw = {"gridspec_kw": {"width_ratios": width_ratios}} if width_ratios else {}
        return list(np.ravel(axes_or_new(None, figsize=figsize, ncols=count, **kw)))
    if isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(np.ravel(np.asarray(ax, dtype=object)))
        if len(axes) < count:
            raise ValueError(f"ax should hold {count} matplotlib Axes, but it holds {len(axes)}.")
        for i, a in enumerate(axes[:count]):
            v.axes(a, f"ax[{i}]")
        return axes[:count]
    raise TypeError(f"ax should be a list of {count} matplotlib Axes (or None for a new figure), "
                    f"but it is {v.describe(ax)}.")


# --------------------------------------------------------------------------- 1. the sliding kernel


def _draw_scanning(ax_image, ax_map, image: np.ndarray, kernel: np.ndarray, ax_patch=None) -> dict:
    kh, kw = kernel.shape
    fmap = feature_map(image, kernel)
    top = max(float(image.max()), 1.0)
    ax_image.imshow(image, cmap="gray_r", vmin=0, vmax=top)
    ax_image.set_title("the picture and the kernel's window")
    _off(ax_image)
    window = Rectangle((-0.5, -0.5), kw, kh, fill=False, edgecolor=_BLUE, linewidth=2.5)
    ax_image.add_patch(window)
    patch_image, texts = None, []
    if ax_patch is not None:  # the static figure writes the products out; the demo shows them as HTML
        patch_image = ax_patch.imshow(np.zeros((kh, kw)), cmap="gray_r", vmin=0, vmax=top)
        texts = [[ax_patch.text(c, r, "", ha="center", va="center", fontsize=9) for c in range(kw)]
                 for r in range(kh)]
        ax_patch.set_title("patch \u00d7 kernel")
        _off(ax_patch)
        ax_patch.set_xlim(-0.5, kw - 0.5)
        ax_patch.set_ylim(kh - 0.5, -0.5)
    map_image = ax_map.imshow(np.full(fmap.shape, np.nan), cmap=_UNFILLED_CMAP,
                              vmin=min(float(fmap.min()), 0.0), vmax=max(float(fmap.max()), 1.0))
    marker = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor=_ORANGE, linewidth=2)
    ax_map.add_patch(marker)
    ax_map.set_title(f"the feature map ({fmap.shape[0]}x{fmap.shape[1]}), filling in")
    _off(ax_map)
    return {"fmap": fmap, "window": window, "patch": patch_image, "texts": texts, "map": map_image,
            "marker": marker, "image": image, "kernel": kernel, "top": top}


def _update_scanning(artists: dict, row: int, col: int) -> tuple[np.ndarray, np.ndarray, float]:
    image, kernel, fmap = artists["image"], artists["kernel"], artists["fmap"]
    patch, products, total = patch_products(image, kernel, row, col)
    artists["window"].set_xy((col - 0.5, row - 0.5))
    if artists["patch"] is not None:
        artists["patch"].set_data(patch)
        artists["patch"].axes.set_title(f"patch \u00d7 kernel: sum = {_fmt(total)}")
        for r, line in enumerate(artists["texts"]):
            for c, text in enumerate(line):
                text.set_text(f"{_fmt(patch[r, c])}\n\u00d7{_fmt(kernel[r, c])}")
                text.set_color("white" if patch[r, c] > artists["top"] / 2 else "black")
    shown = np.full(fmap.shape, np.nan)
    done = row * fmap.shape[1] + col + 1  # the window slides row by row: every place up to here is done
    shown.flat[:done] = fmap.flat[:done]
    artists["map"].set_data(shown)
    artists["marker"].set_xy((col - 0.5, row - 0.5))
    return patch, products, total


def _patch_table(patch: np.ndarray, kernel: np.ndarray, top: float) -> str:
    """The window's pixels with the kernel's weights, as an HTML table (drawn by the browser, not matplotlib)."""
    rows = []
    for r in range(patch.shape[0]):
        cells = []
        for c in range(patch.shape[1]):
            shade = 1 - min(max(patch[r, c] / top, 0.0), 1.0)
            grey = int(round(255 * shade))
            ink = "white" if shade < 0.5 else "black"
            cells.append(
                f"<td style='width:52px;height:38px;text-align:center;background:rgb({grey},{grey},{grey});"
                f"color:{ink};border:1px solid #999'>{_fmt(patch[r, c])}<br>"
                f"<span style='font-size:80%;color:{_BLUE};background:white;padding:0 2px'>"
                f"\u00d7{_fmt(kernel[r, c])}</span></td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table style='border-collapse:collapse;display:inline-table'>" + "".join(rows) + "</table>"


def _scanning_inputs(image, kernel):
    if image is None:
        example = scanning_example()
        image, start = example.image, example.start
    else:
        image, start = _image(image), (0, 0)
    kernel = SOURCE_KERNEL if kernel is None else _kernel(kernel)
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"The {kernel.shape[0]}x{kernel.shape[1]} kernel does not fit in the "
                         f"{image.shape[0]}x{image.shape[1]} image.")
    return image, kernel, start


def plot_scanning(image=None, kernel=None, row: int | None = None, col: int | None = None, *, ax=None) -> Figure:
    """The kernel's window on a picture, the products it adds up, and the feature map so far.

    Parameters
    ----------
    image : array-like of shape (height, width), optional
        Default: the course's example digit (:func:`scanning_example`).
    kernel : array-like of shape (kernel_height, kernel_width), optional
        Default: the club course's horizontal-line kernel.
    row, col : int, optional
        The window's top-left pixel; default: where the slides' 341 is (or 0, 0).
    ax : three matplotlib Axes, optional
    """
    image, kernel, start = _scanning_inputs(image, kernel)
    row = start[0] if row is None else row
    col = start[1] if col is None else col
    ax_image, ax_patch, ax_map = _as_axes(ax, 3, figsize=(11, 3.8), width_ratios=[1, 0.8, 1])
    artists = _draw_scanning(ax_image, ax_map, image, kernel, ax_patch=ax_patch)
    _update_scanning(artists, row, col)
    return ax_image.figure


def demo_sliding_kernel(image=None, kernel=None) -> SliderDemo:
    """Slide a kernel over a digit: the window, the nine products, their sum, and the feature map filling in.

    Starts on the club course's example: the horizontal-line kernel at the
    place of the course's example digit where the sum is 341.
    """
    image, kernel, start = _scanning_inputs(image, kernel)
    live = LiveFigure(1, 2, figsize=(7.5, 3.6))
    artists = _draw_scanning(*live.axes, image, kernel)
    live.figure.tight_layout()
    live.animate(artists["window"], artists["map"], artists["marker"])
    readout = Readout(lines=2 + 2 * kernel.shape[0])

    def update(row: int, col: int) -> None:
        patch, _, total = _update_scanning(artists, row, col)
        terms = " + ".join(f"{_fmt(k)}\u00b7{_fmt(p)}" for k, p in zip(kernel.ravel(), patch.ravel(), strict=True))
        readout.show(f"<div>the window at row {row}, column {col}: pixels (grey) \u00d7 kernel (blue)</div>"
                     + _patch_table(patch, kernel, artists["top"])
                     + f"<div>{terms} = <b>{_fmt(total)}</b></div>")

    fmap_h, fmap_w = artists["fmap"].shape
    controls = {
        "row": slider("row of the window", 0, fmap_h - 1, 1, start[0]),
        "col": slider("column of the window", 0, fmap_w - 1, 1, start[1]),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="The sliding kernel")


# --------------------------------------------------------------------------- 2. a kernel chooser


def _parse_kernel(text: str) -> np.ndarray:
    """'0 0 0; 1 1 1; 0 0 0' (rows separated by ';' or new lines) as a 3x3 array."""
    if not isinstance(text, str):
        raise TypeError(f"custom should be text such as '0 0 0; 1 1 1; 0 0 0', not {v.describe(text)}.")
    rows = [r.replace(",", " ").split() for r in text.replace("\n", ";").split(";") if r.strip()]
    try:
        values = np.array([[float(x) for x in r] for r in rows], dtype=float)
    except ValueError:
        raise ValueError("custom should hold 9 numbers as 3 rows, e.g. '0 0 0; 1 1 1; 0 0 0'.") from None
    if values.shape != (3, 3) or not np.isfinite(values).all():
        raise ValueError("custom should hold 9 numbers as 3 rows of 3, e.g. '0 0 0; 1 1 1; 0 0 0'.")
    return values


def _default_digits() -> np.ndarray:
    from .data import load_mnist

    _, (x_test, y_test) = load_mnist(source="offline", quiet=True)
    picks = [int(np.flatnonzero(y_test == d)[0]) for d in (0, 2, 4, 7)]
    return x_test[picks].astype(float)


def _images(images, name: str = "images", *, most: int = 6) -> np.ndarray:
    images = _default_digits() if images is None else v.as_array(images, name, ndim=3)
    if len(images) > most:
        raise ValueError(f"{name} holds {len(images)} pictures; give at most {most} so each stays readable.")
    return images


def _draw_kernel_effects(axes, images: np.ndarray, *, numbers: bool = True) -> dict:
    ax_kernel, image_axes, map_axes = axes[0], axes[1], axes[2]
    kernel_image = ax_kernel.imshow(np.zeros((3, 3)), cmap=_SIGN_CMAP, vmin=-1, vmax=1)
    texts = [[ax_kernel.text(c, r, "", ha="center", va="center", fontsize=10) for c in range(3)] for r in range(3)
             ] if numbers else []
    ax_kernel.set_title("kernel")
    _off(ax_kernel)
    for ax, image in zip(image_axes, images, strict=True):
        ax.imshow(image, cmap="gray_r")
        _off(ax)
    maps = []
    for ax, image in zip(map_axes, images, strict=True):
        maps.append(ax.imshow(np.zeros((image.shape[0] - 2, image.shape[1] - 2)), cmap=_SIGN_CMAP, vmin=-1, vmax=1))
        _off(ax)
    return {"kernel": kernel_image, "texts": texts, "maps": maps, "images": images}


def _update_kernel_effects(artists: dict, kernel: np.ndarray) -> list[np.ndarray]:
    limit = _symmetric(kernel)
    artists["kernel"].set_data(kernel)
    artists["kernel"].set_clim(-limit, limit)
    for r, line in enumerate(artists["texts"]):
        for c, text in enumerate(line):
            text.set_text(_fmt(kernel[r, c]))
    maps = [feature_map(image, kernel) for image in artists["images"]]
    top = max(_symmetric(m) for m in maps)
    for image, fmap in zip(artists["maps"], maps, strict=True):
        image.set_data(fmap)
        image.set_clim(-top, top)
    return maps


def _kernel_table(kernel: np.ndarray) -> str:
    """A kernel's numbers as an HTML table, each cell in the kernel's colour (blue +, orange -)."""
    limit = _symmetric(kernel)
    rows = []
    for line in kernel:
        cells = []
        for value in line:
            r, g, b, _ = (int(round(255 * x)) for x in _SIGN_CMAP(0.5 + 0.5 * value / limit))
            cells.append(f"<td style='width:44px;text-align:center;background:rgb({r},{g},{b});"
                         f"border:1px solid #999'>{_fmt(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table style='border-collapse:collapse;display:inline-table'>" + "".join(rows) + "</table>"


def _kernel_grid(figure, count: int):
    grid = figure.add_gridspec(2, count + 1)
    ax_kernel = figure.add_subplot(grid[:, 0])
    image_axes = [figure.add_subplot(grid[0, i + 1]) for i in range(count)]
    map_axes = [figure.add_subplot(grid[1, i + 1]) for i in range(count)]
    return ax_kernel, image_axes, map_axes


def plot_kernel_effects(kernel="vertical edge", images=None) -> Figure:
    """One kernel and its feature maps on a few digits (blue: positive, orange: negative).

    Parameters
    ----------
    kernel : str or array-like of shape (3, 3)
        A name from :data:`KERNELS` or nine numbers.
    images : array-like of shape (n_images, height, width), optional
        At most 6 pictures; default: four offline test digits.
    """
    kernel = KERNELS[v.choice(kernel, "kernel", tuple(KERNELS))] if isinstance(kernel, str) else v.as_array(
        kernel, "kernel", shape=(3, 3))
    images = _images(images)
    figure = Figure(figsize=(2.2 * (len(images) + 1), 4.4))
    artists = _draw_kernel_effects(_kernel_grid(figure, len(images)), images)
    _update_kernel_effects(artists, kernel)
    figure.tight_layout()
    return figure


def demo_kernels(images=None) -> SliderDemo:
    """Choose a kernel (or type one) and see its feature map on several digits."""
    images = _images(images)
    live = LiveFigure(figsize=(2.2 * (len(images) + 1), 4.4))
    live.figure.delaxes(live.axes)
    # The kernel's numbers are an HTML table under the figure (text costs more to draw than pictures).
    artists = _draw_kernel_effects(_kernel_grid(live.figure, len(images)), images, numbers=False)
    live.figure.tight_layout()
    live.animate(artists["kernel"], *artists["maps"])
    readout = Readout(lines=6)
    custom_name = "custom (type it below)"

    def update(kernel: str, custom: str) -> None:
        values = _parse_kernel(custom) if kernel == custom_name else KERNELS[kernel]
        maps = _update_kernel_effects(artists, values)
        low = min(float(m.min()) for m in maps)
        high = max(float(m.max()) for m in maps)
        readout.show(f"<div><b>{kernel}</b></div>" + _kernel_table(values)
                     + f"<div>the feature maps go from {_fmt(low)} to {_fmt(high)} "
                     "(blue: the place matches the kernel; orange: it matches the kernel's opposite)</div>")

    controls = {
        "kernel": dropdown("kernel", [*KERNELS, custom_name], "vertical edge"),
        "custom": widgets.Text(value="0 0 0; 1 1 1; 0 0 0", description="custom kernel",
                               continuous_update=False, style={"description_width": "initial"},
                               layout=widgets.Layout(width="420px")),
    }
    holder: dict[str, SliderDemo] = {}

    def typed(change: dict) -> None:  # registered before the demo's own observer: typing chooses "custom"
        if "demo" in holder and controls["kernel"].value != custom_name:
            with holder["demo"].holding():
                controls["kernel"].value = custom_name

    controls["custom"].observe(typed, names="value")
    holder["demo"] = SliderDemo(controls, update, figure=live, readout=readout, title="What each kernel finds")
    return holder["demo"]


# --------------------------------------------------------------------------- 3. stride and padding

_CELL = 14  # pixels per grid cell in the stride/padding picture
_GRID = 16  # the picture has room for a 16x16 padded input


def _grid_raster(size: int, colours: dict, dots=()) -> np.ndarray:
    """A (_GRID * _CELL)^2 RGB picture of a size x size grid; ``colours`` maps (r, c) -> RGB.

    ``dots`` maps (r, c) -> RGB for a small square in the middle of a cell.
    """
    side = _GRID * _CELL
    raster = np.ones((side, side, 3))
    offset = (_GRID - size) * _CELL // 2
    for (r, c), rgb in colours.items():
        y, x = offset + r * _CELL, offset + c * _CELL
        raster[y:y + _CELL, x:x + _CELL] = rgb
    dot = _CELL // 2 - 2
    for (r, c), rgb in dict(dots).items():
        y, x = offset + r * _CELL + dot, offset + c * _CELL + dot
        raster[y:y + 5, x:x + 5] = rgb
    lines = offset + np.arange(size + 1) * _CELL
    lines = np.clip(lines, 0, side - 1)
    span = slice(offset, min(offset + size * _CELL + 1, side))
    for line in lines:
        raster[line, span] = 0.35
        raster[span, line] = 0.35
    return raster


def _rgb(colour: str) -> np.ndarray:
    colour = colour.lstrip("#")
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def _stride_padding_pictures(n: int, kernel_size: int, stride: int, padding: int):
    full = n + 2 * padding
    out = output_size(n, kernel_size, stride, padding)
    grey, white = np.full(3, 0.85), np.ones(3)
    blue, orange = _rgb(_BLUE), _rgb(_ORANGE)
    light_blue, light_orange = 1 - 0.35 * (1 - blue), 1 - 0.45 * (1 - orange)
    colours = {}
    for r in range(full):
        for c in range(full):
            inside = padding <= r < padding + n and padding <= c < padding + n
            colours[r, c] = white if inside else grey
    second = (0, stride) if out > 1 else None
    for r in range(kernel_size):
        for c in range(kernel_size):
            colours[r, c] = light_blue
            if second is not None and stride <= c + stride < full:
                colours[r, c + stride] = light_orange if c + stride >= kernel_size else (light_blue + light_orange) / 2
    dots = {(i * stride, j * stride): (blue if (i, j) == (0, 0) else orange if (i, j) == (0, 1) else np.full(3, 0.2))
            for i in range(out) for j in range(out)}
    covered = (out - 1) * stride + kernel_size
    out_colours = {(i, j): (light_blue if (i, j) == (0, 0) else light_orange if (i, j) == (0, 1) else white)
                   for i in range(out) for j in range(out)}
    out_dots = {(i, j): (blue if (i, j) == (0, 0) else orange if (i, j) == (0, 1) else np.full(3, 0.2))
                for i in range(out) for j in range(out)}
    pictures = (_grid_raster(full, colours, dots), _grid_raster(out, out_colours, out_dots))
    return *(np.round(255 * p).astype(np.uint8) for p in pictures), out, full - covered


def _stride_padding_text(n: int, kernel_size: int, stride: int, padding: int, out: int, left: int) -> str:
    text = (f"output side = \u230a(n + 2p \u2212 k) / s\u230b + 1 = \u230a({n} + {2 * padding} \u2212 {kernel_size}) / "
            f"{stride}\u230b + 1 = <b>{out}</b>")
    if left:
        text += f"; the last {left} row(s) and column(s) are never read by any window"
    return text


def plot_output_size(n: int = 7, kernel_size: int = 3, stride: int = 1, padding: int = 0, *, ax=None) -> Figure:
    """The padded input (grey: the zeros of padding) with the kernel's first two windows, and the output grid.

    A dot marks where each window starts (its top-left pixel) and, on the
    right, the output cell it makes; blue is the first window, orange the second.
    """
    n, kernel_size, stride, padding = _stride_padding_args(n, kernel_size, stride, padding)
    axes = _as_axes(ax, 2, figsize=(8, 3.6))
    artists = _draw_stride_padding(axes)
    _update_stride_padding(artists, n, kernel_size, stride, padding)
    return axes[0].figure


def _stride_padding_args(n, kernel_size, stride, padding):
    n = v.as_int(n, "n", low=1, high=12)
    kernel_size = v.as_int(kernel_size, "kernel_size", low=1, high=7)
    stride = v.as_int(stride, "stride", low=1, high=4)
    padding = v.as_int(padding, "padding", low=0, high=2)
    output_size(n, kernel_size, stride, padding)  # raises when the kernel does not fit
    return n, kernel_size, stride, padding


def _draw_stride_padding(axes, *, titles: bool = True) -> dict:
    ax_in, ax_out = axes
    blank = np.full((_GRID * _CELL, _GRID * _CELL, 3), 255, dtype=np.uint8)
    picture_in = ax_in.imshow(blank, interpolation="nearest")
    picture_out = ax_out.imshow(blank, interpolation="nearest")
    for ax in axes:
        _off(ax)
    if not titles:
        ax_in.set_title("input (grey: padding); dots: where windows start")
        ax_out.set_title("output")
    return {"in": picture_in, "out": picture_out, "titles": titles, "title_in": ax_in.title,
            "title_out": ax_out.title}


def _update_stride_padding(artists: dict, n: int, kernel_size: int, stride: int, padding: int) -> tuple[int, int]:
    picture_in, picture_out, out, left = _stride_padding_pictures(n, kernel_size, stride, padding)
    artists["in"].set_data(picture_in)
    artists["out"].set_data(picture_out)
    if not artists["titles"]:
        return out, left
    artists["title_in"].set_text(f"input {n}x{n}, padding {padding}, kernel {kernel_size}x{kernel_size}, "
                                 f"stride {stride}")
    artists["title_out"].set_text(f"output {out}x{out}")
    return out, left


def demo_stride_padding() -> SliderDemo:
    """Sliders for the input size, kernel size, stride (步長) and padding (填補); the grids and the formula."""
    live = LiveFigure(1, 2, figsize=(8, 3.6))
    artists = _draw_stride_padding(live.axes, titles=False)  # the sizes are in the readout
    live.figure.tight_layout()
    live.animate(artists["in"], artists["out"])
    readout = Readout(lines=2)

    def update(n: int, kernel_size: int, stride: int, padding: int) -> None:
        n, kernel_size, stride, padding = _stride_padding_args(n, kernel_size, stride, padding)
        out, left = _update_stride_padding(artists, n, kernel_size, stride, padding)
        readout.show(f"<div>input {n}x{n}, padding {padding}, kernel {kernel_size}x{kernel_size}, stride {stride}: "
                     f"output {out}x{out}</div><div>"
                     + _stride_padding_text(n, kernel_size, stride, padding, out, left) + "</div>")

    controls = {
        "n": slider("input side n", 3, 12, 1, 7),
        "kernel_size": slider("kernel side k", 1, 5, 1, 3),
        "stride": slider("stride s", 1, 3, 1, 1),
        "padding": slider("padding p", 0, 2, 1, 0),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Stride and padding")


# --------------------------------------------------------------------------- 4. pooling


def _default_pooling_map() -> np.ndarray:
    example = scanning_example()
    # What a pooling layer sees: a convolution's map after ReLU (top edges of the strokes).
    return np.maximum(feature_map(example.image, KERNELS["horizontal edge"], padding="same"), 0.0)


def _pool_input(fmap) -> np.ndarray:
    fmap = _default_pooling_map() if fmap is None else v.as_array(fmap, "fmap", ndim=2)
    if min(fmap.shape) < 4:
        raise ValueError(f"fmap is {fmap.shape[0]}x{fmap.shape[1]}; pooling needs a map of at least 4x4.")
    return fmap


def _draw_pooling(axes, fmap: np.ndarray, *, titles: bool = True) -> dict:
    limit = _symmetric(fmap)
    height, width = fmap.shape
    extent = (-0.5, width - 0.5, height - 0.5, -0.5)
    ax_map, ax_max, ax_mean = axes
    ax_map.imshow(fmap, cmap=_SIGN_CMAP, vmin=-limit, vmax=limit, extent=extent)
    ax_map.set_title(f"feature map {height}x{width}")
    grid = ax_map.vlines([], -0.5, height - 0.5, colors="0.3", linewidths=0.6)
    rows = ax_map.hlines([], -0.5, width - 0.5, colors="0.3", linewidths=0.6)
    pooled = [ax.imshow(fmap, cmap=_SIGN_CMAP, vmin=-limit, vmax=limit, extent=extent) for ax in (ax_max, ax_mean)]
    for ax in axes:
        _off(ax)
    if not titles:
        ax_max.set_title("max pooling")
        ax_mean.set_title("average pooling")
    return {"fmap": fmap, "grid": (grid, rows), "pooled": pooled,
            "titles": (ax_max.title, ax_mean.title) if titles else ()}


def _update_pooling(artists: dict, size: int) -> tuple[np.ndarray, np.ndarray]:
    fmap = artists["fmap"]
    height, width = fmap.shape
    maximum = pool2d(fmap, size=size, mode="max")
    average = pool2d(fmap, size=size, mode="average")
    used_h, used_w = maximum.shape[0] * size, maximum.shape[1] * size
    for image, pooled in zip(artists["pooled"], (maximum, average), strict=True):
        image.set_data(pooled)
        image.set_extent((-0.5, used_w - 0.5, used_h - 0.5, -0.5))  # each pooled cell covers its window
    xs = np.arange(0, used_w + 1, size) - 0.5
    ys = np.arange(0, used_h + 1, size) - 0.5
    verticals, horizontals = artists["grid"]
    verticals.set_segments([[(x, -0.5), (x, used_h - 0.5)] for x in xs])
    horizontals.set_segments([[(-0.5, y), (used_w - 0.5, y)] for y in ys])
    shape = f"{maximum.shape[0]}x{maximum.shape[1]}"
    if artists["titles"]:
        artists["titles"][0].set_text(f"max pooling {size}x{size}: {shape}")
        artists["titles"][1].set_text(f"average pooling {size}x{size}: {shape}")
    return maximum, average


def plot_pooling(fmap=None, size: int = 2, *, ax=None) -> Figure:
    """A feature map with its pooling windows, and its max- and average-pooled maps.

    Parameters
    ----------
    fmap : array-like of shape (height, width), optional
        Default: the horizontal-edge map of the course's example digit after ReLU (28x28).
    size : int
        The pooling window's side, which is also its stride.
    ax : three matplotlib Axes, optional
    """
    fmap = _pool_input(fmap)
    size = v.as_int(size, "size", low=1, high=min(fmap.shape))
    axes = _as_axes(ax, 3, figsize=(11, 3.9))
    artists = _draw_pooling(axes, fmap)
    _update_pooling(artists, size)
    return axes[0].figure


def demo_pooling(fmap=None) -> SliderDemo:
    """Max against average pooling (池化) of one feature map, for window sizes 1 to 4."""
    fmap = _pool_input(fmap)
    live = LiveFigure(1, 3, figsize=(11, 3.9))
    artists = _draw_pooling(live.axes, fmap, titles=False)  # the sizes are in the readout
    live.figure.tight_layout()
    live.animate(*artists["grid"], *artists["pooled"], *artists["titles"])
    readout = Readout()

    def update(size: int) -> None:
        maximum, average = _update_pooling(artists, size)
        kept = maximum.size / fmap.size
        readout.show(f"window {size}x{size}, stride {size}: {fmap.shape[0]}x{fmap.shape[1]} = {fmap.size} numbers become "
                     f"{maximum.shape[0]}x{maximum.shape[1]} = {maximum.size} ({kept:.0%}); strongest response "
                     f"kept by max: {_fmt(round(float(np.abs(maximum).max()), 1))}, by average: "
                     f"{_fmt(round(float(np.abs(average).max()), 1))}")

    controls = {"size": slider("window side (= stride)", 1, 4, 1, 2)}
    return SliderDemo(controls, update, figure=live, readout=readout, title="Max and average pooling")


# --------------------------------------------------------------------------- 5. a trained network's feature maps

_MOSAIC = (240, 480)  # the pixel canvas every layer's maps are laid out on


def _maps_last(maps, name: str, layout: str, ndim: int) -> np.ndarray:
    """``maps`` with the channels on the last axis."""
    layout = v.choice(layout, "layout", _LAYOUTS)
    maps = v.as_array(maps, name, ndim=ndim)
    return np.moveaxis(maps, -3, -1) if layout == "channels_first" else maps


def _mosaic(maps: np.ndarray, canvas: tuple[int, int] = _MOSAIC) -> np.ndarray:
    """Tile the maps of shape (h, w, c), each scaled to [0, 1], on a fixed canvas (NaN between tiles)."""
    h, w, count = maps.shape
    best = None
    for ncols in range(1, count + 1):
        nrows = -(-count // ncols)
        scale = min(canvas[0] // (nrows * (h + 1)), canvas[1] // (ncols * (w + 1)))
        if scale >= 1 and (best is None or scale > best[0]):
            best = (scale, nrows, ncols)
    if best is None:
        raise ValueError(f"{count} maps of {h}x{w} do not fit on one picture; show fewer channels.")
    scale, nrows, ncols = best
    low = maps.min(axis=(0, 1), keepdims=True)
    span = maps.max(axis=(0, 1), keepdims=True) - low
    scaled = (maps - low) / np.where(span > 0, span, 1.0)
    out = np.full(canvas, np.nan)
    tile_h, tile_w = (h + 1) * scale, (w + 1) * scale
    top = (canvas[0] - nrows * tile_h) // 2
    left = (canvas[1] - ncols * tile_w) // 2
    for k in range(count):
        r, c = divmod(k, ncols)
        y, x = top + r * tile_h, left + c * tile_w
        out[y:y + h * scale, x:x + w * scale] = np.kron(scaled[:, :, k], np.ones((scale, scale)))
    return out


def plot_feature_maps(maps, *, image=None, layout: str = "channels_last", title: str = "", ax=None) -> Figure:
    """Every feature map of one layer for one picture, side by side, each scaled to its own range.

    Parameters
    ----------
    maps : array-like of shape (height, width, channels)
        One picture's activations of one layer; with ``layout="channels_first"``
        (PyTorch) the shape is (channels, height, width).
    image : array-like of shape (height, width), optional
        The input picture, drawn on the left.
    layout : {"channels_last", "channels_first"}
    title : str
    ax : matplotlib Axes, or two (picture, maps) when ``image`` is given
    """
    maps = _maps_last(maps, "maps", layout, 3)
    v.as_str(title, "title", allow_empty=True)
    if image is not None:
        image = _image(image)
        ax_image, ax_maps = _as_axes(ax, 2, figsize=(10, 3.7), width_ratios=[1, 2.6])
        ax_image.imshow(image, cmap="gray_r")
        _off(ax_image)
    else:
        ax_maps = v.axes(ax) or axes_or_new(None, figsize=(8, 4))
    ax_maps.imshow(_mosaic(maps), cmap=_MAPS_CMAP, vmin=0, vmax=1, interpolation="nearest")
    _off(ax_maps)
    ax_maps.set_title(title or f"{maps.shape[-1]} feature maps of {maps.shape[0]}x{maps.shape[1]}")
    return ax_maps.figure


def plot_kernels(kernels, *, layout: str = "channels_last", ax=None) -> Figure:
    """A first convolutional layer's kernels as pictures (blue: positive weights, orange: negative).

    Parameters
    ----------
    kernels : array-like
        Keras' layout (kernel_height, kernel_width, 1, out_channels) for
        ``layout="channels_last"``, PyTorch's (out_channels, 1, kernel_height,
        kernel_width) for ``"channels_first"``. Only the first input channel is drawn.
    layout : {"channels_last", "channels_first"}
    ax : matplotlib Axes, optional
    """
    layout = v.choice(layout, "layout", _LAYOUTS)
    kernels = v.as_array(kernels, "kernels", ndim=4)
    first = kernels[:, :, 0, :] if layout == "channels_last" else np.moveaxis(kernels[:, 0], 0, -1)
    kh, kw, count = first.shape
    ncols = min(count, 16)
    nrows = -(-count // ncols)
    canvas = np.full((nrows * (kh + 1), ncols * (kw + 1)), np.nan)
    for k in range(count):
        r, c = divmod(k, ncols)
        canvas[r * (kh + 1):r * (kh + 1) + kh, c * (kw + 1):c * (kw + 1) + kw] = first[:, :, k]
    ax = v.axes(ax) or axes_or_new(None, figsize=(min(0.6 * ncols + 1, 11), 0.6 * nrows + 0.8))
    limit = _symmetric(first)
    ax.imshow(canvas, cmap=_SIGN_GAPS, vmin=-limit, vmax=limit, interpolation="nearest")
    _off(ax)
    ax.set_title(f"the {count} kernels ({kh}x{kw}) of the first layer")
    return ax.figure


def demo_feature_maps(images, maps, *, labels=None, layout: str = "channels_last") -> SliderDemo:
    """Choose a test picture and a layer: every feature map the trained network made of it.

    Takes arrays, not a model, so both twins call it with what their model computed.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        At most 16 pictures: every (picture, layer) frame is drawn when the demo is built.
    maps : dict of layer name -> array of shape (n_images, height, width, channels)
        Each layer's outputs for the same pictures (channels first with
        ``layout="channels_first"``: (n_images, channels, height, width)).
    labels : array-like of shape (n_images,), optional
        The true digits, shown in the title.
    layout : {"channels_last", "channels_first"}
    """
    images = v.as_array(images, "images", ndim=3)
    if len(images) > 16:
        raise ValueError(f"images holds {len(images)} pictures; give at most 16 (every frame is drawn in advance).")
    if not isinstance(maps, Mapping) or not maps:
        raise TypeError(f"maps should be a dict of layer name -> array of feature maps, but it is {v.describe(maps)}.")
    layers = {}
    for name, value in maps.items():
        v.as_str(name, "a layer name")
        array = _maps_last(value, f"maps[{name!r}]", layout, 4)
        if len(array) != len(images):
            raise ValueError(f"maps[{name!r}] holds {len(array)} pictures' maps but images holds {len(images)}.")
        layers[name] = array
    if labels is not None:
        labels = v.labels(labels, "labels")
        v.same_length("images", images, "labels", labels)
    mosaics = {}  # coloured once per (picture, layer) and kept

    live = LiveFigure(1, 2, figsize=(10, 3.7), cache_frames=True, gridspec_kw={"width_ratios": [1, 2.6]})
    ax_image, ax_maps = live.axes
    for ax in live.axes:
        _off(ax)
    ax_image.set_title(" ")
    ax_maps.set_title(" ")
    live.figure.tight_layout()
    live.canvas.draw()
    # The pictures are placed pixel for pixel (figimage): no resampling on every frame, which
    # would cost more than everything else together. Each tile is an integer number of pixels.
    spots = [ax.get_window_extent() for ax in live.axes]
    sizes = [(int(box.height), int(box.width)) for box in spots]
    picture_scale = max(1, min(sizes[0][0] // images.shape[1], sizes[0][1] // images.shape[2]))
    top = images.max() if images.size else 1.0

    def place(box, size, rgba):
        x0 = box.x0 + (box.width - rgba.shape[1]) / 2
        y0 = box.y0 + (box.height - rgba.shape[0]) / 2
        return live.figure.figimage(rgba, xo=x0, yo=y0, origin="upper")

    def picture_rgba(index):
        grey = np.kron(images[index] / (top if top > 0 else 1.0), np.ones((picture_scale, picture_scale)))
        return colormaps["gray_r"](grey, bytes=True)

    def mosaic_rgba(index, layer):
        key = (index, layer)
        if key not in mosaics:
            mosaics[key] = _MAPS_CMAP(_mosaic(layers[layer][index], sizes[1]), bytes=True)
        return mosaics[key]

    first_layer = next(iter(layers))
    picture = place(spots[0], sizes[0], picture_rgba(0))
    shown = place(spots[1], sizes[1], mosaic_rgba(0, first_layer))
    live.animate(picture, shown, ax_image.title, ax_maps.title)

    def update(index: int, layer: str) -> None:
        live.frame_key = (index, layer)
        picture.set_data(picture_rgba(index))
        shown.set_data(mosaic_rgba(index, layer))
        label = f" (a {labels[index]})" if labels is not None else ""
        ax_image.set_title(f"test picture {index}{label}")
        h, w, c = layers[layer].shape[1:]
        ax_maps.set_title(f"{layer}: {c} maps of {h}x{w}")

    controls = {
        "index": slider("test picture", 0, max(len(images) - 1, 1), 1, 0),
        "layer": dropdown("layer", list(layers)),
    }
    if len(images) == 1:
        controls["index"].disabled = True
    # Every (picture, layer) frame is drawn now, so moving a control only sends a stored picture.
    live.precompute(lambda key: update(*key), [(i, name) for i in range(len(images)) for name in layers])
    return SliderDemo(controls, update, figure=live, title="What the trained network sees")


# --------------------------------------------------------------------------- translation


def plot_translation(shifts, accuracies, *, ax=None) -> Figure:
    """Test accuracy against how far the test pictures were moved, one line per model.

    Parameters
    ----------
    shifts : array-like of shape (n_shifts,)
        Pixels moved (e.g. 0, 1, 2, 3).
    accuracies : dict of model name -> array-like of shape (n_shifts,)
        Accuracies between 0 and 1.
    ax : matplotlib Axes, optional
    """
    shifts = v.as_array(shifts, "shifts", ndim=1)
    if not isinstance(accuracies, Mapping) or not accuracies:
        raise TypeError(f"accuracies should be a dict of model name -> accuracies, but it is "
                        f"{v.describe(accuracies)}.")
    ax = v.axes(ax) or axes_or_new(None, figsize=(6, 4))
    colours = [_BLUE, _ORANGE, "#555555", "#2ca02c"]
    for i, (name, values) in enumerate(accuracies.items()):
        v.as_str(name, "a model name")
        values = v.probabilities(values, f"accuracies[{name!r}]", ndim=1)
        if len(values) != len(shifts):
            raise ValueError(f"accuracies[{name!r}] has {len(values)} values but there are {len(shifts)} shifts.")
        ax.plot(shifts, 100 * values, "o-", color=colours[i % len(colours)], label=name)
    ax.set(xlabel="pixels moved (right and down)", ylabel="test accuracy (%)", xticks=shifts,
           title="Moving the test digits")
    ax.legend()
    return ax.figure


# --------------------------------------------------------------------------- exercises


@exercise("07-1", hints=(
    "Count the input pixels across once the padding is added, then count how many places the kernel fits.",
    "With padding 1 the 28 pixels become 30 across. A 5-wide kernel first fits with its left edge at 0; "
    "with stride 2 it moves 2 pixels at a time.",
    "Use the formula floor((n + 2p - k) / s) + 1 with n = 28, p = 1, k = 5, s = 2 (// is floor division in Python).",
))
def _check_07_1(answer) -> CheckResult:
    return check_number(answer, output_size(28, 5, 2, 1), name="the side of the feature map",
                        hint="padding adds p pixels on both sides, so 2p in all.")


def _conv_cases() -> list:
    rng = np.random.default_rng(7)
    image = rng.integers(0, 10, size=(5, 6)).astype(float)
    tall = rng.normal(size=(4, 3))
    kernel = rng.normal(size=(2, 3))
    return [
        ((SOURCE_PATCH, SOURCE_KERNEL), np.array([[341.0]])),
        ((image, SOURCE_KERNEL), feature_map(image, SOURCE_KERNEL)),
        ((image, kernel), feature_map(image, kernel)),
        ((tall, np.array([[1.0, -1.0]])), feature_map(tall, [[1.0, -1.0]])),
    ]


@exercise("07-2", hints=(
    "The output has one cell per place the kernel fits: work out its shape first, then fill it cell by cell.",
    "For an image of H x W and a kernel of kh x kw the output is (H - kh + 1) x (W - kw + 1). Two loops, over "
    "the output's rows i and columns j, visit every place.",
    "At (i, j) the window is image[i:i + kh, j:j + kw]; the cell is np.sum(window * kernel). "
    "Do not flip the kernel: the libraries do not.",
))
def _check_07_2(answer) -> CheckResult:
    return check_function(answer, _conv_cases(), name="my_conv2d",
                          hint="the output is smaller than the image, and the kernel is not flipped.")


@exercise("07-3", hints=(
    "Each of the 64 kernels of the layer has weights for every pixel of its window in every input map, "
    "and a bias.",
    "One kernel here is 3 x 3 x 32 (it looks at all 32 feature maps of the layer before), plus 1 bias.",
    "(3 * 3 * 32 + 1) * 64. Compare with model.summary() for the source's second convolution.",
))
def _check_07_3(answer) -> CheckResult:
    return check_number(answer, (3 * 3 * 32 + 1) * 64, name="the number of parameters",
                        hint="a kernel spans every input channel, and each kernel has one bias.")


@exercise("07-4", hints=(
    "Compare the two test accuracies the notebook measured, and the pairs the confusion matrix shows.",
    "Chance is 10 % for ten classes; is the accuracy on clothes near that, near the digits', or in between?",
    "Look at which classes are confused most: are they garments a picture of 28 x 28 grey pixels makes "
    "hard to tell apart?",
))
def _check_07_4(answer) -> CheckResult:
    return check_choice(answer, "b", options=("a", "b", "c"), name="your choice",
                        hint="compare both accuracies with each other and with chance (10 %).")
