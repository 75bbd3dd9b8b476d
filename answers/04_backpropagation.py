"""Answer key for notebook 04 (backpropagation): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/04_backpropagation.py")["SOLUTIONS"]
    cu.check("04-1", solutions["04-1"])
"""

import course_utils as cu
import numpy as np

# 04-1: the chain rule for one sigmoid neuron, z = w x + b, a = sigmoid(z), L = (a - target)^2.
x, w, b, target = 2.0, 0.5, -0.5, 1.0
z = w * x + b                      # 0.5 * 2 - 0.5 = 0.5
a = 1 / (1 + np.exp(-z))           # sigmoid(0.5) = 0.6225
dL_da = 2 * (a - target)           # from L = (a - target)^2:        -0.7551
da_dz = a * (1 - a)                # the sigmoid's slope, from a:     0.2350
dz_dw = x                          # from z = w x + b:                2
dL_dw = dL_da * da_dz * dz_dw      # one factor per arrow w -> z -> a -> L: -0.3549


# 04-2: one step of the chain rule through a sigmoid layer. A = sigmoid(Z) entry by entry,
# so each entry of dL/dZ is its entry of dL/dA times that entry's slope A (1 - A):
# an element-wise product (*), not a matrix product (@).
def sigmoid_backward(dA, A):
    return dA * A * (1 - A)


# 04-3: XOR needs a hidden layer. Two hidden neurons make at most a band, which cannot hold two
# opposite quadrants (they stop at 87 % or less); four tanh neurons, trained as in Experiment 1
# (full batch, learning rate 1.0, 1,500 epochs, on the points divided by 5), reach about 98 %.
X_xor, y_xor = cu.data.make_playground_data("xor", 200, seed=0)
X_xor = X_xor / 5
my_xor_model = cu.nn.Network([2, 4, 1], activation="tanh", output_activation="sigmoid",
                             loss="binary_crossentropy", seed=0)
my_xor_model.fit(X_xor, y_xor, num_epochs=1500, learning_rate=1.0)


# 04-4: the relative error of the gradient check. np.linalg.norm of an array of any shape is the
# square root of the sum of all its squared entries, so no flattening or loop is needed.
def my_relative_error(g, g_num):
    g, g_num = np.asarray(g, dtype=float), np.asarray(g_num, dtype=float)
    return np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num))


# 04-5: the backward pass of one dense layer, Z = A_prev @ W + b. Let the shapes lead:
# dW must be (n_in, n_out): A_prev.T (n_in, n) @ dZ (n, n_out), a sum over the samples;
# dA_prev must be (n, n_in): dZ (n, n_out) @ W.T (n_out, n_in);
# db must be (n_out,): b is added to every row, so its gradient adds dZ up over the rows.
def dense_backward(dZ, A_prev, W):
    dA_prev = dZ @ W.T
    dW = A_prev.T @ dZ
    db = dZ.sum(axis=0)
    return dA_prev, dW, db


SOLUTIONS = {
    "04-1": dL_dw,
    "04-2": sigmoid_backward,
    "04-3": my_xor_model,
    "04-4": my_relative_error,
    "04-5": dense_backward,
}
