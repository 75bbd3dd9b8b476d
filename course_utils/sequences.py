"""Sequences and recurrent networks by hand, for notebook 08 (and 10, which extends it).

Everything here is NumPy, matplotlib and ipywidgets: the Keras and the PyTorch
twin of the lesson call the same functions with arrays, never with a model.

* Tokens and a vocabulary: :func:`tokenize` (Keras' ``TextVectorization``
  defaults: ASCII lower case, punctuation removed, split on white space),
  :func:`build_vocabulary` (the same order Keras' ``adapt`` gives: index 0 is
  padding, 1 the unknown word, then by count) and :func:`encode_texts`.
* The recurrent layers by hand, in the course's notation (rows are samples,
  ``W`` is inputs x units, Keras' layout): :func:`rnn_step`, :func:`rnn_forward`,
  :func:`lstm_forward` (the four parts: forget, input and output gate, and the
  candidate memory), :func:`lstm_classifier_steps`.
* Memory that fades: :func:`gradient_through_time`.
* A long-range task: :func:`make_first_token_task`.
* Pictures and demos: the hidden state as a strip per word, fading memory,
  the LSTM's gates per word, a review box that predicts as you type, word
  embeddings in 2-D (:func:`pca_2d`).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .activations import sigmoid
from .checks import CheckResult, check_array, check_function, check_number, exercise
from .widgets import BLUE as _BLUE
from .widgets import ORANGE as _ORANGE
from .widgets import SIGN_CMAP as _SIGN_CMAP
from .widgets import LiveFigure, Readout, SliderDemo, _html, axes_or_new, dropdown, slider

__all__ = [
    "PAD",
    "OOV",
    "LSTM_PARTS",
    "tokenize",
    "build_vocabulary",
    "encode_texts",
    "rnn_step",
    "rnn_forward",
    "lstm_forward",
    "lstm_classifier_steps",
    "gradient_through_time",
    "make_first_token_task",
    "pca_2d",
    "plot_hidden_states",
    "plot_gradient_through_time",
    "plot_lstm_gates",
    "plot_embeddings",
    "demo_step_through",
    "demo_memory_fading",
    "demo_lstm_gates",
    "demo_write_review",
    "demo_embeddings",
    "explore_reviews",
]

PAD = ""  # index 0 of a vocabulary: the padding that fills short sequences
OOV = "[UNK]"  # index 1: every word the vocabulary does not know (Keras' name)
LSTM_PARTS = ("forget_gate", "input_gate", "candidate", "output_gate")
_PART_NAMES = {"forget_gate": "forget gate f", "input_gate": "input gate i",
               "candidate": "candidate memory g", "output_gate": "output gate o"}

# Keras' "lower_and_strip_punctuation": these characters are removed, then the text is split.
_PUNCTUATION = re.compile(r"[!\"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# --------------------------------------------------------------------------- tokens and vocabulary


def _texts(texts, name: str = "texts") -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{name} should be a list of texts, but it is one string: put it in a list, [{texts[:20]!r}].")
    if isinstance(texts, np.ndarray) and texts.dtype.kind in "US":
        texts = texts.tolist()
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"{name} should be a list of texts (strings), but it is {v.describe(texts)}.")
    if not texts:
        raise ValueError(f"{name} is empty: give at least one text.")
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{name}[{bad[0]}] should be a string, but it is {v.describe(texts[bad[0]])}.")
    return list(texts)


def tokenize(text: str) -> list[str]:
    """Split a text into tokens (words) the way Keras' ``TextVectorization`` does by default.

    Lower case (ASCII letters), punctuation removed (the apostrophe too:
    "don't" becomes "dont"), then split on white space.

    >>> tokenize("Not good, not bad!")
    ['not', 'good', 'not', 'bad']
    """
    v.as_str(text, "text", allow_empty=True)
    return [t for t in _WHITESPACE.split(_PUNCTUATION.sub("", text.translate(_ASCII_LOWER))) if t]


def build_vocabulary(texts, *, max_tokens: int | None = None) -> list[str]:
    """The vocabulary of ``texts``: padding, the unknown word, then words by count.

    The same list ``keras.layers.TextVectorization(max_tokens).adapt(texts)``
    gives with ``get_vocabulary()``: index 0 is ``""`` (padding), 1 is
    ``"[UNK]"``, then the words from most to least frequent (ties: the word
    that sorts later comes first, as in Keras).

    Parameters
    ----------
    texts : list of str
    max_tokens : int or None
        Keep this many entries in all (padding and unknown included).

    Returns
    -------
    list of str
    """
    texts = _texts(texts)
    if max_tokens is not None:
        max_tokens = v.as_int(max_tokens, "max_tokens (None for every word)", low=3)
    counts = Counter(token for text in texts for token in tokenize(text))
    words = sorted(counts, key=lambda w: (counts[w], w), reverse=True)
    if max_tokens is not None:
        words = words[: max_tokens - 2]
    return [PAD, OOV, *words]


def encode_texts(texts, vocabulary, *, length: int | None = None) -> np.ndarray:
    """Turn texts into rows of word indices, padded with 0 (or cut) at the end to one length.

    What ``TextVectorization(output_sequence_length=length)`` returns: a word
    the vocabulary lacks becomes 1 (``"[UNK]"``), and each row's real length is
    its number of non-zero entries.

    Parameters
    ----------
    texts : list of str
    vocabulary : list of str
        As :func:`build_vocabulary` returns (``""`` first, ``"[UNK]"`` second).
    length : int or None
        Pad or cut every row to this many tokens; ``None``: the longest text.

    Returns
    -------
    ndarray of shape (len(texts), length), int64
    """
    texts = _texts(texts)
    index = _vocabulary_index(vocabulary)
    if length is not None:
        length = v.as_int(length, "length (None for the longest text)", low=1)
    rows = [[index.get(t, 1) for t in tokenize(text)] for text in texts]
    width = length if length is not None else max(1, max(len(r) for r in rows))
    out = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        row = row[:width]
        out[i, : len(row)] = row
    return out


def _vocabulary_index(vocabulary) -> dict[str, int]:
    if isinstance(vocabulary, np.ndarray):
        vocabulary = vocabulary.tolist()
    if not isinstance(vocabulary, (list, tuple)) or not all(isinstance(w, str) for w in vocabulary):
        raise TypeError(
            "vocabulary should be a list of words such as build_vocabulary() returns "
            f"(['', '[UNK]', 'the', ...]), but it is {v.describe(vocabulary)}."
        )
    if len(vocabulary) < 2 or vocabulary[0] != PAD or vocabulary[1] != OOV:
        raise ValueError("vocabulary should start with '' (padding, index 0) and '[UNK]' (unknown, index 1).")
    return {word: i for i, word in enumerate(vocabulary)}


# --------------------------------------------------------------------------- recurrent layers by hand


_RNN_ACTIVATIONS = ("tanh", "relu", "linear")


def _phi(activation: str):
    if activation == "tanh":
        return np.tanh, lambda h: 1.0 - h**2
    if activation == "relu":
        return (lambda a: np.maximum(a, 0.0)), (lambda h: (h > 0).astype(float))
    return (lambda a: a), (lambda h: np.ones_like(h))


def _rnn_weights(W, U, b, n_in: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = v.as_array(W, "W (the input kernel, inputs x units)", ndim=2)
    if n_in is not None and W.shape[0] != n_in:
        raise ValueError(
            f"W has {W.shape[0]} rows but each input step has {n_in} features: W must be inputs x units "
            "(Keras' kernel; PyTorch's weight_ih_l0 is the transpose, units x inputs)."
        )
    units = W.shape[1]
    U = v.as_array(U, "U (the recurrent kernel, units x units)", shape=(units, units))
    b = v.as_array(b, "b (the bias, one per unit)", shape=(units,))
    return W, U, b


def rnn_step(x_t, h_prev, W, U, b, *, activation: str = "tanh") -> np.ndarray:
    """One step of a simple RNN: ``h_t = tanh(x_t W + h_prev U + b)``.

    The club course writes it with column vectors, H_t = sigma_h(W_h X_t + U_h H_{t-1} + b_h);
    with rows as samples (the course's notation) the products turn around.

    Parameters
    ----------
    x_t : array of shape (n_samples, n_in) or (n_in,)
        The inputs at this step.
    h_prev : array of shape (n_samples, units) or (units,)
        The hidden state of the step before (zeros at the start).
    W : array of shape (n_in, units)
    U : array of shape (units, units)
    b : array of shape (units,)
    activation : {"tanh", "relu", "linear"}

    Returns
    -------
    ndarray, the new hidden state, shaped like ``h_prev``.
    """
    activation = v.choice(activation, "activation", _RNN_ACTIVATIONS)
    x_t = v.as_array(x_t, "x_t", ndim=(1, 2))
    W, U, b = _rnn_weights(W, U, b, x_t.shape[-1])
    h_prev = v.as_array(h_prev, "h_prev", ndim=x_t.ndim)
    if h_prev.shape[-1] != U.shape[0] or (x_t.ndim == 2 and len(h_prev) != len(x_t)):
        raise ValueError(f"h_prev has shape {h_prev.shape}; it should have {U.shape[0]} units per sample, "
                         f"one row per row of x_t ({x_t.shape}).")
    return _phi(activation)[0](x_t @ W + h_prev @ U + b)


def rnn_forward(X, W, U, b, *, h0=None, activation: str = "tanh") -> np.ndarray:
    """Run a simple RNN over whole sequences; the hidden state after every step.

    ``keras.layers.SimpleRNN(units, return_sequences=True)`` with kernel ``W``,
    recurrent_kernel ``U`` and bias ``b`` gives the same numbers; so does
    ``torch.nn.RNN`` with ``weight_ih_l0 = W.T``, ``weight_hh_l0 = U.T`` and
    ``bias_ih_l0 + bias_hh_l0 = b``.

    Parameters
    ----------
    X : array of shape (n_samples, num_steps, n_in)
    W : array of shape (n_in, units)
    U : array of shape (units, units)
    b : array of shape (units,)
    h0 : array of shape (n_samples, units), optional
        The starting state; zeros by default.
    activation : {"tanh", "relu", "linear"}

    Returns
    -------
    H : ndarray of shape (n_samples, num_steps, units)
    """
    activation = v.choice(activation, "activation", _RNN_ACTIVATIONS)
    X = v.as_array(X, "X (samples x steps x features)", ndim=3)
    W, U, b = _rnn_weights(W, U, b, X.shape[2])
    n, num_steps, _ = X.shape
    units = W.shape[1]
    h = np.zeros((n, units)) if h0 is None else v.as_array(h0, "h0", shape=(n, units))
    phi = _phi(activation)[0]
    inputs = X @ W + b  # every step's input part at once
    H = np.empty((n, num_steps, units))
    for t in range(num_steps):
        h = phi(inputs[:, t] + h @ U)
        H[:, t] = h
    return H


class LSTMStates(NamedTuple):
    """What :func:`lstm_forward` computes at every step, each of shape (n_samples, num_steps, units)."""

    h: np.ndarray
    c: np.ndarray
    forget_gate: np.ndarray
    input_gate: np.ndarray
    candidate: np.ndarray
    output_gate: np.ndarray


def lstm_forward(X, W, U, b, *, h0=None, c0=None) -> LSTMStates:
    """Run an LSTM over whole sequences, by hand; every step's state and its four parts.

    With ``z = x_t W + h_{t-1} U + b`` cut into four blocks of ``units``
    columns, in Keras' and PyTorch's order (input, forget, candidate, output)::

        i = sigmoid(z_i)   input gate: how much of the candidate to write
        f = sigmoid(z_f)   forget gate: how much of the old memory to keep
        g = tanh(z_g)      candidate memory: what could be written (not a gate)
        o = sigmoid(z_o)   output gate: how much of the memory to show
        c_t = f * c_{t-1} + i * g      the cell state (the memory)
        h_t = o * tanh(c_t)            the hidden state (the output)

    ``keras.layers.LSTM`` stores ``W`` as its kernel (n_in, 4 units), ``U`` as
    its recurrent_kernel and ``b`` as its bias; ``torch.nn.LSTM`` stores the
    transposes (``weight_ih_l0`` is 4 units x n_in) and two biases whose sum is ``b``.

    Parameters
    ----------
    X : array of shape (n_samples, num_steps, n_in)
    W : array of shape (n_in, 4 * units)
    U : array of shape (units, 4 * units)
    b : array of shape (4 * units,)
    h0, c0 : arrays of shape (n_samples, units), optional

    Returns
    -------
    LSTMStates
        ``h``, ``c``, ``forget_gate``, ``input_gate``, ``candidate``, ``output_gate``,
        each of shape (n_samples, num_steps, units).
    """
    X = v.as_array(X, "X (samples x steps x features)", ndim=3)
    W = v.as_array(W, "W (the input kernel, inputs x 4 units)", ndim=2)
    if W.shape[1] % 4:
        raise ValueError(f"W should have 4 x units columns (one block per part), but it has {W.shape[1]}.")
    units = W.shape[1] // 4
    U = v.as_array(U, "U (the recurrent kernel, units x 4 units)", shape=(units, 4 * units))
    b = v.as_array(b, "b (the bias, 4 x units)", shape=(4 * units,))
    if W.shape[0] != X.shape[2]:
        raise ValueError(f"W has {W.shape[0]} rows but each input step has {X.shape[2]} features "
                         "(PyTorch's weight_ih_l0 is the transpose of W).")
    n, num_steps, _ = X.shape
    h = np.zeros((n, units)) if h0 is None else v.as_array(h0, "h0", shape=(n, units))
    c = np.zeros((n, units)) if c0 is None else v.as_array(c0, "c0", shape=(n, units))
    out = {name: np.empty((n, num_steps, units)) for name in LSTMStates._fields}
    inputs = X @ W + b
    for t in range(num_steps):
        z = inputs[:, t] + h @ U
        i, f = sigmoid(z[:, :units]), sigmoid(z[:, units:2 * units])
        g, o = np.tanh(z[:, 2 * units:3 * units]), sigmoid(z[:, 3 * units:])
        c = f * c + i * g
        h = o * np.tanh(c)
        for name, value in (("h", h), ("c", c), ("forget_gate", f), ("input_gate", i),
                            ("candidate", g), ("output_gate", o)):
            out[name][:, t] = value
    return LSTMStates(**out)


def lstm_classifier_steps(ids, embeddings, W, U, b, W_out, b_out) -> tuple[LSTMStates, np.ndarray]:
    """An embedding, an LSTM and an output layer, read one word at a time, in NumPy.

    The model of the sentiment section, with its trained weights copied out
    of Keras or PyTorch: the probability of "positive" after every word, as
    if the review ended there.

    Parameters
    ----------
    ids : array of shape (num_steps,)
        One review's word indices, without padding.
    embeddings : array of shape (vocabulary_size, embedding_dim)
    W, U, b : the LSTM's weights (Keras' layout, see :func:`lstm_forward`)
    W_out : array of shape (units, 2) or (units, 1)
        The output layer's kernel (Keras' layout; PyTorch's ``weight`` is its
        transpose). Two columns: a softmax over (negative, positive); one
        column: a sigmoid.
    b_out : array of shape (2,) or (1,)

    Returns
    -------
    states : LSTMStates for one review (n_samples = 1)
    probabilities : ndarray of shape (num_steps,), P(positive) after each word
    """
    ids = v.as_array(ids, "ids (word indices)", ndim=1, dtype=int)
    embeddings = v.as_array(embeddings, "embeddings (vocabulary x dimensions)", ndim=2)
    if ids.min() < 0 or ids.max() >= len(embeddings):
        raise ValueError(f"ids should be word indices from 0 to {len(embeddings) - 1}, but they go from "
                         f"{ids.min()} to {ids.max()}.")
    states = lstm_forward(embeddings[ids][None], W, U, b)
    units = states.h.shape[2]
    W_out = v.as_array(W_out, "W_out (the output kernel, units x outputs)", ndim=2)
    if W_out.shape[0] != units or W_out.shape[1] not in (1, 2):
        raise ValueError(f"W_out should have shape ({units}, 2) or ({units}, 1), units x outputs "
                         f"(PyTorch's Linear.weight is outputs x units: transpose it); it has {W_out.shape}.")
    b_out = v.as_array(b_out, "b_out (the output bias)", shape=(W_out.shape[1],))
    logits = states.h[0] @ W_out + b_out
    if W_out.shape[1] == 1:
        return states, sigmoid(logits[:, 0])
    return states, sigmoid(logits[:, 1] - logits[:, 0])  # softmax of two = sigmoid of their difference


# --------------------------------------------------------------------------- memory that fades


def _orthogonal(size: int, rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(size, size)))
    return q * np.sign(np.diag(r))


def gradient_through_time(
    scale: float,
    num_steps: int = 50,
    *,
    units: int = 16,
    activation: str = "tanh",
    input_scale: float = 0.5,
    num_sequences: int = 8,
    seed: int = 0,
) -> np.ndarray:
    """How much a change of the first state still moves the state t steps later.

    A simple RNN with ``U = scale * Q`` (``Q`` a random orthogonal matrix, so
    ``U`` stretches every direction by exactly ``scale``) reads random inputs.
    By the chain rule ``dh_t/dh_0`` is a product of t factors
    ``U diag(phi'(a_k))``; its size (how much it stretches a change of h_0,
    as the root mean square over all directions; averaged over
    ``num_sequences`` random input sequences in log scale) is returned for
    t = 0, 1, ..., num_steps. With a linear activation it is exactly scale**t. Below 1 per step it fades like a power;
    above 1 it can grow, until tanh saturates. Training follows the same
    product backwards: this is the gradient that tells step 0 what to change.

    Parameters
    ----------
    scale : float, > 0
    num_steps : int
    units : int
    activation : {"tanh", "relu", "linear"}
    input_scale : float
        Size of the random input part ``x_t W`` (standard deviation).
    num_sequences : int
    seed : int

    Returns
    -------
    ndarray of shape (num_steps + 1,); the first entry is 1.
    """
    scale = v.as_number(scale, "scale", low=0, low_open=True)
    num_steps = v.as_int(num_steps, "num_steps", low=1, high=10000)
    units = v.as_int(units, "units", low=1, high=512)
    activation = v.choice(activation, "activation", _RNN_ACTIVATIONS)
    input_scale = v.as_number(input_scale, "input_scale", low=0)
    num_sequences = v.as_int(num_sequences, "num_sequences", low=1)
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    U = scale * _orthogonal(units, rng)
    phi, dphi = _phi(activation)
    inputs = rng.normal(scale=input_scale, size=(num_steps, num_sequences, units))
    h = np.zeros((num_sequences, units))
    J = np.broadcast_to(np.eye(units), (num_sequences, units, units)).copy()
    logs = np.zeros((num_steps + 1, num_sequences))
    # The product is kept normalised and its size summed in log scale, so nothing overflows.
    for t in range(num_steps):
        h = phi(inputs[t] + h @ U)
        J = (J @ U) * dphi(h)[:, None, :]
        size = np.sqrt((J**2).sum(axis=(1, 2)) / units)  # root-mean-square stretch over all directions
        with np.errstate(divide="ignore"):
            logs[t + 1] = logs[t] + np.log(size)
        J /= np.where(size > 0, size, 1.0)[:, None, None]
    return np.exp(logs.mean(axis=1))


# --------------------------------------------------------------------------- a long-range task


def make_first_token_task(
    n_samples: int, *, num_steps: int = 50, num_tokens: int = 2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of random tokens whose answer is the first token.

    Every step holds one of ``num_tokens`` tokens (1, 2, ...; 0 is left for
    padding), drawn at random, so the 49 tokens after the first look exactly
    like it: a model must keep the first one in memory through all of them.
    Guessing gives ``1 / num_tokens`` of the answers.

    Returns
    -------
    X : ndarray of shape (n_samples, num_steps), int64, values 1..num_tokens
    y : ndarray of shape (n_samples,), int64, values 0..num_tokens-1 (the first token minus 1)
    """
    n_samples = v.as_int(n_samples, "n_samples", low=1)
    num_steps = v.as_int(num_steps, "num_steps", low=1)
    num_tokens = v.as_int(num_tokens, "num_tokens", low=2)
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    X = rng.integers(1, num_tokens + 1, size=(n_samples, num_steps)).astype(np.int64)
    return X, X[:, 0] - 1


