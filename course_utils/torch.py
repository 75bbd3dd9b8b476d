"""PyTorch helpers of the course, reached as ``cu.torch`` (imported on first use).

The same names as ``cu.keras`` where the idea is the same, so the two twins
of a lesson read alike:

* :func:`count_parameters`, :func:`predict_proba`, :func:`gradient_sizes`;
* :func:`save_model` / :func:`load_model`: a ``state_dict`` in a ``.pt``
  file, loaded with ``torch.load(weights_only=True)``;
* :func:`train_epoch`, :func:`evaluate` and :func:`fit`: the training loop
  notebook 06 writes out by hand, packaged for the lessons after it, feeding
  a :class:`cu.training.TrainingView <course_utils.training.TrainingView>`;
* :class:`RandomShift`: data augmentation by small random shifts of the
  images, a layer that is active only in ``model.train()`` mode.

This module imports PyTorch but never TensorFlow or Keras.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from . import _validate as v
from .training import History, TrainingView

__all__ = [
    "RandomShift",
    "train_epoch",
    "evaluate",
    "fit",
    "count_parameters",
    "predict_proba",
    "gradient_sizes",
    "save_model",
    "load_model",
]


def _module(model: Any, name: str = "model") -> nn.Module:
    return v.instance(model, name, nn.Module, "a PyTorch model (an nn.Module)")


def _tensor(value: Any, name: str, *, dtype: torch.dtype = torch.float32, ndim=(2, 3, 4)) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        array = value.detach().cpu()
        if array.numel() == 0:
            raise ValueError(f"{name} is empty (shape {tuple(array.shape)}): it needs at least one value.")
        if array.is_floating_point() and not torch.isfinite(array).all():
            raise ValueError(f"{name} contains NaN or infinite values.")
        return array.to(dtype)
    return torch.as_tensor(v.as_array(value, name, ndim=ndim), dtype=dtype)


class RandomShift(nn.Module):
    """Shift each image by a random whole number of pixels, up to ``max_shift`` each way.

    Data augmentation: every epoch the network sees slightly moved copies of
    the training images, so it cannot memorise where each pixel was. Like
    every augmentation layer it acts only in training mode
    (``model.train()``); in ``model.eval()`` mode it passes images through
    unchanged. The uncovered border is filled with 0 (background).

    Parameters
    ----------
    max_shift : int
        The largest shift in pixels, up, down, left or right.
    image_shape : (int, int)
        Height and width; inputs are flattened rows of ``height * width``
        values, or images of that shape.
    """

    def __init__(self, max_shift: int = 2, image_shape: tuple[int, int] = (28, 28)) -> None:
        super().__init__()
        self.max_shift = v.as_int(max_shift, "max_shift", low=0)
        if not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2:
            raise TypeError(f"image_shape should be (height, width), but it is {v.describe(image_shape)}.")
        self.image_shape = (v.as_int(image_shape[0], "height", low=1), v.as_int(image_shape[1], "width", low=1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.max_shift == 0:
            return x
        height, width = self.image_shape
        s = self.max_shift
        n = x.shape[0]
        padded = nn.functional.pad(x.reshape(n, height, width), (s, s, s, s))
        dy = torch.randint(0, 2 * s + 1, (n, 1, 1), device=x.device)
        dx = torch.randint(0, 2 * s + 1, (n, 1, 1), device=x.device)
        rows = torch.arange(height, device=x.device).view(1, height, 1) + dy
        cols = torch.arange(width, device=x.device).view(1, 1, width) + dx
        shifted = padded[torch.arange(n, device=x.device).view(n, 1, 1), rows, cols]
        return shifted.reshape(x.shape)

    def extra_repr(self) -> str:
        return f"max_shift={self.max_shift}, image_shape={self.image_shape}"


def _correct(outputs: torch.Tensor, targets: torch.Tensor) -> int:
    """How many rows' largest output is the target class (integer labels or one-hot rows)."""
    labels = targets.argmax(dim=1) if targets.ndim == 2 else targets
    return int((outputs.argmax(dim=1) == labels).sum())


