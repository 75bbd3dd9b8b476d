"""Notebook 09: generative models, from a fitted Gaussian to a VAE and a GAN.

Everything here is NumPy and matplotlib, so the Keras and the PyTorch twin call
the same functions with their own arrays (a model's weights, its samples, its
codes), never with a framework's model:

* numbers: the simplest generative model (:func:`fit_gaussian`,
  :func:`gaussian_log_likelihood`), the VAE's two loss terms
  (:func:`reconstruction_loss`, :func:`kl_divergence`) and the
  reparameterization (:func:`reparameterize`), a decoder run in NumPy from
  its weights (:func:`decode`), a grid over a 2-D latent space
  (:func:`latent_grid`), a k-NN classifier on codes (:func:`knn_accuracy`),
  the ring of Gaussians and how many of its modes a generator covers
  (:func:`make_ring`, :func:`ring_centres`, :func:`mode_coverage`), and the
  verdict of a classifier on generated digits (:func:`judge_digits`) and how
  varied the pictures of each digit are (:func:`spread_by_class`);
* static figures, ``plot_*(..., ax=None) -> Figure``;
* slider demos, ``demo_*() -> SliderDemo``: the Gaussian's mu and sigma, the
  latent explorer, the interpolation between two digits, the KL weight
  (beta) chooser, the GAN on the ring over training, digits over epochs;
* the checks of 09's exercises.

A decoder's weights are given as a list of ``(W, b)`` pairs in the course's
layout (docs/notation.md): ``W`` of shape (n_in, n_out), as Keras' ``Dense``
stores its kernel. PyTorch's ``nn.Linear`` stores the transpose, so the
PyTorch twin passes ``(linear.weight.T, linear.bias)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_choice, check_function, exercise
from .widgets import (
    BLUE,
    ORANGE,
    LiveFigure,
    Readout,
    SliderDemo,
    axes_or_new,
    dropdown,
    frame_below_animation,
    slider,
)

__all__ = [
    "fit_gaussian",
    "gaussian_log_likelihood",
    "reparameterize",
    "kl_divergence",
    "reconstruction_loss",
    "decode",
    "latent_grid",
    "knn_accuracy",
    "digit_mosaic",
    "make_ring",
    "ring_centres",
    "RingCoverage",
    "mode_coverage",
    "DigitVerdict",
    "judge_digits",
    "spread_by_class",
    "plot_gaussian_fit",
    "plot_loss_terms",
    "plot_latent_spaces",
    "plot_digits",
    "plot_ring",
    "demo_gaussian",
    "demo_latent_explorer",
    "demo_interpolation",
    "demo_beta",
    "demo_gan_ring",
    "demo_gan_digits",
]

_DIGIT_COLOURS = colormaps["tab10"]
_LOG_2PI = math.log(2 * math.pi)


# --------------------------------------------------------------------------- 1. a Gaussian


def _samples(x, name: str = "x") -> np.ndarray:
    return v.as_array(x, name, ndim=1)


def fit_gaussian(x) -> tuple[float, float]:
    """The Gaussian that makes the data most likely: its mean and standard deviation.

    For a normal distribution the maximum-likelihood fit is the sample mean and
    the standard deviation with ``1/n`` (not ``1/(n-1)``): ``np.mean(x)``,
    ``np.std(x)``.

    Parameters
    ----------
    x : array-like of shape (n_samples,)

    Returns
    -------
    (mu, sigma) : tuple of float
    """
    x = _samples(x)
    sigma = float(np.std(x))
    if sigma == 0:
        raise ValueError("All values of x are equal: a Gaussian needs data that varies (sigma would be 0).")
    return float(np.mean(x)), sigma


def gaussian_log_likelihood(x, mu: float, sigma: float) -> float:
    """The mean log-likelihood of the data under N(mu, sigma²), per sample (in nats).

    ``log p(x) = -½ log(2π σ²) - (x - μ)² / (2σ²)``, averaged over the samples:
    the higher, the better the Gaussian explains the data.
    """
    x = _samples(x)
    mu = v.as_number(mu, "mu")
    sigma = v.as_number(sigma, "sigma", low=0, low_open=True)
    return float(np.mean(-0.5 * (_LOG_2PI + 2 * math.log(sigma)) - (x - mu) ** 2 / (2 * sigma**2)))


# --------------------------------------------------------------------------- 2. the VAE's pieces


def _codes(value, name: str) -> np.ndarray:
    return v.as_array(value, name, ndim=2)


def reparameterize(mu, log_var, eps) -> np.ndarray:
    """``z = mu + sigma * eps`` with ``sigma = exp(log_var / 2)``: a sample written so gradients reach mu and sigma.

    Parameters
    ----------
    mu, log_var, eps : array-like of shape (n_samples, latent_dim)
        The encoder's means and log-variances, and noise drawn from N(0, 1).
    """
    mu, log_var, eps = _codes(mu, "mu"), _codes(log_var, "log_var"), _codes(eps, "eps")
    if not mu.shape == log_var.shape == eps.shape:
        raise ValueError(f"mu {mu.shape}, log_var {log_var.shape} and eps {eps.shape} should have the same shape.")
    return mu + np.exp(0.5 * log_var) * eps


def kl_divergence(mu, log_var) -> np.ndarray:
    """The KL divergence of each sample's N(mu, sigma²) from N(0, 1), summed over the latent dimensions.

    ``KL = -½ Σ (1 + log σ² - μ² - σ²)``: 0 when every code is exactly N(0, 1),
    larger the further the encoder's Gaussians move from it.

    Parameters
    ----------
    mu, log_var : array-like of shape (n_samples, latent_dim)

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    mu, log_var = _codes(mu, "mu"), _codes(log_var, "log_var")
    if mu.shape != log_var.shape:
        raise ValueError(f"mu has shape {mu.shape} but log_var has shape {log_var.shape}: they should match.")
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)


