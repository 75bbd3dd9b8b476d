"""Valid calls for cu.calculus."""

from input_examples import call


def _cube(x):
    return x**3


def _cube_grad(x):
    return 3 * x**2


def _surface(x, y):
    return x**2 + x * y + y**2


CALLS = {
    "slope": call((1.0, 2.0), (3.0, 8.0)),
    "secant_slope": call(_cube, 1.0, 0.5),
    "numerical_derivative": call(_cube, [0.5, 1.0], h=1e-5),
    "DerivativeExample": call("power rule", "x^3", "3x^2", _cube, _cube_grad),
    "derivative_examples": call(),
    "derivative_rule_error": call("power", [0.5, 1.0]),
    "example_surface": call(1.0, 2.0),
    "example_surface_gradient": call(1.0, 2.0),
    "numerical_partial": call(_surface, [1.0, 2.0], 1, h=1e-5),
    "step_against_gradient": call([1.5, 0.5], [3.5, 2.5], 0.2),
    "plot_secant": call(1.0, 0.5),
    "demo_secant_to_tangent": call(),
    "plot_derivative_rule": call("product", 0.5),
    "demo_derivative_rules": call(),
    "plot_gradient": call(1.5, 0.5, 0.2),
    "demo_gradient": call(),
}
