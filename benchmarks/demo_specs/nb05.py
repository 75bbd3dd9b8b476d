"""Slider demos of notebook 05 (the network demos train their own small runs when built)."""

DEMOS = [
    {
        "name": "05 polynomial degree",
        "build": "cu.fitting.demo_polynomial_degree()",
        "changes": [("degree", 1), ("degree", 4), ("degree", 9), ("degree", 15), ("degree", 6)],
        "expect": "image",
    },
    {
        "name": "05 learning curve (training-set size)",
        "build": "cu.fitting.demo_learning_curve()",
        "changes": [("n_train", 25), ("n_train", 55), ("n_train", 105), ("n_train", 195), ("n_train", 15)],
        "expect": "image",
    },
    {
        "name": "05 epochs and early stopping",
        "build": "cu.regularization.demo_training_epochs()",
        "changes": [("epoch", 20), ("epoch", 50), ("epoch", 120), ("epoch", 300), ("epoch", 400)],
        "expect": "image",
    },
    {
        "name": "05 network size",
        "build": "cu.regularization.demo_network_size()",
        "changes": [("width", 2), ("width", 8), ("width", 64)],
        "expect": "image",
    },
    {
        "name": "05 L2 weight decay (lambda)",
        "build": "cu.regularization.demo_l2_penalty()",
        "changes": [("log10_lambda", -6.0), ("log10_lambda", -4.0), ("log10_lambda", -2.5),
                    ("log10_lambda", -1.0), ("log10_lambda", 0.5)],
        "expect": "image",
    },
    {
        "name": "05 dropout (rate)",
        "build": "cu.regularization.demo_dropout()",
        "changes": [("dropout_rate", 0.2), ("dropout_rate", 0.5), ("dropout_rate", 0.0), ("dropout_rate", 0.5)],
        "expect": "image",
    },
    {
        "name": "05 dropout (training/test)",
        "build": "cu.regularization.demo_dropout()",
        "changes": [("mode", "test"), ("mode", "training"), ("draw", 3), ("draw", 7)],
        "expect": "image",
    },
]
