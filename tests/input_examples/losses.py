"""Valid calls for cu.losses (a prediction may be NaN: a model that blew up gets a NaN loss, not an error)."""

import numpy as np

from input_examples import call

ONE_HOT = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])

CALLS = {
    "get_loss": call("binary_crossentropy"),
    "mse": call([1.0, 0.0], [0.5, 0.5], _nan={"arg1"}),
    "mse_grad": call([1.0, 0.0], [0.5, 0.5], _nan={"arg1"}),
    "binary_cross_entropy": call([1.0, 0.0], [0.8, 0.3], _nan={"arg1"}),
    "binary_cross_entropy_grad": call([1.0, 0.0], [0.8, 0.3], _nan={"arg1"}),
    "categorical_cross_entropy": call(ONE_HOT, PROBS, _nan={"arg1"}),
    "categorical_cross_entropy_grad": call(ONE_HOT, PROBS, _nan={"arg1"}),
    "one_hot": call([0, 2, 1], 3),
    "single_prediction_losses": call(1, [0.2, 0.7]),
    "plot_one_prediction": call(0.3, 0, ax=None),
    "plot_logit_slopes": call(0.3, 1, ax=None),
    "demo_one_prediction": call(),
}

