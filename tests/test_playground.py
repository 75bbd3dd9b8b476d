"""Notebook 04's playground: the model, its figure, and the widget with Train/Step/Reset."""

from __future__ import annotations

import asyncio

import course_utils as cu
import numpy as np
import pytest
from course_utils import playground
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- 1. the model


def test_training_on_circle_lowers_both_losses_and_separates_the_classes():
    model = cu.Playground("circle", hidden_units=(4, 2), learning_rate=0.03, batch_size=10)
    first_train, first_test = model.history["train_loss"][0], model.history["test_loss"][0]
    last = model.step(100)
    assert model.epoch == 100
    assert model.history["epoch"] == list(range(101))  # epoch 0 is the untrained network
    assert last == model.history["train_loss"][-1] < 0.5 * first_train
    assert model.history["test_loss"][-1] < 0.5 * first_test
    assert model.test_accuracy() >= 0.9


def test_split_follows_train_ratio_and_keeps_every_point():
    model = cu.Playground("xor", train_ratio=0.3, n_samples=400)
    assert model.X_train.shape == (120, 2) and model.y_train.shape == (120,)
    assert model.X_test.shape == (280, 2) and model.y_test.shape == (280,)
    X, y = cu.make_playground_data("xor", 400, 0.0, seed=0)
    both = np.r_[model.X_train, model.X_test]
    assert np.array_equal(both, X) and np.array_equal(np.r_[model.y_train, model.y_test], y)


def test_reset_with_the_same_seed_restores_the_start_and_none_draws_new_weights():
    model = cu.Playground("circle", seed=3)
    start = model.network.get_params()
    model.step(5)
    assert not np.allclose(model.network.get_params(), start)
    model.reset(seed=3)
    assert np.array_equal(model.network.get_params(), start)
    assert model.epoch == 0 and len(model.history["train_loss"]) == 1
    model.reset()  # the Reset button: next seed, new weights
    assert model.weight_seed == 4
    assert not np.allclose(model.network.get_params(), start)


def test_same_settings_train_the_same_way():
    a, b = cu.Playground("spiral", seed=1), cu.Playground("spiral", seed=1)
    a.step(3)
    b.step(3)
    assert a.history == b.history


def test_decision_map_has_the_grid_shape_and_row_zero_at_the_bottom():
    model = cu.Playground("gaussian", grid_size=25)
    z = model.decision_map()
    assert z.shape == (25, 25)
    assert np.all((z >= 0) & (z <= 1))
    # row i is y = linspace(-6, 6)[i], column j is x = linspace(-6, 6)[j]
    axis = np.linspace(-6, 6, 25)
    i, j = 3, 20
    expected = model.network.forward([[axis[j], axis[i]]])[0, 0]
    assert z[i, j] == pytest.approx(expected)
    assert cu.Playground("circle").decision_map().shape == (60, 60)


def test_trained_map_matches_the_classes_of_the_points():
    model = cu.Playground("gaussian")  # class 1 around (2, 2), class 0 around (-2, -2)
    model.step(10)
    z = model.decision_map()
    axis = np.linspace(-6, 6, 60)
    near = lambda v: int(np.argmin(np.abs(axis - v)))  # noqa: E731
    assert z[near(2), near(2)] > 0.9 and z[near(-2), near(-2)] < 0.1


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_regularization_keeps_the_weights_smaller(regularization):
    plain = cu.Playground("circle", hidden_units=(8, 8), learning_rate=0.1)
    shrunk = cu.Playground("circle", hidden_units=(8, 8), learning_rate=0.1,
                           regularization=regularization, reg_rate=0.03)
    assert plain.weight_norm() == shrunk.weight_norm()  # same start
    plain.step(20)
    shrunk.step(20)
    assert shrunk.weight_norm() < 0.8 * plain.weight_norm()


