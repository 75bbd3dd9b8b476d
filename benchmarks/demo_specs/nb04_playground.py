"""The playground of notebook 04: one entry per kind of control.

Controls that change the data or the network rebuild it and send a new
picture. Learning rate, regularization and batch size apply from the next
step: the map does not change (the frame is the same picture, whose bytes
the page already has), so only the status readout changes ("text").
Training itself (Train/Step) is measured in benchmarks/playground_speed.py.
"""

DEMOS = [
    {
        "name": "04 playground: data set (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("dataset", "xor"), ("dataset", "gaussian"), ("dataset", "spiral"), ("dataset", "circle")],
        "expect": "image",
    },
    {
        "name": "04 playground: noise (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("noise", 0.1), ("noise", 0.25), ("noise", 0.5), ("noise", 0.0)],
        "expect": "image",
    },
    {
        "name": "04 playground: training share (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("train_ratio", 0.3), ("train_ratio", 0.7), ("train_ratio", 0.5)],
        "expect": "image",
    },
    {
        "name": "04 playground: hidden layers (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("num_hidden_layers", 3), ("num_hidden_layers", 6), ("num_hidden_layers", 0), ("num_hidden_layers", 2)],
        "expect": "image",
    },
    {
        "name": "04 playground: neurons per layer (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("width", 8), ("width", 2), ("width", 6), ("width", 4)],
        "expect": "image",
    },
    {
        "name": "04 playground: activation (rebuild)",
        "build": "cu.playground.demo_playground()",
        "changes": [("activation", "relu"), ("activation", "sigmoid"), ("activation", "linear"), ("activation", "tanh")],
        "expect": "image",
    },
    {
        "name": "04 playground: learning rate (status only)",
        "build": "cu.playground.demo_playground()",
        "changes": [("learning_rate", 0.1), ("learning_rate", 0.003), ("learning_rate", 1.0), ("learning_rate", 0.03)],
        "expect": "text",
    },
    {
        "name": "04 playground: regularization (status only)",
        "build": "cu.playground.demo_playground()",
        "changes": [("regularization", "l2"), ("regularization_rate", 0.01), ("regularization", "l1"), ("regularization_rate", 0.0)],
        "expect": "text",
    },
    {
        "name": "04 playground: batch size (status only)",
        "build": "cu.playground.demo_playground()",
        "changes": [("batch_size", 1), ("batch_size", 30), ("batch_size", 10)],
        "expect": "text",
    },
]
