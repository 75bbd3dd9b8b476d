"""The course's one neural network from scratch in NumPy: dense layers, forward and backward.

Small enough to read in one sitting, vectorized so it is fast enough to drive
the in-notebook playground. Rows are samples: a layer computes
``Z = A_prev @ W + b`` and ``A = f(Z)``, with ``W`` of shape
``(n_inputs, n_units)`` (Keras' Dense kernel; see ``docs/notation.md``). Each
backward rule sits next to the forward rule it differentiates.

What a network can have (all optional): an L2 or L1 penalty on its weights
(Keras' convention: ``l2 * sum(W**2)``, gradient ``2 * l2 * W``), dropout
after every hidden layer (inverted dropout, only in training), and any
optimizer of :mod:`course_utils.optim` to take its steps.

>>> net = Network([2, 8, 1], activation="tanh", output_activation="sigmoid",
...               loss="binary_crossentropy", l2=1e-3, dropout_rate=0.2)
>>> history = net.fit(X, y, num_epochs=100, optimizer=cu.optim.Adam(0.01),
...                   validation_data=(X_val, y_val))
>>> history["val_loss"]            # one value per epoch (a cu.training.History)

Inputs are used as given: scale them where the data is made (the
playground's points lie in [-6, 6]², so a lesson divides them before
training), never inside the model.

:func:`decision_grid` is the one helper that evaluates a classifier on a 2-D
grid, for every decision map of the course.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from . import _validate as v
from .activations import get_activation, softmax
from .losses import binary_cross_entropy, categorical_cross_entropy, mse, mse_grad
from .optim import SGD, Optimizer
from .training import History

__all__ = [
    "Network",
    "decision_grid",
    "DecisionMaps",
    "dropout_forward",
    "LOSSES",
    "HIDDEN_ACTIVATIONS",
    "OUTPUT_ACTIVATIONS",
]

#: Loss names, as Keras spells them.
LOSSES = ("mse", "binary_crossentropy", "categorical_crossentropy")
#: Activations a hidden layer can have.
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
#: Activations the output layer can have.
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax", "linear", "tanh", "relu")
# Which output each loss goes with (None: any output but softmax).
_LOSS_OUTPUT = {"binary_crossentropy": "sigmoid", "categorical_crossentropy": "softmax", "mse": None}
_OLD_LOSS_NAMES = {"bce": "binary_crossentropy", "cce": "categorical_crossentropy"}


# --------------------------------------------------------------------------- dropout


def dropout_forward(a, rate: float, *, training: bool, rng=None, mask=None) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: in training, zero each value with probability ``rate``.

    The surviving values are divided by ``1 - rate``, so the expected value of
    every unit is unchanged; at test time (``training=False``) nothing is
    dropped and nothing is scaled. :class:`Network` uses this function after
    each hidden layer.

    Parameters
    ----------
    a : array-like of shape (n_samples, units)
    rate : float in [0, 1)
        The share of values dropped (Keras' ``Dropout(rate)``).
    training : bool
    rng : numpy Generator, optional
        Draws the mask (a fresh ``default_rng()`` when None).
    mask : array of bool, same shape as ``a``, optional
        A given mask (True = keep) instead of a random one.

    Returns
    -------
    out : ndarray, same shape as ``a``
    mask : ndarray of bool, same shape (all True at test time)
    """
    a = v.as_array(a, "a")
    rate = v.as_number(rate, "rate (the dropout rate)", low=0, high=1, high_open=True)
    training = v.as_bool(training, "training")
    if rng is not None:
        v.instance(rng, "rng", np.random.Generator, "a NumPy Generator such as np.random.default_rng(0)")
    if mask is not None:
        mask = v.as_array(mask, "mask", shape=a.shape).astype(bool)
    return _dropout(a, rate, training, rng, mask)


def _dropout(a: np.ndarray, rate: float, training: bool, rng, mask):
    if not training or rate == 0:
        return a.copy(), np.ones(a.shape, dtype=bool)
    if mask is None:
        mask = (np.random.default_rng() if rng is None else rng).random(a.shape) >= rate
    return a * mask / (1.0 - rate), mask


# --------------------------------------------------------------------------- the decision grid


