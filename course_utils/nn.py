"""A neural network from scratch in NumPy: dense layers, forward and backward.

Small enough to read in one sitting, vectorized so it is fast enough to drive
the in-notebook playground. Rows are samples: a layer computes
``Z = A_prev @ W + b`` and ``A = f(Z)``, with ``W`` of shape
``(n_inputs, n_units)``. Each backward rule sits next to the forward rule it
differentiates.

>>> net = Network([2, 4, 1], activation="tanh", output_activation="sigmoid", loss="bce")
>>> history = net.fit(X, y, num_epochs=100, learning_rate=0.1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation, softmax
from .losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    mse,
    mse_grad,
)

__all__ = ["Network", "LOSSES", "REGULARIZATIONS"]

LOSSES = ("mse", "bce", "cce")
REGULARIZATIONS = ("none", "l1", "l2")
_OUTPUTS = ("sigmoid", "softmax", "linear", "tanh", "relu")


@dataclass
class _Layer:
    W: np.ndarray  # (n_in, n_out)
    b: np.ndarray  # (n_out,)
    activation: str
    # filled by forward(), used by backward()
    A_prev: np.ndarray | None = field(default=None, repr=False)
    Z: np.ndarray | None = field(default=None, repr=False)


class Network:
    """A fully connected network trained by backpropagation and SGD.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden_1, ..., n_outputs]``, e.g. ``[2, 4, 4, 1]``.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "linear"}
        Activation of every hidden layer.
    output_activation : {"sigmoid", "softmax", "linear", "tanh", "relu"}
        Activation of the output layer.
    loss : {"mse", "bce", "cce"}
        Mean squared error, binary or categorical cross-entropy.
    seed : int
        Seeds the initial weights (Glorot for sigmoid/tanh, He for ReLU).

    Attributes
    ----------
    layers : list of _Layer
        Each with ``W`` of shape (n_in, n_out), ``b`` of shape (n_out,) and its activation.
    last_gradient_norms : list of float
        ``||dL/dW||`` per layer at the last :meth:`step` (empty before any step);
        :meth:`gradient_norms` measures them without stepping.
    """

    def __init__(
        self,
        layer_sizes,
        *,
        activation: str = "tanh",
        output_activation: str = "sigmoid",
        loss: str = "bce",
        seed: int = 0,
    ) -> None:
        sizes = list(layer_sizes)
        if len(sizes) < 2 or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1 for s in sizes
        ):
            raise ValueError(
                "layer_sizes must list at least an input and an output size, each a whole number "
                f">= 1, e.g. [2, 4, 1]; got {layer_sizes!r}."
            )
        get_activation(activation)  # raises a clear error for unknown names
        if output_activation not in _OUTPUTS:
            raise ValueError(f"Unknown output_activation {output_activation!r}; choose one of {list(_OUTPUTS)}.")
        if loss not in LOSSES:
            raise ValueError(f"Unknown loss {loss!r}; choose one of {list(LOSSES)}.")
        if output_activation == "softmax" and loss != "cce":
            raise ValueError("A softmax output goes with loss='cce' (categorical cross-entropy).")
        if loss == "cce" and output_activation != "softmax":
            raise ValueError("loss='cce' needs output_activation='softmax'.")
        if loss == "bce" and output_activation != "sigmoid":
            raise ValueError("loss='bce' needs output_activation='sigmoid' (outputs between 0 and 1).")
        self.layer_sizes = [int(s) for s in sizes]
        self.activation = activation
        self.output_activation = output_activation
        self.loss_name = loss
        self.seed = seed
        self.layers: list[_Layer] = []
        self.last_gradient_norms: list[float] = []
        self.reset(seed)

    # ------------------------------------------------------------------ setup

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh initial weights (zero biases)."""
        rng = np.random.default_rng(self.seed if seed is None else seed)
        self.layers = []
        n_layers = len(self.layer_sizes) - 1
        for i, (n_in, n_out) in enumerate(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True)):
            act = self.output_activation if i == n_layers - 1 else self.activation
            if act in ("relu", "leaky_relu"):
                W = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))  # He
            else:
                limit = np.sqrt(6.0 / (n_in + n_out))  # Glorot uniform
                W = rng.uniform(-limit, limit, (n_in, n_out))
            self.layers.append(_Layer(W=W, b=np.zeros(n_out), activation=act))
        self.last_gradient_norms = []

    @property
    def n_params(self) -> int:
        """Number of trainable numbers (weights and biases)."""
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    def get_params(self) -> np.ndarray:
        """All weights and biases as one flat vector (layer by layer, W then b)."""
        return np.concatenate([np.r_[layer.W.ravel(), layer.b] for layer in self.layers])

    def set_params(self, flat) -> None:
        """Load a flat vector produced by :meth:`get_params`."""
        flat = np.asarray(flat, dtype=float)
        if flat.shape != (self.n_params,):
            raise ValueError(f"expected {self.n_params} numbers, got shape {flat.shape}.")
        i = 0
        for layer in self.layers:
            n = layer.W.size
            layer.W = flat[i : i + n].reshape(layer.W.shape).copy()
            i += n
            layer.b = flat[i : i + layer.b.size].copy()
            i += layer.b.size

    # ------------------------------------------------------------------ checks

    def _check_X(self, X) -> np.ndarray:
        try:
            X = np.asarray(X, dtype=float)
        except (TypeError, ValueError):
            raise TypeError("X must be an array of numbers of shape (n_samples, n_features).") from None
        if X.ndim == 1 and self.layer_sizes[0] == 1:
            X = X.reshape(-1, 1)
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"X must have shape (n_samples, {self.layer_sizes[0]}) for this network, got {X.shape}."
            )
        return X

    def _check_y(self, y, n: int) -> np.ndarray:
        y = np.asarray(y)
        n_out = self.layer_sizes[-1]
        if self.loss_name == "cce" and y.ndim == 1:
            if not np.issubdtype(y.dtype, np.integer):
                raise ValueError("for loss='cce', y must hold whole-number class labels or one-hot rows.")
            if y.size and (y.min() < 0 or y.max() >= n_out):
                raise ValueError(f"class labels must lie in 0..{n_out - 1}.")
            onehot = np.zeros((y.size, n_out))
            onehot[np.arange(y.size), y] = 1.0
            y = onehot
        y = np.asarray(y, dtype=float)
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if y.shape != (n, n_out):
            raise ValueError(f"y must have {n} rows and {n_out} column(s) to match X and the output layer; got {y.shape}.")
        return y

    # ------------------------------------------------------------------ forward

    def forward(self, X) -> np.ndarray:
        """Outputs of shape ``(n_samples, n_outputs)``; keeps what backward needs."""
        A = self._check_X(X)
        for layer in self.layers:
            layer.A_prev = A
            layer.Z = A @ layer.W + layer.b  # (n, n_out)
            A = self._activate(layer.activation, layer.Z)
        return A

    @staticmethod
    def _activate(name: str, Z: np.ndarray) -> np.ndarray:
        if name == "softmax":
            return softmax(Z, axis=1)
        if name == "sigmoid":
            # the same function as cu.sigmoid, written with tanh: stable for any Z
            # and several times faster than masking positive and negative entries
            return 0.5 * (1.0 + np.tanh(0.5 * Z))
        return get_activation(name)[0](Z)

    def predict(self, X) -> np.ndarray:
        """The network's outputs (probabilities for bce/cce)."""
        return self.forward(X)

    def predict_classes(self, X) -> np.ndarray:
        """Class labels: output > 0.5 for one sigmoid output, argmax otherwise."""
        out = self.forward(X)
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(np.int64)
        return out.argmax(axis=1)

    def accuracy(self, X, y) -> float:
        """Fraction of samples classified correctly (labels 0/1 or class indices)."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            y = y.argmax(axis=1)
        return float(np.mean(self.predict_classes(X) == y.reshape(-1)))

    # ------------------------------------------------------------------ loss

    def penalty(self, regularization: str = "none", reg_rate: float = 0.0) -> float:
        """The regularization term added to the loss (weights only, not biases)."""
        _check_regularization(regularization, reg_rate)
        if regularization == "l2":
            return 0.5 * reg_rate * sum(float(np.sum(layer.W**2)) for layer in self.layers)
        if regularization == "l1":
            return reg_rate * sum(float(np.sum(np.abs(layer.W))) for layer in self.layers)
        return 0.0

    def loss(self, X, y, *, regularization: str = "none", reg_rate: float = 0.0) -> float:
        """Data loss (mean over samples) plus the regularization penalty."""
        out = self.forward(X)
        y = self._check_y(y, out.shape[0])
        return self._data_loss(y, out) + self.penalty(regularization, reg_rate)

    def _data_loss(self, y: np.ndarray, out: np.ndarray) -> float:
        if self.loss_name == "mse":
            return mse(y, out)
        if self.loss_name == "bce":
            return binary_cross_entropy(y, out)
        return categorical_cross_entropy(y, out)

    # ------------------------------------------------------------------ backward

    def backward(self, X, y, *, regularization: str = "none", reg_rate: float = 0.0):
        """Gradients of :meth:`loss` for every layer.

        Returns
        -------
        loss : float
        grads : list of (dW, db), one pair per layer, shapes as W and b.
        """
        _check_regularization(regularization, reg_rate)
        out = self.forward(X)
        y = self._check_y(y, out.shape[0])
        loss = self._data_loss(y, out) + self.penalty(regularization, reg_rate)
        n = out.shape[0]
        last = self.layers[-1]
        if self.loss_name in ("bce", "cce"):
            # sigmoid + BCE and softmax + CCE: dL/dZ simplifies to (p - y) / n
            dZ = (out - y) / (n if self.loss_name == "cce" else y.size)
        else:
            dA = mse_grad(y, out)
            dZ = dA * self._activation_grad(last.activation, last.Z)
        grads: list[tuple[np.ndarray, np.ndarray]] = []
        for index in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[index]
            dW = layer.A_prev.T @ dZ  # Z = A_prev W + b  ->  dL/dW = A_prev^T dZ
            db = dZ.sum(axis=0)  # ->  dL/db = sum of dZ over samples
            if regularization == "l2":
                dW = dW + reg_rate * layer.W
            elif regularization == "l1":
                dW = dW + reg_rate * np.sign(layer.W)
            grads.append((dW, db))
            if index > 0:
                dA_prev = dZ @ layer.W.T  # ->  dL/dA_prev = dZ W^T
                below = self.layers[index - 1]
                dZ = dA_prev * self._activation_grad(below.activation, below.Z)
        grads.reverse()
        return loss, grads

    @staticmethod
    def _activation_grad(name: str, Z: np.ndarray) -> np.ndarray:
        if name == "sigmoid":
            s = 0.5 * (1.0 + np.tanh(0.5 * Z))
            return s * (1 - s)  # at most 0.25: the root of vanishing gradients
        return get_activation(name)[1](Z)

    def gradients(self, X, y, **kwargs):
        """Just the ``(dW, db)`` pairs of :meth:`backward`."""
        return self.backward(X, y, **kwargs)[1]

    def gradient_norms(self, X, y, **kwargs) -> list[float]:
        """The size ||dL/dW|| of each layer's weight gradient, first layer first.

        Nothing is changed (no step is taken). In a deep sigmoid network the
        first numbers are orders of magnitude below the last: vanishing gradients.
        """
        return [float(np.linalg.norm(dW)) for dW, _ in self.gradients(X, y, **kwargs)]

    # ------------------------------------------------------------------ training

    def step(self, X, y, learning_rate: float, *, regularization: str = "none", reg_rate: float = 0.0) -> float:
        """One gradient-descent step on the batch ``(X, y)``; returns the loss before it."""
        if not np.isscalar(learning_rate) or learning_rate <= 0:
            raise ValueError(f"learning_rate must be a positive number, not {learning_rate!r}.")
        loss, grads = self.backward(X, y, regularization=regularization, reg_rate=reg_rate)
        for layer, (dW, db) in zip(self.layers, grads, strict=True):
            layer.W -= learning_rate * dW
            layer.b -= learning_rate * db
        self.last_gradient_norms = [float(np.linalg.norm(dW)) for dW, _ in grads]
        return loss

    def fit(
        self,
        X,
        y,
        *,
        num_epochs: int = 100,
        learning_rate: float = 0.1,
        batch_size: int | None = None,
        regularization: str = "none",
        reg_rate: float = 0.0,
        X_val=None,
        y_val=None,
        seed: int = 0,
    ) -> dict[str, list[float]]:
        """Train with mini-batch SGD; ``batch_size=None`` means the full batch.

        Returns
        -------
        history : dict with ``"loss"`` (and ``"val_loss"``) per epoch, measured
            on the whole set after each epoch.
        """
        X = self._check_X(X)
        y_checked = self._check_y(y, X.shape[0])
        if not isinstance(num_epochs, (int, np.integer)) or num_epochs < 1:
            raise ValueError(f"num_epochs must be a whole number >= 1, not {num_epochs!r}.")
        n = X.shape[0]
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1
        ):
            raise ValueError(f"batch_size must be a whole number >= 1 (or None for the full batch), not {batch_size!r}.")
        if (X_val is None) != (y_val is None):
            raise ValueError("give both X_val and y_val (or neither) to track a validation loss.")
        size = n if batch_size is None else int(batch_size)
        rng = np.random.default_rng(seed)
        history: dict[str, list[float]] = {"loss": []}
        if X_val is not None:
            history["val_loss"] = []
        for _ in range(num_epochs):
            order = rng.permutation(n) if size < n else np.arange(n)
            for start in range(0, n, size):
                batch = order[start : start + size]
                self.step(X[batch], y_checked[batch], learning_rate,
                          regularization=regularization, reg_rate=reg_rate)
            history["loss"].append(self.loss(X, y_checked, regularization=regularization, reg_rate=reg_rate))
            if X_val is not None:
                history["val_loss"].append(self.loss(X_val, y_val))
        return history

    def __repr__(self) -> str:
        return (
            f"Network({self.layer_sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, loss={self.loss_name!r}, "
            f"{self.n_params} parameters)"
        )


def _check_regularization(regularization: str, reg_rate: float) -> None:
    if regularization not in REGULARIZATIONS:
        raise ValueError(f"regularization must be one of {list(REGULARIZATIONS)}, not {regularization!r}.")
    if not np.isscalar(reg_rate) or reg_rate < 0:
        raise ValueError(f"reg_rate must be a number >= 0, not {reg_rate!r}.")