def test_step_settings_keep_the_weights_and_rebuild_settings_start_again():
    model = cu.Playground("circle")
    model.step(3)
    params = model.network.get_params()
    assert model.update(learning_rate=0.3, batch_size=5, regularization="l2", reg_rate=0.01) is False
    assert np.array_equal(model.network.get_params(), params) and model.epoch == 3
    X_before = model.X_train
    assert model.update(noise=0.2) is True
    assert model.epoch == 0 and not np.array_equal(model.X_train, X_before)
    assert model.update(hidden_units=[8, 8, 8], activation="relu") is True
    assert model.network.layer_sizes == [2, 8, 8, 8, 1] and model.network.activation == "relu"
    assert model.update(hidden_units=()) is True  # no hidden layer: logistic regression
    assert model.network.layer_sizes == [2, 1]
    assert model.update(dataset="SPIRAL") is True and model.settings["dataset"] == "spiral"


@pytest.mark.parametrize(
    ("settings", "error", "phrase"),
    [
        ({"dataset": "moons"}, ValueError, "Unknown data set"),
        ({"noise": 2}, ValueError, "noise must be"),
        ({"train_ratio": 1.0}, ValueError, "between 0 and 1"),
        ({"train_ratio": 0.99, "n_samples": 100}, ValueError, "at least 2"),
        ({"hidden_units": (0,)}, ValueError, "1 to 8 neurons"),
        ({"hidden_units": (9,)}, ValueError, "1 to 8 neurons"),
        ({"hidden_units": (2,) * 7}, ValueError, "at most 6 layers"),
        ({"hidden_units": "44"}, TypeError, "lists the neurons"),
        ({"hidden_units": 4}, TypeError, "lists the neurons"),
        ({"activation": "softmax"}, ValueError, "Unknown activation"),
        ({"learning_rate": 0}, ValueError, "positive number"),
        ({"learning_rate": "fast"}, ValueError, "positive number"),
        ({"regularization": "l3"}, ValueError, "regularization must be"),
        ({"reg_rate": -0.1}, ValueError, ">= 0"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, ValueError, "whole number"),
        ({"n_samples": 3}, ValueError, "n_samples"),
        ({"seed": -1}, ValueError, "seed must be"),
        ({"seed": "0"}, TypeError, "seed must be"),
        ({"momentum": 0.9}, ValueError, "no setting"),
    ],
)
def test_bad_settings_raise_clear_errors_and_leave_the_model_as_it_was(settings, error, phrase):
    model = cu.Playground("circle")
    before = dict(model.settings)
    with pytest.raises(error, match=phrase):
        model.update(**settings)
    assert model.settings == before
    if "momentum" not in settings:
        with pytest.raises(error, match=phrase):
            cu.Playground(**{"dataset": "circle", **settings})


def test_step_and_reset_reject_bad_arguments():
    model = cu.Playground()
    with pytest.raises(ValueError, match="num_epochs"):
        model.step(0)
    with pytest.raises(TypeError, match="seed"):
        model.reset(seed="one")
    with pytest.raises(ValueError, match="grid_size"):
        cu.Playground(grid_size=1)


def test_status_line_reads_the_history():
    model = cu.Playground("xor")
    model.step(2)
    text = model.status()
    assert text.startswith("epoch 2 · train loss ")
    assert f"{model.history['test_loss'][-1]:.3f}" in text and "test accuracy" in text


# --------------------------------------------------------------------------- 2. the figure


def test_plot_playground_draws_map_points_and_both_curves():
    model = cu.Playground("circle", n_samples=200)
    model.step(3)
    fig = cu.plot_playground(model)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    map_ax, loss_ax = fig.axes
    assert len(map_ax.images) == 1
    assert sum(len(line.get_xdata()) for line in map_ax.lines) == 200  # every point once
    curves = {line.get_label(): line for line in loss_ax.lines}
    assert list(curves["train loss"].get_ydata()) == model.history["train_loss"]
    assert list(curves["test loss"].get_ydata()) == model.history["test_loss"]
    assert loss_ax.get_title() == model.status()


def test_plot_playground_on_given_axes():
    model = cu.Playground("xor")
    fig = Figure()
    ax = fig.subplots()
    assert cu.plot_playground(model, ax=ax) is fig and len(fig.axes) == 1
    fig2 = Figure()
    pair = fig2.subplots(1, 2)
    assert cu.plot_playground(model, ax=pair) is fig2
    with pytest.raises(TypeError, match="cu.Playground"):
        cu.plot_playground("circle")
    with pytest.raises(ValueError, match="pair"):
        cu.plot_playground(model, ax=[ax, ax, ax])