def decision_grid(
    predict_or_network,
    *,
    lim: float = 1.2,
    xlim: Sequence[float] | None = None,
    ylim: Sequence[float] | None = None,
    resolution: int = 60,
) -> np.ndarray:
    """A classifier's output on a ``resolution x resolution`` grid of 2-D points.

    The one decision-map helper of the course: notebook 04's pictures, the
    playground's map and notebook 05's boundaries all use it.

    Parameters
    ----------
    predict_or_network : Network, or a function ``f(X) -> outputs``
        ``X`` has shape (resolution**2, 2); the outputs have one value per
        row (shape (n,) or (n, 1)), or one column per class (n, k). For a
        Keras model pass ``lambda X: model.predict(X, verbose=0)``.
    lim : float
        The grid covers ``[-lim, lim]`` on both axes ...
    xlim, ylim : (low, high), optional
        ... unless these are given (each defaults to ``(-lim, lim)``).
    resolution : int
        Points per axis (2 to 1000).

    Returns
    -------
    ndarray of shape (resolution, resolution), or (resolution, resolution, k)
        Row 0 is the bottom (y = ylim[0]) and column 0 the left edge, as
        ``imshow(..., origin="lower", extent=(*xlim, *ylim))`` draws it.
    """
    if isinstance(predict_or_network, Network):
        predict = predict_or_network.predict
    else:
        predict = v.function(predict_or_network, "predict_or_network (a cu.nn.Network or a function of X)")
    lim = v.as_number(lim, "lim", low=0, low_open=True)
    resolution = v.as_int(resolution, "resolution", low=2, high=1000)
    xlim = _limits(xlim, "xlim", lim)
    ylim = _limits(ylim, "ylim", lim)
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    out = v.as_array(predict(np.c_[gx.ravel(), gy.ravel()]), "the predictions on the grid", allow_nan=True)
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.shape[0] != resolution**2 or out.ndim > 2:
        raise ValueError(
            f"the function should return one row per grid point ({resolution ** 2}), but it returned "
            f"shape {out.shape}."
        )
    return out.reshape(resolution, resolution, *out.shape[1:])


class DecisionMaps:
    """A :meth:`Network.fit` callback that keeps the decision map every few epochs.

    >>> maps = DecisionMaps(net, every=10, lim=1.1)     # records epoch 0 now
    >>> history = net.fit(X, y, num_epochs=200, learning_rate=0.5, callback=maps)
    >>> plt.imshow(maps.at(55), origin="lower", extent=maps.extent)   # the map of epoch 50

    Parameters
    ----------
    network : Network, optional
        Given, its map before training is kept as epoch 0.
    every : int
        Keep the map after epochs ``every``, ``2 * every``, ...
    lim, xlim, ylim, resolution
        The grid, as in :func:`decision_grid`.

    Attributes
    ----------
    epochs : ndarray of int, shape (k,)
    maps : ndarray of shape (k, resolution, resolution), float32
    extent : (xmin, xmax, ymin, ymax), for ``imshow(..., origin="lower", extent=...)``
    """

    def __init__(self, network: Network | None = None, *, every: int = 10, lim: float = 1.2,
                 xlim: Sequence[float] | None = None, ylim: Sequence[float] | None = None,
                 resolution: int = 60) -> None:
        self.every = v.as_int(every, "every", low=1)
        self._grid = {"lim": v.as_number(lim, "lim", low=0, low_open=True), "xlim": xlim, "ylim": ylim,
                      "resolution": v.as_int(resolution, "resolution", low=2, high=1000)}
        self.extent = (*_limits(xlim, "xlim", lim), *_limits(ylim, "ylim", lim))
        self._epochs: list[int] = []
        self._maps: list[np.ndarray] = []
        if network is not None:
            v.instance(network, "network", Network, "a cu.nn.Network")
            self._keep(0, network)

    def __call__(self, epoch: int, network: Network, history: History | None = None) -> None:
        epoch = v.as_int(epoch, "epoch", low=0)
        v.instance(network, "network", Network, "a cu.nn.Network")
        if epoch % self.every == 0:
            self._keep(epoch, network)

    def _keep(self, epoch: int, network: Network) -> None:
        self._epochs.append(epoch)
        self._maps.append(decision_grid(network, **self._grid).astype(np.float32))

    @property
    def epochs(self) -> np.ndarray:
        return np.array(self._epochs, dtype=int)

    @property
    def maps(self) -> np.ndarray:
        return np.array(self._maps)

    def at(self, epoch: int) -> np.ndarray:
        """The latest map kept at or before ``epoch``."""
        epoch = v.as_int(epoch, "epoch", low=0)
        if not self._epochs:
            raise ValueError("No map has been kept yet: pass this object to fit(..., callback=...).")
        i = int(np.searchsorted(self._epochs, epoch, side="right")) - 1
        return self._maps[max(i, 0)]

    def __len__(self) -> int:
        return len(self._epochs)

    def __repr__(self) -> str:
        return f"DecisionMaps({len(self)} maps, every {self.every} epochs)"


