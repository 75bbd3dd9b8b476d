"""Valid calls for cu.neurons."""

import course_utils as cu

from input_examples import call

X = [[0.0, 1.0], [1.0, 1.0], [2.0, -1.0]]
W = [[1.0, -1.0, 0.5], [1.0, 0.5, -0.5]]  # (n_in=2, n_out=3)
B = [0.0, 0.5, -0.5]


def _run():
    return cu.neurons.train_perceptron(*cu.neurons.logic_gate("OR"))


CALLS = {
    "weighted_sum": call(X, [0.5, -1.0], 0.25),
    "neuron_output": call(X, [0.5, -1.0], 0.25, "sigmoid"),
    "decision_line": call([1.0, 2.0], -1.0, (-6.0, 6.0), (-3.0, 3.0)),
    "half_plane_polygon": call([1.0, 2.0], -1.0, (-6.0, 6.0), (-3.0, 3.0)),
    "logic_gate": call("NAND"),
    "train_perceptron": call([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 1],
                             learning_rate=0.5, max_epochs=10, w0=[0.0, 0.0], b0=0.0),
    "PerceptronRun.weights_at": call(3, _self=_run),
    "best_line_accuracy": call([[0.0, 0.0], [1.0, 1.0]], [0, 1], [-1.0, 0.0, 1.0]),
    "layer_forward": call(X, W, B, "relu"),
    "layer_forward_by_neuron": call(X, W, B, "tanh"),
    "network_forward": call(X, [(W, B), ([[1.0], [1.0], [1.0]], [0.0])], "sigmoid"),
    "xor_network": call(),
    "example_network": call(),
    "plot_neuron": call(1.0, 0.5, 0.0),
    "plot_perceptron_step": call("OR", 2),
    "plot_network": call((1.0, 0.5, -1.0)),
    "demo_neuron": call(),
    "demo_perceptron": call(),
    "demo_network": call(),
}
