"""Notebook 04's playground: the model, its figure, and the widget with Train/Step/Reset."""

from __future__ import annotations

import asyncio

import course_utils as cu
import numpy as np
import pytest
from course_utils import playground
from course_utils.playground import Playground
from matplotlib.figure import Figure

# --------------------------------------------------------------------------- 1. the model


def test_training_on_circle_lowers_both_losses_and_separates_the_classes():
    model = Playground("circle", hidden_units=(4, 2), learning_rate=0.03, batch_size=10)
    first_train, first_test = model.history["loss"][0], model.history["test_loss"][0]
    last = model.step(100)
    assert model.epoch == 100
    assert isinstance(model.history, cu.training.History)
    assert list(model.history["epoch"]) == list(range(101))  # epoch 0 is the untrained network
    assert last == model.history.last("loss") < 0.5 * first_train
    assert model.history.last("test_loss") < 0.5 * first_test
    assert model.test_accuracy() >= 0.9


def test_split_follows_train_ratio_and_keeps_every_point():
    model = Playground("xor", train_ratio=0.3, n_samples=400)
    assert model.X_train.shape == (120, 2) and model.y_train.shape == (120,)
    assert model.X_test.shape == (280, 2) and model.y_test.shape == (280,)
    X, y = cu.data.make_playground_data("xor", 400, 0.0, seed=0)
    both = np.r_[model.X_train, model.X_test]
    assert np.array_equal(both, X) and np.array_equal(np.r_[model.y_train, model.y_test], y)


def test_xor_is_class_one_when_exactly_one_coordinate_is_positive():
    model = Playground("xor")
    X, y = model.X_train, model.y_train
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_the_network_sees_the_points_unscaled():
    model = Playground("circle", hidden_units=())
    W, b = model.network.layers[0].W, model.network.layers[0].b
    z = model.X_test @ W + b
    expected = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(model.network.predict(model.X_test), expected)
    assert np.abs(model.X_train).max() > 4  # the points lie in [-6, 6]


def test_reset_with_the_same_seed_restores_the_start_and_none_draws_new_weights():
    model = Playground("circle", seed=3)
    start = model.network.get_params()
    model.step(5)
    assert not np.allclose(model.network.get_params(), start)
    model.reset(seed=3)
    assert np.array_equal(model.network.get_params(), start)
    assert model.epoch == 0 and len(model.history) == 1
    model.reset()  # the Reset button: next seed, new weights
    assert model.weight_seed == 4
    assert not np.allclose(model.network.get_params(), start)


def test_same_settings_train_the_same_way():
    a, b = Playground("spiral", seed=1), Playground("spiral", seed=1)
    a.step(3)
    b.step(3)
    assert a.history.as_dict() == b.history.as_dict()


def test_decision_map_has_the_grid_shape_and_row_zero_at_the_bottom():
    model = Playground("gaussian", grid_size=25)
    z = model.decision_map()
    assert z.shape == (25, 25)
    assert np.all((z >= 0) & (z <= 1))
    # row i is y = linspace(-6, 6)[i], column j is x = linspace(-6, 6)[j]
    axis = np.linspace(-6, 6, 25)
    i, j = 3, 20
    expected = model.network.forward([[axis[j], axis[i]]])[0, 0]
    assert z[i, j] == pytest.approx(expected)
    np.testing.assert_array_equal(z, cu.nn.decision_grid(model.network, lim=6.0, resolution=25))
    assert Playground("circle").decision_map().shape == (60, 60)


