"""cu.optim: loss surfaces, the numerical gradient, the optimizers (checked against torch.optim),
the spreadsheet training, batch sizes, the demos and notebook 03's exercises."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest
from course_utils.training import History
from course_utils.widgets import blit_mismatch
from matplotlib.figure import Figure

optim = cu.optim


# --------------------------------------------------------------------------- surfaces and the numerical gradient


@pytest.mark.parametrize(
    ("f", "grad", "point"),
    [
        (optim.bowl_2d, optim.bowl_2d_grad, np.array([0.3, -0.7])),
        (optim.valley, optim.valley_grad, np.array([-4.0, 1.2])),
        (optim.bowl_1d, optim.bowl_1d_grad, np.array(0.4)),
    ],
)
def test_surface_gradients_match_finite_differences(f, grad, point):
    np.testing.assert_allclose(grad(point), optim.numerical_gradient(f, point), atol=1e-5)


def test_numerical_gradient_of_any_shape():
    W = np.arange(6.0).reshape(2, 3)
    grad = optim.numerical_gradient(lambda w: float(np.sum(w**3)), W)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 3 * W**2, atol=1e-5)
    before = W.copy()
    optim.numerical_gradient(lambda w: float(w.sum()), W, h=1e-3)
    np.testing.assert_array_equal(W, before)  # the caller's array is not changed
    with pytest.raises(TypeError, match="function"):
        optim.numerical_gradient(3.0, W)
    with pytest.raises(ValueError, match="h should be >"):
        optim.numerical_gradient(np.sum, W, h=0)
    with pytest.raises(TypeError, match="f\\(x\\) should be a number"):
        optim.numerical_gradient(lambda w: "big", W)


def test_surfaces_accept_grids_and_reject_bad_points():
    grid = np.zeros((4, 5, 2))
    assert optim.valley(grid).shape == (4, 5) and optim.bowl_2d_grad(grid).shape == (4, 5, 2)
    assert isinstance(optim.valley([1.0, 2.0]), float) and isinstance(optim.bowl_1d(0.5), float)
    with pytest.raises(ValueError, match="two coordinates"):
        optim.valley([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="numbers"):
        optim.bowl_2d(["x", "y"])


def test_gradient_descent_on_the_1d_bowl_converges_below_2_over_14_and_diverges_above():
    limit = optim.max_stable_learning_rate(14.0)
    assert limit == pytest.approx(1 / 7)
    good = optim.gradient_descent(optim.bowl_1d_grad, 1.2, 0.9 * limit, 200)
    bad = optim.gradient_descent(optim.bowl_1d_grad, 1.2, 1.1 * limit, 200)
    assert isinstance(good, History) and len(good) == 201 and list(good) == ["step", "x"]
    assert good["x"][-1] == pytest.approx(-6 / 7, abs=1e-6)
    assert abs(bad["x"][-1]) > 1e3


def test_a_path_that_blows_up_stops_and_is_recorded_as_nan():
    history = optim.gradient_descent(optim.bowl_1d_grad, 1.2, 1.0, 500, loss_fn=optim.bowl_1d)
    assert len(history) == 501 and np.isnan(history["x"][-1]) and np.isnan(history["loss"][-1])
    assert np.isfinite(history["x"][:100]).all()


def test_the_2d_bowl_per_step_factors_at_three_learning_rates():
    """Notebook 03's claims: each step multiplies the distance by 1 - 14 lr along x and 1 - 2 lr along y."""
    for lr, fx, fy in ((0.05, 0.30, 0.90), (0.125, -0.75, 0.75), (0.14, -0.96, 0.72)):
        h = optim.gradient_descent(optim.bowl_2d_grad, (0.9, 2.5), lr, 10)  # 10 steps: before rounding shows
        dx, dy = h["x"] + 1 / 7, h["y"] + 1
        np.testing.assert_allclose(dx[1:] / dx[:-1], fx, rtol=1e-6)
        np.testing.assert_allclose(dy[1:] / dy[:-1], fy, rtol=1e-6)


