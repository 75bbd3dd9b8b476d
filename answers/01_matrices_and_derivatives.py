"""Answer key for notebook 01 (matrices and derivatives): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/01_matrices_and_derivatives.py")["SOLUTIONS"]
    cu.check("01-7", solutions["01-7"])
"""

import course_utils as cu
import numpy as np

# 01-1: A (2x3) times B (3x2) is 2x2; c_ij = row i of A times column j of B, summed.
#   c11 = 2*1 + 0*0 + 1*4 = 6     c12 = 2*2 + 0*1 + 1*0 = 4
#   c21 = 1*1 + 3*0 + 2*4 = 9     c22 = 1*2 + 3*1 + 2*0 = 5
product = [[6, 4],
           [9, 5]]

# 01-2: (3 x 4)(4 x 2): the inner sizes (4 and 4) agree and cancel; the outer ones remain.
order = (3, 2)

# 01-3: one sample is a row x of 3 numbers; W is 3x2 (one row per input, one column per neuron).
#   z = x W + b: (1 x 3)(3 x 2) = 1 x 2, then one bias per neuron.
#   z1 = 2*0.5 + (-1)*1.5 + 1*(-0.75) + 0.5  = -0.75
#   z2 = 2*(-1) + (-1)*0.25 + 1*1 + (-0.25) = -1.5
W, b = cu.linalg.layer_weights_example()
x = np.array([2.0, -1.0, 1.0])
layer_output = x @ W + b

# 01-4: f(x) = (x^2 + 1)^3 = outer(inner(x)) with outer(u) = u^3 and inner(x) = x^2 + 1.
#   Chain rule: f'(x) = 3 (x^2 + 1)^2 * 2x. At x = 2: inner = 5, so 3 * 25 * 4 = 300.
derivative_at_2 = 3 * (2**2 + 1) ** 2 * (2 * 2)

# 01-5: df/dx = 2x + y (y held fixed), df/dy = x + 2y (x held fixed); at (1, 2): (4, 5).
gradient = (2 * 1 + 2, 1 + 2 * 2)


# 01-6: (x^3 - 2x)' = (x^3)' - (2x)' = 3x^2 - 2 (power rule, constant multiple rule, sum rule).
def derivative(x):
    return 3 * x**2 - 2


# 01-7: matrix multiplication with loops only.
def my_matmul(A, B):
    rows, inner, columns = len(A), len(B), len(B[0])   # A is rows x inner, B is inner x columns
    C = [[0] * columns for _ in range(rows)]            # the result is rows x columns, start at 0
    for i in range(rows):
        for j in range(columns):
            for k in range(inner):                      # row i of A times column j of B, pair by pair
                C[i][j] += A[i][k] * B[k][j]
    return C


SOLUTIONS = {
    "01-1": product,
    "01-2": order,
    "01-3": layer_output,
    "01-4": derivative_at_2,
    "01-5": gradient,
    "01-6": derivative,
    "01-7": my_matmul,
}
