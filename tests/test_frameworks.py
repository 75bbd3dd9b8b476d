"""cu.keras and cu.torch: the same helper names in both frameworks, each framework alone.

Each test needs its framework and is skipped without it (the ipywidgets 7.7 run has
neither). Which framework a kernel loads is checked in subprocesses, where nothing
else has been imported yet.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest

SHARED = ("count_parameters", "predict_proba", "gradient_sizes", "save_model", "load_model")


@pytest.mark.parametrize(("touch", "absent"), [("keras", ("torch",)), ("torch", ("tensorflow", "keras"))])
def test_a_framework_namespace_never_loads_the_other_framework(touch, absent):
    pytest.importorskip(touch)
    code = (
        "import sys, course_utils as cu\n"
        f"cu.{touch}.count_parameters\n"
        f"assert {touch!r} in sys.modules\n"
        f"print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in {absent!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_both_namespaces_offer_the_same_names():
    keras_cu = pytest.importorskip("course_utils.keras")
    torch_cu = pytest.importorskip("course_utils.torch")
    for name in SHARED:
        assert name in keras_cu.__all__ and name in torch_cu.__all__, name


def _data(n: int = 64, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, 784)).astype(np.float32)
    y = rng.integers(0, 10, n)
    return X, y


# --------------------------------------------------------------------------- Keras


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.fixture
def cu_keras(keras):
    import course_utils as cu

    return cu.keras


def _keras_model(keras, *, softmax: bool = True):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(16, activation="sigmoid"),
        keras.layers.Dropout(0.4),
        keras.layers.Dense(10, activation="softmax" if softmax else None),
    ])
    model.compile(loss="sparse_categorical_crossentropy" if softmax else
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer="adam", metrics=["accuracy"])
    return model


def test_keras_count_parameters_matches_the_summary(keras, cu_keras):
    model = _keras_model(keras)
    assert cu_keras.count_parameters(model) == 784 * 16 + 16 + 16 * 10 + 10 == model.count_params()
    with pytest.raises(TypeError, match="Keras model"):
        cu_keras.count_parameters("model")


def test_keras_predict_proba_gives_probabilities(keras, cu_keras):
    X, _ = _data()
    p = cu_keras.predict_proba(_keras_model(keras), X)
    assert p.shape == (64, 10) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-5)
    logits_model = _keras_model(keras, softmax=False)
    with pytest.raises(ValueError, match="logits=True"):
        cu_keras.predict_proba(logits_model, X)
    q = cu_keras.predict_proba(logits_model, X, logits=True)
    np.testing.assert_allclose(q.sum(axis=1), 1, atol=1e-5)


def test_keras_gradient_sizes_vanish_through_sigmoid_layers(keras, cu_keras):
    X, y = _data(200)
    keras.utils.set_random_seed(0)
    deep = keras.Sequential([keras.Input(shape=(784,))]
                            + [keras.layers.Dense(64, activation="sigmoid") for _ in range(4)]
                            + [keras.layers.Dense(10, activation="softmax")])
    deep.compile(loss="mse")
    sizes = cu_keras.gradient_sizes(deep, X, keras.utils.to_categorical(y, 10))
    assert sizes.shape == (5,) and np.all(sizes > 0)
    assert sizes[0] < sizes[-1] / 100
    with pytest.raises(ValueError, match="compile"):
        cu_keras.gradient_sizes(keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)]), X, y)


def test_keras_save_and_load_predict_identically(keras, cu_keras, tmp_path):
    X, y = _data()
    model = _keras_model(keras)
    model.fit(X, y, epochs=1, verbose=0)
    path = cu_keras.save_model(model, tmp_path / "model.keras")
    restored = cu_keras.load_model(path)
    np.testing.assert_array_equal(cu_keras.predict_proba(restored, X), cu_keras.predict_proba(model, X))
    with pytest.raises(ValueError, match=r"\.keras"):
        cu_keras.save_model(model, tmp_path / "model.h5")
    with pytest.raises(FileNotFoundError, match="save a model there first"):
        cu_keras.load_model(tmp_path / "missing.keras")


def test_keras_load_model_refuses_code_in_the_file(keras, cu_keras, tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Lambda(lambda x: x * 2)])
    path = tmp_path / "lambda.keras"
    model.save(path)
    with pytest.raises(ValueError, match="(?i)safe_mode|unsafe|lambda"):
        cu_keras.load_model(path)


def test_keras_training_callback_feeds_the_view(keras, cu_keras):
    import course_utils as cu

    X, y = _data(128)
    model = _keras_model(keras)
    view = cu.training.TrainingView(update_every_s=0.0)
    callback = cu_keras.TrainingCallback(view)
    model.fit(X[:96], y[:96], batch_size=16, epochs=3, validation_data=(X[96:], y[96:]),
              callbacks=[callback], verbose=0)
    assert callback.history is view.history and len(view.history) == 3
    assert set(view.history) >= {"loss", "accuracy", "val_loss", "val_accuracy", "epoch_seconds"}
    assert view.num_epochs == 3 and view.steps_per_epoch == 6
    assert view.live_figure.frames_sent >= 3 * 6  # every batch (update_every_s=0) and every epoch
    assert not view.training and view.controls["epoch"].max == 3
    assert cu.training.time_per_epoch(view.history) > 0


def test_keras_training_callback_without_a_view_records_only(keras, cu_keras):
    X, y = _data()
    callback = cu_keras.TrainingCallback()
    early = keras.callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=10.0)  # stops at once
    _keras_model(keras).fit(X, y, epochs=5, callbacks=[callback, early], verbose=0)
    assert len(callback.history) == 2 and callback.view.live_figure.frames_sent == 2  # start and end only


# --------------------------------------------------------------------------- PyTorch


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


@pytest.fixture
def cu_torch(torch):
    import course_utils as cu

    return cu.torch


def _torch_model(torch, *, softmax: bool = False):
    from torch import nn

    torch.manual_seed(0)
    layers = [nn.Linear(784, 16), nn.Sigmoid(), nn.Dropout(0.4), nn.Linear(16, 10)]
    if softmax:
        layers.append(nn.Softmax(dim=1))
    return nn.Sequential(*layers)


def _loader(torch, X, y, batch_size=16):
    from torch.utils.data import DataLoader, TensorDataset

    return DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))),
                      batch_size=batch_size, shuffle=True)


def test_torch_count_parameters_and_weight_layout(torch, cu_torch):
    model = _torch_model(torch)
    assert cu_torch.count_parameters(model) == 784 * 16 + 16 + 16 * 10 + 10
    assert tuple(model[0].weight.shape) == (16, 784)  # outputs x inputs, the transpose of Keras
    with pytest.raises(TypeError, match="nn.Module"):
        cu_torch.count_parameters([1, 2])


def test_torch_predict_proba_from_logits_or_probabilities(torch, cu_torch):
    X, _ = _data()
    p = cu_torch.predict_proba(_torch_model(torch), X)
    assert p.shape == (64, 10) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-5)
    q = cu_torch.predict_proba(_torch_model(torch, softmax=True), torch.from_numpy(X), logits=False)
    np.testing.assert_allclose(q, p, atol=1e-6)  # the same network, the softmax inside
    with pytest.raises(ValueError, match="logits=True"):
        cu_torch.predict_proba(_torch_model(torch), X, logits=False)


def test_torch_random_shift_moves_images_only_while_training(torch, cu_torch):
    shift = cu_torch.RandomShift(max_shift=2)
    images = torch.zeros(50, 28, 28)
    images[:, 10:18, 10:18] = 1.0  # a square well inside the picture
    flat = images.reshape(50, 784)
    torch.manual_seed(0)
    shifted = shift(flat).reshape(50, 28, 28)
    assert torch.allclose(shifted.sum(dim=(1, 2)), images.sum(dim=(1, 2)))  # nothing falls off
    rows = shifted.sum(dim=2).nonzero()[:, 1].reshape(50, -1)[:, 0]
    assert set(rows.tolist()) <= set(range(8, 13)) and len(set(rows.tolist())) > 1  # up to 2 px each way
    assert torch.equal(shift.eval()(flat), flat)
    assert "max_shift=2" in repr(shift)
    with pytest.raises(ValueError, match="at least 0"):
        cu_torch.RandomShift(max_shift=-1)


def test_torch_train_epoch_evaluate_and_fit(torch, cu_torch):
    import course_utils as cu
    from torch import nn

    X, y = _data(96)
    model = _torch_model(torch)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), 0.01)
    loader = _loader(torch, X[:64], y[:64])
    loss, accuracy = cu_torch.train_epoch(model, loader, loss_fn, optimizer)
    assert loss > 0 and 0 <= accuracy <= 1 and model.training
    val = (X[64:], y[64:])
    val_loss, val_accuracy = cu_torch.evaluate(model, val, loss_fn)
    assert val_loss > 0 and not model.training
    view = cu.training.TrainingView(update_every_s=0.0)
    history = cu_torch.fit(model, loader, loss_fn, optimizer, 3, validation_data=val, view=view, progress=False)
    assert history is view.history and len(history) == 3 and history["loss"][-1] < loss
    assert view.steps_per_epoch == 4 and view.live_figure.frames_sent >= 12
    one_hot = (torch.from_numpy(X[64:]), nn.functional.one_hot(torch.from_numpy(y[64:].astype(np.int64)), 10).float())
    _, one_hot_accuracy = cu_torch.evaluate(model, one_hot, nn.MSELoss())
    _, label_accuracy = cu_torch.evaluate(model, val, loss_fn)
    assert one_hot_accuracy == pytest.approx(label_accuracy)
    with pytest.raises(TypeError, match="DataLoader"):
        cu_torch.train_epoch(model, (X, y), loss_fn, optimizer)


def test_torch_gradient_sizes_leave_no_gradient_behind(torch, cu_torch):
    from torch import nn

    X, y = _data(100)
    model = _torch_model(torch)
    sizes = cu_torch.gradient_sizes(model, X, y, nn.CrossEntropyLoss())
    assert sizes.shape == (2,) and np.all(sizes > 0)
    assert all(p.grad is None or not p.grad.any() for p in model.parameters())


def test_torch_save_and_load_predict_identically(torch, cu_torch, tmp_path):
    X, _ = _data()
    model = _torch_model(torch)
    path = cu_torch.save_model(model, tmp_path / "model.pt")
    torch.manual_seed(5)
    fresh = _torch_model(torch)
    torch.nn.init.normal_(fresh[0].weight)  # a different start, overwritten by the file
    restored = cu_torch.load_model(path, fresh)
    assert restored is fresh and not restored.training
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, restored.state_dict()[name]), name
    np.testing.assert_array_equal(cu_torch.predict_proba(restored, X), cu_torch.predict_proba(model, X))
    with pytest.raises(ValueError, match=r"\.pt"):
        cu_torch.save_model(model, tmp_path / "model.keras")
    with pytest.raises(FileNotFoundError):
        cu_torch.load_model(tmp_path / "missing.pt", model)


class _Sneaky:
    def __reduce__(self):
        return (print, ("this ran while loading",))


def test_torch_load_model_refuses_a_pickle_that_is_not_weights(torch, cu_torch, tmp_path):
    path = tmp_path / "sneaky.pt"
    torch.save({"weight": _Sneaky()}, path)
    with pytest.raises(pickle.UnpicklingError, match="(?i)weights only"):
        cu_torch.load_model(path, _torch_model(torch))