def test_map_pixels_upsample_and_colour():
    z = np.array([[0.0, 1.0], [1.0, 0.0]])
    pixels = playground._map_pixels(z)
    assert pixels.shape == (3, 3, 4) and pixels.dtype == np.uint8
    assert np.array_equal(pixels[0, 0], playground._MAP_LUT[0])
    assert np.array_equal(pixels[0, 2], playground._MAP_LUT[255])
    assert np.array_equal(pixels[1, 1], playground._MAP_LUT[127])  # the middle: 0.5


# --------------------------------------------------------------------------- 3. the widget


def _png(demo) -> bytes:
    return bytes(demo.live_figure.image.value)


def test_demo_layout_and_classes_for_the_browser_tests():
    demo = cu.demo_playground()
    assert "cu-demo" in demo._dom_classes
    assert "cu-demo-error" in demo.error_box._dom_classes
    assert {"train", "step", "reset", "dataset", "noise", "train_ratio", "hidden_layers", "hidden_units",
            "activation", "learning_rate", "regularization", "reg_rate", "batch_size",
            "epochs_per_frame"} == set(demo.controls)
    assert _png(demo).startswith(b"\x89PNG") and demo.live_figure.frames_sent == 1
    assert demo.model.network.layer_sizes == [2, 4, 4, 1]
    assert "epoch 0" in demo.status.value and demo.last_error is None


def test_step_button_trains_and_sends_a_new_frame():
    demo = cu.demo_playground(epochs_per_frame=3)
    frame, status = _png(demo), demo.status.value
    demo.controls["step"].click()
    assert demo.last_error is None
    assert demo.model.epoch == 3
    assert demo.live_figure.frames_sent == 2 and _png(demo) != frame
    assert demo.status.value != status and "epoch 3" in demo.status.value


def test_reset_button_goes_back_to_epoch_zero_with_new_weights():
    demo = cu.demo_playground()
    start = demo.model.network.get_params()
    for _ in range(3):
        demo.controls["step"].click()
    demo.controls["reset"].click()
    assert demo.model.epoch == 0 and "epoch 0" in demo.status.value
    assert not np.allclose(demo.model.network.get_params(), start)


def test_rebuild_controls_redraw_and_step_controls_only_change_the_status():
    demo = cu.demo_playground()
    frame = _png(demo)
    frames = cu.drive(demo, noise=0.3)
    assert frames == 2 and _png(demo) != frame and demo.model.settings["noise"] == 0.3
    cu.drive(demo, hidden_layers=3, hidden_units=8, activation="relu")
    assert demo.model.network.layer_sizes == [2, 8, 8, 8, 1]
    assert demo.model.network.activation == "relu"
    cu.drive(demo, dataset="spiral", train_ratio=0.7)
    assert demo.model.settings["dataset"] == "spiral" and len(demo.model.X_train) == 280
    demo.controls["step"].click()
    params, frames = demo.model.network.get_params(), demo.live_figure.frames_sent
    cu.drive(demo, learning_rate=0.3, regularization="l2", reg_rate=0.01, batch_size=5)
    assert demo.live_figure.frames_sent == frames  # nothing on the map changed
    assert np.array_equal(demo.model.network.get_params(), params) and demo.model.epoch == 1
    assert demo.model.settings["learning_rate"] == 0.3 and demo.model.settings["batch_size"] == 5
    assert "learning rate 0.3, regularization L2 (rate 0.01), batch 5, 1 epoch per frame" in demo.status.value
    cu.drive(demo, regularization="none", reg_rate=0.1, epochs_per_frame=4)  # still shown
    assert "regularization none (rate 0.1), batch 5, 4 epochs per frame" in demo.status.value


def test_set_changes_several_controls_with_one_redraw():
    demo = cu.demo_playground()
    demo.set(dataset="xor", noise=0.1, hidden_layers=1, hidden_units=3)
    assert demo.live_figure.frames_sent == 2
    assert demo.model.network.layer_sizes == [2, 3, 1]
    with pytest.raises(ValueError, match="no setting named"):
        demo.set(momentum=0.5)