def test_trained_map_matches_the_classes_of_the_points():
    model = Playground("gaussian")  # class 1 around (2, 2), class 0 around (-2, -2)
    model.step(10)
    z = model.decision_map()
    axis = np.linspace(-6, 6, 60)
    near = lambda value: int(np.argmin(np.abs(axis - value)))  # noqa: E731
    assert z[near(2), near(2)] > 0.9 and z[near(-2), near(-2)] < 0.1


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_regularization_keeps_the_weights_smaller(regularization):
    plain = Playground("circle", hidden_units=(8, 8), learning_rate=0.1)
    shrunk = Playground("circle", hidden_units=(8, 8), learning_rate=0.1,
                        regularization=regularization, regularization_rate=0.03)
    assert plain.weight_norm() == shrunk.weight_norm()  # same start
    plain.step(20)
    shrunk.step(20)
    assert shrunk.weight_norm() < 0.8 * plain.weight_norm()
    assert getattr(shrunk.network, regularization) == 0.03  # Keras' convention, as cu.nn.Network takes it


def test_l1_sets_many_weights_near_zero_and_l2_shrinks_them_all():
    """What the notebook's one sentence on L1 says (measured on the circle, 8-8 tanh, λ = 0.01)."""
    weights = {}
    for regularization in ("l1", "l2"):
        model = Playground("circle", hidden_units=(8, 8), learning_rate=0.03,
                           regularization=regularization, regularization_rate=0.01)
        model.step(200)
        weights[regularization] = np.concatenate([layer.W.ravel() for layer in model.network.layers])
    near_zero = {r: np.mean(np.abs(w) < 0.05) for r, w in weights.items()}
    assert near_zero["l1"] > 2 * near_zero["l2"]


def test_step_settings_keep_the_weights_and_rebuild_settings_start_again():
    model = Playground("circle")
    model.step(3)
    params = model.network.get_params()
    assert model.update(learning_rate=0.3, batch_size=5, regularization="l2", regularization_rate=0.01) is False
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
        ({"dataset": "moons"}, ValueError, "dataset should be one of"),
        ({"noise": 2}, ValueError, "at most 1"),
        ({"train_ratio": 1.0}, ValueError, "train_ratio"),
        ({"train_ratio": 0.99, "n_samples": 100}, ValueError, "at least 2"),
        ({"hidden_units": (0,)}, ValueError, "at least 1"),
        ({"hidden_units": (9,)}, ValueError, "1 to 8 neurons"),
        ({"hidden_units": (2,) * 7}, ValueError, "at most 6 layers"),
        ({"hidden_units": "44"}, TypeError, "lists the neurons"),
        ({"hidden_units": 4}, TypeError, "lists the neurons"),
        ({"activation": "softmax"}, ValueError, "activation should be one of"),
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "should be a number"),
        ({"regularization": "l3"}, ValueError, "regularization should be one of"),
        ({"regularization_rate": -0.1}, ValueError, "at least 0"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, TypeError, "whole number"),
        ({"n_samples": 3}, ValueError, "n_samples"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": "0"}, TypeError, "seed"),
        ({"momentum": 0.9}, ValueError, "no setting"),
    ],
)
def test_bad_settings_raise_clear_errors_and_leave_the_model_as_it_was(settings, error, phrase):
    model = Playground("circle")
    before = dict(model.settings)
    with pytest.raises(error, match=phrase):
        model.update(**settings)
    assert model.settings == before
    if "momentum" not in settings:
        with pytest.raises(error, match=phrase):
            Playground(**{"dataset": "circle", **settings})


def test_step_and_reset_reject_bad_arguments():
    model = Playground()
    with pytest.raises(ValueError, match="num_epochs"):
        model.step(0)
    with pytest.raises(TypeError, match="seed"):
        model.reset(seed="one")
    with pytest.raises(ValueError, match="grid_size"):
        Playground(grid_size=1)


def test_status_line_reads_the_history():
    model = Playground("xor")
    model.step(2)
    text = model.status()
    assert text.startswith("epoch 2 · train loss ")
    assert f"{model.history.last('test_loss'):.3f}" in text and "test accuracy" in text


# --------------------------------------------------------------------------- 2. the figure