# --------------------------------------------------------------------------- embeddings in 2-D


def pca_2d(vectors) -> np.ndarray:
    """Project row vectors onto their two main directions (principal component analysis).

    Parameters
    ----------
    vectors : array of shape (n_words, dimensions), at least 2 rows and 2 columns

    Returns
    -------
    ndarray of shape (n_words, 2)
    """
    vectors = v.as_array(vectors, "vectors (one row per word)", ndim=2)
    if vectors.shape[0] < 2 or vectors.shape[1] < 2:
        raise ValueError(f"pca_2d needs at least 2 vectors of at least 2 numbers; got shape {vectors.shape}.")
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    out = centred @ vt[:2].T
    # A fixed sign for each axis, so the picture does not flip between runs.
    signs = np.sign(out[np.abs(out).argmax(axis=0), [0, 1]])
    return out * np.where(signs == 0, 1.0, signs)


# --------------------------------------------------------------------------- drawing helpers


def _tokens(tokens, name: str = "tokens") -> list[str]:
    if isinstance(tokens, str):
        raise TypeError(f"{name} should be a list of words, but it is one string: use tokenize(text).")
    if not isinstance(tokens, (list, tuple)) or not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"{name} should be a list of words (strings), but it is {v.describe(tokens)}.")
    if not tokens:
        raise ValueError(f"{name} is empty: give at least one word.")
    return list(tokens)


