"""The from-scratch NumPy network: gradients against finite differences and
against PyTorch's autograd, training, and clear errors on bad input."""

from __future__ import annotations

import course_utils as cu
import numpy as np
import pytest

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
# every output activation with every loss it is allowed with
HEADS = (
    ("sigmoid", "mse"),
    ("linear", "mse"),
    ("tanh", "mse"),
    ("relu", "mse"),
    ("sigmoid", "bce"),
    ("softmax", "cce"),
)
PENALTIES = (("none", 0.0), ("l1", 0.03), ("l2", 0.05))


def _problem(output_activation: str, loss: str, seed: int = 0):
    """A small network [3, 5, 4, n_out] and a batch of 6 samples with targets."""
    rng = np.random.default_rng(seed)
    n_out = 3 if loss == "cce" else 2
    net = cu.Network([3, 5, 4, n_out], activation="tanh", output_activation=output_activation, loss=loss, seed=seed)
    X = rng.normal(size=(6, 3))
    if loss == "cce":
        y = rng.integers(0, n_out, 6)
    elif loss == "bce" or output_activation == "sigmoid":
        y = rng.integers(0, 2, (6, n_out)).astype(float)
    else:
        y = rng.normal(size=(6, n_out))
    # move biases off zero so every code path (and ReLU's kink) is exercised
    flat = net.get_params()
    net.set_params(flat + 0.1 * rng.normal(size=flat.shape))
    if output_activation == "relu":
        net.layers[-1].b += 1.0  # keep the ReLU outputs alive, or every gradient is 0
    return net, X, y


def _flat_grads(grads) -> np.ndarray:
    return np.concatenate([np.r_[dW.ravel(), db] for dW, db in grads])


def _numerical(net: cu.Network, X, y, eps: float = 1e-6, **penalty) -> np.ndarray:
    """Central differences of net.loss over every parameter, in float64."""
    theta = net.get_params()
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        for sign in (+1, -1):
            shifted = theta.copy()
            shifted[i] += sign * eps
            net.set_params(shifted)
            grad[i] += sign * net.loss(X, y, **penalty)
    net.set_params(theta)
    return grad / (2 * eps)


def _relative_error(g: np.ndarray, g_num: np.ndarray) -> float:
    return float(np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num)))


@pytest.mark.parametrize("regularization,reg_rate", PENALTIES)
@pytest.mark.parametrize("output_activation,loss", HEADS)
@pytest.mark.parametrize("activation", HIDDEN)
def test_gradients_match_finite_differences(activation, output_activation, loss, regularization, reg_rate):
    net, X, y = _problem(output_activation, loss)
    net = _with_hidden(net, activation)
    penalty = {"regularization": regularization, "reg_rate": reg_rate}
    analytic = _flat_grads(net.gradients(X, y, **penalty))
    numeric = _numerical(net, X, y, **penalty)
    assert analytic.dtype == np.float64
    assert np.linalg.norm(analytic) > 1e-3  # a real gradient, not all zeros
    assert _relative_error(analytic, numeric) < 1e-6


def _with_hidden(net: cu.Network, activation: str) -> cu.Network:
    """The same weights, with another hidden activation."""
    other = cu.Network(net.layer_sizes, activation=activation, output_activation=net.output_activation,
                       loss=net.loss_name, seed=0)
    other.set_params(net.get_params())
    return other


def test_the_package_gradient_check_agrees():
    net, X, y = _problem("sigmoid", "bce")
    assert cu.network_gradient_check(net, X, y) < 1e-6
    assert cu.network_gradient_check(net, X, y, regularization="l2", reg_rate=0.1) < 1e-6


# --------------------------------------------------------------------------- against PyTorch


def _torch_loss_and_grads(net: cu.Network, X, y, regularization: str, reg_rate: float):
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
        W = torch.tensor(layer.W, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(layer.b, dtype=torch.float64, requires_grad=True)
        params += [W, b]
    A = torch.tensor(X, dtype=torch.float64)
    for i, layer in enumerate(net.layers):
        A = acts[layer.activation](A @ params[2 * i] + params[2 * i + 1])
    if net.loss_name == "cce":
        target = torch.nn.functional.one_hot(torch.tensor(y), A.shape[1]).to(torch.float64)
        loss = -(target * torch.log(A)).sum(dim=1).mean()
    else:
        target = torch.tensor(np.asarray(y, dtype=float).reshape(A.shape), dtype=torch.float64)
        if net.loss_name == "bce":
            loss = torch.nn.functional.binary_cross_entropy(A, target)
        else:
            loss = torch.nn.functional.mse_loss(A, target)
    weights = params[0::2]
    if regularization == "l2":
        loss = loss + 0.5 * reg_rate * sum((W**2).sum() for W in weights)
    elif regularization == "l1":
        loss = loss + reg_rate * sum(W.abs().sum() for W in weights)
    loss.backward()
    return float(loss.detach()), np.concatenate([p.grad.numpy().ravel() for p in params])


@pytest.mark.parametrize("regularization,reg_rate", PENALTIES)
@pytest.mark.parametrize("output_activation,loss", HEADS)
@pytest.mark.parametrize("activation", HIDDEN)
def test_loss_and_gradients_match_pytorch_autograd(activation, output_activation, loss, regularization, reg_rate):
    net, X, y = _problem(output_activation, loss, seed=1)
    net = _with_hidden(net, activation)
    our_loss, grads = net.backward(X, y, regularization=regularization, reg_rate=reg_rate)
    torch_loss, torch_grads = _torch_loss_and_grads(net, X, y, regularization, reg_rate)
    assert our_loss == pytest.approx(torch_loss, rel=1e-10)
    assert np.linalg.norm(torch_grads) > 1e-3
    assert _relative_error(_flat_grads(grads), torch_grads) < 1e-10


# --------------------------------------------------------------------------- training and helpers


def test_fit_learns_xor_and_the_loss_falls():
    X, y = cu.make_playground_data("xor", 200, seed=0)
    net = cu.Network([2, 6, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=0)
    history = net.fit(X / 5, y, num_epochs=300, learning_rate=0.5, batch_size=20)
    assert len(history["loss"]) == 300
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert net.accuracy(X / 5, y) > 0.95


def test_fit_tracks_validation_loss_and_softmax_classes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]]), axis=1)
    net = cu.Network([2, 8, 3], activation="relu", output_activation="softmax", loss="cce", seed=0)
    history = net.fit(X[:60], y[:60], num_epochs=100, learning_rate=0.5, X_val=X[60:], y_val=y[60:])
    assert len(history["val_loss"]) == 100 and history["val_loss"][-1] < history["val_loss"][0]
    assert net.accuracy(X[60:], y[60:]) > 0.8
    assert set(net.predict_classes(X)) <= {0, 1, 2}


