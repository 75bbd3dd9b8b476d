"""Demos of notebook 06: the image browser, the live training view (looking back at a run) and the
prediction explorer, each built from arrays as the notebooks build them (MNIST's offline digits)."""

# A 30-epoch run whose validation loss is lowest at epoch 12 and rises after it.
_HISTORY = (
    "cu.training.History("
    "loss=[0.9 * 0.88 ** e for e in range(30)], "
    "val_loss=[0.95 * 0.88 ** min(e, 11) + 0.004 * max(0, e - 11) ** 1.5 for e in range(30)], "
    "accuracy=[1 - 0.5 * 0.85 ** e for e in range(30)], "
    "val_accuracy=[1 - 0.5 * 0.86 ** min(e, 14) for e in range(30)])"
)

# The 1,000 offline test digits with made-up predictions: right with p = 0.82 for most, a
# random guess for every tenth image (so there are mistakes to step through).
_EXPLORER = (
    "(lambda np, test: cu.training.explore_predictions(test[0], test[1], np.where("
    "(np.arange(len(test[1])) % 10 == 0)[:, None], np.random.default_rng(0).dirichlet(np.ones(10), len(test[1])), "
    "0.8 * np.eye(10)[test[1]] + 0.02)))(__import__('numpy'), cu.load_mnist(quiet=True)[1])"
)

DEMOS = [
    {
        "name": "06 browse the MNIST images",
        "build": "cu.training.browse_images(*cu.load_mnist(quiet=True)[0])",
        "changes": [("index", 1), ("index", 50), ("label", 7), ("index", 3), ("label", -1)],
        "expect": "image",
    },
    {
        "name": "06 live training view (epoch slider)",
        "build": f"cu.training.TrainingView.replay({_HISTORY}, title='a 30-epoch run')",
        "changes": [("epoch", 5), ("epoch", 12), ("epoch", 30), ("epoch", 1), ("epoch", 20)],
        "expect": "image",
    },
    {
        "name": "06 prediction explorer (image)",
        "build": _EXPLORER,
        "changes": [("index", 5), ("index", 120), ("index", 999), ("index", 0)],
        "expect": "image",
    },
    {
        "name": "06 prediction explorer (mistakes switch)",
        "build": _EXPLORER,
        "changes": [("show", "mistakes"), ("index", 3), ("index", 40), ("show", "all")],
        "expect": "image",
    },
]
