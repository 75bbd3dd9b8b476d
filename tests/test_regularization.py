"""Notebook 05, part 2 (cu.regularization): L2, dropout, early stopping, the networks' data and
runs (cu.nn.Network underneath), the random-label table, the demos and the exercises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

R = cu.regularization


@pytest.fixture(scope="module")
def small_runs():
    """Tiny networks trained for a few epochs: enough for the demos."""
    split = R.make_overfit_data(n_train=40, n_val=60)
    kwargs = dict(num_epochs=30, map_every=10, resolution=12)
    by_rate = {r: R.train_network(split, (8, 8), dropout_rate=r, **kwargs) for r in (0.0, 0.5)}
    by_width = {2: R.train_network(split, (2, 2), **kwargs), 8: by_rate[0.0]}
    return split, by_rate, by_width


# --------------------------------------------------------------------------- L2


def test_penalized_loss_adds_lambda_times_the_sum_of_squares():
    assert R.penalized_loss(0.3, np.array([1.0, -2.0, 0.5]), 0.1) == pytest.approx(0.3 + 0.525)
    assert R.penalized_loss(0.3, [np.ones((2, 2)), np.array([3.0])], 0.5) == pytest.approx(0.3 + 0.5 * 13)
    assert R.penalized_loss(1.0, [1.0, 2.0], 0.0) == 1.0
    with pytest.raises(ValueError, match="at least 0"):
        R.penalized_loss(1.0, [1.0], -0.1)


def test_penalized_loss_is_the_networks_penalty():
    net = cu.nn.Network([2, 4, 3, 1], l2=0.02, seed=1)
    X, y = np.random.default_rng(0).normal(size=(5, 2)), np.r_[0, 1, 1, 0, 1]
    data_loss = net.loss(X, y, with_penalty=False)
    assert R.penalized_loss(data_loss, [layer.W for layer in net.layers], 0.02) == pytest.approx(net.loss(X, y))


def test_l2_sweep_shrinks_the_weights_and_has_a_best_lambda():
    sweep = R.l2_sweep(cu.fitting.wave_splits(), 12, np.arange(-8.0, 1.01, 1.0))
    assert sweep["curves"].shape == (10, 200)
    assert np.all(np.diff(sweep["sum_w2"]) < 0)
    assert np.all(np.diff(sweep["train"]) > -1e-12)  # a bigger penalty never fits the training set better
    assert 0 < sweep["val"].argmin() < 9


def test_l2_demo_moves_the_marker_and_shrinks_the_weights():
    demo = R.demo_l2_penalty()
    first = bytes(demo.live_figure.image.value)
    cu.widgets.drive(demo, log10_lambda=-2.0)
    assert bytes(demo.live_figure.image.value) != first
    left, middle, _ = demo.live_figure.axes
    assert left.get_title().startswith("lambda = 0.01")
    small = float(middle.get_title().split("= ")[1])
    cu.widgets.drive(demo, log10_lambda=-8.0)
    assert float(middle.get_title().split("= ")[1]) > 100 * small
    with pytest.raises(ValueError, match="multiple of 0.25"):
        demo.update(log10_lambda=-2.1)


# --------------------------------------------------------------------------- early stopping


def test_early_stopping_follows_the_keras_rule():
    assert R.early_stopping(R.EARLY_STOPPING_EXAMPLE, patience=3) == (6, 9)
    assert R.early_stopping([0.5, 0.4, 0.3], patience=2) == (3, None)  # never fires
    assert R.early_stopping([0.5, 0.6, 0.7], patience=1) == (1, 2)
    assert R.early_stopping(np.linspace(1, 2, 30), patience=10) == (1, 11)  # at least patience + 1 epochs
    with pytest.raises(ValueError, match="patience"):
        R.early_stopping([0.5], patience=0)
    with pytest.raises(ValueError, match="empty"):
        R.early_stopping([], patience=2)


@pytest.mark.parametrize("patience", [3, 10])
def test_early_stopping_agrees_with_keras(patience):
    keras = pytest.importorskip("keras")
    losses = [0.9, 0.7, 0.72, 0.65, 0.66, 0.67, 0.64, 0.7, 0.71, 0.73] + [0.8] * 15
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    stopper.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    stopper.on_train_begin()
    ran = 0
    for epoch, loss in enumerate(losses):
        ran = epoch + 1
        stopper.on_epoch_end(epoch, {"val_loss": loss})
        if getattr(stopper.model, "stop_training", False):
            break
    assert R.early_stopping(losses, patience)[1] == ran


# --------------------------------------------------------------------------- the networks


def test_overfit_data_is_a_scaled_xor_split():
    split = R.make_overfit_data(n_train=80, n_val=400, noise=0.0, seed=0)
    assert isinstance(split, cu.data.Split) and split.X_test is None
    assert split.X_train.shape == (80, 2) and split.X_val.shape == (400, 2)
    X = np.r_[split.X_train, split.X_val]
    y = np.r_[split.y_train, split.y_val]
    assert np.abs(X).max() <= R.MAP_LIM  # scaled where it is made: inputs of order 1
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))  # XOR: exactly one coordinate > 0
    raw, _ = cu.data.make_playground_data("xor", 480, 0.0, seed=0)
    np.testing.assert_allclose(X, raw / R.OVERFIT_SCALE)


def test_train_network_is_the_course_network_with_adam(small_runs):
    split, by_rate, _ = small_runs
    run = by_rate[0.0]
    assert isinstance(run.network, cu.nn.Network) and isinstance(run.history, cu.training.History)
    assert run.network.layer_sizes == [2, 8, 8, 1] and run.name == "8-8 units"
    assert set(run.history) == {"loss", "accuracy", "val_loss", "val_accuracy"} and run.num_epochs == 30
    np.testing.assert_array_equal(run.maps.epochs, [0, 10, 20, 30])
    # the same thing, written out with the network's own API
    net = cu.nn.Network([2, 8, 8, 1], activation="tanh", seed=0)
    history = net.fit(*split.train, num_epochs=30, optimizer=cu.optim.Adam(0.01), validation_data=split.val)
    np.testing.assert_allclose(history["val_loss"], run.history["val_loss"], rtol=1e-12)
    assert run.history.last("accuracy") == run.network.accuracy(*split.train)
    assert by_rate[0.5].name == "8-8 units, dropout 0.5"


def test_training_is_deterministic_under_a_seed():
    split = R.make_overfit_data(n_train=20, n_val=20)
    a = R.train_network(split, (4,), num_epochs=5, dropout_rate=0.2, seed=3)
    b = R.train_network(split, (4,), num_epochs=5, dropout_rate=0.2, seed=3)
    np.testing.assert_array_equal(a.history["val_loss"], b.history["val_loss"])


@pytest.mark.parametrize(("kwargs", "error", "phrase"), [
    ({"hidden_units": (0,)}, ValueError, "hidden_units"),
    ({"hidden_units": 8}, TypeError, "hidden_units"),
    ({"num_epochs": 0}, ValueError, "num_epochs"),
    ({"dropout_rate": 1.0}, ValueError, "dropout_rate"),
    ({"l2": -0.1}, ValueError, "l2"),
    ({"map_every": 0}, ValueError, "every"),
])
def test_training_rejects_bad_settings(kwargs, error, phrase):
    split = R.make_overfit_data(n_train=10, n_val=10)
    with pytest.raises(error, match=phrase):
        R.train_network(split, **kwargs)


def test_training_rejects_what_is_not_a_split():
    with pytest.raises(TypeError, match="cu.data.Split"):
        R.train_network((np.zeros((5, 2)), np.zeros(5)))


def test_plot_training_run_returns_a_figure(small_runs):
    split, by_rate, _ = small_runs
    fig = R.plot_training_run(by_rate[0.0], split, epoch=10, patience=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "epoch 10" in fig.axes[0].get_title()
    assert "before training" in R.plot_training_run(by_rate[0.0], split, epoch=0).axes[0].get_title()
    fig = Figure()
    pair = fig.subplots(1, 2)
    assert R.plot_training_run(by_rate[0.0], split, ax=pair) is fig
    with pytest.raises(ValueError, match="two Axes"):
        R.plot_training_run(by_rate[0.0], split, ax=[pair[0]])


# --------------------------------------------------------------------------- the random-label table


def test_random_dates_match_the_source_recipe():
    X, y = R.make_random_dates(100, seed=42)
    rng = np.random.RandomState(42)
    np.testing.assert_array_equal(X[:, 0], rng.randint(150, 200, size=100))
    assert X.shape == (100, 5) and set(np.unique(y)) == {0, 1}
    assert X[:, 2].min() >= 30000 and X[:, 2].max() < 100000
    with pytest.raises(ValueError, match="n_samples"):
        R.make_random_dates(0)


# --------------------------------------------------------------------------- network demos


def test_epoch_demo_shows_the_chosen_epoch(small_runs):
    split, by_rate, _ = small_runs
    run = by_rate[0.0]
    demo = R.demo_training_epochs(run, split, patience=5)
    first = bytes(demo.live_figure.image.value)
    frames = cu.widgets.drive(demo, epoch=30)
    assert frames == 2 and bytes(demo.live_figure.image.value) != first
    assert f"train acc {run.history['accuracy'][29]:.0%}" in demo.live_figure.axes[0].get_title()
    with pytest.raises(ValueError, match="pass the data"):
        R.demo_training_epochs(run)


def test_network_size_demo_switches_networks(small_runs):
    split, _, by_width = small_runs
    demo = R.demo_network_size(by_width, split)
    assert demo.values["width"] == 8
    cu.widgets.drive(demo, width=2)
    assert demo.live_figure.axes[0].get_title().startswith("2-2 units")


def test_dropout_demo_drops_in_training_and_not_at_test(small_runs):
    split, by_rate, _ = small_runs
    demo = R.demo_dropout(by_rate, split)
    left = demo.live_figure.axes[0]
    assert left.get_title().startswith("training:")
    bars = left.patches[8:]  # the first 8 patches are the outlines
    heights_before = [p.get_height() for p in bars]
    cu.widgets.drive(demo, draw=5)
    assert [p.get_height() for p in bars] != heights_before
    cu.widgets.drive(demo, mode="test")
    assert left.get_title() == "test: all 8 units on, nothing scaled"
    net = by_rate[0.5].network
    hidden = np.tanh(split.X_val[:1] @ net.layers[0].W + net.layers[0].b)[0]
    np.testing.assert_allclose([p.get_height() for p in bars], hidden)
    cu.widgets.drive(demo, dropout_rate=0.0, mode="training")
    assert "0 of 8 units dropped" in left.get_title()
    with pytest.raises(ValueError, match="rate 0.0"):
        R.demo_dropout({0.5: by_rate[0.5]}, split)


def test_every_demo_blits_what_a_full_redraw_shows(small_runs):
    split, by_rate, by_width = small_runs
    cases = [
        (R.demo_l2_penalty(split=cu.fitting.wave_splits()),
         [("log10_lambda", -6.0), ("log10_lambda", -2.0), ("log10_lambda", 0.5)]),
        (R.demo_training_epochs(by_rate[0.0], split, patience=5), [("epoch", 10), ("epoch", 20), ("epoch", 30)]),
        (R.demo_network_size(by_width, split), [("width", 2), ("width", 8)]),
        (R.demo_dropout(by_rate, split), [("draw", 3), ("mode", "test"), ("dropout_rate", 0.0), ("mode", "training")]),
    ]
    for demo, changes in cases:
        for name, value in changes:
            cu.widgets.drive(demo, **{name: value})
            # a few pixels may differ where an animated line crosses an axis spine
            assert cu.widgets.blit_mismatch(demo.live_figure) < 1e-4, (demo, name, value)


# --------------------------------------------------------------------------- exercises


def _right_loss(data_loss, weights, lam):
    return data_loss + lam * np.sum(np.asarray(weights) ** 2)


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    (_right_loss, True, "Correct"),
    (lambda data_loss, weights, lam: data_loss + lam * np.sum(np.abs(weights)), False, 'cu.hint("05-1")'),
    (lambda data_loss, weights, lam: data_loss + 0.5 * lam * np.sum(np.asarray(weights) ** 2), False, "Hint"),
    (lambda data_loss, weights, lam: str(data_loss), False, "should be a number"),
    (0.8, False, "should be a function"),
    (..., False, "replace the ..."),
])
def test_exercise_05_1(answer, passed, phrase):
    result = cu.check("05-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    (lambda a, mask, rate: a * mask / (1 - rate), True, "Correct"),
    (lambda a, mask, rate: a * mask, False, "Hint"),
    (lambda a, mask, rate: a[mask], False, "shape"),
    ("a * mask", False, "should be a function"),
])
def test_exercise_05_3(answer, passed, phrase):
    result = cu.check("05-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    ([6, 9], True, "Correct"),
    ((6, 9), True, "Correct"),
    ([6, 10], False, "Hint"),
    (6, False, "shape"),
    ("6, 9", False, "should be an array"),
])
def test_exercise_05_4(answer, passed, phrase):
    result = cu.check("05-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    (lambda W, dW, learning_rate, l2: W - learning_rate * (dW + 2 * l2 * W), True, "Correct"),
    (lambda W, dW, learning_rate, l2: (1 - 2 * learning_rate * l2) * W - learning_rate * dW, True, "Correct"),
    (lambda W, dW, learning_rate, l2: W - learning_rate * (dW + l2 * W), False, 'cu.hint("05-5")'),  # the 1/2 convention
    (lambda W, dW, learning_rate, l2: W - learning_rate * dW, False, "Hint"),
    (lambda W, dW, learning_rate, l2: W + learning_rate * (dW + 2 * l2 * W), False, "Hint"),
    ("W - lr * dW", False, "should be a function"),
])
def test_exercise_05_5_checks_against_the_networks_own_step(answer, passed, phrase):
    result = cu.check("05-5", answer, show=False)
    assert result.passed is passed, result.message
    assert phrase in result.message


@pytest.mark.parametrize("key", ["05-1", "05-3", "05-4", "05-5"])
def test_every_exercise_has_three_stepped_hints(key):
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(set(hints)) == 3


def test_hints_do_not_hand_over_the_code():
    everything = " ".join(h for key in ("05-1", "05-3", "05-5") for h in cu.checks.hints(key))
    for code in ("a * mask / (1 - rate)", "W - learning_rate", "np.sum(weights", "lam * np.sum"):
        assert code not in everything
    assert not any("[6, 9]" in h or "6 and 9" in h for h in cu.checks.hints("05-4"))
