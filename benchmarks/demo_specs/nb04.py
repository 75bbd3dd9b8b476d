"""Slider demos of notebook 04 (the playground's entries are in nb04_playground.py)."""

DEMOS = [
    {
        "name": "04 chain rule step",
        "build": "cu.backprop.demo_chain_rule()",
        "changes": [("step", 1), ("step", 4), ("step", 6), ("step", 8), ("step", 11), ("step", 0)],
        "expect": "image",
    },
    {
        "name": "04 vanishing gradients",
        "build": "cu.backprop.demo_vanishing_gradients()",
        "changes": [("num_hidden_layers", 2), ("num_hidden_layers", 6), ("activation", "relu"),
                    ("num_hidden_layers", 4), ("activation", "tanh"), ("activation", "sigmoid")],
        "expect": "image",
    },
    {
        "name": "04 hidden neurons on the circle",
        "build": "cu.backprop.demo_hidden_neurons()",
        "changes": [("width", 3), ("width", 1), ("width", 5), ("width", 2)],
        "expect": "image",
    },
]
