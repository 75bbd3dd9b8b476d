"""Fashion-MNIST, offline-first like :func:`course_utils.data.load_mnist` (notebook 07, and 09).

Zalando's 70,000 pictures of clothes (60,000 train / 10,000 test), 28 x 28
grey levels 0-255 and ten classes, in the same shapes as MNIST, so a digit
model runs on it unchanged. Where the files come from, in this order:

1. Keras' cache, ``~/.keras/datasets/fashion-mnist/`` (``$KERAS_HOME`` respected),
   downloading the four files there when the machine is online (what
   ``keras.datasets.fashion_mnist.load_data()`` does);
2. the files of Debian's ``dataset-fashion-mnist`` package,
   ``/usr/share/datasets/fashion-mnist/`` (``apt-get install dataset-fashion-mnist``;
   CI and Binder's ``apt.txt`` can install it).

There is no generated stand-in: without either, the loader raises
:class:`~course_utils.data.DataUnavailableError` and says how to get the files.

The files are gzip-compressed IDX files (a tiny header, then raw bytes), read
here with plain NumPy; nothing is unpickled. Each file is verified before use:
either the gzip file is byte for byte the one Zalando publishes (its MD5), or
its *content* has the sha256 of the real data (Debian re-compresses the files,
so their gzip bytes differ while what is inside is the same).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import urllib.request
import warnings
from pathlib import Path

import numpy as np

from . import _validate as v
from . import data as _data

__all__ = ["load_fashion_mnist", "FASHION_MNIST_CLASSES"]

#: The ten classes, in label order (label 0 is "T-shirt/top").
FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

_BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
_INSTALL = (
    "On Debian or Ubuntu: `sudo apt-get install dataset-fashion-mnist` (its files go to "
    f"{DEBIAN_DIR}); on Binder, add the line `dataset-fashion-mnist` to binder/apt.txt; "
    "or run this cell once while online, which downloads the files (30 MB) into Keras' cache."
)

_FILES = {  # role -> file name, as Keras and Zalando name them
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
# MD5 of the gzip files Zalando publishes (and torchvision checks).
_GZIP_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
# sha256 of the uncompressed IDX bytes (the same whoever compressed them).
_CONTENT_SHA256 = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}


def _keras_dir() -> Path:
    return _data.keras_cache_dir() / "fashion-mnist"


def _read_verified(path: Path, name: str | None = None) -> bytes | None:
    """The uncompressed bytes of ``path`` (the file ``name``) if it is a real Fashion-MNIST file, else None."""
    name = name or path.name
    raw = path.read_bytes()
    if hashlib.md5(raw, usedforsecurity=False).hexdigest() == _GZIP_MD5[name]:
        return gzip.decompress(raw)
    try:
        content = gzip.decompress(raw)
    except (OSError, EOFError):
        return None
    if hashlib.sha256(content).hexdigest() == _CONTENT_SHA256[name]:
        return content
    return None


def _parse_idx(content: bytes, name: str) -> np.ndarray:
    """An IDX file's array: 2 zero bytes, a type byte (0x08 = uint8), the number of dimensions, the sizes."""
    if len(content) < 4 or content[:2] != b"\x00\x00" or content[2] != 0x08:
        raise ValueError(f"{name} is not an IDX file of unsigned bytes (its header is {content[:4].hex()}).")
    ndim = content[3]
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(content, dtype=np.uint8, offset=header)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{name} says it holds {shape} values but has {data.size} bytes of data.")
    return data.reshape(shape)


def _load_folder(folder: Path) -> tuple[tuple, tuple] | None:
    """The four verified files of ``folder`` as arrays, or None (a warning says which file is bad)."""
    arrays = {}
    for role, name in _FILES.items():
        path = folder / name
        if not path.is_file():
            return None
        content = _read_verified(path)
        if content is None:
            warnings.warn(
                f"{path} is not the real Fashion-MNIST file (its checksum does not match), so it was NOT "
                f"used. Delete it (`rm {path}`) and download it again, or reinstall the package.",
                stacklevel=3,
            )
            return None
        arrays[role] = _parse_idx(content, name)
    x_train, y_train = arrays["train_images"], arrays["train_labels"]
    x_test, y_test = arrays["test_images"], arrays["test_labels"]
    if x_train.shape[1:] != (28, 28) or len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError(f"The Fashion-MNIST files in {folder} do not fit together: "
                         f"{x_train.shape}, {y_train.shape}, {x_test.shape}, {y_test.shape}.")
    return (x_train, y_train), (x_test, y_test)