def _steps_arrays(tokens, hidden_states, probabilities) -> tuple[list[str], np.ndarray, np.ndarray]:
    tokens = _tokens(tokens)
    H = v.as_array(hidden_states, "hidden_states (steps x units)", ndim=(2, 3))
    if H.ndim == 3:
        if H.shape[0] != 1:
            raise ValueError(f"hidden_states should be one sentence's states, steps x units; got {H.shape}.")
        H = H[0]
    p = v.probabilities(probabilities, "probabilities (one per step)", ndim=1)
    if not len(tokens) == len(H) == len(p):
        raise ValueError(f"one word, one hidden state, one probability per step: got {len(tokens)} words, "
                         f"{len(H)} states and {len(p)} probabilities.")
    return tokens, H, p


def _strip_limit(H: np.ndarray) -> float:
    return max(float(np.abs(H).max()), 1e-6)


def _draw_steps(axes, max_steps: int, units: int) -> dict:
    ax_strip, ax_prob = axes
    strip = ax_strip.imshow(np.zeros((units, max_steps)), aspect="auto", cmap=_SIGN_CMAP, vmin=-1, vmax=1,
                            interpolation="nearest")
    ax_strip.set(ylabel="hidden unit", yticks=[])
    # No grid or frame lines around the strip: a frame draws the strip over them, a full redraw under them.
    ax_strip.grid(False)
    ax_strip.set_frame_on(False)
    ax_strip.set_title("hidden state h_t after each word (blue +, orange -)", fontsize=10)
    ax_prob.axhline(0.5, color="0.6", lw=1, ls="--")
    (line,) = ax_prob.plot([], [], "-o", color=_BLUE, ms=4)
    (dot,) = ax_prob.plot([], [], "o", color=_ORANGE, ms=9)
    ax_prob.set(ylim=(-0.03, 1.03), ylabel="P(positive)", xlim=(-0.5, max_steps - 0.5))
    return {"strip": strip, "line": line, "dot": dot, "ax_strip": ax_strip, "ax_prob": ax_prob}


