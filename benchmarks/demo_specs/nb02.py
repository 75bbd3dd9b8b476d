"""Slider demos of notebook 02 (neurons and activations).

Each control's values alternate, so every change really changes a value
(setting a slider to the value it already has sends nothing).
"""

DEMOS = [
    {
        "name": "02 neuron decision line (w1, w2, b)",
        "build": "cu.neurons.demo_neuron()",
        "changes": [("w1", 0.5), ("w1", 1.5), ("w2", 1.0), ("w2", -1.0), ("b", -1.0), ("b", 3.0)],
        "expect": "image",
    },
    {
        "name": "02 perceptron step-through (step)",
        "build": "cu.neurons.demo_perceptron()",
        "changes": [("step", 3), ("step", 10), ("step", 17), ("step", 24), ("step", 6)],
        "expect": "image",
    },
    {
        "name": "02 perceptron step-through (gate)",
        "build": "cu.neurons.demo_perceptron()",
        "changes": [("gate", "OR"), ("gate", "XOR"), ("gate", "AND")],
        "expect": "image",
    },
    {
        "name": "02 activation and derivative (z)",
        "build": "cu.activations.demo_activations()",
        "changes": [("z", -4.0), ("z", 1.0), ("z", 4.5), ("z", -1.5), ("z", 0.0)],
        "expect": "image",
    },
    {
        "name": "02 activation and derivative (activation)",
        "build": "cu.activations.demo_activations()",
        "changes": [("activation", "tanh"), ("activation", "relu"), ("activation", "leaky_relu"),
                    ("activation", "sigmoid")],
        "expect": "image",
    },
    {
        "name": "02 leaky ReLU slope (alpha, 0 to 1)",
        "build": "cu.activations.demo_activations('leaky_relu')",
        "changes": [("alpha", 0.05), ("alpha", 0.3), ("alpha", 0.6), ("alpha", 1.0), ("alpha", 0.0)],
        "expect": "image",
    },
    {
        "name": "02 softmax temperature (temperature)",
        "build": "cu.activations.demo_softmax()",
        "changes": [("temperature", 0.3), ("temperature", 2.0), ("temperature", 4.0), ("temperature", 0.8)],
        "expect": "image",
    },
    {
        "name": "02 3-4-2 network (inputs)",
        "build": "cu.neurons.demo_network()",
        "changes": [("x0", 0.3), ("x0", -1.0), ("x1", 1.5), ("x1", -0.5), ("x2", 1.5), ("x2", 0.0)],
        "expect": "image",
    },
]
