"""Valid calls for cu.optim (an optimizer's step lets NaN through: a training loop must see its loss blow up)."""

import course_utils as cu
import numpy as np

from input_examples import call

optim = cu.optim
SCORES = cu.data.student_scores()
X_SHEET, Y_SHEET, _ = optim.student_arrays(SCORES)
X_LINE, Y_LINE = optim.make_regression_data(20, 0.3, seed=0)


def _history():
    return optim.train_spreadsheet(3, 0.5)


def _step_call(cls):
    return call([np.zeros((2, 3)), np.zeros(3)], [np.ones((2, 3)), np.ones(3)], _nan={"arg0", "arg1"},
                _self=lambda: cls(0.1))


CALLS = {
    "bowl_1d": call(0.4),
    "bowl_1d_grad": call([0.4, -1.0]),
    "bowl_2d": call([0.3, -0.7]),
    "bowl_2d_grad": call([0.3, -0.7]),
    "valley": call([[-4.0, 1.2], [1.0, 0.0]]),
    "valley_grad": call([-4.0, 1.2]),
    "numerical_gradient": call(lambda p: float(np.sum(p**2)), [1.0, 2.0], h=1e-5),
    "max_stable_learning_rate": call(14.0),
    "gradient_descent": call(optim.bowl_1d_grad, 1.2, 0.05, 3, loss_fn=optim.bowl_1d),
    "Optimizer": call(0.1),
    "SGD": call(0.1, momentum=0.5),
    "SGD.step": _step_call(optim.SGD),
    "SGD.reset": call(_self=lambda: optim.SGD(0.1)),
    "Momentum": call(0.1, momentum=0.9),
    "Momentum.step": _step_call(optim.Momentum),
    "RMSprop": call(0.1, alpha=0.9, eps=1e-8),
    "RMSprop.step": _step_call(optim.RMSprop),
    "Adam": call(0.1, beta1=0.9, beta2=0.999, eps=1e-8),
    "Adam.step": _step_call(optim.Adam),
    "make_optimizer": call("adam", 0.1, beta1=0.8),
    "run_optimizer": call(optim.SGD(0.1), optim.valley_grad, [1.0, 1.0], 3, loss_fn=optim.valley),
    "student_arrays": call(SCORES),
    "spreadsheet_round": call(X_SHEET, Y_SHEET, [0.33, 0.33, 0.33], 0.0),
    "spreadsheet_table": call(weights=[0.33, 0.33, 0.33], bias=0.0, scores=SCORES),
    "train_spreadsheet": call(3, 0.5, weights=[0.33, 0.33, 0.33], bias=0.0, scores=SCORES),
    "spreadsheet_params": call(_history(), 1),
    "history_table": call(_history()),
    "spreadsheet_max_learning_rate": call(scores=SCORES),
    "predict_return": call([0.6, 0.85, 0.8], [0.33, 0.33, 0.33], 0.0),
    "make_regression_data": call(20, 0.3, seed=0),
    "regression_loss": call(X_LINE, Y_LINE, 0.5, 0.1),
    "regression_grad": call(X_LINE, Y_LINE, [0.5, 0.1]),
    "train_regression": call(X_LINE, Y_LINE, batch_size=5, learning_rate=0.1, num_epochs=1, start=[-1.0, -1.0],
                             seed=0),
    "plot_spreadsheet_training": call(2, 0.5, ax=None),
    "demo_spreadsheet_training": call(),
    "plot_gd_1d": call(0.05, 3, ax=None),
    "demo_gd_1d": call(),
    "plot_gd_2d": call(0.05, 3, ax=None),
    "demo_gd_2d": call(),
    "plot_batch_sizes": call(0.1, 2, ax=None),
    "demo_batch_sizes": call(),
    "plot_optimizers": call(20, 1.0, ax=None),
    "demo_optimizers": call(),
}

SKIP = {"SpreadsheetRound": "a record of one round's columns, made by spreadsheet_round (which checks the inputs)"}