def _set_sentence(artists: dict, tokens: list[str], max_steps: int) -> None:
    for ax in (artists["ax_strip"], artists["ax_prob"]):
        ax.set_xticks(range(len(tokens)))
        ax.set_xlim(-0.5, max_steps - 0.5)
    artists["ax_strip"].set_xticklabels([])
    artists["ax_prob"].set_xticklabels(tokens, rotation=45, ha="right", fontsize=9)


def _update_steps(artists: dict, H: np.ndarray, p: np.ndarray, step: int, max_steps: int) -> None:
    shown = np.full((H.shape[1], max_steps), np.nan)
    shown[:, :step] = (H[:step] / _strip_limit(H)).T
    artists["strip"].set_data(np.ma.masked_invalid(shown))
    artists["line"].set_data(np.arange(step), p[:step])
    artists["dot"].set_data([step - 1], [p[step - 1]])


def plot_hidden_states(tokens, hidden_states, probabilities, *, step: int | None = None, ax=None) -> Figure:
    """The hidden state after each word as a coloured strip, and the running prediction.

    Parameters
    ----------
    tokens : list of str, one per step
    hidden_states : array of shape (num_steps, units)
    probabilities : array of shape (num_steps,)
        P(positive) after each word.
    step : int, optional
        Show only the first ``step`` words (all by default).
    ax : a pair of matplotlib Axes (strip, probability), optional
    """
    tokens, H, p = _steps_arrays(tokens, hidden_states, probabilities)
    step = len(tokens) if step is None else v.as_int(step, "step", low=1, high=len(tokens))
    if ax is None:
        axes = axes_or_new(None, figsize=(7.5, 4.2), nrows=2, sharex=True)
    else:
        if not isinstance(ax, (list, tuple, np.ndarray)) or len(ax) != 2:
            raise TypeError(f"ax should be two matplotlib Axes (strip, probabilities), but it is {v.describe(ax)}.")
        axes = [v.axes(a) for a in ax]
    artists = _draw_steps(axes, len(tokens), H.shape[1])
    _set_sentence(artists, tokens, len(tokens))
    _update_steps(artists, H, p, step, len(tokens))
    if ax is None:
        axes[0].figure.tight_layout()
    return axes[0].figure


def plot_gradient_through_time(scales=(0.6, 0.9, 1.0, 1.2, 2.0), num_steps: int = 50, *,
                               activation: str = "tanh", ax=None) -> Figure:
    """Curves of :func:`gradient_through_time` for several scales of U, on a log scale."""
    scales = v.as_array(scales, "scales", ndim=1)
    if (scales <= 0).any():
        raise ValueError("every scale of U should be > 0.")
    num_steps = v.as_int(num_steps, "num_steps", low=1, high=10000)
    activation = v.choice(activation, "activation", _RNN_ACTIVATIONS)
    ax = axes_or_new(ax, figsize=(6.5, 4.0))
    colours = _SIGN_CMAP(np.linspace(0.05, 0.95, len(scales)))
    for colour, scale in zip(colours, scales, strict=True):
        ax.semilogy(gradient_through_time(float(scale), num_steps, activation=activation),
                    color=colour, lw=2, label=f"scale of U = {scale:g}")
    ax.set(xlabel="steps t", ylabel="size of dh_t / dh_0", title=f"Memory through time ({activation} RNN)")
    ax.legend(fontsize=9)
    return ax.figure


def _gates_arrays(tokens, states) -> tuple[list[str], dict[str, np.ndarray]]:
    tokens = _tokens(tokens)
    if isinstance(states, tuple) and hasattr(states, "_asdict"):
        states = states._asdict()
    if not isinstance(states, Mapping):
        raise TypeError("states should be what lstm_forward returns (or a dict with the arrays "
                        f"{', '.join(LSTM_PARTS)}), but it is {v.describe(states)}.")
    missing = [k for k in (*LSTM_PARTS, "c") if k not in states]
    if missing:
        raise ValueError(f"states lacks {missing}: pass what lstm_forward returns.")
    out = {}
    for key in (*LSTM_PARTS, "c"):
        array = v.as_array(states[key], f"states[{key!r}]", ndim=(2, 3))
        if array.ndim == 3:
            if array.shape[0] != 1:
                raise ValueError(f"states should be one sentence's (1 x steps x units); {key} has shape {array.shape}.")
            array = array[0]
        if len(array) != len(tokens):
            raise ValueError(f"{len(tokens)} words but {len(array)} steps in states[{key!r}].")
        out[key] = array
    return tokens, out


_GATE_COLOURS = {"forget_gate": "#7b3294", "input_gate": _BLUE, "candidate": "0.35", "output_gate": _ORANGE}


def _draw_gates(axes, units: int) -> dict:
    ax_cells, ax_lines = axes
    image = ax_cells.imshow(np.zeros((5, units)), aspect="auto", cmap=_SIGN_CMAP, vmin=-1, vmax=1,
                            interpolation="nearest")
    ax_cells.set_yticks(range(5), [_PART_NAMES[k] for k in LSTM_PARTS] + ["cell state c (scaled)"], fontsize=9)
    ax_cells.set_xlabel("unit")
    ax_cells.grid(False)
    ax_cells.set_frame_on(False)
    title = ax_cells.set_title(" ", fontsize=10)
    lines = {key: ax_lines.plot([], [], "-o", ms=3, color=_GATE_COLOURS[key], label=_PART_NAMES[key])[0]
             for key in LSTM_PARTS}
    ax_lines.set(ylim=(-1.05, 1.05), ylabel="mean over units")
    ax_lines.axhline(0, color="0.7", lw=0.8)
    # above the axes: the moving word marker never crosses it
    ax_lines.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, borderaxespad=0.2)
    marker = ax_lines.axvline(0, color="k", lw=6, alpha=0.15)
    return {"image": image, "title": title, "marker": marker, "lines": lines, "ax_lines": ax_lines}


def _set_gates_sentence(artists: dict, tokens: list[str], gates: dict[str, np.ndarray], max_steps: int) -> None:
    steps = np.arange(len(tokens))
    for key, line in artists["lines"].items():
        line.set_data(steps, gates[key].mean(axis=1))
    ax = artists["ax_lines"]
    ax.set_xticks(steps, tokens, rotation=45, ha="right", fontsize=9)
    ax.set_xlim(-0.5, max_steps - 0.5)


def _update_gates(artists: dict, tokens: list[str], gates: dict[str, np.ndarray], step: int) -> None:
    c = gates["c"]
    rows = [gates[k][step] for k in LSTM_PARTS] + [c[step] / max(float(np.abs(c).max()), 1e-6)]
    artists["image"].set_data(np.vstack(rows))
    artists["title"].set_text(f"word {step + 1}: {tokens[step]!r}")
    artists["marker"].set_xdata([step, step])


def plot_lstm_gates(tokens, states, *, step: int = 0, ax=None) -> Figure:
    """The LSTM's four parts and its cell state at one word, and their means along the sentence.

    Parameters
    ----------
    tokens : list of str
    states : LSTMStates for one sentence (what :func:`lstm_forward` returns for one row)
    step : int
        The word to show, counting from 0.
    ax : a pair of matplotlib Axes, optional
    """
    tokens, gates = _gates_arrays(tokens, states)
    step = v.as_int(step, "step", low=0, high=len(tokens) - 1)
    if ax is None:
        axes = axes_or_new(None, figsize=(9.5, 3.6), ncols=2)
    else:
        if not isinstance(ax, (list, tuple, np.ndarray)) or len(ax) != 2:
            raise TypeError(f"ax should be two matplotlib Axes, but it is {v.describe(ax)}.")
        axes = [v.axes(a) for a in ax]
    artists = _draw_gates(axes, gates["c"].shape[1])
    _set_gates_sentence(artists, tokens, gates, len(tokens))
    _update_gates(artists, tokens, gates, step)
    if ax is None:
        axes[0].figure.tight_layout()
    return axes[0].figure


