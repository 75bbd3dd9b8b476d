"""Answer key for notebook 05 · Overfitting and regularization.

Worked solutions, written as a teacher would explain them. Each one passes its
check (tests/test_answers.py runs them in CI)::

    import runpy
    solutions = runpy.run_path("answers/05_overfitting_and_regularization.py")["SOLUTIONS"]
    cu.check("05-5", solutions["05-5"])
"""

import numpy as np


def penalized_loss(data_loss, weights, lam):
    """05-1: the club course's L2-penalized loss L'(w) = L(w) + lambda * sum(w_i^2).

    Square every weight (np.asarray accepts a list or an array of any shape),
    add the squares up, scale by lambda, and add that to the data loss.
    Keras' convention has no 1/2 in front, so neither do we.
    """
    penalty = lam * np.sum(np.asarray(weights, dtype=float) ** 2)
    return data_loss + penalty


# 05-2: the validation set took part in a choice (it picked the best of 20), so its
# score is optimistic; only the test set, locked away until now, is honest.
HONEST_SET = "test"


def training_dropout(a, mask, rate):
    """05-3: inverted dropout in training mode.

    Multiplying by the mask (True = 1, False = 0) switches the dropped units off.
    On average a share (1 - rate) of the units survives, so dividing the survivors
    by (1 - rate) keeps the expected output of every unit what it is at test time,
    when nothing is dropped.
    """
    return a * mask / (1 - rate)


# 05-4: the losses are 0.70, 0.62, 0.58, 0.57, 0.59, 0.56, 0.60, 0.61, 0.63, 0.66.
# Epoch 4 (0.57) is a new best; epoch 5 is not (wait 1); epoch 6 (0.56) is a new best,
# so the wait starts again at 0; epochs 7, 8, 9 are all worse (wait 1, 2, 3). With
# patience 3 training stops after epoch 9 and restores the weights of epoch 6.
EARLY_STOPPING = [6, 9]


def weight_decay_step(W, dW, learning_rate, l2):
    """05-5: one gradient-descent step on L'(W) = L(W) + l2 * sum(w^2).

    The gradient of the penalized loss has two parts: dW from the data, and the
    derivative of l2 * w^2 for every weight, 2 * l2 * w (the 2 stays: Keras'
    convention has no 1/2). The step goes against the whole gradient. Written
    out, W_new = (1 - 2 * learning_rate * l2) * W - learning_rate * dW: every step
    first shrinks the weights a little, hence the name "weight decay".
    """
    gradient = dW + 2 * l2 * W
    return W - learning_rate * gradient


SOLUTIONS = {
    "05-1": penalized_loss,
    "05-2": HONEST_SET,
    "05-3": training_dropout,
    "05-4": EARLY_STOPPING,
    "05-5": weight_decay_step,
}
