"""Attention by hand, for notebook 10 (self-attention and a small transformer).

Public through :mod:`course_utils.sequences` (``cu.sequences.attention``, ...),
which serves notebooks 08 and 10. Everything here is NumPy, matplotlib and
ipywidgets: the Keras and the PyTorch twin call the same functions with arrays.

* Attention as a soft lookup: :func:`attention` (scaled dot products, a
  softmax with a temperature, the weighted sum of the values).
* Several heads with their projections, in the course's layout (rows are
  samples, every ``W`` is inputs x outputs): :func:`multi_head_attention`.
* Position: :func:`positional_encoding` (the sines and cosines of "Attention
  is all you need"); :func:`causal_mask` for a model that may look back only.
* Counting: :func:`count_transformer_parameters`.
* A task where attention can be seen working: :func:`make_reversal_task`
  and :func:`mirrored_fraction`.
* Pictures and demos: :func:`plot_attention`, :func:`plot_positional_encoding`,
  :func:`demo_soft_lookup`, :func:`demo_attention_heads`,
  :func:`demo_positional_encoding`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from .checks import CheckResult, check_array, check_function, check_number, exercise
from .widgets import BLUE as _BLUE
from .widgets import ORANGE as _ORANGE
from .widgets import LiveFigure, Readout, SliderDemo, axes_or_new, dropdown, slider

__all__ = [
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


class AttentionResult(NamedTuple):
    """What :func:`attention` and :func:`multi_head_attention` return."""

    output: np.ndarray  #: the answers, one row per query
    weights: np.ndarray  #: the attention weights, (..., n_queries, n_keys), each row sums to 1


# --------------------------------------------------------------------------- attention by hand


def _softmax_rows(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _mask(mask, shape: tuple[int, ...]) -> np.ndarray | None:
    if mask is None:
        return None
    m = v.as_array(mask, "mask (True where a query may look at a key)")
    if not np.isin(m, (0, 1)).all():
        raise ValueError("mask should hold True/False (or 1/0): True where a query may look at a key.")
    m = m.astype(bool)
    try:
        m = np.broadcast_to(m, shape)
    except ValueError:
        raise ValueError(f"mask has shape {m.shape}, which does not fit the scores' shape {shape} "
                         "(n_queries x n_keys, or broadcastable to it).") from None
    if not m.any(axis=-1).all():
        raise ValueError("mask leaves a query with no key at all to look at: every row needs one True.")
    return m


def attention(Q, K, V, *, mask=None, temperature: float = 1.0, scale: bool = True) -> AttentionResult:
    """Scaled dot-product attention: ``softmax(Q K^T / sqrt(d) / T) V``.

    Each query (a row of ``Q``) is compared with every key (a row of ``K``) by
    a dot product; the scores of one query, divided by sqrt(d) (``d`` the
    length of a key) and by the temperature, go through a softmax; the answer
    is the weighted sum of the values (the rows of ``V``).

    Parameters
    ----------
    Q : array of shape (..., n_queries, d)
    K : array of shape (..., n_keys, d)
    V : array of shape (..., n_keys, d_v)
    mask : bool array broadcastable to (..., n_queries, n_keys), optional
        True where a query may look at a key; the others get weight 0.
    temperature : float, > 0
        As in notebook 02's softmax: low sharpens the weights, high flattens them.
    scale : bool
        Divide the scores by sqrt(d) (the transformer does; ``False`` shows why).

    Returns
    -------
    AttentionResult
        ``output`` of shape (..., n_queries, d_v), ``weights`` of shape (..., n_queries, n_keys).
    """
    Q = v.as_array(Q, "Q (the queries, one per row)", ndim=(1, 2, 3, 4))
    K = v.as_array(K, "K (the keys, one per row)", ndim=(2, 3, 4))
    V = v.as_array(V, "V (the values, one row per key)", ndim=(2, 3, 4))
    temperature = v.as_number(temperature, "temperature", low=0.0, low_open=True)
    scale = v.as_bool(scale, "scale")
    single = Q.ndim == 1
    if single:
        Q = Q[None, :]
    if Q.shape[-1] != K.shape[-1]:
        raise ValueError(f"each query has {Q.shape[-1]} numbers but each key {K.shape[-1]}: "
                         "a dot product needs the same length.")
    if K.shape[-2] != V.shape[-2]:
        raise ValueError(f"{K.shape[-2]} keys but {V.shape[-2]} values: one value per key.")
    scores = Q @ np.swapaxes(K, -1, -2)
    if scale:
        scores = scores / np.sqrt(Q.shape[-1])
    scores = scores / temperature
    m = _mask(mask, scores.shape)
    if m is not None:
        scores = np.where(m, scores, -np.inf)
    weights = _softmax_rows(scores)
    output = weights @ V
    if single:
        return AttentionResult(output[0], weights[0])
    return AttentionResult(output, weights)


def _projection(W, name: str, n_in: int, n_out: int | None = None) -> np.ndarray:
    W = v.as_array(W, f"{name} (inputs x outputs, the course's layout)", ndim=2)
    if W.shape[0] != n_in or (n_out is not None and W.shape[1] != n_out):
        wanted = f"({n_in}, {n_out})" if n_out is not None else f"({n_in}, ...)"
        raise ValueError(f"{name} has shape {W.shape}, but it should be {wanted}: inputs x outputs. "
                         "A PyTorch weight is stored the other way round: transpose it (.T).")
    return W


def _bias(b, name: str, n: int) -> np.ndarray:
    if b is None:
        return np.zeros(n)
    return v.as_array(b, f"{name} (one bias per output)", shape=(n,))


def multi_head_attention(X_query, X_key_value, W_q, W_k, W_v, W_o, b_q=None, b_k=None, b_v=None, b_o=None, *,
                         num_heads: int, mask=None) -> AttentionResult:
    """Multi-head attention by hand: project, split into heads, attend in each, join, project back.

    With rows as samples, for each head h (``key_dim = W_q.shape[1] // num_heads``
    columns of each projection)::

        Q_h = X_query W_q[:, h] + b_q[h]      K_h = X_key_value W_k[:, h] + b_k[h]
        V_h = X_key_value W_v[:, h] + b_v[h]
        head_h = softmax(Q_h K_h^T / sqrt(key_dim)) V_h
        output = [head_1 ... head_H] W_o + b_o

    Self-attention is ``X_query = X_key_value = X``.

    Parameters
    ----------
    X_query : array of shape (n_queries, d_model) or (batch, n_queries, d_model)
    X_key_value : array of shape (n_keys, d_model) or (batch, n_keys, d_model)
    W_q, W_k, W_v : arrays of shape (d_model, num_heads * key_dim)
        Head h uses columns h * key_dim to (h + 1) * key_dim.
    W_o : array of shape (num_heads * key_dim, d_out)
    b_q, b_k, b_v : arrays of shape (num_heads * key_dim,), optional (zeros)
    b_o : array of shape (d_out,), optional
    num_heads : int
    mask : bool array broadcastable to (batch, num_heads, n_queries, n_keys), optional

    Returns
    -------
    AttentionResult
        ``output`` (batch, n_queries, d_out) (no batch axis if none was given) and
        ``weights`` (batch, num_heads, n_queries, n_keys).
    """
    Xq = v.as_array(X_query, "X_query (one row per position)", ndim=(2, 3))
    Xkv = v.as_array(X_key_value, "X_key_value (one row per position)", ndim=(2, 3))
    if Xq.ndim != Xkv.ndim:
        raise ValueError(f"X_query has {Xq.ndim} dimensions and X_key_value {Xkv.ndim}: give both with a "
                         "batch axis or both without.")
    single = Xq.ndim == 2
    if single:
        Xq, Xkv = Xq[None], Xkv[None]
    if Xq.shape[0] != Xkv.shape[0]:
        raise ValueError(f"X_query holds {Xq.shape[0]} sequences and X_key_value {Xkv.shape[0]}: the same batch.")
    num_heads = v.as_int(num_heads, "num_heads", low=1)
    d_q, d_kv = Xq.shape[-1], Xkv.shape[-1]
    W_q = _projection(W_q, "W_q", d_q)
    inner = W_q.shape[1]
    if inner % num_heads:
        raise ValueError(f"W_q has {inner} columns, which {num_heads} heads cannot share equally.")
    W_k = _projection(W_k, "W_k", d_kv, inner)
    W_v = _projection(W_v, "W_v", d_kv, inner)
    W_o = _projection(W_o, "W_o", inner)
    b_q, b_k, b_v = _bias(b_q, "b_q", inner), _bias(b_k, "b_k", inner), _bias(b_v, "b_v", inner)
    b_o = _bias(b_o, "b_o", W_o.shape[1])
    key_dim = inner // num_heads

    def heads(A: np.ndarray) -> np.ndarray:  # (batch, n, inner) -> (batch, heads, n, key_dim)
        return A.reshape(A.shape[0], A.shape[1], num_heads, key_dim).transpose(0, 2, 1, 3)

    Q, K, Vv = heads(Xq @ W_q + b_q), heads(Xkv @ W_k + b_k), heads(Xkv @ W_v + b_v)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(key_dim)
    m = _mask(mask, scores.shape)
    if m is not None:
        scores = np.where(m, scores, -np.inf)
    weights = _softmax_rows(scores)
    joined = (weights @ Vv).transpose(0, 2, 1, 3).reshape(Xq.shape[0], Xq.shape[1], inner)
    output = joined @ W_o + b_o
    return AttentionResult(output[0] if single else output, weights)


def positional_encoding(num_positions: int, depth: int) -> np.ndarray:
    """The sinusoidal positional encoding of "Attention is all you need" (Vaswani et al., 2017).

    ``PE[p, 2i] = sin(p / 10000^(2i / depth))`` and ``PE[p, 2i + 1] = cos(...)``:
    each pair of columns turns at its own speed, fast in the first columns,
    slow in the last, so every position gets its own pattern.

    Returns
    -------
    ndarray of shape (num_positions, depth)
    """
    num_positions = v.as_int(num_positions, "num_positions", low=1, high=100000)
    depth = v.as_int(depth, "depth (numbers per position)", low=2, high=4096)
    positions = np.arange(num_positions)[:, None]
    rates = 1.0 / 10000 ** (2 * (np.arange(depth) // 2) / depth)
    angles = positions * rates[None, :]
    return np.where(np.arange(depth) % 2 == 0, np.sin(angles), np.cos(angles))


def causal_mask(length: int) -> np.ndarray:
    """True where position i may look at position j: j <= i (the past and itself, never the future).

    What a model that writes text one token at a time (a GPT) uses.

    Returns
    -------
    bool ndarray of shape (length, length), lower triangular
    """
    length = v.as_int(length, "length", low=1, high=100000)
    return np.tril(np.ones((length, length), dtype=bool))


def count_transformer_parameters(d_model: int, num_heads: int, d_ff: int, num_layers: int, *,
                                 vocabulary_size: int = 0, max_positions: int = 0,
                                 final_norm: bool = False) -> int:
    """The parameters of a stack of transformer blocks, with its embeddings.

    Per block: the attention's four projections with biases, 4 (d^2 + d);
    two layer normalizations, 2 x 2d; the feed-forward network,
    d d_ff + d_ff + d_ff d + d. Plus a token table (``vocabulary_size`` x d),
    a learned position table (``max_positions`` x d) and one last layer
    normalization (GPT-2 has one). ``num_heads`` changes nothing: the heads
    share the d columns.
    """
    d_model = v.as_int(d_model, "d_model", low=1)
    num_heads = v.as_int(num_heads, "num_heads", low=1)
    if d_model % num_heads:
        raise ValueError(f"{num_heads} heads cannot share d_model = {d_model} columns equally.")
    d_ff = v.as_int(d_ff, "d_ff (the feed-forward width)", low=1)
    num_layers = v.as_int(num_layers, "num_layers", low=0)
    vocabulary_size = v.as_int(vocabulary_size, "vocabulary_size", low=0)
    max_positions = v.as_int(max_positions, "max_positions", low=0)
    final_norm = v.as_bool(final_norm, "final_norm")
    block = 4 * (d_model * d_model + d_model) + 2 * 2 * d_model + 2 * d_model * d_ff + d_ff + d_model
    return (num_layers * block + (vocabulary_size + max_positions) * d_model
            + (2 * d_model if final_norm else 0))


# --------------------------------------------------------------------------- the reversal task


def make_reversal_task(num_sequences: int, *, num_steps: int = 8, num_tokens: int = 10,
                       seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random digit sequences and the same sequences reversed.

    Returns
    -------
    X : int ndarray of shape (num_sequences, num_steps), tokens 0 to num_tokens - 1
    y : int ndarray of the same shape, ``X[:, ::-1]``
    """
    num_sequences = v.as_int(num_sequences, "num_sequences", low=1)
    num_steps = v.as_int(num_steps, "num_steps", low=2, high=1000)
    num_tokens = v.as_int(num_tokens, "num_tokens", low=2, high=100000)
    seed = v.as_int(seed, "seed", low=0)
    X = np.random.default_rng(seed).integers(0, num_tokens, size=(num_sequences, num_steps))
    return X, X[:, ::-1].copy()