def reconstruction_loss(X, X_hat) -> np.ndarray:
    """Binary cross-entropy between each picture and its reconstruction, summed over the pixels.

    Pixels in [0, 1] read as probabilities of ink: ``-Σ [x log x̂ + (1 - x) log(1 - x̂)]``
    (x̂ is clipped to [1e-7, 1 - 1e-7], as Keras does).

    Parameters
    ----------
    X, X_hat : array-like of shape (n_samples, n_pixels)

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    X = v.probabilities(X, "X", ndim=2)
    X_hat = v.probabilities(X_hat, "X_hat", ndim=2)
    if X.shape != X_hat.shape:
        raise ValueError(f"X has shape {X.shape} but X_hat has shape {X_hat.shape}: one reconstruction per picture.")
    p = np.clip(X_hat, 1e-7, 1 - 1e-7)
    return -np.sum(X * np.log(p) + (1 - X) * np.log(1 - p), axis=1)


def _layers(decoder, name: str = "decoder") -> list[tuple[np.ndarray, np.ndarray]]:
    """A decoder's weights as a list of (W, b) pairs that fit together."""
    if isinstance(decoder, (str, bytes, Mapping)) or not isinstance(decoder, (Sequence, tuple)):
        raise TypeError(f"{name} should be a list of (W, b) pairs, W of shape (n_in, n_out), but it is "
                        f"{v.describe(decoder)}.")
    if len(decoder) == 0:
        raise ValueError(f"{name} is empty: give at least one (W, b) pair.")
    layers = []
    for i, pair in enumerate(decoder):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (Sequence, tuple)) or len(pair) != 2:
            raise TypeError(f"{name}[{i}] should be a pair (W, b), but it is {v.describe(pair)}.")
        W = v.as_array(pair[0], f"{name}[{i}] W", ndim=2)
        b = v.as_array(pair[1], f"{name}[{i}] b", shape=(W.shape[1],))
        if layers and layers[-1][0].shape[1] != W.shape[0]:
            raise ValueError(f"{name}[{i}] takes {W.shape[0]} inputs but the layer before gives "
                             f"{layers[-1][0].shape[1]}: is a PyTorch weight not transposed (.T)?")
        layers.append((W, b))
    return layers


def _forward(layers, Z: np.ndarray) -> np.ndarray:
    A = Z
    for W, b in layers[:-1]:
        A = np.maximum(A @ W + b, 0.0)
    W, b = layers[-1]
    return 1.0 / (1.0 + np.exp(-(A @ W + b)))


def decode(decoder, Z) -> np.ndarray:
    """Run a decoder in NumPy: ReLU after every layer but the last, sigmoid after the last.

    Parameters
    ----------
    decoder : list of (W, b)
        ``W`` of shape (n_in, n_out), the Keras layout (PyTorch: ``linear.weight.T``).
    Z : array-like of shape (n_samples, latent_dim)

    Returns
    -------
    ndarray of shape (n_samples, n_out), values in (0, 1)
    """
    layers = _layers(decoder)
    Z = _codes(Z, "Z")
    if Z.shape[1] != layers[0][0].shape[0]:
        raise ValueError(f"Z has {Z.shape[1]} columns but the decoder takes codes of {layers[0][0].shape[0]}.")
    return _forward(layers, Z)


def latent_grid(size: int = 15, limit: float = 2.5) -> np.ndarray:
    """Points on a ``size`` x ``size`` grid over [-limit, limit]², top row first (z₂ falls down the rows).

    Decoded and laid out with :func:`digit_mosaic`, they show a 2-D latent space as a map of pictures.

    Returns
    -------
    ndarray of shape (size * size, 2)
    """
    size = v.as_int(size, "size", low=2)
    limit = v.as_number(limit, "limit", low=0, low_open=True)
    axis = np.linspace(-limit, limit, size)
    z1, z2 = np.meshgrid(axis, axis[::-1])
    return np.stack([z1.ravel(), z2.ravel()], axis=1)


def knn_accuracy(codes_train, labels_train, codes_test, labels_test, k: int = 5) -> float:
    """How often the majority of the ``k`` nearest training codes has the test code's label.

    A measure of how well a latent space separates the classes: a code among
    codes of its own digit is classified right.
    """
    codes_train, codes_test = _codes(codes_train, "codes_train"), _codes(codes_test, "codes_test")
    labels_train, labels_test = v.labels(labels_train, "labels_train"), v.labels(labels_test, "labels_test")
    v.same_length("codes_train", codes_train, "labels_train", labels_train)
    v.same_length("codes_test", codes_test, "labels_test", labels_test)
    if codes_train.shape[1] != codes_test.shape[1]:
        raise ValueError(f"codes_train has {codes_train.shape[1]} columns but codes_test {codes_test.shape[1]}.")
    k = v.as_int(k, "k", low=1, high=len(codes_train))
    num_classes = int(max(labels_train.max(), labels_test.max())) + 1
    correct = 0
    for start in range(0, len(codes_test), 500):
        part = codes_test[start:start + 500]
        distances = ((part[:, None, :] - codes_train[None, :, :]) ** 2).sum(axis=2)
        nearest = np.argpartition(distances, k - 1, axis=1)[:, :k]
        votes = np.zeros((len(part), num_classes))
        np.add.at(votes, (np.arange(len(part))[:, None], labels_train[nearest]), 1)
        correct += int((votes.argmax(axis=1) == labels_test[start:start + 500]).sum())
    return correct / len(codes_test)


def _pictures(images, name: str = "images") -> np.ndarray:
    """(n, 28, 28) pictures from (n, 28, 28), (n, 784) or (n, 1, 28, 28) / (n, 28, 28, 1)."""
    images = v.as_array(images, name, ndim=(2, 3, 4))
    if images.ndim == 4:
        if 1 not in (images.shape[1], images.shape[3]):
            raise ValueError(f"{name} has shape {images.shape}: only one channel (grey) can be drawn.")
        images = images[:, 0] if images.shape[1] == 1 else images[..., 0]
    elif images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"{name} has rows of {images.shape[1]} pixels, which is not a square picture.")
        images = images.reshape(len(images), side, side)
    return images


