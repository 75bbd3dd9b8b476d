"""Exercise checks: right answers confirmed, wrong ones hinted, wrong types explained, nothing raises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest

WEIRD = [None, "12", b"12", object(), {"a": 1}, {1, 2}, [1, "a"], [[1, 2], [3]], np.array(["x"]), float("nan"), True, ..., lambda x: x]


def test_check_number_right_wrong_and_wrong_type(capsys):
    assert cu.check_number(12.0, 12)
    assert "\u2705" in capsys.readouterr().out
    wrong = cu.check_number(11.0, 12, hint="multiply, do not add")
    assert not wrong and "Hint: multiply, do not add" in wrong.message
    typed = cu.check_number("12", 12)
    assert not typed and "should be a number" in typed.message and "str" in typed.message


def test_check_number_accepts_numpy_and_one_element_arrays():
    assert cu.check_number(np.float32(0.5), 0.5, rtol=1e-6)
    assert cu.check_number(np.array([[3.0]]), 3.0)
    assert not cu.check_number(True, 1.0)  # a bool is not the number the student meant


def test_check_number_names_nan():
    assert "NaN" in cu.check_number(float("nan"), 1.0, show=False).message


def test_check_array_shapes_and_values():
    expected = [[19, 22], [43, 50]]
    assert cu.check_array(np.array(expected), expected, show=False)
    assert cu.check_array([[19, 22], [43, 50]], expected, show=False)
    shape = cu.check_array([19, 22, 43, 50], expected, show=False)
    assert not shape and "shape (4,)" in shape.message and "(2, 2)" in shape.message
    values = cu.check_array([[19, 22], [43, 51]], expected, hint="row times column", show=False)
    assert not values and "1 of its 4 values differ" in values.message and "row times column" in values.message


def test_check_array_accepts_torch_tensors():
    torch = pytest.importorskip("torch")
    assert cu.check_array(torch.tensor([1.0, 2.0]), [1, 2], show=False)


def test_check_choice():
    assert cu.check_choice("B", "b", options="ABC", show=False)
    out_of_range = cu.check_choice("D", "B", options="ABC", show=False)
    assert not out_of_range and "must be one of" in out_of_range.message
    assert not cu.check_choice(3, True, show=False)
    assert cu.check_choice(np.int64(3), 3, show=False)


def test_check_function_reports_student_errors_as_sentences():
    def good(x):
        return x**2

    def crashes(x):
        return x / 0

    assert cu.check_function(good, [((2,), 4), ((3,), 9)], show=False)
    result = cu.check_function(crashes, [((2,), 4)], show=False)
    assert not result and "raised ZeroDivisionError" in result.message and "Traceback" not in result.message
    wrong = cu.check_function(lambda x: x * 2, [((3,), 9)], name="square", hint="x times x", show=False)
    assert not wrong and "square(3)" in wrong.message and "x times x" in wrong.message
    assert "should be a function" in cu.check_function(5, [((1,), 1)], show=False).message


@pytest.mark.parametrize("answer", WEIRD)
def test_no_check_ever_raises(answer):
    for result in (
        cu.check_number(answer, 1.0, show=False),
        cu.check_array(answer, [1.0, 2.0], show=False),
        cu.check_choice(answer, "a", options="abc", show=False),
        cu.check_function(answer, [((1,), 2)], show=False),
        cu.check("00-1", answer, show=False),
    ):
        assert isinstance(result, cu.CheckResult) and not result.passed
        assert result.message


def test_check_registry_and_placeholder():
    assert "00-1" in cu.exercise_keys()
    assert "replace the ..." in cu.check("00-1", ..., show=False).message
    unknown = cu.check("99-9", 1, show=False)
    assert not unknown and "no exercise '99-9'" in unknown.message


def test_a_broken_checker_becomes_a_message():
    @cu.exercise("test-broken")
    def _broken(answer):
        raise KeyError("oops")

    result = cu.check("test-broken", 1, show=False)
    assert not result and "KeyError" in result.message


def test_registering_a_key_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        cu.exercise("00-1")(lambda answer: cu.CheckResult(True, ""))


def test_every_registered_exercise_survives_weird_answers():
    for key in cu.exercise_keys():
        for answer in WEIRD:
            result = cu.check(key, answer, show=False)
            assert isinstance(result, cu.CheckResult)


def test_results_render_in_notebooks():
    html = cu.check_number(1, 2, show=False)._repr_html_()
    assert "Not yet" in html and "<div" in html
