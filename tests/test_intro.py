"""Notebook 00's demo: numbers, the static plot, the widget, the exercise."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure


def test_line_mse_matches_hand_computation():
    x, y = [0.0, 1.0, 2.0], [1.0, 1.0, 1.0]
    # predictions 0.5 * x + 1 = 1, 1.5, 2 -> errors 0, 0.5, 1 -> MSE 1.25 / 3
    assert cu.line_mse(x, y, 0.5, 1.0) == pytest.approx(1.25 / 3)


def test_line_mse_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        cu.line_mse([1, 2, 3], [1, 2], 1.0, 0.0)


def test_plot_line_fit_returns_figure_with_points_and_line():
    fig = cu.plot_line_fit(0.9, 0.05)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert "w = 0.90" in ax.get_title() and "mean squared error" in ax.get_title()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == 5


def test_demo_redraws_and_sends_a_new_frame_on_each_change():
    demo = cu.demo_line_fit()
    first = demo.live_figure.image.value
    frames = cu.drive(demo, w=1.2)
    assert frames == 2  # the first picture plus one per change
    assert demo.live_figure.image.value != first
    assert bytes(demo.live_figure.image.value).startswith(b"\x89PNG")
    frames = cu.drive(demo, b=-0.3, w=0.1)
    assert frames == 4
    assert demo.values == {"w": 0.1, "b": -0.3}


def test_demo_title_follows_the_sliders():
    demo = cu.demo_line_fit()
    cu.drive(demo, w=0.95, b=0.0)
    x, y = cu.student_scores()["maths"], cu.student_scores()["return"]
    assert f"{cu.line_mse(x, y, 0.95, 0.0):.4f}" in demo.live_figure.axes.get_title()


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (float(np.mean((np.array([0.5, 0.4, 0.75, 0.98, 0.9]) - [0.5, 0.39, 0.76, 0.92, 0.89]) ** 2)), True, "Correct"),
        (0.5, False, "Hint"),
        ("0.0008", False, "should be a number"),
        ([1, 2], False, "should be a number"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_00_1(answer, passed, phrase):
    result = cu.check("00-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
