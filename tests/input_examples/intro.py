"""Valid calls for cu.intro."""

from input_examples import call

X = [0.5, 0.4, 0.75]
Y = [0.5, 0.39, 0.76]

CALLS = {
    "line_predictions": call(X, 0.9, 0.05),
    "line_mse": call(X, Y, 0.9, 0.05),
    "plot_line_fit": call(0.9, 0.05),
    "demo_line_fit": call(),
}
