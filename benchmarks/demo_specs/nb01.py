"""Slider demos of notebook 01."""

DEMOS = [
    {
        "name": "01 matrix product, one element (row, col)",
        "build": "cu.linalg.demo_matmul_step()",
        "changes": [("row", 2), ("col", 2), ("row", 1), ("col", 1)],
        "expect": "image",
    },
    {
        "name": "01 a layer is a matrix (x1, x2, x3)",
        "build": "cu.linalg.demo_layer_as_matrix()",
        "changes": [("x1", -1.5), ("x2", 1.2), ("x3", 0.4), ("x1", 0.8), ("x2", -0.6), ("x3", -1.8)],
        "expect": "image",
    },
    {
        "name": "01 secant to tangent (h, a)",
        "build": "cu.calculus.demo_secant_to_tangent()",
        "changes": [("h", 0.5), ("h", 0.2), ("h", 0.05), ("h", 0.01), ("a", 0.0), ("a", -1.0), ("h", 1.0)],
        "expect": "image",
    },
    {
        "name": "01 derivative rules (x)",
        "build": "cu.calculus.demo_derivative_rules()",
        "changes": [("x", -0.5), ("x", 0.0), ("x", 0.35), ("x", 0.9)],
        "expect": "image",
    },
    {
        "name": "01 derivative rules (example)",
        "build": "cu.calculus.demo_derivative_rules()",
        "changes": [("example", "chain"), ("example", "quotient"), ("example", "power"), ("example", "product")],
        "expect": "image",
    },
    {
        "name": "01 gradient on a contour plot (x, y, step)",
        "build": "cu.calculus.demo_gradient()",
        "changes": [("x", -1.0), ("y", 2.0), ("learning_rate", 0.5), ("x", 2.0), ("y", -1.5),
                    ("learning_rate", 0.1)],
        "expect": "image",
    },
]