def _embedding_arrays(vectors, words, scores) -> tuple[np.ndarray, list[str], np.ndarray]:
    vectors = v.as_array(vectors, "vectors (one row per word)", ndim=2)
    words = _tokens(words, "words")
    if len(words) != len(vectors):
        raise ValueError(f"{len(words)} words but {len(vectors)} vectors: one vector per word.")
    scores = np.zeros(len(words)) if scores is None else v.as_array(scores, "scores (one per word)",
                                                                  shape=(len(words),))
    return vectors, words, scores


def _score_colours(scores: np.ndarray) -> np.ndarray:
    limit = max(float(np.abs(scores).max()), 1e-9)
    return _SIGN_CMAP(0.5 + 0.5 * np.clip(scores / limit, -1, 1))


def plot_embeddings(vectors, words, scores=None, *, num_labels: int = 30, ax=None) -> Figure:
    """Word vectors in 2-D (PCA), coloured by a score (blue positive, orange negative).

    Parameters
    ----------
    vectors : array of shape (n_words, dimensions)
    words : list of n_words str (most frequent first)
    scores : array of shape (n_words,), optional
        E.g. each word's weight in the bag-of-words model.
    num_labels : int
        Write the first ``num_labels`` words next to their points.
    """
    vectors, words, scores = _embedding_arrays(vectors, words, scores)
    num_labels = v.as_int(num_labels, "num_labels", low=0)
    points = pca_2d(vectors)
    ax = axes_or_new(ax, figsize=(6.5, 5.0))
    ax.scatter(points[:, 0], points[:, 1], s=16, c=_score_colours(scores), edgecolors="0.55", linewidths=0.4)
    for k in range(min(num_labels, len(words))):
        ax.annotate(words[k], points[k], fontsize=8, xytext=(3, 2), textcoords="offset points")
    ax.set(xlabel="first principal direction", ylabel="second principal direction",
           title="Word embeddings in 2-D (PCA)")
    return ax.figure


# --------------------------------------------------------------------------- demos


def _default_sentences() -> tuple[list[list[str]], list[np.ndarray], list[np.ndarray]]:
    """A small hand-made RNN that adds up word polarities, for the demo without a trained model."""
    sentences = ["the movie is not good", "what a horrible film", "the movie is fantastic",
                 "good actors but a boring script"]
    polarity = {"good": 1.0, "fantastic": 1.5, "horrible": -1.5, "boring": -1.0, "not": -0.6, "but": 0.0}
    rng = np.random.default_rng(0)
    units = 8
    U = 0.8 * _orthogonal(units, rng)
    direction = rng.normal(size=units)
    words, states, probs = [], [], []
    for text in sentences:
        tokens = tokenize(text)
        X = np.array([[polarity.get(t, 0.0)] for t in tokens])[None]
        H = rnn_forward(X, direction[None, :] * 0.8, U, np.zeros(units))[0]
        score = np.cumsum([polarity.get(t, 0.0) for t in tokens])
        words.append(tokens)
        states.append(H)
        probs.append(sigmoid(2.0 * score))
    return words, states, probs


def _sentence_lists(sentences, hidden_states, probabilities):
    if sentences is None and hidden_states is None and probabilities is None:
        return _default_sentences()
    for name, value in (("sentences", sentences), ("hidden_states", hidden_states),
                        ("probabilities", probabilities)):
        if not isinstance(value, (list, tuple)) or not value:
            raise TypeError(f"{name} should be a non-empty list, one entry per sentence, but it is {v.describe(value)}.")
    if not len(sentences) == len(hidden_states) == len(probabilities):
        raise ValueError(f"one entry per sentence in each list: got {len(sentences)} sentences, "
                         f"{len(hidden_states)} hidden states and {len(probabilities)} probability lists.")
    out = [_steps_arrays(*entry) for entry in zip(sentences, hidden_states, probabilities, strict=True)]
    return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]


def _label(tokens: list[str], limit: int = 40) -> str:
    text = " ".join(tokens)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _steps_follow_sentence(sentence: widgets.Dropdown, steps: widgets.IntSlider, words: list[list[str]],
                           holder: dict) -> None:
    """The step slider spans the chosen sentence's words, so every position of it shows something new.

    Registered before the demo's own observer, so the range is set before the redraw.
    A slider at the end of one sentence moves to the end of the next one.
    """
    def on_sentence(change: dict) -> None:
        length = len(words[change["new"]])
        at_end = steps.value >= steps.max
        with holder["demo"].holding():
            if length > steps.max:
                steps.max = length
            value = length if at_end else min(steps.value, length)
            steps.value = value
            steps.max = max(length, steps.min)
            steps.disabled = length < 2

    sentence.observe(on_sentence, names="value")


def demo_step_through(sentences=None, hidden_states=None, probabilities=None) -> SliderDemo:
    """Step through a sentence word by word: the hidden state as a strip, the running prediction.

    Parameters
    ----------
    sentences : list of list of str, optional
        The words of each sentence.
    hidden_states : list of arrays of shape (num_steps, units)
    probabilities : list of arrays of shape (num_steps,)
        P(positive) after each word.

    Without arguments, a small RNN with hand-set weights (it adds up word
    polarities) is shown.
    """
    words, states, probs = _sentence_lists(sentences, hidden_states, probabilities)
    max_steps = max(len(t) for t in words)
    units = states[0].shape[1]
    if any(H.shape[1] != units for H in states):
        raise ValueError("every sentence's hidden states need the same number of units.")
    live = LiveFigure(2, 1, figsize=(7.5, 4.2), sharex=True)
    artists = _draw_steps(live.axes, max_steps, units)
    live.figure.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.24, hspace=0.12)
    live.animate(artists["strip"], artists["line"], artists["dot"])
    readout = Readout()
    labels = [_label(t) for t in words]
    controls = {
        "sentence": dropdown("sentence", [(label, i) for i, label in enumerate(labels)], 0),
        "step": slider("words read", 1, max(len(words[0]), 1), 1, len(words[0])),
    }
    holder: dict[str, SliderDemo] = {}
    _steps_follow_sentence(controls["sentence"], controls["step"], words, holder)
    shown = {"sentence": None}

    def update(sentence: int, step: int) -> None:
        tokens, H, p = words[sentence], states[sentence], probs[sentence]
        step = min(step, len(tokens))
        if shown["sentence"] != sentence:  # another sentence: its words on the axis, drawn once
            _set_sentence(artists, tokens, max_steps)
            shown["sentence"] = sentence
        live.use_background(sentence)  # each sentence's words on the axis: drawn once
        _update_steps(artists, H, p, step, max_steps)
        verdict = "positive" if p[step - 1] >= 0.5 else "negative"
        readout.show(f"after <b>{' '.join(tokens[:step])}</b>: P(positive) = {p[step - 1]:.3f} ({verdict})"
                     + ("" if step == len(tokens) else f" &nbsp;&middot;&nbsp; {len(tokens) - step} word(s) to go"))

    holder["demo"] = SliderDemo(controls, update, figure=live, readout=readout,
                                title="An RNN reads a sentence word by word")
    return holder["demo"]


_FADING_SCALES = np.round(np.arange(0.5, 2.5001, 0.05), 2)


