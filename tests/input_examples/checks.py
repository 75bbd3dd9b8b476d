"""Valid calls for cu.checks. A check never raises on a student's answer, so answers accept anything."""

import course_utils as cu

from input_examples import call

CALLS = {
    # A student types the key and the answer: bad ones come back as verdicts, never raise.
    "check": call("00-1", 1.0, _verdict={"arg0", "arg1"}, show=False),
    "hint": call("00-1", 1, _verdict={"arg0", "arg1"}),
    "hints": call("00-1"),
    "is_placeholder": call(..., _any={"arg0"}),
    "check_number": call(1.0, 1.0, _verdict={"arg0"}, name="x", hint="look", rtol=1e-6, atol=1e-9),
    "check_array": call([1.0, 2.0], [1.0, 2.0], _verdict={"arg0"}, name="x", hint="look", rtol=1e-6, atol=1e-9),
    "check_choice": call("a", "a", _verdict={"arg0"}, _any={"arg1"}, options=["a", "b"], name="x", hint="look"),
    "check_function": call(abs, [((1,), 1)], _verdict={"arg0"}, name="f", hint="look", rtol=1e-6, atol=1e-9),
    "exercise": call("test-example-key", hints=("one", "two")),
}
SKIP = {
    "CheckResult": "a verdict the checks build",
    "exercise_keys": "takes no input",
}
_ = cu
