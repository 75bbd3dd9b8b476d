"""Notebook 05, part 2: L2, dropout, early stopping, the NumPy network, seed 000's data, the demos."""

from __future__ import annotations

import copy

import course_utils as cu
import numpy as np
import pytest
from course_utils import regularization as reg
from matplotlib.figure import Figure


@pytest.fixture(scope="module")
def small_runs():
    """Tiny networks trained for a few epochs: enough for the demos and records."""
    data = cu.make_overfit_data(n_train=40, n_val=60)
    kwargs = dict(hidden_units=(8, 8), num_epochs=30, snapshot_every=10, grid_size=12)
    by_rate = {r: cu.train_mlp(*data["train"], *data["val"], dropout_rate=r, **kwargs) for r in (0.0, 0.5)}
    by_size = {2: cu.train_mlp(*data["train"], *data["val"], **dict(kwargs, hidden_units=(2, 2))), 8: by_rate[0.0]}
    return data, by_rate, by_size


# --------------------------------------------------------------------------- L2


def test_penalized_loss_adds_lambda_times_the_sum_of_squares():
    assert cu.penalized_loss(0.3, np.array([1.0, -2.0, 0.5]), 0.1) == pytest.approx(0.3 + 0.525)
    assert cu.penalized_loss(0.3, [np.ones((2, 2)), np.array([3.0])], 0.5) == pytest.approx(0.3 + 0.5 * 13)
    assert cu.penalized_loss(1.0, [1.0, 2.0], 0.0) == 1.0
    with pytest.raises(ValueError, match="0 or more"):
        cu.penalized_loss(1.0, [1.0], -0.1)


def test_l2_sweep_shrinks_the_weights_and_has_a_best_lambda():
    sweep = cu.l2_sweep(cu.wave_splits(), 12, np.arange(-8.0, 1.01, 1.0))
    assert sweep["curves"].shape == (10, 200)
    assert np.all(np.diff(sweep["sum_w2"]) < 0)
    assert np.all(np.diff(sweep["train"]) > -1e-12)  # a bigger penalty never fits the training set better
    assert 0 < sweep["val"].argmin() < 9


def test_l2_demo_moves_the_marker_and_shrinks_the_weights():
    demo = cu.demo_l2_penalty()
    first = bytes(demo.live_figure.image.value)
    cu.drive(demo, log10_lambda=-2.0)
    assert bytes(demo.live_figure.image.value) != first
    left, middle, _ = demo.live_figure.axes
    assert left.get_title().startswith("lambda = 0.01")
    small = float(middle.get_title().split("= ")[1])
    cu.drive(demo, log10_lambda=-8.0)
    assert float(middle.get_title().split("= ")[1]) > 100 * small
    with pytest.raises(ValueError, match="multiple of 0.25"):
        demo.update(log10_lambda=-2.1)


# --------------------------------------------------------------------------- dropout and early stopping


def test_dropout_is_off_at_test_time_and_scales_survivors_in_training():
    a = np.arange(1.0, 2001.0).reshape(1, -1)
    out, mask = cu.dropout_forward(a, 0.3, training=False)
    np.testing.assert_array_equal(out, a)
    assert mask.all()
    out, mask = cu.dropout_forward(a, 0.3, training=True, rng=np.random.default_rng(0))
    np.testing.assert_allclose(out, a * mask / 0.7)
    assert (~mask).mean() == pytest.approx(0.3, abs=0.04)
    assert out.sum() == pytest.approx(a.sum(), rel=0.05)  # the expected total is kept


@pytest.mark.parametrize("rate", [1.0, -0.1, "0.5", True])
def test_dropout_rejects_bad_rates(rate):
    with pytest.raises(ValueError, match="rate must be"):
        cu.dropout_forward(np.ones(3), rate, training=True)


def test_early_stopping_follows_the_keras_rule():
    assert cu.early_stopping(cu.EARLY_STOPPING_EXAMPLE, patience=3) == (6, 9)
    assert cu.early_stopping([0.5, 0.4, 0.3], patience=2) == (3, 3)  # never fires
    assert cu.early_stopping([0.5, 0.6, 0.7], patience=1) == (1, 2)
    with pytest.raises(ValueError, match="patience"):
        cu.early_stopping([0.5], patience=0)
    with pytest.raises(ValueError, match="non-empty"):
        cu.early_stopping([], patience=2)


# --------------------------------------------------------------------------- the network


def test_gradients_match_finite_differences_with_l2():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 2))
    y = (rng.random(7) > 0.5).astype(float)
    params = reg._init_params([2, 5, 4, 1], rng)
    l2 = 0.05

    def loss(p):
        weights = sum(np.sum(W**2) for W, _ in p)
        return cu.binary_cross_entropy(y, reg._forward(p, X)[0]) + l2 * weights

    grads = reg._gradients(params, X, y, l2=l2)
    for i in range(3):
        for j in range(2):
            numeric = np.zeros_like(params[i][j])
            for idx in np.ndindex(numeric.shape):
                up, down = copy.deepcopy(params), copy.deepcopy(params)
                up[i][j][idx] += 1e-6
                down[i][j][idx] -= 1e-6
                numeric[idx] = (loss(up) - loss(down)) / 2e-6
            np.testing.assert_allclose(grads[i][j], numeric, atol=1e-7)


