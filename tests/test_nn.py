"""The one NumPy network (cu.nn): gradients against central differences and
PyTorch's autograd for every activation x loss x penalty (and dropout with a
fixed mask), the optimizers, the History and callback of fit, the decision
grid, and clear errors on bad input."""

from __future__ import annotations

import copy

import course_utils as cu
import numpy as np
import pytest

Network = cu.nn.Network

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
# every output activation with every loss it is allowed with
HEADS = (
    ("sigmoid", "mse"),
    ("linear", "mse"),
    ("tanh", "mse"),
    ("relu", "mse"),
    ("sigmoid", "binary_crossentropy"),
    ("softmax", "categorical_crossentropy"),
)
PENALTIES = ({}, {"l1": 0.03}, {"l2": 0.05}, {"l1": 0.02, "l2": 0.04})
DROPOUT = (0.0, 0.3)  # 0.3: with a fixed mask, so the loss is a fixed function of the weights


def _problem(output_activation: str, loss: str, *, seed: int = 0, dropout_rate: float = 0.0, **penalty):
    """A small network [3, 5, 4, n_out], a batch of 6 samples with targets, and dropout masks (or None)."""
    rng = np.random.default_rng(seed)
    n_out = 3 if loss == "categorical_crossentropy" else 2
    net = Network([3, 5, 4, n_out], activation="tanh", output_activation=output_activation, loss=loss,
                  dropout_rate=dropout_rate, seed=seed, **penalty)
    X = rng.normal(size=(6, 3))
    if loss == "categorical_crossentropy":
        y = rng.integers(0, n_out, 6)
    elif loss == "binary_crossentropy" or output_activation == "sigmoid":
        y = rng.integers(0, 2, (6, n_out)).astype(float)
    else:
        y = rng.normal(size=(6, n_out))
    # move biases off zero so every code path (and ReLU's kink) is exercised
    flat = net.get_params()
    net.set_params(flat + 0.1 * rng.normal(size=flat.shape))
    if output_activation == "relu":
        net.layers[-1].b += 1.0  # keep the ReLU outputs alive, or every gradient is 0
    masks = net.dropout_masks(6, rng=np.random.default_rng(seed + 7)) if dropout_rate else None
    return net, X, y, masks


def _flat_grads(grads) -> np.ndarray:
    return np.concatenate([np.r_[dW.ravel(), db] for dW, db in grads])


def _numerical(net: Network, X, y, masks, eps: float = 1e-6) -> np.ndarray:
    """Central differences of net.loss (data loss + penalty, the given dropout) over every parameter."""
    theta = net.get_params()

    def loss_at(params):
        net.set_params(params)
        return net.loss(X, y, masks=masks)

    try:
        return cu.optim.numerical_gradient(loss_at, theta, h=eps)
    finally:
        net.set_params(theta)


def _relative_error(g: np.ndarray, g_num: np.ndarray) -> float:
    return float(np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num)))


def _with_hidden(net: Network, activation: str) -> Network:
    """The same weights and settings, with another hidden activation."""
    other = Network(net.layer_sizes, activation=activation, output_activation=net.output_activation,
                    loss=net.loss_name, l2=net.l2, l1=net.l1, dropout_rate=net.dropout_rate, seed=0)
    other.set_params(net.get_params())
    return other


def _label(penalty: dict) -> str:
    return "-".join(f"{k}{v}" for k, v in penalty.items()) or "none"


@pytest.mark.parametrize("dropout_rate", DROPOUT, ids=lambda r: f"dropout{r}")
@pytest.mark.parametrize("penalty", PENALTIES, ids=_label)
@pytest.mark.parametrize("output_activation,loss", HEADS)
@pytest.mark.parametrize("activation", HIDDEN)
def test_gradients_match_central_differences(activation, output_activation, loss, penalty, dropout_rate):
    net, X, y, masks = _problem(output_activation, loss, dropout_rate=dropout_rate, **penalty)
    net = _with_hidden(net, activation)
    analytic = _flat_grads(net.gradients(X, y, masks=masks))
    numeric = _numerical(net, X, y, masks)
    assert analytic.dtype == np.float64
    assert np.linalg.norm(analytic) > 1e-3  # a real gradient, not all zeros
    assert _relative_error(analytic, numeric) < 1e-6


