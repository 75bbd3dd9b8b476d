"""Valid calls for cu.training: History, the live training view, the prediction explorer, runs."""

import course_utils as cu
import numpy as np

from input_examples import call


def _history():
    h = cu.training.History()
    h.record(loss=0.5, val_loss=0.6)
    h.record(loss=0.4, val_loss=0.5)
    return h


CALLS = {
    "History": call(loss=[0.5, 0.4], val_loss=[0.6, 0.5], _nan={"loss", "val_loss"}),  # NaN: a diverged run
    "History.record": call(loss=0.3, val_loss=0.4, _nan={"loss", "val_loss"}, _self=_history),
    "History.best": call("val_loss", mode="min", _self=_history),
    "History.last": call("loss", _self=_history),
    "History.extend": call({"loss": [0.2], "val_loss": [0.3]}, _self=_history),
    "History.from_keras": call({"loss": [0.5, 0.4]}, _self=_history),
}

_rng = np.random.default_rng(0)
IMAGES = _rng.integers(0, 256, (12, 28, 28)).astype(float)
LABELS = _rng.integers(0, 10, 12)
PROBABILITIES = _rng.dirichlet(np.ones(10), 12)


def _view():
    view = cu.training.TrainingView(3)
    view.begin(num_epochs=3, steps_per_epoch=2)
    view.epoch_begin()
    return view


CALLS.update({
    "early_stopping": call([0.5, 0.4, 0.45, 0.5, 0.6], patience=2, _nan={"arg0"}),
    "time_per_epoch": call(cu.training.History(loss=[0.5, 0.4], epoch_seconds=[1.0, 0.8])),
    "plot_history": call(_history(), metrics=("loss",), patience=2),
    "TrainingView": call(3, metrics=("loss", "accuracy"), patience=2, update_every_s=0.1, live=True, title="run"),
    "TrainingView.begin": call(5, 10, _self=_view),
    "TrainingView.batch_end": call(1, loss=0.4, accuracy=0.8, _nan={"loss", "accuracy"}, _self=_view),
    "TrainingView.epoch_end": call(loss=0.4, val_loss=0.5, _nan={"loss", "val_loss"}, _self=_view),
    "accuracy": call(LABELS, PROBABILITIES),
    "cross_entropy": call(LABELS, PROBABILITIES),
    "output_gradient": call(PROBABILITIES, LABELS, loss="mse"),
    "mistakes": call(LABELS, PROBABILITIES),
    "ImageBrowser": call(IMAGES, LABELS, class_names=[str(i) for i in range(10)], title="digits"),
    "browse_images": call(IMAGES.reshape(12, 784), LABELS, title="digits"),
    "plot_prediction": call(IMAGES[0], 3, PROBABILITIES[0], class_names=list("abcdefghij")),
    "PredictionExplorer": call(IMAGES, LABELS, PROBABILITIES, title="test"),
    "explore_predictions": call(IMAGES, LABELS, PROBABILITIES, class_names=list("abcdefghij")),
    "confusion_matrix": call(LABELS, PROBABILITIES, num_classes=10),
    "plot_confusion_matrix": call([[5, 1], [2, 7]], class_names=["no", "yes"]),
    "compare_runs": call({"old": {"accuracy": 0.4, "seconds_per_epoch": 1.2}, "new": {"accuracy": 0.97}}),
    "plot_histories": call({"old": _history(), "new": _history()}, metrics=("loss", "val_loss")),
})
