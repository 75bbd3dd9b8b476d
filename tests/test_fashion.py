"""load_fashion_mnist: the Keras cache, Debian's package files, downloads, checks, and what it says when neither is there.

Every test writes small IDX files of its own (the real format, a few pictures) and pins
their checksums, so nothing here needs the network or the 30 MB of real files; one test
reads Debian's real files when the package is installed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import course_utils._fashion as fashion
import course_utils.data as data
import numpy as np
import pytest


def _idx(array: np.ndarray) -> bytes:
    """The IDX format: 0, 0, type 0x08 (unsigned byte), the number of dimensions, the sizes (big-endian), the bytes."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _small_set(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "train_images": rng.integers(0, 256, size=(12, 28, 28)),
        "train_labels": rng.integers(0, 10, size=12),
        "test_images": rng.integers(0, 256, size=(5, 28, 28)),
        "test_labels": rng.integers(0, 10, size=5),
    }


def _write(folder: Path, arrays: dict[str, np.ndarray], *, mtime: float = 0.0) -> dict[str, bytes]:
    """Write the four gzip files; return each file's name -> gzip bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for role, name in fashion._FILES.items():
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=mtime) as f:
            f.write(_idx(np.asarray(arrays[role])))
        (folder / name).write_bytes(buffer.getvalue())
        written[name] = buffer.getvalue()
    return written


def _pin(monkeypatch, arrays, written=None) -> None:
    """Make the small files 'the real ones': by their content's sha256 and (if given) their gzip MD5."""
    content = {name: hashlib.sha256(_idx(np.asarray(arrays[role]))).hexdigest() for role, name in fashion._FILES.items()}
    monkeypatch.setattr(fashion, "_CONTENT_SHA256", content)
    gz = {name: hashlib.md5(raw, usedforsecurity=False).hexdigest() for name, raw in (written or {}).items()}
    monkeypatch.setattr(fashion, "_GZIP_MD5", {name: gz.get(name, "0" * 32) for name in fashion._FILES.values()})


@pytest.fixture
def no_debian(monkeypatch, tmp_path):
    monkeypatch.setattr(fashion, "DEBIAN_DIR", tmp_path / "no-debian-package")


def _cache_dir() -> Path:
    return data.keras_cache_dir() / "fashion-mnist"


def test_reads_the_keras_cache_by_its_gzip_md5(monkeypatch, no_debian, capsys):
    arrays = _small_set()
    written = _write(_cache_dir(), arrays)
    _pin(monkeypatch, {r: np.zeros(1) for r in arrays}, written)  # content sums wrong: only the MD5 matches
    loaded = fashion.load_fashion_mnist()
    (x_train, y_train), (x_test, y_test) = loaded
    assert loaded.source == "keras" and loaded.is_real
    assert x_train.dtype == np.uint8 and x_train.shape == (12, 28, 28) and x_test.shape == (5, 28, 28)
    assert np.array_equal(x_train, arrays["train_images"]) and np.array_equal(y_test, arrays["test_labels"])
    assert loaded.extras["class_names"][0] == "T-shirt/top" and len(loaded.extras["class_names"]) == 10
    assert "12 train / 5 test" in capsys.readouterr().out
    assert data.data_sources()["fashion_mnist"].startswith("keras")


def test_reads_debians_recompressed_files_by_their_content(monkeypatch, tmp_path):
    arrays = _small_set(1)
    _write(tmp_path / "debian", arrays, mtime=12345.0)   # other gzip bytes, same content
    monkeypatch.setattr(fashion, "DEBIAN_DIR", tmp_path / "debian")
    _pin(monkeypatch, arrays)
    loaded = fashion.load_fashion_mnist(quiet=True)
    assert loaded.source == "debian"
    assert np.array_equal(loaded[0][0], arrays["train_images"])
    assert fashion.load_fashion_mnist(source="debian", quiet=True).source == "debian"


