"""Answer key for notebook 03 (loss and gradient descent): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/03_loss_and_gradient_descent.py")["SOLUTIONS"]
    cu.check("03-5", solutions["03-5"])
"""

import course_utils as cu
import numpy as np

# 03-1: the club course's ten-output example, L = sum((y_hat - y)^2).
# The ideal output for a picture of a 1 is one-hot: 1 in place 1, 0 in the other nine places.
output = np.array(cu.losses.CLUB_COURSE_OUTPUT)  # (0.0, 0.1, 0.4, 0.8, 0.5, 0.4, 0.3, 0.1, 0.1, 0.9)
ideal = cu.losses.one_hot([1], 10)[0]             # (0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
# Place by place: 0 + 0.81 + 0.16 + 0.64 + 0.25 + 0.16 + 0.09 + 0.01 + 0.01 + 0.81 = 2.94.
# The slide prints 2.14; the squares add up to 2.94 (a slip on the slide, worth pointing out
# kindly in class: students can check a slide themselves). Note the slide's L is a sum, not a mean.
loss_L = float(np.sum((output - ideal) ** 2))

# 03-2: mean cross-entropy of two photos.
# Label 1 with p = 0.8: the loss is -log(0.8) = 0.223 (the probability of the right class is 0.8).
# Label 0 with p = 0.3: the right class is 0, whose probability is 1 - 0.3 = 0.7, loss -log(0.7) = 0.357.
# The mean of the two: (0.223 + 0.357) / 2 = 0.290.
mean_ce = (-np.log(0.8) - np.log(1 - 0.3)) / 2

# 03-3: the spreadsheet's averaged weight change in round 0, column by column.
X, y, _ = cu.optim.student_arrays()            # X: (5, 3) scores, y: (5,) returns
predicted = X @ np.full(3, 0.33) + 0.0         # (5,): one prediction per student
error = y - predicted                          # (5,): return minus prediction (this sign!)
weight_change = error[:, None] * X             # (5, 3): each row is that student's error times their scores
average_change = weight_change.mean(axis=0)    # (3,): average over the five students, one per subject

# 03-4: gradient descent on f(x) = 2x^2.
# f'(x) = 4x, so one step gives x - eta * 4x = (1 - 4 eta) x. The steps converge while
# |1 - 4 eta| < 1, i.e. 0 < eta < 2/4. The boundary is 2 divided by the curvature f'' = 4.
largest_learning_rate = 2 / 4


# 03-5: one momentum step, the update rule of cu.optim.Momentum (and of torch.optim.SGD with momentum).
def momentum_step(w, velocity, grad, learning_rate, beta):
    # The velocity remembers past gradients: beta of the old velocity plus the new gradient.
    # Gradients that point the same way add up; gradients that flip sign (a zigzag) cancel.
    velocity = beta * velocity + grad
    # Then move against the velocity, as plain SGD moves against the gradient.
    w = w - learning_rate * velocity
    # Written with NumPy operations only, it works for a number and for an array [x, y] alike.
    return w, velocity


SOLUTIONS = {
    "03-1": loss_L,
    "03-2": mean_ce,
    "03-3": average_change,
    "03-4": largest_learning_rate,
    "03-5": momentum_step,
}