def mirrored_fraction(weights) -> float:
    """How often each output position's strongest weight falls on the mirrored input position.

    Parameters
    ----------
    weights : array of shape (n_sequences, num_steps, num_steps) or (num_steps, num_steps)
        Attention weights, one row per output position (query), one column per input (key).

    Returns
    -------
    float
        The fraction of (sequence, position) pairs whose largest weight is at
        ``num_steps - 1 - position``: 1.0 is a perfect anti-diagonal.
    """
    w = v.as_array(weights, "weights (sequences x queries x keys)", ndim=(2, 3))
    if w.ndim == 2:
        w = w[None]
    if w.shape[1] != w.shape[2]:
        raise ValueError(f"weights should be square per sequence (queries = keys), but they are {w.shape[1:]}.")
    n = w.shape[1]
    return float((w.argmax(axis=2) == (n - 1 - np.arange(n))[None, :]).mean())


# --------------------------------------------------------------------------- pictures


def _tokens(tokens, name: str, n: int) -> list[str]:
    if tokens is None:
        return [str(i) for i in range(n)]
    if isinstance(tokens, str) or not isinstance(tokens, (list, tuple, np.ndarray)):
        raise TypeError(f"{name} should be a list of {n} labels (words or digits), but it is {v.describe(tokens)}.")
    tokens = [str(t) for t in tokens]
    if len(tokens) != n:
        raise ValueError(f"{name} has {len(tokens)} labels, but the weights have {n} of them there.")
    return tokens