def test_l2_follows_keras_convention_penalty_without_half_gradient_two_lambda_w():
    net = Network([2, 3, 1], l2=0.1, seed=0)
    net.set_params(np.ones(net.n_params))
    assert net.penalty() == pytest.approx(0.1 * 9)  # 9 weights of 1, no 1/2
    X, y = np.zeros((4, 2)), np.zeros(4)  # zero inputs: the data gives W1 no gradient
    dW1 = net.gradients(X, y)[0][0]
    np.testing.assert_allclose(dW1, 2 * 0.1 * np.ones((2, 3)))
    keras = pytest.importorskip("keras")
    assert float(keras.regularizers.L2(0.1)(np.ones((3, 3), dtype="float32"))) == pytest.approx(net.penalty())


def test_the_package_gradient_check_agrees():
    net, X, y, _ = _problem("sigmoid", "binary_crossentropy", l2=0.1)
    theta = net.get_params()
    assert _relative_error(_flat_grads(net.gradients(X, y)), _numerical(net, X, y, None)) < 1e-6
    np.testing.assert_array_equal(net.get_params(), theta)


# --------------------------------------------------------------------------- against PyTorch


def _torch_loss_and_grads(net: Network, X, y, masks):
    torch = pytest.importorskip("torch")
    acts = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
        "linear": lambda z: z,
        "softmax": lambda z: torch.softmax(z, dim=1),
    }
    params = []
    for layer in net.layers:
        params += [torch.tensor(layer.W, dtype=torch.float64, requires_grad=True),
                   torch.tensor(layer.b, dtype=torch.float64, requires_grad=True)]
    A = torch.tensor(X, dtype=torch.float64)
    for i, layer in enumerate(net.layers):
        A = acts[layer.activation](A @ params[2 * i] + params[2 * i + 1])
        if masks is not None and i < len(net.layers) - 1:
            A = A * torch.tensor(masks[i], dtype=torch.float64) / (1 - net.dropout_rate)
    if net.loss_name == "categorical_crossentropy":
        target = torch.nn.functional.one_hot(torch.tensor(y), A.shape[1]).to(torch.float64)
        loss = -(target * torch.log(A)).sum(dim=1).mean()
    else:
        target = torch.tensor(np.asarray(y, dtype=float).reshape(A.shape), dtype=torch.float64)
        if net.loss_name == "binary_crossentropy":
            loss = torch.nn.functional.binary_cross_entropy(A, target)
        else:
            loss = torch.nn.functional.mse_loss(A, target)
    weights = params[0::2]
    loss = loss + net.l2 * sum((W**2).sum() for W in weights)  # Keras' L2: lambda * sum(w^2)
    loss = loss + net.l1 * sum(W.abs().sum() for W in weights)
    loss.backward()
    return float(loss.detach()), np.concatenate([p.grad.numpy().ravel() for p in params])


@pytest.mark.parametrize("dropout_rate", DROPOUT, ids=lambda r: f"dropout{r}")
@pytest.mark.parametrize("penalty", PENALTIES, ids=_label)
@pytest.mark.parametrize("output_activation,loss", HEADS)
@pytest.mark.parametrize("activation", HIDDEN)
def test_loss_and_gradients_match_pytorch_autograd(activation, output_activation, loss, penalty, dropout_rate):
    net, X, y, masks = _problem(output_activation, loss, seed=1, dropout_rate=dropout_rate, **penalty)
    net = _with_hidden(net, activation)
    our_loss, grads = net.backward(X, y, masks=masks)
    torch_loss, torch_grads = _torch_loss_and_grads(net, X, y, masks)
    assert our_loss == pytest.approx(torch_loss, rel=1e-10)
    assert np.linalg.norm(torch_grads) > 1e-3
    assert _relative_error(_flat_grads(grads), torch_grads) < 1e-10


# --------------------------------------------------------------------------- dropout


