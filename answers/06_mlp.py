"""Answer key for notebook 06 (the MLP on MNIST, Keras and PyTorch twins): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. Both twins ask the same four questions, so one key serves both,
and it needs neither framework. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/06_mlp.py")["SOLUTIONS"]
    cu.check("06-1", solutions["06-1"])
"""

import numpy as np

# 06-1: every Dense (nn.Linear) layer has one weight per (input, neuron) pair and one bias per
# neuron; dropout and activations have no parameters.
num_parameters = (
    784 * 800 + 800    # hidden layer 1: 627,200 weights + 800 biases
    + 800 * 800 + 800  # hidden layer 2: 640,000 weights + 800 biases
    + 800 * 10 + 10    # output layer:     8,000 weights +  10 biases
)                      # = 1,276,810, the "Total params" of model.summary()


# 06-2: flatten each 28 x 28 picture into one row of 784 values (rows are samples), scale 0-255
# to 0-1, and hand the frameworks float32. Dividing makes a new array, so the input is untouched.
def preprocess(images):
    return (images.reshape(len(images), 784) / 255).astype("float32")


# 06-3: after the first softmax the ten inputs of the second one lie in [0, 1]. The second
# softmax is most confident when the first gave the true class 1 and the others 0: then its
# output for the true class is e^1 / (e^1 + 9 e^0) = 0.232, and the cross-entropy -log(0.232)
# = log(1 + 9/e) = 1.461 is the lowest loss this network can ever reach. Its gradient never
# goes to zero even on images it gets right, and the differences it can express are squashed
# into [0, 1]: it learns slower and its loss stays high.
smallest_loss = np.log(1 + 9 / np.e)


# 06-4: the diagonal holds the right answers, so leave it out; the largest remaining count is
# the most frequent mistake. Rows are true labels, columns predictions.
def most_confused(matrix):
    mistakes = np.array(matrix, copy=True)
    np.fill_diagonal(mistakes, 0)
    true_label, predicted_label = np.unravel_index(np.argmax(mistakes), mistakes.shape)
    return int(true_label), int(predicted_label)


SOLUTIONS = {
    "06-1": num_parameters,
    "06-2": preprocess,
    "06-3": smallest_loss,
    "06-4": most_confused,
}