def test_plot_playground_draws_map_points_and_both_curves():
    model = Playground("circle", n_samples=200)
    model.step(3)
    fig = cu.playground.plot_playground(model)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    map_ax, loss_ax = fig.axes
    assert len(map_ax.images) == 1
    assert sum(len(line.get_xdata()) for line in map_ax.lines) == 200  # every point once
    curves = {line.get_label(): line for line in loss_ax.lines}
    np.testing.assert_array_equal(curves["training loss"].get_ydata(), model.history["loss"])
    np.testing.assert_array_equal(curves["test loss"].get_ydata(), model.history["test_loss"])
    assert curves["training loss"].get_color() == playground._BLUE  # docs/notation.md: training blue
    assert curves["test loss"].get_color() == playground._ORANGE
    assert loss_ax.get_title() == model.status()


def test_plot_playground_on_given_axes():
    model = Playground("xor")
    fig = Figure()
    ax = fig.subplots()
    assert cu.playground.plot_playground(model, ax=ax) is fig and len(fig.axes) == 1
    fig2 = Figure()
    pair = fig2.subplots(1, 2)
    assert cu.playground.plot_playground(model, ax=pair) is fig2
    with pytest.raises(TypeError, match="cu.playground.Playground"):
        cu.playground.plot_playground("circle")
    with pytest.raises(ValueError, match="pair"):
        cu.playground.plot_playground(model, ax=[ax, ax, ax])


def test_map_pixels_upsample_and_colour():
    z = np.array([[0.0, 1.0], [1.0, 0.0]])
    pixels = playground._map_pixels(z)
    assert pixels.shape == (3, 3, 4) and pixels.dtype == np.uint8
    assert np.array_equal(pixels[0, 0], playground._MAP_LUT[0])
    assert np.array_equal(pixels[0, 2], playground._MAP_LUT[255])
    assert np.array_equal(pixels[1, 1], playground._MAP_LUT[127])  # the middle: 0.5
    orange, blue = playground._MAP_LUT[0], playground._MAP_LUT[255]
    assert orange[0] > orange[2] and blue[2] > blue[0]  # class 0 orange, class 1 blue


# --------------------------------------------------------------------------- 3. the widget


def _png(demo) -> bytes:
    return bytes(demo.live_figure.image.value)


def test_demo_is_a_slider_demo_with_buttons_and_a_readout():
    demo = cu.playground.demo_playground()
    assert isinstance(demo, cu.widgets.SliderDemo)
    assert isinstance(demo.readout, cu.widgets.Readout)
    assert "cu-demo" in demo._dom_classes
    assert "cu-demo-error" in demo.error_box._dom_classes
    assert set(demo.controls) == {"dataset", "noise", "train_ratio", "num_hidden_layers", "width", "activation",
                                  "learning_rate", "regularization", "regularization_rate", "batch_size",
                                  "epochs_per_frame"}
    assert set(demo.buttons) == {"train", "step", "reset"}
    assert demo.values["num_hidden_layers"] == 2 and demo.values["width"] == 4
    assert demo.controls["num_hidden_layers"].max == cu.playground.MAX_HIDDEN_LAYERS == 6
    assert _png(demo).startswith(b"\x89PNG") and demo.live_figure.frames_sent == 1
    assert demo.model.network.layer_sizes == [2, 4, 4, 1]
    assert "epoch 0" in demo.readout.value and demo.last_error is None
    assert demo.children[0].value == "<b>Neural network playground</b>"
    assert demo.error_box in demo.children and demo.live_figure.image in demo.children


def test_step_button_trains_and_sends_a_new_frame():
    demo = cu.playground.demo_playground(epochs_per_frame=3)
    frame, status = _png(demo), demo.readout.value
    demo.buttons["step"].click()
    assert demo.last_error is None
    assert demo.model.epoch == 3
    assert demo.live_figure.frames_sent == 2 and _png(demo) != frame
    assert demo.readout.value != status and "epoch 3" in demo.readout.value
    assert cu.widgets.blit_mismatch(demo.live_figure) < 1e-4


