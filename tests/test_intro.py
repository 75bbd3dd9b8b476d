"""Notebook 00: the line-fit demo (numbers, static plot, widget), the exercises, and the
claims its text makes about Keras and PyTorch (the two code blocks it shows, run here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "00_start_here.ipynb"


def _scores():
    scores = cu.data.student_scores()
    return scores["maths"].to_numpy(), scores["return"].to_numpy()


def test_line_mse_matches_hand_computation():
    x, y = [0.0, 1.0, 2.0], [1.0, 1.0, 1.0]
    # predictions 0.5 * x + 1 = 1, 1.5, 2 -> errors 0, 0.5, 1 -> MSE 1.25 / 3
    assert cu.intro.line_mse(x, y, 0.5, 1.0) == pytest.approx(1.25 / 3)
    np.testing.assert_allclose(cu.intro.line_predictions([0.0, 2.0], 0.5, 1.0), [1.0, 2.0])


def test_line_mse_rejects_mismatched_lengths_and_bad_numbers():
    with pytest.raises(ValueError, match="x has 3 rows but y has 2"):
        cu.intro.line_mse([1, 2, 3], [1, 2], 1.0, 0.0)
    with pytest.raises(TypeError, match="w should be a number"):
        cu.intro.line_mse([1, 2], [1, 2], "1", 0.0)


def test_plot_line_fit_returns_figure_with_points_and_line():
    fig = cu.intro.plot_line_fit(0.9, 0.05)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert "w = 0.90" in ax.get_title() and "mean squared error" in ax.get_title()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == 5


def test_plot_line_fit_draws_on_the_axes_it_is_given():
    fig = Figure()
    ax = fig.subplots()
    assert cu.intro.plot_line_fit(ax=ax) is fig


def test_demo_redraws_and_sends_a_new_frame_on_each_change():
    demo = cu.intro.demo_line_fit()
    first = demo.live_figure.image.value
    frames = cu.widgets.drive(demo, w=1.2)
    assert frames == 2  # the first picture plus one per change
    assert demo.live_figure.image.value != first
    assert bytes(demo.live_figure.image.value).startswith(b"\x89PNG")
    frames = cu.widgets.drive(demo, b=-0.3, w=0.1)
    assert frames == 4
    assert demo.values == {"w": 0.1, "b": -0.3}


def test_demo_frames_are_exactly_a_full_redraw():
    demo = cu.intro.demo_line_fit()
    for name, value in [("w", 1.3), ("b", -0.4), ("w", -0.2), ("b", 0.9)]:
        cu.widgets.drive(demo, **{name: value})
        assert cu.widgets.blit_mismatch(demo.live_figure) == 0.0, f"{name}={value}"


def test_demo_title_follows_the_sliders():
    demo = cu.intro.demo_line_fit()
    cu.widgets.drive(demo, w=0.95, b=0.0)
    x, y = _scores()
    assert f"{cu.intro.line_mse(x, y, 0.95, 0.0):.4f}" in demo.live_figure.axes.get_title()


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (float(np.mean((np.array([0.5, 0.4, 0.75, 0.98, 0.9]) - [0.5, 0.39, 0.76, 0.92, 0.89]) ** 2)), True, "Correct"),
        (0.5, False, 'cu.hint("00-1")'),
        ("0.0008", False, "should be a number"),
        ([1, 2], False, "should be a number"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_00_1(answer, passed, phrase):
    result = cu.check("00-1", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ({"b", "d"}, True, "Correct"),
        ("bd", True, "Correct"),
        (["D", "b"], True, "Correct"),
        ({"b"}, False, "not the right set"),
        ({"a", "b", "c", "d"}, False, "not the right set"),
        (set(), False, "you chose none"),
        ({"b", "e"}, False, "e is not one of them"),
        (3, False, "letters"),
        (..., False, "replace the ..."),
    ],
)
def test_exercise_00_2(answer, passed, phrase):
    result = cu.check("00-2", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def test_exercise_00_2_lists_the_systems_the_notebook_shows():
    text = _markdown()
    from course_utils import intro

    for letter, description in intro._SYSTEMS.items():
        assert f"**{letter}.** {description}" in text


@pytest.mark.parametrize(
    ("key", "answer", "passed", "phrase"),
    [
        ("00-3", "weak", True, "Correct"),
        ("00-3", "Weak ", True, "Correct"),
        ("00-3", "strong", False, 'cu.hint("00-3")'),
        ("00-3", "medium", False, "must be one of"),
        ("00-3", 1, False, "must be one of"),
        ("00-4", "pytorch", True, "Correct"),
        ("00-4", "PyTorch", True, "Correct"),
        ("00-4", "keras", False, 'cu.hint("00-4")'),
        ("00-4", None, False, "must be one of"),
    ],
)
def test_exercises_00_3_and_00_4(key, answer, passed, phrase):
    result = cu.check(key, answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize("key", ["00-1", "00-2", "00-3", "00-4"])
def test_every_exercise_has_stepped_hints(key):
    hints = cu.checks.hints(key)
    assert 2 <= len(hints) <= 3
    assert len(set(hints)) == len(hints)


def test_hints_do_not_give_the_answers_away():
    assert not any("weak" == h.strip(". ").lower() for h in cu.checks.hints("00-3"))
    assert not any("pytorch" in h.lower() for h in cu.checks.hints("00-4")[1:])
    assert not any(re.search(r"\bb\b.*\bd\b", h) for h in cu.checks.hints("00-2"))
    assert not any("0.00078" in h for h in cu.checks.hints("00-1"))


# --------------------------------------------------------------------------- the notebook's claims


def _markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _code_block(title: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", _markdown(), flags=re.S)
    found = [b for b in blocks if b.startswith(f"# {title}\n")]
    assert len(found) == 1, f"notebook 00 should show one ```python block that starts with '# {title}'"
    return found[0]


def test_the_knn_guess_of_the_notebook():
    maths, returns = _scores()
    nearest = np.argsort(np.abs(maths - 0.8))[:2]
    w, b = np.polyfit(maths, returns, deg=1)
    assert abs(returns[nearest].mean() - (w * 0.8 + b)) < 0.05


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["Keras", "PyTorch"])
def test_the_framework_code_shown_in_notebook_00_finds_the_best_line(framework):
    """The text says both blocks end on the least-squares line, w ~ 0.94, b ~ 0.03."""
    pytest.importorskip("keras" if framework == "Keras" else "torch")
    maths, returns = _scores()
    if framework == "Keras":
        import keras

        keras.utils.set_random_seed(0)
    else:
        import torch

        torch.manual_seed(0)
    namespace = {"maths": maths, "returns": returns}
    exec(_code_block(framework), namespace)  # noqa: S102 - the notebook's own code
    w, b = (float(np.asarray(_to_numpy(namespace[k])).ravel()[0]) for k in ("w", "b"))
    w_best, b_best = np.polyfit(maths, returns, deg=1)
    assert w == pytest.approx(w_best, abs=0.02) and b == pytest.approx(b_best, abs=0.02)
    assert round(w, 2) == 0.94 and round(b, 2) == 0.03
    if framework == "Keras":  # five samples and the default batch of 32: one update per epoch, as in the loop
        assert int(namespace["model"].optimizer.iterations) == 200


def _to_numpy(value):
    return value.detach().numpy() if hasattr(value, "detach") else value