def train_epoch(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    *,
    view: TrainingView | None = None,
) -> tuple[float, float]:
    """One pass over the training data: the loop of notebook 06.

    For each batch: ``zero_grad``, forward, loss, ``backward``, ``step``.
    The model is put in training mode first (dropout and augmentation on).

    Parameters
    ----------
    model : nn.Module
    loader : DataLoader
        Yields ``(X_batch, y_batch)``; ``y_batch`` holds integer labels or
        one-hot rows, as ``loss_fn`` wants them.
    loss_fn : callable
        ``loss_fn(outputs, y_batch)`` -> a one-element tensor (the batch mean).
    optimizer : torch.optim.Optimizer
    view : TrainingView, optional
        Told the running loss and accuracy after every batch.

    Returns
    -------
    (mean loss, accuracy) over the epoch's samples.
    """
    model = _module(model)
    v.instance(loader, "loader", DataLoader, "a torch DataLoader")
    v.function(loss_fn, "loss_fn")
    v.instance(optimizer, "optimizer", torch.optim.Optimizer, "a torch optimizer (e.g. torch.optim.Adam)")
    v.instance(view, "view", (TrainingView, type(None)), "a cu.training.TrainingView (or None)")
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for batch, (X_batch, y_batch) in enumerate(loader):
        optimizer.zero_grad()
        outputs = model(X_batch)
        loss = loss_fn(outputs, y_batch)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(X_batch)
        correct += _correct(outputs.detach(), y_batch)
        seen += len(X_batch)
        if view is not None:
            view.batch_end(batch, loss=total_loss / seen, accuracy=correct / seen)
    if seen == 0:
        raise ValueError("The loader gave no batches: is the data set empty?")
    return total_loss / seen, correct / seen


def evaluate(
    model: nn.Module,
    data: Any,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    *,
    batch_size: int = 1000,
) -> tuple[float, float]:
    """Mean loss and accuracy on data the model does not learn from.

    ``model.eval()`` switches dropout and augmentation off and
    ``torch.no_grad()`` skips the bookkeeping for gradients.

    Parameters
    ----------
    model : nn.Module
    data : DataLoader or (X, y)
        ``y`` as ``loss_fn`` wants it.
    loss_fn : callable
    batch_size : int
        Used when ``data`` is ``(X, y)``.

    Returns
    -------
    (mean loss, accuracy)
    """
    model = _module(model)
    v.function(loss_fn, "loss_fn")
    loader = _loader(data, batch_size)
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for X_batch, y_batch in loader:
            outputs = model(X_batch)
            total_loss += loss_fn(outputs, y_batch).item() * len(X_batch)
            correct += _correct(outputs, y_batch)
            seen += len(X_batch)
    if seen == 0:
        raise ValueError("There is no data to evaluate on.")
    return total_loss / seen, correct / seen


def _loader(data: Any, batch_size: int) -> DataLoader:
    if isinstance(data, DataLoader):
        return data
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise TypeError(f"data should be a DataLoader or a pair (X, y), but it is {v.describe(data)}.")
    X = _tensor(data[0], "X")
    y = data[1]
    y = y.detach().cpu() if isinstance(y, torch.Tensor) else torch.as_tensor(v.as_array(y, "y", ndim=(1, 2)))
    if y.ndim == 1:
        y = y.long()
    else:
        y = y.float()
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}: every sample (row) needs its target.")
    return DataLoader(TensorDataset(X, y), batch_size=v.as_int(batch_size, "batch_size", low=1))


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    num_epochs: int,
    *,
    validation_data: Any = None,
    view: TrainingView | None = None,
    progress: bool = True,
) -> History:
    """Train for ``num_epochs`` epochs with :func:`train_epoch`, evaluating after each.

    Parameters
    ----------
    model, train_loader, loss_fn, optimizer
        As for :func:`train_epoch`.
    num_epochs : int
    validation_data : DataLoader or (X, y), optional
        Scored after every epoch as ``val_loss`` and ``val_accuracy``.
    view : TrainingView, optional
        Drawn live; without one the run is only recorded.
    progress : bool
        Show a tqdm progress bar over the epochs.

    Returns
    -------
    History
        ``loss``, ``accuracy`` (means over each epoch's batches, as Keras
        reports them), ``val_loss``, ``val_accuracy`` and ``epoch_seconds``.
    """
    num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
    v.instance(view, "view", (TrainingView, type(None)), "a cu.training.TrainingView (or None)")
    if view is None:
        view = TrainingView(live=False)
    v.as_bool(progress, "progress")
    epochs = range(num_epochs)
    if progress:
        from tqdm.auto import tqdm

        epochs = tqdm(epochs, desc="epochs")
    view.begin(num_epochs=num_epochs, steps_per_epoch=len(train_loader))
    try:
        for _ in epochs:
            view.epoch_begin()
            loss, accuracy = train_epoch(model, train_loader, loss_fn, optimizer, view=view)
            logs = {"loss": loss, "accuracy": accuracy}
            if validation_data is not None:
                logs["val_loss"], logs["val_accuracy"] = evaluate(model, validation_data, loss_fn)
            view.epoch_end(**logs)
    finally:
        view.end()
    return view.history