# --------------------------------------------------------------------------- optimizers


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
    history = optim.run_optimizer(optim.make_optimizer(name, lr, **options), optim.valley_grad, start, steps)
    ours = np.column_stack([history["x"], history["y"]])
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


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_a_list_of_arrays_of_any_shape_is_updated_like_each_array_alone(name):
    """What cu.nn.Network relies on: one optimizer for [W1, b1, W2, b2], state kept per array."""
    rng = np.random.default_rng(0)
    shapes = [(2, 3), (3,), (3, 1), (1,)]
    params = [rng.normal(size=s) for s in shapes]
    together = optim.make_optimizer(name, 0.05)
    alone = [optim.make_optimizer(name, 0.05) for _ in shapes]
    mine = [p.copy() for p in params]
    for _ in range(5):
        grads = [rng.normal(size=s) for s in shapes]
        before = [p.copy() for p in params]
        params = together.step(params, grads)
        assert isinstance(params, list) and [p.shape for p in params] == shapes
        mine = [opt.step(p, g) for opt, p, g in zip(alone, mine, grads, strict=True)]
        for p, b in zip(params, before, strict=True):
            assert not np.shares_memory(p, b)
    for p, q in zip(params, mine, strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-12)
    assert together.t == 5 and len(together.state) == 4
    assert isinstance(together.step(tuple(params), tuple(params)), tuple)


def test_the_inputs_of_a_step_are_not_changed():
    w = np.array([1.0, 2.0])
    new = optim.Adam(0.1).step(w, np.array([0.5, -0.5]))
    np.testing.assert_array_equal(w, [1.0, 2.0])
    assert not np.allclose(new, w)


def test_optimizer_state_shapes_and_errors():
    opt = optim.Adam(0.1)
    opt.step(np.zeros(2), np.ones(2))
    assert opt.t == 1 and set(opt.state[0]) == {"m", "s"}
    with pytest.raises(ValueError, match="reset"):
        opt.step(np.zeros(3), np.ones(3))
    opt.reset()
    assert opt.t == 0 and opt.state is None
    opt.step(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="learning_rate should be >"):
        optim.SGD(-0.1)
    with pytest.raises(ValueError, match="momentum"):
        optim.SGD(0.1, momentum=1.5)
    with pytest.raises(ValueError, match="'sgd', 'momentum'"):
        optim.make_optimizer("adagrad", 0.1)
    with pytest.raises(TypeError, match="no setting"):
        optim.make_optimizer("adam", 0.1, momentum=0.9)
    with pytest.raises(ValueError, match="must match"):
        optim.SGD(0.1).step(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="one per array"):
        optim.SGD(0.1).step([np.zeros(2), np.zeros(1)], [np.zeros(2)])
    with pytest.raises(TypeError, match="optimizer"):
        optim.run_optimizer("sgd", optim.valley_grad, [1.0, 1.0], 3)


def test_nan_passes_through_a_step_so_a_loop_can_see_it_blow_up():
    new = optim.SGD(0.1).step([np.array([1.0, np.nan])], [np.array([np.inf, 0.0])])
    assert np.isinf(new[0][0]) and np.isnan(new[0][1])


def test_repr_names_the_settings():
    assert repr(optim.Momentum(0.03)) == "Momentum(learning_rate=0.03, momentum=0.9)"
    assert repr(optim.SGD(0.1)) == "SGD(learning_rate=0.1)"


def _valley_run(name, lr, steps=150):
    return optim.run_optimizer(optim.make_optimizer(name, lr), optim.valley_grad, (-9.0, 1.5), steps, loss_fn=optim.valley)


def test_momentum_rmsprop_and_adam_beat_sgd_in_the_valley():
    final = {name: _valley_run(name, lr, 100)["loss"][-1] for name, lr in optim.VALLEY_LEARNING_RATES.items()}
    for name in ("momentum", "RMSprop", "Adam"):
        assert final[name] < final["SGD"] / 10


def test_momentums_limit_in_the_valley_is_2_1_plus_beta_over_10():
    assert np.isfinite(_valley_run("momentum", 0.37, 600)["loss"][-1])
    assert _valley_run("momentum", 0.37, 600)["loss"][-1] < 1e-3
    assert _valley_run("momentum", 0.39, 600)["loss"][-1] > 1e3


# --------------------------------------------------------------------------- the spreadsheet


@pytest.fixture
def data():
    return optim.student_arrays()


def test_student_arrays_shapes(data):
    X, y, names = data
    assert X.shape == (5, 3) and y.shape == (5,) and names == list("ABCDE")