_THREADPOOLS: list[ThreadpoolController] = []


def _one_blas_thread():
    """A context that runs NumPy's BLAS on one thread (the libraries are looked up once)."""
    if not _THREADPOOLS:
        _THREADPOOLS.append(ThreadpoolController())
    return _THREADPOOLS[0].limit(limits=1)


def _flatten(pairs) -> np.ndarray:
    """(W, b) pairs, layer by layer, as one flat vector: W row by row, then b."""
    return np.concatenate([a.ravel() for pair in pairs for a in pair])


def _softmax_rows(Z: np.ndarray) -> np.ndarray:
    return softmax(Z, axis=1)


def _limits(value, name: str, lim: float) -> tuple[float, float]:
    if value is None:
        return -lim, lim
    pair = v.as_array(value, name, shape=(2,))
    if not pair[0] < pair[1]:
        raise ValueError(f"{name} should be (low, high) with low < high, but it is {tuple(pair)}.")
    return float(pair[0]), float(pair[1])


# --------------------------------------------------------------------------- the network


@dataclass
class _Layer:
    W: np.ndarray  # (n_in, n_out)
    b: np.ndarray  # (n_out,)
    activation: str
    f: Callable = field(repr=False)  # the activation and its derivative, from cu.activations
    f_grad: Callable = field(repr=False)
    # filled by forward(), used by backward()
    A_prev: np.ndarray | None = field(default=None, repr=False)
    Z: np.ndarray | None = field(default=None, repr=False)
    keep: np.ndarray | None = field(default=None, repr=False)  # dropout mask of this layer's output


