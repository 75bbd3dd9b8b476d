"""Notebook 05, part 1: polynomial fits, data splits, learning curves and their demos."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure


def test_wave_data_is_deterministic_and_follows_the_wave():
    x, y = cu.make_wave_data(50, noise=0.0, seed=3)
    assert x.shape == y.shape == (50,)
    assert np.all((0 <= x) & (x <= 1))
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x))
    x2, y2 = cu.make_wave_data(50, noise=0.0, seed=3)
    np.testing.assert_array_equal(x, x2)
    _, noisy = cu.make_wave_data(2000, noise=0.3, seed=1)
    x3, _ = cu.make_wave_data(2000, noise=0.3, seed=1)
    assert np.std(noisy - cu.true_wave(x3)) == pytest.approx(0.3, rel=0.1)


@pytest.mark.parametrize(("kwargs", "error", "phrase"), [
    ({"n_samples": 0}, ValueError, "at least 1"),
    ({"n_samples": 2.5}, TypeError, "whole number"),
    ({"noise": -0.1}, ValueError, "0 or more"),
])
def test_wave_data_rejects_bad_input(kwargs, error, phrase):
    with pytest.raises(error, match=phrase):
        cu.make_wave_data(**kwargs)


def test_split_gives_three_disjoint_sets_of_the_right_size():
    X = np.arange(100).reshape(50, 2)
    y = np.arange(50)
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = cu.train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.1)
    assert (len(y_tr), len(y_va), len(y_te)) == (35, 10, 5)
    assert sorted(np.r_[y_tr, y_va, y_te].tolist()) == list(range(50))  # every sample once
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay with their labels


@pytest.mark.parametrize(("kwargs", "phrase"), [
    ({"val_fraction": 0.5, "test_fraction": 0.5}, "no training data"),
    ({"val_fraction": 0.0}, "between 0 and 1"),
    ({"test_fraction": "0.2"}, "between 0 and 1"),
])
def test_split_rejects_bad_fractions(kwargs, phrase):
    with pytest.raises(ValueError, match=phrase):
        cu.train_val_test_split(np.zeros(20), np.zeros(20), **kwargs)


def test_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one label per sample"):
        cu.train_val_test_split(np.zeros(10), np.zeros(9))


def test_polynomial_features_are_powers_of_the_rescaled_x():
    A = cu.polynomial_features([0.0, 0.5, 1.0], 3)
    np.testing.assert_allclose(A, [[1, -1, 1, -1], [1, 0, 0, 0], [1, 1, 1, 1]])
    with pytest.raises(ValueError, match="1-D"):
        cu.polynomial_features(np.zeros((2, 2)), 2)
    with pytest.raises(TypeError, match="whole number"):
        cu.polynomial_features([0.1], 2.0)


def test_fit_polynomial_recovers_an_exact_cubic():
    x = np.linspace(0, 1, 9)
    z = 2 * x - 1
    y = 0.5 - z + 2 * z**3
    w = cu.fit_polynomial(x, y, 3)
    np.testing.assert_allclose(w, [0.5, -1, 0, 2], atol=1e-10)
    np.testing.assert_allclose(cu.predict_polynomial(w, x), y, atol=1e-10)


def test_fit_polynomial_with_l2_minimises_the_penalized_loss():
    x, y = cu.make_wave_data(20, seed=2)
    l2 = 0.01
    w = cu.fit_polynomial(x, y, 5, l2=l2)
    A = cu.polynomial_features(x, 5)
    # normal equations of mean((A w - y)^2) + l2 * |w[1:]|^2
    D = np.diag([0.0] + [1.0] * 5)
    expected = np.linalg.solve(A.T @ A / len(x) + l2 * D, A.T @ y / len(x))
    np.testing.assert_allclose(w, expected, rtol=1e-8, atol=1e-10)

    def objective(v):
        return cu.mse(y, A @ v) + l2 * np.sum(v[1:] ** 2)

    assert objective(w) < objective(w + 1e-3) and objective(w) < objective(cu.fit_polynomial(x, y, 5))


def test_fit_polynomial_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        cu.fit_polynomial([0.1, 0.2], [1.0], 1)
    with pytest.raises(ValueError, match="0 or more"):
        cu.fit_polynomial([0.1, 0.2], [1.0, 2.0], 1, l2=-1.0)


def test_degree_sweep_training_error_never_rises():
    splits = cu.wave_splits()
    train, val = cu.degree_sweep(*splits["train"], *splits["val"], range(12))
    assert train.shape == val.shape == (12,)
    assert np.all(np.diff(train) <= 1e-9)
    assert val.argmin() not in (0, 11)  # the best degree is neither the smallest nor the largest


def test_learning_curve_gap_closes_with_more_data():
    curve = cu.learning_curve(9, [15, 60, 200], repeats=5)
    assert set(curve) == {"sizes", "train", "val"}
    assert curve["val"][0] > curve["val"][-1]
    assert curve["train"][0] < curve["train"][-1]
    with pytest.raises(ValueError, match="at least 1"):
        cu.learning_curve(3, [0, 10])


def test_plot_functions_return_figures():
    splits = cu.wave_splits()
    fig = cu.plot_polynomial_fit(4, splits=splits)
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 2  # the true wave and the fit
    fig = cu.plot_degree_sweep([1, 2, 3], [0.3, 0.2, 0.1], [0.4, 0.3, 0.35])
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 2
    fig = cu.plot_learning_curve({"sizes": np.array([10, 20]), "train": np.array([0.1, 0.2]),
                                  "val": np.array([0.5, 0.3])})
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() == "training-set size"


def test_degree_demo_sends_a_new_frame_and_reports_the_errors():
    splits = cu.wave_splits()
    demo = cu.demo_polynomial_degree(splits=splits)
    first = bytes(demo.live_figure.image.value)
    frames = cu.drive(demo, degree=12)
    assert frames == 2 and bytes(demo.live_figure.image.value) != first
    train, val = cu.degree_sweep(*splits["train"], *splits["val"], [12])
    title = demo.live_figure.axes[0].get_title()
    assert f"train MSE {train[0]:.3f}" in title and f"validation MSE {val[0]:.3f}" in title


def test_learning_curve_demo_follows_size_and_degree():
    demo = cu.demo_learning_curve(degrees=(1, 9), sizes=[15, 25, 35], repeats=3)
    cu.drive(demo, n_train=35)
    assert "degree 9, 35 training points" in demo.live_figure.axes[0].get_title()
    before = bytes(demo.live_figure.image.value)
    frames = cu.drive(demo, degree=1)
    assert "degree 1" in demo.live_figure.axes[0].get_title()
    assert bytes(demo.live_figure.image.value) != before and frames == 3
    with pytest.raises(ValueError, match="equally spaced"):
        cu.demo_learning_curve(sizes=[10, 20, 40])


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    ("test", True, "Correct"),
    ("  Test ", True, "Correct"),
    ("validation", False, "Hint"),
    ("train", False, "Hint"),
    (3, False, "must be one of"),
    (None, False, "must be one of"),
    (..., False, "replace the ..."),
])
def test_exercise_05_2(answer, passed, phrase):
    result = cu.check("05-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