def demo_memory_fading(num_steps: int = 50) -> SliderDemo:
    """Sliders for the scale of U and a step t: how much of the first word is left at step t."""
    num_steps = v.as_int(num_steps, "num_steps", low=2, high=500)
    curves = {float(s): gradient_through_time(float(s), num_steps) for s in _FADING_SCALES}
    steps = np.arange(num_steps + 1)
    live = LiveFigure(figsize=(6.5, 3.8))
    ax = live.axes
    for s in (0.5, 1.0, 1.5, 2.0, 2.5):
        ax.semilogy(steps, curves[s], color="0.8", lw=1)
        ax.annotate(f"{s:g}", (num_steps, curves[s][-1]), fontsize=8, color="0.5", xytext=(2, 0),
                    textcoords="offset points")
    low = min(float(np.nanmin(c[c > 0])) for c in curves.values())
    high = max(float(np.nanmax(c)) for c in curves.values())
    ax.set(ylim=(low / 3, high * 3), xlim=(0, num_steps * 1.06), xlabel="steps t after the first word",
           ylabel="what is left of the first word")
    ax.axhline(1.0, color="0.6", lw=0.8, ls="--")
    (curve,) = ax.plot(steps, curves[1.0], color=_BLUE, lw=2.5)
    (dot,) = ax.plot([num_steps], [curves[1.0][-1]], "o", color=_ORANGE, ms=9)
    title = ax.set_title(" ", fontsize=10)
    live.figure.tight_layout()
    live.animate(curve, dot, title)
    readout = Readout()

    def update(scale: float, step: int) -> None:
        key = float(np.round(min(_FADING_SCALES, key=lambda s: abs(s - scale)), 2))
        values = curves[key]
        curve.set_ydata(values)
        dot.set_data([step], [values[step]])
        title.set_text(f"scale of U = {key:.2f}: dh_t/dh_0 after t steps (tanh RNN)")
        readout.table({"scale of U": key, "step t": step, "left of the first word": float(values[step])}, digits=3)

    controls = {
        "scale": slider("scale of U", 0.5, 2.5, 0.05, 1.0),
        "step": slider("step t", 1, num_steps, 1, num_steps),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Memory that fades")


def _gates_lists(sentences, states):
    if sentences is None and states is None:
        rng = np.random.default_rng(1)
        units, n_in = 8, 4
        W = rng.normal(scale=0.6, size=(n_in, 4 * units))
        U = rng.normal(scale=0.3, size=(units, 4 * units))
        b = np.r_[np.zeros(units), np.full(units, 1.0), np.zeros(2 * units)]
        tokens = tokenize("the film is not good but the actors are great")
        words = sorted(set(tokens))
        table = rng.normal(size=(len(words), n_in))
        X = np.array([table[words.index(t)] for t in tokens])[None]
        sentences, states = [tokens], [lstm_forward(X, W, U, b)]
    elif not isinstance(sentences, (list, tuple)) or not sentences:
        raise TypeError(f"sentences should be a non-empty list of word lists, but it is {v.describe(sentences)}.")
    elif not isinstance(states, (list, tuple)) or len(states) != len(sentences):
        raise TypeError(f"states should be a list with one lstm_forward result per sentence, but it is "
                        f"{v.describe(states)}.")
    out = [_gates_arrays(t, s) for t, s in zip(sentences, states, strict=True)]
    return [o[0] for o in out], [o[1] for o in out]


def demo_lstm_gates(sentences=None, states=None) -> SliderDemo:
    """The LSTM's gates on a sentence, word by word.

    Parameters
    ----------
    sentences : list of list of str, optional
    states : list of LSTMStates, one per sentence (:func:`lstm_forward` on that sentence alone)

    Without arguments, an untrained LSTM with random weights is shown.
    """
    words, gates = _gates_lists(sentences, states)
    units = gates[0]["c"].shape[1]
    if any(g["c"].shape[1] != units for g in gates):
        raise ValueError("every sentence's states need the same number of units.")
    max_steps = max(len(t) for t in words)
    live = LiveFigure(1, 2, figsize=(9.5, 3.8))
    artists = _draw_gates(live.axes, units)
    live.figure.subplots_adjust(left=0.17, right=0.98, bottom=0.27, top=0.82, wspace=0.25)
    live.animate(artists["image"], artists["title"], artists["marker"])
    readout = Readout()
    labels = [_label(t) for t in words]
    shown = {"sentence": None}

    def update(sentence: int, word: int) -> None:
        tokens, g = words[sentence], gates[sentence]
        if shown["sentence"] != sentence:  # another sentence: its curves and words, drawn once
            _set_gates_sentence(artists, tokens, g, max_steps)
            shown["sentence"] = sentence
        live.use_background(sentence)
        step = min(word, len(tokens)) - 1
        _update_gates(artists, tokens, g, step)
        readout.table({"word": tokens[step], "forget f": float(g["forget_gate"][step].mean()),
                       "input i": float(g["input_gate"][step].mean()),
                       "output o": float(g["output_gate"][step].mean()),
                       "candidate g": float(g["candidate"][step].mean())}, digits=2)

    controls = {
        "sentence": dropdown("sentence", [(label, i) for i, label in enumerate(labels)], 0),
        "word": slider("word", 1, max(len(words[0]), 1), 1, 1),
    }
    holder: dict[str, SliderDemo] = {}
    _steps_follow_sentence(controls["sentence"], controls["word"], words, holder)
    holder["demo"] = SliderDemo(controls, update, figure=live, readout=readout, title="Inside the LSTM, word by word")
    return holder["demo"]


class _Debouncer:
    """Call ``action`` once typing pauses for ``wait_s`` (in a running event loop; else at once).

    In a Jupyter kernel, widget messages are handled inside its asyncio event
    loop, so each keystroke only (re)starts a timer, and the prediction runs
    once, ``wait_s`` after the last keystroke. Outside an event loop (tests,
    plain Python) the action runs immediately.
    """

    def __init__(self, wait_s: float, action: Callable[[], None]) -> None:
        self.wait_s = wait_s
        self.action = action
        self._handle: asyncio.TimerHandle | None = None
        self.last_call = 0.0  # time.perf_counter() of the last keystroke
        self.last_fired = 0.0  # ... and of the last time the action started

    def __call__(self) -> None:
        self.last_call = time.perf_counter()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.wait_s <= 0:
            self.last_fired = self.last_call
            self.action()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.wait_s, self._fire)

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def _fire(self) -> None:
        self._handle = None
        self.last_fired = time.perf_counter()
        self.action()

    def flush(self) -> None:
        """Run a pending action now."""
        if self._handle is not None:
            self._handle.cancel()
            self._fire()


class _ReviewDemo(SliderDemo):
    """A SliderDemo whose text box redraws through a debouncer; other controls redraw at once."""

    def __init__(self, *args: Any, text_control: str, debounce_s: float, **kwargs: Any) -> None:
        self._text_control = text_control
        self.debouncer = _Debouncer(debounce_s, self.redraw)
        super().__init__(*args, **kwargs)

    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        if change.get("owner") is self.controls[self._text_control]:
            self.debouncer()
        else:
            self.redraw()


def _predict_fn(predict) -> Callable[[list[str]], np.ndarray]:
    predict = v.function(predict, "predict")

    def checked(texts: list[str]) -> np.ndarray:
        p = np.asarray(predict(texts), dtype=float).reshape(-1)
        if p.shape != (len(texts),):
            raise ValueError(f"predict should return one probability per text; for {len(texts)} text(s) "
                             f"it returned {p.size} numbers.")
        if not np.isfinite(p).all() or p.min() < 0 or p.max() > 1:
            raise ValueError("predict should return probabilities between 0 and 1 (apply the sigmoid to logits).")
        return p

    return checked


_DEFAULT_EXAMPLES = ("The movie is fantastic.", "What a horrible film.",
                     "This movie is not good, it is bad.", "This movie is not bad, it is good.")


def _toy_predict(texts: list[str]) -> np.ndarray:
    scores = {"good": 1, "fantastic": 2, "great": 2, "fun": 1, "bad": -1, "horrible": -2, "boring": -1,
              "dull": -1}
    return np.array([sigmoid(0.8 * sum(scores.get(w, 0) for w in tokenize(t))) for t in texts], dtype=float)