def _draw_matrix(ax, n_q: int, n_k: int):
    image = ax.imshow(np.zeros((n_q, n_k)), cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto",
                      interpolation="nearest")
    ax.set(xlabel="key (looked at)", ylabel="query (looking)")
    ax.grid(False)
    return image


def _set_labels(ax, query_tokens: list[str], key_tokens: list[str]) -> None:
    ax.set_xticks(range(len(key_tokens)), key_tokens, rotation=60, fontsize=8)
    ax.set_yticks(range(len(query_tokens)), query_tokens, fontsize=8)


def plot_attention(weights, query_tokens=None, key_tokens=None, *, title: str | None = None, ax=None) -> Figure:
    """An attention matrix as a picture: row i shows where query i looks (darker = more weight).

    Parameters
    ----------
    weights : array of shape (n_queries, n_keys), rows summing to 1
    query_tokens, key_tokens : lists of labels, optional
    title : str, optional
    """
    w = v.as_array(weights, "weights (n_queries x n_keys)", ndim=2)
    q_tokens = _tokens(query_tokens, "query_tokens", w.shape[0])
    k_tokens = _tokens(key_tokens if key_tokens is not None else query_tokens, "key_tokens", w.shape[1])
    if title is not None:
        v.as_str(title, "title")
    ax = axes_or_new(ax, figsize=(1.2 + 0.35 * w.shape[1], 1.0 + 0.3 * w.shape[0]))
    image = _draw_matrix(ax, *w.shape)
    image.set_data(w)
    image.set_clim(0.0, max(float(w.max()), 1e-9))
    _set_labels(ax, q_tokens, k_tokens)
    ax.set_title(title or "Attention weights", fontsize=10)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ax.figure.tight_layout()
    return ax.figure


