"""Notebook 10's attention code (course_utils/_attention.py, public through cu.sequences).

Attention by hand, multi-head attention against Keras' and PyTorch's layers with the same
weights (each skipped when its framework is not installed), positions, the reversal task,
the pictures, the demos driven from code, and the exercises.
"""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

seq = cu.sequences
BLIT_TOLERANCE = 0.007


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------------- attention by hand


def test_attention_is_a_soft_lookup():
    K = np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0]])
    V = np.array([[1.0, 0.0], [0.0, 1.0], [5.0, 5.0]])
    q = np.array([1.0, 0.5])
    result = seq.attention(q, K, V)
    expected = _softmax(K @ q / np.sqrt(2))
    assert np.allclose(result.weights, expected) and np.allclose(result.output, expected @ V)
    assert seq.attention(q, K, V, temperature=0.01).weights.argmax() == 0
    assert np.allclose(seq.attention(q, K, V, temperature=1e6).weights, 1 / 3, atol=1e-4)
    assert np.allclose(seq.attention(q, K, V, scale=False).weights, _softmax(K @ q))


def test_attention_batches_and_masks():
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6))
    result = seq.attention(Q, K, V)
    assert result.output.shape == (2, 3, 6) and result.weights.shape == (2, 3, 5)
    mask = np.zeros((3, 5), dtype=bool)
    mask[:, 1] = True
    masked = seq.attention(Q, K, V, mask=mask)
    assert np.allclose(masked.weights[..., 1], 1.0) and np.allclose(masked.output, V[:, [1, 1, 1]])
    with pytest.raises(ValueError, match="no key"):
        seq.attention(Q, K, V, mask=np.zeros((3, 5), dtype=bool))
    with pytest.raises(ValueError, match="same length"):
        seq.attention(Q, K[..., :3], V)
    with pytest.raises(ValueError, match="one value per key"):
        seq.attention(Q, K, V[:, :4])


def test_self_attention_ignores_order_until_positions_are_added():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 8))
    W = [rng.normal(size=(8, 4)) for _ in range(3)]
    order = rng.permutation(6)
    out = seq.attention(X @ W[0], X @ W[1], X @ W[2]).output
    assert np.allclose(seq.attention(X[order] @ W[0], X[order] @ W[1], X[order] @ W[2]).output, out[order])
    pe = seq.positional_encoding(6, 8)
    placed, moved = X + pe, X[order] + pe
    out_placed = seq.attention(placed @ W[0], placed @ W[1], placed @ W[2]).output
    out_moved = seq.attention(moved @ W[0], moved @ W[1], moved @ W[2]).output
    assert not np.allclose(out_moved, out_placed[order], atol=1e-3)


def _random_heads(rng, d_model=8, num_heads=2, key_dim=4):
    inner = num_heads * key_dim
    W_q, W_k, W_v = (rng.normal(size=(d_model, inner)) for _ in range(3))
    W_o = rng.normal(size=(inner, d_model))
    b_q, b_k, b_v = (rng.normal(size=inner) for _ in range(3))
    return W_q, W_k, W_v, W_o, b_q, b_k, b_v, rng.normal(size=d_model)


def test_multi_head_attention_is_heads_side_by_side():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(5, 8))
    W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o = _random_heads(rng)
    result = seq.multi_head_attention(X, X, W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o, num_heads=2)
    assert result.output.shape == (5, 8) and result.weights.shape == (1, 2, 5, 5)
    heads = []
    for h in range(2):
        cols = slice(4 * h, 4 * (h + 1))
        one = seq.attention(X @ W_q[:, cols] + b_q[cols], X @ W_k[:, cols] + b_k[cols], X @ W_v[:, cols] + b_v[cols])
        assert np.allclose(one.weights, result.weights[0, h])
        heads.append(one.output)
    assert np.allclose(np.concatenate(heads, axis=1) @ W_o + b_o, result.output)
    with pytest.raises(ValueError, match="cannot share"):
        seq.multi_head_attention(X, X, W_q, W_k, W_v, W_o, num_heads=3)
    with pytest.raises(ValueError, match="transpose"):
        seq.multi_head_attention(X, X, np.ones((4, 8)), W_k, W_v, W_o, num_heads=2)