def test_train_runs_on_the_event_loop_until_pause():
    demo = cu.demo_playground(max_fps=50)
    first_loss = demo.model.history["train_loss"][0]

    async def scenario():
        demo.controls["train"].value = True
        assert demo.controls["train"].description == "Pause"
        await asyncio.sleep(1.0)
        running = demo.training
        frames = demo.live_figure.frames_sent
        demo.controls["train"].value = False
        stopped_at = (demo.model.epoch, demo.live_figure.frames_sent)
        await asyncio.sleep(0.3)
        return running, frames, stopped_at

    running, frames, stopped_at = asyncio.run(scenario())
    assert demo.last_error is None, demo.error_box.value
    assert running and frames >= 4  # the first picture plus at least 3 trained frames
    assert (demo.model.epoch, demo.live_figure.frames_sent) == stopped_at  # Pause stopped it
    assert not demo.training and demo.controls["train"].description == "Train"
    assert demo.model.history["train_loss"][-1] < first_loss


@pytest.mark.parametrize("how", ["reset", "rebuild", "close"])
def test_train_stops_on_reset_rebuild_and_close(how):
    demo = cu.demo_playground(max_fps=50)

    async def scenario():
        demo.controls["train"].value = True
        await asyncio.sleep(0.3)
        assert demo.training
        if how == "reset":
            demo.controls["reset"].click()
        elif how == "rebuild":
            demo.controls["hidden_units"].value = 6
        else:
            demo.close()
        after = demo.live_figure.frames_sent
        await asyncio.sleep(0.3)
        return after

    after = asyncio.run(scenario())
    assert not demo.training and demo.last_error is None
    assert demo.live_figure.frames_sent == after
    if how != "close":
        assert demo.controls["train"].value is False
        assert demo.model.epoch == 0


def test_starting_a_second_playground_pauses_the_first():
    first, second = cu.demo_playground(max_fps=50), cu.demo_playground("xor", max_fps=50)

    async def scenario():
        first.controls["train"].value = True
        await asyncio.sleep(0.2)
        second.controls["train"].value = True
        await asyncio.sleep(0.2)
        result = (first.training, second.training)
        second.controls["train"].value = False
        return result

    assert asyncio.run(scenario()) == (False, True)
    assert first.controls["train"].value is False


def test_making_a_new_playground_pauses_the_one_training():
    """Re-running the cell hides the old widget: it must not keep training unseen."""
    old = cu.demo_playground(max_fps=50)

    async def scenario():
        old.controls["train"].value = True
        await asyncio.sleep(0.2)
        new = cu.demo_playground()
        await asyncio.sleep(0.1)
        return old.training, new.training

    assert asyncio.run(scenario()) == (False, False)
    assert old.controls["train"].value is False


def test_train_without_an_event_loop_explains_what_to_do():
    demo = cu.demo_playground()
    demo.controls["train"].value = True
    assert demo.controls["train"].value is False and not demo.training
    assert isinstance(demo.last_error, RuntimeError)
    assert "Step button" in demo.error_box.value


def test_a_tick_pauses_at_max_epochs_and_when_the_loss_is_not_a_number():
    demo = cu.demo_playground(epochs_per_frame=2)
    demo.max_epochs = 4
    assert demo._tick() is True
    assert demo._tick() is False and "paused by itself at epoch 4" in demo.status.value
    net = demo.model.network
    net.set_params(np.full(net.n_params, np.nan))
    assert demo._tick() is False
    assert "no longer a number" in demo.status.value and demo.last_error is None


def test_demo_playground_rejects_bad_settings():
    with pytest.raises(ValueError, match="no setting"):
        cu.demo_playground(layers=2)
    with pytest.raises(ValueError, match="hidden_layers"):
        cu.demo_playground(hidden_layers=7)
    with pytest.raises(ValueError, match="hidden_units"):
        cu.demo_playground(hidden_units=0)
    with pytest.raises(ValueError, match="slider's range"):
        cu.demo_playground(batch_size=64)
    with pytest.raises(ValueError, match="Unknown data set"):
        cu.demo_playground("moons")
    with pytest.raises(TypeError, match="cu.Playground"):
        cu.PlaygroundDemo("circle")


def test_a_setting_off_the_slider_lists_is_still_offered():
    demo = cu.demo_playground(learning_rate=0.05, reg_rate=0.002)
    assert demo.controls["learning_rate"].value == 0.05
    assert demo.model.settings["reg_rate"] == 0.002
