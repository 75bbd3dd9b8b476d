"""Worked solutions to the exercises of notebook 10 (self-attention and a small transformer), for teachers.

Each entry passes ``cu.check(key, answer)``. The same exercises are in the Keras and in the
PyTorch notebook; none of them needs a framework.
"""

import numpy as np

# 10-1 · Attention weights by hand. The scores are q·k for each key: (1, 0)·(2, 0) = 2, (1, 0)·(0, 2) = 0 and
# (1, 0)·(-2, 0) = -2; divided by √d = √2 they are 1.414, 0 and -1.414. The softmax: e^1.414 = 4.11, e^0 = 1,
# e^-1.414 = 0.243, summing to 5.36, so the weights are 0.768, 0.187 and 0.045.
scores = np.array([2.0, 0.0, -2.0]) / np.sqrt(2)
weights = np.exp(scores) / np.exp(scores).sum()


# 10-2 · Scaled dot-product attention: the scores of every query with every key (n_queries x n_keys), divided
# by √d; a softmax along each row (over the keys), with each row's largest score subtracted first so that exp
# cannot overflow (it changes nothing: the factor cancels); then the weighted sum of the values.
def scaled_dot_product_attention(Q, K, V):
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ V


# 10-3 · Four projections (queries, keys, values, output), each 32 -> 32 (4 heads x 8 = 32 numbers) with 32
# biases: 4 x (32 x 32 + 32) = 4,224. The number of heads changes nothing: they share the 32 columns.
attention_parameters = 4 * (32 * 32 + 32)

# 10-4 · The causal mask: query i may look at key j when j <= i, the lower triangle with the diagonal.
causal = np.tril(np.ones((5, 5), dtype=bool))

SOLUTIONS = {
    "10-1": weights,
    "10-2": scaled_dot_product_attention,
    "10-3": attention_parameters,
    "10-4": causal,
}