def test_step_records_gradient_norms_and_moves_downhill():
    net, X, y = _problem("sigmoid", "bce")
    assert net.last_gradient_norms == []
    before = net.loss(X, y)
    net.step(X, y, learning_rate=0.1)
    assert len(net.last_gradient_norms) == 3 and all(n > 0 for n in net.last_gradient_norms)
    assert net.loss(X, y) < before
    assert net.gradient_norms(X, y) == pytest.approx(
        [float(np.linalg.norm(dW)) for dW, _ in net.gradients(X, y)]
    )


def test_deep_sigmoid_network_has_vanishing_gradients():
    X, y = cu.make_playground_data("spiral", 200, seed=0)
    deep = cu.Network([2] + [8] * 6 + [1], activation="sigmoid", output_activation="sigmoid", loss="mse", seed=0)
    norms = deep.gradient_norms(X / 5, y)
    assert norms[0] < norms[-1] / 100


def test_params_round_trip_and_penalty_values():
    net = cu.Network([2, 3, 1], seed=0)
    flat = net.get_params()
    assert flat.shape == (net.n_params,) == (2 * 3 + 3 + 3 * 1 + 1,)
    net.set_params(np.ones(net.n_params))
    assert net.penalty("l2", 2.0) == pytest.approx(0.5 * 2.0 * 9)
    assert net.penalty("l1", 0.5) == pytest.approx(0.5 * 9)
    assert net.penalty() == 0.0
    assert "9 parameters" not in repr(net) and f"{net.n_params} parameters" in repr(net)


@pytest.mark.parametrize(
    "kwargs,error,phrase",
    [
        ({"layer_sizes": [2]}, ValueError, "at least an input and an output"),
        ({"layer_sizes": [2, 0, 1]}, ValueError, "whole number"),
        ({"layer_sizes": [2, True, 1]}, ValueError, "whole number"),
        ({"layer_sizes": [2, 1], "activation": "swish"}, ValueError, "Unknown activation"),
        ({"layer_sizes": [2, 1], "output_activation": "step"}, ValueError, "Unknown output_activation"),
        ({"layer_sizes": [2, 1], "loss": "hinge"}, ValueError, "Unknown loss"),
        ({"layer_sizes": [2, 2], "output_activation": "softmax", "loss": "mse"}, ValueError, "softmax output"),
        ({"layer_sizes": [2, 1], "output_activation": "linear", "loss": "bce"}, ValueError, "needs output_activation"),
    ],
)
def test_bad_construction_is_explained(kwargs, error, phrase):
    sizes = kwargs.pop("layer_sizes")
    with pytest.raises(error, match=phrase):
        cu.Network(sizes, **kwargs)


def test_bad_data_and_settings_are_explained():
    net = cu.Network([2, 3, 1], seed=0)
    X, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match=r"shape \(n_samples, 2\)"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(TypeError, match="array of numbers"):
        net.forward([["a", "b"]])
    with pytest.raises(ValueError, match="4 rows"):
        net.loss(X, np.zeros(5))
    with pytest.raises(ValueError, match="learning_rate"):
        net.step(X, y, learning_rate=-1)
    with pytest.raises(ValueError, match="regularization"):
        net.loss(X, y, regularization="l3")
    with pytest.raises(ValueError, match="reg_rate"):
        net.loss(X, y, regularization="l2", reg_rate=-0.1)
    with pytest.raises(ValueError, match="num_epochs"):
        net.fit(X, y, num_epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        net.fit(X, y, batch_size="10")
    with pytest.raises(ValueError, match="X_val and y_val"):
        net.fit(X, y, X_val=X)
    with pytest.raises(ValueError, match="expected 13 numbers"):
        net.set_params(np.zeros(3))