def test_dropout_only_in_training_and_inverted():
    net = Network([2, 50, 50, 1], dropout_rate=0.5, seed=0)
    X = np.random.default_rng(0).normal(size=(40, 2))
    np.testing.assert_array_equal(net.predict(X), net.forward(X))  # predict: no dropout
    assert net.loss(X, np.zeros(40)) == net.loss(X, np.zeros(40))  # deterministic at test time
    masks = net.dropout_masks(40, rng=np.random.default_rng(3))
    assert [m.shape for m in masks] == [(40, 50), (40, 50)] and 0.4 < np.mean(masks) < 0.6
    net.forward(X, masks=masks)
    hidden = net.layers[1].A_prev  # the first hidden layer's output after dropout
    full = np.tanh(X @ net.layers[0].W + net.layers[0].b)
    np.testing.assert_allclose(hidden, full * masks[0] / 0.5)
    assert not np.allclose(net.forward(X, training=True), net.forward(X, training=True))


def test_dropout_forward_is_the_networks_dropout():
    a = np.arange(1.0, 7.0).reshape(2, 3)
    out, mask = cu.nn.dropout_forward(a, 0.25, training=True, rng=np.random.default_rng(1))
    np.testing.assert_allclose(out, a * mask / 0.75)
    same, all_kept = cu.nn.dropout_forward(a, 0.25, training=False)
    np.testing.assert_array_equal(same, a)
    assert all_kept.all()
    given = np.array([[True, False, True], [False, True, True]])
    np.testing.assert_allclose(cu.nn.dropout_forward(a, 0.5, training=True, mask=given)[0], a * given * 2)
    with pytest.raises(ValueError, match="rate"):
        cu.nn.dropout_forward(a, 1.0, training=True)


def test_step_with_dropout_moves_only_weights_of_kept_units():
    net = Network([2, 20, 1], dropout_rate=0.5, seed=0)
    X, y = np.ones((1, 2)), np.ones(1)
    before = [layer.W.copy() for layer in net.layers]
    net.step(X, y, learning_rate=0.1)
    kept = net.layers[0].keep[0]  # the mask of that step, one sample
    moved_out = ~np.isclose(net.layers[1].W, before[1])[:, 0]
    np.testing.assert_array_equal(moved_out, kept)  # a dropped unit's outgoing weight did not move
    assert 0 < kept.sum() < 20


# --------------------------------------------------------------------------- training


def test_fit_learns_xor_and_returns_a_history():
    X, y = cu.data.make_playground_data("xor", 200, seed=0)
    X = X / 6  # input scaling belongs to the data
    net = Network([2, 6, 1], activation="tanh", seed=0)
    history = net.fit(X, y, num_epochs=300, learning_rate=0.5, batch_size=20)
    assert isinstance(history, cu.training.History)
    assert len(history) == 300 and set(history) == {"loss", "accuracy"}
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert net.accuracy(X, y) > 0.95 and history.last("accuracy") == net.accuracy(X, y)
    assert history.info["batch_size"] == 20


def test_fit_tracks_validation_and_softmax_classes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]]), axis=1)
    net = Network([2, 8, 3], activation="relu", output_activation="softmax", loss="categorical_crossentropy")
    history = net.fit(X[:60], y[:60], num_epochs=100, learning_rate=0.5, validation_data=(X[60:], y[60:]))
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history["val_loss"][-1] < history["val_loss"][0]
    assert history.last("val_accuracy") == net.accuracy(X[60:], y[60:]) > 0.8
    assert set(net.predict_classes(X)) <= {0, 1, 2}


def test_fit_records_the_data_loss_and_the_penalty_apart():
    X, y = cu.data.make_playground_data("circle", 60, seed=0)
    net = Network([2, 5, 1], l2=0.01, seed=0)
    history = net.fit(X / 6, y, num_epochs=5, learning_rate=0.3)
    assert history.last("loss") == pytest.approx(net.loss(X / 6, y, with_penalty=False))
    assert history.last("loss") + history.last("penalty") == pytest.approx(net.loss(X / 6, y))