def demo_write_review(predict=None, *, examples=_DEFAULT_EXAMPLES, debounce_ms: float = 50.0) -> SliderDemo:
    """Write your own review: the model's P(positive) updates as you type.

    Parameters
    ----------
    predict : callable, optional
        ``predict(list_of_texts) -> probabilities``, one P(positive) per text:
        a plain function around your model (Keras or PyTorch alike). Without it,
        a word-counting toy is used.
    examples : sequence of str
        Reviews to start from (a dropdown fills the box with one).
    debounce_ms : float
        Wait this long after the last keystroke before predicting (0: at every keystroke).
    """
    predict = _toy_predict if predict is None else predict
    predict = _predict_fn(predict)
    if isinstance(examples, str) or not isinstance(examples, (list, tuple)) or not examples:
        raise TypeError(f"examples should be a non-empty list of reviews, but it is {v.describe(examples)}.")
    examples = [v.as_str(e, "each example") for e in examples]
    debounce_ms = v.as_number(debounce_ms, "debounce_ms", low=0, high=1000)

    live, bar, number = _probability_bar()
    readout = Readout()
    box = widgets.Text(value=examples[0], placeholder="Type a movie review ...", continuous_update=True,
                       description="your review", style={"description_width": "initial"},
                       layout=widgets.Layout(width="620px"))
    controls = {"example": dropdown("start from", [(e, i) for i, e in enumerate(examples)], 0), "review": box}
    current = {"example": 0, "demo": None}

    def update(example: int, review: str) -> None:
        if example != current["example"]:  # another example chosen: it goes into the box
            current["example"] = example
            if review != examples[example]:
                with current["demo"].holding():  # this change of the box is not typing: no second redraw
                    box.value = examples[example]
                review = examples[example]
        start = time.perf_counter()
        if not review.strip():
            _set_bar(bar, number, None)
            readout.show("Type a review to see the model's verdict.")
            return
        p = float(predict([review])[0])
        _set_bar(bar, number, p)
        demo_timing["predict_ms"] = 1000 * (time.perf_counter() - start)
        readout.show(f"P(positive) = <b>{p:.3f}</b> ({'positive' if p >= 0.5 else 'negative'}); "
                     f"{len(tokenize(review))} word(s) read")

    demo_timing: dict[str, float] = {"predict_ms": 0.0}
    demo = _ReviewDemo(controls, update, figure=live, readout=readout, title="Write your own review",
                       text_control="review", debounce_s=debounce_ms / 1000.0)
    current["demo"] = demo
    demo.timing = demo_timing
    return demo


def explore_reviews(texts, labels, probabilities, *, title: str | None = None) -> SliderDemo:
    """A slider over reviews with their true label and the predicted P(positive).

    The text counterpart of ``cu.training.explore_predictions``: the switch
    above the slider steps through all reviews or only the mistakes.

    Parameters
    ----------
    texts : list of str
    labels : array of shape (n_reviews,), 1 positive, 0 negative
    probabilities : array of shape (n_reviews,)
        Predicted P(positive).
    title : str, optional
    """
    from .training import mistakes

    texts = _texts(texts)
    labels = v.labels(labels, "labels", num_classes=2)
    p = v.probabilities(probabilities, "probabilities (P(positive), one per review)", ndim=1)
    if not len(texts) == len(labels) == len(p):
        raise ValueError(f"one label and one probability per review: got {len(texts)} texts, {len(labels)} labels "
                         f"and {len(p)} probabilities.")
    if title is not None:
        v.as_str(title, "title")
    wrong = mistakes(labels, np.c_[1 - p, p])
    live, bar, number = _probability_bar()
    readout = Readout(lines=3)
    show = widgets.ToggleButtons(options=[("all reviews", "all"), (f"only the mistakes ({len(wrong)})", "mistakes")],
                                 value="all", description="show", style={"description_width": "initial"})
    index = slider("review", 0, max(len(texts) - 1, 1), 1, 0)
    chosen = {"indices": np.arange(len(texts))}
    holder: dict[str, SliderDemo] = {}

    def on_show(change: dict) -> None:  # registered first: the slider's range is set before the redraw
        chosen["indices"] = wrong if change["new"] == "mistakes" else np.arange(len(texts))
        with holder["demo"].holding():
            index.value = 0
            index.max = max(len(chosen["indices"]) - 1, 1)
            index.description = "mistake" if change["new"] == "mistakes" else "review"

    show.observe(on_show, names="value")

    def update(show: str, index: int) -> None:
        indices = chosen["indices"]
        if len(indices) == 0:
            _set_bar(bar, number, None)
            readout.show("No mistakes at all: every review is predicted right.")
            return
        position = min(index, len(indices) - 1)
        i = int(indices[position])
        _set_bar(bar, number, float(p[i]))
        predicted = int(p[i] >= 0.5)
        names = ("negative", "positive")
        where = f"mistake {position + 1} of {len(indices)}" if show == "mistakes" else f"review {i} of {len(texts)}"
        verdict = "right" if predicted == labels[i] else "wrong"
        readout.show(f"{where}: <i>{_html(texts[i])}</i><br>true label <b>{names[labels[i]]}</b> &middot; "
                     f"predicted <b>{names[predicted]}</b> (P(positive) = {p[i]:.2f}), {verdict}")

    demo = SliderDemo({"show": show, "index": index}, update, figure=live, readout=readout,
                      title=title or "Reviews and the model's verdict")
    holder["demo"] = demo
    return demo


def _probability_bar():
    """One horizontal bar for P(positive), drawn once; its width and colour change."""
    live = LiveFigure(figsize=(6.5, 1.5))
    ax = live.axes
    ax.set(xlim=(0, 1), ylim=(-0.6, 0.6), yticks=[])
    ax.axvline(0.5, color="0.5", lw=1, ls="--")
    ax.set_xlabel("P(positive): orange = negative, blue = positive")
    ax.grid(False)
    (bar,) = ax.barh([0], [0.5], height=0.7, color=_BLUE)
    number = ax.text(0.02, 0, "", va="center", fontsize=11, fontweight="bold", color="white")
    live.figure.subplots_adjust(left=0.04, right=0.97, bottom=0.4, top=0.95)
    live.animate(bar, number)
    return live, bar, number


def _set_bar(bar, number, p: float | None) -> None:
    if p is None:
        bar.set_width(0.0)
        number.set_text("")
        return
    bar.set_width(p)
    bar.set_color(_BLUE if p >= 0.5 else _ORANGE)
    number.set_text(f"{p:.2f}")