def digit_mosaic(images, ncols: int = 8, *, gap: int = 1) -> np.ndarray:
    """Pictures tiled into one array, ``ncols`` per row, with ``gap`` pixels between them (NaN).

    Parameters
    ----------
    images : array-like of shape (n, height, width) or (n, height * width)
    ncols : int
    gap : int

    Returns
    -------
    ndarray of shape (rows * (height + gap) - gap, ncols * (width + gap) - gap)
    """
    images = _pictures(images)
    ncols = v.as_int(ncols, "ncols", low=1)
    gap = v.as_int(gap, "gap", low=0)
    n, h, w = images.shape
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    out = np.full((nrows * (h + gap) - gap, ncols * (w + gap) - gap), np.nan)
    for k in range(n):
        r, c = divmod(k, ncols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = images[k]
    return out


# --------------------------------------------------------------------------- 3. the ring of Gaussians


def ring_centres(num_modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """The centres of the ring's Gaussians, evenly spaced on a circle, the first at angle 0.

    Returns
    -------
    ndarray of shape (num_modes, 2)
    """
    num_modes = v.as_int(num_modes, "num_modes", low=1)
    radius = v.as_number(radius, "radius", low=0, low_open=True)
    angles = 2 * np.pi * np.arange(num_modes) / num_modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def make_ring(n_samples: int, *, num_modes: int = 8, radius: float = 2.0, std: float = 0.1,
              seed: int = 0) -> np.ndarray:
    """Points from a ring of ``num_modes`` Gaussians (each with standard deviation ``std``), equally often.

    The classic test of a GAN: every mode is far from the others, so a
    generator that covers only some of them is easy to see and to count.

    Returns
    -------
    ndarray of shape (n_samples, 2), float32
    """
    n_samples = v.as_int(n_samples, "n_samples", low=1)
    std = v.as_number(std, "std", low=0, low_open=True)
    seed = v.as_int(seed, "seed", low=0)
    centres = ring_centres(num_modes, radius)
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(centres), n_samples)
    return (centres[which] + std * rng.normal(size=(n_samples, 2))).astype(np.float32)


class RingCoverage(NamedTuple):
    """How well samples cover the ring (:func:`mode_coverage`).

    ``modes_covered``: modes that received at least ``min_share`` of their
    fair share of the samples (1 / num_modes); ``quality``: the fraction of
    samples within ``3 std`` of some mode's centre; ``counts``: the samples
    near each mode (within 3 std).
    """

    modes_covered: int
    quality: float
    counts: np.ndarray


def mode_coverage(samples, *, num_modes: int = 8, radius: float = 2.0, std: float = 0.1,
                  min_share: float = 0.1) -> RingCoverage:
    """Count the ring's modes a generator covers and how many of its samples are good.

    A sample is *good* when it lies within 3 standard deviations of a mode's
    centre. A mode is *covered* when at least ``min_share`` of its fair share
    of the samples (``len(samples) / num_modes``) are good samples near it: with
    the default 0.1 and 8 modes, 1.25 % of the samples.

    Parameters
    ----------
    samples : array-like of shape (n_samples, 2)
    num_modes, radius, std
        The ring (as :func:`make_ring` makes it).
    min_share : float
        Between 0 and 1.
    """
    samples = v.as_array(samples, "samples", shape=(None, 2))
    min_share = v.as_number(min_share, "min_share", low=0, high=1)
    std = v.as_number(std, "std", low=0, low_open=True)
    centres = ring_centres(num_modes, radius)
    distances = np.linalg.norm(samples[:, None, :] - centres[None, :, :], axis=2)
    nearest, good = distances.argmin(axis=1), distances.min(axis=1) < 3 * std
    counts = np.bincount(nearest[good], minlength=len(centres))
    covered = int((counts >= min_share * len(samples) / len(centres)).sum())
    return RingCoverage(covered, float(good.mean()), counts)


# --------------------------------------------------------------------------- 4. judging generated digits


class DigitVerdict(NamedTuple):
    """What a digit classifier says about generated pictures (:func:`judge_digits`).

    ``confident_share``: the fraction classified with a largest probability
    above the threshold; ``counts``: how many confident ones of each class;
    ``classes_seen``: the classes with at least one confident picture;
    ``as_asked_share``: when the digits asked for were given, the fraction
    classified with confidence *as the digit asked for* (else ``None``).
    """

    confident_share: float
    counts: np.ndarray
    classes_seen: list
    as_asked_share: float | None = None


def judge_digits(probabilities, threshold: float = 0.9, asked=None) -> DigitVerdict:
    """How many generated digits a classifier recognises with confidence, and of which classes.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, num_classes)
        The classifier's probabilities for each generated picture.
    threshold : float
        A picture counts when its largest probability is above this.
    asked : array-like of shape (n_samples,), optional
        For a conditional generator: the digit each picture was asked to be.
    """
    probabilities = v.probabilities(probabilities, "probabilities", ndim=2, rows_sum_to_one=True)
    threshold = v.as_number(threshold, "threshold", low=0, high=1, high_open=True)
    confident = probabilities.max(axis=1) > threshold
    predicted = probabilities.argmax(axis=1)
    counts = np.bincount(predicted[confident], minlength=probabilities.shape[1])
    as_asked = None
    if asked is not None:
        asked = v.labels(asked, "asked", num_classes=probabilities.shape[1])
        v.same_length("probabilities", probabilities, "asked", asked)
        as_asked = float((confident & (predicted == asked)).mean())
    return DigitVerdict(float(confident.mean()), counts, [int(c) for c in np.flatnonzero(counts)], as_asked)


def spread_by_class(pictures, labels, *, per_class: int = 100) -> np.ndarray:
    """The average distance between two pictures of the same class, for each class.

    A generator that draws each digit the same way every time (mode collapse
    within a class) can fool a digit classifier perfectly; its spread is
    then far below that of real digits. Pixel distance (Euclidean, values in
    [0, 1]) over all pairs of the first ``per_class`` pictures of each class.

    Parameters
    ----------
    pictures : array-like of shape (n_samples, pixels) or (n_samples, height, width[, 1])
    labels : array-like of shape (n_samples,)
        The class of each picture (for generated ones: the class asked for, or
        the class a classifier gave it).
    per_class : int
        At most this many pictures of each class are compared (the cost grows
        with its square).

    Returns
    -------
    ndarray of shape (num_classes,): ``nan`` for a class with fewer than 2 pictures.
    """
    pictures = _pictures(pictures, "pictures")
    pictures = pictures.reshape(len(pictures), -1).astype(np.float64)
    labels = v.labels(labels, "labels")
    v.same_length("pictures", pictures, "labels", labels)
    per_class = v.as_int(per_class, "per_class", low=2)
    spreads = np.full(int(labels.max()) + 1, np.nan)
    for c in range(len(spreads)):
        group = pictures[labels == c][:per_class]
        if len(group) < 2:
            continue
        squared = (group ** 2).sum(axis=1)
        distances = np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * group @ group.T, 0))
        spreads[c] = distances[np.triu_indices(len(group), 1)].mean()
    return spreads


# --------------------------------------------------------------------------- plots


