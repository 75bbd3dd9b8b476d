"""Keras helpers of the course, reached as ``cu.keras`` (imported on first use).

The same names as ``cu.torch`` where the idea is the same, so the two twins
of a lesson read alike:

* :func:`count_parameters`, :func:`predict_proba`, :func:`gradient_sizes`;
* :func:`save_model` / :func:`load_model`: the ``.keras`` format only, loaded
  with ``safe_mode=True``;
* :class:`TrainingCallback`: a Keras callback that feeds a
  :class:`cu.training.TrainingView <course_utils.training.TrainingView>` (the
  live training view) and times every epoch.

This module imports Keras (and its TensorFlow backend) but never PyTorch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np

from . import _validate as v
from .training import History, TrainingView

__all__ = [
    "TrainingCallback",
    "count_parameters",
    "predict_proba",
    "gradient_sizes",
    "save_model",
    "load_model",
]


def _model(model: Any, name: str = "model") -> keras.Model:
    return v.instance(model, name, keras.Model, "a Keras model (keras.Sequential or keras.Model)")


class TrainingCallback(keras.callbacks.Callback):
    """Show a ``model.fit`` run live in a :class:`~course_utils.training.TrainingView`.

    ``model.fit(..., callbacks=[cu.keras.TrainingCallback(view)])`` draws the
    loss and accuracy after every epoch, and within an epoch at most every
    ``view.update_every_s`` seconds. Every epoch is recorded, with its
    training time, in :attr:`history` (the view's ``History``).

    Parameters
    ----------
    view : TrainingView, optional
        Where to draw; without one the run is only recorded.
    """

    def __init__(self, view: TrainingView | None = None) -> None:
        super().__init__()
        self.view = v.instance(view, "view", (TrainingView, type(None)),
                               "a cu.training.TrainingView (or None)")
        if self.view is None:
            self.view = TrainingView(live=False)

    @property
    def history(self) -> History:
        """Every epoch's numbers so far (``loss``, ``val_loss``, ..., ``epoch_seconds``)."""
        return self.view.history

    def on_train_begin(self, logs=None) -> None:
        params = self.params or {}
        self.view.begin(num_epochs=params.get("epochs"), steps_per_epoch=params.get("steps"))

    def on_epoch_begin(self, epoch, logs=None) -> None:
        self.view.epoch_begin()

    def on_train_batch_end(self, batch, logs=None) -> None:
        if logs:
            self.view.batch_end(batch, **{k: float(x) for k, x in logs.items() if np.isscalar(x)})

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.view.epoch_end(**{k: float(x) for k, x in (logs or {}).items() if np.isscalar(x)})

    def on_train_end(self, logs=None) -> None:
        self.view.end()


def count_parameters(model: Any) -> int:
    """The number of trainable parameters (every weight and bias) of a Keras model.

    The same number as the "Trainable params" line of ``model.summary()``.
    """
    model = _model(model)
    return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))


def predict_proba(model: Any, X: Any, *, batch_size: int = 1000, logits: bool = False) -> np.ndarray:
    """The predicted probability of every class, as a NumPy array.

    Parameters
    ----------
    model : keras.Model
        Ends in a softmax (the Keras habit); with ``logits=True``, a model
        whose last layer has no activation.
    X : array-like of shape (n_samples, ...)
        Inputs as the model takes them.
    batch_size : int
    logits : bool
        Apply a softmax to the model's outputs first.

    Returns
    -------
    ndarray of shape (n_samples, k), float32; each row sums to 1.
    """
    model = _model(model)
    X = v.as_array(X, "X", ndim=(2, 3, 4)).astype(np.float32)
    batch_size = v.as_int(batch_size, "batch_size", low=1)
    v.as_bool(logits, "logits")
    out = np.asarray(model.predict(X, batch_size=batch_size, verbose=0), dtype=np.float32)
    if logits:
        out = out - out.max(axis=1, keepdims=True)
        out = np.exp(out)
        out /= out.sum(axis=1, keepdims=True)
    elif out.min() < -1e-6 or out.max() > 1 + 1e-6 or not np.allclose(out.sum(axis=1), 1, atol=1e-3):
        raise ValueError(
            "The model's outputs are not probabilities (rows do not sum to 1): does its last layer "
            "lack activation='softmax'? Then call predict_proba(model, X, logits=True)."
        )
    return out


def gradient_sizes(model: Any, X: Any, y: Any) -> np.ndarray:
    """How large the loss's gradient is at each Dense layer's weights, right now.

    One number per Dense layer, input side first: the root mean square of
    ``∂L/∂W`` over the layer's weights, for the compiled loss on ``(X, y)``
    with dropout switched off. Small numbers near the input are the
    vanishing gradient of notebook 04.

    Parameters
    ----------
    model : keras.Model, compiled
    X : array-like of shape (n_samples, ...)
    y : array-like
        Targets as the loss takes them (one-hot rows or integer labels).

    Returns
    -------
    ndarray of shape (n_dense_layers,)
    """
    model = _model(model)
    if getattr(model, "loss", None) is None:
        raise ValueError("gradient_sizes needs a compiled model: call model.compile(loss=..., ...) first.")
    if keras.backend.backend() != "tensorflow":
        raise RuntimeError(f"gradient_sizes is written for the TensorFlow backend, not {keras.backend.backend()!r}.")
    import tensorflow as tf

    X = v.as_array(X, "X", ndim=(2, 3, 4)).astype(np.float32)
    y = v.as_array(y, "y", ndim=(1, 2))
    v.same_length("X", X, "y", y)
    kernels = [layer.kernel for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not kernels:
        raise ValueError("The model has no Dense layer.")
    with tf.GradientTape() as tape:
        predictions = model(X, training=False)
        loss = model.compute_loss(x=X, y=y, y_pred=predictions)
    grads = tape.gradient(loss, [k.value for k in kernels])
    return np.array([float(np.sqrt(np.mean(np.square(g.numpy())))) for g in grads])


def save_model(model: Any, path: str | Path) -> Path:
    """Save a Keras model (architecture, weights, optimizer state) to a ``.keras`` file.

    ``.keras`` is a zip archive of a JSON description and the weights; no
    pickled Python objects. Returns the path written.
    """
    model = _model(model)
    path = _keras_path(path)
    model.save(path)
    return path


def load_model(path: str | Path) -> keras.Model:
    """Load a ``.keras`` file with ``safe_mode=True``.

    What ``safe_mode`` protects: a ``.keras`` file can name a Python
    ``lambda`` (in a ``Lambda`` layer) whose code would run while the model
    loads or runs; ``safe_mode=True`` refuses to rebuild such code.

    What it does not protect: the loader itself had bugs through which a
    crafted file ran code or touched files despite ``safe_mode``
    (CVE-2025-1550, CVE-2025-8747, CVE-2025-9906; fixed by Keras 3.11), and
    custom layers registered in your own code still run when loaded. So:
    load only files you trust, with an up-to-date Keras.
    """
    path = _keras_path(path)
    if not path.exists():
        raise FileNotFoundError(f"There is no file {path}: save a model there first (cu.keras.save_model).")
    return keras.saving.load_model(path, safe_mode=True)


def _keras_path(path: Any) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path should be a file name such as 'mnist_mlp.keras', but it is {v.describe(path)}.")
    path = Path(path)
    if path.suffix != ".keras":
        raise ValueError(
            f"{path.name!r} does not end in .keras: the course saves Keras models only in the .keras "
            "format (one zip archive, no pickled code). Name the file e.g. 'mnist_mlp.keras'."
        )
    return path
