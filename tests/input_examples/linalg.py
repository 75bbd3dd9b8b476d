"""Valid calls for cu.linalg."""

from input_examples import call

A = [[1.0, 2.0], [3.0, 4.0]]
B = [[5.0, 6.0], [7.0, 8.0]]
W = [[0.5, -1.0], [1.5, 0.25], [-0.75, 1.0]]
IMAGE = [[float((r * 7 + c) % 256) for c in range(6)] for r in range(6)]

CALLS = {
    "matrix_order": call(A),
    "order_text": call(A),
    "matrix_element": call(A, 1, 2),
    "matrix_add": call(A, B),
    "matrix_subtract": call(A, B),
    "scalar_multiply": call(4.0, A),
    "product_order": call((2, 3), (3, 5)),
    "matrix_multiply": call(A, B),
    "matmul_terms": call(A, B, 2, 1),
    "plot_matmul_step": call(A, B, 2, 1),
    "demo_matmul_step": call(A, B),
    "plot_image_as_matrix": call(IMAGE, top=1, left=1, size=3),
    "layer_weights_example": call(),
    "linear_layer": call([1.0, 0.5, -1.0], W, [0.5, -0.25]),
    "plot_layer_as_matrix": call([1.0, 0.5, -1.0]),
    "demo_layer_as_matrix": call(),
}
