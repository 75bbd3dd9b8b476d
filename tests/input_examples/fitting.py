"""Valid calls for cu.fitting (notebook 05, part 1: polynomials)."""

import course_utils as cu
import numpy as np

from input_examples import call

x = np.array([0.1, 0.3, 0.5, 0.7, 0.9, 0.2])
y = np.array([0.5, 0.9, 0.0, -0.9, -0.5, 0.8])
SPLIT = cu.fitting.wave_splits(n_samples=30, noise=0.3, seed=0)

CALLS = {
    "true_wave": call(x),
    "make_wave_data": call(10, 0.3, seed=0),
    "wave_splits": call(30, 0.3, seed=1),
    "polynomial_features": call(x, 3),
    "fit_polynomial": call(x, y, 2, l2=0.01),
    "predict_polynomial": call(np.array([0.0, 1.0, 0.5]), x),
    "degree_sweep": call(x, y, x, y, [0, 1, 2]),
    "learning_curve": call(2, [5, 10], noise=0.3, n_val=20, repeats=2, seed=0),
    "plot_polynomial_fit": call(2, split=SPLIT, ax=None),
    "plot_degree_sweep": call([1, 2, 3], [0.3, 0.2, 0.1], [0.4, 0.3, 0.35]),
    "plot_learning_curve": call({"sizes": [10, 20], "train": [0.1, 0.2], "val": [0.5, 0.3]}),
    "demo_polynomial_degree": call(4, split=SPLIT),
    "demo_learning_curve": call((1, 2), [10, 15], noise=0.3, repeats=2),
}
