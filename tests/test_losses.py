"""Losses and their gradients (used across the course), and notebook 03's loss demo."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils.optim import numerical_gradient
from matplotlib.figure import Figure


def test_mse_and_its_gradient_match_hand_and_finite_differences():
    y, p = np.array([1.0, 0.0, 2.0]), np.array([0.5, 0.5, 2.0])
    assert cu.mse(y, p) == pytest.approx((0.25 + 0.25 + 0.0) / 3)
    np.testing.assert_allclose(cu.mse_grad(y, p), numerical_gradient(lambda q: cu.mse(y, q), p), atol=1e-7)


def test_binary_cross_entropy_and_gradient():
    y, p = np.array([1.0, 0.0]), np.array([0.8, 0.3])
    assert cu.binary_cross_entropy(y, p) == pytest.approx(-(np.log(0.8) + np.log(0.7)) / 2)
    np.testing.assert_allclose(
        cu.binary_cross_entropy_grad(y, p), numerical_gradient(lambda q: cu.binary_cross_entropy(y, q), p), atol=1e-6
    )


def test_categorical_cross_entropy_and_one_hot():
    t = cu.one_hot(np.array([0, 2]), 3)
    np.testing.assert_array_equal(t, [[1, 0, 0], [0, 0, 1]])
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    assert cu.categorical_cross_entropy(t, p) == pytest.approx(-(np.log(0.7) + np.log(0.6)) / 2)
    np.testing.assert_allclose(
        cu.categorical_cross_entropy_grad(t, p),
        numerical_gradient(lambda q: cu.categorical_cross_entropy(t, q.reshape(2, 3)), p.ravel()).reshape(2, 3),
        atol=1e-6,
    )


def test_loss_errors_are_sentences():
    with pytest.raises(ValueError, match="must match"):
        cu.mse([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="numbers"):
        cu.mse(["a"], ["b"])
    with pytest.raises(ValueError, match="0..2"):
        cu.one_hot(np.array([0, 3]), 3)


def test_single_prediction_losses_agree_with_the_batch_losses_and_their_slopes():
    for target in (0, 1):
        for p in (0.1, 0.45, 0.9):
            one = cu.single_prediction_losses(target, p)
            assert float(one["mse"]) == pytest.approx(cu.mse([target], [p]))
            assert float(one["bce"]) == pytest.approx(cu.binary_cross_entropy([target], [p]))
            assert float(one["mse_slope"]) == pytest.approx(cu.mse_grad([target], [p])[0])
            assert float(one["bce_slope"]) == pytest.approx(cu.binary_cross_entropy_grad([target], [p])[0])
            # slopes with respect to the logit z, p = sigmoid(z), by finite differences
            z = np.log(p / (1 - p))
            for key, fn in (("mse", cu.mse), ("bce", cu.binary_cross_entropy)):
                def loss_of_z(zz, fn=fn, target=target):
                    return fn([target], [1 / (1 + np.exp(-zz[0]))])
                slope = numerical_gradient(loss_of_z, np.array([z]))[0]
                assert float(one[key + "_logit_slope"]) == pytest.approx(slope, rel=1e-5)


def test_cross_entropy_keeps_pushing_a_confident_wrong_prediction():
    out = cu.single_prediction_losses(1, np.array([0.01]))
    assert abs(out["bce_logit_slope"][0]) > 40 * abs(out["mse_logit_slope"][0])


def test_single_prediction_losses_reject_bad_input():
    with pytest.raises(ValueError, match="label 0 or 1"):
        cu.single_prediction_losses(2, 0.5)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        cu.single_prediction_losses(1, 1.0)
    with pytest.raises(TypeError, match="number"):
        cu.single_prediction_losses(1, "half")


def test_plots_return_figures_with_titles():
    fig = cu.plot_one_prediction(0.3, 0)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert "label 0, p = 0.30" in fig.axes[0].get_title()
    fig = cu.plot_logit_slopes(0.3, 1)
    assert isinstance(fig, Figure) and "push on z" in fig.axes[0].get_title()


def test_demo_one_prediction_redraws_on_each_control():
    demo = cu.demo_one_prediction()
    first = demo.live_figure.image.value
    assert cu.drive(demo, prediction=0.9) == 2
    assert demo.live_figure.image.value != first
    assert "p = 0.90" in demo.readout.value
    frame = demo.live_figure.image.value
    assert cu.drive(demo, target=0) == 3
    assert demo.readout.value.startswith("label 0")
    assert demo.live_figure.image.value != frame  # the curves were redrawn for the new label


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ((-np.log(0.8) - np.log(0.7)) / 2, True, "Correct"),
        (-np.log(0.8) - np.log(0.7), False, "Hint"),
        ("0.29", False, "should be a number"),
        (None, False, "should be a number"),
    ],
)
def test_exercise_03_1(answer, passed, phrase):
    result = cu.check("03-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
