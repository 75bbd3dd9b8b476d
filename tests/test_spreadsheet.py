"""Notebook 03: the spreadsheet training of seed 000."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils.optim import numerical_gradient
from matplotlib.figure import Figure


@pytest.fixture
def data():
    X, y, names = cu.student_arrays()
    return X, y, names


def test_student_arrays_shapes(data):
    X, y, names = data
    assert X.shape == (5, 3) and y.shape == (5,) and names == list("ABCDE")


def test_round_zero_reproduces_the_sources_mse(data):
    X, y, _ = data
    r = cu.spreadsheet_round(X, y, cu.SEED_INITIAL_WEIGHTS, cu.SEED_INITIAL_BIAS)
    assert r.mse == pytest.approx(cu.SEED_REPORTED_MSE[0], abs=1e-9)
    # student A by hand: 0.33 * (0.85 + 0.5 + 0.45) = 0.594, error 0.5 - 0.594
    assert r.predicted[0] == pytest.approx(0.594)
    assert r.error[0] == pytest.approx(-0.094)
    np.testing.assert_allclose(r.weight_change[0], -0.094 * X[0])


def test_table_has_one_row_per_student_and_an_average(data):
    table = cu.spreadsheet_table()
    assert list(table.index) == [*data[2], "average"]
    assert table.loc["average", "squared error"] == pytest.approx(cu.SEED_REPORTED_MSE[0], abs=1e-9)
    assert table.loc["average", "change b"] == pytest.approx(table["error"].iloc[:5].mean())


def test_averaged_change_is_minus_half_the_gradient(data):
    X, y, _ = data
    w, b = np.array([0.2, 0.5, -0.1]), 0.3
    r = cu.spreadsheet_round(X, y, w, b)
    grad_w, grad_b = cu.mse_gradient(X, y, w, b)
    numeric = numerical_gradient(lambda p: cu.spreadsheet_round(X, y, p[:3], p[3]).mse, np.r_[w, b])
    np.testing.assert_allclose(np.r_[grad_w, grad_b], numeric, atol=1e-8)
    np.testing.assert_allclose(r.mean_weight_change, -0.5 * grad_w)
    assert r.mean_bias_change == pytest.approx(-0.5 * grad_b)


def test_the_rule_as_written_diverges_and_a_smaller_rate_falls_every_round():
    assert np.all(np.diff(cu.train_spreadsheet(10, 1.0).mse[1:]) > 0)
    history = cu.train_spreadsheet(10, 0.5)
    assert np.all(np.diff(history.mse) < 0)
    assert history.weights.shape == (11, 3) and history.bias.shape == (11,)


def test_max_learning_rate_separates_converging_from_diverging():
    limit = cu.spreadsheet_max_learning_rate()
    assert 0.8 < limit < 1.0
    assert cu.train_spreadsheet(300, 0.97 * limit).mse[-1] < 0.01
    assert cu.train_spreadsheet(300, 1.03 * limit).mse[-1] > 1.0


def test_history_table_and_prediction():
    history = cu.train_spreadsheet(3, 0.5)
    table = cu.history_table(history)
    assert table.shape == (4, 5) and list(table["MSE"]) == list(history.mse)
    w, b = history.weights[-1], history.bias[-1]
    assert cu.predict_return(cu.NEW_STUDENT, w, b) == pytest.approx(
        0.60 * w[0] + 0.85 * w[1] + 0.80 * w[2] + b
    )


def test_bad_input_raises_sentences(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="three numbers"):
        cu.spreadsheet_round(X, y, [0.3, 0.3], 0.0)
    with pytest.raises(TypeError, match="weights must be"):
        cu.spreadsheet_round(X, y, ["a", "b", "c"], 0.0)
    with pytest.raises(ValueError, match="learning_rate"):
        cu.train_spreadsheet(3, -0.1)
    with pytest.raises(ValueError, match="num_rounds"):
        cu.train_spreadsheet(2.5)
    with pytest.raises(ValueError, match="science"):
        cu.predict_return({"english": 0.5, "maths": 0.5}, [0.3] * 3, 0.0)
    with pytest.raises(ValueError, match="between 0 and 40"):
        cu.plot_spreadsheet_training(41, 0.5)
    with pytest.raises(ValueError, match="num_rounds"):
        cu.plot_spreadsheet_training("5", 0.5)
    with pytest.raises(ValueError, match="columns"):
        cu.student_arrays(cu.student_scores().drop(columns="maths"))


def test_plot_spreadsheet_training():
    fig = cu.plot_spreadsheet_training(5, 0.5)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert "after 5 rounds" in fig.axes[0].get_title()


def test_demo_redraws_and_updates_the_readout():
    demo = cu.demo_spreadsheet_training()
    readout = demo.readout
    first_frame, first_text = demo.live_figure.image.value, readout.value
    assert cu.drive(demo, num_rounds=20) == 2
    assert demo.live_figure.image.value != first_frame and readout.value != first_text
    cu.drive(demo, learning_rate=0.8)
    expected = cu.train_spreadsheet(20, 0.8).mse[20]
    assert f"MSE = {expected:.5f}" in readout.value


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ("right", True, "Correct"),
        ("sign", False, "Hint"),
        ([0.1, 0.2], False, "shape"),
        ("text", False, "should be an array"),
    ],
)
def test_exercise_03_2(data, answer, passed, phrase):
    X, y, _ = data
    right = (y - X @ np.full(3, 0.33))[:, None] * X
    if isinstance(answer, str) and answer in ("right", "sign"):
        answer = right.mean(axis=0) * (1 if answer == "right" else -1)
    result = cu.check("03-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
