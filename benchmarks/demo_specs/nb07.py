"""Slider demos of notebook 07 (both twins call the same demos).

The feature-map viewer takes arrays, so its entry builds it on random maps of the
CNN's three layer shapes (8 pictures: 28x28x32, 14x14x64, 7x7x128).
"""

_MAPS = (
    "cu.vision.demo_feature_maps(__import__('numpy').random.default_rng(0).random((8, 28, 28)), "
    "{name: __import__('numpy').random.default_rng(1).random((8, side, side, count)) "
    "for name, side, count in (('conv 1', 28, 32), ('conv 2', 14, 64), ('conv 3', 7, 128))}, "
    "labels=list(range(8)))"
)

DEMOS = [
    {
        "name": "07 sliding kernel (row, col)",
        "build": "cu.vision.demo_sliding_kernel()",
        "changes": [("col", 5), ("col", 6), ("row", 7), ("col", 8), ("row", 15), ("col", 15), ("row", 6),
                    ("col", 4)],
        "expect": "image",
    },
    {
        "name": "07 kernel chooser (kernel)",
        "build": "cu.vision.demo_kernels()",
        "changes": [("kernel", "horizontal line"), ("kernel", "horizontal edge"), ("kernel", "blur"),
                    ("kernel", "sharpen"), ("kernel", "diagonal edge"), ("kernel", "vertical edge")],
        "expect": "image",
    },
    {
        "name": "07 kernel chooser (custom values)",
        "build": "cu.vision.demo_kernels()",
        "changes": [("kernel", "custom (type it below)"), ("custom", "1 1 1; 0 0 0; -1 -1 -1"),
                    ("custom", "0 1 0; 1 -4 1; 0 1 0"), ("kernel", "blur")],
        "expect": "image",
    },
    {
        "name": "07 stride and padding (n, k, s, p)",
        "build": "cu.vision.demo_stride_padding()",
        "changes": [("stride", 2), ("padding", 1), ("kernel_size", 5), ("n", 10), ("stride", 3), ("padding", 2),
                    ("kernel_size", 3), ("n", 7), ("stride", 1), ("padding", 0)],
        "expect": "image",
    },
    {
        "name": "07 max and average pooling (size)",
        "build": "cu.vision.demo_pooling()",
        "changes": [("size", 3), ("size", 4), ("size", 1), ("size", 2)],
        "expect": "image",
    },
    {
        "name": "07 feature-map viewer (picture, layer)",
        "build": _MAPS,
        "changes": [("index", 1), ("layer", "conv 2"), ("index", 2), ("layer", "conv 3"), ("index", 3),
                    ("layer", "conv 1"), ("index", 4), ("index", 0)],
        "expect": "image",
    },
]