def _download_all(folder: Path, *, timeout: float) -> str:
    """Download the missing files into ``folder``; '' when done, else why not."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in _FILES.values():
        dest = folder / name
        if dest.is_file():
            continue
        fd, tmp_name = tempfile.mkstemp(prefix=name, suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(_BASE_URL + name, timeout=timeout) as resp:
                while block := resp.read(1 << 20):
                    out.write(block)
            if _read_verified(Path(tmp_name), name) is None:
                return f"the download of {name} has the wrong checksum and was discarded"
            os.replace(tmp_name, dest)
        except OSError as exc:
            return f"the download of {name} failed ({exc})"
        finally:
            if os.path.exists(tmp_name):
                os.remove(tmp_name)
    return ""


def load_fashion_mnist(
    *, source: str = "auto", allow_download: bool = True, timeout: float = 20.0, quiet: bool = False
) -> _data.LoadedData:
    """Load Fashion-MNIST as ``(x_train, y_train), (x_test, y_test)``.

    Images are uint8 arrays of shape ``(n, 28, 28)`` with values 0-255 (60,000
    train, 10,000 test); labels are uint8 classes 0-9, named in
    ``result.extras["class_names"]`` (= :data:`FASHION_MNIST_CLASSES`).

    Parameters
    ----------
    source : {"auto", "keras", "debian"}
        ``"auto"``: Keras' cache (downloading into it when online), else
        Debian's ``dataset-fashion-mnist`` files. ``"keras"`` or ``"debian"``
        insist on one of them.
    allow_download : bool
        Whether a missing Keras cache may be downloaded.
    timeout : float
        Seconds any network step may wait.
    quiet : bool
        Suppress the one-line notice naming the source.

    Raises
    ------
    DataUnavailableError
        When neither source has the files; the message says how to install them.
    """
    source = v.choice(source, "source", ("auto", "keras", "debian"))
    v.as_bool(allow_download, "allow_download")
    timeout = v.as_number(timeout, "timeout (seconds)", low=0, low_open=True)
    v.as_bool(quiet, "quiet")
    reasons = []
    if source in ("auto", "keras"):
        folder = _keras_dir()
        loaded = _load_folder(folder)
        if loaded is None:
            why = "it is not in Keras' cache"
            if not allow_download:
                why += " and downloading is switched off"
            elif not _data.is_online(timeout=min(timeout, 3.0)):
                why += " and this machine is offline"
            else:
                if not quiet:
                    print(f"[fashion_mnist] downloading 4 files (30 MB) into {folder} ...")
                failed = _download_all(folder, timeout=timeout)
                loaded = None if failed else _load_folder(folder)
                why = failed or why
            if loaded is None:
                reasons.append(why)
        if loaded is not None:
            return _result(loaded, "keras", f"the real Fashion-MNIST (60,000 train / 10,000 test) from {folder}", quiet)
    if source in ("auto", "debian"):
        loaded = _load_folder(DEBIAN_DIR)
        if loaded is not None:
            return _result(
                loaded, "debian",
                f"the real Fashion-MNIST (60,000 train / 10,000 test) from Debian's package, {DEBIAN_DIR}", quiet,
            )
        reasons.append(f"Debian's dataset-fashion-mnist package is not installed (no files in {DEBIAN_DIR})")
    raise _data.DataUnavailableError(
        "Fashion-MNIST is not available on this machine: " + "; ".join(reasons) + ". " + _INSTALL
    )


def _result(loaded, source: str, description: str, quiet: bool) -> _data.LoadedData:
    (x_train, y_train), (x_test, y_test) = loaded
    sizes = f"{len(x_train):,} train / {len(x_test):,} test"
    description = description.replace("60,000 train / 10,000 test", sizes)
    data = _data.LoadedData(
        (x_train, y_train), (x_test, y_test), name="fashion_mnist", source=source, description=description,
        extras={"class_names": FASHION_MNIST_CLASSES},
    )
    return _data._record(data, quiet=quiet)