def test_multi_head_attention_equals_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 5, 8)).astype("float32")
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    out, weights = layer(X, X, return_attention_scores=True)
    W_q, b_q, W_k, b_k, W_v, b_v, W_o, b_o = layer.get_weights()

    def flat(kernel):
        return kernel.reshape(kernel.shape[0], -1)

    hand = seq.multi_head_attention(X, X, flat(W_q), flat(W_k), flat(W_v), W_o.reshape(-1, 8), b_q.ravel(),
                                    b_k.ravel(), b_v.ravel(), b_o, num_heads=2)
    assert np.abs(hand.output - np.asarray(out)).max() < 1e-5
    assert np.abs(hand.weights - np.asarray(weights)).max() < 1e-5
    causal = seq.causal_mask(5)
    out_m = layer(X, X, attention_mask=causal[None])
    hand_m = seq.multi_head_attention(X, X, flat(W_q), flat(W_k), flat(W_v), W_o.reshape(-1, 8), b_q.ravel(),
                                      b_k.ravel(), b_v.ravel(), b_o, num_heads=2, mask=causal)
    assert np.abs(hand_m.output - np.asarray(out_m)).max() < 1e-5


def test_multi_head_attention_equals_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    X = rng.normal(size=(2, 5, 8)).astype("float32")
    layer = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    with torch.no_grad():
        torch.nn.init.normal_(layer.in_proj_bias)
        torch.nn.init.normal_(layer.out_proj.bias)
        x = torch.tensor(X)
        out, weights = layer(x, x, x, average_attn_weights=False)
        causal = seq.causal_mask(5)
        out_m, _ = layer(x, x, x, attn_mask=torch.tensor(~causal))  # PyTorch: True = may NOT look
    W_in, b_in = layer.in_proj_weight.detach().numpy(), layer.in_proj_bias.detach().numpy()
    W_q, W_k, W_v = (W_in[8 * i: 8 * (i + 1)].T for i in range(3))
    args = (W_q, W_k, W_v, layer.out_proj.weight.detach().numpy().T, b_in[:8], b_in[8:16], b_in[16:],
            layer.out_proj.bias.detach().numpy())
    hand = seq.multi_head_attention(X, X, *args, num_heads=2)
    assert np.abs(hand.output - out.numpy()).max() < 1e-5
    assert np.abs(hand.weights - weights.numpy()).max() < 1e-5
    assert np.abs(seq.multi_head_attention(X, X, *args, num_heads=2, mask=causal).output - out_m.numpy()).max() < 1e-5


# --------------------------------------------------------------------------- positions, counting, the task


def test_positional_encoding_formula_and_nearness():
    pe = seq.positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    assert np.allclose(pe[:, 0], np.sin(np.arange(50))) and np.allclose(pe[:, 1], np.cos(np.arange(50)))
    assert np.isclose(pe[7, 4], np.sin(7 / 10000 ** (4 / 16)))
    similarity = pe @ pe.T
    assert similarity[20, 21] > similarity[20, 30]


def test_causal_mask():
    mask = seq.causal_mask(4)
    assert mask.dtype == bool and mask.sum() == 10 and mask[3, 0] and not mask[0, 3]


def test_parameter_count_matches_the_frameworks_and_gpt2():
    assert seq.count_transformer_parameters(768, 12, 3072, 12, vocabulary_size=50257, max_positions=1024,
                                            final_norm=True) == 124_439_808
    torch = pytest.importorskip("torch")
    attention = torch.nn.MultiheadAttention(32, 4)
    block_parts = [attention, torch.nn.LayerNorm(32), torch.nn.LayerNorm(32), torch.nn.Linear(32, 64),
                   torch.nn.Linear(64, 32)]
    total = sum(p.numel() for m in block_parts for p in m.parameters())
    assert total == seq.count_transformer_parameters(32, 4, 64, 1)
    assert sum(p.numel() for p in attention.parameters()) == 4 * (32 * 32 + 32)  # exercise 10-3


def test_reversal_task_and_mirrored_fraction():
    X, y = seq.make_reversal_task(20, num_steps=6, num_tokens=4, seed=3)
    assert X.shape == (20, 6) and np.array_equal(y, X[:, ::-1]) and X.max() < 4
    mirror = np.eye(6)[::-1]
    assert seq.mirrored_fraction(mirror) == 1.0
    assert seq.mirrored_fraction(np.eye(6)) == 0.0
    assert seq.mirrored_fraction(np.stack([mirror, np.eye(6)])) == 0.5
    with pytest.raises(ValueError, match="square"):
        seq.mirrored_fraction(np.ones((2, 3, 4)))


