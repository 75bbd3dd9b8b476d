"""Valid calls for cu.backprop (notebook 04: the chain rule, vanishing gradients, hidden neurons)."""

import course_utils as cu
import numpy as np

from input_examples import call

X = np.array([[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2], [0.3, -0.6]])
y = np.array([0, 1, 1, 0])


def _net():
    return cu.nn.Network([2, 3, 1], activation="tanh", seed=0)


CALLS = {
    "relative_error": call([1.0, 2.0], [1.0, 2.5]),
    "network_gradient_check": call(_net(), X, y, h=1e-5),
    "graph_example": call(),
    "graph_loss": call(cu.backprop.graph_example()),
    "graph_forward_backward": call(cu.backprop.graph_example()),
    "graph_numerical_gradients": call(cu.backprop.graph_example(), h=1e-5),
    "plot_chain_rule_step": call(3, cu.backprop.graph_example()),
    "demo_chain_rule": call(cu.backprop.graph_example()),
    "layer_gradient_norms": call("relu", 2, width=3, seed=0, X=X, y=y),
    "plot_gradient_norms": call("tanh", 2),
    "demo_vanishing_gradients": call(),
    "train_circle_networks": call((2,), num_epochs=3, learning_rate=0.5, seed=0, n_samples=20),
    "plot_decision_map": call(_net(), X, y, lim=1.0, resolution=10),
    "plot_hidden_neurons": call(_net(), X, y),
    "demo_hidden_neurons": call(num_epochs=2),
}
