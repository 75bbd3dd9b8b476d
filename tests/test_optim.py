"""Notebook 03: loss surfaces, NumPy optimizers (checked against torch.optim), batch sizes, demos."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from matplotlib.figure import Figure


@pytest.mark.parametrize(
    ("f", "grad", "point"),
    [
        (cu.bowl_2d, cu.bowl_2d_grad, np.array([0.3, -0.7])),
        (cu.valley, cu.valley_grad, np.array([-4.0, 1.2])),
        (lambda p: cu.bowl_1d(p[0]), lambda p: np.array([cu.bowl_1d_grad(p[0])]), np.array([0.4])),
    ],
)
def test_surface_gradients_match_finite_differences(f, grad, point):
    np.testing.assert_allclose(grad(point), cu.numerical_gradient(f, point), atol=1e-5)


def test_surfaces_accept_grids_and_reject_bad_points():
    grid = np.zeros((4, 5, 2))
    assert cu.valley(grid).shape == (4, 5) and cu.bowl_2d_grad(grid).shape == (4, 5, 2)
    with pytest.raises(ValueError, match="two coordinates"):
        cu.valley([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="numbers"):
        cu.bowl_2d(["x", "y"])


def test_gradient_descent_on_the_1d_bowl_converges_below_2_over_14_and_diverges_above():
    limit = cu.max_stable_learning_rate(14.0)
    assert limit == pytest.approx(1 / 7)
    good = cu.gradient_descent(cu.bowl_1d_grad, 1.2, 0.9 * limit, 200)
    bad = cu.gradient_descent(cu.bowl_1d_grad, 1.2, 1.1 * limit, 200)
    assert good.shape == (201,)
    assert good[-1] == pytest.approx(-6 / 7, abs=1e-6)
    assert abs(bad[-1]) > 1e3


@pytest.mark.parametrize(
    ("name", "options", "torch_name", "torch_options"),
    [
        ("sgd", {}, "SGD", {}),
        ("momentum", {}, "SGD", {"momentum": 0.9}),
        ("rmsprop", {}, "RMSprop", {}),
        ("adam", {}, "Adam", {}),
        ("adam", {"beta1": 0.5, "beta2": 0.9}, "Adam", {"betas": (0.5, 0.9)}),
    ],
)
def test_optimizers_follow_torch_optim_step_by_step(name, options, torch_name, torch_options):
    torch = pytest.importorskip("torch")
    lr, start, steps = 0.05, np.array([-3.0, 1.5]), 12
    ours = cu.run_optimizer(cu.make_optimizer(name, lr, **options), cu.valley_grad, start, steps)
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, torch_name)([param], lr=lr, **torch_options)
    theirs = [param.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * (0.1 * param[0] ** 2 + 10.0 * param[1] ** 2)
        loss.backward()
        opt.step()
        theirs.append(param.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-9, atol=1e-12)


def test_optimizer_state_and_errors():
    opt = cu.Adam(0.1)
    opt.step(np.zeros(2), np.ones(2))
    assert opt.t == 1
    opt.reset()
    assert opt.t == 0 and opt.m is None
    with pytest.raises(ValueError, match="positive"):
        cu.SGD(-0.1)
    with pytest.raises(ValueError, match="momentum"):
        cu.SGD(0.1, momentum=1.5)
    with pytest.raises(ValueError, match="Unknown optimizer"):
        cu.make_optimizer("adagrad", 0.1)
    with pytest.raises(ValueError, match="must match"):
        cu.SGD(0.1).step(np.zeros(2), np.zeros(3))
    with pytest.raises(TypeError, match="optimizer"):
        cu.run_optimizer("sgd", cu.valley_grad, [1.0, 1.0], 3)


def test_momentum_and_adam_beat_sgd_in_the_valley():
    final = {
        name: float(cu.valley(cu.run_optimizer(cu.make_optimizer(name, lr), cu.valley_grad, (-9.0, 1.5), 100)[-1]))
        for name, lr in cu.OPTIMIZER_DEFAULTS.items()
    }
    assert final["momentum"] < final["SGD"] / 10
    assert final["Adam"] < final["SGD"] / 10


def test_full_batch_regression_is_plain_gradient_descent_and_all_batch_sizes_learn():
    x, y = cu.make_regression_data(50, seed=1)
    full = cu.train_regression(x, y, batch_size=50, learning_rate=0.1, num_epochs=5)
    path = cu.gradient_descent(lambda p: cu.regression_grad(x, y, p), (-1.0, -1.0), 0.1, 5)
    np.testing.assert_allclose(full["path"], path)
    assert full["loss"].shape == (6,) and full["epoch"][-1] == 5
    best = float(cu.regression_loss(x, y, *np.polyfit(x, y, 1)))
    for batch_size in (50, 10, 1):
        run = cu.train_regression(x, y, batch_size=batch_size, learning_rate=0.1, num_epochs=60)
        assert run["loss"][-1] < best + 0.05
    sgd = cu.train_regression(x, y, batch_size=1, learning_rate=0.1, num_epochs=2)
    assert len(sgd["path"]) == 101


def test_regression_grad_matches_finite_differences():
    x, y = cu.make_regression_data(30)
    p = np.array([0.5, -0.2])
    numeric = cu.numerical_gradient(lambda q: float(cu.regression_loss(x, y, q[0], q[1])), p)
    np.testing.assert_allclose(cu.regression_grad(x, y, p), numeric, atol=1e-7)
    with pytest.raises(ValueError, match="batch_size"):
        cu.train_regression(x, y, batch_size=0, learning_rate=0.1, num_epochs=1)


@pytest.mark.parametrize(
    ("plot", "kwargs", "phrase"),
    [
        (cu.plot_gd_1d, {"learning_rate": 0.15, "num_steps": 5}, "diverges"),
        (cu.plot_gd_2d, {"learning_rate": 0.05, "num_steps": 5}, "after 5 steps"),
        (cu.plot_batch_sizes, {"learning_rate": 0.1, "num_epochs": 3}, "3 epochs"),
        (cu.plot_optimizers, {"num_steps": 40, "scale": 1.0}, "step 40"),
    ],
)
def test_plots_return_figures(plot, kwargs, phrase):
    fig = plot(**kwargs)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert phrase in fig.axes[0].get_title()


@pytest.mark.parametrize(
    ("build", "changes"),
    [
        (cu.demo_gd_1d, {"learning_rate": 0.15, "num_steps": 25}),
        (cu.demo_gd_2d, {"learning_rate": 0.14, "num_steps": 3}),
        (cu.demo_batch_sizes, {"learning_rate": 0.3, "num_epochs": 2}),
        (cu.demo_optimizers, {"num_steps": 120, "scale": 2.0}),
    ],
)
def test_demos_send_a_new_frame_and_title_per_change(build, changes):
    demo = build()
    before_frame, before_text = demo.live_figure.image.value, demo.readout.value
    frames = cu.drive(demo, **changes)
    assert frames == 1 + len(changes)
    assert demo.live_figure.image.value != before_frame
    assert demo.readout.value != before_text


def test_demo_optimizers_shows_sgd_diverging_at_twice_its_rate():
    demo = cu.demo_optimizers()
    cu.drive(demo, scale=2.0, num_steps=150)
    sgd_loss = float(demo.readout.value.split("loss: SGD ")[1].split(",")[0])
    assert sgd_loss > 1e10


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [(0.5, True, "Correct"), (0.25, False, "Hint"), ("0.5", False, "should be a number")],
)
def test_exercise_03_3(answer, passed, phrase):
    result = cu.check("03-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


def _right_momentum_step(w, velocity, grad, learning_rate, beta):
    velocity = beta * velocity + grad
    return w - learning_rate * velocity, velocity


def _wrong_momentum_step(w, velocity, grad, learning_rate, beta):
    return w - learning_rate * grad, velocity  # forgot the velocity


def _crashing_momentum_step(w, velocity, grad, learning_rate, beta):
    raise ZeroDivisionError("oops")


def _unfinished_momentum_step(w, velocity, grad, learning_rate, beta):
    return ...


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_momentum_step, True, "Correct"),
        (_unfinished_momentum_step, False, "still returns ..."),
        (_wrong_momentum_step, False, "Hint"),
        (_crashing_momentum_step, False, "raised ZeroDivisionError"),
        (0.9, False, "should be a function"),
    ],
)
def test_exercise_03_4(answer, passed, phrase):
    result = cu.check("03-4", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message
