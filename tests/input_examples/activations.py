"""Valid calls for cu.activations.

The activations themselves let NaN through (``_nan``): they are the numbers
inside every training loop, and a run that blew up should show ``nan`` in
its loss rather than stop inside an activation.
"""

from input_examples import call

Z = [-1.0, 0.0, 2.0]

CALLS = {
    "sigmoid": call(Z, _nan={"arg0"}),
    "sigmoid_grad": call(Z, _nan={"arg0"}),
    "tanh": call(Z, _nan={"arg0"}),
    "tanh_grad": call(Z, _nan={"arg0"}),
    "relu": call(Z, _nan={"arg0"}),
    "relu_grad": call(Z, _nan={"arg0"}),
    "leaky_relu": call(Z, 0.1, _nan={"arg0"}),
    "leaky_relu_grad": call(Z, 0.1, _nan={"arg0"}),
    "linear": call(Z, _nan={"arg0"}),
    "linear_grad": call(Z, _nan={"arg0"}),
    "softmax": call([2.0, 1.0, 0.5], temperature=2.0, axis=-1, _nan={"arg0"}),
    "step": call(Z),
    "get_activation": call("tanh"),
    "sigmoid_neuron_descent": call(-3.0, target=1.0, learning_rate=0.5, num_steps=5),
    "plot_activation": call("leaky_relu", 0.2, 1.0),
    "plot_softmax": call([2.0, 1.0, 0.5], 0.5, ["a", "b", "c"]),
    "plot_sigmoid_slowdown": call((-6.0, 0.0), 5),
    "demo_activations": call("relu"),
    "demo_softmax": call([2.0, 1.0, 0.5], ["a", "b", "c"]),
}
