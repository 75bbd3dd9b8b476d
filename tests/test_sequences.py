"""cu.sequences (notebook 08): tokens, the recurrent layers by hand, fading memory, the demos, the exercises.

The hand-written layers are compared with Keras' and PyTorch's own layers
with the same weights (each skipped when its framework is not installed).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import course_utils as cu
import course_utils.sequences as seq
import numpy as np
import pytest
from matplotlib.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parent))

BLIT_TOLERANCE = 0.002


# --------------------------------------------------------------------------- tokens and vocabulary


def test_tokenize_lowers_strips_punctuation_and_splits():
    assert seq.tokenize("Not good, not BAD! Don't... (really)") == ["not", "good", "not", "bad", "dont", "really"]
    assert seq.tokenize("  ") == []
    assert seq.tokenize("Café ÉTÉ") == ["café", "ÉtÉ"]  # only ASCII letters are lowered, as in Keras


def test_build_vocabulary_orders_by_count_then_like_keras():
    vocabulary = seq.build_vocabulary(["b a a", "c b a", "d"])
    assert vocabulary == ["", "[UNK]", "a", "b", "d", "c"]  # ties (c, d once): the later word first
    assert seq.build_vocabulary(["b a a", "c b a"], max_tokens=3) == ["", "[UNK]", "a"]


def test_encode_texts_pads_cuts_and_marks_unknown_words():
    vocabulary = ["", "[UNK]", "the", "film", "good"]
    ids = seq.encode_texts(["The film is good.", "film"], vocabulary, length=3)
    assert ids.tolist() == [[2, 3, 1], [3, 0, 0]] and ids.dtype == np.int64
    assert seq.encode_texts(["the film", "good"], vocabulary).shape == (2, 2)
    with pytest.raises(ValueError, match="start with ''"):
        seq.encode_texts(["x"], ["the", "film"])
    with pytest.raises(TypeError, match="one string"):
        seq.encode_texts("the film", vocabulary)


def test_vocabulary_and_encoding_equal_keras_text_vectorization():
    keras = pytest.importorskip("keras")
    texts = ["The movie is fantastic.", "What a horrible film.", "The film is not good, it is bad!",
             "A film, a movie; a story?", "don't stop", "Café ÉTÉ"]
    layer = keras.layers.TextVectorization(max_tokens=12, output_sequence_length=7)
    layer.adapt(texts)
    assert [str(w) for w in layer.get_vocabulary()] == seq.build_vocabulary(texts, max_tokens=12)
    expected = np.asarray(layer(["The film is not good, it is bad!", "unknown words here"]))
    got = seq.encode_texts(["The film is not good, it is bad!", "unknown words here"],
                           seq.build_vocabulary(texts, max_tokens=12), length=7)
    assert np.array_equal(got, expected)


# --------------------------------------------------------------------------- the layers by hand


def _rnn_weights(n_in=3, units=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(2, 5, n_in)), rng.normal(size=(n_in, units)), rng.normal(size=(units, units)) * 0.5, \
        rng.normal(size=units)


def test_rnn_forward_is_rnn_step_repeated():
    X, W, U, b = _rnn_weights()
    H = seq.rnn_forward(X, W, U, b)
    h = np.zeros((2, 4))
    for t in range(5):
        h = seq.rnn_step(X[:, t], h, W, U, b)
        assert np.allclose(H[:, t], h)
    assert np.allclose(seq.rnn_step(X[0, 0], np.zeros(4), W, U, b), np.tanh(X[0, 0] @ W + b))


def test_rnn_forward_equals_keras_simple_rnn():
    keras = pytest.importorskip("keras")
    X, W, U, b = _rnn_weights()
    layer = keras.layers.SimpleRNN(4, return_sequences=True)
    layer.build((None, 5, 3))
    layer.set_weights([W, U, b])  # kernel (in, units), recurrent_kernel (units, units), bias
    assert np.allclose(np.asarray(layer(X.astype("float32"))), seq.rnn_forward(X, W, U, b), atol=1e-5)


def test_rnn_forward_equals_torch_rnn():
    torch = pytest.importorskip("torch")
    X, W, U, b = _rnn_weights()
    layer = torch.nn.RNN(3, 4, batch_first=True)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(W.T))  # (hidden, in): the transpose
        layer.weight_hh_l0.copy_(torch.tensor(U.T))
        layer.bias_ih_l0.copy_(torch.tensor(b))
        layer.bias_hh_l0.zero_()
        out, _ = layer(torch.tensor(X, dtype=torch.float32))
    assert np.allclose(out.numpy(), seq.rnn_forward(X, W, U, b), atol=1e-5)


def _lstm_weights(n_in=3, units=4, seed=1):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(2, 6, n_in)), rng.normal(size=(n_in, 4 * units)) * 0.7,
            rng.normal(size=(units, 4 * units)) * 0.5, rng.normal(size=4 * units))


def test_lstm_forward_follows_the_equations():
    X, W, U, b = _lstm_weights()
    s = seq.lstm_forward(X, W, U, b)
    z = X[:, 0] @ W + b
    i, f, g, o = cu.activations.sigmoid(z[:, :4]), cu.activations.sigmoid(z[:, 4:8]), np.tanh(z[:, 8:12]), \
        cu.activations.sigmoid(z[:, 12:])
    assert np.allclose(s.input_gate[:, 0], i) and np.allclose(s.forget_gate[:, 0], f)
    assert np.allclose(s.candidate[:, 0], g) and np.allclose(s.output_gate[:, 0], o)
    assert np.allclose(s.c[:, 0], i * g) and np.allclose(s.h[:, 0], o * np.tanh(i * g))
    assert np.allclose(s.c[:, 1], s.forget_gate[:, 1] * s.c[:, 0] + s.input_gate[:, 1] * s.candidate[:, 1])
    assert seq.LSTM_PARTS == ("forget_gate", "input_gate", "candidate", "output_gate")


def test_lstm_forward_equals_keras_lstm():
    keras = pytest.importorskip("keras")
    X, W, U, b = _lstm_weights()
    layer = keras.layers.LSTM(4, return_sequences=True)
    layer.build((None, 6, 3))
    layer.set_weights([W, U, b])
    assert np.allclose(np.asarray(layer(X.astype("float32"))), seq.lstm_forward(X, W, U, b).h, atol=1e-5)


def test_lstm_forward_equals_torch_lstm():
    torch = pytest.importorskip("torch")
    X, W, U, b = _lstm_weights()
    layer = torch.nn.LSTM(3, 4, batch_first=True)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(W.T))
        layer.weight_hh_l0.copy_(torch.tensor(U.T))
        layer.bias_ih_l0.copy_(torch.tensor(b / 2))  # two biases: their sum is b
        layer.bias_hh_l0.copy_(torch.tensor(b / 2))
        out, _ = layer(torch.tensor(X, dtype=torch.float32))
    assert np.allclose(out.numpy(), seq.lstm_forward(X, W, U, b).h, atol=1e-5)


def test_lstm_classifier_steps_ends_with_the_models_prediction():
    rng = np.random.default_rng(2)
    E = rng.normal(size=(7, 3))
    _, W, U, b = _lstm_weights()
    W_out, b_out = rng.normal(size=(4, 2)), rng.normal(size=2)
    states, p = seq.lstm_classifier_steps([3, 5, 1, 6], E, W, U, b, W_out, b_out)
    h = seq.lstm_forward(E[[3, 5, 1, 6]][None], W, U, b).h[0]
    logits = h @ W_out + b_out
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert np.allclose(p, softmax[:, 1]) and states.h.shape == (1, 4, 4)
    _, p1 = seq.lstm_classifier_steps([3, 5], E, W, U, b, W_out[:, :1], b_out[:1])
    assert np.allclose(p1, cu.activations.sigmoid(h[:2] @ W_out[:, 0] + b_out[0]))
    with pytest.raises(ValueError, match="transpose"):
        seq.lstm_classifier_steps([3], E, W, U, b, W_out.T, b_out)
    with pytest.raises(ValueError, match="word indices from 0 to 6"):
        seq.lstm_classifier_steps([9], E, W, U, b, W_out, b_out)


def test_a_pytorch_layout_is_refused_with_the_reason():
    X, W, U, b = _rnn_weights()
    with pytest.raises(ValueError, match="transpose"):
        seq.rnn_forward(X, W.T, U, b)


# --------------------------------------------------------------------------- memory that fades


def test_a_linear_rnn_keeps_exactly_scale_to_the_t():
    g = seq.gradient_through_time(0.9, 50, activation="linear")
    assert np.allclose(g, 0.9 ** np.arange(51))


def test_memory_fades_below_one_and_explodes_above():
    fading = seq.gradient_through_time(0.6, 50)
    assert fading[0] == 1 and np.all(np.diff(fading) < 0) and fading[-1] < 1e-10
    assert seq.gradient_through_time(1.0, 50)[-1] < 1e-4  # tanh's slope below 1 takes its share
    assert seq.gradient_through_time(2.5, 50)[-1] > 1e3


def test_gradient_through_time_is_the_chain_rule():
    """One sequence, three steps: the product of Jacobians equals finite differences."""
    rng = np.random.default_rng(0)
    units = 4
    U = 1.3 * seq._orthogonal(units, rng)
    inputs = rng.normal(scale=0.5, size=(3, units))

    def run(h0):
        h = h0
        for x in inputs:
            h = np.tanh(x + h @ U)
        return h

    h0 = np.zeros(units)
    numeric = np.stack([(run(h0 + 1e-6 * e) - run(h0 - 1e-6 * e)) / 2e-6 for e in np.eye(units)])
    h, J = h0, np.eye(units)
    for x in inputs:
        h = np.tanh(x + h @ U)
        J = (J @ U) * (1 - h**2)[None, :]
    assert np.allclose(J, numeric, atol=1e-6)


def test_first_token_task():
    X, y = seq.make_first_token_task(500, num_steps=50, num_tokens=2, seed=3)
    assert X.shape == (500, 50) and set(np.unique(X)) == {1, 2} and np.array_equal(y, X[:, 0] - 1)
    assert 0.4 < y.mean() < 0.6
    assert np.array_equal(seq.make_first_token_task(5, seed=1)[0], seq.make_first_token_task(5, seed=1)[0])


def test_pca_2d_matches_scikit_learn_up_to_sign():
    from sklearn.decomposition import PCA

    vectors = np.random.default_rng(0).normal(size=(30, 5)) * [5, 3, 1, 1, 1]
    ours, theirs = seq.pca_2d(vectors), PCA(2).fit_transform(vectors)
    assert np.allclose(np.abs(ours), np.abs(theirs)) and np.allclose(np.abs(ours.T @ theirs), np.diag(np.diag(np.abs(ours.T @ theirs))), atol=1e-6)


# --------------------------------------------------------------------------- pictures and demos


def test_static_plots_return_figures():
    tokens, H, p = ["a", "b", "c"], np.tanh(np.random.default_rng(0).normal(size=(3, 4))), np.array([0.2, 0.5, 0.9])
    assert isinstance(seq.plot_hidden_states(tokens, H, p), Figure)
    assert isinstance(seq.plot_gradient_through_time((0.5, 1.0), 20), Figure)
    states = seq.lstm_forward(*_lstm_weights()[:1], *_lstm_weights()[1:])
    one = states._replace(**{k: getattr(states, k)[:1] for k in states._fields})
    assert isinstance(seq.plot_lstm_gates(list("abcdef"), one, step=2), Figure)
    assert isinstance(seq.plot_embeddings(np.eye(4), ["a", "b", "c", "d"], [1, -1, 0, 0]), Figure)
    with pytest.raises(ValueError, match="one word, one hidden state"):
        seq.plot_hidden_states(["a"], H, p)


def _check_blit(demo):
    assert cu.widgets.blit_mismatch(demo.live_figure) <= BLIT_TOLERANCE


@pytest.mark.usefixtures("style")
def test_step_through_demo_moves_word_by_word():
    demo = seq.demo_step_through()
    frames = demo.live_figure.frames_sent
    for sentence in (0, 2, 1):
        for step in (1, 3, 5):
            cu.widgets.drive(demo, sentence=sentence, step=step)
            _check_blit(demo)
    assert demo.live_figure.frames_sent > frames and "P(positive)" in demo.readout.value
    cu.widgets.drive(demo, step=2)
    assert "word(s) to go" in demo.readout.value


@pytest.mark.usefixtures("style")
@pytest.mark.parametrize("make, step", [(lambda: seq.demo_step_through(), "step"),
                                        (lambda: seq.demo_lstm_gates(*_two_sentences()), "word")])
def test_step_slider_spans_the_chosen_sentence(make, step):
    """Every position of the word slider shows something new (a slider past the last word would not)."""
    demo = make()
    sentences = demo.controls["sentence"].options
    for _, sentence in (*sentences[1:], sentences[0]):
        cu.widgets.drive(demo, sentence=sentence)
        slider = demo.controls[step]
        length = slider.max
        frames, texts = set(), set()
        for k in range(1, length + 1):
            cu.widgets.drive(demo, **{step: k})
            frames.add(demo.live_figure.render())
            texts.add(demo.readout.value)
        assert len(frames) == len(texts) == length, (sentence, length)
    # at the end of one sentence, the slider goes to the end of the next
    if step == "step":
        cu.widgets.drive(demo, sentence=0, step=demo.controls["step"].max)
        cu.widgets.drive(demo, sentence=3)
        assert demo.controls["step"].value == demo.controls["step"].max == 6
        assert "to go" not in demo.readout.value


def _two_sentences():
    X, W, U, b = _lstm_weights()
    return [list("abcdef"), list("xyz")], [seq.lstm_forward(X[i:i + 1, :n], W, U, b) for i, n in ((0, 6), (1, 3))]


@pytest.mark.usefixtures("style")
def test_memory_fading_demo_reads_the_curves():
    demo = seq.demo_memory_fading(30)
    for scale, step in ((0.5, 30), (1.0, 10), (2.5, 30), (1.23, 5)):
        cu.widgets.drive(demo, scale=scale, step=step)
        _check_blit(demo)
    assert "left of the first word" in demo.readout.value


@pytest.mark.usefixtures("style")
def test_lstm_gates_demo_shows_each_word():
    demo = seq.demo_lstm_gates()
    for word in (1, 4, 10):
        cu.widgets.drive(demo, word=word)
        _check_blit(demo)
    assert "forget f" in demo.readout.value
    X, W, U, b = _lstm_weights()
    two = [seq.lstm_forward(X[i:i + 1, :n], W, U, b) for i, n in ((0, 6), (1, 3))]
    demo = seq.demo_lstm_gates([list("abcdef"), list("xyz")], two)
    for sentence, word in ((1, 3), (0, 6), (1, 6)):
        cu.widgets.drive(demo, sentence=sentence, word=word)
        _check_blit(demo)


@pytest.mark.usefixtures("style")
def test_embeddings_demo_lists_neighbours():
    demo = seq.demo_embeddings()
    for num_words, word in ((5, "bad"), (12, "good"), (3, "film")):
        cu.widgets.drive(demo, num_words=num_words, word=word)
        _check_blit(demo)
    assert "nearest to <b>film</b>" in demo.readout.value


def test_review_explorer_steps_through_mistakes():
    texts = ["good film", "bad film", "great fun", "dull <b>plot</b>"]
    demo = seq.explore_reviews(texts, [1, 0, 1, 0], [0.9, 0.6, 0.2, 0.1])
    assert "review 0 of 4" in demo.readout.value
    cu.widgets.drive(demo, show="mistakes")
    assert "mistake 1 of 2" in demo.readout.value and "bad film" in demo.readout.value
    cu.widgets.drive(demo, index=1)
    assert "great fun" in demo.readout.value and "wrong" in demo.readout.value
    cu.widgets.drive(demo, show="all", index=3)
    assert "&lt;b&gt;plot" in demo.readout.value  # a review's text is shown, never run as HTML
    _check_blit(demo)


def test_write_review_predicts_and_examples_fill_the_box():
    seen = []

    def predict(texts):
        seen.append(list(texts))
        return np.array([0.9 if "good" in t else 0.2 for t in texts])

    demo = seq.demo_write_review(predict, examples=["A good film.", "A dull film."], debounce_ms=0)
    assert "0.900" in demo.readout.value
    cu.widgets.drive(demo, example=1)
    assert demo.controls["review"].value == "A dull film." and "0.200" in demo.readout.value
    assert seen[-1] == ["A dull film."] and len(seen) == 2  # filling the box is not a second prediction
    cu.widgets.drive(demo, review="So good")
    assert "0.900" in demo.readout.value
    cu.widgets.drive(demo, review="   ")
    assert "Type a review" in demo.readout.value
    _check_blit(demo)


def test_write_review_waits_for_a_pause_in_typing():
    """In an event loop (as in a kernel), keystrokes only restart a timer: one prediction per pause."""
    calls = []

    def predict(texts):
        calls.append(texts[0])
        return np.array([0.5])

    async def typing():
        demo = seq.demo_write_review(predict, examples=["x"], debounce_ms=50)
        calls.clear()
        for text in ["g", "go", "goo", "good", "good f", "good fi", "good film"]:
            demo.controls["review"].value = text
            await asyncio.sleep(0.01)  # faster than the pause
        assert calls == [] and demo.debouncer.pending
        while demo.debouncer.pending:
            await asyncio.sleep(0.005)
        return calls, demo.debouncer.last_fired - demo.debouncer.last_call

    calls_made, waited = asyncio.run(typing())
    assert calls_made == ["good film"]  # one prediction, for the last text
    # The prediction starts once typing paused for 50 ms (a loaded machine may run the timer a little late).
    assert 0.04 < waited < 0.1, f"the prediction started {1000 * waited:.0f} ms after the last keystroke"


def test_write_review_refuses_a_bad_predict_function():
    demo = seq.demo_write_review(lambda texts: np.array([1.5]), debounce_ms=0)
    assert isinstance(demo.last_error, ValueError) and "between 0 and 1" in str(demo.last_error)
    demo = seq.demo_write_review(lambda texts: np.array([0.5, 0.5]), debounce_ms=0)
    assert "one probability per text" in str(demo.last_error)
    with pytest.raises(TypeError, match="predict should be a function"):
        seq.demo_write_review("model")


# --------------------------------------------------------------------------- exercises


def test_exercise_08_1_encode():
    right = seq.encode_texts(["Not good, not BAD! A fine movie."], seq._EXERCISE_VOCABULARY, length=10)[0]
    assert right.tolist() == [4, 5, 4, 6, 8, 1, 3, 0, 0, 0]
    assert cu.check("08-1", right.tolist(), show=False)
    assert not cu.check("08-1", [4, 5, 4, 6, 8, 0, 3, 0, 0, 0], show=False)
    assert not cu.check("08-1", "not good", show=False)


def test_exercise_08_2_rnn_step():
    def right(x_t, h_prev, W, U, b):
        return np.tanh(x_t @ W + h_prev @ U + b)

    def swapped(x_t, h_prev, W, U, b):
        return np.tanh(x_t @ W + U @ h_prev.T + b)

    assert cu.check("08-2", right, show=False)
    result = cu.check("08-2", swapped, show=False)
    assert not result and "cu.hint" in result.message
    assert not cu.check("08-2", 3, show=False)


def test_exercise_08_3_and_08_4_numbers():
    assert cu.check("08-3", 4 * (16 * 32 + 32 * 32), show=False)
    assert not cu.check("08-3", 16 * 32 + 32 * 32, show=False)
    assert cu.check("08-4", 0.9**50, show=False) and not cu.check("08-4", 0.9 * 50, show=False)
    assert not cu.check("08-4", "tiny", show=False)


def test_exercise_08_5_counts_the_model():
    class Fake:
        def __init__(self, n):
            self.n = n

        def count_params(self):
            return self.n

    right = seq._gru_parameters(True)
    assert right == 10000 * 32 + 2 * 3 * (32 * 32 + 32 * 32 + 2 * 32) + 2 * 64 + 2
    assert cu.check("08-5", Fake(right), show=False)
    one_way = cu.check("08-5", Fake(seq._gru_parameters(False)), show=False)
    assert not one_way and "one direction" in one_way.message
    assert not cu.check("08-5", "a GRU", show=False)


def test_exercise_08_5_with_real_frameworks():
    torch = pytest.importorskip("torch")

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(10000, 32)
            self.gru = torch.nn.GRU(32, 32, batch_first=True, bidirectional=True)
            self.out = torch.nn.Linear(64, 2)

    assert cu.check("08-5", Model(), show=False)


def test_every_exercise_has_three_stepped_hints():
    for key in ("08-1", "08-2", "08-3", "08-4", "08-5"):
        assert len(cu.checks.hints(key)) == 3


# --------------------------------------------------------------------------- bad input (until cu.sequences is on the front door)


def _bad_input_cases():
    from input_examples.sequences import CALLS

    return [pytest.param(name, c, id=name) for name, c in CALLS.items()]


@pytest.mark.parametrize(("name", "example"), _bad_input_cases())
def test_bad_input_gets_a_sentence_here_too(name, example):
    if "sequences" in cu.__all__:
        pytest.skip("tests/test_bad_input.py covers cu.sequences now")
    import test_bad_input

    test_bad_input.test_bad_input_gets_a_sentence("sequences", name, example)


def test_every_public_name_has_an_example_call():
    from input_examples.sequences import CALLS, SKIP

    public = [n for n in seq.__all__ if callable(getattr(seq, n))]
    assert sorted(set(public) - set(CALLS) - set(SKIP)) == []