def test_reset_button_goes_back_to_epoch_zero_with_new_weights():
    demo = cu.playground.demo_playground()
    start = demo.model.network.get_params()
    for _ in range(3):
        demo.buttons["step"].click()
    demo.buttons["reset"].click()
    assert demo.model.epoch == 0 and "epoch 0" in demo.readout.value
    assert not np.allclose(demo.model.network.get_params(), start)


def test_every_control_redraws_a_frame_that_matches_a_full_redraw():
    demo = cu.playground.demo_playground()
    demo.step()
    changes = [("dataset", "spiral"), ("noise", 0.3), ("train_ratio", 0.7), ("num_hidden_layers", 6),
               ("width", 8), ("activation", "relu"), ("learning_rate", 0.3), ("regularization", "l1"),
               ("regularization_rate", 0.01), ("batch_size", 5), ("epochs_per_frame", 4),
               ("num_hidden_layers", 0)]
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        demo.step()
        assert cu.widgets.blit_mismatch(demo.live_figure) < 1e-4, name


def test_rebuild_controls_redraw_and_step_controls_only_change_the_status():
    demo = cu.playground.demo_playground()
    frame = _png(demo)
    frames = cu.widgets.drive(demo, noise=0.3)
    assert frames == 2 and _png(demo) != frame and demo.model.settings["noise"] == 0.3
    cu.widgets.drive(demo, num_hidden_layers=3, width=8, activation="relu")
    assert demo.model.network.layer_sizes == [2, 8, 8, 8, 1]
    assert demo.model.network.activation == "relu"
    cu.widgets.drive(demo, dataset="spiral", train_ratio=0.7)
    assert demo.model.settings["dataset"] == "spiral" and len(demo.model.X_train) == 280
    demo.buttons["step"].click()
    params, frame = demo.model.network.get_params(), _png(demo)
    cu.widgets.drive(demo, learning_rate=0.3, regularization="l2", regularization_rate=0.01, batch_size=5)
    assert _png(demo) == frame  # nothing on the map changed: the same picture, so no new bytes are sent
    assert np.array_equal(demo.model.network.get_params(), params) and demo.model.epoch == 1
    assert demo.model.settings["learning_rate"] == 0.3 and demo.model.settings["batch_size"] == 5
    assert "learning rate 0.3, regularization L2 (λ = 0.01), batch 5, 1 epoch per frame" in demo.readout.value
    cu.widgets.drive(demo, regularization="none", regularization_rate=0.1, epochs_per_frame=4)  # still shown
    assert "regularization none (λ = 0.1), batch 5, 4 epochs per frame" in demo.readout.value


def test_set_changes_several_controls_with_one_redraw():
    demo = cu.playground.demo_playground()
    demo.set(dataset="xor", noise=0.1, num_hidden_layers=1, width=3)
    assert demo.live_figure.frames_sent == 2
    assert demo.model.network.layer_sizes == [2, 3, 1]
    with pytest.raises(ValueError, match="no control named"):
        demo.set(momentum=0.5)


def test_train_runs_on_the_event_loop_until_pause():
    demo = cu.playground.demo_playground(max_fps=50)
    first_loss = demo.model.history["loss"][0]

    async def scenario():
        demo.buttons["train"].value = True
        assert demo.buttons["train"].description == "Pause"
        await asyncio.sleep(1.0)
        running = demo.training
        frames = demo.live_figure.frames_sent
        demo.buttons["train"].value = False
        stopped_at = (demo.model.epoch, demo.live_figure.frames_sent)
        await asyncio.sleep(0.3)
        return running, frames, stopped_at

    running, frames, stopped_at = asyncio.run(scenario())
    assert demo.last_error is None, demo.error_box.value
    assert running and frames >= 4  # the first picture plus at least 3 trained frames
    assert (demo.model.epoch, demo.live_figure.frames_sent) == stopped_at  # Pause stopped it
    assert not demo.training and demo.buttons["train"].description == "Train"
    assert demo.model.history.last("loss") < first_loss