def plot_positional_encoding(num_positions: int = 64, depth: int = 32, *, position: int | None = None,
                             ax=None) -> Figure:
    """The positional encoding as a picture (one row per position), one position marked."""
    pe = positional_encoding(num_positions, depth)
    if position is not None:
        position = v.as_int(position, "position", low=0, high=num_positions - 1)
    ax = axes_or_new(ax, figsize=(6.0, 4.0))
    image = ax.imshow(pe, cmap="RdBu", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    ax.set(xlabel="column of the encoding (fast turning left, slow right)", ylabel="position",
           title="Positional encoding (sines and cosines)")
    ax.grid(False)
    if position is not None:
        ax.axhline(position, color="k", lw=1.5)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax.figure


# --------------------------------------------------------------------------- demos

_LOOKUP_KEYS = np.array([[1.0, 0.2], [0.1, 1.1], [-1.0, 0.3], [0.2, -1.0]])
_LOOKUP_VALUES = np.array([[2.0, 2.0], [-2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]])
_LOOKUP_COLOURS = ("#1f77b4", "#2ca02c", "#d62728", "#9467bd")


def demo_soft_lookup(keys=None, values=None) -> SliderDemo:
    """Move a query among fixed keys: the attention weights and the weighted answer follow.

    Parameters
    ----------
    keys : array of shape (n_keys, 2), optional
    values : array of shape (n_keys, 2), optional
        The answer is the weighted mean of these points.
    """
    keys = _LOOKUP_KEYS if keys is None else v.as_array(keys, "keys (one 2-D point per row)", shape=(None, 2))
    values = _LOOKUP_VALUES if values is None else v.as_array(values, "values (one 2-D point per key)",
                                                              shape=(len(keys), 2))
    if len(keys) < 2:
        raise ValueError("demo_soft_lookup needs at least 2 keys to choose among.")
    n = len(keys)
    colours = [_LOOKUP_COLOURS[i % len(_LOOKUP_COLOURS)] for i in range(n)]
    live = LiveFigure(1, 2, figsize=(9.0, 3.9))
    left, right = live.axes
    limit = 1.15 * max(float(np.abs(np.r_[keys, values]).max()), 2.0)
    left.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", title="keys (o), values (s), query (arrow)")
    left.axhline(0, color="0.85", lw=0.8)
    left.axvline(0, color="0.85", lw=0.8)
    for i in range(n):
        left.plot(*keys[i], "o", color=colours[i], ms=9)
        left.annotate(f"key {i + 1}", keys[i], fontsize=8, xytext=(4, 4), textcoords="offset points")
        left.plot(*values[i], "s", color=colours[i], ms=9, alpha=0.5)
    (arrow,) = left.plot([0, 1], [0, 0], color="k", lw=2)
    (tip,) = left.plot([1], [0], "o", color="k", ms=6)
    (answer,) = left.plot([0], [0], "*", color=_ORANGE, ms=18, markeredgecolor="k")
    bars = right.bar(range(n), np.full(n, 1.0 / n), color=colours)
    right.set(ylim=(0, 1.05), xticks=range(n), xticklabels=[f"key {i + 1}" for i in range(n)],
              ylabel="attention weight", title="softmax(q·k / √2 / T)")
    live.figure.tight_layout()
    live.animate(arrow, tip, answer, *bars)
    readout = Readout()

    def update(query_x: float, query_y: float, temperature: float) -> None:
        q = np.array([query_x, query_y])
        result = attention(q, keys, values, temperature=temperature)
        arrow.set_data([0, q[0]], [0, q[1]])
        tip.set_data([q[0]], [q[1]])
        answer.set_data([result.output[0]], [result.output[1]])
        for bar, w in zip(bars, result.weights, strict=True):
            bar.set_height(float(w))
        readout.show("weights " + ", ".join(f"{w:.2f}" for w in result.weights)
                     + f" &nbsp;&middot;&nbsp; answer ({result.output[0]:+.2f}, {result.output[1]:+.2f})")

    controls = {
        "query_x": slider("query x", -2.0, 2.0, 0.1, 1.0),
        "query_y": slider("query y", -2.0, 2.0, 0.1, 0.5),
        "temperature": slider("temperature T", 0.1, 5.0, 0.1, 1.0),
    }
    return SliderDemo(controls, update, figure=live, readout=readout, title="Attention as a soft lookup")


def _default_heads() -> tuple[list[np.ndarray], list[list[str]]]:
    """Two sentences with the weights of two hand-made heads: one looks back a word, one at itself."""
    sentences = [["the", "movie", "is", "not", "good"], ["what", "a", "horrible", "film", "it", "was"]]
    weights, tokens = [], []
    for words in sentences:
        n = len(words)
        back = np.eye(n, k=-1) * 4.0
        back[0, 0] = 4.0
        itself = np.eye(n) * 3.0
        first = np.zeros((n, n))
        first[:, 0] = 3.0
        weights.append(_softmax_rows(np.stack([back, itself, first])))
        tokens.append(words)
    return weights, tokens


def demo_attention_heads(weights=None, tokens=None, *, labels=None, key_tokens=None) -> SliderDemo:
    """The attention matrix of each head for a chosen example, head by head.

    Parameters
    ----------
    weights : list of arrays of shape (num_heads, n_queries, n_keys), one per example
    tokens : list of lists of str, the query labels of each example
    labels : list of str, optional
        The name of each example in the dropdown.
    key_tokens : list of lists of str, optional
        The key labels of each example (default: the same as ``tokens``).
    """
    if weights is None and tokens is None:
        weights, tokens = _default_heads()
    for name, value in (("weights", weights), ("tokens", tokens)):
        if not isinstance(value, (list, tuple)) or not value:
            raise TypeError(f"{name} should be a non-empty list, one entry per example, but it is {v.describe(value)}.")
    if len(weights) != len(tokens):
        raise ValueError(f"one entry per example: {len(weights)} weight arrays but {len(tokens)} token lists.")
    arrays = [v.as_array(w, f"weights[{i}] (heads x queries x keys)", ndim=3) for i, w in enumerate(weights)]
    num_heads = arrays[0].shape[0]
    if any(a.shape[0] != num_heads for a in arrays):
        raise ValueError("every example needs the same number of heads.")
    q_tokens = [_tokens(t, f"tokens[{i}]", a.shape[1]) for i, (t, a) in enumerate(zip(tokens, arrays, strict=True))]
    if key_tokens is None:
        k_tokens = [_tokens(t, f"tokens[{i}]", a.shape[2]) for i, (t, a) in enumerate(zip(tokens, arrays, strict=True))]
    else:
        if not isinstance(key_tokens, (list, tuple)) or len(key_tokens) != len(arrays):
            raise TypeError(f"key_tokens should be a list with one label list per example, but it is "
                            f"{v.describe(key_tokens)}.")
        k_tokens = [_tokens(t, f"key_tokens[{i}]", a.shape[2]) for i, (t, a) in enumerate(zip(key_tokens, arrays,
                                                                                                strict=True))]
    if labels is None:
        labels = [" ".join(t)[:40] for t in q_tokens]
    elif not isinstance(labels, (list, tuple)) or len(labels) != len(arrays):
        raise TypeError(f"labels should be a list of {len(arrays)} names, one per example, but it is {v.describe(labels)}.")
    labels = [v.as_str(str(label), "each label") for label in labels]
    # one slot per example so the labels of several examples can share a figure of one size
    n_q = max(a.shape[1] for a in arrays)
    n_k = max(a.shape[2] for a in arrays)
    live = LiveFigure(figsize=(6.5, 4.6))
    ax = live.axes
    image = _draw_matrix(ax, n_q, n_k)
    ax.set(xlim=(-0.5, n_k - 0.5), ylim=(n_q - 0.5, -0.5))
    title = ax.set_title(" ", fontsize=10)
    live.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    live.figure.subplots_adjust(left=0.2, right=0.95, top=0.92, bottom=0.22)
    live.animate(image, title)
    readout = Readout()
    head_options = [(f"head {h + 1}", h) for h in range(num_heads)] + [("mean of the heads", -1)]
    controls = {
        "example": dropdown("example", [(label, i) for i, label in enumerate(labels)], 0),
        "head": dropdown("head", head_options, 0),
    }
    shown = {"example": None}

    def update(example: int, head: int) -> None:
        a = arrays[example]
        w = a.mean(axis=0) if head < 0 else a[head]
        if shown["example"] != example:  # each example's labels live in its own saved background
            _set_labels(ax, q_tokens[example], k_tokens[example])
            shown["example"] = example
        live.use_background(example)
        padded = np.full((n_q, n_k), np.nan)
        padded[: w.shape[0], : w.shape[1]] = w
        image.set_data(np.ma.masked_invalid(padded))
        name = "the mean of the heads" if head < 0 else f"head {head + 1} of {num_heads}"
        title.set_text(f"{name}: where each query looks")
        strongest = w.argmax(axis=1)
        readout.show("strongest key per query: " + ", ".join(
            f"{q}&rarr;{k_tokens[example][j]}" for q, j in zip(q_tokens[example], strongest, strict=True))[:600])

    for example in range(min(len(arrays), 12)):  # draw each example's background once, now
        update(example, 0)
        live.render()
    return SliderDemo(controls, update, figure=live, readout=readout, title="Attention, head by head")


def demo_positional_encoding(num_positions: int = 64, depth: int = 32) -> SliderDemo:
    """A slider over positions: that position's encoding, and how alike it is to every other position."""
    pe = positional_encoding(num_positions, depth)
    similarity = pe @ pe.T / (depth / 2)  # each row has squared length depth / 2: 1 at itself
    live = LiveFigure(1, 2, figsize=(9.5, 3.8))
    left, right = live.axes
    left.imshow(pe, cmap="RdBu", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    left.set(xlabel="column (fast turning left, slow right)", ylabel="position", title="the encoding, one row per position")
    left.grid(False)
    line = left.axhline(0, color="k", lw=2)
    positions = np.arange(num_positions)
    right.set(xlim=(0, num_positions - 1), ylim=(-0.6, 1.05), xlabel="other position",
              ylabel="similarity (dot product / (depth/2))")
    (curve,) = right.plot(positions, similarity[0], color=_BLUE, lw=2)
    (dot,) = right.plot([0], [1.0], "o", color=_ORANGE, ms=8)
    title = right.set_title(" ", fontsize=10)
    live.figure.tight_layout()
    live.animate(line, curve, dot, title)
    readout = Readout()

    def update(position: int) -> None:
        line.set_ydata([position, position])
        curve.set_ydata(similarity[position])
        dot.set_data([position], [similarity[position, position]])
        title.set_text(f"position {position} against every other")
        near = similarity[position].copy()
        near[position] = -np.inf
        readout.show(f"position {position}: first columns {np.round(pe[position, :4], 2).tolist()}; "
                     f"most alike: position {int(near.argmax())} ({near.max():.2f})")

    controls = {"position": slider("position", 0, num_positions - 1, 1, 0)}
    return SliderDemo(controls, update, figure=live, readout=readout, title="Positional encoding")


# --------------------------------------------------------------------------- exercises

_EX_QUERY = np.array([1.0, 0.0])
_EX_KEYS = np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0]])


