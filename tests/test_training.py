"""cu.training: the live training view, the prediction explorer, the confusion matrix, run
comparisons and notebook 06's exercises. NumPy only: no framework is imported here."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import course_utils as cu
import numpy as np
import pytest
from course_utils import training as T
from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[1]


def _overfitting_logs(num_epochs: int = 10):
    """Epoch logs whose validation loss is lowest at epoch 7 and rises after it."""
    for e in range(num_epochs):
        yield dict(loss=1 / (e + 1), accuracy=0.5 + e / 30,
                   val_loss=1 / (e + 1) + 0.02 * max(0, e - 5) ** 2, val_accuracy=0.5 + e / 40)


def _trained_view(num_epochs: int = 10, **kwargs) -> T.TrainingView:
    view = T.TrainingView(num_epochs, **kwargs)
    view.begin(num_epochs=num_epochs, steps_per_epoch=4)
    for logs in _overfitting_logs(num_epochs):
        view.epoch_begin()
        for batch in range(4):
            view.batch_end(batch, loss=logs["loss"] * 1.1, accuracy=logs["accuracy"])
        view.epoch_end(**logs)
    view.end()
    return view


def _predictions(n: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, n)
    probabilities = rng.dirichlet(np.full(10, 0.3), n)
    probabilities[: n // 2] = np.eye(10)[labels[: n // 2]] * 0.9 + 0.01  # the first half right
    return images, labels, probabilities


# --------------------------------------------------------------------------- numbers


def test_early_stopping_follows_keras():
    val_loss = [1.0, 0.8, 0.7, 0.75, 0.8, 0.9, 0.6]
    assert T.early_stopping(val_loss, patience=3) == (3, 6)  # stops before seeing the 0.6
    assert T.early_stopping(val_loss, patience=4) == (7, None)
    assert T.early_stopping([0.5, np.nan, 0.4], patience=1) == (3, None)
    assert T.early_stopping([0.5], patience=1) == (1, None)


def test_early_stopping_refuses_what_it_cannot_use():
    with pytest.raises(ValueError, match="no values yet"):
        T.early_stopping([np.nan, np.nan])
    with pytest.raises(ValueError, match="at least 1"):
        T.early_stopping([0.3, 0.2], patience=0)


def test_time_per_epoch_is_the_median():
    history = T.History(loss=[0.3, 0.2, 0.1], epoch_seconds=[5.0, 1.0, 1.2])
    assert T.time_per_epoch(history) == pytest.approx(1.2)
    with pytest.raises(ValueError, match="epoch_seconds"):
        T.time_per_epoch(T.History(loss=[0.3]))
    with pytest.raises(TypeError, match="History"):
        T.time_per_epoch("history")


def test_accuracy_and_cross_entropy():
    labels = np.array([0, 1, 2, 1])
    probabilities = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    assert T.accuracy(labels, probabilities) == 0.5
    assert T.accuracy(labels, [0, 1, 2, 2]) == 0.75
    expected = -np.mean(np.log([0.8, 0.7, 0.2, 0.1]))
    assert T.cross_entropy(labels, probabilities) == pytest.approx(expected)
    with pytest.raises(ValueError, match="logits"):
        T.cross_entropy(labels, probabilities * 5 - 2)
    with pytest.raises(ValueError, match="sum to 1"):
        T.cross_entropy(labels, probabilities * 0.5)
    with pytest.raises(ValueError, match="rows"):
        T.accuracy(labels[:3], probabilities)


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_output_gradient_matches_finite_differences(loss):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 5))
    labels = np.array([0, 3, 1, 4])
    target = np.eye(5)[labels]

    def per_sample(zs):
        p = _softmax(zs)
        if loss == "mse":
            return np.mean((p - target) ** 2, axis=1)
        return -np.log(p[np.arange(4), labels])

    numeric = np.zeros_like(z)
    for j in range(5):
        step = np.zeros_like(z)
        step[:, j] = 1e-6
        numeric[:, j] = (per_sample(z + step) - per_sample(z - step)) / 2e-6
    np.testing.assert_allclose(T.output_gradient(_softmax(z), labels, loss=loss), numeric, atol=1e-7)


def test_mse_gradient_is_far_smaller_at_the_start():
    probabilities = np.full((3, 10), 0.1)  # an untrained network
    labels = [1, 5, 7]
    ce = np.abs(T.output_gradient(probabilities, labels)).mean()
    mse = np.abs(T.output_gradient(probabilities, labels, loss="mse")).mean()
    assert ce / mse == pytest.approx(50, rel=0.01)


def test_mistakes_and_confusion_matrix():
    labels = np.array([0, 1, 2, 2, 1])
    probabilities = np.eye(3)[[0, 2, 2, 1, 1]]
    np.testing.assert_array_equal(T.mistakes(labels, probabilities), [1, 3])
    matrix = T.confusion_matrix(labels, probabilities)
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 1, 1], [0, 1, 1]])
    np.testing.assert_array_equal(T.confusion_matrix(labels, [0, 2, 2, 1, 1]), matrix)
    assert T.confusion_matrix([0, 1], [1, 1], num_classes=10).shape == (10, 10)
    with pytest.raises(ValueError, match="num_classes"):
        T.confusion_matrix([0, 5], [1, 1], num_classes=3)


def test_static_plots_return_figures():
    images, labels, probabilities = _predictions()
    matrix = T.confusion_matrix(labels, probabilities)
    figure = T.plot_confusion_matrix(matrix)
    assert isinstance(figure, Figure) and f"{matrix.trace()} of {matrix.sum()} right" in figure.axes[0].get_title()
    assert isinstance(T.plot_prediction(images[0], labels[0], probabilities[0]), Figure)
    assert isinstance(T.plot_prediction(images[0].ravel(), 3, probabilities[0], class_names=list("abcdefghij")), Figure)
    view = _trained_view()
    figure = T.plot_history(view.history)
    assert len(figure.axes) == 2
    figure = T.plot_histories({"one": view.history, "two": view.history}, metrics=("val_accuracy", "loss"))
    assert [ax.get_yscale() for ax in figure.axes] == ["linear", "log"]
    with pytest.raises(ValueError, match="no series"):
        T.plot_history(view.history, metrics=("precision",))
    with pytest.raises(ValueError, match="empty"):
        T.plot_history(T.History())
    with pytest.raises(ValueError, match="square"):
        T.plot_confusion_matrix(np.ones((2, 3)))


def test_compare_runs_is_one_row_per_run():
    view = _trained_view()
    table = T.compare_runs({
        "old": {"accuracy": 0.39, "loss_name": "MSE", "history": view.history, "parameters": 1_276_810},
        "new": {"accuracy": 0.968, "cross_entropy": 0.11, "notes": "shifts"},
    })
    assert list(table.index) == ["old", "new"]
    assert table.loc["old", "test accuracy (%)"] == 39.0 and table.loc["new", "test accuracy (%)"] == 96.8
    assert table.loc["old", "epochs"] == 10 and table.loc["old", "final training loss"] == pytest.approx(0.1)
    assert table.loc["old", "s / epoch"] >= 0 and table.loc["new", "notes"] == "shifts"
    with pytest.raises(ValueError, match="at most 1"):
        T.compare_runs({"bad": {"accuracy": 96.8}})  # a percentage, not a share
    with pytest.raises(TypeError, match="dict"):
        T.compare_runs({"bad": 0.5})


# --------------------------------------------------------------------------- the live view


def test_training_view_records_every_epoch_and_times_it():
    view = _trained_view()
    assert len(view.history) == 10 and set(view.history) >= {"loss", "val_loss", "epoch_seconds"}
    assert np.all(view.history["epoch_seconds"] >= 0)
    assert view.controls["epoch"].max == 10 and view.controls["epoch"].value == 10
    assert not view.training and not view.controls["epoch"].disabled
    assert view.live_figure.frames_sent >= 12  # one at the start, one per epoch, one at the end
    text = view.readout.value
    assert "lowest at epoch 7" in text and "overfitting" in text and "Early stopping (patience 3)" in text


def test_training_view_draws_within_long_epochs_only_as_often_as_asked():
    quick = T.TrainingView(2, update_every_s=0.0)
    quick.begin(steps_per_epoch=5)
    quick.epoch_begin()
    before = quick.live_figure.frames_sent
    for batch in range(5):
        quick.batch_end(batch, loss=0.5, accuracy=0.8)
    assert quick.live_figure.frames_sent == before + 5
    assert "epoch 1 so far" in quick.readout.value
    slow = T.TrainingView(2, update_every_s=3600)
    slow.begin(steps_per_epoch=5)
    slow.epoch_begin()
    before = slow.live_figure.frames_sent
    for batch in range(5):
        slow.batch_end(batch, loss=0.5)
    assert slow.live_figure.frames_sent == before


def test_training_view_headless_without_live_frames():
    view = T.TrainingView(live=False)
    sent = view.live_figure.frames_sent
    view.begin(num_epochs=3)
    for logs in _overfitting_logs(3):
        view.epoch_begin()
        view.batch_end(0, **logs)
        view.epoch_end(**logs)
    assert view.live_figure.frames_sent == sent  # nothing drawn while it trains
    view.end()
    assert view.live_figure.frames_sent == sent + 1 and len(view.history) == 3


def test_training_view_without_validation_says_so():
    view = T.TrainingView(2)
    view.begin()
    view.epoch_begin()
    view.epoch_end(loss=0.4, accuracy=0.7)
    view.end()
    assert "No validation data" in view.readout.value


def test_training_view_epoch_slider_looks_back(style):
    view = _trained_view()
    for epoch in (1, 4, 6, 9):
        cu.widgets.drive(view, epoch=epoch)
        assert f"<b>epoch {epoch} of 10</b>" in view.readout.value
        assert cu.widgets.blit_mismatch(view.live_figure) == 0.0, (style, epoch)


def test_training_view_x_axis_grows_without_a_plan():
    view = T.TrainingView()
    view.begin()
    for logs in _overfitting_logs(7):
        view.epoch_begin()
        view.epoch_end(**logs)
    view.end()
    assert view.live_figure.axes[0].get_xlim()[1] >= 7.5
    view.reset()
    assert len(view.history) == 0 and "Waiting" in view.readout.value


def test_training_view_needs_numbers():
    view = T.TrainingView(2)
    with pytest.raises(ValueError, match="needs the epoch's numbers"):
        view.epoch_end()
    with pytest.raises(TypeError, match="loss"):
        view.epoch_end(loss="low")
    with pytest.raises(TypeError, match="metrics"):
        T.TrainingView(metrics="loss")


# --------------------------------------------------------------------------- explorer and browser


def test_prediction_explorer_steps_through_the_mistakes(style):
    images, labels, probabilities = _predictions()
    explorer = T.explore_predictions(images, labels, probabilities, title="test")
    wrong = T.mistakes(labels, probabilities)
    assert explorer.controls["index"].max == len(labels) - 1
    cu.widgets.drive(explorer, index=5)
    assert "image 5 of 60" in explorer.readout.value
    cu.widgets.drive(explorer, show="mistakes")
    assert explorer.controls["index"].max == len(wrong) - 1 and explorer.controls["index"].value == 0
    assert f"mistake 1 of {len(wrong)}: image {wrong[0]}" in explorer.readout.value
    cu.widgets.drive(explorer, index=2)
    assert f"image {wrong[2]}" in explorer.readout.value and "wrong" in explorer.readout.value
    assert cu.widgets.blit_mismatch(explorer.live_figure) == 0.0
    cu.widgets.drive(explorer, show="all")
    assert explorer.controls["index"].max == len(labels) - 1


def test_prediction_explorer_with_no_mistakes_says_so():
    labels = np.array([0, 1, 2])
    explorer = T.explore_predictions(np.zeros((3, 784)), labels, np.eye(3)[labels])
    cu.widgets.drive(explorer, show="mistakes")
    assert "No mistakes" in explorer.readout.value and explorer.controls["index"].disabled


def test_prediction_explorer_refuses_logits_and_mismatches():
    images, labels, probabilities = _predictions()
    with pytest.raises(ValueError, match="logits"):
        T.explore_predictions(images, labels, np.log(probabilities))
    with pytest.raises(ValueError, match="rows"):
        T.explore_predictions(images[:10], labels, probabilities)
    with pytest.raises(ValueError, match="square"):
        T.explore_predictions(images.reshape(60, -1)[:, :780], labels, probabilities)


def test_image_browser_filters_by_label(style):
    images, labels, _ = _predictions()
    browser = T.browse_images(images, labels)
    cu.widgets.drive(browser, index=7)
    assert f"image 7 of 60 · label <b>{labels[7]}</b>" in browser.readout.value
    three = np.flatnonzero(labels == 3)
    cu.widgets.drive(browser, label=3)
    assert browser.controls["index"].max == len(three) - 1
    cu.widgets.drive(browser, index=1)
    assert f"image {three[1]} of 60 (2 of {len(three)} with this label)" in browser.readout.value
    assert cu.widgets.blit_mismatch(browser.live_figure) == 0.0


# --------------------------------------------------------------------------- exercises of 06


def _solutions() -> dict:
    return runpy.run_path(str(ROOT / "answers" / "06_mlp.py"))["SOLUTIONS"]


@pytest.mark.parametrize("key", ["06-1", "06-2", "06-3", "06-4"])
def test_each_solution_passes_and_hints_go_from_vague_to_specific(key):
    assert cu.check(key, _solutions()[key], show=False).passed
    hints = cu.checks.hints(key)
    assert len(hints) == 3 and len(hints[2]) > 0


@pytest.mark.parametrize(
    ("key", "answer", "phrase"),
    [
        ("06-1", 784 * 800 + 800 * 800 + 800 * 10, "weights only"),
        ("06-1", 784 * 800 + 800, "first layer alone"),
        ("06-1", "1276810", "number"),
        ("06-2", lambda images: images.reshape(len(images), 784) / 255, "float32"),
        ("06-2", lambda images: images.reshape(len(images), 784).astype("float32"), "values differ"),
        ("06-2", lambda images: images / 255, "shape"),
        ("06-3", np.e / (np.e + 9), "largest probability"),
        ("06-3", 0.0, "not what we expected"),
        ("06-4", lambda matrix: (0, 1), "reversed"),
        ("06-4", lambda matrix: np.unravel_index(np.argmax(matrix), matrix.shape), "diagonal"),
        ("06-4", 3, "function"),
    ],
)
def test_wrong_answers_get_a_pointer(key, answer, phrase):
    result = cu.check(key, answer, show=False)
    assert not result.passed and phrase in result.message, result.message
    assert f'cu.hint("{key}")' in result.message


def test_preprocess_that_changes_its_input_is_caught():
    def in_place(images):
        images //= 2
        return (images.reshape(len(images), 784) / 255).astype("float32")

    assert "changed the images" in cu.check("06-2", in_place, show=False).message


def test_the_placeholder_is_a_reminder_not_a_failure(capsys):
    for key in ["06-1", "06-2", "06-3", "06-4"]:
        assert "replace the ..." in cu.check(key, ..., show=False).message
    cu.check("06-1", ...)
    assert capsys.readouterr().out.count("\n") == 1  # cu.check prints once; checkers never print


# --------------------------------------------------------------------------- the notebook's data cells


def _data_cells(name: str) -> list[str]:
    """Notebook 06's code cells from loading MNIST to the validation split."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    start = next(i for i, c in enumerate(code) if "cu.load_mnist()" in c)
    end = next(i for i, c in enumerate(code) if "n_val = n_train // 10" in c)
    return code[start:end + 1]