def count_parameters(model: Any) -> int:
    """The number of trainable parameters (every weight and bias) of a PyTorch model."""
    model = _module(model)
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


def predict_proba(model: Any, X: Any, *, batch_size: int = 1000, logits: bool = True) -> np.ndarray:
    """The predicted probability of every class, as a NumPy array.

    Parameters
    ----------
    model : nn.Module
        Returns logits (the PyTorch habit: ``CrossEntropyLoss`` takes them);
        with ``logits=False``, a model that ends in a softmax.
    X : array-like or tensor of shape (n_samples, ...)
    batch_size : int
    logits : bool
        Apply a softmax to the model's outputs.

    Returns
    -------
    ndarray of shape (n_samples, k), float32; each row sums to 1.
    """
    model = _module(model)
    X = _tensor(X, "X")
    batch_size = v.as_int(batch_size, "batch_size", low=1)
    v.as_bool(logits, "logits")
    model.eval()
    parts = []
    with torch.no_grad():
        for start in range(0, len(X), batch_size):
            out = model(X[start:start + batch_size])
            parts.append(torch.softmax(out, dim=1) if logits else out)
    probabilities = torch.cat(parts).numpy().astype(np.float32)
    if not logits and (probabilities.min() < -1e-6 or not np.allclose(probabilities.sum(axis=1), 1, atol=1e-3)):
        raise ValueError(
            "The model's outputs are not probabilities (rows do not sum to 1): it returns logits, "
            "so call predict_proba(model, X) with logits=True (the default)."
        )
    return probabilities


def gradient_sizes(model: Any, X: Any, y: Any, loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> np.ndarray:
    """How large the loss's gradient is at each Linear layer's weights, right now.

    One number per ``nn.Linear``, input side first: the root mean square of
    ``∂L/∂W`` over the layer's weights, for ``loss_fn`` on ``(X, y)`` with
    dropout switched off (``model.eval()``). Small numbers near the input
    are the vanishing gradient of notebook 04. The model's gradients are
    cleared again afterwards.

    Returns
    -------
    ndarray of shape (n_linear_layers,)
    """
    model = _module(model)
    v.function(loss_fn, "loss_fn")
    X = _tensor(X, "X")
    y = y.detach().cpu() if isinstance(y, torch.Tensor) else torch.as_tensor(v.as_array(y, "y", ndim=(1, 2)))
    y = y.long() if y.ndim == 1 else y.float()
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}: every sample (row) needs its target.")
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not layers:
        raise ValueError("The model has no nn.Linear layer.")
    was_training = model.training
    model.eval()
    model.zero_grad()
    loss_fn(model(X), y).backward()
    sizes = np.array([float(layer.weight.grad.pow(2).mean().sqrt()) for layer in layers])
    model.zero_grad()
    model.train(was_training)
    return sizes


def save_model(model: Any, path: str | Path) -> Path:
    """Save the model's ``state_dict`` (its weights and biases, by name) to a ``.pt`` file.

    Only tensors are saved, not the Python class: to load, build the same
    model in code and call :func:`load_model`. Returns the path written.
    """
    model = _module(model)
    path = _torch_path(path)
    torch.save(model.state_dict(), path)
    return path


def load_model(path: str | Path, model: Any) -> nn.Module:
    """Load a ``.pt`` state_dict into ``model`` (built with the same layers) and return it in eval mode.

    ``torch.load(path, weights_only=True)`` (the default since PyTorch 2.6)
    unpickles tensors and plain containers only; a file that tries to build
    any other Python object is refused, so no code from the file runs. Still,
    load only files you trust: the loader is complex software too.
    """
    model = _module(model)
    path = _torch_path(path)
    if not path.exists():
        raise FileNotFoundError(f"There is no file {path}: save a model there first (cu.torch.save_model).")
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    model.eval()
    return model


def _torch_path(path: Any) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path should be a file name such as 'mnist_mlp.pt', but it is {v.describe(path)}.")
    path = Path(path)
    if path.suffix not in (".pt", ".pth"):
        raise ValueError(f"{path.name!r} does not end in .pt: name the weights file e.g. 'mnist_mlp.pt'.")
    return path
