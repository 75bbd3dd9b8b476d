"""Valid calls for the attention functions of notebook 10 (course_utils/_attention.py).

They are public through ``cu.sequences``, so ``tests/input_examples/sequences.py`` merges
these into its ``CALLS`` and ``SKIP``.
"""

import numpy as np

from input_examples import call

_rng = np.random.default_rng(10)
_Q, _K, _V = _rng.normal(size=(3, 4)), _rng.normal(size=(5, 4)), _rng.normal(size=(5, 2))
_X = _rng.normal(size=(2, 5, 8))
_W = _rng.normal(size=(8, 8))
_b = _rng.normal(size=8)
_HEADS = _rng.dirichlet(np.ones(4), size=(2, 4))  # (heads, queries, keys), rows summing to 1
_MIRROR = np.eye(4)[::-1][None].repeat(3, axis=0)

CALLS = {
    "attention": call(_Q, _K, _V, mask=np.ones((3, 5), dtype=bool), temperature=1.0, scale=True),
    "multi_head_attention": call(_X, _X, _W, _W, _W, _W, _b, _b, _b, _b, num_heads=2,
                                 mask=np.ones((5, 5), dtype=bool)),
    "positional_encoding": call(10, 8),
    "causal_mask": call(4),
    "count_transformer_parameters": call(32, 4, 64, 1, vocabulary_size=100, max_positions=10, final_norm=True),
    "make_reversal_task": call(5, num_steps=4, num_tokens=3, seed=0),
    "mirrored_fraction": call(_MIRROR),
    "plot_attention": call(_HEADS[0], ["a", "b", "c", "d"], ["w", "x", "y", "z"], title="weights"),
    "plot_positional_encoding": call(16, 8, position=3),
    "demo_soft_lookup": call(_rng.normal(size=(3, 2)), _rng.normal(size=(3, 2))),
    "demo_attention_heads": call([_HEADS], [["a", "b", "c", "d"]], labels=["one"], key_tokens=[["w", "x", "y", "z"]]),
    "demo_positional_encoding": call(16, 8),
}
SKIP = {"AttentionResult": "the result type of attention and multi_head_attention, made by them"}