@pytest.mark.parametrize("how", ["reset", "rebuild", "close"])
def test_train_stops_on_reset_rebuild_and_close(how):
    demo = cu.playground.demo_playground(max_fps=50)

    async def scenario():
        demo.buttons["train"].value = True
        await asyncio.sleep(0.3)
        assert demo.training
        if how == "reset":
            demo.buttons["reset"].click()
        elif how == "rebuild":
            demo.controls["width"].value = 6
        else:
            demo.close()
        after = demo.live_figure.frames_sent
        await asyncio.sleep(0.3)
        return after

    after = asyncio.run(scenario())
    assert not demo.training and demo.last_error is None
    assert demo.live_figure.frames_sent == after
    if how != "close":
        assert demo.buttons["train"].value is False
        assert demo.model.epoch == 0


def test_starting_a_second_playground_pauses_the_first():
    first, second = cu.playground.demo_playground(max_fps=50), cu.playground.demo_playground("xor", max_fps=50)

    async def scenario():
        first.buttons["train"].value = True
        await asyncio.sleep(0.2)
        second.buttons["train"].value = True
        await asyncio.sleep(0.2)
        result = (first.training, second.training)
        second.buttons["train"].value = False
        return result

    assert asyncio.run(scenario()) == (False, True)
    assert first.buttons["train"].value is False


def test_making_a_new_playground_pauses_the_one_training():
    """Re-running the cell hides the old widget: it must not keep training unseen."""
    old = cu.playground.demo_playground(max_fps=50)

    async def scenario():
        old.buttons["train"].value = True
        await asyncio.sleep(0.2)
        new = cu.playground.demo_playground()
        await asyncio.sleep(0.1)
        return old.training, new.training

    assert asyncio.run(scenario()) == (False, False)
    assert old.buttons["train"].value is False


def test_train_without_an_event_loop_explains_what_to_do_in_the_error_box():
    demo = cu.playground.demo_playground()
    demo.buttons["train"].value = True
    assert demo.buttons["train"].value is False and not demo.training
    assert isinstance(demo.last_error, RuntimeError)
    assert "Step button" in demo.error_box.value
    demo.buttons["step"].click()  # the next action that works clears the error box
    assert demo.last_error is None and demo.error_box.value == ""


def test_a_tick_pauses_at_max_epochs_and_when_the_loss_is_not_a_number():
    demo = cu.playground.demo_playground(epochs_per_frame=2)
    demo.max_epochs = 4
    assert demo._tick() is True
    assert demo._tick() is False and "paused by itself at epoch 4" in demo.readout.value
    net = demo.model.network
    net._load(np.full(net.n_params, np.nan))  # what a far too large learning rate ends in
    assert demo._tick() is False
    assert "no longer a number" in demo.readout.value and demo.last_error is None


def test_demo_playground_rejects_bad_settings():
    with pytest.raises(TypeError, match="layers"):
        cu.playground.demo_playground(layers=2)
    with pytest.raises(ValueError, match="num_hidden_layers"):
        cu.playground.demo_playground(num_hidden_layers=7)
    with pytest.raises(ValueError, match="width"):
        cu.playground.demo_playground(width=0)
    with pytest.raises(ValueError, match="batch_size"):
        cu.playground.demo_playground(batch_size=64)
    with pytest.raises(ValueError, match="dataset should be one of"):
        cu.playground.demo_playground("moons")
    with pytest.raises(TypeError, match="cu.playground.Playground"):
        cu.playground.PlaygroundDemo("circle")


def test_a_setting_off_the_menus_is_still_offered():
    demo = cu.playground.demo_playground(learning_rate=0.05, regularization_rate=0.002)
    assert demo.controls["learning_rate"].value == 0.05
    assert demo.model.settings["regularization_rate"] == 0.002
