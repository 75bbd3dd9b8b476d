"""Slider demos of notebook 05 (the network demos train their own small records when built)."""

DEMOS = [
    {
        "name": "05 polynomial degree",
        "build": "cu.demo_polynomial_degree()",
        "changes": [("degree", 1), ("degree", 4), ("degree", 9), ("degree", 15), ("degree", 6)],
        "expect": "image",
    },
    {
        "name": "05 learning curve (training-set size)",
        "build": "cu.demo_learning_curve()",
        "changes": [("n_train", 25), ("n_train", 55), ("n_train", 105), ("n_train", 195), ("n_train", 15)],
        "expect": "image",
    },
    {
        "name": "05 epochs and early stopping",
        "build": "cu.demo_training_epochs()",
        "changes": [("epoch", 20), ("epoch", 50), ("epoch", 120), ("epoch", 300), ("epoch", 400)],
        "expect": "image",
    },
    {
        "name": "05 network size",
        "build": "cu.demo_network_size()",
        "changes": [("hidden_units", 2), ("hidden_units", 8), ("hidden_units", 64)],
        "expect": "image",
    },
    {
        "name": "05 L2 weight decay (lambda)",
        "build": "cu.demo_l2_penalty()",
        "changes": [("log10_lambda", -6.0), ("log10_lambda", -4.0), ("log10_lambda", -2.5),
                    ("log10_lambda", -1.0), ("log10_lambda", 0.5)],
        "expect": "image",
    },
    {
        "name": "05 dropout (rate)",
        "build": "cu.demo_dropout()",
        "changes": [("rate", 0.2), ("rate", 0.5), ("rate", 0.0), ("rate", 0.5)],
        "expect": "image",
    },
    {
        "name": "05 dropout (training/test)",
        "build": "cu.demo_dropout()",
        "changes": [("mode", "test"), ("mode", "training"), ("draw", 3), ("draw", 7)],
        "expect": "image",
    },
]
