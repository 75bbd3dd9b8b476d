"""Answer key for notebook 07 (convolution and the CNN, Keras and PyTorch twins): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/07_cnn.py")["SOLUTIONS"]
    cu.check("07-2", solutions["07-2"])
"""

import numpy as np

# 07-1: padding 1 puts one ring of zeros around the 28x28 digit: 30 pixels across.
#   A 5-wide window fits with its left edge at 0, 2, 4, ..., 24 (the last start is 30 - 5 = 25,
#   but with stride 2 the starts are even): 0..24 in steps of 2 is 13 places.
#   The formula says the same: floor((n + 2p - k) / s) + 1 = floor((28 + 2 - 5) / 2) + 1 = 12 + 1 = 13.
side = (28 + 2 * 1 - 5) // 2 + 1


# 07-2: a 2-D convolution as the libraries compute it (cross-correlation: the kernel is NOT flipped),
#   padding "valid", stride 1, written with loops.
def my_conv2d(image, kernel):
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    kh, kw = kernel.shape
    out_h = image.shape[0] - kh + 1              # how many places the kernel fits down ...
    out_w = image.shape[1] - kw + 1              # ... and across
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = image[i:i + kh, j:j + kw]   # the patch under the kernel at (i, j)
            out[i, j] = np.sum(window * kernel)  # multiply pixel by pixel, add up: how well it matches
    return out


# 07-3: Conv2D(64, (3, 3)) after a layer with 32 feature maps.
#   Each of the 64 kernels is 3 x 3 x 32 (it spans all 32 input maps) = 288 weights, plus 1 bias: 289.
#   64 kernels: 64 * 289 = 18,496, the number model.summary() shows for the source's second convolution.
parameters = (3 * 3 * 32 + 1) * 64

# 07-4: the notebook measures the same recipe on 4,000 digits and on 4,000 pictures of clothes.
#   On clothes it is far above chance (10 %) but clearly below the digits, and its mistakes are
#   mostly among the upper-body garments (shirt, T-shirt/top, pullover, coat), which look alike at
#   28 x 28 grey pixels: (b).
choice = "b"

SOLUTIONS = {
    "07-1": side,
    "07-2": my_conv2d,
    "07-3": parameters,
    "07-4": choice,
}
