"""Valid calls for cu.sequences (notebook 08)."""

import course_utils.sequences as sequences
import numpy as np

from input_examples import call

_rng = np.random.default_rng(0)
_X = _rng.normal(size=(2, 4, 3))
_W, _U, _b = _rng.normal(size=(3, 5)), _rng.normal(size=(5, 5)) * 0.3, _rng.normal(size=5)
_W4, _U4, _b4 = _rng.normal(size=(3, 8)), _rng.normal(size=(2, 8)), _rng.normal(size=8)
_TOKENS = ["the", "film", "is", "good"]
_H = np.tanh(_rng.normal(size=(4, 5)))
_P = np.array([0.5, 0.4, 0.45, 0.8])
_STATES = sequences.lstm_forward(_rng.normal(size=(1, 4, 3)), _W4, _U4, _b4)
_VOCABULARY = ["", "[UNK]", "the", "film", "good"]
_VECTORS = _rng.normal(size=(6, 4))
_WORDS = ["good", "bad", "film", "the", "great", "dull"]
_SCORES = np.array([1.0, -1.0, 0.0, 0.0, 1.5, -0.8])


def _predict(texts):
    return np.full(len(texts), 0.7)


CALLS = {
    "tokenize": call("Not good, not bad!"),
    "build_vocabulary": call(["the film", "a good film"], max_tokens=5),
    "encode_texts": call(["the good film"], _VOCABULARY, length=5),
    "rnn_step": call(_X[:, 0], np.zeros((2, 5)), _W, _U, _b, activation="tanh"),
    "rnn_forward": call(_X, _W, _U, _b, h0=np.zeros((2, 5)), activation="tanh"),
    "lstm_forward": call(_X, _W4, _U4, _b4, h0=np.zeros((2, 2)), c0=np.zeros((2, 2))),
    "lstm_classifier_steps": call([2, 3, 4], _rng.normal(size=(5, 3)), _W4, _U4, _b4, np.ones((2, 2)),
                                  np.zeros(2)),
    "gradient_through_time": call(0.9, 10, units=4, activation="tanh", input_scale=0.5, num_sequences=2,
                                  seed=0),
    "make_first_token_task": call(10, num_steps=5, num_tokens=2, seed=0),
    "pca_2d": call(_VECTORS),
    "plot_hidden_states": call(_TOKENS, _H, _P, step=2),
    "plot_gradient_through_time": call([0.5, 1.0], 10, activation="tanh"),
    "plot_lstm_gates": call(["a", "b", "c", "d"], _STATES, step=1),
    "plot_embeddings": call(_VECTORS, _WORDS, _SCORES, num_labels=3),
    "demo_step_through": call([_TOKENS], [_H], [_P]),
    "demo_memory_fading": call(10),
    "demo_lstm_gates": call([["a", "b", "c", "d"]], [_STATES]),
    "demo_write_review": call(_predict, examples=["A good film."], debounce_ms=0.0),
    "demo_embeddings": call(_VECTORS, _WORDS, _SCORES, neighbours=2),
    "explore_reviews": call(["a good film", "a bad film"], [1, 0], [0.8, 0.3], title="reviews"),
}
SKIP = {"LSTMStates": "the result type of lstm_forward, made by it"}

# Notebook 10's attention functions are public through cu.sequences too; their calls live in attention.py.
from input_examples.attention import CALLS as _ATTENTION_CALLS  # noqa: E402
from input_examples.attention import SKIP as _ATTENTION_SKIP  # noqa: E402

CALLS.update(_ATTENTION_CALLS)
SKIP.update(_ATTENTION_SKIP)
