"""Valid calls for cu.regularization (notebook 05, part 2: the remedies)."""

import course_utils as cu
import numpy as np

from input_examples import call

R = cu.regularization
WAVE = cu.fitting.wave_splits(n_samples=30, noise=0.3, seed=0)
XOR = R.make_overfit_data(n_train=12, n_val=12, noise=0.3, seed=0)
RUN = R.train_network(XOR, (3,), num_epochs=4, map_every=2, resolution=6)
RUN_DROPOUT = R.train_network(XOR, (3,), num_epochs=4, dropout_rate=0.5, map_every=2, resolution=6)

CALLS = {
    "penalized_loss": call(0.3, np.array([1.0, -2.0]), 0.1),
    "l2_sweep": call(WAVE, 4, [-4.0, -2.0]),
    "early_stopping": call([0.5, 0.4, 0.45, 0.5], 2),
    "make_overfit_data": call(10, 10, 0.5, seed=0),
    "train_network": call(XOR, (3, 2), num_epochs=2, learning_rate=0.01, l2=0.001, dropout_rate=0.1, seed=0,
                          map_every=1, resolution=4),
    "make_random_dates": call(10, seed=1),
    "plot_l2_sweep": call({"log10_l2": [-2.0, -1.0], "train": [0.1, 0.2], "val": [0.3, 0.25]}),
    "plot_training_run": call(RUN, XOR, 2, patience=1),
    "demo_l2_penalty": call(4, split=WAVE),
    "demo_training_epochs": call(RUN, XOR, patience=2),
    "demo_network_size": call({3: RUN}, XOR),
    "demo_dropout": call({0.0: RUN, 0.5: RUN_DROPOUT}, XOR, num_draws=3),
}
SKIP = {
    "TrainingRun": "a result type (NamedTuple) that train_network builds",
}