# --------------------------------------------------------------------------- pictures and demos


def test_plots_return_figures():
    weights = _softmax(np.random.default_rng(5).normal(size=(4, 4)))
    assert isinstance(seq.plot_attention(weights, ["a", "b", "c", "d"]), Figure)
    assert isinstance(seq.plot_positional_encoding(20, 8, position=4), Figure)
    with pytest.raises(ValueError, match="labels"):
        seq.plot_attention(weights, ["a", "b"])


def _drive_all(demo, changes):
    frames = demo.live_figure.frames_sent
    for name, value in changes:
        before = bytes(demo.live_figure.image.value), demo.readout.value
        cu.widgets.drive(demo, **{name: value})
        after = bytes(demo.live_figure.image.value), demo.readout.value
        assert after != before, f"{name}={value!r} changed nothing"
        assert cu.widgets.blit_mismatch(demo.live_figure) <= BLIT_TOLERANCE
    assert demo.live_figure.frames_sent == frames + len(changes)


@pytest.mark.usefixtures("style")
def test_demo_soft_lookup_moves_weights_and_answer():
    demo = seq.demo_soft_lookup()
    _drive_all(demo, [("query_x", -1.5), ("query_y", -1.0), ("temperature", 0.2), ("temperature", 4.0)])
    cu.widgets.drive(demo, query_x=2.0, query_y=0.0, temperature=0.1)
    assert "1.00" in demo.readout.value.split("&nbsp;")[0]  # a hard lookup on key 1


@pytest.mark.usefixtures("style")
def test_demo_attention_heads_switches_heads_and_examples():
    demo = seq.demo_attention_heads()
    _drive_all(demo, [("head", 1), ("head", -1), ("example", 1), ("head", 2), ("example", 0)])
    weights = [np.stack([np.eye(5)[::-1], np.eye(5)])]
    demo = seq.demo_attention_heads(weights, [list("abcde")])
    cu.widgets.drive(demo, head=0)
    assert "a&rarr;e" in demo.readout.value
    with pytest.raises(ValueError, match="same number of heads"):
        seq.demo_attention_heads([np.ones((2, 3, 3)) / 3, np.ones((1, 3, 3)) / 3], [list("abc"), list("xyz")])


@pytest.mark.usefixtures("style")
def test_demo_positional_encoding_every_position_changes_something():
    demo = seq.demo_positional_encoding(12, 8)
    _drive_all(demo, [("position", p) for p in range(1, 12)])


# --------------------------------------------------------------------------- exercises


def test_exercise_10_1_weights():
    scores = np.array([2.0, 0.0, -2.0]) / np.sqrt(2)
    right = np.exp(scores) / np.exp(scores).sum()
    assert cu.check("10-1", right, show=False)
    unscaled = np.exp([2.0, 0.0, -2.0]) / np.exp([2.0, 0.0, -2.0]).sum()
    result = cu.check("10-1", unscaled, show=False)
    assert not result and "cu.hint" in result.message
    assert not cu.check("10-1", "0.77", show=False)


def test_exercise_10_2_attention_function():
    def right(Q, K, V):
        s = Q @ K.T / np.sqrt(Q.shape[-1])
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True) @ V

    def unscaled(Q, K, V):
        s = Q @ K.T
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True) @ V

    def no_shift(Q, K, V):
        e = np.exp(Q @ K.T / np.sqrt(Q.shape[-1]))
        return e / e.sum(axis=1, keepdims=True) @ V

    assert cu.check("10-2", right, show=False)
    assert not cu.check("10-2", unscaled, show=False)
    with np.errstate(over="ignore", invalid="ignore"):
        assert not cu.check("10-2", no_shift, show=False)
    assert not cu.check("10-2", 3, show=False)


def test_exercise_10_3_and_10_4():
    assert cu.check("10-3", 4224, show=False) and not cu.check("10-3", 4 * 32 * 32, show=False)
    assert not cu.check("10-3", "4224?", show=False)
    assert cu.check("10-4", np.tril(np.ones((5, 5), dtype=bool)), show=False)
    assert not cu.check("10-4", np.triu(np.ones((5, 5), dtype=bool)), show=False)
    assert not cu.check("10-4", [[True]], show=False)
