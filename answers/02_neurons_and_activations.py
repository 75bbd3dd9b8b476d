"""Answer key for notebook 02 (neurons and activations): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/02_neurons_and_activations.py")["SOLUTIONS"]
    cu.check("02-6", solutions["02-6"])
"""

import course_utils as cu
import numpy as np


# 02-1: a perceptron, written without cu.
def perceptron(inputs, weights, bias):
    # Multiply each input by its weight (NumPy does it entry by entry), add the products up,
    # then add the bias once.
    total = np.sum(inputs * weights) + bias
    # The step function: 1 from 0 upwards (a total of exactly 0 counts as 1), else 0.
    if total >= 0:
        return 1
    return 0


# 02-2: NOR by hand: 1 only for (0, 0).
# (0, 0): z = b must be >= 0.  (0, 1): w2 + b < 0.  (1, 0): w1 + b < 0.
# Take b = 0.5; then each weight must be below -0.5, e.g. -1. (1, 1): -1 - 1 + 0.5 < 0, also 0.
nor_weights = (-1.0, -1.0, 0.5)


# 02-3: the 3 -> 4 -> 2 network for the sample (0, 1, 2), one row.
net = cu.neurons.example_network()
W1, b1, W2, b2 = net["W1"], net["b1"], net["W2"], net["b2"]
A0_exercise = np.array([[0.0, 1.0, 2.0]])  # shape (1, 3): one sample, three inputs
A1 = cu.activations.sigmoid(A0_exercise @ W1 + b1)  # (1, 3) @ (3, 4) -> (1, 4), b1 added to the row
A2_exercise = cu.activations.sigmoid(A1 @ W2 + b2)  # (1, 4) @ (4, 2) -> (1, 2)


# 02-4: sigmoid's slope, written with the sigmoid itself.
def sigmoid_derivative(z):
    # d/dz 1 / (1 + e^-z) = e^-z / (1 + e^-z)^2 = sigma(z) * (1 - sigma(z)).
    # Check: at z = 0, 0.5 * 0.5 = 0.25; for a large z, sigma is near 1 and the slope near 0.
    s = cu.activations.sigmoid(z)
    return s * (1 - s)


# 02-5: ten digits, probabilities that add up to 1: softmax (sigmoid gives ten independent
# numbers in (0, 1) that need not add up to 1).
output_activation = "softmax"


# 02-6: the forward pass of a dense layer, as Keras' Dense computes it.
def dense(X, W, b, activation):
    # X: (n_samples, n_in), W: (n_in, n_out). X @ W chains the shapes to (n_samples, n_out):
    # entry [s, j] is sample s's weighted sum for neuron j. NumPy adds b, shape (n_out,), to
    # every row (broadcasting), then the activation acts on every entry.
    return activation(X @ W + b)


SOLUTIONS = {
    "02-1": perceptron,
    "02-2": nor_weights,
    "02-3": A2_exercise,
    "02-4": sigmoid_derivative,
    "02-5": output_activation,
    "02-6": dense,
}
