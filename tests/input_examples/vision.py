"""Valid calls for cu.vision (notebook 07)."""

import numpy as np

from input_examples import call

rng = np.random.default_rng(0)
IMAGE = rng.integers(0, 255, size=(8, 9)).astype(float)
KERNEL = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
X = rng.normal(size=(2, 6, 6, 2))
KERNEL4 = rng.normal(size=(3, 3, 2, 4))
DIGITS = rng.random((3, 10, 10))
MAPS = {"conv 1": rng.random((3, 8, 8, 4)), "conv 2": rng.random((3, 4, 4, 6))}

CALLS = {
    "scanning_example": call(),
    "patch_products": call(IMAGE, KERNEL, 2, 3),
    "feature_map": call(IMAGE, KERNEL, stride=2, padding="same"),
    "conv2d": call(X, KERNEL4, np.zeros(4), stride=1, padding=1),
    "output_size": call(28, 3, 1, "same"),
    "same_padding": call(7, 3, 2),
    "pool2d": call(IMAGE, size=2, stride=2, mode="average"),
    "receptive_field": call([(3, 1), (2, 2)]),
    "shift_images": call(DIGITS, 2, -1),
    "plot_scanning": call(IMAGE, KERNEL, 1, 2),
    "plot_kernel_effects": call([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]], DIGITS),
    "plot_output_size": call(7, 3, 2, 1),
    "plot_pooling": call(IMAGE, 2),
    "plot_feature_maps": call(MAPS["conv 1"][0], image=DIGITS[0], layout="channels_last", title="conv 1"),
    "plot_kernels": call(rng.normal(size=(4, 1, 3, 3)), layout="channels_first"),
    "plot_translation": call([0, 1, 2], {"CNN": [0.9, 0.85, 0.8], "MLP": [0.9, 0.6, 0.3]}),
    "demo_sliding_kernel": call(IMAGE, KERNEL),
    "demo_kernels": call(DIGITS),
    "demo_stride_padding": call(),
    "demo_pooling": call(IMAGE),
    "demo_feature_maps": call(DIGITS, MAPS, labels=[1, 2, 3], layout="channels_last"),
}
SKIP = {
    "ScanningExample": "a result type (NamedTuple) that scanning_example builds",
}