@pytest.mark.parametrize("name", ["06_mlp_keras.ipynb", "06_mlp_pytorch.ipynb"])
@pytest.mark.parametrize("fast", ["0", "1"])
def test_notebook_data_cells_on_a_real_format_mnist(name, fast, monkeypatch, capsys):
    """The real MNIST cannot be downloaded here: a small file in its format takes its place."""
    import hashlib

    import course_utils.data as data

    monkeypatch.setenv("COURSE_FAST", fast)
    rng = np.random.default_rng(0)
    folder = cu.data.keras_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mnist.npz"
    np.savez(path, x_train=rng.integers(0, 256, (2500, 28, 28), dtype=np.uint8),
             y_train=rng.integers(0, 10, 2500).astype(np.uint8),
             x_test=rng.integers(0, 256, (300, 28, 28), dtype=np.uint8),
             y_test=rng.integers(0, 10, 300).astype(np.uint8))
    remote = data.DATASETS["mnist"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setitem(data.DATASETS, "mnist", data.RemoteFile(remote.name, remote.url, digest, remote.size_mb))
    namespace = {"cu": cu, "np": np}
    for source in _data_cells(name):
        exec(compile(source, name, "exec"), namespace)  # noqa: S102 - the repository's own notebook
    assert namespace["real_mnist"] is True
    assert namespace["accuracy_bar"] == (0.75 if fast == "1" else 0.98)
    n_train = 2000 if fast == "1" else 2500
    assert namespace["n_train"] == n_train
    assert namespace["X_train"].shape == (n_train - n_train // 10, 784) and namespace["X_test"].shape == (300, 784)
    assert str(path) in capsys.readouterr().out


def test_training_never_imports_a_framework():
    import subprocess

    code = ("import sys, course_utils.training\n"
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stderr[-1000:]