def _off(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def _as_axes(ax, count: int, **kwargs):
    if ax is None:
        return axes_or_new(None, ncols=count, **kwargs)
    return axes_or_new(ax, ncols=count)


def _source_samples() -> np.ndarray:
    """The source's data set: 1,000 samples of N(0, 1) (seeded here)."""
    return np.random.default_rng(0).normal(0.0, 1.0, 1000)


def _draw_gaussian(ax, data: np.ndarray):
    ax.hist(data, bins=50, density=True, color="#cccccc", label=f"the data ({len(data):,} samples)")
    xs = np.linspace(data.min() - 2 * data.std(), data.max() + 2 * data.std(), 300)
    (line,) = ax.plot(xs, np.zeros_like(xs), color=BLUE, lw=2.5, label="the model N(μ, σ²)")
    ax.set(xlabel="x", ylabel="density")
    ax.set_ylim(0, 1.15 * max(np.histogram(data, bins=50, density=True)[0].max(), 0.8))
    ax.legend(loc="upper right")
    return xs, line


def _pdf(xs: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    return np.exp(-((xs - mu) ** 2) / (2 * sigma**2)) / (sigma * math.sqrt(2 * math.pi))


def plot_gaussian_fit(data=None, mu: float | None = None, sigma: float | None = None, *, ax=None) -> Figure:
    """The data's histogram and a Gaussian's density over it (default: the best fit).

    Parameters
    ----------
    data : array-like of shape (n_samples,), optional
        Default: the source's 1,000 samples of N(0, 1).
    mu, sigma : float, optional
        The model; default: :func:`fit_gaussian` of the data.
    ax : matplotlib Axes, optional
    """
    data = _source_samples() if data is None else _samples(data, "data")
    best_mu, best_sigma = fit_gaussian(data)
    mu = best_mu if mu is None else v.as_number(mu, "mu")
    sigma = best_sigma if sigma is None else v.as_number(sigma, "sigma", low=0, low_open=True)
    ax = v.axes(ax) or axes_or_new(None, figsize=(6.5, 3.8))
    xs, line = _draw_gaussian(ax, data)
    line.set_ydata(_pdf(xs, mu, sigma))
    ax.set_title(f"μ = {mu:.2f}, σ = {sigma:.2f}: mean log-likelihood {gaussian_log_likelihood(data, mu, sigma):.3f}")
    return ax.figure


def plot_loss_terms(history, *, ax=None) -> Figure:
    """The VAE's two loss terms per epoch: reconstruction and KL, with their sum (the negative ELBO).

    Parameters
    ----------
    history : mapping
        ``history["reconstruction"]`` and ``history["kl"]`` (one value per
        epoch); ``"val_reconstruction"`` and ``"val_kl"`` are drawn dashed when present
        (with one value more, the first is drawn at epoch 0: before training).
    ax : two matplotlib Axes, optional
    """
    if not isinstance(history, Mapping):
        raise TypeError(f"history should be a mapping such as a cu.training.History or a dict of lists, but it is "
                        f"{v.describe(history)}.")
    missing = [k for k in ("reconstruction", "kl") if k not in history]
    if missing:
        raise ValueError(f"history has no {missing}: record the reconstruction and KL terms every epoch.")
    axes = _as_axes(ax, 2, figsize=(10, 3.6))
    for ax_one, key, title in ((axes[0], "reconstruction", "reconstruction (pixels' cross-entropy)"),
                               (axes[1], "kl", "KL divergence from N(0, 1)")):
        train = v.as_array(history[key], f"history[{key!r}]", ndim=1)
        epochs = np.arange(1, len(train) + 1)
        ax_one.plot(epochs, train, "o-", color=BLUE, label="training")
        if f"val_{key}" in history:
            val = v.as_array(history[f"val_{key}"], f"history['val_{key}']", ndim=1)
            start = 0 if len(val) == len(train) + 1 else 1  # one more: measured before training too (epoch 0)
            ax_one.plot(np.arange(start, start + len(val)), val, "s--", color=ORANGE, label="test")
        ax_one.set(xlabel="epoch", ylabel="per picture (nats)", title=title)
        ax_one.legend()
    return axes[0].figure


def _scatter_codes(ax, codes: np.ndarray, labels: np.ndarray, *, size: float = 6, legend: bool = True) -> None:
    for digit in range(10):
        chosen = labels == digit
        if chosen.any():
            ax.scatter(codes[chosen, 0], codes[chosen, 1], s=size, color=_DIGIT_COLOURS(digit), label=str(digit),
                       alpha=0.8, linewidths=0)
    ax.set(xlabel="z₁", ylabel="z₂")
    if legend:
        ax.legend(title="digit", loc="center left", bbox_to_anchor=(1.0, 0.5), markerscale=2.5, fontsize=8)


def plot_latent_spaces(spaces, labels, *, ax=None) -> Figure:
    """2-D codes of test digits, coloured by digit, one panel per model (e.g. autoencoder and VAE).

    Parameters
    ----------
    spaces : dict of model name -> array of shape (n_samples, 2)
    labels : array-like of shape (n_samples,)
    ax : as many matplotlib Axes as models, optional
    """
    if not isinstance(spaces, Mapping) or not spaces:
        raise TypeError(f"spaces should be a dict of model name -> codes of shape (n, 2), but it is "
                        f"{v.describe(spaces)}.")
    labels = v.labels(labels, "labels")
    axes = _as_axes(ax, len(spaces), figsize=(5.2 * len(spaces), 4.3))
    axes = axes if isinstance(axes, list) else [axes]
    for i, (name, codes) in enumerate(spaces.items()):
        v.as_str(name, "a model name")
        codes = v.as_array(codes, f"spaces[{name!r}]", shape=(None, 2))
        v.same_length(f"spaces[{name!r}]", codes, "labels", labels)
        _scatter_codes(axes[i], codes, labels, legend=i == len(spaces) - 1)
        axes[i].set_title(name)
    axes[0].figure.tight_layout()
    return axes[0].figure


def plot_digits(images, *, ncols: int = 8, title: str = "", ax=None) -> Figure:
    """Pictures in a grid, ``ncols`` per row (white paper, black ink)."""
    mosaic = digit_mosaic(images, ncols)
    v.as_str(title, "title", allow_empty=True)
    rows = mosaic.shape[0] / max(mosaic.shape[1], 1)
    ax = v.axes(ax) or axes_or_new(None, figsize=(min(1.0 * ncols, 10), max(1.3, min(1.0 * ncols, 10) * rows + 0.5)))
    ax.imshow(mosaic, cmap=colormaps["gray_r"].with_extremes(bad="white"), vmin=0, vmax=1, interpolation="nearest")
    _off(ax)
    if title:
        ax.set_title(title)
    return ax.figure


def plot_ring(samples, *, real=None, num_modes: int = 8, radius: float = 2.0, std: float = 0.1,
              title: str = "", ax=None) -> Figure:
    """Generated points (blue) over the ring's real points (grey), with the 3-std circle of every mode."""
    samples = v.as_array(samples, "samples", shape=(None, 2))
    v.as_str(title, "title", allow_empty=True)
    ax = v.axes(ax) or axes_or_new(None, figsize=(4.6, 4.6))
    real = make_ring(1000, num_modes=num_modes, radius=radius, std=std) if real is None else \
        v.as_array(real, "real", shape=(None, 2))
    _ring_background(ax, real, num_modes, radius, std)
    ax.scatter(samples[:, 0], samples[:, 1], s=5, color=BLUE, alpha=0.6, linewidths=0, label="generated")
    coverage = mode_coverage(samples, num_modes=num_modes, radius=radius, std=std)
    ax.set_title(title or f"{coverage.modes_covered} of {num_modes} modes, {coverage.quality:.0%} within 3σ")
    return ax.figure


def _ring_background(ax, real: np.ndarray, num_modes: int, radius: float, std: float, limit: float = 3.0) -> list:
    """The real points and every mode's 3-std circle; returns the artists (a demo animates them)."""
    from matplotlib.patches import Circle

    artists = [ax.scatter(real[:, 0], real[:, 1], s=4, color="#bbbbbb", linewidths=0, label="real", zorder=1)]
    for cx, cy in ring_centres(num_modes, radius):
        artists.append(ax.add_patch(Circle((cx, cy), 3 * std, fill=False, color="#666666", lw=0.8, zorder=1)))
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", xlabel="x₁", ylabel="x₂")
    return artists


# --------------------------------------------------------------------------- demos: the Gaussian


def demo_gaussian(data=None) -> SliderDemo:
    """Move μ and σ of a Gaussian over the data's histogram: the mean log-likelihood says how well it fits.

    Parameters
    ----------
    data : array-like of shape (n_samples,), optional
        Default: the source's 1,000 samples of N(0, 1).
    """
    data = _source_samples() if data is None else _samples(data, "data")
    best_mu, best_sigma = fit_gaussian(data)
    live = LiveFigure(1, 2, figsize=(11, 3.9), gridspec_kw={"width_ratios": [1.5, 1]})
    ax_hist, ax_map = live.axes
    xs, line = _draw_gaussian(ax_hist, data)
    # the log-likelihood over (mu, sigma): computed once, drawn once
    mus = np.linspace(best_mu - 3, best_mu + 3, 121)
    sigmas = np.linspace(0.2, 3.0, 113)
    m, s = np.meshgrid(mus, sigmas)
    mean, square = data.mean(), (data**2).mean()
    surface = -0.5 * (_LOG_2PI + 2 * np.log(s)) - (square - 2 * m * mean + m**2) / (2 * s**2)
    ax_map.contourf(m, s, np.maximum(surface, -6), levels=20, cmap="viridis")
    ax_map.plot(best_mu, best_sigma, "*", color="white", ms=12, mec="black", label="best fit")
    (marker,) = ax_map.plot([0.0], [1.0], "o", color=ORANGE, ms=9, mec="black")
    ax_map.set(xlabel="μ", ylabel="σ", title="mean log-likelihood (brighter: higher)")
    ax_map.legend(loc="upper right", fontsize=8)
    live.figure.tight_layout()
    live.animate(line, marker)
    readout = Readout()

    def update(mu: float, sigma: float) -> None:
        line.set_ydata(_pdf(xs, mu, sigma))
        marker.set_data([mu], [sigma])
        readout.table({"μ": mu, "σ": sigma, "mean log-likelihood": gaussian_log_likelihood(data, mu, sigma),
                       "best (μ, σ)": f"({best_mu:.3f}, {best_sigma:.3f}) gives "
                                      f"{gaussian_log_likelihood(data, best_mu, best_sigma):.4f}"})

    controls = {"mu": slider("mean μ", -3.0, 3.0, 0.05, 1.0), "sigma": slider("std σ", 0.2, 3.0, 0.05, 2.0)}
    return SliderDemo(controls, update, figure=live, readout=readout, title="Fit a Gaussian to the data")


# --------------------------------------------------------------------------- demos: the latent space


def _placed_image(live: LiveFigure, ax, shape: tuple[int, int]):
    """An image artist on ``ax`` drawn at a fixed size (an axes image, nearest-neighbour)."""
    image = ax.imshow(np.zeros(shape), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    _off(ax)
    return image


def demo_latent_explorer(decoder, codes, labels, *, limit: float = 3.0) -> SliderDemo:
    """Two sliders, z₁ and z₂: the point they pick in a 2-D latent space and the digit the decoder makes of it.

    Parameters
    ----------
    decoder : list of (W, b)
        The decoder's weights (:func:`decode`), taking codes of 2 numbers.
    codes : array-like of shape (n_samples, 2)
        Test digits' codes (the encoder's means), drawn as the map.
    labels : array-like of shape (n_samples,)
    limit : float
        The sliders run from -limit to limit.
    """
    layers = _layers(decoder)
    if layers[0][0].shape[0] != 2:
        raise ValueError(f"The explorer needs a decoder of 2-D codes; this one takes {layers[0][0].shape[0]}.")
    side = math.isqrt(layers[-1][0].shape[1])
    if side * side != layers[-1][0].shape[1]:
        raise ValueError(f"The decoder makes {layers[-1][0].shape[1]} pixels, which is not a square picture.")
    codes = v.as_array(codes, "codes", shape=(None, 2))
    labels = v.labels(labels, "labels")
    v.same_length("codes", codes, "labels", labels)
    limit = v.as_number(limit, "limit", low=0, low_open=True)
    live = LiveFigure(1, 2, figsize=(10, 4.3), gridspec_kw={"width_ratios": [1.35, 1]})
    ax_map, ax_digit = live.axes
    _scatter_codes(ax_map, codes, labels, size=5)
    ax_map.set(xlim=(-limit, limit), ylim=(-limit, limit), title="test digits' codes")
    (marker,) = ax_map.plot([0.0], [0.0], "X", color="black", ms=13, mec="white", mew=1.5)
    picture = _placed_image(live, ax_digit, (side, side))
    ax_digit.set_title(" ")
    live.figure.tight_layout()
    live.animate(marker, picture, ax_digit.title)
    readout = Readout()

    def update(z1: float, z2: float) -> None:
        z = np.array([[z1, z2]])
        picture.set_data(_forward(layers, z).reshape(side, side))
        marker.set_data([z1], [z2])
        distances = ((codes - z) ** 2).sum(axis=1)
        nearest = np.argsort(distances)[:10]
        vote = np.bincount(labels[nearest], minlength=10).argmax()
        ax_digit.set_title(f"decoded from z = ({z1:.2f}, {z2:.2f})")
        readout.show(f"the 10 nearest test codes are mostly <b>{vote}</b>s (the nearest is "
                     f"{math.sqrt(distances[nearest[0]]):.2f} away)")

    controls = {"z1": slider("z₁", -limit, limit, 0.05, 0.0), "z2": slider("z₂", -limit, limit, 0.05, 0.0)}
    return SliderDemo(controls, update, figure=live, readout=readout, title="The latent explorer")


def demo_interpolation(decoder, codes, images, *, first: int = 0, second: int = 1) -> SliderDemo:
    """Walk in a straight line from one test digit's code to another's, decoding every step.

    Parameters
    ----------
    decoder : list of (W, b)
        The decoder's weights (:func:`decode`).
    codes : array-like of shape (n_samples, latent_dim)
        The test digits' codes (the encoder's means).
    images : array-like of shape (n_samples, height, width) or (n_samples, height * width)
        The same test digits, shown at the two ends.
    first, second : int
        The two digits the sliders start on.
    """
    layers = _layers(decoder)
    codes = _codes(codes, "codes")
    images = _pictures(images)
    v.same_length("codes", codes, "images", images)
    if len(codes) < 2:
        raise ValueError("codes holds one digit; an interpolation needs at least two.")
    if codes.shape[1] != layers[0][0].shape[0]:
        raise ValueError(f"codes have {codes.shape[1]} numbers but the decoder takes {layers[0][0].shape[0]}.")
    first = v.as_int(first, "first", low=0, high=len(codes) - 1)
    second = v.as_int(second, "second", low=0, high=len(codes) - 1)
    side = images.shape[1]
    top = images.max() if images.max() > 1 else 1.0
    live = LiveFigure(1, 3, figsize=(9, 3.4))
    artists = []
    for ax in live.axes:
        artists.append(_placed_image(live, ax, (side, side)))
        ax.set_title(" ")
    live.figure.tight_layout()
    live.animate(*artists, *(ax.title for ax in live.axes))
    readout = Readout()

    def update(first: int, second: int, t: float) -> None:
        z = (1 - t) * codes[first] + t * codes[second]
        artists[0].set_data(images[first] / top)
        artists[1].set_data(_forward(layers, z[None, :]).reshape(side, side))
        artists[2].set_data(images[second] / top)
        live.axes[0].set_title(f"test digit {first}")
        live.axes[1].set_title(f"decoded at t = {t:.2f}")
        live.axes[2].set_title(f"test digit {second}")
        readout.show(f"z = (1 - t)·z<sub>{first}</sub> + t·z<sub>{second}</sub>, distance travelled "
                     f"{t * float(np.linalg.norm(codes[second] - codes[first])):.2f} of "
                     f"{float(np.linalg.norm(codes[second] - codes[first])):.2f}")

    last = len(codes) - 1
    controls = {"first": slider("from test digit", 0, last, 1, first),
                "second": slider("to test digit", 0, last, 1, second),
                "t": slider("t (0: first, 1: second)", 0.0, 1.0, 0.05, 0.5)}
    return SliderDemo(controls, update, figure=live, readout=readout, title="From one digit to another")


def demo_beta(images, results) -> SliderDemo:
    """Choose the KL weight β among trained settings: reconstructions against a smooth map of the latent space.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        Test digits (values in [0, 1]), drawn on top.
    results : dict of name -> dict
        For each setting (e.g. ``"β = 1"``): ``"reconstructions"`` of the
        same pictures (same shape as ``images``), ``"map"``, the decoded
        :func:`latent_grid` (shape (size * size, height, width) or
        (size * size, height * width)), and the numbers ``"reconstruction"``
        and ``"kl"`` (test means per picture).
    """
    images = _pictures(images)
    if not isinstance(results, Mapping) or not results:
        raise TypeError(f"results should be a dict of setting name -> dict of arrays, but it is "
                        f"{v.describe(results)}.")
    prepared = {}
    for name, result in results.items():
        v.as_str(name, "a setting's name")
        if not isinstance(result, Mapping):
            raise TypeError(f"results[{name!r}] should be a dict, but it is {v.describe(result)}.")
        missing = [k for k in ("reconstructions", "map", "reconstruction", "kl") if k not in result]
        if missing:
            raise ValueError(f"results[{name!r}] lacks {missing}.")
        recon = _pictures(result["reconstructions"], f"results[{name!r}]['reconstructions']")
        if recon.shape != images.shape:
            raise ValueError(f"results[{name!r}]['reconstructions'] has shape {recon.shape}, images {images.shape}.")
        grid = _pictures(result["map"], f"results[{name!r}]['map']")
        size = math.isqrt(len(grid))
        if size * size != len(grid):
            raise ValueError(f"results[{name!r}]['map'] holds {len(grid)} pictures, not a square grid.")
        prepared[name] = (digit_mosaic(np.concatenate([images, recon]), len(images)), digit_mosaic(grid, size),
                          v.as_number(result["reconstruction"], f"results[{name!r}]['reconstruction']"),
                          v.as_number(result["kl"], f"results[{name!r}]['kl']"))
    grey = colormaps["gray_r"].with_extremes(bad="white")
    live = LiveFigure(1, 2, figsize=(11, 4.4), cache_frames=True, gridspec_kw={"width_ratios": [1.4, 1]})
    ax_recon, ax_map = live.axes
    first = next(iter(prepared.values()))
    shown_recon = ax_recon.imshow(first[0], cmap=grey, vmin=0, vmax=1, interpolation="nearest")
    shown_map = ax_map.imshow(first[1], cmap=grey, vmin=0, vmax=1, interpolation="nearest")
    for ax in live.axes:
        _off(ax)
    ax_recon.set_title("test digits (top) and their reconstructions (bottom)")
    ax_map.set_title("the decoded latent plane")
    live.figure.tight_layout()
    live.animate(shown_recon, shown_map)
    readout = Readout()

    def update(setting: str) -> None:
        live.frame_key = setting
        recon, grid, reconstruction, kl = prepared[setting]
        shown_recon.set_data(recon)
        shown_map.set_data(grid)
        readout.table({"setting": setting, "reconstruction": reconstruction, "KL": kl,
                       "reconstruction + KL": reconstruction + kl})

    live.precompute(update, list(prepared))
    controls = {"setting": dropdown("KL weight", list(prepared))}
    return SliderDemo(controls, update, figure=live, readout=readout, title="Reconstruction against smoothness")


# --------------------------------------------------------------------------- demos: the GAN


def _run(name: str, run) -> dict:
    if not isinstance(run, Mapping):
        raise TypeError(f"runs[{name!r}] should be a dict of arrays, but it is {v.describe(run)}.")
    missing = [k for k in ("steps", "samples", "surface", "d_loss", "g_loss") if k not in run]
    if missing:
        raise ValueError(f"runs[{name!r}] lacks {missing}.")
    steps = v.as_array(run["steps"], f"runs[{name!r}]['steps']", ndim=1, dtype=int)
    samples = v.as_array(run["samples"], f"runs[{name!r}]['samples']", shape=(len(steps), None, 2))
    surface = v.as_array(run["surface"], f"runs[{name!r}]['surface']", ndim=3)
    if len(surface) != len(steps):
        raise ValueError(f"runs[{name!r}]['surface'] has {len(surface)} snapshots but there are {len(steps)} steps.")
    d_loss = v.as_array(run["d_loss"], f"runs[{name!r}]['d_loss']", ndim=1)
    g_loss = v.as_array(run["g_loss"], f"runs[{name!r}]['g_loss']", shape=(len(d_loss),))
    return dict(steps=steps, samples=samples, surface=surface, d_loss=d_loss, g_loss=g_loss)


def demo_gan_ring(runs, *, num_modes: int = 8, radius: float = 2.0, std: float = 0.1,
                  limit: float = 3.0) -> SliderDemo:
    """A GAN on the ring over training: its samples, its discriminator's surface and both losses.

    Parameters
    ----------
    runs : dict of run name -> dict
        For each run: ``"steps"`` (k,), the training steps of k snapshots;
        ``"samples"`` (k, n, 2), generated points at each snapshot;
        ``"surface"`` (k, g, g), the discriminator's probability of "real" on
        a g x g grid over [-limit, limit]² (top row: largest x₂, as
        :func:`latent_grid` orders it); ``"d_loss"`` and ``"g_loss"``, one
        value per training step.
    num_modes, radius, std
        The ring (for the real points and the coverage in the readout).
    limit : float
        The half-width of the square shown.
    """
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(f"runs should be a dict of run name -> dict of arrays, but it is {v.describe(runs)}.")
    prepared = {}
    for name, run in runs.items():
        v.as_str(name, "a run's name")
        prepared[name] = _run(name, run)
    limit = v.as_number(limit, "limit", low=0, low_open=True)
    real = make_ring(600, num_modes=num_modes, radius=radius, std=std, seed=1)
    longest = max(len(r["d_loss"]) for r in prepared.values())
    top_loss = max(float(np.percentile(np.concatenate([r["d_loss"], r["g_loss"]]), 99)) for r in prepared.values())

    live = LiveFigure(1, 2, figsize=(11, 4.4), gridspec_kw={"width_ratios": [1, 1.25]})
    ax_ring, ax_loss = live.axes
    first = next(iter(prepared.values()))
    surface = ax_ring.imshow(first["surface"][0], cmap="RdBu", vmin=0, vmax=1, extent=(-limit, limit, -limit, limit),
                             interpolation="nearest", alpha=0.55, zorder=0)
    fixed = _ring_background(ax_ring, real, num_modes, radius, std, limit)  # animated: they lie over the surface
    points = ax_ring.scatter(first["samples"][0][:, 0], first["samples"][0][:, 1], s=5, color="black", linewidths=0,
                             zorder=3)
    ax_ring.set_title(" ")
    # No grid over the surface: a full draw paints grid lines above it, a blitted frame (the surface
    # animated over a saved background) below it; under the course style that was 0.9 % of the pixels.
    ax_ring.grid(False)
    # the losses of a run do not change with the step: drawn into one background per run
    (d_line,) = ax_loss.plot([], [], color=ORANGE, lw=1, label="discriminator loss")
    (g_line,) = ax_loss.plot([], [], color=BLUE, lw=1, label="generator loss")
    now = ax_loss.axvline(0, color="black", lw=1)
    ax_loss.axhline(math.log(2), color="#888888", ls=":", lw=1)
    ax_loss.axhline(2 * math.log(2), color="#888888", ls=":", lw=1)
    ax_loss.set(xlim=(0, longest), ylim=(0, max(top_loss, 2 * math.log(2)) * 1.1), xlabel="training step",
                ylabel="loss", title="losses (dotted: ln 2 and 2 ln 2)")
    ax_loss.legend(loc="upper right", fontsize=8)
    live.figure.tight_layout()
    frame_below_animation(ax_ring, zorder=-1)
    live.animate(surface, *fixed, points, ax_ring.title, now)
    readout = Readout()
    max_index = max(len(r["steps"]) for r in prepared.values()) - 1
    curves = {name: (_smooth(r["d_loss"]), _smooth(r["g_loss"])) for name, r in prepared.items()}

    def update(run: str, snapshot: int) -> None:
        data = prepared[run]
        k = min(snapshot, len(data["steps"]) - 1)
        step = int(data["steps"][k])
        if live._background_key != run:
            for line, (x, y) in zip((d_line, g_line), curves[run], strict=True):
                line.set_data(x, y)
            live.use_background(run)
        surface.set_data(data["surface"][k])
        points.set_offsets(data["samples"][k])
        now.set_xdata([step, step])
        coverage = mode_coverage(data["samples"][k], num_modes=num_modes, radius=radius, std=std)
        ax_ring.set_title(f"{run}, step {step}")
        readout.table({"step": step, "modes covered": f"{coverage.modes_covered} of {num_modes}",
                       "within 3σ of a mode": f"{coverage.quality:.0%}",
                       "D(x) on the real points": f"{_surface_mean(data['surface'][k], real, limit):.2f}"})

    controls = {"run": dropdown("run", list(prepared)),
                "snapshot": slider("snapshot", 0, max(max_index, 1), 1, max_index)}
    if max_index == 0:
        controls["snapshot"].disabled = True
    return SliderDemo(controls, update, figure=live, readout=readout, title="A GAN on the ring, step by step")


def _smooth(values: np.ndarray, points: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """A loss curve as the means of at most ``points`` windows of steps (x: each window's last step)."""
    width = max(1, len(values) // points)
    usable = len(values) // width * width
    means = values[:usable].reshape(-1, width).mean(axis=1)
    return np.arange(1, len(means) + 1) * width, means


def _surface_mean(surface: np.ndarray, points: np.ndarray, limit: float) -> float:
    """The surface's mean value at the points (nearest grid cell; row 0 is the top)."""
    g_rows, g_cols = surface.shape
    cols = np.clip(((points[:, 0] + limit) / (2 * limit) * (g_cols - 1)).round().astype(int), 0, g_cols - 1)
    rows = np.clip(((limit - points[:, 1]) / (2 * limit) * (g_rows - 1)).round().astype(int), 0, g_rows - 1)
    return float(surface[rows, cols].mean())


def demo_gan_digits(images_by_epoch, epochs=None, *, ncols: int = 8) -> SliderDemo:
    """The same noise through the generator after each epoch: digits taking shape over training.

    Parameters
    ----------
    images_by_epoch : array-like of shape (n_snapshots, n_images, height, width) or (n_snapshots, n_images, pixels)
        Generated pictures, values in [0, 1].
    epochs : array-like of shape (n_snapshots,), optional
        The epoch of each snapshot (default 1, 2, ...).
    ncols : int
    """
    stack = v.as_array(images_by_epoch, "images_by_epoch", ndim=(3, 4))
    mosaics = [digit_mosaic(one, ncols) for one in stack]
    epochs = np.arange(1, len(stack) + 1) if epochs is None else v.as_array(epochs, "epochs", shape=(len(stack),),
                                                                             dtype=int)
    height, width = mosaics[0].shape
    scale = max(1, min(3, 600 // width, 330 // height))
    live = LiveFigure(figsize=((width * scale + 40) / 80, (height * scale + 40) / 80))
    _off(live.axes)
    live.axes.set_frame_on(False)
    live.axes.set_title(" ")
    live.figure.subplots_adjust(left=0, right=1, bottom=0, top=1 - 30 / (height * scale + 40))
    grey = colormaps["gray_r"].with_extremes(bad="white")
    frames = [grey(np.kron(m, np.ones((scale, scale))), bytes=True) for m in mosaics]  # pixel for pixel
    shown = live.figure.figimage(frames[-1], xo=20, yo=5, origin="upper")
    live.animate(shown, live.axes.title)
    readout = Readout()

    def update(snapshot: int) -> None:
        shown.set_data(frames[snapshot])
        live.axes.set_title(f"after epoch {int(epochs[snapshot])}")
        picture = stack[snapshot]
        readout.table({"epoch": int(epochs[snapshot]), "mean ink": float(np.mean(picture)),
                       "pixels near 0 or 1": f"{np.mean((picture < 0.1) | (picture > 0.9)):.0%}"})

    last = len(stack) - 1
    controls = {"snapshot": slider("snapshot", 0, max(last, 1), 1, last)}
    if last == 0:
        controls["snapshot"].disabled = True
    return SliderDemo(controls, update, figure=live, readout=readout, title="Digits from the GAN over training")


# --------------------------------------------------------------------------- exercises


def _reparameterize_cases() -> list:
    rng = np.random.default_rng(9)
    mu, log_var, eps = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    return [
        ((np.zeros((1, 2)), np.zeros((1, 2)), np.array([[1.0, -2.0]])), np.array([[1.0, -2.0]])),
        ((np.array([[3.0]]), np.array([[np.log(4.0)]]), np.array([[1.0]])), np.array([[5.0]])),
        ((mu, log_var, eps), reparameterize(mu, log_var, eps)),
    ]


@exercise("09-1", hints=(
    "The encoder gives the log of the variance, log σ². Get σ from it first, then shift and scale the noise.",
    "σ = exp(log σ² / 2) (np.exp(0.5 * log_var)); the noise eps is N(0, 1), so σ·eps has standard deviation σ.",
    "return mu + np.exp(0.5 * log_var) * eps: mu and σ enter by adding and multiplying, so gradients reach both.",
))
def _check_09_1(answer) -> CheckResult:
    return check_function(answer, _reparameterize_cases(), name="my_reparameterize",
                          hint="exp(log_var) is the variance σ², not σ: take half of log_var before exp.")


def _kl_cases() -> list:
    rng = np.random.default_rng(10)
    mu, log_var = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    return [
        ((np.zeros((2, 3)), np.zeros((2, 3))), np.zeros(2)),
        ((np.array([[1.0, 0.0]]), np.array([[0.0, 0.0]])), np.array([0.5])),
        ((mu, log_var), kl_divergence(mu, log_var)),
    ]


@exercise("09-2", hints=(
    "One number per row (per picture): add up over the latent dimensions (axis=1), not over the pictures.",
    "Each dimension gives -½ (1 + log σ² - μ² - σ²), where σ² = exp(log_var). Check it is 0 for μ = 0, log σ² = 0.",
    "return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)",
))
def _check_09_2(answer) -> CheckResult:
    return check_function(answer, _kl_cases(), name="my_kl_divergence",
                          hint="the result should be 0 when mu = 0 and log_var = 0, and have one value per row.")


@exercise("09-3", hints=(
    "Ask first what there is to learn: are the source's labels related to its inputs at all?",
    "With random labels the best any model can do is to predict each output's average, 0.5. Can ten softmax "
    "outputs, which add up to 1, all be 0.5?",
    "Random targets: nothing to learn. And a softmax spreads 1 over ten outputs, about 0.1 each, so "
    "binary_crossentropy stays above even the best constant guess. Which option says both?",
))
def _check_09_3(answer) -> CheckResult:
    return check_choice(answer, "c", options=("a", "b", "c"), name="your choice",
                        hint="think about what random labels leave to learn, and what a softmax forces.")


@exercise("09-4", hints=(
    "β multiplies the KL term: the larger it is, the more the encoder is pushed to make every code look like N(0, 1).",
    "Codes close to N(0, 1) overlap, so the decoder cannot tell similar digits apart: what happens to the "
    "reconstructions, and to the gaps in the latent map?",
    "Compare the two numbers in the β demo's readout and the two pictures: which goes up, which goes down?",
))
def _check_09_4(answer) -> CheckResult:
    return check_choice(answer, "b", options=("a", "b", "c"), name="your choice",
                        hint="look at the β demo: the reconstruction term and the latent map as β grows.")