@exercise("10-1", hints=(
    "Compare the query with each key (a dot product), scale, then turn the scores into weights that sum to 1.",
    "The scores are q·k for each key: 2, 0 and -2; divide them by √d with d = 2 (the length of a key), then "
    "take the softmax.",
    "np.exp(s) / np.exp(s).sum() with s = np.array([2.0, 0.0, -2.0]) / np.sqrt(2).",
))
def _check_10_1(answer) -> CheckResult:
    expected = attention(_EX_QUERY, _EX_KEYS, _EX_KEYS).weights
    return check_array(answer, expected, name="your attention weights", rtol=1e-4, atol=1e-6,
                       hint="did you divide by √2 before the softmax, and do your three weights sum to 1?")


def _attention_reference(Q, K, V):
    return attention(Q, K, V).output


@exercise("10-2", hints=(
    "Three steps: scores, weights, the weighted sum.",
    "scores = Q @ K.T / np.sqrt(d) with d = Q.shape[-1]; the weights are the softmax of each row of the scores "
    "(subtract each row's largest score first: it keeps exp from overflowing and changes nothing).",
    "weights = np.exp(scores - scores.max(axis=1, keepdims=True)); weights /= weights.sum(axis=1, keepdims=True); "
    "return weights @ V",
))
def _check_10_2(answer) -> CheckResult:
    rng = np.random.default_rng(10)
    cases = []
    for n_q, n_k, d, d_v in ((1, 3, 2, 2), (4, 4, 8, 3), (5, 2, 3, 6)):
        Q, K, V = rng.normal(size=(n_q, d)), rng.normal(size=(n_k, d)), rng.normal(size=(n_k, d_v))
        cases.append(((Q, K, V), _attention_reference(Q, K, V)))
    Q, V = rng.normal(size=(2, 4)) * 30, rng.normal(size=(2, 3))  # large scores: exp without the shift overflows
    cases.append(((Q, Q, V), _attention_reference(Q, Q, V)))
    return check_function(answer, cases, name="your scaled_dot_product_attention", rtol=1e-5, atol=1e-8,
                          hint="is the softmax taken along each row (over the keys), after dividing by √d?")


@exercise("10-3", hints=(
    "The layer has four projections (queries, keys, values and the output), each a dense layer with biases.",
    "Each projection maps 32 numbers to 32 (the 4 heads share them: 4 x 8 = 32): a 32 x 32 weight matrix "
    "and 32 biases.",
    "4 x (32 x 32 + 32).",
))
def _check_10_3(answer) -> CheckResult:
    return check_number(answer, 4 * (32 * 32 + 32), name="the number of parameters", rtol=0, atol=0,
                        hint="count all four projections, and their biases; the number of heads does not add any.")


@exercise("10-4", hints=(
    "Position i may look at itself and at every position before it, never after.",
    "A 5 x 5 table of True/False: row i is the query, column j the key; True where j <= i.",
    "np.tril(np.ones((5, 5), dtype=bool)), the lower triangle with the diagonal.",
))
def _check_10_4(answer) -> CheckResult:
    return check_array(answer, causal_mask(5).astype(float), name="your mask", rtol=0, atol=0,
                       hint="rows are queries and columns keys: True on and below the diagonal.")