def test_round_zero_reproduces_the_excel_lessons_mse(data):
    X, y, _ = data
    r = optim.spreadsheet_round(X, y, optim.SPREADSHEET_START_WEIGHTS, optim.SPREADSHEET_START_BIAS)
    assert r.mse == pytest.approx(optim.SPREADSHEET_REPORTED_MSE[0], abs=1e-9)
    # student A by hand: 0.33 * (0.85 + 0.5 + 0.45) = 0.594, error 0.5 - 0.594
    assert r.predicted[0] == pytest.approx(0.594)
    assert r.error[0] == pytest.approx(-0.094)
    np.testing.assert_allclose(r.weight_change[0], -0.094 * X[0])


def test_one_matching_mse_does_not_pin_down_the_start(data):
    X, y, _ = data
    first = optim.spreadsheet_round(X, y, optim.SPREADSHEET_START_WEIGHTS, 0.0)
    other = optim.spreadsheet_round(X, y, optim.SPREADSHEET_START_WEIGHTS, 2 * first.error.mean())
    assert other.mse == pytest.approx(first.mse, abs=1e-15)


def test_table_has_one_row_per_student_and_an_average(data):
    table = optim.spreadsheet_table()
    assert list(table.index) == [*data[2], "average"]
    assert table.loc["average", "squared error"] == pytest.approx(optim.SPREADSHEET_REPORTED_MSE[0], abs=1e-9)
    assert table.loc["average", "change b"] == pytest.approx(table["error"].iloc[:5].mean())


def test_averaged_change_is_minus_half_the_gradient(data):
    X, y, _ = data
    w, b = np.array([0.2, 0.5, -0.1]), 0.3
    r = optim.spreadsheet_round(X, y, w, b)
    g = cu.losses.mse_grad(y, X @ w + b)
    grad = np.r_[X.T @ g, g.sum()]
    numeric = optim.numerical_gradient(lambda p: optim.spreadsheet_round(X, y, p[:3], p[3]).mse, np.r_[w, b])
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    np.testing.assert_allclose(r.mean_weight_change, -0.5 * grad[:3])
    assert r.mean_bias_change == pytest.approx(-0.5 * grad[3])


def test_the_rule_as_written_diverges_and_a_smaller_rate_falls_every_round():
    assert np.all(np.diff(optim.train_spreadsheet(10, 1.0)["loss"][1:]) > 0)
    history = optim.train_spreadsheet(10, 0.5)
    assert isinstance(history, History) and len(history) == 11
    assert list(history) == ["round", "w1", "w2", "w3", "b", "loss"]
    assert np.all(np.diff(history["loss"]) < 0)
    assert history.info["learning_rate"] == 0.5


def test_faster_with_a_larger_rate_until_just_below_the_limit():
    after = {lr: optim.train_spreadsheet(40, lr)["loss"][-1] for lr in (0.3, 0.5, 0.7, 0.8, 0.85)}
    assert after[0.3] > after[0.5] > after[0.7] > after[0.8] < after[0.85]


def test_max_learning_rate_separates_converging_from_diverging():
    limit = optim.spreadsheet_max_learning_rate()
    assert 0.85 < limit < 0.86
    assert optim.train_spreadsheet(300, 0.97 * limit)["loss"][-1] < 0.01
    assert optim.train_spreadsheet(300, 1.03 * limit)["loss"][-1] > 1.0


def test_no_rate_reaches_the_reported_round_5_mse():
    rates = np.round(np.arange(0.01, 0.85, 0.01), 2)
    after_five = [optim.train_spreadsheet(5, float(r))["loss"][5] for r in rates]
    assert min(after_five) > 0.0046 > optim.SPREADSHEET_REPORTED_MSE[5]


def test_history_table_params_and_prediction():
    history = optim.train_spreadsheet(3, 0.5)
    table = optim.history_table(history)
    assert table.shape == (4, 5) and list(table["MSE"]) == list(history["loss"])
    assert list(table.index) == [0, 1, 2, 3]
    w, b = optim.spreadsheet_params(history)
    assert w.shape == (3,) and b == history["b"][-1]
    assert optim.spreadsheet_params(history, 0)[0].tolist() == [0.33, 0.33, 0.33]
    assert optim.predict_return(optim.NEW_STUDENT, w, b) == pytest.approx(0.60 * w[0] + 0.85 * w[1] + 0.80 * w[2] + b)
    with pytest.raises(TypeError, match="History"):
        optim.history_table({"loss": [1.0]})