class Network:
    """A fully connected network trained by backpropagation.

    Parameters
    ----------
    layer_sizes : sequence of int
        All layer sizes, input to output: ``[n_inputs, hidden_1, ..., n_outputs]``,
        e.g. ``[2, 8, 8, 1]``.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "linear"}
        Activation of every hidden layer.
    output_activation : {"sigmoid", "softmax", "linear", "tanh", "relu"}
        Activation of the output layer.
    loss : {"mse", "binary_crossentropy", "categorical_crossentropy"}
        Keras' names. Binary cross-entropy needs a sigmoid output, categorical
        cross-entropy a softmax output; MSE takes any output but softmax.
    l2 : float
        L2 penalty ``l2 * sum(W**2)`` over every weight matrix (biases are not
        penalized), as Keras' ``regularizers.L2(l2)``: its gradient is ``2 * l2 * W``.
    l1 : float
        L1 penalty ``l1 * sum(|W|)``, gradient ``l1 * sign(W)``.
    dropout_rate : float in [0, 1)
        Share of each hidden layer's outputs dropped at every training step
        (inverted dropout, :func:`dropout_forward`); nothing is dropped when
        predicting or measuring a loss.
    seed : int
        Seeds the initial weights (Glorot uniform for sigmoid/tanh/linear, He
        normal for ReLU, as Keras' and PyTorch's usual choices; zero biases)
        and the dropout masks of :meth:`step`.

    Attributes
    ----------
    layers : list of _Layer
        Each with ``W`` of shape (n_in, n_out), ``b`` of shape (n_out,) and its activation.
    l2, l1, dropout_rate : float
        May be changed between steps (the playground does).
    optimizer : cu.optim.Optimizer or None
        The optimizer of the last :meth:`fit` or :meth:`step`.
    stop_training : bool
        A :meth:`fit` callback sets it to True to stop after the current epoch (as in Keras).
    last_gradient_norms : list of float
        ``||dL/dW||`` per layer at the last :meth:`step` (empty before any step).

    Examples
    --------
    >>> net = Network([2, 4, 1], activation="tanh")
    >>> history = net.fit(X, y, num_epochs=200, learning_rate=0.5)
    >>> net.predict(X[:3])           # probabilities, shape (3, 1)
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        *,
        activation: str = "tanh",
        output_activation: str = "sigmoid",
        loss: str = "binary_crossentropy",
        l2: float = 0.0,
        l1: float = 0.0,
        dropout_rate: float = 0.0,
        seed: int = 0,
    ) -> None:
        sizes = v.sizes(layer_sizes, "layer_sizes", min_length=2)
        if isinstance(activation, str) and activation == "softmax":
            raise ValueError("softmax belongs to the output layer: use output_activation='softmax'.")
        self.activation = v.choice(activation, "activation", HIDDEN_ACTIVATIONS)
        self.output_activation = v.choice(output_activation, "output_activation", OUTPUT_ACTIVATIONS)
        if isinstance(loss, str) and loss.lower() in _OLD_LOSS_NAMES:
            raise ValueError(f"loss={loss!r} is now called {_OLD_LOSS_NAMES[loss.lower()]!r} (Keras' name).")
        self.loss_name = v.choice(loss, "loss", LOSSES)
        needed = _LOSS_OUTPUT[self.loss_name]
        if needed is not None and self.output_activation != needed:
            raise ValueError(f"loss={self.loss_name!r} needs output_activation={needed!r}, "
                             f"not {self.output_activation!r}.")
        if self.output_activation == "softmax" and self.loss_name != "categorical_crossentropy":
            raise ValueError("A softmax output goes with loss='categorical_crossentropy'.")
        self.layer_sizes = sizes
        self.l2 = l2
        self.l1 = l1
        self.dropout_rate = dropout_rate
        self.seed = v.as_int(seed, "seed", low=0)
        self.layers: list[_Layer] = []
        self.optimizer: Optimizer | None = None
        self.stop_training = False
        self.reset(self.seed)

    # ------------------------------------------------------------------ settings

    @property
    def l2(self) -> float:
        """The L2 strength lambda: the penalty is ``l2 * sum(W**2)`` (Keras' convention)."""
        return self._l2

    @l2.setter
    def l2(self, value: float) -> None:
        self._l2 = v.as_number(value, "l2", low=0)

    @property
    def l1(self) -> float:
        """The L1 strength: the penalty is ``l1 * sum(|W|)``."""
        return self._l1

    @l1.setter
    def l1(self, value: float) -> None:
        self._l1 = v.as_number(value, "l1", low=0)

    @property
    def dropout_rate(self) -> float:
        """The share of hidden outputs dropped at each training step (0: no dropout)."""
        return self._dropout_rate

    @dropout_rate.setter
    def dropout_rate(self, value: float) -> None:
        self._dropout_rate = v.as_number(value, "dropout_rate", low=0, high=1, high_open=True)

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh initial weights (zero biases); ``seed=None`` repeats the network's own seed."""
        seed = self.seed if seed is None else v.as_int(seed, "seed", low=0)
        rng = np.random.default_rng(seed)
        self.layers = []
        n_layers = len(self.layer_sizes) - 1
        for i, (n_in, n_out) in enumerate(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True)):
            act = self.output_activation if i == n_layers - 1 else self.activation
            if act in ("relu", "leaky_relu"):
                W = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))  # He
            else:
                limit = np.sqrt(6.0 / (n_in + n_out))  # Glorot uniform
                W = rng.uniform(-limit, limit, (n_in, n_out))
            f, f_grad = (_softmax_rows, None) if act == "softmax" else get_activation(act)
            self.layers.append(_Layer(W=W, b=np.zeros(n_out), activation=act, f=f, f_grad=f_grad))
        self._bind()
        self._rng = np.random.default_rng([seed, 1])  # dropout masks of step()
        self._last_dW: list[np.ndarray] = []

    def _bind(self) -> None:
        """Keep every W and b as a view into one flat vector, so an optimizer step is one copy."""
        self._theta = _flatten((layer.W, layer.b) for layer in self.layers)
        i = 0
        for layer in self.layers:
            n_w, n_b = layer.W.size, layer.b.size
            layer.W = self._theta[i : i + n_w].reshape(layer.W.shape)
            layer.b = self._theta[i + n_w : i + n_w + n_b]
            i += n_w + n_b

    def _params(self) -> np.ndarray:
        """The flat vector behind the layers (bound again if someone replaced a layer's W or b)."""
        theta = self._theta
        if not all(layer.W.base is theta and layer.b.base is theta for layer in self.layers):
            self._bind()
        return self._theta

    @property
    def last_gradient_norms(self) -> list[float]:
        """``||dL/dW||`` per layer at the last training step (empty before any step)."""
        return [float(np.sqrt(np.vdot(dW, dW))) for dW in self._last_dW]

    @property
    def n_params(self) -> int:
        """Number of trainable numbers (weights and biases)."""
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    def get_params(self) -> np.ndarray:
        """All weights and biases as one flat vector (layer by layer, W then b); a copy."""
        return self._params().copy()

    def set_params(self, flat) -> None:
        """Load a flat vector produced by :meth:`get_params`."""
        flat = v.as_array(flat, "flat", shape=(self.n_params,))
        self._load(flat)

    def _load(self, flat: np.ndarray) -> None:
        self._params()[...] = flat  # every layer's W and b are views into this vector

    def dropout_masks(self, n_samples: int, *, rng=None) -> list[np.ndarray]:
        """Random keep-masks for one training step: one bool array (n_samples, width) per hidden layer."""
        n_samples = v.as_int(n_samples, "n_samples", low=1)
        if rng is not None:
            v.instance(rng, "rng", np.random.Generator, "a NumPy Generator such as np.random.default_rng(0)")
        rng = self._rng if rng is None else rng
        return [rng.random((n_samples, width)) >= self.dropout_rate for width in self.layer_sizes[1:-1]]

    # ------------------------------------------------------------------ checks

    def _check_X(self, X) -> np.ndarray:
        n_in = self.layer_sizes[0]
        X = v.as_array(X, "X", ndim=(1, 2))
        if X.ndim == 1 and n_in == 1:
            X = X.reshape(-1, 1)
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X should have shape (n_samples, {n_in}) for this network, but it has shape {X.shape}.")
        return X

    def _check_y(self, y, n: int) -> np.ndarray:
        n_out = self.layer_sizes[-1]
        if self.loss_name == "categorical_crossentropy" and np.ndim(y) == 1:
            labels = v.labels(y, "y (class labels)", num_classes=n_out)
            y = np.zeros((labels.size, n_out))
            y[np.arange(labels.size), labels] = 1.0
        y = v.as_array(y, "y", ndim=(1, 2))
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if y.shape != (n, n_out):
            raise ValueError(
                f"y should have {n} rows and {n_out} column(s), to match X and the output layer, "
                f"but it has shape {y.shape}."
            )
        return y

    def _check_masks(self, masks, n: int) -> list[np.ndarray]:
        widths = self.layer_sizes[1:-1]
        if isinstance(masks, np.ndarray) or not isinstance(masks, (list, tuple)):
            raise TypeError(f"masks should be a list with one bool array per hidden layer ({len(widths)}), "
                            f"but it is {v.describe(masks)}.")
        if len(masks) != len(widths):
            raise ValueError(f"masks should hold {len(widths)} arrays (one per hidden layer), not {len(masks)}.")
        return [v.as_array(m, f"masks[{i}]", shape=(n, w)).astype(bool)
                for i, (m, w) in enumerate(zip(masks, widths, strict=True))]

    # ------------------------------------------------------------------ forward

    def forward(self, X, *, training: bool = False, masks=None) -> np.ndarray:
        """Outputs of shape ``(n_samples, n_outputs)``; keeps what :meth:`backward` needs.

        ``training=True`` applies dropout with fresh random masks; ``masks``
        (one bool array per hidden layer, see :meth:`dropout_masks`) applies
        these masks instead. Without either, nothing is dropped.
        """
        X = self._check_X(X)
        training = v.as_bool(training, "training")
        if masks is not None:
            masks = self._check_masks(masks, X.shape[0])
        elif training and self.dropout_rate > 0:
            masks = self.dropout_masks(X.shape[0])
        return self._forward(X, masks)

    def _forward(self, X: np.ndarray, masks: list[np.ndarray] | None) -> np.ndarray:
        A = X
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            layer.A_prev = A
            layer.Z = A @ layer.W + layer.b  # (n, n_out)
            A = layer.f(layer.Z)
            layer.keep = None
            if i < last and masks is not None and self.dropout_rate > 0:
                layer.keep = masks[i]
                A = _dropout(A, self.dropout_rate, True, None, masks[i])[0]  # survivors x 1/(1 - rate)
        return A

    def predict(self, X) -> np.ndarray:
        """The network's outputs, shape (n_samples, n_outputs) (probabilities for cross-entropy); no dropout."""
        return self.forward(X)

    def predict_classes(self, X) -> np.ndarray:
        """Class labels: output > 0.5 for one sigmoid output, argmax otherwise."""
        return self._classes(self.forward(X))

    @staticmethod
    def _classes(out: np.ndarray) -> np.ndarray:
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(np.int64)
        return out.argmax(axis=1)

    def accuracy(self, X, y) -> float:
        """Fraction of samples classified correctly (labels 0/1, class indices or one-hot rows)."""
        X = self._check_X(X)
        return self._accuracy(self._forward(X, None), self._labels(y, X.shape[0]))

    def _labels(self, y, n: int) -> np.ndarray:
        y = v.as_array(y, "y", ndim=(1, 2))
        if y.ndim == 2 and y.shape[1] > 1:
            y = y.argmax(axis=1)
        y = y.reshape(-1)
        if y.shape[0] != n:
            raise ValueError(f"y should have {n} labels, one per row of X, but it has {y.shape[0]}.")
        return y

    def _accuracy(self, out: np.ndarray, labels: np.ndarray) -> float:
        return float(np.mean(self._classes(out) == labels))

    # ------------------------------------------------------------------ loss

    def penalty(self) -> float:
        """The regularization term added to the loss: ``l2 * sum(W**2) + l1 * sum(|W|)`` (weights only)."""
        total = 0.0
        if self.l2:
            total += self.l2 * sum(float(np.sum(layer.W**2)) for layer in self.layers)
        if self.l1:
            total += self.l1 * sum(float(np.sum(np.abs(layer.W))) for layer in self.layers)
        return total

    def loss(self, X, y, *, with_penalty: bool = True, masks=None) -> float:
        """The data loss (mean over samples) plus :meth:`penalty`: what training minimises.

        ``with_penalty=False`` gives the data loss alone (what the training
        curves show, so that networks with and without a penalty compare).
        With ``masks``, the outputs are computed with that dropout (see :meth:`forward`).
        """
        out = self.forward(X, masks=masks)
        y = self._check_y(y, out.shape[0])
        with_penalty = v.as_bool(with_penalty, "with_penalty")
        return self._data_loss(y, out) + (self.penalty() if with_penalty else 0.0)

    def _data_loss(self, y: np.ndarray, out: np.ndarray) -> float:
        if self.loss_name == "mse":
            return mse(y, out)
        if self.loss_name == "binary_crossentropy":
            return binary_cross_entropy(y, out)
        return categorical_cross_entropy(y, out)

    # ------------------------------------------------------------------ backward

    def backward(self, X, y, *, training: bool = False, masks=None):
        """Gradients of :meth:`loss` (data loss plus penalty) for every layer.

        ``training`` and ``masks`` choose the dropout, as in :meth:`forward`;
        the gradient then flows only through the units that were kept.

        Returns
        -------
        loss : float
        grads : list of (dW, db), one pair per layer, shapes as W and b.
        """
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        training = v.as_bool(training, "training")
        if masks is not None:
            masks = self._check_masks(masks, X.shape[0])
        elif training and self.dropout_rate > 0:
            masks = self.dropout_masks(X.shape[0])
        return self._backward(X, y, masks)

    def _backward(self, X: np.ndarray, y: np.ndarray, masks, *, with_loss: bool = True):
        out = self._forward(X, masks)
        loss = self._data_loss(y, out) + self.penalty() if with_loss else float("nan")
        last = self.layers[-1]
        if self.loss_name == "categorical_crossentropy":
            dZ = (out - y) / out.shape[0]  # softmax + CCE: dL/dZ simplifies to (p - y) / n
        elif self.loss_name == "binary_crossentropy":
            dZ = (out - y) / y.size  # sigmoid + BCE: dL/dZ simplifies to (p - y) / n_entries
        else:
            dZ = mse_grad(y, out) * last.f_grad(last.Z)
        grads: list[tuple[np.ndarray, np.ndarray]] = []
        for index in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[index]
            dW = layer.A_prev.T @ dZ  # Z = A_prev W + b  ->  dL/dW = A_prev^T dZ
            db = dZ.sum(axis=0)  # ->  dL/db = sum of dZ over samples
            if self.l2:
                dW = dW + 2.0 * self.l2 * layer.W  # d(l2 * sum W^2)/dW = 2 l2 W
            if self.l1:
                dW = dW + self.l1 * np.sign(layer.W)  # d(l1 * sum |W|)/dW = l1 sign(W)
            grads.append((dW, db))
            if index > 0:
                dA_prev = dZ @ layer.W.T  # ->  dL/dA_prev = dZ W^T
                below = self.layers[index - 1]
                if below.keep is not None:
                    # A = f(Z) * keep / (1 - rate): only kept units pass the gradient, scaled the same way
                    dA_prev = dA_prev * below.keep / (1.0 - self.dropout_rate)
                dZ = dA_prev * below.f_grad(below.Z)  # sigmoid's f' is at most 0.25: vanishing gradients
        grads.reverse()
        return loss, grads

    def gradients(self, X, y, **kwargs: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        """Just the ``(dW, db)`` pairs of :meth:`backward` (same keywords)."""
        return self.backward(X, y, **kwargs)[1]

    def gradient_norms(self, X, y, **kwargs: Any) -> list[float]:
        """The size ||dL/dW|| of each layer's weight gradient, first layer first.

        Nothing is changed (no step is taken). In a deep sigmoid network the
        first numbers are orders of magnitude below the last: vanishing gradients.
        """
        return [float(np.linalg.norm(dW)) for dW, _ in self.gradients(X, y, **kwargs)]

    # ------------------------------------------------------------------ training

    def _optimizer(self, learning_rate, optimizer) -> Optimizer:
        if optimizer is None:
            if learning_rate is None:
                raise TypeError("give a learning_rate (plain SGD) or an optimizer such as cu.optim.Adam(0.01).")
            return SGD(v.as_number(learning_rate, "learning_rate", low=0, low_open=True))
        if learning_rate is not None:
            raise ValueError("give the learning rate to the optimizer (e.g. cu.optim.Adam(0.01)), "
                             "not also as learning_rate=.")
        v.instance(optimizer, "optimizer", Optimizer, "a cu.optim optimizer such as cu.optim.Adam(0.01)")
        if optimizer is not self.optimizer:
            optimizer.reset()  # its state (moments, step count) belongs to one network
        return optimizer

    def step(self, X, y, learning_rate: float | None = None, *, optimizer: Optimizer | None = None) -> float:
        """One training step on the batch ``(X, y)`` (dropout on); returns the loss before it.

        With ``learning_rate`` the step is plain gradient descent (``cu.optim.SGD``);
        with ``optimizer`` (a :mod:`course_utils.optim` optimizer) that optimizer
        takes it. Every parameter, as one flat vector (:meth:`get_params`), is
        handed to ``optimizer.step(params, grad)``.
        """
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        self.optimizer = self._optimizer(learning_rate, optimizer)
        return self._step(X, y, self._rng)

    def _step(self, X: np.ndarray, y: np.ndarray, rng, *, with_loss: bool = True) -> float:
        masks = self.dropout_masks(X.shape[0], rng=rng) if self.dropout_rate > 0 else None
        loss, grads = self._backward(X, y, masks, with_loss=with_loss)
        self._load(self.optimizer.step(self._params(), _flatten(grads)))  # step returns new values
        self._last_dW = [dW for dW, _ in grads]
        return loss

    def fit(
        self,
        X,
        y,
        *,
        num_epochs: int = 100,
        learning_rate: float | None = None,
        optimizer: Optimizer | None = None,
        batch_size: int | None = None,
        validation_data: tuple | None = None,
        seed: int = 0,
        callback: Callable[[int, Network, History], Any] | None = None,
    ) -> History:
        """Train for ``num_epochs`` epochs; ``batch_size=None`` means the full batch.

        Each epoch shuffles the samples (when there is more than one batch) and
        takes one step per batch, with dropout on. Then it measures the whole
        training set (and ``validation_data``) with dropout off and without the
        penalty, so the curves of networks with and without regularization compare.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_inputs)
        y : targets: shape (n_samples,) or (n_samples, n_outputs); class labels for softmax
        num_epochs : int
        learning_rate : float, optional
            Plain SGD with this learning rate (0.1 when neither this nor ``optimizer`` is given).
        optimizer : cu.optim.SGD, Momentum, RMSprop or Adam, optional
            Takes the steps instead. It keeps its state across ``fit`` calls on
            this network and is reset when it comes from another one.
        batch_size : int, optional
        validation_data : (X_val, y_val), optional
        seed : int
            Seeds the shuffling and the dropout masks of this call.
        callback : function ``callback(epoch, network, history)``, optional
            Called after every epoch (``epoch`` counts from 1), e.g. to record a
            decision map; setting ``network.stop_training = True`` ends training.

        Returns
        -------
        History
            ``loss`` and ``val_loss`` per epoch and, for a sigmoid or softmax
            output, ``accuracy`` and ``val_accuracy``; ``penalty`` (the
            regularization term) when ``l2`` or ``l1`` is set.
        """
        X = self._check_X(X)
        y_checked = self._check_y(y, X.shape[0])
        num_epochs = v.as_int(num_epochs, "num_epochs", low=1)
        if learning_rate is None and optimizer is None:
            learning_rate = 0.1
        optimizer = self._optimizer(learning_rate, optimizer)
        n = X.shape[0]
        size = n if batch_size is None else min(v.as_int(batch_size, "batch_size", low=1), n)
        validation = None if validation_data is None else self._validation(validation_data)
        rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
        if callback is not None:
            v.function(callback, "callback")
        history = History()
        history.info.update(optimizer=repr(optimizer), batch_size=size, num_samples=n,
                            l2=self.l2, l1=self.l1, dropout_rate=self.dropout_rate)
        self.optimizer = optimizer
        self.stop_training = False
        # Small matrices: one BLAS thread is several times faster than a pool that must wake up each time.
        rows = max(n, 0 if validation is None else len(validation[0]))
        widest = max(a * b for a, b in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True))
        with _one_blas_thread() if widest * rows < 2**22 else nullcontext():
            self._epochs(X, y_checked, validation, num_epochs, size, rng, callback, history)
        return history

    def _validation(self, validation_data) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise TypeError(f"validation_data should be a pair (X_val, y_val), but it is "
                            f"{v.describe(validation_data)}.")
        X_val = self._check_X(validation_data[0])
        return X_val, self._check_y(validation_data[1], X_val.shape[0])

    def _measure(self, X: np.ndarray, y: np.ndarray, prefix: str = "") -> dict[str, float]:
        """The data loss (and accuracy, for a classifier) on (X, y), dropout off."""
        out = self._forward(X, None)
        record = {f"{prefix}loss": self._data_loss(y, out)}
        if self.output_activation in ("sigmoid", "softmax"):
            labels = self._classes(y) if y.shape[1] > 1 else y[:, 0]
            record[f"{prefix}accuracy"] = self._accuracy(out, labels)
        return record

    def _epochs(self, X, y, validation, num_epochs: int, size: int, rng, callback, history: History) -> None:
        n = X.shape[0]
        for epoch in range(1, num_epochs + 1):
            order = rng.permutation(n) if size < n else np.arange(n)
            for start in range(0, n, size):
                batch = order[start : start + size]
                self._step(X[batch], y[batch], rng, with_loss=False)
            record = self._measure(X, y)
            if validation is not None:
                record.update(self._measure(*validation, prefix="val_"))
            if self.l2 or self.l1:
                record["penalty"] = self.penalty()
            history.record(**record)
            if callback is not None:
                callback(epoch, self, history)
            if self.stop_training:
                break

    def __repr__(self) -> str:
        extras = "".join(f", {name}={getattr(self, name):g}" for name in ("l2", "l1", "dropout_rate")
                         if getattr(self, name))
        return (
            f"Network({self.layer_sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, loss={self.loss_name!r}{extras}, "
            f"{self.n_params} parameters)"
        )