def demo_embeddings(vectors=None, words=None, scores=None, *, neighbours: int = 6) -> SliderDemo:
    """Learned word embeddings in 2-D (PCA), positive and negative words coloured.

    A slider sets how many words (most frequent first) are shown; a dropdown
    picks a word whose nearest neighbours (by cosine similarity, in all
    dimensions, not only the two drawn) are listed and ringed.

    Parameters
    ----------
    vectors : array of shape (n_words, dimensions), optional
    words : list of n_words str, most frequent first
    scores : array of shape (n_words,), optional
        Colours: blue for positive, orange for negative (e.g. the bag-of-words weights).
    neighbours : int
    """
    if vectors is None and words is None and scores is None:
        rng = np.random.default_rng(0)
        words = ["good", "great", "fun", "bad", "boring", "dull", "film", "movie", "actor", "plot", "the", "a"]
        scores = np.array([1, 1.5, 0.8, -1, -1.2, -0.9, 0, 0, 0, 0, 0, 0], dtype=float)
        vectors = np.c_[scores, rng.normal(scale=0.4, size=(len(words), 3))]
    vectors, words, scores = _embedding_arrays(vectors, words, scores)
    neighbours = v.as_int(neighbours, "neighbours", low=1)
    if len(words) < 3:
        raise ValueError("demo_embeddings needs at least 3 words.")
    points = pca_2d(vectors)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    colours = _score_colours(scores)
    live = LiveFigure(figsize=(6.5, 5.0))
    ax = live.axes
    pad = 0.08 * (points.max(axis=0) - points.min(axis=0) + 1e-9)
    ax.set(xlim=(points[:, 0].min() - pad[0], points[:, 0].max() + pad[0]),
           ylim=(points[:, 1].min() - pad[1], points[:, 1].max() + pad[1]),
           xlabel="first principal direction", ylabel="second principal direction")
    ax.set_title("Word embeddings in 2-D (PCA): blue positive, orange negative", fontsize=10)
    dots = ax.scatter(points[:, 0], points[:, 1], s=18, c=colours, edgecolors="0.55", linewidths=0.4)
    rings = ax.scatter([], [], s=90, facecolors="none", edgecolors="k", linewidths=1.2)
    max_labels = 25
    labels = [ax.text(0, 0, "", fontsize=8) for _ in range(max_labels + neighbours + 1)]
    live.figure.tight_layout()
    live.animate(dots, rings, *labels)
    readout = Readout(lines=2)
    choices = [w for w in words[: min(len(words), 60)]]

    def update(num_words: int, word: str) -> None:
        dots.set_offsets(points[:num_words])
        dots.set_facecolors(colours[:num_words])
        k = words.index(word)
        similarity = unit @ unit[k]
        similarity[k] = -np.inf
        near = np.argsort(similarity)[::-1][:neighbours]
        rings.set_offsets(points[np.r_[k, near]])
        shown = list(range(min(num_words, max_labels)))
        shown += [int(j) for j in np.r_[k, near] if j not in shown]
        for label, j in zip(labels, shown + [None] * (len(labels) - len(shown)), strict=False):
            if j is None:
                label.set_text("")
                continue
            label.set_text(words[j])
            label.set_position(points[j] + pad * 0.15)
            label.set_fontweight("bold" if j == k else "normal")
        readout.show(f"nearest to <b>{word}</b>: " + ", ".join(
            f"{words[j]} ({similarity[j]:.2f})" for j in near))

    controls = {
        "num_words": slider("words shown", min(3, len(words)), len(words), 1, min(len(words), 200)),
        "word": dropdown("neighbours of", choices, choices[0]),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Word embeddings in 2-D")


# --------------------------------------------------------------------------- exercises

_EXERCISE_VOCABULARY = ["", "[UNK]", "the", "movie", "not", "good", "bad", "is", "a"]


@exercise("08-1", hints=(
    "Each word becomes its position in the vocabulary list; the list starts with padding and the unknown word.",
    "Tokenize first (lower case, no punctuation): 'Not good, not BAD! A fine movie.' is the words not, good, "
    "not, bad, a, fine, movie. A word the vocabulary lacks is 1, and the row is filled up with 0 at the end "
    "to length 10.",
    "Look up each word with vocabulary.index(word) (1 if it is missing), then append 0 until there are 10 "
    "numbers; cu.sequences.encode_texts([review], vocabulary, length=10)[0] does the same.",
))
def _check_08_1(answer) -> CheckResult:
    expected = encode_texts(["Not good, not BAD! A fine movie."], _EXERCISE_VOCABULARY, length=10)[0]
    return check_array(answer, expected, name="your encoded review",
                       hint="check the unknown word (1) and the padding (0) at the end.")


def _rnn_step_reference(x_t, h_prev, W, U, b):
    return np.tanh(np.asarray(x_t) @ W + np.asarray(h_prev) @ U + b)


@exercise("08-2", hints=(
    "One step mixes the new input with the old memory, then squashes the sum.",
    "With rows as samples: x_t @ W takes the input (n_in -> units), h_prev @ U the memory (units -> units); "
    "add b, then apply tanh.",
    "return np.tanh(x_t @ W + h_prev @ U + b)",
))
def _check_08_2(answer) -> CheckResult:
    rng = np.random.default_rng(8)
    cases = []
    for n, n_in, units in ((1, 3, 2), (4, 5, 3), (2, 1, 6)):
        x_t, h_prev = rng.normal(size=(n, n_in)), rng.normal(size=(n, units))
        W, U, b = rng.normal(size=(n_in, units)), rng.normal(size=(units, units)), rng.normal(size=units)
        cases.append(((x_t, h_prev, W, U, b), _rnn_step_reference(x_t, h_prev, W, U, b)))
    return check_function(answer, cases, name="your rnn_step",
                          hint="is W applied to the input and U to the previous state, both from the right?")


@exercise("08-3", hints=(
    "An LSTM has four parts (three gates and the candidate), and each has its own weights.",
    "Each part has an input kernel (inputs x units) and a recurrent kernel (units x units); leave the "
    "biases out.",
    "4 x (16 x 32 + 32 x 32).",
))
def _check_08_3(answer) -> CheckResult:
    return check_number(answer, 4 * (16 * 32 + 32 * 32), name="the number of weights",
                        hint="did you count all four parts, and the recurrent kernel of each?", rtol=0, atol=0)


@exercise("08-4", hints=(
    "Each step multiplies what is left of the first state by the same stretch.",
    "Without tanh, dh_t/dh_0 is U multiplied by itself t times; a U that stretches every direction by 0.9 "
    "turns into 0.9 x 0.9 x ... (t factors).",
    "0.9 ** 50; cu.sequences.gradient_through_time(0.9, 50, activation='linear')[-1] measures it.",
))
def _check_08_4(answer) -> CheckResult:
    return check_number(answer, 0.9**50, name="what is left after 50 steps", rtol=1e-3,
                        hint="one factor of 0.9 per step, 50 steps: a small number.")


def _count_parameters(model) -> int | None:
    if hasattr(model, "count_params") and callable(model.count_params):
        try:
            return int(model.count_params())
        except Exception:  # noqa: BLE001 - an unbuilt Keras model says so; reported as a sentence
            return None
    if hasattr(model, "parameters") and callable(model.parameters):
        return int(sum(p.numel() for p in model.parameters()))
    return None


_GRU_VOCABULARY, _GRU_EMBEDDING, _GRU_UNITS = 10000, 32, 32


def _gru_parameters(bidirectional: bool) -> int:
    gru = 3 * (_GRU_EMBEDDING * _GRU_UNITS + _GRU_UNITS * _GRU_UNITS + 2 * _GRU_UNITS)
    directions = 2 if bidirectional else 1
    return _GRU_VOCABULARY * _GRU_EMBEDDING + directions * gru + 2 * (directions * _GRU_UNITS + 1)


@exercise("08-5", hints=(
    "Keep the sentiment model as it is and change only the recurrent layer.",
    "A GRU layer with 32 units read in both directions: Keras wraps it, Bidirectional(GRU(32)); PyTorch "
    "sets nn.GRU(32, 32, batch_first=True, bidirectional=True) and the output layer then reads 2 x 32 numbers.",
    f"Embedding({_GRU_VOCABULARY}, {_GRU_EMBEDDING}), a bidirectional GRU with {_GRU_UNITS} units, two "
    f"outputs: {_gru_parameters(True):,} parameters in all (Keras' GRU and PyTorch's both keep two bias "
    "vectors per gate).",
))
def _check_08_5(answer) -> CheckResult:
    count = _count_parameters(answer)
    if count is None:
        return CheckResult(False, "Not yet. answer should be your model (a built Keras model or a PyTorch "
                                  f"nn.Module), but it is {v.describe(answer)}.")
    bidirectional, single = _gru_parameters(True), _gru_parameters(False)
    if count == bidirectional:
        return CheckResult(True, f"Correct! {count:,} parameters: an embedding, a GRU read both ways, two outputs.")
    if count == single:
        return CheckResult(False, f"Not yet. {count:,} parameters is a GRU read in one direction only: "
                                  "make it bidirectional.")
    return CheckResult(False, f"Not yet. Your model has {count:,} parameters; the one asked for has "
                              f"{bidirectional:,}. Check the embedding size, the units and the output layer.")



# --------------------------------------------------------------------------- notebook 10: attention
# The attention code lives in its own module; cu.sequences serves 08 and 10 (one namespace on the front door).
from ._attention import (  # noqa: E402
    AttentionResult,
    attention,
    causal_mask,
    count_transformer_parameters,
    demo_attention_heads,
    demo_positional_encoding,
    demo_soft_lookup,
    make_reversal_task,
    mirrored_fraction,
    multi_head_attention,
    plot_attention,
    plot_positional_encoding,
    positional_encoding,
)

__all__ += [
    "AttentionResult",
    "attention",
    "multi_head_attention",
    "positional_encoding",
    "causal_mask",
    "count_transformer_parameters",
    "make_reversal_task",
    "mirrored_fraction",
    "plot_attention",
    "plot_positional_encoding",
    "demo_soft_lookup",
    "demo_attention_heads",
    "demo_positional_encoding",
]
