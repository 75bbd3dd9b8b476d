"""Slider demos of notebook 04 (the playground's entry lives with its author)."""

DEMOS = [
    {
        "name": "04 chain rule step",
        "build": "cu.demo_chain_rule()",
        "changes": [("step", 1), ("step", 4), ("step", 6), ("step", 8), ("step", 11), ("step", 0)],
        "expect": "image",
    },
    {
        "name": "04 vanishing gradients",
        "build": "cu.demo_vanishing_gradients()",
        "changes": [("n_hidden_layers", 2), ("n_hidden_layers", 8), ("activation", "relu"),
                    ("n_hidden_layers", 4), ("activation", "tanh"), ("activation", "sigmoid")],
        "expect": "image",
    },
    {
        "name": "04 hidden neurons on the circle",
        "build": "cu.demo_hidden_neurons()",
        "changes": [("hidden_units", 3), ("hidden_units", 1), ("hidden_units", 5), ("hidden_units", 2)],
        "expect": "image",
    },
]