def test_spreadsheet_bad_input_raises_sentences(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="shape \\(3,\\)"):
        optim.spreadsheet_round(X, y, [0.3, 0.3], 0.0)
    with pytest.raises(TypeError, match="weights should be"):
        optim.spreadsheet_round(X, y, ["a", "b", "c"], 0.0)
    with pytest.raises(ValueError, match="learning_rate"):
        optim.train_spreadsheet(3, -0.1)
    with pytest.raises(TypeError, match="num_rounds"):
        optim.train_spreadsheet(2.5)
    with pytest.raises(ValueError, match="science"):
        optim.predict_return({"english": 0.5, "maths": 0.5}, [0.3] * 3, 0.0)
    with pytest.raises(ValueError, match="at most 40"):
        optim.plot_spreadsheet_training(41, 0.5)
    with pytest.raises(TypeError, match="num_rounds"):
        optim.plot_spreadsheet_training("5", 0.5)
    with pytest.raises(ValueError, match="columns"):
        optim.student_arrays(cu.data.student_scores().drop(columns="maths"))


# --------------------------------------------------------------------------- batch sizes


def test_full_batch_regression_is_plain_gradient_descent_and_all_batch_sizes_learn():
    x, y = optim.make_regression_data(50, seed=1)
    full = optim.train_regression(x, y, batch_size=50, learning_rate=0.1, num_epochs=5)
    path = optim.gradient_descent(lambda p: optim.regression_grad(x, y, p), (-1.0, -1.0), 0.1, 5)
    assert isinstance(full, History) and list(full) == ["epochs_done", "w", "b", "loss"]
    np.testing.assert_allclose(np.c_[full["w"], full["b"]], np.c_[path["x"], path["y"]])
    assert full["loss"].shape == (6,) and full["epochs_done"][-1] == 5
    best = float(optim.regression_loss(x, y, *np.polyfit(x, y, 1)))
    for batch_size in (50, 10, 1):
        run = optim.train_regression(x, y, batch_size=batch_size, learning_rate=0.1, num_epochs=60)
        assert run["loss"][-1] < best + 0.05
    assert len(optim.train_regression(x, y, batch_size=1, learning_rate=0.1, num_epochs=2)) == 101


def test_regression_grad_matches_finite_differences():
    x, y = optim.make_regression_data(30)
    p = np.array([0.5, -0.2])
    numeric = optim.numerical_gradient(lambda q: optim.regression_loss(x, y, q[0], q[1]), p)
    np.testing.assert_allclose(optim.regression_grad(x, y, p), numeric, atol=1e-7)
    assert optim.regression_loss(x, y, np.zeros((3, 4)), np.ones((3, 4))).shape == (3, 4)
    with pytest.raises(ValueError, match="batch_size"):
        optim.train_regression(x, y, batch_size=0, learning_rate=0.1, num_epochs=1)


def test_the_mini_batch_defaults_of_pytorch():
    """Notebook 03 and docs/notation.md: a DataLoader gives batches of 1 unless batch_size is set."""
    data = pytest.importorskip("torch.utils.data")
    import inspect

    assert inspect.signature(data.DataLoader).parameters["batch_size"].default == 1
    loader = data.DataLoader(data.TensorDataset(__import__("torch").zeros(5, 2)))
    assert len(loader) == 5


def test_the_mini_batch_default_of_keras_fit():
    """Notebook 03 and docs/notation.md: Keras' fit uses batches of 32 unless told otherwise."""
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    batches = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(batch))
    model.fit(np.zeros((96, 2)), np.zeros((96, 1)), epochs=1, verbose=0, callbacks=[callback])
    assert len(batches) == 96 // 32


# --------------------------------------------------------------------------- plots and demos


@pytest.mark.parametrize(
    ("plot", "kwargs", "phrase"),
    [
        (optim.plot_gd_1d, {"learning_rate": 0.15, "num_steps": 5}, "diverges"),
        (optim.plot_gd_2d, {"learning_rate": 0.05, "num_steps": 5}, "after 5 steps"),
        (optim.plot_batch_sizes, {"learning_rate": 0.1, "num_epochs": 3}, "3 epochs"),
        (optim.plot_optimizers, {"num_steps": 40, "scale": 1.0}, "step 40"),
        (optim.plot_spreadsheet_training, {"num_rounds": 5, "learning_rate": 0.5}, "after 5 rounds"),
    ],
)
def test_plots_return_figures(plot, kwargs, phrase):
    fig = plot(**kwargs)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert phrase in fig.axes[0].get_title()


