"""Valid calls for cu.nn (the one NumPy network)."""

import course_utils as cu
import numpy as np

from input_examples import call

X = np.array([[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2], [0.3, -0.6]])
y = np.array([0.0, 1.0, 1.0, 0.0])


def _net():
    return cu.nn.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", loss="binary_crossentropy",
                         l2=0.0, l1=0.0, dropout_rate=0.2, seed=0)


CALLS = {
    "Network": call([2, 3, 1], activation="relu", output_activation="sigmoid", loss="mse", l2=0.01, l1=0.0,
                    dropout_rate=0.1, seed=0),
    "Network.fit": call(X, y, num_epochs=2, learning_rate=0.1, batch_size=2, validation_data=(X, y), seed=0,
                        callback=lambda epoch, network, history: None, _self=_net),
    "Network.step": call(X, y, 0.1, _self=_net),
    "Network.forward": call(X, training=True, _self=_net),
    "Network.predict": call(X, _self=_net),
    "Network.predict_classes": call(X, _self=_net),
    "Network.accuracy": call(X, y, _self=_net),
    "Network.loss": call(X, y, with_penalty=False, _self=_net),
    "Network.backward": call(X, y, training=False, _self=_net),
    "Network.gradients": call(X, y, _self=_net),
    "Network.gradient_norms": call(X, y, _self=_net),
    "Network.set_params": call(np.zeros(13), _self=_net),
    "Network.reset": call(3, _self=_net),
    "Network.dropout_masks": call(4, rng=np.random.default_rng(0), _self=_net),
    "decision_grid": call(_net(), lim=1.0, resolution=5),
    "DecisionMaps": call(_net(), every=2, lim=1.0, resolution=5),
    "DecisionMaps.at": call(0, _self=lambda: cu.nn.DecisionMaps(_net(), resolution=4)),
    "dropout_forward": call(np.ones((2, 3)), 0.5, training=True, rng=np.random.default_rng(0)),
}
