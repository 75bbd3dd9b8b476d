"""Valid calls for cu.playground (notebook 04's playground)."""

import course_utils as cu

from input_examples import call


def _model():
    return cu.playground.Playground("circle", hidden_units=(3,), n_samples=40)


CALLS = {
    "Playground": call("xor", noise=0.1, train_ratio=0.5, hidden_units=(4,), activation="relu", learning_rate=0.03,
                       regularization="l2", regularization_rate=0.01, batch_size=5, n_samples=40, seed=1,
                       grid_size=10, extent=6.0, _empty={"hidden_units"}),  # () is a network without hidden layer
    "Playground.update": call(noise=0.2, learning_rate=0.1, hidden_units=(2, 2), _self=_model,
                              _empty={"hidden_units"}),
    "Playground.step": call(2, _self=_model),
    "Playground.reset": call(3, _self=_model),
    "PlaygroundDemo": call(_model(), epochs_per_frame=2, max_fps=10.0, max_epochs=100),
    "plot_playground": call(_model()),
    "demo_playground": call("gaussian", noise=0.1, train_ratio=0.5, num_hidden_layers=1, width=3,
                            activation="tanh", learning_rate=0.1, regularization="l1", regularization_rate=0.001,
                            batch_size=5, epochs_per_frame=1, n_samples=40, seed=0, max_fps=10.0),
}