# blitting draws the animated lines above the legend; a path that crosses a legend differs there only
_TINY = 5e-3


@pytest.mark.parametrize(
    ("build", "changes"),
    [
        # at 0.15 the first step already leaves the picture, so the steps slider is moved at 0.13
        (optim.demo_gd_1d, [("learning_rate", 0.15), ("learning_rate", 0.13), ("num_steps", 25)]),
        (optim.demo_gd_2d, [("learning_rate", 0.14), ("num_steps", 3)]),
        (optim.demo_batch_sizes, [("learning_rate", 0.3), ("num_epochs", 2)]),
        (optim.demo_optimizers, [("num_steps", 120), ("scale", 2.0)]),
        (optim.demo_spreadsheet_training, [("num_rounds", 20), ("learning_rate", 0.8)]),
    ],
)
def test_demos_send_a_new_frame_and_readout_per_change_and_blit_exactly(build, changes):
    demo = build()
    assert blit_mismatch(demo.live_figure) < _TINY
    for name, value in changes:
        before_frame, before_text = demo.live_figure.image.value, demo.readout.value
        cu.widgets.drive(demo, **{name: value})
        assert demo.live_figure.image.value != before_frame, name
        assert demo.readout.value != before_text, name
        assert blit_mismatch(demo.live_figure) < _TINY, name
    assert demo.live_figure.frames_sent == 1 + len(changes)


def test_demo_optimizers_shows_sgd_diverging_at_twice_its_rate():
    demo = optim.demo_optimizers()
    cu.widgets.drive(demo, scale=2.0, num_steps=150)
    sgd_loss = float(demo.readout.value.split("loss: SGD ")[1].split(",")[0])
    assert sgd_loss > 1e10


def test_demo_spreadsheet_readout_shows_the_trained_mse():
    demo = optim.demo_spreadsheet_training()
    cu.widgets.drive(demo, num_rounds=20, learning_rate=0.8)
    expected = optim.train_spreadsheet(20, 0.8)["loss"][20]
    assert f"MSE = {expected:.5f}" in demo.readout.value


def test_demo_gd_2d_readout_gives_the_per_step_factors():
    demo = optim.demo_gd_2d()
    cu.widgets.drive(demo, learning_rate=0.125)
    assert "-0.75 along x and +0.75 along y" in demo.readout.value


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        ("right", True, "Correct"),
        ("sign", False, "cu.hint"),
        ([0.1, 0.2], False, "shape"),
        ("text", False, "should be an array"),
    ],
)
def test_exercise_03_3(data, answer, passed, phrase):
    X, y, _ = data
    right = (y - X @ np.full(3, 0.33))[:, None] * X
    if answer in ("right", "sign"):
        answer = right.mean(axis=0) * (1 if answer == "right" else -1)
    result = cu.check("03-3", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [(0.5, True, "Correct"), (0.25, False, "cu.hint"), ("0.5", False, "should be a number")],
)
def test_exercise_03_4(answer, passed, phrase):
    result = cu.check("03-4", answer, show=False)
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


def _scalar_only_momentum_step(w, velocity, grad, learning_rate, beta):
    velocity = beta * float(velocity) + float(grad)
    return float(w) - learning_rate * velocity, velocity


@pytest.mark.parametrize(
    ("answer", "passed", "phrase"),
    [
        (_right_momentum_step, True, "end where cu.optim.Momentum"),
        (_unfinished_momentum_step, False, "replace the ..."),
        (_wrong_momentum_step, False, "cu.hint"),
        (_crashing_momentum_step, False, "raised ZeroDivisionError"),
        (_scalar_only_momentum_step, False, "on arrays"),
        (0.9, False, "should be a function"),
    ],
)
def test_exercise_03_5(answer, passed, phrase):
    result = cu.check("03-5", answer, show=False)
    assert result.passed is passed
    assert phrase in result.message


@pytest.mark.parametrize("key", ["03-3", "03-4", "03-5"])
def test_hints_come_in_steps(key):
    assert len(cu.checks.hints(key)) == 3
