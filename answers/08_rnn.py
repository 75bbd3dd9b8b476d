"""Worked solutions to the exercises of notebook 08 (recurrent networks), for teachers.

Each entry passes ``cu.check(key, answer)``. The same exercises are in the Keras and
in the PyTorch notebook; 08-5 builds the model with whichever framework is installed
(both versions are written out below).
"""

import numpy as np

# 08-1 · Encode a review. Tokenize: "Not good, not BAD! A fine movie." -> not good not bad a fine movie
# (lower case, punctuation gone). Look each word up: not 4, good 5, not 4, bad 6, a 8, fine is missing
# (1, [UNK]), movie 3; then pad with 0 at the end to 10 numbers.
small_vocabulary = ["", "[UNK]", "the", "movie", "not", "good", "bad", "is", "a"]
encoded = [4, 5, 4, 6, 8, 1, 3, 0, 0, 0]


# 08-2 · One step of a simple RNN, rows as samples: the input goes through W (inputs x units), the previous
# state through U (units x units), both multiplied from the right; add the bias, squash with tanh.
def rnn_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W + h_prev @ U + b)


# 08-3 · Four parts (forget, input, output gate and the candidate), each with an input kernel 16 x 32 and a
# recurrent kernel 32 x 32: 4 x (512 + 1024) = 6144 numbers (the biases, 4 x 32 = 128 more, left out).
lstm_weights = 4 * (16 * 32 + 32 * 32)

# 08-4 · Without tanh, dh_50/dh_0 = U^50, and U stretches every direction by 0.9: 0.9 ** 50, about 0.005.
left_after_50 = 0.9**50


# 08-5 · The sentiment model with a bidirectional GRU of 32 units: 320,000 (embedding) + 2 x 6,336 (a GRU
# has three parts, each 32 x 32 input weights, 32 x 32 recurrent weights and two bias vectors of 32) +
# 130 (Dense/Linear 64 -> 2) = 332,802 parameters.
def keras_gru_model():
    import keras

    return keras.Sequential([
        keras.Input(shape=(40,), dtype="int64"),
        keras.layers.Embedding(10000, 32, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.GRU(32)),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(2, activation="softmax"),
    ])


def torch_gru_model():
    import torch
    from torch import nn

    class SentimentGRU(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(10000, 32)
            self.gru = nn.GRU(32, 32, batch_first=True, bidirectional=True)
            self.dropout = nn.Dropout(0.3)
            self.out = nn.Linear(64, 2)

        def forward(self, x):
            # Read right to left, a padded review would start with its padding: packing skips it.
            lengths = (x != 0).sum(dim=1).clamp(min=1)
            packed = nn.utils.rnn.pack_padded_sequence(self.embedding(x), lengths, batch_first=True,
                                                       enforce_sorted=False)
            _, h = self.gru(packed)                  # (2, batch, 32): each direction's final state
            return self.out(self.dropout(torch.cat([h[0], h[1]], dim=1)))

    return SentimentGRU()


def _gru_model():
    try:
        return torch_gru_model()
    except ImportError:
        return keras_gru_model()


SOLUTIONS = {
    "08-1": encoded,
    "08-2": rnn_step,
    "08-3": lstm_weights,
    "08-4": left_after_50,
    "08-5": _gru_model(),
}
