"""cu.losses: the losses and their gradients (used across the course), notebook 03's loss demo and exercises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils.widgets import blit_mismatch
from matplotlib.figure import Figure

L = cu.losses
numerical_gradient = cu.optim.numerical_gradient


def test_mse_and_its_gradient_match_hand_and_finite_differences():
    y, p = np.array([1.0, 0.0, 2.0]), np.array([0.5, 0.5, 2.0])
    assert L.mse(y, p) == pytest.approx((0.25 + 0.25 + 0.0) / 3)
    np.testing.assert_allclose(L.mse_grad(y, p), numerical_gradient(lambda q: L.mse(y, q), p), atol=1e-7)
    Y, P = np.ones((4, 2)), np.arange(8.0).reshape(4, 2) / 8
    np.testing.assert_allclose(L.mse_grad(Y, P), numerical_gradient(lambda q: L.mse(Y, q), P), atol=1e-7)


def test_binary_cross_entropy_and_gradient():
    y, p = np.array([1.0, 0.0]), np.array([0.8, 0.3])
    assert L.binary_cross_entropy(y, p) == pytest.approx(-(np.log(0.8) + np.log(0.7)) / 2)
    np.testing.assert_allclose(
        L.binary_cross_entropy_grad(y, p), numerical_gradient(lambda q: L.binary_cross_entropy(y, q), p), atol=1e-6
    )


def test_categorical_cross_entropy_and_one_hot():
    t = L.one_hot(np.array([0, 2]), 3)
    np.testing.assert_array_equal(t, [[1, 0, 0], [0, 0, 1]])
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    assert L.categorical_cross_entropy(t, p) == pytest.approx(-(np.log(0.7) + np.log(0.6)) / 2)
    np.testing.assert_allclose(
        L.categorical_cross_entropy_grad(t, p), numerical_gradient(lambda q: L.categorical_cross_entropy(t, q), p),
        atol=1e-6,
    )


def test_get_loss_uses_keras_names():
    assert L.LOSS_NAMES == ("mse", "binary_crossentropy", "categorical_crossentropy")
    assert L.get_loss("mse") == (L.mse, L.mse_grad)
    assert L.get_loss("Binary_Crossentropy")[0] is L.binary_cross_entropy
    with pytest.raises(ValueError, match="categorical_crossentropy"):
        L.get_loss("cce")


def test_a_blown_up_prediction_gives_a_nan_loss_but_a_nan_target_is_refused():
    assert np.isnan(L.mse([1.0, 0.0], [np.nan, 0.0]))
    assert np.isinf(L.mse([1.0], [np.inf]))
    with pytest.raises(ValueError, match="NaN"):
        L.mse([np.nan], [1.0])


def test_loss_errors_are_sentences():
    with pytest.raises(ValueError, match="must match"):
        L.mse([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="numbers"):
        L.mse(["a"], ["b"])
    with pytest.raises(ValueError, match="0 to 2"):
        L.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="one-hot rows"):
        L.categorical_cross_entropy([1.0, 0.0], [0.5, 0.5])


def test_the_club_course_example_adds_up_to_2_94_not_the_slides_2_14():
    y_hat = np.array(L.CLUB_COURSE_OUTPUT)
    y = L.one_hot([L.CLUB_COURSE_DIGIT], 10)[0]
    assert y_hat.shape == (10,) and y[1] == 1 and y.sum() == 1
    assert np.sum((y_hat - y) ** 2) == pytest.approx(2.94)
    assert L.CLUB_COURSE_SLIDE_LOSS == 2.14


def test_single_prediction_losses_agree_with_the_batch_losses_and_their_slopes():
    for target in (0, 1):
        for p in (0.1, 0.45, 0.9):
            one = L.single_prediction_losses(target, p)
            assert set(one) == {"mse", "binary_crossentropy"}
            m, ce = one["mse"], one["binary_crossentropy"]
            assert float(m["loss"]) == pytest.approx(L.mse([target], [p]))
            assert float(ce["loss"]) == pytest.approx(L.binary_cross_entropy([target], [p]))
            assert float(m["slope"]) == pytest.approx(L.mse_grad([target], [p])[0])
            assert float(ce["slope"]) == pytest.approx(L.binary_cross_entropy_grad([target], [p])[0])
            # slopes with respect to the logit z, p = sigmoid(z), by finite differences
            z = np.log(p / (1 - p))
            for key, fn in (("mse", L.mse), ("binary_crossentropy", L.binary_cross_entropy)):
                def loss_of_z(zz, fn=fn, target=target):
                    return fn([target], [cu.activations.sigmoid(zz[0])])
                slope = numerical_gradient(loss_of_z, np.array([z]))[0]
                assert float(one[key]["logit_slope"]) == pytest.approx(slope, rel=1e-5)


def test_the_sigmoid_slope_silences_mse_when_confident_right_or_wrong():
    wrong = L.single_prediction_losses(1, 0.01)
    right = L.single_prediction_losses(1, 0.99)
    assert abs(wrong["binary_crossentropy"]["logit_slope"]) > 40 * abs(wrong["mse"]["logit_slope"])
    assert abs(wrong["mse"]["logit_slope"]) < 0.02 and abs(right["mse"]["logit_slope"]) < 0.001


def test_single_prediction_losses_reject_bad_input():
    with pytest.raises(ValueError, match="0, 1"):
        L.single_prediction_losses(2, 0.5)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        L.single_prediction_losses(1, 1.0)
    with pytest.raises(TypeError, match="number"):
        L.single_prediction_losses(1, "half")


def test_plots_return_figures_with_titles():
    fig = L.plot_one_prediction(0.3, 0)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert "label 0, p = 0.30" in fig.axes[0].get_title()
    fig = L.plot_logit_slopes(0.3, 1)
    assert isinstance(fig, Figure) and len(fig.axes) == 1 and "push on z" in fig.axes[0].get_title()


def test_demo_one_prediction_redraws_on_each_control_and_blits_exactly():
    demo = L.demo_one_prediction()
    first = demo.live_figure.image.value
    assert cu.widgets.drive(demo, prediction=0.9) == 2
    assert blit_mismatch(demo.live_figure) < 1e-3
    assert demo.live_figure.image.value != first
    assert "p = 0.90" in demo.readout.value
    frame = demo.live_figure.image.value
    assert cu.widgets.drive(demo, target=0) == 3
    assert blit_mismatch(demo.live_figure) < 1e-3
    assert demo.readout.value.startswith("label 0")
    assert demo.live_figure.image.value != frame  # the curves were redrawn for the new label


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (2.94, True, "2.14 is a slip"),
        (2.14, False, "slide's figure"),
        (0.294, False, "mean"),
        (3.5, False, "cu.hint"),
        ("2.94", False, "should be a number"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_03_1(answer, passed, phrase):
    result = cu.check("03-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ((-np.log(0.8) - np.log(0.7)) / 2, True, "Correct"),
        (-np.log(0.8) - np.log(0.7), False, "cu.hint"),
        ("0.29", False, "should be a number"),
        (None, False, "should be a number"),
    ],
)
def test_exercise_03_2(answer, passed, phrase):
    result = cu.check("03-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize("key", ["03-1", "03-2"])
def test_hints_come_in_steps_and_do_not_print_the_answer(key):
    steps = cu.checks.hints(key)
    assert len(steps) == 3
    assert not any("2.94" in h or "0.290" in h for h in steps)