def test_a_corrupted_cache_file_is_not_used(monkeypatch, tmp_path):
    arrays = _small_set(2)
    _write(_cache_dir(), arrays)
    _write(tmp_path / "debian", arrays)
    monkeypatch.setattr(fashion, "DEBIAN_DIR", tmp_path / "debian")
    _pin(monkeypatch, arrays)
    bad = _cache_dir() / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x05garbage"))
    with pytest.warns(UserWarning, match="NOT used"):
        loaded = fashion.load_fashion_mnist(quiet=True)
    assert loaded.source == "debian"


def test_missing_everywhere_says_how_to_install(no_debian):
    with pytest.raises(data.DataUnavailableError) as info:
        fashion.load_fashion_mnist(quiet=True)
    message = str(info.value)
    assert "apt-get install dataset-fashion-mnist" in message and "offline" in message
    assert "binder/apt.txt" in message
    with pytest.raises(data.DataUnavailableError, match="switched off"):
        fashion.load_fashion_mnist(source="keras", allow_download=False, quiet=True)


def test_a_download_is_verified_then_cached(monkeypatch, no_debian, tmp_path):
    arrays = _small_set(3)
    served = _write(tmp_path / "served", arrays)
    _pin(monkeypatch, arrays)
    monkeypatch.setattr(data, "is_online", lambda *a, **k: True)
    asked = []

    def fake_urlopen(url, timeout):
        asked.append(url)
        return io.BytesIO(served[url.rsplit("/", 1)[1]])

    monkeypatch.setattr(fashion.urllib.request, "urlopen", fake_urlopen)
    loaded = fashion.load_fashion_mnist(quiet=True)
    assert loaded.source == "keras" and len(asked) == 4
    assert all(u.startswith("https://storage.googleapis.com/tensorflow/tf-keras-datasets/") for u in asked)
    assert sorted(p.name for p in _cache_dir().iterdir()) == sorted(fashion._FILES.values())
    fashion.load_fashion_mnist(quiet=True)   # now from the cache: no new download
    assert len(asked) == 4


def test_a_download_with_the_wrong_content_is_discarded(monkeypatch, no_debian, tmp_path):
    arrays = _small_set(4)
    served = _write(tmp_path / "served", _small_set(5))   # not what the checksums expect
    _pin(monkeypatch, arrays)
    monkeypatch.setattr(data, "is_online", lambda *a, **k: True)
    monkeypatch.setattr(fashion.urllib.request, "urlopen",
                        lambda url, timeout: io.BytesIO(served[url.rsplit("/", 1)[1]]))
    with pytest.raises(data.DataUnavailableError, match="wrong checksum"):
        fashion.load_fashion_mnist(quiet=True)
    assert not any(p.suffix == ".gz" for p in _cache_dir().iterdir())


def test_a_file_that_is_not_idx_is_refused():
    with pytest.raises(ValueError, match="not an IDX file"):
        fashion._parse_idx(b"PK\x03\x04 a zip file", "x.gz")
    with pytest.raises(ValueError, match="holds"):
        fashion._parse_idx(_idx(np.zeros((2, 3)))[:-1], "x.gz")


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="source"):
        fashion.load_fashion_mnist(source="internet")
    with pytest.raises(TypeError, match="allow_download"):
        fashion.load_fashion_mnist(allow_download="yes")
    with pytest.raises(ValueError, match="timeout"):
        fashion.load_fashion_mnist(timeout=0)


@pytest.mark.skipif(not (fashion.DEBIAN_DIR / "t10k-labels-idx1-ubyte.gz").exists(),
                    reason="Debian's dataset-fashion-mnist is not installed")
def test_debians_real_files():
    loaded = fashion.load_fashion_mnist(source="debian", quiet=True)
    (x_train, y_train), (x_test, y_test) = loaded
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10 and np.bincount(y_test).tolist() == [1000] * 10
    assert y_train[:5].tolist() == [9, 0, 0, 3, 0]   # ankle boot, T-shirt/top, T-shirt/top, dress, T-shirt/top