@pytest.mark.parametrize("name", ["SGD", "Momentum", "RMSprop", "Adam"])
def test_fit_uses_the_package_optimizers_step_for_step(name):
    """fit(optimizer=...) equals handing all parameters, flat, to optimizer.step each epoch."""
    X, y = cu.data.make_playground_data("xor", 40, 0.2, seed=1)
    X = X / 6
    optimizer = getattr(cu.optim, name)(0.01)
    net = Network([2, 8, 8, 1], seed=3)
    reference = copy.deepcopy(net)
    twin = copy.deepcopy(optimizer)
    history = net.fit(X, y, num_epochs=15, optimizer=optimizer)
    losses = []
    for _ in range(15):  # full batch: one step per epoch
        grads = reference.gradients(X, y)
        flat = np.concatenate([np.r_[dW.ravel(), db] for dW, db in grads])
        reference.set_params(twin.step(reference.get_params(), flat))
        losses.append(reference.loss(X, y))
    np.testing.assert_allclose(net.get_params(), reference.get_params(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(history["loss"], losses, rtol=1e-12)
    assert net.optimizer is optimizer


def test_adam_trains_a_noisy_xor_faster_than_plain_sgd_at_the_same_learning_rate():
    X, y = cu.data.make_playground_data("xor", 80, 0.5, seed=0)
    X = X / 6
    sgd = Network([2, 16, 16, 1], seed=0).fit(X, y, num_epochs=100, learning_rate=0.01)
    adam = Network([2, 16, 16, 1], seed=0).fit(X, y, num_epochs=100, optimizer=cu.optim.Adam(0.01))
    assert adam.last("loss") < 0.8 * sgd.last("loss")


def test_an_optimizer_from_another_network_is_reset_and_one_that_stays_keeps_its_state():
    X, y = np.random.default_rng(0).normal(size=(10, 2)), np.r_[np.zeros(5), np.ones(5)]
    adam = cu.optim.Adam(0.01)
    first = Network([2, 3, 1], seed=0)
    first.fit(X, y, num_epochs=4, optimizer=adam)
    assert adam.t == 4
    first.fit(X, y, num_epochs=2, optimizer=adam)
    assert adam.t == 6  # the same network: its state goes on, as Keras' fit does
    Network([2, 5, 1], seed=0).fit(X, y, num_epochs=1, optimizer=adam)
    assert adam.t == 1  # another network (other shapes): reset first


def test_callback_sees_every_epoch_and_can_stop_training():
    X, y = cu.data.make_playground_data("circle", 40, seed=0)
    seen = []

    def record(epoch, network, history):
        seen.append((epoch, len(history), cu.nn.decision_grid(network, lim=1, resolution=5).shape))
        if epoch == 7:
            network.stop_training = True

    history = Network([2, 3, 1]).fit(X / 6, y, num_epochs=50, learning_rate=0.1, callback=record)
    assert [s[0] for s in seen] == list(range(1, 8)) and [s[1] for s in seen] == list(range(1, 8))
    assert seen[0][2] == (5, 5) and len(history) == 7


def test_fit_is_repeatable_under_its_seed_with_dropout_and_mini_batches():
    X, y = cu.data.make_playground_data("xor", 60, 0.3, seed=0)

    def run(seed):
        net = Network([2, 8, 1], dropout_rate=0.3, seed=2)
        return net.fit(X / 6, y, num_epochs=5, learning_rate=0.2, batch_size=16, seed=seed)["loss"]

    np.testing.assert_array_equal(run(0), run(0))
    assert not np.array_equal(run(0), run(1))


def test_step_records_gradient_norms_and_moves_downhill():
    net, X, y, _ = _problem("sigmoid", "binary_crossentropy")
    assert net.last_gradient_norms == []
    before = net.loss(X, y)
    assert net.step(X, y, learning_rate=0.1) == pytest.approx(before)
    assert len(net.last_gradient_norms) == 3 and all(n > 0 for n in net.last_gradient_norms)
    assert net.loss(X, y) < before
    assert net.gradient_norms(X, y) == pytest.approx([float(np.linalg.norm(dW)) for dW, _ in net.gradients(X, y)])
    net.step(X, y, optimizer=cu.optim.Momentum(0.1))
    assert net.loss(X, y) < before


def test_deep_sigmoid_network_has_vanishing_gradients():
    X, y = cu.data.make_playground_data("spiral", 200, seed=0)
    deep = Network([2] + [8] * 6 + [1], activation="sigmoid", output_activation="sigmoid", loss="mse", seed=0)
    norms = deep.gradient_norms(X / 6, y)
    assert norms[0] < norms[-1] / 100


def test_params_round_trip_penalty_values_and_repr():
    net = Network([2, 3, 1], seed=0)
    flat = net.get_params()
    assert flat.shape == (net.n_params,) == (2 * 3 + 3 + 3 * 1 + 1,)
    net.set_params(np.ones(net.n_params))
    assert net.penalty() == 0.0
    net.l2, net.l1 = 2.0, 0.5
    assert net.penalty() == pytest.approx(2.0 * 9 + 0.5 * 9)
    assert f"{net.n_params} parameters" in repr(net) and "l2=2" in repr(net)
    net.reset()
    np.testing.assert_array_equal(net.get_params(), flat)


def test_initial_weights_glorot_for_tanh_and_he_for_relu():
    tanh = Network([200, 300, 1], activation="tanh", seed=0).layers[0].W
    relu = Network([200, 300, 1], activation="relu", seed=0).layers[0].W
    assert np.abs(tanh).max() <= np.sqrt(6 / 500)
    assert relu.std() == pytest.approx(np.sqrt(2 / 200), rel=0.02)


# --------------------------------------------------------------------------- the decision grid


def test_decision_grid_on_a_network_and_on_a_function():
    net = Network([2, 3, 1], seed=0)
    grid = cu.nn.decision_grid(net, resolution=25)
    assert grid.shape == (25, 25) and ((grid > 0) & (grid < 1)).all()
    # row 0 is the bottom, column 0 the left edge: f = x gives increasing columns, f = y increasing rows
    xs = cu.nn.decision_grid(lambda X: X[:, 0], xlim=(0, 4), ylim=(-1, 1), resolution=5)
    np.testing.assert_allclose(xs[0], [0, 1, 2, 3, 4])
    ys = cu.nn.decision_grid(lambda X: X[:, 1:], lim=2, resolution=3)
    np.testing.assert_allclose(ys[:, 0], [-2, 0, 2])
    three = cu.nn.decision_grid(lambda X: np.c_[X, X[:, :1]], resolution=4)
    assert three.shape == (4, 4, 3)
    np.testing.assert_array_equal(cu.nn.decision_grid(net, lim=1.5, resolution=7),
                                  cu.nn.decision_grid(net.predict, lim=1.5, resolution=7))


def test_decision_grid_explains_bad_input():
    with pytest.raises(TypeError, match="Network or a function"):
        cu.nn.decision_grid(None)
    with pytest.raises(ValueError, match="low < high"):
        cu.nn.decision_grid(lambda X: X[:, 0], xlim=(1, 0))
    with pytest.raises(ValueError, match="one row per grid point"):
        cu.nn.decision_grid(lambda X: X[:3, 0], resolution=4)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs,error,phrase",
    [
        ({"layer_sizes": [2]}, ValueError, "at least 2 sizes"),
        ({"layer_sizes": [2, 0, 1]}, ValueError, "at least 1"),
        ({"layer_sizes": [2, True, 1]}, TypeError, "whole number"),
        ({"layer_sizes": "2, 3"}, TypeError, "list of whole numbers"),
        ({"layer_sizes": [2, 1], "activation": "swish"}, ValueError, "activation should be one of"),
        ({"layer_sizes": [2, 1], "activation": "softmax"}, ValueError, "output layer"),
        ({"layer_sizes": [2, 1], "output_activation": "step"}, ValueError, "output_activation should be one of"),
        ({"layer_sizes": [2, 1], "loss": "hinge"}, ValueError, "loss should be one of"),
        ({"layer_sizes": [2, 1], "loss": "bce"}, ValueError, "now called 'binary_crossentropy'"),
        ({"layer_sizes": [2, 2], "output_activation": "softmax", "loss": "mse"}, ValueError, "softmax output"),
        ({"layer_sizes": [2, 1], "output_activation": "linear"}, ValueError, "needs output_activation"),
        ({"layer_sizes": [2, 1], "l2": -0.1}, ValueError, "l2 should be at least 0"),
        ({"layer_sizes": [2, 1], "dropout_rate": 1.0}, ValueError, "dropout_rate should be < 1"),
        ({"layer_sizes": [2, 1], "dropout_rate": "half"}, TypeError, "dropout_rate should be a number"),
    ],
)
def test_bad_construction_is_explained(kwargs, error, phrase):
    sizes = kwargs.pop("layer_sizes")
    with pytest.raises(error, match=phrase):
        Network(sizes, **kwargs)


def test_bad_data_and_settings_are_explained():
    net = Network([2, 3, 1], seed=0)
    X, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match=r"shape \(n_samples, 2\)"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(TypeError, match="array of numbers"):
        net.forward([["a", "b"]])
    with pytest.raises(ValueError, match="NaN"):
        net.forward(np.full((2, 2), np.nan))
    with pytest.raises(ValueError, match="4 rows"):
        net.loss(X, np.zeros(5))
    with pytest.raises(ValueError, match="learning_rate"):
        net.step(X, y, learning_rate=-1)
    with pytest.raises(TypeError, match="learning_rate"):
        net.step(X, y)
    with pytest.raises(ValueError, match="give the learning rate to the optimizer"):
        net.fit(X, y, learning_rate=0.1, optimizer=cu.optim.Adam(0.1))
    with pytest.raises(TypeError, match="cu.optim optimizer"):
        net.fit(X, y, optimizer="adam")
    with pytest.raises(ValueError, match="num_epochs"):
        net.fit(X, y, num_epochs=0)
    with pytest.raises(TypeError, match="batch_size"):
        net.fit(X, y, batch_size="10")
    with pytest.raises(TypeError, match="validation_data"):
        net.fit(X, y, validation_data=X)
    with pytest.raises(TypeError, match="callback"):
        net.fit(X, y, callback=3)
    with pytest.raises(ValueError, match=r"shape \(13,\)"):
        net.set_params(np.zeros(3))
    with pytest.raises(ValueError, match="one per hidden layer"):
        Network([2, 3, 3, 1], dropout_rate=0.5).loss(X, y, masks=[np.ones((4, 3))])


def test_decision_maps_keep_a_map_every_few_epochs():
    X, y = cu.data.make_playground_data("circle", 40, seed=0)
    net = Network([2, 4, 1], seed=0)
    maps = cu.nn.DecisionMaps(net, every=5, lim=1, resolution=8)
    start = maps.at(0).copy()
    net.fit(X / 6, y, num_epochs=12, learning_rate=0.5, callback=maps)
    np.testing.assert_array_equal(maps.epochs, [0, 5, 10])
    assert maps.maps.shape == (3, 8, 8) and maps.extent == (-1, 1, -1, 1)
    np.testing.assert_array_equal(maps.at(4), start)
    np.testing.assert_allclose(maps.at(12), cu.nn.decision_grid(net, lim=1, resolution=8), atol=0.05)
    with pytest.raises(ValueError, match="No map"):
        cu.nn.DecisionMaps().at(3)


def test_a_replaced_weight_matrix_is_still_trained_and_params_stay_in_sync():
    X, y = np.random.default_rng(0).normal(size=(8, 2)), np.r_[np.zeros(4), np.ones(4)]
    net = Network([2, 3, 1], seed=0)
    net.layers[0].W = np.ones((2, 3))  # a student may assign a new array
    np.testing.assert_array_equal(net.get_params()[:6], np.ones(6))
    net.step(X, y, learning_rate=0.5)
    assert not np.allclose(net.layers[0].W, 1.0)
    np.testing.assert_array_equal(net.get_params()[:6], net.layers[0].W.ravel())
    theta = net.get_params()
    theta[0] = 99.0  # get_params is a copy
    assert net.layers[0].W[0, 0] != 99.0
