"""Valid calls for cu.training's History (the live view and the explorer add theirs)."""

import course_utils as cu

from input_examples import call


def _history():
    h = cu.training.History()
    h.record(loss=0.5, val_loss=0.6)
    h.record(loss=0.4, val_loss=0.5)
    return h


CALLS = {
    "History": call(loss=[0.5, 0.4], val_loss=[0.6, 0.5]),
    "History.record": call(loss=0.3, val_loss=0.4, _nan={"loss", "val_loss"}, _self=_history),
    "History.best": call("val_loss", mode="min", _self=_history),
    "History.last": call("loss", _self=_history),
    "History.extend": call({"loss": [0.2], "val_loss": [0.3]}, _self=_history),
    "History.from_keras": call({"loss": [0.5, 0.4]}, _self=_history),
}
