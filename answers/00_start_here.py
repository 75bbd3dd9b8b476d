"""Answer key for notebook 00 (start here): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/00_start_here.py")["SOLUTIONS"]
    cu.check("00-1", solutions["00-1"])
"""

import course_utils as cu
import numpy as np

# 00-1: the MSE of the line w = 1, b = 0 on the five students.
scores = cu.data.student_scores()
maths, returns = scores["maths"].to_numpy(), scores["return"].to_numpy()
predictions = 1.0 * maths + 0.0        # the line y = x predicts each return to be the maths score
errors = predictions - returns         # A: 0.50 - 0.50 = 0, B: 0.40 - 0.39 = 0.01, ..., D: 0.98 - 0.92 = 0.06
mse = np.mean(errors**2)               # (0 + 0.0001 + 0.0001 + 0.0036 + 0.0001) / 5 = 0.00078

# 00-2: which systems learn from data?
# a. the calculator follows fixed arithmetic: not machine learning.
# b. the spam filter got its skill from thousands of labelled emails: machine learning.
# c. the thermostat follows one rule its maker wrote ("below 20 degrees: heat"): not machine learning.
# d. k-nearest neighbours keeps the past days and looks up the most similar ones: machine learning
#    (it learns from examples, even though it has no weights).
learns_from_data = {"b", "d"}

# 00-3: the spam filter does one job and nothing else a person can do: weak AI.
# (Strong AI would be able to do everything a person can; no machine so far can.)
kind_of_ai = "weak"

# 00-4: in the PyTorch block we write the loop ourselves (for epoch in range(200): zero_grad,
# loss, backward, step); Keras' model.fit runs the same loop for us.
writes_the_loop = "pytorch"

SOLUTIONS = {
    "00-1": mse,
    "00-2": learns_from_data,
    "00-3": kind_of_ai,
    "00-4": writes_the_loop,
}
