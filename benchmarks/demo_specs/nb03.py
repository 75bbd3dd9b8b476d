"""Slider demos of notebook 03 (loss and gradient descent)."""

DEMOS = [
    {
        "name": "03 one prediction, two losses",
        "build": "cu.losses.demo_one_prediction()",
        "changes": [("prediction", 0.05), ("prediction", 0.5), ("prediction", 0.95), ("target", 0),
                    ("prediction", 0.3), ("target", 1)],
        "expect": "image",
    },
    {
        "name": "03 spreadsheet training",
        "build": "cu.optim.demo_spreadsheet_training()",
        "changes": [("num_rounds", 10), ("num_rounds", 25), ("learning_rate", 0.8),
                    ("learning_rate", 1.1), ("num_rounds", 3), ("learning_rate", 0.3)],
        "expect": "image",
    },
    {
        "name": "03 gradient descent 1-D",
        "build": "cu.optim.demo_gd_1d()",
        # the steps slider is moved at 0.13: a diverging path (0.15) soon leaves the picture,
        # after which more steps change only the text readout, not the frame
        "changes": [("learning_rate", 0.01), ("learning_rate", 0.15), ("learning_rate", 0.13),
                    ("num_steps", 25), ("num_steps", 5)],
        "expect": "image",
    },
    {
        "name": "03 gradient descent 2-D",
        "build": "cu.optim.demo_gd_2d()",
        "changes": [("learning_rate", 0.01), ("learning_rate", 0.15), ("learning_rate", 0.125),
                    ("learning_rate", 0.14), ("num_steps", 30), ("num_steps", 8)],
        "expect": "image",
    },
    {
        "name": "03 batch sizes",
        "build": "cu.optim.demo_batch_sizes()",
        "changes": [("learning_rate", 0.02), ("learning_rate", 0.3), ("num_epochs", 10),
                    ("num_epochs", 2), ("learning_rate", 0.1)],
        "expect": "image",
    },
    {
        "name": "03 optimizers in a valley",
        "build": "cu.optim.demo_optimizers()",
        "changes": [("num_steps", 20), ("num_steps", 150), ("scale", 0.5), ("scale", 2.0),
                    ("num_steps", 80)],
        "expect": "image",
    },
]
