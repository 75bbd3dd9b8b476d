"""cu.vision (notebook 07): convolution and pooling by hand against Keras and PyTorch, the demos, the checks."""

from __future__ import annotations

import itertools

import course_utils as cu
import course_utils.vision as vision
import numpy as np
import pytest
from matplotlib.figure import Figure

BLIT_TOLERANCE = 0.002


def _loops(image, kernel, stride=1, pad=(0, 0, 0, 0)):
    """The reference: cross-correlation written with loops (pad = top, bottom, left, right)."""
    image = np.pad(np.asarray(image, float), ((pad[0], pad[1]), (pad[2], pad[3])))
    kh, kw = np.shape(kernel)
    rows = (image.shape[0] - kh) // stride + 1
    cols = (image.shape[1] - kw) // stride + 1
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[i, j] = np.sum(image[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel)
    return out


# --------------------------------------------------------------------------- the club course's numbers


def test_the_source_patch_gives_341_term_by_term():
    patch, products, total = vision.patch_products(vision.SOURCE_PATCH, vision.SOURCE_KERNEL, 0, 0)
    assert total == 341
    assert products.tolist() == [[0, 0, 0], [0, 86, 255], [0, 0, 0]]
    assert np.array_equal(patch, vision.SOURCE_PATCH)


def test_the_example_digit_has_the_slides_values():
    example = vision.scanning_example()
    fmap = vision.feature_map(example.image, example.kernel)
    assert sorted(example.values.values()) == [0, 341, 425, 707]
    for (row, col), value in example.values.items():
        assert fmap[row, col] == value
    row, col = example.start
    assert fmap[row, col] == 341
    assert np.array_equal(example.image[row + 1, col:col + 3], vision.SOURCE_PATCH[1])
    assert example.image.shape == (28, 28) and example.label == 3


def test_the_slides_digit_is_not_among_the_offline_digits():
    """Notebook 07 says so: no window of the 5,000 offline digits is the slides' whole patch."""
    from numpy.lib.stride_tricks import sliding_window_view

    (x_train, _), (x_test, _) = cu.load_mnist(source="offline", quiet=True)
    digits = np.concatenate([x_train, x_test]).astype(int)
    windows = sliding_window_view(digits, (3, 3), axis=(1, 2))
    assert not np.all(windows == vision.SOURCE_PATCH.astype(int), axis=(-2, -1)).any()


def test_constants_are_read_only():
    with pytest.raises(ValueError):
        vision.SOURCE_KERNEL[0, 0] = 5
    with pytest.raises(ValueError):
        vision.KERNELS["blur"][0, 0] = 5


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("stride", [1, 2, 3])
def test_feature_map_equals_loops(stride):
    rng = np.random.default_rng(stride)
    image, kernel = rng.normal(size=(9, 11)), rng.normal(size=(3, 2))
    assert np.allclose(vision.feature_map(image, kernel, stride=stride), _loops(image, kernel, stride))
    assert np.allclose(vision.feature_map(image, kernel, stride=stride, padding=2),
                       _loops(image, kernel, stride, (2, 2, 2, 2)))


def test_same_padding_keeps_the_size_at_stride_1_and_puts_the_extra_zero_after():
    assert vision.same_padding(28, 3) == (1, 1)
    assert vision.same_padding(28, 4) == (1, 2)
    assert vision.same_padding(7, 3, 2) == (1, 1)
    assert vision.same_padding(8, 3, 2) == (0, 1)
    assert vision.feature_map(np.ones((28, 28)), np.ones((3, 3)), padding="same").shape == (28, 28)


def test_output_size_formula():
    assert vision.output_size(28, 3, 1, 0) == 26
    assert vision.output_size(28, 3, 1, 1) == 28
    assert vision.output_size(28, 5, 2, 1) == 13
    assert vision.output_size(7, 3, 2, "same") == 4
    assert vision.output_size(7, 3, 2, "valid") == 3
    for n, k, s, p in itertools.product(range(3, 12), range(1, 6), range(1, 4), range(3)):
        if n + 2 * p >= k:
            assert vision.output_size(n, k, s, p) == _loops(np.zeros((n, n)), np.zeros((k, k)), s, (p,) * 4).shape[0]
    with pytest.raises(ValueError, match="does not fit"):
        vision.output_size(3, 5, 1, 0)


def test_conv2d_sums_over_channels_and_adds_the_bias():
    rng = np.random.default_rng(0)
    X, kernel, bias = rng.normal(size=(2, 6, 7, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
    out = vision.conv2d(X, kernel, bias)
    assert out.shape == (2, 4, 5, 4)
    expected = sum(_loops(X[1, :, :, c], kernel[:, :, c, 2]) for c in range(3)) + bias[2]
    assert np.allclose(out[1, :, :, 2], expected)
    with pytest.raises(ValueError, match="channels"):
        vision.conv2d(X, rng.normal(size=(3, 3, 2, 4)))


def test_pool2d_max_and_average():
    x = np.arange(16.0).reshape(4, 4)
    assert vision.pool2d(x).tolist() == [[5, 7], [13, 15]]
    assert vision.pool2d(x, mode="average").tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert vision.pool2d(np.ones((7, 7))).shape == (3, 3)          # the odd row and column are dropped
    assert vision.pool2d(np.ones((28, 28, 20))).shape == (14, 14, 20)
    assert vision.pool2d(x, size=3, stride=1).shape == (2, 2)


def test_pooling_arithmetic_of_the_slides():
    # 20 kernels on a 28x28 picture: 20 times the data; pooled to 14x14: 5 times.
    maps = 20 * vision.output_size(28, 3, 1, "same") ** 2
    pooled = 20 * vision.pool2d(np.ones((28, 28))).size
    assert maps / 28**2 == 20 and pooled / 28**2 == 5


def test_receptive_field():
    assert vision.receptive_field([(3, 1)]) == 3
    assert vision.receptive_field([(3, 1), (2, 2)]) == 4            # the slides' 4x4 after pooling
    assert vision.receptive_field([(3, 1), (2, 2), (3, 1)]) == 8
    with pytest.raises(TypeError):
        vision.receptive_field([(3, 1), "pool"])


def test_shift_images_moves_and_fills_with_zeros():
    images = np.arange(2 * 4 * 5, dtype=float).reshape(2, 4, 5)
    moved = vision.shift_images(images, 1, 2)
    assert moved.shape == images.shape
    assert np.array_equal(moved[:, 1:, 2:], images[:, :-1, :-2])
    assert (moved[:, 0, :] == 0).all() and (moved[:, :, :2] == 0).all()
    assert np.array_equal(vision.shift_images(moved, -1, -2)[:, :-1, :-2], images[:, :-1, :-2])
    assert np.array_equal(vision.shift_images(images[0], 0, 0), images[0])


# --------------------------------------------------------------------------- against the frameworks


CASES = [(1, "valid"), (1, "same"), (2, "valid"), (2, "same")]


@pytest.fixture(scope="module")
def weights():
    rng = np.random.default_rng(42)
    return (rng.normal(size=(2, 9, 8, 3)).astype("float32"), rng.normal(size=(3, 3, 3, 5)).astype("float32"),
            rng.normal(size=5).astype("float32"))


@pytest.mark.parametrize(("stride", "padding"), CASES)
def test_conv2d_equals_keras(weights, stride, padding):
    keras = pytest.importorskip("keras")
    X, kernel, bias = weights
    layer = keras.layers.Conv2D(5, 3, strides=stride, padding=padding)
    layer.build(X.shape)
    layer.set_weights([kernel, bias])
    assert np.allclose(vision.conv2d(X, kernel, bias, stride=stride, padding=padding),
                       keras.ops.convert_to_numpy(layer(X)), atol=1e-5)


@pytest.mark.parametrize(("stride", "padding"), CASES)
def test_conv2d_equals_pytorch(weights, stride, padding):
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    X, kernel, bias = weights
    x = torch.tensor(X).permute(0, 3, 1, 2)              # channels last -> channels first
    weight = torch.tensor(kernel).permute(3, 2, 0, 1)   # (kh, kw, in, out) -> (out, in, kh, kw)
    if padding == "same":
        (top, bottom), (left, right) = vision.same_padding(9, 3, stride), vision.same_padding(8, 3, stride)
        x = F.pad(x, (left, right, top, bottom))
    out = F.conv2d(x, weight, torch.tensor(bias), stride=stride).permute(0, 2, 3, 1).numpy()
    assert np.allclose(vision.conv2d(X, kernel, bias, stride=stride, padding=padding), out, atol=1e-5)


def test_output_size_agrees_with_pytorch():
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    for n, k, s, p in itertools.product(range(3, 10), range(1, 6), range(1, 4), range(3)):
        if n + 2 * p >= k:
            got = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]
            assert vision.output_size(n, k, s, p) == got, (n, k, s, p)


def test_output_size_agrees_with_keras():
    keras = pytest.importorskip("keras")

    for n, k, s in itertools.product(range(3, 10), range(1, 6), range(1, 4)):
        for padding in ("valid", "same"):
            if padding == "valid" and n < k:
                continue
            got = keras.ops.conv(np.zeros((1, n, n, 1), "float32"), np.zeros((k, k, 1, 1), "float32"),
                                 strides=s, padding=padding).shape[1]
            assert vision.output_size(n, k, s, padding) == got, (n, k, s, padding)


def test_pool2d_equals_keras():
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(1).normal(size=(1, 7, 9, 2)).astype("float32")
    for layer, mode in ((keras.layers.MaxPooling2D(2), "max"), (keras.layers.AveragePooling2D(2), "average")):
        assert np.allclose(vision.pool2d(x[0], mode=mode), keras.ops.convert_to_numpy(layer(x))[0], atol=1e-6)


# --------------------------------------------------------------------------- plots


def test_every_plot_returns_a_figure():
    rng = np.random.default_rng(0)
    figures = [
        vision.plot_scanning(),
        vision.plot_kernel_effects("blur"),
        vision.plot_output_size(7, 3, 2, 1),
        vision.plot_pooling(size=3),
        vision.plot_feature_maps(rng.random((14, 14, 64)), image=rng.random((28, 28))),
        vision.plot_feature_maps(rng.random((8, 7, 7)), layout="channels_first"),
        vision.plot_kernels(rng.normal(size=(3, 3, 1, 32))),
        vision.plot_translation([0, 1, 2, 3], {"CNN": [0.98, 0.97, 0.9, 0.8], "MLP": [0.96, 0.9, 0.6, 0.3]}),
    ]
    assert all(isinstance(f, Figure) for f in figures)


@pytest.mark.parametrize(("shape", "count"), [((28, 28), 32), ((14, 14), 64), ((7, 7), 128), ((3, 3), 1)])
def test_every_layer_of_the_cnn_fits_on_the_mosaic(shape, count):
    maps = np.random.default_rng(0).random((*shape, count))
    mosaic = vision._mosaic(maps)
    assert mosaic.shape == vision._MOSAIC
    assert np.isfinite(mosaic).sum() >= count * shape[0] * shape[1]


def test_plot_translation_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="shifts"):
        vision.plot_translation([0, 1], {"CNN": [0.9, 0.8, 0.7]})


# --------------------------------------------------------------------------- demos


def _check_frames(demo, changes):
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        assert cu.widgets.blit_mismatch(demo.live_figure) <= BLIT_TOLERANCE, (name, value)


def test_sliding_kernel_starts_on_341_and_fills_the_map():
    demo = vision.demo_sliding_kernel()
    assert "<b>341</b>" in demo.readout.value
    assert demo.values == {"row": 6, "col": 4}
    _check_frames(demo, [("row", 7), ("col", 8), ("row", 15), ("col", 15), ("row", 0), ("col", 25)])
    assert "<b>707</b>" not in demo.readout.value
    cu.widgets.drive(demo, row=15, col=15)
    assert "<b>707</b>" in demo.readout.value


def test_kernel_chooser_every_kernel_and_a_typed_one():
    demo = vision.demo_kernels()
    _check_frames(demo, [("kernel", name) for name in vision.KERNELS])
    cu.widgets.drive(demo, custom="1 1 1; 0 0 0; -1 -1 -1", kernel="custom (type it below)")
    assert demo.last_error is None and "custom" in demo.readout.value
    demo.controls["custom"].value = "1 2; 3"
    assert demo.last_error is not None and "9 numbers" in str(demo.last_error)
    # typing a kernel while a named one is chosen switches to the typed one (one redraw)
    cu.widgets.drive(demo, kernel="blur")
    before = demo.redraws
    demo.controls["custom"].value = "0 1 0; 1 -4 1; 0 1 0"
    assert demo.controls["kernel"].value == "custom (type it below)" and demo.redraws == before + 1
    assert demo.last_error is None and "-4" in demo.readout.value


def test_stride_padding_demo_shows_the_formula():
    demo = vision.demo_stride_padding()
    _check_frames(demo, [("stride", 2), ("padding", 1), ("kernel_size", 5), ("n", 12), ("n", 3)])
    cu.widgets.drive(demo, n=7, kernel_size=3, stride=2, padding=1)
    assert "<b>4</b>" in demo.readout.value
    cu.widgets.drive(demo, n=8, kernel_size=3, stride=2, padding=0)
    assert "<b>3</b>" in demo.readout.value and "never" in demo.readout.value
    demo.controls["kernel_size"].value = 5
    demo.controls["padding"].value = 0
    demo.controls["n"].value = 3
    assert demo.last_error is not None and "does not fit" in str(demo.last_error)


def test_pooling_demo():
    demo = vision.demo_pooling()
    assert "196" in demo.readout.value  # 28x28 -> 14x14
    _check_frames(demo, [("size", 3), ("size", 4), ("size", 1), ("size", 2)])


def test_feature_map_viewer_takes_either_layout():
    rng = np.random.default_rng(0)
    images = rng.random((3, 28, 28))
    last = {"conv 1": rng.random((3, 28, 28, 32)), "conv 3": rng.random((3, 7, 7, 128))}
    first = {name: np.moveaxis(m, -1, 1) for name, m in last.items()}
    a = vision.demo_feature_maps(images, last, labels=[1, 2, 3])
    b = vision.demo_feature_maps(images, first, labels=[1, 2, 3], layout="channels_first")
    for demo in (a, b):
        _check_frames(demo, [("layer", "conv 3"), ("index", 2), ("layer", "conv 1"), ("index", 0)])
    cu.widgets.drive(a, index=1, layer="conv 3")
    cu.widgets.drive(b, index=1, layer="conv 3")
    assert a.live_figure.image.value == b.live_figure.image.value
    with pytest.raises(ValueError, match="pictures"):
        vision.demo_feature_maps(images, {"conv 1": rng.random((2, 8, 8, 4))})


# --------------------------------------------------------------------------- exercises


def test_exercise_07_1():
    assert cu.check("07-1", 13, show=False)
    assert not cu.check("07-1", 12, show=False)
    assert not cu.check("07-1", "thirteen", show=False)
    assert "cu.hint" in cu.check("07-1", 14, show=False).message


def test_exercise_07_2_checks_a_loop_convolution():
    def right(image, kernel):
        return vision.feature_map(image, kernel)

    def flipped(image, kernel):
        return vision.feature_map(image, np.flip(kernel))

    def same_size(image, kernel):
        return vision.feature_map(image, kernel, padding="same")

    assert cu.check("07-2", right, show=False)
    assert not cu.check("07-2", flipped, show=False)
    assert "shape" in cu.check("07-2", same_size, show=False).message
    assert not cu.check("07-2", 5, show=False)

    def unfinished(image, kernel):
        ...

    assert "replace the ..." in cu.check("07-2", unfinished, show=False).message


def test_exercise_07_3_and_07_4():
    assert cu.check("07-3", 18496, show=False)
    assert not cu.check("07-3", 3 * 3 * 64, show=False)
    assert not cu.check("07-3", [18496], show=False)
    assert cu.check("07-4", "b", show=False) and cu.check("07-4", " B ", show=False)
    assert not cu.check("07-4", "a", show=False)
    assert not cu.check("07-4", 2, show=False)


def test_every_exercise_has_three_stepped_hints():
    for key in ("07-1", "07-2", "07-3", "07-4"):
        assert len(cu.checks.hints(key)) == 3


# --------------------------------------------------------------------------- the real MNIST's format


def test_the_real_mnist_format_goes_through_notebook_07s_path(monkeypatch):
    """A small mnist.npz in Keras' cache (the real file's layout) is read as the real MNIST, and 07's
    preparation (a channel axis, values in [0, 1]) and the vision functions take its pictures."""
    import hashlib

    import course_utils.data as data

    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
              "y_train": rng.integers(0, 10, 20).astype(np.uint8),
              "x_test": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
              "y_test": rng.integers(0, 10, 6).astype(np.uint8)}
    folder = data.keras_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mnist.npz"
    np.savez(path, **arrays)
    remote = data.DATASETS["mnist"]
    monkeypatch.setitem(data.DATASETS, "mnist", data.RemoteFile(
        remote.name, remote.url, hashlib.sha256(path.read_bytes()).hexdigest(), remote.size_mb))

    mnist = cu.load_mnist(quiet=True)
    (images_train, labels_train), (images_test, labels_test) = mnist
    assert mnist.source == "keras"  # the notebook's real_mnist: the 99 % bar applies
    X_train = images_train[:, :, :, None].astype("float32") / 255  # the Keras twin: channels last
    X_first = images_train[:, None].astype("float32") / 255         # the PyTorch twin: channels first
    assert X_train.shape == (20, 28, 28, 1) and X_first.shape == (20, 1, 28, 28)
    assert 0 <= X_train.min() and X_train.max() <= 1
    moved = vision.shift_images(images_test, 3, 3)
    assert moved.shape == (6, 28, 28) and np.array_equal(moved[:, 3:, 3:], images_test[:, :-3, :-3])
    maps = vision.conv2d(X_train[:2], np.ones((3, 3, 1, 4)), padding="same")
    assert maps.shape == (2, 28, 28, 4)
    assert vision.pool2d(maps[0]).shape == (14, 14, 4)
