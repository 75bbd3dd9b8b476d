"""Notebook 05, part 1 (cu.fitting): polynomial fits, the wave split, learning curves and their demos."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure


def test_wave_data_is_deterministic_and_follows_the_wave():
    x, y = cu.fitting.make_wave_data(50, noise=0.0, seed=3)
    assert x.shape == y.shape == (50,)
    assert np.all((0 <= x) & (x <= 1))
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x))
    x2, y2 = cu.fitting.make_wave_data(50, noise=0.0, seed=3)
    np.testing.assert_array_equal(x, x2)
    _, noisy = cu.fitting.make_wave_data(2000, noise=0.3, seed=1)
    x3, _ = cu.fitting.make_wave_data(2000, noise=0.3, seed=1)
    assert np.std(noisy - cu.fitting.true_wave(x3)) == pytest.approx(0.3, rel=0.1)


@pytest.mark.parametrize(("kwargs", "error", "phrase"), [
    ({"n_samples": 0}, ValueError, "at least 1"),
    ({"n_samples": 2.5}, TypeError, "whole number"),
    ({"noise": -0.1}, ValueError, "at least 0"),
])
def test_wave_data_rejects_bad_input(kwargs, error, phrase):
    with pytest.raises(error, match=phrase):
        cu.fitting.make_wave_data(**kwargs)


def test_wave_splits_is_a_split_with_the_data_modules_shuffle():
    split = cu.fitting.wave_splits(n_samples=60, noise=0.3, seed=0)
    assert isinstance(split, cu.data.Split)
    assert (len(split.X_train), len(split.X_val), len(split.X_test)) == (36, 12, 12)
    x, y = cu.fitting.make_wave_data(60, 0.3, seed=0)
    same = cu.data.train_val_test_split(x, y, val_fraction=0.2, test_fraction=0.2, seed=0)
    for a, b in zip(split, same, strict=True):
        np.testing.assert_array_equal(a, b)
    parts = np.r_[split.X_train, split.X_val, split.X_test]
    assert sorted(parts.tolist()) == sorted(x.tolist())  # every sample once
    for xs, ys in (split.train, split.val, split.test):  # rows stay with their labels
        np.testing.assert_array_equal(ys, y[[int(np.flatnonzero(x == value)[0]) for value in xs]])


def test_the_old_split_path_is_gone():
    assert not hasattr(cu.fitting, "train_val_test_split")  # one split function: cu.data's


def test_polynomial_features_are_powers_of_the_rescaled_x():
    A = cu.fitting.polynomial_features([0.0, 0.5, 1.0], 3)
    np.testing.assert_allclose(A, [[1, -1, 1, -1], [1, 0, 0, 0], [1, 1, 1, 1]])
    with pytest.raises(ValueError, match="1-D"):
        cu.fitting.polynomial_features(np.zeros((2, 2)), 2)
    with pytest.raises(TypeError, match="whole number"):
        cu.fitting.polynomial_features([0.1], 2.0)


def test_fit_polynomial_recovers_an_exact_cubic():
    x = np.linspace(0, 1, 9)
    z = 2 * x - 1
    y = 0.5 - z + 2 * z**3
    w = cu.fitting.fit_polynomial(x, y, 3)
    np.testing.assert_allclose(w, [0.5, -1, 0, 2], atol=1e-10)
    np.testing.assert_allclose(cu.fitting.predict_polynomial(w, x), y, atol=1e-10)


def test_fit_polynomial_with_l2_minimises_the_penalized_loss():
    x, y = cu.fitting.make_wave_data(20, seed=2)
    l2 = 0.01
    w = cu.fitting.fit_polynomial(x, y, 5, l2=l2)
    A = cu.fitting.polynomial_features(x, 5)
    # normal equations of mean((A w - y)^2) + l2 * |w[1:]|^2
    D = np.diag([0.0] + [1.0] * 5)
    expected = np.linalg.solve(A.T @ A / len(x) + l2 * D, A.T @ y / len(x))
    np.testing.assert_allclose(w, expected, rtol=1e-8, atol=1e-10)

    def objective(v):
        return cu.losses.mse(y, A @ v) + l2 * np.sum(v[1:] ** 2)

    assert objective(w) < objective(w + 1e-3) and objective(w) < objective(cu.fitting.fit_polynomial(x, y, 5))


def test_fit_polynomial_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        cu.fitting.fit_polynomial([0.1, 0.2], [1.0], 1)
    with pytest.raises(ValueError, match="at least 0"):
        cu.fitting.fit_polynomial([0.1, 0.2], [1.0, 2.0], 1, l2=-1.0)


def test_degree_sweep_training_error_never_rises():
    split = cu.fitting.wave_splits()
    train, val = cu.fitting.degree_sweep(*split.train, *split.val, range(12))
    assert train.shape == val.shape == (12,)
    assert np.all(np.diff(train) <= 1e-9)
    assert val.argmin() not in (0, 11)  # the best degree is neither the smallest nor the largest


def test_learning_curve_gap_closes_with_more_data():
    curve = cu.fitting.learning_curve(9, [15, 60, 200], repeats=5)
    assert set(curve) == {"sizes", "train", "val"}
    assert curve["val"][0] > curve["val"][-1]
    assert curve["train"][0] < curve["train"][-1]
    with pytest.raises(ValueError, match="at least 1"):
        cu.fitting.learning_curve(3, [0, 10])


def test_plot_functions_return_figures():
    split = cu.fitting.wave_splits()
    fig = cu.fitting.plot_polynomial_fit(4, split=split)
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 2  # the true wave and the fit
    fig = cu.fitting.plot_degree_sweep([1, 2, 3], [0.3, 0.2, 0.1], [0.4, 0.3, 0.35])
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 2
    fig = cu.fitting.plot_learning_curve({"sizes": np.array([10, 20]), "train": np.array([0.1, 0.2]),
                                  "val": np.array([0.5, 0.3])})
    assert isinstance(fig, Figure) and fig.axes[0].get_xlabel() == "training-set size"


def test_degree_demo_sends_a_new_frame_and_reports_the_errors():
    split = cu.fitting.wave_splits()
    demo = cu.fitting.demo_polynomial_degree(split=split)
    first = bytes(demo.live_figure.image.value)
    frames = cu.widgets.drive(demo, degree=12)
    assert frames == 2 and bytes(demo.live_figure.image.value) != first
    train, val = cu.fitting.degree_sweep(*split.train, *split.val, [12])
    title = demo.live_figure.axes[0].get_title()
    assert f"train MSE {train[0]:.3f}" in title and f"validation MSE {val[0]:.3f}" in title


def test_learning_curve_demo_follows_size_and_degree():
    demo = cu.fitting.demo_learning_curve(degrees=(1, 9), sizes=[15, 25, 35], repeats=3)
    cu.widgets.drive(demo, n_train=35)
    assert "degree 9, 35 training points" in demo.live_figure.axes[0].get_title()
    before = bytes(demo.live_figure.image.value)
    frames = cu.widgets.drive(demo, degree=1)
    assert "degree 1" in demo.live_figure.axes[0].get_title()
    assert bytes(demo.live_figure.image.value) != before and frames == 3
    with pytest.raises(ValueError, match="equally spaced"):
        cu.fitting.demo_learning_curve(sizes=[10, 20, 40])


@pytest.mark.parametrize(("answer", "passed", "phrase"), [
    ("test", True, "Correct"),
    ("  Test ", True, "Correct"),
    ("validation", False, 'cu.hint("05-2")'),
    ("train", False, "took part in a choice"),
    (3, False, "must be one of"),
    (None, False, "must be one of"),
    (..., False, "replace the ..."),
])
def test_exercise_05_2(answer, passed, phrase):
    result = cu.check("05-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_05_2_has_three_hints_that_do_not_name_the_answer():
    hints = cu.checks.hints("05-2")
    assert len(hints) == 3 and len(set(hints)) == 3
    assert not any("test" in h.lower() for h in hints)


@pytest.mark.parametrize(("build", "changes"), [
    (lambda: cu.fitting.demo_polynomial_degree(), [("degree", 1), ("degree", 9), ("degree", 15)]),
    (lambda: cu.fitting.demo_learning_curve(degrees=(1, 9), sizes=[15, 25, 35], repeats=3),
     [("n_train", 25), ("degree", 1), ("n_train", 35)]),
])
def test_blitted_frames_match_a_full_redraw(build, changes):
    demo = build()
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        # a few pixels may differ where an animated curve crosses an axis spine (drawn after lines in full)
        assert cu.widgets.blit_mismatch(demo.live_figure) < 1e-4, (name, value)
