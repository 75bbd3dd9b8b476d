"""Exercise checks: right answers confirmed, wrong ones hinted, wrong types explained, nothing raises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest


@pytest.fixture
def scratch_registry():
    """Exercises a test registers are forgotten afterwards (other tests walk every key)."""
    saved = dict(cu.checks._EXERCISES)
    yield
    cu.checks._EXERCISES.clear()
    cu.checks._EXERCISES.update(saved)


WEIRD = [None, "12", b"12", object(), {"a": 1}, {1, 2}, [1, "a"], [[1, 2], [3]], np.array(["x"]), float("nan"), True, ..., lambda x: x]


def test_check_number_right_wrong_and_wrong_type(capsys):
    assert cu.checks.check_number(12.0, 12)
    assert capsys.readouterr().out == "", "a check_* helper returns its verdict; only cu.check prints"
    wrong = cu.checks.check_number(11.0, 12, hint="multiply, do not add")
    assert not wrong and "Hint: multiply, do not add" in wrong.message
    typed = cu.checks.check_number("12", 12)
    assert not typed and "should be a number" in typed.message and "str" in typed.message


def test_check_number_accepts_numpy_and_one_element_arrays():
    assert cu.checks.check_number(np.float32(0.5), 0.5, rtol=1e-6)
    assert cu.checks.check_number(np.array([[3.0]]), 3.0)
    assert not cu.checks.check_number(True, 1.0)  # a bool is not the number the student meant


def test_check_number_names_nan():
    assert "NaN" in cu.checks.check_number(float("nan"), 1.0).message


def test_check_array_shapes_and_values():
    expected = [[19, 22], [43, 50]]
    assert cu.checks.check_array(np.array(expected), expected)
    assert cu.checks.check_array([[19, 22], [43, 50]], expected)
    shape = cu.checks.check_array([19, 22, 43, 50], expected)
    assert not shape and "shape (4,)" in shape.message and "(2, 2)" in shape.message
    values = cu.checks.check_array([[19, 22], [43, 51]], expected, hint="row times column")
    assert not values and "1 of its 4 values differ" in values.message and "row times column" in values.message


def test_check_array_accepts_torch_tensors():
    torch = pytest.importorskip("torch")
    assert cu.checks.check_array(torch.tensor([1.0, 2.0]), [1, 2])


def test_check_choice():
    assert cu.checks.check_choice("B", "b", options="ABC")
    out_of_range = cu.checks.check_choice("D", "B", options="ABC")
    assert not out_of_range and "must be one of" in out_of_range.message
    assert not cu.checks.check_choice(3, True)
    assert cu.checks.check_choice(np.int64(3), 3)


def test_check_function_reports_student_errors_as_sentences():
    def good(x):
        return x**2

    def crashes(x):
        return x / 0

    assert cu.checks.check_function(good, [((2,), 4), ((3,), 9)])
    result = cu.checks.check_function(crashes, [((2,), 4)])
    assert not result and "raised ZeroDivisionError" in result.message and "Traceback" not in result.message
    wrong = cu.checks.check_function(lambda x: x * 2, [((3,), 9)], name="square", hint="x times x")
    assert not wrong and "square(3)" in wrong.message and "x times x" in wrong.message
    assert "should be a function" in cu.checks.check_function(5, [((1,), 1)]).message


@pytest.mark.parametrize("answer", WEIRD)
def test_no_check_ever_raises(answer):
    for result in (
        cu.checks.check_number(answer, 1.0),
        cu.checks.check_array(answer, [1.0, 2.0]),
        cu.checks.check_choice(answer, "a", options="abc"),
        cu.checks.check_function(answer, [((1,), 2)]),
        cu.check("00-1", answer, show=False),
    ):
        assert isinstance(result, cu.checks.CheckResult) and not result.passed
        assert result.message


def test_check_registry_and_placeholder():
    assert "00-1" in cu.checks.exercise_keys()
    assert "replace the ..." in cu.check("00-1", ..., show=False).message
    unknown = cu.check("99-9", 1, show=False)
    assert not unknown and "no exercise '99-9'" in unknown.message


def test_a_broken_checker_becomes_a_message(scratch_registry):
    @cu.checks.exercise("test-broken")
    def _broken(answer):
        raise KeyError("oops")

    result = cu.check("test-broken", 1, show=False)
    assert not result and "KeyError" in result.message


def test_registering_a_key_twice_is_refused(scratch_registry):
    with pytest.raises(ValueError, match="twice"):
        cu.checks.exercise("00-1")(lambda answer: cu.checks.CheckResult(True, ""))


def test_every_registered_exercise_survives_weird_answers():
    for key in cu.checks.exercise_keys():
        for answer in WEIRD:
            result = cu.check(key, answer, show=False)
            assert isinstance(result, cu.checks.CheckResult)


def test_results_render_in_notebooks():
    html = cu.checks.check_number(1, 2)._repr_html_()
    assert "Not yet" in html and "<div" in html


# --------------------------------------------------------------------------- printing once


@pytest.mark.parametrize("answer", [1.0, "x", None, ..., [1, 2], lambda x: x])
def test_every_exercise_prints_its_verdict_exactly_once(capsys, answer):
    for key in cu.checks.exercise_keys():
        cu.check(key, answer)
        out = capsys.readouterr().out
        verdicts = out.count("\u2705") + out.count("\u274c")
        assert verdicts == 1, f"cu.check({key!r}, {answer!r}) printed {verdicts} verdicts:\n{out}"


def test_show_false_prints_nothing_for_every_exercise(capsys):
    for key in cu.checks.exercise_keys():
        for answer in (1.0, ..., None):
            cu.check(key, answer, show=False)
    assert capsys.readouterr().out == ""


def test_checkers_return_verdicts_and_never_print(capsys):
    for key in cu.checks.exercise_keys():
        checker = cu.checks._EXERCISES[key].checker
        result = checker(1.0)
        assert isinstance(result, cu.checks.CheckResult), f"the checker of {key} returned {result!r}"
    assert capsys.readouterr().out == "", "a checker printed; only cu.check prints"


# --------------------------------------------------------------------------- placeholders and hints


def test_placeholders_are_recognised_centrally():
    def unfinished(x): ...

    def finished(x):
        return x

    assert cu.checks.is_placeholder(...)
    assert cu.checks.is_placeholder([1, ...])
    assert cu.checks.is_placeholder(unfinished)
    assert not cu.checks.is_placeholder(finished)
    assert not cu.checks.is_placeholder(0)
    for key in cu.checks.exercise_keys():
        assert "replace the ..." in cu.check(key, unfinished, show=False).message


def test_every_exercise_has_stepped_hints():
    for key in cu.checks.exercise_keys():
        hints = cu.checks.hints(key)
        assert 2 <= len(hints) <= 3, f"exercise {key} has {len(hints)} hints; give two or three, vague to specific"
        assert len(set(hints)) == len(hints), f"exercise {key} repeats a hint"


def test_hint_steps_from_vague_to_specific(capsys, scratch_registry):
    @cu.checks.exercise("test-hints", hints=("first nudge", "second, closer", "third, specific"))
    def _checker(answer):
        return cu.checks.check_number(answer, 3)

    assert "first nudge" in cu.hint("test-hints")
    assert "second, closer" in cu.hint("test-hints")
    assert "third, specific" in cu.hint("test-hints")
    assert "third, specific" in cu.hint("test-hints"), "the last hint stays"
    assert "first nudge" in cu.hint("test-hints", 1)
    assert "hints 1 to 3" in cu.hint("test-hints", 7)
    assert "no exercise" in cu.hint("99-9")
    out = capsys.readouterr().out
    assert out.count("\U0001f4a1") == 7
    wrong = cu.check("test-hints", 4, show=False)
    assert not wrong and 'cu.hint("test-hints")' in wrong.message
    assert "3" not in wrong.message.split("For a hint")[1], "the pointer to the hint gives nothing away"