def test_training_fits_the_training_set_and_records_every_epoch(small_runs):
    data, by_rate, _ = small_runs
    record = by_rate[0.0]
    assert record.train_loss.shape == record.val_acc.shape == (31,)
    assert record.train_loss[-1] < record.train_loss[0]
    assert record.snapshots.shape == (4, 12, 12)
    np.testing.assert_array_equal(record.snapshot_epochs, [0, 10, 20, 30])
    np.testing.assert_array_equal(record.snapshot_at(19), record.snapshots[1])
    p = cu.mlp_predict_proba(record.params, data["train"][0])
    assert np.mean((p > 0.5) == data["train"][1]) == pytest.approx(record.train_acc[-1])
    assert cu.mlp_hidden(record.params, data["val"][0][:3]).shape == (3, 8)


def test_training_is_deterministic_under_a_seed():
    data = cu.make_overfit_data(n_train=20, n_val=20)
    a = cu.train_mlp(*data["train"], *data["val"], hidden_units=(4,), num_epochs=5, dropout_rate=0.2, seed=3)
    b = cu.train_mlp(*data["train"], *data["val"], hidden_units=(4,), num_epochs=5, dropout_rate=0.2, seed=3)
    np.testing.assert_array_equal(a.val_loss, b.val_loss)


@pytest.mark.parametrize(("kwargs", "phrase"), [
    ({"hidden_units": (0,)}, "hidden_units"),
    ({"num_epochs": 0}, "num_epochs"),
    ({"dropout_rate": 1.0}, "rate must be"),
    ({"l2": -0.1}, "l2"),
    ({"snapshot_every": 0}, "snapshot_every"),
])
def test_training_rejects_bad_settings(kwargs, phrase):
    data = cu.make_overfit_data(n_train=10, n_val=10)
    with pytest.raises(ValueError, match=phrase):
        cu.train_mlp(*data["train"], *data["val"], **kwargs)


def test_training_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        cu.train_mlp(np.zeros((5, 3)), np.zeros(5), np.zeros((5, 2)), np.zeros(5))


def test_plot_training_record_returns_a_figure(small_runs):
    data, by_rate, _ = small_runs
    fig = cu.plot_training_record(by_rate[0.0], data, epoch=10, patience=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "epoch 10" in fig.axes[0].get_title()
    fig = Figure()
    pair = fig.subplots(1, 2)
    assert cu.plot_training_record(by_rate[0.0], data, ax=pair) is fig
    with pytest.raises(ValueError, match="two Axes"):
        cu.plot_training_record(by_rate[0.0], data, ax=[pair[0]])


# --------------------------------------------------------------------------- seed 000's data


def test_random_dates_match_the_source_recipe():
    X, y = cu.make_random_dates(100, seed=42)
    rng = np.random.RandomState(42)
    np.testing.assert_array_equal(X[:, 0], rng.randint(150, 200, size=100))
    assert X.shape == (100, 5) and set(np.unique(y)) == {0, 1}
    assert X[:, 2].min() >= 30000 and X[:, 2].max() < 100000
    with pytest.raises(ValueError, match="n_samples"):
        cu.make_random_dates(0)


# --------------------------------------------------------------------------- network demos


def test_epoch_demo_shows_the_chosen_epoch(small_runs):
    data, by_rate, _ = small_runs
    record = by_rate[0.0]
    demo = cu.demo_training_epochs(record, data, patience=5)
    first = bytes(demo.live_figure.image.value)
    frames = cu.drive(demo, epoch=30)
    assert frames == 2 and bytes(demo.live_figure.image.value) != first
    assert f"train acc {record.train_acc[30]:.0%}" in demo.live_figure.axes[0].get_title()
    with pytest.raises(ValueError, match="pass the data"):
        cu.demo_training_epochs(record)


def test_network_size_demo_switches_networks(small_runs):
    data, _, by_size = small_runs
    demo = cu.demo_network_size(by_size, data)
    assert demo.values["hidden_units"] == 8
    cu.drive(demo, hidden_units=2)
    assert demo.live_figure.axes[0].get_title().startswith("2-2 units")


def test_dropout_demo_drops_in_training_and_not_at_test(small_runs):
    data, by_rate, _ = small_runs
    demo = cu.demo_dropout(by_rate, data)
    left = demo.live_figure.axes[0]
    assert left.get_title().startswith("training:")
    heights_before = [p.get_height() for p in left.patches[-8:]]
    cu.drive(demo, draw=5)
    assert [p.get_height() for p in left.patches[-8:]] != heights_before
    cu.drive(demo, mode="test")
    assert left.get_title() == "test: all 8 units on, nothing scaled"
    shown = np.array([p.get_height() for p in left.patches[8:]])
    np.testing.assert_allclose(shown, cu.mlp_hidden(by_rate[0.5].params, data["val"][0][:1])[0])
    cu.drive(demo, rate=0.0, mode="training")
    assert "0 of 8 units dropped" in left.get_title()
    with pytest.raises(ValueError, match="rate 0.0"):
        cu.demo_dropout({0.5: by_rate[0.5]}, data)


# --------------------------------------------------------------------------- exercises


def _right_loss(data_loss, weights, lam):
    return data_loss + lam * np.sum(np.asarray(weights) ** 2)


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    (_right_loss, True, "Correct"),
    (lambda data_loss, weights, lam: data_loss + lam * np.sum(np.abs(weights)), False, "Hint"),
    (lambda data_loss, weights, lam: None, False, "should be a number"),
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
